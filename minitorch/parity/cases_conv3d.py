"""Parity cases for 3-d convolutions: F.conv3d / F.conv_transpose3d and nn.Conv3d / nn.ConvTranspose3d, every
option (strides, padding and its strings, dilation, groups, output_padding, bias, unbatched, padding modes, output
sizes), first and second derivatives, reprs and torch's errors."""
from .cases_conv import _copy_params, _inputs, conv_case, convolution_case, second_order, transposed_case
from .helpers import grads_of, leaf
from .registry import case

# name: (input shape, weight shape, options)
CONV3D = {
    "basic": ((2, 3, 4, 5, 4), (4, 3, 2, 3, 2), {}),
    "stride": ((2, 2, 7, 6, 5), (3, 2, 3, 2, 2), dict(stride=2)),
    "stride_tuple_padding": ((2, 2, 6, 5, 7), (3, 2, 3, 3, 2), dict(stride=(3, 1, 2), padding=(1, 0, 2))),
    "padding_big": ((1, 2, 2, 3, 2), (3, 2, 3, 2, 3), dict(padding=(3, 1, 2))),
    "same_odd": ((2, 2, 5, 4, 4), (3, 2, 3, 3, 1), dict(padding="same")),
    "same_even": ((2, 2, 5, 4, 5), (3, 2, 4, 2, 3), dict(padding="same")),
    "same_dilation": ((1, 2, 7, 5, 4), (3, 2, 2, 3, 2), dict(padding="same", dilation=(3, 1, 2))),
    "valid": ((2, 2, 4, 5, 4), (3, 2, 3, 3, 3), dict(padding="valid")),
    "dilation": ((2, 2, 7, 6, 5), (3, 2, 3, 2, 2), dict(dilation=(2, 3, 1))),
    "groups": ((2, 4, 5, 4, 4), (6, 2, 2, 3, 2), dict(groups=2)),
    "depthwise": ((2, 3, 4, 4, 3), (3, 1, 3, 3, 3), dict(groups=3, padding=1)),
    "no_bias": ((2, 3, 4, 4, 5), (2, 3, 2, 2, 3), dict(bias=False)),
    "1x1x1_stride": ((2, 4, 5, 4, 3), (3, 4, 1, 1, 1), dict(stride=2)),
    "unbatched": ((3, 4, 5, 4), (2, 3, 3, 2, 2), dict(padding=(1, 0, 1))),
    "kernel_is_input": ((2, 2, 3, 4, 2), (3, 2, 3, 4, 2), {}),
    "stride_skips_edge": ((1, 2, 8, 5, 5), (2, 2, 3, 2, 2), dict(stride=(3, 2, 2), padding=(1, 1, 0))),
    "everything": ((2, 4, 9, 6, 5), (6, 2, 3, 2, 2), dict(stride=(2, 1, 2), padding=(2, 1, 1), dilation=(2, 2, 1),
                                                         groups=2)),
    "empty_batch": ((0, 2, 4, 4, 4), (3, 2, 2, 2, 2), {}),
}


for _name, _spec in CONV3D.items():
    convolution_case("conv3d", _name, *_spec)


@conv_case("F.conv3d/noncontiguous")
def _noncontiguous(lib, rng, dtype):
    x, w, b = _inputs(lib, rng, dtype, (2, 3, 5, 4, 6), (4, 3, 2, 2, 3))
    out = lib.nn.functional.conv3d(x.transpose(2, 4)[:, :, ::2], w.permute(0, 1, 4, 3, 2), b, padding=1)
    return grads_of(lib, rng, out, [x, w, b])


TRANSPOSED3D = {
    "basic": ((2, 3, 3, 4, 3), (3, 2, 2, 3, 2), {}),
    "stride_padding": ((2, 3, 3, 3, 4), (3, 2, 3, 2, 3), dict(stride=2, padding=1)),
    "output_padding": ((2, 2, 3, 3, 2), (2, 3, 3, 2, 2), dict(stride=(3, 2, 2), padding=(1, 0, 1),
                                                             output_padding=(2, 1, 0))),
    "dilation_output_padding": ((1, 2, 3, 2, 3), (2, 2, 2, 2, 3), dict(dilation=(3, 1, 2), output_padding=(2, 0, 1))),
    "groups": ((2, 4, 3, 3, 3), (4, 2, 2, 3, 2), dict(groups=2, stride=(1, 2, 1))),
    "crop_depth": ((1, 2, 4, 3, 3), (2, 3, 3, 2, 2), dict(padding=(2, 1, 0))),
    "1x1x1": ((2, 3, 3, 2, 4), (3, 4, 1, 1, 1), dict(stride=(2, 1, 3))),
    "unbatched_no_bias": ((3, 3, 2, 4), (3, 2, 2, 2, 2), dict(bias=False, stride=2)),
    "empty_batch": ((0, 2, 3, 3, 3), (2, 3, 2, 2, 2), {}),
}


