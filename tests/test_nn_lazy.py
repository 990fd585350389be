"""Lazy modules against torch: shapes inferred on the first forward, the class switch to the plain layer, reprs
before and after, outputs and gradients with torch's weights copied in, state_dict loading, and torch's errors."""
import copy

import numpy
import pytest

import minitorch
from exception_compare import same_class_as_torch

torch = pytest.importorskip("torch")

# (constructor code run with nn bound to either library, plain class it becomes, input shape)
LAYERS = [
    ("nn.LazyLinear(3)", "Linear", (2, 4)),
    ("nn.LazyLinear(3, bias=False)", "Linear", (5,)),
    ("nn.LazyLinear(2)", "Linear", (2, 3, 4)),
    ("nn.LazyConv1d(4, 3, padding=1)", "Conv1d", (2, 3, 6)),
    ("nn.LazyConv1d(2, 2, bias=False)", "Conv1d", (3, 5)),
    ("nn.LazyConv2d(4, 3, groups=2, stride=2)", "Conv2d", (1, 2, 6, 5)),
    ("nn.LazyConv2d(2, (2, 3), padding_mode='reflect', padding=1)", "Conv2d", (2, 3, 4, 4)),
    ("nn.LazyConv3d(2, 2)", "Conv3d", (1, 2, 3, 3, 3)),
    ("nn.LazyConvTranspose1d(3, 2, stride=2)", "ConvTranspose1d", (2, 2, 4)),
    ("nn.LazyConvTranspose2d(4, 3, stride=2, groups=2, output_padding=1)", "ConvTranspose2d", (1, 2, 4, 3)),
    ("nn.LazyConvTranspose3d(2, 2, bias=False)", "ConvTranspose3d", (1, 3, 2, 2, 2)),
    ("nn.LazyBatchNorm1d()", "BatchNorm1d", (4, 3)),
    ("nn.LazyBatchNorm1d(momentum=None)", "BatchNorm1d", (4, 3, 5)),
    ("nn.LazyBatchNorm2d(affine=False)", "BatchNorm2d", (3, 2, 2, 3)),
    ("nn.LazyBatchNorm3d(track_running_stats=False)", "BatchNorm3d", (2, 3, 2, 1, 2)),
    ("nn.LazyBatchNorm1d(bias=False)", "BatchNorm1d", (4, 3)),
    ("nn.LazyInstanceNorm1d()", "InstanceNorm1d", (2, 3, 5)),
    ("nn.LazyInstanceNorm2d(affine=False)", "InstanceNorm2d", (2, 3, 4, 4)),
    ("nn.LazyInstanceNorm3d(bias=False, momentum=None)", "InstanceNorm3d", (2, 2, 3, 2, 3)),
]
IDS = [code for code, _, _ in LAYERS]


def _pair(code):
    return eval(code, {"nn": minitorch.nn}), eval(code, {"nn": torch.nn})


def _entries(module):
    return [(k, repr(v) if "Uninitialized" in type(v).__name__ else tuple(v.shape))
            for k, v in module.state_dict().items()]


def _to_minitorch(state):
    return {k: minitorch.tensor(v.detach().numpy()) for k, v in state.items()}


@pytest.mark.parametrize("code,plain,shape", LAYERS, ids=IDS)
def test_lazy_before_and_after_the_first_forward(code, plain, shape):
    mine, theirs = _pair(code)
    assert type(mine).__name__ == type(theirs).__name__ == code[3:code.index("(")]
    assert repr(mine) == repr(theirs)
    assert mine.has_uninitialized_params() and theirs.has_uninitialized_params()
    assert _entries(mine) == _entries(theirs)
    x = numpy.random.default_rng(0).standard_normal(shape)
    y = mine(minitorch.tensor(x, dtype=minitorch.float32))
    z = theirs(torch.tensor(x, dtype=torch.float32))
    assert type(mine).__name__ == type(theirs).__name__ == plain
    assert type(mine) is getattr(minitorch.nn, plain)
    assert not hasattr(mine, "has_uninitialized_params") and not hasattr(mine, "_initialize_hook")
    assert repr(mine) == repr(theirs) and tuple(y.shape) == tuple(z.shape)
    assert _entries(mine) == _entries(theirs)
    for p in mine.parameters():
        assert type(p) is minitorch.nn.Parameter and p.requires_grad and p.dtype == minitorch.float32
    for b in mine.buffers():
        assert type(b) is minitorch.Tensor and not b.requires_grad


