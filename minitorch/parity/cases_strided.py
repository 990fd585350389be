"""Parity cases for as_strided (its view's values, storage offset and gradient), as_strided_scatter, the slice /
select / diagonal scatters, the split variants, fill_diagonal_, put, index_reduce, the Tensor predicates and
empty_strided: outputs and every input's gradient, plus the errors torch raises."""
from .helpers import grads_of, leaf, values
from .registry import case


def _grad_case(name, fn, *shapes, dtypes=("float64", "float32")):
    """out = fn(lib, *leaves) for random leaves of the given shapes; out and every leaf's gradient compared."""
    @case("strided/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(s), dtype) for s in shapes]
        return grads_of(lib, rng, fn(lib, *leaves), leaves)
    return body


def _error_case(name, fn):
    @case("strided/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


# --- as_strided -------------------------------------------------------------------------------------------------------
_grad_case("as_strided/overlapping_windows", lambda lib, a: lib.as_strided(a, (4, 3), (1, 1)), (6,))
_grad_case("as_strided/of_result", lambda lib, a: (a * 2).as_strided((2, 2), (1, 3), 1), (3, 3))
_grad_case("as_strided/kw_offset", lambda lib, a: lib.as_strided(a, size=(2,), stride=(4,), storage_offset=2), (8,))
_grad_case("as_strided/zero_stride", lambda lib, a: a.as_strided((3, 2), (0, 1)), (2, 2))
_grad_case("as_strided/size1_and_0d", lambda lib, a: a.as_strided((1, 2), (5, 2)).sum() + a.as_strided((), ()), (5,))
_grad_case("as_strided/empty", lambda lib, a: a.as_strided((0, 3), (1, 1)), (4,))
# a slice keeps its storage offset (the default); a transpose addresses its base's storage
_grad_case("as_strided/slice_default_offset", lambda lib, a: a[1:].as_strided((2, 2), (2, 1)), (3, 3))
_grad_case("as_strided/transposed", lambda lib, a: a.mT.as_strided((3, 2), (1, 3)), (2, 3))
_grad_case("as_strided/noncontiguous_slice", lambda lib, a: a[:, ::2].as_strided((2, 3), (2, 3)), (3, 4))
# an input that itself repeats elements: its gradient is divided among the repeats, as torch's AsStridedBackward
_grad_case("as_strided/overlapping_input", lambda lib, a: a.expand(3, 4).as_strided((2, 3), (1, 1)), (4,))
_grad_case("as_strided/chained", lambda lib, a: a.as_strided((4, 2), (1, 1)).as_strided((2, 2), (2, 1), 1), (6,))
_grad_case("as_strided/permuted_result", lambda lib, a: (a.mT * 1).as_strided((2, 2), (1, 2)), (2, 3))


@case("strided/as_strided/storage_offset", dtypes=None)
def _offsets(lib, rng, dtype):
    x = values(lib, rng.standard_normal((3, 4)), lib.float32)
    v = x[1:, 1:].as_strided((2,), (3,))
    w = x.mT[2:]
    return {"plain": x.storage_offset(), "slice": x[1:].storage_offset(), "view": v.storage_offset(),
            "view_stride": v.stride(), "transposed": w.storage_offset(), "transposed_stride": w.stride(),
            "explicit": x.as_strided((2,), (1,), 5).storage_offset(), "values": v, "result": (x * 1).storage_offset(),
            "detached": x[2:].detach().storage_offset(), "ints": lib.arange(10).as_strided((3, 2), (3, 1), 1)}


@case("strided/as_strided/inplace_through_view")
def _write_through(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal(6), dtype)
    b = a * 2
    v = b.as_strided((2, 2), (3, 1), 1)
    v.mul_(3)
    return grads_of(lib, rng, b, [a])


@case("strided/as_strided/base_written_after")
def _base_written(lib, rng, dtype):
    """The base is written in place after the view is taken: the view's gradient sees the new history."""
    a = leaf(lib, rng.standard_normal(6), dtype)
    b = a * 1
    v = b.as_strided((2,), (2,))
    b.mul_(3)
    return grads_of(lib, rng, v * 1, [a])


@case("strided/as_strided/double_backward")
def _double(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal(5), dtype)
    out = a.as_strided((3, 3), (1, 1)) ** 2
    g = grads_of(lib, rng, out, [a], create_graph=True)["grad_0"]
    return grads_of(lib, rng, g, [a])


@case("strided/as_strided_/result")
def _as_strided_inplace(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal(6), dtype)
    n = a * 1
    n.as_strided_((2, 2), (1, 2), 1)
    return {"stride": n.stride(), "offset": n.storage_offset(), **grads_of(lib, rng, n, [a])}


# --- as_strided_scatter -----------------------------------------------------------------------------------------------
_grad_case("as_strided_scatter/plain", lambda lib, a, s: lib.as_strided_scatter(a, s, (2, 2), (1, 3), 1), (3, 3),
           (2, 2))
_grad_case("as_strided_scatter/method", lambda lib, a, s: a.as_strided_scatter(s, (3,), (2,)), (6,), (3,))


@case("strided/as_strided_scatter/layout", dtypes=None)
def _scatter_layout(lib, rng, dtype):
    """The clone keeps a dense input's strides, so the window lands where torch puts it."""
    x = values(lib, rng.standard_normal((3, 3)), lib.float64).mT
    out = lib.as_strided_scatter(x, values(lib, rng.standard_normal(2), lib.float64), (2,), (1,))
    ints = lib.as_strided_scatter(lib.zeros(2, 3, dtype=lib.int64), lib.ones(2, dtype=lib.int64), (2,), (3,), 1)
    return {"out": out, "stride": out.stride(), "ints": ints,
            "sliced": lib.as_strided_scatter(x[:, ::2], values(lib, rng.standard_normal(2), lib.float64), (2,), (2,))}


# --- slice / select / diagonal scatter --------------------------------------------------------------------------------
_grad_case("slice_scatter/dim1_step", lambda lib, a, s: lib.slice_scatter(a, s, 1, 0, 4, 2), (3, 4), (3, 2))
_grad_case("slice_scatter/defaults", lambda lib, a, s: lib.slice_scatter(a, s), (2, 3), (2, 3))
_grad_case("slice_scatter/kw_negative", lambda lib, a, s: a.slice_scatter(s, dim=-1, start=-2), (2, 4), (2, 2))
_grad_case("slice_scatter/empty", lambda lib, a, s: lib.slice_scatter(a, s, 0, 2, 2), (3, 2), (0, 2))
_grad_case("slice_scatter/noncontiguous", lambda lib, a, s: lib.slice_scatter(a.mT, s[:, ::2], 0, 1), (3, 4),
           (3, 6))
_grad_case("select_scatter/plain", lambda lib, a, s: lib.select_scatter(a, s, 0, 1), (3, 4), (4,))
_grad_case("select_scatter/negative", lambda lib, a, s: a.select_scatter(s, -1, -1), (2, 3, 4), (2, 3))
_grad_case("select_scatter/0d_src", lambda lib, a, s: lib.select_scatter(a, s, 0, 2), (3,), ())
_grad_case("diagonal_scatter/plain", lambda lib, a, s: lib.diagonal_scatter(a, s), (3, 3), (3,))
_grad_case("diagonal_scatter/offset", lambda lib, a, s: a.diagonal_scatter(s, 1), (3, 4), (3,))
_grad_case("diagonal_scatter/dims", lambda lib, a, s: lib.diagonal_scatter(a, s, -1, dim1=2, dim2=0), (3, 2, 4),
           (2, 3))


@case("strided/scatters/dtypes", dtypes=None)
def _scatter_dtypes(lib, rng, dtype):
    x = values(lib, rng.standard_normal((3, 3)), lib.float32)
    i = lib.tensor(rng.integers(-5, 5, (3, 3)))
    return {"cast": lib.slice_scatter(x, lib.ones(3, 1, dtype=lib.int64), 1, 1, 2),
            "ints": lib.select_scatter(i, lib.tensor([7, 8, 9]), 1, 0),
            "bool": lib.diagonal_scatter(i > 0, lib.tensor([True, False, True]))}


# --- splits -----------------------------------------------------------------------------------------------------------
def _pieces_case(name, fn, shape):
    @case("strided/" + name)
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal(shape), dtype)
        pieces = fn(lib, a)
        out = {"n": len(pieces)}
        for k, p in enumerate(pieces):
            out.update({"piece_%d" % k: p, "shape_%d" % k: tuple(p.shape)})
        total = sum((p * (k + 1)).sum() for k, p in enumerate(pieces))
        out.update(grads_of(lib, rng, total, [a]))
        return out
    return body


_pieces_case("split_with_sizes/dim0", lambda lib, a: lib.split_with_sizes(a, [1, 3, 0]), (4, 2))
_pieces_case("split_with_sizes/method_dim", lambda lib, a: a.split_with_sizes((2, 1), dim=-1), (2, 3))
_pieces_case("unsafe_split/plain", lambda lib, a: lib.unsafe_split(a, 2), (5, 2))
_pieces_case("unsafe_split/method", lambda lib, a: a.unsafe_split(2, 1), (2, 5))
_pieces_case("unsafe_split_with_sizes/plain", lambda lib, a: lib.unsafe_split_with_sizes(a, [2, 3]), (5,))
_pieces_case("unsafe_chunk/plain", lambda lib, a: lib.unsafe_chunk(a, 3, 1), (2, 7))
_pieces_case("unsafe_chunk/method", lambda lib, a: a.unsafe_chunk(2), (3,))
_pieces_case("hsplit/int", lambda lib, a: lib.hsplit(a, 3), (2, 6))
_pieces_case("hsplit/1d", lambda lib, a: lib.hsplit(a, [1, 3]), (5,))
_pieces_case("hsplit/list_past_end", lambda lib, a: a.hsplit([1, 9]), (2, 4, 2))
_pieces_case("hsplit/negative_and_decreasing", lambda lib, a: lib.hsplit(a, [-2, 5, 1, -9]), (2, 6))
_pieces_case("vsplit/int", lambda lib, a: lib.vsplit(a, 2), (4, 3))
_pieces_case("vsplit/list", lambda lib, a: a.vsplit([3]), (4, 3))
_pieces_case("dsplit/int", lambda lib, a: lib.dsplit(a, 2), (2, 1, 4))
_pieces_case("dsplit/list", lambda lib, a: a.dsplit((1, 1)), (2, 2, 3))


@case("strided/unsafe_split/inplace_allowed")
def _unsafe_inplace(lib, rng, dtype):
    """unsafe_split's pieces may be written in place while they need grad (split's refuse)."""
    a = leaf(lib, rng.standard_normal((4, 2)), dtype)
    first, second = lib.unsafe_split(a * 1, 2)
    first.mul_(2)
    return grads_of(lib, rng, first + second, [a])


# --- fill_diagonal_, put, index_reduce -------------------------------------------------------------------------------
def _fill(lib, a, value=1.5, wrap=False):
    out = a * 1
    out.fill_diagonal_(value, wrap=wrap)
    return out


_grad_case("fill_diagonal_/square", lambda lib, a: _fill(lib, a), (3, 3))
_grad_case("fill_diagonal_/tall", lambda lib, a: _fill(lib, a, -2), (5, 2))
_grad_case("fill_diagonal_/tall_wrap", lambda lib, a: _fill(lib, a, 0, True), (7, 3))
_grad_case("fill_diagonal_/wide_wrap", lambda lib, a: _fill(lib, a, 3, True), (2, 5))
_grad_case("fill_diagonal_/cube", lambda lib, a: _fill(lib, a, 4), (3, 3, 3))
_grad_case("fill_diagonal_/noncontiguous", lambda lib, a: _fill(lib, a.mT), (2, 4))


@case("strided/fill_diagonal_/ints", dtypes=None)
def _fill_ints(lib, rng, dtype):
    x = lib.zeros(4, 3, dtype=lib.int64)
    y = lib.zeros(2, 2, dtype=lib.bool)
    return {"int": x.fill_diagonal_(7, True), "returns_self": x.fill_diagonal_(1) is x, "bool": y.fill_diagonal_(True),
            "float_into_int": lib.zeros(2, 2, dtype=lib.int32).fill_diagonal_(2.7)}


def _index(lib, items):
    return lib.tensor(items, dtype=lib.int64)


_grad_case("put/plain", lambda lib, a, s: lib.put(a, _index(lib, [[0, 5], [-1, 3]]), s), (2, 4), (2, 2))
_grad_case("put/accumulate", lambda lib, a, s: a.put(_index(lib, [1, 1, -8, 2]), s, accumulate=True), (2, 4), (4,))
_grad_case("put/noncontiguous", lambda lib, a, s: lib.put(a.mT, _index(lib, [0, 1]), s, True), (2, 3), (2,))
_grad_case("put/empty_index", lambda lib, a, s: lib.put(a, _index(lib, []), s), (3,), (0,))


@case("strided/put_/inplace")
def _put_inplace(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 2)), dtype)
    s = leaf(lib, rng.standard_normal(3), dtype)
    out = a * 1
    out.put_(_index(lib, [4, 0, 4]), s, accumulate=True)
    ints = lib.arange(6).put_(_index(lib, [1]), lib.tensor([9]))
    return {"ints": ints, **grads_of(lib, rng, out, [a, s])}


