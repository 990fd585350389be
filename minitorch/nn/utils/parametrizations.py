"""parametrizations: ready-made parametrizations for nn.utils.parametrize.

weight_norm: the weight as g * v / ||v|| (see weight_norm.py), with g stored as ``original0`` and v as
``original1`` under ``module.parametrizations.weight``.
orthogonal: the weight as an orthogonal matrix (see _Orthogonal).
spectral_norm: the weight divided by its largest singular value (see _SpectralNorm).
"""
from ... import linalg
from ...autograd.grad_mode import no_grad
from ...creation import eye, zeros_like
from ...info import finfo
from ...ops.decompositions import matrix_exp
from ...ops.elementwise import allclose, where
from ...ops.linalg import mv, vdot
from ...ops.shape import cat
from ...random import randn
from ...tensor import Tensor
from ..functional import normalize
from ..module import Module
from .parametrize import register_parametrization
from .weight_norm import norm_except_dim, weight_from

__all__ = ["weight_norm", "orthogonal", "spectral_norm"]


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return weight_from(weight_g, weight_v, self.dim)

    def right_inverse(self, weight):
        """(g, v) = (||weight||, weight)."""
        return norm_except_dim(weight, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Parametrize ``module.<name>`` as g * v / ||v|| (norm over every dim but ``dim``); returns the module."""
    register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module


# --- orthogonal ---------------------------------------------------------------------------------------------------
_ORTHOGONAL_MAPS = ("matrix_exp", "cayley", "householder")


def _geqrf(a):
    """LAPACK's QR in Householder form: (a holding R above the diagonal and the reflectors below it, tau)."""
    xp = a.xp
    h, tau = xp.linalg.qr(a._data, mode="raw")  # raw mode returns the reflectors transposed
    return Tensor._make(xp.ascontiguousarray(xp.swapaxes(h, -1, -2))), Tensor._make(tau)


def _make_orthogonal(a):
    """The Q of a's QR factorisation, with columns signed so that R's diagonal is non-negative."""
    q, r = linalg.qr(a)
    return q * r.diagonal(dim1=-2, dim2=-1).sgn().unsqueeze(-2)


def _is_orthogonal(q):
    """Q^H Q = I to within 10 n eps."""
    n, k = q.size(-2), q.size(-1)
    identity = eye(k, dtype=q.dtype, device=q.device)
    return bool(allclose(q.mH @ q, identity, atol=10.0 * n * finfo(q.dtype).eps))


class _Orthogonal(Module):
    """weight = base @ map(original), with map(X) orthogonal: exp(A) or the Cayley transform (I - A/2)^-1 (I + A/2)
    of the skew matrix A = tril(X) - tril(X)^H, or the product of the Householder reflectors below X's diagonal.
    Wide matrices are handled through their transpose; without trivialization there is no ``base``."""

    def __init__(self, weight, orthogonal_map, *, use_trivialization=True):
        super().__init__()
        if weight.is_complex() and orthogonal_map == "householder":
            raise ValueError("The householder parametrization does not support complex tensors.")
        self.shape = weight.shape
        self.orthogonal_map = orthogonal_map
        if use_trivialization:
            self.register_buffer("base", None)

    def forward(self, x):
        n, k = x.size(-2), x.size(-1)
        transposed = n < k
        if transposed:
            x, n, k = x.mT, k, n
        q = self._householder(x) if self.orthogonal_map == "householder" else self._from_skew(x, n, k)
        if hasattr(self, "base"):
            q = self.base @ q
        return q.mT if transposed else q

    def _from_skew(self, x, n, k):
        x = x.tril()
        if n != k:
            x = cat([x, x.new_zeros(n, n - k).expand(*x.shape[:-2], -1, -1)], dim=-1)
        a = x - x.mH
        if self.orthogonal_map == "matrix_exp":
            q = matrix_exp(a)
        else:
            identity = eye(n, dtype=a.dtype, device=a.device)
            q = linalg.solve(identity - a * 0.5, identity + a * 0.5)
        return q[..., :k] if n != k else q

    @staticmethod
    def _householder(x):
        a = x.tril(diagonal=-1)
        tau = 2.0 / (1.0 + (a * a).sum(dim=-2))
        q = linalg.householder_product(a, tau)
        return q * x.diagonal(dim1=-2, dim2=-1).int().unsqueeze(-2)

    def right_inverse(self, q):
        """An original that maps to q: with trivialization, base = q (completed to a square orthogonal matrix by
        random columns when it is not square) and original = -I; otherwise (householder only) q's reflectors."""
        if q.shape != self.shape:
            raise ValueError("Expected a matrix or batch of matrices of shape %s. Got a tensor of shape %s."
                             % (self.shape, q.shape))
        with no_grad():
            q_init = q
            n, k = q.size(-2), q.size(-1)
            transposed = n < k
            if transposed:
                q, n, k = q.mT, k, n
            if not hasattr(self, "base"):
                return self._reflectors(q, transposed)
            if n == k:
                q = q.clone() if _is_orthogonal(q) else _make_orthogonal(q)
            else:
                fill = randn(*(tuple(q.shape[:-2]) + (n, n - k)), dtype=q.dtype, device=q.device)
                q = _make_orthogonal(cat([q, fill], dim=-1))
            self.base = q
            negative_identity = zeros_like(q_init)
            negative_identity.diagonal(dim1=-2, dim2=-1).fill_(-1.0)
            return negative_identity

    def _reflectors(self, q, transposed):
        if self.orthogonal_map != "householder":
            raise NotImplementedError("It is not possible to assign to the matrix exponential or the Cayley "
                                      "parametrizations when use_trivialization=False.")
        a, tau = _geqrf(q)
        diagonal = a.diagonal(dim1=-2, dim2=-1)
        diagonal.copy_(diagonal.sign() * where(tau == 0.0, -1.0, 1.0).to(a.dtype))
        return a.mT if transposed else a


def orthogonal(module, name="weight", orthogonal_map=None, *, use_trivialization=True):
    """Parametrize ``module.<name>`` (a matrix or a batch of them) as orthogonal (unitary), see _Orthogonal;
    orthogonal_map defaults to matrix_exp for square or complex weights, householder otherwise."""
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError("Module '%s' has no parameter or buffer with name '%s'" % (module, name))
    if weight.ndim < 2:
        raise ValueError("Expected a matrix or batch of matrices. Got a tensor of %d dimensions." % weight.ndim)
    if orthogonal_map is None:
        orthogonal_map = "matrix_exp" if weight.size(-2) == weight.size(-1) or weight.is_complex() else "householder"
    if orthogonal_map not in _ORTHOGONAL_MAPS:
        raise ValueError('orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: %s'
                         % orthogonal_map)
    register_parametrization(module, name, _Orthogonal(weight, orthogonal_map, use_trivialization=use_trivialization),
                             unsafe=True)
    return module


# --- spectral norm ------------------------------------------------------------------------------------------------
class _SpectralNorm(Module):
    """weight / sigma, sigma the largest singular value of the weight as a matrix (``dim`` first, the rest
    flattened), estimated by power iteration on the buffers _u, _v: in training mode each forward first runs
    ``n_power_iterations`` of u = normalize(W v), v = normalize(W^H u) (without gradient). A vector is just
    normalized."""

    def __init__(self, weight, n_power_iterations=1, dim=0, eps=1e-12):
        super().__init__()
        ndim = weight.ndim
        if dim >= ndim or dim < -ndim:
            raise IndexError("Dimension out of range (expected to be in range of [-%d, %d] but got %d)"
                             % (ndim, ndim - 1, dim))
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got n_power_iterations=%s"
                             % n_power_iterations)
        self.dim = dim if dim >= 0 else dim + ndim
        self.eps = eps
        if ndim > 1:
            self.n_power_iterations = n_power_iterations
            weight_mat = self._matrix(weight)
            h, w = weight_mat.size()
            self.register_buffer("_u", normalize(weight_mat.new_empty(h).normal_(0, 1), dim=0, eps=self.eps))
            self.register_buffer("_v", normalize(weight_mat.new_empty(w).normal_(0, 1), dim=0, eps=self.eps))
            self._power_method(weight_mat, 15)

    def _matrix(self, weight):
        if self.dim != 0:
            weight = weight.permute(self.dim, *(d for d in range(weight.dim()) if d != self.dim))
        return weight.flatten(1)

    def _power_method(self, weight_mat, n_power_iterations):
        with no_grad():
            for _ in range(n_power_iterations):
                self._u.copy_(normalize(mv(weight_mat, self._v), dim=0, eps=self.eps))
                self._v.copy_(normalize(mv(weight_mat.mH, self._u), dim=0, eps=self.eps))

    def forward(self, weight):
        if weight.ndim == 1:
            return normalize(weight, dim=0, eps=self.eps)
        weight_mat = self._matrix(weight)
        if self.training:
            self._power_method(weight_mat, self.n_power_iterations)
        u, v = self._u.clone(), self._v.clone()  # the graph keeps this step's vectors, not the buffers
        return weight / vdot(u, mv(weight_mat, v))

    def right_inverse(self, value):
        """Assigning a weight stores it as is (its spectral norm is not recovered)."""
        return value


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Parametrize ``module.<name>`` as divided by its spectral norm (see _SpectralNorm); dim defaults to 1 for
    transposed convolutions, else 0."""
    from ..modules.conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
    weight = getattr(module, name, None)
    if not isinstance(weight, Tensor):
        raise ValueError("Module '%s' has no parameter or buffer with name '%s'" % (module, name))
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    register_parametrization(module, name, _SpectralNorm(weight, n_power_iterations, dim, eps))
    return module
