"""ContinuousBernoulli(probs | logits, lims): density C(p) p^x (1 - p)^(1 - x) on [0, 1], with normaliser
C(p) = 2 atanh(1 - 2p) / (1 - 2p). Inside the unstable band lims around p = 1/2 the closed forms are replaced by
Taylor expansions (and p by lims[0] where a closed form still appears), as in torch."""
import math

from ..tensor import Size
from . import constraints
from .binary_params import BinaryParams
from .exp_family import ExponentialFamily
from .utils import broadcast_all, clamp_probs, lazy_property, logits_to_probs


class ContinuousBernoulli(BinaryParams, ExponentialFamily):
    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.unit_interval
    _mean_carrier_measure = 0
    has_rsample = True

    def __init__(self, probs=None, logits=None, lims=(0.499, 0.501), validate_args=None):
        batch_shape = self._set_param(probs, logits)
        if probs is not None:
            if validate_args is not None and not bool(self.arg_constraints["probs"].check(self.probs).all()):
                raise ValueError("The parameter probs has invalid values")
            self.__dict__["probs"] = self._param = clamp_probs(self.probs)
        self._lims = lims
        super().__init__(batch_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(ContinuousBernoulli, _instance)
        new._lims = self._lims
        return self._expand_param(new, batch_shape)

    @lazy_property
    def probs(self):
        return clamp_probs(logits_to_probs(self.logits, is_binary=True))

    def _stable(self):
        return (self.probs <= self._lims[0]) | (self.probs > self._lims[1])

    def _cut_probs(self):
        from .. import where
        return where(self._stable(), self.probs, self._lims[0])

    def _cont_bern_log_norm(self):
        """log C(p): log|log(1 - p) - log p| - log|1 - 2p|, or log 2 + 4/3 x + 104/45 x^2 (x = (p - 1/2)^2)."""
        from .. import where
        p = self._cut_probs()
        below, above = where(p <= 0.5, p, 0.0), where(p >= 0.5, p, 1.0)
        log_norm = (((-p).log1p() - p.log()).abs().log()
                    - where(p <= 0.5, (-2.0 * below).log1p(), (2.0 * above - 1.0).log()))
        x = (self.probs - 0.5).pow(2)
        return where(self._stable(), log_norm, math.log(2.0) + (4.0 / 3.0 + 104.0 / 45.0 * x) * x)

    @property
    def mean(self):
        from .. import where
        p = self._cut_probs()  # p / (2p - 1) + 1 / (log(1 - p) - log p)
        closed = p / (2.0 * p - 1.0) + 1.0 / ((-p).log1p() - p.log())
        x = self.probs - 0.5
        return where(self._stable(), closed, 0.5 + (1.0 / 3.0 + 16.0 / 45.0 * x.pow(2)) * x)

    @property
    def stddev(self):
        return self.variance.sqrt()

    @property
    def variance(self):
        from .. import where
        p = self._cut_probs()
        closed = p * (p - 1.0) / (1.0 - 2.0 * p).pow(2) + 1.0 / ((-p).log1p() - p.log()).pow(2)
        x = (self.probs - 0.5).pow(2)
        return where(self._stable(), closed, 1.0 / 12.0 - (1.0 / 15.0 - 128.0 / 945.0 * x) * x)

    def sample(self, sample_shape=Size()):
        from .. import no_grad
        with no_grad():
            return self.rsample(sample_shape)

    def rsample(self, sample_shape=Size()):
        from .. import rand
        return self.icdf(rand(self._extended_shape(sample_shape), dtype=self.probs.dtype, device=self.probs.device))

    def log_prob(self, value):
        from ..nn.functional import binary_cross_entropy_with_logits
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -binary_cross_entropy_with_logits(logits, value, reduction="none") + self._cont_bern_log_norm()

    def cdf(self, value):
        from .. import where
        if self._validate_args:
            self._validate_sample(value)
        p = self._cut_probs()  # (p^x (1 - p)^(1 - x) + p - 1) / (2p - 1), clipped to [0, 1] outside the support
        closed = (p.pow(value) * (1.0 - p).pow(1.0 - value) + p - 1.0) / (2.0 * p - 1.0)
        inside = where(self._stable(), closed, value)
        return where(value <= 0.0, 0.0, where(value >= 1.0, 1.0, inside)).to(inside.dtype)

    def icdf(self, value):
        from .. import where
        p = self._cut_probs()
        closed = ((-p + value * (2.0 * p - 1.0)).log1p() - (-p).log1p()) / (p.log() - (-p).log1p())
        return where(self._stable(), closed, value)

    def entropy(self):
        log_q, log_p = (-self.probs).log1p(), self.probs.log()
        return self.mean * (log_q - log_p) - self._cont_bern_log_norm() - log_q

    @property
    def _natural_params(self):
        return (self.logits,)

    def _log_normalizer(self, x):
        from .. import special, where
        stable = (x <= self._lims[0] - 0.5) | (x > self._lims[1] - 0.5)
        cut = where(stable, x, self._lims[0] - 0.5)
        log_norm = special.expm1(cut).abs().log() - cut.abs().log()
        return where(stable, log_norm, 0.5 * x + x.pow(2) / 24.0 - x.pow(4) / 2880.0)
