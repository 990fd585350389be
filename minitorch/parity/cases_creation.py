"""Parity cases for making tensors: from Python data (dtype inference), by shape (zeros/ones/full/empty and their
_like forms), ranges (arange/linspace/logspace), eye, and the random samplers' shapes and dtypes."""
import numpy

from .registry import case

DATA = {  # name: Python data given to tensor()
    "ints": [1, 2, 3], "floats": [1.0, 2.5], "mixed_int_float": [1, 2.5, 3], "bools": [True, False],
    "bool_int": [True, 2], "bool_float": [True, 0.5], "nested": [[1, 2], [3, 4]], "nested_mixed": [[1, 2.0], [3, 4]],
    "scalar_int": 5, "scalar_float": 2.5, "scalar_bool": False, "empty": [], "empty_nested": [[], []],
    "tuple": (1, 2), "deep": [[[1.5]], [[2.5]]], "negative": [-1, -2], "big_int": [2 ** 30],
}


def _data_case(name, data):
    @case("creation/tensor/" + name, dtypes=None)
    def body(lib, rng, dtype):
        out = {"default": lib.tensor(data), "float64": lib.tensor(data, dtype=lib.float64),
               "int32": lib.tensor(data, dtype=lib.int32), "bool": lib.tensor(data, dtype=lib.bool),
               "as_tensor": lib.as_tensor(data), "as_tensor_float": lib.as_tensor(data, dtype=lib.float32)}
        out["shape"] = tuple(out["default"].shape)
        return out


for _name, _data in DATA.items():
    _data_case(_name, _data)


@case("creation/tensor/args", dtypes=None)
def _tensor_args(lib, rng, dtype):
    x = lib.tensor([1.0, 2.0], requires_grad=True)
    y = lib.tensor([1.0, 2.0], dtype=lib.float64, device="cpu", requires_grad=True)
    z = lib.tensor([[1.0, 2.0]], device=lib.device("cpu"))
    u = lib.tensor([-1, 255, 7, -255], dtype=lib.uint8)
    return {"x": x, "x_rg": x.requires_grad, "x_leaf": x.is_leaf, "y": y, "z": z, "u8_wraps": u,
            "float_to_int": lib.tensor([1.7, -1.7]).long(), "f_to_int_dtype": lib.tensor([1.7, -2.7], dtype=lib.int64),
            "from_tensors": lib.tensor([lib.tensor(1.5), lib.tensor(2.0)]), "copy": lib.tensor(x.detach()),
            "numpy_f32": lib.tensor(numpy.array([1.5], dtype=numpy.float32)),
            "numpy_int32": lib.tensor(numpy.array([1, 2], dtype=numpy.int32)),
            "numpy_scalar": lib.tensor(numpy.float64(2.5)), "numpy_bool": lib.tensor(numpy.array([True]))}


@case("creation/from_numpy_shares_memory", dtypes=None)
def _from_numpy(lib, rng, dtype):
    a = numpy.arange(6.0).reshape(2, 3)
    t = lib.from_numpy(a)
    a[0, 0] = 100.0
    t[1, 1] = -5.0
    b = numpy.array([1, 2], dtype=numpy.int32)
    s = lib.as_tensor(b)
    b[0] = 9
    c = numpy.array([1.0, 2.0])
    copied = lib.as_tensor(c, dtype=lib.float32)
    c[0] = 7.0
    return {"t": t, "numpy_sees_write": float(a[1, 1]), "as_tensor_shares": s, "as_tensor_cast_copies": copied,
            "f32": lib.from_numpy(numpy.ones(2, dtype=numpy.float32)), "u8": lib.from_numpy(numpy.ones(2, numpy.uint8)),
            "tensor_copies": lib.tensor(c)}


