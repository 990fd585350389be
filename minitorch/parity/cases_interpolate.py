"""Parity cases for F.interpolate and the Upsample modules: every mode (area in 1-3 d, antialiased bilinear,
bicubic and lanczos), up- and down-sampling, integer and non-integer scale factors, recompute_scale_factor,
align_corners both ways, gradients, second derivatives of the weighted gathers and of the antialiasing matmuls,
module reprs and torch's errors."""
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
    "area1d_down": ((2, 3, 11), dict(size=4, mode="area")),
    "area1d_up": ((2, 3, 5), dict(scale_factor=2.3, mode="area")),
    "area2d_down": ((2, 2, 9, 10), dict(size=(4, 3), mode="area")),
    "area2d_scale": ((1, 2, 7, 5), dict(scale_factor=(0.6, 1.7), mode="area")),
    "area3d_down": ((1, 2, 5, 6, 7), dict(size=(3, 4, 2), mode="area")),
    "area3d_scale": ((2, 1, 4, 5, 6), dict(scale_factor=(0.5, 1.5, 0.7), mode="area")),
    # antialias: torch's CPU forward repeats the first row when the output width is 1 and the height changes,
    # so no case here has that shape
    "aa_bilinear_down": ((2, 2, 17, 13), dict(size=(5, 4), mode="bilinear", antialias=True)),
    "aa_bilinear_down_odd": ((1, 2, 11, 9), dict(scale_factor=(0.37, 0.55), mode="bilinear", antialias=True)),
    "aa_bilinear_align": ((1, 2, 13, 10), dict(size=(4, 3), mode="bilinear", antialias=True, align_corners=True)),
    "aa_bilinear_up": ((1, 2, 4, 5), dict(size=(7, 9), mode="bilinear", antialias=True)),
    "aa_bilinear_up_align": ((1, 2, 4, 5), dict(scale_factor=1.7, mode="bilinear", antialias=True,
                                                align_corners=True)),
    "aa_bilinear_mixed": ((1, 2, 12, 4), dict(size=(5, 7), mode="bilinear", antialias=True)),
    "aa_bilinear_width_only": ((1, 2, 6, 13), dict(size=(6, 4), mode="bilinear", antialias=True)),
    "aa_bilinear_to_one": ((1, 2, 7, 6), dict(size=1, mode="bilinear", antialias=True)),
    "aa_bicubic_down": ((2, 1, 16, 15), dict(size=(5, 6), mode="bicubic", antialias=True)),
    "aa_bicubic_down_align": ((1, 2, 13, 11), dict(scale_factor=0.4, mode="bicubic", antialias=True,
                                                   align_corners=True)),
    "aa_bicubic_recompute": ((1, 2, 9, 7), dict(scale_factor=(0.45, 0.3), mode="bicubic", antialias=True,
                                                recompute_scale_factor=True)),
    "aa_bicubic_up": ((1, 2, 4, 5), dict(scale_factor=2.3, mode="bicubic", antialias=True)),
    "aa_bicubic_up_align": ((1, 1, 5, 4), dict(size=(9, 7), mode="bicubic", antialias=True, align_corners=True)),
    "aa_bicubic_mixed": ((1, 2, 5, 14), dict(size=(8, 3), mode="bicubic", antialias=True)),
    "aa_lanczos_down": ((2, 2, 17, 13), dict(size=(5, 4), mode="lanczos", antialias=True)),
    "aa_lanczos_up": ((1, 2, 4, 5), dict(scale_factor=2.3, mode="lanczos", antialias=True)),
    "aa_lanczos_mixed": ((1, 2, 11, 5), dict(scale_factor=(0.4, 1.5), mode="lanczos", antialias=True)),
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


