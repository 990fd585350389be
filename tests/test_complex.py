"""Complex dtypes against torch: dtypes and promotion, creation, printing, ops on complex tensors, views of their
parts, and gradients under torch's convention (dL/dz*), outputs and every input's gradient compared."""
import numpy as np
import pytest
import torch

import minitorch as mt
from complex_compare import check, sample
from lib_compare import raises_same

COMPLEX = ["complex64", "complex128"]
REAL = ["float32", "float64"]


def dt(lib, name):
    return getattr(lib, name)


# --- dtypes and promotion -------------------------------------------------------------------------------------
ALL_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "complex64",
             "complex128"]


@pytest.mark.parametrize("name", ALL_NAMES)
def test_dtype_attributes(name):
    t, m = dt(torch, name), dt(mt, name)
    assert (m.is_complex, m.is_floating_point, m.is_signed, m.itemsize) == \
           (t.is_complex, t.is_floating_point, t.is_signed, t.itemsize)
    assert str(m.to_real()) == str(t.to_real())
    if name in ("float32", "float64", "complex64", "complex128"):
        assert str(m.to_complex()) == str(t.to_complex())
    elif name != "float16":  # (torch's complex32 has no NumPy counterpart)
        raises_same(lambda lib: dt(lib, name).to_complex())


def test_aliases():
    assert mt.cfloat is mt.complex64 and mt.cdouble is mt.complex128
    assert repr(mt.cfloat) == repr(torch.cfloat) and repr(mt.cdouble) == repr(torch.cdouble)


@pytest.mark.parametrize("a", [n for n in ALL_NAMES if n != "float16"])
@pytest.mark.parametrize("b", COMPLEX)
def test_promote_types(a, b):
    assert str(mt.promote_types(dt(mt, a), dt(mt, b))) == str(torch.promote_types(dt(torch, a), dt(torch, b)))
    assert str(mt.promote_types(dt(mt, b), dt(mt, a))) == str(torch.promote_types(dt(torch, b), dt(torch, a)))


OPERANDS = {
    "f32": lambda lib: lib.ones(2), "f64": lambda lib: lib.ones(2, dtype=lib.float64),
    "i64": lambda lib: lib.ones(2, dtype=lib.int64), "b": lambda lib: lib.ones(2, dtype=lib.bool),
    "c64": lambda lib: lib.ones(2, dtype=lib.complex64), "c128": lambda lib: lib.ones(2, dtype=lib.complex128),
    "0d_c64": lambda lib: lib.tensor(1j), "0d_c128": lambda lib: lib.tensor(1j, dtype=lib.complex128),
    "0d_f64": lambda lib: lib.tensor(1.0, dtype=lib.float64), "0d_i": lambda lib: lib.tensor(3),
    "1j": lambda lib: 1j, "2.5": lambda lib: 2.5, "3": lambda lib: 3, "np_c128": lambda lib: np.complex128(1j),
}


@pytest.mark.parametrize("default", ["float32", "float64"])
@pytest.mark.parametrize("a", ["f32", "f64", "i64", "b", "c64", "c128", "0d_c64", "0d_f64", "0d_i"])
@pytest.mark.parametrize("b", list(OPERANDS))
def test_result_type(default, a, b):
    got = []
    for lib in (torch, mt):
        lib.set_default_dtype(dt(lib, default))
        try:
            x, y = OPERANDS[a](lib), OPERANDS[b](lib)
            got.append((str(lib.result_type(x, y)), str((x + y).dtype)))
        finally:
            lib.set_default_dtype(lib.float32)
    assert got[1] == got[0]


# --- creation and printing -------------------------------------------------------------------------------------
DATA = [[1 + 2j, 3.5 - 1j], 1 + 0j, [1, 2.5, 3j], [[True, 1j]], [], [[1e-5 + 2j, 3e5 - 1j], [0j, complex("nan+1j")]]]


@pytest.mark.parametrize("default", ["float32", "float64"])
@pytest.mark.parametrize("data", DATA, ids=str)
def test_tensor_from_python_complex(default, data):
    got = []
    for lib in (torch, mt):
        lib.set_default_dtype(dt(lib, default))
        try:
            x = lib.tensor(data) if data != [] else lib.tensor(data, dtype=lib.cfloat)
            got.append((str(x.dtype), x.numpy().tolist(), x.is_complex(), lib.is_complex(x), repr(x)))
        finally:
            lib.set_default_dtype(lib.float32)
    np.testing.assert_equal(got[1], got[0])


