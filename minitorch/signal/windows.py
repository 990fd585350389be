"""torch.signal.windows: SciPy's window functions of M points. sym=True gives the symmetric window (filter design),
sym=False the periodic one (spectral analysis: the symmetric window of M + 1 points without its last).

Each window is built as torch builds it: one ``linspace`` of the angles or positions, then differentiable Tensor
ops, in the requested dtype and in torch's order of operations, so the roundings agree. With requires_grad=True
the linspace is a hidden leaf and the window a non-leaf with a grad_fn; the windows torch returns directly (the
empty one, and [1.] for bartlett, kaiser and the cosine sums) are leaves. minitorch has a single layout, strided,
spelt ``layout=None``."""
import math
from collections.abc import Iterable

from .. import creation
from .. import dtypes as _dt
from ..ops.arguments import bound, is_int, wrong_type

__all__ = ["bartlett", "blackman", "cosine", "exponential", "gaussian", "general_cosine", "general_hamming",
           "hamming", "hann", "kaiser", "nuttall"]

# the factories as torch's binding types them (requires_grad=1 is a TypeError naming the factory)
_linspace, _empty, _ones = bound(creation.linspace), bound(creation.empty), bound(creation.ones)
_NUTTALL = (0.3635819, 0.4891775, 0.1365995, 0.0106411)  # Nuttall's minimum 4-term Blackman-Harris coefficients


def _checks(name, M, dtype, layout):
    """The window's dtype (None: the default dtype), after torch's checks shared by every window."""
    dtype = _dt.get_default_dtype() if dtype is None else dtype
    if M < 0:
        raise ValueError("%s requires non-negative window length, got M=%s" % (name, M))
    if layout is not None:
        raise ValueError("%s is implemented for strided tensors only, got: %s" % (name, layout))
    if dtype not in (_dt.float32, _dt.float64):
        raise ValueError("%s expects float32 or float64 dtypes, got: %s" % (name, dtype))
    return dtype


def _leaf_window(M, ones_too, dtype, device, requires_grad):
    """The leaf torch returns without computing: the empty window (M = 0) and, when ones_too, [1.] (M = 1);
    None for any other M."""
    if M == 0:
        return _empty(0, dtype=dtype, device=device, requires_grad=requires_grad)
    if ones_too and M == 1:
        return _ones(1, dtype=dtype, device=device, requires_grad=requires_grad)
    return None


def _span(M, periodic):
    """N, the window's points per period: M - 1 for a symmetric window, M for a periodic one."""
    return M if periodic else M - 1


def _points(start, end, M, dtype, device, requires_grad):
    """linspace(start, end, M), with torch's TypeError for an M that is no int (a float or a bool)."""
    if not is_int(M):
        raise wrong_type("linspace", "steps", 3, "int", M)
    return _linspace(start, end, M, dtype=dtype, device=device, requires_grad=requires_grad)


