"""Parity cases for 3-d pooling: max/avg/adaptive pooling over (D, H, W), max_unpool3d and the modules; ties
(the first maximum in (d, h, w) scan order wins), NaN (the last NaN wins), padding/dilation/ceil_mode, divisor
options, unbatched inputs, second derivatives, reprs and torch's errors."""
from .cases_pool import _data, _double_case, _error_case, _module_case, _pool_case
from .helpers import grads_of, leaf
from .registry import case

# name: (function, input shape, data kind, args, kwargs)
POOL = {
    "max_pool3d/basic": ("max_pool3d", (2, 3, 4, 6, 6), "normal", (2,), {}),
    "max_pool3d/ties": ("max_pool3d", (2, 3, 4, 6, 8), "ties", (2,), dict(return_indices=True)),
    "max_pool3d/all_equal": ("max_pool3d", (1, 2, 5, 5, 6), "equal", (3, 2, 1), dict(return_indices=True)),
    "max_pool3d/overlap_ties": ("max_pool3d", (2, 2, 5, 7, 6), "ties", (3, 2), dict(return_indices=True)),
    "max_pool3d/padding_ceil": ("max_pool3d", (2, 2, 5, 7, 6), "ties", (3, 2, 1), dict(ceil_mode=True,
                                                                                      return_indices=True)),
    "max_pool3d/anisotropic": ("max_pool3d", (2, 2, 6, 7, 8), "ties", ((2, 3, 1), (1, 2, 3), (1, 0, 0)),
                               dict(return_indices=True)),
    "max_pool3d/dilation": ("max_pool3d", (1, 2, 7, 8, 9), "ties", ((2, 3, 2), (2, 1, 2), (1, 1, 0)),
                            dict(dilation=(3, 2, 2), return_indices=True, ceil_mode=True)),
    "max_pool3d/stride1": ("max_pool3d", (1, 2, 4, 5, 5), "ties", (2, 1), {}),
    "max_pool3d/nan": ("max_pool3d", (2, 2, 5, 6, 6), "nan", (3, 2, 1), dict(return_indices=True)),
    "max_pool3d/nan_disjoint": ("max_pool3d", (2, 2, 4, 6, 6), "nan", (2,), dict(return_indices=True)),
    "max_pool3d/minus_inf_padding": ("max_pool3d", (1, 2, 5, 5, 5), "inf", (3, 2, 1), dict(return_indices=True)),
    "max_pool3d/unbatched": ("max_pool3d", (3, 4, 6, 5), "ties", (2,), dict(return_indices=True)),
    "max_pool3d/big_kernel": ("max_pool3d", (1, 2, 4, 5, 6), "ties", ((4, 5, 6),), dict(return_indices=True)),
    "avg_pool3d/basic": ("avg_pool3d", (2, 3, 4, 6, 6), "normal", (2,), {}),
    "avg_pool3d/padding": ("avg_pool3d", (2, 2, 5, 7, 6), "normal", (3, 2, 1), {}),
    "avg_pool3d/exclude_pad": ("avg_pool3d", (2, 2, 5, 7, 6), "normal", (3, 2, 1), dict(count_include_pad=False)),
    "avg_pool3d/ceil_exclude": ("avg_pool3d", (2, 2, 6, 8, 7), "normal", ((3, 3, 2), (2, 2, 3), (1, 1, 1)),
                                dict(ceil_mode=True, count_include_pad=False)),
    "avg_pool3d/ceil_include": ("avg_pool3d", (1, 2, 6, 8, 7), "normal", ((2, 3, 2), 2, (1, 1, 0)),
                                dict(ceil_mode=True)),
    "avg_pool3d/divisor": ("avg_pool3d", (2, 2, 5, 7, 6), "normal", (3, 2, 1), dict(divisor_override=5)),
    "avg_pool3d/unbatched": ("avg_pool3d", (3, 4, 6, 6), "normal", (2, 1), {}),
    "adaptive_avg_pool3d/divisible": ("adaptive_avg_pool3d", (2, 3, 4, 6, 8), "normal", ((2, 3, 4),), {}),
    "adaptive_avg_pool3d/uneven": ("adaptive_avg_pool3d", (2, 2, 5, 7, 6), "normal", ((3, 4, 4),), {}),
    "adaptive_avg_pool3d/global": ("adaptive_avg_pool3d", (2, 3, 3, 5, 4), "normal", (1,), {}),
    "adaptive_avg_pool3d/none_larger": ("adaptive_avg_pool3d", (3, 4, 5, 3), "normal", ((None, 7, 2),), {}),
    "adaptive_max_pool3d/uneven": ("adaptive_max_pool3d", (2, 2, 5, 7, 6), "normal", ((3, 4, 4),),
                                   dict(return_indices=True)),
    "adaptive_max_pool3d/ties": ("adaptive_max_pool3d", (2, 2, 5, 7, 9), "ties", (3,), dict(return_indices=True)),
    "adaptive_max_pool3d/equal": ("adaptive_max_pool3d", (1, 2, 5, 6, 5), "equal", ((2, 4, 3),),
                                  dict(return_indices=True)),
    "adaptive_max_pool3d/nan": ("adaptive_max_pool3d", (2, 2, 5, 7, 8), "nan", ((2, 3, 3),),
                                dict(return_indices=True)),
    "adaptive_max_pool3d/unbatched_larger": ("adaptive_max_pool3d", (3, 3, 4, 5), "ties", ((4, 6, None),),
                                             dict(return_indices=True)),
}

