"""Loss functions, each with torch's ``reduction`` ('none' | 'mean' | 'sum') and legacy size_average/reduce.

Losses on logits go through log_softmax / logsigmoid, so they stay finite for logits of any size. Most losses are
compositions of Tensor ops (autograd gives every gradient, including the target's); binary_cross_entropy is a
Function because torch's gradient is not the derivative of its clamped logs.
"""
import math
import warnings

import numpy

from ... import dtypes as _dt
from ...autograd.function import Function
from ...autograd.grad_mode import is_grad_enabled, no_grad
from ...creation import arange
from ...ops._util import wrap
from ...ops.arguments import warn
from ...ops.elementwise import where
from ...ops.shape import broadcast_tensors
from ...tensor import _type_name
from .activation import log_softmax, logsigmoid, pairwise_distance
from .node_names import as_torch_node

__all__ = ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div", "soft_margin_loss",
           "margin_ranking_loss", "cosine_embedding_loss", "hinge_embedding_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "multilabel_soft_margin_loss", "triplet_margin_loss",
           "triplet_margin_with_distance_loss", "multi_margin_loss", "multilabel_margin_loss"]


# --- reduction ------------------------------------------------------------------------------------------------------
def legacy_reduction(size_average, reduce):
    """The reduction string that the deprecated size_average / reduce flags stand for (with torch's warning)."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = "mean" if size_average and reduce else "sum" if reduce else "none"
    warnings.warn("size_average and reduce args will be deprecated, please use reduction='%s' instead."
                  % reduction, stacklevel=3)
    return reduction


def _reduction(reduction, size_average=None, reduce=None):
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError("%s is not a valid value for reduction" % reduction)
    return reduction


def _reduce(loss, reduction):
    return loss.mean() if reduction == "mean" else loss.sum() if reduction == "sum" else loss


def _warn_size(input, target):
    if tuple(target.shape) != tuple(input.shape):
        warnings.warn("Using a target size (%r) that is different to the input size (%r). This will likely lead to "
                      "incorrect results due to broadcasting. Please ensure they have the same size."
                      % (target.shape, input.shape), stacklevel=3)


def _check_weight_size(weight, input):
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")


def _not_differentiable(name, argument, tensor):
    """torch's kernels without a gradient for some argument refuse it requiring one."""
    if tensor is not None and tensor.requires_grad and is_grad_enabled():
        raise RuntimeError("The function '%s' is not differentiable with respect to argument '%s'. This input "
                           "cannot have requires_grad True." % (name, argument))


def _difference(kernel, input, target):
    a, b = broadcast_tensors(input, target)
    d = a - b
    if not d.dtype.is_floating_point:
        raise NotImplementedError('"%s" not implemented for \'%s\'' % (kernel, _type_name(d.dtype)))
    return d


# --- regression losses --------------------------------------------------------------------------------------------
class MseLoss(Function):
    """(x - t)^2, its mean, or its sum (x and t broadcast); one node, as torch's, whose edges lead to x and t.
    d/dx = 2 (x - t) g (over n, for the mean) and d/dt = -d/dx, each summed back to its operand's shape."""
    _builtin = True

    @staticmethod
    def forward(ctx, input, target, reduction):
        d = _difference("mse_cpu", input, target)
        ctx.save_for_backward(input, target)
        ctx.reduction = reduction
        return _reduce(d * d, reduction)

    @staticmethod
    def backward(ctx, g):
        input, target = ctx.saved_tensors
        d = input - target
        grad = 2 * d * (g / d.numel() if ctx.reduction == "mean" else g)
        return grad if ctx.needs_input_grad[0] else None, -grad if ctx.needs_input_grad[1] else None, None


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    _warn_size(input, target)
    reduction = _reduction(reduction, size_average, reduce)
    if weight is None:
        return MseLoss.apply(input, target, reduction)
    squared = _difference("mse_cpu", input, target) ** 2
    _check_weight_size(weight, input)
    weighted = squared * weight
    return weighted.sum() / weight.sum() if reduction == "mean" else _reduce(weighted, reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    _warn_size(input, target)
    reduction = _reduction(reduction, size_average, reduce)
    absolute = _difference("abs_cpu", input, target).abs()
    if weight is None:
        return _reduce(absolute, reduction)
    _check_weight_size(weight, input)
    weighted = absolute * weight
    return weighted.sum() / weight.sum() if reduction == "mean" else _reduce(weighted, reduction)


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - beta / 2."""
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    if beta == 0:
        return l1_loss(input, target, size_average, reduce, reduction)
    _warn_size(input, target)
    reduction = _reduction(reduction, size_average, reduce)
    d = _difference("smooth_l1_cpu", input, target)
    z = d.abs()
    return as_torch_node(_reduce(where(z < beta, 0.5 * d * d / beta, z - 0.5 * beta), reduction),
                          "SmoothL1LossBackward0")


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta (|d| - delta / 2)."""
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _warn_size(input, target)
    reduction = _reduction(reduction)
    d = _difference("huber_cpu", input, target)
    z = d.abs()
    loss = where(z < delta, 0.5 * d * d, delta * (z - 0.5 * delta))
    if weight is None:
        return as_torch_node(_reduce(loss, reduction), "HuberLossBackward0")
    _check_weight_size(weight, input)
    return _reduce(loss * weight, reduction)


# --- classification losses ----------------------------------------------------------------------------------------
def _check_class_weight(weight, input, n_classes):
    if weight is None:
        return
    if weight.dim() != 1 or weight.numel() != n_classes:
        raise RuntimeError("weight tensor should be defined either for all %d classes or no classes but got weight "
                           "tensor of shape: %s" % (n_classes, list(weight.shape)))
    if weight.dtype is not input.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (_type_name(input.dtype),
                                                                      _type_name(weight.dtype)))


