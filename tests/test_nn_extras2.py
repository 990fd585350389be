"""Parity with torch 2.13 for nn.init's deprecated aliases, nn.utils (conv/linear-BatchNorm fusion, skip_init,
weight memory formats), fractional max pooling (F and layers, outputs, indices and gradients exactly, with the same
_random_samples), F.native_channel_shuffle, and utils.data's StackDataset and DistributedSampler."""
import warnings

import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

DTYPES = {"float64": (np.float64, 0.0), "float32": (np.float32, 1e-6)}  # (NumPy dtype, rtol of the fusion checks)


def _both(array, requires_grad=False):
    """The same values as a torch and a minitorch tensor."""
    return [lib.tensor(array, requires_grad=requires_grad) for lib in (torch, minitorch)]


def _same(t, m, rtol=0.0, atol=0.0):
    """Same dtype name, shape and values (NaN where torch has NaN)."""
    assert str(t.dtype).split(".")[-1] == str(m.dtype).split(".")[-1]
    assert tuple(t.shape) == tuple(m.shape)
    expected, got = t.detach().numpy(), m.detach().numpy()
    if rtol == 0.0 and atol == 0.0:
        np.testing.assert_array_equal(got, expected)
    else:
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


def _raises_like_torch(call):
    """call(lib) must raise in torch, and minitorch must raise the same class with the same message."""
    with pytest.raises(Exception) as expected:
        call(torch)
    with pytest.raises(type(expected.value)) as got:
        call(minitorch)
    assert str(got.value) == str(expected.value)


# --- nn.init deprecated aliases ---------------------------------------------------------------------------------
ALIASES = {"uniform": (), "normal": (), "constant": (0.5,), "eye": (), "dirac": (), "xavier_uniform": (),
           "xavier_normal": (), "kaiming_uniform": (), "kaiming_normal": (), "orthogonal": (), "sparse": (0.5,)}


