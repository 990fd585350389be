"""python -m minitorch bench: minitorch against torch on the benchmark set, in this process, same threads.

    python -m minitorch bench                       # the whole set (a few minutes)
    python -m minitorch bench -k matmul --rounds 3  # entries whose name contains "matmul"
    python -m minitorch bench -k conv --algorithm   # the conv algorithms side by side
    python -m minitorch bench --json bench.json --png bench.png --threads 1
"""
import argparse

from . import memory, report, runner, suite
from .timing import PAUSE


def _parser():
    p = argparse.ArgumentParser(prog="python -m minitorch bench", description=__doc__.split("\n")[0])
    p.add_argument("-k", dest="pattern", help="only entries whose name contains this (several: 'a|b')")
    p.add_argument("--json", help="write every measurement to this JSON file")
    p.add_argument("--png", help="write a bar chart of the ratios to this PNG file")
    p.add_argument("--threads", type=int, help="threads for both libraries (default: torch's default)")
    p.add_argument("--rounds", type=int, default=5, help="interleaved rounds per entry and mode (default 5)")
    p.add_argument("--min-time", type=float, default=0.05,
                   help="seconds of calls per library per round (at least 3 calls; default 0.05)")
    p.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                   help="what is timed: wall time (default), or the process's CPU time, which a busy shared machine "
                        "disturbs far less (it adds up all threads: use it with --threads 1)")
    p.add_argument("--algorithm", action="store_true", help="compare the conv algorithms side by side")
    p.add_argument("--no-memory", action="store_true", help="skip the peak-memory measurement of the convs")
    return p


def _progress(items, desc):
    try:
        from tqdm import tqdm
    except ImportError:
        return items
    return tqdm(items, desc=desc, unit="entry", leave=False)


def main(argv=None):
    args = _parser().parse_args(argv)
    import minitorch
    import torch
    before = minitorch.get_num_threads(), torch.get_num_threads()
    threads = args.threads or before[1]
    runner.set_threads(threads)
    try:
        return _run(args, threads)
    finally:  # when called in-process (tests, notebooks), leave both libraries' thread counts as they were
        minitorch.set_num_threads(before[0])
        torch.set_num_threads(before[1])


def _run(args, threads):
    entries = suite.select(args.pattern)
    if not entries:
        print("no benchmark entry matches %r; the entries are:\n  %s"
              % (args.pattern, "\n  ".join(e.name for e in suite.entries())))
        return 2
    env = runner.environment(threads)
    env["sgemm_peak_gflops"] = peak = runner.sgemm_peak()
    blas = ", ".join("%s %s (%s, %d threads)" % (b["internal_api"], b["version"], b.get("architecture", "?"),
                                                  b["num_threads"]) for b in env["blas"]) or "unknown"
    header = ("threads: %d for both (torch %d, minitorch %d); NumPy's BLAS: %s; measured sgemm peak %.1f GFLOP/s\n"
              "versions: minitorch %s, torch %s, NumPy %s, Python %s"
              % (threads, env["torch_threads"], env["minitorch_threads"], blas, peak,
                 *(env["versions"][k] for k in ("minitorch", "torch", "numpy", "python"))))
    print(header)
    record = {"environment": env, "rounds": args.rounds, "clock": args.clock}
    if args.clock == "cpu":
        print("clock: CPU time of the process (all threads), not wall time")

    if args.algorithm:
        return _algorithms(args, entries, record, threads)

    rows = []
    for entry in _progress(entries, "bench"):
        rows.extend(runner.run_entry(entry, args.rounds, args.min_time, clock=args.clock))
    print(report.format_table(report.HEADERS, report.table_rows(rows, peak)))
    print("ratio = minitorch time / torch time, median of %d interleaved rounds (answers checked first; %.1f s "
          "pause between libraries); GFLOP/s and %% of peak are minitorch's" % (args.rounds, PAUSE))
    goals = report.targets(rows)
    if any(t["value"] is not None for t in goals):
        print("\nacceptance targets (issue 4):\n" + report.format_targets(goals))
    record.update(results=rows, targets=goals)

    convs = [e for e in entries if e.group == "conv2d"]
    if convs and not args.no_memory:
        mem = {e.name: memory.peak_memory(e.name, threads) for e in _progress(convs, "memory")}
        print("\npeak memory of conv2d forward+backward, %s:\n%s" % (memory.METHOD, report.format_memory(mem)))
        record["memory"] = {"method": memory.METHOD, "results": mem}

    if args.json:
        report.write_json(args.json, record)
        print("wrote %s" % args.json)
    if args.png:
        report.write_png(args.png, rows, "minitorch vs torch %s, %d threads%s" % (
            env["versions"]["torch"], threads, ", CPU time" if args.clock == "cpu" else ""))
        print("wrote %s" % args.png)
    return 0


def _algorithms(args, entries, record, threads):
    try:
        from ..ops import conv
    except ImportError:
        conv = None
    if not hasattr(conv, "set_algorithm"):
        print("--algorithm: minitorch.ops.conv has no set_algorithm/ALGORITHMS setting, so there is nothing "
              "to compare")
        return 1
    convs = [e for e in entries if e.group == "conv2d"]
    if not convs:
        print("--algorithm compares conv2d entries; -k %r selects none" % args.pattern)
        return 2
    results = [runner.compare_algorithms(e, args.rounds, args.min_time, clock=args.clock)
               for e in _progress(convs, "algorithms")]
    print(report.format_algorithms(results))
    print("forward+backward ms and ratio to torch per algorithm (median of %d interleaved rounds); set one with "
          "minitorch.ops.conv.set_algorithm(name)" % args.rounds)
    record["algorithms"] = results
    if args.json:
        report.write_json(args.json, record)
        print("wrote %s" % args.json)
    return 0
