"""Products beyond the parity registry: torch's error messages, grad_fn names, gradcheck and second derivatives."""
import numpy as np
import pytest
import torch

import minitorch as mt

ERRORS = {
    "matmul_shapes": lambda L: L.zeros(2, 3) @ L.zeros(4, 5),
    "matmul_batched": lambda L: L.zeros(2, 2, 3) @ L.zeros(2, 4, 5),
    "matmul_batch_broadcast": lambda L: L.zeros(2, 2, 3) @ L.zeros(3, 3, 5),
    "matmul_vectors": lambda L: L.zeros(3) @ L.zeros(4),
    "matmul_matrix_vector": lambda L: L.zeros(2, 3) @ L.zeros(4),
    "matmul_vector_matrix": lambda L: L.zeros(3) @ L.zeros(4, 2),
    "matmul_0d": lambda L: L.matmul(L.tensor(1.0), L.zeros(3)),
    "matmul_dtypes": lambda L: L.zeros(2, 3) @ L.zeros(3, 2, dtype=L.float64),
    "mm_3d": lambda L: L.mm(L.zeros(2, 2, 3), L.zeros(3, 5)),
    "mm_shapes": lambda L: L.mm(L.zeros(2, 3), L.zeros(2, 3)),
    "bmm_2d": lambda L: L.bmm(L.zeros(2, 3), L.zeros(3, 5)),
    "bmm_batch": lambda L: L.bmm(L.zeros(2, 2, 3), L.zeros(3, 3, 5)),
    "mv_shapes": lambda L: L.mv(L.zeros(2, 3), L.zeros(4)),
    "dot_2d": lambda L: L.dot(L.zeros(2, 3), L.zeros(2, 3)),
    "dot_sizes": lambda L: L.dot(L.zeros(2), L.zeros(3)),
    "dot_dtypes": lambda L: L.dot(L.zeros(2), L.zeros(2, dtype=L.float64)),
    "einsum_too_few_operands": lambda L: L.einsum("ij,jk->ik", L.zeros(2, 3)),
    "einsum_dims": lambda L: L.einsum("ij->i", L.zeros(2, 3, 4)),
    "einsum_sizes": lambda L: L.einsum("ij,jk->ik", L.zeros(2, 3), L.zeros(4, 5)),
    "einsum_repeated_sizes": lambda L: L.einsum("ii", L.zeros(2, 3)),
}


def _raised(fn, lib):
    with pytest.raises(Exception) as info:
        fn(lib)
    return type(info.value), str(info.value)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_type_matches_torch(name):
    assert _raised(ERRORS[name], mt)[0] is _raised(ERRORS[name], torch)[0]


@pytest.mark.parametrize("name", ["matmul_shapes", "matmul_vectors", "mm_shapes", "dot_2d", "dot_sizes",
                                  "matmul_dtypes", "einsum_sizes", "einsum_repeated_sizes", "einsum_dims",
                                  "bmm_2d", "mm_3d"])
def test_error_message_matches_torch(name):
    assert _raised(ERRORS[name], mt) == _raised(ERRORS[name], torch)


def test_matmul_message_names_both_shapes():
    with pytest.raises(RuntimeError, match=r"mat1 and mat2 shapes cannot be multiplied \(2x3 and 4x5\)"):
        mt.zeros(2, 3) @ mt.zeros(4, 5)


@pytest.mark.parametrize("sa,sb,name", [
    ((2, 3), (3, 4), "MmBackward0"), ((3,), (3,), "DotBackward0"), ((2, 3), (3,), "MvBackward0"),
    ((2, 2, 3), (2, 3, 4), "UnsafeViewBackward0"), ((2, 2, 3), (3, 4), "UnsafeViewBackward0"),
])
def test_grad_fn_names_match_torch(sa, sb, name):
    for lib in (torch, mt):
        a = lib.ones(*sa, requires_grad=True)
        assert type((a @ lib.ones(*sb)).grad_fn).__name__ == name
    assert type(torch.bmm(torch.ones(2, 2, 3, requires_grad=True), torch.ones(2, 3, 1)).grad_fn).__name__ == \
        type(mt.bmm(mt.ones(2, 2, 3, requires_grad=True), mt.ones(2, 3, 1)).grad_fn).__name__


@pytest.mark.parametrize("sa,sb", [((4,), (4,)), ((3,), (3, 2)), ((2, 3), (3,)), ((2, 3), (3, 4)),
                                   ((2, 1, 3, 2), (5, 2, 3)), ((3,), (2, 3, 2)), ((2, 2, 3), (3,))])
def test_matmul_gradcheck_and_gradgradcheck(sa, sb):
    mt.manual_seed(0)  # fixed inputs, whatever ran before
    a = mt.randn(*sa, dtype=mt.float64, requires_grad=True)
    b = mt.randn(*sb, dtype=mt.float64, requires_grad=True)
    assert mt.autograd.gradcheck(mt.matmul, (a, b))
    assert mt.autograd.gradgradcheck(mt.matmul, (a, b))


@pytest.mark.parametrize("eq,shapes", [("ij,jk->ik", [(2, 3), (3, 4)]), ("ii->", [(3, 3)]), ("ii->i", [(3, 3)]),
                                       ("bij,bjk", [(2, 2, 3), (2, 3, 2)]), ("...i,i->...", [(2, 3, 4), (4,)]),
                                       ("i,j,k->ijk", [(2,), (3,), (2,)]), ("iij,jk->ik", [(2, 2, 3), (3, 2)])])
def test_einsum_gradcheck_and_gradgradcheck(eq, shapes):
    mt.manual_seed(0)  # fixed inputs, whatever ran before
    ops = [mt.randn(*s, dtype=mt.float64, requires_grad=True) for s in shapes]
    fn = lambda *xs: mt.einsum(eq, *xs) ** 2  # noqa: E731
    assert mt.autograd.gradcheck(fn, ops)
    assert mt.autograd.gradgradcheck(fn, ops)


