"""Making tensors: from data (tensor, as_tensor, from_numpy) and by shape (zeros, ones, full, arange, eye ...)."""
import math
import numbers

import numpy

import operator

from . import backend
from . import dtypes as _dt
from .ops import layouts
from .ops.arguments import check_bool, check_number, is_int, warn, wrong_type
from .tensor import Tensor, _type_name


def _infer_dtype(data):
    """torch's rule for Python data: any complex -> default complex, else any float -> default float, else any
    int -> int64, else bool."""
    kinds = set()
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, Tensor):
            kinds.add(item.dtype)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, bool) or isinstance(item, numpy.bool_):
            kinds.add(_dt.bool_)
        elif isinstance(item, numbers.Integral):
            kinds.add(_dt.int64)
        elif isinstance(item, numbers.Real):
            kinds.add(_dt.get_default_dtype())
        elif isinstance(item, numbers.Complex):
            kinds.add(_dt.get_default_complex_dtype())
        elif isinstance(item, str):
            raise TypeError("new(): invalid data type 'str'")
        else:
            raise RuntimeError("Could not infer dtype of %s" % type(item).__name__)
    if not kinds:
        return _dt.get_default_dtype()
    result = None
    for k in kinds:
        result = k if result is None else _dt.promote_types(result, k)
    return result


def _plain(data):
    """Nested lists of tensors -> nested lists of numbers/arrays NumPy can take."""
    if isinstance(data, Tensor):
        return backend.to_numpy(data._data)
    if isinstance(data, (list, tuple)):
        return [_plain(d) for d in data]
    return data


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of data (numbers, nested lists, NumPy arrays or tensors)."""
    check_bool("tensor", "requires_grad", None, requires_grad)
    dev = backend.as_device(device if device is not None else
                            (data.device if isinstance(data, Tensor) else None))
    if isinstance(data, Tensor):
        warn("To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
             "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).")
        arr = backend.to_numpy(data._data)
        dt = _dt.as_dtype(dtype) if dtype is not None else data.dtype
    elif backend.is_array(data):
        arr = backend.to_numpy(data)
        dt = _dt.as_dtype(dtype) if dtype is not None else _dt.from_numpy_dtype(arr.dtype)
    else:
        if isinstance(data, numpy.generic):
            dt = _dt.from_numpy_dtype(data.dtype) if dtype is None else _dt.as_dtype(dtype)
        else:
            dt = _dt.as_dtype(dtype) if dtype is not None else _infer_dtype(data)
        try:
            arr = numpy.array(_plain(data))
        except ValueError as e:
            raise ValueError("expected sequence of equal-length lists: %s" % e) from None
        if arr.dtype.kind in "uO":  # a Python int beyond int64
            raise ValueError("Overflow when unpacking long long")
        if arr.dtype.kind == "c" and not dt.is_complex and dt is not _dt.bool_:
            raise TypeError("must be real number, not complex" if dt.is_floating_point else
                            "'complex' object cannot be interpreted as an integer")
        if dt.category == _dt.INT and arr.dtype.kind in "if" and arr.size:
            _check_fits(arr, dt)
        arr = arr.astype(dt.np) if arr.dtype != dt.np else arr  # -1 as uint8 wraps to 255, as in torch
    data = backend.to_device(numpy.array(arr, dtype=dt.np, copy=True), dev)
    return Tensor._leaf(data, requires_grad)


def _check_fits(arr, dt):
    """torch's range check for Python numbers stored as integers: unsigned types also take -max..-1 (wrapping)."""
    info = numpy.iinfo(dt.np)
    low = -int(info.max) if info.min == 0 else int(info.min)
    if arr.min() < low or arr.max() > info.max:
        raise RuntimeError("value cannot be converted to type %s without overflow" % dt.name)


def as_tensor(data, dtype=None, device=None):
    """Like tensor, but shares memory with a tensor or NumPy array when dtype and device already match."""
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype) if (dtype or device) else data
    if isinstance(data, numpy.ndarray) and (dtype is None or _dt.as_dtype(dtype).np == data.dtype) \
            and backend.as_device(device).type == "cpu":
        return from_numpy(data)
    return tensor(data, dtype=dtype, device=device)


asarray = as_tensor


