"""Parity cases for F.max_unpool1d / F.max_unpool2d and nn.MaxUnpool1d / nn.MaxUnpool2d: unpooling the indices
of max pooling (default and explicit output sizes, padding, unbatched), gradients, reprs and torch's errors."""
from .helpers import grads_of, leaf
from .registry import case

# name: (nd, input shape, pool args (kernel, stride, padding), output_size)
CASES = {
    "max_unpool2d/basic": (2, (2, 3, 6, 8), (2, 2, 0), None),
    "max_unpool2d/stride_padding": (2, (2, 3, 7, 6), (3, 2, 1), (7, 6)),
    "max_unpool2d/output_size": (2, (2, 3, 7, 7), (2, 2, 0), (7, 7)),
    "max_unpool2d/output_size_full": (2, (2, 3, 7, 7), (2, 2, 0), (2, 3, 7, 7)),
    "max_unpool2d/unbatched": (2, (3, 6, 5), ((2, 3), (2, 1), 0), None),
    "max_unpool1d/basic": (1, (2, 3, 9), (3, 2, 1), None),
    "max_unpool1d/output_size": (1, (2, 3, 9), (2, 2, 0), (9,)),
}


def _unpool_case(name, nd, shape, pool, output_size):
    @case("F." + name)
    def body(lib, rng, dtype):
        F = lib.nn.functional
        pooled, indices = getattr(F, "max_pool%dd" % nd)(lib.tensor(rng.standard_normal(shape), dtype=dtype),
                                                         *pool, return_indices=True)
        x = leaf(lib, pooled.detach().numpy(), dtype)
        out = getattr(F, "max_unpool%dd" % nd)(x, indices, *pool, output_size=output_size)
        return grads_of(lib, rng, out, [x])


for _name, _spec in CASES.items():
    _unpool_case(_name, *_spec)


@case("nn.MaxUnpool2d")
def _module2d(lib, rng, dtype):
    pooled, indices = lib.nn.MaxPool2d(3, 2, 1, return_indices=True)(lib.tensor(rng.standard_normal((2, 3, 7, 6)),
                                                                               dtype=dtype))
    x = leaf(lib, pooled.numpy(), dtype)
    return grads_of(lib, rng, lib.nn.MaxUnpool2d(3, 2, 1)(x, indices, output_size=(7, 6)), [x])


@case("nn.MaxUnpool1d")
def _module1d(lib, rng, dtype):
    pooled, indices = lib.nn.MaxPool1d(2, return_indices=True)(lib.tensor(rng.standard_normal((2, 3, 9)),
                                                                          dtype=dtype))
    x = leaf(lib, pooled.numpy(), dtype)
    return grads_of(lib, rng, lib.nn.MaxUnpool1d(2)(x, indices), [x])


@case("nn.unpool/repr", dtypes=None)
def _repr(lib, rng, dtype):
    nn = lib.nn
    return {"repr": "\n".join(repr(m) for m in [nn.MaxUnpool2d(2), nn.MaxUnpool2d((2, 3), 1, (1, 0)),
                                                  nn.MaxUnpool1d(3, 2, 1)])}


def _error_case(name, make):
    case("F.unpool/error/" + name, dtypes=None, raises=True)(lambda lib, rng, dtype: {"out": make(lib)})


def _pooled(lib):
    return lib.nn.functional.max_pool2d(lib.arange(72.0).reshape(2, 1, 6, 6), 2, return_indices=True)


ERRORS = {
    "output_size_out_of_range": lambda lib: lib.nn.functional.max_unpool2d(*_pooled(lib), 2, output_size=(8, 8)),
    "output_size_length": lambda lib: lib.nn.functional.max_unpool2d(*_pooled(lib), 2, output_size=(7,)),
    "index_too_big": lambda lib: lib.nn.functional.max_unpool2d(_pooled(lib)[0], _pooled(lib)[1] * 100, 2),
    "index_float": lambda lib: lib.nn.functional.max_unpool2d(_pooled(lib)[0], _pooled(lib)[1].double(), 2),
    "index_shape": lambda lib: lib.nn.functional.max_unpool2d(_pooled(lib)[0], _pooled(lib)[1][:, :, :2], 2),
    "input_2d": lambda lib: lib.nn.functional.max_unpool2d(_pooled(lib)[0][0, 0], _pooled(lib)[1][0, 0], 2),
    "input_1d_for_1d": lambda lib: lib.nn.functional.max_unpool1d(lib.ones(3), lib.zeros(3, dtype=lib.long), 2),
}

for _name, _make in ERRORS.items():
    _error_case(_name, _make)
