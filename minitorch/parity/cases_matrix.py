"""Parity cases for ops/matrix.py: addr, addbmm (and their in-place forms), chain_matmul, block_diag, diagflat,
vander, renorm (and renorm_), narrow_copy, triangular_solve, cholesky_solve and cholesky_inverse: outputs and every
input's gradient (second derivatives for the solves), plus the errors torch raises."""
import warnings

import numpy

from .helpers import grads_of, leaf, values
from .registry import case


def _array(rng, spec):
    """spec: a shape (standard normal values) or a function rng -> array."""
    return spec(rng) if callable(spec) else rng.standard_normal(spec)


def _grad_case(name, fn, *specs, transposed=()):
    """out = fn(lib, *operands) for random leaves; indices in `transposed` are fed as a (non-contiguous) .mT."""
    @case("matrix/" + name)
    def body(lib, rng, dtype):
        arrays = [_array(rng, s) for s in specs]
        leaves = [leaf(lib, a.swapaxes(-1, -2).copy() if i in transposed else a, dtype) for i, a in enumerate(arrays)]
        ops = [t.mT if i in transposed else t for i, t in enumerate(leaves)]
        with warnings.catch_warnings():  # chain_matmul and triangular_solve are deprecated (a UserWarning)
            warnings.simplefilter("ignore")
            return grads_of(lib, rng, fn(lib, *ops), leaves)
    return body


def _second_order_case(name, fn, *specs):
    """The gradients of fn's output and, from them (create_graph), the gradient of their squared sum."""
    @case("matrix/" + name)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, _array(rng, s), dtype) for s in specs]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            first = grads_of(lib, rng, fn(lib, *leaves), leaves, create_graph=True)
        grads = [first["grad_%d" % i] for i in range(len(leaves))]
        total = sum((g * g).sum() for g in grads)
        second = lib.autograd.grad(total, leaves, allow_unused=True)
        return dict(first, **{"second_%d" % i: g for i, g in enumerate(second)})
    return body


def _values_case(name, fn):
    @case("matrix/" + name, dtypes=None)
    def body(lib, rng, dtype):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(lib, rng)
    return body


