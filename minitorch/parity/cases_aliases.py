"""Parity cases for torch's other spellings of existing ops (ops/aliases.py): the top-level functional forms with
torch's aten signatures, pdist, the top-level in-place forms, and the Tensor aliases and in-place forms."""
from .helpers import grads_of, leaf, values
from .registry import case


def _grad_case(name, fn, *shapes, transposed=(), dtypes=("float64", "float32")):
    """out = fn(lib, *operands) for random leaves; indices in `transposed` are fed as a (non-contiguous) .mT."""
    @case("aliases/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(tuple(s[:-2]) + tuple(s[-2:][::-1]) if i in transposed else s),
                       dtype) for i, s in enumerate(shapes)]
        ops = [t.mT if i in transposed else t for i, t in enumerate(leaves)]
        out = fn(lib, *ops)
        if isinstance(out, tuple):  # (values, indices): the gradient flows through the values
            return dict(grads_of(lib, rng, out[0], leaves), indices=out[1])
        return grads_of(lib, rng, out, leaves)
    return body


def _raises(name, fn):
    @case("aliases/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return fn(lib)
    return body


# --- convolutions ---
_grad_case("conv1d", lambda lib, x, w, b: lib.conv1d(x, w, b, 2, 1), (2, 3, 9), (4, 3, 3), (4,))
_grad_case("conv1d/keywords", lambda lib, x, w: lib.conv1d(x, w, stride=1, padding="same", dilation=2, groups=1),
           (2, 3, 9), (4, 3, 3))
_grad_case("conv2d", lambda lib, x, w, b: lib.conv2d(x, w, b, (1, 2), (1, 0)), (2, 4, 6, 5), (6, 4, 3, 3), (6,))
_grad_case("conv2d/groups", lambda lib, x, w: lib.conv2d(x, w, groups=2), (1, 4, 5, 5), (4, 2, 2, 2))
_grad_case("conv2d/noncontiguous", lambda lib, x, w: lib.conv2d(x, w), (1, 2, 5, 6), (3, 2, 2, 2), transposed=(0,))
_grad_case("conv3d", lambda lib, x, w, b: lib.conv3d(x, w, b, padding=1), (1, 2, 4, 4, 3), (3, 2, 2, 2, 2), (3,))
_grad_case("conv_transpose1d", lambda lib, x, w, b: lib.conv_transpose1d(x, w, b, 2, 1, 1), (2, 3, 5), (3, 2, 3),
           (2,))
_grad_case("conv_transpose2d", lambda lib, x, w: lib.conv_transpose2d(x, w, stride=2, groups=1, dilation=1),
           (1, 2, 3, 4), (2, 3, 2, 2))
_grad_case("conv_transpose3d", lambda lib, x, w: lib.conv_transpose3d(x, w, None, 1, 0, 0, 1, 2),
           (1, 2, 3, 3, 2), (2, 1, 2, 2, 2))
_raises("conv2d/bad_channels", lambda lib: lib.conv2d(lib.ones(1, 3, 4, 4), lib.ones(2, 2, 1, 1)))
_raises("conv2d/not_tensor", lambda lib: lib.conv2d("x", lib.ones(2, 2, 1, 1)))


@case("aliases/conv2d/not_method", dtypes=None)
def _conv_not_method(lib, rng, dtype):
    return {"conv2d": hasattr(lib.Tensor, "conv2d"), "dropout": hasattr(lib.Tensor, "dropout"),
            "embedding": hasattr(lib.Tensor, "embedding"), "prelu": hasattr(lib.Tensor, "prelu"),
            "hardshrink": hasattr(lib.Tensor, "hardshrink"), "pdist": hasattr(lib.Tensor, "pdist"),
            "kl_div": hasattr(lib.Tensor, "kl_div")}


# --- pooling ---
_grad_case("avg_pool1d", lambda lib, x: lib.avg_pool1d(x, 3), (2, 3, 8))
_grad_case("avg_pool1d/all_args", lambda lib, x: lib.avg_pool1d(x, 3, 2, 1, True, False), (2, 3, 8))
_grad_case("max_pool1d", lambda lib, x: lib.max_pool1d(x, 2), (2, 3, 7))
_grad_case("max_pool1d/all_args", lambda lib, x: lib.max_pool1d(x, 3, 2, 1, 2, True), (2, 3, 9))
_grad_case("max_pool2d", lambda lib, x: lib.max_pool2d(x, (2, 3), stride=1), (2, 2, 5, 6))
_grad_case("max_pool2d/noncontiguous", lambda lib, x: lib.max_pool2d(x, 2, ceil_mode=True), (1, 2, 5, 5),
           transposed=(0,))
_grad_case("max_pool3d", lambda lib, x: lib.max_pool3d(x, 2, padding=1), (1, 2, 4, 3, 4))
_grad_case("max_pool1d_with_indices", lambda lib, x: lib.max_pool1d_with_indices(x, 3, 1), (2, 3, 7))
_grad_case("adaptive_avg_pool1d", lambda lib, x: lib.adaptive_avg_pool1d(x, 3), (2, 3, 8))
_grad_case("adaptive_max_pool1d", lambda lib, x: lib.adaptive_max_pool1d(x, 4), (2, 3, 9))
_grad_case("adaptive_max_pool1d/unbatched", lambda lib, x: lib.adaptive_max_pool1d(x, (2,)), (3, 5))
_raises("max_pool2d/no_return_indices", lambda lib: lib.max_pool2d(lib.ones(1, 1, 4, 4), 2, return_indices=True))
_raises("max_pool1d/kernel_too_big", lambda lib: lib.max_pool1d(lib.ones(1, 1, 2), 3))


# --- dropout: deterministic settings (train=False, p=0, p=1) and shapes ---
_grad_case("dropout/not_train", lambda lib, x: lib.dropout(x, 0.5, False), (3, 4))
_grad_case("dropout/p0", lambda lib, x: lib.dropout(x, 0.0, True), (3, 4))
_grad_case("dropout/p1", lambda lib, x: lib.dropout(x, 1.0, True), (3, 4))
_grad_case("alpha_dropout/not_train", lambda lib, x: lib.alpha_dropout(x, 0.3, False), (3, 4))
_grad_case("alpha_dropout/p1", lambda lib, x: lib.alpha_dropout(x, 1.0, True), (3, 4))
_grad_case("feature_alpha_dropout/not_train", lambda lib, x: lib.feature_alpha_dropout(x, 0.3, False), (2, 3, 4))
_grad_case("feature_alpha_dropout/p1", lambda lib, x: lib.feature_alpha_dropout(x, 1.0, True), (2, 3, 4))
_grad_case("feature_dropout/not_train", lambda lib, x: lib.feature_dropout(x, 0.3, False), (2, 3, 4))
_grad_case("feature_dropout/p1", lambda lib, x: lib.feature_dropout(x, 1.0, True), (2, 3, 4))
_raises("dropout/missing_train", lambda lib: lib.dropout(lib.ones(3), 0.5))
_raises("dropout/int_train", lambda lib: lib.dropout(lib.ones(3), 0.5, 1))
_raises("feature_dropout/none_train", lambda lib: lib.feature_dropout(lib.ones(2, 3), 0.5, None))
_raises("dropout/no_inplace_keyword", lambda lib: lib.dropout(lib.ones(3), 0.5, False, inplace=True))
_raises("dropout/bad_p", lambda lib: lib.dropout(lib.ones(3), 1.5, True))
_raises("dropout/bad_p_not_train", lambda lib: lib.dropout(lib.ones(3), 1.5, False))
_raises("alpha_dropout/negative_p", lambda lib: lib.alpha_dropout(lib.ones(3), -0.5, True))
_raises("feature_dropout/1d", lambda lib: lib.feature_dropout(lib.ones(3), 0.5, True))
_raises("feature_alpha_dropout/1d", lambda lib: lib.feature_alpha_dropout(lib.ones(3), 0.5, True))
_grad_case("feature_dropout/1d_not_train", lambda lib, x: lib.feature_dropout(x, 0.5, False), (3,))
_grad_case("feature_dropout/1d_p1", lambda lib, x: lib.feature_dropout(x, 1.0, True), (3,))


def _inplace_dropout_case(name, p, train):
    @case("aliases/%s/inplace_p%s_%s" % (name, p, train))
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
        y = x * 1
        out = getattr(lib, name)(y, p, train)
        return dict(grads_of(lib, rng, y, [x]), same=out is y)
    return body


for _name in ("dropout_", "alpha_dropout_", "feature_alpha_dropout_", "feature_dropout_"):
    for _p, _train in ((0.5, False), (1.0, True)):
        _inplace_dropout_case(_name, _p, _train)


# --- normalization ---
_grad_case("layer_norm", lambda lib, x, w, b: lib.layer_norm(x, (4,), w, b), (2, 3, 4), (4,), (4,))
_grad_case("layer_norm/all_args", lambda lib, x: lib.layer_norm(x, [3, 4], None, None, 1e-3, False), (2, 3, 4))
_grad_case("group_norm", lambda lib, x, w, b: lib.group_norm(x, 2, w, b, 1e-5, True), (2, 4, 3), (4,), (4,))
_grad_case("rms_norm", lambda lib, x, w: lib.rms_norm(x, (4,), w, 1e-6), (2, 3, 4), (4,))
_grad_case("rms_norm/noncontiguous", lambda lib, x: lib.rms_norm(x, [3]), (2, 3), transposed=(0,))


def _norm_stats_case(name, training):
    @case("aliases/%s/training_%s" % (name, training))
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
        w, b = leaf(lib, rng.standard_normal(3), dtype), leaf(lib, rng.standard_normal(3), dtype)
        mean, var = values(lib, rng.standard_normal(3), dtype), values(lib, rng.random(3) + 0.5, dtype)
        out = getattr(lib, name)(x, w, b, mean, var, training, 0.2, 1e-5, True)
        return dict(grads_of(lib, rng, out, [x, w, b]), running_mean=mean, running_var=var)
    return body


for _name in ("batch_norm", "instance_norm"):
    for _training in (True, False):
        _norm_stats_case(_name, _training)
_grad_case("batch_norm/no_stats", lambda lib, x: lib.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, False),
           (4, 3))