def from_numpy(ndarray):
    """A tensor sharing ndarray's memory."""
    if not isinstance(ndarray, numpy.ndarray):
        raise TypeError("expected np.ndarray (got %s)" % type(ndarray).__name__)
    _dt.from_numpy_dtype(ndarray.dtype)
    return Tensor._make(ndarray)


def _shape(size):
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    try:
        shape = tuple(operator.index(s) for s in size)  # 2.5 is not a size (int() would truncate it)
    except TypeError:
        bad = next((s for s in size if not hasattr(s, "__index__") or isinstance(s, Tensor)), size)
        raise TypeError("size must be a tuple of ints, but got %s (%r)" % (type(bad).__name__, bad)) from None
    if any(s < 0 for s in shape):
        raise RuntimeError("Trying to create tensor with negative dimension %d: %s"
                           % (min(shape), list(shape)))
    return shape


def placement(dtype, device, out, default=None):
    """The (dtype, device) a creation op makes its tensor with: the dtype asked for, else out's when out= is
    given, else default (None: the default float dtype); the device likewise. torch refuses a dtype other than
    out's."""
    if out is None:
        dt = _dt.as_dtype(dtype) if dtype is not None else default or _dt.get_default_dtype()
        return dt, backend.as_device(device)
    if dtype is not None and _dt.as_dtype(dtype) is not out.dtype:
        raise RuntimeError("dtype %s does not match dtype of out parameter (%s)"
                           % (_type_name(_dt.as_dtype(dtype)), _type_name(out.dtype)))
    return out.dtype, out.device


def finish(array, requires_grad, out=None):
    """The new leaf holding array or, when out= is given, out holding it (resized to its shape, as torch does)."""
    if out is None:
        return Tensor._leaf(array, requires_grad)
    from .ops.elementwise import _out
    _out(Tensor._make(array), out)
    return out.requires_grad_(True) if requires_grad else out


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False, out=None):
    check_number("full", "fill_value", 2, fill_value)
    value_dtype = _dt.scalar_dtype(fill_value.item() if isinstance(fill_value, Tensor) else fill_value)
    dt, dev = placement(dtype, device, out, value_dtype)
    xp = backend.array_module(dev)
    return finish(xp.full(_shape((size,) if isinstance(size, int) else tuple(size)), fill_value, dtype=dt.np),
                  requires_grad, out)


def _filled(value, name):
    def make(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None, pin_memory=False):
        dt, dev = placement(dtype, device, out)
        xp = backend.array_module(dev)
        return finish(xp.full(_shape(size), value, dtype=dt.np), requires_grad, out)
    make.__name__ = make.__qualname__ = name  # so arity errors name the op, as torch's do
    return make


zeros = _filled(0, "zeros")
ones = _filled(1, "ones")
empty = _filled(0, "empty")  # zero-filled: "uninitialised" memory that is at least deterministic


def _like(maker):
    def make(input, *, dtype=None, device=None, requires_grad=False, memory_format=None, layout=None):
        return layouts.like(maker(tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device,
                                  requires_grad=requires_grad), input, memory_format)
    make.__name__ = make.__qualname__ = maker.__name__ + "_like"
    return make


zeros_like, ones_like, empty_like = _like(zeros), _like(ones), _like(empty)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False, memory_format=None):
    check_number("full_like", "fill_value", 2, fill_value)
    return layouts.like(full(tuple(input.shape), fill_value, dtype=dtype or input.dtype, device=device or input.device,
                             requires_grad=requires_grad), input, memory_format)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False, out=None):
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    if not all(math.isfinite(v) for v in vals[:2]):
        raise RuntimeError("unsupported range: %s -> %s" % tuple(_scalar_text(v) for v in vals[:2]))
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (vals[1] - vals[0]) * vals[2] < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    inferred = _dt.get_default_dtype() if any(isinstance(v, float) for v in vals) else _dt.int64
    dt, dev = placement(dtype, device, out, inferred)
    xp = backend.array_module(dev)
    if dt.is_floating_point:  # start + i * step in double, then cast, as torch
        n = math.ceil((vals[1] - vals[0]) / vals[2])
        data = vals[0] + xp.arange(max(n, 0), dtype="float64") * vals[2]
    else:  # torch works on the truncated bounds and step; only int64 counts the steps in integers too
        first, last, stride = (int(v) for v in vals)
        if stride == 0:
            raise RuntimeError("step must be nonzero")
        if dt is _dt.int64:
            sign = (stride > 0) - (stride < 0)
            n = int((last - first + stride - sign) / stride)  # C's integer division truncates toward 0
        else:
            n = math.ceil((vals[1] - vals[0]) / vals[2])
        data = first + xp.arange(max(n, 0), dtype="int64") * stride
    return finish(data.astype(dt.np), requires_grad, out)


