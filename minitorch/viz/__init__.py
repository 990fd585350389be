"""minitorch.viz: look at the autograd graph.

    from minitorch import viz
    graph = viz.trace_backward(loss, params=model)  # runs loss.backward(), recording every node's gradients
    viz.save(graph, "graph.html")                   # step through the backward pass in a browser
    viz.save(graph, "graph.dot")                    # Graphviz text (graph.svg too, when `dot` is installed)
    print(viz.to_dot(loss))                         # the structure alone, before backward

graph.py walks the graph into plain data, dot.py writes DOT/SVG, layout.py places nodes for html.py's page.
"""
import os

from .dot import has_dot, to_dot, to_svg
from .graph import Edge, Graph, GraphNode, describe, graph_of, trace_backward
from .html import to_html

WRITERS = {".dot": to_dot, ".gv": to_dot, ".svg": to_svg, ".html": to_html}


def save(obj, path, params=None, title=None):
    """Write a Graph (or the graph behind a tensor) to path; the extension picks the format: .dot, .svg, .html."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in WRITERS:
        raise ValueError("save: unknown graph format %r for %s (use one of %s)" % (ext, path, ", ".join(WRITERS)))
    kwargs = {"title": title} if title else {}
    text = WRITERS[ext](obj, params, **kwargs)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


__all__ = ["Edge", "Graph", "GraphNode", "describe", "graph_of", "has_dot", "save", "to_dot", "to_html", "to_svg",
           "trace_backward"]
