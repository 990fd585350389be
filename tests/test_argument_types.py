"""torch's TypeError for wrongly typed int, bool, dims, dtype and Tensor arguments (``minitorch/ops/arguments.py``):
every REJECTED call runs in both libraries; torch must raise, and minitorch must raise torch's exception class, with a
message naming the argument where torch's does. Every ACCEPTED call is one torch takes (a NumPy int or an int tensor
as a dim, a bool as std's unbiased, None where it is the default), and minitorch must take it too: the checks made
before a call must not turn away what torch allows."""
import re

import numpy as np
import pytest

import minitorch
from exception_compare import raised, same_class_as_torch

torch = pytest.importorskip("torch")


def _namespace(lib):
    gen = lib.Generator().manual_seed(0)
    return {"lib": lib, "F": lib.nn.functional, "np": np, "x": lib.randn(3, 4, generator=gen),
            "i": lib.tensor([1, 2]), "m": lib.tensor([True, False, True]),
            "idx": lib.tensor([[0, 1], [1, 0], [2, 0]])}


_REDUCTIONS = ["sum", "mean", "prod", "amax", "amin", "argmax", "argmin", "logsumexp", "nansum", "nanmean", "all",
               "any", "median", "mode", "max", "min", "var", "std"]
_SCANS = ["cumsum", "cumprod", "logcumsumexp", "cummax", "cummin", "softmax", "log_softmax"]

REJECTED = (
    # a dim that is a float, a str, a list of floats, a bool or a many-element Tensor
    ["x.%s(1.5)" % f for f in _REDUCTIONS + _SCANS]
    + ["lib.%s(x, dim='a')" % f for f in _REDUCTIONS + _SCANS]
    + ["x.%s([1.0])" % f for f in ["sum", "mean", "amax", "nansum", "logsumexp", "var", "std"]]
    + ["lib.%s(x, (0, 1.5))" % f for f in ["sum", "mean", "prod", "amin", "all", "any"]]
    + ["x.%s(dim=True)" % f for f in ["sum", "mean", "argmax", "cumsum", "softmax", "median"]]
    + ["x.%s(x)" % f for f in ["sum", "argmax", "cumsum", "softmax", "logsumexp"]]
    # a keepdim (or other bool flag) that is an int, a str or None
    + ["x.%s(1, keepdim=1)" % f for f in _REDUCTIONS]
    + ["lib.%s(x, 1, keepdim=None)" % f for f in ["sum", "amax", "argmax", "median", "max", "logsumexp"]]
    + ["x.%s(1, 0)" % f for f in ["sum", "prod", "amax", "argmin", "all", "max"]]
    + ["x.std(1, 1)", "x.var(1, 'a')", "lib.var(x, 1, unbiased=1)",
       "x.topk(2, largest=1)", "x.topk(2, sorted=None)", "lib.topk(x, 2, largest='a')", "x.sort(descending=1)",
       "lib.sort(x, 1, 1)", "x.sort(stable=1)", "x.argsort(descending=1)", "x.unique(sorted=1)",
       "lib.isclose(x, x, equal_nan=1)", "x.gather(1, idx, sparse_grad=1)",
       "lib.zeros(2, requires_grad=1)", "lib.randn(2, requires_grad=1)",
       "x.requires_grad_(1)", "x.requires_grad_('a')", "x.new_zeros(2, requires_grad=1)", "x.copy_(x, 'a')"]
    # an int parameter given a float, a str or a bool
    + ["x.transpose(0, 1.5)", "lib.transpose(x, 'a', 0)", "x.transpose(True, 0)", "x.unsqueeze(1.5)",
       "lib.unsqueeze(x, True)", "x.flatten(0.5)", "x.flatten(0, 'a')", "x.chunk(1.5)", "x.chunk(2, 'a')",
       "x.tril(1.5)", "lib.triu(x, 1.5)", "x.kthvalue(1.5)", "x.topk(1.5)", "lib.topk(x, 'a')", "x.rot90(1.5)",
       "x.round(decimals=1.5)", "x.narrow(0, 0, 1.5)", "x.narrow(1.5, 0, 1)", "x.select(1.5, 0)", "x.split(2, 1.5)",
       "x.gather(1.5, idx)", "x.index_select('a', i)", "lib.cat([x, x], 1.5)", "lib.stack([x, x], 'a')",
       "x.unbind(1.5)", "x.diagonal(0, 1.5)"]
    # a size or a list of dims with a float in it
    + ["x.view(1.5, 12)", "x.view([1.0, 12])", "x.view((3, 4.0))", "x.reshape(1.5, 12)", "lib.reshape(x, [3, 4.0])",
       "x.permute(0, 1.5)", "lib.permute(x, [0.0, 1])", "x.repeat(1.5, 1)", "x.expand((3, 4.0))", "x.tile([1.0, 2])", "lib.tile(x, 2)",
       "x.flip(0.5)", "lib.flip(x, [0.0])", "x.unflatten(1, (2.0, 2))", "x.broadcast_to((3, 4.0))",
       "x.movedim([0.0], [1])", "x.new_ones(2, 1.5)", "x.squeeze(1.5)", "lib.squeeze(x, 0.0)", "x.roll(1.5)"]
    # a dtype that is not a dtype
    + ["x.sum(dtype=2.5)", "x.softmax(1, dtype='a')", "x.softmax(1, 1)", "lib.cumsum(x, 1, dtype=1)"]
    # a Tensor (or Number) argument of another type, in the in-place methods and the Tensor methods too
    + ["x.clone().%s('a')" % f for f in ["add_", "sub_", "mul_", "div_", "pow_", "fmod_", "remainder_", "atan2_",
                                         "floor_divide_", "eq_", "lt_", "logical_and_", "bitwise_and_"]]
    + ["x.clone().add_(None)", "x.clone().mul_([2])", "x.clone().add_(x, alpha='a')", "x.clone().clamp_('a')",
       "x.clone().lerp_(x, 'a')", "x.clone().addcmul_(x, x, value='a')", "x.clone().addcdiv_(1, 2)",
       "x.clone().masked_fill_(1, 2)", "x.clone().masked_fill_(m, 'a')", "x.clone().index_fill_(0, i, 'a')",
       "x.clone().fill_('a')", "x.clone().fill_(None)", "x.masked_fill(x > 0, 'a')", "x.masked_fill(x > 0, None)",
       "x.type_as('a')", "F.linear(x, 'a')", "F.linear(x, x, 'a')", "F.cross_entropy(x, 'a')",
       "F.embedding(i, 'a')", "F.nll_loss(x, 'a')"]
)

