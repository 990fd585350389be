"""Matrix decompositions and the functions built on them: inv, det, slogdet, solve, cholesky, qr, svd, eigh, LU
(its own partial-pivoting kernel: NumPy has no getrf) and matrix_exp (scaling and squaring with Pade(13, 13)).

Forward runs the array module's linalg (``tensor.xp.linalg``, batched over leading dims); backward is written
with Tensor ops, so second derivatives work. Compositions (pinv, norms, matrix_power, ...) live in linalg.py.
"""
import math

from ..autograd.function import Function
from ..tensor import Tensor, _type_name
from ._util import wrap


class _LinAlgError(RuntimeError):
    """Raised for singular / non-positive-definite input, as torch.linalg.LinAlgError (a RuntimeError; torch's
    class is named _LinAlgError too)."""


LinAlgError = _LinAlgError


def _eye(like, n):
    return Tensor._make(like.xp.eye(n, dtype=like.dtype.np))


def _lower(like, n, k=0):
    """0/1 mask of the entries on and below diagonal k."""
    return Tensor._make(like.xp.tri(n, n, k, dtype=like.dtype.np))


def _diag(v):
    """diag_embed: (..., n) -> (..., n, n)."""
    return v.unsqueeze(-1) * _eye(v, v.shape[-1])


def check_square(name, a, half=False, complex_ok=False):
    if not isinstance(a, Tensor):
        raise TypeError("linalg.%s(): argument 'A' (position 1) must be Tensor, not %s" % (name, type(a).__name__))
    if a.dim() < 2:
        raise RuntimeError("linalg.%s: The input tensor A must have at least 2 dimensions." % name)
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError("linalg.%s: A must be batches of square matrices, but they are %d by %d matrices"
                           % (name, a.shape[-2], a.shape[-1]))
    check_float(name, a, half, complex_ok)


def check_float(name, a, half=False, complex_ok=False):
    """torch's linalg takes float32/float64 (and, for the few ops given half=True, float16 too; complex, for the
    ops given complex_ok=True: minitorch's others do not take it yet)."""
    if not (a.dtype.is_floating_point or complex_ok and a.dtype.is_complex) or (a.dtype.itemsize < 4 and not half):
        raise RuntimeError("linalg.%s: Expected a floating point or complex tensor as input. Got %s"
                           % (name, _type_name(a.dtype)))


def _lapack(a, fn, failed, *arrays):
    """fn(*arrays); on LAPACK's exact-zero pivot (the same test torch makes), failed() raises torch's LinAlgError.
    (CuPy does not check: singular input there gives inf/nan, as torch's *_ex functions do.)"""
    try:
        return fn(*arrays)
    except a.xp.linalg.LinAlgError:
        failed()
        raise


def _fixed(message):
    def failed():
        raise LinAlgError(message) from None
    return failed


def raise_first(info, message):
    """LinAlgError(message) for the first nonzero info, as torch's check_errors: {where} in message is the batch
    element's prefix, {info} the info value."""
    flat = info._data.reshape(-1)
    bad = info.xp.flatnonzero(flat)
    if bad.size:
        first = int(bad[0])
        where = "(Batch element %d): " % first if info.dim() else ""
        raise LinAlgError(message.format(where=where, info=int(flat[first])))


def check_inverse(name, info):
    raise_first(info, name + ": {where}The diagonal element {info} is zero, the inversion could not be completed "
                 "because the input matrix is singular.")


def check_positive_definite(name, info):
    raise_first(info, name + ": {where}The factorization could not be completed because the input is not "
                "positive-definite (the leading minor of order {info} is not positive-definite).")


def potf2(xp, a):
    """LAPACK potf2 (lower) on each matrix of a (..., n, n): L with L L^T = A read from A's lower triangle, column
    by column, and info, the order of the first leading minor that is not positive-definite (0 if none). There
    the factorization stops: that diagonal entry keeps a_jj - sum_k l_jk^2 and the rest keeps A's values."""
    batch, n = a.shape[:-2], a.shape[-1]
    low = xp.tril(a).reshape((math.prod(batch), n, n))
    info = xp.zeros(low.shape[0], dtype=xp.int32)
    going = xp.ones(low.shape[0], dtype=bool)
    with xp.errstate(invalid="ignore"):
        for j in range(n):
            row = low[:, j, :j]
            ajj = low[:, j, j] - (row * row).sum(-1)
            fails = going & ~(ajj > 0)
            info[fails] = j + 1
            low[fails, j, j] = ajj[fails]
            going &= ~fails
            root = xp.sqrt(xp.where(going, ajj, 1))
            col = (low[:, j + 1:, j] - (low[:, j + 1:, :j] @ row[..., None])[..., 0]) / root[:, None]
            low[going, j, j] = root[going]
            low[going, j + 1:, j] = col[going]
    return low.reshape(a.shape), info.reshape(batch)


