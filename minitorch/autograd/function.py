"""Graph nodes and autograd.Function.

Every op, built-in or written by a user, is a Function: ``forward(ctx, ...)`` computes the result and saves
what backward needs; ``backward(ctx, *grads)`` returns one gradient per forward argument, written with Tensor
operations so that the backward pass can itself be differentiated (``create_graph=True``). The ``ctx`` object
*is* the graph node that the outputs' ``grad_fn`` points to.
"""
import itertools

from . import anomaly
from . import grad_mode
from .grad_mode import is_grad_enabled, no_grad

_sequence = itertools.count()
_shared = {}


def _intern(record):
    """One shared copy of a small immutable record (flags, positions, shapes, dtypes). A graph keeps a few of
    these per node; sharing them leaves fewer live containers for Python's cyclic GC to walk, and full
    collections over a big graph (and everything else alive, e.g. an imported torch) were most of the per-op time."""
    shared = _shared.get(record)
    if shared is None:
        if len(_shared) >= 4096:  # a program with endlessly new shapes just keeps its own copies
            return record
        shared = _shared[record] = record
    return shared

FREED = ("Trying to backward through the graph a second time (or directly access saved tensors after they have "
         "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
         "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
         "if you need to access saved tensors after calling backward.")


class Node:
    """A node of the backward graph. ``next_functions`` holds one (node, output_nr) edge per tensor input."""

    num_outputs = 1
    next_functions = ()
    _pre_hooks = None  # {output_nr: [hook(grad)]}: tensor hooks of non-leaf outputs
    _node_pre_hooks = None  # [hook(grad_outputs)]
    _post_hooks = None  # [hook(grad_inputs, grad_outputs)]
    _forward_trace = None
    _seq = 0

    def _stamp(self):
        """Called when the node joins a graph: its creation order (later nodes run first, as in torch) and,
        in anomaly mode, the user's stack for error messages."""
        self._seq = next(_sequence)
        if anomaly.is_anomaly_enabled():
            self._forward_trace = anomaly.forward_trace()

    def name(self):
        return type(self).__name__

    def __repr__(self):
        return "<%s object at %#x>" % (self.name(), id(self))

    def apply(self, *grads):
        raise NotImplementedError

    def release(self):
        pass

    def register_hook(self, fn):
        """fn(grad_inputs, grad_outputs) runs after this node computed its input gradients; it may return new
        grad_inputs."""
        self._post_hooks = (self._post_hooks or []) + [fn]
        return _Handle(lambda: self._post_hooks.remove(fn))

    def register_prehook(self, fn):
        """fn(grad_outputs) runs before this node; it may return new grad_outputs."""
        self._node_pre_hooks = (self._node_pre_hooks or []) + [fn]
        return _Handle(lambda: self._node_pre_hooks.remove(fn))

    def _add_pre_hook(self, output_nr, fn):
        """A tensor hook for output output_nr. The retain_grad hook stays last, so .grad sees the hooked value."""
        hooks = self._pre_hooks if self._pre_hooks is not None else {}
        self._pre_hooks = hooks
        chain = hooks.setdefault(output_nr, [])
        last = len(chain) - 1 if chain and getattr(chain[-1], "retains_grad", False) else len(chain)
        chain.insert(last, fn)
        return _Handle(lambda: hooks[output_nr].remove(fn))


class _Handle:
    """What register_*hook returns: ``handle.remove()`` takes the hook away."""

    def __init__(self, remove):
        self._remove = remove

    def remove(self):
        try:
            self._remove()
        except ValueError:
            pass


class AccumulateGrad(Node):
    """The node behind a leaf that requires grad: adds the incoming gradient into ``leaf.grad``."""

    def __init__(self, variable):
        self.variable = variable
        self._stamp()

    def run_hooks(self, grad):
        for hook in self.variable._hooks or ():
            result = hook(grad)
            if result is not None:
                grad = result
        return grad

    def apply(self, grad):
        t = self.variable
        grad = self.run_hooks(grad)
        if t.grad is None:
            # own the buffer: the incoming gradient may be a broadcast view or shared with other tensors
            t.grad = grad if is_grad_enabled() else grad.detach()._owned()
        elif is_grad_enabled():
            t.grad = t.grad + grad
        else:
            t.grad._inplace_add_array(grad._data)
        for hook in t._post_accumulate_hooks or ():
            hook(t)
        return ()


