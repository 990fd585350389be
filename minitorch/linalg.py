"""minitorch.linalg: torch.linalg's names. Decompositions are Functions in ops/decompositions.py; everything
else here is composed from them and ordinary Tensor ops (so gradients come for free)."""
import builtins
from collections import namedtuple

from .ops import decompositions as _d
from .ops.decompositions import LinAlgError, check_float, check_square, inv, solve
from .ops.linalg import matmul
from .ops.reduce import norm as _pnorm

_INF = float("inf")
SlogdetResult = namedtuple("slogdet", ["sign", "logabsdet"])
QRResult = namedtuple("qr", ["Q", "R"])
SVDResult = namedtuple("svd", ["U", "S", "Vh"])
EighResult = namedtuple("eigh", ["eigenvalues", "eigenvectors"])
LstsqResult = namedtuple("lstsq", ["solution", "residuals", "rank", "singular_values"])


def det(A):
    check_square("det", A)
    return _d.Det.apply(A)


def slogdet(A):
    check_square("slogdet", A)
    return SlogdetResult(*_d.Slogdet.apply(A))


def cholesky(A, *, upper=False):
    check_square("cholesky", A)
    return _d.Cholesky.apply(A, bool(upper))


def qr(A, mode="reduced"):
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError("qr received unrecognized mode '%s' but expected one of 'reduced' (default), 'r', or "
                           "'complete'" % mode)
    _matrices("qr", A)
    q, r = _d.Qr.apply(A, mode)
    return QRResult(A.new_empty((0,)) if mode == "r" else q, r)


def svd(A, full_matrices=True):
    _matrices("svd", A)
    return SVDResult(*_d.Svd.apply(A, bool(full_matrices)))


def svdvals(A):
    return svd(A, full_matrices=False).S


def eigh(A, UPLO="L"):
    check_square("eigh", A)
    if UPLO not in ("L", "U"):
        raise RuntimeError("Expected UPLO argument to be 'L' or 'U', but got %s" % UPLO)
    return EighResult(*_d.Eigh.apply(A, UPLO))


def eigvalsh(A, UPLO="L"):
    return eigh(A, UPLO).eigenvalues


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """V diag(1/s) U^T, dropping singular values at or below max(atol, rtol * s_max)."""
    _matrices("pinv", A)
    u, s, vh = svd(A, full_matrices=False)
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else builtins.max(A.shape[-2:]) * _eps(A)
    smax = s.amax(-1, keepdim=True) if s.shape[-1] else s
    cut = (smax * rtol).clamp_min(atol or 0.0) if s.shape[-1] else s
    keep = s > cut
    s_inv = (1 / s.masked_fill(~keep, 1)).masked_fill(~keep, 0)
    return (vh.mT * s_inv.unsqueeze(-2)) @ u.mT


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    s = svdvals(A.detach())
    if rtol is None:
        rtol = 0.0 if atol is not None and atol > 0 else builtins.max(A.shape[-2:]) * _eps(A)
    cut = (s.amax(-1, keepdim=True) * rtol).clamp_min(atol or 0.0)
    return (s > cut).sum(-1)


def matrix_power(A, n):
    check_square("matrix_power", A)
    if n < 0:
        A, n = inv(A), -n
    result = None
    base = A
    while n:  # binary powering: log2(n) products
        if n & 1:
            result = base if result is None else result @ base
        n >>= 1
        if n:
            base = base @ base
    if result is None:
        from .creation import eye
        result = A * 0 + eye(A.shape[-1], dtype=A.dtype)  # torch's A^0: the identity, with a zero gradient
    return result


