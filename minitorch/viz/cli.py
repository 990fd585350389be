"""python -m minitorch graph: draw the autograd graph of a built-in example or of a tensor in your script.

    python -m minitorch graph                                  # a small two-layer network's loss
    python -m minitorch graph --script train.py --var loss     # the tensor `loss` left by running train.py
    python -m minitorch graph --script train.py --var loss --as-torch   # the script says `import torch`

Writes NAME.dot, NAME.html (step through the backward pass in a browser) and NAME.svg when Graphviz is installed.
"""
import argparse
import contextlib
import importlib
import os
import runpy
import sys

from . import has_dot, save, graph_of, trace_backward

TORCH_SUBMODULES = ("nn", "nn.functional", "nn.init", "optim", "optim.lr_scheduler", "autograd", "utils",
                    "utils.data")


def example():
    """A two-layer network's cross-entropy on a batch of 4 points: small enough to read, and it has every kind of
    node (matmul, broadcast add, a nonlinearity, indexing, a reduction, leaves used once and a leaf-free input)."""
    import minitorch as torch
    torch.manual_seed(0)
    x = torch.randn(4, 3)
    target = torch.tensor([0, 2, 1, 2])
    w1 = torch.randn(3, 5, requires_grad=True)
    b1 = torch.zeros(5, requires_grad=True)
    w2 = torch.randn(5, 3, requires_grad=True)
    hidden = torch.tanh(x @ w1 + b1)
    logits = hidden @ w2
    loss = -logits.log_softmax(dim=1)[torch.arange(4), target].mean()
    return loss, {"w1": w1, "b1": b1, "w2": w2}


@contextlib.contextmanager
def torch_is_minitorch():
    """While running a script, ``import torch`` (and torch.nn, ...) gives minitorch."""
    saved = {name: mod for name, mod in sys.modules.items() if name == "torch" or name.startswith("torch.")}
    for name in saved:
        del sys.modules[name]
    import minitorch
    sys.modules["torch"] = minitorch
    for sub in TORCH_SUBMODULES:
        try:
            sys.modules["torch." + sub] = importlib.import_module("minitorch." + sub)
        except ImportError:
            pass
    try:
        yield
    finally:
        for name in [n for n in sys.modules if n == "torch" or n.startswith("torch.")]:
            del sys.modules[name]
        sys.modules.update(saved)


def from_script(path, var, as_torch=False):
    """Run a script and return (its tensor named var, names for the leaves it left in its globals)."""
    from ..tensor import Tensor
    with torch_is_minitorch() if as_torch else contextlib.nullcontext():
        namespace = runpy.run_path(path, run_name="__main__")
    if var not in namespace:
        raise SystemExit("graph: %s left no variable named %r (it has: %s)"
                         % (path, var, ", ".join(k for k, v in namespace.items() if isinstance(v, Tensor))))
    tensor = namespace[var]
    if not isinstance(tensor, Tensor):
        raise SystemExit("graph: %s in %s is a %s, not a minitorch Tensor%s"
                         % (var, path, type(tensor).__name__, "" if as_torch else " (if the script imports torch, "
                            "add --as-torch to run it with minitorch)"))
    params = {}
    for name, value in namespace.items():
        if isinstance(value, Tensor) and value.is_leaf and value.requires_grad:
            params[name] = value
        elif hasattr(value, "named_parameters") and not isinstance(value, type):
            params.update(("%s.%s" % (name, p), t) for p, t in value.named_parameters())
    return tensor, params


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m minitorch graph", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--script", help="a Python file to run")
    parser.add_argument("--var", default="loss", help="the tensor in the script's globals to draw (default loss)")
    parser.add_argument("--as-torch", action="store_true", help="run the script with `import torch` = minitorch")
    parser.add_argument("--out", default=".", help="folder for the files (default: current folder)")
    parser.add_argument("--name", default="graph", help="file name stem (default graph)")
    parser.add_argument("--no-backward", action="store_true", help="draw the structure only, without running "
                                                                   "backward to record gradients")
    args = parser.parse_args(argv)
    if args.script:
        tensor, params = from_script(args.script, args.var, args.as_torch)
        title = "%s in %s" % (args.var, os.path.basename(args.script))
    else:
        tensor, params = example()
        title = "example: a two-layer network's loss"
    structure = graph_of(tensor, params)
    freed = any(n.kind == "op" and n.saved is None for n in structure.nodes)
    if args.no_backward or freed or not tensor.requires_grad:
        if freed and not args.no_backward:
            print("note: backward already ran on this graph, so gradients cannot be recorded again; drawing the "
                  "structure (call minitorch.viz.trace_backward(%s) instead of %s.backward() to see them)"
                  % (args.var, args.var))
        graph = structure
    else:
        graph = trace_backward(tensor, params)
    os.makedirs(args.out, exist_ok=True)
    stem = os.path.join(args.out, args.name)
    written = [save(graph, stem + ".dot", title=title), save(graph, stem + ".html", title=title)]
    if has_dot():
        written.append(save(graph, stem + ".svg", title=title))
    else:
        print("note: Graphviz's `dot` is not installed, so no SVG (the .dot and .html files need nothing)")
    print("%s: %d nodes, %d edges%s" % (title, len(graph.nodes), len(graph.edges),
                                        ", gradients recorded" if graph.traced else ""))
    for path in written:
        print("wrote", path)
    print("open %s in a browser and press 'next' (or the right arrow) to step through the backward pass"
          % (stem + ".html"))
    return 0
