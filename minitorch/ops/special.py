"""Special functions: logaddexp(2), copysign, heaviside, nextafter, ldexp, sinc, lgamma, digamma, polygamma,
mvlgamma, erfinv, erfc, i0/i0e/i1/i1e, logit, xlog1py, entr, ndtr/ndtri/log_ndtr.

Values come from SciPy's special functions through the backend seam (``backend.special``); each gradient is
written with Tensor ops (so it is itself differentiable) using torch's formulas, NaN/inf edges included.
"""
import math

from .. import backend
from .. import dtypes as _dt
from ..tensor import Tensor
from ._util import float_input, promote
from .elementwise import _Binary, _no_derivative, _unary, _type_name, where

_PI, _SQRT_PI, _SQRT_2PI = math.pi, math.sqrt(math.pi), math.sqrt(2 * math.pi)
_LN2 = math.log(2.0)


def _sp(xp, name):
    """SciPy's (or CuPy's) special function ``name``."""
    special = backend.special(xp)
    if special is None:
        raise RuntimeError("%s needs SciPy on the CPU (pip install scipy)" % name)
    return getattr(special, name)


def _opmath(compute):
    """compute(xp, x) run in float32 for a float16 x (rounded once at the end), as torch's kernels do."""
    def run(xp, x):
        if x.dtype == xp.float16:
            return compute(xp, x.astype(xp.float32)).astype(x.dtype)
        return compute(xp, x)
    return run


def _scipy(name):
    """compute(xp, x) for SciPy's ufunc ``name``, in x's own dtype."""
    return _opmath(lambda xp, x: _sp(xp, name)(x).astype(x.dtype, copy=False))


def _check_tensor(fn, input, arg="input", position=1):
    if not isinstance(input, Tensor):
        raise TypeError("%s(): argument '%s' (position %d) must be Tensor, not %s"
                        % (fn, arg, position, type(input).__name__))


def _float_op(cls, name, half=True):
    """The function for a float-valued unary Function: integer and bool inputs become the default float.
    ``half``: torch has a float16 kernel for it."""
    def fn(input):
        _check_tensor(name, input)
        if not half and input.dtype is _dt.float16:
            raise NotImplementedError("\"%s_cpu\" not implemented for 'Half'" % name)
        return cls.apply(float_input(input))
    fn.__name__ = fn.__qualname__ = name
    return fn


# --- unary ops: value from SciPy, gradient as torch writes it ------------------------------------------------------
def _lgamma(xp, x):
    y = _sp(xp, "gammaln")(x).astype(x.dtype, copy=False)
    return xp.where(xp.isneginf(x), xp.inf, y)  # torch's lgamma(-inf) = inf (SciPy gives -inf)


def _trigamma(xp, x):
    """psi'(x) as torch computes it, in x's dtype: the reflection -pi^2 / sin^2(pi x) for x < 1/2 (so NaN at -inf
    and huge, not inf, near negative integers), six recurrence steps, then the asymptotic series."""
    reflect = x < 0.5
    result = xp.where(reflect, -(_PI * _PI) / xp.sin(_PI * x) ** 2, 0).astype(x.dtype, copy=False)
    x = xp.where(reflect, 1 - x, x)
    for _ in range(6):
        result = result + 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    result = result + (1 + 1 / (2 * x) + ixx * (1 / 6 - ixx * (1 / 30 - ixx * (1 / 42)))) / x
    return xp.where(reflect, -result, result).astype(x.dtype, copy=False)


def _polygamma_n(n):
    """psi^(n)(x) for n >= 2 from SciPy; NaN at +inf, as torch's (-1)^(n+1) n! zeta(n+1, x) gives."""
    def compute(xp, x):
        return xp.where(xp.isposinf(x), xp.nan, _sp(xp, "polygamma")(n, x)).astype(x.dtype, copy=False)
    return _opmath(compute)


_POLYGAMMA = {}


