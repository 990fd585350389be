"""Finite-difference checks of analytic gradients (float64 central differences): full Jacobians or random
directions, kinks told apart from wrong gradients, custom Functions' gradient shapes and dtypes, second order."""
import warnings

import numpy

from .. import backend
from .grad_mode import no_grad


class GradcheckError(RuntimeError):
    pass


def _inputs_of(inputs):
    from ..tensor import Tensor
    inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
    return inputs, [t for t in inputs if isinstance(t, Tensor) and t.requires_grad]


def _flat_outputs(fn, inputs):
    from ..tensor import Tensor
    out = fn(*inputs)
    out = (out,) if isinstance(out, Tensor) else tuple(out)
    return [o for o in out if isinstance(o, Tensor) and o.dtype.is_floating_point]


def numerical_jacobian(fn, inputs, wrt, eps):
    """J[k][i, j] = d out_k[j] / d wrt[i], by central differences, one input element at a time."""
    # fn runs with grad enabled, as in torch: it may itself differentiate (a gradient penalty calls grad)
    outs = _flat_outputs(fn, inputs)
    jac = [[None] * len(outs) for _ in wrt]
    for a, t in enumerate(wrt):
        flat = t._data.reshape(-1)  # a view: writing it perturbs t in place
        cols = [[] for _ in outs]
        for i in range(flat.size):
            orig = flat[i].item()
            flat[i] = orig + eps
            plus = [o._data.reshape(-1).copy() for o in _flat_outputs(fn, inputs)]
            flat[i] = orig - eps
            minus = [o._data.reshape(-1).copy() for o in _flat_outputs(fn, inputs)]
            flat[i] = orig
            for k in range(len(outs)):
                cols[k].append((plus[k] - minus[k]) / (2 * eps))
        for k, o in enumerate(outs):
            xp = t.xp
            jac[a][k] = xp.stack(cols[k]) if cols[k] else xp.zeros((0, o.numel()), dtype=o.dtype.np)
    return jac


def analytical_jacobian(fn, inputs, wrt, create_graph=False):
    from . import grad
    outs = _flat_outputs(fn, inputs)
    jac = [[None] * len(outs) for _ in wrt]
    for k, o in enumerate(outs):
        xp = o.xp
        rows = [[] for _ in wrt]
        for j in range(o.numel()):
            seed = o.new_zeros(o.shape)
            seed._data.reshape(-1)[j] = 1
            gs = grad(o, wrt, seed, retain_graph=True, allow_unused=True, create_graph=create_graph)
            for a, g in enumerate(gs):
                rows[a].append(xp.zeros(wrt[a].numel(), dtype=wrt[a].dtype.np) if g is None else
                               g._data.reshape(-1))
        for a, t in enumerate(wrt):
            jac[a][k] = xp.stack(rows[a], axis=1) if rows[a] else xp.zeros((t.numel(), 0), dtype=t.dtype.np)
    return jac


FAST_MODE_NUMEL = 1000  # above this many input elements, gradcheck(fast_mode=None) checks random directions


