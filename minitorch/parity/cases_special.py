"""Parity cases for the special functions (minitorch.special and the top-level logaddexp, copysign, lgamma, ...):
outputs and gradients (second derivatives where torch has them), int inputs, broadcasting and inf/NaN/zero edges."""
import math

import numpy

from .cases_elementwise import second_order
from .helpers import grads_of, leaf, values
from .registry import case

_INF, _NAN = math.inf, math.nan

UNARY = {  # name: (function of (lib, x), (low, high) of the random inputs)
    "sinc": (lambda lib, x: lib.sinc(x), (-3, 3)), "lgamma": (lambda lib, x: lib.lgamma(x), (0.2, 4)),
    "lgamma/negative": (lambda lib, x: x.lgamma(), (-2.9, -2.1)),
    "digamma": (lambda lib, x: lib.digamma(x), (0.2, 4)), "erfinv": (lambda lib, x: lib.erfinv(x), (-0.9, 0.9)),
    "erfc": (lambda lib, x: lib.erfc(x), (-2, 2)), "i0": (lambda lib, x: lib.i0(x), (-3, 3)),
    "logit": (lambda lib, x: lib.logit(x), (0.05, 0.95)), "logit/method": (lambda lib, x: x.logit(), (0.05, 0.95)),
    "polygamma1": (lambda lib, x: lib.polygamma(1, x), (0.3, 3)),
    "polygamma3/method": (lambda lib, x: x.polygamma(3), (0.3, 3)),
    "mvlgamma": (lambda lib, x: lib.mvlgamma(x, 3), (1.1, 4)),
    "mvlgamma/method": (lambda lib, x: x.mvlgamma(1), (0.2, 3)),
    "special/expit": (lambda lib, x: lib.special.expit(x), (-4, 4)),
    "special/logit_eps": (lambda lib, x: lib.special.logit(x, eps=0.2), (0.0, 1.0)),
    "special/erf": (lambda lib, x: lib.special.erf(x), (-2, 2)),
    "special/erfc": (lambda lib, x: lib.special.erfc(x), (-2, 2)),
    "special/erfinv": (lambda lib, x: lib.special.erfinv(x), (-0.9, 0.9)),
    "special/gammaln": (lambda lib, x: lib.special.gammaln(x), (0.2, 5)),
    "special/digamma": (lambda lib, x: lib.special.digamma(x), (0.2, 5)),
    "special/psi": (lambda lib, x: lib.special.psi(x), (0.2, 5)),
    "special/polygamma2": (lambda lib, x: lib.special.polygamma(2, x), (0.3, 3)),
    "special/multigammaln": (lambda lib, x: lib.special.multigammaln(x, 2), (0.6, 4)),
    "special/i0": (lambda lib, x: lib.special.i0(x), (-3, 3)),
    "special/i0e": (lambda lib, x: lib.special.i0e(x), (-3, 3)),
    "special/i1": (lambda lib, x: lib.special.i1(x), (-3, 3)),
    "special/i1e": (lambda lib, x: lib.special.i1e(x), (-3, 3)),
    "special/log1p": (lambda lib, x: lib.special.log1p(x), (-0.9, 2)),
    "special/expm1": (lambda lib, x: lib.special.expm1(x), (-2, 2)),
    "special/exp2": (lambda lib, x: lib.special.exp2(x), (-2, 2)),
    "special/sinc": (lambda lib, x: lib.special.sinc(x), (-3, 3)),
    "special/round": (lambda lib, x: lib.special.round(x * 3), (-2, 2)),
    "special/round_decimals": (lambda lib, x: lib.special.round(x, decimals=1), (-2, 2)),
    "special/entr": (lambda lib, x: lib.special.entr(x), (0.05, 2)),
    "special/ndtr": (lambda lib, x: lib.special.ndtr(x), (-3, 3)),
    "special/ndtri": (lambda lib, x: lib.special.ndtri(x), (0.02, 0.98)),
    "special/log_ndtr": (lambda lib, x: lib.special.log_ndtr(x), (-5, 3)),
    "special/logsumexp": (lambda lib, x: lib.special.logsumexp(x, 1), (-3, 3)),
    "special/logsumexp_keepdim": (lambda lib, x: lib.special.logsumexp(x, (0, 1), keepdim=True), (-3, 3)),
    "special/softmax": (lambda lib, x: lib.special.softmax(x, 0), (-3, 3)),
    "special/log_softmax": (lambda lib, x: lib.special.log_softmax(x, -1), (-3, 3)),
}
# ops whose value or gradient reads torch's trigamma, which is accurate to ~5e-10 relative in float64 (SciPy's, to
# ~1e-16): their float64 cases compare at 2e-9
TRIGAMMA = ("digamma", "polygamma1", "special/digamma", "special/psi", "lgamma", "mvlgamma")
_TRIGAMMA_TOL = (2e-9, 1e-12)


