"""pytest-benchmark set-up (``make bench``): both libraries pinned to the same threads, each entry's answers
checked against torch once before any of its timings, and a pause before each timing (OpenBLAS spin threads)."""
import time

import pytest

from minitorch.bench import runner
from minitorch.bench.timing import PAUSE, WrongAnswer

_prepared = {}


def pytest_configure(config):
    import torch
    runner.set_threads(torch.get_num_threads())


@pytest.fixture
def case_of():
    """case_of(entry, lib_name): that library's Case, after the entry's answers matched torch's."""
    def get(entry, lib_name):
        if entry.name not in _prepared:
            try:
                ours, theirs, _ = runner.prepare(entry)
                _prepared[entry.name] = {"minitorch": ours, "torch": theirs}
            except WrongAnswer as e:
                _prepared[entry.name] = e
            except Exception as e:  # a minitorch op that is missing or broken
                _prepared[entry.name] = "%s: %s" % (type(e).__name__, e)
        prepared = _prepared[entry.name]
        if isinstance(prepared, WrongAnswer):
            pytest.fail("refused to time: %s" % prepared)
        if isinstance(prepared, str):
            pytest.skip("minitorch cannot run %s yet (%s)" % (entry.name, prepared))
        time.sleep(PAUSE)
        return prepared[lib_name]
    return get
