"""Products: matmul (with batch broadcasting), mm, bmm, mv, dot, outer, einsum.

The matrix-product core is one Function on >= 2-d operands; vectors are lifted to matrices around it with
(differentiable) unsqueeze/squeeze, which keeps every 1-d case of torch.matmul's rules in one place.
"""
import math

from .. import dtypes as _dt
from ..autograd.function import Function
from ..tensor import Tensor, _type_name
from ..threads import gemm_chunks, parallel_gemms
from ._util import c10_name, check_same_device, wrap
from .complex import conj, conj_if_complex
from .elementwise import broadcast_shapes, unbroadcast


class MatMul(Function):
    """a @ b for operands of >= 2 dims, batch dims broadcast (named as torch names its batched matmul)."""
    _builtin = True
    node_name = "UnsafeViewBackward0"

    @staticmethod
    def forward(ctx, a, b, copies=(False, False)):
        """copies: which operands torch saves as a copy of its own (see _saved_copies)."""
        ctx.save_for_backward(_as_saved(ctx, a, copies[0]) if ctx.needs_input_grad[1] else None,
                              _as_saved(ctx, b, copies[1]) if ctx.needs_input_grad[0] else None)
        ctx.shapes = tuple(a.shape), tuple(b.shape)
        return wrap(_matmul(a.xp, a._data, b._data))

    @staticmethod
    def backward(ctx, g):
        a, b = (conj_if_complex(t) for t in ctx.saved_tensors)
        sa, sb = ctx.shapes
        # d(a@b)/da = g @ b^H ; d(a@b)/db = a^H @ g, each summed over broadcast batch dims
        ga = unbroadcast(g @ b.mT, sa) if ctx.needs_input_grad[0] else None
        gb = unbroadcast(a.mT @ g, sb) if ctx.needs_input_grad[1] else None
        return ga, gb, None


_MIN_THREAD_FLOPS = 1 << 23  # multiply-adds per thread below which a batch is not worth splitting (a hand-off to a
# worker thread and back costs ~80 us here)


def _matmul(xp, a, b):
    """a @ b on arrays. A batch of products is split over minitorch's threads, each thread's GEMMs single-threaded
    (NumPy runs one GEMM per batch item, one after the other, and a small GEMM gains nothing from a second BLAS
    thread): (32,128,64) @ (32,64,128) took 0.55 ms as one loop and 0.39 split in two."""
    batch = broadcast_shapes(a.shape[:-2], b.shape[:-2])
    if xp.__name__ != "numpy" or not batch or batch[0] < 2:
        return xp.matmul(a, b)
    m, k, n = a.shape[-2], a.shape[-1], b.shape[-1]
    min_chunk = gemm_chunks(batch[0], math.prod(batch[1:]) * m * k * n, _MIN_THREAD_FLOPS)
    if min_chunk is None:
        return xp.matmul(a, b)
    a, b = xp.broadcast_to(a, batch + (m, k)), xp.broadcast_to(b, batch + (k, n))
    out = xp.empty(batch + (m, n), dtype=xp.result_type(a, b))
    parallel_gemms(lambda lo, hi: xp.matmul(a[lo:hi], b[lo:hi], out=out[lo:hi]), batch[0], min_chunk)
    return out


def _as_saved(ctx, t, copy):
    """The operand as torch's matmul saves it: itself, or (copy) a copy with the same values and history but a
    version counter of its own (so an in-place write to the operand afterwards neither breaks nor changes this
    backward)."""
    if not copy:
        return t
    saved = Tensor._make(t._data.copy())
    if t.requires_grad:
        # the copy's gradient goes where t's goes: for a leaf, into t's accumulator (which ctx keeps alive)
        ctx.kept_edges = getattr(ctx, "kept_edges", ()) + (t._edge(),)
        saved.grad_fn, saved._output_nr, saved._requires_grad = t.grad_fn, t._output_nr, True
        saved._accumulator = t._accumulator
    return saved


