"""StudentT(df, loc, scale): loc + scale T with T = N / sqrt(V / df), N ~ N(0, 1), V ~ Chi2(df) = 2 Gamma(df / 2);
rsample is reparameterised in all three (the Gamma draw through its implicit gradient)."""
import math

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .gamma_reparam import rsample_standard_gamma


class StudentT(Distribution):
    arg_constraints = {"df": constraints.positive, "loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, df, loc=0.0, scale=1.0, validate_args=None):
        super().__init__(self._broadcast_params(df=df, loc=loc, scale=scale), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(StudentT, _instance, batch_shape, "df", "loc", "scale")

    @property
    def mean(self):
        from .. import where
        return where(self.df <= 1, float("nan"), self.loc)  # defined for df > 1

    @property
    def mode(self):
        return self.loc

    @property
    def variance(self):
        from .. import where
        df = self.df  # scale^2 df / (df - 2) for df > 2, inf for 1 < df <= 2, nan below
        finite = self.scale.pow(2) * df / where(df > 2, df - 2, 1.0)
        return where(df > 2, finite, where(df > 1, float("inf"), float("nan")))

    def rsample(self, sample_shape=Size()):
        from .. import randn
        shape = self._extended_shape(sample_shape)
        normal = randn(shape, dtype=self.df.dtype, device=self.df.device)
        chi2 = 2 * rsample_standard_gamma(0.5 * self.df, shape)
        return self.loc + self.scale * normal * (chi2 / self.df).rsqrt()

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        df, y = self.df, (value - self.loc) / self.scale
        # -(df + 1)/2 log(1 + y^2/df) - log scale - log(df pi)/2 - lgamma(df/2) + lgamma((df + 1)/2)
        log_norm = (self.scale.log() + 0.5 * df.log() + 0.5 * math.log(math.pi) + (0.5 * df).lgamma()
                    - (0.5 * (df + 1.0)).lgamma())
        return -0.5 * (df + 1.0) * (y.pow(2) / df).log1p() - log_norm

    def entropy(self):
        df = self.df  # log scale + (df + 1)/2 (psi((df + 1)/2) - psi(df/2)) + log(df)/2 + log B(df/2, 1/2)
        log_beta = (0.5 * df).lgamma() + math.lgamma(0.5) - (0.5 * (df + 1)).lgamma()
        return (self.scale.log() + 0.5 * (df + 1) * ((0.5 * (df + 1)).digamma() - (0.5 * df).digamma())
                + 0.5 * df.log() + log_beta)
