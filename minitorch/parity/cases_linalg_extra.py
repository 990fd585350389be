"""Parity cases for torch.linalg's multi_dot, solve_triangular, solve_ex, inv_ex, cholesky_ex, vecdot, vander,
diagonal, tensorinv, tensorsolve, cond, householder_product (and torch.orgqr), ldl_factor(_ex) and ldl_solve.

Every case compares all outputs (info and pivots included) and, for the differentiable ones, the gradient of every
floating input of one random weighted loss over the floating outputs.
"""
import numpy

from .helpers import leaf, values
from .registry import case

_F32 = (2e-4, 1e-5)  # float32 solves and factorizations: LAPACK's blocked kernels round differently from ours
_INF = float("inf")


def _inputs(lib, made, dtype):
    """Leaves from make's arrays; an item (array, "dtype") forces that dtype, (array, "dtype", False) no grad."""
    leaves = []
    for item in made:
        array, name, grad = (item + (True,))[:3] if isinstance(item, tuple) else (item, None, True)
        dt = getattr(lib, name) if name else dtype
        leaves.append(leaf(lib, array, dt) if grad else values(lib, array, dt))
    return leaves


def _results(lib, rng, out, leaves):
    """{'out_i': every output tensor, 'grad_i': each leaf's gradient of sum_i (out_i * w_i) over the floating
    outputs that require grad, 'kind': the result's type name}."""
    outs = list(out) if isinstance(out, tuple) else [out]
    result = {"out_%d" % i: o for i, o in enumerate(outs)}
    result["kind"] = type(out).__name__ if isinstance(out, tuple) else "Tensor"
    weighted = [(o * lib.tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype)).sum()
                for o in outs if o.requires_grad and o.dtype.is_floating_point]
    wanted = [t for t in leaves if t.requires_grad]
    if weighted and wanted:
        grads = lib.autograd.grad(sum(weighted), wanted, allow_unused=True)
        result.update(("grad_%d" % i, g) for i, g in enumerate(grads))
    return result


def _case(name, fn, make, dtypes=("float64", "float32"), tol=None):
    """out = fn(lib, *leaves) for float64 (tol) and float32 (_F32 when tol is given), or for the given dtypes."""
    def body(lib, rng, dtype):
        leaves = _inputs(lib, make(rng), dtype)
        return _results(lib, rng, fn(lib, *leaves), leaves)
    full = "linalg_extra/" + name
    if tol is None or dtypes != ("float64", "float32"):
        return case(full, dtypes=dtypes, tol=tol)(body)
    case(full, dtypes=("float64",), tol=tol)(body)
    return case(full, dtypes=("float32",), tol=_F32)(body)


