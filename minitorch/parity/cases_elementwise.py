"""Parity cases for elementwise ops: arithmetic with tensors and Python numbers, dtype promotion, unary math,
kinks and ties, clamp/where, comparisons, in-place variants, second derivatives and the errors torch raises."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

INT_DTYPES = ("bool", "uint8", "int32", "int64")
ALL_DTYPES = INT_DTYPES + ("float16", "float32", "float64")


def _x(rng, shape=(3, 4), low=None):
    """Standard-normal values, or uniform in [low, low + 2] for ops with a restricted domain."""
    return rng.standard_normal(shape) if low is None else rng.uniform(low, low + 2, shape)


def second_order(lib, rng, fn, inputs):
    """out, first gradients (with create_graph) and the gradients of <first gradients, v> for random v."""
    out = fn(*inputs)
    w = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    first = lib.autograd.grad(out, inputs, w, create_graph=True)
    dot = sum((g * lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype)).sum() for g in first)
    second = lib.autograd.grad(dot, inputs, allow_unused=True)
    result = {"out": out}
    result.update({"grad_%d" % i: g for i, g in enumerate(first)})
    result.update({"gradgrad_%d" % i: g for i, g in enumerate(second)})
    return result


# --- unary math ----------------------------------------------------------------------------------------------------
UNARY = {  # name: (function of (lib, x), low end of the input domain or None for all reals)
    "neg": (lambda lib, x: -x, None), "abs": (lambda lib, x: lib.abs(x), None),
    "sign": (lambda lib, x: lib.sign(x), None), "exp": (lambda lib, x: lib.exp(x), None),
    "log": (lambda lib, x: lib.log(x), 0.1), "log1p": (lambda lib, x: lib.log1p(x), -0.9),
    "log2": (lambda lib, x: lib.log2(x), 0.1), "log10": (lambda lib, x: lib.log10(x), 0.1),
    "expm1": (lambda lib, x: lib.expm1(x), None), "exp2": (lambda lib, x: lib.exp2(x), None),
    "sqrt": (lambda lib, x: lib.sqrt(x), 0.1), "rsqrt": (lambda lib, x: lib.rsqrt(x), 0.1),
    "sin": (lambda lib, x: lib.sin(x), None), "cos": (lambda lib, x: lib.cos(x), None),
    "tan": (lambda lib, x: lib.tan(x), -1.0), "tanh": (lambda lib, x: lib.tanh(x), None),
    "sinh": (lambda lib, x: lib.sinh(x), None), "cosh": (lambda lib, x: lib.cosh(x), None),
    "asin": (lambda lib, x: lib.asin(x * 0.45), -1.0), "acos": (lambda lib, x: lib.acos(x * 0.45), -1.0),
    "atan": (lambda lib, x: lib.atan(x), None), "asinh": (lambda lib, x: lib.asinh(x), None),
    "acosh": (lambda lib, x: lib.acosh(x), 1.1), "atanh": (lambda lib, x: lib.atanh(x * 0.45), -1.0),
    "sigmoid": (lambda lib, x: lib.sigmoid(x), None), "relu": (lambda lib, x: lib.relu(x), None),
    "floor": (lambda lib, x: lib.floor(x * 3), None), "ceil": (lambda lib, x: lib.ceil(x * 3), None),
    "round": (lambda lib, x: lib.round(x * 3), None), "trunc": (lambda lib, x: lib.trunc(x * 3), None),
    "round/decimals": (lambda lib, x: lib.round(x * 3, decimals=2), None),
    "frac": (lambda lib, x: lib.frac(x * 3), None), "reciprocal": (lambda lib, x: lib.reciprocal(x), 0.2),
    "square": (lambda lib, x: lib.square(x), None), "erf": (lambda lib, x: lib.erf(x), None),
    "method/exp": (lambda lib, x: x.exp(), None), "method/log": (lambda lib, x: x.log(), 0.1),
    "method/sigmoid": (lambda lib, x: x.sigmoid(), None), "method/abs": (lambda lib, x: abs(x), None),
"nan_to_num": (lambda lib, x: lib.nan_to_num(lib.log(x)), -1.0),
    "sigmoid/large": (lambda lib, x: lib.sigmoid(x * 100), None),
    "exp/noncontiguous": (lambda lib, x: lib.exp(x.t()), None),
}


def _unary_case(name, fn, low):
    @case("unary/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, _x(rng, (3, 4), low), dtype)
        return grads_of(lib, rng, fn(lib, x), [x])


for _name, (_fn, _low) in UNARY.items():
    _unary_case(_name, _fn, _low)


@case("unary/empty_and_0dim")
def _unary_shapes(lib, rng, dtype):
    e = leaf(lib, numpy.zeros((0, 3)), dtype)
    s = leaf(lib, numpy.array(0.7), dtype)
    out = lib.tanh(e).sum() + lib.exp(s) * lib.sigmoid(s)
    return {"empty": lib.exp(e), "out": out, **grads_of(lib, rng, out, [e, s], names=["grad_e", "grad_s"])}


@case("unary/int_to_float", dtypes=None)
def _unary_int(lib, rng, dtype):
    x = values(lib, rng.integers(1, 9, (5,)))
    return {"exp": lib.exp(x), "log": lib.log(x), "sqrt": lib.sqrt(x), "sigmoid": lib.sigmoid(x),
            "abs": lib.abs(-x), "neg": -x, "sign": lib.sign(x - 4), "floor": lib.floor(x), "round": lib.round(x),
            "square": lib.square(x), "relu": lib.relu(x - 4), "sgn": lib.sgn(x - 4), "sgn_f": lib.sgn(x - 4.5), "reciprocal": lib.reciprocal(x),
            "sin_bool": lib.sin(x > 4), "float16_exp": lib.exp(x.to(lib.float16))}


# --- kinks and boundary values ---------------------------------------------------------------------------------------
KINKS = {  # values that sit on the op's kink or domain boundary
    "relu/at0": (lambda lib, x: lib.relu(x), [-1.0, 0.0, 0.0, 2.0]),
    "abs/at0": (lambda lib, x: lib.abs(x), [-1.0, 0.0, -0.0, 2.0]),
    "sqrt/at0": (lambda lib, x: lib.sqrt(x), [0.0, 1.0, 4.0, -1.0]),
    "log/at0": (lambda lib, x: lib.log(x), [0.0, 1.0, -1.0, 3.0]),
    "rsqrt/at0": (lambda lib, x: lib.rsqrt(x), [0.0, 1.0, 4.0, 2.0]),
    "reciprocal/at0": (lambda lib, x: lib.reciprocal(x), [0.0, 1.0, -2.0, 0.5]),
    "sign/at0": (lambda lib, x: lib.sign(x), [0.0, -3.0, 3.0, -0.0]),
    "clamp/at_bounds": (lambda lib, x: lib.clamp(x, -1.0, 1.0), [-1.0, 1.0, 0.5, 2.0]),
    "clamp/min_at_bound": (lambda lib, x: lib.clamp(x, min=0.0), [0.0, -1.0, 1.0, 0.0]),
    "clamp/max_at_bound": (lambda lib, x: lib.clamp(x, max=0.0), [0.0, -1.0, 1.0, 0.0]),
    "clamp/min_gt_max": (lambda lib, x: lib.clamp(x, 1.0, -1.0), [-2.0, 0.0, 0.5, 2.0]),
    "pow/zero_base": (lambda lib, x: x ** 2.0, [0.0, -1.0, 2.0, 0.0]),
    "pow/zero_base_frac": (lambda lib, x: x ** 0.5, [0.0, 1.0, 4.0, 9.0]),
    "pow/zero_exponent": (lambda lib, x: x ** 0, [0.0, -1.0, 2.0, 3.0]),
    "pow/neg_base_frac": (lambda lib, x: x ** 1.5, [-1.0, 1.0, 2.0, 0.0]),
    "tanh/large": (lambda lib, x: lib.tanh(x), [-50.0, 50.0, 0.0, 1e-8]),
    "exp/overflow": (lambda lib, x: lib.exp(x), [1000.0, -1000.0, 0.0, 1.0]),
    "log1p/minus1": (lambda lib, x: lib.log1p(x), [-1.0, 0.0, 1e-10, 3.0]),
    "div/by_zero": (lambda lib, x: x / x.detach().clamp(max=0.0), [1.0, -1.0, 0.0, 2.0]),
    "round/half_even": (lambda lib, x: lib.round(x), [0.5, 1.5, 2.5, -0.5]),
    "frac/negative": (lambda lib, x: lib.frac(x), [-1.5, -0.25, 2.75, 0.0]),
}


def _kink_case(name, fn, data):
    @case("kink/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, numpy.array(data), dtype)
        return grads_of(lib, rng, fn(lib, x), [x])


for _name, (_fn, _data) in KINKS.items():
    _kink_case(_name, _fn, _data)


@case("kink/remainder_signed_zero")
def _remainder_signed_zero(lib, rng, dtype):
    """A zero remainder keeps the dividend's sign (torch's rule; NumPy's takes the divisor's): 1 / it is -inf for
    -4 % 2, and the divisor's gradient -g * floor(a / b) meets that inf."""
    a = leaf(lib, numpy.array([-4.0, 4.0, -4.0, 4.0, -3.0]), dtype)
    b = leaf(lib, numpy.array([2.0, 2.0, -2.0, -2.0, 2.0]), dtype)
    r = lib.remainder(a, b)
    return {"reciprocal": 1 / r, "int_divisor": 1 / lib.remainder(a, 2), **grads_of(lib, rng, r * b, [a, b])}