def _error(name, fn):
    @case("matrix/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return {"out": fn(lib)}
    return body


def _factor(shape, upper=False, junk=False):
    """A well-conditioned triangular matrix (batch of them): diagonal entries of magnitude 1.5..2.5, small
    off-diagonal ones; with junk, the triangle the solves must not read holds random values instead of zeros."""
    def make(rng):
        n = shape[-1]
        a = rng.standard_normal(shape) * 0.4
        keep = numpy.triu(numpy.ones((n, n), bool)) if upper else numpy.tril(numpy.ones((n, n), bool))
        tri = numpy.where(keep, a, rng.standard_normal(shape) if junk else 0.0)
        eye = numpy.eye(n, dtype=bool)
        sign = numpy.where(rng.random(shape) < 0.5, -1.0, 1.0)
        return numpy.where(eye, sign * (1.5 + rng.random(shape)), tri)
    return make


def _nan_input(shape):
    """Normal values with NaN and inf among them (what beta = 0 must not let through)."""
    def make(rng):
        a = rng.standard_normal(shape)
        a.reshape(-1)[::2] = numpy.nan
        a.reshape(-1)[1::3] = numpy.inf
        return a
    return make


# --- addr ---
_grad_case("addr/basic", lambda lib, m, a, b: lib.addr(m, a, b), (3, 4), (3,), (4,))
_grad_case("addr/beta_alpha", lambda lib, m, a, b: lib.addr(m, a, b, beta=0.5, alpha=-2), (3, 4), (3,), (4,))
_grad_case("addr/alpha0", lambda lib, m, a, b: lib.addr(m, a, b, alpha=0), (3, 4), (3,), (4,))
_grad_case("addr/broadcast_row", lambda lib, m, a, b: lib.addr(m, a, b, beta=3), (4,), (3,), (4,))
_grad_case("addr/broadcast_column", lambda lib, m, a, b: m.addr(a, b, alpha=1.5), (3, 1), (3,), (4,))
_grad_case("addr/0d_input", lambda lib, m, a, b: lib.addr(m, a, b), (), (3,), (4,))
_grad_case("addr/beta0_ignores_nan", lambda lib, m, a, b: lib.addr(m, a, b, beta=0, alpha=2), _nan_input((3, 4)),
           (3,), (4,))
_grad_case("addr/size1", lambda lib, m, a, b: lib.addr(m, a, b), (1, 1), (1,), (1,))
_grad_case("addr/empty", lambda lib, m, a, b: lib.addr(m, a, b), (0, 4), (0,), (4,))
_grad_case("addr/noncontiguous", lambda lib, m, a, b: lib.addr(m, a[::2], b), (3, 4), (6,), (4,), transposed=(0,))
_grad_case("addr/method_keywords", lambda lib, m, a, b: m.addr(vec1=a, vec2=b, beta=-1, alpha=0.25), (3, 4), (3,),
           (4,))


@case("matrix/addr/promotion", dtypes=None)
def _addr_promotion(lib, rng, dtype):
    # values only: torch's own backward of a mixed-dtype addr fails (its addmv wants one dtype)
    m = values(lib, rng.standard_normal((3, 4)), lib.float32)
    a = values(lib, rng.standard_normal(3), lib.float64)
    b = values(lib, rng.standard_normal(4), lib.float32)
    i = lib.tensor(rng.integers(-3, 4, 3))
    return {"float64_vec": lib.addr(m, a, b, beta=2), "int_vectors": lib.addr(m, i, lib.tensor(rng.integers(-3, 4, 4))),
            "int_input": lib.addr(lib.ones(3, 4, dtype=lib.int64), a, b),
            "half": lib.addr(m.half(), b.half()[:3], b.half())}


_values_case("addr/int_bool", lambda lib, rng: {
    "int": lib.addr(lib.tensor(rng.integers(-5, 5, (3, 4))), lib.tensor(rng.integers(-5, 5, 3)),
                    lib.tensor(rng.integers(-5, 5, 4)), beta=2, alpha=-3),
    "int32": lib.addr(lib.ones(2, 3, dtype=lib.int32), lib.tensor([1, 2], dtype=lib.int32),
                      lib.tensor([1, 0, 2], dtype=lib.int32)),
    "int_beta0": lib.addr(lib.ones(2, 3, dtype=lib.int64), lib.tensor([1, 2]), lib.tensor([3, 0, 2]), beta=0),
    "bool": lib.addr(lib.tensor([[True, False, False], [False, False, True]]), lib.tensor([True, False]),
                     lib.tensor([False, True, True])),
    "bool_beta0": lib.addr(lib.ones(2, 3, dtype=lib.bool), lib.tensor([True, False]), lib.tensor([True, False, True]),
                           beta=0),
    "bool_alpha_false": lib.addr(lib.zeros(2, 3, dtype=lib.bool), lib.tensor([True, True]),
                                 lib.tensor([True, False, True]), alpha=False, beta=True)})


@case("matrix/addr_/inplace")
def _addr_inplace(lib, rng, dtype):
    m, a, b = (leaf(lib, rng.standard_normal(s), dtype) for s in ((3, 4), (3,), (4,)))
    y = m * 1
    out = y.addr_(a, b, beta=0.5, alpha=2)
    return dict(grads_of(lib, rng, y, [m, a, b]), same=out is y, version=y._version)


_error("addr/vec1_2d", lambda lib: lib.addr(lib.ones(3, 4), lib.ones(3, 1), lib.ones(4)))
_error("addr/vec2_0d", lambda lib: lib.addr(lib.ones(3, 4), lib.ones(3), lib.tensor(1.0)))
_error("addr/input_shape", lambda lib: lib.addr(lib.ones(2, 4), lib.ones(3), lib.ones(4)))
_error("addr/input_3d", lambda lib: lib.addr(lib.ones(3, 4, 1), lib.ones(3), lib.ones(4)))
_error("addr/int_float_beta", lambda lib: lib.addr(lib.ones(2, 2, dtype=lib.int64), lib.tensor([1, 2]),
                                                    lib.tensor([1, 2]), beta=0.5))
_error("addr/bool_float_alpha", lambda lib: lib.addr(lib.ones(2, 2, dtype=lib.bool), lib.tensor([True, False]),
                                                      lib.tensor([True, False]), alpha=0.5))
_error("addr/float_bool_beta", lambda lib: lib.addr(lib.ones(2, 2), lib.ones(2), lib.ones(2), beta=True))
_error("addr_/int_self_float_result", lambda lib: lib.ones(2, 2, dtype=lib.int64).addr_(lib.ones(2), lib.ones(2)))
_error("addr_/self_1d", lambda lib: lib.ones(4).addr_(lib.ones(3), lib.ones(4)))

# --- addbmm ---
_grad_case("addbmm/basic", lambda lib, m, a, b: lib.addbmm(m, a, b), (3, 4), (2, 3, 5), (2, 5, 4))
_grad_case("addbmm/beta_alpha", lambda lib, m, a, b: lib.addbmm(m, a, b, beta=-0.5, alpha=3), (3, 4), (2, 3, 5),
           (2, 5, 4))
_grad_case("addbmm/broadcast_row", lambda lib, m, a, b: lib.addbmm(m, a, b), (4,), (3, 3, 2), (3, 2, 4))
_grad_case("addbmm/0d_input", lambda lib, m, a, b: m.addbmm(a, b, beta=2), (), (2, 3, 2), (2, 2, 4))
_grad_case("addbmm/beta0_ignores_nan", lambda lib, m, a, b: lib.addbmm(m, a, b, beta=0), _nan_input((3, 4)),
           (2, 3, 5), (2, 5, 4))
_grad_case("addbmm/one_batch", lambda lib, m, a, b: lib.addbmm(m, a, b), (3, 1), (1, 3, 5), (1, 5, 1))
_grad_case("addbmm/empty_batch", lambda lib, m, a, b: lib.addbmm(m, a, b, alpha=2), (3, 4), (0, 3, 5), (0, 5, 4))
_grad_case("addbmm/empty_inner", lambda lib, m, a, b: lib.addbmm(m, a, b), (3, 4), (2, 3, 0), (2, 0, 4))
_grad_case("addbmm/noncontiguous", lambda lib, m, a, b: lib.addbmm(m, a, b), (3, 4), (2, 3, 5), (2, 5, 4),
           transposed=(0, 1, 2))
_grad_case("addbmm/method_keywords", lambda lib, m, a, b: m.addbmm(batch1=a, batch2=b, alpha=0.5), (3, 4),
           (2, 3, 5), (2, 5, 4))


@case("matrix/addbmm_/inplace")
def _addbmm_inplace(lib, rng, dtype):
    m, a, b = (leaf(lib, rng.standard_normal(s), dtype) for s in ((3, 4), (2, 3, 5), (2, 5, 4)))
    y = m * 1
    out = y.addbmm_(a, b, beta=2, alpha=-1)
    return dict(grads_of(lib, rng, y, [m, a, b]), same=out is y, version=y._version)


_values_case("addbmm/int", lambda lib, rng: {
    "int64": lib.addbmm(lib.tensor(rng.integers(-5, 5, (3, 4))), lib.tensor(rng.integers(-5, 5, (2, 3, 2))),
                        lib.tensor(rng.integers(-5, 5, (2, 2, 4))), beta=2, alpha=-1),
    "truncated_scalars": lib.addbmm(lib.full((2, 2), 10), lib.ones(1, 2, 2, dtype=lib.int64),
                                    lib.ones(1, 2, 2, dtype=lib.int64), beta=0.5, alpha=2.7),
    "int32": lib.addbmm(lib.ones(2, 2, dtype=lib.int32), lib.ones(3, 2, 1, dtype=lib.int32),
                        lib.ones(3, 1, 2, dtype=lib.int32))})
_error("addbmm/batches", lambda lib: lib.addbmm(lib.ones(3, 4), lib.ones(2, 3, 5), lib.ones(1, 5, 4)))
_error("addbmm/inner", lambda lib: lib.addbmm(lib.ones(3, 4), lib.ones(2, 3, 4), lib.ones(2, 5, 4)))
_error("addbmm/batch1_2d", lambda lib: lib.addbmm(lib.ones(3, 4), lib.ones(3, 5), lib.ones(2, 5, 4)))
_error("addbmm/batch2_2d", lambda lib: lib.addbmm(lib.ones(3, 4), lib.ones(2, 3, 5), lib.ones(5, 4)))
_error("addbmm/input_shape", lambda lib: lib.addbmm(lib.ones(2, 4), lib.ones(2, 3, 5), lib.ones(2, 5, 4)))
_error("addbmm/self_dtype", lambda lib: lib.addbmm(lib.ones(3, 4, dtype=lib.float64), lib.ones(2, 3, 5),
                                                    lib.ones(2, 5, 4)))
_error("addbmm/mat1_dtype", lambda lib: lib.addbmm(lib.ones(3, 4), lib.ones(2, 3, 5, dtype=lib.int64),
                                                    lib.ones(2, 5, 4)))
_error("addbmm/bool", lambda lib: lib.addbmm(lib.ones(3, 4, dtype=lib.bool), lib.ones(2, 3, 5, dtype=lib.bool),
                                              lib.ones(2, 5, 4, dtype=lib.bool)))

# --- chain_matmul ---
_grad_case("chain_matmul/three", lambda lib, a, b, c: lib.chain_matmul(a, b, c), (2, 3), (3, 4), (4, 2))
_grad_case("chain_matmul/four_reordered", lambda lib, a, b, c, d: lib.chain_matmul(a, b, c, d), (6, 2), (2, 7),
           (7, 2), (2, 5))
_grad_case("chain_matmul/five", lambda lib, *ms: lib.chain_matmul(*ms), (3, 5), (5, 1), (1, 4), (4, 4), (4, 2))
_grad_case("chain_matmul/two", lambda lib, a, b: lib.chain_matmul(a, b), (2, 3), (3, 4))
_grad_case("chain_matmul/one", lambda lib, a: lib.chain_matmul(a), (2, 3))
_grad_case("chain_matmul/size1", lambda lib, a, b: lib.chain_matmul(a, b), (1, 1), (1, 3))
_grad_case("chain_matmul/empty_inner", lambda lib, a, b, c: lib.chain_matmul(a, b, c), (2, 0), (0, 3), (3, 2))
_grad_case("chain_matmul/noncontiguous", lambda lib, a, b, c: lib.chain_matmul(a, b, c), (2, 3), (3, 4), (4, 2),
           transposed=(0, 2))
_values_case("chain_matmul/int", lambda lib, rng: {
    "int64": lib.chain_matmul(*(lib.tensor(rng.integers(-4, 4, s)) for s in ((2, 3), (3, 4), (4, 2)))),
    "one_is_copy": lib.chain_matmul(lib.tensor([[1, 2]])),
    "one_not_same": (lambda t: lib.chain_matmul(t) is t)(lib.ones(2, 2))})
_error("chain_matmul/none", lambda lib: lib.chain_matmul())
_error("chain_matmul/1d", lambda lib: lib.chain_matmul(lib.ones(2, 3), lib.ones(3)))
_error("chain_matmul/dtype", lambda lib: lib.chain_matmul(lib.ones(2, 3), lib.ones(3, 2, dtype=lib.float64)))
_error("chain_matmul/shapes", lambda lib: lib.chain_matmul(lib.ones(2, 3), lib.ones(3, 4), lib.ones(3, 2)))
_error("chain_matmul/list", lambda lib: lib.chain_matmul([lib.ones(2, 3), lib.ones(3, 2)]))

# --- block_diag ---
_grad_case("block_diag/2d", lambda lib, a, b: lib.block_diag(a, b), (2, 3), (3, 2))
_grad_case("block_diag/mixed_dims", lambda lib, a, b, c: lib.block_diag(a, b, c), (), (3,), (2, 2))
_grad_case("block_diag/one", lambda lib, a: lib.block_diag(a), (2, 3))
_grad_case("block_diag/empty_blocks", lambda lib, a, b, c: lib.block_diag(a, b, c), (0, 3), (2, 0), (1, 1))
_grad_case("block_diag/noncontiguous", lambda lib, a, b: lib.block_diag(a, b[::2]), (2, 3), (4, 2), transposed=(0,))


@case("matrix/block_diag/promotion", dtypes=None)
def _block_diag_promotion(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 2)), lib.float32)
    b = leaf(lib, rng.standard_normal(3), lib.float64)
    i = lib.tensor(rng.integers(-3, 3, (2, 1)))
    out = grads_of(lib, rng, lib.block_diag(a, b, i), [a, b])
    out.update(int_bool=lib.block_diag(lib.tensor([True]), i, lib.tensor(7, dtype=lib.int32)),
               bool=lib.block_diag(lib.tensor([True, False]), lib.tensor([[False], [True]])),
               none=lib.block_diag(), int32=lib.block_diag(lib.ones(1, 2, dtype=lib.int32), lib.tensor([3, 4],
                                                                                                      dtype=lib.int8)))
    return out


