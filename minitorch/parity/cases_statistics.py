"""Parity cases for ops/statistics.py: cov, corrcoef, nanmedian, histogram, histogramdd, isin, unravel_index, frexp,
gradient, trapezoid, trapz and cumulative_trapezoid: outputs, every differentiable input's gradient, integer dtypes,
keyword forms and torch's errors."""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

NAN = float("nan")


def _flat(lib, outs):
    """One tensor of several results (a tuple's members), so that one upstream weight reaches them all."""
    return lib.cat([o.reshape(-1) for o in outs])


def _grad_case(name, fn, *shapes, transposed=(), dtypes=("float64", "float32")):
    """out = fn(lib, *operands) for random leaves (a tuple is flattened into one); indices in `transposed` are fed
    as a (non-contiguous) .mT."""
    @case("statistics/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(tuple(s[:-2]) + tuple(s[-2:][::-1]) if i in transposed else s),
                       dtype) for i, s in enumerate(shapes)]
        ops = [t.mT if i in transposed else t for i, t in enumerate(leaves)]
        out = fn(lib, *ops)
        return grads_of(lib, rng, _flat(lib, out) if isinstance(out, tuple) else out, leaves)
    return body


def _values_case(name, fn, dtypes=None):
    """A dict of results of fn(lib, rng, dtype), compared as they are."""
    @case("statistics/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        return fn(lib, rng, dtype)
    return body


def _error_case(name, fn):
    @case("statistics/error/" + name, dtypes=None, raises=True)
    def body(lib, rng, dtype):
        return {"out": fn(lib)}
    return body


def _named(result, prefix="out"):
    """A tuple of tensors as a dict of results."""
    return {"%s_%d" % (prefix, i): t for i, t in enumerate(result)}


# --- cov ---------------------------------------------------------------------------------------------------------
_grad_case("cov/2d", lambda lib, a: lib.cov(a), (3, 5))
_grad_case("cov/1d", lambda lib, a: lib.cov(a), (6,))
_grad_case("cov/one_variable_row", lambda lib, a: a.cov(), (1, 4))
_grad_case("cov/correction0", lambda lib, a: lib.cov(a, correction=0), (3, 5))
_grad_case("cov/correction2", lambda lib, a: a.cov(correction=2), (2, 5))
_grad_case("cov/correction_negative", lambda lib, a: lib.cov(a, correction=-1), (2, 4))
_grad_case("cov/empty_variables", lambda lib, a: lib.cov(a), (0, 3))
_grad_case("cov/noncontiguous", lambda lib, a: lib.cov(a), (3, 5), transposed=(0,))
_grad_case("cov/strided", lambda lib, a: lib.cov(a[:, ::2]), (3, 7))
_grad_case("cov/fweights", lambda lib, a: lib.cov(a, fweights=lib.tensor([1, 2, 0, 3, 1])), (3, 5))
_grad_case("cov/fweights_int32_correction0",
           lambda lib, a: lib.cov(a, correction=0, fweights=lib.tensor([1, 2, 0, 3], dtype=lib.int32)), (2, 4))


def _cov_aweights(name, **kwargs):
    """cov with random aweights (a leaf too: its gradient is compared), optionally also fweights."""
    @case("statistics/cov/" + name)
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal((3, 5)), dtype)
        w = leaf(lib, rng.random(5) + 0.1, dtype)
        fw = lib.tensor([2, 1, 0, 1, 3]) if kwargs.get("fweights") else None
        out = lib.cov(a, correction=kwargs.get("correction", 1), fweights=fw, aweights=w)
        return grads_of(lib, rng, out, [a, w])
    return body


_cov_aweights("aweights")
_cov_aweights("aweights_fweights", fweights=True)
_cov_aweights("aweights_fweights_correction3", fweights=True, correction=3)
_cov_aweights("aweights_correction0", correction=0)


@case("statistics/cov/dtypes", dtypes=None)
def _cov_dtypes(lib, rng, dtype):
    a = values(lib, rng.integers(0, 9, (2, 5)))
    x32 = values(lib, rng.standard_normal((2, 5)), lib.float32)
    w64 = values(lib, rng.random(5), lib.float64)
    return {"int64": lib.cov(a), "uint8": lib.cov(a.to(lib.uint8)), "int32_1d": lib.cov(a[0].int()),
            "int_fweights": lib.cov(a, fweights=lib.tensor([1, 2, 1, 0, 1])),
            "int_aweights": lib.cov(a, aweights=w64.float()), "int_aweights64": lib.cov(a, aweights=w64),
            "float32_aweights64": lib.cov(x32, aweights=w64), "float64_aweights32": lib.cov(x32.double(),
                                                                                          aweights=w64.float())}


