"""Differential fuzzer: random expression graphs run in minitorch and in torch, compared value by value.

A graph is plain data -- ``{"seed", "steps", "double"}`` -- so a failing one can be pasted into
tests/test_fuzz.py as a regression example:

    steps   [(op, refs, params), ...]   each makes one value; refs index the values of earlier steps. An
                                        ("input", (), {shape, dtype, kind, requires_grad}) step makes a leaf whose
                                        values NumPy draws from (seed, step number)
    double  whether second derivatives are compared too

``graphs()`` is the Hypothesis strategy. While it draws a graph it runs it in torch, so every op gets operands of
shapes and dtypes it accepts (broadcast partners, valid dims, in-range indices); a step torch rejects anyway ends
the graph and becomes an exception-parity check. ``check(graph)`` runs the graph in both libraries and returns
None or a description of the first difference: a value, dtype, shape or requires_grad flag of any value (read
after all steps, so in-place writes through views count), the gradient of every leaf (from a random upstream
weight on every unused result), second derivatives when ``double``, or the class of an exception raised.

Ops whose value jumps (floor, comparisons, remainder, argmax ...) are only applied to *exact* values -- ones built
from leaves by correctly rounded ops (+ - * / sqrt, views, selections) -- since after a transcendental the two
libraries may differ by an ulp, and an ulp can move a value across a jump. Tolerances: float64 1e-9 relative;
float32 2e-4, also for float64 results of a graph that has float32 inputs (torch rounds mixed-dtype backward
formulas in the lower precision). Second derivatives are compared only where finite when torch's first
derivatives already hold inf or NaN (0 * inf there depends on how a backward is written). ``check`` marks as
TOLERATED, not a mismatch, a backward torch refuses and minitorch runs (see ``check``).

    python -m minitorch.parity.fuzz --seed 1 --count 10000     # prints "fuzz: N graphs, M mismatches"
"""
import argparse
import operator
import sys
import warnings

import numpy
from hypothesis import HealthCheck, Phase, given, settings, seed as hypothesis_seed
from hypothesis import strategies as st

FLOATS = ("float32", "float64")
TOL = {"float64": (1e-9, 1e-11), "float32": (2e-4, 1e-5)}  # (rtol, atol): chains of ops compound rounding

# --- how each op is written, once for both libraries ----------------------------------------------------------------
UNARY_SMOOTH = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "exp2", "expm1", "log1p", "log2", "log10",
                "rsqrt", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "erf",
                "reciprocal"]
UNARY_KINK = ["abs", "neg", "relu", "square"]  # keep exactness (and dtype)
UNARY_JUMP = ["floor", "ceil", "round", "trunc", "frac", "sign", "sgn"]
OPERATOR = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
            "pow": operator.pow, "remainder": operator.mod, "floor_divide": operator.floordiv,
            "eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "le": operator.le, "gt": operator.gt,
            "ge": operator.ge}
BINARY_EXACT = ["add", "sub", "mul", "div", "maximum", "minimum", "fmax", "fmin"]
BINARY_SMOOTH = ["pow", "atan2", "xlogy"]
BINARY_JUMP = ["remainder", "fmod", "floor_divide"]
COMPARE = ["eq", "ne", "lt", "le", "gt", "ge"]
INPLACE = ["add_", "sub_", "mul_", "div_", "clamp_", "relu_", "exp_", "neg_", "sigmoid_", "masked_fill_", "copy_",
           "fill_", "zero_", "setitem", "pow_", "tanh_"]


def _binary(lib, name, a, b):
    if name in OPERATOR:
        return OPERATOR[name](a, b)
    return getattr(lib, name)(a, b)


def _index(dim, item):
    return (slice(None),) * dim + (item,)