def _raises(name, fn):
    @case("linalg_extra/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}


def _square(rng, shape, shift=3.0):
    """Well-conditioned: random plus shift * I."""
    return rng.standard_normal(shape) + shift * numpy.eye(shape[-1])


rand = lambda *shapes: (lambda rng: [rng.standard_normal(s) for s in shapes])  # noqa: E731
sq = lambda *shape: (lambda rng: [_square(rng, shape)])  # noqa: E731
sq_and = lambda a, *shapes: (lambda rng: [_square(rng, a)] + [rng.standard_normal(s) for s in shapes])  # noqa: E731
_TOL = (1e-9, 1e-11)  # float64 through a factorization

# --- multi_dot ----------------------------------------------------------------------------------------------------
_md = lambda lib, *ts: lib.linalg.multi_dot(list(ts))  # noqa: E731
_case("multi_dot/two", _md, rand((3, 4), (4, 2)))
_case("multi_dot/three", _md, rand((3, 4), (4, 5), (5, 2)))
_case("multi_dot/three_right_first", _md, rand((6, 5), (5, 4), (4, 1)))
_case("multi_dot/three_tie", _md, rand((2, 2), (2, 2), (2, 2)))
_case("multi_dot/chain", _md, rand((3, 7), (7, 2), (2, 6), (6, 1), (1, 5)))
_case("multi_dot/vectors", _md, rand((4,), (4, 3), (3, 5), (5,)))
_case("multi_dot/row_vector", _md, rand((4,), (4, 3), (3, 2)))
_case("multi_dot/column_vector", _md, rand((2, 4), (4,)))
_case("multi_dot/dot", _md, rand((4,), (4,)))
_case("multi_dot/noncontiguous", lambda lib, a, b, c: lib.linalg.multi_dot((a.mT, b[:, ::2], c)),
      rand((4, 3), (4, 6), (3, 2)))
_case("multi_dot/empty", _md, rand((0, 4), (4, 3), (3, 2)))
_case("multi_dot/empty_inner", _md, rand((3, 0), (0, 2), (2, 2)))
_case("multi_dot/keyword", lambda lib, a, b: lib.linalg.multi_dot(tensors=(a, b)), rand((2, 3), (3,)))
_case("multi_dot/int", _md, lambda rng: [(rng.integers(-3, 4, (2, 3)), "int64"), (rng.integers(-3, 4, (3, 4)),
                                                                                     "int64")], dtypes=None)
_case("multi_dot/out", lambda lib, a, b, c: lib.linalg.multi_dot([a, b, c], out=lib.empty(0, dtype=a.dtype)),
      lambda rng: [(rng.standard_normal(s), None, False) for s in ((2, 3), (3, 3), (3, 2))])

# --- solve_triangular -----------------------------------------------------------------------------------------------
_st = lambda **kw: (lambda lib, a, b: lib.linalg.solve_triangular(a, b, **kw))  # noqa: E731
_case("solve_triangular/upper", _st(upper=True), sq_and((4, 4), (4, 3)), tol=_TOL)
_case("solve_triangular/lower", _st(upper=False), sq_and((4, 4), (4, 2)), tol=_TOL)
_case("solve_triangular/unitriangular", _st(upper=False, unitriangular=True), sq_and((3, 3), (3, 2)), tol=_TOL)
_case("solve_triangular/right", _st(upper=True, left=False), sq_and((3, 3), (5, 3)), tol=_TOL)
_case("solve_triangular/right_lower_unit", _st(upper=False, left=False, unitriangular=True),
      sq_and((3, 3), (2, 3)), tol=_TOL)
_case("solve_triangular/broadcast", _st(upper=True), sq_and((2, 1, 3, 3), (5, 3, 2)), tol=_TOL)
_case("solve_triangular/broadcast_b", _st(upper=False, left=False), sq_and((3, 3), (2, 4, 3)), tol=_TOL)
_case("solve_triangular/noncontiguous", lambda lib, a, b: lib.linalg.solve_triangular(a.mT, b.mT, upper=False),
      sq_and((2, 3, 3), (2, 4, 3)), tol=_TOL)
_case("solve_triangular/b_grad_only", lambda lib, a, b: lib.linalg.solve_triangular(input=a, B=b, upper=True),
      lambda rng: [(_square(rng, (3, 3)), None, False), rng.standard_normal((3, 2))], tol=_TOL)
_case("solve_triangular/empty", _st(upper=True), lambda rng: [numpy.zeros((0, 0)), numpy.zeros((0, 2))])
_case("solve_triangular/no_columns", _st(upper=True), sq_and((3, 3), (3, 0)))
_case("solve_triangular/b_of_other_dtype", _st(upper=True), lambda rng: [(_square(rng, (3, 3)), "float32"),
                                                                         (rng.standard_normal((3, 2)), "float64")],
      dtypes=None, tol=_F32)
_case("solve_triangular/int_b", _st(upper=False), lambda rng: [_square(rng, (3, 3)),
                                                               (rng.integers(-3, 4, (3, 2)), "int64")], tol=_TOL)
_case("solve_triangular/zero_diagonal", _st(upper=True),
      lambda rng: [(numpy.triu(rng.standard_normal((3, 3))) * [1, 0, 1], None, False),
                   (rng.standard_normal((3, 2)), None, False)])

# --- solve_ex, inv_ex, cholesky_ex ------------------------------------------------------------------------------------
_sx = lambda **kw: (lambda lib, a, b: lib.linalg.solve_ex(a, b, **kw))  # noqa: E731
_fields = lambda r, *names: tuple(getattr(r, n) for n in names)  # noqa: E731
_case("solve_ex/matrix", lambda lib, a, b: _fields(lib.linalg.solve_ex(a, b), "result", "info"),
      sq_and((3, 3), (3, 2)), tol=_TOL)
_case("solve_ex/vector", _sx(), sq_and((4, 4), (4,)), tol=_TOL)
_case("solve_ex/batched_vector", _sx(), sq_and((2, 3, 3), (2, 3)), tol=_TOL)
_case("solve_ex/vector_broadcast", _sx(), sq_and((2, 3, 3), (3,)), tol=_TOL)
_case("solve_ex/broadcast", _sx(), sq_and((3, 3), (4, 3, 2)), tol=_TOL)
_case("solve_ex/broadcast_a", _sx(), sq_and((2, 1, 3, 3), (5, 3, 1)), tol=_TOL)
_case("solve_ex/right", _sx(left=False), sq_and((2, 3, 3), (4, 3)), tol=_TOL)
_case("solve_ex/noncontiguous", lambda lib, a, b: lib.linalg.solve_ex(a.mT, b.mT, check_errors=True),
      sq_and((2, 3, 3), (2, 4, 3)), tol=_TOL)
_case("solve_ex/keywords_a_grad_only", lambda lib, a, b: lib.linalg.solve_ex(A=a, B=b, left=True).result,
      lambda rng: [_square(rng, (3, 3)), (rng.standard_normal((3, 2)), None, False)], tol=_TOL)
_case("solve_ex/empty", _sx(), lambda rng: [numpy.zeros((2, 0, 0)), numpy.zeros((2, 0, 3))])
_case("solve_ex/1x1", _sx(), sq_and((2, 1, 1), (2, 1, 2)), tol=_TOL)
_singular = lambda rng: numpy.stack([numpy.ones((3, 3)), _square(rng, (3, 3)),  # noqa: E731
                                     [[1., 2, 3], [2, 4, 6], [1, 0, 1]], [[0., 0, 1], [0, 0, 2], [1, 1, 1]]])
_case("solve_ex/singular", _sx(), lambda rng: [(_singular(rng), None, False), (rng.standard_normal((4, 3, 2)),
                                                                               None, False)])
_case("solve/right", lambda lib, a, b: lib.linalg.solve(a, b, left=False), sq_and((2, 3, 3), (4, 3)), tol=_TOL)
_case("solve/right_1x1", lambda lib, a, b: lib.linalg.solve(a, b, left=False), sq_and((1, 1), (5, 1)), tol=_TOL)
_case("solve/out", lambda lib, a, b: lib.linalg.solve(a, b, out=lib.empty(0, dtype=a.dtype)),
      lambda rng: [(_square(rng, (3, 3)), None, False), (rng.standard_normal((3, 2)), None, False)], tol=_TOL)
_case("lu_solve/singular", lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor_ex(a)[:2], b),
      lambda rng: [(_singular(rng), None, False), (rng.standard_normal((4, 3, 2)), None, False)])