class Inv(Function):
    _builtin = True
    node_name = "LinalgInvExBackward0"

    @staticmethod
    def forward(ctx, a):
        out = wrap(_lapack(a, a.xp.linalg.inv, lambda: check_inverse("linalg.inv", wrap(_getrf(a.xp, a._data)[2])),
                           a._data))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, g):
        inv, = ctx.saved_tensors
        # d(A^-1) = -A^-1 dA A^-1  =>  gA = -A^-T g A^-T
        return -(inv.mT @ g @ inv.mT)


class Slogdet(Function):
    _builtin = True
    node_name = "LinalgSlogdetBackward0"

    @staticmethod
    def forward(ctx, a):
        sign, logabs = a.xp.linalg.slogdet(a._data)
        ctx.save_for_backward(a)
        ctx.set_materialize_grads(False)
        # sign is piecewise constant: differentiable in torch's graph with a zero gradient
        return wrap(a.xp.asarray(sign, dtype=a.dtype.np)), wrap(a.xp.asarray(logabs, dtype=a.dtype.np))

    @staticmethod
    def backward(ctx, g_sign, g_log):
        a, = ctx.saved_tensors
        if g_log is None:  # only the sign was used: no gradient, as in torch
            return None
        # d log|det A| = tr(A^-1 dA)  =>  gA = g A^-T
        return g_log.unsqueeze(-1).unsqueeze(-1) * inv(a).mT


class Det(Function):
    _builtin = True
    node_name = "LinalgDetBackward0"

    @staticmethod
    def forward(ctx, a):
        out = wrap(a.xp.asarray(a.xp.linalg.det(a._data), dtype=a.dtype.np))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, d = ctx.saved_tensors
        if bool((d._data == 0).any()):
            return _det_grad_by_svd(a, g)
        # d det A = det A tr(A^-1 dA)  =>  gA = g det(A) A^-T  (A nonsingular)
        return (g * d).unsqueeze(-1).unsqueeze(-1) * inv(a).mT


def _det_grad_by_svd(a, g):
    """det's gradient where some matrix of the batch is singular (A^-1 does not exist), as torch computes it: with
    A = U S Vh, det A = det(U) det(Vh) prod(S), so gA = U diag(g det(U) det(Vh) prod_{j != i} s_j) Vh."""
    from .shape import cat
    u, s, vh = Svd.apply(a, False)
    sign = Det.apply(u) * Det.apply(vh)
    ones = s[..., :1] * 0 + 1
    before = cat([ones, s[..., :-1]], -1).cumprod(-1)  # prod_{j < i} s_j
    after = cat([s[..., 1:], ones], -1).flip(-1).cumprod(-1).flip(-1)  # prod_{j > i} s_j
    return (u * ((g * sign).unsqueeze(-1) * before * after).unsqueeze(-2)) @ vh


class Solve(Function):
    """X = A^-1 B for matrices B (..., n, k)."""
    _builtin = True
    node_name = "LinalgSolveExBackward0"

    @staticmethod
    def forward(ctx, a, b):
        x = wrap(_lapack(a, a.xp.linalg.solve, _fixed("torch.linalg.solve: The solver failed because the input "
                         "matrix is singular."), a._data, b._data))
        ctx.save_for_backward(a, x)
        return x

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        # gB = A^-T g ; gA = -gB X^T
        gb = solve(a.mT, g)
        return (-(gb @ x.mT) if ctx.needs_input_grad[0] else None), gb


class Cholesky(Function):
    _builtin = True
    node_name = "LinalgCholeskyExBackward0"

    @staticmethod
    def forward(ctx, a, upper):
        low = _lapack(a, a.xp.linalg.cholesky, lambda: check_positive_definite(
            "linalg.cholesky", wrap(potf2(a.xp, a._data)[1])), a._data)
        out = wrap(low.swapaxes(-1, -2).copy() if upper else low)
        ctx.save_for_backward(out)
        ctx.upper = upper
        return out

    @staticmethod
    def backward(ctx, g):
        out, = ctx.saved_tensors
        low, gl = (out.mT, g.mT) if ctx.upper else (out, g)
        n = low.shape[-1]
        # P = Phi(L^T gL) (lower triangle, half diagonal); S = L^-T P L^-1; gA = (S + S^T) / 2
        p = low.mT @ gl
        p = p * (_lower(p, n, -1) + 0.5 * _eye(p, n))
        li = inv(low)
        s = li.mT @ p @ li
        return (s + s.mT) * 0.5, None


