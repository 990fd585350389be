"""Parity cases for torch.linalg: decompositions (det, slogdet, inv, solve, cholesky, qr, svd, eigh, lu_factor, lu,
lu_solve, matrix_exp), the functions built on them (pinv, norms, matrix_power, matrix_rank, cross, lstsq) and their
errors.

Where torch's outputs are unique only up to sign (qr, svd, eigh vectors) the cases compare sign-invariant
quantities (R and Q with diag(R) made positive, u_k v_k^T, squared eigenvector entries), and gradients of losses
of those. Symmetric inputs are built from a free leaf X (A = X + X^T, or X X^T + n I), so the gradient compared
is that of X, which does not depend on which triangle the decomposition reads.
"""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case


def _square(rng, shape, shift=3.0):
    """Well-conditioned: random plus shift * I."""
    return rng.standard_normal(shape) + shift * numpy.eye(shape[-1])


_F32 = (2e-4, 1e-5)  # float32 decompositions: two LAPACK builds differ by a few ulps times the condition


def _out_case(name, fn, make, tol=None):
    """out = fn(lib, *leaves); compares out and every leaf's gradient (random upstream weight). tol is float64's;
    float32 gets _F32 when a tol is given (the decompositions' float32 rounding)."""
    def body(lib, rng, dtype):
        leaves = [leaf(lib, a, dtype) for a in make(rng)]
        out = fn(lib, *leaves)
        if isinstance(out, tuple):  # several outputs: one weighted loss over all of them
            ws = [lib.tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype) for o in out]
            loss = sum((o * w).sum() for o, w in zip(out, ws))
            grads = lib.autograd.grad(loss, leaves, allow_unused=True)
            result = {"out_%d" % i: o for i, o in enumerate(out)}
            result.update(("grad_%d" % i, g) for i, g in enumerate(grads))
            return result
        return grads_of(lib, rng, out, leaves)
    if tol is None:
        return case("linalg/" + name)(body)
    case("linalg/" + name, dtypes=("float64",), tol=tol)(body)
    return case("linalg/" + name, dtypes=("float32",), tol=_F32)(body)


sq = lambda *shape: (lambda rng: [_square(rng, shape)])  # noqa: E731
rand = lambda *shapes: (lambda rng: [rng.standard_normal(s) for s in shapes])  # noqa: E731

_out_case("det", lambda lib, a: lib.linalg.det(a), sq(4))
_out_case("det/batched", lambda lib, a: lib.linalg.det(a), sq(2, 3, 3))
_out_case("det/top_level_method", lambda lib, a: a.det() + lib.det(a), sq(3, 3))
_out_case("det/1x1", lambda lib, a: lib.linalg.det(a), sq(2, 1, 1))
_out_case("slogdet", lambda lib, a: lib.linalg.slogdet(a - 6 * lib.eye(4, dtype=a.dtype)).logabsdet, sq(4, 4))
_out_case("slogdet/sign", lambda lib, a: lib.linalg.slogdet(a - 6 * lib.eye(3, dtype=a.dtype)).sign, sq(2, 3, 3))
_out_case("logdet", lambda lib, a: lib.logdet(a), sq(3, 3))
_out_case("inv", lambda lib, a: lib.linalg.inv(a), sq(4, 4))
_out_case("inv/batched_noncontiguous", lambda lib, a: lib.linalg.inv(a.mT), sq(2, 3, 3))
_out_case("inverse/method", lambda lib, a: a.inverse(), sq(3, 3))
_out_case("inv/empty", lambda lib, a: lib.linalg.inv(a), lambda rng: [numpy.zeros((2, 0, 0))])
_out_case("solve/matrix", lambda lib, a, b: lib.linalg.solve(a, b), lambda rng: [_square(rng, (3, 3)),
                                                                             rng.standard_normal((3, 2))])
_out_case("solve/vector", lambda lib, a, b: lib.linalg.solve(a, b), lambda rng: [_square(rng, (3, 3)),
                                                                             rng.standard_normal(3)])
_out_case("solve/batched_vector", lambda lib, a, b: lib.linalg.solve(a, b),
          lambda rng: [_square(rng, (2, 3, 3)), rng.standard_normal((2, 3))])
_out_case("solve/broadcast", lambda lib, a, b: lib.linalg.solve(a, b),
          lambda rng: [_square(rng, (3, 3)), rng.standard_normal((4, 3, 2))])
