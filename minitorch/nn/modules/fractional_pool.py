"""FractionalMaxPool2d / FractionalMaxPool3d: the layers of F.fractional_max_pool2d/3d. ``_random_samples``, when
given, is a buffer (fixed windows); otherwise every call draws new samples."""
from .. import functional as F
from ..module import Module

__all__ = ["FractionalMaxPool2d", "FractionalMaxPool3d"]


def _repeated(value, nd):
    """torch's _pair/_triple: a sequence as a tuple, anything else repeated nd times."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,) * nd


class _FractionalMaxPoolNd(Module):
    _nd = 2
    __constants__ = ["kernel_size", "return_indices", "output_size", "output_ratio"]

    def __init__(self, kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None):
        super().__init__()
        name, nd = type(self).__name__, self._nd
        self._check_kernel_size(kernel_size)
        self.kernel_size = _repeated(kernel_size, nd)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = _repeated(output_size, nd) if output_size is not None else None
        self.output_ratio = _repeated(output_ratio, nd) if output_ratio is not None else None
        if output_size is None and output_ratio is None:
            raise ValueError("%s requires specifying either an output size, or a pooling ratio" % name)
        if output_size is not None and output_ratio is not None:
            raise ValueError("only one of output_size and output_ratio may be specified")
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio[:nd]):
            raise ValueError("output_ratio must be between 0 and 1 (got %s)" % (output_ratio,))

    def _check_kernel_size(self, kernel_size):
        """torch checks the kernel only in the 3-d layer."""

    def forward(self, input):
        pool = F.fractional_max_pool2d if self._nd == 2 else F.fractional_max_pool3d
        return pool(input, self.kernel_size, self.output_size, self.output_ratio, self.return_indices,
                    _random_samples=self._random_samples)


class FractionalMaxPool2d(_FractionalMaxPoolNd):
    _nd = 2


class FractionalMaxPool3d(_FractionalMaxPoolNd):
    _nd = 3

    def _check_kernel_size(self, kernel_size):
        sizes = kernel_size if isinstance(kernel_size, (list, tuple)) else (kernel_size,)
        if not all(k > 0 for k in sizes):
            raise ValueError("kernel_size must be greater than 0, but got %s" % (kernel_size,))
