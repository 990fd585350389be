"""Parity cases for attention: F.scaled_dot_product_attention, nn.MultiheadAttention,
F.multi_head_attention_forward, nn.TransformerEncoderLayer and nn.TransformerEncoder.

Weights are drawn from the shared rng and copied in by parameter name, so both libraries run the same network.
Results: the outputs (and attention weights), and the gradients of a random weighting of all of them with respect to
every input and every parameter. Dropout is 0 or the layer is in eval mode, so both libraries are deterministic.
"""
import math

from .cases_norm import layer, raises, results
from .helpers import grads_of, leaf, values
from .registry import case

F32_TOL = (1e-4, 1e-4)  # float32 layers: a few matmuls and softmaxes deep, summed in a different order than torch


def layer_case(name):
    """Register a layer case in float64 (tight) and float32 (F32_TOL)."""
    def register(body):
        case(name, dtypes=("float64",))(body)
        return case(name, dtypes=("float32",), tol=F32_TOL)(body)
    return register


def _mask(lib, rng, shape, kind, dtype=None):
    """A bool mask (about 70% True, every row keeps column 0 True) or a float one in dtype (random, some -inf)."""
    if kind == "bool":
        m = rng.random(shape) < 0.7
        m[..., 0] = True
        return lib.tensor(m)
    m = rng.standard_normal(shape)
    m[..., 1:] = m[..., 1:] + (rng.random(m[..., 1:].shape) < 0.2) * -math.inf
    return lib.tensor(m, dtype=dtype)


def sdpa_case(name, q_shape, k_shape, v_shape, mask=None, mask_shape=None, **kwargs):
    @case("F.scaled_dot_product_attention/" + name)
    def body(lib, rng, dtype):
        q, k, v = (leaf(lib, rng.standard_normal(s), dtype) for s in (q_shape, k_shape, v_shape))
        m = None if mask is None else _mask(lib, rng, mask_shape, mask, dtype)
        out = lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m, **kwargs)
        return grads_of(lib, rng, out, [q, k, v])


sdpa_case("basic", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 6))
sdpa_case("3d", (3, 4, 5), (3, 6, 5), (3, 6, 2))
sdpa_case("2d", (4, 5), (6, 5), (6, 3))
sdpa_case("causal", (2, 2, 5, 4), (2, 2, 5, 4), (2, 2, 5, 4), is_causal=True)
sdpa_case("causal_rectangular", (2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), is_causal=True)
sdpa_case("bool_mask", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8), mask="bool", mask_shape=(4, 5))
sdpa_case("bool_mask_broadcast", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8), mask="bool", mask_shape=(2, 1, 4, 5))
sdpa_case("float_mask", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8), mask="float", mask_shape=(3, 4, 5))
sdpa_case("scale", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8), scale=0.7)
sdpa_case("gqa", (2, 6, 4, 8), (2, 2, 5, 8), (2, 2, 5, 3), enable_gqa=True)
sdpa_case("gqa_causal_mask", (2, 4, 5, 8), (2, 1, 5, 8), (2, 1, 5, 8), mask="bool", mask_shape=(5, 5),
          enable_gqa=True)
sdpa_case("empty_batch", (0, 2, 4, 8), (0, 2, 5, 8), (0, 2, 5, 8))
sdpa_case("dropout_zero", (2, 3, 4, 8), (2, 3, 5, 8), (2, 3, 5, 8), dropout_p=0.0)


@case("F.scaled_dot_product_attention/fully_masked_row")
def _fully_masked(lib, rng, dtype):
    q, k, v = (leaf(lib, rng.standard_normal((2, 4, 3)), dtype) for _ in range(3))
    m = lib.ones(4, 4, dtype=lib.bool)
    m[1] = False
    out = lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=m)
    return grads_of(lib, rng, out, [q, k, v])


@case("F.scaled_dot_product_attention/noncontiguous")
def _noncontiguous(lib, rng, dtype):
    q, k, v = (leaf(lib, rng.standard_normal((2, 5, 3, 4)), dtype) for _ in range(3))
    out = lib.nn.functional.scaled_dot_product_attention(*(t.transpose(1, 2) for t in (q, k, v)))
    return grads_of(lib, rng, out, [q, k, v])


