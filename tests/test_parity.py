"""Every case of the parity registry (minitorch/parity) against torch 2.13: outputs, dtypes and gradients."""
import pytest

from minitorch.parity import run_case, select

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("case", select(), ids=lambda c: c.name)
def test_matches_torch(case):
    ok, err, msg = run_case(case, torch=torch)
    assert ok, msg
