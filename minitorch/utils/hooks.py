"""utils.hooks: ``RemovableHandle``, what every ``register_*_hook`` returns (the one nn.Module uses)."""
from ..nn.module import RemovableHandle

__all__ = ["RemovableHandle"]
