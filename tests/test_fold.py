"""Finite-difference gradient checks (first and second order, float64) for F.unfold / F.fold."""
import pytest

import minitorch
from minitorch.autograd import gradcheck, gradgradcheck

F = minitorch.nn.functional

GEOMETRIES = [(2, 1, 0, 1), ((3, 2), (2, 1), (1, 2), (2, 3)), ((2, 3), 1, 1, 2)]


@pytest.mark.parametrize("k,d,p,s", GEOMETRIES)
def test_unfold_fold_gradcheck(k, d, p, s):
    gen = minitorch.Generator().manual_seed(0)
    x = minitorch.randn(2, 2, 6, 7, dtype=minitorch.float64, generator=gen, requires_grad=True)
    cols = F.unfold(x, k, d, p, s).detach().normal_(generator=gen).requires_grad_(True)
    assert gradcheck(lambda t: F.unfold(t, k, d, p, s), (x,))
    assert gradgradcheck(lambda t: F.unfold(t, k, d, p, s), (x,))
    assert gradcheck(lambda t: F.fold(t, (6, 7), k, d, p, s), (cols,))
    assert gradgradcheck(lambda t: F.fold(t, (6, 7), k, d, p, s), (cols,))
