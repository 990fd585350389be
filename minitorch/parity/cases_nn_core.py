"""Parity cases for the core layers: Linear, Bilinear, Embedding, Flatten/Unflatten, Identity, containers,
DataParallel, dropout in its deterministic settings, one_hot and nn.utils (clipping, parameter vectors).

Each layer is built in both libraries, its parameters overwritten with the same random values, and the results
are the output and the gradients of every input and parameter (``grad_<name>``).
"""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case


def _set_params(lib, rng, module, dtype):
    with lib.no_grad():
        for p in module.parameters():
            p.copy_(lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=dtype))


def _layer_grads(lib, rng, module, out, inputs):
    """out and the gradients of out (against a random upstream) w.r.t. the inputs and every parameter."""
    params = list(module.named_parameters())
    names = ["grad_input_%d" % i for i in range(len(inputs))] + ["grad_" + n for n, _ in params]
    return grads_of(lib, rng, out, list(inputs) + [p for _, p in params], names)


def layer_case(name, make, shapes, dtypes=("float64", "float32"), transform=None, **kwargs):
    """Case "nn.<name>[dtype]": make(nn) called on float inputs of the given shapes."""
    @case("nn." + name, dtypes=dtypes, **kwargs)
    def body(lib, rng, dtype):
        module = make(lib.nn).to(dtype)
        _set_params(lib, rng, module, dtype)
        inputs = [leaf(lib, rng.standard_normal(s), dtype) for s in shapes]
        fed = [transform(x) for x in inputs] if transform else inputs
        return _layer_grads(lib, rng, module, module(*fed), inputs)


# --- Linear ---------------------------------------------------------------------------------------------------------
layer_case("Linear", lambda nn: nn.Linear(5, 3), [(4, 5)])
layer_case("Linear/no_bias", lambda nn: nn.Linear(5, 3, bias=False), [(4, 5)])
layer_case("Linear/batch_dims", lambda nn: nn.Linear(5, 3), [(2, 3, 5)])
layer_case("Linear/1d_input", lambda nn: nn.Linear(5, 3), [(5,)])
layer_case("Linear/empty_batch", lambda nn: nn.Linear(5, 3), [(0, 5)])
layer_case("Linear/size1", lambda nn: nn.Linear(1, 1), [(1, 1)])
layer_case("Linear/noncontiguous", lambda nn: nn.Linear(4, 3), [(4, 6)], transform=lambda x: x.t())
layer_case("Linear/zero_in_features", lambda nn: nn.Linear(0, 3), [(2, 0)])


@case("F.linear/second_order")
def _linear_second_order(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    w = leaf(lib, rng.standard_normal((3, 5)), dtype)
    b = leaf(lib, rng.standard_normal(3), dtype)
    out = lib.nn.functional.linear(x, w, b) ** 2  # squared so that the second derivative is not zero
    first = lib.autograd.grad(out, [x, w, b], lib.tensor(rng.standard_normal((4, 3)), dtype=dtype),
                              create_graph=True)
    dot = sum((g * lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=dtype)).sum() for g in first)
    second = lib.autograd.grad(dot, [x, w, b])
    return {"out": out, **{"grad_%d" % i: g for i, g in enumerate(first)},
            **{"gradgrad_%d" % i: g for i, g in enumerate(second)}}


