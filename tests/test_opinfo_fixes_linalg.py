"""Regression tests for the linear-algebra and statistics mismatches torch's OpInfo samples found
(tests/opinfo_sweep.py): pinv (hermitian=True reads the lower triangle; the gradient at rank-deficient input), eigh's
symmetric gradient, the subgradient of the 2 / nuclear norms at zero, lstsq's per-driver outputs, empty inputs of
matrix_rank and lu_solve, cov with dof <= 0, quantile's gradient in q, diff with n=0, addbmm_ resizing self and
linalg.cross's checks. Each call runs in torch and in minitorch on the same inputs: the same outputs (values, shapes,
dtypes, requires_grad) and gradients, or the same exception class and message."""
import warnings

import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

TOLERANCE = {"float64": 1e-7, "float32": 2e-5}


def _tensor(lib, array, dtype, requires_grad):
    t = lib.tensor(np.asarray(array, dtype=dtype).tolist(), dtype=getattr(lib, dtype)).reshape(np.shape(array))
    return t.requires_grad_(requires_grad)


def _run(lib, fn, arrays, dtype, grad):
    """fn(lib, *inputs) -> (outputs, gradients of sum(out * w) for w a fixed ramp, None for unused inputs)."""
    inputs = [_tensor(lib, a, dtype, grad) for a in arrays]
    result = fn(lib, *inputs)
    outputs = list(result) if isinstance(result, tuple) else [result]
    grads = []
    if grad:
        loss = sum((out * _tensor(lib, np.linspace(-1, 2, out.numel()).reshape(tuple(out.shape)), dtype, False))
                   .sum() for out in outputs if out.requires_grad)
        grads = list(lib.autograd.grad(loss, inputs, allow_unused=True))
    return outputs, grads


def _same(expected, got, tol):
    if expected is None or got is None:
        assert expected is None and got is None, "gradient: torch %s, minitorch %s" % (expected, got)
        return
    assert tuple(got.shape) == tuple(expected.shape)
    assert str(got.dtype) == str(expected.dtype)
    assert got.requires_grad == expected.requires_grad
    np.testing.assert_allclose(np.array(got.tolist(), dtype=float).reshape(tuple(got.shape)),
                               expected.detach().numpy().astype(float), rtol=tol, atol=tol)


def check(fn, *arrays, dtype="float64", grad=True):
    expected_out, expected_grads = _run(torch, fn, arrays, dtype, grad)
    got_out, got_grads = _run(minitorch, fn, arrays, dtype, grad)
    assert len(got_out) == len(expected_out)
    for e, g in zip(expected_out + expected_grads, got_out + got_grads):
        _same(e, g, TOLERANCE[dtype])


def check_raises(fn, *arrays, dtype="float64"):
    errors = []
    for lib in (torch, minitorch):
        with pytest.raises(Exception) as info:
            fn(lib, *[_tensor(lib, a, dtype, False) for a in arrays])
        errors.append(info.value)
    expected, got = errors
    assert type(got).__name__ == type(expected).__name__
    assert str(got).split("\n")[0] == str(expected).split("\n")[0]


RNG = np.random.default_rng(20261203)
SQUARE = RNG.standard_normal((3, 3))
RANK_ONE_TALL = RNG.standard_normal((3, 1)) @ RNG.standard_normal((1, 2))  # 3 x 2 of rank 1


# --- pinv -------------------------------------------------------------------------------------------------------
def test_pinv_hermitian_reads_the_lower_triangle():
    out = minitorch.linalg.pinv(minitorch.tensor([[1., 2.], [0., 1.]], dtype=minitorch.float64), hermitian=True)
    assert out.tolist() == [[1., 0.], [0., 1.]]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4)])
