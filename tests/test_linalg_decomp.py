"""minitorch.linalg: finite-difference gradchecks (first and second order) of every decomposition in float64,
LinAlgError semantics, and torch.norm's nuclear norm. Value/gradient parity with torch is in
minitorch/parity/cases_decompositions.py."""
import numpy as np
import pytest

import minitorch
from minitorch import linalg
from minitorch.autograd import gradcheck, gradgradcheck
from exception_compare import same_message_as_torch

torch = pytest.importorskip("torch")


def _leaf(a):
    return minitorch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


rng = np.random.default_rng(0)
SQUARE = rng.standard_normal((2, 3, 3)) + 3 * np.eye(3)
TALL = rng.standard_normal((4, 3))


def _spd(x):
    return x @ x.mT + 3 * minitorch.eye(3, dtype=x.dtype)


def _sign_fixed_qr(a):
    q, r = linalg.qr(a)
    k = q.shape[-1]
    d = minitorch.sign((r[..., :k] * minitorch.eye(k, dtype=r.dtype)).sum(-1))
    return q * d.unsqueeze(-2), r * d.unsqueeze(-1)


def _svd_invariant(a, full=False):
    u, s, vh = linalg.svd(a, full_matrices=full)
    k = s.shape[-1]
    return s, u[..., :k].mT.unsqueeze(-1) * vh[..., :k, :].unsqueeze(-2)


FUNCTIONS = {
    "det": (linalg.det, SQUARE),
    "slogdet": (lambda a: linalg.slogdet(a).logabsdet, SQUARE),
    "inv": (linalg.inv, SQUARE),
    "solve": (lambda a: linalg.solve(a, a.sum(-1)), SQUARE),
    "cholesky": (lambda x: linalg.cholesky(_spd(x)), SQUARE),
    "qr": (_sign_fixed_qr, TALL),
    "svd": (_svd_invariant, TALL),
    "svd_full_wide": (lambda a: _svd_invariant(a, True), TALL.T.copy()),
    "qr_wide": (_sign_fixed_qr, TALL.T.copy()),
    "eigh": (lambda x: (lambda r: (r[0], r[1] ** 2))(linalg.eigh(x + x.mT)), SQUARE),
    "pinv": (linalg.pinv, TALL),
    "matrix_power": (lambda a: linalg.matrix_power(a, -3), SQUARE),
    "nuc": (lambda a: linalg.matrix_norm(a, "nuc"), TALL),
    "spectral": (lambda a: linalg.matrix_norm(a, 2), TALL),
    "cross": (lambda a: linalg.cross(a, a.roll(1, 0), dim=0), TALL[:3]),
    "matrix_exp": (linalg.matrix_exp, SQUARE * 0.5),
    "lu_factor": (lambda a: linalg.lu_factor(a).LU, SQUARE),
    "lu_tall": (lambda a: linalg.lu(a)[1:], TALL),
    "lu_wide": (lambda a: linalg.lu(a)[1:], TALL.T.copy()),
    "lu_solve": (lambda a: linalg.lu_solve(*linalg.lu_factor(a), a.mT, adjoint=True), SQUARE),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_gradcheck(name):
    fn, a = FUNCTIONS[name]
    assert gradcheck(fn, (_leaf(a),), eps=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", ["det", "inv", "solve", "cholesky", "eigh", "svd", "qr", "qr_wide", "matrix_exp",
                                  "lu_factor", "lu_solve"])
def test_gradgradcheck(name):
    fn, a = FUNCTIONS[name]
    assert gradgradcheck(fn, (_leaf(a),), eps=1e-6, atol=1e-5)


def test_linalg_error_is_runtime_error_like_torch():
    assert issubclass(linalg.LinAlgError, RuntimeError)
    assert linalg.LinAlgError.__name__ == torch.linalg.LinAlgError.__name__
    with pytest.raises(linalg.LinAlgError, match="singular"):
        linalg.inv(minitorch.ones(2, 3, 3))
    with pytest.raises(linalg.LinAlgError, match="positive-definite"):
        linalg.cholesky(minitorch.tensor([[1.0, 2.0], [2.0, 1.0]]))


