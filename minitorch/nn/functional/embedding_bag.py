"""embedding_bag: the rows of a weight matrix picked by index, summed / averaged / maxed within each bag.

Bags are runs of a 1-D index tensor that start at ``offsets`` (or the rows of a 2-D index tensor). Entries equal to
padding_idx are left out of their bag (and out of mean's count); an empty bag gives zeros. With include_last_offset
the offsets are CSR row pointers, bag b = [offsets[b], offsets[b+1]), as documented (torch's CPU kernels disagree on
indices past offsets[-1]: its float32 one drops them, its float64 one adds them to the last bag; here they are
dropped).
"""
from ... import dtypes as _dt
from ...autograd.function import Function
from ...autograd.grad_mode import no_grad
from ...backend import add_at
from ...ops._util import wrap
from ...ops.elementwise import where
from ...ops.index import IndexAccumulate
from ...tensor import Tensor
from .sparse import _renorm_rows

__all__ = ["embedding_bag"]


class _Bags:
    """Where each index goes: bag_of[j] (the last bag starting at or before j), keep[j] (in a bag, before stop, and
    not padding), and each bag's count of kept entries."""

    def __init__(self, xp, indices, starts, stop, padding_idx):
        position = xp.arange(indices.shape[0])
        self.size = starts.shape[0]
        self.bag_of = xp.searchsorted(starts, position, side="right") - 1
        self.keep = (self.bag_of >= 0) & (position < stop) & (indices != padding_idx)
        self.counts = xp.bincount(self.bag_of[self.keep], minlength=self.size)


def _torch_freq_scale(xp, indices, dtype):
    """torch's CPU scale_grad_by_freq for embedding_bag: the k-th smallest distinct index's gradient is divided by
    the count of the k-th entry of the sorted indices (not of that index: torch's kernel indexes the sorted list by
    the unique rank)."""
    distinct, rank = xp.unique(indices, return_inverse=True)
    per_distinct = 1.0 / xp.bincount(indices)[xp.sort(indices)[:distinct.shape[0]]]
    return per_distinct.astype(dtype)[rank.reshape(-1)]


class EmbeddingBagSum(Function):
    """out[b] = sum over the kept j in bag b of coef_j * weight[indices_j], coef_j = psw_j (sum) or 1/count_b
    (mean); d weight[indices_j] += coef_j * g[b] (times torch's frequency scale), d psw_j = g[b] . weight[indices_j]."""
    _builtin = True
    node_name = "EmbeddingBagBackward0"  # torch's one node for every mode

    @staticmethod
    def forward(ctx, weight, psw, indices, bags, mean, scale_grad_by_freq):
        xp = weight.xp
        dt = weight._data.dtype
        coef = bags.keep.astype(dt)
        if psw is not None:
            coef = coef * psw._data
        bag = xp.where(bags.keep, bags.bag_of, 0)
        out = xp.zeros((bags.size, weight.shape[1]), dtype=dt)
        if bags.size:  # (with no bags, no entry is kept)
            if mean:
                coef = coef / xp.maximum(bags.counts, 1)[bag].astype(dt)
            add_at(xp, out, bag, weight._data[indices] * coef[:, None])
        ctx.args = indices, bag, bags.keep, coef, tuple(weight.shape)
        ctx.freq = _torch_freq_scale(xp, indices, dt) if scale_grad_by_freq and indices.size else None
        ctx.save_for_backward(weight if psw is not None else None)
        return wrap(out)

    @staticmethod
    def backward(ctx, g):
        indices, bag, keep, coef, shape = ctx.args
        weight, = ctx.saved_tensors
        per_entry = g[(bag,)] if g.shape[0] else g.new_zeros((bag.shape[0], shape[1]))  # g[b] for each entry j
        scale = coef if ctx.freq is None else coef * ctx.freq
        g_weight = IndexAccumulate.apply(per_entry * Tensor._make(scale[:, None]), (indices,), True, shape)
        g_psw = None
        if weight is not None:  # only the kept entries have a gradient
            g_psw = (per_entry * weight[(indices,)]).sum(1) * Tensor._make(keep.astype(coef.dtype))
        return g_weight, g_psw, None, None, None, None


def _first_max(xp, weight, indices, bags):
    """(B, D) row index of each bag's first maximum per column (0 for an empty bag), and which bags are non-empty."""
    kept = xp.nonzero(bags.keep)[0]
    values = weight._data[indices[kept]]  # (m, D), in input order
    by_value = xp.argsort(-values, axis=0, kind="stable")  # per column: descending, ties in input order
    by_bag = xp.argsort(bags.bag_of[kept][by_value], axis=0, kind="stable")
    ordered = xp.take_along_axis(by_value, by_bag, 0)  # grouped by bag, each group's first entry is its max
    first = xp.cumsum(bags.counts) - bags.counts
    nonempty = bags.counts > 0
    rows = xp.zeros((bags.size, weight.shape[1]), dtype="int64")
    rows[nonempty] = indices[kept][ordered[first[nonempty]]]
    return rows, nonempty


