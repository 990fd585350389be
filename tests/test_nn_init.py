"""nn.init and the layers' default initialisation against torch: the random numbers differ, so distributions are
compared (mean, std, range over large tensors); deterministic initialisers and every error must match exactly."""
import math

import numpy
import pytest

import minitorch

torch = pytest.importorskip("torch")
LIBS = (torch, minitorch)
SHAPES = [(256, 512), (64, 32, 3, 3)]


QUANTILES = (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)


def stats(t):
    a = t.detach().numpy().astype("float64").reshape(-1)
    return {"n": a.size, "mean": a.mean(), "std": a.std(), "min": a.min(), "max": a.max(),
            "quantiles": numpy.quantile(a, QUANTILES)}


def assert_same_distribution(make, bounded):
    """make(lib) -> tensor: mean, std and quantiles close to torch's (relative to torch's std); for a bounded
    distribution also the same range (large samples reach within a fraction of a percent of the bounds)."""
    t, m = (stats(make(lib)) for lib in LIBS)
    scale = t["std"] if t["std"] > 0 else 1.0
    sampling = scale / math.sqrt(t["n"])  # the standard error of a mean over n draws
    assert abs(t["mean"] - m["mean"]) < 6 * sampling, (t, m)
    assert abs(t["std"] - m["std"]) < 6 * sampling, (t, m)
    # tail quantiles vary ~3x more than the mean
    numpy.testing.assert_allclose(m["quantiles"], t["quantiles"], atol=20 * sampling)
    if bounded:
        assert abs(t["min"] - m["min"]) < 0.02 * scale and abs(t["max"] - m["max"]) < 0.02 * scale, (t, m)


def init_case(fn_name, *args, **kwargs):
    def make(lib, shape):
        lib.manual_seed(0)
        tensor = lib.empty(shape)
        out = getattr(lib.nn.init, fn_name)(tensor, *args, **kwargs)
        assert out is tensor
        return tensor
    return make


RANDOM_INITS = {
    "uniform": init_case("uniform_", -0.5, 2.0),
    "normal": init_case("normal_", 1.0, 3.0),
    "trunc_normal": init_case("trunc_normal_", 0.5, 1.0, -1.0, 1.5),
    "trunc_normal_default": init_case("trunc_normal_"),
    "xavier_uniform": init_case("xavier_uniform_"),
    "xavier_uniform_gain": init_case("xavier_uniform_", gain=2.5),
    "xavier_normal": init_case("xavier_normal_", 0.7),
    "kaiming_uniform": init_case("kaiming_uniform_"),
    "kaiming_uniform_sqrt5": init_case("kaiming_uniform_", a=math.sqrt(5)),
    "kaiming_uniform_fan_out_relu": init_case("kaiming_uniform_", mode="fan_out", nonlinearity="relu"),
    "kaiming_normal": init_case("kaiming_normal_"),
    "kaiming_normal_tanh": init_case("kaiming_normal_", 0, "fan_out", "tanh"),
    "orthogonal": init_case("orthogonal_"),
    "orthogonal_gain": init_case("orthogonal_", gain=3.0),
    "sparse": init_case("sparse_", 0.3, 0.5),
}


@pytest.mark.parametrize("name, shape", [(n, s) for n in RANDOM_INITS for s in SHAPES if n != "sparse" or len(s) == 2])
def test_random_init_distribution_matches_torch(name, shape):
    bounded = "uniform" in name or "trunc" in name
    assert_same_distribution(lambda lib: RANDOM_INITS[name](lib, shape), bounded)


def test_trunc_normal_stays_in_bounds_and_is_not_clipped_at_them():
    minitorch.manual_seed(0)
    t = minitorch.nn.init.trunc_normal_(minitorch.empty(100000), mean=0.0, std=1.0, a=-0.5, b=2.0)
    a = t.numpy()
    assert a.min() >= -0.5 and a.max() <= 2.0
    assert (a == -0.5).mean() < 1e-3 and (a == 2.0).mean() < 1e-3  # a truncated density, no mass at the ends


def test_orthogonal_is_orthogonal():
    for shape in [(30, 50), (50, 30), (8, 4, 3, 3)]:
        minitorch.manual_seed(1)
        w = minitorch.nn.init.orthogonal_(minitorch.empty(shape), gain=2.0).numpy().reshape(shape[0], -1)
        small = w @ w.T if w.shape[0] <= w.shape[1] else w.T @ w
        numpy.testing.assert_allclose(small, 4.0 * numpy.eye(small.shape[0]), atol=1e-4)


def test_sparse_zeroes_the_requested_fraction_of_each_column():
    def run(lib):
        lib.manual_seed(0)
        w = lib.nn.init.sparse_(lib.empty(10, 40), sparsity=0.25).numpy()
        return (w == 0).sum(axis=0).tolist()
    t, m = (run(lib) for lib in LIBS)
    assert t == m == [3] * 40


@pytest.mark.parametrize("make", [
    lambda lib: lib.nn.init.constant_(lib.empty(3, 4), 0.25),
    lambda lib: lib.nn.init.ones_(lib.empty(5)),
    lambda lib: lib.nn.init.zeros_(lib.empty(2, 2, dtype=lib.float64)),
    lambda lib: lib.nn.init.eye_(lib.empty(3, 5)),
    lambda lib: lib.nn.init.eye_(lib.empty(4, 2)),
    lambda lib: lib.nn.init.dirac_(lib.empty(4, 3, 3)),
    lambda lib: lib.nn.init.dirac_(lib.empty(6, 4, 3, 2)),
    lambda lib: lib.nn.init.dirac_(lib.empty(6, 2, 3, 3, 3), groups=3),
    lambda lib: lib.nn.init.dirac_(lib.empty(2, 5, 1, 1)),
], ids=lambda f: "")
def test_deterministic_inits_match_torch(make):
    t, m = (make(lib) for lib in LIBS)
    assert str(t.dtype) == str(m.dtype)
    numpy.testing.assert_array_equal(t.numpy(), m.numpy())


