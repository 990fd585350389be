"""Activation functions and the vector helpers normalize / cosine_similarity / pairwise_distance.

Pointwise activations with kinks are Functions whose backward states torch's choice at each kink (relu and
threshold pass no gradient at the switch, leaky_relu and elu take the negative branch there, hardtanh is flat at
its bounds...). Backwards are written with Tensor ops, so second derivatives work. The smooth, simple ones are
compositions of existing ops.
"""
import math
import warnings

import numpy

from ... import dtypes as _dt
from ...autograd.function import Function
from ...ops import elementwise as _ew
from ...ops import softmax as _softmax_ops
from ...ops._util import wrap
from ...ops.shape import broadcast_tensors
from ...tensor import Tensor, _type_name, _wrap_dim

__all__ = ["relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "elu", "elu_", "selu", "selu_", "celu", "celu_",
           "rrelu", "rrelu_", "gelu", "silu", "mish", "sigmoid", "tanh", "hardtanh", "hardtanh_", "hardsigmoid",
           "hardswish", "softplus", "softsign", "logsigmoid", "softmax", "log_softmax", "softmin", "prelu",
           "threshold", "threshold_", "tanhshrink", "softshrink", "hardshrink", "glu", "normalize",
           "cosine_similarity", "pairwise_distance"]

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_HALF = math.sqrt(0.5)
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_ONE_SIXTH = float(numpy.float32(1.0 / 6.0))  # torch's hardsigmoid gradient uses the float32 constant


class _Activation(Function):
    """y = compute(x, *params); the gradient is grad(g, x, *params), written with Tensor ops."""
    _builtin = True

    @classmethod
    def forward(cls, ctx, x, *params):
        ctx.save_for_backward(x)
        ctx.params = params
        return wrap(cls.compute(x.xp, x._data, *params))

    @classmethod
    def backward(cls, ctx, g):
        (x,) = ctx.saved_tensors
        return (cls.grad(g, x, *ctx.params),) + (None,) * len(ctx.params)


def _activation(name, compute, grad):
    return type(name, (_Activation,), {"compute": staticmethod(compute), "grad": staticmethod(grad),
                                       "_builtin": True})


def _where(cond, a, b):
    return _ew.where(cond, a, b)


LeakyRelu = _activation(
    "LeakyRelu", lambda xp, x, s: xp.where(x > 0, x, x * s),
    lambda g, x, s: _where(x > 0, g, g * s))  # the negative slope applies at 0
# elu family: scale * (x if x > 0 else alpha * (exp(x * input_scale) - 1)); x <= 0 takes the exp branch
# (x < 0 inside the gradient's exp: torch's second derivative is 0 at x = 0; NaN takes the linear branch's slope)
Elu = _activation(
    "Elu", lambda xp, x, a, scale, k: xp.where(x > 0, x * scale, xp.expm1(xp.minimum(x, 0) * k) * (a * scale)),
    lambda g, x, alpha, scale, k: _where(x <= 0, g * (alpha * scale * k) * (_where(x < 0, x, 0) * k).exp(), g * scale))
Hardtanh = _activation(
    "Hardtanh", lambda xp, x, lo, hi: xp.clip(x, lo, hi).astype(x.dtype, copy=False),
    lambda g, x, lo, hi: g * ((x > lo) & (x < hi)))  # flat at both bounds
Hardsigmoid = _activation(
    "Hardsigmoid", lambda xp, x: xp.minimum(xp.maximum(x + 3, 0), 6) / 6,
    lambda g, x: g * ((x > -3) & (x < 3)) * _ONE_SIXTH)
Hardswish = _activation(
    "Hardswish", lambda xp, x: x * xp.minimum(xp.maximum(x + 3, 0), 6) / 6,
    lambda g, x: _where(x <= -3, g * 0, _where(x < 3, g * (x / 3 + 0.5), g)))
# log sigmoid(x) = min(x, 0) - log(1 + exp(-|x|)); its derivative is sigmoid(-x)
LogSigmoid = _activation(
    "LogSigmoid", lambda xp, x: xp.minimum(x, 0) - xp.log1p(xp.exp(-xp.abs(x))),
    lambda g, x: g * (-x).sigmoid())
