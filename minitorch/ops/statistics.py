"""Statistics: cov, corrcoef, nanmedian, histogram/histogramdd, isin, unravel_index, frexp, gradient, trapezoid/trapz
and cumulative_trapezoid.

cov, corrcoef, gradient and the trapezoid rules are compositions of differentiable ops (so their gradients, for
every tensor argument, are torch's); nanmedian gathers its picks from the input (the gradient goes to the chosen
index); frexp's mantissa has torch's gradient g / 2^exponent; the histograms, isin and unravel_index are counts and
indices, without gradient.
"""
import builtins
import functools
import math
import warnings
from numbers import Number

from .. import dtypes as _dt
from ..autograd.function import Function
from ..creation import linspace, zeros
from ..tensor import Tensor, _type_name, _wrap_dim
from ._util import c10_name, dims_of, promote, wrap
from .arguments import check_bool
from .index import gather, masked_fill
from .reduce import _named
from .shape import cat
from .topk_order import _nth_element


def _invalid_arguments(name, *args, **kwargs):
    """torch's TypeError for a call no overload of name takes: "trapezoid() received an invalid combination of
    arguments - got (Tensor, float, dx=float)"."""
    got = [_arg_type(a) for a in args] + ["%s=%s" % (k, _arg_type(v)) for k, v in kwargs.items()]
    return TypeError("%s() received an invalid combination of arguments - got (%s)" % (name, ", ".join(got)))


def _arg_type(value):
    return "Tensor" if isinstance(value, Tensor) else type(value).__name__


def _slice(t, dim, start=None, stop=None):
    """t[..., start:stop, ...] along dim (empty where the range is)."""
    return t[(slice(None),) * dim + (slice(start, stop),)]


def _along(t, dim, ndim):
    """A 1-d t shaped to broadcast along dim of an ndim-d tensor."""
    return t.reshape([-1 if d == dim else 1 for d in range(ndim)])


# --- covariance and correlation ---------------------------------------------------------------------------------
def cov(input, *, correction=1, fweights=None, aweights=None):
    """Covariance of the rows (variables) over the columns (observations), weight w = fweights * aweights:
    (X - avg) (w (X - avg))^T / (sum w - correction * sum(w aweights) / sum w), avg the w-weighted row mean."""
    if not isinstance(correction, int) or isinstance(correction, bool):
        raise TypeError("cov(): argument 'correction' must be int, not %s" % type(correction).__name__)
    if input.dim() > 2:
        raise RuntimeError("cov(): expected input to have two or fewer dimensions but got an input with %d "
                           "dimensions" % input.dim())
    if input.dtype is _dt.bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input if input.dim() == 2 else input.reshape(1, -1)
    observations = x.shape[1]
    _check_weights("fweights", fweights, observations, integral=True)
    _check_weights("aweights", aweights, observations, integral=False)
    w = fweights if aweights is None else aweights if fweights is None else fweights * aweights
    if w is None:
        w_sum, norm = observations, observations - correction
    else:
        w_sum = w.sum()
        if not bool(w_sum != 0):
            raise RuntimeError("cov(): weights sum to zero, can't be normalized")
        norm = w_sum - correction * ((w * aweights).sum() / w_sum if aweights is not None and correction else 1)
    if bool(norm <= 0):
        warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly less than the number of "
                      "observations.")
        norm = norm - norm  # torch clamps the dof at +0 (norm * 0 would be -0: -inf instead of inf)
    avg = (x if w is None else x * w).sum(1) / w_sum
    centered = x - avg.unsqueeze(1)
    return (centered.matmul((centered if w is None else centered * w).t()) / norm).squeeze()


def _check_weights(name, weights, observations, integral):
    if weights is None:
        return
    if not isinstance(weights, Tensor):
        raise TypeError("cov(): argument '%s' must be Tensor, not %s" % (name, type(weights).__name__))
    if weights.dim() > 1:
        raise RuntimeError("cov(): expected %s to have one or fewer dimensions but got %s with %d dimensions"
                           % (name, name, weights.dim()))
    if integral and (weights.dtype.is_floating_point or weights.dtype is _dt.bool_):
        raise RuntimeError("cov(): expected fweights to have integral dtype but got fweights with %s dtype"
                           % _type_name(weights.dtype))
    if not integral and not weights.dtype.is_floating_point:
        raise RuntimeError("cov(): expected aweights to have floating point dtype but got aweights with %s dtype"
                           % _type_name(weights.dtype))
    if weights.numel() != observations:
        raise RuntimeError("cov(): expected %s to have the same numel as there are observations in the input but "
                           "got %d != %d" % (name, weights.numel(), observations))
    if bool((weights < 0).any()):
        raise RuntimeError("cov(): %s cannot be negative" % name)