@case("F.scaled_dot_product_attention/causal_with_mask_no_grad")
def _causal_and_mask(lib, rng, dtype):
    q, k, v = (values(lib, rng.standard_normal((2, 1, 4, 3)), dtype) for _ in range(3))
    return {"out": lib.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=_mask(lib, rng, (4, 4), "bool"),
                                                                  is_causal=True)}


def _sdpa(lib, q, k, v, **kwargs):
    return lib.nn.functional.scaled_dot_product_attention(q, k, v, **kwargs)


raises("F.scaled_dot_product_attention/dtype_mismatch",
       lambda lib, rng: _sdpa(lib, lib.zeros(2, 3, 4), lib.zeros(2, 3, 4, dtype=lib.float64), lib.zeros(2, 3, 4)))
raises("F.scaled_dot_product_attention/int_mask",
       lambda lib, rng: _sdpa(lib, lib.zeros(2, 3, 4), lib.zeros(2, 3, 4), lib.zeros(2, 3, 4),
                              attn_mask=lib.ones(3, 3, dtype=lib.int64)))
raises("F.scaled_dot_product_attention/float64_mask_float32_query",
       lambda lib, rng: _sdpa(lib, lib.zeros(2, 3, 4), lib.zeros(2, 3, 4), lib.zeros(2, 3, 4),
                              attn_mask=lib.zeros(3, 3, dtype=lib.float64)))
raises("F.scaled_dot_product_attention/causal_and_mask_3d",
       lambda lib, rng: _sdpa(lib, lib.zeros(2, 3, 4), lib.zeros(2, 3, 4), lib.zeros(2, 3, 4),
                              attn_mask=lib.ones(3, 3, dtype=lib.bool), is_causal=True))
raises("F.scaled_dot_product_attention/gqa_heads_not_dividing",
       lambda lib, rng: _sdpa(lib, lib.zeros(1, 3, 4, 2), lib.zeros(1, 2, 4, 2), lib.zeros(1, 2, 4, 2),
                              enable_gqa=True))
raises("F.scaled_dot_product_attention/1d",
       lambda lib, rng: _sdpa(lib, lib.zeros(3), lib.zeros(3), lib.zeros(3)))
raises("F.scaled_dot_product_attention/embed_mismatch",
       lambda lib, rng: _sdpa(lib, lib.zeros(2, 3, 4), lib.zeros(2, 3, 5), lib.zeros(2, 3, 5)))
raises("F.scaled_dot_product_attention/causal_and_mask_with_grad",
       lambda lib, rng: _sdpa(lib, lib.zeros(2, 3, 4, requires_grad=True), lib.zeros(2, 3, 4), lib.zeros(2, 3, 4),
                              attn_mask=lib.ones(3, 3, dtype=lib.bool), is_causal=True))


# --- nn.MultiheadAttention ------------------------------------------------------------------------------------------
def mha_case(name, make, q_shape, kv_shapes=None, self_attention=False, train=False, masks=(), **kwargs):
    """make's layer on a query of q_shape and key/value of kv_shapes (default: q_shape); masks lists
    (argument name, shape, "bool" | "float") drawn as torch's MHA masks (True = blocked)."""
    @layer_case("nn.MultiheadAttention/" + name)
    def body(lib, rng, dtype):
        module = layer(lib, rng, dtype, make)
        module.train(train)
        q = leaf(lib, rng.standard_normal(q_shape), dtype)
        k, v = (q, q) if self_attention else (leaf(lib, rng.standard_normal(s), dtype)
                                             for s in (kv_shapes or (q_shape, q_shape)))
        extra = {}
        for arg, shape, kind in masks:
            m = _mask(lib, rng, shape, kind, dtype)
            extra[arg] = ~m if kind == "bool" else m  # keep column 0 attended: flip to torch's True = blocked
        out, weights = module(q, k, v, **extra, **kwargs)
        inputs = {"query": q} if self_attention else {"query": q, "key": k, "value": v}
        return results(lib, rng, module, [out] + ([] if weights is None else [weights]), inputs)


