"""torch.special's Bessel, Airy, Hurwitz zeta, incomplete gamma, erfcx and orthogonal-polynomial functions, and
torch.igamma / igammac.

Each value is computed on arrays (``x.xp``: NumPy or CuPy), branch by branch as torch's kernels choose: Cephes'
rational and Chebyshev approximations (their published coefficient tables are at the end of this file), power
series and continued fractions run as vectorised steps, each element stopping where torch's loop would stop.
Only erfcx, igamma/igammac (in x) and zeta (in q) have derivatives in torch; every other result here does not
require grad, as torch's does not.
"""
import math

from .. import dtypes as _dt
from ..tensor import Tensor
from ._util import float_input, wrap
from .elementwise import _Binary, _unary, broadcast_shapes
from .special import _check_tensor, _float_operands

_INV_SQRT_PI = 1 / math.sqrt(math.pi)
_SQRT_2_OVER_PI = 0.797884560802865355879892119868763737
_QUARTER_PI, _THREE_QUARTER_PI = 0.785398163397448309615660845819875721, 2.356194490192344928846982537459627163
_TWO_OVER_PI = 0.636619772367581343075535053490057448
_PI_FLOAT32 = 3.1415927410125732  # torch's igamma asymptotic series divides by sqrt(2 pi a) with pi as a float


def _horner(y, coeffs):
    """c0 y^(n-1) + ... + c_(n-1) (highest power first), started from 0 as torch's loops are."""
    acc = 0 * y
    for c in coeffs:
        acc = acc * y + c
    return acc


def _clenshaw(y, coeffs):
    """Cephes' chbevl: the Chebyshev series sum' c_i T_i(y / 2), highest order first."""
    b0, b1, b2 = 0 * y + coeffs[0], 0 * y, 0 * y
    for c in coeffs[1:]:
        b2, b1 = b1, b0
        b0 = y * b1 - b2 + c
    return 0.5 * (b0 - b2)


def _eps(dtype_np, xp):
    return float(xp.finfo(dtype_np).eps)


# --- Bessel functions of the first and second kind -----------------------------------------------------------------
def _hankel_pq(x, y, pp, pq, qp, qq):
    """The asymptotic amplitudes P(y)/Q(y) of J and Y at large x (y = 25 / x^2): P and 5/x Q."""
    return _horner(y, pp) / _horner(y, pq), 5.0 / x * (_horner(y, qp) / _horner(y, qq))


def _bessel_j0(xp, x):
    x = xp.abs(x)
    x2 = x * x
    small = (x2 - 5.78318596294678452118e+00) * (x2 - 3.04712623436620863991e+01) * _horner(x2, _J0_RP) / \
        _horner(x2, _J0_RQ)
    small = xp.where(x < 1e-5, 1.0 - x2 / 4.0, small)
    p, q = _hankel_pq(x, 25.0 / x2, _J0_PP, _J0_PQ, _J0_QP, _J0_QQ)
    large = (p * xp.cos(x - _QUARTER_PI) - q * xp.sin(x - _QUARTER_PI)) * _SQRT_2_OVER_PI / xp.sqrt(x)
    return xp.where(x <= 5.0, small, large)


def _bessel_j1(xp, x):
    ax = xp.where(x < 0, -x, x)  # j1 is odd: j1(-x) = -j1(x)
    x2 = ax * ax
    small = _horner(x2, _J1_RP) / _horner(x2, _J1_RQ) * ax * (x2 - 1.46819706421238932572e+01) * \
        (x2 - 4.92184563216946036703e+01)
    w = 5.0 / ax
    p, q = _hankel_pq(ax, w * w, _J1_PP, _J1_PQ, _J1_QP, _J1_QQ)
    large = (p * xp.cos(ax - _THREE_QUARTER_PI) - q * xp.sin(ax - _THREE_QUARTER_PI)) * _SQRT_2_OVER_PI / xp.sqrt(ax)
    out = xp.where(ax <= 5.0, small, large)
    return xp.where(x < 0, -out, out)


def _y_edges(xp, x, value):
    """Y_n: -inf at 0, NaN below it (torch checks these inside its x <= 5 branch)."""
    return xp.where(x == 0, -xp.inf, xp.where(x < 0, xp.nan, value))


def _bessel_y0(xp, x):
    x2 = x * x
    small = _horner(x2, _Y0_YP) / _horner(x2, _Y0_YQ) + _TWO_OVER_PI * xp.log(x) * _bessel_j0(xp, x)
    p, q = _hankel_pq(x, 25.0 / x2, _J0_PP, _J0_PQ, _J0_QP, _J0_QQ)
    large = (p * xp.sin(x - _QUARTER_PI) + q * xp.cos(x - _QUARTER_PI)) * _SQRT_2_OVER_PI / xp.sqrt(x)
    return xp.where(x <= 5.0, _y_edges(xp, x, small), large)


def _bessel_y1(xp, x):
    x2 = x * x
    small = x * (_horner(x2, _Y1_YP) / _horner(x2, _Y1_YQ)) + \
        _TWO_OVER_PI * (_bessel_j1(xp, x) * xp.log(x) - 1.0 / x)
    w = 5.0 / x
    p, q = _hankel_pq(x, w * w, _J1_PP, _J1_PQ, _J1_QP, _J1_QQ)
    large = (p * xp.sin(x - _THREE_QUARTER_PI) + q * xp.cos(x - _THREE_QUARTER_PI)) * _SQRT_2_OVER_PI / xp.sqrt(x)
    return xp.where(x <= 5.0, _y_edges(xp, x, small), large)


def _spherical_bessel_j0(xp, x):
    """sin(x) / x, by its Taylor polynomial below |x| = 1/2; 0 at +-inf."""
    x2 = x * x
    series = 1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 * (
        1.0 / 362880.0 + x2 * (-1.0 / 39916800.0 + x2 * (1.0 / 6227020800.0))))))
    out = xp.where(xp.abs(x) < 0.5, series, xp.sin(x) / x)
    return xp.where(xp.isinf(x), 0.0, out)


# --- modified Bessel functions -------------------------------------------------------------------------------------
def _modified_bessel_i0(xp, x):
    ax = xp.abs(x)
    small = xp.exp(ax) * _clenshaw(ax / 2.0 - 2.0, _I0_A)
    large = xp.exp(ax) * _clenshaw(32.0 / ax - 2.0, _I0_B) / xp.sqrt(ax)
    return xp.where(ax <= 8.0, small, large)


def _modified_bessel_i1(xp, x):
    ax = xp.abs(x)
    small = _clenshaw(ax / 2.0 - 2.0, _I1_A) * ax * xp.exp(ax)
    large = xp.exp(ax) * _clenshaw(32.0 / ax - 2.0, _I1_B) / xp.sqrt(ax)
    out = xp.where(ax <= 8.0, small, large)
    return xp.where(x < 0, -out, out)


def _k_edges(xp, x, value):
    """K_n: inf at 0, NaN below it."""
    return xp.where(x == 0, xp.inf, xp.where(x < 0, xp.nan, value))


def _k0_small(xp, x):
    # K0 = chbevl(x^2 - 2) - log(x / 2) I0(x) on (0, 2]
    return _clenshaw(x * x - 2.0, _K0_A) - xp.log(0.5 * x) * _modified_bessel_i0(xp, x)


def _k1_small(xp, x):
    # K1 = log(x / 2) I1(x) + chbevl(x^2 - 2) / x on (0, 2]
    return xp.log(0.5 * x) * _modified_bessel_i1(xp, x) + _clenshaw(x * x - 2.0, _K1_A) / x


def _k_large_scaled(xp, x, coeffs):
    # exp(x) K_n(x) = chbevl(8 / x - 2) / sqrt(x) above 2
    return _clenshaw(8.0 / x - 2.0, coeffs) / xp.sqrt(x)


def _modified_bessel_k0(xp, x):
    return _k_edges(xp, x, xp.where(x <= 2.0, _k0_small(xp, x), xp.exp(-x) * _k_large_scaled(xp, x, _K0_B)))


def _modified_bessel_k1(xp, x):
    return _k_edges(xp, x, xp.where(x <= 2.0, _k1_small(xp, x), xp.exp(-x) * _k_large_scaled(xp, x, _K1_B)))


def _scaled_modified_bessel_k0(xp, x):
    return _k_edges(xp, x, xp.where(x <= 2.0, _k0_small(xp, x) * xp.exp(x), _k_large_scaled(xp, x, _K0_B)))


def _scaled_modified_bessel_k1(xp, x):
    return _k_edges(xp, x, xp.where(x <= 2.0, _k1_small(xp, x) * xp.exp(x), _k_large_scaled(xp, x, _K1_B)))


# --- Airy Ai -------------------------------------------------------------------------------------------------------
def _airy_oscillating(xp, x):
    """Ai(x) for x < -2.09: the modulus-phase asymptotic form in z = 1 / zeta, zeta = 2/3 (-x)^(3/2)."""
    zeta = -2.0 * x * xp.sqrt(-x) / 3.0
    z = 1.0 / zeta
    z2 = z * z
    t = zeta + 0.25 * math.pi
    return 5.64189583547756286948e-01 / xp.sqrt(xp.sqrt(-x)) * (
        xp.sin(t) * (1.0 + z2 * _horner(z2, _AI_AFN) / _horner(z2, _AI_AFD)) -
        xp.cos(t) * (z * _horner(z2, _AI_AGN) / _horner(z2, _AI_AGD)))


def _airy_decaying(xp, x):
    """Ai(x) for x >= 2.09: exp(-zeta) / (2 sqrt(pi) x^(1/4)) times a rational function of 1 / zeta."""
    zeta = 2.0 * x * xp.sqrt(x) / 3.0
    w = 1.0 / zeta
    return 5.64189583547756286948e-01 * (_horner(w, _AI_AN) / _horner(w, _AI_AD)) / (
        2.0 * xp.sqrt(xp.sqrt(x)) * xp.exp(zeta))


