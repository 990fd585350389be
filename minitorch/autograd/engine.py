"""The backward engine: walks the graph from the outputs to the leaves without recursion.

The nodes that were sent gradients wait, each with the sum of its gradients so far, and the one created last
runs next (a chain of ops without the queue). Every node is created after the nodes it sends gradients to, so
when it runs no gradient for it is still to come: no count of incoming edges is needed. For ``grad``, only the
nodes that lead to the inputs take part.
"""
import heapq

from . import anomaly
from .function import AccumulateGrad, next_nodes
from .grad_mode import set_grad_enabled

_anomaly_state = anomaly._state


def _as_tuple(x):
    if x is None:
        return ()
    return tuple(x) if isinstance(x, (tuple, list)) else (x,)


def _root_grads(tensors, grads):
    from ..tensor import Tensor
    grads = _as_tuple(grads) if grads is not None else (None,) * len(tensors)
    if len(grads) != len(tensors):
        raise RuntimeError("grad can be implicitly created only for scalar outputs" if not grads else
                           "got %d tensors and %d gradients" % (len(tensors), len(grads)))
    out = []
    for i, (t, g) in enumerate(zip(tensors, grads)):
        if not t.requires_grad:
            raise RuntimeError("element %d of tensors does not require grad and does not have a grad_fn" % i)
        if g is None:
            if t.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if t.dtype.is_complex:
                raise RuntimeError("grad can be implicitly created only for real scalar outputs but got %s" % t.dtype)
            g = Tensor._ones(t.shape, t.dtype, t.device)
        elif not isinstance(g, Tensor):
            g = Tensor._make(t.xp.asarray(g, dtype=t.dtype.np))
        elif tuple(g.shape) != tuple(t.shape):
            raise RuntimeError("Mismatch in shape: grad_output[%d] has a shape of %r and output[%d] has a shape "
                               "of %r." % (i, g.shape, i, t.shape))
        elif g.dtype is not t.dtype:
            g = g.to(t.dtype)  # as torch's engine validates the root gradients: cast to the output's dtype
        out.append(g)
    return out


def _leading_to(roots, targets):
    """For autograd.grad: the nodes reachable from roots from which some target can be reached (no others are sent
    gradients), and those of them that must run: the ones with such a node below them. A target with none below
    it only hands its gradient over; it does not run, so its saved tensors stay for a later backward (as in
    torch)."""
    parents = {}
    stack, seen = list(roots), set(roots)
    while stack:
        node = stack.pop()
        for nxt in next_nodes(node):
            if nxt is not None:
                parents.setdefault(nxt, []).append(node)
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    keep = {t for t in targets if t in seen}
    runs = set()
    stack = list(keep)
    while stack:
        for p in parents.get(stack.pop(), ()):
            runs.add(p)
            if p not in keep:
                keep.add(p)
                stack.append(p)
    return keep, runs


