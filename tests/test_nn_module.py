"""nn.Module, Parameter, Buffer and the containers against torch: the same structure is built in both libraries and
every observable (names, keys, repr strings, errors and their messages, hook calls, conversions) must agree."""
import copy
import re

import numpy
import pytest

import minitorch

torch = pytest.importorskip("torch")
LIBS = (torch, minitorch)


def both(build):
    """build(lib) run in torch and minitorch, returned as (torch result, minitorch result)."""
    return tuple(build(lib) for lib in LIBS)


def error_of(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the type and message are what is compared
        return type(e).__name__, str(e)
    return None


def errors(build):
    """Both libraries' (exception class, message); class paths in messages are reduced to the class name."""
    t, m = (error_of(lambda lib=lib: build(lib)) for lib in LIBS)
    assert t is not None, "torch did not raise: the test is wrong"
    assert m is not None, "minitorch did not raise %s" % (t,)
    return tuple((kind, re.sub(r"<class '[\w.]*\.(\w+)'>", r"<class \1>", message).replace("minitorch.", "torch."))
                 for kind, message in (t, m))


def same_error(build):
    t, m = errors(build)
    assert t == m


def same_error_type(build):
    t, m = errors(build)
    assert t[0] == m[0], (t, m)


def _model_classes(lib):
    nn = lib.nn

    class Block(nn.Module):
        def __init__(self, n):
            super().__init__()
            self.fc = nn.Linear(n, n)
            self.register_buffer("running", lib.zeros(n))
            self.register_buffer("scratch", lib.ones(2), persistent=False)
            self.register_buffer("count", lib.tensor(0))
            self.register_parameter("unused", None)
            self.scale = nn.Parameter(lib.ones(1))

        def forward(self, x):
            return self.fc(x) * self.scale + self.running

        def extra_repr(self):
            return "n=%d" % self.fc.in_features

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Flatten(), nn.Linear(6, 4))
            self.blocks = nn.ModuleList([Block(4), Block(4)])
            self.heads = nn.ModuleDict({"a": nn.Linear(4, 2), "b": nn.Identity()})
            self.shared = self.blocks[0]  # the same module under two names
            self.extra = nn.ParameterList([nn.Parameter(lib.zeros(2, 2))])
            self.table = nn.ParameterDict({"t": nn.Parameter(lib.zeros(3))})
            self.empty = None

        def forward(self, x):
            h = self.stem(x)
            for b in self.blocks:
                h = b(h)
            return self.heads["a"](self.heads["b"](h))

    return Block, Net


def net(lib):
    lib.manual_seed(0)
    return _model_classes(lib)[1]()


# --- names, keys, walking the tree ------------------------------------------------------------------------------------
@pytest.mark.parametrize("walk", [
    lambda m: [n for n, _ in m.named_parameters()],
    lambda m: [n for n, _ in m.named_parameters(remove_duplicate=False)],
    lambda m: [n for n, _ in m.named_parameters(prefix="model", recurse=True)],
    lambda m: [n for n, _ in m.blocks[0].named_parameters(recurse=False)],
    lambda m: [n for n, _ in m.named_buffers()],
    lambda m: [n for n, _ in m.named_buffers(remove_duplicate=False)],
    lambda m: [n for n, _ in m.named_modules()],
    lambda m: [n for n, _ in m.named_modules(remove_duplicate=False)],
    lambda m: [n for n, _ in m.named_modules(prefix="root")],
    lambda m: [n for n, _ in m.named_children()],
    lambda m: [type(c).__name__ for c in m.children()],
    lambda m: [type(c).__name__ for c in m.modules()],
    lambda m: len(list(m.parameters())),
    lambda m: [tuple(p.shape) for p in m.parameters(recurse=False)],
    lambda m: list(m.state_dict().keys()),
    lambda m: list(m.state_dict(prefix="p.").keys()),
    lambda m: sorted(m.state_dict()._metadata.keys()),
    lambda m: [str(t.dtype).split(".")[-1] for t in m.state_dict().values()],
    lambda m: sorted(k for k in dir(m) if not k.startswith("_") and k in ("stem", "blocks", "heads", "shared")),
    lambda m: sorted(k for k in dir(m.blocks[0]) if k in ("fc", "running", "scratch", "scale", "unused")),
    lambda m: type(m.get_submodule("blocks.1.fc")).__name__,
    lambda m: tuple(m.get_parameter("blocks.1.fc.bias").shape),
    lambda m: tuple(m.get_buffer("blocks.0.running").shape),
    lambda m: m.empty is None and m.blocks[0].unused is None,
], ids=lambda f: "")
def test_walks_match_torch(walk):
    t, m = both(lambda lib: walk(net(lib)))
    assert t == m