@case("statistics/cov/degenerate", dtypes=None)
def _cov_degenerate(lib, rng, dtype):
    """norm <= 0 (torch warns and divides by zero): NaN and inf as torch's."""
    import warnings
    x = values(lib, rng.standard_normal((3, 4)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"one_observation": lib.cov(values(lib, rng.standard_normal((3, 1)))),
                "no_observations": lib.cov(lib.zeros(3, 0)), "scalar": lib.cov(lib.tensor(2.0)),
                "correction_all": lib.cov(x, correction=4), "one_weight": lib.cov(x, fweights=lib.tensor([1, 0, 0, 0])),
                "weight_two": lib.cov(values(lib, rng.standard_normal((3, 1))), fweights=lib.tensor(2))}


_error_case("cov/3d", lambda lib: lib.cov(lib.ones(2, 3, 4)))
_error_case("cov/bool", lambda lib: lib.cov(lib.tensor([True, False])))
_error_case("cov/correction_float", lambda lib: lib.cov(lib.ones(2, 3), correction=1.5))
_error_case("cov/fweights_float", lambda lib: lib.cov(lib.ones(2, 3), fweights=lib.ones(3)))
_error_case("cov/fweights_negative", lambda lib: lib.cov(lib.ones(2, 3), fweights=lib.tensor([1, -1, 2])))
_error_case("cov/fweights_numel", lambda lib: lib.cov(lib.ones(2, 3), fweights=lib.tensor([1, 2])))
_error_case("cov/fweights_2d", lambda lib: lib.cov(lib.ones(2, 3), fweights=lib.tensor([[1, 2, 3]])))
_error_case("cov/aweights_int", lambda lib: lib.cov(lib.ones(2, 3), aweights=lib.tensor([1, 2, 3])))
_error_case("cov/aweights_negative", lambda lib: lib.cov(lib.ones(2, 3), aweights=lib.tensor([1.0, -2.0, 3.0])))
_error_case("cov/weights_sum_zero", lambda lib: lib.cov(lib.ones(2, 3), aweights=lib.zeros(3)))
_error_case("cov/fweights_list", lambda lib: lib.cov(lib.ones(2, 3), fweights=[1, 2, 3]))

# --- corrcoef ------------------------------------------------------------------------------------------------------
_grad_case("corrcoef/2d", lambda lib, a: lib.corrcoef(a), (4, 6))
_grad_case("corrcoef/1d", lambda lib, a: lib.corrcoef(a), (5,))
_grad_case("corrcoef/noncontiguous", lambda lib, a: a.corrcoef(), (3, 5), transposed=(0,))
_grad_case("corrcoef/empty", lambda lib, a: lib.corrcoef(a), (0, 3))


@case("statistics/corrcoef/int_and_constant", dtypes=None)
def _corrcoef_int(lib, rng, dtype):
    import warnings
    a = values(lib, rng.integers(0, 9, (3, 6)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {"int": lib.corrcoef(a), "constant_row": lib.corrcoef(lib.tensor([[1.0, 2.0, 4.0], [1.0, 1.0, 1.0]])),
                "one_observation": lib.corrcoef(lib.ones(3, 1)), "scalar": lib.corrcoef(lib.tensor(3.0)),
                "int32": lib.corrcoef(a.int())}


_error_case("corrcoef/3d", lambda lib: lib.corrcoef(lib.ones(2, 3, 4)))
_error_case("corrcoef/bool", lambda lib: lib.corrcoef(lib.tensor([True, False])))


# --- nanmedian -----------------------------------------------------------------------------------------------------
def _with_nans(rng, shape, all_nan_row=True):
    """Small integers (many ties) with NaNs here and there, and one row of NaNs only."""
    a = rng.integers(0, 4, shape).astype("float64")
    a[rng.random(shape) < 0.3] = NAN
    if all_nan_row:
        a[0] = NAN
    return a


def _nanmedian_case(name, fn, shape, all_nan_row=True):
    @case("statistics/nanmedian/" + name)
    def body(lib, rng, dtype):
        a = leaf(lib, _with_nans(rng, shape, all_nan_row), dtype)
        out = fn(lib, a)
        result = {} if not isinstance(out, tuple) else {"indices": out.indices}
        result.update(grads_of(lib, rng, out.values if isinstance(out, tuple) else out, [a]))
        return result
    return body


_nanmedian_case("all", lambda lib, a: lib.nanmedian(a), (4, 7), all_nan_row=False)
_nanmedian_case("all_with_nan_row", lambda lib, a: a.nanmedian(), (3, 5))
_nanmedian_case("all_nan", lambda lib, a: lib.nanmedian(a[0]), (2, 5))
_nanmedian_case("dim1", lambda lib, a: lib.nanmedian(a, 1), (5, 7))
_nanmedian_case("dim0_keepdim", lambda lib, a: lib.nanmedian(a, 0, keepdim=True), (6, 4))
_nanmedian_case("dim_negative_keyword", lambda lib, a: a.nanmedian(dim=-1), (4, 3, 6))
_nanmedian_case("dim_long_rows", lambda lib, a: lib.nanmedian(a, 1), (9, 40))
_nanmedian_case("noncontiguous", lambda lib, a: lib.nanmedian(a.mT, 0), (5, 6))
_nanmedian_case("strided", lambda lib, a: lib.nanmedian(a[:, ::2], 1), (4, 9))
_nanmedian_case("empty_batch", lambda lib, a: lib.nanmedian(a, 1), (0, 3), all_nan_row=False)
_nanmedian_case("size1", lambda lib, a: lib.nanmedian(a, 1), (4, 1))
_nanmedian_case("scalar_dim", lambda lib, a: lib.nanmedian(a.sum(), 0), (3,), all_nan_row=False)
_nanmedian_case("scalar_keepdim", lambda lib, a: lib.nanmedian(a.sum(), -1, True), (3,), all_nan_row=False)
_nanmedian_case("scalar_all", lambda lib, a: lib.nanmedian(a.sum()), (3,), all_nan_row=False)


@case("statistics/nanmedian/all_nan_rows", dtypes=None)
def _nanmedian_nan_rows(lib, rng, dtype):
    """The index torch gives for rows of NaNs only, for many row lengths."""
    return {"n%d" % n: lib.nanmedian(lib.full((2, n), NAN), 1).indices for n in range(1, 70)}


@case("statistics/nanmedian/ints", dtypes=None)
def _nanmedian_ints(lib, rng, dtype):
    a = values(lib, rng.integers(-3, 3, (4, 7)))
    r = lib.nanmedian(a, 1)
    s = lib.nanmedian(a.int(), 0, True)
    return {"all": lib.nanmedian(a), "values": r.values, "indices": r.indices, "int32": s.values,
            "int32_indices": s.indices, "empty": lib.nanmedian(lib.zeros(0)), "half": lib.nanmedian(a.half()),
            "type": type(r).__name__}


_error_case("nanmedian/bool", lambda lib: lib.nanmedian(lib.tensor([True, False])))
_error_case("nanmedian/bool_dim", lambda lib: lib.nanmedian(lib.tensor([True, False]), 0))
_error_case("nanmedian/empty_dim", lambda lib: lib.nanmedian(lib.zeros(0, 3), 0))
_error_case("nanmedian/dim_out_of_range", lambda lib: lib.nanmedian(lib.ones(2, 3), 2))
_error_case("nanmedian/keepdim_int", lambda lib: lib.nanmedian(lib.ones(2, 3), 0, 1))
_error_case("nanmedian/keepdim_without_dim", lambda lib: lib.nanmedian(lib.ones(2, 3), keepdim=True))
_error_case("nanmedian/dim_str", lambda lib: lib.nanmedian(lib.ones(2, 3), "x"))


# --- histogram -----------------------------------------------------------------------------------------------------
def _histogram_case(name, fn, dtypes=("float64", "float32")):
    """fn(lib, rng, dtype) -> (hist, bin_edges) of a histogram, or a dict of results."""
    def run(lib, rng, dtype):
        out = fn(lib, rng, dtype)
        return out if isinstance(out, dict) else {"hist": out.hist, "bin_edges": out.bin_edges}
    return _values_case("histogram/" + name, run, dtypes)


def _data(lib, rng, dtype, shape=(4, 5)):
    return values(lib, rng.standard_normal(shape), dtype)


_histogram_case("bins_int", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 6))
_histogram_case("default_bins", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt)))
_histogram_case("method_keywords", lambda lib, rng, dt: _data(lib, rng, dt).histogram(bins=5, range=(-1.0, 1.5)))
_histogram_case("range_ints", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 4, range=(-2, 2)))
_histogram_case("range_list", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 4, range=[0.0, 1.0]))
_histogram_case("density", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 7, density=True))
_histogram_case("weight", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 5,
                                                             weight=values(lib, rng.random((4, 5)), dt)))
