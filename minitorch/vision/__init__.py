"""minitorch.vision: torchvision's datasets (read from local files) and image transforms, for minitorch."""
from . import datasets, transforms

__all__ = ["datasets", "transforms"]
