"""dtype objects and torch's type-promotion rules.

Torch promotes by *category* first (bool < integer < floating) and only then by size, and a lower-priority
participant (a Python number, or a zero-dim tensor next to a dimensioned one) never widens the result within
its category: ``int64_tensor + 2.5`` is float32 (the default float), ``float32_tensor + float64_scalar_tensor``
stays float32.
"""
import numpy

BOOL, INT, FLOAT = 0, 1, 2


class dtype:
    __slots__ = ("name", "np", "category", "itemsize", "is_signed")

    def __init__(self, name, np_dtype, category):
        self.name = name
        self.np = numpy.dtype(np_dtype)
        self.category = category
        self.itemsize = self.np.itemsize
        self.is_signed = self.np.kind in "if"

    @property
    def is_floating_point(self):
        return self.category == FLOAT

    @property
    def is_complex(self):
        return False

    def to_real(self):
        return self

    def __repr__(self):
        # printed as torch prints it, so output of programs run on both libraries reads the same
        return "torch." + self.name

    def __reduce__(self):
        return self.name


float16 = dtype("float16", "float16", FLOAT)
float32 = dtype("float32", "float32", FLOAT)
float64 = dtype("float64", "float64", FLOAT)
uint8 = dtype("uint8", "uint8", INT)
int8 = dtype("int8", "int8", INT)
int16 = dtype("int16", "int16", INT)
int32 = dtype("int32", "int32", INT)
int64 = dtype("int64", "int64", INT)
bool_ = dtype("bool", "bool", BOOL)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool_)
FLOATING = (float16, float32, float64)
INTEGRAL = (uint8, int8, int16, int32, int64)
BY_NUMPY = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"half": float16, "float": float32, "double": float64, "short": int16, "int": int32,
                 "long": int64})

_default_float = [float32]


def get_default_dtype():
    return _default_float[0]


def set_default_dtype(d):
    d = as_dtype(d)
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type, got %r" % (d,))
    _default_float[0] = d


def from_numpy_dtype(np_dtype):
    try:
        return BY_NUMPY[numpy.dtype(np_dtype)]
    except KeyError:
        raise TypeError("can't convert array of dtype %s: the only supported types are: float64, float32, "
                        "float16, int64, int32, int16, int8, uint8, and bool." % numpy.dtype(np_dtype)) from None


def as_dtype(d):
    """Accept a minitorch dtype, a NumPy dtype, a Python type or a name ('float32')."""
    if isinstance(d, dtype):
        return d
    if d is float:  # a Python float is a double, whatever the default dtype (as in torch)
        return float64
    if d is int:
        return int64
    if d is bool:
        return bool_
    if isinstance(d, str) and d in _BY_NAME:
        return _BY_NAME[d]
    try:
        return from_numpy_dtype(d)
    except TypeError:
        raise TypeError("%r is not a dtype" % (d,)) from None


def promote_types(a, b):
    """torch.promote_types: the higher category wins outright; within a category NumPy's lattice applies."""
    if a is b:
        return a
    if a.category != b.category:
        return a if a.category > b.category else b
    return from_numpy_dtype(numpy.promote_types(a.np, b.np))


def wrap_int(value, d):
    """A Python int as integer dtype d holds it: out-of-range values wrap around (C's conversion)."""
    info = numpy.iinfo(d.np)
    return value if info.min <= value <= info.max else int(numpy.array(value).astype(d.np))


def scalar_dtype(value):
    """The dtype a bare Python number gets on its own."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int64
    if isinstance(value, float):
        return get_default_dtype()
    if isinstance(value, numpy.generic):
        return from_numpy_dtype(value.dtype)
    raise TypeError("unsupported scalar type %s" % type(value).__name__)


def result_type(*operands):
    """torch.result_type over tensors and Python numbers: dimensioned tensors, then zero-dim tensors, then
    numbers; a lower group only counts when it brings a higher category."""
    groups = [None, None, None]  # dimensioned, zero-dim, scalars
    for x in operands:
        if hasattr(x, "dtype") and hasattr(x, "_data"):
            rank, d = (0 if x._data.ndim else 1), x.dtype
        else:
            rank, d = 2, scalar_dtype(x)
            if rank == 2 and d.category == FLOAT and not isinstance(x, numpy.generic):
                d = get_default_dtype()
        groups[rank] = d if groups[rank] is None else promote_types(groups[rank], d)
    result = None
    for rank, d in enumerate(groups):
        if d is None:
            continue
        if result is None:
            result = d
        elif d.category > result.category:
            # a weaker participant of a higher category: the default type of that category
            result = d if rank < 2 else (get_default_dtype() if d.category == FLOAT else int64)
    return result