class Qr(Function):
    """QR as torch's linalg.qr (modes reduced, complete, r); gradient except for mode='r' and complete tall A."""
    _builtin = True
    node_name = "LinalgQrBackward0"

    @staticmethod
    def forward(ctx, a, mode):
        q, r = a.xp.linalg.qr(a._data, mode="complete" if mode == "complete" else "reduced")
        q, r = wrap(q), wrap(r)
        ctx.save_for_backward(q, r)
        ctx.mode = mode
        return q, r

    @staticmethod
    def backward(ctx, gq, gr):
        q, r = ctx.saved_tensors
        m, n = q.shape[-2], r.shape[-1]
        if ctx.mode == "r":
            raise RuntimeError("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                               "Please use linalg.qr(A, mode='reduced') if you are going to differentiate through "
                               "linalg.qr.")
        if ctx.mode == "complete" and m > n:
            raise RuntimeError("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.")
        if m >= n:
            return _qr_tall_backward(q, r, gq, gr), None
        # wide A = [X Y] = Q [R1 R2]: X's QR gets gQ + Y gR2^T, and gY = Q gR2
        from .shape import cat
        y, gr2 = q @ r[..., m:], gr[..., m:]
        gx = _qr_tall_backward(q, r[..., :m], gq + y @ gr2.mT, gr[..., :m])
        return cat([gx, q @ gr2], -1), None


def _qr_tall_backward(q, r, gq, gr):
    # M = R gR^T - gQ^T Q ; gA = (gQ + Q copyltu(M)) R^-T, copyltu(M) = tril(M) + tril(M, -1)^T
    mm = r @ gr.mT - gq.mT @ q
    k = mm.shape[-1]
    sym = mm * _lower(mm, k) + (mm * _lower(mm, k, -1)).mT
    return solve(r, (gq + q @ sym).mT).mT


class Svd(Function):
    """A = U diag(S) Vh; gradient for distinct nonzero singular values."""
    _builtin = True
    node_name = "LinalgSvdBackward0"

    @staticmethod
    def forward(ctx, a, full):
        u, s, vh = a.xp.linalg.svd(a._data, full_matrices=full)
        u, s, vh = wrap(u), wrap(s), wrap(vh)
        ctx.save_for_backward(u, s, vh)
        ctx.full = full
        ctx.set_materialize_grads(False)
        return u, s, vh

    @staticmethod
    def backward(ctx, gu, gs, gvh):
        u, s, vh = ctx.saved_tensors
        k = s.shape[-1]
        if ctx.full:  # the extra columns of U / rows of Vh are arbitrary: only the first k carry gradient
            u, vh = u[..., :k], vh[..., :k, :]
        gs = s * 0 if gs is None else gs
        if gu is None and gvh is None:  # only S used: gA = U diag(gS) Vh, also for repeated or zero singular values
            return (u * gs.unsqueeze(-2)) @ vh, None
        gu = u * 0 if gu is None else gu[..., :k]
        gvh = vh * 0 if gvh is None else gvh[..., :k, :]
        v, gv = vh.mT, gvh.mT
        eye = _eye(s, k)
        s2 = s * s
        diff = s2.unsqueeze(-2) - s2.unsqueeze(-1)  # [i, j] = s_j^2 - s_i^2
        f = (1 - eye) / (diff + eye)
        ut_gu, vt_gv = u.mT @ gu, v.mT @ gv
        sd = _diag(s)
        # gA = U [ F*(U^T gU - gU^T U) S + diag(gS) + S F*(V^T gV - gV^T V) ] V^T + projections off span(U), span(V)
        inner = (f * (ut_gu - ut_gu.mT)) @ sd + _diag(gs) + sd @ (f * (vt_gv - vt_gv.mT))
        ga = u @ inner @ vh
        sinv = _diag(1 / s)
        m, n = u.shape[-2], v.shape[-2]
        if m > k:
            ga = ga + (gu - u @ ut_gu) @ sinv @ vh
        if n > k:
            ga = ga + u @ sinv @ (gv - v @ vt_gv).mT
        return ga, None


