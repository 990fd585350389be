"""Parity cases for F.embedding_bag and nn.EmbeddingBag: every mode with fixed bags (2-D input) and offsets,
include_last_offset, per_sample_weights, padding_idx, empty bags, ties in max mode, max_norm, scale_grad_by_freq
(torch's CPU count rule), the gradients of the weight and the per-sample weights, and torch's errors."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

MODES = ("sum", "mean", "max")
INDICES = [0, 2, 2, 5, 1, 2, 6, 3]


def bag_case(name, indices, offsets=None, modes=MODES, weight=None, psw=False, **options):
    """One case per mode: out = F.embedding_bag(indices, weight, offsets, mode=mode, **options), with the
    gradients of the weight (and of per_sample_weights when psw)."""
    for mode in modes:
        @case("F.embedding_bag/%s[%s]" % (name, mode))
        def body(lib, rng, dtype, mode=mode):
            w = leaf(lib, rng.standard_normal((7, 3)) if weight is None else numpy.asarray(weight, float), dtype)
            idx = values(lib, numpy.asarray(indices, dtype="int64"))
            off = None if offsets is None else values(lib, numpy.asarray(offsets, dtype="int64"))
            inputs = [w]
            kw = dict(options)
            if psw:
                kw["per_sample_weights"] = leaf(lib, rng.random(numpy.shape(indices)), dtype)
                inputs.append(kw["per_sample_weights"])
            out = lib.nn.functional.embedding_bag(idx, w, off, mode=mode, **kw)
            result = grads_of(lib, rng, out, inputs)
            result["weight_after"] = w.detach()  # max_norm rescales the looked-up rows in place
            return result


bag_case("offsets", INDICES, [0, 3, 5])
bag_case("2d_input", [[0, 2, 2], [5, 1, 2]])
bag_case("empty_bags", INDICES, [0, 0, 3, 3, 8])  # first, middle and last bags empty
# include_last_offset: CSR offsets ending at len(input) (torch's kernels disagree on indices past the last offset)
bag_case("include_last_offset", INDICES, [0, 3, 5, 8], include_last_offset=True)
bag_case("include_last_offset/empty_bag", INDICES, [0, 3, 3, 8], include_last_offset=True)
bag_case("padding_idx", INDICES, [0, 3, 5], padding_idx=2)  # mean counts only non-padding entries
bag_case("padding_idx/negative", [[6, 6, 1], [0, 6, 3]], padding_idx=-1)  # a bag of padding only: zeros
bag_case("empty_input", [], [0, 0])
bag_case("single_bag", [4, 4, 1], [0])
bag_case("no_bags/2d", numpy.zeros((0, 3)))
bag_case("no_bags/include_last_offset", [], [0], include_last_offset=True)
bag_case("max_norm", INDICES, [0, 3, 5], max_norm=1.0)
bag_case("max_norm/p1", [[3, 1], [3, 0]], max_norm=1.5, norm_type=1.0)
bag_case("scale_grad_by_freq", [3, 1, 1, 2, 1, 2, 2, 2, 0, 0], [0, 2, 7], modes=("sum", "mean"),
         scale_grad_by_freq=True)
bag_case("scale_grad_by_freq/padding", INDICES, [0, 3, 5], modes=("sum", "mean"), scale_grad_by_freq=True,
         padding_idx=5)
bag_case("per_sample_weights", INDICES, [0, 3, 5], modes=("sum",), psw=True)
bag_case("per_sample_weights/2d_padding", [[0, 2, 2], [5, 1, 2]], modes=("sum",), psw=True, padding_idx=2)
bag_case("per_sample_weights/include_last_offset", INDICES, [0, 2, 8], modes=("sum",), psw=True,
         include_last_offset=True)
# ties: the gradient of each (bag, column) goes to the bag's first maximum, in input order
TIED = [[1.0, 5.0], [1.0, 5.0], [2.0, 0.0], [2.0, 5.0], [-1.0, -1.0], [0.0, -0.0], [-0.0, 0.0]]
bag_case("ties", [0, 1, 2, 1, 0, 3, 3, 2, 5, 6, 4, 4], [0, 3, 8, 10], modes=("max",), weight=TIED)
bag_case("ties/padding", [0, 1, 2, 1, 0, 3], [0, 3], modes=("max",), weight=TIED, padding_idx=0)


@case("F.embedding_bag/int32")
def _int32(lib, rng, dtype):
    w = leaf(lib, rng.standard_normal((5, 2)), dtype)
    out = lib.nn.functional.embedding_bag(lib.tensor([4, 0, 4, 1], dtype=lib.int32), w,
                                          lib.tensor([0, 1], dtype=lib.int32), mode="sum")
    return grads_of(lib, rng, out, [w])


@case("F.embedding_bag/noncontiguous")
def _noncontiguous(lib, rng, dtype):
    w = leaf(lib, rng.standard_normal((3, 7)), dtype)
    idx = values(lib, rng.integers(0, 7, (5, 4))).t()
    out = lib.nn.functional.embedding_bag(idx, w.t(), mode="max", padding_idx=1)
    return grads_of(lib, rng, out, [w])


# --- nn.EmbeddingBag ----------------------------------------------------------------------------------------------
def _module_grads(lib, rng, module, out):
    result = grads_of(lib, rng, out, [module.weight], ["grad_weight"])
    result["weight"] = module.weight.detach()
    return result


@case("nn.EmbeddingBag/default_mean")
def _module_mean(lib, rng, dtype):
    module = lib.nn.EmbeddingBag(7, 3, padding_idx=4).to(dtype)
    with lib.no_grad():
        module.weight.copy_(lib.tensor(rng.standard_normal((7, 3)), dtype=dtype))
    out = module(lib.tensor(INDICES), lib.tensor([0, 2, 2, 6]))
    return _module_grads(lib, rng, module, out)


@case("nn.EmbeddingBag/psw_include_last_offset")
def _module_psw(lib, rng, dtype):
    module = lib.nn.EmbeddingBag(7, 3, mode="sum", include_last_offset=True, max_norm=1.2).to(dtype)
    with lib.no_grad():
        module.weight.copy_(lib.tensor(rng.standard_normal((7, 3)), dtype=dtype))
    psw = leaf(lib, rng.random(len(INDICES)), dtype)
    out = module(lib.tensor(INDICES), lib.tensor([0, 3, 8]), per_sample_weights=psw)
    result = grads_of(lib, rng, out, [module.weight, psw], ["grad_weight", "grad_psw"])
    result["weight"] = module.weight.detach()
    return result


@case("nn.EmbeddingBag/from_pretrained")
def _from_pretrained(lib, rng, dtype):
    table = lib.tensor(rng.standard_normal((6, 4)), dtype=dtype)
    frozen = lib.nn.EmbeddingBag.from_pretrained(table, mode="max")
    trained = lib.nn.EmbeddingBag.from_pretrained(table, freeze=False, mode="sum", padding_idx=1)
    idx = lib.tensor([[0, 1, 5], [1, 1, 3]])
    result = _module_grads(lib, rng, trained, trained(idx))
    result.update(frozen=frozen(idx), frozen_requires_grad=frozen.weight.requires_grad, repr=repr(trained))
    return result


@case("nn.EmbeddingBag/init", dtypes=None)
def _init(lib, rng, dtype):
    module = lib.nn.EmbeddingBag(5, 3, padding_idx=-2, max_norm=2.0, scale_grad_by_freq=True)
    return {"shape": tuple(module.weight.shape), "padding_row": module.weight[3], "repr": repr(module),
            "padding_idx": module.padding_idx, "dtype": str(module.weight.dtype)}


# --- errors -------------------------------------------------------------------------------------------------------
def error_case(name, code):
    """code (with lib, F, w = a (7, 3) weight, i = 1-D indices, o = offsets) raises the same class in both."""
    def body(lib, rng, dtype):
        ns = {"lib": lib, "F": lib.nn.functional, "w": lib.ones(7, 3), "i": lib.tensor(INDICES),
              "o": lib.tensor([0, 3])}
        return {"out": eval(code, ns)}
    case("F.embedding_bag/error/" + name, dtypes=None, raises=True)(body)


error_case("offsets_not_from_0", "F.embedding_bag(i, w, lib.tensor([1, 3]))")
error_case("offsets_past_end", "F.embedding_bag(i, w, lib.tensor([0, 9]))")
error_case("1d_without_offsets", "F.embedding_bag(i, w)")
error_case("2d_with_offsets", "F.embedding_bag(i.reshape(2, 4), w, o)")
error_case("2d_offsets", "F.embedding_bag(i, w, o[None])")
error_case("3d_input", "F.embedding_bag(i.reshape(2, 2, 2), w)")
error_case("1d_weight", "F.embedding_bag(i, w[0], o)")
error_case("float_indices", "F.embedding_bag(i.double(), w, o)")
error_case("float_offsets", "F.embedding_bag(i, w, o.float())")
error_case("int_weight", "F.embedding_bag(i, w.long(), o)")
error_case("index_out_of_range", "F.embedding_bag(lib.tensor([0, 7]), w, lib.tensor([0]))")
error_case("negative_index", "F.embedding_bag(lib.tensor([0, -1]), w, lib.tensor([0]))")
error_case("padding_idx_out_of_range", "F.embedding_bag(i, w, o, padding_idx=7)")
error_case("bad_mode", "F.embedding_bag(i, w, o, mode='min')")
error_case("max_scale_grad_by_freq", "F.embedding_bag(i, w, o, mode='max', scale_grad_by_freq=True)")
error_case("max_sparse", "F.embedding_bag(i, w, o, mode='max', sparse=True)")
error_case("psw_mean", "F.embedding_bag(i, w, o, mode='mean', per_sample_weights=lib.ones(8))")
error_case("psw_max", "F.embedding_bag(i, w, o, mode='max', per_sample_weights=lib.ones(8))")
error_case("psw_shape", "F.embedding_bag(i, w, o, mode='sum', per_sample_weights=lib.ones(7))")
error_case("psw_dtype", "F.embedding_bag(i, w, o, mode='sum', per_sample_weights=lib.ones(8, dtype=lib.float64))")
error_case("include_last_offset_no_offsets", "F.embedding_bag(i, w, o[:0], include_last_offset=True)")
error_case("2d_empty_bags", "F.embedding_bag(lib.zeros(3, 0, dtype=lib.int64), w)")
error_case("module_padding_idx", "lib.nn.EmbeddingBag(4, 2, padding_idx=4)")
