"""torch's other spellings of existing ops: the top-level functional forms (torch.conv2d, torch.dropout(x, p, train),
torch.batch_norm(...), torch.embedding(weight, indices), the losses with an int reduction, ...), torch.pdist, the
top-level in-place forms (torch.exp_(x)), and Tensor aliases and in-place forms (x.arccosh_(), x.cumsum_(0),
x.t_(), ...). Each runs the existing implementation; nothing here computes an op of its own."""
import functools

from .. import dtypes as _dt
from ..autograd.function import Function, Identity
from ..tensor import Tensor, _type_name
from . import elementwise, linalg, reduce, shape
from ._util import wrap
from .math_extra import _PairNorm, triu_indices


def _F():
    """minitorch.nn.functional, imported on first use (nn imports the op families, so not at import time)."""
    from ..nn import functional
    return functional


def _forward(name):
    """torch.<name>(...) as F.<name>(...): the same signature and semantics."""
    def fn(*args, **kwargs):
        return getattr(_F(), name)(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    return fn


# --- functional forms with F's signature ----------------------------------------------------------------------------
SAME_AS_F = ("conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
             "adaptive_avg_pool1d", "pixel_shuffle", "pixel_unshuffle", "channel_shuffle", "prelu",
             "hardshrink", "cosine_similarity", "pairwise_distance", "bilinear", "relu_", "selu_", "celu_",
             "threshold_")
globals().update({name: _forward(name) for name in SAME_AS_F})


# --- pooling: no return_indices; the *_with_indices and adaptive_max forms return (out, indices) ---------------------
def avg_pool1d(input, kernel_size, stride=(), padding=0, ceil_mode=False, count_include_pad=True):
    return _F().avg_pool1d(input, kernel_size, stride or None, padding, ceil_mode, count_include_pad)


def max_pool1d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _F().max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool2d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _F().max_pool2d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool3d(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _F().max_pool3d(input, kernel_size, stride or None, padding, dilation, ceil_mode)


def max_pool1d_with_indices(input, kernel_size, stride=(), padding=0, dilation=1, ceil_mode=False):
    return _F().max_pool1d(input, kernel_size, stride or None, padding, dilation, ceil_mode, return_indices=True)


def adaptive_max_pool1d(input, output_size):
    return _F().adaptive_max_pool1d(input, output_size, return_indices=True)


# --- dropout: (input, p, train), all required; a bad p is torch's RuntimeError here (F's is a ValueError) ----------
def _checked(input, p, train, feature, name):
    if not isinstance(train, bool):
        raise TypeError("%s(): argument 'train' (position 3) must be bool, not %s" % (name, type(train).__name__))
    if p < 0 or p > 1:
        raise RuntimeError("dropout probability has to be between 0 and 1, but got %s" % p)
    if feature and train and 0 < p < 1 and input.dim() < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    return input


def _run_dropout(name, input, p, train, inplace):
    _checked(input, p, train, name.startswith("feature"), name)
    if name == "feature_dropout":  # whole (batch, channel) slices drop together, whatever the spatial dims
        from ..nn.functional.dropout import _channel_mask_shape, _dropout
        return _dropout(input, p, train, inplace, _channel_mask_shape(input, True))
    return getattr(_F(), name)(input, p, train, inplace)


def dropout(input, p, train):
    return _run_dropout("dropout", input, p, train, False)


def alpha_dropout(input, p, train):
    return _run_dropout("alpha_dropout", input, p, train, False)


def feature_alpha_dropout(input, p, train):
    return _run_dropout("feature_alpha_dropout", input, p, train, False)


def feature_dropout(input, p, train):
    return _run_dropout("feature_dropout", input, p, train, False)


def dropout_(input, p, train):
    return _run_dropout("dropout", input, p, train, True)


def alpha_dropout_(input, p, train):
    return _run_dropout("alpha_dropout", input, p, train, True)


def feature_alpha_dropout_(input, p, train):
    return _run_dropout("feature_alpha_dropout", input, p, train, True)


def feature_dropout_(input, p, train):
    return _run_dropout("feature_dropout", input, p, train, True)


# --- normalization: torch's aten argument order ---------------------------------------------------------------------
def _sizes(normalized_shape, name):
    """torch's binding takes only a sequence here (F's Python code also takes an int)."""
    if not isinstance(normalized_shape, (tuple, list)):
        raise TypeError("%s(): argument 'normalized_shape' (position 2) must be tuple of ints, not %s"
                        % (name, type(normalized_shape).__name__))
    return normalized_shape


def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5, cudnn_enable=True):
    return _F().layer_norm(input, _sizes(normalized_shape, "layer_norm"), weight, bias, eps)


def rms_norm(input, normalized_shape, weight=None, eps=None):
    return _F().rms_norm(input, _sizes(normalized_shape, "rms_norm"), weight, eps)


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-5, cudnn_enabled=True):
    return _F().group_norm(input, num_groups, weight, bias, eps)


def batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled):
    return _F().batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)


def instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, cudnn_enabled):
    return _F().instance_norm(input, running_mean, running_var, weight, bias, use_input_stats, momentum, eps)


# --- embedding and padding ------------------------------------------------------------------------------------------
def embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """Rows of weight at indices; a negative padding_idx means no padding row (F's -1 is the last row)."""
    return _F().embedding(indices, weight, padding_idx if padding_idx >= 0 else None,
                          scale_grad_by_freq=scale_grad_by_freq, sparse=sparse)


def constant_pad_nd(input, pad, value=0):
    return _F().pad(input, pad, "constant", value)


# --- activations without F's inplace flag ---------------------------------------------------------------------------
def celu(input, alpha=1.0):
    return _F().celu(input, alpha)


def selu(input):
    return _F().selu(input)


def threshold(input, threshold, value):
    return _F().threshold(input, threshold, value)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    return _F().rrelu(input, lower, upper, training)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    return _F().rrelu_(input, lower, upper, training)


# --- pdist ----------------------------------------------------------------------------------------------------------
class _PdistBackward(Identity):
    """pdist's gradient as a node: torch has no derivative for it, so a double backward raises."""

    @staticmethod
    def backward(ctx, g):
        raise NotImplementedError("the derivative for '_pdist_backward' is not implemented.")


class _Pdist(_PairNorm):
    node_name = "PdistBackward0"

    @staticmethod
    def backward(ctx, g):
        grad, _ = _PairNorm.backward(ctx, g)
        return _PdistBackward.apply(grad), None


def pdist(input, p=2.0):
    """out = ||x_i - x_j||_p for every row pair i < j, in row-major order of (i, j); cdist's gradient."""
    if input.dim() != 2:
        raise RuntimeError("pdist only supports 2D tensors, got: %dD" % input.dim())
    if not input.dtype.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    rows, cols = triu_indices(input.shape[0], input.shape[0], 1, device=input.device)
    return _Pdist.apply(input[rows] - input[cols], float(p))


# --- losses: reduction is an int (1 mean, 2 sum, anything else none). torch's Python binding cannot read the
# schema's default (Mean), so the default is 0: torch.kl_div(x, t) is unreduced
def _reduction(reduction, name):
    if not isinstance(reduction, int) or isinstance(reduction, bool):
        raise TypeError("%s(): argument 'reduction' must be int, not %s" % (name, type(reduction).__name__))
    return {1: "mean", 2: "sum"}.get(reduction, "none")


def kl_div(input, target, reduction=0, log_target=False):
    """Reduction 1 is the plain mean over every element (F's 'mean', without F's warning about it)."""
    from ..nn.functional.loss import _reduce
    how = _reduction(reduction, "kl_div")
    return _reduce(_F().kl_div(input, target, reduction="none", log_target=log_target), how)


def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None, reduction=0):
    """input broadcasts to target's shape (F insists on equal shapes)."""
    how = _reduction(reduction, "binary_cross_entropy_with_logits")
    input = input.expand(tuple(target.shape))
    return _F().binary_cross_entropy_with_logits(input, target, weight, reduction=how, pos_weight=pos_weight)


def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    how = _reduction(reduction, "margin_ranking_loss")
    return _F().margin_ranking_loss(input1, input2, target, margin, reduction=how)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2.0, eps=1e-6, swap=False, reduction=0):
    how = _reduction(reduction, "triplet_margin_loss")
    return _F().triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction=how)


def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    how = _reduction(reduction, "poisson_nll_loss")
    return _F().poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=how)


def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    return _F().hinge_embedding_loss(input, target, margin, reduction=_reduction(reduction, "hinge_embedding_loss"))


def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    how = _reduction(reduction, "cosine_embedding_loss")
    return _F().cosine_embedding_loss(input1, input2, target, margin, reduction=how)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0, zero_infinity=False):
    how = _reduction(reduction, "ctc_loss")
    return _F().ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, how, zero_infinity)


