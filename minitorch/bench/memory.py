"""Peak memory of one forward+backward, measured the same way for both libraries.

Each measurement runs in a fresh process (``python -m minitorch.bench.memory LIB ENTRY THREADS``), so neither
library's caches or freed-but-kept pages from earlier work count. The number is the growth of the process's
resident memory: the peak RSS after the call (VmHWM, reset just before the call; getrusage where that is not
available) minus the RSS just before it (/proc/self/statm), with the inputs and output gradient already made. For minitorch, tracemalloc also reports the peak of NumPy's
allocations during the call (it sees every NumPy buffer; it cannot see torch's allocator, hence the RSS method).
"""
import json
import os
import resource
import subprocess
import sys
import tracemalloc

METHOD = ("peak RSS growth during one forward+backward in a fresh process per library (peak RSS, reset just "
          "before the call, minus the RSS just before, inputs already made); minitorch also by tracemalloc "
          "(NumPy allocations); the ratio uses the larger of minitorch's two")


def _rss_bytes():
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # no /proc: the peak so far is the best baseline available
        return _peak_rss_bytes()


def _reset_peak():
    """Forget the peak so far (the imports' peak would hide the call's): Linux resets VmHWM on "5"."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_rss_bytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def measure(lib_name, entry_name, threads):
    """{"rss_mb": ..., "tracemalloc_mb": ... (minitorch only)} for one forward+backward of the named entry."""
    import importlib
    from . import suite
    from .runner import set_threads
    set_threads(threads)
    lib = importlib.import_module(lib_name)
    entry = next(e for e in suite.entries() if e.name == entry_name)
    case = entry.build(lib, 0)
    _reset_peak()
    before = _rss_bytes()
    case.forward_backward()
    out = {"rss_mb": (_peak_rss_bytes() - before) / 2 ** 20}
    if lib_name == "minitorch":
        tracemalloc.start()
        case.forward_backward()
        out["tracemalloc_mb"] = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
    return out


def peak_memory(entry_name, threads):
    """{"torch": {...}, "minitorch": {...}} measured in two fresh processes; "error" if one failed."""
    result = {}
    for lib_name in ("torch", "minitorch"):
        proc = subprocess.run([sys.executable, "-m", "minitorch.bench.memory", lib_name, entry_name, str(threads)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return {"error": "%s: %s" % (lib_name, proc.stderr.strip().splitlines()[-1:] or proc.returncode)}
        result[lib_name] = json.loads(proc.stdout.strip().splitlines()[-1])
    # RSS misses pages malloc kept from earlier frees (NumPy's buffers often reuse them), tracemalloc does not
    ours = max(result["minitorch"]["rss_mb"], result["minitorch"]["tracemalloc_mb"])
    result["ratio"] = ours / max(result["torch"]["rss_mb"], 1e-9)
    return result


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1], sys.argv[2], int(sys.argv[3]))))
