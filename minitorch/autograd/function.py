"""Graph nodes and autograd.Function.

Every op, built-in or written by a user, is a Function: ``forward(ctx, ...)`` computes the result and saves
what backward needs; ``backward(ctx, *grads)`` returns one gradient per forward argument, written with Tensor
operations so that the backward pass can itself be differentiated (``create_graph=True``). The ``ctx`` object
*is* the graph node that the outputs' ``grad_fn`` points to.
"""
import itertools
import weakref

from .. import backend
from .. import dtypes as _dt
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
    return shared if shared is not None else _remember(_shared, record, record)


FREED = ("Trying to backward through the graph a second time (or directly access saved tensors after they have "
         "already been freed). Saved intermediate values of the graph are freed when you call .backward() or "
         "autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or "
         "if you need to access saved tensors after calling backward.")
PACK_IN_PLACE = ("A saved tensor pack hook is modifying its input in place. Tensors provided as input to pack hook "
                 "cannot be modified by in-place operations as this can lead to unexpected side-effects. Please open "
                 "an issue if you need to perform in-place operations on the input to a pack hook.")

# the (pack_hook, unpack_hook) pairs of the saved_tensors_hooks contexts entered, innermost last (graph.py keeps it)
saved_hooks = []


class Node:
    """A node of the backward graph: one edge per tensor input, to ``next_nodes(node)[k]`` (the node, or None for
    an input that needs no gradient), taking its output ``_next_nrs[k]``; ``next_functions`` pairs them up as
    torch does. A node with one or two edges keeps their nodes in ``_next0`` / ``_next1`` (``_next_nodes`` None),
    so that a node owns no container of its own: every object a graph keeps per op is work for Python's cyclic GC,
    whose full collections (over everything alive, e.g. an imported torch) cost more than the ops themselves."""

    num_outputs = 1
    _next_nodes = ()
    _next0 = _next1 = None
    _next_nrs = ()
    _pre_hooks = None  # {output_nr: [hook(grad)]}: tensor hooks of non-leaf outputs
    _node_pre_hooks = None  # [hook(grad_outputs)]
    _post_hooks = None  # [hook(grad_inputs, grad_outputs)]
    _hooked = False  # whether any of the three was ever given a hook (one test per node for the engine)
    _forward_trace = None
    _seq = 0

    @property
    def next_functions(self):
        return tuple(zip(next_nodes(self), self._next_nrs))

    def _stamp(self):
        """Called when the node joins a graph: its creation order (later nodes run first, as in torch) and,
        in anomaly mode, the user's stack for error messages."""
        self._seq = next(_sequence)
        if _anomaly_state.enabled:
            self._forward_trace = anomaly.forward_trace()

    namespace = ""  # "torch::autograd::" for the nodes torch writes in C++ rather than generates per op
    _metadata = None

    @property
    def metadata(self):
        """A dict of the user's own, kept with the node (as torch's Node.metadata)."""
        if self._metadata is None:
            self._metadata = {}
        return self._metadata

    def name(self):
        """As torch's: the node's type name, with its C++ namespace for AccumulateGrad and CopySlices."""
        return self.namespace + type(self).__name__

    def __lt__(self, other):  # only for the engine's queue, when two nodes have the same sequence number
        return id(self) < id(other)

    def __repr__(self):
        return "<%s object at %#x>" % (type(self).__name__, id(self))

    def apply(self, *grads):
        raise NotImplementedError

    def release(self):
        pass

    def register_hook(self, fn):
        """fn(grad_inputs, grad_outputs) runs after this node computed its input gradients; it may return new
        grad_inputs."""
        self._post_hooks = (self._post_hooks or []) + [fn]
        self._hooked = True
        return _Handle(lambda: self._post_hooks.remove(fn))

    def register_prehook(self, fn):
        """fn(grad_outputs) runs before this node; it may return new grad_outputs."""
        self._node_pre_hooks = (self._node_pre_hooks or []) + [fn]
        self._hooked = True
        return _Handle(lambda: self._node_pre_hooks.remove(fn))

    def _add_pre_hook(self, output_nr, fn):
        """A tensor hook for output output_nr. The retain_grad hook stays last, so .grad sees the hooked value."""
        hooks = self._pre_hooks if self._pre_hooks is not None else {}
        self._pre_hooks = hooks
        self._hooked = True
        chain = hooks.setdefault(output_nr, [])
        last = len(chain) - 1 if chain and getattr(chain[-1], "retains_grad", False) else len(chain)
        chain.insert(last, fn)
        return _Handle(lambda: hooks[output_nr].remove(fn))


