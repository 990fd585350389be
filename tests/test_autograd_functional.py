"""autograd.functional (jacobian, hessian, vjp, jvp, hvp, vhp) and Module backward hooks, against torch 2.13:
values, result nesting, create_graph, strict mode and errors."""
import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

rng = np.random.default_rng(0)
X = rng.standard_normal((2, 3))
Y = rng.standard_normal(3)
V_OUT = rng.standard_normal((2, 3))


def _t(lib, a, requires_grad=False):
    return lib.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def _same(a, b):
    """Compare torch's result with minitorch's, nesting included."""
    if isinstance(a, tuple):
        assert isinstance(b, tuple) and len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
        return
    assert not isinstance(b, tuple)
    assert tuple(a.shape) == tuple(b.shape)
    np.testing.assert_allclose(b.detach().numpy(), a.detach().numpy(), rtol=1e-10, atol=1e-12)


def _f_single(lib):
    return lambda x: (x.exp() * x).sin()


def _f_pair(lib):
    return lambda x, y: (x * y).tanh() + y ** 2


def _f_multi_out(lib):
    return lambda x, y: ((x * y).sum(0), x.cos())


def _scalar(lib):
    return lambda x, y: (x.sin() * y).sum() + (x ** 3).sum() * y.sum()


def _scalar_single(lib):
    return lambda x: (x.tanh() ** 2).sum() * x.sum()


CASES = {  # name: (func maker, inputs maker, v for vjp, v for jvp)
    "single": (_f_single, lambda lib: _t(lib, X), lambda lib: _t(lib, V_OUT), lambda lib: _t(lib, V_OUT)),
    "pair": (_f_pair, lambda lib: (_t(lib, X), _t(lib, Y)), lambda lib: _t(lib, V_OUT),
             lambda lib: (_t(lib, V_OUT), _t(lib, Y * 2))),
    "multi_out": (_f_multi_out, lambda lib: (_t(lib, X), _t(lib, Y)), lambda lib: (_t(lib, Y), _t(lib, V_OUT)),
                  lambda lib: (_t(lib, V_OUT), _t(lib, Y))),
}


def _both(fn):
    return fn(torch), fn(minitorch)


@pytest.mark.parametrize("name", sorted(CASES))
def test_jacobian(name):
    make, inputs, _, _ = CASES[name]
    _same(*(lib.autograd.functional.jacobian(make(lib), inputs(lib)) for lib in (torch, minitorch)))


@pytest.mark.parametrize("name", sorted(CASES))
def test_vjp_and_jvp(name):
    make, inputs, v_out, v_in = CASES[name]
    for what, v in (("vjp", v_out), ("jvp", v_in)):
        _same(*(getattr(lib.autograd.functional, what)(make(lib), inputs(lib), v(lib)) for lib in (torch, minitorch)))


@pytest.mark.parametrize("make,inputs", [(_scalar, lambda lib: (_t(lib, X), _t(lib, Y))),
                                         (_scalar_single, lambda lib: _t(lib, X))])
def test_hessian_hvp_vhp(make, inputs):
    _same(*(lib.autograd.functional.hessian(make(lib), inputs(lib)) for lib in (torch, minitorch)))
    for what in ("hvp", "vhp"):
        def run(lib):
            inp = inputs(lib)
            v = tuple(i * 0.5 + 1 for i in inp) if isinstance(inp, tuple) else inp.cos()
            return getattr(lib.autograd.functional, what)(make(lib), inp, v)
        _same(*_both(run))


def test_create_graph_results_are_differentiable():
    def run(lib):
        x = _t(lib, X, requires_grad=True)
        jac = lib.autograd.functional.jacobian(lambda a: a.sin() * a, x, create_graph=True)
        g, = lib.autograd.grad(jac.pow(2).sum(), x)
        _, jv = lib.autograd.functional.jvp(lambda a: a ** 3, x, x.detach().cos(), create_graph=True)
        g2, = lib.autograd.grad(jv.sum(), x)
        return g, g2, jac.requires_grad
    (tg, tg2, treq), (mg, mg2, mreq) = _both(run)
    _same((tg, tg2), (mg, mg2))
    assert treq and mreq
    x = _t(minitorch, X, requires_grad=True)
    assert not minitorch.autograd.functional.jacobian(lambda a: a * 2, x).requires_grad