@pytest.mark.parametrize("name", sorted(ALIASES))
def test_init_alias_warns_like_torch_and_fills(name):
    shape = (3, 4, 1) if name == "dirac" else (4, 6)
    messages = []
    for lib in (torch, minitorch):
        tensor = lib.zeros(shape)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = getattr(lib.nn.init, name)(tensor, *ALIASES[name])
        assert out is tensor and [w.category for w in caught] == [FutureWarning]
        assert caught[0].filename == __file__  # stacklevel 2: the caller's line
        messages.append(str(caught[0].message))
        assert getattr(lib.nn.init, name).__name__ == name
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name", ["constant", "eye", "dirac"])
def test_init_alias_deterministic_values(name):
    shape = (3, 2, 3) if name == "dirac" else (3, 5)
    t, m = torch.zeros(shape), minitorch.zeros(shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        getattr(torch.nn.init, name)(t, *ALIASES[name])
        getattr(minitorch.nn.init, name)(m, *ALIASES[name])
    _same(t, m)


def test_init_alias_passes_keywords_and_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = minitorch.nn.init.uniform(minitorch.empty(1000), a=2.0, b=3.0)
        assert 2.0 <= float(m.min()) and float(m.max()) <= 3.0
        m = minitorch.nn.init.sparse(minitorch.empty(10, 4), sparsity=0.3)
        assert ((m == 0).sum(0) >= 3).all()
        _raises_like_torch(lambda lib: lib.nn.init.sparse(lib.empty(3), 0.1))
        _raises_like_torch(lambda lib: lib.nn.init.xavier_uniform(lib.empty(3)))


# --- nn.utils fusion ----------------------------------------------------------------------------------------------
def _copy_into(torch_module, mt_module):
    mt_module.load_state_dict({k: minitorch.tensor(v.detach().numpy()) for k, v in torch_module.state_dict().items()})
    return mt_module.eval()


def _bn_pair(rng, lib_cls, features, dtype, affine=True):
    t = getattr(torch.nn, lib_cls)(features, affine=affine).to(getattr(torch, dtype))
    with torch.no_grad():
        t.running_mean.copy_(torch.tensor(rng.standard_normal(features)))
        t.running_var.copy_(torch.tensor(rng.random(features) + 0.5))
        if affine:
            t.weight.copy_(torch.tensor(rng.standard_normal(features)))
            t.bias.copy_(torch.tensor(rng.standard_normal(features)))
    m = getattr(minitorch.nn, lib_cls)(features, affine=affine, dtype=getattr(minitorch, dtype))
    return t.eval(), _copy_into(t, m)


CONVS = {  # name: (layer, args, input shape, transpose, BatchNorm)
    "conv2d": ("Conv2d", (3, 4, 3), (2, 3, 6, 6), False, "BatchNorm2d"),
    "conv2d_no_bias": ("Conv2d", (3, 4, 2), (2, 3, 5, 5), False, "BatchNorm2d", {"bias": False}),
    "conv1d": ("Conv1d", (2, 5, 3), (2, 2, 7), False, "BatchNorm1d"),
    "conv3d": ("Conv3d", (2, 3, 2), (1, 2, 4, 4, 4), False, "BatchNorm3d"),
    "conv_transpose2d": ("ConvTranspose2d", (3, 4, 3), (2, 3, 4, 4), True, "BatchNorm2d"),
    "conv_transpose1d": ("ConvTranspose1d", (3, 2, 2), (2, 3, 5), True, "BatchNorm1d"),
}


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("affine", [True, False])
@pytest.mark.parametrize("name", sorted(CONVS))
def test_fuse_conv_bn_eval(rng, name, affine, dtype):
    layer, args, shape, transpose, bn_cls, *extra = CONVS[name]
    kwargs = extra[0] if extra else {}
    t_conv = getattr(torch.nn, layer)(*args, **kwargs).to(getattr(torch, dtype)).eval()
    m_conv = _copy_into(t_conv, getattr(minitorch.nn, layer)(*args, **kwargs, dtype=getattr(minitorch, dtype)))
    t_bn, m_bn = _bn_pair(rng, bn_cls, args[1], dtype, affine)
    t_fused = torch.nn.utils.fuse_conv_bn_eval(t_conv, t_bn, transpose=transpose)
    m_fused = minitorch.nn.utils.fuse_conv_bn_eval(m_conv, m_bn, transpose=transpose)
    assert type(m_fused) is type(m_conv) and m_fused is not m_conv
    assert (m_conv.bias is None) == (t_conv.bias is None)
    rtol = DTYPES[dtype][1]
    for attr in ("weight", "bias"):
        t_p, m_p = getattr(t_fused, attr), getattr(m_fused, attr)
        assert isinstance(m_p, minitorch.nn.Parameter) and m_p.requires_grad == t_p.requires_grad
        _same(t_p, m_p, rtol=rtol, atol=rtol)
    x = rng.standard_normal(shape).astype(DTYPES[dtype][0])
    _same(t_fused(torch.tensor(x)), m_fused(minitorch.tensor(x)), rtol=10 * rtol + 1e-12, atol=10 * rtol + 1e-12)
    expected = m_bn(m_conv(minitorch.tensor(x)))  # the fused layer computes the pair
    np.testing.assert_allclose(m_fused(minitorch.tensor(x)).detach().numpy(), expected.detach().numpy(),
                               rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("bias,features", [(True, 4), (False, 4), (True, 1)])
def test_fuse_linear_bn_eval(rng, bias, features, dtype):
    t_lin = torch.nn.Linear(3, 4, bias=bias).to(getattr(torch, dtype)).eval()
    m_lin = _copy_into(t_lin, minitorch.nn.Linear(3, 4, bias=bias, dtype=getattr(minitorch, dtype)))
    t_bn, m_bn = _bn_pair(rng, "BatchNorm1d", features, dtype)
    t_fused = torch.nn.utils.fuse_linear_bn_eval(t_lin, t_bn)
    m_fused = minitorch.nn.utils.fuse_linear_bn_eval(m_lin, m_bn)
    rtol = DTYPES[dtype][1]
    for attr in ("weight", "bias"):
        _same(getattr(t_fused, attr), getattr(m_fused, attr), rtol=rtol, atol=rtol)
        assert getattr(m_fused, attr).requires_grad == getattr(t_fused, attr).requires_grad
    x = rng.standard_normal((5, 3)).astype(DTYPES[dtype][0])
    _same(t_fused(torch.tensor(x)), m_fused(minitorch.tensor(x)), rtol=10 * rtol + 1e-12, atol=10 * rtol + 1e-12)


def test_fuse_weights_functions_and_dtypes(rng):
    w, b = rng.standard_normal((4, 3, 2, 2)), rng.standard_normal(4)
    rm, rv = rng.standard_normal(4), rng.random(4) + 0.5
    bw, bb = rng.standard_normal(4), rng.standard_normal(4)
    results = []
    for lib in (torch, minitorch):
        t = lambda a, dt=lib.float64: lib.tensor(a, dtype=dt)  # noqa: E731
        conv = lib.nn.utils.fuse_conv_bn_weights(t(w, lib.float32), None, t(rm), t(rv), 1e-3, None, t(bb))
        linear = lib.nn.utils.fuse_linear_bn_weights(t(w[:, :, 0, 0]), t(b, lib.float32), t(rm), t(rv), 1e-5,
                                                     t(bw), t(bb))
        results.append(conv + linear)
    for t_p, m_p in zip(*results):
        _same(t_p, m_p, rtol=1e-6, atol=1e-6)
        assert m_p.requires_grad == t_p.requires_grad


@pytest.mark.parametrize("case", ["conv_training", "bn_training", "no_running_stats", "linear_features",
                                  "linear_training", "grouped_transpose"])
def test_fuse_errors_like_torch(case):
    def call(lib):
        nn = lib.nn
        bn = nn.BatchNorm2d(4).eval()
        if case == "conv_training":
            return nn.utils.fuse_conv_bn_eval(nn.Conv2d(3, 4, 1), bn)
        if case == "bn_training":
            return nn.utils.fuse_conv_bn_eval(nn.Conv2d(3, 4, 1).eval(), nn.BatchNorm2d(4))
        if case == "no_running_stats":
            return nn.utils.fuse_conv_bn_eval(nn.Conv2d(3, 4, 1).eval(),
                                              nn.BatchNorm2d(4, track_running_stats=False).eval())
        if case == "grouped_transpose":  # torch's fusion cannot scale a grouped transposed weight either
            return nn.utils.fuse_conv_bn_eval(nn.ConvTranspose2d(4, 6, 3, groups=2).eval(), nn.BatchNorm2d(6).eval(),
                                              transpose=True)
        if case == "linear_features":
            return nn.utils.fuse_linear_bn_eval(nn.Linear(3, 4).eval(), nn.BatchNorm1d(3).eval())
        return nn.utils.fuse_linear_bn_eval(nn.Linear(3, 4), nn.BatchNorm1d(4).eval())
    _raises_like_torch(call)


# --- nn.utils.skip_init and memory formats ------------------------------------------------------------------------
def test_skip_init_builds_without_touching_the_random_stream():
    minitorch.manual_seed(3)
    expected = minitorch.rand(4)
    minitorch.manual_seed(3)
    layer = minitorch.nn.utils.skip_init(minitorch.nn.Linear, 5, out_features=2, bias=False, dtype=minitorch.float64)
    assert isinstance(layer, minitorch.nn.Linear) and layer.bias is None
    assert tuple(layer.weight.shape) == (2, 5) and layer.weight.dtype == minitorch.float64
    assert layer.weight.device == minitorch.device("cpu") and layer.weight.requires_grad
    _same(expected, minitorch.rand(4))
    conv = minitorch.nn.utils.skip_init(minitorch.nn.Conv2d, 2, 3, 3, device="cpu")
    assert tuple(conv.weight.shape) == (3, 2, 3, 3)


@pytest.mark.parametrize("module", ["not_a_module", "no_device"])
def test_skip_init_errors_like_torch(module):
    def call(lib):
        if module == "not_a_module":
            return lib.nn.utils.skip_init(dict)
        return lib.nn.utils.skip_init(lib.nn.Identity)
    _raises_like_torch(call)


@pytest.mark.parametrize("nd", [2, 3])
def test_convert_weight_memory_format_returns_the_module(nd):
    results = []
    for lib in (torch, minitorch):
        lib.manual_seed(0)
        nn = lib.nn
        conv = getattr(nn, "Conv%dd" % nd)(2, 3, 2)
        model = nn.Sequential(conv, nn.ReLU(), nn.Sequential(getattr(nn, "ConvTranspose%dd" % nd)(3, 2, 2)))
        before = [p.detach().clone() for p in model.parameters()]
        name = "channels_last" if nd == 2 else "channels_last_3d"
        memory_format = getattr(lib, name, name)  # (minitorch's memory formats are plain names until exported)
        convert = getattr(nn.utils, "convert_conv%dd_weight_memory_format" % nd)
        assert convert(model, memory_format) is model and model[0] is conv
        results.append([(b, p) for b, p in zip(before, model.parameters())])
    for b, p in results[1]:
        _same(b, p)
    assert len(results[0]) == len(results[1])


# --- fractional max pooling -----------------------------------------------------------------------------------------
def _fractional(nd, x, samples, kernel, output_size=None, output_ratio=None, upstream_seed=1, transform=None):
    """(out, indices, grad of input) in both libraries for the same input and samples."""
    results = []
    for lib in (torch, minitorch):
        leaf = lib.tensor(x, requires_grad=True)
        input = transform(leaf) if transform else leaf
        pool = getattr(lib.nn.functional, "fractional_max_pool%dd" % nd)
        out, indices = pool(input, kernel, output_size=output_size, output_ratio=output_ratio, return_indices=True,
                            _random_samples=lib.tensor(samples))
        upstream = np.random.default_rng(upstream_seed).standard_normal(tuple(out.shape)).astype(x.dtype)
        grad, = lib.autograd.grad(out, [leaf], lib.tensor(upstream), allow_unused=True)
        results.append((out, indices, lib.zeros_like(leaf) if grad is None else grad))
    for t, m in zip(*results):
        _same(t, m)
    return results


FRACTIONAL = {  # name: (nd, input shape, kernel, output_size, output_ratio)
    "2d/basic": (2, (2, 3, 7, 8), 2, 3, None),
    "2d/rect": (2, (2, 3, 17, 13), (3, 2), (5, 11), None),
    "2d/unbatched": (2, (3, 9, 10), (2, 3), (4, 5), None),
    "2d/kernel_1_full": (2, (1, 2, 6, 5), 1, (6, 5), None),
    "2d/one_window": (2, (2, 2, 5, 6), (5, 6), 1, None),
    "2d/ratio": (2, (2, 3, 10, 9), 2, None, (0.5, 0.7)),
    "2d/output_1": (2, (2, 2, 9, 9), 3, 1, None),
    "2d/empty_batch": (2, (0, 3, 9, 9), 2, 3, None),
    "2d/zero_output": (2, (2, 3, 9, 9), 2, 0, None),
    "2d/large": (2, (2, 4, 32, 31), 3, (15, 16), None),
    "3d/basic": (3, (2, 3, 7, 8, 9), 2, 3, None),
    "3d/rect": (3, (1, 2, 11, 8, 9), (3, 2, 2), (4, 5, 6), None),
    "3d/unbatched": (3, (3, 6, 7, 8), (2, 1, 3), (3, 4, 3), None),
    "3d/ratio": (3, (2, 2, 8, 8, 9), 2, None, 0.5),
    "3d/ratio_4_given": (3, (1, 2, 8, 8, 9), 2, None, (0.5, 0.6, 0.3, 0.9)),
    "3d/empty_batch": (3, (0, 2, 5, 5, 5), 2, 2, None),
}


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16"])
@pytest.mark.parametrize("name", sorted(FRACTIONAL))
def test_fractional_max_pool_matches_torch(rng, name, dtype):
    nd, shape, kernel, output_size, output_ratio = FRACTIONAL[name]
    x = rng.standard_normal(shape).astype(dtype)
    batch = shape[0] if len(shape) == nd + 2 else 1
    samples = rng.random((batch, shape[-nd - 1], nd)).astype(dtype)
    _fractional(nd, x, samples, kernel, output_size, output_ratio)


@pytest.mark.parametrize("nd", [2, 3])
@pytest.mark.parametrize("values", ["ties", "nan", "inf", "all_equal"])
def test_fractional_max_pool_ties_nan_inf(rng, nd, values):
    shape = (2, 3, 9, 8) if nd == 2 else (2, 2, 7, 6, 8)
    x = rng.standard_normal(shape)
    if values == "ties":
        x = np.round(x)
    elif values == "nan":
        x[rng.random(shape) < 0.15] = np.nan
    elif values == "inf":
        x[rng.random(shape) < 0.5] = -np.inf
        x[rng.random(shape) < 0.05] = np.inf
    else:
        x[:] = 1.5
    samples = rng.random((2, shape[1], nd))
    _fractional(nd, x, samples, 2, 3)


@pytest.mark.parametrize("nd", [2, 3])
def test_fractional_max_pool_extra_samples_and_edges_of_unit_interval(rng, nd):
    shape = (2, 3, 10, 9) if nd == 2 else (2, 3, 8, 9, 7)
    x = rng.standard_normal(shape)
    samples = rng.random((4, 3, nd))  # more batches than the input: the first ones are used
    samples[0, 0] = 0.0
    samples[1, 1] = np.nextafter(1.0, 0.0)
    _fractional(nd, x, samples, 2, 4)
    _fractional(nd, x.astype(np.float32), samples.astype(np.float32), 3, 3)


def test_fractional_max_pool_non_contiguous_input(rng):
    x = rng.standard_normal((2, 3, 9, 11))
    samples = rng.random((2, 3, 2))
    _fractional(2, x, samples, 2, (4, 3), transform=lambda t: t.transpose(-1, -2))
    _fractional(2, x, samples, 2, 3, transform=lambda t: t[:, :, ::2, 1:])
    x3 = rng.standard_normal((2, 2, 7, 8, 9))
    _fractional(3, x3, rng.random((2, 2, 3)), 2, 3, transform=lambda t: t.permute(0, 1, 4, 3, 2))


@pytest.mark.parametrize("nd", [2, 3])
def test_fractional_max_pool_empty_windows_like_torch(rng, nd):
    """torch accepts kernel_size 0: every window is empty, -inf at the window's start."""
    shape = (1, 2) + (6,) * nd
    x, samples = rng.standard_normal(shape), rng.random((1, 2, nd))
    outs = [getattr(lib.nn.functional, "fractional_max_pool%dd" % nd)(lib.tensor(x), 0, output_size=3,
                                                                      return_indices=True,
                                                                      _random_samples=lib.tensor(samples))
            for lib in (torch, minitorch)]
    for t, m in zip(*outs):
        _same(t, m)


def test_fractional_max_pool_double_backward(rng):
    x, samples = rng.standard_normal((2, 2, 7, 7)), rng.random((2, 2, 2))
    upstream = rng.standard_normal((2, 2, 3, 3))
    results = []
    for lib in (torch, minitorch):
        leaf, v = lib.tensor(x, requires_grad=True), lib.tensor(upstream, requires_grad=True)
        out = lib.nn.functional.fractional_max_pool2d(leaf, 3, 3, _random_samples=lib.tensor(samples))
        grad, = lib.autograd.grad(out, [leaf], v, create_graph=True)
        results.append(lib.autograd.grad((grad * grad).sum(), [v]))
    _same(results[0][0], results[1][0])


def test_fractional_max_pool_forms_and_random_samples(rng):
    x = rng.standard_normal((2, 3, 10, 10)).astype(np.float32)
    samples = rng.random((2, 3, 2)).astype(np.float32)
    F = minitorch.nn.functional
    mx, ms = minitorch.tensor(x), minitorch.tensor(samples)
    values, indices = F.fractional_max_pool2d_with_indices(mx, 3, output_size=4, _random_samples=ms)
    _same(values, F.fractional_max_pool2d(mx, 3, output_size=4, _random_samples=ms))
    _same(indices, F.fractional_max_pool2d(mx, 3, 4, None, True, ms)[1])
    assert indices.dtype == minitorch.int64 and not indices.requires_grad
    x3, s3 = minitorch.tensor(rng.standard_normal((1, 2, 6, 6, 6))), minitorch.tensor(rng.random((1, 2, 3)))
    _same(F.fractional_max_pool3d_with_indices(x3, 2, 3, _random_samples=s3)[1],
          F.fractional_max_pool3d(x3, 2, 3, return_indices=True, _random_samples=s3)[1])
    # without samples every call draws its own: the winners are still maxima of the input's windows
    out, idx = F.fractional_max_pool2d(mx, 2, output_ratio=(0.5, 0.5), return_indices=True)
    assert tuple(out.shape) == (2, 3, 5, 5) and out.dtype == minitorch.float32
    _same(out, mx.flatten(2).gather(2, idx.flatten(2)).reshape(out.shape))
    out = F.fractional_max_pool3d(minitorch.tensor(rng.standard_normal((3, 8, 8, 8))), 2, output_ratio=(0.5, 0.25,
                                                                                                         0.75))
    assert tuple(out.shape) == (3, 4, 2, 6)


@pytest.mark.parametrize("nd", [2, 3])
def test_fractional_max_pool_layers(rng, nd):
    shape = (2, 3) + (9,) * nd
    x, samples = rng.standard_normal(shape), rng.random((2, 3, nd))
    outs = []
    for lib in (torch, minitorch):
        cls = getattr(lib.nn, "FractionalMaxPool%dd" % nd)
        layer = cls((2,) * nd, output_size=4, return_indices=True, _random_samples=lib.tensor(samples))
        assert list(layer.state_dict()) == ["_random_samples"] and repr(layer) == "FractionalMaxPool%dd()" % nd
        assert layer.kernel_size == (2,) * nd and layer.output_size == (4,) * nd and layer.output_ratio is None
        leaf = lib.tensor(x, requires_grad=True)
        out, indices = layer(leaf)
        out.backward(lib.tensor(np.arange(out.numel(), dtype=np.float64).reshape(tuple(out.shape))))
        ratio = cls(3, output_ratio=0.5, _random_samples=lib.tensor(samples))
        assert ratio.output_ratio == (0.5,) * nd and ratio.output_size is None
        outs.append((out, indices, leaf.grad, ratio(lib.tensor(x))))
        assert list(cls(2, output_size=3).state_dict()) == []
    for t, m in zip(*outs):
        _same(t, m)


FRACTIONAL_ERRORS = {
    "no_size": lambda F, x, s: F.fractional_max_pool2d(x, 2),
    "kernel_too_big": lambda F, x, s: F.fractional_max_pool2d(x, 8, output_size=1, _random_samples=s),
    "output_too_big": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=(3, 8), _random_samples=s),
    "kernel_length": lambda F, x, s: F.fractional_max_pool2d(x, (2, 2, 2), output_size=2, _random_samples=s),
    "output_length": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=(2,), _random_samples=s),
    "ratio_float": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_ratio=0.5),
    "ratio_short": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_ratio=(0.5,)),
    "negative_output": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=(2, -1), _random_samples=s),
    "samples_dtype": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=2, _random_samples=s.float()),
    "samples_batch": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=2, _random_samples=s[:1]),
    "samples_channels": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=2, _random_samples=s[:, :1]),
    "samples_last": lambda F, x, s: F.fractional_max_pool2d(x, 2, output_size=2, _random_samples=s[..., :1]),
    "int_input": lambda F, x, s: F.fractional_max_pool2d(x.long(), 2, output_size=2, _random_samples=s.long()),
    "1d_input": lambda F, x, s: F.fractional_max_pool2d(x[0, 0, 0], 2, output_size=2),
    "empty_height": lambda F, x, s: F.fractional_max_pool2d(x[:, :, :0], 2, output_size=2, _random_samples=s),
    "3d_kernel_too_big": lambda F, x, s: F.fractional_max_pool3d(x[None], 2, output_size=(2, 2, 2)),
    "3d_samples": lambda F, x, s: F.fractional_max_pool3d(x, 2, output_size=1, _random_samples=s),
    "3d_output_length": lambda F, x, s: F.fractional_max_pool3d(x, 2, output_size=(1, 1), _random_samples=s),
}


