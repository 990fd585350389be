"""ctc_loss: the negative log likelihood of a target sequence summed over all its CTC alignments.

The target l is extended with blanks, l' = (blank, l1, blank, l2, ..., blank) of length 2S+1. In log space,
alpha[t, s] = logsumexp(alpha[t-1, s], alpha[t-1, s-1], alpha[t-1, s-2] when l'[s] != l'[s-2]) + lp[t, l'[s]],
beta the same recursion run backwards from the last step; both include the step's own emission, so
alpha[t, s] + beta[t, s] - lp[t, l'[s]] is the log probability of passing through (t, s). The recursions loop over
time and are vectorised over the batch and the extended positions.
"""
from ... import dtypes as _dt
from ...autograd.function import Function
from ...ops._util import wrap
from ...ops.elementwise import where
from ...tensor import Tensor, _type_name
from .loss import _reduction

__all__ = ["ctc_loss"]


def _extended(xp, targets, target_lengths, blank):
    """l' (N, 2S+1) with positions past 2*len+1 read as blank, and where the skip s-2 -> s is allowed."""
    n, s_max = targets.shape
    labels = xp.where(xp.arange(s_max) < target_lengths[:, None], targets, blank)
    ext = xp.full((n, 2 * s_max + 1), blank, dtype="int64")
    ext[:, 1::2] = labels
    skip = xp.zeros(ext.shape, dtype=bool)
    skip[:, 3::2] = labels[:, 1:] != labels[:, :-1]  # s odd, s >= 3, a different label two back
    return ext, skip


def _ends(xp, width, target_lengths):
    """(N, 2S+1): the two states an alignment may end in, 2*len and 2*len-1 (only 0 for an empty target)."""
    pos, last = xp.arange(width), 2 * target_lengths[:, None]
    return (pos == last) | (pos == last - 1)


def _shift(xp, a, k, fill):
    """a[:, s - k], fill where s - k is out of range (k > 0 looks back, k < 0 ahead)."""
    out = xp.full(a.shape, fill, dtype=a.dtype)
    if k > 0:
        out[:, k:] = a[:, :-k]
    else:
        out[:, :k] = a[:, -k:]
    return out


def _alpha_beta(xp, lpe, skip, input_lengths, target_lengths):
    """log alpha and log beta, (T, N, 2S+1) each: beta starts at step input_length-1 of each sample and is -inf
    after it."""
    steps, n, width = lpe.shape
    neg_inf = xp.asarray(-xp.inf, dtype=lpe.dtype)
    ends = _ends(xp, width, target_lengths)
    alpha = xp.full(lpe.shape, neg_inf)
    starts = xp.arange(width) < xp.where(target_lengths > 0, 2, 1)[:, None]  # an alignment starts in state 0 or 1
    alpha[0] = xp.where(starts, lpe[0], neg_inf)
    for t in range(1, steps):
        prev = alpha[t - 1]
        two = xp.where(skip, _shift(xp, prev, 2, neg_inf), neg_inf)
        alpha[t] = xp.logaddexp(xp.logaddexp(prev, _shift(xp, prev, 1, neg_inf)), two) + lpe[t]
    beta = xp.full(lpe.shape, neg_inf)
    skip_next = _shift(xp, skip, -2, False)  # may s -> s+2
    for t in range(steps - 1, -1, -1):
        nxt = beta[t + 1] if t + 1 < steps else xp.full((n, width), neg_inf)
        two = xp.where(skip_next, _shift(xp, nxt, -2, neg_inf), neg_inf)
        inner = xp.logaddexp(xp.logaddexp(nxt, _shift(xp, nxt, -1, neg_inf)), two) + lpe[t]
        last = (t == input_lengths - 1)[:, None]
        beta[t] = xp.where(last, xp.where(ends, lpe[t], neg_inf), inner)
    return alpha, beta


