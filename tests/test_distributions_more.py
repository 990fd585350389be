"""Exponential, Laplace, Gamma, Beta, Independent and their KL rules against real torch: values and every
parameter's gradient (float64 tight, float32 at torch tolerances), samples by shape, dtype and statistics, and
validation errors by class and message."""
import numpy as np
import pytest

import minitorch
from distribution_helpers import (TOL, _built, _compare, _expand_facts, _gradchecks, _kl, _query_build,
                                  _raises_like_torch, _sample_facts)
from test_distributions import CLASSES, LOC, LOGITS, SCALE, WEIGHTS, X

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(23)
RATE = RNG.uniform(0.3, 3.0, (3, 4))
POS = RNG.uniform(0.1, 4.0, (2, 3, 4))
CONC = RNG.uniform(0.5, 4.0, (3, 4))
CONC0 = RNG.uniform(0.5, 4.0, (3, 4))
UNIT = RNG.uniform(0.02, 0.98, (2, 3, 4))
_A = RNG.standard_normal((2, 3, 3))
COV = _A @ _A.transpose(0, 2, 1) + np.eye(3)
TRIL = np.linalg.cholesky(COV)
MU = RNG.standard_normal((2, 3))
VEC = RNG.standard_normal((4, 2, 3))


def _exponential(lib, p):
    rate = p(RATE)
    return lib.distributions.Exponential(rate), [rate]


def _laplace(lib, p):
    loc, scale = p(LOC), p(SCALE)
    return lib.distributions.Laplace(loc, scale), [loc, scale]


def _gamma(lib, p):
    conc, rate = p(CONC), p(RATE)
    return lib.distributions.Gamma(conc, rate), [conc, rate]


def _beta(lib, p):
    a, b = p(CONC), p(CONC0)
    return lib.distributions.Beta(a, b), [a, b]


def _beta_small(lib, p):  # concentrations below 1: the mode is an endpoint
    a, b = p(CONC / 8), p(CONC0 / 8)
    return lib.distributions.Beta(a, b), [a, b]


def _independent(lib, p):
    loc, scale = p(LOC), p(SCALE)
    return lib.distributions.Independent(lib.distributions.Laplace(loc, scale), 1), [loc, scale]


def _independent2(lib, p):
    rate = p(RATE)
    return lib.distributions.Independent(lib.distributions.Exponential(rate), 2), [rate]


def _mvn(kind, loc=MU, matrix=None):
    def make(lib, p):
        mu = p(loc)
        m = p((TRIL if kind == "scale_tril" else COV) if matrix is None else matrix)
        return lib.distributions.MultivariateNormal(mu, **{kind: m}), [mu, m]
    return make


def _one_hot_probs(lib, p):
    probs = p(WEIGHTS)
    return lib.distributions.OneHotCategorical(probs=probs), [probs]


def _one_hot_logits(lib, p):
    logits = p(LOGITS)
    return lib.distributions.OneHotCategorical(logits=logits), [logits]


FAMILIES = {"one_hot_probs": (_one_hot_probs, np.eye(5)[CLASSES]),
            "one_hot_logits": (_one_hot_logits, np.eye(5)[CLASSES]),
            "mvn_cov": (_mvn("covariance_matrix"), VEC), "mvn_precision": (_mvn("precision_matrix"), VEC),
            "mvn_tril": (_mvn("scale_tril"), VEC), "mvn_broadcast_loc": (_mvn("scale_tril", MU[:1]), VEC),
            "mvn_shared_matrix": (_mvn("covariance_matrix", MU, COV[0]), VEC),
            "exponential": (_exponential, POS), "laplace": (_laplace, X), "gamma": (_gamma, POS),
            "beta": (_beta, UNIT), "beta_small": (_beta_small, UNIT), "independent": (_independent, X),
            "independent2": (_independent2, POS)}
