"""Parity with torch 2.13 for optim.Adafactor (parameters after several steps with the same gradients, every option,
float64 tight and float32 torch-like; state and state_dict round trips) and optim.SparseAdam (settings, checks,
state dict, and torch's refusal of dense gradients: minitorch has no sparse ones)."""
import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

TOLERANCE = {"float64": 1e-12, "float32": 2e-5}
SHAPES = [(3, 4), (5,), (2, 3, 4), (), (1, 6), (4, 1)]


def _params(lib, dtype, shapes=SHAPES, seed=1):
    rng = np.random.default_rng(seed)
    return [lib.nn.Parameter(lib.tensor(rng.standard_normal(s).astype(dtype))) for s in shapes]


def _gradients(shapes, dtype, steps, seed=2):
    rng = np.random.default_rng(seed)
    return [[rng.standard_normal(s).astype(dtype) for s in shapes] for _ in range(steps)]


def _train(lib, dtype, make, steps=6, shapes=SHAPES, skip=None):
    """make(lib, params) -> optimizer; steps with the same gradients in both libraries. ``skip``: the index of a
    parameter left without a gradient."""
    params = _params(lib, dtype, shapes)
    opt = make(lib, params)
    for grads in _gradients(shapes, dtype, steps):
        for i, (p, g) in enumerate(zip(params, grads)):
            p.grad = None if i == skip else lib.tensor(g)
        opt.step()
    return params, opt


def _close(t, m, dtype):
    expected, got = t.detach().numpy(), m.detach().numpy()
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=TOLERANCE[dtype], atol=TOLERANCE[dtype])


def _compare(dtype, make, **kwargs):
    (tp, topt), (mp, mopt) = (_train(lib, dtype, make, **kwargs) for lib in (torch, minitorch))
    for t, m in zip(tp, mp):
        _close(t, m, dtype)
    return topt, mopt


ADAFACTOR_OPTIONS = {
    "defaults": {},
    "lr": {"lr": 0.1},
    "lr_large": {"lr": 2.0},
    "beta2_decay": {"beta2_decay": -0.5},
    "beta2_decay_zero": {"beta2_decay": 0.0},
    "eps1": {"eps": (1e-5, 1e-3)},
    "eps2": {"eps": (None, 0.5)},
    "eps_zero": {"eps": (0.0, 0.0)},
    "d": {"d": 2.5},
    "weight_decay": {"weight_decay": 0.1},
    "foreach": {"foreach": True},
    "foreach_false": {"foreach": False},
    "maximize": {"maximize": True},
    "all": {"lr": 0.5, "beta2_decay": -0.6, "eps": (1e-4, 1e-2), "d": 1.5, "weight_decay": 0.01,
            "maximize": True, "foreach": True},
}


@pytest.mark.parametrize("dtype", sorted(TOLERANCE))
@pytest.mark.parametrize("option", sorted(ADAFACTOR_OPTIONS))
def test_adafactor_matches_torch(option, dtype):
    _compare(dtype, lambda lib, params: lib.optim.Adafactor(params, **ADAFACTOR_OPTIONS[option]))


@pytest.mark.parametrize("dtype", sorted(TOLERANCE))
def test_adafactor_tensor_lr_and_groups(dtype):
    def make(lib, params):
        return lib.optim.Adafactor([{"params": params[:2], "lr": lib.tensor([0.05])},
                                    {"params": params[2:], "weight_decay": 0.2, "maximize": True}], d=1.2)
    _compare(dtype, make)


def test_adafactor_skips_parameters_without_gradients():
    topt, mopt = _compare("float64", lambda lib, params: lib.optim.Adafactor(params), skip=1)
    assert len(mopt.state) == len(topt.state) == len(SHAPES) - 1


def test_adafactor_float16_parameters():
    _compare("float32", lambda lib, params: lib.optim.Adafactor(params, lr=0.1), steps=3, shapes=[(3, 4), (5,)])
    results = []
    for lib in (torch, minitorch):
        p = lib.nn.Parameter(lib.tensor(np.linspace(-1, 1, 12).reshape(3, 4), dtype=lib.float16))
        opt = lib.optim.Adafactor([p])
        p.grad = lib.ones(3, 4, dtype=lib.float16)
        opt.step()
        results.append(p.detach().float().numpy())
    np.testing.assert_allclose(results[1], results[0], rtol=2e-3, atol=2e-3)