mha_case("basic", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8), ((5, 3, 8), (5, 3, 8)))
mha_case("self_attention", lambda nn: nn.MultiheadAttention(6, 3), (5, 2, 6), self_attention=True)
mha_case("batch_first", lambda nn: nn.MultiheadAttention(8, 4, batch_first=True), (3, 4, 8), ((3, 6, 8), (3, 6, 8)))
mha_case("per_head_weights", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8), average_attn_weights=False)
mha_case("no_weights", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8), need_weights=False)
mha_case("no_bias", lambda nn: nn.MultiheadAttention(8, 2, bias=False), (4, 3, 8))
mha_case("kdim_vdim", lambda nn: nn.MultiheadAttention(8, 2, kdim=5, vdim=3), (4, 2, 8), ((6, 2, 5), (6, 2, 3)))
mha_case("add_bias_kv", lambda nn: nn.MultiheadAttention(8, 2, add_bias_kv=True), (4, 3, 8),
         masks=[("attn_mask", (4, 4), "bool"), ("key_padding_mask", (3, 4), "bool")])
mha_case("add_zero_attn", lambda nn: nn.MultiheadAttention(8, 2, add_zero_attn=True), (4, 3, 8),
         masks=[("key_padding_mask", (3, 4), "bool")])
mha_case("bias_kv_zero_attn", lambda nn: nn.MultiheadAttention(4, 1, add_bias_kv=True, add_zero_attn=True),
         (3, 2, 4))
mha_case("unbatched", lambda nn: nn.MultiheadAttention(8, 2), (4, 8), ((5, 8), (5, 8)),
         masks=[("key_padding_mask", (5,), "bool")])
mha_case("bool_attn_mask", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8), masks=[("attn_mask", (4, 4), "bool")])
mha_case("float_attn_mask_3d", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8),
         masks=[("attn_mask", (6, 4, 4), "float")])
mha_case("key_padding_mask", lambda nn: nn.MultiheadAttention(8, 2, batch_first=True), (3, 5, 8),
         masks=[("key_padding_mask", (3, 5), "bool")])
mha_case("float_key_padding_mask", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8),
         masks=[("key_padding_mask", (3, 4), "float")])
mha_case("masks_no_weights", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8), need_weights=False,
         masks=[("attn_mask", (4, 4), "bool"), ("key_padding_mask", (3, 4), "bool")])
mha_case("train_dropout_zero", lambda nn: nn.MultiheadAttention(8, 2), (4, 3, 8), train=True)
mha_case("eval_with_dropout", lambda nn: nn.MultiheadAttention(8, 2, dropout=0.5), (4, 3, 8))


@layer_case("nn.MultiheadAttention/is_causal")
def _mha_causal(lib, rng, dtype):
    module = layer(lib, rng, dtype, lambda nn: nn.MultiheadAttention(8, 2)).eval()
    q = leaf(lib, rng.standard_normal((5, 2, 8)), dtype)
    mask = lib.arange(5) > lib.arange(5).unsqueeze(-1)
    out, _ = module(q, q, q, attn_mask=mask, is_causal=True, need_weights=False)
    return results(lib, rng, module, [out], {"query": q})


@layer_case("nn.MultiheadAttention/fully_masked_row_no_weights")
def _mha_fully_masked(lib, rng, dtype):
    module = layer(lib, rng, dtype, lambda nn: nn.MultiheadAttention(4, 2)).eval()
    q = leaf(lib, rng.standard_normal((3, 2, 4)), dtype)
    mask = lib.zeros(3, 3, dtype=lib.bool)
    mask[1] = True
    out, _ = module(q, q, q, attn_mask=mask, need_weights=False)
    return results(lib, rng, module, [out], {"query": q})


raises("nn.MultiheadAttention/not_divisible", lambda lib, rng: lib.nn.MultiheadAttention(7, 2))
raises("nn.MultiheadAttention/is_causal_without_mask",
       lambda lib, rng: lib.nn.MultiheadAttention(4, 2)(lib.zeros(3, 1, 4), lib.zeros(3, 1, 4), lib.zeros(3, 1, 4),
                                                        is_causal=True))
raises("nn.MultiheadAttention/wrong_embed_dim",
       lambda lib, rng: lib.nn.MultiheadAttention(4, 2)(lib.zeros(3, 1, 5), lib.zeros(3, 1, 5), lib.zeros(3, 1, 5)))
