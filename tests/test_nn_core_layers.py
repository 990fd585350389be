"""Core layers beyond the parity registry: dropout's random behaviour (statistics, channel structure, warnings,
in-place), finite-difference gradchecks, Linear's speed path and the nn.utils helpers' in-place effects.
Output/gradient parity with torch on identical weights lives in minitorch/parity/cases_nn_core.py."""
import warnings

import numpy
import pytest

import minitorch
from minitorch.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
LIBS = (torch, minitorch)


# --- dropout ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_dropout_statistics_and_gradient(p, dtype):
    minitorch.manual_seed(0)
    x = minitorch.ones(200, 500, dtype=getattr(minitorch, dtype), requires_grad=True)
    y = minitorch.nn.functional.dropout(x, p)
    y.sum().backward()
    out = y.detach().numpy()
    assert y.dtype is x.dtype
    kept = out != 0
    assert abs(1 - kept.mean() - p) < 0.01  # 100k draws: the zeroed fraction is p to within ~4 std errors
    numpy.testing.assert_allclose(out[kept], 1 / (1 - p), rtol=1e-6)
    numpy.testing.assert_array_equal(x.grad.numpy(), out)  # d(x * mask / (1-p))/dx is the same mask
    assert abs(out.mean() - 1) < 0.03


def test_dropout_draws_fresh_masks_and_follows_the_seed():
    x = minitorch.ones(1000)
    minitorch.manual_seed(3)
    a, b = minitorch.nn.functional.dropout(x), minitorch.nn.functional.dropout(x)
    minitorch.manual_seed(3)
    c = minitorch.nn.functional.dropout(x)
    assert not numpy.array_equal(a.numpy(), b.numpy()) and numpy.array_equal(a.numpy(), c.numpy())


@pytest.mark.parametrize("layer", ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                                   "FeatureAlphaDropout"])
def test_eval_mode_is_identity_and_train_mode_is_not(layer):
    module = getattr(minitorch.nn, layer)(0.5)
    x = minitorch.randn(*{"Dropout1d": (4, 6, 5), "Dropout2d": (4, 6, 5, 3)}.get(layer, (4, 6, 5, 3, 2)))
    assert module.training
    assert not numpy.array_equal(module(x).numpy(), x.numpy())
    assert module.eval() is module and not module.training
    numpy.testing.assert_array_equal(module(x).numpy(), x.numpy())


def _constant_dims(lib, fn, shape):
    """The dims along which the dropout mask does not vary (whole channels dropped together)."""
    lib.manual_seed(0)
    y = fn(lib, lib.ones(shape))
    return [d for d in range(len(shape)) if bool((y == y.select(d, 0).unsqueeze(d)).all())]


CHANNEL_DROPOUTS = {
    "dropout1d": lambda lib, x: lib.nn.functional.dropout1d(x, 0.5),
    "dropout2d": lambda lib, x: lib.nn.functional.dropout2d(x, 0.5),
    "dropout3d": lambda lib, x: lib.nn.functional.dropout3d(x, 0.5),
    "feature_alpha_dropout": lambda lib, x: lib.nn.functional.feature_alpha_dropout(x, 0.5, True),
    "Dropout2d": lambda lib, x: lib.nn.Dropout2d(0.5)(x),
}


@pytest.mark.parametrize("shape", [(5, 6), (5, 6, 7), (5, 6, 7, 8), (5, 6, 7, 8, 3)])
@pytest.mark.parametrize("name", list(CHANNEL_DROPOUTS))
def test_channel_dropout_structure_and_warnings_match_torch(name, shape):
    fn = CHANNEL_DROPOUTS[name]
    results = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                dims = _constant_dims(lib, fn, shape)
            except Exception as e:  # noqa: BLE001 - the exception class is compared
                dims = type(e).__name__
        results.append((dims, [(w.category, str(w.message)) for w in caught]))
    assert results[0] == results[1]


def test_feature_dropout_zeroes_whole_channels_at_rate_p():
    minitorch.manual_seed(0)
    y = minitorch.nn.functional.dropout2d(minitorch.ones(100, 100, 3, 3), 0.3).numpy()
    per_channel = y.reshape(100, 100, 9)
    assert (per_channel.min(-1) == per_channel.max(-1)).all()
    assert abs((per_channel[..., 0] == 0).mean() - 0.3) < 0.02


