"""dtype objects and torch's type-promotion rules.

Torch promotes by *category* first (bool < integer < floating < complex) and only then by size, and a
lower-priority participant (a Python number, or a zero-dim tensor next to a dimensioned one) never widens the
result within its category: ``int64_tensor + 2.5`` is float32 (the default float), ``float32_tensor +
float64_scalar_tensor`` stays float32. Complex keeps the precision of the floats it meets: ``float64_tensor + 1j``
is complex128, ``float32_tensor + complex128_scalar_tensor`` complex64.
"""
import numpy

BOOL, INT, FLOAT, COMPLEX = 0, 1, 2, 3


class dtype:
    # is_complex is a plain attribute, not a property: backward formulas test it on every gradient.
    # is_inexact: floating or complex (NumPy's word), the dtypes the float-only ops keep as they are
    __slots__ = ("name", "np", "category", "itemsize", "is_signed", "is_complex", "is_inexact")

    def __init__(self, name, np_dtype, category):
        self.name = name
        self.np = numpy.dtype(np_dtype)
        self.category = category
        self.itemsize = self.np.itemsize
        self.is_signed = self.np.kind in "ifc"
        self.is_complex = category == COMPLEX
        self.is_inexact = category >= FLOAT

    @property
    def is_floating_point(self):
        return self.category == FLOAT

    def to_real(self):
        """The real dtype of a complex one's parts (complex64 -> float32); any other dtype is itself."""
        return _REAL_OF.get(self, self)

    def to_complex(self):
        """The complex dtype whose parts are of this floating dtype (float32 -> complex64); complex is itself."""
        if self.is_complex:
            return self
        if self not in _COMPLEX_OF:
            raise RuntimeError("Unknown Complex ScalarType for %s" % scalar_type_name(self))
        return _COMPLEX_OF[self]

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
complex64 = dtype("complex64", "complex64", COMPLEX)
complex128 = dtype("complex128", "complex128", COMPLEX)

ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool_, complex64, complex128)
FLOATING = (float16, float32, float64)
COMPLEXES = (complex64, complex128)
DIFFERENTIABLE = FLOATING + COMPLEXES  # the dtypes a tensor that requires grad can have
_COMPLEX_OF = {float32: complex64, float64: complex128}  # (no complex32: NumPy has no complex of float16s)
_REAL_OF = {c: f for f, c in _COMPLEX_OF.items()}
INTEGRAL = (uint8, int8, int16, int32, int64)
BY_NUMPY = {d.np: d for d in ALL}
_BY_NAME = {d.name: d for d in ALL}
_BY_NAME.update({"half": float16, "float": float32, "double": float64, "short": int16, "int": int32,
                 "long": int64, "cfloat": complex64, "cdouble": complex128})

_default_float = [float32]


def get_default_dtype():
    return _default_float[0]


def get_default_complex_dtype():
    """The complex dtype of the default float's precision: complex128 under float64, else complex64."""
    return complex128 if _default_float[0] is float64 else complex64


def scalar_type_name(d):
    """c10's ScalarType name, as torch's dtype errors say it ("Int", "ComplexFloat")."""
    return {"float16": "Half", "float32": "Float", "float64": "Double", "uint8": "Byte", "int8": "Char",
            "int16": "Short", "int32": "Int", "int64": "Long", "bool": "Bool", "complex64": "ComplexFloat",
            "complex128": "ComplexDouble"}[d.name]


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
                        "float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool." % numpy.dtype(np_dtype)) from None


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
    if d is complex:  # a Python complex is two doubles
        return complex128
    if isinstance(d, str) and d in _BY_NAME:
        return _BY_NAME[d]
    try:
        return from_numpy_dtype(d)
    except TypeError:
        raise TypeError("%r is not a dtype" % (d,)) from None


def promote_types(a, b):
    """torch.promote_types: the higher category wins outright; within a category, and between floating and
    complex (float64 with complex64 is complex128), NumPy's lattice applies."""
    if a is b:
        return a
    if a.category != b.category and {a.category, b.category} != {FLOAT, COMPLEX}:
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
    if isinstance(value, complex):
        return get_default_complex_dtype()
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
            if d.category >= FLOAT and not isinstance(x, numpy.generic):
                d = get_default_dtype() if d.category == FLOAT else get_default_complex_dtype()
        groups[rank] = d if groups[rank] is None else promote_types(groups[rank], d)
    result = None
    for rank, d in enumerate(groups):
        if d is None:
            continue
        if result is None:
            result = d
        elif d.category > result.category:
            result = _weaker_of_higher_category(result, d, rank)
    return result


def _weaker_of_higher_category(result, d, rank):
    """The result type when a weaker participant (rank: 1 zero-dim tensor, 2 number) of dtype d brings a higher
    category than result's: complex keeps a floating result's precision; otherwise a zero-dim tensor's own dtype
    and a number's default type of its category."""
    if d.is_complex and result.category == FLOAT:
        return result.to_complex() if result in _COMPLEX_OF else get_default_complex_dtype()
    if rank < 2:
        return d
    return {FLOAT: get_default_dtype(), INT: int64, COMPLEX: get_default_complex_dtype()}[d.category]