_histogram_case("weight_reshaped", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 5,
                                                                      weight=values(lib, rng.random(20), dt)))
_histogram_case("weight_density", lambda lib, rng, dt: lib.histogram(
    _data(lib, rng, dt), 5, range=(-1.0, 1.0), weight=values(lib, rng.random((4, 5)), dt), density=True))
_histogram_case("tensor_bins", lambda lib, rng, dt: lib.histogram(
    _data(lib, rng, dt), lib.tensor([-1.0, -0.2, 0.0, 0.5, 2.0], dtype=dt)))
_histogram_case("tensor_bins_keyword_density", lambda lib, rng, dt: lib.histogram(
    _data(lib, rng, dt), bins=lib.tensor([-1.0, 0.0, 3.0], dtype=dt), density=True,
    weight=values(lib, rng.random((4, 5)), dt)))
_histogram_case("on_edges", lambda lib, rng, dt: lib.histogram(lib.arange(11, dtype=dt), 10))
_histogram_case("on_edges_7", lambda lib, rng, dt: lib.histogram(lib.arange(11, dtype=dt), 7))
_histogram_case("noncontiguous", lambda lib, rng, dt: lib.histogram(
    _data(lib, rng, dt).mT, 4, weight=values(lib, rng.random((5, 4)), dt).mT))
_histogram_case("strided", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt, (4, 9))[:, ::2], 3))
_histogram_case("empty", lambda lib, rng, dt: lib.histogram(lib.zeros(0, dtype=dt), 3))
_histogram_case("empty_density", lambda lib, rng, dt: lib.histogram(lib.zeros(0, dtype=dt),
                                                                    lib.tensor([0.0, 1.0], dtype=dt), density=True))
_histogram_case("scalar", lambda lib, rng, dt: lib.histogram(lib.tensor(3.0, dtype=dt), 2))
_histogram_case("all_equal", lambda lib, rng, dt: lib.histogram(lib.full((3,), 2.0, dtype=dt), 3))
_histogram_case("equal_range", lambda lib, rng, dt: lib.histogram(_data(lib, rng, dt), 3, range=(0.5, 0.5)))
_histogram_case("nan_inf_with_range", lambda lib, rng, dt: lib.histogram(
    lib.tensor([1.0, NAN, 2.5, float("-inf"), float("inf"), 3.0], dtype=dt), 3, range=(0.0, 3.0)))
