"""The rest of torch's top-level surface that ordinary programs reach for, each a thin layer over an existing op:
the function forms of in-place methods (torch.deg2rad_(x)), fill, the *_copy forms of the view ops, the sampling
ops poisson and binomial, the deprecated norms, the native_* and cell ops with torch's aten signatures (they return
the statistics or masks torch's kernels return), convolution, embedding_bag, grid_sampler, empty_permuted,
nonzero_static, frombuffer and DLPack, the randomized low-rank SVD and PCA, and segment_reduce."""
import functools
import math
import warnings

from .. import backend
from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import no_grad
from ..random import binomial_counts, poisson as poisson_counts, randn
from ..tensor import Tensor, _type_name
from ._util import wrap
from .elementwise import where
from .shape import broadcast_tensors, cat, stack
from .complex import conj_physical
from .strided import Restride, _geometry, _required_storage, as_strided


def _F():
    """minitorch.nn.functional, imported on first use (nn imports the op families, so not at import time)."""
    from ..nn import functional
    return functional


# --- function forms of in-place methods ----------------------------------------------------------------------------
def _method_form(name):
    """torch.<name>(input, *args): input.<name>(*args), which returns input."""
    def fn(input, *args, **kwargs):
        return getattr(input, name)(*args, **kwargs)
    fn.__name__ = fn.__qualname__ = name
    return fn


deg2rad_, rad2deg_, gcd_, lcm_, conj_physical_ = (_method_form(n) for n in ("deg2rad_", "rad2deg_", "gcd_", "lcm_",
                                                                             "conj_physical_"))


def resize_as_(input, the_template, *, memory_format=None):
    """input now has the template's shape: its first elements (in row-major order) kept, the new ones zero."""
    if input.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    xp, n = input.xp, the_template.numel()
    flat = xp.zeros(n, dtype=input._data.dtype)
    kept = min(n, input.numel())
    flat[:kept] = input._data.reshape(-1)[:kept]
    input.data = wrap(flat.reshape(tuple(the_template.shape)))
    input._bump_version("resize_as_")
    return input


def fill(input, value):
    """A tensor like input holding value everywhere; input gets a zero gradient and value (a 0-d tensor) the sum."""
    if isinstance(value, Tensor):
        if value.dim():
            raise RuntimeError("fill_ only supports 0-dimension value tensor but got tensor with %d dimensions."
                               % value.dim())
        value = value.to(input.dtype)
    else:
        value = wrap(input.xp.asarray(value).astype(input.dtype.np))
    everywhere = wrap(input.xp.ones(tuple(input.shape), dtype=bool))
    return where(everywhere, value, input)


# --- *_copy: a view op's result in memory of its own ----------------------------------------------------------------
class _ViewCopy(Function):
    """view(input, ...) copied into fresh contiguous memory. The gradient is the view's: each output element reads
    one input element, found by running the view on the input's flat positions, and sends its gradient there
    (summed where the view reads an element more than once, as expand does)."""
    _builtin = True
    view = None  # each op's view, on Tensors
    reads_storage = False  # True for as_strided: the view addresses input's storage, not its elements in order

    @classmethod
    def forward(cls, ctx, input, *args, **kwargs):
        ctx.shape, ctx.args, ctx.kwargs = tuple(input.shape), args, kwargs
        ctx.geometry = _geometry(input) if cls.reads_storage else None
        out = cls.view(input, *args, **kwargs)
        return tuple(map(_fresh, out)) if isinstance(out, (tuple, list)) else _fresh(out)

    @classmethod
    def backward(cls, ctx, *grads):
        xp, n = grads[0].xp, math.prod(ctx.shape)
        flat_positions = wrap(xp.arange(n).reshape(ctx.shape))
        if ctx.geometry is not None:  # laid out in storage as input was
            flat_positions = Restride.apply(flat_positions, ctx.geometry, _required_storage(*ctx.geometry))
        read = cls.view(flat_positions, *ctx.args, **ctx.kwargs)  # the input position each output element read
        read = read if isinstance(read, (tuple, list)) else (read,)
        index = cat([r.reshape(-1) for r in read])
        flat = cat([g.reshape(-1) for g in grads])
        g_input = grads[0].new_zeros(n).index_add(0, index, flat).reshape(ctx.shape)
        return (g_input,) + (None,) * len(ctx.args)


