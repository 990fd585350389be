"""More of torch's math surface, composed from differentiable ops where torch is differentiable: tensordot, kron,
diff, cdist; the counting ops bincount and histc; index sets (tril_indices, triu_indices, cartesian_prod,
combinations); quantile and nanquantile.

as_strided is left out: a Tensor here is an array plus a view link to its base, with no flat storage and offset of
its own that arbitrary (size, stride, storage_offset) could address.
"""
import itertools

from .. import backend
from .. import dtypes as _dt
from ..autograd.function import Function
from ..tensor import Tensor, _type_name, _wrap_dim
from ._util import wrap
from .extra import meshgrid
from .index import masked_fill
from .linalg import _out, matmul
from .shape import cat, stack


# --- products ---------------------------------------------------------------------------------------------------
def tensordot(a, b, dims=2, out=None):
    """Contract a's dims_a with b's dims_b: a permuted to (free, contracted) @ b permuted to (contracted, free)."""
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError("tensordot expects dims >= 0, but got dims=%d" % dims)
        if dims > a.dim() or dims > b.dim():
            raise RuntimeError("tensordot expects dims < ndim_a or ndim_b, but got dims=%d" % dims)
        da, db = list(range(a.dim() - dims, a.dim())), list(range(dims))
    elif isinstance(dims, (tuple, list)) and len(dims) == 2:
        da, db = ([d] if isinstance(d, int) else list(d) for d in dims)
    else:
        raise RuntimeError("tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
                           "containing two lists, but got dims=%s" % (dims,))
    if len(da) != len(db):
        raise RuntimeError("both dimensions lists should have same length")
    da = [_wrap_dim(d, a.dim()) for d in da]
    db = [_wrap_dim(d, b.dim()) for d in db]
    for x, y in zip(da, db):
        sx, sy = a.shape[x], b.shape[y]
        if sy == 1 and sx != 1:  # a broadcast contracted dim sums right away, as torch does
            a = a.sum(x, keepdim=True)
        elif sx == 1 and sy != 1:
            b = b.sum(y, keepdim=True)
        elif sx != sy:
            raise RuntimeError("contracted dimensions need to match, but first has size %d in dim %d and second has "
                               "size %d in dim %d" % (sx, x, sy, y))
    free_a = [d for d in range(a.dim()) if d not in da]
    free_b = [d for d in range(b.dim()) if d not in db]
    rows, k, cols = (_prod(a.shape[d] for d in free_a), _prod(a.shape[d] for d in da),
                     _prod(b.shape[d] for d in free_b))
    m = a.permute(free_a + da).reshape(rows, k)
    n = b.permute(db + free_b).reshape(k, cols)
    return _out(matmul(m, n).reshape([a.shape[d] for d in free_a] + [b.shape[d] for d in free_b]), out)


def _prod(sizes):
    total = 1
    for n in sizes:
        total *= n
    return total


def kron(input, other):
    """out[i * b.shape + j] = a[i] * b[j] per dim: a spread on even axes, b on odd ones, their product folded."""
    n = max(input.dim(), other.dim())
    sa = [1] * (n - input.dim()) + list(input.shape)
    sb = [1] * (n - other.dim()) + list(other.shape)
    a = input.reshape([s for d in sa for s in (d, 1)])
    b = other.reshape([s for d in sb for s in (1, d)])
    return (a * b).reshape([x * y for x, y in zip(sa, sb)])


# --- differences and distances ----------------------------------------------------------------------------------
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """n-th forward difference along dim: out_i = x_{i+1} - x_i (for bool, x_{i+1} != x_i), repeated n times."""
    if input.dim() == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError("order must be non-negative but got %d" % n)
    d = _wrap_dim(dim, input.dim())
    for extra in (prepend, append):
        if extra is not None:
            _check_diff_extra(input, extra, d)
    if n == 0:  # torch ignores prepend / append then: a copy of the input
        return input.clone()
    x = input
    if prepend is not None or append is not None:
        x = cat([t for t in (prepend, input, append) if t is not None], d)
    for _ in range(n):
        length = max(x.shape[d] - 1, 0)
        hi = x.narrow(d, 1, length) if x.shape[d] else x
        lo = x.narrow(d, 0, length)
        x = hi != lo if x.dtype is _dt.bool_ else hi - lo
    return x


