"""Parity cases for reductions (sum, mean, prod, max/min, var/std, logsumexp, norm, cumulative ops, all/any) and
softmax/log_softmax: dims as int/tuple/negative/None, keepdim, ties, zeros, empty and size-1 dims, errors."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

DIMS = {"all": {}, "d0": {"dim": 0}, "d-1_keep": {"dim": -1, "keepdim": True}, "tuple": {"dim": (0, 2)},
        "tuple_neg_keep": {"dim": (-1, 1), "keepdim": True}, "axis": {"axis": 1}}

REDUCTIONS = {  # name: function of (lib, x, dim keywords)
    "sum": lambda lib, x, kw: lib.sum(x, **kw),
    "mean": lambda lib, x, kw: lib.mean(x, **kw),
    "nansum": lambda lib, x, kw: lib.nansum(x, **_no_axis(kw)),
    "nanmean": lambda lib, x, kw: lib.nanmean(x, **_no_axis(kw)),
    "amax": lambda lib, x, kw: lib.amax(x, **_no_axis(kw)),
    "amin": lambda lib, x, kw: lib.amin(x, **_no_axis(kw)),
    "var": lambda lib, x, kw: lib.var(x, **kw),
    "std": lambda lib, x, kw: lib.std(x, **kw),
    "var_correction0": lambda lib, x, kw: lib.var(x, correction=0, **kw),
    "std_unbiased_false": lambda lib, x, kw: lib.std(x, unbiased=False, **_no_axis(kw)),
    "logsumexp": lambda lib, x, kw: lib.logsumexp(x, **_dims_required(kw)),
    "norm": lambda lib, x, kw: lib.norm(x, **_no_axis(kw)),
    "norm_p1": lambda lib, x, kw: lib.norm(x, p=1, **_no_axis(kw)),
    "norm_inf": lambda lib, x, kw: lib.norm(x, p=float("inf"), **_no_axis(kw)),
    "norm_p3": lambda lib, x, kw: lib.norm(x, p=3, **_no_axis(kw)),
    "method_sum": lambda lib, x, kw: x.sum(**kw),
    "method_mean": lambda lib, x, kw: x.mean(**kw),
}


def _no_axis(kw):
    """Ops that take only dim=, not NumPy's axis=."""
    return {("dim" if k == "axis" else k): v for k, v in kw.items()}


def _dims_required(kw):
    out = _no_axis(kw)
    out.setdefault("dim", (0, 1, 2))
    return out


def _reduction_case(name, fn, dims_name, kw):
    @case("reduce/%s/%s" % (name, dims_name))
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
        return grads_of(lib, rng, fn(lib, x, kw), [x])


for _name, _fn in REDUCTIONS.items():
    for _dims_name, _kw in DIMS.items():
        _reduction_case(_name, _fn, _dims_name, _kw)


@case("reduce/sum_dtype", dtypes=None)
def _sum_dtype(lib, rng, dtype):
    i = values(lib, rng.integers(-5, 5, (3, 4)))
    b = values(lib, rng.standard_normal((3, 4)) > 0)
    x = leaf(lib, rng.standard_normal((3, 4)), lib.float32)
    out = x.sum(dtype=lib.float64)
    return {"int": i.sum(), "int_dim": i.sum(0), "int32": i.int().sum(1), "uint8": i.to(lib.uint8).sum(),
            "bool": b.sum(), "bool_dim": b.sum(dim=1, keepdim=True), "int_to_float": i.sum(dtype=lib.float32),
            "mean_dtype": i.mean(dtype=lib.float64), "prod_int": i.prod(), "prod_bool": b.prod(1),
            "cumsum_int": i.cumsum(0), "cumsum_bool": b.cumsum(1), "cumsum_dtype": i.cumsum(1, dtype=lib.float64),
            "cumprod_int": i.cumprod(1), "float16_sum": x.half().sum(), "amax_int": i.amax(0), "max_int": i.max(),
            "max_bool": b.max(), **grads_of(lib, rng, out, [x], names=["grad_f64"])}


@case("reduce/prod")
def _prod(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, lib.prod(x, 1) + x.prod(0, keepdim=True).sum() + x.prod(), [x])


@case("reduce/prod_one_zero")
def _prod_one_zero(lib, rng, dtype):
    x = leaf(lib, numpy.array([[1.5, 0.0, 2.0, -1.0], [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 2.0, 1.0]]), dtype)
    return grads_of(lib, rng, lib.prod(x, dim=1), [x])