def _airy_series(xp, x):
    """Ai(x) = c1 f(x) - c2 g(x) by the Maclaurin series f = sum 3^k (1/3)_k x^3k / (3k)!, g likewise, summed
    until the latest term of f is below eps relative to f."""
    eps = _eps(x.dtype, xp)
    f, g, m, n, z = 1.0 + 0 * x, x.copy(), 1.0 + 0 * x, x.copy(), x * x * x
    k = 1.0
    active = xp.ones(x.shape, dtype=bool)
    while active.any():
        m = m * z / (k + 1.0)
        n = n * z / (k + 2.0)
        m = m / (k + 2.0)
        n = n / (k + 3.0)
        k += 3.0
        f = xp.where(active, f + m, f)
        g = xp.where(active, g + n, g)
        active &= xp.abs(m / f) > eps
    return 0.355028053887817239260 * f - 0.258819403792806798405 * g


def _airy_ai(xp, x):
    out = xp.full(x.shape, xp.nan, dtype=x.dtype)  # (+-inf: NaN, as torch)
    out[(x > 103.892) & ~xp.isinf(x)] = 0.0
    finite = ~xp.isinf(x) & ~(x > 103.892)
    oscillating, decaying = finite & (x < -2.09), finite & (x >= 2.09)
    middle = finite & ~oscillating & ~decaying  # (NaN goes through the series, staying NaN)
    out[oscillating] = _airy_oscillating(xp, x[oscillating])
    out[decaying] = _airy_decaying(xp, x[decaying])
    out[middle] = _airy_series(xp, x[middle])
    return out


# --- erfcx ---------------------------------------------------------------------------------------------------------
def _erfcx_series(xp, x):
    """exp(x^2) (1 - erf(x)) for 0 <= x < 1, erf by its series 2/sqrt(pi) sum (-1)^k x^(2k+1) / (k! (2k+1))."""
    x2 = x * x
    term, total = x.copy(), x.copy()
    for k in range(1, 24):  # (x^2)^k / k! < 1e-23 at k = 24
        term = -term * x2 / k
        total = total + term / (2 * k + 1)
    return xp.exp(x2) * (1.0 - 2.0 * _INV_SQRT_PI * total)


def _erfcx_continued_fraction(x):
    """Laplace's continued fraction 1/sqrt(pi) / (x + (1/2) / (x + 1 / (x + (3/2) / (x + ...)))), 200 levels
    (converged to rounding from x = 1 on)."""
    d = x.copy()
    for k in range(200, 0, -1):
        d = x + (k / 2) / d
    return _INV_SQRT_PI / d


def _erfcx_nonnegative(xp, x):
    out = _INV_SQRT_PI / x  # above 5e7 (torch's one-term expansion)
    x2 = x * x  # 50 < x <= 5e7: torch's five-term continued fraction, simplified
    out = xp.where(x <= 5e7, _INV_SQRT_PI * (x2 * (x2 + 4.5) + 2) / (x * (x2 * (x2 + 5) + 3.75)), out)
    middle, small = x <= 50, x < 1
    out[middle] = _erfcx_continued_fraction(x[middle])
    out[small] = _erfcx_series(xp, x[small])
    return out


def _erfcx(xp, x):
    """exp(x^2) erfc(x) in float64; below 0 by erfcx(x) = 2 exp(x^2) - erfcx(-x) (inf below -26.7)."""
    x64 = x.astype(xp.float64)
    out = _erfcx_nonnegative(xp, xp.abs(x64))
    negative = x64 < 0
    twice_gauss = 2 * xp.exp(x64 * x64)
    out = xp.where(negative, xp.where(x64 < -6.1, twice_gauss, twice_gauss - out), out)
    out = xp.where(x64 < -26.7, xp.inf, out)
    return out.astype(x.dtype)


def _erfc(xp, x):
    """erfc from erfcx: exp(-x^2) erfcx(|x|), reflected as 2 - erfc(-x) below 0."""
    upper = _erfcx(xp, xp.abs(x)) * xp.exp(-x * x)
    return xp.where(x < 0, 2.0 - upper, upper)


# --- Hurwitz zeta --------------------------------------------------------------------------------------------------
def _zeta(xp, x, q):
    """zeta(x, q) = sum_k (q + k)^-x (float64 arrays): the terms summed directly while q + k <= 9 (or for 9 terms),
    then the Euler-Maclaurin tail; inf at x = 1 and at q a non-positive integer, NaN for x < 1 and for q < 0 with x
    not an integer."""
    x, q = (v.copy() for v in xp.broadcast_arrays(x, q))
    machep = 1.11022302462515654042e-16
    q_pole = (q <= 0) & (q == xp.floor(q))
    out = xp.where((x == 1) | (~(x < 1) & q_pole), xp.inf, xp.nan)
    rest = (x > 1) & ~q_pole & ~((q <= 0) & (x != xp.floor(x)))
    rest |= xp.isnan(x) & ~q_pole
    x, q = x[rest], q[rest]
    s, a, b, done = _zeta_direct_sum(xp, x, q, machep)
    w, tail = a, ~done
    s = xp.where(tail, s + b * w / (x - 1.0) - 0.5 * b, s)
    a, k = 1.0 + 0 * x, 0.0
    for coefficient in _ZETA_A:
        a = a * (x + k)
        b = b / w
        t = a * b / coefficient
        s = xp.where(tail, s + t, s)
        tail &= ~(xp.abs(t / s) < machep)
        k += 1.0
        a = a * (x + k)
        b = b / w
        k += 1.0
    out[rest] = s
    return out


def _zeta_direct_sum(xp, x, q, machep):
    """The direct part of zeta(x, q), step n adding b_n = a_n^-x to s = q^-x (a_n = a_(n-1) + 1, a_0 = q) while
    n <= 9 or a_(n-1) <= 9, and stopping early once b_n is below machep * s: (s, the last a_n, the last b_n,
    whether it stopped early).

    The steps run in blocks of a few at first, then of doubling length, each block one cumulative sum per element
    (the same sequential additions): for q far below 0 there are millions of steps."""
    s, a, b, done = q ** -x, q.copy(), 0 * q, xp.zeros(q.shape, dtype=bool)
    active, n0, width = xp.nonzero(q == q)[0], 0, 16  # (every element; its steps done so far: n0)
    while active.size:
        n = n0 + xp.arange(1, width + 1, dtype=xp.float64)  # the block's step numbers
        xa, rows = x[active, None], xp.arange(active.size)
        # a += 1 at each step, rounded each time as torch's loop rounds it: a cumulative sum from the last a
        ones = xp.ones((active.size, width + 1))
        ones[:, 0] = a[active]
        points = xp.cumsum(ones, axis=1)  # a before step n (column n - n0 - 1), then after each step
        steps_on = (n - 1 < 9) | (points[:, :-1] <= 9.0)  # the loop's test before each step
        terms = points[:, 1:] ** -xa
        sums = s[active, None] + xp.cumsum(terms, axis=1)
        converged = steps_on & (-machep * sums < terms) & (terms < machep * sums)
        ends = ~steps_on | converged
        ended = ends.any(axis=1)
        first = xp.argmax(ends, axis=1)
        # a row that ends at step k by convergence keeps step k; one whose loop test fails keeps step k - 1
        stopped_early = converged[rows, first] & ended
        last = xp.where(ended, first - 1 + stopped_early, width - 1)
        kept = last >= 0
        idx = active[kept]
        s[idx], b[idx], a[idx] = (v[rows[kept], last[kept]] for v in (sums, terms, points[:, 1:]))
        done[active[stopped_early]] = True
        active, n0, width = active[~ended], n0 + width, min(width * 2, 1 << 16)
    return s, a, b, done


# --- log gamma (for the incomplete gamma functions) -----------------------------------------------------------------
_LANCZOS_G = 6.024680040776729583740234375


def _ratio_of_polynomials(xp, z, num, denom):
    """num(z) / denom(z), evaluated in 1/z above 1 (as SciPy's ratevl; here both have the same degree)."""
    inv = 1.0 / z
    big = _horner(inv, num[::-1]) / _horner(inv, denom[::-1])
    return xp.where(xp.abs(z) > 1, big, _horner(z, num) / _horner(z, denom))


def _lanczos_scaled(xp, z):
    """Boost's lanczos_sum_expg_scaled(z) (the 13-term Lanczos sum, times exp(-g))."""
    return _ratio_of_polynomials(xp, z, _LANCZOS_NUM, _LANCZOS_DENOM)


def _lgamma_series(z, shift):
    """log Gamma(shift + a), a = z - shift, by its Taylor series: shift 1: -gamma a + sum_k zeta(k) (-a)^k / k;
    shift 2: (1 - gamma) a + sum_k (zeta(k) - 1) (-a)^k / k."""
    a = z - shift
    coefficients = _LGAMMA_SERIES_1 if shift == 1 else _LGAMMA_SERIES_2
    return a * _horner(a, coefficients[::-1])


def _lgamma(xp, z):
    """log Gamma(z) for z > 0: Taylor series about 1 and 2 on (0, 3] (log Gamma(z) = log Gamma(z + 1) - log z below
    1/2), Lanczos above."""
    zgh = z + _LANCZOS_G - 0.5
    out = xp.log(_lanczos_scaled(xp, z)) + (z - 0.5) * (xp.log(zgh) - 1.0)
    out = xp.where(z <= 3.0, _lgamma_series(xp.minimum(z, 3.0), 2), out)
    out = xp.where(z < 1.5, _lgamma_series(z, 1), out)
    return xp.where(z < 0.5, _lgamma_series(z + 1.0, 1) - xp.log(z), out)


