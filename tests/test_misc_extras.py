"""Parity with torch 2.13 for pieces ordinary programs use: nn.utils.parametrizations.orthogonal / spectral_norm
and parametrize's transfer_parametrizations_and_params / type_before_parametrizations, AdaptiveLogSoftmaxWithLoss,
CrossMapLRN2d, Container, torch.func (linearize, functionalize, stack_module_state,
replace_all_batch_norm_modules_), amp.custom_fwd / custom_bwd / is_autocast_available, random.fork_rng, the
serialization safe-globals API, utils.hooks.RemovableHandle and testing.assert_allclose."""
import collections
import io
import warnings

import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

LIBS = (torch, minitorch)
DTYPES = {"float64": (1e-10, 1e-12), "float32": (2e-5, 1e-6)}  # (rtol, atol) for values computed differently


def _np(t):
    return t.detach().numpy() if hasattr(t, "detach") else np.asarray(t)


def _to(lib, t):
    """A torch tensor's values as a tensor of lib."""
    return lib.tensor(_np(t))


def _same(t, m, rtol=0.0, atol=0.0):
    """Same dtype name, shape and values."""
    assert str(t.dtype).split(".")[-1] == str(m.dtype).split(".")[-1]
    assert tuple(t.shape) == tuple(m.shape)
    np.testing.assert_allclose(_np(m), _np(t), rtol=rtol, atol=atol)


def _raises_like_torch(call, same_message=True):
    """call(lib) must raise in torch, and minitorch must raise the same class (and message)."""
    with pytest.raises(Exception) as expected:
        call(torch)
    with pytest.raises(type(expected.value)) as got:
        call(minitorch)
    if same_message:
        assert str(got.value) == str(expected.value)


def _copy_state(t_module, m_module):
    """m_module gets t_module's state_dict (the same keys are required)."""
    state = t_module.state_dict()
    assert list(state) == list(m_module.state_dict())
    m_module.load_state_dict(collections.OrderedDict((k, _to(minitorch, v)) for k, v in state.items()))


def _pair(make, dtype):
    """(torch module, minitorch module) built by make(lib), in dtype, with torch's weights."""
    torch.manual_seed(0)
    t_module = make(torch).to(getattr(torch, dtype))
    m_module = make(minitorch).to(getattr(minitorch, dtype))
    _copy_state(t_module, m_module)
    return t_module, m_module


def _train_and_compare(t_module, m_module, x, dtype, steps=3, loss=lambda out: (out * out).sum()):
    """A few SGD steps on both: outputs, every parameter's gradient and the state_dicts agree throughout."""
    rtol, atol = DTYPES[dtype]
    optimizers = [lib.optim.SGD(mod.parameters(), lr=0.05) for lib, mod in zip(LIBS, (t_module, m_module))]
    for _ in range(steps):
        outs = []
        for lib, mod, opt in zip(LIBS, (t_module, m_module), optimizers):
            opt.zero_grad()
            out = mod(_to(lib, x).to(getattr(lib, dtype)))
            loss(out).backward()
            opt.step()
            outs.append(out)
        _same(outs[0], outs[1], rtol, atol)
        t_params, m_params = dict(t_module.named_parameters()), dict(m_module.named_parameters())
        assert list(t_params) == list(m_params)
        for name in t_params:
            _same(t_params[name].grad, m_params[name].grad, rtol * 10, atol * 10)
        t_state, m_state = t_module.state_dict(), m_module.state_dict()
        assert list(t_state) == list(m_state)
        for name in t_state:
            _same(t_state[name], m_state[name], rtol * 10, atol * 10)


# --- orthogonal -----------------------------------------------------------------------------------------------------
ORTHOGONAL = [("matrix_exp", True, (4, 4)), ("matrix_exp", True, (3, 5)), ("matrix_exp", False, (5, 3)),
              ("cayley", True, (4, 4)), ("cayley", False, (3, 5)), ("cayley", True, (5, 3)),
              ("householder", True, (5, 3)), ("householder", False, (5, 3)), ("householder", False, (3, 5)),
              ("householder", False, (4, 4)), (None, True, (4, 4)), (None, True, (5, 3))]


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("orthogonal_map,trivialization,shape", ORTHOGONAL)
def test_orthogonal_trains_like_torch(orthogonal_map, trivialization, shape, dtype):
    def make(lib):
        layer = lib.nn.Linear(shape[1], shape[0])
        return lib.nn.utils.parametrizations.orthogonal(layer, orthogonal_map=orthogonal_map,
                                                        use_trivialization=trivialization)
    t_module, m_module = _pair(make, dtype)
    q = m_module.weight
    eye = minitorch.eye(min(shape), dtype=q.dtype)
    gram = q.mT @ q if shape[0] >= shape[1] else q @ q.mT
    np.testing.assert_allclose(_np(gram), _np(eye), atol=1e-5)
    _train_and_compare(t_module, m_module, np.random.default_rng(0).standard_normal((2, shape[1])), dtype)


