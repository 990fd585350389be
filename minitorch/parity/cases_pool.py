"""Parity cases for pooling and padding: max/avg/adaptive pooling in 1-d and 2-d, F.pad in every mode, ties
(integer-valued and all-equal inputs: the first maximum of a window wins), NaN, ceil_mode/padding combinations,
second derivatives, modules and torch's errors."""
import numpy

from .helpers import grads_of, leaf
from .registry import case


def _data(rng, shape, kind):
    if kind == "ties":  # few distinct values: many windows hold several maxima
        return rng.integers(-2, 3, shape).astype(float)
    if kind == "equal":
        return numpy.full(shape, 0.5)
    if kind == "nan":
        x = rng.standard_normal(shape)
        x.flat[rng.choice(x.size, max(1, x.size // 7), replace=False)] = numpy.nan
        return x
    if kind == "inf":
        x = rng.standard_normal(shape)
        x.flat[::5] = -numpy.inf
        return x
    return rng.standard_normal(shape)


# name: (function, input shape, data kind, args, kwargs)
POOL = {
    "max_pool2d/basic": ("max_pool2d", (2, 3, 6, 8), "normal", (2,), {}),
    "max_pool2d/odd_floor": ("max_pool2d", (2, 3, 7, 9), "normal", (2,), {}),
    "max_pool2d/ties": ("max_pool2d", (2, 3, 6, 8), "ties", (2,), dict(return_indices=True)),
    "max_pool2d/all_equal": ("max_pool2d", (1, 2, 6, 6), "equal", (3, 2, 1), dict(return_indices=True)),
    "max_pool2d/overlap_ties": ("max_pool2d", (2, 3, 7, 8), "ties", (3, 2), dict(return_indices=True)),
    "max_pool2d/padding_ceil": ("max_pool2d", (2, 3, 7, 6), "ties", (3, 2, 1), dict(ceil_mode=True,
                                                                                   return_indices=True)),
    "max_pool2d/ceil": ("max_pool2d", (2, 2, 7, 8), "normal", ((2, 3), (2, 2)), dict(ceil_mode=True)),
    "max_pool2d/dilation": ("max_pool2d", (2, 2, 9, 8), "ties", ((3, 2), (1, 2), (1, 1)),
                            dict(dilation=(2, 3), return_indices=True)),
    "max_pool2d/stride1": ("max_pool2d", (2, 2, 5, 6), "ties", (2, 1), {}),
    "max_pool2d/nan": ("max_pool2d", (2, 3, 6, 8), "nan", (3, 2, 1), dict(return_indices=True)),
    "max_pool2d/nan_disjoint": ("max_pool2d", (2, 3, 6, 8), "nan", (2,), dict(return_indices=True)),
    "max_pool2d/minus_inf_padding": ("max_pool2d", (1, 2, 5, 5), "inf", (3, 2, 1), dict(return_indices=True)),
    "max_pool2d/unbatched": ("max_pool2d", (3, 6, 5), "normal", (2,), dict(return_indices=True)),
    "max_pool2d/big_kernel": ("max_pool2d", (1, 2, 5, 6), "ties", ((5, 6),), dict(return_indices=True)),
    "max_pool1d/basic": ("max_pool1d", (2, 3, 9), "ties", (3, 2, 1), dict(return_indices=True, ceil_mode=True)),
    "max_pool1d/unbatched_dilation": ("max_pool1d", (3, 11), "normal", (3, 1, 0, 2), {}),
    "avg_pool2d/basic": ("avg_pool2d", (2, 3, 6, 8), "normal", (2,), {}),
    "avg_pool2d/padding": ("avg_pool2d", (2, 3, 7, 6), "normal", (3, 2, 1), {}),
    "avg_pool2d/exclude_pad": ("avg_pool2d", (2, 3, 7, 6), "normal", (3, 2, 1), dict(count_include_pad=False)),
    "avg_pool2d/ceil": ("avg_pool2d", (2, 3, 7, 6), "normal", (3, 2, 1), dict(ceil_mode=True)),
    "avg_pool2d/ceil_exclude": ("avg_pool2d", (2, 3, 8, 7), "normal", ((3, 2), (2, 3), (1, 1)),
                                dict(ceil_mode=True, count_include_pad=False)),
    "avg_pool2d/divisor": ("avg_pool2d", (2, 3, 7, 6), "normal", (3, 2, 1), dict(divisor_override=4)),
    "avg_pool2d/unbatched": ("avg_pool2d", (3, 6, 6), "normal", (2, 1), {}),
    "avg_pool1d/basic": ("avg_pool1d", (2, 3, 9), "normal", (3, 2, 1), dict(ceil_mode=True)),
    "avg_pool1d/exclude_pad": ("avg_pool1d", (2, 3, 8), "normal", (4, 3, 2), dict(count_include_pad=False)),
    "adaptive_avg_pool2d/divisible": ("adaptive_avg_pool2d", (2, 3, 6, 8), "normal", ((3, 4),), {}),
    "adaptive_avg_pool2d/uneven": ("adaptive_avg_pool2d", (2, 3, 7, 5), "normal", ((3, 4),), {}),
    "adaptive_avg_pool2d/global": ("adaptive_avg_pool2d", (2, 3, 5, 4), "normal", (1,), {}),
    "adaptive_avg_pool2d/empty_batch": ("adaptive_avg_pool2d", (0, 2, 6, 6), "normal", (3,), {}),
    "adaptive_avg_pool2d/none_larger": ("adaptive_avg_pool2d", (3, 4, 5), "normal", ((None, 7),), {}),
    "adaptive_avg_pool1d/uneven": ("adaptive_avg_pool1d", (2, 3, 10), "normal", (4,), {}),
    "adaptive_max_pool2d/uneven": ("adaptive_max_pool2d", (2, 3, 7, 5), "normal", ((3, 2),),
                                   dict(return_indices=True)),
    "adaptive_max_pool2d/ties": ("adaptive_max_pool2d", (2, 3, 7, 9), "ties", (4,), dict(return_indices=True)),
    "adaptive_max_pool2d/equal": ("adaptive_max_pool2d", (1, 2, 6, 5), "equal", ((4, 3),),
                                  dict(return_indices=True)),
    "adaptive_max_pool2d/nan": ("adaptive_max_pool2d", (2, 3, 7, 8), "nan", ((3, 3),), dict(return_indices=True)),
    "adaptive_max_pool2d/empty_batch": ("adaptive_max_pool2d", (0, 2, 3, 5), "normal", (1,), dict(return_indices=True)),
    "adaptive_max_pool2d/unbatched_larger": ("adaptive_max_pool2d", (3, 4, 5), "ties", ((6, None),),
                                             dict(return_indices=True)),
    "adaptive_max_pool1d/ties": ("adaptive_max_pool1d", (2, 3, 11), "ties", (4,), dict(return_indices=True)),
    "pad/constant": ("pad", (2, 3, 4, 5), "normal", ((1, 2, 0, 3),), {}),
    "pad/constant_value_negative": ("pad", (2, 3, 4, 5), "normal", ((-1, 2, 3, -2, 1, 1),), dict(value=1.5)),
    "pad/reflect": ("pad", (2, 3, 4, 5), "normal", ((2, 4, 3, 1),), dict(mode="reflect")),
    "pad/reflect_1d_negative": ("pad", (2, 5), "normal", ((-1, 3),), dict(mode="reflect")),
    "pad/replicate": ("pad", (2, 3, 4, 5), "normal", ((3, 1, 0, 4),), dict(mode="replicate")),
    "pad/replicate_3d": ("pad", (1, 2, 3, 4, 2), "normal", ((1, 2, 1, 0, 2, 1),), dict(mode="replicate")),
    "pad/circular": ("pad", (2, 3, 4, 5), "normal", ((5, 2, 4, 1),), dict(mode="circular")),
    "pad/circular_negative": ("pad", (2, 3, 5), "normal", ((-1, 3),), dict(mode="circular")),
}


def _results(lib, rng, out, x):
    values, indices = out if isinstance(out, tuple) else (out, None)
    result = grads_of(lib, rng, values, [x])
    if indices is not None:
        result["indices"] = indices
    return result


def _pool_case(name, fn, shape, kind, args, kwargs):
    @case("F." + name)
    def body(lib, rng, dtype):
        x = leaf(lib, _data(rng, shape, kind), dtype)
        out = getattr(lib.nn.functional, fn)(x, *args, **kwargs)
        return _results(lib, rng, out, x)


for _name, _spec in POOL.items():
    _pool_case(_name, *_spec)


DOUBLE = {  # the gradient of a weighted first derivative with respect to the upstream gradient
    "max_pool2d": ("max_pool2d", (2, 3, 7, 6), (3, 2, 1), dict(ceil_mode=True)),
    "max_pool2d_disjoint": ("max_pool2d", (2, 3, 6, 6), (2,), {}),
    "avg_pool2d": ("avg_pool2d", (2, 3, 7, 6), (3, 2, 1), dict(count_include_pad=False)),
    "adaptive_max_pool2d": ("adaptive_max_pool2d", (2, 3, 7, 5), ((3, 2),), {}),
    "adaptive_avg_pool2d": ("adaptive_avg_pool2d", (2, 3, 7, 5), ((3, 2),), {}),
    "pad_reflect": ("pad", (2, 3, 4, 5), ((2, 1, 3, 1),), dict(mode="reflect")),
    "pad_constant": ("pad", (2, 3, 4, 5), ((2, -1, 3, 1),), {}),
}


def _double_case(name, fn, shape, args, kwargs):
    @case("F.%s/double_backward" % name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        out = getattr(lib.nn.functional, fn)(x, *args, **kwargs)
        upstream = leaf(lib, rng.standard_normal(tuple(out.shape)), dtype)
        (gx,) = lib.autograd.grad(out, [x], upstream, create_graph=True)
        weight = lib.tensor(rng.standard_normal(tuple(gx.shape)), dtype=dtype)
        (gg,) = lib.autograd.grad((gx * weight * x).sum(), [upstream])
        return {"out": out, "grad": gx, "grad_upstream": gg}


for _name, _spec in DOUBLE.items():
    _double_case(_name, *_spec)


MODULES = {
    "MaxPool2d": ("MaxPool2d", (2, 3, 7, 6), (3, 2, 1), dict(ceil_mode=True, return_indices=True)),
    "MaxPool1d": ("MaxPool1d", (2, 3, 9), (2,), {}),
    "AvgPool2d": ("AvgPool2d", (2, 3, 7, 6), (3, 2, 1), dict(count_include_pad=False)),
    "AvgPool1d": ("AvgPool1d", (2, 3, 9), (3, 2, 1), dict(ceil_mode=True)),
    "AdaptiveAvgPool2d": ("AdaptiveAvgPool2d", (2, 3, 7, 5), ((3, None),), {}),
    "AdaptiveAvgPool1d": ("AdaptiveAvgPool1d", (2, 3, 7), (3,), {}),
    "AdaptiveMaxPool2d": ("AdaptiveMaxPool2d", (2, 3, 7, 5), (3,), dict(return_indices=True)),
    "AdaptiveMaxPool1d": ("AdaptiveMaxPool1d", (2, 3, 7), (3,), {}),
    "ZeroPad2d": ("ZeroPad2d", (2, 3, 4, 5), ((1, 2, 0, -1),), {}),
    "ConstantPad1d/unbatched": ("ConstantPad1d", (3, 4), (2, 1.5), {}),
    "ConstantPad3d": ("ConstantPad3d", (1, 2, 3, 2, 2), ((1, 0, 2, 1, 0, 1), -2.0), {}),
    "ReflectionPad1d": ("ReflectionPad1d", (2, 3, 5), ((3, 1),), {}),
    "ReflectionPad2d/unbatched": ("ReflectionPad2d", (3, 4, 5), (2,), {}),
    "ReflectionPad3d": ("ReflectionPad3d", (1, 2, 3, 3, 4), (1,), {}),
    "ReplicationPad1d": ("ReplicationPad1d", (2, 3, 5), (4,), {}),
    "ReplicationPad2d": ("ReplicationPad2d", (2, 3, 4, 5), ([1, 0, 3, 2],), {}),
    "ReplicationPad3d/unbatched": ("ReplicationPad3d", (2, 3, 2, 2), (2,), {}),
    "CircularPad1d": ("CircularPad1d", (2, 3, 5), ((2, 4),), {}),
    "CircularPad2d": ("CircularPad2d", (2, 3, 4, 5), (3,), {}),
    "CircularPad3d": ("CircularPad3d", (1, 2, 3, 3, 4), ((1, 2, 0, 1, 2, 0),), {}),
}


def _module_case(name, cls, shape, args, kwargs):
    @case("nn." + name)
    def body(lib, rng, dtype):
        x = leaf(lib, _data(rng, shape, "ties"), dtype)
        return _results(lib, rng, getattr(lib.nn, cls)(*args, **kwargs)(x), x)


for _name, _spec in MODULES.items():
    _module_case(_name, *_spec)


@case("nn.pooling/repr", dtypes=None)
def _repr(lib, rng, dtype):
    nn = lib.nn
    modules = [nn.MaxPool2d(2), nn.MaxPool2d(3, 2, 1, ceil_mode=True, return_indices=True), nn.AvgPool2d(2),
               nn.AvgPool2d(3, 2, 1, True, False, 5), nn.AdaptiveAvgPool2d((2, None)),
               nn.AdaptiveMaxPool2d(3, return_indices=True), nn.MaxPool1d(2), nn.AvgPool1d(3),
               nn.AdaptiveAvgPool1d(4), nn.AdaptiveMaxPool1d(4), nn.MaxPool2d((2, 3), (1, 2)), nn.AvgPool2d((2, 3)),
               nn.ZeroPad2d(1), nn.ConstantPad1d((1, 2), 0.5), nn.ReflectionPad2d([1, 0, 2, 1]), nn.ReplicationPad3d(2),
               nn.CircularPad1d(3)]
    return {"repr": "\n".join(repr(m) for m in modules)}


def _error_case(name, make):
    case("F.pool/error/" + name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


ERRORS = {
    "pad_too_big": lambda lib: lib.nn.functional.max_pool2d(lib.ones(1, 1, 4, 4), 3, padding=2),
    "output_too_small": lambda lib: lib.nn.functional.max_pool2d(lib.ones(1, 1, 2, 2), 3),
    "stride_zero": lambda lib: lib.nn.functional.max_pool2d(lib.ones(1, 1, 4, 4), 2, stride=0),
    "avg_pad_too_big": lambda lib: lib.nn.functional.avg_pool2d(lib.ones(1, 1, 4, 4), 3, padding=2),
    "max_pool2d_ndim": lambda lib: lib.nn.functional.max_pool2d(lib.ones(4, 4), 2),
    "max_pool1d_ndim": lambda lib: lib.nn.functional.max_pool1d(lib.ones(4), 2),
    "adaptive_ndim": lambda lib: lib.nn.functional.adaptive_avg_pool2d(lib.ones(4, 4), 2),
    "divisor_zero": lambda lib: lib.nn.functional.avg_pool2d(lib.ones(1, 1, 4, 4), 2, divisor_override=0),
    "dilation_zero": lambda lib: lib.nn.functional.max_pool2d(lib.ones(1, 1, 4, 4), 2, dilation=0),
    "pad_odd_length": lambda lib: lib.nn.functional.pad(lib.ones(1, 3), (1, 1, 1)),
    "pad_mode": lambda lib: lib.nn.functional.pad(lib.ones(1, 3), (1, 1), mode="mirror"),
    "pad_reflect_too_big": lambda lib: lib.nn.functional.pad(lib.ones(1, 3), (3, 3), mode="reflect"),
    "pad_circular_wrap": lambda lib: lib.nn.functional.pad(lib.ones(1, 3), (4, 1), mode="circular"),
    "pad_reflect_ndim": lambda lib: lib.nn.functional.pad(lib.ones(3), (1, 1), mode="reflect"),
    "pad_replicate_ndim": lambda lib: lib.nn.functional.pad(lib.ones(1, 2, 3, 4), (1, 1), mode="replicate"),
    "pad_replicate_empty_dim": lambda lib: lib.nn.functional.pad(lib.ones(1, 2, 0), (1, 1), mode="replicate"),
    "pad_reflect_empty_unpadded_dim": lambda lib: lib.nn.functional.pad(lib.ones(2, 0, 3), (1, 1), mode="reflect"),
    "pad_crop_too_much": lambda lib: lib.nn.functional.pad(lib.ones(1, 3), (-4, 1)),
    "avg_pool2d_int32": lambda lib: lib.nn.functional.avg_pool2d(lib.ones(1, 2, 2, dtype=lib.int32), 2),
    "avg_pool1d_uint8": lambda lib: lib.nn.functional.avg_pool1d(lib.ones(1, 2, dtype=lib.uint8), 2),
    "avg_pool3d_float16": lambda lib: lib.nn.functional.avg_pool3d(lib.ones(1, 2, 2, 2, dtype=lib.float16), 2),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)


# empty sizes torch's adaptive average pooling accepts; forward only (torch's backward rejects such gradients)
EMPTY_ADAPTIVE_AVG = {
    "adaptive_avg_pool1d/no_channels": ((2, 0, 6), 3),
    "adaptive_avg_pool2d/no_channels": ((1, 0, 6, 6), 3),
    "adaptive_avg_pool2d/unbatched_no_channels": ((0, 6, 6), 3),
    "adaptive_avg_pool2d/empty_output": ((1, 2, 6, 6), (0, 3)),
    "adaptive_avg_pool3d/empty_output": ((1, 2, 6, 6, 6), (3, 0, 3)),
}


def _empty_adaptive_case(name, shape, output_size):
    @case("F." + name)
    def body(lib, rng, dtype):
        fn = getattr(lib.nn.functional, name.split("/")[0])
        return {"out": fn(lib.tensor(rng.standard_normal(shape), dtype=dtype), output_size)}


for _name, _spec in EMPTY_ADAPTIVE_AVG.items():
    _empty_adaptive_case(_name, *_spec)


@case("F.avg_pool/int64_truncates", dtypes=None)
def _avg_pool_int64(lib, rng, dtype):
    """torch averages int64 windows in int64, the quotient truncated toward zero (negative sums included)."""
    F, x = lib.nn.functional, lib.tensor(rng.integers(-9, 10, (2, 3, 5, 5)))
    return {"2d": F.avg_pool2d(x, 2), "2d_pad": F.avg_pool2d(x, 3, 2, 1, count_include_pad=False),
            "2d_ceil_divisor": F.avg_pool2d(x, 2, ceil_mode=True, divisor_override=3),
            "1d": F.avg_pool1d(x[0], 3, 1, 1), "3d": F.avg_pool3d(x[None], (1, 2, 2))}
