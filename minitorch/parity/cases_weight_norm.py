"""Parity cases for weight reparametrisations: nn.utils.weight_norm / remove_weight_norm, spectral_norm /
remove_spectral_norm (u and v buffers set from the shared rng, so power iteration starts alike),
parametrize.register_parametrization / remove_parametrizations / is_parametrized and
parametrizations.weight_norm. Results are outputs and every parameter's (and the input's) gradient."""
import warnings

from .helpers import leaf
from .registry import case


def _module(lib, rng, dtype, make):
    """make(lib.nn) with every parameter refilled from rng, in dtype."""
    module = make(lib.nn).to(dtype)
    with lib.no_grad():
        for p in module.parameters():
            p.copy_(lib.tensor(rng.standard_normal(tuple(p.shape)), dtype=dtype))
    return module


def _forward_and_grads(lib, rng, module, x, out=None):
    """The output, and the gradients of sum(output * w) (w random) for x and every parameter."""
    out = module(x) if out is None else out
    upstream = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    named = list(module.named_parameters())
    grads = lib.autograd.grad(out, [x] + [p for _, p in named], upstream, allow_unused=True)
    result = {"out": out, "grad_x": grads[0]}
    result.update(("grad_" + name, g) for (name, _), g in zip(named, grads[1:]) if g is not None)
    return result


LAYERS = {
    "linear": (lambda nn: nn.Linear(5, 4), (3, 5)),
    "conv2d": (lambda nn: nn.Conv2d(2, 3, 3), (2, 2, 5, 5)),
    "conv_transpose2d": (lambda nn: nn.ConvTranspose2d(2, 3, 3), (2, 2, 4, 4)),
}


# --- nn.utils.weight_norm ------------------------------------------------------------------------------------------
def weight_norm_case(name, layer, dim):
    make, shape = LAYERS[layer]

    @case("nn.utils.weight_norm/%s" % name)
    def body(lib, rng, dtype):
        module = _module(lib, rng, dtype, make)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            lib.nn.utils.weight_norm(module, dim=dim)
        x = leaf(lib, rng.standard_normal(shape), dtype)
        result = _forward_and_grads(lib, rng, module, x)
        with lib.no_grad():  # an optimizer-like update of g and v: the next forward recomputes the weight
            module.weight_g.mul_(1.5)
            module.weight_v.add_(0.25)
        result["out_after_update"] = module(x)
        result["weight_g"] = module.weight_g
        lib.nn.utils.remove_weight_norm(module)
        result["removed_weight"] = module.weight
        result["removed_out"] = module(x)
        return result


for _name, _layer, _dim in [("linear", "linear", 0), ("linear/dim1", "linear", 1), ("linear/dim_none", "linear", None),
                            ("linear/dim_neg2", "linear", -2), ("conv2d", "conv2d", 0), ("conv2d/dim2", "conv2d", 2),
                            ("conv_transpose2d/dim1", "conv_transpose2d", 1)]:
    weight_norm_case(_name, _layer, _dim)


