"""InverseGamma(concentration, rate): 1 / X for X ~ Gamma(concentration, rate); rsample inverts Gamma's
reparameterised draws."""
from . import constraints
from .gamma import Gamma
from .transformed_distribution import TransformedDistribution, from_base
from .transforms import PowerTransform


class InverseGamma(TransformedDistribution):
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.positive

    def __init__(self, concentration, rate, validate_args=None):
        base = Gamma(concentration, rate, validate_args=validate_args)
        super().__init__(base, PowerTransform(-base.rate.new_ones(())), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return super().expand(batch_shape, self._get_checked_instance(InverseGamma, _instance))

    concentration = from_base("concentration")
    rate = from_base("rate")

    @property
    def mean(self):
        from .. import where
        return where(self.concentration > 1, self.rate / (self.concentration - 1), float("inf"))

    @property
    def mode(self):
        return self.rate / (self.concentration + 1)

    @property
    def variance(self):
        from .. import where
        c = self.concentration
        return where(c > 2, self.rate.pow(2) / ((c - 1).pow(2) * (c - 2)), float("inf"))

    def entropy(self):
        c = self.concentration  # c + log rate + lgamma(c) - (1 + c) digamma(c)
        return c + self.rate.log() + c.lgamma() - (1 + c) * c.digamma()
