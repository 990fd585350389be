"""Strided views and scatters, and Tensor predicates.

Storage, as torch means it: a tensor's array is a window on the memory its NumPy/CuPy ``.base`` chain ends in (the
owner). That memory, in the tensor's elements, is the storage: ``storage_offset()`` counts elements from its start
and ``stride()`` is in elements. A tensor an op made is the whole of a fresh array, so its offset is 0 and its
strides are those of the array's layout (torch-contiguous, or the layout torch's op keeps, e.g. ``x.t() * 2``).
``as_strided`` addresses that storage directly and returns a real view of it.
"""
import builtins

from .. import backend
from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ..tensor import Tensor, _type_name, _wrap_dim
from ._util import require_tensors, wrap
from .arguments import ints_error, sections_error
from .elementwise import allclose, equal
from .extra import scatter_reduce
from .index import index_put, masked_fill
from .shape import _mark_view, chunk, split, tensor_split


# --- storage geometry ---------------------------------------------------------------------------------------------
def _pointer(array):
    """The address of array's first element (a NumPy array's interface, or a CuPy array's device pointer)."""
    interface = getattr(array, "__array_interface__", None)
    return interface["data"][0] if interface is not None else array.data.ptr


def _owner(array):
    """The array at the end of array's .base chain: the one whose memory every view of it addresses (as_strided's
    arrays hold their source through a holder object with a .base of its own)."""
    while True:
        base = array.base
        if not isinstance(base, type(array)):
            base = getattr(base, "base", None)
            if not isinstance(base, type(array)):
                return array
        array = base


def _storage(t):
    """(owner array, storage offset in t's elements, storage size in t's elements)."""
    owner, size = _owner(t._data), t.dtype.itemsize
    extent = owner.dtype.itemsize + builtins.sum((n - 1) * s for n, s in zip(owner.shape, owner.strides))
    extent = extent if owner.size else 0
    return owner, (_pointer(t._data) - _pointer(owner)) // size, extent // size


def storage_offset(self):
    return _storage(self)[1]


_offset_of = storage_offset  # (as_strided's parameter of that name hides the function)


def _required_storage(size, stride, offset):
    """The number of elements a (size, stride, offset) view needs its storage to hold."""
    if 0 in size:
        return 0
    return offset + 1 + builtins.sum((n - 1) * s for n, s in zip(size, stride))


def _check_geometry(size, stride, offset):
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError("as_strided: Negative strides are not supported at the moment, got strides: %s"
                           % list(stride))
    if any(n < 0 for n in size):
        raise RuntimeError("Storage size calculation overflowed with sizes=%s and strides=%s"
                           % (list(size), list(stride)))
    if offset < 0:
        raise RuntimeError("Tensor: invalid storage offset %d" % offset)


