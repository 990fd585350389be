"""Regression tests for mismatches found by the OpInfo sweep's reference inputs (tests/opinfo_sweep.py)."""
import numpy as np
import pytest

import minitorch as mt

torch = pytest.importorskip("torch")

INF, NAN = float("inf"), float("nan")
# poles, infinities, NaN, reflection points and ordinary values (torch's reference inputs have such extremal values)
POLYGAMMA_POINTS = [INF, -INF, NAN, 0.0, -0.0, -3.0, -2.5, 1e-300, 1e300, 5.0, 0.3, -0.7, 1e-3, 20.0, 1e5]


def _close(expected, actual, dtype):
    rtol = 1e-7 if dtype == torch.float64 else 1.3e-6
    got = torch.from_numpy(np.array(actual.detach().numpy(), copy=True))
    assert str(actual.dtype) == str(expected.dtype)
    torch.testing.assert_close(got, expected.detach(), rtol=rtol, atol=0, equal_nan=True)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_polygamma_at_extremal_values_is_torchs(n, dtype):
    """trigamma is torch's formula (NaN at -inf, finite near negative integers); psi^(n>=2)(+inf) is NaN."""
    x = torch.tensor(POLYGAMMA_POINTS, dtype=dtype)
    _close(torch.polygamma(n, x), mt.polygamma(n, mt.tensor(x.numpy())), dtype)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_digamma_gradient_is_torchs_trigamma(dtype):
    """d digamma = trigamma, with torch's values (which differ from SciPy's by up to 1e-11 relative)."""
    values = [v for v in POLYGAMMA_POINTS if v == v] + [-2.5 + 1e-3 * k for k in range(20)]
    x = torch.tensor(values, dtype=dtype, requires_grad=True)
    g = torch.linspace(-1, 1, len(values), dtype=dtype)
    (expected,) = torch.autograd.grad(torch.digamma(x), x, g)
    m = mt.tensor(x.detach().numpy(), requires_grad=True)
    (actual,) = mt.autograd.grad(mt.digamma(m), m, mt.tensor(g.numpy()))
    _close(expected, actual, dtype)


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_hypot_neither_overflows_nor_underflows(dtype):
    """hypot is not sqrt(a^2 + b^2): finite near the largest float, non-zero near the smallest; gradients a / r."""
    big, tiny = torch.finfo(dtype).max / 2, torch.finfo(dtype).tiny / 4
    a = torch.tensor([big, tiny, 13447.0, 0.0, 3.0, -4.0], dtype=dtype, requires_grad=True)
    b = torch.tensor([big / 2, tiny, 100.0, 0.0, 4.0, 3.0], dtype=dtype, requires_grad=True)
    g = torch.linspace(-1, 1, 6, dtype=dtype)
    r = torch.hypot(a, b)
    ga, gb = torch.autograd.grad(r, (a, b), g)
    ma, mb = (mt.tensor(t.detach().numpy(), requires_grad=True) for t in (a, b))
    mr = mt.hypot(ma, mb)
    mga, mgb = mt.autograd.grad(mr, (ma, mb), mt.tensor(g.numpy()))
    for expected, actual in ((r, mr), (ga, mga), (gb, mgb)):
        _close(expected, actual, dtype)


def test_hypot_broadcasts_and_promotes():
    a = torch.randn(3, 1, dtype=torch.float32, requires_grad=True)
    b = torch.randn(4, dtype=torch.float64, requires_grad=True)
    r = torch.hypot(a, b)
    ga, gb = torch.autograd.grad(r.sum(), (a, b))
    ma, mb = (mt.tensor(t.detach().numpy(), requires_grad=True) for t in (a, b))
    mr = mt.hypot(ma, mb)
    mga, mgb = mt.autograd.grad(mr.sum(), (ma, mb))
    _close(r, mr, torch.float64)
    _close(ga, mga, torch.float32)
    _close(gb, mgb, torch.float64)


@pytest.mark.parametrize("name", ["igamma", "igammac"])
def test_float32_incomplete_gamma_at_large_arguments(name):
    """float32 P(a, x) and Q(a, x) for large a and x are 1 and 0 (the float32 terms overflowed to NaN)."""
    a = torch.tensor([501.0, 1001.2, 13437.7, 4988429.0, 0.5, 3.0, 30.0])
    x = torch.tensor([1e20, 1e20, 1e20, 1e20, 0.7, 2.0, 31.0])
    _close(getattr(torch, name)(a, x), getattr(mt, name)(mt.tensor(a.numpy()), mt.tensor(x.numpy())),
           torch.float32)


@pytest.mark.parametrize("name, args", [("hardshrink", ()), ("softshrink", ()), ("threshold", (0.5, -9.0)),
                                        ("elu", (0.5,)), ("selu", ()), ("celu", (2.0,)), ("softplus", ()),
                                        ("softplus", (2.0, 10.0)), ("hardtanh", ()), ("relu6", ())])
def test_activations_at_nan_inf_and_kinks_as_torch(name, args):
    """NaN passes through threshold/softshrink/hardshrink; the elu family's and softplus's gradients at NaN are
    torch's (the linear branch's slope, NaN)."""
    values = [float("nan"), float("inf"), -float("inf"), 0.0, 1.0, -1.0, 6.0, -0.5, 0.5, 20.0, 25.0, -3.0]
    results = []
    for lib in (torch, mt):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        y = getattr(lib.nn.functional, name)(x, *args)
        results.append((y.tolist(), lib.autograd.grad(y.sum(), x)[0].tolist()))
    np.testing.assert_allclose(np.array(results[1]), np.array(results[0]), rtol=1e-12, atol=0)


def test_margin_ranking_loss_of_integers_is_float():
    results = []
    for lib in (torch, mt):
        args = lib.tensor([1, 2]), lib.tensor([2, 1]), lib.tensor([1, -1])
        outs = [lib.nn.functional.margin_ranking_loss(*args, reduction=r) for r in ("none", "mean", "sum")]
        results.append([(str(o.dtype), o.tolist()) for o in outs])
    assert results[1] == results[0]
