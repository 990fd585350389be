"""kl_divergence(p, q) = E_p[log p - log q], dispatched on the pair of types (register_kl adds a rule)."""
import math

from ..nn.functional import softplus
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical
from .cauchy import Cauchy
from .continuous_bernoulli import ContinuousBernoulli
from .dirichlet import Dirichlet
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .gamma import Gamma
from .geometric import Geometric
from .gumbel import EULER, Gumbel
from .half_normal import HalfNormal
from .independent import Independent, sum_rightmost
from .laplace import Laplace
from .lowrank_multivariate_normal import LowRankMultivariateNormal, _lowrank_logdet, _lowrank_mahalanobis
from .multivariate_normal import MultivariateNormal, _batch_shape, _half_log_det, _mahalanobis
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .pareto import Pareto
from .poisson import Poisson
from .transformed_distribution import TransformedDistribution
from .uniform import Uniform

_KL_RULES = {}


def register_kl(type_p, type_q):
    def decorator(fn):
        _KL_RULES[type_p, type_q] = fn
        return fn
    return decorator


def _rule(type_p, type_q):
    """The rule for the most specific registered pair of base classes, as torch's lookup."""
    matches = [(tp, tq) for tp, tq in _KL_RULES if issubclass(type_p, tp) and issubclass(type_q, tq)]
    if not matches:
        return None
    best = min(matches, key=lambda pair: (type_p.__mro__.index(pair[0]), type_q.__mro__.index(pair[1])))
    return _KL_RULES[best]


def kl_divergence(p, q):
    fn = _rule(type(p), type(q))
    if fn is None:
        raise NotImplementedError("No KL(p || q) is implemented for p type %s and q type %s"
                                  % (type(p).__name__, type(q).__name__))
    return fn(p, q)


def _inf_where(mask, value):
    from .. import where
    return where(mask, float("inf"), value)


def _zero_where(mask, value):
    from .. import where
    return where(mask, 0.0, value)


@register_kl(Normal, Normal)
def _kl_normal_normal(p, q):
    var_ratio = (p.scale / q.scale).pow(2)
    t1 = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())  # log(sq/sp) + (sp^2 + (mp - mq)^2) / (2 sq^2) - 1/2


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(p, q):
    # p log(p/q) + (1-p) log((1-p)/(1-q)), with log sigmoid(l) = -softplus(-l); 0 log 0 = 0, p log(p/0) = inf
    t1 = p.probs * (softplus(-q.logits) - softplus(-p.logits))
    t1 = _zero_where(p.probs == 0, _inf_where(q.probs == 0, t1))
    t2 = (1 - p.probs) * (softplus(q.logits) - softplus(p.logits))
    t2 = _zero_where(p.probs == 1, _inf_where(q.probs == 1, t2))
    return t1 + t2


@register_kl(Categorical, Categorical)
def _kl_categorical_categorical(p, q):
    t = p.probs * (p.logits - q.logits)  # sum_k p_k (log p_k - log q_k)
    t = _zero_where((p.probs == 0).expand_as(t), _inf_where((q.probs == 0).expand_as(t), t))
    return t.sum(-1)


@register_kl(Uniform, Uniform)
def _kl_uniform_uniform(p, q):
    result = ((q.high - q.low) / (p.high - p.low)).log()  # log of the width ratio, inf if p's support leaves q's
    return _inf_where((q.low > p.low) | (q.high < p.high), result)


@register_kl(Exponential, Exponential)
def _kl_exponential_exponential(p, q):
    ratio = q.rate / p.rate
    return ratio - 1 - ratio.log()  # log(rp / rq) + rq / rp - 1


@register_kl(Independent, Independent)
def _kl_independent_independent(p, q):
    if p.reinterpreted_batch_ndims != q.reinterpreted_batch_ndims:
        raise NotImplementedError
    return sum_rightmost(kl_divergence(p.base_dist, q.base_dist), p.reinterpreted_batch_ndims)


@register_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn_mvn(p, q):
    from ..linalg import solve
    if p.event_shape != q.event_shape:
        raise ValueError("KL-divergence between two Multivariate Normals with different event shapes cannot be "
                         "computed")
    Lp, Lq = p._unbroadcasted_scale_tril, q._unbroadcasted_scale_tril
    n = p.event_shape[0]
    shape = tuple(_batch_shape(p.batch_shape, q.batch_shape)) + (n, n)
    # log det Lq - log det Lp + (|Lq^-1 Lp|_F^2 + |Lq^-1 (mq - mp)|^2 - n) / 2
    trace = solve(Lq.tril().expand(shape), Lp.expand(shape)).pow(2).sum((-2, -1))
    return _half_log_det(Lq) - _half_log_det(Lp) + 0.5 * (trace + _mahalanobis(Lq, q.loc - p.loc) - n)


