"""Max, average and adaptive pooling in 1-d, 2-d and 3-d.

Fixed windows use the kernels of ops/pool.py, which take any number of spatial dims. Adaptive average pooling is
linear and separable: it multiplies by one averaging matrix per spatial dim. Adaptive max pooling picks its winners
with array code, one spatial dim at a time from the last (so ties and NaN follow torch's row-major scan), and reads
them with gather, whose gradient is the scatter back.
"""
import math

from ...ops import pool as _kernels
from ...ops.elementwise import div
from ...tensor import Tensor, _type_name

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices", "max_pool2d_with_indices",
           "max_pool3d_with_indices", "avg_pool1d", "avg_pool2d", "avg_pool3d", "adaptive_avg_pool1d",
           "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool1d", "adaptive_max_pool2d",
           "adaptive_max_pool3d", "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices",
           "adaptive_max_pool3d_with_indices"]

_DIMS = {1: "W", 2: "HW", 3: "THW"}  # the names torch's messages give the spatial dims


def _pair(value, nd, name):
    values = (value,) * nd if isinstance(value, int) else tuple(value)
    if len(values) == 1:
        values = values * nd
    if len(values) != nd:
        raise RuntimeError("%s must either be a single int, or a tuple of %d ints" % (name, nd))
    return tuple(int(v) for v in values)


def _batched(name, input, nd):
    """input as (N, C, *spatial) and whether it came without the batch dim."""
    if not isinstance(input, Tensor):
        raise TypeError("%s(): argument 'input' must be Tensor, not %s" % (name, type(input).__name__))
    if input.dtype.name == "bool":
        raise NotImplementedError("\"%s\" not implemented for 'Bool'" % name)
    shape = list(input.shape)
    if nd == 3 and input.dim() in (4, 5) and 0 in shape[-4:]:
        raise RuntimeError("%s(): Expected input's non-batch dimensions to have positive length, but input has a "
                           "shape of %s and non-batch dimension 0 has length zero!"
                           % ("avg_pool3d" if name == "avg_pool3d" else name + "_with_indices_out_cpu_template", shape))
    if input.dim() not in (nd + 1, nd + 2) or 0 in shape[-nd - 1:]:
        wanted = ("non-empty %dD or %dD (batch mode) tensor expected for input" if nd == 3 else
                  "Expected %dD or %dD (batch mode) tensor with optional 0 dim batch size for input") % (nd + 1, nd + 2)
        raise RuntimeError("%s: %s, but got:%s" % (name, wanted, shape))
    return (input if input.dim() == nd + 2 else input.unsqueeze(0)), input.dim() == nd + 1


def _restore(t, unbatched):
    return t.squeeze(0) if unbatched else t