def apply(lib, step, vals):
    """Run one step (op, refs, params) on the values so far; the result is one tensor."""
    op, refs, p = step
    xs = [vals[r] for r in refs]
    x = xs[0] if xs else None
    if op in UNARY_SMOOTH or op in UNARY_KINK or op in UNARY_JUMP:
        return getattr(lib, op)(x, decimals=p["decimals"]) if p.get("decimals") else getattr(lib, op)(x)
    if op in OPERATOR or op in BINARY_EXACT or op in BINARY_SMOOTH or op in BINARY_JUMP:
        if "scalar" in p:
            return _binary(lib, op, p["scalar"], x) if p["side"] else _binary(lib, op, x, p["scalar"])
        return _binary(lib, op, x, xs[1])
    if op == "where":
        a = xs[1] if "a" not in p else p["a"]
        b = xs[-1] if "b" not in p else p["b"]
        return lib.where(x, a, b)
    if op == "masked_fill":
        return x.masked_fill(xs[1], p["value"])
    if op == "clamp":
        return lib.clamp(x, min=p["min"], max=p["max"])
    if op == "transpose":
        return x.transpose(p["d0"], p["d1"])
    if op == "permute":
        return x.permute(*p["perm"])
    if op == "slice":
        return x[_index(p["dim"], slice(*p["slice"]))]
    if op == "select":
        return x.select(p["dim"], p["index"])
    if op == "expand":
        return x.expand(*p["sizes"])
    if op == "unsqueeze":
        return x.unsqueeze(p["dim"])
    if op == "squeeze":
        return x.squeeze() if p["dim"] is None else x.squeeze(p["dim"])
    if op in ("reshape", "view"):
        return getattr(x, op)(*p["shape"])
    if op == "flip":
        return x.flip(p["dims"])
    if op == "narrow":
        return x.narrow(p["dim"], p["start"], p["length"])
    if op == "chunk":
        return x.chunk(p["chunks"], p["dim"])[p["i"]]
    if op == "movedim":
        return lib.movedim(x, p["src"], p["dst"])
    if op in ("clone", "contiguous", "t"):
        return getattr(x, op)()
    if op in INPLACE:
        return _inplace(op, x, xs[1:], p)
    if op in ("sum", "mean", "amax", "amin", "logsumexp", "any", "all"):
        if p["dims"] is None:
            return getattr(x, op)()
        return getattr(x, op)(p["dims"], keepdim=p["keepdim"])
    if op == "prod":
        return x.prod() if p["dim"] is None else x.prod(p["dim"], keepdim=p["keepdim"])
    if op in ("max_dim", "min_dim"):
        return getattr(x, op[:3])(p["dim"], keepdim=p["keepdim"])[0]
    if op in ("argmax", "argmin"):
        return getattr(x, op)() if p["dim"] is None else getattr(x, op)(p["dim"], keepdim=p["keepdim"])
    if op in ("var", "std"):
        return getattr(x, op)(p["dims"], correction=p["correction"], keepdim=p["keepdim"])
    if op == "norm":
        return x.norm(float(p["p"]), p["dims"], keepdim=p["keepdim"])  # "inf" as a string keeps graphs literal
    if op in ("softmax", "log_softmax", "cumsum", "cumprod"):
        return getattr(x, op)(p["dim"])
    if op == "matmul":
        return lib.matmul(x, xs[1])
    if op in ("cat", "stack"):
        return getattr(lib, op)(xs, p["dim"])
    if op == "gather":
        return x.gather(p["dim"], xs[1])
    if op == "index_select":
        return x.index_select(p["dim"], xs[1])
    if op == "getitem":
        return x[xs[1]]
    raise ValueError("unknown op %r" % op)


def _inplace(op, x, others, p):
    y = others[0] if others else p.get("value")
    if op == "clamp_":
        return x.clamp_(min=p["min"], max=p["max"])
    if op in ("relu_", "exp_", "neg_", "sigmoid_", "zero_", "tanh_"):
        return getattr(x, op)()
    if op == "pow_":
        return x.pow_(p["value"])
    if op == "masked_fill_":
        return x.masked_fill_(y, p["value"])
    if op == "fill_":
        return x.fill_(p["value"])
    if op == "setitem":
        x[_index(p["dim"], slice(*p["slice"]))] = y
        return x
    return getattr(x, op)(y)


# --- inputs ---------------------------------------------------------------------------------------------------------
def input_array(graph, k):
    """The NumPy values of the input made by step k: the same in both libraries, drawn from (seed, k)."""
    p = graph["steps"][k][2]
    shape, dtype, kind = tuple(p["shape"]), p["dtype"], p["kind"]
    rng = numpy.random.default_rng([graph["seed"], k])
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if isinstance(kind, tuple):  # ("index", low, high): integer indices in [low, high)
        return rng.integers(kind[1], kind[2], shape).astype(dtype)
    if dtype.startswith("int"):
        return rng.integers(-4, 5, shape).astype(dtype)
    values = {"normal": lambda: rng.standard_normal(shape),
              "ties": lambda: rng.integers(-2, 3, shape).astype(float),
              "positive": lambda: numpy.abs(rng.standard_normal(shape)) + 0.1,
              "unit": lambda: rng.uniform(-0.95, 0.95, shape),
              "wide": lambda: rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4, shape)}[kind]()
    return values.astype(dtype)


def make_input(lib, graph, k):
    p = graph["steps"][k][2]
    t = lib.tensor(input_array(graph, k), dtype=getattr(lib, p["dtype"]))
    return t.requires_grad_() if p["requires_grad"] else t


# --- running a graph ------------------------------------------------------------------------------------------------
def _sinks(graph, vals):
    used = {r for _, refs, _ in graph["steps"] for r in refs}
    return [v for i, (v, step) in enumerate(zip(vals, graph["steps"]))
            if step[0] != "input" and i not in used and v.requires_grad]