@case("creation/filled", dtypes=None)
def _filled(lib, rng, dtype):
    ref = lib.tensor([[1, 2, 3]], dtype=lib.int32)
    return {"zeros": lib.zeros(2, 3), "zeros_tuple": lib.zeros((2, 3)), "zeros_list": lib.zeros([4]),
            "ones": lib.ones(3, dtype=lib.int64), "ones_size": lib.ones(lib.Size([2, 2])), "empty_shape":
            tuple(lib.empty(2, 5).shape), "empty_dtype": str(lib.empty(3, dtype=lib.float64).dtype),
            "full_int": lib.full((2,), 7), "full_float": lib.full((2, 2), 1.5), "full_bool": lib.full((3,), True),
            "full_dtype": lib.full([2], 3, dtype=lib.float64), "zeros_like": lib.zeros_like(ref),
            "ones_like": lib.ones_like(ref, dtype=lib.float32), "full_like": lib.full_like(ref, 4.7),
            "full_like_float": lib.full_like(ref.float(), 4.7), "empty_like": tuple(lib.empty_like(ref).shape),
            "zeros_0dim": lib.zeros(()), "ones_empty": lib.ones(0, 3), "zeros_rg": lib.zeros(2, requires_grad=True),
            "new_zeros": ref.new_zeros(2), "new_ones": ref.new_ones((1, 2)), "new_full": ref.new_full((2,), 5),
            "new_tensor": ref.new_tensor([1.5]), "scalar_tensor": lib.scalar_tensor(3),
            "empty_like_dtype": str(lib.empty_like(ref).dtype)}


RANGES = {  # name: function of lib
    "arange_int": lambda lib: lib.arange(5), "arange_start_end": lambda lib: lib.arange(2, 9, 3),
    "arange_float_step": lambda lib: lib.arange(0, 1, 0.1), "arange_float_end": lambda lib: lib.arange(4.5),
    "arange_negative_step": lambda lib: lib.arange(5, -3, -2), "arange_dtype": lambda lib: lib.arange(4, dtype=lib.float64),
    "arange_float_negative": lambda lib: lib.arange(1.0, -1.0, -0.25), "arange_empty": lambda lib: lib.arange(3, 3),
    "arange_tensor_end": lambda lib: lib.arange(lib.tensor(4)),
    "linspace": lambda lib: lib.linspace(0, 1, 5), "linspace_one": lambda lib: lib.linspace(2, 3, 1),
    "linspace_zero": lambda lib: lib.linspace(2, 3, 0), "linspace_dtype": lambda lib: lib.linspace(-1, 1, 7, dtype=lib.float64),
    "linspace_reverse": lambda lib: lib.linspace(3, -2, 6), "logspace": lambda lib: lib.logspace(0, 2, 3),
    "logspace_base2": lambda lib: lib.logspace(0, 4, 5, base=2), "eye": lambda lib: lib.eye(3),
    "eye_rect": lambda lib: lib.eye(2, 4), "eye_dtype": lambda lib: lib.eye(3, dtype=lib.int64),
    "eye_zero": lambda lib: lib.eye(0),
}


def _range_case(name, fn):
    @case("creation/" + name, dtypes=None)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}


for _name, _fn in RANGES.items():
    _range_case(_name, _fn)


SAMPLERS = {  # name: function of lib; values differ between the libraries, so only shape and dtype are compared
    "rand": lambda lib: lib.rand(2, 3), "rand_tuple": lambda lib: lib.rand((4,)),
    "rand_dtype": lambda lib: lib.rand(2, dtype=lib.float64), "randn": lambda lib: lib.randn(3, 1, 2),
    "randn_0dim": lambda lib: lib.randn(()), "randint": lambda lib: lib.randint(0, 10, (3, 4)),
    "randint_high_only": lambda lib: lib.randint(5, (2,)), "randint_dtype": lambda lib: lib.randint(3, 9, (2,), dtype=lib.int32),
    "randperm": lambda lib: lib.randperm(7), "normal_numbers": lambda lib: lib.normal(2.0, 3.0, (2, 3)),
    "normal_tensor_mean": lambda lib: lib.normal(lib.zeros(4, dtype=lib.float64), 1.0),
    "normal_tensor_both": lambda lib: lib.normal(lib.zeros(2, 3), lib.ones(2, 3)),
    "rand_like": lambda lib: lib.rand_like(lib.zeros(2, 2, dtype=lib.float64)),
    "randn_like": lambda lib: lib.randn_like(lib.zeros(3)), "randint_like": lambda lib: lib.randint_like(lib.zeros(3), 5),
    "bernoulli": lambda lib: lib.bernoulli(lib.full((3,), 0.5)), "multinomial": lambda lib: lib.multinomial(lib.ones(2, 4), 3),
    "rand_requires_grad": lambda lib: lib.rand(2, requires_grad=True),
    "uniform_": lambda lib: lib.zeros(3, 2).uniform_(-1, 1), "normal_": lambda lib: lib.zeros(2, dtype=lib.float64).normal_(),
}


