"""Geometric(probs | logits): the number of failures before the first success, P(k) = (1 - p)^k p."""
from ..tensor import Size
from . import constraints
from .binary_params import BinaryParams
from .distribution import Distribution
from .utils import broadcast_all, finfo


class Geometric(BinaryParams, Distribution):
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, probs=None, logits=None, validate_args=None):
        batch_shape = self._set_param(probs, logits)
        super().__init__(batch_shape, validate_args=validate_args)
        if self._validate_args and probs is not None and not bool((self.probs > 0).all()):
            value = self.probs
            raise ValueError("Expected parameter probs (%s of shape %s) of distribution %r to be positive but found "
                             "invalid values:\n%s" % (type(value).__name__, tuple(value.shape), self,
                                                      value.detach()[~(value > 0)]))

    def expand(self, batch_shape, _instance=None):
        return self._expand_param(self._get_checked_instance(Geometric, _instance), batch_shape)

    @property
    def mean(self):
        return 1.0 / self.probs - 1.0

    @property
    def mode(self):
        from .. import zeros_like
        return zeros_like(self.probs)

    @property
    def variance(self):
        return (1.0 / self.probs - 1.0) / self.probs

    def sample(self, sample_shape=Size()):
        from .. import no_grad, rand
        with no_grad():  # floor(log U / log(1 - p)), U in [tiny, 1)
            u = rand(self._extended_shape(sample_shape), dtype=self.probs.dtype, device=self.probs.device)
            u = u * (1 - float(finfo(u).tiny)) + float(finfo(u).tiny)
            return (u.log() / (-self.probs).log1p()).floor()

    def log_prob(self, value):
        from .. import where
        if self._validate_args:
            self._validate_sample(value)
        value, probs = broadcast_all(value, self.probs)
        probs = where((probs == 1) & (value == 0), 0.0, probs)  # 0 * log(0) counts as 0
        return value * (-probs).log1p() + self.probs.log()

    def entropy(self):
        from ..nn.functional import binary_cross_entropy_with_logits
        return binary_cross_entropy_with_logits(self.logits, self.probs, reduction="none") / self.probs
