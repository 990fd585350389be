"""torch's argument types, checked after the fact. torch's binding rejects a str, None or list where a parameter is
a Tensor with a TypeError ("clone(): argument 'input' (position 1) must be Tensor, not str") before any op runs;
here the op runs as is, and only when it fails are its arguments checked by parameter name, so that the failure
becomes torch's TypeError. A call that succeeds pays one plain Python call (a try costs nothing in Python 3.11);
the Tensor operators are never wrapped. Some wrong types would not fail in the op (sum(x, 1, keepdim=1), x.sum(True),
x.tril(1.5)): for those the binding makes identity tests before the call (``_suspect_tests``), which cost next to
nothing and send only a suspect call down the slow path of the full check."""
import functools
import inspect
import sys
import warnings
from numbers import Integral, Number

from ..dtypes import INT, dtype
from ..tensor import Tensor

# parameters torch types by their name wherever minitorch uses it: a Tensor (for those in NUMBER_TAKEN a Python
# number is left to the op: add(x, 2), where(c, 1.0, x) and pow(2, x) take one)
TENSOR_PARAMETERS = {"input", "self", "other", "condition", "A", "tensor", "tensor1", "tensor2", "input1", "input2",
                     "x1", "x2", "vec", "vec1", "vec2", "mat", "mat1", "mat2", "mask", "index", "indices", "src",
                     "source", "end", "LU_data", "LU_pivots", "sorted_sequence", "boundaries", "anchor", "positive",
                     "query", "key", "weight", "bias", "target"}
NUMBER_TAKEN = {"input", "self", "other", "condition", "index", "end", "src", "source", "weight", "bias",
                "target"}  # (movedim's source is an int, scatter's src a value)
TENSOR_AS_DIM = {"max", "min"}  # max(x, dim) and max(x, other) are one function
DIMS_AS_SOURCE = {"movedim", "moveaxis"}  # their source and destination are dims, not tensors
SEQUENCE_PARAMETERS = {"tensors"}  # a tuple or list of Tensors, or *tensors
BOOL_PARAMETERS = {"keepdim", "largest", "sorted", "descending", "stable", "sparse_grad", "as_tuple",
                   "return_inverse", "return_counts", "equal_nan", "unbiased", "accumulate", "include_self", "right",
                   "out_int32", "requires_grad", "non_blocking"}
OPTIONAL_BOOLS = {"stable", "requires_grad"}  # None passes too: sort(stable=None), zeros(2, requires_grad=None)
INT_PARAMETERS = {"dim0", "dim1", "dim2", "start_dim", "end_dim", "chunks", "diagonal", "offset", "length", "k",
                  "decimals", "dimension"}
# an int or a tuple of ints (*shape: the ints, or one tuple of them)
INTS_PARAMETERS = {"dim", "axis", "dims", "size", "sizes", "shape", "shifts", "split_size_or_sections",
                   "indices_or_sections"}
NUMBER_PARAMETERS = {"value", "fill_value", "alpha", "beta"}  # a Number or a Tensor
# the two operands (the first two parameters) of binary ops by what torch's overloads take there: Tensors only
# (one overload: "atan2(): argument 'other' (position 2) must be Tensor, not int"), a Number as the second, or a
# Number as either but not both; for the last two a wrong operand matches no overload ("eq() received an invalid
# combination of arguments"). By torch's name (a method's in-place form, eq_, by its op's).
TENSORS, NUMBER_SECOND, NUMBER_EITHER = "tensors", "number second", "number either"
OPERANDS = dict.fromkeys(("atan2", "arctan2", "fmax", "fmin", "gcd", "lcm", "hypot", "logical_and", "logical_or",
                          "logical_xor", "maximum", "minimum", "isclose", "allclose", "nextafter"), TENSORS)
OPERANDS.update(dict.fromkeys(("eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal",
                               "not_equal", "clamp_min", "clamp_max", "fmod", "rsub", "max", "min"), NUMBER_SECOND))
OPERANDS.update(dict.fromkeys(("pow", "float_power", "remainder", "xlogy", "bitwise_and", "bitwise_or",
                               "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift"), NUMBER_EITHER))
SUSPECT_DIMS = frozenset({bool, float})  # a dim of these types might pass in the op (x.squeeze(1.5))
TYPED_PARAMETERS = (TENSOR_PARAMETERS | SEQUENCE_PARAMETERS | BOOL_PARAMETERS | INT_PARAMETERS | INTS_PARAMETERS
                    | NUMBER_PARAMETERS | {"dtype"})


