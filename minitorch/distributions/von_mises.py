"""VonMises(loc, concentration): the circular law with density exp(k cos(x - loc)) / (2 pi I0(k)).

I0 and I1 come from the exponentially scaled Bessel functions (torch uses polynomial fits, good to ~1e-7).
Samples use Best and Fisher's rejection scheme in float64, wrapped into [-pi, pi)."""
import math

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .location_scale import LocIsMeanAndMode
from .utils import lazy_property


def _log_bessel(x, order):
    """log I_order(x) = log(I_order(x) e^-x) + x."""
    from .. import special
    scaled = special.i0e(x) if order == 0 else special.i1e(x)
    return scaled.log() + x


class VonMises(LocIsMeanAndMode, Distribution):
    arg_constraints = {"loc": constraints.real, "concentration": constraints.positive}
    support = constraints.real
    has_rsample = False

    def __init__(self, loc, concentration, validate_args=None):
        super().__init__(self._broadcast_params(loc=loc, concentration=concentration), Size(), validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_params(VonMises, _instance, batch_shape, "loc", "concentration")

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        k = self.concentration
        return k * (value - self.loc).cos() - math.log(2 * math.pi) - _log_bessel(k, 0)

    @lazy_property
    def _proposal_r(self):
        """Best-Fisher's envelope parameter r = (1 + rho^2) / (2 rho), its Taylor form 1/k + k for tiny k."""
        from .. import where
        k = self.concentration.detach().double()
        tau = 1 + (1 + 4 * k.pow(2)).sqrt()
        rho = (tau - (2 * tau).sqrt()) / (2 * k)
        return where(k < 1e-5, 1 / k + k, (1 + rho.pow(2)) / (2 * rho))

    def sample(self, sample_shape=Size()):
        from .. import no_grad, rand, where, zeros
        shape = self._extended_shape(sample_shape)
        with no_grad():
            loc, k, r = self.loc.double(), self.concentration.double(), self._proposal_r
            x, done = zeros(shape, dtype=loc.dtype), zeros(shape, dtype=loc.dtype).bool()
            while not bool(done.all()):
                u1, u2, u3 = rand((3,) + tuple(shape), dtype=loc.dtype).unbind()
                z = (math.pi * u1).cos()
                f = (1 + r * z) / (r + z)
                c = k * (r - f)
                accept = ((c * (2 - c) - u2 > 0) | ((c / u2).log() + 1 - c >= 0)) & ~done
                x = where(accept, (u3 - 0.5).sign() * f.acos(), x)
                done = done | accept
            return ((x + math.pi + loc) % (2 * math.pi) - math.pi).to(self.loc.dtype)

    @lazy_property
    def variance(self):
        k = self.concentration  # circular variance 1 - I1(k) / I0(k)
        return 1 - (_log_bessel(k, 1) - _log_bessel(k, 0)).exp()