def _case(name, trigamma, dtypes=("float64", "float32")):
    """case(name), with trigamma's float64 tolerance when it applies."""
    if not trigamma:
        return case(name, dtypes=dtypes)

    def register(body):
        case(name, dtypes=("float64",), tol=_TRIGAMMA_TOL)(body)
        return case(name, dtypes=tuple(d for d in dtypes if d != "float64"))(body) if len(dtypes) > 1 else body
    return register


# ops whose second derivative torch also defines (checked with create_graph)
SECOND_ORDER = ("sinc", "lgamma", "digamma", "erfinv", "erfc", "i0", "logit", "special/i0e", "special/i1",
                "special/i1e", "special/ndtr", "special/ndtri", "special/log_ndtr", "special/entr", "mvlgamma")


def _unary_case(name, fn, bounds):
    trigamma = name in TRIGAMMA

    @_case("special/unary/" + name, trigamma)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.uniform(bounds[0], bounds[1], (3, 4)), dtype)
        return grads_of(lib, rng, fn(lib, x), [x])

    @_case("special/unary_noncontiguous/" + name, trigamma, dtypes=("float64",))
    def noncontiguous(lib, rng, dtype):
        x = leaf(lib, rng.uniform(bounds[0], bounds[1], (4, 3)), dtype)
        return grads_of(lib, rng, fn(lib, x.t()), [x])


for _name, (_fn, _bounds) in UNARY.items():
    _unary_case(_name, _fn, _bounds)


def _second_case(name):
    fn, bounds = UNARY[name]

    @_case("special/second_order/" + name, name in TRIGAMMA, dtypes=("float64",))
    def body(lib, rng, dtype):
        return second_order(lib, rng, lambda x: fn(lib, x), [leaf(lib, rng.uniform(*bounds, (5,)), dtype)])


for _name in SECOND_ORDER:
    _second_case(_name)

