"""The benchmark's outputs: the table, the acceptance summary, the JSON record and the PNG chart of ratios."""
import json
import math

HEADERS = ["kernel / shape", "mode", "torch ms", "minitorch ms", "ratio", "GFLOP/s", "% sgemm peak"]

# issue 4's acceptance: (group, mode, what is compared, limit)
TARGETS = [
    ("matmul", "forward+backward", "max", 0.85),
    ("conv2d", "forward+backward", "geomean", 1.0),
    ("conv2d", "forward+backward", "max", 1.5),
    ("max_pool2d", "forward+backward", "max", 1.0),
    ("lenet", "forward+backward", "max", 1.2),
    ("tiny", "forward+backward", "max", 1.0),
]


def table_rows(rows, peak):
    out = []
    for r in rows:
        if r["status"] != "ok":
            out.append([r["name"], r["mode"], "-", "-", r["status"], "", r["message"][:100]])
            continue
        gflops = r.get("minitorch_gflops")
        out.append([r["name"], r["mode"], "%.3f" % r["torch_ms"], "%.3f" % r["minitorch_ms"], "%.2fx" % r["ratio"],
                    "-" if gflops is None else "%.1f" % gflops,
                    "-" if gflops is None or not peak else "%.0f%%" % (100 * gflops / peak)])
    return out


def format_table(headers, rows):
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    return "\n".join("  ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(row, widths))).rstrip()
                     for row in [headers] + rows)


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values))


def targets(rows):
    """Each acceptance target with the measured value (None when no row of that group was timed)."""
    out = []
    for group, mode, how, limit in TARGETS:
        ratios = [r["ratio"] for r in rows if r["group"] == group and r["mode"] == mode and r["status"] == "ok"]
        value = (geomean(ratios) if how == "geomean" else max(ratios)) if ratios else None
        out.append({"group": group, "mode": mode, "measure": how, "limit": limit, "value": value,
                    "met": None if value is None else value <= limit})
    return out


def format_targets(items):
    lines = []
    for t in items:
        if t["value"] is None:
            continue
        lines.append("%-11s %-17s %-7s ratio %.2f  (target <= %.2f: %s)" % (
            t["group"], t["mode"], t["measure"], t["value"], t["limit"], "met" if t["met"] else
            "missed by %.0f%%" % (100 * (t["value"] / t["limit"] - 1))))
    return "\n".join(lines)


def format_memory(memory):
    lines = []
    for name, m in memory.items():
        if "error" in m:
            lines.append("%s: not measured (%s)" % (name, m["error"]))
            continue
        lines.append("%s: torch %.1f MB, minitorch %.1f MB (ratio %.2f; tracemalloc %.1f MB)" % (
            name, m["torch"]["rss_mb"], m["minitorch"]["rss_mb"], m["ratio"], m["minitorch"]["tracemalloc_mb"]))
    return "\n".join(lines)


def format_algorithms(results):
    names = sorted({a for r in results if r["status"] == "ok" for a in r["algorithms"]})
    headers = ["conv2d forward+backward", "torch ms"] + ["%s ms (ratio)" % a for a in names]
    rows = []
    for r in results:
        if r["status"] != "ok":
            rows.append([r["name"], r["message"][:80]] + [""] * len(names))
            continue
        cells = []
        for a in names:
            if a in r["algorithms"]:
                cells.append("%.2f (%.2fx)" % (r["algorithms"][a]["ms"], r["algorithms"][a]["ratio"]))
            else:
                cells.append("refused" if a in r["refused"] else "-")
        rows.append([r["name"], "%.2f" % r["torch_ms"]] + cells)
    return format_table(headers, rows)


def write_json(path, record):
    with open(path, "w") as f:
        json.dump(record, f, indent=1)


def write_png(path, rows, title):
    """A horizontal bar per timed row: minitorch time / torch time, with the parity line at 1."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    timed = [r for r in rows if r["status"] == "ok"]
    labels = ["%s [%s]" % (r["name"], "fwd" if r["mode"] == "forward" else "fwd+bwd") for r in timed]
    ratios = [r["ratio"] for r in timed]
    fig, ax = plt.subplots(figsize=(10, 0.32 * len(timed) + 1.5))
    colors = ["tab:green" if v <= 1 else "tab:red" for v in ratios]
    ax.barh(range(len(timed)), ratios, color=colors)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_yticks(range(len(timed)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("minitorch time / torch time (median of per-round ratios; < 1 is faster)")
    ax.set_title(title, fontsize=9)
    for i, v in enumerate(ratios):
        ax.text(v, i, " %.2f" % v, va="center", fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
