"""The framework odds and ends programs touch -- torch.backends, deterministic algorithms, testing.assert_close and
make_tensor, utils.checkpoint, compile/jit, autocast and GradScaler -- each against real torch."""
import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")
LIBS = [minitorch, torch]


# --- backends and determinism ----------------------------------------------------------------------------------
@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_backends_flags(lib):
    cudnn = lib.backends.cudnn
    assert (cudnn.is_available(), cudnn.version()) == (False, None)
    assert lib.backends.mps.is_available() is False and lib.backends.mps.is_built() is False
    for flag in ("deterministic", "benchmark", "enabled", "allow_tf32"):
        old = getattr(cudnn, flag)
        setattr(cudnn, flag, not old)
        assert getattr(cudnn, flag) is (not old)
        setattr(cudnn, flag, old)
    old = lib.backends.cuda.matmul.allow_tf32
    lib.backends.cuda.matmul.allow_tf32 = True
    assert lib.backends.cuda.matmul.allow_tf32 is True
    lib.backends.cuda.matmul.allow_tf32 = old
    assert isinstance(lib.backends.mkldnn.is_available(), bool)


def test_backends_defaults_match_torch():
    for flag in ("deterministic", "benchmark", "enabled", "allow_tf32"):
        assert getattr(minitorch.backends.cudnn, flag) == getattr(torch.backends.cudnn, flag), flag
    assert minitorch.backends.cuda.matmul.allow_tf32 == torch.backends.cuda.matmul.allow_tf32
    assert minitorch.backends.mkldnn.is_available() is False  # minitorch's kernels are NumPy's, not oneDNN's


@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_deterministic_algorithms(lib):
    try:
        assert lib.are_deterministic_algorithms_enabled() is False
        lib.use_deterministic_algorithms(True, warn_only=True)
        assert lib.are_deterministic_algorithms_enabled() is True
        assert lib.is_deterministic_algorithms_warn_only_enabled() is True
        lib.use_deterministic_algorithms(True)
        assert lib.is_deterministic_algorithms_warn_only_enabled() is False
        with pytest.raises(TypeError, match="mode"):
            lib.use_deterministic_algorithms("yes")
        with pytest.raises(TypeError, match="warn_only"):
            lib.use_deterministic_algorithms(True, warn_only=1)
    finally:
        lib.use_deterministic_algorithms(False)
    assert lib.are_deterministic_algorithms_enabled() is False


# --- testing.assert_close ----------------------------------------------------------------------------------------
def _pair(make):
    return make(minitorch), make(torch)


def _failure(lib, actual, expected, **kwargs):
    try:
        lib.testing.assert_close(actual, expected, **kwargs)
    except Exception as e:  # noqa: BLE001 -- the class is compared below
        return type(e), str(e)
    return None


