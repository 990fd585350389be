"""Parity cases for torch.signal.windows: every window, symmetric and periodic, at lengths 0, 1, 2, 7, 8 and 64 in
float64, float32 and the default dtype; each window's own parameters (a, alpha, beta, std, tau, center) at several
values; requires_grad (a non-leaf with a grad_fn, leaves for the windows torch returns directly) and a gradient
flowing through the window; the argument forms torch takes; and torch's errors for bad input."""
import numpy

from .helpers import grads_of, leaf
from .registry import case

WINDOWS = ("bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming",
           "hamming", "hann", "kaiser", "nuttall")
LENGTHS = (0, 1, 2, 7, 8, 64)
REQUIRED = {"general_cosine": {"a": [0.46, 0.23, 0.31]}}  # general_cosine has no default coefficients


def _window(lib, name, *args, **kwargs):
    """lib.signal.windows.<name>(*args, **kwargs), with the keywords a window requires."""
    return getattr(lib.signal.windows, name)(*args, **{**REQUIRED.get(name, {}), **kwargs})


def _lengths_case(name, sym):
    @case("signal/%s/%s" % (name, "symmetric" if sym else "periodic"))
    def body(lib, rng, dtype):
        return {"M%d" % M: _window(lib, name, M, sym=sym, dtype=dtype) for M in LENGTHS}
    return body


for _name in WINDOWS:
    for _sym in (True, False):
        _lengths_case(_name, _sym)


@case("signal/default_dtype", dtypes=None)
def _default_dtype(lib, rng, dtype):
    """No dtype: the default dtype, read at call time (float64 after set_default_dtype)."""
    out = {name: _window(lib, name, 7) for name in WINDOWS}
    previous = lib.get_default_dtype()
    lib.set_default_dtype(lib.float64)
    try:
        out.update({name + "/float64": _window(lib, name, 8, sym=False) for name in WINDOWS})
    finally:
        lib.set_default_dtype(previous)
    return out


PARAMETERS = {  # name -> {label: keywords}
    "exponential": {"tau_half": {"tau": 0.5}, "tau_3": {"tau": 3.0}, "tau_100": {"tau": 100}, "tau_int": {"tau": 2},
                    "tau_inf": {"tau": float("inf")}, "center_0": {"center": 0.0, "sym": False},
                    "center_2_5": {"center": 2.5, "sym": False}, "center_beyond": {"center": 10, "sym": False},
                    "center_negative": {"center": -1.5, "sym": False, "tau": 0.7},
                    "center_sym_falsy": {"center": 1, "sym": None}},
    "gaussian": {"std_0_3": {"std": 0.3}, "std_2_5": {"std": 2.5}, "std_int": {"std": 3}, "std_huge": {"std": 1e3},
                 "std_inf": {"std": float("inf")}, "std_periodic": {"std": 0.9, "sym": False}},
    "kaiser": {"beta_0": {"beta": 0.0}, "beta_half": {"beta": 0.5}, "beta_5": {"beta": 5.0}, "beta_int": {"beta": 5},
               "beta_bool": {"beta": True}, "beta_30": {"beta": 30.0}, "beta_periodic": {"beta": 8.6, "sym": False},
               "beta_huge": {"beta": 1e3},  # I0 overflows: 0 at the ends, NaN inside
               "beta_nan": {"beta": float("nan")}},
    "general_cosine": {"one_term": {"a": [1.0]}, "two_terms": {"a": [0.5, 0.5]}, "tuple": {"a": (0.42, 0.5, 0.08)},
                       "ints": {"a": [1, 0]}, "bools": {"a": [True, False]},
                       "five_terms": {"a": [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368]},
                       "negative": {"a": [-0.3, 0.7, -0.2]}, "periodic": {"a": [0.3, 0.4, 0.3], "sym": False}},
    "general_hamming": {"alpha_half": {"alpha": 0.5}, "alpha_0_8": {"alpha": 0.8}, "alpha_int_1": {"alpha": 1},
                        "alpha_0": {"alpha": 0}, "alpha_negative": {"alpha": -0.25},
                        "alpha_periodic": {"alpha": 0.6, "sym": False}},
}


def _parameters_case(name, settings):
    @case("signal/%s/parameters" % name)
    def body(lib, rng, dtype):
        return {"%s/M%d" % (label, M): _window(lib, name, M, dtype=dtype, **kwargs)
                for label, kwargs in settings.items() for M in (1, 2, 7, 8)}
    return body


for _name, _settings in PARAMETERS.items():
    _parameters_case(_name, _settings)