def _reduce_case(reduce, include_self):
    def fn(lib, a, s):
        return lib.index_reduce(a, 0, _index(lib, [0, 2, 0, 0]), s, reduce, include_self=include_self)
    _grad_case("index_reduce/%s_%s" % (reduce, "self" if include_self else "noself"), fn, (3, 2), (4, 2))


for _reduce in ("prod", "mean", "amax", "amin"):
    for _self in (True, False):
        _reduce_case(_reduce, _self)

_grad_case("index_reduce/dim1_method", lambda lib, a, s: a.index_reduce(1, _index(lib, [2, 1]), s, "mean"), (2, 3),
           (2, 2))
_grad_case("index_reduce/ties_amax", lambda lib, a, s: lib.index_reduce(a.round(), -1, _index(lib, [0, 0, 1]),
                                                                         s.round(), "amax"), (2, 2), (2, 3))


@case("strided/index_reduce/ints_inplace", dtypes=None)
def _reduce_ints(lib, rng, dtype):
    x = lib.tensor(rng.integers(-4, 5, (3, 2)))
    s = lib.tensor(rng.integers(-4, 5, (2, 2)))
    i32 = lib.tensor([2, 2], dtype=lib.int32)
    return {"mean": x.index_reduce(0, i32, s, "mean"), "prod": lib.index_reduce(x, 0, _index(lib, [1, 0]), s, "prod"),
            "inplace": x.clone().index_reduce_(0, _index(lib, [0, 0]), s, "amin", include_self=False)}