def _weights(lib, tensors, seed):
    rng = numpy.random.default_rng([seed, 7919])
    return [lib.tensor(rng.standard_normal(tuple(t.shape)), dtype=t.dtype) for t in tensors]


def _zeros_for_none(lib, grads, leaves):
    return [lib.zeros_like(t) if g is None else g for g, t in zip(grads, leaves)]


def run(lib, graph):
    """Everything to compare: {'values': [...], 'grads': [...], 'grad2': [...], 'error': (where, exception)}."""
    out = {"values": [], "grads": [], "grad2": [], "error": None}
    try:
        vals = []
        for k, step in enumerate(graph["steps"]):
            stage = "step %d (%s)" % (k, step[0])
            vals.append(make_input(lib, graph, k) if step[0] == "input" else apply(lib, step, vals))
        out["values"] = vals
        stage = "backward"
        leaves = [v for v, step in zip(vals, graph["steps"]) if step[0] == "input" and step[2]["requires_grad"]]
        sinks = _sinks(graph, vals)
        if not (sinks and leaves):
            return out
        grads = lib.autograd.grad(sinks, leaves, _weights(lib, sinks, graph["seed"]), allow_unused=True,
                                  create_graph=graph["double"])
        out["grads"] = _zeros_for_none(lib, grads, leaves)
        stage = "double backward"
        live = [(g, w) for g, w in zip(grads, _weights(lib, leaves, graph["seed"] + 1))
                if g is not None and g.requires_grad]
        if graph["double"]:  # a gradient that does not require grad has zero second derivatives
            total = sum((g * w).sum() for g, w in live) if live else None
            second = lib.autograd.grad(total, leaves, allow_unused=True) if live else [None] * len(leaves)
            out["grad2"] = _zeros_for_none(lib, second, leaves)
    except Exception as e:  # noqa: BLE001 - the exception class is compared with torch's
        out["error"] = (stage, e)
    return out


# --- comparing ------------------------------------------------------------------------------------------------------
def _numpy(t):
    if getattr(t, "_is_zerotensor", lambda: False)():
        # torch's lazy zero gradients: converting a strided one to NumPy crashes torch 2.13 (a segfault)
        return numpy.zeros(tuple(t.shape), dtype=str(t.dtype).replace("torch.", ""))
    return t.detach().cpu().numpy(force=True)


def _dtype_name(t):
    return str(t.dtype).replace("torch.", "")


def compare_tensors(e, g, precision="float64"):
    """None when minitorch's g matches torch's e (dtype, shape, NaN/inf positions, values within tolerance)."""
    if _dtype_name(e) != _dtype_name(g):
        return "dtype torch %s, minitorch %s" % (_dtype_name(e), _dtype_name(g))
    ea, ga = _numpy(e), _numpy(g)
    if ea.shape != ga.shape:
        return "shape torch %s, minitorch %s" % (list(ea.shape), list(ga.shape))
    if ea.dtype.kind != "f":
        return None if numpy.array_equal(ea, ga) else "values differ:\ntorch     %s\nminitorch %s" % (ea, ga)
    rtol, atol = TOL["float32" if "float32" in ea.dtype.name + " " + precision else "float64"]
    ea, ga = ea.astype("float64"), ga.astype("float64")
    if precision.startswith("finite"):
        both = numpy.isfinite(ea) & numpy.isfinite(ga)
        ea, ga = ea[both], ga[both]
    if not numpy.array_equal(numpy.isnan(ea), numpy.isnan(ga)):
        return "NaN positions differ:\ntorch     %s\nminitorch %s" % (ea, ga)
    finite = numpy.isfinite(ea) & numpy.isfinite(ga)
    if not numpy.array_equal(ea[~finite & ~numpy.isnan(ea)], ga[~finite & ~numpy.isnan(ga)]):
        return "infinities differ:\ntorch     %s\nminitorch %s" % (ea, ga)
    diff = numpy.abs(ea - ga)[finite]
    if diff.size and not numpy.all(diff <= atol + rtol * numpy.abs(ea)[finite]):
        return "values differ (max abs diff %.3g):\ntorch     %s\nminitorch %s" % (diff.max(), ea, ga)
    return None


def _same_exception(e, g):
    return isinstance(g, type(e)) or type(g).__name__ == type(e).__name__


