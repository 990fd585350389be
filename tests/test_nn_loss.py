"""Losses beyond the parity registry (minitorch/parity/cases_loss.py): finite-difference gradient checks of
every differentiable argument, double backward, stability for huge logits, torch's warnings and messages, and
loss modules' buffers / reprs / state_dict against torch."""
import warnings

import numpy as np
import pytest

import minitorch
import minitorch.nn.functional as F
from minitorch.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")


def leaf(array):
    return minitorch.tensor(array, dtype=minitorch.float64, requires_grad=True)


def const(array, dtype=minitorch.float64):
    return minitorch.tensor(array, dtype=dtype)


def _away(rng, shape, lo=0.2):
    """Differences of magnitude in [lo, 2) (away from the kinks at 0 and +-1 of the piecewise losses)."""
    d = rng.uniform(lo, 2.0, shape) * np.where(rng.random(shape) < 0.5, -1, 1)
    d[np.abs(np.abs(d) - 1.0) < 0.1] *= 1.3
    return d


def test_gradcheck_regression_losses(rng):
    x = leaf(rng.standard_normal((3, 4)))
    t = leaf(x.detach().numpy() - _away(rng, (3, 4)))
    w = leaf(rng.random((3, 4)))
    for fn in [lambda a, b, c: F.mse_loss(a, b), lambda a, b, c: F.mse_loss(a, b, weight=c),
               lambda a, b, c: F.l1_loss(a, b, reduction="sum"), lambda a, b, c: F.l1_loss(a, b, weight=c),
               lambda a, b, c: F.smooth_l1_loss(a, b, beta=0.5), lambda a, b, c: F.huber_loss(a, b, delta=1.5),
               lambda a, b, c: F.huber_loss(a, b, weight=c, reduction="none")]:
        assert gradcheck(fn, (x, t, w))
    assert gradgradcheck(lambda a, b: F.mse_loss(a, b), (x, t))
    assert gradgradcheck(lambda a, b: F.smooth_l1_loss(a, b, beta=3.0), (x, t))


@pytest.mark.parametrize("options", [{}, {"label_smoothing": 0.2}, {"ignore_index": 1}, {"weight": True},
                                     {"weight": True, "label_smoothing": 0.1, "ignore_index": 2},
                                     {"reduction": "none", "label_smoothing": 0.3}, {"reduction": "sum"}])
def test_gradcheck_cross_entropy_class_indices(rng, options):
    options = dict(options)
    if options.pop("weight", False):
        options["weight"] = const(rng.random(5) + 0.5)
    x = leaf(rng.standard_normal((6, 5, 2)))
    t = minitorch.tensor(rng.integers(0, 5, (6, 2)))
    assert gradcheck(lambda a: F.cross_entropy(a, t, **options), (x,))
    assert gradgradcheck(lambda a: F.cross_entropy(a, t, **options), (x,))


def test_gradcheck_cross_entropy_probabilities_wrt_input_and_target(rng):
    x = leaf(rng.standard_normal((4, 3)))
    p = rng.random((4, 3))
    t = leaf(p / p.sum(1, keepdims=True))
    w = const(rng.random(3) + 0.5)
    assert gradcheck(lambda a, b: F.cross_entropy(a, b, weight=w, label_smoothing=0.1), (x, t))
    assert gradgradcheck(lambda a, b: F.cross_entropy(a, b), (x, t))


def test_gradcheck_binary_losses(rng):
    p = leaf(rng.uniform(0.05, 0.95, (3, 4)))
    t = leaf(rng.random((3, 4)))
    logits = leaf(rng.standard_normal((3, 4)) * 2)
    w, pw = const(rng.random(4)), const(rng.random(4) * 3)
    assert gradcheck(lambda a, b: F.binary_cross_entropy(a, b, weight=w), (p, t))
    assert gradcheck(lambda a, b: F.binary_cross_entropy_with_logits(a, b, weight=w, pos_weight=pw), (logits, t))
    assert gradgradcheck(lambda a, b: F.binary_cross_entropy_with_logits(a, b, pos_weight=pw), (logits, t))
    assert gradgradcheck(lambda a: F.binary_cross_entropy(a, t.detach()), (p,))


