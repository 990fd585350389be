"""Dirichlet(concentration): density prod x_k^(a_k - 1) / B(a) on the simplex of the last dim.

rsample normalises independent Gamma(a_k) draws (drawn as torch draws them), reparameterised through their implicit
gradient."""
from ..tensor import Size
from . import constraints
from .exp_family import ExponentialFamily
from .gamma_reparam import rsample_dirichlet


class Dirichlet(ExponentialFamily):
    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, concentration, validate_args=None):
        if concentration.dim() < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        super().__init__(concentration.shape[:-1], concentration.shape[-1:], validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Dirichlet, _instance)
        new.concentration = self.concentration.expand(tuple(batch_shape) + tuple(self._event_shape))
        return self._expanded(new, batch_shape)

    def rsample(self, sample_shape=Size()):
        return rsample_dirichlet(self.concentration, self._extended_shape(sample_shape))

    def log_prob(self, value):
        from .. import xlogy
        if self._validate_args:
            self._validate_sample(value)
        a = self.concentration  # sum (a_k - 1) log x_k - log B(a)
        return xlogy(a - 1.0, value).sum(-1) - self._log_normalizer(a)

    @property
    def mean(self):
        return self.concentration / self.concentration.sum(-1, True)

    @property
    def mode(self):
        """(a - 1)_+ normalised; with every a_k < 1, torch puts the mode at the first vertex."""
        from .. import where, zeros_like
        am1 = (self.concentration - 1).clamp(min=0.0)
        first_vertex = zeros_like(am1)
        first_vertex[..., 0] = 1
        return where((self.concentration < 1).all(-1, keepdim=True), first_vertex, am1 / am1.sum(-1, True))

    @property
    def variance(self):
        a0 = self.concentration.sum(-1, True)  # a_k (a0 - a_k) / (a0^2 (a0 + 1))
        return self.concentration * (a0 - self.concentration) / (a0.pow(2) * (a0 + 1))

    def entropy(self):
        a = self.concentration  # log B(a) + (a0 - K) psi(a0) - sum (a_k - 1) psi(a_k)
        k, a0 = a.size(-1), a.sum(-1)
        return self._log_normalizer(a) - (k - a0) * a0.digamma() - ((a - 1.0) * a.digamma()).sum(-1)

    @property
    def _natural_params(self):
        return (self.concentration,)

    def _log_normalizer(self, x):
        return x.lgamma().sum(-1) - x.sum(-1).lgamma()
