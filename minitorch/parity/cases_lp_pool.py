"""Parity cases for F.lp_pool1d/2d/3d and nn.LPPool1d/2d/3d: norms 1, 1.5, 2, 3 (odd: negative
window sums clip to 0), strides, ceil_mode, unbatched, double backward, reprs and errors."""
from .helpers import grads_of, leaf
from .registry import case

# name: (function, input shape, positive data, args)
CASES = {
    "lp_pool2d/p2": ("lp_pool2d", (2, 3, 6, 8), False, (2, 2), {}),
    "lp_pool2d/p3_negative_sums": ("lp_pool2d", (2, 3, 7, 6), False, (3, (3, 2), 2), {}),
    "lp_pool2d/p1.5_ceil": ("lp_pool2d", (2, 2, 7, 8), True, (1.5, (3, 2), (2, 3), True), {}),
    "lp_pool2d/unbatched": ("lp_pool2d", (3, 6, 5), True, (2, 2, 1), {}),
    "lp_pool1d/p2": ("lp_pool1d", (2, 3, 9), False, (2, 3, 2), {}),
    "lp_pool1d/p1_ceil": ("lp_pool1d", (2, 3, 8), True, (1, 3, 2, True), {}),
    "lp_pool3d/p2": ("lp_pool3d", (2, 2, 4, 6, 5), False, (2, 2), {}),
    "lp_pool3d/p3_negative_sums_tuple": ("lp_pool3d", (1, 2, 5, 6, 7), False, (3, (2, 3, 2), (1, 2, 2)), {}),
    "lp_pool3d/p1.5_ceil_unbatched": ("lp_pool3d", (2, 5, 5, 6), True, (1.5, 2, 2, True), {}),
}


def _make(name, fn, shape, positive, args, kwargs):
    @case("F." + name)
    def body(lib, rng, dtype):
        data = rng.standard_normal(shape)
        x = leaf(lib, abs(data) + 0.1 if positive else data, dtype)
        return grads_of(lib, rng, getattr(lib.nn.functional, fn)(x, *args, **kwargs), [x])


for _name, _spec in CASES.items():
    _make(_name, *_spec)


@case("F.lp_pool2d/double_backward")
def _double(lib, rng, dtype):
    x = leaf(lib, abs(rng.standard_normal((2, 2, 6, 6))) + 0.1, dtype)
    out = lib.nn.functional.lp_pool2d(x, 2, 3, 2)
    upstream = leaf(lib, rng.standard_normal(tuple(out.shape)), dtype)
    (gx,) = lib.autograd.grad(out, [x], upstream, create_graph=True)
    weight = lib.tensor(rng.standard_normal(tuple(gx.shape)), dtype=dtype)
    (gg, gxx) = lib.autograd.grad((gx * weight * x).sum(), [upstream, x])
    return {"out": out, "grad": gx, "grad_upstream": gg, "grad_x": gxx}


@case("nn.LPPool2d")
def _module2d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 7, 6)), dtype)
    return grads_of(lib, rng, lib.nn.LPPool2d(2, (3, 2), 2, ceil_mode=True)(x), [x])


@case("nn.LPPool3d")
def _module3d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 2, 5, 4, 6)), dtype)
    return grads_of(lib, rng, lib.nn.LPPool3d(2, (3, 2, 2), 2)(x), [x])


@case("nn.LPPool1d")
def _module1d(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 9)), dtype)
    return grads_of(lib, rng, lib.nn.LPPool1d(2, 3)(x), [x])


@case("nn.lp_pool/repr", dtypes=None)
def _repr(lib, rng, dtype):
    nn = lib.nn
    return {"repr": "\n".join(repr(m) for m in [nn.LPPool2d(2, 3), nn.LPPool1d(1.5, 3, 2, True),
                                                  nn.LPPool2d(3, (2, 3), (1, 2)), nn.LPPool3d(2, 2)])}


@case("F.lp_pool/error/kernel_too_big", dtypes=None, raises=True)
def _too_big(lib, rng, dtype):
    return {"out": lib.nn.functional.lp_pool2d(lib.ones(1, 1, 2, 2), 2, 3)}


@case("F.lp_pool3d/error/kernel_too_big", dtypes=None, raises=True)
def _too_big3d(lib, rng, dtype):
    return {"out": lib.nn.functional.lp_pool3d(lib.ones(1, 1, 2, 2, 2), 2, 3)}