@case("nn.utils.weight_norm/twice", dtypes=None, raises=True)
def _weight_norm_twice(lib, rng, dtype):
    module = lib.nn.Linear(3, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        lib.nn.utils.weight_norm(module)
        return {"out": lib.nn.utils.weight_norm(module)}


@case("nn.utils.remove_weight_norm/missing", dtypes=None, raises=True)
def _remove_missing(lib, rng, dtype):
    return {"out": lib.nn.utils.remove_weight_norm(lib.nn.Linear(3, 2))}


# --- nn.utils.spectral_norm ----------------------------------------------------------------------------------------
def _normalized(lib, rng, n, dtype):
    u = rng.standard_normal(n)
    return lib.tensor(u / (u * u).sum() ** 0.5, dtype=dtype)


def spectral_norm_case(name, layer, **settings):
    make, shape = LAYERS[layer]

    @case("nn.utils.spectral_norm/%s" % name)
    def body(lib, rng, dtype):
        module = _module(lib, rng, dtype, make)
        lib.nn.utils.spectral_norm(module, **settings)
        with lib.no_grad():
            module.weight_u.copy_(_normalized(lib, rng, module.weight_u.shape[0], dtype))
            module.weight_v.copy_(_normalized(lib, rng, module.weight_v.shape[0], dtype))
        x = leaf(lib, rng.standard_normal(shape), dtype)
        result = _forward_and_grads(lib, rng, module, x)
        result["second_out"] = module(x)  # another power iteration
        result["u"], result["v"] = module.weight_u, module.weight_v
        module.eval()
        result["eval_out"] = module(x)
        result["eval_u"] = module.weight_u
        lib.nn.utils.remove_spectral_norm(module)
        result["removed_weight"] = module.weight
        return result


spectral_norm_case("linear", "linear")
spectral_norm_case("linear/iterations", "linear", n_power_iterations=3, eps=1e-6)
spectral_norm_case("conv2d", "conv2d")
spectral_norm_case("conv2d/dim1", "conv2d", dim=1)
spectral_norm_case("conv_transpose2d", "conv_transpose2d")


@case("nn.utils.spectral_norm/bad_iterations", dtypes=None, raises=True)
def _spectral_bad(lib, rng, dtype):
    return {"out": lib.nn.utils.spectral_norm(lib.nn.Linear(3, 2), n_power_iterations=0)}


@case("nn.utils.remove_spectral_norm/missing", dtypes=None, raises=True)
def _remove_spectral_missing(lib, rng, dtype):
    return {"out": lib.nn.utils.remove_spectral_norm(lib.nn.Linear(3, 2))}


# --- parametrize -----------------------------------------------------------------------------------------------------
def _parametrizations(lib):
    class Symmetric(lib.nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).transpose(0, 1)

        def right_inverse(self, A):
            return A.triu()

    class Scale(lib.nn.Module):
        def forward(self, X):
            return X * 2.0

        def right_inverse(self, A):
            return A / 2.0

    return Symmetric, Scale


@case("nn.utils.parametrize/register_chain_assign_remove")
def _parametrize(lib, rng, dtype):
    P = lib.nn.utils.parametrize
    Symmetric, Scale = _parametrizations(lib)
    module = _module(lib, rng, dtype, lambda nn: nn.Linear(4, 4))
    flags = [P.is_parametrized(module)]
    P.register_parametrization(module, "weight", Symmetric())
    P.register_parametrization(module, "weight", Scale())
    flags += [P.is_parametrized(module), P.is_parametrized(module, "weight"), P.is_parametrized(module, "bias")]
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    result = _forward_and_grads(lib, rng, module, x)
    result["weight"] = module.weight
    result["original"] = module.parametrizations.weight.original
    target = lib.tensor(rng.standard_normal((4, 4)), dtype=dtype)
    module.weight = target + target.transpose(0, 1)  # stored through both right_inverses
    result["assigned_weight"] = module.weight
    result["assigned_original"] = module.parametrizations.weight.original
    P.remove_parametrizations(module, "weight")
    flags.append(P.is_parametrized(module))
    result["removed_weight"] = module.weight
    result["removed_out"] = module(x)
    result["flags"] = lib.tensor([float(f) for f in flags])
    result["class_restored"] = lib.tensor(float(type(module) is lib.nn.Linear))
    return result


@case("nn.utils.parametrize/cached")
def _parametrize_cached(lib, rng, dtype):
    """Inside cached() the weight is computed once per module (counted), and is the same tensor each access."""
    P = lib.nn.utils.parametrize
    calls = []

    class Counted(lib.nn.Module):
        def forward(self, X):
            calls.append(1)
            return X * 3.0

    module = _module(lib, rng, dtype, lambda nn: nn.Linear(3, 3))
    P.register_parametrization(module, "weight", Counted())
    calls.clear()
    x = leaf(lib, rng.standard_normal((2, 3)), dtype)
    with P.cached():
        out = module(x) + module(x)
        same = module.weight is module.weight
    inside = len(calls)
    module(x)
    result = _forward_and_grads(lib, rng, module, x, out=out)
    result["counts"] = lib.tensor([float(inside), float(len(calls)), float(same)])
    return result


@case("nn.utils.parametrize/remove_unparametrized")
def _parametrize_leave_original(lib, rng, dtype):
    P = lib.nn.utils.parametrize
    Symmetric, _ = _parametrizations(lib)
    module = _module(lib, rng, dtype, lambda nn: nn.Linear(3, 3))
    P.register_parametrization(module, "weight", Symmetric())
    P.remove_parametrizations(module, "weight", leave_parametrized=False)
    return {"weight": module.weight, "names": lib.tensor(float(len(list(module.parameters()))))}


@case("nn.utils.parametrize/missing_tensor", dtypes=None, raises=True)
def _parametrize_missing(lib, rng, dtype):
    Symmetric, _ = _parametrizations(lib)
    return {"out": lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(3, 3), "nope", Symmetric())}


@case("nn.utils.parametrize/shape_change", dtypes=None, raises=True)
def _parametrize_shape(lib, rng, dtype):
    class First(lib.nn.Module):
        def forward(self, X):
            return X[0]
    return {"out": lib.nn.utils.parametrize.register_parametrization(lib.nn.Linear(3, 3), "weight", First())}


@case("nn.utils.parametrize/remove_missing", dtypes=None, raises=True)
def _parametrize_remove_missing(lib, rng, dtype):
    return {"out": lib.nn.utils.parametrize.remove_parametrizations(lib.nn.Linear(3, 3), "weight")}


# --- parametrizations.weight_norm ------------------------------------------------------------------------------------
def parametrized_weight_norm_case(name, layer, dim):
    make, shape = LAYERS[layer]

    @case("nn.utils.parametrizations.weight_norm/%s" % name)
    def body(lib, rng, dtype):
        module = _module(lib, rng, dtype, make)
        lib.nn.utils.parametrizations.weight_norm(module, dim=dim)
        x = leaf(lib, rng.standard_normal(shape), dtype)
        result = _forward_and_grads(lib, rng, module, x)
        result["original0"] = module.parametrizations.weight.original0
        result["original1"] = module.parametrizations.weight.original1
        lib.nn.utils.parametrize.remove_parametrizations(module, "weight")
        result["removed_weight"] = module.weight
        return result


for _name, _layer, _dim in [("linear", "linear", 0), ("linear/dim_none", "linear", None),
                            ("conv2d/dim1", "conv2d", 1)]:
    parametrized_weight_norm_case(_name, _layer, _dim)