for _name, _spec in POOL.items():
    _pool_case(_name, *_spec)


DOUBLE = {
    "max_pool3d": ("max_pool3d", (2, 2, 5, 7, 6), (3, 2, 1), dict(ceil_mode=True)),
    "max_pool3d_disjoint": ("max_pool3d", (2, 2, 4, 6, 6), (2,), {}),
    "avg_pool3d": ("avg_pool3d", (2, 2, 5, 7, 6), (3, 2, 1), dict(count_include_pad=False)),
    "adaptive_max_pool3d": ("adaptive_max_pool3d", (2, 2, 5, 7, 6), ((3, 2, 4),), {}),
    "adaptive_avg_pool3d": ("adaptive_avg_pool3d", (2, 2, 5, 7, 6), ((3, 2, 4),), {}),
}

for _name, _spec in DOUBLE.items():
    _double_case(_name, *_spec)


MODULES = {
    "MaxPool3d": ("MaxPool3d", (2, 2, 5, 7, 6), (3, 2, 1), dict(ceil_mode=True, return_indices=True)),
    "AvgPool3d": ("AvgPool3d", (2, 2, 5, 7, 6), (3, 2, 1), dict(count_include_pad=False)),
    "AvgPool3d/divisor": ("AvgPool3d", (2, 2, 5, 7, 6), (2,), dict(divisor_override=3)),
    "AdaptiveAvgPool3d": ("AdaptiveAvgPool3d", (2, 2, 5, 7, 6), ((3, None, 2),), {}),
    "AdaptiveMaxPool3d": ("AdaptiveMaxPool3d", (2, 2, 5, 7, 6), (3,), dict(return_indices=True)),
}

for _name, _spec in MODULES.items():
    _module_case(_name, *_spec)


# name: (input shape, pool args (kernel, stride, padding), output_size)
UNPOOL = {
    "max_unpool3d/basic": ((2, 2, 4, 6, 6), (2, 2, 0), None),
    "max_unpool3d/stride_padding": ((2, 2, 5, 7, 6), (3, 2, 1), (5, 7, 6)),
    "max_unpool3d/output_size_full": ((1, 2, 5, 7, 7), (2, 2, 0), (1, 2, 5, 7, 7)),
    "max_unpool3d/unbatched": ((2, 4, 6, 5), ((2, 3, 2), (2, 1, 2), 0), (4, 6, 5)),
}


def _unpool_case(name, shape, pool, output_size):
    @case("F." + name)
    def body(lib, rng, dtype):
        F = lib.nn.functional
        pooled, indices = F.max_pool3d(lib.tensor(rng.standard_normal(shape), dtype=dtype), *pool,
                                       return_indices=True)
        x = leaf(lib, pooled.detach().numpy(), dtype)
        return grads_of(lib, rng, F.max_unpool3d(x, indices, *pool, output_size=output_size), [x])


for _name, _spec in UNPOOL.items():
    _unpool_case(_name, *_spec)


@case("nn.MaxUnpool3d")
def _module_unpool(lib, rng, dtype):
    pooled, indices = lib.nn.MaxPool3d(3, 2, 1, return_indices=True)(
        lib.tensor(_data(rng, (2, 2, 5, 7, 6), "ties"), dtype=dtype))
    x = leaf(lib, pooled.numpy(), dtype)
    return grads_of(lib, rng, lib.nn.MaxUnpool3d(3, 2, 1)(x, indices, output_size=(5, 7, 6)), [x])


