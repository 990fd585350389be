"""LKJCholesky(dim, concentration): the LKJ law on Cholesky factors L of dim x dim correlation matrices, density
proportional to det(L L^T)^(concentration - 1) (with the Jacobian of L -> L L^T: prod_i L_ii^(dim - i + 2c - 2)).

Samples use the onion method: row i is sqrt(y_i) times a uniform direction in its first i coordinates, with
y_i ~ Beta(i / 2, c + (dim - 2) / 2 - i / 2), and the diagonal entry completes the row to unit length."""
import math

from ..tensor import Size
from . import constraints
from .beta import Beta
from .distribution import Distribution
from .utils import broadcast_all, finfo


class LKJCholesky(Distribution):
    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky

    def __init__(self, dim, concentration=1.0, validate_args=None):
        from .. import arange, cat
        if dim < 2:
            raise ValueError("Expected dim to be an integer greater than or equal to 2. Found dim=%s." % (dim,))
        self.dim = dim
        (self.concentration,) = broadcast_all(concentration)
        offset = arange(dim - 1, dtype=self.concentration.dtype, device=self.concentration.device)
        offset = cat([offset.new_zeros((1,)), offset])
        marginal = self.concentration + 0.5 * (dim - 2)
        self._beta = Beta(offset + 0.5, marginal.unsqueeze(-1) - 0.5 * offset)
        super().__init__(self.concentration.size(), Size((dim, dim)), validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(LKJCholesky, _instance)
        new.dim, new.concentration = self.dim, self.concentration.expand(batch_shape)
        new._beta = self._beta.expand(tuple(batch_shape) + (self.dim,))
        return self._expanded(new, batch_shape)

    def sample(self, sample_shape=Size()):
        from .. import no_grad, randn
        with no_grad():
            y = self._beta.sample(sample_shape).unsqueeze(-1)
            normal = randn(self._extended_shape(sample_shape), dtype=y.dtype, device=y.device).tril(-1)
            direction = normal / normal.norm(dim=-1, keepdim=True)
            direction[..., 0, :] = 0.0  # the first row is (1, 0, ..., 0); its 0/0 direction is dropped
            w = y.sqrt() * direction
            diagonal = (1 - w.pow(2).sum(-1)).clamp(min=float(finfo(w).tiny)).sqrt()
            return w + diagonal.diag_embed()

    def log_prob(self, value):
        from .. import arange, special
        if self._validate_args:
            self._validate_sample(value)
        diagonal = value.diagonal(dim1=-1, dim2=-2)[..., 1:]
        order = arange(2, self.dim + 1, device=self.concentration.device)
        order = 2 * (self.concentration - 1).unsqueeze(-1) + self.dim - order
        unnormalised = (order * diagonal.log()).sum(-1)
        dm1 = self.dim - 1  # log normaliser: (dim-1)/2 log pi + mvlgamma(alpha - 1/2, dim-1) - (dim-1) lgamma(alpha)
        alpha = self.concentration + 0.5 * dm1
        normaliser = 0.5 * dm1 * math.log(math.pi) + special.multigammaln(alpha - 0.5, dm1) - alpha.lgamma() * dm1
        return unnormalised - normaliser
