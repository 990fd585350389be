"""Beta(concentration1, concentration0): density x^(a-1) (1-x)^(b-1) / B(a, b) on [0, 1].

Samples are X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b), without a gradient (has_rsample is False here)."""
from numbers import Number

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .gamma import standard_gamma
from .utils import broadcast_all


class Beta(Distribution):
    arg_constraints = {"concentration1": constraints.positive, "concentration0": constraints.positive}
    support = constraints.unit_interval

    def __init__(self, concentration1, concentration0, validate_args=None):
        self.concentration1, self.concentration0 = broadcast_all(concentration1, concentration0)
        scalar = isinstance(concentration1, Number) and isinstance(concentration0, Number)
        super().__init__(Size() if scalar else self.concentration1.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Beta, _instance)
        new.concentration1 = self.concentration1.expand(batch_shape)
        new.concentration0 = self.concentration0.expand(batch_shape)
        return self._expanded(new, batch_shape)

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

    def sample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        x, y = standard_gamma(self.concentration1, shape), standard_gamma(self.concentration0, shape)
        return x / (x + y)

    def _log_normaliser(self):
        a, b = self.concentration1, self.concentration0  # log B(a, b)
        return a.lgamma() + b.lgamma() - (a + b).lgamma()

    def log_prob(self, value):
        from .. import xlogy
        if self._validate_args:
            self._validate_sample(value)
        return (xlogy(self.concentration1 - 1, value) + xlogy(self.concentration0 - 1, 1 - value)
                - self._log_normaliser())

    def entropy(self):
        a, b = self.concentration1, self.concentration0
        # log B(a, b) - (a - 1) digamma(a) - (b - 1) digamma(b) + (a + b - 2) digamma(a + b)
        return (self._log_normaliser() - (a - 1) * a.digamma() - (b - 1) * b.digamma()
                + (a + b - 2) * (a + b).digamma())
