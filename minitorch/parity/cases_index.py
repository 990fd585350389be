"""Parity cases for indexing: x[...] reads and writes, gather/scatter, index_select, masked ops, take_along_dim.

Reads are differentiated against a random upstream gradient. Writes (``x[i] = v``) go into a non-leaf copy of a
leaf, so the gradient reaching both the leaf (the positions not overwritten) and the written value is compared.
"""
from .helpers import grads_of, leaf
from .registry import case


def _read(name, shape, index):
    """out = x[index(lib)] for a leaf x of `shape`."""
    @case("index/get/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        return grads_of(lib, rng, x[index(lib)], [x])
    return body


def _long(lib, values):
    return lib.tensor(values, dtype=lib.int64)


_read("int", (3, 4), lambda lib: 1)
_read("negative_int", (3, 4), lambda lib: -1)
_read("int_int", (3, 4), lambda lib: (2, -3))
_read("slice", (5, 4), lambda lib: slice(1, 4))
_read("slice_step", (7, 4), lambda lib: (slice(None, None, 2), slice(1, None, 2)))
_read("slice_out_of_range", (5, 4), lambda lib: slice(3, 100))
_read("slice_empty", (5, 4), lambda lib: slice(4, 2))
_read("slice_negative", (5, 4), lambda lib: (slice(-3, -1), slice(None, -2)))
_read("none", (3, 4), lambda lib: (None, 1, None))
_read("ellipsis", (2, 3, 4), lambda lib: (Ellipsis, 1))
_read("ellipsis_none", (2, 3, 4), lambda lib: (0, Ellipsis, None))
_read("scalar_tensor_index", (3, 4), lambda lib: _long(lib, 2))
_read("long_tensor", (5, 3), lambda lib: _long(lib, [0, 4, -1, 0]))
_read("list", (5, 3), lambda lib: [3, 1, 1])
_read("long_tensor_2d", (5, 3), lambda lib: _long(lib, [[0, 1], [4, 4]]))
_read("two_tensors", (5, 4), lambda lib: (_long(lib, [0, 2, 4]), _long(lib, [1, 1, 3])))
_read("tensors_broadcast", (5, 4), lambda lib: (_long(lib, [[0], [2]]), _long(lib, [1, 3, 3])))
_read("slice_then_tensor", (3, 5, 4), lambda lib: (slice(None), _long(lib, [4, 0, 4])))
_read("tensor_then_slice", (3, 5, 4), lambda lib: (_long(lib, [2, 0]), slice(1, 3)))
# advanced indices separated by a slice: the advanced dimension goes first (NumPy's rule)
_read("tensor_slice_tensor", (3, 5, 4), lambda lib: (_long(lib, [2, 0]), slice(None), _long(lib, [1, 3])))
_read("adjacent_tensors_middle", (2, 3, 5, 4), lambda lib: (slice(None), _long(lib, [2, 0]), _long(lib, [1, 3])))
_read("int_and_tensor", (3, 5, 4), lambda lib: (1, slice(None), _long(lib, [0, 3])))
_read("ellipsis_tensor", (2, 3, 4), lambda lib: (Ellipsis, _long(lib, [3, 0])))
_read("none_and_tensor", (3, 4), lambda lib: (None, _long(lib, [1, 2]), None))
_read("bool_mask", (3, 4), lambda lib: lib.tensor([[True, False, True, True], [False] * 4, [True] * 4]))
_read("bool_mask_rows", (3, 4), lambda lib: lib.tensor([True, False, True]))
_read("bool_mask_with_slice", (3, 4), lambda lib: (slice(None), lib.tensor([False, True, True, False])))
_read("bool_mask_empty", (3, 4), lambda lib: lib.tensor([False, False, False]))
_read("bool_python", (3, 4), lambda lib: True)
_read("bool_list", (3, 4), lambda lib: [True, False, True])


@case("index/get/noncontiguous")
def _get_noncontig(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    return grads_of(lib, rng, x.t()[_long(lib, [1, 1, 3]), 1:], [x])


@case("index/get/duplicate_indices_accumulate")
def _get_dup(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 2)), dtype)
    return grads_of(lib, rng, x[[0, 0, 2, 0]] * 2, [x])


