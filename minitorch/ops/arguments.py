"""torch's argument types, checked after the fact. torch's binding rejects a str, None or list where a parameter is
a Tensor with a TypeError ("clone(): argument 'input' (position 1) must be Tensor, not str") before any op runs;
here the op runs as is, and only when it fails are its arguments checked by parameter name, so that the failure
becomes torch's TypeError. A call that succeeds pays one plain Python call (a try costs nothing in Python 3.11);
the Tensor operators are never wrapped."""
import functools
import inspect
from numbers import Number

from ..tensor import Tensor

# parameters torch types as Tensor wherever minitorch uses the name (a Python number is left to the op: add(x, 2),
# where(c, 1.0, x) and pow(2, x) take one)
TENSOR_PARAMETERS = {"input", "self", "other", "condition", "A", "tensor", "tensor1", "tensor2", "input1", "input2",
                     "x1", "x2", "vec", "vec1", "vec2", "mat", "mat1", "mat2", "mask", "index", "indices", "src",
                     "source", "end", "LU_data", "LU_pivots", "sorted_sequence", "boundaries", "anchor", "positive",
                     "query", "key"}
SEQUENCE_PARAMETERS = {"tensors"}  # a tuple or list of Tensors, or *tensors


def bound(fn, name=None, method=False):
    """fn with torch's TypeError for a wrong-typed Tensor argument; fn itself when it has no such parameter.
    ``method``: fn's first parameter is self (torch counts positions after it and never blames it)."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return fn
    params = list(signature.parameters.values())
    if (not any(p.name in TENSOR_PARAMETERS or p.name in SEQUENCE_PARAMETERS for p in params[1 if method else 0:])
            or any(p.kind is p.POSITIONAL_ONLY for p in params)):
        return fn
    name = name or fn.__name__

    def retype(error, given):
        wrong = argument_error(signature, name, given, method)
        if wrong is not None:
            raise wrong from error
    return functools.wraps(fn)(_forwarder(fn, params, retype, name))


def _forwarder(fn, params, on_error, name):
    """A function with fn's own signature that calls fn, and on an exception calls on_error(error, its arguments)
    before re-raising. Generated, because a ``*args, **kwargs`` wrapper costs twice as much per call."""
    heads, passes, namespace = [], [], {"_fn": fn, "_on_error": on_error}
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
    source = ("def call(%s):\n    try:\n        return _fn(%s)\n    except Exception as _error:\n"
              "        _on_error(_error, locals())\n        raise\n" % (", ".join(heads), ", ".join(passes)))
    exec(compile(source, "<torch binding of %s>" % name, "exec"), namespace)
    return namespace["call"]


def argument_error(signature, name, given, method=False):
    """torch's TypeError for the first argument in ``given`` (parameter name: value) that has the wrong type, or
    None. An argument left at its default is not blamed."""
    order = list(signature.parameters)
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
        elif param in TENSOR_PARAMETERS and not isinstance(value, (Tensor, Number)):
            return wrong_type(name, param, where, "Tensor", value)
    return None


def wrong_type(name, param, position, expected, value):
    """torch's wording: "full(): argument 'fill_value' (position 2) must be Number, not str" (no position for a
    keyword-only parameter)."""
    where = "" if position is None else " (position %d)" % position
    return TypeError("%s(): argument '%s'%s must be %s, not %s" % (name, param, where, expected,
                                                                  type(value).__name__))


def check_number(name, param, position, value):
    """A parameter torch types as Number (a 0-d Tensor passes, as in torch)."""
    if not isinstance(value, (Number, Tensor)):
        raise wrong_type(name, param, position, "Number", value)


def check_bool(name, param, position, value):
    if not isinstance(value, bool):
        raise wrong_type(name, param, position, "bool", value)
