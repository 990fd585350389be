"""embedding (rows of a weight matrix picked by index) and one_hot."""
from ... import dtypes as _dt
from ...autograd.function import Function
from ...autograd.grad_mode import no_grad
from ...ops._util import wrap
from ...ops.index import IndexAccumulate
from ...tensor import Tensor

__all__ = ["embedding", "one_hot"]


class Embedding(Function):
    """out[..., :] = weight[indices[...], :]; the gradient adds each output row back into its weight row."""
    _builtin = True

    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq):
        ctx.args = indices, padding_idx, scale_grad_by_freq, tuple(weight.shape)
        return wrap(weight._data[indices])

    @staticmethod
    def backward(ctx, g):
        indices, padding_idx, scale_grad_by_freq, shape = ctx.args
        if padding_idx >= 0 or scale_grad_by_freq:
            xp = g.xp
            factor = (indices != padding_idx).astype(g.dtype.np)  # the padding row gets no gradient
            if scale_grad_by_freq:  # each row's gradient divided by how often it was picked in this batch
                factor /= xp.bincount(indices.reshape(-1), minlength=shape[0])[indices]
            g = g * Tensor._make(factor[..., None])
        return IndexAccumulate.apply(g, (indices,), True, shape), None, None, None

    @staticmethod
    def jvp(ctx, weight_t, *_):
        # the tangent's rows the output reads, as torch's forward AD: padding_idx and the frequency scale only
        # shape the gradient (so the double-vjp rule, which sees them, would not give torch's tangent)
        return Embedding.apply(weight_t, ctx.args[0], -1, False)


def _renorm_rows(weight, indices, max_norm, norm_type):
    """Rescale, in place, the picked rows whose norm exceeds max_norm to norm max_norm (torch's embedding_renorm_)."""
    xp = weight.xp
    rows = xp.unique(indices)
    picked = weight._data[rows]
    norms = xp.linalg.norm(picked.astype("float64"), ord=norm_type, axis=1)
    scale = xp.where(norms > max_norm, max_norm / (norms + 1e-7), 1.0)
    weight._data[rows] = (picked * scale[:, None]).astype(weight._data.dtype)
    weight._bump_version("embedding_renorm_")


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False,
              sparse=False):
    """Rows of weight picked by the integer tensor input: out.shape = input.shape + (embedding_dim,).
    ``sparse`` is accepted for compatibility; the weight's gradient is always dense."""
    if weight.dim() != 2:
        raise RuntimeError("'weight' must be 2-D")
    if input.dtype not in (_dt.int64, _dt.int32):
        raise RuntimeError("Expected tensor for argument #1 'indices' to have one of the following scalar types: "
                           "Long, Int; but got %s instead (while checking arguments for embedding)" % input.type())
    rows = weight.shape[0]
    if padding_idx is None:
        padding_idx = -1
    elif padding_idx >= 0:
        assert padding_idx < rows, "Padding_idx must be within num_embeddings"
    else:
        assert padding_idx >= -rows, "Padding_idx must be within num_embeddings"
        padding_idx += rows
    indices = input._data
    if indices.size and not rows:
        raise RuntimeError("index_select(): self indexing axis dim should be positive (weight has 0 rows)")
    if indices.size and (int(indices.max()) >= rows or int(indices.min()) < 0):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        with no_grad():
            _renorm_rows(weight, indices, max_norm, norm_type)
    return Embedding.apply(weight, indices, padding_idx, scale_grad_by_freq)


def one_hot(tensor, num_classes=-1):
    """int64 tensor of shape tensor.shape + (num_classes,) with a 1 at each value's position."""
    if tensor.dtype is not _dt.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    values = tensor._data
    xp = tensor.xp
    if values.size == 0:
        if num_classes <= 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
    else:
        if int(values.min()) < 0:
            raise RuntimeError("Class values must be non-negative.")
        if num_classes == -1:
            num_classes = int(values.max()) + 1
        elif int(values.max()) >= num_classes:
            raise RuntimeError("Class values must be smaller than num_classes.")
    return wrap((values[..., None] == xp.arange(num_classes)).astype("int64"))
