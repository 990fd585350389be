"""The Optimizer base and the optimizers' behaviour around the update formulas (which the parity cases in
minitorch/parity/cases_optim.py trace against torch): settings, state_dict layout and loading, zero_grad, param
groups and their checks, closures, subclassing -- each compared with torch 2.13 doing the same."""
import warnings

import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

# (class name, constructor keywords): every optimizer with a non-default option or two
CONFIGS = [("SGD", dict(lr=0.1, momentum=0.9, nesterov=True)), ("Adam", dict(lr=0.01, amsgrad=True)),
           ("AdamW", dict(lr=0.01)), ("RMSprop", dict(lr=0.01, centered=True, momentum=0.5)),
           ("Adagrad", dict(lr=0.1, initial_accumulator_value=0.1)), ("Adamax", dict(lr=0.01)),
           ("NAdam", dict(lr=0.01)), ("Adadelta", dict(lr=0.5))]


def _params(lib, dtype="float64", seed=0):
    rng = np.random.default_rng(seed)
    return [lib.tensor(rng.standard_normal(s), dtype=getattr(lib, dtype)).requires_grad_() for s in [(3, 2), (4,)]]


def _train(lib, optimizer, params, steps, seed=1):
    """Steps with a loss computed by autograd (so .grad comes from backward, as in real training)."""
    rng = np.random.default_rng(seed)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = sum((p * lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=p.dtype)).sum() + (p ** 2).sum()
                   for p in params)
        loss.backward()
        optimizer.step()


def _np(t):
    return t.detach().numpy()


def _same_structure(expected, got):
    """torch's state_dict and ours: same keys, same plain values, tensors of the same dtype and values."""
    if isinstance(expected, torch.Tensor):
        assert isinstance(got, minitorch.Tensor)
        assert str(expected.dtype) == str(got.dtype)
        np.testing.assert_allclose(_np(got), _np(expected), rtol=1e-10, atol=1e-12)
    elif isinstance(expected, dict):
        assert list(expected) == list(got)
        for key in expected:
            _same_structure(expected[key], got[key])
    elif isinstance(expected, (list, tuple)):
        assert type(expected) is type(got) and len(expected) == len(got)
        for e, g in zip(expected, got):
            _same_structure(e, g)
    else:
        assert expected == got and type(expected) is type(got)


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[c[0] for c in CONFIGS])
def test_state_dict_matches_torch_layout_and_values(name, kwargs):
    results = []
    for lib in (torch, minitorch):
        params = _params(lib)
        optimizer = getattr(lib.optim, name)([{"params": params[:1]}, {"params": params[1:], "lr": 0.2}], **kwargs)
        _train(lib, optimizer, params, steps=3)
        results.append(optimizer.state_dict())
    _same_structure(*results)


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[c[0] for c in CONFIGS])
def test_repr_matches_torch(name, kwargs):
    reprs = [repr(getattr(lib.optim, name)(_params(lib), **kwargs)) for lib in (torch, minitorch)]
    assert reprs[0] == reprs[1]
    grouped = [repr(getattr(lib.optim, name)([{"params": p[:1]}, {"params": p[1:], "lr": 0.2}], **kwargs))
               for lib, p in ((torch, _params(torch)), (minitorch, _params(minitorch)))]
    assert grouped[0] == grouped[1]


@pytest.mark.parametrize("name,kwargs", CONFIGS, ids=[c[0] for c in CONFIGS])
def test_loading_a_torch_state_dict_continues_like_torch(name, kwargs):
    """A state_dict whose tensors are torch tensors (e.g. from a torch checkpoint) loads and resumes exactly."""
    t_params = _params(torch)
    t_opt = getattr(torch.optim, name)(t_params, **kwargs)
    _train(torch, t_opt, t_params, steps=4)
    m_params = [minitorch.tensor(_np(p)).requires_grad_() for p in t_params]
    m_opt = getattr(minitorch.optim, name)(m_params, **kwargs)
    m_opt.load_state_dict(t_opt.state_dict())
    _train(torch, t_opt, t_params, steps=5, seed=7)
    _train(minitorch, m_opt, m_params, steps=5, seed=7)
    for t, m in zip(t_params, m_params):
        np.testing.assert_allclose(_np(m), _np(t), rtol=1e-10, atol=1e-12)