def next_nodes(node):
    """The nodes of node's edges, as a tuple."""
    nodes = node._next_nodes
    if nodes is None:
        nodes = (node._next0,) if len(node._next_nrs) == 1 else (node._next0, node._next1)
    return nodes


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
    namespace = "torch::autograd::"

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
        hooked = t._hooks
        if hooked:
            grad = self.run_hooks(grad)
        if t.grad is None:
            # own the buffer: the incoming gradient may be a broadcast view or shared with other tensors (or, once
            # hooks saw it, kept by them: later accumulation in place must not change it)
            if is_grad_enabled():
                t.grad = grad
            else:
                t.grad = _Tensor._make(grad._data.copy()) if hooked else grad.detach()._owned()
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
    _next_nodes = None
    # the tensors (or None) given to save_for_backward, as _saved: up to two kept in _saved0 / _saved1, more in
    # _saved_more (as the edges are kept, so that the node owns no container)
    _n_saved = 0
    _saved0 = _saved1 = None
    _saved_more = ()
    _saved_versions = ()  # their version counters' values then
    _freed = False
    _saved_for_forward = ()  # what save_for_forward was given (a custom Function's jvp reads it)
    _non_differentiable = ()
    _dirty = ()
    _materialize = True
    _outputs_meta = ()
    _input_meta = ()  # (shape, dtype) of each tensor argument, by argument position (None for the others)
    _tensor_positions = ()
    _uniform = False  # every argument a tensor, all of the output's shape and dtype, and _uniform_grads holds
    needs_input_grad = ()

    @property
    def _saved(self):
        n = self._n_saved
        if n == 2:
            return self._saved0, self._saved1
        return (self._saved0,) if n == 1 else self._saved_more

    @_saved.setter
    def _saved(self, tensors):
        n = self._n_saved = len(tensors)
        if n == 1 or n == 2:
            self._saved0, self._saved1 = tensors[0], tensors[-1]
        else:
            self._saved0 = self._saved1 = None
            self._saved_more = tensors

    # --- the ctx API used inside forward ---
    def save_for_backward(self, *tensors):
        n = len(tensors)
        if n == 2:  # (the _saved setter and the loop below, inline for the common case)
            a, b = self._saved0, self._saved1 = tensors
            self._n_saved = 2
            if (a is None or a._vc is None) and (b is None or b._vc is None):
                self._saved_versions = _ZEROS[2]
                return
        else:
            self._saved = tensors
        for t in tensors:
            if t is not None and t._vc is not None:  # a tensor without a counter has never been written in place
                self._saved_versions = _intern(tuple([0 if t is None else t._version for t in tensors]))
                return
        self._saved_versions = _ZEROS[n] if n < len(_ZEROS) else (0,) * n

    def save_for_forward(self, *tensors):
        """For a custom Function's jvp: ctx.saved_tensors there."""
        self._saved_for_forward = tensors

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
        saved = (self._saved0, self._saved1) if self._n_saved == 2 else self._saved  # (the getter, inline)
        for t in saved:
            if t is not None and t._vc is not None:  # (a tensor without a counter is still at version 0)
                for t, version in zip(saved, self._saved_versions):
                    if t is not None and t._version != version:
                        raise RuntimeError(_modified_message(self, t, version))
                break
        return saved

    # --- the node API used by the engine ---
    def release(self):
        if self._n_saved:
            self._saved = ()
        self._freed = True

    def apply(self, *grads):
        if self._materialize:
            for g in grads:
                if g is None:
                    # a non-tensor output (meta None) keeps its None, as in torch
                    grads = tuple(g if g is not None or meta is None else _Tensor._zeros(*meta)
                                  for g, meta in zip(grads, self._outputs_meta))
                    break
        result = self._forward_cls.backward(self, *grads)
        if type(result) is not tuple:
            result = (result,)
        n_args = len(self.needs_input_grad)
        if len(result) != n_args:
            if len(result) < n_args or any(r is not None for r in result[n_args:]):
                raise RuntimeError("function %s returned an incorrect number of gradients (expected %d, got %d)"
                                   % (self.name(), n_args, len(result)))
        elif self._uniform and not self._hooked:
            # the incoming gradient is of the output's shape and dtype (no hook replaced it), and so, as the
            # Function guarantees, are the gradients for the inputs
            return result
        meta = self._input_meta
        out = []
        for i in self._tensor_positions:
            g = result[i]
            if g is not None and not (type(g) is _Tensor and g._data.shape == meta[i][0] and g.dtype is meta[i][1]):
                g = _check_grad(self, i, g)  # the uncommon case: reshape, cast or reject it
            out.append(g)
        return out


