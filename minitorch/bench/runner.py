"""Running the benchmark set: check each entry's answers against torch, then time both libraries.

Both libraries run in this process at the same thread count (``set_threads``). A minitorch op that is missing or
fails makes its entry "skipped" with the error; a wrong answer makes it "refused": neither is timed.
"""
import platform
import time

import numpy

from . import suite
from .timing import CLOCKS, WrongAnswer, check_close, interleaved, summarize

MODES = ("forward", "forward+backward")


def set_threads(n):
    """Pin minitorch (its workers and NumPy's BLAS) and torch to n threads."""
    import minitorch
    import torch
    minitorch.set_num_threads(n)
    torch.set_num_threads(n)


def environment(threads):
    import minitorch
    import torch
    from ..threads import blas_info
    return {"threads": threads, "torch_threads": torch.get_num_threads(),
            "minitorch_threads": minitorch.get_num_threads(), "blas": blas_info(),
            "versions": {"minitorch": minitorch.__version__, "torch": torch.__version__,
                         "numpy": numpy.__version__, "python": platform.python_version()},
            "machine": "%s, %s" % (platform.machine(), platform.processor() or platform.platform())}


def sgemm_peak(n=2048, repeats=3):
    """This machine's float32 GEMM rate through NumPy (GFLOP/s, best of repeats): the ceiling for the table."""
    rng = numpy.random.default_rng(0)
    a, b = (rng.standard_normal((n, n)).astype(numpy.float32) for _ in range(2))
    a @ b
    best = min(_seconds(lambda: a @ b) for _ in range(repeats))
    return 2 * n ** 3 / best / 1e9


def _seconds(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def prepare(entry, seed=0):
    """(minitorch case, torch case, max error) after checking that both libraries give the same answers.
    Raises WrongAnswer, or whatever building or running the minitorch side raised."""
    import minitorch
    import torch
    ours = entry.build(minitorch, seed)
    theirs = entry.build(torch, seed)
    error = check_close(entry.name, ours.answers(), theirs.answers(), entry.tol)
    return ours, theirs, error


def run_entry(entry, rounds, min_time=0.05, modes=MODES, seed=0, clock="wall"):
    """One row per mode: {"name", "group", "mode", "status", ...timings...}."""
    base = {"name": entry.name, "group": entry.group}
    try:
        ours, theirs, error = prepare(entry, seed)
    except WrongAnswer as e:
        return [dict(base, mode=m, status="refused", message=str(e)) for m in modes]
    except Exception as e:  # the minitorch op is missing or broken: say so, time nothing
        message = "skipped: %s: %s" % (type(e).__name__, e)
        return [dict(base, mode=m, status="skipped", message=message) for m in modes]
    rows = []
    for k, mode in enumerate(modes):
        fn = "forward" if mode == "forward" else "forward_backward"
        seconds = interleaved({"torch": getattr(theirs, fn), "minitorch": getattr(ours, fn)}, rounds, min_time,
                              clock=CLOCKS[clock])
        stats = summarize(seconds, "torch")
        row = dict(base, mode=mode, status="ok", max_error=error, torch_ms=stats["torch"]["ms"],
                   minitorch_ms=stats["minitorch"]["ms"], ratio=stats["minitorch"]["ratio"],
                   round_ratios=stats["minitorch"]["round_ratios"])
        if entry.flops is not None:
            flops = entry.flops[0 if mode == "forward" else 1]
            row["minitorch_gflops"] = flops / (row["minitorch_ms"] * 1e-3) / 1e9
            row["torch_gflops"] = flops / (row["torch_ms"] * 1e-3) / 1e9
        rows.append(row)
    return rows


def compare_algorithms(entry, rounds, min_time=0.05, seed=0, clock="wall"):
    """Forward+backward of a conv entry under each conv algorithm, interleaved with torch's:
    {"name", "status", "torch_ms", "algorithms": {name: {"ms", "ratio"}}, "refused": {name: message}}."""
    import minitorch
    from ..ops import conv
    previous = conv.get_algorithm()
    contenders, errors = {}, {}
    try:
        theirs = entry.build(__import__("torch"), seed)
        expected = theirs.answers()
        contenders["torch"] = theirs.forward_backward
        for name in conv.ALGORITHMS:
            conv.set_algorithm(name)
            ours = entry.build(minitorch, seed)
            try:
                check_close("%s [%s]" % (entry.name, name), ours.answers(), expected, entry.tol)
            except WrongAnswer as e:
                errors[name] = str(e)
                continue
            contenders[name] = _with_algorithm(conv, name, ours.forward_backward)
        seconds = interleaved(contenders, rounds, min_time, clock=CLOCKS[clock])
    except Exception as e:
        return {"name": entry.name, "status": "skipped", "message": "%s: %s" % (type(e).__name__, e)}
    finally:
        conv.set_algorithm(previous)
    stats = summarize(seconds, "torch")
    return {"name": entry.name, "status": "ok", "torch_ms": stats["torch"]["ms"], "refused": errors,
            "algorithms": {k: {"ms": v["ms"], "ratio": v["ratio"]} for k, v in stats.items() if k != "torch"}}


def _with_algorithm(conv, name, fn):
    def run():
        conv.set_algorithm(name)
        return fn()
    return run