@pytest.mark.parametrize("code,plain,shape", LAYERS, ids=IDS)
def test_lazy_materializes_with_the_plain_init(code, plain, shape):
    """The materialized parameters went through the plain layer's reset_parameters: BN's ones and zeros (and
    the running stats of one all-zero batch) as torch's; Linear's and Conv's U(-b, b), b = 1/sqrt(fan_in)."""
    mine, theirs = _pair(code)
    mine(minitorch.zeros(shape))
    theirs(torch.zeros(shape))
    if "Norm" in plain:
        for (k, v), (k2, w) in zip(mine.state_dict().items(), theirs.state_dict().items()):
            assert k == k2
            numpy.testing.assert_allclose(v.numpy(), w.numpy(), rtol=1e-6, atol=1e-7, err_msg=k)
        return
    weight = mine.weight.detach().numpy()
    bound = 1 / numpy.sqrt(numpy.prod(weight.shape[1:]))
    for p in mine.parameters():
        values = p.detach().numpy()
        assert numpy.abs(values).max() <= bound and len(numpy.unique(values)) == values.size


@pytest.mark.parametrize("dtype,tol", [("float64", 1e-10), ("float32", 1e-5)])
@pytest.mark.parametrize("code,plain,shape", LAYERS, ids=IDS)
def test_lazy_parity_after_materialization(code, plain, shape, dtype, tol):
    mine, theirs = _pair(code)
    mine.to(getattr(minitorch, dtype))
    theirs.to(getattr(torch, dtype))
    rng = numpy.random.default_rng(1)
    mine(minitorch.zeros(shape, dtype=getattr(minitorch, dtype)))
    theirs(torch.zeros(shape, dtype=getattr(torch, dtype)))
    with torch.no_grad():
        for p in theirs.parameters():
            p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape))))
    mine.load_state_dict(_to_minitorch(theirs.state_dict()))
    x = rng.standard_normal(shape)
    a = minitorch.tensor(x, dtype=getattr(minitorch, dtype), requires_grad=True)
    b = torch.tensor(x, dtype=getattr(torch, dtype), requires_grad=True)
    y, z = mine(a), theirs(b)
    g = rng.standard_normal(tuple(z.shape))
    y.backward(minitorch.tensor(g, dtype=getattr(minitorch, dtype)))
    z.backward(torch.tensor(g, dtype=getattr(torch, dtype)))
    assert y.dtype == getattr(minitorch, dtype)
    numpy.testing.assert_allclose(y.detach().numpy(), z.detach().numpy(), rtol=tol, atol=tol)
    numpy.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=tol, atol=tol)
    for (n, p), (n2, q) in zip(mine.named_parameters(), theirs.named_parameters()):
        assert n == n2
        numpy.testing.assert_allclose(p.grad.numpy(), q.grad.numpy(), rtol=tol, atol=tol, err_msg=n)
    for (n, p), (n2, q) in zip(mine.named_buffers(), theirs.named_buffers()):  # BN's running statistics
        assert n == n2
        numpy.testing.assert_allclose(p.numpy(), q.numpy(), rtol=tol, atol=tol, err_msg=n)


@pytest.mark.parametrize("code,plain,shape", LAYERS, ids=IDS)
def test_lazy_loads_a_state_dict_before_its_first_forward(code, plain, shape):
    mine, theirs = _pair(code)
    theirs(torch.randn(shape))
    with torch.no_grad():
        for p in theirs.parameters():
            p.mul_(3).add_(1)
    state = theirs.state_dict()
    mine.load_state_dict(_to_minitorch(state))
    fresh = eval(code, {"nn": torch.nn})
    fresh.load_state_dict(state)
    assert type(mine).__name__ == type(fresh).__name__ and repr(mine) == repr(fresh)
    assert not mine.has_uninitialized_params()
    assert _entries(mine) == _entries(fresh)
    x = numpy.random.default_rng(2).standard_normal(shape)
    mine.eval(), fresh.eval()
    if "InstanceNorm" in plain and mine.affine:  # torch keeps num_features 0 after such a load, and its forward
        # then rejects the input's channels: minitorch does the same
        same_class_as_torch(torch, minitorch, "m(lib.zeros(%r))" % (shape,),
                            lambda lib: {"lib": lib, "m": mine if lib is minitorch else fresh})
        return
    y = mine(minitorch.tensor(x, dtype=minitorch.float32))
    z = fresh(torch.tensor(x, dtype=torch.float32))
    assert type(mine).__name__ == type(fresh).__name__ == plain and repr(mine) == repr(fresh)
    numpy.testing.assert_allclose(y.detach().numpy(), z.detach().numpy(), rtol=1e-5, atol=1e-5)
    round_trip = eval(code, {"nn": minitorch.nn})
    round_trip.load_state_dict(mine.state_dict())
    for (k, v), (k2, w) in zip(round_trip.state_dict().items(), mine.state_dict().items()):
        assert k == k2 and numpy.array_equal(v.numpy(), w.numpy())