def _fresh(t):
    return wrap(t._data.copy())  # NumPy's copy is C-ordered: contiguous whatever the view's strides


def _copy_of(node, reads_storage=False):
    """The *_copy op of a view: a _ViewCopy whose grad_fn is torch's <node>_copy."""
    def make(view):
        op_class = type(node.replace("Backward0", "Copy"), (_ViewCopy,),
                        {"node_name": node + "_copy", "view": staticmethod(view), "reads_storage": reads_storage})

        @functools.wraps(view)
        def op(input, *args, **kwargs):
            return op_class.apply(input, *args, **kwargs)
        return op
    return make


@_copy_of("AliasBackward0")
def alias_copy(input):
    return input


@_copy_of("AsStridedBackward0", reads_storage=True)
def as_strided_copy(input, size, stride, storage_offset=None):
    return as_strided(input, size, stride, storage_offset)


@_copy_of("DiagonalBackward0")
def diagonal_copy(input, offset=0, dim1=0, dim2=1):
    return input.diagonal(offset, dim1, dim2)


@_copy_of("ExpandBackward0")
def expand_copy(input, size, *, implicit=False):
    return input.expand(tuple(size))


@_copy_of("PermuteBackward0")
def permute_copy(input, dims):
    return input.permute(tuple(dims))


@_copy_of("SelectBackward0")
def select_copy(input, dim, index):
    return input.select(dim, index)


@_copy_of("SliceBackward0")
def slice_copy(input, dim=0, start=None, end=None, step=1):
    """input[..., start:end:step, ...] along dim (step > 0, as torch's slice requires)."""
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    d = dim % max(input.dim(), 1)
    return input[(slice(None),) * d + (slice(start, end, step),)]


@_copy_of("SplitBackward0")
def split_copy(input, split_size, dim=0):
    if not isinstance(split_size, int):
        raise TypeError("split_copy(): argument 'split_size' (position 2) must be int, not %s"
                        % type(split_size).__name__)
    return input.split(split_size, dim)


@_copy_of("SplitWithSizesBackward0")
def split_with_sizes_copy(input, split_sizes, dim=0):
    return input.split(list(split_sizes), dim)


@_copy_of("SqueezeBackward0")
def squeeze_copy(input, dim=None):
    return input.squeeze() if dim is None else input.squeeze(tuple(dim) if isinstance(dim, list) else dim)


@_copy_of("TBackward0")
def t_copy(input):
    return input.t()


@_copy_of("TransposeBackward0")
def transpose_copy(input, dim0, dim1):
    return input.transpose(dim0, dim1)


@_copy_of("UnbindBackward0")
def unbind_copy(input, dim=0):
    return input.unbind(dim)


@_copy_of("UnfoldBackward0")
def unfold_copy(input, dimension, size, step):
    return input.unfold(dimension, size, step)


@_copy_of("UnsqueezeBackward0")
def unsqueeze_copy(input, dim):
    return input.unsqueeze(dim)


@_copy_of("ViewBackward0")
def _view_shape_copy(input, size):
    return input.view(*size)


def view_copy(input, size):
    """input.view(size) or, for a dtype, input's bytes read as that dtype (not differentiable), copied."""
    if isinstance(size, _dt.dtype):
        return _fresh(input.detach().view(size))
    return _view_shape_copy(input, size)


def detach_copy(input):
    return _fresh(input.detach())


# --- sampling -------------------------------------------------------------------------------------------------------
class Poisson(Function):
    """A draw from Poisson(rate) per element; torch's gradient for the rates is zero."""
    _builtin = True

    @staticmethod
    def forward(ctx, input, generator):
        return poisson_counts(input, generator)

    @staticmethod
    def backward(ctx, g):
        return g.new_zeros(tuple(g.shape)), None


def poisson(input, generator=None):
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"poisson_cpu\" not implemented for '%s'" % _type_name(input.dtype))
    if bool((input._data < 0).any()):
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    return Poisson.apply(input, generator)


def binomial(count, prob, generator=None):
    """A draw from Binomial(count, prob) per element (count and prob broadcast); not differentiable."""
    for t in (count, prob):
        if not t.dtype.is_floating_point:
            raise ValueError("binomial only supports floating-point dtypes for count, got: %s" % _type_name(t.dtype))
    if prob.dtype is not count.dtype:
        raise RuntimeError("Found dtype %s but expected %s" % (_type_name(prob.dtype), _type_name(count.dtype)))
    count, prob = broadcast_tensors(count, prob)
    return binomial_counts(count, prob, generator)


