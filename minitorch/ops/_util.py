"""Small helpers shared by the op families: wrapping arrays, promoting operands, checking devices."""
from .. import backend
from .. import dtypes as _dt
from ..tensor import Tensor, _wrap_dim


wrap = Tensor._make  # an array as a new Tensor (no copy)


def is_tensor(x):
    return isinstance(x, Tensor)


def check_same_device(op, *tensors):
    if backend.cupy is None:  # without CuPy every tensor lives on the CPU
        return
    devs = {t.device for t in tensors if isinstance(t, Tensor) and t._data.ndim > 0}
    if len(devs) > 1:
        a, b = sorted(str(d) for d in devs)[:2]
        raise RuntimeError("Expected all tensors to be on the same device, but found at least two devices, "
                           "%s and %s! (when checking arguments for %s)" % (b, a, op))


def promote(op, a, b):
    """Both operands in torch's result dtype: tensors cast (differentiably), numbers left as numbers."""
    check_same_device(op, a, b)
    if type(b) is float and isinstance(a, Tensor) and a.dtype.category == _dt.FLOAT:
        return a, b, a.dtype  # the most common case, decided without the general rule
    if isinstance(a, Tensor) and isinstance(b, Tensor) and a.dtype is b.dtype:
        return a, b, a.dtype
    dt = _dt.result_type(a, b)
    return _as_dtype(a, dt), _as_dtype(b, dt), dt


def _as_dtype(x, dt):
    if isinstance(x, Tensor):
        return x if x.dtype is dt else x.to(dt)
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return x if not hasattr(x, "item") else x.item()
    if type(x) is int and dt.category == _dt.INT:
        return _dt.wrap_int(x, dt)  # uint8_tensor + (-3) wraps around, as in torch
    return x


def array_of(x, like):
    """The array behind a tensor operand, or a number as is (NumPy keeps the array's dtype for Python numbers)."""
    return x._data if isinstance(x, Tensor) else x


def float_input(x):
    """Integer and bool tensors become the default float type, as torch's float-only ops do."""
    return x if x.dtype.is_inexact else x.to(_dt.get_default_dtype())


def dims_of(dim, ndim):
    """A normalised tuple of dims for a reduction (None or () means all; a 0-d tensor has none to reduce)."""
    if ndim == 0 and dim is not None:
        for d in (dim if isinstance(dim, (list, tuple)) else (dim,)):
            _wrap_dim(d, 0)  # 0 and -1 are accepted, as in torch
        return ()
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        dims = distinct_dims(tuple(_wrap_dim(d, ndim) for d in dim))
        return dims if dims else tuple(range(ndim))
    return (_wrap_dim(dim, ndim),)


def distinct_dims(dims):
    """dims (wrapped) unchanged, or torch's RuntimeError naming the first one given twice."""
    seen = set()
    for d in dims:
        if d in seen:
            raise RuntimeError("dim %d appears multiple times in the list of dims" % d)
        seen.add(d)
    return dims


def dim_arg(dim, axis):
    """torch accepts NumPy's ``axis=`` wherever it takes ``dim=``."""
    return axis if dim is None else dim


def c10_name(dtype):
    """The C++ type name torch's error messages use for a dtype ("float", "long int", ...)."""
    return {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int", "int32": "int",
            "int16": "short int", "int8": "signed char", "uint8": "unsigned char",
            "complex64": "c10::complex<float>", "complex128": "c10::complex<double>"}.get(dtype.name, dtype.name)


def same_shape(a, b):
    return tuple(a.shape) == tuple(b.shape)


def split_batch(xp, fn, n, item_size, min_elements):
    """fn(start, stop) over chunks of range(n) (a batch axis), one per thread when each chunk holds at least
    min_elements elements, item_size per item (NumPy releases the GIL in copies and ufuncs, but a thread switch
    costs more than a small pass saves); on the GPU one call."""
    if xp.__name__ != "numpy":
        return fn(0, n)
    from ..threads import parallel_chunks
    parallel_chunks(fn, n, min_chunk=-(-min_elements // max(item_size, 1)))


def require_tensors(name, **arguments):
    """torch's TypeError for an argument that is not a Tensor, for functions that would otherwise answer for
    anything (arguments in the op's parameter order)."""
    for position, (param, value) in enumerate(arguments.items(), 1):
        if not isinstance(value, Tensor):
            raise TypeError("%s(): argument '%s' (position %d) must be Tensor, not %s"
                            % (name, param, position, type(value).__name__))