@case("F.linear/weight_1d")
def _linear_vector_weight(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    w = leaf(lib, rng.standard_normal(5), dtype)
    return grads_of(lib, rng, lib.nn.functional.linear(x, w), [x, w])


@case("F.linear/shape_mismatch", dtypes=None, raises=True)
def _linear_shapes(lib, rng, dtype):
    return {"out": lib.nn.Linear(3, 2)(lib.randn(4, 5))}


@case("F.linear/dtype_mismatch", dtypes=None, raises=True)
def _linear_dtypes(lib, rng, dtype):
    return {"out": lib.nn.Linear(3, 2)(lib.randn(4, 3).double())}


# --- Bilinear -------------------------------------------------------------------------------------------------------
layer_case("Bilinear", lambda nn: nn.Bilinear(3, 4, 2), [(5, 3), (5, 4)])
layer_case("Bilinear/no_bias", lambda nn: nn.Bilinear(3, 4, 2, bias=False), [(5, 3), (5, 4)])
layer_case("Bilinear/batch_dims", lambda nn: nn.Bilinear(2, 3, 4), [(2, 3, 2), (2, 3, 3)])
layer_case("Bilinear/1d_inputs", lambda nn: nn.Bilinear(2, 3, 4), [(2,), (3,)])
layer_case("Bilinear/noncontiguous", lambda nn: nn.Bilinear(3, 3, 2), [(3, 5), (3, 5)], transform=lambda x: x.t())
layer_case("Bilinear/input_size_mismatch", lambda nn: nn.Bilinear(3, 4, 2), [(5, 4), (5, 4)], dtypes=None,
           raises=True)


# --- Embedding and one_hot ------------------------------------------------------------------------------------------
def embedding_case(name, make, indices, dtypes=("float64", "float32")):
    @case("nn.Embedding" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        module = make(lib.nn).to(dtype)
        _set_params(lib, rng, module, dtype)
        out = module(values(lib, numpy.array(indices)))
        result = _layer_grads(lib, rng, module, out, [])
        result["weight_after"] = module.weight  # max_norm rescales the looked-up rows in place
        return result


embedding_case("", lambda nn: nn.Embedding(6, 3), [[0, 2, 2], [5, 1, 2]])
embedding_case("/padding_idx", lambda nn: nn.Embedding(6, 3, padding_idx=2), [[0, 2, 2], [5, 1, 2]])
embedding_case("/negative_padding_idx", lambda nn: nn.Embedding(6, 3, padding_idx=-1), [5, 1, 5, 0])
embedding_case("/scale_grad_by_freq", lambda nn: nn.Embedding(6, 3, scale_grad_by_freq=True), [[0, 2, 2], [2, 1, 0]])
embedding_case("/max_norm", lambda nn: nn.Embedding(6, 4, max_norm=1.0), [[0, 2, 2], [5, 1, 2]])
embedding_case("/max_norm_p1", lambda nn: nn.Embedding(6, 4, max_norm=2.0, norm_type=1.0), [3, 1, 3])
embedding_case("/scalar_index", lambda nn: nn.Embedding(4, 3), 3)
embedding_case("/empty_index", lambda nn: nn.Embedding(4, 3), numpy.zeros((2, 0), dtype="int64"))


@case("nn.Embedding/noncontiguous_indices")
def _embedding_noncontiguous(lib, rng, dtype):
    module = lib.nn.Embedding(7, 3, padding_idx=0).to(dtype)
    _set_params(lib, rng, module, dtype)
    index = values(lib, rng.integers(0, 7, (4, 5))).t()
    return _layer_grads(lib, rng, module, module(index), [])


@case("nn.Embedding/int32_indices")
def _embedding_int32(lib, rng, dtype):
    module = lib.nn.Embedding(5, 2).to(dtype)
    _set_params(lib, rng, module, dtype)
    return _layer_grads(lib, rng, module, module(lib.tensor([4, 0, 4], dtype=lib.int32)), [])


@case("nn.Embedding/from_pretrained")
def _embedding_pretrained(lib, rng, dtype):
    weight = values(lib, rng.standard_normal((5, 3)), dtype)
    frozen = lib.nn.Embedding.from_pretrained(weight)
    trainable = lib.nn.Embedding.from_pretrained(weight, freeze=False, padding_idx=1)
    index = lib.tensor([[1, 4], [0, 1]])
    out = frozen(index) + trainable(index)
    result = _layer_grads(lib, rng, trainable, out, [])
    result["frozen_requires_grad"] = frozen.weight.requires_grad
    return result


@case("nn.Embedding/index_out_of_range", dtypes=None, raises=True)
def _embedding_range(lib, rng, dtype):
    return {"out": lib.nn.Embedding(3, 2)(lib.tensor([3]))}


@case("nn.Embedding/negative_index", dtypes=None, raises=True)
def _embedding_negative(lib, rng, dtype):
    return {"out": lib.nn.Embedding(3, 2)(lib.tensor([-1]))}


@case("nn.Embedding/float_indices", dtypes=None, raises=True)
def _embedding_float(lib, rng, dtype):
    return {"out": lib.nn.Embedding(3, 2)(lib.tensor([1.0]))}


@case("nn.Embedding/padding_idx_out_of_range", dtypes=None, raises=True)
def _embedding_padding(lib, rng, dtype):
    return {"out": lib.nn.Embedding(3, 2, padding_idx=3).weight}


@case("F.one_hot", dtypes=None)
def _one_hot(lib, rng, dtype):
    F = lib.nn.functional
    x = values(lib, rng.integers(0, 5, (3, 4)))
    return {"inferred": F.one_hot(x), "given": F.one_hot(x, 7), "scalar": F.one_hot(lib.tensor(2), 4),
            "empty": F.one_hot(lib.zeros(0, dtype=lib.int64), 3)}


def _one_hot_error(name, make):
    @case("F.one_hot/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": lib.nn.functional.one_hot(*make(lib))}


_one_hot_error("float_input", lambda lib: (lib.tensor([1.0]),))
_one_hot_error("int32_input", lambda lib: (lib.tensor([1], dtype=lib.int32),))
_one_hot_error("empty_inferred", lambda lib: (lib.zeros(0, dtype=lib.int64),))
_one_hot_error("negative", lambda lib: (lib.tensor([-1, 2]),))
_one_hot_error("too_large", lambda lib: (lib.tensor([3]), 3))


# --- shape layers, Identity, containers, DataParallel -----------------------------------------------------------------
layer_case("Flatten", lambda nn: nn.Flatten(), [(2, 3, 4, 5)])
layer_case("Flatten/dims", lambda nn: nn.Flatten(0, 2), [(2, 3, 4, 5)])
layer_case("Flatten/negative_dims", lambda nn: nn.Flatten(-3, -2), [(2, 3, 4, 5)])
layer_case("Unflatten", lambda nn: nn.Unflatten(1, (3, 4)), [(2, 12, 5)])
layer_case("Unflatten/infer", lambda nn: nn.Unflatten(-1, (2, -1)), [(3, 8)])
layer_case("Identity", lambda nn: nn.Identity(54, unused="x"), [(3, 4)])
layer_case("Sequential", lambda nn: nn.Sequential(nn.Flatten(), nn.Linear(12, 5), nn.Identity(), nn.Linear(5, 2)),
           [(4, 3, 4)])
layer_case("Sequential/slice", lambda nn: nn.Sequential(nn.Linear(6, 5), nn.Linear(5, 4), nn.Linear(4, 2))[1:],
           [(3, 5)])
layer_case("DataParallel", lambda nn: nn.DataParallel(nn.Linear(4, 3)), [(2, 4)])


@case("nn.ModuleList/ModuleDict")
def _module_containers(lib, rng, dtype):
    nn = lib.nn
    model = nn.ModuleDict({"encode": nn.ModuleList([nn.Linear(3, 3) for _ in range(3)]), "head": nn.Linear(3, 1)})
    model.to(dtype)
    _set_params(lib, rng, model, dtype)
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    h = x
    for layer in model["encode"][::2]:
        h = layer(h)
    return _layer_grads(lib, rng, model, model["head"](h), [x])


@case("nn.ParameterList/ParameterDict")
def _parameter_containers(lib, rng, dtype):
    nn = lib.nn
    model = nn.Module()
    model.plist = nn.ParameterList([lib.tensor(rng.standard_normal((2, 3)), dtype=dtype) for _ in range(2)])
    model.pdict = nn.ParameterDict({"scale": nn.Parameter(lib.tensor(rng.standard_normal(3), dtype=dtype))})
    x = leaf(lib, rng.standard_normal((4, 2)), dtype)
    out = (x @ model.plist[0] + x @ model.plist[-1]) * model.pdict["scale"]
    return _layer_grads(lib, rng, model, out, [x])


# --- dropout in its deterministic settings ----------------------------------------------------------------------------
layer_case("Dropout/eval", lambda nn: nn.Dropout(0.5).eval(), [(4, 5)])
layer_case("Dropout/p0", lambda nn: nn.Dropout(0.0), [(4, 5)])
layer_case("Dropout/p1", lambda nn: nn.Dropout(1.0), [(4, 5)])
layer_case("Dropout2d/p1", lambda nn: nn.Dropout2d(1.0), [(2, 3, 4, 5)])
layer_case("Dropout1d/eval", lambda nn: nn.Dropout1d(0.3).eval(), [(2, 3, 4)])
layer_case("Dropout3d/eval", lambda nn: nn.Dropout3d(0.3).eval(), [(2, 3, 2, 2, 2)])
layer_case("AlphaDropout/eval", lambda nn: nn.AlphaDropout(0.3).eval(), [(4, 5)])
layer_case("AlphaDropout/p1", lambda nn: nn.AlphaDropout(1.0), [(4, 5)])
layer_case("FeatureAlphaDropout/eval", lambda nn: nn.FeatureAlphaDropout(0.3).eval(), [(2, 3, 4)])


@case("F.alpha_dropout/default_not_training")
def _alpha_default(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 5)), dtype)
    return grads_of(lib, rng, lib.nn.functional.alpha_dropout(x, 0.5), [x])


