"""Regression tests for the indexing, shape and nn.functional mismatches torch's OpInfo samples found
(tests/opinfo_sweep.py): 0-d gather/scatter/scatter_reduce, broadcasting masks, 0-d index_select/nonzero/masked_select,
empty indices, tensor indices of tensor_split/narrow, flip(dims=), atleast_1d of a list, replicate padding that
crops, 0-d prelu/multi_margin_loss, bool unfold, and torch's exception classes and messages for bad arguments of the
pools, convolutions, views and splits. Each line of code runs in torch and in minitorch: the same values, dtypes,
shapes and gradients, or the same exception class with torch's first message line."""
import numpy as np
import pytest

import minitorch
from exception_compare import same_class_as_torch

torch = pytest.importorskip("torch")


def _namespace(lib):
    return {"lib": lib, "F": lib.nn.functional}


def _run(lib, code):
    """(out, leaves) of code, which sets `out` and may set `leaves` (the inputs whose gradients are compared)."""
    namespace = _namespace(lib)
    exec(code, namespace)
    return namespace["out"], namespace.get("leaves", ())


def _flat(out):
    return list(out) if isinstance(out, (tuple, list)) else [out]


def _assert_same(expected, got, where):
    assert str(got.dtype).split(".")[-1] == str(expected.dtype).split(".")[-1], "%s: dtype" % where
    assert tuple(got.shape) == tuple(expected.shape), "%s: shape %s vs torch %s" % (where, tuple(got.shape),
                                                                                    tuple(expected.shape))
    np.testing.assert_allclose(np.asarray(got.detach().tolist(), dtype=float),
                               np.asarray(expected.detach().tolist(), dtype=float), rtol=1e-6, atol=1e-6,
                               err_msg=where)


