"""Cauchy(loc, scale): density 1 / (pi scale (1 + ((x - loc) / scale)^2)); no mean (nan), infinite variance;
rsample inverts the cdf: loc + scale tan(pi (u - 1/2))."""
import math

from ..tensor import Size
from .location_scale import LocationScale


class Cauchy(LocationScale):
    def _full(self, value):
        from .. import full
        return full(self._extended_shape(), value, dtype=self.loc.dtype, device=self.loc.device)

    @property
    def mean(self):
        return self._full(float("nan"))

    @property
    def variance(self):
        return self._full(float("inf"))

    def rsample(self, sample_shape=Size()):
        eps = self.loc.new_empty(self._extended_shape(sample_shape)).cauchy_()  # standard Cauchy draws, as torch
        return self.loc + eps * self.scale

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -math.log(math.pi) - self.scale.log() - ((value - self.loc) / self.scale).pow(2).log1p()

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return ((value - self.loc) / self.scale).atan() / math.pi + 0.5

    def icdf(self, value):
        return (math.pi * (value - 0.5)).tan() * self.scale + self.loc

    def entropy(self):
        return math.log(4 * math.pi) + self.scale.log()
