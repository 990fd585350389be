"""Parity cases for the rest of the conv/pool family: pixel_shuffle / pixel_unshuffle (outputs, gradients,
second derivatives, batch-free and extra batch dims, errors)."""
from .helpers import grads_of, leaf
from .registry import case

# name: (function, input shape, factor)
SHUFFLE = {
    "pixel_shuffle/basic": ("pixel_shuffle", (2, 8, 3, 4), 2),
    "pixel_shuffle/no_batch": ("pixel_shuffle", (9, 2, 3), 3),
    "pixel_shuffle/extra_batch": ("pixel_shuffle", (2, 3, 4, 2, 2), 2),
    "pixel_shuffle/factor1": ("pixel_shuffle", (2, 3, 4, 5), 1),
    "pixel_unshuffle/basic": ("pixel_unshuffle", (2, 3, 6, 4), 2),
    "pixel_unshuffle/no_batch": ("pixel_unshuffle", (2, 6, 9), 3),
    "pixel_unshuffle/extra_batch": ("pixel_unshuffle", (2, 3, 2, 4, 4), 2),
}


def _shuffle_case(name, fn, shape, factor):
    @case("F." + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        return grads_of(lib, rng, getattr(lib.nn.functional, fn)(x, factor), [x])


for _name, _spec in SHUFFLE.items():
    _shuffle_case(_name, *_spec)


@case("F.pixel_shuffle/roundtrip_noncontiguous")
def _roundtrip(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 6, 4, 8)), dtype)
    y = lib.nn.functional.pixel_unshuffle(x.transpose(2, 3), 2)
    return grads_of(lib, rng, lib.nn.functional.pixel_shuffle(y, 2), [x])


for _name, _make in {"shuffle_1d": lambda lib: lib.nn.functional.pixel_shuffle(lib.zeros(4, 4), 2),
                     "shuffle_channels": lambda lib: lib.nn.functional.pixel_shuffle(lib.zeros(1, 6, 2, 2), 2),
                     "unshuffle_size": lambda lib: lib.nn.functional.pixel_unshuffle(lib.zeros(1, 1, 3, 4), 2)}.items():
    case("F.pixel_shuffle/error/" + _name, dtypes=None, raises=True)(lambda lib, rng, dtype, m=_make: {"out": m(lib)})


@case("nn.PixelShuffle/module")
def _modules(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 8, 3, 2)), dtype)
    shuffle, unshuffle = lib.nn.PixelShuffle(2), lib.nn.PixelUnshuffle(2)
    result = grads_of(lib, rng, unshuffle(shuffle(x)) - x * 0.5, [x])
    result["repr"] = repr(shuffle) + "\n" + repr(unshuffle)
    return result