_grad_case("instance_norm/no_stats",
           lambda lib, x: lib.instance_norm(x, None, None, None, None, True, 0.1, 1e-5, False), (2, 3, 5))
_raises("batch_norm/missing_args", lambda lib: lib.batch_norm(lib.ones(2, 3), None, None, None, None))
_raises("layer_norm/bad_shape", lambda lib: lib.layer_norm(lib.ones(2, 3), (4,)))
_raises("layer_norm/int_shape", lambda lib: lib.layer_norm(lib.ones(2, 3), 3))
_raises("rms_norm/int_shape", lambda lib: lib.rms_norm(lib.ones(2, 3), 3))
_grad_case("layer_norm/size_object", lambda lib, x: lib.layer_norm(x, x.shape[1:]), (2, 3))


# --- embedding: (weight, indices) ---
@case("aliases/embedding")
def _embedding(lib, rng, dtype):
    w = leaf(lib, rng.standard_normal((5, 3)), dtype)
    idx = lib.tensor([[0, 4, 1], [4, 4, 2]])
    return {"default": grads_of(lib, rng, lib.embedding(w, idx), [w])["grad_0"],
            "padding": grads_of(lib, rng, lib.embedding(w, idx, 4), [w])["grad_0"],
            "negative_padding": grads_of(lib, rng, lib.embedding(w, idx, -2), [w])["grad_0"],
            "freq": grads_of(lib, rng, lib.embedding(w, idx, scale_grad_by_freq=True), [w])["grad_0"],
            "out": lib.embedding(w, idx, 1, False, False)}


