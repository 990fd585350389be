"""Regression tests for the binary-op mismatches torch's OpInfo samples found (tests/opinfo_sweep.py): which operands
of each op may be a Python number (minitorch/ops/arguments.py OPERANDS), isclose's tolerances, nextafter's gradient.
Each call runs in torch and in minitorch: the same exception class, with torch's first message line, or the same
values and gradients."""
import pytest

import minitorch
from exception_compare import raised, same_class_as_torch

torch = pytest.importorskip("torch")


def _namespace(lib):
    return {"lib": lib, "x": lib.tensor([1.0, 2.0, 3.0]), "i": lib.tensor([1, 2, 3]),
            "m": lib.tensor([True, False, True])}


TENSORS_ONLY = ["atan2", "arctan2", "fmax", "fmin", "gcd", "lcm", "hypot", "logical_and", "logical_or",
                "logical_xor", "maximum", "minimum", "isclose", "allclose", "nextafter"]
NUMBER_SECOND = ["eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal",
                 "clamp_min", "clamp_max", "fmod", "rsub", "max", "min"]
NUMBER_EITHER = ["pow", "float_power", "remainder", "xlogy", "bitwise_and", "bitwise_or", "bitwise_xor",
                 "bitwise_left_shift", "bitwise_right_shift"]
METHODS = [f for f in TENSORS_ONLY + NUMBER_SECOND + NUMBER_EITHER if f not in ("allclose", "rsub")]

REJECTED = (
    ["lib.%s(i, 2)" % f for f in TENSORS_ONLY] + ["lib.%s(2.0, x)" % f for f in TENSORS_ONLY]
    + ["lib.%s(2, 3)" % f for f in TENSORS_ONLY + NUMBER_SECOND + NUMBER_EITHER]
    + ["i.%s(2)" % f for f in TENSORS_ONLY if f != "allclose"]
    + ["x.clone().%s_(2)" % f for f in ("atan2", "hypot", "logical_and")]
    + ["lib.%s(2, x)" % f for f in NUMBER_SECOND] + ["lib.%s(x, 'a')" % f for f in NUMBER_SECOND + NUMBER_EITHER]
    + ["x.%s('a')" % f for f in METHODS] + ["lib.clamp_min(x, None)", "lib.max(x, 1.5)", "lib.max(x, (0, 1))",
                                            "lib.isclose(x, x, rtol=-0.4)", "lib.isclose(x, x, atol=-1)",
                                            "lib.allclose(x, x, rtol=-1, atol=-1)"]
)
ACCEPTED = (
    ["lib.%s(i, 2)" % f for f in NUMBER_SECOND[:-2] + NUMBER_EITHER] + ["lib.%s(2, i)" % f for f in NUMBER_EITHER]
    + ["i.%s(2)" % f for f in NUMBER_SECOND[:-3] + NUMBER_EITHER]  # (max(i, 2): a dim, out of range)
    + ["lib.%s(%s, %s)" % ((f,) + (("i", "i") if f in ("gcd", "lcm") else ("x", "x"))) for f in TENSORS_ONLY]
    + ["lib.eq(x, True)", "lib.max(x, 0)", "lib.max(x, x)", "lib.max(x)", "lib.logical_and(m, m)",
       "lib.isclose(x, x, rtol=0, atol=0)"]
    + ["2 == x", "2 < x", "True & m", "2 ** x", "2 % x", "2 - x", "2 & i", "2 | i", "2 ^ i"]  # operators take numbers
)


@pytest.mark.parametrize("code", REJECTED)
def test_rejected_as_torch_rejects(code):
    expected, got = same_class_as_torch(torch, minitorch, code, _namespace)
    assert str(got).split("\n")[0] == str(expected).split("\n")[0].replace("arguments - got (Tensor, other=str)",
                                                                           "arguments - got (Tensor, str)")


@pytest.mark.parametrize("code", ACCEPTED)
def test_accepted_as_torch_accepts(code):
    assert raised(torch, code, _namespace) is None, "torch rejects this call: the case is wrong"
    got = raised(minitorch, code, _namespace)
    assert got is None, "minitorch rejects a call torch takes: %s: %s" % (type(got).__name__, got)


def test_invalid_combination_lists_the_overloads():
    for lib in (torch, minitorch):
        with pytest.raises(TypeError) as error:
            lib.pow(2, 3)
        lines = str(error.value).split("\n")
        assert lines[1:4] == [" * (Tensor input, Tensor exponent, *, Tensor out = None)",
                              " * (Number self, Tensor exponent, *, Tensor out = None)",
                              " * (Tensor input, Number exponent, *, Tensor out = None)"]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_nextafter_gradient(dtype):
    nan, inf = float("nan"), float("inf")
    values = [[1.0, 2.0, 3.0, nan, 0.0, -0.0, inf, 5.0], [1.0, nan, 2.0, 1.0, 0.0, 0.0, inf, -inf]]
    results = []
    for lib in (torch, minitorch):
        a, b = (lib.tensor(v, dtype=getattr(lib, dtype), requires_grad=True) for v in values)
        g = lib.arange(8, dtype=getattr(lib, dtype)) + 1
        y = lib.nextafter(a, b)
        ga, gb = lib.autograd.grad(y, [a, b], g)
        wide = lib.nextafter(lib.ones(2, 3, dtype=getattr(lib, dtype), requires_grad=True), b[:3])
        assert type(y.grad_fn).__name__ == "NextafterBackward0"
        results.append([t.detach().numpy() for t in (y, ga, gb)] + [lib.autograd.grad(wide.sum(), b)[0].numpy()])
    for expected, got in zip(*results):
        assert expected.dtype == got.dtype and expected.shape == got.shape
        assert ((expected == got) | ((expected != expected) & (got != got))).all()
