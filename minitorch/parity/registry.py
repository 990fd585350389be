"""The case registry and the runner that compares minitorch with torch on one case."""
import importlib
import math

import numpy

TOLERANCES = {  # (rtol, atol) by dtype name
    "float64": (1e-10, 1e-12),
    "float32": (1e-5, 1e-6),
    "float16": (1e-3, 1e-3),
}

CASES = []


class Case:
    __slots__ = ("name", "body", "dtype", "raises", "tol", "seed")

    def __init__(self, name, body, dtype, raises, tol, seed):
        self.name, self.body, self.dtype, self.raises, self.tol, self.seed = name, body, dtype, raises, tol, seed

    def __repr__(self):
        return self.name


def case(name, dtypes=("float64", "float32"), raises=False, tol=None, seed=0):
    """Register body once per dtype, as cases named ``name[dtype]`` (or ``name`` when dtypes is None)."""
    def register(body):
        for dt in (dtypes or (None,)):
            CASES.append(Case(name if dt is None else "%s[%s]" % (name, dt), body, dt, raises, tol, seed))
        return body
    return register


def select(pattern=""):
    _load_all()
    return [c for c in CASES if pattern in c.name]


def _load_all():
    """Import every ``cases_*.py`` module beside this file: each registers its family's cases."""
    import pkgutil
    from . import __path__ as here
    for info in pkgutil.iter_modules(here):
        if info.name.startswith("cases_"):
            importlib.import_module("minitorch.parity." + info.name)


def _run(lib, c):
    rng = numpy.random.default_rng(c.seed)
    dtype = getattr(lib, c.dtype) if c.dtype else None
    return c.body(lib, rng, dtype)


def _as_numpy(v):
    if hasattr(v, "detach"):
        return v.detach().cpu().numpy() if hasattr(v, "cpu") else v.detach().numpy()
    return numpy.asarray(v)


def run_case(c, torch=None, minitorch=None):
    """Run one case in both libraries. Returns (passed, worst relative error, message)."""
    torch = torch or importlib.import_module("torch")
    minitorch = minitorch or importlib.import_module("minitorch")
    if c.raises:
        errors = []
        for lib in (torch, minitorch):
            try:
                _run(lib, c)
                errors.append(None)
            except Exception as e:  # noqa: BLE001 - the exception class is what is compared
                errors.append(e)
        t_err, m_err = errors
        if t_err is None:
            return False, math.nan, "torch did not raise: the case is wrong"
        if m_err is None:
            return False, math.nan, "minitorch did not raise (torch raised %s)" % type(t_err).__name__
        ok = isinstance(m_err, type(t_err)) or type(m_err).__name__ == type(t_err).__name__
        return ok, 0.0, "%s vs %s: %s" % (type(t_err).__name__, type(m_err).__name__, str(m_err)[:120])
    expected = _run(torch, c)
    got = _run(minitorch, c)
    return compare(expected, got, c)


def compare(expected, got, c):
    if set(expected) != set(got):
        return False, math.nan, "different results: %s vs %s" % (sorted(expected), sorted(got))
    worst = 0.0
    for key in expected:
        e, g = expected[key], got[key]
        if e is None or g is None:
            if (e is None) != (g is None):
                return False, math.nan, "%s: torch %s, minitorch %s" % (key, _kind(e), _kind(g))
            continue
        if isinstance(e, (bool, int, float, str, tuple, list)) and not hasattr(e, "shape"):
            if type(e) is not type(g) or (e != g and not (isinstance(e, float) and math.isclose(e, g, rel_tol=1e-6))):
                return False, math.nan, "%s: torch %r, minitorch %r" % (key, e, g)
            continue
        if str(e.dtype).replace("torch.", "") != str(g.dtype).replace("torch.", ""):
            return False, math.nan, "%s: dtype torch %s, minitorch %s" % (key, e.dtype, g.dtype)
        ea, ga = _as_numpy(e), _as_numpy(g)
        if ea.shape != ga.shape:
            return False, math.nan, "%s: shape torch %s, minitorch %s" % (key, ea.shape, ga.shape)
        rtol, atol = c.tol or TOLERANCES.get(ea.dtype.name, (0, 0))
        if ea.dtype.kind in "fc":
            ea64, ga64 = ea.astype("float64"), ga.astype("float64")
            same_nan = numpy.array_equal(numpy.isnan(ea64), numpy.isnan(ga64))
            finite = numpy.isfinite(ea64) & numpy.isfinite(ga64)
            same_inf = numpy.array_equal(ea64[~finite & ~numpy.isnan(ea64)], ga64[~finite & ~numpy.isnan(ga64)])
            diff = numpy.abs(ea64 - ga64)[finite]
            scale = numpy.abs(ea64)[finite]
            err = float((diff / (atol / max(rtol, 1e-300) + scale)).max()) if diff.size else 0.0
            ok = same_nan and same_inf and bool(numpy.all(diff <= atol + rtol * scale))
        else:
            ok = numpy.array_equal(ea, ga)
            err = 0.0 if ok else math.inf
        worst = max(worst, err)
        if not ok:
            return False, err, "%s: values differ (max abs diff %.3g)" % (
                key, float(numpy.nanmax(numpy.abs(ea.astype("float64") - ga.astype("float64")))) if ea.size else 0)
    return True, worst, ""


def _kind(v):
    return "None" if v is None else type(v).__name__
