"""minitorch.viz: the recorded graph, the gradients trace_backward sees (checked against torch's), the DOT/SVG
text, the self-contained HTML page (run in headless Chromium when it is installed) and the graph command."""
import json
import re
import shutil
import sys
import subprocess

import numpy
import pytest

import minitorch
from minitorch import viz
from minitorch.viz import cli

torch = pytest.importorskip("torch")


def build(lib, seed=0):
    """The same small computation in either library: every tensor it returns is named."""
    rng = numpy.random.default_rng(seed)
    x = lib.tensor(rng.standard_normal((4, 2)))
    w = lib.tensor(rng.standard_normal(2), requires_grad=True)
    b = lib.tensor(rng.standard_normal(2), requires_grad=True)
    h = (x * w + b).tanh()
    loss = (h * b).exp().sum()
    return {"x": x, "w": w, "b": b, "h": h, "loss": loss}


def torch_run_order(loss):
    """Names of torch's nodes in the order its engine runs them (pre-hooks fire just before a node runs)."""
    order, seen, stack = [], set(), [loss.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or node in seen:
            continue
        seen.add(node)
        node.register_prehook(lambda grads, node=node: order.append(node.name().split("::")[-1]) and None)
        stack.extend(n for n, _ in node.next_functions)
    loss.backward()
    return order


def test_trace_records_torchs_gradients_and_run_order():
    t = build(torch)
    t["h"].retain_grad()
    expected_order = torch_run_order(t["loss"])
    m = build(minitorch)
    graph = viz.trace_backward(m["loss"], params={"w": m["w"], "b": m["b"]})

    assert [graph.node(i).name for i in graph.order] == expected_order
    tanh = next(n for n in graph.nodes if n.name == "TanhBackward0")
    assert tanh.grad_in[0]["norm"] == pytest.approx(float(t["h"].grad.norm()), rel=1e-12)
    for name in ("w", "b"):
        leaf = next(n for n in graph.nodes if n.kind == "leaf" and n.label() == name)
        assert leaf.variable["grad"]["norm"] == pytest.approx(float(t[name].grad.norm()), rel=1e-12)
        # backward really ran: the leaves hold torch's gradients
        numpy.testing.assert_allclose(m[name].grad.numpy(), t[name].grad.numpy(), rtol=1e-12)
    # the gradient on an edge is what the consumer sent to that input: tanh -> its output's gradient
    edge = next(e for e in graph.edges if graph.node(e.src).name == "TanhBackward0")
    assert edge.grad["norm"] == pytest.approx(float(t["h"].grad.norm()), rel=1e-12)


def test_untraced_order_is_the_order_the_engine_then_uses():
    m = build(minitorch)
    predicted = [n.name for n in (lambda g: [g.node(i) for i in g.order])(viz.graph_of(m["loss"]))]
    traced = viz.trace_backward(m["loss"])
    assert predicted == [traced.node(i).name for i in traced.order]


def test_nodes_carry_shapes_dtypes_saved_tensors_and_source():
    m = build(minitorch)
    graph = viz.graph_of(m["loss"], params={"w": m["w"]})
    x_times_w, h_times_b = sorted((n for n in graph.nodes if n.name == "MulBackward0"),
                                  key=lambda n: sum(e.dst == n.id for e in graph.edges))  # x has no edge
    assert x_times_w.inputs == [{"shape": [4, 2], "dtype": "float64"}, {"shape": [2], "dtype": "float64"}]
    assert x_times_w.outputs == [{"shape": [4, 2], "dtype": "float64"}]
    assert [s["role"] for s in x_times_w.saved] == ["constant (no grad)", "None"]  # w: only x is saved, as torch
    assert [s["role"] for s in h_times_b.saved] == ["input 0", "input 1"]
    tanh = next(n for n in graph.nodes if n.name == "TanhBackward0")
    assert [s["role"] for s in tanh.saved] == ["output 0"]  # tanh's derivative is 1 - tanh(x)^2: it keeps its output
    assert tanh.source["file"].startswith("minitorch/ops/") and "Tanh" in tanh.source["code"]  # its rule
    assert {n.label() for n in graph.nodes if n.kind == "leaf"} == {"w", "AccumulateGrad"}
    m["loss"].backward()
    assert all(n.saved is None for n in viz.graph_of(m["loss"]).nodes if n.kind == "op")  # freed by backward


def test_dot_text_names_every_node_and_edge():
    m = build(minitorch)
    graph = viz.trace_backward(m["loss"], params={"w": m["w"], "b": m["b"]})
    text = viz.to_dot(graph, title='a "quoted" title')
    assert text.startswith("digraph autograd {") and text.rstrip().endswith("}")
    assert len(re.findall(r"^  n\d+ -> n\d+", text, re.M)) == len(graph.edges)
    for n in graph.nodes:
        assert "n%d [label=" % n.id in text
    assert '\\"quoted\\"' in text and "grad norm" in text and "[2] float64" in text


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_svg_from_graphviz():
    m = build(minitorch)
    svg = viz.to_svg(viz.trace_backward(m["loss"]))
    assert "<svg" in svg and "TanhBackward0" in svg


def test_svg_without_graphviz_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="dot"):
        viz.to_svg(viz.graph_of(build(minitorch)["loss"]))


