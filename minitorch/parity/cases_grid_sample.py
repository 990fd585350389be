"""Parity cases for F.affine_grid and F.grid_sample: every mode x padding_mode x align_corners on 4-D input, the
bilinear (trilinear) and nearest ones on 5-D, grids reaching well outside [-1, 1], non-contiguous inputs and grids,
N = 1, C = 1, spatial sizes of 1, empty batches / channels / grids, gradients w.r.t. input, grid and theta,
second derivatives, torch's behaviour on the kinks (nearest's half-to-even ties, bilinear on integer positions,
clipping and reflection ends), and torch's errors.

Random grids are uniform, so no point of theirs lies on a kink. float32 bicubic allows torch's assert_close atol
(1e-5): its 16 taps are summed in another order, and far outside the input, where every tap reads the same border
value, the grid gradient is a cancellation to 0 of terms of size 1."""
import itertools

from .helpers import grads_of, leaf, values
from .registry import case

MODES = ("bilinear", "nearest", "bicubic")
PADDINGS = ("zeros", "border", "reflection")
SHAPES = {4: ((2, 3, 4, 5), (2, 5, 6, 2)), 5: ((2, 2, 3, 4, 5), (2, 3, 2, 4, 3))}  # input, grid


def _tol(mode, dtype):
    return (1e-5, 1e-5) if mode == "bicubic" and dtype == "float32" else None


def _sample(lib, rng, dtype, shape, grid_shape, reach=1.6, **kwargs):
    x = leaf(lib, rng.standard_normal(shape), dtype)
    grid = leaf(lib, rng.uniform(-reach, reach, grid_shape), dtype)
    return grads_of(lib, rng, lib.nn.functional.grid_sample(x, grid, **kwargs), [x, grid])


def _mode_case(rank, mode, padding, align):
    shape, grid_shape = SHAPES[rank]

    def body(lib, rng, dtype):
        return _sample(lib, rng, dtype, shape, grid_shape, mode=mode, padding_mode=padding, align_corners=align)
    name = "F.grid_sample/%dd_%s_%s_%s" % (rank, mode, padding, "align" if align else "noalign")
    for dt in ("float64", "float32"):
        case(name, dtypes=(dt,), tol=_tol(mode, dt))(body)


for _rank, _mode, _padding, _align in itertools.product((4, 5), MODES, PADDINGS, (False, True)):
    if not (_rank == 5 and _mode == "bicubic"):
        _mode_case(_rank, _mode, _padding, _align)


EDGE_SHAPES = {  # name: (input shape, grid shape)
    "n1_c1": ((1, 1, 5, 4), (1, 3, 7, 2)),
    "size1_h": ((2, 2, 1, 5), (2, 3, 4, 2)),
    "size1_both": ((1, 2, 1, 1), (1, 3, 2, 2)),
    "far_outside": ((1, 2, 3, 4), (1, 6, 5, 2)),  # grid in [-7, 7]: many reflections
    "5d_n1_c1": ((1, 1, 2, 3, 4), (1, 2, 3, 2, 3)),
    "5d_size1_d": ((1, 2, 1, 3, 4), (1, 2, 2, 3, 3)),
}


def _edge_case(name, shape, grid_shape, mode, padding, align):
    def body(lib, rng, dtype):
        return _sample(lib, rng, dtype, shape, grid_shape, reach=7.0 if name == "far_outside" else 1.6, mode=mode,
                       padding_mode=padding, align_corners=align)
    full = "F.grid_sample/%s_%s_%s_%s" % (name, mode, padding, "align" if align else "noalign")
    for dt in ("float64", "float32"):
        case(full, dtypes=(dt,), tol=_tol(mode, dt))(body)


for _name, (_shape, _grid_shape) in EDGE_SHAPES.items():
    for _mode, _padding, _align in itertools.product(MODES, PADDINGS, (False, True)):
        if not (len(_shape) == 5 and _mode == "bicubic"):
            _edge_case(_name, _shape, _grid_shape, _mode, _padding, _align)


