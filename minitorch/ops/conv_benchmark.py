"""Time the convolution algorithms (and, with --torch, torch) on a set of shapes.

    python -m minitorch.ops.conv_benchmark            # print timings
    python -m minitorch.ops.conv_benchmark --write    # also record them in conv_algorithms.json ('auto' reads it)
    python -m minitorch.ops.conv_benchmark --torch    # compare forward+backward with torch (answers checked first)

Each kernel (forward, weight gradient, input gradient, and forward + weight gradient sharing the columns; for an
algorithm whose forward keeps no columns, its forward + the fastest weight gradient) is timed separately per
algorithm: best of `repeat` runs, runs of the competitors interleaved so that a busy machine slows them alike.
"""
import argparse
import json
import time

import numpy

from . import conv

# (input shape, weight shape, stride, padding): the shapes of the usual small CNNs, and a few around them
SHAPES = [
    ((64, 1, 28, 28), (6, 1, 5, 5), 1, 0),
    ((64, 6, 12, 12), (16, 6, 5, 5), 1, 0),
    ((32, 3, 32, 32), (64, 3, 3, 3), 1, 1),
    ((32, 64, 32, 32), (64, 64, 3, 3), 1, 1),
    ((32, 128, 16, 16), (128, 128, 3, 3), 1, 1),
    ((16, 64, 56, 56), (128, 64, 3, 3), 2, 1),
    ((8, 16, 16, 16), (16, 16, 3, 3), 1, 1),
    ((16, 256, 8, 8), (256, 256, 3, 3), 1, 1),
    ((8, 32, 64, 64), (32, 32, 5, 5), 1, 2),
]


def algorithms(stride):
    """The algorithms worth timing at this stride ('wide' exists for stride 1 only)."""
    return [a for a in conv.ALGORITHMS[1:] if stride == 1 or a != "wide"]


