"""Forward-mode AD: dual tensors, which carry a tangent with their value, and ops that compute their outputs'.

Inside a dual level, ``make_dual(x, t)`` is x with tangent t, and every op applied to tensors with tangents gives
its outputs the tangent J . t (J the op's Jacobian at its inputs), so ``unpack_dual(f(make_dual(x, t)))`` is
(f(x), J_f(x) t). An op's tangent comes from its Function's ``jvp`` when it has one (torch's custom Functions);
a built-in op without one gets it from its backward, by the double-vjp trick: backward's result J^T u is linear in
the cotangent u, so d<J^T u, t>/du = J t, one reverse pass through the (differentiable) backward.

As in torch, one level at a time; leaving it forgets every tangent given or computed in it.
"""
import collections

from . import function
from .grad_mode import enable_grad, is_grad_enabled

__all__ = ["UnpackedDualTensor", "enter_dual_level", "exit_dual_level", "make_dual", "unpack_dual", "dual_level"]


class _Level:
    """The dual level entered: a tensor's tangent is kept with the level it belongs to (Tensor._fw_grad is
    (level, tangent)), so once the level is left no tangent of it is seen again."""

    def __init__(self):
        self.fast_paths = function.fast_paths  # the ops' shortcuts past Function.apply, off while the level lasts


_entered = None  # the _Level entered (torch numbers it 0), or None


def _current():
    return -1 if _entered is None else 0


def enter_dual_level():
    """Enter the forward-AD level (torch supports one at a time); returns its number, 0."""
    global _entered
    if _entered is not None:
        raise RuntimeError("Nested forward mode AD is not supported at the moment")
    _entered = _Level()
    function.fast_paths = False  # every op goes through Function.apply, which computes tangents
    function.dual_level = _entered
    return 0


def exit_dual_level(*, level=None):
    """Leave the level: the tangents of its dual tensors are gone."""
    global _entered
    level = _current() if level is None else level
    if level != _current():
        raise RuntimeError("Trying to exit a forward AD level that was not the last one that was created. This is "
                           "not supported.")
    if level < 0:
        raise RuntimeError("Dual level must be a positive number.")
    function.fast_paths = _entered.fast_paths
    function.dual_level = _entered = None


class dual_level:
    """``with dual_level():`` the block runs in a forward-AD level (also a decorator)."""

    def __enter__(self):
        return enter_dual_level()

    def __exit__(self, *exc):
        exit_dual_level()
        return False

    def __call__(self, fn):
        import functools

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with dual_level():
                return fn(*args, **kwargs)
        return wrapper


UnpackedDualTensor = collections.namedtuple("UnpackedDualTensor", ["primal", "tangent"])


def tangent_of(t):
    """t's tangent at the level in force, or None."""
    fw = t._fw_grad
    return fw[1] if fw is not None and fw[0] is function.dual_level and fw[0] is not None else None


def set_tangent(t, tangent):
    t._fw_grad = (_entered, tangent)


def make_dual(tensor, tangent, *, level=None):
    """A view of tensor carrying tangent (kept as is) as its forward gradient."""
    level = _current() if level is None else level
    if level < 0:
        raise RuntimeError("Trying to create a dual Tensor for forward AD but no level exists, make sure to "
                           "enter_dual_level() first.")
    for name, t in (("primal", tensor), ("tangent", tangent)):
        if not (t.is_floating_point() or t.is_complex()):
            raise ValueError("Expected %s to be floating point or complex, but got: %s" % (name, t.dtype))
    if level != _current():
        raise RuntimeError("Invalid level given to _make_dual")
    if tangent_of(tensor) is not None:
        raise RuntimeError("Making a dual Tensor based on a Tensor that already has a forward gradient at the same "
                           "level %d is not supported." % level)
    if tuple(tangent.shape) != tuple(tensor.shape):
        raise RuntimeError("Trying to set a forward gradient that has a different size than that of the original "
                           "Tensor, this is not supported. Tensor is of size %s while the given forward gradient is "
                           "of size %s." % (list(tensor.shape), list(tangent.shape)))
    dual = _without_tangents(lambda: tensor.view_as(tensor))
    set_tangent(dual, tangent)
    return dual