def _sampler_case(name, fn):
    @case("creation/random/" + name, dtypes=None)
    def body(lib, rng, dtype):
        out = fn(lib)
        return {"shape": tuple(out.shape), "dtype": str(out.dtype), "requires_grad": out.requires_grad}


for _name, _fn in SAMPLERS.items():
    _sampler_case(_name, _fn)


@case("creation/random/ranges_hold", dtypes=None)
def _random_ranges(lib, rng, dtype):
    """Properties every draw has in both libraries (the values themselves differ)."""
    lib.manual_seed(0)
    u = lib.rand(1000)
    r = lib.randint(3, 7, (1000,))
    p = lib.randperm(50)
    b = lib.bernoulli(lib.full((1000,), 0.3))
    return {"rand_in_01": bool(((u >= 0) & (u < 1)).all()), "randint_in_range": bool(((r >= 3) & (r < 7)).all()),
            "randint_hits_ends": bool((r == 3).any() and (r == 6).any()), "randperm_sum": p.sum(),
            "bernoulli_binary": bool(((b == 0) | (b == 1)).all()), "bernoulli_dtype": str(b.dtype)}


@case("creation/random/manual_seed_repeats", dtypes=None)
def _manual_seed(lib, rng, dtype):
    lib.manual_seed(123)
    a, ai = lib.randn(5), lib.randint(0, 100, (5,))
    lib.manual_seed(123)
    b, bi = lib.randn(5), lib.randint(0, 100, (5,))
    g = lib.Generator().manual_seed(7)
    c = lib.rand(3, generator=g)
    g.manual_seed(7)
    d = lib.rand(3, generator=g)
    state = lib.get_rng_state()
    e = lib.rand(4)
    lib.set_rng_state(state)
    f = lib.rand(4)
    return {"randn_equal": bool((a == b).all()), "randint_equal": bool((ai == bi).all()),
            "generator_equal": bool((c == d).all()), "state_restores": bool((e == f).all()),
            "differs_unseeded": bool((lib.randn(5) != a).any()), "initial_seed": lib.initial_seed()}


ERRORS = {
    "ragged": lambda lib: lib.tensor([[1, 2], [3]]),
    "negative_size": lambda lib: lib.zeros(-1),
    "arange_zero_step": lambda lib: lib.arange(0, 3, 0),
    "arange_wrong_sign": lambda lib: lib.arange(0, 3, -1),
    "linspace_negative": lambda lib: lib.linspace(0, 1, -1),
    "randint_empty_range": lambda lib: lib.randint(5, 5, (2,)),
    "from_numpy_list": lambda lib: lib.from_numpy([1, 2]),
    "tensor_none": lambda lib: lib.tensor([None]),
    "tensor_str": lambda lib: lib.tensor("a"),
    "overflow": lambda lib: lib.tensor(2 ** 64),
    "overflow_int8": lambda lib: lib.tensor([255], dtype=lib.int8),
    "overflow_uint8": lambda lib: lib.tensor([-1, 300], dtype=lib.uint8),
    "overflow_float_to_int32": lambda lib: lib.tensor([1e10], dtype=lib.int32),
    "randn_int_dtype": lambda lib: lib.randn(2, dtype=lib.int64),
    "normal_int_dtype": lambda lib: lib.normal(0.0, 1.0, (2,), dtype=lib.int64),
    "rand_int_dtype": lambda lib: lib.rand(2, dtype=lib.int64),
    "randn_requires_grad_int": lambda lib: lib.zeros(2, dtype=lib.int64, requires_grad=True),
    "normal_negative_std": lambda lib: lib.normal(0.0, -1.0, (2,)),
    "full_bad_size": lambda lib: lib.full((2, -1), 1.0),
}


def _error_case(name, fn):
    @case("creation_error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}


for _name, _fn in ERRORS.items():
    _error_case(_name, _fn)