# --- deprecated norms -----------------------------------------------------------------------------------------------
_WARNED = set()  # the warnings torch gives once per process (TORCH_WARN_ONCE)


def _warn_once(key, message):
    if key not in _WARNED:
        _WARNED.add(key)
        warnings.warn(message, UserWarning, stacklevel=3)


def _deprecated(name, instead):
    _warn_once(name, "at::%s is deprecated and it is just left for JIT compatibility. It will be removed in a future "
                     "PyTorch release. Please use `%s` instead" % (name, instead))


def frobenius_norm(input, dim, keepdim=False):
    """sqrt(sum of squares) over dim (at most two dims): linalg.vector_norm's 2-norm."""
    from .. import linalg
    _deprecated("frobenius_norm", "linalg.vector_norm(A, 2., dim, keepdim)")
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if len(dims) > 2:
        raise RuntimeError("Expected at most 2 dimensions, but got %d dimensions instead." % len(dims))
    return linalg.vector_norm(input, 2, dims or None, keepdim)


def nuclear_norm(input, *args, dim=None, keepdim=False):
    """The sum of singular values over dim (default the last two): torch's two overloads nuclear_norm(A, keepdim)
    and nuclear_norm(A, dim, keepdim)."""
    from .. import linalg
    _deprecated("nuclear_norm", "linalg.matrix_norm(A, 'nuc', dim, keepdim)")
    if args and not isinstance(args[0], bool):
        dim, args = args[0], args[1:]
    if args:
        keepdim = args[0]
    return linalg.matrix_norm(input, "nuc", (-2, -1) if dim is None else tuple(dim), keepdim)


# --- native_* kernels: the output with the statistics (or mask) torch's kernels return ----------------------------
def _statistics(x, dims, eps):
    """The mean and 1 / sqrt(biased var + eps) over dims (keepdim)."""
    mean = x.mean(dims, keepdim=True)
    return mean, ((x - mean) ** 2).mean(dims, keepdim=True).add(eps).rsqrt()


def _detached_statistics(x, dims, eps):
    """The statistics outside the graph, as torch's layer and batch norm return them (group norm's are in it)."""
    with no_grad():
        return _statistics(x, dims, eps)


def native_layer_norm(input, normalized_shape, weight, bias, eps):
    """(layer_norm(input), mean, rstd), the statistics shaped (*batch, 1, ..., 1)."""
    out = _F().layer_norm(input, normalized_shape, weight, bias, eps)
    k = len(normalized_shape)
    return (out,) + _detached_statistics(input, tuple(range(input.dim() - k, input.dim())), eps)


def native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps):
    """(batch_norm(input), save_mean, save_invstd): the batch's per-channel statistics in training, empty else."""
    out = _F().batch_norm(input, running_mean, running_var, weight, bias, training, momentum, eps)
    if not training:
        empty = input.new_zeros(0)
        return out, empty, empty.clone()
    mean, rstd = _detached_statistics(input, (0,) + tuple(range(2, input.dim())), eps)
    return out, mean.reshape(-1), rstd.reshape(-1)


