"""Normalization layers beyond the parity registry (minitorch/parity/cases_norm.py): finite-difference gradient
checks, double backward, running-statistics semantics, reprs and state_dict exchange with torch."""
import copy

import numpy as np
import pytest

import minitorch
import minitorch.nn.functional as F
from minitorch.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")


def leaf(array):
    return minitorch.tensor(array, dtype=minitorch.float64, requires_grad=True)


@pytest.mark.parametrize("name, fn, shape", [
    ("batch_norm", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), (3, 2, 4)),
    ("batch_norm_eval", lambda x, w, b: F.batch_norm(x, (w * 0).detach() + 0.3, (w * 0).detach() + 1.7, w, b),
     (3, 2, 4)),
    ("instance_norm", lambda x, w, b: F.instance_norm(x, weight=w, bias=b), (2, 2, 5)),
    ("group_norm", lambda x, w, b: F.group_norm(x.reshape(3, 2, 2, 2), 1, w, b), (3, 2, 4)),
    ("layer_norm", lambda x, w, b: F.layer_norm(x.transpose(1, 2), [2], w, b), (3, 2, 4)),
    ("rms_norm", lambda x, w, b: F.rms_norm(x.transpose(1, 2), [2], w) + b, (3, 2, 4)),
    ("local_response_norm", lambda x, w, b: F.local_response_norm(x, 2, alpha=0.5, k=1.5) * w.reshape(2, 1), (3, 2, 4)),
])
def test_gradcheck_and_gradgradcheck(rng, name, fn, shape):
    x = leaf(rng.standard_normal(shape))
    w, b = leaf(rng.uniform(0.5, 1.5, 2)), leaf(rng.standard_normal(2))
    assert gradcheck(fn, (x, w, b))
    assert gradgradcheck(fn, (x, w, b))