def test_repr_matches_torch():
    t, m = both(lambda lib: repr(net(lib)))
    assert t == m


@pytest.mark.parametrize("build", [
    lambda nn, lib: nn.Linear(3, 2, bias=False),
    lambda nn, lib: nn.Sequential(),
    lambda nn, lib: nn.ModuleList(),
    lambda nn, lib: nn.ModuleList([nn.Linear(2, 2)] * 3 + [nn.Identity(), nn.Linear(2, 2), nn.Linear(2, 3)]),
    lambda nn, lib: nn.ModuleList([nn.Sequential(nn.Linear(2, 2), nn.Flatten()) for _ in range(2)]),
    lambda nn, lib: nn.Sequential(nn.Sequential(nn.Linear(2, 2)), nn.ModuleDict({"x": nn.Identity()})),
    lambda nn, lib: nn.ParameterList([nn.Parameter(lib.zeros(2, 3)), lib.zeros(2, dtype=lib.float64)]),
    lambda nn, lib: nn.ParameterList([nn.Parameter(lib.zeros(2, 3))]),
    lambda nn, lib: nn.ParameterDict({"b": nn.Parameter(lib.zeros(1)), "a": nn.Parameter(lib.zeros(2, 3))}),
    lambda nn, lib: nn.DataParallel(nn.Linear(2, 3)),
    lambda nn, lib: nn.Embedding(10, 3, padding_idx=0, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True,
                                 sparse=True),
    lambda nn, lib: nn.Bilinear(2, 3, 4),
    lambda nn, lib: nn.Unflatten(1, (2, 2)),
    lambda nn, lib: nn.Flatten(0, 2),
    lambda nn, lib: nn.Dropout2d(0.3, inplace=True),
    lambda nn, lib: nn.AlphaDropout(),
    lambda nn, lib: nn.Identity(3),
    lambda nn, lib: nn.Module(),
], ids=lambda f: "")
def test_layer_repr_matches_torch(build):
    t, m = both(lambda lib: repr(build(lib.nn, lib)))
    assert t == m


# --- state_dict and load_state_dict -----------------------------------------------------------------------------------
def test_state_dict_values_are_detached_and_keep_vars_keeps_parameters():
    model = net(minitorch)
    sd = model.state_dict()
    assert not sd["stem.1.weight"].requires_grad
    assert type(sd["stem.1.weight"]) is minitorch.Tensor
    assert sd["stem.1.weight"].data_ptr() == model.stem[1].weight.data_ptr()  # a view, not a copy
    kept = model.state_dict(keep_vars=True)
    assert kept["stem.1.weight"] is model.stem[1].weight
    assert "blocks.0.scratch" not in sd and "blocks.0.count" in sd


def test_load_state_dict_roundtrip_between_libraries():
    t_model, m_model = both(net)
    x = numpy.random.default_rng(0).standard_normal((3, 2, 3)).astype("float32")
    # torch -> minitorch: torch tensors are accepted as values and copied in place
    params_before = [id(p) for p in m_model.parameters()]
    result = m_model.load_state_dict(t_model.state_dict())
    assert repr(result) == "<All keys matched successfully>"
    assert [id(p) for p in m_model.parameters()] == params_before
    with torch.no_grad():
        expected = t_model(torch.tensor(x)).numpy()
    numpy.testing.assert_allclose(m_model(minitorch.tensor(x)).detach().numpy(), expected, rtol=1e-5, atol=1e-6)
    # NumPy arrays too; then minitorch -> torch through NumPy
    arrays = {k: v.numpy() for k, v in m_model.state_dict().items()}
    fresh = net(minitorch)
    fresh.load_state_dict(arrays)
    assert all(numpy.array_equal(v.numpy(), arrays[k]) for k, v in fresh.state_dict().items())
    t_model.load_state_dict({k: torch.from_numpy(v.copy()) for k, v in arrays.items()})


