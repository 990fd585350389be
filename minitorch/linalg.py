"""minitorch.linalg: torch.linalg's names. Decompositions are Functions in ops/decompositions.py, the solvers,
"_ex" variants and LDL^T in ops/linalg_extra.py; everything else here is composed from them and ordinary Tensor
ops (so gradients come for free)."""
import builtins

from . import dtypes as _dtypes
from .ops import decompositions as _d
from .ops.decompositions import LinAlgError, check_float, check_square, inv, matrix_exp
from .ops.arguments import warn_once
from .ops.elementwise import broadcast_shapes
from .ops.linalg import _out, matmul
from .ops.linalg_extra import (cholesky_ex, householder_product, inv_ex, ldl_factor, ldl_factor_ex, ldl_solve,
                               multi_dot, solve_ex, solve_triangular, tensorinv, tensorsolve, vander, vecdot)
from .ops.linalg_extra import _into, solve_operands
from .ops.reduce import _named, norm as _pnorm
from .tensor import Tensor, _type_name, _wrap_dim

_INF = float("inf")
# torch.return_types.<name>: torch.linalg's are named linalg_<function>
SlogdetResult = _named("linalg_slogdet", ["sign", "logabsdet"])
QRResult = _named("linalg_qr", ["Q", "R"])
SVDResult = _named("linalg_svd", ["U", "S", "Vh"])
EighResult = _named("linalg_eigh", ["eigenvalues", "eigenvectors"])
EigResult = _named("linalg_eig", ["eigenvalues", "eigenvectors"])
LstsqResult = _named("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
LUFactorResult = _named("linalg_lu_factor", ["LU", "pivots"])
LUFactorExResult = _named("linalg_lu_factor_ex", ["LU", "pivots", "info"])
LUResult = _named("linalg_lu", ["P", "L", "U"])
LUUnpackResult = _named("lu_unpack", ["P", "L", "U"])


def solve(A, B, *, left=True, out=None):
    """X with A X = B (X A = B when not left: A^T X^T = B^T); B is a vector batch when its shape is A's without
    the last dim."""
    if left:
        x = _d.solve(A, B)
    else:
        solve_operands(A, B, left)
        x = _d.solve(A.mT, B.mT).mT
    return _into("_linalg_solve_ex", x, out)


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


def eig(A):
    """Eigenvalues and eigenvectors of a general square A, as complex tensors (float32 -> complex64)."""
    if not isinstance(A, Tensor):
        raise TypeError("linalg_eig(): argument 'input' (position 1) must be Tensor, not %s" % type(A).__name__)
    if A.dim() < 2:
        raise RuntimeError("linalg.eig: The input tensor A must have at least 2 dimensions.")
    if A.shape[-1] != A.shape[-2]:
        raise RuntimeError("linalg.eig: A must be batches of square matrices, but they are %d by %d matrices"
                           % (A.shape[-2], A.shape[-1]))
    A.dtype.to_complex()  # (torch's error for a dtype with no complex counterpart)
    return EigResult(*_d.Eig.apply(A))


def eigvals(A):
    return eig(A).eigenvalues


def pinv(A, *, atol=None, rtol=None, hermitian=False):
    """V diag(1/s) U^T (V diag(1/l) V^T from eigh of the lower triangle when hermitian), dropping the singular
    values (|eigenvalues|) at or below max(atol, rtol * s_max); the gradient is the one of A^+ at constant rank."""
    _matrices("pinv", A)
    if A.numel() == 0:  # torch answers empty input without a decomposition (nor hermitian's squareness check)
        value = A.new_zeros(tuple(A.shape[:-2]) + (A.shape[-1], A.shape[-2]))
    elif hermitian:
        lam, v = eigh(A.detach())
        s_inv = (1 / lam).masked_fill(~_kept(A, lam.abs(), atol, rtol), 0)
        value = (v * s_inv.unsqueeze(-2)) @ v.mT
    else:
        u, s, vh = svd(A.detach(), full_matrices=False)
        s_inv = (1 / s).masked_fill(~_kept(A, s, atol, rtol), 0)
        value = (vh.mT * s_inv.unsqueeze(-2)) @ u.mT
    return _d.Pinv.apply(A, value)


def matrix_rank(A, *, atol=None, rtol=None, hermitian=False):
    """The number of singular values (|eigenvalues of the lower triangle| when hermitian) above
    max(atol, rtol * s_max)."""
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions.")
    if not A.dtype.is_floating_point or A.dtype.itemsize < 4:
        raise RuntimeError("This function doesn't handle types other than float and double")
    if A.numel() == 0:  # as in pinv: no decomposition, nor hermitian's squareness check
        return A.new_zeros(tuple(A.shape[:-2]), dtype=_dtypes.int64)
    s = eigvalsh(A.detach()).abs() if hermitian else svdvals(A.detach())
    return _kept(A, s, atol, rtol).sum(-1)


def _kept(A, s, atol, rtol):
    """s > max(atol, rtol * s_max) per matrix of A; rtol defaults to eps * max(m, n), or to 0 where atol > 0."""
    atol = 0.0 if atol is None else _per_matrix(atol)
    if rtol is None:
        default = builtins.max(A.shape[-2:]) * _eps(A)
        rtol = (atol <= 0) * default if isinstance(atol, Tensor) else (0.0 if atol > 0 else default)
    else:
        rtol = _per_matrix(rtol)
    if not s.shape[-1]:
        return s > 0
    cut = s.amax(-1, keepdim=True) * rtol
    return s > (cut.maximum(atol.to(cut.dtype)) if isinstance(atol, Tensor) else cut.clamp_min(atol))


def _per_matrix(tol):
    """A tolerance tensor holds one value per matrix (broadcast over A's batch dims): as a column against s."""
    return tol.unsqueeze(-1) if isinstance(tol, Tensor) else tol


def matrix_power(A, n):
    check_square("matrix_power", A, complex_ok=True)
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
    if input.dim() != other.dim():
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _wrap_dim(dim, input.dim())
    shape = broadcast_shapes(tuple(input.shape), tuple(other.shape))
    if input.shape[d] != 3 or other.shape[d] != 3:  # the other dims broadcast, dim itself does not
        raise RuntimeError("linalg.cross: inputs dimension %d must have length 3. Got %d and %d"
                           % (dim, input.shape[dim], other.shape[dim]))
    a, b = input.expand(shape), other.expand(shape)
    # (a x b)_i = a_{i+1} b_{i+2} - a_{i+2} b_{i+1}
    return a.roll(-1, d) * b.roll(-2, d) - a.roll(-2, d) * b.roll(-1, d)


def vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    check_float("vector_norm", x if dtype is None else x.to(dtype), complex_ok=True)
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


_LSTSQ_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """Least squares via the pseudo-inverse (what torch's 'gelsd' driver computes), with the outputs the CPU
    driver (default 'gelsy') fills: residuals |A X - B|^2 per column for tall A ('gels'; 'gelsd' and 'gelss' only
    when every A has full rank), rank (all but 'gels'), singular values ('gelsd', 'gelss'); the others empty."""
    driver = "gelsy" if driver is None else driver
    if driver not in _LSTSQ_DRIVERS:
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (%s)" % ", ".join(_LSTSQ_DRIVERS))
    if not 0 <= A.dim() - B.dim() <= 1:
        raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to other.dim() and "
                           "(input.dim() - other.dim()) <= 1")
    vector = B.dim() == A.dim() - 1
    b = B.unsqueeze(-1) if vector else B
    sol = pinv(A, rtol=rcond) @ b
    m, n = A.shape[-2:]
    empty = sol.reshape(-1)[:0]  # in the graph, as torch's empty residuals
    rank = empty.detach().long() if driver == "gels" else matrix_rank(A, rtol=rcond)
    full_rank = driver == "gels" or builtins.bool((rank == n).all())
    residuals = ((A @ sol - b) ** 2).sum(-2) if m > n and driver != "gelsy" and full_rank else empty
    singular_values = svdvals(A.detach()) if driver in ("gelsd", "gelss") else empty.detach()
    return LstsqResult(sol.squeeze(-1) if vector else sol, residuals, rank, singular_values)


