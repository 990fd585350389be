"""Gamma(concentration, rate): density rate^c x^(c-1) exp(-rate x) / Gamma(c) on x >= 0.

Samples come from the generator's Marsaglia-Tsang draws without a gradient (torch's implicit reparameterisation
gradient is not implemented, so has_rsample is False here)."""
from numbers import Number

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, finfo


def standard_gamma(concentration, shape):
    """Gamma(c, 1) draws of the given shape from the default generator, as a tensor like concentration."""
    from ..random import _make, _rng
    c = concentration.detach().expand(shape).numpy()
    return _make(_rng(None).standard_gamma(c), concentration.dtype, concentration.device, False)


class Gamma(Distribution):
    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative

    def __init__(self, concentration, rate, validate_args=None):
        self.concentration, self.rate = broadcast_all(concentration, rate)
        scalar = isinstance(concentration, Number) and isinstance(rate, Number)
        super().__init__(Size() if scalar else self.concentration.size(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Gamma, _instance)
        new.concentration, new.rate = self.concentration.expand(batch_shape), self.rate.expand(batch_shape)
        return self._expanded(new, batch_shape)

    @property
    def mean(self):
        return self.concentration / self.rate

    @property
    def mode(self):
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self):
        return self.concentration / self.rate.pow(2)

    def sample(self, sample_shape=Size()):
        shape = self._extended_shape(sample_shape)
        value = standard_gamma(self.concentration, shape) / self.rate.detach().expand(shape)
        return value.clamp(min=float(finfo(value).tiny))

    def log_prob(self, value):
        from .. import xlogy
        if self._validate_args:
            self._validate_sample(value)
        # c log rate + (c - 1) log x - rate x - lgamma(c)
        return (xlogy(self.concentration, self.rate) + xlogy(self.concentration - 1, value)
                - self.rate * value - self.concentration.lgamma())

    def entropy(self):
        c = self.concentration  # c - log rate + lgamma(c) + (1 - c) digamma(c)
        return c - self.rate.log() + c.lgamma() + (1.0 - c) * c.digamma()