def _mutated_state(lib):
    model = net(lib)
    sd = model.state_dict()
    del sd["blocks.0.fc.bias"]
    del sd["heads.a.weight"]
    sd["blocks.1.bogus"] = lib.zeros(1)
    sd["nothing.here"] = lib.zeros(1)
    sd["stem.1.weight"] = lib.zeros(3, 3)
    return model, sd


def test_load_state_dict_strict_error_matches_torch():
    same_error(lambda lib: _mutated_state(lib)[0].load_state_dict(_mutated_state(lib)[1]))


def test_load_state_dict_non_strict_lists_match_torch():
    def run(lib):
        model, sd = _mutated_state(lib)
        sd["stem.1.weight"] = model.stem[1].weight.detach()
        result = model.load_state_dict(sd, strict=False)
        return result.missing_keys, result.unexpected_keys, repr(result), tuple(result)
    t, m = both(run)
    assert t == m


@pytest.mark.parametrize("bad", [
    lambda lib, sd: sd.update({"stem.1.bias": lib.zeros(5)}),
    lambda lib, sd: sd.update({"stem.1.bias": 3.0}),
    lambda lib, sd: sd.update({"blocks.0.count": lib.zeros(2)}),
], ids=["size", "not_a_tensor", "buffer_size"])
def test_load_state_dict_value_errors_match_torch(bad):
    def run(lib):
        model = net(lib)
        sd = model.state_dict()
        bad(lib, sd)
        model.load_state_dict(sd)
    t, m = errors(run)
    assert t[0] == m[0] == "RuntimeError"
    assert t[1].split("\n\t")[:1] == m[1].split("\n\t")[:1]
    if "size mismatch" in t[1]:
        assert t == m


def test_load_state_dict_rejects_non_mapping():
    same_error_type(lambda lib: lib.nn.Linear(2, 2).load_state_dict([1, 2]))


def test_scalar_checkpoint_of_shape_1_loads_into_0_dim_buffer():
    def run(lib):
        block = _model_classes(lib)[0](2)
        sd = block.state_dict()
        sd["count"] = lib.tensor([7])
        block.load_state_dict(sd)
        return block.count.item(), str(block.count.dtype)
    t, m = both(run)
    assert t == m


def test_state_dict_save_load_roundtrip(tmp_path):
    model = net(minitorch)
    minitorch.save(model.state_dict(), tmp_path / "m.pt")
    fresh = net(minitorch)
    with minitorch.no_grad():
        for p in fresh.parameters():
            p.zero_()
    fresh.load_state_dict(minitorch.load(tmp_path / "m.pt"))
    for (k, a), b in zip(model.state_dict().items(), fresh.state_dict().values()):
        assert numpy.array_equal(a.numpy(), b.numpy()), k


def test_parameter_save_load_and_deepcopy(tmp_path):
    p = minitorch.nn.Parameter(minitorch.randn(3, 2))
    p.grad = minitorch.ones(3, 2)
    minitorch.save({"p": p}, tmp_path / "p.pt")
    loaded = minitorch.load(tmp_path / "p.pt")["p"]
    assert type(loaded) is minitorch.nn.Parameter and loaded.requires_grad and loaded.is_leaf
    assert numpy.array_equal(loaded.detach().numpy(), p.detach().numpy())
    q = copy.deepcopy(p)
    t = copy.deepcopy(torch.nn.Parameter(torch.ones(1)))
    assert type(q) is minitorch.nn.Parameter and q.requires_grad and q.is_leaf
    assert (q.grad is None) == (t.grad is None)
    assert q.data_ptr() != p.data_ptr()