_out_case("solve/broadcast_a", lambda lib, a, b: lib.linalg.solve(a, b),
          lambda rng: [_square(rng, (2, 1, 3, 3)), rng.standard_normal((5, 3, 1))])

_spd = lambda lib, x: x @ x.mT + x.shape[-1] * lib.eye(x.shape[-1], dtype=x.dtype)  # noqa: E731
_sym = lambda x: x + x.mT  # noqa: E731
_out_case("cholesky", lambda lib, x: lib.linalg.cholesky(_spd(lib, x)), rand((4, 4)))
_out_case("cholesky/upper_batched", lambda lib, x: lib.linalg.cholesky(_spd(lib, x), upper=True), rand((2, 3, 3)))
_out_case("cholesky/top_level", lambda lib, x: lib.cholesky(_spd(lib, x)), rand((3, 3)))


def _qr_fixed(lib, a, mode="reduced"):
    """Q, R with R's diagonal made positive (unique for full-rank A)."""
    q, r = lib.linalg.qr(a, mode=mode)
    k = min(a.shape[-2], a.shape[-1])
    d = lib.sign((r[..., :k, :k] * lib.eye(k, dtype=a.dtype)).sum(-1))
    return q[..., :k] * d.unsqueeze(-2), r[..., :k, :] * d.unsqueeze(-1)


_out_case("qr/square", lambda lib, a: _qr_fixed(lib, a), rand((4, 4)), tol=(1e-8, 1e-10))
_out_case("qr/tall", lambda lib, a: _qr_fixed(lib, a), rand((5, 3)), tol=(1e-8, 1e-10))
_out_case("qr/batched", lambda lib, a: _qr_fixed(lib, a), rand((2, 4, 3)), tol=(1e-8, 1e-10))
_out_case("qr/wide", lambda lib, a: _qr_fixed(lib, a), rand((3, 5)), tol=(1e-8, 1e-10))
_out_case("qr/wide_batched", lambda lib, a: _qr_fixed(lib, a), rand((2, 2, 4)), tol=(1e-8, 1e-10))
_out_case("qr/complete_square", lambda lib, a: _qr_fixed(lib, a, "complete"), rand((3, 3)), tol=(1e-8, 1e-10))


@case("linalg/qr/r_mode_and_complete_shapes", dtypes=("float64",))
def _qr_modes(lib, rng, dtype):
    a = values(lib, rng.standard_normal((5, 3)), dtype)
    q, r = lib.linalg.qr(a, mode="complete")
    q0, r0 = lib.linalg.qr(a, mode="r")
    return {"q_shape": tuple(q.shape), "r_shape": tuple(r.shape), "q0_shape": tuple(q0.shape),
            "r_abs": r0.abs(), "qtq": q.mT @ q}


def _svd_invariants(lib, a, full=False):
    """S, u_k v_k^T, and (reduced only: full U's extra columns are any basis of the complement) U^2, Vh^2."""
    u, s, vh = lib.linalg.svd(a, full_matrices=full)
    k = s.shape[-1]
    # u_k v_k^T for each k: [..., k, i, j] = U[..., i, k] Vh[..., k, j]
    rank1 = u[..., :k].mT.unsqueeze(-1) * vh[..., :k, :].unsqueeze(-2)
    return s, rank1, u * u, vh * vh


_out_case("svd/tall", lambda lib, a: _svd_invariants(lib, a), rand((5, 3)), tol=(1e-8, 1e-10))
_out_case("svd/wide", lambda lib, a: _svd_invariants(lib, a), rand((3, 5)), tol=(1e-8, 1e-10))
_out_case("svd/square_batched", lambda lib, a: _svd_invariants(lib, a), rand((2, 4, 4)), tol=(1e-8, 1e-10))
_out_case("svd/full_matrices_tall", lambda lib, a: _svd_invariants(lib, a, True)[:2], rand((5, 3)),
          tol=(1e-8, 1e-10))
_out_case("svd/full_matrices_wide", lambda lib, a: _svd_invariants(lib, a, True)[:2], rand((2, 3, 4)),
          tol=(1e-8, 1e-10))
_out_case("svd/torch_svd_V", lambda lib, a: (lambda r: (r.S, r.U * r.U, r.V * r.V))(lib.svd(a)), rand((4, 3)),
          tol=(1e-8, 1e-10))