def _merges_as_view(shape, strides, ndims):
    """Whether reshape merges the first ndims dims into one without a copy (size-1 dims do not matter)."""
    kept = [(n, s) for n, s in zip(shape[:ndims], strides[:ndims]) if n != 1]
    return 0 in shape or all(s == s_next * n_next for (_, s), (n_next, s_next) in zip(kept, kept[1:]))


def _saved_copies(input, other, a, b):
    """Which of the >= 2-d operands a, b (input and other, 1-d ones unsqueezed) torch.matmul saves as copies.

    torch folds a >= 3-d operand times a 1-d or 2-d one into a single mm over the larger operand reshaped to a
    matrix (transposed when it is the second operand) when the smaller one requires grad, or when that reshape
    is a view; otherwise it multiplies batches of the operands expanded to the broadcast batch and reshaped to
    3-d. Each reshape is a copy when it cannot be a view."""
    d1, d2 = input.dim(), other.dim()
    if (d1 >= 3 and d2 <= 2) or (d2 >= 3 and d1 <= 2):
        transpose = d2 > d1
        big, small = (other, input) if transpose else (input, other)
        shape, strides = list(big.shape), list(big.stride())
        if transpose:  # the fold works on other.mT
            shape[-2:], strides[-2:] = shape[:-3:-1], strides[:-3:-1]
        as_view = _merges_as_view(shape, strides, len(shape) - 1)
        strict = 0 in shape or all(strides[i] == strides[i + 1] * shape[i + 1] for i in range(len(shape) - 2))
        if small.requires_grad or (d1 != 2 and strict):  # folded
            return (not as_view, False) if not transpose else (False, not as_view)
    batch = broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    return tuple(not _merges_as_view(batch, _expanded_strides(t, batch), len(batch)) for t in (a, b))


def _expanded_strides(t, batch):
    """The strides of t's batch dims once t is expanded to batch (0 where a dim is new or broadcast)."""
    own = t.shape[:-2]
    strides = t.stride()[:len(own)]
    lead = len(batch) - len(own)
    return (0,) * lead + tuple(0 if n == 1 and b != 1 else s for n, b, s in zip(own, batch[lead:], strides))


class Mm(MatMul):
    node_name = "MmBackward0"


class Bmm(MatMul):
    node_name = "BmmBackward0"


class _VectorProduct(Function):
    """One product of two operands (``product`` names the array-module function), saving each operand only when
    the other one needs a gradient (a's gradient is made of b and b's of a)."""
    _builtin = True
    product = None

    @classmethod
    def forward(cls, ctx, a, b):
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b if ctx.needs_input_grad[0] else None)
        return wrap(getattr(a.xp, cls.product)(a._data, b._data))


class Dot(_VectorProduct):
    product = "dot"

    @staticmethod
    def backward(ctx, g):
        a, b = (conj_if_complex(t) for t in ctx.saved_tensors)
        # d(a.b)/da = g conj(b) ; d(a.b)/db = g conj(a)
        return g * b if b is not None else None, g * a if a is not None else None


class Mv(_VectorProduct):
    product = "matmul"

    @staticmethod
    def backward(ctx, g):
        m, v = (conj_if_complex(t) for t in ctx.saved_tensors)
        # d(m v)/dm = g v^H ; d(m v)/dv = m^H g
        return (g.unsqueeze(1) * v if v is not None else None), (m.t().mv(g) if m is not None else None)


def _check(name, a, b):
    if not isinstance(a, Tensor) or not isinstance(b, Tensor):
        raise TypeError("%s(): argument must be Tensor, not %s" % (name, type(b if isinstance(a, Tensor) else a)
                                                                  .__name__))
    check_same_device(name, a, b)
    if a.dtype is not b.dtype:
        raise RuntimeError("expected m1 and m2 to have the same dtype, but got: %s != %s"
                           % (c10_name(a.dtype), c10_name(b.dtype)))
    if a.dim() == 0 or b.dim() == 0:
        raise RuntimeError("both arguments to %s need to be at least 1D, but they are %dD and %dD"
                           % (name, a.dim(), b.dim()))


def _dt_name(t):
    return c10_name(t.dtype)