class BackwardFunction(Node):
    """The ctx of one Function application. Carries what forward saved and calls the Function's backward."""

    _forward_cls = None
    # defaults as class attributes: a ctx is made for every op call, so its construction must cost nothing
    _saved = ()
    _freed = False
    _non_differentiable = ()
    _dirty = ()
    _materialize = True
    _outputs_meta = ()
    _tensor_positions = ()
    needs_input_grad = ()

    # --- the ctx API used inside forward ---
    def save_for_backward(self, *tensors):
        self._saved = tuple([None if t is None else (t, t._version_counter.value) for t in tensors])

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = tuple(id(t) for t in tensors)

    def mark_dirty(self, *tensors):
        self._dirty = tuple(id(t) for t in tensors)

    def set_materialize_grads(self, value):
        self._materialize = bool(value)

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(FREED)
        out = []
        for entry in self._saved:
            if entry is None:
                out.append(None)
                continue
            t, version = entry
            if t._version_counter.value != version:
                raise RuntimeError(_modified_message(self, t, version))
            out.append(t)
        return tuple(out)

    # --- the node API used by the engine ---
    @property
    def num_outputs(self):
        return len(self._outputs_meta)

    def release(self):
        self._saved = ()
        self._freed = True

    def apply(self, *grads):
        if self._materialize and any(g is None for g in grads):
            grads = tuple(g if g is not None else _Tensor._zeros(shape, dtype, dev)
                          for g, (shape, dtype, dev) in zip(grads, self._outputs_meta))
        result = self._forward_cls.backward(self, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        n_args = len(self.needs_input_grad)
        if len(result) != n_args and (len(result) < n_args or any(r is not None for r in result[n_args:])):
            raise RuntimeError("function %s returned an incorrect number of gradients (expected %d, got %d)"
                               % (self.name(), n_args, len(result)))
        meta = self._input_meta
        out = []
        for i in self._tensor_positions:
            g = result[i]
            if g is not None and not (type(g) is _Tensor and g._data.shape == meta[i][0] and g.dtype is meta[i][1]):
                g = _check_grad(self, i, g)  # the uncommon case: reshape, cast or reject it
            out.append(g)
        return tuple(out)


def _modified_message(node, t, version):
    """torch's message for a saved tensor changed in place, plus which node saved it and which op changed it."""
    import re
    origin = "" if t.grad_fn is None else ", which is output %d of %s" % (
        t._output_nr, re.sub(r"Backward\d*$", "", t.grad_fn.name()))
    return ("one of the variables needed for gradient computation has been modified by an inplace operation: "
            "[%s %s]%s, is at version %d; expected version %d instead (it was saved by %s and last modified in "
            "place by %s). Hint: enable anomaly detection to find the operation that failed to compute its "
            "gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
            % (t.type(), list(t.shape), origin, t._version_counter.value, version, node.name(),
               t._version_counter.last_op or "an in-place operation"))


def _check_grad(node, index, grad):
    """Bring a gradient returned by backward to its input's shape and dtype, as torch's validate_outputs does."""
    if grad is None:
        return None
    from ..tensor import Tensor
    if not isinstance(grad, Tensor):
        raise TypeError("function %s returned a gradient of type %s at index %d, expected a Tensor or None"
                        % (node.name(), type(grad).__name__, index))
    shape, dtype = node._input_meta[index]
    if tuple(grad._data.shape) != shape:
        try:
            grad = grad.sum_to_size(shape)
        except RuntimeError:
            raise RuntimeError("Function %s returned an invalid gradient at index %d - got %s but expected shape "
                               "compatible with %s" % (node.name(), index, list(grad.shape), list(shape))) from None
    if grad.dtype is not dtype:
        grad = grad.to(dtype)
    return grad


class _FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        suffix = "Backward0" if getattr(cls, "_builtin", False) else "Backward"  # inherited: op family bases
        # node_name: the grad_fn name torch gives the op when it is not simply name + suffix
        cls._backward_cls = type(attrs.get("node_name") or name + suffix, (BackwardFunction,), {"_forward_cls": cls})


class Function(metaclass=_FunctionMeta):
    """Subclass with static ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)``; call ``apply``."""

    _builtin = False

    def __init__(self, *args, **kwargs):
        raise RuntimeError("Function classes are used through their static apply(); do not instantiate them")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        # the hot path of every op: plain loops, one pass over the arguments, grad mode read once
        ctx = cls._backward_cls()
        needs, positions = [], []
        for i, a in enumerate(args):
            if isinstance(a, _Tensor):
                positions.append(i)
                needs.append(a._requires_grad)
            else:
                needs.append(False)
        ctx.needs_input_grad = needs = _intern(tuple(needs))
        enabled = grad_mode.is_grad_enabled()
        if enabled:
            grad_mode._set(False)
            try:
                outputs = cls.forward(ctx, *args, **kwargs)
            finally:
                grad_mode._set(True)
        else:
            outputs = cls.forward(ctx, *args, **kwargs)
        if not enabled or True not in needs:
            return outputs
        ctx._seq = next(_sequence)  # creation order: later nodes run first in backward, as in torch
        if anomaly.is_anomaly_enabled():
            ctx._forward_trace = anomaly.forward_trace()
        ctx._tensor_positions = _intern(tuple(positions))
        meta_in, edges = {}, []
        for i in positions:
            a = args[i]
            meta_in[i] = _intern((a._data.shape, a.dtype))
            edges.append(a._edge())
        ctx._input_meta = meta_in
        ctx.next_functions = tuple(edges)
        single = not isinstance(outputs, tuple)
        outs = (outputs,) if single else outputs
        wired, meta = [], []
        for nr, out in enumerate(outs):
            if isinstance(out, _Tensor):
                if id(out) in ctx._dirty:
                    if out.grad_fn is None and out._requires_grad:
                        raise RuntimeError("a leaf Variable that requires grad has been used in an in-place "
                                           "operation.")
                    out._bump_version(cls.__name__)
                else:
                    for i in positions:
                        if out is args[i]:
                            out = out._alias()  # an input returned as is: a new tensor with this node as history
                            break
                if out.dtype.is_floating_point and id(out) not in ctx._non_differentiable:
                    out._set_history(ctx, nr)
                meta.append(_intern((out._data.shape, out.dtype, out.device)))
            else:
                meta.append(None)
            wired.append(out)
        ctx._outputs_meta = _intern(tuple(meta))
        return wired[0] if single else tuple(wired)


class once_differentiable:
    """Decorator for a backward that is not itself differentiable: it runs under no_grad."""

    def __new__(cls, fn):
        def wrapper(ctx, *args):
            with no_grad():
                return fn(ctx, *args)
        wrapper.__name__ = fn.__name__
        return wrapper


_Tensor = None  # set by tensor.py once the Tensor class exists (tensor.py imports this module first)