def test_uninitialized_parameter_and_buffer():
    for lib in (minitorch, torch):
        nn = lib.nn
        p = nn.UninitializedParameter()
        assert nn.parameter.UninitializedParameter is nn.UninitializedParameter
        assert isinstance(p, nn.Parameter) and nn.parameter.is_lazy(p) and p.requires_grad
        assert repr(p) == "<UninitializedParameter>" and p.dtype == lib.float32
        assert nn.UninitializedParameter(requires_grad=False, dtype=lib.float64).dtype == lib.float64
        assert not nn.UninitializedParameter(requires_grad=False).requires_grad
        q = copy.deepcopy(p)
        assert type(q) is nn.UninitializedParameter and q is not p
        p.materialize((2, 3), dtype=lib.float64)
        assert type(p) is nn.Parameter and tuple(p.shape) == (2, 3) and p.dtype == lib.float64 and p.requires_grad
        b = nn.parameter.UninitializedBuffer()
        assert repr(b) == "<UninitializedBuffer>" and not b.requires_grad and nn.parameter.is_lazy(b)
        b.materialize((4,))
        assert type(b) is lib.Tensor and tuple(b.shape) == (4,) and not nn.parameter.is_lazy(b)
        m = nn.LazyLinear(3).double()
        assert nn.parameter.is_lazy(m.weight) and m.weight.dtype == lib.float64
        m(lib.ones(2, 4, dtype=lib.float64))
        assert m.weight.dtype == lib.float64 and tuple(m.weight.shape) == (3, 4)
        bn = nn.LazyBatchNorm1d().double()
        assert type(bn.running_mean) is nn.parameter.UninitializedBuffer and bn.running_var.dtype == lib.float64
        bn(lib.ones(2, 3, dtype=lib.float64))
        assert type(bn.running_mean) is lib.Tensor and bn.running_var.dtype == lib.float64


def _ns(lib):
    nn = lib.nn
    loaded = nn.LazyLinear(3)
    loaded.load_state_dict(nn.Linear(4, 3).state_dict())
    return {"lib": lib, "nn": nn, "loaded": loaded}


ERRORS = [
    ("nn.LazyLinear(3).weight.shape", ["shape", "uninitialized"]),
    ("nn.UninitializedParameter().shape", ["uninitialized"]),
    ("nn.parameter.UninitializedBuffer().shape", ["uninitialized"]),
    ("nn.LazyConv2d(4, 3)(lib.ones(3, 3))", ["3D", "4D", "LazyConv2d"]),
    ("nn.LazyConv1d(4, 3)(lib.ones(2, 3, 4, 5))", ["2D", "3D"]),
    ("nn.LazyConvTranspose3d(4, 3)(lib.ones(3, 3))", ["4D", "5D"]),
    ("nn.LazyConv2d(4, 3, groups=2)(lib.ones(1, 3, 5, 5))", ["groups"]),
    ("nn.LazyConvTranspose2d(4, 3, groups=2)(lib.ones(1, 3, 5, 5))", ["groups"]),
    ("nn.LazyConv2d(3, 3, groups=2)(lib.ones(1, 2, 5, 5))", []),
    ("nn.LazyBatchNorm1d()(lib.ones(2, 3, 4, 4))", ["2D or 3D", "4D"]),
    ("nn.LazyBatchNorm2d()(lib.ones(2, 3))", ["4D"]),
    ("nn.LazyLinear(3)(lib.ones(2, 4, dtype=lib.int64))", []),
    ("loaded(lib.ones(2, 5))", ["5", "4"]),
    ("nn.Linear(4, 3).load_state_dict(nn.LazyLinear(3).state_dict())", ["uninitialized"]),
    ("nn.LazyLinear(3).load_state_dict({'weight': lib.ones(3, 4)})", ["bias"]),
]


@pytest.mark.parametrize("code,words", ERRORS, ids=[c for c, _ in ERRORS])
def test_lazy_errors_match_torch(code, words):
    _, got = same_class_as_torch(torch, minitorch, code, _ns)
    missing = [w for w in words if w.lower() not in str(got).lower()]
    assert not missing, "message %r does not mention %s" % (str(got), missing)


def test_optimizer_on_lazy_parameters_steps_after_materialization():
    """torch accepts an optimizer built before the first forward: the parameters are the same objects after."""
    results = []
    for lib in (minitorch, torch):
        lib.manual_seed(0)
        m = lib.nn.LazyLinear(2)
        opt = lib.optim.SGD(m.parameters(), lr=0.5)
        with lib.no_grad():
            m(lib.zeros(1, 3))
            m.weight.copy_(lib.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]]))
            m.bias.fill_(0.25)
        m(lib.tensor([[1.0, -2.0, 0.5]])).sum().backward()
        opt.step()
        results.append([p.detach().numpy().copy() for p in opt.param_groups[0]["params"]])
    for a, b in zip(*results):
        numpy.testing.assert_allclose(a, b, rtol=1e-6)
