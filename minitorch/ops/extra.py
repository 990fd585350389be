"""The rest of torch's tensor surface, built from differentiable ops so every gradient (and its derivative) comes
for free: running max/min and logcumsumexp; diagonals and triangles; meshgrid, rot90, Tensor.unfold; index_add /
index_copy / index_fill, masked_scatter, scatter_reduce; the legacy typed constructors (FloatTensor, ...).
"""
from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import no_grad
from ..tensor import Tensor, _type_name, _wrap_dim
from ._util import wrap
from .arguments import warn_once
from .elementwise import broadcast_shapes
from .index import _as_1d, _has_0d, gather, index_put, masked_fill, scatter, scatter_add
from .reduce import _named
from .shape import _mark_view


# --- running extrema and logcumsumexp ---------------------------------------------------------------------------
def _cumulative_extreme(name, ufunc_name):
    def op(input, dim):
        xp = input.xp
        d = _wrap_dim(dim, input.dim())
        if input.dim() == 0:
            return _named(name)(input.clone(), wrap(xp.zeros((), dtype="int64")))
        a = input._data
        running = getattr(xp, ufunc_name).accumulate(a, axis=d)
        shape = [1] * a.ndim
        shape[d] = a.shape[d]
        pos = xp.arange(a.shape[d]).reshape(shape)
        # index of the latest element equal to the running extreme (torch's tie rule: the last one wins)
        hit = (a == running) | (xp.isnan(a) if a.dtype.kind == "f" else False)
        idx = wrap(xp.maximum.accumulate(xp.where(hit, pos, 0), axis=d).astype("int64"))
        return _named(name)(gather(input, d, idx), idx)
    op.__name__ = name
    return op


cummax = _cumulative_extreme("cummax", "maximum")
cummin = _cumulative_extreme("cummin", "minimum")


class LogCumSumExp(Function):
    """out_i = log(sum_{j<=i} exp(x_j)), accumulated with logaddexp so no exp can overflow."""
    _builtin = True
    node_name = "LogcumsumexpBackward0"

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        ctx.save_for_backward(x)
        return wrap(x.xp.logaddexp.accumulate(x._data, axis=dim))

    @staticmethod
    def backward(ctx, g):
        # dx_j = sum_{i>=j} g_i exp(x_j - out_i), in log space with g split by sign (stable for any range)
        (x,) = ctx.saved_tensors
        d = ctx.dim
        out = LogCumSumExp.apply(x, d)  # recomputed from x so that a second derivative sees its dependence on x

        def tail_logsum(t):
            return t.flip(d).logcumsumexp(d).flip(d)
        lowest = float(x.xp.finfo(x.dtype.np).min)  # log(0) stand-in: exp() of it is 0, yet it stays finite

        def log_positive(t):  # log(t) where t > 0, else the lowest float, with a finite derivative everywhere
            keep = t > 0
            return masked_fill(masked_fill(t, ~keep, 1).log(), ~keep, lowest)
        pos = tail_logsum(log_positive(g) - out)
        neg = tail_logsum(log_positive(-g) - out)
        return (x + pos).exp() - (x + neg).exp(), None


def logcumsumexp(input, dim):
    d = _wrap_dim(dim, input.dim())
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"logcumsumexp_out_cpu\" not implemented for '%s'" % input.dtype.name)
    return input.clone() if input.dim() == 0 else LogCumSumExp.apply(input, d)


# --- diagonals and triangles ------------------------------------------------------------------------------------
def _diag_positions(xp, n1, n2, offset):
    """Row and column indices of the offset-th diagonal of an n1 x n2 matrix."""
    r0, c0 = max(-offset, 0), max(offset, 0)
    length = max(min(n1 - r0, n2 - c0), 0)
    steps = xp.arange(length)
    return wrap(steps + r0), wrap(steps + c0)