@register_kl(OneHotCategorical, OneHotCategorical)
def _kl_one_hot_one_hot(p, q):
    return _kl_categorical_categorical(p._categorical, q._categorical)


@register_kl(Beta, Beta)
def _kl_beta_beta(p, q):
    a1, b1, a2, b2 = p.concentration1, p.concentration0, q.concentration1, q.concentration0
    # log B(a2, b2) - log B(a1, b1) + (a1 - a2) psi(a1) + (b1 - b2) psi(b1) + (a2 - a1 + b2 - b1) psi(a1 + b1)
    total = a1 + b1
    return (q._log_normalizer(a2, b2) - p._log_normalizer(a1, b1) + (a1 - a2) * a1.digamma() + (b1 - b2) * b1.digamma()
            + (a2 - a1 + b2 - b1) * total.digamma())


@register_kl(Gamma, Gamma)
def _kl_gamma_gamma(p, q):
    cp, rp, cq, rq = p.concentration, p.rate, q.concentration, q.rate
    return (cq * (rp / rq).log() + cq.lgamma() - cp.lgamma() + (cp - cq) * cp.digamma()
            + (rq - rp) * (cp / rp))


@register_kl(Laplace, Laplace)
def _kl_laplace_laplace(p, q):
    ratio = p.scale / q.scale  # log(bq / bp) + |mp - mq| / bq + (bp / bq) exp(-|mp - mq| / bp) - 1
    gap = (p.loc - q.loc).abs()
    return -ratio.log() + gap / q.scale + ratio * (-gap / p.scale).exp() - 1


@register_kl(Binomial, Binomial)
def _kl_binomial_binomial(p, q):
    """n (p (lp - lq) + log(1 - p) - log(1 - q)); infinite where p has more trials than q."""
    if bool((p.total_count < q.total_count).any()):
        raise NotImplementedError("KL between Binomials where q.total_count > p.total_count is not implemented")
    kl = p.total_count * (p.probs * (p.logits - q.logits) + (-p.probs).log1p() - (-q.probs).log1p())
    return _inf_where(p.total_count > q.total_count, kl)


@register_kl(ContinuousBernoulli, ContinuousBernoulli)
def _kl_continuous_bernoulli(p, q):
    return (p.mean * (p.logits - q.logits) + p._cont_bern_log_norm() + (-p.probs).log1p()
            - q._cont_bern_log_norm() - (-q.probs).log1p())