# --- accepted calls: values, dtypes, shapes and gradients as torch's -------------------------------------------------
LEAF = "a = lib.tensor(%s, dtype=lib.float64, requires_grad=True); "
SAME_RESULTS = [
    # 0-d input/index/src of scatter, scatter_add, scatter_reduce and gather: one element along dim 0
    LEAF % "1.5" + "s = lib.tensor(-2.0, dtype=lib.float64, requires_grad=True); "
                   "out = lib.scatter(a, 0, lib.tensor(0), s); leaves = [a, s]",
    LEAF % "1.5" + "out = lib.scatter(a, 0, lib.tensor(0), 2.5); leaves = [a]",
    LEAF % "1.5" + "out = a.scatter(0, lib.tensor([0]), lib.tensor([4.0], dtype=lib.float64)); leaves = [a]",
    LEAF % "[1.5, 2.5]" + "out = lib.scatter(a, 0, lib.tensor(1), lib.tensor([7.0, 8.0], dtype=lib.float64))"
                          "; leaves = [a]",
    "out = lib.scatter(lib.tensor(3), 0, lib.tensor(0), lib.tensor(-8), reduce='add')",
    "out = lib.tensor(1.0); out.scatter_(0, lib.tensor(0), lib.tensor(7.0))",
    LEAF % "1.5" + "s = lib.tensor(-2.0, dtype=lib.float64, requires_grad=True); "
                   "out = lib.scatter_add(a, 0, lib.tensor(0), s); leaves = [a, s]",
    "out = lib.scatter_add(lib.tensor(True), 0, lib.tensor(0), lib.tensor(False))",
    LEAF % "1.5" + "out = lib.gather(a, 0, lib.tensor(0)); leaves = [a]",
    LEAF % "[1.5, 2.5]" + "out = lib.gather(a, 0, lib.tensor(1)); leaves = [a]",
    LEAF % "1.5" + "out = lib.gather(a, 0, lib.tensor([0, 0])); leaves = [a]",
] + [
    LEAF % "3.0" + "s = lib.tensor(2.0, dtype=lib.float64, requires_grad=True); out = lib.scatter_reduce(a, 0, "
                   "lib.tensor(0), s, %r, include_self=%s); leaves = [a, s]" % (reduce, include_self)
    for reduce in ("sum", "prod", "mean", "amax", "amin") for include_self in (True, False)
] + [
    # in-place on a 0-d clone: the op's node keeps a copy of the value it overwrites
    LEAF % "3.0" + "s = lib.tensor(2.0, dtype=lib.float64, requires_grad=True); out = a.clone(); "
                   "out.scatter_reduce_(0, lib.tensor(0), s, 'prod', include_self=%s); leaves = [a, s]" % include_self
    for include_self in (True, False)
] + [
    LEAF % "3.0" + "s = lib.tensor(2.0, dtype=lib.float64, requires_grad=True); out = a.clone(); "
                   "out.index_reduce_(0, lib.tensor(%s), s, %r); leaves = [a, s]" % (index, reduce)
    for index in ("0", "[0]") for reduce in ("prod", "mean", "amax")
] + [
    LEAF % "3.0" + "out = a.clone(); out.cumprod_(0); leaves = [a]",
] + [
    "out = lib.scatter_reduce(lib.tensor([True, False]), 0, lib.tensor([0, 0, 1]), lib.tensor([False, True, True]), "
    "%r, include_self=%s)" % (reduce, include_self) for reduce in ("amax", "amin") for include_self in (True, False)
] + [
    # an empty index: torch checks neither its dtype nor its dims
    "out = lib.gather(lib.arange(5.0), 0, lib.zeros(0, dtype=lib.uint8))",
    "out = lib.gather(lib.ones(5, 5), 0, lib.zeros(0, 3, 7, dtype=lib.int64))",
    "out = lib.scatter(lib.arange(5.0), 0, lib.zeros(0, dtype=lib.uint8), lib.zeros(0))",
    # masks broadcasting the input
    LEAF % "[1.0, 2.0, 3.0]" + "out = lib.masked_fill(a, lib.tensor([[True, False, True], [False, False, True]]), "
                               "0.5); leaves = [a]",
    "out = lib.ones(3).masked_fill(lib.ones(2, 3, dtype=lib.bool), 0.0)",
    LEAF % "[1.0, 2.0, 3.0]" + "out = lib.masked_scatter(a, lib.tensor([[True, False, True], [False, True, True]]), "
                               "lib.arange(10.0, dtype=lib.float64)); leaves = [a]",
    # 0-d inputs of masked_select, index_select, nonzero and argwhere
    LEAF % "2.5" + "out = lib.masked_select(a, lib.tensor(True)); leaves = [a]",
    "out = lib.masked_select(lib.tensor(2.5), lib.tensor(False))",
    LEAF % "2.5" + "out = lib.index_select(a, 0, lib.tensor([0])); leaves = [a]",
    "out = lib.index_select(lib.tensor(2.5), 0, lib.tensor(0))",
    "out = lib.nonzero(lib.tensor(3.0))",
    "out = lib.nonzero(lib.tensor(0))",
    "out = lib.argwhere(lib.tensor(True))",
    "out = lib.nonzero(lib.tensor(3.0), as_tuple=True)",
    # index_add with matching shapes
    "out = lib.index_add(lib.zeros(3, 2), 1, lib.tensor([0]), lib.ones(3, 1))",
    "out = lib.index_add(lib.zeros(()), 0, lib.tensor([0]), lib.ones(()))",
    # sum_to_size(()) sums everything: a bool or integer 0-d tensor becomes int64
    "out = lib.tensor(True).sum_to_size(())",
    "out = lib.tensor(3, dtype=lib.int32).sum_to_size(())",
    "out = lib.tensor([[True, False]]).sum_to_size((1, 2))",
    # unique_consecutive along a size-1 dim
    "out = lib.unique_consecutive(lib.arange(25.0).reshape(5, 1, 5), dim=-2)",
    "out = lib.unique_consecutive(lib.tensor([[1, 1], [1, 1], [2, 2]]), dim=0, return_inverse=True, "
    "return_counts=True)",
    # tensor indices_or_sections of tensor_split and tensor start/length of narrow
    LEAF % "[[1.0, 2.0, 3.0]] * 5" + "out = lib.tensor_split(a, lib.tensor(2)); leaves = [a]",
    "out = lib.arange(5).tensor_split(lib.tensor([1, 3]))",
    "out = lib.arange(20.0).reshape(4, 5).narrow(-2, lib.tensor(1), 3)",
    "out = lib.arange(5.0).narrow(0, -5, 5)",
    "out = lib.arange(10.0).reshape(2, 5).narrow(1, 5, 0)",
    # flip's dims= keyword, atleast_1d of several tensors
    LEAF % "[[1.0, 2.0], [3.0, 4.0]]" + "out = lib.flip(a, dims=(0, 1)); leaves = [a]",
    "out = lib.arange(6).reshape(2, 3).flip(dims=[1])",
    "out = lib.atleast_1d([lib.zeros(2), lib.tensor(1.0)])",
    "out = lib.atleast_1d(lib.zeros(2), lib.tensor(1.0))",
    "out = lib.atleast_1d((lib.tensor(1.0),))",
    "out = lib.atleast_1d(lib.tensor(2.0))",
] + [  # replicate padding where a negative width crops past the other edge
    LEAF % "[[[[float(4 * i + j) for j in range(4)] for i in range(4)]]]"
    + "out = F.pad(a, %s, mode='replicate'); leaves = [a]" % (pad,)
    for pad in ((-4, 5, 0, 0), (5, -4, -4, 3), (-3, 2, 0, 0), (-2, -2, 0, 0), (1, 2, 3, 1))
] + [
    # 0-d prelu, empty batch_norm in training, 0-d multi_margin_loss, bool unfold/fold
    LEAF % "-1.5" + "w = lib.tensor([3.0], dtype=lib.float64, requires_grad=True); out = F.prelu(a, w)"
                    "; leaves = [a, w]",
    "out = F.batch_norm(lib.zeros(0), lib.zeros(0), lib.zeros(0), training=True)",
    "out = F.batch_norm(lib.zeros(0, 3), lib.zeros(3), lib.ones(3), training=True)",
    LEAF % "-3.3" + "out = F.multi_margin_loss(a, lib.tensor(0)); leaves = [a]",
    "out = F.multi_margin_loss(lib.tensor(2.0), lib.tensor(0), reduction='none')",
    "out = F.unfold(lib.tensor([[[[True, False, True], [False, False, True], [True, True, False]]]]), 2, padding=1)",
    "out = F.fold(F.unfold(lib.tensor([[[[True, False, True], [False, True, True]]]]), 2, padding=1), (2, 3), 2, "
    "padding=1)",
]


