"""Shape ops: reshape/view, squeeze/unsqueeze, transpose/permute, expand, repeat, cat/stack, split/chunk, flip.

Views share memory with their source, as in torch: ``_mark_view`` records the base tensor and how to rebuild
the view from it, so an in-place write through a view updates the base's history too (``rebase_view``).
"""
import builtins
import math
import operator
import warnings
import weakref

from .. import backend
from .. import dtypes as _dt
from ..autograd.function import Function
from ..tensor import Tensor, _type_name, _wrap_dim
from ..constants import contiguous_format, preserve_format
from . import layouts
from ._util import check_same_device, distinct_dims, wrap
from .arguments import warn_once


def _size_args(size):
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and f(torch.Size); a size is an integer (view(1.5) is torch's
    TypeError)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    return tuple(operator.index(s) for s in size)


# --- views and in-place writes through them ---------------------------------------------------------------------
def _mark_view(out, src, fn):
    """Record that out is a view of src, rebuilt from src's base by fn (a function of one Tensor)."""
    if out._data.size and not out.xp.may_share_memory(out._data, src._data):
        return out  # a copy (an empty result is taken as a view: it has no memory to share)
    if src._base is None:
        out._base, out._view_fn = src, fn
    else:
        inner = src._view_fn
        out._base, out._view_fn = src._base, lambda b: fn(inner(b))
    counter = out._version_counter = src._version_counter
    views = counter.views if counter.views is not None else []
    views.append(weakref.ref(out))
    if len(views) > counter.prune_at:  # forget dead views, at a cost amortised over the appends
        views[:] = [r for r in views if r() is not None]
        counter.prune_at = 2 * len(views) + 16
    counter.views = views
    return out


def refresh_views(base, written):
    """An in-place write (through ``written``) gave base new history: every other live view of base is rebuilt
    from it, as torch regenerates a stale view's grad_fn, so gradients through those views see the new values."""
    from ..autograd.grad_mode import enable_grad
    for ref in base._version_counter.views or ():
        v = ref()
        if v is None or v is written or v._base is not base:
            continue
        with enable_grad():
            rebuilt = v._view_fn(base)
            multi = v.__dict__.get("_multi_view")
            if multi:  # torch refuses to regenerate such a view's history: its gradient raises
                rebuilt = StaleMultiView.apply(rebuilt, multi)
        v._set_history(rebuilt.grad_fn, rebuilt._output_nr)


class StaleMultiView(Function):
    """The history of an output of split/chunk/unbind whose base was then written in place: torch cannot rebuild
    it, and a backward that reaches it raises torch's error."""
    _builtin = True

    @staticmethod
    def forward(ctx, view, name):
        ctx.view_name = name  # (not ctx.name: that is the node's name() method)
        return view._alias()

    @staticmethod
    def backward(ctx, g):
        raise RuntimeError("%s is a view and its base or another view of its base has been modified inplace. This "
                           "view is the output of a function that returns multiple views. Such functions do not "
                           "allow the output views to be modified inplace. You should replace the inplace "
                           "operation by an out-of-place one." % ctx.view_name)


class CopySlices(Function):
    """base after ``view_fn(base).copy_(src)``: the values are already in place; only the history is new."""
    _builtin = True
    node_name = "CopySlices"
    node_namespace = "torch::autograd::"

    @staticmethod
    def forward(ctx, base, src, view_fn):
        ctx.view_fn = view_fn
        ctx.base_meta = tuple(base.shape), base.dtype, base.device
        return base._alias()

    @staticmethod
    def backward(ctx, g):
        shape, dtype, device = ctx.base_meta
        from .. import dtypes
        from .elementwise import where
        if dtype.is_complex:  # the view may be one part of each element (real, imag): a mask per part
            from .complex import view_as_complex, view_as_real
            keep = view_as_complex(Tensor._ones(shape + (2,), dtype.to_real(), device))  # 1 + 1i everywhere
            ctx.view_fn(keep)._data[...] = 0
            kept_parts = view_as_real(keep) != 0
            return view_as_complex(where(kept_parts, view_as_real(g), 0.0)), ctx.view_fn(g), None
        keep = Tensor._ones(shape, dtypes.bool_, device)
        ctx.view_fn(keep)._data[...] = False
        # the overwritten part of base gets an exact 0 (never g * 0, which is NaN where g is inf or NaN)
        return where(keep, g, g.new_zeros(())), ctx.view_fn(g), None


