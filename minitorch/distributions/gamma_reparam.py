"""Reparameterised Gamma(a, 1) and Dirichlet(a) draws, with the implicit gradients torch uses.

A draw x with cdf F(x; a) moves with a as dx/da = -(dF/da) / f(x; a) (the cdf value held fixed). torch evaluates
that with fitted approximations rather than exactly, and so do these, branch for branch, so that gradients
agree with torch's draw by draw:

- Gamma (standard_gamma_grad, all in double): a six-term series of the cdf for x < 0.8; Rice's saddle-point
  expansion for a > 8 (a polynomial within 10% of a); else exp(p(u, v) / q(u, v)) with u = log(x / a),
  v = log(a), a fitted bivariate rational function;
- Dirichlet (dirichlet_grad): each class's Beta(a_k, total - a_k) marginal, dx_k/da_k scaled by 1 / (1 - x_k):
  a Taylor series near x = 0 (and, mirrored, near x = 1) in the dtype's own precision, the saddle-point
  expansion for a_k and total - a_k both above 6, else a fitted rational correction of
  x (digamma(total) - digamma(a_k)) / (total - a_k), those two in double.
"""
import numpy

from ..autograd.function import Function

_PSI_10 = 2.25175258906672110764  # digamma(10)
_PSI_SERIES = (8.33333333333333333333e-2, -2.10927960927960927961e-2, 7.57575757575757575758e-3,
               -4.16666666666666666667e-3, 3.96825396825396825397e-3, -8.33333333333333333333e-3,
               8.33333333333333333333e-2)  # of z = 1/x^2, highest power first
_F32 = numpy.float32

# Gamma: numerator (columns 0-3) and denominator (4-7) coefficients in v, each a quadratic in u (rows)
_GAMMA_RATIONAL = (
    (0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084),
    (0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623),
    (0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367,
     -1.5247877e-07))

# Dirichlet: [numerator, denominator][power of u][power of a][power of b]
_DIRICHLET_RATIONAL = (
    (((1.003668233, -0.01061107488, -0.0657888334, 0.01201642863),
      (0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033),
      (-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013)),
     ((0.221950385, -0.3187676331, 0.01799915743, 0.01074823814),
      (-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057),
      (0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05)),
     ((-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565),
      (0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181),
      (0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05))),
    (((1, -0.02924021934, -0.04438342661, 0.007285809825),
      (0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521),
      (-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149)),
     ((0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273),
      (0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956),
      (-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05)),
     ((0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05),
      (0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05),
      (-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06))))


def _xp(a):
    from ..backend import get_array_module
    return get_array_module(a)


def _digamma(x):
    """digamma of positive doubles as torch's samplers compute it: the recurrence psi(x) = psi(x + 1) - 1/x up to
    x >= 10, then psi(10) exactly or the asymptotic series log x - 1/(2x) - z P(z), z = 1/x^2 (inf at 0)."""
    xp = _xp(x)
    zero, result = x == 0, xp.zeros_like(x)
    low = x < 10
    while low.any():
        result = xp.where(low, result - 1 / x, result)
        x = xp.where(low, x + 1, x)
        low = x < 10
    z = 1 / (x * x)
    series = 0.0
    for c in _PSI_SERIES:
        series = series * z + c
    tail = xp.where(x < float(_F32(1e17)), z * series, 0.0)
    out = xp.where(x == 10, result + _PSI_10, result + xp.log(x) - 0.5 / x - tail)
    return xp.where(zero, xp.inf, out)


def _digamma_in(x):
    """torch's digamma_one<scalar_t, double>: x's precision in and out, double inside."""
    return _digamma(x.astype(numpy.float64)).astype(x.dtype)


