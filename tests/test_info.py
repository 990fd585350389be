"""minitorch.info against torch 2.13: finfo, iinfo, broadcast_shapes, the process-wide switches, typename and the
deprecated range. Each test runs one function with lib = torch and lib = minitorch and compares the results."""
import subprocess
import sys
import warnings

import pytest

from lib_compare import raises_same, same

FLOATS = ["float16", "float32", "float64"]
INTS = ["uint8", "int8", "int16", "int32", "int64"]


def _limits(info, fields):
    return {name: getattr(info, name) for name in fields} | {"repr": repr(info), "str": str(info)}


@pytest.mark.parametrize("name", FLOATS)
def test_finfo(name):
    fields = ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")
    same(lambda L: _limits(L.finfo(getattr(L, name)), fields))
    same(lambda L: _limits(L.finfo(type=getattr(L, name)), fields))


@pytest.mark.parametrize("name", INTS)
def test_iinfo(name):
    same(lambda L: _limits(L.iinfo(getattr(L, name)), ("bits", "max", "min", "dtype")))
    same(lambda L: type(L.iinfo(getattr(L, name)).max).__name__)


def test_finfo_default_follows_default_dtype():
    def default_then_double(L):
        before = repr(L.finfo())
        L.set_default_dtype(L.float64)
        try:
            return before, repr(L.finfo()), L.finfo() == L.finfo(L.float64)
        finally:
            L.set_default_dtype(L.float32)
    same(default_then_double)


def test_equality_and_hash():
    same(lambda L: [L.finfo(L.float32) == L.finfo(L.float32), L.finfo(L.float32) == L.finfo(L.float64),
                    L.finfo(L.float32) != L.finfo(L.float64), L.iinfo(L.int8) == L.iinfo(L.int8),
                    L.iinfo(L.int8) != L.iinfo(L.int16), L.finfo(L.float32) == 3, L.iinfo(L.int32) == 3,
                    isinstance(L.finfo(L.float16), L.finfo)])
    raises_same(lambda L: hash(L.finfo()))
    raises_same(lambda L: setattr(L.finfo(), "eps", 1.0))
    raises_same(lambda L: setattr(L.iinfo(L.int8), "max", 1))


@pytest.mark.parametrize("call", [
    lambda L: L.finfo(L.int32), lambda L: L.finfo(L.bool), lambda L: L.finfo("float32"), lambda L: L.finfo(1),
    lambda L: L.finfo(None), lambda L: L.finfo(type="a"), lambda L: L.finfo(L.float32, 1),
    lambda L: L.iinfo(L.float32), lambda L: L.iinfo(L.bool), lambda L: L.iinfo(), lambda L: L.iinfo("int32"),
    lambda L: L.iinfo(None), lambda L: L.iinfo(L.int32, type=L.int32), lambda L: L.iinfo(L.int32, L.int32),
], ids=["finfo_int", "finfo_bool", "finfo_str", "finfo_int_value", "finfo_none", "finfo_kw_str", "finfo_two",
        "iinfo_float", "iinfo_bool", "iinfo_missing", "iinfo_str", "iinfo_none", "iinfo_twice", "iinfo_two"])
def test_info_errors(call):
    raises_same(call)


@pytest.mark.parametrize("shapes", [
    [(2, 1), (3,)], [], [2, (3, 1)], [[1, 4], (2, 1)], [(0, 1), (3,)], [(1,), (0,)], [()], [(3,), None], [None],
    [(1, 1, 1), (2,), (3, 1)], [(5, 0), (1, 1)],
])
def test_broadcast_shapes(shapes):
    same(lambda L: [tuple(L.broadcast_shapes(*shapes)), type(L.broadcast_shapes(*shapes)).__name__])
    same(lambda L: tuple(L.broadcast_shapes(*[L.Size(s) if isinstance(s, tuple) else s for s in shapes])))


@pytest.mark.parametrize("shapes", [
    [(2,), (3,)], [(2, 3), (4, 1, 2)], [(-1,)], [(1,), (-1,)], [(2,), (-1,)], [1.5], [(0,), (3,)],
    [(2,), (3,), (4,)], [(2,), (2,), (4, 3)],
])
def test_broadcast_shapes_errors(shapes):
    raises_same(lambda L: L.broadcast_shapes(*shapes))


# --- process-wide switches ----------------------------------------------------------------------------------------
def test_default_device():
    def round_trip(L):
        seen = [L.get_default_device()]
        for d in ("cpu", L.device("cpu"), None):
            L.set_default_device(d)
            seen.append(L.get_default_device())
        return [repr(d) for d in seen]
    same(round_trip)
    raises_same(lambda L: L.set_default_device(3))


def test_default_device_cuda_unavailable():
    def set_cuda(L):
        L.set_default_device("cuda")
        try:
            L.get_default_device()
        finally:
            L.set_default_device(None)
    raises_same(set_cuda)