def matmul(input, other, *, out=None, _node=None):
    _check("matmul", input, other)
    if input.dim() == 1 and other.dim() == 1:
        _same_length(input, other)
        return _out(Dot.apply(input, other), out)
    if input.dim() == 2 and other.dim() == 1:
        _same_length(input, other)
        return _out(Mv.apply(input, other), out)
    a, b = input, other
    squeeze = []
    if a.dim() == 1:
        a = a.unsqueeze(0)
        squeeze.append(-2)
    if b.dim() == 1:
        b = b.unsqueeze(-1)
        squeeze.append(-1)
    if a.shape[-1] != b.shape[-2]:
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)"
                           % (a.numel() // a.shape[-1] if a.numel() else a.shape[-2], a.shape[-1], b.shape[-2],
                              b.shape[-1]))
    broadcast_shapes(tuple(a.shape[:-2]), tuple(b.shape[:-2]))
    if a.dim() == b.dim() == 2:
        result = Mm.apply(a, b)
    elif _node == "bmm":
        result = Bmm.apply(a, b)
    else:
        result = MatMul.apply(a, b, _saved_copies(input, other, a, b))
    for d in squeeze:  # drop the size-1 dims that stood in for the 1-D operands
        result = result.squeeze(d)
    return _out(result, out)


def _same_length(a, v):
    if a.shape[-1] != v.shape[0]:
        if a.dim() == 1:
            raise RuntimeError("inconsistent tensor size, expected tensor [%d] and src [%d] to have the same number "
                               "of elements, but got %d and %d elements respectively"
                               % (a.shape[0], v.shape[0], a.shape[0], v.shape[0]))
        raise RuntimeError("size mismatch, got input (%d), mat (%dx%d), vec (%d)"
                           % (a.shape[0], a.shape[0], a.shape[1], v.shape[0]))


def _out(result, out):
    if out is None:
        return result
    out._data = result._data
    return out


def mm(input, mat2):
    _check("mm", input, mat2)
    if input.dim() != 2 or mat2.dim() != 2:
        raise RuntimeError("self must be a matrix" if input.dim() != 2 else "mat2 must be a matrix")
    return matmul(input, mat2)


def bmm(input, mat2):
    _check("bmm", input, mat2)
    if input.dim() != 3 or mat2.dim() != 3:
        raise RuntimeError("batch1 must be a 3D tensor" if input.dim() != 3 else "batch2 must be a 3D tensor")
    if input.shape[0] != mat2.shape[0]:
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (input.shape[0], input.shape[2], mat2.shape[0], mat2.shape[1]))
    return matmul(input, mat2, _node="bmm")


def mv(input, vec):
    if input.dim() != 2 or vec.dim() != 1:
        raise RuntimeError("vector + matrix @ vector expected, got %d, %d, %d" % (1, input.dim(), vec.dim()))
    return matmul(input, vec)


def dot(input, other):
    if input.dim() != 1 or other.dim() != 1:
        raise RuntimeError("1D tensors expected, but got %dD and %dD tensors" % (input.dim(), other.dim()))
    if input.dtype is not other.dtype:
        raise RuntimeError("dot : expected both vectors to have same dtype, but found %s and %s"
                           % (_type_name(input.dtype), _type_name(other.dtype)))
    return matmul(input, other)


def vdot(input, other):
    """conj(input) . other"""
    return dot(conj(input), other)


def inner(input, other):
    """Sum over the last dims: out[a..., b...] = sum_k input[a..., k] * other[b..., k]; a 0-d operand scales."""
    if input.dim() == 0 or other.dim() == 0:
        return input * other
    if input.shape[-1] != other.shape[-1]:
        raise RuntimeError("inner() the last dimension must match on both input tensors but got shapes %s and %s"
                           % (list(input.shape), list(other.shape)))
    if input.dim() == 1 and other.dim() == 1:
        return dot(input, other)
    k = input.shape[-1]
    out = matmul(input.reshape(-1, k), other.reshape(-1, k).t())
    return out.reshape(tuple(input.shape[:-1]) + tuple(other.shape[:-1]))