def unpack_dual(tensor, *, level=None):
    """(primal, tangent): a view of tensor without its tangent, and the tangent as is (None for none)."""
    level = _current() if level is None else level
    if level < 0:
        return UnpackedDualTensor(tensor, None)
    if not isinstance(tensor, function._Tensor):
        raise TypeError("_unpack_dual(): argument 'dual' (position 1) must be Tensor, not %s" % type(tensor).__name__)
    if level != _current():
        raise RuntimeError("Invalid level given to _fw_primal")
    return UnpackedDualTensor(_without_tangents(lambda: tensor.view_as(tensor)), tangent_of(tensor))


def _without_tangents(compute):
    """compute() with the level's tangents out of sight: its ops compute no tangents."""
    level = function.dual_level
    function.dual_level = None
    try:
        return compute()
    finally:
        function.dual_level = level


# --- an op's outputs and their tangents ----------------------------------------------------------------------------
def apply(cls, args, kwargs):
    """cls.apply(*args, **kwargs) inside a dual level: the outputs, given their tangents."""
    tangents = [tangent_of(a) if isinstance(a, function._Tensor) else None for a in args]
    if all(t is None for t in tangents):
        return _without_tangents(lambda: cls.apply(*args, **kwargs))
    grad_mode = is_grad_enabled()
    # the node the op records is needed (its backward or jvp gives the tangents): the inputs with tangents are given
    # as stand-ins that require grad (one per tensor), so that the op records one whatever the grad mode and inputs
    with enable_grad():
        stand_ins = _without_tangents(lambda: {id(a): _stand_in(a) for a, t in zip(args, tangents) if t is not None})
        call_args = [a if t is None else stand_ins[id(a)] for a, t in zip(args, tangents)]
        outputs = _without_tangents(lambda: cls.apply(*call_args, **kwargs))
    outs = outputs if isinstance(outputs, tuple) else (outputs,)
    differentiable = [o for o in outs if isinstance(o, function._Tensor) and o.grad_fn is not None]
    if differentiable:
        node = differentiable[0].grad_fn
        history = grad_mode and any(isinstance(a, function._Tensor) and a.requires_grad for a in args)
        create = grad_mode and (history or any(t is not None and t.requires_grad for t in tangents))
        with enable_grad():
            if cls.jvp is function.Function.jvp and cls._builtin:
                out_tangents = _double_vjp(differentiable, [call_args[i] for i, t in enumerate(tangents)
                                                              if t is not None],
                                           [t for t in tangents if t is not None], create)
            else:
                out_tangents = _custom_jvp(cls, node, args, tangents, outs, differentiable, create)
        if history:
            _reconnect(node, args, call_args)
        for o, t in zip(differentiable, out_tangents):
            if not history:  # the op's node was only for its tangents
                o.grad_fn, o._requires_grad = None, False
            set_tangent(o, t)
    return outputs


def _stand_in(a):
    """a as an input of its own for the op's node: a view of a, so that the op's views are views of a's base.
    When a requires grad, the view's node is on a's history (the tangents stay differentiable with respect to
    a); else the view is made to require grad. The gradients the op's backward gives for its stand-ins are for
    its own inputs only: a gradient for one input that another depends on does not reach the other's stand-in."""
    view = a.view_as(a)
    return view if a.requires_grad else view.requires_grad_()


