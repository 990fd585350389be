"""Parity cases for tensordot, kron, diff, cdist, bincount, histc, tril/triu_indices, cartesian_prod, combinations,
quantile and nanquantile: outputs and every input's gradient, plus the errors torch raises."""
from .helpers import grads_of, leaf, values
from .registry import case


def _grad_case(name, fn, *shapes, transposed=(), dtypes=("float64", "float32")):
    """out = fn(lib, *operands) for random leaves; indices in `transposed` are fed as a (non-contiguous) .mT."""
    @case("math_extra/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(tuple(s[:-2]) + tuple(s[-2:][::-1]) if i in transposed else s),
                       dtype) for i, s in enumerate(shapes)]
        ops = [t.mT if i in transposed else t for i, t in enumerate(leaves)]
        return grads_of(lib, rng, fn(lib, *ops), leaves)
    return body


# --- tensordot ---
_grad_case("tensordot/default", lambda lib, a, b: lib.tensordot(a, b), (2, 3, 4), (3, 4, 5))
_grad_case("tensordot/int1", lambda lib, a, b: lib.tensordot(a, b, 1), (2, 3), (3, 4))
_grad_case("tensordot/int0_outer", lambda lib, a, b: lib.tensordot(a, b, 0), (2, 3), (4,))
_grad_case("tensordot/lists", lambda lib, a, b: lib.tensordot(a, b, dims=([1, 0], [0, 2])), (3, 4, 5), (4, 2, 3))
_grad_case("tensordot/negative_dims", lambda lib, a, b: lib.tensordot(a, b, dims=([-1], [-2])), (2, 3), (3, 4))
_grad_case("tensordot/size1_broadcast", lambda lib, a, b: lib.tensordot(a, b, dims=([1], [0])), (2, 1), (3, 4))
_grad_case("tensordot/empty", lambda lib, a, b: lib.tensordot(a, b, 1), (2, 0), (0, 3))
_grad_case("tensordot/noncontiguous", lambda lib, a, b: lib.tensordot(a, b, 1), (2, 3), (3, 4), transposed=(0, 1))

# --- kron ---
_grad_case("kron/2d", lambda lib, a, b: lib.kron(a, b), (2, 3), (3, 2))
_grad_case("kron/mixed_dims", lambda lib, a, b: a.kron(b), (2,), (2, 3, 2))
_grad_case("kron/empty", lambda lib, a, b: lib.kron(a, b), (0, 2), (3, 2))
# a strided (not transposed) view: torch 2.13's kron raises a view error on a transposed operand
_grad_case("kron/noncontiguous", lambda lib, a, b: lib.kron(a[:, ::2], b[::2]), (2, 4), (3, 2))

# --- diff ---
_grad_case("diff/default", lambda lib, a: lib.diff(a), (3, 5))
_grad_case("diff/n2_dim0", lambda lib, a: a.diff(n=2, dim=0), (4, 3))
_grad_case("diff/n_too_large", lambda lib, a: lib.diff(a, n=5), (2, 3))
_grad_case("diff/n0", lambda lib, a: lib.diff(a, n=0) * 1, (2, 3))
_grad_case("diff/prepend_append", lambda lib, a, p, q: lib.diff(a, dim=1, prepend=p, append=q), (3, 4), (3, 2), (3, 1))
_grad_case("diff/size1", lambda lib, a: lib.diff(a), (3, 1))
_grad_case("diff/empty", lambda lib, a: lib.diff(a, dim=0), (0, 3))
_grad_case("diff/noncontiguous", lambda lib, a: lib.diff(a, dim=-1), (3, 5), transposed=(0,))


@case("math_extra/diff/int_bool", dtypes=None)
def _diff_int(lib, rng, dtype):
    a = lib.tensor(rng.integers(-5, 5, (3, 6)))
    return {"int": lib.diff(a), "bool": lib.diff(a > 0, dim=0), "n2": lib.diff(a, 2)}