def _noncontiguous_case(mode):
    def body(lib, rng, dtype):
        """A transposed input and a grid that is a permuted (N, 2, H, W) tensor."""
        x = leaf(lib, rng.standard_normal((2, 3, 6, 5)), dtype)
        grid = leaf(lib, rng.uniform(-1.3, 1.3, (2, 2, 4, 3)), dtype)
        out = lib.nn.functional.grid_sample(x.transpose(2, 3), grid.permute(0, 2, 3, 1), mode=mode,
                                            padding_mode="reflection", align_corners=False)
        return grads_of(lib, rng, out, [x, grid])
    for dt in ("float64", "float32"):
        case("F.grid_sample/noncontiguous_" + mode, dtypes=(dt,), tol=_tol(mode, dt))(body)


for _mode in MODES:
    _noncontiguous_case(_mode)


@case("F.grid_sample/5d_noncontiguous")
def _noncontiguous_5d(lib, rng, dtype):
    F = lib.nn.functional
    x = leaf(lib, rng.standard_normal((1, 4, 3, 2, 5)), dtype)
    grid = leaf(lib, rng.uniform(-1.3, 1.3, (1, 3, 2, 3, 4)), dtype)
    out = F.grid_sample(x.transpose(1, 3), grid.permute(0, 4, 3, 2, 1), padding_mode="border", align_corners=True)
    return grads_of(lib, rng, out, [x, grid])


@case("F.grid_sample/only_grid_requires_grad")
def _grid_only(lib, rng, dtype):
    """Only the grid needs a gradient: nearest's is zeros (not absent), as torch's."""
    F = lib.nn.functional
    x = values(lib, rng.standard_normal((1, 2, 4, 4)), dtype)
    grid = leaf(lib, rng.uniform(-1.2, 1.2, (1, 3, 3, 2)), dtype)
    result = {}
    for mode in MODES:
        result.update({"%s_%s" % (mode, k): v for k, v in grads_of(
            lib, rng, F.grid_sample(x, grid, mode=mode, align_corners=False), [grid]).items()})
    return result


@case("F.grid_sample/default_align_corners")
def _default_align(lib, rng, dtype):
    """align_corners=None warns and means False."""
    import warnings
    x = leaf(lib, rng.standard_normal((1, 2, 3, 4)), dtype)
    grid = leaf(lib, rng.uniform(-1.2, 1.2, (1, 2, 3, 2)), dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return grads_of(lib, rng, lib.nn.functional.grid_sample(x, grid), [x, grid])


@case("F.grid_sample/empty")
def _empty(lib, rng, dtype):
    """Batch 0, channels 0 and an empty grid give empty outputs (and gradients)."""
    F = lib.nn.functional
    result = {}
    for name, (shape, grid_shape) in {"batch": ((0, 2, 3, 4), (0, 2, 2, 2)), "channels": ((2, 0, 3, 4), (2, 2, 2, 2)),
                                      "grid": ((2, 3, 3, 4), (2, 0, 5, 2)),
                                      "5d_grid": ((1, 2, 2, 3, 4), (1, 2, 0, 3, 3))}.items():
        x = leaf(lib, rng.standard_normal(shape), dtype)
        grid = leaf(lib, rng.uniform(-1, 1, grid_shape), dtype)
        for key, value in grads_of(lib, rng, F.grid_sample(x, grid, mode="bilinear", align_corners=False),
                                   [x, grid]).items():
            result[name + "_" + key] = value
    return result


@case("F.grid_sample/double_backward", dtypes=("float64",))
def _double_backward(lib, rng, dtype):
    """Gradients of the input and grid gradients w.r.t. input, grid and the upstream gradient."""
    F = lib.nn.functional
    result = {}
    for rank, mode, padding in ((4, "bilinear", "zeros"), (4, "bicubic", "border"), (4, "nearest", "reflection"),
                                (5, "bilinear", "reflection")):
        shape, grid_shape = SHAPES[rank]
        x = leaf(lib, rng.standard_normal(shape), dtype)
        grid = leaf(lib, rng.uniform(-1.4, 1.4, grid_shape), dtype)
        out = F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=False)
        up = leaf(lib, rng.standard_normal(tuple(out.shape)), dtype)
        gx, gg = lib.autograd.grad(out, [x, grid], up, create_graph=True)
        total = (gx * values(lib, rng.standard_normal(tuple(gx.shape)), dtype)).sum() + (
            gg * values(lib, rng.standard_normal(tuple(gg.shape)), dtype)).sum()
        for key, value in zip(("x", "grid", "up"), lib.autograd.grad(total, [x, grid, up], allow_unused=True)):
            result["%dd_%s_%s" % (rank, mode, key)] = value
    return result


