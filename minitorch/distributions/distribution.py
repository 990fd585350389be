"""Distribution: the base class (shapes, validation, sampling entry points), as torch.distributions.Distribution.

Shapes: a sample has shape ``sample_shape + batch_shape + event_shape``; log_prob reduces the event dims."""
from ..tensor import Size, Tensor
from .utils import broadcast_all, lazy_property, show


class Distribution:
    has_rsample = False
    has_enumerate_support = False
    _validate_args = __debug__  # validation is on by default, as in torch

    @staticmethod
    def set_default_validate_args(value):
        if value not in (True, False):
            raise ValueError
        Distribution._validate_args = value

    def __init__(self, batch_shape=Size(), event_shape=Size(), validate_args=None):
        self._batch_shape, self._event_shape = Size(batch_shape), Size(event_shape)
        if validate_args is not None:
            self._validate_args = validate_args
        if not self._validate_args:
            return
        for param, constraint in self.arg_constraints.items():
            if param not in self.__dict__ and isinstance(getattr(type(self), param, None), lazy_property):
                continue  # the other parameterisation (probs vs logits): derived from a checked one
            value = getattr(self, param)
            if not bool(constraint.check(value).all()):
                raise ValueError("Expected parameter %s (%s of shape %s) of distribution %r to satisfy the "
                                 "constraint %r, but found invalid values:\n%s"
                                 % (param, type(value).__name__, tuple(value.shape), self, constraint, show(value)))

    @property
    def batch_shape(self):
        return self._batch_shape

    @property
    def event_shape(self):
        return self._event_shape

    @property
    def arg_constraints(self):
        raise NotImplementedError

    @property
    def support(self):
        raise NotImplementedError

    @property
    def mean(self):
        raise NotImplementedError

    @property
    def mode(self):
        raise NotImplementedError("%s does not implement mode" % type(self))

    @property
    def variance(self):
        raise NotImplementedError

    @property
    def stddev(self):
        return self.variance.sqrt()

    def expand(self, batch_shape, _instance=None):
        raise NotImplementedError

    def sample(self, sample_shape=Size()):
        """A draw without gradient: rsample under no_grad where reparameterisation exists."""
        from .. import no_grad
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=Size()):
        raise NotImplementedError

    def sample_n(self, n):
        import warnings
        warnings.warn("`sample_n(n)` will be deprecated. Use `sample((n,))` instead.", FutureWarning, stacklevel=2)
        return self.sample(Size((n,)))

    def log_prob(self, value):
        raise NotImplementedError

    def cdf(self, value):
        raise NotImplementedError

    def icdf(self, value):
        raise NotImplementedError

    def enumerate_support(self, expand=True):
        raise NotImplementedError

    def entropy(self):
        raise NotImplementedError

    def perplexity(self):
        return self.entropy().exp()

    def _extended_shape(self, sample_shape=Size()):
        if not isinstance(sample_shape, Size):
            sample_shape = Size(sample_shape)
        return Size(tuple(sample_shape) + tuple(self._batch_shape) + tuple(self._event_shape))

    def _validate_sample(self, value):
        """torch's checks of a log_prob argument: a Tensor, event shape, broadcastable, inside the support."""
        if not isinstance(value, Tensor):
            raise ValueError("The value argument to log_prob must be a Tensor")
        event_start = value.dim() - len(self._event_shape)
        if tuple(value.shape[event_start:]) != tuple(self._event_shape):
            raise ValueError("The right-most size of value must match event_shape: %s vs %s."
                             % (value.size(), self._event_shape))
        actual, expected = value.size(), Size(tuple(self._batch_shape) + tuple(self._event_shape))
        for i, j in zip(reversed(actual), reversed(expected)):
            if i != 1 and j != 1 and i != j:
                raise ValueError("Value is not broadcastable with batch_shape+event_shape: %s vs %s."
                                 % (actual, expected))
        if not bool(self.support.check(value).all()):
            raise ValueError("Expected value argument (%s of shape %s) to be within the support (%r) of the "
                             "distribution %r, but found invalid values:\n%s"
                             % (type(value).__name__, tuple(value.shape), self.support, self, show(value)))

    def _get_checked_instance(self, cls, _instance=None):
        if _instance is None and type(self).__init__ != cls.__init__:
            raise NotImplementedError("Subclass %s of %s that defines a custom __init__ method must also define a "
                                      "custom .expand() method." % (type(self).__name__, cls.__name__))
        return self.__new__(type(self)) if _instance is None else _instance

    def _expanded(self, new, batch_shape):
        """Finish an expand(): shapes set, validation flag inherited, no re-validation."""
        Distribution.__init__(new, batch_shape, self._event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _broadcast_params(self, **params):
        """Stores the parameters as tensors broadcast together (numbers too); returns their shape, the batch shape."""
        tensors = broadcast_all(*params.values())
        for name, value in zip(params, tensors):
            setattr(self, name, value)
        return tensors[0].size()

    def _expand_params(self, cls, _instance, batch_shape, *names):
        """An expand() that only expands the named parameters to batch_shape."""
        new = self._get_checked_instance(cls, _instance)
        for name in names:
            setattr(new, name, getattr(self, name).expand(batch_shape))
        return self._expanded(new, batch_shape)

    def __repr__(self):
        shown = ["%s: %s" % (p, show(self.__dict__[p]) if self.__dict__[p].numel() == 1 else self.__dict__[p].size())
                 for p in self.arg_constraints if p in self.__dict__]
        return "%s(%s)" % (type(self).__name__, ", ".join(shown))