class CtcLoss(Function):
    """Per-sample nll (N,). As torch, the gradient for lp[t, c] is exp(lp[t, c]) - sum over s with l'[s] = c of
    exp(alpha + beta + nll - lp), not the plain derivative (which lacks exp(lp)): through a log_softmax both give
    the same logits gradient, as the occupancies sum to 1 at each step. 0 for t >= input_length and, with
    zero_infinity, for an infinite loss (NaN there otherwise)."""
    _builtin = True

    @staticmethod
    def forward(ctx, log_probs, targets, input_lengths, target_lengths, blank, zero_infinity):
        xp = log_probs.xp
        lp = log_probs._data
        steps, n, classes = lp.shape
        ext, skip = _extended(xp, targets, target_lengths, blank)
        lpe = xp.take_along_axis(lp, xp.broadcast_to(ext[None], (steps,) + ext.shape), 2)  # lp[t, n, l'[n, s]]
        alpha, beta = _alpha_beta(xp, lpe, skip, input_lengths, target_lengths)
        last = alpha[xp.maximum(input_lengths - 1, 0), xp.arange(n)]  # (N, 2S+1) at each sample's last step
        final_blank = xp.take_along_axis(last, 2 * target_lengths[:, None], 1)[:, 0]
        final_label = xp.take_along_axis(last, xp.maximum(2 * target_lengths - 1, 0)[:, None], 1)[:, 0]
        nll = -xp.logaddexp(final_blank, xp.where(target_lengths > 0, final_label, -xp.inf))
        nll = xp.where(input_lengths > 0, nll, xp.where(target_lengths > 0, xp.inf, -0.0)).astype(lp.dtype)
        ctx.args = lp, ext, alpha, beta, lpe, nll, input_lengths, target_lengths, blank, zero_infinity
        return wrap(nll)

    @staticmethod
    def backward(ctx, g):
        lp, ext, alpha, beta, lpe, nll, input_lengths, target_lengths, blank, zero_infinity = ctx.args
        xp = g.xp
        steps, n, classes = lp.shape
        visit = xp.exp(alpha + beta + nll[None, :, None] - lpe)  # (T, N, 2S+1): P(through (t, s) | target)
        # torch's kernel assigns (not adds) the two end states' terms at the last step, so a target ending in the
        # blank label keeps only state 2*len-1 there
        rows = xp.nonzero((target_lengths > 0) & (input_lengths > 0)
                          & (ext[xp.arange(n), xp.maximum(2 * target_lengths - 1, 0)] == blank))[0]
        visit[input_lengths[rows] - 1, rows, 2 * target_lengths[rows]] = 0
        one_hot = (ext[..., None] == xp.arange(classes)).astype(lp.dtype)  # (N, 2S+1, C)
        occupancy = xp.matmul(visit.transpose(1, 0, 2), one_hot).transpose(1, 0, 2)  # (T, N, C)
        grad = xp.exp(lp) - occupancy
        infinite = xp.isinf(nll)[None, :, None]
        grad = xp.where(infinite, 0.0 if zero_infinity else xp.nan, grad)
        grad = xp.where((xp.arange(steps)[:, None] < input_lengths[None, :])[..., None], grad, 0.0)
        return wrap(grad.astype(lp.dtype)) * g[None, :, None], None, None, None, None, None


def _lengths(xp, lengths, name):
    """An int64 array from a tensor of integers or a sequence of ints (torch's two overloads)."""
    if isinstance(lengths, Tensor):
        if lengths.dtype not in _dt.INTEGRAL:
            raise RuntimeError("%s must be integral" % name)
        return lengths._data.reshape(-1).astype("int64")
    return xp.asarray([int(v) for v in lengths], dtype="int64")


