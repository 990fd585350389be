"""torch.distributions against real torch: log_prob, cdf, entropy, moments and KL divergences numerically (float64
tight, float32 at torch tolerances) with gradients w.r.t. every parameter; samples by shape, dtype and statistics;
argument/value validation by exception class and message."""
import numpy as np
import pytest

import minitorch
from distribution_helpers import (_built, _compare, _expand_facts, _gradchecks, _query_build, _raises_like_torch,
                                  _sample_facts, _tensor)

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(11)
LOC = RNG.standard_normal((3, 4))
SCALE = RNG.uniform(0.5, 2.0, (3, 4))
X = RNG.standard_normal((2, 3, 4))
PROBS = RNG.uniform(0.05, 0.95, (3, 4))
BITS = (RNG.random((2, 3, 4)) < 0.5).astype(float)
WEIGHTS = RNG.uniform(0.1, 1.0, (3, 5))
LOGITS = RNG.standard_normal((3, 5)) * 2
CLASSES = RNG.integers(0, 5, (2, 3))
LOW = RNG.uniform(-2, -0.1, (3, 4))
WIDTH = RNG.uniform(2.2, 3, (3, 4))  # every interval holds (-0.1, 0.2)
def _normal(lib, p):
    loc, scale = p(LOC), p(SCALE)
    return lib.distributions.Normal(loc, scale), [loc, scale]


def _uniform(lib, p):
    low, width = p(LOW), p(WIDTH)
    return lib.distributions.Uniform(low, low + width), [low, width]


def _bernoulli_probs(lib, p):
    probs = p(PROBS)
    return lib.distributions.Bernoulli(probs=probs), [probs]


def _bernoulli_logits(lib, p):
    logits = p(LOC * 3)
    return lib.distributions.Bernoulli(logits=logits), [logits]


def _categorical_probs(lib, p):
    probs = p(WEIGHTS)
    return lib.distributions.Categorical(probs=probs), [probs]


def _categorical_logits(lib, p):
    logits = p(LOGITS)
    return lib.distributions.Categorical(logits=logits), [logits]


def _normal_broadcast(lib, p):
    loc, scale = p(LOC[:, :1]), p(SCALE.T.copy()).t()[0]  # (3, 1) with a non-contiguous (4,) row
    return lib.distributions.Normal(loc, scale), [loc, scale]


def _edges(array, zero, one):
    out = array.copy()
    out[zero], out[one] = 0.0, 1.0
    return out


def _bernoulli_edges(lib, p):
    probs = p(_edges(PROBS, (0, slice(0, 2)), (1, slice(0, 2))))
    return lib.distributions.Bernoulli(probs=probs), [probs]


def _categorical_zeros(lib, p):
    probs = p(_edges(WEIGHTS, (0, 1), (2, 5 - 1)) * [1, 1, 1, 1, 0])
    return lib.distributions.Categorical(probs=probs), [probs]


FAMILIES = {"normal_broadcast": (_normal_broadcast, X), "bernoulli_edges": (_bernoulli_edges, BITS),
            "categorical_zeros": (_categorical_zeros, np.minimum(CLASSES, 3)),
"normal": (_normal, X), "uniform": (_uniform, RNG.uniform(-0.1, 0.2, (2, 3, 4))),
            "bernoulli_probs": (_bernoulli_probs, BITS), "bernoulli_logits": (_bernoulli_logits, BITS),
            "categorical_probs": (_categorical_probs, CLASSES), "categorical_logits": (_categorical_logits, CLASSES)}
QUERIES = {
    "log_prob": lambda lib, d, p, v: d.log_prob(p(v, False) if v.dtype.kind == "f" else lib.tensor(v)),
    "log_prob_broadcast": lambda lib, d, p, v: d.log_prob(p(v[:, :1], False) if v.dtype.kind == "f"
                                                          else lib.tensor(v[:1])),
    "entropy": lambda lib, d, p, v: d.entropy(),
    "perplexity": lambda lib, d, p, v: d.perplexity(),
    "mean": lambda lib, d, p, v: d.mean,
    "variance": lambda lib, d, p, v: d.variance,
    "stddev": lambda lib, d, p, v: d.stddev,
    "mode": lambda lib, d, p, v: d.mode,
    "probs": lambda lib, d, p, v: d.probs,
    "logits": lambda lib, d, p, v: d.logits,
}
DISCRETE_ONLY = {"probs", "logits"}
FAMILY_QUERIES = [(f, q) for f in sorted(FAMILIES) for q in sorted(QUERIES)
                  if q not in DISCRETE_ONLY or f.startswith(("bernoulli", "categorical"))]


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family, query", FAMILY_QUERIES)
def test_matches_torch(family, query, dtype):
    make, value = FAMILIES[family]
    _compare(_query_build(make, lambda lib, d, p: QUERIES[query](lib, d, p, value)), dtype)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("family", ["normal", "uniform"])
