"""The graph as Graphviz DOT text, and as SVG when Graphviz's ``dot`` program is installed.

Edges point the way data flowed forward (input -> op -> output); the backward pass walks them in reverse. Once
traced, an op is labelled with its step in the backward run and the norm of the gradient it received, a leaf with
the norm of its ``.grad``, and each edge with the norm of the gradient that flowed along it.
"""
import shutil
import subprocess

from .graph import Graph, graph_of

COLORS = {"op": "#dbe9f6", "leaf": "#d5f0d5", "output": "#fde2c4"}


def tensor_text(meta):
    """'[4, 2] float32' for a {"shape", "dtype"} record."""
    return "-" if meta is None else "[%s] %s" % (", ".join(str(s) for s in meta["shape"]), meta["dtype"])


def norm_text(summary):
    """'0.635' for a tensor summary; '-' when there is none."""
    if not summary or "norm" not in summary:
        return "-"
    norm = summary["norm"]
    return "%.4g" % norm if isinstance(norm, float) else str(norm)


def as_graph(obj, params=None):
    """A Graph as is, or the (untraced) graph behind a tensor."""
    return obj if isinstance(obj, Graph) else graph_of(obj, params)


def node_lines(node):
    """The lines of text that describe a node, shared by the DOT labels and the HTML boxes."""
    if node.kind == "output":
        lines = [node.name, tensor_text(node.inputs[0])]
        if node.variable.get("numel") == 1:
            lines.append("value %.6g" % node.variable["values"][0]
                         if isinstance(node.variable["values"][0], float) else "value %s" % node.variable["values"][0])
        return lines
    step = "#%d " % node.step if node.step else ""
    if node.kind == "leaf":
        lines = [step + node.label(), tensor_text(node.outputs[0])]
        if node.variable.get("grad"):
            lines.append("grad norm " + norm_text(node.variable["grad"]))
        return lines
    lines = [step + node.name]
    lines += ["-> " + tensor_text(m) for m in node.outputs if m is not None]
    if any(node.grad_in):
        lines.append("grad in " + ", ".join(norm_text(g) for g in node.grad_in))
    return lines


def _quote(text):
    """A DOT string literal; newlines become DOT's centred line breaks."""
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(obj, params=None, title=None):
    """DOT text for a Graph, or for the graph behind a tensor (or list of tensors)."""
    graph = as_graph(obj, params)
    out = ["digraph autograd {",
           '  graph [rankdir=TB, fontname="Helvetica", fontsize=11%s];' % (", label=%s, labelloc=t" % _quote(title)
                                                                          if title else ""),
           '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];',
           '  edge [fontname="Helvetica", fontsize=9, color="#555555"];']
    for n in graph.nodes:
        shape = ", shape=ellipse" if n.kind == "output" else ""
        label = _quote("\n".join(node_lines(n)))
        out.append('  n%d [label=%s, fillcolor="%s"%s];' % (n.id, label, COLORS[n.kind], shape))
    for e in graph.edges:
        attrs = ' [label=%s]' % _quote(" " + norm_text(e.grad)) if e.grad else ""
        out.append("  n%d -> n%d%s;" % (e.src, e.dst, attrs))
    out.append("}")
    return "\n".join(out) + "\n"


def has_dot():
    """True when Graphviz's ``dot`` program is on the PATH."""
    return shutil.which("dot") is not None


def to_svg(obj, params=None, title=None):
    """SVG text drawn by Graphviz. Raises RuntimeError when ``dot`` is not installed (the DOT text and the HTML
    view need no external program)."""
    if not has_dot():
        raise RuntimeError("to_svg needs Graphviz's `dot` program on the PATH (e.g. apt-get install graphviz); "
                           "to_dot and to_html need nothing")
    text = obj if isinstance(obj, str) else to_dot(obj, params, title)
    run = subprocess.run(["dot", "-Tsvg"], input=text, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise RuntimeError("dot failed: %s" % run.stderr.strip())
    return run.stdout