def native_group_norm(input, weight, bias, N, C, HxW, group, eps):
    """(group_norm(input), mean, rstd), the statistics shaped (N, group)."""
    out = _F().group_norm(input, group, weight, bias, eps)
    mean, rstd = _statistics(input.reshape(N, group, C // group * HxW), (2,), eps)
    return out, mean.reshape(N, group), rstd.reshape(N, group)


def native_dropout(input, p, train):
    """(input * mask / (1 - p), mask): mask is True where an element is kept; train=False keeps all."""
    from ..nn.functional.dropout import _keep_mask
    if train is not None and not train:
        return input.clone(), wrap(input.xp.ones(tuple(input.shape), dtype=bool))
    if not 0 <= p <= 1:
        raise RuntimeError("bernoulli_ expects p to be in [0, 1], but got p=%s" % (1 - p))
    if not input.dtype.is_floating_point:
        raise RuntimeError("result type Float can't be cast to the desired output type %s"
                           % _type_name(input.dtype))
    mask = _keep_mask(input, p, tuple(input.shape))
    return input * (mask * (0.0 if p == 1 else 1.0 / (1.0 - p))), mask.bool()


def native_channel_shuffle(input, groups):
    return _F().native_channel_shuffle(input, groups)


# --- recurrent cells: torch.lstm_cell(input, (hx, cx), w_ih, w_hh, b_ih, b_hh) ... --------------------------------
def _cell(step, input, states, w_ih, w_hh, b_ih, b_hh):
    """The new states of one step of a recurrence, after torch's size checks (input (N, in), states (N, H))."""
    from ..nn.modules import rnn
    if input.size(1) != w_ih.shape[1]:
        raise RuntimeError("input has inconsistent input_size: got %d expected %d" % (input.size(1), w_ih.shape[1]))
    for i, s in enumerate(states):
        if s.size(0) != input.size(0):
            raise RuntimeError("Input batch size %d doesn't match hidden%d batch size %d"
                               % (input.size(0), i, s.size(0)))
        if s.size(1) != w_hh.shape[1]:
            raise RuntimeError("hidden%d has inconsistent hidden_size: got %d, expected %d"
                               % (i, s.size(1), w_hh.shape[1]))
    return getattr(rnn, step)(_F().linear(input, w_ih, b_ih), tuple(states), w_hh, b_hh)


def lstm_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    """(h', c') of one LSTM step from hx = (h, c)."""
    return _cell("_lstm_step", input, hx, w_ih, w_hh, b_ih, b_hh)


def gru_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    return _cell("_gru_step", input, (hx,), w_ih, w_hh, b_ih, b_hh)[0]


def rnn_tanh_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    return _cell("_tanh_step", input, (hx,), w_ih, w_hh, b_ih, b_hh)[0]


def rnn_relu_cell(input, hx, w_ih, w_hh, b_ih=None, b_hh=None):
    return _cell("_relu_step", input, (hx,), w_ih, w_hh, b_ih, b_hh)[0]


# --- convolution, embedding_bag, grid_sampler: aten's signatures over F's ops ---------------------------------------
def _int_list(value, name, position, op):
    if not isinstance(value, (tuple, list)):
        raise TypeError("%s(): argument '%s' (position %d) must be tuple of ints, not %s"
                        % (op, name, position, type(value).__name__))
    return tuple(value)


def convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups):
    """conv{1,2,3}d, or conv_transpose{1,2,3}d when transposed, chosen by weight's number of dims."""
    stride, padding, dilation, output_padding = (
        _int_list(v, n, i, "convolution") for v, n, i in ((stride, "stride", 4), (padding, "padding", 5),
                                                          (dilation, "dilation", 6),
                                                          (output_padding, "output_padding", 8)))
    nd = weight.dim() - 2
    if transposed:
        return getattr(_F(), "conv_transpose%dd" % nd)(input, weight, bias, stride, padding, output_padding, groups,
                                                       dilation)
    return getattr(_F(), "conv%dd" % nd)(input, weight, bias, stride, padding, dilation, groups)


_BAG_MODES = ("sum", "mean", "max")


def embedding_bag(weight, indices, offsets, scale_grad_by_freq=False, mode=0, sparse=False, per_sample_weights=None,
                  include_last_offset=False, padding_idx=None):
    """(out, offset2bag, bag_size, max_indices) as torch's CPU kernel returns them: offset2bag the bag of each
    index, bag_size each bag's count of non-padding indices, max_indices each max's row (max mode; mean mode hands
    back bag_size). Sum mode counts nothing (bag_size and max_indices zeros), and its float32 fast path (contiguous
    rows, no padding_idx) leaves offset2bag empty."""
    out = _F().embedding_bag(indices, weight, offsets, None, 2, scale_grad_by_freq, _BAG_MODES[mode], sparse,
                             per_sample_weights, include_last_offset, padding_idx)
    xp, bags, flat = indices.xp, out.shape[0], indices._data.reshape(-1)
    starts = offsets._data[:bags] if offsets is not None else xp.arange(0, flat.size, max(indices.shape[-1], 1))
    bag_of = (xp.searchsorted(starts, xp.arange(flat.size), side="right") - 1).astype("int64")
    if mode == 0:
        fast = weight.dtype is _dt.float32 and weight.stride(1) == 1 and padding_idx is None
        zeros = wrap(xp.zeros(bags, dtype="int64"))
        return out, wrap(bag_of[:0] if fast else bag_of), zeros, zeros.clone()
    counted = flat != (padding_idx % weight.shape[0]) if padding_idx is not None else xp.ones(flat.size, dtype=bool)
    sizes = xp.bincount(bag_of[counted], minlength=bags).astype("int64")
    if mode == 1:
        return out, wrap(bag_of), wrap(sizes), wrap(sizes.copy())
    return out, wrap(bag_of), wrap(sizes), wrap(_max_rows(xp, weight._data, flat, bag_of, bags))


def _max_rows(xp, table, flat, bag_of, bags):
    """(bags, D): per bag and column, the index (row of table) whose entry is the bag's max, the first on ties."""
    rows, found = table[flat], xp.zeros((bags, table.shape[1]), dtype="int64")
    for b in range(bags):
        members = xp.nonzero(bag_of == b)[0]
        if members.size:
            found[b] = flat[members[xp.argmax(rows[members], axis=0)]]
    return found


def grid_sampler(input, grid, interpolation_mode, padding_mode, align_corners):
    """grid_sample with the modes as ints: interpolation 0 bilinear, 1 nearest, 2 bicubic; padding 0 zeros,
    1 border, 2 reflection."""
    return _F().grid_sample(input, grid, ("bilinear", "nearest", "bicubic")[interpolation_mode],
                            ("zeros", "border", "reflection")[padding_mode], align_corners)


# --- creation and indexing ------------------------------------------------------------------------------------------
def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None, requires_grad=False,
                   pin_memory=False):
    """An uninitialised tensor of shape size whose dims lie in memory in the order physical_layout (outermost
    first): empty(size permuted) viewed back in size's order."""
    from ..creation import empty
    size, order = tuple(size), tuple(physical_layout)
    if len(size) != len(order):
        raise RuntimeError("Number of dimensions in size does not match the length of the physical_layout; i.e. "
                           "len(size) = %d is not equal to len(physical_layout) = %d" % (len(size), len(order)))
    for i, d in enumerate(order):
        if not 0 <= d < len(order):
            raise RuntimeError("Dimension out of range (expected to be between 0 and %d, but got %d at index %d).  NB: "
                               "negative dims not currently supported; file an issue if you want it."
                               % (len(order) - 1, d, i))
        if d in order[:i]:
            raise RuntimeError("Duplicate dim not allowed")
    physical = empty([size[d] for d in order], dtype=dtype, device=device)
    return physical.permute(tuple(sorted(range(len(order)), key=order.__getitem__))).requires_grad_(requires_grad)


