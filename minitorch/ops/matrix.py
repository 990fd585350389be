"""Matrices built or combined from others: addr and addbmm (a product added to a matrix), chain_matmul, block_diag,
diagflat, vander, renorm, narrow_copy, and the solves with a triangular factor: triangular_solve, cholesky_solve and
cholesky_inverse.

The solves run one substitution kernel (row by row, batched over the leading dims and over B's columns): NumPy has
no triangular solve, and a general LU solve would reject the singular factors torch lets through as inf/nan.
Their backward is torch's own formula written with Tensor ops (and the solves themselves), so double backward works.
"""
import warnings

from .. import backend
from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ..constants import contiguous_format
from ..tensor import Tensor, _type_name, _wrap_dim
from ._util import c10_name, wrap
from .decompositions import LinAlgError, _eye
from .elementwise import broadcast_shapes
from .extra import diag_embed
from .linalg import _AddProduct, matmul, outer, product_scalars
from .reduce import _named, cumprod, norm as _pnorm
from .shape import cat, narrow


# --- a product added to a matrix --------------------------------------------------------------------------------
class AddR(_AddProduct):
    node_name = "AddrBackward0"
    product = staticmethod(outer)
    # d(v1 v2^T)/dv1 = g v2 ; d(v1 v2^T)/dv2 = g^T v1 (elementwise, so vectors of another dtype than g promote)
    product_grads = staticmethod(lambda g, v1, v2, need: ((g * v2).sum(-1) if need[1] else None,
                                                          (g * v1.unsqueeze(-1)).sum(0) if need[2] else None))


class AddBmm(_AddProduct):
    node_name = "AddbmmBackward0"
    # sum_i a_i b_i as one product: [a_0 a_1 ...] (n, B m) @ [b_0; b_1; ...] (B m, p)
    product = staticmethod(lambda a, b: matmul(a.permute(1, 0, 2).reshape(a.shape[1], a.shape[0] * a.shape[2]),
                                               b.reshape(b.shape[0] * b.shape[1], b.shape[2])))
    # d(sum_i a_i b_i)/da_i = g b_i^T ; d/db_i = a_i^T g
    product_grads = staticmethod(lambda g, a, b, need: (g @ b.mT if need[1] else None, a.mT @ g if need[2] else None))


def _must_be_tensor(op, name, position, value):
    """torch's TypeError for a non-Tensor argument the shared argument check does not know by name."""
    if not isinstance(value, Tensor):
        raise TypeError("%s(): argument '%s' (position %d) must be Tensor, not %s"
                        % (op, name, position, type(value).__name__))


def _number(x):
    return x.item() if isinstance(x, Tensor) else x


def _check_scalars(result, beta, alpha):
    """torch's rules for beta and alpha: no fraction for an integral (or bool) result, no bool for a non-bool one."""
    for name, s in (("beta", beta), ("alpha", alpha)):
        if not result.is_floating_point and isinstance(s, float):
            raise RuntimeError("For integral input tensors, argument %s must not be a floating point number." % name)
        if result is not _dt.bool_ and isinstance(s, bool):
            raise RuntimeError("Boolean %s only supported for Boolean results." % name)


def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """beta * input + alpha * outer(vec1, vec2), input broadcast to (len(vec1), len(vec2)), dtypes promoted; with
    beta = 0 input is not read. For bool: (beta and input) or (alpha and outer)."""
    for name, v in (("vec1", vec1), ("vec2", vec2)):
        if v.dim() != 1:
            raise RuntimeError("addr: Expected 1-D argument %s, but got %d-D" % (name, v.dim()))
    beta, alpha = _number(beta), _number(alpha)
    result = _dt.promote_types(_dt.promote_types(vec1.dtype, vec2.dtype), input.dtype)
    _check_scalars(result, beta, alpha)
    if result is _dt.bool_:
        added = input.expand(vec1.shape[0], vec2.shape[0])
        return (added & bool(beta)) | (outer(vec1, vec2) & bool(alpha))
    return AddR.apply(input, vec1, vec2, beta, alpha)