def test_adafactor_state_layout_and_state_dict_like_torch():
    topt, mopt = _compare("float32", lambda lib, params: lib.optim.Adafactor(params), steps=2)
    tsd, msd = topt.state_dict(), mopt.state_dict()
    assert msd["param_groups"] == tsd["param_groups"]
    assert sorted(msd["state"]) == sorted(tsd["state"])
    for index, t_state in tsd["state"].items():
        m_state = msd["state"][index]
        assert list(m_state) == list(t_state)
        for key in t_state:
            assert str(m_state[key].dtype).split(".")[-1] == str(t_state[key].dtype).split(".")[-1]
            assert tuple(m_state[key].shape) == tuple(t_state[key].shape)
            np.testing.assert_allclose(m_state[key].numpy(), t_state[key].numpy(), rtol=2e-5, atol=1e-7)
    assert repr(mopt) == repr(topt)


def test_adafactor_state_dict_round_trip():
    """Saving after 3 steps and loading into a fresh optimizer continues exactly as never stopping."""
    shapes, dtype = SHAPES, "float64"
    grads = _gradients(shapes, dtype, 6)
    straight = _params(minitorch, dtype)
    opt = minitorch.optim.Adafactor(straight, weight_decay=0.01)
    resumed = _params(minitorch, dtype)
    first = minitorch.optim.Adafactor(resumed, weight_decay=0.01)
    for step, gs in enumerate(grads):
        for p, q, g in zip(straight, resumed, gs):
            p.grad, q.grad = minitorch.tensor(g), minitorch.tensor(g)
        opt.step()
        first.step()
        if step == 2:
            saved = first.state_dict()
            first = minitorch.optim.Adafactor(resumed, lr=0.3)
            first.load_state_dict(saved)
            assert first.param_groups[0]["lr"] == 1e-2 and first.param_groups[0]["weight_decay"] == 0.01
    for p, q in zip(straight, resumed):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_adafactor_loads_a_torch_state_dict():
    (tp, topt) = _train(torch, "float64", lambda lib, params: lib.optim.Adafactor(params), steps=3)
    mp = [minitorch.nn.Parameter(minitorch.tensor(p.detach().numpy())) for p in tp]
    mopt = minitorch.optim.Adafactor(mp)
    mopt.load_state_dict(topt.state_dict())
    for step_grads in _gradients(SHAPES, "float64", 2, seed=9):
        for lib, params, opt in ((torch, tp, topt), (minitorch, mp, mopt)):
            for p, g in zip(params, step_grads):
                p.grad = lib.tensor(g)
            opt.step()
    for t, m in zip(tp, mp):
        _close(t, m, "float64")
    assert mopt.state[mp[0]]["step"].item() == 5.0


def test_adafactor_closure_and_step_count():
    for lib in (torch, minitorch):
        p = lib.nn.Parameter(lib.ones(2, 3))
        opt = lib.optim.Adafactor([p])

        def closure():
            opt.zero_grad()
            loss = (p * p).sum()
            loss.backward()
            return loss
        assert opt.step(closure).item() == 6.0
        assert opt.state[p]["step"].item() == 1.0 and opt.state[p]["step"].dtype == lib.float32


@pytest.mark.parametrize("kwargs", [{"lr": -1.0}, {"beta2_decay": 0.1}, {"eps": (-1e-3, 1e-3)}, {"eps": (None, -1)},
                                    {"d": 0.9}, {"weight_decay": -0.5}])
def test_adafactor_setting_errors_like_torch(kwargs):
    messages = []
    for lib in (torch, minitorch):
        with pytest.raises(ValueError) as error:
            lib.optim.Adafactor([lib.nn.Parameter(lib.ones(2))], **kwargs)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


# --- SparseAdam ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs", [{"lr": 0.0}, {"lr": -1.0}, {"eps": 0.0}, {"betas": (1.0, 0.5)},
                                    {"betas": (0.5, -0.1)}])
def test_sparse_adam_setting_errors_like_torch(kwargs):
    messages = []
    for lib in (torch, minitorch):
        with pytest.raises(ValueError) as error:
            lib.optim.SparseAdam([lib.nn.Parameter(lib.ones(2))], **kwargs)
        messages.append(str(error.value))
    assert messages[0] == messages[1]


def test_sparse_adam_refuses_dense_gradients_like_torch():
    outcomes = []
    for lib in (torch, minitorch):
        weight = lib.nn.Parameter(lib.ones(4, 3))
        other = lib.nn.Parameter(lib.ones(2))
        opt = lib.optim.SparseAdam([{"params": [other]}, {"params": [weight], "lr": 0.1}], betas=(0.8, 0.9))
        assert opt.step(lambda: 1.5) == 1.5  # no gradients yet: nothing to do
        weight.grad = lib.ones(4, 3)
        with pytest.raises(RuntimeError) as error:
            opt.step()
        outcomes.append((str(error.value), len(opt.state), opt.state_dict(), repr(opt).count("lr: 0.1")))
        assert weight.detach().numpy().tolist() == [[1.0] * 3] * 4
    assert outcomes[0] == outcomes[1]
