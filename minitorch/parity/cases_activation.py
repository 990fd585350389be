"""Parity cases for activations (functional and module forms): values, gradients at and around every kink,
huge inputs, second derivatives of the smooth ones, in-place variants, module reprs and torch's errors."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

# kinks of the activations below (0, +-0.5, +-1, +-3, 6, the softplus thresholds) and huge magnitudes
KINKS = [0.0, 0.5, -0.5, 1.0, -1.0, 2.0, 3.0, -3.0, 6.0, 20.0, 20.5, -20.0, 800.0, -800.0, 1e4, -1e4]


def points(rng, extra=()):
    """Random values of both signs plus every kink point, as one vector."""
    return numpy.concatenate([rng.standard_normal(24) * 4, KINKS, extra])


def second_order(lib, rng, out, inputs):
    """Outputs, first gradients (with create_graph) and the gradients of those gradients."""
    up = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    first = lib.autograd.grad(out, inputs, up, create_graph=True)
    ups = [lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype) for g in first]
    second = lib.autograd.grad(first, inputs, ups, allow_unused=True)
    result = {"out": out}
    result.update(("grad_%d" % i, g) for i, g in enumerate(first))
    result.update(("grad2_%d" % i, g) for i, g in enumerate(second))
    return result


def activation_case(name, call, smooth=False, extra=(), finite_only=False):
    """F.<name>: ``call(F, x)`` on kink points; smooth ones also compare second derivatives (float32 second
    derivatives at a looser tolerance: torch's double-backward formulas round differently)."""
    def body(lib, rng, dtype):
        data = points(rng, extra)
        if finite_only:
            data = data[numpy.abs(data) < 100]
        x = leaf(lib, data, dtype)
        out = call(lib.nn.functional, x)
        return second_order(lib, rng, out, [x]) if smooth else grads_of(lib, rng, out, [x])
    case("F." + name, dtypes=("float64",))(body)
    case("F." + name, dtypes=("float32",), tol=(1e-4, 1e-5) if smooth else None)(body)


activation_case("relu", lambda F, x: F.relu(x))
activation_case("relu6", lambda F, x: F.relu6(x))
activation_case("leaky_relu", lambda F, x: F.leaky_relu(x))
activation_case("leaky_relu[slope=0.2]", lambda F, x: F.leaky_relu(x, 0.2))
activation_case("elu", lambda F, x: F.elu(x), smooth=True)
activation_case("elu[alpha=2]", lambda F, x: F.elu(x, 2.0))
activation_case("selu", lambda F, x: F.selu(x))
activation_case("celu[alpha=0.5]", lambda F, x: F.celu(x, 0.5))
activation_case("gelu", lambda F, x: F.gelu(x), smooth=True)
activation_case("gelu[tanh]", lambda F, x: F.gelu(x, approximate="tanh"), smooth=True)
activation_case("silu", lambda F, x: F.silu(x), smooth=True)
activation_case("mish", lambda F, x: F.mish(x), smooth=True, finite_only=True)
activation_case("mish[huge]", lambda F, x: F.mish(x))
activation_case("sigmoid", lambda F, x: F.sigmoid(x), smooth=True)
activation_case("tanh", lambda F, x: F.tanh(x), smooth=True)
activation_case("hardtanh", lambda F, x: F.hardtanh(x))
activation_case("hardtanh[-2,3]", lambda F, x: F.hardtanh(x, -2.0, 3.0))
activation_case("hardsigmoid", lambda F, x: F.hardsigmoid(x))
activation_case("hardswish", lambda F, x: F.hardswish(x))
activation_case("softplus", lambda F, x: F.softplus(x), smooth=True, finite_only=True)
activation_case("softplus[huge]", lambda F, x: F.softplus(x))
activation_case("softplus[beta=2,threshold=1]", lambda F, x: F.softplus(x, 2.0, 1.0))
activation_case("softplus[beta=0.5,threshold=10]", lambda F, x: F.softplus(x, 0.5, 10.0), extra=[20.0])
activation_case("softsign", lambda F, x: F.softsign(x), smooth=True)
activation_case("logsigmoid", lambda F, x: F.logsigmoid(x), smooth=True)
activation_case("threshold", lambda F, x: F.threshold(x, 1.0, -2.0))
activation_case("tanhshrink", lambda F, x: F.tanhshrink(x), smooth=True)
activation_case("softshrink", lambda F, x: F.softshrink(x))
activation_case("softshrink[lambd=1]", lambda F, x: F.softshrink(x, 1.0))
activation_case("hardshrink", lambda F, x: F.hardshrink(x))
activation_case("hardshrink[lambd=1]", lambda F, x: F.hardshrink(x, 1.0))
activation_case("glu", lambda F, x: F.glu(x.reshape(4, -1), 0), smooth=True)
activation_case("glu[last]", lambda F, x: F.glu(x.reshape(-1, 4)), smooth=True, finite_only=True)


def _inplace(call):
    """call on a non-leaf copy of x (in-place ops need one), compared with the copy's gradient path."""
    return lambda F, x: call(F, x * 1.0)


for _name, _call in [("relu", lambda F, y: F.relu(y, inplace=True)), ("relu_", lambda F, y: F.relu_(y)),
                     ("relu6", lambda F, y: F.relu6(y, inplace=True)),
                     ("leaky_relu", lambda F, y: F.leaky_relu(y, 0.3, inplace=True)),
                     ("leaky_relu_", lambda F, y: F.leaky_relu_(y, 0.3)),
                     ("elu", lambda F, y: F.elu(y, 1.5, inplace=True)), ("selu", lambda F, y: F.selu(y, True)),
                     ("celu", lambda F, y: F.celu(y, 2.0, True)),
                     ("hardtanh", lambda F, y: F.hardtanh(y, -2.0, 2.0, True)),
                     ("hardtanh_", lambda F, y: F.hardtanh_(y)),
                     ("hardsigmoid", lambda F, y: F.hardsigmoid(y, True)),
                     ("hardswish", lambda F, y: F.hardswish(y, True)), ("silu", lambda F, y: F.silu(y, True)),
                     ("threshold", lambda F, y: F.threshold(y, 0.5, 4.0, True)),
                     ("threshold_", lambda F, y: F.threshold_(y, 0.5, 4.0))]:
    activation_case("%s[inplace]" % _name, _inplace(_call), extra=[], finite_only=True)


@case("F.relu[inplace_result_is_input]")
def _relu_inplace_identity(lib, rng, dtype):
    y = values(lib, rng.standard_normal(5), dtype)
    out = lib.nn.functional.relu(y, inplace=True)
    return {"same_object": out is y, "out": y}


@case("F.leaky_relu[inplace_leaf]", dtypes=None, raises=True)
def _leaky_inplace_leaf(lib, rng, dtype):
    return {"out": lib.nn.functional.leaky_relu(leaf(lib, rng.standard_normal(3)), inplace=True)}


@case("F.relu[noncontiguous_2d]")
def _relu_noncontiguous(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((5, 4)), dtype)
    return grads_of(lib, rng, lib.nn.functional.gelu(x.t()) + lib.nn.functional.elu(x.t()), [x])


@case("F.activations[empty]")
def _empty(lib, rng, dtype):
    F = lib.nn.functional
    x = leaf(lib, numpy.zeros((0, 3)), dtype)
    out = lib.cat([F.relu(x), F.gelu(x), F.softplus(x), F.hardswish(x), F.elu(x), F.logsigmoid(x)])
    return grads_of(lib, rng, out, [x])


@case("F.activations[integer]", dtypes=None)
def _integer(lib, rng, dtype):
    F = lib.nn.functional
    x = lib.tensor([-3, -1, 0, 2, 7])
    return {"relu": F.relu(x), "relu6": F.relu6(x), "hardtanh": F.hardtanh(x), "threshold": F.threshold(x, 1, 9),
            "sigmoid": F.sigmoid(x), "softsign": F.softsign(x)}


for _fn in ["elu", "gelu", "silu", "softplus", "leaky_relu", "hardsigmoid", "hardswish", "mish", "logsigmoid",
            "hardshrink", "softshrink"]:
    case("F.%s[long_input]" % _fn, dtypes=None, raises=True)(
        lambda lib, rng, dtype, _fn=_fn: {"out": getattr(lib.nn.functional, _fn)(lib.tensor([-1, 2]))})

_ERRORS = {
    "hardtanh[min>max]": lambda F, x: F.hardtanh(x, 2.0, 1.0),
    "softshrink[negative_lambd]": lambda F, x: F.softshrink(x, -1.0),
    "glu[odd]": lambda F, x: F.glu(x[:3]),
    "glu[scalar]": lambda F, x: F.glu(x[0]),
    "gelu[bad_approximate]": lambda F, x: F.gelu(x, approximate="fast"),
    "celu[alpha=0]": lambda F, x: F.celu(x, 0.0),
    "prelu[weight_size]": lambda F, x: F.prelu(x.reshape(2, 4), x[:3]),
    "prelu[weight_2d]": lambda F, x: F.prelu(x.reshape(2, 4), x[:4].reshape(1, 4)),
    "softmax[long]": lambda F, x: F.softmax(x.long(), 0),
}
for _name, _call in _ERRORS.items():
    case("F." + _name, dtypes=None, raises=True)(
        lambda lib, rng, dtype, _call=_call: {"out": _call(lib.nn.functional, lib.tensor(rng.standard_normal(8)))})


# --- prelu, softmax family, vector helpers -------------------------------------------------------------------------
@case("F.prelu[per_channel]")
def _prelu(lib, rng, dtype):
    x = leaf(lib, numpy.concatenate([rng.standard_normal(20), numpy.zeros(4)]).reshape(2, 3, 4), dtype)
    w = leaf(lib, rng.standard_normal(3), dtype)
    return grads_of(lib, rng, lib.nn.functional.prelu(x, w), [x, w])


@case("F.prelu[shared]")
def _prelu_shared(lib, rng, dtype):
    x = leaf(lib, points(rng), dtype)
    w = leaf(lib, [0.25], dtype)
    return grads_of(lib, rng, lib.nn.functional.prelu(x, w), [x, w])


@case("nn.PReLU[num_parameters=3]")
def _prelu_module(lib, rng, dtype):
    m = lib.nn.PReLU(3, init=0.1).to(dtype)
    x = leaf(lib, rng.standard_normal((4, 3, 2)), dtype)
    out = grads_of(lib, rng, m(x), [x, m.weight])
    out["repr"] = repr(m)
    return out


for _fn in ["softmax", "log_softmax", "softmin"]:
    for _dim in [0, 1, -1]:
        @case("F.%s[dim=%d]" % (_fn, _dim))
        def _softmax_case(lib, rng, dtype, _fn=_fn, _dim=_dim):
            x = leaf(lib, rng.standard_normal((3, 4, 5)) * 3, dtype)
            return second_order(lib, rng, getattr(lib.nn.functional, _fn)(x, _dim), [x])

    @case("F.%s[large_logits]" % _fn)
    def _softmax_large(lib, rng, dtype, _fn=_fn):
        x = leaf(lib, rng.standard_normal((4, 6)) * 1e4, dtype)
        return grads_of(lib, rng, getattr(lib.nn.functional, _fn)(x, 1), [x])

    @case("F.%s[dtype=float64]" % _fn, dtypes=("float32",))
    def _softmax_dtype(lib, rng, dtype, _fn=_fn):
        x = leaf(lib, rng.standard_normal((3, 5)), dtype)
        return grads_of(lib, rng, getattr(lib.nn.functional, _fn)(x, 1, dtype=lib.float64), [x])

    for _shape in [(5,), (3, 5), (2, 3, 4), (2, 3, 4, 5)]:
        @case("F.%s[implicit_dim,%dd]" % (_fn, len(_shape)))
        def _softmax_implicit(lib, rng, dtype, _fn=_fn, _shape=_shape):
            import warnings
            x = leaf(lib, rng.standard_normal(_shape), dtype)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                out = getattr(lib.nn.functional, _fn)(x)
            result = grads_of(lib, rng, out, [x])
            result["warning"] = [str(w.message) for w in caught]
            return result


@case("nn.Softmax2d")
def _softmax2d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 4, 4)), dtype)
    return grads_of(lib, rng, lib.nn.Softmax2d()(x), [x])


