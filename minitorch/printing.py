"""repr(tensor) in torch's style: ``tensor([1., 2.])``, ``tensor(3.5000)``, dtype and grad_fn suffixes."""
import numpy

from . import backend
from . import dtypes as _dt

_DEFAULT_SHOWN = {_dt.float32, _dt.int64, _dt.bool_}


def _float_formatter(values):
    finite = values[numpy.isfinite(values)]
    if finite.size and numpy.all(finite == numpy.round(finite)) and numpy.abs(finite).max() < 1e8:
        return lambda v: ("%.0f." % v) if numpy.isfinite(v) else str(v)
    big = numpy.abs(finite).max() if finite.size else 0
    small = numpy.abs(finite[finite != 0]).min() if (finite != 0).any() else 1
    if big >= 1e8 or small < 1e-4 or (small and big / small > 1e3 and big > 1e3):
        return lambda v: ("%.4e" % v) if numpy.isfinite(v) else str(v)
    return lambda v: ("%.4f" % v) if numpy.isfinite(v) else str(v)


def tensor_repr(t):
    arr = backend.to_numpy(t._data)
    if arr.dtype.kind == "f":
        fmt = _float_formatter(arr.astype("float64"))
        formatter = {"float_kind": lambda v: fmt(float(v))}
    elif arr.dtype.kind == "b":
        formatter = {"bool": lambda v: "True" if v else "False"}
    else:
        formatter = {"int": lambda v: str(v)}
    if arr.size == 0:
        body = "[]" if arr.ndim == 1 else "[]"
    else:
        body = numpy.array2string(arr, separator=", ", prefix="tensor(", formatter=formatter, threshold=1000,
                                  edgeitems=3, max_line_width=80)
    extras = []
    if t.device.type != "cpu":
        extras.append("device='%s'" % t.device)
    if arr.size == 0 and arr.ndim != 1:
        extras.append("size=%s" % (tuple(arr.shape),))
    if t.dtype not in _DEFAULT_SHOWN or (t.dtype is _dt.float32 and _dt.get_default_dtype() is not _dt.float32):
        extras.append("dtype=%s" % t.dtype)
    if t.grad_fn is not None:
        extras.append("grad_fn=<%s>" % t.grad_fn.name())
    elif t.requires_grad:
        extras.append("requires_grad=True")
    return "tensor(" + ", ".join([body] + extras) + ")"