# softplus: log(1 + exp(beta x)) / beta, and x itself once beta x passes the threshold
Softplus = _activation(
    "Softplus", lambda xp, x, beta, th: xp.where(x * beta > th, x, xp.log1p(xp.exp(xp.minimum(x * beta, th))) / beta),
    # sigmoid(beta x) below the threshold; at beta x == threshold its derivative is 0, as in torch (NaN stays NaN)
    lambda g, x, beta, th: _where(x * beta > th, g, g * _where(x * beta >= th, th, x * beta).sigmoid()))
# threshold, softshrink and hardshrink let NaN through, as torch's kernels do (NaN fails every comparison)
Threshold = _activation(
    "Threshold", lambda xp, x, th, value: xp.where(x <= th, xp.asarray(value, dtype=x.dtype), x),
    lambda g, x, th, value: g * ~(x <= th))
Softshrink = _activation(
    "Softshrink", lambda xp, x, lam: xp.where(x > lam, x - lam, xp.where(x < -lam, x + lam, x * 0)).astype(x.dtype),
    lambda g, x, lam: g * ((x > lam) | (x < -lam)))
Hardshrink = _activation(
    "Hardshrink", lambda xp, x, lam: xp.where((x >= -lam) & (x <= lam), 0, x).astype(x.dtype),
    lambda g, x, lam: g * ((x > lam) | (x < -lam)))


def _gelu_tanh_inner(x):
    return _SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)


def _gelu_tanh_grad(x):
    t = _gelu_tanh_inner(x).tanh()
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)


def _silu_grad(x):
    s = x.sigmoid()
    return s * (1 + x * (1 - s))


def _mish_grad(x):
    t = softplus(x).tanh()
    return t + x * x.sigmoid() * (1 - t * t)


# gelu: x Phi(x), gradient Phi(x) + x phi(x); the tanh form approximates Phi
Gelu = _activation(
    "Gelu", lambda xp, x: 0.5 * x * (1 + _ew._erf(xp, x * _SQRT_HALF)),
    lambda g, x: g * (0.5 * (1 + (x * _SQRT_HALF).erf()) + x * _INV_SQRT_2PI * (-0.5 * x * x).exp()))
GeluTanh = _activation(
    "Gelu", lambda xp, x: 0.5 * x * (1 + xp.tanh(_gelu_tanh_inner(x))), lambda g, x: g * _gelu_tanh_grad(x))
Silu = _activation("Silu", lambda xp, x: x * _ew._sigmoid(xp, x), lambda g, x: g * _silu_grad(x))
# mish: x tanh(softplus(x))
Mish = _activation("Mish", lambda xp, x: x * xp.tanh(xp.logaddexp(x, 0)), lambda g, x: g * _mish_grad(x))


# --- argument checks and the in-place variants ---------------------------------------------------------------------
def _float_only(kernel, x):
    if not x.dtype.is_floating_point:
        raise NotImplementedError('"%s" not implemented for \'%s\'' % (kernel, _type_name(x.dtype)))
    return x


def _apply(cls, x, *params, inplace=False, kernel=None):
    """cls on x, or written back into x when inplace (computed from a clone, so backward sees the old x)."""
    if not isinstance(x, Tensor):
        raise TypeError("%s(): argument 'input' (position 1) must be Tensor, not %s" % (cls.__name__.lower(),
                                                                                      type(x).__name__))
    if kernel is not None:
        _float_only(kernel, x)
    if not inplace:
        return cls.apply(x, *params)
    return x._apply_inplace(cls.apply(x.clone(), *params), cls.__name__.lower() + "_")


def relu(input, inplace=False):
    return input.relu_() if inplace else input.relu()


def relu_(input):
    return relu(input, inplace=True)


def relu6(input, inplace=False):
    return hardtanh(input, 0.0, 6.0, inplace)


