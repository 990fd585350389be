"""Activations beyond the parity registry (minitorch/parity/cases_activation.py): finite-difference gradient
checks away from the kinks, double backward, in-place semantics, warnings, reprs and module state vs torch."""
import warnings

import numpy as np
import pytest

import minitorch
import minitorch.nn as nn
import minitorch.nn.functional as F
from minitorch.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")


def leaf(array):
    return minitorch.tensor(array, dtype=minitorch.float64, requires_grad=True)


def away_from_kinks(rng, n=12):
    """Values of both signs at least 0.1 from every kink used below (0, +-0.5, +-1, +-3, 6)."""
    x = rng.uniform(-5, 7, n * 4)
    kinks = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 6.0, 2.0])
    x = x[np.abs(x[:, None] - kinks[None]).min(1) > 0.1][:n]
    assert x.size == n
    return x


SMOOTH = {
    "elu": lambda x: F.elu(x, 1.5), "selu": F.selu, "celu": lambda x: F.celu(x, 0.7), "gelu": F.gelu,
    "gelu_tanh": lambda x: F.gelu(x, approximate="tanh"), "silu": F.silu, "mish": F.mish,
    "softplus": lambda x: F.softplus(x, 2.0, 8.0), "softsign": F.softsign, "logsigmoid": F.logsigmoid,
    "tanhshrink": F.tanhshrink, "glu": lambda x: F.glu(x.reshape(2, -1), 1),
    "softmax": lambda x: F.softmax(x.reshape(3, 4), 1), "log_softmax": lambda x: F.log_softmax(x.reshape(3, 4), 0),
    "softmin": lambda x: F.softmin(x.reshape(3, 4), 1), "normalize": lambda x: F.normalize(x.reshape(3, 4)),
    "cosine_similarity": lambda x: F.cosine_similarity(x.reshape(3, 4)[:2], x.reshape(3, 4)[1:]),
    "pairwise_distance": lambda x: F.pairwise_distance(x.reshape(3, 4), x.reshape(3, 4).flip(0)),
}
PIECEWISE = {
    "relu": F.relu, "relu6": F.relu6, "leaky_relu": lambda x: F.leaky_relu(x, 0.2), "hardtanh": F.hardtanh,
    "hardsigmoid": F.hardsigmoid, "hardswish": F.hardswish, "threshold": lambda x: F.threshold(x, 0.5, -1.0),
    "softshrink": F.softshrink, "hardshrink": F.hardshrink,
}


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_gradcheck_and_gradgradcheck_smooth(rng, name):
    x = leaf(away_from_kinks(rng))
    assert gradcheck(SMOOTH[name], (x,))
    assert gradgradcheck(SMOOTH[name], (x,))


@pytest.mark.parametrize("name", sorted(PIECEWISE))
def test_gradcheck_piecewise(rng, name):
    assert gradcheck(PIECEWISE[name], (leaf(away_from_kinks(rng)),))


def test_prelu_gradcheck(rng):
    x = leaf(away_from_kinks(rng).reshape(2, 3, 2))
    w = leaf(rng.uniform(0.1, 0.5, 3))
    assert gradcheck(F.prelu, (x, w))
    assert gradgradcheck(F.prelu, (x, w))


@pytest.mark.parametrize("name, dtype", [(n, d) for n in ["gelu", "silu", "mish", "softplus", "logsigmoid", "elu"]
                                         for d in ["float32", "float64"]])
def test_huge_inputs_stay_finite_and_match_torch(name, dtype):
    data = np.array([-1e4, -800.0, -100.0, 100.0, 800.0, 1e4])
    ours = minitorch.tensor(data, dtype=getattr(minitorch, dtype), requires_grad=True)
    theirs = torch.tensor(data, dtype=getattr(torch, dtype), requires_grad=True)
    getattr(F, name)(ours).sum().backward()
    getattr(torch.nn.functional, name)(theirs).sum().backward()
    assert np.isfinite(ours.grad.numpy()).all()
    np.testing.assert_allclose(ours.grad.numpy(), theirs.grad.numpy(), rtol=1e-6, atol=1e-30)


