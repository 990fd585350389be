"""lp_pool1d / lp_pool2d / lp_pool3d: power-average pooling, (sum over the window of x^p)^(1/p), built on avg_pool (so
autograd, double backward included, comes from the ops it is made of)."""
from .pooling import avg_pool1d, avg_pool2d, avg_pool3d

__all__ = ["lp_pool1d", "lp_pool2d", "lp_pool3d"]


def _root(mean, window, norm_type):
    """(window * mean)^(1/p), with negative sums (odd p) clipped to 0 as torch does: sign(s) * relu(|s|)."""
    clipped = mean.sign() * mean.abs().relu()
    return (clipped * window).pow(1.0 / norm_type)


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    k = kernel_size if isinstance(kernel_size, int) else kernel_size[0]
    mean = avg_pool1d(input.pow(norm_type), kernel_size, stride if stride is not None else kernel_size, 0, ceil_mode)
    return _root(mean, k, norm_type)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    kh, kw = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
    mean = avg_pool2d(input.pow(norm_type), kernel_size, stride if stride is not None else kernel_size, 0, ceil_mode)
    return _root(mean, kh * kw, norm_type)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    kd, kh, kw = (kernel_size,) * 3 if isinstance(kernel_size, int) else kernel_size  # (a ValueError otherwise)
    mean = avg_pool3d(input.pow(norm_type), kernel_size, stride if stride is not None else kernel_size, 0, ceil_mode)
    return _root(mean, kd * kh * kw, norm_type)