# --- cdist ---
_grad_case("cdist/p2", lambda lib, a, b: lib.cdist(a, b), (4, 3), (5, 3))
_grad_case("cdist/p1", lambda lib, a, b: lib.cdist(a, b, p=1), (4, 3), (5, 3))
_grad_case("cdist/pinf", lambda lib, a, b: lib.cdist(a, b, p=float("inf")), (4, 3), (5, 3))
_grad_case("cdist/p3", lambda lib, a, b: lib.cdist(a, b, p=3), (4, 3), (5, 3))
_grad_case("cdist/p1_5", lambda lib, a, b: lib.cdist(a, b, p=1.5), (4, 3), (5, 3))
_grad_case("cdist/p0", lambda lib, a, b: lib.cdist(a, b, p=0), (4, 3), (5, 3))
_grad_case("cdist/batched_broadcast", lambda lib, a, b: lib.cdist(a, b), (2, 1, 4, 3), (3, 5, 3))
_grad_case("cdist/empty_rows", lambda lib, a, b: lib.cdist(a, b), (0, 3), (5, 3))
_grad_case("cdist/empty_cols", lambda lib, a, b: lib.cdist(a, b), (4, 0), (5, 0))
_grad_case("cdist/many_rows_p2", lambda lib, a, b: lib.cdist(a, b), (30, 3), (27, 3))
_grad_case("cdist/many_rows_p1", lambda lib, a, b: lib.cdist(a, b, p=1), (30, 3), (27, 3))
_grad_case("cdist/noncontiguous", lambda lib, a, b: lib.cdist(a, b), (2, 4, 3), (2, 5, 3), transposed=(0, 1))


def _cdist_zero(p):
    @case("math_extra/cdist/zero_distance_p%s" % p)
    def body(lib, rng, dtype):
        base = rng.standard_normal((3, 4))
        a = leaf(lib, base, dtype)
        b = leaf(lib, base[::-1].copy(), dtype)  # row 1 of a equals row 1 of b
        return grads_of(lib, rng, lib.cdist(a, b, p=p), [a, b])
    return body


for _p in (2, 1, 3, float("inf")):
    _cdist_zero(_p)


# --- bincount, histc ---
@case("math_extra/bincount", dtypes=None)
def _bincount(lib, rng, dtype):
    x = lib.tensor(rng.integers(0, 6, 20))
    w64 = values(lib, rng.standard_normal(20), lib.float64)
    w32 = values(lib, rng.standard_normal(20), lib.float32)
    return {"plain": lib.bincount(x), "minlength": x.bincount(minlength=10), "w64": lib.bincount(x, w64),
            "w32": lib.bincount(x, w32, minlength=8), "w16": lib.bincount(x, w32.half()),
            "wint": lib.bincount(x, lib.tensor(rng.integers(0, 3, 20))),
            "empty": lib.bincount(lib.tensor([], dtype=lib.int64)),
            "empty_min": lib.bincount(lib.tensor([], dtype=lib.int64), minlength=3)}


@case("math_extra/histc")
def _histc(lib, rng, dtype):
    x = values(lib, rng.standard_normal((4, 25)), dtype)
    return {"default": lib.histc(x), "range": x.histc(bins=7, min=-1, max=1.5),
            "const": lib.histc(lib.ones(5, dtype=dtype), bins=4), "empty": lib.histc(x[:0], bins=3),
            "noncontig": lib.histc(x.t(), bins=5, min=-2, max=2)}


# --- index sets ---
@case("math_extra/tri_indices", dtypes=None)
def _tri_indices(lib, rng, dtype):
    out = {}
    for r, c, k in ((4, 4, 0), (3, 5, 1), (5, 3, -2), (0, 3, 0), (3, 3, 10), (3, 3, -10), (1, 1, 0)):
        out["tril_%d_%d_%d" % (r, c, k)] = lib.tril_indices(r, c, k)
        out["triu_%d_%d_%d" % (r, c, k)] = lib.triu_indices(r, c, k)
    out["int32"] = lib.tril_indices(3, 3, dtype=lib.int32)
    return out