def _check_class_target(input, target):
    """torch's shape and dtype rules for class-index targets; returns the target shaped like the loss."""
    if input.dim() < 1:
        raise ValueError("Expected 1 or more dimensions (got %d)" % input.dim())
    if input.dim() == 1:
        if target.dim() > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if target.dim() == 1 and target.shape[0] != 1:
            raise ValueError("For 1D input, 1D target must have size 1, but got target size: %d" % target.shape[0])
    else:
        batch = target.shape[0] if target.dim() else 0
        if input.shape[0] != batch:
            raise ValueError("Expected input batch_size (%d) to match target batch_size (%d)."
                             % (input.shape[0], batch))
        expected = (input.shape[0],) + tuple(input.shape[2:])
        if input.dim() == 2 and target.dim() != 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if input.dim() == 4 and tuple(target.shape) != expected:
            raise RuntimeError("size mismatch (got input: %s , target: %s" % (list(input.shape), list(target.shape)))
        if tuple(target.shape) != expected:
            raise RuntimeError("Expected target size %s, got %s" % (list(expected), list(target.shape)))
    if target.dtype not in (_dt.int64, _dt.uint8):
        raise RuntimeError("expected target dtype to be Long or Byte, but got %s" % _type_name(target.dtype))
    return target.reshape(()) if input.dim() == 1 else target


def _target_weights(logp, target, weight, ignore_index):
    """The class indices with ignored targets read as 0, and each element's weight w[t] (0 where ignored)."""
    xp, t = logp.xp, target._data
    ignored = t == ignore_index
    safe = xp.where(ignored, 0, t).astype(xp.int64)
    bad = (safe < 0) | (safe >= logp.shape[0 if logp.dim() == 1 else 1])
    if bool(bad.any()):
        raise IndexError("Target %d is out of bounds." % int(safe[bad].reshape(-1)[0]))
    w = xp.logical_not(ignored).astype(logp._data.dtype)
    if weight is not None:
        w *= weight._data.astype(w.dtype)[safe]
    return safe, w