def bound(fn, name=None, method=False):
    """fn with torch's TypeError for a wrong-typed argument (Tensor, bool, int, dims); fn itself when it has no
    such parameter.
    ``method``: fn's first parameter is self (torch counts positions after it and never blames it)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return fn
    params = list(signature.parameters.values())
    name = name or fn.__name__
    operands = operands_rule(name, params)
    if (operands is None and not any(p.name in TYPED_PARAMETERS for p in params[1 if method else 0:])
            or any(p.kind is p.POSITIONAL_ONLY for p in params)):
        return fn

    def retype(error, given):
        wrong = argument_error(signature, name, given, method, operands)
        if wrong is not None:
            raise wrong from error
    call = functools.wraps(fn)(_forwarder(fn, params, retype, name, _operand_tests(params, operands, method)))
    call.__qualname__ = fn.__name__  # what Python's own TypeErrors name: "addcdiv_() missing 1 required ..."
    return call


def operands_rule(name, params):
    """What the operands of op ``name`` may be (OPERANDS), or None for an op not listed there or whose parameters
    do not begin with the two operands (torch.xlogy_(x, *args))."""
    if len(params) < 2 or any(p.kind is not p.POSITIONAL_OR_KEYWORD for p in params[:2]):
        return None
    if name.endswith("_") and not name.startswith("_"):
        name = name[:-1]  # eq_ as eq
    return OPERANDS.get(name)


def _operand_tests(params, operands, method):
    """The generated tests for operands the op would take though torch's overloads do not: a number where only a
    Tensor is taken (the number cases that fail in the op anyway need none)."""
    firsts = [p.name for p in params[:2]]
    must_be_tensors = {TENSORS: firsts, NUMBER_SECOND: firsts[:1]}.get(operands, ())
    return ["not isinstance(%s, _Tensor)" % p for p in must_be_tensors[1 if method else 0:]]


BINDING_PREFIX = "<torch binding of "  # the file name of each generated binding, then the op's name


def warn(message, category=UserWarning, stacklevel=2):
    """warnings.warn(message, category, stacklevel) from inside an op, where the bindings made here do not count
    as frames: the warning names the user's line that called the op, as torch's does."""
    frame, counted, bindings = sys._getframe(1), 1, 0
    while counted < stacklevel and frame.f_back is not None:
        frame = frame.f_back
        if frame.f_code.co_filename.startswith(BINDING_PREFIX):
            bindings += 1
        else:
            counted += 1
    warnings.warn(message, category, stacklevel=stacklevel + bindings + 1)


def warn_once(message, stacklevel=2):
    """warn(message), once per process, as torch gives its TORCH_WARN_ONCE warnings."""
    if message not in _WARNED_ONCE:
        _WARNED_ONCE.add(message)
        warn(message, UserWarning, stacklevel + 1)


_WARNED_ONCE = set()


def _forwarder(fn, params, on_error, name, extra_suspects=()):
    """A function with fn's own signature that calls fn, and on an exception calls on_error(error, its arguments)
    before re-raising; on_error(None, its arguments) also runs before the call when one of ``_suspect_tests`` or
    ``extra_suspects`` holds. Generated, because a ``*args, **kwargs`` wrapper costs twice as much per call."""
    heads, passes = [], []
    namespace = {"_fn": fn, "_on_error": on_error, "_SUSPECT_DIMS": SUSPECT_DIMS, "_Tensor": Tensor}
    suspects = _suspect_tests(params) + list(extra_suspects)
    for p in params:
        default = ""
        if p.default is not p.empty:
            namespace["_default_" + p.name] = p.default
            default = "=_default_" + p.name
        if p.kind is p.VAR_POSITIONAL or p.kind is p.VAR_KEYWORD:
            star = "*" if p.kind is p.VAR_POSITIONAL else "**"
            heads.append(star + p.name)
            passes.append(star + p.name)
        elif p.kind is p.KEYWORD_ONLY:
            if not any(h.startswith("*") for h in heads):
                heads.append("*")
            heads.append(p.name + default)
            passes.append("%s=%s" % (p.name, p.name))
        else:
            heads.append(p.name + default)
            passes.append(p.name)
    check = "    if %s:\n        _on_error(None, locals())\n" % " or ".join(suspects) if suspects else ""
    source = ("def call(%s):\n%s    try:\n        return _fn(%s)\n    except Exception as _error:\n"
              "        _on_error(_error, locals())\n        raise\n" % (", ".join(heads), check, ", ".join(passes)))
    exec(compile(source, BINDING_PREFIX + name + ">", "exec"), namespace)
    return namespace["call"]


def _suspect_tests(params):
    """The generated tests for arguments the op might take without failing: a bool parameter given anything but
    True or False, an int parameter anything but a Python int (a NumPy int passes on the slow path), a dim a bool
    or a float, a Number None. None passes where it is the default."""
    tests = []
    for p in params:
        maybe_none = "%s is not None and " % p.name if p.default is None or p.name in OPTIONAL_BOOLS else ""
        if p.name in BOOL_PARAMETERS and p.kind is not p.VAR_POSITIONAL:
            tests.append("%s%s is not True and %s is not False" % (maybe_none, p.name, p.name))
        elif p.name in INT_PARAMETERS:
            tests.append("%s%s.__class__ is not int" % (maybe_none, p.name))
        elif p.name in NUMBER_PARAMETERS and p.default is not None:
            tests.append("%s is None" % p.name)
        elif (p.name in INTS_PARAMETERS and p.kind is not p.VAR_POSITIONAL
              and not (p.name == "dim" and any(q.name == "unbiased" for q in params))):  # std(x, True) is unbiased
            tests.append("%s.__class__ in _SUSPECT_DIMS" % p.name)
    return tests


def _optional_tensor(name, param):
    """torch types these Optional[Tensor]: every bias, and the weight of the normalisations (batch_norm(x, None,
    None, ...))."""
    return param == "bias" or param == "weight" and "norm" in name


def argument_error(signature, name, given, method=False, operands=None):
    """torch's TypeError for the first argument in ``given`` (parameter name: value) that has the wrong type, or
    None. An argument left at its default is not blamed. ``operands``: the op's OPERANDS rule."""
    order = list(signature.parameters)
    if operands is not None:
        wrong = operand_error(signature, name, given, method, operands)
        if wrong is not None:
            return wrong
    for param, value in given.items():
        if param not in signature.parameters:
            continue
        parameter = signature.parameters[param]
        position = order.index(param) + (0 if method else 1)  # torch counts from 1, after self for a method
        if position == 0 or value is parameter.default:
            continue
        where = None if parameter.kind is parameter.KEYWORD_ONLY else position
        if param in SEQUENCE_PARAMETERS:
            if parameter.kind is parameter.VAR_POSITIONAL:
                if len(value) == 1 and isinstance(value[0], (list, tuple)):
                    value = value[0]  # meshgrid([x, y]) as meshgrid(x, y)
            elif not isinstance(value, (list, tuple)):
                return wrong_type(name, param, where, "tuple of Tensors", value)
            for i, item in enumerate(value):
                if not isinstance(item, Tensor):
                    return TypeError("expected Tensor as element %d in argument %d, but got %s"
                                     % (i, position - 1, type(item).__name__))
        elif name in DIMS_AS_SOURCE and param in ("source", "destination"):  # movedim's source: dims
            wrong = ints_error(name, param, where, value, False)
            if wrong is not None:
                return wrong
        elif param in TENSOR_PARAMETERS and not (isinstance(value, Tensor)
                                                 or param in NUMBER_TAKEN and isinstance(value, Number)
                                                 or value is None and _optional_tensor(name, param)):
            return wrong_type(name, param, where, "Tensor", value)
        elif param in BOOL_PARAMETERS and not (isinstance(value, bool) or value is None and param in OPTIONAL_BOOLS):
            return wrong_type(name, param, where, "bool", value)
        elif param in INT_PARAMETERS and not is_int(value):
            return wrong_type(name, param, where, "int", value)
        elif param in INTS_PARAMETERS and not (value is True and "unbiased" in order):
            wrong = ints_error(name, param, where, value, parameter.kind is parameter.VAR_POSITIONAL,
                               name in TENSOR_AS_DIM or param == "indices_or_sections")
            if wrong is not None:
                return sections_error(name, value, method, wrong) if name in SECTIONS_OVERLOADS else wrong
        elif param in NUMBER_PARAMETERS and not isinstance(value, (Number, Tensor)):
            return wrong_type(name, param, where, "Number", value)
        elif param == "dtype" and value is not None and not isinstance(value, (dtype, type)):
            return wrong_type(name, param, where, "torch.dtype", value)
    return None