def test_state_dict_hooks_and_extra_state():
    def run(lib):
        class WithExtra(lib.nn.Linear):
            def get_extra_state(self):
                return {"note": self.in_features}

            def set_extra_state(self, state):
                self.loaded = state

        model = lib.nn.Sequential(WithExtra(2, 2))
        calls = []
        model.register_state_dict_post_hook(lambda mod, sd, prefix, local: calls.append(sorted(sd)))
        sd = model.state_dict()
        model.load_state_dict(sd)
        return list(sd), sd["0._extra_state"], model[0].loaded, calls
    t, m = both(run)
    assert t == m


# --- parameters, buffers and attribute registration -------------------------------------------------------------------
def test_parameter_basics_match_torch():
    def run(lib):
        base = lib.randn(3, requires_grad=True) * 2  # a non-leaf: the Parameter is still a leaf
        p = lib.nn.Parameter(base)
        frozen = lib.nn.Parameter(lib.ones(2), requires_grad=False)
        return (p.is_leaf, p.requires_grad, p.grad_fn is None, frozen.requires_grad, type(p).__name__,
                isinstance(p, lib.Tensor), repr(lib.nn.Parameter(lib.tensor([1.0, 2.0]))),
                tuple(lib.nn.Parameter().shape))
    t, m = both(run)
    assert t == m


def test_parameter_shares_storage_with_its_tensor():
    t = minitorch.zeros(3)
    p = minitorch.nn.Parameter(t)
    with minitorch.no_grad():
        p.add_(1)
    assert t.tolist() == [1.0, 1.0, 1.0]


def test_integer_parameter_requiring_grad_raises():
    same_error_type(lambda lib: lib.nn.Parameter(lib.tensor([1, 2])))


def test_buffer_assignment_matches_torch():
    def run(lib):
        m = lib.nn.Module()
        m.a = lib.nn.Buffer(lib.ones(2))
        m.b = lib.nn.Buffer(lib.ones(2), persistent=False)
        m.register_buffer("c", lib.zeros(1))
        m.c = lib.ones(3)  # a plain tensor assigned to a buffer name stays a buffer
        m.plain = lib.ones(1)  # a plain tensor elsewhere is an ordinary attribute
        return (sorted(n for n, _ in m.named_buffers()), list(m.state_dict()), type(m.a).__name__,
                isinstance(m.a, lib.nn.Buffer), isinstance(lib.ones(1), lib.nn.Buffer), tuple(m.c.shape))
    t, m = both(run)
    assert t == m


@pytest.mark.parametrize("action", [
    lambda lib, m: setattr(m, "weight", lib.ones(2, 2)),
    lambda lib, m: setattr(m, "bias", lib.nn.Linear(1, 1)),
    lambda lib, m: m.register_buffer("weight", lib.ones(1)),
    lambda lib, m: m.register_buffer("a.b", lib.ones(1)),
    lambda lib, m: m.register_buffer("", lib.ones(1)),
    lambda lib, m: m.register_buffer(3, lib.ones(1)),
    lambda lib, m: m.register_buffer("x", [1.0]),
    lambda lib, m: m.register_parameter("x", lib.ones(1)),
    lambda lib, m: m.register_parameter("x", lib.nn.Parameter(lib.ones(1, requires_grad=True)) * 2),
    lambda lib, m: m.add_module("w.x", lib.nn.Identity()),
    lambda lib, m: m.add_module("weight", lib.nn.Identity()),
    lambda lib, m: m.add_module("x", 3),
    lambda lib, m: m.get_submodule("nope"),
    lambda lib, m: m.get_submodule("weight"),
    lambda lib, m: m.get_parameter("nope"),
    lambda lib, m: m.get_buffer("weight"),
    lambda lib, m: m.nonexistent,
    lambda lib, m: m.train("yes"),
    lambda lib, m: m.to(lib.int64),
    lambda lib, m: lib.nn.Module()(1),
], ids=lambda f: "")
def test_registration_errors_match_torch(action):
    t, m = errors(lambda lib: action(lib, lib.nn.Linear(2, 2)))
    assert t[0] == m[0]
    if t[0] in ("KeyError", "AttributeError") or "cannot assign" in t[1]:
        assert t == m


