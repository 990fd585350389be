"""A parity sweep of minitorch against torch's own OpInfo database (torch.testing._internal).

For every OpInfo with a minitorch counterpart and each dtype of DTYPES the op supports, the first samples of
``op.sample_inputs``, then the first of ``op.reference_inputs`` that are not sample inputs (then ``op.error_inputs``)
are copied into minitorch tensors (same values, dtype, shape and
strides), the op is called the same way in both libraries, and the outputs (values, dtypes, shapes), the exception
class torch raises and the gradients of every input (backward with the same random grad_output) are compared.
float32 differences are judged by torch run in float64; random results are compared in shape and dtype only.

Run as a script to sweep everything and write /tmp/opinfo/report.md:
    .venv/bin/python tests/opinfo_sweep.py [--samples N] [--ops NAME ...]
"""
import collections
import contextlib
import dataclasses
import functools
import math
import numbers
import re
import signal
import sys
import time
import types
import warnings

import numpy as np
import torch

import minitorch as mt

SAMPLES_PER_DTYPE = 256
VARIANT_SAMPLES_PER_DTYPE = 32  # method and in-place variants mostly repeat the op's code: fewer samples
# op.reference_inputs (torch's larger set: extremal values, broadcasting, noncontiguous...) beyond its sample
# inputs, per op and dtype; not for variants (keeps tests/test_opinfo.py under a minute)
REFERENCE_SAMPLES_PER_DTYPE = 10
REFERENCE_MAX_NUMEL = 4096  # larger reference inputs (torch's "large tensor" cases) only cost time: left out
REFERENCE_SAMPLE_TIMEOUT_S = 4.0  # a reference input of at most REFERENCE_MAX_NUMEL elements: slower is a finding
DTYPES = (torch.float64, torch.float32, torch.int64, torch.bool)
SAMPLE_TIMEOUT_S = 30.0  # per sample; generous for a loaded machine
# torch.testing.assert_close's defaults for float64 and float32; exact for the rest
TOLERANCES = {torch.float64: (1e-7, 1e-7), torch.float32: (1.3e-6, 1e-5), torch.float16: (1e-3, 1e-5),
              torch.complex128: (1e-7, 1e-7), torch.complex64: (1.3e-6, 1e-5)}
GRAD_TOLERANCE_SCALE = 4.0  # gradients go through one more chain of rounding than values
FLOAT32_SLACK = 4.0  # float32 rounding that differs from torch's is no bug unless this much worse (see below)
PRECISION_LIMIT = 100.0  # a float32 result further from float64 torch, but by at most this many tolerances

# ops whose values are random or uninitialised: only shapes, dtypes and requires_grad are compared
UNCOMPARABLE_VALUES = {
    "bernoulli", "normal", "multinomial", "randn", "randn_like", "rand_like", "randint", "randint_like",
    "uniform", "exponential", "cauchy", "geometric", "log_normal", "random",
    "nn.functional.dropout", "nn.functional.dropout2d", "nn.functional.dropout3d", "nn.functional.alpha_dropout",
    "nn.functional.feature_alpha_dropout", "nn.functional.rrelu",
    "empty", "empty_like", "new_empty", "new_empty_strided", "empty_strided", "empty_permuted",
}
RANDOM_PROBE_SEEDS = (987654321, 1, 2, 3, 4, 5, 6, 7)
# ops whose vectors are unique up to sign only: values are compared after the OpInfo's output_process_fn_grad
# (which torch writes to be sign-invariant: |U|, |V|, |eigenvectors|), shapes and dtypes before
SIGN_AMBIGUOUS = {"svd", "linalg.svd", "linalg.eigh"}
# OpInfo variants of those that are deterministic
COMPARABLE_VARIANTS = {("nn.functional.feature_alpha_dropout", "without_train")}

# the kinds of mismatch, most valuable first (the report and the known list use them)
# (signature: a TypeError for a keyword or argument form torch accepts; precision: float32 rounding worse than
# torch's, by at most PRECISION_LIMIT tolerances)
KINDS = ("values", "grad", "grad-missing", "dtype", "shape", "type", "requires_grad", "no-exception",
         "exception-type", "message", "grad-error", "signature", "not-implemented", "error", "timeout", "precision")


class Skip(Exception):
    """A sample that needs a feature this sweep does not compare (complex, sparse, out=, ...)."""


class Mismatch(Exception):
    """minitorch differs from torch; kind is one of KINDS."""

    def __init__(self, kind, message):
        super().__init__("%s: %s" % (kind, message))
        self.kind = kind
        self.message = message


class Timeout(BaseException):
    """A sample that ran longer than SAMPLE_TIMEOUT_S (BaseException: no op's except clause swallows it)."""


@dataclasses.dataclass
class Outcome:
    op_key: str
    dtype: str
    index: int  # the sample's position in op.sample_inputs, -1 for the whole dtype
    status: str  # "pass", "mismatch" or "skip"
    kind: str = ""
    message: str = ""


# --- op database and naming ----------------------------------------------------------------------------------------
def load_op_db():
    """torch's OpInfo list (imports expecttest, like torch's own test suite)."""
    from torch.testing._internal.common_methods_invocations import op_db
    thaw_backend_flags()
    return op_db


def thaw_backend_flags():
    """Undo the disable_global_flags() that importing torch's test utilities runs, so that tests setting
    torch.backends.cudnn flags as ordinary scripts do still pass in the same process."""
    torch.backends.flags_frozen.__globals__["__allow_nonbracketed_mutation_flag"] = True


def op_key(op):
    """The name of an OpInfo with its variant, and how it is called if not as the OpInfo's op:
    'max/reduction_with_dim', 'add#method' (x.add(...)), 'add#inplace' (x.add_(...))."""
    if isinstance(op, Variant):
        return op_key(op.opinfo) + "#" + op.call
    return op.name + ("/" + op.variant_test_name if op.variant_test_name else "")