@case("F.normalize")
def _normalize(lib, rng, dtype):
    data = rng.standard_normal((4, 5))
    data[1] = 0.0  # a zero row: the norm is clamped at eps
    x = leaf(lib, data, dtype)
    return grads_of(lib, rng, lib.nn.functional.normalize(x), [x])


@case("F.normalize[p=1,dim=0]")
def _normalize_p1(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    return grads_of(lib, rng, lib.nn.functional.normalize(x, p=1.0, dim=0), [x])


@case("F.cosine_similarity")
def _cosine(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((4, 5)), dtype)
    b = leaf(lib, rng.standard_normal((4, 5)), dtype)
    return grads_of(lib, rng, lib.nn.functional.cosine_similarity(a, b), [a, b])


@case("F.cosine_similarity[broadcast,zero,dim=-1]")
def _cosine_broadcast(lib, rng, dtype):
    data = rng.standard_normal((3, 4))
    data[0] = 0.0
    a = leaf(lib, data, dtype)
    b = leaf(lib, rng.standard_normal((2, 1, 4)), dtype)
    return grads_of(lib, rng, lib.nn.functional.cosine_similarity(a, b, dim=-1), [a, b])


@case("F.cosine_similarity[mixed dtypes]", dtypes=None)
def _cosine_promoted(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 4)), lib.float32)
    b = leaf(lib, rng.standard_normal((3, 4)), lib.float64)
    ints = lib.tensor(rng.integers(-3, 4, (3, 4)))
    return dict(grads_of(lib, rng, lib.nn.functional.cosine_similarity(a, b), [a, b]),
                int_float=lib.nn.functional.cosine_similarity(ints, a.detach()))