_error("block_diag/3d", lambda lib: lib.block_diag(lib.ones(2), lib.ones(2, 2, 2)))
_error("block_diag/list", lambda lib: lib.block_diag([lib.ones(2), lib.ones(2)]))

# --- diagflat ---
_grad_case("diagflat/2d", lambda lib, a: lib.diagflat(a), (2, 3))
_grad_case("diagflat/offset", lambda lib, a: lib.diagflat(a, 2), (3,))
_grad_case("diagflat/negative_offset_keyword", lambda lib, a: a.diagflat(offset=-1), (2, 2, 2))
_grad_case("diagflat/0d", lambda lib, a: lib.diagflat(a), ())
_grad_case("diagflat/empty", lambda lib, a: lib.diagflat(a, 1), (0, 3))
_grad_case("diagflat/noncontiguous", lambda lib, a: lib.diagflat(a), (3, 4), transposed=(0,))
_values_case("diagflat/int_bool", lambda lib, rng: {
    "int": lib.diagflat(lib.tensor(rng.integers(-5, 5, (2, 2))), -2), "bool": lib.diagflat(lib.tensor([True, False]))})
_error("diagflat/float_offset", lambda lib: lib.diagflat(lib.ones(3), 1.5))


# --- vander ---
def _with_zero(n):
    def make(rng):
        x = rng.standard_normal(n)
        x[1] = 0.0
        return x
    return make


