"""Layers torch keeps for old programs: ``Container`` (deprecated: a Module built from keyword submodules) and
``CrossMapLRN2d`` (Lua Torch's cross-channel local response normalisation, with its exact windows).

CrossMapLRN2d on a 4D input x with C channels, r = int((size - 1) / 2):
    scale_c = k + alpha / size * (sum of x_j^2 for |j - c| <= r, plus x_0^2 once more when c > r)
    out_c = x_c * scale_c^-beta
(the x_0^2 term is the original running-sum's, which never drops channel 0). Its gradient is the original's
too: with ratio = g * out / scale and p = int(size - (size - 1) / 2),
    grad_c = g_c * scale_c^-beta - 2 alpha beta / size * x_c * (sum of ratio_j for c - p <= j <= c + size - 1 - p)
"""
import warnings

from ...autograd.function import Function
from ...ops.shape import cat
from ..module import Module

__all__ = ["Container", "CrossMapLRN2d"]


class Container(Module):
    """Deprecated (FutureWarning): a Module whose keyword arguments become its submodules."""

    def __init__(self, **kwargs):
        super().__init__()
        warnings.warn("`nn.Container` is deprecated. All of its functionality is now implemented in `nn.Module`. "
                      "Subclass that instead.", FutureWarning, stacklevel=2)
        for name, module in kwargs.items():
            self.add_module(name, module)


def _channel_window_sum(t, low, high):
    """out[:, c] = sum of t[:, j] for c + low <= j <= c + high (channels outside [0, C) count as zero)."""
    channels = t.size(1)
    before, after = max(0, -low), max(0, high)
    zeros = lambda n: t.new_zeros((t.size(0), n) + tuple(t.shape[2:]))  # noqa: E731
    padded = cat([zeros(before), t, zeros(after)], 1)
    total = padded.narrow(1, before + low, channels)
    for offset in range(low + 1, high + 1):
        total = total + padded.narrow(1, before + offset, channels)
    return total


class _CrossMapLRN2dFunction(Function):
    @staticmethod
    def forward(ctx, input, size, alpha, beta, k):
        if input.dim() != 4:
            raise ValueError("CrossMapLRN2d: Expected input to be 4D, got %dD instead." % input.dim())
        radius = int((size - 1) / 2)
        square = input * input
        window = _channel_window_sum(square, -radius, radius)
        beyond = (input.new_ones(input.size(1)).cumsum(0) > radius + 1).to(input.dtype).reshape(1, -1, 1, 1)
        scale = (window + square.narrow(1, 0, 1) * beyond) * (alpha / size) + k
        output = input * scale ** -beta
        ctx.save_for_backward(input, output, scale)
        ctx.size, ctx.alpha, ctx.beta = size, alpha, beta
        return output

    @staticmethod
    def backward(ctx, grad_output):
        input, output, scale = ctx.saved_tensors
        size, beta = ctx.size, ctx.beta
        shift, channels = int(size - (size - 1) / 2), input.size(1)
        if shift > size - 1:  # (size 1: the original's padded buffer is too short for its window)
            raise RuntimeError("start (%d) + length (%d) exceeds dimension size (%d)."
                               % (shift, channels, channels + size - 1))
        accumulated = _channel_window_sum(grad_output * output / scale, -shift, size - 1 - shift)
        grad = scale ** -beta * grad_output - (2 * ctx.alpha * beta / size) * input * accumulated
        return grad, None, None, None, None


class CrossMapLRN2d(Module):
    """Cross-channel local response normalisation of a 4D input (see the module docstring)."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return _CrossMapLRN2dFunction.apply(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return "%s, alpha=%s, beta=%s, k=%s" % (self.size, self.alpha, self.beta, self.k)
