"""Parity cases for the products: matmul (every 1-d/2-d/batched combination), mm, bmm, mv, dot, outer, einsum.

Every case compares the output and both operands' gradients; ``create_graph`` cases also compare a second
derivative (the gradient of a function of the first gradients).
"""
import numpy

from .helpers import grads_of, leaf
from .registry import case


def _product(name, fn, *shapes, transposed=()):
    """out = fn(lib, *operands) for leaves of the given shapes; indices in `transposed` are fed as a transpose."""
    @case("linalg/" + name)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(s[::-1] if i in transposed else s), dtype)
                  for i, s in enumerate(shapes)]
        ops = [t.t() if i in transposed else t for i, t in enumerate(leaves)]
        return grads_of(lib, rng, fn(lib, *ops), leaves)
    return body


_matmul = lambda lib, a, b: lib.matmul(a, b)  # noqa: E731
_at = lambda lib, a, b: a @ b  # noqa: E731

_product("matmul/1d_1d", _matmul, (4,), (4,))
_product("matmul/1d_2d", _matmul, (3,), (3, 5))
_product("matmul/2d_1d", _matmul, (2, 3), (3,))
_product("matmul/2d_2d", _at, (2, 3), (3, 4))
_product("matmul/1d_3d", _matmul, (3,), (2, 3, 4))
_product("matmul/3d_1d", _at, (2, 4, 3), (3,))
_product("matmul/3d_2d", _at, (2, 4, 3), (3, 5))
_product("matmul/2d_3d", _matmul, (4, 3), (2, 3, 5))
_product("matmul/batched_broadcast", _at, (2, 1, 3, 4), (5, 4, 2))
_product("matmul/batched_broadcast_1", _at, (1, 3, 4), (6, 4, 2))
_product("matmul/empty_inner", _at, (2, 0), (0, 3))
_product("matmul/empty_batch", _at, (0, 2, 3), (3, 4))
_product("matmul/noncontiguous", _at, (3, 4), (4, 5), transposed=(0, 1))
_product("mm", lambda lib, a, b: lib.mm(a, b), (2, 3), (3, 4))
_product("mm/method_noncontiguous", lambda lib, a, b: a.mm(b), (2, 3), (3, 4), transposed=(1,))
_product("bmm", lambda lib, a, b: lib.bmm(a, b), (2, 3, 4), (2, 4, 5))
_product("mv", lambda lib, a, b: lib.mv(a, b), (3, 4), (4,))
_product("dot", lambda lib, a, b: lib.dot(a, b), (5,), (5,))
_product("dot/method", lambda lib, a, b: a.dot(b), (5,), (5,))
_product("inner", lambda lib, a, b: lib.inner(a, b), (5,), (5,))
_product("outer", lambda lib, a, b: lib.outer(a, b), (3,), (4,))
_product("addmm", lambda lib, c, a, b: lib.addmm(c, a, b, beta=0.5, alpha=2.0), (4,), (2, 3), (3, 4))
_product("baddbmm", lambda lib, c, a, b: lib.baddbmm(c, a, b), (1, 3, 4), (2, 3, 5), (2, 5, 4))
_product("addmm/full_input", lambda lib, c, a, b: c.addmm(a, b, alpha=-1.5), (2, 4), (2, 3), (3, 4))
_product("addmm/noncontiguous", lambda lib, c, a, b: lib.addmm(c, a, b, beta=2), (2, 4), (2, 3), (3, 4),
         transposed=(0, 1))
_product("addmv", lambda lib, c, m, v: lib.addmv(c, m, v, beta=0.25, alpha=3), (3,), (3, 4), (4,))
_product("addmv/broadcast_input", lambda lib, c, m, v: c.addmv(m, v), (1,), (3, 4), (4,))
_product("baddbmm/scaled", lambda lib, c, a, b: lib.baddbmm(c, a, b, beta=-1, alpha=0.5), (2, 3, 4), (2, 3, 5),
         (2, 5, 4))


@case("linalg/add_products/beta0_ignores_nan_input")
def _beta_zero(lib, rng, dtype):
    c = leaf(lib, numpy.full((2, 4), numpy.nan), dtype)
    a, b = leaf(lib, rng.standard_normal((2, 3)), dtype), leaf(lib, rng.standard_normal((3, 4)), dtype)
    m, v = leaf(lib, rng.standard_normal((2, 3)), dtype), leaf(lib, rng.standard_normal((3,)), dtype)
    cv = leaf(lib, numpy.full((2,), numpy.inf), dtype)
    outs = [lib.addmm(c, a, b, beta=0, alpha=2), lib.addmv(cv, m, v, beta=0),
            lib.baddbmm(c.unsqueeze(0), a.unsqueeze(0), b.unsqueeze(0), beta=0.0)]
    result = grads_of(lib, rng, outs[0].sum() + outs[1].sum() + outs[2].sum(), [c, a, b, m, v, cv])
    result.update({"out%d" % k: o for k, o in enumerate(outs)})
    result["nodes"] = " ".join(o.grad_fn.name() for o in outs)
    return result


@case("linalg/add_products/input_not_broadcastable", dtypes=None, raises=True)
def _add_product_shape(lib, rng, dtype):
    return {"out": lib.addmm(lib.ones(3, 3), lib.ones(2, 3), lib.ones(3, 2))}