@pytest.mark.parametrize("dtype", COMPLEX)
def test_from_numpy(dtype):
    a = sample((2, 3), dtype)
    for make in ("tensor", "from_numpy", "as_tensor"):
        t, m = getattr(torch, make)(a), getattr(mt, make)(a)
        assert str(m.dtype) == str(t.dtype)
        np.testing.assert_array_equal(m.numpy(), t.numpy())
    assert mt.tensor(a, dtype=mt.complex128).dtype is mt.complex128


REPRS = [
    lambda lib: lib.tensor([1 + 2j, 3.5 - 1j]),
    lambda lib: lib.tensor([1 + 2j, 3 - 1j], dtype=lib.complex128),
    lambda lib: lib.tensor([[1e-5 + 2j, 3e5 - 1j], [0j, complex("nan+1j")]]),
    lambda lib: lib.tensor(1 + 2j),
    lambda lib: lib.tensor([1.123456 + 2j, -3.5 - 100.25j], requires_grad=True),
    lambda lib: lib.tensor([1j] * 30),
    lambda lib: lib.zeros(0, dtype=lib.cfloat),
    lambda lib: lib.zeros(2, 0, dtype=lib.cdouble),
    lambda lib: lib.tensor([complex("inf-1j"), complex(2, float("inf")), -0.0 - 0.0j]),
    lambda lib: lib.tensor([1e10 + 1j]),
    lambda lib: lib.arange(2000.0).reshape(2, 1000) * (1 + 0.5j),
    lambda lib: lib.tensor([[1 + 1j, 2], [3, 4 - 1e-6j]]),
    lambda lib: lib.tensor([1 + 1j], requires_grad=True) * 2,
]


@pytest.mark.parametrize("make", REPRS)
def test_repr(make):
    assert repr(make(mt)) == repr(make(torch))


def test_repr_default_complex_follows_default_float():
    got = []
    for lib in (torch, mt):
        lib.set_default_dtype(lib.float64)
        try:
            got.append(repr(lib.tensor([1 + 2j])) + repr(lib.tensor([1 + 2j], dtype=lib.complex64)))
        finally:
            lib.set_default_dtype(lib.float32)
    assert got[1] == got[0]


def test_type_names_and_requires_grad():
    for name in COMPLEX:
        t = torch.ones(2, dtype=dt(torch, name), requires_grad=True)
        m = mt.ones(2, dtype=dt(mt, name), requires_grad=True)
        assert m.type() == t.type() and m.requires_grad
        assert mt.zeros(2, dtype=dt(mt, name)).requires_grad_().requires_grad


def test_item_tolist_complex():
    a = [1 + 2j, -3.5j]
    assert mt.tensor(a).tolist() == torch.tensor(a).tolist()
    assert mt.tensor(a)[1].item() == torch.tensor(a)[1].item()
    assert complex(mt.tensor(1 + 2j)) == complex(torch.tensor(1 + 2j))


@pytest.mark.parametrize("dtype", ["float32", "int64", "uint8", "bool"])
def test_complex_data_as_a_real_dtype(dtype):
    make = lambda lib: lib.tensor([1 + 2j, 0j], dtype=getattr(lib, dtype))  # noqa: E731
    if dtype == "bool":
        assert make(mt).tolist() == make(torch).tolist()
    else:
        raises_same(make)


def test_complex_to_bool():
    assert mt.tensor([1j, 0]).bool().tolist() == torch.tensor([1j, 0]).bool().tolist()


def test_cast_complex_to_real_warns_and_takes_real_part():
    with pytest.warns(UserWarning, match="discards the imaginary part"):
        m = mt.tensor([1 + 2j, 3 - 1j]).float()
    assert m.tolist() == [1.0, 3.0]


