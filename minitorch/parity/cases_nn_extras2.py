"""Parity cases for fractional max pooling (F.fractional_max_pool2d/3d and their _with_indices forms, the layers;
the same _random_samples in both libraries, so outputs, indices and gradients compare exactly),
F.native_channel_shuffle, the conv/linear-BatchNorm fusion of nn.utils, and torch's errors."""
from .helpers import grads_of, leaf, values
from .registry import case

# name: (nd, input shape, kernel, output_size, output_ratio, input transform)
POOLS = {
    "basic": (2, (2, 3, 7, 8), 2, 3, None, None),
    "rect": (2, (2, 3, 17, 13), (3, 2), (5, 11), None, None),
    "unbatched": (2, (3, 9, 10), (2, 3), (4, 5), None, None),
    "ratio": (2, (2, 3, 10, 9), 2, None, (0.5, 0.7), None),
    "one_window": (2, (2, 2, 5, 6), (5, 6), 1, None, None),
    "empty_batch": (2, (0, 3, 9, 9), 2, 3, None, None),
    "zero_output": (2, (2, 3, 9, 9), 2, 0, None, None),
    "transposed": (2, (2, 3, 9, 11), 2, (4, 3), None, lambda t: t.transpose(-1, -2)),
    "strided": (2, (2, 3, 9, 11), 2, 3, None, lambda t: t[:, :, ::2, 1:]),
    "3d/basic": (3, (2, 3, 7, 8, 9), 2, 3, None, None),
    "3d/rect": (3, (1, 2, 11, 8, 9), (3, 2, 2), (4, 5, 6), None, None),
    "3d/unbatched": (3, (3, 6, 7, 8), (2, 1, 3), (3, 4, 3), None, None),
    "3d/ratio": (3, (2, 2, 8, 8, 9), 2, None, 0.5, None),
    "3d/permuted": (3, (2, 2, 7, 8, 9), 2, 3, None, lambda t: t.permute(0, 1, 4, 3, 2)),
}


def _samples(lib, rng, nd, shape, dtype):
    batch = shape[0] if len(shape) == nd + 2 else 1
    return values(lib, rng.random((batch, shape[-nd - 1], nd)), dtype)


def _pool_case(name, nd, shape, kernel, output_size, output_ratio, transform):
    @case("F.fractional_max_pool%s" % ("2d/" + name if nd == 2 else name), dtypes=("float64", "float32", "float16"))
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        samples = _samples(lib, rng, nd, shape, dtype)
        pool = getattr(lib.nn.functional, "fractional_max_pool%dd_with_indices" % nd)
        out, indices = pool(transform(x) if transform else x, kernel, output_size, output_ratio,
                            _random_samples=samples)
        result = grads_of(lib, rng, out, [x])
        result["indices"] = indices
        return result


for _name, _spec in POOLS.items():
    _pool_case(_name, *_spec)


@case("F.fractional_max_pool/nan_ties_inf")
def _special_values(lib, rng, dtype):
    array = rng.standard_normal((2, 3, 9, 8)).round()
    array[rng.random(array.shape) < 0.1] = float("nan")
    array[rng.random(array.shape) < 0.1] = -float("inf")
    x = leaf(lib, array, dtype)
    out, indices = lib.nn.functional.fractional_max_pool2d(x, 2, 3, return_indices=True,
                                                           _random_samples=_samples(lib, rng, 2, array.shape, dtype))
    result = grads_of(lib, rng, out, [x])
    result["indices"] = indices
    return result


@case("F.fractional_max_pool/double_backward")
def _double_backward(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 2, 7, 7)), dtype)
    v = leaf(lib, rng.standard_normal((2, 2, 3, 3)), dtype)
    out = lib.nn.functional.fractional_max_pool2d(x, 3, 3, _random_samples=_samples(lib, rng, 2, (2, 2, 7, 7), dtype))
    grad, = lib.autograd.grad(out, [x], v, create_graph=True)
    return {"grad": grad, "grad_of_upstream": lib.autograd.grad((grad * grad).sum(), [v])[0]}