_product("einsum/matmul", lambda lib, a, b: lib.einsum("ij,jk->ik", a, b), (2, 3), (3, 4))
_product("einsum/implicit_output", lambda lib, a, b: lib.einsum("ij,jk", a, b), (2, 3), (3, 4))
_product("einsum/bilinear", lambda lib, a, w, b: lib.einsum("bi,oij,bj->bo", a, w, b), (2, 3), (5, 3, 4), (2, 4))
_product("einsum/batch_matmul", lambda lib, a, b: lib.einsum("bij,bjk->bik", a, b), (2, 3, 4), (2, 4, 5))
_product("einsum/outer", lambda lib, a, b: lib.einsum("i,j->ij", a, b), (3,), (4,))
_product("einsum/sum_all", lambda lib, a: lib.einsum("ij->", a), (3, 4))
_product("einsum/transpose", lambda lib, a: lib.einsum("ijk->kji", a), (2, 3, 4))
_product("einsum/trace", lambda lib, a: lib.einsum("ii", a), (4, 4))
_product("einsum/diagonal", lambda lib, a: lib.einsum("ii->i", a), (4, 4))
_product("einsum/batch_diagonal", lambda lib, a: lib.einsum("bii->bi", a), (2, 3, 3))
_product("einsum/repeated_with_other", lambda lib, a, b: lib.einsum("iij,j->i", a, b), (3, 3, 4), (4,))
_product("einsum/ellipsis", lambda lib, a, b: lib.einsum("...ij,...jk->...ik", a, b), (2, 3, 4), (2, 4, 5))
_product("einsum/ellipsis_broadcast", lambda lib, a, b: lib.einsum("...ij,jk->...ik", a, b), (2, 2, 3, 4), (4, 5))
_product("einsum/ellipsis_implicit", lambda lib, a: lib.einsum("...ij", a), (2, 3, 4))
_product("einsum/list_operands", lambda lib, a, b: lib.einsum("i,i->", [a, b]), (3,), (3,))
_product("einsum/broadcast_size_1", lambda lib, a, b: lib.einsum("ij,jk->ik", a, b), (2, 1), (3, 4))
_product("einsum/spaces", lambda lib, a, b: lib.einsum("i j , j k -> i k", a, b), (2, 3), (3, 4))


@case("linalg/matmul/second_derivative")
def _matmul_double(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((2, 3)), dtype)
    b = leaf(lib, rng.standard_normal((3, 4)), dtype)
    first = grads_of(lib, rng, (a @ b).tanh(), [a, b], create_graph=True)
    ga, gb = first["grad_0"], first["grad_1"]
    second = lib.autograd.grad((ga * ga).sum() + (gb ** 3).sum(), [a, b])
    return {"out": first["out"], "grad_a": ga, "grad_b": gb, "gg_a": second[0], "gg_b": second[1]}


@case("linalg/einsum/second_derivative")
def _einsum_double(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal((3, 3)), dtype)
    b = leaf(lib, rng.standard_normal((3,)), dtype)
    out = lib.einsum("ii,i->i", a, b) ** 2
    first = grads_of(lib, rng, out, [a, b], create_graph=True)
    second = lib.autograd.grad(first["grad_0"].sum() + first["grad_1"].pow(2).sum(), [a, b])
    return {"out": out, "grad_a": first["grad_0"], "grad_b": first["grad_1"], "gg_a": second[0], "gg_b": second[1]}


@case("linalg/matmul/int64", dtypes=None)
def _matmul_int(lib, rng, dtype):
    a = lib.tensor(rng.integers(-3, 3, (2, 3)))
    b = lib.tensor(rng.integers(-3, 3, (3, 2)))
    return {"mm": a @ b, "mv": a @ b[:, 0], "dot": a[0] @ b[:, 1]}


def _error(name, fn):
    @case("linalg/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


_error("matmul_shapes", lambda lib: lib.zeros(2, 3) @ lib.zeros(4, 5))
_error("matmul_batched_shapes", lambda lib: lib.zeros(2, 2, 3) @ lib.zeros(2, 4, 5))
_error("matmul_batch_broadcast", lambda lib: lib.zeros(2, 2, 3) @ lib.zeros(3, 3, 5))
_error("matmul_1d", lambda lib: lib.zeros(3) @ lib.zeros(4))
_error("matmul_0d", lambda lib: lib.matmul(lib.tensor(1.0), lib.zeros(3)))
_error("matmul_dtype", lambda lib: lib.zeros(2, 3) @ lib.zeros(3, 2, dtype=lib.float64))
_error("mm_3d", lambda lib: lib.mm(lib.zeros(2, 2, 3), lib.zeros(3, 5)))
_error("mm_shapes", lambda lib: lib.mm(lib.zeros(2, 3), lib.zeros(2, 3)))
_error("bmm_2d", lambda lib: lib.bmm(lib.zeros(2, 3), lib.zeros(3, 5)))
_error("bmm_batch", lambda lib: lib.bmm(lib.zeros(2, 2, 3), lib.zeros(3, 3, 5)))
_error("bmm_inner", lambda lib: lib.bmm(lib.zeros(2, 2, 3), lib.zeros(2, 4, 5)))
_error("mv_shapes", lambda lib: lib.mv(lib.zeros(2, 3), lib.zeros(4)))
_error("mv_2d_vec", lambda lib: lib.mv(lib.zeros(2, 3), lib.zeros(3, 1)))
_error("dot_2d", lambda lib: lib.dot(lib.zeros(2, 3), lib.zeros(2, 3)))
_error("dot_sizes", lambda lib: lib.dot(lib.zeros(2), lib.zeros(3)))
_error("einsum_operands", lambda lib: lib.einsum("ij,jk->ik", lib.zeros(2, 3)))
_error("einsum_dims", lambda lib: lib.einsum("ij->i", lib.zeros(2, 3, 4)))
_error("einsum_repeated_sizes", lambda lib: lib.einsum("ii", lib.zeros(2, 3)))
_error("einsum_sizes", lambda lib: lib.einsum("ij,jk->ik", lib.zeros(2, 3), lib.zeros(4, 5)))