@pytest.mark.parametrize("code", SAME_RESULTS)
def test_same_results_as_torch(code):
    (expected, expected_leaves), (got, got_leaves) = (_run(lib, code) for lib in (torch, minitorch))
    expected, got = _flat(expected), _flat(got)
    assert len(got) == len(expected)
    for i, (e, g) in enumerate(zip(expected, got)):
        _assert_same(e, g, "out[%d]" % i)
    if expected_leaves:
        for lib, outs in ((torch, expected), (minitorch, got)):
            sum(o.sum() for o in outs if o.dtype in (lib.float32, lib.float64)).backward()
        for i, (e, g) in enumerate(zip(expected_leaves, got_leaves)):
            _assert_same(e.grad, g.grad, "grad of leaves[%d]" % i)


# --- rejected calls: torch's exception class and message ------------------------------------------------------------
SAME_ERRORS = [
    "lib.tensor(3.0).index_reduce_(0, lib.tensor(-1), lib.tensor(2.0), 'prod')",  # (a 0-d self has index 0 only)
    # gather/scatter argument checks
    "lib.scatter(lib.zeros(3, 5, 3), 0, lib.tensor([[0, 1], [1, 2]]), lib.zeros(2, 5))",
    "lib.scatter_add(lib.zeros(3, 5, 3), 0, lib.tensor([[0, 1], [1, 2]]), lib.zeros(2, 5))",
    "lib.scatter(lib.zeros(3, 5), 0, lib.zeros(2, 2, dtype=lib.int64), lib.zeros(2, 5, 2))",
    "lib.scatter(lib.zeros(3, 5), 0, lib.zeros(2, 2, dtype=lib.int64), lib.zeros(1, 1))",
    "lib.scatter(lib.zeros(3, 5), 0, lib.zeros(2, 9, dtype=lib.int64), 2.0)",
    "lib.scatter(lib.zeros(3), 0, lib.tensor([0, 1]), lib.tensor(5.0))",
    "lib.gather(lib.zeros(5, 5), 0, lib.zeros(2, dtype=lib.int64))",
    "lib.gather(lib.zeros(5), 0, lib.zeros(1, 1, dtype=lib.uint8))",
    # masks and index_select/index_add/index_copy shapes
    "lib.zeros(5).masked_fill_(lib.ones(2, 5, dtype=lib.bool), 0.5)",
    "lib.masked_scatter(lib.zeros(1, 3), lib.ones(1, 3), lib.zeros(3, 4))",
    "lib.masked_scatter(lib.zeros(1, 3), lib.ones(1, 3, dtype=lib.uint8), lib.zeros(3, 4))",
    "lib.index_select(lib.tensor(2.0), 0, lib.tensor([0, 0]))",
    "lib.index_select(lib.tensor(2.0), 0, lib.tensor([1]))",
    "lib.index_select(lib.tensor([1.0, 2.0]), 0, lib.tensor([-1]))",
    "lib.index_add(lib.zeros(3, 2), 0, lib.tensor([0, 2]), lib.ones(2))",
    "lib.index_add(lib.zeros(3), 0, lib.tensor([0, 1]), lib.ones(3))",
    "lib.index_add(lib.zeros(()), 0, lib.tensor([0]), lib.ones(1))",
    "lib.index_copy(lib.zeros(3), 0, lib.tensor([0, 1]), lib.ones(3))",
    "lib.index_copy(lib.zeros(3, 2), 0, lib.tensor([1]), lib.ones(2))",
    # views, splits, rolls and moves
    "lib.zeros(0, 5).reshape(0, -1)",
    "lib.zeros(0, 5).view(0, -1)",
    "lib.tensor(1).unbind(0)",
    "lib.zeros(5).roll(())",
    "lib.zeros(5).roll((1, 2))",
    "lib.tensor(1.0).roll(0, 0)",
    "lib.tensor(1.0).roll(1, 1)",
    "lib.zeros(5, 5, 5).tensor_split(lib.tensor([[1]]))",
    "lib.zeros(20, 10, 5).narrow(1, -11, 0)",
    "lib.zeros(20, 10, 5).narrow(1, 11, 0)",
    "lib.zeros(10).narrow(0, 0, -1)",
    "lib.zeros(20, 10, 5).narrow(-3, lib.tensor(True), 3)",
    "lib.zeros(20, 10, 5).narrow(1, 5, 6)",
    "lib.zeros(5).rot90()",
    "lib.zeros(5, 5).rot90(1, (0, -2))",
    "lib.zeros(5).flip(0, dims=(0,))",
    # pools: the window arguments are checked before the input
    "F.max_pool1d(lib.zeros(0, 1, 49), kernel_size=2, stride=50, padding=-1, return_indices=True)",
    "F.max_pool1d(lib.zeros(3, 3, 3), kernel_size=1, stride=0)",
    "F.max_pool1d(lib.zeros(0, 1, 49), kernel_size=0)",
    "F.max_pool1d(lib.zeros(1, 1, 5), 2, 1, -1)",
    "F.max_pool1d(lib.zeros(2, 2, 2), kernel_size=5, stride=1, padding=0, dilation=1)",
    "F.max_pool1d(lib.zeros(1, 1, 5), 2, 1, 2)",
    "F.max_pool1d(lib.zeros(1, 1, 5), 0, 1, return_indices=True)",
    "F.avg_pool1d(lib.zeros(0, 1, 49), kernel_size=2, stride=50, padding=-1)",
    "F.max_pool2d(lib.zeros(0, 1, 49), kernel_size=(3, 2), stride=50, padding=-1, return_indices=True)",
    "F.max_pool2d(lib.zeros(0, 1, 49), kernel_size=2, stride=50, padding=4, return_indices=True)",
    "F.max_pool2d(lib.zeros(1, 1, 5, 5), (0, 2), 1)",
    "F.avg_pool2d(lib.zeros(0, 1, 49), kernel_size=(3, 2), stride=50, padding=4)",
    "F.max_pool3d(lib.zeros(0, 1, 49, 50), kernel_size=2, stride=50, padding=-1, return_indices=True)",
    "F.max_pool3d(lib.zeros(0, 1, 2, 10), kernel_size=1)",
    "F.max_pool3d(lib.zeros(2, 1, 0, 1, 2), kernel_size=1)",
    "F.max_pool3d(lib.zeros(1, 1, 5, 5, 5), 0, 1)",
    "F.avg_pool3d(lib.zeros(0, 1, 49, 50), kernel_size=(3, 2, 2), stride=50, padding=4)",
    "F.avg_pool3d(lib.zeros(1, 1, 2, 0, 2), 1)",
    "F.adaptive_avg_pool1d(lib.zeros(1, 2, 3), output_size=())",
    "F.adaptive_avg_pool1d(lib.zeros(1, 1, 1), (-1,))",
    "F.adaptive_max_pool1d(lib.zeros(1, 2, 3), output_size=())",
    "F.adaptive_max_pool1d(lib.zeros(1, 1, 1), (-1,))",
    "F.adaptive_avg_pool2d(lib.zeros(2, 2), (2, 2))",
    "F.adaptive_avg_pool2d(lib.zeros(1, 1, 1, 1), (-1, 0))",
    "F.adaptive_max_pool2d(lib.zeros(2, 2), (2, 2))",
    "F.adaptive_max_pool2d(lib.zeros(1, 2, 3, 4), output_size=())",
    "F.adaptive_max_pool2d(lib.zeros(1, 1, 1, 1), (-1, 0))",
    "F.adaptive_avg_pool3d(lib.zeros(2, 2, 2), (2, 2, 2))",
    "F.adaptive_max_pool3d(lib.zeros(2, 2, 2), (2, 2, 2))",
    "F.adaptive_max_pool3d(lib.zeros(1, 2, 3, 4), output_size=())",
    "F.adaptive_max_pool3d(lib.zeros(1, 1, 1, 1, 1), (-1, 0, 2))",
    # convolutions with a weight of the wrong number of dims
    "F.conv1d(lib.zeros(1, 1, 4), lib.zeros(1, 2), lib.zeros(1))",
    "F.conv1d(lib.zeros(1, 1, 4), lib.zeros(1, 1, 2, 2))",
    "F.conv2d(lib.zeros(1, 1, 4, 3), lib.zeros(1, 2, 2), lib.zeros(1), padding='same')",
    "F.conv2d(lib.zeros(1, 1, 4, 3), lib.zeros(1, 2, 2))",
    "F.conv3d(lib.zeros(1, 1, 3, 4, 5), lib.zeros(1, 1, 4, 3), lib.zeros(1), padding='same')",
    "F.conv3d(lib.zeros(1, 1, 3, 4, 5), lib.zeros(1, 1, 4, 3), stride=(2, 1, 1))",
    "F.conv_transpose2d(lib.zeros(1, 1, 4, 3), lib.zeros(1, 2, 2))",
    # other nn.functional argument checks
    "F.prelu(lib.tensor(1.0), lib.tensor([1.0, 2.0]))",
    "F.pad(lib.zeros(1, 1, 4, 4), (-5, 0, 0, 0), mode='replicate')",
    "F.multi_margin_loss(lib.zeros(5, 0), lib.zeros(5))",
    "F.multi_margin_loss(lib.zeros(0), lib.zeros(0))",
    "F.multi_margin_loss(lib.zeros(5, 4), lib.zeros(5), weight=lib.ones(5))",
    "F.multilabel_margin_loss(lib.zeros(5, 0), lib.zeros(5, 4))",
    "F.triplet_margin_loss(lib.zeros(3, 4), lib.zeros(3, 4), lib.zeros(3, 4), margin=-1.0)",
    "F.triplet_margin_loss(lib.zeros(3, 4), lib.zeros(3, 4), lib.zeros(3, 4), margin=0.0)",
    "F.unfold(lib.ones(1, 2, 4, 4, dtype=lib.int64), 2)",
    "F.fold(lib.ones(1, 8, 9, dtype=lib.int64), (4, 4), 2)",
]


