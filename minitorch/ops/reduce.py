"""Reductions: sum, mean, prod, max/min, amax/amin, argmax/argmin, var/std, logsumexp, norm, all/any, cumsum.

Full max/min and amax/amin split the gradient evenly among tied maxima; max/min with ``dim`` send it to the one
index they return (the first maximum), exactly as torch does.
"""
import builtins
import collections
import warnings

from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ..tensor import Tensor, _type_name, _wrap_dim
from ._util import dim_arg, dims_of, wrap
from .complex import conj_if_complex, refuse_complex, unit


def _expand_back(g, shape, dims, keepdim):
    """The adjoint of a sum over dims: put the reduced dims back (size 1) and broadcast to shape."""
    if not keepdim and dims:
        kept = list(shape)
        for d in dims:
            kept[d] = 1
        g = g.reshape(kept)
    return g.expand(shape)


def _axes(dims, ndim):
    return None if len(dims) == ndim else dims


def _setup(ctx, x, dims, keepdim, *saved):
    """The set-up every reduction's forward shares: save the tensors its backward needs and record
    ctx.reduced = (x's shape, the reduced dims (the dim, for the one-dim reductions), keepdim)."""
    if saved:
        ctx.save_for_backward(*saved)
    ctx.reduced = tuple(x.shape), dims, keepdim


def _unreduce(ctx, t):
    """A reduced t put back to the input's shape (reduced dims restored and broadcast)."""
    return _expand_back(t, *ctx.reduced)


def _count(shape, dims):
    """How many elements a reduction over dims combines into each result."""
    n = 1
    for d in dims:
        n *= shape[d]
    return n


class _KernelReduction(Function):
    """A reduction into dtype by one array-module function (``kernel``), saving the input when its backward
    needs it (``saves_input``)."""
    _builtin = True
    kernel, saves_input = None, False

    @classmethod
    def forward(cls, ctx, x, dims, keepdim, dtype):
        if cls.saves_input:
            _setup(ctx, x, dims, keepdim, x)
        else:
            _setup(ctx, x, dims, keepdim)
        return wrap(getattr(x.xp, cls.kernel)(x._data, axis=dims, keepdims=keepdim, dtype=dtype.np))


class Sum(_KernelReduction):
    kernel = "sum"

    @staticmethod
    def backward(ctx, g):
        # d(sum)/dx = 1: g spread over the reduced elements
        return _unreduce(ctx, g), None, None, None


def _sum_dtype(x, dtype):
    if dtype is not None:
        return _dt.as_dtype(dtype)
    return x.dtype if x.dtype.is_inexact else _dt.int64


def sum(input, dim=None, keepdim=False, *, dtype=None, axis=None):
    dim = dim_arg(dim, axis)
    return (Sum if dim is None else SumDim).apply(input, dims_of(dim, input.dim()), keepdim, _sum_dtype(input, dtype))


class SumDim(Sum):  # torch names the node of a sum over given dims differently
    node_name = "SumBackward1"


class NanSum(_KernelReduction):
    """sum treating NaN as 0. Its gradient is g * (x is not NaN), a product as in torch (inf * 0 gives NaN)."""
    kernel, saves_input, node_name = "nansum", True, "NansumBackward0"

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return _unreduce(ctx, g) * ~x.isnan(), None, None, None


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    refuse_complex(input, "nansum on CPU does not support complex inputs")
    return NanSum.apply(input, dims_of(dim, input.dim()), keepdim, _sum_dtype(input, dtype))


def sum_to_size(self, *size):
    """Sum this tensor down to size (which it must broadcast to)."""
    size = tuple(size[0]) if len(size) == 1 and isinstance(size[0], (tuple, list)) else tuple(size)
    shape = tuple(self.shape)
    lead = len(shape) - len(size)
    if lead < 0 or builtins.any(t != 1 and t != s for s, t in zip(shape[lead:], size)):
        raise RuntimeError("size {%s} is not expandable to size {%s}." % (", ".join(map(str, size)),
                                                                         ", ".join(map(str, shape))))
    if not size:  # torch sums everything then (a 0-d bool or integer self too, to int64)
        return self.sum()
    dims = tuple(range(lead)) + tuple(lead + i for i, t in enumerate(size) if t == 1 and shape[lead + i] != 1)
    out = self.sum(dims, keepdim=True) if dims else self
    return out.reshape(size) if lead else out