@case("nn.CosineSimilarity[dim=0]")
def _cosine_module(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((4, 5)), dtype)
    b = leaf(lib, rng.standard_normal((4, 5)), dtype)
    m = lib.nn.CosineSimilarity(dim=0, eps=1e-6)
    out = grads_of(lib, rng, m(a, b), [a, b])
    out["repr"] = repr(m)
    return out


for _p, _keep in [(2.0, False), (1.0, True), (3.0, False)]:
    @case("F.pairwise_distance[p=%g,keepdim=%s]" % (_p, _keep))
    def _pairwise(lib, rng, dtype, _p=_p, _keep=_keep):
        a = leaf(lib, rng.standard_normal((4, 5)), dtype)
        b = leaf(lib, rng.standard_normal((4, 5)), dtype)
        return grads_of(lib, rng, lib.nn.functional.pairwise_distance(a, b, _p, keepdim=_keep), [a, b])


@case("nn.PairwiseDistance[1d]")
def _pairwise_module(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal(5), dtype)
    b = leaf(lib, rng.standard_normal((3, 5)), dtype)
    m = lib.nn.PairwiseDistance()
    out = grads_of(lib, rng, m(a, b), [a, b])
    out["repr"] = repr(m)
    return out


# --- modules: forward, gradient and repr -----------------------------------------------------------------------------
MODULES = {
    "ReLU": lambda nn: nn.ReLU(), "ReLU(inplace)": lambda nn: nn.ReLU(inplace=True),
    "ReLU6": lambda nn: nn.ReLU6(), "ReLU6(inplace)": lambda nn: nn.ReLU6(True),
    "LeakyReLU": lambda nn: nn.LeakyReLU(), "LeakyReLU(0.2,inplace)": lambda nn: nn.LeakyReLU(0.2, True),
    "ELU": lambda nn: nn.ELU(), "ELU(alpha=0.5,inplace)": lambda nn: nn.ELU(0.5, inplace=True),
    "SELU": lambda nn: nn.SELU(), "CELU(alpha=2)": lambda nn: nn.CELU(2.0), "GELU": lambda nn: nn.GELU(),
    "GELU(tanh)": lambda nn: nn.GELU("tanh"), "SiLU": lambda nn: nn.SiLU(), "Mish": lambda nn: nn.Mish(),
    "Sigmoid": lambda nn: nn.Sigmoid(), "Tanh": lambda nn: nn.Tanh(), "Hardtanh": lambda nn: nn.Hardtanh(),
    "Hardtanh(-2,2,inplace)": lambda nn: nn.Hardtanh(-2.0, 2.0, True), "Hardsigmoid": lambda nn: nn.Hardsigmoid(),
    "Hardswish": lambda nn: nn.Hardswish(), "Softplus(beta=2,threshold=5)": lambda nn: nn.Softplus(2.0, 5.0),
    "Softsign": lambda nn: nn.Softsign(), "LogSigmoid": lambda nn: nn.LogSigmoid(),
    "Softmax(dim=1)": lambda nn: nn.Softmax(dim=1), "LogSoftmax(dim=-1)": lambda nn: nn.LogSoftmax(dim=-1),
    "Softmin(dim=0)": lambda nn: nn.Softmin(0), "Threshold(0.1,20)": lambda nn: nn.Threshold(0.1, 20.0),
    "Tanhshrink": lambda nn: nn.Tanhshrink(), "Softshrink": lambda nn: nn.Softshrink(),
    "Hardshrink(1)": lambda nn: nn.Hardshrink(1.0), "GLU(dim=1)": lambda nn: nn.GLU(1),
    "PReLU": lambda nn: nn.PReLU(),
}
for _name, _make in MODULES.items():
    @case("nn." + _name)
    def _module_case(lib, rng, dtype, _make=_make):
        m = _make(lib.nn).to(dtype)
        x = leaf(lib, rng.standard_normal((3, 4)) * 3, dtype)
        params = list(m.parameters())
        out = grads_of(lib, rng, m(x * 1.0), [x] + params)
        out["repr"] = repr(m)
        return out


