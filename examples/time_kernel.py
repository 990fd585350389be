"""Time a kernel against torch -- fairly: same inputs, answers checked first, a warm-up, the median of several runs.

For each kernel the inputs are made once in NumPy and copied into both libraries, the results are compared (a fast
wrong answer is worth nothing), each call is run once to warm up (caches, lazy set-up), and the time reported is
the median of several runs, so one unlucky interruption does not decide it. Forward and forward+backward are timed
separately: backward often costs more than forward.

    python examples/time_kernel.py [--fast]

Needs PyTorch installed (pip install 'minitorch[test]'). ``python -m minitorch bench`` is the full version:
the benchmark set, interleaved rounds, ratios, GFLOP/s, memory, JSON and a chart.
"""
import sys

import numpy

import minitorch
import torch
from minitorch.bench.timing import check_close, median_seconds  # the harness `python -m minitorch bench` uses


def kernels(n):
    """name -> (function(lib, *tensors), list of input arrays): the same code runs in both libraries."""
    rng = numpy.random.default_rng(0)
    return {
        "matmul %dx%d" % (n, n): (lambda lib, a, b: a @ b,
                                  [rng.standard_normal((n, n)), rng.standard_normal((n, n))]),
        "log_softmax %dx%d" % (n, n): (lambda lib, a: a.log_softmax(dim=1), [rng.standard_normal((n, n))]),
        "conv2d 3x3, 16->32 ch, 32 images 16x16": (lambda lib, x, w: lib.nn.functional.conv2d(x, w, padding=1),
                                                   [rng.standard_normal((32, 16, 16, 16)),
                                                    rng.standard_normal((32, 16, 3, 3))]),
    }


def time_both(fn, arrays, repeats):
    """{library: (forward seconds, forward+backward seconds)}, after checking both give the same answer."""
    results, outputs = {}, {}
    for lib in (minitorch, torch):
        inputs = [lib.tensor(a, dtype=lib.float32, requires_grad=True) for a in arrays]
        outputs[lib.__name__] = fn(lib, *inputs).detach().numpy()

        def forward():
            with lib.no_grad():
                fn(lib, *inputs)

        def forward_backward():
            fn(lib, *inputs).sum().backward()

        results[lib.__name__] = (median_seconds(forward, repeats), median_seconds(forward_backward, repeats))
    check_close("kernel", [outputs["minitorch"]], [outputs["torch"]])
    return results


def main(fast=False):
    print("torch uses %d threads; minitorch uses NumPy's BLAS" % torch.get_num_threads())
    print("%-40s %12s %12s %12s %12s" % ("kernel", "mt fwd ms", "torch fwd ms", "mt f+b ms", "torch f+b ms"))
    rows = {}
    for name, (fn, arrays) in kernels(64 if fast else 256).items():
        r = time_both(fn, arrays, repeats=3 if fast else 20)
        rows[name] = r
        print("%-40s %12.3f %12.3f %12.3f %12.3f" % (name, r["minitorch"][0] * 1e3, r["torch"][0] * 1e3,
                                                    r["minitorch"][1] * 1e3, r["torch"][1] * 1e3))
    return rows


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
