"""Matrix decompositions and the functions built on them: inv, det, slogdet, solve, cholesky, qr, svd, eigh.

Forward runs the array module's linalg (``tensor.xp.linalg``, batched over leading dims); backward is written
with Tensor ops, so second derivatives work. Compositions (pinv, norms, matrix_power, ...) live in linalg.py.
"""
from ..autograd.function import Function
from ..tensor import Tensor
from ._util import c10_name, wrap


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


def check_square(name, a):
    if not isinstance(a, Tensor):
        raise TypeError("linalg.%s(): argument 'A' (position 1) must be Tensor, not %s" % (name, type(a).__name__))
    if a.dim() < 2:
        raise RuntimeError("linalg.%s: The input tensor A must have at least 2 dimensions." % name)
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError("linalg.%s: A must be batches of square matrices, but they are %d by %d matrices"
                           % (name, a.shape[-2], a.shape[-1]))
    check_float(name, a)


def check_float(name, a):
    if not a.dtype.is_floating_point or a.dtype.itemsize < 4:
        raise RuntimeError("linalg.%s: Expected a floating point or complex tensor as input. Got %s"
                           % (name, c10_name(a.dtype)))


def _lapack(a, fn, message, *arrays):
    """fn(*arrays); LAPACK's exact-zero pivot (the same test torch makes) raised as LinAlgError(message).
    (CuPy does not check: singular input there gives inf/nan, as torch's *_ex functions do.)"""
    try:
        return fn(*arrays)
    except a.xp.linalg.LinAlgError:
        raise LinAlgError(message) from None


class Inv(Function):
    _builtin = True
    node_name = "LinalgInvExBackward0"

    @staticmethod
    def forward(ctx, a):
        out = wrap(_lapack(a, a.xp.linalg.inv, "linalg.inv: The inversion could not be completed because the "
                           "input matrix is singular.", a._data))
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
        # d det A = det A tr(A^-1 dA)  =>  gA = g det(A) A^-T  (A nonsingular)
        return (g * d).unsqueeze(-1).unsqueeze(-1) * inv(a).mT


class Solve(Function):
    """X = A^-1 B for matrices B (..., n, k)."""
    _builtin = True
    node_name = "LinalgSolveExBackward0"

    @staticmethod
    def forward(ctx, a, b):
        x = wrap(_lapack(a, a.xp.linalg.solve, "torch.linalg.solve: The solver failed because the input matrix "
                         "is singular.", a._data, b._data))
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
        low = _lapack(a, a.xp.linalg.cholesky, "linalg.cholesky: The factorization could not be completed because "
                      "the input is not positive-definite.", a._data)
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
        return u, s, vh

    @staticmethod
    def backward(ctx, gu, gs, gvh):
        u, s, vh = ctx.saved_tensors
        k = s.shape[-1]
        if ctx.full:  # the extra columns of U / rows of Vh are arbitrary: only the first k carry gradient
            u, gu, vh, gvh = u[..., :k], gu[..., :k], vh[..., :k, :], gvh[..., :k, :]
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
        return lam, v

    @staticmethod
    def backward(ctx, gl, gv):
        lam, v = ctx.saved_tensors
        n = lam.shape[-1]
        eye = _eye(lam, n)
        # gA = V (diag(gL) + F * (V^T gV)) V^T, F[i, j] = 1 / (l_j - l_i) off the diagonal
        f = (1 - eye) / (lam.unsqueeze(-2) - lam.unsqueeze(-1) + eye)
        return v @ (_diag(gl) + f * (v.mT @ gv)) @ v.mT, None


def inv(a):
    check_square("inv", a)
    return Inv.apply(a)


def solve(a, b):
    """X with A X = B; B is a vector batch when its shape is A's without the last dim."""
    check_square("solve", a)
    if a.dtype is not b.dtype:
        raise RuntimeError("linalg.solve: Expected A and B to have the same dtype, but found A of type %s and B of "
                           "type %s instead" % (c10_name(a.dtype), c10_name(b.dtype)))
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