def test_pinv_hermitian_values_and_gradient(shape, dtype):
    check(lambda lib, a: lib.linalg.pinv(a, hermitian=True), RNG.standard_normal(shape), dtype=dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("matrix", [RANK_ONE_TALL, RANK_ONE_TALL.T, np.zeros((2, 3)), np.ones((3, 3))],
                         ids=["tall", "wide", "zero", "ones"])
def test_pinv_gradient_of_rank_deficient_input(matrix, dtype):
    check(lambda lib, a: lib.linalg.pinv(a), matrix, dtype=dtype)


def test_pinv_gradient_of_full_rank_input_and_tolerances():
    check(lambda lib, a: lib.linalg.pinv(a), RNG.standard_normal((2, 3, 4)))
    check(lambda lib, a: lib.linalg.pinv(a, rtol=0.4), RNG.standard_normal((2, 4, 3)))
    check(lambda lib, a: lib.linalg.pinv(a, atol=lib.tensor([0.5, 100.], dtype=lib.float64)),
          RNG.standard_normal((2, 3, 3)))
    check(lambda lib, a: lib.pinverse(a), RNG.standard_normal((3, 2)))


@pytest.mark.parametrize("hermitian", [False, True])
@pytest.mark.parametrize("shape", [(0, 0), (2, 0, 0), (3, 0), (2, 0, 3)])
def test_pinv_and_matrix_rank_of_empty_matrices(shape, hermitian):
    # torch answers empty input at once: not even hermitian's squareness is checked
    check(lambda lib, a: lib.linalg.pinv(a, hermitian=hermitian), np.zeros(shape), grad=False)
    check(lambda lib, a: lib.linalg.matrix_rank(a, hermitian=hermitian), np.zeros(shape), grad=False)


def test_matrix_rank_checks():
    check_raises(lambda lib, a: lib.linalg.matrix_rank(a), np.zeros(3))
    check_raises(lambda lib, a: lib.linalg.matrix_rank(a.long()), np.zeros((2, 0)))
    check_raises(lambda lib, a: lib.linalg.matrix_rank(a, hermitian=True), np.zeros((2, 3)))


def test_matrix_rank_hermitian_and_tensor_tolerances():
    check(lambda lib, a: lib.linalg.matrix_rank(a, hermitian=True), [[1., 5.], [1., 1.]], grad=False)
    check(lambda lib, a: lib.linalg.matrix_rank(a, atol=lib.tensor([0.5, 100.], dtype=lib.float64)),
          RNG.standard_normal((2, 3, 3)), grad=False)


def _second_derivative(lib, fn, array):
    """d/dA |d/dA sum(fn(A) * w)|^2: the backward of the backward."""
    a = _tensor(lib, array, "float64", True)
    out = fn(lib, a)
    g, = lib.autograd.grad((out * _tensor(lib, np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)),
                                          "float64", False)).sum(), a, create_graph=True)
    return lib.autograd.grad((g * g).sum(), a)[0]


@pytest.mark.parametrize("fn, array", [
    (lambda lib, a: lib.linalg.pinv(a), RANK_ONE_TALL), (lambda lib, a: lib.linalg.pinv(a), SQUARE),
    (lambda lib, a: lib.linalg.eigvalsh(a), SQUARE), (lambda lib, a: lib.linalg.eigh(a).eigenvectors.abs(), SQUARE),
    (lambda lib, a: lib.linalg.matrix_norm(a, "nuc"), SQUARE)], ids=["pinv-rank-1", "pinv", "eigvalsh", "eigh", "nuc"])
def test_second_derivative(fn, array):
    _same(_second_derivative(torch, fn, array), _second_derivative(minitorch, fn, array), 1e-7)


# --- eigh, and the norms at zero ---------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_gradient_of_a_non_symmetric_input_is_symmetric(uplo, dtype):
    # |V|: eigenvectors are unique up to sign only
    check(lambda lib, a: (lambda r: (r.eigenvalues, r.eigenvectors.abs()))(lib.linalg.eigh(a, UPLO=uplo)),
          RNG.standard_normal((2, 4, 4)), dtype=dtype)


def test_eigvalsh_gradient_with_repeated_eigenvalues():
    check(lambda lib, a: lib.linalg.eigvalsh(a), np.eye(3))


@pytest.mark.parametrize("ord", [2, -2, "nuc"])
@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 2), (2, 3, 3)])
def test_matrix_norm_subgradient_at_zero(shape, ord):
    check(lambda lib, a: lib.linalg.matrix_norm(a, ord), np.zeros(shape))
    check(lambda lib, a: lib.linalg.norm(a, ord, dim=(-2, -1)), np.zeros(shape))


def test_svdvals_gradient_at_zero_and_full_svd_still_differentiable():
    check(lambda lib, a: lib.linalg.svdvals(a), np.zeros((3, 2)))
    check(lambda lib, a: (lambda r: (r.S, (r.U @ r.Vh).abs()))(lib.linalg.svd(a, full_matrices=False)),
          RNG.standard_normal((3, 2)))


# --- lstsq --------------------------------------------------------------------------------------------------------
DRIVERS = [None, "gels", "gelsy", "gelsd", "gelss"]


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("shapes", [((5, 2), (5, 3)), ((2, 5, 3), (2, 5, 2)), ((2, 4), (2, 3)), ((3, 3), (3, 1)),
                                    ((5, 2), (5,))], ids=["tall", "batch", "wide", "square", "vector"])
def test_lstsq_outputs_per_driver_and_gradient(shapes, driver):
    a, b = (RNG.standard_normal(s) for s in shapes)
    check(lambda lib, a, b: tuple(lib.linalg.lstsq(a, b, driver=driver)), a, b)