def test_batch_norm_double_backward_matches_torch(rng):
    """A gradient penalty through BatchNorm: d/dx of |d out / dx|^2, in both libraries."""
    data, w0 = rng.standard_normal((4, 3, 2)), rng.uniform(0.5, 1.5, 3)
    results = []
    for lib in (torch, minitorch):
        x = lib.tensor(data, requires_grad=True)
        w = lib.tensor(w0, requires_grad=True)
        out = lib.nn.functional.batch_norm(x, None, None, w, None, training=True)
        (g,) = lib.autograd.grad((out ** 3).sum(), x, create_graph=True)
        results.append([t.detach().numpy() for t in lib.autograd.grad((g * g).sum(), (x, w))])
    for ours, theirs in zip(results[1], results[0]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def copy_weights(theirs, ours):
    """Load a torch module's state_dict into the minitorch module (both must use torch's names)."""
    ours.load_state_dict({k: minitorch.tensor(v.detach().numpy()) for k, v in theirs.state_dict().items()})


@pytest.mark.parametrize("momentum", [0.1, None])
def test_batch_norm_training_steps_then_eval_float32(rng, momentum):
    """Five training steps on changing batches, then eval: outputs, grads, running stats and the step count."""
    t_bn, m_bn = torch.nn.BatchNorm2d(4, momentum=momentum), minitorch.nn.BatchNorm2d(4, momentum=momentum)
    with torch.no_grad():
        t_bn.weight.uniform_(0.5, 1.5)
        t_bn.bias.uniform_(-1, 1)
    copy_weights(t_bn, m_bn)
    for step in range(6):
        if step == 5:
            t_bn.eval()
            m_bn.eval()
        data = (rng.standard_normal((3, 4, 5, 5)) * (step + 1) + step).astype(np.float32)
        up = rng.standard_normal((3, 4, 5, 5)).astype(np.float32)
        t_x, m_x = torch.tensor(data, requires_grad=True), minitorch.tensor(data, requires_grad=True)
        t_out, m_out = t_bn(t_x), m_bn(m_x)
        t_out.backward(torch.tensor(up))
        m_out.backward(minitorch.tensor(up))
        np.testing.assert_allclose(m_out.detach().numpy(), t_out.detach().numpy(), rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(m_x.grad.numpy(), t_x.grad.numpy(), rtol=1e-4, atol=1e-5)
    for name, t_b in t_bn.named_buffers():
        m_b = dict(m_bn.named_buffers())[name]
        assert m_b.dtype == getattr(minitorch, str(t_b.dtype).split(".")[1])
        np.testing.assert_allclose(m_b.numpy(), t_b.numpy(), rtol=1e-5, atol=1e-6)
    for name, t_p in t_bn.named_parameters():
        np.testing.assert_allclose(dict(m_bn.named_parameters())[name].grad.numpy(), t_p.grad.numpy(),
                                   rtol=1e-4, atol=1e-4)
    assert int(m_bn.num_batches_tracked) == 5


def test_momentum_none_is_the_cumulative_average(rng):
    """momentum=None: after k batches, running_mean is the plain average of the k batch means."""
    bn = minitorch.nn.BatchNorm1d(2, momentum=None).double()
    means = []
    for _ in range(4):
        x = minitorch.tensor(rng.standard_normal((6, 2)) + rng.standard_normal(2))
        bn(x)
        means.append(x.numpy().mean(0))
    np.testing.assert_allclose(bn.running_mean.numpy(), np.mean(means, 0), rtol=1e-12)


def test_eval_mode_is_deterministic_and_leaves_stats_alone(rng):
    bn = minitorch.nn.BatchNorm1d(3)
    bn(minitorch.tensor(rng.standard_normal((8, 3)), dtype=minitorch.float32))
    bn.eval()
    before = [b.numpy().copy() for b in bn.buffers()]
    x = minitorch.tensor(rng.standard_normal((2, 3)), dtype=minitorch.float32)
    np.testing.assert_array_equal(bn(x).detach().numpy(), bn(x).detach().numpy())
    for b, old in zip(bn.buffers(), before):
        np.testing.assert_array_equal(b.numpy(), old)
    # a single sample is fine in eval (torch refuses it only in training)
    assert tuple(bn(x[:1]).shape) == (1, 3)


def test_running_stats_are_buffers_not_parameters():
    bn = minitorch.nn.BatchNorm2d(3)
    assert [n for n, _ in bn.named_parameters()] == ["weight", "bias"]
    assert [n for n, _ in bn.named_buffers()] == ["running_mean", "running_var", "num_batches_tracked"]
    assert bn.num_batches_tracked.dtype is minitorch.int64
    bn(minitorch.randn(4, 3, 2, 2))
    assert not bn.running_mean.requires_grad and bn.running_mean.grad_fn is None


def test_state_dict_round_trip_with_torch(rng):
    """Stats trained in torch, loaded into minitorch, give torch's eval outputs; and the keys are the same."""
    t_bn = torch.nn.BatchNorm2d(3).double()
    for _ in range(3):
        t_bn(torch.tensor(rng.standard_normal((4, 3, 2, 2)) * 3 + 1))
    m_bn = minitorch.nn.BatchNorm2d(3).double()
    copy_weights(t_bn, m_bn)
    assert list(m_bn.state_dict()) == list(t_bn.state_dict())
    t_bn.eval()
    m_bn.eval()
    data = rng.standard_normal((2, 3, 2, 2))
    np.testing.assert_allclose(m_bn(minitorch.tensor(data)).detach().numpy(), t_bn(torch.tensor(data)).detach().numpy(),
                               rtol=1e-12)
    assert int(m_bn.num_batches_tracked) == 3


def test_old_checkpoint_without_num_batches_tracked_loads():
    bn = minitorch.nn.BatchNorm1d(2)
    state = {"weight": minitorch.ones(2), "bias": minitorch.zeros(2), "running_mean": minitorch.ones(2),
             "running_var": minitorch.ones(2)}
    bn.load_state_dict(state)
    assert int(bn.num_batches_tracked) == 0


@pytest.mark.parametrize("make", [
    lambda nn: nn.BatchNorm2d(6),
    lambda nn: nn.BatchNorm1d(3, eps=1e-3, momentum=None, affine=False),
    lambda nn: nn.BatchNorm3d(2, track_running_stats=False, bias=False),
    lambda nn: nn.InstanceNorm2d(3),
    lambda nn: nn.InstanceNorm1d(4, affine=True, track_running_stats=True),
    lambda nn: nn.LayerNorm(10),
    lambda nn: nn.LayerNorm([3, 4], elementwise_affine=False),
    lambda nn: nn.GroupNorm(2, 6),
    lambda nn: nn.RMSNorm(4, eps=1e-6),
    lambda nn: nn.LocalResponseNorm(3),
])
def test_repr_and_names_match_torch(make):
    ours, theirs = make(minitorch.nn), make(torch.nn)
    assert repr(ours) == repr(theirs)
    assert [(n, tuple(t.shape)) for n, t in ours.state_dict().items()] == \
        [(n, tuple(t.shape)) for n, t in theirs.state_dict().items()]


def test_reset_parameters_and_running_stats():
    bn = minitorch.nn.BatchNorm1d(2)
    with minitorch.no_grad():
        bn.weight.fill_(3)
    bn(minitorch.randn(5, 2) * 4 + 2)
    bn.reset_parameters()
    np.testing.assert_array_equal(bn.weight.detach().numpy(), [1, 1])
    np.testing.assert_array_equal(bn.running_mean.numpy(), [0, 0])
    np.testing.assert_array_equal(bn.running_var.numpy(), [1, 1])
    assert int(bn.num_batches_tracked) == 0


def test_deepcopy_and_double_keep_buffers():
    bn = minitorch.nn.BatchNorm1d(2)
    bn(minitorch.randn(5, 2))
    twin = copy.deepcopy(bn).double()
    assert twin.running_mean.dtype is minitorch.float64 and twin.num_batches_tracked.dtype is minitorch.int64
    np.testing.assert_allclose(twin.running_mean.numpy(), bn.running_mean.numpy())