def test_orthogonal_right_inverse_of_square_weight_matches_torch():
    """With trivialization, assigning a square weight stores its orthogonal QR factor as base: no randomness."""
    rng = np.random.default_rng(1)
    weight, batch = rng.standard_normal((4, 4)), rng.standard_normal((2, 3, 3))
    results = []
    for lib in LIBS:
        layer = lib.nn.utils.parametrizations.orthogonal(lib.nn.Linear(4, 4).double())
        layer.weight = lib.tensor(weight)
        module = lib.nn.Module()
        module.register_buffer("w", lib.tensor(batch))
        lib.nn.utils.parametrizations.orthogonal(module, "w", orthogonal_map="cayley")
        results.append((layer.weight, layer.parametrizations.weight.original, module.w))
    for t, m in zip(*results):
        _same(t, m, 1e-10, 1e-12)


def test_orthogonal_errors_match_torch():
    nn = lambda lib: lib.nn  # noqa: E731
    P = lambda lib: lib.nn.utils.parametrizations  # noqa: E731
    _raises_like_torch(lambda lib: P(lib).orthogonal(nn(lib).Linear(3, 3), "nope"))
    _raises_like_torch(lambda lib: P(lib).orthogonal(nn(lib).Linear(3, 3), orthogonal_map="qr"))
    _raises_like_torch(lambda lib: P(lib).orthogonal(nn(lib).Linear(3, 3), "bias"))
    _raises_like_torch(lambda lib: setattr(P(lib).orthogonal(nn(lib).Linear(3, 3)), "weight", lib.ones(2, 2)))
    _raises_like_torch(lambda lib: setattr(P(lib).orthogonal(nn(lib).Linear(3, 3), use_trivialization=False),
                                           "weight", lib.eye(3)))


# --- spectral_norm ----------------------------------------------------------------------------------------------
SPECTRAL = {
    "linear": (lambda lib: lib.nn.Linear(5, 3), {}, (2, 5)),
    "linear_3_iterations": (lambda lib: lib.nn.Linear(4, 6), {"n_power_iterations": 3}, (2, 4)),
    "conv_dim1": (lambda lib: lib.nn.Conv2d(2, 3, 3), {"dim": 1}, (1, 2, 5, 5)),
    "conv_transpose": (lambda lib: lib.nn.ConvTranspose1d(2, 3, 3), {}, (1, 2, 5)),
    "conv_negative_dim": (lambda lib: lib.nn.Conv1d(2, 3, 2), {"dim": -1, "eps": 1e-6}, (1, 2, 6)),
}


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("name", sorted(SPECTRAL))
def test_spectral_norm_trains_like_torch(name, dtype):
    build, kwargs, shape = SPECTRAL[name]
    t_module, m_module = _pair(lambda lib: lib.nn.utils.parametrizations.spectral_norm(build(lib), **kwargs), dtype)
    assert sorted(dict(m_module.named_buffers())) == ["parametrizations.weight.0._u", "parametrizations.weight.0._v"]
    x = np.random.default_rng(0).standard_normal(shape)
    _train_and_compare(t_module, m_module, x, dtype)
    for mod in (t_module, m_module):  # eval: no power iteration, u and v stay
        mod.eval()
    before = _np(m_module.parametrizations.weight[0]._u).copy()
    _train_and_compare(t_module, m_module, x, dtype, steps=2)
    np.testing.assert_array_equal(_np(m_module.parametrizations.weight[0]._u), before)


def test_spectral_norm_of_a_vector_normalizes_it():
    values = []
    for lib in LIBS:
        module = lib.nn.Module()
        module.register_parameter("w", lib.nn.Parameter(lib.tensor([3.0, 4.0])))
        lib.nn.utils.parametrizations.spectral_norm(module, "w")
        values.append(module.w)
        assert not list(module.buffers())
    _same(*values)