def test_kink_gradients_are_torchs_choices():
    """The subgradient at each switch point, spelled out (the parity cases compare these with torch too)."""
    def grad_at(fn, value):
        x = leaf([value])
        fn(x).sum().backward()
        return x.grad.item()
    assert grad_at(F.relu, 0.0) == 0.0
    assert grad_at(lambda x: F.leaky_relu(x, 0.1), 0.0) == 0.1
    assert grad_at(F.hardtanh, 1.0) == 0.0 and grad_at(F.hardtanh, -1.0) == 0.0
    assert grad_at(F.relu6, 6.0) == 0.0 and grad_at(F.relu6, 0.0) == 0.0
    assert grad_at(lambda x: F.elu(x, 2.0), 0.0) == 2.0
    assert grad_at(lambda x: F.softplus(x, 1.0, 1.0), 1.0) == pytest.approx(1 / (1 + np.exp(-1.0)), rel=1e-15)
    assert grad_at(lambda x: F.threshold(x, 1.0, 0.0), 1.0) == 0.0
    assert grad_at(F.hardswish, -3.0) == 0.0 and grad_at(F.hardswish, 3.0) == 1.0
    assert grad_at(F.hardsigmoid, 3.0) == 0.0 and grad_at(F.hardsigmoid, -3.0) == 0.0
    assert grad_at(F.logsigmoid, 0.0) == 0.5


@pytest.mark.parametrize("fn", [lambda F, x: F.relu(x, inplace=True), lambda F, x: F.leaky_relu_(x, 0.3),
                                lambda F, x: F.elu(x, inplace=True), lambda F, x: F.hardtanh_(x, -0.5, 0.5),
                                lambda F, x: F.threshold_(x, 0.2, 9.0), lambda F, x: F.silu(x, inplace=True)])
def test_inplace_writes_into_the_input_and_keeps_gradients(rng, fn):
    data, upstream = rng.standard_normal(8), rng.standard_normal(8)
    x = leaf(data)
    y = x * 1.0
    version = y._version
    out = fn(F, y)
    assert out is y and y._version > version
    out.backward(minitorch.tensor(upstream))
    xt = torch.tensor(data, requires_grad=True)
    yt = xt * 1.0
    fn(torch.nn.functional, yt).backward(torch.tensor(upstream))
    np.testing.assert_allclose(y.detach().numpy(), yt.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), xt.grad.numpy(), rtol=1e-12)


def test_inplace_on_a_leaf_raises_as_torch(rng):
    x = leaf(rng.standard_normal(3))
    with pytest.raises(RuntimeError, match="leaf Variable"):
        F.elu(x, inplace=True)
    with pytest.raises(RuntimeError):
        torch.nn.functional.elu(torch.ones(3, requires_grad=True), inplace=True)


def test_implicit_softmax_dim_warns_like_torch():
    for fn_name in ["softmax", "log_softmax", "softmin"]:
        with warnings.catch_warnings(record=True) as ours:
            warnings.simplefilter("always")
            getattr(F, fn_name)(minitorch.ones(2, 3))
        with warnings.catch_warnings(record=True) as theirs:
            warnings.simplefilter("always")
            getattr(torch.nn.functional, fn_name)(torch.ones(2, 3))
        assert [str(w.message) for w in ours] == [str(w.message) for w in theirs]
        assert ours[0].category is theirs[0].category is UserWarning
        assert ours[0].filename == __file__  # the warning points at the caller, as torch's does


def test_explicit_dim_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        F.softmax(minitorch.ones(2, 3), dim=1)
        nn.Softmax(dim=0)(minitorch.ones(2, 3))


MODULE_ARGS = [
    ("ReLU", ()), ("ReLU", (True,)), ("RReLU", ()), ("RReLU", (0.1, 0.3, True)), ("ReLU6", (True,)),
    ("LeakyReLU", (0.3,)), ("LeakyReLU", (0.3, True)),
    ("ELU", (0.5,)), ("ELU", (1.0, True)), ("SELU", ()), ("CELU", (2.0,)), ("GELU", ("tanh",)), ("SiLU", ()),
    ("Mish", (True,)), ("Sigmoid", ()), ("Tanh", ()), ("Hardtanh", (-2.0, 2.0)), ("Hardtanh", (-1.0, 1.0, True)),
    ("Hardsigmoid", (True,)), ("Hardswish", ()), ("Softplus", (2.0, 10.0)), ("Softsign", ()), ("LogSigmoid", ()),
    ("Softmax", (1,)), ("Softmax", ()), ("LogSoftmax", (-1,)), ("Softmin", (0,)), ("Softmax2d", ()),
    ("PReLU", (3, 0.1)), ("Threshold", (0.1, 20.0)), ("Threshold", (0.1, 20, True)), ("Tanhshrink", ()),
    ("Softshrink", (0.3,)), ("Hardshrink", ()), ("GLU", (0,)), ("CosineSimilarity", (0, 1e-6)),
    ("PairwiseDistance", (1.0, 1e-5, True)),
]


