"""scaled_dot_product_attention: softmax(Q K^T * scale + mask) V, and multi_head_attention_forward (project
query/key/value, attend per head, concatenate the heads, project the result; nn.MultiheadAttention's computation),
built from differentiable Tensor ops."""
import math
import warnings

from ... import creation
from ...autograd.grad_mode import is_grad_enabled
from ...ops.shape import cat
from .dropout import dropout
from .linear import linear

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


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


# --- multi-head attention -----------------------------------------------------------------------------------------
def canonical_mask(mask, name, dtype, attn_mask=None):
    """torch's MHA masks: a bool mask (True = not attended) as -inf/0 in dtype; a float mask as it is. A
    key_padding_mask of another dtype than attn_mask is deprecated (warned)."""
    if mask is None:
        return mask
    if mask.dtype.name != "bool" and not mask.dtype.is_floating_point:
        raise AssertionError("only bool and floating types of %s are supported" % name)
    if attn_mask is not None and attn_mask.dtype is not mask.dtype:
        warnings.warn("Support for mismatched %s and attn_mask is deprecated. Use same type for both instead." % name,
                      stacklevel=3)
    if mask.dtype.is_floating_point:
        return mask
    return creation.zeros(tuple(mask.shape), dtype=dtype, device=mask.device).masked_fill(mask, -math.inf)


def _pad_last(mask):
    """Append one zero (attend) column to a mask: for the extra bias_k / zero-attention key."""
    if mask is None:
        return None
    return cat([mask, mask.new_zeros(tuple(mask.shape[:-1]) + (1,))], -1)


def _shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    """True for batched (L, N, E) input, False for unbatched (L, E); torch's AssertionErrors otherwise."""
    if query.dim() not in (2, 3):
        raise AssertionError("query should be unbatched 2D or batched 3D tensor but received %d-D query tensor"
                             % query.dim())
    batched = query.dim() == 3
    kind = "batched (3-D)" if batched else "unbatched (2-D)"
    if key.dim() != query.dim() or value.dim() != query.dim():
        raise AssertionError("For %s `query`, expected `key` and `value` to be %d-D but found %d-D and %d-D tensors "
                             "respectively" % (kind, query.dim(), key.dim(), value.dim()))
    if key_padding_mask is not None and key_padding_mask.dim() != query.dim() - 1:
        raise AssertionError("For %s `query`, expected `key_padding_mask` to be `None` or %d-D but found %d-D "
                             "tensor instead" % (kind, query.dim() - 1, key_padding_mask.dim()))
    if attn_mask is not None:
        if attn_mask.dim() not in (2, 3):
            raise AssertionError("For %s `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found %d-D "
                                 "tensor instead" % (kind, attn_mask.dim()))
        expected = (num_heads, query.shape[0], key.shape[0])
        if not batched and attn_mask.dim() == 3 and tuple(attn_mask.shape) != expected:
            raise AssertionError("Expected `attn_mask` shape to be %s but got %s" % (expected, tuple(attn_mask.shape)))
    return batched


