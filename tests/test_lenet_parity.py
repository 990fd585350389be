"""The nn acceptance test: LeNet-5 trained for 100 SGD-with-momentum steps in torch and in minitorch, float64,
from identical weights on identical batches, ends with every parameter within 1e-6 of torch's."""
import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

STEPS, BATCH = 100, 8


def lenet(nn):
    """Conv(1,6,5)-ReLU-MaxPool(2)-Conv(6,16,5)-ReLU-MaxPool(2)-Flatten-Linear(256,120)-ReLU-Linear(120,84)-ReLU-
    Linear(84,10), for 1x28x28 images."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def train(lib, model, batches):
    """SGD with momentum and weight decay on CrossEntropyLoss; returns the loss of every step."""
    optimizer = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    loss_fn = lib.nn.CrossEntropyLoss()
    losses = []
    for images, labels in batches:
        optimizer.zero_grad()
        loss = loss_fn(model(lib.tensor(images)), lib.tensor(labels))
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


@pytest.fixture
def one_torch_thread():
    """torch's thread pool fights the other test processes for the cores; one thread is fastest here."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def test_lenet_trains_like_torch(one_torch_thread):
    rng = np.random.default_rng(0)
    # a learnable task: the label is decided by which of ten fixed patterns the image is closest to
    patterns = rng.standard_normal((10, 1, 28, 28))
    batches = []
    for _ in range(STEPS):
        labels = rng.integers(0, 10, BATCH)
        batches.append((patterns[labels] + 0.5 * rng.standard_normal((BATCH, 1, 28, 28)), labels))

    torch.manual_seed(0)  # the shared initial weights: a fixed draw, so "it learned" is checked on one known run
    theirs = lenet(torch.nn).double()
    ours = lenet(minitorch.nn).double()
    ours.load_state_dict({k: minitorch.tensor(v.numpy()) for k, v in theirs.state_dict().items()})
    initial = {k: v.detach().numpy().copy() for k, v in theirs.state_dict().items()}

    t_losses = train(torch, theirs, batches)
    m_losses = train(minitorch, ours, batches)

    np.testing.assert_allclose(m_losses, t_losses, rtol=1e-8, atol=1e-10)
    assert np.mean(t_losses[-10:]) < 0.5 * np.mean(t_losses[:10])  # it really learned something
    t_params = dict(theirs.named_parameters())
    names = [n for n, _ in ours.named_parameters()]
    assert names == list(t_params)
    for name, p in ours.named_parameters():
        ours_now, theirs_now = p.detach().numpy(), t_params[name].detach().numpy()
        assert np.abs(theirs_now - initial[name]).max() > 1e-3  # every parameter moved
        np.testing.assert_allclose(ours_now, theirs_now, rtol=0, atol=1e-6, err_msg=name)
