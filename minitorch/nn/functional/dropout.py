"""Dropout family: zero elements (or whole channels) with probability p and scale the rest by 1/(1-p);
alpha dropout keeps SELU's mean and variance instead. All are the identity when not training."""
import math
import warnings


__all__ = ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout", "feature_alpha_dropout"]

SELU_NEGATIVE = -1.7580993408473766  # SELU's limit for x -> -inf: -scale * alpha


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability has to be between 0 and 1, but got %s" % p)


def _keep_mask(input, p, shape):
    """1 with probability 1 - p, else 0, in input's dtype (shape broadcasts against input): torch's bernoulli_
    draws, so a seeded stream drops what torch drops."""
    return input.new_empty(shape).bernoulli_(1 - p)


def _apply(input, factor, shift, inplace):
    """input * factor (+ shift), in place when asked."""
    if inplace:
        input.mul_(factor)
        return input if shift is None else input.add_(shift)
    out = input * factor
    return out if shift is None else out + shift


def _dropout(input, p, training, inplace, mask_shape):
    _check_p(p)
    if not training or p == 0:
        return input
    if p == 1:
        return _apply(input, input.new_zeros(()), None, inplace)
    return _apply(input, _keep_mask(input, p, mask_shape).div_(1 - p), None, inplace)


def _alpha_dropout(input, p, training, inplace, mask_shape):
    _check_p(p)
    if not training or p == 0:
        return input
    if p == 1:
        return _apply(input, input.new_zeros(()), None, inplace)
    keep = _keep_mask(input, p, mask_shape)
    # out = a * (x * m + alpha' * (1 - m)) + b, with a, b restoring zero mean and unit variance (alpha' = -alpha);
    # as torch orders it: x * (m a) + ((m - 1) alpha a + alpha a p)
    alpha = -SELU_NEGATIVE
    a = 1.0 / math.sqrt((alpha * alpha * p + 1) * (1 - p))
    return _apply(input, keep * a, (keep - 1) * (alpha * a) + alpha * a * p, inplace)


def _channel_mask_shape(input, batched):
    """Whole channels drop together: the mask spans the batch and channel dims and is 1 elsewhere."""
    lead = 2 if batched else 1
    return tuple(input.shape[:lead]) + (1,) * (input.dim() - lead)


def dropout(input, p=0.5, training=True, inplace=False):
    return _dropout(input, p, training, inplace, tuple(input.shape))


def dropout1d(input, p=0.5, training=True, inplace=False):
    if input.dim() not in (2, 3):
        raise RuntimeError("dropout1d: Expected 2D or 3D input, but received a %dD input. Note that dropout1d "
                           "exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel "
                           "dimension, and an optional batch dimension (i.e. 2D or 3D inputs)." % input.dim())
    return _dropout(input, p, training, inplace, _channel_mask_shape(input, input.dim() == 3))


def _warn_dims(name, input, spatial):
    warnings.warn("%s: Received a %d-D input to %s, which is deprecated and will result in an error in a future "
                  "release. To retain the behavior and silence this warning, please use dropout instead. Note that "
                  "%s exists to provide channel-wise dropout on inputs with %d spatial dimensions, a channel "
                  "dimension, and an optional batch dimension (i.e. %dD or %dD inputs)."
                  % (name, input.dim(), name, name, spatial, spatial + 1, spatial + 2))


def dropout2d(input, p=0.5, training=True, inplace=False):
    if input.dim() == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout "
                      "behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. "
                      "This behavior will change in a future release to interpret the input as one without a batch "
                      "dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please "
                      "switch to using dropout1d instead.")
    elif input.dim() != 4:
        _warn_dims("dropout2d", input, 2)
    return _dropout(input, p, training, inplace, _channel_mask_shape(input, True))


def dropout3d(input, p=0.5, training=True, inplace=False):
    if input.dim() not in (4, 5):
        _warn_dims("dropout3d", input, 3)
    return _dropout(input, p, training, inplace, _channel_mask_shape(input, input.dim() == 5))


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _alpha_dropout(input, p, training, inplace, tuple(input.shape))


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    return _alpha_dropout(input, p, training, inplace, _channel_mask_shape(input, True))
