"""Gamma(concentration, rate): density rate^c x^(c-1) exp(-rate x) / Gamma(c) on x >= 0.

rsample divides reparameterised Gamma(c, 1) draws (implicit gradient, gamma_reparam.py) by the rate. As an
exponential family: theta = (c - 1, -rate), A(theta) = lgamma(theta_1 + 1) - (theta_1 + 1) log(-theta_2)."""
from ..tensor import Size
from . import constraints
from .exp_family import ExponentialFamily
from .gamma_reparam import rsample_standard_gamma
from .utils import finfo


class Gamma(ExponentialFamily):
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True
    _mean_carrier_measure = 0

    def __init__(self, concentration, rate, validate_args=None):
        super().__init__(self._broadcast_params(concentration=concentration, rate=rate), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Gamma, _instance, batch_shape, "concentration", "rate")

    @property
    def mean(self):
        return self.concentration / self.rate

    @property
    def mode(self):
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self):
        return self.concentration / self.rate.pow(2)

    def rsample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        value = rsample_standard_gamma(self.concentration, shape) / self.rate.expand(shape)
        return value.clamp(min=float(finfo(value).tiny))

    def log_prob(self, value):
        from .. import xlogy
        if self._validate_args:
            self._validate_sample(value)
        # c log rate + (c - 1) log x - rate x - lgamma(c)
        return (xlogy(self.concentration, self.rate) + xlogy(self.concentration - 1, value)
                - self.rate * value - self.concentration.lgamma())

    def cdf(self, value):
        from .. import special
        if self._validate_args:
            self._validate_sample(value)
        return special.gammainc(self.concentration, self.rate * value)  # P(c, rate x)

    def entropy(self):
        c = self.concentration  # c - log rate + lgamma(c) + (1 - c) digamma(c)
        return c - self.rate.log() + c.lgamma() + (1.0 - c) * c.digamma()

    @property
    def _natural_params(self):
        return (self.concentration - 1, -self.rate)

    def _log_normalizer(self, x, y):
        return (x + 1).lgamma() + (x + 1) * (-y.reciprocal()).log()
