"""Making tensors, beyond the parity registry (minitorch/parity/cases_creation.py): memory sharing, copies,
requires_grad and leaves, the legacy constructor, arange/linspace edge values, seeds and generators."""
import numpy as np
import pytest

import minitorch as mt
from exception_compare import same_message_as_torch

torch = pytest.importorskip("torch")


def test_from_numpy_shares_both_ways():
    a = np.zeros((2, 3))
    t = mt.from_numpy(a)
    a[0, 1] = 5.0
    assert t[0, 1].item() == 5.0
    t.add_(1)
    assert a[1, 2] == 1.0
    assert t.dtype is mt.float64 and t.data_ptr() == a.__array_interface__["data"][0]


def test_from_numpy_keeps_strides_and_rejects_bad_dtypes():
    a = np.arange(12.0).reshape(3, 4)[:, ::2]
    t = mt.from_numpy(a)
    assert t.stride() == torch.from_numpy(a).stride() and t.tolist() == a.tolist()
    for bad in (np.array(["a"]), [1, 2]):
        with pytest.raises(TypeError):
            torch.from_numpy(bad)
        with pytest.raises(TypeError):
            mt.from_numpy(bad)


def test_tensor_always_copies_as_tensor_shares_when_it_can():
    a = np.ones(3, dtype=np.float32)
    copy, shared, cast = mt.tensor(a), mt.as_tensor(a), mt.as_tensor(a, dtype=mt.float64)
    a[0] = 9.0
    assert copy[0].item() == 1.0 and shared[0].item() == 9.0 and cast[0].item() == 1.0
    t = mt.ones(2)
    assert mt.as_tensor(t) is t and mt.asarray(t) is t
    assert mt.as_tensor(t, dtype=mt.float64) is not t


def test_tensor_of_tensor_copies_and_detaches():
    x = mt.ones(2, requires_grad=True)
    y = mt.tensor(x.detach())
    y.add_(1)
    assert x.tolist() == [1.0, 1.0] and not y.requires_grad and y.is_leaf


@pytest.mark.parametrize("maker", [lambda L: L.zeros(2, requires_grad=True), lambda L: L.ones((2,), requires_grad=True),
                                   lambda L: L.full((2,), 1.5, requires_grad=True),
                                   lambda L: L.tensor([1.0], requires_grad=True),
                                   lambda L: L.arange(3.0, requires_grad=True),
                                   lambda L: L.linspace(0, 1, 3, requires_grad=True),
                                   lambda L: L.eye(2, requires_grad=True), lambda L: L.rand(2, requires_grad=True),
                                   lambda L: L.randn(2, requires_grad=True),
                                   lambda L: L.zeros_like(L.ones(2), requires_grad=True)])
def test_factories_make_leaves_that_require_grad(maker):
    for lib in (torch, mt):
        t = maker(lib)
        assert t.requires_grad and t.is_leaf and t.grad_fn is None
        (t * 2).sum().backward()
        assert t.grad.tolist() == [2.0] * t.numel() or t.grad.shape == t.shape


def test_int_factories_cannot_require_grad():
    for lib in (torch, mt):
        for fn in (lambda: lib.tensor([1], requires_grad=True), lambda: lib.arange(3, requires_grad=True),
                   lambda: lib.zeros(2, dtype=lib.int64, requires_grad=True)):
            with pytest.raises(RuntimeError, match="floating point"):
                fn()


def test_legacy_constructor():
    for lib in (torch, mt):
        assert tuple(lib.Tensor(2, 3).shape) == (2, 3) and lib.Tensor(2, 3).dtype == lib.float32
        assert lib.Tensor([1, 2]).tolist() == [1.0, 2.0] and lib.Tensor([1, 2]).dtype == lib.float32
        assert tuple(lib.Tensor().shape) == (0,)


ARANGES = [(0, 1, 0.1), (0, 10, 3), (1, 2.5, 0.5), (-1, 1, 0.3), (0, 1, 1 / 3), (10, 0, -0.7), (0.1, 0.9, 0.2),
           (0, 5.0000001, 1), (0, 3), (3,), (2.5,), (0, 1e-3, 1e-4)]


