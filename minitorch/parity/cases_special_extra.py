"""Parity cases for ops/special_extra.py: torch.special's Bessel and Airy functions, erfcx, the Hurwitz zeta, the
regularized incomplete gamma functions (also torch.igamma/igammac and their Tensor methods) and the orthogonal
polynomials: values on wide grids with their edge cases, dtypes, broadcasting, gradients where torch has them, and
torch's errors."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

_INF, _NAN = float("inf"), float("nan")
_EDGES = [0.0, -0.0, _INF, -_INF, _NAN, 1e-300, 1e-6, -1e-6, 1.0, -1.0, 2.0, 2.09, -2.09, 5.0, -5.0, 8.0, -8.0,
          8.3203353, 50.0, 50.5, 5e7, 1e8, -6.1, -6.2, -26.7, -27.0, 103.9, 1e10, -1e10]
_GRID = numpy.concatenate([numpy.linspace(-30, 30, 601), numpy.logspace(-8, 3, 45), -numpy.logspace(-8, 3, 45),
                           _EDGES])
_UNARY = ["erfcx", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
          "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
          "spherical_bessel_j0", "airy_ai"]
_KEYWORD = {"scaled_modified_bessel_k0": "x", "scaled_modified_bessel_k1": "x", "spherical_bessel_j0": "x",
            "airy_ai": "x"}
_POLYNOMIALS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
                "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t", "shifted_chebyshev_polynomial_u",
                "shifted_chebyshev_polynomial_v", "shifted_chebyshev_polynomial_w", "hermite_polynomial_h",
                "hermite_polynomial_he", "laguerre_polynomial_l", "legendre_polynomial_p"]


def _error(name, fn):
    @case("special_extra/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


# --- one-argument functions ----------------------------------------------------------------------------------------
def _unary_cases(name):
    def op(lib):
        return getattr(lib.special, name)

    @case("special_extra/%s/grid" % name)
    def grid(lib, rng, dtype):
        return {"out": op(lib)(values(lib, _GRID, dtype))}

    @case("special_extra/%s/random_noncontiguous" % name)
    def random(lib, rng, dtype):
        x = values(lib, rng.standard_normal((6, 8)) * 6, dtype)
        keyword = {_KEYWORD.get(name, "input"): x[0]}
        return {"out": op(lib)(x.mT), "strided": op(lib)(x[:, ::2]), "keyword": op(lib)(**keyword)}

    @case("special_extra/%s/integer_bool_empty" % name, dtypes=None)
    def integers(lib, rng, dtype):
        return {"int": op(lib)(lib.tensor([[-3, 0, 1], [2, 7, 40]])), "bool": op(lib)(lib.tensor([True, False])),
                "empty": op(lib)(lib.zeros(0, 3)), "scalar": op(lib)(lib.tensor(1.5, dtype=lib.float64))}

    _error("%s/half" % name, lambda lib: op(lib)(lib.ones(2, dtype=lib.float16)))
    _error("%s/number" % name, lambda lib: op(lib)(2))


for _name in _UNARY:
    _unary_cases(_name)


def _no_grad_case(name):
    @case("special_extra/%s/no_derivative" % name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.uniform(0.5, 4, (5,)), dtype)
        out = getattr(lib.special, name)(x)
        return {"out": out, "requires_grad": out.requires_grad}

    _error("%s/backward" % name,
           lambda lib: getattr(lib.special, name)(lib.ones(3, requires_grad=True)).sum().backward())


for _name in _UNARY[1:]:
    _no_grad_case(_name)


@case("special_extra/erfcx/grad")
def _erfcx_grad(lib, rng, dtype):
    x = leaf(lib, numpy.array([-5.0, -3.0, -0.5, 0.0, 0.3, 0.7, 1.5, 5.0, 30.0, 60.0]), dtype)
    return grads_of(lib, rng, lib.special.erfcx(x), [x], create_graph=True)


@case("special_extra/erfcx/double_grad")
def _erfcx_double_grad(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal(7) * 2, dtype)
    (g,) = lib.autograd.grad(lib.special.erfcx(x).sum(), [x], create_graph=True)
    return {"grad": g, "grad2": lib.autograd.grad(g.sum(), [x])[0]}


# --- zeta ----------------------------------------------------------------------------------------------------------
_ZETA_X = numpy.concatenate([numpy.linspace(1.0, 12.0, 23), [0.5, 0.0, -1.0, 1.0000001, 30.0, 64.0, _INF, _NAN]])
_ZETA_Q = numpy.concatenate([numpy.linspace(-6.5, 12.0, 38), [-3.0, -2.5, 0.0, 1e-8, 1e-3, 100.0, 1e4, 1e8, _INF,
                                                            -_INF, _NAN]])


@case("special_extra/zeta/grid")
def _zeta_grid(lib, rng, dtype):
    x, q = values(lib, _ZETA_X, dtype), values(lib, _ZETA_Q, dtype)
    return {"out": lib.special.zeta(x.unsqueeze(1), q)}


@case("special_extra/zeta/numbers_and_keywords")
def _zeta_numbers(lib, rng, dtype):
    q = values(lib, rng.uniform(0.2, 5, (3, 4)), dtype)
    return {"number_x": lib.special.zeta(2, q), "number_q": lib.special.zeta(q + 1, 2.5),
            "keywords": lib.special.zeta(input=q + 1.5, other=q.mT.mT), "noncontiguous": lib.special.zeta(3.0, q.mT)}


@case("special_extra/zeta/dtypes", dtypes=None)
def _zeta_dtypes(lib, rng, dtype):
    i = lib.tensor([2, 3, 4])
    return {"int": lib.special.zeta(i, i), "int_number": lib.special.zeta(i, 2), "bool": lib.special.zeta(i > 2, 2),
            "mixed": lib.special.zeta(i.float(), lib.tensor([1.5, 2.0, 2.5], dtype=lib.float64)),
            "float32_0d_float64": lib.special.zeta(i.float(), lib.tensor(2.0, dtype=lib.float64))}


@case("special_extra/zeta/grad_q")
def _zeta_grad(lib, rng, dtype):
    x = values(lib, rng.uniform(1.5, 6, (3, 1)), dtype)
    q = leaf(lib, rng.uniform(0.3, 4, (4,)), dtype)
    return grads_of(lib, rng, lib.special.zeta(x, q), [q], create_graph=True)


_error("zeta/grad_x", lambda lib: lib.special.zeta(lib.tensor([2.0, 3.0], requires_grad=True),
                                                   lib.tensor([1.0, 2.0])).sum().backward())
_error("zeta/half", lambda lib: lib.special.zeta(lib.ones(2, dtype=lib.float16), lib.ones(2, dtype=lib.float16)))
_error("zeta/numbers", lambda lib: lib.special.zeta(2, 3))
_error("zeta/string", lambda lib: lib.special.zeta(lib.ones(2), "a"))
_error("zeta/broadcast", lambda lib: lib.special.zeta(lib.ones(2), lib.ones(3)))


# --- incomplete gamma ----------------------------------------------------------------------------------------------
_A = numpy.concatenate([numpy.logspace(-8, 3.5, 24), [0.0, -1.0, 0.5, 1.0, 2.0, 20.5, 150.0, 199.9, 200.5, 1e4,
                                                     _INF, _NAN]])
_X = numpy.concatenate([numpy.logspace(-8, 3.5, 26), [0.0, -1.0, 0.5, 1.0, 1.05, 1.1, 1.2, 2.0, 21.0, 160.0, 210.0,
                                                     1e4, _INF, _NAN]])


def _gamma_cases(name, top):
    def op(lib):
        return getattr(lib.special, name)

    @case("special_extra/%s/grid" % name)
    def grid(lib, rng, dtype):
        a, x = values(lib, _A, dtype), values(lib, _X, dtype)
        return {"out": op(lib)(a.unsqueeze(1), x)}

    @case("special_extra/%s/near_diagonal" % name)
    def near(lib, rng, dtype):  # a ~ x: the uniform asymptotic expansion, and the series and fraction beside it
        a = values(lib, rng.uniform(15, 400, 300), dtype)
        return {"out": op(lib)(a, a * values(lib, rng.uniform(0.6, 1.4, 300), dtype))}

    @case("special_extra/%s/grad_x" % name)
    def grad(lib, rng, dtype):
        a = values(lib, rng.uniform(0.2, 30, (3, 1)), dtype)
        x = leaf(lib, rng.uniform(0.1, 30, (5,)), dtype)
        return grads_of(lib, rng, op(lib)(a, x), [x], create_graph=True)

    @case("special_extra/%s/top_level_methods" % name)
    def methods(lib, rng, dtype):
        a = values(lib, rng.uniform(0.2, 8, (4, 3)), dtype)
        x = values(lib, rng.uniform(0.1, 8, (3, 4)), dtype)
        inplace = a.clone()
        getattr(inplace, top + "_")(x.mT)
        return {"function": getattr(lib, top)(a, x.mT), "method": getattr(a, top)(x.mT[0]), "inplace": inplace,
                "keywords": op(lib)(input=a, other=x.mT), "broadcast": getattr(lib, top)(a[:, :1], x[:1, :3])}

    @case("special_extra/%s/dtypes" % name, dtypes=None)
    def dtypes(lib, rng, dtype):
        a = lib.tensor([0.5, 2.0, 7.0], dtype=lib.float16)
        f = lib.tensor([1.0, 2.0, 3.0])
        return {"half": op(lib)(a, a), "int_float": op(lib)(lib.tensor([1, 2, 3]), f),
                "mixed": op(lib)(f, f.double()), "float32_0d_float64": op(lib)(f, lib.tensor(2.0, dtype=lib.float64)),
                "empty": op(lib)(lib.zeros(0, 2), lib.zeros(2))}

    _error("%s/grad_a" % name, lambda lib: op(lib)(lib.tensor([2.0], requires_grad=True),
                                                   lib.tensor([1.0])).sum().backward())
    _error("%s/int" % name, lambda lib: op(lib)(lib.tensor([1, 2]), lib.tensor([1, 2])))
    _error("%s/bool" % name, lambda lib: op(lib)(lib.tensor([True]), lib.tensor([True])))
    _error("%s/number" % name, lambda lib: op(lib)(lib.ones(2), 2))
    _error("%s/number_first" % name, lambda lib: op(lib)(2.0, lib.ones(2)))
    _error("%s/top_number" % name, lambda lib: getattr(lib, top)(lib.ones(2), 2))
    _error("%s/method_number" % name, lambda lib: getattr(lib.ones(2), top)(2))
    _error("%s/inplace_int" % name, lambda lib: getattr(lib.tensor([1, 2]), top + "_")(lib.tensor([1, 2])))
    _error("%s/inplace_broadcast" % name, lambda lib: getattr(lib.ones(2), top + "_")(lib.ones(2, 2)))


_gamma_cases("gammainc", "igamma")
_gamma_cases("gammaincc", "igammac")


# --- orthogonal polynomials ----------------------------------------------------------------------------------------
_POLY_X = numpy.concatenate([numpy.linspace(-2.5, 2.5, 51), [1.0, -1.0, 0.0, 0.5, 1e-20, -1e-20, 0.9999999,
                                                            -0.9999999, 10.0, -10.0, _INF, -_INF]])
_POLY_N = numpy.concatenate([numpy.arange(-2.0, 31.0), [40.0, 50.0, 129.0, 513.0, 600.0, 2.5, -0.5, 7.9, _NAN, _INF,
                                                        -_INF, 1e30]])
# float32: torch's float32 kernels are fused (FMA), so only low degrees (where they are well conditioned) match
_POLY_N32 = numpy.array([-2.0, -1.0, -0.5, 0.0, 1.0, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, _NAN, _INF, -_INF])
_POLY_X32 = numpy.concatenate([numpy.linspace(-1.25, 1.25, 21), [1.0, -1.0, 0.0, 0.5, _INF, -_INF]])


def _polynomial_cases(name):
    def op(lib):
        return getattr(lib.special, name)

    @case("special_extra/%s/grid" % name, dtypes=("float64",))
    def grid(lib, rng, dtype):
        x, n = values(lib, _POLY_X, dtype), values(lib, _POLY_N, dtype)
        return {"out": op(lib)(x.unsqueeze(1), n)}

    @case("special_extra/%s/grid_low_degree" % name, dtypes=("float32",))
    def grid32(lib, rng, dtype):
        x, n = values(lib, _POLY_X32, dtype), values(lib, _POLY_N32, dtype)
        return {"out": op(lib)(x.unsqueeze(1), n)}

    @case("special_extra/%s/numbers_keywords_noncontiguous" % name)
    def numbers(lib, rng, dtype):
        x = values(lib, rng.uniform(-1.2, 1.2, (4, 3)), dtype)
        n = values(lib, rng.integers(0, 6, (3, 4)).astype(float), dtype)
        return {"number_n": op(lib)(x, 3), "number_x": op(lib)(0.3, n), "float_n": op(lib)(x, 4.7),
                "keywords": op(lib)(x=x, n=n.mT), "noncontiguous": op(lib)(x.mT, n), "no_grad": op(lib)(
                    leaf(lib, rng.uniform(-1, 1, 3), dtype), 2).requires_grad}

    @case("special_extra/%s/dtypes" % name, dtypes=None)
    def dtypes(lib, rng, dtype):
        i = lib.tensor([[-1, 0, 1, 2]])
        return {"int": op(lib)(i, i.mT + 2), "int_number": op(lib)(i, 3), "bool": op(lib)(i > 0, lib.tensor([2])),
                "mixed": op(lib)(i.float(), lib.tensor([3.0], dtype=lib.float64)), "empty": op(lib)(lib.zeros(0), 2)}

    _error("%s/half" % name, lambda lib: op(lib)(lib.ones(2, dtype=lib.float16), 2))
    _error("%s/numbers" % name, lambda lib: op(lib)(0.5, 2))
    _error("%s/string" % name, lambda lib: op(lib)(lib.ones(2), "a"))
    _error("%s/input_keyword" % name, lambda lib: op(lib)(input=lib.ones(2), n=2))
    _error("%s/backward" % name, lambda lib: op(lib)(lib.ones(2, requires_grad=True), 2).sum().backward())


for _name in _POLYNOMIALS:
    _polynomial_cases(_name)
