"""HalfCauchy(scale): |X| for X ~ Cauchy(0, scale); infinite mean."""
from .cauchy import Cauchy
from .half_normal import _Folded


class HalfCauchy(_Folded):
    _base = Cauchy

    @property
    def mean(self):
        return self.base_dist._full(float("inf"))

    @property
    def variance(self):
        return self.base_dist.variance
