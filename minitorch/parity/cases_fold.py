"""Parity cases for F.unfold / F.fold and nn.Unfold / nn.Fold: several kernel/dilation/padding/stride geometries,
batched and unbatched, empty batch, non-contiguous input, double backward, reprs and torch's errors."""
from .helpers import grads_of, leaf
from .registry import case

# name: (input shape (N, C, H, W) or (C, H, W), kernel_size, dilation, padding, stride)
GEOMETRIES = {
    "basic": ((2, 3, 6, 7), 2, 1, 0, 1),
    "square_stride": ((2, 3, 7, 8), 3, 1, 1, 2),
    "mixed": ((2, 2, 7, 8), (3, 2), (2, 1), (1, 2), (2, 3)),
    "dilated_padded": ((1, 3, 9, 6), (2, 3), (3, 2), (2, 1), 1),
    "disjoint_gaps": ((2, 2, 9, 9), 2, 1, 0, 3),
    "whole_image": ((2, 3, 4, 5), (4, 5), 1, 0, 1),
    "one_by_one": ((2, 3, 4, 5), 1, 1, 0, 1),
    "unbatched": ((3, 6, 5), (2, 3), 1, (1, 0), (2, 1)),
    "empty_batch": ((0, 3, 5, 5), 2, 1, 1, 2),
}


def _cols_shape(shape, k, d, p, s, lib):
    """Shape of unfold's output, read off torch's or minitorch's own unfold of zeros."""
    return tuple(lib.nn.functional.unfold(lib.zeros(*shape), k, d, p, s).shape)


def _geometry_cases(name, shape, k, d, p, s):
    @case("F.unfold/" + name)
    def unfold_body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        return grads_of(lib, rng, lib.nn.functional.unfold(x, k, d, p, s), [x])

    @case("F.fold/" + name)
    def fold_body(lib, rng, dtype):
        cols = leaf(lib, rng.standard_normal(_cols_shape(shape, k, d, p, s, lib)), dtype)
        return grads_of(lib, rng, lib.nn.functional.fold(cols, shape[-2:], k, d, p, s), [cols])


for _name, _spec in GEOMETRIES.items():
    _geometry_cases(_name, *_spec)


@case("F.unfold/non_contiguous")
def _non_contiguous(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 7, 6, 3)), dtype)
    return grads_of(lib, rng, lib.nn.functional.unfold(x.permute(0, 3, 2, 1), (2, 3), 1, 1, 2), [x])


@case("F.fold/non_contiguous")
def _fold_non_contiguous(lib, rng, dtype):
    cols = leaf(lib, rng.standard_normal((2, 9, 8)), dtype)
    return grads_of(lib, rng, lib.nn.functional.fold(cols.transpose(1, 2), (4, 6), 2, 1, 0, (1, 2)), [cols])


@case("F.fold/overlap_sum_of_ones")
def _overlap(lib, rng, dtype):  # each pixel counts the blocks covering it
    return {"out": lib.nn.functional.fold(lib.ones(1, 9, 16, dtype=dtype), (6, 6), 3, 1, 0, 1)}


def _double_case(name, fn, make_input, args):
    @case("F.%s/double_backward" % name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(make_input), dtype)
        out = getattr(lib.nn.functional, fn)(x, *args)
        upstream = leaf(lib, rng.standard_normal(tuple(out.shape)), dtype)
        (gx,) = lib.autograd.grad(out, [x], upstream, create_graph=True)
        weight = lib.tensor(rng.standard_normal(tuple(gx.shape)), dtype=dtype)
        (gg,) = lib.autograd.grad((gx * weight * x).sum(), [upstream])
        return {"out": out, "grad": gx, "grad_upstream": gg}


_double_case("unfold", "unfold", (2, 3, 7, 6), ((3, 2), (1, 2), 1, (2, 1)))
_double_case("fold", "fold", (2, 12, 12), ((5, 6), (2, 2), 1, 0, (1, 2)))


@case("nn.Unfold")
def _unfold_module(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 7, 6)), dtype)
    return grads_of(lib, rng, lib.nn.Unfold((2, 3), dilation=2, padding=1, stride=(2, 1))(x), [x])


@case("nn.Fold")
def _fold_module(lib, rng, dtype):
    cols = leaf(lib, rng.standard_normal((2, 12, 12)), dtype)
    return grads_of(lib, rng, lib.nn.Fold((5, 6), (2, 2), padding=0, stride=(1, 2))(cols), [cols])


@case("nn.fold/repr", dtypes=None)
def _repr(lib, rng, dtype):
    nn = lib.nn
    modules = [nn.Unfold(2), nn.Unfold((2, 3), 1, (1, 0), 2), nn.Fold(4, 2), nn.Fold((5, 6), (2, 3), 2, 1, (1, 2))]
    return {"repr": "\n".join(repr(m) for m in modules)}


def _error_case(name, make):
    case("F.fold/error/" + name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


ERRORS = {
    "unfold_2d_input": lambda lib: lib.nn.functional.unfold(lib.ones(4, 4), 2),
    "unfold_kernel_zero": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), 0),
    "unfold_dilation_zero": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), 2, dilation=0),
    "unfold_padding_negative": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), 2, padding=-1),
    "unfold_stride_zero": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), 2, stride=0),
    "unfold_kernel_too_big": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), 5),
    "unfold_kernel_three_values": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), (2, 2, 2)),
    "unfold_zero_channels": lambda lib: lib.nn.functional.unfold(lib.ones(1, 0, 4, 4), 2),
    "unfold_long": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4, dtype=lib.long), 2),
    "unfold_float_kernel": lambda lib: lib.nn.functional.unfold(lib.ones(1, 1, 4, 4), 2.0),
    "fold_channels_not_divisible": lambda lib: lib.nn.functional.fold(lib.ones(1, 5, 9), 4, 2),
    "fold_blocks_mismatch": lambda lib: lib.nn.functional.fold(lib.ones(1, 4, 8), 4, 2),
    "fold_1d_input": lambda lib: lib.nn.functional.fold(lib.ones(4), 4, 2),
    "fold_output_size_three": lambda lib: lib.nn.functional.fold(lib.ones(1, 4, 9), (4, 4, 4), 2),
    "fold_kernel_zero": lambda lib: lib.nn.functional.fold(lib.ones(1, 4, 9), 4, 0),
    "fold_output_too_small": lambda lib: lib.nn.functional.fold(lib.ones(1, 4, 9), 1, 2),
    "fold_stride_zero": lambda lib: lib.nn.functional.fold(lib.ones(1, 4, 9), 4, 2, stride=0),
    "fold_zero_channels": lambda lib: lib.nn.functional.fold(lib.ones(1, 0, 9), 4, 2),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)


@case("F.unfold/kernel_1x1_is_a_copy")
def _unfold_copy(lib, rng, dtype):
    """With a 1x1 kernel the columns are x's own elements: still a new tensor, so writing to it leaves x alone."""
    x = leaf(lib, rng.standard_normal((1, 2, 3, 3)), dtype)
    cols = lib.nn.functional.unfold(x.detach(), 1)
    cols.add_(1)
    return {"x": x, "cols": cols}