@case("reduce/prod_full_zeros")
def _prod_full_zeros(lib, rng, dtype):
    one = leaf(lib, numpy.array([1.5, 0.0, 2.0, -1.0]), dtype)
    two = leaf(lib, numpy.array([0.0, 3.0, 0.0, -1.0]), dtype)
    return grads_of(lib, rng, lib.stack([one.prod(), two.prod()]), [one, two])


@case("reduce/prod_inf_and_nan")
def _prod_inf_and_nan(lib, rng, dtype):
    """No 0 in x: torch's gradient is prod / x_i, so an inf or NaN element spreads NaN; with a 0 anywhere in x it
    is the product of the others, row by row; a 0-d input passes the gradient through."""
    x = leaf(lib, numpy.array([[numpy.inf, -2.0, 1.5], [1.0, 3.0, numpy.nan]]), dtype)
    z = leaf(lib, numpy.array([[numpy.inf, -2.0, 1.5], [0.0, 3.0, 2.0]]), dtype)
    s = leaf(lib, numpy.array(numpy.inf), dtype)
    return grads_of(lib, rng, lib.stack([x.prod(1).sum(), x.prod(), z.prod(1).sum(), z.prod(), s.prod()]), [x, z, s])


@case("reduce/prod_size1_and_empty")
def _prod_edges(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 1)), dtype)
    e = leaf(lib, numpy.zeros((2, 0)), dtype)
    return {"empty_prod": e.prod(), "empty_dim": e.prod(1), **grads_of(lib, rng, x.prod(1), [x])}


@case("reduce/cumsum")
def _cumsum(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, x.cumsum(1) + lib.cumsum(x, dim=-2), [x])


@case("reduce/cumprod")
def _cumprod(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    return grads_of(lib, rng, x.cumprod(1) + lib.cumprod(x, dim=0), [x])


@case("reduce/cumprod_zeros")
def _cumprod_zeros(lib, rng, dtype):
    x = leaf(lib, numpy.array([[1.5, 0.0, 2.0, -1.0], [0.0, 0.0, 3.0, 1.0], [2.0, 1.0, 0.5, 0.0]]), dtype)
    return grads_of(lib, rng, x.cumprod(1), [x])


# --- max / min ---------------------------------------------------------------------------------------------------------
TIES = numpy.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0], [-1.0, 5.0, 4.0, 5.0]])


@case("reduce/max_full_ties")
def _max_full_ties(lib, rng, dtype):
    x = leaf(lib, numpy.array([[1.0, 5.0, 5.0], [5.0, 0.0, 2.0]]), dtype)
    return grads_of(lib, rng, x.max() + lib.min(x), [x])


@case("reduce/amax_ties")
def _amax_ties(lib, rng, dtype):
    x = leaf(lib, TIES, dtype)
    return grads_of(lib, rng, lib.amax(x, 1) + lib.amin(x, dim=1), [x])


@case("reduce/amax_tuple_ties")
def _amax_tuple(lib, rng, dtype):
    x = leaf(lib, numpy.round(rng.standard_normal((2, 3, 4))), dtype)
    return grads_of(lib, rng, lib.amax(x, (0, 2), keepdim=True), [x])


def _max_dim_case(name, fn):
    @case("reduce/%s_dim_ties" % name)
    def body(lib, rng, dtype):
        x = leaf(lib, TIES, dtype)
        result = fn(x)
        out = grads_of(lib, rng, result.values, [x])
        out.update(indices=result.indices, idx0=result[1], type=type(result).__name__)
        return out


_max_dim_case("max", lambda x: x.max(dim=1))
_max_dim_case("min", lambda x: x.min(1))
_max_dim_case("max_keepdim", lambda x: x.max(dim=0, keepdim=True))
_max_dim_case("min_neg", lambda x: x.min(dim=-1, keepdim=True))
_max_dim_case("max_axis", lambda x: x.max(axis=0))


