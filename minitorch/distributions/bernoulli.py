"""Bernoulli(probs | logits): a coin with P(1) = probs = sigmoid(logits); samples are 0./1. of the param's dtype.
As an exponential family: theta = logit(probs), A(theta) = log(1 + e^theta)."""
from ..tensor import Size
from . import constraints
from .binary_params import BinaryParams
from .exp_family import ExponentialFamily
from .utils import broadcast_all


class Bernoulli(BinaryParams, ExponentialFamily):
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True
    _mean_carrier_measure = 0

    def __init__(self, probs=None, logits=None, validate_args=None):
        batch_shape = self._set_param(probs, logits)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_param(self._get_checked_instance(Bernoulli, _instance), batch_shape)

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        from .. import where
        mode = (self.probs >= 0.5).to(self.probs)
        return where(self.probs == 0.5, float("nan"), mode)  # a tie has no mode

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        from .. import bernoulli, no_grad
        with no_grad():
            return bernoulli(self.probs.expand(self._extended_shape(sample_shape)))

    def log_prob(self, value):
        from ..nn.functional import binary_cross_entropy_with_logits
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none")  # v log p + (1 - v) log(1 - p)

    def entropy(self):
        from ..nn.functional import binary_cross_entropy_with_logits
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none")  # -E[log_prob]

    def enumerate_support(self, expand=True):
        from .. import arange
        values = arange(2, dtype=self._param.dtype, device=self._param.device)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        return values.expand((2,) + tuple(self._batch_shape)) if expand else values

    @property
    def _natural_params(self):
        return (self.probs.logit(),)

    def _log_normalizer(self, x):
        return x.exp().log1p()