raises("nn.MultiheadAttention/wrong_mask_shape",
       lambda lib, rng: lib.nn.MultiheadAttention(4, 2)(lib.zeros(3, 1, 4), lib.zeros(3, 1, 4), lib.zeros(3, 1, 4),
                                                        attn_mask=lib.zeros(2, 3)))
raises("nn.MultiheadAttention/4d_query",
       lambda lib, rng: lib.nn.MultiheadAttention(4, 2)(lib.zeros(1, 3, 1, 4), lib.zeros(1, 3, 1, 4),
                                                        lib.zeros(1, 3, 1, 4)))


# --- F.multi_head_attention_forward ---------------------------------------------------------------------------------
def mhaf_case(name, e=8, heads=2, q_shape=(4, 3, 8), kv_shapes=None, kdim=None, vdim=None, bias=True, bias_kv=False,
              static=False, masks=(), **kwargs):
    """F.multi_head_attention_forward with every weight a leaf drawn from rng: packed (3E, E) in_proj_weight, or
    separate q/k/v weights when kdim/vdim is given; static=True feeds static_k / static_v (N*H, 5, E/H) leaves.
    Compares the output, the weights and the gradients of all of them w.r.t. every input and weight."""
    @layer_case("F.multi_head_attention_forward/" + name)
    def body(lib, rng, dtype):
        def draw(*shape):
            return leaf(lib, rng.uniform(-1.5, 1.5, shape), dtype)
        q = draw(*q_shape)
        kv = kv_shapes or (q_shape[:-1] + (kdim or e,), q_shape[:-1] + (vdim or e,))
        k, v = draw(*kv[0]), draw(*kv[1])
        args = {"query": q, "key": k, "value": v, "out_proj_weight": draw(e, e), "out_proj_bias": draw(e)}
        if kdim or vdim:
            args.update(q_proj_weight=draw(e, e), k_proj_weight=draw(e, kdim or e), v_proj_weight=draw(e, vdim or e),
                        in_proj_weight=None)
        else:
            args["in_proj_weight"] = draw(3 * e, e)
        args["in_proj_bias"] = draw(3 * e) if bias else None
        args["bias_k"], args["bias_v"] = (draw(1, 1, e), draw(1, 1, e)) if bias_kv else (None, None)
        if static:
            rows = (q_shape[1] if len(q_shape) == 3 else 1) * heads
            args["static_k"], args["static_v"] = draw(rows, 5, e // heads), draw(rows, 5, e // heads)
        for arg, shape, kind in masks:
            m = _mask(lib, rng, shape, kind, dtype)
            args[arg] = ~m if kind == "bool" else m
        wrt = {n: t for n, t in args.items() if t is not None and t.requires_grad}
        extra = dict(kwargs)
        out, weights = lib.nn.functional.multi_head_attention_forward(
            args.pop("query"), args.pop("key"), args.pop("value"), e, heads, args.pop("in_proj_weight"),
            args.pop("in_proj_bias"), args.pop("bias_k"), args.pop("bias_v"), extra.pop("add_zero_attn", False),
            extra.pop("dropout_p", 0.0), args.pop("out_proj_weight"), args.pop("out_proj_bias"),
            use_separate_proj_weight=bool(kdim or vdim), **args, **extra)
        outs = [out] + ([] if weights is None else [weights])
        res = {"out_%d" % i: o for i, o in enumerate(outs)}
        upstream = [lib.tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype) for o in outs]
        grads = lib.autograd.grad(outs, list(wrt.values()), upstream, allow_unused=True)
        res.update(("grad_" + n, g) for n, g in zip(wrt, grads))
        return res


mhaf_case("packed", kv_shapes=((5, 3, 8), (5, 3, 8)))
mhaf_case("separate_weights", q_shape=(4, 2, 8), kv_shapes=((6, 2, 5), (6, 2, 3)), kdim=5, vdim=3)
mhaf_case("no_bias_per_head", bias=False, average_attn_weights=False)
mhaf_case("no_weights", need_weights=False)
mhaf_case("bias_kv_zero_attn_masks", bias_kv=True, add_zero_attn=True,
          masks=[("attn_mask", (4, 4), "bool"), ("key_padding_mask", (3, 4), "bool")])
