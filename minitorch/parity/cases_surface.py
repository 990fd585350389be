"""Parity cases for the rest of the tensor surface: sorting and order statistics, running extrema, diagonals and
triangles, grids and rotations, indexed writes along a dim, scatter_reduce, searchsorted, legacy constructors.

Ties are deliberate where torch defines the winner (stable sort, lower median, cummax's last index, topk's
libstdc++ selection order, scatter_reduce's even split of amax/amin gradients); values are exact small multiples of
0.5 there so both libraries see equal ties.
"""
import numpy as np

from .helpers import grads_of, leaf, values
from .registry import case

TIES = np.array([[2.0, 0.5, 2.0, -1.0, 0.5, 2.0], [1.0, 1.0, 1.0, -3.0, 4.0, 0.5], [0.0, -1.0, 3.5, 3.5, 0.0, 2.0]])


def _flat(result):
    """Tuples of results become separate keys (the registry compares tensors and plain values)."""
    flat = {}
    for key, value in result.items():
        if isinstance(value, (tuple, list)) and value and hasattr(value[0], "shape"):
            flat.update(_flat({"%s_%d" % (key, i): v for i, v in enumerate(value)}))
        else:
            flat[key] = value
    return flat


def _unary(name, make, shape=(3, 5), data=None):
    """out = make(lib, x) for a leaf x; every output tensor is differentiated (index outputs are compared too)."""
    @case("surface/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape) if data is None else data, dtype)
        out = make(lib, x)
        if isinstance(out, tuple):
            result = grads_of(lib, rng, out[0], [x])
            result.update({"extra_%d" % i: o for i, o in enumerate(out[1:])})
            return result
        return grads_of(lib, rng, out, [x])
    return body


_unary("sort", lambda lib, x: tuple(lib.sort(x, dim=1)))
_unary("sort_dim0_descending", lambda lib, x: tuple(x.sort(0, descending=True)))
_unary("sort_stable_ties", lambda lib, x: tuple(lib.sort(x, dim=-1, stable=True)), data=TIES)
_unary("sort_stable_ties_descending", lambda lib, x: tuple(lib.sort(x, descending=True, stable=True)), data=TIES)
_unary("sort_noncontiguous", lambda lib, x: tuple(x.t().sort(stable=True)), data=TIES)
_unary("sort_nan", lambda lib, x: tuple(lib.sort(x, stable=True)), data=np.array([[1.0, np.nan, -2.0, np.nan]]))
_unary("sort_nan_descending", lambda lib, x: tuple(lib.sort(x, descending=True, stable=True)),
       data=np.array([[1.0, np.nan, -2.0, np.nan]]))
_unary("sort_empty", lambda lib, x: tuple(lib.sort(x, dim=0)), shape=(0, 3))
_unary("argsort_ties", lambda lib, x: (x * 1, lib.argsort(x, dim=1, stable=True)), data=TIES)
_unary("argsort_descending_ties", lambda lib, x: (x * 1, x.argsort(descending=True, stable=True)), data=TIES)
_unary("topk", lambda lib, x: tuple(lib.topk(x, 3)))
_unary("topk_smallest_dim0", lambda lib, x: tuple(x.topk(2, dim=0, largest=False)))
_unary("topk_k0", lambda lib, x: tuple(x.topk(0)))
_unary("topk_unsorted", lambda lib, x: tuple(x.topk(4, sorted=False)), shape=(3, 9))
_unary("topk_unsorted_smallest_dim0", lambda lib, x: tuple(x.topk(5, 0, largest=False, sorted=False)), shape=(7, 3))


@case("surface/topk_ties")
def _topk_ties(lib, rng, dtype):
    """Torch's picks among equal values (its unstable selection, not the lowest index) for the nth_element (k * 64
    > n) and partial_sort (k * 64 <= n) paths, largest and smallest, sorted or not, along several dims, with NaNs."""
    small = lib.tensor(rng.integers(0, 3, (3, 4, 11)), dtype=dtype)
    wide = lib.tensor(rng.integers(0, 4, (2, 200)), dtype=dtype)
    nan = lib.tensor(np.where(rng.random((4, 9)) < 0.3, np.nan, rng.integers(0, 2, (4, 9))), dtype=dtype)
    out = {}
    for largest in (True, False):
        for sorted_ in (True, False):
            key = "%s_%s_" % (largest, sorted_)
            for name, x, k, dim in (("last", small, 5, -1), ("dim0", small, 2, 0), ("dim1", small, 3, 1),
                                    ("k1", small, 1, -1), ("partial", wide, 3, 1), ("nan", nan, 4, 1)):
                out[key + name] = tuple(x.topk(k, dim, largest=largest, sorted=sorted_))
    return _flat(out)


_unary("kthvalue", lambda lib, x: tuple(lib.kthvalue(x, 2, 1)))
_unary("kthvalue_keepdim_dim0", lambda lib, x: tuple(x.kthvalue(3, 0, keepdim=True)))
_unary("median_all_odd", lambda lib, x: x.median())
_unary("median_all_even", lambda lib, x: x.median(), shape=(2, 4))
_unary("median_dim_even", lambda lib, x: tuple(lib.median(x, 1)), shape=(3, 6))
_unary("median_dim_odd_keepdim", lambda lib, x: tuple(x.median(0, keepdim=True)), shape=(5, 2))
_unary("mode", lambda lib, x: tuple(lib.mode(x, 1)), data=TIES)
_unary("mode_dim0", lambda lib, x: tuple(x.mode(0)), data=np.array([[1.0, 2.0], [1.0, 3.0], [2.0, 3.0]]))
_unary("cumprod", lambda lib, x: lib.cumprod(x, 1))
_unary("cummax", lambda lib, x: tuple(lib.cummax(x, 1)))
_unary("cummax_ties", lambda lib, x: tuple(x.cummax(1)), data=TIES)
_unary("cummin_ties_dim0", lambda lib, x: tuple(x.cummin(0)), data=TIES)
_unary("logcumsumexp", lambda lib, x: lib.logcumsumexp(x, 1))
_unary("logcumsumexp_large", lambda lib, x: x.logcumsumexp(0), data=np.array([[800.0, -5.0], [1.0, 900.0]]))
_unary("std_mean", lambda lib, x: lib.std_mean(x, 1))
_unary("var_mean_correction0", lambda lib, x: lib.var_mean(x, dim=0, correction=0, keepdim=True))
_unary("diagonal", lambda lib, x: lib.diagonal(x))
_unary("diagonal_offset", lambda lib, x: x.diagonal(2))
_unary("diagonal_negative_offset", lambda lib, x: x.diagonal(-1))
_unary("diagonal_3d_dims", lambda lib, x: lib.diagonal(x, 1, 2, 0), shape=(3, 2, 4))
_unary("diag_vector", lambda lib, x: lib.diag(x), shape=(4,))
_unary("diag_vector_offset", lambda lib, x: lib.diag(x, -2), shape=(3,))
_unary("diag_matrix", lambda lib, x: x.diag(1), shape=(3, 4))
_unary("diag_embed", lambda lib, x: lib.diag_embed(x), shape=(2, 3))
_unary("diag_embed_dims", lambda lib, x: lib.diag_embed(x, 1, 0, 2), shape=(2, 3))
_unary("tril", lambda lib, x: lib.tril(x), shape=(4, 5))
_unary("triu_offset", lambda lib, x: x.triu(1), shape=(2, 4, 3))
_unary("tril_negative", lambda lib, x: x.tril(-1), shape=(4, 3))
_unary("trace", lambda lib, x: lib.trace(x), shape=(3, 5))
_unary("roll", lambda lib, x: lib.roll(x, (1, -2), (0, 1)))
_unary("rot90", lambda lib, x: lib.rot90(x))
_unary("rot90_k2", lambda lib, x: x.rot90(2, [1, 0]))
_unary("rot90_k3_3d", lambda lib, x: x.rot90(-1, (0, 2)), shape=(2, 3, 4))
_unary("tile", lambda lib, x: lib.tile(x, (2, 1, 2)))
_unary("movedim", lambda lib, x: lib.movedim(x, (0, 1), (2, 0)), shape=(2, 3, 4))
_unary("narrow", lambda lib, x: x.narrow(1, 1, 3))
_unary("unfold", lambda lib, x: x.unfold(1, 2, 1))
_unary("unfold_step", lambda lib, x: x.unfold(0, 2, 3), shape=(7, 2))
_unary("take", lambda lib, x: lib.take(x, lib.tensor([[0, 14], [3, 3]])))


@case("surface/meshgrid", dtypes=("float64",))
def _meshgrid(lib, rng, dtype):
    a, b, c = (leaf(lib, rng.standard_normal(n), dtype) for n in (2, 3, 4))
    out = {}
    for indexing in ("ij", "xy"):
        grids = lib.meshgrid(a, b, c, indexing=indexing)
        total = sum((g * (i + 1)).sum() for i, g in enumerate(grids))
        out[indexing] = grids
        out["grad_" + indexing] = lib.autograd.grad(total, [a, b, c])
    return _flat(out)


def _write(name, make, shape=(4, 3), src_shape=(2, 3)):
    """out = make(lib, x, s) for leaves x, s: the gradient reaching both is compared."""
    @case("surface/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        s = leaf(lib, rng.standard_normal(src_shape), dtype)
        return grads_of(lib, rng, make(lib, x, s), [x, s])
    return body


def _long(lib, v):
    return lib.tensor(v, dtype=lib.int64)


_write("index_add", lambda lib, x, s: x.index_add(0, _long(lib, [3, 3]), s, alpha=2))
_write("index_add_dim1", lambda lib, x, s: lib.index_add(x, 1, _long(lib, [0, 2]), s), src_shape=(4, 2))
_write("index_copy", lambda lib, x, s: x.index_copy(0, _long(lib, [1, 3]), s))
_write("index_put_accumulate", lambda lib, x, s: x.index_put((_long(lib, [0, 0]),), s, accumulate=True))
_write("masked_scatter", lambda lib, x, s: x.masked_scatter(lib.tensor([[True, False, True]] * 3 + [[False] * 3]), s),
       src_shape=(9,))
_write("masked_scatter_broadcast", lambda lib, x, s: lib.masked_scatter(x, lib.tensor([False, True, True]), s),
       src_shape=(3, 3))
_write("index_fill", lambda lib, x, s: x.index_fill(1, _long(lib, [0, 2]), -1.5) + s.sum())
for _reduce in ("sum", "mean", "amax", "amin", "prod"):
    for _self in (True, False):
        _write("scatter_reduce_%s_%s" % (_reduce, "self" if _self else "noself"),
               lambda lib, x, s, r=_reduce, i=_self: x.scatter_reduce(
                   0, _long(lib, [[0, 1, 0], [0, 1, 3]]), s, r, include_self=i))


@case("surface/scatter_reduce_amax_ties")
def _scatter_ties(lib, rng, dtype):
    x = leaf(lib, [[1.0, 2.0], [0.0, 0.0]], dtype)
    s = leaf(lib, [[1.0, 2.0], [1.0, -1.0], [1.0, 2.0]], dtype)
    index = _long(lib, [[0, 0], [0, 1], [0, 0]])
    out = {}
    for r in ("amax", "amin"):
        for include_self in (True, False):
            y = x.scatter_reduce(0, index, s, r, include_self=include_self)
            key = "%s_%s" % (r, include_self)
            out[key] = y
            out["grad_" + key] = lib.autograd.grad((y * lib.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=y.dtype)).sum(),
                                                   [x, s])
    return _flat(out)


@case("surface/scatter_reduce_prod_zeros")
def _scatter_prod(lib, rng, dtype):
    """Zeros among a position's factors: one in src, two in src, one in self, one in each; gradients as torch's
    (the product of the others, never a division by the zero)."""
    x = leaf(lib, [[2.0, 0.0, 1.5, 0.0], [3.0, -1.0, 0.5, 2.0], [0.0, 4.0, 1.0, 2.0]], dtype)
    s = leaf(lib, [[0.0, 2.0, 0.0, 0.0], [1.5, 3.0, 0.0, 2.0], [2.0, -1.0, 3.0, 0.0]], dtype)
    index = _long(lib, [[0, 0, 0, 0], [0, 0, 0, 1], [2, 0, 2, 2]])
    out = {}
    for include_self in (True, False):
        y = x.scatter_reduce(0, index, s, "prod", include_self=include_self)
        out[str(include_self)] = y
        out["grad_%s" % include_self] = lib.autograd.grad((y * lib.tensor(rng.standard_normal((3, 4)), dtype=dtype))
                                                          .sum(), [x, s])
    return _flat(out)


@case("surface/unique", dtypes=None)
def _unique(lib, rng, dtype):
    x = lib.tensor([[3, 1, 3], [0, 1, 3], [3, 1, 3]])
    return _flat({"plain": lib.unique(x), "all": lib.unique(x, return_inverse=True, return_counts=True),
            "dim0": x.unique(dim=0, return_inverse=True, return_counts=True),
            "dim1": lib.unique(x, dim=1, return_counts=True),
            "float": lib.unique(lib.tensor([2.5, -1.0, 2.5])),
            "consecutive": lib.unique_consecutive(lib.tensor([1, 1, 2, 2, 3, 1, 1]), return_inverse=True,
                                                  return_counts=True),
            "consecutive_dim": x.unique_consecutive(dim=0, return_counts=True)})


@case("surface/searchsorted", dtypes=None)
def _searchsorted(lib, rng, dtype):
    seq = lib.tensor([1.0, 3.0, 3.0, 5.0])
    seq2 = lib.tensor([[1.0, 3.0, 5.0], [2.0, 2.0, 8.0]])
    v = lib.tensor([[3.0, 0.0, 6.0], [2.0, 8.0, 9.0]])
    return {"left": lib.searchsorted(seq, v), "right": lib.searchsorted(seq, v, right=True),
            "side": lib.searchsorted(seq2, v, side="right"), "batched": lib.searchsorted(seq2, v),
            "int32": lib.searchsorted(seq, v, out_int32=True), "scalar": lib.searchsorted(seq, 3.0),
            "bucketize": lib.bucketize(v, seq), "bucketize_right": lib.bucketize(v, seq, right=True)}


@case("surface/int_sort_topk", dtypes=None)
def _int_sort(lib, rng, dtype):
    x = lib.tensor([[3, -1, 3, 7], [0, 0, 2, -5]], dtype=lib.int32)
    return _flat({"sort": tuple(x.sort(stable=True)), "desc": tuple(x.sort(descending=True, stable=True)),
            "topk": x.topk(2, largest=False).values, "median": x.median(), "mode": tuple(x.mode()),
            "cummax": tuple(x.cummax(1)), "kth": tuple(x.kthvalue(2)), "b": tuple(lib.tensor([True, False]).sort())})


@case("surface/legacy_constructors", dtypes=None)
def _legacy(lib, rng, dtype):
    out = {name: getattr(lib, name)([1, 0, 2]) for name in
           ("FloatTensor", "DoubleTensor", "LongTensor", "IntTensor", "BoolTensor", "ByteTensor")}
    out["sized"] = lib.FloatTensor(2, 3).zero_()
    out["isinstance"] = [isinstance(lib.zeros(2), lib.FloatTensor), isinstance(lib.zeros(2), lib.LongTensor),
                         isinstance(lib.tensor([1]), lib.LongTensor)]
    return out


@case("surface/inplace_variants")
def _inplace(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    s = leaf(lib, rng.standard_normal((2, 3)), dtype)
    y = x * 1
    y.index_add_(0, _long(lib, [1, 1]), s).index_fill_(1, _long(lib, [2]), 0.5).tril_(1)
    y.masked_scatter_(lib.tensor([True, False, False]), s).index_copy_(0, _long(lib, [0]), s[:1]).triu_(-1)
    y.scatter_reduce_(0, _long(lib, [[3, 0, 3], [3, 1, 0]]), s * 2, "amax", include_self=False)
    return grads_of(lib, rng, y, [x, s])


NANS = np.array([[1.0, np.nan, 3.0, np.nan], [1.0, 2.0, 0.0, -1.0], [np.nan, 0.5, 0.5, 2.0]])
_unary("median_nan_dim", lambda lib, x: tuple(x.median(1)), data=NANS)
_unary("median_nan_all", lambda lib, x: x.median(), data=NANS)
_unary("median_ties_even", lambda lib, x: tuple(x.median(1)), data=np.array([[2.0, 1.0, 2.0, 1.0], [1.0] * 4]))


@case("surface/logcumsumexp_integer_raises", dtypes=None, raises=True)
def _lcse_int(lib, rng, dtype):
    return lib.arange(3).logcumsumexp(0)


@case("surface/topk_out_of_range_raises", dtypes=None, raises=True)
def _topk_raises(lib, rng, dtype):
    return lib.ones(3).topk(4)
_unary("median_all_ties", lambda lib, x: x.median(), data=np.array([[2.0, 1.0, 2.0], [1.0, 3.0, 2.0]]))


@case("surface/diagonal_is_a_view")
def _diagonal_view(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    y = x * 1
    y.diagonal(1).mul_(3)
    z = lib.zeros(2, 3, 3, dtype=dtype)
    z.diagonal(0, 1, 2).fill_(1.5)
    result = grads_of(lib, rng, y, [x])
    result["z"] = z
    return result
_unary("unfold_overlapping_3d", lambda lib, x: x.unfold(1, 3, 2) * 1, shape=(2, 7, 3))
_unary("unfold_noncontiguous", lambda lib, x: x.t().unfold(0, 2, 1), shape=(3, 5))


@case("surface/unfold_is_a_view")
def _unfold_view(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 6)), dtype)
    y = x * 1
    y.unfold(1, 2, 2).mul_(2)
    return grads_of(lib, rng, y, [x])