@pytest.mark.parametrize("code", SAME_ERRORS)
def test_same_error_as_torch(code):
    expected, got = same_class_as_torch(torch, minitorch, code, _namespace)
    assert str(got).split("\n")[0] == str(expected).split("\n")[0]


def test_masked_scatter_into_a_smaller_self_raises_runtime_error():
    """(minitorch's message differs: it names the broadcast result's shape, torch the mask's expand to self)"""
    same_class_as_torch(torch, minitorch, "lib.zeros(5).masked_scatter_(lib.ones(2, 5, dtype=lib.bool), lib.zeros(10))",
                        _namespace)


@pytest.mark.parametrize("code", ["lib.atleast_2d(a, b)", "lib.atleast_3d([a, b])", "lib.atleast_2d((a,))",
                                  "lib.atleast_3d(lib.ones(2, 3))", "lib.atleast_2d(lib.ones(3))",
                                  "lib.index_reduce(a, 0, lib.tensor([0]), b, 'prod')",
                                  "lib.index_reduce(a, 0, lib.tensor([0]), b, 'amax', include_self=False)"])
def test_atleast_nd_of_several_and_0d_index_reduce(code):
    results = []
    for lib in (torch, minitorch):
        out = eval(code, {"lib": lib, "a": lib.tensor(3.0), "b": lib.tensor(2.0)})
        results.append([tuple(t.shape) for t in out] if isinstance(out, tuple) else (tuple(out.shape), out.tolist()))
    assert results[1] == results[0]
