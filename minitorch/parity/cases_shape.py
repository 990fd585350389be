"""Parity cases for the shape ops: views (reshape, permute, expand, ...), joins and splits, flips.

Each case differentiates the output(s) against a random upstream gradient, so the backward of every op is
compared too. Non-contiguous inputs come from a transpose of the leaf.
"""
from .helpers import grads_of, leaf
from .registry import case


def _unary(name, shape, fn, transposed=False):
    """Register a case for out = fn(lib, x) with x a leaf of `shape` (or the transpose of one)."""
    @case("shape/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape[::-1] if transposed else shape), dtype)
        out = fn(lib, x.t() if transposed else x)
        return grads_of(lib, rng, out, [x])
    return body


def _multi(name, shape, fn, transposed=False):
    """fn returns a sequence of tensors; they are stacked into one output (stack is tested on its own too)."""
    @case("shape/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape[::-1] if transposed else shape), dtype)
        parts = fn(lib, x.t() if transposed else x)
        result = {"n": len(parts)}
        for i, p in enumerate(parts):
            result["shape_%d" % i] = tuple(p.shape)
        total = sum((p * (i + 1)).sum() for i, p in enumerate(parts))
        result["grad"] = lib.autograd.grad(total, x)[0]
        return result
    return body


_unary("reshape", (3, 4), lambda lib, x: x.reshape(2, -1, 3))
_unary("reshape/tuple", (3, 4), lambda lib, x: lib.reshape(x, (-1,)))
_unary("reshape/noncontiguous", (3, 4), lambda lib, x: x.reshape(6, 2), transposed=True)
_unary("reshape/empty", (0, 4), lambda lib, x: x.reshape(4, 0, 3))
_unary("reshape/scalar", (), lambda lib, x: x.reshape(1, 1))
_unary("view", (2, 3, 4), lambda lib, x: x.view(6, 4))
_unary("view/-1", (2, 3, 4), lambda lib, x: x.view(-1))
_unary("view/split_dim_of_transposed", (4, 6), lambda lib, x: x.view(2, 2, 2, 3), transposed=True)
_unary("view_as", (2, 6), lambda lib, x: x.view_as(lib.zeros(3, 4)))
_unary("flatten", (2, 3, 4, 5), lambda lib, x: x.flatten())
_unary("flatten/start_end", (2, 3, 4, 5), lambda lib, x: lib.flatten(x, 1, 2))
_unary("flatten/negative", (2, 3, 4, 5), lambda lib, x: x.flatten(-3, -2))
_unary("flatten/scalar", (), lambda lib, x: x.flatten())
_unary("unflatten", (2, 12), lambda lib, x: x.unflatten(1, (3, -1)))
_unary("squeeze/all", (1, 3, 1, 4), lambda lib, x: x.squeeze())
_unary("squeeze/dim", (1, 3, 1, 4), lambda lib, x: x.squeeze(2))
_unary("squeeze/non_one_dim", (1, 3, 1, 4), lambda lib, x: x.squeeze(1))
_unary("squeeze/tuple", (1, 3, 1, 4), lambda lib, x: x.squeeze((0, -2)))
_unary("unsqueeze", (3, 4), lambda lib, x: x.unsqueeze(1))
_unary("unsqueeze/negative", (3, 4), lambda lib, x: lib.unsqueeze(x, -1))
_unary("transpose", (2, 3, 4), lambda lib, x: x.transpose(0, 2))
_unary("transpose/negative", (2, 3, 4), lambda lib, x: lib.transpose(x, -1, -2))
_unary("swapaxes", (2, 3, 4), lambda lib, x: lib.swapaxes(x, 0, 1))
_unary("permute", (2, 3, 4), lambda lib, x: x.permute(2, 0, 1))
_unary("permute/tuple_negative", (2, 3, 4), lambda lib, x: lib.permute(x, (-1, 0, -2)))
_unary("t", (3, 4), lambda lib, x: x.t())
_unary("t/1d", (4,), lambda lib, x: x.t())
_unary("T/2d", (3, 4), lambda lib, x: x.T)
_unary("mT", (2, 3, 4), lambda lib, x: x.mT)
_unary("movedim", (2, 3, 4), lambda lib, x: lib.movedim(x, 0, -1))
_unary("movedim/tuple", (2, 3, 4, 5), lambda lib, x: x.movedim((0, 1), (3, 0)))
_unary("expand", (3, 1), lambda lib, x: x.expand(2, 3, 4))
_unary("expand/-1", (3, 1), lambda lib, x: x.expand(-1, 5))
_unary("expand/same", (3, 4), lambda lib, x: x.expand(3, 4))
_unary("expand/scalar", (), lambda lib, x: x.expand(2, 3))
_unary("expand_as", (1, 4), lambda lib, x: x.expand_as(lib.zeros(3, 4)))
_unary("broadcast_to", (3, 1), lambda lib, x: lib.broadcast_to(x, (2, 3, 4)))
_unary("repeat", (2, 3), lambda lib, x: x.repeat(2, 3))
_unary("repeat/more_dims", (2, 3), lambda lib, x: x.repeat(2, 1, 2))
_unary("tile", (2, 3), lambda lib, x: lib.tile(x, (2,)))
_unary("contiguous", (3, 4), lambda lib, x: x.contiguous(), transposed=True)
_unary("clone", (3, 4), lambda lib, x: x.clone(), transposed=True)
_unary("flip", (2, 3, 4), lambda lib, x: x.flip(0, 2))
_unary("flip/negative", (2, 3, 4), lambda lib, x: lib.flip(x, [-1]))
_unary("fliplr", (3, 4), lambda lib, x: lib.fliplr(x))
_unary("narrow", (4, 5), lambda lib, x: x.narrow(1, 1, 3))
_unary("narrow/negative_start", (4, 5), lambda lib, x: lib.narrow(x, 0, -2, 2))
_unary("select", (4, 5), lambda lib, x: x.select(1, -1))
_unary("roll", (3, 4), lambda lib, x: lib.roll(x, 1, 1))
_unary("roll/flat", (3, 4), lambda lib, x: x.roll(-5))
_unary("roll/multi", (3, 4), lambda lib, x: lib.roll(x, (1, -2), (0, 1)))
_unary("chain/transpose_reshape", (2, 3, 4), lambda lib, x: x.transpose(0, 1).reshape(3, 8).t())

_multi("split/int", (7, 3), lambda lib, x: x.split(3))
_multi("split/list", (7, 3), lambda lib, x: lib.split(x, [2, 0, 5]))
_multi("split/dim", (3, 7), lambda lib, x: x.split(2, dim=-1))
_multi("chunk", (7, 3), lambda lib, x: x.chunk(3))
_multi("chunk/more_than_size", (2, 3), lambda lib, x: lib.chunk(x, 5, 1))
_multi("tensor_split", (7, 3), lambda lib, x: lib.tensor_split(x, 3))
_multi("tensor_split/out_of_range_indices", (2, 4), lambda lib, x: lib.tensor_split(x, [1, 9], 1))
_multi("tensor_split/negative_and_decreasing", (2, 4), lambda lib, x: x.tensor_split([0, -1, -1, 3, 1], dim=-1))
_multi("tensor_split/index_tensor", (5, 3), lambda lib, x: lib.tensor_split(x, lib.tensor([-9, 2])))
_multi("unbind", (3, 4), lambda lib, x: x.unbind(1))
_multi("unbind/noncontiguous", (3, 4), lambda lib, x: lib.unbind(x), transposed=True)


@case("shape/cat")
def _cat(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3)), dtype)
    b = leaf(lib, rng.standard_normal((4, 3)), dtype)
    return grads_of(lib, rng, lib.cat([a, b]), [a, b])