QUERIES = {
    "log_prob": lambda d, p, v: d.log_prob(p(v, False)),
    "log_prob_broadcast": lambda d, p, v: d.log_prob(p(v[:, :1], False)),
    "entropy": lambda d, p, v: d.entropy(),
    "mean": lambda d, p, v: d.mean,
    "variance": lambda d, p, v: d.variance,
    "stddev": lambda d, p, v: d.stddev,
    "mode": lambda d, p, v: d.mode,
}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("query", sorted(QUERIES))
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_matches_torch(family, query, dtype, monkeypatch):
    make, value = FAMILIES[family]
    if query == "entropy" and family.startswith(("gamma", "beta")):  # torch's float64 trigamma is off by ~1e-9
        monkeypatch.setitem(TOL, "float64", dict(rtol=1e-7, atol=1e-9))
    _compare(_query_build(make, lambda lib, d, p: QUERIES[query](d, p, value)), dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", ["exponential", "laplace"])
def test_cdf_matches_torch(family, dtype):
    make, value = FAMILIES[family]
    _compare(_query_build(make, lambda lib, d, p: d.cdf(p(value, False))), dtype)


def _exponential_q(lib, p):
    rate = p(RATE[::-1].copy())
    return lib.distributions.Exponential(rate), [rate]


def _independent_q(lib, p):
    loc, scale = p(LOC[::-1].copy()), p(SCALE[:, ::-1].copy())
    return lib.distributions.Independent(lib.distributions.Normal(loc, scale), 2), [loc, scale]


def _independent_p(lib, p):
    loc, scale = p(LOC), p(SCALE)
    return lib.distributions.Independent(lib.distributions.Normal(loc, scale), 2), [loc, scale]


KL = {"mvn": _kl(_mvn("scale_tril"), _mvn("covariance_matrix", MU[::-1].copy(), COV[::-1].copy())),
      "mvn_broadcast": _kl(_mvn("precision_matrix", MU[:1], COV[0]), _mvn("scale_tril")),
      "exponential": _kl(_exponential, _exponential_q), "independent": _kl(_independent_p, _independent_q),
      "independent_exponential": _kl(_independent2, lambda lib, p: (lib.distributions.Independent(
          _exponential_q(lib, p)[0], 2), []))}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("pair", sorted(KL))
def test_kl_divergence_matches_torch(pair, dtype):
    _compare(KL[pair], dtype)


def test_kl_independent_ndims_mismatch_raises_like_torch():
    for lib in (torch, minitorch):
        D = lib.distributions
        with pytest.raises(NotImplementedError):
            D.kl_divergence(D.Independent(D.Normal(lib.zeros(2, 3), 1.0), 1),
                            D.Independent(D.Normal(lib.zeros(2, 3), 1.0), 2))


# --- samples ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_sample_shape_and_dtype_match_torch(family, dtype):
    make, _ = FAMILIES[family]
    got = []
    for lib in (torch, minitorch):
        got.append(_sample_facts(_built(make, lib, dtype, grad=True))[1])
    assert got[1] == got[0]


def test_sample_statistics():
    minitorch.manual_seed(0)
    D, n = minitorch.distributions, 200000
    e = D.Exponential(minitorch.tensor([0.5, 4.0])).sample((n,)).numpy()
    assert e.min() >= 0 and np.allclose(e.mean(0), [2.0, 0.25], rtol=0.02) and np.allclose(e.var(0), [4, 1 / 16],
                                                                                             rtol=0.05)
    la = D.Laplace(minitorch.tensor(1.0), minitorch.tensor(2.0)).sample((n,)).numpy()
    assert abs(la.mean() - 1) < 0.03 and abs(la.var() / 8 - 1) < 0.03
    g = D.Gamma(minitorch.tensor([0.5, 3.0]), minitorch.tensor([2.0, 1.0])).sample((n,)).numpy()
    assert g.min() > 0 and np.allclose(g.mean(0), [0.25, 3.0], rtol=0.02) and np.allclose(g.var(0), [0.125, 3],
                                                                                            rtol=0.05)
    b = D.Beta(minitorch.tensor(2.0), minitorch.tensor(5.0)).sample((n,)).numpy()
    assert 0 <= b.min() and b.max() <= 1 and abs(b.mean() - 2 / 7) < 0.005 and abs(b.var() / (10 / 392) - 1) < 0.03


def test_mvn_matrices_and_sample_statistics_match_torch():
    for kind in ("covariance_matrix", "precision_matrix", "scale_tril"):
        got = []
        for lib in (torch, minitorch):
            d = _built(_mvn(kind, MU[:1]), lib)
            got.append([d.covariance_matrix.numpy(), d.precision_matrix.numpy(), d.scale_tril.numpy()])
        for a, b in zip(*got):
            np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12)
    minitorch.manual_seed(0)
    d = minitorch.distributions.MultivariateNormal(minitorch.tensor(MU[0]), minitorch.tensor(COV[0]))
    s = d.sample((200000,)).numpy()
    assert np.allclose(s.mean(0), MU[0], atol=0.03) and np.allclose(np.cov(s.T), COV[0], rtol=0.03, atol=0.03)


def test_one_hot_categorical_samples_and_support_match_torch():
    minitorch.manual_seed(0)
    n = 100000
    s = minitorch.distributions.OneHotCategorical(minitorch.tensor([0.1, 0.2, 0.7])).sample((n,)).numpy()
    assert s.dtype == np.float32 and set(np.unique(s)) <= {0.0, 1.0} and np.all(s.sum(-1) == 1)
    assert np.allclose(s.mean(0), [0.1, 0.2, 0.7], atol=0.01)
    for expand in (True, False):
        got = []
        for lib in (torch, minitorch):
            e = lib.distributions.OneHotCategorical(lib.ones(2, 3)).enumerate_support(expand)
            got.append((tuple(e.shape), str(e.dtype), e.numpy().tolist()))
        assert got[1] == got[0]