def _addr_in_place(input, vec1, vec2, *, beta=1, alpha=1):
    """addr_: self must already have the (len(vec1), len(vec2)) shape of the result."""
    if input.dim() != 2:
        raise RuntimeError("2D tensor expected, got %dD tensor for input" % input.dim())
    if tuple(input.shape) != (vec1.shape[0] if vec1.dim() else -1, vec2.shape[0] if vec2.dim() else -1):
        raise RuntimeError("size mismatch, input: %s, v1: %s, v2: %s" % (list(input.shape), list(vec1.shape),
                                                                        list(vec2.shape)))
    return addr(input, vec1, vec2, beta=beta, alpha=alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * sum_i batch1[i] @ batch2[i], input broadcast to the product's (n, p); with beta = 0
    input is not read. An integral result takes beta and alpha truncated to integers, as torch does."""
    _must_be_tensor("addbmm", "batch1", 2, batch1)
    _must_be_tensor("addbmm", "batch2", 3, batch2)
    input.expand(batch1.size(1), batch2.size(2))  # torch broadcasts input first: its errors come first
    for name, t in (("batch1", batch1), ("batch2", batch2)):
        if t.dim() != 3:
            raise RuntimeError("%s must be a 3D tensor" % name)
    if batch1.shape[0] != batch2.shape[0]:
        raise RuntimeError("batch1 and batch2 must have same number of batches, got %d and %d"
                           % (batch1.shape[0], batch2.shape[0]))
    if batch1.shape[2] != batch2.shape[1]:
        raise RuntimeError("Incompatible matrix sizes for bmm (%dx%d and %dx%d)" % (tuple(batch1.shape[1:])
                                                                                      + tuple(batch2.shape[1:])))
    for name, t in (("self", input), ("mat1", batch1)):
        if t.dtype is not batch2.dtype:
            raise RuntimeError("%s and mat2 must have the same dtype, but got %s and %s"
                               % (name, _type_name(t.dtype), _type_name(batch2.dtype)))
    if batch2.dtype is _dt.bool_:
        raise NotImplementedError("\"addmm_impl_cpu_\" not implemented for 'Bool'")
    return AddBmm.apply(input, batch1, batch2, *product_scalars(batch2.dtype, _number(beta), _number(alpha)))


def _addbmm_in_place(input, batch1, batch2, *, beta=1, alpha=1):
    """addbmm_: as torch, a self that only broadcasts to the (n, p) result is resized to it first."""
    input._check_inplace_allowed("addbmm_")
    result = addbmm(input, batch1, batch2, beta=beta, alpha=alpha)
    if result.shape != input.shape:
        input.data = wrap(input.xp.empty(tuple(result.shape), dtype=input._data.dtype))
    return result


# --- products and block matrices --------------------------------------------------------------------------------
def chain_matmul(*matrices):
    """matrices[0] @ matrices[1] @ ..., multiplied in the order that costs the fewest multiply-adds."""
    warnings.warn("torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
                  "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather than multiple "
                  "parameters.", UserWarning, stacklevel=2)
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    for t in _tensors(matrices):
        if t.dim() != 2:
            raise RuntimeError("Tensor dimension is %d, expected 2 instead." % t.dim())
    if len(matrices) == 1:
        return matrices[0].clone()
    for i, t in enumerate(matrices[1:], 1):
        if t.dtype is not matrices[0].dtype:
            raise RuntimeError("multi_dot(): all tensors must have be the same dtype but tensor 0 is %s and tensor "
                               "%d %s" % (c10_name(matrices[0].dtype), i, c10_name(t.dtype)))
        if matrices[i - 1].shape[1] != t.shape[0]:
            raise RuntimeError("multi_dot(): tensors %d and %d with shapes %s and %s cannot be multiplied"
                               % (i - 1, i, list(matrices[i - 1].shape), list(t.shape)))
    return cheapest_product(matrices)


def _tensors(given):
    """given (the *args of chain_matmul or block_diag), with torch's TypeError for anything not a Tensor."""
    for i, t in enumerate(given):
        if not isinstance(t, Tensor):
            raise TypeError("expected Tensor as element %d in argument 0, but got %s" % (i, type(t).__name__))
    return given


def _chain_order(sizes):
    """split[i][j]: where the cheapest product of matrices i..j divides (matrix k of sizes[k] x sizes[k + 1]):
    the classic dynamic programme over chain lengths, cost(i..j) = min_k cost(i..k) + cost(k+1..j) + s_i s_k+1 s_j+1."""
    n = len(sizes) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j], split[i][j] = min((cost[i][k] + cost[k + 1][j] + sizes[i] * sizes[k + 1] * sizes[j + 1], k)
                                          for k in range(i, j))
    return split


