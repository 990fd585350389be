"""Fractional max pooling in 2-d and 3-d (Graham, 2014): max pooling over pseudo-random windows.

Along a spatial dim of size n pooled to o windows of size k, window i of a plane starts at
int((i + u) * a) - int(u * a) with a = (n - k) / (o - 1), computed in the input's dtype as torch does, and the last
window starts at n - k; u is the plane's random sample for that dim (``_random_samples``, (N, C, nd) in [0, 1)).
A window's winner is its first maximum in row-major order, or its last NaN, as torch; it is read with gather, whose
gradient is the scatter back.
"""
import math

from ... import random as _random
from ...ops.arguments import ints_error
from ...tensor import Tensor, _type_name

__all__ = ["fractional_max_pool2d", "fractional_max_pool2d_with_indices", "fractional_max_pool3d",
           "fractional_max_pool3d_with_indices"]

_DIM_NAMES = {2: ("height", "width"), 3: ("time", "height", "width")}
_SAMPLE_COLUMN = {2: (1, 0), 3: (0, 1, 2)}  # the sample placing each spatial dim's windows: torch's (W, H), (T, H, W)
_PREFIX = {2: "fractional_max_pool2d()", 3: "fractional_max_pool3d_out()"}  # torch's messages name these
_TUPLE = {2: "tuple of Ints", 3: "tuple of three Ints"}


def _sizes(name, nd, param, position, value):
    """An int (repeated over the nd dims) or a tuple of nd ints, with torch's errors."""
    wrong_type = ints_error(name, param, position, value, star=False)
    if wrong_type is not None:
        raise wrong_type
    sizes = (value,) * nd if not isinstance(value, (list, tuple)) else tuple(value)
    if len(sizes) != nd:
        raise RuntimeError("%s: %s must either be a single Int or %s" % (name, param, _TUPLE[nd]))
    return tuple(int(s) for s in sizes)


def _check_input(nd, input, kernel, out):
    prefix = _PREFIX[nd]
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("%s: Expected %dD or %dD tensor, but got: %s" % (prefix, nd + 1, nd + 2, list(input.shape)))
    for dim in range(1, input.dim()):
        if input.shape[dim] == 0:
            raise RuntimeError("%s: Expected input to have non-zero size for non-batch dimensions, but got%s with "
                               "dimension %d being empty." % (prefix, list(input.shape), dim))
    spare = 0 if nd == 2 else 1  # torch's 3-d check is strict: o + k - 1 < size
    for dim_name, size, k, o in zip(_DIM_NAMES[nd], input.shape[-nd:], kernel, out):
        if o + k - 1 > size - spare:
            raise RuntimeError("%s: pool %s %d too large relative to input %s %d" % (prefix, dim_name, k, dim_name,
                                                                                    size))
    if any(o < 0 for o in out):
        shape = list(input.shape[:-nd]) + list(out)
        raise RuntimeError("Trying to create tensor with negative dimension %d: %s" % (min(out), shape))


def _check_samples(nd, input, samples):
    if samples.dtype != input.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    if samples.dim() != 3:
        raise RuntimeError("Expect _random_samples to have 3 dimensions, got %d" % samples.dim())
    batch = input.shape[0] if input.dim() == nd + 2 else 1
    if samples.shape[0] < batch:
        raise RuntimeError("Expect _random_samples.size(0) no less then input batch size.")
    if samples.shape[1] != input.shape[-nd - 1]:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    if samples.shape[2] != nd:
        raise RuntimeError("Expect _random_samples.size(2) equals to %d; got %d." % (nd, samples.shape[2]))
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"fractional_max_pool%dd_out_frame\" not implemented for '%s'"
                                  % (nd, _type_name(input.dtype)))
    if samples.requires_grad:
        raise RuntimeError("The function 'fractional_max_pool%dd' is not differentiable with respect to argument "
                           "'random_samples'. This input cannot have requires_grad True." % nd)


def _window_starts(xp, u, size, out, k):
    """(..., out) starts of the windows along one dim for the samples u (...): torch's generate_intervals, with its
    arithmetic in u's dtype and its truncation to int."""
    starts = xp.full(u.shape + (out,), size - k, dtype=xp.int64)
    if out > 1:
        real = u.dtype.type
        alpha = real(size - k) / real(out - 1)
        i = xp.arange(out - 1).astype(u.dtype)
        starts[..., :-1] = (((i + u[..., None]) * alpha).astype(xp.int64)
                            - (u * alpha).astype(xp.int64)[..., None])
    return starts


