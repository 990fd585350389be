"""Elementwise ops: arithmetic, unary math, comparisons, where, clamp, casts.

Each Function computes on arrays in ``forward`` and writes its gradient with Tensor ops in ``backward``, so the
gradient is itself differentiable. Broadcast operands get their gradient summed back to their own shape.
"""
import cmath
import math
import operator
import types

from .. import backend
from .. import dtypes as _dt
from ..autograd import function as _function
from ..autograd.function import Function, cast_grad, record_same
from ..autograd.grad_mode import _state as _grad_state
from ..backend import get_array_module
from ..tensor import Tensor
from ._util import array_of, check_same_device, float_input, promote, wrap
from .complex import Angle as ComplexAngle, Sgn as ComplexSgn, conj_if_complex, refuse_complex, unit


_make = Tensor._make
_HAS_CUPY = backend.cupy is not None  # without CuPy every tensor is on the CPU: no device check needed


def _alias(fn, name):
    """fn under torch's other name: the same code (no extra call), named so that errors name it as torch does."""
    alias = types.FunctionType(fn.__code__, fn.__globals__, name, fn.__defaults__, fn.__closure__)
    alias.__qualname__, alias.__doc__, alias.__kwdefaults__ = name, fn.__doc__, fn.__kwdefaults__
    return alias


def shape_of(x):
    return x._data.shape if isinstance(x, Tensor) else ()


def unbroadcast(grad, shape):
    """Sum a gradient back to an operand's shape (the adjoint of broadcasting)."""
    return grad if grad._data.shape == tuple(shape) else grad.sum_to_size(shape)


def broadcast_shapes(*shapes):
    """The broadcast of shapes, with torch's error naming the first mismatching dimension (torch folds the shapes
    in one by one, comparing each with the broadcast so far from its last dimension)."""
    ndim = max(len(s) for s in shapes)
    out = [1] * ndim
    for s in shapes:
        for i in reversed(range(len(s))):
            n, j = s[i], ndim - len(s) + i
            if n != 1 and out[j] != 1 and n != out[j]:
                raise RuntimeError("The size of tensor a (%d) must match the size of tensor b (%d) at "
                                   "non-singleton dimension %d" % (out[j], n, j))
            if n != 1:
                out[j] = n
    return tuple(out)


def _check_broadcast(a, b):
    sa, sb = shape_of(a), shape_of(b)
    if sa != sb and sa and sb:
        broadcast_shapes(sa, sb)


class _Binary(Function):
    """Binary op with broadcasting: subclasses give ``compute(xp, a, b)`` (or ``kernel``, a C function of the two
    arrays such as operator.mul: one Python call fewer per op) and ``grads(ctx, g, a, b)``."""
    _builtin = True
    _array_forward = True
    _uniform_grads = True  # (elementwise rules: operands of one shape and dtype get gradients of that shape and dtype)
    saves = True
    # reads: the operands each gradient formula reads ("a", "b", "ab"); None: both for either. Only those are
    # saved, as torch saves them, so an operand no gradient reads may be written in place before backward
    reads = None
    kernel = None
    array_grads = False  # grads uses only arithmetic operators, so it gives the same arrays run on arrays
    scalars = (None, None)  # the operands that are numbers, not tensors (saved when the op saves its operands)

    @classmethod
    def kept(cls, needs_a, needs_b):
        """(save a, save b) when the gradients of a and b are needed as given."""
        if cls.reads is None:
            return True, True
        ra, rb = cls.reads
        return ("a" in ra and needs_a) or ("a" in rb and needs_b), ("b" in ra and needs_a) or ("b" in rb and needs_b)

    @classmethod
    def forward(cls, ctx, a, b):
        # every arithmetic operator runs this: each operand is looked at once; nothing is saved under no_grad
        # (the forward runs in the caller's grad mode), where no backward can follow
        saves = cls.saves and _grad_state.enabled
        if saves:
            keep_a, keep_b = cls.kept(*ctx.needs_input_grad)
        if isinstance(a, Tensor):
            x = a._data
            if isinstance(b, Tensor):
                y = b._data
                if saves:
                    ctx.save_for_backward(a if keep_a else None, b if keep_b else None)
            else:
                y = b
                if saves:
                    ctx.save_for_backward(a if keep_a else None, None)
                    ctx.scalars = (None, b)
        else:
            x, y = a, b._data
            if saves:
                ctx.save_for_backward(None, b if keep_b else None)
                ctx.scalars = (a, None)
        try:
            if cls.kernel is not None:
                return _make(cls.kernel(x, y))
            return _make(cls.compute(get_array_module(y if x is a else x), x, y))  # (x is a: a is a number)
        except ValueError:  # NumPy refused to broadcast: raise torch's error naming the dimension
            broadcast_shapes(shape_of(a), shape_of(b))
            raise

    @classmethod
    def backward(cls, ctx, g):
        # a broadcast operand's gradient is summed back to the operand's shape by the node (_check_grad)
        if cls.saves:
            a, b = ctx.saved_tensors
            if a is None or b is None:  # a number operand (or one no gradient reads, which stays None)
                numbers = ctx.__dict__.get("scalars", _Binary.scalars)  # (a lookup that misses costs a call)
                a, b = numbers[0] if a is None else a, numbers[1] if b is None else b
            if g.dtype.is_complex:  # g * conj(df/da) is the real formula at conj(a), conj(b) (see ops/complex.py)
                a, b = conj_if_complex(a), conj_if_complex(b)
        else:
            a = b = None
        na, nb = ctx.needs_input_grad
        if cls.array_grads and not _grad_state.enabled:
            # no graph to record (no create_graph): the same rule evaluated on the arrays, without an op per product
            ga, gb = cls.grads(ctx, g._data, a._data if isinstance(a, Tensor) else a,
                               b._data if isinstance(b, Tensor) else b)
            return _make(ga) if na and ga is not None else None, _make(gb) if nb and gb is not None else None
        ga, gb = cls.grads(ctx, g, a, b)
        return ga if na else None, gb if nb else None


class Add(_Binary):
    saves = False
    kernel = operator.add
    grads = staticmethod(lambda ctx, g, a, b: (g, g))


class Sub(_Binary):
    saves = False
    kernel = operator.sub
    array_grads = True
    grads = staticmethod(lambda ctx, g, a, b: (g, -g))


class Mul(_Binary):
    kernel = operator.mul
    array_grads = True
    reads = ("b", "a")
    grads = staticmethod(lambda ctx, g, a, b: (g * b if ctx.needs_input_grad[0] else None,
                                               g * a if ctx.needs_input_grad[1] else None))