@case("nn.FractionalMaxPool2d")
def _layer2d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 9, 9)), dtype)
    layer = lib.nn.FractionalMaxPool2d((2, 3), output_size=(4, 5), return_indices=True,
                                       _random_samples=_samples(lib, rng, 2, (2, 3, 9, 9), dtype))
    out, indices = layer(x)
    result = grads_of(lib, rng, out, [x])
    result.update(indices=indices, repr=repr(layer), buffers=list(layer.state_dict()))
    return result


@case("nn.FractionalMaxPool3d")
def _layer3d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 2, 8, 8, 8)), dtype)
    layer = lib.nn.FractionalMaxPool3d(2, output_ratio=(0.5, 0.4, 0.75),
                                       _random_samples=_samples(lib, rng, 3, (2, 2, 8, 8, 8), dtype))
    return grads_of(lib, rng, layer(x), [x])


@case("F.native_channel_shuffle", dtypes=("float64", "float32", "int64"))
def _native_channel_shuffle(lib, rng, dtype):
    x = values(lib, rng.standard_normal((2, 6, 3, 2)) * 10, dtype)
    return {"out": lib.nn.functional.native_channel_shuffle(x, 3),
            "empty": lib.nn.functional.native_channel_shuffle(x[:0], 2)}


@case("nn.utils.fuse_conv_bn_weights")
def _fuse_conv(lib, rng, dtype):
    args = [values(lib, rng.standard_normal(s), dtype) for s in [(4, 3, 2, 2), (4,), (4,)]]
    rv = values(lib, rng.random(4) + 0.5, dtype)
    w, b = lib.nn.utils.fuse_conv_bn_weights(args[0], args[1], args[2], rv, 1e-5, args[1] * 2, args[2])
    wt, bt = lib.nn.utils.fuse_conv_bn_weights(args[0].transpose(0, 1), None, args[2], rv, 1e-3, None, None, True)
    return {"w": w, "b": b, "wt": wt, "bt": bt}


@case("nn.utils.fuse_linear_bn_weights")
def _fuse_linear(lib, rng, dtype):
    w, b, rm, bw, bb = (values(lib, rng.standard_normal(s), dtype) for s in [(4, 3), (4,), (4,), (4,), (4,)])
    rv = values(lib, rng.random(4) + 0.5, dtype)
    fw, fb = lib.nn.utils.fuse_linear_bn_weights(w, b, rm, rv, 1e-5, bw, bb)
    nw, nb = lib.nn.utils.fuse_linear_bn_weights(w, None, rm, rv, 1e-5, bw, bb)
    return {"w": fw, "b": fb, "w_no_bias": nw, "b_no_bias": nb}


def _error_case(name, make):
    case("F.fractional_max_pool/error/" + name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


ERRORS = {
    "kernel_too_big": lambda lib: lib.nn.functional.fractional_max_pool2d(lib.ones(1, 1, 4, 4), 5, 1),
    "output_too_big": lambda lib: lib.nn.functional.fractional_max_pool2d(lib.ones(1, 1, 4, 4), 2, (3, 4)),
    "samples_dtype": lambda lib: lib.nn.functional.fractional_max_pool2d(
        lib.ones(1, 1, 4, 4), 2, 2, _random_samples=lib.ones(1, 1, 2, dtype=lib.float64)),
    "samples_shape": lambda lib: lib.nn.functional.fractional_max_pool3d(
        lib.ones(1, 1, 4, 4, 4), 2, 2, _random_samples=lib.ones(1, 1, 2)),
    "3d_output_fills": lambda lib: lib.nn.functional.fractional_max_pool3d(lib.ones(1, 1, 4, 4, 4), 2, 3),
    "int_input": lambda lib: lib.nn.functional.fractional_max_pool2d(
        lib.ones(1, 1, 4, 4, dtype=lib.long), 2, 2, _random_samples=lib.ones(1, 1, 2, dtype=lib.long)),
    "layer_ratio": lambda lib: lib.nn.FractionalMaxPool2d(2, output_ratio=(0.5, 1.0)),
    "native_channel_shuffle_groups": lambda lib: lib.nn.functional.native_channel_shuffle(lib.ones(1, 4, 2), 3),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)
