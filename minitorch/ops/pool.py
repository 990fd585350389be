"""Pooling kernels over 4-d (N, C, H, W) arrays, written as loops over the window offsets (i, j) only.

A pooling geometry is (kernel (kh, kw), stride, leading padding, dilation, output size). Window (a, b) reads the
input at rows a*s0 + i*d0 - p0 and columns b*s1 + j*d1 - p1; for one offset (i, j) these positions form one strided
slice of the padded input, so every kernel below does kh*kw whole-array operations.

- MaxPool: the first maximum of each window in row-major order wins (a NaN takes the window, as in torch); its
  backward is Unpool, which sends each gradient to the winning position, and Unpool's backward gathers.
- WindowSum (the numerator of avg_pool) and WindowScatter are each other's adjoints.
"""
from ..autograd.function import Function
from ._util import split_batch, wrap


def _offsets(kernel):
    return [(i, j) for i in range(kernel[0]) for j in range(kernel[1])]


def _window(geo, i, j):
    """The slice of the padded input that offset (i, j) of every window reads."""
    _, stride, _, dilation, osize = geo
    return (Ellipsis,) + tuple(slice(k * d, k * d + (o - 1) * s + 1, s)
                               for k, d, o, s in zip((i, j), dilation, osize, stride))


def _padded_size(geo, size):
    """Height and width of the padded input: all windows fit, and so does the input after its leading padding."""
    kernel, stride, before, dilation, osize = geo
    return tuple(max((o - 1) * s + (k - 1) * d + 1, b + n)
                 for k, s, b, d, o, n in zip(kernel, stride, before, dilation, osize, size))


def _pad(xp, x, geo, fill):
    before = geo[2]
    hp, wp = _padded_size(geo, x.shape[2:])
    after = (hp - before[0] - x.shape[2], wp - before[1] - x.shape[3])
    if not any(before) and not any(after):
        return x
    return xp.pad(x, ((0, 0), (0, 0), (before[0], after[0]), (before[1], after[1])), constant_values=fill)


def _crop(geo, size):
    before = geo[2]
    return (Ellipsis, slice(before[0], before[0] + size[0]), slice(before[1], before[1] + size[1]))


def _lowest(xp, dtype):
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


def flat_indices(xp, arg, geo, width):
    """Window offset numbers -> flat positions row*W + col in the unpadded input plane (torch's indices)."""
    kernel, stride, before, dilation, osize = geo
    i, j = xp.divmod(arg.astype(xp.int64), kernel[1])
    rows = xp.arange(osize[0]).reshape(-1, 1) * stride[0] - before[0] + i * dilation[0]
    cols = xp.arange(osize[1]) * stride[1] - before[1] + j * dilation[1]
    return rows * width + cols