def mean(input, dim=None, keepdim=False, *, dtype=None, axis=None):
    x = input if dtype is None else input.to(dtype)
    if not x.dtype.is_inexact:
        raise RuntimeError("mean(): could not infer output dtype. %s dtype must be either a floating point or "
                           "complex dtype. Got: %s" % ("Input" if dtype is None else "Optional", _type_name(x.dtype)))
    dim = dim_arg(dim, axis)
    return (Mean if dim is None else MeanDim).apply(x, dims_of(dim, x.dim()), keepdim)


class Mean(Function):
    """sum / n over dims (NaN when n is 0). The gradient spreads g / n over the reduced elements."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        _setup(ctx, x, dims, keepdim)
        ctx.n = _count(x.shape, dims) or float("nan")
        return wrap(x.xp.sum(x._data, axis=dims, keepdims=keepdim) / ctx.n)

    @staticmethod
    def backward(ctx, g):
        # d(mean)/dx = 1/n
        return _unreduce(ctx, g) / ctx.n, None, None


class MeanDim(Mean):
    node_name = "MeanBackward1"


def nanmean(input, dim=None, keepdim=False):
    if not input.dtype.is_inexact:
        raise RuntimeError("nanmean(): expected input to have floating point or complex dtype but got %s"
                           % _type_name(input.dtype))
    keep = ~input.isnan()
    return nansum(input, dim, keepdim) / keep.sum(dim, keepdim)


class Prod(_KernelReduction):  # over one dim, or all of them (dim None)
    kernel, saves_input = "prod", True

    @staticmethod
    def backward(ctx, g):
        # d(prod)/dx_i = prod / x_i while x holds no 0 anywhere (torch's rule, inf and NaN included); else the
        # product of all the other elements: exclusive cumulative products from both sides, exact at 0 (at
        # conj(x) for a complex x: the gradient is g * conj(d prod / dx))
        x = conj_if_complex(ctx.saved_tensors[0])
        _, dim, keepdim = ctx.reduced
        if x.dim() == 0:
            return g, None, None, None
        zeros = int((x == 0).sum())
        if dim is None:
            if zeros == 0:
                return g * (x.prod() / x), None, None, None
            if zeros > 1 and not is_grad_enabled():  # (torch's shortcut: every product of the others holds a 0)
                return x.new_zeros(x.shape), None, None, None
            return (_prod_others(x.reshape(-1), 0) * g).reshape(x.shape), None, None, None
        if not keepdim:
            g = g.unsqueeze(dim)
        if zeros == 0:
            return g * (x.prod(dim, keepdim=True) / x), None, None, None
        return g * _prod_others(x, dim), None, None, None


def _cat(tensors, dim):
    from .shape import cat
    return cat(tensors, dim)


def _prod_others(x, dim):
    if x.shape[dim] == 0:
        return x
    ones = x.new_ones([1 if d == dim else n for d, n in enumerate(x.shape)])
    left = _cat([ones, x.narrow(dim, 0, x.shape[dim] - 1).cumprod(dim)], dim)
    rev = x.flip(dim)
    right = _cat([ones, rev.narrow(dim, 0, x.shape[dim] - 1).cumprod(dim)], dim).flip(dim)
    return left * right


def prod(input, dim=None, keepdim=False, *, dtype=None):
    dt = _sum_dtype(input, dtype)
    x = input if input.dtype is dt else input.to(dt)
    if dim is None:
        return Prod.apply(x, None, False, dt)
    return ProdDim.apply(x, _wrap_dim(dim, x.dim()), keepdim, dt)


class ProdDim(Prod):
    node_name = "ProdBackward1"


class _Cumulative(Function):
    _builtin = True


class Cumsum(_Cumulative):
    @staticmethod
    def forward(ctx, x, dim, dtype):
        ctx.dim = dim
        return wrap(x.xp.cumsum(x._data, axis=dim, dtype=dtype.np))

    @staticmethod
    def backward(ctx, g):
        d = ctx.dim
        return g.flip(d).cumsum(d).flip(d), None, None


class Cumprod(_Cumulative):
    @staticmethod
    def forward(ctx, x, dim, dtype):
        ctx.dim = dim
        # (a 0-d x is its own cumulative product: NumPy's would have shape (1,))
        out = wrap(x.xp.cumprod(x._data.reshape(x.shape or (1,)), axis=dim, dtype=dtype.np).reshape(x.shape))
        ctx.save_for_backward(x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = (conj_if_complex(t) for t in ctx.saved_tensors)  # (complex: g * conj(d out / dx))
        d = ctx.dim
        if x.dim() == 0 or x.shape[d] == 1:  # the identity: exactly g (no out / x, whose derivative cancels to 0)
            return g, None, None
        if not bool((x == 0).any()):
            # d out_j / d x_i = out_j / x_i for j >= i: a reversed cumulative sum of g * out, divided by x
            return (g * out).flip(d).cumsum(d).flip(d) / x, None, None
        # with zeros, go element by element along dim (cumprod of length n costs n products)
        n = x.shape[d]
        grads = []
        for i in range(n):
            tail = x.narrow(d, i, n - i)
            partial = tail.narrow(d, 0, 1) * 0 + 1
            partial = _cat([partial, tail.narrow(d, 1, n - i - 1).cumprod(d)], d)
            head = x.narrow(d, 0, i).prod(d, keepdim=True) if i else partial.narrow(d, 0, 1) * 0 + 1
            grads.append((g.narrow(d, i, n - i) * partial * head).sum(d, keepdim=True))
        grad = _cat(grads, d)
        if is_grad_enabled():  # (create_graph) torch's differentiable formula: the products as they come
            return grad, None, None
        # torch's fast formula: after the first zero along dim every product holds that zero, so the gradient there
        # is exactly 0 (never the NaN of an inf times that zero)
        zeros = (x == 0).long()
        return grad.masked_fill((zeros.cumsum(d) - zeros) > 0, 0), None, None


def cumsum(input, dim, *, dtype=None):
    if input.dim() == 0:  # a 0-d tensor is its own cumulative sum (NumPy would return shape (1,))
        return cumsum(input.reshape(1), _wrap_dim(dim, 0), dtype=dtype).reshape(())
    return Cumsum.apply(input, _wrap_dim(dim, input.dim()), _sum_dtype(input, dtype))


def cumprod(input, dim, *, dtype=None):
    dt = _sum_dtype(input, dtype)
    x = input if input.dtype is dt else input.to(dt)
    return Cumprod.apply(x, _wrap_dim(dim, input.dim()), dt)


# --- max / min ------------------------------------------------------------------------------------------------------
class _Extreme(Function):
    """amax/amin over dims (and full max/min): the gradient is shared evenly by the tied extremes."""
    _builtin = True

    @classmethod
    def forward(cls, ctx, x, dims, keepdim):
        if x.numel() == 0 and builtins.any(x.shape[d] == 0 for d in dims) or (x.numel() == 0 and not dims):
            raise RuntimeError("%s(): Expected reduction dim to be specified for input.numel() == 0. Specify the "
                               "reduction dim with the 'dim' argument." % cls.op)
        out = wrap(cls.compute(x.xp, x._data, _axes(dims, x.dim()) if dims else None, keepdim))
        _setup(ctx, x, dims, keepdim, x, out)
        return out

    nan_ties = False  # the full max()/min() count NaN results as tied with every NaN (amax/amin do not)

    @classmethod
    def backward(cls, ctx, g):
        x, out = ctx.saved_tensors
        extreme = _unreduce(ctx, out)
        hit = x == extreme
        if cls.nan_ties:
            hit = hit | (x.isnan() & extreme.isnan())
        count = hit.sum(ctx.reduced[1], keepdim=True)
        return _unreduce(ctx, g) * hit / count, None, None


class Amax(_Extreme):
    op = "amax"
    compute = staticmethod(lambda xp, a, axis, keepdim: xp.max(a, axis=axis, keepdims=keepdim))


class Amin(_Extreme):
    op = "amin"
    compute = staticmethod(lambda xp, a, axis, keepdim: xp.min(a, axis=axis, keepdims=keepdim))


class FullMax(Amax):
    op, nan_ties, node_name = "max", True, "MaxBackward1"


class FullMin(Amin):
    op, nan_ties, node_name = "min", True, "MinBackward1"


def _full(cls):
    return lambda input: cls.apply(input, dims_of(None, input.dim()), False)


def _nonempty_dims(name, input, dims):
    """Reducing an empty dim has no identity for max/min: torch's IndexError names the dim."""
    for d in dims:
        if input.shape[d] == 0:
            raise IndexError("%s(): Expected reduction dim %d to have non-zero size." % (name, d))
    return dims


