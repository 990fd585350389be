"""Parity cases for the normalization layers: BatchNorm, InstanceNorm, LayerNorm, GroupNorm, RMSNorm, LRN.

Every layer gets the same random weights in both libraries (drawn from the shared rng, copied in by parameter
name); results are the outputs, the input's and every parameter's gradient, and every buffer (running stats,
num_batches_tracked) after the forward passes.
"""
from .helpers import leaf
from .registry import TOLERANCES, case


def layer(lib, rng, dtype, make):
    """make(lib.nn) in dtype, every parameter replaced by rng draws (identical in both libraries)."""
    module = make(lib.nn).to(dtype)
    with lib.no_grad():
        for _, p in module.named_parameters():
            p.copy_(lib.tensor(rng.uniform(-1.5, 1.5, tuple(p.shape)), dtype=dtype))
    return module


def results(lib, rng, module, outputs, inputs, create_graph=False):
    """{'out_k': outputs, 'grad_<input>': ..., 'grad_<param>': ..., '<buffer>': ...} for a weighted sum of the
    outputs with random upstream weights."""
    outputs = list(outputs)
    params = [(n, p) for n, p in module.named_parameters()]
    wrt = [(n, t) for n, t in inputs.items() if t.requires_grad] + params
    res = {"out_%d" % i: o for i, o in enumerate(outputs)}
    upstream = [lib.tensor(rng.standard_normal(tuple(o.shape)), dtype=o.dtype) for o in outputs]
    grads = lib.autograd.grad(outputs, [t for _, t in wrt], upstream, allow_unused=True, create_graph=create_graph)
    res.update(("grad_" + n, g) for (n, _), g in zip(wrt, grads))
    res.update(("buffer_" + n, b) for n, b in module.named_buffers())
    return res


def module_case(name, make, shape, steps=1, eval_after=False, transpose=None, dtypes=("float64", "float32"),
                tol=None):
    """Run make's layer on `steps` random batches of `shape` (training mode), optionally then once in eval mode;
    the last forward's gradients and all buffers are compared. transpose=(a, b) makes the input non-contiguous."""
    @case(name, dtypes=dtypes, tol=tol)
    def body(lib, rng, dtype):
        module = layer(lib, rng, dtype, make)
        for step in range(steps + eval_after):
            if eval_after and step == steps:
                module.eval()
            data = rng.standard_normal(shape) * 2 + 0.5
            x = leaf(lib, data, dtype)
            inp = x.transpose(*transpose) if transpose else x
            out = module(inp)
        return results(lib, rng, module, [out], {"input": x})


# --- batch norm ---------------------------------------------------------------------------------------------------
module_case("nn.BatchNorm1d/2d_input", lambda nn: nn.BatchNorm1d(5), (6, 5))
module_case("nn.BatchNorm1d/3d_input", lambda nn: nn.BatchNorm1d(3), (4, 3, 7))
module_case("nn.BatchNorm1d/noncontiguous", lambda nn: nn.BatchNorm1d(3), (4, 7, 3), transpose=(1, 2))
module_case("nn.BatchNorm2d", lambda nn: nn.BatchNorm2d(3), (4, 3, 5, 6))
module_case("nn.BatchNorm2d/train_steps", lambda nn: nn.BatchNorm2d(3, momentum=0.3), (4, 3, 5, 5), steps=4)
module_case("nn.BatchNorm2d/eval", lambda nn: nn.BatchNorm2d(3), (4, 3, 5, 5), steps=3, eval_after=True)
module_case("nn.BatchNorm2d/momentum_none", lambda nn: nn.BatchNorm2d(3, momentum=None), (2, 3, 4, 4), steps=4,
            eval_after=True)
module_case("nn.BatchNorm2d/no_affine", lambda nn: nn.BatchNorm2d(3, affine=False, eps=1e-3), (4, 3, 2, 2), steps=2)
module_case("nn.BatchNorm2d/no_bias", lambda nn: nn.BatchNorm2d(3, bias=False), (4, 3, 2, 2), steps=2)
module_case("nn.BatchNorm2d/no_running_stats", lambda nn: nn.BatchNorm2d(3, track_running_stats=False),
            (4, 3, 3, 3), steps=2, eval_after=True)
module_case("nn.BatchNorm2d/two_values", lambda nn: nn.BatchNorm2d(2), (2, 2, 1, 1))
module_case("nn.BatchNorm2d/empty_batch", lambda nn: nn.BatchNorm2d(3), (0, 3, 2, 2))
module_case("nn.BatchNorm3d", lambda nn: nn.BatchNorm3d(2), (3, 2, 3, 4, 2), steps=2, eval_after=True)


