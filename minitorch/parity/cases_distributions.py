"""Parity cases for torch.distributions: log_prob, entropy and KL divergences with every parameter's gradient,
and the ValueErrors of argument validation. (tests/test_distributions.py covers samples, shapes and messages.)"""
import numpy as np

from .helpers import grads_of, leaf, values
from .registry import case


def _normal(lib, rng, dtype):
    loc, scale = leaf(lib, rng.standard_normal((3, 4)), dtype), leaf(lib, rng.uniform(0.5, 2, (3, 1)), dtype)
    return lib.distributions.Normal(loc, scale), [loc, scale]


def _uniform(lib, rng, dtype):
    low, width = leaf(lib, rng.uniform(-2, -0.1, (3, 4)), dtype), leaf(lib, rng.uniform(2.2, 3, (4,)), dtype)
    return lib.distributions.Uniform(low, low + width), [low, width]


def _bernoulli(lib, rng, dtype):
    logits = leaf(lib, rng.standard_normal((3, 4)) * 3, dtype)
    return lib.distributions.Bernoulli(logits=logits), [logits]


def _categorical(lib, rng, dtype):
    probs = leaf(lib, rng.uniform(0.1, 1, (3, 5)), dtype)
    return lib.distributions.Categorical(probs=probs), [probs]


def _exponential(lib, rng, dtype):
    rate = leaf(lib, rng.uniform(0.3, 3, (3, 4)), dtype)
    return lib.distributions.Exponential(rate), [rate]


def _laplace(lib, rng, dtype):
    loc, scale = leaf(lib, rng.standard_normal((3, 4)), dtype), leaf(lib, rng.uniform(0.5, 2, (4,)), dtype)
    return lib.distributions.Laplace(loc, scale), [loc, scale]


def _gamma(lib, rng, dtype):
    conc, rate = leaf(lib, rng.uniform(0.5, 4, (3, 4)), dtype), leaf(lib, rng.uniform(0.3, 3, (3, 4)), dtype)
    return lib.distributions.Gamma(conc, rate), [conc, rate]


def _beta(lib, rng, dtype):
    a, b = leaf(lib, rng.uniform(0.5, 4, (3, 4)), dtype), leaf(lib, rng.uniform(0.5, 4, (3, 4)), dtype)
    return lib.distributions.Beta(a, b), [a, b]


def _mvn(lib, rng, dtype):
    a = rng.standard_normal((2, 3, 3))
    loc = leaf(lib, rng.standard_normal((2, 3)), dtype)
    tril = leaf(lib, np.linalg.cholesky(a @ a.mT + np.eye(3)), dtype)
    return lib.distributions.MultivariateNormal(loc, scale_tril=tril), [loc, tril]


def _independent(lib, rng, dtype):
    dist, params = _normal(lib, rng, dtype)
    return lib.distributions.Independent(dist, 1), params


def _one_hot(lib, rng, dtype):
    logits = leaf(lib, rng.standard_normal((3, 5)), dtype)
    return lib.distributions.OneHotCategorical(logits=logits), [logits]


VALUES = {
    "normal": (_normal, lambda lib, rng, dtype: values(lib, rng.standard_normal((2, 3, 4)), dtype)),
    "uniform": (_uniform, lambda lib, rng, dtype: values(lib, rng.uniform(-0.1, 0.2, (2, 3, 4)), dtype)),
    "bernoulli": (_bernoulli, lambda lib, rng, dtype: values(lib, rng.random((2, 3, 4)) < 0.5, dtype)),
    "categorical": (_categorical, lambda lib, rng, dtype: lib.tensor(rng.integers(0, 5, (2, 3)))),
    "exponential": (_exponential, lambda lib, rng, dtype: values(lib, rng.uniform(0, 4, (2, 3, 4)), dtype)),
    "laplace": (_laplace, lambda lib, rng, dtype: values(lib, rng.standard_normal((2, 3, 4)), dtype)),
    "gamma": (_gamma, lambda lib, rng, dtype: values(lib, rng.uniform(0.1, 4, (2, 3, 4)), dtype)),
    "beta": (_beta, lambda lib, rng, dtype: values(lib, rng.uniform(0.02, 0.98, (2, 3, 4)), dtype)),
    "mvn": (_mvn, lambda lib, rng, dtype: values(lib, rng.standard_normal((4, 2, 3)), dtype)),
    "independent": (_independent, lambda lib, rng, dtype: values(lib, rng.standard_normal((2, 3, 4)), dtype)),
    "one_hot_categorical": (_one_hot, lambda lib, rng, dtype: values(lib, np.eye(5)[rng.integers(0, 5, (2, 3))],
                                                                       dtype)),
}
TRIGAMMA = {"gamma", "beta"}  # entropy gradients use trigamma, which torch's float64 kernel gets to ~1e-9 only
NO_KL = {"laplace", "gamma", "beta", "one_hot_categorical"}  # torch has these KLs; minitorch does not yet


def _register(family, make, draw):
    @case("distributions.%s.log_prob" % family)
    def log_prob(lib, rng, dtype):
        dist, params = make(lib, rng, dtype)
        return grads_of(lib, rng, dist.log_prob(draw(lib, rng, dtype)), params)

    def entropy(lib, rng, dtype):
        dist, params = make(lib, rng, dtype)
        return grads_of(lib, rng, dist.entropy(), params)
    float64_tol = (1e-7, 1e-9) if family in TRIGAMMA else None
    case("distributions.%s.entropy" % family, dtypes=("float64",), tol=float64_tol)(entropy)
    case("distributions.%s.entropy" % family, dtypes=("float32",))(entropy)

    if family in NO_KL:
        return

    @case("distributions.%s.kl" % family)
    def kl(lib, rng, dtype):
        p, p_params = make(lib, rng, dtype)
        q, q_params = make(lib, rng, dtype)
        return grads_of(lib, rng, lib.distributions.kl_divergence(p, q), p_params + q_params)


for _family, (_make, _draw) in VALUES.items():
    _register(_family, _make, _draw)

INVALID = {
    "normal_scale": lambda D, lib: D.Normal(lib.zeros(2), -lib.ones(2)),
    "uniform_order": lambda D, lib: D.Uniform(lib.ones(2), lib.zeros(2)),
    "bernoulli_probs": lambda D, lib: D.Bernoulli(lib.tensor([1.5])),
    "categorical_simplex": lambda D, lib: D.Categorical(lib.tensor([0.5, -0.1])),
    "log_prob_support": lambda D, lib: D.Categorical(lib.ones(3)).log_prob(lib.tensor([3])),
    "kl_unregistered": lambda D, lib: D.kl_divergence(D.Normal(0.0, 1.0), D.Categorical(lib.ones(2))),
}
for _name, _call in INVALID.items():
    case("distributions.error.%s" % _name, dtypes=None, raises=True)(
        lambda lib, rng, dtype, call=_call: {"out": call(lib.distributions, lib)})
