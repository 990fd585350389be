"""Convolutions beyond the parity registry: every algorithm against torch, finite-difference gradchecks in float64,
the algorithm setting and its measured 'auto' choice, and module construction."""
import math

import numpy
import pytest

import minitorch
import minitorch.nn.functional as F
from minitorch.autograd.gradcheck import gradcheck, gradgradcheck
from minitorch.ops import conv as conv_ops
from minitorch.parity import run_case, select

torch = pytest.importorskip("torch")


@pytest.fixture
def algorithm(request):
    previous = conv_ops.get_algorithm()
    conv_ops.set_algorithm(request.param)
    yield request.param
    conv_ops.set_algorithm(previous)


CONV_CASES = [c for c in select("F.conv") if "/error/" not in c.name] + select("nn.Conv")


@pytest.mark.parametrize("algorithm", ["im2col", "rows", "offsets", "wide", "batchlast", "blocked"], indirect=True)
@pytest.mark.parametrize("case", [c for c in CONV_CASES if c.dtype == "float64"], ids=lambda c: c.name)
def test_every_algorithm_matches_torch(algorithm, case):
    ok, _, msg = run_case(case, torch=torch)
    assert ok, msg


@pytest.mark.parametrize("algorithm", ["blocked"], indirect=True)
@pytest.mark.parametrize("case", [c for c in CONV_CASES if c.dtype == "float32"], ids=lambda c: c.name)
def test_blocked_split_over_threads_and_blocks_matches_torch(algorithm, case, monkeypatch):
    """'blocked' with one image per block and every batch split over the threads (BLAS single-threaded)."""
    from minitorch.ops import conv_blocked
    monkeypatch.setattr(conv_blocked, "_BLOCK_BYTES", 1)
    monkeypatch.setattr(conv_blocked, "_MIN_THREAD_FLOPS", 1)
    previous = minitorch.get_num_threads()
    minitorch.set_num_threads(2)
    try:
        ok, _, msg = run_case(case, torch=torch)
    finally:
        minitorch.set_num_threads(previous)
    assert ok, msg


@pytest.mark.parametrize("options", [dict(padding=1), dict(stride=2, padding=(2, 1), dilation=(1, 2), groups=2),
                                     dict(stride=(1, 2), groups=4)])