def test_load_state_dict_casts_state_to_parameter_dtype_but_not_step():
    states = []
    for lib in (torch, minitorch):
        src = _params(lib, "float64")
        optimizer = lib.optim.Adam(src, lr=0.1)
        _train(lib, optimizer, src, steps=2)
        dst = _params(lib, "float32")
        fresh = lib.optim.Adam(dst, lr=0.1)
        fresh.load_state_dict(optimizer.state_dict())
        states.append({k: str(v.dtype) for k, v in fresh.state[dst[0]].items()})
    assert states[0] == states[1] == {"step": "torch.float32", "exp_avg": "torch.float32",
                                      "exp_avg_sq": "torch.float32"}


def test_load_state_dict_restores_settings_and_keeps_own_params():
    params = _params(minitorch)
    optimizer = minitorch.optim.SGD(params, lr=0.1, momentum=0.9)
    _train(minitorch, optimizer, params, steps=2)
    saved = optimizer.state_dict()
    saved["param_groups"][0]["lr"] = 0.5
    other = _params(minitorch, seed=3)
    fresh = minitorch.optim.SGD(other, lr=0.1)
    fresh.load_state_dict(saved)
    assert fresh.param_groups[0]["lr"] == 0.5 and fresh.param_groups[0]["momentum"] == 0.9
    assert fresh.param_groups[0]["params"][0] is other[0]
    np.testing.assert_array_equal(_np(fresh.state[other[0]]["momentum_buffer"]),
                                  _np(optimizer.state[params[0]]["momentum_buffer"]))
    assert saved["param_groups"][0]["params"] == [0, 1]  # the caller's dict is not modified


@pytest.mark.parametrize("set_to_none", [True, False])
def test_zero_grad(set_to_none):
    grads = []
    for lib in (torch, minitorch):
        params = _params(lib)
        optimizer = lib.optim.SGD(params, lr=0.1)
        _train(lib, optimizer, params, steps=1)
        (params[0] ** 2).sum().backward()
        optimizer.zero_grad(set_to_none=set_to_none)
        grads.append([None if p.grad is None else _np(p.grad) for p in params])
    for t, m in zip(*grads):
        assert (t is None) == (m is None)
        if t is not None:
            np.testing.assert_array_equal(m, t)


def test_step_runs_outside_autograd_and_in_place():
    params = _params(minitorch)
    optimizer = minitorch.optim.Adam(params, lr=0.1)
    before = [p._version for p in params]
    data = [p._data for p in params]
    with minitorch.enable_grad():
        _train(minitorch, optimizer, params, steps=1)
    for p, v, d in zip(params, before, data):
        assert p.is_leaf and p.grad_fn is None and p.requires_grad
        assert p._version > v and p._data is d  # the parameter's memory was updated, not replaced


def test_parameters_without_grad_are_skipped_like_torch():
    states = []
    for lib in (torch, minitorch):
        params = _params(lib)
        optimizer = lib.optim.SGD(params, lr=0.1, momentum=0.9)
        (params[0] ** 2).sum().backward()
        optimizer.step()
        states.append(optimizer.state_dict()["state"])
        assert params[1].grad is None
    assert list(states[0]) == list(states[1]) == [0]


def test_closure_is_evaluated_with_grad_enabled_and_its_loss_returned():
    for lib in (torch, minitorch):
        params = _params(lib)
        optimizer = lib.optim.SGD(params, lr=0.1)

        def closure():
            optimizer.zero_grad()
            loss = (params[0] ** 2).sum()
            loss.backward()
            return loss
        with lib.no_grad():
            loss = optimizer.step(closure)
        assert float(loss.detach()) > 0 and params[0].grad is not None


def test_add_param_group_checks_like_torch():
    def errors(lib, build):
        try:
            build(lib)
        except Exception as e:  # noqa: BLE001 - the class is what is compared
            return type(e).__name__
        return None

    p = {lib: _params(lib) for lib in (torch, minitorch)}
    cases = [
        lambda lib: lib.optim.SGD([p[lib][0]], lr=0.1).add_param_group({"params": {p[lib][1]}}),
        lambda lib: lib.optim.SGD([p[lib][0], 3.0], lr=0.1),
        lambda lib: lib.optim.SGD([p[lib][0]], lr=0.1).add_param_group([p[lib][1]]),
        lambda lib: lib.optim.SGD([p[lib][0]], lr=0.1).add_param_group({"params": p[lib][0]}),
        lambda lib: lib.optim.SGD([("a", p[lib][0]), p[lib][1]], lr=0.1),
        lambda lib: lib.optim.SGD([p[lib][0]], lr=-0.1),
        lambda lib: lib.optim.Adam([p[lib][0]], betas=(1.0, 0.9)),
        lambda lib: lib.optim.RMSprop([p[lib][0]], alpha=-1),
        lambda lib: lib.optim.Adagrad([p[lib][0]], lr_decay=-1),
        lambda lib: lib.optim.Adadelta([p[lib][0]], rho=1.5),
    ]
    for build in cases:
        expected = errors(torch, build)
        assert expected is not None
        assert errors(minitorch, build) == expected