def compare(expected, got, precision="float64"):
    """The first difference between torch's run (expected) and minitorch's (got), or None. precision is the
    lowest float precision in the graph: a float64 gradient that flowed through float32 values is compared at
    float32 tolerance (torch, unlike minitorch, often rounds mixed-dtype backward formulas in the lower one)."""
    te, ge = expected["error"], got["error"]
    if te or ge:
        if te is None:
            return "minitorch raised at %s: %s: %s" % (ge[0], type(ge[1]).__name__, ge[1])
        if ge is None and "backward" in te[0] and "modified by an inplace operation" in str(te[1]):
            return TOLERATED + "torch saved a tensor for %s that was then modified in place; minitorch's op does " \
                               "not save that tensor, so its backward runs" % te[0]
        if ge is None and "backward" in te[0] and "bool tensor is not supported" in str(te[1]):
            return TOLERATED + "torch's backward formula negates or subtracts a bool operand and fails; minitorch " \
                               "has promoted the operand to float, so its backward runs"
        if ge is None and "INTERNAL ASSERT FAILED" in str(te[1]):
            return TOLERATED + "torch failed an internal assert at %s (a torch bug, asking to be reported); " \
                               "minitorch ran" % te[0]
        if ge is None:
            return "torch raised at %s (%s: %s); minitorch did not" % (te[0], type(te[1]).__name__, te[1])
        same_error = _same_exception(te[1], ge[1]) and (te[0] == ge[0] or str(te[1]) == str(ge[1]))
        if not same_error:  # the same class and message at another stage (torch checks some writes lazily) is fine
            return "torch raised %s at %s (%s); minitorch raised %s at %s (%s)" % (
                type(te[1]).__name__, te[0], te[1], type(ge[1]).__name__, ge[0], ge[1])
        if te[0] != ge[0]:
            return None
    for key in ("values", "grads", "grad2"):
        if key == "grad2" and not all(bool(g.isfinite().all()) for g in expected["grads"]):
            # the first derivatives are already inf or NaN: whether a 0 * inf in a second-order term comes out
            # 0 or NaN depends on how each backward is written, so only finite entries are compared
            precision = "finite " + precision
        if len(expected[key]) != len(got[key]):
            return "%s: torch has %d, minitorch %d" % (key, len(expected[key]), len(got[key]))
        for i, (e, g) in enumerate(zip(expected[key], got[key])):
            # (torch lets an in-place write of a float into a bool view mark the bool tensor requires_grad: ignored)
            if key == "values" and e.requires_grad != g.requires_grad and e.dtype.is_floating_point:
                return "value %d: requires_grad torch %s, minitorch %s" % (i, e.requires_grad, g.requires_grad)
            problem = compare_tensors(e, g, precision)
            if problem:
                return "%s %d: %s" % (key[:-1] if key != "grad2" else "second derivative", i, problem)
    return None


TOLERATED = "tolerated: "


def is_mismatch(problem):
    return problem is not None and not problem.startswith(TOLERATED)


def check(graph):
    """None when minitorch and torch agree on everything about graph, else what differs (a difference that is
    not a bug starts with TOLERATED: torch refusing a backward because an op saved a tensor minitorch's op
    does not need, e.g. the int operand of a mixed-dtype op, which minitorch casts first; torch's pow
    backward failing on a bool exponent; or a float32 difference where minitorch is no farther than torch from
    what torch computes with float64 inputs)."""
    import torch
    import minitorch
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with numpy.errstate(all="ignore"):
            expected = run(torch, graph)
        got = run(minitorch, graph)
    precision = "float32" if any(str(v.dtype) == "torch.float32" for v in expected["values"]) or any(
        s[0] == "input" and s[2]["dtype"] == "float32" for s in graph["steps"]) else "float64"
    problem = compare(expected, got, precision)
    if is_mismatch(problem) and precision == "float32" and "values differ" in problem:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with numpy.errstate(all="ignore"):
                reference = run(torch, _in_float64(graph))
        if reference["error"] is None and _as_close_as_torch(reference, expected, got, precision):
            first_line = problem.split("\n")[0]
            return TOLERATED + "float32 rounding: minitorch is about as close as torch to torch's float64 answer (%s)" \
                % first_line
    return problem


def _in_float64(graph):
    """graph with its float32 inputs made float64: the reference for a float32 difference."""
    steps = [(op, refs, dict(p, dtype="float64") if op == "input" and p["dtype"] == "float32" else p)
             for op, refs, p in graph["steps"]]
    return dict(graph, steps=steps)


ROUNDING_SLACK = 4  # how many times torch's own float32 error minitorch's may have


def _as_close_as_torch(reference, expected, got, precision):
    """Whether every tensor minitorch got either matches torch's, or differs only in values that are within
    ROUNDING_SLACK times torch's own distance from the float64 reference (rounding in a cancellation: x / x,
    a + b - b, a second derivative of a long product, ...)."""
    rtol, atol = TOL["float32"]
    for key in ("values", "grads", "grad2"):
        if not (len(reference[key]) == len(expected[key]) == len(got[key])):
            return False
        for r, e, g in zip(reference[key], expected[key], got[key]):
            problem = compare_tensors(e, g, precision)
            if problem is None:
                continue
            if not problem.startswith("values differ"):
                return False
            ra, ea, ga = (_numpy(t).astype("float64") for t in (r, e, g))
            if ra.shape != ea.shape:
                return False
            finite = numpy.isfinite(ra) & numpy.isfinite(ea) & numpy.isfinite(ga)
            # two float32 computations in different orders: minitorch may be a few times noisier than torch
            if not numpy.all(numpy.abs(ga - ra)[finite] <= ROUNDING_SLACK * numpy.abs(ea - ra)[finite] + atol
                             + rtol * numpy.abs(ra)[finite]):
                return False
    return True