def _not_for_complex(input, kernel):
    refuse_complex(input, "\"%s\" not implemented for '%s'" % (kernel, _type_name(input.dtype)), NotImplementedError)


def amax(input, dim=(), keepdim=False):
    _not_for_complex(input, "max_values_cpu")
    if dim != () and dim is not None:
        return Amax.apply(input, _nonempty_dims("amax", input, dims_of(dim, input.dim())), keepdim)
    return Amax.apply(input, dims_of(None, input.dim()), keepdim)


def amin(input, dim=(), keepdim=False):
    _not_for_complex(input, "min_values_cpu")
    if dim != () and dim is not None:
        return Amin.apply(input, _nonempty_dims("amin", input, dims_of(dim, input.dim())), keepdim)
    return Amin.apply(input, dims_of(None, input.dim()), keepdim)


_return_types = {}


def _return_type_repr(result):
    """torch's repr of its result tuples: the qualified name, then one field per line."""
    fields = ",\n".join("%s=%r" % (field, value) for field, value in zip(result._fields, result))
    return "torch.return_types.%s(\n%s)" % (type(result).__name__, fields)


def _named(name, fields=("values", "indices")):
    """The tuple type torch.return_types.<name> (x.max(dim) gives one: its fields by name or position)."""
    if name not in _return_types:
        cls = collections.namedtuple(name, fields)
        cls.__module__ = "torch.return_types"
        cls.__repr__ = _return_type_repr
        _return_types[name] = cls
    return _return_types[name]


