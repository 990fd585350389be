"""Memory formats: the order a tensor's dims are laid out in memory (torch.contiguous_format, channels_last,
channels_last_3d, preserve_format), for contiguous(), clone(), to(), is_contiguous() and the *_like factories."""
from ..constants import channels_last, channels_last_3d, contiguous_format, preserve_format

_LAST = {channels_last: (4, (0, 2, 3, 1)), channels_last_3d: (5, (0, 2, 3, 4, 1))}  # rank, dims outermost first


def _dims_outermost_first(memory_format, ndim):
    """The dims from outermost to innermost that memory_format asks for (None: row-major)."""
    if memory_format in _LAST:
        rank, order = _LAST[memory_format]
        if ndim != rank:
            raise RuntimeError("required rank %d tensor to use %s format" % (rank, repr(memory_format)[6:]))
        return order
    if memory_format is None or memory_format is contiguous_format or memory_format is preserve_format:
        return None
    raise TypeError("memory_format must be a torch.memory_format, not %s" % type(memory_format).__name__)


def arranged(xp, array, memory_format):
    """A copy of array laid out as memory_format asks; preserve_format keeps array's own order of dims (as torch
    does for a dense array; a strided one is packed in the same order)."""
    if memory_format is preserve_format:
        return xp.copy(array, order="K")
    order = _dims_outermost_first(memory_format, array.ndim)
    if order is None:
        return xp.array(array, order="C")
    inverse = sorted(range(len(order)), key=order.__getitem__)
    return xp.array(array.transpose(order), order="C").transpose(inverse)


def like(result, reference, memory_format):
    """result (a new row-major tensor of reference's shape) laid out as a *_like factory lays it out: as
    reference is (preserve_format, the default) or in memory_format."""
    if memory_format is None or memory_format is preserve_format:
        source = reference._data
        if source.flags.c_contiguous or type(source) is not type(result._data):
            return result
        data = result.xp.empty_like(source, dtype=result._data.dtype)
        data[...] = result._data
    else:
        data = arranged(result.xp, result._data, memory_format)
    result._data = data
    return result


def is_laid_out(tensor, memory_format):
    """Whether tensor is contiguous in memory_format: walking its dims innermost first, each dim of size above 1
    has the stride of the elements inside it (torch's test: size-1 dims may have any stride)."""
    order = _dims_outermost_first(memory_format, tensor.dim())
    if order is None:
        return bool(tensor._data.flags.c_contiguous)
    expected, strides = 1, tensor.stride()
    for d in reversed(order):
        size = tensor.shape[d]
        if size != 1:
            if strides[d] != expected:
                return False
            expected *= size
    return True