# --- drawing graphs -------------------------------------------------------------------------------------------------
class _Builder:
    """Draws a graph step by step while running it in torch, so each op gets operands it accepts."""

    def __init__(self, draw):
        import torch
        self.torch, self.draw = torch, draw
        self.graph = {"seed": draw(st.integers(0, 2 ** 16)), "steps": [], "double": False}
        self.vals, self.exact = [], []
        self.failed = False

    # values
    def shape(self, max_rank=3):
        rank = self.draw(st.integers(0, max_rank))
        return tuple(self.draw(st.sampled_from([2, 3, 1, 4, 0])) for _ in range(rank))

    def new_input(self, shape, dtype=None, kind=None, requires_grad=None):
        d = self.draw
        dtype = dtype or d(st.sampled_from(["float64", "float32", "float64", "int64", "int32", "bool"]))
        if kind is None:
            kind = d(st.sampled_from(["normal", "ties", "positive", "unit", "wide"])) if dtype in FLOATS else "int"
        if requires_grad is None:
            requires_grad = dtype in FLOATS and d(st.integers(0, 4)) > 0
        p = {"shape": tuple(shape), "dtype": dtype, "kind": kind, "requires_grad": bool(requires_grad)}
        self.graph["steps"].append(("input", (), p))
        t = make_input(self.torch, self.graph, len(self.vals))
        return self._add(t, True)

    def _add(self, t, exact):
        self.vals.append(t)
        self.exact.append(exact)
        return len(self.vals) - 1

    def pick(self, pred=lambda t: True, exact=False):
        ok = [i for i, t in enumerate(self.vals) if pred(t) and (self.exact[i] or not exact)]
        if not ok:
            return None
        return ok[self.draw(st.integers(0, len(ok) - 1))] if len(ok) > 1 else ok[0]

    def partner_shape(self, shape):
        """A shape that broadcasts with shape: some dims set to 1, leading dims dropped or added."""
        d = self.draw
        out = [s if d(st.integers(0, 2)) else 1 for s in shape]
        out = out[d(st.integers(0, len(out))):] if out and not d(st.integers(0, 3)) else out
        if d(st.integers(0, 5)) == 0:
            out = [d(st.sampled_from([2, 1]))] + out
        return tuple(out)

    def partner(self, x, exact=False, float_only=False):
        """Another operand for x: an existing value that broadcasts with it, or a fresh input."""
        shape = tuple(self.vals[x].shape)
        if self.draw(st.integers(0, 2)) == 0:
            y = self.pick(lambda t: _broadcasts(tuple(t.shape), shape) and (t.dtype.is_floating_point or not
                                                                            float_only), exact)
            if y is not None:
                return y
        dtype = self.draw(st.sampled_from(["float64", "float32", "int64", "bool"])) if not float_only else None
        if float_only:
            dtype = self.draw(st.sampled_from(FLOATS))
        return self.new_input(self.partner_shape(shape), dtype)

    def scalar(self, integer=None):
        if integer is None:
            integer = self.draw(st.booleans())
        if integer:
            return self.draw(st.sampled_from([2, -1, 0, 3, 1]))
        return self.draw(st.sampled_from([0.5, -1.5, 2.0, 0.0, 1e-3, 3.25]))

    def dim(self, x, extra=0):
        n = self.vals[x].dim() + extra
        return self.draw(st.integers(-max(n, 1), max(n, 1) - 1))

    def dims(self, x):
        n = self.vals[x].dim()
        if n == 0 or not self.draw(st.integers(0, 3)):
            return None
        chosen = self.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        return tuple(c - n if self.draw(st.booleans()) else c for c in chosen)

    def step(self, op, refs, params=None, exact=False):
        """Append a step and run it in torch; a step torch rejects ends the graph."""
        step = (op, tuple(refs), params or {})
        self.graph["steps"].append(step)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = apply(self.torch, step, self.vals)
        except Exception:  # noqa: BLE001 - the replay checks minitorch raises the same class
            self.failed = True
            return None
        return self._add(t, exact and all(self.exact[r] for r in refs))


def _broadcasts(a, b):
    return all(x == y or x == 1 or y == 1 for x, y in zip(reversed(a), reversed(b)))