CLOSE_CASES = {
    "equal": lambda L: (L.tensor([1.0, 2.0]), L.tensor([1.0, 2.0]), {}),
    "f32_within_default": lambda L: (L.tensor([1.0, 2.0]), L.tensor([1.0, 2.0 + 1e-6]), {}),
    "f32_outside": lambda L: (L.tensor([1.0, 2.0, 3.0]), L.tensor([1.0, 2.1, 3.5]), {}),
    "f64_tight": lambda L: (L.tensor([1.0], dtype=L.float64), L.tensor([1.0 + 1e-6], dtype=L.float64), {}),
    "f64_within": lambda L: (L.tensor([1.0], dtype=L.float64), L.tensor([1.0 + 1e-8], dtype=L.float64), {}),
    "f16": lambda L: (L.tensor([1.0], dtype=L.float16), L.tensor([1.001], dtype=L.float16), {}),
    "f16_outside": lambda L: (L.tensor([1.0, 2.0], dtype=L.float16), L.tensor([1.0, 2.01], dtype=L.float16), {}),
    "int_vs_float_unchecked": lambda L: (L.tensor([1, 2]), L.tensor([1.0, 2.5]), {"check_dtype": False}),
    "nested": lambda L: ({"a": [L.ones(2), L.ones(2, 2)]}, {"a": [L.ones(2), L.eye(2)]}, {}),
    "broadcastable_shapes": lambda L: (L.ones(1, 3), L.ones(3), {}),
    "int_exact": lambda L: (L.tensor([1, 2]), L.tensor([1, 3]), {}),
    "bool": lambda L: (L.tensor([True]), L.tensor([False]), {}),
    "shape": lambda L: (L.ones(2), L.ones(3), {}),
    "dtype": lambda L: (L.ones(2), L.ones(2, dtype=L.float64), {}),
    "dtype_unchecked": lambda L: (L.ones(2), L.ones(2, dtype=L.float64), {"check_dtype": False}),
    "explicit_tol": lambda L: (L.tensor([1.0]), L.tensor([1.05]), {"rtol": 0.0, "atol": 0.1}),
    "one_tol_only": lambda L: (L.tensor([1.0]), L.tensor([1.05]), {"rtol": 0.1}),
    "nan": lambda L: (L.tensor([float("nan")]), L.tensor([float("nan")]), {}),
    "nan_equal": lambda L: (L.tensor([float("nan")]), L.tensor([float("nan")]), {"equal_nan": True}),
    "inf": lambda L: (L.tensor([float("inf")]), L.tensor([float("inf")]), {}),
    "inf_sign": lambda L: (L.tensor([float("inf")]), L.tensor([-float("inf")]), {}),
    "scalar_tensor": lambda L: (L.tensor(1.0), L.tensor(1.5), {}),
    "numbers": lambda L: (1.0, 1.0 + 1e-9, {}),
    "number_types": lambda L: (1, 1.0, {}),
    "int_numbers": lambda L: (2, 3, {}),
    "list": lambda L: ([1.0, 2.0], [1.0, 2.5], {}),
    "list_len": lambda L: ([1], [1, 2], {}),
    "tuple_tensors": lambda L: ((L.ones(2), L.zeros(1)), (L.ones(2), L.ones(1)), {}),
    "dict_keys": lambda L: ({"a": L.ones(1)}, {"b": L.ones(1)}, {}),
    "dict_values": lambda L: ({"a": L.ones(2)}, {"a": L.zeros(2)}, {}),
    "tensor_vs_list": lambda L: (L.ones(2), [1.0, 1.0], {}),
    "msg": lambda L: (L.ones(2), L.ones(2) * 1.1, {"msg": "custom"}),
    "msg_callable": lambda L: (L.ones(2), L.ones(2) * 1.1, {"msg": lambda m: "wrapped: " + m.splitlines()[0]}),
    "empty": lambda L: (L.ones(0, 3), L.ones(0, 3), {}),
    "requires_grad": lambda L: (L.ones(2, requires_grad=True), L.ones(2), {}),
    "noncontiguous": lambda L: (L.arange(6.0).reshape(2, 3).t(), L.arange(6.0).reshape(2, 3).t() + 1, {}),
}


@pytest.mark.parametrize("name", sorted(CLOSE_CASES))
def test_assert_close_matches_torch(name):
    (ma, me, kw), (ta, te, tkw) = _pair(CLOSE_CASES[name])
    got, want = _failure(minitorch, ma, me, **kw), _failure(torch, ta, te, **tkw)
    if want is None:
        assert got is None, got
        return
    assert got is not None and got[0] is want[0], (got, want)
    assert got[1].replace("minitorch.tensor.Tensor", "torch.Tensor") == want[1]  # torch's message, word for word