def _zeta_of_integer(k, n=1000):
    """zeta(k) for an integer k >= 2: the first n terms, then Euler-Maclaurin's tail to the B6 term."""
    head = math.fsum(j ** -float(k) for j in range(n - 1, 0, -1))
    tail = (n ** (1.0 - k) / (k - 1) + 0.5 * n ** -float(k) + k / 12.0 * n ** (-k - 1.0)
            - k * (k + 1) * (k + 2) / 720.0 * n ** (-k - 3.0)
            + k * (k + 1) * (k + 2) * (k + 3) * (k + 4) / 30240.0 * n ** (-k - 5.0))
    return head + tail


def _lgamma_series_coefficients(terms=60):
    """The coefficients (a^1 first) of log Gamma about 1 and about 2."""
    euler = 0.57721566490153286061
    zetas = [_zeta_of_integer(k) for k in range(2, terms + 2)]
    about_1 = (-euler,) + tuple((-1.0) ** k * z / k for k, z in enumerate(zetas, 2))
    about_2 = (1.0 - euler,) + tuple((-1.0) ** k * (z - 1.0) / k for k, z in enumerate(zetas, 2))
    return about_1, about_2


# --- regularized incomplete gamma functions ------------------------------------------------------------------------
def _machep(xp, dtype):
    return 1.11022302462515654042e-16 if dtype == xp.float64 else 5.9604644775390625e-8


def _igam_fac(xp, a, x):
    """x^a exp(-x) / Gamma(a), through the Lanczos form near a = x (Maddock's, as SciPy's igam_fac)."""
    maxlog = 7.09782712893383996843e2 if a.dtype == xp.float64 else 88.72283905206835
    ax = a * xp.log(x) - x - _lgamma(xp, a)
    direct = xp.where(ax < -maxlog, 0.0, xp.exp(ax))
    fac = a + _LANCZOS_G - 0.5
    res = xp.sqrt(fac / math.e) / _lanczos_scaled(xp, a)
    moderate = res * xp.exp(a - x) * (x / fac) ** a
    numfac = (x - a - _LANCZOS_G + 0.5) / fac
    large = res * xp.exp(a * (xp.log1p(numfac) - numfac) + x * (0.5 - _LANCZOS_G) / fac)
    lanczos = xp.where((a < 200) & (x < 200), moderate, large)
    return xp.where(xp.abs(a - x) > 0.4 * xp.abs(a), direct, lanczos)


def _igam_series(xp, a, x):
    """P(a, x) = x^a e^-x / Gamma(a + 1) sum_k x^k / ((a + 1) ... (a + k)) (DLMF 8.11.4)."""
    machep = _machep(xp, a.dtype)
    r, c, total = a.copy(), 1.0 + 0 * a, 1.0 + 0 * a
    active = xp.ones(a.shape, dtype=bool)
    for _ in range(2000):
        if not active.any():
            break
        r = r + 1.0
        c = c * x / r
        total = xp.where(active, total + c, total)
        active &= ~(c <= machep * total)
    ax = _igam_fac(xp, a, x)
    return xp.where(ax == 0, 0.0, total * ax / a)


def _igamc_series(xp, a, x):
    """Q(a, x) for small x: 1 - x^a / Gamma(a + 1) + x^a / Gamma(a) sum_n (-x)^n / (n! (a + n)) (DLMF 8.7.3),
    arranged against cancellation."""
    machep = _machep(xp, a.dtype)
    fac, total = 1.0 + 0 * a, 0 * a
    active = xp.ones(a.shape, dtype=bool)
    for n in range(1, 2000):
        if not active.any():
            break
        fac = fac * -x / n
        term = fac / (a + n)
        total = xp.where(active, total + term, total)
        active &= ~(xp.abs(term) <= machep * xp.abs(total))
    logx = xp.log(x)
    return -xp.expm1(a * logx - _lgamma(xp, 1.0 + a)) - xp.exp(a * logx - _lgamma(xp, a)) * total


def _igamc_continued_fraction(xp, a, x):
    """Q(a, x) = x^a e^-x / Gamma(a) times Legendre's continued fraction (DLMF 8.9.2), its convergents rescaled
    when they grow past 2^52."""
    machep = _machep(xp, a.dtype)
    big, biginv = (4.503599627370496e15, 2.22044604925031308085e-16) if a.dtype == xp.float64 else \
        (16777216.0, 5.9604644775390625e-8)
    y = 1.0 - a
    z = x + y + 1.0
    pkm2, qkm2, pkm1, qkm1 = 1.0 + 0 * x, x.copy(), x + 1.0, z * x
    ans = pkm1 / qkm1
    active = xp.ones(a.shape, dtype=bool)
    c = 0.0
    for _ in range(2000):
        if not active.any():
            break
        c += 1.0
        y = y + 1.0
        z = z + 2.0
        yc = y * c
        pk = pkm1 * z - pkm2 * yc
        qk = qkm1 * z - qkm2 * yc
        nonzero = qk != 0
        r = pk / xp.where(nonzero, qk, 1.0)
        t = xp.where(nonzero, xp.abs((ans - r) / r), 1.0)
        ans = xp.where(active & nonzero, r, ans)
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        rescale = xp.abs(pk) > big
        pkm2, pkm1 = xp.where(rescale, pkm2 * biginv, pkm2), xp.where(rescale, pkm1 * biginv, pkm1)
        qkm2, qkm1 = xp.where(rescale, qkm2 * biginv, qkm2), xp.where(rescale, qkm1 * biginv, qkm1)
        active &= ~(t <= machep)
    return ans * _igam_fac(xp, a, x)


def _igam_asymptotic(xp, a, x, lower):
    """P (lower) or Q for large a near x: Temme's uniform expansion (DLMF 8.12.3/8.12.4),
    1/2 erfc(-+eta sqrt(a/2)) -+ exp(-a eta^2/2) / sqrt(2 pi a) sum_k C_k(eta) a^-k, each C_k summed from the
    d[k][n] eta^n until its latest term is below machep, the sum over k stopped where its terms start growing."""
    machep = _machep(xp, a.dtype)
    sgn = -1.0 if lower else 1.0
    sigma = (x - a) / a
    eta = xp.sqrt(-2.0 * (xp.log1p(sigma) - sigma))
    eta = xp.where(x > a, eta, xp.where(x < a, -eta, 0.0))
    res = 0.5 * _erfc(xp, sgn * eta * xp.sqrt(a / 2.0))
    powers = [1.0 + 0 * eta]
    for _ in range(24):
        powers.append(eta * powers[-1])
    total, afac, old = 0 * a, 1.0 + 0 * a, xp.full(a.shape, xp.inf, dtype=a.dtype)
    active = xp.ones(a.shape, dtype=bool)
    for k in range(25):
        ck = 0 * eta + _TEMME_D[25 * k]
        summing = xp.ones(a.shape, dtype=bool)
        for n in range(1, 25):
            ckterm = _TEMME_D[25 * k + n] * powers[n]
            ck = xp.where(summing, ck + ckterm, ck)
            summing &= ~(xp.abs(ckterm) < machep * xp.abs(ck))
        term = ck * afac
        absterm = xp.abs(term)
        active &= ~(absterm > old)
        total = xp.where(active, total + term, total)
        active &= ~(absterm < machep * xp.abs(total))
        old, afac = absterm, afac / a
        if not active.any():
            break
    return res + sgn * xp.exp(-0.5 * a * eta * eta) * total / xp.sqrt(2.0 * _PI_FLOAT32 * a)


def _fill(xp, out, mask, fn, a, x):
    """out[mask] = fn(a[mask], x[mask]), fn run on the selected elements only."""
    if mask.any():
        out[mask] = fn(xp, a[mask], x[mask])


def _complement(fn):
    return lambda xp, a, x: 1.0 - fn(xp, a, x)


def _igam_lower(xp, a, x, out, rest):
    """P(a, x) where no boundary rule applies."""
    asym = rest & _asymptotic_region(xp, a, x)
    _fill(xp, out, asym, lambda xp_, a_, x_: _igam_asymptotic(xp_, a_, x_, True), a, x)
    upper = rest & ~asym & (x > 1.0) & (x > a)  # P = 1 - Q there, Q by its continued fraction or small-x series
    _fill(xp, out, upper & (x > 1.1), _complement(_igamc_continued_fraction), a, x)
    _fill(xp, out, upper & ~(x > 1.1), _complement(_igamc_series), a, x)
    _fill(xp, out, rest & ~asym & ~upper, _igam_series, a, x)


def _igam_upper(xp, a, x, out, rest):
    """Q(a, x) where no boundary rule applies."""
    asym = rest & _asymptotic_region(xp, a, x)
    _fill(xp, out, asym, lambda xp_, a_, x_: _igam_asymptotic(xp_, a_, x_, False), a, x)
    rest = rest & ~asym
    by_lower = xp.where(x > 1.1, x < a, xp.where(x <= 0.5, -0.4 / xp.log(x) < a, x * 1.1 < a))
    _fill(xp, out, rest & by_lower, _complement(_igam_series), a, x)
    _fill(xp, out, rest & ~by_lower & (x > 1.1), _igamc_continued_fraction, a, x)
    _fill(xp, out, rest & ~by_lower & ~(x > 1.1), _igamc_series, a, x)


def _asymptotic_region(xp, a, x):
    """a large and x within a few a^(1/2) of it: where Temme's expansion is used."""
    ratio = xp.abs(x - a) / a
    return ((a > 20.0) & (a < 200.0) & (ratio < 0.3)) | ((a > 200.0) & (ratio < 4.5 / xp.sqrt(a)))