def _padded_targets(xp, targets, target_lengths, batch):
    """targets as (N, S) whether given padded or concatenated (1-D, batched)."""
    if targets.dim() not in (1, 2):
        raise RuntimeError("Expected 1 to 2 dimensions, but got %d-dimensional tensor for argument #2 'targets' "
                           "(while checking arguments for ctc_loss_allocate_outputs)" % targets.dim())
    data = targets._data.astype("int64")
    longest = int(target_lengths.max()) if batch else 0
    if targets.dim() == 2:
        if targets.shape[0] != batch:
            raise RuntimeError("Expected tensor to have size %d at dimension 0, but got size %d for argument #2 "
                               "'targets' (while checking arguments for ctc_loss_allocate_outputs)"
                               % (batch, targets.shape[0]))
        if targets.shape[1] < longest:
            raise RuntimeError("Expected tensor to have size at least %d at dimension 1, but got size %d for "
                               "argument #2 'targets' (while checking arguments for ctc_loss_allocate_outputs)"
                               % (longest, targets.shape[1]))
        return data
    total = int(target_lengths.sum())
    if targets.shape[0] != total:
        raise RuntimeError("Expected tensor to have size %d at dimension 0, but got size %d for argument #2 "
                           "'targets' (while checking arguments for ctc_loss_allocate_outputs)"
                           % (total, targets.shape[0]))
    starts = xp.cumsum(target_lengths) - target_lengths
    inside = xp.arange(longest) < target_lengths[:, None]
    return data[xp.where(inside, starts[:, None] + xp.arange(longest), 0)]  # past a target's end: read entry 0


def _check_lengths(values, name, high):
    for v in values.tolist():
        if v < 0:
            raise RuntimeError("Expected %s to have value at least 0, but got value %d (while checking arguments for "
                               "ctc_loss_allocate_outputs)" % (name, v))
        if high is not None and v > high:
            raise RuntimeError("Expected %s to have value at most %d, but got value %d (while checking arguments "
                               "for ctc_loss_allocate_outputs)" % (name, high, v))


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean", zero_infinity=False):
    """CTC loss of log_probs (T, N, C), or (T, C) unbatched, against targets padded (N, S) or concatenated (sum of
    target_lengths,). 'mean' divides each loss by its target length (at least 1), then averages over the batch."""
    reduction = _reduction(reduction)
    if isinstance(input_lengths, Tensor) != isinstance(target_lengths, Tensor):
        raise TypeError("ctc_loss() received an invalid combination of arguments - got input_lengths %s and "
                        "target_lengths %s, but expected both Tensors or both tuples of ints"
                        % (type(input_lengths).__name__, type(target_lengths).__name__))
    unbatched = log_probs.dim() == 2
    if unbatched:
        log_probs = log_probs.unsqueeze(1)
        if targets.dim() == 1:
            targets = targets.unsqueeze(0)
    if log_probs.dim() != 3:
        raise RuntimeError("Expected 3-dimensional tensor, but got %d-dimensional tensor for argument #1 'log_probs' "
                           "(while checking arguments for ctc_loss_allocate_outputs)" % log_probs.dim())
    if not log_probs.dtype.is_floating_point:
        raise NotImplementedError('"ctc_loss_cpu" not implemented for \'%s\'' % _type_name(log_probs.dtype))
    xp = log_probs.xp
    il, tl = _lengths(xp, input_lengths, "input_lengths"), _lengths(xp, target_lengths, "target_lengths")
    steps, batch, classes = log_probs.shape
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    if il.shape[0] != batch:
        raise RuntimeError("input_lengths must be of size batch_size")
    if tl.shape[0] != batch:
        raise RuntimeError("target_lengths must be of size batch_size")
    _check_lengths(tl, "target_lengths", None)
    padded = _padded_targets(xp, targets, tl, batch)
    _check_lengths(il, "input_lengths", steps)
    if log_probs.numel() == 0:
        raise RuntimeError("log_probs tensor must not be empty")
    loss = CtcLoss.apply(log_probs, padded, il, tl, blank, zero_infinity)
    if zero_infinity:
        loss = where(loss == float("inf"), 0.0, loss)
    if reduction == "mean":
        loss = (loss / wrap(xp.maximum(tl, 1).astype(log_probs._data.dtype))).mean()
    elif reduction == "sum":
        loss = loss.sum()
    return loss.squeeze(0) if unbatched and reduction == "none" else loss
