"""A self-contained HTML page that steps through the backward pass node by node.

One file, with its CSS, JavaScript and the graph's data inline: it opens in any browser, offline, with no
external program. The page draws the graph (layout.py placed the nodes) and, at each step, colours the node the
engine runs, the nodes already done, and the gradients that have flowed; the side panel shows the node's forward
inputs and outputs, the tensors it saved, the gradient it received and the gradients it sent, and the backward
code that ran.
"""
import html
import json

from .dot import as_graph, node_lines, tensor_text
from .layout import layered


def to_html(obj, params=None, title="minitorch autograd graph"):
    """The page for a Graph (from ``trace_backward`` to see gradients) or the graph behind a tensor."""
    graph = as_graph(obj, params)
    data = graph.to_dict()
    places = layered(graph)
    for node, record in zip(graph.nodes, data["nodes"]):
        record["lines"] = node_lines(node)
        record["x"], record["row"] = places[node.id]
        record["input_text"] = [tensor_text(m) for m in node.inputs]
        record["output_text"] = [tensor_text(m) for m in node.outputs]
    payload = json.dumps(data).replace("</", "<\\/")  # nothing in the data can close the script element
    return TEMPLATE.replace("__TITLE__", html.escape(title)).replace("__DATA__", payload)


TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>__TITLE__</title>
<style>
  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222;
         display: flex; flex-direction: column; height: 100vh; }
  header { padding: 8px 12px; border-bottom: 1px solid #ccc; background: #f7f7f7; display: flex;
           align-items: center; gap: 8px; flex-wrap: wrap; }
  header h1 { font-size: 15px; margin: 0 12px 0 0; }
  button { font: inherit; padding: 3px 10px; border: 1px solid #aaa; border-radius: 4px; background: #fff;
           cursor: pointer; }
  button:hover { background: #eef; }
  #status { flex: 1; min-width: 300px; color: #333; }
  main { flex: 1; display: flex; min-height: 0; }
  #canvas { flex: 1; overflow: auto; background: #fcfcfc; }
  #panel { width: 420px; overflow: auto; border-left: 1px solid #ccc; padding: 10px 14px; background: #fff; }
  #panel h2 { font-size: 15px; margin: 4px 0; }
  #panel h3 { font-size: 12px; text-transform: uppercase; color: #666; margin: 14px 0 4px; }
  #panel table { border-collapse: collapse; width: 100%; }
  #panel td { border-top: 1px solid #eee; padding: 3px 4px; vertical-align: top; }
  #panel td:first-child { color: #555; white-space: nowrap; }
  pre { background: #f4f4f4; padding: 6px; overflow: auto; font-size: 11px; margin: 4px 0; }
  .mono { font-family: Menlo, Consolas, monospace; font-size: 12px; }
  .note { background: #fff7d6; border: 1px solid #e8d48a; padding: 6px 8px; border-radius: 4px; margin: 6px 0; }
  .legend span { display: inline-block; padding: 1px 6px; border-radius: 3px; margin-left: 4px; border: 1px solid #999; }
  svg text { font-family: Helvetica, Arial, sans-serif; pointer-events: none; }
  .node rect { stroke: #777; stroke-width: 1; cursor: pointer; }
  .node.op rect { fill: #dbe9f6; }
  .node.leaf rect { fill: #d5f0d5; }
  .node.output rect { fill: #fde2c4; }
  .node.pending rect { fill: #eeeeee; stroke: #bbb; }
  .node.pending text { fill: #777; }
  .node.pending .gradline { visibility: hidden; }   /* no gradient has reached it yet */
  .node.current rect { fill: #ffb347; stroke: #c05800; stroke-width: 3; }
  .node.selected rect { stroke: #0050c8; stroke-width: 3; }
  .edge path { fill: none; stroke: #999; stroke-width: 1.3; }
  .edge.flowed path { stroke: #2a7; stroke-width: 2; }
  .edge.flowing path { stroke: #e07000; stroke-width: 3; stroke-dasharray: 6 4; }
  .edge text { font-size: 10px; fill: #2a7; }
  .edge.flowing text { fill: #c05800; font-weight: bold; }
</style>
</head>
<body>
<header>
  <h1>__TITLE__</h1>
  <button id="first" title="Before backward (Home)">|&#x25C0;</button>
  <button id="prev" title="Previous step (Left arrow)">&#x25C0; prev</button>
  <button id="next" title="Next step (Right arrow)">next &#x25B6;</button>
  <button id="play" title="Play / pause (Space)">play</button>
  <button id="last" title="After backward (End)">&#x25B6;|</button>
  <button id="zoomout" title="Zoom out">&minus;</button>
  <button id="zoomin" title="Zoom in">+</button>
  <span id="status"></span>
  <span class="legend">
    <span style="background:#ffb347">running</span><span style="background:#dbe9f6">done</span>
    <span style="background:#eeeeee">waiting</span><span style="background:#d5f0d5">leaf</span>
  </span>
</header>
<main>
  <div id="canvas"></div>
  <div id="panel"></div>
</main>
<script id="graph-data" type="application/json">__DATA__</script>
<script>
"use strict";
var G = JSON.parse(document.getElementById("graph-data").textContent);
var BOX_W = 200, BOX_H = 62, GAP_X = 36, ROW_H = 116, PAD = 30;
var SVG_NS = "http://www.w3.org/2000/svg";
var step = 0, selected = null, zoom = 1, timer = null;
var stepOf = {};           // node id -> its step (1 = first node the engine runs)
G.order.forEach(function (id, i) { stepOf[id] = i + 1; });
var incoming = {}, outgoing = {};   // node id -> edges where it is the consumer / the producer
G.nodes.forEach(function (n) { incoming[n.id] = []; outgoing[n.id] = []; });
G.edges.forEach(function (e) { incoming[e.dst].push(e); outgoing[e.src].push(e); });

function el(name, attrs, parent) {
  var x = document.createElementNS(SVG_NS, name);
  for (var k in attrs) x.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(x);
  return x;
}
function esc(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
function center(n) {
  return { x: PAD + n.x * (BOX_W + GAP_X) + BOX_W / 2, y: PAD + n.row * ROW_H + BOX_H / 2 };
}
function fmt(v) {
  return typeof v === "number" ? Number(v.toPrecision(4)).toString() : String(v);
}
function label(n) { return n.lines[0]; }

// ---- drawing ---------------------------------------------------------------------------------------------
var maxX = 0, maxRow = 0;
G.nodes.forEach(function (n) { maxX = Math.max(maxX, n.x); maxRow = Math.max(maxRow, n.row); });
var width = PAD * 2 + (maxX + 1) * (BOX_W + GAP_X), height = PAD * 2 + (maxRow + 1) * ROW_H;
var svg = el("svg", { viewBox: "0 0 " + width + " " + height, id: "graph" });
document.getElementById("canvas").appendChild(svg);
var defs = el("defs", {}, svg);
var marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7,
                            markerHeight: 7, orient: "auto-start-reverse" }, defs);
el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#888" }, marker);

var edgeEls = G.edges.map(function (e) {
  var a = center(G.nodes[e.src]), b = center(G.nodes[e.dst]);
  var y1 = a.y + (a.y < b.y ? BOX_H / 2 : -BOX_H / 2), y2 = b.y + (a.y < b.y ? -BOX_H / 2 : BOX_H / 2);
  var bend = Math.max(30, Math.abs(y2 - y1) / 2) * (y2 >= y1 ? 1 : -1);
  var g = el("g", { "class": "edge" }, svg);
  el("path", { d: "M" + a.x + "," + y1 + " C" + a.x + "," + (y1 + bend) + " " + b.x + "," + (y2 - bend) +
               " " + b.x + "," + y2, "marker-end": "url(#arrow)" }, g);
  var t = el("text", { x: (a.x + b.x) / 2 + 4, y: (y1 + y2) / 2 }, g);
  t.textContent = e.grad && e.grad.norm !== undefined ? "|g| " + fmt(e.grad.norm) : "";
  return g;
});
var nodeEls = G.nodes.map(function (n) {
  var c = center(n);
  var g = el("g", { "class": "node " + n.kind, transform: "translate(" + (c.x - BOX_W / 2) + "," +
                    (c.y - BOX_H / 2) + ")" }, svg);
  el("rect", { width: BOX_W, height: BOX_H, rx: 7 }, g);
  n.lines.slice(0, 4).forEach(function (line, i) {
    var t = el("text", { x: BOX_W / 2, y: 16 + i * 14, "text-anchor": "middle",
                         "font-size": i === 0 ? 12 : 10.5, "font-weight": i === 0 ? "bold" : "normal",
                         "class": /^grad/.test(line) ? "gradline" : "" }, g);
    t.textContent = line.length > 34 ? line.slice(0, 33) + "\u2026" : line;
  });
  g.addEventListener("click", function () { selected = n.id; render(); });
  return g;
});

// ---- state at a step: which nodes ran, which gradients have flowed ------------------------------------------
function ran(id, s) {     // has node id finished by step s? (outputs hand over the seed before step 1)
  return G.nodes[id].kind === "output" || (stepOf[id] !== undefined && stepOf[id] <= s);
}
function render() {
  var current = step > 0 ? G.order[step - 1] : null;
  G.nodes.forEach(function (n, i) {
    var cls = "node " + n.kind;
    if (n.id === current) cls += " current";
    else if (!ran(n.id, step)) cls += " pending";
    if (n.id === selected) cls += " selected";
    nodeEls[i].setAttribute("class", cls);
  });
  G.edges.forEach(function (e, i) {   // a gradient flows from the consumer e.dst back to the producer e.src
    var cls = "edge";
    if (e.dst === current) cls += " flowing";
    else if (ran(e.dst, step)) cls += " flowed";
    edgeEls[i].setAttribute("class", cls);
    edgeEls[i].querySelector("text").style.display = G.traced && ran(e.dst, step) ? "" : "none";
  });
  var status = document.getElementById("status");
  if (step === 0) {
    status.innerHTML = "Step 0 / " + G.order.length + ": before backward. The output's gradient is seeded " +
      "(ones for a scalar loss); press <b>next</b> to run the engine one node at a time.";
  } else {
    var n = G.nodes[current];
    status.innerHTML = "Step " + step + " / " + G.order.length + ": the engine runs <b>" + esc(n.name) +
      "</b>" + (n.kind === "leaf" ? " and adds the gradient into <b>" + esc(label(n)) + ".grad</b>" :
      " and sends a gradient to each of its " + incoming[n.id].length + " input(s)") + ".";
  }
  showPanel(selected !== null ? selected : current !== null ? current : outputId());
  var focus = current !== null ? current : outputId();   // step 0: backward starts at the output
  if (focus !== null && timer === null) nodeEls[focus].scrollIntoView({ block: "nearest", inline: "nearest" });
}
function outputId() {
  for (var i = 0; i < G.nodes.length; i++) if (G.nodes[i].kind === "output") return i;
  return null;
}

// ---- the side panel -------------------------------------------------------------------------------------------
function summary(s) {
  if (!s) return "<i>none</i>";
  var out = "<span class=mono>[" + s.shape.join(", ") + "] " + s.dtype + "</span>";
  if (s.norm !== undefined) {
    out += "<br>norm " + fmt(s.norm) + " &middot; min " + fmt(s.min) + " &middot; max " + fmt(s.max) +
      "<br><span class=mono>" + s.values.map(fmt).join(", ") + (s.numel > s.values.length ? ", \u2026" : "") +
      "</span>";
  }
  return out;
}
function rows(pairs) {
  if (!pairs.length) return "<i>none</i>";
  return "<table>" + pairs.map(function (p) { return "<tr><td>" + p[0] + "</td><td>" + p[1] + "</td></tr>"; })
    .join("") + "</table>";
}
var WHAT = {
  op: "In the forward pass this op produced its output(s) from its inputs and saved what its backward needs. " +
      "In the backward pass it receives the gradient of the loss with respect to each output, and its backward " +
      "code (below) turns that into the gradient with respect to each input that requires grad (the chain rule).",
  leaf: "AccumulateGrad: the end of a gradient path. The gradient arriving here is added into the leaf " +
        "tensor's <b>.grad</b> (summed, if the leaf was used several times).",
  output: "The tensor backward started from. Its gradient is the seed: ones for a scalar loss."
};
function showPanel(id) {
  var p = document.getElementById("panel");
  if (id === null) { p.innerHTML = ""; return; }
  var n = G.nodes[id], h = "";
  h += "<h2>" + esc(label(n)) + (label(n) !== n.name ? " <small>(" + esc(n.name) + ")</small>" : "") + "</h2>";
  if (stepOf[id]) h += "<div>runs at step " + stepOf[id] + " of " + G.order.length + "</div>";
  if (!G.traced) h += "<div class=note>Gradients were not recorded: this page was made from a graph before " +
    "backward ran. Make it with <span class=mono>minitorch.viz.trace_backward(loss)</span> to see them. " +
    "The steps show the order in which the engine runs the nodes.</div>";
  h += "<p>" + WHAT[n.kind] + "</p>";
  if (n.kind === "op") {
    h += "<h3>Forward inputs</h3>" + rows(incoming[id].slice().sort(function (a, b) { return a.dst_input - b.dst_input; })
      .map(function (e) {
        return ["input " + e.dst_input, "from <a href='#' data-node=" + e.src + ">" + esc(label(G.nodes[e.src])) +
                "</a><br><span class=mono>" + esc(n.input_text[e.dst_input] || "") + "</span>"];
      }));
    h += "<h3>Forward outputs</h3>" + rows(n.output_text.map(function (t, i) {
      return ["output " + i, "<span class=mono>" + esc(t) + "</span>"]; }));
    h += "<h3>Saved for backward</h3>" + (n.saved === null ? "<i>freed: backward already ran on this graph</i>" :
      rows(n.saved.map(function (s) { return [esc(s.role), s.shape ? summary(s) : ""]; })));
    var attrs = Object.keys(n.attributes);
    if (attrs.length) h += "<h3>Other ctx attributes</h3>" + rows(attrs.map(function (k) {
      return [esc(k), "<span class=mono>" + esc(n.attributes[k]) + "</span>"]; }));
  }
  if (n.kind !== "output") h += "<h3>Used by (where its gradient comes from)</h3>" + rows(outgoing[id].map(function (e) {
    return ["output " + e.src_output, "<a href='#' data-node=" + e.dst + ">" + esc(label(G.nodes[e.dst])) + "</a>"]; }));
  if (n.kind === "leaf" || n.kind === "output") {
    h += "<h3>Value</h3>" + summary(n.variable);
    if (n.variable && n.variable.grad) h += "<h3>.grad after backward</h3>" + summary(n.variable.grad);
  }
  if (G.traced) {
    h += "<h3>Gradient received</h3>" + rows((n.grad_in || []).map(function (g, i) {
      return ["for output " + i, summary(g)]; }));
    if (n.kind === "op") h += "<h3>Gradients sent</h3>" + rows(incoming[id].slice()
      .sort(function (a, b) { return a.dst_input - b.dst_input; }).map(function (e) {
        return ["to input " + e.dst_input + "<br><a href='#' data-node=" + e.src + ">" + esc(label(G.nodes[e.src])) +
                "</a>", summary(n.grad_out[e.dst_input])]; }));
  }
  if (n.source) h += "<h3>Backward code</h3><div class=mono>" + esc(n.source.file) + ":" + n.source.line +
    "</div><pre>" + esc(n.source.code) + "</pre>";
  p.innerHTML = h;
  Array.prototype.forEach.call(p.querySelectorAll("a[data-node]"), function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); selected = +a.dataset.node; render(); });
  });
}

// ---- controls -------------------------------------------------------------------------------------------------
function go(s) { step = Math.max(0, Math.min(G.order.length, s)); selected = null; render(); }
function play() {
  if (timer !== null) { clearInterval(timer); timer = null; document.getElementById("play").textContent = "play"; return; }
  if (step >= G.order.length) go(0);
  document.getElementById("play").textContent = "pause";
  timer = setInterval(function () { if (step >= G.order.length) play(); else go(step + 1); }, 900);
}
function setZoom(z) {
  zoom = Math.max(0.2, Math.min(3, z));
  svg.setAttribute("width", width * zoom);
  svg.setAttribute("height", height * zoom);
}
document.getElementById("first").onclick = function () { go(0); };
document.getElementById("prev").onclick = function () { go(step - 1); };
document.getElementById("next").onclick = function () { go(step + 1); };
document.getElementById("last").onclick = function () { go(G.order.length); };
document.getElementById("play").onclick = play;
document.getElementById("zoomin").onclick = function () { setZoom(zoom * 1.25); };
document.getElementById("zoomout").onclick = function () { setZoom(zoom / 1.25); };
document.addEventListener("keydown", function (ev) {
  if (ev.key === "ArrowRight") go(step + 1);
  else if (ev.key === "ArrowLeft") go(step - 1);
  else if (ev.key === "Home") go(0);
  else if (ev.key === "End") go(G.order.length);
  else if (ev.key === " ") { ev.preventDefault(); play(); }
});
var canvas = document.getElementById("canvas");
setZoom(Math.min(1, (canvas.clientWidth - 10) / width));   // fit the width when the graph is wide
var start = /step=(\d+)/.exec(location.hash);   // open at a given step with page.html#step=N
go(start ? +start[1] : 0);
</script>
</body>
</html>
"""
