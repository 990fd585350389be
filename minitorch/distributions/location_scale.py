"""The part Normal and Laplace share: a real-valued distribution given by a location and a positive scale."""
from . import constraints
from .distribution import Distribution


class LocIsMeanAndMode:
    """For laws symmetric and unimodal about their location loc: it is both the mean and the mode."""

    @property
    def mean(self):
        return self.loc

    @property
    def mode(self):
        return self.loc


class LocationScale(LocIsMeanAndMode, Distribution):
    """loc and scale broadcast together; the batch shape is theirs (empty when both are numbers)."""
    arg_constraints = {"loc": constraints.real, "scale": constraints.positive}
    support = constraints.real
    has_rsample = True

    def __init__(self, loc, scale, validate_args=None):
        super().__init__(self._broadcast_params(loc=loc, scale=scale), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(type(self), _instance, batch_shape, "loc", "scale")