def _ties_grid(lib, dtype, align):
    """x positions on every pixel, every half pixel (for nearest's ties) and both ends; y on rows and outside."""
    if align:  # W = 5: pixel i at -1 + i / 2; the ends at +-1
        xs = [-1.25, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25]
    else:  # W = 4: pixel i at (2 i + 1) / 4 - 1; ends (clip) at -0.75 and 0.75, reflection edges at +-1
        xs = [-1.5, -1.0, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5]
    ys = [-1.0, -0.5, 0.0, 1.0, 2.0]
    return leaf(lib, [[[[x, y] for x in xs] for y in ys]], dtype)


@case("F.grid_sample/ties")
def _ties(lib, rng, dtype):
    """Grid points exactly on the kinks, as torch treats them: nearest rounds halves to even; bilinear on an
    integer position uses the cell to its right (a one-sided gradient); clipping and reflection have slope 0 on
    the ends."""
    F = lib.nn.functional
    result = {}
    for align in (False, True):
        x = leaf(lib, rng.standard_normal((1, 2, 3, 5 if align else 4)), dtype)
        grid = _ties_grid(lib, dtype, align)
        for mode, padding in itertools.product(MODES, PADDINGS):
            out = F.grid_sample(x, grid, mode=mode, padding_mode=padding, align_corners=align)
            for key, value in grads_of(lib, rng, out, [x, grid]).items():
                result["%s_%s_%s_%s" % (align, mode, padding, key)] = value
    return result


# --- affine_grid ----------------------------------------------------------------------------------------------------
AFFINE_SIZES = {"2d": [2, 3, 4, 5], "2d_n1": [1, 1, 3, 7], "2d_unit": [2, 1, 1, 4], "3d": [2, 3, 3, 4, 5],
                "3d_unit": [1, 2, 1, 3, 2]}


def _affine_case(name, size, align):
    @case("F.affine_grid/%s_%s" % (name, "align" if align else "noalign"))
    def body(lib, rng, dtype):
        import warnings
        k = len(size) - 2
        theta = leaf(lib, rng.standard_normal((size[0], k, k + 1)), dtype)
        with warnings.catch_warnings():  # unit sizes with aligned corners warn
            warnings.simplefilter("ignore")
            out = lib.nn.functional.affine_grid(theta, size, align_corners=align)
        return grads_of(lib, rng, out, [theta])


for _name, _size in AFFINE_SIZES.items():
    for _align in (False, True):
        _affine_case(_name, _size, _align)


@case("F.affine_grid/noncontiguous_tuple_size")
def _affine_noncontiguous(lib, rng, dtype):
    theta = leaf(lib, rng.standard_normal((2, 3, 2)), dtype)
    return grads_of(lib, rng, lib.nn.functional.affine_grid(theta.mT, (2, 3, 4, 6), align_corners=False), [theta])


@case("F.affine_grid/spatial_transformer")
def _spatial_transformer(lib, rng, dtype):
    """affine_grid into grid_sample: gradients reach theta through the grid (a rotation-ish theta keeps the points
    off the pixel kinks)."""
    F = lib.nn.functional
    x = leaf(lib, rng.standard_normal((2, 3, 6, 7)), dtype)
    theta = leaf(lib, [[[0.9, 0.31, 0.07], [-0.23, 1.1, -0.13]], [[1.2, -0.17, 0.11], [0.29, 0.8, 0.05]]], dtype)
    grid = F.affine_grid(theta, [2, 3, 5, 4], align_corners=False)
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)
    return grads_of(lib, rng, out, [x, theta])


