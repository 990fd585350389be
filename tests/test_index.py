"""Indexing beyond the parity registry: error types and messages, views vs copies, gradcheck, backward of
repeated indices."""
import numpy as np
import pytest
import torch

import minitorch as mt

ERRORS = {
    "int_out_of_range": lambda L: L.zeros(3, 4)[3],
    "negative_out_of_range": lambda L: L.zeros(3, 4)[0, -5],
    "too_many_indices": lambda L: L.zeros(3, 4)[0, 0, 0],
    "tensor_out_of_range": lambda L: L.zeros(3, 4)[L.tensor([0, 3])],
    "float_tensor_index": lambda L: L.zeros(3, 4)[L.tensor([0.0])],
    "float_index": lambda L: L.zeros(3, 4)[1.5],
    "mask_shape": lambda L: L.zeros(3, 4)[L.tensor([True, False])],
    "mask_shape_second_dim": lambda L: L.zeros(3, 4)[:, L.tensor([True, False])],
    "setitem_shape": lambda L: L.zeros(3, 4).__setitem__(0, L.ones(3)),
    "setitem_more_dims": lambda L: L.zeros(3, 4).__setitem__(0, L.ones(2, 4)),
    "setitem_out_of_range": lambda L: L.zeros(3, 4).__setitem__(5, 1.0),
    "setitem_leaf": lambda L: L.zeros(3, requires_grad=True).__setitem__(0, 1.0),
    "gather_out_of_range": lambda L: L.zeros(3, 4).gather(1, L.tensor([[4]])),
    "gather_float_index": lambda L: L.zeros(3, 4).gather(1, L.tensor([[1.0]])),
    "gather_ndim": lambda L: L.zeros(3, 4).gather(1, L.tensor([1])),
    "gather_size": lambda L: L.zeros(3, 4).gather(1, L.tensor([[1]] * 4)),
    "scatter_out_of_range": lambda L: L.zeros(3, 4).scatter(0, L.tensor([[3]]), 1.0),
    "scatter_float_index": lambda L: L.zeros(3, 4).scatter(0, L.tensor([[1.0]]), 1.0),
    "scatter_src_dtype": lambda L: L.zeros(3, 4).scatter(0, L.tensor([[1]]), L.ones(1, 1, dtype=L.float64)),
    "index_select_out_of_range": lambda L: L.zeros(3, 4).index_select(0, L.tensor([3])),
    "index_select_2d": lambda L: L.zeros(3, 4).index_select(0, L.tensor([[0]])),
    "index_select_float": lambda L: L.zeros(3, 4).index_select(0, L.tensor([0.0])),
    "masked_fill_float_mask": lambda L: L.zeros(3, 4).masked_fill(L.zeros(3, 4), 1.0),
    "masked_fill_long_mask": lambda L: L.zeros(3, 4).masked_fill(L.zeros(3, 4, dtype=L.int64), 1.0),
    "masked_fill_vector_value": lambda L: L.zeros(3, 4).masked_fill(L.zeros(3, 4) > 0, L.ones(2)),
    "masked_fill_mask_shape": lambda L: L.zeros(3, 4).masked_fill(L.zeros(2, 4) > 0, 1.0),
    "zero_step": lambda L: L.zeros(3)[::0],
    "negative_step": lambda L: L.zeros(3)[::-1],
    "take_along_dim_ndim": lambda L: L.take_along_dim(L.zeros(3, 4), L.tensor([1]), 1),
    "select_out_of_range": lambda L: L.zeros(3, 4).select(1, 4),
    "narrow_out_of_range": lambda L: L.zeros(3, 4).narrow(1, 3, 2),
}