@case("kink/maximum_ties")
def _maximum_ties(lib, rng, dtype):
    a = leaf(lib, numpy.array([1.0, 2.0, 3.0, -1.0]), dtype)
    b = leaf(lib, numpy.array([1.0, 3.0, 3.0, -2.0]), dtype)
    return grads_of(lib, rng, lib.maximum(a, b), [a, b])


@case("kink/minimum_ties")
def _minimum_ties(lib, rng, dtype):
    a = leaf(lib, numpy.array([1.0, 2.0, 3.0, -1.0]), dtype)
    b = leaf(lib, numpy.array([[1.0], [3.0]]), dtype)
    return grads_of(lib, rng, lib.minimum(a, b), [a, b])


@case("kink/abs_of_diff_tie")
def _abs_diff(lib, rng, dtype):
    a = leaf(lib, numpy.array([1.0, 2.0, 3.0]), dtype)
    b = leaf(lib, numpy.array([1.0, 0.0, 3.0]), dtype)
    return grads_of(lib, rng, (a - b).abs(), [a, b])


# --- pow at base 0 and at negative bases: first and second derivatives -------------------------------------------
_BASES = [0.0, 0.0, 0.0, -2.0, -1.5, 2.0, 0.0]
_EXPONENTS = [2.0, 0.5, 0.0, -1.0, -0.5, 3.0, -2.0]
POW_AT_ZERO = {  # name: (function of (lib, *inputs), the inputs' values)
    "scalar_2": (lambda lib, x: x ** 2.0, [_BASES]),
    "scalar_1": (lambda lib, x: x ** 1, [_BASES]),
    "scalar_half": (lambda lib, x: x ** 0.5, [_BASES]),
    "scalar_0": (lambda lib, x: x ** 0, [_BASES]),
    "scalar_neg1": (lambda lib, x: x ** -1.0, [_BASES]),
    "scalar_neg_half": (lambda lib, x: x ** -0.5, [_BASES]),
    "tensors": (lambda lib, x, p: x ** p, [_BASES, _EXPONENTS]),
    "tensors_broadcast": (lambda lib, x, p: lib.pow(x, p), [[[0.0], [-2.0], [3.0]], [[2.0, 0.5, 0.0, -1.0]]]),
    "number_0": (lambda lib, p: 0.0 ** p, [_EXPONENTS]),
    "number_int_0": (lambda lib, p: 0 ** p, [_EXPONENTS]),
    "number_neg": (lambda lib, p: (-2.0) ** p, [_EXPONENTS]),
}


