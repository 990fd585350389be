"""Parity cases for the losses (functional and module forms): every reduction, the options of each loss,
gradients of the input and of every differentiable target / weight, huge logits, and torch's errors."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import TOLERANCES, case

REDUCTIONS = ("none", "mean", "sum")


def _classes(rng, shape, n_classes, ignore=None):
    t = rng.integers(0, n_classes, shape)
    if ignore is not None:
        t.reshape(-1)[::3] = ignore
    return t


def _probs(rng, shape, axis=1):
    p = rng.random(shape) + 0.1
    return p / p.sum(axis=axis, keepdims=True)


def loss_case(name, build, reductions=REDUCTIONS, dtypes=("float64", "float32")):
    """One case per reduction: build(lib, rng, dtype, reduction) -> (loss, [tensors whose gradients compare])."""
    for reduction in reductions:
        @case("%s[%s]" % (name, reduction), dtypes=dtypes)
        def body(lib, rng, dtype, reduction=reduction):
            out, inputs = build(lib, rng, dtype, reduction)
            return grads_of(lib, rng, out, inputs)


def error_case(name, call):
    """call(lib, F) must raise the same exception class in both libraries."""
    case(name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": call(lib, lib.nn.functional)})


# --- regression -------------------------------------------------------------------------------------------------------
def _pair(lib, rng, dtype, shape=(4, 5), target_shape=None):
    x = leaf(lib, rng.standard_normal(shape), dtype)
    t = leaf(lib, rng.standard_normal(target_shape or shape), dtype)
    return x, t


def _kinked_pair(lib, rng, dtype, beta=1.0):
    """Differences exactly 0, +-beta and around them (the kinks of l1 / smooth_l1 / huber)."""
    xs = rng.standard_normal(20)
    ts = xs.copy()
    ts[5:] -= numpy.concatenate([[0.0, beta, -beta, 2 * beta, -0.5 * beta], rng.standard_normal(10) * 2])
    return leaf(lib, xs, dtype), leaf(lib, ts, dtype)


loss_case("F.mse_loss", lambda lib, rng, dt, r: (lambda x, t: (lib.nn.functional.mse_loss(x, t, reduction=r),
                                                               [x, t]))(*_pair(lib, rng, dt)))
loss_case("F.l1_loss", lambda lib, rng, dt, r: (lambda x, t: (lib.nn.functional.l1_loss(x, t, reduction=r),
                                                              [x, t]))(*_kinked_pair(lib, rng, dt)))
loss_case("F.smooth_l1_loss", lambda lib, rng, dt, r: (lambda x, t: (
    lib.nn.functional.smooth_l1_loss(x, t, reduction=r), [x, t]))(*_kinked_pair(lib, rng, dt)))
loss_case("F.smooth_l1_loss/beta=0.5", lambda lib, rng, dt, r: (lambda x, t: (
    lib.nn.functional.smooth_l1_loss(x, t, reduction=r, beta=0.5), [x, t]))(*_kinked_pair(lib, rng, dt, 0.5)))
loss_case("F.smooth_l1_loss/beta=0", lambda lib, rng, dt, r: (lambda x, t: (
    lib.nn.functional.smooth_l1_loss(x, t, reduction=r, beta=0.0), [x, t]))(*_kinked_pair(lib, rng, dt, 0.0)))
loss_case("F.huber_loss", lambda lib, rng, dt, r: (lambda x, t: (
    lib.nn.functional.huber_loss(x, t, reduction=r), [x, t]))(*_kinked_pair(lib, rng, dt)))
loss_case("F.huber_loss/delta=2", lambda lib, rng, dt, r: (lambda x, t: (
    lib.nn.functional.huber_loss(x, t, reduction=r, delta=2.0), [x, t]))(*_kinked_pair(lib, rng, dt, 2.0)))


def _weighted(fn_name, **options):
    def build(lib, rng, dtype, reduction):
        x, t = _pair(lib, rng, dtype)
        w = leaf(lib, rng.random((4, 5)), dtype)
        return getattr(lib.nn.functional, fn_name)(x, t, reduction=reduction, weight=w, **options), [x, t, w]
    return build


loss_case("F.mse_loss/weight", _weighted("mse_loss"))
loss_case("F.l1_loss/weight", _weighted("l1_loss"))
loss_case("F.huber_loss/weight", _weighted("huber_loss", delta=0.5))


@case("F.mse_loss/broadcast_warning")
def _mse_broadcast(lib, rng, dtype):
    import warnings
    x, t = _pair(lib, rng, dtype, (3, 1), (3,))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = lib.nn.functional.mse_loss(x, t)
    result = grads_of(lib, rng, out, [x, t])
    result["warning"] = [str(w.message).replace("minitorch", "torch") for w in caught]
    return result


@case("F.mse_loss/legacy_size_average")
def _mse_legacy(lib, rng, dtype):
    import warnings
    x, t = _pair(lib, rng, dtype)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = lib.nn.functional.mse_loss(x, t, size_average=False)
    result = grads_of(lib, rng, out, [x, t])
    result["warning"] = [str(w.message) for w in caught]
    return result


@case("F.mse_loss/double_and_float")
def _mse_mixed(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal(5), lib.float64)
    t = leaf(lib, rng.standard_normal(5), dtype)
    return grads_of(lib, rng, lib.nn.functional.mse_loss(x, t), [x, t])


@case("F.mse_loss/empty")
def _mse_empty(lib, rng, dtype):
    x, t = _pair(lib, rng, dtype, (0, 3))
    F = lib.nn.functional
    return {"mean": F.mse_loss(x, t), "sum": F.mse_loss(x, t, reduction="sum"),
            "none": F.mse_loss(x, t, reduction="none")}


@case("F.mse_loss/second_derivative")
def _mse_second(lib, rng, dtype):
    from .cases_activation import second_order
    x, t = _pair(lib, rng, dtype)
    return second_order(lib, rng, lib.nn.functional.mse_loss(x, t), [x, t])


# --- classification: nll / cross entropy ------------------------------------------------------------------------
def _ce_build(shape=(6, 5), weight=False, ignore=None, smoothing=0.0, probs=False, scale=3.0, uint8=False,
              fn="cross_entropy"):
    def build(lib, rng, dtype, reduction):
        F = lib.nn.functional
        x = leaf(lib, rng.standard_normal(shape) * scale, dtype)
        n_classes = shape[0] if len(shape) == 1 else shape[1]
        class_axis = 0 if len(shape) == 1 else 1
        if probs:
            t = leaf(lib, _probs(rng, shape, class_axis), dtype)
        else:
            t_shape = () if len(shape) == 1 else (shape[0],) + tuple(shape[2:])
            t = lib.tensor(_classes(rng, t_shape, n_classes, ignore), dtype=lib.uint8 if uint8 else lib.int64)
        w = values(lib, rng.random(n_classes) + 0.5, dtype) if weight else None
        options = {} if ignore is None else {"ignore_index": ignore}
        if fn == "cross_entropy":
            out = F.cross_entropy(x, t, weight=w, reduction=reduction, label_smoothing=smoothing, **options)
        else:
            out = F.nll_loss(F.log_softmax(x, class_axis), t, weight=w, reduction=reduction, **options)
        return out, [x, t] if probs else [x]
    return build


for _fn in ("cross_entropy", "nll_loss"):
    _F = "F." + _fn
    loss_case(_F, _ce_build(fn=_fn))
    loss_case(_F + "/weight", _ce_build(weight=True, fn=_fn))
    loss_case(_F + "/ignore_index", _ce_build(ignore=2, fn=_fn))
    loss_case(_F + "/ignore_index=-100", _ce_build(ignore=-100, fn=_fn))
    loss_case(_F + "/weight+ignore_index", _ce_build(weight=True, ignore=1, fn=_fn))
    loss_case(_F + "/dims", _ce_build(shape=(2, 4, 3, 2), fn=_fn))
    loss_case(_F + "/dims3d+weight+ignore", _ce_build(shape=(2, 4, 3), weight=True, ignore=0, fn=_fn))
    loss_case(_F + "/dims5d+weight", _ce_build(shape=(2, 3, 2, 2, 2), weight=True, fn=_fn))
    loss_case(_F + "/unbatched", _ce_build(shape=(5,), fn=_fn))
    loss_case(_F + "/unbatched+weight", _ce_build(shape=(5,), weight=True, fn=_fn))
    loss_case(_F + "/uint8_target", _ce_build(uint8=True, fn=_fn))
loss_case("F.cross_entropy/large_logits", _ce_build(scale=1e4))
loss_case("F.cross_entropy/large_logits+smoothing", _ce_build(scale=1e4, smoothing=0.1, weight=True))
loss_case("F.cross_entropy/label_smoothing", _ce_build(smoothing=0.2))
loss_case("F.cross_entropy/label_smoothing+weight+ignore", _ce_build(smoothing=0.3, weight=True, ignore=3))
loss_case("F.cross_entropy/label_smoothing+dims", _ce_build(shape=(2, 4, 3), smoothing=0.1, ignore=1))
loss_case("F.cross_entropy/label_smoothing+unbatched", _ce_build(shape=(5,), smoothing=0.1, weight=True))
loss_case("F.cross_entropy/probs", _ce_build(probs=True))
loss_case("F.cross_entropy/probs+weight+smoothing", _ce_build(probs=True, weight=True, smoothing=0.25))
loss_case("F.cross_entropy/probs+dims", _ce_build(shape=(2, 4, 3), probs=True, weight=True))
loss_case("F.cross_entropy/probs+unbatched", _ce_build(shape=(5,), probs=True))
loss_case("F.cross_entropy/probs+large_logits", _ce_build(probs=True, scale=1e4))


@case("F.cross_entropy/all_ignored")
def _ce_all_ignored(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    t = lib.tensor([-100, -100, -100])
    return grads_of(lib, rng, lib.nn.functional.cross_entropy(x, t), [x])


@case("F.cross_entropy/second_derivative")
def _ce_second(lib, rng, dtype):
    from .cases_activation import second_order
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    t = lib.tensor(_classes(rng, (4,), 5))
    return second_order(lib, rng, lib.nn.functional.cross_entropy(x, t, label_smoothing=0.1), [x])


@case("F.cross_entropy/noncontiguous")
def _ce_noncontiguous(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((5, 4)), dtype)
    t = lib.tensor(_classes(rng, (4,), 5))
    return grads_of(lib, rng, lib.nn.functional.cross_entropy(x.t(), t), [x])


def _ce_error(**options):
    def call(lib, F):
        rest = dict(options)
        make_target = rest.pop("target", lambda lib: lib.tensor([1, 2, 3]))
        make_input = rest.pop("input", lambda lib: lib.randn(3, 5))
        return F.cross_entropy(make_input(lib), make_target(lib), **rest)
    return call


error_case("F.cross_entropy/int32_target", _ce_error(target=lambda lib: lib.tensor([1, 2, 3], dtype=lib.int32)))
error_case("F.cross_entropy/float_target_wrong_shape", _ce_error(target=lambda lib: lib.tensor([1.0, 2.0, 3.0])))
error_case("F.cross_entropy/probs_wrong_shape", _ce_error(target=lambda lib: lib.rand(3, 4)))
error_case("F.cross_entropy/long_probs", _ce_error(target=lambda lib: lib.zeros(3, 5, dtype=lib.int64)))
error_case("F.cross_entropy/probs_ignore_index", _ce_error(target=lambda lib: lib.rand(3, 5), ignore_index=1))
error_case("F.cross_entropy/out_of_bounds", _ce_error(target=lambda lib: lib.tensor([1, 2, 7])))
error_case("F.cross_entropy/negative_target", _ce_error(target=lambda lib: lib.tensor([1, -1, 0])))
error_case("F.cross_entropy/batch_mismatch", _ce_error(target=lambda lib: lib.tensor([1, 2])))
error_case("F.cross_entropy/multi_target", _ce_error(target=lambda lib: lib.zeros(3, 2, dtype=lib.int64)))
error_case("F.cross_entropy/bad_reduction", _ce_error(reduction="avg"))
error_case("F.cross_entropy/weight_size",
           lambda lib, F: F.cross_entropy(lib.randn(3, 5), lib.tensor([1, 2, 3]), weight=lib.ones(4)))
error_case("F.cross_entropy/weight_dtype",
           lambda lib, F: F.cross_entropy(lib.randn(3, 5).double(), lib.tensor([1, 2, 3]), weight=lib.ones(5)))
error_case("F.cross_entropy/weight_requires_grad",
           lambda lib, F: F.cross_entropy(lib.randn(3, 5), lib.tensor([1, 2, 3]),
                                          weight=lib.ones(5, requires_grad=True)))
error_case("F.cross_entropy/label_smoothing>1", _ce_error(label_smoothing=1.5))
error_case("F.cross_entropy/long_input", _ce_error(input=lambda lib: lib.zeros(3, 5, dtype=lib.int64)))
error_case("F.cross_entropy/dims_mismatch",
           lambda lib, F: F.cross_entropy(lib.randn(2, 5, 3, 4), lib.zeros(2, 3, 5, dtype=lib.int64)))
error_case("F.cross_entropy/dims3_mismatch",
           lambda lib, F: F.cross_entropy(lib.randn(2, 5, 3), lib.zeros(2, 4, dtype=lib.int64)))
error_case("F.nll_loss/scalar_input", lambda lib, F: F.nll_loss(lib.tensor(1.0), lib.tensor(0)))
error_case("F.nll_loss/1d_input_2_targets", lambda lib, F: F.nll_loss(lib.randn(5), lib.tensor([1, 2])))
error_case("F.nll_loss/0d_target_2d_input", lambda lib, F: F.nll_loss(lib.randn(3, 5), lib.tensor(1)))


# --- binary -------------------------------------------------------------------------------------------------------
def _bce_build(weight=False, edges=False):
    def build(lib, rng, dtype, reduction):
        p = rng.random((4, 5)) * 0.98 + 0.01
        t = rng.random((4, 5))
        if edges:  # probabilities exactly 0 and 1 (the logs are clamped at -100)
            p.reshape(-1)[:4] = [0.0, 1.0, 0.0, 1.0]
            t.reshape(-1)[:4] = [0.0, 1.0, 1.0, 0.0]
        x, tt = leaf(lib, p, dtype), leaf(lib, t, dtype)
        w = values(lib, rng.random(5), dtype) if weight else None
        out = lib.nn.functional.binary_cross_entropy(x, tt, weight=w, reduction=reduction)
        return out, [x] if edges else [x, tt]
    return build


loss_case("F.binary_cross_entropy", _bce_build())
loss_case("F.binary_cross_entropy/weight", _bce_build(weight=True))
loss_case("F.binary_cross_entropy/zero_and_one", _bce_build(edges=True))


def _bcel_build(weight=False, pos_weight=False, scale=3.0):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, rng.standard_normal((4, 5)) * scale, dtype)
        t = leaf(lib, rng.random((4, 5)), dtype)
        w = values(lib, rng.random(5), dtype) if weight else None
        pw = values(lib, rng.random(5) * 3, dtype) if pos_weight else None
        out = lib.nn.functional.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw, reduction=reduction)
        return out, [x, t]
    return build


loss_case("F.binary_cross_entropy_with_logits", _bcel_build())


# the loss is rounded to float32 on the way, so the float64 gradient agrees to float32 precision
@case("F.binary_cross_entropy_with_logits/mixed_dtypes", dtypes=None, tol=TOLERANCES["float32"])
def _bcel_mixed(lib, rng, dtype):
    """the loss takes the target's dtype (torch works in place on 1 - target); each gradient its input's."""
    out = {}
    for name, (dx, dt, dw) in {"f64_input": ("float64", "float32", "float64"),
                               "f64_target": ("float32", "float64", None)}.items():
        x = leaf(lib, rng.standard_normal((3, 4)), getattr(lib, dx))
        t = leaf(lib, rng.random((3, 4)), getattr(lib, dt))
        w = values(lib, rng.random(4), getattr(lib, dw)) if dw else None
        loss = lib.nn.functional.binary_cross_entropy_with_logits(x, t, weight=w, reduction="none")
        out.update((name + "/" + k, v) for k, v in grads_of(lib, rng, loss, [x, t]).items())
    return out
loss_case("F.binary_cross_entropy_with_logits/weight+pos_weight", _bcel_build(weight=True, pos_weight=True))
loss_case("F.binary_cross_entropy_with_logits/large_logits", _bcel_build(pos_weight=True, scale=1e4))

error_case("F.binary_cross_entropy/shape", lambda lib, F: F.binary_cross_entropy(lib.rand(3, 1), lib.rand(3)))
error_case("F.binary_cross_entropy/out_of_range", lambda lib, F: F.binary_cross_entropy(lib.rand(3) + 1, lib.rand(3)))
error_case("F.binary_cross_entropy/dtype", lambda lib, F: F.binary_cross_entropy(lib.rand(3), lib.rand(3).double()))
error_case("F.binary_cross_entropy/weight_requires_grad",
           lambda lib, F: F.binary_cross_entropy(lib.rand(3), lib.rand(3), weight=lib.ones(3, requires_grad=True)))
error_case("F.binary_cross_entropy_with_logits/pos_weight_requires_grad",
           lambda lib, F: F.binary_cross_entropy_with_logits(lib.rand(3), lib.rand(3),
                                                             pos_weight=lib.ones(3, requires_grad=True)))
error_case("F.binary_cross_entropy_with_logits/shape",
           lambda lib, F: F.binary_cross_entropy_with_logits(lib.rand(3, 1), lib.rand(3)))


# --- divergences and margins ------------------------------------------------------------------------------------------
def _kl_build(log_target):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, numpy.log(_probs(rng, (4, 5))), dtype)
        p = _probs(rng, (4, 5))
        t = leaf(lib, numpy.log(p) if log_target else p, dtype)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = lib.nn.functional.kl_div(x, t, reduction=reduction, log_target=log_target)
        return out, [x, t]
    return build


loss_case("F.kl_div", _kl_build(False), reductions=REDUCTIONS + ("batchmean",))
loss_case("F.kl_div/log_target", _kl_build(True), reductions=REDUCTIONS + ("batchmean",))
error_case("F.kl_div/bad_reduction", lambda lib, F: F.kl_div(lib.rand(3), lib.rand(3), reduction="avg"))


def _sign_target(rng, shape):
    return numpy.where(rng.random(shape) < 0.5, -1.0, 1.0)


loss_case("F.soft_margin_loss", lambda lib, rng, dt, r: (lambda x, y: (
    lib.nn.functional.soft_margin_loss(x, y, reduction=r), [x]))(
        leaf(lib, rng.standard_normal((4, 5)), dt), values(lib, _sign_target(rng, (4, 5)), dt)))
error_case("F.soft_margin_loss/target_requires_grad", lambda lib, F: F.soft_margin_loss(
    lib.rand(3), lib.ones(3, requires_grad=True)))


def _ranking(margin):
    def build(lib, rng, dtype, reduction):
        a = leaf(lib, rng.standard_normal(8), dtype)
        b = leaf(lib, rng.standard_normal(8), dtype)
        y = leaf(lib, _sign_target(rng, 8), dtype)
        return lib.nn.functional.margin_ranking_loss(a, b, y, margin, reduction=reduction), [a, b, y]
    return build


loss_case("F.margin_ranking_loss", _ranking(0.0))
loss_case("F.margin_ranking_loss/margin=0.5", _ranking(0.5))
error_case("F.margin_ranking_loss/dims",
           lambda lib, F: F.margin_ranking_loss(lib.rand(3), lib.rand(3), lib.ones(3, 1)))


def _hinge(margin):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, numpy.concatenate([rng.random(10) * 3, [margin, 0.0]]), dtype)
        y = values(lib, _sign_target(rng, 12), dtype)
        return lib.nn.functional.hinge_embedding_loss(x, y, margin, reduction=reduction), [x]
    return build


loss_case("F.hinge_embedding_loss", _hinge(1.0))
loss_case("F.hinge_embedding_loss/margin=2", _hinge(2.0))


def _cosine_embedding(margin, unbatched=False):
    def build(lib, rng, dtype, reduction):
        shape = (5,) if unbatched else (6, 5)
        a = leaf(lib, rng.standard_normal(shape), dtype)
        b = leaf(lib, rng.standard_normal(shape), dtype)
        y = values(lib, -1.0 if unbatched else _sign_target(rng, 6), dtype)
        return lib.nn.functional.cosine_embedding_loss(a, b, y, margin, reduction=reduction), [a, b]
    return build


loss_case("F.cosine_embedding_loss", _cosine_embedding(0.0))
loss_case("F.cosine_embedding_loss/margin=0.2", _cosine_embedding(0.2))
loss_case("F.cosine_embedding_loss/unbatched", _cosine_embedding(-0.5, unbatched=True))
error_case("F.cosine_embedding_loss/2d_target",
           lambda lib, F: F.cosine_embedding_loss(lib.randn(3, 4), lib.randn(3, 4), lib.ones(3, 2)))
error_case("F.cosine_embedding_loss/input_dims",
           lambda lib, F: F.cosine_embedding_loss(lib.randn(3, 4, 2), lib.randn(3, 4, 2), lib.ones(3)))


def _poisson(log_input, full):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, rng.standard_normal((4, 5)) if log_input else rng.random((4, 5)) + 0.1, dtype)
        t = leaf(lib, rng.random((4, 5)) * 4 + 0.05, dtype)
        out = lib.nn.functional.poisson_nll_loss(x, t, log_input=log_input, full=full, reduction=reduction)
        return out, [x, t]
    return build


loss_case("F.poisson_nll_loss", _poisson(True, False))
loss_case("F.poisson_nll_loss/rates+full", _poisson(False, True))
loss_case("F.poisson_nll_loss/full", _poisson(True, True))


def _gaussian(var_shape, full=False, float_var=False):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, rng.standard_normal((4, 3)), dtype)
        t = leaf(lib, rng.standard_normal((4, 3)), dtype)
        if float_var:
            out = lib.nn.functional.gaussian_nll_loss(x, t, 0.7, full=full, reduction=reduction)
            return out, [x, t]
        v_data = rng.random(var_shape) + 0.1
        v_data.reshape(-1)[0] = 1e-8  # below eps: clamped, gradient kept
        v = leaf(lib, v_data, dtype)
        out = lib.nn.functional.gaussian_nll_loss(x, t, v, full=full, reduction=reduction)
        return out, [x, t, v]
    return build


loss_case("F.gaussian_nll_loss", _gaussian((4, 3)))
loss_case("F.gaussian_nll_loss/homoscedastic", _gaussian((4,), full=True))
loss_case("F.gaussian_nll_loss/broadcast_var", _gaussian((4, 1)))
loss_case("F.gaussian_nll_loss/float_var", _gaussian(None, float_var=True))
error_case("F.gaussian_nll_loss/var_size",
           lambda lib, F: F.gaussian_nll_loss(lib.rand(3, 2), lib.ones(3, 2), lib.ones(2)))
error_case("F.gaussian_nll_loss/negative_var",
           lambda lib, F: F.gaussian_nll_loss(lib.rand(3, 2), lib.ones(3, 2), -lib.ones(3, 2)))
error_case("F.gaussian_nll_loss/bad_reduction",
           lambda lib, F: F.gaussian_nll_loss(lib.rand(3, 2), lib.ones(3, 2), lib.ones(3, 2), reduction="x"))


def _multilabel(weight):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, rng.standard_normal((4, 5)) * 3, dtype)
        t = leaf(lib, (rng.random((4, 5)) < 0.5).astype(float), dtype)
        w = leaf(lib, rng.random(5), dtype) if weight else None
        out = lib.nn.functional.multilabel_soft_margin_loss(x, t, weight=w, reduction=reduction)
        return out, [v for v in (x, t, w) if v is not None]
    return build


loss_case("F.multilabel_soft_margin_loss", _multilabel(False))
loss_case("F.multilabel_soft_margin_loss/weight", _multilabel(True))


def _triplet(p=2.0, swap=False, margin=1.0, shape=(5, 4)):
    def build(lib, rng, dtype, reduction):
        a, pos, neg = (leaf(lib, rng.standard_normal(shape), dtype) for _ in range(3))
        out = lib.nn.functional.triplet_margin_loss(a, pos, neg, margin=margin, p=p, swap=swap, reduction=reduction)
        return out, [a, pos, neg]
    return build


loss_case("F.triplet_margin_loss", _triplet())
loss_case("F.triplet_margin_loss/p=1+swap", _triplet(p=1.0, swap=True, margin=2.0))
loss_case("F.triplet_margin_loss/unbatched", _triplet(shape=(4,), margin=3.0))
error_case("F.triplet_margin_loss/dims",
           lambda lib, F: F.triplet_margin_loss(lib.rand(3, 2), lib.rand(3), lib.rand(3, 2)))


def _triplet_distance(distance=None, swap=False, margin=1.0, shape=(5, 4), module=False):
    def build(lib, rng, dtype, reduction):
        a, pos, neg = (leaf(lib, rng.standard_normal(shape), dtype) for _ in range(3))
        fn = None if distance is None else distance(lib)
        if module:
            loss = lib.nn.TripletMarginWithDistanceLoss(distance_function=fn, margin=margin, swap=swap,
                                                        reduction=reduction)
            out = loss(a, pos, neg)
        else:
            out = lib.nn.functional.triplet_margin_with_distance_loss(a, pos, neg, distance_function=fn,
                                                                      margin=margin, swap=swap, reduction=reduction)
        return out, [a, pos, neg]
    return build


def _cosine_distance(lib):
    return lambda x, y: 1 - lib.nn.functional.cosine_similarity(x, y)


loss_case("F.triplet_margin_with_distance_loss", _triplet_distance())
loss_case("F.triplet_margin_with_distance_loss/cosine+swap", _triplet_distance(_cosine_distance, True, 0.5))
loss_case("F.triplet_margin_with_distance_loss/unbatched", _triplet_distance(shape=(4,), margin=2.0))
loss_case("nn.TripletMarginWithDistanceLoss", _triplet_distance(module=True))
loss_case("nn.TripletMarginWithDistanceLoss/l1+swap",
          _triplet_distance(lambda lib: lib.nn.PairwiseDistance(p=1), True, module=True))
error_case("F.triplet_margin_with_distance_loss/dims",
           lambda lib, F: F.triplet_margin_with_distance_loss(lib.rand(3, 2), lib.rand(3), lib.rand(3, 2)))
error_case("F.triplet_margin_with_distance_loss/margin",
           lambda lib, F: F.triplet_margin_with_distance_loss(lib.rand(3, 2), lib.rand(3, 2), lib.rand(3, 2),
                                                              margin=0))
error_case("F.triplet_margin_with_distance_loss/reduction",
           lambda lib, F: F.triplet_margin_with_distance_loss(lib.rand(3, 2), lib.rand(3, 2), lib.rand(3, 2),
                                                              margin=0, reduction="x"))
error_case("nn.TripletMarginWithDistanceLoss/margin", lambda lib, F: lib.nn.TripletMarginWithDistanceLoss(margin=-1))


@case("nn.TripletMarginWithDistanceLoss/repr", dtypes=None)
def _triplet_distance_repr(lib, rng, dtype):
    nn = lib.nn
    return {"repr": repr(nn.TripletMarginWithDistanceLoss()) + repr(nn.TripletMarginWithDistanceLoss(
        distance_function=nn.PairwiseDistance(p=1), margin=2.0, swap=True))}


@case("nn.NLLLoss2d")
def _nll_loss_2d(lib, rng, dtype):
    import warnings
    x = leaf(lib, rng.standard_normal((2, 3, 4, 5)), dtype)
    target = lib.tensor(rng.integers(0, 3, (2, 4, 5)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        loss = lib.nn.NLLLoss2d(ignore_index=1, reduction="sum")
    return grads_of(lib, rng, loss(lib.nn.functional.log_softmax(x, 1), target), [x])

for _bad in [("F.mse_loss", "mse_loss"), ("F.l1_loss", "l1_loss"), ("F.smooth_l1_loss", "smooth_l1_loss"),
             ("F.huber_loss", "huber_loss"), ("F.soft_margin_loss", "soft_margin_loss"),
             ("F.multilabel_soft_margin_loss", "multilabel_soft_margin_loss"),
             ("F.binary_cross_entropy_with_logits", "binary_cross_entropy_with_logits"),
             ("F.poisson_nll_loss", "poisson_nll_loss")]:
    error_case(_bad[0] + "/bad_reduction", lambda lib, F, fn=_bad[1]: getattr(F, fn)(
        lib.rand(3, 2), lib.rand(3, 2), reduction="avg"))
error_case("F.smooth_l1_loss/negative_beta", lambda lib, F: F.smooth_l1_loss(lib.rand(3), lib.rand(3), beta=-1.0))
error_case("F.huber_loss/zero_delta", lambda lib, F: F.huber_loss(lib.rand(3), lib.rand(3), delta=0.0))
error_case("F.mse_loss/long", lambda lib, F: F.mse_loss(lib.ones(3, dtype=lib.int64), lib.ones(3, dtype=lib.int64)))
error_case("F.mse_loss/not_broadcastable", lambda lib, F: F.mse_loss(lib.rand(3, 2), lib.rand(4)))
error_case("F.mse_loss/weight_size", lambda lib, F: F.mse_loss(lib.rand(3, 2), lib.rand(3, 2), weight=lib.rand(2)))


# --- modules ---------------------------------------------------------------------------------------------------------
def module_case(name, make, inputs):
    """nn.<name>: make(nn, lib, dtype) builds the module, inputs(lib, rng, dtype) its arguments."""
    @case("nn." + name)
    def body(lib, rng, dtype):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = make(lib.nn, lib, dtype)
            args = inputs(lib, rng, dtype)
            out = m(*args)
        result = grads_of(lib, rng, out, [a for a in args if a.requires_grad])
        result["repr"] = repr(m)
        result["buffers"] = sorted(name for name, _ in m.named_buffers())
        return result


def _logits_and_classes(lib, rng, dtype, ignore=None, shape=(6, 5)):
    return [leaf(lib, rng.standard_normal(shape) * 2, dtype), lib.tensor(_classes(rng, (shape[0],), shape[1], ignore))]


def _two(lib, rng, dtype, shape=(4, 5)):
    return [leaf(lib, rng.standard_normal(shape), dtype), leaf(lib, rng.standard_normal(shape), dtype)]


module_case("CrossEntropyLoss", lambda nn, lib, dt: nn.CrossEntropyLoss(), _logits_and_classes)
module_case("CrossEntropyLoss/label_smoothing", lambda nn, lib, dt: nn.CrossEntropyLoss(label_smoothing=0.1),
            _logits_and_classes)
module_case("CrossEntropyLoss/weight+ignore_index+sum", lambda nn, lib, dt: nn.CrossEntropyLoss(
    weight=lib.tensor([1.0, 2.0, 0.5, 1.0, 3.0], dtype=dt), ignore_index=4, reduction="sum"),
    lambda lib, rng, dt: _logits_and_classes(lib, rng, dt, ignore=4))
module_case("CrossEntropyLoss/legacy_reduce", lambda nn, lib, dt: nn.CrossEntropyLoss(reduce=False),
            _logits_and_classes)
module_case("NLLLoss/weight", lambda nn, lib, dt: nn.NLLLoss(weight=lib.tensor([1.0, 2.0, 0.5, 1.0, 3.0], dtype=dt)),
            _logits_and_classes)
module_case("MSELoss", lambda nn, lib, dt: nn.MSELoss(), _two)
module_case("MSELoss/sum", lambda nn, lib, dt: nn.MSELoss(reduction="sum"), _two)
module_case("L1Loss", lambda nn, lib, dt: nn.L1Loss(), _two)
module_case("SmoothL1Loss/beta=0.3", lambda nn, lib, dt: nn.SmoothL1Loss(beta=0.3), _two)
module_case("HuberLoss/delta=0.3", lambda nn, lib, dt: nn.HuberLoss(delta=0.3, reduction="none"), _two)
module_case("BCELoss/weight", lambda nn, lib, dt: nn.BCELoss(weight=lib.tensor([0.2, 1.0, 0.7, 1.5, 0.1], dtype=dt)),
            lambda lib, rng, dt: [leaf(lib, rng.random((4, 5)), dt), leaf(lib, rng.random((4, 5)), dt)])
module_case("BCEWithLogitsLoss/pos_weight", lambda nn, lib, dt: nn.BCEWithLogitsLoss(
    pos_weight=lib.tensor([1.0, 2.0, 3.0, 0.5, 1.5], dtype=dt)),
    lambda lib, rng, dt: [leaf(lib, rng.standard_normal((4, 5)), dt), leaf(lib, rng.random((4, 5)), dt)])
module_case("KLDivLoss/batchmean", lambda nn, lib, dt: nn.KLDivLoss(reduction="batchmean", log_target=True), _two)
module_case("SoftMarginLoss", lambda nn, lib, dt: nn.SoftMarginLoss(),
            lambda lib, rng, dt: _two(lib, rng, dt)[:1] + [values(lib, _sign_target(rng, (4, 5)), dt)])
module_case("MarginRankingLoss", lambda nn, lib, dt: nn.MarginRankingLoss(margin=0.1),
            lambda lib, rng, dt: _two(lib, rng, dt, (6,)) + [values(lib, _sign_target(rng, 6), dt)])
module_case("CosineEmbeddingLoss", lambda nn, lib, dt: nn.CosineEmbeddingLoss(margin=0.1),
            lambda lib, rng, dt: _two(lib, rng, dt) + [values(lib, _sign_target(rng, 4), dt)])
module_case("HingeEmbeddingLoss", lambda nn, lib, dt: nn.HingeEmbeddingLoss(margin=0.5),
            lambda lib, rng, dt: _two(lib, rng, dt)[:1] + [values(lib, _sign_target(rng, (4, 5)), dt)])
module_case("PoissonNLLLoss", lambda nn, lib, dt: nn.PoissonNLLLoss(full=True),
            lambda lib, rng, dt: [leaf(lib, rng.standard_normal((4, 5)), dt), leaf(lib, rng.random((4, 5)) * 3, dt)])
module_case("GaussianNLLLoss", lambda nn, lib, dt: nn.GaussianNLLLoss(full=True),
            lambda lib, rng, dt: _two(lib, rng, dt) + [leaf(lib, rng.random((4, 5)) + 0.1, dt)])
module_case("MultiLabelSoftMarginLoss", lambda nn, lib, dt: nn.MultiLabelSoftMarginLoss(
    weight=lib.tensor([0.2, 1.0, 0.7, 1.5, 0.1], dtype=dt)),
            lambda lib, rng, dt: [leaf(lib, rng.standard_normal((4, 5)), dt), leaf(lib, rng.random((4, 5)), dt)])
module_case("TripletMarginLoss", lambda nn, lib, dt: nn.TripletMarginLoss(margin=0.5, swap=True),
            lambda lib, rng, dt: _two(lib, rng, dt) + [leaf(lib, rng.standard_normal((4, 5)), dt)])


# --- edge values ----------------------------------------------------------------------------------------------------
@case("F.cosine_embedding_loss/zero_vectors")
def _cosine_embedding_zero(lib, rng, dtype):
    a = leaf(lib, [[0.0, 0.0], [1.0, 2.0], [0.5, -1.0]], dtype)
    b = leaf(lib, [[1.0, 0.0], [0.0, 0.0], [0.5, -1.0]], dtype)
    y = values(lib, [1.0, -1.0, 1.0], dtype)
    return grads_of(lib, rng, lib.nn.functional.cosine_embedding_loss(a, b, y, reduction="none"), [a, b])


@case("F.kl_div/zero_target")
def _kl_zero_target(lib, rng, dtype):
    x = leaf(lib, [[-1.0, -2.0, -0.5], [0.3, -0.1, -3.0]], dtype)
    t = leaf(lib, [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]], dtype)
    return grads_of(lib, rng, lib.nn.functional.kl_div(x, t, reduction="sum"), [x, t])


@case("F.poisson_nll_loss/full_small_targets")
def _poisson_small(lib, rng, dtype):
    x = leaf(lib, [0.3, 0.1, -0.2, 1.0, 2.0], dtype)
    t = leaf(lib, [0.0, 1.0, 2.0, 0.5, 1.5], dtype)
    return grads_of(lib, rng, lib.nn.functional.poisson_nll_loss(x, t, full=True, reduction="none"), [x, t])


# the two paths into d2/dx2 (through the input's and the target's gradient) partly cancel: float64 at 1e-8
@case("F.binary_cross_entropy/second_derivative", dtypes=("float64",), tol=(1e-8, 1e-9))
@case("F.binary_cross_entropy/second_derivative", dtypes=("float32",))
def _bce_second(lib, rng, dtype):
    from .cases_activation import second_order
    x = leaf(lib, rng.uniform(0.05, 0.95, 6), dtype)
    t = leaf(lib, rng.random(6), dtype)
    return second_order(lib, rng, lib.nn.functional.binary_cross_entropy(x, t, reduction="none"), [x, t])


@case("F.binary_cross_entropy_with_logits/second_derivative")
def _bcel_second(lib, rng, dtype):
    from .cases_activation import second_order
    x = leaf(lib, rng.standard_normal(6) * 3, dtype)
    t = leaf(lib, rng.random(6), dtype)
    pw = values(lib, rng.random(6) * 2, dtype)
    return second_order(lib, rng, lib.nn.functional.binary_cross_entropy_with_logits(x, t, pos_weight=pw), [x, t])


# --- multi-class margins ----------------------------------------------------------------------------------------
def _multi_margin(p, margin=1.0, weight=False, unbatched=False, ties=False):
    def build(lib, rng, dtype, reduction):
        shape = (5,) if unbatched else (6, 5)
        data = rng.standard_normal(shape)
        t = _classes(rng, () if unbatched else (6,), 5)
        if ties:  # x[j] exactly margin below x[y]: the hinge's kink
            data.reshape(-1, 5)[0] = [2.0, 1.0, 0.5, 1.0, -3.0]
            numpy.asarray(t).reshape(-1)[0] = 0
        x = leaf(lib, data, dtype)
        w = values(lib, rng.random(5) + 0.5, dtype) if weight else None
        out = lib.nn.functional.multi_margin_loss(x, lib.tensor(t), p=p, margin=margin, weight=w,
                                                  reduction=reduction)
        return out, [x]
    return build


loss_case("F.multi_margin_loss", _multi_margin(1, ties=True))
loss_case("F.multi_margin_loss/p=2+weight", _multi_margin(2, margin=0.5, weight=True))
loss_case("F.multi_margin_loss/unbatched", _multi_margin(1, margin=2.0, unbatched=True))


def _multilabel_margin(unbatched=False):
    def build(lib, rng, dtype, reduction):
        x = leaf(lib, rng.standard_normal(5 if unbatched else (4, 5)), dtype)
        rows = [[3, 0, -1, 2, 2], [1, 1, 4, 0, -1], [-1, 2, 3, 0, 0], [0, 1, 2, 3, 4]]
        t = lib.tensor(rows[0] if unbatched else rows)
        return lib.nn.functional.multilabel_margin_loss(x, t, reduction=reduction), [x]
    return build


loss_case("F.multilabel_margin_loss", _multilabel_margin())
loss_case("F.multilabel_margin_loss/unbatched", _multilabel_margin(unbatched=True))
error_case("F.multi_margin_loss/p=3", lambda lib, F: F.multi_margin_loss(lib.randn(3, 4), lib.tensor([1, 2, 3]), p=3))
error_case("F.multi_margin_loss/target_size", lambda lib, F: F.multi_margin_loss(lib.randn(3, 4), lib.tensor([1, 2])))
error_case("F.multi_margin_loss/out_of_range",
           lambda lib, F: F.multi_margin_loss(lib.randn(3, 4), lib.tensor([1, 2, 4])))
error_case("F.multi_margin_loss/weight_size",
           lambda lib, F: F.multi_margin_loss(lib.randn(3, 4), lib.tensor([1, 2, 3]), weight=lib.ones(3)))
error_case("F.multi_margin_loss/int32",
           lambda lib, F: F.multi_margin_loss(lib.randn(3, 4), lib.tensor([1, 2, 3], dtype=lib.int32)))
error_case("F.multi_margin_loss/3d", lambda lib, F: F.multi_margin_loss(lib.randn(3, 4, 2), lib.tensor([1, 2, 3])))
error_case("F.multilabel_margin_loss/target_size",
           lambda lib, F: F.multilabel_margin_loss(lib.randn(3, 4), lib.tensor([1, 2, 3])))
error_case("F.multilabel_margin_loss/out_of_range",
           lambda lib, F: F.multilabel_margin_loss(lib.randn(2, 4), lib.tensor([[1, 5, -1, 0], [3, 3, 3, 3]])))
module_case("MultiMarginLoss", lambda nn, lib, dt: nn.MultiMarginLoss(p=2, margin=0.7, weight=lib.tensor(
    [0.2, 1.0, 0.7, 1.5, 0.1], dtype=dt)), _logits_and_classes)
module_case("MultiLabelMarginLoss", lambda nn, lib, dt: nn.MultiLabelMarginLoss(reduction="sum"),
            lambda lib, rng, dt: [leaf(lib, rng.standard_normal((2, 3)), dt), lib.tensor([[2, -1, 0], [0, 1, 2]])])


@case("F.cross_entropy/empty_batch")
def _ce_empty(lib, rng, dtype):
    F = lib.nn.functional
    x = leaf(lib, numpy.zeros((0, 4)), dtype)
    t = lib.zeros(0, dtype=lib.int64)
    return {"mean": F.cross_entropy(x, t), "sum": F.cross_entropy(x, t, reduction="sum"),
            "none": F.cross_entropy(x, t, reduction="none"), "smooth": F.cross_entropy(x, t, label_smoothing=0.1)}