def cheapest_product(matrices):
    """matrices[0] @ ... @ matrices[-1] (2-d) in torch's order: for three the cheaper of (AB)C and A(BC), a tie
    going to (AB)C; for more the cheapest chain."""
    if len(matrices) == 3:
        (a, b), (c, d) = matrices[0].shape, matrices[2].shape
        # (AB)C costs a c (b + d) multiply-adds, A(BC) b d (a + c)
        if a * c * (b + d) > b * d * (a + c):
            return matmul(matrices[0], matmul(matrices[1], matrices[2]))
        return matmul(matmul(matrices[0], matrices[1]), matrices[2])
    return _chain_product(matrices, _chain_order([t.shape[0] for t in matrices] + [matrices[-1].shape[1]]))


def _chain_product(matrices, split, i=0, j=None):
    j = len(matrices) - 1 if j is None else j
    if i == j:
        return matrices[i]
    k = split[i][j]
    return matmul(_chain_product(matrices, split, i, k), _chain_product(matrices, split, k + 1, j))


def block_diag(*tensors):
    """The tensors as blocks along the diagonal of a zero matrix (a 0-d or 1-d tensor as one row), dtypes
    promoted."""
    for i, t in enumerate(_tensors(tensors)):
        if t.dim() > 2:
            raise RuntimeError("torch.block_diag: Input tensors must have 2 or fewer dimensions. Input %d has %d "
                               "dimensions" % (i, t.dim()))
    if not tensors:
        return Tensor._zeros((1, 0), _dt.get_default_dtype(), backend.as_device(None))
    blocks = [t.reshape(1, -1) if t.dim() < 2 else t for t in tensors]
    dt = blocks[0].dtype
    for b in blocks[1:]:
        dt = _dt.promote_types(dt, b.dtype)
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        n, m = b.shape
        zeros = [Tensor._zeros((n, k), dt, b.device) for k in (left, width - left - m)]
        rows.append(cat([zeros[0], b, zeros[1]], 1))
        left += m
    return cat(rows, 0)


def diagflat(input, offset=0):
    """The flattened input on diagonal `offset` of a square zero matrix."""
    return diag_embed(input.reshape(-1), offset)


def vander(x, N=None, increasing=False):
    """out[i, j] = x_i ** (N - 1 - j) (x_i ** j when increasing), as torch builds it: a column of ones beside the
    running products of x (so integral x gives int64, and the gradient is cumprod's)."""
    _must_be_tensor("vander", "x", 1, x)
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else N
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    dt = _dt.promote_types(x.dtype, _dt.int64)
    ones = Tensor._ones((x.shape[0], min(n, 1)), dt, x.device)
    if n <= 1:
        return ones
    powers = cumprod(x.to(dt).unsqueeze(1).expand(x.shape[0], n - 1), 1)
    out = cat([ones, powers], 1)
    return out if increasing else out.flip(1)


# --- per-slice renormalisation and copies -------------------------------------------------------------------------
def renorm(input, p, dim, maxnorm):
    """Each slice along dim whose p-norm exceeds maxnorm scaled to that norm: x * maxnorm / (||x||_p + 1e-7)
    (the norm of half precision taken in float32, as torch does)."""
    p, maxnorm = _number(p), _number(maxnorm)
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        raise RuntimeError("renorm: expected maxnorm to be >= 0 but got %s" % maxnorm)
    if input.dim() < 2:
        raise RuntimeError("renorm: input needs at least 2 dimensions, got %d dimensions" % input.dim())
    d = _wrap_dim(dim, input.dim())
    acc = _dt.float32 if input.dtype.itemsize < 4 else None
    norm = _pnorm(input, p, tuple(k for k in range(input.dim()) if k != d), True, acc)
    factor = (maxnorm / (norm + 1e-7)).masked_fill(~(norm > maxnorm), 1)
    return input * factor.to(input.dtype)


def _renorm_in_place(input, p, dim, maxnorm):
    """renorm_: renorm of a copy of self when self's gradient is wanted, since the norm's backward reads the value
    self had (torch saves such a copy too)."""
    keep = input.requires_grad and is_grad_enabled()
    return renorm(input.clone() if keep else input, p, dim, maxnorm)


