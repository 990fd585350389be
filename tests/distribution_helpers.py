"""What the distribution test files share: building the same distribution query in torch and in minitorch from
NumPy arrays and comparing outputs and gradients (float64 tight, float32 at torch tolerances), comparing what
invalid code raises, and first/second-order gradchecks."""
import numpy as np
import pytest

import minitorch
from exception_compare import raised

torch = pytest.importorskip("torch")

TOL = {"float64": dict(rtol=1e-10, atol=1e-12), "float32": dict(rtol=1.3e-6, atol=1e-5)}


def _tensor(lib, array, dtype, grad=False):
    return lib.tensor(np.asarray(array), dtype=getattr(lib, dtype), requires_grad=grad)


def _run(lib, build, dtype):
    """build(lib, param) -> (output tensor, [params]); returns the output and each param's gradient."""
    out, params = build(lib, lambda a, grad=True: _tensor(lib, a, dtype, grad))
    weights = _tensor(lib, np.linspace(-1, 2, max(out.numel(), 1)).reshape(tuple(out.shape)), str(out.dtype)[6:]) \
        if out.dtype.is_floating_point else None
    grads = []
    if out.requires_grad:
        finite = lib.where(out.isfinite(), out, lib.zeros_like(out))
        grads = lib.autograd.grad((finite * weights).sum(), params, allow_unused=True)
    return out.detach().numpy(), [None if g is None else g.numpy() for g in grads]


def _compare(build, dtype):
    (t_out, t_grads), (m_out, m_grads) = _run(torch, build, dtype), _run(minitorch, build, dtype)
    assert m_out.shape == t_out.shape and m_out.dtype == t_out.dtype
    np.testing.assert_allclose(m_out, t_out, **TOL[dtype])
    assert len(m_grads) == len(t_grads)
    for mg, tg in zip(m_grads, t_grads):
        assert (mg is None) == (tg is None)
        if tg is not None:
            np.testing.assert_allclose(mg, tg, **TOL[dtype])


def _built(make, lib, dtype="float64", grad=False):
    """What make(lib, p) builds, without its params: the arrays as lib tensors of dtype (requires_grad=grad unless
    make says otherwise)."""
    return make(lib, lambda a, grad=grad: _tensor(lib, a, dtype, grad))[0]


def _sample_facts(dist):
    """A sample of dist (shape (5, 2) + its shape, never requiring grad) and what is compared about it: the shapes,
    the dtype, has_rsample and whether every draw lies in the support."""
    s, s0 = dist.sample((5, 2)), dist.sample()
    assert not s.requires_grad
    return s, (tuple(s.shape), str(s.dtype), tuple(s0.shape), tuple(dist.batch_shape), tuple(dist.event_shape),
               dist.has_rsample, bool(dist.support.check(s).all()))


def _expand_facts(dists):
    """For each distribution and its expand to a new leading batch dim of 5: the name, shapes and dtypes of its
    draws, log_prob, entropy and mean."""
    out = []
    for d in dists + [d.expand((5,) + tuple(d.batch_shape)) for d in dists]:
        v = d.sample((2,))
        out.append((repr(d).split("(")[0], tuple(d.batch_shape), tuple(d.event_shape), tuple(v.shape), str(v.dtype),
                    d.log_prob(v).detach().numpy().shape, tuple(d.entropy().shape), str(d.mean.dtype)))
    return out


def _outcome(lib, build, dtype):
    """The exception class that computing the query or its gradients raises (e.g. cdf in a concentration), else None."""
    try:
        _run(lib, build, dtype)
    except Exception as err:  # noqa: BLE001 - the exception class is what is compared
        return type(err)
    return None


def _compare_or_raise(build, dtype):
    """Values and gradients as torch's; where torch raises, the same exception class."""
    expected = _outcome(torch, build, dtype)
    if expected is None:
        _compare(build, dtype)
        return
    assert _outcome(minitorch, build, dtype) is expected


def _query_build(make, ask):
    """A build for _compare: the distribution make(lib, p) returns, asked ask(lib, dist, p), and its params."""
    def build(lib, p):
        dist, params = make(lib, p)
        return ask(lib, dist, p), params
    return build


def _kl(make_p, make_q):
    """A build for _compare: kl_divergence of the distributions make_p and make_q build, and all their params."""
    def build(lib, p):
        dp, pp = make_p(lib, p)
        dq, pq = make_q(lib, p)
        return lib.distributions.kl_divergence(dp, dq), pp + pq
    return build


def _raises_like_torch(code, same_message=True):
    """code (over lib and D = lib.distributions) raises in both; minitorch raises torch's class and, with
    same_message, the same first message line (the tensor printout after the newline may differ)."""
    t, m = (raised(lib, code, lambda lib: {"lib": lib, "D": lib.distributions}) for lib in (torch, minitorch))
    assert t is not None and m is not None, (t, m)
    assert type(m) is type(t)
    if same_message:
        assert str(m).split("\n")[0] == str(t).split("\n")[0]


def _gradchecks(make, query):
    """query(dist) of the minitorch distribution make builds passes gradcheck and gradgradcheck in its params."""
    from minitorch.autograd.gradcheck import gradcheck, gradgradcheck
    _, params = make(minitorch, lambda a, grad=True: _tensor(minitorch, a, "float64", grad))

    def fn(*ps):
        it = iter(ps)
        dist, _ = make(minitorch, lambda a, grad=True: next(it))
        return query(dist)
    assert gradcheck(fn, tuple(params))
    assert gradgradcheck(fn, tuple(params))
