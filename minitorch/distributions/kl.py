"""kl_divergence(p, q) = E_p[log p - log q], dispatched on the pair of types (register_kl adds a rule)."""
from ..nn.functional import softplus
from .bernoulli import Bernoulli
from .categorical import Categorical
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