for _name, _spec in TRANSPOSED3D.items():
    transposed_case("conv_transpose3d", _name, *_spec, results=grads_of)


@conv_case("F.conv3d/double_backward")
def _conv3d_double(lib, rng, dtype):
    x, w, b = _inputs(lib, rng, dtype, (2, 4, 5, 4, 4), (4, 2, 3, 2, 2))
    out = lib.nn.functional.conv3d(x, w, b, stride=(2, 1, 1), padding=(1, 0, 1), dilation=(1, 2, 1), groups=2)
    return second_order(lib, rng, out, [x, w, b])


@conv_case("F.conv3d/double_backward_same_even")
def _conv3d_double_same(lib, rng, dtype):
    x, w, b = _inputs(lib, rng, dtype, (1, 2, 4, 3, 4), (2, 2, 2, 3, 2))
    return second_order(lib, rng, lib.nn.functional.conv3d(x, w, b, padding="same"), [x, w, b])


@conv_case("F.conv_transpose3d/double_backward")
def _transposed3d_double(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 4, 3, 2, 3)), dtype)
    w = leaf(lib, rng.standard_normal((4, 1, 3, 2, 2)), dtype)
    b = leaf(lib, rng.standard_normal(2), dtype)
    out = lib.nn.functional.conv_transpose3d(x, w, b, stride=(2, 1, 2), padding=(1, 0, 0), output_padding=(1, 0, 1),
                                             groups=2, dilation=(1, 2, 1))
    return second_order(lib, rng, out, [x, w, b])


# name: (class, input shape, constructor args, options, forward's output_size)
MODULES = {
    "Conv3d/zeros": ("Conv3d", (2, 3, 5, 4, 4), (3, 4, 3), dict(stride=2, padding=1), None),
    "Conv3d/reflect": ("Conv3d", (2, 2, 4, 5, 4), (2, 3, (3, 2, 2)), dict(padding=(2, 1, 1), padding_mode="reflect"),
                       None),
    "Conv3d/replicate": ("Conv3d", (2, 2, 4, 4, 3), (2, 3, 2), dict(padding=(1, 2, 1), padding_mode="replicate",
                                                                 bias=False), None),
    "Conv3d/circular_same": ("Conv3d", (2, 2, 4, 5, 4), (2, 3, (2, 3, 4)), dict(padding="same",
                                                                             padding_mode="circular"), None),
    "Conv3d/reflect_unbatched_groups": ("Conv3d", (4, 4, 3, 4), (4, 2, 3), dict(padding=1, padding_mode="reflect",
                                                                               groups=2, dilation=(1, 1, 2)), None),
    "ConvTranspose3d/basic": ("ConvTranspose3d", (2, 3, 3, 2, 3), (3, 2, 3), dict(stride=2, output_padding=1), None),
    "ConvTranspose3d/output_size": ("ConvTranspose3d", (2, 3, 3, 2, 3), (3, 2, 3), dict(stride=2, padding=1),
                                    (6, 4, 5)),
    "ConvTranspose3d/output_size_full_unbatched": ("ConvTranspose3d", (2, 2, 3, 2), (2, 4, (2, 3, 2)),
                                                   dict(stride=(3, 2, 2), groups=2, bias=False), (2, 7, 8, 4)),
}


def _module_case(name, cls, x_shape, args, options, output_size):
    @conv_case("nn." + name)
    def body(lib, rng, dtype):
        module = getattr(lib.nn, cls)(*args, dtype=dtype, **options)
        params = _copy_params(lib, module, rng, dtype)
        x = leaf(lib, rng.standard_normal(x_shape), dtype)
        out = module(x) if output_size is None else module(x, output_size=output_size)
        return grads_of(lib, rng, out, [x] + params)


for _name, _spec in MODULES.items():
    _module_case(_name, *_spec)


@case("nn.Conv3d/repr", dtypes=None)
def _repr(lib, rng, dtype):
    nn = lib.nn
    modules = [nn.Conv3d(1, 6, 5), nn.Conv3d(3, 8, (3, 1, 2), 2, 1, 2, 1, False, "replicate"),
               nn.Conv3d(4, 4, 3, groups=2, padding="same"), nn.Conv3d(2, 2, 3, padding=(1, 0, 2)),
               nn.ConvTranspose3d(4, 4, 3, 2, 1, 1, 2, False, 1), nn.ConvTranspose3d(2, 3, (1, 2, 3), dilation=2)]
    return {"repr": "\n".join(repr(m) for m in modules)}