_out_case("svd/torch_svd_method_full", lambda lib, a: (lambda r: (r[1], r[0][:, :3].mT.unsqueeze(-1) * r[2][:, :3]
                                                                  .mT.unsqueeze(-2)))(a.svd(some=False)),
          rand((4, 3)), tol=(1e-8, 1e-10))
_out_case("qr/torch_qr_method", lambda lib, a: (lambda r: r.R.abs())(a.qr()), rand((4, 3)), tol=(1e-8, 1e-10))
_out_case("svdvals", lambda lib, a: lib.linalg.svdvals(a), rand((2, 4, 3)), tol=(1e-8, 1e-10))


@case("linalg/svd/full_matrices_shapes", dtypes=("float64",))
def _svd_full(lib, rng, dtype):
    a = values(lib, rng.standard_normal((5, 3)), dtype)
    u, s, vh = lib.linalg.svd(a)
    return {"u": tuple(u.shape), "vh": tuple(vh.shape), "utu": u.mT @ u, "s": s}


def _eigh_invariants(lib, x, uplo="L"):
    lam, v = lib.linalg.eigh(_sym(x), UPLO=uplo)
    return lam, v * v


_out_case("eigh", lambda lib, x: _eigh_invariants(lib, x), rand((4, 4)), tol=(1e-8, 1e-10))
_out_case("eigh/batched_upper", lambda lib, x: _eigh_invariants(lib, x, "U"), rand((2, 3, 3)), tol=(1e-8, 1e-10))
_out_case("eigh/triangle_read", lambda lib, a: lib.linalg.eigh(a).eigenvalues + lib.linalg.eigvalsh(a, UPLO="U"),
          rand((4, 4)), tol=(1e-8, 1e-10))
_out_case("eigvalsh", lambda lib, x: lib.linalg.eigvalsh(_sym(x)), rand((2, 4, 4)), tol=(1e-8, 1e-10))

_out_case("pinv/tall", lambda lib, a: lib.linalg.pinv(a), rand((5, 3)), tol=(1e-8, 1e-10))
_out_case("pinv/wide_batched", lambda lib, a: lib.linalg.pinv(a), rand((2, 3, 4)), tol=(1e-8, 1e-10))
_out_case("pinverse", lambda lib, a: lib.pinverse(a), rand((4, 3)), tol=(1e-8, 1e-10))
_out_case("lstsq", lambda lib, a, b: lib.linalg.lstsq(a, b).solution, rand((5, 3), (5, 2)), tol=(1e-8, 1e-10))
_out_case("matrix_power/3", lambda lib, a: lib.linalg.matrix_power(a, 3), rand((3, 3)))
_out_case("matrix_power/0_batched", lambda lib, a: lib.linalg.matrix_power(a, 0), rand((2, 3, 3)))
_out_case("matrix_power/neg2", lambda lib, a: lib.linalg.matrix_power(a, -2), sq(3, 3))
_out_case("matrix_power/method_5", lambda lib, a: a.matrix_power(5), rand((2, 2)))
_out_case("cross", lambda lib, a, b: lib.linalg.cross(a, b), rand((4, 3), (4, 3)))
_out_case("cross/broadcast_dim0", lambda lib, a, b: lib.linalg.cross(a, b, dim=0), rand((3, 1), (3, 4)))
_out_case("cross/top_level", lambda lib, a, b: lib.cross(a, b), rand((2, 3, 5), (2, 3, 5)))
_out_case("matmul", lambda lib, a, b: lib.linalg.matmul(a, b), rand((2, 3), (3,)))


@case("linalg/matrix_rank", dtypes=("float64",))
def _rank(lib, rng, dtype):
    a = rng.standard_normal((3, 5, 2)) @ rng.standard_normal((3, 2, 4))
    return {"rank": lib.linalg.matrix_rank(values(lib, a, dtype)),
            "rank_full": lib.linalg.matrix_rank(values(lib, rng.standard_normal((4, 3)), dtype))}


_VECTOR_ORDS = {"2": 2, "1": 1, "inf": float("inf"), "-inf": float("-inf"), "3.5": 3.5, "-1": -1}
for _k, _o in _VECTOR_ORDS.items():
    _out_case("vector_norm/ord_" + _k, lambda lib, a, o=_o: lib.linalg.vector_norm(a, o), rand((3, 4)))
_out_case("vector_norm/ord_0_value", lambda lib, a: lib.linalg.vector_norm(a.detach(), 0), rand((3, 4)))
_out_case("vector_norm/dim_keepdim", lambda lib, a: lib.linalg.vector_norm(a, 3, dim=(0, 2), keepdim=True),
          rand((2, 3, 4)))