@case("F.affine_grid/spatial_transformer_3d")
def _spatial_transformer_3d(lib, rng, dtype):
    F = lib.nn.functional
    x = leaf(lib, rng.standard_normal((1, 2, 3, 4, 5)), dtype)
    theta = leaf(lib, [[[0.9, 0.13, 0.07, 0.03], [-0.11, 1.1, 0.21, -0.13], [0.17, -0.09, 0.95, 0.02]]], dtype)
    grid = F.affine_grid(theta, [1, 2, 3, 3, 4], align_corners=True)
    return grads_of(lib, rng, F.grid_sample(x, grid, padding_mode="reflection", align_corners=True), [x, theta])


# --- errors ---------------------------------------------------------------------------------------------------------
def _error(name, make):
    case(name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


def _gs(lib, shape=(2, 3, 4, 5), grid_shape=(2, 3, 3, 2), input_dtype=None, grid_dtype=None, **kwargs):
    x = lib.ones(*shape, dtype=input_dtype or lib.float32)
    return lib.nn.functional.grid_sample(x, lib.zeros(*grid_shape, dtype=grid_dtype or lib.float32), **kwargs)


GRID_ERRORS = {
    "bad_mode": lambda lib: _gs(lib, mode="linear", align_corners=False),
    "bad_padding": lambda lib: _gs(lib, padding_mode="zero", align_corners=False),
    "batch": lambda lib: _gs(lib, grid_shape=(1, 3, 3, 2), align_corners=False),
    "last_dim": lambda lib: _gs(lib, grid_shape=(2, 3, 3, 3), align_corners=False),
    "grid_rank": lambda lib: _gs(lib, grid_shape=(2, 3, 1, 3, 2), align_corners=False),
    "input_3d": lambda lib: _gs(lib, shape=(2, 3, 4), grid_shape=(2, 3, 1), align_corners=False),
    "input_6d": lambda lib: _gs(lib, shape=(1, 1, 2, 2, 2, 2), grid_shape=(1, 1, 1, 1, 1, 4), align_corners=False),
    "bicubic_5d": lambda lib: _gs(lib, shape=(1, 1, 2, 2, 2), grid_shape=(1, 2, 2, 2, 3), mode="bicubic",
                                  align_corners=False),
    "empty_spatial": lambda lib: _gs(lib, shape=(2, 3, 0, 5), align_corners=False),
    "int_input": lambda lib: _gs(lib, input_dtype=lib.int64, align_corners=False),
    "dtype_mismatch": lambda lib: _gs(lib, grid_dtype=lib.float64, align_corners=False),
    "int_grid": lambda lib: _gs(lib, grid_dtype=lib.int64, align_corners=False),
    "list_grid": lambda lib: lib.nn.functional.grid_sample(lib.ones(1, 1, 2, 2), [[0.0, 0.0]], align_corners=False),
}
for _name, _make in GRID_ERRORS.items():
    _error("F.grid_sample/error/" + _name, _make)


def _ag(lib, theta_shape, size, dtype=None, **kwargs):
    return lib.nn.functional.affine_grid(lib.zeros(*theta_shape, dtype=dtype or lib.float32), size,
                                         align_corners=False, **kwargs)


AFFINE_ERRORS = {
    "int_theta": lambda lib: _ag(lib, (2, 2, 3), [2, 3, 4, 5], dtype=lib.int64),
    "theta_for_3d": lambda lib: _ag(lib, (2, 2, 3), [2, 3, 4, 5, 6]),
    "theta_for_2d": lambda lib: _ag(lib, (2, 3, 4), [2, 3, 4, 5]),
    "theta_2d_tensor": lambda lib: _ag(lib, (2, 3), [2, 3, 4, 5]),
    "size_3": lambda lib: _ag(lib, (2, 2, 3), [2, 3, 4]),
    "batch": lambda lib: _ag(lib, (2, 2, 3), [3, 3, 4, 5]),
    "batch_3d": lambda lib: _ag(lib, (2, 3, 4), [1, 3, 4, 5, 6]),
    "zero_size": lambda lib: _ag(lib, (2, 2, 3), [2, 3, 0, 5]),
    "zero_channels": lambda lib: _ag(lib, (2, 2, 3), [2, 0, 4, 5]),
    "list_theta": lambda lib: lib.nn.functional.affine_grid([[1.0]], [1, 1, 2, 2], align_corners=False),
}
for _name, _make in AFFINE_ERRORS.items():
    _error("F.affine_grid/error/" + _name, _make)
