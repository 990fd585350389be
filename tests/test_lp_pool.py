"""Finite-difference gradient checks (first and second order, float64) for F.lp_pool1d / F.lp_pool2d."""
import pytest

import minitorch
from minitorch.autograd import gradcheck, gradgradcheck

F = minitorch.nn.functional


@pytest.mark.parametrize("norm_type", [1.5, 2, 3])
def test_lp_pool_gradcheck(norm_type):
    gen = minitorch.Generator().manual_seed(0)
    x = (minitorch.rand(2, 2, 6, 7, dtype=minitorch.float64, generator=gen) + 0.2).requires_grad_(True)
    assert gradcheck(lambda t: F.lp_pool2d(t, norm_type, (3, 2), 2, True), (x,))
    assert gradgradcheck(lambda t: F.lp_pool2d(t, norm_type, (3, 2), 2, True), (x,))
    assert gradcheck(lambda t: F.lp_pool1d(t.flatten(2), norm_type, 3, 2), (x,))