class _ExtremeDim(Function):
    """max/min along one dim: values and the index of the first extreme; the gradient goes to that index."""
    _builtin = True

    @classmethod
    def forward(cls, ctx, x, dim, keepdim):
        xp = x.xp
        if x.shape[dim] == 0 if x.dim() else False:
            raise IndexError("%s(): Expected reduction dim %d to have non-zero size." % (cls.op, dim))
        data = x._data if x.dim() else x._data.reshape(1)
        idx = cls.arg(xp, data, dim)
        values = xp.take_along_axis(data, xp.expand_dims(idx, dim), axis=dim)
        if not keepdim:
            values = values.squeeze(dim)
        else:
            idx = xp.expand_dims(idx, dim)
        if not x.dim():
            values, idx = values.reshape(()), idx.reshape(())
        indices = wrap(idx.astype("int64"))
        _setup(ctx, x, dim, keepdim, indices)
        ctx.mark_non_differentiable(indices)
        return wrap(values), indices

    @staticmethod
    def backward(ctx, g, _):
        (indices,) = ctx.saved_tensors
        shape, dim, keepdim = ctx.reduced
        if not shape:
            return g, None, None
        if not keepdim:
            g, indices = g.unsqueeze(dim), indices.unsqueeze(dim)
        return g.new_zeros(shape).scatter(dim, indices, g), None, None