@case("reduce/max_dim_random")
def _max_dim_random(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
    v, i = lib.max(x, 1)
    w, j = lib.min(x, dim=2, keepdim=True)
    out = grads_of(lib, rng, v.sum(-1) + w.sum((1, 2)), [x])
    out.update(i=i, j=j)
    return out


@case("reduce/max_nan")
def _max_nan(lib, rng, dtype):
    x = values(lib, numpy.array([[1.0, numpy.nan, 3.0], [2.0, 0.0, -1.0]]), dtype)
    return {"max": x.max(), "amax": x.amax(1), "max_dim": x.max(1).values, "argmax": x.argmax(1),
            "min_dim_idx": x.min(1).indices, "argmin": x.argmin(), "sum": x.sum(), "nansum": x.nansum(1),
            "nanmean": x.nanmean(), "mean": x.mean(0)}


@case("reduce/max_binary")
def _max_binary(lib, rng, dtype):
    a = leaf(lib, numpy.array([1.0, 2.0, 3.0]), dtype)
    b = leaf(lib, numpy.array([1.0, 3.0, 1.0]), dtype)
    return grads_of(lib, rng, lib.max(a, b) + lib.min(a, b) * 2, [a, b])


@case("reduce/argmax_argmin", dtypes=None)
def _argmax(lib, rng, dtype):
    x = values(lib, TIES)
    i = values(lib, numpy.array([[3, 1, 3], [0, 0, -2]]))
    return {"full": x.argmax(), "dim": x.argmax(1), "keep": x.argmax(dim=0, keepdim=True), "min": x.argmin(),
            "min_dim": lib.argmin(x, dim=-1), "axis": x.argmax(axis=0), "int": i.argmax(1), "int_min": i.argmin(), "full_keep":
            x.argmax(keepdim=True), "0dim": lib.tensor(3.0).argmax(),
            "0dim_dim": lib.tensor(3.0).argmax(0)}


@case("reduce/0dim_and_size1")
def _zero_dim(lib, rng, dtype):
    s = leaf(lib, numpy.array(1.5), dtype)
    x = leaf(lib, rng.standard_normal((1, 3, 1)), dtype)
    out = s.sum() + s.mean() + s.max() + s.max(0).values + s.sum(0) + s.amax() + s.prod() + s.logsumexp(0) \
        + x.sum(2).sum() + x.max(0).values.sum() + x.mean((0, 2)).sum() + x.prod(2).sum() + x.std(1).sum() \
        + x.logsumexp(0).sum() + x.norm(dim=2).sum() + x.cumsum(0).sum() + s.cumsum(0)
    return grads_of(lib, rng, out, [s, x])


@case("reduce/empty")
def _empty(lib, rng, dtype):
    e = leaf(lib, numpy.zeros((0, 3)), dtype)
    out = e.sum() + e.sum(0).sum() + e.amax(1).sum() + e.max(dim=1).values.sum() + e.norm() + e.prod()
    return {"sum": e.sum(), "sum0": e.sum(0), "sum1": e.sum(1), "mean": e.mean(), "mean0": e.mean(0),
            "prod": e.prod(), "prod0": e.prod(0), "amax1": e.amax(1), "max1": e.max(1).values, "argmax1": e.argmax(1),
            "norm": e.norm(), "logsumexp0": e.logsumexp(0), "logsumexp1": e.logsumexp(1), "cumsum": e.cumsum(0),
            "all": e.all(), "any": e.any(), "var": e.var(), "std0": e.std(0), "nansum": e.nansum(),
            **grads_of(lib, rng, out, [e], names=["grad_e"])}


# --- statistics ---------------------------------------------------------------------------------------------------------
@case("reduce/var_std_variants")
def _var_std(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4, 5)), dtype)
    out = x.var(1) + x.std(1, unbiased=False) + x.var(dim=1, correction=2) + lib.std(x, 1, keepdim=True).squeeze(1) \
        + x.var(False) + x.var((0, 2), keepdim=True).squeeze(0).squeeze(-1).sum()
    return grads_of(lib, rng, out, [x])


@case("reduce/var_single_element")
def _var_single(lib, rng, dtype):
    x = values(lib, rng.standard_normal((1, 4)), dtype)
    return {"var0": x.var(0), "std0": x.std(0), "var0_biased": x.var(0, unbiased=False), "var_big_corr":
            x.var(1, correction=5), "var1": x.var(1)}


@case("reduce/var_mean_std_mean")
def _var_mean(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    v, m = lib.var_mean(x, 1)
    s, m2 = lib.std_mean(x, dim=0, keepdim=True, correction=0)
    v3, m3 = lib.var_mean(x)
    return grads_of(lib, rng, v * 2 + m + (s * m2).sum() + v3 * m3, [x])


@case("reduce/logsumexp_large")
def _logsumexp_large(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)) * 10 + numpy.array([[1000.0], [-1000.0], [0.0]]), dtype)
    return grads_of(lib, rng, lib.logsumexp(x, 1) + lib.logsumexp(x, dim=0, keepdim=True).sum(), [x])


@case("reduce/logsumexp_inf_rows")
def _logsumexp_inf(lib, rng, dtype):
    x = leaf(lib, numpy.array([[-numpy.inf, -numpy.inf, -numpy.inf], [-numpy.inf, 0.0, 1.0],
                               [numpy.inf, 1.0, 2.0], [3.0, 2.0, 1.0]]), dtype)
    return grads_of(lib, rng, lib.logsumexp(x, 1), [x])


