"""Indexing: ``x[...]`` and ``x[...] = v``, gather/scatter, index_select, masked_fill/select, take, nonzero.

Reading with an index and accumulating into that index are each other's adjoints, so the two Functions below
(Getitem, IndexAccumulate) use each other in backward and every order of derivative works.
"""
from .. import backend
from .. import dtypes as _dt
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ..tensor import Tensor, _wrap_dim
from ._util import c10_name, wrap
from .arguments import check_bool
from .elementwise import Where
from .shape import _mark_view, expanded_shape


def _to_index_array(x, value, pos):
    xp = x.xp
    if isinstance(value, Tensor):
        dt = value.dtype
        arr = value._data.copy()  # a snapshot: the backward must not see a later in-place write to the index
    else:
        arr = xp.asarray(value)
        dt = _dt.from_numpy_dtype(arr.dtype) if arr.dtype.kind in "biuf" else None
        if arr.size == 0:
            arr = arr.astype("int64")
            dt = _dt.int64
    if dt is None or dt.is_floating_point:
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    if dt in (_dt.bool_, _dt.uint8):
        covered = tuple(x.shape[pos:pos + arr.ndim])
        if arr.ndim and tuple(arr.shape) != covered:
            k = _first_mismatch(arr.shape, covered)
            raise IndexError("The shape of the mask %s at index %d does not match the shape of the indexed tensor "
                             "%s at index %d" % (list(arr.shape), k, list(x.shape), pos + k))
        return tuple(arr.astype(bool).nonzero()), True
    if pos >= x.dim():
        raise IndexError("too many indices for tensor of dimension %d" % x.dim())
    size = x.shape[pos]
    if arr.size:
        hi, lo = int(arr.max()), int(arr.min())
        if hi >= size or lo < -size:
            raise IndexError("index %d is out of bounds for dimension %d with size %d"
                             % (hi if hi >= size else lo, pos, size))
    return arr, False


def _first_mismatch(a, b):
    return next((i for i, (m, n) in enumerate(zip(a, b)) if m != n), min(len(a), len(b)))


class _Then(tuple):
    """Two NumPy indices applied in turn: torch applies integers before advanced indices (NumPy would broadcast
    them together, which moves the advanced dimensions differently)."""


def _read(array, index):
    return array[index[0]][index[1]] if isinstance(index, _Then) else array[index]


def _region(array, index):
    """(view, index) such that ``view[index]`` addresses the elements ``index`` selects in array."""
    return (array[index[0]], index[1]) if isinstance(index, _Then) else (array, index)


def _ints_first(items):
    """Split an index mixing integers and advanced arrays into the basic part (integers, slices) and the rest."""
    first, then = [], []
    for item in items:
        if isinstance(item, int):
            first.append(item)
        elif item is None or isinstance(item, slice):
            first.append(item)
            then.append(slice(None))
        elif item is Ellipsis:
            first.append(item)
            then.append(item)
        elif item.ndim == 0:  # a Python bool: adds a dimension, consumes none
            then.append(item)
        else:
            first.append(slice(None))
            then.append(item)
    return _Then((tuple(first), tuple(then)))


def normalize_index(x, index):
    """A NumPy index for x's array and whether it is advanced (copying) indexing. Boolean masks become the
    integer arrays of their True positions, so every advanced index is a tuple of integer arrays."""
    if not isinstance(index, tuple):
        index = (index,)
    xp = x.xp
    out, advanced, dim = [], False, 0
    for pos, item in enumerate(index):
        if item is None:
            out.append(None)
        elif item is Ellipsis:
            out.append(Ellipsis)
            dim = x.dim() - sum(_dims_consumed(i) for i in index[pos + 1:])
        elif isinstance(item, bool):
            out.append(xp.asarray(item))
            advanced = True
        elif isinstance(item, slice):
            parts = [None if v is None else int(v) for v in (item.start, item.stop, item.step)]
            if parts[2] is not None and parts[2] <= 0:
                raise ValueError("step must be greater than zero" if parts[2] < 0 else "slice step cannot be zero")
            out.append(slice(*parts))
            dim += 1
        elif isinstance(item, (Tensor, list, tuple)) or backend.is_array(item):
            if isinstance(item, Tensor) and item.dim() == 0 and not item.dtype.is_floating_point \
                    and item.dtype is not _dt.bool_:
                out.append(_check_int(x, int(item.item()), dim))
                dim += 1
                continue
            arr, was_mask = _to_index_array(x, item, dim)
            if was_mask:
                out.extend(arr)
                dim += len(arr)
            else:
                out.append(arr)
                dim += 1
            advanced = True
        elif hasattr(item, "__index__"):
            out.append(_check_int(x, item.__index__(), dim))
            dim += 1
        else:
            raise IndexError("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
                             "valid indices (got %s)" % type(item).__name__)
    if advanced and any(isinstance(i, int) for i in out):
        return _ints_first(out), True
    if not advanced and Ellipsis not in out:
        out.append(Ellipsis)  # so that integers alone still give a (0-d) view, not a NumPy scalar
    return tuple(out), advanced