def cross(input, other, *, dim=-1):
    from .ops.elementwise import broadcast_shapes
    shape = broadcast_shapes(tuple(input.shape), tuple(other.shape))
    d = dim % len(shape)
    if shape[d] != 3:
        raise RuntimeError("linalg.cross: inputs dimension %d must have length 3. Got %d and %d"
                           % (dim, input.shape[dim], other.shape[dim]))
    a, b = input.expand(shape), other.expand(shape)
    # (a x b)_i = a_{i+1} b_{i+2} - a_{i+2} b_{i+1}
    return a.roll(-1, d) * b.roll(-2, d) - a.roll(-2, d) * b.roll(-1, d)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    check_float("vector_norm", x if dtype is None else x.to(dtype))
    if isinstance(dim, builtins.int):
        dim = (dim,)
    return _pnorm(x, ord, dim, keepdim, dtype)


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    A = A if dtype is None else A.to(dtype)
    check_float("matrix_norm", A)
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 dimensions.")
    dim = tuple(d % A.dim() for d in dim)
    if len(dim) != 2 or dim[0] == dim[1]:
        raise RuntimeError("linalg.matrix_norm: dims must be different. Got (%d, %d)" % dim)
    if ord == "fro":
        return _pnorm(A, 2, dim, keepdim)
    if ord in ("nuc", 2, -2):
        s = svdvals(A.movedim(dim, (-2, -1)))
        out = s.sum(-1) if ord == "nuc" else s.amax(-1) if ord == 2 else s.amin(-1)
    elif ord in (1, -1, _INF, -_INF):
        # 1: max column abs sum ; inf: max row abs sum (min for the negative orders)
        sum_dim, red_dim = (dim[0], dim[1]) if ord in (1, -1) else (dim[1], dim[0])
        sums = A.abs().sum(sum_dim, keepdim=True)
        out = (sums.amax if ord > 0 else sums.amin)(red_dim, keepdim=True)
        return out if keepdim else out.squeeze(builtins.max(dim)).squeeze(builtins.min(dim))
    else:
        raise RuntimeError("linalg.matrix_norm: Order %s not supported." % (ord,))
    if keepdim:
        for d in sorted(dim):
            out = out.unsqueeze(d)
    return out


def norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """ord=None: the 2-norm of the flattened dims; otherwise a matrix norm over 2 dims, a vector norm over 1."""
    if isinstance(dim, builtins.int):
        dim = (dim,)
    if ord is None:
        return vector_norm(A, 2, dim, keepdim, dtype=dtype)
    if dim is None:
        if A.dim() not in (1, 2):
            raise RuntimeError("linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. Got "
                               "%dD." % A.dim())
        dim = tuple(range(A.dim()))
    if len(dim) == 2:
        return matrix_norm(A, ord, dim, keepdim, dtype=dtype)
    return vector_norm(A, ord, dim, keepdim, dtype=dtype)


def lstsq(A, B, rcond=None, *, driver=None):
    """Least squares via the pseudo-inverse (what torch's 'gelsd' driver computes)."""
    vector = B.dim() == A.dim() - 1
    sol = pinv(A) @ (B.unsqueeze(-1) if vector else B)
    return LstsqResult(sol.squeeze(-1) if vector else sol, A.new_empty((0,)), matrix_rank(A),
                       svdvals(A.detach()))


def _matrices(name, A):
    check_float(name, A)
    if A.dim() < 2:
        raise RuntimeError("linalg.%s: The input tensor A must have at least 2 dimensions." % name)


def _eps(A):
    return A.xp.finfo(A.dtype.np).eps


__all__ = ["LinAlgError", "det", "slogdet", "inv", "solve", "cholesky", "qr", "svd", "svdvals", "eigh", "eigvalsh",
           "pinv", "matrix_rank", "matrix_power", "cross", "matmul", "vector_norm", "matrix_norm", "norm",
           "lstsq"]


def _torch_cross(input, other, dim=None):
    """torch.cross: dim defaults to the first dim of size 3."""
    if dim is None:
        dim = next((i for i, n in enumerate(input.shape) if n == 3), -1)
    return cross(input, other, dim=dim)


_OldSVD = namedtuple("svd", ["U", "S", "V"])


def _torch_svd(input, some=True, compute_uv=True):
    """torch.svd: V rather than Vh; some=False gives the full U and V; compute_uv=False zero-fills them."""
    u, s, vh = svd(input, full_matrices=not some)
    if not compute_uv:
        return _OldSVD(u.detach() * 0, s, vh.detach().mT * 0)
    return _OldSVD(u, s, vh.mT)


# top-level torch.* names (and Tensor methods) that are these functions under their old names
TOP_LEVEL = {"det": det, "logdet": lambda A: slogdet(A).logabsdet.masked_fill(slogdet(A).sign < 0, float("nan")),
             "slogdet": slogdet, "inverse": inv, "pinverse": lambda A, rcond=1e-15: pinv(A, rtol=rcond),
             "matrix_power": matrix_power, "cholesky": lambda A, upper=False: cholesky(A, upper=upper),
             "cross": _torch_cross, "svd": _torch_svd,
             "qr": lambda input, some=True: qr(input, "reduced" if some else "complete")}
