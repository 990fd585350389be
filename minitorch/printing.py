"""repr(tensor) exactly as torch prints it: one width for every element, fixed or scientific notation chosen from
the data, 1-d rows wrapped at the line width, '...' summaries of big tensors, dtype/grad_fn suffixes."""
import math

import numpy

from . import backend
from . import dtypes as _dt


class _Options:
    precision = 4
    threshold = 1000
    edgeitems = 3
    linewidth = 80
    sci_mode = None


_OPTIONS = _Options()
_PROFILES = {"default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
             "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
             "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80)}


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """torch.set_printoptions: digits after the point, summarising threshold, edge items, line width."""
    if profile is not None:
        for name, value in _PROFILES[profile].items():
            setattr(_OPTIONS, name, value)
    for name, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                        ("linewidth", linewidth)):
        if value is not None:
            setattr(_OPTIONS, name, value)
    _OPTIONS.sci_mode = sci_mode


class _Formatter:
    """Decides, from the values that will be shown, the notation and the common width of every element."""

    def __init__(self, shown):
        self.floating = shown.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.width = True, False, 1
        if not self.floating:
            self.width = max([1] + [len(str(v)) for v in shown.reshape(-1).tolist()])
            return
        flat = shown.reshape(-1)
        nonzero = flat[numpy.isfinite(flat) & (flat != 0)]
        if nonzero.size == 0:
            return
        magnitudes = numpy.abs(nonzero.astype("float64"))
        big, small = magnitudes.max(), magnitudes.min()
        p = _OPTIONS.precision
        self.int_mode = bool(numpy.all(nonzero == numpy.ceil(nonzero)))
        # scientific notation when the magnitudes span more than 3 decades, pass 1e8, or (non-integers) go below 1e-4
        self.sci_mode = bool(big / small > 1000.0 or big > 1.0e8 or (not self.int_mode and small < 1.0e-4))
        if _OPTIONS.sci_mode is not None:
            self.sci_mode = _OPTIONS.sci_mode
        spec = "{:.%de}" % p if self.sci_mode else "{:.0f}." if self.int_mode else "{:.%df}" % p
        self.width = max(len(spec.format(v)) for v in nonzero.tolist())

    def format(self, value):
        p = _OPTIONS.precision
        if not self.floating:
            text = str(value)
        elif self.sci_mode:
            text = ("{:%d.%de}" % (self.width, p)).format(value)
        elif self.int_mode:
            text = "%.0f" % value + ("" if math.isinf(value) or math.isnan(value) else ".")
        else:
            text = ("{:.%df}" % p).format(value)
        return " " * (self.width - len(text)) + text


class _ComplexFormatter:
    """Complex elements as torch prints them: the real parts and the imaginary parts each get a formatter of their
    own, and an element reads real, sign, |imag|, 'j' ("1.0000+2.j")."""

    def __init__(self, shown):
        self.real, self.imag = _Formatter(shown.real), _Formatter(shown.imag)
        self.width = self.real.width + self.imag.width + 1  # (+1: the 'j')

    def format(self, value):
        imag = (self.imag.format(value.imag) + "j").lstrip()
        return self.real.format(value.real) + ("" if imag[0] in "+-" else "+") + imag


def _summarised(arr):
    """Only the elements a summarised print shows: the first and last edgeitems along every dim."""
    e = _OPTIONS.edgeitems
    for axis in range(arr.ndim):
        if arr.shape[axis] > 2 * e:
            arr = numpy.concatenate([arr.take(range(e), axis), arr.take(range(arr.shape[axis] - e, arr.shape[axis]),
                                                                        axis)], axis)
    return arr


def _vector(arr, indent, summarise, fmt):
    e = _OPTIONS.edgeitems
    per_line = max(1, int((_OPTIONS.linewidth - indent) // (fmt.width + 2)))
    if summarise and arr.shape[0] > 2 * e:
        items = [fmt.format(v) for v in arr[:e].tolist()] + [" ..."] + [fmt.format(v) for v in arr[-e:].tolist()]
    else:
        items = [fmt.format(v) for v in arr.tolist()]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _body(arr, indent, summarise, fmt):
    if arr.ndim == 0:
        return fmt.format(arr.item())
    if arr.ndim == 1:
        return _vector(arr, indent, summarise, fmt)
    e = _OPTIONS.edgeitems
    if summarise and arr.shape[0] > 2 * e:
        rows = [_body(arr[i], indent + 1, summarise, fmt) for i in range(e)] + ["..."] + \
               [_body(arr[i], indent + 1, summarise, fmt) for i in range(arr.shape[0] - e, arr.shape[0])]
    else:
        rows = [_body(a, indent + 1, summarise, fmt) for a in arr]
    return "[" + ("," + "\n" * (arr.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _with_suffixes(text, suffixes, indent):
    """Append ', suffix' items, starting a new line when one would pass the line width."""
    line = len(text) - text.rfind("\n") + 1
    for suffix in suffixes:
        if line + len(suffix) + 2 > _OPTIONS.linewidth:
            text += ",\n" + " " * indent + suffix
            line = indent + len(suffix)
        else:
            text += ", " + suffix
            line += len(suffix) + 2
    return text + ")"


def tensor_repr(t):
    arr = backend.to_numpy(t._data)
    prefix = "tensor("
    suffixes = []
    if t.device.type != "cpu":
        suffixes.append("device='%s'" % t.device)
    default = t.dtype in (_dt.get_default_dtype(), _dt.get_default_complex_dtype(), _dt.int64, _dt.bool_)
    if arr.size == 0:
        body = "[]"
        if arr.ndim != 1:
            suffixes.append("size=%s" % (tuple(arr.shape),))
        if t.dtype is not _dt.get_default_dtype():
            suffixes.append("dtype=%s" % t.dtype)
    else:
        if not default:
            suffixes.append("dtype=%s" % t.dtype)
        if arr.dtype == numpy.float16:
            arr = arr.astype(numpy.float32)
        summarise = arr.size > _OPTIONS.threshold
        shown = _summarised(arr) if summarise else arr
        body = _body(arr, len(prefix), summarise,
                     (_ComplexFormatter if arr.dtype.kind == "c" else _Formatter)(shown))
    if t.grad_fn is not None:
        suffixes.append("grad_fn=<%s>" % type(t.grad_fn).__name__)  # as torch: without a C++ namespace
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    from .autograd.forward_ad import tangent_of
    tangent = tangent_of(t)
    if tangent is not None:  # a dual tensor (forward-mode AD)
        suffixes.append("tangent={}".format(tangent))  # (as torch: a 0-dim tangent formats as its number)
    return _with_suffixes(prefix + body, suffixes, len(prefix))
