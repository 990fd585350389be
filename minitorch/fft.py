"""minitorch.fft: torch.fft's discrete Fourier transforms, on the array module's fft (``x.xp.fft``).

Three Functions do the transforms, as in torch: FftC2C (complex to complex), FftR2C (real to complex: the full
spectrum, or only its first half, which a real signal's Hermitian symmetry determines) and FftC2R (such a half
spectrum back to a real signal). Each computes the unscaled transform times a scale that the norm mode gives
("backward": 1 forward and 1/n inverse; "ortho": 1/sqrt(n) both ways; "forward": 1/n forward and 1 inverse).
Everything else (choosing dims and sizes, zero-padding or trimming the signal, conjugating for the Hermitian
transforms) is ordinary differentiable ops around them.

Gradients (torch's convention, dL/dz* for complex z): the DFT matrix F is unitary up to n, so the adjoint of
``scale * F`` is ``scale * conj(F)^T``: the transform in the other direction with the same scale.
"""
import math

from . import dtypes as _dt
from .autograd.function import Function
from .ops._util import require_tensors, wrap
from .ops.complex import conj
from .ops.elementwise import _out
from .tensor import Tensor, _type_name, _wrap_dim


# --- the three transforms ---------------------------------------------------------------------------------------
def _unscaled(xp, data, dims, inverse):
    """The unscaled DFT of data over dims: sum_k x_k e^(-2 pi i jk/n), or e^(+...) when inverse."""
    return xp.fft.ifftn(data, axes=dims, norm="forward") if inverse else xp.fft.fftn(data, axes=dims)


def _scaled(data, scale, dtype):
    return (data * scale if scale != 1 else data).astype(dtype.np, copy=False)


class FftC2C(Function):
    """scale * DFT of a complex z over dims (the inverse direction when ``inverse``)."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, z, dims, inverse, scale):
        ctx.dims, ctx.inverse, ctx.scale = dims, inverse, scale
        return wrap(_scaled(_unscaled(z.xp, z._data, dims, inverse), scale, z.dtype))

    @staticmethod
    def backward(ctx, g):
        # adjoint of scale * F: scale * F^H, the transform the other way
        return FftC2C.apply(g, ctx.dims, not ctx.inverse, ctx.scale), None, None, None


class FftR2C(Function):
    """scale * forward DFT of a real x over dims: complex, and with ``onesided`` only the first n//2 + 1 entries
    along the last dim (the rest are their conjugates)."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, x, dims, scale, onesided):
        ctx.dims, ctx.scale, ctx.onesided = dims, scale, onesided
        ctx.full_size = x.shape[dims[-1]]
        xp, complex_dtype = x.xp, x.dtype.to_complex()
        spectrum = xp.fft.rfftn(x._data, axes=dims) if onesided else xp.fft.fftn(x._data, axes=dims)
        return wrap(_scaled(spectrum, scale, complex_dtype))

    @staticmethod
    def backward(ctx, g):
        # x is real: its gradient is the real part of the adjoint, scale * F^H g, with the entries a one-sided
        # spectrum left out taken as 0 (they were not outputs)
        if ctx.onesided:
            last = ctx.dims[-1]
            missing = ctx.full_size - g.shape[last]
            g = _pad_dim(g, last, missing)
        return FftC2C.apply(g, ctx.dims, True, ctx.scale).real, None, None, None


class FftC2R(Function):
    """scale * inverse DFT of a one-sided spectrum z (n//2 + 1 entries along the last dim, for a real signal of
    size n there): the full spectrum is z completed by Hermitian symmetry, and the result is real. The imaginary
    parts of the entries that must be real (0 and, for an even n, n/2) are ignored."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, z, dims, scale, last_size):
        ctx.dims, ctx.scale, ctx.last_size = dims, scale, last_size
        sizes = [z.shape[d] for d in dims[:-1]] + [last_size]
        signal = z.xp.fft.irfftn(z._data, s=sizes, axes=dims, norm="forward")
        return wrap(_scaled(signal, scale, z.dtype.to_real()))

    @staticmethod
    def backward(ctx, g):
        # each entry k of the half spectrum that stands for itself and its conjugate (k = 1 .. n - (n//2 + 1))
        # reached the signal twice: its gradient is twice that of the one-sided forward transform
        spectrum = FftR2C.apply(g, ctx.dims, ctx.scale, True)
        last = ctx.dims[-1]
        half = spectrum.shape[last]
        twice = ctx.last_size - half
        weight = [1.0] + [2.0] * twice + [1.0] * (half - 1 - twice)
        shape = [1] * spectrum.dim()
        shape[last] = half
        weight = Tensor._make(g.xp.asarray(weight, dtype=g.dtype.np).reshape(shape))
        return spectrum * weight, None, None, None


# --- dims, sizes, scales ----------------------------------------------------------------------------------------
def _scale(norm, n, inverse):
    """The factor the norm mode gives a transform of n points in either direction."""
    if norm is None or norm == "backward":
        return 1.0 / n if inverse else 1.0
    if norm == "ortho":
        return 1.0 / math.sqrt(n)
    if norm == "forward":
        return 1.0 if inverse else 1.0 / n
    raise RuntimeError("Invalid normalization mode: \"%s\"" % (norm,))


def _check_size(n):
    if n < 1:
        raise RuntimeError("Invalid number of data points (%d) specified" % n)
    return n


def _dim_of(x, dim):
    if x.dim() == 0:
        raise IndexError("Dimension specified as %d but tensor has no dimensions" % dim)
    return _wrap_dim(dim, x.dim())


def _signal_1d(x, n, dim):
    """([dim], [n]) for the one-dim transforms: n defaults to the input's size along dim."""
    d = _dim_of(x, dim)
    return (d,), [x.shape[d] if n is None else n]