@case("nn.BatchNorm2d/double_backward", dtypes=("float64",))
def _batch_norm_double_backward(lib, rng, dtype):
    module = layer(lib, rng, dtype, lambda nn: nn.BatchNorm2d(3))
    x = leaf(lib, rng.standard_normal((3, 3, 2, 2)), dtype)
    first = results(lib, rng, module, [module(x)], {"input": x}, create_graph=True)
    penalty = (first["grad_input"] ** 2).sum() + (first["grad_weight"] ** 2).sum()
    second = lib.autograd.grad(penalty, [x, module.weight, module.bias], allow_unused=True)
    return {"grad_input": first["grad_input"], "gg_input": second[0], "gg_weight": second[1], "gg_bias": second[2]}


@case("F.batch_norm/eval_given_stats")
def _f_batch_norm_eval(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 3, 5)), dtype)
    mean = lib.tensor(rng.standard_normal(3), dtype=dtype)
    var = lib.tensor(rng.uniform(0.5, 2, 3), dtype=dtype)
    w, b = leaf(lib, rng.standard_normal(3), dtype), leaf(lib, rng.standard_normal(3), dtype)
    out = lib.nn.functional.batch_norm(x, mean, var, w, b, training=False, eps=1e-3)
    grads = lib.autograd.grad(out, [x, w, b], lib.tensor(rng.standard_normal((4, 3, 5)), dtype=dtype))
    return {"out": out, "grad_x": grads[0], "grad_w": grads[1], "grad_b": grads[2]}


@case("F.batch_norm/updates_stats_in_place")
def _f_batch_norm_train(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((5, 2)), dtype)
    mean, var = lib.zeros(2, dtype=dtype), lib.ones(2, dtype=dtype)
    out = lib.nn.functional.batch_norm(x, mean, var, training=True, momentum=0.25)
    return {"out": out, "running_mean": mean, "running_var": var}


@case("F.norms/float16_input_float32_weights", dtypes=None, tol=TOLERANCES["float16"])
def _half_input_float_weights(lib, rng, dtype):
    """torch's CPU norms take float16 input with float32 weights and statistics: float16 out and input gradient,
    float32 weight gradients."""
    F, half, single = lib.nn.functional, lib.float16, lib.float32
    x = leaf(lib, rng.standard_normal((4, 3, 5)), half)
    w, b = leaf(lib, rng.standard_normal(3), single), leaf(lib, rng.standard_normal(3), single)
    w5, b5 = leaf(lib, rng.standard_normal(5), single), leaf(lib, rng.standard_normal(5), single)
    mean, var = lib.zeros(3), lib.ones(3)
    outs = {"batch_norm": F.batch_norm(x, mean, var, w, b, training=True),
            "batch_norm_eval": F.batch_norm(x, mean, var, w, b),
            "instance_norm": F.instance_norm(x, weight=w, bias=b), "group_norm": F.group_norm(x, 3, w, b),
            "layer_norm": F.layer_norm(x, (5,), w5, b5), "rms_norm": F.rms_norm(x, (5,), w5)}
    total = sum(o.float().sum() for o in outs.values())
    grads = lib.autograd.grad(total, [x, w, b, w5, b5])
    outs.update(zip(["grad_x", "grad_w", "grad_b", "grad_w5", "grad_b5"], grads))
    outs.update(running_mean=mean, running_var=var)
    return outs


