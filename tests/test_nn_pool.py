"""Pooling and padding beyond the parity registry: finite-difference gradchecks in float64, the tie rule stated
directly, non-contiguous inputs, float32 at benchmark-like shapes, and a small CNN against torch."""
import numpy
import pytest

import minitorch
import minitorch.nn.functional as F
from minitorch.autograd.gradcheck import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")


def _leaf(x):
    return minitorch.tensor(x, dtype=minitorch.float64, requires_grad=True)


def _distinct(rng, *shape):
    """Well-separated values: no ties, so finite differences do not cross a kink."""
    return rng.permutation(numpy.prod(shape)).reshape(shape) * 0.1 + rng.uniform(0, 0.01, shape)


GRADCHECK = [
    lambda x: F.max_pool2d(x, 3, 2, 1, ceil_mode=True),
    lambda x: F.max_pool2d(x, (2, 3), (1, 2), (1, 1), dilation=(2, 1)),
    lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
    lambda x: F.avg_pool2d(x, (3, 2), 1, (1, 0), divisor_override=3),
    lambda x: F.adaptive_avg_pool2d(x, (3, 2)),
    lambda x: F.adaptive_max_pool2d(x, (3, 4)),
    lambda x: F.pad(x, (2, 1, -1, 3), mode="reflect"),
    lambda x: F.pad(x, (2, 3, 1, -2), mode="circular"),
    lambda x: F.pad(x, (2, 1, 4, 0), mode="replicate"),
    lambda x: F.pad(x, (2, -1, 1, 1), value=0.5),
    lambda x: F.max_pool1d(x.flatten(2), 3, 2, 1),
    lambda x: F.avg_pool1d(x.flatten(2), 4, 3, 2, count_include_pad=False),
]


@pytest.mark.parametrize("index", range(len(GRADCHECK)))
def test_gradcheck(index):
    x = _leaf(_distinct(numpy.random.default_rng(index), 1, 2, 5, 6))
    assert gradcheck(GRADCHECK[index], (x,), eps=1e-6, atol=1e-6)
    assert gradgradcheck(GRADCHECK[index], (x,), eps=1e-6, atol=1e-6)


def test_first_maximum_of_a_window_gets_the_gradient():
    x = minitorch.ones(1, 1, 4, 6, requires_grad=True)
    values, indices = F.max_pool2d(x, (2, 3), return_indices=True)
    values.sum().backward()
    assert indices.tolist() == [[[[0, 3], [12, 15]]]]
    expected = numpy.zeros((4, 6))
    expected[0::2, 0::3] = 1
    numpy.testing.assert_array_equal(x.grad.numpy()[0, 0], expected)


def test_overlapping_windows_accumulate_like_torch():
    x = numpy.random.default_rng(3).integers(0, 2, (2, 3, 7, 7)).astype("float32")
    results = []
    for lib in (torch, minitorch):
        t = lib.tensor(x, requires_grad=True)
        y, i = lib.nn.functional.max_pool2d(t, 3, 1, 1, return_indices=True)
        (y * lib.arange(float(y.numel())).reshape(y.shape)).sum().backward()
        results.append((y.detach().numpy(), i.numpy(), t.grad.numpy()))
    for a, b in zip(*results):
        numpy.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("fn", ["max_pool2d", "avg_pool2d"])
def test_non_contiguous_input(fn):
    x = numpy.random.default_rng(4).standard_normal((2, 3, 8, 6))
    results = []
    for lib in (torch, minitorch):
        t = lib.tensor(x, requires_grad=True)
        y = getattr(lib.nn.functional, fn)(t.transpose(2, 3)[:, ::2], 3, 2, 1)
        y.backward(lib.ones_like(y))
        results.append((y.detach().numpy(), t.grad.numpy()))
    for a, b in zip(*results):
        numpy.testing.assert_allclose(a, b, rtol=1e-12)


