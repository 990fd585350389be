"""parametrize: make a module's tensor the output of small modules applied to the stored ("original") tensors.

After ``register_parametrization(m, "weight", P)``, reading ``m.weight`` computes ``P(original)`` (the chain
P_n(...P_1(original)) when several are registered); assigning ``m.weight = x`` stores ``P.right_inverse(x)``
into the original. When right_inverse returns a sequence, the originals are ``original0``, ``original1``, ...
and the first parametrization takes them all. The module's class is swapped for a subclass holding the property;
``remove_parametrizations`` restores it.
"""
from collections.abc import Sequence
from contextlib import contextmanager

from ..modules.container import ModuleDict, ModuleList
from ..parameter import Parameter
from ...autograd.grad_mode import no_grad
from ...tensor import Tensor

__all__ = ["register_parametrization", "remove_parametrizations", "is_parametrized", "cached", "ParametrizationList",
           "type_before_parametrizations", "transfer_parametrizations_and_params"]

_cache_depth = 0
_cache = {}  # (id(module), tensor name) -> the parametrized tensor, while inside cached()


@contextmanager
def cached():
    """Inside this block each parametrized tensor is computed once, on first access, and then reused."""
    global _cache_depth
    _cache_depth += 1
    try:
        yield
    finally:
        _cache_depth -= 1
        if _cache_depth == 0:
            _cache.clear()


def _register_parameter_or_buffer(module, name, value):
    if isinstance(value, Parameter):
        module.register_parameter(name, value)
    else:
        module.register_buffer(name, value)


class ParametrizationList(ModuleList):
    """The parametrizations of one tensor, in order, and the original tensor(s) they are applied to."""

    def __init__(self, modules, original, unsafe=False):
        if len(modules) == 0:
            raise ValueError("ParametrizationList requires one or more modules.")
        super().__init__(modules)
        self.unsafe = unsafe
        original_shape, original_dtype = original.shape, original.dtype
        new = original
        with no_grad():
            for module in reversed(list(self)):
                if hasattr(module, "right_inverse"):
                    try:
                        new = module.right_inverse(new)
                    except NotImplementedError:  # a parametrization that cannot be assigned keeps the original
                        pass
        if not isinstance(new, (Tensor, Sequence)):
            raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). "
                             "Got %s" % type(new).__name__)
        self.is_tensor = isinstance(new, Tensor)
        self.ntensors = 1 if self.is_tensor else len(new)
        if self.is_tensor:
            if original.dtype != new.dtype:
                raise ValueError("When `right_inverse` outputs one tensor, it may not change the dtype.\n"
                                 "original.dtype: %s\nright_inverse(original).dtype: %s" % (original.dtype, new.dtype))
            with no_grad():
                original.data = new  # the original keeps its identity (and the optimizer's reference to it)
            _register_parameter_or_buffer(self, "original", original)
        else:
            for i, value in enumerate(new):
                if not isinstance(value, Tensor):
                    raise ValueError("'right_inverse' must return a Tensor or a Sequence of tensors "
                                     "(list, tuple...). Got element %d of the sequence with type %s."
                                     % (i, type(value).__name__))
                if isinstance(original, Parameter):
                    value = Parameter(value, original.requires_grad)
                value.requires_grad_(original.requires_grad)
                _register_parameter_or_buffer(self, "original%d" % i, value)
        if not unsafe:
            z = self()
            if not isinstance(z, Tensor):
                raise ValueError("A parametrization must return a tensor. Got %s." % type(z).__name__)
            if z.dtype != original_dtype or tuple(z.shape) != tuple(original_shape):
                raise ValueError("Registering a parametrization may not change the shape or dtype of the tensor, "
                                 "unless `unsafe` flag is enabled.\nunparametrized shape: %s, dtype: %s\n"
                                 "parametrized shape: %s, dtype: %s"
                                 % (tuple(original_shape), original_dtype, tuple(z.shape), z.dtype))

    def right_inverse(self, value):
        """Store the originals that the chain maps to ``value``."""
        with no_grad():
            for module in reversed(list(self)):
                if not hasattr(module, "right_inverse"):
                    raise RuntimeError("parametrization %s does not implement right_inverse."
                                       % type(module).__name__)
                value = module.right_inverse(value)
            if self.is_tensor:
                self.original.data = value
            else:
                if not isinstance(value, Sequence) or len(value) != self.ntensors:
                    raise ValueError("'right_inverse' must return a sequence of tensors of length %d"
                                     % self.ntensors)
                for i, v in enumerate(value):
                    getattr(self, "original%d" % i).data = v

    def forward(self):
        modules = list(self)
        if self.is_tensor:
            x = modules[0](self.original)
        else:
            x = modules[0](*(getattr(self, "original%d" % i) for i in range(self.ntensors)))
        for module in modules[1:]:
            x = module(x)
        return x