def test_spectral_norm_errors_match_torch():
    P = lambda lib: lib.nn.utils.parametrizations  # noqa: E731
    _raises_like_torch(lambda lib: P(lib).spectral_norm(lib.nn.Linear(3, 3), dim=2))
    _raises_like_torch(lambda lib: P(lib).spectral_norm(lib.nn.Linear(3, 3), n_power_iterations=0))
    _raises_like_torch(lambda lib: P(lib).spectral_norm(lib.nn.Linear(3, 3), "nope"))


# --- parametrize helpers ------------------------------------------------------------------------------------------
def test_type_before_parametrizations_and_transfer_like_torch():
    for lib in LIBS:
        P, parametrize = lib.nn.utils.parametrizations, lib.nn.utils.parametrize
        source = P.weight_norm(P.orthogonal(lib.nn.Linear(3, 3)), "bias", dim=0)
        assert type(source) is not lib.nn.Linear and parametrize.type_before_parametrizations(source) is lib.nn.Linear
        assert parametrize.type_before_parametrizations(lib.nn.ReLU()) is lib.nn.ReLU
        target = parametrize.transfer_parametrizations_and_params(source, lib.nn.Linear(3, 3))
        assert sorted(target.parametrizations) == ["bias", "weight"]
        assert target.parametrizations.weight.original is source.parametrizations.weight.original
        assert target.parametrizations.bias.original1 is source.parametrizations.bias.original1
        assert target.parametrizations.weight[0] is source.parametrizations.weight[0]
        assert lib.equal(target.weight, source.weight) and lib.equal(target.bias, source.bias)
        only = parametrize.transfer_parametrizations_and_params(source, lib.nn.Module(), "weight")
        assert list(only.parametrizations) == ["weight"] and not hasattr(only, "bias")
        plain = lib.nn.Linear(2, 2)
        assert parametrize.transfer_parametrizations_and_params(plain, lib.nn.Linear(2, 2)) is not plain


# --- AdaptiveLogSoftmaxWithLoss -------------------------------------------------------------------------------------
ASM = {"two_clusters": dict(in_features=8, n_classes=10, cutoffs=[3, 6], div_value=2.0),
       "one_cluster_head_bias": dict(in_features=6, n_classes=7, cutoffs=[4], head_bias=True),
       "div_1": dict(in_features=5, n_classes=9, cutoffs=(2, 5, 7), div_value=1.0)}


@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("name", sorted(ASM))
def test_adaptive_log_softmax_trains_like_torch(name, dtype):
    kwargs = ASM[name]
    t_module, m_module = _pair(lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(**kwargs), dtype)
    rng = np.random.default_rng(3)
    x = rng.standard_normal((12, kwargs["in_features"]))  # every class is a target: every parameter gets a grad
    target = np.concatenate([np.arange(kwargs["n_classes"]), rng.integers(0, kwargs["n_classes"], 12)])[:12]
    rtol, atol = DTYPES[dtype]
    for _ in range(2):
        results = []
        for lib, mod in zip(LIBS, (t_module, m_module)):
            mod.zero_grad()
            inp = lib.tensor(x, dtype=getattr(lib, dtype), requires_grad=True)
            out = mod(inp, lib.tensor(target))
            assert type(out).__name__ == "_ASMoutput" and out._fields == ("output", "loss")
            out.loss.backward()
            single = mod(inp[2], lib.tensor(target[2]))
            results.append([out.output, out.loss, inp.grad, single.output, single.loss, mod.log_prob(inp),
                            mod.predict(inp), mod.predict(inp[:1] * 0)]
                           + [p.grad for p in mod.parameters()])
            with lib.no_grad():
                for p in mod.parameters():
                    p -= 0.5 * p.grad
        for t, m in zip(*results):
            _same(t, m, rtol * 10, atol * 10)