class Div(_Binary):
    kernel = operator.truediv
    array_grads = True
    reads = ("b", "ab")
    # d(a/b)/da = 1/b ; d(a/b)/db = -a/b^2
    grads = staticmethod(lambda ctx, g, a, b: (g / b if ctx.needs_input_grad[0] else None,
                                               -g * a / (b * b) if ctx.needs_input_grad[1] else None))


class Pow(_Binary):
    compute = staticmethod(lambda xp, a, b: a ** b)

    @staticmethod
    def grads(ctx, g, a, b):
        ga = gb = None
        if ctx.needs_input_grad[0]:
            # d(a^b)/da = b * a^(b-1), defined as 0 where b == 0 (so 0^0 has no NaN gradient); a constant zero
            # (no graph) for a number b == 0; products grouped as torch groups them, for its NaNs in double backward
            if isinstance(b, Tensor):
                ga = (g * (b * a ** (b - 1))).masked_fill(b == 0, 0)
            else:
                ga = a.new_zeros(a.shape) if b == 0 else g * (b * a ** (b - 1))
        if ctx.needs_input_grad[1]:
            # d(a^b)/db = a^b * log(a), defined as 0 where a == 0 and b >= 0: masked before the product with g, as
            # torch does (so a second derivative through the masked a^b * log(a) is 0 * (-inf) = NaN, as in torch)
            dlog = a ** b * (a.log() if isinstance(a, Tensor) else _log_number(a))
            if isinstance(a, Tensor):
                dlog = dlog.masked_fill((a == 0) & (b.real >= 0), 0)  # (a complex b: its real part)
            elif a == 0:
                dlog = dlog.masked_fill(b.real >= 0, 0)
            gb = g * dlog
        return ga, gb


def _log_number(a):
    """log of a Python number as a tensor op gives it: -inf at 0, NaN below (a complex number: its principal
    log)."""
    if isinstance(a, complex):
        return cmath.log(a) if a else -math.inf
    return math.log(a) if a > 0 else -math.inf if a == 0 else math.nan


class Maximum(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.maximum(a, b))
    # ties split the gradient evenly between the two operands, as torch does
    grads = staticmethod(lambda ctx, g, a, b: _extreme_grads(g, a, b, a < b, a > b))


class Minimum(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.minimum(a, b))
    grads = staticmethod(lambda ctx, g, a, b: _extreme_grads(g, a, b, a > b, a < b))


def _extreme_grads(g, a, b, a_loses, b_loses):
    """Gradients of maximum/minimum: half each at a tie, all to the winner, and (as in torch) all to both
    where a NaN makes every comparison false."""
    shared = where(a == b, g / 2, g)
    return shared.masked_fill(a_loses, 0), shared.masked_fill(b_loses, 0)


class Atan2(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.arctan2(a, b))
    grads = staticmethod(lambda ctx, g, a, b: _atan2_grads(g, a, b))


def _atan2_grads(g, a, b):
    # d atan2(a, b) = (b da - a db) / (a^2 + b^2), taken as 0 at the origin, as torch does
    r = a * a + b * b
    inv = where(r == 0, r.new_zeros(()), 1 / r)
    return g * b * inv, -g * a * inv


def _remainder(xp, a, b):
    """a mod b with the sign of b; a zero result keeps the sign of a, as torch's does (NumPy's takes b's)."""
    r = xp.remainder(a, b)
    return xp.where(r == 0, xp.copysign(r, a), r) if r.dtype.kind == "f" else r


class Remainder(_Binary):
    compute = staticmethod(_remainder)
    # a mod b = a - floor(a/b) * b
    # floor(a/b) as one op whose derivative is exactly 0, so no 0 * inf from d(a/b) reaches b's second derivative
    reads = ("", "ab")
    grads = staticmethod(lambda ctx, g, a, b: (g, -g * FloorDivide.apply(a, b) if ctx.needs_input_grad[1] else None))


class Fmod(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.fmod(a, b))
    # fmod(a, b) = a - trunc(a/b) * b
    reads = ("", "ab")
    grads = staticmethod(lambda ctx, g, a, b: (g, -g * TruncDivide.apply(a, b) if ctx.needs_input_grad[1] else None))


class FloorDivide(_Binary):
    saves = False
    compute = staticmethod(lambda xp, a, b: xp.floor_divide(a, b))
    grads = staticmethod(lambda ctx, g, a, b: (g.new_zeros(g.shape), g.new_zeros(g.shape)))


def _no_derivative(op):
    """The gradient of an op torch has no derivative for: backward raises, as torch's does."""
    def grads(ctx, g, a, b):
        raise RuntimeError("derivative for aten::%s is not implemented" % op)
    return staticmethod(grads)


class FloorDivideOp(FloorDivide):  # torch.floor_divide and //, unlike div(rounding_mode='floor')
    grads = _no_derivative("floor_divide")
    node_name = "NotImplemented"


class RemainderOfNumber(Remainder):  # number % tensor
    grads = _no_derivative("remainder")
    node_name = "NotImplemented"


class TruncDivide(_Binary):
    saves = False
    compute = staticmethod(lambda xp, a, b: xp.trunc(a / b) if a.dtype.kind == "f" else _int_trunc_div(xp, a, b))
    grads = staticmethod(lambda ctx, g, a, b: (g.new_zeros(g.shape), g.new_zeros(g.shape)))


def _int_trunc_div(xp, a, b):
    q = xp.floor_divide(a, b)
    return q + ((q < 0) & (q * b != a))


def _zero_div_check(a, b):
    """Integer division by zero is an error in torch (unless there is nothing to divide)."""
    if isinstance(a, Tensor) and a.numel() == 0:
        return
    if isinstance(b, Tensor):
        if not b.dtype.is_floating_point and bool((b._data == 0).any()):
            raise RuntimeError("ZeroDivisionError")
    elif isinstance(b, int) and b == 0:
        raise RuntimeError("ZeroDivisionError")


def _binary(cls, name, a, b):
    a, b, dt = promote(name, a, b)
    return cls.apply(a, b)


def add(input, other, *, alpha=1, out=None):
    if alpha != 1:
        return _with_alpha(add(input, other * alpha, out=out), alpha)
    return _out(_binary(Add, "add", input, other), out)


def _with_alpha(result, alpha):
    """result, its node keeping alpha (read as grad_fn._saved_alpha)."""
    if result.grad_fn is not None:
        result.grad_fn.alpha = alpha
    return result


def sub(input, other, *, alpha=1, out=None):
    if alpha != 1:
        other = other * alpha
    if _dtype_of(input) is _dt.bool_ and _dtype_of(other) is _dt.bool_:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or "
                           "`logical_xor()` operator instead.")
    if _dt.bool_ in (_dtype_of(input), _dtype_of(other)):
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    result = _out(_binary(Sub, "sub", input, other), out)
    return result if alpha == 1 else _with_alpha(result, alpha)