def _scalar_text(value):
    return "%g" % value if isinstance(value, float) else str(value)


def _check_steps(name, start, end, steps):
    """steps is an int for torch's binding (a float or bool matches none of its overloads)."""
    if not is_int(steps):
        raise TypeError("%s() received an invalid combination of arguments - got (%s), but expected one of: "
                        "(Number start, Number end, int steps, ...)"
                        % (name, ", ".join(type(v).__name__ for v in (start, end, steps))))
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")


def _bound(name, value):
    """A linspace/logspace bound as a Python number (a 0-d tensor passes, as in torch)."""
    if isinstance(value, Tensor):
        if value.dim() != 0:
            raise RuntimeError("%s only supports 0-dimensional start and end tensors, but got start with %d "
                               "dimension(s) and end with %d dimension(s)." % (name, value.dim(), value.dim()))
        return value.item()
    return value


def _evenly_spaced(xp, start, end, steps, dt, fused=True):
    """steps points from start to end as torch's kernel makes them: start + i * step for the first half,
    end - (steps - 1 - i) * step for the rest, in dt's precision (double, from truncated bounds, for integers).
    fused: each point rounded once, as a fused multiply-add in linspace's float32 kernel (logspace's rounds the
    product and the sum)."""
    if not dt.is_floating_point and steps > 1:
        start, end = int(start), int(end)
    work = (dt.np if dt.is_floating_point and dt.itemsize >= 4 else numpy.dtype("float64")).type
    if steps <= 1:  # (one point: start itself, untruncated for logspace's exponent, as torch)
        return xp.full((steps,), start, dtype=work)
    start, end = work(start), work(end)
    step = (end - start) / work(steps - 1)
    # a fused float32 multiply-add: product and sum in float64, then one rounding to float32
    wide = numpy.float64 if fused and work is numpy.float32 else work
    i = xp.arange(steps, dtype=wide)
    points = xp.where(i < steps // 2, wide(start) + wide(step) * i, wide(end) - wide(step) * (wide(steps - 1) - i))
    return points.astype(work)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False, out=None):
    _check_steps("linspace", start, end, steps)
    start, end = _bound("linspace", start), _bound("linspace", end)
    dt, dev = placement(dtype, device, out)
    data = _evenly_spaced(backend.array_module(dev), start, end, int(steps), dt)
    return finish(data.astype(dt.np), requires_grad, out)


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False, out=None):
    _check_steps("logspace", start, end, steps)
    start, end = _bound("logspace", start), _bound("logspace", end)
    dt, dev = placement(dtype, device, out)
    exponents = _evenly_spaced(backend.array_module(dev), start, end, int(steps), dt, fused=False)
    return finish((exponents.dtype.type(base) ** exponents).astype(dt.np), requires_grad, out)


def eye(n, m=None, *, dtype=None, device=None, requires_grad=False, out=None):
    for position, (param, value) in enumerate((("n", n), ("m", m)), 1):
        if value is not None and not is_int(value):
            raise wrong_type("eye", param, position, "int", value)
    if n < 0 or (m is not None and m < 0):
        raise RuntimeError("%s must be greater or equal to 0, got %d" % (("n", n) if n < 0 else ("m", m)))
    dt, dev = placement(dtype, device, out)
    xp = backend.array_module(dev)
    return finish(xp.eye(n, n if m is None else m, dtype=dt.np), requires_grad, out)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False):
    if isinstance(s, Tensor):
        raise TypeError("scalar_tensor(): argument 's' (position 1) must be Number, not Tensor")
    return tensor(s, dtype=dtype or _dt.get_default_dtype(), device=device, requires_grad=requires_grad)


FUNCTIONS = ["tensor", "as_tensor", "asarray", "from_numpy", "full", "zeros", "ones", "empty", "zeros_like",
             "ones_like", "empty_like", "full_like", "arange", "linspace", "logspace", "eye", "scalar_tensor"]
