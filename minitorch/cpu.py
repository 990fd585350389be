"""minitorch.cpu: torch.cpu's few helpers, and the older spelling ``torch.cpu.amp.autocast``."""
import warnings
from types import SimpleNamespace

from . import amp as _amp


class _CpuAutocast(_amp.autocast):
    """``torch.cpu.amp.autocast(enabled=True, dtype=...)``: ``torch.amp.autocast("cpu", ...)``."""

    def __init__(self, enabled=True, dtype=None, cache_enabled=True):
        warnings.warn("`torch.cpu.amp.autocast(args...)` is deprecated. Please use `torch.amp.autocast('cpu', "
                      "args...)` instead.", FutureWarning, stacklevel=2)
        super().__init__("cpu", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


amp = SimpleNamespace(autocast=_CpuAutocast, GradScaler=_amp.GradScaler)


def is_available():
    return True


def device_count():
    return 1


def synchronize(device=None):
    pass