def _dtype_of(x):
    return x.dtype if isinstance(x, Tensor) else _dt.scalar_dtype(x) if isinstance(x, (bool, int, float)) else None


def rsub(input, other, alpha=1):
    return sub(other, input, alpha=alpha)


def mul(input, other, *, out=None):
    return _out(_binary(Mul, "mul", input, other), out)


def div(input, other, *, rounding_mode=None, out=None):
    a, b, dt = promote("div", input, other)
    if rounding_mode is None:
        if not dt.is_inexact:
            f = _dt.get_default_dtype()
            a = a.to(f) if isinstance(a, Tensor) else a
            b = b.to(f) if isinstance(b, Tensor) else b
        return _out(Div.apply(a, b), out)
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError("div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '%s'"
                           % rounding_mode)
    if not dt.is_floating_point:
        _zero_div_check(a, b)
    return _out((TruncDivide if rounding_mode == "trunc" else FloorDivide).apply(a, b), out)


def true_divide(input, other):
    return div(input, other)


def floor_divide(input, other):
    a, b, dt = promote("floor_divide", input, other)
    _no_bool_kernel(dt, "div_floor_cpu")
    _not_for(dt, "div_floor_cpu", _dt.COMPLEXES)
    if not dt.is_floating_point:
        _zero_div_check(a, b)
    return FloorDivideOp.apply(a, b)


def remainder(input, other):
    a, b, dt = promote("remainder", input, other)
    _no_bool_kernel(dt, "remainder_cpu")
    _not_for(dt, "remainder_cpu", _dt.COMPLEXES)
    if not dt.is_floating_point:
        _zero_div_check(a, b)
    return (Remainder if isinstance(a, Tensor) else RemainderOfNumber).apply(a, b)


def fmod(input, other):
    a, b, dt = promote("fmod", input, other)
    _no_bool_kernel(dt, "fmod_cpu")
    _not_for(dt, "fmod_cpu", _dt.COMPLEXES)
    if not dt.is_floating_point:
        _zero_div_check(a, b)
    return Fmod.apply(a, b)


def pow(input, exponent):
    a, b, dt = promote("pow", input, exponent)
    _no_bool_kernel(dt, "pow")
    if not dt.is_inexact:
        if isinstance(b, Tensor) and bool((b._data < 0).any()):
            return _int_pow_negative(a, b, dt)
        if not isinstance(b, Tensor) and b < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
    return (Pow if not isinstance(b, Tensor) else PowOfNumber if not isinstance(a, Tensor) else PowTensors).apply(a, b)


class PowTensors(Pow):  # torch names pow's node by which operands are tensors
    node_name = "PowBackward1"


class PowOfNumber(Pow):
    node_name = "PowBackward2"


def _no_bool_kernel(dt, kernel):
    if dt is _dt.bool_:
        raise NotImplementedError("\"%s\" not implemented for 'Bool'" % kernel)


def _int_pow_negative(a, b, dt):
    """Integer a ** b with some b < 0, as torch computes it: 1 / a^|b| truncates to 0 except for a = 1 and -1."""
    xp = b.xp
    base, e = array_of(a, None), b._data
    negative = xp.where(base == 1, 1, xp.where(base == -1, 1 - 2 * (e & 1), 0))
    return wrap(xp.where(e < 0, negative, base ** xp.maximum(e, 0)).astype(dt.np))


def float_power(input, exponent):
    """pow computed in float64."""
    return pow(input.double() if isinstance(input, Tensor) else input,
               exponent.double() if isinstance(exponent, Tensor) else exponent)


def maximum(input, other):
    for x in (input, other):
        refuse_complex(x, "maximum not implemented for complex tensors.")
    return _binary(Maximum, "maximum", input, other)


def minimum(input, other):
    for x in (input, other):
        refuse_complex(x, "minimum not implemented for complex tensors.")
    return _binary(Minimum, "minimum", input, other)


def fmax(input, other):
    # NaN loses; at a tie input takes the whole gradient (torch's fmax, unlike maximum, does not split it)
    return where(other.isnan() | (input >= other), input, other)


def fmin(input, other):
    return where(other.isnan() | (input <= other), input, other)


def atan2(input, other):
    a, b, dt = promote("atan2", input, other)
    if not dt.is_floating_point:  # integers promote together first, then become the default float
        a, b = float_input(a), float_input(b)
    return Atan2.apply(a, b)


arctan2 = _alias(atan2, "arctan2")


class Hypot(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.hypot(a, b))  # no overflow or underflow of a^2 + b^2
    grads = staticmethod(lambda ctx, g, a, b: _hypot_grads(g, a, b))


def _hypot_grads(g, a, b):
    # d hypot(a, b) = (a da + b db) / hypot(a, b): NaN at the origin, as in torch
    r = Hypot.apply(a, b)
    return g * a / r, g * b / r


def hypot(input, other):
    for x in (input, other):
        if not x.dtype.is_floating_point:
            raise NotImplementedError("\"hypot_cpu\" not implemented for '%s'" % _type_name(x.dtype))
    a, b, _ = promote("hypot", input, other)
    return Hypot.apply(a, b)


# --- unary ops: one line for the value, one for the gradient --------------------------------------------------------
class _Unary(Function):
    """y = f(x). ``uses`` says which of x and y the gradient formula reads, so only those are saved.
    ``array_grad``, where given, is the gradient rule on arrays, used when no graph of the backward is recorded."""
    _builtin = True
    uses = "x"
    array_grad = None

    @classmethod
    def forward(cls, ctx, x):
        y = wrap(cls.compute(x.xp, x._data))
        if cls.uses:  # "" saves nothing: an in-place write to x or y later cannot break this backward
            ctx.save_for_backward(x if cls.uses == "x" else y)
        return y

    @classmethod
    def backward(cls, ctx, g):
        saved = ctx.saved_tensors[0] if cls.uses else None
        if g.dtype.is_complex and saved is not None:  # holomorphic: g * conj(f'(x)) = g * f'(conj(x))
            saved = conj_if_complex(saved)
        if cls.array_grad is not None and not _grad_state.enabled:
            return _make(cls.array_grad(g.xp, g._data, None if saved is None else saved._data))
        return cls.grad(g, saved)


def _unary(name, compute, grad, uses="x", array_grad=None):
    return type(name, (_Unary,), {"compute": staticmethod(compute), "grad": staticmethod(grad), "uses": uses,
                                  "_builtin": True,
                                  "array_grad": None if array_grad is None else staticmethod(array_grad)})


