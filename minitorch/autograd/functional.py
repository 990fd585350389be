"""torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp, built on autograd.grad.

Inputs and outputs are a Tensor or a tuple of Tensors, and results follow that nesting (as in torch). jvp uses
the double-vjp trick: with u a dummy cotangent, g(u) = J^T u is linear in u, so d<g(u), v>/du = J v.
"""
from . import grad as _grad
from .grad_mode import enable_grad


def _as_tuple(x, arg, fn):
    from ..tensor import Tensor
    single = not isinstance(x, tuple)
    items = (x,) if single else x
    for t in items:
        if not isinstance(t, Tensor):
            raise TypeError("The %s given to %s must be either a Tensor or a tuple of Tensors but the value at index "
                            "%d has type %s." % (arg, fn, items.index(t), type(t).__name__))
    return single, items


def _prepare(inputs, create_graph):
    """Fresh differentiable copies of the inputs; with create_graph they stay connected to the caller's graph."""
    return tuple(t.view_as(t) if create_graph and t.requires_grad else t.detach().requires_grad_(True)
                 for t in inputs)


def _finish(x, create_graph):
    return x if create_graph else x.detach()


def _nest(single_out, single_in, rows):
    """rows[i][j] (output i, input j) nested as torch returns it."""
    rows = tuple(r[0] if single_in else tuple(r) for r in rows)
    return rows[0] if single_out else rows


def _grads(outputs, inputs, grad_outputs, create_graph, strict, what):
    """d<outputs, grad_outputs>/d inputs; unused inputs give zeros (or raise, in strict mode)."""
    needed = [o.requires_grad for o in outputs]
    if any(needed):
        pairs = [(o, g) for o, g, n in zip(outputs, grad_outputs, needed) if n]
        grads = _grad([o for o, _ in pairs], inputs, [g for _, g in pairs], retain_graph=True,
                      create_graph=create_graph, allow_unused=True)
    else:
        grads = (None,) * len(inputs)
    result = []
    for i, (g, t) in enumerate(zip(grads, inputs)):
        if g is None:
            if strict:
                raise RuntimeError("The %s of the user-provided function is independent of input %d. This is not "
                                   "allowed in strict mode." % (what, i))
            g = t.new_zeros(t.shape)
        result.append(g)
    return result


def _call(func, inputs, fn):
    return _as_tuple(func(*inputs), "outputs of the user-provided function", fn)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False, strategy="reverse-mode"):
    """J[i][j] of shape outputs[i].shape + inputs[j].shape (vectorize is accepted and ignored)."""
    if strategy != "reverse-mode":
        raise NotImplementedError("minitorch.autograd.functional.jacobian: only strategy='reverse-mode' is "
                                  "implemented")
    single_in, inputs = _as_tuple(inputs, "inputs", "jacobian")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        single_out, outputs = _call(func, inputs, "jacobian")
        rows = []
        for i, out in enumerate(outputs):
            flat = out.reshape(-1)
            per_input = [[] for _ in inputs]
            for k in range(flat.numel()):  # one backward per output element: a row of J
                onehot = flat.new_zeros(flat.shape)
                onehot[k] = 1
                for j, g in enumerate(_grads([flat], inputs, [onehot], create_graph, strict,
                                             "Output %d of the user-provided function" % i)):
                    per_input[j].append(g)
            from ..ops.shape import stack
            rows.append([_finish(stack(gs).reshape(tuple(out.shape) + tuple(t.shape)) if gs else
                                 t.new_zeros(tuple(out.shape) + tuple(t.shape)), create_graph)
                         for gs, t in zip(per_input, inputs)])
    return _nest(single_out, single_in, rows)


def _scalar_output(func, inputs, fn):
    single, outputs = _call(func, inputs, fn)
    if not single or outputs[0].numel() != 1:
        raise RuntimeError("The Tensor returned by the function given to %s should contain a single element" % fn)
    return outputs[0]


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False, outer_jacobian_strategy="reverse-mode"):
    """The jacobian of the gradient of a scalar func: H[i][j] of shape inputs[i].shape + inputs[j].shape."""
    single_in, items = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*inp):
        out = _scalar_output(func, inp, "hessian")
        g = _grads([out], inp, [out.new_ones(out.shape)], True, strict, "Output 0 of the user-provided function")
        return g[0] if single_in else tuple(g)

    return jacobian(gradient, inputs if single_in else items, create_graph=create_graph, strict=strict)


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J)."""
    single_in, inputs = _as_tuple(inputs, "inputs", "vjp")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        single_out, outputs = _call(func, inputs, "vjp")
        vs = _cotangents(v, outputs, "vjp", "outputs")
        grads = _grads(outputs, inputs, vs, create_graph, strict, "output")
    outs = tuple(_finish(o, create_graph) for o in outputs)
    res = tuple(_finish(g, create_graph) for g in grads)
    return (outs[0] if single_out else outs), (res[0] if single_in else res)


def _cotangents(v, like, fn, what):
    """The v paired with `like` (the function's inputs or outputs): given, or 1 for one single-element tensor."""
    if v is None:
        if len(like) != 1 or like[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the %s a single Tensor with a single element."
                               % ("user-provided function returns" if what == "outputs" else
                                  "input to the user-provided function is"))
        return (like[0].new_ones(like[0].shape),)
    _, vs = _as_tuple(v, "v", fn)
    if len(vs) != len(like):
        raise RuntimeError("v is a tuple of invalid length: should be %d but got %d." % (len(like), len(vs)))
    for i, (a, b) in enumerate(zip(vs, like)):
        if tuple(a.shape) != tuple(b.shape):
            raise RuntimeError("Entry %d in v has invalid size: should be %s but got %s."
                               % (i, tuple(b.shape), tuple(a.shape)))
    return vs


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v), by differentiating the vjp with respect to its cotangent."""
    single_in, inputs = _as_tuple(inputs, "inputs", "jvp")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        vs = _cotangents(v, inputs, "jvp", "inputs")
        single_out, outputs = _call(func, inputs, "jvp")
        dummies = tuple(o.new_zeros(o.shape).requires_grad_(True) for o in outputs)
        g = _grads(outputs, inputs, dummies, True, strict, "output")
        # g = J^T u is linear in u: d<g, v>/du = J v (zeros where g does not depend on u)
        res = _grads(g, dummies, vs, create_graph, strict, "output")
    outs = tuple(_finish(o, create_graph) for o in outputs)
    res = tuple(_finish(r, create_graph) for r in res)
    return (outs[0] if single_out else outs), (res[0] if single_out else res)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H) for a scalar func."""
    single_in, inputs = _as_tuple(inputs, "inputs", "vhp")
    with enable_grad():
        inputs = _prepare(inputs, create_graph)
        vs = _cotangents(v, inputs, "vhp", "inputs")
        out = _scalar_output(func, inputs, "vhp")
        g = _grads([out], inputs, [out.new_ones(out.shape)], True, strict, "output")
        res = _grads(g, inputs, vs, create_graph, strict, "output")
    res = tuple(_finish(r, create_graph) for r in res)
    return _finish(out, create_graph), (res[0] if single_in else res)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v); the Hessian of a twice-differentiable scalar function is symmetric, so H v = v^T H."""
    return vhp(func, inputs, v, create_graph, strict)
