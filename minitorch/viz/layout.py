"""Where to draw each node: a small layered layout, so the HTML view needs no external program.

Rows come from the longest path to an output (inputs and weights on top, the output at the bottom, as data flows
forward); within a row, nodes are ordered and placed near the mean position of their neighbours, a few sweeps
each way (the barycenter heuristic), then pushed apart so that boxes never overlap.
"""

SWEEPS = 6


def layered(graph):
    """{node id: (x, row)}: x in box widths (non-overlapping within a row), row 0 at the top."""
    if not graph.nodes:
        return {}
    neighbours = {n.id: [] for n in graph.nodes}
    consumers = {n.id: set() for n in graph.nodes}
    for e in graph.edges:
        neighbours[e.src].append(e.dst)
        neighbours[e.dst].append(e.src)
        consumers[e.src].add(e.dst)
    depth = _depths(graph, consumers)
    bottom = max(depth.values())
    rows = {}
    for n in graph.nodes:  # node ids follow discovery from the output, a fair first order
        rows.setdefault(bottom - depth[n.id], []).append(n.id)
    x = {nid: float(i) for row in rows.values() for i, nid in enumerate(row)}
    for sweep in range(SWEEPS):
        for r in sorted(rows, reverse=sweep % 2 == 0):
            row = rows[r]
            wanted = {nid: _mean([x[m] for m in neighbours[nid]], x[nid]) for nid in row}
            row.sort(key=lambda nid: (wanted[nid], x[nid]))
            _place(row, wanted, x)
    left = min(x.values())
    return {nid: (x[nid] - left, r) for r, row in rows.items() for nid in row}


def _depths(graph, consumers):
    """Longest number of edges from a node down to an output (outputs are 0). Nodes are visited once all their
    consumers have been, so each gets its final depth in one pass."""
    waiting = {nid: len(c) for nid, c in consumers.items()}
    producers = {n.id: [] for n in graph.nodes}
    for e in graph.edges:
        producers[e.dst].append(e.src)
    depth = {nid: 0 for nid in waiting}
    ready = [nid for nid, count in waiting.items() if count == 0]
    while ready:
        nid = ready.pop()
        for src in producers[nid]:
            depth[src] = max(depth[src], depth[nid] + 1)
            waiting[src] -= 1
            if waiting[src] == 0:
                ready.append(src)
    return depth


def _mean(values, default):
    return sum(values) / len(values) if values else default


def _place(row, wanted, x):
    """Positions for an ordered row: each as close to where it wants to be as the boxes' widths allow."""
    pos = []
    for nid in row:
        pos.append(max(wanted[nid], pos[-1] + 1) if pos else wanted[nid])
    shift = _mean([wanted[nid] - p for nid, p in zip(row, pos)], 0.0)  # re-centre on what the row wanted
    for nid, p in zip(row, pos):
        x[nid] = p + shift