class Eigh(Function):
    """A = V diag(L) V^T for symmetric A (read from the lower or upper triangle)."""
    _builtin = True
    node_name = "LinalgEighBackward0"

    @staticmethod
    def forward(ctx, a, uplo):
        lam, v = a.xp.linalg.eigh(a._data, UPLO=uplo)
        lam, v = wrap(lam), wrap(v)
        ctx.save_for_backward(lam, v)
        ctx.set_materialize_grads(False)
        return lam, v

    @staticmethod
    def backward(ctx, gl, gv):
        lam, v = ctx.saved_tensors
        gl = lam * 0 if gl is None else gl
        if gv is None:  # only the eigenvalues used: gA = V diag(gL) V^T, also for repeated eigenvalues
            return (v * gl.unsqueeze(-2)) @ v.mT, None
        n = lam.shape[-1]
        eye = _eye(lam, n)
        # gA = V (diag(gL) + F * skew(V^T gV)) V^T, F[i, j] = 1 / (l_j - l_i) off the diagonal: symmetric, as
        # torch's (the skew part is the projection onto the tangent space of the orthogonal group)
        f = (1 - eye) / (lam.unsqueeze(-2) - lam.unsqueeze(-1) + eye)
        vt_gv = v.mT @ gv
        return v @ (_diag(gl) + f * ((vt_gv - vt_gv.mT) * 0.5)) @ v.mT, None


class Eig(Function):
    """A = V diag(L) V^-1 for any square A: L and V complex (of A's precision), each column of V of unit norm."""
    _builtin = True
    node_name = "LinalgEigBackward0"

    @staticmethod
    def forward(ctx, a):
        complex_dtype = a.dtype.to_complex().np
        lam, v = a.xp.linalg.eig(a._data)  # (a real A's LAPACK routine: exact conjugate pairs, as torch's)
        lam, v = wrap(lam.astype(complex_dtype, copy=False)), wrap(v.astype(complex_dtype, copy=False))
        ctx.save_for_backward(lam, v)
        ctx.set_materialize_grads(False)
        return lam, v

    @staticmethod
    def backward(ctx, gl, gv):
        # gA = V^-H (diag(gL) + P(V^H gV) / conj(E)) V^H, with E[i, j] = l_j - l_i (1 on the diagonal) and P the
        # projection that keeps the unit norm of V's columns: V^H gV - V^H V Re(diag(V^H gV)) (torch's formula;
        # computed on arrays: no second derivative). A real A takes the real part (the node casts it).
        lam, v = (t._data for t in ctx.saved_tensors)
        xp = ctx.saved_tensors[0].xp
        vh = xp.conj(xp.swapaxes(v, -1, -2))
        n = lam.shape[-1]
        inner = xp.zeros(v.shape, dtype=v.dtype)
        if gv is not None:
            vh_gv = vh @ gv._data
            diagonal = xp.diagonal(vh_gv, axis1=-2, axis2=-1)
            if not xp.allclose(diagonal.imag, 0, rtol=1e-2, atol=1e-2):
                raise RuntimeError("linalg_eig_backward: The eigenvectors in the complex case are specified up to "
                                   "multiplication by e^{i phi}. The specified loss function depends on this "
                                   "quantity, so it is ill-defined.")
            inner = vh_gv - vh @ (v * diagonal.real[..., None, :])
            gaps = xp.conj(lam)[..., None, :] - xp.conj(lam)[..., :, None] + xp.eye(n)
            inner = inner / gaps * (1 - xp.eye(n))
        if gl is not None:
            inner = inner + gl._data[..., :, None] * xp.eye(n)
        return wrap(xp.linalg.solve(vh, inner @ vh))


class Pinv(Function):
    """The pseudo-inverse X = A^+ (its value computed by the caller, linalg.pinv, from the SVD or eigh), with the
    derivative of A^+ at constant rank: valid for rank-deficient A too."""
    _builtin = True
    node_name = "LinalgPinvBackward0"

    @staticmethod
    def forward(ctx, a, value):
        out = wrap(value._data)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        gt = g.mT
        # gA = -X^T g X^T + (I - A X) g^T X X^T + X^T X g^T (I - X A), grouped so the products stay small
        if a.shape[-2] <= a.shape[-1]:
            k = gt @ x
            k_xt = k @ x.mT
            return -(x @ k).mT + k_xt - (a @ x) @ k_xt + (x.mT @ x) @ (gt - k @ a), None
        k = x @ gt
        xt_k = x.mT @ k
        return -(k @ x).mT + (gt - a @ k) @ x @ x.mT + xt_k - xt_k @ x @ a, None


