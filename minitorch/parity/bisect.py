"""Model parity bisect: run a minitorch model and a torch model side by side and find where they part ways.

    from minitorch.parity.bisect import bisect
    report = bisect(model, torch_model, x, target=y, loss="cross_entropy")   # copies torch's weights first
    print(report)            # module by module: activation, gradient and parameter-gradient differences
    report.first             # the first module where the two depart, or None

Both models run on the same input. Forward hooks on every leaf module (one without children) record the module's
input and output, and tensor hooks on those record the gradients that reach them in backward; after backward each
module's parameter gradients are read too. Then:

* forward, in call order: the first module whose output departs is to blame -- unless its input departed
  already while the previous module's output agreed, in which case the code *between* the two modules (a
  functional call in ``forward``) is;
* if every activation agrees, backward, in reverse call order: the first module whose input gradient or
  parameter gradients depart while the gradient of its output still agrees is to blame (its backward), or the
  code after it when even its output gradient departs.

"Departs" is dtype-aware: max |a - b| > atol + rtol * max |reference| with TOLERANCES for the model's dtype.
The module names are the candidate's; ``mapping`` translates module-name prefixes when the torch model names
its modules differently (``{"features": "conv_stack"}``).
"""
import importlib
import math

import numpy

TOLERANCES = {  # (rtol, atol) for whole activations: errors grow through layers, so looser than per-op checks
    "float64": (1e-9, 1e-12),
    "float32": (1e-4, 1e-6),
    "float16": (1e-2, 1e-3),
}


def library_of(module):
    """The library (minitorch or torch) that a module's class, or the class it derives from, comes from."""
    for cls in type(module).__mro__:
        root = cls.__module__.split(".")[0]
        if root in ("minitorch", "torch"):
            return importlib.import_module(root)
    raise TypeError("%s is neither a minitorch nor a torch module" % type(module).__name__)


def as_numpy(t):
    return t.detach().cpu().numpy().copy()