def test_cdf_matches_torch(family, dtype):
    make, value = FAMILIES[family]
    _compare(_query_build(make, lambda lib, d, p: d.cdf(p(value, False))), dtype)


@pytest.mark.parametrize("query", ["log_prob", "cdf"])
@pytest.mark.parametrize("family", ["normal", "uniform"])
def test_gradient_with_respect_to_value(family, query):
    make, value = FAMILIES[family]
    out = []
    for lib in (torch, minitorch):
        dist = _built(make, lib, grad=True)
        v = _tensor(lib, value, "float64", True)
        (g,) = lib.autograd.grad(getattr(dist, query)(v).sum(), [v], allow_unused=True)
        out.append(None if g is None else g.numpy())
    assert (out[1] is None) == (out[0] is None)
    if out[0] is not None:
        np.testing.assert_allclose(out[1], out[0], rtol=1e-12)


def _kl_pairs():
    def pair(ctor, args_p, args_q):
        def build(lib, p):
            ps, qs = [p(a) for a in args_p], [p(a) for a in args_q]
            D = lib.distributions
            return D.kl_divergence(ctor(D, *ps), ctor(D, *qs)), ps + qs
        return build
    zero_one = _edges(PROBS, (0, slice(0, 2)), (1, slice(0, 2)))
    w0 = WEIGHTS.copy()
    w0[0, 1] = 0.0
    w1 = WEIGHTS[::-1].copy()
    w1[1, 2] = 0.0
    return {
        "normal": pair(lambda D, a, b: D.Normal(a, b), [LOC, SCALE], [LOC[::-1].copy(), SCALE[:, ::-1].copy()]),
        "bernoulli": pair(lambda D, a: D.Bernoulli(probs=a), [PROBS], [PROBS[::-1].copy()]),
        "bernoulli_edges": pair(lambda D, a: D.Bernoulli(probs=a), [zero_one], [zero_one[::-1].copy()]),
        "bernoulli_logits": pair(lambda D, a: D.Bernoulli(logits=a), [LOC], [LOC * 2]),
        "categorical": pair(lambda D, a: D.Categorical(probs=a), [WEIGHTS], [WEIGHTS[::-1].copy()]),
        "categorical_zeros": pair(lambda D, a: D.Categorical(probs=a), [w0], [w1]),
        "categorical_logits": pair(lambda D, a: D.Categorical(logits=a), [LOGITS], [LOGITS[:, ::-1].copy()]),
        "uniform": pair(lambda D, a, b: D.Uniform(a, b), [LOW, LOW + WIDTH], [LOW - 0.5, LOW + WIDTH + 0.2 - (
            np.arange(12).reshape(3, 4) % 3 == 0)]),
    }


KL = _kl_pairs()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
@pytest.mark.parametrize("pair", sorted(KL))
def test_kl_divergence_matches_torch(pair, dtype):
    _compare(KL[pair], dtype)


def test_kl_unregistered_pair_raises_like_torch():
    for lib in (torch, minitorch):
        D = lib.distributions
        with pytest.raises(NotImplementedError) as err:
            D.kl_divergence(D.Categorical(lib.ones(2)), D.Normal(0.0, 1.0))
    assert "Categorical" in str(err.value) and "Normal" in str(err.value)


