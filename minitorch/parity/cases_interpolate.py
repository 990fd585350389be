"""Parity cases for F.interpolate and the Upsample modules: every mode, up- and down-sampling, integer and
non-integer scale factors, recompute_scale_factor, align_corners both ways, gradients, second derivatives of the
weighted gathers, module reprs and torch's errors."""
from .helpers import grads_of, leaf
from .registry import case

RESIZES = {  # name: (input shape, interpolate keywords)
    "nearest1d_up": ((2, 3, 5), dict(size=11)),
    "nearest1d_down": ((2, 3, 9), dict(scale_factor=0.4)),
    "nearest2d_x2.1": ((1, 2, 5, 7), dict(scale_factor=2.1)),
    "nearest2d_x2": ((1, 2, 3, 4), dict(scale_factor=2)),
    "nearest2d_recompute": ((1, 2, 5, 7), dict(scale_factor=(2.1, 0.7), recompute_scale_factor=True)),
    "nearest3d": ((1, 2, 3, 4, 5), dict(size=(5, 2, 7))),
    "nearest_exact1d": ((2, 3, 7), dict(scale_factor=1.6, mode="nearest-exact")),
    "nearest_exact2d_down": ((1, 2, 9, 8), dict(size=(4, 3), mode="nearest-exact")),
    "nearest_exact3d": ((1, 1, 3, 4, 5), dict(scale_factor=1.5, mode="nearest-exact")),
    "linear_up": ((2, 3, 5), dict(size=12, mode="linear")),
    "linear_down": ((2, 3, 11), dict(scale_factor=0.45, mode="linear")),
    "linear_align": ((2, 3, 5), dict(scale_factor=2.7, mode="linear", align_corners=True)),
    "linear_align_down": ((2, 3, 11), dict(size=4, mode="linear", align_corners=True)),
    "linear_to_one": ((1, 2, 6), dict(size=1, mode="linear", align_corners=True)),
    "bilinear_up": ((1, 2, 4, 5), dict(scale_factor=(1.7, 2.5), mode="bilinear")),
    "bilinear_down": ((2, 1, 9, 10), dict(size=(4, 3), mode="bilinear")),
    "bilinear_align": ((1, 2, 4, 5), dict(size=(7, 9), mode="bilinear", align_corners=True)),
    "bilinear_recompute": ((1, 2, 4, 5), dict(scale_factor=1.3, mode="bilinear", recompute_scale_factor=True)),
    "trilinear": ((1, 2, 3, 4, 5), dict(scale_factor=1.5, mode="trilinear")),
    "trilinear_align": ((1, 1, 3, 4, 5), dict(size=(4, 2, 6), mode="trilinear", align_corners=True)),
    "bicubic_up": ((1, 2, 4, 5), dict(scale_factor=2.3, mode="bicubic")),
    "bicubic_down": ((1, 2, 9, 8), dict(size=(4, 5), mode="bicubic")),
    "bicubic_align": ((1, 2, 4, 5), dict(size=(7, 3), mode="bicubic", align_corners=True)),
}


def resize_case(name, shape, kwargs):
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        return grads_of(lib, rng, lib.nn.functional.interpolate(x, **kwargs), [x])
    case("F.interpolate/" + name, dtypes=("float64",))(body)
    # float32 bicubic: torch sums the four taps in another order, so allow a few ulps more
    case("F.interpolate/" + name, dtypes=("float32",), tol=(1e-5, 1e-5) if "bicubic" in name else None)(body)


for _name, (_shape, _kwargs) in RESIZES.items():
    resize_case(_name, _shape, _kwargs)


@case("F.interpolate/double_backward", dtypes=("float64",))
def _double_backward(lib, rng, dtype):
    """Gradients of gradients: the gathers' backward (index_add) is differentiable; x*x makes grad2 nonzero."""
    x = leaf(lib, rng.standard_normal((1, 2, 4, 5)), dtype)
    out = lib.nn.functional.interpolate(x * x, scale_factor=1.6, mode="bicubic")
    up = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    (g,) = lib.autograd.grad(out, [x], up, create_graph=True)
    (g2,) = lib.autograd.grad(g, [x], lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype))
    return {"out": out, "grad": g, "grad2": g2}


@case("F.interpolate/noncontiguous")
def _noncontiguous(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((1, 2, 6, 5)), dtype)
    return grads_of(lib, rng, lib.nn.functional.interpolate(x.transpose(2, 3), size=(4, 9), mode="bilinear"), [x])


def module_case(name, make, shape):
    def body(lib, rng, dtype):
        m = make(lib.nn)
        x = leaf(lib, rng.standard_normal(shape), dtype)
        result = grads_of(lib, rng, m(x), [x])
        result["repr"] = repr(m)
        return result
    case("nn." + name)(body)


module_case("Upsample[nearest]", lambda nn: nn.Upsample(scale_factor=2), (1, 2, 3, 4))
module_case("Upsample[bilinear,size]", lambda nn: nn.Upsample(size=(5, 7), mode="bilinear"), (1, 2, 3, 4))
module_case("Upsample[linear,align]", lambda nn: nn.Upsample(scale_factor=1.5, mode="linear", align_corners=True),
            (2, 3, 5))
module_case("UpsamplingNearest2d", lambda nn: nn.UpsamplingNearest2d(size=(5, 3)), (1, 2, 3, 4))
module_case("UpsamplingBilinear2d", lambda nn: nn.UpsamplingBilinear2d(scale_factor=2.5), (1, 2, 3, 4))

ERRORS = {
    "size_and_scale": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, scale_factor=2.0),
    "neither": lambda F, lib: F.interpolate(lib.ones(1, 1, 4)),
    "align_nearest": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, align_corners=True),
    "align_nearest_false": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="nearest-exact",
                                                        align_corners=False),
    "linear_4d": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=3, mode="linear"),
    "bilinear_3d": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="bilinear"),
    "trilinear_4d": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=3, mode="trilinear"),
    "nearest_2d": lambda F, lib: F.interpolate(lib.ones(1, 4), size=3),
    "size_len": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=(3, 3, 3)),
    "scale_len": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), scale_factor=(2.0,)),
    "recompute_with_size": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, recompute_scale_factor=True),
    "antialias_nearest": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=3, antialias=True),
    "bad_mode": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="cubic"),
    "zero_output": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), scale_factor=0.1),
}


def error_case(name, make):
    case("F.interpolate/error/" + name, dtypes=None, raises=True)(
        lambda lib, rng, dtype: {"out": make(lib.nn.functional, lib)})


for _name, _make in ERRORS.items():
    error_case(_name, _make)