def corrcoef(input):
    """Pearson correlation: cov / (std_i std_j), clipped to [-1, 1] (1 or NaN for a single variable)."""
    if input.dim() > 2:
        raise RuntimeError("corrcoef(): expected input to have two or fewer dimensions but got an input with %d "
                           "dimensions" % input.dim())
    c = cov(input)
    if c.dim() == 0:
        return c / c
    std = c.diagonal().sqrt()
    return (c / std.unsqueeze(1) / std.unsqueeze(0)).clip(-1, 1)


# --- nanmedian --------------------------------------------------------------------------------------------------
def nanmedian(input, dim=None, keepdim=False):
    """The lower median of the non-NaN values (NaN where all are NaN); along dim also its index, which gets the
    gradient. Without dim the gradient is shared by every element equal to the median, as median's."""
    if input.dtype is _dt.bool_:
        kernel = "median_cpu" if dim is None else "median_out"
        raise NotImplementedError("\"%s\" not implemented for 'Bool'" % kernel)
    if dim is None:
        if keepdim is not False:
            raise TypeError("nanmedian() missing 1 required positional arguments: \"dim\"")
        return _nanmedian_all(input)
    d = _wrap_dim(dim, input.dim())
    xp = input.xp
    if input.dim() == 0:
        return _named("nanmedian")(input.clone(), wrap(xp.zeros((), dtype="int64")))
    size = input.shape[d]
    if size == 0:
        raise IndexError("median(): Expected reduction dim %d to have non-zero size." % d)
    a = input._data
    order = xp.argsort(a, axis=d, kind="stable")  # NaNs last, ties in their original order
    if input.dtype.is_floating_point:
        numbers = (~xp.isnan(a)).sum(axis=d, keepdims=True)  # each row's count of non-NaN values
    else:
        numbers = xp.full(a.shape[:d] + (1,) + a.shape[d + 1:], size)
    idx = xp.take_along_axis(order, xp.maximum(numbers - 1, 0) // 2, axis=d)
    if (numbers == 0).any():
        idx = xp.where(numbers == 0, _all_nan_pick(size), idx)
    indices = wrap(idx.astype("int64"))
    values = gather(input, d, indices)
    if not keepdim:
        values, indices = values.squeeze(d), indices.squeeze(d)
    return _named("nanmedian")(values, indices)


@functools.lru_cache(maxsize=None)
def _all_nan_pick(size):
    """The index torch reports for a row of NaNs only: where its nth_element (all elements tied) leaves the first."""
    row = list(range(size))
    _nth_element(row, 0, 0, size, lambda a, b: False)
    return row[0]


def _nanmedian_all(input):
    flat = input.reshape(-1)
    if flat.numel() == 0:
        return wrap(input.xp.full((), float("nan")).astype(input.dtype.np))
    picked = nanmedian(flat.detach(), 0).values
    if not input.requires_grad and input._fw_grad is None:  # (a dual tensor's median has a tangent)
        return picked
    ties = (input == picked) | (input.isnan() & picked.isnan())  # NaN equal to NaN
    share = masked_fill(input, ~ties, 0).sum() / ties.sum()
    return picked + (share - share.detach())


# --- histograms -------------------------------------------------------------------------------------------------
def histogram(input, bins=100, *, range=None, weight=None, density=False):
    """Counts (or weight sums) of the elements in bins: ``bins`` equal-width bins over range (the data's
    [min, max] by default) or the bins given by a 1-d tensor of edges; the last bin includes its right edge.
    density: divided by the total and the bin widths. Returns (hist, bin_edges)."""
    if isinstance(bins, Tensor):
        if range is not None:
            raise _invalid_arguments("histogram", input, bins, range=range)
        edges = [bins]
    elif isinstance(bins, int) and not isinstance(bins, bool):
        edges = bins
    else:
        raise _invalid_arguments("histogram", input, bins)
    if weight is not None and isinstance(input, Tensor) and weight.numel() != input.numel():
        raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have the same shape as the "
                           "input tensor excluding its innermost dimension, but got input with shape %s and weight "
                           "with shape %s" % ([input.numel(), 1], list(weight.shape)))
    hist, edges = _histogram(input.reshape(-1, 1), edges, range, weight, density)
    return _named("histogram", ("hist", "bin_edges"))(hist, edges[0])