_LN2, _LN10 = math.log(2.0), math.log(10.0)
Neg = _unary("Neg", lambda xp, x: -x, lambda g, x: -g, uses="")
Abs = _unary("Abs", lambda xp, x: xp.abs(x), lambda g, x: g * unit(x))  # unit(0) = 0: no gradient at the kink
Exp = _unary("Exp", lambda xp, x: xp.exp(x), lambda g, y: g * y, uses="y")
Exp2 = _unary("Exp2", lambda xp, x: xp.exp2(x), lambda g, y: g * y * _LN2, uses="y")
Expm1 = _unary("Expm1", lambda xp, x: xp.expm1(x), lambda g, y: g * (y + 1), uses="y")
Log = _unary("Log", lambda xp, x: xp.log(x), lambda g, x: g / x)
Log2 = _unary("Log2", lambda xp, x: xp.log2(x), lambda g, x: g / (x * _LN2))
Log10 = _unary("Log10", lambda xp, x: xp.log10(x), lambda g, x: g / (x * _LN10))
Log1p = _unary("Log1P",  # torch spells its node Log1PBackward0
                 lambda xp, x: xp.log1p(x), lambda g, x: g / (x + 1))
Sqrt = _unary("Sqrt", lambda xp, x: xp.sqrt(x), lambda g, y: g / (2 * y), uses="y")
Rsqrt = _unary("Rsqrt", lambda xp, x: 1 / xp.sqrt(x), lambda g, y: -0.5 * g * y * y * y, uses="y")
Sin = _unary("Sin", lambda xp, x: xp.sin(x), lambda g, x: g * x.cos())
Cos = _unary("Cos", lambda xp, x: xp.cos(x), lambda g, x: -g * x.sin())
Tan = _unary("Tan", lambda xp, x: xp.tan(x), lambda g, y: g * (1 + y * y), uses="y")
Asin = _unary("Asin", lambda xp, x: xp.arcsin(x), lambda g, x: g * (1 - x * x).rsqrt())
Acos = _unary("Acos", lambda xp, x: xp.arccos(x), lambda g, x: -g * (1 - x * x).rsqrt())
Atan = _unary("Atan", lambda xp, x: xp.arctan(x), lambda g, x: g / (1 + x * x))
Sinh = _unary("Sinh", lambda xp, x: xp.sinh(x), lambda g, x: g * x.cosh())
Cosh = _unary("Cosh", lambda xp, x: xp.cosh(x), lambda g, x: g * x.sinh())
Tanh = _unary("Tanh", lambda xp, x: xp.tanh(x), lambda g, y: g * (1 - y * y), uses="y")
Asinh = _unary("Asinh", lambda xp, x: xp.arcsinh(x), lambda g, x: g * (x * x + 1).rsqrt())
# (complex x: 1/sqrt(x^2 - 1) takes the other sign of the root on part of the plane; the principal branch of
# acosh has derivative 1 / (sqrt(x - 1) sqrt(x + 1)))
Acosh = _unary("Acosh", lambda xp, x: xp.arccosh(x), lambda g, x: g * ((x - 1).rsqrt() * (x + 1).rsqrt()
                                                                      if x.dtype.is_complex else (x * x - 1).rsqrt()))
Atanh = _unary("Atanh", lambda xp, x: xp.arctanh(x), lambda g, x: g / (1 - x * x))
Reciprocal = _unary("Reciprocal", lambda xp, x: 1 / x, lambda g, y: -g * y * y, uses="y")
Frac = _unary("Frac", lambda xp, x: x - xp.trunc(x), lambda g, x: g, uses="")
# relu's gradient at exactly 0 is 0 (torch's choice); writing relu as maximum(x, 0) would give half
# ~(y <= 0), not y > 0: a NaN output passes its gradient, as torch's threshold_backward does
def _relu_array_grad(xp, g, y):
    keep = y != 0  # y = relu(x) is >= 0 or NaN, so this is ~(y <= 0) in one pass
    # a multiply runs ~15x faster than where, but inf * 0 is NaN: it is taken only when g is all finite (one
    # reduction: g.g overflows only for inf, NaN or huge g, which take the exact where)
    flat = g.reshape(-1)
    return g * keep if not g.size or xp.isfinite(xp.dot(flat, flat)) else xp.where(keep, g, 0)


Relu = _unary("Relu", lambda xp, x: xp.maximum(x, 0), lambda g, y: _pass_where(~(y <= 0), g), uses="y",
              array_grad=_relu_array_grad)


def _pass_where(mask, g):
    """g where mask holds, an exact 0 elsewhere (never g * 0, which would turn an inf gradient into NaN)."""
    return where(mask, g, g.new_zeros(()))


def _sigmoid(xp, x):
    if x.dtype.kind == "c":  # (complex numbers have no sign to split by)
        return 1 / (1 + xp.exp(-x))
    # split by sign so exp never overflows: 1/(1+e^-x) for x >= 0, e^x/(1+e^x) for x < 0
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1 / (1 + e), e / (1 + e))


Sigmoid = _unary("Sigmoid", _sigmoid, lambda g, y: g * y * (1 - y), uses="y")


def _erf(xp, x):
    from .. import backend
    special = backend.special(xp)
    if special is None:
        raise RuntimeError("erf needs SciPy on the CPU (pip install scipy)")
    return special.erf(x)


_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
Erf = _unary("Erf", _erf, lambda g, x: g * _TWO_OVER_SQRT_PI * (-x * x).exp())


class _Step(Function):
    """Piecewise-constant ops (floor, ceil, round, trunc, sign): zero gradient everywhere."""
    _builtin = True

    @classmethod
    def forward(cls, ctx, x, *args):
        return wrap(cls.compute(x.xp, x._data, *args))

    @staticmethod
    def backward(ctx, g):
        # exact zeros, never g * 0: a NaN or inf gradient arriving from above must not leak through
        return (g.new_zeros(g.shape),) + (None,) * (len(ctx.needs_input_grad) - 1)


def _step(name, compute):
    return type(name, (_Step,), {"compute": staticmethod(compute), "_builtin": True})


Floor = _step("Floor", lambda xp, x: xp.floor(x))
Ceil = _step("Ceil", lambda xp, x: xp.ceil(x))
Trunc = _step("Trunc", lambda xp, x: xp.trunc(x))
Sign = _step("Sign", lambda xp, x: xp.where(xp.isnan(x), 0, xp.sign(x)).astype(x.dtype))  # sign(NaN) = 0
Sgn = _step("Sgn", Sign.compute)  # the same values on real input; torch records its own node
# the angle of a real number: pi below 0, else 0 (also at -0.0, as torch), NaN kept
Angle = _step("Angle", lambda xp, x: xp.where(x < 0, math.pi, xp.where(xp.isnan(x), x, 0)).astype(x.dtype))
Round = _step("Round", lambda xp, x, decimals=0: xp.round(x, decimals))  # half to even, as torch


