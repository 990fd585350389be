"""F.interpolate (alias F.upsample): nearest, nearest-exact, linear, bilinear, trilinear, bicubic and area resizing,
and antialiased bilinear / bicubic / lanczos.

Each spatial dim is resized on its own as a gather: index_select of the two (linear) or four (cubic) source
neighbours of every output position, summed with per-position weights. Those are differentiable Tensor ops, so
gradients and double backward come from index_select and mul. Source positions follow torch's formulas, computed
in the input's precision (nearest indices in float32, as torch does).

Antialiasing is a separable filter too: each resized dim (last first, as torch) is multiplied by an (out, in)
matrix whose row i holds the triangle, Keys cubic (a = -0.5) or Lanczos-3 filter centred on scale * (i + 0.5), its
support widened by the downsampling factor, normalised to sum 1; matmul gives the gradients. Area is adaptive
average pooling, as in torch.
"""
import math
import warnings

from ...dtypes import float32, float64, uint8
from ...tensor import Tensor
from . import pooling as _pooling

__all__ = ["interpolate", "upsample", "upsample_nearest", "upsample_bilinear"]

_LINEAR = {"linear": 3, "bilinear": 4, "trilinear": 5, "bicubic": 4}
_NEAREST = ("nearest", "nearest-exact")
_CUBIC_A = -0.75  # torch's bicubic convolution coefficient
_AREA = {3: "adaptive_avg_pool1d", 4: "adaptive_avg_pool2d", 5: "adaptive_avg_pool3d"}


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


def _scale(xp, dtype, n_in, n_out, factor, align_corners=False):
    """Source step per output step: (in-1)/(out-1) aligning corners, else 1/scale_factor when one was given,
    else in/out."""
    if align_corners:
        return xp.asarray((n_in - 1) / (n_out - 1) if n_out > 1 else 0.0, dtype=dtype)
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
        return dst * _scale(xp, dtype, n_in, n_out, factor, True)
    src = (dst + 0.5) * _scale(xp, dtype, n_in, n_out, factor) - 0.5  # pixel centres
    return src if cubic else xp.maximum(src, 0)


def _keys_near(d, a):
    """Keys' cubic convolution kernel for |d| <= 1."""
    return ((a + 2) * d - (a + 3)) * d * d + 1


def _keys_far(d, a):
    """Keys' cubic convolution kernel for 1 < |d| < 2."""
    return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a


def _cubic_weights(xp, t):
    """Keys' cubic convolution weights of the four neighbours at offsets -1, 0, 1, 2 from floor(src)."""
    a = _CUBIC_A
    return [_keys_far(t + 1, a), _keys_near(t, a), _keys_near(1 - t, a), _keys_far(2 - t, a)]


def _triangle(xp, d):
    """The antialiased bilinear filter: 1 - |d| inside |d| < 1."""
    return xp.maximum(1 - xp.abs(d), 0)


def _aa_cubic(xp, d):
    """The antialiased bicubic filter: Keys' kernel with a = -0.5, zero from |d| = 2 on."""
    d = xp.abs(d)
    return xp.where(d < 1, _keys_near(d, -0.5), xp.where(d < 2, _keys_far(d, -0.5), 0))


def _lanczos(xp, d):
    """The Lanczos-3 filter: sinc(d) * sinc(d / 3) inside |d| < 3, i.e. 3 sin(pi d) sin(pi d / 3) / (pi d)^2."""
    d = xp.abs(d)
    pd = xp.pi * xp.where(d == 0, 1, d)
    return xp.where(d == 0, 1, xp.where(d < 3, 3 * xp.sin(pd) * xp.sin(pd / 3) / (pd * pd), 0))


_AA_FILTERS = {"bilinear": (2, _triangle), "bicubic": (4, _aa_cubic), "lanczos": (6, _lanczos)}  # (taps, filter)