def _pow_at_zero_case(name, fn, data):
    @case("pow_at_zero/" + name)
    def body(lib, rng, dtype):
        inputs = [leaf(lib, numpy.array(d), dtype) for d in data]
        out = fn(lib, *inputs)
        w = leaf(lib, rng.standard_normal(tuple(out.shape)), dtype)  # the upstream gradient is differentiated too
        first = lib.autograd.grad(out, inputs, w, create_graph=True)
        result = {"out": out, "first_has_graph": [g.requires_grad for g in first]}
        result.update(("grad_%d" % i, g) for i, g in enumerate(first))
        for i, g in enumerate(first):  # each first derivative's own second derivatives (wrt inputs and w)
            if g.requires_grad:
                v = lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype)
                second = lib.autograd.grad((g * v).sum(), inputs + [w], allow_unused=True, retain_graph=True)
                result.update(("grad2_%d_%d" % (i, j), s) for j, s in enumerate(second))
        return result


for _name, (_fn, _data) in POW_AT_ZERO.items():
    _pow_at_zero_case(_name, _fn, _data)


# --- binary arithmetic ---------------------------------------------------------------------------------------------
BINARY = {  # name: (function of (lib, a, b), shape of a, shape of b, transform of b's values)
    "add": (lambda lib, a, b: a + b, (3, 4), (3, 4), None),
    "add/broadcast": (lambda lib, a, b: a + b, (2, 1, 4), (3, 1), None),
    "add/alpha": (lambda lib, a, b: lib.add(a, b, alpha=2.5), (3, 4), (4,), None),
    "sub": (lambda lib, a, b: a - b, (3, 4), (1, 4), None),
    "sub/alpha": (lambda lib, a, b: lib.sub(a, b, alpha=-0.5), (3, 4), (3, 1), None),
    "mul/broadcast0dim": (lambda lib, a, b: a * b, (3, 4), (), None),
    "div": (lambda lib, a, b: a / b, (3, 4), (3, 4), "away0"),
    "div/broadcast": (lambda lib, a, b: a / b, (2, 3, 1), (1, 4), "away0"),
    "pow/tensor": (lambda lib, a, b: a.abs() ** b, (3, 4), (3, 4), None),
    "pow/broadcast": (lambda lib, a, b: lib.pow(a.abs() + 0.1, b), (3, 1), (1, 4), None),
    "maximum": (lambda lib, a, b: lib.maximum(a, b), (3, 4), (4,), None),
    "minimum": (lambda lib, a, b: lib.minimum(a, b), (3, 4), (3, 1), None),
    "atan2": (lambda lib, a, b: lib.atan2(a, b), (3, 4), (3, 4), None),
    "remainder": (lambda lib, a, b: a % b, (3, 4), (3, 4), "away0"),
    "fmod": (lambda lib, a, b: lib.fmod(a * 3, b), (3, 4), (3, 4), "away0"),
    "floor_divide": (lambda lib, a, b: (a.detach() * 3) // b.detach() + a, (3, 4), (3, 4), "away0"),
    "div/floor": (lambda lib, a, b: lib.div(a * 3, b, rounding_mode="floor"), (3, 4), (4,), "away0"),
    "div/trunc": (lambda lib, a, b: lib.div(a * 3, b, rounding_mode="trunc"), (3, 4), (4,), "away0"),
    "hypot_like": (lambda lib, a, b: lib.sqrt(a * a + b * b), (3, 4), (3, 4), None),
    "lerp/scalar_weight": (lambda lib, a, b: lib.lerp(a, b, 0.3), (3, 4), (3, 4), None),
    "lerp/tensor_weight": (lambda lib, a, b: lib.lerp(a, b, lib.sigmoid(a)), (3, 4), (4,), None),
    "xlogy": (lambda lib, a, b: lib.xlogy(a, b.abs()), (3, 4), (3, 4), None),
    "mul/noncontiguous": (lambda lib, a, b: a.t() * b, (4, 3), (3, 4), None),
    "addcmul": (lambda lib, a, b: lib.addcmul(a, a, b, value=0.5), (3, 4), (3, 4), None),
    "addcdiv": (lambda lib, a, b: lib.addcdiv(a, a, b, value=-2), (3, 4), (3, 4), "away0"),
    "fmax": (lambda lib, a, b: lib.fmax(a, b), (3, 4), (3, 4), None),
    "hypot": (lambda lib, a, b: lib.hypot(a, b), (3, 4), (4,), None),
    "float_power": (lambda lib, a, b: lib.float_power(a.abs() + 0.1, b), (3, 4), (3, 1), None),
    "float_power_scalar": (lambda lib, a, b: lib.float_power(a, 2) + lib.float_power(2.0, b), (3, 4), (4,), None),
    "fmin": (lambda lib, a, b: lib.fmin(a, b), (3, 4), (3, 4), None),
}


def _away_from_zero(v):
    return numpy.where(numpy.abs(v) < 0.3, 0.5, v)


def _binary_case(name, fn, sa, sb, transform):
    @case("binary/" + name)
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal(sa), dtype)
        vb = rng.standard_normal(sb)
        b = leaf(lib, _away_from_zero(vb) if transform == "away0" else vb, dtype)
        return grads_of(lib, rng, fn(lib, a, b), [a, b])