def test_mvn_rsample_is_reparameterised():
    """rsample = loc + L eps: d/dloc of the sum is the count, d/dL[i, j] is the sum of eps_j."""
    loc = minitorch.tensor(MU[0], requires_grad=True)
    L = minitorch.tensor(TRIL[0], requires_grad=True)
    s = minitorch.distributions.MultivariateNormal(loc, scale_tril=L).rsample((6,))
    g_loc, g_L = minitorch.autograd.grad(s.sum(), [loc, L])
    eps = np.linalg.solve(TRIL[0], (s.detach().numpy() - MU[0]).T).T
    np.testing.assert_allclose(g_loc.numpy(), np.full(3, 6.0))
    np.testing.assert_allclose(g_L.numpy(), np.tile(eps.sum(0), (3, 1)), rtol=1e-9)


@pytest.mark.parametrize("family", ["exponential", "laplace"])
def test_rsample_is_reparameterised(family):
    """rsample = eps / rate (Exponential), loc + scale * eps (Laplace): gradients are eps's functions."""
    D = minitorch.distributions
    a = minitorch.tensor(RATE[0], requires_grad=True)
    if family == "exponential":
        s = D.Exponential(a).rsample((7,))
        (g,) = minitorch.autograd.grad(s.sum(), [a])
        np.testing.assert_allclose(g.numpy(), -(s.detach().numpy() / RATE[0] ** 2 * RATE[0]).sum(0), rtol=1e-10)
    else:
        b = minitorch.tensor(SCALE[0], requires_grad=True)
        s = D.Laplace(a, b).rsample((7,))
        ga, gb = minitorch.autograd.grad(s.sum(), [a, b])
        np.testing.assert_allclose(ga.numpy(), np.full(4, 7.0))
        np.testing.assert_allclose(gb.numpy(), ((s.detach().numpy() - RATE[0]) / SCALE[0]).sum(0), rtol=1e-10)
    assert tuple(s.shape) == (7, 4)


def _describe(lib):
    D = lib.distributions
    dists = [D.Exponential(1.0), D.Exponential(lib.ones(3)), D.Laplace(0.0, lib.ones(2, 1)), D.Gamma(2.0, 1.0),
             D.Gamma(lib.ones(2), 1.0), D.Beta(2.0, lib.ones(3)), D.Beta(1.0, 1.0),
             D.Independent(D.Normal(lib.zeros(2, 3), 1.0), 1), D.Independent(D.Normal(lib.zeros(2, 3), 1.0), 0),
             D.Independent(D.Independent(D.Normal(lib.zeros(4, 2, 3), 1.0), 1), 1), D.Exponential(lib.ones(0)),
             D.MultivariateNormal(lib.zeros(3), lib.eye(3)), D.MultivariateNormal(lib.zeros(2, 1, 3), lib.eye(3) * 2),
             D.MultivariateNormal(lib.zeros(3), scale_tril=lib.eye(3).expand(4, 3, 3)),
             D.Independent(D.MultivariateNormal(lib.zeros(2, 3), precision_matrix=lib.eye(3)), 1),
             D.OneHotCategorical(lib.ones(4)), D.OneHotCategorical(logits=lib.zeros(2, 3))]
    return _expand_facts(dists)


def test_shapes_scalars_and_expand_match_torch():
    assert _describe(minitorch) == _describe(torch)


