"""F.interpolate (alias F.upsample): nearest, nearest-exact, linear, bilinear, trilinear and bicubic resizing.

Each spatial dim is resized on its own as a gather: index_select of the two (linear) or four (cubic) source
neighbours of every output position, summed with per-position weights. Those are differentiable Tensor ops, so
gradients and double backward come from index_select and mul. Source positions follow torch's formulas, computed
in the input's precision (nearest indices in float32, as torch does).
"""
import math
import warnings

from ...dtypes import uint8
from ...tensor import Tensor

__all__ = ["interpolate", "upsample"]

_LINEAR = {"linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4}
_NEAREST = ("nearest", "nearest-exact")
_CUBIC_A = -0.75  # torch's bicubic convolution coefficient


def _per_dim(value, dim, input, what):
    if isinstance(value, (list, tuple)):
        if len(value) != dim:
            if what == "size":
                raise ValueError("Input and output must have the same number of spatial dimensions, but got input "
                                 "with spatial dimensions of %s and output size of %s. Please provide input tensor "
                                 "in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format."
                                 % (list(input.shape[2:]), list(value)))
            raise ValueError("Input and scale_factor must have the same number of spatial dimensions, but got input "
                             "with spatial dimensions of %s and scale_factor of shape %s. Please provide input tensor "
                             "in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format."
                             % (list(input.shape[2:]), list(value)))
        return list(value)
    return [value] * dim


def _scale(xp, dtype, n_in, n_out, factor):
    """Source step per output step: 1/scale_factor when one was given, else in/out."""
    return xp.asarray(1.0 / factor if factor is not None and factor > 0 else n_in / n_out, dtype=dtype)


def _nearest_index(xp, n_in, n_out, factor, exact):
    dst = xp.arange(n_out, dtype=xp.float32)
    scale = _scale(xp, xp.float32, n_in, n_out, factor)
    if exact:  # floor((dst + 0.5) * scale)
        return xp.minimum(xp.floor((dst + 0.5) * scale).astype(xp.int64), n_in - 1)
    if n_out == n_in:
        return xp.arange(n_out)
    if n_out == 2 * n_in:
        return xp.arange(n_out) // 2
    return xp.minimum(xp.floor(dst * scale).astype(xp.int64), n_in - 1)  # floor(dst * scale)


def _source(xp, dtype, n_in, n_out, factor, align_corners, cubic):
    """Real-valued source coordinate of every output position."""
    dst = xp.arange(n_out, dtype=dtype)
    if align_corners:  # dst * (in - 1) / (out - 1)
        return dst * xp.asarray((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0, dtype=dtype)
    src = (dst + 0.5) * _scale(xp, dtype, n_in, n_out, factor) - 0.5  # pixel centres
    return src if cubic else xp.maximum(src, 0)


def _cubic_weights(xp, t):
    """Keys' cubic convolution weights of the four neighbours at offsets -1, 0, 1, 2 from floor(src)."""
    a = _CUBIC_A

    def near(d):  # |d| <= 1
        return ((a + 2) * d - (a + 3)) * d * d + 1

    def far(d):  # 1 < |d| < 2
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a
    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def _taps(xp, dtype, n_in, n_out, factor, mode, align_corners):
    """[(index vector, weight vector or None)] whose weighted sum of gathers resizes one dim."""
    if mode in _NEAREST:
        return [(_nearest_index(xp, n_in, n_out, factor, mode == "nearest-exact"), None)]
    src = _source(xp, dtype, n_in, n_out, factor, align_corners, mode == "bicubic")
    low = xp.floor(src)
    if mode == "bicubic":
        weights = _cubic_weights(xp, src - low)
        return [(xp.clip(low.astype(xp.int64) + k - 1, 0, n_in - 1), w) for k, w in enumerate(weights)]
    low = xp.minimum(low.astype(xp.int64), n_in - 1)
    t = xp.clip(src - low, 0, 1)
    return [(low, 1 - t), (xp.minimum(low + 1, n_in - 1), t)]


def _resize_dim(x, d, taps):
    """sum_k w_k * x.index_select(d, i_k), the weights broadcast along dim d."""
    shape = [1] * x.dim()
    shape[d] = -1
    out = None
    for index, weight in taps:
        term = x.index_select(d, Tensor._make(index))
        if weight is not None:
            term = term * Tensor._make(weight.astype(x._data.dtype).reshape(shape))
        out = term if out is None else out + term
    return out


def _check_rank(input, mode):
    nd = input.dim()
    if mode in _NEAREST and nd in (3, 4, 5):
        return
    if mode in _LINEAR and nd == _LINEAR[mode]:
        return
    if mode in _LINEAR and nd in (3, 4, 5):
        raise NotImplementedError("Got %dD input, but %s mode needs %dD input" % (nd, mode, _LINEAR[mode]))
    if mode == "area":
        raise NotImplementedError("interpolate: mode 'area' is not supported by minitorch")
    raise NotImplementedError("Input Error: Only 3D, 4D and 5D input Tensors supported (got %dD) for the modes: "
                              "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got %s)"
                              % (nd, mode))


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resize the spatial dims (all dims after N, C) to ``size`` or by ``scale_factor``."""
    if mode in _NEAREST + ("area",):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    dim = input.dim() - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    factors = [None] * max(dim, 0)
    if size is not None:
        sizes = [int(s) for s in _per_dim(size, dim, input, "size")]
    else:
        factors = [float(f) for f in _per_dim(scale_factor, dim, input, "scale_factor")]
        sizes = [math.floor(float(n) * f) for n, f in zip(input.shape[2:], factors)]  # floor(in * scale_factor)
        if recompute_scale_factor:
            factors = [None] * dim
    if antialias and not (mode in ("bilinear", "bicubic") and input.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear and bicubic modes and requires a 4-D tensor "
                         "as input")
    _check_rank(input, mode)
    if not (input.dtype.is_floating_point or (mode in _NEAREST and input.dtype == uint8)):
        raise NotImplementedError("interpolate: mode '%s' is not implemented for %s input" % (mode, input.dtype))
    if antialias:
        raise NotImplementedError("interpolate: antialias=True is not supported by minitorch")
    if any(s <= 0 for s in sizes) or any(n <= 0 for n in input.shape[2:]):
        raise RuntimeError("Input and output sizes should be greater than 0, but got input %s and output %s"
                           % (list(input.shape[2:]), sizes))
    xp, dtype = input.xp, input._data.dtype
    x = input
    for k, (n_out, factor) in enumerate(zip(sizes, factors)):
        d = k + 2
        x = _resize_dim(x, d, _taps(xp, dtype, x.shape[d], n_out, factor, mode, align_corners))
    return x


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of interpolate."""
    warnings.warn("nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)
