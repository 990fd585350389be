"""Parity cases for the window functions (hann, hamming, blackman, bartlett, kaiser): values and dtypes for both
forms (periodic and symmetric) at lengths 0, 1, 2, 7, 8 and 64, their parameters (alpha, beta), the default dtype,
requires_grad, the argument forms torch takes, and torch's errors for bad input."""
import numpy

from .helpers import grads_of, leaf
from .registry import case

WINDOWS = ("hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window")
LENGTHS = (0, 1, 2, 7, 8, 64)
DTYPES = ("float64", "float32", "float16")


def _lengths_case(name, periodic):
    @case("windows/%s/%s" % (name, "periodic" if periodic else "symmetric"), dtypes=DTYPES)
    def body(lib, rng, dtype):
        window = getattr(lib, name)
        return {"n%d" % n: window(n, periodic, dtype=dtype) for n in LENGTHS}
    return body


for _name in WINDOWS:
    for _periodic in (True, False):
        _lengths_case(_name, _periodic)


@case("windows/default_dtype", dtypes=None)
def _default_dtype(lib, rng, dtype):
    """No dtype: the default dtype, read at call time (float64 after set_default_dtype)."""
    out = {name: getattr(lib, name)(7) for name in WINDOWS}
    previous = lib.get_default_dtype()
    lib.set_default_dtype(lib.float64)
    try:
        out.update({name + "/float64": getattr(lib, name)(7, False) for name in WINDOWS})
    finally:
        lib.set_default_dtype(previous)
    return out


@case("windows/parameters", dtypes=("float64", "float32"))
def _parameters(lib, rng, dtype):
    """hamming's alpha and beta and kaiser's beta, by position and keyword, as ints, bools and 0-d tensors."""
    return {"hamming_alpha": lib.hamming_window(8, True, 0.6, dtype=dtype),
            "hamming_alpha_beta": lib.hamming_window(7, False, 0.3, 0.2, dtype=dtype),
            "hamming_keywords": lib.hamming_window(8, periodic=False, alpha=0.5, beta=0.5, dtype=dtype),
            "hamming_int_alpha": lib.hamming_window(7, True, 1, dtype=dtype),
            "hamming_tensor_alpha": lib.hamming_window(7, True, lib.tensor(0.5), dtype=dtype),
            "hann_is_hamming_half": lib.hamming_window(8, True, 0.5, 0.5, dtype=dtype),
            "kaiser_beta": lib.kaiser_window(8, True, 5.0, dtype=dtype),
            "kaiser_beta_keyword": lib.kaiser_window(7, periodic=False, beta=3.0, dtype=dtype),
            "kaiser_beta_zero": lib.kaiser_window(7, False, 0.0, dtype=dtype),
            "kaiser_beta_negative": lib.kaiser_window(7, True, -2.5, dtype=dtype),
            "kaiser_beta_bool": lib.kaiser_window(5, False, True, dtype=dtype),
            "kaiser_beta_huge": lib.kaiser_window(5, False, 1e3, dtype=dtype),  # I0 overflows: 0 at the ends, NaN
            "kaiser_beta_nan": lib.kaiser_window(3, True, float("nan"), dtype=dtype)}


@case("windows/arguments", dtypes=None)
def _arguments(lib, rng, dtype):
    """The forms torch's binding takes: keywords, a NumPy or 0-d tensor length, device, layout, requires_grad=None."""
    return {"keywords": lib.hann_window(window_length=7, periodic=False),
            "numpy_length": lib.blackman_window(numpy.int64(6)),
            "tensor_length": lib.bartlett_window(lib.tensor(5)),
            "uint8_tensor_length": lib.hann_window(lib.tensor(5, dtype=lib.uint8)),
            "device": lib.kaiser_window(6, dtype=lib.float64, device="cpu"),
            "device_object": lib.hamming_window(6, device=lib.device("cpu")),
            "layout_none": lib.hann_window(4, layout=None),
            "pin_memory_false": lib.bartlett_window(4, pin_memory=False),
            "requires_grad_none": lib.hann_window(4, requires_grad=None)}