def _first_inside(xp, geo):
    """For every window, the number of its first offset that lies inside the input (not in the padding)."""
    kernel, stride, before, dilation, osize = geo
    firsts = []
    for o, s, b, d in zip(osize, stride, before, dilation):
        start = xp.arange(o) * s - b  # where each window begins, in input coordinates
        firsts.append(xp.maximum(0, -(start // d)) if b else xp.zeros(o, dtype=xp.int64))
    return firsts[0].reshape(-1, 1) * kernel[1] + firsts[1]


_MIN_SPLIT = 1 << 15  # elements per thread below which the ufunc passes are not worth splitting


def max_pool(x, geo, with_arg=True):
    """(values, arg): the maximum of every window (NaN if it holds one) and, if asked, the offset number
    i*kw + j of its first maximum in row-major order (of its last NaN, as torch). Batch chunks run on threads."""
    xp = _xp(x)
    shape = x.shape[:2] + tuple(geo[4])
    best = xp.empty(shape, dtype=x.dtype)
    n_offsets = geo[0][0] * geo[0][1]
    arg = xp.empty(shape, dtype=xp.uint8 if n_offsets < 256 else xp.int32) if with_arg else None
    split_batch(xp, lambda a, b: _max_pool_into(x[a:b], geo, best[a:b], None if arg is None else arg[a:b]),
                x.shape[0], x[:1].size, _MIN_SPLIT)
    return best, arg


def _max_pool_into(x, geo, best, arg):
    """max_pool of one batch chunk into best and arg (None: values only). Only branch-free whole-array ufuncs in
    the loops: masked writes (copyto/where) cost ten times more."""
    xp = _xp(x)
    xpad = _pad(xp, x, geo, _lowest(xp, x.dtype))
    views = [xpad[_window(geo, i, j)] for i, j in _offsets(geo[0])]
    xp.copyto(best, views[0])
    for v in views[1:]:
        xp.maximum(best, v, out=best)  # propagates NaN
    if arg is None:
        return
    # arg = how many leading offsets do not hold the maximum
    arg[...] = 0
    missing = xp.ones(best.shape, dtype=bool)
    differs = xp.empty(best.shape, dtype=bool)
    for v in views[:-1]:
        xp.logical_and(missing, xp.not_equal(v, best, out=differs), out=missing)
        xp.add(arg, missing, out=arg, casting="unsafe")
    if xpad is not x:  # an all -inf window: the padding must not win, its first inside element does
        xp.maximum(arg, _first_inside(xp, geo), out=arg, casting="unsafe")
    if x.dtype.kind == "f" and best.size and xp.isnan(best.max()):
        for k, v in enumerate(views):  # windows with NaN: the last NaN
            arg[...] = xp.where(xp.isnan(v), k, arg)


def unpool(g, arg, geo, size):
    """Each window's gradient added at its winning position (an input-shaped array); batch chunks on threads."""
    xp = _xp(g)
    padded = _padded_size(geo, size)
    buf = xp.empty(g.shape[:2] + padded, dtype=g.dtype)
    split_batch(xp, lambda a, b: _unpool_into(g[a:b], arg[a:b], geo, buf[a:b]), g.shape[0], buf[:1].size,
                _MIN_SPLIT)
    return buf if padded == tuple(size) else xp.ascontiguousarray(buf[_crop(geo, size)])


def _unpool_into(g, arg, geo, buf):
    xp = _xp(g)
    kernel, stride, _, dilation, osize = geo
    disjoint = all(s >= (k - 1) * d + 1 for k, s, d in zip(kernel, stride, dilation))
    # windows that tile buf exactly write every position: no zero fill needed
    if not all(s == (k - 1) * d + 1 and o * s == n
               for k, s, d, o, n in zip(kernel, stride, dilation, osize, buf.shape[2:])):
        buf[...] = 0
    hit = xp.empty(g.shape, dtype=bool)
    part = None if disjoint else xp.empty_like(g)
    for k, (i, j) in enumerate(_offsets(kernel)):
        view = buf[_window(geo, i, j)]
        xp.equal(arg, k, out=hit)
        if disjoint:  # the windows do not overlap: each input position is written once
            xp.multiply(g, hit, out=view)
        else:
            xp.add(view, xp.multiply(g, hit, out=part), out=view)


def window_sum(x, geo):
    xp = _xp(x)
    xpad = _pad(xp, x, geo, 0)
    total = None
    for i, j in _offsets(geo[0]):
        v = xpad[_window(geo, i, j)]
        total = v.copy() if total is None else xp.add(total, v, out=total)
    return total


def window_scatter(g, geo, size):
    """The adjoint of window_sum: every window's value added to each input position it covers."""
    xp = _xp(g)
    padded = _padded_size(geo, size)
    buf = xp.zeros(g.shape[:2] + padded, dtype=g.dtype)
    for i, j in _offsets(geo[0]):
        buf[_window(geo, i, j)] += g
    return buf if padded == tuple(size) else xp.ascontiguousarray(buf[_crop(geo, size)])


def _xp(a):
    from ..backend import get_array_module
    return get_array_module(a)


class MaxPool(Function):
    """values (and, if asked, torch's flat indices) of max pooling."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, geo, with_indices):
        values, arg = max_pool(x._data, geo, with_indices or ctx.needs_input_grad[0])
        ctx.geo, ctx.arg, ctx.size = geo, arg, x.shape[2:]
        if not with_indices:
            return wrap(values)
        return wrap(values), wrap(flat_indices(x.xp, arg, geo, x.shape[3]))

    @staticmethod
    def backward(ctx, g, _=None):
        return Unpool.apply(g, ctx.arg, ctx.geo, ctx.size), None, None


class Unpool(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, g, arg, geo, size):
        ctx.geo, ctx.arg = geo, arg
        return wrap(unpool(g._data, arg, geo, tuple(size)))

    @staticmethod
    def backward(ctx, gg):
        # the adjoint of scattering to the winners is reading the winners back
        n, c, h, w = gg.shape
        index = wrap(flat_indices(gg.xp, ctx.arg, ctx.geo, w).reshape(n, c, -1))
        return gg.reshape(n, c, h * w).gather(2, index).reshape(ctx.arg.shape), None, None, None


class WindowSum(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, geo):
        ctx.geo, ctx.size = geo, x.shape[2:]
        return wrap(window_sum(x._data, geo))

    @staticmethod
    def backward(ctx, g):
        return WindowScatter.apply(g, ctx.geo, ctx.size), None


class WindowScatter(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, g, geo, size):
        ctx.geo = geo
        return wrap(window_scatter(g._data, geo, tuple(size)))

    @staticmethod
    def backward(ctx, gg):
        return WindowSum.apply(gg, ctx.geo), None, None