def test_assignment_before_init_raises_attribute_error():
    def run(lib):
        class Early(lib.nn.Module):
            def __init__(self):
                self.w = lib.nn.Parameter(lib.ones(1))
                super().__init__()
        Early()
    same_error(run)


def test_reassigning_and_deleting_attributes():
    def run(lib):
        m = lib.nn.Linear(2, 2)
        m.bias = None
        m.extra = lib.nn.Identity()
        m.extra = None
        m.register_buffer("buf", lib.ones(1))
        del m.buf
        m.buf = 5  # an ordinary attribute now
        del m.weight
        m.weight = lib.nn.Parameter(lib.ones(1))
        return [n for n, _ in m.named_parameters()], list(m.state_dict()), list(m._modules), m.buf
    t, m = both(run)
    assert t == m


def test_unexpected_constructor_arguments_raise_type_error():
    same_error_type(lambda lib: lib.nn.Module(3))


# --- modes, conversions, gradients ------------------------------------------------------------------------------------
def test_train_eval_propagate_and_return_self():
    def run(lib):
        model = net(lib)
        flags = [model.eval() is model, [m.training for m in model.modules()]]
        model.blocks.train()
        flags.append([m.training for m in model.modules()])
        flags.append(model.train() is model and all(m.training for m in model.modules()))
        return flags
    t, m = both(run)
    assert t == m


def test_to_and_float_conversions_keep_parameter_objects():
    def run(lib):
        model = net(lib)
        model.blocks[0].fc.weight.grad = lib.ones(4, 4)
        ids = [id(p) for p in model.parameters()]
        results = []
        for convert in (lambda m: m.double(), lambda m: m.float(), lambda m: m.to(lib.float64),
                        lambda m: m.to("cpu"), lambda m: m.to(lib.zeros(1, dtype=lib.float32)),
                        lambda m: m.to(device="cpu", dtype=lib.float64), lambda m: m.half(), lambda m: m.cpu(),
                        lambda m: m.type(lib.float64)):
            assert convert(model) is model
            results.append(sorted({str(t.dtype) for t in model.state_dict().values()}))
            results.append(str(model.blocks[0].fc.weight.grad.dtype))
        assert [id(p) for p in model.parameters()] == ids
        return results, all(type(p).__name__ == "Parameter" for p in model.parameters())
    t, m = both(run)
    assert t == m


def test_zero_grad_and_requires_grad_():
    def run(lib):
        model = lib.nn.Linear(3, 2)
        model(lib.ones(1, 3)).sum().backward()
        model.zero_grad(set_to_none=False)
        kept = [p.grad.tolist() for p in model.parameters()]
        model.zero_grad()
        gone = [p.grad for p in model.parameters()]
        frozen = [p.requires_grad for p in model.requires_grad_(False).parameters()]
        return kept, gone, frozen
    t, m = both(run)
    assert t == m


def test_apply_visits_children_first():
    def run(lib):
        model = net(lib)
        seen = []
        assert model.apply(lambda mod: seen.append(type(mod).__name__)) is model
        return seen
    t, m = both(run)
    assert t == m


def test_deepcopy_makes_an_independent_model():
    model = net(minitorch)
    model(minitorch.randn(2, 2, 3)).sum().backward()
    clone = copy.deepcopy(model)
    assert clone.shared is clone.blocks[0]  # sharing survives the copy
    for (name, a), b in zip(model.named_parameters(), clone.parameters()):
        assert a is not b and a.data_ptr() != b.data_ptr() and type(b) is type(a)
        assert numpy.array_equal(a.detach().numpy(), b.detach().numpy()), name
    with minitorch.no_grad():
        clone.stem[1].weight.fill_(0)
    assert model.stem[1].weight.abs().sum().item() > 0
    x = minitorch.randn(2, 2, 3)
    numpy.testing.assert_array_equal(copy.deepcopy(model)(x).detach().numpy(), model(x).detach().numpy())


