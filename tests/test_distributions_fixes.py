"""The follow-ups to the distribution families against real torch: the base class's NotImplementedError methods,
icdf/cdf of the older families, reparameterised Gamma/Beta draws (and scalar parameters), the ExponentialFamily
parameterisations with their Bregman entropy and KL, lazily derived parameters keeping their graph, and torch's
import paths (constraints, utils, one_hot_categorical)."""
import importlib
import inspect
import warnings

import numpy as np
import pytest

import minitorch
from distribution_helpers import TOL, _compare, _compare_or_raise, _tensor
from test_distributions import LOC, SCALE, X
from test_distributions_more import CONC, CONC0, POS, RATE, UNIT

torch = pytest.importorskip("torch")
LIBS = (torch, minitorch)
RNG = np.random.default_rng(47)
LOW = RNG.uniform(-2, -0.1, (3, 4))
WIDTH = RNG.uniform(0.5, 3, (3, 4))
PROBS = RNG.uniform(0.05, 0.95, (3, 4))
CONC5 = RNG.uniform(0.5, 3.0, (3, 5))
MATRICES = RNG.standard_normal((2, 4, 4))


# --- the base class ----------------------------------------------------------------------------------------------
def _bare(lib):
    """A user subclass defining only what sampling needs."""
    class Bare(lib.distributions.Distribution):
        arg_constraints = {}

        def sample(self, sample_shape=()):
            return lib.zeros(tuple(sample_shape) + (2,))
    return Bare(lib.Size([2]))


def test_base_class_has_torchs_public_methods():
    public = {name for name in dir(torch.distributions.Distribution) if not name.startswith("__")}
    assert public <= set(dir(minitorch.distributions.Distribution))


@pytest.mark.parametrize("call", ["cdf", "icdf", "enumerate_support", "rsample", "log_prob", "entropy"])
def test_base_methods_raise_not_implemented_like_torch(call):
    for lib in LIBS:
        dist = _bare(lib)
        with pytest.raises(NotImplementedError):
            getattr(dist, call)() if call in ("enumerate_support", "rsample", "entropy") else \
                getattr(dist, call)(lib.zeros(2))


def test_sample_n_warns_and_samples_like_torch():
    got = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            s = _bare(lib).sample_n(3)
        got.append((tuple(s.shape), [(w.category, str(w.message)) for w in caught]))
    assert got[1] == got[0]


# --- icdf / cdf --------------------------------------------------------------------------------------------------
def _family(name, *arrays, grads=None):
    """D.<name>(*params); grads[i] False leaves parameter i out of the gradient check."""
    grads = grads or [True] * len(arrays)

    def make(lib, p):
        params = [p(a, g) for a, g in zip(arrays, grads)]
        return getattr(lib.distributions, name)(*params), [q for q, g in zip(params, grads) if g]
    return make


ICDF = {"normal": _family("Normal", LOC, SCALE), "uniform": _family("Uniform", LOW, LOW + WIDTH),
        "exponential": _family("Exponential", RATE), "laplace": _family("Laplace", LOC, SCALE)}
CDF = {  # torch has no derivative of gammainc in its first argument: concentrations and df stay constant
    "gamma": (_family("Gamma", CONC, RATE, grads=[False, True]), POS),
    "gamma_scalar_rate": (lambda lib, p: (lib.distributions.Gamma(p(CONC, False), 2.0), []), POS),
    "chi2": (_family("Chi2", CONC * 2, grads=[False]), POS),
    "inverse_gamma": (_family("InverseGamma", CONC, RATE, grads=[False, True]), POS)}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", sorted(ICDF))
def test_icdf_and_its_gradients_match_torch(family, dtype):
    def build(lib, p):
        dist, params = ICDF[family](lib, p)
        u = p(UNIT)
        return dist.icdf(u), params + [u]
    _compare(build, dtype)