class Diagonal(Function):
    """A strided view of the offset-th diagonal of dims (d1, d2), placed last; its adjoint writes g back there."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, offset, d1, d2):
        ctx.shape, ctx.args = tuple(x.shape), (offset, d1, d2)
        xp = x.xp
        moved = xp.moveaxis(x._data, (d1, d2), (-2, -1))
        r0, c0 = max(-offset, 0), max(offset, 0)
        length = max(min(moved.shape[-2] - r0, moved.shape[-1] - c0), 0)
        corner = moved[..., r0:r0 + length, c0:c0 + length]
        strides = corner.strides[:-2] + (corner.strides[-2] + corner.strides[-1],)
        return wrap(xp.lib.stride_tricks.as_strided(corner, corner.shape[:-2] + (length,), strides))

    @staticmethod
    def backward(ctx, g):
        offset, d1, d2 = ctx.args
        n1, n2 = ctx.shape[d1], ctx.shape[d2]
        rows, cols = _diag_positions(g.xp, n1, n2, offset)
        moved = tuple(s for i, s in enumerate(ctx.shape) if i not in (d1, d2)) + (n1, n2)
        base = Tensor._zeros(moved, g.dtype, g.device)
        return index_put(base, (Ellipsis, rows, cols), g).movedim((-2, -1), (d1, d2)), None, None, None


def diagonal(input, offset=0, dim1=0, dim2=1):
    d1, d2 = _wrap_dim(dim1, input.dim()), _wrap_dim(dim2, input.dim())
    if d1 == d2:
        raise RuntimeError("diagonal dimensions cannot be identical %d, %d" % (dim1, dim2))
    out = Diagonal.apply(input, offset, d1, d2)
    return _mark_view(out, input, lambda base: diagonal(base, offset, d1, d2))


def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    n = input.shape[-1] + abs(offset)
    out_dim = input.dim() + 1
    d1, d2 = _wrap_dim(dim1, out_dim), _wrap_dim(dim2, out_dim)
    if d1 == d2:
        raise RuntimeError("diagonal dimensions cannot be identical %d, %d" % (dim1, dim2))
    rows, cols = _diag_positions(input.xp, n, n, offset)
    base = Tensor._zeros(tuple(input.shape[:-1]) + (n, n), input.dtype, input.device)
    return index_put(base, (Ellipsis, rows, cols), input).movedim((-2, -1), (d1, d2))


def diag(input, diagonal=0):
    if input.dim() == 1:
        return diag_embed(input, diagonal)
    if input.dim() == 2:
        return globals()["diagonal"](input, diagonal)
    raise RuntimeError("diag(): Supports 1D or 2D tensors. Got %dD" % input.dim())


class Triu(Function):
    """The elements on and above the diagonal-th diagonal (of the last two dims); the rest 0. Its gradient is
    g masked the same way."""
    _builtin = True
    kernel = "triu"

    @classmethod
    def forward(cls, ctx, x, diagonal):
        ctx.diagonal = diagonal
        return wrap(getattr(x.xp, cls.kernel)(x._data, diagonal))

    @classmethod
    def backward(cls, ctx, g):
        return cls.apply(g, ctx.diagonal), None


class Tril(Triu):
    """The elements on and below the diagonal-th diagonal; the rest 0."""
    kernel = "tril"


def _triangle(cls):
    def op(input, diagonal=0):
        if input.dim() < 2:
            raise RuntimeError("%s: input tensor must have at least 2 dimensions" % cls.kernel)
        return cls.apply(input, diagonal)
    op.__name__ = cls.kernel
    return op


tril, triu = _triangle(Tril), _triangle(Triu)


class Trace(Function):
    """The sum of a matrix's main diagonal. Its gradient is g on that diagonal and 0 elsewhere."""
    _builtin = True

    @staticmethod
    def forward(ctx, x):
        ctx.shape = tuple(x.shape)
        total = x.dtype if x.dtype.is_inexact else _dt.int64
        return wrap(x.xp.diagonal(x._data).sum(dtype=total.np))

    @staticmethod
    def backward(ctx, g):
        off_diagonal = wrap(~g.xp.eye(*ctx.shape, dtype=bool))
        return masked_fill(g.expand(ctx.shape), off_diagonal, 0)


def trace(input):
    if input.dim() != 2:
        raise RuntimeError("trace: expected a matrix, but got tensor with dim %d" % input.dim())
    if input.dtype is _dt.bool_:
        raise RuntimeError("\"trace\" not implemented for 'Bool'")
    return Trace.apply(input)


# --- grids, rotations, windows ----------------------------------------------------------------------------------
def meshgrid(*tensors, indexing=None):
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warn_once("torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.")
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError("torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: %s" % indexing)
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError("torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got a %dD tensor"
                               % t.dim())
    axes = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        axes[0], axes[1] = 1, 0  # x varies along columns, y along rows
    sizes = [0] * len(tensors)
    for t, a in zip(tensors, axes):
        sizes[a] = t.numel()
    out = []
    for t, a in zip(tensors, axes):
        shape = [1] * len(tensors)
        shape[a] = -1
        out.append(t.reshape(shape).expand(sizes))
    return tuple(out)


