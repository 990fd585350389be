"""Property tests (Hypothesis): drawn broadcastable shapes (with size-1 and size-0 dims), values and dims for
binary ops and reductions, each compared with torch 2.13 -- outputs, dtypes and every input's gradient."""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minitorch as mt

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.filterwarnings("ignore:.*degrees of freedom")  # var over one element: both libraries warn

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# no magnitudes below 1e-3 (but exact zeros): gradients like 1/x of tiny x are huge terms whose weighted sums
# cancel, and then only summation order decides the last digits (found by hypothesis: atan2 at 1.4e-45)
FLOATS = st.floats(-10, 10, allow_nan=False, width=64).filter(lambda v: v == 0 or abs(v) >= 1e-3)


@st.composite
def broadcast_pair(draw, max_dims=3):
    """Two shapes that broadcast together, some dims 1 or 0, and float64 data for both."""
    shape_a, shape_b = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=max_dims,
                                                               min_side=0, max_side=4)).input_shapes
    a = draw(hnp.arrays(np.float64, shape_a, elements=FLOATS))
    b = draw(hnp.arrays(np.float64, shape_b, elements=FLOATS))
    return a, b


BINARY = {
    "add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 0.5), "maximum": lambda a, b: a.maximum(b), "minimum": lambda a, b: a.minimum(b),
    "pow": lambda a, b: (a * a + 0.5) ** (b * 0.3), "atan2": lambda a, b: a.atan2(b),
    "lerp": lambda a, b: a.lerp(b, 0.3), "hypot": lambda a, b: (a * a + b * b + 1).sqrt(),
}


def _both(fn, *arrays, dtype="float64"):
    """fn on torch and minitorch tensors made from arrays; returns (out, grads) for each library."""
    results = []
    for lib in (torch, mt):
        xs = [lib.tensor(a, dtype=getattr(lib, dtype), requires_grad=True) for a in arrays]
        out = fn(lib, *xs)
        grads = [None] * len(xs)
        if out.requires_grad and out.numel():
            w = lib.tensor(np.linspace(-1, 1, out.numel()).reshape(tuple(out.shape)), dtype=out.dtype)
            grads = list(lib.autograd.grad(out, xs, w, allow_unused=True))
        results.append((out, grads))
    return results


def _same(expected, got, rtol=1e-10, atol=1e-12):
    (eo, eg), (go, gg) = expected, got
    assert tuple(go.shape) == tuple(eo.shape) and str(go.dtype) == str(eo.dtype)
    np.testing.assert_allclose(go.detach().numpy(), eo.detach().numpy(), rtol=rtol, atol=atol)
    # a gradient that sums many terms of the output's size can cancel to rounding noise of that size
    grad_atol = atol * (1 + float(np.abs(eo.detach().double().numpy()).max(initial=0)))
    for e, g in zip(eg, gg):
        assert (e is None) == (g is None)
        if e is not None:
            assert tuple(g.shape) == tuple(e.shape)
            np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=rtol, atol=grad_atol)


@pytest.mark.parametrize("op", sorted(BINARY))
@SETTINGS
@given(data=broadcast_pair())
def test_binary_ops_broadcast_like_torch(op, data):
    a, b = data
    _same(*_both(lambda lib, x, y: BINARY[op](x, y), a, b))


@SETTINGS
@given(data=broadcast_pair(), scalar=st.one_of(st.integers(-3, 3), st.floats(-3, 3, allow_nan=False)))
def test_tensor_scalar_ops_like_torch(data, scalar):
    a, _ = data
    fn = lambda lib, x: x * scalar + (scalar - x) * 0.5 + lib.where(x > scalar, x, scalar) + x.clamp(max=scalar)
    _same(*_both(fn, a))


@SETTINGS
@given(data=broadcast_pair())
def test_where_with_drawn_condition(data):
    a, b = data
    fn = lambda lib, x, y: lib.where(x > y, x * y, y - x)
    _same(*_both(fn, a, b))


DTYPES = ["bool", "uint8", "int32", "int64", "float16", "float32", "float64"]


@SETTINGS
@given(da=st.sampled_from(DTYPES), db=st.sampled_from(DTYPES), zero_dim=st.booleans(),
       values=hnp.arrays(np.int64, 4, elements=st.integers(1, 5)))
def test_promotion_of_drawn_dtypes(da, db, zero_dim, values):
    outs = []
    for lib in (torch, mt):
        a = lib.tensor(values).to(getattr(lib, da))
        b = lib.tensor(values[0] if zero_dim else values[::-1].copy()).to(getattr(lib, db))
        r = [a + b, a * b, a / b, lib.maximum(a, b), a == b]
        outs.append([(str(x.dtype), x.double().tolist()) for x in r])
    assert outs[1] == outs[0]


@st.composite
def array_and_dims(draw):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4))
    x = draw(hnp.arrays(np.float64, shape, elements=FLOATS))
    ndim = len(shape)
    dims = draw(st.one_of(st.none(), st.integers(-ndim, ndim - 1),
                          st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True).map(tuple)))
    return x, dims, draw(st.booleans())


REDUCTIONS = {
    "sum": lambda lib, x, d, k: x.sum() if d is None else x.sum(d, keepdim=k),
    "mean": lambda lib, x, d, k: x.mean() if d is None else x.mean(d, keepdim=k),
    "amax": lambda lib, x, d, k: x.amax() if d is None else x.amax(d, keepdim=k),
    "amin": lambda lib, x, d, k: x.amin() if d is None else x.amin(d, keepdim=k),
    "var": lambda lib, x, d, k: x.var(d, keepdim=k, correction=0),
    # a ramp keeps the spread away from 0, where std's gradient is 0/0 (rounding noise in both libraries)
    "std": lambda lib, x, d, k: (x + lib.arange(x.numel(), dtype=x.dtype).reshape(x.shape)).std(d, keepdim=k),
    "logsumexp": lambda lib, x, d, k: x.logsumexp(d if d is not None else tuple(range(x.dim())), keepdim=k),
    "norm": lambda lib, x, d, k: (x + 20).norm(2, dim=d, keepdim=k),
    "prod": lambda lib, x, d, k: (x * 0.3).prod() if not isinstance(d, int) else (x * 0.3).prod(d, keepdim=k),
    "softmax": lambda lib, x, d, k: x.softmax(d if isinstance(d, int) else -1),
    "log_softmax": lambda lib, x, d, k: x.log_softmax(d if isinstance(d, int) else 0),
    "cumsum": lambda lib, x, d, k: x.cumsum(d if isinstance(d, int) else 0),
    "max_dim": lambda lib, x, d, k: x.max(d if isinstance(d, int) else 0, keepdim=k).values,
}


@pytest.mark.parametrize("op", sorted(REDUCTIONS))
@SETTINGS
@given(data=array_and_dims())
def test_reductions_with_drawn_dims_like_torch(op, data):
    x, dims, keepdim = data
    x = np.round(x, 1)  # ties happen: amax/max must split or route the gradient as torch does
    _same(*_both(lambda lib, t: REDUCTIONS[op](lib, t, dims, keepdim), x), rtol=1e-9, atol=1e-10)


@SETTINGS
@given(data=array_and_dims())
def test_float32_reductions_at_torch_tolerance(data):
    x, dims, keepdim = data
    fn = lambda lib, t: t.sum(dims, keepdim=keepdim) + t.mean(dims, keepdim=keepdim) if dims is not None \
        else t.sum() + t.mean()
    _same(*_both(fn, x, dtype="float32"), rtol=1e-5, atol=1e-5)