def _raised(fn, lib):
    with pytest.raises(Exception) as info:
        fn(lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_type_and_message_match_torch(name):
    assert _raised(ERRORS[name], mt) == _raised(ERRORS[name], torch)


def test_advanced_out_of_range_names_the_indexed_dimension():
    # torch's message says "dimension 0" here (the position among the index tensors); ours names dim 1
    kind, msg = _raised(lambda L: L.zeros(3, 4)[:, [4]], mt)
    assert kind is IndexError and msg == "index 4 is out of bounds for dimension 1 with size 4"


def test_basic_indexing_is_a_view_and_advanced_a_copy():
    x = mt.arange(12.0).reshape(3, 4).clone()
    for v in (x[1], x[:, 1:3], x[..., ::2], x[None, 0], x[-1, -1]):
        assert np.shares_memory(v.numpy(), x.numpy()) and v._base is x
    for c in (x[[0, 1]], x[x > 3], x[:, mt.tensor([0, 0])], x.gather(1, mt.tensor([[0]])),
              x.index_select(0, mt.tensor([1]))):
        assert not np.shares_memory(c.numpy(), x.numpy()) and c._base is None
    v = x[1]
    v[2] = 100.0
    assert x[1, 2].item() == 100.0 and x._version == v._version == 1


def test_repeated_indices_accumulate_in_backward():
    for lib in (torch, mt):
        x = lib.zeros(4, requires_grad=True)
        x[[0, 0, 0, 3]].sum().backward()
        np.testing.assert_array_equal(x.grad.numpy(), [3.0, 0, 0, 1])
        y = lib.zeros(2, 3, requires_grad=True)
        y.gather(1, lib.tensor([[1, 1], [2, 2]])).sum().backward()
        np.testing.assert_array_equal(y.grad.numpy(), [[0, 2, 0], [0, 0, 2]])
        z = lib.zeros(3, requires_grad=True)
        z.index_select(0, lib.tensor([2, 2, 2, 0])).sum().backward()
        np.testing.assert_array_equal(z.grad.numpy(), [1.0, 0, 3])


def test_index_put_accumulate_matches_torch():
    idx = (np.array([0, 0, 2]), np.array([1, 1, 1]))
    out = []
    for lib in (torch, mt):
        x = lib.zeros(3, 3, dtype=lib.float64)
        x.index_put_(tuple(lib.tensor(i) for i in idx), lib.tensor([1.0, 2.0, 4.0], dtype=lib.float64),
                     accumulate=True)
        out.append(x.numpy())
    np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize("fn", [
    lambda x: x[1:, ::2] ** 2,
    lambda x: x[[0, 0, 2]] * x[2],
    lambda x: x[:, mt.tensor([3, 0, 3])].exp(),
    lambda x: x[x.detach() > 0] ** 3,
    lambda x: x.gather(1, mt.tensor([[0, 0], [1, 3], [2, 2]])) ** 2,
    lambda x: x.scatter(1, mt.tensor([[0], [3], [1]]), x[:, :1] ** 2) ** 2,
    lambda x: x.scatter_add(0, mt.tensor([[0, 1, 0, 1]]), x[:1] ** 2) ** 2,
    lambda x: x.index_select(1, mt.tensor([1, 1, 0])) ** 2,
    lambda x: x.masked_fill(mt.tensor([True, False, True, False]), 2.0) ** 2,
    lambda x: mt.take_along_dim(x, mt.tensor([[3], [0], [1]]), 1) ** 2,
], ids=["slice", "list", "tensor", "mask", "gather", "scatter", "scatter_add", "index_select", "masked_fill",
        "take_along_dim"])
def test_gradcheck_and_gradgradcheck(fn):
    mt.manual_seed(0)  # fixed inputs, whatever ran before
    x = mt.randn(3, 4, dtype=mt.float64, requires_grad=True)
    assert mt.autograd.gradcheck(fn, (x,))
    assert mt.autograd.gradgradcheck(fn, (x,))


def test_setitem_gradient_gradcheck():
    def fn(x, v):
        y = x * 1
        y[1:, 1] = v ** 2
        y[0] = y[2].tanh() * v[0]  # (y[2] * v[0] would save a view of y, which the write then modifies)
        return y.sin()
    mt.manual_seed(0)  # fixed inputs, whatever ran before
    x = mt.randn(3, 4, dtype=mt.float64, requires_grad=True)
    v = mt.randn(2, dtype=mt.float64, requires_grad=True)
    assert mt.autograd.gradcheck(fn, (x, v))
    assert mt.autograd.gradgradcheck(fn, (x, v))


@pytest.mark.parametrize("expr,name", [
    ("x[0]", "SelectBackward0"), ("x[:, 0]", "SelectBackward0"), ("x[0, 1:]", "SliceBackward0"),
    ("x[1:]", "SliceBackward0"), ("x[None]", "UnsqueezeBackward0"), ("x[...]", "AliasBackward0"),
    ("x[[0, 1]]", "IndexBackward0"), ("x[x > 0]", "IndexBackward0"), ("x.gather(0, idx)", "GatherBackward0"),
    ("x.index_select(0, idx[0])", "IndexSelectBackward0"), ("x.masked_fill(x > 0, 1.0)", "MaskedFillBackward0"),
    ("x.scatter(0, idx, 1.0)", "ScatterBackward1"), ("x.scatter(0, idx, x[:1, :2])", "ScatterBackward0"),
    ("x.scatter_add(0, idx, x[:1, :2])", "ScatterAddBackward0"), ("x.narrow(0, 1, 1)", "SliceBackward0"),
])
def test_grad_fn_names_match_torch(expr, name):
    for lib in (torch, mt):
        x = lib.ones(3, 4, requires_grad=True) * 1
        idx = lib.tensor([[0, 1]])
        assert type(eval(expr).grad_fn).__name__ == name
    names = []
    for lib in (torch, mt):
        y = lib.ones(3, requires_grad=True) * 1
        y[0] = 2.0
        names.append((y.grad_fn.name(), type(y.grad_fn).__name__))
    assert names[1] == names[0] == ("torch::autograd::CopySlices", "CopySlices")


def test_integer_tensor_as_scalar_index_and_numpy_index():
    x = mt.arange(12).reshape(3, 4)
    t = torch.arange(12).reshape(3, 4)
    assert x[mt.tensor(2)].tolist() == t[torch.tensor(2)].tolist()
    assert x[np.int64(1), np.array([0, 3])].tolist() == t[np.int64(1), np.array([0, 3])].tolist()