def _gamma_grad(a, x):
    """dx/da for x ~ Gamma(a, 1), on double arrays (torch's standard_gamma_grad_one)."""
    xp = _xp(x)
    # x < 0.8: F = x^a S1, dF/da = (log x - digamma(a)) F - x^a S2, S1 = sum (-x)^n / (n! (a + n)), S2 the same
    # with (a + n)^2
    numer, denom = xp.ones_like(x), a
    series1, series2 = 1 / denom, 1 / (denom * denom)
    for i in range(1, 6):
        numer = numer * (-x / i)
        denom = denom + 1
        series1 = series1 + numer / denom
        series2 = series2 + numer / (denom * denom)
    pow_xa = x ** a
    pdf = x ** (a - 1) * xp.exp(-x)
    small = -((xp.log(x) - _digamma(a)) * (pow_xa * series1) - pow_xa * series2) / pdf
    small = xp.where(xp.isnan(small), 0.0, small)
    # a > 8: Rice's saddle point, a polynomial within 10% of a (where the expansion is singular)
    near = (1 + 24 * a * (1 + 12 * a)) * (1440 * (a * a) + 6 * x * (53 - 120 * x) - 65 * x * x / a
                                          + a * (107 + 3600 * x)) / (1244160 * (a * a) * (a * a))
    root8a = xp.sqrt(8 * a)
    term2 = root8a / (a - x)
    term3 = (x - a - a * xp.log(x / a)) ** -1.5
    term1 = xp.log(x / a) * xp.where(x < a, term2 - term3, term2 + term3) - xp.sqrt(2 / a) * (a + x) / ((a - x) ** 2)
    far = -(1 + 1 / (12 * a) * (1 + 1 / (24 * a))) * (x * term1) / root8a
    large = xp.where((float(_F32(0.9)) * a <= x) & (x <= float(_F32(1.1)) * a), near, far)
    # otherwise: exp(p / q), p and q cubics in v = log a whose coefficients are quadratics in u = log(x / a)
    u, v = xp.log(x / a), xp.log(a)
    c = [row0 + u * (row1 + u * row2) for row0, row1, row2 in zip(*_GAMMA_RATIONAL)]
    p = c[0] + v * (c[1] + v * (c[2] + v * c[3]))
    q = c[4] + v * (c[5] + v * (c[6] + v * c[7]))
    return xp.where(x < float(_F32(0.8)), small, xp.where(a > 8, large, xp.exp(p / q)))


def _beta_grad_alpha_small(x, alpha, beta):
    """d x / d alpha for x ~ Beta(alpha, beta) near x = 0 (a Taylor series), in x's precision."""
    xp = _xp(x)
    factor = _digamma_in(alpha) - _digamma_in(alpha + beta) - xp.log(x)
    numer = xp.ones_like(x)
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        numer = numer * ((i - beta) * x / i)
        denom = alpha + i
        series = series + numer / denom * (factor + 1 / denom)
    result = x * (1 - x) ** -beta * series
    return xp.where(xp.isnan(result), 0, result).astype(x.dtype)


def _beta_grad_beta_small(x, alpha, beta):
    """d x / d beta for x ~ Beta(alpha, beta) near x = 0 (a Taylor series), in x's precision."""
    xp = _xp(x)
    factor = _digamma_in(alpha + beta) - _digamma_in(beta)
    numer, betas, dbetas = xp.ones_like(x), xp.ones_like(x), xp.zeros_like(x)
    series = factor / alpha
    for i in range(1, 9):
        numer = numer * (-x / i)
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series = series + numer / (alpha + i) * (dbetas + factor * betas)
    result = -((1 - x) ** (1 - beta)) * series
    return xp.where(xp.isnan(result), 0, result).astype(x.dtype)