def leaky_relu(input, negative_slope=0.01, inplace=False):
    return _apply(LeakyRelu, input, negative_slope, inplace=inplace, kernel="leaky_relu_cpu")


def leaky_relu_(input, negative_slope=0.01):
    return leaky_relu(input, negative_slope, True)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """Randomized leaky relu: in training each x <= 0 gets a slope drawn from U(lower, upper), otherwise the
    slope is (lower + upper) / 2."""
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    if not training:
        return leaky_relu(input, (lower + upper) / 2, inplace)
    _float_only("rrelu_with_noise_cpu", input)
    # as torch: the elements <= 0, in order, each get a slope drawn in double precision between the bounds
    # rounded to input's dtype
    nonpositive = input.detach() <= 0
    low, high = input.new_tensor(lower).item(), input.new_tensor(upper).item()
    slopes = input.new_empty((int(nonpositive.sum()),), dtype=_dt.float64).uniform_(low, high)
    noise = input.detach().new_ones((input.numel(),))
    noise[nonpositive.reshape(-1)] = slopes.to(input.dtype)
    noise = noise.reshape(tuple(input.shape))
    if not inplace:
        return input * noise
    return input._apply_inplace(input.clone() * noise, "rrelu_")


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, True)


def elu(input, alpha=1.0, inplace=False):
    return _apply(Elu, input, alpha, 1.0, 1.0, inplace=inplace, kernel="elu_cpu")


def elu_(input, alpha=1.0):
    return elu(input, alpha, True)


def selu(input, inplace=False):
    return _apply(Elu, input, SELU_ALPHA, SELU_SCALE, 1.0, inplace=inplace, kernel="elu_cpu")


def selu_(input):
    return selu(input, True)


def celu(input, alpha=1.0, inplace=False):
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    return _apply(Elu, input, alpha, 1.0, 1.0 / alpha, inplace=inplace, kernel="elu_cpu")


def celu_(input, alpha=1.0):
    return celu(input, alpha, True)


def gelu(input, approximate="none"):
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    return _apply(Gelu if approximate == "none" else GeluTanh, input, kernel="GeluKernelImpl")


def silu(input, inplace=False):
    return _apply(Silu, input, inplace=inplace, kernel="silu_cpu")


def mish(input, inplace=False):
    return _apply(Mish, input, inplace=inplace, kernel="mish_cpu")


def sigmoid(input):
    return input.sigmoid()


def tanh(input):
    return input.tanh()


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    if input.dtype is _dt.bool_:
        raise NotImplementedError("\"clamp_scalar_cpu\" not implemented for 'Bool'")
    return _apply(Hardtanh, input, min_val, max_val, inplace=inplace)


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    return hardtanh(input, min_val, max_val, True)


def hardsigmoid(input, inplace=False):
    return _apply(Hardsigmoid, input, inplace=inplace, kernel="hardsigmoid_cpu")


def hardswish(input, inplace=False):
    return _apply(Hardswish, input, inplace=inplace, kernel="hardswish_cpu")


def softplus(input, beta=1.0, threshold=20.0):
    return _apply(Softplus, input, beta, threshold, kernel="softplus_cpu")


def softsign(input):
    return input / (input.abs() + 1)


def logsigmoid(input):
    return _apply(LogSigmoid, input, kernel="log_sigmoid_cpu")


def threshold(input, threshold, value, inplace=False):
    return _apply(Threshold, input, threshold, value, inplace=inplace)


def threshold_(input, threshold, value):
    return _apply(Threshold, input, threshold, value, inplace=True)


def tanhshrink(input):
    return input - input.tanh()


def _check_lambda(input, lambd):
    if lambd < 0:
        raise RuntimeError("lambda must be in range [0, %g] for input dtype %s, but found %g"
                           % (numpy.finfo(input.dtype.np).max, _type_name(input.dtype), lambd))


def softshrink(input, lambd=0.5):
    _check_lambda(input, lambd)
    return _apply(Softshrink, input, lambd, kernel="softshrink_cpu")