def test_unused_input_zeros_or_strict_error():
    def run(lib):
        return lib.autograd.functional.jacobian(lambda x, y: x * 2, (_t(lib, Y), _t(lib, X)))
    _same(*_both(run))
    for lib in (torch, minitorch):
        with pytest.raises(RuntimeError, match="independent of input 1"):
            lib.autograd.functional.jacobian(lambda x, y: x * 2, (_t(lib, Y), _t(lib, X)), strict=True)


def test_errors_match_torch():
    for lib in (torch, minitorch):
        F = lib.autograd.functional
        with pytest.raises(RuntimeError, match="single element"):
            F.hessian(lambda x: x * 2, _t(lib, Y))
        with pytest.raises(RuntimeError, match="v can only be None"):
            F.vjp(lambda x: x * 2, _t(lib, Y))
        with pytest.raises(TypeError):
            F.jacobian(lambda x: x, [1.0, 2.0])
        with pytest.raises(RuntimeError, match="invalid size"):
            F.vjp(lambda x: x * 2, _t(lib, Y), _t(lib, X))
    _same(*(lib.autograd.functional.vjp(lambda x: (x ** 2).sum(), _t(lib, Y)) for lib in (torch, minitorch)))


def _hooked_grads(lib, register, tanh=False):
    """Module backward hooks: what they see and a hook that rescales grad_input."""
    layer = lib.nn.Tanh() if tanh else lib.nn.Linear(3, 2).double()
    if not tanh:
        with lib.no_grad():
            layer.weight.copy_(_t(lib, X))
            layer.bias.copy_(_t(lib, Y[:2]))
    seen = []

    def hook(module, grad_input, grad_output):
        seen.append((grad_input, grad_output))
        return tuple(None if g is None else g * 3 for g in grad_input)

    getattr(layer, register)(hook)
    x = _t(lib, X, requires_grad=True)
    layer(x).pow(2).sum().backward()
    return seen, x.grad, None if tanh else layer.weight.grad


@pytest.mark.parametrize("register,tanh", [("register_full_backward_hook", False),
                                           ("register_full_backward_hook", True),
                                           ("register_backward_hook", True)])
def test_module_backward_hooks(register, tanh):
    """register_backward_hook is compared on a one-op module, where torch's legacy hook (which sees the last
    node's gradients) and the full hook agree."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (t_seen, t_xg, t_wg), (m_seen, m_xg, m_wg) = _both(lambda lib: _hooked_grads(lib, register, tanh))
    assert len(t_seen) == len(m_seen) == 1
    _same(t_seen[0][0], m_seen[0][0])
    _same(t_seen[0][1], m_seen[0][1])
    _same(t_xg, m_xg)
    if not tanh:
        _same(t_wg, m_wg)


def test_legacy_backward_hook_sees_the_last_node():
    """torch's non-full hook goes on the grad_fn of the module's output: for Sequential(Tanh, Sigmoid) it sees
    the sigmoid's input gradient, not the module's; its result replaces that gradient; kinds cannot be mixed."""
    import warnings

    def run(lib):
        net, seen = lib.nn.Sequential(lib.nn.Tanh(), lib.nn.Sigmoid()), []

        def hook(module, grad_input, grad_output):
            seen.append(grad_input + grad_output)
            return tuple(g * 2 for g in grad_input)
        net.register_backward_hook(hook)
        x = _t(lib, X, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            (net(x) ** 2).sum().backward()
        with pytest.raises(RuntimeError, match="Cannot use both"):
            net.register_full_backward_hook(hook)
        return seen[0], x.grad
    _same(*_both(run))
