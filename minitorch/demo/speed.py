"""The demo's speed table: the kernels LeNet spends its time in, at the shapes of one training batch, timed in
minitorch and torch (forward, and forward+backward) after checking that both give the same answer."""
import numpy

from ..bench.timing import check_close, median_seconds


def kernels(batch):
    """name -> (fn(lib, *tensors), input shapes): the same code runs in both libraries."""
    return {
        "conv2d 1->16, 8x8": (lambda lib, x, w, b: lib.nn.functional.conv2d(x, w, b, padding=1),
                              [(batch, 1, 8, 8), (16, 1, 3, 3), (16,)]),
        "conv2d 16->32, 4x4": (lambda lib, x, w, b: lib.nn.functional.conv2d(x, w, b, padding=1),
                               [(batch, 16, 4, 4), (32, 16, 3, 3), (32,)]),
        "max_pool2d 2x2, 16x8x8": (lambda lib, x: lib.nn.functional.max_pool2d(x, 2), [(batch, 16, 8, 8)]),
        "linear 128->64": (lambda lib, x, w, b: lib.nn.functional.linear(x, w, b), [(batch, 128), (64, 128), (64,)]),
        "cross_entropy 10 classes": (lambda lib, x: lib.nn.functional.cross_entropy(
            x, lib.arange(x.shape[0]) % 10), [(batch, 10)]),
    }


def _time(lib, fn, arrays, repeats):
    inputs = [lib.tensor(a, requires_grad=True) for a in arrays]

    def forward():
        with lib.no_grad():
            fn(lib, *inputs)

    def forward_backward():
        fn(lib, *inputs).sum().backward()

    out = fn(lib, *inputs).detach().numpy()
    return out, median_seconds(forward, repeats), median_seconds(forward_backward, repeats)


def benchmark(batch=32, repeats=20, seed=0):
    """{"headers", "rows", "results", "note"}: milliseconds per call, with torch's columns when it is installed."""
    import minitorch
    try:
        import torch
    except ImportError:
        torch = None
    rng = numpy.random.default_rng(seed)
    rows, results = [], []
    for name, (fn, shapes) in kernels(batch).items():
        arrays = [rng.standard_normal(s).astype(numpy.float32) for s in shapes]
        out, fwd, both = _time(minitorch, fn, arrays, repeats)
        record = {"kernel": name, "minitorch_forward_ms": fwd * 1e3, "minitorch_forward_backward_ms": both * 1e3}
        if torch is not None:
            expected, t_fwd, t_both = _time(torch, fn, arrays, repeats)
            check_close(name, [out], [expected])
            record.update(torch_forward_ms=t_fwd * 1e3, torch_forward_backward_ms=t_both * 1e3)
        results.append(record)
        rows.append([name] + ["%.3f" % record[k] for k in record if k.endswith("_ms")] +
                    (["%.1fx" % (both / t_both)] if torch is not None else []))
    headers = ["kernel", "minitorch fwd ms", "minitorch fwd+bwd ms"]
    if torch is not None:
        headers = ["kernel", "minitorch fwd ms", "minitorch fwd+bwd ms", "torch fwd ms", "torch fwd+bwd ms",
                   "fwd+bwd vs torch"]
        note = ("batch of %d, float32, median of %d runs; answers checked against torch %s first; torch uses %d "
                "threads" % (batch, repeats, torch.__version__, torch.get_num_threads()))
    else:
        note = "batch of %d, float32, median of %d runs; torch is not installed, so minitorch only" % (batch,
                                                                                                       repeats)
    return {"headers": headers, "rows": rows, "results": results, "note": note}


def format_table(bench):
    widths = [max(len(str(r[i])) for r in [bench["headers"]] + bench["rows"]) for i in range(len(bench["headers"]))]
    lines = ["  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
             for row in [bench["headers"]] + bench["rows"]]
    return "\n".join(lines + [bench["note"]])