class Variant:
    """An OpInfo called as a Tensor method ('method') or an in-place method ('inplace'): op is that torch callable,
    name the in-place name (so the written input is compared too); no error inputs, no reference inputs, and
    gradients only for in-place variants that torch differentiates (through a clone of the written input)."""
    error_inputs_func = None
    reference_inputs_func = None

    def __init__(self, opinfo, call, torch_callable):
        self.opinfo, self.call, self.op = opinfo, call, torch_callable
        self.name = opinfo.name
        if call == "inplace" and isinstance(getattr(torch_callable, "__name__", None), str) \
                and not _is_lambda(torch_callable):
            self.name = torch_callable.__name__
        inplace_autograd = opinfo.supports_inplace_autograd
        self.supports_autograd = call == "inplace" and opinfo.supports_autograd and \
            (inplace_autograd is None or inplace_autograd)

    def __getattr__(self, attr):
        return getattr(self.opinfo, attr)


def _resolve(root, dotted):
    obj = root
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def _minitorch_module(module):
    """minitorch's counterpart of a torch module (torch.nn.functional -> minitorch.nn.functional), or None."""
    name = getattr(module, "__name__", "")
    if name == "torch":
        return mt
    if name.startswith("torch."):
        return _resolve(mt, name[len("torch."):])
    return None


_MINITORCH_GLOBALS = {}  # id(a module's globals) -> a copy with its torch modules replaced by minitorch's


def _minitorch_globals(g):
    if id(g) not in _MINITORCH_GLOBALS:
        copy = dict(g)
        for name, value in g.items():
            if isinstance(value, types.ModuleType) and _minitorch_module(value) is not None:
                copy[name] = _minitorch_module(value)
        _MINITORCH_GLOBALS[id(g)] = copy
    return _MINITORCH_GLOBALS[id(g)]


def _rebind_to_minitorch(fn):
    """fn (a lambda of torch's OpInfo files) with the torch modules it reaches replaced by minitorch's."""
    closure = fn.__closure__
    if closure:
        closure = tuple(types.CellType(_to_minitorch_object(c.cell_contents)) for c in closure)
    return types.FunctionType(fn.__code__, _minitorch_globals(fn.__globals__), fn.__name__, fn.__defaults__,
                              closure)


def _to_minitorch_object(value):
    """A closure value of a lambda: torch modules and functions become minitorch's, the rest is kept."""
    if isinstance(value, types.ModuleType):
        return _minitorch_module(value) or value
    if isinstance(value, types.FunctionType) and value.__name__ == "<lambda>":
        return _rebind_to_minitorch(value)
    name = getattr(value, "__name__", None)
    if name and callable(value) and value is getattr(torch, name, None):
        return getattr(mt, name, value)
    return value


def _is_lambda(fn):
    return isinstance(fn, types.FunctionType) and fn.__name__ == "<lambda>"


def minitorch_callable(op):
    """How to call op in minitorch, or None: the function or Tensor method of the same name; a lambda of the
    OpInfo file is re-run with minitorch in place of torch."""
    function = _resolve(mt, op.name)
    method = getattr(mt.Tensor, op.name, None) if "." not in op.name else None
    method = method if callable(method) else None  # Tensor.real is a property, no counterpart of torch.real()
    if function is None and method is None:
        return None
    if _is_lambda(op.op):
        return _rebind_to_minitorch(op.op)
    if op.op is getattr(torch.Tensor, op.name, None) and method is not None:
        return method
    return function if function is not None else method


def sweepable_ops(op_db=None, variants=True):
    """(op, minitorch callable) for every OpInfo with a minitorch counterpart (and, with variants, for its
    method and in-place variants that minitorch has), and the keys of the OpInfos without one."""
    found, missing = [], []
    for op in op_db if op_db is not None else load_op_db():
        fn = minitorch_callable(op)
        if fn is None:
            missing.append(op_key(op))
            continue
        found.append((op, fn))
        for variant, variant_fn in _variants(op) if variants else ():
            if variant_fn is None:
                missing.append(op_key(variant))
            else:
                found.append((variant, variant_fn))
    return found, missing


def _writes_input(op):
    """op works in place (zero_, or an in-place variant)."""
    return op.name.endswith("_") or isinstance(op, Variant) and op.call == "inplace"


def _variants(op):
    """The Tensor-method and in-place variants of op (the method only where it is not op itself)."""
    if op.method_variant is not None and op.method_variant is not op.op:
        yield _variant(op, "method", op.method_variant)
    if op.inplace_variant is not None:
        yield _variant(op, "inplace", op.inplace_variant)


def _variant(op, call, torch_callable):
    """(Variant, minitorch's counterpart or None): the Tensor attribute of the same name, or a rebound lambda."""
    variant = Variant(op, call, torch_callable)
    if _is_lambda(torch_callable):
        return variant, _rebind_to_minitorch(torch_callable)
    if isinstance(torch_callable, functools.partial):  # e.g. partial(F.mish, inplace=True)
        fn = _minitorch_function(torch_callable.func)
        return variant, fn and functools.partial(fn, *torch_callable.args, **torch_callable.keywords)
    return variant, getattr(mt.Tensor, getattr(torch_callable, "__name__", ""), None)


def _minitorch_function(fn):
    """minitorch's function of the same module and name as a torch function, or None."""
    module = _minitorch_module(sys.modules.get(getattr(fn, "__module__", None) or ""))
    return getattr(module, fn.__name__, None) if module is not None else None


def sweep_dtypes(op):
    """The dtypes of DTYPES the op supports on CPU."""
    supported = op.supported_dtypes("cpu")
    return [d for d in DTYPES if d in supported]


# --- torch -> minitorch conversion -------------------------------------------------------------------------------
def _minitorch_dtype(dtype):
    name = str(dtype).split(".")[-1]
    if dtype.is_complex:
        raise Skip("complex dtype argument")
    m = getattr(mt, name, None)
    if m is None:
        raise Skip("minitorch has no dtype %s" % name)
    return m


def _strided_copy(t):
    """A minitorch leaf with t's values, dtype, shape and strides (over a copy of t's storage)."""
    if t.is_complex():
        raise Skip("complex tensor")
    if t.layout != torch.strided:
        raise Skip("sparse tensor (%s)" % t.layout)
    if t.is_quantized:
        raise Skip("quantized tensor")
    if t.is_meta or t.device.type != "cpu":
        raise Skip("tensor on device %s" % t.device)
    if t.dim() > 64:
        raise Skip("a tensor of more than 64 dims (NumPy's limit)")
    dtype = _minitorch_dtype(t.dtype)
    detached = t.detach()
    if t.numel() == 0:
        array = np.zeros(tuple(t.shape), dtype=dtype.np)
    else:
        storage_numel = detached.untyped_storage().nbytes() // t.element_size()
        storage = detached.as_strided((storage_numel,), (1,), 0).clone().numpy()
        itemsize = storage.itemsize
        array = np.lib.stride_tricks.as_strided(storage[t.storage_offset():], tuple(t.shape),
                                                tuple(s * itemsize for s in t.stride()))
    m = mt.from_numpy(array)
    if m.dtype != dtype:  # bool/uint8 round trips keep NumPy's dtype; guard against any mapping drift
        raise Skip("dtype %s does not round-trip through NumPy" % t.dtype)
    if t.requires_grad:
        m.requires_grad_(True)
    return m


