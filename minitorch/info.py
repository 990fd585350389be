"""Numeric type limits (finfo, iinfo, broadcast_shapes) and torch's process-wide switches.

The switches change nothing numerically in minitorch (NumPy kernels on the CPU: no TF32, no interop pool, no
denormal flushing); they are validated, stored and read back exactly as torch does, so programs that set them run
unchanged.
"""
import builtins
import math
import warnings

import numpy
from collections.abc import Sequence
from numbers import Integral, Number

from . import dtypes as _dtypes
from .backend import device as _device
from .func import vmap  # noqa: F401  (exported as minitorch.vmap)
from .ops.arguments import wrong_type
from .tensor import Size, Tensor

FUNCTIONS = ["finfo", "iinfo", "broadcast_shapes", "get_default_device", "set_default_device",
             "set_float32_matmul_precision", "get_float32_matmul_precision", "set_flush_denormal", "set_warn_always",
             "is_warn_always_enabled", "get_num_interop_threads", "set_num_interop_threads", "init_num_threads",
             "set_deterministic_debug_mode", "get_deterministic_debug_mode", "typename", "compiled_with_cxx11_abi",
             "range", "vmap"]


# --- type limits --------------------------------------------------------------------------------------------------
class _TypeInfo:
    """Read-only limits of one dtype; equal when they describe the same dtype, unhashable (as torch's)."""
    _fields = ()

    def __hash__(self):
        raise TypeError("unhashable type: 'torch.%s'" % type(self).__name__)

    def _set(self, **values):
        self.__dict__.update(values)

    def __setattr__(self, name, value):
        raise AttributeError("attribute '%s' of 'torch.%s' objects is not writable" % (name, type(self).__name__))

    def __eq__(self, other):
        return type(other) is type(self) and other.dtype == self.dtype

    def __ne__(self, other):
        return not self == other

    def __repr__(self):
        shown = ", ".join("%s=%g" % (name, getattr(self, name)) for name in self._fields)
        return "%s(%s, dtype=%s)" % (type(self).__name__, shown, self.dtype)

    __str__ = __repr__


def _dtype_argument(name, args, kwargs, optional):
    """The one dtype torch's finfo(type=None) / iinfo(type) binding accepts, with its TypeErrors."""
    if len(args) + len(kwargs) > 1 or set(kwargs) - {"type"}:
        if optional or set(kwargs) - {"type"}:
            got = ", ".join([_arg_name(a) for a in args] + ["%s=%s" % (k, _arg_name(v)) for k, v in kwargs.items()])
            raise TypeError("%s() received an invalid combination of arguments - got (%s), but expected one of:\n"
                            " * (torch.dtype type)\n * ()\n" % (name, got))
        if args and kwargs:
            raise TypeError("%s() got multiple values for argument 'type'" % name)
        raise TypeError("%s() takes 1 positional argument but %d were given" % (name, len(args)))
    if not args and not kwargs:
        if optional:
            return _dtypes.get_default_dtype()
        raise TypeError('%s() missing 1 required positional arguments: "type"' % name)
    value = args[0] if args else kwargs["type"]
    if not isinstance(value, _dtypes.dtype):
        raise wrong_type(name, "type", 1 if args else None, "torch.dtype", value)
    return value


def _arg_name(value):
    return "torch.dtype" if isinstance(value, _dtypes.dtype) else type(value).__name__


class finfo(_TypeInfo):
    """torch.finfo(type=None): limits of a floating dtype (the default dtype when none is given); resolution is
    10 ** -(decimal digits of precision)."""
    _fields = ("resolution", "min", "max", "eps", "smallest_normal", "tiny")

    def __init__(self, *args, **kwargs):
        d = _dtype_argument("finfo", args, kwargs, optional=True)
        if not d.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle "
                            "'torch.finfo'")
        limits = numpy.finfo(d.np)
        self._set(bits=d.itemsize * 8, eps=float(limits.eps), max=float(limits.max), min=float(limits.min),
                  tiny=float(limits.tiny), smallest_normal=float(limits.smallest_normal),
                  resolution=10.0 ** -int(limits.precision), dtype=d.name)