# --- ops on complex tensors: values and gradients -------------------------------------------------------------
UNARY = {
    "neg": lambda lib, z: -z, "exp": lambda lib, z: z.exp(), "log": lambda lib, z: z.log(),
    "sqrt": lambda lib, z: z.sqrt(), "sin": lambda lib, z: z.sin(), "cos": lambda lib, z: z.cos(),
    "tanh": lambda lib, z: z.tanh(), "tan": lambda lib, z: z.tan(), "sinh": lambda lib, z: z.sinh(),
    "cosh": lambda lib, z: z.cosh(), "sigmoid": lambda lib, z: z.sigmoid(), "rsqrt": lambda lib, z: z.rsqrt(),
    "reciprocal": lambda lib, z: z.reciprocal(), "log2": lambda lib, z: z.log2(),
    "log10": lambda lib, z: z.log10(), "log1p": lambda lib, z: z.log1p(), "expm1": lambda lib, z: z.expm1(),
    "exp2": lambda lib, z: lib.exp2(z), "asin": lambda lib, z: z.asin(), "atan": lambda lib, z: z.atan(),
    "square": lambda lib, z: z.square(), "pow2": lambda lib, z: z ** 2, "pow_half": lambda lib, z: z ** 0.5,
    "pow_complex": lambda lib, z: z ** (0.5 + 1j), "rpow": lambda lib, z: 2 ** z,
    "rpow_complex": lambda lib, z: (1 + 1j) ** z,
    "abs": lambda lib, z: z.abs(), "angle": lambda lib, z: z.angle(), "sgn": lambda lib, z: z.sgn(),
    "real": lambda lib, z: z.real, "imag": lambda lib, z: z.imag, "torch.real": lambda lib, z: lib.real(z),
    "conj": lambda lib, z: z.conj().resolve_conj(), "conj_physical": lambda lib, z: lib.conj_physical(z),
    "view_as_real": lambda lib, z: lib.view_as_real(z),
    "sum": lambda lib, z: z.sum(), "sum_dim": lambda lib, z: z.sum(0), "mean": lambda lib, z: z.mean(),
    "mean_dim": lambda lib, z: z.mean(-1, keepdim=True), "prod": lambda lib, z: z.prod(),
    "prod_dim": lambda lib, z: z.prod(1), "cumsum": lambda lib, z: z.cumsum(0), "var": lambda lib, z: z.var(),
    "std": lambda lib, z: z.std(1), "reshape": lambda lib, z: z.reshape(-1), "t": lambda lib, z: z.t(),
    "mH": lambda lib, z: z.mH.resolve_conj(), "adjoint": lambda lib, z: z.adjoint().resolve_conj(),
    "index": lambda lib, z: z[1:, ::2], "flip": lambda lib, z: z.flip(0),
    "cat": lambda lib, z: lib.cat([z, z * 2]), "stack": lambda lib, z: lib.stack([z, -z], 1),
    "unsqueeze": lambda lib, z: z.unsqueeze(0), "expand": lambda lib, z: z[:1].expand(3, 4),
    "where": lambda lib, z: lib.where(lib.tensor([True, False, True, True]), z, 2j),
    "masked_fill": lambda lib, z: z.masked_fill(lib.tensor([True, False, True, False]), 1j),
    "gather": lambda lib, z: z.gather(1, lib.tensor([[0, 3], [1, 1], [2, 0]])),
    "mul_real_number": lambda lib, z: z * 2.5, "add_complex_number": lambda lib, z: z + (1 - 2j),
    "div_by_number": lambda lib, z: z / (2 + 1j), "rdiv": lambda lib, z: (1 + 1j) / z,
    "mm_self": lambda lib, z: z @ z.mT, "abs_squared": lambda lib, z: (z * z.conj()).real,
}


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("name", list(UNARY))
def test_unary(name, dtype):
    check(UNARY[name], sample((3, 4), dtype))