def _strided_array(t, size, stride, offset, writeable=False):
    """The array viewing t's storage with (size, stride, offset) in elements; torch's error when out of bounds.
    Read-only where a dim repeats one element (stride 0), unless `writeable`: torch refuses in-place writes there."""
    owner, _, available = _storage(t)
    need, item = _required_storage(size, stride, offset), t.dtype.itemsize
    if need > available:
        raise RuntimeError("setStorage: sizes %s, strides %s, storage offset %d, and itemsize %d requiring a storage "
                           "size of %d are out of bounds for storage of size %d"
                           % (list(size), list(stride), offset, item, need * item, available * item))
    tricks = t.xp.lib.stride_tricks
    raw = tricks.as_strided(owner, (available * item // owner.dtype.itemsize,), (owner.dtype.itemsize,))
    start = raw.view(t.xp.uint8)[offset * item:(offset + builtins.max(need - offset, 0)) * item].view(t.dtype.np)
    out = tricks.as_strided(start, tuple(size), tuple(s * item for s in stride))
    if not writeable and any(s == 0 and n > 1 for n, s in zip(size, stride)):
        _read_only(out)
    return out


def _read_only(array):
    """Refuse writes into array (NumPy's flag; CuPy arrays have none)."""
    if hasattr(array.flags, "writeable"):
        array.flags.writeable = False


def _positions(xp, size, stride, offset):
    """The storage index of every element of a (size, stride, offset) view, as an int64 array of shape size."""
    index = xp.full(tuple(size), offset, dtype=xp.int64)
    for d, (n, s) in enumerate(zip(size, stride)):
        index += (xp.arange(n, dtype=xp.int64) * s).reshape((n,) + (1,) * (len(size) - d - 1))
    return index


def _geometry(t):
    return tuple(t.shape), t.stride(), storage_offset(t)


class AsStrided(Function):
    """The view of x's storage with the given geometry. Backward (as torch's): the gradient is summed into the
    storage positions it came from (overlapping windows accumulate) and read back in x's geometry (divided by how
    many of x's elements share a position, where x itself overlaps)."""
    _builtin = True
    node_name = "AsStridedBackward0"

    @staticmethod
    def forward(ctx, x, size, stride, offset):
        ctx.x_geometry, ctx.out_geometry = _geometry(x), (size, stride, offset)
        return wrap(_strided_array(x, size, stride, offset))

    @staticmethod
    def backward(ctx, g):
        xp = g.xp
        out_pos = _positions(xp, *ctx.out_geometry).reshape(-1)
        in_pos = _positions(xp, *ctx.x_geometry)
        length = int(builtins.max(out_pos.max(initial=-1), in_pos.max(initial=-1))) + 1
        storage = g.new_zeros(length).index_add(0, wrap(out_pos), g.reshape(-1))
        grad = storage.take(wrap(in_pos))
        counts = xp.bincount(in_pos.reshape(-1), minlength=length)[in_pos]
        if counts.size and counts.max() > 1:
            grad = grad / wrap(counts.astype(g.dtype.np))
        return grad, None, None, None


def _sizes(name, value):
    if isinstance(value, Tensor) or not isinstance(value, (tuple, list)):
        raise TypeError("as_strided(): argument '%s' must be tuple of ints, not %s" % (name, type(value).__name__))
    return tuple(int(v) for v in value)


class AsStridedInPlace(AsStrided):
    node_name = "AsStridedBackward1"


def as_strided(input, size, stride, storage_offset=None):
    return _as_strided(input, size, stride, storage_offset, AsStrided)


def _as_strided(input, size, stride, storage_offset, node):
    size, stride = _sizes("size", size), _sizes("stride", stride)
    offset = _offset_of(input) if storage_offset is None else int(storage_offset)
    _check_geometry(size, stride, offset)
    out = node.apply(input, size, stride, offset)
    return _mark_view(out, input, _window_of(_geometry(input), size, stride, offset))


def _window_of(geometry, size, stride, offset):
    """The view function of an as_strided view: the same window of a tensor in the place of the one it was taken
    from (whose geometry was `geometry`), moved with that tensor's own offset; a tensor laid out otherwise (a
    gradient) is first copied into that geometry."""
    length = builtins.max(_required_storage(*geometry), _required_storage(size, stride, offset))

    def window(v):
        _, v_offset, v_storage = _storage(v)
        if v.stride() != geometry[1] or tuple(v.shape) != geometry[0] or v_storage - v_offset < length - geometry[2]:
            v = Restride.apply(v, geometry, length)
        return as_strided(v, size, stride, offset - geometry[2] + _offset_of(v))
    return window


def as_strided_(self, size, stride, storage_offset=None):
    """self becomes the view as_strided(self, ...) (its version bumped, as torch's)."""
    if self.grad_fn is None and self.requires_grad:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    view = _as_strided(self, size, stride, storage_offset, AsStridedInPlace)
    self._data = view._data
    if self._base is not None:  # still a view of its base, rebuilt from it by the new geometry
        self._view_fn = view._view_fn
    self._bump_version("as_strided_")
    if view.requires_grad:
        self._set_history(view.grad_fn, view._output_nr)
    return self


def _clone_layout(x):
    """x copied as torch's clone lays it out: dense in the order of x's strides (x's own strides, when dense)."""
    return x._data.copy(order="K")


class Restride(Function):
    """x's values in a fresh storage of `length` elements, at the positions of geometry (x's size, a stride and an
    offset): a copy whose storage as_strided addresses as it would the tensor that had that geometry."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, geometry, length):
        storage = wrap(x.xp.zeros(length, dtype=x.dtype.np))
        _strided_array(storage, *geometry, writeable=True)[...] = x._data
        # read-only: a write into the copy could not reach x (CopySlices' mask of a base laid out otherwise)
        _read_only(storage._data)
        return wrap(_strided_array(storage, *geometry))

    @staticmethod
    def backward(ctx, g):
        return g, None, None


class AsStridedScatter(Function):
    """input cloned (in torch's clone layout), with the as_strided window of the clone overwritten by src."""
    _builtin = True

    @staticmethod
    def forward(ctx, input, src, size, stride, offset):
        out = wrap(_clone_layout(input))
        ctx.geometry = size, stride, offset
        ctx.out_geometry = _geometry(out)
        ctx.length = builtins.max(_required_storage(*ctx.out_geometry), _required_storage(size, stride, offset))
        _strided_array(out, size, stride, offset, writeable=True)[...] = src._data
        return out

    @staticmethod
    def backward(ctx, g):
        size, stride, offset = ctx.geometry
        g = Restride.apply(g, ctx.out_geometry, ctx.length)
        window = as_strided(g, size, stride, offset)
        # input's gradient as torch 2.13 computes it: g's window in place, zero elsewhere (not g outside it)
        return (as_strided_scatter(g.new_zeros(g.shape), window, size, stride, offset), window.clone(),
                None, None, None)

    @staticmethod
    def jvp(ctx, input_t, src_t, *_):
        # the tangents scattered as the values were (torch's forward AD; its backward, above, is not the adjoint)
        return AsStridedScatter.apply(input_t, src_t, *ctx.geometry)


def as_strided_scatter(input, src, size, stride, storage_offset=None):
    size, stride = _sizes("size", size), _sizes("stride", stride)
    offset = 0 if storage_offset is None else int(storage_offset)
    _check_geometry(size, stride, offset)
    if tuple(src.shape) != size:
        raise RuntimeError("expected src to have a size equal to the slice of self. src size = %s, slice size = %s"
                           % (list(src.shape), list(size)))
    if input.requires_grad and is_grad_enabled() and not input.is_contiguous():
        raise RuntimeError("!self.requires_grad() || self.is_contiguous() INTERNAL ASSERT FAILED: as_strided_scatter "
                           "is currently only supported for contiguous inputs")
    return AsStridedScatter.apply(input, src.to(input.dtype), size, stride, offset)


# --- scatters into views -----------------------------------------------------------------------------------------
def _scatter_into(input, src, view_of):
    """input cloned, with the view view_of(clone) overwritten by src (which must have the view's shape)."""
    out = input.clone()
    window = view_of(out)
    if tuple(src.shape) != tuple(window.shape):
        raise RuntimeError("expected src to have a size equal to the slice of self. src size = %s, slice size = %s"
                           % (list(src.shape), list(window.shape)))
    window.copy_(src)
    return out


def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    d = _wrap_dim(dim, input.dim())
    return _scatter_into(input, src, lambda t: t[(slice(None),) * d + (slice(start, end, step),)])


def select_scatter(input, src, dim, index):
    return _scatter_into(input, src, lambda t: t.select(dim, index))


def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    return _scatter_into(input, src, lambda t: t.diagonal(offset, dim1, dim2))


# --- splits ----------------------------------------------------------------------------------------------------------
def split_with_sizes(input, split_sizes, dim=0):
    return split(input, list(split_sizes), dim)


def _unsafe(views):
    """The pieces as torch's unsafe ops give them: sharing the input's memory, but no views for autograd (no base, a
    version counter of their own, and so no guard on in-place writes)."""
    for v in views:
        v.__dict__.pop("_multi_view", None)
        v._base = v._view_fn = v._vc = None
    return views


def unsafe_split(input, split_size, dim=0):
    return _unsafe(split(input, split_size, dim))


def unsafe_split_with_sizes(input, split_sizes, dim=0):
    return _unsafe(split(input, list(split_sizes), dim))


def unsafe_chunk(input, chunks, dim=0):
    return _unsafe(chunk(input, chunks, dim))


def _split_along(name, dim, least, input, indices_or_sections):
    """tensor_split along dim for hsplit/vsplit/dsplit, where an int must divide the dim's size."""
    if input.dim() < least:
        raise RuntimeError("torch.%s requires a tensor with at least %d dimension, but got a tensor with %d "
                           "dimensions!" % (name, least, input.dim()))
    if isinstance(indices_or_sections, int):
        size = input.shape[dim]
        if indices_or_sections == 0 or size % indices_or_sections:
            raise RuntimeError("torch.%s attempted to split along dimension %d, but the size of the dimension %d is "
                               "not divisible by the split_size %d!" % (name, dim, size, indices_or_sections))
    else:  # indices as torch takes them: negative ones from the end, all clamped into [0, size]
        wrong = ints_error(name, "indices", 2, indices_or_sections, False)
        if wrong is not None:  # (the method's argument check has caught this before; the function's has not)
            raise sections_error(name, indices_or_sections, False, wrong)
        size = input.shape[dim]
        indices_or_sections = [builtins.max(0, builtins.min(i + size if i < 0 else i, size))
                               for i in indices_or_sections]
    return tensor_split(input, indices_or_sections, dim)


def hsplit(input, indices_or_sections):
    return _split_along("hsplit", 0 if input.dim() == 1 else 1, 1, input, indices_or_sections)


def vsplit(input, indices_or_sections):
    return _split_along("vsplit", 0, 2, input, indices_or_sections)


def dsplit(input, indices_or_sections):
    return _split_along("dsplit", 2, 3, input, indices_or_sections)


# --- writes at flat positions ----------------------------------------------------------------------------------------
def _fill_diagonal(self, fill_value, wrap=False):
    """self with fill_value on its main diagonal (every dim equal, or 2-d: wrap restarts it below a tall matrix)."""
    shape = tuple(self.shape)
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and len(set(shape)) != 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    step, stride = 0, 1  # one step along every dim at once, in row-major element positions
    for n in reversed(shape):
        step, stride = step + stride, stride * n
    end = self.numel() if wrap and len(shape) == 2 else builtins.min(shape) * step
    mask = self.xp.zeros(self.numel(), dtype=bool)
    mask[0:end:step] = True
    return masked_fill(self, Tensor._make(mask.reshape(shape)), fill_value)


def put(input, index, source, accumulate=False):
    """input with input.flatten()[index] = source (or += with accumulate); index counts row-major, may be < 0."""
    if index.dtype is not _dt.int64:
        raise RuntimeError("put_(): Expected a long tensor for index, but got %s" % _type_name(index.dtype))
    if source.dtype is not input.dtype:
        raise RuntimeError("put_(): self and source expected to have the same dtype, but got self.dtype = %s and "
                           "source.dtype = %s" % (_type_name(input.dtype), _type_name(source.dtype)))
    if source.numel() != index.numel():
        raise IndexError("put_(): Expected source and index to have the same number of elements, but got "
                         "source.numel() = %d, index.numel() = %d" % (source.numel(), index.numel()))
    n = input.numel()
    for i in index._data.reshape(-1).tolist():
        if not -n <= i < n:
            raise IndexError("out of range: tried to access index %d on a tensor of %d elements." % (i, n))
    flat = index_put(input.reshape(-1), (index.reshape(-1),), source.reshape(-1), accumulate)
    return flat.reshape(tuple(input.shape))


_INDEX_REDUCTIONS = ("prod", "mean", "amax", "amin")


def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """Each input slice along dim at index[i] reduced with source's slice i (and itself, with include_self)."""
    if reduce not in _INDEX_REDUCTIONS:
        raise RuntimeError("index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got %s."
                           % reduce)
    if input.dim() == 0 and source.dim() == 0 and index.numel() == 1 and not index.is_floating_point():
        _wrap_dim(dim, 0)
        if int(index.reshape(-1)[0]) != 0:
            raise IndexError("index out of range in self")
        # one scatter node on the 0-d operands (an in-place index_reduce_ keeps a copy of what it overwrites)
        return scatter_reduce(input, 0, index.reshape(()).to(_dt.int64), source, reduce, include_self=include_self)
    if input.dim() == 0 or source.dim() == 0:  # torch treats a 0-d self or source as 1-d of one element
        return index_reduce(input.reshape(-1), dim, index, source.reshape(-1), reduce,
                            include_self=include_self).reshape(tuple(input.shape))
    d = _wrap_dim(dim, input.dim())
    if index.dim() > 1:
        raise IndexError("index_reduce_(): Index is supposed to be a vector, but got dim: %d with type: %s and size: "
                         "%s" % (index.dim(), _type_name(index.dtype), list(index.shape)))
    if source.dtype is not input.dtype:
        raise RuntimeError("index_reduce_(): self (%s) and source (%s) must have the same scalar type"
                           % (_type_name(input.dtype), _type_name(source.dtype)))
    count = source.shape[d] if source.dim() else 1
    if index.numel() != count:
        raise RuntimeError("index_reduce_(): Number of indices (%d) should be equal to source.size(dim): (%d), for "
                           "dim: %d" % (index.numel(), count, d))
    others = [[n for k, n in enumerate(t.shape) if k != d] for t in (input, source)]
    if others[0] != others[1]:
        raise RuntimeError("source tensor shape must match self tensor shape, excluding the specified dimension. "
                           "Got self.shape = %s source.shape = %s" % (list(input.shape), list(source.shape)))
    if index.numel() and not bool(((index >= 0) & (index < input.shape[d])).all()):
        raise IndexError("index out of range in self")
    shape = [1] * source.dim()
    shape[d] = -1
    spread = index.to(_dt.int64).reshape(shape).expand(tuple(source.shape))
    return scatter_reduce(input, d, spread, source, reduce, include_self=include_self)


# --- predicates and conversions that change nothing on real tensors --------------------------------------------------
def is_nonzero(input):
    if input.numel() != 1:
        raise RuntimeError("Boolean value of Tensor with %s is ambiguous"
                           % ("no values" if input.numel() == 0 else "more than one value"))
    return bool(input._data.reshape(-1)[0] != 0)


def is_same_size(input, other):
    require_tensors("is_same_size", input=input, other=other)
    return tuple(input.shape) == tuple(other.shape)


def is_complex(input):
    require_tensors("is_complex", input=input)
    return input.dtype.is_complex


def is_signed(input):
    require_tensors("is_signed", input=input)
    return input.dtype not in (_dt.bool_, _dt.uint8)


def _always_false(name, why):
    def predicate(input):
        require_tensors(name, input=input)
        return False
    predicate.__name__ = predicate.__qualname__ = name
    predicate.__doc__ = "False: %s." % why
    return predicate


is_conj = _always_false("is_conj", "a real tensor has no lazy conjugate")
is_neg = _always_false("is_neg", "a real tensor has no lazy negation")
is_inference = _always_false("is_inference", "inference_mode runs as no_grad: it makes ordinary tensors")


def _unchanged(name):
    def conversion(input):
        require_tensors(name, input=input)
        return input  # a real tensor is its own conjugate, with nothing to resolve: torch returns it unchanged
    conversion.__name__ = conversion.__qualname__ = name
    return conversion


resolve_conj, resolve_neg = (_unchanged(n) for n in ("resolve_conj", "resolve_neg"))


# --- memory: strided allocation, pinning, sharing ------------------------------------------------------------------
def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor with the given element strides over fresh storage (zero-filled: its values are unspecified)."""
    size, stride = tuple(int(n) for n in size), tuple(int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError("dimensionality of sizes (%d) must match dimensionality of strides (%d)"
                           % (len(size), len(stride)))
    _check_geometry(size, stride, 0)
    dtype = _dt.as_dtype(dtype) if dtype is not None else _dt.get_default_dtype()
    xp = backend.array_module(backend.as_device(device or "cpu"))
    storage = Tensor._make(xp.zeros(_required_storage(size, stride, 0), dtype=dtype.np))
    return Tensor._leaf(_strided_array(storage, size, stride, 0), requires_grad)


def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                      pin_memory=False):
    return empty_strided(size, stride, dtype=dtype or self.dtype, device=device or self.device,
                         requires_grad=requires_grad)


def is_pinned(self, device=None):
    return False


def pin_memory(self, device=None):
    raise RuntimeError("Cannot access accelerator device when none is available.")


def share_memory_(self):
    self.__dict__["_shared"] = True  # CPU memory is shared by every tensor viewing it already
    return self


def is_shared(self):
    return self.__dict__.get("_shared", False)


def _is_cpu(self):
    return self.device.type == "cpu"


FUNCTIONS = ["as_strided", "as_strided_scatter", "slice_scatter", "select_scatter", "diagonal_scatter",
             "split_with_sizes", "unsafe_split", "unsafe_split_with_sizes", "unsafe_chunk", "hsplit", "vsplit",
             "dsplit", "put", "index_reduce", "is_nonzero", "is_same_size", "is_signed", "is_complex", "is_conj",
             "is_neg", "is_inference", "resolve_conj", "resolve_neg", "empty_strided"]
NOT_METHODS = ["empty_strided"]
def _equal_method(self, other):
    require_tensors("equal", other=other)  # (x.equal(1): position 1, after self)
    return equal(self, other)


METHODS = {"as_strided_": as_strided_, "storage_offset": storage_offset, "allclose": allclose, "equal": _equal_method,
           "new_empty_strided": new_empty_strided, "is_pinned": is_pinned, "pin_memory": pin_memory,
           "share_memory_": share_memory_, "is_shared": is_shared, "is_cpu": property(_is_cpu)}
INPLACE_OF = {"fill_diagonal_": _fill_diagonal, "put_": put, "index_reduce_": index_reduce}
