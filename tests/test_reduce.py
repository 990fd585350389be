"""Reductions and softmax beyond the parity registry (minitorch/parity/cases_reduce.py): every dim/keepdim
combination against torch, finite-difference gradchecks, named tuples, ties, and error types and messages."""
import itertools

import numpy as np
import pytest

import minitorch as mt
from minitorch.autograd import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")

SHAPE = (2, 3, 4)
DIM_CHOICES = [None, 0, 1, 2, -1, -3, (0, 1), (0, 2), (1, -1), (0, 1, 2), ()]
OPS = {
    "sum": lambda lib, x, d, k: x.sum() if d is None and not k else lib.sum(x, d if d is not None else (0, 1, 2), k),
    "mean": lambda lib, x, d, k: lib.mean(x, d if d is not None else (0, 1, 2), keepdim=k),
    "nansum": lambda lib, x, d, k: lib.nansum(x, d, keepdim=k),
    "amax": lambda lib, x, d, k: lib.amax(x, d if d is not None else (), keepdim=k),
    "amin": lambda lib, x, d, k: lib.amin(x, d if d is not None else (), keepdim=k),
    # dim=() is "every dim" for var/std too, but torch 2.13's backward treats it as "no dim" (inf gradients)
    "var": lambda lib, x, d, k: lib.var(x, d if d != () else None, keepdim=k),
    "std": lambda lib, x, d, k: lib.std(x, d if d != () else None, correction=0, keepdim=k),
    # dim=() without keepdim is excluded: torch 2.13 fails there ("output with shape [] doesn't match ...")
    "logsumexp": lambda lib, x, d, k: lib.logsumexp(x, d if d not in (None, ()) else (0, 1, 2), keepdim=k),
    "norm": lambda lib, x, d, k: lib.norm(x, dim=d, keepdim=k),
    "norm1": lambda lib, x, d, k: lib.norm(x, p=1, dim=d, keepdim=k),
    "all": lambda lib, x, d, k: lib.all(x > 0, d, keepdim=k) if d is not None else lib.all(x > 0),
    "any": lambda lib, x, d, k: lib.any(x > 0, d, keepdim=k) if d is not None else lib.any(x > 0),
}


def _run(lib, op, dim, keepdim):
    x = lib.tensor(np.random.default_rng(0).standard_normal(SHAPE), dtype=lib.float64, requires_grad=True)
    out = OPS[op](lib, x, dim, keepdim)
    if out.requires_grad:
        out.backward(lib.ones_like(out) * 0.5 + lib.arange(out.numel(), dtype=lib.float64).reshape(out.shape))
    return out, x.grad


@pytest.mark.parametrize("op", sorted(OPS))
def test_every_dim_and_keepdim_matches_torch(op):
    for dim, keepdim in itertools.product(DIM_CHOICES, (False, True)):
        if op in ("all", "any") and isinstance(dim, tuple) and torch.__version__ < "2.2":
            continue
        try:
            expected, expected_grad = _run(torch, op, dim, keepdim)
        except (RuntimeError, IndexError, TypeError) as e:
            with pytest.raises(type(e)):
                _run(mt, op, dim, keepdim)
            continue
        got, grad = _run(mt, op, dim, keepdim)
        assert tuple(got.shape) == tuple(expected.shape), (dim, keepdim)
        assert str(got.dtype) == str(expected.dtype), (dim, keepdim)
        np.testing.assert_allclose(got.detach().numpy(), expected.detach().numpy(), rtol=1e-10, atol=1e-12)
        if expected_grad is not None:
            np.testing.assert_allclose(grad.numpy(), expected_grad.numpy(), rtol=1e-10, atol=1e-12)


def _x(shape=(3, 4), seed=0, low=None):
    rng = np.random.default_rng(seed)
    data = rng.standard_normal(shape) if low is None else rng.uniform(low, low + 1, shape)
    return mt.tensor(data, dtype=mt.float64, requires_grad=True)


GRADCHECKS = {
    "sum": lambda x: x.sum(1), "mean": lambda x: x.mean((0, 1)), "prod": lambda x: x.prod(1),
    "prod_full": lambda x: x.prod(), "var": lambda x: x.var(0), "std": lambda x: x.std(1, keepdim=True),
    "logsumexp": lambda x: x.logsumexp(1), "norm": lambda x: x.norm(dim=0), "norm3": lambda x: x.norm(3, dim=1),
    "cumsum": lambda x: x.cumsum(1), "cumprod": lambda x: x.cumprod(0), "amax": lambda x: x.amax(1),
    "max_dim": lambda x: x.max(1).values, "softmax": lambda x: x.softmax(1),
    "log_softmax": lambda x: x.log_softmax(0), "var_mean": lambda x: mt.var_mean(x, 1)[0] * mt.var_mean(x, 1)[1],
}