@case("nn.Sequential[activations]repr", dtypes=None)
def _sequential_repr(lib, rng, dtype):
    nn = lib.nn
    m = nn.Sequential(nn.ReLU(), nn.LeakyReLU(0.1, inplace=True), nn.ELU(alpha=2.0), nn.GELU(), nn.Softplus(),
                      nn.Hardtanh(-3.0, 3.0), nn.Threshold(0.5, 0.0), nn.Softmax(dim=-1), nn.Softmax(),
                      nn.Softshrink(0.25), nn.PReLU(4), nn.CELU(), nn.SELU(inplace=True), nn.Hardswish())
    return {"repr": repr(m)}


activation_case("rrelu[eval]", lambda F, x: F.rrelu(x, 0.1, 0.3))
activation_case("rrelu[eval,inplace]", _inplace(lambda F, y: F.rrelu(y, inplace=True)), finite_only=True)
case("F.rrelu[lower>upper]", dtypes=None, raises=True)(
    lambda lib, rng, dtype: {"out": lib.nn.functional.rrelu(lib.ones(3), 0.5, 0.1, training=True)})


@case("nn.RReLU[eval]")
def _rrelu_module(lib, rng, dtype):
    m = lib.nn.RReLU(0.1, 0.4, inplace=True).eval()
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    out = grads_of(lib, rng, m(x * 1.0), [x])
    out["repr"] = repr(m)
    return out
