"""F.pad: constant, reflect, replicate and circular padding of the last dims, negative widths crop.

Negative widths are a crop (a slice, which is differentiable); positive widths are then added: constant padding
by a Function whose gradient is the interior slice, the other modes by index_select with one index vector per
padded dim (reflected, clamped or wrapped positions), whose gradient index_select already knows.
"""
from ...autograd.function import Function
from ...ops._util import wrap
from ...tensor import Tensor

__all__ = ["pad"]

_MODES = ("constant", "reflect", "replicate", "circular")


class ConstantPad(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, widths, value):
        ctx.interior = tuple(slice(b, b + n) for (b, _), n in zip(widths, x.shape))
        return wrap(x.xp.pad(x._data, widths, constant_values=value))

    @staticmethod
    def backward(ctx, g):
        return g[ctx.interior], None, None


def _positions(xp, mode, size, before, after):
    """Source position of every output position along one dim of length size (after cropping)."""
    pos = xp.arange(-before, size + after)
    if mode == "replicate":
        return xp.clip(pos, 0, size - 1)
    if mode == "circular":
        return pos % size
    period = 2 * (size - 1)  # reflect: mirror at the first and last element, without repeating them
    pos = xp.abs(pos) % period if period else pos * 0
    return xp.where(pos >= size, period - pos, pos)


def _check_mode(input, pad, mode):
    if mode not in _MODES:
        raise NotImplementedError("Unrecognised padding mode %s" % mode)
    if mode == "constant":
        return
    dims = len(pad) // 2
    if input.dim() not in (dims + 1, dims + 2):
        raise NotImplementedError(
            "Padding size %d is not supported for %dD input tensor.\nSupported combinations for non-constant "
            "padding:\n  - 2D or 3D input: padding size = 2 (pads last dimension)\n  - 3D or 4D input: padding size "
            "= 4 (pads last 2 dimensions)\n  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
            % (len(pad), input.dim()))
    first = 1 if input.dim() == dims + 2 else 0  # only a batch dim may be empty
    if mode != "circular" and 0 in input.shape[first:]:
        raise RuntimeError("Expected %dD or %dD (batch mode) tensor with possibly 0 batch size and other non-zero "
                           "dimensions for input, but got: %s" % (dims + 1, dims + 2, list(input.shape)))


def _replicate(input, widths):
    """Every output position clamped into input (as torch: a negative width crops, even past the other edge)."""
    shape = [n + b + a for (b, a), n in zip(widths, input.shape)]
    if min(shape) < 0:
        raise RuntimeError("Trying to create tensor with negative dimension %d: %s" % (min(shape), shape))
    x = input
    for d, (b, a) in enumerate(widths):
        if b or a:
            x = x.index_select(d, Tensor._make(_positions(x.xp, "replicate", input.shape[d], b, a)))
    return x


def pad(input, pad, mode="constant", value=None):
    if not isinstance(input, Tensor):
        raise TypeError("pad(): argument 'input' must be Tensor, not %s" % type(input).__name__)
    pad = tuple(int(p) for p in pad)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError("Padding length should be less than or equal to two times the input dimension but got "
                           "padding length %d and input of dimension %d" % (len(pad), input.dim()))
    _check_mode(input, pad, mode)
    if mode != "constant" and value:
        raise RuntimeError('Padding mode "%s" doesn\'t take in value argument' % mode)
    nd = input.dim()
    widths = [(0, 0)] * nd
    for k in range(len(pad) // 2):  # pad lists (before, after) pairs from the last dim backwards
        widths[nd - 1 - k] = (pad[2 * k], pad[2 * k + 1])
    if mode == "replicate":
        return _replicate(input, widths)
    crop = tuple(slice(max(-b, 0), n - max(-a, 0)) for (b, a), n in zip(widths, input.shape))
    if any(s.stop - s.start < 0 for s in crop):
        raise RuntimeError("narrow(): length must be non-negative.")
    x = input[crop] if any(b < 0 or a < 0 for b, a in widths) else input
    widths = [(max(b, 0), max(a, 0)) for b, a in widths]
    if mode == "constant":
        return ConstantPad.apply(x, tuple(widths), 0 if value is None else value) if any(map(any, widths)) else x
    for d, (b, a) in enumerate(widths):
        if not (b or a):
            continue
        n = x.shape[d]
        if mode == "reflect" and (b >= n or a >= n):
            raise RuntimeError("Argument #4: Padding size should be less than the corresponding input dimension, but "
                               "got: padding (%d, %d) at dimension %d of input %s" % (b, a, d, list(input.shape)))
        if mode == "circular" and (b > n or a > n):
            raise RuntimeError("Padding value causes wrapping around more than once.")
        x = x.index_select(d, Tensor._make(_positions(x.xp, mode, n, b, a)))
    return x