_raises("embedding/float_indices", lambda lib: lib.embedding(lib.ones(3, 2), lib.ones(2)))
_raises("embedding/out_of_range", lambda lib: lib.embedding(lib.ones(3, 2), lib.tensor([3])))


# --- padding, pixel and channel shuffles ---
_grad_case("constant_pad_nd", lambda lib, x: lib.constant_pad_nd(x, (1, 2)), (2, 3))
_grad_case("constant_pad_nd/value_negative", lambda lib, x: lib.constant_pad_nd(x, [1, -1, 0, 2], 1.5), (2, 3, 4))
_raises("constant_pad_nd/odd", lambda lib: lib.constant_pad_nd(lib.ones(2, 3), (1,)))
_grad_case("pixel_shuffle", lambda lib, x: lib.pixel_shuffle(x, 2), (1, 8, 2, 3))
_grad_case("pixel_unshuffle", lambda lib, x: lib.pixel_unshuffle(x, 2), (1, 2, 4, 6))
_grad_case("channel_shuffle", lambda lib, x: lib.channel_shuffle(x, 2), (2, 4, 3))
_raises("pixel_shuffle/indivisible", lambda lib: lib.pixel_shuffle(lib.ones(1, 3, 2, 2), 2))


# --- activations ---
_grad_case("celu", lambda lib, x: lib.celu(x), (3, 4))
_grad_case("celu/alpha", lambda lib, x: lib.celu(x, alpha=0.5), (3, 4))
_grad_case("selu", lambda lib, x: lib.selu(x), (3, 4))
_grad_case("prelu", lambda lib, x, w: lib.prelu(x, w), (2, 3, 4), (3,))
_grad_case("prelu/method", lambda lib, x, w: x.prelu(w), (2, 3), (1,))
_grad_case("rrelu/eval", lambda lib, x: lib.rrelu(x), (3, 4))
_grad_case("rrelu/bounds", lambda lib, x: lib.rrelu(x, 0.2, 0.4, False, None), (3, 4))
_grad_case("threshold", lambda lib, x: lib.threshold(x, 0.1, -2.0), (3, 4))
_grad_case("hardshrink", lambda lib, x: lib.hardshrink(x), (3, 4))
_grad_case("hardshrink/method", lambda lib, x: x.hardshrink(lambd=0.3), (3, 4), transposed=(0,))
_raises("selu/extra_arg", lambda lib: lib.selu(lib.ones(2), True))
_raises("threshold/missing_value", lambda lib: lib.threshold(lib.ones(2), 0.5))


def _inplace_activation_case(name, *args):
    @case("aliases/%s" % name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal((3, 4)), dtype)
        y = x * 1
        out = getattr(lib, name)(y, *args)
        return dict(grads_of(lib, rng, y, [x]), same=out is y)
    return body


_inplace_activation_case("relu_")
_inplace_activation_case("selu_")
_inplace_activation_case("celu_", 1.0)
_inplace_activation_case("threshold_", 0.2, 5.0)
_inplace_activation_case("rrelu_")
_raises("relu_/leaf", lambda lib: lib.relu_(lib.ones(2, requires_grad=True)))


# --- distances ---
_grad_case("cosine_similarity", lambda lib, a, b: lib.cosine_similarity(a, b), (3, 4), (3, 4))
_grad_case("cosine_similarity/broadcast_dim", lambda lib, a, b: lib.cosine_similarity(a, b, 0, 1e-6), (4, 3), (4, 1))
_grad_case("pairwise_distance", lambda lib, a, b: lib.pairwise_distance(a, b), (3, 4), (3, 4))
_grad_case("pairwise_distance/p1_keepdim", lambda lib, a, b: lib.pairwise_distance(a, b, 1.0, 1e-6, True), (3, 4),
           (1, 4))