def _igamma(xp, a, x, lower):
    """P(a, x) (lower) or Q(a, x) = 1 - P, on broadcast arrays (float16 computed in float32). Boundaries as SciPy,
    the first that holds deciding: NaN for a < 0 or x < 0; P(0, x) = 1 for x > 0 (NaN at x = 0); P(a, 0) = 0;
    P(inf, x) = 0 (NaN at x = inf); P(a, inf) = 1. float16 and float32 are computed in float64 (float32's
    x^a e^-x terms overflow for large a and x, where torch's kernel still gives 1 or 0)."""
    dtype = a.dtype
    if dtype in (xp.float16, xp.float32):
        a, x = a.astype(xp.float64), x.astype(xp.float64)
    a, x = (v.copy() for v in xp.broadcast_arrays(a, x))
    one, zero = (1.0, 0.0) if lower else (0.0, 1.0)
    out = xp.full(a.shape, xp.nan, dtype=a.dtype)
    rest = ~((x < 0) | (a < 0))
    for mask, value in ((a == 0, xp.where(x > 0, one, xp.nan)), (x == 0, zero),
                        (xp.isinf(a), xp.where(xp.isinf(x), xp.nan, zero)), (xp.isinf(x), one)):
        out = xp.where(rest & mask, value, out).astype(out.dtype)
        rest &= ~mask
    (_igam_lower if lower else _igam_upper)(xp, a, x, out, rest)
    return out.astype(dtype)


# --- orthogonal polynomials ----------------------------------------------------------------------------------------
def _degree(xp, n):
    """n as torch's int64 cast reads it: truncated toward 0; NaN, +-inf and |n| >= 2^63 read as -2^63 (the x86
    conversion), a negative degree."""
    fits = xp.isfinite(n) & (xp.abs(n) < 2.0 ** 63)
    return xp.where(fits, xp.trunc(xp.where(fits, n, 0)), -2.0 ** 63).astype(xp.int64)


def _recurrence(xp, n, first, step, nan_stops):
    """q_n for q_0 = 1, q_1 = first, q_(j+1) = step(j, q_(j-1), q_j), each element run to its own n >= 2 (and, with
    nan_stops, no further once q is NaN, as torch's loops stop)."""
    p, q = xp.ones_like(first), first
    live = xp.ones(first.shape, dtype=bool)
    j = 1
    while True:
        live &= j < n
        if nan_stops:
            live &= ~xp.isnan(q)
        if not live.any():
            return q
        r = step(j, p, q)
        p, q = xp.where(live, q, p), xp.where(live, r, q)
        j += 1


def _polynomial(family):
    """compute(xp, x, n) for a family: its rules (mask, value) taken first to last, the first that holds deciding,
    else q_n of its three-term recurrence (NaN for NaN x, where torch reads an unset value)."""
    def compute(xp, x, n):
        x, n = (v.copy() for v in xp.broadcast_arrays(x, n))
        k = _degree(xp, n)
        out = xp.full(x.shape, xp.nan, dtype=x.dtype)
        todo = xp.ones(x.shape, dtype=bool)
        for mask, value in family.rules(xp, x, k):
            out = xp.where(todo & mask, value, out).astype(x.dtype)
            todo &= ~mask
        todo &= ~xp.isnan(x)
        if todo.any():
            xs = x[todo]
            out[todo] = _recurrence(xp, k[todo], family.first(xs), lambda j, p, q: family.step(j, xs, p, q),
                                    family.nan_stops)
        return out
    return compute


def _alternating(k, value):
    """(-1)^k value."""
    return (1 - 2 * (k % 2)) * value


class _Chebyshev:
    """T, U, V, W (kind 0-3) in y = x, or shifted in y = 2x - 1: endpoint values, then above degree ``trig_above``
    the closed forms in theta = acos(y) on |y| < 1, then the recurrence q_(j+1) = 2y q_j - q_(j-1)."""
    nan_stops = True

    def __init__(self, kind, shifted, trig_above):
        self.kind, self.shifted, self.trig_above = kind, shifted, trig_above

    def y(self, x):
        return x + x - 1.0 if self.shifted else x

    def first(self, x):
        y = self.y(x)
        return (y, y + y, y + y - 1.0, y + y + 1.0)[self.kind]

    def step(self, j, x, p, q):
        y = self.y(x)
        return (y + y) * q - p

    def endpoints(self, k):
        """(value at y = 1, value at y = -1)."""
        odd_sum = 2 * k + 1
        return ((1, _alternating(k, 1)), (k + 1, _alternating(k, k + 1)), (1, _alternating(k, odd_sum)),
                (odd_sum, _alternating(k, 1)))[self.kind]

    def closed_form(self, xp, x, k):
        y = self.y(x)
        theta, m = xp.arccos(y), k.astype(x.dtype)
        if self.kind == 0:
            return xp.cos(m * theta)
        if self.kind == 1:
            s = xp.sin(theta)
            return xp.where(s != 0, xp.sin((m + 1) * theta) / s, (m + 1) * xp.cos((m + 1) * theta) / y)
        if self.kind == 2:
            return xp.where(xp.sin(theta / 2) != 1, xp.cos((m + 0.5) * theta) / xp.cos(theta / 2),
                            _alternating(k, 2 * k + 1))
        at_one = _alternating(k, 1) if self.shifted else xp.where(x > 0, 2 * k + 1, _alternating(k, 1))
        return xp.where(xp.cos(theta / 2) != 1, xp.sin((m + 0.5) * theta) / xp.sin(theta / 2), at_one)

    def rules(self, xp, x, k):
        at_plus, at_minus = self.endpoints(k)
        if self.shifted:
            ends = [(x == 1, at_plus), (x == 0, at_minus)]
        else:
            ends = [(xp.abs(x) == 1, xp.where(x > 0, at_plus, at_minus))]
        trig = ((k > self.trig_above) & (xp.abs(self.y(x)) < 1), self.closed_form(xp, x, k))
        return [(k < 0, 0.0)] + ends + [trig, (k == 0, 1.0), (k == 1, self.first(x))]


def _fused_multiply_add(a, b, c):
    """a * b + c rounded once, in the arrays' dtype (float32: exact in float64, then rounded; float64: Dekker)."""
    if a.dtype.itemsize == 4:
        return (a.astype("float64") * b + c).astype(a.dtype)
    from ..backend import get_array_module
    from ..random_engine import fma
    xp = get_array_module(a)
    fused, plain = fma(a, b, c), a * b + c
    return xp.where(xp.isfinite(plain), fused, plain)  # (Dekker's splitting turns an inf into NaN)


class _Hermite:
    """H_n (physicists', q_(j+1) = 2x q_j - 2j q_(j-1)) or He_n (probabilists', x q_j - j q_(j-1)); NaN above
    degree 512 (128 in float32), as torch."""
    nan_stops = False

    def __init__(self, physicists):
        self.physicists = physicists

    def first(self, x):
        return x + x if self.physicists else x.copy()

    def step(self, j, x, p, q):
        # torch's compiled loop fuses the first product into the subtraction: fma(2x or x, q, -(2j or j) p)
        return _fused_multiply_add(x + x if self.physicists else x, q, -((2 * j if self.physicists else j) * p))

    def rules(self, xp, x, k):
        limit = 512 if x.dtype == xp.float64 else 128
        return [(k < 0, 0.0), (k == 0, 1.0), (k == 1, self.first(x)), (k > limit, xp.nan)]


class _Laguerre:
    """L_n: (j + 1) q_(j+1) = (2j + 1 - x) q_j - j q_(j-1); 1 at x = 0."""
    nan_stops = True

    @staticmethod
    def first(x):
        return 1.0 - x

    @staticmethod
    def step(j, x, p, q):
        return (((j + j) + (1.0 - x)) * q - j * p) / (j + 1)

    def rules(self, xp, x, k):
        return [(k < 0, 0.0), (xp.abs(x) == 0, 1.0), (k == 0, 1.0), (k == 1, self.first(x))]


class _Legendre:
    """P_n: (j + 1) q_(j+1) = (2j + 1) x q_j - j q_(j-1); P_n(+-1) = (+-1)^n."""
    nan_stops = True

    @staticmethod
    def first(x):
        return x.copy()

    @staticmethod
    def step(j, x, p, q):
        return ((j + j + 1) * x * q - j * p) / (j + 1)

    def rules(self, xp, x, k):
        ends = (xp.abs(x) == 1, xp.where((x > 0) | (k % 2 == 0), 1.0, -1.0))
        return [(k < 0, 0.0), ends, (k == 0, 1.0), (k == 1, self.first(x))]


# --- the public functions ------------------------------------------------------------------------------------------
def _half_refused(name, dtype):
    if dtype is _dt.float16:
        raise NotImplementedError("\"%s_cpu\" not implemented for 'Half'" % name)


def _valued(name, compute, parameter="input"):
    """special_<name>(input) (or (x), as torch names it): compute on the array, in the default float for integer
    and bool inputs; the result does not require grad (torch has no derivative for it)."""
    def run(input):
        _check_tensor("special_" + name, input, parameter)
        _half_refused(name, input.dtype)
        x = float_input(input)
        return wrap(compute(x.xp, x._data))

    def fn_of_x(x):
        return run(x)
    fn = run if parameter == "input" else fn_of_x
    fn.__name__ = fn.__qualname__ = name
    return fn


bessel_j0, bessel_j1 = _valued("bessel_j0", _bessel_j0), _valued("bessel_j1", _bessel_j1)
bessel_y0, bessel_y1 = _valued("bessel_y0", _bessel_y0), _valued("bessel_y1", _bessel_y1)
modified_bessel_i0 = _valued("modified_bessel_i0", _modified_bessel_i0)
modified_bessel_i1 = _valued("modified_bessel_i1", _modified_bessel_i1)
modified_bessel_k0 = _valued("modified_bessel_k0", _modified_bessel_k0)
modified_bessel_k1 = _valued("modified_bessel_k1", _modified_bessel_k1)
scaled_modified_bessel_k0 = _valued("scaled_modified_bessel_k0", _scaled_modified_bessel_k0, "x")
scaled_modified_bessel_k1 = _valued("scaled_modified_bessel_k1", _scaled_modified_bessel_k1, "x")
spherical_bessel_j0 = _valued("spherical_bessel_j0", _spherical_bessel_j0, "x")
airy_ai = _valued("airy_ai", _airy_ai, "x")

