"""minitorch.cpu: torch.cpu's few helpers, and the older spellings ``torch.cpu.amp.autocast`` / ``GradScaler``."""

from . import amp as _amp


amp = _amp.legacy_namespace("cpu", None)  # (torch's default is bfloat16, which minitorch lacks)


def is_available():
    return True


def device_count():
    return 1


def synchronize(device=None):
    pass
