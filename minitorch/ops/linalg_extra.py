"""torch.linalg's solvers and factorizations beyond ops/decompositions.py: multi_dot, solve_triangular, the "_ex"
variants that report singular input in an info tensor instead of raising (solve_ex, inv_ex, cholesky_ex), vecdot,
vander, householder_product, tensorinv, tensorsolve and the symmetric-indefinite LDL^T (ldl_factor(_ex),
ldl_solve).

The "_ex" kernels are LAPACK's unblocked algorithms on arrays (getrf + getrs, potf2, sytf2 + sytrs), so a singular
or indefinite input gives what torch gives: an info code and inf/nan or a partial factor, not an exception. Their
backward is the formula of the decomposition they stand in for, written with Tensor ops.
"""
import math

from .. import dtypes as _dt
from ..autograd.function import Function
from ..tensor import _type_name
from ._util import c10_name, wrap
from .decompositions import (Cholesky, Inv, _eye, _getrf, check_inverse, check_positive_definite,
                             check_square, lu_permutation, potf2, raise_first)
from .elementwise import broadcast_shapes, unbroadcast
from .linalg import _out
from .matrix import TriangularSolve, _substitute, _tensors, cheapest_product, vander as _vander
from .reduce import _named

SolveExResult = _named("linalg_solve_ex", ["result", "info"])
InvExResult = _named("linalg_inv_ex", ["inverse", "info"])
CholeskyExResult = _named("linalg_cholesky_ex", ["L", "info"])
LDLFactorResult = _named("linalg_ldl_factor", ["LD", "pivots"])
LDLFactorExResult = _named("linalg_ldl_factor_ex", ["LD", "pivots", "info"])


class _NoGradient(Function):
    """An array as the output of a node of the inputs' graph that gives them no gradient (torch's undefined ones)."""
    _builtin = True

    @staticmethod
    def forward(ctx, array, *inputs):
        ctx.count = len(inputs)
        return wrap(array)

    @staticmethod
    def backward(ctx, g):
        return (None,) * (ctx.count + 1)


def _full_precision(kernel, A):
    """NotImplementedError for half precision, as torch's CPU kernel named `kernel` refuses it."""
    if A.dtype.itemsize < 4:
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(A.dtype)))


def _into(name, result, out):
    """result written into out (a tensor, or a tuple for a tuple of results), as torch's out=, which refuses a
    result that needs a gradient."""
    if out is None:
        return result
    if any(r.requires_grad for r in (result if isinstance(result, tuple) else (result,))):
        raise RuntimeError("%s(): functions with out=... arguments don't support automatic differentiation, but one "
                           "of the arguments requires grad." % name)
    if isinstance(result, tuple):
        return type(result)(*(_out(r, o) for r, o in zip(result, out)))
    return _out(result, out)


# --- products ---------------------------------------------------------------------------------------------------
def multi_dot(tensors, *, out=None):
    """tensors[0] @ ... @ tensors[-1] (the first may be a row vector, the last a column vector), multiplied in the
    order torch picks: the cheaper of the two for three matrices (ties: left first), the cheapest chain otherwise."""
    if not isinstance(tensors, (list, tuple)):
        raise TypeError("linalg_multi_dot(): argument 'tensors' (position 1) must be tuple of Tensors, not %s"
                        % type(tensors).__name__)
    n = len(_tensors(tensors))
    if n < 2:
        raise RuntimeError("multi_dot(): expected at least 2 tensors but got %d" % n)
    first, last = tensors[0], tensors[-1]
    for which, t in (("first", first), ("last", last)):
        if t.dim() not in (1, 2):
            raise RuntimeError("multi_dot(): the %s tensor must be 1D or 2D but got %dD" % (which, t.dim()))
    for i, t in enumerate(tensors[1:-1], 1):
        if t.dim() != 2:
            raise RuntimeError("multi_dot(): tensor %d must be 2D but got %dD" % (i, t.dim()))
    mats = [first.unsqueeze(0) if first.dim() == 1 else first] + list(tensors[1:-1])
    mats.append(last.unsqueeze(-1) if last.dim() == 1 else last)
    for i in range(1, n):
        if mats[i].dtype is not mats[0].dtype:
            raise RuntimeError("multi_dot(): all tensors must have be the same dtype but tensor 0 is %s and tensor "
                               "%d %s" % (c10_name(mats[0].dtype), i, c10_name(mats[i].dtype)))
        if mats[i - 1].shape[-1] != mats[i].shape[0]:
            raise RuntimeError("multi_dot(): tensors %d and %d with shapes %s and %s cannot be multiplied"
                               % (i - 1, i, list(tensors[i - 1].shape), list(tensors[i].shape)))
    result = cheapest_product(mats)
    shape = ([first.shape[0]] if first.dim() == 2 else []) + ([last.shape[1]] if last.dim() == 2 else [])
    return _into("mm", result.reshape(shape), out)