def outer(input, vec2):
    if input.dim() != 1 or vec2.dim() != 1:
        raise RuntimeError("outer: Expected 1-D arguments, but got %d-D and %d-D" % (input.dim(), vec2.dim()))
    return input.reshape(-1, 1) * vec2.reshape(1, -1)


ger = outer


class _AddProduct(Function):
    """beta * input + alpha * product(a, b), input broadcast to the product's shape; with beta 0 input is not
    read (its NaN and inf do not reach the result, as in torch)."""
    _builtin = True
    product = None

    @classmethod
    def forward(cls, ctx, input, a, b, beta, alpha):
        ctx.save_for_backward(a if ctx.needs_input_grad[2] else None, b if ctx.needs_input_grad[1] else None)
        ctx.beta, ctx.alpha = beta, alpha
        out = cls.product(a, b)  # (grad mode is off in forward: a plain product, with its checks)
        if alpha != 1:
            out = out * alpha
        added = input.expand(tuple(out.shape))  # torch's error when input does not broadcast to the product
        if beta != 0:
            out = out + (added if beta == 1 else added * beta)
        return out

    @classmethod
    def backward(cls, ctx, g):
        a, b = (conj_if_complex(t) for t in ctx.saved_tensors)
        need = ctx.needs_input_grad
        ga, gb = cls.product_grads(g * ctx.alpha if ctx.alpha != 1 else g, a, b, need)
        # d/dinput = beta (summed back over broadcast dims by the node)
        return (g * ctx.beta if ctx.beta != 1 else g) if need[0] else None, ga, gb, None, None


class AddMm(_AddProduct):
    node_name = "AddmmBackward0"
    product = staticmethod(lambda a, b: mm(a, b))
    # d(a@b)/da = g @ b^T ; d(a@b)/db = a^T @ g
    product_grads = staticmethod(lambda g, a, b, need: (g @ b.mT if need[1] else None, a.mT @ g if need[2] else None))


class BAddBmm(AddMm):
    node_name = "BaddbmmBackward0"
    product = staticmethod(lambda a, b: bmm(a, b))


class AddMv(_AddProduct):
    node_name = "AddmvBackward0"
    product = staticmethod(lambda m, v: mv(m, v))
    # d(m v)/dm = g v^T ; d(m v)/dv = m^T g
    product_grads = staticmethod(lambda g, m, v, need: (g.unsqueeze(-1) * v if need[1] else None,
                                                        m.mT.mv(g) if need[2] else None))


def product_scalars(dtype, beta, alpha):
    """beta and alpha as an add-product of dtype uses them: truncated to integers for an integral result, as torch
    does."""
    return (beta, alpha) if dtype.is_inexact else (int(beta), int(alpha))


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    return AddMm.apply(input, mat1, mat2, *product_scalars(mat2.dtype, beta, alpha))


def addmv(input, mat, vec, *, beta=1, alpha=1):
    return AddMv.apply(input, mat, vec, *product_scalars(vec.dtype, beta, alpha))


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    return BAddBmm.apply(input, batch1, batch2, *product_scalars(batch2.dtype, beta, alpha))


class Einsum(Function):
    """einsum of any number of operands; the gradient for each operand is another einsum."""
    _builtin = True

    @staticmethod
    def forward(ctx, spec, *operands):
        ctx.spec = spec
        ctx.save_for_backward(*operands)
        return wrap(operands[0].xp.einsum(spec, *(o._data for o in operands), optimize=len(operands) > 2))

    @staticmethod
    def backward(ctx, g):
        ops = [conj_if_complex(t) for t in ctx.saved_tensors]  # (einsum is linear in each operand)
        ins, out = ctx.spec.split("->")
        subs = ins.split(",")
        grads = [None]
        for i, s in enumerate(subs):
            if not ctx.needs_input_grad[i + 1]:
                grads.append(None)
                continue
            others = [subs[j] for j in range(len(subs)) if j != i]
            present = set(out).union(*others) if others else set(out)
            # letters of this operand found nowhere else were summed away: the gradient is constant along them
            kept = "".join(c for c in dict.fromkeys(s) if c in present)
            spec = ",".join([out] + others) + "->" + kept
            gi = einsum(spec, g, *[ops[j] for j in range(len(subs)) if j != i])
            grads.append(_spread(gi, kept, s, tuple(ops[i].shape)))
        return tuple(grads)


