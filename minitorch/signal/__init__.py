"""torch.signal: signal-processing helpers; ``windows`` holds SciPy's window functions."""
from . import windows

__all__ = ["windows"]
