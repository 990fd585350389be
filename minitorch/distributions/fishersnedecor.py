"""FisherSnedecor(df1, df2): the F law of (X1 / df1) / (X2 / df2) for chi-square X1, X2; rsample divides two
reparameterised Gamma draws."""
from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .gamma_reparam import rsample_standard_gamma
from .utils import finfo


class FisherSnedecor(Distribution):
    arg_constraints = {"df1": constraints.positive, "df2": constraints.positive}
    support = constraints.positive
    has_rsample = True

    def __init__(self, df1, df2, validate_args=None):
        super().__init__(self._broadcast_params(df1=df1, df2=df2), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(FisherSnedecor, _instance, batch_shape, "df1", "df2")

    def _nan_unless(self, keep, value):
        from .. import where
        return where(keep, value, float("nan"))

    @property
    def mean(self):
        df2 = self._nan_unless(self.df2 > 2, self.df2)  # df2 / (df2 - 2) for df2 > 2
        return df2 / (df2 - 2)

    @property
    def mode(self):
        return self._nan_unless(self.df1 > 2, (self.df1 - 2) / self.df1 * self.df2 / (self.df2 + 2))

    @property
    def variance(self):
        df1, df2 = self.df1, self._nan_unless(self.df2 > 4, self.df2)
        return 2 * df2.pow(2) * (df1 + df2 - 2) / (df1 * (df2 - 2).pow(2) * (df2 - 4))

    def rsample(self, sample_shape=Size()):
        shape, tiny = self._extended_shape(sample_shape), float(finfo(self.df1).tiny)
        x1 = rsample_standard_gamma(self.df1 * 0.5, shape) / self.df1  # Gamma(df / 2, rate df) = Chi2(df) / df
        x2 = (rsample_standard_gamma(self.df2 * 0.5, shape) / self.df2).clamp(min=tiny)
        return (x1 / x2).clamp(min=tiny)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        h1, h2, ratio = self.df1 * 0.5, self.df2 * 0.5, self.df1 / self.df2
        t1 = (h1 + h2).lgamma() - h1.lgamma() - h2.lgamma()  # -log B(df1/2, df2/2)
        return t1 + h1 * ratio.log() + (h1 - 1) * value.log() - (h1 + h2) * (ratio * value).log1p()
