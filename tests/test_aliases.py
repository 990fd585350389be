"""torch.dropout and friends when they really drop (train=True, 0 < p < 1): random, so not a parity case. The
properties torch guarantees are checked instead: kept elements scaled by 1/(1-p), whole channels together for the
feature forms, the in-place forms writing into their input."""
import math

import numpy as np

import minitorch as torch

SELU_NEGATIVE = -1.7580993408473766  # -scale * alpha of SELU


def _x(*shape):
    torch.manual_seed(0)
    return torch.randn(*shape, dtype=torch.float64) + 5  # no zeros, so a dropped element is recognisable


def test_dropout_keeps_or_zeroes_and_scales():
    x = _x(200, 50).requires_grad_()
    out = torch.dropout(x, 0.4, True)
    kept = out.detach().numpy() != 0
    assert np.allclose(out.detach().numpy()[kept], x.detach().numpy()[kept] / 0.6)
    assert abs(kept.mean() - 0.6) < 0.02
    out.sum().backward()
    assert np.allclose(x.grad.numpy(), kept / 0.6)


def test_feature_dropout_drops_whole_channels():
    x = _x(40, 30, 6)
    out = torch.feature_dropout(x, 0.5, True).numpy()
    per_channel = (out != 0).all(-1) | (out == 0).all(-1)
    assert per_channel.all()
    assert 0.35 < (out[..., 0] != 0).mean() < 0.65


def test_alpha_dropout_values_are_affine_or_the_fill():
    p = 0.3
    a = 1.0 / math.sqrt((1 - p) * (1 + p * SELU_NEGATIVE ** 2))
    b = -a * SELU_NEGATIVE * p
    x = _x(100, 40)
    out = torch.alpha_dropout(x, p, True).numpy()
    kept = np.isclose(out, a * x.numpy() + b)
    assert (kept | np.isclose(out, a * SELU_NEGATIVE + b)).all()
    assert abs(kept.mean() - (1 - p)) < 0.03


def test_feature_alpha_dropout_fills_whole_channels():
    x = _x(30, 20, 5)
    out = torch.feature_alpha_dropout(x, 0.5, True).numpy()
    filled = np.isclose(out, out[..., :1]).all(-1)
    assert 0.3 < filled.mean() < 0.7


def test_inplace_forms_write_into_the_input():
    for op in (torch.dropout_, torch.feature_dropout_, torch.alpha_dropout_, torch.feature_alpha_dropout_):
        x = _x(8, 6, 4)
        before = x.clone()
        assert op(x, 0.5, True) is x
        assert x._version > 0
        assert not np.allclose(x.numpy(), before.numpy())


def test_rrelu_training_slopes_within_bounds():
    x = -_x(50, 40)
    out = torch.rrelu(x, 0.1, 0.3, True).numpy()
    slopes = out / x.numpy()
    assert (slopes >= 0.1 - 1e-12).all() and (slopes <= 0.3 + 1e-12).all()
    assert slopes.std() > 0.01
