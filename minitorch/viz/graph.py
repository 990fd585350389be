"""The autograd graph behind a tensor, as plain data that the DOT and HTML views draw.

``graph_of(t)`` walks ``t.grad_fn`` and its ``next_functions`` -- the same edges the engine walks -- and
records what every node knows before backward: its op name, the shapes and dtypes of its inputs and outputs, the
tensors it saved for backward and its other ctx attributes. ``trace_backward(t)`` records the same and then runs
the backward pass with hooks on every node, noting the order in which the engine runs the nodes and the gradient
that arrives at, and leaves, each one.

The result holds summaries (shape, dtype, norm, a few values), not the tensors, so keeping a Graph does not keep
the graph's memory alive.
"""
import heapq
import inspect
import os
import textwrap

import numpy

from .. import backend
from ..autograd.function import AccumulateGrad, BackwardFunction

PREVIEW = 6  # how many leading values of a tensor a summary shows


def describe(t):
    """A JSON-friendly summary of a tensor: shape, dtype, norm, range and its first few values."""
    a = backend.to_numpy(t._data)
    info = {"shape": list(a.shape), "dtype": t.dtype.name}
    if a.size and a.dtype.kind in "fiub":
        f = a.astype(numpy.float64)
        info.update(norm=_num(numpy.sqrt((f * f).sum())), min=_num(f.min()), max=_num(f.max()),
                    values=[_num(v) for v in f.reshape(-1)[:PREVIEW]], numel=int(a.size))
    return info


def _num(v):
    """A float JSON can hold (it has no nan or inf): those become strings."""
    v = float(v)
    return v if numpy.isfinite(v) else str(v)


class GraphNode:
    """One node of the drawn graph. kind is "op" (a Function's backward node), "leaf" (the AccumulateGrad of a
    tensor that requires grad) or "output" (a tensor the graph was taken from)."""

    def __init__(self, id, kind, name):
        self.id, self.kind, self.name = id, kind, name
        self.outputs = []      # forward outputs: {"shape", "dtype"} (None for a non-tensor output)
        self.inputs = []       # forward tensor inputs, one per edge to next_functions: {"shape", "dtype"}
        self.saved = []        # tensors saved for backward: {"role", ...summary}; None when already freed
        self.attributes = {}   # the ctx's other attributes (dims, flags), as short text
        self.source = None     # the backward code that runs for this node: {"file", "line", "code"}
        self.variable = None   # for a leaf: its name, value summary and, after backward, "grad"
        self.grad_in = []      # after trace_backward: gradient arriving for each output (summary or None)
        self.grad_out = []     # after trace_backward: gradient sent to each input (summary or None)
        self.step = None       # after trace_backward: position in the engine's run order (1 = first)
        self.seq = 0           # creation order of the node (the engine runs later-created nodes first)

    def label(self):
        """Short title: the op name, or a leaf's parameter name."""
        if self.kind == "leaf" and self.variable and self.variable.get("name"):
            return self.variable["name"]
        return self.name

    def to_dict(self):
        return dict(self.__dict__)


class Edge:
    """Gradient path from consumer ``dst`` (its input ``dst_input``) back to producer ``src`` (its output
    ``src_output``). Drawn in the forward direction, src -> dst."""

    def __init__(self, src, src_output, dst, dst_input):
        self.src, self.src_output, self.dst, self.dst_input = src, src_output, dst, dst_input
        self.grad = None  # after trace_backward: summary of the gradient that flowed along the edge

    def to_dict(self):
        return dict(self.__dict__)


class Graph:
    """Nodes and edges of the backward graph, with the run order once traced."""

    def __init__(self):
        self.nodes = []
        self.edges = []
        self.order = []      # node ids in the order the engine ran them (or would run them, if not traced)
        self.traced = False  # True once trace_backward recorded the gradients

    def node(self, id):
        return self.nodes[id]

    def to_dict(self):
        return {"nodes": [n.to_dict() for n in self.nodes], "edges": [e.to_dict() for e in self.edges],
                "order": list(self.order), "traced": self.traced}

    def __repr__(self):
        return "Graph(%d nodes, %d edges%s)" % (len(self.nodes), len(self.edges), ", traced" if self.traced else "")


def _as_list(tensors):
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]


def _names_of(params):
    """id(tensor) -> name, from a dict, a Module (named_parameters) or an iterable of (name, tensor)."""
    if params is None:
        return {}
    if hasattr(params, "named_parameters"):
        params = params.named_parameters()
    elif hasattr(params, "items"):
        params = params.items()
    return {id(t): name for name, t in params}