def test_solve_singular_in_a_batch_raises():
    a = np.stack([np.eye(2), np.zeros((2, 2))])
    with pytest.raises(torch.linalg.LinAlgError):
        torch.linalg.solve(torch.tensor(a), torch.ones(2, 2, dtype=torch.float64))
    with pytest.raises(linalg.LinAlgError):
        linalg.solve(minitorch.tensor(a), minitorch.ones(2, 2, dtype=minitorch.float64))


def test_torch_norm_nuc_matches_linalg():
    a = rng.standard_normal((3, 4))
    got = minitorch.norm(minitorch.tensor(a), p="nuc").item()
    assert got == pytest.approx(torch.norm(torch.tensor(a), p="nuc").item(), rel=1e-12)
    assert got == pytest.approx(np.linalg.svd(a, compute_uv=False).sum(), rel=1e-12)


def test_result_names_and_grad_fn_names_match_torch():
    a = SQUARE[0]
    for lib in (torch, minitorch):
        t = lib.tensor(a, requires_grad=True)
        s, e, u, q = lib.linalg.slogdet(t), lib.linalg.eigh(t), lib.linalg.svd(t), lib.linalg.qr(t)
        assert s.sign is s[0] and s.logabsdet is s[1] and e.eigenvalues is e[0] and e.eigenvectors is e[1]
        assert u.U is u[0] and u.S is u[1] and u.Vh is u[2] and q.Q is q[0] and q.R is q[1]
    for name in ("det", "inv", "cholesky"):
        fn = FUNCTIONS[name][0] if name == "cholesky" else getattr(linalg, name)
        torch_fn = ((lambda x: torch.linalg.cholesky(x @ x.mT + 3 * torch.eye(3, dtype=x.dtype)))
                    if name == "cholesky" else getattr(torch.linalg, name))
        expected = type(torch_fn(torch.tensor(a, requires_grad=True)).grad_fn).__name__
        assert type(fn(minitorch.tensor(a, requires_grad=True)).grad_fn).__name__ == expected


@pytest.mark.parametrize("code", [
    "lib.linalg.inv(lib.zeros(2, 2))", "lib.linalg.inv(lib.zeros(3, 2, 2))", "lib.linalg.cholesky(-lib.eye(2))",
    "lib.linalg.cholesky(lib.tensor([[1.0, 0], [0, -1]]), upper=True)",
    "lib.linalg.inv(lib.ones(2, 2, dtype=lib.long))",
    "lib.linalg.solve(lib.ones(2, 2), lib.ones(2, dtype=lib.float64))",
    "lib.linalg.det(lib.ones(2, 2, dtype=lib.int32))", "lib.linalg.lu_factor(lib.ones(2, 2, dtype=lib.long))",
])
def test_singular_and_dtype_messages_are_torchs(code):
    """The failing pivot or leading minor (and batch element) is named as torch names it."""
    same_message_as_torch(torch, minitorch, code)


SINGULAR = {
    "zero": np.zeros((3, 3)),
    "rank1": np.array([[1.0, 2.0], [2.0, 4.0]]),
    "rank2": np.array([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [1.0, 0.0, 1.0]]),
    "batch": np.array([[[1.0, 2.0], [2.0, 4.0]], [[1.0, 0.0], [0.0, 2.0]]]),
}


@pytest.mark.parametrize("name", sorted(SINGULAR))
def test_det_gradient_of_singular_matrices(name):
    """An exactly singular matrix has no inverse: its det gradient is the cofactor matrix, by SVD as torch's."""
    import torch
    got = []
    for lib in (torch, minitorch):
        x = lib.tensor(SINGULAR[name], requires_grad=True)
        d = lib.linalg.det(x)
        g, = lib.autograd.grad(d.sum(), x, create_graph=True)
        (g * lib.tensor(np.arange(x.numel(), dtype=np.float64).reshape(x.shape))).sum().backward()
        got.append([d.detach().numpy(), g.detach().numpy(), x.grad.numpy()])
    for mine, theirs in zip(got[1], got[0]):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)