def _modified_message(node, t, version):
    """torch's message for a saved tensor changed in place, plus which node saved it and which op changed it. The
    tensor is named as the output of its node now, or, when node saved its own output, of node (as torch does)."""
    import re
    producer, output_nr = t.grad_fn, t._output_nr
    for former, nr in t.__dict__.get("_former_producers", ()):
        if former() is node:
            producer, output_nr = node, nr
    origin = "" if producer is None else ", which is output %d of %s," % (
        output_nr, re.sub(r"Backward\d*$", "", producer.name()))
    return ("one of the variables needed for gradient computation has been modified by an inplace operation: "
            "[%s %s]%s is at version %d; expected version %d instead (it was saved by %s and last modified in "
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
        grad = cast_grad(grad, dtype)
    return grad


def cast_grad(grad, dtype):
    """A gradient in its input's dtype. A real input that met complex ops gets the real part of its complex
    gradient (dL/dx, where the imaginary part would be the derivative along an imaginary step x cannot take)."""
    if grad.dtype.is_complex and not dtype.is_complex:
        grad = grad.real
    return grad.to(dtype)


def _no_setup_context(ctx, inputs, output):
    raise NotImplementedError("setup_context is not implemented.")


def _forward_then_setup_context(forward, setup_context):
    """torch's other style of Function, ``forward(*args)`` without ctx plus ``setup_context(ctx, inputs, output)``
    to save what backward needs, as the ``forward(ctx, *args)`` that apply calls (called without a ctx, it is the
    class's own forward). inputs: the arguments, by position, with forward's defaults filled in."""
    import inspect
    signature = inspect.signature(forward)

    def forward_with_ctx(*args, **kwargs):
        if not (args and isinstance(args[0], BackwardFunction)):
            return forward(*args, **kwargs)
        bound = signature.bind(*args[1:], **kwargs)
        bound.apply_defaults()
        output = forward(*bound.args, **bound.kwargs)
        setup_context(args[0], bound.args, output)
        return output
    return staticmethod(forward_with_ctx)


class _FunctionMeta(type):
    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        if "forward" in attrs and getattr(cls, "setup_context", _no_setup_context) is not _no_setup_context:
            cls.forward = _forward_then_setup_context(cls.forward, cls.setup_context)
        suffix = "Backward0" if getattr(cls, "_builtin", False) else "Backward"  # inherited: op family bases
        # node_name: the grad_fn name torch gives the op when it is not simply name + suffix (node_namespace: its
        # C++ namespace, for the few nodes torch does not generate per op)
        cls._backward_cls = type(attrs.get("node_name") or name + suffix, (BackwardFunction,),
                                 {"_forward_cls": cls, "namespace": attrs.get("node_namespace", "")})
        from . import saved
        saved.attach(cls._backward_cls)  # its grad_fn._saved_<name> properties


class Function(metaclass=_FunctionMeta):
    """Subclass with static ``forward(ctx, *args)`` and ``backward(ctx, *grad_outputs)``; call ``apply``."""

    _builtin = False
    # True for a forward that computes on arrays only (no Tensor ops inside), so it needs no grad mode switch
    _array_forward = False
    # True when, given tensor arguments of the output's shape and dtype, backward returns gradients of that shape
    # and dtype: the node then skips checking them
    _uniform_grads = False

    def __init__(self, *args, **kwargs):
        raise RuntimeError("Function classes are used through their static apply(); do not instantiate them")

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    setup_context = staticmethod(_no_setup_context)

    @staticmethod
    def jvp(ctx, *tangents):
        """The outputs' tangents (forward-mode AD) from the inputs' (None for a non-tensor argument); a built-in op
        without its own gets them from its backward (forward_ad._double_vjp)."""
        raise NotImplementedError("You must implement the jvp function for custom autograd.Function to use it with "
                                  "forward mode AD.")

    @classmethod
    def apply(cls, *args, **kwargs):
        # the hot path of every op: one pass over the arguments, shared records instead of per-call containers
        if dual_level is not None:  # inside a forward-AD level: the outputs get tangents too
            return _forward_ad.apply(cls, args, kwargs)
        ctx = cls._backward_cls()
        kinds = 1  # the arguments' kinds, base 3: 0 not a tensor, 1 a tensor, 2 a tensor requiring grad
        for a in args:
            if isinstance(a, _Tensor):
                kinds = kinds * 3 + 2 if a._requires_grad else kinds * 3 + 1
            else:
                kinds *= 3
        signature = _SIGNATURES.get(kinds) or _signature(kinds, len(args))
        ctx.needs_input_grad = signature[0]
        state = _grad_state
        if not state.enabled:
            return cls.forward(ctx, *args, **kwargs)
        if cls._array_forward:
            outputs = cls.forward(ctx, *args, **kwargs)
        else:
            state.enabled = False
            try:
                outputs = cls.forward(ctx, *args, **kwargs)
            finally:
                state.enabled = True
        if not signature[2]:
            return outputs  # nothing to differentiate
        if _anomaly_state.enabled:
            ctx._forward_trace = anomaly.forward_trace()
        positions = ctx._tensor_positions = signature[1]
        nodes = []
        edges = [kinds]  # what identifies the input record: the kinds, then each tensor's output_nr, shape, dtype
        for i in positions:
            a = args[i]
            if a is outputs and id(a) not in ctx._dirty:
                outputs = outputs._alias()  # an input returned as is: a new tensor with this node as history
            nodes.append(_input_node(a))
            edges += (a._output_nr, a._data.shape, a.dtype)
        # creation order, after the input nodes (a leaf's AccumulateGrad may be made just now): every node comes
        # later than the nodes it sends gradients to, so the engine runs nodes latest-created first, as torch does
        ctx._seq = next(_sequence)
        if len(nodes) > 2:
            ctx._next_nodes = tuple(nodes)
        else:
            ctx._next0 = nodes[0]
            if len(nodes) == 2:
                ctx._next1 = nodes[1]
        ctx._input_meta, ctx._next_nrs, like, uniform = _INPUTS.get(tuple(edges)) or _inputs(edges, len(args))
        if type(outputs) is _Tensor and not ctx._dirty and not ctx._non_differentiable:  # the common case
            if outputs.dtype in _FLOATING:
                outputs.grad_fn = ctx
                outputs._requires_grad = True
            data = outputs._data
            if type(data) is _ndarray and outputs.dtype is like[0][1] and data.shape == like[0][0]:
                ctx._outputs_meta = like  # (most ops) a CPU output with the first input's shape and dtype
                if uniform and cls._uniform_grads:
                    ctx._uniform = True
            else:
                ctx._outputs_meta = _output_meta(outputs)
            if saved_hooks:
                pack_saved(ctx)
            return outputs
        return _wire(cls, ctx, args, outputs)


class Identity(Function):
    """The identity as one graph node: the tensor passes through, and so does its gradient (subclasses name the
    node as torch does, or refuse a double backward)."""
    _builtin = True

    @staticmethod
    def forward(ctx, t):
        return t._alias()

    @staticmethod
    def backward(ctx, g):
        return g


def record_same(ctx, a, b, output):
    """What Function.apply records for two tensor arguments and a new output of one shape and dtype on the CPU,
    at least one argument requiring grad, in grad mode, for a Function with _uniform_grads: the elementwise
    operators' fast path (elementwise._apply_same) makes its node here, with the same attributes and shared records as
    apply's, in fewer steps."""
    key = (output._data.shape, output.dtype, a._output_nr, b._output_nr, a._requires_grad, b._requires_grad)
    (ctx.needs_input_grad, ctx._tensor_positions, ctx._input_meta, ctx._next_nrs,
     ctx._outputs_meta) = _SAME.get(key) or _same_record(key)
    if _anomaly_state.enabled:
        ctx._forward_trace = anomaly.forward_trace()
    ctx._next0 = a.grad_fn or _input_node(a)  # (an op's output: its grad_fn, without the call)
    ctx._next1 = b.grad_fn or _input_node(b)
    ctx._seq = next(_sequence)  # after the input nodes, as in apply
    ctx._uniform = True
    output.grad_fn = ctx
    output._requires_grad = True
    if saved_hooks:
        pack_saved(ctx)


def _input_node(t):
    """The node a gradient for input t flows to: its grad_fn, the AccumulateGrad of a leaf that requires grad, or
    None."""
    node = t.grad_fn
    if node is None and t._requires_grad:
        ref = t._accumulator
        node = ref() if ref is not None else None  # (t._accumulate_node(), inline for a leaf already in a graph)
        if node is None:
            node = t._accumulate_node()
    return node


def _wire(cls, ctx, args, outputs):
    """The outputs of a recorded op given their history: several outputs, in-place (dirty) outputs and
    outputs marked non-differentiable."""
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
                for i in ctx._tensor_positions:
                    if out is args[i]:
                        out = out._alias()
                        break
            if out.dtype in _FLOATING and id(out) not in ctx._non_differentiable:
                out._set_history(ctx, nr)
            meta.append(_output_meta(out)[0])
        else:
            meta.append(None)
        wired.append(out)
    ctx._outputs_meta = _intern(tuple(meta))
    ctx.num_outputs = len(meta)
    if saved_hooks:
        pack_saved(ctx)
    return wired[0] if single else tuple(wired)


def pack_saved(ctx):
    """Under saved_tensors_hooks: each tensor ctx saved goes through the innermost pack hook, once the node is in
    the graph (as in torch, a saved output already has its grad_fn); ctx becomes a _PackedNode keeping only what
    the hook returned."""
    saved = ctx._saved
    if any(t is not None for t in saved):
        pack, unpack = saved_hooks[-1]
        with no_grad():
            packed = tuple(None if t is None else _PackedTensor(t, pack, unpack) for t in saved)
        ctx._saved0 = ctx._saved1 = None
        ctx._saved_more = ()
        ctx.__class__ = _PACKED_NODES.get(type(ctx)) or _packed_node(type(ctx))
        ctx._packed = packed


class _PackedNode:
    """A node whose saved tensors are packed: backward gets them through the unpack hook, at every access (and,
    as in torch, without checking versions)."""
    _packed = ()

    @property
    def _saved(self):
        """The saved tensors still alive (an in-place op swaps its operand for a copy of it here, before the
        write: see Tensor._keep_original_for; the copy is packed in its place)."""
        return tuple(None if p is None else p.source() for p in self._packed)

    @_saved.setter
    def _saved(self, tensors):
        if not tensors:  # (release)
            self._packed = ()
        for p, t in zip(self._packed, tensors):
            if p is not None and t is not p.source():
                with no_grad():
                    p.pack(t)

    @property
    def saved_tensors(self):
        if self._freed:
            raise RuntimeError(FREED)
        return tuple(None if p is None else p.unpack() for p in self._packed)


_PACKED_NODES = {}


def _packed_node(cls):
    """The _PackedNode kind of node class cls (of the same name)."""
    _PACKED_NODES[cls] = packed = type(cls.__name__, (_PackedNode, cls), {"__qualname__": cls.__qualname__})
    return packed


class _PackedTensor:
    """A saved tensor as pack_hook returned it, with the original's place in the graph: the tensor unpack_hook
    gives back carries that history, so that double backward reaches the graph."""
    __slots__ = ("packed", "source", "pack_hook", "unpack_hook", "grad_fn", "output_nr", "accumulator")

    def __init__(self, t, pack, unpack):
        self.pack_hook, self.unpack_hook = pack, unpack
        self.pack(t)
        self.grad_fn, self.output_nr = t.grad_fn, t._output_nr
        self.accumulator = t._accumulate_node() if t.grad_fn is None and t._requires_grad else None

    def pack(self, t):
        version = t._version
        self.packed = self.pack_hook(t)
        if t._version != version:
            raise RuntimeError(PACK_IN_PLACE)
        self.source = weakref.ref(t)

    def unpack(self):
        value = self.unpack_hook(self.packed)
        if not isinstance(value, _Tensor):
            raise TypeError("Output of saved tensor unpack_hook expected to be a Tensor but got result of type %s"
                            % type(value).__name__)
        t = value.detach()
        if self.grad_fn is not None:
            t._set_history(self.grad_fn, self.output_nr)
        elif self.accumulator is not None:  # a leaf's: gradients through t reach the leaf's .grad
            t._requires_grad = True
            t._accumulator = weakref.ref(self.accumulator)
        return t


# shared records, so that a node holds references to shared tuples rather than containers of its own
_SIGNATURES = {}  # argument kinds -> (needs_input_grad, tensor positions, whether any input requires grad)
_INPUTS = {}  # kinds, output_nrs, shapes, dtypes -> (_input_meta, _next_nrs, meta of a CPU output like input 0,
#                                                  whether every argument is a tensor of one shape and dtype)
_OUTPUTS = {}  # (shape, dtype) of a CPU output -> its _outputs_meta
_SAME = {}  # record_same's key -> (needs_input_grad, _tensor_positions, _input_meta, _next_nrs, _outputs_meta)
_ZEROS = tuple((0,) * n for n in range(8))


def _same_record(key):
    """record_same's node records for (shape, dtype, output_nr and requires_grad of a, of b): apply's signature
    and input record."""
    shape, dtype, nr_a, nr_b, grad_a, grad_b = key
    kinds = (3 + 1 + grad_a) * 3 + 1 + grad_b  # apply's base-3 kinds of two tensors
    # the input records are the same for any kinds of two tensors: those of two requiring grad
    edges = ((3 + 2) * 3 + 2, nr_a, shape, dtype, nr_b, shape, dtype)
    record = (_SIGNATURES.get(kinds) or _signature(kinds, 2))[:2] + (_INPUTS.get(edges) or _inputs(edges, 2))[:3]
    return _remember(_SAME, key, record)


def _signature(kinds, n_args):
    digits, rest = [], kinds
    for _ in range(n_args):
        rest, digit = divmod(rest, 3)
        digits.append(digit)
    digits.reverse()
    record = (tuple(d == 2 for d in digits), tuple(i for i, d in enumerate(digits) if d), 2 in digits)
    return _remember(_SIGNATURES, kinds, record)


def _inputs(edges, n_args):
    meta, nrs = [None] * n_args, []
    positions = _signature(edges[0], n_args)[1]
    for k, i in enumerate(positions):
        nr, shape, dtype = edges[1 + 3 * k: 4 + 3 * k]
        nrs.append(nr)
        meta[i] = _intern((shape, dtype))
    first = meta[positions[0]]
    uniform = len(positions) == n_args and all(m == first for m in meta)
    record = (tuple(meta), tuple(nrs), ((first[0], first[1], backend.CPU),), uniform)
    return _remember(_INPUTS, tuple(edges), record)


def _output_meta(out):
    """(shape, dtype, device) of an output, as the one-output _outputs_meta record."""
    key = (out._data.shape, out.dtype)
    record = _OUTPUTS.get(key) if type(out._data) is _ndarray else None
    if record is None:
        record = ((out._data.shape, out.dtype, out.device),)
        if type(out._data) is _ndarray:
            record = _remember(_OUTPUTS, key, record)
    return record


def _remember(table, key, record):
    """record, kept in table under key (up to a bound: a program with endlessly new shapes keeps its own)."""
    if len(table) < 4096:
        table[key] = record
    return record


class once_differentiable:
    """Decorator for a backward that is not itself differentiable: it runs under no_grad."""

    def __new__(cls, fn):
        def wrapper(ctx, *args):
            with no_grad():
                return fn(ctx, *args)
        wrapper.__name__ = fn.__name__
        return wrapper


_FLOATING = _dt.DIFFERENTIABLE  # the dtypes whose op results carry history
_ndarray = backend.numpy.ndarray  # a CPU array is recognised by its type alone
_Tensor = None  # set by tensor.py once the Tensor class exists (tensor.py imports this module first)
_grad_state = grad_mode._state
_anomaly_state = anomaly._state
fast_paths = True  # ops may take a shortcut past Function.apply (record_same); off while the profiler times apply
# (and in a forward-AD level)
dual_level = None  # the forward-AD level entered (forward_ad sets it; None also while an op computes its tangents)
from . import forward_ad as _forward_ad  # noqa: E402  (forward_ad uses this module)