# each family draws one step; the first ones are what Hypothesis shrinks towards
def _unary(b):
    x = b.pick()
    kind = b.draw(st.sampled_from(["smooth", "kink", "jump"]))
    if kind == "jump":
        x = b.pick(exact=True)
        op = b.draw(st.sampled_from(UNARY_JUMP))
        params = {"decimals": b.draw(st.sampled_from([0, 1]))} if op == "round" else {}
        return b.step(op, [x], params, exact=True)
    if kind == "kink":
        return b.step(b.draw(st.sampled_from(UNARY_KINK)), [x], exact=True)
    return b.step(b.draw(st.sampled_from(UNARY_SMOOTH)), [x])


def _binary_step(b):
    kind = b.draw(st.sampled_from(["exact", "smooth", "jump", "compare"]))
    exact = kind in ("jump", "compare")
    x = b.pick(exact=exact)
    op = b.draw(st.sampled_from({"exact": BINARY_EXACT, "smooth": BINARY_SMOOTH, "jump": BINARY_JUMP,
                                 "compare": COMPARE}[kind]))
    if op in OPERATOR and b.draw(st.integers(0, 3)) == 0:
        return b.step(op, [x], {"scalar": b.scalar(), "side": b.draw(st.integers(0, 1))}, exact=kind != "smooth")
    return b.step(op, [x, b.partner(x, exact)], exact=kind != "smooth")


def _where(b):
    c = b.pick(lambda t: t.dtype == b.torch.bool)
    if c is None:
        x = b.pick(exact=True)
        c = b.step(b.draw(st.sampled_from(COMPARE)), [x], {"scalar": 0, "side": 0}, exact=True)
        if c is None:
            return None
    if b.draw(st.booleans()):
        x = b.pick(lambda t: _broadcasts(tuple(t.shape), tuple(b.vals[c].shape)))
        return b.step("masked_fill", [x, c], {"value": b.scalar()}, exact=True) \
            if _broadcasts_to(tuple(b.vals[c].shape), tuple(b.vals[x].shape)) else \
            b.step("where", [c, x], {"b": b.scalar()}, exact=True)
    a = b.partner(c)
    if b.draw(st.integers(0, 3)) == 0:
        return b.step("where", [c, a], {"b": b.scalar()}, exact=True)
    return b.step("where", [c, a, b.partner(c)], exact=True)


def _broadcasts_to(small, big):
    return len(small) <= len(big) and all(s == t or s == 1 for s, t in zip(reversed(small), reversed(big)))


def _clamp(b):
    x = b.pick()
    lo = b.draw(st.sampled_from([None, -0.5, 0, -1]))
    hi = b.draw(st.sampled_from([None, 0.5, 1, 0])) if lo is not None else b.draw(st.sampled_from([0.5, 1]))
    return b.step("clamp", [x], {"min": lo, "max": hi}, exact=True)


def _view(b):
    x = b.pick()
    t = b.vals[x]
    n, shape = t.dim(), tuple(t.shape)
    d = b.draw
    op = d(st.sampled_from(["transpose", "slice", "expand", "unsqueeze", "squeeze", "reshape", "permute", "select",
                            "flip", "narrow", "view", "chunk", "movedim", "clone", "contiguous", "t"]))
    if op == "transpose":
        p = {"d0": b.dim(x), "d1": b.dim(x)}
    elif op == "slice":
        if not n:
            return None
        dim = b.dim(x)
        p = {"dim": dim, "slice": (d(st.sampled_from([None, 0, 1, -1])), d(st.sampled_from([None, 2, -1, 5])),
                                   d(st.sampled_from([None, 1, 2])))}
    elif op == "expand":
        lead = [d(st.sampled_from([2, 1]))] if d(st.integers(0, 2)) == 0 else []
        p = {"sizes": tuple(lead + [d(st.sampled_from([2, 3])) if s == 1 and d(st.booleans()) else
                                    (-1 if d(st.booleans()) else s) for s in shape])}
    elif op == "unsqueeze":
        p = {"dim": b.dim(x, extra=1)}
    elif op == "squeeze":
        p = {"dim": b.dim(x) if n and d(st.booleans()) else None}
    elif op in ("reshape", "view"):
        numel = t.numel()
        choices = [(-1,), (numel,), (1, -1), (-1, 1)] + ([shape[::-1]] if n else []) + \
                  ([(shape[0], -1)] if n > 1 and shape[0] else [])
        p = {"shape": d(st.sampled_from(choices))}
    elif op == "permute":
        p = {"perm": tuple(d(st.permutations(range(n))))}
    elif op == "select":
        if not n:
            return None
        dim = b.dim(x)
        p = {"dim": dim, "index": d(st.integers(-shape[dim], shape[dim] - 1)) if shape[dim] else 0}
    elif op == "flip":
        p = {"dims": tuple(set(b.dim(x) % max(n, 1) for _ in range(d(st.integers(1, 2)))))}
    elif op == "narrow":
        if not n:
            return None
        dim = b.dim(x)
        start = d(st.integers(0, shape[dim]))
        p = {"dim": dim, "start": start, "length": d(st.integers(0, shape[dim] - start))}
    elif op == "chunk":
        if not n:
            return None
        dim = b.dim(x)
        chunks = d(st.integers(1, 3))
        count = len(t.chunk(chunks, dim))
        p = {"chunks": chunks, "dim": dim, "i": d(st.integers(0, count - 1))}
    elif op == "movedim":
        p = {"src": b.dim(x), "dst": b.dim(x)}
    else:
        p = {}
    return b.step(op, [x], p, exact=True)


