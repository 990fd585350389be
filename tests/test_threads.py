"""set_num_threads / get_num_threads (torch's API, governing NumPy's BLAS and minitorch's workers) and the
parallel_chunks helper kernels split their copies with."""
import threading

import numpy
import pytest
import threadpoolctl

import minitorch
from minitorch.threads import blas_info, parallel_chunks

torch = pytest.importorskip("torch")


@pytest.fixture
def restore_threads():
    before = minitorch.get_num_threads()
    yield
    minitorch.set_num_threads(before)


def blas_threads():
    return {lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"}


def test_default_is_positive_like_torch():
    assert isinstance(minitorch.get_num_threads(), int) and minitorch.get_num_threads() >= 1


def test_set_num_threads_governs_blas_and_workers(restore_threads):
    minitorch.set_num_threads(1)
    assert minitorch.get_num_threads() == 1
    assert blas_threads() == {1}
    minitorch.set_num_threads(2)
    assert minitorch.get_num_threads() == 2 and blas_threads() == {2}
    assert blas_info() and all(lib["num_threads"] == 2 for lib in blas_info())
    seen = set()
    parallel_chunks(lambda a, b: seen.add(threading.current_thread().name), 100)
    assert len(seen) == 2  # the caller and one worker


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_counts_raise_what_torch_raises(bad, restore_threads):
    with pytest.raises(RuntimeError) as theirs:
        torch.set_num_threads(bad)
    with pytest.raises(type(theirs.value), match="set_num_threads expects"):
        minitorch.set_num_threads(bad)


@pytest.mark.parametrize("threads, n, min_chunk", [(1, 10, 1), (2, 10, 1), (3, 10, 1), (2, 7, 4), (4, 3, 1),
                                                   (2, 0, 1)])
def test_parallel_chunks_cover_the_range_once(threads, n, min_chunk, restore_threads):
    minitorch.set_num_threads(threads)
    hits = numpy.zeros(n, dtype=int)
    calls = []

    def fn(start, stop):
        calls.append((start, stop))
        hits[start:stop] += 1
    parallel_chunks(fn, n, min_chunk)
    assert (hits == 1).all()
    assert len(calls) == max(1, min(threads, n // min_chunk))
    assert all(stop - start >= min(min_chunk, n) for start, stop in calls)


def test_parallel_chunks_reraise_a_workers_error(restore_threads):
    minitorch.set_num_threads(2)

    def fn(start, stop):
        if start > 0:
            raise ValueError("chunk %d:%d failed" % (start, stop))
    with pytest.raises(ValueError, match="chunk 5:10"):
        parallel_chunks(fn, 10)


def test_nested_call_inside_a_worker_runs_inline(restore_threads):
    minitorch.set_num_threads(2)
    out = numpy.zeros((4, 6))

    def row(start, stop):
        def col(a, b):
            out[start:stop, a:b] = 1
        parallel_chunks(col, 6)
    parallel_chunks(row, 4)
    assert (out == 1).all()