@case("shape/cat/negative_dim")
def _cat_neg(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3, 1)), dtype)
    b = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
    return grads_of(lib, rng, lib.cat((a, b), dim=-1), [a, b])


@case("shape/cat/empty")
def _cat_empty(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3)), dtype)
    b = leaf(lib, rng.standard_normal((0, 3)), dtype)
    c = leaf(lib, rng.standard_normal((0,)), dtype)  # the legacy empty 1-d tensor is skipped
    return grads_of(lib, rng, lib.cat([a, b, c]), [a, b, c])


@case("shape/cat/promotion", dtypes=("float64",))
def _cat_promote(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3)), lib.float32)
    b = leaf(lib, rng.integers(0, 5, (1, 3)), lib.int64)
    c = leaf(lib, rng.standard_normal((1, 3)), lib.float64)
    return grads_of(lib, rng, lib.cat([a, b, c]), [a, c])


@case("shape/cat/int_only", dtypes=None)
def _cat_int(lib, rng, dtype):
    a = lib.tensor(rng.integers(0, 5, (2, 2)))
    b = lib.tensor(rng.integers(0, 5, (1, 2)), dtype=lib.int32)
    return {"out": lib.cat([a, b])}


@case("shape/cat/noncontiguous")
def _cat_nc(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 2)), dtype)
    b = leaf(lib, rng.standard_normal((3, 2)), dtype)
    return grads_of(lib, rng, lib.cat([a.t(), b.t()], 1), [a, b])


@case("shape/stack")
def _stack(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3)), dtype)
    b = leaf(lib, rng.standard_normal((2, 3)), dtype)
    return grads_of(lib, rng, lib.stack([a, b], 1), [a, b])


@case("shape/stack/negative_dim")
def _stack_neg(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3)), dtype)
    b = leaf(lib, rng.standard_normal((2, 3)), dtype)
    return grads_of(lib, rng, lib.stack((a, b, a), dim=-1), [a, b])


@case("shape/hstack_vstack")
def _hvstack(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3,)), dtype)
    b = leaf(lib, rng.standard_normal((2,)), dtype)
    c = leaf(lib, rng.standard_normal((2, 3)), dtype)
    out = lib.cat([lib.hstack([a, b]), lib.vstack([a, c]).reshape(-1)])
    return grads_of(lib, rng, out, [a, b, c])