# values only: torch 2.13's own vander backward fails (its cumprod is written into the result in place)
def _vander_case(name, fn, spec):
    @case("matrix/vander/" + name)
    def body(lib, rng, dtype):
        return {"out": fn(lib, values(lib, _array(rng, spec), dtype))}
    return body


_vander_case("default", lambda lib, x: lib.vander(x), (4,))
_vander_case("N", lambda lib, x: lib.vander(x, 3), (5,))
_vander_case("increasing_keywords", lambda lib, x: lib.vander(x=x, N=6, increasing=True), (3,))
_vander_case("positional_increasing", lambda lib, x: lib.vander(x, 2, True), (3,))
_vander_case("zero_entry", lambda lib, x: lib.vander(x, 5), _with_zero(4))
_vander_case("N1", lambda lib, x: lib.vander(x, 1), (3,))
_vander_case("N0", lambda lib, x: lib.vander(x, N=0), (3,))
_vander_case("empty", lambda lib, x: lib.vander(x), (0,))
_vander_case("noncontiguous", lambda lib, x: lib.vander(x[::2], 4), (7,))
_grad_case("vander/N1_no_graph", lambda lib, x: lib.vander(x, 1), (3,))
_values_case("vander/int_bool", lambda lib, rng: {
    "int64": lib.vander(lib.tensor([1, -2, 3])), "int32": lib.vander(lib.tensor([1, 2, 3], dtype=lib.int32), 4),
    "uint8": lib.vander(lib.tensor([1, 2, 3], dtype=lib.uint8), increasing=True),
    "bool": lib.vander(lib.tensor([True, False])), "half": lib.vander(lib.tensor([0.5, 2.0], dtype=lib.float16), 3)})