def _cartesian(lib, a, b, c):
    return lib.cartesian_prod(a, b, c)


_grad_case("cartesian_prod/three", _cartesian, (2,), (3,), (2,))
_grad_case("cartesian_prod/one", lambda lib, a: lib.cartesian_prod(a) * 1, (3,))
_grad_case("cartesian_prod/empty", lambda lib, a, b: lib.cartesian_prod(a, b), (2,), (0,))
_grad_case("combinations/default", lambda lib, a: lib.combinations(a), (4,))
_grad_case("combinations/r3", lambda lib, a: lib.combinations(a, r=3), (5,))
_grad_case("combinations/replacement", lambda lib, a: lib.combinations(a, 2, with_replacement=True), (3,))
_grad_case("combinations/r_too_large", lambda lib, a: lib.combinations(a, 4), (3,))
_grad_case("combinations/r1", lambda lib, a: lib.combinations(a, 1), (3,))


@case("math_extra/combinations/r0_int", dtypes=None)
def _combinations_r0(lib, rng, dtype):
    a = lib.tensor([3, 1, 2])
    return {"r0": lib.combinations(a, 0), "int": lib.combinations(a), "rep": lib.combinations(a, 3, True)}


# --- quantile ---
for _mode in ("linear", "lower", "higher", "midpoint", "nearest"):
    _grad_case("quantile/%s_dim" % _mode,
               lambda lib, a, m=_mode: lib.quantile(a, lib.tensor([0.0, 0.25, 0.5, 0.8, 1.0], dtype=a.dtype),
                                                     dim=1, interpolation=m), (3, 9))
    _grad_case("nanquantile/%s_dim" % _mode,
               lambda lib, a, m=_mode: lib.nanquantile(a, 0.3, dim=0, keepdim=True, interpolation=m), (5, 4))
_grad_case("quantile/all", lambda lib, a: lib.quantile(a, 0.37), (3, 4))
_grad_case("quantile/all_keepdim", lambda lib, a: a.quantile(lib.tensor([0.1, 0.9], dtype=a.dtype), keepdim=True),
           (3, 4))
_grad_case("quantile/q0d_tensor", lambda lib, a: a.quantile(lib.tensor(0.6, dtype=a.dtype), dim=-1), (3, 4))
_grad_case("quantile/size1", lambda lib, a: lib.quantile(a, 0.5, dim=1), (3, 1))
_grad_case("quantile/scalar_input", lambda lib, a: lib.quantile(a, 0.5), ())
_grad_case("quantile/noncontiguous", lambda lib, a: lib.quantile(a, 0.7, dim=0), (3, 5), transposed=(0,))


@case("math_extra/quantile/nan")
def _quantile_nan(lib, rng, dtype):
    x = rng.standard_normal((4, 6))
    x[0, 2] = x[2, :] = x[3, 1] = float("nan")
    t = values(lib, x, dtype)
    q = lib.tensor([0.2, 0.5], dtype=dtype)
    return {"quantile": lib.quantile(t, q, dim=1), "nanquantile": lib.nanquantile(t, q, dim=1),
            "nan_all": lib.nanquantile(t, 0.4), "quantile_all": t.quantile(0.4),
            "nearest": t.nanquantile(0.5, dim=1, interpolation="nearest")}


@case("math_extra/quantile/nearest_halves")
def _quantile_halves(lib, rng, dtype):
    q = lib.tensor([0.5, 1 / 6, 0.125, 0.375, 0.625, 0.875], dtype=dtype)
    return {str(n): lib.quantile(lib.arange(n, dtype=dtype), q, interpolation="nearest") for n in (2, 3, 4, 5, 9)}