def translate(name, mapping):
    """A candidate's module or parameter name in the reference's naming, by the longest matching prefix."""
    for prefix in sorted(mapping or {}, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return mapping[prefix] + name[len(prefix):]
    return name


def copy_weights(model, source, mapping=None):
    """Load the weights (parameters and buffers) of source -- a torch module or state_dict, or any mapping of
    names to tensors or arrays -- into model, translating names with mapping. Returns model."""
    lib = library_of(model)
    state = source.state_dict() if hasattr(source, "state_dict") else source
    own = model.state_dict()
    missing = [k for k in own if translate(k, mapping) not in state]
    if missing:
        raise KeyError("copy_weights: the source has no entry for %s (it has: %s); pass mapping= to translate "
                       "module names" % (", ".join(missing), ", ".join(list(state)[:12])))
    loaded = {}
    for key, mine in own.items():
        value = state[translate(key, mapping)]
        array = as_numpy(value) if hasattr(value, "detach") else numpy.asarray(value)
        if tuple(array.shape) != tuple(mine.shape):
            raise ValueError("copy_weights: %s has shape %s in the model but %s in the source"
                             % (key, tuple(mine.shape), tuple(array.shape)))
        loaded[key] = lib.tensor(array, dtype=mine.dtype)
    model.load_state_dict(loaded)
    return model


def leaf_modules(model):
    """(name, module) for every module without children: where the real work happens."""
    return [(name, m) for name, m in model.named_modules() if not list(m.children())]


def _first_tensor(obj, lib):
    if isinstance(obj, lib.Tensor):
        return obj
    if isinstance(obj, (tuple, list)):
        for item in obj:
            found = _first_tensor(item, lib)
            if found is not None:
                return found
    return None


class _Recording:
    """Forward hooks on a model's leaf modules, keyed by the candidate's names, with tensor hooks for gradients."""

    def __init__(self, model, names):
        self.lib = library_of(model)
        self.records = {}
        self.order = []
        self.modules = {}
        self.handles = [module.register_forward_hook(self._hook(key)) for key, module in names]
        self.modules.update(names)

    def _hook(self, name):
        def hook(module, args, output):
            key = name
            calls = 1
            while key in self.records:  # a module called again (a shared layer) gets a record per call
                calls += 1
                key = "%s#%d" % (name, calls)
            rec = self.records[key] = {"module": name, "type": type(module).__name__}
            self.order.append(key)
            for side, value in (("input", _first_tensor(args, self.lib)), ("output", _first_tensor(output, self.lib))):
                if value is None:
                    continue
                rec[side] = as_numpy(value)
                if value.requires_grad:
                    value.register_hook(self._grad_hook(rec, "grad_" + side))
        return hook

    @staticmethod
    def _grad_hook(rec, slot):
        def hook(grad):
            rec[slot] = as_numpy(grad)
        return hook

    def read_parameter_grads(self):
        for key in self.order:
            rec = self.records[key]
            module = self.modules[rec["module"]]
            rec["param_grads"] = {n: None if p.grad is None else as_numpy(p.grad)
                                  for n, p in module.named_parameters(recurse=False)}

    def remove(self):
        for h in self.handles:
            h.remove()


def _loss(lib, loss, output, target, weights):
    if loss is None:  # a fixed random weighting: every output element gets its own non-zero gradient
        return (output * lib.tensor(weights, dtype=output.dtype)).sum()
    if loss == "cross_entropy":
        return lib.nn.functional.cross_entropy(output, target)
    if loss == "mse":
        return lib.nn.functional.mse_loss(output, target)
    return loss(lib, output, target)


def _run(model, names, inputs, target, loss, seed):
    """Forward and backward of one model, with everything recorded."""
    lib = library_of(model)
    dtype = next(iter(model.parameters())).dtype
    tensors = [lib.tensor(a, dtype=dtype if a.dtype.kind == "f" else None) for a in inputs]
    for t in tensors:
        if t.dtype.is_floating_point:
            t.requires_grad_(True)  # so that the first module's input gradient is recorded too
    target_t = None if target is None else lib.tensor(target, dtype=dtype if target.dtype.kind == "f" else None)
    model.zero_grad()
    recording = _Recording(model, names)
    try:
        output = model(*tensors)
        out = _first_tensor(output, lib)
        weights = numpy.random.default_rng(seed).standard_normal(tuple(out.shape))
        value = _loss(lib, loss, out, target_t, weights)
        value.backward()
        recording.read_parameter_grads()
    finally:
        recording.remove()
    recording.records["(output)"] = {"module": "(output)", "type": "", "output": as_numpy(out)}
    recording.records["(loss)"] = {"module": "(loss)", "type": loss if isinstance(loss, str) else
                                   "weighted sum" if loss is None else getattr(loss, "__name__", "loss"),
                                   "output": as_numpy(value)}
    return recording, str(dtype).replace("torch.", "")


def difference(got, expected, rtol, atol):
    """(departs?, relative error) of got against expected: max |got - expected| over the reference's scale."""
    if got is None or expected is None:
        return (got is None) != (expected is None), math.nan
    if got.shape != expected.shape:
        return True, math.inf
    if not got.size:
        return False, 0.0
    e, g = expected.astype(numpy.float64), got.astype(numpy.float64)
    if not numpy.array_equal(numpy.isnan(e), numpy.isnan(g)):
        return True, math.inf
    finite = ~numpy.isnan(e)
    diff = float(numpy.abs(e - g)[finite].max()) if finite.any() else 0.0
    scale = float(numpy.abs(e)[finite].max()) if finite.any() else 0.0
    return diff > atol + rtol * scale, diff / max(scale, atol / rtol)


class BisectReport:
    """One row per module call (forward order) and the verdict: ``first`` names where the models depart."""

    COLUMNS = ("input", "output", "grad_output", "grad_input", "params")

    def __init__(self, rows, first, dtype, tolerance):
        self.rows, self.first, self.dtype, self.tolerance = rows, first, dtype, tolerance

    @property
    def ok(self):
        return self.first is None

    def worst(self):
        """The largest relative error anywhere (forward or gradient)."""
        errors = [r[c][1] for r in self.rows for c in self.COLUMNS if r.get(c) and not math.isnan(r[c][1])]
        return max(errors, default=0.0)

    def to_dict(self):
        return {"ok": self.ok, "first": self.first, "dtype": self.dtype, "rtol": self.tolerance[0],
                "atol": self.tolerance[1], "worst": self.worst(),
                "rows": [{k: (list(v) if isinstance(v, tuple) else v) for k, v in r.items()} for r in self.rows]}

    def __str__(self):
        def cell(v):
            if not v:
                return "-"
            return ("%.1e" % v[1] if not math.isnan(v[1]) else "None") + (" !" if v[0] else "")
        lines = ["%-18s %-14s %-10s %-10s %-10s %-10s %-10s" % ("module", "type", "input", "output", "grad out",
                                                              "grad in", "param grad"),
                 "-" * 88]
        for r in self.rows:
            lines.append("%-18s %-14s %-10s %-10s %-10s %-10s %-10s" % (
                r["name"][:18], r["type"][:14], cell(r.get("input")), cell(r.get("output")),
                cell(r.get("grad_output")), cell(r.get("grad_input")), cell(r.get("params"))))
        lines.append("(relative errors; '!' marks a departure beyond rtol=%g, atol=%g for %s)"
                     % (self.tolerance + (self.dtype,)))
        if self.first is None:
            lines.append("bisect: every activation and gradient matches torch (worst relative error %.1e)"
                         % self.worst())
        else:
            lines.append("bisect: first departure: %s" % self.first["message"])
        return "\n".join(lines)


def _compare(rec, ref, rtol, atol):
    row = {"name": ref["module"], "type": ref["type"]}
    for side in ("input", "output", "grad_output", "grad_input"):
        if side in ref or side in rec:
            row[side] = difference(rec.get(side), ref.get(side), rtol, atol)
    if ref.get("param_grads"):
        checks = {n: difference(rec.get("param_grads", {}).get(n), g, rtol, atol)
                  for n, g in ref["param_grads"].items()}
        row["params"] = (any(c[0] for c in checks.values()),
                         max((c[1] for c in checks.values()), key=lambda v: -1 if math.isnan(v) else v))
        row["param_names"] = [n for n, c in checks.items() if c[0]]
    return row


def _departs(row, key):
    return bool(row.get(key)) and row[key][0]


def _diagnose(rows):
    """The first departure: forward in call order, then backward in reverse call order."""
    modules = [r for r in rows if not r["name"].startswith("(")]
    previous = None
    for r in modules:
        if _departs(r, "output"):
            if _departs(r, "input") and (previous is None or not _departs(previous, "output")):
                where = "the model's input" if previous is None else "the code between %s and %s" % (
                    previous["name"], r["name"])
                return {"module": r["name"], "phase": "forward-input",
                        "message": "forward: the input of %s (%s) already differs: look at %s"
                                   % (r["name"], r["type"], where)}
            return {"module": r["name"], "phase": "forward",
                    "message": "forward of %s (%s): its output differs (relative error %.2e)"
                               % (r["name"], r["type"], r["output"][1])}
        previous = r
    for r in rows:
        if r["name"].startswith("(") and _departs(r, "output"):
            return {"module": r["name"], "phase": "forward",
                    "message": "%s differs although every module's output agrees" % r["name"]}
    following = None
    for r in reversed(modules):
        if _departs(r, "grad_output"):
            where = "the loss" if following is None else "the code between %s and %s" % (r["name"],
                                                                                       following["name"])
            return {"module": r["name"], "phase": "backward-output",
                    "message": "backward: the gradient reaching the output of %s already differs: look at %s"
                               % (r["name"], where)}
        if _departs(r, "grad_input") or _departs(r, "params"):
            what = "its parameter gradients (%s)" % ", ".join(r["param_names"]) if _departs(r, "params") else \
                "its input gradient"
            return {"module": r["name"], "phase": "backward",
                    "message": "backward of %s (%s): %s differ while the gradient of its output agrees"
                               % (r["name"], r["type"], what)}
        following = r
    return None


def bisect(model, reference, inputs, target=None, loss=None, mapping=None, copy=True, rtol=None, atol=None,
           seed=0):
    """Compare model (minitorch) with reference (torch) module by module; returns a BisectReport.

    inputs: an array or tensor (or a tuple of them) given to both models; target: what ``loss`` compares the
    output with. loss: None (a fixed random weighting of the output's elements), "cross_entropy", "mse" or
    ``loss(lib, output, target)``. copy: first load the reference's weights into model (``copy_weights``)."""
    if copy:
        copy_weights(model, reference, mapping)
    inputs = tuple(as_numpy(a) if hasattr(a, "detach") else numpy.asarray(a)
                   for a in (inputs if isinstance(inputs, (tuple, list)) else (inputs,)))
    target = None if target is None else as_numpy(target) if hasattr(target, "detach") else numpy.asarray(target)
    names = leaf_modules(model)
    reference_modules = dict(reference.named_modules())
    missing = [n for n, _ in names if translate(n, mapping) not in reference_modules]
    if missing:
        raise KeyError("bisect: the reference model has no module %s; pass mapping= to translate names"
                       % ", ".join(translate(n, mapping) for n in missing))
    ours, dtype = _run(model, names, inputs, target, loss, seed)
    theirs, _ = _run(reference, [(n, reference_modules[translate(n, mapping)]) for n, _ in names], inputs,
                     target, loss, seed)
    default_rtol, default_atol = TOLERANCES.get(dtype, TOLERANCES["float32"])
    rtol, atol = rtol or default_rtol, atol or default_atol
    rows = [_compare(ours.records.get(key, {}), theirs.records[key], rtol, atol)
            for key in theirs.order + ["(output)", "(loss)"]]
    return BisectReport(rows, _diagnose(rows), dtype, (rtol, atol))


def load_builder(spec):
    """A model builder from a built-in name (lenet, mlp) or "path/to/file.py:function"."""
    from ..demo.models import BUILT_IN
    if spec in BUILT_IN:
        return BUILT_IN[spec]
    path, _, name = spec.rpartition(":")
    if not path or not name:
        raise SystemExit("parity --model: expected one of %s or FILE.py:FUNCTION, got %r"
                         % (", ".join(sorted(BUILT_IN)), spec))
    import runpy
    namespace = runpy.run_path(path)
    if name not in namespace:
        raise SystemExit("parity --model: %s defines no %r" % (path, name))
    return namespace[name]


def perturb(module, scale=0.01):
    """Deliberately break a module: every parameter grows by scale (1% by default), in place."""
    params = list(module.parameters())
    if not params:
        raise SystemExit("parity --perturb: module %s has no parameters to change" % type(module).__name__)
    lib = library_of(module)
    with lib.no_grad():
        for p in params:
            p.mul_(1 + scale)


def model_command(args, torch):
    """``python -m minitorch parity --model SPEC``: build the model in both libraries, copy torch's weights into
    the minitorch model, optionally perturb one torch layer, and print the bisect report."""
    import json
    import minitorch
    build = load_builder(args.model)
    shape = tuple(int(s) for s in args.input_shape.split(",")) if args.input_shape else \
        getattr(build, "input_shape", None)
    if shape is None:
        raise SystemExit("parity --model: give --input-shape (one sample's shape, e.g. 1,28,28) or set "
                         "%s.input_shape" % getattr(build, "__name__", "build"))
    torch.manual_seed(args.seed)
    reference, model = build(torch), build(minitorch)
    if args.dtype == "float64":
        reference, model = reference.double(), model.double()
    copy_weights(model, reference)
    if args.perturb:
        modules = dict(reference.named_modules())
        if args.perturb not in modules:
            raise SystemExit("parity --perturb: no module %r (modules: %s)" % (args.perturb, ", ".join(
                n for n, _ in leaf_modules(reference))))
        perturb(modules[args.perturb])
        print("perturbed the torch copy of %s: its parameters are 1%% larger" % args.perturb)
    x = numpy.random.default_rng(args.seed).standard_normal((args.batch,) + shape)
    report = bisect(model, reference, x, copy=False, seed=args.seed)
    print("%s, batch of %d, %s: minitorch vs torch %s" % (args.model, args.batch, args.dtype, torch.__version__))
    print(report)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report.to_dict(), f, indent=1)
    return 0 if report.ok else 1