@case("F.interpolate/aa_double_backward", dtypes=("float64",))
def _aa_double_backward(lib, rng, dtype):
    """The antialiasing matmuls are differentiable twice."""
    x = leaf(lib, rng.standard_normal((1, 2, 9, 7)), dtype)
    out = lib.nn.functional.interpolate(x * x, size=(4, 3), mode="bicubic", antialias=True)
    up = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    (g,) = lib.autograd.grad(out, [x], up, create_graph=True)
    (g2,) = lib.autograd.grad(g, [x], lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=g.dtype))
    return {"out": out, "grad": g, "grad2": g2}


@case("F.interpolate/area_empty_output")
def _area_empty(lib, rng, dtype):
    """area allows an output size of 0 (adaptive pooling to nothing), the other modes do not."""
    F = lib.nn.functional
    x, volume, no_channels = (leaf(lib, rng.standard_normal(s), dtype) for s in ((1, 2, 5, 4), (1, 2, 6, 6, 6),
                                                                                (1, 0, 6, 6)))
    return {"out": F.interpolate(x, scale_factor=(0.1, 1.0), mode="area"),
            "volume": F.interpolate(volume, scale_factor=(1, 0.1, 1), mode="area"),
            "no_channels": F.interpolate(no_channels, size=(3, 3), mode="area")}


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
module_case("Upsample[area]", lambda nn: nn.Upsample(scale_factor=(0.5, 0.7), mode="area"), (1, 2, 7, 9))
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
    "antialias_area": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=3, mode="area", antialias=True),
    "antialias_linear": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="linear", antialias=True),
    "antialias_bilinear_5d": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4, 4), size=3, mode="bilinear",
                                                          antialias=True),
    "antialias_trilinear": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4, 4), size=3, mode="trilinear",
                                                        antialias=True),
    "antialias_int": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4, dtype=lib.int64), size=3, mode="bilinear",
                                                  antialias=True),
    "antialias_half": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4, dtype=lib.float16), size=3,
                                                   mode="bicubic", antialias=True),
    "antialias_zero_output": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), scale_factor=0.2, mode="bilinear",
                                                          antialias=True),
    "lanczos_plain": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=3, mode="lanczos"),
    "lanczos_align": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=3, mode="lanczos", antialias=True,
                                                  align_corners=True),
    "lanczos_3d": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="lanczos"),
    "lanczos_3d_antialias": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="lanczos", antialias=True),
    "area_align": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="area", align_corners=False),
    "area_2d": lambda F, lib: F.interpolate(lib.ones(1, 4), size=3, mode="area"),
    "area_6d": lambda F, lib: F.interpolate(lib.ones(1, 1, 2, 2, 2, 4), size=3, mode="area"),
    "area_int": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4, dtype=lib.int64), size=3, mode="area"),
    "area_uint8": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, dtype=lib.uint8), size=3, mode="area"),
    "area_negative": lambda F, lib: F.interpolate(lib.ones(1, 1, 4, 4), size=(3, -1), mode="area"),
    "area_negative_scale": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), scale_factor=-1.0, mode="area"),
    "area_empty_input": lambda F, lib: F.interpolate(lib.ones(1, 1, 0, 4), size=3, mode="area"),
    "area_recompute_with_size": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="area",
                                                             recompute_scale_factor=True),
    "bad_mode": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), size=3, mode="cubic"),
    "zero_output": lambda F, lib: F.interpolate(lib.ones(1, 1, 4), scale_factor=0.1),
}


def error_case(name, make):
    case("F.interpolate/error/" + name, dtypes=None, raises=True)(
        lambda lib, rng, dtype: {"out": make(lib.nn.functional, lib)})


for _name, _make in ERRORS.items():
    error_case(_name, _make)


@case("F.upsample_nearest_and_bilinear")
def _deprecated_upsamples(lib, rng, dtype):
    import warnings
    x = leaf(lib, rng.standard_normal((1, 2, 3, 4)), dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        near = lib.nn.functional.upsample_nearest(x, scale_factor=2)
        bilinear = lib.nn.functional.upsample_bilinear(x, size=(5, 7))
    return grads_of(lib, rng, near.sum() + (bilinear * bilinear).sum(), [x])