MORE = {
    "cumprod": lambda lib, z: z.cumprod(1), "trace": lambda lib, z: z.trace(), "diag": lambda lib, z: z.diag(),
    "triu": lambda lib, z: z.triu(), "roll": lambda lib, z: z.roll(1, 0), "repeat": lambda lib, z: z.repeat(2, 1),
    "tile": lambda lib, z: z.tile((2,)), "index_select": lambda lib, z: z.index_select(1, lib.tensor([0, 2])),
    "narrow": lambda lib, z: z.narrow(1, 1, 2), "split": lambda lib, z: z.split(2, 1)[1],
    "chunk": lambda lib, z: z.chunk(2)[0], "lerp": lambda lib, z: lib.lerp(z, z * 2j, 0.3),
    "addcmul": lambda lib, z: lib.addcmul(z, z, z, value=0.5),
    "addcdiv": lambda lib, z: lib.addcdiv(z, z, z + 3, value=0.5), "atanh": lambda lib, z: z.atanh(),
    "asinh": lambda lib, z: z.asinh(), "acosh": lambda lib, z: z.acosh(), "acos": lambda lib, z: z.acos(),
    "scatter_add": lambda lib, z: lib.zeros(3, 4, dtype=z.dtype).scatter_add(
        1, lib.tensor([[0, 1], [2, 2], [3, 0]]), z[:, :2]),
    "masked_select": lambda lib, z: z.masked_select(lib.tensor([True, False, True, True])),
    "std_dim": lambda lib, z: z.std(0), "sum_to_size": lambda lib, z: z.sum_to_size(1, 4),
    "diff": lambda lib, z: z.diff(), "kron": lambda lib, z: lib.kron(z[:2, :2], z[1:, 1:3]),
    "tensordot": lambda lib, z: lib.tensordot(z, z, dims=([1], [1])), "inner": lambda lib, z: lib.inner(z, z),
    "cross": lambda lib, z: lib.linalg.cross(z[:, :3], z[:, 1:]), "logsumexp": lambda lib, z: z.logsumexp(1),
    "flatten": lambda lib, z: z.flatten(), "movedim": lambda lib, z: z.movedim(0, 1),
    "contiguous": lambda lib, z: z.t().contiguous(), "mul_": lambda lib, z: (z * 1).mul_(z),
    "div_": lambda lib, z: (z * 1).div_(z + 2), "add_alpha": lambda lib, z: lib.add(z, z, alpha=2j),
    "sub_alpha": lambda lib, z: lib.sub(z, z * z, alpha=0.5),
    "matrix_power": lambda lib, z: lib.linalg.matrix_power(z[:, :3], 3),
    "baddbmm": lambda lib, z: lib.baddbmm(z[None, :, :3], z[None], z[None].mT, alpha=2),
    "unfold": lambda lib, z: z.unfold(1, 2, 1), "pad": lambda lib, z: lib.nn.functional.pad(z, (1, 2)),
    "take": lambda lib, z: z.take(lib.tensor([0, 5, 7])),
    "index_put": lambda lib, z: z.index_put((lib.tensor([0, 2]),), z[:2] * 3),
    "linear": lambda lib, z: lib.nn.functional.linear(z, z[:2], z[0, :2]),
    "dist": lambda lib, z: lib.dist(z, z * 1j), "z_pow_z": lambda lib, z: z ** z,
    "real_part_times_z": lambda lib, z: z.real.exp() * z,
}


@pytest.mark.parametrize("name", list(MORE))
def test_more_ops(name):
    check(MORE[name], sample((3, 4), "complex128"))


@pytest.mark.parametrize("name", ["exp", "mul_real_number", "sum_dim", "abs", "angle", "real", "imag", "mm_self",
                                  "view_as_real", "prod_dim"])
def test_unary_non_contiguous(name):
    check(UNARY[name], sample((4, 3), "complex128"), transposed=True)


@pytest.mark.parametrize("style", ["view", "abs"])
@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "tanh", "sgn", "prod", "mm_self"])
def test_unary_other_losses(name, style):
    check(UNARY[name], sample((3, 4), "complex128"), style=style)


BINARY = {
    "add": lambda lib, a, b: a + b, "sub": lambda lib, a, b: a - b, "mul": lambda lib, a, b: a * b,
    "div": lambda lib, a, b: a / b, "pow": lambda lib, a, b: a ** b, "mul_bcast": lambda lib, a, b: a * b[:1],
    "matmul": lambda lib, a, b: a @ b.mT, "mm": lambda lib, a, b: lib.mm(a, b.t()),
    "bmm": lambda lib, a, b: lib.bmm(a.unsqueeze(0), b.t().unsqueeze(0)),
    "mv": lambda lib, a, b: lib.mv(a, b[0]), "dot": lambda lib, a, b: lib.dot(a[0], b[1]),
    "vdot": lambda lib, a, b: lib.vdot(a[0], b[1]), "einsum": lambda lib, a, b: lib.einsum("ij,kj->ik", a, b),
    "addmm": lambda lib, a, b: lib.addmm(a[:, :3], a, b.t()[:, :3], alpha=0.5),
    "outer": lambda lib, a, b: lib.outer(a[0], b[1]),
}