# --- edges: inf, NaN, zeros, poles --------------------------------------------------------------------------------
EDGES = {  # name: (function, inputs)
    "sinc": (lambda lib, x: lib.sinc(x), [0.0, -0.0, 1.0, -2.0, 0.5, _INF, -_INF, _NAN]),
    "lgamma": (lambda lib, x: lib.lgamma(x), [0.0, -0.0, 1.0, 2.0, -1.0, -2.5, _INF, -_INF, _NAN]),
    "digamma": (lambda lib, x: lib.digamma(x), [0.0, -0.0, 1.0, -2.5, 1e-8, _INF, _NAN]),
    "polygamma2": (lambda lib, x: lib.polygamma(2, x), [0.0, 1.0, -2.5, 0.5, _NAN]),
    "erfinv": (lambda lib, x: lib.erfinv(x), [-1.0, 1.0, 0.0, -0.0, 0.999, _NAN]),
    "erfc": (lambda lib, x: lib.erfc(x), [0.0, 10.0, -10.0, _INF, -_INF, _NAN]),
    "i0": (lambda lib, x: lib.i0(x), [0.0, -0.0, 5.0, -5.0, _NAN]),
    "logit": (lambda lib, x: lib.logit(x), [0.0, 1.0, 0.5, -0.5, 1.5, _NAN]),
    "logit_eps": (lambda lib, x: lib.logit(x, 0.1), [0.0, 1.0, 0.5, 0.05, 0.95, -1.0, _NAN]),
    "mvlgamma": (lambda lib, x: lib.mvlgamma(x, 3), [0.0, 0.2, 0.5, 0.6, 1.0, -1.5, 3.0, _INF, _NAN]),
    "i0e": (lambda lib, x: lib.special.i0e(x), [0.0, 30.0, -30.0, _NAN]),
    "i1": (lambda lib, x: lib.special.i1(x), [0.0, -0.0, 4.0, -4.0, _NAN]),
    "i1e": (lambda lib, x: lib.special.i1e(x), [0.0, 30.0, -30.0, _NAN]),
    "entr": (lambda lib, x: lib.special.entr(x), [0.0, 1.0, -1.0, 0.5, _INF, _NAN]),
    "ndtr": (lambda lib, x: lib.special.ndtr(x), [0.0, 40.0, -40.0, _INF, -_INF, _NAN]),
    "ndtri": (lambda lib, x: lib.special.ndtri(x), [0.0, 1.0, 0.5, -0.1, 1.1, _NAN]),
    "log_ndtr": (lambda lib, x: lib.special.log_ndtr(x), [0.0, -30.0, 10.0, _INF, -_INF, _NAN]),
}


def _edge_case(name, fn, points):
    @_case("special/edges/" + name, name in TRIGAMMA)
    def body(lib, rng, dtype):
        x = leaf(lib, numpy.array(points), dtype)
        out = fn(lib, x)
        g, = lib.autograd.grad(out, [x], lib.ones_like(out))
        return {"out": out, "grad": g}


for _name, (_fn, _points) in EDGES.items():
    _edge_case(_name, _fn, _points)


@case("special/int_inputs", dtypes=None)
def _int_inputs(lib, rng, dtype):
    i = lib.tensor([1, 2, 3, 5])
    return {"sinc": lib.sinc(i), "lgamma": lib.lgamma(i), "digamma": lib.digamma(i), "polygamma": lib.polygamma(1, i),
            "mvlgamma": lib.mvlgamma(i + 1, 2), "erfinv": lib.erfinv(i - 2), "i0": lib.i0(i), "logit": lib.logit(i - 1),
            "copysign": lib.copysign(i, -i), "ldexp": lib.ldexp(i, i), "heaviside": lib.heaviside(i - 2, i),
            "expit": lib.special.expit(i), "entr": lib.special.entr(i - 1), "ndtri": lib.special.ndtri(i - 1),
            "xlog1py": lib.special.xlog1py(i, i), "xlogy": lib.special.xlogy(i, i), "i1": lib.special.i1(i),
            "log_ndtr": lib.special.log_ndtr(i), "bool_lgamma": lib.lgamma(i > 2),
            "copysign_mixed": lib.copysign(i, lib.tensor([-1.0], dtype=lib.float64))}


# --- binary ops -----------------------------------------------------------------------------------------------------
BINARY = {  # name: (function of (lib, a, b), shape of a, shape of b, (low, high))
    "logaddexp": (lambda lib, a, b: lib.logaddexp(a, b), (3, 4), (3, 4), (-3, 3)),
    "logaddexp/broadcast": (lambda lib, a, b: a.logaddexp(b), (3, 1), (4,), (-3, 3)),
    "logaddexp2": (lambda lib, a, b: lib.logaddexp2(a, b), (3, 4), (1, 4), (-3, 3)),
    "copysign": (lambda lib, a, b: lib.copysign(a, b), (3, 4), (3, 4), (-3, 3)),
    "copysign/broadcast": (lambda lib, a, b: a.copysign(b), (2, 1, 4), (3, 1), (-3, 3)),
    "ldexp": (lambda lib, a, b: lib.ldexp(a, b), (3, 4), (4,), (-3, 3)),
    "xlog1py": (lambda lib, a, b: lib.special.xlog1py(a, b), (3, 4), (3, 4), (-0.5, 3)),
    "xlog1py/broadcast": (lambda lib, a, b: lib.special.xlog1py(a, b), (3, 1), (1, 4), (-0.5, 3)),
    "xlogy": (lambda lib, a, b: lib.special.xlogy(a, b), (3, 4), (4,), (0.1, 3)),
}