ACCEPTED = [
    "x.sum(np.int64(1))", "x.sum(lib.tensor(1))", "x.sum([np.int64(0), 1])", "x.sum((0, lib.tensor(1)))",
    "x.cumsum(lib.tensor(1))", "x.transpose(0, np.int64(1))", "x.view(np.int64(3), 4)", "x.view(lib.tensor(3), 4)",
    "x.reshape([np.int32(4), 3])", "x.unsqueeze(np.int64(0))", "x.topk(np.int64(2))", "x.tril(np.int64(1))",
    "x.std(True)", "lib.var(x, False)", "x.var(1, True)", "lib.std(x, 1, keepdim=True)", "x.sum(None)",
    "x.sum(1, keepdim=True)", "x.max(x)", "lib.max(x, 1, True)", "x.sort(1, True)", "x.topk(2, 1, False, False)",
    "x.clone().add_(1.5)", "x.clone().add_(x, alpha=2)", "x.clone().fill_(lib.tensor(2.0))", "x.clone().fill_(3)",
    "x.masked_fill(x > 0, lib.tensor(1.0))", "lib.zeros(2, requires_grad=True)", "x.clone().requires_grad_()",
    "x.new_zeros((2, 3))", "x.new_full((2,), 1.5)", "x.copy_(x, True)", "lib.cumsum(x, 1, dtype=lib.float64)",
    "lib.zeros(2, dtype=float)", "lib.zeros(2, requires_grad=None)", "x.sort(stable=None)",
    "x.narrow(0, lib.tensor(1), 1)", "lib.arange(0, 5, 2)",
    "x.tile(2)", "x.tile(2, 2)", "x.tile((2, 2))", "x.tile([2, 1, 2])", "x.tile(())", "lib.tile(x, [3])",
]


@pytest.mark.parametrize("code", REJECTED)
def test_rejected_with_torchs_exception_class(code):
    expected, got = same_class_as_torch(torch, minitorch, code, _namespace)
    named = re.match(r"\w+\(\): argument '(\w+)'", str(expected))
    if named and "failed to unpack" not in str(expected):
        assert "'%s'" % named.group(1) in str(got), "torch blames %r, minitorch says %r" % (named.group(1), str(got))


@pytest.mark.parametrize("code", ACCEPTED)
def test_accepted_as_torch_accepts(code):
    assert raised(torch, code, _namespace) is None, "torch rejects this call: the case is wrong"
    got = raised(minitorch, code, _namespace)
    assert got is None, "minitorch rejects a call torch takes: %s: %s" % (type(got).__name__, got)



@pytest.mark.parametrize("code", ["x.tile(2)", "x.tile(2, 3)", "x.tile((2, 1, 2))", "lib.tile(x, [3])", "x.tile(())"])
def test_tile_sizes_as_torch(code):
    """Tensor.tile takes its sizes as separate ints or one sequence, as torch does; same values as torch's."""
    ours, theirs = (eval(code, _namespace(lib)) for lib in (minitorch, torch))
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("code", ["lib.vsplit(x, 'a')", "x.hsplit('a')", "lib.hsplit(x, [1.5])", "x.hsplit([1.5])",
                                  "lib.hsplit(x, [1, 1.5])", "x.vsplit((1, 'a'))", "lib.dsplit(x.reshape(3, 2, 2), 1.5)"])
def test_split_sections_errors_are_torchs(code):
    """hsplit/vsplit/dsplit have two overloads, (int sections) and (tuple of ints indices): torch's messages for
    an argument neither takes (as a function and as a method), and for ints that fail to unpack."""
    expected, got = (raised(lib, code, _namespace) for lib in (torch, minitorch))
    assert isinstance(expected, TypeError), "torch takes this call: the case is wrong"
    assert type(got) is type(expected) and str(got) == str(expected)