def _argmax_nan(xp, a, dim, pick):
    # NaN counts as the extreme, as in torch: NumPy's argmax/argmin already return the first NaN
    return pick(a, axis=dim)


class MaxDim(_ExtremeDim):
    op, node_name = "max", "MaxBackward0"
    arg = staticmethod(lambda xp, a, dim: _argmax_nan(xp, a, dim, xp.argmax))


class MinDim(_ExtremeDim):
    op, node_name = "min", "MinBackward0"
    arg = staticmethod(lambda xp, a, dim: _argmax_nan(xp, a, dim, xp.argmin))


def _max_min(cls_dim, full, binary, name):
    def op(input, dim=None, keepdim=False, *, out=None, axis=None):
        dim = dim_arg(dim, axis)
        if isinstance(dim, Tensor):
            return binary(input, dim)
        if dim is None:
            _not_for_complex(input, name + "_all")
            return full(input)
        refuse_complex(input, "%s(): does not support complex input" % name)
        values, indices = cls_dim.apply(input, _wrap_dim(dim, input.dim()), keepdim)
        return _named(name)(values, indices)
    op.__name__ = name
    return op


def _maximum(a, b):
    return a.maximum(b)


def _minimum(a, b):
    return a.minimum(b)


max = _max_min(MaxDim, _full(FullMax), _maximum, "max")
min = _max_min(MinDim, _full(FullMin), _minimum, "min")


def _arg(cls_dim, name):
    def op(input, dim=None, keepdim=False, *, axis=None):
        dim = dim_arg(dim, axis)
        if input.dtype is _dt.bool_:
            raise RuntimeError("%s(): does not support bool input" % name)
        refuse_complex(input, "%s(): does not support complex input" % name)
        if dim is None:
            flat = input.reshape(-1)
            if flat.numel() == 0:
                raise IndexError("%s(): Expected reduction dim to be specified for input.numel() == 0." % name)
            idx = cls_dim.apply(flat.detach(), 0, False)[1]
            return idx.reshape([1] * input.dim()) if keepdim else idx
        return cls_dim.apply(input.detach(), _wrap_dim(dim, input.dim()), keepdim)[1]
    op.__name__ = name
    return op


argmax = _arg(MaxDim, "argmax")
argmin = _arg(MinDim, "argmin")


def aminmax(input, *, dim=None, keepdim=False):
    if dim is None and input.numel() == 0:
        raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the operation has no "
                           "identity")
    return _named("aminmax", ("min", "max"))(amin(input, dim if dim is not None else (), keepdim),
                                             amax(input, dim if dim is not None else (), keepdim))


# --- statistics -----------------------------------------------------------------------------------------------------
def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None):
    return _variance("var", input, dim_arg(dim, axis), unbiased, keepdim, correction)


def _variance(name, input, dim, unbiased, keepdim, correction):
    if isinstance(dim, bool):  # var(x, False): the old positional `unbiased`
        dim, unbiased = None, dim
    if not input.dtype.is_inexact:
        raise RuntimeError("std and var only support floating point and complex dtypes")
    dims = dims_of(dim, input.dim())
    denom = _count(input.shape, dims) - _correction(unbiased, correction)
    if denom <= 0:  # the result is inf or NaN, as in torch, which warns
        warnings.warn("%s(): degrees of freedom is <= 0. Correction should be strictly less than the reduction "
                      "factor (input numel divided by output numel)." % name, UserWarning, stacklevel=3)
    return (Var if name == "var" else Std).apply(input, dims, keepdim, denom)