def _write(name, shape, index, value_shape=None, scalar=None):
    """y = x * 1 (a non-leaf), y[index] = v; gradients of y reach x and v."""
    @case("index/set/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        y = x * 1
        if scalar is not None:
            y[index(lib)] = scalar
            return grads_of(lib, rng, y, [x])
        v = leaf(lib, rng.standard_normal(value_shape), dtype)
        y[index(lib)] = v
        out = grads_of(lib, rng, y, [x, v])
        out["version"] = y._version
        return out
    return body


_write("int_scalar", (3, 4), lambda lib: 1, scalar=2.5)
_write("slice_scalar", (3, 4), lambda lib: (slice(None), slice(1, 3)), scalar=-1)
_write("int_tensor", (3, 4), lambda lib: 1, (4,))
_write("slice_broadcast", (3, 4), lambda lib: slice(0, 2), (4,))
_write("slice_broadcast_column", (3, 4), lambda lib: (slice(None), slice(1, 3)), (3, 1))
_write("step", (6, 4), lambda lib: slice(None, None, 2), (3, 4))
_write("ellipsis", (2, 3, 4), lambda lib: (Ellipsis, 0), (2, 3))
_write("long_tensor", (5, 3), lambda lib: _long(lib, [4, 0]), (2, 3))
_write("long_tensor_broadcast", (5, 3), lambda lib: _long(lib, [4, 0]), (3,))
_write("two_tensors", (5, 3), lambda lib: (_long(lib, [4, 0, 1]), _long(lib, [2, 2, 0])), (3,))
_write("bool_mask_scalar", (3, 4), lambda lib: lib.tensor([[True, False] * 2] * 3), scalar=0.0)
_write("bool_mask_values", (3, 4), lambda lib: lib.tensor([True, False, True]), (2, 4))
_write("bool_mask_broadcast", (3, 4), lambda lib: lib.tensor([True, False, True]), (1, 4))
_write("scalar_tensor_value", (3, 4), lambda lib: (0, 1), ())


@case("index/set/leaf_no_grad")
def _set_plain(lib, rng, dtype):
    x = lib.tensor(rng.standard_normal((3, 4)), dtype=dtype)
    x[1] = 5
    x[:, -1] = lib.tensor(rng.standard_normal(3), dtype=lib.float64)  # cast to x's dtype
    x[x > 1] = 0
    return {"x": x, "version": x._version}


@case("index/set/int_tensor", dtypes=None)
def _set_int(lib, rng, dtype):
    x = lib.arange(12).reshape(3, 4)
    x[1, 1:3] = 7.9  # truncated into the integer tensor
    x[[0, 2], [0, 0]] = lib.tensor([-1, -2])
    return {"x": x}


@case("index/set/view_of_nonleaf_flows")
def _set_view(lib, rng, dtype):
    """Writing a slice of a view of y updates y and its history (CopySlices)."""
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    v = leaf(lib, rng.standard_normal((2,)), dtype)
    y = x.sin()
    y.t()[1, 1:3] = v * 2
    return grads_of(lib, rng, y * x, [x, v])


# --- gather / scatter ------------------------------------------------------------------------------------------
@case("index/gather")
def _gather(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    idx = _long(lib, rng.integers(0, 4, (3, 6)))
    return grads_of(lib, rng, lib.gather(x, 1, idx), [x])


@case("index/gather/dim0_smaller_index")
def _gather0(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    idx = _long(lib, rng.integers(-4, 4, (2, 3)) % 4)
    return grads_of(lib, rng, x.gather(0, idx), [x])


@case("index/gather/negative_dim_3d")
def _gather3(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
    idx = _long(lib, rng.integers(0, 4, (2, 3, 2)))
    return grads_of(lib, rng, x.gather(-1, idx), [x])


@case("index/scatter/src")
def _scatter(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 5)), dtype)
    src = leaf(lib, rng.standard_normal((2, 5)), dtype)
    idx = _long(lib, [[0, 1, 2, 0, 1], [2, 0, 1, 1, 2]])  # unique along dim 0 per column: deterministic
    return grads_of(lib, rng, x.scatter(0, idx, src), [x, src])


@case("index/scatter/src_larger_than_index")
def _scatter_big(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 5)), dtype)
    src = leaf(lib, rng.standard_normal((3, 6)), dtype, requires_grad=False)  # torch cannot differentiate src here
    idx = _long(lib, [[4, 0], [1, 3]])
    return grads_of(lib, rng, lib.scatter(x, 1, idx, src), [x])


@case("index/scatter/value")
def _scatter_value(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 5)), dtype)
    idx = _long(lib, [[4, 0], [1, 3], [2, 2]])
    return grads_of(lib, rng, x.scatter(1, idx, -2.0), [x])


@case("index/scatter_add")
def _scatter_add(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 5)), dtype)
    src = leaf(lib, rng.standard_normal((4, 5)), dtype)
    idx = _long(lib, rng.integers(0, 3, (4, 5)))  # duplicates accumulate
    return grads_of(lib, rng, lib.scatter_add(x, 0, idx, src), [x, src])


@case("index/scatter_add_/inplace")
def _scatter_add_inplace(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 5)), dtype)
    src = leaf(lib, rng.standard_normal((3, 2)), dtype)
    y = x * 2
    y.scatter_add_(1, _long(lib, [[0, 0], [4, 1], [2, 4]]), src)
    return grads_of(lib, rng, y, [x, src])


@case("index/scatter_/inplace_value")
def _scatter_inplace(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 5)), dtype)
    y = x * 2
    y.scatter_(1, _long(lib, [[0], [4], [2]]), 1.5)
    return grads_of(lib, rng, y, [x])