def nonzero_static(input, *, size, fill_value=-1):
    """The indices of input's non-zero elements (as nonzero gives them, row-major; (n, 0) for a 0-d input), cut or
    padded with fill_value rows to exactly size rows: (size, input.dim()) int64."""
    if size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    xp = input.xp
    found = xp.argwhere(input._data)[:size]
    padding = xp.full((size - found.shape[0], input.dim()), fill_value)
    return wrap(xp.concatenate([found, padding]).astype("int64"))


# --- memory from outside: frombuffer and DLPack ---------------------------------------------------------------------
_NOT_WRITABLE = ("The given buffer is not writable, and PyTorch does not support non-writable tensors. This means you "
                 "can write to the underlying (supposedly non-writable) buffer using the tensor. You may want to copy "
                 "the buffer to protect its data or make it writable before converting it to a tensor. This type of "
                 "warning will be suppressed for the rest of this program.")


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-d tensor on buffer's memory (no copy: writes reach the buffer) from byte offset, count elements (-1: to
    the end). A read-only buffer (bytes) gives a read-only tensor, with torch's warning."""
    view = memoryview(buffer)
    length, item = view.nbytes, dtype.itemsize
    if length <= 0 or count == 0:
        raise ValueError("both buffer length (%d) and count (%d) must not be 0" % (length, count))
    if offset < 0 or offset >= length:
        raise ValueError("offset (%d bytes) must be non-negative and no greater than buffer length (%d bytes) minus 1"
                         % (offset, length))
    if count < 0 and (length - offset) % item:
        raise ValueError("buffer length (%d bytes) after offset (%d bytes) must be a multiple of element size (%d)"
                         % (length - offset, offset, item))
    if count > 0 and count * item > length - offset:
        raise ValueError("requested buffer length (%d * %d bytes) after offset (%d bytes) must not be greater than "
                         "actual buffer length (%d bytes)" % (count, item, offset, length))
    if requires_grad and not dtype.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    if view.readonly:
        _warn_once("frombuffer", _NOT_WRITABLE)
    array = backend.array_module(backend.CPU).frombuffer(buffer, dtype=dtype.np, count=count, offset=offset)
    return wrap(array).requires_grad_(requires_grad)