_case("lu_solve/singular_adjoint", lambda lib, a, b: lib.linalg.lu_solve(*lib.linalg.lu_factor_ex(a)[:2], b,
                                                                        adjoint=True),
      lambda rng: [(_singular(rng), None, False), (rng.standard_normal((4, 3, 2)), None, False)])
_case("inv_ex", lambda lib, a: _fields(lib.linalg.inv_ex(a), "inverse", "info"), sq(4, 4), tol=_TOL)
_case("inv_ex/batched_noncontiguous", lambda lib, a: lib.linalg.inv_ex(a.mT), sq(2, 3, 3), tol=_TOL)
_case("inv_ex/check_errors", lambda lib, a: lib.linalg.inv_ex(a, check_errors=True), sq(3, 1, 1), tol=_TOL)
_case("inv_ex/empty", lambda lib, a: lib.linalg.inv_ex(a), lambda rng: [numpy.zeros((2, 0, 0))])
_case("inv_ex/singular", lambda lib, a: lib.linalg.inv_ex(a), lambda rng: [(_singular(rng), None, False)])

_spd = lambda lib, x: x @ x.mT + x.shape[-1] * lib.eye(x.shape[-1], dtype=x.dtype)  # noqa: E731
_case("cholesky_ex", lambda lib, x: _fields(lib.linalg.cholesky_ex(_spd(lib, x)), "L", "info"), rand((4, 4)),
      tol=_TOL)
_case("cholesky_ex/upper_batched", lambda lib, x: lib.linalg.cholesky_ex(input=_spd(lib, x), upper=True),
      rand((2, 3, 3)), tol=_TOL)
_case("cholesky_ex/check_errors_noncontiguous",
      lambda lib, x: lib.linalg.cholesky_ex(_spd(lib, x).mT, check_errors=True), rand((3, 3)), tol=_TOL)
_case("cholesky_ex/1x1", lambda lib, x: lib.linalg.cholesky_ex(_spd(lib, x)), rand((3, 1, 1)), tol=_TOL)
_case("cholesky_ex/empty", lambda lib, a: lib.linalg.cholesky_ex(a), lambda rng: [numpy.zeros((0, 0))])


def _indefinite(rng, n=5):
    """Symmetric positive-definite matrices but for one diagonal entry each (at 0, 1, ..., n-1) made negative."""
    x = rng.standard_normal((n, n, n))
    a = x @ x.swapaxes(-1, -2) + n * numpy.eye(n)
    a[numpy.arange(n), numpy.arange(n), numpy.arange(n)] = -100.0
    return numpy.concatenate([a, [numpy.eye(n)]])


_case("cholesky_ex/indefinite", lambda lib, a: lib.linalg.cholesky_ex(a),
      lambda rng: [(_indefinite(rng), None, False)], tol=_TOL)
_case("cholesky_ex/indefinite_upper", lambda lib, a: lib.linalg.cholesky_ex(a, upper=True),
      lambda rng: [(_indefinite(rng, 4), None, False)], tol=_TOL)
