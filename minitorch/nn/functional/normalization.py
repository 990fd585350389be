"""Normalization: batch, instance, layer, group, RMS and local response norm.

All of them are compositions of differentiable Tensor ops (mean, rsqrt, ...), so their backward passes can be
differentiated again. Running statistics are updated in place, outside the graph, with the unbiased variance.
"""
import math

from ...autograd.grad_mode import no_grad
from ...dtypes import float16, float32
from ...ops.shape import cat
from ...tensor import _type_name
from .node_names import as_torch_node

__all__ = ["batch_norm", "instance_norm", "layer_norm", "group_norm", "rms_norm", "local_response_norm"]


def _standardize(x, dims, eps):
    """(x - mean) / sqrt(var + eps) over dims, with the biased variance; also returns mean and var (keepdim)."""
    x = _opmath(x)
    mean = x.mean(dims, keepdim=True)
    centred = x - mean
    var = (centred * centred).mean(dims, keepdim=True)
    return centred * (var + eps).rsqrt(), mean, var


def _opmath(x):
    """float16 is normalized in float32, as torch's kernels do (the result is rounded once, by _like_input)."""
    return x.float() if x.dtype == float16 else x


def _per_channel(t, ndim):
    """A (C,) tensor viewed as (C, 1, ..., 1) so that it broadcasts over (N, C, *) input."""
    return t.reshape((-1,) + (1,) * (ndim - 2))


def _scale_shift(out, weight, bias, input):
    """out * weight + bias, per channel, in input's dtype."""
    if weight is not None:
        out = out * _per_channel(weight, input.dim())
    if bias is not None:
        out = out + _per_channel(bias, input.dim())
    return _like_input(out, input)


def _like_input(out, input):
    """float16 input with float32 weights or statistics: torch computes in float32 and returns float16."""
    return out.to(input.dtype)


def _check_channels(input, **tensors):
    c = input.shape[1] if input.dim() > 1 else 0
    for name, t in tensors.items():
        if t is not None and t.numel() != c:
            raise RuntimeError("%s should contain %d elements not %d" % (name, c, t.numel()))


def _check_dtypes(input, *tensors):
    """torch's CPU rule: weights and statistics share the input's dtype (float16 input may take float32 ones)."""
    dtypes = {t.dtype for t in tensors if t is not None}
    if dtypes and dtypes != {input.dtype} and not (input.dtype == float16 and dtypes == {float32}):
        raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _check_floating(kernel, input):
    """torch's norm kernels run on floating types only."""
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(input.dtype)))


def _update_running(running_mean, running_var, mean, unbiased_var, momentum):
    """running = (1 - momentum) * running + momentum * batch statistic (the variance unbiased: n / (n - 1))."""
    with no_grad():
        if running_mean is not None:
            running_mean.copy_(running_mean * (1 - momentum) + mean.reshape(-1) * momentum)
        if running_var is not None:
            running_var.copy_(running_var * (1 - momentum) + unbiased_var.reshape(-1) * momentum)


def _normalize_with(input, running_mean, running_var, eps):
    """Normalization by given (running) statistics instead of the batch's."""
    if running_mean is None or running_var is None:
        raise RuntimeError("running_%s must be defined in evaluation mode" % ("mean" if running_mean is None
                                                                            else "var"))
    n, input = input.dim(), _opmath(input)
    return (input - _per_channel(running_mean, n)) * (_per_channel(running_var, n) + eps).rsqrt()


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5):
    """Normalize each channel (dim 1) over the batch and every other dim; in training, update the running stats."""
    if training:
        size = tuple(input.shape)
        if size[0] * math.prod(size[2:]) == 1:
            raise ValueError("Expected more than 1 value per channel when training, got input size %s"
                             % (input.shape,))
    _check_channels(input, running_mean=running_mean, running_var=running_var, weight=weight, bias=bias)
    _check_dtypes(input, running_mean, running_var, weight, bias)
    _check_floating("batch_norm", input)
    if not training:
        out = _normalize_with(input, running_mean, running_var, eps)
    else:
        dims = (0,) + tuple(range(2, input.dim()))
        out, mean, var = _standardize(input, dims, eps)
        count = input.numel() // input.shape[1] if input.dim() > 1 and input.shape[1] else 0
        if count:  # torch leaves the running statistics alone on an empty batch
            _update_running(running_mean, running_var, mean.detach(), var.detach() * (count / (count - 1)),
                            momentum)
    return as_torch_node(_scale_shift(out, weight, bias, input), "NativeBatchNormBackward0")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True,
                  momentum=0.1, eps=1e-5):
    """Normalize each (sample, channel) over its spatial dims; running stats get the average over the batch."""
    if use_input_stats and math.prod(input.shape[2:]) == 1:
        raise ValueError("Expected more than 1 spatial element when training, got input size %s" % (input.shape,))
    _check_channels(input, running_mean=running_mean, running_var=running_var, weight=weight, bias=bias)
    _check_dtypes(input, running_mean, running_var, weight, bias)
    _check_floating("batch_norm", input)
    if not use_input_stats:
        return _scale_shift(_normalize_with(input, running_mean, running_var, eps), weight, bias, input)
    out, mean, var = _standardize(input, tuple(range(2, input.dim())), eps)
    if running_mean is not None or running_var is not None:
        count = math.prod(input.shape[2:])
        # each sample's statistics, averaged over the batch
        _update_running(running_mean, running_var, mean.detach().mean(0),
                        (var.detach() * (count / (count - 1))).mean(0), momentum)
    return _scale_shift(out, weight, bias, input)