def _padding_index(padding_idx, rows):
    if padding_idx is None:
        return -1
    if not -rows <= padding_idx < rows:
        raise RuntimeError("padding_idx must be within the number of embeddings, -%d through %d, but got %d"
                           % (rows, rows - 1, padding_idx))
    return padding_idx % rows


def _check_index_dtype(t, name):
    if t.dtype not in (_dt.int64, _dt.int32):
        raise RuntimeError("Expected tensor for argument #1 '%s' to have one of the following scalar types: Long, "
                           "Int; but got %s instead (while checking arguments for embedding_bag)" % (name, t.type()))


def _check_arguments(input, weight, offsets, per_sample_weights, mode, scale_grad_by_freq, sparse):
    """torch's checks, in torch's order (its Python wrapper's, then its kernel's)."""
    if per_sample_weights is not None and tuple(input.shape) != tuple(per_sample_weights.shape):
        raise ValueError("embedding_bag: If per_sample_weights (%s) is not None, then it must have the same shape "
                         "as the input (%s)" % (per_sample_weights.shape, input.shape))
    if weight.dim() != 2:
        raise ValueError("weight has to be a 2D Tensor, but got Tensor of dimension %d" % weight.dim())
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of "
                             "fixed length sequences. However, found offsets of type %s" % type(offsets))
        if input.shape[1] == 0:
            raise RuntimeError("step must be nonzero")
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
    else:
        raise ValueError("input has to be 1D or 2D Tensor, but got Tensor of dimension %d" % input.dim())
    if mode == "max":
        if scale_grad_by_freq:
            raise ValueError("max mode does not support scaling the gradient by the frequency")
        if sparse:
            raise ValueError("max mode does not support sparse weights")
    elif mode not in ("sum", "mean"):
        raise ValueError("mode has to be one of sum, mean or max")


def _check_kernel_arguments(input, weight, offsets, per_sample_weights, include_last_offset):
    _check_index_dtype(input, "indices")
    _check_index_dtype(offsets, "offsets")
    if not weight.dtype.is_floating_point:
        raise RuntimeError("Expected tensor for argument #1 'weight' to have one of the following scalar types: "
                           "Half, BFloat16, Float, Double; but got %s instead (while checking arguments for "
                           "embedding_bag)" % weight.type())
    if per_sample_weights is not None and per_sample_weights.dtype is not weight.dtype:
        raise RuntimeError("Expected tensor for argument #1 'weight' to have the same type as tensor for argument "
                           "#1 'per_sample_weights'; but type %s does not equal %s (while checking arguments for "
                           "embedding_bag)" % (weight.type(), per_sample_weights.type()))
    starts, n = offsets._data, input.shape[0]
    if include_last_offset and starts.shape[0] < 1:
        raise RuntimeError("include_last_offset: number of offset should be at least 1")
    if starts.size and int(starts[0]) != 0:
        raise RuntimeError("offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from "
                           "position 0. However, got %d" % int(starts[0]))
    if starts.size and int(starts[-1]) > n:
        raise RuntimeError("offsets[-1] can not be greater than input's length %d but got offsets[-1] of %d"
                           % (n, int(starts[-1])))
    indices = input._data
    bad = (indices < 0) | (indices >= weight.shape[0])
    if bool(bad.any()):
        raise RuntimeError("embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be %d"
                           % int(indices[bad][0]))


def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean",
                  sparse=False, per_sample_weights=None, include_last_offset=False, padding_idx=None):
    """(B, embedding_dim): each bag's rows of weight reduced by mode ('sum' | 'mean' | 'max'). ``sparse`` is
    accepted for compatibility; the weight's gradient is always dense."""
    _check_arguments(input, weight, offsets, per_sample_weights, mode, scale_grad_by_freq, sparse)
    xp = weight.xp
    if input.dim() == 2:
        offsets = wrap(xp.arange(0, input.numel(), input.shape[1], dtype=input._data.dtype))
        input, include_last_offset = input.reshape(-1), False
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    if max_norm is not None:
        with no_grad():
            _renorm_rows(weight, input._data, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError("embedding_bag: per_sample_weights was not None. per_sample_weights is only "
                                  "supported for mode='sum' (got mode='%s'). Please open a feature request on "
                                  "GitHub." % mode)
    _check_kernel_arguments(input, weight, offsets, per_sample_weights, include_last_offset)
    starts = offsets._data.astype("int64")
    stop = input.shape[0]
    if include_last_offset:  # the last offset ends the last bag
        starts, stop = starts[:-1], int(starts[-1])
    indices = input._data.astype("int64")
    bags = _Bags(xp, indices, starts, stop, _padding_index(padding_idx, weight.shape[0]))
    if mode != "max":
        return EmbeddingBagSum.apply(weight, per_sample_weights, indices, bags, mode == "mean", scale_grad_by_freq)
    rows, nonempty = _first_max(xp, weight, indices, bags)
    picked = weight.gather(0, wrap(rows))  # out[b, d] = weight[rows[b, d], d]
    return where(wrap(nonempty[:, None]), picked, 0.0)
