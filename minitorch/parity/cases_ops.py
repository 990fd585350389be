"""Parity cases for the tensor ops (elementwise, reductions, shapes, indexing, products)."""
from .helpers import grads_of, leaf
from .registry import case


@case("exp")
def _exp(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.exp(x), [x])


@case("mul/broadcast")
def _mul_broadcast(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 1, 4)), dtype)
    b = leaf(lib, rng.standard_normal((2, 1)), dtype)
    return grads_of(lib, rng, a * b, [a, b])


@case("view/impossible", dtypes=None, raises=True)
def _view_impossible(lib, rng, dtype):
    return {"out": lib.zeros(3, 4).t().view(12)}
