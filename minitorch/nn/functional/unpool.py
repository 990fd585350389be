"""max_unpool1d / max_unpool2d / max_unpool3d: the partial inverse of max pooling: each value goes back to the flat
position its index names in a zero output plane (one scatter per plane, differentiable through scatter/gather)."""
__all__ = ["max_unpool1d", "max_unpool2d", "max_unpool3d"]


def _tuple(value, nd):
    return (value,) * nd if isinstance(value, int) else tuple(value)


def _output_size(input, nd, k, s, p, output_size):
    """Default size (in - 1) * s - 2p + k per spatial dim; an explicit one must lie strictly within +- s of it."""
    default = [(n - 1) * ss - 2 * pp + kk for n, kk, ss, pp in zip(input.shape[-nd:], k, s, p)]
    if output_size is None:
        return default
    size = list(output_size)
    if len(size) == nd + 2:
        size = size[2:]
    if len(size) != nd:
        raise ValueError("output_size should be a sequence containing %d or %d elements, but it has a length of '%d'"
                         % (nd, nd + 2, len(size)))
    for dim, (got, want, ss) in enumerate(zip(size, default, s)):
        if not want - ss < got < want + ss:
            raise ValueError('invalid output_size "%s" (dim %d must be between %d and %d)'
                             % (tuple(size), dim, want - ss, want + ss))
    return size


def _max_unpool(nd, input, indices, kernel_size, stride, padding, output_size):
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("Input to max_unpooling%dd should be a %dd or %dd Tensor, but got a tensor with %d "
                           "dimensions." % (nd, nd + 1, nd + 2, input.dim()))
    if indices.dtype.name != "int64":
        raise RuntimeError("elements in indices should be type int64 but got: %s" % indices.dtype)
    if tuple(indices.shape) != tuple(input.shape):
        raise RuntimeError("Expected shape of indices to be same as that of the input tensor (%s) but got indices "
                           "tensor with shape: %s" % (list(input.shape), list(indices.shape)))
    k = _tuple(kernel_size, nd)
    s = k if stride is None else _tuple(stride, nd)
    size = _output_size(input, nd, k, s, _tuple(padding, nd), output_size)
    volume = 1
    for n in size:
        volume *= n
    lead = tuple(input.shape[:-nd])
    flat = indices.reshape(*lead, -1)
    if flat.numel() and (int(flat.max()) >= volume or int(flat.min()) < 0):
        bad = int(flat.max()) if int(flat.max()) >= volume else int(flat.min())
        raise RuntimeError("Found an invalid max index: %d (output volumes are of size %s)"
                           % (bad, "x".join(str(n) for n in (size + [1] if nd == 1 else size))))
    out = input.new_zeros(*lead, volume).scatter(-1, flat, input.reshape(*lead, -1))  # out[flat[i]] = input[i]
    return out.reshape(*lead, *size)


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(1, input, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(2, input, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    return _max_unpool(3, input, indices, kernel_size, stride, padding, output_size)