@case("nn.Conv3d/init_shapes", dtypes=None)
def _init_shapes(lib, rng, dtype):
    """torch's parameter shapes; the values are checked against the fan-in bound in tests/test_nn_conv.py."""
    modules = [lib.nn.Conv3d(4, 6, (3, 2, 1), groups=2), lib.nn.ConvTranspose3d(4, 6, 2, groups=2, bias=False)]
    return {"shapes": [tuple(tuple(p.shape) for p in m.parameters()) for m in modules]}


def _error_case(name, make):
    case("F.conv3d/error/" + name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


def _conv3d(lib, x_shape, w_shape, *bias, **options):
    return lib.nn.functional.conv3d(lib.ones(*x_shape), lib.ones(*w_shape), *bias, **options)


def _transposed3d(lib, x_shape, w_shape, **options):
    return lib.nn.functional.conv_transpose3d(lib.ones(*x_shape), lib.ones(*w_shape), **options)


ERRORS = {
    "channels": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 2, 3, 3, 3)),
    "unbatched_channels": lambda lib: _conv3d(lib, (1, 3, 4, 4), (2, 3, 3, 3, 3)),
    "groups_channels": lambda lib: _conv3d(lib, (1, 4, 4, 4, 4), (4, 3, 3, 3, 3), groups=2),
    "groups_weight": lambda lib: _conv3d(lib, (1, 4, 4, 4, 4), (3, 2, 3, 3, 3), groups=2),
    "input_ndim": lambda lib: _conv3d(lib, (3, 4, 4), (2, 3, 3, 3, 3)),
    "weight_ndim": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3)),
    "kernel_too_big_depth": lambda lib: _conv3d(lib, (1, 3, 2, 5, 5), (2, 3, 3, 3, 3)),
    "kernel_too_big_dilated": lambda lib: _conv3d(lib, (1, 3, 5, 5, 5), (2, 3, 3, 1, 1), dilation=(3, 1, 1)),
    "padding_string": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3, 3), padding="full"),
    "same_strided": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3, 3), padding="same", stride=(1, 1, 2)),
    "dtype": lambda lib: lib.nn.functional.conv3d(lib.ones(1, 3, 4, 4, 4), lib.ones(2, 3, 3, 3, 3,
                                                                                  dtype=lib.float64)),
    "bias_size": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3, 3), lib.ones(3)),
    "stride_length": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3, 3), stride=(1, 1)),
    "stride_zero": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3, 3), stride=(1, 0, 1)),
    "negative_padding": lambda lib: _conv3d(lib, (1, 3, 4, 4, 4), (2, 3, 3, 3, 3), padding=(0, -1, 0)),
    "transposed_output_padding": lambda lib: _transposed3d(lib, (1, 3, 3, 3, 3), (3, 2, 3, 3, 3), stride=2,
                                                           output_padding=(0, 2, 0)),
    "transposed_channels": lambda lib: _transposed3d(lib, (1, 2, 3, 3, 3), (3, 2, 3, 3, 3)),
    "transposed_groups": lambda lib: _transposed3d(lib, (1, 3, 3, 3, 3), (3, 2, 3, 3, 3), groups=2),
    "transposed_too_small": lambda lib: _transposed3d(lib, (3, 1, 1, 1), (3, 2, 1, 1, 1), padding=(1, 0, 0)),
    "transposed_input_ndim": lambda lib: _transposed3d(lib, (1, 3, 3, 3, 3, 3), (3, 2, 3, 3, 3)),
    "module_groups": lambda lib: lib.nn.Conv3d(3, 4, 3, groups=2),
    "module_padding_mode": lambda lib: lib.nn.Conv3d(3, 4, 3, padding_mode="mirror"),
    "module_reflect_too_wide": lambda lib: lib.nn.Conv3d(3, 4, 3, padding=3, padding_mode="reflect")(
        lib.ones(1, 3, 3, 5, 5)),
    "module_transposed_mode": lambda lib: lib.nn.ConvTranspose3d(3, 4, 3, padding_mode="circular"),
    "module_output_size_range": lambda lib: lib.nn.ConvTranspose3d(3, 4, 3, stride=2)(lib.ones(1, 3, 2, 2, 2),
                                                                                     output_size=(9, 6, 6)),
    "module_output_size_length": lambda lib: lib.nn.ConvTranspose3d(3, 4, 3, stride=2)(lib.ones(1, 3, 2, 2, 2),
                                                                                      output_size=(6, 6)),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)