_MATRIX_ORDS = {"fro": "fro", "nuc": "nuc", "2": 2, "-2": -2, "1": 1, "-1": -1, "inf": float("inf"),
                "-inf": float("-inf")}
for _k, _o in _MATRIX_ORDS.items():
    _out_case("matrix_norm/ord_" + _k, lambda lib, a, o=_o: lib.linalg.matrix_norm(a, o), rand((2, 4, 3)),
              tol=(1e-8, 1e-10))
    _out_case("norm/ord_%s_dim_keepdim" % _k,
              lambda lib, a, o=_o: lib.linalg.norm(a, o, dim=(2, 0), keepdim=True), rand((4, 2, 3)),
              tol=(1e-8, 1e-10))
_out_case("norm/none_flattens", lambda lib, a: lib.linalg.norm(a), rand((2, 3, 4)))
_out_case("norm/matrix_2d", lambda lib, a: lib.linalg.norm(a, 1), rand((3, 4)))
_out_case("norm/vector_dim", lambda lib, a: lib.linalg.norm(a, 1, dim=1), rand((3, 4)))
_out_case("norm/torch_norm_nuc", lambda lib, a: lib.norm(a, p="nuc"), rand((3, 4)), tol=(1e-8, 1e-10))
_out_case("norm/method_fro", lambda lib, a: a.norm(), rand((3, 4)))


@case("linalg/det/second_derivative")
def _det_double(lib, rng, dtype):
    a = leaf(lib, _square(rng, (3, 3)), dtype)
    g, = lib.autograd.grad(lib.linalg.det(a), a, create_graph=True)
    gg, = lib.autograd.grad((g * g).sum(), a)
    return {"g": g, "gg": gg}


@case("linalg/inv/second_derivative")
def _inv_double(lib, rng, dtype):
    a = leaf(lib, _square(rng, (3, 3)), dtype)
    g, = lib.autograd.grad(lib.linalg.inv(a).sum(), a, create_graph=True)
    gg, = lib.autograd.grad((g ** 2).sum(), a)
    return {"g": g, "gg": gg}


def _error(name, fn):
    @case("linalg_error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}


_error("inv_singular", lambda lib: lib.linalg.inv(lib.ones(3, 3, dtype=lib.float64)))
_error("inv_singular_is_runtime_error", lambda lib: _raise_as_runtime(lib))
_error("inv_not_square", lambda lib: lib.linalg.inv(lib.ones(2, 3)))
_error("inv_1d", lambda lib: lib.linalg.inv(lib.ones(3)))
_error("inv_int", lambda lib: lib.linalg.inv(lib.ones(2, 2, dtype=lib.int64)))
_error("solve_singular", lambda lib: lib.linalg.solve(lib.zeros(2, 2), lib.ones(2)))
_error("solve_shapes", lambda lib: lib.linalg.solve(lib.eye(3), lib.ones(2, 2)))
_error("cholesky_not_pd", lambda lib: lib.linalg.cholesky(-lib.eye(3)))
_error("det_not_square", lambda lib: lib.linalg.det(lib.ones(2, 3)))
_error("qr_bad_mode", lambda lib: lib.linalg.qr(lib.ones(2, 2), mode="x"))
_error("qr_complete_tall_backward", lambda lib: lib.linalg.qr(lib.ones(3, 2, requires_grad=True),
                                                              mode="complete")[0].sum().backward())
_error("qr_r_mode_backward", lambda lib: lib.linalg.qr(lib.ones(3, 2, requires_grad=True), mode="r")[1].sum()
       .backward())
_error("cross_not_3", lambda lib: lib.linalg.cross(lib.ones(4, 2), lib.ones(4, 2)))
_error("matrix_norm_1d", lambda lib: lib.linalg.matrix_norm(lib.ones(3)))
_error("norm_ord_3d", lambda lib: lib.linalg.norm(lib.ones(2, 2, 2), 2))


def _raise_as_runtime(lib):
    """A singular inv caught as RuntimeError (LinAlgError subclasses it), re-raised as ValueError in both."""
    try:
        lib.linalg.inv(lib.zeros(2, 2))
    except RuntimeError as e:
        assert isinstance(e, lib.linalg.LinAlgError)
        raise ValueError("caught") from None


# --- matrix_exp ---------------------------------------------------------------------------------------------------
def _mixed_norms(rng):
    """A batch whose 1-norms need no scaling, some and much (each matrix squares its own number of times)."""
    return [rng.standard_normal((3, 4, 4)) * numpy.array([0.1, 1.0, 6.0])[:, None, None]]


_out_case("matrix_exp", lambda lib, a: lib.linalg.matrix_exp(a), rand((4, 4)), tol=(1e-10, 1e-12))
_out_case("matrix_exp/batched_mixed_norms", lambda lib, a: lib.linalg.matrix_exp(a), _mixed_norms,
          tol=(1e-10, 1e-12))
_out_case("matrix_exp/top_level_method", lambda lib, a: lib.matrix_exp(a) + a.mT.matrix_exp(), rand((2, 3, 3)),
          tol=(1e-10, 1e-12))
_out_case("matrix_exp/1x1", lambda lib, a: lib.linalg.matrix_exp(a), rand((2, 1, 1)), tol=(1e-10, 1e-12))
_out_case("matrix_exp/nilpotent", lambda lib, a: lib.linalg.matrix_exp(a.triu(1)), rand((5, 5)), tol=(1e-10, 1e-12))
_out_case("matrix_exp/empty", lambda lib, a: lib.linalg.matrix_exp(a), lambda rng: [numpy.zeros((2, 0, 0))])


@case("linalg/matrix_exp/second_derivative", tol=(1e-9, 1e-11), dtypes=("float64",))
def _expm_double(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 3)), dtype)
    g, = lib.autograd.grad((lib.linalg.matrix_exp(a) ** 2).sum(), a, create_graph=True)
    gg, = lib.autograd.grad((g * g).sum(), a)
    return {"g": g, "gg": gg}