def _check_diff_extra(input, extra, d):
    """prepend / append must have input's shape except along the differencing dim d."""
    if extra.dim() != input.dim():
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for i, (a, b) in enumerate(zip(input.shape, extra.shape)):
        if i != d and a != b:
            raise RuntimeError("diff expects the shape of tensor to prepend or append to match that of input except "
                               "along the differencing dimension; input.size(%d) = %d, but got tensor.size(%d) = %d"
                               % (i, a, i, b))


class _PairNorm(Function):
    """dist = ||d||_p over the last dim, with cdist's gradient: g * sign(d) |d|^(p-1) / dist^(p-1), 0 where
    dist == 0 (p = 1: g sign(d); p = inf: g sign(d) on every element whose |d| is the max; p = 0: none)."""
    _builtin = True
    node_name = "CdistBackward0"

    @staticmethod
    def forward(ctx, d, p):
        ctx.p = p
        ctx.save_for_backward(d)
        xp = d.xp
        a = xp.abs(d._data)
        if p == 0:
            out = (a != 0).sum(-1).astype(a.dtype)
        elif p == 1:
            out = a.sum(-1)
        elif p == 2:
            out = xp.sqrt((a * a).sum(-1))
        elif p == float("inf"):
            out = a.max(-1, initial=0)
        else:
            out = (a ** p).sum(-1) ** (1.0 / p)
        return wrap(xp.asarray(out, dtype=a.dtype))

    @staticmethod
    def backward(ctx, g):
        (d,) = ctx.saved_tensors
        p = ctx.p
        if p == 0:
            return d * 0, None
        g = g.unsqueeze(-1)
        if p == 1:
            return g * d.sign(), None
        dist = _PairNorm.apply(d, p).unsqueeze(-1)  # recomputed from d: a second derivative sees it depend on d
        if p == float("inf"):
            return g * d.sign() * (d.abs() == dist).to(d.dtype), None
        zero = (dist == 0).to(d.dtype)
        safe = dist + zero  # 1 where dist == 0, so the division stays finite there; masked out below
        if p == 2:
            return g * d / safe * (1 - zero), None
        return g * d.sign() * d.abs() ** (p - 1) / safe ** (p - 1) * (1 - zero), None


def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """out[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p, batch dims broadcast."""
    for name, t in (("X1", x1), ("X2", x2)):
        if t.dim() < 2:
            raise RuntimeError("cdist only supports at least 2D tensors, %s got: %dD" % (name, t.dim()))
        if not t.dtype.is_floating_point:
            raise RuntimeError("cdist only supports floating-point dtypes, %s got: %s"
                               % (name, _type_name(t.dtype)))
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError("X1 and X2 must have the same number of columns. X1: %d X2: %d"
                           % (x1.shape[-1], x2.shape[-1]))
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    if x1.dtype is not x2.dtype:
        raise RuntimeError("X1 and X2 must have the same dtype, but got: %s and %s"
                           % (_type_name(x1.dtype), _type_name(x2.dtype)))
    return _PairNorm.apply(x1.unsqueeze(-2) - x2.unsqueeze(-3), float(p))