class NonDifferentiablePointWarning(UserWarning):
    """gradcheck met a kink: the one-sided derivatives differ there and the analytic gradient is one of them or
    lies between them (a subgradient), which is a choice, not a wrong gradient."""


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, fast_mode=None,
              check_grad_dtypes=True, check_second_order=False, **_ignored):
    """True when func's analytic gradients match central finite differences at inputs (float64 inputs).

    - fast_mode=False compares the whole Jacobian, one input element at a time; fast_mode=True compares v^T J u
      for random directions u (inputs) and v (outputs), which costs two evaluations and one backward per input;
      None picks fast mode above FAST_MODE_NUMEL input elements.
    - A mismatch at a non-differentiable point (the left and right derivatives differ) is reported as a kink: a
      NonDifferentiablePointWarning when the analytic value is a one-sided derivative or lies between them,
      a GradcheckError that says "kink" when it does not.
    - check_grad_dtypes: every custom Function in func's graph must return gradients of its inputs' shapes and
      dtypes (the engine would otherwise quietly sum or cast them into place).
    - check_second_order: also run gradgradcheck.
    """
    inputs, wrt = _inputs_of(inputs)
    for i, t in enumerate(wrt):
        if t.dtype.name != "float64":
            warnings.warn("Input #%d requires gradient and is not a double precision floating point. The "
                          "finite differences are unlikely to be accurate enough; use float64 inputs." % i,
                          UserWarning)
    try:
        if check_grad_dtypes:
            _check_function_gradients(func, inputs)
        fast = sum(t.numel() for t in wrt) > FAST_MODE_NUMEL if fast_mode is None else fast_mode
        (_fast_check if fast else _full_check)(func, inputs, wrt, eps, atol, rtol)
        if check_second_order:
            gradgradcheck(func, inputs, eps=eps, atol=atol, rtol=rtol, fast_mode=fast_mode)
    except GradcheckError:
        if raise_exception:
            raise
        return False
    return True


def _full_check(func, inputs, wrt, eps, atol, rtol):
    numeric = numerical_jacobian(func, inputs, wrt, eps)
    analytic = analytical_jacobian(func, inputs, wrt)
    for a, t in enumerate(wrt):
        xp = t.xp
        for k in range(len(numeric[a])):
            n, g = numeric[a][k], analytic[a][k]
            bad = ~xp.isclose(g, n, rtol=rtol, atol=atol)
            for i in sorted(set(int(r) for r in xp.nonzero(bad)[0])):  # the input elements with a wrong row
                left, right = _one_sided(func, inputs, t, k, i, eps)
                for j in xp.nonzero(bad[i])[0]:
                    _judge(k, a, "element %d (output element %d)" % (i, int(j)), float(n[i][j]), float(g[i][j]),
                           float(left[j]), float(right[j]), atol, rtol, "numerical:%s\nanalytical:%s" % (n, g))


def _fast_check(func, inputs, wrt, eps, atol, rtol):
    """v^T J u for random unit-variance u and v, by a directional central difference and by one backward."""
    from . import grad
    from ..tensor import Tensor
    rng = numpy.random.default_rng(0)
    outs = _flat_outputs(func, inputs)
    vs = [rng.standard_normal(o.numel()) for o in outs]
    for a, t in enumerate(wrt):
        u = rng.standard_normal(t.numel())
        plus, base, minus = (_shifted(func, inputs, t, t.xp.asarray(s * eps * u)) for s in (1, 0, -1))
        outs = _flat_outputs(func, inputs)
        for k, o in enumerate(outs):
            weight = Tensor._make(o.xp.asarray(vs[k].reshape(o.shape), dtype=o.dtype.np))
            (g,) = grad(o, [t], weight, retain_graph=True, allow_unused=True)
            analytic = 0.0 if g is None else float((backend.to_numpy(g._data).reshape(-1) * u).sum())
            numeric = float(((plus[k] - minus[k]) / (2 * eps) * vs[k]).sum())
            left = float(((base[k] - minus[k]) / eps * vs[k]).sum())
            right = float(((plus[k] - base[k]) / eps * vs[k]).sum())
            _judge(k, a, "a random direction (fast mode)", numeric, analytic, left, right, atol, rtol,
                   "run gradcheck with fast_mode=False for the whole Jacobian")