# d erfcx = 2 x erfcx(x) - 2 / sqrt(pi)
Erfcx = _unary("SpecialErfcx", _erfcx, lambda g, x: g * (2 * x * Erfcx.apply(x) - 2 * _INV_SQRT_PI))


def erfcx(input):
    _check_tensor("special_erfcx", input)
    _half_refused("erfcx", input.dtype)
    return Erfcx.apply(float_input(input))


def _invalid_combination(name, first, second, given):
    kinds = ", ".join(type(v).__name__ for v in given)
    return TypeError("special_%s() received an invalid combination of arguments - got (%s, ), but expected one of:\n"
                     " * (Tensor %s, Tensor %s, *, Tensor out = None)\n * (Number %s, Tensor %s, *, Tensor out = "
                     "None)\n * (Tensor %s, Number %s, *, Tensor out = None)\n"
                     % (name, kinds, first, second, first, second, first, second))


def _tensor_or_number(v):
    return isinstance(v, (Tensor, int, float))


def _pair(name, a, b, names):
    """(a, b) as float tensors of the promoted dtype (integers: the default float); one may be a number."""
    if not (isinstance(a, Tensor) or isinstance(b, Tensor)) or not (_tensor_or_number(a) and _tensor_or_number(b)):
        raise _invalid_combination(name, names[0], names[1], (a, b))
    a, b = _float_operands(name, a, b)
    _half_refused(name, a.dtype)
    return a, b


def _two_valued(name, compute):
    """special_<name>(x, n) for a polynomial family (no derivative in torch)."""
    def fn(x, n):
        a, b = _pair(name, x, n, ("x", "n"))
        broadcast_shapes(tuple(a.shape), tuple(b.shape))  # (torch's error for shapes that do not broadcast)
        return wrap(compute(a.xp, a._data, b._data))
    fn.__name__ = fn.__qualname__ = name
    return fn


chebyshev_polynomial_t = _two_valued("chebyshev_polynomial_t", _polynomial(_Chebyshev(0, False, 6)))
chebyshev_polynomial_u = _two_valued("chebyshev_polynomial_u", _polynomial(_Chebyshev(1, False, 8)))
chebyshev_polynomial_v = _two_valued("chebyshev_polynomial_v", _polynomial(_Chebyshev(2, False, 8)))
chebyshev_polynomial_w = _two_valued("chebyshev_polynomial_w", _polynomial(_Chebyshev(3, False, 8)))
shifted_chebyshev_polynomial_t = _two_valued("shifted_chebyshev_polynomial_t", _polynomial(_Chebyshev(0, True, 6)))
shifted_chebyshev_polynomial_u = _two_valued("shifted_chebyshev_polynomial_u", _polynomial(_Chebyshev(1, True, 6)))
shifted_chebyshev_polynomial_v = _two_valued("shifted_chebyshev_polynomial_v", _polynomial(_Chebyshev(2, True, 6)))
shifted_chebyshev_polynomial_w = _two_valued("shifted_chebyshev_polynomial_w", _polynomial(_Chebyshev(3, True, 4)))
hermite_polynomial_h = _two_valued("hermite_polynomial_h", _polynomial(_Hermite(True)))
hermite_polynomial_he = _two_valued("hermite_polynomial_he", _polynomial(_Hermite(False)))
laguerre_polynomial_l = _two_valued("laguerre_polynomial_l", _polynomial(_Laguerre()))
legendre_polynomial_p = _two_valued("legendre_polynomial_p", _polynomial(_Legendre()))


class Zeta(_Binary):
    """The Hurwitz zeta function zeta(x, q), computed in float64 (torch's accumulate type on the CPU)."""
    node_name = "SpecialZeta"
    compute = staticmethod(lambda xp, x, q: _zeta(xp, x.astype(xp.float64), q.astype(xp.float64)).astype(x.dtype))

    @staticmethod
    def grads(ctx, g, x, q):
        # d/dq zeta(x, q) = -x zeta(x + 1, q); torch has no derivative in x
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for 'zeta' is not implemented.")
        return None, g * -x * Zeta.apply(x + 1, q)


def zeta(input, other):
    return Zeta.apply(*_pair("zeta", input, other, ("input", "other")))


def _lgamma_real(xp, z):
    """log |Gamma(z)| for every real z (reflection below 0; inf at 0, the negative integers and -inf)."""
    positive = _lgamma(xp, xp.where(z > 0, z, 1.0))
    frac = z - xp.floor(z)
    sin_pi = xp.sin(math.pi * xp.minimum(frac, 1.0 - frac))
    reflected = math.log(math.pi) - xp.log(sin_pi) - _lgamma(xp, xp.where(z > 0, 1.0, 1.0 - z))
    out = xp.where(z > 0, positive, xp.where(frac == 0, xp.inf, reflected))
    return xp.where(xp.isinf(z), xp.inf, xp.where(xp.isnan(z), z, out))


def _igamma_grads(name, sign):
    """d/dx P(a, x) = x^(a-1) e^-x / Gamma(a) (-that for Q); torch has no derivative in a."""
    def grads(ctx, g, a, x):
        if ctx.needs_input_grad[0]:
            raise NotImplementedError("the derivative for '%s: input' is not implemented." % name)
        log_gamma_a = wrap(_lgamma_real(a.xp, a._data.astype(x._data.dtype)))
        density = ((a - 1) * x.log() - x - log_gamma_a).exp()
        return None, g * density if sign > 0 else -(g * density)
    return staticmethod(grads)


class Igamma(_Binary):
    compute = staticmethod(lambda xp, a, x: _igamma(xp, a, x, True))
    grads = _igamma_grads("igamma", 1)


class Igammac(_Binary):
    compute = staticmethod(lambda xp, a, x: _igamma(xp, a, x, False))
    grads = _igamma_grads("igammac", -1)


def _incomplete_gamma(cls, op, name):
    def fn(input, other):
        _check_tensor(name, input)
        _check_tensor(name, other, "other", 2)
        return cls.apply(*_float_operands(op, input, other, int_to_float=False))
    fn.__name__ = fn.__qualname__ = name
    return fn


def _incomplete_gamma_method(fn, name):
    """x.<name>(other): torch counts other's position after self."""
    def method(self, other):
        _check_tensor(name, other, "other", 1)
        return fn(self, other)
    method.__name__ = method.__qualname__ = name
    return method


igamma = _incomplete_gamma(Igamma, "igamma", "igamma")
igammac = _incomplete_gamma(Igammac, "igammac", "igammac")
gammainc = _incomplete_gamma(Igamma, "igamma", "special_gammainc")
gammaincc = _incomplete_gamma(Igammac, "igammac", "special_gammaincc")

FUNCTIONS = ["igamma", "igammac"]
NOT_METHODS = []
METHODS = {"igamma": _incomplete_gamma_method(igamma, "igamma"),
           "igammac": _incomplete_gamma_method(igammac, "igammac")}
INPLACE_OF = {"igamma_": _incomplete_gamma_method(igamma, "igamma_"),
              "igammac_": _incomplete_gamma_method(igammac, "igammac_")}
# the torch.special names (minitorch/special.py)
SPECIAL = {"gammainc": gammainc, "gammaincc": gammaincc, "erfcx": erfcx, "bessel_j0": bessel_j0,
           "bessel_j1": bessel_j1, "bessel_y0": bessel_y0, "bessel_y1": bessel_y1,
           "modified_bessel_i0": modified_bessel_i0, "modified_bessel_i1": modified_bessel_i1,
           "modified_bessel_k0": modified_bessel_k0, "modified_bessel_k1": modified_bessel_k1,
           "scaled_modified_bessel_k0": scaled_modified_bessel_k0,
           "scaled_modified_bessel_k1": scaled_modified_bessel_k1, "spherical_bessel_j0": spherical_bessel_j0,
           "airy_ai": airy_ai, "zeta": zeta, "chebyshev_polynomial_t": chebyshev_polynomial_t,
           "chebyshev_polynomial_u": chebyshev_polynomial_u, "chebyshev_polynomial_v": chebyshev_polynomial_v,
           "chebyshev_polynomial_w": chebyshev_polynomial_w,
           "shifted_chebyshev_polynomial_t": shifted_chebyshev_polynomial_t,
           "shifted_chebyshev_polynomial_u": shifted_chebyshev_polynomial_u,
           "shifted_chebyshev_polynomial_v": shifted_chebyshev_polynomial_v,
           "shifted_chebyshev_polynomial_w": shifted_chebyshev_polynomial_w,
           "hermite_polynomial_h": hermite_polynomial_h, "hermite_polynomial_he": hermite_polynomial_he,
           "laguerre_polynomial_l": laguerre_polynomial_l, "legendre_polynomial_p": legendre_polynomial_p}