@pytest.mark.parametrize("p", [0.2, 0.5])
def test_alpha_dropout_keeps_standard_normal_statistics_like_torch(p):
    def stats(lib):
        lib.manual_seed(0)
        x = lib.tensor(numpy.random.default_rng(1).standard_normal(200000))
        y = lib.nn.functional.alpha_dropout(x, p, training=True).numpy()
        return y.mean(), y.std(), numpy.isclose(y, y.min()).mean()
    (tm, ts, tz), (mm, ms, mz) = stats(torch), stats(minitorch)
    assert abs(mm) < 0.02 and abs(ms - 1) < 0.02  # SELU's fixed point: mean 0, variance 1
    assert abs(tm - mm) < 0.02 and abs(ts - ms) < 0.02 and abs(tz - mz) < 0.01


@pytest.mark.parametrize("fn", [
    lambda F, x: F.dropout(x, 0.5, inplace=True),
    lambda F, x: F.dropout2d(x, 0.5, inplace=True),
    lambda F, x: F.alpha_dropout(x, 0.5, True, inplace=True),
], ids=["dropout", "dropout2d", "alpha_dropout"])
def test_inplace_dropout_writes_its_input(fn):
    minitorch.manual_seed(0)
    x = minitorch.ones(4, 6, 5, 2)
    version = x._version
    out = fn(minitorch.nn.functional, x)
    assert out is x and x._version > version
    assert (x.numpy() != 1).any()


def test_inplace_dropout_on_a_non_leaf_is_differentiable_like_torch():
    def run(lib):
        lib.manual_seed(0)
        x = lib.ones(1000, dtype=lib.float64, requires_grad=True)
        y = x * 3
        lib.nn.functional.dropout(y, 0.25, inplace=True)
        y.sum().backward()
        g = x.grad.numpy()
        return sorted(set(numpy.round(g, 10).tolist()))
    assert run(torch) == run(minitorch) == [0.0, 4.0]


# --- finite-difference gradients --------------------------------------------------------------------------------------
def _double(shape, requires_grad=True):
    return minitorch.randn(*shape, dtype=minitorch.float64, requires_grad=requires_grad)


def test_gradcheck_linear():
    minitorch.manual_seed(0)
    x, w, b = _double((2, 3, 4)), _double((5, 4)), _double((5,))
    assert gradcheck(minitorch.nn.functional.linear, (x, w, b))
    assert gradgradcheck(lambda x, w, b: minitorch.nn.functional.linear(x, w, b) ** 2, (x, w, b))


def test_gradcheck_bilinear():
    minitorch.manual_seed(0)
    x1, x2, w, b = _double((3, 2)), _double((3, 4)), _double((5, 2, 4)), _double((5,))
    assert gradcheck(minitorch.nn.functional.bilinear, (x1, x2, w, b))
    assert gradgradcheck(minitorch.nn.functional.bilinear, (x1, x2, w, b))


@pytest.mark.parametrize("kwargs", [{}, {"padding_idx": 1}])  # scale_grad_by_freq: parity cases only
def test_gradcheck_embedding(kwargs):
    minitorch.manual_seed(0)
    w = _double((5, 3))
    index = minitorch.tensor([[1, 2, 1], [4, 1, 0]])

    def fn(w):
        return minitorch.nn.functional.embedding(index, w, **kwargs) ** 2
    if not kwargs:  # padding_idx and scale_grad_by_freq change the gradient on purpose: not a derivative
        assert gradcheck(fn, (w,))
    assert gradgradcheck(fn, (w,))


def test_embedding_padding_row_gets_no_gradient_and_max_norm_bounds_rows():
    e = minitorch.nn.Embedding(6, 4, padding_idx=2, max_norm=0.5)
    index = minitorch.tensor([[2, 0, 2], [5, 2, 0]])
    e(index).sum().backward()
    grad = e.weight.grad.numpy()
    assert (grad[2] == 0).all() and grad[0].tolist() == [2.0] * 4 and grad[5].tolist() == [1.0] * 4
    norms = numpy.linalg.norm(e.weight.detach().numpy()[[0, 5]], axis=1)
    assert (norms <= 0.5 + 1e-6).all()


