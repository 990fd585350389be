"""The 'blocked' convolution algorithm: a few images at a time, each thread its own copy and GEMM.

The images are split over minitorch's threads, and each thread walks its images in blocks of about
_BLOCK_BYTES of columns: it pads the block into a private buffer, copies its columns (im2col) and runs a
single-threaded GEMM on them while they are still in the core's cache. So the copies run on every core, the GEMM
never waits for memory, and no column matrix of the whole batch is ever made (little memory). The forward pass
writes each block's GEMM straight into the NCHW output; the weight gradient sums one GEMM per block per thread;
the input gradient scatters each block's GEMM into a private padded buffer and crops it into the output.

Same geometry as ops/conv.py: geo = (stride, leading padding, dilation, groups); x (N, G*C, H, W),
w (G*O, C, KH, KW), y (N, G*O, OH, OW). On the GPU the whole batch is one block on one stream.
"""
import threading

from ..threads import gemm_chunks, parallel_gemms
from .workspace import scratch as _scratch

_BLOCK_BYTES = 1 << 21  # columns per block: about what one core's L2 cache holds
_MIN_RUN = 16  # numbers per window row (KW*C) from which the forward pass builds its columns channels-last
_MIN_THREAD_FLOPS = 1 << 24  # multiply-adds per thread (~0.3 ms) below which splitting the batch costs more than
# it saves (a hand-off to a worker thread and back: ~80 us on these VMs)


def extent(osize, stride, ksize, dilation, before, size):
    """Per spatial dim, the padded length that holds every window and the input after its leading padding."""
    return [max((o - 1) * s + (k - 1) * d + 1, b + n)
            for o, s, k, d, b, n in zip(osize, stride, ksize, dilation, before, size)]


def pad_into(buf, src, before, first, copy=None):
    """buf = src with `before` zeros ahead of its two spatial axes (first, first + 1) and zeros after: the border
    is zeroed, the interior written by copy(src, interior) (default: an assignment)."""
    (top, left), (h, w) = before, src.shape[first:first + 2]
    lead = (slice(None),) * first
    rows = lead + (slice(top, top + h),)
    buf[lead + (slice(0, top),)] = 0
    buf[lead + (slice(top + h, None),)] = 0
    buf[rows + (slice(0, left),)] = 0
    buf[rows + (slice(left + w, None),)] = 0
    interior = buf[rows + (slice(left, left + w),)]
    if copy is None:
        interior[...] = src
    else:
        copy(src, interior)


