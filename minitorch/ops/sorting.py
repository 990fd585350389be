"""Order statistics: sort/argsort, topk, kthvalue, median, mode, unique, searchsorted/bucketize.

The order is found on the raw array (no gradient); the values are then ``gather``-ed from the input, so every
gradient flows back through gather's scatter to the positions that were picked, as in torch.
"""
from .. import dtypes as _dt
from ..tensor import Tensor, _wrap_dim
from ._util import wrap
from .complex import refuse_complex
from .elementwise import _out
from .index import gather, masked_fill
from .reduce import _named
from .sort_order import RADIX_MIN, tie_ranks, quickselect_position, std_sort_order
from .topk_order import _THRESHOLD, topk_row


def _argsort(x, dim, descending):
    """Stable argsort along dim; descending keeps equal elements in their original order (NaN counts as largest)."""
    xp, a = x.xp, x._data
    if a.ndim == 0:
        return xp.zeros((), dtype="int64")
    if not descending:
        return xp.argsort(a, axis=dim, kind="stable")
    # sorting the reversed array ascending and reversing back orders ties by original position, largest first
    n = a.shape[dim]
    rev = xp.flip(a, axis=dim)
    return xp.flip(n - 1 - xp.argsort(rev, axis=dim, kind="stable"), axis=dim)


def _sort_order(x, dim, descending, stable, radix=True):
    """sort's order: stable, or (stable=False) with equal elements where torch's CPU std::sort leaves them (in the
    rows longer than 16 that hold equal elements; see sort_order.py). On a GPU the order stays stable.
    radix: whether the kernel is torch's sort, which radix-sorts long 1-d integer rows (stably)."""
    order = _argsort(x, dim, descending)
    xp, a = x.xp, x._data
    n = a.shape[dim] if a.ndim else 0
    radix = radix and a.ndim == 1 and not descending and n >= RADIX_MIN and x.dtype.category == _dt.INT
    if stable or n <= _THRESHOLD or radix or xp.__name__ != "numpy":
        return order
    order = xp.moveaxis(order, dim, -1)
    rows = xp.moveaxis(a, dim, -1).reshape(-1, n)
    flat = order.reshape(-1, n).copy()
    ordered = xp.take_along_axis(rows, flat, 1)
    same = ordered[:, 1:] == ordered[:, :-1]
    if x.dtype.is_floating_point:
        same |= xp.isnan(ordered[:, 1:]) & xp.isnan(ordered[:, :-1])
    for r in xp.nonzero(same.any(1))[0].tolist():
        flat[r] = std_sort_order(xp, rows[r], descending)
    return xp.moveaxis(flat.reshape(order.shape), -1, dim)


def _index(array):
    return wrap(array.astype("int64"))


def _outs(name, values, indices, out):
    """The result as torch's named tuple; with ``out=(values, indices)`` written into (and returning) those."""
    if out is not None:
        values, indices = _out(values, out[0]), _out(indices, out[1])
    return _named(name)(values, indices)


def sort(input, dim=-1, descending=False, stable=False, *, out=None):
    refuse_complex(input, " Sort does not support complex dtypes on CPU")
    d = _wrap_dim(dim, input.dim())
    idx = _index(_sort_order(input, d, descending, stable))
    return _outs("sort", gather(input, d, idx) if input.dim() else input.clone(), idx, out)


def argsort(input, dim=-1, descending=False, stable=False):
    refuse_complex(input, " Sort does not support complex dtypes on CPU")
    return _index(_sort_order(input, _wrap_dim(dim, input.dim()), descending, stable))


def msort(input):
    return sort(input, 0).values


def topk(input, k, dim=-1, largest=True, sorted=True, *, out=None):
    refuse_complex(input, " topk does not support complex dtypes on CPU")
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d] if input.dim() else 1
    if k < 0 or k > size:
        raise RuntimeError("selected index k out of range")
    if input.dim() == 0:
        return _named("topk")(input.clone(), wrap(input.xp.zeros((), dtype="int64")))
    idx = _index(_topk_order(input, d, k, largest, sorted))
    return _outs("topk", gather(input, d, idx), idx, out)