# --- hooks ------------------------------------------------------------------------------------------------------------
def _hooked_run(lib):
    lib.manual_seed(0)
    model = lib.nn.Linear(3, 2)
    with lib.no_grad():
        model.weight.copy_(lib.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]]))
        model.bias.copy_(lib.tensor([0.1, -0.2]))
    log = []
    h1 = model.register_forward_pre_hook(lambda mod, args: (args[0] * 2,))
    model.register_forward_pre_hook(lambda mod, args, kwargs: log.append(("pre_kw", sorted(kwargs))),
                                    with_kwargs=True)
    model.register_forward_hook(lambda mod, args, out: out + 1)
    model.register_forward_hook(lambda mod, args, out: log.append(("first", out.tolist())), prepend=True)
    model.register_forward_hook(lambda mod, args, kwargs, out: log.append(("kw", len(args))), with_kwargs=True)
    model.register_full_backward_pre_hook(lambda mod, go: log.append(("bpre", go[0].tolist())))
    model.register_full_backward_hook(lambda mod, gi, go: (gi[0] * 10,))
    x = lib.tensor([[1.0, -1.0, 0.5]], requires_grad=True)
    y = model(x)
    (y * lib.tensor([[1.0, 2.0]])).sum().backward()
    log.append(("y", y.tolist()))
    log.append(("x.grad", x.grad.tolist()))
    h1.remove()
    log.append(("removed", model(lib.ones(1, 3)).tolist()))
    return log


def test_forward_and_backward_hooks_match_torch():
    t, m = both(_hooked_run)
    assert len(t) == len(m)
    for a, b in zip(t, m):
        assert a[0] == b[0]
        numpy.testing.assert_allclose(numpy.array(a[1], dtype=float), numpy.array(b[1], dtype=float), rtol=1e-6)


def test_backward_hook_on_a_module_whose_input_needs_no_grad():
    def run(lib):
        model = lib.nn.Linear(2, 2)
        seen = []
        with pytest.warns(UserWarning) if lib is torch else _nothing():
            model.register_full_backward_hook(lambda mod, gi, go: seen.append((gi, tuple(go[0].shape))))
            model(lib.ones(3, 2)).sum().backward()
        return seen
    t, m = both(run)
    assert t == m


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_hook_handle_as_context_manager():
    model = minitorch.nn.Identity()
    calls = []
    with model.register_forward_hook(lambda *a: calls.append(1)):
        model(minitorch.ones(1))
    model(minitorch.ones(1))
    assert calls == [1]


def test_pre_hook_with_kwargs_must_return_a_pair():
    def run(lib):
        model = lib.nn.Identity()
        model.register_forward_pre_hook(lambda mod, args, kwargs: 3, with_kwargs=True)
        model(lib.ones(1))
    same_error_type(run)


# --- containers -------------------------------------------------------------------------------------------------------
def _names(module):
    return list(module._modules), [type(m).__name__ for m in module._modules.values()]


@pytest.mark.parametrize("edit", [
    lambda nn, s: _names(s[1:]),
    lambda nn, s: type(s[::2]).__name__,
    lambda nn, s: type(s[-1]).__name__,
    lambda nn, s: _names(s.append(nn.Flatten())),
    lambda nn, s: _names(s.insert(1, nn.Flatten())),
    lambda nn, s: _names(s.insert(-1, nn.Flatten())),
    lambda nn, s: _names(s.extend(nn.Sequential(nn.Flatten(), nn.Identity()))),
    lambda nn, s: (s.__delitem__(1), _names(s))[1],
    lambda nn, s: (s.__delitem__(slice(0, 2)), _names(s))[1],
    lambda nn, s: (s.__setitem__(0, nn.Flatten()), _names(s))[1],
    lambda nn, s: (type(s.pop(1)).__name__, _names(s)),
    lambda nn, s: _names(s + nn.Sequential(nn.Identity())),
    lambda nn, s: _names(s * 2),
    lambda nn, s: len(s),
    lambda nn, s: [type(m).__name__ for m in s],
    lambda nn, s: _names(nn.Sequential(__import__("collections").OrderedDict([("a", nn.Identity()),
                                                                              ("b", nn.Flatten())]))[1:]),
], ids=lambda f: "")
def test_sequential_matches_torch(edit):
    t, m = both(lambda lib: edit(lib.nn, lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.Identity(),
                                                           lib.nn.Linear(3, 1))))
    assert t == m