def test_gradcheck_other_losses(rng):
    x = leaf(rng.standard_normal((4, 3)))
    y = leaf(rng.standard_normal((4, 3)))
    sign = const(np.where(rng.random((4, 3)) < 0.5, -1.0, 1.0))
    row_sign = const(np.where(rng.random(4) < 0.5, -1.0, 1.0))
    pos = leaf(rng.random((4, 3)) * 3 + 0.2)
    var = leaf(rng.random((4, 3)) + 0.3)
    labels = leaf((rng.random((4, 3)) < 0.5).astype(float))
    probs = rng.random((4, 3))
    p = leaf(probs / probs.sum(1, keepdims=True))
    smooth = [
        (lambda a, b: F.kl_div(a, b, reduction="batchmean"), (x, p)),
        (lambda a, b: F.kl_div(a, b, reduction="sum", log_target=True), (x, y)),
        (lambda a: F.soft_margin_loss(a, sign), (x,)),
        (lambda a, b: F.poisson_nll_loss(a, b, full=True), (x, pos)),
        (lambda a, b: F.poisson_nll_loss(a, b, log_input=False), (pos, y)),
        (lambda a, b, v: F.gaussian_nll_loss(a, b, v, full=True), (x, y, var)),
        (lambda a, b: F.multilabel_soft_margin_loss(a, b), (x, labels)),
        (lambda a, b: F.cosine_embedding_loss(a, b, row_sign, margin=-1.0), (x, y)),
    ]
    for fn, inputs in smooth:
        assert gradcheck(fn, inputs)
        assert gradgradcheck(fn, inputs)
    z = leaf(rng.standard_normal((4, 3)))
    piecewise = [
        (lambda a, b, c: F.margin_ranking_loss(a, b, c, margin=0.1), (x, y, leaf(sign.numpy()))),
        (lambda a: F.hinge_embedding_loss(a, sign, margin=0.5), (leaf(np.abs(x.detach().numpy()) + 0.7),)),
        (lambda a, b, c: F.triplet_margin_loss(a, b, c, margin=5.0, swap=True), (x, y, z)),
        (lambda a, b, c: F.triplet_margin_loss(a, b, c, margin=5.0, p=1), (x, y, z)),
    ]
    for fn, inputs in piecewise:
        assert gradcheck(fn, inputs)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_huge_logits_stay_finite_and_match_torch(rng, dtype):
    logits = rng.standard_normal((8, 5)) * 1e4
    classes = rng.integers(0, 5, 8)
    targets = rng.random((8, 5))
    results = []
    for lib in (torch, minitorch):
        x = lib.tensor(logits, dtype=getattr(lib, dtype), requires_grad=True)
        t = lib.tensor(targets, dtype=getattr(lib, dtype))
        ce = lib.nn.functional.cross_entropy(x, lib.tensor(classes), label_smoothing=0.1)
        bce = lib.nn.functional.binary_cross_entropy_with_logits(x, t, pos_weight=lib.ones(5, dtype=x.dtype) * 2)
        msm = lib.nn.functional.multilabel_soft_margin_loss(x, t)
        (ce + bce + msm).backward()
        results.append([v.detach().numpy() for v in (ce, bce, msm, x.grad)])
    for ours, theirs in zip(results[1], results[0]):
        assert np.isfinite(ours).all()
        np.testing.assert_allclose(ours, theirs, rtol=1e-5 if dtype == "float32" else 1e-10, atol=1e-6)


def test_weighted_mean_divides_by_the_weights_of_kept_targets():
    logp = F.log_softmax(const([[1.0, 2.0, 3.0], [0.5, 0.1, 0.2], [2.0, 0.0, -1.0]]), 1)
    target = minitorch.tensor([2, 0, 1])
    weight = const([1.0, 2.0, 4.0])
    picked = [logp[0, 2].item() * 4.0, logp[1, 0].item() * 1.0]  # row 2 is ignored
    expected = -sum(picked) / (4.0 + 1.0)
    got = F.nll_loss(logp, target, weight=weight, ignore_index=1)
    assert got.item() == pytest.approx(expected, rel=1e-14)


