"""Laplace(loc, scale): density exp(-|x - loc| / scale) / (2 scale); rsample inverts the cdf at u ~ U(-1, 1)."""
import math

from ..tensor import Size
from .location_scale import LocationScale
from .utils import finfo


class Laplace(LocationScale):
    @property
    def stddev(self):
        return math.sqrt(2) * self.scale

    @property
    def variance(self):
        return 2 * self.scale.pow(2)

    def rsample(self, sample_shape=Size()):
        from .. import rand
        shape = self._extended_shape(sample_shape)
        eps = float(finfo(self.loc).eps)
        u = rand(shape, dtype=self.loc.dtype, device=self.loc.device) * (2 - eps) + (eps - 1)  # U(eps - 1, 1)
        return self.loc - self.scale * u.sign() * (-u.abs()).log1p()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return -(2 * self.scale).log() - (value - self.loc).abs() / self.scale

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        z = value - self.loc  # 1/2 - 1/2 sign(z) (exp(-|z| / scale) - 1)
        return 0.5 - 0.5 * z.sign() * (-z.abs() / self.scale).expm1()

    def icdf(self, value):
        t = value - 0.5  # loc - scale sign(t) log(1 - 2 |t|)
        return self.loc - self.scale * t.sign() * (-2 * t.abs()).log1p()

    def entropy(self):
        return 1 + (2 * self.scale).log()
