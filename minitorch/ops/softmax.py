"""softmax and log_softmax along a dim, stable for large inputs (the maximum is subtracted first)."""
from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import _state as _grad_state
from ..tensor import _wrap_dim
from ._util import wrap


class Softmax(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = x.xp
        shifted = x._data - xp.max(x._data, axis=dim, keepdims=True) if x.numel() else x._data
        e = xp.exp(shifted)
        y = wrap(e / e.sum(axis=dim, keepdims=True))
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        # J^T g = y * (g - sum(g * y))
        return y * (g - (g * y).sum(ctx.dim, keepdim=True)), None


class LogSoftmax(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, dim):
        xp = x.xp
        shifted = x._data - xp.max(x._data, axis=dim, keepdims=True) if x.numel() else x._data
        y = wrap(shifted - xp.log(xp.exp(shifted).sum(axis=dim, keepdims=True)))
        ctx.save_for_backward(y)
        ctx.dim = dim
        return y

    @staticmethod
    def backward(ctx, g):
        (y,) = ctx.saved_tensors
        # d log_softmax: g - softmax * sum(g)
        if not _grad_state.enabled:  # no graph of the backward: the same on arrays
            return wrap(g._data - y.xp.exp(y._data) * g._data.sum(ctx.dim, keepdims=True)), None
        return g - y.exp() * g.sum(ctx.dim, keepdim=True), None


def _prepare(input, dim, dtype, name):
    x = input if dtype is None else input.to(dtype)
    if dim is None:
        dim = 0 if x.dim() in (0, 1, 3) else 1  # torch's legacy implicit choice
    d = _wrap_dim(dim, x.dim()) if x.dim() else 0
    if not x.dtype.is_floating_point and x.numel():  # torch has no integer kernel: pass dtype= to convert
        from ..tensor import _type_name
        raise NotImplementedError('"%s%s_kernel_impl" not implemented for \'%s\''
                                  % (name, "_lastdim" if d == x.dim() - 1 or x.dim() == 0 else "",
                                     _type_name(x.dtype)))
    return x, d


def softmax(input, dim=None, dtype=None):
    x, d = _prepare(input, dim, dtype, "softmax")
    if not x.dtype.is_floating_point:
        return x.clone()  # empty: torch returns it as it is
    return Softmax.apply(x, d) if x.dim() else (x - x).exp()


def log_softmax(input, dim=None, dtype=None):
    x, d = _prepare(input, dim, dtype, "log_softmax")
    if not x.dtype.is_floating_point:
        return x.clone()
    return LogSoftmax.apply(x, d) if x.dim() else x - x


FUNCTIONS = ["softmax", "log_softmax"]