_grad_case("pdist", lambda lib, x: lib.pdist(x), (5, 3))
_grad_case("pdist/p1", lambda lib, x: lib.pdist(x, 1), (4, 3))
_grad_case("pdist/p3", lambda lib, x: lib.pdist(x, p=3.0), (4, 3))
_grad_case("pdist/pinf", lambda lib, x: lib.pdist(x, float("inf")), (4, 3))
_grad_case("pdist/p0", lambda lib, x: lib.pdist(x, 0), (4, 3))
_grad_case("pdist/one_row", lambda lib, x: lib.pdist(x), (1, 3))
_grad_case("pdist/empty_cols", lambda lib, x: lib.pdist(x), (3, 0))
_grad_case("pdist/noncontiguous", lambda lib, x: lib.pdist(x), (4, 3), transposed=(0,))


@case("aliases/pdist/equal_rows")
def _pdist_equal_rows(lib, rng, dtype):
    base = rng.standard_normal((2, 3))
    x = leaf(lib, base[[0, 1, 0]], dtype)
    out = lib.pdist(x)
    return dict(grads_of(lib, rng, out, [x]), node=type(out.grad_fn).__name__)


@case("aliases/pdist/double_backward", dtypes=None, raises=True)
def _pdist_double_backward(lib, rng, dtype):
    """torch has no second derivative of pdist."""
    x = leaf(lib, rng.standard_normal((4, 3)))
    (g,) = lib.autograd.grad(lib.pdist(x, 3.0).sum(), x, create_graph=True)
    return grads_of(lib, rng, g, [x])