def test_adaptive_log_softmax_errors_match_torch():
    make = lambda lib, **kw: lib.nn.AdaptiveLogSoftmaxWithLoss(4, 6, **kw)  # noqa: E731
    for cutoffs in ([], [3, 2], [0, 2], [6], [2, 2], [2.5]):
        _raises_like_torch(lambda lib: make(lib, cutoffs=cutoffs))
    _raises_like_torch(lambda lib: make(lib, cutoffs=[2])(lib.ones(3, 4), lib.tensor([0, 6, 1])))
    _raises_like_torch(lambda lib: make(lib, cutoffs=[2])(lib.ones(3, 4), lib.tensor([0, 1])))
    _raises_like_torch(lambda lib: make(lib, cutoffs=[2])(lib.ones(2, 3, 4), lib.tensor([0, 1])))
    _raises_like_torch(lambda lib: make(lib, cutoffs=[2])(lib.ones(2, 4), lib.tensor(1)))
    _raises_like_torch(lambda lib: make(lib, cutoffs=[2])(lib.ones(2, 4), lib.ones(2, 2).long()))


# --- CrossMapLRN2d and Container ------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", sorted(DTYPES))
@pytest.mark.parametrize("size,channels", [(2, 5), (3, 1), (4, 6), (5, 3), (5, 9), (6, 4)])
def test_cross_map_lrn2d_matches_torch(size, channels, dtype):
    rng = np.random.default_rng(size * 10 + channels)
    x, g = rng.standard_normal((2, channels, 3, 2)), rng.standard_normal((2, channels, 3, 2))
    results = []
    for lib in LIBS:
        layer = lib.nn.CrossMapLRN2d(size, alpha=0.3, beta=0.6, k=1.5)
        inp = lib.tensor(x, dtype=getattr(lib, dtype), requires_grad=True)
        out = layer(inp)
        out.backward(lib.tensor(g, dtype=getattr(lib, dtype)))
        results.append((out, inp.grad, repr(layer)))
    _same(results[0][0], results[1][0], *DTYPES[dtype])
    _same(results[0][1], results[1][1], *DTYPES[dtype])
    assert results[0][2] == results[1][2]


def test_cross_map_lrn2d_errors_match_torch():
    _raises_like_torch(lambda lib: lib.nn.CrossMapLRN2d(3)(lib.ones(2, 3, 4)))
    _raises_like_torch(lambda lib: lib.nn.CrossMapLRN2d(1)(lib.ones(1, 3, 2, 2, requires_grad=True)).sum().backward())


def test_container_warns_and_holds_its_modules_like_torch():
    seen = []
    for lib in LIBS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            container = lib.nn.Container(a=lib.nn.Linear(2, 3), b=lib.nn.ReLU())
        assert [w.category for w in caught] == [FutureWarning]
        seen.append((str(caught[0].message), repr(container), list(dict(container.named_parameters()))))
        assert isinstance(container, lib.nn.Module)
    assert seen[0] == seen[1]


# --- torch.func -------------------------------------------------------------------------------------------------
def _f(x, y):
    return x.sin() * y, (x * y).sum()


@pytest.mark.parametrize("dtype", sorted(DTYPES))
def test_linearize_matches_torch(dtype):
    rng = np.random.default_rng(0)
    x, y, tx, ty = (rng.standard_normal((3, 2)) for _ in range(4))
    results = []
    for lib in LIBS:
        d = getattr(lib, dtype)
        output, jvp_fn = lib.func.linearize(_f, lib.tensor(x, dtype=d), lib.tensor(y, dtype=d))
        results.append(list(output) + list(jvp_fn(lib.tensor(tx, dtype=d), lib.tensor(ty, dtype=d)))
                       + list(jvp_fn(lib.ones(3, 2, dtype=d), lib.zeros(3, 2, dtype=d))))
    for t, m in zip(*results):
        _same(t, m, *DTYPES[dtype])


def test_linearize_tangent_errors_match_torch():
    def call(lib, *tangents):
        return lib.func.linearize(_f, lib.ones(2), lib.ones(2))[1](*tangents)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch's tracer warns about its constant folding
        _raises_like_torch(lambda lib: call(lib, lib.ones(3), lib.ones(2)))
        _raises_like_torch(lambda lib: call(lib, lib.ones(2, dtype=lib.float64), lib.ones(2)))
        _raises_like_torch(lambda lib: call(lib, lib.ones(2)), same_message=False)


def test_functionalize_returns_a_function_computing_the_same():
    for lib in LIBS:
        def f(x):
            y = x.clone()
            y.add_(1)
            return y
        g = lib.func.functionalize(f)
        assert lib.equal(g(lib.ones(2)), lib.full((2,), 2.0))
        assert lib.func.functionalize(f, remove="mutations_and_views")(lib.zeros(1)).item() == 1.0
    assert minitorch.func.functionalize(f) is f
    _raises_like_torch(lambda lib: lib.func.functionalize(lambda x: x, remove="views"))