class _Capsule:
    """A DLPack capsule (from to_dlpack) dressed as an object with __dlpack__, which the array libraries take."""

    def __init__(self, capsule):
        self.capsule = capsule

    def __dlpack__(self, **kwargs):
        return self.capsule

    def __dlpack_device__(self):
        return (1, 0)  # kDLCPU: to_dlpack's capsules of CPU arrays


def from_dlpack(ext_tensor):
    """A tensor on the memory of any object with __dlpack__ (a NumPy or CuPy array, another library's tensor) or
    of a capsule from to_dlpack."""
    if isinstance(ext_tensor, Tensor):
        return ext_tensor
    if not hasattr(ext_tensor, "__dlpack__") and type(ext_tensor).__name__ != "PyCapsule":
        raise RuntimeError("from_dlpack received an invalid capsule. Note that DLTensor capsules can be consumed "
                           "only once, so you might have already constructed a tensor from it once.")
    source = ext_tensor if hasattr(ext_tensor, "__dlpack__") else _Capsule(ext_tensor)
    kind, index = source.__dlpack_device__()
    where_ = backend.CPU if kind == 1 else backend.device("cuda", index)
    return wrap(backend.array_module(where_).from_dlpack(source))


def to_dlpack(tensor):
    """A DLPack capsule of tensor's memory (consumed once, by from_dlpack or another library)."""
    return tensor._data.__dlpack__()


def _dlpack(self, **kwargs):
    return self._data.__dlpack__(**kwargs)


def _dlpack_device(self):
    return self._data.__dlpack_device__()


# --- randomized low-rank SVD and PCA --------------------------------------------------------------------------------
def _range_basis(A, q, niter):
    """An orthonormal (m, q) basis Q with A ~ Q Q^T A: the span of A R for a Gaussian R, sharpened by niter power
    iterations, re-orthonormalised at each step (Halko, Martinsson and Tropp's range finder)."""
    from .. import linalg
    R = randn(tuple(A.shape[:-2]) + (A.shape[-1], q), dtype=A.dtype, device=A.device)
    Q = linalg.qr(A @ R).Q
    for _ in range(niter):
        Q = linalg.qr(A @ linalg.qr(A.mT @ Q).Q).Q
    return Q


def svd_lowrank(A, q=6, niter=2, M=None):
    """(U, S, V) with A - M ~ U diag(S) V^T, rank q: the exact SVD of the small Q^T (A - M) for a range basis Q."""
    from .. import linalg
    if A.dim() < 2:  # torch unpacks the last two sizes
        raise ValueError("not enough values to unpack (expected 2, got %d)" % A.dim())
    q = 6 if q is None else q
    X = A if M is None else A - M
    wide = X.shape[-2] < X.shape[-1]
    X = X.mT if wide else X  # the basis spans the shorter side
    Q = _range_basis(X, q, niter)
    U, S, Vh = linalg.svd(Q.mT @ X, full_matrices=False)
    U, V = Q @ U, Vh.mT
    return (V, S, U) if wide else (U, S, V)


def pca_lowrank(A, q=None, center=True, niter=2):
    """svd_lowrank of A with each column's mean removed (center): V holds the principal directions."""
    m, n = A.shape[-2:]
    q = min(6, m, n) if q is None else q
    if not (isinstance(q, int) and 0 <= q <= min(m, n)):
        raise ValueError("q(=%s) must be non-negative integer and not greater than min(m, n)=%d" % (q, min(m, n)))
    return svd_lowrank(A - A.mean(-2, keepdim=True) if center else A, q, niter)


# --- segment_reduce -------------------------------------------------------------------------------------------------
_SEGMENT_REDUCTIONS = {"sum": "sum", "mean": "mean", "prod": "prod", "max": "amax", "amax": "amax", "min": "amin",
                       "amin": "amin"}