def vecdot(x, y, *, dim=-1, out=None):
    """sum(x * y, dim) (x conjugated, a no-op for real x), batch dims broadcast."""
    if not x.dtype.is_floating_point:
        raise RuntimeError("linalg.vecdot: Expected a floating point or complex tensor as input. Got %s"
                           % _type_name(x.dtype))
    if x.dtype is not y.dtype:
        raise RuntimeError("linalg.vecdot: Expected x and y to have the same dtype, but found x of type %s and y of "
                           "type %s instead" % (_type_name(x.dtype), _type_name(y.dtype)))
    return _into("sum", (x * y).sum(dim), out)


def vander(x, *, N=None):
    """out[..., i, j] = x[..., i] ** j for j < N (N defaults to x.shape[-1]), a column of ones beside the running
    products of x: torch.vander(increasing=True) of each row of x."""
    if x.dtype is _dt.bool_ or (x.dtype.is_floating_point and x.dtype.itemsize < 4):
        raise RuntimeError("linalg.vander supports floating point, complex, and integer tensors, but got %s"
                           % _type_name(x.dtype))
    rows = x.reshape(1) if x.dim() == 0 else x
    n = rows.shape[-1] if N is None else N
    if n <= 1:
        raise RuntimeError("N must be greater than 1.")
    return _vander(rows.reshape(-1), n, increasing=True).reshape(tuple(rows.shape) + (n,))