def _ensemble(lib):
    lib.manual_seed(0)
    return [lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.BatchNorm1d(2)) for _ in range(3)]


def test_stack_module_state_and_vmap_ensemble_match_torch():
    t_models, m_models = _ensemble(torch), _ensemble(minitorch)
    for t, m in zip(t_models, m_models):
        _copy_state(t, m)
    x = np.random.default_rng(0).standard_normal((4, 3))
    results = []
    for lib, models in zip(LIBS, (t_models, m_models)):
        params, buffers = lib.func.stack_module_state(models)
        assert list(params) == ["0.weight", "0.bias", "1.weight", "1.bias"]
        assert list(buffers) == ["1.running_mean", "1.running_var", "1.num_batches_tracked"]
        assert all(p.is_leaf and p.requires_grad for p in params.values())
        assert not any(b.requires_grad for b in buffers.values())
        for model in models:
            model.eval()

        def run(p, b, inp):
            return lib.func.functional_call(models[0], (p, b), (inp,))
        out = lib.vmap(run, (0, 0, None))(params, buffers, lib.tensor(x, dtype=lib.float32))
        out.sum().backward()
        results.append([out] + list(params.values()) + [p.grad for p in params.values()] + list(buffers.values()))
    for t, m in zip(*results):
        _same(t, m, 1e-6, 1e-6)


def test_stack_module_state_errors_match_torch():
    _raises_like_torch(lambda lib: lib.func.stack_module_state([]))
    _raises_like_torch(lambda lib: lib.func.stack_module_state([lib.nn.Linear(2, 2), lib.nn.Linear(2, 2).eval()]))
    _raises_like_torch(lambda lib: lib.func.stack_module_state([lib.nn.Linear(2, 2), lib.nn.Bilinear(2, 2, 2)]))
    _raises_like_torch(lambda lib: lib.func.stack_module_state([lib.nn.Linear(2, 2),
                                                               lib.nn.Linear(2, 2).requires_grad_(False)]))


def test_replace_all_batch_norm_modules_like_torch():
    seen = []
    for lib in LIBS:
        root = lib.nn.Sequential(lib.nn.BatchNorm1d(3), lib.nn.Sequential(lib.nn.BatchNorm2d(2)), lib.nn.Linear(2, 2),
                                 lib.nn.BatchNorm1d(2, track_running_stats=False))
        assert lib.func.replace_all_batch_norm_modules_(root) is root
        seen.append(sorted(root.state_dict()))
        assert root[0].running_mean is None and not root[1][0].track_running_stats
        out = root[0](lib.tensor([[1.0, 2.0, 3.0], [3.0, 2.0, 0.0]]))
        seen.append(out.detach().numpy().round(6).tolist())
    assert seen[0] == seen[2] and seen[1] == seen[3]


# --- amp ----------------------------------------------------------------------------------------------------------
def _scaled_function(lib, backward_states, **fwd_kwargs):
    """x * k as an autograd.Function decorated with custom_fwd/custom_bwd; backward appends whether autocast was
    on while it ran."""
    autocast_enabled = lib.is_autocast_enabled

    class Scaled(lib.autograd.Function):
        @staticmethod
        @lib.amp.custom_fwd(device_type="cpu", **fwd_kwargs)
        def forward(ctx, x, k):
            ctx.k = k
            return x * k

        @staticmethod
        @lib.amp.custom_bwd(device_type="cpu")
        def backward(ctx, g):
            backward_states.append(autocast_enabled("cpu"))
            return g * ctx.k, None
    return Scaled


def test_custom_fwd_and_bwd_outside_autocast_like_torch():
    results = []
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        states = []
        Scaled = _scaled_function(lib, states, cast_inputs=lib.float16)
        y = Scaled.apply(x, 3.0)
        y.sum().backward()
        results.append((y.tolist(), x.grad.tolist(), str(y.dtype), states))
        assert Scaled.forward.__name__ == "forward" and Scaled.backward.__name__ == "backward"
    assert results[0] == results[1]


