"""Recurrent layers beyond the parity registry (minitorch/parity/cases_rnn.py): finite-difference gradient checks,
initialisation, names and reprs, dropout between layers, and a short training run against torch."""
import math
import warnings

import numpy as np
import pytest

import minitorch
from minitorch.autograd import gradcheck, gradgradcheck
from minitorch.parity.bisect import copy_weights
from minitorch.nn.modules import rnn

torch = pytest.importorskip("torch")


def leaf(array):
    return minitorch.tensor(array, dtype=minitorch.float64, requires_grad=True)


@pytest.mark.parametrize("make, n_states", [
    (lambda nn: nn.RNN(2, 3, num_layers=2, bidirectional=True), 1),
    (lambda nn: nn.LSTM(2, 3, num_layers=2, bidirectional=True, batch_first=True), 2),
    (lambda nn: nn.LSTM(2, 3, proj_size=2), 2),
    (lambda nn: nn.GRU(2, 3, num_layers=2, bidirectional=True), 1),
])
def test_gradcheck_input_and_initial_states(rng, make, n_states):
    module = make(minitorch.nn).double()
    layers = module.num_layers * (2 if module.bidirectional else 1)
    seq, batch = 3, 2
    x = leaf(rng.standard_normal((batch, seq, 2) if module.batch_first else (seq, batch, 2)))
    sizes = [module.proj_size or module.hidden_size, module.hidden_size][:n_states]
    states = [leaf(rng.standard_normal((layers, batch, s))) for s in sizes]

    def fn(x, *states):
        out, final = module(x, tuple(states) if n_states == 2 else states[0])
        return (out,) + (final if n_states == 2 else (final,))
    assert gradcheck(fn, (x, *states))


@pytest.mark.parametrize("step", [rnn._tanh_step, rnn._relu_step, rnn._lstm_step, rnn._gru_step])
def test_steps_gradgradcheck(rng, step):
    """Second derivatives of one time step with respect to the input projection, the state and the weights."""
    gates = {rnn._lstm_step: 4, rnn._gru_step: 3}.get(step, 1)
    projected = rng.standard_normal((2, gates * 3))
    if step is rnn._relu_step:  # keep the pre-activations away from relu's kink, where finite differences fail
        projected += np.sign(projected) * 3
    xw, h = leaf(projected), leaf(rng.standard_normal((2, 3)))
    w_hh, b_hh = leaf(rng.standard_normal((gates * 3, 3)) * 0.5), leaf(rng.standard_normal(gates * 3))

    def fn(xw, h, w, b):
        return step(xw, (h, h * 0.5) if step is rnn._lstm_step else (h,), w, b)
    assert gradcheck(fn, (xw, h, w_hh, b_hh))
    assert gradgradcheck(fn, (xw, h, w_hh, b_hh))


@pytest.mark.parametrize("make", [
    lambda nn: nn.LSTM(10, 20, num_layers=2, batch_first=True),
    lambda nn: nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True),
    lambda nn: nn.RNN(3, 4, 2, "relu", bias=False),
    lambda nn: nn.RNN(3, 4, nonlinearity="relu", bidirectional=True, batch_first=True),
    lambda nn: nn.GRU(3, 4, num_layers=3, dropout=0.25, bidirectional=True),
    lambda nn: nn.RNNCell(3, 4, bias=False, nonlinearity="relu"),
    lambda nn: nn.LSTMCell(3, 4),
    lambda nn: nn.GRUCell(3, 4, bias=False),
])
def test_names_shapes_and_repr_match_torch(make):
    ours, theirs = make(minitorch.nn), make(torch.nn)
    assert repr(ours) == repr(theirs)
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]


def test_init_is_uniform_within_one_over_sqrt_hidden():
    module = minitorch.nn.LSTM(30, 64, num_layers=2)
    bound = 1 / math.sqrt(64)
    values = np.concatenate([p.detach().numpy().ravel() for p in module.parameters()])
    assert np.abs(values).max() <= bound
    assert abs(values.std() - bound / math.sqrt(3)) < 0.01 * bound  # the std of U(-b, b)
    assert abs(values.mean()) < 0.01 * bound


def test_dropout_between_layers_only_in_training(rng):
    module = minitorch.nn.GRU(3, 8, num_layers=2, dropout=0.5).double()
    x = minitorch.tensor(rng.standard_normal((4, 2, 3)))
    module.eval()
    reference = module(x)[0].detach().numpy()
    np.testing.assert_array_equal(module(x)[0].detach().numpy(), reference)
    module.train()
    trained = [module(x)[0].detach().numpy() for _ in range(3)]
    assert not np.allclose(trained[0], reference) and not np.allclose(trained[0], trained[1])


def test_dropout_one_zeroes_the_inputs_of_upper_layers_as_torch(rng):
    """dropout=1 is deterministic (every upper-layer input is zero), so it can be compared with torch."""
    theirs = torch.nn.LSTM(3, 4, num_layers=2, dropout=1.0).double()
    ours = minitorch.nn.LSTM(3, 4, num_layers=2, dropout=1.0).double()
    copy_weights(ours, theirs)
    data = rng.standard_normal((5, 2, 3))
    t_out, (t_h, _) = theirs(torch.tensor(data))
    m_out, (m_h, _) = ours(minitorch.tensor(data))
    np.testing.assert_allclose(m_out.detach().numpy(), t_out.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(m_h.detach().numpy(), t_h.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_dropout_with_one_layer_warns():
    with pytest.warns(UserWarning, match="num_layers greater than 1"):
        minitorch.nn.LSTM(3, 4, dropout=0.3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minitorch.nn.LSTM(3, 4, num_layers=2, dropout=0.3)


@pytest.mark.parametrize("kind", ["LSTM", "GRU"])
def test_training_steps_match_torch_float64(rng, kind):
    """10 SGD steps of a bidirectional two-layer net on a regression target: every parameter stays equal."""
    theirs = getattr(torch.nn, kind)(3, 4, num_layers=2, bidirectional=True, batch_first=True).double()
    ours = getattr(minitorch.nn, kind)(3, 4, num_layers=2, bidirectional=True, batch_first=True).double()
    copy_weights(ours, theirs)
    t_opt = torch.optim.SGD(theirs.parameters(), lr=0.1, momentum=0.9)
    m_opt = minitorch.optim.SGD(ours.parameters(), lr=0.1, momentum=0.9)
    for _ in range(10):
        data, target = rng.standard_normal((2, 5, 3)), rng.standard_normal((2, 5, 8))
        for lib, module, opt in ((torch, theirs, t_opt), (minitorch, ours, m_opt)):
            opt.zero_grad()
            out = module(lib.tensor(data))[0]
            ((out - lib.tensor(target)) ** 2).mean().backward()
            opt.step()
    t_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        np.testing.assert_allclose(p.detach().numpy(), t_params[name].detach().numpy(), rtol=1e-9, atol=1e-11)


def test_all_weights_groups_parameters_per_layer_and_direction():
    module = minitorch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    assert [len(group) for group in module.all_weights] == [4, 4, 4, 4]
    assert module.all_weights[1][0] is module.weight_ih_l0_reverse