_case("cholesky_ex/reads_lower_triangle", lambda lib, x: lib.linalg.cholesky_ex(_spd(lib, x).tril() + 7 * x.triu(1)),
      rand((4, 4)), tol=_TOL)

# --- vecdot, vander, diagonal -----------------------------------------------------------------------------------------
_case("vecdot", lambda lib, x, y: lib.linalg.vecdot(x, y), rand((3, 4), (4,)))
_case("vecdot/dim", lambda lib, x, y: lib.linalg.vecdot(x=x, y=y, dim=0), rand((3, 1), (3, 5)))
_case("vecdot/broadcast_noncontiguous", lambda lib, x, y: lib.linalg.vecdot(x.mT, y, dim=-2), rand((2, 5, 3),
                                                                                                    (3, 1)))
_case("vecdot/scalars", lambda lib, x, y: lib.linalg.vecdot(x, y), rand((), ()))
_case("vecdot/empty", lambda lib, x, y: lib.linalg.vecdot(x, y), rand((2, 0), (2, 0)))
_case("vecdot/out", lambda lib, x, y: lib.linalg.vecdot(x, y, out=lib.empty(0, dtype=x.dtype)),
      lambda rng: [(rng.standard_normal((2, 3)), None, False), (rng.standard_normal((2, 3)), None, False)])
_case("vecdot/half", lambda lib, x, y: lib.linalg.vecdot(x, y), rand((3, 4), (3, 4)), dtypes=("float16",))
_case("vander", lambda lib, x: lib.linalg.vander(x), rand((4,)))
_case("vander/batched_N", lambda lib, x: lib.linalg.vander(x, N=5), rand((2, 3)))
_case("vander/N2_noncontiguous", lambda lib, x: lib.linalg.vander(x.mT, N=2), rand((3, 2)))
_case("vander/scalar", lambda lib, x: lib.linalg.vander(x, N=3), rand(()))
_case("vander/empty", lambda lib, x: lib.linalg.vander(x, N=3), rand((2, 0)))
_case("vander/int", lambda lib, x: lib.linalg.vander(x),
      lambda rng: [(rng.integers(-3, 4, (2, 3)), "int32")], dtypes=None)
_case("vander/long", lambda lib, x: lib.linalg.vander(x, N=4),
      lambda rng: [(rng.integers(-3, 4, (3,)), "int64")], dtypes=None)
_case("diagonal", lambda lib, a: lib.linalg.diagonal(a), rand((2, 3, 4)))
_case("diagonal/keywords", lambda lib, a: lib.linalg.diagonal(a, offset=-1, dim1=0, dim2=2), rand((4, 2, 3)))

# --- tensorinv, tensorsolve ---------------------------------------------------------------------------------------
_tensor_sq = lambda front, back: (  # noqa: E731
    lambda rng: [_square(rng, (int(numpy.prod(front)),) * 2).reshape(front + back)])
_case("tensorinv", lambda lib, a: lib.linalg.tensorinv(a), _tensor_sq((4, 6), (8, 3)), tol=_TOL)
_case("tensorinv/ind1", lambda lib, a: lib.linalg.tensorinv(input=a, ind=1), _tensor_sq((6,), (2, 3)), tol=_TOL)
_case("tensorinv/ind3", lambda lib, a: lib.linalg.tensorinv(a, 3), _tensor_sq((2, 1, 3), (6,)), tol=_TOL)
_case("tensorinv/out", lambda lib, a: lib.linalg.tensorinv(a.detach(), out=lib.empty(0, dtype=a.dtype)),
      _tensor_sq((2, 2), (4,)), tol=_TOL)
_case("tensorsolve", lambda lib, a, b: lib.linalg.tensorsolve(a, b),
      lambda rng: [_square(rng, (6, 6)).reshape(2, 3, 6), rng.standard_normal((2, 3))], tol=_TOL)
_case("tensorsolve/dims", lambda lib, a, b: lib.linalg.tensorsolve(a, b, dims=(0, 2)),
      lambda rng: [_square(rng, (6, 6)).reshape(2, 3, 3, 2).transpose(2, 0, 3, 1), rng.standard_normal((2, 3))],
      tol=_TOL)
_case("tensorsolve/dims_list_b_grad_only", lambda lib, a, b: lib.linalg.tensorsolve(input=a, other=b, dims=[0]),
      lambda rng: [(_square(rng, (6, 6)).reshape(6, 2, 3), None, False),
                   rng.standard_normal((2, 3))], tol=_TOL)
_case("tensorsolve/vector", lambda lib, a, b: lib.linalg.tensorsolve(a.mT, b),
      lambda rng: [_square(rng, (4, 4)), rng.standard_normal(4)], tol=_TOL)