@pytest.mark.parametrize("driver", ["gelsy", "gelsd", "gelss"])
def test_lstsq_rank_deficient_tall_input_has_no_residuals(driver):
    check(lambda lib, a, b: tuple(lib.linalg.lstsq(a, b, driver=driver)), RANK_ONE_TALL, RNG.standard_normal((3, 2)))


def test_lstsq_checks():
    check_raises(lambda lib, a, b: lib.linalg.lstsq(a, b, driver="foo"), SQUARE, SQUARE)
    check_raises(lambda lib, a, b: lib.linalg.lstsq(a, b), SQUARE, np.zeros((2, 3, 3)))


# --- lu_solve with empty inputs -----------------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:torch.lu_solve is deprecated")
@pytest.mark.parametrize("left", [True, False])
@pytest.mark.parametrize("shapes", [((0, 0), (0, 3)), ((2, 0, 0), (2, 0, 2)), ((0, 3, 3), (0, 3, 2))])
def test_lu_solve_of_empty_inputs(shapes, left):
    a, b = np.zeros(shapes[0]), np.zeros(shapes[1] if left else shapes[1][:-2] + shapes[1][-2:][::-1])

    def solve(lib, a, b):
        lu, pivots = lib.linalg.lu_factor(a)
        return lib.linalg.lu_solve(lu, pivots, b, left=left), lib.lu_solve(b, lu, pivots) if left else b
    check(solve, a, b)


# --- statistics, diff, addbmm_, cross -----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("correction", [3, 5])
def test_cov_with_no_degrees_of_freedom_is_inf(correction, dtype):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(lambda lib, x: lib.cov(x, correction=correction), [[1., 2., 4.], [0., 1., 3.]], dtype=dtype, grad=False)
        check(lambda lib, x, w: lib.cov(x, correction=correction, aweights=w), [[1., 2., 4.], [0., 1., 3.]],
              [1., 2., .5], dtype=dtype, grad=False)


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", ["linear", "lower", "higher", "midpoint", "nearest"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_quantile_gradient_in_q(dtype, interpolation, name):
    x = RNG.standard_normal((3, 5))
    x[1, 2] = np.nan
    check(lambda lib, x, q: getattr(lib, name)(x, q, dim=1, interpolation=interpolation), x, [0.2, 0.75],
          dtype=dtype)
    check(lambda lib, x, q: getattr(lib, name)(x, q), x[0], 0.4, dtype=dtype)


def test_diff_of_order_zero_ignores_prepend_and_append():
    x, extra = RNG.standard_normal((2, 3)), RNG.standard_normal((2, 2))
    check(lambda lib, x, p: lib.diff(x, n=0, dim=1, prepend=p), x, extra)
    check(lambda lib, x, p: lib.diff(x, n=0, dim=1, append=p), x, extra)
    check(lambda lib, x, p: x.diff(n=2, dim=1, prepend=p, append=p), x, extra)
    check(lambda lib, x: lib.diff(x, n=0), x)
    check_raises(lambda lib, x, p: lib.diff(x, n=0, dim=1, prepend=p), x, np.zeros((3, 1)))


@pytest.mark.parametrize("shape", [(1,), (), (1, 1), (5,), (1, 5)])  # (not (3, 1): torch's result reads memory
def test_addbmm_in_place_resizes_a_self_that_broadcasts(shape):          # the resize left, rows 2, 3 get row 1's)
    def addbmm_(lib, x, b1, b2):
        y = x * 2  # not a leaf: in place is allowed, the gradient goes back to x
        y.addbmm_(b1, b2, beta=0.5)
        return y
    check(addbmm_, RNG.standard_normal(shape), RNG.standard_normal((2, 3, 4)), RNG.standard_normal((2, 4, 5)))


def test_addbmm_in_place_rejects_a_self_that_does_not_broadcast():
    check_raises(lambda lib, x, b1, b2: x.addbmm_(b1, b2), np.ones((2, 5)), np.ones((2, 3, 4)), np.ones((2, 4, 5)))


@pytest.mark.parametrize("shapes, kwargs", [(((5, 3), (5, 1)), {}), (((5, 5, 3), (5, 3)), {}),
                                            (((5, 2), (5, 2)), {}), (((5, 2), (5, 2)), {"dim": 2}),
                                            (((3, 4), (1, 4)), {"dim": 0})])
def test_linalg_cross_rejects_as_torch(shapes, kwargs):
    check_raises(lambda lib, a, b: lib.linalg.cross(a, b, **kwargs), *(np.ones(s) for s in shapes))


def test_linalg_cross_broadcasts_the_other_dims():
    check(lambda lib, a, b: lib.linalg.cross(a, b), RNG.standard_normal((4, 3)), RNG.standard_normal((1, 3)))
    check(lambda lib, a, b: lib.linalg.cross(a, b, dim=0), RNG.standard_normal((3, 2)), RNG.standard_normal((3, 1)))
