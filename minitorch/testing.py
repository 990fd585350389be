"""minitorch.testing: ``assert_close`` with torch's default tolerances and failure messages, and ``make_tensor``.

A comparison runs on host copies of the values (NumPy), whatever device the tensors live on."""
import math
from collections.abc import Mapping, Sequence

import numpy as np

from . import backend, dtypes
from .tensor import Tensor

# (rtol, atol) by dtype, torch's defaults; integer and bool dtypes compare exactly
_TOLERANCES = {dtypes.float16: (1e-3, 1e-5), dtypes.float32: (1.3e-6, 1e-5), dtypes.float64: (1e-7, 1e-7)}
_PYTHON_DTYPE = {bool: dtypes.bool_, int: dtypes.int64, float: dtypes.float64}


class _Failure(AssertionError):
    """A mismatch found inside nested inputs; ``where`` records the item path for the message."""

    def __init__(self, message, where=""):
        super().__init__(message)
        self.message, self.where = message, where


def _tolerances(dtype_a, dtype_b, rtol, atol):
    if (rtol is None) != (atol is None):
        raise ValueError("Both 'rtol' and 'atol' must be either specified or omitted, but got no %s."
                         % ("rtol" if rtol is None else "atol"))
    if rtol is not None:
        return rtol, atol
    pairs = [_TOLERANCES.get(d, (0.0, 0.0)) for d in (dtype_a, dtype_b)]
    return max(p[0] for p in pairs), max(p[1] for p in pairs)


def _as_array(value):
    if isinstance(value, Tensor):
        return backend.to_numpy(value.detach()._data), value.dtype
    return np.asarray(value), _PYTHON_DTYPE[type(value)]


def _close_mask(a, e, rtol, atol, equal_nan):
    # |a - e| <= atol + rtol * |e|, infinities equal only to themselves, NaN equal to NaN only with equal_nan
    a, e = a.astype(np.float64), e.astype(np.float64)
    with np.errstate(invalid="ignore"):
        close = (a == e) | (np.isfinite(a) & np.isfinite(e) & (np.abs(a - e) <= atol + rtol * np.abs(e)))
    return close | (np.isnan(a) & np.isnan(e)) if equal_nan else close


def _differences(a, e, double):
    # the per-element |a - e| and |a - e| / |e|, in the compared dtype as torch reports them (scalars: in double)
    work = np.float64 if double else a.dtype if a.dtype.kind == "f" else np.float32
    with np.errstate(divide="ignore", invalid="ignore"):
        diff = np.abs(a.astype(np.float64) - e.astype(np.float64)).astype(work)
        return diff, (diff / np.abs(e.astype(work))).astype(work)


def _compare_values(a, e, rtol, atol, equal_nan, scalar):
    close = _close_mask(a, e, rtol, atol, equal_nan)
    if close.all():
        return
    diff, rel = _differences(a, e, double=scalar)
    allowed = rtol or atol
    show = float if a.dtype.kind == "f" else int  # integer and bool differences print as integers
    if scalar:
        lines = ["Scalars are %s!" % ("not close" if allowed else "not equal"), "",
                 "Expected %s but got %s." % (e.item(), a.item()),
                 "Absolute difference: %s%s" % (show(diff), " (up to %s allowed)" % atol if allowed else ""),
                 "Relative difference: %s%s" % (float(rel), " (up to %s allowed)" % rtol if allowed else "")]
        raise _Failure("\n".join(lines))
    bad = ~close
    count, total = int(bad.sum()), close.size

    def worst(values):
        values = np.where(bad, values, 0)
        flat = int(np.nanargmax(values)) if not np.isnan(values).all() else 0
        return values.reshape(-1)[flat], tuple(int(i) for i in np.unravel_index(flat, values.shape))

    (d, d_at), (r, r_at) = worst(diff), worst(rel)
    lines = ["Tensor-likes are %s!" % ("not close" if allowed else "not equal"), "",
             "Mismatched elements: %d / %d (%.1f%%)" % (count, total, 100.0 * count / total),
             "Greatest absolute difference: %s at index %s%s" % (show(d), d_at,
                                                                 " (up to %s allowed)" % atol if allowed else ""),
             "Greatest relative difference: %s at index %s%s" % (
                 float(r), r_at, " (up to %s allowed)" % rtol if allowed else "")]
    raise _Failure("\n".join(lines))


def _compare_leaves(actual, expected, rtol, atol, equal_nan, check_dtype, check_device):
    a_is, e_is = isinstance(actual, Tensor), isinstance(expected, Tensor)
    numbers = (bool, int, float)
    if a_is != e_is or not (a_is or (type(actual) in numbers and type(expected) in numbers)):
        raise TypeError("No comparison pair was able to handle inputs of type %s and %s."
                        % (type(actual), type(expected)))
    if not a_is:
        if type(actual) is not type(expected):
            raise _Failure("The (d)types do not match: %s != %s." % (type(actual), type(expected)))
    else:
        if actual.shape != expected.shape:
            raise _Failure("The values for attribute 'shape' do not match: %s != %s."
                           % (actual.shape, expected.shape))
        if check_device and actual.device != expected.device:
            raise _Failure("The values for attribute 'device' do not match: %s != %s."
                           % (actual.device, expected.device))
        if check_dtype and actual.dtype != expected.dtype:
            raise _Failure("The values for attribute 'dtype' do not match: %s != %s."
                           % (actual.dtype, expected.dtype))
    (a, a_dtype), (e, e_dtype) = _as_array(actual), _as_array(expected)
    rtol, atol = _tolerances(a_dtype, e_dtype, rtol, atol)
    if a_dtype is not e_dtype:  # (check_dtype=False) compared in the promoted dtype, as torch does
        common = dtypes.promote_types(a_dtype, e_dtype).np
        a, e = a.astype(common), e.astype(common)
    _compare_values(a, e, rtol, atol, equal_nan, scalar=a.ndim == 0)