_histogram_case("nan_with_edges", lambda lib, rng, dt: lib.histogram(
    lib.tensor([1.0, NAN, 2.5], dtype=dt), lib.tensor([0.0, 1.0, 3.0], dtype=dt)))
_histogram_case("outside_density", lambda lib, rng, dt: lib.histogram(lib.tensor([5.0, 2.5], dtype=dt), 3,
                                                                      range=(0.0, 1.0), density=True))


@case("statistics/histogram/requires_grad_input", dtypes=None)
def _histogram_leaf(lib, rng, dtype):
    a = leaf(lib, rng.standard_normal(6))
    out = lib.histogram(a, 3)
    return {"hist": out.hist.detach(), "bin_edges": out.bin_edges.detach(), "type": type(out).__name__}


_error_case("histogram/int", lambda lib: lib.histogram(lib.tensor([1, 2]), 3))
_error_case("histogram/half", lambda lib: lib.histogram(lib.ones(2).half(), 3))
_error_case("histogram/bins_zero", lambda lib: lib.histogram(lib.ones(3), 0))
_error_case("histogram/bins_negative", lambda lib: lib.histogram(lib.ones(3), -1))
_error_case("histogram/bins_float", lambda lib: lib.histogram(lib.ones(3), 2.5))
_error_case("histogram/bins_list", lambda lib: lib.histogram(lib.ones(3), [0.0, 1.0]))
_error_case("histogram/min_above_max", lambda lib: lib.histogram(lib.ones(3), 3, range=(2.0, 1.0)))
_error_case("histogram/range_length", lambda lib: lib.histogram(lib.ones(3), 3, range=(0.0,)))
_error_case("histogram/not_finite", lambda lib: lib.histogram(lib.tensor([1.0, float("inf")]), 3))
_error_case("histogram/nan_range", lambda lib: lib.histogram(lib.tensor([1.0, NAN]), 3))
_error_case("histogram/range_nan", lambda lib: lib.histogram(lib.ones(2), 3, range=(0.0, NAN)))
_error_case("histogram/weight_numel", lambda lib: lib.histogram(lib.ones(2, 3), 4, weight=lib.ones(3)))
_error_case("histogram/weight_dtype", lambda lib: lib.histogram(lib.ones(2, 3), 4, weight=lib.ones(2, 3).double()))
_error_case("histogram/edges_2d", lambda lib: lib.histogram(lib.ones(3), lib.tensor([[0.0, 1.0]])))
_error_case("histogram/edges_one", lambda lib: lib.histogram(lib.ones(3), lib.tensor([0.0])))
_error_case("histogram/edges_dtype", lambda lib: lib.histogram(lib.ones(3), lib.tensor([0, 1, 2])))
_error_case("histogram/edges_with_range", lambda lib: lib.histogram(lib.ones(3), lib.tensor([0.0, 1.0]),
                                                                    range=(0.0, 1.0)))


# --- histogramdd ---------------------------------------------------------------------------------------------------
def _histogramdd_case(name, fn, dtypes=("float64", "float32")):
    def run(lib, rng, dtype):
        out = fn(lib, rng, dtype)
        result = {"hist": out.hist, "count": len(out.bin_edges), "type": type(out).__name__}
        result.update(_named(out.bin_edges, "edges"))
        return result
    return _values_case("histogramdd/" + name, run, dtypes)


def _points(lib, rng, dtype, shape=(12, 2)):
    return values(lib, rng.standard_normal(shape), dtype)


_histogramdd_case("bins_int", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt), 3))
_histogramdd_case("bins_list", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt, (15, 3)), [2, 3, 4]))
_histogramdd_case("bins_tuple_keyword", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt), bins=(4, 2)))
_histogramdd_case("range", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt), 2,
                                                                range=[-1.0, 1.0, 0.0, 2.0]))
_histogramdd_case("range_positional", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt), [3, 2],
                                                                           [-1.0, 1.0, -2, 2]))
_histogramdd_case("weight_density", lambda lib, rng, dt: lib.histogramdd(
    _points(lib, rng, dt), [3, 2], weight=values(lib, rng.random(12), dt), density=True))
_histogramdd_case("edges", lambda lib, rng, dt: lib.histogramdd(
    _points(lib, rng, dt), [lib.tensor([-1.0, 0.0, 1.0], dtype=dt), lib.tensor([-2.0, 0.5, 0.7, 2.0], dtype=dt)]))
_histogramdd_case("edges_tuple_density", lambda lib, rng, dt: lib.histogramdd(
    _points(lib, rng, dt), (lib.tensor([-1.0, 0.0, 1.0], dtype=dt), lib.tensor([-2.0, 2.0], dtype=dt)),
    density=True))
_histogramdd_case("batched_points", lambda lib, rng, dt: lib.histogramdd(
    _points(lib, rng, dt, (3, 4, 2)), 3, weight=values(lib, rng.random((3, 4)), dt)))
_histogramdd_case("noncontiguous", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt, (2, 10)).mT, 3))
_histogramdd_case("no_points", lambda lib, rng, dt: lib.histogramdd(lib.zeros(0, 2, dtype=dt), 2))
_histogramdd_case("no_dims", lambda lib, rng, dt: lib.histogramdd(lib.zeros(3, 0, dtype=dt), 2))
_histogramdd_case("no_dims_list", lambda lib, rng, dt: lib.histogramdd(lib.zeros(3, 0, dtype=dt), []))
_histogramdd_case("grid", lambda lib, rng, dt: lib.histogramdd(
    lib.tensor([[0.0, 0.0], [1.0, 2.0], [2.0, 1.0], [0.5, 1.5]], dtype=dt), 2))
