"""minitorch.utils: helpers around training -- ``utils.data`` (datasets, samplers, DataLoader) and
``utils.checkpoint`` (recompute activations in backward)."""
from . import checkpoint, data
from . import hooks  # noqa: E402 - utils.hooks.RemovableHandle

__all__ = ["checkpoint", "data", "hooks"]
