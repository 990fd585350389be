"""Wishart(df, covariance_matrix | precision_matrix | scale_tril): the law of sum_k x_k x_k^T over df draws
x_k ~ N(0, Sigma), held by the Cholesky factor L of Sigma.

rsample is Bartlett's decomposition L A A^T L^T, A lower triangular with sqrt(Chi2(df - i)) on the diagonal
(reparameterised Gamma draws) and standard normals below; draws that are numerically singular are redrawn (up to
max_try_correction times, with a warning; torch 2.13 warns on every call because it tests the wrong way round)."""
import math
import warnings
from numbers import Number

from ..tensor import Size
from . import constraints
from .exp_family import ExponentialFamily
from .gamma_reparam import rsample_standard_gamma
from .multivariate_normal import ScaleTrilMatrices, _half_log_det, _scale_tril_of, _the_one_matrix
from .utils import finfo, vec_to_tril_matrix


def _mvdigamma(x, p):
    """sum_i<p digamma(x - i / 2), the derivative of the multivariate log-gamma function."""
    from .. import arange
    if not bool((x > (p - 1) / 2).all()):
        raise AssertionError("Wrong domain for multivariate digamma function.")
    return (x.unsqueeze(-1) - arange(p, dtype=x.dtype, device=x.device) / 2).digamma().sum(-1)


class Wishart(ScaleTrilMatrices, ExponentialFamily):
    support = constraints.positive_definite
    has_rsample = True
    _mean_carrier_measure = 0

    @property
    def arg_constraints(self):
        return {"covariance_matrix": constraints.positive_definite,
                "precision_matrix": constraints.positive_definite, "scale_tril": constraints.lower_cholesky,
                "df": constraints.greater_than(self.event_shape[-1] - 1)}

    def __init__(self, df, covariance_matrix=None, precision_matrix=None, scale_tril=None, validate_args=None):
        from .. import broadcast_shapes, tensor
        name, param = _the_one_matrix(AssertionError, covariance_matrix, precision_matrix, scale_tril)
        if param.dim() < 2:
            raise ValueError("scale_tril must be at least two-dimensional, with optional leading batch dimensions")
        if isinstance(df, Number):
            batch_shape = Size(param.shape[:-2])
            self.df = tensor(df, dtype=param.dtype, device=param.device)
        else:
            batch_shape = broadcast_shapes(param.shape[:-2], df.shape)
            self.df = df.expand(batch_shape)
        event_shape = param.shape[-2:]
        p = event_shape[-1]
        if bool((self.df <= p - 1).any()):
            raise ValueError("Value of df=%s expected to be greater than ndim - 1 = %d." % (df, p - 1))
        self.__dict__[name] = param.expand(tuple(batch_shape) + (-1, -1))
        if bool((self.df < p).any()):
            warnings.warn("Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < "
                          "ndim.", stacklevel=2)
        super().__init__(batch_shape, event_shape, validate_args=validate_args)
        self._unbroadcasted_scale_tril = _scale_tril_of(name, param)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Wishart, _instance)
        matrix_shape = tuple(batch_shape) + tuple(self._event_shape)
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril.expand(matrix_shape)
        new.df = self.df.expand(batch_shape)
        self._expand_matrices(new, batch_shape)
        return self._expanded(new, batch_shape)

    def _df_matrix(self):
        return self.df.view(tuple(self._batch_shape) + (1, 1))

    @property
    def mean(self):
        return self._df_matrix() * self.covariance_matrix

    @property
    def mode(self):
        from .. import where
        factor = self.df - self.covariance_matrix.shape[-1] - 1  # (df - p - 1) Sigma, defined for df > p + 1
        factor = where(factor <= 0, math.nan, factor)
        return factor.view(tuple(self._batch_shape) + (1, 1)) * self.covariance_matrix

    @property
    def variance(self):
        V = self.covariance_matrix  # df (V_ij^2 + V_ii V_jj)
        d = V.diagonal(dim1=-2, dim2=-1)
        return self._df_matrix() * (V.pow(2) + d.unsqueeze(-1) * d.unsqueeze(-2))

    def _bartlett_sampling(self, sample_shape):
        from .. import arange, randn
        p, L = self._event_shape[-1], self._unbroadcasted_scale_tril
        shape = tuple(sample_shape) + tuple(self._batch_shape)
        chi2_df = self.df.unsqueeze(-1) - arange(p, dtype=L.dtype, device=L.device)
        chi2 = 2 * rsample_standard_gamma(chi2_df / 2, shape + (p,))
        below = randn(shape + (p * (p - 1) // 2,), dtype=L.dtype, device=L.device)
        A = chi2.sqrt().clamp(min=float(finfo(chi2).eps)).diag_embed() + vec_to_tril_matrix(below, diag=-1)
        chol = L @ A
        return chol @ chol.mT

    def rsample(self, sample_shape=Size(), max_try_correction=None):
        from .. import where
        sample_shape = Size(sample_shape)
        sample = self._bartlett_sampling(sample_shape)
        singular = ~self.support.check(sample)
        if bool(singular.any()):
            warnings.warn("Singular sample detected.", stacklevel=2)
        for _ in range(10 if max_try_correction is None else max_try_correction):
            if not bool(singular.any()):
                break
            sample = where(singular[..., None, None], self._bartlett_sampling(sample_shape), sample)
            singular = ~self.support.check(sample)
        return sample

    def _log_det_scale(self):
        return 2 * _half_log_det(self._unbroadcasted_scale_tril)  # log det Sigma

    def log_prob(self, value):
        from .. import cholesky_solve, special
        from ..linalg import slogdet
        if self._validate_args:
            self._validate_sample(value)
        nu, p = self.df, self._event_shape[-1]
        # -nu/2 (p log 2 + log det Sigma) - mvlgamma(nu/2) + (nu - p - 1)/2 log det X - tr(Sigma^-1 X)/2
        trace = cholesky_solve(value, self._unbroadcasted_scale_tril).diagonal(dim1=-2, dim2=-1).sum(-1)
        return (-nu * (p * math.log(2) / 2 + self._log_det_scale() / 2) - special.multigammaln(nu / 2, p)
                + (nu - p - 1) / 2 * slogdet(value).logabsdet - trace / 2)

    def entropy(self):
        from .. import special
        nu, p = self.df, self._event_shape[-1]
        return ((p + 1) * (p * math.log(2) / 2 + self._log_det_scale() / 2) + special.multigammaln(nu / 2, p)
                - (nu - p - 1) / 2 * _mvdigamma(nu / 2, p) + nu * p / 2)

    @property
    def _natural_params(self):
        return -self.precision_matrix / 2, (self.df - self._event_shape[-1] - 1) / 2

    def _log_normalizer(self, x, y):
        from .. import special
        from ..linalg import slogdet
        p = self._event_shape[-1]
        return ((y + (p + 1) / 2) * (-slogdet(-2 * x).logabsdet + math.log(2) * p)
                + special.multigammaln(y + (p + 1) / 2, p))
