"""Window functions, torch's creation ops for spectral analysis: hann, hamming, blackman, bartlett and kaiser windows.

Each is built from ``arange`` with Tensor ops in the requested dtype and in the order torch's kernels use, so the
roundings agree. A periodic window of length L is the symmetric window of length L + 1 without its last point
(the form ``stft`` wants); lengths 0 and 1 give an empty window and ``[1.]``."""
import math
from numbers import Integral

from .. import backend
from .. import dtypes as _dt
from ..creation import arange, ones
from ..tensor import Tensor
from ._util import c10_name
from .arguments import check_bool, check_number, wrong_type
from .elementwise import where
from .special import i0


class _Omittable:
    """A default that torch's overloads let a caller rely on only while every later parameter is left out too:
    hamming_window(5, True, 0.5) matches an overload, hamming_window(5, alpha=0.5) none (alpha comes with periodic)."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __repr__(self):
        return repr(self.value)


def _overload(name, **chain):
    """The values of the parameters chain names (in order), refusing one given after one left out, as torch does."""
    values, left_out = [], None
    for param, value in chain.items():
        if isinstance(value, _Omittable):
            left_out = left_out or param
            value = value.value
        elif left_out is not None:
            raise TypeError("%s() received an invalid combination of arguments - got %s without %s, but torch's "
                            "overloads take %s only after %s" % (name, param, left_out, param, left_out))
        values.append(value)
    return values


def _length(name, window_length):
    """window_length as torch's int parameter takes it: an integer or a 0-d integer tensor, never a bool."""
    if isinstance(window_length, Tensor) and window_length.dim() == 0 and window_length.dtype.category == _dt.INT:
        return int(window_length)
    if isinstance(window_length, Integral) and not isinstance(window_length, bool):
        return int(window_length)
    raise wrong_type(name, "window_length", 1, "int", window_length)


def _float_dtype(name, dtype, pin_memory):
    """The window's dtype (None: the default dtype); torch accepts floating point dtypes only."""
    if dtype is not None and not isinstance(dtype, _dt.dtype) and dtype not in (float, int, bool):
        raise wrong_type(name, "dtype", None, "torch.dtype", dtype)
    dt = _dt.get_default_dtype() if dtype is None else _dt.as_dtype(dtype)
    if not dt.is_floating_point:
        raise RuntimeError("%s expects floating point dtypes, got: TensorOptions(dtype=%s, device=cpu, layout=Strided "
                           "(default), requires_grad=false (default), pinned_memory=%s, memory_format=(nullopt))"
                           % (name, c10_name(dt), "true" if pin_memory else "false"))
    return dt


def _window(name, window_length, periodic, symmetric, dtype, device, requires_grad, pin_memory):
    """torch's checks and edge cases around symmetric(k, n): the symmetric window of n >= 2 points at k = 0..n-1,
    k given as a tensor of the window's dtype."""
    n = _length(name, window_length)
    check_bool(name, "periodic", 2, periodic)
    dt = _float_dtype(name, dtype, pin_memory)
    if n < 0:
        raise RuntimeError("%s requires non-negative window_length, got window_length=%d" % (name, n))
    if pin_memory and not backend.cuda_available():
        raise RuntimeError("pin_memory=True requires a CUDA or other accelerator backend; no pinned memory allocator "
                           "is available on this system.")
    if n <= 1:
        return ones(n, dtype=dt, device=device, requires_grad=requires_grad)
    points = n + 1 if periodic else n
    window = symmetric(arange(points, dtype=dt, device=device), points)
    return Tensor._leaf(window._data[:n], requires_grad)


def _cosine(k, n, alpha, beta):
    """alpha - beta cos(2 pi k / (n - 1))."""
    return (k * (2 * math.pi / (n - 1))).cos() * -beta + alpha


def _blackman(k, n):
    """0.42 - 0.5 cos(2 pi k / (n - 1)) + 0.08 cos(4 pi k / (n - 1))."""
    x = k * (math.pi / (n - 1))
    return (x * 4).cos() * 0.08 - (x * 2).cos() * 0.5 + 0.42


def _bartlett(k, n):
    """The triangle 2k / (n - 1) up to the middle point, 2 - 2k / (n - 1) after it."""
    x = k * (2 / (n - 1))
    return where(k < (n - 1) // 2 + 1, x, 2 - x)


def _kaiser(k, n, beta):
    """I0(beta sqrt(1 - ((k - a) / a)^2)) / I0(beta), a = (n - 1) / 2; float16 computes in float32 and rounds once,
    as torch's kernel does."""
    if k.dtype is _dt.float16:
        return _kaiser(k.to(_dt.float32), n, beta).to(_dt.float16)
    middle = (n - 1) / 2
    ratio = (k - middle) / middle
    return i0(beta * (1 - ratio * ratio).sqrt()) / i0(k.new_full((), beta))


def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                requires_grad=False):
    """w[k] = 1/2 - 1/2 cos(2 pi k / (N - 1)) = sin^2(pi k / (N - 1))."""
    return _window("hann_window", window_length, periodic, lambda k, n: _cosine(k, n, 0.5, 0.5), dtype, device,
                   requires_grad, pin_memory)


def hamming_window(window_length, periodic=_Omittable(True), alpha=_Omittable(0.54), beta=_Omittable(0.46), *,
                   dtype=None, layout=None, device=None, pin_memory=False, requires_grad=False):
    """w[k] = alpha - beta cos(2 pi k / (N - 1))."""
    periodic, alpha, beta = _overload("hamming_window", periodic=periodic, alpha=alpha, beta=beta)
    check_number("hamming_window", "alpha", 3, alpha)
    check_number("hamming_window", "beta", 4, beta)
    alpha, beta = float(alpha), float(beta)
    return _window("hamming_window", window_length, periodic, lambda k, n: _cosine(k, n, alpha, beta), dtype, device,
                   requires_grad, pin_memory)


def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False):
    """w[k] = 0.42 - 0.5 cos(2 pi k / (N - 1)) + 0.08 cos(4 pi k / (N - 1))."""
    return _window("blackman_window", window_length, periodic, _blackman, dtype, device, requires_grad, pin_memory)


def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None, pin_memory=False,
                    requires_grad=False):
    """w[k] = 1 - |2k / (N - 1) - 1|, the triangle window."""
    return _window("bartlett_window", window_length, periodic, _bartlett, dtype, device, requires_grad, pin_memory)


def kaiser_window(window_length, periodic=_Omittable(True), beta=_Omittable(12.0), *, dtype=None, layout=None,
                  device=None, pin_memory=False, requires_grad=False):
    """w[k] = I0(beta sqrt(1 - (2k / (N - 1) - 1)^2)) / I0(beta), I0 the modified Bessel function of order 0."""
    periodic, beta = _overload("kaiser_window", periodic=periodic, beta=beta)
    check_number("kaiser_window", "beta", 3, beta)
    beta = float(beta)
    return _window("kaiser_window", window_length, periodic, lambda k, n: _kaiser(k, n, beta), dtype, device,
                   requires_grad, pin_memory)


FUNCTIONS = ("hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window")
NOT_METHODS = FUNCTIONS  # creation functions: torch's Tensor has none of them
METHODS = {}
INPLACE_OF = {}