def _static(t, name, rows, head_dim):
    if t.shape[0] != rows:
        raise AssertionError("expecting %s.size(0) of %d, but got %d" % (name, rows, t.shape[0]))
    if t.shape[2] != head_dim:
        raise AssertionError("expecting %s.size(2) of %d, but got %d" % (name, head_dim, t.shape[2]))
    return t


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
                                 bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias,
                                 training=True, key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None, k_proj_weight=None,
                                 v_proj_weight=None, static_k=None, static_v=None, average_attn_weights=True,
                                 is_causal=False):
    """query (L, N, E), key (S, N, kdim), value (S, N, vdim) (or unbatched without N) -> (attn_output (L, N, E),
    attention weights (N, L, S) averaged over heads / (N, H, L, S), or None when not need_weights). Masks as torch's:
    a True entry is *not* attended, a float is added; static_k / static_v (N*H, S, E/H) replace the projected
    key / value."""
    batched = _shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not batched:
        query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
        key_padding_mask = None if key_padding_mask is None else key_padding_mask.unsqueeze(0)
    tgt_len, bsz, e = query.shape
    key_padding_mask = canonical_mask(key_padding_mask, "key_padding_mask", query.dtype, attn_mask)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                           "method `generate_square_subsequent_mask` to create this mask.")
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # the hint alone: the fused path applies the causal mask itself
    else:
        attn_mask = canonical_mask(attn_mask, "attn_mask", query.dtype)
        is_causal = is_causal and key_padding_mask is None  # a merged mask is no longer causal
    if e != embed_dim_to_check:
        raise AssertionError("was expecting embedding dimension of %d, but got %d" % (embed_dim_to_check, e))
    head_dim = e // num_heads
    if head_dim * num_heads != e:
        raise AssertionError("embed_dim %d not divisible by num_heads %d" % (e, num_heads))
    if use_separate_proj_weight and tuple(key.shape[:2]) != tuple(value.shape[:2]):
        raise AssertionError("key's sequence and batch dims %s do not match value's %s"
                             % (tuple(key.shape[:2]), tuple(value.shape[:2])))
    if not use_separate_proj_weight and tuple(key.shape) != tuple(value.shape):
        raise AssertionError("key shape %s does not match value shape %s" % (tuple(key.shape), tuple(value.shape)))
    # q, k, v = x W^T + b with the packed (3E, E) weight's thirds or the separate weights
    if use_separate_proj_weight:
        for name, w in (("q", q_proj_weight), ("k", k_proj_weight), ("v", v_proj_weight)):
            if w is None:
                raise AssertionError("use_separate_proj_weight is True but %s_proj_weight is None" % name)
        weights = (q_proj_weight, k_proj_weight, v_proj_weight)
    else:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        weights = in_proj_weight.chunk(3)
    biases = (None,) * 3 if in_proj_bias is None else in_proj_bias.chunk(3)
    q, k, v = (linear(x, w, b) for x, w, b in zip((query, key, value), weights, biases))
    src_len = key.shape[0]
    if attn_mask is not None:
        expected = (tgt_len, src_len) if attn_mask.dim() == 2 else (bsz * num_heads, tgt_len, src_len)
        if tuple(attn_mask.shape) != expected:
            raise RuntimeError("The shape of the %dD attn_mask is %s, but should be %s."
                               % (attn_mask.dim(), tuple(attn_mask.shape), expected))
        attn_mask = attn_mask.unsqueeze(0) if attn_mask.dim() == 2 else attn_mask
    if bias_k is not None and bias_v is not None:  # one learned extra key/value per batch element
        if static_k is not None or static_v is not None:
            raise AssertionError("bias cannot be added to static %s." % ("key" if static_k is not None else "value"))
        k, v = cat([k, bias_k.expand(1, bsz, e)], 0), cat([v, bias_v.expand(1, bsz, e)], 0)
        attn_mask, key_padding_mask = _pad_last(attn_mask), _pad_last(key_padding_mask)
    elif bias_k is not None or bias_v is not None:
        raise AssertionError("bias_k is set but bias_v is None" if bias_k is not None
                             else "bias_v is set but bias_k is None")
    rows = bsz * num_heads
    q = q.reshape(tgt_len, rows, head_dim).transpose(0, 1)  # (N*H, len, hd)
    k = _static(static_k, "static_k", rows, head_dim) if static_k is not None else \
        k.reshape(k.shape[0], rows, head_dim).transpose(0, 1)
    v = _static(static_v, "static_v", rows, head_dim) if static_v is not None else \
        v.reshape(v.shape[0], rows, head_dim).transpose(0, 1)
    if add_zero_attn:  # one all-zero extra key/value
        k, v = cat([k, k.new_zeros((rows, 1, head_dim))], 1), cat([v, v.new_zeros((rows, 1, head_dim))], 1)
        attn_mask, key_padding_mask = _pad_last(attn_mask), _pad_last(key_padding_mask)
    src_len = k.shape[1]
    if key_padding_mask is not None:
        if tuple(key_padding_mask.shape) != (bsz, src_len):
            i, n = (0, bsz) if key_padding_mask.shape[0] != bsz else (1, src_len)
            raise AssertionError("Expected key_padded_mask.shape[%d] to be %d, but got %d"
                                 % (i, n, key_padding_mask.shape[i]))
        padding = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(bsz, num_heads, 1, src_len)
        padding = padding.reshape(rows, 1, src_len)
        attn_mask = padding if attn_mask is None else attn_mask + padding
    dropout_p = dropout_p if training else 0.0
    if need_weights:  # weights = softmax(q / sqrt(hd) k^T + mask), out = weights v
        scores = (q * math.sqrt(1.0 / head_dim)).matmul(k.transpose(1, 2))
        weights = (scores if attn_mask is None else scores + attn_mask).softmax(-1)
        if dropout_p > 0.0:
            weights = dropout(weights, dropout_p)
        out = weights.matmul(v).transpose(0, 1).reshape(tgt_len * bsz, e)
    else:  # the fused path, where a row with every key masked out gives zeros instead of NaN
        if attn_mask is not None:
            attn_mask = (attn_mask.unsqueeze(0) if attn_mask.shape[0] == 1 and attn_mask.dim() == 3
                         else attn_mask.reshape(bsz, num_heads, -1, src_len))
        q, k, v = (t.reshape(bsz, num_heads, t.shape[1], head_dim) for t in (q, k, v))
        out = scaled_dot_product_attention(q, k, v, attn_mask, dropout_p, is_causal)
        out = out.permute(2, 0, 1, 3).reshape(bsz * tgt_len, e)
    out = linear(out, out_proj_weight, out_proj_bias).reshape(tgt_len, bsz, out_proj_weight.shape[0])
    if not batched:
        out = out.squeeze(1)
    if not need_weights:
        return out, None
    weights = weights.reshape(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.mean(1)
    return out, (weights if batched else weights.squeeze(0))