for _name, (_fn, _sa, _sb, _tr) in BINARY.items():
    _binary_case(_name, _fn, _sa, _sb, _tr)


SCALAR_OPS = {  # tensor (op) Python number and Python number (op) tensor
    "add": lambda x, s: (x + s, s + x), "sub": lambda x, s: (x - s, s - x), "mul": lambda x, s: (x * s, s * x),
    "div": lambda x, s: (x / s, s / x), "pow": lambda x, s: (x.abs() ** s, s ** x),
    "floordiv": lambda x, s: (x.detach() // s, s // x.detach()), "mod": lambda x, s: (x % s, s % x.detach()),
}


def _scalar_case(name, fn, scalar):
    @case("scalar/%s/%r" % (name, scalar))
    def body(lib, rng, dtype):
        x = leaf(lib, _away_from_zero(rng.standard_normal((3, 4))), dtype)
        left, right = fn(x, scalar)
        out = left * 2 + right
        return grads_of(lib, rng, out, [x]) if out.requires_grad else {"out": out}


for _name, _fn in SCALAR_OPS.items():
    for _s in (2, -1.5):
        _scalar_case(_name, _fn, _s)


@case("binary/where_scalar_branches")
def _where_scalars(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.where(x > 0, x, 0.0) + lib.where(x < 0.5, 1.5, x * 2), [x])


@case("binary/where_nan_untaken")
def _where_nan(lib, rng, dtype):
    x = leaf(lib, numpy.array([-1.0, 0.0, 4.0, 9.0]), dtype)
    return grads_of(lib, rng, lib.where(x > 0, lib.sqrt(x), x * 0), [x])


@case("binary/where_log_untaken")
def _where_log(lib, rng, dtype):
    x = leaf(lib, numpy.array([-1.0, 0.0, 4.0, 9.0]), dtype)
    y = lib.where(x > 0, x, lib.ones_like(x))
    return grads_of(lib, rng, lib.where(x > 0, lib.log(y), x * 0), [x])


@case("binary/where_broadcast")
def _where_broadcast(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 1)), dtype)
    b = leaf(lib, rng.standard_normal((1, 4)), dtype)
    cond = values(lib, rng.standard_normal((2, 3, 4)) > 0)
    return grads_of(lib, rng, lib.where(cond, a, b), [a, b])