def _requires_grad_case(name):
    @case("windows/%s/requires_grad" % name, dtypes=("float64", "float32"))
    def body(lib, rng, dtype):
        """A leaf that requires grad (also at lengths 0 and 1), and a gradient flowing into it."""
        window = getattr(lib, name)
        w = window(8, dtype=dtype, requires_grad=True)
        empty, single = window(0, dtype=dtype, requires_grad=True), window(1, False, dtype=dtype, requires_grad=True)
        x = leaf(lib, rng.standard_normal(8), dtype)
        out = grads_of(lib, rng, (w * x).sin(), [w, x], ["grad_window", "grad_x"])
        out.update({"leaf": w.is_leaf, "requires_grad": w.requires_grad, "no_grad_fn": w.grad_fn is None,
                    "empty": empty, "empty_requires_grad": empty.requires_grad, "single": single,
                    "single_leaf": single.is_leaf and single.requires_grad})
        return out
    return body


for _name in WINDOWS:
    _requires_grad_case(_name)


def _error_case(name, fn):
    @case("windows/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


for _name in WINDOWS:
    _error_case(_name + "/negative_length", lambda lib, n=_name: getattr(lib, n)(-1))
    _error_case(_name + "/negative_length_float64", lambda lib, n=_name: getattr(lib, n)(-3, False, dtype=lib.float64))
    _error_case(_name + "/int64", lambda lib, n=_name: getattr(lib, n)(4, dtype=lib.int64))
    _error_case(_name + "/int32_requires_grad",
                lambda lib, n=_name: getattr(lib, n)(4, True, dtype=lib.int32, requires_grad=True))
    _error_case(_name + "/bool_dtype", lambda lib, n=_name: getattr(lib, n)(4, dtype=lib.bool))
    _error_case(_name + "/int_dtype_zero_length", lambda lib, n=_name: getattr(lib, n)(0, dtype=lib.uint8))
    _error_case(_name + "/float_length", lambda lib, n=_name: getattr(lib, n)(2.5))
    _error_case(_name + "/bool_length", lambda lib, n=_name: getattr(lib, n)(True))
    _error_case(_name + "/str_length", lambda lib, n=_name: getattr(lib, n)("4"))
    _error_case(_name + "/none_length", lambda lib, n=_name: getattr(lib, n)(None))
    _error_case(_name + "/float_tensor_length", lambda lib, n=_name: getattr(lib, n)(lib.tensor(4.0)))
    _error_case(_name + "/1d_tensor_length", lambda lib, n=_name: getattr(lib, n)(lib.tensor([4])))
    _error_case(_name + "/int_periodic", lambda lib, n=_name: getattr(lib, n)(4, 1))
    _error_case(_name + "/none_periodic", lambda lib, n=_name: getattr(lib, n)(4, periodic=None))
    _error_case(_name + "/str_dtype", lambda lib, n=_name: getattr(lib, n)(4, dtype="float32"))
    _error_case(_name + "/int_requires_grad", lambda lib, n=_name: getattr(lib, n)(4, requires_grad=1))
    _error_case(_name + "/pin_memory", lambda lib, n=_name: getattr(lib, n)(4, pin_memory=True))
    _error_case(_name + "/unknown_keyword", lambda lib, n=_name: getattr(lib, n)(4, size=3))
    _error_case(_name + "/no_length", lambda lib, n=_name: getattr(lib, n)())
_error_case("hann_window/three_positional", lambda lib: lib.hann_window(4, True, 0.5))
_error_case("hamming_window/alpha_without_periodic", lambda lib: lib.hamming_window(4, alpha=0.5))
_error_case("hamming_window/beta_without_alpha", lambda lib: lib.hamming_window(4, True, beta=0.5))
_error_case("hamming_window/str_alpha", lambda lib: lib.hamming_window(4, True, "a"))
_error_case("hamming_window/none_beta", lambda lib: lib.hamming_window(4, True, 0.5, None))
_error_case("hamming_window/five_positional", lambda lib: lib.hamming_window(4, True, 0.5, 0.5, 1))
_error_case("kaiser_window/beta_without_periodic", lambda lib: lib.kaiser_window(4, beta=5.0))
_error_case("kaiser_window/str_beta", lambda lib: lib.kaiser_window(4, False, "a"))
