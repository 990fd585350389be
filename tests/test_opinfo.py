"""minitorch against torch's own OpInfo sample inputs: one test per OpInfo with a minitorch counterpart.

A test fails on a mismatch (op, kind) not listed in tests/opinfo_known.txt, and on a listed one that no longer
occurs (the op was fixed: remove its line), unless its reason says it varies by machine. The sweep itself is tests/opinfo_sweep.py; run it as a script for
the full report (/tmp/opinfo/report.md) and a draft of the known list.
"""
import os

import pytest

pytest.importorskip("torch")
pytest.importorskip("expecttest")
pytest.importorskip("torch.testing._internal.common_methods_invocations")

import opinfo_sweep as sweep  # noqa: E402 - only once torch's test database is known to import

sweep.thaw_backend_flags()

SAMPLES_PER_DTYPE = sweep.SAMPLES_PER_DTYPE  # the known list is for this cap
KNOWN_PATH = os.path.join(os.path.dirname(__file__), "opinfo_known.txt")
KNOWN = sweep.read_known(KNOWN_PATH)
OPS = {sweep.op_key(op): (op, fn) for op, fn in sweep.sweepable_ops()[0]}
DETAILS = "details: .venv/bin/python tests/opinfo_sweep.py --ops '%s' (writes /tmp/opinfo/report.md)"


@pytest.fixture(scope="module", autouse=True)
def _torch_on_one_thread():
    """The samples are small: torch's two OpenMP threads only contend for the cores (this file runs 3x faster)."""
    import torch
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(autouse=True)
def _default_dtypes():
    """The known list is for float32 defaults in both libraries, whatever an earlier test left behind."""
    import torch
    import minitorch
    saved = torch.get_default_dtype(), minitorch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    minitorch.set_default_dtype(minitorch.float32)
    yield
    torch.set_default_dtype(saved[0])
    minitorch.set_default_dtype(saved[1])


@pytest.mark.parametrize("key", sorted(OPS))
def test_opinfo_samples(key):
    op, fn = OPS[key]
    found = sweep.mismatch_kinds(sweep.sweep_op(op, fn, SAMPLES_PER_DTYPE))
    unexpected = ["%s (%s sample %d): %s" % (kind, o.dtype, o.index, o.message)
                  for kind, o in sorted(found.items()) if (key, kind) not in KNOWN]
    fixed = [kind for (op_name, kind), reason in KNOWN.items()
             if op_name == key and kind not in found and not reason.startswith(sweep.VARIES)]
    problems = []
    if unexpected:
        problems.append("minitorch differs from torch:\n  " + "\n  ".join(unexpected))
    if fixed:
        problems.append("listed in tests/opinfo_known.txt but no longer mismatching (remove the line): %s %s"
                        % (key, ", ".join(sorted(fixed))))
    assert not problems, "\n".join(problems + [DETAILS % key])


def test_known_list_names_swept_ops():
    """Every line of the known list is about an op this sweep runs, with a kind the sweep reports."""
    stale = ["%s %s" % entry for entry in KNOWN if entry[0] not in OPS or entry[1] not in sweep.KINDS]
    assert not stale, "tests/opinfo_known.txt lines for no swept op or an unknown kind: %s" % stale
