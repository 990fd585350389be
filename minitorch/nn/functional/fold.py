"""unfold / fold: sliding local blocks of an image as columns, and their adjoint (scatter-add of columns back
into the image). unfold is the im2col view of ops/conv.py reshaped; each Function's gradient is the other, so
every order of derivative works."""
from ... import dtypes as _dt
from ...autograd.function import Function
from ...ops import conv as _kernels
from ...ops._util import wrap
from ...tensor import Tensor, _type_name

__all__ = ["unfold", "fold"]


def _pair(value, name):
    values = (value, value) if isinstance(value, int) else tuple(value)
    if len(values) != 2:
        raise RuntimeError("It is expected %s equals to 2, but got size %d" % (name, len(values)))
    if not all(isinstance(v, int) for v in values):
        raise TypeError("%s must be tuple of ints, but got %r" % (name, values))
    return values


def _geometry(kernel_size, dilation, padding, stride):
    """The four pairs, checked as torch checks them."""
    k, d, p, s = (_pair(v, n) for v, n in ((kernel_size, "kernel_size"), (dilation, "dilation"),
                                             (padding, "padding"), (stride, "stride")))
    for (a, b), what, short, least in ((k, "kernel size", "kernel", 1), (d, "dilation", "dilation", 1),
                                       (p, "padding", "pad", 0), (s, "stride", "stride", 1)):
        if min(a, b) < least:
            raise RuntimeError("%s should be %s, but got %s_height: %d %s_width: %d" % (
                what, "non-negative" if least == 0 else "greater than zero", short, a, short, b))
    return k, d, p, s


def _blocks(size, k, d, p, s):
    """Number of sliding blocks along each spatial dim: (size + 2p - d(k-1) - 1) // s + 1."""
    return tuple((n + 2 * pp - dd * (kk - 1) - 1) // ss + 1 for n, kk, dd, pp, ss in zip(size, k, d, p, s))


def _unfold_array(x, k, d, p, s, blocks):
    """cols[n, (c, i, j), (a, b)] = x_padded[n, c, a*s0 + i*d0, b*s1 + j*d1]."""
    view = _kernels._columns(x, (s, p, d, 1), k, blocks)[0]  # (C, KH, KW, N, OH, OW)
    n, c = x.shape[:2]
    cols = view.transpose(3, 0, 1, 2, 4, 5).copy()  # always a copy: with a 1x1 kernel the view may be x itself
    return cols.reshape(n, c * k[0] * k[1], blocks[0] * blocks[1])


def _fold_array(cols, size, k, d, p, s, blocks):
    """x[n, c, h, v] = sum of cols[n, (c, i, j), (a, b)] over a*s0 + i*d0 - p0 = h, b*s1 + j*d1 - p1 = v."""
    xp = _kernels._xp(cols)
    n, ckk = cols.shape[:2]
    cols = cols.reshape(n, ckk // (k[0] * k[1]), k[0], k[1], blocks[0], blocks[1])
    buf = xp.zeros((n, cols.shape[1], size[0] + 2 * p[0], size[1] + 2 * p[1]), dtype=cols.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            buf[:, :, i * d[0]:i * d[0] + (blocks[0] - 1) * s[0] + 1:s[0],
                j * d[1]:j * d[1] + (blocks[1] - 1) * s[1] + 1:s[1]] += cols[:, :, i, j]
    return xp.ascontiguousarray(buf[:, :, p[0]:p[0] + size[0], p[1]:p[1] + size[1]])


class Unfold(Function):
    """(N, C, H, W) -> (N, C*KH*KW, L)."""
    _builtin, node_name = True, "Im2ColBackward0"

    @staticmethod
    def forward(ctx, x, k, d, p, s, blocks):
        ctx.geo, ctx.size = (k, d, p, s, blocks), tuple(x.shape[2:])
        return wrap(_unfold_array(x._data, k, d, p, s, blocks))

    @staticmethod
    def backward(ctx, g):
        return (Fold.apply(g, ctx.size, *ctx.geo),) + (None,) * 5


class Fold(Function):
    """(N, C*KH*KW, L) -> (N, C, H, W): the adjoint of Unfold."""
    _builtin, node_name = True, "Col2ImBackward0"

    @staticmethod
    def forward(ctx, cols, size, k, d, p, s, blocks):
        ctx.geo = (k, d, p, s, blocks)
        return wrap(_fold_array(cols._data, size, k, d, p, s, blocks))

    @staticmethod
    def backward(ctx, g):
        return (Unfold.apply(g, *ctx.geo),) + (None,) * 6


def _check_float(name, input):
    """torch's im2col/col2im kernels take floating and bool tensors."""
    if not input.dtype.is_floating_point and input.dtype is not _dt.bool_:
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (name, _type_name(input.dtype)))


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """Sliding blocks of a (N, C, H, W) or (C, H, W) input as columns: (N, C*KH*KW, L) or (C*KH*KW, L)."""
    if not isinstance(input, Tensor):
        raise TypeError("unfold(): argument 'input' must be Tensor, not %s" % type(input).__name__)
    k, d, p, s = _geometry(kernel_size, dilation, padding, stride)
    if input.dim() < 3:  # torch reads the size of dim 2 first
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got 2)"
                         % (-max(input.dim(), 1), max(input.dim(), 1) - 1))
    if input.dim() not in (3, 4) or 0 in input.shape[1:] or (input.dim() == 3 and input.shape[0] == 0):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero "
                           "dimensions for input, but got: %s" % list(input.shape))
    _check_float("im2col_out_cpu", input)
    x = input if input.dim() == 4 else input.unsqueeze(0)
    blocks = _blocks(x.shape[2:], k, d, p, s)
    if min(blocks) < 1:
        raise RuntimeError("Given input with spatial size %s, kernel_size=%s, dilation=%s, padding=%s, calculated "
                           "shape of the array of sliding blocks as %s, but its components must be at least one."
                           % (tuple(x.shape[2:]), k, d, p, blocks))
    out = Unfold.apply(x, k, d, p, s, blocks)
    return out if input.dim() == 4 else out.squeeze(0)


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Sum columns (N, C*KH*KW, L) or (C*KH*KW, L) back into an image (N, C, H, W) or (C, H, W)."""
    if not isinstance(input, Tensor):
        raise TypeError("fold(): argument 'input' must be Tensor, not %s" % type(input).__name__)
    size = _pair(output_size, "output_size")
    k, d, p, s = _geometry(kernel_size, dilation, padding, stride)
    if input.dim() not in (2, 3) or 0 in input.shape[1:] or (input.dim() == 2 and input.shape[0] == 0):
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero "
                           "dimensions for input, but got: %s" % list(input.shape))
    _check_float("col2im_out_cpu", input)
    cols = input if input.dim() == 3 else input.unsqueeze(0)
    if cols.shape[1] % (k[0] * k[1]):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product of kernel_size, but "
                           "got input.size(1)=%d and kernel_size=%s." % (cols.shape[1], k))
    blocks = _blocks(size, k, d, p, s)
    if cols.shape[2] != blocks[0] * blocks[1] or min(blocks) < 1:
        raise RuntimeError("Given output_size=%s, kernel_size=%s, dilation=%s, padding=%s, stride=%s, expected size "
                           "of input's dimension 2 to match the calculated number of sliding blocks %d * %d = %d, "
                           "but got input.size(2)=%d." % (size, k, d, p, s, blocks[0], blocks[1],
                                                          blocks[0] * blocks[1], cols.shape[2]))
    out = Fold.apply(cols, size, k, d, p, s, blocks)
    return out if input.dim() == 3 else out.squeeze(0)