def operand_error(signature, name, given, method, operands):
    """torch's TypeError for operands (the first two parameters) that the op's OPERANDS rule refuses, or None."""
    params = list(signature.parameters)[:2]
    values = [given.get(p) for p in params]
    if operands == TENSORS:
        for position, (param, value) in enumerate(zip(params, values)):
            if not isinstance(value, Tensor) and not (method and position == 0):
                return wrong_type(name, param, position + (0 if method else 1), "Tensor", value)
        return None
    first, second = (isinstance(v, Tensor) for v in values)
    if name in TENSOR_AS_DIM:  # max(x), max(x, other), max(x, dim)
        takes = first and (values[1] is None or second or is_int(values[1]))
    else:
        numbers = [isinstance(v, Number) and not isinstance(v, Tensor) for v in values]
        takes = (first or second) and (first or operands == NUMBER_EITHER and numbers[0]) and (second or numbers[1])
    return None if takes else invalid_combination(signature, name, given, method, operands)


# max and min as torch's binding lists their overloads (function, method)
_MAX_MIN_OVERLOADS = (["(Tensor input, *, Tensor out = None)", "(Tensor input, Tensor other, *, Tensor out = None)",
                       "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)"],
                      ["()", "(Tensor other)", "(int dim, bool keepdim = False)"])