# --- Linear's fast path -----------------------------------------------------------------------------------------------
def test_linear_is_one_node_with_one_matmul_each_way():
    layer = minitorch.nn.Linear(8, 4)
    x = minitorch.randn(16, 8, requires_grad=True)
    y = layer(x)
    assert type(y.grad_fn).__name__ == "AddmmBackward0"  # torch's name for a 2-d input with bias
    assert [type(n).__name__ for n, _ in y.grad_fn.next_functions] == ["AccumulateGrad"] * 3
    y.sum().backward()
    numpy.testing.assert_allclose(layer.bias.grad.numpy(), numpy.full(4, 16.0))


def test_linear_backward_is_two_matmuls_on_contiguous_gradients(monkeypatch):
    """One BLAS product each for dx and dW (timings are too noisy on a shared machine to assert on). The upstream
    gradient of .sum() is an expanded (zero-stride) array, which BLAS cannot take: it must arrive contiguous.
    (create_graph: the backward made of ops; without it the same products run on arrays.)"""
    from minitorch.ops import linalg
    calls = []
    original = linalg.MatMul.forward

    def counted(ctx, a, b):
        calls.append(a._data.flags.c_contiguous or a._data.flags.f_contiguous)
        return original(ctx, a, b)
    monkeypatch.setattr(linalg.MatMul, "forward", staticmethod(counted))
    layer = minitorch.nn.Linear(8, 4)
    layer(minitorch.randn(16, 8, requires_grad=True)).sum().backward(create_graph=True)
    assert calls == [True, True]


# --- nn.utils ---------------------------------------------------------------------------------------------------------
def test_clip_grad_norm_scales_in_place_and_returns_the_norm_before():
    params = [minitorch.nn.Parameter(minitorch.zeros(3)), minitorch.nn.Parameter(minitorch.zeros(4))]
    params[0].grad = minitorch.full((3,), 3.0)
    params[1].grad = minitorch.full((4,), 4.0)
    grads = [p.grad for p in params]
    total = minitorch.nn.utils.clip_grad_norm_(params, 1.0)
    expected = numpy.sqrt(27 + 64)
    assert abs(total.item() - expected) < 1e-5 and not total.requires_grad
    assert all(p.grad is g for p, g in zip(params, grads))  # the same gradient tensors, rescaled
    assert abs(numpy.sqrt(sum((p.grad.numpy() ** 2).sum() for p in params)) - 1.0) < 1e-5


def test_clip_grad_norm_accepts_a_generator_and_nonfinite_without_error():
    model = minitorch.nn.Linear(3, 2)
    model(minitorch.ones(1, 3)).sum().backward()
    assert minitorch.nn.utils.clip_grad_norm_(model.parameters(), 0.1).item() > 0.1
    model.weight.grad[0, 0] = float("nan")
    assert numpy.isnan(minitorch.nn.utils.clip_grad_norm_(model.parameters(), 0.1).item())


def test_vector_to_parameters_shares_the_vector_memory():
    model = minitorch.nn.Linear(3, 2)
    vec = minitorch.arange(8, dtype=minitorch.float32)
    minitorch.nn.utils.vector_to_parameters(vec, model.parameters())
    assert model.weight.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]] and model.bias.tolist() == [6.0, 7.0]
    assert type(model.weight) is minitorch.nn.Parameter and model.weight.requires_grad
    with pytest.raises(TypeError, match="expected torch.Tensor"):
        minitorch.nn.utils.vector_to_parameters([1.0], model.parameters())


@pytest.mark.parametrize("bad", [lambda nn: nn.Unflatten(1, 2), lambda nn: nn.Unflatten(1, (2.0, 3))],
                         ids=["not_a_tuple", "float_size"])
def test_unflatten_argument_errors_match_torch(bad):
    messages = []
    for lib in LIBS:
        with pytest.raises(TypeError) as info:
            bad(lib.nn)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("shape, dtype", [((2, 2, 3), "float64"), ((3,), "int64"), ((2, 3), "float16"),
                                          ((4, 5), "float32"), ((2, 4, 5), "float32"), ((5,), "float32"),
                                          ((0, 5), "float32")])
@pytest.mark.parametrize("with_bias", [False, True])
def test_linear_error_messages_match_torch(shape, dtype, with_bias):
    messages = []
    for lib in LIBS:
        bias = lib.ones(2) if with_bias else None
        with pytest.raises(RuntimeError) as info:
            lib.nn.functional.linear(lib.ones(shape, dtype=getattr(lib, dtype)), lib.ones(2, 3), bias)
        messages.append(str(info.value))
    assert messages[0] == messages[1]