class iinfo(_TypeInfo):
    """torch.iinfo(type): limits of an integer dtype."""
    _fields = ("min", "max")

    def __init__(self, *args, **kwargs):
        d = _dtype_argument("iinfo", args, kwargs, optional=False)
        if d is _dtypes.bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if d.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
        limits = numpy.iinfo(d.np)
        self._set(bits=d.itemsize * 8, max=int(limits.max), min=int(limits.min), dtype=d.name)


def broadcast_shapes(*shapes):
    """The Size every shape broadcasts to (an int is a 1-d shape, None is skipped), with torch's errors."""
    shapes = [(s,) if isinstance(s, Integral) else s for s in shapes if s is not None]
    for shape in shapes:
        if not isinstance(shape, Sequence):
            raise RuntimeError("Input shapes should be of type ints, a tuple of ints, or a list of ints, got %s"
                               % (shape,))
    common = [1] * max((len(s) for s in shapes), default=0)
    for position, shape in enumerate(shapes):
        for i in builtins.range(-1, -1 - len(shape), -1):
            n = shape[i]
            if n == common[i]:
                continue
            if common[i] == 1:
                if n < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[i] = n
            elif n != 1:
                raise RuntimeError("Attempting to broadcast a dimension of length %s at %d! Mismatching argument at "
                                   "index %d had %s; but expected shape should be broadcastable to %s"
                                   % (n, i, position, shape, common))
    return Size(common)


# --- process-wide switches ----------------------------------------------------------------------------------------
_settings = {"device": None, "matmul_precision": "highest", "warn_always": False, "interop_threads": None}
_MATMUL_PRECISIONS = ("highest", "high", "medium")
_DEBUG_MODES = {"default": 0, "warn": 1, "error": 2}


def _require(kind, what, value):
    """torch's RuntimeError for a switch given the wrong Python type (bool is not an int here)."""
    if type(value) is not kind and not (kind is int and isinstance(value, Integral) and type(value) is not bool):
        raise RuntimeError("%s expects a%s %s, but got %s" % (what, "n" if kind is int else "", kind.__name__,
                                                               type(value).__name__))


def set_default_device(device):
    """Record the device new tensors default to (None: back to cpu); minitorch itself always allocates on cpu."""
    if isinstance(device, Integral) and not _device_available("cuda"):
        raise RuntimeError("Cannot access accelerator device when none is available.")
    _settings["device"] = None if device is None else _device(device)


def get_default_device():
    """The default device: cpu unless set_default_device chose another (which must be available)."""
    chosen = _settings["device"]
    if chosen is None or chosen.type == "cpu":
        return _device("cpu")
    if not _device_available(chosen.type):
        raise AssertionError("Torch not compiled with CUDA enabled")
    return _device(chosen.type, chosen.index or 0)


def _device_available(kind):
    from . import cuda
    return kind == "cpu" or cuda.is_available()


def set_float32_matmul_precision(precision):
    """'highest', 'high' or 'medium' (any other string warns and is ignored, as in torch)."""
    _require(str, "set_float32_matmul_precision", precision)
    if precision not in _MATMUL_PRECISIONS:
        warnings.warn("%s is not one of 'highest', 'high', or 'medium'; the currentsetFloat32MatmulPrecision call "
                      "has no effect." % precision, UserWarning, stacklevel=2)
        return
    _settings["matmul_precision"] = precision


def get_float32_matmul_precision():
    return _settings["matmul_precision"]


def set_flush_denormal(mode):
    """Accepted on this CPU (x86 with SSE3, as torch reports: True); NumPy's kernels keep denormals either way."""
    _require(bool, "flush_denormal", mode)
    return True


def set_warn_always(b):
    _require(bool, "setWarnOnlyOnce", b)
    _settings["warn_always"] = b