@pytest.mark.parametrize("name", sorted(FRACTIONAL_ERRORS))
def test_fractional_max_pool_errors_like_torch(name):
    def call(lib):
        x = lib.ones(2, 3, 6, 7, dtype=lib.float64)
        return FRACTIONAL_ERRORS[name](lib.nn.functional, x, lib.full((2, 3, 2), 0.5, dtype=lib.float64))
    _raises_like_torch(call)


# --- F.native_channel_shuffle ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("shape,groups", [((2, 6, 3), 2), ((2, 6, 3, 4), 3), ((1, 4, 2, 2, 2), 4), ((0, 6, 2), 3),
                                          ((3, 5, 1), 1)])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int64"])
def test_native_channel_shuffle(rng, shape, groups, dtype):
    x = (rng.standard_normal(shape) * 10).astype(dtype)
    results = []
    for lib in (torch, minitorch):
        floating = dtype != "int64"
        leaf = lib.tensor(x, requires_grad=floating)
        out = lib.nn.functional.native_channel_shuffle(leaf, groups)
        assert out.requires_grad == floating and (out.grad_fn is None) != floating
        if floating:  # torch has no derivative for it
            with pytest.raises(RuntimeError, match="derivative for aten::native_channel_shuffle is not implemented"):
                out.sum().backward()
        results.append(out)
    _same(*results)
    _same(minitorch.nn.functional.channel_shuffle(minitorch.tensor(x), groups), results[1])