@case("math_extra/nanquantile/grad")
def _nanquantile_grad(lib, rng, dtype):
    x = rng.standard_normal((3, 6))
    x[0, 2] = x[1, 4] = float("nan")
    t = leaf(lib, x, dtype)
    return grads_of(lib, rng, lib.nanquantile(t, lib.tensor([0.3, 0.75], dtype=dtype), dim=1), [t])


# --- errors ---
def _error(name, fn):
    @case("math_extra/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


_error("tensordot_sizes", lambda lib: lib.tensordot(lib.zeros(2, 3), lib.zeros(4, 5), 1))
_error("tensordot_negative", lambda lib: lib.tensordot(lib.zeros(2, 3), lib.zeros(3, 5), -1))
_error("tensordot_lengths", lambda lib: lib.tensordot(lib.zeros(2, 3), lib.zeros(3, 5), dims=([0, 1], [0])))
_error("tensordot_dim_range", lambda lib: lib.tensordot(lib.zeros(2, 3), lib.zeros(3, 5), dims=([2], [0])))
_error("tensordot_dims_type", lambda lib: lib.tensordot(lib.zeros(2, 3), lib.zeros(3, 5), dims=1.5))
_error("tensordot_not_tensor", lambda lib: lib.tensordot(lib.zeros(2, 3), "a"))
_error("quantile_empty", lambda lib: lib.quantile(lib.zeros(0, 3), 0.5, dim=1))
_error("nanquantile_empty", lambda lib: lib.nanquantile(lib.zeros(0), 0.5))
_error("histc_nan_range", lambda lib: lib.histc(lib.tensor([1.0, float("nan")])))
_error("bincount_bool", lambda lib: lib.bincount(lib.tensor([True])))
_error("diff_0d", lambda lib: lib.diff(lib.tensor(1.0)))
_error("diff_negative_n", lambda lib: lib.diff(lib.zeros(3), n=-1))
_error("diff_prepend_dims", lambda lib: lib.diff(lib.zeros(2, 3), prepend=lib.zeros(3)))
_error("cdist_1d", lambda lib: lib.cdist(lib.zeros(3), lib.zeros(2, 3)))
_error("cdist_columns", lambda lib: lib.cdist(lib.zeros(2, 3), lib.zeros(2, 4)))
_error("cdist_negative_p", lambda lib: lib.cdist(lib.zeros(2, 3), lib.zeros(2, 3), p=-1))
_error("cdist_int", lambda lib: lib.cdist(lib.zeros(2, 3, dtype=lib.int64), lib.zeros(2, 3, dtype=lib.int64)))
_error("bincount_2d", lambda lib: lib.bincount(lib.zeros(2, 3, dtype=lib.int64)))
_error("bincount_negative", lambda lib: lib.bincount(lib.tensor([1, -1])))
_error("bincount_float", lambda lib: lib.bincount(lib.tensor([1.0])))
_error("bincount_weights_length", lambda lib: lib.bincount(lib.tensor([1, 2]), lib.ones(3)))
_error("bincount_minlength", lambda lib: lib.bincount(lib.tensor([1, 2]), minlength=-1))
_error("histc_int", lambda lib: lib.histc(lib.tensor([1, 2])))
_error("histc_bins", lambda lib: lib.histc(lib.ones(3), bins=0))
_error("histc_min_max", lambda lib: lib.histc(lib.ones(3), min=2, max=1))
_error("tril_indices_negative", lambda lib: lib.tril_indices(-1, 3))
_error("triu_indices_negative", lambda lib: lib.triu_indices(3, -2))
_error("cartesian_prod_2d", lambda lib: lib.cartesian_prod(lib.zeros(2, 2), lib.zeros(3)))
_error("combinations_2d", lambda lib: lib.combinations(lib.zeros(2, 2)))
_error("combinations_negative_r", lambda lib: lib.combinations(lib.zeros(3), -1))
_error("tril_indices_float", lambda lib: lib.tril_indices(3, 3, dtype=lib.float32))
_error("cdist_dtypes", lambda lib: lib.cdist(lib.zeros(2, 3), lib.zeros(2, 3, dtype=lib.float64)))
_error("cartesian_prod_none", lambda lib: lib.cartesian_prod())
_error("quantile_q_list", lambda lib: lib.quantile(lib.zeros(3), [0.5]))
_error("quantile_int", lambda lib: lib.quantile(lib.tensor([1, 2]), 0.5))
_error("quantile_q_range", lambda lib: lib.quantile(lib.zeros(3), 1.5))
_error("quantile_q_tensor_range", lambda lib: lib.quantile(lib.zeros(3), lib.tensor([0.5, -0.1])))
_error("quantile_q_2d", lambda lib: lib.quantile(lib.zeros(3), lib.zeros(2, 2)))
_error("quantile_q_dtype", lambda lib: lib.quantile(lib.zeros(3), lib.tensor([0.5], dtype=lib.float64)))
_error("quantile_interpolation", lambda lib: lib.quantile(lib.zeros(3), 0.5, interpolation="cubic"))
_error("quantile_dim", lambda lib: lib.quantile(lib.zeros(3), 0.5, dim=2))
_error("nanquantile_int", lambda lib: lib.nanquantile(lib.tensor([1, 2]), 0.5))


@case("math_extra/second_derivative", dtypes=("float64",))  # float32: torch's mm path rounds differently
def _second_derivative(lib, rng, dtype):
    # torch has a second derivative of cdist only on its matrix-product path (p=2, more than 25 rows)
    a = leaf(lib, rng.standard_normal((30, 3)), dtype)
    b = leaf(lib, rng.standard_normal((26, 3)), dtype)
    c = leaf(lib, rng.standard_normal((3, 5)), dtype)
    out = lib.cdist(a, b).pow(3).sum() + lib.tensordot(a, c, 1).tanh().sum() \
        + lib.quantile(c, 0.4, dim=1).pow(3).sum() + lib.kron(a, c).sin().sum() + lib.diff(c, 2).pow(2).sum()
    ga, gb, gc = lib.autograd.grad(out, [a, b, c], create_graph=True)
    second = lib.autograd.grad((ga * ga).sum() + (gb ** 3).sum() + gc.pow(2).sum(), [a, b, c])
    return {"out": out, "ga": ga, "gb": gb, "gc": gc, "gg_a": second[0], "gg_b": second[1], "gg_c": second[2]}


@case("math_extra/cdist/inf_ties")
def _cdist_inf_ties(lib, rng, dtype):
    a = leaf(lib, [[0.0, 0.0, 1.0], [2.0, -1.0, 0.5]], dtype)
    b = leaf(lib, [[1.0, 1.0, 0.0], [0.0, 1.0, 1.5]], dtype)  # |a0 - b0| = (1, 1, 1): a three-way tie
    return grads_of(lib, rng, lib.cdist(a, b, p=float("inf")), [a, b])


@case("math_extra/integer_inputs", dtypes=None)
def _integer_inputs(lib, rng, dtype):
    a = lib.tensor(rng.integers(-4, 4, (2, 3)))
    b = lib.tensor(rng.integers(-4, 4, (3, 2)))
    return {"tensordot": lib.tensordot(a, b, 1), "kron": lib.kron(a, b), "cartesian": lib.cartesian_prod(a[0], b[0]),
            "combinations": lib.combinations(a.t()[1], 2, True),
            "diff_bool_prepend": lib.diff(a > 0, dim=1, prepend=b.t() > 0)}


_grad_case("combinations/noncontiguous", lambda lib, a: lib.combinations(a[0], 2), (3, 4), transposed=(0,))
_grad_case("cartesian_prod/noncontiguous", lambda lib, a: lib.cartesian_prod(a[0], a[1]), (2, 3), transposed=(0,))
