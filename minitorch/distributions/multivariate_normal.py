"""MultivariateNormal(loc, covariance_matrix | precision_matrix | scale_tril): the Gaussian on R^n, held by the
lower Cholesky factor L of its covariance; rsample is loc + L eps, log_prob solves L y = x - loc."""
import math

from ..tensor import Size
from . import constraints
from .distribution import Distribution
from .location_scale import LocIsMeanAndMode
from .utils import lazy_property


def _batch_shape(*shapes):
    from .. import broadcast_tensors, empty
    return broadcast_tensors(*(empty(s) for s in shapes))[0].size()


def _mahalanobis(L, x):
    """|L^-1 x|^2 over the last dim, L broadcast against x's batch dims; only L's lower triangle is read."""
    from ..linalg import solve
    shape = _batch_shape(L.shape[:-2], x.shape[:-1])
    L, x = L.tril().expand(tuple(shape) + tuple(L.shape[-2:])), x.expand(tuple(shape) + (x.shape[-1],))
    y = solve(L, x.unsqueeze(-1))
    return y.squeeze(-1).pow(2).sum(-1)


def _half_log_det(L):
    return L.diagonal(dim1=-2, dim2=-1).log().sum(-1)  # log det(L L^T) / 2


def _precision_to_scale_tril(P):
    """L with L L^T = P^-1: the Cholesky factor of the flipped precision, flipped back and inverted."""
    from .. import eye
    from ..linalg import cholesky, solve
    Lf = cholesky(P.flip(-2, -1))
    L_inv = Lf.flip(-2, -1).mT
    return solve(L_inv.tril(), eye(P.shape[-1], dtype=P.dtype, device=P.device))


_MATRIX_NAMES = ("covariance_matrix", "precision_matrix", "scale_tril")


def _the_one_matrix(error, covariance_matrix, precision_matrix, scale_tril):
    """(name, matrix) of the single parameterisation given; error (torch's exception class) when not one."""
    given = [(name, m) for name, m in zip(_MATRIX_NAMES, (covariance_matrix, precision_matrix, scale_tril))
             if m is not None]
    if len(given) != 1:
        raise error("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.")
    return given[0]


def _scale_tril_of(name, matrix):
    """The lower Cholesky factor of the covariance, from the matrix given as parameter `name`."""
    from ..linalg import cholesky
    if name == "scale_tril":
        return matrix
    return cholesky(matrix) if name == "covariance_matrix" else _precision_to_scale_tril(matrix)


def matrix_shape(dist):
    """batch_shape + (n, n) for a distribution over n-vectors or n x n matrices."""
    n = dist._event_shape[-1]
    return tuple(dist._batch_shape) + (n, n)


class ScaleTrilMatrices:
    """For a law held by the lower Cholesky factor L = _unbroadcasted_scale_tril of its matrix Sigma = L L^T:
    scale_tril, covariance_matrix and precision_matrix, broadcast to the batch and computed once."""

    def _expand_matrices(self, new, batch_shape):
        """Copies the parameterisations computed so far to the expanded instance new."""
        n = self._event_shape[-1]
        for name in _MATRIX_NAMES:
            if name in self.__dict__:
                new.__dict__[name] = self.__dict__[name].expand(tuple(batch_shape) + (n, n))

    @lazy_property
    def scale_tril(self):
        return self._unbroadcasted_scale_tril.expand(matrix_shape(self))

    @lazy_property
    def covariance_matrix(self):
        L = self._unbroadcasted_scale_tril
        return (L @ L.mT).expand(matrix_shape(self))

    @lazy_property
    def precision_matrix(self):
        from .. import cholesky_solve, eye
        L = self._unbroadcasted_scale_tril  # (L L^T)^-1 by two triangular solves
        return cholesky_solve(eye(self._event_shape[-1], dtype=L.dtype, device=L.device), L).expand(
            matrix_shape(self))


class MultivariateNormal(LocIsMeanAndMode, ScaleTrilMatrices, Distribution):
    arg_constraints = {"loc": constraints.real_vector, "covariance_matrix": constraints.positive_definite,
                       "precision_matrix": constraints.positive_definite, "scale_tril": constraints.lower_cholesky}
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        name, matrix = _the_one_matrix(ValueError, covariance_matrix, precision_matrix, scale_tril)
        if matrix.dim() < 2:
            kind = "scale_tril matrix" if name == "scale_tril" else name
            raise ValueError("%s must be at least two-dimensional, with optional leading batch dimensions" % kind)
        batch_shape = _batch_shape(matrix.shape[:-2], loc.shape[:-1])
        self.__dict__[name] = matrix.expand(tuple(batch_shape) + (-1, -1))
        self.loc = loc.expand(tuple(batch_shape) + (-1,))
        super().__init__(batch_shape, self.loc.shape[-1:], validate_args=validate_args)
        self._unbroadcasted_scale_tril = _scale_tril_of(name, matrix)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(MultivariateNormal, _instance)
        new.loc = self.loc.expand(tuple(batch_shape) + tuple(self._event_shape))
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril
        self._expand_matrices(new, batch_shape)
        return self._expanded(new, batch_shape)

    @property
    def variance(self):
        return self._unbroadcasted_scale_tril.pow(2).sum(-1).expand(self._extended_shape())

    def rsample(self, sample_shape=Size()):
        from .. import randn
        eps = randn(self._extended_shape(sample_shape), dtype=self.loc.dtype, device=self.loc.device)
        return self.loc + (self._unbroadcasted_scale_tril @ eps.unsqueeze(-1)).squeeze(-1)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        n = self._event_shape[0]  # -(n log 2 pi + |L^-1 (x - mu)|^2) / 2 - log det L
        M = _mahalanobis(self._unbroadcasted_scale_tril, value - self.loc)
        return -0.5 * (n * math.log(2 * math.pi) + M) - _half_log_det(self._unbroadcasted_scale_tril)

    def entropy(self):
        n = self._event_shape[0]  # n/2 (1 + log 2 pi) + log det L
        H = 0.5 * n * (1.0 + math.log(2 * math.pi)) + _half_log_det(self._unbroadcasted_scale_tril)
        return H.expand(self._batch_shape)