def inv(a):
    check_square("inv", a)
    return Inv.apply(a)


def solve(a, b):
    """X with A X = B; B is a vector batch when its shape is A's without the last dim."""
    check_square("solve", a)
    if a.dtype is not b.dtype:
        raise RuntimeError("linalg.solve: Expected A and B to have the same dtype, but found A of type %s and B of "
                           "type %s instead" % (_type_name(a.dtype), _type_name(b.dtype)))
    vector = b.dim() == 1 or (b.dim() == a.dim() - 1 and tuple(b.shape) == tuple(a.shape[:-1]))
    bm = b.unsqueeze(-1) if vector else b
    if bm.shape[-2] != a.shape[-1]:
        raise RuntimeError("linalg.solve: Incompatible shapes of A and B for the equation AX = B (%s and %s)"
                           % ("x".join(map(str, a.shape[-2:])), "x".join(map(str, bm.shape[-2:]))))
    from .elementwise import broadcast_shapes
    batch = broadcast_shapes(tuple(a.shape[:-2]), tuple(bm.shape[:-2]))
    a_b = a.expand(batch + tuple(a.shape[-2:])) if tuple(a.shape[:-2]) != batch else a
    b_b = bm.expand(batch + tuple(bm.shape[-2:])) if tuple(bm.shape[:-2]) != batch else bm
    x = Solve.apply(a_b, b_b)
    return x.squeeze(-1) if vector else x


# --- matrix exponential ------------------------------------------------------------------------------------------
# Higham's degree-13 Pade coefficients and the 1-norm up to which it is accurate to double precision unaided
_PADE13 = (64764752532480000., 32382376266240000., 7771770303897600., 1187353796428800., 129060195264000.,
           10559470521600., 670442572800., 33522128640., 1323241920., 40840800., 960960., 16380., 182., 1.)
_THETA13 = 5.371920351148152


def _expm(xp, a):
    """exp of each matrix of a (..., n, n): scale by 2^-s so the 1-norm is <= theta13, Pade(13, 13), square s
    times (s chosen per matrix; the batch squares together, each matrix only while its own s lasts)."""
    work = a if a.dtype.itemsize >= 4 else a.astype(xp.float32)  # LAPACK has no half precision
    norm = xp.abs(work).sum(-2).max(-1) if work.size else xp.zeros(work.shape[:-2], work.dtype)
    ratio = norm / _THETA13
    s = xp.ceil(xp.log2(xp.where(ratio > 1, ratio, 1)))
    s = xp.where(xp.isfinite(s), s, 0).astype(xp.int64)  # inf / NaN input: no scaling, the NaNs propagate
    x = work * (0.5 ** s).astype(work.dtype)[..., None, None]
    b = _PADE13
    eye = xp.eye(a.shape[-1], dtype=work.dtype)
    x2 = x @ x
    x4 = x2 @ x2
    x6 = x4 @ x2
    # U = X [X6 (b13 X6 + b11 X4 + b9 X2) + b7 X6 + b5 X4 + b3 X2 + b1 I], V likewise with the even b's
    u = x @ (x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2) + b[7] * x6 + b[5] * x4 + b[3] * x2 + b[1] * eye)
    v = x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2) + b[6] * x6 + b[4] * x4 + b[2] * x2 + b[0] * eye
    r = xp.linalg.solve(v - u, v + u) if a.size else v  # exp(X) ~ (V - U)^-1 (V + U)
    for step in range(int(s.max()) if s.size else 0):
        r = xp.where((s > step)[..., None, None], r @ r, r)
    return r.astype(a.dtype, copy=False)


class MatrixExp(Function):
    _builtin = True
    node_name = "LinalgMatrixExpBackward0"

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return wrap(_expm(a.xp, a._data))

    @staticmethod
    def backward(ctx, g):
        a, = ctx.saved_tensors
        from .shape import cat
        n = a.shape[-1]
        # the adjoint of d exp(A) is exp([[A^T, g], [0, A^T]])'s upper-right block
        block = cat([cat([a.mT, g], -1), cat([a.mT * 0, a.mT], -1)], -2)
        return matrix_exp(block)[..., :n, n:]


def matrix_exp(a):
    check_square("matrix_exp", a, half=True)
    return MatrixExp.apply(a)


