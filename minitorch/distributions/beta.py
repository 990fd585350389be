"""Beta(concentration1, concentration0): density x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1].

rsample is the first class of a two-class Dirichlet(a, b) draw, X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), as torch
draws it. As an
exponential family: theta = (a, b), A(theta) = log B(a, b)."""
from ..tensor import Size
from . import constraints
from .exp_family import ExponentialFamily
from .gamma_reparam import rsample_dirichlet


class Beta(ExponentialFamily):
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval
    has_rsample = True

    def __init__(self, concentration1, concentration0, validate_args=None):
        batch_shape = self._broadcast_params(concentration1=concentration1, concentration0=concentration0)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(Beta, _instance, batch_shape, "concentration1", "concentration0")

    @property
    def mean(self):
        return self.concentration1 / (self.concentration1 + self.concentration0)

    @property
    def mode(self):
        from .. import where
        a, b = self.concentration1, self.concentration0
        am1, bm1 = (a - 1).clamp(min=0), (b - 1).clamp(min=0)
        # (a - 1) / (a + b - 2); with both below 1, torch's Dirichlet mode picks the first endpoint, 1
        return where((a < 1) & (b < 1), 1.0, am1 / (am1 + bm1))

    @property
    def variance(self):
        total = self.concentration1 + self.concentration0  # a b / ((a + b)^2 (a + b + 1))
        return self.concentration1 * self.concentration0 / (total.pow(2) * (total + 1))

    def rsample(self, sample_shape=Size()):
        from .. import stack
        both = stack([self.concentration1, self.concentration0], -1)
        return rsample_dirichlet(both, self._extended_shape(sample_shape) + (2,)).select(-1, 0)

    def log_prob(self, value):
        from .. import xlogy
        if self._validate_args:
            self._validate_sample(value)
        a, b = self.concentration1, self.concentration0
        return xlogy(a - 1, value) + xlogy(b - 1, 1 - value) - self._log_normalizer(a, b)

    def entropy(self):
        a, b = self.concentration1, self.concentration0
        # log B(a, b) - (a - 1) digamma(a) - (b - 1) digamma(b) + (a + b - 2) digamma(a + b)
        return (self._log_normalizer(a, b) - (a - 1) * a.digamma() - (b - 1) * b.digamma()
                + (a + b - 2) * (a + b).digamma())

    @property
    def _natural_params(self):
        return (self.concentration1, self.concentration0)

    def _log_normalizer(self, x, y):
        return x.lgamma() + y.lgamma() - (x + y).lgamma()  # log B(x, y)
