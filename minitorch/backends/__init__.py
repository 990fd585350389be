"""minitorch.backends: torch's backend switches, answered for a CPU-only NumPy library.

``cudnn``, ``mps`` and ``mkldnn`` report themselves unavailable; their flags (``cudnn.deterministic``,
``cudnn.benchmark``, ``cuda.matmul.allow_tf32``, ...) are plain settable attributes that change nothing, since
minitorch's kernels are already deterministic and never use TF32. The deterministic-algorithms switch is recorded
and read back as torch does."""
from . import cuda, cudnn, mkldnn, mps  # noqa: F401

_deterministic = {"mode": False, "warn_only": False}


def _require_bool(name, value):
    if type(value) is not bool:
        raise TypeError("_set_deterministic_algorithms(): argument '%s' must be bool, not %s"
                        % (name, type(value).__name__))


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Record the switch; every minitorch kernel is deterministic either way."""
    _require_bool("mode", mode)
    _require_bool("warn_only", warn_only)
    _deterministic.update(mode=mode, warn_only=warn_only)


def are_deterministic_algorithms_enabled():
    return _deterministic["mode"]


def is_deterministic_algorithms_warn_only_enabled():
    return _deterministic["warn_only"]