_EMPTY_SEGMENT = {"sum": 0.0, "prod": 1.0, "mean": math.nan, "amax": -math.inf, "amin": math.inf}


def segment_reduce(data, reduce, *, lengths=None, indices=None, offsets=None, axis=0, unsafe=False, initial=None):
    """Reduce consecutive segments of data along axis: lengths (or offsets: each segment's start, then the end) has
    data's leading dims before axis and one entry per segment. An empty segment gives initial, or the reduction's
    identity (nan for mean)."""
    if reduce not in _SEGMENT_REDUCTIONS:
        raise RuntimeError("reduce argument must be either sum, prod, mean, amax or amin, got %s" % reduce)
    if not data.dtype.is_floating_point:
        raise NotImplementedError("\"_segment_reduce_cpu\" not implemented for '%s'" % _type_name(data.dtype))
    if indices is not None:
        raise RuntimeError("segment_reduce(): indices based reduction is not supported yet.")
    if lengths is None and offsets is None:
        raise RuntimeError("segment_reduce(): Either lengths or offsets must be defined.")
    sizes = lengths if lengths is not None else offsets[..., 1:] - offsets[..., :-1]
    if sizes.dim() - 1 != axis:
        raise RuntimeError("segment_reduce(): Expected axis to be the last dimension of lengths but got %d." % axis)
    if not unsafe and bool((sizes.sum(-1) != data.shape[axis]).any()):
        raise RuntimeError("segment_reduce(): Expected all rows of lengths along axis to sum to "
                           "data.size(lengths.dim()-1) when !unsafe.")
    return _segments_reduced(data, _SEGMENT_REDUCTIONS[reduce], sizes, initial)


def _segments_reduced(data, op, sizes, initial):
    """segment_reduce along dim sizes.dim() - 1: row by row over the leading dims, each row with its own sizes."""
    if sizes.dim() > 1:
        return stack([_segments_reduced(row, op, s, initial) for row, s in zip(data.unbind(0), sizes.unbind(0))])
    empty = _EMPTY_SEGMENT[op] if initial is None else initial
    parts = []
    for segment in data.split(sizes.tolist()):
        if segment.shape[0] == 0:
            parts.append(segment.new_full(tuple(segment.shape[1:]), empty))
        else:
            parts.append(_reduced(segment, op, initial))
    return stack(parts)


def _reduced(segment, op, initial):
    """A non-empty segment reduced over dim 0, initial (when given) folded in as one more element that mean does
    not count: (sum + initial) / n."""
    if initial is None:
        return getattr(segment, op)(0)
    if op in ("sum", "mean"):
        total = segment.sum(0) + initial
        return total if op == "sum" else total / segment.shape[0]
    if op == "prod":
        return segment.prod(0) * initial
    return segment.amax(0).clamp(min=initial) if op == "amax" else segment.amin(0).clamp(max=initial)


FUNCTIONS = ["deg2rad_", "rad2deg_", "gcd_", "lcm_", "conj_physical_", "resize_as_", "fill", "alias_copy",
             "as_strided_copy", "detach_copy", "diagonal_copy", "expand_copy", "permute_copy", "select_copy",
             "slice_copy", "split_copy", "split_with_sizes_copy", "squeeze_copy", "t_copy", "transpose_copy",
             "unbind_copy", "unfold_copy", "unsqueeze_copy", "view_copy", "poisson", "binomial", "frobenius_norm",
             "nuclear_norm", "native_layer_norm", "native_batch_norm", "native_group_norm", "native_dropout",
             "native_channel_shuffle", "lstm_cell", "gru_cell", "rnn_tanh_cell", "rnn_relu_cell", "convolution",
             "embedding_bag", "grid_sampler", "empty_permuted", "nonzero_static", "frombuffer", "from_dlpack",
             "to_dlpack", "svd_lowrank", "pca_lowrank", "segment_reduce"]
# torch's Tensor has only resize_as_ and nonzero_static of these as methods (the in-place ones come from INPLACE_OF
# and the other families)
NOT_METHODS = [n for n in FUNCTIONS if n not in ("resize_as_", "nonzero_static")]
METHODS = {"__dlpack__": _dlpack, "__dlpack_device__": _dlpack_device}
INPLACE_OF = {"conj_physical_": conj_physical}