def graph_of(tensors, params=None):
    """The graph behind one tensor or a list of them. params names the leaves (a dict of name -> tensor or a
    Module); unnamed leaves are shown by their op name, AccumulateGrad."""
    return _build(tensors, params)[0]


def _build(tensors, params):
    """The Graph, and id -> live autograd Node (which only tracing needs: the Graph itself holds no tensors)."""
    names = _names_of(params)
    graph = Graph()
    live = {}
    ids = {}  # autograd Node -> id

    def add(node):
        gnode = GraphNode(len(graph.nodes), "leaf" if isinstance(node, AccumulateGrad) else "op",
                          type(node).__name__)
        gnode.seq = node._seq
        graph.nodes.append(gnode)
        live[gnode.id] = node
        ids[node] = gnode.id
        _record(gnode, node, names)
        return gnode.id

    roots = []
    for i, t in enumerate(_as_list(tensors)):
        out = GraphNode(len(graph.nodes), "output", "output" if len(roots) == 0 and len(_as_list(tensors)) == 1
                        else "output %d" % i)
        out.inputs = [{"shape": list(t.shape), "dtype": t.dtype.name}]
        out.variable = describe(t)
        graph.nodes.append(out)
        roots.append(out.id)
        node, nr = t._edge() if t.requires_grad else (None, 0)
        if node is not None:
            src = ids[node] if node in ids else add(node)
            graph.edges.append(Edge(src, nr, out.id, 0))

    # walk next_functions with an explicit stack (graphs can be deep), numbering nodes as they are found
    stack = list(live.values())
    while stack:
        node = stack.pop()
        for k, (nxt, nr) in enumerate(node.next_functions):
            if nxt is None:
                continue
            if nxt not in ids:
                add(nxt)
                stack.append(nxt)
            graph.edges.append(Edge(ids[nxt], nr, ids[node], k))
    graph.order = _engine_order(graph)
    return graph, live


def _record(gnode, node, names):
    """Fill a GraphNode with what the autograd node knows before backward."""
    if isinstance(node, AccumulateGrad):
        t = node.variable
        gnode.outputs = [{"shape": list(t.shape), "dtype": t.dtype.name}]
        gnode.variable = dict(describe(t), name=names.get(id(t)))
        if t.grad is not None:
            gnode.variable["grad"] = describe(t.grad)
        gnode.source = _source_of(AccumulateGrad.apply)
        return
    gnode.outputs = [None if m is None else {"shape": list(m[0]), "dtype": m[1].name}
                     for m in getattr(node, "_outputs_meta", ())]
    meta = getattr(node, "_input_meta", ())
    gnode.inputs = [{"shape": list(meta[p][0]), "dtype": meta[p][1].name}
                    for p in getattr(node, "_tensor_positions", ())]
    if isinstance(node, BackwardFunction):
        gnode.saved = None if node._freed else [_saved_entry(node, t) for t in node._saved]
        gnode.attributes = {k: _short(v) for k, v in vars(node).items()
                            if not k.startswith("_") and k not in ("needs_input_grad", "next_functions")}
        gnode.source = _backward_source(node._forward_cls)


def _saved_entry(node, t):
    """A saved tensor's summary, with its role: one of the node's own inputs, its output, or another tensor."""
    if t is None:
        return {"role": "None"}
    info = describe(t)
    if t.grad_fn is node:
        info["role"] = "output %d" % t._output_nr
        return info
    if not t.requires_grad:  # no edge leads to it, so which input it was is not recorded
        info["role"] = "constant (no grad)"
        return info
    edge = _existing_edge(t)
    roles = [k for k, e in enumerate(node.next_functions) if e == edge]
    info["role"] = "input %d" % roles[0] if roles else "other tensor"
    return info


def _existing_edge(t):
    """t's (node, output_nr) if it has one already; never creates an AccumulateGrad as t._edge() would."""
    if t.grad_fn is not None:
        return t.grad_fn, t._output_nr
    acc = t._accumulator() if t._accumulator is not None else None
    return (acc, 0) if acc is not None else None


def _short(value, width=60):
    from ..tensor import Tensor
    if isinstance(value, Tensor):
        return "tensor %s %s" % (list(value.shape), value.dtype.name)
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        return "array %s %s" % (list(value.shape), value.dtype)
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


_SOURCES = {}


