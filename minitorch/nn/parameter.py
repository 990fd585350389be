"""Parameter: a leaf tensor that a Module registers as trainable; Buffer: a tensor it registers as state."""
from ..tensor import Tensor


class Parameter(Tensor):
    """A Tensor subclass: assigning one to a Module attribute registers it in ``parameters()``.
    It shares the storage of the tensor it wraps, and is always a leaf."""

    def __new__(cls, data=None, requires_grad=True):
        return object.__new__(cls)

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            from ..creation import empty
            data = empty(0)
        if requires_grad and not data.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        self._init(data._data, bool(requires_grad))
        self._version_counter = data._version_counter

    def __repr__(self):
        return "Parameter containing:\n" + Tensor.__repr__(self)

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = Parameter(Tensor._make(self._data.copy()), self._requires_grad)
        return memo[id(self)]

    def __reduce_ex__(self, protocol):
        from .. import backend
        return Parameter, (Tensor._make(backend.to_numpy(self._data)), self._requires_grad)


class _BufferMeta(type):
    """``isinstance(t, Buffer)`` holds for the plain tensors Buffer() returns (they carry ``_is_buffer``)."""

    def __instancecheck__(cls, instance):
        return isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False)


class Buffer(Tensor, metaclass=_BufferMeta):
    """torch.nn.Buffer: ``Buffer(t, persistent=True)`` is a plain tensor sharing t's storage, marked so that
    assigning it to a Module attribute registers it as a buffer (in the state_dict only when persistent)."""

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            from ..creation import empty
            data = empty(0)
        t = data._alias()
        t._requires_grad = data.requires_grad
        t.persistent = persistent
        t._is_buffer = True
        return t


def zero_grads(params, set_to_none=True):
    """What Module.zero_grad and Optimizer.zero_grad do: drop each gradient (None) or zero it in place, detached."""
    for p in params:
        if p.grad is None:
            continue
        if set_to_none:
            p.grad = None
        else:
            if p.grad.grad_fn is not None:
                p.grad.detach_()
            else:
                p.grad.requires_grad_(False)
            p.grad.zero_()


class _UninitializedMixin:
    """What UninitializedParameter and UninitializedBuffer share: no shape until materialize() gives one, which
    also turns the object into its cls_to_become (Parameter, Tensor)."""

    def materialize(self, shape, device=None, dtype=None):
        from ..creation import empty
        data = empty(shape, device=device or self.device, dtype=dtype or self.dtype)
        self._data, self.dtype = data._data, data.dtype
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError("Can't access the shape of an uninitialized parameter or buffer. This error usually "
                           "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
                           "initialized one. Call `forward` to initialize the parameters before accessing their "
                           "attributes.")

    def __repr__(self):
        return "<%s>" % type(self).__name__

    __str__ = __repr__


class UninitializedParameter(_UninitializedMixin, Parameter):
    """torch.nn.UninitializedParameter: a Parameter whose shape a lazy module fills in on its first forward."""

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return object.__new__(cls)

    def __init__(self, requires_grad=True, device=None, dtype=None):
        from ..creation import empty
        Parameter.__init__(self, empty(0, device=device, dtype=dtype), requires_grad)

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self.requires_grad, self.device, self.dtype)
        return memo[id(self)]

    def __reduce_ex__(self, protocol):
        return type(self), (self.requires_grad,)


class UninitializedBuffer(_UninitializedMixin, Tensor):
    """torch.nn.UninitializedBuffer: a buffer whose shape a lazy module fills in on its first forward."""

    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None, persistent=True):
        from ..creation import empty
        t = object.__new__(cls)
        t._init(empty(0, device=device, dtype=dtype)._data, requires_grad)
        t.persistent, t._is_buffer = persistent, True
        return t

    def __init__(self, *args, **kwargs):
        pass

    def __reduce_ex__(self, protocol):
        return type(self), (self.requires_grad,)


def is_lazy(param):
    """Whether param is an UninitializedParameter or UninitializedBuffer."""
    return isinstance(param, _UninitializedMixin)