def histogramdd(input, bins, range=None, weight=None, density=False):
    """histogram of the points in input's last dim (N coordinates, the other dims flattened): bins an int, N ints
    or N 1-d tensors of edges; range N (min, max) pairs, flattened. Returns (hist, bin_edges)."""
    if not isinstance(input, Tensor):
        raise _invalid_arguments("histogramdd", input, bins)
    if isinstance(bins, (list, tuple)) and bins and all(isinstance(b, Tensor) for b in bins):
        edges = list(bins)  # explicit edges: range is ignored, as in torch
    elif isinstance(bins, int) and not isinstance(bins, bool):
        edges = bins
    elif isinstance(bins, (list, tuple)) and all(isinstance(b, int) and not isinstance(b, bool) for b in bins):
        if input.dim() >= 1 and len(bins) != input.shape[-1]:
            raise RuntimeError("histogramdd: The size of bins must be equal to the innermost dimension of the input.")
        edges = list(bins)
    else:
        raise _invalid_arguments("histogramdd", input, bins)
    if input.dim() < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    points = input.reshape(math.prod(input.shape[:-1]), input.shape[-1])
    if weight is not None and tuple(weight.shape) != tuple(input.shape[:-1]):
        raise RuntimeError("torch.histogramdd: if weight tensor is provided it should have the same shape as the "
                           "input tensor excluding its innermost dimension, but got input with shape %s and weight "
                           "with shape %s" % (list(input.shape), list(weight.shape)))
    hist, edges = _histogram(points, edges, range, weight, density)
    return _named("histogramdd", ("hist", "bin_edges"))(hist, tuple(edges))


def _histogram(points, bins, range, weight, density):
    """The histogram of the rows of points (M, N): bins is a count for every dim, a list of N counts or a list of
    N edge tensors."""
    xp, dtype, n = points.xp, points.dtype, points.shape[1]
    if dtype not in (_dt.float32, _dt.float64):
        raise NotImplementedError("\"histogramdd\" not implemented for '%s'" % _type_name(dtype))
    if isinstance(bins, list) and isinstance(bins[0] if bins else None, Tensor):
        if len(bins) != n:
            raise RuntimeError("torch.histogramdd: expected %d sequences of bin edges for a %d-dimensional "
                               "histogram but got %d" % (n, n, len(bins)))
        edges = [_checked_edges(e, dtype, k) for k, e in enumerate(bins)]
    else:
        counts = bins if isinstance(bins, list) else [bins] * n
        for k, count in enumerate(counts):
            if count <= 0:
                raise RuntimeError("torch.histogram(): bins must be > 0, but got %d for dimension %d" % (count, k))
        if range is not None and len(range) != 2 * n:
            raise RuntimeError("torch.histogramdd: for a %d-dimensional histogram range should have %d elements, but "
                               "got %d" % (n, 2 * n, len(range)))
        edges = [_even_edges(points._data[:, k], counts[k], None if range is None else range[2 * k:2 * k + 2],
                             dtype, k) for k in builtins.range(n)]
    if weight is not None and weight.dtype is not dtype:
        raise RuntimeError("torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should "
                           "have the same dtype, but got input(%s), and weight(%s)"
                           % (c10_name(dtype), c10_name(weight.dtype)))
    hist = _bin_counts(xp, points._data, [e._data for e in edges], None if weight is None else weight._data)
    hist = wrap(hist.astype(dtype.np))
    if density:
        hist = hist / hist.sum()
        for k, e in enumerate(edges):
            hist = hist / _along(e.diff(), k, n)
    return hist, edges