@case("index/index_select")
def _index_select(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    return grads_of(lib, rng, lib.index_select(x, 1, _long(lib, [4, 0, 0, 2])), [x])


@case("index/index_select/dim0_negative")
def _index_select0(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    return grads_of(lib, rng, x.index_select(-2, lib.tensor([3, 1], dtype=lib.int32)), [x])


@case("index/masked_fill/scalar")
def _masked_fill(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, x.masked_fill(x.detach() > 0, -1.0), [x])


@case("index/masked_fill/broadcast_mask")
def _masked_fill_b(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.masked_fill(x, lib.tensor([True, False, False, True]), 3), [x])


@case("index/masked_fill/tensor_value")
def _masked_fill_t(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    v = leaf(lib, rng.standard_normal(()), dtype)
    return grads_of(lib, rng, x.masked_fill(x.detach() < 0, v), [x, v])


@case("index/masked_fill_/inplace")
def _masked_fill_inplace(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    y = x.sin()
    y.masked_fill_(x.detach() > 0.5, 0.0)
    return grads_of(lib, rng, y, [x])


@case("index/masked_select")
def _masked_select(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.masked_select(x, x.detach() > 0), [x])


@case("index/masked_select/broadcast")
def _masked_select_b(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 1)), dtype)
    return grads_of(lib, rng, x.masked_select(lib.tensor([[True, False], [False, False], [True, True]])), [x])


@case("index/take_along_dim")
def _take_along(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    idx = _long(lib, rng.integers(0, 4, (3, 5)))
    return grads_of(lib, rng, lib.take_along_dim(x, idx, dim=1), [x])


@case("index/take_along_dim/broadcast")
def _take_along_b(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.take_along_dim(x, _long(lib, [[0, 3]]), dim=1), [x])


@case("index/take_along_dim/flat")
def _take_along_flat(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, x.take_along_dim(_long(lib, [11, 0, 5])), [x])


@case("index/take")
def _take(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.take(x, _long(lib, [[11, 0], [-1, 5]])), [x])


@case("index/index_put/accumulate")
def _index_put(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    v = leaf(lib, rng.standard_normal((3, 3)), dtype)
    return grads_of(lib, rng, x.index_put((_long(lib, [1, 1, 3]),), v, accumulate=True), [x, v])


@case("index/nonzero", dtypes=None)
def _nonzero(lib, rng, dtype):
    x = lib.tensor(rng.integers(0, 2, (3, 4)))
    rows, cols = lib.nonzero(x, as_tuple=True)
    return {"nonzero": x.nonzero(), "rows": rows, "cols": cols, "argwhere": lib.argwhere(x)}


# --- errors ------------------------------------------------------------------------------------------------------
def _error(name, fn):
    @case("index/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


_error("int_out_of_range", lambda lib: lib.zeros(3, 4)[3])
_error("negative_out_of_range", lambda lib: lib.zeros(3, 4)[0, -5])
_error("too_many_indices", lambda lib: lib.zeros(3, 4)[0, 0, 0])
_error("tensor_out_of_range", lambda lib: lib.zeros(3, 4)[_long(lib, [0, 3])])
_error("list_out_of_range", lambda lib: lib.zeros(3, 4)[:, [4]])
_error("float_index", lambda lib: lib.zeros(3, 4)[lib.tensor([0.0])])
_error("mask_shape", lambda lib: lib.zeros(3, 4)[lib.tensor([True, False])])
_error("setitem_shape_mismatch", lambda lib: lib.zeros(3, 4).__setitem__(0, lib.ones(3)))
_error("setitem_out_of_range", lambda lib: lib.zeros(3, 4).__setitem__(5, 1.0))
_error("gather_out_of_range", lambda lib: lib.zeros(3, 4).gather(1, _long(lib, [[4]])))
_error("gather_float_index", lambda lib: lib.zeros(3, 4).gather(1, lib.tensor([[1.0]])))
_error("gather_ndim", lambda lib: lib.zeros(3, 4).gather(1, _long(lib, [1])))
_error("scatter_out_of_range", lambda lib: lib.zeros(3, 4).scatter(0, _long(lib, [[3]]), 1.0))
_error("index_select_out_of_range", lambda lib: lib.zeros(3, 4).index_select(0, _long(lib, [3])))
_error("index_select_2d_index", lambda lib: lib.zeros(3, 4).index_select(0, _long(lib, [[0]])))
_error("masked_fill_float_mask", lambda lib: lib.zeros(3, 4).masked_fill(lib.zeros(3, 4), 1.0))
_error("masked_fill_vector_value", lambda lib: lib.zeros(3, 4).masked_fill(lib.zeros(3, 4) > 0, lib.ones(2)))
_error("leaf_setitem_requires_grad", lambda lib: lib.zeros(3, requires_grad=True).__setitem__(0, 1.0))