# --- validation ------------------------------------------------------------------------------------------------
INVALID = {
    "exponential_rate": "D.Exponential(lib.tensor([1.0, -1.0]))",
    "exponential_rate_zero": "D.Exponential(0.0)",
    "exponential_value": "D.Exponential(1.0).log_prob(lib.tensor([-0.5]))",
    "exponential_not_number": "D.Exponential('a')",
    "laplace_scale": "D.Laplace(0.0, lib.tensor([-1.0]))",
    "laplace_value_nan": "D.Laplace(0.0, 1.0).log_prob(lib.tensor(float('nan')))",
    "gamma_concentration": "D.Gamma(lib.tensor([0.0]), 1.0)",
    "gamma_rate": "D.Gamma(1.0, lib.tensor([-2.0]))",
    "gamma_value": "D.Gamma(1.0, 1.0).log_prob(lib.tensor([-1.0]))",
    "beta_value": "D.Beta(1.0, 1.0).log_prob(lib.tensor([1.5]))",
    "mvn_loc_0d": "D.MultivariateNormal(lib.tensor(0.0), lib.eye(1))",
    "mvn_none": "D.MultivariateNormal(lib.zeros(2))",
    "mvn_two": "D.MultivariateNormal(lib.zeros(2), lib.eye(2), scale_tril=lib.eye(2))",
    "mvn_cov_1d": "D.MultivariateNormal(lib.zeros(2), lib.ones(2))",
    "mvn_tril_1d": "D.MultivariateNormal(lib.zeros(2), scale_tril=lib.ones(2))",
    "mvn_cov_not_pd": "D.MultivariateNormal(lib.zeros(2), lib.tensor([[1.0, 2.0], [2.0, 1.0]]))",
    "mvn_cov_not_symmetric": "D.MultivariateNormal(lib.zeros(2), lib.tensor([[1.0, 0.5], [0.0, 1.0]]))",
    "mvn_tril_upper": "D.MultivariateNormal(lib.zeros(2), scale_tril=lib.tensor([[1.0, 0.5], [0.0, 1.0]]))",
    "mvn_tril_diagonal": "D.MultivariateNormal(lib.zeros(2), scale_tril=lib.tensor([[1.0, 0.0], [0.5, -1.0]]))",
    "mvn_value_shape": "D.MultivariateNormal(lib.zeros(2), lib.eye(2)).log_prob(lib.zeros(3))",
    "mvn_kl_event": "D.kl_divergence(D.MultivariateNormal(lib.zeros(2), lib.eye(2)), "
                    "D.MultivariateNormal(lib.zeros(3), lib.eye(3)))",
    "one_hot_both": "D.OneHotCategorical(lib.ones(3), lib.ones(3))",
    "one_hot_negative": "D.OneHotCategorical(lib.tensor([0.5, -0.1, 0.6]))",
    "one_hot_value_two_hot": "D.OneHotCategorical(lib.ones(3)).log_prob(lib.tensor([1.0, 1.0, 0.0]))",
    "one_hot_value_fraction": "D.OneHotCategorical(lib.ones(3)).log_prob(lib.tensor([0.5, 0.5, 0.0]))",
    "one_hot_value_shape": "D.OneHotCategorical(lib.ones(3)).log_prob(lib.tensor([1.0, 0.0]))",
    "independent_ndims": "D.Independent(D.Normal(lib.zeros(3), 1.0), 2)",
    "independent_value_shape": "D.Independent(D.Normal(lib.zeros(2, 3), 1.0), 1).log_prob(lib.zeros(2))",
    "independent_value_nan": "D.Independent(D.Normal(lib.zeros(3), 1.0), 1).log_prob("
                             "lib.tensor([0.0, float('nan'), 0.0]))",
}
MESSAGE_DIFFERS = {"beta_value",  # torch checks the value through its internal Dirichlet
                   "mvn_kl_event"}  # torch's message has a run of stray spaces


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_arguments_and_values_raise_like_torch(name):
    _raises_like_torch(INVALID[name], same_message=name not in MESSAGE_DIFFERS)


def test_beta_concentration_raises_value_error():
    for lib in (torch, minitorch):
        with pytest.raises(ValueError):
            lib.distributions.Beta(lib.tensor([-1.0]), 1.0)


def _mvn_free(kind):
    """An MVN of unconstrained matrix entries: symmetrised (covariance, precision) or lower triangle (scale_tril)."""
    def make(lib, p):
        mu, m = p(MU), p(TRIL if kind == "scale_tril" else COV)
        matrix = m.tril() if kind == "scale_tril" else (m + m.mT) / 2
        return lib.distributions.MultivariateNormal(mu, **{kind: matrix}), [mu, m]
    return make


SMOOTH = {
    "exponential_log_prob": (_exponential, lambda d: d.log_prob(minitorch.tensor(POS))),
    "laplace_entropy": (_laplace, lambda d: d.entropy()),
    "gamma_log_prob": (_gamma, lambda d: d.log_prob(minitorch.tensor(POS))),
    "gamma_entropy": (_gamma, lambda d: d.entropy()),
    "beta_log_prob": (_beta, lambda d: d.log_prob(minitorch.tensor(UNIT))),
    "beta_entropy": (_beta, lambda d: d.entropy()),
    "mvn_cov_log_prob": (_mvn_free("covariance_matrix"), lambda d: d.log_prob(minitorch.tensor(VEC))),
    "mvn_tril_log_prob": (_mvn_free("scale_tril"), lambda d: d.log_prob(minitorch.tensor(VEC))),
    "mvn_precision_entropy": (_mvn_free("precision_matrix"), lambda d: d.entropy()),
}


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_gradcheck_first_and_second_order(name):
    _gradchecks(*SMOOTH[name])