def test_matmul_precision():
    def cycle(L):
        seen = [L.get_float32_matmul_precision()]
        for p in ("high", "medium", "highest"):
            L.set_float32_matmul_precision(p)
            seen.append(L.get_float32_matmul_precision())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            L.set_float32_matmul_precision("low")
        return seen + [L.get_float32_matmul_precision(), [str(w.message).split(" (Triggered")[0] for w in caught]]
    same(cycle)
    raises_same(lambda L: L.set_float32_matmul_precision(3))
    raises_same(lambda L: L.set_float32_matmul_precision(None))


def test_flush_denormal_and_warn_always():
    def switches(L):
        seen = [L.set_flush_denormal(True), L.set_flush_denormal(False), L.is_warn_always_enabled()]
        L.set_warn_always(True)
        seen.append(L.is_warn_always_enabled())
        L.set_warn_always(False)
        return seen + [L.is_warn_always_enabled()]
    same(switches)
    for bad in (1, "a", None):
        raises_same(lambda L: L.set_flush_denormal(bad))
        raises_same(lambda L: L.set_warn_always(bad))


def test_interop_threads():
    same(lambda L: [L.get_num_interop_threads(), L.init_num_threads()])
    raises_same(lambda L: L.set_num_interop_threads(0))
    raises_same(lambda L: L.set_num_interop_threads("a"))


@pytest.mark.parametrize("lib", ["torch", "minitorch"])
def test_interop_threads_set_once(lib):
    """Both libraries in a fresh process: the first set sticks, a second one raises torch's error."""
    code = ("import %s as L\nL.set_num_interop_threads(3)\nprint(L.get_num_interop_threads())\n"
            "try:\n    L.set_num_interop_threads(2)\nexcept RuntimeError as e:\n    print(e)\n" % lib)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == ("3\nError: cannot set number of interop threads after parallel work has started or "
                   "set_num_interop_threads called\n")


def test_deterministic_debug_mode():
    def modes(L):
        seen = [L.get_deterministic_debug_mode()]
        try:
            for mode in ("warn", "error", "default", 1, 2, 0, True, False):
                L.set_deterministic_debug_mode(mode)
                seen.append((L.get_deterministic_debug_mode(), L.are_deterministic_algorithms_enabled(),
                             L.is_deterministic_algorithms_warn_only_enabled()))
            L.use_deterministic_algorithms(True, warn_only=True)
            seen.append(L.get_deterministic_debug_mode())
            L.use_deterministic_algorithms(True)
            seen.append(L.get_deterministic_debug_mode())
        finally:
            L.use_deterministic_algorithms(False)
        return seen + [L.get_deterministic_debug_mode()]
    same(modes)
    for bad in (3, -1, "x", None, 1.0):
        raises_same(lambda L: L.set_deterministic_debug_mode(bad))


class _Plain:
    pass


def test_typename():
    same(lambda L: [L.typename(v) for v in (L.zeros(2), L.zeros(2, dtype=L.int64), L.zeros(1, dtype=L.bool),
                                               L.zeros(2, dtype=L.float64).requires_grad_(), 3, "s", None, int, _Plain,
                                               _Plain(), test_typename, [1])])
    same(lambda L: [L.typename(v).replace("minitorch", "torch") for v in (L.nn.Linear(1, 1), L.float32)][:1])
    raises_same(lambda L: L.typename(obj=3))


def test_compiled_with_cxx11_abi():
    same(lambda L: L.compiled_with_cxx11_abi())


def _range(L, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = L.range(*args, **kwargs)
    return result, [(w.category.__name__, str(w.message)) for w in caught]


@pytest.mark.parametrize("args, kwargs", [
    ((0, 3), {}), ((1, 4, 0.5), {}), ((0, 3), {"dtype": "int64"}), ((3, 0, -1), {}), ((0.0, 1.0, 0.1), {}),
    ((1, 1), {}), ((0, 1, 0.3), {"dtype": "float64"}), ((0, 6, 2.5), {"dtype": "int64"}), ((-2, 2), {"dtype": "int32"}),
    ((), {"start": 1, "end": 3}), ((0.5, 2.7), {"dtype": "float16"}), ((0, 10, 3), {}),
])
def test_range(args, kwargs):
    same(lambda L: _range(L, *args, **{k: getattr(L, v) if k == "dtype" else v for k, v in kwargs.items()}))


def test_range_tensor_bounds_requires_grad_and_default_dtype():
    same(lambda L: _range(L, L.tensor(0), 3))
    same(lambda L: [_range(L, 0, 1, 0.3, requires_grad=True)[0].requires_grad])

    def double_default(L):
        L.set_default_dtype(L.float64)
        try:
            return _range(L, 0, 1, 0.25)
        finally:
            L.set_default_dtype(L.float32)
    same(double_default)


@pytest.mark.parametrize("call", [
    lambda L: L.range(3), lambda L: L.range(3, 0), lambda L: L.range(0, 3, 0), lambda L: L.range(0, 2, dtype=L.bool),
    lambda L: L.range("a", 3), lambda L: L.range(0, float("inf")),
], ids=["missing_end", "wrong_sign", "zero_step", "bool", "str", "inf"])
def test_range_errors(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raises_same(call)