def _judge(k, a, where, numeric, analytic, left, right, atol, rtol, detail):
    """Raise GradcheckError unless analytic matches numeric, or is a legitimate choice at a kink (a warning)."""
    if abs(analytic - numeric) <= atol + rtol * abs(numeric):
        return
    kink = abs(left - right) > 1e-3 * (1 + abs(left) + abs(right))  # one-sided derivatives disagree by O(1)
    if not kink:
        raise GradcheckError("Jacobian mismatch for output %d with respect to input %d at %s: numerical %.6g, "
                             "analytical %.6g\n%s" % (k, a, where, numeric, analytic, detail))
    lo, hi = min(left, right), max(left, right)
    slack = atol + rtol * max(abs(lo), abs(hi))
    message = ("input %d at %s is a non-differentiable point (kink) of output %d: left derivative %.6g, right "
               "derivative %.6g, analytical %.6g" % (a, where, k, left, right, analytic))
    if lo - slack <= analytic <= hi + slack:
        warnings.warn(message, NonDifferentiablePointWarning)
        return
    raise GradcheckError(message + ", which is neither of them nor between them")


def _shifted(func, inputs, t, delta):
    """func's float outputs (flat NumPy copies) with delta added to t's values for the call."""
    original = t._data.copy()
    t._data.reshape(-1)[...] += delta
    try:
        return [backend.to_numpy(o._data).reshape(-1).copy() for o in _flat_outputs(func, inputs)]
    finally:
        t._data[...] = original


def _one_sided(func, inputs, t, k, i, eps):
    """Left and right difference quotients of output k (flat) in input element i."""
    delta = t.xp.zeros(t.numel(), dtype=t.dtype.np)
    delta[i] = eps
    plus, base, minus = (_shifted(func, inputs, t, s * delta)[k] for s in (1, 0, -1))
    return (base - minus) / eps, (plus - base) / eps


def _check_function_gradients(func, inputs):
    """Call the backward of every custom Function in func's graph and check its raw gradients' shapes and
    dtypes against the inputs it was applied to."""
    from ..tensor import Tensor
    roots = [o.grad_fn for o in _flat_outputs(func, inputs) if o.grad_fn is not None]
    seen, stack = set(roots), list(roots)
    while stack:
        node = stack.pop()
        for nxt, _ in getattr(node, "next_functions", ()):
            if nxt is not None and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
        cls = getattr(node, "_forward_cls", None)
        if cls is None or getattr(cls, "_builtin", True):
            continue
        ones = [None if m is None else Tensor._ones(*m) for m in node._outputs_meta]
        with no_grad():
            result = cls.backward(node, *ones)
        result = result if isinstance(result, tuple) else (result,)
        for i in node._tensor_positions:
            g = result[i] if i < len(result) else None
            shape, dtype = node._input_meta[i]
            if g is None:
                continue
            if not isinstance(g, Tensor):
                raise GradcheckError("Function %s returned a %s as the gradient of input %d, expected a Tensor"
                                     % (cls.__name__, type(g).__name__, i))
            if tuple(g.shape) != tuple(shape) or g.dtype is not dtype:
                raise GradcheckError("Function %s returned a gradient of shape %s and dtype %s for input %d, "
                                     "which has shape %s and dtype %s" % (cls.__name__, list(g.shape), g.dtype,
                                                                         i, list(shape), dtype))


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
                  fast_mode=None, **_ignored):
    """gradcheck of the function that maps (inputs, grad_outputs) to the input gradients."""
    from . import grad
    from ..tensor import Tensor
    inputs, wrt = _inputs_of(inputs)
    if grad_outputs is None:
        with no_grad():
            outs = _flat_outputs(func, inputs)
        grad_outputs = [Tensor._make(o.xp.random.standard_normal(o.shape).astype(o.dtype.np)).requires_grad_()
                        for o in outs]
    grad_outputs = list(grad_outputs)
    n = len(inputs)

    def first_order(*args):
        ins, gos = args[:n], args[n:]
        outs = _flat_outputs(func, ins)
        needed = [t for t in ins if isinstance(t, Tensor) and t.requires_grad]
        gs = grad(outs, needed, gos, create_graph=True, allow_unused=True)
        return tuple(g for g in gs if g is not None)

    return gradcheck(first_order, tuple(inputs) + tuple(grad_outputs), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, fast_mode=fast_mode, check_grad_dtypes=False)