def test_register_kl_picks_the_most_specific_rule():
    D = minitorch.distributions

    class Wide(D.Normal):
        pass

    @D.register_kl(Wide, D.Normal)
    def _kl(p, q):
        return minitorch.tensor(-1.0)
    try:
        assert D.kl_divergence(Wide(0.0, 1.0), D.Normal(0.0, 1.0)).item() == -1.0
        assert D.kl_divergence(D.Normal(0.0, 1.0), Wide(0.0, 1.0)).item() == 0.0
    finally:
        del D.kl._KL_RULES[Wide, D.Normal]


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
    m, s = D.Normal(minitorch.tensor([1.0, -2.0]), minitorch.tensor([0.5, 3.0])).sample((n,)).numpy().T
    assert abs(m.mean() - 1) < 0.01 and abs(m.std() - 0.5) < 0.01 and abs(s.mean() + 2) < 0.05
    u = D.Uniform(minitorch.tensor(-1.0), minitorch.tensor(3.0)).sample((n,)).numpy()
    assert u.min() >= -1 and u.max() < 3 and abs(u.mean() - 1) < 0.02 and abs(u.var() - 16 / 12) < 0.03
    b = D.Bernoulli(probs=minitorch.tensor([0.2, 0.9])).sample((n,)).numpy()
    assert set(np.unique(b)) <= {0.0, 1.0} and np.allclose(b.mean(0), [0.2, 0.9], atol=0.01)
    c = D.Categorical(logits=minitorch.tensor([0.0, np.log(2), np.log(7)])).sample((n,)).numpy()
    assert c.dtype == np.int64 and np.allclose(np.bincount(c, minlength=3) / n, [0.1, 0.2, 0.7], atol=0.01)


def test_samples_follow_manual_seed():
    D = minitorch.distributions
    dist = D.Normal(minitorch.zeros(3), minitorch.ones(3))
    minitorch.manual_seed(5)
    a = dist.sample((2,))
    minitorch.manual_seed(5)
    assert np.array_equal(a.numpy(), dist.sample((2,)).numpy())


@pytest.mark.parametrize("family", ["normal", "uniform"])
def test_rsample_is_reparameterised(family):
    """rsample = loc + scale * eps (Normal), low + u * (high - low) (Uniform): gradients are eps's functions."""
    D = minitorch.distributions
    a = minitorch.tensor(LOC[0], requires_grad=True)
    b = minitorch.tensor(SCALE[0], requires_grad=True)
    dist = D.Normal(a, b) if family == "normal" else D.Uniform(a, a + b)
    s = dist.rsample((7,))
    assert s.requires_grad and tuple(s.shape) == (7, 4)
    ga, gb = minitorch.autograd.grad(s.sum(), [a, b])
    noise = (s.detach().numpy() - LOC[0]) / SCALE[0]  # eps or u
    np.testing.assert_allclose(ga.numpy(), np.full(4, 7.0))
    np.testing.assert_allclose(gb.numpy(), noise.sum(0), rtol=1e-10)


# --- shapes, expand, scalars -----------------------------------------------------------------------------------
def _describe(lib):
    D = lib.distributions
    dists = [D.Normal(0.0, 1.0), D.Normal(lib.zeros(3), 1.0), D.Uniform(0.0, lib.ones(2, 1) * 2),
             D.Bernoulli(0.3), D.Bernoulli(logits=lib.zeros(2, 3)), D.Categorical(lib.ones(4)),
             D.Categorical(logits=lib.zeros(2, 3, 4)), D.Normal(lib.zeros(0), 1.0), D.Uniform(lib.zeros(2, 0), 1.0)]
    return _expand_facts(dists)


def test_shapes_scalars_and_expand_match_torch():
    assert _describe(minitorch) == _describe(torch)


def test_expand_keeps_values():
    for lib in (torch, minitorch):
        d = lib.distributions.Categorical(logits=lib.tensor(LOGITS)).expand((2, 3))
        assert tuple(d.logits.shape) == (2, 3, 5)
    np.testing.assert_allclose(
        minitorch.distributions.Normal(minitorch.tensor(LOC[0]), 1.0).expand((2, 4)).log_prob(
            minitorch.tensor(X[0, :2])).numpy(),
        torch.distributions.Normal(torch.tensor(LOC[0]), 1.0).expand((2, 4)).log_prob(torch.tensor(X[0, :2])).numpy(),
        rtol=1e-12)


def test_enumerate_support_matches_torch():
    for expand in (True, False):
        got = []
        for lib in (torch, minitorch):
            D = lib.distributions
            for d in (D.Bernoulli(lib.tensor([[0.1, 0.2, 0.3]])), D.Categorical(lib.ones(2, 3))):
                s = d.enumerate_support(expand)
                got.append((tuple(s.shape), str(s.dtype), s.numpy().tolist()))
        assert got[:2] == got[2:]