def _grad_leaf_or_unreadable(t):
    """A leaf that requires grad, or a view whose autograd state torch refuses to read (an output of a multi-view
    op like split whose base was written in place: even t.is_leaf raises)."""
    try:
        return t.is_leaf and t.requires_grad
    except RuntimeError:
        return True


def _inplace_step(b):
    d = b.draw
    # in-place targets: results of steps (a leaf that requires grad is an error torch raises; rarely tried)
    x = b.pick(lambda t: not _grad_leaf_or_unreadable(t)) if d(st.integers(0, 9)) else b.pick()
    if x is None:
        return None
    op = d(st.sampled_from(INPLACE))
    shape = tuple(b.vals[x].shape)
    refs, p, exact = [x], {}, op in ("add_", "sub_", "mul_", "div_", "clamp_", "relu_", "neg_", "masked_fill_",
                                     "copy_", "fill_", "zero_", "setitem")
    if op in ("add_", "sub_", "mul_", "div_"):
        if d(st.booleans()):
            p["value"] = b.scalar()
        else:
            refs.append(b.new_input(b.partner_shape(shape) if d(st.integers(0, 3)) else shape,
                                    d(st.sampled_from(FLOATS + ("int64",)))))
    elif op == "clamp_":
        p = {"min": d(st.sampled_from([-0.5, None])), "max": d(st.sampled_from([0.5, 1]))}
    elif op == "pow_":
        p["value"] = d(st.sampled_from([2, 0.5, 3]))
    elif op == "masked_fill_":
        refs.append(b.new_input(b.partner_shape(shape), "bool"))
        p["value"] = b.scalar()
    elif op == "copy_":
        refs.append(b.new_input(b.partner_shape(shape), d(st.sampled_from(FLOATS))))
    elif op == "fill_":
        p["value"] = b.scalar()
    elif op == "setitem":
        if not shape:
            return None
        dim = b.dim(x)
        p = {"dim": dim, "slice": (d(st.sampled_from([None, 1])), d(st.sampled_from([None, -1])), None)}
        target = tuple(b.vals[x][_index(dim, slice(*p["slice"]))].shape)
        if d(st.booleans()):
            p["value"] = b.scalar()
        else:
            refs.append(b.new_input(b.partner_shape(target), d(st.sampled_from(FLOATS))))
    return b.step(op, refs, p, exact=exact)


def _reduction(b):
    d = b.draw
    op = d(st.sampled_from(["sum", "mean", "amax", "amin", "max_dim", "min_dim", "prod", "logsumexp", "var", "std",
                            "norm", "softmax", "log_softmax", "cumsum", "cumprod", "argmax", "argmin", "any",
                            "all"]))
    x = b.pick(exact=op in ("argmax", "argmin"))
    n = b.vals[x].dim()
    keepdim = d(st.booleans())
    if op in ("sum", "mean", "amax", "amin", "any", "all"):
        p = {"dims": b.dims(x), "keepdim": keepdim}
    elif op == "logsumexp":
        p = {"dims": b.dims(x) or (b.dim(x),), "keepdim": keepdim}
    elif op in ("prod", "argmax", "argmin"):
        p = {"dim": b.dim(x) if n and d(st.integers(0, 2)) else None, "keepdim": keepdim}
    elif op in ("max_dim", "min_dim"):
        p = {"dim": b.dim(x), "keepdim": keepdim}
    elif op in ("var", "std"):
        p = {"dims": b.dims(x), "correction": d(st.sampled_from([1, 0])), "keepdim": keepdim}
    elif op == "norm":
        p = {"p": d(st.sampled_from([2, 1, 3, "inf", 0.5, "-inf", 0])), "dims": b.dims(x),
             "keepdim": keepdim}
    else:
        p = {"dim": b.dim(x)}
    return b.step(op, [x], p, exact=op in ("amax", "amin", "max_dim", "min_dim", "argmax", "argmin", "any", "all"))