def _aa_matrix(xp, dtype, n_in, n_out, factor, mode, align_corners):
    """(out, in) antialiasing weights of one dim. Row i: the filter at (j + 0.5 - centre) / max(scale, 1) over the
    inputs j within the support around centre = scale * (i + 0.5), the support widened by scale when it is > 1
    (downsampling), divided by the row's sum. Bounds are torch's: truncated in double from the input's precision."""
    taps, kernel = _AA_FILTERS[mode]
    scale = _scale(xp, dtype, n_in, n_out, factor, align_corners)
    down = bool(scale >= 1)
    support = xp.asarray(taps * 0.5 * scale if down else taps * 0.5, dtype=dtype)
    width = int(math.ceil(support)) * 2 + 1  # torch's cap on a row's taps
    centre = (xp.arange(n_out, dtype=dtype) + xp.asarray(0.5, dtype=dtype)) * scale
    lo = xp.maximum(xp.floor((centre - support).astype(xp.float64) + 0.5), 0)
    hi = xp.minimum(xp.floor((centre + support).astype(xp.float64) + 0.5), n_in)
    hi = xp.minimum(hi, lo + width)
    pos = xp.arange(n_in, dtype=dtype)
    inverse = xp.asarray(1.0 / float(scale) if down else 1.0, dtype=dtype).astype(xp.float64)
    offset = ((pos - centre[:, None]).astype(xp.float64) + 0.5) * inverse
    inside = (pos >= lo[:, None]) & (pos < hi[:, None])
    w = xp.where(inside, kernel(xp, offset.astype(dtype)), 0).astype(dtype)
    total = w.sum(axis=1, keepdims=True)
    return xp.where(total != 0, w / xp.where(total != 0, total, 1), w)


def _matmul_dim(x, d, matrix):
    """x with dim d replaced by matrix @ (that dim): out[..., i, ...] = sum_j matrix[i, j] * x[..., j, ...]."""
    m = Tensor._make(matrix)
    return (x.movedim(d, -1) @ m.mT).movedim(-1, d)


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
    if mode == "area" and nd in (3, 4, 5) or mode == "lanczos" and nd == 4:
        return
    raise NotImplementedError("Input Error: Only 3D, 4D and 5D input Tensors supported (got %dD) for the modes: "
                              "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact "
                              "(got %s)" % (nd, mode))


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
    if antialias and not (mode in _AA_FILTERS and input.dim() == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D "
                         "tensor as input")
    _check_rank(input, mode)
    if mode == "lanczos" and align_corners:
        raise ValueError("Lanczos mode does not support align_corners=True")
    if mode == "lanczos" and not antialias:
        raise ValueError("Lanczos mode requires antialias=True")
    if not (input.dtype.is_floating_point or (mode in _NEAREST and input.dtype == uint8)):
        raise NotImplementedError("interpolate: mode '%s' is not implemented for %s input" % (mode, input.dtype))
    if antialias and input.dtype not in (float32, float64):
        raise NotImplementedError("\"compute_index_ranges_weights\" not implemented for %s input: antialias needs "
                                  "float32 or float64" % (input.dtype,))
    if mode == "area":  # torch's area is adaptive average pooling to the size (a scale_factor only sets the size)
        return getattr(_pooling, _AREA[input.dim()])(input, sizes)
    if any(s <= 0 for s in sizes) or any(n <= 0 for n in input.shape[2:]):
        raise RuntimeError("Input and output sizes should be greater than 0, but got input %s and output %s"
                           % (list(input.shape[2:]), sizes))
    xp, dtype = input.xp, input._data.dtype
    x = input
    if antialias:  # the last dim first, as torch; a dim that keeps its size is left as it is, as torch's forward
        for d in reversed(range(2, input.dim())):
            n_out, factor = sizes[d - 2], factors[d - 2]
            if n_out != x.shape[d]:
                x = _matmul_dim(x, d, _aa_matrix(xp, dtype, x.shape[d], n_out, factor, mode, align_corners))
        return x
    for k, (n_out, factor) in enumerate(zip(sizes, factors)):
        d = k + 2
        x = _resize_dim(x, d, _taps(xp, dtype, x.shape[d], n_out, factor, mode, align_corners))
    return x


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of interpolate."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='nearest')."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='bilinear', align_corners=True)."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
                  stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)