def _polygamma_cls(n):
    """The Function for polygamma(n, .): d/dx psi^(n)(x) = psi^(n+1)(x)."""
    if n not in _POLYGAMMA:
        compute = _scipy("psi") if n == 0 else _opmath(_trigamma) if n == 1 else _polygamma_n(n)
        _POLYGAMMA[n] = _unary("Digamma" if n == 0 else "Polygamma", compute,
                               lambda g, x: g * _polygamma_cls(n + 1).apply(x))
    return _POLYGAMMA[n]


def _i1_grad(g, x, y):
    # d i1 = i0(x) - i1(x) / x, 1/2 at x = 0
    return g * where(x.abs() > 0, I0.apply(x) - y / x, x.new_full((), 0.5))  # (NaN too takes 1/2, as in torch)


def _i1e_grad(g, x, y):
    # d i1e = i0e(x) - i1e(x) (sgn(x) + 1/x), 1/2 at x = 0
    return g * where(x.abs() > 0, I0e.apply(x) - y * (x.sign() + 1 / x), x.new_full((), 0.5))


Lgamma = _unary("Lgamma", _opmath(_lgamma), lambda g, x: g * _polygamma_cls(0).apply(x))
Erfinv = _unary("Erfinv", _scipy("erfinv"),  # d erfinv = sqrt(pi)/2 exp(erfinv(x)^2)
                lambda g, y: g * (_SQRT_PI / 2) * (y * y).exp(), uses="y")
Erfc = _unary("Erfc", _scipy("erfc"), lambda g, x: g * (-2 / _SQRT_PI) * (-x * x).exp())
I0 = _unary("I0", _scipy("i0"), lambda g, x: g * I1.apply(x))
I0e = _unary("I0e", _scipy("i0e"), lambda g, x: g * (I1e.apply(x) - x.sign() * I0e.apply(x)))
I1 = _unary("I1", _scipy("i1"), lambda g, x: _i1_grad(g, x, I1.apply(x)))
I1e = _unary("I1e", _scipy("i1e"), lambda g, x: _i1e_grad(g, x, I1e.apply(x)))
Ndtr = _unary("Ndtr", _scipy("ndtr"), lambda g, x: g * (-x * x / 2).exp() / _SQRT_2PI)
Ndtri = _unary("Ndtri", _scipy("ndtri"), lambda g, y: g * _SQRT_2PI * (y * y / 2).exp(), uses="y")
# d log_ndtr = phi(x) / ndtr(x) = exp(-(log_ndtr(x) + x^2/2)) / sqrt(2 pi)
LogNdtr = _unary("LogNdtr", _scipy("log_ndtr"),
                 lambda g, x: g / _SQRT_2PI * (-(LogNdtr.apply(x) + x * x / 2)).exp())
# -x log x, 0 at 0, -inf below 0, NaN at NaN; d = -(1 + log x)
Entr = _unary("Entr", _opmath(lambda xp, x: xp.where(x > 0, -x * xp.log(xp.where(x > 0, x, 1)),
                                             xp.where(x < 0, -xp.inf, x)).astype(x.dtype, copy=False)),
              lambda g, x: g * -(1 + x.log()))


def _sinc(xp, x):
    px = _PI * x
    safe = xp.where(x == 0, 1, px)
    return xp.where(x == 0, 1, xp.sin(safe) / safe).astype(x.dtype, copy=False)


def _sinc_grad(g, x):
    # d sinc = (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at x = 0
    px = x * _PI
    d = (px * px.cos() - px.sin()) / (px * x)
    return (g * d).masked_fill(x == 0, 0)


Sinc = _unary("Sinc", _opmath(_sinc), _sinc_grad)

lgamma, erfinv, erfc = _float_op(Lgamma, "lgamma"), _float_op(Erfinv, "erfinv"), _float_op(Erfc, "erfc")
i0, i0e, i1, i1e = _float_op(I0, "i0"), _float_op(I0e, "i0e"), _float_op(I1, "i1"), _float_op(I1e, "i1e")
ndtr, ndtri, log_ndtr = _float_op(Ndtr, "ndtr"), _float_op(Ndtri, "ndtri", False), _float_op(LogNdtr, "log_ndtr", False)
entr, sinc = _float_op(Entr, "entr"), _float_op(Sinc, "sinc")


