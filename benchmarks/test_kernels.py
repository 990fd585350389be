"""Every entry of the benchmark set, forward and forward+backward, in torch and in minitorch.

Run with ``make bench`` (``pytest benchmarks --benchmark-only``); the groups put both libraries side by side.
``python -m minitorch bench`` gives the same set as ratios from interleaved rounds."""
import pytest

from minitorch.bench import suite

PARAMS = [pytest.param(entry, mode, lib, id="%s-%s-%s" % (entry.name, mode, lib))
          for entry in suite.entries() for mode in ("forward", "forward_backward") for lib in ("torch", "minitorch")]


@pytest.mark.parametrize("entry, mode, lib", PARAMS)
def test_kernel(benchmark, case_of, entry, mode, lib):
    case = case_of(entry, lib)
    benchmark.group = "%s [%s]" % (entry.name, mode)
    benchmark.extra_info.update(library=lib, group=entry.group)
    benchmark(getattr(case, mode))