# --- predicates and no-op conversions -------------------------------------------------------------------------------
@case("strided/predicates", dtypes=None)
def _predicates(lib, rng, dtype):
    x = values(lib, rng.standard_normal((2, 3)), lib.float32)
    out = {"nonzero_true": lib.tensor([2.5]).is_nonzero(), "nonzero_false": lib.is_nonzero(lib.tensor([[0]])),
           "nonzero_bool": lib.tensor(True).is_nonzero(), "same_size": lib.is_same_size(x, x.mT.mT),
           "not_same_size": x.is_same_size(x.mT), "cpu": x.is_cpu, "pinned": x.is_pinned(),
           "allclose": x.allclose(x + 1e-9), "allclose_kw": x.allclose(x + 0.1, atol=0.2), "equal": x.equal(x * 1),
           "not_equal": x.equal(x[:1])}
    for name in ("float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool"):
        t = lib.zeros(2, dtype=getattr(lib, name))
        out.update({"signed_" + name: t.is_signed(), "fsigned_" + name: lib.is_signed(t),
                    "complex_" + name: lib.is_complex(t), "mcomplex_" + name: t.is_complex()})
    for name in ("is_conj", "is_neg", "is_inference"):
        out[name] = getattr(lib, name)(x)
        out["method_" + name] = getattr(x, name)()
    for name in ("resolve_conj", "resolve_neg", "conj", "conj_physical"):
        out[name + "_is_self"] = getattr(lib, name)(x) is x and getattr(x, name)() is x
    return out