def _float_unary(cls):
    def fn(input, *, out=None):
        if not isinstance(input, Tensor):
            raise TypeError("%s(): argument 'input' (position 1) must be Tensor, not %s" % (fn.__name__,
                                                                                          type(input).__name__))
        return _out(cls.apply(float_input(input)), out)
    fn.__name__ = fn.__qualname__ = cls.__name__.lower()  # so arity errors name the op, as torch's do
    return fn


exp, exp2, expm1 = _float_unary(Exp), _float_unary(Exp2), _float_unary(Expm1)
log, log2, log10, log1p = _float_unary(Log), _float_unary(Log2), _float_unary(Log10), _float_unary(Log1p)
_real_angle = _float_unary(Angle)


def angle(input, *, out=None):
    return _out(ComplexAngle.apply(input), out) if input.dtype.is_complex else _real_angle(input, out=out)


sqrt, rsqrt = _float_unary(Sqrt), _float_unary(Rsqrt)
sin, cos, tan = _float_unary(Sin), _float_unary(Cos), _float_unary(Tan)
asin, acos, atan = _float_unary(Asin), _float_unary(Acos), _float_unary(Atan)
arcsin, arccos, arctan = asin, acos, atan
sinh, cosh, tanh = _float_unary(Sinh), _float_unary(Cosh), _float_unary(Tanh)
asinh, acosh, atanh = _float_unary(Asinh), _float_unary(Acosh), _float_unary(Atanh)
sigmoid, erf, reciprocal = _float_unary(Sigmoid), _float_unary(Erf), _float_unary(Reciprocal)


def neg(input, *, out=None):
    if input.dtype is _dt.bool_:
        raise RuntimeError("Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
                           "invert a mask, use the `~` or `logical_not()` operator instead.")
    return _out(Neg.apply(input), out)


negative = neg


def _not_for(input, kernel, dtypes):
    """torch's NotImplementedError for a kernel that has no version for input's dtype (input: a tensor or a
    dtype)."""
    dt = input.dtype if isinstance(input, Tensor) else input
    if dt in dtypes:
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(dt)))


def abs(input, *, out=None):
    _not_for(input, "abs_cpu", (_dt.bool_,))
    return _out(Abs.apply(input), out)


absolute = abs


def relu(input):
    if input.dtype is _dt.bool_:
        raise RuntimeError("Boolean inputs not supported for relu")
    refuse_complex(input, "clamp is not supported for complex types", NotImplementedError)
    return Relu.apply(input)


def square(input, *, out=None):
    return _out(Pow.apply(input.long() if input.dtype is _dt.bool_ else input, 2), out)  # torch's square is pow(x, 2)


def frac(input, *, out=None):
    _not_for(input, "frac_cpu", _dt.INTEGRAL + (_dt.bool_,) + _dt.COMPLEXES)
    return _out(Frac.apply(input), out)


def sign(input, *, out=None):
    refuse_complex(input, "Unlike NumPy, torch.sign is not intended to support complex numbers. Please use "
                   "torch.sgn instead.", NotImplementedError)
    return _out(input.clone() if input.dtype is _dt.bool_ else Sign.apply(input), out)


def _rounding(cls, kernel):
    def fn(input, *, out=None):
        _not_for(input, kernel, (_dt.bool_,))
        refuse_complex(input, "%s is not supported for complex inputs" % fn.__name__, NotImplementedError)
        return _out(input.clone() if not input.dtype.is_floating_point else cls.apply(input), out)
    fn.__name__ = fn.__qualname__ = cls.__name__.lower()
    return fn


floor, ceil = _rounding(Floor, "floor_vml_cpu"), _rounding(Ceil, "ceil_vml_cpu")
trunc = fix = _rounding(Trunc, "trunc_vml_cpu")


def round(input, *, decimals=0, out=None):
    _not_for(input, "round_vml_cpu" if decimals == 0 else "round_cpu", (_dt.bool_,) + _dt.COMPLEXES)
    if not input.dtype.is_floating_point:
        _not_for(input, "round_cpu", () if decimals == 0 else _dt.INTEGRAL)
        return _out(input.clone(), out)
    return _out(Round.apply(input, decimals), out)


def sgn(input):
    if input.dtype.is_complex:
        return ComplexSgn.apply(input)
    return input.clone() if input.dtype is _dt.bool_ else Sgn.apply(input)


def signbit(input):
    refuse_complex(input, "signbit is not implemented for complex tensors.", NotImplementedError)
    return wrap(input.xp.signbit(input._data))


# --- clamp, where, lerp ---------------------------------------------------------------------------------------------
class Clamp(Function):
    """min(max(x, lo), hi) with number or tensor bounds (None for none). The gradient goes, as in torch, to x
    where lo <= x <= hi, to lo where x < lo < hi, and to hi where x > hi or hi < lo."""
    _builtin = True
    node_name = "ClampBackward1"  # number bounds (ClampWithTensors below takes tensors)

    @staticmethod
    def forward(ctx, x, lo, hi):
        xp = x.xp
        out = x._data
        if lo is not None:
            out = xp.maximum(out, array_of(lo, None))
        if hi is not None:
            out = xp.minimum(out, array_of(hi, None))
        ctx.save_for_backward(x, *(b if isinstance(b, Tensor) else None for b in (lo, hi)))
        ctx.numbers = tuple(None if isinstance(b, Tensor) else b for b in (lo, hi))
        ctx.shapes = shape_of(x), shape_of(lo), shape_of(hi)
        return wrap(out if out is not x._data else out.copy())

    @staticmethod
    def backward(ctx, g):
        x, lo, hi = ctx.saved_tensors
        lo = ctx.numbers[0] if lo is None else lo
        hi = ctx.numbers[1] if hi is None else hi
        need_x, need_lo, need_hi = ctx.needs_input_grad
        gx = glo = ghi = None
        if need_x:
            inside = x >= lo if lo is not None else None
            if hi is not None:
                inside = (x <= hi) if inside is None else inside & (x <= hi)
            gx = unbroadcast(_pass_where(inside, g), ctx.shapes[0])
        if need_lo:
            below = (x < lo) & (lo < hi) if hi is not None else x < lo
            glo = unbroadcast(_pass_where(below, g), ctx.shapes[1])
        if need_hi:
            above = (x > hi) | (hi < lo) if lo is not None else x > hi
            ghi = unbroadcast(_pass_where(above, g), ctx.shapes[2])
        return gx, glo, ghi


class ClampWithTensors(Clamp):
    node_name = "ClampBackward0"


class ClampMin(Clamp):
    node_name = "ClampMinBackward0"


class ClampMinWithTensors(Clamp):
    node_name = "ClampMinBackward1"