def _out_size(size, k, s, p, d, ceil_mode):
    """torch's pooling output size: a last window that would start in the right padding is dropped."""
    span = d * (k - 1) + 1
    out = (size + 2 * p - span + ((s - 1) if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1
    return out


def _window_args(nd, kernel_size, stride, padding, dilation, name, own_checks):
    """(kernel, stride, pad, dilation), checked as torch checks them before it looks at the input.
    own_checks: max_pool1d without indices, which torch checks with messages of its own."""
    kernel = _pair(kernel_size, nd, "kernel_size")
    stride = kernel if stride is None or (not isinstance(stride, int) and len(stride) == 0) else \
        _pair(stride, nd, "stride")
    pad, dil = _pair(padding, nd, "padding"), _pair(dilation, nd, "dilation")
    if own_checks:  # (the effective kernel size is not checked then)
        for what, value, least in (("kernel_size", kernel[0], 1), ("stride", stride[0], 1), ("padding", pad[0], 0)):
            if value < least:
                raise RuntimeError("%s() %s must be %s, but got %d" % (
                    name, what, "non-negative" if least == 0 else "greater than zero", value))
    if any(s == 0 for s in stride):
        raise RuntimeError("stride should not be zero")
    if any(k <= 0 for k in kernel):  # the 1-d pools run the 2-d kernel, with a height of 1
        names, sizes = ("HW", (1,) + kernel) if nd == 1 else (_DIMS[nd], kernel)
        raise RuntimeError("kernel size should be greater than zero, but got %s" % " ".join(
            "k%s: %d" % (n, k) for n, k in zip(names, sizes)))
    if any(d <= 0 for d in dil):
        if nd == 1:
            raise RuntimeError("%s() dilation must be greater than zero, but got %d" % (name, dil[0]))
        raise RuntimeError("dilation should be greater than zero, but got %s" % " ".join(
            "dilation%s: %d" % (n, d) for n, d in zip(_DIMS[nd], dil)))
    if any(p < 0 for p in pad):
        raise RuntimeError("pad must be non-negative, but got pad: %d" % min(pad))
    for p, k, d in zip(pad, kernel, dil):
        if p > (d * (k - 1) + 1) // 2 and not own_checks:
            raise RuntimeError("pad should be at most half of effective kernel size, but got pad=%d, kernel_size=%d "
                               "and dilation=%d" % (p, k, d))
    if any(p > k // 2 for p, k in zip(pad, kernel)):  # torch checks the kernel itself too, whatever the dilation
        if nd == 1:
            raise RuntimeError("%s() padding should be at most half of kernel size, but got padding=%d and "
                               "kernel_size=%d" % (name, pad[0], kernel[0]))
        raise RuntimeError("pad should be smaller than or equal to half of kernel size, but got padding=%s and "
                           "kernel_size=%s" % (pad, kernel))
    return kernel, stride, pad, dil


def _geometry(x, nd, args, ceil_mode, name, own_checks=False):
    """args (of _window_args) and the output size, which must be positive."""
    kernel, stride, pad, dil = args
    sizes = tuple(x.shape[-nd:])
    osize = tuple(_out_size(n, k, s, p, d, ceil_mode) for n, k, s, p, d in zip(sizes, kernel, stride, pad, dil))
    if any(o <= 0 for o in osize):
        if own_checks:
            raise RuntimeError("%s() Invalid computed output size: %d" % (name, min(osize)))
        raise RuntimeError("Given input size: (%s). Calculated output size: (%s). Output size is too small"
                           % ("x".join(map(str, (x.shape[1],) + sizes)), "x".join(map(str, (x.shape[1],) + osize))))
    return kernel, stride, pad, dil, osize


def _max_pool(name, nd, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices):
    own = nd == 1 and not return_indices
    if own:  # torch's max_pool1d looks at the input first
        x, unbatched = _batched(name, input, nd)
    args = _window_args(nd, kernel_size, stride, padding, dilation, name, own)
    if not own:
        x, unbatched = _batched(name, input, nd)
    geo = _geometry(input, nd, args, ceil_mode, name, own)
    if not return_indices:
        return _restore(_kernels.MAX_POOL_BY_DIMS[nd].apply(x, geo, False), unbatched)
    values, indices = _kernels.MAX_POOL_BY_DIMS[nd].apply(x, geo, True)
    return _restore(values, unbatched), _restore(indices, unbatched)


def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool("max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool("max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    return _max_pool("max_pool3d", 3, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices)


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
                            return_indices=True):
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _divisor(xp, geo, size, count_include_pad):
    """How many elements each window averages: its part inside the padded input, or inside the input itself."""
    kernel, stride, pad, _, osize = geo
    counts = xp.ones((), dtype=xp.int64)
    for k, s, p, o, n in zip(kernel, stride, pad, osize, size):
        start = xp.arange(o) * s - p
        end = xp.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = xp.maximum(start, 0), xp.minimum(end, n)
        counts = counts[..., None] * (end - start)  # the outer product over the spatial dims
    return counts


def _avg_pool_dtype(nd, dtype):
    """torch's CPU average pools run on floating types and int64 (float16 not in 3-d)."""
    kernel = "avg_pool3d_out_frame" if nd == 3 else "avg_pool2d"  # avg_pool1d runs the 2-d kernel
    if dtype.name != "int64" and not dtype.is_floating_point or nd == 3 and dtype.name == "float16":
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(dtype)))


def _avg_pool(name, nd, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override):
    args = _window_args(nd, kernel_size, stride, padding, 1, name, False)
    x, unbatched = _batched(name, input, nd)
    _avg_pool_dtype(nd, x.dtype)
    geo = _geometry(input, nd, args, ceil_mode, name)
    if nd == 3 and any(n < k for n, k in zip(x.shape[2:], geo[0])):
        raise RuntimeError("input image (T: %d H: %d W: %d) smaller than kernel size (kT: %d kH: %d kW: %d)"
                           % (tuple(x.shape[2:]) + geo[0]))
    total = _kernels.WindowSum.apply(x, geo)
    if divisor_override is not None:
        if divisor_override == 0:
            raise RuntimeError("divisor must be not zero")
        divisor = divisor_override
    else:
        divisor = Tensor._make(_divisor(x.xp, geo, x.shape[2:], count_include_pad).astype(total._data.dtype))
    # an int64 average truncates toward zero, as torch's integer kernel divides
    y = total / divisor if x.dtype.is_floating_point else div(total, divisor, rounding_mode="trunc")
    return _restore(y, unbatched)


def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    return _avg_pool("avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode, count_include_pad, None)


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    return _avg_pool("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
               divisor_override=None):
    return _avg_pool("avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                     divisor_override)


def _adaptive_windows(xp, size, out):
    """torch's adaptive windows: output a covers [floor(a*size/out), ceil((a+1)*size/out))."""
    a = xp.arange(out)
    return (a * size) // out, -((-(a + 1) * size) // out)


def _adaptive_sizes(name, input, nd, output_size, channels_may_be_empty=False):
    sequence = not isinstance(output_size, int) and output_size is not None
    if nd > 1 and sequence and input.dim() <= len(output_size):  # torch's Python wrapper checks this first
        raise ValueError("Input dimension should be at least %d" % (len(output_size) + 1))
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("%s(): Expected %dD or %dD tensor, but got %s" % (name, nd + 1, nd + 2,
                                                                             list(input.shape)))
    first = input.dim() - nd if channels_may_be_empty else (1 if input.dim() == nd + 2 else 0)
    for dim in range(first, input.dim()):
        if input.shape[dim] == 0:
            raise RuntimeError("%s(): Expected input to have non-zero size for non-batch dimensions, but input has "
                               "sizes %s with dimension %d being empty" % (name, list(input.shape), dim))
    sizes = tuple(output_size) if sequence else (output_size,) * nd
    maximum = "max" in name
    if len(sizes) != nd:
        if nd == 1:
            raise RuntimeError("%s() argument 'output_size' should contain one int (got %d)" % (name, len(sizes)))
        raise RuntimeError(("%s(): internal error: output_size.size() must be %d" if maximum else
                            "%s: output_size must be %d") % (name, nd))
    sizes = tuple(n if o is None else int(o) for o, n in zip(sizes, input.shape[-nd:]))
    if any(o < 0 for o in sizes):
        as_2d = (1,) * (nd == 1)  # the 1-d pools run the 2-d ones, with a height of 1
        if maximum:
            raise RuntimeError("Trying to create tensor with negative dimension %d: %s"
                               % (min(sizes), list(input.shape[:-nd]) + list(as_2d + sizes)))
        raise RuntimeError("%s: elements of output_size must be greater than or equal to 0 but received {%s}"
                           % ("adaptive_avg_pool2d" if nd == 1 else name, ", ".join(map(str, as_2d + sizes))))
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (name, _type_name(input.dtype)))
    return sizes


def _averaging_matrix(x, size, out):
    """A (out, size) matrix whose row a averages window a."""
    xp = x.xp
    start, end = _adaptive_windows(xp, size, out)
    pos = xp.arange(size)
    inside = (pos >= start[:, None]) & (pos < end[:, None])
    return Tensor._make((inside / (end - start)[:, None]).astype(x._data.dtype))


def _adaptive_avg(name, nd, input, output_size):
    """One averaging matrix per spatial dim: along the last by x @ A^T, along an earlier one d by A @ x with x
    seen as (..., size_d, everything after d)."""
    sizes = _adaptive_sizes(name, input, nd, output_size, channels_may_be_empty=nd < 3)  # as torch's checks
    x = input
    for axis in range(x.dim() - nd, x.dim() - 1):
        lead, rest = tuple(x.shape[:axis]), tuple(x.shape[axis + 1:])
        x = (_averaging_matrix(x, x.shape[axis], sizes[axis - x.dim()]) @ x.reshape(lead + (x.shape[axis],
                                                                                          math.prod(rest)))
             ).reshape(lead + (sizes[axis - x.dim()],) + rest)
    return x @ _averaging_matrix(x, x.shape[-1], sizes[-1]).mT


def adaptive_avg_pool1d(input, output_size):
    return _adaptive_avg("adaptive_avg_pool1d", 1, input, output_size)


def adaptive_avg_pool2d(input, output_size):
    return _adaptive_avg("adaptive_avg_pool2d", 2, input, output_size)


def adaptive_avg_pool3d(input, output_size):
    return _adaptive_avg("adaptive_avg_pool3d", 3, input, output_size)


def _adaptive_argmax(xp, x, out, axis_size):
    """Winners of adaptive windows along the last axis of x: (values, their positions along that axis).
    A loop over the offsets inside a window; positions past a window's end are masked out."""
    start, end = _adaptive_windows(xp, axis_size, out)
    best = xp.take(x, start, axis=-1)
    arg = xp.broadcast_to(start, best.shape).copy()
    for t in range(1, int((end - start).max()) if out else 1):
        pos = xp.minimum(start + t, axis_size - 1)
        v = xp.take(x, pos, axis=-1)
        take = ((v > best) | (v != v)) & (start + t < end)  # torch's rule: a larger value or a NaN wins
        best = xp.where(take, v, best)
        arg = xp.where(take, start + t, arg)
    return best, arg


def _adaptive_max(name, nd, input, output_size, return_indices):
    """Winners along the last spatial dim, then along each earlier one over the winners so far, carrying their
    flat position in the dims already done: the first maximum (last NaN) in row-major order, as torch."""
    sizes = _adaptive_sizes(name, input, nd, output_size)
    xp, best = input.xp, input._data
    spatial = tuple(input.shape[-nd:])
    flat, inner = 0, 1
    for axis in range(-1, -nd - 1, -1):
        best, pos = (xp.moveaxis(a, -1, axis) for a in
                     _adaptive_argmax(xp, xp.moveaxis(best, axis, -1), sizes[axis], spatial[axis]))
        flat = pos * inner + (xp.take_along_axis(flat, pos, axis=axis) if axis < -1 else 0)
        inner *= spatial[axis]
    indices = Tensor._make(flat.astype(xp.int64))
    flat_input = input.reshape(tuple(input.shape[:-nd]) + (math.prod(spatial),))  # sizes, not -1: N may be 0
    values = flat_input.gather(-1, indices.reshape(tuple(indices.shape[:-nd]) + (math.prod(sizes),))
                               ).reshape(indices.shape)
    return (values, indices) if return_indices else values


def adaptive_max_pool1d(input, output_size, return_indices=False):
    return _adaptive_max("adaptive_max_pool1d", 1, input, output_size, return_indices)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    return _adaptive_max("adaptive_max_pool2d", 2, input, output_size, return_indices)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    return _adaptive_max("adaptive_max_pool3d", 3, input, output_size, return_indices)


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=True):
    return adaptive_max_pool3d(input, output_size, True)