# --- validation ------------------------------------------------------------------------------------------------
INVALID = {
    "normal_scale": "D.Normal(lib.tensor([0.0]), lib.tensor([-1.0]))",
    "normal_scale_zero": "D.Normal(0.0, 0.0)",
    "normal_loc_nan": "D.Normal(lib.tensor([float('nan')]), 1.0)",
    "normal_not_number": "D.Normal('a', 1.0)",
    "uniform_order": "D.Uniform(lib.tensor([1.0, 0.0]), lib.tensor([2.0, 0.0]))",
    "bernoulli_probs": "D.Bernoulli(lib.tensor([1.5]))",
    "bernoulli_both": "D.Bernoulli(lib.tensor([0.5]), lib.tensor([0.0]))",
    "bernoulli_neither": "D.Bernoulli()",
    "categorical_negative": "D.Categorical(lib.tensor([0.5, -0.1, 0.6]))",
    "categorical_0d": "D.Categorical(lib.tensor(1.0))",
    "categorical_logits_0d": "D.Categorical(logits=lib.tensor(1.0))",
    "categorical_logits_nan": "D.Categorical(logits=lib.tensor([0.0, float('nan')]))",
    "normal_value_not_tensor": "D.Normal(0.0, 1.0).log_prob(0.5)",
    "normal_value_shape": "D.Normal(lib.zeros(3), 1.0).log_prob(lib.zeros(2))",
    "normal_value_nan": "D.Normal(0.0, 1.0).log_prob(lib.tensor(float('nan')))",
    "uniform_value_outside": "D.Uniform(0.0, 1.0).log_prob(lib.tensor([1.5]))",
    "bernoulli_value": "D.Bernoulli(lib.tensor([0.5])).log_prob(lib.tensor([0.5]))",
    "categorical_value_range": "D.Categorical(lib.ones(3)).log_prob(lib.tensor([3]))",
    "categorical_value_fraction": "D.Categorical(lib.ones(3)).log_prob(lib.tensor([0.5]))",
    "categorical_value_shape": "D.Categorical(lib.ones(2, 3)).log_prob(lib.tensor([0, 1, 2]))",
    "sample_shape_int": "D.Normal(0.0, 1.0).sample(5)",
    "bernoulli_value_int": "D.Bernoulli(lib.tensor([0.5]), validate_args=False).log_prob(lib.tensor([1]))",
    "bernoulli_rsample": "D.Bernoulli(lib.tensor([0.5])).rsample()",
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_arguments_and_values_raise_like_torch(name):
    _raises_like_torch(INVALID[name])


def test_validate_args_false_and_default_switch():
    for lib in (torch, minitorch):
        D = lib.distributions
        assert float(D.Normal(0.0, -1.0, validate_args=False).scale) == -1.0
        assert D.Uniform(0.0, 1.0, validate_args=False).log_prob(lib.tensor(2.0)).item() == float("-inf")
        D.Distribution.set_default_validate_args(False)
        try:
            D.Bernoulli(lib.tensor([2.0]))
        finally:
            D.Distribution.set_default_validate_args(True)
        with pytest.raises(ValueError):
            D.Bernoulli(lib.tensor([2.0]))


def test_categorical_normalises_like_torch():
    out = []
    for lib in (torch, minitorch):
        d = lib.distributions.Categorical(lib.tensor(WEIGHTS) * 3)
        e = lib.distributions.Categorical(logits=lib.tensor(LOGITS) + 5)
        out.append((d.probs.numpy(), e.logits.numpy(), e.probs.numpy()))
    for a, b in zip(*out):
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-15)


SMOOTH = {  # (family builder, function of the distribution) whose first and second derivatives must check out
    "normal_log_prob": (_normal, lambda d: d.log_prob(minitorch.tensor(X))),
    "normal_entropy": (_normal, lambda d: d.entropy()),
    "uniform_log_prob": (_uniform, lambda d: d.log_prob(minitorch.tensor(FAMILIES["uniform"][1]))),
    "bernoulli_log_prob": (_bernoulli_logits, lambda d: d.log_prob(minitorch.tensor(BITS))),
    "bernoulli_entropy": (_bernoulli_probs, lambda d: d.entropy()),
    "categorical_log_prob": (_categorical_logits, lambda d: d.log_prob(minitorch.tensor(CLASSES))),
    "categorical_entropy": (_categorical_probs, lambda d: d.entropy()),
}


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_gradcheck_first_and_second_order(name):
    _gradchecks(*SMOOTH[name])