_error("vander/2d", lambda lib: lib.vander(lib.ones(2, 2)))
_error("vander/0d", lambda lib: lib.vander(lib.tensor(1.0)))
_error("vander/negative_N", lambda lib: lib.vander(lib.ones(3), -1))


# --- renorm ---
def _slices_of_norms(shape, dim, scales):
    """Slices along dim scaled to clearly different norms (so none lies at maxnorm), with an all-zero one."""
    def make(rng):
        a = rng.standard_normal(shape)
        moved = numpy.moveaxis(a, dim, 0)
        for k in range(moved.shape[0]):
            moved[k] *= scales[k % len(scales)] / numpy.linalg.norm(moved[k])
        moved[-1] = 0.0
        return a
    return make


_renorm_input = _slices_of_norms((4, 3, 2), 0, (0.3, 3.0, 1.7))
_grad_case("renorm/p2_dim0", lambda lib, x: lib.renorm(x, 2, 0, 1.0), _renorm_input)
_grad_case("renorm/p1_negative_dim", lambda lib, x: lib.renorm(x, 1, -1, 1.5), (3, 4))
_grad_case("renorm/pinf_dim1", lambda lib, x: lib.renorm(x, float("inf"), 1, 0.8), (2, 3, 4))
_grad_case("renorm/p3_method", lambda lib, x: x.renorm(3, 1, 1.0), (4, 5))
_grad_case("renorm/p_fraction_keywords", lambda lib, x: lib.renorm(x, p=1.5, dim=0, maxnorm=2.0), (3, 4))
_grad_case("renorm/maxnorm0", lambda lib, x: lib.renorm(x, 2, 0, 0), (3, 4))
_grad_case("renorm/no_scaling", lambda lib, x: lib.renorm(x, 2, 1, 100.0), (3, 4))
_grad_case("renorm/size1", lambda lib, x: lib.renorm(x, 2, 0, 0.5), (1, 4))
_grad_case("renorm/empty", lambda lib, x: lib.renorm(x, 2, 1, 1.0), (2, 0, 3))
_grad_case("renorm/noncontiguous", lambda lib, x: lib.renorm(x, 2, 0, 1.0), (4, 3), transposed=(0,))


@case("matrix/renorm_/inplace")
def _renorm_inplace(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)) * 2, dtype)
    y = x * 1
    out = y.renorm_(2, 0, 1.0)
    return dict(grads_of(lib, rng, y, [x]), same=out is y, version=y._version)


_values_case("renorm/half", lambda lib, rng: {
    "half": lib.renorm(lib.tensor(rng.standard_normal((3, 4)), dtype=lib.float16), 2, 0, 1.0)})