def rot90(input, k=1, dims=(0, 1)):
    if len(dims) != 2:
        raise RuntimeError("expected total rotation dims == 2, but got dims = %d" % len(dims))
    if input.dim() < 2:
        raise RuntimeError("expected total dims >= 2, but got total dims = %d" % input.dim())
    if dims[0] == dims[1] or abs(dims[0] - dims[1]) == input.dim():
        raise RuntimeError("expected rotation dims to be different, but got dim0 = %d and dim1 = %d" % tuple(dims))
    d0, d1 = (_wrap_dim(d, input.dim()) for d in dims)
    k %= 4
    if k == 1:
        return input.flip(d1).transpose(d0, d1)
    if k == 2:
        return input.flip(d0, d1)
    if k == 3:
        return input.flip(d0).transpose(d0, d1)
    return input.clone()


class Unfold(Function):
    """A strided view: dim d holds the window starts (step apart), a new last dim the `size` elements of each."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, d, size, step):
        ctx.shape, ctx.args = tuple(x.shape), (d, size, step)
        a = x._data
        shape = a.shape[:d] + ((a.shape[d] - size) // step + 1,) + a.shape[d + 1:] + (size,)
        strides = a.strides[:d] + (a.strides[d] * step,) + a.strides[d + 1:] + (a.strides[d],)
        return wrap(x.xp.lib.stride_tricks.as_strided(a, shape, strides))

    @staticmethod
    def backward(ctx, g):
        # the adjoint adds every window's gradient back onto the elements it covered (windows may overlap)
        d, size, step = ctx.args
        xp = g.xp
        windows = wrap(xp.arange(g.shape[d])[:, None] * step + xp.arange(size))
        base = Tensor._zeros(ctx.shape, g.dtype, g.device).movedim(d, -1)
        return index_put(base, (Ellipsis, windows), g.movedim(d, -2), True).movedim(-1, d), None, None, None


def unfold(self, dimension, size, step):
    """Every window of `size` elements along dimension, `step` apart, as a new last dim (a view)."""
    d = _wrap_dim(dimension, self.dim())
    length = self.shape[d] if self.dim() else 1
    if size > length:
        raise RuntimeError("maximum size for tensor at dimension %d is %d but size is %d" % (d, length, size))
    if step <= 0:
        raise RuntimeError("step is %d but must be > 0" % step)
    if self.dim() == 0:
        return self.reshape(1)
    return _mark_view(Unfold.apply(self, d, size, step), self, lambda base: unfold(base, d, size, step))


# --- indexed writes along a dim ---------------------------------------------------------------------------------
def _check_index_add(input, d, index, source):
    others = [[n for k, n in enumerate(t.shape) if k != d] for t in (input, source)]
    if source.dim() != input.dim() or others[0] != others[1]:
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           "Got self.shape = %s source.shape = %s" % (list(input.shape), list(source.shape)))
    count = source.shape[d] if source.dim() else 1
    if index.numel() != count:
        raise RuntimeError("index_add_(): Number of indices (%d) should be equal to source.size(dim): (%d), for "
                           "dim: %d" % (index.numel(), count, d))


def _check_index_copy(input, d, index, source):
    if source.dim() and input.dim() and source.dim() != input.dim():
        raise IndexError("index_copy_(): When source and destination are not scalars, their dimensionality must "
                         "match. Source dimensionality (%d), destination dimensionality (%d)"
                         % (source.dim(), input.dim()))
    count = source.shape[d] if source.dim() else 1
    if index.numel() != count:
        raise IndexError("index_copy_(): Number of indices (%d) should be equal to source.size(dim) (%d)"
                         % (index.numel(), count))
    others = [[n for k, n in enumerate(t.shape) if k != d] for t in (input, source)]
    if source.dim() == input.dim() and others[0] != others[1]:
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           "Got self.shape = %s source.shape = %s" % (list(input.shape), list(source.shape)))


def _along_dim_put(name, input, dim, index, source, accumulate):
    d = _wrap_dim(dim, input.dim())
    if index.dtype.is_floating_point or index.dtype is _dt.bool_:
        raise RuntimeError("%s(): Expected a long tensor for index, but got %s" % (name, _type_name(index.dtype)))
    (_check_index_add if accumulate else _check_index_copy)(input, d, index, source)
    if input.dim() == 0:
        return index_put(input.reshape(1), (index.reshape(-1),), source.reshape(-1), accumulate).reshape(())
    return index_put(input.movedim(d, 0), (index,), source.movedim(d, 0), accumulate).movedim(0, d)


def index_add(input, dim, index, source, *, alpha=1):
    return _along_dim_put("index_add_", input, dim, index, source if alpha == 1 else source * alpha, True)


def index_copy(input, dim, index, source):
    return _along_dim_put("index_copy_", input, dim, index, source, False)


def index_fill(input, dim, index, value):
    xp = input.xp
    d = _wrap_dim(dim, input.dim())
    shape = [1] * input.dim()
    mask = xp.zeros(input.shape[d] if input.dim() else 1, dtype=bool)
    mask[index._data.reshape(-1)] = True
    if input.dim():
        shape[d] = -1
    return masked_fill(input, wrap(mask.reshape(shape) if input.dim() else mask.reshape(())), value)


def masked_scatter(input, mask, source):
    """Positions where mask is True take source's elements in order (row-major), the rest keep input."""
    if mask.dtype is not _dt.bool_:
        raise RuntimeError("masked_scatter_ only supports boolean masks, but got mask with dtype %s"
                           % _type_name(mask.dtype))
    xp = input.xp
    m = xp.broadcast_to(mask._data, broadcast_shapes(tuple(input.shape), tuple(mask.shape)))
    need = int(m.sum())
    if need > source.numel():
        raise RuntimeError("masked_scatter: expected source to have at least %d elements, but got %d"
                           % (need, source.numel()))
    order = xp.maximum(xp.cumsum(m.reshape(-1)) - 1, 0).reshape(m.shape)
    taken = source.reshape(-1)[wrap(order.astype("int64"))] if source.numel() else input.detach() * 0
    from .elementwise import where
    return where(wrap(m), taken, input)