@pytest.mark.parametrize("split", [False, True])
def test_blocked_channels_last_columns_match_torch(options, split, monkeypatch, rng):
    """'blocked' forward with KW*C >= _MIN_RUN builds channels-last columns: against torch, every gradient."""
    from minitorch.ops import conv_blocked
    if split:
        monkeypatch.setattr(conv_blocked, "_BLOCK_BYTES", 1)
        monkeypatch.setattr(conv_blocked, "_MIN_THREAD_FLOPS", 1)
    groups = options.get("groups", 1)
    x = rng.standard_normal((5, 32, 9, 11))
    w = rng.standard_normal((8 * groups, 32 // groups, 3, 3))
    b = rng.standard_normal(8 * groups)
    assert w.shape[1] * w.shape[3] >= conv_blocked._MIN_RUN
    conv_ops.set_algorithm("blocked")
    try:
        ours = [minitorch.tensor(a, requires_grad=True) for a in (x, w, b)]
        out = F.conv2d(*ours, **options)
        g = rng.standard_normal(tuple(out.shape))
        out.backward(minitorch.tensor(g))
    finally:
        conv_ops.set_algorithm("auto")
    theirs = [torch.tensor(a, requires_grad=True) for a in (x, w, b)]
    expected = torch.nn.functional.conv2d(*theirs, **options)
    expected.backward(torch.tensor(g))
    numpy.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-10)
    for mine, ref in zip(ours, theirs):
        numpy.testing.assert_allclose(mine.grad.numpy(), ref.grad.numpy(), rtol=1e-10, atol=1e-10)


def test_blocked_restores_blas_threads(rng):
    from minitorch.threads import blas_info
    conv_ops.set_algorithm("blocked")
    try:
        before = [lib["num_threads"] for lib in blas_info()]
        x = minitorch.tensor(rng.standard_normal((8, 16, 20, 20)).astype("float32"), requires_grad=True)
        w = minitorch.tensor(rng.standard_normal((16, 16, 3, 3)).astype("float32"), requires_grad=True)
        F.conv2d(x, w, padding=1).sum().backward()
        assert [lib["num_threads"] for lib in blas_info()] == before
    finally:
        conv_ops.set_algorithm("auto")


def _leaf(rng, *shape):
    return minitorch.tensor(rng.standard_normal(shape), dtype=minitorch.float64, requires_grad=True)


GRADCHECK = [
    ((1, 2, 5, 4), (3, 2, 3, 2), dict(stride=(2, 1), padding=1)),
    ((2, 4, 5, 5), (2, 2, 2, 3), dict(padding="same", groups=2, dilation=(1, 2))),
    ((1, 2, 6, 5), (2, 2, 3, 3), dict(stride=2, dilation=2, padding=(2, 1))),
]


@pytest.mark.parametrize("algorithm", ["auto", "wide", "batchlast", "blocked"], indirect=True)
@pytest.mark.parametrize("x_shape,w_shape,options", GRADCHECK)
def test_conv2d_gradcheck(algorithm, x_shape, w_shape, options):
    rng = numpy.random.default_rng(1)
    x, w, b = _leaf(rng, *x_shape), _leaf(rng, *w_shape), _leaf(rng, w_shape[0])
    fn = lambda x, w, b: F.conv2d(x, w, b, **options)  # noqa: E731
    assert gradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    assert gradgradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)


def test_conv_transpose_and_conv1d_gradcheck():
    rng = numpy.random.default_rng(2)
    x, w, b = _leaf(rng, 1, 4, 3, 4), _leaf(rng, 4, 1, 2, 3), _leaf(rng, 2)
    fn = lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=(1, 0), output_padding=1, groups=2)  # noqa
    assert gradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    assert gradgradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    x, w = _leaf(rng, 2, 3, 7), _leaf(rng, 2, 3, 3)
    assert gradgradcheck(lambda x, w: F.conv1d(x, w, stride=2, padding=2, dilation=2), (x, w), eps=1e-6, atol=1e-6)


def test_conv3d_and_conv_transpose3d_gradcheck():
    rng = numpy.random.default_rng(3)
    x, w, b = _leaf(rng, 1, 4, 4, 3, 3), _leaf(rng, 2, 2, 2, 2, 1), _leaf(rng, 2)
    fn = lambda x, w, b: F.conv3d(x, w, b, stride=(2, 1, 1), padding=(1, 0, 1), dilation=(1, 2, 1), groups=2)  # noqa
    assert gradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    assert gradgradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    x, w, b = _leaf(rng, 1, 4, 2, 3, 2), _leaf(rng, 4, 1, 3, 2, 2), _leaf(rng, 2)
    fn = lambda x, w, b: F.conv_transpose3d(x, w, b, stride=(2, 1, 2), padding=(1, 0, 0),  # noqa: E731
                                            output_padding=(1, 0, 1), groups=2, dilation=(1, 2, 1))
    assert gradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    assert gradgradcheck(fn, (x, w, b), eps=1e-6, atol=1e-6)
    x, w = _leaf(rng, 2, 3, 3, 2), _leaf(rng, 2, 2, 2, 2, 2)  # unbatched, 'same' with an even kernel
    assert gradgradcheck(lambda x, w: F.conv3d(x, w, padding="same"), (x, w), eps=1e-6, atol=1e-6)


def test_set_algorithm_rejects_unknown_names():
    with pytest.raises(ValueError, match="unknown convolution algorithm"):
        conv_ops.set_algorithm("winograd")