def is_warn_always_enabled():
    return _settings["warn_always"]


def get_num_interop_threads():
    """The inter-op pool size torch reports (its default: the intra-op thread count)."""
    from .threads import get_num_threads
    chosen = _settings["interop_threads"]
    return get_num_threads() if chosen is None else chosen


def set_num_interop_threads(n):
    """Set once, before any parallel work, as in torch."""
    _require(int, "set_num_interop_threads", n)
    if n <= 0:
        raise RuntimeError("set_num_interop_threads expects a positive integer")
    if _settings["interop_threads"] is not None:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work has started or "
                           "set_num_interop_threads called")
    _settings["interop_threads"] = int(n)


def init_num_threads():
    """Nothing to initialise: minitorch's pools start on first use."""


def set_deterministic_debug_mode(debug_mode):
    """0/'default': off, 1/'warn': deterministic, warn only, 2/'error': deterministic (use_deterministic_algorithms)."""
    from .backends import use_deterministic_algorithms
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_MODES:
            raise RuntimeError("invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got %s"
                               % debug_mode)
        debug_mode = _DEBUG_MODES[debug_mode]
    elif not isinstance(debug_mode, Integral):
        raise TypeError("debug_mode must be str or int, but got %s" % type(debug_mode))
    if debug_mode not in (0, 1, 2):
        raise RuntimeError("invalid value of debug_mode, expected 0, 1, or 2, but got %s" % debug_mode)
    use_deterministic_algorithms(debug_mode != 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode():
    from .backends import are_deterministic_algorithms_enabled, is_deterministic_algorithms_warn_only_enabled
    if not are_deterministic_algorithms_enabled():
        return 0
    return 1 if is_deterministic_algorithms_warn_only_enabled() else 2


def typename(obj, /):
    """'torch.FloatTensor' for a tensor, else the module-qualified name of obj (a class or function names itself)."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    if hasattr(obj, "__qualname__"):
        qualname = obj.__qualname__
    elif hasattr(obj, "__name__"):
        qualname = obj.__name__
    else:
        module, qualname = type(obj).__module__ or "", type(obj).__qualname__
    return qualname if module in ("", "builtins") else "%s.%s" % (module, qualname)


def compiled_with_cxx11_abi():
    """As torch 2.13's wheels answer (always True)."""
    return True


_RANGE_WARNING = ("torch.range is deprecated and will be removed in a future release because its behavior is "
                  "inconsistent with Python's range builtin. Instead, use torch.arange, which produces values in "
                  "[start, end).")


_NO_END = object()


def range(start, end=_NO_END, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated torch.range: start, start + step, ... up to end inclusive (floor((end - start) / step) + 1
    values, computed in double; for an integer dtype the bounds and step are truncated to integers first), in the
    default float dtype unless dtype says otherwise."""
    from .creation import arange
    if end is _NO_END:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    for name, position, value in (("start", 1, start), ("end", 2, end), ("step", 3, step)):
        if not isinstance(value, (Number, Tensor)):
            raise wrong_type("range", name, position, "Number", value)
    start, end, step = (v.item() if isinstance(v, Tensor) else v for v in (start, end, step))
    dtype = _dtypes.get_default_dtype() if dtype is None else dtype
    if dtype is _dtypes.bool_:
        raise NotImplementedError("\"range_cpu\" not implemented for 'Bool'")
    warnings.warn(_RANGE_WARNING, UserWarning, stacklevel=2)
    if not all(math.isfinite(v) for v in (start, end)):
        raise RuntimeError("unsupported range: %s -> %s" % (start, end))
    if not dtype.is_floating_point:
        start, end, step = int(start), int(end), int(step)
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and start < end):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    count = math.floor((end - start) / step) + 1
    values = arange(count, dtype=_dtypes.float64 if dtype.is_floating_point else _dtypes.int64) * step + start
    return values.to(dtype).requires_grad_(requires_grad)