def polygamma(n, input):
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("polygamma(): argument 'n' (position 1) must be int, not %s" % type(n).__name__)
    _check_tensor("polygamma", input, position=2)
    if n < 0:
        raise RuntimeError("polygamma(n, x) does not support negative n.")
    return _polygamma_cls(n).apply(float_input(input))


def digamma(input):
    _check_tensor("digamma", input)
    return _polygamma_cls(0).apply(float_input(input))


def _polygamma_method(self, n):
    return polygamma(n, self)


def mvlgamma(input, p):
    """log of the multivariate gamma: p(p-1)/4 log(pi) + sum_{j<p} lgamma(x - j/2)."""
    _check_tensor("mvlgamma", input)
    if not isinstance(p, int) or isinstance(p, bool):
        raise TypeError("mvlgamma(): argument 'p' (position 2) must be int, not %s" % type(p).__name__)
    if p < 1:
        raise RuntimeError("p has to be greater than or equal to 1")
    x = float_input(input)  # (no domain check: torch 2.13 gives inf/NaN for x <= (p-1)/2)
    js = x.new_tensor([-j / 2 for j in range(p)])
    return lgamma(x.unsqueeze(-1) + js).sum(-1) + p * (p - 1) / 4 * math.log(math.pi)


def logit(input, eps=None):
    """log(x / (1 - x)), x first clamped to [eps, 1 - eps] when eps is given."""
    _check_tensor("logit", input)
    return (Logit if eps is None else _logit_eps(eps)).apply(float_input(input))


def _logit_grad(lo, hi, outside):
    # d logit = 1 / (x (1 - x)); outside [lo, hi]: NaN without eps, 0 with it (torch's logit_backward)
    def grad(g, x):
        return where((x < lo) | (x > hi), x.new_full((), outside), g / (x * (1 - x)))
    return grad


def _logit_compute(lo, hi):
    def compute(xp, x):
        # x < lo takes lo, else x > hi takes hi (so eps > 1/2, where lo > hi, flips as torch's clamp does)
        c = x if lo == 0 else xp.where(x < lo, lo, xp.where(x > hi, hi, x)).astype(x.dtype, copy=False)
        return xp.log(c / (1 - c))
    return _opmath(compute)


Logit = _unary("Logit", _logit_compute(0, 1), _logit_grad(0, 1, math.nan))


def _logit_eps(eps):
    return _unary("Logit", _logit_compute(eps, 1 - eps), _logit_grad(eps, 1 - eps, 0.0))


# --- binary ops ---------------------------------------------------------------------------------------------------
def _float_operands(name, input, other, int_to_float=True):
    """Both operands as tensors of torch's result dtype (the default float for integers, when int_to_float)."""
    a, b, dt = promote(name, input, other)
    if not dt.is_floating_point:
        if not int_to_float:
            raise NotImplementedError("\"%s_cpu\" not implemented for '%s'" % (name, _type_name(dt)))
        dt = _dt.get_default_dtype()
    t = a if isinstance(a, Tensor) else b
    a = a.to(dt) if isinstance(a, Tensor) else Tensor._make(t.xp.asarray(a, dtype=dt.np))
    b = b.to(dt) if isinstance(b, Tensor) else Tensor._make(t.xp.asarray(b, dtype=dt.np))
    return a, b


class LogAddExp(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.logaddexp(a, b))
    # d/da = 1 / (1 + exp(b - a)), d/db = 1 / (1 + exp(a - b)) (torch's formulas: NaN where a = b = +-inf)
    grads = staticmethod(lambda ctx, g, a, b: (g / (1 + (b - a).exp()), g / (1 + (a - b).exp())))


class LogAddExp2(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.logaddexp2(a, b))
    grads = staticmethod(lambda ctx, g, a, b: (g / (1 + (b - a).exp2()), g / (1 + (a - b).exp2())))


def logaddexp(input, other):
    _check_tensor("logaddexp", input)
    _check_tensor("logaddexp", other, "other", 2)
    return LogAddExp.apply(*_float_operands("logaddexp", input, other, int_to_float=False))