def _signal_nd(x, s, dim):
    """(dims, sizes) for the n-dim transforms, as torch reads s and dim: dim alone picks the dims (sizes as they
    are); s alone the last len(s) dims; neither, every dim. A size -1 keeps that dim's size."""
    if isinstance(dim, int):
        dim = (dim,)
    if dim is not None:
        dims = _unique([_dim_of(x, d) for d in dim])
        if s is not None and len(s) != len(dims):
            raise RuntimeError("When given, dim and shape arguments must have the same length")
    elif s is not None:
        if len(s) > x.dim():
            raise RuntimeError("Got shape with %d values but input tensor only has %d dimensions."
                               % (len(s), x.dim()))
        dims = tuple(range(x.dim() - len(s), x.dim()))
    else:
        dims = tuple(range(x.dim()))
    sizes = [x.shape[d] for d in dims] if s is None else [x.shape[d] if n == -1 else n for d, n in zip(dims, s)]
    return dims, sizes


def _unique(dims):
    if len(set(dims)) != len(dims):
        raise RuntimeError("FFT dims must be unique")
    return tuple(dims)


def _pad_dim(x, dim, extra):
    """x with extra zeros appended along dim."""
    if extra <= 0:
        return x
    shape = list(x.shape)
    shape[dim] = extra
    from .ops.shape import cat
    return cat([x, x.new_zeros(shape)], dim)


def _resize(x, dims, sizes):
    """x trimmed or zero-padded (at the end) to sizes along dims: the signal a transform of those sizes reads."""
    for d, n in zip(dims, sizes):
        _check_size(n)
        if n < x.shape[d]:
            x = x.narrow(d, 0, n)
        elif n > x.shape[d]:
            x = _pad_dim(x, d, n - x.shape[d])
    return x


def _floating(x):
    """Integers and bools as the default float (as torch's fft functions take them); Half is refused."""
    require_tensors("fft", input=x)
    if x.dtype is _dt.float16:
        raise RuntimeError("Unsupported dtype Half")
    return x if x.dtype.is_inexact else x.to(_dt.get_default_dtype())


def _complex(x):
    x = _floating(x)
    return x if x.dtype.is_complex else x.to(x.dtype.to_complex())


def _real_only(name, x):
    x = _floating(x)
    if x.dtype.is_complex:
        raise RuntimeError("%s expects a real input tensor, but got %s" % (name, _type_name(x.dtype)))
    return x


# --- the transforms by kind -------------------------------------------------------------------------------------
def _c2c(input, dims_sizes, norm, inverse):
    """fft/ifft family: a real input takes the real-to-complex transform (its gradient stays real)."""
    x = _floating(input)
    dims, sizes = dims_sizes(x)
    x = _resize(x, dims, sizes)
    scale = _scale(norm, math.prod(sizes), inverse)
    if not dims:
        return _complex(x)
    if x.dtype.is_complex:
        return FftC2C.apply(x, dims, inverse, scale)
    # for a real x the inverse transform is the conjugate of the forward one
    spectrum = FftR2C.apply(x, dims, scale, False)
    return conj(spectrum) if inverse else spectrum


def _r2c(name, input, dims_sizes, norm, inverse):
    """rfft family (forward) and ihfft family (inverse: the conjugate of the forward half spectrum)."""
    x = _real_only(name, input)
    dims, sizes = dims_sizes(x)
    x = _resize(x, dims, sizes)
    spectrum = FftR2C.apply(x, dims, _scale(norm, math.prod(sizes), inverse), True)
    return conj(spectrum) if inverse else spectrum


