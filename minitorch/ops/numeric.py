"""Numeric helpers: repeat_interleave, deg2rad/rad2deg, positive, gcd/lcm, isreal, atleast_2d/3d.

Most are compositions of differentiable ops (index_select, reshape), so their gradients are torch's."""
import math

from .. import dtypes as _dt
from ..tensor import Tensor, _type_name
from ._util import float_input, promote, require_tensors, wrap
from .elementwise import _unary
from .index import index_select
from .shape import for_each_tensor


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (or slice along dim) repeated repeats times (an int or one count per slice); dim None works on
    the flattened input. With input alone, input holds the counts: the indices 0, 1, ... each repeated."""
    if repeats is None:  # repeat_interleave(counts)
        counts = input
        return _repeated_indices(counts, counts.shape[0] if counts.dim() else 1, output_size)
    x = input.reshape(-1) if dim is None else input
    d = 0 if dim is None else dim
    index = _repeated_indices(repeats, x.shape[d], output_size, x)
    return index_select(x, d, index)


def _repeated_indices(repeats, n, output_size, like=None):
    """[0]*r0 + [1]*r1 + ... for the counts r (an int, a one-count tensor broadcast to n, or n counts), int64."""
    xp = (like if like is not None else repeats).xp
    if isinstance(repeats, Tensor):
        if repeats.dim() > 1:
            raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
        counts = repeats._data.reshape(-1).astype("int64")
        if counts.size == 1:
            counts = xp.full(n, int(counts[0]), dtype="int64")
        elif counts.size != n:
            raise RuntimeError("repeats must have the same size as input along dim, but got repeats.size(0) = %d and "
                               "input.size(0) = %d" % (counts.size, n))
        if (counts < 0).any():
            raise RuntimeError("repeats can not be negative")
    else:
        if repeats < 0:
            raise RuntimeError("Repeats must be non-negative")
        counts = xp.full(n, int(repeats), dtype="int64")
    if output_size is not None and int(counts.sum()) != output_size:
        raise RuntimeError("allocated size does not match required size")
    return wrap(xp.repeat(xp.arange(n, dtype="int64"), counts))


_RADIANS_PER_DEGREE, _DEGREES_PER_RADIAN = math.pi / 180, 180 / math.pi
Deg2Rad = _unary("Deg2Rad", lambda xp, x: x * _RADIANS_PER_DEGREE, lambda g, x: g * _RADIANS_PER_DEGREE, uses="")
Rad2Deg = _unary("Rad2Deg", lambda xp, x: x * _DEGREES_PER_RADIAN, lambda g, x: g * _DEGREES_PER_RADIAN, uses="")


def deg2rad(input):
    require_tensors("deg2rad", input=input)
    return Deg2Rad.apply(float_input(input))  # x * pi / 180


def rad2deg(input):
    require_tensors("rad2deg", input=input)
    return Rad2Deg.apply(float_input(input))  # x * 180 / pi


def positive(input):
    """input itself (torch returns the same tensor); bool tensors are refused, as torch's unary plus does."""
    if input.dtype is _dt.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input


def _integer_binary(name, fn):
    def op(input, other):
        a, b, dt = promote(name, input, other)
        if dt.is_floating_point or dt is _dt.bool_:
            raise NotImplementedError('"%s_cpu" not implemented for \'%s\'' % (name, _type_name(dt)))
        t = a if isinstance(a, Tensor) else b
        return wrap(getattr(t.xp, fn)(a._data if isinstance(a, Tensor) else a,
                                      b._data if isinstance(b, Tensor) else b).astype(dt.np))
    op.__name__ = name
    return op


gcd = _integer_binary("gcd", "gcd")  # the greatest common divisor, >= 0; gcd(0, 0) = 0
lcm = _integer_binary("lcm", "lcm")  # |a b| / gcd(a, b); 0 if either is 0


def isreal(input):
    """True everywhere: every dtype here is real."""
    require_tensors("isreal", input=input)
    return wrap(input.xp.ones(tuple(input.shape), dtype=bool))


def _at_least_2d(input):
    return input.reshape(1, 1) if input.dim() == 0 else input.unsqueeze(0) if input.dim() == 1 else input


def _at_least_3d(input):
    """0-d -> (1, 1, 1); (n,) -> (1, n, 1); (m, n) -> (m, n, 1); more dims unchanged."""
    if input.dim() == 0:
        return input.reshape(1, 1, 1)
    if input.dim() == 1:
        return input.reshape(1, -1, 1)
    return input.unsqueeze(-1) if input.dim() == 2 else input


def atleast_2d(*tensors):
    return for_each_tensor(_at_least_2d, tensors)


def atleast_3d(*tensors):
    return for_each_tensor(_at_least_3d, tensors)


FUNCTIONS = ["repeat_interleave", "deg2rad", "rad2deg", "positive", "gcd", "lcm", "isreal", "atleast_2d",
             "atleast_3d"]
NOT_METHODS = ["atleast_2d", "atleast_3d"]
INPLACE_OF = {"deg2rad_": deg2rad, "rad2deg_": rad2deg, "gcd_": gcd, "lcm_": lcm}