# --- counting ---------------------------------------------------------------------------------------------------
def bincount(input, weights=None, minlength=0):
    """out[k] = number of (or sum of weights at) positions where input == k, for k < max(max(input) + 1,
    minlength)."""
    xp = input.xp
    if input.dtype.is_floating_point or input.dtype is _dt.bool_:
        raise NotImplementedError("\"bincount_cpu\" not implemented for '%s'" % _type_name(input.dtype))
    if input.dim() != 1 or (input.numel() and int(input._data.min()) < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is not None and (weights.dim() != 1 or weights.shape[0] != input.shape[0]):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    if weights is None:
        return wrap(xp.bincount(input._data, minlength=minlength).astype("int64"))
    dt = _dt.float32 if weights.dtype is _dt.float32 else _dt.float64  # torch: float stays, all else is double
    out = xp.bincount(input._data, weights=weights._data.astype("float64"), minlength=minlength)
    return wrap(out.astype(dt.np))


def histc(input, bins=100, min=0, max=0):
    """bins equal-width bins over [min, max] (the data's range when min == max); the last bin holds max too,
    elements outside are dropped."""
    xp = input.xp
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"histogram_cpu\" not implemented for '%s'" % _type_name(input.dtype))
    if bins <= 0:
        raise RuntimeError("torch.histc(): bins must be > 0, but got %d for dimension 0" % bins)
    a = input._data.reshape(-1)
    lo, hi = float(min), float(max)
    if lo == hi and a.size:
        lo, hi = float(a.min()), float(a.max())
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise RuntimeError("torch.histc(): max must be larger than min, but got min %s max %s" % (min, max))
    if not (xp.isfinite(lo) and xp.isfinite(hi)):
        raise RuntimeError("torch.histc(): range of [%s, %s] is not finite" % (lo, hi))
    inside = a[(a >= lo) & (a <= hi)]
    pos = xp.minimum(((inside - lo) * bins / (hi - lo)).astype("int64"), bins - 1)  # bin k: [lo + k w, lo + (k+1) w)
    return wrap(xp.bincount(pos, minlength=bins).astype(input.dtype.np))


# --- index sets -------------------------------------------------------------------------------------------------
def _triangle_indices(lower):
    def op(row, col, offset=0, *, dtype=None, device=None, layout=None):
        name = "tril_indices" if lower else "triu_indices"
        for what, n in (("row", row), ("col", col)):
            if n < 0:
                raise RuntimeError("%s must be non-negative, got%d" % (what, n))
        dt = _dt.as_dtype(dtype) if dtype is not None else _dt.int64
        if dt.is_floating_point or dt is _dt.bool_:
            raise NotImplementedError("\"%s\" not implemented for '%s'" % (name, _type_name(dt)))
        xp = backend.array_module(backend.as_device(device))
        rows, cols = (xp.tril_indices if lower else xp.triu_indices)(row, offset, col)
        return wrap(xp.stack([rows, cols]).astype(dt.np).reshape(2, -1))
    op.__name__ = "tril_indices" if lower else "triu_indices"
    return op


tril_indices, triu_indices = _triangle_indices(True), _triangle_indices(False)


def _check_vector(t):
    if t.dim() != 1:
        raise RuntimeError("Expect a 1D vector, but got shape %s" % list(t.shape))


def cartesian_prod(*tensors):
    """Every tuple (a_i, b_j, ...) in row-major order, one per row."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    for t in tensors:
        _check_vector(t)
    if len(tensors) == 1:
        return tensors[0]
    return stack([g.flatten() for g in meshgrid(*tensors, indexing="ij")], 1)


def combinations(input, r=2, with_replacement=False):
    """Every length-r sorted index tuple (with repeats if with_replacement) of input's elements, one per row."""
    _check_vector(input)
    if r < 0:
        raise RuntimeError("Expect a non-negative number, but got %d" % r)
    if r == 0:
        return input.new_empty(0)
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    xp = input.xp
    idx = xp.asarray(list(pick(range(input.shape[0]), r)), dtype="int64").reshape(-1, r)
    return input[wrap(idx)]