def run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=None, accumulate=True):
    """The engine behind Tensor.backward (accumulate=True) and autograd.grad (accumulate=False: the gradients
    reaching ``inputs`` are returned instead of being added to ``.grad``)."""
    tensors = _as_tuple(tensors)
    grads = _root_grads(tensors, grad_tensors)
    if not accumulate and not all(t.requires_grad for t in inputs):  # (checked after the outputs, as torch does)
        raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots = [t._edge() for t in tensors]
    root_nodes = list(dict.fromkeys(n for n, _ in roots))

    capture = {}  # (node, output_nr) -> position in inputs
    for i, t in enumerate(inputs or ()):
        edge = t._edge()
        if edge[0] is not None:
            capture[edge] = i
    captured = [None] * len(inputs or ())
    # with inputs, only the nodes that lead to them take part
    wanted, runs = (None, None) if inputs is None else _leading_to(root_nodes, [n for n, _ in capture])

    # buffers: the nodes that were sent gradients and have not run yet, with the gradients summed so far for each
    # of their outputs. A node is created after every node it sends gradients to, so once no node created later
    # than it is waiting, all of its gradients have arrived: running the waiting node created last, every time,
    # needs no count of each node's incoming edges (this is the order torch runs its ready nodes in)
    buffers = {}
    # node -> the outputs whose buffered gradient is a sum made here (so further ones add in place; a node runs
    # once its gradients have all arrived, so its entry is never read after it ran)
    sums = {}
    for (node, nr), g in zip(roots, grads):
        if node is not None and (wanted is None or node in wanted):
            _add(buffers, sums, node, nr, g)
    ready = [(-n._seq, n) for n in buffers]  # the waiting nodes, latest-created first
    heapq.heapify(ready)

    anomaly_mode = _anomaly_state.enabled
    check_nan = anomaly_mode and _anomaly_state.check_nan
    with set_grad_enabled(create_graph), _Task(root_nodes, wanted):
        node = None  # the node to run next, when it is known without the queue (a chain of ops)
        while node is not None or ready:
            if node is None:
                node = heapq.heappop(ready)[1]
            node_grads = buffers.pop(node)
            if node._hooked:
                node_grads = _run_pre_hooks(node, node_grads)
            if type(node) is AccumulateGrad:
                if accumulate:
                    if node_grads[0] is not None:
                        node.apply(node_grads[0])
                elif (node, 0) in capture:
                    captured[capture[(node, 0)]] = node.run_hooks(node_grads[0])
                node = None
                continue
            if capture:
                for nr, g in enumerate(node_grads):
                    if (node, nr) in capture:
                        captured[capture[(node, nr)]] = g
                if node not in runs:
                    node = None
                    continue
            if node_grads[0] is None and _all_none(node_grads):
                outs = (None,) * len(node._next_nrs)
            else:
                try:
                    outs = node.apply(*node_grads)
                    if check_nan:
                        _check_nan(node, outs)
                except Exception:
                    if anomaly_mode:
                        _warn_forward_trace(node)
                    raise
                if node._hooked:
                    for hook in node._post_hooks or ():
                        result = hook(tuple(outs), tuple(node_grads))
                        if result is not None:
                            outs = _hook_result(hook, result, len(outs))
            if not retain_graph:
                node.release()
            following = None  # of the nodes this one sent their first gradient to, the latest-created
            nodes = node._next_nodes
            if nodes is None:  # (next_nodes(node), inline)
                nodes = (node._next0,) if len(node._next_nrs) == 1 else (node._next0, node._next1)
            for nxt, nr, g in zip(nodes, node._next_nrs, outs):
                if nxt is None or (wanted is not None and nxt not in wanted):
                    continue  # no node, or one that leads to nothing wanted
                if nxt in buffers:
                    if g is not None:
                        _add(buffers, sums, nxt, nr, g, create_graph)
                    continue
                if nxt.num_outputs == 1:
                    buffers[nxt] = [g]
                else:
                    buffers[nxt] = [None] * max(nxt.num_outputs, 1)
                    buffers[nxt][nr] = g
                if following is None:
                    following = nxt
                else:
                    if nxt._seq > following._seq:
                        following, nxt = nxt, following
                    heapq.heappush(ready, (-nxt._seq, nxt))
            if following is not None and ready and -ready[0][0] > following._seq:
                heapq.heappush(ready, (-following._seq, following))  # a later node is waiting: it runs first
                following = None
            node = following
    return captured


class _Task:
    """The backward pass running now, on the ``tasks`` stack while it runs (a hook may start another one): its root
    nodes and, with inputs, the nodes taking part (graph.register_multi_grad_hook asks which nodes will run)."""

    def __init__(self, roots, wanted):
        self.roots, self.wanted = roots, wanted

    def __enter__(self):
        tasks.append(self)

    def __exit__(self, *exc):
        tasks.pop()


tasks = []


def _run_pre_hooks(node, node_grads):
    """node's gradients after its tensor hooks (per output) and its node pre-hooks."""
    if node._pre_hooks:
        for nr, hooks in node._pre_hooks.items():
            for hook in hooks:
                if node_grads[nr] is not None:
                    result = hook(node_grads[nr])
                    if result is not None:
                        node_grads[nr] = result
    for hook in node._node_pre_hooks or ():
        result = hook(tuple(node_grads))
        if result is not None:
            node_grads = list(_hook_result(hook, result, len(node_grads)))
    return node_grads


def _all_none(grads):
    for g in grads:
        if g is not None:
            return False
    return True


def _hook_result(hook, result, expected):
    result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    if len(result) != expected:
        raise RuntimeError("hook '%s' has returned an incorrect number of values (got %d, but expected %d)"
                           % (getattr(hook, "__name__", hook), len(result), expected))
    return result


def _add(buffers, sums, node, nr, grad, create_graph=True):
    slot = buffers.get(node)
    if slot is None:
        slot = buffers[node] = [None] * max(node.num_outputs, 1)
    old = slot[nr]
    if old is None:
        slot[nr] = grad
    elif create_graph:
        slot[nr] = old + grad
    else:  # no graph to record: add the arrays directly (same shape and dtype), skipping the op machinery
        owned = sums.get(node)
        if owned is not None and nr in owned and old.dtype is grad.dtype:
            old._data += grad._data  # a sum made here, seen by nothing else yet
        else:
            slot[nr] = old._make(old._data + grad._data)
            if owned is None:
                sums[node] = {nr}
            else:
                owned.add(nr)


def _check_nan(node, outs):
    for i, g in enumerate(outs):
        if g is not None and g.dtype.is_floating_point and bool(g.xp.isnan(g._data).any()):
            raise RuntimeError("Function '%s' returned nan values in its %dth output." % (node.name(), i))


def _warn_forward_trace(node):
    """Anomaly mode: as torch does, say (as a warning) where the failing node's forward op was called."""
    import warnings
    trace = node._forward_trace or "(the node was created before anomaly detection was enabled)\n"
    warnings.warn("Error detected in %s. Traceback of forward call that caused the error:\n%s" % (node.name(), trace),
                  UserWarning, stacklevel=2)