@pytest.mark.parametrize("dtype", COMPLEX)
@pytest.mark.parametrize("name", list(BINARY))
def test_binary(name, dtype):
    check(BINARY[name], sample((3, 4), dtype, seed=0), sample((3, 4), dtype, seed=1))


@pytest.mark.parametrize("name", ["add", "mul", "div", "pow", "matmul", "dot", "einsum"])
@pytest.mark.parametrize("real_side", [0, 1])
def test_real_meets_complex(name, real_side):
    """A real input of a complex op: its gradient is the real part of the complex one, in its own dtype."""
    arrays = [sample((3, 4), "complex128", seed=0), sample((3, 4), "complex128", seed=1)]
    arrays[real_side] = np.abs(arrays[real_side].real)  # (positive: pow's base)
    check(lambda lib, a, b: BINARY[name](lib, a.to(lib.complex128), b.to(lib.complex128)), *arrays)


@pytest.mark.parametrize("dtype", REAL)
def test_real_tensor_times_complex_number(dtype):
    check(lambda lib, x: (x * (1 + 2j)).exp(), sample((5,), dtype))
    check(lambda lib, x: x + 1j * x.sin(), sample((2, 3), dtype))


@pytest.mark.parametrize("dtype", REAL)
def test_complex_and_polar(dtype):
    check(lambda lib, x, y: lib.complex(x, y), sample((3, 4), dtype, 0), sample((3, 4), dtype, 1))
    check(lambda lib, r, theta: lib.polar(r, theta), np.abs(sample((5,), dtype, 0)), sample((5,), dtype, 1))
    check(lambda lib, x, y: lib.complex(x, y[:1]), sample((3, 4), dtype, 0), sample((3, 4), dtype, 1))


@pytest.mark.parametrize("dtype", REAL)
def test_view_as_complex(dtype):
    check(lambda lib, x: lib.view_as_complex(x) * (2 - 1j), sample((3, 2), dtype))
    check(lambda lib, x: lib.view_as_complex(x.reshape(2, 3, 2)).exp(), sample((12,), dtype))


def test_abs_and_angle_at_zero():
    z = np.array([0j, 1 + 1j, -2 + 0j], dtype="complex128")
    check(lambda lib, z: z.abs(), z)
    check(lambda lib, z: z.angle(), z)
    check(lambda lib, z: z.sgn(), z)


def test_double_backward():
    def second(lib):
        z = lib.tensor([1 + 2j, -0.5 + 1j], dtype=lib.complex128, requires_grad=True)
        loss = (z * z.exp()).abs().sum()
        (g,) = lib.autograd.grad(loss, z, create_graph=True)
        (gg,) = lib.autograd.grad((g.real ** 2 + g.imag).sum(), z)
        return g.detach().numpy(), gg.numpy()
    for want, got in zip(second(torch), second(mt)):
        np.testing.assert_allclose(got, want, rtol=1e-10)


# --- views of the parts write through ---------------------------------------------------------------------------
def test_real_imag_views_write_through():
    def writes(lib):
        z = lib.tensor([1 + 2j, 3 - 1j])
        z.imag[0] = 5
        z.real.mul_(2)
        lib.view_as_real(z)[1, 1] = 7
        seen = [z.tolist()]
        z.real = lib.tensor([9.0, 8.0])
        z.imag = lib.tensor([-1.0, -2.0])
        return seen + [z.tolist()]
    assert writes(mt) == writes(torch)
    x = mt.ones(2)
    assert x.real is x or x.real.data_ptr() == x.data_ptr()


def test_view_as_real_shares_memory():
    z = mt.tensor([[1 + 2j, 3 - 1j], [5j, 2]])
    v = mt.view_as_real(z.t())
    assert v.shape == (2, 2, 2) and v.data_ptr() == z.data_ptr()
    assert v.tolist() == torch.view_as_real(torch.tensor([[1 + 2j, 3 - 1j], [5j, 2]]).t()).tolist()
    back = mt.view_as_complex(mt.view_as_real(z))
    assert back.data_ptr() == z.data_ptr() and back.tolist() == z.tolist()