def _binary_case(name, fn, sa, sb, bounds):
    @case("special/binary/" + name)
    def body(lib, rng, dtype):
        a, b = (leaf(lib, rng.uniform(*bounds, s), dtype) for s in (sa, sb))
        return grads_of(lib, rng, fn(lib, a, b), [a, b])


for _name, (_fn, _sa, _sb, _bounds) in BINARY.items():
    _binary_case(_name, _fn, _sa, _sb, _bounds)


@case("special/second_order/logaddexp", dtypes=("float64",))
def _logaddexp_second(lib, rng, dtype):
    a, b = (leaf(lib, rng.standard_normal(4), dtype) for _ in range(2))
    return second_order(lib, rng, lambda a, b: lib.logaddexp(a, b) + lib.logaddexp2(a, b), [a, b])


@case("special/second_order/xlog1py", dtypes=("float64",))
def _xlog1py_second(lib, rng, dtype):
    a, b = (leaf(lib, rng.uniform(0.1, 2, 4), dtype) for _ in range(2))
    return second_order(lib, rng, lambda a, b: lib.special.xlog1py(a, b), [a, b])


@case("special/edges/logaddexp")
def _logaddexp_edges(lib, rng, dtype):
    a = leaf(lib, numpy.array([_INF, -_INF, _INF, -_INF, 0.0, 800.0, _NAN, 1.0]), dtype)
    b = leaf(lib, numpy.array([_INF, -_INF, -_INF, 1.0, 0.0, 800.0, 1.0, -_INF]), dtype)
    out = lib.logaddexp(a, b) + lib.logaddexp2(a, b)
    return grads_of(lib, rng, out, [a, b])


@case("special/edges/copysign_signed_zeros")
def _copysign_zeros(lib, rng, dtype):
    a = leaf(lib, numpy.array([0.0, -0.0, 0.0, 2.0, -2.0, _INF, _NAN, 3.0]), dtype)
    b = leaf(lib, numpy.array([-0.0, 0.0, -1.0, -0.0, 0.0, -1.0, -1.0, _NAN]), dtype)
    out = lib.copysign(a, b)
    result = grads_of(lib, rng, out, [a, b])
    result.update(signbit=lib.signbit(out), scalar=lib.signbit(lib.copysign(a, -0.0)))
    return result


@case("special/edges/xlog1py")
def _xlog1py_edges(lib, rng, dtype):
    a = leaf(lib, numpy.array([0.0, 0.0, 0.0, 1.0, 2.0, 0.0, _NAN]), dtype)
    b = leaf(lib, numpy.array([-1.0, -2.0, _NAN, -1.0, _INF, 3.0, 1.0]), dtype)
    return grads_of(lib, rng, lib.special.xlog1py(a, b), [a, b])


@case("special/edges/ldexp")
def _ldexp_edges(lib, rng, dtype):
    a = leaf(lib, numpy.array([1.0, -0.0, _INF, 3.0, _NAN]), dtype)
    b = lib.tensor([1024, 3, -2, -1080, 1])
    out = lib.ldexp(a, b)
    return grads_of(lib, rng, out, [a])


@case("special/heaviside")
def _heaviside(lib, rng, dtype):
    x = values(lib, numpy.array([[-1.0, 0.0, -0.0, 2.0, _NAN, _INF]]), dtype)
    v = values(lib, numpy.array([[0.5], [_NAN]]), dtype)
    return {"out": lib.heaviside(x, v), "method": x.heaviside(v[:1])}