# --- utils.data -----------------------------------------------------------------------------------------------------
class _Batched:
    """A dataset with __getitems__ (read in one call per batch)."""

    def __init__(self, n, wrong_size=False):
        self.n, self.wrong_size, self.calls = n, wrong_size, 0

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i * 10

    def __getitems__(self, indices):
        self.calls += 1
        return [i * 100 for i in indices] + ([0] if self.wrong_size else [])


def test_stack_dataset_matches_torch():
    for lib in (torch, minitorch):
        data = lib.utils.data
        tensors = data.TensorDataset(lib.arange(4))
        pairs = data.StackDataset(range(4), "abcd", tensors)
        assert len(pairs) == 4 and pairs[2] == (2, "c", (lib.tensor(2),))
        named = data.StackDataset(x=range(3), y="xyz")
        assert named[1] == {"x": 1, "y": "y"} and isinstance(named, data.Dataset)
        batched = _Batched(4)
        assert data.StackDataset(range(4), batched).__getitems__([3, 0]) == [(3, 300), (0, 0)]
        assert data.StackDataset(a=batched, b="pqrs").__getitems__([1, 2]) == [{"a": 100, "b": "q"},
                                                                              {"a": 200, "b": "r"}]
        assert batched.calls == 2
        loader = data.DataLoader(data.StackDataset(lib.arange(6.0), lib.arange(6)), batch_size=4)
        first = next(iter(loader))
        assert first[0].tolist() == [0.0, 1.0, 2.0, 3.0] and first[1].dtype == lib.int64