def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """Each input position reduced with the src elements scattered to it (and with itself if include_self)."""
    reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)  # torch accepts these aliases too
    if reduce not in ("sum", "prod", "mean", "amax", "amin"):
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, got %s" % reduce)
    xp = input.xp
    d = _wrap_dim(dim, input.dim())
    if reduce == "prod":  # one node, 0-d operands too: an in-place scatter_reduce_ keeps a copy of what it overwrites
        return ScatterProd.apply(input, src, index, d, include_self)
    if _has_0d(input, index, src):
        out = scatter_reduce(_as_1d(input), 0, _as_1d(index), _as_1d(src), reduce, include_self=include_self)
        return out.reshape(tuple(input.shape))
    hit = xp.zeros(input.shape, dtype="int64")
    with no_grad():
        hits = scatter_add(wrap(hit), d, index, wrap(xp.ones(index.shape, dtype="int64")))._data
    base = input if include_self else scatter(input, d, index, value=0)
    if reduce in ("sum", "mean"):
        total = scatter_add(base, d, index, src)
        if reduce == "sum":
            return total
        count = wrap(xp.maximum(hits + (1 if include_self else 0), 1).astype(input.dtype.np))
        return total / count if input.dtype.is_floating_point else total.div(count, rounding_mode="floor")
    # amax / amin: the value computed on raw arrays; the gradient split evenly among the ties
    lowest = reduce == "amax"  # the identity the positions src reaches start from when not include_self
    if input.dtype.is_floating_point:
        identity = float("-inf") if lowest else float("inf")
    elif input.dtype is _dt.bool_:
        identity = not lowest
    else:
        identity = int(getattr(xp.iinfo(input.dtype.np), "min" if lowest else "max"))
    with no_grad():
        start = input if include_self else scatter(input, d, index, value=identity)
        result = _scatter_extreme(start, d, index, src, reduce)
        result = wrap(xp.where(hits == 0, input._data, result._data)) if not include_self else result
    if not (input.requires_grad or src.requires_grad) and input._fw_grad is None and src._fw_grad is None:
        return result  # (no gradient and no tangent to carry)
    # torch counts input among the ties even when include_self=False, but then gives it no gradient
    self_eq = input == result
    self_tie = self_eq & wrap(xp.asarray(include_self) | (hits == 0))
    src_tie = src == gather(result, d, index)
    ties = scatter_add(self_eq.to(input.dtype), d, index, src_tie.to(input.dtype))
    spread = scatter_add(masked_fill(input, ~self_tie, 0), d, index, masked_fill(src, ~src_tie, 0)) / ties
    return result + (spread - spread.detach())  # value exactly result, gradient 1/ties to every tie


