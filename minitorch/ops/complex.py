"""Complex numbers: taking them apart (real, imag, view_as_real), building them (complex, polar, view_as_complex),
conjugating them, and their sgn and angle.

Gradients follow torch's convention: for a real loss L, the gradient of a complex z = x + iy is
dL/dx + i dL/dy (twice dL/dz*, the conjugate Wirtinger derivative). A holomorphic op w = f(z) then sends back
g * conj(f'(z)); as f has real Taylor coefficients, conj(f'(z)) = f'(conj(z)), so the real formulas serve as
they are once their saved operands are conjugated (``conj_if_complex``). A real input that meets a complex op
keeps the real part of its gradient (the node casts it, ``function.cast_grad``).
"""
import builtins

from .. import dtypes as _dt
from ..autograd.function import Function
from ..tensor import Tensor
from ._util import require_tensors, wrap
from .shape import _mark_view


class Conj(Function):
    """conj(x + iy) = x - iy, a copy (torch's lazy conjugate bit is not modelled: is_conj is always False)."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, z):
        return wrap(z.xp.conj(z._data))

    @staticmethod
    def backward(ctx, g):
        # conj is its own adjoint: the gradient is conj(g)
        return conj(g)


class ConjPhysical(Conj):
    pass


def conj_if_complex(t):
    """conj(t) for a complex tensor or number, t itself otherwise (the conj a holomorphic op's gradient needs)."""
    if isinstance(t, Tensor):
        return Conj.apply(t) if t.dtype.is_complex else t
    return t.conjugate() if isinstance(t, builtins.complex) else t


def conj(input):
    require_tensors("conj", input=input)
    return Conj.apply(input) if input.dtype.is_complex else input  # a real tensor is its own conjugate


def conj_physical(input):
    require_tensors("conj_physical", input=input)
    return ConjPhysical.apply(input) if input.dtype.is_complex else input


class Real(Function):
    """The real parts, as a view of z's memory (writes go through). The gradient g is z's, as g + 0i."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, z):
        ctx.dtype = z.dtype
        return wrap(z._data.real)

    @staticmethod
    def backward(ctx, g):
        return g.to(ctx.dtype)


class Imag(Function):
    """The imaginary parts, as a view. z = x + iy, L depends on y: z's gradient is 0 + i g."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, z):
        return wrap(z._data.imag)

    @staticmethod
    def backward(ctx, g):
        return g * 1j


def real(input):
    require_tensors("real", input=input)
    if not input.dtype.is_complex:
        return input  # torch returns a real tensor itself
    return _mark_view(Real.apply(input), input, lambda base: real(base))


def imag(input):
    require_tensors("imag", input=input)
    if not input.dtype.is_complex:
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")
    return _mark_view(Imag.apply(input), input, lambda base: imag(base))


def _set_real(self, value):
    real(self).copy_(value)


def _set_imag(self, value):
    imag(self).copy_(value)


class ViewAsReal(Function):
    """z of shape S as a real tensor of shape S + (2,) on the same memory ([..., 0] real, [..., 1] imaginary)."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, z):
        parts = z._data.real  # (same strides as z, in units of the real dtype)
        return wrap(z.xp.lib.stride_tricks.as_strided(parts, z._data.shape + (2,), parts.strides + (parts.itemsize,)))

    @staticmethod
    def backward(ctx, g):
        return view_as_complex(g.contiguous())


class ViewAsComplex(Function):
    """The inverse view: pairs along a last dim of size 2 read as complex numbers."""
    _builtin = True
    _array_forward = True

    @staticmethod
    def forward(ctx, x):
        return wrap(x._data.view(x.dtype.to_complex().np)[..., 0])

    @staticmethod
    def backward(ctx, g):
        return view_as_real(g)


def view_as_real(input):
    require_tensors("view_as_real", input=input)
    if not input.dtype.is_complex:
        raise RuntimeError("view_as_real is only supported for complex tensors")
    return _mark_view(ViewAsReal.apply(input), input, view_as_real)


def view_as_complex(input):
    require_tensors("view_as_complex", input=input)
    if input.dtype not in (_dt.float32, _dt.float64):
        raise RuntimeError("view_as_complex is only supported for half, float and double tensors, but got a tensor of "
                           "scalar type: %s" % _dt.scalar_type_name(input.dtype))
    if input.dim() == 0 or input.shape[-1] != 2:
        raise RuntimeError("Tensor must have a last dimension of size 2")
    strides = input.stride()
    if strides[-1] != 1:
        raise RuntimeError("Tensor must have a last dimension with stride 1")
    if any(s % 2 for s in strides[:-1]):
        raise RuntimeError("Tensor must have a stride divisible by 2 for all but last dimension")
    return _mark_view(ViewAsComplex.apply(input), input, view_as_complex)


def complex(real, imag):
    """real + i imag, from two tensors of one floating dtype (float32 -> complex64), broadcast together."""
    require_tensors("complex", real=real, imag=imag)
    _check_parts(real, imag)
    # x + i y is linear in both: x gets the real part of the gradient, y its imaginary part
    return real.to(real.dtype.to_complex()) + imag * 1j


def polar(abs, angle):
    """abs * e^(i angle) = abs cos(angle) + i abs sin(angle)."""
    require_tensors("polar", abs=abs, angle=angle)
    _check_parts(abs, angle)
    return complex(abs * angle.cos(), abs * angle.sin())


def _check_parts(a, b):
    """torch's checks of the two real tensors a complex one is built from."""
    for t in (a, b):
        if t.dtype not in (_dt.float32, _dt.float64):
            raise RuntimeError("Expected both inputs to be Half, Float or Double tensors but got %s and %s"
                               % (_dt.scalar_type_name(a.dtype), _dt.scalar_type_name(b.dtype)))
    if a.dtype is not b.dtype:
        raise RuntimeError("Expected object of scalar type %s but got scalar type %s for second argument"
                           % (_dt.scalar_type_name(a.dtype), _dt.scalar_type_name(b.dtype)))


class Sgn(Function):
    """sgn(z) = z / |z| (0 at 0). With s = sgn(z) and r = |z|, z's gradient is (g - Re(g conj(s)) s) / r: only the
    part of g along the circle (s turns, it does not grow) reaches z."""
    _builtin = True

    @staticmethod
    def forward(ctx, z):
        xp = z.xp
        r = xp.abs(z._data)
        s = wrap(xp.where(r == 0, 0, z._data / xp.where(r == 0, 1, r)).astype(z._data.dtype))
        ctx.save_for_backward(z, s)
        return s

    @staticmethod
    def backward(ctx, g):
        z, s = ctx.saved_tensors
        r = z.abs()
        along = (g * conj(s)).real * s
        return ((g - along) / r).masked_fill(r == 0, 0)


class Angle(Function):
    """angle(z) = atan2(y, x). Its gradient: (-y dx + x dy) / r^2, i.e. g * i z / |z|^2, 0 at z = 0."""
    _builtin = True

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return wrap(z.xp.angle(z._data).astype(z.dtype.to_real().np))

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        r2 = z.abs() ** 2
        return (g * z * 1j / r2).masked_fill(r2 == 0, 0)


def unit(x):
    """x / |x| (0 at 0): sgn for a complex x, sign for a real one (d|x|/dx, the gradient of abs)."""
    return x.sgn() if x.dtype.is_complex else x.sign()


def refuse_complex(input, message, error=RuntimeError):
    """torch's error for an op it does not define on complex numbers (ordering ops, clamp, ...)."""
    if isinstance(input, Tensor) and input.dtype.is_complex:
        raise error(message)


FUNCTIONS = ["conj", "conj_physical", "real", "imag", "view_as_real", "view_as_complex", "complex", "polar"]
NOT_METHODS = {"complex", "polar", "view_as_real", "view_as_complex", "real", "imag"}
METHODS = {"real": property(real, _set_real), "imag": property(imag, _set_imag)}