def _compare(actual, expected, options, where=()):
    def nested(a, e, key):
        try:
            _compare(a, e, options, where + (key,))
        except _Failure as failure:
            if not failure.where:
                failure.where = "".join("[%r]" % k for k in where + (key,))
            raise

    strings = (str, bytes)
    if isinstance(actual, Mapping) and isinstance(expected, Mapping):
        missing, extra = sorted(set(expected) - set(actual), key=repr), sorted(set(actual) - set(expected), key=repr)
        if missing or extra:
            raise _Failure("The keys of the mappings do not match:\nMissing keys in the actual mapping: %s\n"
                           "Additional keys in the actual mapping: %s" % (missing, extra))
        for key in actual:
            nested(actual[key], expected[key], key)
    elif (isinstance(actual, Sequence) and isinstance(expected, Sequence)
          and not isinstance(actual, strings) and not isinstance(expected, strings)):
        if len(actual) != len(expected):
            raise _Failure("The length of the sequences mismatch: %d != %d" % (len(actual), len(expected)))
        for i, (a, e) in enumerate(zip(actual, expected)):
            nested(a, e, i)
    else:
        _compare_leaves(actual, expected, **options)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None, equal_nan=False,
                 check_device=True, check_dtype=True, check_layout=True, check_stride=False, msg=None):
    """Raise AssertionError unless ``actual`` and ``expected`` (tensors, Python numbers, or sequences and mappings
    of them) agree in structure, shape, dtype, device and values within ``rtol``/``atol`` (by default torch's
    per-dtype tolerances: float32 1.3e-6/1e-5, float64 1e-7/1e-7, float16 1e-3/1e-5, integers exact)."""
    options = dict(rtol=rtol, atol=atol, equal_nan=equal_nan, check_dtype=check_dtype, check_device=check_device)
    try:
        _compare(actual, expected, options)
    except _Failure as failure:
        message = failure.message + ("\n\nThe failure occurred for item %s" % failure.where if failure.where else "")
        if msg is not None:
            message = msg(message) if callable(msg) else msg
        raise AssertionError(message) from None


def make_tensor(*shape, dtype, device=None, low=None, high=None, requires_grad=False, noncontiguous=False,
                exclude_zero=False, memory_format=None):
    """A tensor of ``shape`` with values drawn uniformly from [low, high) (defaults: floats [-9, 9), integers
    [-9, 9] clamped to the dtype's range, bool either value), like torch's (the draws come from minitorch's
    generator, so the values differ)."""
    import minitorch as lib
    if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
        shape = tuple(shape[0])
    if low is not None and high is not None and low >= high:
        raise ValueError("`low` must be less than `high`, but got %s >= %s" % (low, high))
    full = tuple(shape[:-1]) + (shape[-1] * 2,) if noncontiguous and shape and shape[-1] > 1 else tuple(shape)
    dtype = dtypes.as_dtype(dtype)
    if dtype is dtypes.bool_:
        t = lib.randint(0, 2, full, device=device).to(dtype)
    elif not dtype.is_floating_point:
        lo = -9 if low is None else math.ceil(low)
        hi = 10 if high is None else math.ceil(high)
        lo, hi = max(lo, int(np.iinfo(dtype.np).min)), min(hi, int(np.iinfo(dtype.np).max) + 1)
        t = lib.randint(lo, hi, full, dtype=dtype, device=device)
    else:
        lo, hi = -9.0 if low is None else low, 9.0 if high is None else high
        t = lib.rand(full, dtype=dtype, device=device) * (hi - lo) + lo
    if exclude_zero:
        t = t.masked_fill(t == 0, float(np.finfo(dtype.np).tiny) if dtype.is_floating_point else 1)
    if full != tuple(shape):
        t = t[..., ::2]
    return t.requires_grad_(requires_grad) if requires_grad else t


# assert_allclose's looser (rtol, atol) per dtype, as torch's deprecated function used
_ALLCLOSE_TOLERANCES = {dtypes.float16: (1e-3, 1e-3), dtypes.float32: (1e-4, 1e-5), dtypes.float64: (1e-5, 1e-8)}


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated (FutureWarning): ``assert_close`` with expected cast to actual's dtype, dtypes not compared,
    NaNs equal, and the old looser default tolerances."""
    import warnings
    import minitorch as lib
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be removed in a future "
                  "release. Please use `torch.testing.assert_close()` instead. You can find detailed upgrade "
                  "instructions in https://github.com/pytorch/pytorch/issues/61844.", FutureWarning, stacklevel=2)
    if not isinstance(actual, Tensor):
        actual = lib.tensor(actual)
    if not isinstance(expected, Tensor):
        expected = lib.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        pairs = [_ALLCLOSE_TOLERANCES.get(t.dtype, (0.0, 0.0)) for t in (actual, expected)]
        rtol, atol = max(p[0] for p in pairs), max(p[1] for p in pairs)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True, check_dtype=False,
                 check_stride=False, msg=msg or None)
