"""The rest of the tensor surface beyond the parity registry (minitorch/parity/cases_surface.py): finite-difference
gradients and second derivatives in float64, second derivatives against torch, integer semantics, exception types,
out=, legacy constructors and the Python protocols."""
import numpy as np
import pytest

import minitorch
from minitorch.autograd.gradcheck import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(7)
X = RNG.standard_normal((3, 5))
IDX = [[0, 1, 0, 2, 1], [2, 1, 0, 0, 0]]

DIFFERENTIABLE = {
    "sort": lambda t: t.sort(1, descending=True).values,
    "topk": lambda t: t.topk(2, 0).values,
    "kthvalue": lambda t: t.kthvalue(2, 1).values,
    "median": lambda t: t.median(1).values,
    "median_all": lambda t: t.median(),
    "mode": lambda t: t.mode(0).values,
    "cummax": lambda t: t.cummax(1).values,
    "cummin": lambda t: t.cummin(0).values,
    "logcumsumexp": lambda t: t.logcumsumexp(1),
    "diagonal": lambda t: t.diagonal(1),
    "diag_embed": lambda t: minitorch_or_torch(t).diag_embed(t, -1),
    "tril": lambda t: t.tril(1),
    "triu": lambda t: t.triu(-1),
    "trace": lambda t: t.trace(),
    "rot90": lambda t: t.rot90(3),
    "unfold": lambda t: t.unfold(1, 3, 2),
    "masked_scatter": lambda t: t.masked_scatter(t.detach() > 0, t * 2),
    "index_add": lambda t: t.index_add(0, _long(t, [2, 2]), t[:2] ** 2),
    "index_copy": lambda t: t.index_copy(1, _long(t, [4, 0]), t[:, 1:3] ** 2),
    "scatter_reduce_mean": lambda t: t.scatter_reduce(0, _long(t, IDX), t[:2] ** 2, "mean", include_self=False),
    "scatter_reduce_amax": lambda t: t.scatter_reduce(0, _long(t, IDX), t[:2] * 1.5, "amax"),
    "scatter_reduce_amin": lambda t: t.scatter_reduce(0, _long(t, IDX), t[:2] * 1.5, "amin", include_self=False),
    "scatter_reduce_prod": lambda t: t.scatter_reduce(0, _long(t, IDX), t[:2] * 1.5, "prod", include_self=False),
    "scatter_reduce_prod_self": lambda t: t.scatter_reduce(0, _long(t, IDX), t[:2] * 1.5, "prod"),
}


def minitorch_or_torch(t):
    return torch if isinstance(t, torch.Tensor) else minitorch