def _checked_edges(edges, dtype, k):
    if edges.dim() != 1:
        raise RuntimeError("torch.histogramdd: bins tensor should have one dimension, but got %d dimensions in the "
                           "bins tensor for dimension %d" % (edges.dim(), k))
    if edges.numel() == 0:
        raise RuntimeError("torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the "
                           "bins tensor for dimension %d" % k)
    if edges.dtype is not dtype:
        raise RuntimeError("torch.histogramdd: input tensor and bins tensors should have the same dtype, but got "
                           "input with dtype %s and bins for dimension %d with dtype %s"
                           % (c10_name(dtype), k, c10_name(edges.dtype)))
    if edges.numel() == 1:
        raise RuntimeError("torch.histogram(): bins must be > 0, but got 0 for dimension %d" % k)
    return edges.detach().clone()


def _even_edges(column, count, bounds, dtype, k):
    """count + 1 equally spaced edges over bounds (the column's [min, max]; [0, 1] when empty), widened by 1/2
    either way when the two are equal."""
    if bounds is not None:
        lo, hi = float(bounds[0]), float(bounds[1])
    elif column.size:
        lo, hi = float(column.min()), float(column.max())
    else:
        lo, hi = 0.0, 1.0
    if not (abs(lo) < float("inf") and abs(hi) < float("inf")):
        raise RuntimeError("torch.histogramdd: dimension %d's range [%g, %g] is not finite" % (k, lo, hi))
    if lo > hi:
        raise RuntimeError("torch.histogramdd: min should not exceed max, but got min %g max %g for dimension %d"
                           % (lo, hi, k))
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return linspace(lo, hi, count + 1, dtype=dtype)


def _bin_counts(xp, points, edges, weight):
    """Counts (or weight sums) per N-d bin, in C order: along each dim a value is in bin j when
    edges[j] <= value < edges[j + 1] (<= for the last bin); a point outside the edges of any dim (or NaN) counts
    nowhere."""
    if not edges:
        return xp.zeros(())
    inside = xp.ones(points.shape[0], dtype=bool)
    flat = xp.zeros(points.shape[0], dtype="int64")
    for k, e in enumerate(edges):
        column = points[:, k]
        inside &= (column >= e[0]) & (column <= e[-1])
        position = xp.minimum(xp.searchsorted(e, column, side="right") - 1, e.size - 2)
        flat = flat * (e.size - 1) + position
    shape = tuple(e.size - 1 for e in edges)
    picked = None if weight is None else weight.reshape(-1)[inside].astype("float64")
    return xp.bincount(flat[inside], weights=picked, minlength=math.prod(shape)).reshape(shape)


# --- membership and indices -------------------------------------------------------------------------------------
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """Whether each element is among test_elements (compared in their promoted dtype; NaN is in nothing); invert
    negates. Either side may be a number."""
    if not (isinstance(elements, Tensor) and isinstance(test_elements, (Tensor, Number))
            or isinstance(elements, Number) and isinstance(test_elements, Tensor)):
        raise _invalid_arguments("isin", elements, test_elements)
    check_bool("isin", "assume_unique", None, assume_unique)
    check_bool("isin", "invert", None, invert)
    if any(x.dtype is _dt.bool_ if isinstance(x, Tensor) else isinstance(x, bool) for x in (elements, test_elements)):
        raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    a, b, dt = promote("isin", elements, test_elements)
    xp = (a if isinstance(a, Tensor) else b).xp
    values = [xp.asarray(t._data if isinstance(t, Tensor) else t, dtype=dt.np) for t in (a, b)]
    return wrap(xp.asarray(xp.isin(values[0], values[1].reshape(-1), invert=invert)))