def to_minitorch(value, memo):
    """value with every torch tensor (also inside lists, tuples and dicts) and torch object made minitorch's;
    memo maps id(torch tensor) -> minitorch tensor so a tensor passed twice stays one tensor."""
    if isinstance(value, torch.Tensor):
        if id(value) not in memo:
            memo[id(value)] = (value, _strided_copy(value))
        return memo[id(value)][1]
    if isinstance(value, torch.Size):
        return tuple(value)
    if isinstance(value, (list, tuple)):
        converted = [to_minitorch(v, memo) for v in value]
        if hasattr(value, "_fields"):
            return type(value)(*converted)
        return type(value)(converted)
    if isinstance(value, dict):
        return {k: to_minitorch(v, memo) for k, v in value.items()}
    if isinstance(value, torch.dtype):
        return _minitorch_dtype(value)
    if isinstance(value, torch.device):
        return mt.device(str(value))
    if isinstance(value, (torch.memory_format, torch.layout, torch.Generator)):
        raise Skip("argument %s (%s)" % (value, type(value).__name__))
    if isinstance(value, complex):
        raise Skip("complex scalar argument")
    if isinstance(value, types.FunctionType) and value.__module__ and "torch" in value.__module__:
        return _to_minitorch_object(value) if _is_lambda(value) else value
    if isinstance(value, np.ndarray):
        return value
    if type(value).__module__.startswith("torch") and not isinstance(value, (numbers.Number, str)):
        raise Skip("argument of type %s" % type(value).__name__)
    return value


# --- comparison -----------------------------------------------------------------------------------------------------
def _tolerance(dtype, scale=1.0):
    rtol, atol = TOLERANCES.get(dtype, (0.0, 0.0))
    return rtol * scale, atol * scale


def _as_torch(m):
    """A minitorch tensor's values as a torch tensor (copied)."""
    return torch.from_numpy(np.array(m.detach().numpy(), copy=True))


def _describe_difference(expected, actual):
    if expected.dtype.is_floating_point:
        diff = (expected.double() - actual.double()).abs()
        finite = torch.isfinite(diff)
        worst = diff[finite].max().item() if finite.any() else float("nan")
        nan_mismatch = (torch.isnan(expected) != torch.isnan(actual)).sum().item()
        return "max abs diff %.3g; nan mismatch at %d; torch %s vs minitorch %s" % (
            worst, nan_mismatch, _short(expected), _short(actual))
    wrong = (expected != actual).sum().item()
    return "%d of %d elements differ; torch %s vs minitorch %s" % (wrong, expected.numel(), _short(expected),
                                                                   _short(actual))


def _short(t):
    flat = t.flatten()[:6].tolist()
    return "%s%s" % (flat, "..." if t.numel() > 6 else "")


def compare_tensor(expected, actual, where, kind="values", scale=1.0, check_values=True, reference=None):
    """Raise Mismatch unless actual (minitorch) has expected's (torch) shape, dtype and values. A float32 result
    that differs from torch's passes if reference (torch run in float64) judges it about as accurate."""
    if not isinstance(actual, mt.Tensor):
        raise Mismatch("type", "%s: torch gives a Tensor, minitorch %s" % (where, type(actual).__name__))
    if tuple(actual.shape) != tuple(expected.shape):
        raise Mismatch("shape", "%s: torch %s, minitorch %s" % (where, tuple(expected.shape), tuple(actual.shape)))
    if str(actual.dtype) != str(expected.dtype):
        raise Mismatch("dtype", "%s: torch %s, minitorch %s" % (where, expected.dtype, actual.dtype))
    if not check_values:
        return
    got = _as_torch(actual)
    expected = expected.detach()
    rtol, atol = _tolerance(expected.dtype, scale)
    if expected.dtype == torch.bool or not (expected.dtype.is_floating_point or expected.dtype.is_complex):
        same = torch.equal(got, expected)
    else:
        same = torch.allclose(got.to(expected.dtype), expected, rtol=rtol, atol=atol, equal_nan=True)
    if same or _as_accurate_as_torch(expected, got, reference, rtol, atol):
        return
    detail = _describe_difference(expected, got)
    if isinstance(reference, torch.Tensor) and expected.dtype == torch.float32:
        mine = _scaled_error(got, reference, rtol, atol)
        detail += "; error vs float64 torch: torch %.3g, minitorch %.3g (in tolerance units)" % (
            _scaled_error(expected, reference, rtol, atol), mine)
        if mine <= PRECISION_LIMIT:
            kind = "precision"
    raise Mismatch(kind, "%s: %s" % (where, detail))


def _scaled_error(x, reference, rtol, atol):
    """max |x - reference| / (atol + rtol |reference|), NaNs in the same places ignored (NaN elsewhere: inf)."""
    x, reference = x.double(), reference.detach().double()
    both_nan = torch.isnan(x) & torch.isnan(reference)
    same_inf = torch.isinf(reference) & (x == reference)
    err = (x - reference).abs() / (atol + rtol * reference.abs())
    err = torch.where(both_nan | same_inf, torch.zeros_like(err), err)
    err = torch.nan_to_num(err, nan=math.inf)
    return err.max().item() if err.numel() else 0.0


def _as_accurate_as_torch(expected, got, reference, rtol, atol):
    """minitorch's float32 result is within FLOAT32_SLACK tolerances of float64 torch, or at most FLOAT32_SLACK
    times further from it than torch's float32 result."""
    if not isinstance(reference, torch.Tensor) or expected.dtype != torch.float32 or \
            reference.shape != expected.shape:
        return False
    mine, theirs = _scaled_error(got, reference, rtol, atol), _scaled_error(expected, reference, rtol, atol)
    return mine <= max(FLOAT32_SLACK, FLOAT32_SLACK * theirs)