def hardshrink(input, lambd=0.5):
    return _apply(Hardshrink, input, lambd, kernel="hardshrink_cpu")


def glu(input, dim=-1):
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = _wrap_dim(dim, input.dim())
    if input.shape[d] % 2:
        raise RuntimeError("Halving dimension must be even, but dimension %d is size %d" % (d, input.shape[d]))
    a, b = input.chunk(2, d)
    return a * b.sigmoid()


def prelu(input, weight):
    """max(0, x) + weight * min(0, x), with one weight per channel (dim 1; inputs under 2-D have one channel)."""
    channels = input.shape[1] if input.dim() > 1 else 1
    if input.dim() == 0 and weight.numel() != 1:
        raise RuntimeError("Not allow zero-dim input tensor.")
    if weight.numel() != 1 and weight.numel() != channels:
        raise RuntimeError("Mismatch of parameter numbers and input channel size. Found parameter numbers = %d "
                           "and channel size = %d." % (weight.numel(), channels))
    if weight.dim() > 1:
        raise RuntimeError("prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = %d"
                           % weight.dim())
    if input.dtype is not weight.dtype:
        raise RuntimeError("prelu: Type promoting not supported. Got %s and %s"
                           % (_type_name(input.dtype), _type_name(weight.dtype)))
    _float_only("prelu_cpu", input)
    w = weight
    if weight.numel() > 1 and input.dim() > 1:
        w = weight.reshape((channels,) + (1,) * (input.dim() - 2))
    elif input.dim() == 0:  # the one weight, so that the result stays 0-d
        w = weight.reshape(())
    return _where(input > 0, input, w * input)


# --- softmax family ------------------------------------------------------------------------------------------------
def _softmax_dim(name, dim, input, stacklevel):
    if dim is not None:
        return dim
    warnings.warn("Implicit dimension choice for %s has been deprecated. Change the call to include dim=X as an "
                  "argument." % name, stacklevel=stacklevel)
    return 0 if input.dim() in (0, 1, 3) else 1


def _softmax_input(input, dtype):
    return _float_only("softmax_lastdim_kernel_impl", input) if dtype is None else input.to(dtype)


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    _softmax_input(input, dtype)
    return _softmax_ops.softmax(input, _softmax_dim("softmax", dim, input, _stacklevel), dtype=dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    _softmax_input(input, dtype)
    return _softmax_ops.log_softmax(input, _softmax_dim("log_softmax", dim, input, _stacklevel), dtype=dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    return _softmax_ops.softmax(-_softmax_input(input, dtype), _softmax_dim("softmin", dim, input, _stacklevel))


# --- vector helpers ------------------------------------------------------------------------------------------------
def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """input / max(||input||_p, eps) along dim."""
    result = input / input.norm(p, dim, keepdim=True).clamp_min(eps)
    return result if out is None else out.copy_(result)


def _clamped_keep_grad(t, eps):
    """t's value clamped below at eps, with t's own gradient (torch clamps the norm under no_grad)."""
    return t + (t.detach().clamp_min(eps) - t.detach())


def cosine_similarity(x1, x2, dim=1, eps=1e-8):
    """sum((x1 / ||x1||) * (x2 / ||x2||)) along dim, each norm at least eps."""
    common = _dt.result_type(x1, x2)
    if not common.is_floating_point:
        raise RuntimeError("expected common dtype to be floating point, yet common dtype is %s" % _type_name(common))
    # only integer inputs are cast: a float32 operand is normalised in float32, as torch does
    a, b = broadcast_tensors(*(x if x.dtype.is_floating_point else x.to(common) for x in (x1, x2)))
    n1 = _clamped_keep_grad(a.norm(2, dim, keepdim=True), eps)
    n2 = _clamped_keep_grad(b.norm(2, dim, keepdim=True), eps)
    return ((a / n1) * (b / n2)).sum(dim)


def pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False):
    """||x1 - x2 + eps||_p over the last dim."""
    last = max(x1.dim(), x2.dim()) - 1
    return (x1 - x2 + eps).norm(p, max(last, 0), keepdim=keepdim)