def _dropout_error(name, make):
    @case("nn.Dropout/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": make(lib)}


_dropout_error("p_negative", lambda lib: lib.nn.Dropout(-0.1))
_dropout_error("p_above_1", lambda lib: lib.nn.Dropout2d(1.5))
_dropout_error("functional_p", lambda lib: lib.nn.functional.dropout(lib.ones(3), 2.0))
_dropout_error("dropout1d_4d", lambda lib: lib.nn.functional.dropout1d(lib.ones(2, 3, 4, 5)))


# --- nn.utils ---------------------------------------------------------------------------------------------------------
def clip_case(name, norm_type, max_norm, scale=1.0):
    @case("nn.utils.clip_grad_norm_/" + name)
    def body(lib, rng, dtype):
        params = [leaf(lib, rng.standard_normal(s), dtype) for s in [(3, 4), (5,), (2, 1)]]
        for p in params[:2]:  # the last parameter has no gradient and is skipped
            p.grad = lib.tensor(rng.standard_normal(tuple(p.shape)) * scale, dtype=dtype)
        total = lib.nn.utils.clip_grad_norm_(params, max_norm, norm_type=norm_type)
        return {"total_norm": total, "grad_0": params[0].grad, "grad_1": params[1].grad}


clip_case("l2_clips", 2.0, 0.5)
clip_case("l2_no_clip", 2.0, 100.0)
clip_case("inf", float("inf"), 0.5)
clip_case("inf_string", "inf", 0.5)
clip_case("l1", 1, 1.0)
clip_case("p3", 3.0, 0.1)
clip_case("tiny", 2.0, 1.0, scale=1e-9)


