"""LowRankMultivariateNormal(loc, cov_factor W, cov_diag D): the Gaussian with covariance W W^T + diag(D).

Densities use the capacitance C = I + W^T D^-1 W (Woodbury and the matrix determinant lemma): with L its
Cholesky factor, log det = 2 log det L + sum log D and the Mahalanobis term is x^T D^-1 x - |L^-1 W^T D^-1 x|^2."""
import math

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .location_scale import LocIsMeanAndMode
from .multivariate_normal import _half_log_det, _mahalanobis, matrix_shape
from .utils import lazy_property


def _capacitance_tril(W, D):
    from .. import eye
    from ..linalg import cholesky
    Wt_Dinv = W.mT / D.unsqueeze(-2)
    return cholesky(Wt_Dinv @ W + eye(W.shape[-1], dtype=W.dtype, device=W.device))


def _lowrank_logdet(D, capacitance_tril):
    return 2 * _half_log_det(capacitance_tril) + D.log().sum(-1)


def _lowrank_mahalanobis(W, D, x, capacitance_tril):
    Wt_Dinv_x = ((W.mT / D.unsqueeze(-2)) @ x.unsqueeze(-1)).squeeze(-1)
    return (x.pow(2) / D).sum(-1) - _mahalanobis(capacitance_tril, Wt_Dinv_x)


class LowRankMultivariateNormal(LocIsMeanAndMode, Distribution):
    arg_constraints = {"loc": constraints.real_vector, "cov_factor": constraints.independent(constraints.real, 2),
                       "cov_diag": constraints.independent(constraints.positive, 1)}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, cov_factor, cov_diag, validate_args=None):
        from .. import broadcast_tensors
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = loc.shape[-1:]
        if cov_factor.dim() < 2:
            raise ValueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions")
        if tuple(cov_factor.shape[-2:-1]) != tuple(event_shape):
            raise ValueError("cov_factor must be a batch of matrices with shape %d x m" % event_shape[0])
        if tuple(cov_diag.shape[-1:]) != tuple(event_shape):
            raise ValueError("cov_diag must be a batch of vectors with shape %s" % (event_shape,))
        try:
            loc_, self.cov_factor, diag_ = broadcast_tensors(loc.unsqueeze(-1), cov_factor, cov_diag.unsqueeze(-1))
        except RuntimeError as err:
            raise ValueError("Incompatible batch shapes: loc %s, cov_factor %s, cov_diag %s"
                             % (loc.shape, cov_factor.shape, cov_diag.shape)) from err
        self.loc, self.cov_diag = loc_[..., 0], diag_[..., 0]
        self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag = cov_factor, cov_diag
        self._capacitance_tril = _capacitance_tril(cov_factor, cov_diag)
        super().__init__(self.loc.shape[:-1], event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(LowRankMultivariateNormal, _instance)
        loc_shape = tuple(batch_shape) + tuple(self._event_shape)
        new.loc, new.cov_diag = self.loc.expand(loc_shape), self.cov_diag.expand(loc_shape)
        new.cov_factor = self.cov_factor.expand(loc_shape + tuple(self.cov_factor.shape[-1:]))
        new._unbroadcasted_cov_factor = self._unbroadcasted_cov_factor
        new._unbroadcasted_cov_diag = self._unbroadcasted_cov_diag
        new._capacitance_tril = self._capacitance_tril
        return self._expanded(new, batch_shape)

    @lazy_property
    def variance(self):
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return (W.pow(2).sum(-1) + D).expand(tuple(self._batch_shape) + tuple(self._event_shape))

    @lazy_property
    def scale_tril(self):
        """sqrt(D) chol(I + D^-1/2 W W^T D^-1/2): a lower factor of W W^T + D."""
        from .. import eye
        from ..linalg import cholesky
        n = self._event_shape[0]
        sqrt_d = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        scaled = self._unbroadcasted_cov_factor / sqrt_d
        K = scaled @ scaled.mT + eye(n, dtype=scaled.dtype, device=scaled.device)
        return (sqrt_d * cholesky(K)).expand(matrix_shape(self))

    @lazy_property
    def covariance_matrix(self):
        W = self._unbroadcasted_cov_factor
        return (W @ W.mT + self._unbroadcasted_cov_diag.diag_embed()).expand(matrix_shape(self))

    @lazy_property
    def precision_matrix(self):
        """Woodbury: D^-1 - A^T A with A = L^-1 W^T D^-1."""
        from ..linalg import solve
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        A = solve(self._capacitance_tril.tril(), W.mT / D.unsqueeze(-2))
        return (D.reciprocal().diag_embed() - A.mT @ A).expand(matrix_shape(self))

    def rsample(self, sample_shape=Size()):
        from .. import randn
        shape = self._extended_shape(sample_shape)
        options = dict(dtype=self.loc.dtype, device=self.loc.device)
        eps_w = randn(tuple(shape[:-1]) + tuple(self.cov_factor.shape[-1:]), **options)
        eps_d = randn(shape, **options)
        W, D = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return self.loc + (W @ eps_w.unsqueeze(-1)).squeeze(-1) + D.sqrt() * eps_d

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        W, D, L = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag, self._capacitance_tril
        M = _lowrank_mahalanobis(W, D, value - self.loc, L)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + _lowrank_logdet(D, L) + M)

    def entropy(self):
        H = 0.5 * (self._event_shape[0] * (1.0 + math.log(2 * math.pi))
                   + _lowrank_logdet(self._unbroadcasted_cov_diag, self._capacitance_tril))
        return H.expand(self._batch_shape) if len(self._batch_shape) else H