def _topk_order(input, d, k, largest, sorted):
    """torch's picks along d: the stable order, except in the rows where ties (or sorted=False's unsorted order)
    make the answer depend on torch's unstable selection, which are replayed (see topk_order.py)."""
    xp, n = input.xp, input.shape[d]
    order = xp.moveaxis(_argsort(input, d, largest), d, -1)
    batch = order.shape[:-1]
    order = order.reshape((-1, n)).copy()
    rows = xp.moveaxis(input._data, d, -1).reshape((-1, n))
    if k >= 2 and k * 64 > n and not sorted:  # nth_element's order of the k, whatever the values
        replay = xp.ones(order.shape[0], dtype=bool)
    else:  # equal neighbours among the first k + 1 in sorted order: which ones, or in which order, is torch's
        head = xp.take_along_axis(rows, order[:, :k + 1], 1)
        same = head[:, 1:] == head[:, :-1]
        if input.dtype.is_floating_point:
            same |= xp.isnan(head[:, 1:]) & xp.isnan(head[:, :-1])
        replay = same.any(1)
    for r in xp.nonzero(replay)[0].tolist():
        order[r, :k] = xp.asarray(topk_row(rows[r].tolist(), k, largest, sorted))
    return xp.moveaxis(order[:, :k].reshape(batch + (k,)), -1, d)


def _kth_position(x, dim, k):
    """Where the k-th smallest (0-based) along dim is, keeping dim (size 1): from the stable order, except in the
    rows where that value has equal copies, where torch's quickselect is replayed (see sort_order.py)."""
    xp, n = x.xp, x.shape[dim]
    order = xp.moveaxis(_argsort(x, dim, False), dim, -1)
    shape = order.shape[:-1] + (1,)
    order = order.reshape(-1, n)
    rows = xp.moveaxis(x._data, dim, -1).reshape(-1, n)
    near = xp.take_along_axis(rows, order[:, max(k - 1, 0):k + 2], 1)
    same = near[:, 1:] == near[:, :-1]
    if x.dtype.is_floating_point:
        same |= xp.isnan(near[:, 1:]) & xp.isnan(near[:, :-1])
    picked = order[:, k].copy()
    if xp.__name__ == "numpy":
        for r in xp.nonzero(same.any(1))[0].tolist():
            picked[r] = quickselect_position(tie_ranks(xp, rows[r], False).tolist(), k)
    return xp.moveaxis(picked.reshape(shape), -1, dim)


def kthvalue(input, k, dim=-1, keepdim=False):
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d] if input.dim() else 1
    if k < 1 or k > size:
        raise RuntimeError("kthvalue(): selected number k out of range for dimension %d" % d)
    if input.dim() == 0:
        return _named("kthvalue")(input.clone(), wrap(input.xp.zeros((), dtype="int64")))
    idx = _index(_kth_position(input, d, k - 1))
    values = gather(input, d, idx)
    if not keepdim:
        values, idx = values.squeeze(d), idx.squeeze(d)
    return _named("kthvalue")(values, idx)


