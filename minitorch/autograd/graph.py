"""minitorch.autograd.graph: hooks on saved tensors, multi-tensor gradient hooks, and the graph's public types.

Saved-tensor hooks are kept on one module-level stack (``function.saved_hooks``; torch keeps one per thread): an
op's node packs what it saved once it joins the graph, and unpacks it at every access.
"""
import abc
import contextlib
import weakref
from typing import Any, NamedTuple

from . import engine
from . import function as _function

__all__ = ["saved_tensors_hooks", "save_on_cpu", "disable_saved_tensors_hooks", "register_multi_grad_hook",
           "allow_mutation_on_saved_tensors", "Node", "GradientEdge", "get_gradient_edge", "increment_version"]

_disabled_message = None  # inside disable_saved_tensors_hooks: the error for registering hooks
_mutation_allowed = False  # inside allow_mutation_on_saved_tensors


class Node(abc.ABC):
    """The abstract type of the backward graph's nodes (every grad_fn, and a leaf's AccumulateGrad)."""

    @abc.abstractmethod
    def name(self):
        """The node's name, e.g. 'MulBackward0'."""

    @property
    @abc.abstractmethod
    def next_functions(self):
        """(node, output_nr) of each edge: where this node sends its input gradients."""

    @property
    @abc.abstractmethod
    def metadata(self):
        """A dict of the user's own, kept with the node."""

    @abc.abstractmethod
    def register_hook(self, fn):
        """fn(grad_inputs, grad_outputs) after the node ran."""

    @abc.abstractmethod
    def register_prehook(self, fn):
        """fn(grad_outputs) before the node runs."""


Node.register(_function.Node)


class GradientEdge(NamedTuple):
    """Where a gradient flows into the graph: a node and which of its outputs."""
    node: Node
    output_nr: int
    ownership_token: Any = None

    requires_grad = True  # (so that autograd.grad takes a list of edges as its inputs)

    def _edge(self):
        return self.node, self.output_nr


def get_gradient_edge(tensor):
    """The GradientEdge that tensor's gradient enters the graph by."""
    if not tensor.requires_grad:
        raise RuntimeError("It is not possible to get the gradient edge for a Tensor that does not require gradients")
    return GradientEdge(*tensor._edge())


def increment_version(tensor):
    """Bump the version counter of a tensor (or of each of several), as an in-place write would: saved-tensor
    checks then see it as modified."""
    from ..tensor import Tensor
    for t in (tensor,) if isinstance(tensor, Tensor) else tensor:
        t._bump_version("torch.autograd.graph.increment_version")


class saved_tensors_hooks:
    """Within the context, every tensor an op saves for backward is stored as pack_hook(tensor) and given back to
    backward as unpack_hook(packed). Only the innermost pair applies."""

    def __init__(self, pack_hook, unpack_hook):
        self.pack_hook = pack_hook
        self.unpack_hook = unpack_hook

    def __enter__(self):
        if _disabled_message is not None:
            raise RuntimeError(_disabled_message)
        _function.saved_hooks.append((self.pack_hook, self.unpack_hook))

    def __exit__(self, *exc):
        _function.saved_hooks.pop()


class save_on_cpu(saved_tensors_hooks):
    """Saved tensors kept on the CPU (a copy when pin_memory), moved back to their device for backward
    (device_type names the accelerator pinned memory is for: minitorch has none to pin for)."""

    def __init__(self, pin_memory=False, device_type="cuda"):
        def pack_to_cpu(tensor):
            return tensor.device, (tensor.detach().clone() if pin_memory else tensor.cpu())

        def unpack_from_cpu(packed):
            device, tensor = packed
            return tensor.to(device)

        super().__init__(pack_to_cpu, unpack_from_cpu)


@contextlib.contextmanager
def disable_saved_tensors_hooks(error_message):
    """Within the context, registering saved-tensor hooks raises RuntimeError(error_message) (so does entering it
    while hooks are registered)."""
    global _disabled_message
    previous = _disabled_message
    try:
        if _function.saved_hooks:
            raise RuntimeError(error_message)
        _disabled_message = error_message
        yield
    finally:
        _disabled_message = previous


