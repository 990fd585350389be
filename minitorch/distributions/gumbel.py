"""Gumbel(loc, scale): density exp(-(z + exp(-z))) / scale with z = (x - loc) / scale; built as
loc - scale log(-log U) for U ~ Uniform(tiny, 1 - eps), a TransformedDistribution."""
import math
from numbers import Number

from . import constraints
from .transformed_distribution import TransformedDistribution
from .transforms import AffineTransform, ExpTransform
from .uniform import Uniform
from .utils import broadcast_all, finfo

EULER = 0.57721566490153286061


class Gumbel(TransformedDistribution):
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real

    def __init__(self, loc, scale, validate_args=None):
        from .. import full_like, ones_like
        self.loc, self.scale = broadcast_all(loc, scale)
        tiny, eps = float(finfo(self.loc).tiny), float(finfo(self.loc).eps)
        if isinstance(loc, Number) and isinstance(scale, Number):
            base = Uniform(tiny, 1 - eps, validate_args=validate_args)
        else:
            base = Uniform(full_like(self.loc, tiny), full_like(self.loc, 1 - eps), validate_args=validate_args)
        log = ExpTransform().inv
        chain = [log, AffineTransform(0, -ones_like(self.scale)), log, AffineTransform(loc, -self.scale)]
        super().__init__(base, chain, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Gumbel, _instance)
        new.loc, new.scale = self.loc.expand(batch_shape), self.scale.expand(batch_shape)
        return super().expand(batch_shape, new)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        y = (self.loc - value) / self.scale  # y - exp(y) - log scale
        return y - y.exp() - self.scale.log()

    @property
    def mean(self):
        return self.loc + self.scale * EULER

    @property
    def mode(self):
        return self.loc

    @property
    def stddev(self):
        return math.pi / math.sqrt(6) * self.scale

    @property
    def variance(self):
        return self.stddev.pow(2)

    def entropy(self):
        return self.scale.log() + (1 + EULER)
