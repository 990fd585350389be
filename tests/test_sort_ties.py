"""Which of several equal elements sort (stable=False), argsort, mode and kthvalue pick, and the gradients that
follow them, against torch's CPU kernels (std::sort's introsort, a radix sort for long 1-d integer rows, and
kthvalue's quickselect)."""
import numpy as np
import pytest
import torch

import minitorch as mt
from lib_compare import raises_same, same

DTYPES = ["float32", "float64", "int64", "int16", "uint8", "bool"]


def _tied(lib, shape, dtype, seed, distinct=3, nan_every=0):
    """A tensor with many equal elements (NaNs every nan_every-th element of float ones)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, distinct, shape).astype(dtype)
    if nan_every and a.dtype.kind == "f":
        a.reshape(-1)[::nan_every] = np.nan
    return lib.tensor(a)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("n", [5, 16, 17, 40, 255, 256, 300, 2000])
@pytest.mark.parametrize("descending", [False, True])
def test_sort_of_a_row_with_ties(dtype, n, descending):
    for seed, distinct in [(0, 2), (1, 3), (2, 50)]:
        same(lambda lib: lib.sort(_tied(lib, (n,), dtype, seed, distinct), descending=descending))
        same(lambda lib: lib.argsort(_tied(lib, (n,), dtype, seed, distinct), descending=descending))


@pytest.mark.parametrize("descending", [False, True])
def test_sort_with_nan_and_signed_zeros(descending):
    def run(lib):
        x = _tied(lib, (90,), "float64", 4, 4, nan_every=7)
        x[::5] = -0.0
        return lib.sort(x, descending=descending)
    same(run)


@pytest.mark.parametrize("shape,dim", [((3, 50), 1), ((50, 3), 0), ((2, 20, 5), 1), ((4, 33), -1)])
def test_sort_along_a_dim_of_a_batch(shape, dim):
    same(lambda lib: lib.sort(_tied(lib, shape, "float32", 5), dim=dim))
    same(lambda lib: lib.sort(_tied(lib, shape, "int64", 6), dim=dim, descending=True))


def test_sort_of_a_non_contiguous_tensor():
    same(lambda lib: lib.sort(_tied(lib, (40, 30), "float32", 7).t(), dim=1))
    same(lambda lib: _tied(lib, (120,), "float64", 8)[::2].sort())


def test_stable_sort_keeps_the_original_order():
    same(lambda lib: lib.sort(_tied(lib, (100,), "float32", 9), stable=True))
    same(lambda lib: lib.sort(_tied(lib, (100,), "float32", 9), stable=True, descending=True))


@pytest.mark.parametrize("n", [32767, 32768])
@pytest.mark.parametrize("dtype", ["int64", "uint8", "bool", "float32"])
def test_long_1d_rows(n, dtype):
    """At 32768 elements torch radix-sorts 1-d integer rows (stable); bool, floats and descending stay introsort."""
    same(lambda lib: lib.argsort(_tied(lib, (n,), dtype, 10)))
    same(lambda lib: lib.argsort(_tied(lib, (n,), dtype, 10), descending=True))


def test_sort_gradient_follows_the_picked_ties():
    w = np.random.default_rng(11).standard_normal((3, 40))

    def run(lib):
        x = _tied(lib, (3, 40), "float64", 12).requires_grad_()
        (lib.sort(x, dim=1).values * lib.tensor(w)).sum().backward()
        return x.grad
    same(run)


@pytest.mark.parametrize("n", [1, 3, 8, 16, 17, 40, 300])
def test_mode_picks_torchs_copy(n):
    for seed, distinct in [(13, 2), (14, 4), (15, 10)]:
        same(lambda lib: lib.mode(_tied(lib, (3, n), "float32", seed, distinct), 1))
        same(lambda lib: lib.mode(_tied(lib, (n, 2), "int64", seed, distinct), 0, keepdim=True))


def test_mode_of_an_empty_dim():
    raises_same(lambda lib: lib.mode(lib.empty(2, 0), 1))
    same(lambda lib: lib.mode(lib.empty(0, 3), 1))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 8, 17, 40, 300])
def test_kthvalue_picks_torchs_copy(n):
    for seed, distinct in [(16, 2), (17, 4), (18, 10)]:
        for k in sorted({1, (n + 1) // 2, n}):
            same(lambda lib: lib.kthvalue(_tied(lib, (4, n), "float32", seed, distinct), k, 1))
            same(lambda lib: lib.kthvalue(_tied(lib, (n, 3), "int64", seed, distinct), k, 0, keepdim=True))


def test_kthvalue_with_nan():
    for k in (1, 10, 20, 30):
        same(lambda lib: lib.kthvalue(_tied(lib, (3, 30), "float64", 19, 3, nan_every=4), k))


def test_kthvalue_gradient_goes_to_the_picked_copy():
    def run(lib):
        x = _tied(lib, (5, 20), "float64", 20).requires_grad_()
        lib.kthvalue(x, 7, 1).values.sum().backward()
        return x.grad
    same(run)


def test_rows_without_ties():
    """Rows without equal elements keep NumPy's order (any correct sort gives the same answer)."""
    x = torch.randn(4, 100, dtype=torch.float64)
    assert torch.equal(torch.sort(x).indices, torch.from_numpy(mt.sort(mt.tensor(x.numpy())).indices.numpy()))