# --- LU -----------------------------------------------------------------------------------------------------------
def _lu_factor_case(name, shape, fn=lambda lib, a: lib.linalg.lu_factor(a)):
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal(shape), dtype)
        out = fn(lib, a)
        result = grads_of(lib, rng, out[0], [a])
        result.update(("out_%d" % i, o) for i, o in enumerate(out[1:], 1))
        return result
    case("linalg/" + name, dtypes=("float64",), tol=(1e-10, 1e-12))(body)
    case("linalg/" + name, dtypes=("float32",), tol=_F32)(body)


_lu_factor_case("lu_factor/square", (4, 4))
_lu_factor_case("lu_factor/tall", (5, 3))
_lu_factor_case("lu_factor/wide", (3, 5))
_lu_factor_case("lu_factor/batched", (2, 3, 4, 4))
_lu_factor_case("lu_factor/empty_batch", (0, 3, 3))
_lu_factor_case("lu_factor_ex", (2, 4, 3), lambda lib, a: lib.linalg.lu_factor_ex(a))
_lu_factor_case("lu/torch_lu", (2, 4, 4), lambda lib, a: lib.lu(a))
_lu_factor_case("lu/method_get_infos", (3, 3), lambda lib, a: a.lu(get_infos=True))


@case("linalg/lu_factor_ex/singular_info", dtypes=("float64", "float32"))
def _lu_singular(lib, rng, dtype):
    a = values(lib, rng.standard_normal((3, 4, 4)), dtype)
    a[0, :, 1] = 0  # a zero column: info 2, the column left as is
    a[1] = 0
    lu, pivots, info = lib.linalg.lu_factor_ex(a)
    return {"lu": lu, "pivots": pivots, "info": info, "torch_lu_info": lib.lu(a, get_infos=True)[2]}


_out_case("lu/square", lambda lib, a: tuple(lib.linalg.lu(a)), rand((4, 4)), tol=(1e-10, 1e-12))
_out_case("lu/tall_batched", lambda lib, a: tuple(lib.linalg.lu(a)), rand((2, 5, 3)), tol=(1e-10, 1e-12))
_out_case("lu/wide_batched", lambda lib, a: tuple(lib.linalg.lu(a)), rand((2, 3, 5)), tol=(1e-10, 1e-12))
_out_case("lu/empty_columns", lambda lib, a: tuple(lib.linalg.lu(a)), lambda rng: [numpy.zeros((3, 0))])
_out_case("lu_unpack", lambda lib, a: tuple(lib.lu_unpack(*lib.linalg.lu_factor(a))), rand((2, 4, 3)),
          tol=(1e-10, 1e-12))