@case("shape/broadcast_tensors")
def _broadcast_tensors(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 1)), dtype)
    b = leaf(lib, rng.standard_normal((4,)), dtype)
    x, y = lib.broadcast_tensors(a, b)
    return grads_of(lib, rng, x * 2 + y * 3, [a, b])


@case("shape/view/inplace_changes_base")
def _view_inplace(lib, rng, dtype):
    """An in-place op on a view writes the base, bumps the shared version counter, and gradients flow as torch."""
    w = leaf(lib, rng.standard_normal((3, 4)), dtype)
    base = w * 1.0
    v = base[1:, ::2].t()
    v.mul_(2.0)
    r = base.view(12)
    r[3:5] += w[0, :2]
    out = grads_of(lib, rng, base * base, [w])
    out["versions"] = (base._version, v._version, r._version)
    out["base"] = base
    return out


@case("shape/view/inplace_leaf_base_no_grad")
def _view_inplace_nograd(lib, rng, dtype):
    x = lib.tensor(rng.standard_normal((2, 3)), dtype=dtype)
    v = x.transpose(0, 1).unsqueeze(0)
    v.add_(1.0)
    x.view(-1)[0] = 5.0
    return {"x": x, "v": v, "version": x._version}


@case("shape/view/noncontiguous", dtypes=None, raises=True)
def _view_impossible(lib, rng, dtype):
    return {"out": lib.zeros(3, 4).t().view(12)}


@case("shape/reshape/bad_size", dtypes=None, raises=True)
def _reshape_bad(lib, rng, dtype):
    return {"out": lib.zeros(3, 4).reshape(5, -1)}


@case("shape/reshape/two_inferred", dtypes=None, raises=True)
def _reshape_two(lib, rng, dtype):
    return {"out": lib.zeros(3, 4).reshape(-1, -1)}


@case("shape/reshape/ambiguous_empty", dtypes=None, raises=True)
def _reshape_ambiguous(lib, rng, dtype):
    return {"out": lib.zeros(0, 4).reshape(-1, 2, 0)}


@case("shape/expand/mismatch", dtypes=None, raises=True)
def _expand_bad(lib, rng, dtype):
    return {"out": lib.zeros(3, 2).expand(3, 4)}


@case("shape/expand/fewer_dims", dtypes=None, raises=True)
def _expand_fewer(lib, rng, dtype):
    return {"out": lib.zeros(3, 2).expand(2)}


@case("shape/permute/wrong_length", dtypes=None, raises=True)
def _permute_bad(lib, rng, dtype):
    return {"out": lib.zeros(3, 2).permute(0)}


@case("shape/permute/duplicate", dtypes=None, raises=True)
def _permute_dup(lib, rng, dtype):
    return {"out": lib.zeros(3, 2).permute(0, 0)}


@case("shape/transpose/dim_out_of_range", dtypes=None, raises=True)
def _transpose_bad(lib, rng, dtype):
    return {"out": lib.zeros(3, 2).transpose(0, 2)}


@case("shape/cat/size_mismatch", dtypes=None, raises=True)
def _cat_bad(lib, rng, dtype):
    return {"out": lib.cat([lib.zeros(2, 3), lib.zeros(2, 4)])}


@case("shape/cat/zero_dim", dtypes=None, raises=True)
def _cat_scalar(lib, rng, dtype):
    return {"out": lib.cat([lib.tensor(1.0), lib.tensor(2.0)])}


@case("shape/stack/size_mismatch", dtypes=None, raises=True)
def _stack_bad(lib, rng, dtype):
    return {"out": lib.stack([lib.zeros(2, 3), lib.zeros(3, 2)])}


@case("shape/split/bad_sizes", dtypes=None, raises=True)
def _split_bad(lib, rng, dtype):
    return {"out": lib.zeros(5).split([2, 2])}


@case("shape/narrow/out_of_range", dtypes=None, raises=True)
def _narrow_bad(lib, rng, dtype):
    return {"out": lib.zeros(5).narrow(0, 3, 3)}


@case("shape/squeeze/dim_out_of_range", dtypes=None, raises=True)
def _squeeze_bad(lib, rng, dtype):
    return {"out": lib.zeros(1, 2).squeeze(2)}


@case("shape/t/3d", dtypes=None, raises=True)
def _t_bad(lib, rng, dtype):
    return {"out": lib.zeros(1, 2, 3).t()}


@case("shape/flatten/bad_order", dtypes=None, raises=True)
def _flatten_bad(lib, rng, dtype):
    return {"out": lib.zeros(1, 2, 3).flatten(2, 1)}


@case("flip/size_one_is_a_copy")
def _flip_copy(lib, rng, dtype):
    """flip always returns a new tensor, also where flipping changes nothing (size-1 dims): an in-place op on the
    result leaves the input alone, and the gradient flows back through the flip."""
    x = leaf(lib, rng.uniform(0.1, 1, (1, 3)), dtype)
    y = x.flip(0)
    y.sigmoid_()
    return dict(grads_of(lib, rng, y, [x]), x=x.detach())