def _dims_consumed(item):
    """How many dimensions of the indexed tensor one index item uses up."""
    if item is None or item is Ellipsis or isinstance(item, bool):
        return 0
    if isinstance(item, Tensor) and item.dtype in (_dt.bool_, _dt.uint8):
        return item.dim()
    return 1


def _check_int(x, i, dim):
    if dim >= x.dim():
        raise IndexError("too many indices for tensor of dimension %d" % x.dim())
    size = x.shape[dim]
    if not -size <= i < size:
        raise IndexError("index %d is out of bounds for dimension %d with size %d" % (i, dim, size))
    return i


class Getitem(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, index, advanced):
        ctx.args = index, advanced, tuple(x.shape)
        out = _read(x._data, index)
        if advanced:  # a fresh C-contiguous array, as torch's index kernels return (NumPy's may be strided)
            out = x.xp.ascontiguousarray(out)
            out = out.copy() if x.xp.may_share_memory(out, x._data) else out
        return wrap(out)

    @staticmethod
    def backward(ctx, g):
        index, advanced, shape = ctx.args
        return IndexAccumulate.apply(g, index, advanced, shape), None, None


class IndexAccumulate(Function):
    """zeros(shape) with g added at index (repeated indices accumulate)."""
    _builtin = True

    @staticmethod
    def forward(ctx, g, index, advanced, shape):
        ctx.args = index, advanced
        xp = g.xp
        out = xp.zeros(shape, dtype=g.dtype.np)
        target, where = _region(out, index)
        if advanced:
            backend.add_at(xp, target, where, g._data)
        else:
            target[where] = g._data
        return wrap(out)

    @staticmethod
    def backward(ctx, gg):
        index, advanced = ctx.args
        return Getitem.apply(gg, index, advanced), None, None, None


class Select(Getitem):
    pass


class Slice(Getitem):
    pass


class Alias(Getitem):
    pass


class Index(Getitem):
    pass


class NewAxis(Getitem):
    node_name = "UnsqueezeBackward0"


class _ReadThroughIndexTensor(Getitem):
    """A read at the positions an index tensor gives: as torch saves the index, writing it in place before
    backward makes backward raise torch's "modified by an inplace operation". (The index comes in a tuple, not as
    a tensor argument: torch's node has no edge for it.)"""

    @staticmethod
    def forward(ctx, x, where, advanced, index):
        ctx.save_for_backward(*index)
        return Getitem.forward(ctx, x, where, advanced)

    @staticmethod
    def backward(ctx, g):
        ctx.saved_tensors  # (checks the index's version)
        return Getitem.backward(ctx, g) + (None,)


class Gather(_ReadThroughIndexTensor):
    pass


class IndexSelect(_ReadThroughIndexTensor):
    pass


def _read_node(idx, advanced):
    """The grad_fn torch names for an index: the last basic step it applies (a full ``:`` counts only alone)."""
    if advanced:
        return Index
    steps = [i for i in idx if i is not Ellipsis and i != slice(None)]
    if not steps:
        return Slice if slice(None) in idx else Alias
    last = steps[-1]
    return Select if isinstance(last, int) else Slice if isinstance(last, slice) else NewAxis