def test_custom_bwd_runs_in_the_autocast_state_of_forward():
    x = minitorch.tensor([1.0, 2.0], requires_grad=True)
    states = []
    with minitorch.amp.autocast("cpu", dtype=minitorch.float16):
        y = _scaled_function(minitorch, states).apply(x, 2.0)
        z = _scaled_function(minitorch, states, cast_inputs=minitorch.float64).apply(x, 2.0)
    assert z.dtype == minitorch.float64  # cast_inputs casts (autocast itself casts nothing in minitorch)
    (y.sum() + z.sum()).backward()
    assert sorted(states) == [False, True]  # z's forward ran with autocast off, y's with it on
    assert x.grad.tolist() == [4.0, 4.0]


def test_custom_fwd_bwd_arguments_like_torch():
    _raises_like_torch(lambda lib: lib.amp.custom_fwd(lambda ctx: 0), same_message=False)
    _raises_like_torch(lambda lib: lib.amp.custom_bwd(lambda ctx: 0), same_message=False)
    _raises_like_torch(lambda lib: lib.amp.custom_fwd(device_type=1))
    _raises_like_torch(lambda lib: lib.amp.custom_bwd(device_type=None))
    for device in ("cpu", "cuda", "xla", "mps", "meta"):
        assert minitorch.amp.is_autocast_available(device) == torch.amp.is_autocast_available(device)
    _raises_like_torch(lambda lib: lib.amp.is_autocast_available("tpu"))


# --- random.fork_rng ----------------------------------------------------------------------------------------------
def test_fork_rng_restores_the_global_generator():
    minitorch.manual_seed(5)
    with minitorch.random.fork_rng():
        inside = minitorch.rand(3)
        minitorch.manual_seed(99)
        minitorch.rand(2)
    after = minitorch.rand(3)
    assert minitorch.equal(inside, after)
    with minitorch.random.fork_rng(devices=[], enabled=False):
        minitorch.rand(3)
    assert not minitorch.equal(minitorch.rand(3), after)
    with pytest.raises(KeyError):  # the state comes back even when the block raises
        with minitorch.random.fork_rng(device_type="cpu"):
            minitorch.manual_seed(1)
            raise KeyError
    minitorch.manual_seed(5)
    minitorch.rand(3)
    state = minitorch.get_rng_state()
    with minitorch.random.fork_rng():
        minitorch.rand(10)
    assert minitorch.equal(minitorch.get_rng_state(), state)

    @minitorch.random.fork_rng()
    def draw():
        return minitorch.rand(1)
    draw()
    assert minitorch.equal(minitorch.get_rng_state(), state)


# --- serialization ----------------------------------------------------------------------------------------------
class _Point:
    pass


def test_safe_globals_api_like_torch(tmp_path):
    for lib in LIBS:
        S = lib.serialization
        original = S.get_safe_globals()
        S.clear_safe_globals()
        assert S.get_safe_globals() == []
        S.add_safe_globals([_Point, (collections.Counter, "collections.Counter")])
        assert set(S.get_safe_globals()) == {_Point, (collections.Counter, "collections.Counter")}
        S.clear_safe_globals()
        with S.safe_globals([_Point]) as entered:
            assert entered is None and S.get_safe_globals() == [_Point]
        assert S.get_safe_globals() == []
        S.add_safe_globals(original)
        assert S.DEFAULT_PROTOCOL == 2
    _raises_like_torch(lambda lib: lib.serialization.add_safe_globals(_Point))


def test_get_unsafe_globals_in_checkpoint(tmp_path):
    path = tmp_path / "torch.pt"
    torch.save({"w": torch.ones(2), "p": _Point(), "o": collections.OrderedDict(a=1), "s": {1}}, path)
    for lib in LIBS:
        assert lib.serialization.get_unsafe_globals_in_checkpoint(path) == [__name__ + "._Point"]
        with lib.serialization.safe_globals([_Point]):
            assert lib.serialization.get_unsafe_globals_in_checkpoint(str(path)) == []
    buffer = io.BytesIO()
    minitorch.save({"w": minitorch.ones(2), "n": [1, (2.0, "a")]}, buffer)
    buffer.seek(0)
    assert minitorch.serialization.get_unsafe_globals_in_checkpoint(buffer) == []
    _raises_like_torch(lambda lib: lib.serialization.get_unsafe_globals_in_checkpoint(io.BytesIO(b"not a zip")))


