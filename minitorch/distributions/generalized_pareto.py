"""GeneralizedPareto(loc, scale, concentration xi): survival (1 + xi z)^(-1/xi) with z = (x - loc) / scale (e^-z at
xi = 0), on [loc, loc - scale / xi] for xi < 0 and [loc, inf) otherwise; rsample inverts the cdf."""
import math

from ..tensor import Size
from . import constraints
from .distribution import Distribution


class GeneralizedPareto(Distribution):
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive, "concentration": constraints.real}
    has_rsample = True

    def __init__(self, loc, scale, concentration, validate_args=None):
        batch_shape = self._broadcast_params(loc=loc, scale=scale, concentration=concentration)
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(GeneralizedPareto, _instance, batch_shape, "loc", "scale", "concentration")

    def _zero_and_safe(self):
        """Where xi is (close to) 0, and xi with those entries replaced by 1 (so the xi != 0 branch stays finite)."""
        from .. import isclose, where, zeros_like
        xi = self.concentration
        zero = isclose(xi, zeros_like(xi))
        return zero, where(zero, 1.0, xi)

    def rsample(self, sample_shape=Size()):
        from .. import rand
        return self.icdf(rand(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device))

    def log_prob(self, value):
        from .. import where
        if self._validate_args:
            self._validate_sample(value)
        z = (value - self.loc) / self.scale  # -log scale - (1 / xi + 1) log(1 + xi z), or - z at xi = 0
        zero, xi = self._zero_and_safe()
        y = 1 / xi + 1
        nonzero = where(y == 0, y, y * (xi * z).log1p())
        return -self.scale.log() - where(zero, z, nonzero)

    def log_survival_function(self, value):
        from .. import where
        if self._validate_args:
            self._validate_sample(value)
        z = (value - self.loc) / self.scale
        zero, xi = self._zero_and_safe()
        return where(zero, -z, -(xi * z).log1p() / xi)

    def log_cdf(self, value):
        return (-self.log_survival_function(value).exp()).log1p()

    def cdf(self, value):
        return self.log_cdf(value).exp()

    def icdf(self, value):
        from .. import where
        zero, xi = self._zero_and_safe()
        log_u = (-value).log1p()  # loc + scale ((1 - u)^(-xi) - 1) / xi, or loc - scale log(1 - u) at xi = 0
        return where(zero, self.loc - self.scale * log_u, self.loc + self.scale / xi * (-xi * log_u).expm1())

    @property
    def mean(self):
        from .. import where
        valid = self.concentration < 1  # loc + scale / (1 - xi) for xi < 1
        xi = where(valid, self.concentration, 0.5)
        return where(valid, self.loc + self.scale / (1 - xi), math.nan)

    @property
    def variance(self):
        from .. import where
        valid = self.concentration < 0.5  # scale^2 / ((1 - xi)^2 (1 - 2 xi)) for xi < 1/2
        xi = where(valid, self.concentration, 0.25)
        return where(valid, self.scale ** 2 / ((1 - xi) ** 2 * (1 - 2 * xi)), math.nan)

    def entropy(self):
        from .. import broadcast_to
        return broadcast_to(self.scale.log() + self.concentration + 1, self._batch_shape)

    @property
    def mode(self):
        return self.loc

    @constraints.dependent_property(is_discrete=False, event_dim=0)
    def support(self):
        from .. import where
        upper = where(self.concentration < 0, self.loc - self.scale / self.concentration, math.inf)
        return constraints.interval(self.loc, upper)