# --- cond -----------------------------------------------------------------------------------------------------------
for _p in (None, 2, -2):
    _case("cond/%s" % (_p,), lambda lib, a, p=_p: lib.linalg.cond(a, p), sq(2, 3, 3), tol=_TOL)
for _p in ("fro", "nuc", 1, -1, _INF, -_INF):  # torch's backward through these raises (see the error cases)
    _case("cond/%s" % (_p,), lambda lib, a, p=_p: lib.linalg.cond(a, p),
          lambda rng: [(_square(rng, (2, 3, 3)), None, False)], tol=_TOL)
_case("cond/default", lambda lib, a: lib.linalg.cond(a), sq(4, 4), tol=_TOL)
_case("cond/keyword_float", lambda lib, a: lib.linalg.cond(input=a, p=1.0), lambda rng: [(_square(rng, (3, 3)), None,
                                                                                    False)], tol=_TOL)
_case("cond/wide", lambda lib, a: lib.linalg.cond(a), rand((2, 3, 5)), tol=_TOL)
_case("cond/tall_minus2", lambda lib, a: lib.linalg.cond(a.mT, -2), rand((3, 5)), tol=_TOL)
_case("cond/singular_fro", lambda lib, a: lib.linalg.cond(a, "fro"),
      lambda rng: [(numpy.stack([numpy.ones((3, 3)), numpy.zeros((3, 3)), _square(rng, (3, 3))]), None, False)])
_case("cond/zero_2", lambda lib, a: lib.linalg.cond(a), lambda rng: [(numpy.zeros((2, 3, 3)), None, False)])
_case("cond/empty", lambda lib, a: lib.linalg.cond(a), lambda rng: [numpy.zeros((2, 0, 0))])
_case("cond/empty_1", lambda lib, a: lib.linalg.cond(a, 1), lambda rng: [numpy.zeros((0, 3, 3))])

# --- householder_product --------------------------------------------------------------------------------------------
_hp = lambda lib, a, tau: lib.linalg.householder_product(a, tau)  # noqa: E731
_case("householder_product", _hp, rand((4, 3), (2,)), tol=_TOL)
_case("householder_product/full", lambda lib, a, tau: lib.linalg.householder_product(input=a, tau=tau),
      rand((5, 3), (3,)), tol=_TOL)
_case("householder_product/square_batched", _hp, rand((2, 3, 3, 3), (2, 3, 3)), tol=_TOL)
_case("householder_product/noncontiguous", lambda lib, a, tau: lib.linalg.householder_product(a.mT, tau[::2]),
      rand((2, 5), (4,)), tol=_TOL)
_case("householder_product/one_column", _hp, rand((3, 3, 1), (3, 1)), tol=_TOL)
_case("householder_product/no_reflectors", _hp, rand((4, 3), (0,)))
_case("householder_product/empty", _hp, rand((4, 0), (0,)))
_case("orgqr", lambda lib, a, tau: lib.orgqr(a, tau) + a.orgqr(input2=tau), rand((4, 3), (3,)), tol=_TOL)

# --- LDL^T ------------------------------------------------------------------------------------------------------------
_sym = lambda rng, shape: (lambda x: x + x.swapaxes(-1, -2))(rng.standard_normal(shape))  # noqa: E731
_ldl = lambda lib, *a, **kw: _fields(lib.linalg.ldl_factor(*a, **kw), "LD", "pivots")  # noqa: E731
_case("ldl_factor", lambda lib, a: _ldl(lib, a), lambda rng: [(_sym(rng, (6, 6)), None, False)], tol=_TOL)
_case("ldl_factor/batched_hermitian", lambda lib, a: _ldl(lib, input=a, hermitian=True),
      lambda rng: [(_sym(rng, (3, 2, 5, 5)), None, False)], tol=_TOL)
_case("ldl_factor/reads_lower_triangle", lambda lib, a: _ldl(lib, a),
      lambda rng: [(rng.standard_normal((8, 4, 4)), None, False)], tol=_TOL)
_case("ldl_factor/noncontiguous", lambda lib, a: _ldl(lib, a.mT),
      lambda rng: [(rng.standard_normal((4, 4)), None, False)], tol=_TOL)
_case("ldl_factor/1x1", lambda lib, a: _ldl(lib, a), lambda rng: [(rng.standard_normal((3, 1, 1)), None, False)])
_case("ldl_factor/empty", lambda lib, a: _ldl(lib, a), lambda rng: [(numpy.zeros((2, 0, 0)), None, False)])


@case("linalg_extra/ldl_factor/requires_grad")
def _ldl_requires_grad(lib, rng, dtype):
    """torch has no derivative for LDL^T, but its outputs are in the graph (a backward through them raises)."""
    r = lib.linalg.ldl_factor(leaf(lib, _sym(rng, (3, 3)), dtype))
    return {"LD": r.LD.detach(), "requires_grad": r.LD.requires_grad, "pivots_grad": r.pivots.requires_grad}