def _backward_source(cls):
    """The code that computes this node's gradients: the Function's own backward, else the rule that a family
    base class's backward calls (``grads`` for elementwise binary ops, ``grad`` for unary ones), else the
    inherited backward."""
    if cls not in _SOURCES:
        for name in ("backward", "grads", "grad"):
            if name in vars(cls):
                fn = vars(cls)[name]
                break
        else:
            fn = cls.backward
        _SOURCES[cls] = _source_of(getattr(fn, "__func__", fn))
    return _SOURCES[cls]


def _source_of(fn, max_lines=30):
    try:
        lines, start = inspect.getsourcelines(fn)
        path = inspect.getsourcefile(fn)
    except (OSError, TypeError):
        return None
    code = textwrap.dedent("".join(lines[:max_lines]))
    if len(lines) > max_lines:
        code += "    ...\n"
    return {"file": _relative(path), "line": start, "code": code}


def _relative(path):
    """Paths inside the package as minitorch/..., others as given."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.abspath(path)
    if path.startswith(package + os.sep):
        return os.path.relpath(path, os.path.dirname(package))
    return path


def _engine_order(graph):
    """The order in which the engine would run the nodes: a node runs once every consumer has sent its gradient;
    among ready nodes, the latest created runs first (the engine's rule, see autograd/engine.py)."""
    consumers = {}
    for e in graph.edges:
        consumers.setdefault(e.src, set()).add(e.dst)
    waiting = {n.id: len(consumers.get(n.id, ())) for n in graph.nodes if n.kind != "output"}
    producers = {}
    for e in graph.edges:
        producers.setdefault(e.dst, []).append(e.src)
    ready = []
    for n in graph.nodes:  # the output pseudo-nodes "run" first: they hand the seed gradient over
        if n.kind == "output":
            for src in producers.get(n.id, ()):
                waiting[src] -= 1
    for nid, count in waiting.items():
        if count == 0:
            heapq.heappush(ready, (-graph.nodes[nid].seq, nid))
    order = []
    while ready:
        _, nid = heapq.heappop(ready)
        order.append(nid)
        for src in producers.get(nid, ()):
            waiting[src] -= 1
            if waiting[src] == 0:
                heapq.heappush(ready, (-graph.nodes[src].seq, src))
    return order


def trace_backward(tensors, params=None, grad_tensors=None, retain_graph=None, create_graph=False):
    """Run ``backward`` on tensors (exactly as ``torch.autograd.backward`` would: leaves' ``.grad`` are filled)
    and return the Graph with every node's incoming and outgoing gradients and the engine's run order.

    The graph is recorded first, because backward frees the tensors each node saved."""
    from .. import autograd
    from ..tensor import Tensor
    tensors = _as_list(tensors)
    graph, live = _build(tensors, params)
    seeds = _as_list(grad_tensors) if grad_tensors is not None else [None] * len(tensors)
    for out, seed, t in zip([n for n in graph.nodes if n.kind == "output"], seeds, tensors):
        if seed is None:
            seed = Tensor._ones(t.shape, t.dtype, t.device)
        elif not isinstance(seed, Tensor):
            seed = Tensor._make(t.xp.asarray(seed, dtype=t.dtype.np))
        out.grad_in = [describe(seed)]
    order, handles = [], []
    for gid, node in live.items():
        gnode = graph.nodes[gid]
        gnode.grad_in = [None] * max(len(gnode.outputs), 1)
        gnode.grad_out = [None] * len(node.next_functions)
        for nr in range(len(gnode.grad_in)):
            handles.append(node._add_pre_hook(nr, _arrival_hook(gnode, nr, order)))
        if gnode.kind == "op":
            handles.append(node.register_hook(_departure_hook(gnode)))
    try:
        autograd.backward(tensors, grad_tensors, retain_graph, create_graph)
    finally:
        for h in handles:
            h.remove()
    graph.order = order
    for e in graph.edges:
        dst = graph.nodes[e.dst]
        e.grad = dst.grad_out[e.dst_input] if dst.kind == "op" else dst.grad_in[0]
    for gid, node in live.items():
        if isinstance(node, AccumulateGrad) and node.variable.grad is not None:
            graph.nodes[gid].variable["grad"] = describe(node.variable.grad)
    graph.traced = True
    return graph


def _arrival_hook(gnode, nr, order):
    """Runs when the engine is about to run the node: records the summed gradient for output nr."""
    def hook(grad):
        if gnode.step is None:
            gnode.step = len(order) + 1
            order.append(gnode.id)
        gnode.grad_in[nr] = describe(grad)
    return hook


def _departure_hook(gnode):
    """Runs after the node computed its input gradients: records what it sends to each input."""
    def hook(grad_inputs, grad_outputs):
        gnode.grad_out = [None if g is None else describe(g) for g in grad_inputs]
    return hook