@case("aliases/pdist/create_graph")
def _pdist_create_graph(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    (g,) = lib.autograd.grad(lib.pdist(x).sum(), x, create_graph=True)
    return {"grad": g, "requires_grad": g.requires_grad}


_raises("pdist/3d", lambda lib: lib.pdist(lib.ones(2, 3, 4)))
_raises("pdist/negative_p", lambda lib: lib.pdist(lib.ones(2, 3), -1.0))
_raises("pdist/int", lambda lib: lib.pdist(lib.ones(2, 3, dtype=lib.int64)))


# --- bilinear ---
_grad_case("bilinear", lambda lib, a, b, w, c: lib.bilinear(a, b, w, c), (4, 3), (4, 2), (5, 3, 2), (5,))
_grad_case("bilinear/no_bias", lambda lib, a, b, w: lib.bilinear(a, b, w), (2, 4, 3), (2, 4, 2), (1, 3, 2))
_raises("bilinear/bad_weight", lambda lib: lib.bilinear(lib.ones(2, 3), lib.ones(2, 2), lib.ones(1, 2, 2)))


# --- losses with an int reduction ---
def _loss_case(name, fn, *shapes):
    for reduction in (0, 1, 2):
        _grad_case("%s/reduction%d" % (name, reduction), lambda lib, *xs, r=reduction: fn(lib, r, *xs), *shapes)


def _sign(x):
    return (x > 0).to(x.dtype) * 2 - 1


_loss_case("kl_div", lambda lib, r, x, t: lib.kl_div(x, t.exp(), r), (3, 4), (3, 4))
_grad_case("kl_div/log_target", lambda lib, x, t: lib.kl_div(x, t, 2, log_target=True), (3, 4), (3, 4))
_loss_case("binary_cross_entropy_with_logits",
           lambda lib, r, x, t: lib.binary_cross_entropy_with_logits(x, t.sigmoid(), None, None, r), (3, 4), (3, 4))
_grad_case("binary_cross_entropy_with_logits/weights",
           lambda lib, x, t, w, pw: lib.binary_cross_entropy_with_logits(x, t.sigmoid(), w.detach(),
                                                                         pos_weight=pw.detach().abs(), reduction=1),
           (3, 4), (3, 4), (1, 4), (4,))


@case("aliases/binary_cross_entropy_with_logits/broadcast_input")
def _bce_broadcast(lib, rng, dtype):
    """input broadcasts to target's shape (torch's backward to such an input fails: values only)."""
    x, t = values(lib, rng.standard_normal(4), dtype), values(lib, rng.random((3, 4)), dtype)
    return {"none": lib.binary_cross_entropy_with_logits(x, t), "sum": lib.binary_cross_entropy_with_logits(
        x, t, reduction=2)}



_raises("binary_cross_entropy_with_logits/shapes",
        lambda lib: lib.binary_cross_entropy_with_logits(lib.ones(3, 4), lib.ones(5)))
_raises("binary_cross_entropy_with_logits/target_smaller",
        lambda lib: lib.binary_cross_entropy_with_logits(lib.ones(3, 4), lib.ones(4)))
_loss_case("margin_ranking_loss",
           lambda lib, r, a, b, t: lib.margin_ranking_loss(a, b, _sign(t.detach()), 0.2, r), (5,), (5,), (5,))
_loss_case("triplet_margin_loss", lambda lib, r, a, p, n: lib.triplet_margin_loss(a, p, n, reduction=r),
           (4, 3), (4, 3), (4, 3))
_grad_case("triplet_margin_loss/all_args",
           lambda lib, a, p, n: lib.triplet_margin_loss(a, p, n, 0.5, 1.0, 1e-6, True, 1),
           (4, 3), (4, 3), (4, 3))
_loss_case("poisson_nll_loss/log_input",
           lambda lib, r, x, t: lib.poisson_nll_loss(x, t.abs() * 3, True, False, 1e-8, r), (3, 4), (3, 4))
_loss_case("poisson_nll_loss/full",
           lambda lib, r, x, t: lib.poisson_nll_loss(x.abs() + 0.1, t.abs() * 3, False, True, 1e-8, r), (3, 4),
           (3, 4))
_loss_case("hinge_embedding_loss",
           lambda lib, r, x, t: lib.hinge_embedding_loss(x, _sign(t.detach()), 0.5, r), (3, 4), (3, 4))
_loss_case("cosine_embedding_loss",
           lambda lib, r, a, b, t: lib.cosine_embedding_loss(a, b, _sign(t.detach()), 0.1, r), (4, 3), (4, 3),
           (4,))
_raises("kl_div/string_reduction", lambda lib: lib.kl_div(lib.ones(2), lib.ones(2), "mean"))
_raises("ctc_loss/bool_reduction",
        lambda lib: lib.ctc_loss(lib.ones(2, 1, 2), lib.ones(1, 1, dtype=lib.int64), [2], [1], 0, True))


@case("aliases/losses/default_reduction_is_none")
def _default_reduction(lib, rng, dtype):
    """torch's binding reads the schema's default reduction (Mean) as 0: every default is unreduced."""
    a, b, c = (leaf(lib, rng.standard_normal((4, 3)), dtype) for _ in range(3))
    sign = values(lib, rng.choice([-1.0, 1.0], (4, 3)), dtype)
    return {"kl_div": lib.kl_div(a, b.exp()), "bce": lib.binary_cross_entropy_with_logits(a, b.sigmoid()),
            "margin": lib.margin_ranking_loss(a, b, sign), "triplet": lib.triplet_margin_loss(a, b, c),
            "hinge": lib.hinge_embedding_loss(a, sign), "cosine": lib.cosine_embedding_loss(a, b, sign[:, 0]),
            "kl_div_5": lib.kl_div(a, b.exp(), 5)}
_raises("poisson_nll_loss/missing_args", lambda lib: lib.poisson_nll_loss(lib.ones(2), lib.ones(2)))
_raises("margin_ranking_loss/shape", lambda lib: lib.margin_ranking_loss(lib.ones(2), lib.ones(3), lib.ones(2)))


def _ctc_case(reduction, zero_infinity):
    @case("aliases/ctc_loss/reduction%d_zero_inf_%s" % (reduction, zero_infinity))
    def body(lib, rng, dtype):
        logits = leaf(lib, rng.standard_normal((6, 2, 4)), dtype)
        targets = lib.tensor([[1, 2, 2], [3, 1, 1]])
        lengths = (6, 5) if not zero_infinity else (6, 1)
        out = lib.ctc_loss(logits.log_softmax(2), targets, lengths, [3, 2], 0, reduction, zero_infinity)
        return grads_of(lib, rng, out, [logits])
    return body


for _reduction in (0, 1, 2):
    _ctc_case(_reduction, False)
_ctc_case(1, True)


@case("aliases/ctc_loss/tensor_lengths")
def _ctc_tensor_lengths(lib, rng, dtype):
    logits = leaf(lib, rng.standard_normal((5, 2, 3)), dtype)
    out = lib.ctc_loss(logits.log_softmax(2), lib.tensor([[1, 2], [2, 2]]), lib.tensor([5, 4]), lib.tensor([2, 2]))
    return dict(grads_of(lib, rng, out, [logits]),
                mean=lib.ctc_loss(logits.log_softmax(2), lib.tensor([[1, 2], [2, 2]]), lib.tensor([5, 4]),
                                  lib.tensor([2, 2]), reduction=1))


# --- top-level in-place forms: torch.<op>_(x, ...) is x.<op>_(...) ---
def _top_inplace_case(name, *args, shift=0.0, scale=0.8):
    """y = x * 1 in (shift, shift + scale), then lib.<name>(y, *args): y's value, x's gradient, y is returned."""
    @case("aliases/top_level/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.random((3, 4)) * scale + shift + 0.1, dtype)
        y = x * 1
        out = getattr(lib, name)(y, *[a(lib, dtype) if callable(a) else a for a in args])
        return dict(grads_of(lib, rng, y, [x]), same=out is y)
    return body


_UNARY_TOP_LEVEL = ("abs_", "acos_", "arccos_", "arcsin_", "arctan_", "asin_", "atan_", "ceil_", "cos_", "cosh_",
                    "erf_", "erfc_", "exp2_", "exp_", "expm1_", "fix_",
                    "floor_", "frac_", "i0_", "log10_", "log1p_", "log2_", "log_", "logit_", "neg_", "negative_",
                    "reciprocal_", "round_", "rsqrt_", "sigmoid_", "sin_", "sinc_", "sinh_", "sqrt_", "square_",
                    "tan_", "tanh_", "trunc_", "nan_to_num_")
for _name in _UNARY_TOP_LEVEL:
    _top_inplace_case(_name)
_top_inplace_case("floor_", shift=-2.0, scale=4.0)
_top_inplace_case("clamp_", 0.3, 0.6)
_top_inplace_case("clip_", None, 0.5)
_top_inplace_case("clamp_min_", 0.4)
_top_inplace_case("clamp_max_", 0.4)
_top_inplace_case("ldexp_", lambda lib, dtype: lib.tensor([1.0, 2.0, -1.0, 0.0], dtype=dtype))
_top_inplace_case("xlogy_", lambda lib, dtype: lib.tensor([1.5, 2.0, 0.5, 3.0], dtype=dtype))
_raises("top_level/not_tensor", lambda lib: lib.exp_("x"))
_raises("top_level/int_to_float", lambda lib: lib.sqrt_(lib.tensor([1, 4])))
_raises("top_level/leaf", lambda lib: lib.sigmoid_(lib.ones(2, requires_grad=True)))


@case("aliases/top_level/addmv_vector", dtypes=("float64", "float32"))
def _addmv_top(lib, rng, dtype):
    x, m, v = (leaf(lib, rng.standard_normal(s), dtype) for s in ((3,), (3, 2), (2,)))
    y = x * 1
    lib.addmv_(y, m, v, beta=0.5, alpha=2)
    return grads_of(lib, rng, y, [x, m, v])


@case("aliases/top_level/index_put_detach_", dtypes=None)
def _index_put_detach(lib, rng, dtype):
    x = lib.zeros(4)
    lib.index_put_(x, (lib.tensor([1, 3]),), lib.tensor([5.0, 6.0]))
    y = lib.ones(2, requires_grad=True) * 2
    lib.detach_(y)
    return {"x": x, "y": y, "grad": y.requires_grad}


@case("aliases/top_level/not_methods", dtypes=None)
def _top_level_not_methods(lib, rng, dtype):
    return {name: hasattr(lib.Tensor, name) for name in ("relu_", "selu_", "celu_", "threshold_", "dropout_",
                                                         "feature_dropout_", "rrelu_")}


# --- Tensor aliases: arccosh, arcsinh, arctanh ---
_grad_case("arccosh", lambda lib, x: lib.arccosh(x.abs() + 1), (3, 4))
_grad_case("arcsinh", lambda lib, x: x.arcsinh(), (3, 4), transposed=(0,))
_grad_case("arctanh", lambda lib, x: lib.arctanh(x.tanh()), (3, 4))


@case("aliases/arc/int_promotion", dtypes=None)
def _arc_int(lib, rng, dtype):
    x = lib.tensor([1, 2, 3])
    return {"arccosh": lib.arccosh(x), "arcsinh": x.arcsinh(), "arctanh": lib.arctanh(x - 2),
            "bool": lib.arcsinh(x > 1)}


# --- Tensor in-place aliases ---
def _method_inplace_case(name, make_args=lambda lib, rng, dtype: (), shift=0.0, shape=(3, 4), source=None):
    @case("aliases/inplace/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.random(shape) * 0.8 + 0.1 + shift, dtype)
        args = make_args(lib, rng, dtype)
        y = x * 1
        out = getattr(y, name)(*args)
        diff = [x] + [a for a in args if hasattr(a, "requires_grad") and a.requires_grad]
        return dict(grads_of(lib, rng, y + x, diff), same=out is y, version=y._version)
    return body


def _float_leaf(shape):
    return lambda lib, rng, dtype: (leaf(lib, rng.standard_normal(shape), dtype),)


for _name in ("absolute_", "arccos_", "arcsin_", "arctan_", "sgn_", "fix_"):
    _method_inplace_case(_name)
_method_inplace_case("arctan2_", _float_leaf((3, 4)))
_method_inplace_case("xlogy_", lambda lib, rng, dtype: (leaf(lib, rng.random(4) + 0.5, dtype),))


def _no_inplace_derivative_case(name, shift):
    """torch has no derivative for acosh_/asinh_/atanh_ (and their arc- spellings): the values, the node, and
    torch's NotImplementedError from a backward through it."""
    @case("aliases/inplace/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.random((3, 4)) * 0.8 + 0.1 + shift, dtype)
        y = x * 1
        out = getattr(y, name)()
        plain = x.detach().clone()
        getattr(plain, name)()
        return {"y": y, "plain": plain, "same": out is y, "node": type(y.grad_fn).__name__}

    @case("aliases/inplace/%s/backward" % name, dtypes=None, raises=True)
    def backward(lib, rng, dtype):
        y = lib.ones(3, requires_grad=True) * (1.5 + shift)
        getattr(y, name)().sum().backward()
    return body


for _name, _shift in (("acosh_", 1.0), ("arccosh_", 1.0), ("asinh_", 0.0), ("arcsinh_", 0.0), ("atanh_", 0.0),
                      ("arctanh_", 0.0)):
    _no_inplace_derivative_case(_name, _shift)


@case("aliases/top_level/no_derivative_forms")
def _top_no_derivative(lib, rng, dtype):
    x = values(lib, rng.random(4) + 1.1, dtype)
    return {name: getattr(lib, name)(x.clone() if "cosh" in name else x.clone() - 1) for name in
            ("acosh_", "arccosh_", "asinh_", "arcsinh_", "atanh_", "arctanh_")}


# comparisons: self does not require grad here (torch gives self a zero-gradient Gt/Ge/... node; minitorch's
# gt_ and friends keep self's old history: reported)
def _comparison_case(name):
    @case("aliases/inplace/" + name)
    def body(lib, rng, dtype):
        x = values(lib, rng.random((3, 4)), dtype)
        other = leaf(lib, rng.random((1, 4)), dtype)
        out = getattr(x, name)(other)
        return {"x": x, "same": out is x, "scalar": getattr(values(lib, rng.random(3), dtype), name)(0.5)}
    return body


for _name in ("greater_", "greater_equal_", "less_", "less_equal_", "not_equal_"):
    _comparison_case(_name)
_method_inplace_case("cumsum_", lambda lib, rng, dtype: (1,))
_method_inplace_case("cumprod_", lambda lib, rng, dtype: (0,))
_method_inplace_case("addmm_", lambda lib, rng, dtype: (leaf(lib, rng.standard_normal((3, 2)), dtype),
                                                        leaf(lib, rng.standard_normal((2, 4)), dtype)))
_method_inplace_case("baddbmm_", lambda lib, rng, dtype: (leaf(lib, rng.standard_normal((2, 3, 2)), dtype),
                                                          leaf(lib, rng.standard_normal((2, 2, 4)), dtype)),
                     shape=(2, 3, 4))
_method_inplace_case("addmv_", lambda lib, rng, dtype: (leaf(lib, rng.standard_normal((4, 2)), dtype),
                                                        leaf(lib, rng.standard_normal(2), dtype)), shape=(4,))


@case("aliases/inplace/keywords")
def _inplace_keywords(lib, rng, dtype):
    x, m1, m2 = (leaf(lib, rng.standard_normal(s), dtype) for s in ((2, 3), (2, 4), (4, 3)))
    y = x * 1
    y.addmm_(m1, m2, beta=0.5, alpha=-2)
    z = (x * 1).cumsum_(dim=0, dtype=dtype)
    w = (x * 1).cumprod_(-1)
    return dict(grads_of(lib, rng, y + z + w, [x, m1, m2]))


@case("aliases/inplace/noncontiguous")
def _inplace_noncontiguous(lib, rng, dtype):
    x = leaf(lib, rng.random((4, 3)), dtype)
    y = (x * 1).mT
    y.arcsin_()
    y.cumsum_(0)
    return dict(grads_of(lib, rng, y, [x]), contiguous=y.is_contiguous())


@case("aliases/inplace/int_and_bool", dtypes=None)
def _inplace_int(lib, rng, dtype):
    a = lib.tensor([[1, 2, 8], [3, -4, 5]])
    shifts = lib.tensor([1, 2, 0])
    return {"left": a.clone().bitwise_left_shift_(shifts), "right": a.clone().bitwise_right_shift_(1),
            "greater": a.clone().greater_(2), "less_equal": a.clone().less_equal_(a.mT[:3, :1].T),
            "not_equal_bool": (a > 0).not_equal_(a > 2), "cumsum": a.clone().cumsum_(1),
            "cumprod": a.clone().cumprod_(0), "sgn": a.clone().sgn_(), "fix": a.clone().fix_(),
            "absolute": a.clone().absolute_(), "float_greater": lib.ones(2, 3).greater_(a)}


@case("aliases/inplace/empty")
def _inplace_empty(lib, rng, dtype):
    x = leaf(lib, rng.random((0, 3)), dtype)
    y = x * 1
    y.arctan_().cumsum_(0).greater_(0.5)
    return grads_of(lib, rng, y, [x])


_raises("inplace/int_arccos", lambda lib: lib.tensor([1, 2]).arccos_())
_raises("inplace/broadcast_self", lambda lib: lib.ones(3).arctan2_(lib.ones(2, 3)))
_raises("inplace/leaf_requires_grad", lambda lib: lib.ones(3, requires_grad=True).cumsum_(0))
_raises("inplace/shift_float", lambda lib: lib.ones(3).bitwise_left_shift_(1))
_raises("inplace/cumsum_bad_dim", lambda lib: lib.ones(3).cumsum_(1))
_raises("inplace/cumsum_other_dtype", lambda lib: lib.ones(3).cumsum_(0, dtype=lib.float64))
_raises("inplace/cumprod_int_to_float", lambda lib: lib.tensor([1, 2]).cumprod_(0, dtype=lib.float32))
_raises("inplace/cumsum_bool", lambda lib: lib.tensor([True, False]).cumsum_(0))
_raises("inplace/addmm_shape", lambda lib: lib.ones(1, 3).addmm_(lib.ones(2, 2), lib.ones(2, 3)))
_raises("inplace/not_tensor_arg", lambda lib: lib.ones(3).xlogy_("a"))


# --- in-place views: transpose_, swapaxes_, swapdims_, t_, squeeze_, unsqueeze_ ---
def _view_inplace_case(name, call, shape):
    @case("aliases/view_inplace/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        y = x * 1
        version = y._version
        out = call(y)
        return dict(grads_of(lib, rng, y * 1, [x]), same=out is y, node=type(y.grad_fn).__name__,
                    shape=tuple(y.shape), bumped=y._version - version, contiguous=y.is_contiguous(),
                    stride=tuple(y.stride()))
    return body


_view_inplace_case("transpose_", lambda y: y.transpose_(0, 2), (2, 3, 4))
_view_inplace_case("transpose_/negative", lambda y: y.transpose_(-1, 0), (2, 3))
_view_inplace_case("transpose_/same_dim", lambda y: y.transpose_(1, 1), (2, 3))
_view_inplace_case("swapaxes_", lambda y: y.swapaxes_(0, 1), (2, 3))
_view_inplace_case("swapdims_", lambda y: y.swapdims_(2, 1), (2, 3, 4))
_view_inplace_case("t_", lambda y: y.t_(), (2, 3))
_view_inplace_case("t_/1d", lambda y: y.t_(), (3,))
_view_inplace_case("squeeze_", lambda y: y.squeeze_(), (2, 1, 3, 1))
_view_inplace_case("squeeze_/dim", lambda y: y.squeeze_(1), (2, 1, 3))
_view_inplace_case("squeeze_/dim_not_one", lambda y: y.squeeze_(0), (2, 1, 3))
_view_inplace_case("squeeze_/dims", lambda y: y.squeeze_((1, -1)), (2, 1, 3, 1))
_view_inplace_case("unsqueeze_", lambda y: y.unsqueeze_(1), (2, 3))
_view_inplace_case("unsqueeze_/negative", lambda y: y.unsqueeze_(-1), (2, 3))
_view_inplace_case("chain", lambda y: y.unsqueeze_(0).t_().squeeze_(-1).unsqueeze_(0).swapaxes_(0, 1), (3,))


@case("aliases/view_inplace/of_a_view")
def _view_inplace_of_view(lib, rng, dtype):
    """A view changed in place stays a view: a later write through it lands in the base."""
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    y = x * 1
    s = y[:, 1:3]
    s.t_()
    s.mul_(lib.arange(3, dtype=dtype))
    t = y[1:].unsqueeze_(0)
    t.add_(1)
    return dict(grads_of(lib, rng, y, [x]), s=s, t=t, is_view=s._base is y)


@case("aliases/view_inplace/older_views")
def _view_inplace_older_views(lib, rng, dtype):
    """Views of a tensor taken before it changes shape in place still address their old elements."""
    x = leaf(lib, rng.standard_normal((2, 3)), dtype)
    y = x * 1
    row, col = y[0], y[:, 1:]
    y.t_()
    row.mul_(3)
    y.unsqueeze_(0)
    col.add_(lib.arange(2, dtype=dtype).unsqueeze(1))
    y.squeeze_()
    return dict(grads_of(lib, rng, y, [x]), row=row * 1, col=col * 1)


@case("aliases/view_inplace/no_grad", dtypes=None)
def _view_inplace_no_grad(lib, rng, dtype):
    x = lib.ones(2, 3, requires_grad=True)
    with lib.no_grad():
        x.t_()
    z = lib.zeros(2, 1, 3)
    z.squeeze_()
    return {"x": x, "leaf": x.is_leaf, "z": z, "z_grad": z.requires_grad, "fn": x.grad_fn is None}


_raises("view_inplace/leaf", lambda lib: lib.ones(2, 3, requires_grad=True).t_())
_raises("view_inplace/view_of_leaf", lambda lib: lib.ones(2, 3, requires_grad=True)[0].unsqueeze_(0))
_raises("view_inplace/t_3d", lambda lib: lib.ones(2, 3, 4).t_())
_raises("view_inplace/transpose_bad_dim", lambda lib: lib.ones(2, 3).transpose_(0, 2))
_raises("view_inplace/squeeze_bad_dim", lambda lib: lib.ones(2, 3).squeeze_(3))
_raises("view_inplace/unsqueeze_bad_dim", lambda lib: lib.ones(2, 3).unsqueeze_(4))
_raises("view_inplace/transpose_float_dim", lambda lib: lib.ones(2, 3).transpose_(0.5, 1))


# --- functional forms: integer and bool inputs, empty batches ---
@case("aliases/functional/int_and_bool", dtypes=None)
def _functional_ints(lib, rng, dtype):
    a = lib.tensor(rng.integers(-5, 5, (1, 4, 2, 2)))
    out, idx = lib.max_pool1d_with_indices(a[0], 2)
    return {"threshold": lib.threshold(a, 0, 7), "pixel_shuffle": lib.pixel_shuffle(a, 2),
            "pixel_unshuffle": lib.pixel_unshuffle(a, 2), "channel_shuffle": lib.channel_shuffle(a, 2),
            "pad_int": lib.constant_pad_nd(a, (1, 0), 3), "pad_bool": lib.constant_pad_nd(a > 0, (0, 1, 1, 0)),
            "max_pool": out, "max_index": idx, "max_pool2d": lib.max_pool2d(a, 2),
            "avg_pool1d": lib.avg_pool1d(a[0], 2), "dropout_eval": lib.dropout(a, 0.5, False)}


_raises("celu/int", lambda lib: lib.celu(lib.tensor([1, -2])))
_raises("hardshrink/int", lambda lib: lib.hardshrink(lib.tensor([1, -2])))
_raises("layer_norm/int", lambda lib: lib.layer_norm(lib.tensor([[1, 2]]), (2,)))
_grad_case("conv2d/empty_batch", lambda lib, x, w: lib.conv2d(x, w, padding=1), (0, 2, 4, 4), (3, 2, 3, 3))
_grad_case("max_pool1d/empty_batch", lambda lib, x: lib.max_pool1d(x, 2), (0, 2, 4))
_grad_case("layer_norm/size1", lambda lib, x: lib.layer_norm(x, (1,)), (3, 1))
_grad_case("prelu/broadcast_channels", lambda lib, x, w: lib.prelu(x, w), (2, 3, 2, 2), (3,))
_grad_case("pairwise_distance/broadcast", lambda lib, a, b: lib.pairwise_distance(a, b), (2, 3, 4), (3, 4))
_grad_case("embedding/noncontiguous_weight", lambda lib, w: lib.embedding(w, lib.tensor([[1, 0], [2, 2]])), (3, 4),
           transposed=(0,))
_grad_case("kl_div/broadcast_target", lambda lib, x, t: lib.kl_div(x, t.exp(), 2), (3, 4), (1, 4))