# --- LU ---------------------------------------------------------------------------------------------------------
def _getrf(xp, a):
    """LAPACK getrf on each matrix of a (..., m, n): partial pivoting on the first largest |entry| of the column.
    Returns LU packed (unit L below the diagonal, U on and above), 1-based int32 row-swap pivots (..., k) and
    info (...,), the 1-based index of the first exactly-zero pivot (0 if none); a zero column is left as is."""
    batch, (m, n) = a.shape[:-2], a.shape[-2:]
    k = min(m, n)
    nb = math.prod(batch)
    lu = a.reshape((nb, m, n)).copy()
    piv = xp.empty((nb, k), dtype=xp.int32)
    info = xp.zeros(nb, dtype=xp.int32)
    rows = xp.arange(nb)
    for j in range(k):
        p = j + xp.abs(lu[:, j:, j]).argmax(1)
        piv[:, j] = p + 1
        swapped = lu[rows, p].copy()
        lu[rows, p] = lu[:, j]
        lu[:, j] = swapped
        pivot = lu[:, j, j]
        zero = pivot == 0
        info = xp.where(zero & (info == 0), j + 1, info).astype(xp.int32)
        lu[:, j + 1:, j] /= xp.where(zero, 1, pivot)[:, None]  # the multipliers: L's column j
        lu[:, j + 1:, j + 1:] -= lu[:, j + 1:, j, None] * lu[:, j, None, j + 1:]
    return lu.reshape(a.shape), piv.reshape(batch + (k,)), info.reshape(batch)


def lu_permutation(xp, piv, m, dtype):
    """P (..., m, m) with A = P L U from getrf's 1-based sequential row swaps."""
    batch, k = piv.shape[:-1], piv.shape[-1]
    swaps = piv.reshape((math.prod(batch), k)).astype(xp.int64) - 1
    perm = xp.broadcast_to(xp.arange(m), (swaps.shape[0], m)).copy()
    rows = xp.arange(swaps.shape[0])
    for i in range(k):  # row i of P^T A is row perm[i] of A
        here, there = perm[:, i].copy(), perm[rows, swaps[:, i]].copy()
        perm[:, i], perm[rows, swaps[:, i]] = there, here
    p = xp.zeros((swaps.shape[0], m, m), dtype=dtype)
    p[rows[:, None], perm, xp.arange(m)] = 1  # P[perm[i], i] = 1
    return p.reshape(batch + (m, m))


class LuFactor(Function):
    """A = P L U packed as torch's linalg.lu_factor_ex: (LU, pivots, info); the gradient is LU's (as torch's, for
    full-rank A of any shape)."""
    _builtin = True
    node_name = "LinalgLuFactorExBackward0"

    @staticmethod
    def forward(ctx, a):
        lu, piv, info = _getrf(a.xp, a._data)
        lu, piv, info = wrap(lu), wrap(piv), wrap(info)
        ctx.save_for_backward(lu)
        ctx.p = wrap(lu_permutation(a.xp, piv._data, a.shape[-2], a.dtype.np))
        ctx.mark_non_differentiable(piv, info)
        return lu, piv, info

    @staticmethod
    def backward(ctx, g, _gpiv, _ginfo):
        lu, = ctx.saved_tensors
        from .shape import cat
        m, n = lu.shape[-2:]
        k = min(m, n)
        low, up = lu[..., :k].tril(-1) + _eye(lu, m)[:, :k], lu[..., :k, :].triu()
        gl, gu = g[..., :k].tril(-1), g[..., :k, :].triu()
        if m == n:  # gA = P L^-T [tril_-1(L^T gL) + triu(gU U^T)] U^-T
            inner = (low.mT @ gl).tril(-1) + (gu @ up.mT).triu()
            return ctx.p @ solve(low.mT, solve(up, inner.mT).mT)
        if m < n:  # A = P L [U1 U2]: gA1 = P L^-T [triu(gU1) + tril_-1(L^T gL - gU U^T) U1^-T], gA2 = P L^-T gU2
            inner = solve(up[..., :k], (low.mT @ gl - gu @ up.mT).tril(-1).mT).mT
            return ctx.p @ solve(low.mT, cat([inner + gu[..., :k], gu[..., k:]], -1))
        # tall, A = P [L1; L2] U: gA1 = P [tril_-1(gL1) + L1^-T triu(gU U^T - L^T gL)] U^-T, gA2 = P gL2 U^-T
        inner = solve(low[..., :k, :].mT, (gu @ up.mT - low.mT @ gl).triu())
        return ctx.p @ solve(up, cat([inner + gl[..., :k, :], gl[..., k:, :]], -2).mT).mT