@case("signal/general_cosine/generator", dtypes=None)
def _generator(lib, rng, dtype):
    """The coefficients as any iterable: a generator, and (for M <= 1, never read) an empty list."""
    windows = lib.signal.windows
    return {"generator": windows.general_cosine(6, a=(x for x in [0.5, 0.3, 0.2])),
            "empty_for_M1": windows.general_cosine(1, a=[]), "empty_for_M0": windows.general_cosine(0, a=[])}


@case("signal/arguments", dtypes=None)
def _arguments(lib, rng, dtype):
    """The forms torch takes: a NumPy or 0-d tensor M, M=True where torch returns [1.] without a linspace, sym by
    truth value (None and "" periodic, 1 symmetric), device as a string or device object, layout left out."""
    windows = lib.signal.windows
    return {"numpy_M": windows.hann(numpy.int64(6)), "numpy_M_kaiser": windows.kaiser(numpy.int32(5)),
            "tensor_M": windows.bartlett(lib.tensor(5)), "tensor_M_cosine": windows.cosine(lib.tensor(6)),
            "tensor_M_kaiser": windows.kaiser(lib.tensor(7), beta=4.0),
            "tensor_M_gaussian": windows.gaussian(lib.tensor(6), sym=False),
            "tensor_M_float64": windows.hann(lib.tensor(5), dtype=lib.float64),  # a float32 step: 7.7e-15 at the end
            "tensor_M_float64_exponential": windows.exponential(lib.tensor(6), tau=0.3, dtype=lib.float64),
            "bool_M": windows.bartlett(True), "bool_M_kaiser": windows.kaiser(True),
            "bool_M_general_cosine": windows.general_cosine(True, a=[0.5]), "bool_M_hann": windows.hann(False),
            "sym_none": windows.hann(5, sym=None), "sym_empty_str": windows.blackman(5, sym=""),
            "sym_int": windows.nuttall(5, sym=1), "sym_zero": windows.cosine(5, sym=0),
            "device_str": windows.gaussian(6, device="cpu", dtype=lib.float64),
            "device_object": windows.exponential(6, device=lib.device("cpu")),
            "requires_grad_none": windows.cosine(0, requires_grad=None)}


def _hidden_leaf(window):
    """The leaf a window is computed from (torch's linspace of its angles or positions), found in its graph."""
    nodes = [window.grad_fn]
    while nodes:
        node = nodes.pop()
        if hasattr(node, "variable") and tuple(node.variable.shape) == tuple(window.shape):
            return node.variable
        nodes.extend(child for child, _ in node.next_functions if child is not None)
    raise AssertionError("no leaf of the window's shape in its graph")


def _requires_grad_case(name, sym):
    @case("signal/%s/requires_grad/%s" % (name, "symmetric" if sym else "periodic"))
    def body(lib, rng, dtype):
        """A non-leaf with a grad_fn, the gradient flowing into it, past it and back to its hidden leaf (a
        linspace), and the leaves torch returns directly at lengths 0 and 1."""
        w = _window(lib, name, 8, sym=sym, dtype=dtype, requires_grad=True)
        x = leaf(lib, rng.standard_normal(8), dtype)
        out = grads_of(lib, rng, (w * x).sin(), [w, x], ["grad_window", "grad_x"])
        # new windows, as w's graph is spent; bartlett's 7 points put |k|'s kink in the middle, where torch's
        # linspace gives 5.6e-17 and minitorch's 0 (so a gradient of -1 against 0): only 8 points for it
        for M in (8,) if name == "bartlett" else (7, 8):
            again = _window(lib, name, M, sym=sym, dtype=dtype, requires_grad=True)
            out["grad_linspace/M%d" % M] = grads_of(lib, rng, again, [_hidden_leaf(again)])["grad_0"]
        out.update({"is_leaf": w.is_leaf, "requires_grad": w.requires_grad, "has_grad_fn": w.grad_fn is not None})
        for M in (0, 1):
            short = _window(lib, name, M, sym=sym, dtype=dtype, requires_grad=True)
            out.update({"M%d" % M: short, "M%d/is_leaf" % M: short.is_leaf,
                        "M%d/requires_grad" % M: short.requires_grad, "M%d/has_grad_fn" % M: short.grad_fn is not None})
        return out
    return body


for _name in WINDOWS:
    for _sym in (True, False):
        _requires_grad_case(_name, _sym)


