"""Elementwise ops beyond the parity registry (minitorch/parity/cases_elementwise.py): finite-difference gradchecks
in float64, version counters of in-place ops, out=, error types and messages, all compared with torch 2.13."""
import numpy as np
import pytest

import minitorch as mt
from minitorch.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")


def raised(fn, lib):
    with pytest.raises(Exception) as info:
        fn(lib)
    return type(info.value), str(info.value)


def f64(shape, low=None, seed=0):
    rng = np.random.default_rng(seed)
    data = rng.standard_normal(shape) if low is None else rng.uniform(low, low + 2, shape)
    return mt.tensor(data, dtype=mt.float64, requires_grad=True)


UNARY = {
    "exp": (mt.exp, None), "log": (mt.log, 0.2), "log1p": (mt.log1p, -0.5), "expm1": (mt.expm1, None),
    "sqrt": (mt.sqrt, 0.2), "rsqrt": (mt.rsqrt, 0.2), "sin": (mt.sin, None), "cos": (mt.cos, None),
    "tan": (mt.tan, -0.5), "tanh": (mt.tanh, None), "sigmoid": (mt.sigmoid, None), "abs": (mt.abs, 0.1),
    "relu": (mt.relu, 0.1), "reciprocal": (mt.reciprocal, 0.3), "square": (mt.square, None),
    "asin": (lambda x: mt.asin(x * 0.4), -1.0), "atan": (mt.atan, None), "erf": (mt.erf, None),
    "frac": (lambda x: mt.frac(x * 0.3), 0.1), "log2": (mt.log2, 0.2), "sinh": (mt.sinh, None),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradcheck_and_gradgradcheck(name):
    fn, low = UNARY[name]
    x = f64((2, 3), low)
    assert gradcheck(fn, (x,))
    if name not in ("abs", "relu", "frac"):
        assert gradgradcheck(fn, (x,))


BINARY = {
    "add": lambda a, b: a + b, "sub_alpha": lambda a, b: mt.sub(a, b, alpha=2), "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b, "pow": lambda a, b: a ** b, "atan2": mt.atan2, "maximum": mt.maximum,
    "minimum": mt.minimum, "hypot": mt.hypot, "lerp": lambda a, b: mt.lerp(a, b, 0.25),
    "where": lambda a, b: mt.where(a > 0.7, a, b), "remainder": lambda a, b: a % b, "fmod": mt.fmod,
    "clamp_tensor": lambda a, b: mt.clamp(a, min=b), "xlogy": mt.xlogy,
}


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_gradcheck_with_broadcast(name):
    a = f64((2, 3), 0.5, seed=1)
    b = f64((3,), 0.6, seed=2)  # values never equal a's, so maximum/minimum stay away from their tie
    assert gradcheck(BINARY[name], (a, b))


@pytest.mark.parametrize("name", ["mul", "div", "pow", "atan2", "hypot"])
def test_binary_gradgradcheck(name):
    assert gradgradcheck(BINARY[name], (f64((2, 3), 0.5, seed=3), f64((2, 3), 0.5, seed=4)))


def test_addcmul_addcdiv_lerp_gradcheck():
    a, b, c = f64((2, 3), seed=5), f64((2, 3), seed=6), f64((3,), 0.5, seed=7)
    assert gradcheck(lambda a, b, c: mt.addcmul(a, b, c, value=-1.5), (a, b, c))
    assert gradcheck(lambda a, b, c: mt.addcdiv(a, b, c, value=0.5), (a, b, c))
    assert gradcheck(lambda a, b, c: mt.lerp(a, b, mt.sigmoid(c)), (a, b, c))


# --- in-place: identity, version counters, autograd checks ------------------------------------------------------------
INPLACE = [("add_", (1.0,)), ("sub_", (2,)), ("mul_", (3.0,)), ("div_", (2.0,)), ("pow_", (2,)), ("exp_", ()),
           ("clamp_", (-0.5, 0.5)), ("neg_", ()), ("abs_", ()), ("sigmoid_", ()), ("tanh_", ()), ("relu_", ()),
           ("floor_", ()), ("round_", ()), ("sqrt_", ()), ("fill_", (2.0,)), ("zero_", ()), ("clamp_min_", (0.0,)),
           ("reciprocal_", ()), ("square_", ())]


@pytest.mark.parametrize("name,args", INPLACE, ids=[n for n, _ in INPLACE])
def test_inplace_returns_self_bumps_version_like_torch(name, args):
    results = []
    for lib in (torch, mt):
        x = lib.tensor([[0.5, 1.5], [2.0, 3.0]])
        view = x[0]
        before = x._version
        out = getattr(x, name)(*args)
        results.append((out is x, x._version - before, view._version == x._version, x.tolist()))
    assert results[1][:3] == results[0][:3]
    np.testing.assert_allclose(results[1][3], results[0][3], rtol=1e-6)


def test_operator_inplace_keeps_identity_and_dtype():
    for lib in (torch, mt):
        x = lib.tensor([1.0, 2.0])
        ident = id(x)
        x += 1
        x *= lib.tensor([2.0, 3.0], dtype=lib.float64)  # float64 operand, float32 result kept
        x -= 1
        x /= 2
        x **= 2
        assert id(x) == ident and x.dtype == lib.float32
    ints = []
    for lib in (torch, mt):
        i = lib.tensor([7, -7, 5, -5])
        i //= 2
        i %= -3
        ints.append((i.tolist(), str(i.dtype)))
    assert ints[1] == ints[0]


def test_inplace_on_saved_input_raises_with_torch_message_shape():
    t_type, t_msg = raised(lambda lib: _modify_saved(lib), torch)
    m_type, m_msg = raised(lambda lib: _modify_saved(lib), mt)
    assert m_type is t_type
    assert m_msg.split(",")[0] == t_msg.split(",")[0]  # "... modified by an inplace operation: [torch.FloatTensor [3]]"


def _modify_saved(lib):
    x = lib.ones(3, requires_grad=True)
    y = x * 2
    z = y.sin()  # saves y
    y.mul_(2)
    z.sum().backward()


def test_inplace_gradients_match_torch():
    grads = []
    for lib in (torch, mt):
        x = lib.tensor([[0.3, -1.2, 2.0], [0.7, 0.1, -0.4]], dtype=lib.float64, requires_grad=True)
        y = x * 1.0
        y.mul_(x).add_(x, alpha=0.5)
        y[0].mul_(3)
        y[:, 1:].clamp_(max=1.0).exp_()
        y.sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12)