# --- coefficient tables (Cephes'; Temme's d[k][n] and the Lanczos sums as in SciPy and Boost) ----------------------
_AI_AN = (
    0.346538101525629, 12.007595273964581, 76.27960536152345, 168.08922493463058,
    159.75639135016442, 70.53609068404442, 14.026469116338967, 1.0,
)
_AI_AD = (
    0.5675945326387702, 14.75625625848472, 84.51389701414746, 177.31808814540045,
    164.2346928715297, 71.47784008255756, 14.095913560783403, 1.0,
)
_AI_AFN = (
    -0.1316963234183318, -0.6264565444319123, -0.6931580360369335, -0.2797799815451191,
    -0.04919001326095003, -0.004062659235948854, -0.0001592764962392621, -2.776491081552329e-06,
    -1.6778769848911465e-08,
)
_AI_AFD = (
    13.356042070655324, 32.682503279522464, 26.736704094149957, 9.187074029072596,
    1.4752914677166642, 0.11568717379518804, 0.004402916416152112, 7.547203482874142e-05,
    4.5185009297058035e-07,
)
_AI_AGN = (
    0.01973399320916857, 0.39110302961568827, 1.0657989759959559, 0.9391692298166502,
    0.35146565610554764, 0.06338889196289255, 0.005858041130483885, 0.000282851600836737,
    6.98793669997261e-06, 8.117892395543892e-08, 3.415517847659236e-10,
)
_AI_AGD = (
    9.30892908077442, 19.835292871831214, 15.564662893286462, 5.476860694229755,
    0.9542936116189619, 0.08645808263523921, 0.004126565238242226, 0.00010125908511650914,
    1.1716673321441352e-06, 4.9183457006293e-09,
)
_J0_PP = (
    0.0007969367292973471, 0.08283523921074408, 1.239533716464143, 5.447250030587687,
    8.74716500199817, 5.303240382353949, 1.0,
)
_J0_PQ = (
    0.0009244088105588637, 0.08562884743544745, 1.2535274390105895, 5.470977403304171,
    8.761908832370695, 5.306052882353947, 1.0,
)
_J0_QP = (
    -0.011366383889846916, -1.2825271867050931, -19.553954425773597, -93.20601521237683,
    -177.68116798048806, -147.07750515495118, -51.41053267665993, -6.050143506007285,
)
_J0_QQ = (
    64.3178256118178, 856.4300259769806, 3882.4018360540163, 7240.467741956525,
    5930.727011873169, 2062.0933166032783, 242.0057402402914,
)
_J0_RP = (
    -4794432209.782018, 1956174919465.5657, -249248344360967.72, 9708622510473064.0,
)
_J0_RQ = (
    499.563147152651, 173785.4016763747, 48440965.83399621, 11185553704.535683,
    2112775201154.892, 310518229857422.56, 3.1812195594320496e+16, 1.7108629408104315e+18,
)
_J1_PP = (
    0.0007621256162081731, 0.07313970569409176, 1.1271960812968493, 5.112079511468076,
    8.424045901417724, 5.214515986823615, 1.0,
)
_J1_PQ = (
    0.0005713231280725487, 0.06884559087544954, 1.105142326340617, 5.073863861286015,
    8.399855543276042, 5.209828486823619, 1.0,
)
_J1_QP = (
    0.05108625947501766, 4.982138729512334, 75.82382841325453, 366.7796093601508,
    710.8563049989261, 597.4896124006136, 211.68875710057213, 25.207020585802372,
)
_J1_QQ = (
    74.23732770356752, 1056.4488603826283, 4986.410583376536, 9562.318924047562,
    7997.041604473507, 2826.1927851763908, 336.0936078106983,
)
_J1_RP = (
    -899971225.7055594, 452228297998.19403, -72749424522181.83, 3682957328638529.0,
)
_J1_RQ = (
    620.8364781180543, 256987.25675774884, 83514679.14319493, 22151159547.97925,
    4749141220799.914, 784369607876235.9, 8.952223361846274e+16, 5.322786203326801e+18,
)
_Y0_YP = (
    15592.436785523574, -14663929.59039716, 5435264770.518765, -982136065717.9115,
    87590639439536.7, -3466283033847297.0, 4.4273326857256984e+16, -1.8495080043698668e+16,
)
_Y0_YQ = (
    1041.2835366425984, 626107.330137135, 268919633.39381415, 86400248710.3935,
    20297961275010.555, 3171577528429750.5, 2.5059625617265306e+17,
)
_Y1_YP = (
    1263204747.9017804, -647355876379.1603, 114509511541823.73, -8127702555013251.0,
    2.024394757135949e+17, -7.788771962659501e+17,
)
_Y1_YQ = (
    594.3015923461282, 235564.09294306856, 73481194.44597217, 18760131610.870617,
    3882312774962.3857, 620557727146953.8, 6.871410873553005e+16, 3.9727060811656064e+18,
)
_I0_A = (
    -4.4153416464793395e-18, 3.3307945188222384e-17, -2.431279846547955e-16, 1.715391285555133e-15,
    -1.1685332877993451e-14, 7.676185498604936e-14, -4.856446783111929e-13, 2.95505266312964e-12,
    -1.726826291441556e-11, 9.675809035373237e-11, -5.189795601635263e-10, 2.6598237246823866e-09,
    -1.300025009986248e-08, 6.046995022541919e-08, -2.670793853940612e-07, 1.1173875391201037e-06,
    -4.4167383584587505e-06, 1.6448448070728896e-05, -5.754195010082104e-05, 0.00018850288509584165,
    -0.0005763755745385824, 0.0016394756169413357, -0.004324309995050576, 0.010546460394594998,
    -0.02373741480589947, 0.04930528423967071, -0.09490109704804764, 0.17162090152220877,
    -0.3046826723431984, 0.6767952744094761,
)
_I0_B = (
    -7.233180487874754e-18, -4.830504485944182e-18, 4.46562142029676e-17, 3.461222867697461e-17,
    -2.8276239805165836e-16, -3.425485619677219e-16, 1.7725601330565263e-15, 3.8116806693526224e-15,
    -9.554846698828307e-15, -4.150569347287222e-14, 1.54008621752141e-14, 3.8527783827421426e-13,
    7.180124451383666e-13, -1.7941785315068062e-12, -1.3215811840447713e-11, -3.1499165279632416e-11,
    1.1889147107846439e-11, 4.94060238822497e-10, 3.3962320257083865e-09, 2.266668990498178e-08,
    2.0489185894690638e-07, 2.8913705208347567e-06, 6.889758346916825e-05, 0.0033691164782556943,
    0.8044904110141088,
)
_I1_A = (
    2.7779141127610464e-18, -2.111421214358166e-17, 1.5536319577362005e-16, -1.1055969477353862e-15,
    7.600684294735408e-15, -5.042185504727912e-14, 3.223793365945575e-13, -1.9839743977649436e-12,
    1.1736186298890901e-11, -6.663489723502027e-11, 3.625590281552117e-10, -1.8872497517228294e-09,
    9.381537386495773e-09, -4.445059128796328e-08, 2.0032947535521353e-07, -8.568720264695455e-07,
    3.4702513081376785e-06, -1.3273163656039436e-05, 4.781565107550054e-05, -0.00016176081582589674,
    0.0005122859561685758, -0.0015135724506312532, 0.004156422944312888, -0.010564084894626197,
    0.024726449030626516, -0.05294598120809499, 0.1026436586898471, -0.17641651835783406,
    0.25258718644363365,
)
_I1_B = (
    7.517296310842105e-18, 4.414348323071708e-18, -4.6503053684893586e-17, -3.209525921993424e-17,
    2.96262899764595e-16, 3.3082023109209285e-16, -1.8803547755107825e-15, -3.8144030724370075e-15,
    1.0420276984128802e-14, 4.272440016711951e-14, -2.1015418427726643e-14, -4.0835511110921974e-13,
    -7.198551776245908e-13, 2.0356285441470896e-12, 1.4125807436613782e-11, 3.2526035830154884e-11,
    -1.8974958123505413e-11, -5.589743462196584e-10, -3.835380385964237e-09, -2.6314688468895196e-08,
    -2.512236237870209e-07, -3.882564808877691e-06, -0.00011058893876262371, -0.009761097491361469,
    0.7785762350182801,
)
_K0_A = (
    1.374465435613523e-16, 4.25981614279661e-14, 1.0349695257633842e-11, 1.904516377220209e-09,
    2.5347910790261494e-07, 2.286212103119452e-05, 0.001264615411446926, 0.0359799365153615,
    0.3442898999246285, -0.5353273932339028,
)
_K0_B = (
    5.300433772686263e-18, -1.6475804301524212e-17, 5.2103915050390274e-17, -1.678231096805412e-16,
    5.512055978524319e-16, -1.848593377343779e-15, 6.3400764774050706e-15, -2.2275133269916698e-14,
    8.032890775363575e-14, -2.9800969231727303e-13, 1.140340588208475e-12, -4.514597883373944e-12,
    1.8559491149547177e-11, -7.957489244477107e-11, 3.577397281400301e-10, -1.69753450938906e-09,
    8.574034017414225e-09, -4.660489897687948e-08, 2.766813639445015e-07, -1.8317555227191195e-06,
    1.39498137188765e-05, -0.00012849549581627802, 0.0015698838857300533, -0.0314481013119645,
    2.4403030820659555,
)
_K1_A = (
    -7.023863479386288e-18, -2.427449850519366e-15, -6.666901694199329e-13, -1.4114883926335278e-10,
    -2.213387630734726e-08, -2.4334061415659684e-06, -0.0001730288957513052, -0.006975723859639864,
    -0.12261118082265715, -0.3531559607765449, 1.5253002273389478,
)
_K1_B = (
    -5.756744483665017e-18, 1.7940508731475592e-17, -5.689462558442859e-17, 1.838093544366639e-16,
    -6.057047248373319e-16, 2.038703165624334e-15, -7.019837090418314e-15, 2.4771544244813043e-14,
    -8.976705182324994e-14, 3.3484196660784293e-13, -1.2891739609510289e-12, 5.13963967348173e-12,
    -2.1299678384275683e-11, 9.218315187605006e-11, -4.1903547593418965e-10, 2.015049755197033e-09,
    -1.0345762465678097e-08, 5.7410841254500495e-08, -3.5019606030878126e-07, 2.406484947837217e-06,
    -1.936197974166083e-05, 0.00019521551847135162, -0.002857816859622779, 0.10392373657681724,
    2.7206261904844427,
)
_TEMME_D = (  # d[k][n], row by row (25 x 25)
    -0.3333333333333333, 0.08333333333333333, -0.014814814814814815, 0.0011574074074074073,
    0.0003527336860670194, -0.0001787551440329218, 3.919263178522438e-05, -2.1854485106799924e-06,
    -1.85406221071516e-06, 8.296711340953087e-07, -1.7665952736826078e-07, 6.707853543401498e-09,
    1.0261809784240309e-08, -4.382036018453353e-09, 9.14769958223679e-10, -2.551419399494625e-11,
    -5.830772132550426e-11, 2.4361948020667415e-11, -5.0276692801141755e-12, 1.1004392031956135e-13,
    3.3717632624009856e-13, -1.392388722418162e-13, 2.8534893807047445e-14, -5.139111834242572e-16,
    -1.9752288294349442e-15, -0.001851851851851852, -0.003472222222222222, 0.0026455026455026454,
    -0.0009902263374485596, 0.00020576131687242798, -4.018775720164609e-07, -1.8098550334489977e-05,
    7.64916091608111e-06, -1.6120900894563446e-06, 4.647127802807434e-09, 1.378633446915721e-07,
    -5.752545603517705e-08, 1.1951628599778148e-08, -1.7543241719747647e-11, -1.0091543710600413e-09,
    4.162792991842583e-10, -8.56390702649298e-11, 6.067215101604758e-14, 7.1624989648114856e-12,
    -2.933186643771437e-12, 5.996696365683689e-13, -2.1671786527323313e-16, -4.978339972369262e-14,
    2.0291628823713425e-14, -4.13125571381061e-15, 0.004133597883597883, -0.0026813271604938273,
    0.0007716049382716049, 2.0093878600823047e-06, -0.00010736653226365161, 5.2923448829120125e-05,
    -1.2760635188618728e-05, 3.423578734096138e-08, 1.3721957309062932e-06, -6.298992138380055e-07,
    1.4280614206064242e-07, -2.0477098421990866e-10, -1.409252991086752e-08, 6.228974084922022e-09,
    -1.3670488396617112e-09, 9.428356159014678e-13, 1.2872252400089318e-10, -5.5645956134363323e-11,
    1.197593554636698e-11, -4.1689782251838634e-15, -1.0940640427884595e-12, 4.662239946390136e-13,
    -9.905105763906907e-14, 1.8931876768373515e-17, 8.859221872591127e-15, 0.0006494341563786008,
    0.00022947209362139917, -0.0004691894943952557, 0.00026772063206283885, -7.561801671883977e-05,
    -2.396505113867297e-07, 1.1082654115347302e-05, -5.6749528269915965e-06, 1.4230900732435883e-06,
    -2.7861080291528143e-11, -1.6958404091930278e-07, 8.099464905388083e-08, -1.9111168485973655e-08,
    2.3928620439808118e-12, 2.0620131815488797e-09, -9.460496661855133e-10, 2.1541049775774907e-10,
    -1.388823336813903e-14, -2.1894761681963938e-11, 9.790998951171684e-12, -2.178219188018096e-12,
    6.208819573407901e-17, 2.126978363279737e-13, -9.344688791517433e-14, 2.045367122678285e-14,
    -0.0008618882909167117, 0.0007840392217200666, -0.0002990724803031902, -1.4638452578843418e-06,
    6.641498215465122e-05, -3.968365047179435e-05, 1.1375726970678419e-05, 2.507497226237533e-10,
    -1.6954149536558305e-06, 8.907507532205309e-07, -2.292934834000805e-07, 2.956794137544049e-11,
    2.8865829742708783e-08, -1.4189739437803219e-08, 3.4463580499464896e-09, -2.3024517174528067e-13,
    -3.9409233028046403e-10, 1.86023389685045e-10, -4.356323005056618e-11, 1.278600101629623e-15,
    4.67927502665792e-12, -2.149246470613483e-12, 4.908815614809652e-13, -6.33859148489156e-18,
    -5.045332069080094e-14, -0.00033679855336635813, -6.972813758365858e-05, 0.0002772753244959392,
    -0.00019932570516188847, 6.797780477937208e-05, 1.419062920643967e-07, -1.3594048189768693e-05,
    8.018470256334202e-06, -2.291481176508095e-06, -3.252473551298454e-10, 3.4652846491085265e-07,
    -1.8447187191171344e-07, 4.8240967037894184e-08, -1.7989466721743514e-14, -6.306194500013523e-09,
    3.162417628774568e-09, -7.840924253697429e-10, 5.192679165254041e-15, 9.358944242306784e-11,
    -4.513426216163278e-11, 1.0799129993116828e-11, -3.661886712685252e-17, -1.210902069055155e-12,
    5.680743584990564e-13, -1.3249659916340829e-13, 0.0005313079364639922, -0.0005921664373536939,
    0.0002708782096718045, 7.902353232660328e-07, -8.153969367561969e-05, 5.61168275310625e-05,
    -1.8329116582843375e-05, -3.0796134506033047e-09, 3.465155368803609e-06, -2.0291327396058603e-06,
    5.788792863149004e-07, 2.338630673826657e-13, -8.828600746330484e-08, 4.7435958880408125e-08,
    -1.2545415020710382e-08, 8.649648858010293e-14, 1.6846058979264062e-09, -8.575492823577594e-10,
    2.1598224929232125e-10, -7.613230520476153e-16, -2.6639822008536144e-11, 1.3065700536611057e-11,
    -3.1799163902367977e-12, 4.710976121367431e-18, 3.6902800842763465e-13, 0.00034436760689237765,
    5.171790908260592e-05, -0.00033493161081142234, 0.0002812695154763237, -0.00010976582244684731,
    -1.2741009095484485e-07, 2.7744451511563645e-05, -1.8263488805711332e-05, 5.7876949497350525e-06,
    4.93875893393627e-10, -1.0595367014026043e-06, 6.166714376110408e-07, -1.7562973359060463e-07,
    -1.297447328701544e-12, 2.695423606288966e-08, -1.4578352908731272e-08, 3.887645959386175e-09,
    -3.881002251019412e-17, -5.327994173877286e-10, 2.7437977643314844e-10, -6.995796092070568e-11,
    2.589986387486848e-17, 8.856689099669639e-12, -4.403168815871311e-12, 1.0865561947091654e-12,
    -0.0006526239185953094, 0.0008394987206720873, -0.000438297098541721, -6.969091458420552e-07,
    0.00016644846642067547, -0.00012783517679769218, 4.629953263691304e-05, 4.557909867922708e-09,
    -1.0595271125805195e-05, 6.783342904865167e-06, -2.1075476666258803e-06, -1.7213731432817144e-11,
    3.773587741611098e-07, -2.1867506700122867e-07, 6.220228804018927e-08, 6.597703826733e-16,
    -9.590386497425686e-09, 5.213214492280807e-09, -1.3991589583935709e-09, 5.382058999060575e-16,
    1.9484714275467745e-10, -1.0127287556389682e-10, 2.6077347197254926e-11, -5.090418699993299e-18,
    -3.3721464474854593e-12, -0.0005967612901927463, -7.204895416020011e-05, 0.0006782308837667328,
    -0.0006401475260262758, 0.00027750107634328704, 1.819700838046515e-07, -8.479507117068503e-05,
    6.105192082501531e-05, -2.1073920183404862e-05, -8.858589014125599e-10, 4.5284535953805374e-06,
    -2.8427815022504407e-06, 8.708234177864641e-07, 3.6886101871706966e-12, -1.534469519070206e-07,
    8.862466778790695e-08, -2.5184812301826817e-08, -1.0225912098215092e-14, 3.896947075815478e-09,
    -2.1267304792235634e-09, 5.737013552805138e-10, -1.887749850169741e-19, -8.093153869465787e-11,
    4.23827232834492e-11, -1.1002224534207727e-11, 0.0013324454494800656, -0.0019144384985654776,
    0.0011089369134596636, 9.9324041226423e-07, -0.0005087450129309319, 0.00042735056665392886,
    -0.000168588537679108, -8.1301893922785e-09, 4.5284402370562144e-05, -3.127053674781734e-05,
    1.044986828530338e-05, 4.8435226265680926e-11, -2.148256587345626e-06, 1.329369701097492e-06,
    -4.029569309210103e-07, -1.756787766632329e-13, 7.014504316366825e-08, -4.040787734999483e-08,
    1.1474026743371962e-08, 3.9642746853563326e-18, -1.7804938269892715e-09, 9.748026254873165e-10,
    -2.6405338676507616e-10, 5.794875163403742e-18, 3.764774955354384e-11, 0.001579727660730835,
    0.00016251626278391583, -0.0020633421035543276, 0.00213896861856891, -0.0010108559391263003,
    -3.99127055299192e-07, 0.0003623502508476469, -0.00028143901463712157, 0.00010449513336495887,
    2.12114184918303e-09, -2.5779417251947842e-05, 1.7281818956040464e-05, -5.641377387290428e-06,
    -1.1024320105776174e-11, 1.1223224418895176e-06, -6.869339637952674e-07, 2.0653236975414888e-07,
    4.6714772409838506e-14, -3.5609886164949055e-08, 2.0470855345905963e-08, -5.809173863328336e-09,
    -1.332821287582869e-16, 9.035460439133513e-10, -4.959878251733084e-10, 1.3481607129399748e-10,
    -0.004072512119514016, 0.00640336283380807, -0.004041016108167662, -2.183732802866233e-06,
    0.002174044180125464, -0.001970044051841889, 0.0008359546974796246, 1.9445447567109655e-08,
    -0.000257793871204217, 0.00019009987368139304, -6.769649993743896e-05, -1.4440629666426571e-10,
    1.5712512518742267e-05, -1.0304008744776892e-05, 3.304517767401387e-06, 7.982976024232571e-13,
    -6.4097794149313e-07, 3.8894624761300054e-07, -1.161834764494887e-07, -2.816808630596451e-15,
    1.9878012911297094e-08, -1.1407719956357511e-08, 3.2355857064185554e-09, 4.175946829345594e-20,
    -5.042311271810582e-10, -0.0059475779383993, -0.0005401647678926045, 0.00879104135507679,
    -0.009857631558785612, 0.005013469503102154, 1.2807521786221875e-06, -0.0020626019342754685,
    0.0017109128573523059, -0.000676953127141338, -6.901154567656214e-09, 0.00018855128143995903,
    -0.0001339521566349197, 4.626318303352804e-05, 4.003423061332135e-11, -1.0255652921494033e-05,
    6.612086372797651e-06, -2.0913022027253007e-06, -2.0951775649603836e-13, 3.975602904199325e-07,
    -2.395621197881589e-07, 7.118288338214586e-08, 8.925574873053455e-16, -1.2101547235064675e-08,
    6.935061824833439e-09, -1.96614644538561e-09, 0.01740202778752271, -0.029527880945699123,
    0.020045875571402798, 7.0289515966903405e-06, -0.012375421071343148, 0.011976293444235253,
    -0.0054156038466518525, -6.329089339641862e-08, 0.0018855118129005065, -0.001473473274825001,
    0.0005551581009770838, 5.240683441255066e-10, -0.00014357913535784837, 9.91812932249433e-05,
    -3.346083474947831e-05, -3.575583729109899e-12, 7.1560851960630075e-06, -4.551680262815553e-06,
    1.4236576649271474e-06, 1.8803149082089665e-14, -2.662340389892921e-07, 1.5950642189595716e-07,
    -4.71875146738411e-08, -6.510787295875518e-17, 7.979509102674624e-09, 0.03024912416090589,
    0.0024817436002649977, -0.049939134373457025, 0.05991564300930787, -0.03248320760162339,
    -5.721296865210344e-06, 0.015085251778569354, -0.013261324005088445, 0.0055515262632426145,
    3.026318225703001e-08, -0.0017229548406756724, 0.0012893570099929638, -0.00046845138348319875,
    -1.830259937893045e-10, 0.00011449739014822654, -7.737856522124447e-05, 2.5625836246985202e-05,
    1.0766165333192815e-12, -5.324680928242262e-06, 3.349634863064464e-06, -1.0381253128684019e-06,
    -5.608909920621128e-15, 1.9150821930676592e-07, -1.1418365800203487e-07, 3.3654425209171787e-08,
    -0.09905102088015905, 0.17954011706123485, -0.12989606383463778, -3.1478872752284355e-05,
    0.09051063527684813, -0.0928288244111844, 0.04441211283987781, 2.7779236316835886e-07,
    -0.017229543805449696, 0.014182925050891573, -0.005621416163374734, -2.39598509186381e-09,
    0.0016029634366079909, -0.0011606784674435774, 0.00041001337768153875, 1.836580075409066e-11,
    -9.58442565636559e-05, 6.364306233776471e-05, -2.076250624489065e-05, -1.1806020912804483e-13,
    4.213180823912065e-06, -2.626224133701247e-06, 8.077062049493066e-07, 6.012591212363273e-16,
    -1.472973737401884e-07, -0.19994542198219728, -0.015056113040026424, 0.36470239469348487,
    -0.4643519231173355, 0.26640934719197895, 3.403826602714719e-05, -0.13784338709329624,
    0.1276467178337056, -0.056213828755200985, -1.753150885483011e-07, 0.019235592956768112,
    -0.015088821281095314, 0.005740185445135012, 1.0622382710310225e-09, -0.0015335082692563998,
    0.0010819320643228215, -0.0003737251019394566, -6.617090972903199e-12, 8.426361738090962e-05,
    -5.515070682748348e-05, 1.776953644834807e-05, 3.882792321020553e-14, -3.53513697488768e-06,
    2.186583213004527e-06, -6.68128494476256e-07, 0.7243860850402943, -1.3918010932653375,
    1.0654143352413967, 0.0001876173868950258, -0.827055011761527, 0.8935243334782842,
    -0.44971003995291337, -1.6107401567546651e-06, 0.1923559016527109, -0.1659770216004261,
    0.06888222268181433, 1.3910091724608687e-08, -0.02146911561508663, 0.016228980898865892,
    -0.005979601617258426, -1.1287469112826745e-10, 0.0015167451119784856, -0.00104786342935539,
    0.0003553907288912642, 8.170432211180152e-13, -7.77730134424524e-05, 5.029141389700772e-05,
    -1.6035083867000518e-05, 1.2469354315487606e-14, 3.1369106244517616e-06, 1.6668949727276812,
    0.1165462765994632, -3.3288393225018904, 4.469232548286404, -2.6977693045875806,
    -0.0002600667859891061, 1.5389017615694538, -1.4937962361134611, 0.6888196463323315,
    1.3077482004552384e-06, -0.2576296332559629, 0.21097676102125448, -0.08371440835921988,
    -7.792042888135476e-09, 0.0242679230648336, -0.017813678334552312, 0.006397033038890006,
    4.943080709048052e-11, -0.0015554602758465635, 0.0010561196919903215, -0.000352771844604729,
    9.300233464502246e-14, 7.528585502655717e-05, -4.818651556915635e-05, 1.5227271505597605e-05,
    -6.618829886137293, 13.397985455142589, -10.789350606845145, -0.0014352254537875018,
    9.23336945961898, -10.456552819547769, 5.510552602903347, 1.2024439690716742e-05,
    -2.5762961164755818, 2.320744274538718, -1.0045728797216285, -1.0207833290021913e-07,
    0.3397509217116947, -0.2672051745075747, 0.10235252851562705, 8.432973048487163e-10,
    -0.027998284958442594, 0.020066274144976814, -0.007055436891508624, 1.9402238183698188e-12,
    0.0016562888105449611, -0.0011082898580743682, 0.0003654545161310169, -5.129003202697179e-11,
    -7.634010369686903e-05, -17.112706061976095, -1.1208044642899115, 37.131966511885445,
    -52.29827102534896, 33.058589696624615, 0.002479129897620022, -20.61089403411526,
    20.88672775145582, -10.045703956517752, -1.2238783449063012e-05, 4.077013427422114,
    -3.473667358470195, 1.4329352617312006, 7.135991441187971e-08, -0.4479725715911561,
    0.3411266608064446, -0.12699786326594922, -2.895367726908153e-10, 0.03312577627825986,
    -0.023274087021036102, 0.008039999350364889, -1.177805216235265e-09, -0.001832162489107167,
    0.0012108282933588664, -0.0003947994124682252, 73.89033153567425, -156.80141270402274,
    132.2177542759164, 0.013692876877324546, -123.66496885920151, 146.2068939106273,
    -80.36558772486535, -0.00011259851148881298, 40.77013219617994, -38.21034001327303,
    17.19522294277362, 9.351970795516835e-07, -6.271615990774704, 5.116899907185264,
    -2.0319658112299095, -4.950721558276154e-09, 0.596263972943326, -0.44220765337238094,
    0.16079998700166273, -2.4733786203223403e-08, -0.040307574759979765, 0.02784905074709787,
    -0.009475185899205422, 6.419922235909132e-06, 0.002125018077469946, 212.1683709838252,
    13.107863022633868, -496.9828593287175, 731.215952669692, -482.1382172089085,
    -0.028817248692894887, 326.167203029471, -343.8934028008712, 171.95193870816232,
    0.00014038077378096157, -75.2594195897599, 66.51969984520935, -28.447519748152462,
    -7.613702615875392e-07, 9.540223710530437, -7.517530111331138, 2.894399756887196,
    -4.66121949995382e-07, -0.8061514959879409, 0.5848300657063102, -0.20845408972964957,
    0.00014765818959305816, 0.05100043386375302, -0.03306625214188366, 0.015109265210467774,
    -989.5964309832236, 2192.555536090523, -1928.3586782723355, -0.15925738122215252,
    1956.9985945919857, -2407.2514765081555, 1375.6149959336497, 0.0012920735237496668,
    -752.5941715948055, 731.7166874220871, -341.37023466220063, -9.985739026060805e-06,
    133.56313181291574, -112.76295161252794, 46.31039609820446, -7.923738713361476e-06,
    -14.510726927018647, 11.111771248100563, -4.169081794527089, 0.0031008219800117806,
    1.1220095449981469, -0.7605237992614992, 0.36262236505085255, 0.2216867741940747,
    0.48683443692930506,
)
_LANCZOS_NUM = (
    0.006061842346248907, 0.5098416655656676, 19.519927882476175, 449.9445569063168,
    6955.999602515376, 75999.29304014542, 601859.6171681099, 3481712.154980646,
    14605578.087685067, 43338889.32467614, 86363131.2881386, 103794043.11634454,
    56906521.913471565,
)
_LANCZOS_DENOM = (
    1.0, 66.0, 1925.0, 32670.0,
    357423.0, 2637558.0, 13339535.0, 45995730.0,
    105258076.0, 150917976.0, 120543840.0, 39916800.0,
    0.0,
)
_ZETA_A = (
    12.0, -720.0, 30240.0, -1209600.0,
    47900160.0, -1892437580.3183792, 74724249600.0, -2950130727918.164,
    116467828143500.67, -4597978722407473.0, 1.8152105401943546e+17, -7.166165256175667e+18,
)
_LGAMMA_SERIES_1, _LGAMMA_SERIES_2 = _lgamma_series_coefficients()