_out_case("lu_unpack/flags", lambda lib, a: (lambda r: (r.L + r.U, r.P.shape[0] * a.sum()))(
    lib.lu_unpack(*lib.linalg.lu_factor(a), unpack_pivots=False)), rand((3, 3)), tol=(1e-10, 1e-12))


def _lu_solve(left=True, adjoint=False):
    return lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor(a), b, left=left, adjoint=adjoint)


_out_case("lu_solve", _lu_solve(), lambda rng: [_square(rng, (4, 4)), rng.standard_normal((4, 2))],
          tol=(1e-10, 1e-12))
_out_case("lu_solve/adjoint", _lu_solve(adjoint=True), lambda rng: [_square(rng, (2, 3, 3)),
                                                                   rng.standard_normal((2, 3, 2))],
          tol=(1e-10, 1e-12))
_out_case("lu_solve/right", _lu_solve(left=False), lambda rng: [_square(rng, (3, 3)), rng.standard_normal((2, 3))],
          tol=(1e-10, 1e-12))
_out_case("lu_solve/right_adjoint_broadcast", _lu_solve(left=False, adjoint=True),
          lambda rng: [_square(rng, (2, 1, 3, 3)), rng.standard_normal((4, 5, 3))], tol=(1e-10, 1e-12))
_out_case("lu_solve/broadcast_b", _lu_solve(), lambda rng: [_square(rng, (3, 3)), rng.standard_normal((2, 3, 4))],
          tol=(1e-10, 1e-12))
_out_case("lu_solve/torch_lu_solve_method", lambda lib, a, b: lib.lu_solve(b, *lib.lu(a)) + b.lu_solve(*lib.lu(a)),
          lambda rng: [_square(rng, (4, 4)), rng.standard_normal((4, 1))], tol=(1e-10, 1e-12))
_out_case("lu_solve/permuted", _lu_solve(), lambda rng: [_square(rng, (4, 4), 0.0)[[2, 0, 3, 1]],
                                                        rng.standard_normal((4, 3))], tol=(1e-8, 1e-10))
_error("matrix_exp_not_square", lambda lib: lib.linalg.matrix_exp(lib.ones(2, 3)))
_error("matrix_exp_int", lambda lib: lib.matrix_exp(lib.ones(2, 2, dtype=lib.int64)))
_error("lu_factor_singular", lambda lib: lib.linalg.lu_factor(lib.ones(3, 3)))
_error("lu_factor_singular_batched", lambda lib: lib.linalg.lu_factor(lib.zeros(2, 3, 3)))
_error("lu_factor_ex_check_errors", lambda lib: lib.linalg.lu_factor_ex(lib.zeros(3, 3), check_errors=True))
_error("lu_factor_1d", lambda lib: lib.linalg.lu_factor(lib.ones(3)))
_error("lu_factor_int", lambda lib: lib.linalg.lu_factor(lib.ones(2, 2, dtype=lib.int64)))
_error("lu_factor_no_pivot", lambda lib: lib.linalg.lu_factor(lib.eye(3), pivot=False))
_error("lu_no_pivot", lambda lib: lib.linalg.lu(lib.eye(3), pivot=False))
_error("lu_solve_int64_pivots", lambda lib: lib.linalg.lu_solve(lib.eye(3), lib.ones(3, dtype=lib.int64),
                                                                lib.ones(3, 2)))
_error("lu_solve_shapes", lambda lib: lib.linalg.lu_solve(*lib.linalg.lu_factor(lib.eye(3)), lib.ones(4, 2)))
_error("lu_solve_right_shapes", lambda lib: lib.linalg.lu_solve(*lib.linalg.lu_factor(lib.eye(3)), lib.ones(3, 2),
                                                                left=False))
_error("lu_solve_vector_b", lambda lib: lib.linalg.lu_solve(*lib.linalg.lu_factor(lib.eye(3)), lib.ones(3)))
_error("lu_solve_dtype", lambda lib: lib.linalg.lu_solve(*lib.linalg.lu_factor(lib.eye(3)),
                                                         lib.ones(3, 1, dtype=lib.float64)))
_error("lu_solve_pivot_range", lambda lib: lib.linalg.lu_solve(lib.eye(3), lib.full((3,), 5, dtype=lib.int32),
                                                               lib.ones(3, 1)))
_error("lu_solve_pivots_batch", lambda lib: lib.linalg.lu_solve(lib.eye(3).expand(2, 3, 3),
                                                                lib.ones(3, dtype=lib.int32), lib.ones(3, 1)))