def test_make_tensor():
    mt = minitorch.testing.make_tensor
    t = mt(3, 4, dtype=minitorch.float32, device="cpu")
    assert t.shape == (3, 4) and t.dtype is minitorch.float32 and bool(((t >= -9) & (t < 9)).all())
    t = mt(2000, dtype=minitorch.int64, device="cpu")
    assert (int(t.min()), int(t.max())) == (-9, 9)  # as torch's
    t = mt((200, 5), dtype=minitorch.int64, device="cpu", low=0, high=3)
    assert t.dtype is minitorch.int64 and (int(t.min()), int(t.max())) == (0, 2)
    assert int(mt(2000, dtype=minitorch.uint8, device="cpu").min()) == 0
    t = mt(4, 6, dtype=minitorch.float64, device="cpu", noncontiguous=True, exclude_zero=True, requires_grad=True)
    assert t.shape == (4, 6) and not t.is_contiguous() and t.requires_grad and bool((t != 0).all())
    assert mt(5, dtype=minitorch.bool, device="cpu").dtype is minitorch.bool
    assert mt(4, 6, dtype=minitorch.float32, device="cpu", noncontiguous=True).stride() == \
        torch.testing.make_tensor(4, 6, dtype=torch.float32, device="cpu", noncontiguous=True).stride()
    for lib in LIBS:
        with pytest.raises(ValueError, match="3 >= 1"):
            lib.testing.make_tensor(2, dtype=lib.float32, device="cpu", low=3, high=1)


# --- utils.checkpoint ----------------------------------------------------------------------------------------------
def _net(lib, dropout):
    lib.manual_seed(0)
    layers = [lib.nn.Linear(4, 8), lib.nn.Tanh()] + ([lib.nn.Dropout(0.3)] if dropout else []) + [lib.nn.Linear(8, 3)]
    net = lib.nn.Sequential(*layers)
    if lib is minitorch:  # the same weights as torch's
        for m, t in zip(net.parameters(), _net(torch, dropout).parameters()):
            m.data.copy_(minitorch.tensor(t.detach().numpy()))
    return net


X = np.random.default_rng(3).standard_normal((5, 4))


@pytest.mark.parametrize("reentrant", [True, False])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_checkpoint_same_outputs_and_grads_as_plain_call(reentrant, dtype):
    for lib in LIBS:
        dt = getattr(lib, dtype)
        runs = []
        for use_checkpoint in (False, True):
            net = _net(lib, dropout=False).to(dt)
            x = lib.tensor(X, dtype=dt, requires_grad=True)
            w = lib.tensor(X[:, :3] * 0.5, dtype=dt, requires_grad=True)

            def f(a, scale, b=None):
                return net(a * scale) * b, a.sum()

            if use_checkpoint:
                out, s = lib.utils.checkpoint.checkpoint(f, x, 2.0, b=w, use_reentrant=False) if not reentrant \
                    else lib.utils.checkpoint.checkpoint(lambda a, s_: f(a, s_, w), x, 2.0, use_reentrant=True)
            else:
                out, s = f(x, 2.0, w)
            ((out ** 2).sum() + s).backward()
            runs.append([out.detach(), x.grad, w.grad] + [p.grad for p in net.parameters()])
        for a, b in zip(*runs):
            lib.testing.assert_close(a, b)
        if lib is minitorch:
            mine = runs[1]
        else:
            tol = {"rtol": 1e-12, "atol": 1e-12} if dtype == "float64" else {"rtol": 1.3e-6, "atol": 1e-5}
            for a, b in zip(mine, runs[1]):
                np.testing.assert_allclose(a.numpy(), b.numpy(), **tol)


def test_checkpoint_recomputes_in_backward_with_same_dropout():
    calls = []
    net = _net(minitorch, dropout=True)
    x = minitorch.tensor(X, dtype=minitorch.float32, requires_grad=True)

    def f(a):
        calls.append(1)
        return net(a)

    minitorch.manual_seed(5)
    out = minitorch.utils.checkpoint.checkpoint(f, x, use_reentrant=True)
    assert out.grad_fn.name() == "CheckpointFunctionBackward"
    out.sum().backward()
    assert len(calls) == 2  # forward, then the recompute in backward
    grads = [x.grad.clone()] + [p.grad.clone() for p in net.parameters()]
    net.zero_grad()
    x.grad = None
    minitorch.manual_seed(5)
    plain = f(x)
    plain.sum().backward()
    minitorch.testing.assert_close(out, plain.detach())
    for a, b in zip(grads, [x.grad] + [p.grad for p in net.parameters()]):
        minitorch.testing.assert_close(a, b)