def getitem(self, index):
    idx, advanced = normalize_index(self, index)
    out = _read_node(idx, advanced).apply(self, idx, advanced)
    if not advanced:
        _mark_view(out, self, lambda b: b[index])
    return out


class IndexPut(Function):
    """x with values written at index (a copy); the overwritten positions pass no gradient back to x."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, values, index, advanced, accumulate):
        ctx.args = index, advanced, accumulate, tuple(values.shape)
        out = x._data.copy()
        target, where = _region(out, index)
        if accumulate:
            backend.add_at(x.xp, target, where, x.xp.broadcast_to(values._data, target[where].shape))
        else:
            target[where] = values._data
        return wrap(out)

    @staticmethod
    def backward(ctx, g):
        index, advanced, accumulate, vshape = ctx.args
        gx = g
        if not accumulate:
            keep = Tensor._ones(g.shape, _dt.bool_, g.device)
            target, where = _region(keep._data, index)
            target[where] = False
            from .elementwise import where as select
            gx = select(keep, g, g.new_zeros(()))  # overwritten: an exact 0, never g * 0 (NaN where g is inf)
        gv = Getitem.apply(g, index, advanced)
        return gx, gv.sum_to_size(vshape) if tuple(gv.shape) != vshape else gv, None, None, None


class SetItem(IndexPut):
    """``x[index] = v``: torch names the node of every write through an index CopySlices."""
    node_name = "CopySlices"
    node_namespace = "torch::autograd::"


def _values_for(self, value):
    if isinstance(value, Tensor):
        if value.device != self.device and value.dim():
            raise RuntimeError("Expected all tensors to be on the same device, but found at least two devices")
        return value if value.dtype is self.dtype else value.to(self.dtype)
    return Tensor._make(self.xp.asarray(value, dtype=self.dtype.np))


def setitem(self, index, value):
    idx, advanced = normalize_index(self, index)
    if not advanced and self.grad_fn is None and self._requires_grad and is_grad_enabled():
        raise RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.")
    values = _values_for(self, value)
    vshape = tuple(values.shape)
    target_shape = _read(self._data, idx).shape
    while len(vshape) > len(target_shape) and vshape[0] == 1:  # leading size-1 dims of the value are dropped
        vshape = vshape[1:]
    expanded_shape(values, vshape, target_shape)  # raises torch's error when the value does not fit
    if vshape != tuple(values.shape):
        values = values.reshape(vshape)
    dual = self._fw_grad is not None or values._fw_grad is not None  # (forward AD: the tangent is written too)
    if is_grad_enabled() and (self.requires_grad or values.requires_grad) or dual:
        self._apply_inplace(SetItem.apply(self, values, idx, advanced, False), "copy_ (index_put_)")
    else:
        self._check_inplace_allowed("index_put_")
        target, where = _region(self._data, idx)
        target[where] = values._data
        self._bump_version("index_put_")


def index_put(input, indices, values, accumulate=False):
    idx, advanced = normalize_index(input, tuple(indices))
    return IndexPut.apply(input, _values_for(input, values), idx, advanced, accumulate)


def _index_put_(self, indices, values, accumulate=False):
    return self._apply_inplace(index_put(self, indices, values, accumulate), "index_put_")


# --- gather / scatter ----------------------------------------------------------------------------------------------
def _along(index, dim):
    """An advanced index that addresses, for every position of index, the element index[pos] along dim."""
    xp = index.xp
    grids = list(xp.ogrid[tuple(slice(0, s) for s in index.shape)]) if index.dim() else []
    grids[dim] = index._data
    return tuple(grids)


def _check_gather(name, input, dim, index, src=None):
    """torch's checks of gather/scatter arguments (none at all for an empty index); src: scatter's src tensor.
    A 0-d tensor counts as 1-d of one element."""
    if not index.numel():
        return
    if index.dtype is not _dt.int64 and index.dtype is not _dt.int32:
        raise RuntimeError("%s(): Expected dtype int32/int64 for index" % name)
    sizes = [list(t.shape) or [1] for t in (input, index, src if src is not None else index)]
    for other, what in ((sizes[0], "input" if name == "gather" else "self"), (sizes[2], "src")):
        if len(other) != len(sizes[1]):
            raise RuntimeError("Index tensor must have the same number of dimensions as %s tensor" % what)
    for d, n in enumerate(sizes[1]):
        if n > sizes[2][d] or d != dim and n > sizes[0][d]:
            shapes = (list(index.shape), list(input.shape))
            if name == "gather":
                raise RuntimeError("Size does not match at dimension %d expected index %s to be no larger than self "
                                   "%s apart from dimension %d" % ((d,) + shapes + (dim,)))
            raise RuntimeError("Expected index %s to be no larger than self %s apart from dimension %d%s"
                               % (shapes + (dim, "" if src is None else " and to be no larger size than src %s"
                                            % list(src.shape))))
    hi, lo = int(index._data.max()), int(index._data.min())
    size = input.shape[dim] if input.dim() else 1
    if hi >= size or lo < -size:
        raise RuntimeError("index %d is out of bounds for dimension %d with size %d"
                           % (hi if hi >= size else lo, dim, size))


def _has_0d(*tensors):
    """torch treats a 0-d input, index or src of gather/scatter as a 1-d tensor of one element."""
    return any(isinstance(t, Tensor) and t.dim() == 0 for t in tensors)


def _as_1d(t):
    return t.reshape(-1) if isinstance(t, Tensor) and t.dim() == 0 else t


def gather(input, dim, index, *, sparse_grad=False):
    d = _wrap_dim(dim, input.dim())
    _check_gather("gather", input, d, index)
    if not index.numel():  # torch checks nothing then: the result is just empty, of index's shape
        return input.reshape(-1)[:0].reshape(tuple(index.shape))
    if _has_0d(input, index):
        return gather(_as_1d(input), 0, _as_1d(index)).reshape(tuple(index.shape))
    return Gather.apply(input, _along(index, d), True, (index,))


class Scatter(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, src, where, reduce):
        ctx.args = where, reduce, tuple(src.shape)
        out = x._data.copy()
        vals = src._data[tuple(slice(0, s) for s in out[where].shape)] if src.dim() else src._data
        if reduce == "add":
            backend.add_at(x.xp, out, where, x.xp.broadcast_to(vals, out[where].shape))
        elif reduce == "multiply":
            x.xp.multiply.at(out, where, vals)
        else:
            out[where] = vals
        return wrap(out)

    @staticmethod
    def backward(ctx, g):
        where, reduce, src_shape = ctx.args
        gx = g
        if reduce is None:
            keep = Tensor._ones(g.shape, g.dtype, g.device)
            keep._data[where] = 0
            gx = g * keep
        gsrc = Getitem.apply(g, where, True)
        if not src_shape:
            gsrc = gsrc.sum()
        elif tuple(gsrc.shape) != src_shape:  # src larger than index: its unused part gets zeros
            gsrc = IndexAccumulate.apply(gsrc, tuple(slice(0, s) for s in gsrc.shape), False, src_shape)
        return gx, gsrc, None, None

    @staticmethod
    def jvp(ctx, x_t, src_t, *_):
        # the tangents written as the values were (where an index repeats, the value written wins, and so does its
        # tangent: the double-vjp rule would add up the repeats' tangents)
        where, reduce, _ = ctx.args
        if reduce is not None and ctx._forward_cls is not ScatterAdd:
            raise NotImplementedError("Trying to use forward AD with aten::scatter that does not support it.")
        return ctx._forward_cls.apply(x_t, src_t, where, reduce)


class ScatterValue(Scatter):
    node_name = "ScatterBackward1"


class ScatterAdd(Scatter):
    pass


def scatter(input, dim, index, src=None, value=None, *, reduce=None, _node=None):
    d = _wrap_dim(dim, input.dim())
    if src is None:
        src = value
    _check_gather("scatter", input, d, index, src if isinstance(src, Tensor) else None)
    if _has_0d(input, index) or not index.numel() and index.dim() != input.dim():
        if not index.numel():  # an empty index of other dims (torch checks nothing then) writes nothing
            return input.clone()
        out = scatter(_as_1d(input), 0, _as_1d(index), _as_1d(src), reduce=reduce, _node=_node)
        return out.reshape(tuple(input.shape))
    node = _node or Scatter
    if not isinstance(src, Tensor):
        src = Tensor._make(input.xp.asarray(src, dtype=input.dtype.np))
        node = ScatterValue
    elif src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    return node.apply(input, src, _along(index, d), {"add": "add", "multiply": "multiply"}.get(reduce))


def scatter_add(input, dim, index, src):
    return scatter(input, dim, index, src, reduce="add", _node=ScatterAdd)


def index_select(input, dim, index):
    d = _wrap_dim(dim, input.dim()) if input.dim() else 0
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype.is_floating_point:
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if input.dim() == 0:  # index holds exactly one 0: the result is input itself
        if index.numel() != 1:
            raise RuntimeError("index_select(): Index to scalar can have only 1 value, got %d value(s)"
                               % index.numel())
        if int(index.item()) != 0:
            raise IndexError("index out of range in self")
        return Getitem.apply(input.reshape(1), (index._data.reshape(-1),), True).reshape(())
    size = input.shape[d]
    if index.numel() and (int(index._data.max()) >= size or int(index._data.min()) < 0):
        raise IndexError("index out of range in self")
    where = (slice(None),) * d + (index._data.reshape(-1),)
    return IndexSelect.apply(input, where, True, (index,))


class MaskedFill(Where):
    pass


def masked_fill(input, mask, value):
    if mask.dtype is not _dt.bool_:
        raise RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype %s"
                           % c10_name(mask.dtype))
    from .elementwise import broadcast_shapes
    broadcast_shapes(tuple(mask.shape), tuple(input.shape))  # (torch's error for shapes that do not broadcast)
    if isinstance(value, Tensor):
        if value.dim():
            raise RuntimeError("masked_fill_ only supports a 0-dimensional value tensor, but got tensor with %d "
                               "dimension(s)." % value.dim())
        value = value.to(input.dtype)
    else:
        value = Tensor._make(input.xp.asarray(value, dtype=input.dtype.np))
    return MaskedFill.apply(mask, value, input)


def masked_select(input, mask):
    from .shape import broadcast_tensors
    a, m = broadcast_tensors(input, mask)
    return a.reshape(-1)[m.reshape(-1)]


def take(input, index):
    if index.dtype is not _dt.int64:
        raise RuntimeError("take(): Expected a long tensor for index, but got %s" % c10_name(index.dtype))
    return input.reshape(-1)[index]


def take_along_dim(input, indices, dim=None):
    """gather with input and indices broadcast against each other in every dim but ``dim``."""
    if dim is None:
        return input.reshape(-1)[indices.reshape(-1)]
    if input.dim() != indices.dim():
        raise RuntimeError("torch.take_along_dim(): input and indices should have the same number of dimensions, "
                           "but got %d dimensions for input, and %d dimensions for indices"
                           % (input.dim(), indices.dim()))
    from .elementwise import broadcast_shapes
    d = _wrap_dim(dim, input.dim())
    common = list(broadcast_shapes(*(tuple(t.shape[:d]) + (1,) + tuple(t.shape[d + 1:]) for t in (input, indices))))
    input = input.expand(common[:d] + [input.shape[d]] + common[d + 1:])
    indices = indices.expand(common[:d] + [indices.shape[d]] + common[d + 1:])
    return gather(input, d, indices)


def nonzero(input, *, as_tuple=False):
    check_bool("nonzero", "as_tuple", None, as_tuple)
    idx = input.xp.nonzero(input._data if input.dim() else input._data.reshape(1))
    if as_tuple:
        return tuple(wrap(i.astype("int64")) for i in idx)
    xp = input.xp
    if not input.dim():  # one row per nonzero (0 or 1 of them), with no coordinates
        return wrap(xp.zeros((len(idx[0]), 0), dtype="int64"))
    return wrap(xp.stack(idx, axis=1).astype("int64"))


def argwhere(input):
    return nonzero(input)


FUNCTIONS = ["gather", "scatter", "scatter_add", "index_select", "masked_fill", "masked_select", "take",
             "take_along_dim", "nonzero", "argwhere", "index_put"]
METHODS = {"__getitem__": getitem, "__setitem__": setitem, "index_put_": _index_put_}
INPLACE_OF = {"scatter_": scatter, "scatter_add_": scatter_add, "masked_fill_": masked_fill}