class ClampMax(Clamp):
    node_name = "ClampMaxBackward0"


class ClampMaxWithTensors(Clamp):
    node_name = "ClampMaxBackward1"


def clamp(input, min=None, max=None, *, out=None):
    return _clamp(input, min, max, out, (Clamp, ClampWithTensors))


def _clamp(input, min, max, out, nodes):
    """nodes: the Functions for number and for tensor bounds (clamp_min and clamp_max record their own)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    dt = _dt.result_type(input, *bounds)
    refuse_complex(input, "clamp is not supported for complex types", NotImplementedError)
    if any(isinstance(b, Tensor) for b in bounds):
        if not all(isinstance(b, Tensor) for b in bounds):
            raise TypeError("clamp() received an invalid combination of arguments - got (Tensor, %s, %s): min "
                            "and max must be both tensors or both numbers" % tuple(type(b).__name__ for b in (min, max)))
        check_same_device("clamp", input, *bounds)
        broadcast_shapes(*(shape_of(t) for t in [input] + bounds))
        min, max = (b.to(dt) if isinstance(b, Tensor) else b for b in (min, max))
    x = input if input.dtype is dt else input.to(dt)
    cls = nodes[isinstance(min, Tensor) or isinstance(max, Tensor)]
    return _out(cls.apply(x, min, max), out)


clip = clamp


def clamp_min(input, min, *, out=None):
    return _clamp(input, min, None, out, (ClampMin, ClampMinWithTensors))


def clamp_max(input, max, *, out=None):
    return _clamp(input, None, max, out, (ClampMax, ClampMaxWithTensors))


class Where(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.save_for_backward(cond)
        ctx.shapes = shape_of(a), shape_of(b)
        xp = cond.xp
        return wrap(xp.where(cond._data, array_of(a, None), array_of(b, None)))

    @staticmethod
    def backward(ctx, g):
        (cond,) = ctx.saved_tensors
        # the untaken branch gets an exact 0, never g * NaN
        zero = g.new_zeros(())
        return (None, unbroadcast(where(cond, g, zero), ctx.shapes[0]) if ctx.needs_input_grad[1] else None,
                unbroadcast(where(cond, zero, g), ctx.shapes[1]) if ctx.needs_input_grad[2] else None)


def where(condition, input=None, other=None):
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if condition.dtype is not _dt.bool_:
        if condition.dtype is _dt.uint8:
            condition = condition.bool()
        else:
            raise RuntimeError("where expected condition to be a boolean tensor, but got a tensor with dtype %s"
                               % _type_name(condition.dtype))
    check_same_device("where", condition, input, other)
    a, b, dt = promote("where", input, other)
    broadcast_shapes(tuple(condition.shape), shape_of(a), shape_of(b))
    if not isinstance(a, Tensor):
        a = Tensor._make(condition.xp.asarray(a, dtype=dt.np))
    if not isinstance(b, Tensor):
        b = Tensor._make(condition.xp.asarray(b, dtype=dt.np))
    return Where.apply(condition, a, b)


def _type_name(d):
    from ..tensor import _type_name as name
    return name(d)


def lerp(input, end, weight):
    _not_for(input, "lerp_kernel_scalar", _dt.INTEGRAL + (_dt.bool_,))
    for name, x in (("end", end), ("weight", weight)):
        if isinstance(x, Tensor) and x.dtype is not input.dtype:
            raise RuntimeError("expected dtype %s for `%s` but got dtype %s"
                               % (_c_name(input.dtype), name, _c_name(x.dtype)))
    return input + weight * (end - input)


def _c_name(d):
    return {"float32": "float", "float64": "double", "float16": "c10::Half"}.get(d.name, d.name)


def addcmul(input, tensor1, tensor2, *, value=1):
    return input + value * tensor1 * tensor2


def addcdiv(input, tensor1, tensor2, *, value=1):
    if not tensor1.dtype.is_inexact and not tensor2.dtype.is_inexact:
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future release addcdiv "
                           "will perform a true division of tensor1 and tensor2 (got %s and %s)."
                           % (tensor1.dtype, tensor2.dtype))
    return input + value * tensor1 / tensor2


def xlogy(input, other):
    """input * log(other), 0 where input is 0 (unless other is NaN), computed in the promoted float dtype."""
    a, b, dt = promote("xlogy", input, other)
    if not dt.is_floating_point:
        dt = _dt.get_default_dtype()
    a = a.to(dt) if isinstance(a, Tensor) else Tensor._make(b.xp.asarray(a, dtype=dt.np))
    b = b.to(dt) if isinstance(b, Tensor) else Tensor._make(a.xp.asarray(b, dtype=dt.np))
    return Xlogy.apply(a, b)


class Xlogy(_Binary):
    # a * log(b), defined as 0 where a = 0 (for every b but NaN)
    compute = staticmethod(lambda xp, a, b: xp.where((a == 0) & ~xp.isnan(b), 0, a * xp.log(b)))
    # d/da = log(b), taken as 0 where a = 0 and b <= 0; d/db = a / b (torch's formulas). xlogy(g, b), not
    # g * log(b): a zero gradient stays zero where log(b) is NaN
    grads = staticmethod(lambda ctx, g, a, b: (xlogy(g, b).masked_fill((a == 0) & (b <= 0), 0), g * a / b))


# --- comparisons and logical ops (bool results, no gradient) -------------------------------------------------------
def _compare(name, fn, ordered=False):
    """ordered: an ordering (<, <=, >, >=), which complex numbers do not have."""
    def op(input, other):
        a, b, dt = promote(name, input, other)
        if ordered:
            _not_for(dt, name + "_cpu", _dt.COMPLEXES)
        if isinstance(a, Tensor) and isinstance(b, Tensor):
            _check_broadcast(a, b)
        t = a if isinstance(a, Tensor) else b
        return wrap(fn(t.xp, array_of(a, None), array_of(b, None)))
    op.__name__ = name
    return op


eq = _compare("eq", lambda xp, a, b: a == b)
ne = _compare("ne", lambda xp, a, b: a != b)
lt = _compare("lt", lambda xp, a, b: a < b, ordered=True)
le = _compare("le", lambda xp, a, b: a <= b, ordered=True)
gt = _compare("gt", lambda xp, a, b: a > b, ordered=True)
ge = _compare("ge", lambda xp, a, b: a >= b, ordered=True)


greater, greater_equal, less, less_equal, not_equal = (_alias(fn, name) for fn, name in (
    (gt, "greater"), (ge, "greater_equal"), (lt, "less"), (le, "less_equal"), (ne, "not_equal")))


class _ComparedInPlace(Function):
    """self.gt_(other) and the like on a tensor that requires grad: self's new values (the comparison, in self's
    dtype) get a node of their own whose gradient is zero for every tensor input, as torch records it (not
    self's old history)."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, self, other, values):
        return wrap(values.astype(self.dtype.np))

    @staticmethod
    def backward(ctx, g):
        # d(a > b)/da = d(a > b)/db = 0
        return tuple(None if m is None else g.new_zeros(m[0]) for m in ctx._input_meta[:2]) + (None,)


_COMPARED_NODES = {}  # (comparison, other is a tensor) -> its _ComparedInPlace class, named as torch's node


def compared_in_place(fn, self, args, kwargs, result):
    """result of the in-place form of comparison fn on self, with torch's zero-gradient history when self
    requires grad (any other fn: result as it is)."""
    prefix = _COMPARISONS.get(fn)
    if prefix is None or not (self.requires_grad and _grad_state.enabled):
        return result
    other = args[0] if args else kwargs.get("other")
    key = prefix, isinstance(other, Tensor)
    cls = _COMPARED_NODES.get(key)
    if cls is None:
        cls = _COMPARED_NODES[key] = type(prefix + "InPlace", (_ComparedInPlace,),
                                          {"node_name": "%sBackward%d" % (prefix, key[1])})
    return cls.apply(self, other, result._data)


_COMPARISONS = {eq: "Eq", ne: "Ne", lt: "Lt", le: "Le", gt: "Gt", ge: "Ge"}
logical_and = _compare("logical_and", lambda xp, a, b: xp.logical_and(a, b))
logical_or = _compare("logical_or", lambda xp, a, b: xp.logical_or(a, b))
logical_xor = _compare("logical_xor", lambda xp, a, b: xp.logical_xor(a, b))


def logical_not(input):
    return wrap(input.xp.logical_not(input._data))


def _bitwise(name, fn, kernel=None):
    kernel = kernel or name + "_cpu"
    def op(input, other):
        a, b, dt = promote(name, input, other)
        if dt.is_floating_point:
            raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(dt)))
        _check_broadcast(a, b)
        t = a if isinstance(a, Tensor) else b
        return wrap(fn(t.xp, array_of(a, None), array_of(b, None)))
    op.__name__ = name
    return op