mhaf_case("float_masks_3d", masks=[("attn_mask", (6, 4, 4), "float"), ("key_padding_mask", (3, 4), "float")])
mhaf_case("static_kv", static=True, masks=[("key_padding_mask", (3, 5), "bool")])
mhaf_case("static_kv_zero_attn_no_weights", static=True, add_zero_attn=True, need_weights=False)
mhaf_case("unbatched", q_shape=(4, 8), kv_shapes=((5, 8), (5, 8)), masks=[("attn_mask", (2, 4, 5), "bool"),
                                                                          ("key_padding_mask", (5,), "bool")])
mhaf_case("not_training_dropout", dropout_p=0.7, training=False)
mhaf_case("is_causal_no_weights", q_shape=(5, 2, 8), need_weights=False, is_causal=True,
          masks=[("attn_mask", (5, 5), "bool")])
mhaf_case("is_causal_with_weights", q_shape=(5, 2, 8), is_causal=True, masks=[("attn_mask", (5, 5), "bool")])
mhaf_case("is_causal_padding_no_weights", q_shape=(5, 2, 8), need_weights=False, is_causal=True,
          masks=[("attn_mask", (5, 5), "bool"), ("key_padding_mask", (2, 5), "bool")])


def _mhaf(lib, q, k, v, e=4, heads=2, **kwargs):
    w = {"in_proj_weight": lib.ones(3 * e, e), "in_proj_bias": None, "bias_k": None, "bias_v": None,
         "add_zero_attn": False, "dropout_p": 0.0, "out_proj_weight": lib.ones(e, e), "out_proj_bias": None}
    w.update(kwargs)
    return lib.nn.functional.multi_head_attention_forward(q, k, v, e, heads, **w)


raises("F.multi_head_attention_forward/embed_dim", lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, e=6,
                                                                          heads=2))
raises("F.multi_head_attention_forward/heads_not_dividing",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, heads=3))
raises("F.multi_head_attention_forward/key_value_shapes",
       lambda lib, rng: _mhaf(lib, lib.ones(3, 2, 4), lib.ones(3, 2, 4), lib.ones(5, 2, 4)))
raises("F.multi_head_attention_forward/int_mask",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, attn_mask=lib.ones(3, 3, dtype=lib.int64)))
raises("F.multi_head_attention_forward/mask_4d",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, attn_mask=lib.ones(1, 1, 3, 3)))
raises("F.multi_head_attention_forward/padding_shape",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, key_padding_mask=lib.ones(2, 4)))
raises("F.multi_head_attention_forward/unbatched_3d_mask_shape",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 4)] * 3, attn_mask=lib.ones(3, 3, 3)))
raises("F.multi_head_attention_forward/mixed_dims",
       lambda lib, rng: _mhaf(lib, lib.ones(3, 2, 4), lib.ones(3, 4), lib.ones(3, 4)))
raises("F.multi_head_attention_forward/separate_without_weights",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, use_separate_proj_weight=True))
raises("F.multi_head_attention_forward/no_in_proj_weight",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, in_proj_weight=None))
raises("F.multi_head_attention_forward/bias_k_without_bias_v",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, bias_k=lib.ones(1, 1, 4)))
raises("F.multi_head_attention_forward/bias_with_static_k",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, bias_k=lib.ones(1, 1, 4), bias_v=lib.ones(1, 1, 4),
                              static_k=lib.ones(4, 3, 2)))
raises("F.multi_head_attention_forward/static_k_rows",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, static_k=lib.ones(3, 3, 2)))
raises("F.multi_head_attention_forward/static_v_head_dim",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, static_v=lib.ones(4, 3, 3)))
raises("F.multi_head_attention_forward/is_causal_without_mask",
       lambda lib, rng: _mhaf(lib, *[lib.ones(3, 2, 4)] * 3, is_causal=True))