def test_out_argument_writes_and_returns_out():
    for lib in (torch, mt):
        out = lib.empty(3)
        result = lib.add(lib.tensor([1.0, 2.0, 3.0]), 1, out=out)
        assert result is out and out.tolist() == [2.0, 3.0, 4.0]
        out2 = lib.empty(0)
        lib.exp(lib.zeros(2), out=out2)
        assert out2.tolist() == [1.0, 1.0]


# --- errors: type and message -------------------------------------------------------------------------------------
SAME_MESSAGE = {
    "broadcast": lambda lib: lib.ones(2, 3) + lib.ones(4),
    "broadcast_3d": lambda lib: lib.ones(2, 3, 4) * lib.ones(5, 1),
    "int_floordiv_zero": lambda lib: lib.tensor([3]) // 0,
    "int_remainder_zero_tensor": lambda lib: lib.tensor([3]) % lib.tensor([0]),
    "int_negative_pow": lambda lib: lib.tensor([2]) ** -2,
    "bool_neg": lambda lib: -lib.tensor([True]),
    "bool_sub": lambda lib: lib.tensor([True]) - lib.tensor([True]),
    "relu_bool": lambda lib: lib.relu(lib.tensor([True])),
    "abs_bool": lambda lib: lib.abs(lib.tensor([True])),
    "frac_int": lambda lib: lib.frac(lib.tensor([3])),
    "invert_float": lambda lib: ~lib.tensor([1.0]),
    "bitwise_float": lambda lib: lib.tensor([1.0]) & lib.tensor([1.0]),
    "leaf_inplace": lambda lib: lib.ones(2, requires_grad=True).mul_(2),
    "int_requires_grad": lambda lib: lib.tensor([1, 2]).requires_grad_(),
    "inplace_cast": lambda lib: lib.tensor([1, 2]).add_(0.5),
    "inplace_broadcast": lambda lib: lib.ones(1, 3).mul_(lib.ones(2, 3)),
    "clamp_none": lambda lib: lib.clamp(lib.ones(2)),
    "where_condition_dtype": lambda lib: lib.where(lib.ones(2), lib.ones(2), lib.ones(2)),
    "isclose_dtype": lambda lib: lib.isclose(lib.tensor([1]), lib.tensor([1.0])),
    "floor_divide_backward": lambda lib: (lib.ones(2, requires_grad=True) // 2).sum().backward(),
}


@pytest.mark.parametrize("name", sorted(SAME_MESSAGE))
def test_error_type_and_message_match_torch(name):
    t_type, t_msg = raised(SAME_MESSAGE[name], torch)
    m_type, m_msg = raised(SAME_MESSAGE[name], mt)
    assert m_type is t_type, (t_msg, m_msg)
    assert m_msg.split("\n")[0][:40] == t_msg.split("\n")[0][:40], (t_msg, m_msg)


def test_broadcast_message_names_sizes():
    _, msg = raised(lambda lib: lib.ones(2, 3) + lib.ones(4), mt)
    assert "(3)" in msg and "(4)" in msg and "dimension 1" in msg


# --- numerics the parity cases do not reach -----------------------------------------------------------------------------
def test_sigmoid_tanh_extremes_finite():
    for lib in (torch, mt):
        x = lib.tensor([-1e4, -100.0, 0.0, 100.0, 1e4], requires_grad=True)
        (lib.sigmoid(x) + lib.tanh(x)).sum().backward()
        assert bool(lib.isfinite(x.grad).all())


def test_integer_division_semantics_table():
    a = np.arange(-9, 10)
    b = np.array([-4, -3, -2, -1, 1, 2, 3, 4])
    ta, tb = torch.tensor(a)[:, None], torch.tensor(b)[None, :]
    ma, mb = mt.tensor(a)[:, None], mt.tensor(b)[None, :]
    for op in (lambda x, y: x // y, lambda x, y: x % y, lambda x, y: x.fmod(y),
               lambda x, y: x.div(y, rounding_mode="trunc"), lambda x, y: x.div(y, rounding_mode="floor"),
               lambda x, y: x / y):
        np.testing.assert_array_equal(op(ma, mb).numpy(), op(ta, tb).numpy())
        np.testing.assert_array_equal(op(ma.double(), mb.double()).numpy(), op(ta.double(), tb.double()).numpy())


def test_integer_pow_table():
    a, b = np.arange(-3, 4)[:, None], np.arange(0, 5)[None, :]
    np.testing.assert_array_equal((mt.tensor(a) ** mt.tensor(b)).numpy(), (torch.tensor(a) ** torch.tensor(b)).numpy())
    np.testing.assert_array_equal((3 ** mt.tensor(b)).numpy(), (3 ** torch.tensor(b)).numpy())