def unravel_index(indices, shape):
    """The coordinates, one int64 tensor per dim of shape, of each flat (row-major) index: (i // stride_k) %
    shape_k, stride_k the product of the sizes after k (negative indices count from the end)."""
    if indices.is_floating_point() or indices.dtype is _dt.bool_:
        raise TypeError("expected 'indices' to be integer dtype, but got %s" % indices.dtype)
    if isinstance(shape, int):
        shape = (shape,)
    elif not isinstance(shape, (list, tuple)):
        raise TypeError("expected 'shape' to be int or sequence of ints, but got %s" % type(shape))
    for size in shape:
        if not isinstance(size, int):
            raise TypeError("expected 'shape' sequence to only contain ints, but got %s" % type(size))
    shape = tuple(int(size) for size in shape)
    if any(size < 0 for size in shape):
        raise ValueError("'shape' cannot have negative values, but got %s" % (shape,))
    if 0 in shape:
        raise RuntimeError("ZeroDivisionError")
    xp, flat = indices.xp, indices._data.astype("int64")
    coordinates, stride = [], 1
    for size in reversed(shape):
        coordinates.append(wrap(xp.asarray((flat // stride) % size)))
        stride *= size
    return tuple(reversed(coordinates))


# --- frexp ------------------------------------------------------------------------------------------------------
class Frexp(Function):
    """The mantissa m of x = m 2^e, found beforehand with e; d m / dx = 1 / 2^e (2^e in the default float dtype,
    as torch computes it)."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, mantissa, exponent):
        ctx.exponent = exponent
        return wrap(mantissa)

    @staticmethod
    def backward(ctx, g):
        return g / ctx.exponent.exp2(), None, None


def frexp(input):
    """(mantissa, exponent): input = mantissa * 2^exponent, 0.5 <= |mantissa| < 1 (0, inf and NaN kept, exponent
    0), the exponent int32."""
    if not input.dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    mantissa, exponent = input.xp.frexp(input._data)
    exponent = wrap(exponent.astype("int32"))
    return _named("frexp", ("mantissa", "exponent"))(Frexp.apply(input, mantissa.astype(input.dtype.np), exponent),
                                                     exponent)


# --- numerical differentiation and integration ------------------------------------------------------------------
def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """The derivative along each dim by central differences (second-order accurate inside, edge_order at the
    ends), with spacing a number for every dim, one number per dim, or one 1-d tensor of coordinates per dim."""
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    no_dims = isinstance(dim, (list, tuple)) and not dim  # dims_of reads () as all dims
    dims = [] if no_dims else list(dims_of(dim, input.dim()))
    spacings = _spacings(input, spacing, dim, dims)
    for d in dims:
        if input.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1")
    return tuple(_derivative(input, d, h, edge_order) for d, h in zip(dims, spacings))


def _spacings(input, spacing, dim, dims):
    """One spacing (a number or a 1-d coordinate tensor) per dim in dims."""
    if spacing is None:
        spacing = 1
    if isinstance(spacing, Tensor) and spacing.dim() == 0:
        spacing = spacing.item()
    if isinstance(spacing, Number):
        return [spacing] * len(dims)
    if not isinstance(spacing, (list, tuple)):
        raise _invalid_arguments("gradient", input, spacing=spacing)
    if len(spacing) != len(dims):
        if dim is None:
            raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar, or a list of length "
                               "equal to 'self.dim() = %d', since dim argument was not given, but got a list of "
                               "length %d" % (input.dim(), len(spacing)))
        raise RuntimeError("torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim "
                           "arguments to have the same length, but got a spacing argument of length %d and a dim "
                           "argument of length %d." % (len(spacing), len(dims)))
    if spacing and isinstance(spacing[0], Tensor):
        for i, h in enumerate(spacing):
            if not isinstance(h, Tensor):
                raise TypeError("expected Tensor as element %d in argument 1, but got %s" % (i, type(h).__name__))
            if h.dim() != 1:
                raise RuntimeError("torch.gradient expected each element of spacing to have one dimension, but got "
                                   "an element with %d dimensions!" % h.dim())
    return list(spacing)


def _derivative(y, d, h, edge_order):
    """dy/dx along d: inside, the three-point rule for the spacings (hl, hr) to the neighbours,
    (hl^2 y_next + (hr^2 - hl^2) y - hr^2 y_prev) / (hl hr (hl + hr)) ((y_next - y_prev) / 2h when even); at the
    ends one-sided differences of order edge_order."""
    n = y.dim()
    ends = [_slice(y, d, i, i + 1 or None) for i in ((0, 1, 2, -3, -2, -1) if edge_order == 2 else (0, 1, -2, -1))]
    before, middle, after = _slice(y, d, None, -2), _slice(y, d, 1, -1), _slice(y, d, 2, None)
    if not isinstance(h, Tensor):
        inside = (after - before) / h / 2
        if edge_order == 1:
            first, last = (ends[1] - ends[0]) / h, (ends[3] - ends[2]) / h
        else:
            y0, y1, y2, y3, y4, y5 = ends
            first = (-1.5 * y0 + 2 * y1 - 0.5 * y2) / h
            last = (0.5 * y3 - 2 * y4 + 1.5 * y5) / h
        return cat([first, inside, last], d)
    steps = _along(h.diff(), d, n)
    left, right = _slice(steps, d, None, -1), _slice(steps, d, 1, None)
    inside = (-right / (left * (left + right)) * before + (right - left) / (left * right) * middle
              + left / (right * (left + right)) * after)
    if edge_order == 1:
        first = (ends[1] - ends[0]) / _slice(steps, d, 0, 1)
        last = (ends[3] - ends[2]) / _slice(steps, d, -1, None)
    else:
        y0, y1, y2, y3, y4, y5 = ends
        a, b = _slice(steps, d, 0, 1), _slice(steps, d, 1, 2)
        first = (-(2 * a + b) / (a * (a + b)) * y0 + (a + b) / (a * b) * y1 - a / (b * (a + b)) * y2)
        a, b = _slice(steps, d, -2, -1), _slice(steps, d, -1, None)
        last = (b / (a * (a + b)) * y3 - (a + b) / (a * b) * y4 + (2 * b + a) / (b * (a + b)) * y5)
    return cat([first, inside, last], d)


def trapezoid(y, x=None, *, dx=None, dim=-1):
    """The trapezoidal rule along dim: sum of (y_i + y_{i+1}) / 2 times the step (x_{i+1} - x_i, or dx)."""
    return _trapezoid_rule("trapezoid", y, x, dx, dim, cumulative=False)


def trapz(y, x=None, *, dx=None, dim=-1):
    """trapezoid's older name."""
    return _trapezoid_rule("trapz", y, x, dx, dim, cumulative=False)


def cumulative_trapezoid(y, x=None, *, dx=None, dim=-1):
    """The running trapezoidal sums along dim (one fewer than y's size there)."""
    return _trapezoid_rule("cumulative_trapezoid", y, x, dx, dim, cumulative=True)


def _trapezoid_rule(name, y, x, dx, dim, cumulative):
    if not isinstance(y, Tensor):
        raise TypeError("%s(): argument 'y' (position 1) must be Tensor, not %s" % (name, type(y).__name__))
    if (x is not None and (not isinstance(x, Tensor) or dx is not None)
            or dx is not None and not isinstance(dx, (Number, Tensor))):
        raise _invalid_arguments(name, y, *([] if x is None else [x]), **({} if dx is None else {"dx": dx}))
    rule = "cumulative_trapezoid" if cumulative else "trapezoid"
    if y.dtype is _dt.bool_:
        raise RuntimeError("%s: received a bool input for `y`, but bool is not supported" % rule)
    if y.dim() == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor." if cumulative else
                         "Dimension specified as %d but tensor has no dimensions" % dim)
    d = _wrap_dim(dim, y.dim())
    if y.shape[d] == 0 and not cumulative:
        return zeros([s for k, s in enumerate(y.shape) if k != d], dtype=y.dtype)
    pairs = _slice(y, d, 1, None) + _slice(y, d, None, -1)  # y_{i+1} + y_i
    if x is None:
        step = 1 if dx is None else dx.item() if isinstance(dx, Tensor) else dx
        if cumulative:
            return (step / 2 * pairs).cumsum(d)
        return (y.sum(d) - (y.select(d, 0) + y.select(d, -1)) * 0.5) * step
    if x.dim() == 1:
        if x.shape[0] != y.shape[d]:
            raise RuntimeError("%s: There must be one `x` value for each sample point" % rule)
        steps = _along(x.diff(), d, y.dim())
    else:
        steps = x.diff(dim=dim)
    return (pairs * steps / 2).cumsum(d) if cumulative else (pairs * steps).sum(d) / 2


FUNCTIONS = ["cov", "corrcoef", "nanmedian", "histogram", "histogramdd", "isin", "unravel_index", "frexp",
             "gradient", "trapezoid", "trapz", "cumulative_trapezoid"]
NOT_METHODS = ["histogramdd", "isin", "unravel_index", "gradient", "trapezoid", "trapz", "cumulative_trapezoid"]
METHODS = {}
INPLACE_OF = {}