def test_auto_follows_the_measurements():
    """'auto' picks the best algorithm of the nearest measured shape (conv_algorithms.json)."""
    measured = conv_ops._measured()
    assert measured, "conv_algorithms.json is missing or empty: run python -m minitorch.ops.conv_benchmark"
    for features, best in measured:
        assert set(best) == {"forward", "weight", "transpose", "forward+weight"}
        assert set(best.values()) <= set(conv_ops.ALGORITHMS)
    for features, best in measured:  # a measured shape gets its own winners
        n, c, o, k, p = (round(2 ** v) for v in (0, 0, features[1], features[2], features[0] - features[2]))
        stride = (1, 1) if features[3] == 0 else (2, 2)
        for kernel, algorithm in best.items():
            assert conv_ops.chosen(kernel, n, c, o, k, p, stride) == algorithm
    assert conv_ops.chosen("forward", 8, 3, 4, 1, 100) == "im2col"  # 1x1 kernels: the columns are the input


def test_float32_stays_float32_and_grads_flow_through_modules():
    m = minitorch.nn.Conv2d(3, 4, 3, padding=1)
    x = minitorch.randn(2, 3, 5, 5, requires_grad=True)
    y = m(x)
    assert y.dtype is minitorch.float32 and tuple(y.shape) == (2, 4, 5, 5)
    y.sum().backward()
    assert x.grad.dtype is minitorch.float32 and m.weight.grad.shape == m.weight.shape
    assert m.bias.grad.shape == (4,)


@pytest.mark.parametrize("cls,args,fan_in", [("Conv2d", (6, 4, (3, 2)), 6 * 6), ("Conv1d", (4, 6, 5, 1, 0, 1, 2), 10),
                                             ("ConvTranspose2d", (3, 8, 3), 8 * 9), ("Conv3d", (4, 6, (3, 2, 1)), 4 * 6),
                                             ("ConvTranspose3d", (4, 6, 2, 1, 0, 0, 2), 3 * 8)])
def test_default_init_is_bounded_by_fan_in(cls, args, fan_in):
    m = getattr(minitorch.nn, cls)(*args)
    bound = 1 / math.sqrt(fan_in)  # kaiming_uniform_(a=sqrt(5)) and the bias share this bound
    t = getattr(torch.nn, cls)(*args)
    assert tuple(m.weight.shape) == tuple(t.weight.shape) and tuple(m.bias.shape) == tuple(t.bias.shape)
    for p in (m.weight, m.bias):
        values = p.detach().numpy()
        assert numpy.abs(values).max() <= bound and numpy.abs(values).max() > 0.5 * bound


def test_state_dict_loads_into_torch():
    m = minitorch.nn.Conv2d(2, 3, 3, bias=False, padding_mode="reflect", padding=1)
    t = torch.nn.Conv2d(2, 3, 3, bias=False, padding_mode="reflect", padding=1)
    t.load_state_dict({k: torch.tensor(v.detach().numpy()) for k, v in m.state_dict().items()})
    x = numpy.random.default_rng(0).standard_normal((1, 2, 4, 5)).astype("float32")
    expected = t(torch.tensor(x)).detach().numpy()
    numpy.testing.assert_allclose(m(minitorch.tensor(x)).detach().numpy(), expected, rtol=1e-5, atol=1e-6)


def test_forward_under_no_grad_keeps_no_columns(monkeypatch, rng):
    """No weight gradient follows a forward pass under no_grad, so none of its columns are kept for one."""
    follows = []
    original = conv_ops.conv_forward

    def spy(*args, **kwargs):
        follows.append(args[4])
        return original(*args, **kwargs)
    monkeypatch.setattr(conv_ops, "conv_forward", spy)
    x = minitorch.tensor(rng.standard_normal((2, 3, 6, 6)), requires_grad=True)
    w = minitorch.tensor(rng.standard_normal((4, 3, 3, 3)), requires_grad=True)
    with minitorch.no_grad():
        F.conv2d(x, w)
    F.conv2d(x, w)
    assert follows == [False, True]