def test_added_group_gets_defaults_and_a_duplicate_warns():
    a, b, c = _params(minitorch) + [minitorch.zeros(2, requires_grad=True)]
    optimizer = minitorch.optim.SGD([a], lr=0.1, momentum=0.9)
    optimizer.add_param_group({"params": b, "lr": 0.01})
    assert optimizer.param_groups[1]["params"] == [b] and optimizer.param_groups[1]["momentum"] == 0.9
    assert optimizer.param_groups[1]["lr"] == 0.01
    with pytest.warns(UserWarning, match="duplicate parameters"):
        optimizer.add_param_group({"params": [c, c]})


def test_required_setting_must_be_given():
    from minitorch.optim.optimizer import required

    class NeedsLr(minitorch.optim.Optimizer):
        def __init__(self, params, lr=required):
            super().__init__(params, dict(lr=lr))

    with pytest.raises(ValueError, match="lr"):
        NeedsLr(_params(minitorch))
    assert NeedsLr([{"params": _params(minitorch), "lr": 0.1}]).param_groups[0]["lr"] == 0.1


def test_named_parameters_give_param_names_like_torch():
    dicts = []
    for lib in (torch, minitorch):
        params = _params(lib)
        optimizer = lib.optim.Adam([("w", params[0]), ("b", params[1])], lr=0.1)
        dicts.append(optimizer.state_dict())
    _same_structure(*dicts)


class PlainMomentum(minitorch.optim.Optimizer):
    """A user optimizer written as in torch's docs: settings in defaults, buffers in self.state."""

    def __init__(self, params, lr, beta=0.9):
        super().__init__(params, dict(lr=lr, beta=beta))

    @minitorch.no_grad()
    def step(self, closure=None):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if "velocity" not in state:
                    state["velocity"] = minitorch.zeros_like(p)
                state["velocity"].mul_(group["beta"]).add_(p.grad)
                p.add_(state["velocity"], alpha=-group["lr"])


def test_user_subclass_trains_and_its_state_round_trips():
    params = _params(minitorch)
    optimizer = PlainMomentum(params, lr=0.05)
    _train(minitorch, optimizer, params, steps=5)
    # the same math with torch's SGD (momentum 0.9, no dampening) is the reference
    t_params = _params(torch)
    t_opt = torch.optim.SGD(t_params, lr=0.05, momentum=0.9)
    _train(torch, t_opt, t_params, steps=5)
    for t, m in zip(t_params, params):
        np.testing.assert_allclose(_np(m), _np(t), rtol=1e-10)
    fresh_params = [minitorch.tensor(_np(p)).requires_grad_() for p in params]
    fresh = PlainMomentum(fresh_params, lr=0.05)
    fresh.load_state_dict(optimizer.state_dict())
    assert set(fresh.state[fresh_params[0]]) == {"velocity"}


def test_works_with_nn_parameter():
    nn = pytest.importorskip("minitorch.nn")
    if not hasattr(nn, "Parameter"):
        pytest.skip("nn.Parameter not available yet")
    results = []
    for lib in (torch, minitorch):
        rng = np.random.default_rng(0)
        w = lib.nn.Parameter(lib.tensor(rng.standard_normal((3, 2))))
        optimizer = lib.optim.AdamW([w], lr=0.1)
        _train(lib, optimizer, [w], steps=5)
        results.append(_np(w))
    np.testing.assert_allclose(results[1], results[0], rtol=1e-5, atol=1e-6)


def test_no_warnings_in_a_plain_training_loop():
    params = _params(minitorch)
    optimizer = minitorch.optim.SGD(params, lr=0.1)
    scheduler = minitorch.optim.lr_scheduler.StepLR(optimizer, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(3):
            _train(minitorch, optimizer, params, steps=1)
            scheduler.step()