# --- top-level in-place forms: torch.exp_(x) is x.exp_() -------------------------------------------------------------
TOP_LEVEL_INPLACE = (
    "abs_", "acos_", "acosh_", "addmv_", "arccos_", "arccosh_", "arcsin_", "arcsinh_", "arctan_", "arctanh_",
    "as_strided_", "asin_", "asinh_", "atan_", "atanh_", "ceil_", "clamp_", "clamp_max_", "clamp_min_", "clip_",
    "cos_", "cosh_", "detach_", "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fix_", "floor_", "frac_", "i0_",
    "index_put_", "ldexp_", "log10_", "log1p_", "log2_", "log_", "logit_", "nan_to_num_", "neg_", "negative_",
    "reciprocal_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_", "tan_", "tanh_",
    "trunc_", "xlogy_")


def _top_level_inplace(name):
    def fn(input, *args, **kwargs):
        if not isinstance(input, Tensor):
            raise TypeError("%s(): argument 'input' (position 1) must be Tensor, not %s"
                            % (name, type(input).__name__))
        return getattr(Tensor, name)(input, *args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    return fn


globals().update({name: _top_level_inplace(name) for name in TOP_LEVEL_INPLACE})


# --- Tensor aliases and in-place forms ------------------------------------------------------------------------------
def _alias(fn, name):
    """fn under torch's other name (which its argument errors then give)."""
    def alias(*args, **kwargs):
        return fn(*args, **kwargs)
    functools.update_wrapper(alias, fn)
    alias.__name__ = alias.__qualname__ = name
    return alias


arccosh, arcsinh, arctanh = (_alias(elementwise.acosh, "arccosh"), _alias(elementwise.asinh, "arcsinh"),
                             _alias(elementwise.atanh, "arctanh"))


def _without_inplace_derivative(op, name):
    """op for acosh_, asinh_, atanh_: torch has no derivative for these in-place forms, so a backward through one
    raises (the node is torch's <Name>Backward1)."""
    def backward(ctx, g):
        raise NotImplementedError("the derivative for 'inplace version of %s' is not implemented." % name)
    node = type("_%sInplace" % name.capitalize(), (Function,), {
        "_builtin": True, "node_name": name.capitalize() + "Backward1",
        "forward": staticmethod(lambda ctx, x: wrap(op(x.detach())._data)), "backward": staticmethod(backward)})
    return lambda input: node.apply(input)


def _cumulative_inplace(op, name):
    """cumsum_/cumprod_: the result's dtype (dtype=, or self's) must be self's, and a bool self has no kernel."""
    def fn(input, dim, *, dtype=None):
        if dtype is not None and dtype is not input.dtype:
            raise RuntimeError("Bad in-place call: input tensor dtype %s and output tensor dtype %s should match"
                               % (_type_name(input.dtype), _type_name(dtype)))
        if input.dtype is _dt.bool_:
            raise NotImplementedError("\"%s_out_cpu\" not implemented for 'Bool'" % name)
        return op(input, dim, dtype=dtype)
    return fn


_acosh_, _asinh_, _atanh_ = (_without_inplace_derivative(op, op.__name__)
                             for op in (elementwise.acosh, elementwise.asinh, elementwise.atanh))
_INPLACE_ALIASES = {  # name_ -> the out-of-place op it writes back into self
    "absolute_": elementwise.abs, "arccos_": elementwise.acos, "acosh_": _acosh_, "arccosh_": _acosh_,
    "arcsin_": elementwise.asin, "asinh_": _asinh_, "arcsinh_": _asinh_, "arctan_": elementwise.atan,
    "atanh_": _atanh_, "arctanh_": _atanh_, "arctan2_": elementwise.atan2, "greater_": elementwise.gt,
    "greater_equal_": elementwise.ge, "less_": elementwise.lt, "less_equal_": elementwise.le,
    "not_equal_": elementwise.ne, "sgn_": elementwise.sgn, "fix_": elementwise.trunc, "xlogy_": elementwise.xlogy,
    "bitwise_left_shift_": elementwise.bitwise_left_shift, "bitwise_right_shift_": elementwise.bitwise_right_shift,
    "cumsum_": _cumulative_inplace(reduce.cumsum, "cumsum"), "cumprod_": _cumulative_inplace(reduce.cumprod, "cumprod"),
    "addmm_": linalg.addmm, "baddbmm_": linalg.baddbmm, "addmv_": linalg.addmv}


# --- in-place views: self takes the view's shape (and, with autograd, its grad_fn) ----------------------------------
class _TransposeInplace(shape.Permute):
    node_name = "TransposeBackward1"


class _TInplace(shape.Permute):
    node_name = "TBackward1"


class _UnsqueezeInplace(shape.View):
    node_name = "UnsqueezeBackward1"


class _SqueezeInplace(shape.View):
    node_name = "SqueezeBackward3"  # squeeze_(): every size-1 dim


class _SqueezeDimInplace(shape.View):
    node_name = "SqueezeBackward4"


class _SqueezeDimsInplace(shape.View):
    node_name = "SqueezeBackward5"


def _become_view(self, view, op_name, undo):
    """self now is ``view`` (a view of self): its array, and its history and view link when view has them. Views
    taken of self before now were cut from its old layout: they are rebuilt from undo(self), that old layout."""
    self._check_inplace_allowed(op_name)
    self._data = view._data
    self._bump_version(op_name)
    if view.grad_fn is not None:
        self._set_history(view.grad_fn, view._output_nr)
    if self._base is not None:
        self._view_fn = view._view_fn
    else:
        for ref in self._version_counter.views or ():
            old = ref()
            if old is not None and old._base is self:
                old._view_fn = (lambda cut: lambda b: cut(undo(b)))(old._view_fn)
    return self


def transpose_(self, dim0, dim1):
    view = shape.transpose(self, dim0, dim1, _node=_TransposeInplace)
    return _become_view(self, view, "transpose_", lambda b: b.transpose(dim0, dim1))


def swapaxes_(self, axis0, axis1):
    return transpose_(self, axis0, axis1)


def swapdims_(self, dim0, dim1):
    return transpose_(self, dim0, dim1)


def t_(self):
    if self.dim() > 2:
        raise RuntimeError("t_() expects a tensor with <= 2 dimensions, but self is %dD" % self.dim())
    return _become_view(self, shape.transpose(self, 0, -1, _node=_TInplace), "t_", lambda b: b.t())


def _reshaped(self, like, node, op_name):
    """self viewed in the shape of ``like`` (the out-of-place op's result on a detached alias), through node."""
    old_shape = tuple(self.shape)
    view = shape._reshape(self, tuple(like.shape), True, node)
    return _become_view(self, view, op_name, lambda b: b.reshape(old_shape))


def squeeze_(self, dim=None):
    node = (_SqueezeInplace if dim is None else
            _SqueezeDimsInplace if isinstance(dim, (tuple, list)) else _SqueezeDimInplace)
    return _reshaped(self, shape.squeeze(self.detach(), dim), node, "squeeze_")


def unsqueeze_(self, dim):
    return _reshaped(self, shape.unsqueeze(self.detach(), dim), _UnsqueezeInplace, "unsqueeze_")


FUNCTIONAL = SAME_AS_F + (
    "avg_pool1d", "max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices", "adaptive_max_pool1d",
    "dropout", "alpha_dropout", "feature_alpha_dropout", "feature_dropout", "dropout_", "alpha_dropout_",
    "feature_alpha_dropout_", "feature_dropout_", "layer_norm", "rms_norm", "group_norm", "batch_norm",
    "instance_norm", "embedding", "constant_pad_nd", "celu", "selu", "threshold", "rrelu", "rrelu_", "pdist", "kl_div",
    "binary_cross_entropy_with_logits", "margin_ranking_loss", "triplet_margin_loss", "poisson_nll_loss",
    "hinge_embedding_loss", "cosine_embedding_loss", "ctc_loss")
TENSOR_METHODS_OF_FUNCTIONAL = ("prelu", "hardshrink", "relu_")  # the ones torch also has as x.<name>(...)

FUNCTIONS = list(FUNCTIONAL) + list(TOP_LEVEL_INPLACE) + ["arccosh", "arcsinh", "arctanh"]
NOT_METHODS = [name for name in FUNCTIONAL if name not in TENSOR_METHODS_OF_FUNCTIONAL] + list(TOP_LEVEL_INPLACE)
METHODS = dict({name: elementwise._inplace(fn, name) for name, fn in _INPLACE_ALIASES.items()},
               transpose_=transpose_, swapaxes_=swapaxes_, swapdims_=swapdims_, t_=t_, squeeze_=squeeze_,
               unsqueeze_=unsqueeze_)
INPLACE_OF = {}