def _number_kind(x):
    for kind in (bool, numbers.Integral, numbers.Real, numbers.Complex):
        if isinstance(x, kind):
            return kind.__name__
    return type(x).__name__


def compare_output(expected, actual, where="out", check_values=True, dtype=torch.float64, reference=None):
    """Compare a whole torch result with minitorch's: tensors, (named) tuples, lists, numbers, dtypes
    (reference: torch's result in float64 with the same structure, or None)."""
    if isinstance(expected, torch.Tensor):
        return compare_tensor(expected, actual, where, check_values=check_values, reference=reference)
    if isinstance(expected, (tuple, list)):
        if not isinstance(actual, (tuple, list)):
            raise Mismatch("type", "%s: torch gives %s, minitorch %s" % (where, type(expected).__name__,
                                                                          type(actual).__name__))
        if len(actual) != len(expected):
            raise Mismatch("shape", "%s: torch gives %d items, minitorch %d" % (where, len(expected), len(actual)))
        references = reference if isinstance(reference, (tuple, list)) and len(reference) == len(expected) \
            else [None] * len(expected)
        for i, (e, a, r) in enumerate(zip(expected, actual, references)):
            compare_output(e, a, "%s[%d]" % (where, i), check_values, dtype, r)
        return
    if isinstance(expected, torch.dtype):
        if str(actual) != str(expected):
            raise Mismatch("values", "%s: torch %s, minitorch %s" % (where, expected, actual))
        return
    if isinstance(expected, numbers.Number):
        if isinstance(actual, mt.Tensor) or _number_kind(actual) != _number_kind(expected):
            raise Mismatch("type", "%s: torch gives %s %r, minitorch %s %r" % (
                where, type(expected).__name__, expected, type(actual).__name__, actual))
        if check_values and not _close_numbers(expected, actual, dtype):
            raise Mismatch("values", "%s: torch %r, minitorch %r" % (where, expected, actual))
        return
    if expected is None:
        if actual is not None:
            raise Mismatch("type", "%s: torch gives None, minitorch %s" % (where, type(actual).__name__))
        return
    if check_values and expected != actual:
        raise Mismatch("values", "%s: torch %r, minitorch %r" % (where, expected, actual))


def _close_numbers(expected, actual, dtype):
    if isinstance(expected, numbers.Integral):  # bools too
        return expected == actual
    if math.isnan(expected):
        return math.isnan(actual)
    rtol, atol = _tolerance(dtype if dtype.is_floating_point else torch.float64)
    return abs(expected - actual) <= atol + rtol * abs(expected)


def _flat_tensors(value):
    """The tensors of a (nested) result in order."""
    if isinstance(value, (torch.Tensor, mt.Tensor)):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _flat_tensors(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _flat_tensors(v)]
    return []


def _exception_matches(expected, got):
    names = {type(expected).__name__.lstrip("_"), type(got).__name__.lstrip("_")}
    return isinstance(got, type(expected)) or len(names) == 1


def classify_error(e):
    """The kind of an exception minitorch raised where torch did not."""
    if isinstance(e, Timeout):
        return "timeout"
    if isinstance(e, NotImplementedError):
        return "not-implemented"
    text = str(e)
    if isinstance(e, TypeError) and ("argument" in text or "positional" in text):
        return "signature"  # a keyword or an argument form torch accepts
    return "error"


def _error_text(e):
    return "%s: %s" % (type(e).__name__, str(e).splitlines()[0][:300] if str(e) else "")


@contextlib.contextmanager
def time_limit(seconds):
    """Raise Timeout in the main thread after seconds (no limit elsewhere)."""
    def handler(signum, frame):
        raise Timeout("sample took longer than %.0f s" % seconds)
    try:
        previous = signal.signal(signal.SIGALRM, handler)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- running one sample -------------------------------------------------------------------------------------------
def _check_supported(op, fn, sample):
    if "out" in sample.kwargs:
        raise Skip("out= keyword")
    if not isinstance(sample.input, torch.Tensor) and "." not in op.name and getattr(mt.Tensor, op.name, None) is fn:
        # torch's C methods check self's type; a Python class's methods cannot, and Python never calls them so
        raise Skip("a Tensor method called unbound on a non-Tensor")


def _call(fn, sample_input, args, kwargs):
    return fn(sample_input, *args, **kwargs)


def _grad_outputs(outputs, generator):
    return [torch.randn(t.shape, dtype=t.dtype, generator=generator) for t in outputs]


class Float64Reference:
    """torch's result for a sample with its float32 tensors made float64: the judge when minitorch's float32
    result differs from torch's (computed on first use)."""

    def __init__(self, op, sample):
        self.op, self.sample, self.memo = op, sample, {}
        inputs = _flat_tensors([sample.input, sample.args, sample.kwargs])
        # float32 inputs are made float64; without any, integer inputs are (an integer op with a float32 result)
        self.upcast = (torch.float32,) if any(t.dtype == torch.float32 for t in inputs) else \
            (torch.int64, torch.int32, torch.int16, torch.int8, torch.uint8)
        self._args = None
        if _writes_input(op):  # copied before an in-place op writes the sample's inputs
            self._copy_args()
        self._output, self._ran = None, False

    def _copy_args(self):
        memo = self.memo
        self._args = [_upcast(v, memo, self.upcast) for v in (self.sample.input, self.sample.args,
                                                              self.sample.kwargs)]

    def output(self):
        if not self._ran:
            self._ran = True
            if self._args is None:
                self._copy_args()
            try:
                self._output = _call(self.op.op, *self._args)
            except Exception:  # noqa: BLE001 - no float64 judgement for this sample
                self._output = None
        return self._output

    def written(self, t):
        """The float64 copy of the sample's tensor t after the op ran on it (in place), or None."""
        return None if self.output() is None else self.memo[id(t)][1]

    def grads(self, positions, leaves, grads_out):
        """Gradients of the outputs at positions (of the flat processed result) w.r.t. leaves (torch's tensors)."""
        out = self.output()
        if out is None:
            return None
        try:
            outs = _flat_tensors(self.sample.output_process_fn_grad(out))
            return torch.autograd.grad([outs[i] for i in positions], [self.memo[id(t)][1] for t in leaves],
                                       [g.double() for g in grads_out], allow_unused=True)
        except Exception:  # noqa: BLE001
            return None


