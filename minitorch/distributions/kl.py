"""kl_divergence(p, q) = E_p[log p - log q], dispatched on the pair of types (register_kl adds a rule)."""
from ..nn.functional import softplus
from .bernoulli import Bernoulli
from .categorical import Categorical
from .exponential import Exponential
from .independent import Independent, sum_rightmost
from .multivariate_normal import MultivariateNormal, _batch_shape, _half_log_det, _mahalanobis
from .normal import Normal
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