class NllLoss(Function):
    """loss_i = -w[t_i] * logp[i, t_i] (0 where t_i is ignored), reduced; 'mean' divides by the sum of the w[t_i].
    The gradient is linear in g: coefficient * g at each (i, t_i), 0 elsewhere (written with scatter, so it is
    differentiable again)."""
    _builtin = True

    @staticmethod
    def forward(ctx, logp, target, weight, ignore_index, reduction):
        xp, class_dim = logp.xp, 0 if logp.dim() == 1 else 1
        safe, w = _target_weights(logp, target, weight, ignore_index)
        picked = xp.take_along_axis(logp._data, xp.expand_dims(safe, class_dim), class_dim).squeeze(class_dim)
        losses = xp.where(w == 0, 0, -picked * w).astype(w.dtype)  # an ignored -inf must not give NaN
        coefficient = -w
        if reduction == "none":
            out = losses
        elif reduction == "sum":
            out = losses.sum()
        else:
            total = w.sum()
            out = losses.sum() / total  # every target ignored: 0/0, NaN as torch, and no element gets a gradient
            coefficient = coefficient / total if total else coefficient
        ctx.class_dim, ctx.shape, ctx.safe, ctx.coefficient = class_dim, tuple(logp.shape), safe, coefficient
        # kept as torch keeps them, for grad_fn._saved_<name> (autograd/saved.py)
        ctx.save_for_backward(logp, target, weight)
        ctx.ignore_index, ctx.reduction = ignore_index, reduction
        return wrap(xp.asarray(out, dtype=w.dtype))

    @staticmethod
    def backward(ctx, g):
        d = ctx.class_dim
        if not is_grad_enabled():  # no graph of the backward: the same scatter on arrays, without the op calls
            xp = g.xp
            grad = xp.zeros(ctx.shape, dtype=g._data.dtype)
            rows = (ctx.coefficient * g._data).astype(grad.dtype)
            xp.put_along_axis(grad, xp.expand_dims(ctx.safe, d), xp.expand_dims(rows, d), d)
            return wrap(grad), None, None, None, None
        rows = wrap(ctx.coefficient) * g  # g is per element for 'none', a scalar otherwise
        index = wrap(ctx.safe)
        return g.new_zeros(ctx.shape).scatter(d, index.unsqueeze(d), rows.unsqueeze(d)), None, None, None, None


def _weighted_reduce(loss, w, reduction):
    """'mean' divides by the total weight of the non-ignored targets, as torch."""
    return loss.sum() / w.sum() if reduction == "mean" else _reduce(loss, reduction)


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
    reduction = _reduction(reduction, size_average, reduce)
    target = _check_class_target(input, target)
    _check_class_weight(weight, input, input.shape[0 if input.dim() == 1 else 1])
    _not_differentiable("nll_loss_forward", "weight", weight)
    return NllLoss.apply(input, target, weight, ignore_index, reduction)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """log_softmax over the class dim (1, or 0 for an unbatched input), then the negative log likelihood of the
    target class indices, or the cross entropy with target class probabilities of the input's shape."""
    reduction = _reduction(reduction, size_average, reduce)
    if label_smoothing > 1.0:
        raise RuntimeError("label_smoothing must be between 0.0 and 1.0. Got: %g" % label_smoothing)
    if input.dim() == 0:  # torch takes a 0-d pair as class probabilities; either way, there is no class dim
        if target.dim() == 0 and not target.dtype.is_floating_point:
            raise RuntimeError("Expected floating point type for target with class probabilities, got %s"
                               % _type_name(target.dtype))
        raise IndexError("Dimension out of range (expected to be in range of [-1, 0], but got 1): cross_entropy "
                         "of a 0-d input")
    class_dim = 0 if input.dim() == 1 else 1
    n_classes = input.shape[class_dim] if input.dim() else 1
    if input.dim() and tuple(input.shape) == tuple(target.shape):
        return _cross_entropy_probs(input, target, weight, ignore_index, reduction, label_smoothing, class_dim)
    target = _check_class_target(input, target)
    _check_class_weight(weight, input, n_classes)
    _not_differentiable("nll_loss_forward", "weight", weight)
    logp = log_softmax(input, class_dim)
    loss = NllLoss.apply(logp, target, weight, ignore_index, reduction)
    if label_smoothing <= 0:
        return loss
    # the smoothing term: the (weighted) sum of -logp over all classes, with the same reduction
    w = wrap(_target_weights(logp, target, weight, ignore_index)[1])
    weighted_logp = logp if weight is None else logp * _class_shaped(weight, logp, class_dim)
    smooth = (-weighted_logp.sum(class_dim)).masked_fill(target == ignore_index, 0)
    return (1 - label_smoothing) * loss + _weighted_reduce(smooth, w, reduction) * (label_smoothing / n_classes)


def _class_shaped(weight, input, class_dim):
    """weight (C,) shaped to broadcast along input's class dim."""
    return weight.reshape((-1,) + (1,) * (input.dim() - class_dim - 1))