bitwise_and = _bitwise("bitwise_and", lambda xp, a, b: xp.bitwise_and(a, b))
bitwise_or = _bitwise("bitwise_or", lambda xp, a, b: xp.bitwise_or(a, b))
bitwise_xor = _bitwise("bitwise_xor", lambda xp, a, b: xp.bitwise_xor(a, b))
bitwise_left_shift = _bitwise("bitwise_left_shift", lambda xp, a, b: xp.left_shift(a, b), "lshift_cpu")
bitwise_right_shift = _bitwise("bitwise_right_shift", lambda xp, a, b: xp.right_shift(a, b), "rshift_cpu")


def bitwise_not(input):
    _not_for(input, "bitwise_not_cpu", _dt.FLOATING)
    return wrap(input.xp.invert(input._data))


def isnan(input):
    return wrap(input.xp.isnan(input._data))


def isinf(input):
    return wrap(input.xp.isinf(input._data))


def isfinite(input):
    return wrap(input.xp.isfinite(input._data))


def isposinf(input):
    return wrap(input.xp.isposinf(input._data))


def isneginf(input):
    return wrap(input.xp.isneginf(input._data))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """|input - other| <= atol + rtol |other| (Tensor operands: arguments.OPERANDS)."""
    for name, tolerance in (("rtol", rtol), ("atol", atol)):
        if tolerance < 0:
            raise RuntimeError("%s must be greater than or equal to zero, but got %g" % (name, tolerance))
    if input.dtype is not other.dtype:
        raise RuntimeError("%s did not match %s" % (_type_name(input.dtype), _type_name(other.dtype)))
    _check_broadcast(input, other)
    a, b, _ = promote("isclose", input, other)
    return wrap(input.xp.isclose(array_of(a, None), array_of(b, None), rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


def equal(input, other):
    for position, (param, value) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(value, Tensor):
            raise TypeError("equal(): argument '%s' (position %d) must be Tensor, not %s"
                            % (param, position, type(value).__name__))
    return tuple(input.shape) == tuple(other.shape) and bool((input == other).all())


class NanToNum(Function):
    """NaN, +inf and -inf replaced by numbers (by default 0 and the dtype's largest and lowest finite values)."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, nan, posinf, neginf):
        ctx.save_for_backward(x)
        return wrap(x.xp.nan_to_num(x._data, nan=nan, posinf=posinf, neginf=neginf))

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return g * x.isfinite(), None, None, None  # a product, as torch's: a NaN from above stays NaN


def nan_to_num(input, nan=0.0, posinf=None, neginf=None, *, out=None):
    for name, value in (("nan", nan), ("posinf", posinf), ("neginf", neginf)):
        if value is not None and (isinstance(value, Tensor) or not isinstance(value, (int, float))):
            raise TypeError("nan_to_num(): argument '%s' must be float, not %s" % (name, type(value).__name__))
    if not input.dtype.is_floating_point:
        return _out(input.clone(), out)
    return _out(NanToNum.apply(input, nan, posinf, neginf), out)


# --- casts and device moves ----------------------------------------------------------------------------------------
class Cast(Function):
    _builtin = True
    node_name = "ToCopyBackward0"  # torch's x.to(dtype) runs _to_copy

    @staticmethod
    def forward(ctx, x, dtype):
        ctx.src = x.dtype
        data = x._data
        if x.dtype.is_complex and not dtype.is_complex and dtype is not _dt.bool_:  # (to bool: z != 0)
            import warnings
            warnings.warn("Casting complex values to real discards the imaginary part", UserWarning, stacklevel=4)
            data = data.real
        return wrap(data.astype(dtype.np))

    @staticmethod
    def backward(ctx, g):
        return (cast_grad(g, ctx.src) if ctx.src in _dt.DIFFERENTIABLE else None), None


def cast(x, dtype):
    return Cast.apply(x, dtype)


class Move(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, device):
        from .. import backend
        ctx.src = x.device
        return wrap(backend.to_device(x._data, device))

    @staticmethod
    def backward(ctx, g):
        return g.to(ctx.src), None


def move(x, device):
    return Move.apply(x, device)


def _out(result, out):
    """Honour an ``out=`` argument: write into it (resizing as torch does) and return that same object."""
    if out is None:
        return result
    if tuple(out.shape) != tuple(result.shape):
        out._data = out.xp.empty(result.shape, dtype=out.dtype.np)
    out.copy_(result)
    return out


# --- in-place variants: compute out of place, then write into self ---------------------------------------------------
def _inplace(fn, name):
    def method(self, *args, **kwargs):
        return self._apply_inplace(compared_in_place(fn, self, args, kwargs, fn(self, *args, **kwargs)), name)
    method.__name__ = name
    method.__wrapped__ = fn  # its signature is fn's: what torch's argument check (arguments.bound) reads
    return method


subtract, multiply, divide = sub, mul, div
_INPLACE_OF = {name: globals()[name] for name in (
    "add", "sub", "mul", "div", "pow", "neg", "abs", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p",
    "sqrt", "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "relu",
    "floor", "ceil", "round", "trunc", "frac", "sign", "clamp", "clamp_min", "clamp_max", "reciprocal", "square",
    "remainder", "fmod", "floor_divide", "lerp", "hypot", "float_power", "addcmul", "addcdiv", "erf", "atan2", "maximum", "minimum",
    "logical_not", "logical_and", "logical_or", "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_not", "nan_to_num", "eq", "ne", "lt", "le", "gt", "ge", "clip", "true_divide", "subtract", "multiply",
    "divide", "negative")}
INPLACE = {name + "_": _inplace(fn, name + "_") for name, fn in _INPLACE_OF.items()}
_unchecked_float_power_ = INPLACE["float_power_"]


def _float_power_(self, exponent):
    if self.dtype is not _dt.float64:  # the result is float64, which only a float64 tensor can hold in place
        raise RuntimeError("the base given to float_power_ has dtype %s but the operation's result requires dtype "
                           "Double" % _type_name(self.dtype))
    return _unchecked_float_power_(self, exponent)


_float_power_.__name__ = "float_power_"
INPLACE["float_power_"] = _float_power_

FUNCTIONS = [
    "add", "sub", "rsub", "mul", "div", "true_divide", "floor_divide", "remainder", "fmod", "pow", "maximum",
    "minimum", "fmax", "fmin", "atan2", "arctan2", "hypot", "float_power", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sqrt",
    "rsqrt", "sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "asinh", "acosh", "atanh", "sigmoid", "erf", "reciprocal", "neg", "negative", "abs", "absolute", "relu",
    "square", "frac", "sign", "sgn", "signbit", "floor", "ceil", "trunc", "fix", "round", "clamp", "clip",
    "clamp_min", "clamp_max", "where", "lerp", "addcmul", "addcdiv", "xlogy", "eq", "ne", "lt", "le", "gt", "ge",
    "greater", "greater_equal", "less", "less_equal", "not_equal", "logical_and", "logical_or", "logical_xor",
    "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
    "bitwise_right_shift", "isnan", "isinf", "isfinite", "isposinf", "isneginf", "isclose", "allclose", "equal",
    "nan_to_num", "angle"]
FUNCTIONS += ["subtract", "multiply", "divide"]


def _reflected(fn):
    return lambda self, other: fn(other, self)


def _apply_same(cls):
    """cls.apply(a, b) for two CPU tensors of one shape and dtype, the arithmetic operators' common case (a _Binary
    with a kernel): forward's kernel and saved operands, and the node apply would record (record_same). The class's
    attributes are read once here: reading a class attribute is a dictionary lookup every time."""
    kernel, saves, node = cls.kernel, cls.saves, cls._backward_cls
    kept = {(na, nb): cls.kept(na, nb) for na in (False, True) for nb in (False, True)}

    def apply_same(a, b):
        out = _make(kernel(a._data, b._data))
        if (a._requires_grad or b._requires_grad) and _grad_state.enabled:
            ctx = node()
            if saves:
                keep_a, keep_b = kept[a._requires_grad, b._requires_grad]
                ctx.save_for_backward(a if keep_a else None, b if keep_b else None)
            record_same(ctx, a, b, out)
        return out
    return apply_same


def _operator(cls, name, general):
    """``t + u`` / ``t * u``: operands already of one dtype (or a float with a float tensor) go straight to the
    Function, skipping the general promotion that gives the same operands back; two tensors of one shape too take
    its shortest path, _apply_same."""
    apply_same = _apply_same(cls)

    def op(self, other):
        if isinstance(other, Tensor) and other.dtype is self.dtype:
            if _HAS_CUPY:
                check_same_device(name, self, other)
            elif self._data.shape == other._data.shape and _function.fast_paths:  # (no CuPy: all on the CPU)
                return apply_same(self, other)
            return cls.apply(self, other)
        if type(other) is float and self.dtype.category == _dt.FLOAT:
            return cls.apply(self, other)
        return general(self, other)
    return op


def _bool_or_bitwise(logical, bitwise):
    def op(a, b):
        a_dt = a.dtype if isinstance(a, Tensor) else _dt.scalar_dtype(a)
        b_dt = b.dtype if isinstance(b, Tensor) else _dt.scalar_dtype(b)
        if a_dt is _dt.bool_ and b_dt is _dt.bool_:
            return logical(a, b)
        return bitwise(a, b)
    return op


def _invert(self):
    if self.dtype is _dt.bool_:
        return logical_not(self)
    if self.dtype.is_floating_point:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return bitwise_not(self)


_and = _bool_or_bitwise(logical_and, bitwise_and)
_or = _bool_or_bitwise(logical_or, bitwise_or)
_xor = _bool_or_bitwise(logical_xor, bitwise_xor)

OPERATORS = {
    "__add__": _operator(Add, "add", add), "__radd__": _reflected(add), "__sub__": sub, "__rsub__": _reflected(sub),
    "__mul__": _operator(Mul, "mul", mul), "__rmul__": _reflected(mul), "__truediv__": div, "__rtruediv__": _reflected(div),
    "__floordiv__": floor_divide, "__rfloordiv__": _reflected(floor_divide), "__mod__": remainder,
    "__rmod__": _reflected(remainder), "__pow__": pow, "__rpow__": _reflected(pow), "__neg__": neg,
    "__pos__": lambda self: self, "__abs__": abs, "__eq__": eq, "__ne__": ne, "__lt__": lt, "__le__": le,
    "__gt__": gt, "__ge__": ge, "__and__": _and, "__rand__": _reflected(_and), "__or__": _or,
    "__ror__": _reflected(_or), "__xor__": _xor, "__rxor__": _reflected(_xor),
    "__invert__": _invert,
    "__lshift__": bitwise_left_shift, "__rshift__": bitwise_right_shift,
    "__iadd__": INPLACE["add_"], "__isub__": INPLACE["sub_"], "__imul__": INPLACE["mul_"],
    "__itruediv__": INPLACE["div_"], "__ifloordiv__": INPLACE["floor_divide_"], "__imod__": INPLACE["remainder_"],
    "__ipow__": INPLACE["pow_"], "__iand__": _inplace(_and, "__iand__"), "__ior__": _inplace(_or, "__ior__"),
    "__ixor__": _inplace(_xor, "__ixor__"),
}
