"""Numerical stability against torch: softmax, log_softmax, logsumexp, softplus, sigmoid, tanh, logsigmoid, norm, var,
cross_entropy and BCE-with-logits on inputs of magnitude up to 1e4 in float32 and 1e300 in float64.

Each function runs in both libraries on the same values; minitorch must be finite wherever torch is, match its
values and gradients, and compute without a floating-point overflow or invalid operation in any intermediate step
(NumPy is told to raise on those while minitorch runs, so an implementation that overflows and then masks the inf
away fails here even though its result would look right)."""
import warnings

import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

MAGNITUDES = {"float32": [1.0, 30.0, 100.0, 1e4], "float64": [1.0, 800.0, 1e10, 1e300]}
TOL = {"float32": (2e-5, 1e-6), "float64": (1e-11, 1e-300)}


def _F(lib):
    return lib.nn.functional


FUNCTIONS = {
    "softmax": lambda lib, x: lib.softmax(x, -1),
    "log_softmax": lambda lib, x: lib.log_softmax(x, -1),
    "logsumexp": lambda lib, x: lib.logsumexp(x, -1),
    "logsumexp_all": lambda lib, x: lib.logsumexp(x, (0, 1)),
    "softplus": lambda lib, x: _F(lib).softplus(x),
    "softplus_beta": lambda lib, x: _F(lib).softplus(x, beta=2.0, threshold=10.0),
    "sigmoid": lambda lib, x: lib.sigmoid(x),
    "logsigmoid": lambda lib, x: _F(lib).logsigmoid(x),
    "tanh": lambda lib, x: lib.tanh(x),
    "norm": lambda lib, x: x.norm(),
    "norm_dim": lambda lib, x: x.norm(dim=-1),
    "norm_p3": lambda lib, x: x.norm(p=3, dim=-1),
    "norm_inf": lambda lib, x: x.norm(p=float("inf"), dim=0),
    "var": lambda lib, x: x.var(-1),
    "var_all": lambda lib, x: x.var(),
    "std": lambda lib, x: x.std(0),
    "cross_entropy": lambda lib, x: _F(lib).cross_entropy(x, lib.tensor([0, 3, 1, 4])),
    "cross_entropy_smoothing": lambda lib, x: _F(lib).cross_entropy(x, lib.tensor([2, 0, 4, 1]),
                                                                    label_smoothing=0.1),
    "bce_with_logits": lambda lib, x: _F(lib).binary_cross_entropy_with_logits(
        x, lib.tensor(np.tile([0.0, 1.0, 0.3, 1.0, 0.0], (4, 1)), dtype=x.dtype)),
    "bce_with_logits_pos_weight": lambda lib, x: _F(lib).binary_cross_entropy_with_logits(
        x, lib.tensor(np.tile([0.0, 1.0, 0.3, 1.0, 0.0], (4, 1)), dtype=x.dtype),
        pos_weight=lib.tensor([1.0, 2.0, 0.5, 3.0, 1.0], dtype=x.dtype)),
}


def _values(magnitude):
    """Rows mixing huge, tiny and tied values: the extremes an unshifted exp or a naive square breaks on."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 5)) * magnitude
    x[0] = [magnitude, -magnitude, 0.0, magnitude, -magnitude / 2]  # a tie at the maximum
    x[1] = [magnitude, magnitude * 0.999, magnitude, magnitude, magnitude]  # nearly equal huge values
    x[2, 0] = -magnitude
    return x


def _run(lib, name, dtype, magnitude):
    x = lib.tensor(_values(magnitude), dtype=getattr(lib, dtype), requires_grad=True)
    out = FUNCTIONS[name](lib, x)
    upstream = lib.tensor(np.random.default_rng(1).standard_normal(tuple(out.shape)), dtype=out.dtype)
    (grad,) = lib.autograd.grad(out, [x], upstream)
    return out.detach().numpy(), grad.numpy()


def _assert_matches(name, expected, got, dtype):
    rtol, atol = TOL[dtype]
    for what, e, g in zip(("value", "gradient"), expected, got):
        e64, g64 = e.astype(np.float64), g.astype(np.float64)
        assert g.dtype == e.dtype, (name, what)
        assert np.isfinite(g64)[np.isfinite(e64)].all(), "%s %s: torch finite, minitorch %s" % (name, what, g)
        np.testing.assert_array_equal(np.isnan(g64), np.isnan(e64), err_msg="%s %s NaNs" % (name, what))
        scale = np.abs(e64[np.isfinite(e64)]).max(initial=0.0)
        # elementwise relative, plus the tensor's scale for entries that cancel (a gradient summed over a row)
        np.testing.assert_allclose(g64, e64, rtol=rtol, atol=atol + rtol * scale, err_msg="%s %s" % (name, what))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(FUNCTIONS))
def test_finite_and_matches_torch_at_large_magnitudes(name, dtype):
    for magnitude in MAGNITUDES[dtype]:
        with np.errstate(over="ignore", invalid="ignore"):
            expected = _run(torch, name, dtype, magnitude)
        if name.startswith("var") or name.startswith("std") or name.startswith("norm"):
            # squares of 1e300 overflow float64 in any implementation: only compare where torch stays finite
            if not all(np.isfinite(e).all() for e in expected):
                continue
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # no NumPy warning may reach the user
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                got = _run(minitorch, name, dtype, magnitude)
        _assert_matches("%s at %g" % (name, magnitude), expected, got, dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_softmax_family_on_infinities_matches_torch(dtype):
    """-inf logits (masked positions) are common: softmax gives them 0 and a row of all -inf gives NaN."""
    x = np.array([[0.0, -np.inf, 1.0], [-np.inf, -np.inf, -np.inf], [np.inf, 0.0, 1.0]])
    for name in ("softmax", "log_softmax", "logsumexp"):
        results = []
        for lib in (torch, minitorch):
            t = lib.tensor(x, dtype=getattr(lib, dtype))
            with np.errstate(all="ignore"):
                results.append(FUNCTIONS[name](lib, t).numpy())
        np.testing.assert_array_equal(np.isnan(results[1]), np.isnan(results[0]), err_msg=name)
        np.testing.assert_allclose(results[1], results[0], rtol=1e-6, err_msg=name)


def test_no_numpy_warning_from_extreme_elementwise_results():
    """Results that are legitimately inf or NaN (log 0, 1/0, exp of a huge value) come back silently, as in torch."""
    x = minitorch.tensor([0.0, -1.0, 1e4, -1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = [x.log(), 1 / x, x.exp(), x.sqrt(), (x * 1e35) * 1e35, x.pow(0.5), x.atanh()]
    assert out[0][0].item() == -np.inf and np.isnan(out[0][1].item()) and out[2][2].item() == np.inf