@pytest.mark.parametrize("name, args", MODULE_ARGS, ids=lambda v: str(v))
def test_module_repr_and_state_match_torch(name, args):
    ours, theirs = getattr(nn, name)(*args), getattr(torch.nn, name)(*args)
    assert repr(ours) == repr(theirs)
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    for key, value in theirs.state_dict().items():
        np.testing.assert_array_equal(ours.state_dict()[key].numpy(), value.numpy())
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]


def test_stateless_modules_reject_arguments_like_torch():
    with pytest.raises(TypeError):
        torch.nn.Sigmoid(3)
    with pytest.raises(TypeError):
        nn.Sigmoid(3)


def test_hardtanh_module_rejects_empty_range():
    with pytest.raises(AssertionError):
        torch.nn.Hardtanh(1.0, -1.0)
    with pytest.raises(AssertionError):
        nn.Hardtanh(1.0, -1.0)


def test_prelu_module_trains_its_weight(rng):
    data = rng.standard_normal((4, 3, 2))
    ours, theirs = nn.PReLU(3).double(), torch.nn.PReLU(3).double()
    ours(minitorch.tensor(data)).pow(2).sum().backward()
    theirs(torch.tensor(data)).pow(2).sum().backward()
    np.testing.assert_allclose(ours.weight.grad.numpy(), theirs.weight.grad.numpy(), rtol=1e-12)
    assert ours.weight.dtype is minitorch.float64


def test_softmax2d_rejects_2d_input():
    with pytest.raises(ValueError):
        torch.nn.Softmax2d()(torch.ones(2, 3))
    with pytest.raises(ValueError, match="3D or 4D"):
        nn.Softmax2d()(minitorch.ones(2, 3))


def test_grad_fn_names_match_torch():
    data = [-1.0, 0.5, 2.0]
    for fn in ["relu", "elu", "selu", "gelu", "silu", "mish", "hardtanh", "hardsigmoid", "hardswish", "softplus",
               "logsigmoid", "softshrink", "hardshrink", "leaky_relu"]:
        ours = getattr(F, fn)(minitorch.tensor(data, requires_grad=True))
        theirs = getattr(torch.nn.functional, fn)(torch.tensor(data, requires_grad=True))
        assert ours.grad_fn.name() == theirs.grad_fn.name(), fn


def test_rrelu_training_draws_slopes_in_range_and_differentiates_through_them(rng):
    """Training-mode rrelu is random (torch's bit stream is not reproduced): check its law instead."""
    minitorch.manual_seed(0)
    data = np.concatenate([rng.standard_normal(200), [0.0]])
    x = leaf(data)
    out = F.rrelu(x, 0.1, 0.3, training=True)
    out.sum().backward()
    y, g = out.detach().numpy(), x.grad.numpy()
    neg = data < 0
    np.testing.assert_array_equal(y[data > 0], data[data > 0])
    np.testing.assert_array_equal(g[data > 0], 1.0)
    slopes = y[neg] / data[neg]
    assert ((slopes >= 0.1) & (slopes <= 0.3)).all() and slopes.std() > 0.03
    np.testing.assert_allclose(g[neg], slopes, rtol=1e-12)
    assert 0.1 <= g[-1] <= 0.3  # x = 0 draws a slope too, as torch
    theirs = torch.tensor(data, requires_grad=True)
    torch.nn.functional.rrelu(theirs, 0.1, 0.3, training=True).sum().backward()
    assert 0.1 <= theirs.grad[-1].item() <= 0.3


def test_rrelu_module_is_random_in_training_and_fixed_in_eval(rng):
    x = minitorch.tensor(-np.abs(rng.standard_normal(50)) - 0.1)
    m = nn.RReLU()
    assert not np.allclose(m(x).numpy(), m(x).numpy())
    m.eval()
    np.testing.assert_allclose(m(x).numpy(), x.numpy() * (1 / 8 + 1 / 3) / 2, rtol=1e-15)
    inplace = minitorch.tensor(x.numpy().copy())
    nn.RReLU(inplace=True).train()(inplace)
    assert (inplace.numpy() / x.numpy() <= 1 / 3).all()