@case("strided/conversions/grad")
def _conversions_grad(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal(3), dtype)
    return grads_of(lib, rng, a.conj() * a.resolve_neg() + lib.conj_physical(a) + a.resolve_conj(), [a])


@case("strided/share_memory", dtypes=None)
def _share(lib, rng, dtype):
    x = lib.ones(3)
    before = x.is_shared()
    return {"before": before, "returns_self": x.share_memory_() is x, "after": x.is_shared()}


@case("strided/empty_strided", dtypes=None)
def _empty_strided(lib, rng, dtype):
    t = lib.empty_strided((2, 3), (1, 2))
    n = lib.ones(2, dtype=lib.float64).new_empty_strided((3, 2), (4, 1), dtype=lib.int32)
    g = lib.empty_strided([2, 2], [0, 1], dtype=lib.float64, requires_grad=True)
    return {"stride": t.stride(), "shape": tuple(t.shape), "dtype": str(t.dtype), "offset": t.storage_offset(),
            "contiguous": t.is_contiguous(), "new_stride": n.stride(), "new_dtype": str(n.dtype),
            "new_default_dtype": str(lib.ones(1, dtype=lib.int16).new_empty_strided((2,), (1,)).dtype),
            "grad": g.requires_grad, "empty": tuple(lib.empty_strided((0, 2), (2, 1)).shape)}