def _upcast(value, memo, dtypes):
    """value with every tensor of dtypes a float64 copy (requires_grad kept); memo as in to_minitorch."""
    if isinstance(value, torch.Tensor):
        if id(value) not in memo:
            copy = value.detach().clone().requires_grad_(value.requires_grad)
            if value.dtype in dtypes:
                copy = value.detach().to(torch.float64).requires_grad_(value.requires_grad)
            memo[id(value)] = (value, copy)
        return memo[id(value)][1]
    if isinstance(value, (list, tuple)) and not isinstance(value, torch.Size):
        converted = [_upcast(v, memo, dtypes) for v in value]
        return type(value)(*converted) if hasattr(value, "_fields") else type(value)(converted)
    if isinstance(value, dict):
        return {k: _upcast(v, memo, dtypes) for k, v in value.items()}
    return value


def _judged(compare, reference_of, kind):
    """Run compare(None); if it finds a mismatch of kind, run it again with float64 torch as the judge of
    float32 results."""
    try:
        compare(None)
    except Mismatch as e:
        if e.kind != kind:
            raise
        judge = reference_of()
        if judge is None:
            raise
        compare(judge)


def compare_gradients(sample, torch_out, mt_out, memo, mt_process, generator, reference):
    """Backward through both results with the same random grad_output; compare every input's gradient."""
    t_outs = _flat_tensors(sample.output_process_fn_grad(torch_out))
    m_outs = _flat_tensors(mt_process(mt_out))
    if len(t_outs) != len(m_outs):
        raise Mismatch("shape", "differentiable outputs: torch %d tensors, minitorch %d" % (len(t_outs),
                                                                                            len(m_outs)))
    for i, (t, m) in enumerate(zip(t_outs, m_outs)):
        if t.requires_grad != bool(getattr(m, "requires_grad", False)):
            raise Mismatch("requires_grad", "output %d: torch requires_grad=%s, minitorch %s" % (
                i, t.requires_grad, getattr(m, "requires_grad", None)))
    positions = [i for i, t in enumerate(t_outs) if t.requires_grad and t.dtype.is_floating_point]
    leaves = [t for t, _ in memo.values() if t.requires_grad and not _detached_view_of_graph(t)]
    if not positions or not leaves:
        return
    grads_out = _grad_outputs([t_outs[i] for i in positions], generator)
    try:
        t_grads = torch.autograd.grad([t_outs[i] for i in positions], leaves, grads_out, allow_unused=True)
    except RuntimeError as e:  # e.g. clamp with a min of more dims than the input: no reference to compare with
        raise Skip("torch's backward fails: %s" % _error_text(e)) from e
    try:
        m_grads = mt.autograd.grad([m_outs[i] for i in positions], [memo[id(t)][1] for t in leaves],
                                   [mt.from_numpy(g.numpy().copy()) for g in grads_out], allow_unused=True)
    except Timeout:
        raise
    except Exception as e:  # noqa: BLE001 - any failure of minitorch's backward is a finding
        raise Mismatch("grad-error", _error_text(e)) from e
    judges = []

    def reference_grads():
        if not judges:
            judges.append(reference.grads(positions, leaves, grads_out))
        return judges[0]

    for i, (tg, mg) in enumerate(zip(t_grads, m_grads)):
        where = "grad of input %d %s" % (i, tuple(leaves[i].shape))
        if tg is None or mg is None:
            _compare_missing_gradient(tg, mg, where)
            continue
        _judged(lambda judge: compare_tensor(tg, mg, where, "grad", GRAD_TOLERANCE_SCALE,
                                             reference=None if judge is None else judge[i]),
                reference_grads, "grad")


def _detached_view_of_graph(t):
    """t is a view, made without grad_fn, of a tensor that requires grad (some reference inputs): torch's
    autograd.grad gives it no gradient (the graph runs through its base), so there is nothing to compare."""
    return t.grad_fn is None and t._base is not None and t._base.requires_grad


def _compare_missing_gradient(tg, mg, where):
    """None and an all-zero gradient are the same."""
    if tg is None and mg is not None and mg.abs().sum().item() != 0:
        raise Mismatch("grad", "%s: torch has no gradient, minitorch a non-zero one" % where)
    if mg is None and tg is not None and tg.abs().sum().item() != 0:
        raise Mismatch("grad-missing", "%s: minitorch gives None, torch %s" % (where, _short(tg)))


def _torch_is_random(op, sample, torch_out):
    """torch gives another result for the sample under one of a few other seeds (not tried for in-place ops; a
    random op may draw the same result twice, e.g. fractional_max_pool2d with few random offsets)."""
    if _writes_input(op):
        return False
    for seed in RANDOM_PROBE_SEEDS:
        torch.manual_seed(seed)
        try:
            again = _call(_unseeded(op.op), sample.input, sample.args, sample.kwargs)
        except Exception:  # noqa: BLE001
            return False
        if not _same_torch_results(torch_out, again):
            return True
    return False


def _unseeded(fn):
    """fn without torch's wrapper_set_seed (which seeds every call the same): random ops become random."""
    if not _is_lambda(fn) or "wrapper_set_seed" not in fn.__code__.co_names:
        return fn
    g = dict(fn.__globals__, wrapper_set_seed=lambda op, *args, **kwargs: op(*args, **kwargs))
    return types.FunctionType(fn.__code__, g, fn.__name__, fn.__defaults__, fn.__closure__)


def _same_torch_results(a, b):
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.shape == b.shape and torch.equal(
            torch.nan_to_num(a.detach(), nan=0.0), torch.nan_to_num(b.detach(), nan=0.0))
    if isinstance(a, (tuple, list)):
        return isinstance(b, (tuple, list)) and len(a) == len(b) and all(map(_same_torch_results, a, b))
    return a == b


def _writing_a_clone(op, fn, sample):
    """(op, fn) as they are, or for an in-place variant whose written input requires grad (a leaf: torch refuses
    to write it) both calls writing a clone of it instead, so its gradient flows back through the clone."""
    if not (isinstance(op, Variant) and op.call == "inplace" and isinstance(sample.input, torch.Tensor)
            and sample.input.requires_grad):
        return op, fn
    cloning = Variant(op.opinfo, op.call, op.op)
    cloning.op = _on_clone(op.op)
    return cloning, _on_clone(fn)