def _warnings_of(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call()
    return [(w.category, str(w.message)) for w in caught]


@pytest.mark.parametrize("call", [
    lambda lib: lib.nn.functional.mse_loss(lib.ones(3, 1), lib.ones(3)),
    lambda lib: lib.nn.functional.l1_loss(lib.ones(3, 1), lib.ones(3)),
    lambda lib: lib.nn.functional.huber_loss(lib.ones(2, 1), lib.ones(2)),
    lambda lib: lib.nn.functional.smooth_l1_loss(lib.ones(2, 1), lib.ones(2)),
    lambda lib: lib.nn.functional.kl_div(lib.ones(2), lib.ones(2)),
    lambda lib: lib.nn.functional.cross_entropy(lib.ones(2, 3), lib.tensor([0, 1]), size_average=False),
    lambda lib: lib.nn.MSELoss(reduce=False),
    lambda lib: lib.nn.NLLLoss(size_average=True, reduce=True),
])
def test_warnings_match_torch(call):
    assert _warnings_of(lambda: call(minitorch)) == _warnings_of(lambda: call(torch))


def test_size_mismatch_warning_points_at_the_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        F.mse_loss(minitorch.ones(3, 1), minitorch.ones(3))
    assert caught[0].filename == __file__


@pytest.mark.parametrize("call", [
    lambda lib: lib.nn.functional.cross_entropy(lib.ones(3, 5), lib.tensor([1, 2, 3], dtype=lib.int32)),
    lambda lib: lib.nn.functional.cross_entropy(lib.ones(3, 5), lib.tensor([1, 2, 7])),
    lambda lib: lib.nn.functional.cross_entropy(lib.ones(3, 5), lib.tensor([1, 2])),
    lambda lib: lib.nn.functional.cross_entropy(lib.ones(3, 5), lib.tensor([1, 2, 3]), weight=lib.ones(4)),
    lambda lib: lib.nn.functional.nll_loss(lib.ones(2, 5, 3), lib.zeros(2, 4, dtype=lib.int64)),
    lambda lib: lib.nn.functional.nll_loss(lib.ones(5), lib.tensor([1, 2])),
    lambda lib: lib.nn.functional.mse_loss(lib.ones(3), lib.ones(3), reduction="avg"),
    lambda lib: lib.nn.functional.binary_cross_entropy(lib.ones(3, 1), lib.ones(3)),
    lambda lib: lib.nn.functional.binary_cross_entropy_with_logits(lib.ones(3, 1), lib.ones(3)),
    lambda lib: lib.nn.functional.smooth_l1_loss(lib.ones(3), lib.ones(3), beta=-1.0),
    lambda lib: lib.nn.functional.gaussian_nll_loss(lib.ones(3, 2), lib.ones(3, 2), lib.ones(2)),
])
def test_error_types_and_messages_match_torch(call):
    with pytest.raises(Exception) as theirs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call(torch)
    with pytest.raises(type(theirs.value)) as ours:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call(minitorch)
    assert str(ours.value) == str(theirs.value)


LOSS_MODULES = [
    ("L1Loss", {}), ("MSELoss", {"reduction": "sum"}), ("SmoothL1Loss", {"beta": 0.5}), ("HuberLoss", {"delta": 2}),
    ("NLLLoss", {"weight": [1.0, 2.0, 3.0], "ignore_index": 1}), ("CrossEntropyLoss", {"label_smoothing": 0.1}),
    ("CrossEntropyLoss", {"weight": [1.0, 2.0, 3.0]}), ("BCELoss", {"weight": [0.5, 1.0, 2.0]}),
    ("BCEWithLogitsLoss", {"weight": [1.0, 2.0, 3.0], "pos_weight": [2.0, 1.0, 0.5]}), ("BCEWithLogitsLoss", {}),
    ("KLDivLoss", {"reduction": "batchmean", "log_target": True}), ("SoftMarginLoss", {}),
    ("MarginRankingLoss", {"margin": 0.5}), ("CosineEmbeddingLoss", {}), ("HingeEmbeddingLoss", {"margin": 2.0}),
    ("PoissonNLLLoss", {"full": True}), ("GaussianNLLLoss", {"full": True}),
    ("MultiLabelSoftMarginLoss", {"weight": [1.0, 2.0, 3.0]}), ("TripletMarginLoss", {"swap": True}),
    ("MultiMarginLoss", {"p": 2, "weight": [1.0, 2.0, 3.0]}), ("MultiLabelMarginLoss", {"reduction": "none"}),
]


@pytest.mark.parametrize("name, options", LOSS_MODULES, ids=lambda v: str(v))
def test_loss_module_state_matches_torch(name, options):
    def build(lib):
        kwargs = {k: lib.tensor(v) if isinstance(v, list) else v for k, v in options.items()}
        return getattr(lib.nn, name)(**kwargs)
    ours, theirs = build(minitorch), build(torch)
    assert repr(ours) == repr(theirs)
    assert ours.reduction == theirs.reduction
    assert sorted(ours.state_dict()) == sorted(theirs.state_dict())
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    if "weight" in options:
        assert ours.double().weight.dtype is minitorch.float64


def test_cross_entropy_module_trains_like_torch(rng):
    """A few SGD steps of a linear classifier with class weights and label smoothing, in both libraries."""
    data, labels = rng.standard_normal((16, 4)), rng.integers(0, 3, 16)
    w0 = rng.standard_normal((3, 4)) * 0.1
    finals = []
    for lib in (torch, minitorch):
        w = lib.tensor(w0, requires_grad=True)
        loss_fn = lib.nn.CrossEntropyLoss(weight=lib.tensor([1.0, 2.0, 0.5], dtype=lib.float64),
                                          label_smoothing=0.05)
        for _ in range(5):
            loss = loss_fn(lib.tensor(data) @ w.t(), lib.tensor(labels))
            (g,) = lib.autograd.grad(loss, w)
            w = (w - 0.5 * g).detach().requires_grad_(True)
        finals.append(w.detach().numpy())
    np.testing.assert_allclose(finals[1], finals[0], rtol=1e-12, atol=1e-14)


def test_gradcheck_multi_class_margin_losses(rng):
    x = leaf(rng.standard_normal((4, 5)) * 3)
    t = minitorch.tensor([0, 3, 1, 4])
    w = const(rng.random(5) + 0.5)
    labels = minitorch.tensor([[3, 0, -1, 2, 2], [1, 1, 4, 0, -1], [-1, 2, 3, 0, 0], [0, 1, 2, 3, 4]])
    for fn in [lambda a: F.multi_margin_loss(a, t), lambda a: F.multi_margin_loss(a, t, p=2, weight=w, margin=0.3),
               lambda a: F.multilabel_margin_loss(a, labels, reduction="none")]:
        assert gradcheck(fn, (x,))
