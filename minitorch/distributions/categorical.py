"""Categorical(probs | logits): one of K classes over the last dim; probs are normalised to sum to 1 and logits
to logsumexp 0, as in torch. Samples are int64 class indices."""
from ..tensor import Size
from . import constraints
from .binary_params import check_one_of
from .distribution import Distribution
from .utils import finfo, lazy_property, logits_to_probs, probs_to_logits


class Categorical(Distribution):
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        check_one_of(probs, logits)
        if probs is not None:
            if probs.dim() < 1:
                raise ValueError("`probs` parameter must be at least one-dimensional.")
            self.__dict__["probs"] = self._param = probs / probs.sum(-1, keepdim=True)
        else:
            if logits.dim() < 1:
                raise ValueError("`logits` parameter must be at least one-dimensional.")
            self.__dict__["logits"] = self._param = logits - logits.logsumexp(dim=-1, keepdim=True)
        self._num_events = self._param.size()[-1]
        batch_shape = self._param.size()[:-1] if self._param.dim() > 1 else Size()
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Categorical, _instance)
        name = "probs" if "probs" in self.__dict__ else "logits"
        new.__dict__[name] = new._param = self.__dict__[name].expand(tuple(batch_shape) + (self._num_events,))
        new._num_events = self._num_events
        return self._expanded(new, batch_shape)

    @property
    def support(self):
        return constraints.integer_interval(0, self._num_events - 1)

    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits)

    @property
    def param_shape(self):
        return self._param.size()

    def _nan(self):
        from .. import full
        return full(self._extended_shape(), float("nan"), dtype=self.probs.dtype, device=self.probs.device)

    @property
    def mean(self):
        return self._nan()  # class labels have no mean

    @property
    def mode(self):
        return self.probs.argmax(dim=-1)

    @property
    def variance(self):
        return self._nan()

    def sample(self, sample_shape=Size()):
        from .. import multinomial, no_grad
        shape = self._extended_shape(sample_shape)
        with no_grad():
            rows = self.probs.reshape(-1, self._num_events)
            draws = multinomial(rows, Size(sample_shape).numel(), True).T
        return draws.reshape(shape)

    def log_prob(self, value):
        from .. import broadcast_tensors
        if self._validate_args:
            self._validate_sample(value)
        value, log_pmf = broadcast_tensors(value.long().unsqueeze(-1), self.logits)
        return log_pmf.gather(-1, value[..., :1]).squeeze(-1)  # logits[..., value]

    def entropy(self):
        logits = self.logits.clamp(min=float(finfo(self.logits).min))  # -inf logits (p = 0) add 0, not nan
        return -(logits * self.probs).sum(-1)

    def enumerate_support(self, expand=True):
        from .. import arange
        values = arange(self._num_events, dtype=self._param.dtype, device=self._param.device).long()
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((-1,) + tuple(self._batch_shape)) if expand else values


class OverCategorical:
    """For a law built on a Categorical over the last dim, held as _categorical: its probs, logits and param_shape
    are the Categorical's, and its shapes are the Categorical's batch with one event dim of the classes."""

    def _categorical_shapes(self):
        return self._categorical.batch_shape, self._categorical.param_shape[-1:]

    def _expand_categorical(self, new, batch_shape):
        new._categorical = self._categorical.expand(batch_shape)
        return self._expanded(new, batch_shape)

    @property
    def probs(self):
        return self._categorical.probs

    @property
    def logits(self):
        return self._categorical.logits

    @property
    def param_shape(self):
        return self._categorical.param_shape