# --- quantiles --------------------------------------------------------------------------------------------------
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name, ignore_nan):
    def op(input, q, dim=None, keepdim=False, *, interpolation="linear", out=None):
        xp = input.xp
        if input.dtype not in (_dt.float32, _dt.float64):
            raise RuntimeError("%s() input tensor must be either float or double dtype" % name)
        scalar_q = not isinstance(q, Tensor)
        if scalar_q and (isinstance(q, bool) or not isinstance(q, (int, float))):
            raise TypeError("%s(): argument 'q' must be float or Tensor, not %s" % (name, type(q).__name__))
        qs = q if not scalar_q else wrap(xp.asarray(q, dtype=input.dtype.np))
        if qs.dim() > 1:
            raise RuntimeError("%s() q must be a scalar or 1D tensor" % name)
        if qs.dtype is not input.dtype:
            raise RuntimeError("%s() q tensor must be same dtype as the input tensor" % name)
        if interpolation not in _INTERPOLATIONS:
            raise RuntimeError("%s() interpolation must be one of linear, lower, higher, midpoint or nearest. Got %s"
                               % (name, interpolation))
        qa = qs._data.reshape(-1)
        if qa.size and not bool(((qa >= 0) & (qa <= 1)).all()):
            raise RuntimeError("%s() q values must be in the range [0, 1]" % name)
        if dim is None:
            x, d = input.reshape(-1), 0
            kept = [1] * input.dim() if keepdim else []
        else:
            d = _wrap_dim(dim, input.dim())
            x = input if input.dim() else input.reshape(1)
            kept = list(input.shape)
            if input.dim():
                if keepdim:
                    kept[d] = 1
                else:
                    del kept[d]
        x = x.movedim(d, -1)  # (..., n)
        n = x.shape[-1]
        if input.numel() == 0:
            raise RuntimeError("%s() input tensor must be non-empty" % name)
        srt = x.sort(-1).values  # nans sort last
        nans = xp.isnan(x._data)
        count = (n - nans.sum(-1, keepdims=True)) if ignore_nan else xp.full(x.shape[:-1] + (1,), n)
        # torch's ranks: a slice with a nan reads its last sorted element (a nan) for quantile, an all-nan slice its
        # first for nanquantile: the result is nan, its gradient goes to that element and none to q
        bad = (count == 0) if ignore_nan else nans.any(-1, keepdims=True)
        rank = xp.where(bad, xp.maximum(count - 1, 0), qa * (count - 1)).astype(qa.dtype)  # (..., nq)
        if interpolation == "lower":
            rank = xp.floor(rank)
        elif interpolation == "higher":
            rank = xp.ceil(rank)
        elif interpolation == "nearest":
            rank = xp.round(rank)  # half to even, as torch rounds
        below = xp.floor(rank).astype("int64")
        above = xp.minimum(xp.ceil(rank), xp.maximum(count - 1, 0)).astype("int64")
        res = srt.gather(-1, wrap(below))
        if interpolation in ("linear", "midpoint"):
            hi = srt.gather(-1, wrap(above))
            dt = input.dtype.np
            # linear: w = q (count - 1) - below, as a Tensor op so a tensor q gets its gradient (hi - lo) (count - 1)
            w = (masked_fill(qs.reshape(-1) * wrap((count - 1).astype(dt)) - wrap(below.astype(dt)),
                             wrap(xp.broadcast_to(bad, rank.shape)), 0) if interpolation == "linear"
                 else wrap(xp.full(rank.shape, 0.5, dtype=dt)))
            res = res.lerp(hi, w)
        res = res.movedim(-1, 0).reshape([qa.size] + kept)  # q first, then the kept dims
        return _out(res.reshape(kept) if scalar_q or qs.dim() == 0 else res, out)
    op.__name__ = name
    return op


quantile, nanquantile = _quantile("quantile", False), _quantile("nanquantile", True)


FUNCTIONS = ["tensordot", "kron", "diff", "cdist", "bincount", "histc", "tril_indices", "triu_indices",
             "cartesian_prod", "combinations", "quantile", "nanquantile"]
NOT_METHODS = ["tensordot", "cdist", "tril_indices", "triu_indices", "cartesian_prod", "combinations"]