_histogramdd_case("equal_range", lambda lib, rng, dt: lib.histogramdd(_points(lib, rng, dt), [2, 2],
                                                                      range=[0.0, 1.0, 3.0, 3.0]))

_error_case("histogramdd/1d", lambda lib: lib.histogramdd(lib.ones(3), 2))
_error_case("histogramdd/int", lambda lib: lib.histogramdd(lib.ones(3, 2, dtype=lib.long), 2))
_error_case("histogramdd/bins_length", lambda lib: lib.histogramdd(lib.ones(3, 2), [2]))
_error_case("histogramdd/bins_zero", lambda lib: lib.histogramdd(lib.ones(3, 2), [2, 0]))
_error_case("histogramdd/edges_count", lambda lib: lib.histogramdd(lib.ones(3, 2), [lib.tensor([0.0, 1.0])]))
_error_case("histogramdd/edges_empty", lambda lib: lib.histogramdd(lib.ones(3, 2), [lib.tensor([0.0, 1.0]),
                                                                                   lib.zeros(0)]))
_error_case("histogramdd/range_length", lambda lib: lib.histogramdd(lib.ones(3, 2), 2, range=[0.0, 1.0]))
_error_case("histogramdd/min_above_max", lambda lib: lib.histogramdd(lib.ones(3, 2), 2, range=[0.0, 1.0, 3.0, 2.0]))
_error_case("histogramdd/weight_shape", lambda lib: lib.histogramdd(lib.ones(3, 2), 2, weight=lib.ones(1, 3)))
_error_case("histogramdd/bins_float", lambda lib: lib.histogramdd(lib.ones(3, 2), 2.0))
_error_case("histogramdd/bins_tensor", lambda lib: lib.histogramdd(lib.ones(3, 2), lib.tensor([0.0, 1.0])))
_error_case("histogramdd/not_tensor", lambda lib: lib.histogramdd("a", 2))


# --- isin ----------------------------------------------------------------------------------------------------------
@case("statistics/isin/values", dtypes=None)
def _isin(lib, rng, dtype):
    a = values(lib, rng.integers(0, 6, (3, 4)))
    t = values(lib, rng.integers(0, 6, (5,)))
    f = lib.tensor([1.0, 2.0, NAN, -0.0, 0.5])
    return {"int": lib.isin(a, t), "invert": lib.isin(a, t, invert=True),
            "assume_unique": lib.isin(a, lib.tensor([1, 3]), assume_unique=True),
            "keywords": lib.isin(elements=a, test_elements=t), "test_2d": lib.isin(t, a),
            "scalar_test": lib.isin(a, 2), "scalar_element": lib.isin(2, t), "float_element": lib.isin(2.5, t),
            "nan": lib.isin(f, lib.tensor([NAN, 2.0, 0.0])), "float_int": lib.isin(f, lib.tensor([2], dtype=lib.int32)),
            "int_float": lib.isin(a, lib.tensor([2.0, 1.5])), "int_scalar_float": lib.isin(a, 2.0),
            "int_half_scalar": lib.isin(a, 1.5), "uint8_int8": lib.isin(a.to(lib.uint8), lib.tensor([-1, 2],
                                                                                                    dtype=lib.int8)),
            "uint8_wrap": lib.isin(lib.tensor([255], dtype=lib.uint8), -1),
            "float32_float64": lib.isin(lib.tensor([0.1]), lib.tensor([0.1], dtype=lib.float64)),
            "float32_scalar": lib.isin(lib.tensor([0.1]), 0.1), "half": lib.isin(lib.tensor([1.5]).half(), 1.5),
            "empty_elements": lib.isin(lib.zeros(0), lib.ones(2)), "empty_test": lib.isin(f, lib.zeros(0)),
            "scalar_tensors": lib.isin(lib.tensor(1.0), lib.tensor(1.0)), "strided": lib.isin(a.mT[::2], t)}


_error_case("isin/bool", lambda lib: lib.isin(lib.tensor([True]), lib.tensor([True])))
_error_case("isin/bool_test", lambda lib: lib.isin(lib.tensor([1]), lib.tensor([True])))
_error_case("isin/bool_scalar", lambda lib: lib.isin(lib.tensor([1.0]), True))
_error_case("isin/numbers", lambda lib: lib.isin(1, 2))
_error_case("isin/str", lambda lib: lib.isin("a", lib.tensor([1])))
_error_case("isin/list", lambda lib: lib.isin(lib.tensor([1]), [1]))
_error_case("isin/invert_int", lambda lib: lib.isin(lib.tensor([1]), lib.tensor([1]), invert=1))


