"""scaled_dot_product_attention: softmax(Q K^T * scale + mask) V, built from differentiable Tensor ops."""
import math

from ... import creation
from ...autograd.grad_mode import is_grad_enabled
from .dropout import dropout

__all__ = ["scaled_dot_product_attention"]


def _causal_mask(query, key):
    """True where key position j <= query position i (the lower triangle of an (L, S) grid)."""
    rows = creation.arange(query.shape[-2], device=query.device).unsqueeze(-1)
    cols = creation.arange(key.shape[-2], device=query.device)
    return cols <= rows


def _repeat_heads(t, heads):
    """(..., Hk, S, E) -> (..., heads, S, E), each key/value head repeated heads // Hk times in a row."""
    hk = t.shape[-3]
    if hk == heads:
        return t
    lead, (s, e) = tuple(t.shape[:-3]), tuple(t.shape[-2:])
    return t.unsqueeze(-3).expand(*lead, hk, heads // hk, s, e).reshape(*lead, heads, s, e)


def _check(query, key, value, attn_mask, is_causal, enable_gqa):
    needs_grad = is_grad_enabled() and any(t.requires_grad for t in (query, key, value))
    if is_causal and attn_mask is not None and (needs_grad or query.dim() != 4):  # torch's fused 4-d kernel allows it
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    if not (query.dtype is key.dtype is value.dtype):
        raise RuntimeError("Expected query, key, and value to have the same dtype, but got query.dtype: %s key.dtype: "
                           "%s and value.dtype: %s instead." % (query.dtype, key.dtype, value.dtype))
    if min(query.dim(), key.dim(), value.dim()) < 2:
        raise RuntimeError("Expected query, key, and value to all be at least 2 dimensional, but got query.dim: %d "
                           "key.dim: %d and value.dim: %d instead." % (query.dim(), key.dim(), value.dim()))
    if attn_mask is not None and attn_mask.dtype.name not in ("bool", "float32") and attn_mask.dtype is not query.dtype:
        raise RuntimeError("Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           "attn_mask.dtype: %s and query.dtype: %s instead." % (attn_mask.dtype, query.dtype))
    if enable_gqa and query.dim() >= 3 and (key.shape[-3] == 0 or query.shape[-3] % key.shape[-3]
                                              or query.shape[-3] % value.shape[-3]):
        raise RuntimeError("Number of heads in key and value must divide the number of heads in query, got %d query "
                           "heads, %d key heads and %d value heads"
                           % (query.shape[-3], key.shape[-3], value.shape[-3]))


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """query (..., L, E), key (..., S, E), value (..., S, Ev) -> (..., L, Ev). A bool attn_mask keeps the True
    positions, a float one is added to the scores; is_causal keeps only j <= i. A row with every key masked out
    gives zeros (torch's safe softmax)."""
    _check(query, key, value, attn_mask, is_causal, enable_gqa)
    if enable_gqa and query.dim() >= 3:
        key, value = _repeat_heads(key, query.shape[-3]), _repeat_heads(value, query.shape[-3])
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = query.matmul(key.transpose(-2, -1)) * scale  # (..., L, S)
    if is_causal:
        causal = _causal_mask(query, key)
        attn_mask = causal if attn_mask is None else (causal & attn_mask if attn_mask.dtype.name == "bool"
                                                      else attn_mask.masked_fill(~causal, -math.inf))
    if attn_mask is not None:
        scores = (scores.masked_fill(~attn_mask, -math.inf) if attn_mask.dtype.name == "bool"
                  else scores + attn_mask.to(scores.dtype))
    blocked = (scores == -math.inf).all(-1, keepdim=True)  # rows with no key left
    weights = scores.masked_fill(blocked, 0.0).softmax(-1).masked_fill(blocked, 0.0)
    if dropout_p > 0.0:
        weights = dropout(weights, dropout_p, training=True)
    return weights.matmul(value)