@case("nn.utils.clip_grad_norm_/single_tensor_and_none")
def _clip_single(lib, rng, dtype):
    p = leaf(lib, rng.standard_normal((3, 3)), dtype)
    empty = lib.nn.utils.clip_grad_norm_(p, 1.0)  # no gradient yet: total norm 0
    p.grad = lib.tensor(rng.standard_normal((3, 3)), dtype=dtype)
    return {"empty": empty, "total": lib.nn.utils.clip_grad_norm_(p, 1.0), "grad": p.grad}


@case("nn.utils.clip_grad_norm_/nonfinite", dtypes=None, raises=True)
def _clip_nonfinite(lib, rng, dtype):
    p = lib.ones(3, requires_grad=True)
    p.grad = lib.tensor([1.0, float("inf"), 0.0])
    return {"out": lib.nn.utils.clip_grad_norm_([p], 1.0, error_if_nonfinite=True)}


@case("nn.utils.clip_grad_value_")
def _clip_value(lib, rng, dtype):
    params = [leaf(lib, rng.standard_normal(s), dtype) for s in [(3, 4), (5,)]]
    for p in params:
        p.grad = lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=dtype)
    lib.nn.utils.clip_grad_value_(params, 0.5)
    return {"grad_0": params[0].grad, "grad_1": params[1].grad}


@case("nn.utils.parameters_to_vector")
def _params_vector(lib, rng, dtype):
    model = lib.nn.Sequential(lib.nn.Linear(3, 2), lib.nn.Linear(2, 1)).to(dtype)
    _set_params(lib, rng, model, dtype)
    vec = lib.nn.utils.parameters_to_vector(model.parameters())
    result = _layer_grads(lib, rng, model, vec * vec, [])
    lib.nn.utils.vector_to_parameters(lib.tensor(rng.standard_normal(vec.numel()), dtype=dtype),
                                      model.parameters())
    result.update({"after_" + n: p for n, p in model.named_parameters()})
    return result