def _variance_array(xp, x, dims, keepdim, denom):
    """sum((x - mean)^2) / max(denom, 0) over dims (inf or NaN when denom <= 0)."""
    centred = x - xp.mean(x, axis=dims, keepdims=True)
    squares = centred * centred if centred.dtype.kind != "c" else (centred * centred.conj()).real  # |x - mean|^2
    with xp.errstate(divide="ignore", invalid="ignore"):
        return xp.sum(squares, axis=dims, keepdims=keepdim) / builtins.max(denom, 0)


def _variance_grad(ctx, g, x):
    """d var / dx = 2 (x - mean) / denom, with g spread back over the reduced dims."""
    shape, dims, keepdim = ctx.reduced
    factor = 2 / ctx.denom if ctx.denom else float("inf")
    return factor * _expand_back(g, shape, dims, keepdim) * (x - x.mean(dims, keepdim=True))


class Var(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, dims, keepdim, denom):
        _setup(ctx, x, dims, keepdim, x)
        ctx.denom = denom
        return wrap(_variance_array(x.xp, x._data, dims, keepdim, denom))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return _variance_grad(ctx, g, x), None, None, None


class Std(Function):
    """std = sqrt(var). Its gradient is var's times 1 / (2 std), defined as 0 where std is 0 (all values equal),
    as torch does."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, dims, keepdim, denom):
        out = wrap(x.xp.sqrt(_variance_array(x.xp, x._data, dims, keepdim, denom)))
        _setup(ctx, x, dims, keepdim, x, out)
        ctx.denom = denom
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        return _variance_grad(ctx, (g / (out * 2)).masked_fill(out == 0, 0), x), None, None, None


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None):
    return _variance("std", input, dim_arg(dim, axis), unbiased, keepdim, correction)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return var(input, dim, unbiased, keepdim, correction=correction), _mean_beside(input, dim, keepdim)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    return std(input, dim, unbiased, keepdim, correction=correction), _mean_beside(input, dim, keepdim)


def _mean_beside(input, dim, keepdim):
    """The mean var_mean and std_mean return (dim may be the old positional `unbiased`, a bool)."""
    return input.mean(dims_of(dim if not isinstance(dim, bool) else None, input.dim()), keepdim=keepdim)


class LogSumExp(Function):
    """log(sum(exp(x))) over dims. Its gradient is softmax: exp(x - out)."""
    _builtin = True
    node_name = "LogsumexpBackward0"

    @staticmethod
    def forward(ctx, x, dims, keepdim):
        xp = x.xp
        # shift by the maximum (of the real parts, for complex x) so exp never overflows; an infinite maximum is
        # replaced by 0
        m = xp.max(x._data.real, axis=dims, keepdims=True)
        m = xp.where(xp.isinf(m), 0, m)
        out = xp.log(xp.exp(x._data - m).sum(axis=dims, keepdims=True)) + m
        out = wrap(out if keepdim else out.squeeze(dims))
        _setup(ctx, x, dims, keepdim, x, out)
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = (conj_if_complex(t) for t in ctx.saved_tensors)
        return _unreduce(ctx, g) * (x - _unreduce(ctx, out)).exp(), None, None


def logsumexp(input, dim=None, keepdim=False):
    x = input if input.dtype.is_inexact else input.to(_dt.get_default_dtype())
    dims = dims_of(dim, x.dim())
    if x.numel() == 0:
        return x.exp().sum(dims, keepdim=keepdim).log()
    return LogSumExp.apply(x, dims, keepdim)


class PNorm(Function):
    """The p-norm over dims. Its gradient is defined as 0 where the norm is 0 (torch's choice at the kink)."""
    _builtin = True
    node_name = "LinalgVectorNormBackward0"

    @staticmethod
    def forward(ctx, x, p, dims, keepdim):
        xp = x.xp
        a = xp.abs(x._data)
        axis = dims
        if p == float("inf"):
            out = xp.max(a, axis=axis, keepdims=keepdim) if a.size else xp.zeros(
                [1 if i in dims else s for i, s in enumerate(a.shape) if keepdim or i not in dims], a.dtype)
        elif p == float("-inf"):
            out = xp.min(a, axis=axis, keepdims=keepdim)
        elif p == 0:
            out = (a != 0).sum(axis=axis, keepdims=keepdim).astype(a.dtype)
        elif p == 1:
            out = a.sum(axis=axis, keepdims=keepdim)
        elif p == 2:
            out = xp.sqrt((a * a).sum(axis=axis, keepdims=keepdim))
        else:
            out = (a ** p).sum(axis=axis, keepdims=keepdim) ** (1.0 / p)
        out = wrap(out)
        _setup(ctx, x, dims, keepdim, x, out)
        ctx.p = p
        return out

    @staticmethod
    def backward(ctx, g):
        x, out = ctx.saved_tensors
        p, dims = ctx.p, ctx.reduced[1]
        g = _unreduce(ctx, g)
        norm = _unreduce(ctx, out)
        if p == 0:
            return g * 0, None, None, None
        if p == 1:
            return g * unit(x), None, None, None
        if p in (float("inf"), float("-inf")):
            hit = x.abs() == norm
            # shared by the tied extremes; none is hit when the norm is NaN, and then no gradient flows (as in torch)
            return g * unit(x) * hit / hit.sum(dims, keepdim=True).clamp_min(1), None, None, None
        safe = norm.masked_fill(norm == 0, 1)
        if p == 2:
            grad = x / safe
        else:
            # |x|^(p-2) is inf at x = 0 for p < 2: the gradient there is 0, as in torch
            grad = (x * x.abs() ** (p - 2)).masked_fill(x == 0, 0) / safe ** (p - 1)
        return (g * grad).masked_fill(norm == 0, 0), None, None, None


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    x = input if dtype is None else input.to(dtype)
    if not x.dtype.is_inexact:
        raise RuntimeError("linalg.vector_norm: Expected a floating point or complex tensor as input. Got %s"
                           % _type_name(x.dtype))
    if p == "fro" and isinstance(dim, (tuple, list)) and len(dim) > 2:
        raise RuntimeError("linalg.matrix_norm: dim must be a 2-tuple. Got %s" % " ".join(map(str, dim)))
    if p == "fro" or p is None:
        p = 2
    if p == "nuc":
        from .. import linalg
        return linalg.matrix_norm(x, "nuc", dim if dim is not None else (-2, -1), keepdim)
    dims = dims_of(dim, x.dim())
    if p in (float("inf"), float("-inf")) and builtins.any(x.shape[d] == 0 for d in dims):
        raise RuntimeError("linalg.vector_norm cannot compute the %s norm on an empty tensor because the operation "
                           "does not have an identity (input shape %s, dim %s)" % (p, list(x.shape), dim))
    return PNorm.apply(x, float(p), dims, keepdim)


def dist(input, other, p=2):
    return norm(input - other, p)


def _logical_reduction(fn):
    """all/any: bool results, except that uint8 input gives uint8 (torch's legacy rule)."""
    def op(input, dim=None, keepdim=False):
        # dim=() reduces over no dim at all (unlike sum, where it means every dim)
        axis = None if dim is None else () if dim == () else dims_of(dim, input.dim())
        out = getattr(input.xp, fn)(input._data, axis=axis, keepdims=keepdim and dim is not None)
        return wrap(out.astype(input.dtype.np) if input.dtype is _dt.uint8 else out)
    op.__name__ = fn
    return op


all, any = _logical_reduction("all"), _logical_reduction("any")


def count_nonzero(input, dim=None):
    return (input != 0).sum(dim)


FUNCTIONS = ["sum", "nansum", "mean", "nanmean", "prod", "cumsum", "cumprod", "amax", "amin", "max", "min",
             "argmax", "argmin", "aminmax", "var", "std", "var_mean", "std_mean", "logsumexp", "norm", "dist",
             "all", "any", "count_nonzero"]
METHODS = {"sum_to_size": sum_to_size}