def _long(t, values):
    return minitorch_or_torch(t).tensor(values, dtype=minitorch_or_torch(t).int64)


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_gradcheck_first_and_second_order(name):
    fn = DIFFERENTIABLE[name]
    x = minitorch.tensor(X, dtype=minitorch.float64, requires_grad=True)
    assert gradcheck(lambda t: fn(t) * 1.0, (x,))
    assert gradgradcheck(lambda t: fn(t) * fn(t), (x,))


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_second_derivative_matches_torch(name):
    fn = DIFFERENTIABLE[name]
    got = []
    for lib in (torch, minitorch):
        x = lib.tensor(X, dtype=lib.float64, requires_grad=True)
        y = fn(x)
        (g,) = lib.autograd.grad((y * y.detach().cos()).sum() + (y ** 3).sum(), [x], create_graph=True)
        (gg,) = lib.autograd.grad((g * lib.tensor(X[::-1].copy(), dtype=lib.float64)).sum(), [x], allow_unused=True)
        got.append((g.detach().numpy(), None if gg is None else gg.numpy()))
    (tg, tgg), (mg, mgg) = got
    np.testing.assert_allclose(mg, tg, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(mgg if mgg is not None else 0 * tgg, tgg if tgg is not None else 0 * mgg,
                               rtol=1e-9, atol=1e-12)


def test_logcumsumexp_gradient_stable_over_wide_ranges():
    values = np.array([-800.0, 0.0, 700.0, 1.0, -1000.0])
    out = []
    for lib in (torch, minitorch):
        x = lib.tensor(values, requires_grad=True)
        (g,) = lib.autograd.grad((x.logcumsumexp(0) * lib.tensor([1.0, -2.0, 0.5, 3.0, -1.0],
                                                                 dtype=lib.float64)).sum(), [x])
        out.append((x.logcumsumexp(0).detach().numpy(), g.numpy()))
    np.testing.assert_allclose(out[1][0], out[0][0], rtol=1e-12)
    np.testing.assert_allclose(out[1][1], out[0][1], rtol=1e-10, atol=1e-300)


INTEGER = {
    "int8_wraps": lambda L: L.tensor([100, -100, 127], dtype=L.int8) * 2 + 1,
    "uint8_wraps": lambda L: L.tensor([200, 3, 0], dtype=L.uint8) - 5,
    "int32_wraps": lambda L: L.tensor([2 ** 31 - 1, -2 ** 31], dtype=L.int32) + 1,
    "div_trunc": lambda L: L.tensor([-7, 7, -8, 9]).div(L.tensor([2, -3, 3, -2]), rounding_mode="trunc"),
    "div_floor": lambda L: L.div(L.tensor([-7, 7, -8, 9]), L.tensor([2, -3, 3, -2]), rounding_mode="floor"),
    "div_true": lambda L: L.tensor([-7, 7]) / L.tensor([2, -3]),
    "fmod": lambda L: L.fmod(L.tensor([-7, 7, -8, 9]), L.tensor([2, -3, 3, -2])),
    "remainder": lambda L: L.remainder(L.tensor([-7, 7, -8, 9]), L.tensor([2, -3, 3, -2])),
    "python_mod": lambda L: L.tensor([-7.5, 7.0, -8.0]) % -2.0,
    "rmod": lambda L: 5 % L.tensor([2, -3, 3]),
    "floordiv": lambda L: L.tensor([-7, 7]) // L.tensor([2, -3]),
    "bitwise": lambda L: (L.tensor([12, -3]) & 10) | (L.tensor([1, 2]) ^ L.tensor([3, 3])),
    "bitwise_not": lambda L: ~L.tensor([0, -1, 5], dtype=L.int16),
    "shifts": lambda L: (L.tensor([1, -8], dtype=L.int8) << 3) + (L.tensor([-8, 64]) >> 2),
    "shift_functions": lambda L: L.bitwise_left_shift(L.tensor([1, 2]), L.tensor([2, 1]))
    + L.bitwise_right_shift(L.tensor([16, 8]), 1),
    "view_dtype_bitcast": lambda L: L.tensor([1.0, -2.0]).view(L.int32),
    "view_dtype_narrower": lambda L: L.tensor([[1.0, 2.0]], dtype=L.float64).view(L.int16),
    "nan_to_num": lambda L: L.tensor([float("nan"), float("inf"), -float("inf"), 1.0]).nan_to_num(0.5, 9.0, -9.0),
    "isclose": lambda L: L.isclose(L.tensor([1.0, float("nan"), 2.0]), L.tensor([1.0 + 1e-9, float("nan"), 2.1]),
                                   equal_nan=True),
}


@pytest.mark.parametrize("name", sorted(INTEGER))
def test_integer_and_bit_semantics(name):
    t, m = INTEGER[name](torch), INTEGER[name](minitorch)
    assert str(m.dtype) == str(t.dtype)
    np.testing.assert_array_equal(m.numpy(), t.numpy())


def test_out_returns_the_same_object():
    for lib in (torch, minitorch):
        values, indices = lib.empty(0), lib.empty(0, dtype=lib.int64)
        result = lib.sort(lib.tensor([3.0, 1.0, 2.0]), out=(values, indices))
        assert result.values is values and result.indices is indices
        assert indices.tolist() == [1, 2, 0]
        values, indices = lib.empty(0), lib.empty(0, dtype=lib.int64)
        assert lib.topk(lib.tensor([3.0, 1.0, 2.0]), 2, out=(values, indices))[0] is values
        assert values.tolist() == [3.0, 2.0]
        o = lib.empty(3)
        assert lib.add(lib.ones(3), 2, out=o) is o


ERRORS = {
    "topk_k_too_large": lambda L: L.ones(3).topk(4),
    "kthvalue_k_zero": lambda L: L.ones(3).kthvalue(0),
    "diagonal_same_dims": lambda L: L.ones(2, 2).diagonal(0, 1, 1),
    "tril_vector": lambda L: L.ones(3).tril(),
    "trace_3d": lambda L: L.ones(2, 2, 2).trace(),
    "diag_3d": lambda L: L.diag(L.ones(2, 2, 2)),
    "rot90_same_dims": lambda L: L.ones(2, 2).rot90(1, (0, 0)),
    "unfold_too_large": lambda L: L.ones(3).unfold(0, 4, 1),
    "masked_scatter_short_source": lambda L: L.zeros(3).masked_scatter(L.tensor([True, True, True]), L.ones(2)),
    "scatter_reduce_bad_reduce": lambda L: L.zeros(3).scatter_reduce(0, L.tensor([0]), L.ones(1), "maximum"),
    "searchsorted_bad_shapes": lambda L: L.searchsorted(L.ones(2, 3), L.ones(3, 1)),
    "meshgrid_bad_indexing": lambda L: L.meshgrid(L.ones(2), indexing="yx"),
}


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_errors_have_torch_types(name):
    with pytest.raises(Exception) as expected:
        ERRORS[name](torch)
    with pytest.raises(Exception) as got:
        ERRORS[name](minitorch)
    assert isinstance(got.value, expected.type), (got.value, expected.value)


def test_legacy_constructors_and_isinstance():
    for lib in (torch, minitorch):
        assert lib.FloatTensor(2, 3).shape == (2, 3) and lib.FloatTensor(2, 3).dtype == lib.float32
        assert lib.LongTensor([1, 2]).dtype == lib.int64 and lib.ByteTensor([1]).dtype == lib.uint8
        assert lib.HalfTensor([1.0]).dtype == lib.float16 and lib.BoolTensor([1, 0]).tolist() == [True, False]
        assert isinstance(lib.ones(1), lib.FloatTensor) and not isinstance(lib.ones(1), lib.DoubleTensor)
        assert isinstance(lib.tensor([1]), lib.LongTensor) and lib.IntTensor([2]).dtype == lib.int32


def test_python_protocols_and_new_constructors():
    for lib in (torch, minitorch):
        assert "{:.2f}".format(lib.tensor(1.2345)) == "1.23" and format(lib.tensor(3), "d") == "3"
        assert bool(lib.tensor([2.0])) and not bool(lib.tensor(0))
        assert len(lib.zeros(4, 2)) == 4 and [row.tolist() for row in lib.arange(4).reshape(2, 2)] == [[0, 1], [2, 3]]
        with pytest.raises(RuntimeError):
            bool(lib.ones(2))
        with pytest.raises(TypeError):
            len(lib.tensor(1.0))
        base = lib.ones(1, dtype=lib.float64)
        assert base.new_zeros(2, 3).dtype == lib.float64 and base.new_full((2,), 7).tolist() == [7.0, 7.0]
        assert base.new([1, 2]).dtype == lib.float64 and tuple(base.new(2, 3).shape) == (2, 3)
        assert base.new_tensor([1, 2]).dtype == lib.float64 and base.new_empty(4).shape == (4,)