def test_checkpoint_without_grad_inputs_and_warning():
    net = _net(minitorch, dropout=False)
    x = minitorch.tensor(X, dtype=minitorch.float32)
    with pytest.warns(UserWarning, match="use_reentrant"):
        out = minitorch.utils.checkpoint.checkpoint(net, x)
    out.sum().backward()
    assert all(p.grad is not None for p in net.parameters())  # as torch's non-reentrant variant
    with minitorch.no_grad():
        assert not minitorch.utils.checkpoint.checkpoint(net, x, use_reentrant=False).requires_grad


@pytest.mark.parametrize("reentrant", [True, False])
def test_checkpoint_mixed_outputs(reentrant):
    grads = []
    for lib in LIBS:
        y = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
        out = lib.utils.checkpoint.checkpoint(lambda a: (a.exp(), 3, a.detach() + 1, a * a), y * 3,
                                              use_reentrant=reentrant)
        assert out[1] == 3
        (out[0].sum() + out[3].sum()).backward()
        grads.append(y.grad.numpy())
    np.testing.assert_allclose(grads[0], grads[1], rtol=1e-12)


@pytest.mark.parametrize("segments", [1, 2, 3])
def test_checkpoint_sequential(segments):
    results = []
    for lib in LIBS:
        net = _net(lib, dropout=False)
        x = lib.tensor(X, dtype=lib.float32, requires_grad=True)
        out = lib.utils.checkpoint.checkpoint_sequential(net, segments, x, use_reentrant=False)
        out.pow(2).sum().backward()
        results.append([out.detach().numpy(), x.grad.numpy()] + [p.grad.numpy() for p in net.parameters()])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1.3e-6, atol=1e-5)


# --- compile and jit -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_compile_forms(lib):
    def f(x):
        return x * 2 + 1

    x = lib.ones(3)
    assert lib.equal(lib.compile(f)(x), f(x))

    @lib.compile
    def g(x):
        return x - 1

    @lib.compile(mode="reduce-overhead", fullgraph=False)
    def h(x):
        return x + 1

    assert lib.equal(g(x), x - 1) and lib.equal(h(x), x + 1)
    net = lib.nn.Linear(3, 2)
    assert lib.allclose(lib.compile(net)(x), net(x))  # torch's compiled GEMM may round differently from eager
    with pytest.raises(AssertionError, match="callable"):
        lib.compile(3)
    with pytest.raises(RuntimeError, match="mode"):
        lib.compile(mode="bogus")(f)


def test_compile_and_jit_return_the_object():
    def f(x):
        return x + 1

    net = minitorch.nn.Linear(3, 2)
    assert minitorch.compile(f) is f and minitorch.compile(net) is net
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert minitorch.jit.script(f) is f and minitorch.jit.script(net) is net
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert minitorch.jit.trace(net, (minitorch.ones(1, 3),)) is net
    assert minitorch.jit.ignore(f) is f and minitorch.jit.ignore(drop=True)(f) is f and minitorch.jit.unused(f) is f
    assert minitorch.jit.is_scripting() is False


@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_jit_rejects_what_torch_rejects(lib):
    with pytest.raises(TypeError, match="built-in class"):
        lib.jit.script("a")
    with pytest.raises(RuntimeError):
        lib.jit.trace(3, ())

    class M(lib.nn.Module):
        def forward(self, x):
            return self.helper(x) * 2

        @lib.jit.ignore
        def helper(self, x):
            return x + 1

        @lib.jit.unused
        def spare(self, x):
            return x

    assert lib.equal(M()(lib.ones(2)), lib.full((2,), 4.0))