def _geometry(x_shape, w_shape, stride, padding):
    osize = tuple((n + 2 * padding - k) // stride + 1 for n, k in zip(x_shape[2:], w_shape[2:]))
    return ((stride, stride), (padding, padding), (1, 1), 1), osize


def _best(fns, repeat):
    """Best time of each function, calls interleaved."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def time_kernels(x_shape, w_shape, stride, padding, repeat=5, dtype="float32"):
    """{kernel: {algorithm: seconds}} for one shape."""
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal(w_shape).astype(dtype)
    geo, osize = _geometry(x_shape, w_shape, stride, padding)
    y, _ = conv.conv_forward(x, w, geo, osize)
    result = {}

    def forward_then_weight():
        """What 'auto' runs when this algorithm is chosen for the forward pass of a training step: its weight
        gradient reuses the kept columns, or, if it kept none, is the fastest weight gradient (timed before)."""
        kept = conv.conv_forward(x, w, geo, osize, True)[1]
        if kept is None:
            conv.set_algorithm(min(result["weight"], key=result["weight"].get))
        conv.conv_weight(x, y, geo, w_shape[2:], kept)
    kernels = {"forward": lambda: conv.conv_forward(x, w, geo, osize),
               "weight": lambda: conv.conv_weight(x, y, geo, w_shape[2:]),
               "transpose": lambda: conv.conv_transpose(y, w, geo, x_shape[2:]),
               "forward+weight": forward_then_weight}
    previous = conv.get_algorithm()
    try:
        for name, fn in kernels.items():
            runs = []
            for algorithm in algorithms(stride):
                runs.append(lambda a=algorithm: (conv.set_algorithm(a), fn()))
            result[name] = dict(zip(algorithms(stride), _best(runs, repeat)))
    finally:
        conv.set_algorithm(previous)
    return result


def record(repeat):
    shapes = []
    for x_shape, w_shape, stride, padding in SHAPES:
        timings = time_kernels(x_shape, w_shape, stride, padding, repeat)
        n, c, o, k = x_shape[0], x_shape[1], w_shape[0], w_shape[2] * w_shape[3]
        _, osize = _geometry(x_shape, w_shape, stride, padding)
        best = {kernel: min(t, key=t.get) for kernel, t in timings.items()}
        shapes.append({"input": list(x_shape), "weight": list(w_shape), "stride": stride, "padding": padding,
                       "features": list(conv.shape_features(n, c, o, k, osize[0] * osize[1], (stride, stride))), "best": best,
                       "ms": {kernel: {a: round(s * 1e3, 3) for a, s in t.items()} for kernel, t in timings.items()}})
        print(x_shape, w_shape, "stride", stride, "padding", padding, best,
              {kernel: {a: "%.1f" % (s * 1e3) for a, s in t.items()} for kernel, t in timings.items()}, flush=True)
    return {"about": "milliseconds per kernel and algorithm, float32, best of %d; written by python -m "
                     "minitorch.ops.conv_benchmark --write" % repeat, "shapes": shapes}


def compare_with_torch(repeat, threads=None):
    """forward+backward of conv2d (bias included) and max_pool2d in minitorch and torch, on the same inputs and
    the same number of threads; prints the ratios (minitorch time / torch time) and their geometric mean."""
    import torch
    import minitorch
    if threads:
        from threadpoolctl import threadpool_limits
        threadpool_limits(threads, user_api="blas")
    torch.set_num_threads(threads or _blas_threads())
    print("threads: torch %d, BLAS %d" % (torch.get_num_threads(), _blas_threads()))
    ratios = []
    rng = numpy.random.default_rng(0)
    for x_shape, w_shape, stride, padding in SHAPES[:6]:
        x = rng.standard_normal(x_shape).astype("float32")
        w = rng.standard_normal(w_shape).astype("float32")
        b = rng.standard_normal(w_shape[0]).astype("float32")
        _, osize = _geometry(x_shape, w_shape, stride, padding)
        g = rng.standard_normal((x_shape[0], w_shape[0]) + osize).astype("float32")

        def step(lib):
            xs, ws, bs = (lib.tensor(a, requires_grad=True) for a in (x, w, b))
            y = lib.nn.functional.conv2d(xs, ws, bs, stride=stride, padding=padding)
            y.backward(lib.tensor(g))
            return [t.detach().numpy() for t in (y, xs.grad, ws.grad, bs.grad)]
        for mine, theirs in zip(step(minitorch), step(torch)):
            scale = numpy.abs(theirs).max()
            assert numpy.abs(mine - theirs).max() <= 1e-4 * scale, "answers differ on %s" % (x_shape,)
        t_mine, t_torch = _best([lambda: step(minitorch), lambda: step(torch)], repeat)
        ratios.append(t_mine / t_torch)
        print("conv2d fwd+bwd %s %s stride %d padding %d: minitorch %.1f ms, torch %.1f ms, ratio %.2f"
              % (x_shape, w_shape, stride, padding, t_mine * 1e3, t_torch * 1e3, ratios[-1]), flush=True)
    print("conv2d geometric mean ratio %.2f" % numpy.exp(numpy.mean(numpy.log(ratios))))
    x = rng.standard_normal((32, 64, 32, 32)).astype("float32")
    for kernel, stride in ((2, 2), (3, 2)):
        size = (32 - kernel) // stride + 1
        g = rng.standard_normal((32, 64, size, size)).astype("float32")

        def pool(lib):
            xs = lib.tensor(x, requires_grad=True)
            y = lib.nn.functional.max_pool2d(xs, kernel, stride)
            y.backward(lib.tensor(g))
            return [t.detach().numpy() for t in (y, xs.grad)]
        for mine, theirs in zip(pool(minitorch), pool(torch)):
            assert numpy.allclose(mine, theirs, rtol=1e-6, atol=1e-6), "max_pool2d answers differ"
        t_mine, t_torch = _best([lambda: pool(minitorch), lambda: pool(torch)], repeat)
        print("max_pool2d fwd+bwd %dx%d/%d (32, 64, 32, 32): minitorch %.1f ms, torch %.1f ms, ratio %.2f"
              % (kernel, kernel, stride, t_mine * 1e3, t_torch * 1e3, t_mine / t_torch), flush=True)


def _blas_threads():
    try:
        from threadpoolctl import threadpool_info
        return max(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
    except Exception:  # threadpoolctl is optional
        import os
        return os.cpu_count() or 1


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="record the timings in conv_algorithms.json")
    parser.add_argument("--torch", action="store_true", help="compare forward+backward with torch")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--threads", type=int, help="with --torch: threads for both BLAS and torch")
    args = parser.parse_args(argv)
    if args.torch:
        compare_with_torch(args.repeat, args.threads)
        return
    result = record(args.repeat)
    if args.write:
        with open(conv._TIMINGS_FILE, "w") as f:
            json.dump(result, f, indent=1)
        conv._state["measured"] = None


if __name__ == "__main__":
    main()