def lu_factor_ex(A, *, pivot=True, check_errors=False):
    """LU (L's unit diagonal implied), 1-based int32 pivots and info (the first exactly-zero U[i, i], 1-based)."""
    if A.dim() < 2:
        raise RuntimeError("torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: %s instead"
                           % list(A.shape))
    if not A.dtype.is_floating_point or A.dtype.itemsize < 4:
        raise NotImplementedError('"lu_cpu" not implemented for \'%s\'' % _type_name(A.dtype))
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    result = LUFactorExResult(*_d.LuFactor.apply(A))
    if check_errors:
        _check_lu_info("torch.linalg.lu_factor_ex", result.info)
    return result


def lu_factor(A, *, pivot=True):
    LU, pivots, info = lu_factor_ex(A, pivot=pivot)
    _check_lu_info("torch.linalg.lu_factor", info)
    return LUFactorResult(LU, pivots)


def _check_lu_info(name, info):
    bad = info.reshape(-1).nonzero()
    if bad.numel():
        first = builtins.int(bad[0, 0])
        where = "(Batch element %d): " % first if info.dim() else ""
        i = builtins.int(info.reshape(-1)[first])
        raise RuntimeError("%s: %sU[%d,%d] is zero and using it on lu_solve would result in a division by zero. If "
                           "you still want to perform the factorization, consider calling linalg.lu(A, pivot) or "
                           "linalg.lu_factor_ex(A, pivot)" % (name, where, i, i))