def write(t, result):
    """t's tangent once t was overwritten in place with result's value: result's (zeros for none). As in torch,
    the tangent of a view is that view of its base's tangent: writing a view writes that part of the base's
    tangent, and every view of the base sees the base's new tangent."""
    tangent = tangent_of(result)
    base = t._base
    if tangent is None and tangent_of(t) is None and (base is None or tangent_of(base) is None):
        return
    tangent = t.new_zeros(t.shape) if tangent is None else tangent
    if base is None:
        set_tangent(t, tangent)
    else:
        base_tangent = tangent_of(base)
        base_tangent = base.new_zeros(base.shape) if base_tangent is None else base_tangent.clone()
        _without_tangents(lambda: t._view_fn(base_tangent).copy_(tangent))
        set_tangent(base, base_tangent)
    base = t if base is None else base
    base_tangent = tangent_of(base)
    for ref in base._version_counter.views or ():  # (the views of base, t among them)
        view = ref()
        if view is not None and view._base is base:
            set_tangent(view, _without_tangents(lambda: view._view_fn(base_tangent)))


def _reconnect(node, args, call_args):
    """node's edges from the stand-ins to the inputs they stood for (None for an input that needs no gradient)."""
    nodes, nrs = list(function.next_nodes(node)), list(node._next_nrs)
    for k, i in enumerate(node._tensor_positions):
        if call_args[i] is not args[i]:
            nodes[k], nrs[k] = function._input_node(args[i]), args[i]._output_nr
    node._next_nrs = tuple(nrs)
    if len(nodes) > 2:
        node._next_nodes = tuple(nodes)
    else:
        node._next0, node._next1 = nodes[0], nodes[-1]


def _double_vjp(outputs, inputs, tangents, create):
    """The outputs' tangents J t from the op's backward: g = J^T u for cotangents u that require grad, then
    d<g, t>/du = J t. That derivative is the same at any u; u = 1 rather than 0, where a backward written
    piecewise in the sign of its gradient (logcumsumexp's) has a kink."""
    from . import grad
    cotangents = [o.new_ones(o.shape).requires_grad_() for o in outputs]
    pulled = grad(outputs, inputs, cotangents, retain_graph=True, create_graph=True, allow_unused=True)
    products = [_inner(g, t) for g, t in zip(pulled, tangents) if g is not None and g.requires_grad]
    if not products:  # backward gives no gradient that depends on the cotangent: J is 0
        return [o.new_zeros(o.shape) for o in outputs]
    pushed = grad(sum(products[1:], products[0]), cotangents, create_graph=create, allow_unused=True)
    return [o.new_zeros(o.shape) if t is None else t for o, t in zip(outputs, pushed)]


def _inner(g, t):
    """Re <g, t> = Re sum(conj(g) t): real, and (complex or not) its gradient in u, as torch defines the gradient
    of a real function of a complex variable, is J t."""
    product = (g.conj() * t).sum() if g.is_complex() or t.is_complex() else (g * t).sum()
    return product.real if product.is_complex() else product


def _custom_jvp(cls, node, args, tangents, outs, differentiable, create):
    """The outputs' tangents from cls.jvp(ctx, *tangents) (a custom Function's, or a built-in op's own): zeros for
    a tensor input without one, None for the other arguments; one tangent per output."""
    given = [t if t is not None else a.new_zeros(a.shape) if isinstance(a, function._Tensor) else None
             for a, t in zip(args, tangents)]
    result = _without_tangents(lambda: cls.jvp(_JvpContext(node), *given))
    result = result if isinstance(result, tuple) else (result,)
    by_output = {id(o): t for o, t in zip(outs, result)}
    return [by_output[id(o)] if create else by_output[id(o)].detach() for o in differentiable]


class _JvpContext:
    """What a custom Function's jvp gets as ctx: its node, whose saved_tensors are those of save_for_forward."""

    def __init__(self, node):
        object.__setattr__(self, "_node", node)

    @property
    def saved_tensors(self):
        return self._node._saved_for_forward

    def __getattr__(self, name):
        return getattr(self._node, name)

    def __setattr__(self, name, value):
        setattr(self._node, name, value)
