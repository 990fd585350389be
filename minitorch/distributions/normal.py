"""Normal(loc, scale): the Gaussian; rsample is loc + scale * eps with eps ~ N(0, 1). As an exponential family:
theta = (loc / scale^2, -1 / (2 scale^2)), A(theta) = -theta_1^2 / (4 theta_2) + log(-pi / theta_2) / 2."""
import math

from ..tensor import Size
from .exp_family import ExponentialFamily
from .location_scale import LocationScale


class Normal(LocationScale, ExponentialFamily):
    _mean_carrier_measure = 0

    @property
    def stddev(self):
        return self.scale

    @property
    def variance(self):
        return self.scale.pow(2)

    def rsample(self, sample_shape=Size()):
        from .. import randn
        eps = randn(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + eps * self.scale

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        # -(x - mu)^2 / (2 sigma^2) - log sigma - log sqrt(2 pi)
        return -((value - self.loc) ** 2) / (2 * self.scale ** 2) - self.scale.log() - math.log(math.sqrt(2 * math.pi))

    def cdf(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return 0.5 * (1 + ((value - self.loc) / (self.scale * math.sqrt(2))).erf())  # Phi((x - mu) / sigma)

    def icdf(self, value):
        return self.loc + self.scale * (2 * value - 1).erfinv() * math.sqrt(2)  # mu + sigma Phi^-1(p)

    def entropy(self):
        return 0.5 + 0.5 * math.log(2 * math.pi) + self.scale.log()  # 1/2 log(2 pi e sigma^2)

    @property
    def _natural_params(self):
        return (self.loc / self.scale.pow(2), -0.5 * self.scale.pow(2).reciprocal())

    def _log_normalizer(self, x, y):
        return -0.25 * x.pow(2) / y + 0.5 * (-math.pi / y).log()