_case("ldl_factor_ex", lambda lib, a: _fields(lib.linalg.ldl_factor_ex(a), "LD", "pivots", "info"),
      lambda rng: [(_sym(rng, (2, 5, 5)), None, False)], tol=_TOL)
_case("ldl_factor_ex/singular", lambda lib, a: lib.linalg.ldl_factor_ex(a),
      lambda rng: [(numpy.stack([numpy.zeros((3, 3)), numpy.diag([1., 0, 2]), numpy.ones((3, 3)),
                                 [[0., 1, 0], [1, 0, 0], [0, 0, 0]]]), None, False)])
_case("ldl_factor_ex/2x2_pivots", lambda lib, a: lib.linalg.ldl_factor_ex(a, check_errors=True),
      lambda rng: [(numpy.array([[0., 1, 2], [1, 0, 3], [2, 3, 0]]), None, False)])


def _ldl_solve(lib, a, b, **kw):
    LD, pivots = lib.linalg.ldl_factor(a)
    return lib.linalg.ldl_solve(LD, pivots, b, **kw)


_case("ldl_solve", _ldl_solve, lambda rng: [(_sym(rng, (6, 6)), None, False), (rng.standard_normal((6, 3)), None,
                                                                               False)], tol=_TOL)
_case("ldl_solve/batched_hermitian", lambda lib, a, b: _ldl_solve(lib, a, b, hermitian=True),
      lambda rng: [(_sym(rng, (4, 5, 5)), None, False), (rng.standard_normal((4, 5, 2)), None, False)], tol=_TOL)
_case("ldl_solve/broadcast_b", _ldl_solve, lambda rng: [(_sym(rng, (4, 4)), None, False),
                                                        (rng.standard_normal((2, 4, 2)), None, False)], tol=_TOL)
_case("ldl_solve/noncontiguous_long_pivots", lambda lib, a, b: (lambda r: lib.linalg.ldl_solve(
    r.LD.mT.mT, r.pivots.long(), b.mT))(lib.linalg.ldl_factor(a)),
      lambda rng: [(_sym(rng, (5, 5)), None, False), (rng.standard_normal((2, 5)), None, False)], tol=_TOL)
_case("ldl_solve/empty", _ldl_solve, lambda rng: [(numpy.zeros((0, 0)), None, False),
                                                  (numpy.zeros((0, 2)), None, False)])


# --- errors ---------------------------------------------------------------------------------------------------------
def _t(lib, *shape, dtype=None):
    return lib.ones(*shape, dtype=dtype)


