"""MultiheadAttention: project query/key/value, attend per head, concatenate the heads, project the result.

Parameter names, shapes and initialisation are torch's: ``in_proj_weight`` (3E, E) when key and value have the
embedding size, else ``q_proj_weight`` (E, E), ``k_proj_weight`` (E, kdim), ``v_proj_weight`` (E, vdim);
``in_proj_bias`` (3E,), ``bias_k``/``bias_v`` (1, 1, E), and ``out_proj`` a Linear(E, E), so torch weights load
unchanged. Masks follow torch: in attn_mask and key_padding_mask a True entry is *not* attended, a float is added.
"""
import math

from ... import creation
from ...ops.shape import cat
from .. import functional as F
from .. import init
from ..module import Module
from ..parameter import Parameter
from .linear import Linear

__all__ = ["MultiheadAttention"]


def _additive(mask, dtype):
    """A bool mask (True = blocked) as -inf/0 in dtype; a float mask as it is."""
    if mask is None or mask.dtype.is_floating_point:
        return mask
    return creation.zeros(tuple(mask.shape), dtype=dtype, device=mask.device).masked_fill(mask, -math.inf)


def _pad_last(mask):
    """Append one zero (attend) column to a mask: for the extra bias_k / zero-attention key."""
    if mask is None:
        return None
    return cat([mask, mask.new_zeros(tuple(mask.shape[:-1]) + (1,))], -1)