class _AllowMutationOnSavedContext:
    """What allow_mutation_on_saved_tensors yields: a copy of each tensor saved under it, taken when it is saved
    (torch copies at the first in-place write instead), so that later writes leave backward's values alone."""

    def __init__(self):
        self.cloned = weakref.WeakKeyDictionary()  # _SavedHandle -> copy

    def clear(self):
        self.cloned.clear()


class _SavedHandle:
    """What allow_mutation_on_saved_tensors packs a saved tensor as (the key of its copy)."""


_OUTSIDE = ("Trying to backward outside of the 'allow_mutation_on_saved_tensors' context"
            "in which the graph was originally recorded.")


@contextlib.contextmanager
def allow_mutation_on_saved_tensors():
    """Within the context, tensors saved for backward may be written in place: backward uses the values they had
    when saved. Run backward in the context too."""
    global _mutation_allowed
    state = _AllowMutationOnSavedContext()

    def pack(tensor):
        handle = _SavedHandle()
        state.cloned[handle] = tensor.detach().clone()
        return handle

    def unpack(handle):
        if not _mutation_allowed or handle not in state.cloned:
            raise AssertionError(_OUTSIDE)
        return state.cloned[handle]
    with saved_tensors_hooks(pack, unpack):
        try:
            if _mutation_allowed:
                raise RuntimeError("allow_mutation_on_saved_tensors contexts cannot be nested")
            _mutation_allowed = True
            yield state
        finally:
            state.clear()
            _mutation_allowed = False


class _MultiHandle:
    """What register_multi_grad_hook returns: ``remove()`` takes away the hook of every tensor."""

    def __init__(self, handles):
        self.handles = handles

    def remove(self):
        for handle in self.handles:
            handle.remove()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def _node_of(t):
    """The node t's gradient enters the graph by."""
    if not t.requires_grad:
        raise AssertionError("Expected gradient function to be set")
    return t._edge()[0]


def _will_run(task, node):
    """Whether the backward pass task sends gradients to node: it takes part (with inputs) or is reachable."""
    if task.wanted is not None:
        return node in task.wanted
    reached = getattr(task, "reached", None)
    if reached is None:
        reached, stack = set(task.roots), list(task.roots)
        while stack:
            for nxt in _function.next_nodes(stack.pop()):
                if nxt is not None and nxt not in reached:
                    reached.add(nxt)
                    stack.append(nxt)
        task.reached = reached
    return node in reached


def register_multi_grad_hook(tensors, fn, *, mode="all"):
    """mode 'all': fn(grads) once per backward pass, after the gradients of all the tensors that pass reaches
    (None for the others); mode 'any': fn(grad) with the first of them to be computed."""
    if mode not in ("all", "any"):
        raise ValueError("Expects mode to be one of ('all', 'any') but got %s" % mode)
    tensors = tuple(tensors)
    if mode == "any":
        fired = weakref.WeakSet()  # the backward passes fn already ran in

        def first_grad(grad):
            task = engine.tasks[-1]
            if task not in fired:
                fired.add(task)
                fn(grad)
        return _MultiHandle(tuple(t.register_hook(first_grad) for t in tensors if t.requires_grad))

    nodes = [_node_of(t) for t in tensors]
    pending = weakref.WeakKeyDictionary()  # backward pass -> [gradients so far, how many are still to come]

    def collector(index):
        def collect(grad):
            task = engine.tasks[-1]
            if task not in pending:
                pending[task] = [[None] * len(tensors), sum(_will_run(task, n) for n in nodes)]
            state = pending[task]
            state[0][index] = grad
            state[1] -= 1
            if state[1] == 0:
                del pending[task]
                fn(state[0])
        return collect
    return _MultiHandle(tuple(t.register_hook(collector(i)) for i, t in enumerate(tensors)))