# --- unravel_index -------------------------------------------------------------------------------------------------
@case("statistics/unravel_index/values", dtypes=None)
def _unravel(lib, rng, dtype):
    flat = values(lib, rng.integers(0, 24, (3, 5)))
    result = {}
    for name, (indices, shape) in {
            "shape3": (flat, (2, 3, 4)), "list": (flat, [4, 6]), "size": (flat, lib.Size([24])), "int": (flat, 24),
            "int32": (flat.int(), (6, 4)), "uint8": (flat.to(lib.uint8), (3, 8)), "scalar": (lib.tensor(4), (3, 2)),
            "out_of_range": (lib.tensor([10, -1, -7]), (3, 2)), "bool_size": (lib.tensor([1]), (True, 3)),
            "empty": (lib.zeros(0, 2, dtype=lib.long), (2, 3)), "strided": (flat.mT[::2], (4, 6)),
            "keywords": (lib.tensor([5, 3]), (2, 3))}.items():
        out = lib.unravel_index(indices=indices, shape=shape) if name == "keywords" else lib.unravel_index(indices,
                                                                                                           shape)
        result.update(_named(out, name))
        result[name + "_count"] = len(out)
    result["no_dims"] = len(lib.unravel_index(lib.tensor([1]), ()))
    return result


_error_case("unravel_index/float", lambda lib: lib.unravel_index(lib.tensor([1.0]), (2, 3)))
_error_case("unravel_index/bool", lambda lib: lib.unravel_index(lib.tensor([True]), (2, 3)))
_error_case("unravel_index/negative_shape", lambda lib: lib.unravel_index(lib.tensor([1]), (-2, 3)))
_error_case("unravel_index/zero_size", lambda lib: lib.unravel_index(lib.tensor([1]), (2, 0)))
_error_case("unravel_index/zero_first", lambda lib: lib.unravel_index(lib.tensor([1]), (0, 2)))
_error_case("unravel_index/float_size", lambda lib: lib.unravel_index(lib.tensor([1]), (2.0, 3)))
_error_case("unravel_index/float_shape", lambda lib: lib.unravel_index(lib.tensor([1]), 2.0))


# --- frexp ---------------------------------------------------------------------------------------------------------
def _frexp_case(name, fn, shape):
    @case("statistics/frexp/" + name)
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape), dtype)
        m, e = fn(lib, a)
        result = grads_of(lib, rng, m, [a])
        result["exponent"] = e
        return result
    return body


_frexp_case("random", lambda lib, a: lib.frexp(a), (3, 5))
_frexp_case("method", lambda lib, a: a.frexp(), (4,))
_frexp_case("noncontiguous", lambda lib, a: lib.frexp(a.mT[::2]), (3, 4))
_frexp_case("scalar", lambda lib, a: lib.frexp(a.sum()), (3,))
_frexp_case("empty", lambda lib, a: lib.frexp(a), (0, 2))


@case("statistics/frexp/special")
def _frexp_special(lib, rng, dtype):
    tiny = 1e-310 if dtype == lib.float64 else 1e-40
    a = leaf(lib, [0.0, -0.0, 1.0, -3.0, 0.5, 8.0, tiny, float("inf"), float("-inf"), NAN, 1e30], dtype)
    m, e = lib.frexp(a)
    result = grads_of(lib, rng, m, [a])
    result.update({"exponent": e, "type": type(lib.frexp(a)).__name__})
    return result


@case("statistics/frexp/half", dtypes=None)
def _frexp_half(lib, rng, dtype):
    a = leaf(lib, [8.0, 1.0, 60000.0, 1e-7, -0.3], lib.float16)
    m, e = lib.frexp(a)
    return grads_of(lib, rng, m, [a]) | {"exponent": e}


_error_case("frexp/int", lambda lib: lib.frexp(lib.tensor([8, 1])))
_error_case("frexp/bool", lambda lib: lib.frexp(lib.tensor([True])))
_error_case("frexp/not_tensor", lambda lib: lib.frexp("a"))


# --- gradient ------------------------------------------------------------------------------------------------------
_grad_case("gradient/default", lambda lib, a: lib.gradient(a), (4, 5))
_grad_case("gradient/1d", lambda lib, a: lib.gradient(a), (6,))
_grad_case("gradient/dim_int", lambda lib, a: lib.gradient(a, dim=1), (3, 4, 5))
_grad_case("gradient/dim_list", lambda lib, a: lib.gradient(a, dim=[-1, 0]), (3, 4, 5))
_grad_case("gradient/spacing_scalar", lambda lib, a: lib.gradient(a, spacing=2.5), (4, 5))
_grad_case("gradient/spacing_int", lambda lib, a: lib.gradient(a, spacing=2), (4, 5))
_grad_case("gradient/spacing_scalars", lambda lib, a: lib.gradient(a, spacing=[2.0, -0.5]), (4, 5))
_grad_case("gradient/spacing_tuple_dim", lambda lib, a: lib.gradient(a, spacing=(3,), dim=1), (4, 5))
_grad_case("gradient/spacing_tensor_scalar", lambda lib, a: lib.gradient(a, spacing=lib.tensor(2.0)), (4, 5))
_grad_case("gradient/edge_order2", lambda lib, a: lib.gradient(a, edge_order=2), (4, 5))
_grad_case("gradient/edge_order2_spacing", lambda lib, a: lib.gradient(a, spacing=[0.5, 3.0], edge_order=2), (3, 5))
_grad_case("gradient/size2", lambda lib, a: lib.gradient(a), (2, 3))
_grad_case("gradient/size3_edge_order2", lambda lib, a: lib.gradient(a, edge_order=2), (3, 3))
_grad_case("gradient/noncontiguous", lambda lib, a: lib.gradient(a, edge_order=2), (4, 5), transposed=(0,))
_grad_case("gradient/strided", lambda lib, a: lib.gradient(a[:, ::2]), (4, 9))
_grad_case("gradient/size1_other_dim", lambda lib, a: lib.gradient(a, dim=0), (3, 1))
_grad_case("gradient/empty_other_dim", lambda lib, a: lib.gradient(a, dim=0), (3, 0))