def median(input, dim=None, keepdim=False):
    """The lower of the two middle values for an even count, as torch; NaN (the first one) where a NaN is present."""
    xp = input.xp
    if dim is None:
        flat = input.reshape(-1)
        if flat.numel() == 0:
            return wrap(xp.full((), float("nan"), dtype=input.dtype.np))
        picked = median(flat.detach(), 0).values
        if not input.requires_grad and input._fw_grad is None:  # (a dual tensor's median has a tangent)
            return picked
        # like max(): the gradient is shared evenly by every element equal to the median (NaN equal to NaN)
        ties = (input == picked) | (input.isnan() & picked.isnan())
        share = masked_fill(input, ~ties, 0).sum() / ties.sum()
        return picked + (share - share.detach())
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d] if input.dim() else 1
    if size == 0 or input.dim() == 0:
        r = kthvalue(input, 1, d, keepdim)
        return _named("median")(r.values, r.indices)
    order = _argsort(input, d, False)  # NaNs sort last, in their original order
    a = input._data
    rank = xp.full(a.shape[:d] + (1,) + a.shape[d + 1:], (size + 1) // 2 - 1)
    if a.dtype.kind == "f":
        numbers = (~xp.isnan(a)).sum(axis=d, keepdims=True)
        rank = xp.where(numbers < size, numbers, rank)  # the first NaN's position in sorted order
    idx = _index(xp.take_along_axis(order, rank, axis=d))
    values = gather(input, d, idx)
    if not keepdim:
        values, idx = values.squeeze(d), idx.squeeze(d)
    return _named("median")(values, idx)


def mode(input, dim=-1, keepdim=False):
    """The most frequent value along dim (the smallest among equally frequent ones) and, as torch, the position of
    the last of its copies in the order torch's std::sort leaves them."""
    xp = input.xp
    d = _wrap_dim(dim, input.dim())
    if input.dim() == 0:
        return _named("mode")(input.clone(), wrap(xp.zeros((), dtype="int64")))
    if input.shape[d] == 0:
        raise IndexError("mode(): Expected reduction dim %d to have non-zero size." % d)
    order = xp.moveaxis(_sort_order(input, d, False, False, radix=False), d, -1)
    s = xp.take_along_axis(xp.moveaxis(input._data, d, -1), order, -1)
    # count of each sorted value so far = (position) - (position of its run's start) + 1
    n = s.shape[-1]
    pos = xp.arange(n)
    new_run = xp.ones(s.shape, dtype=bool)
    new_run[..., 1:] = s[..., 1:] != s[..., :-1]
    start = xp.maximum.accumulate(xp.where(new_run, pos, 0), axis=-1)
    best = xp.argmax(pos - start + 1, axis=-1)[..., None]  # the end of the first longest run
    idx = wrap(xp.moveaxis(xp.take_along_axis(order, best, -1).astype("int64"), -1, d))
    values = gather(input, d, idx)
    if not keepdim:
        values, idx = values.squeeze(d), idx.squeeze(d)
    return _named("mode")(values, idx)


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    xp = input.xp
    a = input._data
    if dim is None:
        vals, inv, counts = xp.unique(a.reshape(-1), return_inverse=True, return_counts=True)
        inv = inv.reshape(a.shape)
    else:
        d = _wrap_dim(dim, input.dim())
        vals, inv, counts = xp.unique(a, return_inverse=True, return_counts=True, axis=d)
        inv = inv.reshape(-1)
    return _unique_result(vals, inv, counts, return_inverse, return_counts)


def _unique_result(vals, inv, counts, return_inverse, return_counts):
    out = [wrap(vals)]
    if return_inverse:
        out.append(wrap(inv.astype("int64")))
    if return_counts:
        out.append(wrap(counts.astype("int64")))
    return out[0] if len(out) == 1 else tuple(out)


def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    xp = input.xp
    if dim is None:
        a = input._data.reshape(-1)
        change = a[1:] != a[:-1]
        keep_shape = input._data.shape
    else:
        d = _wrap_dim(dim, input.dim())
        a = xp.moveaxis(input._data, d, 0)
        change = (a[1:] != a[:-1]).any(axis=tuple(range(1, a.ndim)))  # a slice differs from the one before
        keep_shape = None
    starts = xp.concatenate([xp.ones(min(a.shape[0], 1), dtype=bool), change.astype(bool)])
    inv = xp.cumsum(starts) - 1
    vals = a[starts]
    if dim is not None:
        vals = xp.moveaxis(vals, 0, d)
    else:
        inv = inv.reshape(keep_shape)
    first = xp.nonzero(starts)[0]
    counts = xp.diff(xp.concatenate([first, xp.asarray([a.shape[0]])]))
    return _unique_result(vals, inv, counts, return_inverse, return_counts)


def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None, sorter=None):
    """For each value, the number of sequence entries < it (<= it with right=True) along the last dim."""
    xp = sorted_sequence.xp
    right = right or side == "right"
    seq = sorted_sequence._data
    if sorter is not None:
        seq = xp.take_along_axis(seq, sorter._data, axis=-1)
    vals = input._data if isinstance(input, Tensor) else xp.asarray(input, dtype=seq.dtype)
    if seq.ndim == 1:
        out = xp.searchsorted(seq, vals, side="right" if right else "left")
    else:
        if tuple(seq.shape[:-1]) != tuple(vals.shape[:-1]):
            raise RuntimeError("torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
                               "dimensions of boundaries tensor and input value tensor must match, but we got "
                               "boundaries tensor %s and input value tensor %s" % (list(seq.shape), list(vals.shape)))
        below = seq[..., None, :] <= vals[..., :, None] if right else seq[..., None, :] < vals[..., :, None]
        out = below.sum(axis=-1)
    return wrap(xp.asarray(out).astype("int32" if out_int32 else "int64"))


def bucketize(input, boundaries, *, out_int32=False, right=False):
    if boundaries.dim() != 1:
        raise RuntimeError("boundaries tensor must be 1 dimension, but got dim(%d)" % boundaries.dim())
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


FUNCTIONS = ["sort", "argsort", "msort", "topk", "kthvalue", "median", "mode", "unique", "unique_consecutive",
             "searchsorted", "bucketize"]