class ScatterProd(Function):
    """scatter_reduce(reduce='prod'). Each factor's gradient is the product of the others at its position, computed
    as torch does without dividing by a zero: result / x where x != 0; with the zero factors set to 1 where a
    position has a single zero among src (or self is the zero); 0 where it has several."""
    _builtin = True
    node_name = "ScatterReduceBackward0"

    @staticmethod
    def forward(ctx, input, src, index, d, include_self):
        start = input if include_self else scatter(input, d, index, value=1)
        out = scatter(start, d, index, src, reduce="multiply")
        ctx.save_for_backward(input, src, index, out)
        ctx.d, ctx.include_self = d, include_self
        return out

    @staticmethod
    def backward(ctx, g):
        input, src, index, out = ctx.saved_tensors
        d, include_self = ctx.d, ctx.include_self
        from .elementwise import where
        # gSelf = g * prod(src at the position) (= g * result / self, the zero self replaced by 1)
        ones_self = masked_fill(input, input == 0, 1)
        g_self = g * scatter_reduce(ones_self, d, index, src, "prod", include_self=include_self) / ones_self
        if not include_self:  # a position that src reaches does not see self
            g_self = scatter(g_self, d, index, value=0)
        # gSrc = g * result / src; a src zero alone at its position gets g * (the product with it replaced by 1)
        src_zero = src == 0
        zeros_there = gather(scatter_add(input.detach() * 0, d, index, src_zero.to(src.dtype)), d, index)
        single = src_zero & (zeros_there == 1)
        without = scatter_reduce(input, d, index, masked_fill(src, single, 1), "prod", include_self=include_self)
        g_src = where(single, gather(g * without, d, index), gather(g * out, d, index) / masked_fill(src, src_zero, 1))
        return g_self, g_src, None, None, None


def _scatter_extreme(start, d, index, src, reduce):
    from .index import _along
    out = start._data.copy()
    getattr(start.xp, "maximum" if reduce == "amax" else "minimum").at(out, _along(index, d), src._data)
    return wrap(out)


# --- legacy typed constructors ----------------------------------------------------------------------------------
class _LegacyMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and obj.device.type == "cpu"


def _legacy(name, dtype):
    def construct(cls, *args, device=None):
        """T(sizes...) is uninitialised (zeros here); T(sequence) or T(tensor) copies the data."""
        from ..creation import tensor, zeros
        if len(args) == 1 and isinstance(args[0], Tensor):
            return args[0].to(dtype)
        if len(args) == 1 and not isinstance(args[0], int) and not hasattr(args[0], "__index__"):
            return tensor(args[0], dtype=dtype, device=device)
        return zeros(*args, dtype=dtype, device=device)
    return _LegacyMeta(name, (), {"dtype": dtype, "__new__": construct})


FloatTensor, DoubleTensor, HalfTensor = (_legacy(n, dt) for n, dt in
                                         (("FloatTensor", _dt.float32), ("DoubleTensor", _dt.float64),
                                          ("HalfTensor", _dt.float16)))
LongTensor, IntTensor, ShortTensor, CharTensor, ByteTensor, BoolTensor = (
    _legacy(n, dt) for n, dt in (("LongTensor", _dt.int64), ("IntTensor", _dt.int32), ("ShortTensor", _dt.int16),
                                 ("CharTensor", _dt.int8), ("ByteTensor", _dt.uint8), ("BoolTensor", _dt.bool_)))

LEGACY = ["FloatTensor", "DoubleTensor", "HalfTensor", "LongTensor", "IntTensor", "ShortTensor", "CharTensor",
          "ByteTensor", "BoolTensor"]
FUNCTIONS = ["cummax", "cummin", "logcumsumexp", "diagonal", "diag", "diag_embed", "tril", "triu", "trace",
             "meshgrid", "rot90", "index_add", "index_copy", "index_fill", "masked_scatter", "scatter_reduce"] + LEGACY
METHODS = {"unfold": unfold}
INPLACE_OF = {"index_add_": index_add, "index_copy_": index_copy, "index_fill_": index_fill,
              "masked_scatter_": masked_scatter, "scatter_reduce_": scatter_reduce, "tril_": tril, "triu_": triu}