# --- autocast and GradScaler ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_autocast_context_and_decorator(lib):
    a, b = lib.ones(2, 3), lib.ones(3, 4)
    for ctx in (lib.autocast("cpu"), lib.amp.autocast("cpu"), lib.autocast("cpu", enabled=False),
                lib.autocast(device_type="cpu", dtype=lib.float16)):
        with ctx:
            out = a @ b
        assert out.shape == (2, 4)
    with pytest.warns(FutureWarning, match="deprecated"):
        with lib.cpu.amp.autocast():
            assert (a + a).dtype is lib.float32  # elementwise ops keep float32 in both libraries

    @lib.autocast("cpu")
    def f(x):
        return x * 2

    assert lib.equal(f(a), a * 2)
    with pytest.warns(UserWarning, match="not supported"):
        lib.autocast("cpu", dtype=lib.float64)
    with pytest.warns(UserWarning, match="CUDA is not available"):
        lib.autocast("cuda")
    with pytest.raises(RuntimeError, match="bogus"):
        lib.autocast("bogus")


def _warnings_of(fn):
    import warnings
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    return result, [(w.category.__name__, str(w.message)) for w in caught]


@pytest.mark.parametrize("device", ["cpu", "cuda"])
def test_legacy_device_amp_spellings_are_torchs(device):
    """torch.cpu.amp / torch.cuda.amp: the deprecated autocast and GradScaler, same warnings and states as torch's
    (CUDA absent: both disable themselves)."""
    def run(lib):
        amp = getattr(lib, device).amp
        with amp.autocast() as region:
            inside = lib.is_autocast_enabled(device)
        scaler = amp.GradScaler(init_scale=8.0)
        return inside, type(region).__name__, scaler.is_enabled(), sorted(n for n in ("autocast", "GradScaler",
                                                                                      "custom_fwd", "custom_bwd")
                                                                           if hasattr(amp, n))
    ours, theirs = _warnings_of(lambda: run(minitorch)), _warnings_of(lambda: run(torch))
    assert ours == theirs


def test_autocast_casts_nothing_in_minitorch():
    a = minitorch.ones(2, 3)
    with minitorch.autocast("cpu"):
        assert minitorch.amp.is_autocast_enabled("cpu")
        assert (a @ minitorch.ones(3, 4)).dtype is minitorch.float32
    assert not minitorch.amp.is_autocast_enabled("cpu")


def _scaler_run(lib, enabled, poison_step=None, steps=4, growth_interval=2, unscale=False):
    lib.manual_seed(0)
    p = lib.nn.Parameter(lib.tensor([1.0, -2.0, 0.5]))
    opt = lib.optim.SGD([p], lr=0.1)
    scaler = lib.GradScaler("cpu", init_scale=8.0, growth_interval=growth_interval, enabled=enabled)  # (torch.amp's)
    log = []
    for step in range(steps):
        opt.zero_grad()
        loss = (p * p).sum() * (float("inf") if step == poison_step else 1.0)
        scaled = scaler.scale(loss)
        log.append(float(scaled.detach()))
        scaled.backward()
        if unscale:
            scaler.unscale_(opt)
            log.append(p.grad.tolist())
        scaler.step(opt)
        scaler.update()
        log.append((p.detach().tolist(), scaler.get_scale()))
    return log, scaler.state_dict()


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("poison_step", [None, 1])
@pytest.mark.parametrize("unscale", [True, False])
def test_grad_scaler_matches_torch(enabled, poison_step, unscale):
    mine = _scaler_run(minitorch, enabled, poison_step, unscale=unscale)
    theirs = _scaler_run(torch, enabled, poison_step, unscale=unscale)
    assert repr(mine) == repr(theirs)