@case("special/heaviside_int", dtypes=None)
def _heaviside_int(lib, rng, dtype):
    x = lib.tensor([-3, 0, 4])
    return {"int": lib.heaviside(x, lib.tensor([7])), "bool": lib.heaviside(x > 0, x < 4)}


@case("special/nextafter")
def _nextafter(lib, rng, dtype):
    x = values(lib, numpy.array([[1.0, 0.0, -0.0, 1.0, _INF, _NAN, 2.0]]), dtype)
    y = values(lib, numpy.array([[2.0, 1.0, -1.0, 0.0, 0.0, 1.0, 2.0]]), dtype)
    out = lib.nextafter(x, y)
    return {"out": out, "delta": out - x, "broadcast": lib.nextafter(x, y[:, :1]), "method": x.nextafter(y)}


@case("special/empty")
def _empty(lib, rng, dtype):
    x = leaf(lib, numpy.zeros((0, 3)), dtype)
    out = lib.lgamma(x) + lib.sinc(x) + lib.logaddexp(x, x) + lib.special.i1e(x) + lib.copysign(x, x)
    return grads_of(lib, rng, out, [x])


@case("special/float16", dtypes=("float16",))
def _float16(lib, rng, dtype):
    x = values(lib, rng.uniform(0.1, 3, (2, 5)), dtype)
    return {name: fn(lib, x) for name, fn in (
        ("sinc", lambda lib, x: lib.sinc(x)), ("lgamma", lambda lib, x: lib.lgamma(x)),
        ("digamma", lambda lib, x: lib.digamma(x)), ("i0e", lambda lib, x: lib.special.i0e(x)),
        ("erfc", lambda lib, x: lib.erfc(x)), ("entr", lambda lib, x: lib.special.entr(x)),
        ("logit_eps", lambda lib, x: lib.logit(x / 3, 0.2)), ("logaddexp", lambda lib, x: lib.logaddexp(x, -x)))}


@case("special/logit_eps_above_half")
def _logit_eps_flip(lib, rng, dtype):
    x = leaf(lib, numpy.array([0.3, 1.5, -0.7, 0.5, 0.45]), dtype)
    return grads_of(lib, rng, lib.logit(x, eps=0.6), [x])


INPLACE = {  # name: (in-place call on a non-leaf y, (low, high) of the inputs)
    "lgamma_": (lambda y, o: y.lgamma_(), (0.2, 4)), "digamma_": (lambda y, o: y.digamma_(), (0.2, 4)),
    "polygamma_": (lambda y, o: y.polygamma_(2), (0.3, 3)), "mvlgamma_": (lambda y, o: y.mvlgamma_(2), (0.6, 4)),
    "erfinv_": (lambda y, o: y.erfinv_(), (-0.9, 0.9)), "erfc_": (lambda y, o: y.erfc_(), (-2, 2)),
    "i0_": (lambda y, o: y.i0_(), (-3, 3)), "sinc_": (lambda y, o: y.sinc_(), (-3, 3)),
    "logit_": (lambda y, o: y.logit_(0.1), (0.0, 1.0)), "copysign_": (lambda y, o: y.copysign_(o - 1), (0, 2)),
    "ldexp_": (lambda y, o: y.ldexp_(o), (-2, 2)),
}


def _inplace_case(name, fn, bounds):
    @_case("special/inplace/" + name, name in ("lgamma_", "digamma_", "mvlgamma_"))
    def body(lib, rng, dtype):
        x, o = (leaf(lib, rng.uniform(*bounds, (3, 4)), dtype) for _ in range(2))
        y = x * 1
        return grads_of(lib, rng, fn(y, o), [x, o])


for _name, (_fn, _bounds) in INPLACE.items():
    _inplace_case(_name, _fn, _bounds)


@case("special/inplace/no_grad_ops")
def _inplace_no_grad(lib, rng, dtype):
    x = values(lib, numpy.array([-1.0, 0.0, 2.0]), dtype)
    return {"heaviside_": x.clone().heaviside_(x.new_tensor([0.5])), "nextafter_": x.clone().nextafter_(x + 1)}