def _inject_new_class(module):
    """Swap the module's class for a subclass of it, so per-module properties do not leak to other instances."""
    cls = module.__class__
    module.__class__ = type("Parametrized" + cls.__name__, (cls,), {})


def _inject_property(module, tensor_name):
    def get(self):
        if _cache_depth == 0:
            return self.parametrizations[tensor_name]()
        key = (id(self), tensor_name)
        if key not in _cache:
            _cache[key] = self.parametrizations[tensor_name]()
        return _cache[key]

    def set_(self, value):
        self.parametrizations[tensor_name].right_inverse(value)

    setattr(module.__class__, tensor_name, property(get, set_))


def is_parametrized(module, tensor_name=None):
    """Whether the module has any parametrization (or one on ``tensor_name``)."""
    parametrizations = getattr(module, "parametrizations", None)
    if parametrizations is None or not isinstance(parametrizations, ModuleDict):
        return False
    return len(parametrizations) > 0 if tensor_name is None else tensor_name in parametrizations


def register_parametrization(module, tensor_name, parametrization, *, unsafe=False):
    """Parametrize ``module.<tensor_name>`` (a parameter, a buffer or an already parametrized tensor)."""
    parametrization.train(module.training)
    if is_parametrized(module, tensor_name):
        if not unsafe:
            current = getattr(module, tensor_name)
            z = parametrization(current)
            if not isinstance(z, Tensor):
                raise ValueError("A parametrization must return a tensor. Got %s." % type(z).__name__)
            if z.dtype != current.dtype or tuple(z.shape) != tuple(current.shape):
                raise ValueError("Registering a parametrization may not change the shape or dtype of the tensor, "
                                 "unless the `unsafe` flag is enabled.")
        module.parametrizations[tensor_name].append(parametrization)
        module.parametrizations[tensor_name].unsafe |= unsafe
    elif tensor_name in module._buffers or tensor_name in module._parameters:
        original = getattr(module, tensor_name)
        parametrizations = ParametrizationList([parametrization], original, unsafe=unsafe)
        delattr(module, tensor_name)
        if not is_parametrized(module):
            _inject_new_class(module)
            module.parametrizations = ModuleDict()
        _inject_property(module, tensor_name)
        module.parametrizations[tensor_name] = parametrizations
    else:
        raise ValueError("Module '%s' does not have a parameter, a buffer, or a parametrized element with name '%s'"
                         % (module, tensor_name))
    return module


def remove_parametrizations(module, tensor_name, leave_parametrized=True):
    """Make ``tensor_name`` a plain parameter/buffer again: holding its current parametrized value
    (leave_parametrized) or the original."""
    if not is_parametrized(module, tensor_name):
        raise ValueError("Module %s does not have a parametrization on %s" % (module, tensor_name))
    parametrizations = module.parametrizations[tensor_name]
    if parametrizations.is_tensor:
        original = parametrizations.original
        if leave_parametrized:
            with no_grad():
                original.data = getattr(module, tensor_name)
    else:
        if not leave_parametrized:
            raise ValueError("Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is "
                             "parametrized in terms of a sequence of tensors.")
        t = getattr(module, tensor_name)
        original = Parameter(t.detach(), t.requires_grad) if t.requires_grad else t
    delattr(module.__class__, tensor_name)
    del module.parametrizations[tensor_name]
    _register_parameter_or_buffer(module, tensor_name, original)
    if not is_parametrized(module):
        delattr(module, "parametrizations")
        module.__class__ = module.__class__.__bases__[0]
    return module


def type_before_parametrizations(module):
    """The module's class as it was before any parametrization swapped it for a subclass."""
    return module.__class__.__bases__[0] if is_parametrized(module) else type(module)


def transfer_parametrizations_and_params(from_module, to_module, tensor_name=None):
    """Give to_module the parametrizations of from_module (all of them, or those of ``tensor_name``), sharing the
    parametrization modules and the original tensors; a tensor to_module lacks is created first. Returns
    to_module."""
    if not is_parametrized(from_module):
        return to_module
    names = list(from_module.parametrizations) if tensor_name is None else [tensor_name]
    for name in names:
        source = from_module.parametrizations[name]
        if not hasattr(to_module, name):
            setattr(to_module, name, Parameter(getattr(from_module, name)))
        for parametrization in source:
            register_parametrization(to_module, name, parametrization)
        target = to_module.parametrizations[name]
        originals = ["original"] if hasattr(source, "original") else ["original%d" % i for i in range(source.ntensors)]
        for original in originals:
            setattr(target, original, getattr(source, original))
    return to_module
