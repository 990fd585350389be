"""Reparameterised Gamma(a, 1) draws: the implicit gradient dx/da = -(dP(a, x)/da) / f(x; a), where P is the
regularised lower incomplete gamma function and f the density (the derivative of the cdf held fixed).

dP/da is taken in forward mode through the two classical expansions (Numerical Recipes' gser / gcf): the power
series of P for x < a + 1 and the Lentz continued fraction of Q = 1 - P beyond, each term carrying its
derivative with respect to a, so neither side suffers the cancellation of differencing P near 1."""
from ..autograd.function import Function


def _terms(a):
    """Iterations for both expansions: their terms fall off on a scale of sqrt(a)."""
    return int(10 * float(a.max()) ** 0.5) + 60


def _series_grad(x, a, n_terms):
    """x < a + 1: P = x^a e^-x / Gamma(a + 1) S, S = sum_n prod_k<=n x / (a + k); P / f = x S / a."""
    term, dterm = x.new_ones(x.shape), x.new_zeros(x.shape)
    total, dtotal = term, dterm
    for k in range(1, n_terms):
        ratio = x / (a + k)
        term, dterm = term * ratio, dterm * ratio - term * ratio / (a + k)
        total, dtotal = total + term, dtotal + dterm
    dlog_p = x.log() - (a + 1).digamma() + dtotal / total
    return -(x * total / a) * dlog_p


def _fraction_grad(x, a, n_terms):
    """x >= a + 1: Q = x^a e^-x / Gamma(a) h with h Lentz's continued fraction; Q / f = x h, and
    d log Q / da = log x - digamma(a) + d log h / da."""
    tiny = 1e-300
    b, db = x + 1 - a, -x.new_ones(x.shape)
    c, dc = x.new_full(x.shape, 1 / tiny), x.new_zeros(x.shape)
    d = 1 / b
    dd = -d * d * db
    h, dlog_h = d, dd / d
    for i in range(1, n_terms):
        an, dan = -i * (i - a), float(i)
        b = b + 2
        denom = an * d + b
        d_new = 1 / denom
        dd = -d_new * d_new * (dan * d + an * dd + db)
        c_new = b + an / c
        dc = db + (dan * c - an * dc) / (c * c)
        d, c = d_new, c_new
        h = h * d * c
        dlog_h = dlog_h + dd / d + dc / c
    dlog_q = x.log() - a.digamma() + dlog_h
    return x * h * dlog_q


def standard_gamma_grad(x, a):
    """dx/da for x ~ Gamma(a, 1) at fixed cdf value, elementwise (float64 inside)."""
    from .. import no_grad, where
    with no_grad():
        x64, a64 = x.double(), a.double()
        n_terms = _terms(a64)
        near = x64 < a64 + 1
        # each expansion sees safe arguments where the other one is used
        series = _series_grad(where(near, x64, a64 * 0.5 + 0.5), a64, n_terms)
        fraction = _fraction_grad(where(near, a64 + 2, x64), a64, n_terms)
        return where(near, series, fraction).to(x.dtype)


class _StandardGamma(Function):
    """Gamma(a, 1) draws of a's shape; backward multiplies by the implicit gradient dx/da."""

    @staticmethod
    def forward(ctx, concentration):
        from ..random import standard_gamma
        x = standard_gamma(concentration)
        ctx.save_for_backward(x, concentration)
        return x

    @staticmethod
    def backward(ctx, grad):
        x, concentration = ctx.saved_tensors
        return grad * standard_gamma_grad(x, concentration)


class _Dirichlet(Function):
    """Dirichlet draws over the last dim, drawn as torch draws them (normalised double-precision gammas, see
    random.dirichlet_draws). backward: x = G / S with independent G_k ~ Gamma(a_k, 1) and S = sum G, so
    dL/da_k = dG_k/da_k / S * (g_k - sum_i g_i x_i). (torch's own gradient is the implicit one of each x_k's
    Beta(a_k, S_a - a_k) marginal: another unbiased estimate, equal in expectation, not draw by draw.)"""

    @staticmethod
    def forward(ctx, concentration):
        from ..random import dirichlet_draws
        x, ctx.gammas = dirichlet_draws(concentration)
        ctx.save_for_backward(x, concentration)
        return x

    @staticmethod
    def backward(ctx, grad):
        x, concentration = ctx.saved_tensors
        scale = standard_gamma_grad(ctx.gammas, concentration.double()) / ctx.gammas.sum(-1, True)
        return (scale * (grad - (x * grad).sum(-1, True))).to(concentration.dtype)


def rsample_dirichlet(concentration, shape):
    """Dirichlet(concentration) draws of the given shape (its last dim the classes), differentiable in
    concentration."""
    return _Dirichlet.apply(concentration.expand(shape))


def rsample_standard_gamma(concentration, shape):
    """Gamma(concentration, 1) draws of the given shape, differentiable in concentration."""
    return _StandardGamma.apply(concentration.expand(shape))