def _matmul(b):
    x = b.pick(lambda t: t.dim() >= 1 and t.dtype.is_floating_point)
    if x is None:
        return None
    shape = tuple(b.vals[x].shape)
    k = shape[-1]
    m = b.draw(st.sampled_from([2, 1, 3, 0]))
    other = b.draw(st.sampled_from([(k,), (k, m), shape[:-2] + (k, m), (2,) + shape[:-2] + (k, m)]))
    return b.step("matmul", [x, b.new_input(other, _dtype_name(b.vals[x]))])


def _join(b):
    x = b.pick(lambda t: t.dim() >= 1)
    if x is None:
        return None
    op = b.draw(st.sampled_from(["cat", "stack"]))
    shape = list(b.vals[x].shape)
    dim = b.dim(x, extra=op == "stack")
    if op == "cat":
        shape[dim] = b.draw(st.sampled_from([1, 2, 0]))
    y = b.new_input(tuple(shape), b.draw(st.sampled_from([_dtype_name(b.vals[x]), "float64", "int64"])))
    return b.step(op, [x, y], {"dim": dim}, exact=True)


def _indexing(b):
    x = b.pick(lambda t: t.dim() >= 1)
    if x is None:
        return None
    shape = tuple(b.vals[x].shape)
    op = b.draw(st.sampled_from(["getitem", "gather", "index_select", "getitem_mask"]))
    dim = b.dim(x)
    size = shape[dim]
    if op == "getitem_mask":
        return b.step("getitem", [x, b.new_input(shape[:b.draw(st.integers(1, len(shape)))], "bool")], exact=True)
    if not size:
        return None
    if op == "getitem":
        idx = b.new_input(b.shape(2), "int64", ("index", -shape[0], shape[0])) if shape[0] else None
        return None if idx is None else b.step("getitem", [x, idx], exact=True)
    if op == "index_select":
        idx = b.new_input((b.draw(st.integers(0, 4)),), "int64", ("index", 0, size))
        return b.step("index_select", [x, idx], {"dim": dim}, exact=True)
    idx_shape = tuple(b.draw(st.integers(0, s)) if i != dim % len(shape) else b.draw(st.integers(0, 3))
                      for i, s in enumerate(shape))
    return b.step("gather", [x, b.new_input(idx_shape, "int64", ("index", 0, size))], {"dim": dim}, exact=True)


FAMILIES = [_unary, _binary_step, _view, _reduction, _inplace_step, _where, _clamp, _matmul, _join, _indexing]


@st.composite
def graphs(draw, max_steps=6):
    """A random graph (see the module docstring), already run once in torch to choose valid operands."""
    import torch
    b = _Builder(draw)
    b.new_input(b.shape(), draw(st.sampled_from(["float64", "float32", "float64", "int64"])))
    if draw(st.booleans()):
        b.new_input(b.shape(), draw(st.sampled_from(FLOATS)))
    with torch.autograd.set_grad_enabled(True):
        for _ in range(draw(st.integers(1, max_steps))):
            draw(st.sampled_from(FAMILIES))(b)
            if b.failed:
                break
    b.graph["double"] = draw(st.integers(0, 3)) == 0
    return b.graph


# --- the campaign ---------------------------------------------------------------------------------------------------
def campaign(seed, count, max_steps=6, out=None):
    """Run count graphs drawn from seed; print each mismatch and the summary line. Returns the mismatches."""
    out = out or sys.stdout
    found, seen, tolerated = [], [0], [0]

    @hypothesis_seed(seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(graphs(max_steps=max_steps))
    def one(graph):
        seen[0] += 1
        try:
            problem = check(graph)
        except Exception as e:  # noqa: BLE001 - a crash while comparing is a mismatch too
            problem = "comparing failed: %s: %s" % (type(e).__name__, e)
        if problem and not is_mismatch(problem):
            tolerated[0] += 1
        elif problem:
            found.append((graph, problem))
            print("mismatch: %r\n  %s" % (graph, problem.replace("\n", "\n  ")), file=out, flush=True)
        if seen[0] % 1000 == 0:
            print("fuzz: %d graphs so far, %d mismatches" % (seen[0], len(found)), file=out, flush=True)

    one()
    if tolerated[0]:
        print("(%d graphs tolerated, not counted: torch refused a backward that minitorch ran (a tensor torch's op "
              "saved and minitorch's did not was modified in place, torch's backward formula failed on a bool "
              "operand, or torch failed an internal assert), or a float32 difference where minitorch is as close as "
              "torch to torch's float64 answer)"
              % tolerated[0], file=out)
    print("fuzz: %d graphs, %d mismatches" % (seen[0], len(found)), file=out, flush=True)
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m minitorch.parity.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--max-steps", type=int, default=6)
    args = parser.parse_args(argv)
    return 1 if campaign(args.seed, args.count, args.max_steps) else 0


if __name__ == "__main__":
    sys.exit(main())