_error("renorm/int", lambda lib: lib.renorm(lib.ones(2, 2, dtype=lib.int64), 2, 0, 1))
_error("renorm/p0", lambda lib: lib.renorm(lib.ones(2, 2), 0, 0, 1.0))
_error("renorm/negative_maxnorm", lambda lib: lib.renorm(lib.ones(2, 2), 2, 0, -1.0))
_error("renorm/1d", lambda lib: lib.renorm(lib.ones(3), 2, 0, 1.0))
_error("renorm/dim_range", lambda lib: lib.renorm(lib.ones(2, 2), 2, 2, 1.0))
_error("renorm_/int", lambda lib: lib.ones(2, 2, dtype=lib.int64).renorm_(2, 0, 1))

# --- narrow_copy ---
_grad_case("narrow_copy/basic", lambda lib, x: lib.narrow_copy(x, 1, 0, 2), (2, 3, 4))
_grad_case("narrow_copy/negative_dim_start", lambda lib, x: lib.narrow_copy(x, -1, -3, 2), (2, 3, 4))
_grad_case("narrow_copy/empty_at_end", lambda lib, x: lib.narrow_copy(x, 0, 2, 0), (2, 3))
_grad_case("narrow_copy/method_keywords", lambda lib, x: x.narrow_copy(dim=0, start=1, length=1), (3, 2))
_grad_case("narrow_copy/tensor_start", lambda lib, x: lib.narrow_copy(x, 1, lib.tensor(1), 2), (2, 3))
_grad_case("narrow_copy/noncontiguous", lambda lib, x: lib.narrow_copy(x, 0, 1, 2), (3, 4), transposed=(0,))
_values_case("narrow_copy/int_and_copy", lambda lib, rng: {
    "int": lib.narrow_copy(lib.tensor(rng.integers(0, 9, (3, 4))), 1, 1, 2),
    "contiguous": lib.narrow_copy(lib.ones(4, 3).mT, 0, 0, 2).is_contiguous(),
    "copy": (lambda t: (lib.narrow_copy(t, 0, 0, 1).fill_(5), t)[1])(lib.zeros(2, 2))})
_error("narrow_copy/too_long", lambda lib: lib.narrow_copy(lib.ones(2, 3), 1, 2, 2))
_error("narrow_copy/negative_length", lambda lib: lib.narrow_copy(lib.ones(2, 3), 1, 0, -1))
_error("narrow_copy/start_range", lambda lib: lib.narrow_copy(lib.ones(2, 3), 1, 4, 0))
_error("narrow_copy/negative_start_range", lambda lib: lib.narrow_copy(lib.ones(2, 3), 1, -4, 1))
_error("narrow_copy/dim_range", lambda lib: lib.narrow_copy(lib.ones(2, 3), 2, 0, 1))
_error("narrow_copy/negative_dim_range", lambda lib: lib.narrow_copy(lib.ones(2, 3), -3, 0, 1))
_error("narrow_copy/0d", lambda lib: lib.narrow_copy(lib.tensor(1.0), 0, 0, 1))


# --- triangular_solve ---
def _both(lib, result):
    """triangular_solve's solution and copy of A as one tensor, so that gradients flow from both."""
    solution, copy = result
    return lib.cat([solution.reshape(-1), copy.reshape(-1)])


_grad_case("triangular_solve/upper", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (3, 2),
           _factor((3, 3), upper=True))
_grad_case("triangular_solve/lower", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a, upper=False)), (3, 2),
           _factor((3, 3)))
_grad_case("triangular_solve/transpose", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a, transpose=True)),
           (4, 3), _factor((4, 4), upper=True))
_grad_case("triangular_solve/lower_transpose", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a, False, True)),
           (4, 3), _factor((4, 4)))
_grad_case("triangular_solve/unitriangular",
           lambda lib, b, a: _both(lib, lib.triangular_solve(b, a, upper=False, unitriangular=True)), (3, 2),
           _factor((3, 3), junk=True))
_grad_case("triangular_solve/unit_upper_transpose",
           lambda lib, b, a: _both(lib, b.triangular_solve(a, True, True, True)), (3, 2), _factor((3, 3), True, True))
_grad_case("triangular_solve/other_triangle_ignored",
           lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (3, 2), _factor((3, 3), upper=True, junk=True))
_grad_case("triangular_solve/batch_broadcast",
           lambda lib, b, a: _both(lib, lib.triangular_solve(b, a, upper=False)), (4, 3, 2), _factor((2, 1, 3, 3)))
_grad_case("triangular_solve/matrix_batch_b", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (3, 1),
           _factor((2, 3, 3), upper=True))
_grad_case("triangular_solve/size1", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (1, 1),
           _factor((1, 1), upper=True))