# --- nn.TransformerEncoderLayer / nn.TransformerEncoder -------------------------------------------------------------
def encoder_case(name, make, shape, train=False, masks=(), **kwargs):
    @layer_case(name)
    def body(lib, rng, dtype):
        module = layer(lib, rng, dtype, make)
        module.train(train)
        x = leaf(lib, rng.standard_normal(shape), dtype)
        extra = {}
        for arg, mshape, kind in masks:
            m = _mask(lib, rng, mshape, kind, dtype)
            extra[arg] = ~m if kind == "bool" else m
        return results(lib, rng, module, [module(x, **extra, **kwargs)], {"src": x})


LAYER = "nn.TransformerEncoderLayer/"
encoder_case(LAYER + "basic", lambda nn: nn.TransformerEncoderLayer(8, 2, dim_feedforward=16), (5, 3, 8))
encoder_case(LAYER + "train_dropout_zero", lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), (5, 3, 8),
             train=True)
encoder_case(LAYER + "gelu_norm_first_batch_first",
             lambda nn: nn.TransformerEncoderLayer(8, 4, 12, activation="gelu", norm_first=True, batch_first=True),
             (3, 5, 8))
encoder_case(LAYER + "callable_activation_eps",
             lambda nn: nn.TransformerEncoderLayer(6, 2, 10, activation=nn.functional.tanh, layer_norm_eps=1e-3),
             (4, 2, 6))
encoder_case(LAYER + "no_bias", lambda nn: nn.TransformerEncoderLayer(8, 2, 16, bias=False), (5, 3, 8))
encoder_case(LAYER + "masks", lambda nn: nn.TransformerEncoderLayer(8, 2, 16), (5, 3, 8),
             masks=[("src_mask", (5, 5), "bool"), ("src_key_padding_mask", (3, 5), "bool")])
encoder_case(LAYER + "float_mask", lambda nn: nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), (3, 5, 8),
             masks=[("src_mask", (5, 5), "float")])
encoder_case(LAYER + "unbatched", lambda nn: nn.TransformerEncoderLayer(8, 2, 16), (5, 8))

ENC = "nn.TransformerEncoder/"
def _encoder(nn, num_layers=2):
    return nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), num_layers, enable_nested_tensor=False)


encoder_case(ENC + "basic", _encoder, (5, 3, 8))
encoder_case(ENC + "norm_masks",
             lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 3,
                                              norm=nn.LayerNorm(8), enable_nested_tensor=False),
             (3, 5, 8), masks=[("mask", (5, 5), "float"), ("src_key_padding_mask", (3, 5), "float")])


@layer_case(ENC + "causal")
def _encoder_causal(lib, rng, dtype):
    module = layer(lib, rng, dtype, _encoder).eval()
    x = leaf(lib, rng.standard_normal((5, 2, 8)), dtype)
    mask = lib.zeros(5, 5, dtype=dtype).masked_fill(lib.arange(5) > lib.arange(5).unsqueeze(-1), -math.inf)
    return results(lib, rng, module, [module(x, mask=mask, is_causal=True)], {"src": x})


raises(LAYER + "bad_activation", lambda lib, rng: lib.nn.TransformerEncoderLayer(8, 2, activation="tanh"))
raises(ENC + "is_causal_without_mask",
       lambda lib, rng: _encoder(lib.nn, 1)(lib.zeros(3, 1, 8), is_causal=True))


# --- nn.TransformerDecoderLayer / nn.TransformerDecoder / nn.Transformer -------------------------------------------
def seq2seq_case(name, make, src_shape, tgt_shape, train=False, masks=(), **kwargs):
    """make's layer on (tgt, memory) -- or (src, tgt) for nn.Transformer -- with masks as in mha_case."""
    @layer_case(name)
    def body(lib, rng, dtype):
        module = layer(lib, rng, dtype, make)
        module.train(train)
        src, tgt = leaf(lib, rng.standard_normal(src_shape), dtype), leaf(lib, rng.standard_normal(tgt_shape), dtype)
        extra = {}
        for arg, mshape, kind in masks:
            m = _mask(lib, rng, mshape, kind, dtype)
            extra[arg] = ~m if kind == "bool" else m
        args = (src, tgt) if name.startswith("nn.Transformer/") else (tgt, src)
        return results(lib, rng, module, [module(*args, **extra, **kwargs)], {"src": src, "tgt": tgt})


