"""The demo's report folder: training curves, the model's graph, parity and speed results, and an index page.

    report/
      index.html        the summary, linking everything below
      summary.json      accuracy, epochs, timings, the run's settings
      curves.png        loss and accuracy per epoch (train and test)
      graph.dot/.html   the autograd graph of one training step's loss (graph.svg too when Graphviz is installed)
      parity.json       the trained model bisected against torch, and the registry cases for its ops
      bench.json        kernel timings against torch
"""
import html
import json
import os


def write_json(folder, name, value):
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        json.dump(value, f, indent=1, default=str)
    return path


def plot_curves(history, path):
    """Loss and accuracy per epoch, train and test, as a PNG (matplotlib's Agg backend: no display needed).
    Returns None, without a file, when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        return None
    epochs = [h["epoch"] for h in history]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8))
    left.plot(epochs, [h["train_loss"] for h in history], "o-", label="train")
    left.plot(epochs, [h["test_loss"] for h in history], "s-", label="test")
    left.set(title="cross-entropy loss", xlabel="epoch")
    right.plot(epochs, [100 * h["train_acc"] for h in history], "o-", label="train")
    right.plot(epochs, [100 * h["test_acc"] for h in history], "s-", label="test")
    right.axhline(97, color="gray", linestyle=":", label="97% target")
    lowest = min(min(h["train_acc"], h["test_acc"]) for h in history)
    right.set(title="accuracy (%)", xlabel="epoch", ylim=(max(0, 100 * lowest - 5), 100.5))
    for ax in (left, right):
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_graph(model, images, labels, folder, lib):
    """The autograd graph of one training step's loss, traced through backward, as DOT, HTML (and SVG)."""
    from .. import viz
    loss = lib.nn.functional.cross_entropy(model(images), labels)
    graph = viz.trace_backward(loss, params=model)
    model.zero_grad()
    title = "LeNet on %d images: one training step's loss" % len(labels)
    paths = [viz.save(graph, os.path.join(folder, "graph.dot"), title=title),
             viz.save(graph, os.path.join(folder, "graph.html"), title=title)]
    if viz.has_dot():
        paths.append(viz.save(graph, os.path.join(folder, "graph.svg"), title=title))
    return paths


def _table(headers, rows):
    head = "".join("<th>%s</th>" % html.escape(str(h)) for h in headers)
    body = "".join("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(str(c)) for c in row) for row in rows)
    return "<table><tr>%s</tr>%s</table>" % (head, body)


def write_index(folder, summary, parity, bench):
    """index.html: the numbers of the run and links to the rest of the folder."""
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>minitorch demo report</title><style>"
             "body{font:14px sans-serif;max-width:980px;margin:20px auto;color:#222}"
             "table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}"
             "td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}th{background:#f3f3f3}"
             "</style></head><body>",
             "<h1>minitorch demo report</h1>",
             "<p><b>%s</b>: test accuracy <b>%.2f%%</b> after %d epochs, %.1f s of training (%s).</p>"
             % (html.escape(summary["model"]), 100 * summary["test_acc"], summary["epochs"],
                summary["train_seconds"], html.escape(summary["dataset"]))]
    if os.path.exists(os.path.join(folder, "curves.png")):
        parts.append("<img src='curves.png' width='900'>")
    parts.append("<h2>The autograd graph</h2><p><a href='graph.html'>graph.html</a> steps through the backward "
                 "pass of one training step node by node; <a href='graph.dot'>graph.dot</a> is the same graph for "
                 "Graphviz%s.</p>" % (" (drawn: <a href='graph.svg'>graph.svg</a>)"
                                      if os.path.exists(os.path.join(folder, "graph.svg")) else ""))
    parts.append("<h2>Parity with torch</h2>")
    if parity.get("skipped"):
        parts.append("<p>%s</p>" % html.escape(parity["skipped"]))
    else:
        parts.append("<p>%s</p>" % html.escape(parity["summary"]))
        parts.append(_table(["module", "type", "output rel. err", "grad-in rel. err", "param-grad rel. err"],
                            [[r["name"], r["type"]] + [_err(r.get(k)) for k in ("output", "grad_input", "params")]
                             for r in parity["bisect"]["rows"]]))
    parts.append("<h2>Kernel speed</h2>")
    if bench.get("rows"):
        parts.append(_table(bench["headers"], bench["rows"]))
    parts.append("<p>%s</p>" % html.escape(bench.get("note", "")))
    parts.append("<p>Files: <a href='summary.json'>summary.json</a>, <a href='parity.json'>parity.json</a>, "
                 "<a href='bench.json'>bench.json</a>.</p></body></html>")
    path = os.path.join(folder, "index.html")
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


def _err(pair):
    return "-" if not pair else ("%.1e" % pair[1]) + (" !" if pair[0] else "")
