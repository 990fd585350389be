"""Parameter: a leaf tensor that a Module registers as trainable; Buffer: a tensor it registers as state."""
from ..tensor import Tensor


class Parameter(Tensor):
    """A Tensor subclass: assigning one to a Module attribute registers it in ``parameters()``."""

    def __new__(cls, data=None, requires_grad=True):
        return object.__new__(cls)

    def __init__(self, data=None, requires_grad=True):
        if data is None:
            from ..creation import empty
            data = empty(0)
        # share the storage of data, as torch does (Parameter(t) and t see the same numbers)
        self._init(data._data, requires_grad)
        self._version_counter = data._version_counter

    def __repr__(self):
        return "Parameter containing:\n" + Tensor.__repr__(self)

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        from .. import backend
        return Parameter, (Tensor._make(backend.to_numpy(self._data)), self._requires_grad)


class Buffer(Tensor):
    """torch.nn.Buffer: assigning one to a Module attribute registers it as a buffer (``persistent`` or not)."""

    def __new__(cls, data=None, persistent=True):
        return object.__new__(cls)

    def __init__(self, data=None, persistent=True):
        if data is None:
            from ..creation import empty
            data = empty(0)
        self._init(data._data, data.requires_grad)
        self._version_counter = data._version_counter
        self.persistent = persistent