def householder_product(input, tau, *, out=None):
    """The first n columns of H_1 H_2 ... H_k, H_i = I - tau_i v_i v_i^T with v_i column i of A = input below the
    diagonal and a unit on it (LAPACK orgqr): applied to I's columns from the right, H_k first."""
    A = input
    name = "torch.linalg.householder_product: "
    if A.dim() < 2:
        raise RuntimeError(name + "input must have at least 2 dimensions.")
    if tau.dim() != A.dim() - 1:
        raise RuntimeError(name + "Expected tau to have one dimension less than input, but got tau.ndim equal to %d "
                           "and input.ndim is equal to %d" % (tau.dim(), A.dim()))
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(name + "Expected batch dimensions of tau to be equal to input.shape[:-2], but got %s"
                           % list(tau.shape[:-1]))
    m, n = A.shape[-2:]
    if m < n:
        raise RuntimeError(name + "input.shape[-2] must be greater than or equal to input.shape[-1]")
    k = tau.shape[-1]
    if n < k:
        raise RuntimeError(name + "input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if tau.dtype is not A.dtype:
        raise RuntimeError(name + "tau dtype %s does not match input dtype %s"
                           % (_type_name(tau.dtype), _type_name(A.dtype)))
    if not A.dtype.is_floating_point:
        raise NotImplementedError("\"orgqr_cpu\" not implemented for '%s'" % _type_name(A.dtype))
    _full_precision("orgqr_cpu", A)
    eye = _eye(A, m)
    v = A[..., :k].tril(-1) + eye[:, :k]
    q = eye[:, :n].expand(tuple(A.shape))
    if k == 0:  # Q = I, in the graph of A and tau but giving them no gradient, as torch's
        return _into("linalg_householder_product", _NoGradient.apply(q._data.copy(), A, tau), out)
    for i in range(k - 1, -1, -1):  # Q <- H_i Q = Q - tau_i v_i (v_i^T Q)
        vi = v[..., i:i + 1]
        q = q - tau[..., i:i + 1].unsqueeze(-1) * (vi @ (vi.mT @ q))
    return _into("linalg_householder_product", q, out)


# --- triangular and general solves ------------------------------------------------------------------------------
def solve_triangular(input, B, *, upper, left=True, unitriangular=False, out=None):
    """X with A X = B (X A = B when not left) for A = input upper or lower triangular (its diagonal taken as ones
    when unitriangular); batch dims broadcast, B taken in A's dtype."""
    A = input
    for name, t in (("A", A), ("B", B)):
        if t.dim() < 2:
            raise RuntimeError("linalg.solve_triangular: The input tensor %s must have at least 2 dimensions." % name)
    n = A.shape[-1]
    if A.shape[-2] != n:
        raise RuntimeError("linalg.solve_triangular: A must be batches of square matrices, but they are %d by %d "
                           "matrices" % tuple(A.shape[-2:]))
    if B.shape[-2 if left else -1] != n:
        raise RuntimeError("linalg.solve_triangular: Incompatible shapes of A and B for the equation %s = B (%dx%d "
                           "and %dx%d)" % (("AX" if left else "XA", n, n) + tuple(B.shape[-2:])))
    if A.dtype not in (_dt.float32, _dt.float64):
        raise NotImplementedError("\"triangular_solve_cpu\" not implemented for '%s'" % _type_name(A.dtype))
    batch = broadcast_shapes(tuple(A.shape[:-2]), tuple(B.shape[:-2]))
    a, b = A.expand(batch + (n, n)), B.to(A.dtype)
    if left:  # A X = B
        x = TriangularSolve.apply(a, b.expand(batch + tuple(B.shape[-2:])), bool(upper), False, bool(unitriangular))
    else:  # X A = B  <=>  A^T X^T = B^T
        bt = b.mT.expand(batch + (n, B.shape[-2]))
        x = TriangularSolve.apply(a, bt, bool(upper), True, bool(unitriangular)).mT
    return _into("linalg_solve_triangular", x, out)


def _lu_solve_arrays(xp, lu, piv, b):
    """X with A X = B on arrays from getrf's (LU, pivots) of A (A's batch broadcast to B's), as LAPACK's getrs: a
    zero pivot gives inf/nan."""
    p = lu_permutation(xp, piv, lu.shape[-1], lu.dtype)
    y = _substitute(xp, lu, xp.broadcast_to(p.swapaxes(-1, -2) @ b, b.shape), False, True)
    return _substitute(xp, lu, y, True)


class SolveEx(Function):
    """(X, info) with A X = B (B of the broadcast batch, A of its own), info getrf's per matrix of A."""
    _builtin = True
    node_name = "LinalgSolveExBackward0"

    @staticmethod
    def forward(ctx, a, b):
        lu, piv, info = _getrf(a.xp, a._data)
        x = wrap(_lu_solve_arrays(a.xp, lu, piv, b._data))
        info = wrap(info)
        ctx.save_for_backward(a, x)
        ctx.mark_non_differentiable(info)
        return x, info

    @staticmethod
    def backward(ctx, g, _ginfo):
        a, x = ctx.saved_tensors
        # gB = A^-T g ; gA = -gB X^T (summed over the batch dims A was broadcast along); singular A: inf/nan
        gb = SolveEx.apply(a.mT, g)[0]
        return (unbroadcast(-(gb @ x.mT), tuple(a.shape)) if ctx.needs_input_grad[0] else None), gb


def solve_operands(A, B, left):
    """torch's checks of linalg.solve's operands; (whether B is a (batch of) vector(s), B as matrices)."""
    check_square("solve", A, half=True)
    if A.dtype is not B.dtype:
        raise RuntimeError("linalg.solve: Expected A and B to have the same dtype, but found A of type %s and B of "
                           "type %s instead" % (_type_name(A.dtype), _type_name(B.dtype)))
    vector = B.dim() == 1 or (B.dim() == A.dim() - 1 and tuple(B.shape) == tuple(A.shape[:-1]))
    bm = B.unsqueeze(-1) if vector else B
    n = A.shape[-1]
    if bm.shape[-2 if left else -1] != n:
        raise RuntimeError("linalg.solve: Incompatible shapes of A and B for the equation %s = B (%dx%d and %dx%d)"
                           % (("AX" if left else "XA", n, n) + tuple(bm.shape[-2:])))
    if vector and not left:
        raise RuntimeError("linalg.solve: Vector broadcasting of the left hand side is not supported for left=False. "
                           "In this case linalg.solve is equivalent to B / A.squeeze(-1)")
    return vector, bm


def solve_ex(A, B, *, left=True, check_errors=False, out=None):
    """(result, info): X with A X = B (X A = B when not left) and getrf's info per matrix of A (the first exactly
    zero pivot, 1-based); singular A gives inf/nan, or LinAlgError when check_errors."""
    vector, bm = solve_operands(A, B, left)
    _full_precision("lu_cpu", A)
    a, bm = (A, bm) if left else (A.mT, bm.mT)  # X A = B  <=>  A^T X^T = B^T
    batch = broadcast_shapes(tuple(a.shape[:-2]), tuple(bm.shape[:-2]))
    x, info = SolveEx.apply(a, bm.expand(batch + tuple(bm.shape[-2:])))
    x = x if left else x.mT
    if check_errors:
        raise_first(info, "torch.linalg.solve_ex: {where}The solver failed because the input matrix is singular.")
    return _into("_linalg_solve_ex", SolveExResult(x.squeeze(-1) if vector else x, info), out)


class InvEx(Inv):
    """(A^-1, info) by getrf + getrs on the identity (inf/nan for singular A); the gradient is inv's."""

    @staticmethod
    def forward(ctx, a):
        lu, piv, info = _getrf(a.xp, a._data)
        eye = a.xp.broadcast_to(a.xp.eye(a.shape[-1], dtype=a.dtype.np), a.shape)
        out, info = wrap(_lu_solve_arrays(a.xp, lu, piv, eye)), wrap(info)
        ctx.save_for_backward(out)
        ctx.mark_non_differentiable(info)
        return out, info

    @staticmethod
    def backward(ctx, g, _ginfo):
        return Inv.backward(ctx, g)


def inv_ex(A, *, check_errors=False, out=None):
    """(inverse, info): A^-1 and getrf's info (the first exactly zero pivot, 1-based) per matrix."""
    check_square("inv", A, half=True)
    if A.dtype.itemsize < 4:
        raise RuntimeError("linalg.inv: Low precision dtypes not supported. Got %s" % _type_name(A.dtype))
    result = InvExResult(*InvEx.apply(A))
    if check_errors:
        check_inverse("linalg.inv_ex", result.info)
    return _into("linalg_inv_ex", result, out)


class CholeskyEx(Cholesky):
    """(L, info) by potf2 (a partial factor and info > 0 for non-positive-definite A); the gradient is cholesky's."""

    @staticmethod
    def forward(ctx, a, upper):
        low, info = potf2(a.xp, a._data.swapaxes(-1, -2) if upper else a._data)  # upper: A^T's lower factor
        out, info = wrap(low.swapaxes(-1, -2).copy() if upper else low), wrap(info)
        ctx.save_for_backward(out)
        ctx.upper = upper
        ctx.mark_non_differentiable(info)
        return out, info

    @staticmethod
    def backward(ctx, g, _ginfo):
        return Cholesky.backward(ctx, g)


def cholesky_ex(input, *, upper=False, check_errors=False, out=None):
    """(L, info): the Cholesky factor of A = input (upper: U with U^T U = A) and the order of the first leading
    minor that is not positive-definite (0 if none) per matrix."""
    A = input
    check_square("cholesky", A, half=True)
    _full_precision("cholesky_cpu", A)
    result = CholeskyExResult(*CholeskyEx.apply(A, bool(upper)))
    if check_errors:
        check_positive_definite("linalg.cholesky_ex", result.info)
    return _into("linalg_cholesky_ex", result, out)


# --- tensor equations -------------------------------------------------------------------------------------------
def _check_product(what, left, right):
    if left != right:
        raise RuntimeError("Expected self to satisfy the requirement %s, but got %d != %d" % (what, left, right))


def tensorinv(input, ind=2, *, out=None):
    """The tensor X with tensordot(X, A, ind) = I (A = input): A as a (prod(shape[:ind]), prod(shape[ind:]))
    matrix inverted, shaped shape[ind:] + shape[:ind]."""
    A = input
    if ind <= 0:
        raise RuntimeError("Expected a strictly positive integer for 'ind', but got %d" % ind)
    front, back = tuple(A.shape[:ind]), tuple(A.shape[ind:])
    _check_product("prod(self.shape[ind:]) == prod(self.shape[:ind])", math.prod(back), math.prod(front))
    result = inv_ex(A.reshape(math.prod(back), math.prod(back)))
    check_inverse("inv", result.info)
    return _out(result.inverse.reshape(back + front), out)


def tensorsolve(input, other, dims=None, *, out=None):
    """X with tensordot(A, X, X.dim()) = B (A = input, B = other): A's dims `dims` moved last, A as a
    (B.numel(), X.numel()) matrix."""
    A, B = input, other
    if dims is not None:
        dims = list(dims)
        A = A.movedim(dims, list(range(A.dim() - len(dims), A.dim())))
    shape = tuple(A.shape[B.dim():])
    _check_product("prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim])", math.prod(shape), B.numel())
    x = solve_ex(A.reshape(math.prod(shape), math.prod(shape)), B.reshape(-1))
    raise_first(x.info, "torch.linalg.solve: {where}The solver failed because the input matrix is singular.")
    return _out(x.result.reshape(shape), out)


# --- LDL^T of symmetric indefinite matrices (Bunch-Kaufman) -----------------------------------------------------
_ALPHA = (1 + math.sqrt(17)) / 8  # Bunch-Kaufman's threshold: it bounds the growth of the entries


def _sytf2(xp, a):
    """LAPACK sytf2 (lower) on one matrix a (n, n), in place: L D L^T with P^T A P, D of 1x1 and 2x2 blocks.
    Returns 1-based pivots (a 2x2 block's two entries both -p: rows k+1 and p swapped) and info (the first zero
    1x1 block, 1-based; the factorization goes on past it)."""
    n = a.shape[0]
    piv = xp.zeros(n, dtype=xp.int32)
    info, k = 0, 0
    while k < n:
        step, akk = 1, abs(a[k, k])
        imax = k + 1 + int(xp.argmax(xp.abs(a[k + 1:, k]))) if k + 1 < n else k
        colmax = abs(a[imax, k]) if k + 1 < n else 0.0
        if max(akk, colmax) == 0 or akk != akk:
            info, p = info or k + 1, k
        else:
            if akk >= _ALPHA * colmax:
                p = k
            else:  # the largest off-diagonal |entry| of row/column imax
                rowmax = max(xp.abs(a[imax, k:imax]).max(), xp.abs(a[imax + 1:, imax]).max(initial=0))
                if akk >= _ALPHA * colmax * (colmax / rowmax):
                    p = k
                elif abs(a[imax, imax]) >= _ALPHA * rowmax:
                    p = imax
                else:
                    p, step = imax, 2
            _swap_symmetric(a, k + step - 1, p, k if step == 2 else None)
            _eliminate(a, k, step)
        piv[k:k + step] = p + 1 if step == 1 else -(p + 1)
        k += step
    return piv, info


def _swap_symmetric(a, kk, p, k2):
    """Swaps rows and columns kk < p of the trailing lower triangle (and a[kk, k2] with a[p, k2] for a 2x2 block
    starting at column k2)."""
    if p == kk:
        return
    a[p + 1:, [kk, p]] = a[p + 1:, [p, kk]]
    between = a[kk + 1:p, kk].copy()
    a[kk + 1:p, kk] = a[p, kk + 1:p]
    a[p, kk + 1:p] = between
    a[kk, kk], a[p, p] = a[p, p], a[kk, kk]
    if k2 is not None:
        a[kk, k2], a[p, k2] = a[p, k2], a[kk, k2]


def _eliminate(a, k, step):
    """The Schur complement update of the trailing matrix by block D_k, and the block's columns of L."""
    if step == 1:
        w = a[k + 1:, k].copy()
        a[k + 1:, k + 1:] -= _outer(w, w) / a[k, k]
        a[k + 1:, k] = w / a[k, k]
        return
    if k + 2 >= a.shape[0]:
        return
    d21 = a[k + 1, k]
    d11, d22 = a[k + 1, k + 1] / d21, a[k, k] / d21
    scale = 1 / (d11 * d22 - 1) / d21
    w = a[k + 2:, k:k + 2].copy()
    wk = scale * (d11 * w[:, 0] - w[:, 1])  # the rows of L's two columns: W D^-1
    wk1 = scale * (d22 * w[:, 1] - w[:, 0])
    a[k + 2:, k + 2:] -= _outer(w[:, 0], wk) + _outer(w[:, 1], wk1)
    a[k + 2:, k] = wk
    a[k + 2:, k + 1] = wk1


def _outer(u, v):
    return u[:, None] * v[None, :]


def _sytrs(xp, ld, piv, b):
    """LAPACK sytrs (lower) on one matrix: X with A X = B from sytf2's (LD, pivots), B (n, k) overwritten."""
    n, k = ld.shape[0], 0
    while k < n:  # L D y = P^T b, forward
        p = abs(int(piv[k])) - 1
        if piv[k] > 0:
            b[[k, p]] = b[[p, k]]
            b[k + 1:] -= _outer(ld[k + 1:, k], b[k])
            b[k] /= ld[k, k]
            k += 1
            continue
        b[[k + 1, p]] = b[[p, k + 1]]
        b[k + 2:] -= _outer(ld[k + 2:, k], b[k]) + _outer(ld[k + 2:, k + 1], b[k + 1])
        d21 = ld[k + 1, k]
        d11, d22 = ld[k, k] / d21, ld[k + 1, k + 1] / d21
        denom = d11 * d22 - 1
        bk, bk1 = b[k] / d21, b[k + 1] / d21
        b[k], b[k + 1] = (d22 * bk - bk1) / denom, (d11 * bk1 - bk) / denom
        k += 2
    k = n - 1
    while k >= 0:  # L^T x = y, backward, undoing the swaps
        p = abs(int(piv[k])) - 1
        first = k if piv[k] > 0 else k - 1
        for j in range(first, k + 1):
            b[j] -= ld[k + 1:, j] @ b[k + 1:]
        b[[k, p]] = b[[p, k]]
        k = first - 1
    return b


class _NotDifferentiable(Function):
    """The outputs of fn(*arrays) (the inputs' gradient unimplemented in torch too: backward raises)."""
    _builtin = True

    @staticmethod
    def forward(ctx, name, fn, *tensors):
        ctx.name = name
        outs = tuple(wrap(o) for o in fn(*(t._data for t in tensors)))
        ctx.mark_non_differentiable(*outs[1:])  # pivots, info
        return outs

    @staticmethod
    def backward(ctx, *grads):
        raise RuntimeError("the derivative for '%s' is not implemented." % ctx.name)


def _ldl_factor_arrays(xp, a):
    """sytf2 on each matrix of a (..., n, n): (LD with its upper triangle zero, pivots, info)."""
    n, batch = a.shape[-1], a.shape[:-2]
    ld = xp.tril(a).reshape((math.prod(batch), n, n))
    piv = xp.zeros((ld.shape[0], n), dtype=xp.int32)
    info = xp.zeros(ld.shape[0], dtype=xp.int32)
    for i in range(ld.shape[0]):
        piv[i], info[i] = _sytf2(xp, ld[i])
    return xp.tril(ld).reshape(a.shape), piv.reshape(batch + (n,)), info.reshape(batch)


def ldl_factor_ex(input, *, hermitian=False, check_errors=False, out=None):
    """(LD, pivots, info): LAPACK sytrf's Bunch-Kaufman L D L^T of symmetric A = input read from its lower
    triangle, L's unit diagonal implied, D's 1x1 and 2x2 blocks on and below the diagonal, upper triangle zero.
    (hermitian changes nothing for real input.)"""
    A = input
    check_square("ldl_factor_ex", A, half=True)
    _full_precision("ldl_factor_kernel_cpu", A)
    ld, piv, info = _NotDifferentiable.apply("linalg_ldl_factor_ex", lambda a: _ldl_factor_arrays(A.xp, a), A)
    if check_errors:
        _ldl_error("torch.linalg.ldl_factor_ex", info)
    return _into("linalg_ldl_factor_ex", LDLFactorExResult(ld, piv, info), out)


def _ldl_error(name, info):
    flat = info._data.reshape(-1)
    bad = info.xp.flatnonzero(flat)
    if bad.size:  # torch has no message for a singular D: its check fails with an internal assertion
        raise RuntimeError("%s: Unknown error code: %d." % (name, int(flat[bad[0]])))


def ldl_factor(input, *, hermitian=False, out=None):
    LD, pivots, info = ldl_factor_ex(input, hermitian=hermitian)
    _ldl_error("torch.linalg.ldl_factor", info)
    return _into("linalg_ldl_factor", LDLFactorResult(LD, pivots), out)


def ldl_solve(LD, pivots, B, *, hermitian=False, out=None):
    """X with A X = B for A = P L D L^T P^T given as ldl_factor's (LD, pivots); B's batch broadcast with LD's
    (hermitian changes nothing for real input)."""
    name = "torch.linalg.ldl_solve"
    check_square("ldl_solve", LD, half=True)
    if B.dtype is not LD.dtype:
        raise RuntimeError("Expected b and A to have the same dtype, but found b of type %s and A of type %s instead."
                           % (_type_name(B.dtype), _type_name(LD.dtype)))
    n = LD.shape[-1]
    if B.shape[-2] != n:
        raise RuntimeError("Incompatible matrix sizes for %s: each A matrix is %d by %d but each b matrix is %d by %d"
                           % ((name, n, n) + tuple(B.shape[-2:])))
    if tuple(pivots.shape) != tuple(LD.shape[:-1]):
        raise RuntimeError("%s: Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with shape %s "
                           "instead" % (name, list(pivots.shape)))
    if pivots.dtype.is_floating_point or pivots.dtype is _dt.bool_:
        raise RuntimeError("%s: Expected pivots to be integers. Got %s" % (name, _type_name(pivots.dtype)))
    _full_precision("ldl_solve_kernel_cpu", LD)
    batch = broadcast_shapes(tuple(LD.shape[:-2]), tuple(B.shape[:-2]))
    operands = (LD.expand(batch + (n, n)), pivots.expand(batch + (n,)), B.expand(batch + tuple(B.shape[-2:])))
    xp = LD.xp

    def kernel(ld, piv, b):
        count = math.prod(batch)
        out = b.copy().reshape((count,) + b.shape[-2:])
        ld, piv = ld.reshape((count, n, n)), piv.reshape((count, n))
        for i in range(out.shape[0]):
            _sytrs(xp, ld[i], piv[i], out[i])
        return (out.reshape(b.shape),)
    x, = _NotDifferentiable.apply("linalg_ldl_solve", kernel, *operands)
    return _out(x, out)