# --- utils.hooks and testing.assert_allclose --------------------------------------------------------------------
def test_removable_handle_is_the_modules_handle():
    from minitorch.utils.hooks import RemovableHandle
    layer = minitorch.nn.Linear(2, 2)
    calls = []
    handle = layer.register_forward_hook(lambda *a: calls.append(1))
    assert isinstance(handle, RemovableHandle) and isinstance(handle.id, int)
    layer(minitorch.ones(2))
    handle.remove()
    layer(minitorch.ones(2))
    assert calls == [1]
    hooks = {}
    own = RemovableHandle(hooks)
    hooks[own.id] = print
    with own:
        assert own.id in hooks
    assert not hooks


@pytest.mark.parametrize("actual,expected,kwargs,passes", [
    ([1.0, 2.0], [1.0, 2.00005], {}, True), ([1.0, 2.0], [1.0, 2.01], {}, False),
    ([1.0, float("nan")], [1.0, float("nan")], {}, True), ([1.0], [1.1], {"rtol": 0.2, "atol": 0.0}, True),
    ([1.0, float("nan")], [1.0, float("nan")], {"equal_nan": False}, False), ([1, 2], [1.0, 2.0], {}, True),
    ([1.0, 2.0], [1.0, 2.0001], {"dtype": "float64"}, False)])
def test_assert_allclose_like_torch(actual, expected, kwargs, passes):
    kwargs = dict(kwargs)
    dtype = kwargs.pop("dtype", None)
    outcomes = []
    for lib in LIBS:
        a = lib.tensor(actual, dtype=getattr(lib, dtype) if dtype else None)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                lib.testing.assert_allclose(a, expected, **kwargs)
                outcomes.append(None)
            except AssertionError as e:
                outcomes.append(str(e).splitlines()[0])
        assert [w.category for w in caught] == [FutureWarning] and caught[0].filename == __file__
        outcomes.append(str(caught[0].message))
    assert outcomes[0] == outcomes[2] and outcomes[1] == outcomes[3]
    assert (outcomes[0] is None) == passes
    _raises_like_torch(lambda lib: lib.testing.assert_allclose(lib.ones(2), lib.zeros(2), msg="custom"))


@pytest.mark.parametrize("cluster_rows", ["none", "all", "some"])
def test_adaptive_log_softmax_predict_branches_like_torch(cluster_rows):
    """predict's three paths: every best head entry in the shortlist, none, or some (full log_prob only there)."""
    t_module, m_module = _pair(lambda lib: lib.nn.AdaptiveLogSoftmaxWithLoss(4, 7, [2, 4], head_bias=True),
                               "float64")
    x = np.random.default_rng(2).standard_normal((6, 4))
    x[:, 0] = [1, -1, 1, -1, 1, 1]
    bias = {"none": [20.0, 0, 0, 0], "all": [0, 0, 5.0, 5.0], "some": [0, 0, 0, 0]}[cluster_rows]
    results = []
    for lib, mod in zip(LIBS, (t_module, m_module)):
        with lib.no_grad():
            mod.head.weight.zero_()
            mod.head.weight[3, 0] = 10.0
            mod.head.bias.copy_(lib.tensor(bias, dtype=lib.float64))
        results.append(mod.predict(lib.tensor(x)))
    _same(*results)


def test_spectral_norm_assignment_and_removal_like_torch():
    weight = np.random.default_rng(4).standard_normal((3, 5))
    results = []
    for lib in LIBS:
        torch.manual_seed(0)
        layer = lib.nn.utils.parametrizations.spectral_norm(lib.nn.Linear(5, 3).double())
        layer.weight = lib.tensor(weight)
        original = layer.parametrizations.weight.original
        lib.nn.utils.parametrize.remove_parametrizations(layer, "weight", leave_parametrized=False)
        results.append((original, layer.weight))
        assert type(layer) is lib.nn.Linear
    for t, m in zip(*results):
        _same(t, m)


def test_removable_handle_as_torch():
    """utils.hooks.RemovableHandle(hooks_dict, extra_dict=...): ids count up, remove() clears every registry."""
    for lib in (torch, minitorch):
        hooks, extra, more = (collections.OrderedDict() for _ in range(3))  # (torch keeps weak references)
        first = lib.utils.hooks.RemovableHandle(hooks, extra_dict=[extra, more])
        second = lib.utils.hooks.RemovableHandle(hooks, extra_dict=extra)
        assert second.id == first.id + 1 and lib.utils.hooks.RemovableHandle.next_id == second.id + 1
        hooks[first.id] = extra[first.id] = more[first.id] = print
        hooks[second.id] = print
        first.remove()
        assert list(hooks) == [second.id] and not extra and not more