def _gradient_coordinates(name, shape, edge_order, dim=None, transposed=False):
    """gradient with one 1-d coordinate tensor per dim (increasing, uneven), each a leaf whose gradient is
    compared."""
    @case("statistics/gradient/" + name)
    def body(lib, rng, dtype):
        a = leaf(lib, rng.standard_normal(shape), dtype)
        dims = list(range(len(shape))) if dim is None else [dim]
        coords = [leaf(lib, numpy.cumsum(rng.random(shape[d]) + 0.2), dtype) for d in dims]
        y = a.mT.mT if not transposed else a
        out = lib.gradient(y, spacing=coords, edge_order=edge_order, **({} if dim is None else {"dim": dim}))
        return grads_of(lib, rng, _flat(lib, out), [a] + coords)
    return body


_gradient_coordinates("coordinates", (4, 5), 1)
_gradient_coordinates("coordinates_edge_order2", (4, 5), 2)
_gradient_coordinates("coordinates_dim", (3, 4, 5), 1, dim=1)
_gradient_coordinates("coordinates_dim_edge_order2", (3, 4, 5), 2, dim=-1)
_gradient_coordinates("coordinates_size2", (2, 6), 1)


@case("statistics/gradient/ints", dtypes=None)
def _gradient_ints(lib, rng, dtype):
    a = values(lib, rng.integers(-5, 5, (3, 4)))
    coords = lib.tensor([0, 1, 3])
    return {"int": _flat(lib, lib.gradient(a)), "int_spacing": _flat(lib, lib.gradient(a, spacing=2)),
            "int_float_spacing": _flat(lib, lib.gradient(a, spacing=0.5, edge_order=2)),
            "int_coords": lib.gradient(a.int(), spacing=[coords], dim=0)[0],
            "float_int_coords": lib.gradient(a.float(), spacing=[coords.int()], dim=0, edge_order=2)[0],
            "float32_float64_coords": lib.gradient(a.float(), spacing=[coords.double()], dim=0)[0],
            "scalar": len(lib.gradient(lib.tensor(1.0))), "no_dims": len(lib.gradient(a, dim=[], spacing=[])),
            "zero_spacing": _flat(lib, lib.gradient(a.double(), spacing=0.0)),
            "type": type(lib.gradient(a)).__name__}


_error_case("gradient/edge_order3", lambda lib: lib.gradient(lib.ones(4, 4), edge_order=3))
_error_case("gradient/edge_order0", lambda lib: lib.gradient(lib.ones(4, 4), edge_order=0))
_error_case("gradient/too_short", lambda lib: lib.gradient(lib.ones(2, 4), edge_order=2))
_error_case("gradient/size1", lambda lib: lib.gradient(lib.ones(1, 4)))
_error_case("gradient/empty", lambda lib: lib.gradient(lib.zeros(0, 3)))
_error_case("gradient/bool", lambda lib: lib.gradient(lib.tensor([True, False, True])))
_error_case("gradient/dim_out_of_range", lambda lib: lib.gradient(lib.ones(3, 4), dim=2))
_error_case("gradient/dim_repeated", lambda lib: lib.gradient(lib.ones(3, 4), dim=(0, 0)))
_error_case("gradient/spacing_length", lambda lib: lib.gradient(lib.ones(3, 4), spacing=[1.0, 2.0, 3.0]))
_error_case("gradient/spacing_length_dim", lambda lib: lib.gradient(lib.ones(3, 4), spacing=[1.0, 2.0], dim=0))
_error_case("gradient/spacing_0d_tensor", lambda lib: lib.gradient(lib.ones(3, 4), spacing=[lib.tensor(2.0)], dim=0))
_error_case("gradient/spacing_2d_tensor", lambda lib: lib.gradient(lib.ones(3, 4), spacing=[lib.ones(1, 3)], dim=0))
_error_case("gradient/spacing_mixed", lambda lib: lib.gradient(lib.ones(3, 4), spacing=[lib.ones(3), 2.0]))
_error_case("gradient/spacing_tensor", lambda lib: lib.gradient(lib.ones(3, 4), spacing=lib.ones(3), dim=0))
_error_case("gradient/spacing_str", lambda lib: lib.gradient(lib.ones(3, 4), spacing="a"))
_error_case("gradient/not_tensor", lambda lib: lib.gradient("a"))


