"""Parity cases for repeat_interleave, deg2rad, rad2deg and positive: outputs, gradients and torch's errors."""
from .helpers import grads_of, leaf, values
from .registry import case


def _grad_case(name, fn, *shapes, transposed=(), dtypes=("float64", "float32")):
    """out = fn(lib, *operands) for random leaves; indices in `transposed` are fed as a (non-contiguous) .mT."""
    @case("numeric/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(tuple(s[:-2]) + tuple(s[-2:][::-1]) if i in transposed else s),
                       dtype) for i, s in enumerate(shapes)]
        ops = [t.mT if i in transposed else t for i, t in enumerate(leaves)]
        return grads_of(lib, rng, fn(lib, *ops), leaves)
    return body


def _error_case(name, fn):
    @case("numeric/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


# --- repeat_interleave ---
_grad_case("repeat_interleave/int_flat", lambda lib, a: lib.repeat_interleave(a, 2), (2, 3))
_grad_case("repeat_interleave/int_dim", lambda lib, a: a.repeat_interleave(3, dim=-1), (2, 3))
_grad_case("repeat_interleave/tensor_dim0", lambda lib, a: lib.repeat_interleave(a, lib.tensor([1, 0, 2]), 0), (3, 2))
_grad_case("repeat_interleave/tensor_one", lambda lib, a: lib.repeat_interleave(a, lib.tensor([2]), dim=1), (2, 3))
_grad_case("repeat_interleave/output_size",
           lambda lib, a: lib.repeat_interleave(a, lib.tensor([1, 2]), dim=0, output_size=3), (2, 3))
_grad_case("repeat_interleave/empty", lambda lib, a: lib.repeat_interleave(a, 2, dim=0), (0, 3))
_grad_case("repeat_interleave/noncontiguous", lambda lib, a: lib.repeat_interleave(a, 2, dim=1), (2, 3),
           transposed=(0,))


@case("numeric/repeat_interleave/one_arg_and_int", dtypes=None)
def _repeat_interleave_int(lib, rng, dtype):
    a = values(lib, rng.integers(-5, 5, (2, 3)))
    return {"one_arg": lib.repeat_interleave(lib.tensor([2, 0, 3])), "int": a.repeat_interleave(2, dim=0),
            "bool": lib.repeat_interleave(a > 0, lib.tensor([1, 2, 0]), dim=1)}


_error_case("repeat_interleave/negative", lambda lib: lib.repeat_interleave(lib.ones(3), lib.tensor([1, -1, 2])))
_error_case("repeat_interleave/bad_size", lambda lib: lib.repeat_interleave(lib.ones(3), lib.tensor([1, 2])))

# --- deg2rad, rad2deg, positive ---
_grad_case("deg2rad", lambda lib, a: lib.deg2rad(a), (2, 3))
_grad_case("rad2deg", lambda lib, a: a.rad2deg(), (2, 3), transposed=(0,))
_grad_case("positive", lambda lib, a: lib.positive(a) * 1, (2, 3))


@case("numeric/deg2rad/int_and_inplace", dtypes=None)
def _deg2rad_int(lib, rng, dtype):
    a = values(lib, rng.standard_normal((2, 3)))
    b = a.clone()
    return {"int": lib.deg2rad(lib.tensor([180, 90])), "rad_int": lib.rad2deg(lib.tensor([1, 2])),
            "inplace": a.deg2rad_(), "inplace_r": b.rad2deg_(), "pos_int": lib.positive(lib.tensor([1, 2]))}


_error_case("positive/bool", lambda lib: lib.positive(lib.tensor([True])))


# --- gcd, lcm ---
@case("numeric/gcd_lcm/int", dtypes=None)
def _gcd_lcm(lib, rng, dtype):
    a = values(lib, rng.integers(-12, 12, (3, 4)))
    b = values(lib, rng.integers(-12, 12, (4,)), dtype=lib.int32)
    c = a.clone()
    return {"gcd": lib.gcd(a, b), "lcm": lib.lcm(a, b), "method": b.gcd(b), "zero": lib.lcm(a * 0, a),
            "inplace": c.gcd_(b), "inplace_lcm": a.clone().lcm_(b)}


_error_case("gcd/float", lambda lib: lib.gcd(lib.ones(2), lib.ones(2)))
_error_case("lcm/bool", lambda lib: lib.lcm(lib.tensor([True]), lib.tensor([True])))


# --- isreal, atleast_2d, atleast_3d ---
@case("numeric/isreal", dtypes=None)
def _isreal(lib, rng, dtype):
    return {"int": lib.tensor([1, 2]).isreal(),
            "float": lib.isreal(values(lib, rng.standard_normal((2, 3))))}


for _shape in [(), (3,), (2, 3), (2, 3, 2)]:
    _grad_case("atleast_2d/%dd" % len(_shape), lambda lib, a: lib.atleast_2d(a) * 1, _shape)
    _grad_case("atleast_3d/%dd" % len(_shape), lambda lib, a: lib.atleast_3d(a) * 1, _shape)
_error_case("repeat_interleave/output_size", lambda lib: lib.repeat_interleave(lib.ones(2), lib.tensor([1, 2]), dim=0,
                                                                              output_size=5))