def test_matmul_hessian_vector_product_matches_torch():
    rng = np.random.default_rng(1)
    a0, b0, v0 = rng.standard_normal((3, 4)), rng.standard_normal((4, 2)), rng.standard_normal((3, 4))
    results = []
    for lib in (torch, mt):
        a = lib.tensor(a0, requires_grad=True)
        b = lib.tensor(b0)
        loss = ((a @ b).sigmoid() ** 2).sum()
        (g,) = lib.autograd.grad(loss, a, create_graph=True)
        (hv,) = lib.autograd.grad(g, a, grad_outputs=lib.tensor(v0))
        results.append((g.detach().numpy(), hv.numpy()))
    np.testing.assert_allclose(results[1][0], results[0][0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(results[1][1], results[0][1], rtol=1e-10, atol=1e-12)


def test_matmul_out_and_integer_dtypes():
    a, b = mt.arange(6).reshape(2, 3), mt.arange(6).reshape(3, 2)
    assert (a @ b).dtype == mt.int64 and (a @ b).tolist() == (torch.arange(6).reshape(2, 3) @
                                                           torch.arange(6).reshape(3, 2)).tolist()
    out = mt.empty(2, 2, dtype=mt.int64)
    assert mt.matmul(a, b, out=out) is out and out.tolist() == (a @ b).tolist()


@pytest.mark.parametrize("a_shape,b_shape", [((6, 3, 4), (6, 4, 5)), ((5, 1, 3, 4), (2, 4, 2)), ((3, 4), (7, 4, 2)),
                                             ((4, 2, 3, 0), (1, 0, 3))])
def test_batched_matmul_split_over_threads_matches_torch(a_shape, b_shape, monkeypatch, rng):
    """Batches split over minitorch's threads (every split taken), BLAS single-threaded meanwhile: output and both
    gradients against torch, broadcast batch dims and an empty inner dim included."""
    from minitorch.ops import linalg as linalg_ops
    monkeypatch.setattr(linalg_ops, "_MIN_THREAD_FLOPS", 1)
    previous = mt.get_num_threads()
    mt.set_num_threads(2)
    try:
        a, b = rng.standard_normal(a_shape), rng.standard_normal(b_shape)
        ours = [mt.tensor(v, requires_grad=True) for v in (a, b)]
        out = ours[0] @ ours[1]
        g = rng.standard_normal(tuple(out.shape))
        out.backward(mt.tensor(g))
    finally:
        mt.set_num_threads(previous)
    theirs = [torch.tensor(v, requires_grad=True) for v in (a, b)]
    expected = theirs[0] @ theirs[1]
    expected.backward(torch.tensor(g))
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    for mine, ref in zip(ours, theirs):
        np.testing.assert_allclose(mine.grad.numpy(), ref.grad.numpy(), rtol=1e-12, atol=1e-12)


# (operand a, operand b, the operand written in place after the product): each is a shape (a leaf requiring grad)
# or a constant (base, view of it). torch saves some operands as copies (a folded or expanded reshape that cannot
# be a view), so writing to them afterwards leaves backward working; the others are saved as they are: it raises
def _arange(*shape):
    return lambda L: (L.arange(float(np.prod(shape)), dtype=L.float64).reshape(shape), lambda t: t)


_INPLACE_AFTER_MATMUL = {
    "expanded_fold": (lambda L: (L.arange(12., dtype=L.float64).reshape(3, 4, 1),
                                 lambda t: t.movedim(2, 1).expand(3, 2, 4)), (4,), "a"),
    "contiguous_fold": (_arange(2, 3, 4), (4, 5), "a"),
    "fold_saves_matrix": ((2, 3, 4), _arange(4, 5), "b"),
    "vector_times_batch": ((3,), _arange(2, 3, 4), "b"),
    "matrix_times_batch": (_arange(5, 3), (2, 3, 4), "a"),
    "permuted_batch": (lambda L: (L.arange(48., dtype=L.float64).reshape(2, 3, 2, 4),
                                  lambda t: t.permute(1, 0, 2, 3)), (2, 4, 4), "a"),
    "broadcast_batches": (lambda L: (L.arange(24., dtype=L.float64).reshape(3, 1, 2, 4), lambda t: t),
                          (2, 4, 4), "a"),
    "expanded_one_batch": (lambda L: (L.arange(8., dtype=L.float64).reshape(1, 2, 4), lambda t: t), (3, 4, 4), "a"),
}


@pytest.mark.parametrize("name", sorted(_INPLACE_AFTER_MATMUL))
def test_inplace_write_after_matmul_as_torch(name):
    *specs, written = _INPLACE_AFTER_MATMUL[name]
    results = []
    for L in (torch, mt):
        leaves, operands, bases = [], [], {}
        for key, spec in zip("ab", specs):
            if isinstance(spec, tuple):
                leaves.append(L.ones(spec, dtype=L.float64, requires_grad=True))
                operands.append(leaves[-1])
            else:
                bases[key], view = spec(L)
                operands.append(view(bases[key]))
        y = L.matmul(*operands)
        bases[written].mul_(2)
        try:
            y.sum().backward()
            results.append(("ok", [t.grad.numpy().copy() for t in leaves]))
        except RuntimeError as e:
            assert "modified by an inplace operation" in str(e)
            results.append(("raised", None))
    (torch_kind, torch_grads), (mt_kind, mt_grads) = results
    assert mt_kind == torch_kind
    for expected, got in zip(torch_grads or (), mt_grads or ()):
        np.testing.assert_allclose(got, expected)