@case("binary/clamp_tensor_bounds")
def _clamp_tensor(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    lo = leaf(lib, rng.standard_normal((4,)) - 0.5, dtype)
    hi = leaf(lib, rng.standard_normal((3, 1)) + 0.5, dtype)
    return grads_of(lib, rng, lib.clamp(x, lo, hi), [x, lo, hi])


@case("binary/clamp_tensor_min_only")
def _clamp_tensor_min(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    lo = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, x.clamp(min=lo) + x.clip(max=lo), [x, lo])


@case("binary/clamp_scalar_variants")
def _clamp_scalar(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    out = lib.clamp(x, -0.5, 0.5) + x.clamp(min=0.1) + x.clamp_max(0.2) + lib.clip(x, None, 0.3)
    return grads_of(lib, rng, out, [x])


@case("binary/clamp_int", dtypes=None)
def _clamp_int(lib, rng, dtype):
    x = values(lib, rng.integers(-5, 5, (6,)))
    return {"int_int": lib.clamp(x, -2, 3), "int_float": lib.clamp(x, -2.5, 3), "min_only": x.clamp(min=0),
            "int32_float": lib.clamp(x.int(), max=1.5), "bool_tensor": lib.clamp(x, x - 1, x + 1)}


# --- dtype promotion -----------------------------------------------------------------------------------------------
def _typed(lib, rng, name, shape=(3,)):
    dt = getattr(lib, name)
    if name == "bool":
        return lib.tensor(rng.standard_normal(shape) > 0)
    if name in ("uint8", "int32", "int64"):
        return lib.tensor(rng.integers(1, 6, shape), dtype=dt)
    return lib.tensor(rng.standard_normal(shape), dtype=dt)


def _promotion_case(a_name, b_name):
    @case("promote/%s+%s" % (a_name, b_name), dtypes=None)
    def body(lib, rng, dtype):
        a, b = _typed(lib, rng, a_name), _typed(lib, rng, b_name)
        b0 = _typed(lib, rng, b_name, ())
        out = {"add": a + b, "mul": a * b, "add_0dim": a + b0, "0dim_add": b0 * a, "div": a / (b * b + 1),
               "maximum": lib.maximum(a, b), "eq": a == b, "where": lib.where(a > b, a, b),
               "result_type": str(lib.result_type(a, b)), "promote_types": str(lib.promote_types(a.dtype, b.dtype))}
        if "bool" not in (a_name, b_name):
            out["sub"] = a - b
        return out


for _i, _a in enumerate(ALL_DTYPES):
    for _b in ALL_DTYPES[_i:]:
        _promotion_case(_a, _b)


def _scalar_promotion_case(name):
    @case("promote/%s+python_scalars" % name, dtypes=None)
    def body(lib, rng, dtype):
        x = _typed(lib, rng, name)
        out = {"int": x + 2, "float": x + 2.5, "bool": x * True, "rint": 3 * x, "rfloat": 1.5 * x,
               "true_div_int": x / 2, "rdiv": 2 / (x * x + 1), "pow_float": (x * x + 1) ** 0.5,
               "gt_float": x > 0.5, "0dim_float64": x + lib.tensor(1.5, dtype=lib.float64),
               "0dim_int64": x + lib.tensor(2), "0dim_bool": x + lib.tensor(True),
               "0dim_0dim": x[0] + lib.tensor(2.5, dtype=lib.float64)}
        if name != "bool":
            out.update(floordiv=x // 2, mod=x % 3, rfloordiv=7 // (x * x + 1), sub=x - 1, rsub=1.5 - x)
        return out


for _a in ALL_DTYPES:
    _scalar_promotion_case(_a)


@case("promote/int_ops", dtypes=None)
def _int_ops(lib, rng, dtype):
    a = values(lib, numpy.array([-7, -3, 0, 3, 7, 8]))
    b = values(lib, numpy.array([2, -2, 3, 5, -3, 2]))
    return {"floordiv": a // b, "mod": a % b, "fmod": lib.fmod(a, b), "div_trunc": lib.div(a, b, rounding_mode="trunc"),
            "div_floor": lib.div(a, b, rounding_mode="floor"), "true_div": a / b, "pow": a ** 2,
            "pow_tensor": b.abs() ** (a.abs() % 4), "rpow": 2 ** b.abs(), "pow_float": a ** 2.0,
            "floordiv_scalar": a // -2, "mod_scalar": a % -3, "rmod": 7 % b, "neg_mod_float": a % 2.5,
            "float_floordiv_neg": a.double() // -2.0, "float_mod_neg": (a.double() * 0.7) % -2.0,
            "uint8_wrap": a.to(lib.uint8) + 250, "int32_mul": a.int() * 3,
            "bitwise": (a & b) + (a | b) + (a ^ b) + (~a), "shift": a.abs() << 2}


@case("promote/bool_ops", dtypes=None)
def _bool_ops(lib, rng, dtype):
    a = values(lib, numpy.array([True, False, True, False]))
    b = values(lib, numpy.array([True, True, False, False]))
    return {"and": a & b, "or": a | b, "xor": a ^ b, "not": ~a, "add": a + b, "mul": a * b, "sum": a.sum(),
            "logical_and": lib.logical_and(a, b), "logical_or": lib.logical_or(a, b.float()), "logical_xor":
            lib.logical_xor(a, b), "logical_not": lib.logical_not(a.float()), "eq": a == b, "int_and": a.int() & 3}


# --- comparisons, predicates -----------------------------------------------------------------------------------------
@case("compare/all")
def _compare(lib, rng, dtype):
    a = values(lib, numpy.round(rng.standard_normal((3, 4))), dtype)
    b = values(lib, numpy.round(rng.standard_normal((4,))), dtype)
    return {"eq": a == b, "ne": a != b, "lt": a < b, "le": a <= b, "gt": a > b, "ge": a >= b,
            "eq_s": a == 0, "lt_s": a < 0.5, "rge": 0 >= a, "fn_eq": lib.eq(a, b), "fn_gt": lib.gt(a, 1),
            "greater": lib.greater(a, b), "less_equal": lib.less_equal(a, b), "isclose": lib.isclose(a, b),
            "allclose": lib.allclose(a, a + 1e-9), "equal": lib.equal(a, a.clone()), "mixed": a.int() < b}


@case("compare/nan_inf")
def _nan_inf(lib, rng, dtype):
    x = values(lib, numpy.array([1.0, numpy.nan, numpy.inf, -numpy.inf, 0.0, -2.0]), dtype)
    return {"isnan": lib.isnan(x), "isinf": lib.isinf(x), "isfinite": lib.isfinite(x), "isposinf": lib.isposinf(x),
            "isneginf": lib.isneginf(x), "eq_nan": x == x, "ne_nan": x != x, "max_nan": lib.maximum(x, x * 0),
            "fmax_nan": lib.fmax(x, x * 0), "nan_to_num": lib.nan_to_num(x), "signbit": lib.signbit(x),
            "isnan_int": lib.isnan(lib.tensor([1, 2])), "isfinite_int": lib.isfinite(lib.tensor([1, 2])),
            "div_zero": x / 0, "nan_to_num_args": lib.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-3.0)}


# --- in-place variants ----------------------------------------------------------------------------------------------
INPLACE = {  # method name: (arguments, low end of the input domain)
    "add_": ((1.5,), None), "sub_": ((0.5,), None), "mul_": ((2.0,), None), "div_": ((4.0,), None),
    "pow_": ((2,), None), "exp_": ((), None), "log_": ((), 0.1), "sqrt_": ((), 0.1), "clamp_": ((-0.5, 0.5), None),
    "neg_": ((), None), "abs_": ((), None), "tanh_": ((), None), "sigmoid_": ((), None), "relu_": ((), None),
    "floor_": ((), None), "reciprocal_": ((), 0.2), "square_": ((), None), "clamp_min_": ((0.0,), None),
    "fill_": ((0.25,), None), "zero_": ((), None), "sin_": ((), None), "round_": ((), None),
}


def _inplace_case(name, args, low):
    @case("inplace/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, _x(rng, (3, 4), low), dtype)
        other = leaf(lib, rng.standard_normal((4,)), dtype)
        y = x * 1.0 + other
        version = y._version
        z = getattr(y, name)(*args)
        result = grads_of(lib, rng, z * 2, [x, other])
        result["same_object"] = z is y
        result["version_bumped"] = y._version - version
        return result


for _name, (_args, _low) in INPLACE.items():
    _inplace_case(_name, _args, _low)


@case("inplace/tensor_operands")
def _inplace_tensors(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    b = leaf(lib, _away_from_zero(rng.standard_normal((4,))), dtype)
    y = x.clone()
    y += b
    y *= b
    y -= x
    y /= b
    y.add_(b, alpha=2).mul_(x).clamp_(min=-1.0)
    return grads_of(lib, rng, y, [x, b])


@case("inplace/int_tensor_ops", dtypes=None)
def _inplace_ints(lib, rng, dtype):
    x = values(lib, numpy.array([-5, -2, 0, 3, 8]))
    y = x.clone()
    y += 3
    y *= 2
    y //= 3
    y %= 4
    z = x.clone().float()
    z /= 3
    w = x.clone()
    w.clamp_(-1, 1)
    return {"y": y, "z": z, "w": w, "x_unchanged": x}


@case("inplace/view_of_leaf_chain")
def _inplace_view(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    y = x * 2
    y[:, 0].add_(1)
    y[1].mul_(3).exp_()
    return grads_of(lib, rng, y, [x])


@case("inplace/leaf_requires_grad", dtypes=None, raises=True)
def _inplace_leaf(lib, rng, dtype):
    x = lib.ones(3, requires_grad=True)
    x.add_(1)
    return {"out": x}


@case("inplace/saved_tensor_modified", dtypes=None, raises=True)
def _inplace_saved(lib, rng, dtype):
    x = lib.ones(3, requires_grad=True)
    y = x.exp()
    y.add_(1)
    y.sum().backward()
    return {"out": y}


@case("inplace/int_result_float_cast", dtypes=None, raises=True)
def _inplace_cast(lib, rng, dtype):
    x = lib.tensor([1, 2, 3])
    x.div_(2)
    return {"out": x}


@case("inplace/int_add_float_raises", dtypes=None, raises=True)
def _inplace_int_float(lib, rng, dtype):
    x = lib.tensor([1, 2, 3])
    x.add_(1.5)
    return {"out": x}


# --- second derivatives ---------------------------------------------------------------------------------------------
SECOND = {  # name: (function of (lib, *inputs), shapes, low end of the domain)
    "tanh": (lambda lib, x: lib.tanh(x), [(3, 4)], None),
    "sigmoid": (lambda lib, x: lib.sigmoid(x), [(3, 4)], None),
    "exp": (lambda lib, x: lib.exp(x), [(3, 4)], None),
    "log": (lambda lib, x: lib.log(x), [(3, 4)], 0.2),
    "sqrt": (lambda lib, x: lib.sqrt(x), [(3, 4)], 0.2),
    "pow_scalar": (lambda lib, x: x ** 3, [(3, 4)], None),
    "pow_frac": (lambda lib, x: x ** 1.5, [(3, 4)], 0.2),
    "pow_tensor": (lambda lib, x, y: x ** y, [(3, 4), (3, 4)], 0.2),
    "rpow": (lambda lib, x: 2.0 ** x, [(3, 4)], None),
    "div": (lambda lib, x, y: x / y, [(3, 4), (4,)], 0.5),
    "mul": (lambda lib, x, y: x * y * x, [(3, 4), (3, 1)], None),
    "softmax": (lambda lib, x: lib.softmax(x, dim=1) * x, [(3, 4)], None),
    "log_softmax": (lambda lib, x: lib.log_softmax(x, dim=-1) ** 2, [(3, 4)], None),
    "softmax_of_log_softmax": (lambda lib, x: lib.softmax(lib.log_softmax(x, 0) * 2, 1), [(3, 4)], None),
    "logsumexp": (lambda lib, x: lib.logsumexp(x, dim=1) ** 2, [(3, 4)], None),
    "sin_cos": (lambda lib, x: lib.sin(x) * lib.cos(x), [(3, 4)], None),
    "reciprocal": (lambda lib, x: lib.reciprocal(x), [(3, 4)], 0.5),
    "rsqrt": (lambda lib, x: lib.rsqrt(x), [(3, 4)], 0.5),
    "atan2": (lambda lib, x, y: lib.atan2(x, y), [(3, 4), (3, 4)], 0.5),
    "maximum": (lambda lib, x, y: lib.maximum(x, y) ** 2, [(3, 4), (3, 4)], None),
    "where": (lambda lib, x: lib.where(x > 0.5, x ** 3, x ** 2), [(3, 4)], None),
    "clamp": (lambda lib, x: lib.clamp(x, -0.5, 0.5) * x, [(3, 4)], None),
    "abs": (lambda lib, x: lib.abs(x) * x, [(3, 4)], None),
    "prod": (lambda lib, x: lib.prod(x, dim=1), [(3, 4)], None),
    "var": (lambda lib, x: lib.var(x, dim=0), [(3, 4)], None),
    "norm": (lambda lib, x: lib.norm(x, dim=1), [(3, 4)], None),
    "mean_square": (lambda lib, x: (x * x).mean(), [(3, 4)], None),
}


def _second_case(name, fn, shapes, low):
    @case("second/" + name, dtypes=("float64",))
    def body(lib, rng, dtype):
        inputs = [leaf(lib, _x(rng, s, low), dtype) for s in shapes]
        return second_order(lib, rng, lambda *xs: fn(lib, *xs), inputs)


for _name, (_fn, _shapes, _low) in SECOND.items():
    _second_case(_name, _fn, _shapes, _low)


# --- errors ------------------------------------------------------------------------------------------------------------
ERRORS = {
    "broadcast_mismatch": lambda lib: lib.ones(2, 3) + lib.ones(4),
    "broadcast_mismatch_mul": lambda lib: lib.ones(2, 3) * lib.ones(2, 4),
    "int_floordiv_zero": lambda lib: lib.tensor([1, 2]) // 0,
    "int_floordiv_zero_tensor": lambda lib: lib.tensor([1, 2]) // lib.tensor([1, 0]),
    "int_mod_zero": lambda lib: lib.tensor([1, 2]) % 0,
    "int_neg_pow": lambda lib: lib.tensor([1, 2]) ** -1,
    "requires_grad_int": lambda lib: lib.tensor([1, 2], requires_grad=True),
    "requires_grad_int_method": lambda lib: lib.tensor([1, 2]).requires_grad_(),
    "bool_sub": lambda lib: lib.tensor([True]) - lib.tensor([False]),
    "bool_neg": lambda lib: -lib.tensor([True]),
    "clamp_no_bounds": lambda lib: lib.clamp(lib.ones(2)),
    "where_float_cond": lambda lib: lib.where(lib.ones(2), lib.ones(2), lib.zeros(2)),
    "where_mismatch": lambda lib: lib.where(lib.ones(2) > 0, lib.ones(3), lib.zeros(2)),
    "clamp_mixed_bounds": lambda lib: lib.clamp(lib.ones(2), 0.0, lib.ones(2)),
    "clamp_bound_broadcast": lambda lib: lib.clamp(lib.ones(2, 3), lib.ones(4)),
    "bitwise_float": lambda lib: lib.ones(2) & lib.ones(2),
    "div_bad_rounding": lambda lib: lib.div(lib.ones(2), 2, rounding_mode="round"),
    "add_str": lambda lib: lib.ones(2) + "a",
    "int_mul_float_inplace": lambda lib: lib.tensor([1, 2]).mul_(1.7),
    "inplace_broadcast_grow": lambda lib: lib.ones(1, 3).add_(lib.ones(2, 3)),
    "abs_bool": lambda lib: lib.abs(lib.tensor([True])),
    "relu_bool": lambda lib: lib.relu(lib.tensor([True])),
    "frac_int": lambda lib: lib.frac(lib.tensor([1])),
    "floor_bool": lambda lib: lib.floor(lib.tensor([True])),
    "round_int_decimals": lambda lib: lib.round(lib.tensor([17]), decimals=-1),
    "invert_float": lambda lib: ~lib.ones(2),
    "shift_float": lambda lib: lib.tensor([1]) << 1.5,
    "sub_bool_scalar": lambda lib: lib.tensor([1.0]) - True,
    "floor_divide_backward": lambda lib: (lib.ones(2, requires_grad=True) // 2).sum().backward(),
    "rmod_backward": lambda lib: (2 % lib.ones(2, requires_grad=True)).sum().backward(),
    "lerp_dtype_mismatch": lambda lib: lib.lerp(lib.ones(1), lib.ones(1, dtype=lib.float64), 0.5),
    "addcdiv_int": lambda lib: lib.addcdiv(lib.ones(1), lib.tensor([2]), lib.tensor([3])),
    "isclose_dtypes": lambda lib: lib.isclose(lib.tensor([1]), lib.tensor([1.0])),
    "hypot_int": lambda lib: lib.hypot(lib.tensor([3]), lib.tensor([4])),
}


def _error_case(name, fn):
    @case("error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}


for _name, _fn in ERRORS.items():
    _error_case(_name, _fn)


@case("float16/unary_and_binary", dtypes=("float16",))
def _float16(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    y = leaf(lib, rng.uniform(0.5, 2.0, (4,)), dtype)
    out = lib.exp(x) * 0.1 + lib.tanh(x) + lib.sigmoid(x) * y + x / y + lib.sqrt(y) + x.clamp(-0.5, 0.5) + lib.relu(x)
    return grads_of(lib, rng, out, [x, y])


@case("kink/clamp_tensor_ties")
def _clamp_tensor_ties(lib, rng, dtype):
    """x on a bound, lo above hi, lo == hi: which of x, lo, hi gets the gradient."""
    x = leaf(lib, numpy.array([0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0]), dtype)
    lo = leaf(lib, numpy.array([0.0, 0.5, 2.0, 4.0, 2.0, 0.5, 3.0]), dtype)
    hi = leaf(lib, numpy.array([1.0, 1.0, 2.0, 5.0, 1.0, 0.0, 3.0]), dtype)
    out = lib.clamp(x, lo, hi) + x.clamp(min=lo) * 2 + x.clamp(max=hi) * 3
    return grads_of(lib, rng, out, [x, lo, hi])


def _compared_in_place(op, tensor_other):
    @case("elementwise/inplace_comparison/%s_%s" % (op, "tensor" if tensor_other else "number"))
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal((3, 4)), dtype)
        b = leaf(lib, rng.standard_normal((4,)), dtype)
        x = a * 2
        getattr(x, op)(b if tensor_other else 0.25)  # self's history becomes the comparison's (zero gradient)
        out = x * a + b
        result = grads_of(lib, rng, out, [a, b])
        result["node"] = x.grad_fn.name()
        result["edges"] = len(x.grad_fn.next_functions)
        return result


for _op in ("eq_", "ne_", "lt_", "le_", "gt_", "ge_", "greater_", "less_equal_", "not_equal_"):
    _compared_in_place(_op, True)
    _compared_in_place(_op, False)