# --- errors as torch's -----------------------------------------------------------------------------------------
REFUSED = {
    "lt": lambda lib, z: z < z, "le": lambda lib, z: z <= 1, "gt": lambda lib, z: lib.gt(z, z),
    "ge": lambda lib, z: z >= z, "max": lambda lib, z: z.max(), "min": lambda lib, z: z.min(),
    "max_dim": lambda lib, z: z.max(0), "min_dim": lambda lib, z: z.min(0), "amax": lambda lib, z: z.amax(),
    "argmax": lambda lib, z: z.argmax(), "argmin": lambda lib, z: z.argmin(0),
    "maximum": lambda lib, z: lib.maximum(z, z), "minimum": lambda lib, z: lib.minimum(z, z),
    "clamp": lambda lib, z: z.clamp(0, 1), "clamp_min": lambda lib, z: z.clamp_min(0),
    "clamp_max": lambda lib, z: z.clamp(max=1), "relu": lambda lib, z: z.relu(), "sort": lambda lib, z: z.sort(),
    "argsort": lambda lib, z: z.argsort(), "topk": lambda lib, z: z.topk(1), "floor": lambda lib, z: z.floor(),
    "ceil": lambda lib, z: z.ceil(), "trunc": lambda lib, z: z.trunc(), "round": lambda lib, z: z.round(),
    "sign": lambda lib, z: z.sign(), "frac": lambda lib, z: z.frac(), "remainder": lambda lib, z: z % 2,
    "fmod": lambda lib, z: lib.fmod(z, z), "floor_divide": lambda lib, z: z // z,
    "signbit": lambda lib, z: z.signbit(), "nansum": lambda lib, z: z.nansum(), "imag_of_real": lambda lib, z: z.real.imag,
    "view_as_real_of_real": lambda lib, z: lib.view_as_real(z.real),
    "view_as_complex_bad_size": lambda lib, z: lib.view_as_complex(lib.ones(3, 3)),
    "view_as_complex_bad_stride": lambda lib, z: lib.view_as_complex(lib.ones(2, 3).t()),
    "view_as_complex_int": lambda lib, z: lib.view_as_complex(lib.ones(3, 2, dtype=lib.int64)),
    "complex_mixed": lambda lib, z: lib.complex(lib.ones(2), lib.ones(2, dtype=lib.float64)),
    "complex_of_int": lambda lib, z: lib.complex(lib.ones(2, dtype=lib.int64), lib.ones(2, dtype=lib.int64)),
    "real_tensor_iadd_complex": lambda lib, z: lib.ones(2).add_(z),
    "backward_of_complex": lambda lib, z: (lib.ones(2, dtype=lib.cfloat, requires_grad=True) * 2).sum().backward(),
    "backward_of_complex_vector": lambda lib, z: (lib.ones(2, dtype=lib.cfloat, requires_grad=True) * 2).backward(),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_on_complex(name):
    raises_same(lambda lib: REFUSED[name](lib, lib.tensor([1 + 2j, 3.5 - 1j])))


def test_backward_of_complex_with_gradient():
    def run(lib):
        x = lib.ones(2, requires_grad=True)
        (x * (1 + 2j)).sum().backward(lib.tensor(1 + 1j))
        return x.grad.numpy()
    np.testing.assert_array_equal(run(mt), run(torch))


def test_is_conj_and_resolve():
    z = mt.tensor([1 + 2j])
    assert not z.conj().is_conj() and z.conj().resolve_conj().tolist() == [1 - 2j]
    x = mt.ones(2)
    assert x.conj() is x


def test_in_place_writes_into_parts_keep_gradients():
    """A write through .real / .imag / view_as_real of a tensor with history: the overwritten parts get no
    gradient, the written values get theirs (torch's CopySlices)."""
    def run(lib):
        w = lib.tensor([1 + 2j, 3 - 1j, 0.5j], requires_grad=True)
        r = lib.tensor([1.0, 2.0], requires_grad=True)
        z = w * 2
        z.imag[0:2] = lib.tensor([5.0, 6.0])
        z.real[1:] = r * 3
        lib.view_as_real(z)[2, 0] = r[0]
        (z.real * lib.tensor([1.0, 2, 3]) + z.imag * lib.tensor([4.0, 5, 6])).sum().backward()
        return w.grad.numpy(), r.grad.numpy()
    for want, got in zip(run(torch), run(mt)):
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", ["cfloat", "cdouble"])
def test_cfloat_cdouble_methods(name):
    check(lambda lib, x: getattr(x, name)() * (1 + 1j), sample((2, 3), "float32"))
    assert str(getattr(mt.ones(2, dtype=mt.cdouble), name)().dtype) == str(getattr(torch.ones(2), name)().dtype)


@pytest.mark.parametrize("dtype", COMPLEX)
def test_randn_complex(dtype):
    z = mt.randn(20000, dtype=dt(mt, dtype))
    assert str(z.dtype) == str(torch.randn(2, dtype=dt(torch, dtype)).dtype)
    # torch's draw: real and imaginary parts independent N(0, 1/2)
    assert abs(float(z.real.var()) - 0.5) < 0.03 and abs(float(z.imag.var()) - 0.5) < 0.03


@pytest.mark.parametrize("dtype", REAL + COMPLEX)
def test_linalg_eig(dtype):
    a = sample((2, 4, 4), dtype)
    want = torch.linalg.eig(torch.tensor(a))
    got = mt.linalg.eig(mt.tensor(a))
    assert str(got.eigenvalues.dtype) == str(want.eigenvalues.dtype)
    assert str(got.eigenvectors.dtype) == str(want.eigenvectors.dtype)
    tol = 1e-4 if dtype in ("float32", "complex64") else 1e-10
    # the same eigenvalues (LAPACK may order them differently), unit eigenvectors with A v = lambda v
    np.testing.assert_allclose(in_order(got.eigenvalues), in_order(want.eigenvalues), rtol=tol, atol=tol)
    v, lam = got.eigenvectors.numpy(), got.eigenvalues.numpy()
    np.testing.assert_allclose(a @ v, v * lam[..., None, :], rtol=tol * 10, atol=tol * 10)
    np.testing.assert_allclose(np.linalg.norm(v, axis=-2), 1, rtol=tol)
    np.testing.assert_allclose(in_order(mt.linalg.eigvals(mt.tensor(a))),
                               in_order(torch.linalg.eigvals(torch.tensor(a))), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_linalg_eig_gradient(dtype):
    """A loss that does not depend on the eigenvectors' phases (|V|^2, functions of L): gradients as torch's."""
    w = np.arange(32.0).reshape(2, 4, 4) / 10

    def loss(lib, a):
        values, vectors = lib.linalg.eig(a)
        return (vectors.abs() ** 2 * lib.tensor(w)).sum() + (values * values).real + values.imag
    check(lambda lib, a: loss(lib, a), sample((2, 4, 4), dtype))
    check(lambda lib, a: lib.linalg.eigvals(a).exp().sum(), sample((3, 3), dtype))  # (any order)


def test_linalg_eig_gradient_of_a_phase_is_refused():
    raises_same(lambda lib: lib.linalg.eig(lib.tensor(sample((3, 3), "float64"), requires_grad=True))[1]
                .real.sum().backward())


def in_order(values):
    """Eigenvalues sorted by real then imaginary part, rounded for the sort so that rounding cannot reorder them."""
    flat = values.numpy().ravel()
    return flat[np.lexsort((np.round(flat.imag, 4), np.round(flat.real, 4)))]


@pytest.mark.parametrize("make", [lambda lib: lib.linalg.eig(lib.ones(3)), lambda lib: lib.linalg.eig(lib.ones(2, 3)),
                                  lambda lib: lib.linalg.eig(lib.ones(2, 2, dtype=lib.int64))])
def test_linalg_eig_errors(make):
    raises_same(make)


def test_norms_of_complex():
    for p in (2, 1, 3, float("inf")):
        check(lambda lib, z: lib.linalg.vector_norm(z, p), sample((3, 4), "complex128"))
    check(lambda lib, z: z.norm(dim=1), sample((3, 4), "complex64"))


def test_hooks_retain_grad_and_autograd_grad():
    def run(lib):
        z = lib.tensor([1 + 2j, -0.5 + 1j, 2 - 1j], requires_grad=True)
        x = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
        h = z * x
        h.retain_grad()
        seen = []
        h.register_hook(lambda g: seen.append(g.detach().clone()))
        y = (h.exp() / (1 + z)).abs() * x
        (g,) = lib.autograd.grad(y.sum(), z, retain_graph=True)
        y.sum().backward()
        return [g.numpy(), z.grad.numpy(), x.grad.numpy(), h.grad.numpy(), seen[0].numpy(), str(x.grad.dtype)]
    want, got = run(torch), run(mt)
    assert got[-1] == want[-1]
    for w, g in zip(want[:-1], got[:-1]):
        np.testing.assert_allclose(g, w, rtol=1e-5)
