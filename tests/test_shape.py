"""Shape ops beyond the parity registry: storage sharing, version counters, error messages, gradcheck."""
import numpy as np
import pytest
import torch

import minitorch as mt


def both(array, requires_grad=False):
    return (torch.tensor(array, requires_grad=requires_grad),
            mt.tensor(array, requires_grad=requires_grad))


def message(fn, lib):
    with pytest.raises(Exception) as info:
        fn(lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("fn", [
    lambda lib: lib.zeros(3, 4).t().view(12),
    lambda lib: lib.zeros(2, 3, 4).permute(2, 0, 1).view(-1, 2),
    lambda lib: lib.zeros(3, 4).reshape(5, -1),
    lambda lib: lib.zeros(3, 4).view(-1, -1),
    lambda lib: lib.zeros(3, 2).expand(3, 4),
    lambda lib: lib.zeros(3, 2).expand(2),
    lambda lib: lib.zeros(3, 2).permute(0, 0),
    lambda lib: lib.zeros(3, 2).transpose(0, 2),
    lambda lib: lib.cat([lib.zeros(2, 3), lib.zeros(2, 4)]),
    lambda lib: lib.cat([lib.tensor(1.0), lib.tensor(2.0)]),
    lambda lib: lib.stack([lib.zeros(2, 3), lib.zeros(3, 2)]),
    lambda lib: lib.zeros(5).split([2, 2]),
    lambda lib: lib.zeros(1, 2).squeeze(2),
    lambda lib: lib.zeros(1, 2, 3).t(),
    lambda lib: lib.zeros(1, 2, 3).flatten(2, 1),
    lambda lib: lib.zeros(2).chunk(0),
], ids=["view_noncontiguous", "view_permuted", "reshape_size", "two_inferred", "expand_mismatch", "expand_fewer",
        "permute_duplicate", "transpose_range", "cat_sizes", "cat_zero_dim", "stack_sizes", "split_sizes",
        "squeeze_range", "t_3d", "flatten_order", "chunk_zero"])
def test_errors_match_torch(fn):
    t_type, t_msg = message(fn, torch)
    m_type, m_msg = message(fn, mt)
    assert m_type is t_type
    assert m_msg == t_msg


def test_views_share_storage_and_version():
    base = mt.arange(12.0)
    views = [base.view(3, 4), base.reshape(2, 6), base.view(3, 4).t(), base.view(3, 4)[1:, ::2],
             base.view(3, 4).unsqueeze(0).squeeze(0), base.view(2, 6).permute(1, 0), base.view(1, 12).expand(2, 12),
             base.view(3, 4).narrow(1, 1, 2), base.view(3, 4).select(0, 1), base.view(3, 4).mT, base.flatten(),
             base.view(3, 4).split(2)[1], base.view(3, 4).unbind(1)[0], base.view(4, 3).chunk(2, 1)[0]]
    for v in views:
        assert v.data_ptr() >= base.data_ptr()
        assert np.shares_memory(v.numpy(), base.numpy())
    base.add_(1)
    assert all(v._version == base._version == 1 for v in views)
    views[2][0, 1] = -5.0  # (t of 3x4)[0, 1] is base[4]
    assert base[4].item() == -5.0
    assert all(v._version == 2 for v in views)


def test_copies_do_not_share():
    base = mt.arange(12.0).view(3, 4)
    for c in (base.t().reshape(12), base.t().contiguous(), base.clone(), base.repeat(1, 1), base.flip(0),
              mt.cat([base, base]), mt.stack([base]), base.roll(1, 0)):
        assert not np.shares_memory(c.numpy(), base.numpy())
        assert c._version == 0


def test_contiguous_returns_self_when_contiguous():
    x = mt.randn(3, 4)
    assert x.contiguous() is x
    y = x.t()
    assert not y.is_contiguous() and y.contiguous().is_contiguous()
    assert y.contiguous().stride() == torch.randn(4, 3).stride()


@pytest.mark.parametrize("fn", [
    lambda x: x.view(6, 4), lambda x: x.reshape(2, -1), lambda x: x.t(), lambda x: x.transpose(0, 1),
    lambda x: x.permute(1, 0), lambda x: x.unsqueeze(1), lambda x: x.flatten(), lambda x: x[1:, ::2],
    lambda x: x.expand(2, 12, 2), lambda x: x[:, :1].expand(12, 3), lambda x: x.T, lambda x: x.narrow(0, 2, 3),
])
def test_strides_match_torch(fn):
    t, m = torch.arange(24.0).view(12, 2), mt.arange(24.0).view(12, 2)
    assert fn(m).stride() == fn(t).stride()
    assert fn(m).is_contiguous() == fn(t).is_contiguous()
    assert tuple(fn(m).shape) == tuple(fn(t).shape)


def test_inplace_on_view_of_leaf_requiring_grad_raises_type_as_torch():
    for lib in (torch, mt):
        x = lib.zeros(3, requires_grad=True)
        with pytest.raises(RuntimeError):
            x[0:2].add_(1)
        with pytest.raises(RuntimeError):
            x.view(3).mul_(2)


def test_inplace_through_view_gradient_matches_torch():
    a = np.random.default_rng(0).standard_normal((3, 4))
    grads = []
    for lib in (torch, mt):
        w = lib.tensor(a, requires_grad=True)
        y = w.exp()
        z = y * 1.0
        z.t()[1:3].mul_(w[:2, :3] ** 2)  # rows 1:3 of z.t() are columns 1:3 of z
        z.view(-1)[::5].sub_(1.0)
        (z.sin().sum() + z[0, 0]).backward()
        grads.append((z.detach().numpy().copy(), w.grad.numpy().copy(), z._version))
        assert type(z.grad_fn).__name__ == "CopySlices"
    np.testing.assert_allclose(grads[1][0], grads[0][0], rtol=1e-12)
    np.testing.assert_allclose(grads[1][1], grads[0][1], rtol=1e-12)
    assert grads[1][2] == grads[0][2]


def test_view_base():
    for lib in (torch, mt):
        x = lib.zeros(3, 4)
        assert x._base is None
        assert x.t()._base is x
        assert x.t().view(4, 3)._base is x
        assert x[0]._base is x
        assert x[[0]]._base is None


@pytest.mark.parametrize("fn", [
    lambda x: x.reshape(2, 6).t().reshape(3, 4), lambda x: x.permute(1, 0)[::2], lambda x: x.expand(2, 3, 4).sum(0),
    lambda x: x.repeat(2, 3), lambda x: mt.cat([x, x.t().reshape(3, 4)], 1), lambda x: mt.stack(x.unbind(1), 0),
    lambda x: x.flip(1).roll(2, 0), lambda x: mt.movedim(x.unsqueeze(0), 2, 0), lambda x: x.split([1, 2])[1],
])
def test_gradcheck_and_gradgradcheck(fn):
    mt.manual_seed(0)  # fixed inputs, whatever ran before
    x = mt.randn(3, 4, dtype=mt.float64, requires_grad=True)
    assert mt.autograd.gradcheck(lambda t: fn(t) ** 2, (x,))
    assert mt.autograd.gradgradcheck(lambda t: fn(t) ** 2, (x,))


def test_roll_matches_numpy_semantics_of_torch():
    a = np.arange(24.0).reshape(2, 3, 4)
    for args in [(1,), (-7,), (1, 0), ((1, 2), (0, 2)), (5, -1)]:
        np.testing.assert_array_equal(mt.tensor(a).roll(*args).numpy(), torch.tensor(a).roll(*args).numpy())


def test_size_and_torch_size():
    x, y = torch.zeros(2, 3, 4), mt.zeros(2, 3, 4)
    assert repr(y.shape) == repr(x.shape)
    assert y.shape[1:] == x.shape[1:] and type(y.shape[1:]).__name__ == "Size"
    assert y.size(-1) == x.size(-1) and y.shape.numel() == x.shape.numel()