def _c2r(input, dims_sizes, last_size, norm, inverse):
    """irfft family (inverse) and hfft family (forward: the inverse transform of the conjugate). last_size: the
    output size along the last dim (None: 2 * (m - 1) for an input of m entries there)."""
    z = _complex(input)
    dims, sizes = dims_sizes(z)
    last = dims[-1]
    n = _check_size(2 * (z.shape[last] - 1) if last_size is None or last_size == -1 else last_size)
    z = _resize(z, dims, sizes[:-1] + [n // 2 + 1])
    if not inverse:
        z = conj(z)
    return FftC2R.apply(z, dims, _scale(norm, math.prod(sizes[:-1]) * n, inverse), n)


def _one(n, dim):
    return lambda x: _signal_1d(x, n, dim)


def _many(s, dim):
    return lambda x: _signal_nd(x, s, dim)


def _last_size(s):
    return None if s is None else s[-1]


def fft(input, n=None, dim=-1, norm=None, *, out=None):
    return _out(_c2c(input, _one(n, dim), norm, False), out)


def ifft(input, n=None, dim=-1, norm=None, *, out=None):
    return _out(_c2c(input, _one(n, dim), norm, True), out)


def fft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _out(_c2c(input, _many(s, dim), norm, False), out)


def ifft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _out(_c2c(input, _many(s, dim), norm, True), out)


def fftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_c2c(input, _many(s, dim), norm, False), out)


def ifftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_c2c(input, _many(s, dim), norm, True), out)


def rfft(input, n=None, dim=-1, norm=None, *, out=None):
    return _out(_r2c("rfft", input, _one(n, dim), norm, False), out)


def rfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _out(_r2c("rfftn", input, _many(s, dim), norm, False), out)


def rfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_r2c("rfftn", input, _many(s, dim), norm, False), out)


def ihfft(input, n=None, dim=-1, norm=None, *, out=None):
    return _out(_r2c("ihfft", input, _one(n, dim), norm, True), out)


def ihfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _out(_r2c("ihfftn", input, _many(s, dim), norm, True), out)


def ihfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_r2c("ihfftn", input, _many(s, dim), norm, True), out)


def irfft(input, n=None, dim=-1, norm=None, *, out=None):
    return _out(_c2r(input, _one(n, dim), n, norm, True), out)


def irfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _out(_c2r(input, _many(s, dim), _last_size(s), norm, True), out)


def irfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_c2r(input, _many(s, dim), _last_size(s), norm, True), out)


def hfft(input, n=None, dim=-1, norm=None, *, out=None):
    return _out(_c2r(input, _one(n, dim), n, norm, False), out)


def hfft2(input, s=None, dim=(-2, -1), norm=None, *, out=None):
    return _out(_c2r(input, _many(s, dim), _last_size(s), norm, False), out)


def hfftn(input, s=None, dim=None, norm=None, *, out=None):
    return _out(_c2r(input, _many(s, dim), _last_size(s), norm, False), out)


# --- frequencies and shifts -------------------------------------------------------------------------------------
def fftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """The frequencies of an n-point DFT's entries, in cycles per unit of sample spacing d:
    [0, 1, ..., ceil(n/2) - 1, -floor(n/2), ..., -1] / (d n)."""
    from .creation import arange
    k = arange(n, dtype=dtype, device=device)
    k = k if k.dtype.is_floating_point else k.to(_dt.get_default_dtype())
    freqs = (k - n * (k >= (n + 1) // 2)) / (d * n)
    return _out(freqs.requires_grad_(requires_grad), out)


def rfftfreq(n, d=1.0, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """The frequencies of a one-sided spectrum: [0, 1, ..., n//2] / (d n)."""
    from .creation import arange
    k = arange(n // 2 + 1, dtype=dtype, device=device)
    k = k if k.dtype.is_floating_point else k.to(_dt.get_default_dtype())
    return _out((k / (d * n)).requires_grad_(requires_grad), out)


def _shift(input, dim, direction):
    if dim is None:
        dim = tuple(range(input.dim()))
    elif isinstance(dim, int):
        dim = (dim,)
    dims = [_wrap_dim(d, input.dim()) for d in dim]
    return input.roll([direction * (input.shape[d] // 2) for d in dims], dims) if dims else input.clone()


def fftshift(input, dim=None):
    """The zero frequency moved to the middle: each dim rolled by half its size."""
    require_tensors("fftshift", input=input)
    return _shift(input, dim, 1)


def ifftshift(input, dim=None):
    """fftshift undone (they differ for odd sizes)."""
    require_tensors("ifftshift", input=input)
    return _shift(input, dim, -1)


__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2", "rfftn", "irfftn",
           "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn", "fftfreq", "rfftfreq", "fftshift", "ifftshift"]