def exponential(M, *, center=None, tau=1.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The Poisson window w[n] = exp(-|n - center| / tau); center defaults to the window's middle, N / 2."""
    dtype = _checks("exponential", M, dtype, layout)
    if tau <= 0:
        raise ValueError("Tau must be positive, got: %s instead." % (tau,))
    if sym and center is not None:
        raise ValueError("Center must be None for symmetric windows")
    empty = _leaf_window(M, False, dtype, device, requires_grad)
    if empty is not None:
        return empty
    if center is None:
        center = _span(M, not sym and M > 1) / 2.0
    scale = 1 / tau
    k = _points(-center * scale, (-center + (M - 1)) * scale, M, dtype, device, requires_grad)
    return (-k.abs()).exp()


def cosine(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The sine window w[n] = sin(pi (n + 1/2) / (N + 1)), as SciPy defines it (no zero at either end)."""
    dtype = _checks("cosine", M, dtype, layout)
    empty = _leaf_window(M, False, dtype, device, requires_grad)
    if empty is not None:
        return empty
    scale = math.pi / (_span(M, not sym and M > 1) + 1)
    return _points(0.5 * scale, (0.5 + (M - 1)) * scale, M, dtype, device, requires_grad).sin()


def gaussian(M, *, std=1.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = exp(-(n - N/2)^2 / (2 std^2))."""
    dtype = _checks("gaussian", M, dtype, layout)
    if std <= 0:
        raise ValueError("Standard deviation must be positive, got: %s instead." % (std,))
    empty = _leaf_window(M, False, dtype, device, requires_grad)
    if empty is not None:
        return empty
    start = -_span(M, not sym and M > 1) / 2.0
    scale = 1 / (std * math.sqrt(2))
    k = _points(start * scale, (start + (M - 1)) * scale, M, dtype, device, requires_grad)
    return (-(k ** 2)).exp()


def kaiser(M, *, beta=12.0, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = I0(sqrt(beta^2 - k_n^2)) / I0(beta), k_n running from -beta to beta over the period."""
    dtype = _checks("kaiser", M, dtype, layout)
    if beta < 0:
        raise ValueError("beta must be non-negative, got: %s instead." % (beta,))
    leaf = _leaf_window(M, True, dtype, device, requires_grad)
    if leaf is not None:
        return leaf
    beta = creation.tensor(beta, dtype=dtype, device=device)  # beta^2 - k^2 in the window's dtype
    step = 2.0 * beta / _span(M, not sym)
    end = beta.minimum(-beta + (M - 1) * step)  # never past beta: a negative beta^2 - k^2 would be NaN
    k = _points(-beta, end, M, dtype, device, requires_grad)
    return (beta * beta - k.pow(2)).sqrt().i0() / beta.i0()


def bartlett(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """The triangle w[n] = 1 - |2n / N - 1|."""
    dtype = _checks("bartlett", M, dtype, layout)
    leaf = _leaf_window(M, True, dtype, device, requires_grad)
    if leaf is not None:
        return leaf
    step = 2 / _span(M, not sym)
    return 1 - _points(-1, -1 + (M - 1) * step, M, dtype, device, requires_grad).abs()


def general_cosine(M, *, a, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = sum_i (-1)^i a_i cos(2 pi i n / N), the coefficients a given as an iterable of numbers."""
    dtype = _checks("general_cosine", M, dtype, layout)
    leaf = _leaf_window(M, True, dtype, device, requires_grad)
    if leaf is not None:
        return leaf
    if not isinstance(a, Iterable):
        raise TypeError("Coefficients must be a list/tuple")
    if not a:
        raise ValueError("Coefficients cannot be empty")
    step = 2 * math.pi / _span(M, not sym)
    angles = _points(0, (M - 1) * step, M, dtype, device, requires_grad)
    signed = creation.tensor([(-1) ** i * w for i, w in enumerate(a)], dtype=dtype, device=device)
    order = creation.arange(signed.shape[0], dtype=dtype, device=device)
    return (signed.unsqueeze(-1) * (order.unsqueeze(-1) * angles).cos()).sum(0)


def general_hamming(M, *, alpha=0.54, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = alpha - (1 - alpha) cos(2 pi n / N)."""
    return general_cosine(M, a=[alpha, 1.0 - alpha], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def hamming(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = 0.54 - 0.46 cos(2 pi n / N)."""
    return general_hamming(M, sym=sym, dtype=dtype, layout=layout, device=device, requires_grad=requires_grad)


def hann(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = 1/2 - 1/2 cos(2 pi n / N) = sin^2(pi n / N)."""
    return general_hamming(M, alpha=0.5, sym=sym, dtype=dtype, layout=layout, device=device,
                           requires_grad=requires_grad)


def blackman(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = 0.42 - 0.5 cos(2 pi n / N) + 0.08 cos(4 pi n / N)."""
    dtype = _checks("blackman", M, dtype, layout)
    return general_cosine(M, a=[0.42, 0.5, 0.08], sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)


def nuttall(M, *, sym=True, dtype=None, layout=None, device=None, requires_grad=False):
    """w[n] = 0.3635819 - 0.4891775 cos(z) + 0.1365995 cos(2z) - 0.0106411 cos(3z), z = 2 pi n / N."""
    return general_cosine(M, a=list(_NUTTALL), sym=sym, dtype=dtype, layout=layout, device=device,
                          requires_grad=requires_grad)
