"""NegativeBinomial(total_count, probs | logits): failures before total_count successes, as a Gamma-Poisson
mixture: P(k) = C(k + r - 1, k) p^k (1 - p)^r (torch's convention: probs is the per-trial count probability)."""
from ..tensor import Size
from . import constraints
from .binary_params import BinaryParams, check_one_of
from .distribution import Distribution
from .utils import finfo


class NegativeBinomial(BinaryParams, Distribution):
    arg_constraints = {"total_count": constraints.greater_than_eq(0),
                       "probs": constraints.half_open_interval(0.0, 1.0), "logits": constraints.real}
    support = constraints.nonnegative_integer

    def __init__(self, total_count, probs=None, logits=None, validate_args=None):
        check_one_of(probs, logits)
        self._set_counts(total_count, probs, logits)
        super().__init__(self._param.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_counts(self._get_checked_instance(NegativeBinomial, _instance), batch_shape)

    @property
    def mean(self):
        return self.total_count * self.logits.exp()

    @property
    def mode(self):
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self):
        return self.mean / (-self.logits).sigmoid()

    def sample(self, sample_shape=Size()):
        """Poisson(lambda) with lambda ~ Gamma(total_count, rate (1 - p) / p = exp(-logits)), drawn as torch draws."""
        from ..random import poisson, standard_gamma
        shape = self._extended_shape(sample_shape)
        rate = standard_gamma(self.total_count.detach().expand(shape)) / (-self.logits.detach()).exp().expand(shape)
        return poisson(rate.clamp(min=float(finfo(rate).tiny)))

    def log_prob(self, value):
        from ..nn.functional import logsigmoid
        if self._validate_args:
            self._validate_sample(value)
        r = self.total_count  # r log(1 - p) + k log p - log(Gamma(r + k) / (k! Gamma(r))), 0 when r + k = 0
        unnormalised = r * logsigmoid(-self.logits) + value * logsigmoid(self.logits)
        normaliser = -(r + value).lgamma() + (1.0 + value).lgamma() + r.lgamma()
        return unnormalised - normaliser.masked_fill(r + value == 0.0, 0.0)