def _over_blocks(xp, n, per_image_bytes, per_image_flops, work):
    """work(first, last) for blocks of images covering range(n): on the CPU each thread takes a contiguous share
    of the images (BLAS single-threaded meanwhile) and walks it in blocks; on the GPU one block."""
    if xp.__name__ != "numpy":
        work(0, n)
        return
    step = max(1, _BLOCK_BYTES // max(per_image_bytes, 1))

    def share(lo, hi):
        for a in range(lo, hi, step):
            work(a, min(a + step, hi))
    parallel_gemms(share, n, gemm_chunks(n, per_image_flops, _MIN_THREAD_FLOPS))


class _Plan:
    """Shapes of one convolution, and the per-block moves shared by its three kernels."""

    def __init__(self, xp, xshape, wshape, osize, geo, dtype):
        self.xp, self.dtype = xp, dtype
        (self.stride, self.before, self.dilation, self.groups) = geo
        self.n, self.gc, self.size = xshape[0], xshape[1], tuple(xshape[2:])
        self.go, self.cg, self.ksize = wshape[0], wshape[1], tuple(wshape[2:])
        self.osize = tuple(osize)
        self.k = self.cg * self.ksize[0] * self.ksize[1]  # one group's GEMM depth
        self.p = self.osize[0] * self.osize[1]
        self.extent = tuple(extent(self.osize, self.stride, self.ksize, self.dilation, self.before, self.size))
        self.itemsize = xp.dtype(dtype).itemsize
        # channels-last columns when a window row is a run of at least _MIN_RUN numbers in that layout (KW*C):
        # then the copies are long and the GEMM runs in OpenBLAS's faster orientation; for few channels, NCHW
        self.channels_last = self.ksize[1] * self.cg >= _MIN_RUN

    def run(self, work):
        per_image_flops = self.go * self.k * self.p
        _over_blocks(self.xp, self.n, self.groups * self.k * self.p * self.itemsize, per_image_flops, work)

    def _padded(self, x, a, b):
        """x[a:b] zero-padded to the extent (scratch), or x[a:b] itself when no padding is needed."""
        (top, left), (h, w), (hp, wp) = self.before, self.size, self.extent
        if (top, left) == (0, 0) and (hp, wp) == (h, w):
            return x[a:b]
        buf = _scratch(self.xp, "padded", (b - a, self.gc, hp, wp), self.dtype)
        pad_into(buf, x[a:b], self.before, 2)
        return buf

    def columns(self, x, a, b, batch_first=False):
        """The columns of images a..b as one contiguous (G, C*KH*KW, (b-a)*OH*OW) matrix, or with batch_first
        as (b-a, G, C*KH*KW, OH*OW) matrices, one per image (scratch)."""
        xpad = self._padded(x, a, b)
        (s0, s1), (d0, d1), (kh, kw), (oh, ow) = self.stride, self.dilation, self.ksize, self.osize
        sn, sc, sh, sw = xpad.strides
        m, g, cg = b - a, self.groups, self.cg
        shape, strides = (g, cg, kh, kw, m, oh, ow), (sc * cg, sc, sh * d0, sw * d1, sn, sh * s0, sw * s1)
        if batch_first:
            shape, strides = (m,) + shape[:4] + shape[5:], (sn,) + strides[:4] + strides[5:]
        view = self.xp.lib.stride_tricks.as_strided(xpad, shape, strides)
        cols = _scratch(self.xp, "columns", view.shape, self.dtype)
        self.xp.copyto(cols, view)
        if batch_first:
            return cols.reshape(m, g, self.k, self.p)
        return cols.reshape(g, self.k, m * self.p)

    def columns_last(self, x, a, b):
        """The columns of images a..b in channels-last order: one (G, (b-a)*OH*OW, KH*KW*C) matrix (scratch),
        rows = output positions. x[a:b] is first copied into a zero-padded (b-a, HP, WP, G*C) buffer, so each
        window row is one run of KW*C numbers."""
        hp, wp = self.extent
        (s0, s1), (d0, d1), (kh, kw), (oh, ow) = self.stride, self.dilation, self.ksize, self.osize
        m, g, cg = b - a, self.groups, self.cg
        buf = _scratch(self.xp, "padded", (m, hp, wp, self.gc), self.dtype)
        pad_into(buf, x[a:b].transpose(0, 2, 3, 1), self.before, 1)
        sn, sh, sw, sc = buf.strides
        view = self.xp.lib.stride_tricks.as_strided(
            buf, (g, m, oh, ow, kh, kw, cg), (sc * cg, sn, sh * s0, sw * s1, sh * d0, sw * d1, sc))
        cols = _scratch(self.xp, "columns", view.shape, self.dtype)
        self.xp.copyto(cols, view)
        return cols.reshape(g, m * self.p, self.k)

    def grouped(self, y, a, b):
        """y[a:b] (an output-shaped array) as (G, O, (b-a)*OH*OW): a view of y for one image, else scratch."""
        g, o, m = self.groups, self.go // self.groups, b - a
        if m == 1:
            return y[a].reshape(g, o, self.p)
        out = _scratch(self.xp, "grouped", (g, o, m, self.p), self.dtype)
        out[...] = y[a:b].reshape(m, g, o, self.p).transpose(1, 2, 0, 3)
        return out.reshape(g, o, m * self.p)


def forward(x, w, geo, osize, bias=None):
    """y = conv(x, w) (+ bias per output channel): per block, the columns, one GEMM, the block of y."""
    from .conv import _xp
    xp = _xp(x)
    plan = _Plan(xp, x.shape, w.shape, osize, geo, x.dtype)
    g, o = plan.groups, plan.go // plan.groups
    wg = w.reshape(g, o, plan.k)
    wt = xp.ascontiguousarray(w.reshape(g, o, plan.cg, *plan.ksize).transpose(0, 3, 4, 2, 1)).reshape(g, plan.k, o)
    y = xp.empty((plan.n, plan.go) + plan.osize, dtype=x.dtype)
    b3 = None if bias is None else bias.reshape(-1, 1)

    def work(a, b):
        m = b - a
        if plan.channels_last:
            cols = plan.columns_last(x, a, b)
            part = _scratch(xp, "grouped", (g, m * plan.p, o), x.dtype)
            xp.matmul(cols, wt, out=part)  # (positions, K) @ (K, O)
            y[a:b].reshape(m, g, o, plan.p)[...] = part.reshape(g, m, plan.p, o).transpose(1, 0, 3, 2)
        else:
            cols = plan.columns(x, a, b, batch_first=True)
            xp.matmul(wg, cols, out=y[a:b].reshape(m, g, o, plan.p))  # one GEMM per image and group
        if b3 is not None:
            yb = y[a:b].reshape(m, plan.go, plan.p)
            xp.add(yb, b3, out=yb)
    plan.run(work)
    return y


def weight(x, y, geo, ksize):
    """dT/dw: per block, y @ columns^T; the blocks' products summed."""
    from .conv import _xp
    xp = _xp(x)
    plan = _Plan(xp, x.shape, (y.shape[1], x.shape[1] // geo[3]) + tuple(ksize), y.shape[2:], geo, x.dtype)
    sums = {}  # thread -> the sum of its blocks' products
    g, o, (kh, kw) = plan.groups, plan.go // plan.groups, plan.ksize

    def work(a, b):
        if plan.channels_last:  # one GEMM over the block: (G, O, positions) @ (G, positions, KH*KW*C)
            part = xp.matmul(plan.grouped(y, a, b), plan.columns_last(x, a, b))
        else:  # one GEMM per image, (O, OH*OW) @ (OH*OW, C*KH*KW), summed: far faster than one GEMM over the
            # block for thin shapes (6 x 36,864 x 25: 0.19 ms against 0.42 on one thread)
            m = b - a
            part = xp.matmul(y[a:b].reshape(m, g, o, plan.p), plan.columns(x, a, b, batch_first=True).transpose(
                0, 1, 3, 2))
            part = part[0] if m == 1 else part.sum(axis=0)
        mine = sums.setdefault(threading.get_ident(), part)
        if mine is not part:
            xp.add(mine, part, out=mine)
    plan.run(work)
    total = None
    for part in sums.values():  # (G, O, K)
        total = part if total is None else xp.add(total, part, out=total)
    if total is None:  # no images
        total = xp.zeros((g, o, plan.k), dtype=y.dtype)
    if plan.channels_last:  # K ordered (KH, KW, C)
        total = total.reshape(g, o, kh, kw, plan.cg).transpose(0, 1, 4, 2, 3)
    return xp.ascontiguousarray(total).reshape((plan.go, plan.cg, kh, kw))


def transpose(y, w, geo, xsize):
    """dT/dx: per block, w^T @ y[a:b] gives every kernel offset's contribution, added into a private padded
    buffer one offset at a time and cropped into x[a:b]."""
    from .conv import _xp
    xp = _xp(y)
    (s0, s1), (top, left), (d0, d1), groups = geo
    n, go, cg = y.shape[0], w.shape[0], w.shape[1]
    plan = _Plan(xp, (n, groups * cg) + tuple(xsize), w.shape, y.shape[2:], geo, y.dtype)
    (kh, kw), (oh, ow), (hp, wp), (h, wd) = plan.ksize, plan.osize, plan.extent, plan.size
    wt = w.reshape(groups, go // groups, plan.k).transpose(0, 2, 1)
    x = xp.empty((n, groups * cg, h, wd), dtype=y.dtype)

    def work(a, b):
        m = b - a
        part = _scratch(xp, "columns", (m, groups, cg, kh, kw, oh, ow), y.dtype)
        # one GEMM per image and group, straight from y (no copy): (C*KH*KW, O) @ (O, OH*OW)
        xp.matmul(wt, y[a:b].reshape(m, groups, go // groups, plan.p), out=part.reshape(m, groups, plan.k, plan.p))
        buf = _scratch(xp, "padded", (m, groups * cg, hp, wp), y.dtype)
        buf[...] = 0
        grid = buf.reshape(m, groups, cg, hp, wp)
        for i in range(kh):
            for j in range(kw):
                grid[..., i * d0:i * d0 + (oh - 1) * s0 + 1:s0, j * d1:j * d1 + (ow - 1) * s1 + 1:s1] += \
                    part[:, :, :, i, j]
        x[a:b] = buf[:, :, top:top + h, left:left + wd]
    plan.run(work)
    return x