def _normalized_dims(input, normalized_shape, weight, bias):
    """The trailing dims that normalized_shape names, after torch's shape checks."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if not shape:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one "
                           "element, but got normalized_shape = []")
    for label, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t.shape) != shape:
            raise RuntimeError("Expected %s to be of same shape as normalized_shape, but got %s of shape %s and "
                               "normalized_shape = %s" % (label, label, list(t.shape), list(shape)))
    k, n = len(shape), input.dim()
    if k > n or tuple(input.shape[n - k:]) != shape:
        raise RuntimeError("Given normalized_shape=%s, expected input with shape [*, %s], but got input of size%s"
                           % (list(shape), ", ".join(map(str, shape)), list(input.shape)))
    return tuple(range(n - k, n))


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5):
    """Normalize over the trailing dims given by normalized_shape, then scale and shift elementwise."""
    dims = _normalized_dims(input, normalized_shape, weight, bias)
    _check_dtypes(input, weight, bias)
    _check_floating("LayerNormKernelImpl", input)
    out = _standardize(input, dims, eps)[0]
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return as_torch_node(_like_input(out, input), "NativeLayerNormBackward0")


def rms_norm(input, normalized_shape, weight=None, eps=None):
    """x / sqrt(mean(x^2) + eps) over the trailing dims; eps defaults to the dtype's machine epsilon."""
    dims = _normalized_dims(input, normalized_shape, weight, None)
    _check_floating("rms_norm", input)
    if eps is None:
        eps = float(input.xp.finfo(input.dtype.np if input.dtype.itemsize > 4 else "float32").eps)
    x = _opmath(input)
    out = x * ((x * x).mean(dims, keepdim=True) + eps).rsqrt()
    return _like_input(out if weight is None else out * weight, input)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5):
    """Split the channels into num_groups groups; normalize each (sample, group) over its channels and space."""
    if input.dim() < 2:
        raise RuntimeError("Expected at least 2 dimensions for input tensor but received %d" % input.dim())
    n, c = input.shape[0], input.shape[1]
    if c % num_groups:
        raise RuntimeError("Expected number of channels in input to be divisible by num_groups, but got input of "
                           "shape %s and num_groups=%d" % (list(input.shape), num_groups))
    for label, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != c):
            raise RuntimeError("Expected %s to be a vector of size equal to the number of channels in input, but "
                               "got %s of shape %s and input of shape %s"
                               % (label, label, list(t.shape), list(input.shape)))
    _check_dtypes(input, weight, bias)
    _check_floating("GroupNormKernelImpl", input)
    grouped = input.reshape(n, num_groups, (c // num_groups) * math.prod(input.shape[2:]))
    out = _standardize(grouped, (2,), eps)[0].reshape(tuple(input.shape))
    return as_torch_node(_scale_shift(out, weight, bias, input), "NativeGroupNormBackward0")


def local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0):
    """x / (k + alpha/size * sum of x^2 over the `size` neighbouring channels)^beta (zero padded at the edges)."""
    if input.dim() < 3:
        raise ValueError("Expected 3D or higher dimensionality input (got %d dimensions)" % input.dim())
    if input.numel() == 0:
        return input
    c = input.shape[1]
    square = input * input
    pad = lambda m: square.new_zeros((square.shape[0], m) + tuple(square.shape[2:]))  # noqa: E731
    padded = cat([pad(size // 2), square, pad((size - 1) // 2)], 1)
    window = padded.narrow(1, 0, c)
    for offset in range(1, size):  # a loop over the window's offsets, each one a whole-tensor op
        window = window + padded.narrow(1, offset, c)
    return input / (window * (alpha / size) + k) ** beta