_grad_case("triangular_solve/no_columns", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (3, 0),
           _factor((3, 3), upper=True))
_grad_case("triangular_solve/empty_batch", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (0, 3, 2),
           _factor((3, 3), upper=True))
_grad_case("triangular_solve/empty_matrix", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a)), (0, 2), (0, 0))
_grad_case("triangular_solve/noncontiguous", lambda lib, b, a: _both(lib, lib.triangular_solve(b, a, upper=False)),
           (3, 4), _factor((2, 3, 3)), transposed=(0, 1))
_grad_case("triangular_solve/larger", lambda lib, b, a: lib.triangular_solve(b, a, upper=False).solution, (2, 12, 5),
           _factor((2, 12, 12)))


@case("matrix/triangular_solve/grad_of_b_only")
def _triangular_solve_b_only(lib, rng, dtype):
    b = leaf(lib, rng.standard_normal((3, 2)), dtype)
    a = values(lib, _factor((3, 3), upper=True)(rng), dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return grads_of(lib, rng, lib.triangular_solve(b, a, transpose=True).solution, [b])


_second_order_case("triangular_solve/second_order",
                   lambda lib, b, a: lib.triangular_solve(b, a, upper=False, transpose=True).solution, (3, 2),
                   _factor((3, 3)))


@case("matrix/triangular_solve/result_type", dtypes=None)
def _triangular_solve_result(lib, rng, dtype):
    a = values(lib, _factor((3, 3), upper=True)(rng))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = lib.triangular_solve(values(lib, rng.standard_normal((3, 2))), a)
    return {"solution": result.solution, "cloned_coefficient": result.cloned_coefficient, "type": type(result).__name__,
            "module": type(result).__module__, "copy": result.cloned_coefficient is not a}


_values_case("triangular_solve/singular", lambda lib, rng: {
    "zeros": lib.triangular_solve(lib.tensor(rng.standard_normal((3, 2)), dtype=lib.float32), lib.zeros(3, 3)).solution,
    "zero_diagonal": lib.triangular_solve(lib.ones(2, 1), lib.tensor([[1.0, 2.0], [0.0, 0.0]])).solution})
_error("triangular_solve/dtype", lambda lib: lib.triangular_solve(lib.ones(3, 2, dtype=lib.float64), lib.eye(3)))
_error("triangular_solve/b_1d", lambda lib: lib.triangular_solve(lib.ones(3), lib.eye(3)))
_error("triangular_solve/A_1d", lambda lib: lib.triangular_solve(lib.ones(3, 2), lib.ones(3)))
_error("triangular_solve/not_square", lambda lib: lib.triangular_solve(lib.ones(3, 2), lib.ones(3, 2)))
_error("triangular_solve/sizes", lambda lib: lib.triangular_solve(lib.ones(2, 2), lib.eye(3)))
_error("triangular_solve/batch", lambda lib: lib.triangular_solve(lib.ones(2, 3, 2), lib.ones(3, 3, 3)))
_error("triangular_solve/int", lambda lib: lib.triangular_solve(lib.ones(3, 2, dtype=lib.int64),
                                                                  lib.ones(3, 3, dtype=lib.int64)))
_error("triangular_solve/half", lambda lib: lib.triangular_solve(lib.ones(3, 2).half(), lib.eye(3).half()))


# --- cholesky_solve, cholesky_inverse ---
_grad_case("cholesky_solve/lower", lambda lib, b, l: lib.cholesky_solve(b, l), (3, 2), _factor((3, 3)))
_grad_case("cholesky_solve/upper_keyword", lambda lib, b, u: lib.cholesky_solve(b, u, upper=True), (3, 2),
           _factor((3, 3), upper=True))
_grad_case("cholesky_solve/upper_positional_method", lambda lib, b, u: b.cholesky_solve(u, True), (4, 1),
           _factor((4, 4), upper=True))
_grad_case("cholesky_solve/other_triangle_ignored", lambda lib, b, l: lib.cholesky_solve(b, l), (3, 2),
           _factor((3, 3), junk=True))
_grad_case("cholesky_solve/batch_broadcast", lambda lib, b, l: lib.cholesky_solve(b, l), (4, 3, 2),
           _factor((2, 1, 3, 3)))
_grad_case("cholesky_solve/upper_batch", lambda lib, b, u: lib.cholesky_solve(input=b, input2=u, upper=True),
           (2, 3, 3), _factor((2, 3, 3), upper=True))
_grad_case("cholesky_solve/size1", lambda lib, b, l: lib.cholesky_solve(b, l), (1, 2), _factor((1, 1)))
_grad_case("cholesky_solve/no_columns", lambda lib, b, l: lib.cholesky_solve(b, l), (3, 0), _factor((3, 3)))
_grad_case("cholesky_solve/empty_matrix", lambda lib, b, l: lib.cholesky_solve(b, l), (0, 2), (0, 0))
_grad_case("cholesky_solve/noncontiguous", lambda lib, b, l: lib.cholesky_solve(b, l), (3, 4), _factor((3, 3)),
           transposed=(0, 1))
_grad_case("cholesky_solve/larger", lambda lib, b, l: lib.cholesky_solve(b, l), (10, 4), _factor((10, 10)))


@case("matrix/cholesky_solve/grad_of_factor_only")
def _cholesky_solve_factor_only(lib, rng, dtype):
    b = values(lib, rng.standard_normal((3, 2)), dtype)
    u = leaf(lib, _factor((3, 3), upper=True)(rng), dtype)
    return grads_of(lib, rng, lib.cholesky_solve(b, u, upper=True), [u])


_second_order_case("cholesky_solve/second_order", lambda lib, b, l: lib.cholesky_solve(b, l), (3, 2), _factor((3, 3)))
_second_order_case("cholesky_solve/second_order_upper", lambda lib, b, u: lib.cholesky_solve(b, u, True), (3, 2),
                   _factor((3, 3), upper=True))
_error("cholesky_solve/dtype", lambda lib: lib.cholesky_solve(lib.ones(3, 2), lib.eye(3, dtype=lib.float64)))
_error("cholesky_solve/b_1d", lambda lib: lib.cholesky_solve(lib.ones(3), lib.eye(3)))
_error("cholesky_solve/u_1d", lambda lib: lib.cholesky_solve(lib.ones(3, 2), lib.ones(3)))
_error("cholesky_solve/not_square", lambda lib: lib.cholesky_solve(lib.ones(3, 2), lib.ones(3, 2)))
_error("cholesky_solve/sizes", lambda lib: lib.cholesky_solve(lib.ones(2, 2), lib.eye(3)))
_error("cholesky_solve/batch", lambda lib: lib.cholesky_solve(lib.ones(2, 3, 2), lib.ones(3, 3, 3)))
_error("cholesky_solve/int", lambda lib: lib.cholesky_solve(lib.ones(3, 2, dtype=lib.int64),
                                                              lib.ones(3, 3, dtype=lib.int64)))

_grad_case("cholesky_inverse/lower", lambda lib, l: lib.cholesky_inverse(l), _factor((3, 3)))
_grad_case("cholesky_inverse/upper", lambda lib, u: lib.cholesky_inverse(u, upper=True), _factor((4, 4), upper=True))
_grad_case("cholesky_inverse/method_batch", lambda lib, l: l.cholesky_inverse(), _factor((2, 1, 3, 3)))
_grad_case("cholesky_inverse/method_upper", lambda lib, u: u.cholesky_inverse(True), _factor((2, 3, 3), upper=True))
_grad_case("cholesky_inverse/other_triangle_ignored", lambda lib, l: lib.cholesky_inverse(l),
           _factor((3, 3), junk=True))
_grad_case("cholesky_inverse/size1", lambda lib, l: lib.cholesky_inverse(l), _factor((1, 1)))
_grad_case("cholesky_inverse/empty", lambda lib, l: lib.cholesky_inverse(l), (0, 0))
_grad_case("cholesky_inverse/empty_batch", lambda lib, l: lib.cholesky_inverse(l), (0, 2, 2))
_grad_case("cholesky_inverse/noncontiguous", lambda lib, l: lib.cholesky_inverse(l), _factor((3, 3), upper=True),
           transposed=(0,))
_grad_case("cholesky_inverse/larger", lambda lib, l: lib.cholesky_inverse(l), _factor((8, 8)))
_second_order_case("cholesky_inverse/second_order", lambda lib, l: lib.cholesky_inverse(l), _factor((3, 3)))
_error("cholesky_inverse/singular", lambda lib: lib.cholesky_inverse(lib.tensor([[1.0, 0, 0], [5, 0, 0], [1, 1, 0]])))
_error("cholesky_inverse/singular_batch", lambda lib: lib.cholesky_inverse(lib.stack([lib.eye(2), lib.zeros(2, 2)])))
_error("cholesky_inverse/1d", lambda lib: lib.cholesky_inverse(lib.ones(3)))
_error("cholesky_inverse/not_square", lambda lib: lib.cholesky_inverse(lib.ones(3, 2)))
_error("cholesky_inverse/int", lambda lib: lib.cholesky_inverse(lib.ones(3, 3, dtype=lib.int64)))