def invalid_combination(signature, name, given, method, operands):
    """torch's TypeError for arguments that match none of a binary op's overloads: "eq() received an invalid
    combination of arguments - got (int, Tensor), but expected one of: * (Tensor input, Tensor other, ...) ..."."""
    parameters = list(signature.parameters.values())
    got = [_type_name(given[p.name]) for p in parameters[1 if method else 0:]
           if p.name in given and given[p.name] is not p.default and p.kind is not p.VAR_KEYWORD]
    if name in TENSOR_AS_DIM:
        overloads = _MAX_MIN_OVERLOADS[method]
    else:
        first, second = parameters[0].name, parameters[1].name
        pairs = [("Tensor " + first, "Tensor " + second), ("Tensor " + first, "Number " + second)]
        if operands == NUMBER_EITHER:
            pairs.insert(1, ("Number self", "Tensor " + second))
        overloads = (["(%s)" % b for a, b in pairs if a.startswith("Tensor")] if method
                     else ["(%s, %s, *, Tensor out = None)" % pair for pair in pairs])
    return TypeError("%s() received an invalid combination of arguments - got (%s), but expected one of:\n%s\n"
                     % (name, ", ".join(got), "\n".join(" * " + o for o in overloads)))


def is_int(value):
    """torch's int: a Python or NumPy integer (not a bool), or an integer Tensor of one element."""
    if isinstance(value, Tensor):
        return value.dtype.category == INT and value.numel() == 1
    return isinstance(value, Integral) and not isinstance(value, bool)


def ints_error(name, param, position, value, star, any_tensor=False):
    """torch's TypeError for an int-or-tuple-of-ints argument that is neither, or None. ``star``: value holds
    *shape, the ints or one tuple of them; ``any_tensor``: a Tensor of any kind passes."""
    if star and len(value) == 1 and isinstance(value[0], (list, tuple)):
        value = value[0]
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if not is_int(item):
                return TypeError("%s(): argument '%s' failed to unpack the object at pos %d with error \"type must "
                                 "be tuple of ints,but got %s\"" % (name, param, i + 1, _type_name(item)))
        return None
    if value is None or is_int(value) or any_tensor and isinstance(value, Tensor):
        return None
    return wrong_type(name, param, position, "int" if param in ("dim", "axis") else "tuple of ints", value)


SECTIONS_OVERLOADS = {"hsplit", "vsplit", "dsplit"}  # torch's two overloads: (int sections), (tuple of ints indices)


def sections_error(name, value, method, unpack_error):
    """torch's TypeError for a sections argument of hsplit/vsplit/dsplit that is neither an int nor ints: a
    sequence whose first item is an int is the tuple-of-ints overload failing to unpack a later one
    (unpack_error); anything else matches no overload."""
    if isinstance(value, (list, tuple)) and value and is_int(value[0]):
        return TypeError(str(unpack_error).replace("'indices_or_sections'", "'indices'"))
    got = _type_name(value)
    if isinstance(value, (list, tuple)):
        got = "%s of [%s]" % (got, ", ".join(dict.fromkeys(_type_name(v) for v in value)))
    lead, bare = ("", "") if method else ("Tensor input, ", "Tensor, ")
    return TypeError("%s() received an invalid combination of arguments - got (%s%s), but expected one of:\n"
                     " * (%sint sections)\n      didn't match because some of the arguments have invalid types: "
                     "(%s!%s!)\n * (%stuple of ints indices)\n      didn't match because some of the arguments have "
                     "invalid types: (%s!%s!)\n" % (name, bare, _type_name(value), lead, bare, got, lead, bare, got))


def wrong_type(name, param, position, expected, value):
    """torch's wording: "full(): argument 'fill_value' (position 2) must be Number, not str" (no position for a
    keyword-only parameter)."""
    where = "" if position is None else " (position %d)" % position
    return TypeError("%s(): argument '%s'%s must be %s, not %s" % (name, param, where, expected, _type_name(value)))


def _type_name(value):
    """As torch names a type: int, float, Tensor, numpy.float64."""
    kind = type(value)
    return "%s.%s" % (kind.__module__, kind.__name__) if kind.__module__ == "numpy" else kind.__name__


def check_number(name, param, position, value):
    """A parameter torch types as Number (a 0-d Tensor passes, as in torch)."""
    if not isinstance(value, (Number, Tensor)):
        raise wrong_type(name, param, position, "Number", value)


def check_bool(name, param, position, value):
    if not isinstance(value, bool):
        raise wrong_type(name, param, position, "bool", value)