def raises(name, fn):
    case(name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": fn(lib, rng)})


raises("nn.BatchNorm2d/3d_input", lambda lib, rng: lib.nn.BatchNorm2d(3)(lib.zeros(2, 3, 4)))
raises("nn.BatchNorm1d/4d_input", lambda lib, rng: lib.nn.BatchNorm1d(3)(lib.zeros(2, 3, 4, 4)))
raises("nn.BatchNorm3d/4d_input", lambda lib, rng: lib.nn.BatchNorm3d(3)(lib.zeros(2, 3, 4, 4)))
raises("nn.BatchNorm1d/one_value_per_channel", lambda lib, rng: lib.nn.BatchNorm1d(3)(lib.zeros(1, 3)))
raises("nn.BatchNorm2d/wrong_channels", lambda lib, rng: lib.nn.BatchNorm2d(3)(lib.zeros(2, 4, 2, 2)))
raises("F.batch_norm/eval_without_stats",
       lambda lib, rng: lib.nn.functional.batch_norm(lib.zeros(2, 3), None, None, training=False))

# --- sync batch norm (one process: batch norm) ----------------------------------------------------------------------
module_case("nn.SyncBatchNorm/2d_input", lambda nn: nn.SyncBatchNorm(5), (6, 5), steps=2, eval_after=True)
module_case("nn.SyncBatchNorm/4d_input", lambda nn: nn.SyncBatchNorm(3, momentum=None), (4, 3, 2, 3), steps=3)
module_case("nn.SyncBatchNorm/5d_no_affine", lambda nn: nn.SyncBatchNorm(2, affine=False), (2, 2, 3, 2, 2))
module_case("nn.SyncBatchNorm/converted", lambda nn: nn.SyncBatchNorm.convert_sync_batchnorm(
    nn.Sequential(nn.Conv2d(3, 4, 1), nn.BatchNorm2d(4, momentum=0.2))), (2, 3, 3, 3), steps=2, eval_after=True)
raises("nn.SyncBatchNorm/1d_input", lambda lib, rng: lib.nn.SyncBatchNorm(3)(lib.zeros(3)))
raises("nn.SyncBatchNorm/no_channels", lambda lib, rng: lib.nn.SyncBatchNorm(0)(lib.zeros(2, 0, 3)))

# --- instance norm ------------------------------------------------------------------------------------------------
module_case("nn.InstanceNorm1d", lambda nn: nn.InstanceNorm1d(3), (2, 3, 6))
module_case("nn.InstanceNorm1d/unbatched", lambda nn: nn.InstanceNorm1d(3, affine=True), (3, 6))
module_case("nn.InstanceNorm2d/affine_running_stats",
            lambda nn: nn.InstanceNorm2d(3, affine=True, track_running_stats=True), (2, 3, 4, 5), steps=3,
            eval_after=True)
module_case("nn.InstanceNorm3d", lambda nn: nn.InstanceNorm3d(2, affine=True), (2, 2, 3, 2, 2))
raises("nn.InstanceNorm2d/2d_input", lambda lib, rng: lib.nn.InstanceNorm2d(3)(lib.zeros(3, 4)))
raises("nn.InstanceNorm1d/one_spatial_element", lambda lib, rng: lib.nn.InstanceNorm1d(3)(lib.zeros(2, 3, 1)))
raises("nn.InstanceNorm1d/affine_wrong_channels",
       lambda lib, rng: lib.nn.InstanceNorm1d(3, affine=True)(lib.zeros(2, 4, 5)))

# --- layer, group, RMS and local response norm ----------------------------------------------------------------------
module_case("nn.LayerNorm", lambda nn: nn.LayerNorm(6), (4, 6))
module_case("nn.LayerNorm/two_dims", lambda nn: nn.LayerNorm((3, 4), eps=1e-3), (2, 5, 3, 4))
module_case("nn.LayerNorm/no_bias", lambda nn: nn.LayerNorm(4, bias=False), (3, 4))
module_case("nn.LayerNorm/no_affine", lambda nn: nn.LayerNorm(4, elementwise_affine=False), (2, 3, 4))
module_case("nn.LayerNorm/noncontiguous", lambda nn: nn.LayerNorm(5), (5, 3, 2), transpose=(0, 2))
module_case("nn.LayerNorm/empty_batch", lambda nn: nn.LayerNorm(4), (0, 4))
# float64 only: torch's float32 input gradient here is rounding noise around the exact 0
module_case("nn.LayerNorm/size_one", lambda nn: nn.LayerNorm(1), (3, 1), dtypes=("float64",))
module_case("nn.GroupNorm", lambda nn: nn.GroupNorm(2, 6), (3, 6, 5))
module_case("nn.GroupNorm/one_group", lambda nn: nn.GroupNorm(1, 4), (2, 4, 3, 3))
module_case("nn.GroupNorm/group_per_channel", lambda nn: nn.GroupNorm(4, 4, affine=False), (2, 4, 3, 2))
module_case("nn.GroupNorm/2d_input", lambda nn: nn.GroupNorm(3, 6, eps=1e-2), (4, 6))
module_case("nn.RMSNorm", lambda nn: nn.RMSNorm(5), (3, 5))
module_case("nn.RMSNorm/eps_two_dims", lambda nn: nn.RMSNorm((2, 3), eps=1e-4), (4, 2, 3))
module_case("nn.LocalResponseNorm", lambda nn: nn.LocalResponseNorm(3, alpha=0.1, beta=0.6, k=2.0), (2, 5, 4))
module_case("nn.LocalResponseNorm/even_size_4d", lambda nn: nn.LocalResponseNorm(2), (2, 4, 3, 3))
raises("F.layer_norm/shape_mismatch", lambda lib, rng: lib.nn.functional.layer_norm(lib.zeros(2, 3), [4]))
raises("F.layer_norm/weight_shape", lambda lib, rng: lib.nn.functional.layer_norm(lib.zeros(2, 3), [3],
                                                                                   lib.ones(2)))
raises("F.group_norm/indivisible", lambda lib, rng: lib.nn.functional.group_norm(lib.zeros(2, 3, 4), 2))
raises("nn.GroupNorm/indivisible", lambda lib, rng: lib.nn.GroupNorm(2, 5))
raises("F.local_response_norm/2d_input", lambda lib, rng: lib.nn.functional.local_response_norm(lib.zeros(2, 3), 2))