# --- trapezoid, trapz, cumulative_trapezoid ------------------------------------------------------------------------
for _name in ("trapezoid", "trapz", "cumulative_trapezoid"):
    def _rule(lib, *args, _fn=_name, **kwargs):
        return getattr(lib, _fn)(*args, **kwargs)
    _grad_case(_name + "/default", lambda lib, y, f=_rule: f(lib, y), (3, 5))
    _grad_case(_name + "/1d", lambda lib, y, f=_rule: f(lib, y), (6,))
    _grad_case(_name + "/dim0", lambda lib, y, f=_rule: f(lib, y, dim=0), (4, 3))
    _grad_case(_name + "/dx", lambda lib, y, f=_rule: f(lib, y, dx=2.5), (3, 5))
    _grad_case(_name + "/dx_int_tensor", lambda lib, y, f=_rule: f(lib, y, dx=lib.tensor(2)), (3, 5))
    _grad_case(_name + "/x_1d", lambda lib, y, x, f=_rule: f(lib, y, x), (3, 5), (5,))
    _grad_case(_name + "/x_1d_dim", lambda lib, y, x, f=_rule: f(lib, y, x, dim=1), (3, 4, 2), (4,))
    _grad_case(_name + "/x_full", lambda lib, y, x, f=_rule: f(lib, y, x), (3, 5), (3, 5))
    _grad_case(_name + "/x_broadcast", lambda lib, y, x, f=_rule: f(lib, y, x, dim=-1), (3, 5), (1, 5))
    _grad_case(_name + "/x_full_dim0", lambda lib, y, x, f=_rule: f(lib, y, x, dim=0), (4, 3), (4, 3))
    _grad_case(_name + "/size1", lambda lib, y, f=_rule: f(lib, y), (3, 1))
    _grad_case(_name + "/size1_x", lambda lib, y, x, f=_rule: f(lib, y, x), (3, 1), (1,))
    _grad_case(_name + "/empty_batch", lambda lib, y, f=_rule: f(lib, y), (0, 4))
    _grad_case(_name + "/noncontiguous", lambda lib, y, x, f=_rule: f(lib, y, x), (3, 5), (3, 5), transposed=(0, 1))
    _grad_case(_name + "/strided", lambda lib, y, f=_rule: f(lib, y[:, ::2], dx=0.5), (3, 9))

    def _ints(lib, rng, dtype, f=_rule):
        y = values(lib, rng.integers(-5, 5, (3, 4)))
        x = lib.tensor([0, 1, 3, 4])
        return {"int": f(lib, y), "int_dx": f(lib, y, dx=2), "int_float_dx": f(lib, y, dx=0.5),
                "int_x": f(lib, y, x), "int32_x": f(lib, y.int(), x), "float_x64": f(lib, y.float(), x.double()),
                "size1_int": f(lib, lib.ones(3, 1, dtype=lib.long)),
                "empty_int": f(lib, lib.zeros(3, 0, dtype=lib.long)),
                "empty_int_x": f(lib, lib.zeros(3, 0, dtype=lib.int32), lib.zeros(0)),
                "empty_float": f(lib, lib.zeros(3, 0), dx=2.0)}
    _values_case(_name + "/ints", _ints)

    _error_case(_name + "/bool", lambda lib, f=_rule: f(lib, lib.tensor([True, False, True])))
    _error_case(_name + "/bool_dx", lambda lib, f=_rule: f(lib, lib.tensor([True, False]), dx=1.0))
    _error_case(_name + "/scalar", lambda lib, f=_rule: f(lib, lib.tensor(1.0)))
    _error_case(_name + "/dim_out_of_range", lambda lib, f=_rule: f(lib, lib.ones(3, 4), dim=2))
    _error_case(_name + "/x_length", lambda lib, f=_rule: f(lib, lib.ones(3, 4), lib.ones(3)))
    _error_case(_name + "/x_broadcast", lambda lib, f=_rule: f(lib, lib.ones(3, 4), lib.ones(2, 4)))
    _error_case(_name + "/x_and_dx", lambda lib, f=_rule: f(lib, lib.ones(3, 4), lib.ones(4), dx=2.0))
    _error_case(_name + "/x_number", lambda lib, f=_rule: f(lib, lib.ones(3, 4), 2.0))
    _error_case(_name + "/dim_positional", lambda lib, f=_rule: f(lib, lib.ones(3, 4), lib.ones(4), 1))
    _error_case(_name + "/not_tensor", lambda lib, f=_rule: f(lib, "a"))


# --- second order ----------------------------------------------------------------------------------------------
def _second_order_case(name, fn, *shapes):
    """The gradients of sum(first-order gradients * random weights): double backward through the composition."""
    @case("statistics/second_order/" + name)
    def body(lib, rng, dtype):
        leaves = [leaf(lib, rng.standard_normal(s) if i == 0 else numpy.cumsum(rng.random(s) + 0.2), dtype)
                  for i, s in enumerate(shapes)]
        out = fn(lib, *leaves)
        out = _flat(lib, out) if isinstance(out, tuple) else out
        upstream = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=dtype)
        first = lib.autograd.grad(out, leaves, upstream, create_graph=True)
        total = sum((g * lib.tensor(rng.standard_normal(tuple(g.shape)), dtype=dtype)).sum() for g in first)
        second = lib.autograd.grad(total, leaves, allow_unused=True)
        return {"out": out, **_named(first, "first"), **_named(second, "second")}
    return body


_second_order_case("cov", lambda lib, a: lib.cov(a), (3, 5))
_second_order_case("cov_aweights", lambda lib, a, w: lib.cov(a, aweights=w), (3, 5), (5,))
_second_order_case("corrcoef", lambda lib, a: lib.corrcoef(a), (3, 5))
_second_order_case("gradient_coordinates", lambda lib, a, x: lib.gradient(a, spacing=[x], dim=1, edge_order=2),
                   (3, 5), (5,))
_second_order_case("trapezoid_x", lambda lib, y, x: lib.trapezoid(y, x), (3, 5), (5,))
_second_order_case("cumulative_trapezoid_x", lambda lib, y, x: lib.cumulative_trapezoid(y, x), (3, 5), (5,))