def _on_clone(fn):
    """fn(x.clone(), ...) for fn(x, ...)."""
    def call(sample_input, *args, **kwargs):
        return fn(sample_input.clone(), *args, **kwargs)
    return call


def run_sample(op, fn, sample, dtype, generator, error_regex=None):
    """Compare one sample; raises Skip or Mismatch, returns None when minitorch agrees. error_regex: the message
    torch's error input expects (minitorch's must match it too, where torch's own does)."""
    _check_supported(op, fn, sample)
    op, fn = _writing_a_clone(op, fn, sample)
    memo = {}
    m_sample = [to_minitorch(v, memo) for v in (sample.input, sample.args, sample.kwargs)]
    reference = Float64Reference(op, sample)  # before the call: it copies the inputs of in-place ops
    results = _results_or_same_exception(op, fn, sample, m_sample, error_regex)
    if results is None:
        return
    torch_out, mt_out = results
    process = sample.output_process_fn_grad
    mt_process = _rebind_to_minitorch(process) if isinstance(process, types.FunctionType) else process
    name = op.opinfo.name if isinstance(op, Variant) else op.name
    check_values = name not in UNCOMPARABLE_VALUES or (name, op.variant_test_name) in COMPARABLE_VARIANTS
    if not _compare_results(op, sample, torch_out, mt_out, mt_process, dtype, reference, check_values):
        return  # a random sample: compared in shapes and dtypes only
    if _writes_input(op):  # an in-place op: the written inputs too
        for t, m in memo.values():
            _judged(lambda judge: compare_tensor(t, m, "input after the in-place op", check_values=check_values,
                                                 reference=judge), lambda: reference.written(t), "values")
    if check_values and any(t.requires_grad for t, _ in memo.values()):
        compare_gradients(sample, torch_out, mt_out, memo, mt_process, generator, reference)


def _results_or_same_exception(op, fn, sample, m_sample, error_regex):
    """(torch's result, minitorch's), or None when both raise the same exception class (and message regex)."""
    torch_error = None
    try:
        torch_out = _call(op.op, sample.input, sample.args, sample.kwargs)
    except Exception as e:  # noqa: BLE001 - the exception class is compared
        torch_error = e
    try:
        mt_out = _call(fn, *m_sample)
    except Timeout:
        raise
    except Exception as e:  # noqa: BLE001
        if torch_error is None:
            raise Mismatch(classify_error(e), _error_text(e)) from e
        if not _exception_matches(torch_error, e):
            raise Mismatch("exception-type", "torch raises %s, minitorch %s" % (_error_text(torch_error),
                                                                                _error_text(e))) from e
        if error_regex and re.search(error_regex, str(torch_error)) and not re.search(error_regex, str(e)):
            raise Mismatch("message", "torch's message matches %r, minitorch's does not: %s" % (
                error_regex, _error_text(e))) from e
        return None
    if torch_error is not None:
        raise Mismatch("no-exception", "torch raises %s, minitorch returns" % _error_text(torch_error))
    return torch_out, mt_out


def _compare_results(op, sample, torch_out, mt_out, mt_process, dtype, reference, check_values):
    """Compare the results (raises Mismatch); False if torch's result turns out random (values not compared)."""
    expected, actual, judge_of = torch_out, mt_out, reference.output
    if getattr(op, "opinfo", op).name in SIGN_AMBIGUOUS:  # values via the sign-invariant output_process_fn_grad
        compare_output(torch_out, mt_out, check_values=False)
        expected, actual = sample.output_process_fn_grad(torch_out), mt_process(mt_out)
        judge_of = lambda: _processed(sample, reference.output())  # noqa: E731
    try:
        _judged(lambda judge: compare_output(expected, actual, check_values=check_values, dtype=dtype,
                                             reference=judge), judge_of, "values")
    except Mismatch as e:
        if e.kind != "values" or not _torch_is_random(op, sample, torch_out):
            raise
        compare_output(torch_out, mt_out, check_values=False)  # e.g. dropout_p > 0
        return False
    return True


def _processed(sample, output):
    return None if output is None else sample.output_process_fn_grad(output)


def sweep_op(op, fn, samples_per_dtype=SAMPLES_PER_DTYPE, timeout=SAMPLE_TIMEOUT_S,
             reference_per_dtype=REFERENCE_SAMPLES_PER_DTYPE):
    """The outcomes of the first samples of op for each dtype, then of its first reference inputs that are not
    among those samples, then of its error inputs (deterministic: torch and minitorch are seeded per source)."""
    key = op_key(op)
    outcomes = []
    if isinstance(op, Variant):
        samples_per_dtype = min(samples_per_dtype, VARIANT_SAMPLES_PER_DTYPE)
    dtypes = [(str(d).split(".")[-1], d) for d in sweep_dtypes(op)]
    for name, dtype in dtypes:
        samples = _seeded_samples(op, fn, dtype, samples_per_dtype, timeout, lambda: _inputs(op, dtype),
                                  outcomes, (key, name, "sample_inputs"))
        if samples is None or op.reference_inputs_func is None or reference_per_dtype <= 0:
            continue
        seen = set(samples)
        _seeded_samples(op, fn, dtype, reference_per_dtype, min(timeout, REFERENCE_SAMPLE_TIMEOUT_S),
                        lambda: _new_references(op, dtype, seen),
                        outcomes, (key, name + "/reference", "reference_inputs"))
    if op.error_inputs_func is not None:
        _seeded_samples(op, fn, None, samples_per_dtype, timeout, lambda: _inputs(op, None), outcomes,
                        (key, "errors", "error_inputs"))
    return outcomes


def _seeded_samples(op, fn, dtype, count, timeout, inputs, outcomes, labels):
    """Run the first count items of inputs() (seeded anew), adding their outcomes (labels: op key, source name
    for Outcome.dtype, generator name); the items' fingerprints (taken before an in-place op writes them), None if
    torch's generator failed (a skip, not a finding)."""
    key, name, source = labels
    torch.manual_seed(0)
    mt.manual_seed(0)
    generator = torch.Generator().manual_seed(1234)
    try:
        with warnings.catch_warnings(), time_limit(timeout):
            warnings.simplefilter("ignore")
            samples = list(_first(inputs(), count))
    except Exception as e:  # noqa: BLE001 - torch's sample generator failing is a skip, not a finding
        outcomes.append(Outcome(key, name, -1, "skip", "", "%s failed: %s" % (source, _error_text(e))))
        return None
    except Timeout:
        outcomes.append(Outcome(key, name, -1, "skip", "", "%s timed out" % source))
        return None
    fingerprints = [_fingerprint(sample) for sample, _ in samples]
    for index, (sample, error_regex) in enumerate(samples):
        outcomes.append(_sample_outcome(op, fn, sample, dtype or torch.float64, generator, key, name, index,
                                        timeout, error_regex))
    return fingerprints