@pytest.mark.parametrize("kernel,stride", [(2, 2), (3, 2)])
def test_float32_benchmark_like_shapes(kernel, stride):
    x = numpy.random.default_rng(5).standard_normal((4, 8, 32, 32)).astype("float32")
    g = numpy.random.default_rng(6).standard_normal((4, 8) + (((32 - kernel) // stride + 1),) * 2).astype("float32")
    results = []
    for lib in (torch, minitorch):
        t = lib.tensor(x, requires_grad=True)
        y, i = lib.nn.functional.max_pool2d(t, kernel, stride, return_indices=True)
        y.backward(lib.tensor(g))
        results.append((y.detach().numpy(), i.numpy(), t.grad.numpy()))
    (y_t, i_t, g_t), (y_m, i_m, g_m) = results
    numpy.testing.assert_array_equal(y_m, y_t)
    numpy.testing.assert_array_equal(i_m, i_t)
    numpy.testing.assert_allclose(g_m, g_t, rtol=1e-6, atol=1e-6)  # overlaps add in another order
    assert results[1][0].dtype == numpy.float32 and results[1][2].dtype == numpy.float32


def _lenet(lib):
    nn = lib.nn
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                         nn.AvgPool2d(2), nn.AdaptiveAvgPool2d((2, 2)), nn.Flatten(), nn.Linear(64, 10))


def test_small_cnn_matches_torch():
    tnet, mnet = _lenet(torch), _lenet(minitorch)
    mnet.load_state_dict({k: minitorch.tensor(v.detach().numpy()) for k, v in tnet.state_dict().items()})
    x = numpy.random.default_rng(7).standard_normal((3, 1, 28, 28)).astype("float32")
    outs = []
    for lib, net in ((torch, tnet), (minitorch, mnet)):
        y = net(lib.tensor(x))
        y.square().sum().backward()
        outs.append([y.detach().numpy()] + [p.grad.numpy() for p in net.parameters()])
    for a, b in zip(*outs):
        numpy.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5)


GRADCHECK_3D = [
    lambda x: F.max_pool3d(x, 3, 2, 1, ceil_mode=True),
    lambda x: F.max_pool3d(x, (2, 3, 2), (1, 2, 2), (1, 1, 0), dilation=(2, 1, 2)),
    lambda x: F.avg_pool3d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
    lambda x: F.avg_pool3d(x, (2, 3, 2), 1, (1, 0, 1), divisor_override=3),
    lambda x: F.adaptive_avg_pool3d(x, (3, 2, 4)),
    lambda x: F.adaptive_max_pool3d(x, (2, 3, 4)),
    lambda x: F.max_unpool3d(*F.max_pool3d(x, 2, return_indices=True), 2, output_size=x.shape[2:]),
]


@pytest.mark.parametrize("index", range(len(GRADCHECK_3D)))
def test_gradcheck_3d(index):
    x = _leaf(_distinct(numpy.random.default_rng(index), 1, 2, 4, 5, 6))
    assert gradcheck(GRADCHECK_3D[index], (x,), eps=1e-6, atol=1e-6)
    assert gradgradcheck(GRADCHECK_3D[index], (x,), eps=1e-6, atol=1e-6)


@pytest.mark.parametrize("kernel,stride,padding", [(2, 2, 0), (3, 2, 1), (3, 1, 1)])
def test_max_pool3d_float32_ties_like_torch(kernel, stride, padding):
    """Integer-valued float32 data: many tied windows; values, indices and the scattered gradient are exact."""
    x = numpy.random.default_rng(8).integers(0, 3, (2, 3, 6, 7, 8)).astype("float32")
    results = []
    for lib in (torch, minitorch):
        t = lib.tensor(x, requires_grad=True)
        y, i = lib.nn.functional.max_pool3d(t, kernel, stride, padding, return_indices=True)
        (y * lib.arange(float(y.numel())).reshape(y.shape)).sum().backward()
        results.append((y.detach().numpy(), i.numpy(), t.grad.numpy()))
    for a, b in zip(*results):
        numpy.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("kernel,stride", [(2, 2), (3, 2)])
def test_non_finite_upstream_gradient_reaches_only_its_winner(kernel, stride):
    x = numpy.random.default_rng(9).standard_normal((2, 3, 7, 8))
    grads = []
    for lib in (torch, minitorch):
        t = lib.tensor(x, requires_grad=True)
        y = lib.nn.functional.max_pool2d(t, kernel, stride)
        g = lib.ones(y.shape)
        g[0, 0, 0, 0], g[1, 2, 1, 1] = float("inf"), float("nan")
        y.backward(g)
        grads.append(t.grad.numpy())
    numpy.testing.assert_array_equal(grads[1], grads[0])