@pytest.mark.parametrize("bad", [
    lambda nn, s: s[3],
    lambda nn, s: s[-4],
    lambda nn, s: s.insert(5, nn.Identity()),
    lambda nn, s: s.insert(0, 3),
    lambda nn, s: s + nn.ModuleList(),
    lambda nn, s: s * 0,
], ids=lambda f: "")
def test_sequential_errors_match_torch(bad):
    same_error(lambda lib: bad(lib.nn, lib.nn.Sequential(lib.nn.Linear(2, 3), lib.nn.Identity(),
                                                         lib.nn.Linear(3, 1))))


@pytest.mark.parametrize("edit", [
    lambda nn, s: _names(s[1:]),
    lambda nn, s: type(s[1:]).__name__,
    lambda nn, s: type(s[-1]).__name__,
    lambda nn, s: _names(s.append(nn.Flatten())),
    lambda nn, s: (s.insert(1, nn.Flatten()), _names(s))[1],
    lambda nn, s: _names(s.extend([nn.Flatten(), nn.Identity()])),
    lambda nn, s: (s.__delitem__(0), _names(s))[1],
    lambda nn, s: (s.__delitem__(slice(None, None, 2)), _names(s))[1],
    lambda nn, s: (s.__setitem__(-1, nn.Flatten()), _names(s))[1],
    lambda nn, s: (type(s.pop(0)).__name__, _names(s)),
    lambda nn, s: _names(s + nn.ModuleList([nn.Identity()])),
    lambda nn, s: (s.__iadd__([nn.Identity()]), _names(s))[1],
    lambda nn, s: [type(m).__name__ for m in s],
    lambda nn, s: len(s),
], ids=lambda f: "")
def test_module_list_matches_torch(edit):
    t, m = both(lambda lib: edit(lib.nn, lib.nn.ModuleList([lib.nn.Linear(2, 3), lib.nn.Identity(),
                                                            lib.nn.Linear(3, 1)])))
    assert t == m


@pytest.mark.parametrize("bad", [
    lambda nn, s: s[3],
    lambda nn, s: s.extend(3),
    lambda nn, s: s(1),
], ids=lambda f: "")
def test_module_list_errors_match_torch(bad):
    same_error_type(lambda lib: bad(lib.nn, lib.nn.ModuleList([lib.nn.Identity()])))


def test_module_dict_matches_torch():
    def run(lib):
        nn = lib.nn
        d = nn.ModuleDict({"b": nn.Identity(), "a": nn.Flatten()})
        d.update([("c", nn.Linear(1, 1))])
        d["d"] = nn.Identity()
        out = [list(d), list(d.keys()), [type(v).__name__ for v in d.values()], "a" in d, len(d)]
        out.append(type(d.pop("b")).__name__)
        del d["a"]
        out.append([k for k, _ in d.items()])
        out.append(list(d.state_dict()))
        d.clear()
        out.append(len(d))
        return out
    t, m = both(run)
    assert t == m


@pytest.mark.parametrize("bad", [
    lambda nn: nn.ModuleDict(3),
    lambda nn: nn.ModuleDict([("a", nn.Identity(), 3)]),
    lambda nn: nn.ModuleDict([3]),
    lambda nn: nn.ModuleDict({"a": 3}),
    lambda nn: nn.ModuleDict()["missing"],
], ids=lambda f: "")
def test_module_dict_errors_match_torch(bad):
    same_error_type(lambda lib: bad(lib.nn))