@register_kl(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(p, q):
    a, b = p.concentration, q.concentration  # log B(b) - log B(a) + sum (a - b)(psi(a) - psi(a0))
    a0 = a.sum(-1)
    return (a0.lgamma() - b.sum(-1).lgamma() - (a.lgamma() - b.lgamma()).sum(-1)
            + ((a - b) * (a.digamma() - a0.digamma().unsqueeze(-1))).sum(-1))


@register_kl(ExponentialFamily, ExponentialFamily)
def _kl_expfamily_expfamily(p, q):
    """The Bregman divergence of the log normaliser A: A(tq) - A(tp) - <tq - tp, grad A(tp)>."""
    from .. import autograd
    if type(p) is not type(q):
        raise NotImplementedError("The cross KL-divergence between different exponential families cannot" + " " * 29
                                  + "be computed using Bregman divergences")  # torch's spacing
    p_params = [t.detach().requires_grad_() for t in p._natural_params]
    q_params = q._natural_params
    log_norm = p._log_normalizer(*p_params)
    grads = autograd.grad(log_norm.sum(), p_params, create_graph=True)
    result = q._log_normalizer(*q_params) - log_norm
    for tp, tq, g in zip(p_params, q_params, grads):
        result = result - sum_rightmost((tq - tp) * g, len(q.event_shape))
    return result


@register_kl(Gumbel, Gumbel)
def _kl_gumbel_gumbel(p, q):
    ratio, q_loc, p_loc = p.scale / q.scale, q.loc / q.scale, p.loc / q.scale
    return (-ratio.log() - q_loc + p_loc + ratio * EULER + (q_loc + (1 + ratio).lgamma() - p_loc).exp()
            - (1 + EULER))


@register_kl(Geometric, Geometric)
def _kl_geometric_geometric(p, q):
    return -p.entropy() - (-q.probs).log1p() / p.probs - q.logits


@register_kl(HalfNormal, HalfNormal)
def _kl_halfnormal_halfnormal(p, q):
    return _kl_normal_normal(p.base_dist, q.base_dist)


@register_kl(Pareto, Pareto)
def _kl_pareto_pareto(p, q):
    """alpha_q log(s_p / s_q) - log(alpha_q / alpha_p) + alpha_q / alpha_p - 1; infinite if p reaches below q."""
    alpha_ratio = q.alpha / p.alpha
    result = q.alpha * (p.scale / q.scale).log() - alpha_ratio.log() + alpha_ratio - 1
    return _inf_where(p.support.lower_bound < q.support.lower_bound, result)


@register_kl(Poisson, Poisson)
def _kl_poisson_poisson(p, q):
    return p.rate * (p.rate.log() - q.rate.log()) - (p.rate - q.rate)


@register_kl(TransformedDistribution, TransformedDistribution)
def _kl_transformed_transformed(p, q):
    if p.transforms != q.transforms or p.event_shape != q.event_shape:
        raise NotImplementedError
    return kl_divergence(p.base_dist, q.base_dist)


@register_kl(Cauchy, Cauchy)
def _kl_cauchy_cauchy(p, q):
    return ((p.scale + q.scale).pow(2) + (p.loc - q.loc).pow(2)).log() - (4 * p.scale * q.scale).log()


def _trace_xxt(x):
    return x.pow(2).sum((-2, -1))  # tr(X X^T)


def _check_event_shapes(p, q, kind):
    if p.event_shape != q.event_shape:
        raise ValueError("KL-divergence between two %s with                          different event shapes cannot be "
                         "computed" % kind)


def _lowrank_q_terms(p, q):
    """For a low-rank q: its log det, the Mahalanobis term of the mean gap, and A = Lc^-1 W^T D^-1."""
    from ..linalg import solve_triangular
    W, D, L = q._unbroadcasted_cov_factor, q._unbroadcasted_cov_diag, q._capacitance_tril
    A = solve_triangular(L, W.mT / D.unsqueeze(-2), upper=False)
    return _lowrank_logdet(D, L), _lowrank_mahalanobis(W, D, q.loc - p.loc, L), A


@register_kl(LowRankMultivariateNormal, LowRankMultivariateNormal)
def _kl_lowrank_lowrank(p, q):
    _check_event_shapes(p, q, "Low Rank Multivariate Normals")
    log_det_q, mahalanobis, A = _lowrank_q_terms(p, q)
    Wp, Dp, Dq = p._unbroadcasted_cov_factor, p._unbroadcasted_cov_diag, q._unbroadcasted_cov_diag
    trace = ((Dp / Dq).sum(-1) + _trace_xxt(Wp * Dq.rsqrt().unsqueeze(-1)) - _trace_xxt(A * Dp.sqrt().unsqueeze(-2))
             - _trace_xxt(A @ Wp))  # tr(Sigma_q^-1 Sigma_p) by Woodbury
    log_det_p = _lowrank_logdet(Dp, p._capacitance_tril)
    return 0.5 * (log_det_q - log_det_p + trace + mahalanobis - p.event_shape[0])


@register_kl(MultivariateNormal, LowRankMultivariateNormal)
def _kl_mvn_lowrank(p, q):
    _check_event_shapes(p, q, "(Low Rank) Multivariate Normals")
    log_det_q, mahalanobis, A = _lowrank_q_terms(p, q)
    Lp, Dq = p._unbroadcasted_scale_tril, q._unbroadcasted_cov_diag
    trace = _trace_xxt(Lp * Dq.rsqrt().unsqueeze(-1)) - _trace_xxt(A @ Lp)
    return 0.5 * (log_det_q - 2 * _half_log_det(Lp) + trace + mahalanobis - p.event_shape[0])


@register_kl(LowRankMultivariateNormal, MultivariateNormal)
def _kl_lowrank_mvn(p, q):
    from ..linalg import solve_triangular
    _check_event_shapes(p, q, "(Low Rank) Multivariate Normals")
    Lq, W, D = q._unbroadcasted_scale_tril, p._unbroadcasted_cov_factor, p._unbroadcasted_cov_diag
    n = p.event_shape[0]
    batch = tuple(_batch_shape(Lq.shape[:-2], W.shape[:-2]))
    Lq = Lq.expand(batch + (n, n))
    trace = (_trace_xxt(solve_triangular(Lq, W.expand(batch + tuple(W.shape[-2:])), upper=False))
             + _trace_xxt(solve_triangular(Lq, D.sqrt().diag_embed().expand(batch + (n, n)), upper=False)))
    log_det = 2 * _half_log_det(Lq) - _lowrank_logdet(D, p._capacitance_tril)
    return 0.5 * (log_det + trace + _mahalanobis(q._unbroadcasted_scale_tril, q.loc - p.loc) - n)


# --- pairs of different families (torch's closed forms; infinite where p puts mass outside q's support) ---------
def _infinite_like(t):
    from .. import full_like
    return full_like(t, float("inf"))


def _x_log_x(t):
    return t * t.log()


def _infinite(param):
    return lambda p, q: _infinite_like(getattr(p, param))


for _p, _q, _param in [(Beta, Pareto, "concentration1"), (ContinuousBernoulli, Pareto, "probs"),
                       (Exponential, ContinuousBernoulli, "rate"), (Exponential, Pareto, "rate"),
                       (Gamma, ContinuousBernoulli, "concentration"), (Gamma, Pareto, "concentration"),
                       (Gumbel, Beta, "loc"), (Gumbel, ContinuousBernoulli, "loc"), (Gumbel, Exponential, "loc"),
                       (Gumbel, Gamma, "loc"), (Gumbel, Pareto, "loc"), (Gumbel, Uniform, "loc"),
                       (Laplace, ContinuousBernoulli, "loc"), (Laplace, Pareto, "loc"),
                       (Normal, ContinuousBernoulli, "loc"), (Normal, Pareto, "loc"), (Pareto, Beta, "scale"),
                       (Pareto, ContinuousBernoulli, "scale"), (Pareto, Uniform, "scale"), (Poisson, Bernoulli, "rate"),
                       (Poisson, Binomial, "rate"), (Exponential, Beta, "rate"), (Exponential, Uniform, "rate"),
                       (Gamma, Beta, "concentration"), (Gamma, Uniform, "concentration"), (Laplace, Beta, "loc"),
                       (Laplace, Exponential, "loc"), (Laplace, Gamma, "loc"), (Laplace, Uniform, "loc"),
                       (Normal, Beta, "loc"), (Normal, Exponential, "loc"), (Normal, Gamma, "loc"),
                       (Normal, Uniform, "loc")]:
    register_kl(_p, _q)(_infinite(_param))
del _p, _q, _param


@register_kl(Bernoulli, Poisson)
def _kl_bernoulli_poisson(p, q):
    return -p.entropy() - (p.probs * q.rate.log() - q.rate)


def _cross_entropy_continuous_bernoulli(mean, q):
    """-E_p[log q(x)] for a ContinuousBernoulli q, given p's mean."""
    return -mean * q.logits - (-q.probs).log1p() - q._cont_bern_log_norm()


@register_kl(Beta, ContinuousBernoulli)
def _kl_beta_continuous_bernoulli(p, q):
    return -p.entropy() + _cross_entropy_continuous_bernoulli(p.mean, q)


@register_kl(ContinuousBernoulli, Exponential)
def _kl_continuous_bernoulli_exponential(p, q):
    return -p.entropy() - q.rate.log() + q.rate * p.mean


@register_kl(ContinuousBernoulli, Normal)
def _kl_continuous_bernoulli_normal(p, q):
    t2 = 0.5 * (math.log(2.0 * math.pi) + (q.loc / q.scale).pow(2)) + q.scale.log()
    t3 = (p.variance + p.mean.pow(2) - 2.0 * q.loc * p.mean) / (2.0 * q.scale.pow(2))
    return -p.entropy() + t2 + t3


@register_kl(ContinuousBernoulli, Uniform)
def _kl_continuous_bernoulli_uniform(p, q):
    result = -p.entropy() + (q.high - q.low).log()
    return _inf_where((q.low >= p.support.lower_bound) | (q.high <= p.support.upper_bound), result)


@register_kl(Uniform, ContinuousBernoulli)
def _kl_uniform_continuous_bernoulli(p, q):
    result = -p.entropy() + _cross_entropy_continuous_bernoulli(p.mean, q)
    return _inf_where((p.high >= q.support.upper_bound) | (p.low <= q.support.lower_bound), result)


@register_kl(Exponential, Gumbel)
def _kl_exponential_gumbel(p, q):
    product, ratio = p.rate * q.scale, q.loc / q.scale
    return product.log() - 1 - ratio + ratio.exp() * product / (product + 1) + product.reciprocal()


@register_kl(Gamma, Gumbel)
def _kl_gamma_gumbel(p, q):
    c, product, ratio = p.concentration, p.rate * q.scale, q.loc / q.scale
    t1 = (c - 1) * c.digamma() - c.lgamma() - c
    t2 = product.log() + c / product
    return t1 + t2 + ratio.exp() * (1 + product.reciprocal()).pow(-c) - ratio


@register_kl(Gumbel, Normal)
def _kl_gumbel_normal(p, q):
    ratio = p.scale / q.scale
    t1 = (ratio / math.sqrt(2 * math.pi)).log()
    t2 = (math.pi * ratio * 0.5).pow(2) / 3
    t3 = ((p.loc + p.scale * EULER - q.loc) / q.scale).pow(2) * 0.5
    return -t1 + t2 + t3 - (EULER + 1)


@register_kl(Normal, Gumbel)
def _kl_normal_gumbel(p, q):
    mean_ratio, var_ratio, loc_ratio = p.loc / q.scale, (p.scale / q.scale).pow(2), q.loc / q.scale
    return (-0.5 * var_ratio.log() + mean_ratio - loc_ratio + (-mean_ratio + 0.5 * var_ratio + loc_ratio).exp()
            - 0.5 * (1 + math.log(2 * math.pi)))


@register_kl(Pareto, Exponential)
def _kl_pareto_exponential(p, q):
    product = p.scale * q.rate
    result = (p.alpha / product).log() - p.alpha.reciprocal() + p.alpha * product / (p.alpha - 1) - 1
    return _inf_where(p.alpha <= 1, result)


@register_kl(Pareto, Gamma)
def _kl_pareto_gamma(p, q):
    common = p.scale.log() + p.alpha.reciprocal()
    result = (p.alpha.log() - common + q.concentration.lgamma() - q.concentration * q.rate.log()
              + (1 - q.concentration) * common + q.rate * p.alpha * p.scale / (p.alpha - 1) - 1)
    return _inf_where(p.alpha <= 1, result)


@register_kl(Pareto, Normal)
def _kl_pareto_normal(p, q):
    common = p.scale / (p.alpha - 1)
    t1 = (math.sqrt(2 * math.pi) * q.scale * p.alpha / p.scale).log()
    t3 = p.alpha * common.pow(2) / (p.alpha - 2)
    t4 = (p.alpha * common - q.loc).pow(2)
    return _inf_where(p.alpha <= 2, t1 - p.alpha.reciprocal() + (t3 + t4) / (2 * q.scale.pow(2)) - 1)


@register_kl(Uniform, Gumbel)
def _kl_uniform_gumbel(p, q):
    common = q.scale / (p.high - p.low)
    high, low = (p.high - q.loc) / q.scale, (p.low - q.loc) / q.scale
    return common.log() + 0.5 * (high + low) - common * ((-high).exp() - (-low).exp())


@register_kl(Uniform, Pareto)
def _kl_uniform_pareto(p, q):
    width = p.high - p.low
    t1 = (q.alpha * q.scale.pow(q.alpha) * width).log()
    t2 = (_x_log_x(p.high) - _x_log_x(p.low) - width) / width
    return _inf_where(p.low < q.support.lower_bound, t2 * (q.alpha + 1) - t1)


@register_kl(Beta, Exponential)
def _kl_beta_exponential(p, q):
    return -p.entropy() - q.rate.log() + q.rate * p.mean


@register_kl(Beta, Gamma)
def _kl_beta_gamma(p, q):
    a, total = p.concentration1, p.concentration1 + p.concentration0  # E[log x] = psi(a) - psi(a + b)
    return (-p.entropy() + q.concentration.lgamma() - q.concentration * q.rate.log()
            - (q.concentration - 1) * (a.digamma() - total.digamma()) + q.rate * a / total)


def _normal_cross_entropy(mean, second_moment, q):
    """-E_p[log q(x)] for a Normal q, from p's first two moments."""
    var = q.scale.pow(2)
    return 0.5 * (var * 2 * math.pi).log() + (0.5 * second_moment - q.loc * mean + 0.5 * q.loc.pow(2)) / var


@register_kl(Beta, Normal)
def _kl_beta_normal(p, q):
    mean = p.mean
    second = mean * (1 - mean) / (p.concentration1 + p.concentration0 + 1) + mean.pow(2)
    return -p.entropy() + _normal_cross_entropy(mean, second, q)


@register_kl(Beta, Uniform)
def _kl_beta_uniform(p, q):
    result = -p.entropy() + (q.high - q.low).log()
    return _inf_where((q.low > p.support.lower_bound) | (q.high < p.support.upper_bound), result)


@register_kl(Exponential, Gamma)
def _kl_exponential_gamma(p, q):
    ratio = q.rate / p.rate
    return (-q.concentration * ratio.log() + ratio + q.concentration.lgamma() + q.concentration * EULER
            - (1 + EULER))


@register_kl(Exponential, Normal)
def _kl_exponential_normal(p, q):
    var, rate_sq = q.scale.pow(2), p.rate.pow(2)
    return (0.5 * (rate_sq * var * 2 * math.pi).log() - 1
            + (rate_sq.reciprocal() - q.loc / p.rate + q.loc.pow(2) * 0.5) / var)


@register_kl(Gamma, Exponential)
def _kl_gamma_exponential(p, q):
    return -p.entropy() - q.rate.log() + q.rate * p.concentration / p.rate


@register_kl(Gamma, Normal)
def _kl_gamma_normal(p, q):
    c, var, rate_sq = p.concentration, q.scale.pow(2), p.rate.pow(2)
    t1 = 0.5 * (rate_sq * var * 2 * math.pi).log() - c - c.lgamma()
    return (t1 + (c - 1) * c.digamma()
            + (0.5 * (c.pow(2) + c) / rate_sq - q.loc * c / p.rate + 0.5 * q.loc.pow(2)) / var)


@register_kl(Laplace, Normal)
def _kl_laplace_normal(p, q):
    var = q.scale.pow(2)
    ratio = p.scale.pow(2) / var
    return (-0.5 * (2 * ratio / math.pi).log() + ratio
            + (0.5 * p.loc.pow(2) - p.loc * q.loc + 0.5 * q.loc.pow(2)) / var - 1)


@register_kl(Normal, Laplace)
def _kl_normal_laplace(p, q):
    from .. import erf
    gap = p.loc - q.loc
    t2 = math.sqrt(2 / math.pi) * p.scale * (-0.5 * (gap / p.scale).pow(2)).exp()
    t3 = gap * erf(math.sqrt(0.5) * gap / p.scale)
    return -(p.scale / q.scale).log() + (t2 + t3) / q.scale - 0.5 * (1 + math.log(0.5 * math.pi))


def _uniform_mean_log(p, shift=0.0, sign=1.0):
    """E_p[log(shift + sign x)] for a Uniform p, by the antiderivative t log t - t."""
    width = p.high - p.low
    hi, lo = shift + sign * p.high, shift + sign * p.low
    return sign * (_x_log_x(hi) - _x_log_x(lo) - (hi - lo)) / width


@register_kl(Uniform, Beta)
def _kl_uniform_beta(p, q):
    a, b = q.concentration1, q.concentration0
    result = (-(p.high - p.low).log() - (a - 1) * _uniform_mean_log(p) - (b - 1) * _uniform_mean_log(p, 1.0, -1.0)
              + q._log_normalizer(a, b))
    return _inf_where((p.high > q.support.upper_bound) | (p.low < q.support.lower_bound), result)


@register_kl(Uniform, Exponential)
def _kl_uniform_exponential(p, q):
    result = q.rate * (p.high + p.low) / 2 - ((p.high - p.low) * q.rate).log()
    return _inf_where(p.low < q.support.lower_bound, result)


@register_kl(Uniform, Gamma)
def _kl_uniform_gamma(p, q):
    c = q.concentration
    result = (-(p.high - p.low).log() + c.lgamma() - c * q.rate.log() - (c - 1) * _uniform_mean_log(p)
              + q.rate * (p.high + p.low) / 2)
    return _inf_where(p.low < q.support.lower_bound, result)


@register_kl(Uniform, Normal)
def _kl_uniform_normal(p, q):
    width = p.high - p.low
    return ((math.sqrt(math.pi * 2) * q.scale / width).log()
            + 0.5 * (width.pow(2) / 12 + ((p.high + p.low - 2 * q.loc) / 2).pow(2)) / q.scale.pow(2))
