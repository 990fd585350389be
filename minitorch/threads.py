"""How many threads minitorch uses: set_num_threads / get_num_threads, as in torch.

One number governs both pools a kernel can run on: the BLAS library behind NumPy (OpenBLAS or MKL, limited
through threadpoolctl) and minitorch's own worker threads, which kernels use through ``parallel_chunks`` to split
copies, scatters and elementwise passes (NumPy releases the GIL inside them, so the chunks really run at once).
"""
import contextlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor

_state = {"threads": None, "pool": None, "blas": None, "blas_libraries": None}


def _default():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def get_num_threads():
    """The number of threads minitorch's kernels and NumPy's BLAS use (default: the cores this process may use)."""
    if _state["threads"] is None:
        _state["threads"] = _default()
    return _state["threads"]


def set_num_threads(n):
    """Use n threads in minitorch's kernels and in NumPy's BLAS from now on."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise RuntimeError("set_num_threads expects an int, but got %s" % type(n).__name__)
    if n < 1:
        raise RuntimeError("set_num_threads expects a positive integer, but got %d" % n)
    from threadpoolctl import threadpool_limits
    if _state["blas"] is None:
        _state["blas"] = threadpool_limits(limits=n, user_api="blas")  # remembers the original limits
    else:
        threadpool_limits(limits=n, user_api="blas")
    if _state["pool"] is not None:
        _state["pool"].shutdown(wait=True)
        _state["pool"] = None
    _state["threads"] = n


def blas_info():
    """threadpoolctl's description of the BLAS libraries NumPy uses (name, version, threads, architecture)."""
    from threadpoolctl import threadpool_info
    return [lib for lib in threadpool_info() if lib.get("user_api") == "blas"]


def _pool():
    if _state["pool"] is None:
        _state["pool"] = ThreadPoolExecutor(max_workers=get_num_threads(), thread_name_prefix="minitorch")
    return _state["pool"]


def _blas_libraries():
    """threadpoolctl's handles of the BLAS libraries loaded now (found once: a scan of the process costs ~1 ms)."""
    if _state["blas_libraries"] is None:
        from threadpoolctl import ThreadpoolController
        _state["blas_libraries"] = ThreadpoolController().select(user_api="blas").lib_controllers
    return _state["blas_libraries"]


@contextlib.contextmanager
def blas_single_threaded(active=True):
    """Inside the block, BLAS calls run on the calling thread only (when active): for kernels that split their
    GEMMs over minitorch's threads themselves. One library call each way (~1 us), not a threadpoolctl scan."""
    if not active:
        yield
        return
    libraries = _blas_libraries()
    before = [lib.get_num_threads() for lib in libraries]
    for lib in libraries:
        lib.set_num_threads(1)
    try:
        yield
    finally:
        for lib, n in zip(libraries, before):
            lib.set_num_threads(n)


def chunk_count(n, min_chunk=1):
    """How many chunks parallel_chunks splits range(n) into (1: it runs on the calling thread)."""
    if threading.current_thread().name.startswith("minitorch"):
        return 1
    return max(1, min(get_num_threads(), n // max(min_chunk, 1)))


def gemm_chunks(n, item_flops, min_flops):
    """For n GEMM-bound items of item_flops multiply-adds each: the min_chunk that gives every thread at least
    min_flops, or None when that leaves a single chunk (the calling thread does all, BLAS keeps its threads)."""
    min_chunk = -(-min_flops // max(item_flops, 1))
    return min_chunk if chunk_count(n, min_chunk) > 1 else None


def parallel_gemms(fn, n, min_chunk):
    """parallel_chunks(fn, n, min_chunk) with BLAS single-threaded meanwhile: each thread's GEMMs on its own core;
    min_chunk None (see gemm_chunks) is fn(0, n) on the calling thread with BLAS as it is."""
    if min_chunk is None:
        fn(0, n)
        return
    with blas_single_threaded():
        parallel_chunks(fn, n, min_chunk)


def parallel_chunks(fn, n, min_chunk=1):
    """Call fn(start, stop) over contiguous chunks that cover range(n), one per thread, and wait for all.

    fn must write disjoint parts of its output for disjoint ranges. With one thread, or when n is too small to
    give each thread ``min_chunk`` items, it is simply fn(0, n) on the calling thread; so is a call made from
    inside a worker (nested splitting would wait on itself).
    """
    parts = chunk_count(n, min_chunk)
    if parts <= 1:
        fn(0, n)
        return
    bounds = [n * k // parts for k in range(parts + 1)]
    futures = [_pool().submit(fn, bounds[k], bounds[k + 1]) for k in range(1, parts)]
    fn(bounds[0], bounds[1])  # the calling thread does the first chunk itself
    for f in futures:
        f.result()  # re-raises a worker's exception here