@case("nn.pooling3d/repr", dtypes=None)
def _repr(lib, rng, dtype):
    nn = lib.nn
    modules = [nn.MaxPool3d(2), nn.MaxPool3d(3, 2, 1, ceil_mode=True, return_indices=True),
               nn.MaxPool3d((2, 3, 1), (1, 2, 1), dilation=2), nn.AvgPool3d(2), nn.AvgPool3d(3, 2, 1, True, False, 5),
               nn.AdaptiveAvgPool3d((2, None, 3)), nn.AdaptiveMaxPool3d(3, return_indices=True), nn.MaxUnpool3d(2),
               nn.MaxUnpool3d((2, 3, 1), 1, (1, 0, 0))]
    return {"repr": "\n".join(repr(m) for m in modules)}


def _pooled(lib):
    return lib.nn.functional.max_pool3d(lib.arange(128.0).reshape(2, 1, 4, 4, 4), 2, return_indices=True)


ERRORS = {
    "max3d_pad_too_big": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 4, 4, 4), 3, padding=2),
    "max3d_output_too_small": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 2, 4, 4), 3),
    "max3d_pad_over_kernel_dilated": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 9, 9, 9), 3, padding=2,
                                                                              dilation=2),
    "max2d_pad_over_kernel_dilated": lambda lib: lib.nn.functional.max_pool2d(lib.ones(1, 1, 9, 9), (3, 1),
                                                                              padding=(2, 0), dilation=2),
    "max1d_pad_over_kernel_dilated": lambda lib: lib.nn.functional.max_pool1d(lib.ones(1, 9), 3, padding=2,
                                                                              dilation=3),
    "avg3d_kernel_over_input_padded": lambda lib: lib.nn.functional.avg_pool3d(lib.ones(1, 1, 2, 4, 4), 3, padding=1),
    "max3d_stride_zero": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 4, 4, 4), 2, stride=0),
    "max3d_dilation_zero": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 4, 4, 4), 2, dilation=0),
    "max3d_ndim": lambda lib: lib.nn.functional.max_pool3d(lib.ones(4, 4, 4), 2),
    "max3d_empty_channels": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 0, 4, 4, 4), 2),
    "adaptive_avg3d_no_channels": lambda lib: lib.nn.functional.adaptive_avg_pool3d(lib.ones(1, 0, 4, 4, 4), 2),
    "max3d_kernel_length": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 4, 4, 4), (2, 2)),
    "max3d_bool": lambda lib: lib.nn.functional.max_pool3d(lib.ones(1, 1, 4, 4, 4, dtype=lib.bool), 2),
    "avg3d_pad_too_big": lambda lib: lib.nn.functional.avg_pool3d(lib.ones(1, 1, 4, 4, 4), 3, padding=2),
    "avg3d_kernel_too_big": lambda lib: lib.nn.functional.avg_pool3d(lib.ones(1, 1, 4, 4, 4), 5),
    "avg3d_divisor_zero": lambda lib: lib.nn.functional.avg_pool3d(lib.ones(1, 1, 4, 4, 4), 2, divisor_override=0),
    "avg3d_ndim": lambda lib: lib.nn.functional.avg_pool3d(lib.ones(4, 4, 4), 2),
    "adaptive_avg3d_ndim": lambda lib: lib.nn.functional.adaptive_avg_pool3d(lib.ones(4, 4, 4), 2),
    "adaptive_avg3d_output_length": lambda lib: lib.nn.functional.adaptive_avg_pool3d(lib.ones(1, 4, 4, 4), (2, 2)),
    "adaptive_avg3d_negative": lambda lib: lib.nn.functional.adaptive_avg_pool3d(lib.ones(1, 4, 4, 4), -1),
    "adaptive_avg3d_long": lambda lib: lib.nn.functional.adaptive_avg_pool3d(lib.ones(1, 4, 4, 4, dtype=lib.long), 2),
    "adaptive_max3d_ndim": lambda lib: lib.nn.functional.adaptive_max_pool3d(lib.ones(4, 4, 4), 2),
    "adaptive_max3d_empty": lambda lib: lib.nn.functional.adaptive_max_pool3d(lib.ones(1, 1, 0, 4, 4), 2),
    "adaptive_max3d_long": lambda lib: lib.nn.functional.adaptive_max_pool3d(lib.ones(1, 4, 4, 4, dtype=lib.long), 2),
    "unpool3d_index_too_big": lambda lib: lib.nn.functional.max_unpool3d(_pooled(lib)[0], _pooled(lib)[1] * 100, 2),
    "unpool3d_output_size": lambda lib: lib.nn.functional.max_unpool3d(*_pooled(lib), 2, output_size=(9, 9, 9)),
    "unpool3d_index_float": lambda lib: lib.nn.functional.max_unpool3d(_pooled(lib)[0], _pooled(lib)[1].double(), 2),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)