def logaddexp2(input, other):
    _check_tensor("logaddexp2", input)
    _check_tensor("logaddexp2", other, "other", 2)
    return LogAddExp2.apply(*_float_operands("logaddexp2", input, other, int_to_float=False))


class CopySign(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.copysign(a, b))
    # d/da = copysign(a, b) / a, 0 at a = 0; d/db = 0
    grads = staticmethod(lambda ctx, g, a, b: (
        g * where(a == 0, a.new_zeros(()), copysign(a, b) / a), g.new_zeros(g.shape)))


def copysign(input, other):
    _check_tensor("copysign", input)
    return CopySign.apply(*_float_operands("copysign", input, other))


class Xlog1py(_Binary):
    # a * log1p(b), 0 where a = 0 (for every b but NaN)
    compute = staticmethod(lambda xp, a, b: xp.where((a == 0) & ~xp.isnan(b), 0, a * xp.log1p(b)))
    # d/da = log1p(b), 0 where a = 0 and b <= -1; d/db = a / (b + 1)
    grads = staticmethod(lambda ctx, g, a, b: (xlog1py(g, b).masked_fill((a == 0) & (b <= -1), 0),
                                               g * a / (b + 1)))


def xlog1py(input, other):
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise TypeError("xlog1py(): one of 'input' and 'other' must be a Tensor, got %s and %s"
                        % (type(input).__name__, type(other).__name__))
    return Xlog1py.apply(*_float_operands("xlog1py", input, other))


class Heaviside(_Binary):
    compute = staticmethod(lambda xp, a, b: xp.where(a == 0, b, (a > 0).astype(a.dtype)).astype(a.dtype))
    grads = _no_derivative("heaviside")


def heaviside(input, values):
    _check_tensor("heaviside", input)
    _check_tensor("heaviside", values, "values", 2)
    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return Heaviside.apply(input, values)


class NextAfter(_Binary):
    node_name = "NextafterBackward0"
    compute = staticmethod(lambda xp, a, b: xp.nextafter(a, b))
    # torch's derivative: g for a (0 where a == b, which returns b), 0 for b
    grads = staticmethod(lambda ctx, g, a, b: (where(a == b, g.new_zeros(()), g), g.new_zeros(g.shape)))


def nextafter(input, other):
    _check_tensor("nextafter", input)
    _check_tensor("nextafter", other, "other", 2)
    a, b = _float_operands("nextafter", input, other, int_to_float=False)
    return NextAfter.apply(a, b)


class Ldexp(_Binary):
    compute = staticmethod(lambda xp, a, b: a * xp.exp2(b.astype(a.dtype)))
    # d/da = 2^b, computed in b's own dtype as torch does (an integer 2^b: 0 for b < 0, wrapping on overflow);
    # d/db = ldexp(a, b) ln 2 (b floating point only)
    grads = staticmethod(lambda ctx, g, a, b: (g * 2 ** b, g * Ldexp.apply(a, b) * _LN2 if b.dtype.is_floating_point
                                               else None))


def ldexp(input, other):
    """input * 2^other, in the promoted float dtype."""
    _check_tensor("ldexp", input)
    _check_tensor("ldexp", other, "other", 2)
    a, b = _float_operands("ldexp", input, other)
    return Ldexp.apply(a, b if other.dtype.is_floating_point else other)


# (i0e, i1, i1e, xlog1py, entr, ndtr, ndtri, log_ndtr are in minitorch.special only, as in torch)
FUNCTIONS = ["logaddexp", "logaddexp2", "copysign", "heaviside", "nextafter", "ldexp", "sinc", "lgamma", "digamma",
             "polygamma", "mvlgamma", "erfinv", "erfc", "i0", "logit"]
METHODS = {"polygamma": _polygamma_method}
INPLACE_OF = {"lgamma_": lgamma, "digamma_": digamma, "polygamma_": _polygamma_method, "mvlgamma_": mvlgamma,
              "erfinv_": erfinv, "erfc_": erfc, "i0_": i0, "sinc_": sinc, "logit_": logit, "copysign_": copysign,
              "heaviside_": heaviside, "nextafter_": nextafter, "ldexp_": ldexp}
NOT_METHODS = ["polygamma"]