def test_parameter_list_and_dict_match_torch():
    def run(lib):
        nn = lib.nn
        plist = nn.ParameterList([lib.ones(2), nn.Parameter(lib.zeros(3))])
        plist.append(lib.ones(1))
        plist.extend([lib.ones(4)])
        plist[0] = lib.full((2,), 5.0)
        out = [len(plist), [type(p).__name__ for p in plist], [n for n, _ in plist.named_parameters()],
               len(plist[1:]), plist[-1].tolist(), plist[0].tolist()]
        pdict = nn.ParameterDict({"z": lib.ones(1), "y": nn.Parameter(lib.zeros(2))})
        pdict["x"] = lib.ones(3)
        pdict.update([("w", lib.ones(1))])
        out += [list(pdict), list(pdict.keys()), [n for n, _ in pdict.named_parameters()], "x" in pdict,
                tuple(pdict.pop("z").shape), len(pdict), pdict.get("nope"),
                list(pdict.setdefault("v", lib.ones(2)).shape)]
        out.append(list(pdict | nn.ParameterDict({"u": lib.ones(1)})))
        out.append(pdict.popitem()[0])
        pdict.clear()
        out.append(len(pdict))
        return out
    t, m = both(run)
    assert t == m


@pytest.mark.parametrize("bad", [
    lambda lib: lib.nn.ParameterList(lib.ones(2)),
    lambda lib: lib.nn.ParameterList([lib.ones(1)])[2],
    lambda lib: lib.nn.ParameterList()(1),
    lambda lib: lib.nn.ParameterDict({"a": lib.ones(1)})[0],
    lambda lib: lib.nn.ParameterDict({"a": lib.ones(1)})["b"],
    lambda lib: lib.nn.ParameterDict(3),
    lambda lib: lib.nn.ParameterDict()(1),
], ids=lambda f: "")
def test_parameter_container_errors_match_torch(bad):
    same_error_type(bad)


def test_data_parallel_wraps_the_module():
    def run(lib):
        lib.manual_seed(0)
        inner = lib.nn.Linear(2, 3)
        dp = lib.nn.DataParallel(inner)
        return dp.module is inner, list(dp.state_dict()), [n for n, _ in dp.named_parameters()]
    t, m = both(run)
    assert t == m
    inner = minitorch.nn.Linear(2, 3)
    x = minitorch.randn(4, 2)
    assert numpy.array_equal(minitorch.nn.DataParallel(inner)(x).detach().numpy(), inner(x).detach().numpy())


def test_incompatible_keys_is_a_named_tuple():
    def run(lib):
        model = lib.nn.Linear(2, 2)
        result = model.load_state_dict({"weight": lib.zeros(2, 2)}, strict=False)
        missing, unexpected = result
        return repr(result), missing, unexpected, result._fields
    t, m = both(run)
    assert t == m


def test_load_state_dict_assign_takes_the_checkpoint_tensors():
    def run(lib):
        model = lib.nn.Linear(2, 2)
        weight = lib.zeros(2, 2, dtype=lib.float64)
        model.load_state_dict({"weight": weight, "bias": lib.ones(2)}, assign=True)
        return (model.weight.data_ptr() == weight.data_ptr(), type(model.weight).__name__, model.weight.requires_grad,
                str(model.weight.dtype))
    t, m = both(run)
    assert t == m


def test_module_pickles_with_its_parameters():
    import pickle
    nn = minitorch.nn
    model = nn.Sequential(nn.Linear(3, 2), nn.ModuleList([nn.Embedding(4, 2)]),
                          nn.ParameterDict({"s": minitorch.ones(1)}))
    model.register_buffer("steps", minitorch.tensor(3))
    clone = pickle.loads(pickle.dumps(model))
    assert repr(clone) == repr(model)
    for (name, a), b in zip(model.state_dict().items(), clone.state_dict().values()):
        assert numpy.array_equal(a.numpy(), b.numpy()), name
    assert all(type(p) is minitorch.nn.Parameter for p in clone.parameters())


def test_always_call_forward_hook_runs_when_forward_raises():
    def run(lib):
        model = lib.nn.Linear(2, 2)
        calls = []
        model.register_forward_hook(lambda mod, args, out: calls.append(("always", out)), always_call=True)
        model.register_forward_hook(lambda mod, args, out: calls.append(("normal", out)))
        try:
            model(lib.ones(3))
        except RuntimeError:
            pass
        return calls
    t, m = both(run)
    assert t == m == [("always", None)]