@pytest.mark.parametrize("name", sorted(GRADCHECKS))
def test_gradcheck(name):
    x = _x()
    assert gradcheck(GRADCHECKS[name], (x,))
    if name not in ("amax", "max_dim"):
        assert gradgradcheck(GRADCHECKS[name], (x,))


def test_prod_and_cumprod_gradcheck_through_zeros():
    x = mt.tensor([[0.0, 1.5, 2.0], [0.0, 0.0, 3.0], [1.0, -2.0, 0.5]], dtype=mt.float64, requires_grad=True)
    assert gradcheck(lambda t: t.prod(1), (x,))
    assert gradcheck(lambda t: t.cumprod(1), (x,))
    assert gradgradcheck(lambda t: t.prod(1), (x,))


def test_named_tuples_like_torch():
    for lib in (torch, mt):
        x = lib.tensor([[1.0, 3.0, 3.0], [4.0, 0.0, 4.0]])
        result = x.max(1)
        assert type(result).__name__ == "max" and type(result).__module__ == "torch.return_types"
        values, indices = result
        assert values.tolist() == [3.0, 4.0] and indices.tolist() == [1, 0] and result.indices is indices
        assert result[0] is result.values and len(result) == 2
        assert type(x.min(dim=0)).__name__ == "min"
        assert tuple(lib.aminmax(x)) == tuple(lib.aminmax(x)) and lib.aminmax(x).max.item() == 4.0


def test_tie_rules():
    """Full max/amax split the gradient among ties; max(dim) sends it to the first maximum, as torch."""
    grads = []
    for lib in (torch, mt):
        x = lib.tensor([[2.0, 2.0, 1.0], [5.0, 5.0, 5.0]], requires_grad=True)
        (x.max() + x.amax(1).sum() * 2 + x.max(1).values.sum() * 4 + x.min(1)[0].sum() * 8).backward()
        grads.append((x.grad.tolist(), x.argmax(1).tolist(), x.argmin().item()))
    assert grads[1] == grads[0]


SAME_MESSAGE = {
    "dim_out_of_range": lambda lib: lib.ones(2, 3).sum(2),
    "dim_repeated": lambda lib: lib.ones(2, 3).sum((0, 0)),
    "mean_int": lambda lib: lib.tensor([1, 2]).mean(),
    "max_empty": lambda lib: lib.ones(0).max(),
    "max_empty_dim": lambda lib: lib.ones(0, 2).max(0),
    "amax_empty_dim": lambda lib: lib.ones(0, 2).amax(0),
    "argmax_empty": lambda lib: lib.ones(0).argmax(),
    "argmax_bool": lambda lib: lib.tensor([True]).argmax(),
    "var_int": lambda lib: lib.tensor([1, 2]).var(),
    "softmax_dim": lambda lib: lib.ones(2).softmax(1),
    "cumsum_dim": lambda lib: lib.ones(2).cumsum(1),
    "0dim_dim": lambda lib: lib.tensor(1.0).sum(1),
}


@pytest.mark.parametrize("name", sorted(SAME_MESSAGE))
def test_error_type_and_message_match_torch(name):
    errors = []
    for lib in (torch, mt):
        with pytest.raises(Exception) as info:
            SAME_MESSAGE[name](lib)
        errors.append((type(info.value), str(info.value).split("\n")[0]))
    assert errors[1][0] is errors[0][0]
    assert errors[1][1][:45] == errors[0][1][:45]


def test_sum_large_float32_accuracy_like_torch():
    x = np.random.default_rng(0).standard_normal(1_000_000).astype(np.float32) + 1000
    np.testing.assert_allclose(mt.tensor(x).sum().item(), torch.tensor(x).sum().item(), rtol=1e-6)
    np.testing.assert_allclose(mt.tensor(x).mean().item(), torch.tensor(x).mean().item(), rtol=1e-6)


def test_softmax_rows_sum_to_one_and_gradient_sums_to_zero():
    x = mt.tensor(np.random.default_rng(2).standard_normal((4, 5)) * 30, dtype=mt.float64, requires_grad=True)
    y = x.softmax(1)
    np.testing.assert_allclose(y.sum(1).detach().numpy(), 1.0, rtol=1e-12)
    (y * mt.arange(5.0, dtype=mt.float64)).sum().backward()
    np.testing.assert_allclose(x.grad.sum(1).numpy(), 0.0, atol=1e-12)


def test_var_with_no_degrees_of_freedom_warns_like_torch():
    for lib in (torch, mt):
        for fn in (lambda: lib.ones(1).var(), lambda: lib.ones(2, 1).std(1)):
            with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
                assert bool(fn().isnan().all())