def narrow_copy(input, dim, start, length):
    """A contiguous copy of input.narrow(dim, start, length), with torch's narrow_copy checks."""
    if input.dim() == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    if dim >= input.dim():
        raise RuntimeError("Expected dim < static_cast<int64_t>(self_sizes.size()) to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report an enhancement request "
                           "to PyTorch.)")
    d = _wrap_dim(dim, input.dim())
    if isinstance(start, float):
        raise TypeError("narrow_copy(): argument 'start' (position 3) must be int, not float")
    size, start = input.shape[d], int(start)
    if not -size <= start <= size:
        raise IndexError("start out of range (expected to be in range of [%d, %d], but got %d)" % (-size, size, start))
    start = start + size if start < 0 else start
    if length < 0 or start > size - length:
        raise RuntimeError("start (%d) + length (%d) exceeds dimension size (%d)." % (start, length, size))
    return narrow(input, d, start, length).clone(memory_format=contiguous_format)  # row-major, as torch's


# --- solves with a triangular factor ----------------------------------------------------------------------------
def _substitute(xp, a, b, upper, unit=False):
    """X with A X = B on arrays, A (..., n, n) triangular (only its upper or lower triangle read, its diagonal
    taken as ones when unit), B (..., n, k) of A's batch: each row of X from the rows solved before it. A zero on
    the diagonal gives inf/nan, as LAPACK's trtrs."""
    n = a.shape[-1]
    x = xp.empty(b.shape, dtype=b.dtype)
    with xp.errstate(divide="ignore", invalid="ignore"):
        for i in (range(n - 1, -1, -1) if upper else range(n)):
            solved = slice(i + 1, n) if upper else slice(0, i)
            row = b[..., i, :] - (a[..., i:i + 1, solved] @ x[..., solved, :])[..., 0, :]
            x[..., i, :] = row if unit else row / a[..., i, i:i + 1]
    return x


class TriangularSolve(Function):
    """X with op(A) X = B, op(A) = A or (transpose) A^T, for A upper or lower triangular (unit: its diagonal taken
    as ones); A and B of one batch."""
    _builtin = True

    @staticmethod
    def forward(ctx, a, b, upper, transpose, unit):
        t = a._data.swapaxes(-1, -2) if transpose else a._data
        x = wrap(_substitute(a.xp, t, b._data, upper != transpose, unit))
        ctx.flags = upper, transpose, unit
        ctx.save_for_backward(a, x)
        return x

    @staticmethod
    def backward(ctx, g):
        a, x = ctx.saved_tensors
        upper, transpose, unit = ctx.flags
        # gB = op(A)^-T g ; gA = -gB X^T (transposed: -X gB^T), kept to the triangle A is read from
        gb = TriangularSolve.apply(a, g, upper, not transpose, unit)
        if not ctx.needs_input_grad[0]:
            return None, gb, None, None, None
        ga = -(x @ gb.mT) if transpose else -(gb @ x.mT)
        return (ga.triu(int(unit)) if upper else ga.tril(-int(unit))), gb, None, None, None


class CholeskySolve(Function):
    """X with A X = B for A = L L^T (upper: A = U^T U), only the factor's triangle read; B and L of one batch."""
    _builtin = True

    @staticmethod
    def forward(ctx, b, factor, upper):
        f, ft = factor._data, factor._data.swapaxes(-1, -2)
        lower, other = (ft, f) if upper else (f, ft)  # A = lower @ other, other = lower^T
        x = wrap(_substitute(factor.xp, other, _substitute(factor.xp, lower, b._data, False), True))
        ctx.upper = upper
        ctx.save_for_backward(factor, x)
        return x

    @staticmethod
    def backward(ctx, g):
        factor, x = ctx.saved_tensors
        # gB = A^-1 g ; gL = -(gB X^T + X gB^T) L  (upper: gU = -U (gB X^T + X gB^T)), for the whole factor
        gb = CholeskySolve.apply(g, factor, ctx.upper)
        if not ctx.needs_input_grad[1]:
            return gb, None, None
        common = gb @ x.mT
        common = common + common.mT
        return gb, -(factor @ common) if ctx.upper else -(common @ factor), None


TriangularSolveResult = _named("triangular_solve", ("solution", "cloned_coefficient"))