# --- errors -----------------------------------------------------------------------------------------------------------
def _arange(lib, n=6):
    return lib.arange(float(n))


_error_case("as_strided/length_mismatch", lambda lib: _arange(lib).as_strided((3,), (1, 1)))
_error_case("as_strided/negative_stride", lambda lib: _arange(lib).as_strided((3,), (-1,)))
_error_case("as_strided/negative_offset", lambda lib: lib.as_strided(_arange(lib), (3,), (1,), -1))
_error_case("as_strided/negative_size", lambda lib: _arange(lib).as_strided((-1,), (1,)))
_error_case("as_strided/out_of_bounds", lambda lib: _arange(lib, 12).reshape(3, 4).as_strided((3, 3), (4, 4)))
_error_case("as_strided/offset_out_of_bounds", lambda lib: _arange(lib)[2:].as_strided((5,), (1,)))
_error_case("as_strided/size_not_sequence", lambda lib: _arange(lib).as_strided(3, (1,)))
_error_case("as_strided/leaf_inplace_", lambda lib: _arange(lib).requires_grad_().as_strided_((2,), (1,)))
_error_case("as_strided/leaf_view_inplace", lambda lib: _arange(lib).requires_grad_().as_strided((2,), (2,)).mul_(2))
_error_case("as_strided/write_repeated", lambda lib: _arange(lib).as_strided((3, 2), (0, 1)).add_(1))
_error_case("as_strided_scatter/src_shape", lambda lib: lib.as_strided_scatter(_arange(lib), lib.ones(3), (2,), (1,)))
_error_case("as_strided_scatter/noncontiguous_grad", lambda lib: lib.as_strided_scatter(
    lib.zeros(3, 3).requires_grad_().mT, lib.ones(2), (2,), (1,)))