def rebase_view(view, result):
    """view was overwritten in place with result (which has history): give the base and the view new history."""
    base = view._base
    from ..autograd.grad_mode import enable_grad
    with enable_grad():
        new_base = CopySlices.apply(base, result, view._view_fn)
        base._set_history(new_base.grad_fn, 0)
        rebuilt = view._view_fn(base)
    view._set_history(rebuilt.grad_fn, rebuilt._output_nr)


# --- reshaping --------------------------------------------------------------------------------------------------
def _infer_shape(shape, numel):
    if builtins.sum(1 for s in shape if s == -1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for i, s in enumerate(shape):
        if s != -1:
            if s < 0:
                raise RuntimeError("invalid shape dimension %d at index %d of shape %s" % (s, i, list(shape)))
            known *= s
    if -1 in shape:
        if known == 0 and numel == 0:
            raise RuntimeError("cannot reshape tensor of 0 elements into shape %s because the unspecified dimension "
                               "size -1 can be any value and is ambiguous" % list(shape))
        if known == 0 or numel % known:
            raise RuntimeError("shape '%s' is invalid for input of size %d" % (list(shape), numel))
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError("shape '%s' is invalid for input of size %d" % (list(shape), numel))
    return shape


def _view_array(data, shape):
    """data reshaped without a copy, or None when its strides do not allow that."""
    try:
        if backend.get_array_module(data) is not backend.cupy:
            return data.reshape(shape, copy=False)
        viewed = data.view()
        viewed.shape = shape  # CuPy refuses (AttributeError) where a copy would be needed
        return viewed
    except (ValueError, AttributeError):
        return None


class View(Function):
    """The array reshaped without a copy (``viewed``, computed by the caller, who has to know it exists)."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, viewed):
        ctx.in_shape = tuple(x.shape)
        return wrap(viewed)

    @staticmethod
    def backward(ctx, g):
        return g.reshape(ctx.in_shape), None


class UnsafeView(View):
    """reshape of a tensor whose strides allow no view: a copy."""

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = tuple(x.shape)
        return wrap(x._data.reshape(shape))


class Unsqueeze(View):
    pass


class Squeeze(View):
    node_name = "SqueezeBackward0"  # squeeze(): every size-1 dim


class SqueezeDim(View):
    node_name = "SqueezeBackward1"


class SqueezeDims(View):
    node_name = "SqueezeBackward2"


def _reshape(x, shape, must_view, node=View):
    """x in a new shape: a view when x's strides allow one (always, for ``must_view``), else a copy."""
    shape = _infer_shape(shape, x.numel())
    if shape == tuple(x.shape) and not x.requires_grad and x._fw_grad is None:  # (a dual tensor: a view, with tangent)
        out = x._alias()
    else:
        viewed = _view_array(x._data, shape)
        if viewed is None:
            if must_view:
                raise RuntimeError("view size is not compatible with input tensor's size and stride (at least one "
                                   "dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
            return UnsafeView.apply(x, shape)
        out = node.apply(x, viewed)
    return _mark_view(out, x, lambda b: b.reshape(shape))


def reshape(input, *shape):
    return _reshape(input, _size_args(shape), False)


def view(self, *shape):
    from .. import dtypes
    if len(shape) == 1 and isinstance(shape[0], dtypes.dtype):
        return _view_dtype(self, shape[0])
    return _reshape(self, _size_args(shape), True)


def _view_dtype(x, dtype):
    """view(dtype): reinterpret the bytes (a bitcast), as torch does."""
    if dtype.itemsize != x.dtype.itemsize and x.dim() and not x.is_contiguous():
        raise RuntimeError("self.stride(-1) must be 1 to view %s as %s" % (x.dtype, dtype))
    return wrap(x._data.view(dtype.np))


def view_as(self, other):
    return view(self, tuple(other.shape))


def reshape_as(self, other):
    return reshape(self, tuple(other.shape))


def flatten(input, start_dim=0, end_dim=-1):
    nd = input.dim()
    if nd == 0:
        return reshape(input, 1)
    s, e = _wrap_dim(start_dim, nd), _wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = tuple(input.shape)
    n = 1
    for d in shape[s:e + 1]:
        n *= d
    return reshape(input, shape[:s] + (n,) + shape[e + 1:])


def unflatten(input, dim, sizes):
    d = _wrap_dim(dim, input.dim())
    shape, sizes = tuple(input.shape), tuple(sizes)
    if not sizes:
        raise RuntimeError("unflatten: sizes must be non-empty")
    known = math.prod(s for s in sizes if s != -1)
    if -1 in sizes:
        fits = shape[d] % known == 0 if known else shape[d] == 0
    else:
        fits = known == shape[d]
    if not fits and sizes.count(-1) <= 1 and min(sizes) >= -1:  # (other bad sizes: reshape's errors)
        raise RuntimeError("unflatten: Provided sizes %s don't multiply up to the size of dim %d (%d) in the input "
                           "tensor" % (list(sizes), d, shape[d]))
    sizes = _infer_shape(sizes, shape[d])
    return reshape(input, shape[:d] + sizes + shape[d + 1:])


def ravel(input):
    return reshape(input, -1)


def squeeze(input, dim=None):
    shape = tuple(input.shape)
    if dim is None:
        new, node = tuple(s for s in shape if s != 1), Squeeze
    else:
        many = isinstance(dim, (tuple, list))
        dims = distinct_dims(tuple(_wrap_dim(d, input.dim()) for d in (dim if many else (dim,))))
        new = tuple(s for i, s in enumerate(shape) if not (i in dims and s == 1))
        node = SqueezeDims if many else SqueezeDim
    return _reshape(input, new, True, node)


def unsqueeze(input, dim):
    d = _wrap_dim(dim, input.dim() + 1)
    shape = list(input.shape)
    shape.insert(d, 1)
    return _reshape(input, tuple(shape), True, Unsqueeze)


# --- permutations -------------------------------------------------------------------------------------------------
class Permute(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return wrap(x._data.transpose(dims))

    @staticmethod
    def backward(ctx, g):
        inverse = [0] * len(ctx.dims)
        for i, d in enumerate(ctx.dims):
            inverse[d] = i
        return g.permute(inverse), None


class Transpose(Permute):
    pass


class T(Permute):
    node_name = "TBackward0"


def permute(input, *dims, _node=Permute):
    if not dims:
        raise TypeError('permute() missing 1 required positional arguments: "dims"')
    dims = _size_args(dims)
    nd = input.dim()
    if len(dims) != nd:
        raise RuntimeError("permute(sparse_coo): number of dimensions in the tensor input does not match the length "
                           "of the desired ordering of dimensions i.e. input.dim() = %d is not equal to "
                           "len(dims) = %d" % (nd, len(dims)))
    dims = tuple(_wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return _mark_view(_node.apply(input, dims), input, lambda b: b.permute(dims))


def transpose(input, dim0, dim1, _node=Transpose):
    nd = input.dim()
    a, b = _wrap_dim(dim0, nd), _wrap_dim(dim1, nd)
    order = list(range(nd))
    if nd:
        order[a], order[b] = order[b], order[a]
    return permute(input, order, _node=_node)


swapaxes = swapdims = transpose


def t(input):
    if input.dim() > 2:
        raise RuntimeError("t() expects a tensor with <= 2 dimensions, but self is %dD" % input.dim())
    return transpose(input, 0, -1, _node=T)


def _T(self):
    if self.dim() == 0:
        warn_once("Tensor.T is deprecated on 0-D tensors. This function is the identity in these cases.")
    elif self.dim() != 2:
        warn_once("The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it "
                  "will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or "
                  "`x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.")
    return permute(self, tuple(range(self.dim() - 1, -1, -1)))


def _mT(self, name="mT"):
    if self.dim() < 2:
        raise RuntimeError("tensor.%s is only supported on matrices or batches of matrices. Got %d-D tensor."
                           % (name, self.dim()))
    return transpose(self, -2, -1)


def _conjugate_transpose(name, transposed):
    """x.H or x.mH: the conjugate of the (matrix) transpose; a 0-d tensor is itself, with torch's deprecation
    warning."""
    def prop(self):
        if self.dim() == 0:
            warnings.warn("Tensor.%s is deprecated on 0-D tensors. Consider using x.conj()." % name, UserWarning,
                          stacklevel=2)
            return self
        from .complex import conj
        return conj(transposed(self))
    return property(prop)


def _H(self):
    if self.dim() != 2:
        raise RuntimeError("tensor.H is only supported on matrices (2-D tensors). Got %d-D tensor.%s" % (
            self.dim(), " For batches of matrices, consider using tensor.mH" if self.dim() > 2 else ""))
    return transpose(self, 0, 1)


def movedim(input, source, destination):
    src = (source,) if isinstance(source, int) else tuple(source)
    dst = (destination,) if isinstance(destination, int) else tuple(destination)
    if len(src) != len(dst):
        raise RuntimeError("movedim: Invalid source or destination dims: source (%s dims) should contain the same "
                           "number of dims as destination (%s dims)" % (list(src), list(dst)))
    nd = input.dim()
    src = [_wrap_dim(s, nd) for s in src]
    dst = [_wrap_dim(d, nd) for d in dst]
    for which, dims in (("source", src), ("destination", dst)):
        if len(set(dims)) != len(dims):
            raise RuntimeError("movedim: repeated dim in `%s` (%s)" % (which, list(source if which == "source"
                                                                                else destination)))
    if nd == 0:
        return permute(input, ())
    order = [None] * nd
    for s, d in zip(src, dst):
        order[d] = s
    rest = iter(i for i in range(nd) if i not in src)
    order = [o if o is not None else next(rest) for o in order]
    return permute(input, order)


moveaxis = movedim


# --- broadcasting and repetition ----------------------------------------------------------------------------------
class Expand(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, shape):
        ctx.in_shape = tuple(x.shape)
        # the same shape stays writable: only a real broadcast aliases one element many times
        return wrap(x._data if shape == ctx.in_shape else x.xp.broadcast_to(x._data, shape))

    @staticmethod
    def backward(ctx, g):
        return g.sum_to_size(ctx.in_shape), None


def expanded_shape(x, shape, sizes):
    """The shape x (of `shape`) expands to for the requested sizes (-1 keeps a size), or torch's error."""
    if len(sizes) < len(shape):
        raise RuntimeError("expand(%s{%s}, size=%s): the number of sizes provided (%d) must be greater or equal to "
                           "the number of dimensions in the tensor (%d)"
                           % (x.type(), list(shape), list(sizes), len(sizes), len(shape)))
    lead = len(sizes) - len(shape)
    target = []
    for i, s in enumerate(sizes):
        own = shape[i - lead] if i >= lead else None
        if s == -1:
            if own is None:
                raise RuntimeError("The expanded size of the tensor (-1) isn't allowed in a leading, non-existing "
                                   "dimension %d" % i)
            s = own
        elif own is not None and own != 1 and own != s:
            raise RuntimeError("The expanded size of the tensor (%d) must match the existing size (%d) at "
                               "non-singleton dimension %d.  Target sizes: %s.  Tensor sizes: %s"
                               % (s, own, i, list(sizes), list(shape)))
        target.append(s)
    return tuple(target)


def expand(self, *sizes):
    if not sizes:
        raise TypeError('expand() missing 1 required positional arguments: "size"')
    target = expanded_shape(self, tuple(self.shape), _size_args(sizes))
    return _mark_view(Expand.apply(self, target), self, lambda b: b.expand(target))


def expand_as(self, other):
    return expand(self, tuple(other.shape))


def broadcast_to(input, size):
    return expand(input, tuple(size))


def broadcast_tensors(*tensors):
    from .elementwise import broadcast_shapes
    shape = broadcast_shapes(*(tuple(t.shape) for t in tensors))
    return tuple(expand(t, shape) for t in tensors)


class Repeat(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, reps):
        ctx.in_shape = tuple(x.shape)
        ctx.reps = reps
        data = x._data.reshape((1,) * (len(reps) - x.dim()) + tuple(x.shape))
        return wrap(x.xp.tile(data, reps))

    @staticmethod
    def backward(ctx, g):
        # fold each repeated dim into (repeats, size) and sum over the repeats
        shape = (1,) * (len(ctx.reps) - len(ctx.in_shape)) + ctx.in_shape
        split = []
        for r, s in zip(ctx.reps, shape):
            split += [r, s]
        summed = g.reshape(split).sum(tuple(range(0, 2 * len(shape), 2)))
        return summed.reshape(ctx.in_shape), None


def repeat(self, *sizes):
    reps = _size_args(sizes)
    if len(reps) < self.dim():
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number of dimensions of "
                           "tensor")
    if any(r < 0 for r in reps):
        padded = (1,) * (len(reps) - self.dim()) + tuple(self.shape)
        sizes = [r * s for r, s in zip(reps, padded)]
        raise RuntimeError("Trying to create tensor with negative dimension %d: %s" % (min(sizes), sizes))
    return Repeat.apply(self, reps)


def tile(input, dims):
    """torch.tile(input, dims): dims is a sequence (a bare int is torch's TypeError); missing leading dims are 1."""
    if not isinstance(dims, (tuple, list)):
        raise TypeError("tile(): argument 'dims' (position 2) must be tuple of ints, not %s" % type(dims).__name__)
    dims = _size_args(dims)
    return repeat(input, (1,) * (input.dim() - len(dims)) + dims)


def _tile_method(self, *dims):
    """Tensor.tile(2, 3), Tensor.tile((2, 3)): the sizes as separate arguments or one sequence."""
    return tile(self, _size_args(dims))


class Clone(Function):
    """A copy of x laid out in memory_format (preserve_format: x's own order of dims). Its gradient is g."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, memory_format):
        return wrap(layouts.arranged(x.xp, x._data, memory_format))

    @staticmethod
    def backward(ctx, g):
        return g, None


def clone(input, *, memory_format=preserve_format):
    return Clone.apply(input, preserve_format if memory_format is None else memory_format)


def contiguous(self, memory_format=contiguous_format):
    return self if layouts.is_laid_out(self, memory_format) else Clone.apply(self, memory_format)


# --- joining and splitting ------------------------------------------------------------------------------------------
class Cat(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, dim, *tensors):
        ctx.dim = dim
        ctx.skipped = [_legacy_empty(t) for t in tensors]
        ctx.sizes = [0 if skip else t.shape[dim] for t, skip in zip(tensors, ctx.skipped)]
        kept = [t._data for t, skip in zip(tensors, ctx.skipped) if not skip] or [tensors[0]._data]
        return wrap(tensors[0].xp.concatenate(kept, axis=dim))

    @staticmethod
    def backward(ctx, g):
        grads, start = [], 0
        for n, skip in zip(ctx.sizes, ctx.skipped):
            grads.append(g.new_zeros(0) if skip else g.narrow(ctx.dim, start, n))
            start += n
        return (None,) + tuple(grads)


def _legacy_empty(t):
    """torch.cat skips 1-d tensors of shape (0,), whatever the other tensors' shapes."""
    return t.dim() == 1 and t.shape[0] == 0


class Stack(Cat):
    pass


def cat(tensors, dim=0, *, out=None, axis=None, _node=Cat):
    dim = axis if axis is not None else dim
    tensors = list(_tensor_sequence("cat", tensors))
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    check_same_device("cat", *tensors)
    kept = [t for t in tensors if not _legacy_empty(t)] or tensors[:1]
    ref = kept[0]
    if ref.dim() == 0:
        raise RuntimeError("zero-dimensional tensor (at position 0) cannot be concatenated")
    d = _wrap_dim(dim, ref.dim())
    from .. import dtypes
    dt = ref.dtype
    for i, t in enumerate(kept):
        if t.dim() != ref.dim():
            raise RuntimeError("Tensors must have same number of dimensions: got %d and %d" % (ref.dim(), t.dim()))
        for k in range(ref.dim()):
            if k != d and t.shape[k] != ref.shape[k]:
                raise RuntimeError("Sizes of tensors must match except in dimension %d. Expected size %d but got "
                                   "size %d for tensor number %d in the list." % (d, ref.shape[k], t.shape[k], i))
    for t in tensors:
        dt = dtypes.promote_types(dt, t.dtype)
    result = _node.apply(d, *(t if t.dtype is dt else t.to(dt) for t in tensors))
    if out is not None:
        out._data = result._data
        return out
    return result


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    shape = tuple(tensors[0].shape)
    for i, t in enumerate(tensors):
        if tuple(t.shape) != shape:
            raise RuntimeError("stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d"
                               % (list(shape), list(t.shape), i))
    d = _wrap_dim(dim, len(shape) + 1)
    return cat([unsqueeze(t, d) for t in tensors], d, out=out, _node=Stack)


def _tensor_sequence(name, tensors):
    if isinstance(tensors, Tensor):
        raise TypeError("%s(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor" % name)
    return tensors


def _stack_inputs(name, tensors):
    tensors = list(_tensor_sequence(name, tensors))
    if not tensors:
        raise RuntimeError("%s expects a non-empty TensorList" % name)
    return tensors


def hstack(tensors):
    tensors = [t if t.dim() else t.reshape(1) for t in _stack_inputs("hstack", tensors)]
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def vstack(tensors):
    return cat([t.reshape(1, -1) if t.dim() < 2 else t for t in _stack_inputs("vstack", tensors)], 0)


row_stack = vstack


def dstack(tensors):
    """cat along dim 2 after atleast_3d: () -> (1, 1, 1), (n,) -> (1, n, 1), (m, n) -> (m, n, 1)."""
    def as_3d(t):
        return t.reshape(1, -1, 1) if t.dim() < 2 else t.unsqueeze(2) if t.dim() == 2 else t
    return cat([as_3d(t) for t in _stack_inputs("dstack", tensors)], 2)


def column_stack(tensors):
    """cat along dim 1 with every 0-d or 1-d tensor as a column (numel, 1)."""
    return cat([t.reshape(-1, 1) if t.dim() < 2 else t for t in _stack_inputs("column_stack", tensors)], 1)


def _integral(name, value):
    """An int argument that may also be given as a 0-d integer Tensor."""
    if isinstance(value, Tensor):
        if value.dim() or value.dtype.is_floating_point or value.dtype is _dt.bool_:
            raise RuntimeError("%s must be an 0-dim integral Tensor." % name)
        return int(value.item())
    return value


def narrow(input, dim, start, length):
    if input.dim() == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    start, length = _integral("start", start), _integral("length", length)
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d]
    if not -size <= start <= size:
        raise IndexError("start out of range (expected to be in range of [%d, %d], but got %d)" % (-size, size, start))
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start < 0:
        start += size
    if start + length > size:
        raise RuntimeError("start (%d) + length (%d) exceeds dimension size (%d)." % (start, length, size))
    index = (slice(None),) * d + (slice(start, start + length),)
    return input[index]


class Split(Function):
    """The pieces along dim as outputs of one node (views of x), whose backward concatenates their gradients."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, dim, sections):
        ctx.dim = dim
        lead, out, start = (slice(None),) * dim, [], 0
        for n in sections:
            out.append(wrap(x._data[lead + (slice(start, start + n),)]))
            start += n
        return tuple(out)

    @staticmethod
    def backward(ctx, *grads):
        return cat(grads, ctx.dim), None, None


class SplitWithSizes(Split):
    pass


def split(tensor, split_size_or_sections, dim=0):
    d = _wrap_dim(dim, tensor.dim())
    size = tensor.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step <= 0 and size:
            raise RuntimeError("split_size can only be 0 if dimension size is 0, but got dimension size of %d"
                               % size)
        sections = [builtins.min(step, size - s) for s in range(0, size, step)] if size else [0]
    else:
        sections = list(split_size_or_sections)
        if builtins.sum(sections) != size:
            raise RuntimeError("split_with_sizes expects split_sizes to sum exactly to %d (input tensor's size at "
                               "dimension %d), but got split_sizes=%s" % (size, d, sections))
    node = Split if isinstance(split_size_or_sections, int) else SplitWithSizes
    starts = [builtins.sum(sections[:i]) for i in range(len(sections))]
    return _multi_views("Split" if node is Split else "SplitWithSizes",
                        [_mark_view(out, tensor, lambda b, s=s, n=n: b.narrow(d, s, n))
                         for out, s, n in zip(node.apply(tensor, d, tuple(sections)), starts, sections)])


def _multi_views(name, views):
    """Mark the views one op returned together: torch refuses in-place writes to them while they need grad."""
    for i, v in enumerate(views):
        v._multi_view = "Output %d of %s" % (i, name)
    return tuple(views)


def tensor_split(input, indices_or_sections, dim=0):
    if isinstance(indices_or_sections, Tensor):  # a 0-d long tensor: sections; a 1-d one: indices
        if indices_or_sections.dtype is not _dt.int64:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to have dtype of long, but got %s"
                               % _type_name(indices_or_sections.dtype))
        if indices_or_sections.dim() > 1:
            raise RuntimeError("tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                               "one-dimensional tensor, but got a tensor with %d dims" % indices_or_sections.dim())
        indices_or_sections = indices_or_sections.tolist()
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d]
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        bounds = [i * (size // n) + builtins.min(i, size % n) for i in range(n + 1)]
    else:
        # each index as a slice bound: negative ones count from the end, all clamped to [0, size]
        bounds = [0] + [builtins.min(builtins.max(int(i) + size if i < 0 else int(i), 0), size)
                        for i in indices_or_sections] + [size]
    return tuple(narrow(input, d, a, builtins.max(b - a, 0)) for a, b in zip(bounds[:-1], bounds[1:]))


def chunk(input, chunks, dim=0):
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: %d" % chunks)
    if input.dim() == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d]
    if size == 0:  # torch gives `chunks` empty pieces, by split_with_sizes
        return split(input, [0] * chunks, dim)
    return split(input, -(-size // chunks), dim)


class Unbind(Function):
    """Every slice along dim as an output of one node, whose backward stacks their gradients at once (a node per
    slice would build a full-size gradient for each slice: quadratic in the length, e.g. of an RNN's sequence)."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        return tuple(wrap(a) for a in x.xp.moveaxis(x._data, dim, 0))

    @staticmethod
    def backward(ctx, *grads):
        return stack(grads, ctx.dim), None


def _no_dims_error(dim):
    return IndexError("Dimension specified as %d but tensor has no dimensions" % dim)


def unbind(input, dim=0):
    d = _wrap_dim(dim, input.dim())
    if input.dim() == 0:
        raise _no_dims_error(dim)
    return _multi_views("Unbind", [_mark_view(out, input, lambda b, i=i: b.select(d, i))
                                   for i, out in enumerate(Unbind.apply(input, d))])


def select(input, dim, index):
    d = _wrap_dim(dim, input.dim())
    size = input.shape[d]
    if not -size <= index < size:
        raise IndexError("select(): index %d out of range for tensor of size %s at dimension %d"
                         % (index, list(input.shape), d))
    return input[(slice(None),) * d + (index,)]


class Flip(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, dims):
        ctx.dims = dims
        return wrap(x.xp.flip(x._data, dims).copy())  # a copy, as torch's (even where flipping changes nothing)

    @staticmethod
    def backward(ctx, g):
        return g.flip(ctx.dims), None


def flip(input, *dims, **kwargs):
    """flip(x, dims), x.flip(*dims) or either with dims= (torch's keyword)."""
    if "dims" in kwargs:
        if dims:
            raise TypeError("flip() got multiple values for argument 'dims'")
        dims = kwargs.pop("dims")
        dims = (dims,) if isinstance(dims, (tuple, list)) else dims
    if kwargs:
        raise TypeError("flip() got an unexpected keyword argument '%s'" % next(iter(kwargs)))
    dims = tuple(_wrap_dim(d, input.dim()) for d in _size_args(dims))
    return Flip.apply(input, dims if input.dim() else ())


class Roll(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return wrap(x.xp.roll(x._data, shifts, dims))

    @staticmethod
    def backward(ctx, g):
        back = -ctx.shifts if isinstance(ctx.shifts, int) else tuple(-s for s in ctx.shifts)
        return Roll.apply(g, back, ctx.dims), None, None


def roll(input, shifts, dims=None):
    """Shift elements along dims, wrapping around; without dims the flattened tensor is rolled."""
    if dims is None:
        if not isinstance(shifts, int):
            if not len(shifts):
                raise RuntimeError("`shifts` required")
            if len(shifts) != 1:
                raise RuntimeError("shifts and dimensions must align. shifts: %d, dims:0" % len(shifts))
            shifts = shifts[0]
        return Roll.apply(input, int(shifts), None)  # NumPy's roll without an axis rolls the flattened array
    shifts = (shifts,) if isinstance(shifts, int) else tuple(shifts)
    dims = (dims,) if isinstance(dims, int) else tuple(dims)
    if input.dim() == 0 and dims:
        raise _no_dims_error(dims[0])
    if len(shifts) != len(dims):
        raise RuntimeError("shifts and dimensions must align. shifts: %d, dims:%d" % (len(shifts), len(dims)))
    return Roll.apply(input, shifts, tuple(_wrap_dim(d, input.dim()) for d in dims))


def fliplr(input):
    if input.dim() < 2:
        raise RuntimeError("fliplr: Input must be >= 2-d, got %d-d." % input.dim())
    return flip(input, 1)


def flipud(input):
    if input.dim() < 1:
        raise RuntimeError("flipud: Input must be >= 1-d, got 0-d.")
    return flip(input, 0)


def for_each_tensor(convert, tensors):
    """convert(t) of the atleast_*d functions' arguments: one tensor gives a tensor, several (or one list or tuple
    of them) a tuple."""
    one = len(tensors) == 1 and not isinstance(tensors[0], (list, tuple))
    if len(tensors) == 1 and not one:
        tensors = tensors[0]
    out = tuple(convert(t) for t in tensors)
    return out[0] if one else out


def atleast_1d(*tensors):
    """Each 0-d tensor as shape (1,)."""
    return for_each_tensor(lambda t: t.reshape(1) if t.dim() == 0 else t, tensors)


FUNCTIONS = ["reshape", "flatten", "unflatten", "ravel", "squeeze", "unsqueeze", "permute", "transpose", "swapaxes",
             "swapdims", "t", "movedim", "moveaxis", "broadcast_to", "broadcast_tensors", "tile", "clone", "cat",
             "concat", "concatenate", "stack", "hstack", "vstack", "narrow", "split", "tensor_split", "chunk",
             "unbind", "select", "flip", "roll", "fliplr", "flipud", "atleast_1d", "row_stack", "dstack",
             "column_stack"]
METHODS = {"view": view, "view_as": view_as, "reshape_as": reshape_as, "expand": expand, "expand_as": expand_as,
           "repeat": repeat, "tile": _tile_method, "contiguous": contiguous, "T": property(_T), "mT": property(_mT),
           "H": _conjugate_transpose("H", _H), "mH": _conjugate_transpose("mH", lambda self: _mT(self, "mH"))}
