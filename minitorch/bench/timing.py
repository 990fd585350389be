"""The one timing harness: how minitorch and torch are timed against each other, fairly.

- answers first: ``check_close`` refuses to time a kernel whose result differs from the reference;
- a warm-up before each measurement: calls for WARMUP seconds (at least one), for caches, lazy set-up and
  threads waking up. One call was not enough: on a VM, after the pause below, a library that splits work over
  two threads ran at half speed for its next ~50 ms (the idle vCPU comes back slowly); the warm-up brings both
  libraries to their steady state, as in a training loop;
- a pause between contenders: after a call OpenBLAS's worker threads spin for ~0.1 s and would slow whatever
  runs next, so each contender starts on quiet cores;
- interleaved rounds whose order alternates (A B, B A, ...), so drift in the machine's speed hits both, and the
  ratio quoted is the median of the per-round ratios;
- a choice of clock: wall time (what a user waits), or the process's CPU time, which leaves out the time a shared
  machine's neighbours take from it (it sums every thread's time, so it measures work: compare at one thread).
"""
import statistics
import time

import numpy

PAUSE = 0.2  # seconds between contenders: longer than OpenBLAS's spin-wait
WARMUP = 0.1  # seconds of warm-up calls before each measurement
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


class WrongAnswer(AssertionError):
    """Raised instead of timing a kernel that gives a different answer from the reference."""


def median_seconds(fn, repeats):
    """Median wall time of fn over repeats runs, after one warm-up run."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm_up(fn, seconds=WARMUP):
    """Call fn until `seconds` of wall time have passed (at least once)."""
    started = time.perf_counter()
    fn()
    while time.perf_counter() - started < seconds:
        fn()


def median_over(fn, min_time, min_calls=3, max_calls=200, clock=time.perf_counter):
    """Median seconds per call of fn by clock: warm-up calls (warm_up), then calls until min_time (wall) has
    passed (at least min_calls, at most max_calls)."""
    warm_up(fn)
    times = []
    started = time.perf_counter()
    while len(times) < max_calls and (len(times) < min_calls or time.perf_counter() - started < min_time):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


def interleaved(contenders, rounds, min_time=0.05, pause=PAUSE, min_calls=3, clock=time.perf_counter):
    """{label: [seconds per call in each round]} for contenders {label: fn}, timed round-robin with a pause
    before each contender, the order reversed every other round."""
    labels = list(contenders)
    seconds = {label: [] for label in labels}
    for r in range(rounds):
        for label in (labels if r % 2 == 0 else labels[::-1]):
            time.sleep(pause)
            seconds[label].append(median_over(contenders[label], min_time, min_calls, clock=clock))
    return seconds


def summarize(seconds, reference):
    """Per-contender median milliseconds and the median of per-round ratios to the reference contender."""
    out = {}
    for label, times in seconds.items():
        ratios = [t / ref for t, ref in zip(times, seconds[reference])]
        out[label] = {"ms": statistics.median(times) * 1e3, "ratio": statistics.median(ratios),
                      "round_ratios": ratios}
    return out


def max_error(ours, expected):
    """The largest difference, relative to the largest magnitude in the expected array."""
    ours, expected = numpy.asarray(ours, dtype=numpy.float64), numpy.asarray(expected, dtype=numpy.float64)
    if ours.shape != expected.shape:
        return float("inf")
    if ours.size == 0:
        return 0.0
    scale = max(float(numpy.abs(expected).max()), 1e-30)
    return float(numpy.abs(ours - expected).max()) / scale


def check_close(name, ours, expected, tol=1e-4):
    """Raise WrongAnswer unless every array in ours matches the one in expected (shape, and values within tol
    of the largest magnitude). Returns the largest relative error."""
    if len(ours) != len(expected):
        raise WrongAnswer("%s: %d results to compare with %d" % (name, len(ours), len(expected)))
    worst = 0.0
    for i, (a, b) in enumerate(zip(ours, expected)):
        a, b = numpy.asarray(a), numpy.asarray(b)
        err = max_error(a, b)
        if not err <= tol:
            raise WrongAnswer("%s: result %d differs from torch's (shape %s vs %s, max error %.3g of the largest "
                              "value, tolerance %.0e), so it is not timed" % (name, i, list(a.shape),
                                                                               list(b.shape), err, tol))
        worst = max(worst, err)
    return worst