def _beta_grad_alpha_mid(x, alpha, beta):
    """d x / d alpha for x ~ Beta(alpha, beta), alpha and beta large: Rice's saddle point (doubles), a polynomial
    within a tenth of a standard deviation of the mean (where the expansion is singular)."""
    xp = _xp(x)
    total = alpha + beta
    mean = alpha / total
    std = xp.sqrt(alpha * beta / (total + 1)) / total
    bb = beta * beta
    poly = 47 * x * bb * bb + alpha * ((43 + 20 * (16 + 27 * beta) * x) * bb * beta + alpha * (
        3 * (59 + 180 * beta - 90 * x) * bb + alpha * ((453 + 1620 * beta * (1 - x) - 455 * x) * beta + alpha * (
            8 * (1 - x) * (135 * beta - 11)))))
    at_mean = ((1 + 12 * alpha) * (1 + 12 * beta) / (total * total) / (1 - x) * poly
               / (12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)))
    prefactor = -x / xp.sqrt(2 * alpha * beta / total)
    stirling = ((1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
                / (1 + 1 / (12 * total) + 1 / (288 * total * total)))
    axbx = alpha * (x - 1) + beta * x
    term1 = ((2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * bb)
             / (xp.sqrt(2 * alpha / beta) * total ** 1.5 * axbx * axbx))
    term2 = 0.5 * xp.log(alpha / (total * x))
    term3 = xp.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4 = (beta * xp.log(beta / (total * (1 - x))) + alpha * xp.log(alpha / (total * x))) ** -1.5
    away = stirling * prefactor * (term1 + term2 * (term3 + xp.where(x < mean, term4, -term4)))
    inside = (mean - 0.1 * std <= x) & (x <= mean + 0.1 * std)
    return xp.where(inside, at_mean, away)


def _dirichlet_grad_one(x, alpha, total):
    """torch's dirichlet_grad_one: d x / d alpha for x ~ Beta(alpha, total - alpha), scaled by 1 / (1 - x), on
    arrays of x's dtype (the series in that precision, the rest in double)."""
    xp = _xp(x)
    x64, alpha64, total64 = (a.astype(numpy.float64) for a in (x, alpha, total))
    beta, beta64 = total - alpha, total64 - alpha64
    boundary = total * x * (1 - x)
    near0 = (x <= 0.5) & (boundary < 2.5)
    near1 = (x >= 0.5) & (boundary < 0.75)
    mid = (alpha > 6) & (beta > 6)
    # the fitted correction p / q of x (digamma(total) - digamma(alpha)) / beta, in u = log x, a = log(alpha) - u,
    # b = log(total) - a
    u = xp.log(x64)
    a = xp.log(alpha64) - u
    b = xp.log(total64) - a
    p = q = 0.0
    for i, pow_u in enumerate((1, u, u * u)):
        for j, pow_a in enumerate((1, a, a * a)):
            ua = pow_u * pow_a
            cp, cq = _DIRICHLET_RATIONAL[0][i][j], _DIRICHLET_RATIONAL[1][i][j]
            p = p + ua * (cp[0] + b * (cp[1] + b * (cp[2] + b * cp[3])))
            q = q + ua * (cq[0] + b * (cq[1] + b * (cq[2] + b * cq[3])))
    digammas = (_digamma_in(total64.astype(x.dtype)) - _digamma_in(alpha64.astype(x.dtype))).astype(numpy.float64)
    rational = p / q * (x64 * digammas / beta64)
    out = xp.where(mid, _beta_grad_alpha_mid(x64, alpha64, beta64), rational)
    out = xp.where(near1, -_beta_grad_beta_small(1 - x, beta, alpha), out.astype(x.dtype))
    return xp.where(near0, _beta_grad_alpha_small(x, alpha, beta), out)


def _on_arrays(fn, *tensors):
    """fn on the tensors' arrays (floating-point warnings off: every branch is evaluated everywhere), as a tensor
    of the first one's dtype."""
    from ..tensor import Tensor
    with numpy.errstate(all="ignore"):
        return Tensor._make(fn(*(t.detach()._data for t in tensors)).astype(tensors[0]._data.dtype))


def standard_gamma_grad(x, a):
    """torch._standard_gamma_grad: dx/da for x ~ Gamma(a, 1), elementwise (double inside)."""
    return _on_arrays(lambda xs, alphas: _gamma_grad(alphas.astype(numpy.float64), xs.astype(numpy.float64)), x, a)


def dirichlet_grad(x, alpha, total):
    """torch._dirichlet_grad: per class, the scaled implicit gradient of its Beta(alpha, total - alpha) marginal."""
    return _on_arrays(_dirichlet_grad_one, x, alpha, total)


class _Reparameterised(Function):
    """x = draw(concentration), no gradient of its own; backward (the subclass's) reads x and the concentration."""

    @classmethod
    def forward(cls, ctx, concentration):
        x = cls.draw(concentration)
        ctx.save_for_backward(x, concentration)
        return x


class _StandardGamma(_Reparameterised):
    """Gamma(a, 1) draws of a's shape; backward multiplies by the implicit gradient dx/da."""

    @staticmethod
    def draw(concentration):
        from ..random import standard_gamma
        return standard_gamma(concentration)

    @staticmethod
    def backward(ctx, grad):
        x, concentration = ctx.saved_tensors
        return grad * standard_gamma_grad(x, concentration)


class _Dirichlet(_Reparameterised):
    """Dirichlet draws over the last dim (random.dirichlet_draws); backward as torch's: with
    s_k = dirichlet_grad(x, a, sum a)_k, dL/da_k = s_k (g_k - sum_i g_i x_i)."""

    @staticmethod
    def draw(concentration):
        from ..random import dirichlet_draws
        return dirichlet_draws(concentration)

    @staticmethod
    def backward(ctx, grad):
        x, concentration = ctx.saved_tensors
        scale = dirichlet_grad(x, concentration, concentration.sum(-1, True).expand_as(concentration))
        return scale * (grad - (x * grad).sum(-1, True))


def rsample_dirichlet(concentration, shape):
    """Dirichlet(concentration) draws of the given shape (its last dim the classes), differentiable in
    concentration."""
    return _Dirichlet.apply(concentration.expand(shape))


def rsample_standard_gamma(concentration, shape):
    """Gamma(concentration, 1) draws of the given shape, differentiable in concentration."""
    return _StandardGamma.apply(concentration.expand(shape))