@pytest.mark.parametrize("args", ARANGES, ids=str)
def test_arange_lengths_values_and_dtypes(args):
    t, m = torch.arange(*args), mt.arange(*args)
    assert tuple(m.shape) == tuple(t.shape) and str(m.dtype) == str(t.dtype)
    np.testing.assert_allclose(m.numpy(), t.numpy(), rtol=1e-6, atol=1e-7)
    t64, m64 = torch.arange(*args, dtype=torch.float64), mt.arange(*args, dtype=mt.float64)
    np.testing.assert_allclose(m64.numpy(), t64.numpy(), rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("args", [(0, 1, 5), (-3, 7, 11), (1, 1, 4), (0, 1, 1), (2, -2, 9), (0, 1e-6, 3)], ids=str)
def test_linspace_logspace_values(args):
    np.testing.assert_allclose(mt.linspace(*args).numpy(), torch.linspace(*args).numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(mt.linspace(*args, dtype=mt.float64).numpy(),
                               torch.linspace(*args, dtype=torch.float64).numpy(), rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(mt.logspace(*args).numpy(), torch.logspace(*args).numpy(), rtol=1e-5)
    np.testing.assert_allclose(mt.logspace(*args, base=2.0).numpy(), torch.logspace(*args, base=2.0).numpy(),
                               rtol=1e-5)


def test_sizes_as_varargs_tuples_lists_and_size():
    for lib in (torch, mt):
        for maker in (lib.zeros, lib.ones, lib.empty, lib.rand, lib.randn):
            shapes = {tuple(maker(2, 3).shape), tuple(maker((2, 3)).shape), tuple(maker([2, 3]).shape),
                      tuple(maker(lib.Size([2, 3])).shape)}
            assert shapes == {(2, 3)}
        assert tuple(lib.zeros(()).shape) == () and tuple(lib.ones(0).shape) == (0,)


def test_full_infers_dtype_from_fill_value():
    for value in (1, 1.5, True, -3):
        assert str(mt.full((2,), value).dtype) == str(torch.full((2,), value).dtype)
        assert str(mt.full_like(mt.ones(2, dtype=mt.int32), value).dtype) == \
            str(torch.full_like(torch.ones(2, dtype=torch.int32), value).dtype)


def test_like_factories_copy_shape_dtype_not_values_or_grad():
    src = mt.tensor([[1.0, 2.0]], dtype=mt.float64, requires_grad=True)
    for fn in (mt.zeros_like, mt.ones_like, mt.empty_like, mt.rand_like, mt.randn_like):
        out = fn(src)
        assert out.shape == src.shape and out.dtype is mt.float64 and not out.requires_grad
    assert mt.zeros_like(src).tolist() == [[0.0, 0.0]] and mt.ones_like(src, dtype=mt.int32).dtype is mt.int32


def test_manual_seed_and_generators_reproduce():
    mt.manual_seed(5)
    first = [mt.rand(3), mt.randn(2, 2), mt.randint(0, 9, (4,)), mt.randperm(6), mt.normal(0.0, 1.0, (3,))]
    mt.manual_seed(5)
    second = [mt.rand(3), mt.randn(2, 2), mt.randint(0, 9, (4,)), mt.randperm(6), mt.normal(0.0, 1.0, (3,))]
    for a, b in zip(first, second):
        assert a.tolist() == b.tolist()
    g1, g2 = mt.Generator().manual_seed(3), mt.Generator().manual_seed(3)
    assert mt.randn(4, generator=g1).tolist() == mt.randn(4, generator=g2).tolist()
    assert g1.initial_seed() == 3


def test_random_distributions_have_the_right_moments():
    mt.manual_seed(0)
    u, n = mt.rand(200000, dtype=mt.float64), mt.randn(200000, dtype=mt.float64)
    assert abs(u.mean().item() - 0.5) < 0.01 and abs(u.var().item() - 1 / 12) < 0.01
    assert abs(n.mean().item()) < 0.01 and abs(n.std().item() - 1) < 0.01
    g = mt.normal(3.0, 2.0, (200000,))
    assert abs(g.mean().item() - 3) < 0.03 and abs(g.std().item() - 2) < 0.03
    r = mt.randint(-2, 3, (100000,))
    assert r.min().item() == -2 and r.max().item() == 2
    assert sorted(mt.randperm(20).tolist()) == list(range(20))


OUT_CALLS = [  # (code making the tensor into `out`, out's dtype); values compared when the op is deterministic
    ("lib.zeros(2, 3, out=out)", "float64"), ("lib.ones(4, out=out)", "int64"), ("lib.empty(2, out=out)", "float32"),
    ("lib.full((2,), 3.5, out=out)", "int64"), ("lib.arange(5, out=out)", "float64"),
    ("lib.arange(1, 4, out=out)", "int64"), ("lib.linspace(0, 4, 5, out=out)", "int64"),
    ("lib.logspace(0, 1, 3, out=out)", "float64"), ("lib.eye(2, 3, out=out)", "float32"),
    ("lib.rand(2, 2, out=out)", "float64"), ("lib.randn(3, out=out)", "float32"),
    ("lib.randint(0, 5, (4,), out=out)", "int64"), ("lib.randperm(4, out=out)", "int32"),
    ("lib.normal(0.0, 1.0, (2,), out=out)", "float64"), ("lib.zeros(2, out=out, requires_grad=True)", "float32"),
]


@pytest.mark.parametrize("code, out_dtype", OUT_CALLS)
def test_creation_into_out(code, out_dtype):
    """out= is written (resized to the result's shape), returned, and gives the dtype when none is asked for."""
    seen = []
    for lib in (torch, mt):
        out = lib.empty(3, dtype=getattr(lib, out_dtype))
        got = eval(code, {"lib": lib, "out": out})
        seen.append((got is out, str(out.dtype), tuple(out.shape), out.requires_grad))
        if "rand" not in code and "normal" not in code and "empty" not in code:
            seen.append(out.tolist())
    assert seen[len(seen) // 2:] == seen[:len(seen) // 2]


@pytest.mark.parametrize("code", ["lib.zeros(2, dtype=lib.float32, out=out)",
                                  "lib.arange(3, dtype=lib.float64, out=out)",
                                  "lib.rand(2, dtype=lib.float64, out=lib.empty(2))"])
def test_creation_dtype_must_match_out(code):
    same_message_as_torch(torch, mt, code.replace("out=out", "out=lib.empty(3, dtype=lib.long)"))


@pytest.mark.parametrize("args", [(0.0, -8.000001, -4.0), (0, -7.5, -3.7), (0.5, 4, 1.5), (-1.7, 3, 1.2),
                                  (1.9, 6.1, 1.1)])
@pytest.mark.parametrize("dtype", ["int64", "int32", "int16"])
def test_integer_arange_truncates_as_torch(args, dtype):
    """torch works on the truncated bounds and step (int64 also counts the steps in integers)."""
    got = [lib.arange(*args, dtype=getattr(lib, dtype)).tolist() for lib in (torch, mt)]
    assert got[1] == got[0]


@pytest.mark.parametrize("fn, args", [
    ("linspace", (4.5, 2.5, 10)), ("linspace", (0, 10, 4)), ("linspace", (-3, 7, 6)), ("linspace", (4, 3, 10)),
    ("logspace", (0, 1.2, 2)), ("logspace", (1.45, 0.8, 1)),
])
@pytest.mark.parametrize("dtype", ["int64", "int32"])
def test_integer_linspace_logspace_as_torch(fn, args, dtype):
    """Integral linspace/logspace: truncated bounds, torch's two-sided formula, one point untruncated."""
    got = [getattr(lib, fn)(*args, dtype=getattr(lib, dtype)).tolist() for lib in (torch, mt)]
    assert got[1] == got[0]


@pytest.mark.parametrize("code", [
    "lib.multinomial(lib.ones(3), 0)", "lib.multinomial(lib.ones(2, 2, 2), 1)", "lib.multinomial(lib.ones(3), 4)",
    "lib.multinomial(-lib.ones(3), 1)", "lib.multinomial(lib.tensor([1.0, float('nan')]), 1)",
    "lib.multinomial(lib.zeros(3), 1)", "lib.multinomial(lib.ones(3, dtype=lib.long), 1)",
    "lib.ones(3).normal_(0, -1)", "lib.arange(0, float('inf'))", "lib.arange(0, 10, -1)",
    "lib.linspace(lib.ones(2), lib.ones(2), 3)", "lib.logspace(0, 1, -1)",
])
def test_sampler_and_range_errors_are_torchs(code):
    same_message_as_torch(torch, mt, code)


def test_multinomial_without_replacement_takes_zero_weights_last():
    for lib in (torch, mt):
        assert lib.multinomial(lib.tensor([1.0, 0, 0]), 2).tolist() == [0, 1]