DEC_LAYER, DEC = "nn.TransformerDecoderLayer/", "nn.TransformerDecoder/"
seq2seq_case(DEC_LAYER + "basic", lambda nn: nn.TransformerDecoderLayer(8, 2, 16), (6, 3, 8), (4, 3, 8))
seq2seq_case(DEC_LAYER + "norm_first_gelu_batch_first",
             lambda nn: nn.TransformerDecoderLayer(8, 4, 12, dropout=0.0, activation="gelu", norm_first=True,
                                                   batch_first=True), (3, 6, 8), (3, 4, 8), train=True)
seq2seq_case(DEC_LAYER + "no_bias_masks", lambda nn: nn.TransformerDecoderLayer(8, 2, 16, bias=False), (6, 3, 8),
             (4, 3, 8), masks=[("tgt_mask", (4, 4), "float"), ("memory_mask", (4, 6), "float"),
                               ("tgt_key_padding_mask", (3, 4), "float"), ("memory_key_padding_mask", (3, 6), "float")])
seq2seq_case(DEC_LAYER + "unbatched", lambda nn: nn.TransformerDecoderLayer(8, 2, 16), (6, 8), (4, 8))
seq2seq_case(DEC + "norm_bool_masks",
             lambda nn: nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 2, norm=nn.LayerNorm(8)),
             (6, 3, 8), (4, 3, 8), masks=[("tgt_mask", (4, 4), "bool"), ("memory_key_padding_mask", (3, 6), "bool")])
seq2seq_case("nn.Transformer/basic", lambda nn: nn.Transformer(8, 2, 2, 2, 16), (6, 3, 8), (4, 3, 8))
seq2seq_case("nn.Transformer/batch_first_norm_first_masks",
             lambda nn: nn.Transformer(8, 2, 1, 2, 16, dropout=0.0, batch_first=True, norm_first=True), (3, 6, 8),
             (3, 4, 8), train=True, masks=[("src_key_padding_mask", (3, 6), "bool"), ("tgt_mask", (4, 4), "bool"),
                                           ("memory_key_padding_mask", (3, 6), "bool")])


@layer_case("nn.Transformer/causal_tgt")
def _transformer_causal(lib, rng, dtype):
    module = layer(lib, rng, dtype, lambda nn: nn.Transformer(8, 2, 1, 1, 16)).eval()
    src, tgt = leaf(lib, rng.standard_normal((5, 2, 8)), dtype), leaf(lib, rng.standard_normal((4, 2, 8)), dtype)
    mask = lib.nn.Transformer.generate_square_subsequent_mask(4, dtype=dtype)
    return results(lib, rng, module, [module(src, tgt, tgt_mask=mask, tgt_is_causal=True)], {"src": src, "tgt": tgt})


@case("nn.Transformer.generate_square_subsequent_mask", dtypes=None)
def _square_mask(lib, rng, dtype):
    return {"default": lib.nn.Transformer.generate_square_subsequent_mask(5),
            "float64": lib.nn.Transformer.generate_square_subsequent_mask(3, dtype=lib.float64)}


raises("nn.Transformer/batch_mismatch",
       lambda lib, rng: lib.nn.Transformer(4, 2, 1, 1, 8)(lib.zeros(3, 2, 4), lib.zeros(3, 1, 4)))
raises("nn.Transformer/feature_mismatch",
       lambda lib, rng: lib.nn.Transformer(4, 2, 1, 1, 8)(lib.zeros(3, 2, 4), lib.zeros(3, 2, 5)))
raises(DEC_LAYER + "bad_activation", lambda lib, rng: lib.nn.TransformerDecoderLayer(8, 2, activation="elu"))


@case("nn.attention_layers/repr", dtypes=None)
def _reprs(lib, rng, dtype):
    """The printed module trees, down to out_proj's class name (NonDynamicallyQuantizableLinear in torch)."""
    nn = lib.nn
    return {"mha": repr(nn.MultiheadAttention(4, 2)), "encoder": repr(nn.TransformerEncoderLayer(4, 2, 8)),
            "decoder": repr(nn.TransformerDecoderLayer(4, 2, 8, norm_first=True))}