def _error_case(name, fn):
    @case("signal/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


COMMON_ERRORS = {  # label -> (args, keywords), run for every window
    "negative_M": ((-1,), {}), "negative_M_float64": ((-3,), {"sym": False, "dtype": "float64"}),
    "negative_M_bad_dtype": ((-1,), {"dtype": "int64"}), "int64": ((4,), {"dtype": "int64"}),
    "int64_M0": ((0,), {"dtype": "int64"}), "float16": ((4,), {"dtype": "float16"}),
    "bool_dtype": ((4,), {"dtype": "bool"}), "python_float_dtype": ((4,), {"dtype": float}),
    "str_dtype": ((4,), {"dtype": "float32"}), "layout": ((4,), {"layout": "sparse_coo"}),
    "float_M": ((2.5,), {}), "float_M_integral": ((4.0,), {}), "str_M": (("4",), {}), "none_M": ((None,), {}),
    "float_tensor_M": (("tensor(4.0)",), {}), "int_requires_grad": ((4,), {"requires_grad": 1}),
    "int_requires_grad_M0": ((0,), {"requires_grad": 1}), "positional_sym": ((4, True), {}),
    "unknown_keyword": ((4,), {"periodic": True}), "no_M": ((), {}),
}


def _resolve(lib, value):
    """A dtype named by a string ('int64') as lib's dtype, 'tensor(4.0)' as lib's tensor; other values as given."""
    if value == "tensor(4.0)":
        return lib.tensor(4.0)
    if isinstance(value, str) and value in ("float64", "int64", "float16", "bool"):
        return getattr(lib, value)
    return value


def _common_error(name, args, kwargs):
    return lambda lib: _window(lib, name, *[_resolve(lib, v) for v in args],
                               **{k: _resolve(lib, v) for k, v in kwargs.items()})


for _name in WINDOWS:
    for _label, (_args, _kwargs) in COMMON_ERRORS.items():
        _error_case("%s/%s" % (_name, _label), _common_error(_name, _args, _kwargs))
for _name in ("cosine", "exponential", "gaussian"):  # these build M = 1 with a linspace, which refuses a bool
    _error_case(_name + "/bool_M", lambda lib, n=_name: _window(lib, n, True))

SPECIFIC_ERRORS = {
    "exponential/tau_zero": lambda w: w.exponential(5, tau=0),
    "exponential/tau_negative": lambda w: w.exponential(5, tau=-1.0),
    "exponential/tau_zero_M0": lambda w: w.exponential(0, tau=0.0),
    "exponential/tau_str": lambda w: w.exponential(5, tau="a"),
    "exponential/center_symmetric": lambda w: w.exponential(5, center=1.0),
    "exponential/center_symmetric_M0": lambda w: w.exponential(0, center=0.0, sym=True),
    "exponential/center_str": lambda w: w.exponential(5, center="a", sym=False),
    "exponential/negative_M_before_tau": lambda w: w.exponential(-1, tau=0),
    "gaussian/std_zero": lambda w: w.gaussian(5, std=0),
    "gaussian/std_negative": lambda w: w.gaussian(5, std=-0.5),
    "gaussian/std_zero_M0": lambda w: w.gaussian(0, std=0.0),
    "gaussian/std_none": lambda w: w.gaussian(5, std=None),
    "kaiser/beta_negative": lambda w: w.kaiser(5, beta=-1.0),
    "kaiser/beta_negative_M0": lambda w: w.kaiser(0, beta=-1),
    "kaiser/beta_str": lambda w: w.kaiser(5, beta="a"),
    "general_cosine/no_a": lambda w: w.general_cosine(5),
    "general_cosine/number_a": lambda w: w.general_cosine(5, a=0.5),
    "general_cosine/none_a": lambda w: w.general_cosine(5, a=None),
    "general_cosine/empty_a": lambda w: w.general_cosine(5, a=[]),
    "general_cosine/empty_tuple_a": lambda w: w.general_cosine(2, a=(), sym=False),
    "general_cosine/none_item_a": lambda w: w.general_cosine(5, a=[0.5, None]),
    "general_cosine/positional_a": lambda w: w.general_cosine(5, [0.5, 0.5]),
    "general_hamming/str_alpha": lambda w: w.general_hamming(5, alpha="a"),
    "general_hamming/none_alpha": lambda w: w.general_hamming(5, alpha=None),
    "hamming/alpha": lambda w: w.hamming(5, alpha=0.5),
    "hann/alpha": lambda w: w.hann(5, alpha=0.5),
    "blackman/a": lambda w: w.blackman(5, a=[0.5]),
    "bartlett/beta": lambda w: w.bartlett(5, beta=1.0),
}
for _label, _fn in SPECIFIC_ERRORS.items():
    _error_case(_label, lambda lib, fn=_fn: fn(lib.signal.windows))