@pytest.mark.parametrize("family", sorted(ICDF))
def test_icdf_inverts_cdf(family):
    dist, _ = ICDF[family](minitorch, lambda a, grad=True: minitorch.tensor(a))
    u = minitorch.tensor(UNIT)
    np.testing.assert_allclose(dist.cdf(dist.icdf(u)).numpy(), UNIT, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", sorted(CDF))
def test_cdf_and_its_gradients_match_torch(family, dtype, monkeypatch):
    make, value = CDF[family]
    monkeypatch.setitem(TOL, "float64", dict(rtol=1e-9, atol=1e-12))  # gammainc's series vs torch's (~1e-10)

    def build(lib, p):
        dist, params = make(lib, p)
        v = p(value)
        return dist.cdf(v), params + [v]
    _compare(build, dtype)


def test_gamma_cdf_in_the_concentration_raises_like_torch():
    for lib in LIBS:
        c = lib.tensor(CONC, requires_grad=True)
        out = lib.distributions.Gamma(c, 1.0).cdf(lib.tensor(POS))
        with pytest.raises(NotImplementedError, match="igamma: input"):
            out.sum().backward()


def test_gamma_cdf_validates_its_argument_like_torch():
    messages = []
    for lib in LIBS:
        with pytest.raises(ValueError) as err:
            lib.distributions.Gamma(lib.tensor(CONC), 1.0).cdf(-lib.tensor(POS))
        messages.append(str(err.value).split(" of distribution")[0])
    assert messages[1] == messages[0]


# --- reparameterised Gamma draws ---------------------------------------------------------------------------------
SCALAR = ["D.Gamma(2.0, 1.0)", "D.Beta(2.0, 3.0)", "D.Chi2(3.0)", "D.InverseGamma(2.0, 1.0)", "D.Gamma(0.5, 3)"]


@pytest.mark.parametrize("code", SCALAR)
def test_scalar_parameters_sample_and_rsample_like_torch(code):
    got = []
    for lib in LIBS:
        d = eval(code, {"D": lib.distributions})
        s, r = d.sample(), d.rsample((4,))
        got.append((tuple(d.batch_shape), tuple(s.shape), str(s.dtype), tuple(r.shape), tuple(d.log_prob(s).shape),
                    d.has_rsample, bool(d.support.check(r).all())))
    assert got[1] == got[0]


GAMMA_LAWS = {"Gamma": (CONC[0], RATE[0]), "Beta": (CONC[0], CONC0[0]), "Chi2": (CONC[0] * 2,),
              "InverseGamma": (CONC[0] + 2, RATE[0])}


@pytest.mark.parametrize("name", sorted(GAMMA_LAWS))
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_rsample_is_reparameterised_like_torch(name, dtype):
    got = []
    for lib in LIBS:
        params = [_tensor(lib, a, dtype, True) for a in GAMMA_LAWS[name]]
        r = getattr(lib.distributions, name)(*params).rsample((5,))
        grads = lib.autograd.grad(r.sum(), params)
        got.append((tuple(r.shape), str(r.dtype), r.requires_grad, [str(g.dtype) for g in grads],
                    [bool(g.isfinite().all()) for g in grads]))
    assert got[1] == got[0]


def _mean_gradients(name, n=200000):
    """Monte Carlo d E[X] / d params from rsample, and their exact values."""
    minitorch.manual_seed(0)
    params = [minitorch.tensor(a[:2], requires_grad=True) for a in GAMMA_LAWS[name]]
    dist = getattr(minitorch.distributions, name)(*params)
    mc = minitorch.autograd.grad(dist.rsample((n,)).mean(0).sum(), params, retain_graph=True)
    return mc, minitorch.autograd.grad(dist.mean.sum(), params)


@pytest.mark.parametrize("name", sorted(GAMMA_LAWS))
def test_rsample_gradients_are_unbiased(name):
    for mc, exact in zip(*_mean_gradients(name)):
        np.testing.assert_allclose(mc.numpy(), exact.numpy(), rtol=0.05, atol=2e-3)


def test_sample_has_no_gradient_and_rsample_statistics():
    minitorch.manual_seed(1)
    D = minitorch.distributions
    c = minitorch.tensor([0.5, 3.0], requires_grad=True)
    assert not D.Gamma(c, 2.0).sample((3,)).requires_grad
    g = D.Gamma(c, 2.0).rsample((200000,)).detach().numpy()
    assert g.min() > 0 and np.allclose(g.mean(0), [0.25, 1.5], rtol=0.02) and np.allclose(g.var(0), [0.125, 0.75],
                                                                                            rtol=0.05)
    b = D.Beta(c, 2.0).rsample((200000,)).detach().numpy()
    assert np.allclose(b.mean(0), [0.2, 0.6], rtol=0.02)


# --- exponential families ----------------------------------------------------------------------------------------
def test_exponential_family_subclasses_match_torch():
    def families(lib):
        D = lib.distributions
        return sorted(n for n in D.__all__ if inspect.isclass(getattr(D, n)) and
                      issubclass(getattr(D, n), D.Distribution) and issubclass(getattr(D, n), D.ExponentialFamily))
    assert families(minitorch) == families(torch)


def _bernoulli(lib, p, kind, array, name="Bernoulli"):
    param = p(array)
    return getattr(lib.distributions, name)(**{kind: param}), [param]


EXP_FAMILIES = {
    "normal": (_family("Normal", LOC, SCALE), _family("Normal", LOC[::-1].copy(), SCALE[:, ::-1].copy())),
    "bernoulli_probs": (lambda lib, p: _bernoulli(lib, p, "probs", PROBS),
                        lambda lib, p: _bernoulli(lib, p, "probs", PROBS[::-1].copy())),
    "bernoulli_logits": (lambda lib, p: _bernoulli(lib, p, "logits", LOC),
                         lambda lib, p: _bernoulli(lib, p, "logits", LOC[::-1].copy())),
    "exponential": (_family("Exponential", RATE), _family("Exponential", RATE[::-1].copy())),
    "gamma": (_family("Gamma", CONC, RATE), _family("Gamma", CONC0, RATE[::-1].copy())),
    "chi2": (_family("Chi2", CONC), _family("Chi2", CONC0)),
    "beta": (_family("Beta", CONC, CONC0), _family("Beta", CONC0, CONC)),
    "poisson": (_family("Poisson", RATE), _family("Poisson", RATE[::-1].copy())),
    "dirichlet": (_family("Dirichlet", CONC5), _family("Dirichlet", CONC5[::-1].copy())),
    "continuous_bernoulli": (lambda lib, p: _bernoulli(lib, p, "probs", PROBS, "ContinuousBernoulli"),
                             lambda lib, p: _bernoulli(lib, p, "probs", PROBS[::-1].copy(), "ContinuousBernoulli")),
}


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", sorted(EXP_FAMILIES))
def test_bregman_entropy_matches_torch(family, dtype, monkeypatch):
    monkeypatch.setitem(TOL, "float64", dict(rtol=1e-8, atol=1e-10))  # torch's float64 digamma/trigamma (~1e-9)
    monkeypatch.setitem(TOL, "float32", dict(rtol=2e-5, atol=2e-5))

    def build(lib, p):
        dist, params = EXP_FAMILIES[family][0](lib, p)
        return lib.distributions.ExponentialFamily.entropy(dist), params
    _compare_or_raise(build, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", sorted(EXP_FAMILIES))
def test_bregman_kl_matches_torch(family, dtype, monkeypatch):
    monkeypatch.setitem(TOL, "float64", dict(rtol=1e-8, atol=1e-10))
    monkeypatch.setitem(TOL, "float32", dict(rtol=2e-5, atol=2e-5))
    make_p, make_q = EXP_FAMILIES[family]

    def build(lib, p):
        (dp, pp), (dq, pq) = make_p(lib, p), make_q(lib, p)
        return lib.distributions.kl._kl_expfamily_expfamily(dp, dq), pp + pq
    _compare_or_raise(build, dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", sorted(EXP_FAMILIES))
def test_natural_parameters_and_log_normalizer_match_torch(family, dtype):
    def build(lib, p):
        dist, params = EXP_FAMILIES[family][0](lib, p)
        return dist._log_normalizer(*dist._natural_params), params
    _compare(build, dtype)


def _exp_family_members(lib):
    D, half, ones = lib.distributions, lib.full((2,), 0.3, dtype=lib.float64), lib.ones(2, dtype=lib.float64)
    return [D.Normal(ones * 0, 1.0), D.Bernoulli(half), D.Exponential(ones), D.Gamma(ones, 2.0), D.Beta(ones, 2.0),
            D.Poisson(ones), D.ContinuousBernoulli(half), D.Chi2(ones)]


def test_kl_between_exponential_families_dispatches_like_torch():
    """Registered pairs give their rule; the others reach the Bregman rule, which refuses different families."""
    def outcomes(lib):
        members = _exp_family_members(lib)
        rows = []
        for p in members:
            for q in members:
                try:
                    rows.append(lib.distributions.kl_divergence(p, q).tolist())
                except NotImplementedError as err:
                    rows.append(str(err))
        return rows
    mine, theirs = outcomes(minitorch), outcomes(torch)
    assert len(mine) == len(theirs)
    for m, t in zip(mine, theirs):
        if isinstance(t, str):
            assert m == t
        else:
            np.testing.assert_allclose(m, t, rtol=1e-10)


# --- lazily derived parameters keep their graph ------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Categorical", "Bernoulli", "OneHotCategorical", "Binomial", "Geometric"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_entropy_gradient_after_sampling_matches_torch(name, dtype):
    def build(lib, p):
        logits = p(LOC)
        args = (lib.tensor(5.0, dtype=logits.dtype),) if name == "Binomial" else ()
        dist = getattr(lib.distributions, name)(*args, logits=logits)
        dist.sample()
        return (dist.log_prob(dist.mean.detach().round()) if name == "Binomial" else dist.entropy()), [logits]
    _compare(build, dtype)


def test_lazy_property_under_no_grad_caches_a_graph_like_torch():
    got = []
    for lib in LIBS:
        probs = lib.tensor(PROBS, requires_grad=True)
        dist = lib.distributions.Bernoulli(probs=probs)
        with lib.no_grad():
            logits = dist.logits
        got.append((logits.requires_grad, dist.logits is logits, lib.is_grad_enabled()))
    assert got[1] == got[0]


# --- torch's import paths ----------------------------------------------------------------------------------------
def test_constraints_namespace_has_torchs_names_and_no_extra_module():
    C, TC = minitorch.distributions.constraints, torch.distributions.constraints
    assert [n for n in TC.__all__ if not hasattr(C, n)] == []
    with pytest.raises(ImportError):
        importlib.import_module("minitorch.distributions.constraints_extra")
    with pytest.raises(ImportError):
        importlib.import_module("minitorch.distributions.one_hot_straight_through")


def test_straight_through_lives_in_one_hot_categorical():
    from minitorch.distributions.one_hot_categorical import OneHotCategoricalStraightThrough
    assert OneHotCategoricalStraightThrough is minitorch.distributions.OneHotCategoricalStraightThrough
    logits = minitorch.tensor(LOC, requires_grad=True)
    r = OneHotCategoricalStraightThrough(logits=logits).rsample((2,))
    (g,) = minitorch.autograd.grad((r * minitorch.tensor(X[:1])).sum(), [logits])
    assert tuple(r.shape) == (2, 3, 4) and bool((r.detach().sum(-1) == 1).all()) and abs(g.numpy()).max() > 0


@pytest.mark.parametrize("diag", [-3, -1, 0, 2])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_tril_vector_packing_in_utils_matches_torch(diag, dtype):
    def build(lib, p):
        utils = importlib.import_module(lib.__name__ + ".distributions.utils")
        mat = p(MATRICES)
        vec = utils.tril_matrix_to_vec(mat, diag)
        return utils.vec_to_tril_matrix(vec * 2, diag), [mat]
    _compare(build, dtype)


def test_tril_vector_packing_errors_match_torch():
    errors = []
    for lib in LIBS:
        utils = importlib.import_module(lib.__name__ + ".distributions.utils")
        row = []
        for call in (lambda: utils.tril_matrix_to_vec(lib.zeros(3, 3), 3),
                     lambda: utils.vec_to_tril_matrix(lib.zeros(5))):
            with pytest.raises(ValueError) as err:
                call()
            row.append(str(err.value))
        errors.append(row)
    assert errors[1] == errors[0]


def test_independent_enumerates_support_like_torch():
    got = []
    for lib in LIBS:
        D = lib.distributions
        flat = D.Independent(D.Bernoulli(lib.tensor(PROBS)), 0)
        folded = D.Independent(D.Bernoulli(lib.tensor(PROBS)), 1)
        with pytest.raises(NotImplementedError, match="cartesian product"):
            folded.enumerate_support()
        got.append((flat.has_enumerate_support, folded.has_enumerate_support, flat.enumerate_support().tolist(),
                    tuple(flat.enumerate_support(expand=False).shape)))
    assert got[1] == got[0]