def _inputs(op, dtype):
    """(sample, None) for op's samples of dtype; (sample, torch's message regex) for its error inputs if dtype
    is None."""
    if dtype is None:
        return ((e.sample_input, e.error_regex) for e in op.error_inputs_func(op, "cpu"))
    return ((sample, None) for sample in sample_inputs(op, dtype, op.supports_autograd and dtype.is_floating_point))


def _new_references(op, dtype, seen):
    """(sample, None) for op's reference inputs of dtype of at most REFERENCE_MAX_NUMEL elements whose fingerprint
    is not in seen (most reference input functions yield the sample inputs first: with the same seed they are the
    same samples)."""
    requires_grad = op.supports_autograd and dtype.is_floating_point
    for sample in op.reference_inputs_func(op, "cpu", dtype, requires_grad):
        tensors = _flat_tensors([sample.input, sample.args, sample.kwargs])
        if sum(t.numel() for t in tensors) <= REFERENCE_MAX_NUMEL and _fingerprint(sample) not in seen:
            yield sample, None


def _fingerprint(sample):
    """A hashable summary of a sample: its tensors' dtypes, shapes, strides and bytes, and its other arguments."""
    return _fingerprint_value([sample.input, sample.args, sample.kwargs])


def _fingerprint_value(value):
    if isinstance(value, torch.Tensor):
        try:
            data = value.detach().contiguous().reshape(-1).view(torch.uint8).numpy().tobytes()
        except Exception:  # noqa: BLE001 - sparse, quantized, ...: told apart by identity only
            data = id(value)
        return ("tensor", str(value.dtype), tuple(value.shape), tuple(value.stride()) if value.layout ==
                torch.strided else None, value.requires_grad, data)
    if isinstance(value, (list, tuple)):
        return (type(value).__name__,) + tuple(_fingerprint_value(v) for v in value)
    if isinstance(value, dict):
        return ("dict",) + tuple((k, _fingerprint_value(v)) for k, v in sorted(value.items(), key=lambda kv:
                                                                               str(kv[0])))
    return repr(value)


def sample_inputs(op, dtype, requires_grad):
    """op.sample_inputs('cpu', dtype, requires_grad) without its tracking wrapper, which walks the whole call
    stack (slow under pytest) and reseeds before every sample; the caller seeds once."""
    opinfo = op.opinfo if isinstance(op, Variant) else op
    return iter(opinfo.sample_inputs_func(opinfo, "cpu", dtype, requires_grad))


def _sample_outcome(op, fn, sample, dtype, generator, key, name, index, timeout, error_regex=None):
    try:
        with warnings.catch_warnings(), time_limit(timeout):
            warnings.simplefilter("ignore")
            run_sample(op, fn, sample, dtype, generator, error_regex)
    except Skip as e:
        return Outcome(key, name, index, "skip", "", str(e))
    except Mismatch as e:
        return Outcome(key, name, index, "mismatch", e.kind, e.message)
    except Timeout as e:
        return Outcome(key, name, index, "mismatch", "timeout", str(e))
    except Exception as e:  # noqa: BLE001 - a failure of the comparison itself (minitorch returned something odd)
        return Outcome(key, name, index, "mismatch", "error", "comparing: " + _error_text(e))
    return Outcome(key, name, index, "pass")


def _first(iterable, n):
    for i, item in enumerate(iterable):
        if i >= n:
            return
        yield item


# --- known mismatches -----------------------------------------------------------------------------------------------
VARIES = "varies by machine:"  # a known line whose reason starts so may or may not occur (BLAS/CPU rounding)


def read_known(path):
    """{(op_key, kind): reason} from lines 'op_key kind  # reason' (blank lines and '#' comment lines ignored)."""
    known = {}
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split(None, 2)
            known[(fields[0], fields[1])] = fields[2].lstrip("#").strip() if len(fields) > 2 else ""
    return known


def mismatch_kinds(outcomes):
    """{kind: first mismatching outcome} of one op's outcomes."""
    kinds = {}
    for o in outcomes:
        if o.status == "mismatch" and o.kind not in kinds:
            kinds[o.kind] = o
    return kinds


# --- the whole sweep and its report ------------------------------------------------------------------------------
def sweep_all(names=None, samples_per_dtype=SAMPLES_PER_DTYPE, progress=None):
    found, missing = sweepable_ops()
    outcomes = []
    for op, fn in found:
        if names and op.name not in names and op_key(op) not in names:
            continue
        start = time.perf_counter()
        result = sweep_op(op, fn, samples_per_dtype)
        outcomes.extend(result)
        if progress:
            progress(op_key(op), result, time.perf_counter() - start)
    return outcomes, missing


