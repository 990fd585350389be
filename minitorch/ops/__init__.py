"""The op families. Each module lists its public functions (FUNCTIONS) and extra Tensor methods (METHODS,
INPLACE); ``install`` puts them on Tensor, so ``minitorch.exp(x)`` and ``x.exp()`` run the same function (behind
torch's argument-type check, ``arguments.bound``, where it has a Tensor parameter to check)."""
from ..autograd.grad_mode import is_grad_enabled
from ..tensor import Tensor
from . import elementwise, extra, index, linalg, math_extra, reduce, shape, softmax, sorting
from . import special, special_extra
from . import aliases, numeric, strided
from . import matrix, statistics, surface, tensor_info, windows
from . import complex, spectral
from .arguments import bound

FAMILIES = (elementwise, reduce, shape, index, linalg, softmax, sorting, extra, math_extra, special, numeric, aliases,
            strided, matrix, statistics, windows, special_extra, tensor_info, surface, complex,
            spectral)
# Tensor's own methods (tensor.py) that take typed arguments: x.requires_grad_(1) is torch's TypeError
CHECKED_TENSOR_METHODS = ("requires_grad_", "type_as", "new_zeros", "new_ones", "new_empty", "new_full")
# functions whose first argument is not "the tensor" and so are not Tensor methods
NOT_METHODS = {"cat", "concat", "concatenate", "stack", "hstack", "vstack", "row_stack", "dstack", "column_stack",
               "broadcast_tensors", "einsum", "where", "allclose", "equal", "meshgrid", "atleast_1d"} \
    | set(extra.LEGACY) \
    | set(math_extra.NOT_METHODS) | set(special.NOT_METHODS) | set(numeric.NOT_METHODS) | set(aliases.NOT_METHODS) \
    | set(strided.NOT_METHODS) | set(matrix.NOT_METHODS) | set(statistics.NOT_METHODS) | set(windows.NOT_METHODS) \
    | set(surface.NOT_METHODS) | complex.NOT_METHODS


def _inplace(fn, name):
    checked = bound(fn, name, method=True)  # x.add_('a'): torch's TypeError naming add_

    def method(self, *args, **kwargs):
        result = elementwise.compared_in_place(fn, self, args, kwargs, checked(self, *args, **kwargs))
        return self._apply_inplace(result, name)
    method.__name__ = name
    return method


def copy_(self, src, non_blocking=False):
    """Write src (broadcast, cast, moved) into self. self's old value gets no gradient: the result is a where()
    that takes every element from src, so the graph says exactly that."""
    value = src.to(device=self.device, dtype=self.dtype).expand(tuple(self.shape))
    if is_grad_enabled() and (self.requires_grad or value.requires_grad):
        take_all = Tensor._ones(self.shape, _bool(), self.device)
        value = elementwise.where(take_all, value, self)
    return self._apply_inplace(value, "copy_")


def fill_(self, value):
    src = value if isinstance(value, Tensor) else Tensor._make(self.xp.asarray(value, dtype=self.dtype.np))
    return copy_(self, src)


def zero_(self):
    return fill_(self, 0)


def _bool():
    from .. import dtypes
    return dtypes.bool_


def _where_method(self, condition, y):
    return elementwise.where(condition, self, y)


def install():
    for family in FAMILIES:
        for name in family.FUNCTIONS:
            if name not in NOT_METHODS and not hasattr(Tensor, name):  # x.equal('a'): torch's TypeError
                setattr(Tensor, name, bound(getattr(family, name), name, method=True))
        for name, fn in getattr(family, "METHODS", {}).items():
            setattr(Tensor, name, fn if name.startswith("__") else bound(fn, name, method=True))
        for name, fn in getattr(family, "INPLACE_OF", {}).items():
            setattr(Tensor, name, _inplace(fn, name))
        for name, fn in getattr(family, "OPERATORS", {}).items():
            setattr(Tensor, name, fn)
        for name, fn in getattr(family, "INPLACE", {}).items():
            setattr(Tensor, name, bound(fn, name, method=True))
    Tensor.copy_, Tensor.fill_, Tensor.zero_, Tensor.where = (bound(copy_, method=True), bound(fill_, method=True),
                                                              zero_, _where_method)
    for name in CHECKED_TENSOR_METHODS:
        setattr(Tensor, name, bound(getattr(Tensor, name), name, method=True))


install()