_error_case("slice_scatter/src_shape", lambda lib: lib.slice_scatter(lib.zeros(3, 3), lib.ones(3, 1), 1, 0, 3, 2))
_error_case("slice_scatter/step0", lambda lib: lib.slice_scatter(lib.zeros(3, 3), lib.ones(3, 2), 1, 0, 3, 0))
_error_case("slice_scatter/dim", lambda lib: lib.slice_scatter(lib.zeros(3, 3), lib.ones(3, 2), 2))
_error_case("select_scatter/src_shape", lambda lib: lib.select_scatter(lib.zeros(3, 3), lib.ones(2), 1, 0))
_error_case("select_scatter/index", lambda lib: lib.select_scatter(lib.zeros(3, 3), lib.ones(3), 1, 5))
_error_case("diagonal_scatter/src_shape", lambda lib: lib.diagonal_scatter(lib.zeros(3, 3), lib.ones(2)))
_error_case("split_with_sizes/sum", lambda lib: lib.split_with_sizes(lib.zeros(5), [2, 2]))
_error_case("hsplit/not_divisible", lambda lib: lib.hsplit(lib.zeros(3, 5), 2))
_error_case("hsplit/0d", lambda lib: lib.hsplit(lib.zeros(()), 2))
_error_case("vsplit/1d", lambda lib: lib.vsplit(lib.zeros(5), 1))
_error_case("vsplit/zero_sections", lambda lib: lib.zeros(4, 2).vsplit(0))
_error_case("dsplit/2d", lambda lib: lib.dsplit(lib.zeros(2, 2), 2))
_error_case("fill_diagonal_/1d", lambda lib: lib.zeros(3).fill_diagonal_(1))
_error_case("fill_diagonal_/unequal", lambda lib: lib.zeros(2, 3, 4).fill_diagonal_(1))
_error_case("fill_diagonal_/leaf", lambda lib: lib.zeros(2, 2).requires_grad_().fill_diagonal_(1))
_error_case("put/int32_index", lambda lib: lib.zeros(6).put(lib.tensor([1, 2], dtype=lib.int32), lib.ones(2)))
_error_case("put/numel", lambda lib: lib.zeros(6).put(_index(lib, [1, 2]), lib.ones(3)))
_error_case("put/dtype", lambda lib: lib.zeros(6).put(_index(lib, [1, 2]), lib.ones(2, dtype=lib.float64)))
_error_case("put/out_of_range", lambda lib: lib.zeros(6).put(_index(lib, [1, 10]), lib.ones(2)))
_error_case("put/negative_out_of_range", lambda lib: lib.zeros(6).put_(_index(lib, [1, -7]), lib.ones(2)))
_error_case("index_reduce/sum", lambda lib: lib.zeros(3, 2).index_reduce(0, _index(lib, [0, 0]), lib.ones(2, 2),
                                                                          "sum"))
_error_case("index_reduce/2d_index", lambda lib: lib.zeros(3, 2).index_reduce(0, _index(lib, [[0, 0]]),
                                                                               lib.ones(2, 2), "prod"))
_error_case("index_reduce/out_of_range", lambda lib: lib.zeros(3, 2).index_reduce(0, _index(lib, [0, 5]),
                                                                                   lib.ones(2, 2), "prod"))
_error_case("index_reduce/dtype", lambda lib: lib.zeros(3, 2).index_reduce(
    0, _index(lib, [0, 1]), lib.ones(2, 2, dtype=lib.float64), "prod"))
_error_case("index_reduce/count", lambda lib: lib.zeros(3, 2).index_reduce(0, _index(lib, [0, 1, 1]), lib.ones(2, 2),
                                                                           "prod"))
_error_case("index_reduce/shape", lambda lib: lib.zeros(3, 2).index_reduce(0, _index(lib, [0, 1]), lib.ones(2, 3),
                                                                           "amax"))
_error_case("is_nonzero/many", lambda lib: lib.ones(2).is_nonzero())
_error_case("is_nonzero/empty", lambda lib: lib.is_nonzero(lib.ones(0)))
_error_case("pin_memory", lambda lib: lib.ones(2).pin_memory())
_error_case("empty_strided/negative_stride", lambda lib: lib.empty_strided((2,), (-1,)))
_error_case("empty_strided/length_mismatch", lambda lib: lib.empty_strided((2, 2), (1,)))