class MultiheadAttention(Module):
    def __init__(self, embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False,
                 kdim=None, vdim=None, batch_first=False, device=None, dtype=None):
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError("embed_dim and num_heads must be greater than 0, got embed_dim=%s and num_heads=%s "
                             "instead" % (embed_dim, num_heads))
        super().__init__()
        factory = {"device": device, "dtype": dtype}
        self.embed_dim, self.num_heads, self.dropout, self.batch_first = embed_dim, num_heads, dropout, batch_first
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.head_dim = embed_dim // num_heads
        assert self.head_dim * num_heads == embed_dim, "embed_dim must be divisible by num_heads"
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(creation.empty((3 * embed_dim, embed_dim), **factory))
            for name in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(name, None)
        else:
            self.q_proj_weight = Parameter(creation.empty((embed_dim, embed_dim), **factory))
            self.k_proj_weight = Parameter(creation.empty((embed_dim, self.kdim), **factory))
            self.v_proj_weight = Parameter(creation.empty((embed_dim, self.vdim), **factory))
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = Parameter(creation.empty(3 * embed_dim, **factory))
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, **factory)
        if add_bias_kv:
            self.bias_k = Parameter(creation.empty((1, 1, embed_dim), **factory))
            self.bias_v = Parameter(creation.empty((1, 1, embed_dim), **factory))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self):
        """Xavier-uniform projections, zero biases, Xavier-normal bias_k/bias_v (out_proj.weight keeps Linear's)."""
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def _project(self, query, key, value):
        """q, k, v = x W_q^T + b_q, ... with the packed or the separate weights."""
        e = self.embed_dim
        b = self.in_proj_bias
        bq, bk, bv = (None, None, None) if b is None else (b[:e], b[e:2 * e], b[2 * e:])
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            wq, wk, wv = w[:e], w[e:2 * e], w[2 * e:]
        else:
            wq, wk, wv = self.q_proj_weight, self.k_proj_weight, self.v_proj_weight
        return F.linear(query, wq, bq), F.linear(key, wk, bk), F.linear(value, wv, bv)

    def forward(self, query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
                average_attn_weights=True, is_causal=False):
        if is_causal and attn_mask is None:
            raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module "
                               "method `generate_square_subsequent_mask` to create this mask.")
        batched = query.dim() == 3
        if query.dim() not in (2, 3):
            raise AssertionError("query should be unbatched 2D or batched 3D tensor but received %dD query tensor"
                                 % query.dim())
        if self.batch_first and batched:
            query, key, value = (t.transpose(0, 1) for t in (query, key, value))
        if not batched:
            query, key, value = query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)
            key_padding_mask = None if key_padding_mask is None else key_padding_mask.unsqueeze(0)
        tgt_len, bsz, e = query.shape
        if e != self.embed_dim:
            raise AssertionError("was expecting embedding dimension of %d, but got %d" % (self.embed_dim, e))
        if key.shape[:2] != value.shape[:2]:
            raise AssertionError("key shape %s does not match value shape %s" % (tuple(key.shape), tuple(value.shape)))
        attn_mask = _additive(attn_mask, query.dtype)
        key_padding_mask = _additive(key_padding_mask, query.dtype)
        if attn_mask is not None and attn_mask.dim() == 2:
            if tuple(attn_mask.shape) != (tgt_len, key.shape[0]):
                raise RuntimeError("The shape of the 2D attn_mask is %s, but should be %s."
                                   % (tuple(attn_mask.shape), (tgt_len, key.shape[0])))
            attn_mask = attn_mask.unsqueeze(0)
        elif attn_mask is not None and tuple(attn_mask.shape) != (bsz * self.num_heads, tgt_len, key.shape[0]):
            raise RuntimeError("The shape of the 3D attn_mask is %s, but should be %s."
                               % (tuple(attn_mask.shape), (bsz * self.num_heads, tgt_len, key.shape[0])))
        q, k, v = self._project(query, key, value)
        if self.bias_k is not None:  # one learned extra key/value per batch element
            k = cat([k, self.bias_k.expand(1, bsz, e)], 0)
            v = cat([v, self.bias_v.expand(1, bsz, e)], 0)
            attn_mask, key_padding_mask = _pad_last(attn_mask), _pad_last(key_padding_mask)
        heads, hd = self.num_heads, self.head_dim
        q, k, v = (t.reshape(t.shape[0], bsz * heads, hd).transpose(0, 1) for t in (q, k, v))  # (N*H, len, hd)
        if self.add_zero_attn:  # one all-zero extra key/value
            k = cat([k, k.new_zeros((bsz * heads, 1, hd))], 1)
            v = cat([v, v.new_zeros((bsz * heads, 1, hd))], 1)
            attn_mask, key_padding_mask = _pad_last(attn_mask), _pad_last(key_padding_mask)
        src_len = k.shape[1]
        if key_padding_mask is not None:
            if tuple(key_padding_mask.shape) != (bsz, src_len):
                raise AssertionError("expecting key_padding_mask shape of %s, but got %s"
                                     % ((bsz, src_len), tuple(key_padding_mask.shape)))
            padding = key_padding_mask.reshape(bsz, 1, 1, src_len).expand(bsz, heads, 1, src_len)
            padding = padding.reshape(bsz * heads, 1, src_len)
            attn_mask = padding if attn_mask is None else attn_mask + padding
        dropout_p = self.dropout if self.training else 0.0
        if need_weights:  # weights = softmax(q k^T / sqrt(hd) + mask), out = weights v
            scores = q.matmul(k.transpose(1, 2)) * (1.0 / math.sqrt(hd))
            if attn_mask is not None:
                scores = scores + attn_mask
            weights = scores.softmax(-1)
            if dropout_p > 0.0:
                weights = F.dropout(weights, dropout_p)
            out = weights.matmul(v).transpose(0, 1).reshape(tgt_len * bsz, e)
        else:  # as torch: the fused path, where a row with every key masked out gives zeros instead of NaN
            if attn_mask is not None:
                attn_mask = (attn_mask.unsqueeze(0) if attn_mask.shape[0] == 1
                             else attn_mask.reshape(bsz, heads, -1, src_len))
            q, k, v = (t.reshape(bsz, heads, t.shape[1], hd) for t in (q, k, v))
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, dropout_p=dropout_p)
            out = out.permute(2, 0, 1, 3).reshape(tgt_len * bsz, e)
        out = self.out_proj(out).reshape(tgt_len, bsz, e)
        if self.batch_first and batched:
            out = out.transpose(0, 1)
        if not batched:
            out = out.squeeze(1)
        if not need_weights:
            return out, None
        weights = weights.reshape(bsz, heads, tgt_len, src_len)
        if average_attn_weights:
            weights = weights.mean(1)
        return out, (weights if batched else weights.squeeze(0))