def lu(A, *, pivot=True):
    """P, L, U with A = P L U (L unit lower m x k, U upper k x n); the gradient is lu_factor's."""
    LU, pivots, _ = lu_factor_ex(A, pivot=pivot)
    return LUResult(*lu_unpack(LU, pivots))


def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """torch.lu_unpack: P, L, U from lu_factor's packed LU and pivots (empty tensors for the parts not asked for)."""
    from .creation import eye
    if LU_data.dim() < 2:
        raise RuntimeError("torch.lu_unpack: Expected tensor with 2 or more dimensions. Got size: %s instead"
                           % list(LU_data.shape))
    if LU_pivots.dtype is not _dtypes.int32:
        raise RuntimeError("torch.lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype.\n"
                           "Note: this function is intended to be used with the output produced by "
                           "torch.linalg.lu_factor")
    m, n = LU_data.shape[-2:]
    k = builtins.min(m, n)
    if unpack_pivots and (tuple(LU_pivots.shape[-1:]) != (k,) or (LU_pivots.numel() and (
            builtins.int(LU_pivots.min()) < 1 or builtins.int(LU_pivots.max()) > m))):
        raise RuntimeError("pivots passed to lu_unpack must be between 1 and LU.size(-2) inclusive.Did you properly "
                           "pass the result of lu_factor?")
    empty = LU_data.new_empty((0,))
    if unpack_data:
        L = LU_data[..., :k].tril(-1) + eye(m, k, dtype=LU_data.dtype)
        U = LU_data[..., :k, :].triu()
    else:
        L = U = empty
    P = (_d.wrap(_d.lu_permutation(LU_data.xp, LU_pivots._data, m, LU_data.dtype.np)) if unpack_pivots
         else empty)
    return LUUnpackResult(P, L, U)


def lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """X with A X = B (A^T X = B when adjoint; X A = B, X A^T = B when not left) for A = P L U given as lu_factor's
    (LU, pivots); composed of triangular solves, so LU and B get their gradients from those."""
    if B.dim() < 2:
        raise RuntimeError("linalg.lu_solve: The input tensor B must have at least 2 dimensions.")
    check_square("lu_solve", LU)
    if LU.dtype is not B.dtype:
        raise RuntimeError("linalg.lu_solve: Expected LU and B to have the same dtype, but found LU of type %s and "
                           "B of type %s instead" % (_type_name(LU.dtype), _type_name(B.dtype)))
    if pivots.dtype is not _dtypes.int32:
        raise RuntimeError("linalg.lu_solve: pivots should be a Tensor of scalar type torch.int32")
    n = LU.shape[-1]
    if pivots.dim() == 0 or pivots.shape[-1] != n:
        raise RuntimeError("linalg.lu_solve: Number of pivots per batch should be same as the dimension of the "
                           "matrix")
    if tuple(pivots.shape) != tuple(LU.shape[:-1]):
        raise RuntimeError("linalg.lu_solve: Expected LU.shape[:-1] and pivots.shape to be the same, but got pivots "
                           "with shape %s instead" % list(pivots.shape))
    if B.shape[-2 if left else -1] != n:
        raise RuntimeError("linalg.lu_solve: Incompatible shapes of A and B for the equation %s = B (%dx%d and %dx%d)"
                           % ((("AX" if left else "XA"), n, n) + tuple(B.shape[-2:])))
    if pivots.numel() and (builtins.int(pivots.max()) > n or builtins.int(pivots.min()) < 1):
        raise RuntimeError("Pivots given to lu_solve must all be smaller or equal to LU.size(-2). Did you properly "
                           "pass the result of lu_factor?")
    if not left:  # X A = B  <=>  A^T X^T = B^T
        return lu_solve(LU, pivots, B.mT, adjoint=not adjoint).mT
    P, L, U = lu_unpack(LU, pivots)  # triangular solves: a zero on U's diagonal gives inf/nan, as in torch
    if adjoint:  # A^T X = B: X = P L^-T U^-T B
        x = solve_triangular(L.mT, solve_triangular(U.mT, B, upper=False), upper=True, unitriangular=True)
        return _permute_rows(P, x)
    return solve_triangular(U, solve_triangular(L, _permute_rows(P.mT, B), upper=False, unitriangular=True), upper=True)


def _permute_rows(P, X):
    """P @ X for permutation matrices P, by indexing: row r of X's row P[r].argmax() (no 0 * inf from a product)."""
    shape = broadcast_shapes(tuple(P.shape[:-2]), tuple(X.shape[:-2])) + tuple(X.shape[-2:])
    if not P.shape[-1]:  # 0 x 0 permutations: nothing to move
        return X.expand(shape)
    return X.expand(shape).gather(-2, P.argmax(-1).unsqueeze(-1).expand(shape))


def cond(input, p=None, *, out=None):
    """The condition number of A = input in norm p: s_max / s_min for p = None or 2 (s_min / s_max for -2), else
    norm_p(A) norm_p(A^-1) with a singular A's inverse taken as all inf (0 for empty matrices)."""
    A = input
    if A.dim() < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    p = 2 if p is None else p
    if p not in (2, -2, 1, -1, _INF, -_INF, "fro", "nuc"):
        raise RuntimeError("linalg.cond got an invalid norm type: %s" % (p,))
    if A.numel() == 0:
        return _out(A.new_zeros(tuple(A.shape[:-2])), out)
    if p in (2, -2):
        if A.dtype.is_floating_point and A.dtype.itemsize < 4:
            raise NotImplementedError("\"linalg_svd_cpu\" not implemented for 'Half'")
        s = svdvals(A)
        big, small = s[..., 0], s[..., -1]
        return _out(big / small if p == 2 else small / big, out)
    check_square("cond(ord=%s)" % (p if isinstance(p, str) or abs(p) == _INF else builtins.int(p)), A)
    inverse, info = inv_ex(A)
    # in place, as torch does: the backward, needing the inverse inv_ex saved, then raises (as torch's does)
    inverse.masked_fill_((info > 0).unsqueeze(-1).unsqueeze(-1), _INF)
    # 0 * inf (a zero matrix's norm times its inverse's) is NaN: inf, as NumPy gives
    return _out((matrix_norm(A, p) * matrix_norm(inverse, p)).nan_to_num(_INF, _INF, -_INF), out)


def diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    return A.diagonal(offset, dim1, dim2)


def _matrices(name, A):
    check_float(name, A)
    if A.dim() < 2:
        raise RuntimeError("linalg.%s: The input tensor A must have at least 2 dimensions." % name)


def _eps(A):
    return A.xp.finfo(A.dtype.np).eps


__all__ = ["LinAlgError", "det", "slogdet", "inv", "solve", "cholesky", "qr", "svd", "svdvals", "eigh", "eigvalsh", "eig", "eigvals",
           "pinv", "matrix_rank", "matrix_power", "cross", "matmul", "vector_norm", "matrix_norm", "norm",
           "lstsq", "matrix_exp", "lu_factor", "lu_factor_ex", "lu", "lu_solve", "multi_dot", "solve_triangular",
           "solve_ex", "inv_ex", "cholesky_ex", "vecdot", "vander", "diagonal", "tensorinv", "tensorsolve", "cond",
           "householder_product", "ldl_factor", "ldl_factor_ex", "ldl_solve"]


def _torch_cross(input, other, dim=None):
    """torch.cross: dim defaults to the first dim of size 3."""
    if dim is None:
        warn_once("Using torch.cross without specifying the dim arg is deprecated.\nPlease either pass the dim "
                  "explicitly or simply use torch.linalg.cross.\nThe default value of dim will change to agree with "
                  "that of linalg.cross in a future release.")
        dim = next((i for i, n in enumerate(input.shape) if n == 3), -1)
    return cross(input, other, dim=dim)


_OldSVD = _named("svd", ["U", "S", "V"])


def _torch_svd(input, some=True, compute_uv=True):
    """torch.svd: V rather than Vh; some=False gives the full U and V; compute_uv=False zero-fills them."""
    u, s, vh = svd(input, full_matrices=not some)
    if not compute_uv:
        return _OldSVD(u.detach() * 0, s, vh.detach().mT * 0)
    return _OldSVD(u, s, vh.mT)


def _torch_lu(A, pivot=True, get_infos=False):
    """torch.lu: (LU, pivots), with info too when get_infos (no error for singular A either way)."""
    warn_once("torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex and will be "
              "removed in a future PyTorch release.\nLU, pivots = torch.lu(A, compute_pivots)\nshould be replaced "
              "with\nLU, pivots = torch.linalg.lu_factor(A, compute_pivots)\nand\nLU, pivots, info = torch.lu(A, "
              "compute_pivots, get_infos=True)\nshould be replaced with\nLU, pivots, info = "
              "torch.linalg.lu_factor_ex(A, compute_pivots)")
    result = lu_factor_ex(A, pivot=pivot)
    return _LuWithInfo(*result) if get_infos else (result.LU, result.pivots)


_LuWithInfo = _named("_lu_with_info", ["LU", "pivots", "info"])


# top-level torch.* names (and Tensor methods) that are these functions under their old names
TOP_LEVEL = {"det": det, "logdet": lambda A: slogdet(A).logabsdet.masked_fill(slogdet(A).sign < 0, float("nan")),
             "slogdet": lambda A: _named("slogdet", ["sign", "logabsdet"])(*slogdet(A)), "inverse": inv, "pinverse": lambda A, rcond=1e-15: pinv(A, rtol=rcond),
             "matrix_power": matrix_power, "cholesky": lambda A, upper=False: cholesky(A, upper=upper),
             "cross": _torch_cross, "svd": _torch_svd, "matrix_exp": matrix_exp, "lu": _torch_lu,
             "lu_solve": lambda b, LU_data, LU_pivots: lu_solve(LU_data, LU_pivots, b),
             "qr": lambda input, some=True: _named("qr", ["Q", "R"])(*qr(input, "reduced" if some else "complete")),
             "orgqr": lambda input, input2: householder_product(input, input2)}