def page_data(page):
    return json.loads(re.search(r'id="graph-data" type="application/json">(.*?)</script>', page, re.S).group(1))


def test_html_is_self_contained_and_carries_the_graph():
    m = build(minitorch)
    graph = viz.trace_backward(m["loss"], params={"</script><b>w": m["w"]})  # a name that must not break the page
    page = viz.to_html(graph)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing to fetch
    assert "<link" not in page and "import(" not in page
    data = page_data(page)
    assert len(data["nodes"]) == len(graph.nodes) and data["traced"] is True
    assert data["order"] == graph.order
    assert any(n["lines"][0].endswith("</script><b>w") for n in data["nodes"])


def test_save_picks_the_format_from_the_extension(tmp_path):
    m = build(minitorch)
    viz.save(m["loss"], str(tmp_path / "g.dot"))
    viz.save(m["loss"], str(tmp_path / "g.html"))
    assert (tmp_path / "g.dot").read_text().startswith("digraph")
    assert "<!DOCTYPE html>" in (tmp_path / "g.html").read_text()
    with pytest.raises(ValueError, match="png"):
        viz.save(m["loss"], str(tmp_path / "g.png"))


def chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")
def test_page_draws_every_node_in_a_headless_browser(tmp_path):
    m = build(minitorch)
    graph = viz.trace_backward(m["loss"])
    path = tmp_path / "g.html"
    viz.save(graph, str(path))
    run = subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          "--user-data-dir=%s" % (tmp_path / "profile"), "--dump-dom", path.as_uri() + "#step=3"],
                         capture_output=True, text=True, timeout=120)
    dom = run.stdout
    assert len(re.findall(r'<g class="node ', dom)) == len(graph.nodes)
    assert len(re.findall(r'<g class="edge', dom)) == len(graph.edges)
    current = re.findall(r'<g class="node \w+ current[^"]*".*?</g>', dom)
    assert len(current) == 1 and graph.node(graph.order[2]).name in current[0]  # step 3: the third node to run
    assert "Step 3 / %d" % len(graph.order) in dom


def test_graph_command_on_the_built_in_example(tmp_path, capsys):
    assert cli.main(["--out", str(tmp_path)]) == 0
    assert "gradients recorded" in capsys.readouterr().out
    data = page_data((tmp_path / "graph.html").read_text())
    assert data["traced"] and {"w1", "b1", "w2"} <= {n["lines"][0].split(" ")[-1] for n in data["nodes"]}
    assert (tmp_path / "graph.dot").exists()


def test_graph_command_on_a_torch_script(tmp_path, capsys):
    script = tmp_path / "train.py"
    script.write_text("import torch\n"
                      "w = torch.ones(2, 2, requires_grad=True)\n"
                      "loss = (torch.arange(4.).reshape(2, 2) @ w).sigmoid().sum()\n"
                      "done = (w * 2).sum()\n"
                      "done.backward()\n")
    assert cli.main(["--script", str(script), "--var", "loss", "--as-torch", "--out", str(tmp_path)]) == 0
    data = page_data((tmp_path / "graph.html").read_text())
    assert [n["name"] for n in data["nodes"]][:3] == ["output", "SumBackward0", "SigmoidBackward0"]
    assert sys.modules["torch"] is torch  # the alias is undone
    assert cli.main(["--script", str(script), "--var", "done", "--as-torch", "--out", str(tmp_path)]) == 0
    assert "backward already ran" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="--as-torch"):
        cli.main(["--script", str(script), "--var", "loss", "--out", str(tmp_path)])
