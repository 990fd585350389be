"""F.gumbel_softmax: a differentiable sample from the categorical distribution softmax(logits) (Jang et al.).

    g = -log(E), E ~ Exponential(1)           # Gumbel(0, 1) noise
    y = softmax((logits + g) / tau, dim)
    hard: the one-hot of argmax y in the forward, y's gradient in the backward (y_hard - y.detach() + y)
"""
import warnings

from ...creation import empty_like, zeros_like

__all__ = ["gumbel_softmax"]


def gumbel_softmax(logits, tau=1.0, hard=False, eps=1e-10, dim=-1):
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=2)
    gumbels = -empty_like(logits).exponential_().log()
    y_soft = ((logits + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    index = y_soft.max(dim, keepdim=True)[1]
    y_hard = zeros_like(logits).scatter_(dim, index, 1.0)
    return y_hard - y_soft.detach() + y_soft