def _spread(g, kept, target, shape):
    """Bring an einsum gradient over letters `kept` to an operand with letters `target` (which may repeat)."""
    letters = list(dict.fromkeys(target))
    sizes = {c: shape[target.index(c)] for c in letters}
    for c in letters:
        if c not in kept:
            g = g.unsqueeze(-1)
            kept += c
    g = g.permute([kept.index(c) for c in letters])
    full = [sizes[c] for c in letters]
    if any(n != s and s == 1 for n, s in zip(g.shape, full)):  # the operand's size-1 dim was broadcast
        g = g.sum_to_size([1 if s == 1 else n for n, s in zip(g.shape, full)])
    g = g.expand(full)
    if len(letters) == len(target):
        return g.contiguous() if tuple(g.shape) != shape else g
    # repeated letters (a diagonal was read): only the diagonal positions get gradient
    idx = [letters.index(c) for c in target]
    xp = g.xp
    grid = xp.indices([sizes[c] for c in letters]).reshape(len(letters), -1)
    where = tuple(grid[k] for k in idx)
    from .index import IndexAccumulate
    return IndexAccumulate.apply(g.reshape(-1), where, True, shape)


def _einsum_spec(equation, operands):
    eq = equation.replace(" ", "")
    if "->" not in eq:
        ins = eq.split(",")
        letters = sorted(c for c in set("".join(ins)) if "".join(ins).count(c) == 1 and c != ".")
        eq = eq + "->" + ("..." if "..." in eq else "") + "".join(letters)
    if "..." in eq:
        ins, out = eq.split("->")
        subs = ins.split(",")
        free = [c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in eq]
        nell = max((o.dim() - len(s.replace("...", "")) for s, o in zip(subs, operands) if "..." in s), default=0)
        fill = "".join(free[:nell])
        new = []
        for s, o in zip(subs, operands):
            if "..." in s:
                k = o.dim() - len(s.replace("...", ""))
                s = s.replace("...", fill[nell - k:])
            new.append(s)
        eq = ",".join(new) + "->" + out.replace("...", fill)
    return eq


def einsum(equation, *operands):
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    dt = operands[0].dtype
    for o in operands[1:]:
        dt = _dt.promote_types(dt, o.dtype)
    operands = [o if o.dtype is dt else o.to(dt) for o in operands]
    spec = _einsum_spec(equation, operands)
    subs = spec.split("->")[0].split(",")
    if len(subs) != len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation"
                           if len(operands) > len(subs) else
                           "einsum(): fewer operands were provided than specified in the equation")
    seen = {}
    for k, (s, o) in enumerate(zip(subs, operands)):
        if len(s) != o.dim():
            raise RuntimeError("einsum(): the number of subscripts in the equation (%d) does not match the number "
                               "of dimensions (%d) for operand %d%s" % (len(s), o.dim(), k, "" if "..." in equation else
                                                                      " and no ellipsis was given"))
        own = {}
        for c, n in zip(s, o.shape):
            if own.setdefault(c, n) != n:
                raise RuntimeError("einsum(): subscript %s is repeated for operand %d but the sizes don't match, "
                                   "%d != %d" % (c, k, n, own[c]))
            if n != 1 and seen.setdefault(c, n) != n:  # size-1 dims broadcast
                raise RuntimeError("einsum(): subscript %s has size %d for operand %d which does not broadcast with "
                                   "previously seen size %d" % (c, n, k, seen[c]))
    return Einsum.apply(spec, *operands)


FUNCTIONS = ["matmul", "mm", "bmm", "mv", "dot", "vdot", "inner", "outer", "ger", "addmm", "addmv", "baddbmm",
             "einsum"]
METHODS = {"__matmul__": matmul, "__rmatmul__": lambda self, other: matmul(other, self)}