@case("reduce/logsumexp_int", dtypes=None)
def _logsumexp_int(lib, rng, dtype):
    return {"out": lib.logsumexp(lib.tensor([[1, 2], [3, 4]]), 1)}


@case("reduce/norm_variants")
def _norm_variants(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    out = lib.norm(x, "fro") + lib.norm(x, p=2, dim=1).sum() + x.norm(1, dim=0).sum() + x.norm(float("inf")) \
        + x.norm(p=-float("inf"), dim=1).sum() + x.norm(0) + x.norm(dim=(0, 1)) + x.norm(2.5, dim=1, keepdim=True).sum()
    return grads_of(lib, rng, out, [x])


@case("reduce/norm_at_zero")
def _norm_zero(lib, rng, dtype):
    x = leaf(lib, numpy.array([[0.0, 0.0, 0.0], [3.0, 0.0, -4.0]]), dtype)
    return grads_of(lib, rng, x.norm(dim=1) + x.norm(p=1, dim=1) + x.norm(p=3, dim=1) + x.norm(float("inf"), 1), [x])


@case("reduce/norm_inf_ties")
def _norm_inf_ties(lib, rng, dtype):
    x = leaf(lib, numpy.array([[1.0, -3.0, 3.0], [2.0, 2.0, -1.0]]), dtype)
    return grads_of(lib, rng, x.norm(float("inf"), dim=1) + x.norm(float("inf")), [x])


@case("reduce/all_any", dtypes=None)
def _all_any(lib, rng, dtype):
    b = values(lib, rng.standard_normal((3, 4)) > -0.5)
    x = values(lib, numpy.array([[0.0, 1.0, 2.0], [3.0, 0.5, 0.0]]))
    i = values(lib, numpy.array([[0, 1], [2, 3]]))
    return {"all": b.all(), "any": b.any(), "all0": b.all(0), "any1": b.any(dim=1, keepdim=True),
            "all_float": x.all(1), "any_float": lib.any(x), "all_int": i.all(), "any_int": i.any(0),
            "all_tuple": b.all(dim=(0, 1)), "count_nonzero": lib.count_nonzero(x), "count_nonzero_dim":
            lib.count_nonzero(x, dim=1), "any_uint8": i.to(lib.uint8).any(1)}


@case("reduce/noncontiguous")
def _noncontiguous(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((4, 3)), dtype)
    t = x.t()
    out = t.sum(1) + t.mean(1) + t.amax(1) + t.max(1).values + t.var(1) + t.prod(1) + t.logsumexp(1) \
        + t.norm(dim=1) + t.cumsum(1)[:, -1]
    return grads_of(lib, rng, out, [x])


# --- softmax ----------------------------------------------------------------------------------------------------------
SOFTMAX = {
    "softmax/d1": lambda lib, x: lib.softmax(x, dim=1),
    "softmax/d0": lambda lib, x: lib.softmax(x, 0),
    "softmax/neg": lambda lib, x: x.softmax(-1),
    "log_softmax/d1": lambda lib, x: lib.log_softmax(x, dim=1),
    "log_softmax/neg": lambda lib, x: x.log_softmax(dim=-2),
    "softmax/large": lambda lib, x: lib.softmax(x * 1000, dim=1),
    "log_softmax/large": lambda lib, x: lib.log_softmax(x * 1000 + 1e4, dim=-1),
    "softmax/dtype64": lambda lib, x: lib.softmax(x, dim=1, dtype=lib.float64),
    "log_softmax/dtype64": lambda lib, x: lib.log_softmax(x, 1, dtype=lib.float64),
    "softmax/noncontiguous": lambda lib, x: lib.softmax(x.transpose(0, 2), dim=1),
    "nn_functional_softmax": lambda lib, x: lib.nn.functional.softmax(x, dim=1),
    "nn_functional_log_softmax": lambda lib, x: lib.nn.functional.log_softmax(x, dim=2),
}


def _softmax_case(name, fn):
    @case("softmax/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal((2, 3, 4)), dtype)
        return grads_of(lib, rng, fn(lib, x), [x])


for _name, _fn in SOFTMAX.items():
    _softmax_case(_name, _fn)


@case("softmax/neg_inf_entries")
def _softmax_inf(lib, rng, dtype):
    x = leaf(lib, numpy.array([[-numpy.inf, 0.0, 1.0], [-numpy.inf, -numpy.inf, 2.0], [0.5, 0.5, 0.5]]), dtype)
    return grads_of(lib, rng, lib.softmax(x, 1) + lib.log_softmax(x, 1).clamp(min=-100), [x])


@case("softmax/all_neg_inf_row")
def _softmax_all_inf(lib, rng, dtype):
    x = values(lib, numpy.array([[-numpy.inf, -numpy.inf], [0.0, 1.0]]), dtype)
    return {"softmax": lib.softmax(x, 1), "log_softmax": lib.log_softmax(x, 1)}


@case("softmax/0dim_empty_int")
def _softmax_edges(lib, rng, dtype):
    s = leaf(lib, numpy.array(2.0), dtype)
    e = values(lib, numpy.zeros((0, 3)), dtype)
    i = values(lib, numpy.array([[1, 2], [3, 4]]))
    out = lib.softmax(s, 0) + lib.log_softmax(s, dim=-1)
    return {"empty": lib.softmax(e, 1), "empty_log": lib.log_softmax(e, 0), "int": lib.softmax(i.double(), 1),
            **grads_of(lib, rng, out, [s])}


# --- errors ---------------------------------------------------------------------------------------------------------
ERRORS = {
    "sum_dim_out_of_range": lambda lib: lib.ones(2, 3).sum(2),
    "sum_dim_neg_out_of_range": lambda lib: lib.ones(2, 3).sum(-3),
    "sum_dim_repeated": lambda lib: lib.ones(2, 3).sum((1, 1)),
    "mean_int": lambda lib: lib.tensor([1, 2]).mean(),
    "max_empty": lambda lib: lib.ones(0).max(),
    "max_empty_dim": lambda lib: lib.ones(0, 3).max(0),
    "amax_empty": lambda lib: lib.ones(0, 3).amax(0),
    "argmax_empty": lambda lib: lib.ones(0).argmax(),
    "max_dim_out_of_range": lambda lib: lib.ones(2, 3).max(dim=5),
    "argmax_dim_out_of_range": lambda lib: lib.ones(2, 3).argmax(dim=-3),
    "var_int": lambda lib: lib.tensor([1, 2]).var(),
    "norm_int": lambda lib: lib.tensor([1, 2]).norm(),
    "softmax_dim_out_of_range": lambda lib: lib.softmax(lib.ones(2, 3), dim=2),
    "cumsum_dim_out_of_range": lambda lib: lib.ones(2, 3).cumsum(2),
    "cumsum_no_dim": lambda lib: lib.ones(2, 3).cumsum(),
    "prod_dim_tuple": lambda lib: lib.ones(2, 3).prod((0, 1)),
    "logsumexp_dim_out_of_range": lambda lib: lib.ones(2).logsumexp(1),
    "0dim_dim_out_of_range": lambda lib: lib.tensor(1.0).sum(1),
    "argmax_bool": lambda lib: lib.tensor([True, False]).argmax(),
    "var_mean_int": lambda lib: lib.var_mean(lib.tensor([1, 2])),
    "nanmean_int": lambda lib: lib.tensor([1, 2]).nanmean(),
    "mean_int_dtype": lambda lib: lib.tensor([1.5, 2.0]).mean(dtype=lib.int64),
    "softmax_int": lambda lib: lib.softmax(lib.tensor([1, 2]), 0),
    "norm_fro_3_dims": lambda lib: lib.ones(2, 3, 4).norm(dim=(0, 1, 2)),
}


def _error_case(name, fn):
    @case("reduce_error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}


for _name, _fn in ERRORS.items():
    _error_case(_name, _fn)


@case("float16/reductions", dtypes=("float16",))
def _float16_reductions(lib, rng, dtype):
    x = leaf(lib, rng.standard_normal((3, 4)), dtype)
    out = x.sum(1) + x.mean(1) + x.amax(1) + x.softmax(1).sum(1) + x.log_softmax(1)[:, 0] + x.max(1).values \
        + x.norm(dim=1) + x.logsumexp(1)
    return grads_of(lib, rng, out, [x])


@case("reduce/nan_and_zero_gradients")
def _nan_gradients(lib, rng, dtype):
    """NaN ties of the full max/min, a NaN beside a zero in prod, all-NaN nanmean, p < 1 norms through zeros."""
    x = leaf(lib, numpy.array([numpy.nan, 1.0, numpy.nan, 0.0]), dtype)
    y = leaf(lib, numpy.array([[numpy.nan, 0.0, 2.0], [numpy.nan, numpy.nan, numpy.nan]]), dtype)
    z = leaf(lib, numpy.array([[0.0, 1.0, -2.0], [0.0, 0.0, 0.5]]), dtype)
    out = lib.stack([x.max(), x.min(), y[0].prod(), y[1].nanmean(), y.nansum(), z.norm(0.5), z.norm(1.5, dim=1).sum()])
    return grads_of(lib, rng, out, [x, y, z])
