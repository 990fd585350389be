"""minitorch.utils: helpers around training -- ``utils.data`` (datasets, samplers, DataLoader) and
``utils.checkpoint`` (recompute activations in backward)."""
from . import checkpoint, data

__all__ = ["checkpoint", "data"]