def write_report(outcomes, missing, path, seconds, samples_per_dtype=SAMPLES_PER_DTYPE):
    by_status = collections.Counter(o.status for o in outcomes)
    ops = sorted({o.op_key for o in outcomes})
    per_op = collections.defaultdict(list)
    for o in outcomes:
        per_op[o.op_key].append(o)
    kind_ops = collections.defaultdict(list)  # kind -> [(op, first outcome, count)]
    for key, result in per_op.items():
        counts = collections.Counter(o.kind for o in result if o.status == "mismatch")
        for kind, first in mismatch_kinds(result).items():
            kind_ops[kind].append((key, first, counts[kind]))
    calls = collections.Counter(key.partition("#")[2] or "op" for key in ops)
    lines = ["# OpInfo parity sweep: minitorch vs torch %s" % torch.__version__, "",
             "%d OpInfos swept, plus %d Tensor-method and %d in-place variants (%d OpInfos or variants without a "
             "minitorch counterpart); %d samples: %d passed, %d mismatched, %d skipped; %.0f s." % (
                 calls["op"], calls["method"], calls["inplace"], len(missing), len(outcomes), by_status["pass"],
                 by_status["mismatch"], by_status["skip"], seconds), "",
             "Per op and dtype (%s) the first %d samples of op.sample_inputs and the first %d new ones of "
             "op.reference_inputs, then op.error_inputs (variants: the first %d samples, gradients for in-place "
             "ones through a clone of the written input, no reference or error inputs); "
             "tolerances %s (gradients x%g); float32 differences judged by torch in float64." % (
                 ", ".join(str(d).split(".")[-1] for d in DTYPES), samples_per_dtype, REFERENCE_SAMPLES_PER_DTYPE,
                 min(samples_per_dtype, VARIANT_SAMPLES_PER_DTYPE),
                 ", ".join("%s rtol %g atol %g" % ((str(d).split(".")[-1],) + t) for d, t in TOLERANCES.items()
                           if d in DTYPES), GRAD_TOLERANCE_SCALE), "",
             "Ops with at least one mismatch: %d; fully passing ops: %d." % (
                 sum(1 for r in per_op.values() if any(o.status == "mismatch" for o in r)),
                 sum(1 for r in per_op.values() if all(o.status == "pass" for o in r))), "",
             "## Mismatch classes (most common first)", "", "| kind | ops | samples |", "| --- | --- | --- |"]
    order = sorted(kind_ops, key=lambda k: (-len(kind_ops[k]), KINDS.index(k)))
    for kind in order:
        lines.append("| %s | %d | %d |" % (kind, len(kind_ops[kind]), sum(c for _, _, c in kind_ops[kind])))
    for kind in order:
        lines += ["", "## %s (%d ops)" % (kind, len(kind_ops[kind])), ""]
        for key, first, count in sorted(kind_ops[kind], key=lambda r: (-r[2], r[0])):
            lines.append("- `%s` (%d samples; first %s #%d): %s" % (key, count, first.dtype, first.index,
                                                                  first.message.replace("\n", " ")[:400]))
    lines += ["", "## By op", "", "| op | kinds (samples) |", "| --- | --- |"]
    for key in sorted(per_op):
        counts = collections.Counter(o.kind for o in per_op[key] if o.status == "mismatch")
        if counts:
            lines.append("| `%s` | %s |" % (key, ", ".join("%s (%d)" % kc for kc in sorted(counts.items()))))
    skips = collections.Counter(_skip_reason(o.message) for o in outcomes if o.status == "skip")
    skip_ops = collections.defaultdict(set)
    for o in outcomes:
        if o.status == "skip":
            skip_ops[_skip_reason(o.message)].add(o.op_key)
    lines += ["", "## Skip reasons", "", "| reason | samples | ops |", "| --- | --- | --- |"]
    lines += ["| %s | %d | %s |" % (reason, n, ", ".join(sorted(skip_ops[reason])))
              for reason, n in skips.most_common()]
    lines += ["", "## OpInfos and variants without a minitorch counterpart (%d)" % len(missing), "",
              ", ".join(missing), ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def _skip_reason(message):
    return message.split(":")[0] if re.match(r"\w+_inputs failed", message) else message


def write_known_draft(outcomes, path, reasons=None):
    """Every (op, kind) that mismatches, as lines for tests/opinfo_known.txt: the reason from reasons
    ({(op, kind): reason}, e.g. the current list) or drafted from the first failure."""
    per_op = collections.defaultdict(list)
    for o in outcomes:
        per_op[o.op_key].append(o)
    with open(path, "w") as f:
        for key in sorted(per_op):
            for kind, first in sorted(mismatch_kinds(per_op[key]).items()):
                prefix = "%s %s  # " % (key, kind)
                f.write(prefix + _known_reason(key, kind, first, reasons or {}, 120 - len(prefix)) + "\n")


def _known_reason(key, kind, first, reasons, width):
    """The listed reason; for a variant, its OpInfo's reason for the same kind; else a draft."""
    base = key.partition("#")[0]
    if (key, kind) in reasons:
        return reasons[(key, kind)]
    if (base, kind) in reasons:
        reason = "as %s: %s" % (base, reasons[(base, kind)])
        return reason if len(reason) <= width else reason[:width - 3] + "..."
    return draft_reason(first, width)


def draft_reason(outcome, width=100):
    """A short reason from a mismatch's message: torch's and minitorch's exception classes, torch's message cut."""
    text = re.sub(r"\s+", " ", outcome.message)
    raised = re.match(r"torch raises (\w+): (.*), minitorch (\w+): ", text)
    if outcome.kind == "exception-type" and raised:
        text = "%s, not torch's %s (%s)" % (raised.group(3), raised.group(1), raised.group(2))
    elif outcome.kind == "no-exception":
        text = "accepted; torch raises " + text[len("torch raises "):-len(", minitorch returns")]
    elif outcome.kind == "message":
        text = "message differs: " + text.split("minitorch's does not: ", 1)[-1]
    text = ("error input: " if outcome.dtype == "errors" else "") + text
    return text if len(text) <= width else text[:width - 3] + "..."


def main(argv):
    import argparse
    import json
    import os
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=SAMPLES_PER_DTYPE)
    parser.add_argument("--ops", nargs="*")
    parser.add_argument("--out", default="/tmp/opinfo")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    def progress(key, result, seconds):
        bad = sum(o.status == "mismatch" for o in result)
        print("%-50s %3d samples %3d mismatched %6.2f s" % (key, len(result), bad, seconds), flush=True)

    torch.set_num_threads(1)  # small samples: a second OpenMP thread only contends for the cores
    start = time.perf_counter()
    outcomes, missing = sweep_all(args.ops, args.samples, progress)
    seconds = time.perf_counter() - start
    write_report(outcomes, missing, os.path.join(args.out, "report.md"), seconds, args.samples)
    known_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "opinfo_known.txt")
    reasons = read_known(known_path) if os.path.exists(known_path) else {}
    write_known_draft(outcomes, os.path.join(args.out, "known_draft.txt"), reasons)
    with open(os.path.join(args.out, "outcomes.json"), "w") as f:
        json.dump([dataclasses.asdict(o) for o in outcomes], f, indent=0)
    print("wrote %s/report.md (%.0f s)" % (args.out, seconds))


if __name__ == "__main__":
    main(sys.argv[1:])
