"""Finite-difference checks of analytic gradients (float64 central differences)."""
import warnings

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


def gradcheck(func, inputs, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True, **_ignored):
    """True when the analytic Jacobian of func matches central finite differences at inputs."""
    inputs, wrt = _inputs_of(inputs)
    for t in wrt:
        if t.dtype.name != "float64":
            warnings.warn("Input #%d requires gradient and is not a double precision floating point. The "
                          "finite differences are unlikely to be accurate enough; use float64 inputs." % 0,
                          UserWarning)
    numeric = numerical_jacobian(func, inputs, wrt, eps)
    analytic = analytical_jacobian(func, inputs, wrt)
    for a in range(len(wrt)):
        for k in range(len(numeric[a])):
            n, g = numeric[a][k], analytic[a][k]
            xp = wrt[a].xp
            if not bool(xp.allclose(g, n, rtol=rtol, atol=atol)):
                if raise_exception:
                    raise GradcheckError("Jacobian mismatch for output %d with respect to input %d,\nnumerical:%s\n"
                                         "analytical:%s\n" % (k, a, n, g))
                return False
    return True


def gradgradcheck(func, inputs, grad_outputs=None, *, eps=1e-6, atol=1e-5, rtol=1e-3, raise_exception=True,
                  **_ignored):
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
                     raise_exception=raise_exception)