def _window_positions(xp, u, spatial, out, kernel, nd):
    """(N, C, prod(out), prod(kernel)) flat positions in the spatial grid of every window's elements, row-major."""
    flat, stride = 0, 1
    for d in range(nd - 1, -1, -1):
        starts = _window_starts(xp, u[..., _SAMPLE_COLUMN[nd][d]], spatial[d], out[d], kernel[d])
        offsets = xp.arange(max(kernel[d], 1))
        starts = starts.reshape(starts.shape[:2] + (1,) * d + (out[d],) + (1,) * (nd - d - 1) + (1,) * nd)
        flat = flat + (starts + offsets.reshape((offsets.size,) + (1,) * (nd - d - 1))) * stride
        stride *= spatial[d]
    return flat.reshape(u.shape[:2] + (math.prod(out), math.prod(max(k, 1) for k in kernel)))


def _first_max_or_last_nan(xp, windows):
    """Position along the last axis of each window's first maximum, or of its last NaN if it has one."""
    nan = windows != windows
    first_max = xp.argmax(xp.where(nan, -xp.inf, windows), axis=-1)
    last_nan = windows.shape[-1] - 1 - xp.argmax(nan[..., ::-1], axis=-1)
    return xp.where(nan.any(axis=-1), last_nan, first_max)


def _winners(xp, planes, positions):
    """(N, C, P) flat positions of the winners of the windows whose elements are at positions (N, C, P, K)."""
    n, c = positions.shape[:2]
    windows = xp.take_along_axis(planes, positions.reshape((n, c, math.prod(positions.shape[2:]))), axis=-1)
    best = _first_max_or_last_nan(xp, windows.reshape(positions.shape))
    return xp.take_along_axis(positions, best[..., None], axis=-1)[..., 0]


def _pool(nd, input, kernel_size, output_size, samples):
    """torch._C._nn.fractional_max_pool{nd}d: (values, int64 indices into each plane's flattened spatial grid)."""
    name = "fractional_max_pool%dd" % nd
    kernel = _sizes(name, nd, "kernel_size", 2, kernel_size)
    out = _sizes(name, nd, "output_size", 3, output_size)
    _check_input(nd, input, kernel, out)
    _check_samples(nd, input, samples)
    x = input if input.dim() == nd + 2 else input.unsqueeze(0)
    xp, spatial = x.xp, tuple(x.shape[2:])
    n, c = x.shape[0], x.shape[1]
    planes = x.reshape((n, c, math.prod(spatial)))  # sizes, not -1: n may be 0
    positions = _window_positions(xp, samples._data[:n], spatial, out, kernel, nd)
    if min(kernel) <= 0:  # empty windows, as torch: -inf at each window's start
        indices = Tensor._make(positions[..., 0])
        values = Tensor._make(xp.full(positions.shape[:-1], -xp.inf, dtype=planes._data.dtype))
    else:
        indices = Tensor._make(_winners(xp, planes._data, positions))
        values = planes.gather(-1, indices)
    shape = tuple(input.shape[:-nd]) + out
    return values.reshape(shape), indices.reshape(shape)


def _output_size(nd, input, output_size, output_ratio):
    """torch's Python front: the output size from output_ratio when output_size is not given."""
    name = "fractional_max_pool%dd" % nd
    if output_size is None and output_ratio is None:
        raise ValueError("%s requires specifying either an output_size or an output_ratio" % name)
    if output_size is not None:
        return output_size
    if nd == 2 and len(output_ratio) > 2:
        raise ValueError("fractional_max_pool2d requires output_ratio to either be a single Int or tuple of Ints.")
    ratio = tuple(output_ratio) if isinstance(output_ratio, (list, tuple)) else (output_ratio,) * nd
    return [int(input.size(d - nd) * ratio[d]) for d in range(nd)]


def _fractional_max_pool(nd, input, kernel_size, output_size, output_ratio, return_indices, _random_samples):
    output_size = _output_size(nd, input, output_size, output_ratio)
    if _random_samples is None:
        batch = 1 if input.dim() == nd + 1 else input.size(0)
        _random_samples = _random.rand(batch, input.size(-nd - 1), nd, dtype=input.dtype, device=input.device)
    values, indices = _pool(nd, input, kernel_size, output_size, _random_samples)
    return (values, indices) if return_indices else values


def fractional_max_pool2d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                                       _random_samples=None):
    return _fractional_max_pool(2, input, kernel_size, output_size, output_ratio, True, _random_samples)


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    return _fractional_max_pool(2, input, kernel_size, output_size, output_ratio, return_indices, _random_samples)


def fractional_max_pool3d_with_indices(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                                       _random_samples=None):
    return _fractional_max_pool(3, input, kernel_size, output_size, output_ratio, True, _random_samples)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None, return_indices=False,
                          _random_samples=None):
    return _fractional_max_pool(3, input, kernel_size, output_size, output_ratio, return_indices, _random_samples)