def test_inits_work_on_parameters_and_keep_them_leaves():
    p = minitorch.nn.Parameter(minitorch.empty(4, 5))
    for fn in (minitorch.nn.init.xavier_uniform_, minitorch.nn.init.kaiming_normal_, minitorch.nn.init.zeros_,
               minitorch.nn.init.eye_, minitorch.nn.init.orthogonal_, minitorch.nn.init.trunc_normal_):
        assert fn(p) is p
        assert p.is_leaf and p.requires_grad and p.grad_fn is None


def test_inits_follow_the_global_seed_and_generators():
    a = minitorch.nn.init.normal_(minitorch.empty(10), generator=minitorch.Generator().manual_seed(3))
    b = minitorch.nn.init.normal_(minitorch.empty(10), generator=minitorch.Generator().manual_seed(3))
    minitorch.manual_seed(5)
    c = minitorch.nn.init.kaiming_uniform_(minitorch.empty(3, 4))
    minitorch.manual_seed(5)
    d = minitorch.nn.init.kaiming_uniform_(minitorch.empty(3, 4))
    assert a.tolist() == b.tolist() and c.tolist() == d.tolist()


@pytest.mark.parametrize("args", [("linear",), ("conv2d",), ("sigmoid",), ("tanh",), ("relu",), ("leaky_relu",),
                                  ("leaky_relu", 0.2), ("leaky_relu", 3), ("selu",), ("conv_transpose3d",)])
def test_calculate_gain_matches_torch(args):
    assert torch.nn.init.calculate_gain(*args) == minitorch.nn.init.calculate_gain(*args)


@pytest.mark.parametrize("shape", [(3, 4), (5, 2, 3), (8, 4, 3, 3), (2, 3, 1, 2, 2), (0, 3)])
def test_fan_in_and_fan_out_match_torch(shape):
    assert (torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
            == minitorch.nn.init._calculate_fan_in_and_fan_out(minitorch.empty(shape)))


@pytest.mark.parametrize("call", [
    lambda lib: lib.nn.init.calculate_gain("softmax"),
    lambda lib: lib.nn.init.calculate_gain("leaky_relu", True),
    lambda lib: lib.nn.init.calculate_gain("leaky_relu", "x"),
    lambda lib: lib.nn.init.xavier_uniform_(lib.empty(5)),
    lambda lib: lib.nn.init.kaiming_normal_(lib.empty(5)),
    lambda lib: lib.nn.init.kaiming_uniform_(lib.empty(3, 4), mode="fan_avg"),
    lambda lib: lib.nn.init.eye_(lib.empty(2, 2, 2)),
    lambda lib: lib.nn.init.dirac_(lib.empty(2, 2)),
    lambda lib: lib.nn.init.dirac_(lib.empty(5, 2, 3), groups=2),
    lambda lib: lib.nn.init.orthogonal_(lib.empty(4)),
    lambda lib: lib.nn.init.sparse_(lib.empty(2, 2, 2), 0.5),
], ids=lambda f: "")
def test_init_errors_match_torch(call):
    def error(lib):
        try:
            call(lib)
        except Exception as e:  # noqa: BLE001 - compared below
            return type(e).__name__, str(e)
    t, m = error(torch), error(minitorch)
    assert t is not None and t == m


def test_zero_element_tensor_warns_like_torch():
    for lib in LIBS:
        with pytest.warns(UserWarning, match="zero-element"):
            lib.nn.init.kaiming_uniform_(lib.empty(0, 3))


# --- the layers' default initialisation -------------------------------------------------------------------------------
@pytest.mark.parametrize("make, name, bounded", [
    (lambda nn: nn.Linear(300, 400), "weight", True),
    (lambda nn: nn.Linear(300, 4000), "bias", True),
    (lambda nn: nn.Linear(7, 20000), "weight", True),
    (lambda nn: nn.Bilinear(30, 20, 200), "weight", True),
    (lambda nn: nn.Bilinear(30, 20, 20000), "bias", True),
    (lambda nn: nn.Embedding(1000, 64), "weight", False),
], ids=["linear_weight", "linear_bias", "linear_small_fan_in", "bilinear_weight", "bilinear_bias", "embedding"])
def test_layer_default_init_matches_torch(make, name, bounded):
    def build(lib):
        lib.manual_seed(0)
        return getattr(make(lib.nn), name)
    assert_same_distribution(build, bounded)


def test_layers_accept_dtype_and_device():
    for layer in (minitorch.nn.Linear(3, 2, dtype=minitorch.float64, device="cpu"),
                  minitorch.nn.Bilinear(3, 2, 4, dtype=minitorch.float64),
                  minitorch.nn.Embedding(5, 2, dtype=minitorch.float64)):
        assert all(p.dtype is minitorch.float64 and p.device.type == "cpu" for p in layer.parameters())


def test_embedding_padding_row_starts_at_zero():
    e = minitorch.nn.Embedding(10, 4, padding_idx=-2)
    assert e.padding_idx == 8 and e.weight[8].tolist() == [0.0] * 4 and e.weight.requires_grad
    assert e.weight[:8].abs().sum().item() > 0


def test_reset_parameters_redraws():
    layer = minitorch.nn.Linear(10, 10)
    before = layer.weight.detach().clone()
    layer.reset_parameters()
    assert not numpy.array_equal(before.numpy(), layer.weight.detach().numpy())
    bound = 1 / math.sqrt(10)
    assert layer.weight.abs().max().item() <= bound and layer.bias.abs().max().item() <= bound