def _solve_operands(name, b, a, kernel):
    """torch's checks of a solve's right side b and square a (dtype, shapes, then batch broadcast and the dtype
    kernel), and both expanded to their common batch."""
    if b.dtype is not a.dtype:
        raise RuntimeError("Expected b and A to have the same dtype, but found b of type %s and A of type %s instead."
                           % (_type_name(b.dtype), _type_name(a.dtype)))
    if a.shape[-1] != a.shape[-2]:
        raise RuntimeError("A must be batches of square matrices, but they are %d by %d matrices" % tuple(a.shape[-2:]))
    if a.shape[-1] != b.shape[-2]:
        raise RuntimeError("Incompatible matrix sizes for %s: each A matrix is %d by %d but each b matrix is %d by %d"
                           % ((name, a.shape[-1], a.shape[-1]) + tuple(b.shape[-2:])))
    batch = broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    if a.dtype not in (_dt.float32, _dt.float64):
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(a.dtype)))
    return b.expand(batch + tuple(b.shape[-2:])), a.expand(batch + tuple(a.shape[-2:]))


def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """(X, A's copy) with op(A) X = input, op(A) = A or A^T, A triangular (upper or lower, unit diagonal when
    unitriangular); batch dims broadcast."""
    warnings.warn("torch.triangular_solve is deprecated in favor of torch.linalg.solve_triangularand will be "
                  "removed in a future PyTorch release.\ntorch.linalg.solve_triangular has its arguments reversed "
                  "and does not return a copy of one of the inputs.\nX = torch.triangular_solve(B, A).solution\n"
                  "should be replaced with\nX = torch.linalg.solve_triangular(A, B).", UserWarning, stacklevel=2)
    for name, t in (("b", input), ("A", A)):
        if t.dim() < 2:
            raise RuntimeError("torch.triangular_solve: Expected %s to have at least 2 dimensions, but it has %d "
                               "dimensions instead" % (name, t.dim()))
    b, a = _solve_operands("triangular_solve", input, A, "triangular_solve_cpu")
    x = TriangularSolve.apply(a, b, bool(upper), bool(transpose), bool(unitriangular))
    return TriangularSolveResult(x, a.clone())


def cholesky_solve(input, input2, upper=False):
    """X with A X = input for A = L L^T given its Cholesky factor input2 = L (upper: A = U^T U, input2 = U);
    batch dims broadcast."""
    for name, t in (("b", input), ("u", input2)):
        if t.dim() < 2:
            raise RuntimeError("%s should have at least 2 dimensions, but has %d dimensions instead" % (name, t.dim()))
    b, factor = _solve_operands("cholesky_solve", input, input2, "cholesky_solve_cpu")
    return CholeskySolve.apply(b, factor, bool(upper))


def cholesky_inverse(input, upper=False):
    """A^-1 for A = L L^T given L (upper: A = U^T U given U): cholesky_solve(I, L), so the gradient is its own."""
    if input.dim() < 2:
        raise RuntimeError("cholesky_inverse: The input tensor A must have at least 2 dimensions.")
    n = input.shape[-1]
    if input.shape[-2] != n:
        raise RuntimeError("cholesky_inverse: A must be batches of square matrices, but they are %d by %d matrices"
                           % (input.shape[-2], n))
    if input.dtype not in (_dt.float32, _dt.float64):
        raise NotImplementedError("\"cholesky_inverse_out_cpu\" not implemented for '%s'" % _type_name(input.dtype))
    _check_diagonal("cholesky_inverse", input)
    return CholeskySolve.apply(_eye(input, n).expand(tuple(input.shape)), input, bool(upper))


def _check_diagonal(name, factor):
    """LinAlgError, as LAPACK's potri reports it, for the first factor with an exact zero on its diagonal."""
    xp = factor.xp
    zero = xp.diagonal(factor._data, axis1=-2, axis2=-1) == 0
    bad = xp.flatnonzero(zero.any(-1))
    if bad.size:
        first = int(bad[0])
        where = "(Batch element %d): " % first if factor.dim() > 2 else ""
        element = int(xp.argmax(zero.reshape(-1, factor.shape[-1])[first])) + 1
        raise LinAlgError("%s: %sThe diagonal element %d is zero, the inversion could not be completed because the "
                          "input matrix is singular." % (name, where, element))


FUNCTIONS = ["addr", "addbmm", "chain_matmul", "block_diag", "diagflat", "vander", "renorm", "narrow_copy",
             "triangular_solve", "cholesky_solve", "cholesky_inverse"]
NOT_METHODS = ["chain_matmul", "block_diag", "vander"]
METHODS = {}
INPLACE_OF = {"addr_": _addr_in_place, "addbmm_": _addbmm_in_place, "renorm_": _renorm_in_place}
