"""The backward engine: walks the graph from the outputs to the leaves without recursion.

1. discover every node reachable from the roots (an explicit stack, so a 100,000-op chain is fine);
2. keep only the nodes that lead to what is wanted (the leaves for ``backward``, the inputs for ``grad``);
3. count each node's incoming edges, then run nodes whose count reached zero, latest-created first,
   summing the gradients that arrive for each node's outputs before the node runs.
"""
import heapq

from . import anomaly
from .function import AccumulateGrad
from .grad_mode import set_grad_enabled


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
            g = Tensor._ones(t.shape, t.dtype, t.device)
        elif not isinstance(g, Tensor):
            g = Tensor._make(t.xp.asarray(g, dtype=t.dtype.np))
        elif tuple(g.shape) != tuple(t.shape):
            raise RuntimeError("Mismatch in shape: grad_output[%d] has a shape of %r and output[%d] has a shape "
                               "of %r." % (i, g.shape, i, t.shape))
        out.append(g)
    return out


def _discover(roots):
    """Every node reachable from roots, with the reverse edges (who feeds gradient into whom)."""
    parents = {}
    stack = list(roots)
    seen = set(roots)
    while stack:
        node = stack.pop()
        for nxt, _ in node.next_functions:
            if nxt is None:
                continue
            parents.setdefault(nxt, []).append(node)
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen, parents


def _ancestors(targets, parents):
    """Nodes from which some target can be reached (targets included)."""
    keep = set(targets)
    stack = list(targets)
    while stack:
        for p in parents.get(stack.pop(), ()):
            if p not in keep:
                keep.add(p)
                stack.append(p)
    return keep


def run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=None, accumulate=True):
    """The engine behind Tensor.backward (accumulate=True) and autograd.grad (accumulate=False: the gradients
    reaching ``inputs`` are returned instead of being added to ``.grad``)."""
    tensors = _as_tuple(tensors)
    grads = _root_grads(tensors, grad_tensors)
    roots = [t._edge() for t in tensors]
    nodes, parents = _discover({n for n, _ in roots})

    capture = {}  # (node, output_nr) -> position in inputs
    for i, t in enumerate(inputs or ()):
        edge = t._edge()
        if edge[0] is not None:
            capture[edge] = i
    if inputs is not None:
        keep = _ancestors({n for n, _ in capture if n in nodes}, parents)
    else:
        keep = nodes
    captured = [None] * len(inputs or ())

    deps = dict.fromkeys(keep, 0)
    for child, ps in parents.items():
        if child in keep:
            deps[child] = len(ps) if keep is nodes else sum(1 for p in ps if p in keep)
    buffers = {}
    for (node, nr), g in zip(roots, grads):
        if node in keep:
            _add(buffers, node, nr, g)
    ready = [(-n._seq, id(n), n) for n in {n for n, _ in roots} if n in keep and deps[n] == 0]
    heapq.heapify(ready)

    with set_grad_enabled(create_graph):
        while ready:
            _, _, node = heapq.heappop(ready)
            node_grads = buffers.pop(node, None) or [None] * max(node.num_outputs, 1)
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
            if isinstance(node, AccumulateGrad):
                if accumulate:
                    if node_grads[0] is not None:
                        node.apply(node_grads[0])
                elif (node, 0) in capture:
                    captured[capture[(node, 0)]] = node.run_hooks(node_grads[0])
                continue
            if capture:
                for nr, g in enumerate(node_grads):
                    if (node, nr) in capture:
                        captured[capture[(node, nr)]] = g
            if all(g is None for g in node_grads):
                outs = (None,) * len(node.next_functions)
            else:
                try:
                    outs = node.apply(*node_grads)
                    if anomaly.is_anomaly_enabled():
                        _check_nan(node, outs)
                except Exception:
                    if anomaly.is_anomaly_enabled():
                        _warn_forward_trace(node)
                    raise
                for hook in node._post_hooks or ():
                    result = hook(outs, tuple(node_grads))
                    if result is not None:
                        outs = _hook_result(hook, result, len(outs))
            if not retain_graph:
                node.release()
            for (nxt, nr), g in zip(node.next_functions, outs):
                if nxt is None or nxt not in keep:
                    continue
                if g is not None:
                    _add(buffers, nxt, nr, g, create_graph)
                deps[nxt] -= 1
                if deps[nxt] == 0:
                    heapq.heappush(ready, (-nxt._seq, id(nxt), nxt))
    return captured


def _hook_result(hook, result, expected):
    result = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    if len(result) != expected:
        raise RuntimeError("hook '%s' has returned an incorrect number of values (got %d, but expected %d)"
                           % (getattr(hook, "__name__", hook), len(result), expected))
    return result


def _add(buffers, node, nr, grad, create_graph=True):
    slot = buffers.get(node)
    if slot is None:
        slot = buffers[node] = [None] * max(node.num_outputs, 1)
    old = slot[nr]
    if old is None:
        slot[nr] = grad
    elif create_graph:
        slot[nr] = old + grad
    else:  # no graph to record: add the arrays directly (same shape and dtype), skipping the op machinery
        slot[nr] = old._make(old._data + grad._data)


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