for _name, _fn in {
    "multi_dot/one": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 2)]),
    "multi_dot/not_list": lambda lib: lib.linalg.multi_dot(_t(lib, 2, 2)),
    "multi_dot/not_tensor": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 2), 3]),
    "multi_dot/first_3d": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 2, 2), _t(lib, 2, 2)]),
    "multi_dot/middle_1d": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 2), _t(lib, 2), _t(lib, 2, 2)]),
    "multi_dot/last_0d": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 2), lib.tensor(1.)]),
    "multi_dot/dtypes": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 2), _t(lib, 2, 2, dtype=lib.float64)]),
    "multi_dot/shapes": lambda lib: lib.linalg.multi_dot([_t(lib, 2, 3), _t(lib, 2, 3)]),
    "solve_triangular/no_upper": lambda lib: lib.linalg.solve_triangular(_t(lib, 2, 2), _t(lib, 2, 2)),
    "solve_triangular/1d_b": lambda lib: lib.linalg.solve_triangular(_t(lib, 2, 2), _t(lib, 2), upper=True),
    "solve_triangular/not_square": lambda lib: lib.linalg.solve_triangular(_t(lib, 2, 3), _t(lib, 2, 3), upper=True),
    "solve_triangular/shapes": lambda lib: lib.linalg.solve_triangular(_t(lib, 3, 3), _t(lib, 3, 2), upper=True,
                                                                       left=False),
    "solve_triangular/long": lambda lib: lib.linalg.solve_triangular(_t(lib, 2, 2, dtype=lib.long), _t(lib, 2, 2),
                                                                     upper=True),
    "solve_triangular/half": lambda lib: lib.linalg.solve_triangular(_t(lib, 2, 2, dtype=lib.half),
                                                                     _t(lib, 2, 2, dtype=lib.half), upper=True),
    "solve_ex/singular": lambda lib: lib.linalg.solve_ex(_t(lib, 2, 3, 3), _t(lib, 3, 1), check_errors=True),
    "solve_ex/dtypes": lambda lib: lib.linalg.solve_ex(_t(lib, 3, 3), _t(lib, 3, 1, dtype=lib.float64)),
    "solve_ex/shapes": lambda lib: lib.linalg.solve_ex(lib.eye(3), _t(lib, 2, 3)),
    "solve_ex/right_vector": lambda lib: lib.linalg.solve_ex(lib.eye(3), _t(lib, 3), left=False),
    "solve_ex/not_square": lambda lib: lib.linalg.solve_ex(_t(lib, 3, 4), _t(lib, 3, 4)),
    "solve_ex/long": lambda lib: lib.linalg.solve_ex(_t(lib, 3, 3, dtype=lib.long), _t(lib, 3, 1, dtype=lib.long)),
    "solve_ex/half": lambda lib: lib.linalg.solve_ex(_t(lib, 3, 3, dtype=lib.half), _t(lib, 3, 1, dtype=lib.half)),
    "solve/right_vector": lambda lib: lib.linalg.solve(lib.eye(1), _t(lib, 1), left=False),
    "solve/right_shapes": lambda lib: lib.linalg.solve(lib.eye(3), _t(lib, 3, 2), left=False),
    "solve/out_grad": lambda lib: lib.linalg.solve(lib.eye(3, requires_grad=True), _t(lib, 3), out=lib.empty(0)),
    "inv_ex/singular": lambda lib: lib.linalg.inv_ex(_t(lib, 3, 3), check_errors=True),
    "inv_ex/singular_batched": lambda lib: lib.linalg.inv_ex(_t(lib, 2, 3, 3), check_errors=True),
    "inv_ex/not_square": lambda lib: lib.linalg.inv_ex(_t(lib, 3, 4)),
    "inv_ex/1d": lambda lib: lib.linalg.inv_ex(_t(lib, 3)),
    "inv_ex/half": lambda lib: lib.linalg.inv_ex(_t(lib, 3, 3, dtype=lib.half)),
    "cholesky_ex/indefinite": lambda lib: lib.linalg.cholesky_ex(-lib.eye(3), check_errors=True),
    "cholesky_ex/indefinite_batched": lambda lib: lib.linalg.cholesky_ex(_t(lib, 2, 3, 3), check_errors=True),
    "cholesky_ex/not_square": lambda lib: lib.linalg.cholesky_ex(_t(lib, 3, 4)),
    "cholesky_ex/long": lambda lib: lib.linalg.cholesky_ex(_t(lib, 3, 3, dtype=lib.long)),
    "cholesky_ex/half": lambda lib: lib.linalg.cholesky_ex(_t(lib, 3, 3, dtype=lib.half)),
    "vecdot/dtypes": lambda lib: lib.linalg.vecdot(_t(lib, 3), _t(lib, 3, dtype=lib.float64)),
    "vecdot/long": lambda lib: lib.linalg.vecdot(_t(lib, 3, dtype=lib.long), _t(lib, 3, dtype=lib.long)),
    "vecdot/broadcast": lambda lib: lib.linalg.vecdot(_t(lib, 3, 4), _t(lib, 5)),
    "vecdot/dim": lambda lib: lib.linalg.vecdot(_t(lib, 3, 4), _t(lib, 3, 4), dim=2),
    "vander/N1": lambda lib: lib.linalg.vander(_t(lib, 3), N=1),
    "vander/scalar": lambda lib: lib.linalg.vander(lib.tensor(2.)),
    "vander/positional_N": lambda lib: lib.linalg.vander(_t(lib, 3), 3),
    "vander/bool": lambda lib: lib.linalg.vander(_t(lib, 3, dtype=lib.bool)),
    "vander/half": lambda lib: lib.linalg.vander(_t(lib, 3, dtype=lib.half)),
    "diagonal/1d": lambda lib: lib.linalg.diagonal(_t(lib, 3)),
    "diagonal/positional_offset": lambda lib: lib.linalg.diagonal(_t(lib, 3, 3), 1),
    "tensorinv/ind0": lambda lib: lib.linalg.tensorinv(_t(lib, 2, 2), ind=0),
    "tensorinv/shape": lambda lib: lib.linalg.tensorinv(_t(lib, 4, 6, 8, 3), ind=1),
    "tensorinv/singular": lambda lib: lib.linalg.tensorinv(_t(lib, 2, 2, 4)),
    "tensorinv/long": lambda lib: lib.linalg.tensorinv(_t(lib, 2, 2, 4, dtype=lib.long)),
    "tensorsolve/shape": lambda lib: lib.linalg.tensorsolve(_t(lib, 2, 3, 5), _t(lib, 2, 3)),
    "tensorsolve/dims_reshape": lambda lib: lib.linalg.tensorsolve(_t(lib, 6, 4, 2, 3), _t(lib, 6, 4), dims=(0, 1)),
    "tensorsolve/singular": lambda lib: lib.linalg.tensorsolve(_t(lib, 2, 3, 6), _t(lib, 2, 3)),
    "tensorsolve/dtypes": lambda lib: lib.linalg.tensorsolve(lib.eye(6).reshape(2, 3, 6),
                                                             _t(lib, 2, 3, dtype=lib.float64)),
    "cond/1d": lambda lib: lib.linalg.cond(_t(lib, 3)),
    "cond/bad_p": lambda lib: lib.linalg.cond(lib.eye(3), 3),
    "cond/bad_p_string": lambda lib: lib.linalg.cond(lib.eye(3), "foo"),
    "cond/not_square_fro": lambda lib: lib.linalg.cond(_t(lib, 3, 4), "fro"),
    "cond/not_square_inf": lambda lib: lib.linalg.cond(_t(lib, 3, 4), -_INF),
    "cond/long": lambda lib: lib.linalg.cond(lib.eye(3, dtype=lib.long)),
    "cond/long_1": lambda lib: lib.linalg.cond(lib.eye(3, dtype=lib.long), 1),
    "cond/half": lambda lib: lib.linalg.cond(lib.eye(3, dtype=lib.half)),
    "cond/backward_fro": lambda lib: lib.linalg.cond(2 * lib.eye(3, requires_grad=True), "fro").backward(),
    "householder_product/wide": lambda lib: lib.linalg.householder_product(_t(lib, 3, 4), _t(lib, 2)),
    "householder_product/long_tau": lambda lib: lib.linalg.householder_product(_t(lib, 4, 3), _t(lib, 4)),
    "householder_product/tau_dims": lambda lib: lib.linalg.householder_product(_t(lib, 4, 3), _t(lib, 2, 2)),
    "householder_product/batch": lambda lib: lib.linalg.householder_product(_t(lib, 2, 4, 3), _t(lib, 3, 2)),
    "householder_product/dtypes": lambda lib: lib.linalg.householder_product(_t(lib, 4, 3),
                                                                             _t(lib, 2, dtype=lib.float64)),
    "householder_product/long": lambda lib: lib.linalg.householder_product(_t(lib, 4, 3, dtype=lib.long),
                                                                           _t(lib, 2, dtype=lib.long)),
    "householder_product/1d": lambda lib: lib.linalg.householder_product(_t(lib, 4), _t(lib, 2)),
    "orgqr/wide": lambda lib: lib.orgqr(_t(lib, 3, 4), _t(lib, 2)),
    "ldl_factor/singular": lambda lib: lib.linalg.ldl_factor(lib.zeros(3, 3)),
    "ldl_factor_ex/check_errors": lambda lib: lib.linalg.ldl_factor_ex(lib.zeros(2, 3, 3), check_errors=True),
    "ldl_factor/not_square": lambda lib: lib.linalg.ldl_factor(_t(lib, 3, 4)),
    "ldl_factor/1d": lambda lib: lib.linalg.ldl_factor(_t(lib, 4)),
    "ldl_factor/long": lambda lib: lib.linalg.ldl_factor(lib.eye(3, dtype=lib.long)),
    "ldl_factor/half": lambda lib: lib.linalg.ldl_factor(lib.eye(3, dtype=lib.half)),
    "ldl_factor/backward": lambda lib: lib.linalg.ldl_factor(lib.eye(3, requires_grad=True)).LD.sum().backward(),
    "ldl_solve/1d_b": lambda lib: lib.linalg.ldl_solve(*lib.linalg.ldl_factor(lib.eye(3)), _t(lib, 3)),
    "ldl_solve/shapes": lambda lib: lib.linalg.ldl_solve(*lib.linalg.ldl_factor(lib.eye(3)), _t(lib, 2, 2)),
    "ldl_solve/dtypes": lambda lib: lib.linalg.ldl_solve(*lib.linalg.ldl_factor(lib.eye(3)),
                                                         _t(lib, 3, 2, dtype=lib.float64)),
    "ldl_solve/pivots_shape": lambda lib: lib.linalg.ldl_solve(lib.eye(3), lib.ones(2, dtype=lib.int32),
                                                               _t(lib, 3, 2)),
    "ldl_solve/float_pivots": lambda lib: lib.linalg.ldl_solve(lib.eye(3), lib.ones(3), _t(lib, 3, 2)),
    "ldl_solve/long": lambda lib: lib.linalg.ldl_solve(lib.eye(3, dtype=lib.long), lib.ones(3, dtype=lib.int32),
                                                       _t(lib, 3, 2, dtype=lib.long)),
    "ldl_solve/half": lambda lib: lib.linalg.ldl_solve(lib.eye(3, dtype=lib.half), lib.ones(3, dtype=lib.int32),
                                                       _t(lib, 3, 2, dtype=lib.half)),
}.items():
    _raises(_name, _fn)
