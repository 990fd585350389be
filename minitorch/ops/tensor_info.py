"""Tensor methods about what a tensor is rather than what it holds (backend flags, dim_order,
adjoint), and the CPU-only ops that run a Python callable on every element (apply_, map_, map2_)."""
from numbers import Real

from ..autograd.grad_mode import no_grad
from ..constants import strided
from .complex import conj
from .shape import transpose


def _always(value):
    return property(lambda self: value)


# backends minitorch never runs on: every tensor answers False, as a CPU tensor does in torch
_NEVER = ("is_xpu", "is_mps", "is_ipu", "is_maia", "is_mtia", "is_xla", "is_vulkan", "is_mkldnn", "is_nested",
          "is_sparse_csr")


def is_distributed(self):
    return False


def is_coalesced(self):
    raise RuntimeError("is_coalesced expected sparse coordinate tensor layout but got Strided")


def to_dense(self, dtype=None, *, masked_grad=None):
    """A strided tensor is already dense: itself (in dtype, if one is given)."""
    return self if dtype is None else self.to(dtype)


def is_set_to(self, tensor):
    """Whether both view the same memory with the same sizes and strides."""
    return (self.data_ptr() == tensor.data_ptr() and tuple(self.shape) == tuple(tensor.shape)
            and self.stride() == tensor.stride())


def dim_order(self):
    """The dims from outermost to innermost in memory: by stride, largest first (ties keep their order)."""
    strides = self.stride()
    return tuple(sorted(range(self.dim()), key=lambda d: -strides[d]))


def adjoint(self):
    """The conjugate transpose of the last two dims (the transpose, for real tensors)."""
    if self.dim() < 2:
        raise RuntimeError("tensor.adjoint() is only supported on matrices or batches of matrices. Got %d-D tensor."
                           % self.dim())
    return conj(transpose(self, -2, -1))


# --- Python callables element by element --------------------------------------------------------------------------
def _python_values(name, self, others, fn):
    """fn over the elements of self and others (broadcast to self's shape), as Python numbers, written into self."""
    if self.requires_grad:
        raise RuntimeError("Can't call %s() on Variable that requires grad. Use var.detach().%s() instead."
                           % (name, name))
    for other in others:
        if other.dtype is not self.dtype:
            raise TypeError("%s: expected %s for 'other' (got %s)" % (name, self.type(), other.type()))
    columns = [t.expand(tuple(self.shape)).reshape(-1).tolist() for t in (self,) + others]
    values = [_real_number(fn(*items)) for items in zip(*columns)]
    with no_grad():
        self.copy_(self.new_tensor(values, dtype=self.dtype).reshape(tuple(self.shape)))
    return self


def _real_number(value):
    if not isinstance(value, Real):
        raise TypeError("must be real number, not %s" % type(value).__name__)
    return value


def apply_(self, callable):
    return _python_values("apply_", self, (), callable)


def map_(self, tensor, callable):
    return _python_values("map_", self, (tensor,), callable)


def map2_(self, x, y, callable):
    return _python_values("map2_", self, (x, y), callable)


FUNCTIONS = ()
NOT_METHODS = ()
METHODS = dict({name: _always(False) for name in _NEVER}, name=_always(None), layout=_always(strided),
               is_distributed=is_distributed, is_coalesced=is_coalesced, to_dense=to_dense,
               is_set_to=is_set_to, dim_order=dim_order, adjoint=adjoint, const_data_ptr=lambda self: self.data_ptr(),
               apply_=apply_, map_=map_, map2_=map2_)
INPLACE_OF = {}
