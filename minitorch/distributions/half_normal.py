"""HalfNormal(scale): |X| for X ~ Normal(0, scale). The folded laws (also HalfCauchy) have twice the base density
on x >= 0, cdf 2 F(x) - 1, and the base's entropy minus log 2."""
import math

from . import constraints
from .normal import Normal
from .transformed_distribution import TransformedDistribution, from_base
from .transforms import AbsTransform


class _Folded(TransformedDistribution):
    """|X| for a base law symmetric about 0 with scale parameter scale."""
    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    _base = None

    def __init__(self, scale, validate_args=None):
        super().__init__(self._base(0, scale, validate_args=False), AbsTransform(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return super().expand(batch_shape, self._get_checked_instance(type(self), _instance))

    scale = from_base("scale")

    @property
    def mode(self):
        from .. import zeros_like
        return zeros_like(self.scale)

    def log_prob(self, value):
        from .. import where
        if self._validate_args:
            self._validate_sample(value)
        return where(value >= 0, self.base_dist.log_prob(value) + math.log(2), float("-inf"))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob):
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self):
        return self.base_dist.entropy() - math.log(2)


class HalfNormal(_Folded):
    _base = Normal

    @property
    def mean(self):
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def variance(self):
        return self.scale.pow(2) * (1 - 2 / math.pi)
