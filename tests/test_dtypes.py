"""dtype objects and type promotion, exhaustively against torch 2.13: promote_types over every pair, result_type
and real op results for dimensioned tensors, zero-dim tensors and Python numbers, and the default dtype."""
import itertools

import numpy as np
import pytest

import minitorch as mt

torch = pytest.importorskip("torch")

NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
SCALARS = [True, 3, -2, 2.5, 0]


def operand(lib, kind, name):
    """A dimensioned tensor, a zero-dim tensor, or (kind 'scalar') the Python number `name`."""
    if kind == "scalar":
        return name
    dt = getattr(lib, name)
    return lib.ones(2, dtype=dt) if kind == "tensor" else lib.ones((), dtype=dt)


@pytest.mark.parametrize("a,b", list(itertools.product(NAMES, NAMES)))
def test_promote_types_every_pair(a, b):
    expected = torch.promote_types(getattr(torch, a), getattr(torch, b))
    assert str(mt.promote_types(getattr(mt, a), getattr(mt, b))) == str(expected)


KINDS = [("tensor", "tensor"), ("tensor", "zerodim"), ("zerodim", "tensor"), ("zerodim", "zerodim")]


@pytest.mark.parametrize("kinds", KINDS, ids=["%s-%s" % k for k in KINDS])
def test_result_type_and_add_every_pair(kinds):
    for a, b in itertools.product(NAMES, NAMES):
        ta, tb = operand(torch, kinds[0], a), operand(torch, kinds[1], b)
        ma, mb = operand(mt, kinds[0], a), operand(mt, kinds[1], b)
        expected = str(torch.result_type(ta, tb))
        assert str(mt.result_type(ma, mb)) == expected, (a, b)
        assert str((ma + mb).dtype) == str((ta + tb).dtype), (a, b)
        assert str((ma * mb).dtype) == str((ta * tb).dtype), (a, b)
        assert str(mt.maximum(ma, mb).dtype) == str(torch.maximum(ta, tb).dtype), (a, b)


@pytest.mark.parametrize("kind", ["tensor", "zerodim"])
def test_tensor_with_python_scalars(kind):
    for name, s in itertools.product(NAMES, SCALARS):
        t, m = operand(torch, kind, name), operand(mt, kind, name)
        assert str(mt.result_type(m, s)) == str(torch.result_type(t, s)), (name, s)
        for op in (lambda x, y: x + y, lambda x, y: y * x, lambda x, y: x / 2, lambda x, y: x == y):
            assert str(op(m, s).dtype) == str(op(t, s).dtype), (name, s)


def test_three_way_promotion_with_where_and_clamp():
    for a, b in itertools.product(NAMES[1:], NAMES[1:]):
        cond = [True, False]
        t = torch.where(torch.tensor(cond), torch.ones(2, dtype=getattr(torch, a)), torch.zeros(2, dtype=getattr(torch, b)))
        m = mt.where(mt.tensor(cond), mt.ones(2, dtype=getattr(mt, a)), mt.zeros(2, dtype=getattr(mt, b)))
        assert str(m.dtype) == str(t.dtype)
        assert str(mt.where(mt.tensor(cond), mt.ones(2, dtype=getattr(mt, a)), 2.5).dtype) == \
            str(torch.where(torch.tensor(cond), torch.ones(2, dtype=getattr(torch, a)), 2.5).dtype)


@pytest.mark.parametrize("default", ["float64", "float16"])
def test_default_dtype_changes_inference_and_promotion(default):
    results = []
    for lib in (torch, mt):
        previous = lib.get_default_dtype()
        lib.set_default_dtype(getattr(lib, default))
        try:
            results.append([str(x.dtype) for x in (lib.tensor([1.5]), lib.tensor([1, 2]) + 0.5, lib.zeros(2),
                                                   lib.arange(3.0), lib.tensor([1]) / 2, lib.linspace(0, 1, 3),
                                                   lib.ones(2, dtype=lib.float32) + 1.5, lib.full((1,), 2.0),
                                                   lib.rand(2), lib.tensor(1) * lib.tensor(2.5))]
                           + [str(lib.get_default_dtype())])
        finally:
            lib.set_default_dtype(previous)
    assert results[1] == results[0]


def test_set_default_dtype_rejects_integers():
    for lib in (torch, mt):
        with pytest.raises(TypeError):
            lib.set_default_dtype(lib.int64)


def test_dtype_properties_and_names():
    for name in NAMES:
        t, m = getattr(torch, name), getattr(mt, name)
        assert repr(m) == repr(t) and str(m) == str(t)
        assert m.is_floating_point == t.is_floating_point
        assert m.is_signed == t.is_signed, name
        assert m.itemsize == t.itemsize
        assert mt.ones(1, dtype=m).element_size() == torch.ones(1, dtype=t).element_size()
    for alias in ("half", "float", "double", "short", "int", "long"):
        assert str(getattr(mt, alias)) == str(getattr(torch, alias))


def test_can_cast_every_pair():
    for a, b in itertools.product(NAMES, NAMES):
        assert mt.can_cast(getattr(mt, a), getattr(mt, b)) == torch.can_cast(getattr(torch, a), getattr(torch, b)), \
            (a, b)


def test_casts_keep_values_like_torch():
    data = np.array([-3.7, -0.5, 0.0, 0.5, 2.5, 300.9])
    for name in NAMES:
        t = torch.tensor(data).to(getattr(torch, name))
        m = mt.tensor(data).to(getattr(mt, name))
        assert str(m.dtype) == str(t.dtype)
        if name != "uint8":  # negative float -> uint8 is undefined behaviour in C; torch and NumPy differ
            np.testing.assert_array_equal(m.numpy(), t.numpy())


def test_tensor_type_strings():
    for name in NAMES:
        t, m = torch.ones(1, dtype=getattr(torch, name)), mt.ones(1, dtype=getattr(mt, name))
        assert m.type() == t.type()
    assert str(mt.ones(2).type("torch.DoubleTensor").dtype) == "torch.float64"


@pytest.mark.parametrize("python_type", [float, int, bool])
def test_python_types_as_dtypes(python_type):
    """dtype=float means float64 even when the default dtype is float32, as in torch."""
    got = [(lib.zeros(2, dtype=python_type).dtype, lib.tensor([1, 0]).to(python_type).dtype) for lib in (torch, mt)]
    assert [str(d) for d in got[1]] == [str(d) for d in got[0]]