@pytest.mark.parametrize("case", ["none", "both", "sizes", "named_sizes", "nested_size"])
def test_stack_dataset_errors_like_torch(case):
    def call(lib):
        stack = lib.utils.data.StackDataset
        if case == "none":
            return stack()
        if case == "both":
            return stack(range(2), y=range(2))
        if case == "sizes":
            return stack(range(2), range(3))
        if case == "named_sizes":
            return stack(a=range(2), b=range(3))
        return stack(range(3), _Batched(3, wrong_size=True)).__getitems__([0, 1])
    _raises_like_torch(call)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 10, 33, 100])
@pytest.mark.parametrize("replicas", [1, 2, 3, 5])
@pytest.mark.parametrize("shuffle", [True, False])
@pytest.mark.parametrize("drop_last", [True, False])
def test_distributed_sampler_matches_torch(n, replicas, shuffle, drop_last):
    for rank in range(replicas):
        for seed, epoch in [(0, 0), (0, 1), (42, 7), (2 ** 32 + 5, 0)]:
            samplers = [lib.utils.data.DistributedSampler(range(n), num_replicas=replicas, rank=rank,
                                                          shuffle=shuffle, seed=seed, drop_last=drop_last)
                        for lib in (torch, minitorch)]
            for s in samplers:
                s.set_epoch(epoch)
            assert list(samplers[1]) == list(samplers[0]) and len(samplers[1]) == len(samplers[0])
            assert (samplers[1].num_samples, samplers[1].total_size) == (samplers[0].num_samples,
                                                                         samplers[0].total_size)


def test_distributed_sampler_in_a_dataloader():
    orders = []
    for lib in (torch, minitorch):
        data = lib.utils.data
        sampler = data.DistributedSampler(data.TensorDataset(lib.arange(11)), num_replicas=2, rank=1, seed=3)
        loader = data.DataLoader(data.TensorDataset(lib.arange(11)), batch_size=2, sampler=sampler)
        epochs = []
        for epoch in range(3):
            sampler.set_epoch(epoch)
            epochs.append([batch[0].tolist() for batch in loader])
        orders.append(epochs)
        assert isinstance(sampler, data.Sampler) and sampler.epoch == 2
    assert orders[0] == orders[1]


@pytest.mark.parametrize("kwargs", [{}, {"num_replicas": 2}, {"rank": 0}, {"num_replicas": 2, "rank": 2},
                                    {"num_replicas": 3, "rank": -1}])
def test_distributed_sampler_errors_like_torch(kwargs):
    _raises_like_torch(lambda lib: lib.utils.data.DistributedSampler(range(4), **kwargs))