@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_grad_scaler_misuse(lib):
    p = lib.nn.Parameter(lib.ones(2))
    opt = lib.optim.SGD([p], lr=0.1)
    scaler = lib.amp.GradScaler("cpu")
    assert scaler.is_enabled() and scaler.get_scale() == 65536.0
    with pytest.raises(AssertionError, match="scale"):
        scaler.step(opt)
    with pytest.raises(ValueError, match="Tensor"):
        scaler.scale(3.0)
    out = scaler.scale([lib.tensor(2.0), (lib.tensor(1.0, dtype=lib.float64),)])
    assert isinstance(out, list) and float(out[0]) == 131072.0 and out[1][0].dtype is lib.float64
    scaler.scale(p.sum()).backward()
    scaler.unscale_(opt)
    with pytest.raises(RuntimeError, match="already been called"):
        scaler.unscale_(opt)
    scaler.step(opt)
    with pytest.raises(RuntimeError, match="already been called"):
        scaler.step(opt)
    scaler.update(4.0)
    assert scaler.get_scale() == 4.0
    with pytest.warns(UserWarning, match="CUDA is not available"):
        assert not lib.amp.GradScaler().is_enabled()
    disabled = lib.amp.GradScaler("cpu", enabled=False)
    assert disabled.scale(3.0) == 3.0 and disabled.get_scale() == 1.0 and disabled.state_dict() == {}
    with pytest.raises(AssertionError, match="growth factor"):
        lib.amp.GradScaler("cpu", growth_factor=1.0)
    with pytest.raises(AssertionError, match="backoff factor"):
        lib.amp.GradScaler("cpu", backoff_factor=1.0)
    assert not lib.amp.GradScaler("cpu", growth_factor=0.5, enabled=False).is_enabled()
    restored = lib.amp.GradScaler("cpu")
    restored.load_state_dict(scaler.state_dict())
    assert restored.state_dict() == scaler.state_dict()


# --- an ordinary training script, unchanged, under either library ------------------------------------------------
PROGRAM = '''
torch.backends.cudnn.benchmark = True
torch.backends.cudnn.deterministic = True
torch.backends.cuda.matmul.allow_tf32 = False
torch.use_deterministic_algorithms(True)
device = "cuda" if torch.cuda.is_available() else ("mps" if torch.backends.mps.is_available() else "cpu")
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2)).to(device)
with torch.no_grad():  # the same weights in either library
    for p in model.parameters():
        p.copy_(torch.linspace(-0.5, 0.7, p.numel()).reshape(p.shape))
model = torch.compile(model, backend="eager")
opt = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = torch.amp.GradScaler(device, enabled=device == "cuda")
x, y = torch.linspace(-1, 1, 24).reshape(6, 4), torch.tensor([0, 1, 1, 0, 1, 0])
losses = []
for _ in range(3):
    opt.zero_grad()
    with torch.autocast(device_type=device, enabled=device == "cuda"):
        out = torch.utils.checkpoint.checkpoint(model, x, use_reentrant=False)
        loss = torch.nn.functional.cross_entropy(out, y)
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
    losses.append(loss.item())
torch.testing.assert_close(torch.tensor(losses[-1]), torch.tensor(losses[-1]))
torch.use_deterministic_algorithms(False)
'''


def test_training_script_runs_unchanged():
    results = []
    for lib in LIBS:
        scope = {"torch": lib}
        exec(PROGRAM, scope)
        results.append(scope["losses"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-5)


@pytest.mark.parametrize("lib", LIBS, ids=["minitorch", "torch"])
def test_cpu_module(lib):
    assert lib.cpu.is_available() is True and lib.cpu.device_count() == 1 and lib.cpu.synchronize() is None


def test_is_autocast_enabled_without_argument_means_cuda():
    for lib in (torch, minitorch):
        with lib.autocast("cpu"):
            assert lib.is_autocast_enabled("cpu") and not lib.is_autocast_enabled()