def _cross_entropy_probs(input, target, weight, ignore_index, reduction, label_smoothing, class_dim):
    if not target.dtype.is_floating_point:
        raise RuntimeError("Expected floating point type for target with class probabilities, got %s"
                           % _type_name(target.dtype))
    if ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    n_classes = input.shape[class_dim]
    _check_class_weight(weight, input, n_classes)
    if label_smoothing > 0:
        target = target * (1 - label_smoothing) + label_smoothing / n_classes
    terms = log_softmax(input, class_dim) * target
    if weight is not None:
        terms = terms * _class_shaped(weight, input, class_dim)
    if reduction == "none":
        return -terms.sum(class_dim)
    total = -terms.sum()
    return total / (input.numel() / n_classes) if reduction == "mean" else total


_EPS = float(numpy.float32(1e-12))  # torch's epsilon of bce and cosine_embedding is a float32 constant


class BinaryCrossEntropy(Function):
    """-(t log x + (1 - t) log(1 - x)) with each log clamped at -100; torch's gradient
    g (x - t) / max(x (1 - x), 1e-12) for x and -g logit(x) for t."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, t, w):
        xp = x.xp
        a = x._data
        if bool(xp.any((a < 0) | (a > 1))):
            raise RuntimeError("all elements of input should be between 0 and 1")
        loss = -(t._data * xp.maximum(xp.log(a), -100) + (1 - t._data) * xp.maximum(xp.log1p(-a), -100))
        ctx.save_for_backward(x, t, w)
        return wrap(loss if w is None else loss * w._data)

    @staticmethod
    def backward(ctx, g):
        x, t, w = ctx.saved_tensors
        if w is not None:
            g = g * w
        gx = g * (x - t) / ((1 - x) * x).clamp_min(_EPS) if ctx.needs_input_grad[0] else None
        gt = -g * (x.log() - (-x).log1p()) if ctx.needs_input_grad[1] else None
        return gx, gt, None


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    reduction = _reduction(reduction, size_average, reduce)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError("Using a target size (%r) that is different to the input size (%r) is deprecated. Please "
                         "ensure they have the same size." % (target.shape, input.shape))
    if target.dtype is not input.dtype:
        raise RuntimeError("Found dtype %s but expected %s" % (_type_name(target.dtype), _type_name(input.dtype)))
    _not_differentiable("binary_cross_entropy", "weight", weight)
    if weight is not None:
        weight = weight.expand(tuple(target.shape))
    return as_torch_node(_reduce(BinaryCrossEntropy.apply(input, target, weight), reduction),
                          "BinaryCrossEntropyBackward0")


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction="mean",
                                     pos_weight=None):
    """(1 - t) x - (1 + (pos_weight - 1) t) log sigmoid(x): stable for logits of any size."""
    reduction = _reduction(reduction, size_average, reduce)
    if tuple(target.shape) != tuple(input.shape):
        raise ValueError("Target size (%r) must be the same as input size (%r)" % (target.shape, input.shape))
    if not target.dtype.is_floating_point:
        raise RuntimeError("result type %s can't be cast to the desired output type %s"
                           % (_type_name(input.dtype), _type_name(target.dtype)))
    _not_differentiable("binary_cross_entropy_with_logits", "weight", weight)
    _not_differentiable("binary_cross_entropy_with_logits", "pos_weight", pos_weight)
    log_sig = logsigmoid(input)
    if pos_weight is not None:
        log_sig = log_sig * ((pos_weight - 1) * target + 1)
    loss = (1 - target) * input - log_sig
    if weight is not None:
        loss = loss * weight
    # torch accumulates in place into (1 - target), so the loss has the target's dtype
    return as_torch_node(_reduce(loss.to(target.dtype), reduction), "BinaryCrossEntropyWithLogitsBackward0")


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """target * (log target - input) pointwise; 'batchmean' divides the sum by the batch size."""
    if size_average is not None or reduce is not None:
        reduction = legacy_reduction(size_average, reduce)
    elif reduction == "mean":
        warn("reduction: 'mean' divides the total loss by both the batch size and the support size."
             "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
             "'mean' will be changed to behave the same as 'batchmean' in the next major release.")
    if reduction != "batchmean":
        _reduction(reduction)
    if not (input.dtype.is_floating_point and target.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    loss = target.exp() * (target - input) if log_target else target.xlogy(target) - target * input
    if reduction == "batchmean":
        return loss.sum() / input.shape[0] if input.dim() else loss.sum()
    return _reduce(loss, reduction)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-y x))."""
    reduction = _reduction(reduction, size_average, reduce)
    _not_differentiable("soft_margin_loss", "target", target)
    return as_torch_node(_reduce((-input * target).exp().log1p(), reduction), "SoftMarginLossBackward0")


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """max(0, -y (x1 - x2) + margin)."""
    reduction = _reduction(reduction, size_average, reduce)
    if not input1.dim() == input2.dim() == target.dim():
        raise RuntimeError("margin_ranking_loss : All input tensors should have same dimension but got sizes: "
                           "input1: %r, input2: %r, target: %r " % (input1.shape, input2.shape, target.shape))
    return _reduce((-target * (input1 - input2) + float(margin)).clamp_min(0), reduction)  # margin is a double


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None, reduction="mean"):
    """x where y = 1, max(0, margin - x) where y = -1."""
    reduction = _reduction(reduction, size_average, reduce)
    zero = input.new_zeros(())
    loss = where(target != 1, (margin - input).clamp_min(0), zero) + where(target != -1, input, zero)
    return _reduce(loss, reduction)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None, reduction="mean"):
    """1 - cos(x1, x2) where y = 1, max(0, cos(x1, x2) - margin) where y = -1."""
    reduction = _reduction(reduction, size_average, reduce)
    dim = target.dim()
    if dim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != dim + 1 or input2.dim() != dim + 1:
        raise RuntimeError("%dD target tensor expects %dD input tensors, but found inputs with sizes %s and %s."
                           % (dim, dim + 1, list(input1.shape), list(input2.shape)))
    squares = ((input1 * input1).sum(dim) + _EPS) * ((input2 * input2).sum(dim) + _EPS)
    cos = (input1 * input2).sum(dim) / squares.sqrt()
    zero = cos.new_zeros(())
    loss = where(target == 1, 1 - cos, zero) + where(target == -1, (cos - margin).clamp_min(0), zero)
    return _reduce(loss, reduction)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None,
                     reduction="mean"):
    """exp(x) - t x for log-rate inputs, x - t log(x + eps) for rates; full adds Stirling's term for t > 1."""
    reduction = _reduction(reduction, size_average, reduce)
    loss = input.exp() - target * input if log_input else input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _reduce(loss, reduction)


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 (log var + (x - t)^2 / var), var clamped at eps without changing its gradient."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * input.new_ones(tuple(input.shape))
    elif not hasattr(var, "shape"):
        raise TypeError("gaussian_nll_loss(): var must be a Tensor or a float, not %s" % type(var).__name__)
    elif bool((var < 0).any()):
        raise ValueError("var has negative entry/entries")
    if tuple(var.shape) != tuple(input.shape):
        if tuple(input.shape[:-1]) == tuple(var.shape):
            var = var.unsqueeze(-1)
        elif input.dim() != var.dim() or sum(v for i, v in zip(input.shape, var.shape) if i != v) != 1:
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None, reduction="mean"):
    """The mean over classes of -(t log sigmoid(x) + (1 - t) log sigmoid(-x))."""
    reduction = _reduction(reduction, size_average, reduce)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    return _reduce(loss.sum(class_dim) / input.shape[class_dim], reduction)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False, size_average=None,
                        reduce=None, reduction="mean"):
    """max(0, margin + d(a, p) - d(a, n)) with pairwise distances; swap uses min(d(a, n), d(p, n))."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_margin(margin)
    return _triplet(lambda x, y: pairwise_distance(x, y, p, eps), anchor, positive, negative, margin, swap, reduction)


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None, margin=1.0, swap=False,
                                      reduction="mean"):
    """triplet_margin_loss with any distance d (default: pairwise_distance); margin must be positive."""
    reduction = _reduction(reduction)
    _check_margin(margin)
    distance = distance_function if distance_function is not None else pairwise_distance
    return _triplet(distance, anchor, positive, negative, margin, swap, reduction)


def _check_margin(margin):
    if margin <= 0:
        raise ValueError("margin must be greater than 0, got %s" % margin)


def _triplet(distance, anchor, positive, negative, margin, swap, reduction):
    if not anchor.dim() == positive.dim() == negative.dim():
        raise RuntimeError("The anchor, positive, and negative tensors are expected to have the same number of "
                           "dimensions, but got: anchor %dD, positive %dD, and negative %dD inputs"
                           % (anchor.dim(), positive.dim(), negative.dim()))
    d_pos = distance(anchor, positive)
    d_neg = distance(anchor, negative)
    if swap:
        d_neg = d_neg.minimum(distance(positive, negative))
    return _reduce((margin + d_pos - d_neg).clamp_min(0), reduction)


def _check_nonempty_rows(input):
    """The margin losses take a 0-d input, a non-empty vector or a matrix of non-empty rows (maybe no rows)."""
    if input.dim() > 2 or input.dim() and input.shape[-1] == 0:
        raise RuntimeError("Expected non-empty vector or matrix with optional 0-dim batch size, but got: %s"
                           % list(input.shape))


def _check_long_target(target):
    if target.dtype is not _dt.int64:
        raise RuntimeError("expected scalar type Long but found %s" % _type_name(target.dtype))


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None, reduce=None,
                      reduction="mean"):
    """Per sample: the mean over classes j != y of max(0, margin - x[y] + x[j])^p, times weight[y]."""
    reduction = _reduction(reduction, size_average, reduce)
    if p not in (1, 2):
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    _check_nonempty_rows(input)
    x = input if input.dim() == 2 else input.reshape(1, -1)
    n, n_classes = x.shape
    if input.dim() == 2 and (target.dim() != 1 or target.shape[0] != n) or target.numel() != n:
        raise RuntimeError("multi_margin_loss: target tensor should be 1-D with size equal to the number of input "
                           "samples (batch size). Expected target size [%d], but got %s. Input has shape %s."
                           % (n, list(target.shape), list(input.shape)))
    if weight is not None and weight.numel() != n_classes:
        raise RuntimeError("inconsistent weight size, expected %d but got %s" % (n_classes, list(weight.shape)))
    _check_long_target(target)
    _not_differentiable("multi_margin_loss", "weight", weight)
    t = target.reshape(n)
    if bool(((t < 0) | (t >= n_classes)).any()):
        raise RuntimeError("target out of range")
    # relu, not clamp: no gradient where the margin is met exactly, as in torch
    hinge = (margin - x.gather(1, t.unsqueeze(1)) + x).relu()
    if p == 2:
        hinge = hinge * hinge
    if weight is not None:
        hinge = hinge * weight[t].unsqueeze(1)
    own_class = arange(n_classes, device=x.device) == t.unsqueeze(1)
    loss = hinge.masked_fill(own_class, 0).sum(1) / n_classes
    return as_torch_node(_reduce(loss if input.dim() == 2 else loss.reshape(tuple(target.shape)), reduction),
                          "MultiMarginLossBackward0")


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """Per sample: sum over target classes j and non-target classes k of max(0, 1 - (x[j] - x[k])), over C.
    Each row of target lists class indices up to its first -1."""
    reduction = _reduction(reduction, size_average, reduce)
    _check_nonempty_rows(input)
    if tuple(target.shape) != tuple(input.shape):
        raise RuntimeError("inconsistent target size: %s for input of size: %s"
                           % (list(target.shape), list(input.shape)))
    _check_long_target(target)
    n_classes = input.shape[-1] if input.dim() else 1
    x, y = input.reshape(-1, n_classes), target.reshape(-1, n_classes)
    listed = (y >= 0).long().cumprod(1).bool()  # the entries before the first -1
    if bool((listed & (y >= n_classes)).any()):
        raise RuntimeError("argument #2 'target' is out of range")
    y = y.masked_fill(~listed, 0)
    is_target = ((y.unsqueeze(2) == arange(n_classes, device=x.device)) & listed.unsqueeze(2)).any(1)
    # hinge[n, j, k] = max(0, 1 - x[n, y[n, j]] + x[n, k]) for listed j and non-target k
    hinge = (1 - x.gather(1, y).unsqueeze(2) + x.unsqueeze(1)).relu()
    loss = (hinge * (listed.unsqueeze(2) & ~is_target.unsqueeze(1))).sum((1, 2)) / n_classes
    return as_torch_node(_reduce(loss if input.dim() == 2 else loss.reshape(()), reduction),
                          "MultilabelMarginLossBackward0")
