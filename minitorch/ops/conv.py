"""Convolution kernels: the three faces of one trilinear form.

For input x (N, G*C, H, W), weight w (G*O, C, KH, KW) and output y (N, G*O, OH, OW) with geometry
(stride s, leading zero padding p, dilation d, groups G), the form is

    T(x, w, y) = sum y[n, g*O+o, a, b] * w[g*O+o, c, i, j] * x[n, g*C+c, a*s0 + i*d0 - p0, b*s1 + j*d1 - p1]

(x read as zero outside its bounds). Each Function below is the gradient of T with respect to one argument:
Conv (wrt y: the convolution itself), ConvTranspose (wrt x: the input gradient, a transposed convolution) and
ConvWeight (wrt w: the weight gradient, a correlation). The gradient of each is made of the other two, so every
order of derivative works. 1-d convolutions are 2-d ones with H = KH = 1.

Kernels work on the "columns" of x: the view cols[g, c, i, j, n, a, b] = x_padded[n, g*C+c, a*s0+i*d0, b*s1+j*d1]
(one as_strided view, no copy) multiplied with the weight as one GEMM per group over (c, i, j). The algorithm
decides how many kernel offsets (i, j) go into one copy + GEMM:

- 'im2col':  all of them: one copy of the columns, one batched GEMM (fastest while the columns are small);
- 'rows':    one kernel row i at a time (KH copies and GEMMs, KW times less memory);
- 'offsets': one offset (i, j) at a time, accumulating KH*KW GEMMs (least memory);
- 'wide' (stride 1 only; other strides fall back to 'im2col'): the columns of a few images at a time, each kernel
  offset read as one contiguous run of the padded plane (see _wide_columns), GEMMs written straight into the output;
- 'batchlast': x copied once into a padded (G*C, H, W, N) layout, batch innermost, so that the columns of each
  kernel offset (and the input gradient's scatter-adds) are runs of OW*N contiguous numbers, not runs of OW: few,
  long copies that pay where images are small and the batch large (see _batch_last);
- 'blocked': a few images at a time, each thread its own pad, copy and single-threaded GEMM while the columns
  are in its cache (see conv_blocked.py): every core copies, and no column matrix of the whole batch is made;
- 'auto' (the default): for each kernel (forward, weight gradient, input gradient, and the forward pass with the
  weight gradient that reuses its columns) the algorithm that was fastest on the nearest measured shape of the same
  stride class (1 or not), read from conv_algorithms.json beside this file (written by
  ``python -m minitorch.ops.conv_benchmark --write``); 1x1 kernels always use 'im2col'.

With 'im2col' and 'batchlast', and with 'wide' up to _KEEP_WIDE bytes of columns, the forward pass keeps its columns
for the weight gradient, so the columns of x are copied once.

Choose with ``minitorch.ops.conv.set_algorithm(name)``; every algorithm gives the same results up to rounding.
"""
import json
import math
import os

from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from . import conv_blocked as _blocked
from .conv_blocked import extent as _extent, pad_into
from ._util import split_batch, wrap
from .workspace import workspace as _workspace

ALGORITHMS = ("auto", "im2col", "rows", "offsets", "wide", "batchlast", "blocked")
_TIMINGS_FILE = os.path.join(os.path.dirname(__file__), "conv_algorithms.json")
_state = {"algorithm": "auto", "measured": None}
_MIN_SPLIT = 1 << 20  # elements per thread below which a copy or scatter is not worth splitting (a hand-off
# to a worker thread and back costs ~80 us on these VMs, a 4 MB copy ~300 us)
_WIDE_BLOCK = 1 << 22  # bytes of columns per copy + GEMM in 'wide': about what stays in cache between the two
_KEEP_WIDE = 1 << 23  # 'wide' columns up to this many bytes are kept by the forward pass for the weight gradient


def set_algorithm(name):
    """Select the convolution algorithm: 'auto' (default), 'im2col', 'rows', 'offsets', 'wide', 'batchlast' or
    'blocked'."""
    if name not in ALGORITHMS:
        raise ValueError("unknown convolution algorithm %r: expected one of %s" % (name, ", ".join(ALGORITHMS)))
    _state["algorithm"] = name


def get_algorithm():
    return _state["algorithm"]


def shape_features(n, c, o, k, p, stride=(1, 1)):
    """What decides the best algorithm: log sizes of the column matrix (c*k by n*p), the GEMM's width and k, and
    whether the stride is 1 (which 'wide' needs: weighted so that a shape's nearest neighbour has the same)."""
    return (math.log2(max(1, c * k * n * p)), math.log2(max(1, o)), math.log2(k),
            0.0 if tuple(stride) == (1, 1) else 100.0)


def _measured():
    if _state["measured"] is None:
        try:
            with open(_TIMINGS_FILE) as f:
                _state["measured"] = [(tuple(r["features"]), r["best"]) for r in json.load(f)["shapes"]]
        except (OSError, ValueError, KeyError):
            _state["measured"] = []
        _state["nearest"] = {}  # features -> the best algorithms of their nearest measured shape
    return _state["measured"]


def chosen(kernel, n, c, o, k, p, stride=(1, 1)):
    """The algorithm for one kernel ('forward', 'weight', 'transpose', or 'forward+weight': a forward pass that
    keeps its columns for the weight gradient) on a convolution of this shape."""
    name, unit = _state["algorithm"], tuple(stride) == (1, 1)
    if name == "wide" and not unit:
        return "im2col"
    if name != "auto":
        return name
    measured = _measured()
    if k == 1 or not measured:
        return "im2col"
    f = shape_features(n, c, o, k, p, stride)
    best = _state["nearest"].get(f)
    if best is None:  # a nearest-neighbour search over the table: once per shape
        best = _state["nearest"][f] = min(measured, key=lambda m: sum((a - b) ** 2 for a, b in zip(m[0], f)))[1]
    return best[kernel]


# --- array kernels ---------------------------------------------------------------------------------------------
def _padded(xp, x, before, need):
    """x with `before` zeros in front of each spatial dim and enough behind to reach `need` (excess is unused)."""
    after = [max(0, n - b - size) for n, b, size in zip(need, before, x.shape[2:])]
    if not any(before) and not any(after):
        return x
    return xp.pad(x, ((0, 0), (0, 0), (before[0], after[0]), (before[1], after[1])))


def _columns(x, geo, ksize, osize):
    """The view cols[g, c, i, j, n, a, b] = x_padded[n, g*C+c, a*s0+i*d0, b*s1+j*d1] (no copy)."""
    (s0, s1), before, (d0, d1), groups = geo
    xp = _xp(x)
    need = [(o - 1) * s + (k - 1) * d + 1 for o, s, k, d in zip(osize, (s0, s1), ksize, (d0, d1))]
    xpad = _padded(xp, x, before, need)
    n, cg = xpad.shape[0], xpad.shape[1] // groups
    sn, sc, sh, sw = xpad.strides
    return xp.lib.stride_tricks.as_strided(
        xpad, (groups, cg, ksize[0], ksize[1], n, osize[0], osize[1]),
        (sc * cg, sc, sh * d0, sw * d1, sn, sh * s0, sw * s1))


def _wide_columns(x, geo, ksize, osize):
    """Stride 1: the view cols[n, g, c, i, j, q] = flat_plane(x_padded[n, g*C+c])[q + i*d0*wp + j*d1] (no copy).

    With the padded planes wp wide, output position (a, b) is wide index q = a*wp + b and its window offset
    (i, j) sits at flat index q + i*d0*wp + j*d1, so each offset's columns are one contiguous run per plane.
    q runs over [0, (OH-1)*wp + OW): the indices with b >= OW are wasted work (their outputs are dropped), and
    the last one still reads inside the plane. Returns the view and wp."""
    _, before, (d0, d1), groups = geo
    xp = _xp(x)
    need = [o + (k - 1) * d for o, k, d in zip(osize, ksize, (d0, d1))]
    xpad = xp.ascontiguousarray(_padded(xp, x, before, need))
    n, cg, wp = xpad.shape[0], xpad.shape[1] // groups, xpad.shape[3]
    sn, sc, sh, sw = xpad.strides
    width = (osize[0] - 1) * wp + osize[1]
    return xp.lib.stride_tricks.as_strided(
        xpad, (n, groups, cg, ksize[0], ksize[1], width), (sn, sc * cg, sc, sh * d0, sw * d1, sw)), wp


def _wide_output(wide, wp, osize):
    """(N, ..., (OH-1)*wp + OW) wide rows -> the (N, ..., OH, OW) outputs they hold (a view)."""
    *lead, width = wide.shape
    return _xp(wide).lib.stride_tricks.as_strided(
        wide, tuple(lead) + tuple(osize), wide.strides[:-1] + (wp * wide.strides[-1], wide.strides[-1]))


def _wide_blocks(cols, keep=False):
    """Copies of the columns of a few images at a time (about _WIDE_BLOCK bytes each), as (G, C*kh*kw, n*width)
    GEMM operands: yields (first image, last image + 1, block); each block goes back to the workspace after use,
    unless keep (then the caller gives it back)."""
    xp, (n, groups, cg, kh, kw, width) = _xp(cols), cols.shape
    step = max(1, _WIDE_BLOCK // max(1, cols[:1].size * cols.itemsize))
    for a in range(0, n, step):
        b = min(a + step, n)
        block = _workspace.get(xp, (groups, cg, kh, kw, b - a, width), cols.dtype)
        xp.copyto(block, cols[a:b].transpose(1, 2, 3, 4, 0, 5))
        yield a, b, block.reshape(groups, cg * kh * kw, (b - a) * width)
        if not keep:
            _workspace.give(block)


def release(kept):
    """Give the column blocks a forward pass kept (see conv_forward) back to the workspace."""
    for _, _, block in kept[1]:
        _workspace.give(block.base)


def _wide_forward(x, w, geo, osize, keep=False):
    """conv_forward by the 'wide' columns: one copy and one GEMM per block of images, straight into the wide
    output rows; the final copy crops the dropped positions and puts the batch first. keep: return the blocks
    too (if they are small) as ('wide', [(first image, last + 1, block), ...]), else None."""
    xp, groups = _xp(x), geo[3]
    cols, wp = _wide_columns(x, geo, w.shape[2:], osize)
    n, width, go = cols.shape[0], cols.shape[-1], w.shape[0]
    keep = keep and cols.size * cols.itemsize <= _KEEP_WIDE
    wg = w.reshape(groups, go // groups, -1)
    out = _workspace.get(xp, (groups, go // groups, n * width), x.dtype)
    kept = []
    for a, b, block in _wide_blocks(cols, keep):
        xp.matmul(wg, block, out=out[:, :, a * width:b * width])
        if keep:
            kept.append((a, b, block))
    y = _batch_first(_wide_output(out.reshape(go, n, width), wp, osize))
    _workspace.give(out)
    return y, ("wide", kept) if keep else None


def _wide_weight(x, y, geo, ksize, kept=None):
    """conv_weight by the 'wide' columns: y laid out on the wide rows (zeros where outputs were dropped), then
    one copy of the columns (unless the forward pass kept them: kept) and one GEMM per block of images, summed."""
    xp, groups = _xp(x), geo[3]
    cols, wp = _wide_columns(x, geo, ksize, y.shape[2:])
    n, cg, width, go = cols.shape[0], cols.shape[2], cols.shape[-1], y.shape[1]
    spread = _workspace.zeros(xp, (groups, go // groups, n, width), y.dtype)
    _wide_output(spread, wp, y.shape[2:])[...] = \
        y.reshape(n, groups, go // groups, *y.shape[2:]).transpose(1, 2, 0, 3, 4)
    yw = spread.reshape(groups, go // groups, n * width)
    w = None
    for a, b, block in _wide_blocks(cols) if kept is None else kept[1]:
        # (G, C*kh*kw, O): columns first, which OpenBLAS runs up to 2x faster than (G, O, C*kh*kw) for small O
        part = xp.matmul(block, yw[:, :, a * width:b * width].transpose(0, 2, 1))
        w = part if w is None else xp.add(w, part, out=w)
    if kept is not None:
        release(kept)
    _workspace.give(spread)
    if w is None:  # no images
        w = xp.zeros((groups, cg * ksize[0] * ksize[1], go // groups), dtype=y.dtype)
    return xp.ascontiguousarray(w.transpose(0, 2, 1)).reshape(go, cg, ksize[0], ksize[1])


def _batch_last(x, geo, ksize, osize):
    """'batchlast' layout: x (N, G*C, H, W) copied into a zero-padded xt (G*C, HP, WP, N), batch innermost
    (a workspace array: give it back when done), and the view
    cols[g, c, i, j, a, b, n] = xt[g*C+c, a*s0+i*d0, b*s1+j*d1, n] (no copy)."""
    (s0, s1), before, (d0, d1), groups = geo
    xp, (n, gc, h, w) = _xp(x), x.shape
    hp, wp = _extent(osize, (s0, s1), ksize, (d0, d1), before, (h, w))
    xt = _workspace.get(xp, (gc, hp, wp, n), x.dtype)
    pad_into(xt, x.transpose(1, 2, 3, 0), before, 1, _copy)
    sc, sh, sw, sn = xt.strides
    cols = xp.lib.stride_tricks.as_strided(
        xt, (groups, gc // groups, ksize[0], ksize[1], osize[0], osize[1], n),
        (sc * (gc // groups), sc, sh * d0, sw * d1, sh * s0, sw * s1, sn))
    return xt, cols


def _batch_last_columns(x, geo, ksize, osize):
    """The 'batchlast' columns of x as one contiguous (G, C*kh*kw, OH*OW*N) GEMM operand (a workspace array:
    give its base back when done)."""
    xt, cols = _batch_last(x, geo, ksize, osize)
    g, c, kh, kw = cols.shape[:4]
    block = _copy(cols.reshape((g * c,) + cols.shape[2:]), _workspace.get(_xp(x), (g * c,) + cols.shape[2:], x.dtype))
    _workspace.give(xt)
    return block.reshape(g, c * kh * kw, math.prod(cols.shape[4:]))


def _batch_last_grad(y, groups):
    """(N, G*O, OH, OW) -> (G, O, OH*OW*N): an output-shaped array in the 'batchlast' GEMM layout (a workspace
    array: give it back when done)."""
    n, go = y.shape[:2]
    out = _workspace.get(_xp(y), (go,) + y.shape[2:] + (n,), y.dtype)
    return _copy(y.transpose(1, 2, 3, 0), out).reshape(groups, go // groups, -1)


def _batch_last_forward(x, w, geo, osize, keep=False):
    """conv_forward by 'batchlast': one copy of the columns, one GEMM per group, the batch moved back to the
    front. keep: also return the columns, as ('batchlast', [(0, N, columns)])."""
    xp, groups, n, go = _xp(x), geo[3], x.shape[0], w.shape[0]
    block = _batch_last_columns(x, geo, w.shape[2:], osize)
    yt = _workspace.get(xp, (groups, go // groups, block.shape[-1]), x.dtype)
    xp.matmul(w.reshape(groups, go // groups, -1), block, out=yt)
    y = _copy(yt.reshape(go, osize[0], osize[1], n).transpose(3, 0, 1, 2))
    _workspace.give(yt)
    if keep:
        return y, ("batchlast", [(0, n, block)])
    _workspace.give(block.base)
    return y, None


def _batch_last_weight(x, y, geo, ksize, kept=None):
    """conv_weight by 'batchlast': (G, O, OH*OW*N) gradient times the columns (the forward pass's, if kept)."""
    xp, groups, cg = _xp(x), geo[3], x.shape[1] // geo[3]
    block = kept[1][0][2] if kept is not None else _batch_last_columns(x, geo, ksize, y.shape[2:])
    yt = _batch_last_grad(y, groups)
    w = xp.matmul(block, yt.transpose(0, 2, 1))  # (G, C*kh*kw, O): columns first, as in _wide_weight
    _workspace.give(yt.base)
    _workspace.give(block.base)
    return xp.ascontiguousarray(w.transpose(0, 2, 1)).reshape(y.shape[1], cg, ksize[0], ksize[1])


def _batch_last_transpose(y, w, geo, xsize):
    """conv_transpose by 'batchlast': one GEMM gives every offset's contribution, added into a padded
    (G*C, HP, WP, N) buffer one kernel offset at a time (the channels split over threads), then cropped."""
    xp, groups = _xp(y), geo[3]
    (s0, s1), (p0, p1), (d0, d1), _ = geo
    n, (oh, ow), (go, cg, kh, kw) = y.shape[0], y.shape[2:], w.shape
    hp, wp = _extent((oh, ow), (s0, s1), (kh, kw), (d0, d1), (p0, p1), xsize)
    yt = _batch_last_grad(y, groups)
    part = _workspace.get(xp, (groups, cg, kh, kw, oh, ow, n), y.dtype)
    xp.matmul(w.reshape(groups, go // groups, -1).transpose(0, 2, 1), yt, out=part.reshape(groups, cg * kh * kw, -1))
    part = part.reshape(groups * cg, kh, kw, oh, ow, n)
    buf = _workspace.zeros(xp, (groups * cg, hp, wp, n), y.dtype)

    def scatter(a, b):
        for i in range(kh):
            for j in range(kw):
                buf[a:b, i * d0:i * d0 + (oh - 1) * s0 + 1:s0, j * d1:j * d1 + (ow - 1) * s1 + 1:s1] += part[a:b, i, j]
    split_batch(xp, scatter, groups * cg, part[0, 0, 0].size, _MIN_SPLIT)
    x = _copy(buf[:, p0:p0 + xsize[0], p1:p1 + xsize[1]].transpose(3, 0, 1, 2))
    _workspace.give(part.base)
    _workspace.give(buf)
    _workspace.give(yt.base)
    return x


def _chunks(algorithm, kh, kw):
    """The kernel-offset blocks (row slice, column slice) that one copy + GEMM covers."""
    if algorithm in ("im2col", "wide"):  # the transpose's scatter path has no 'wide' form
        return [(slice(None), slice(None))]
    if algorithm == "rows":
        return [(slice(i, i + 1), slice(None)) for i in range(kh)]
    return [(slice(i, i + 1), slice(j, j + 1)) for i in range(kh) for j in range(kw)]


def _copy(view, out=None):
    """A copy of view into out (default: a new C-ordered array), split over threads along the first axis."""
    xp = _xp(view)
    out = xp.empty(view.shape, dtype=view.dtype) if out is None else out
    split_batch(xp, lambda a, b: xp.copyto(out[a:b], view[a:b]), out.shape[0], out[:1].size, _MIN_SPLIT)
    return out


def _batch_first(y):
    """(O, N, H, W) -> a contiguous (N, O, H, W) copy."""
    return _copy(y.transpose(1, 0, 2, 3))


def _grouped(y, groups):
    """(N, G*O, OH, OW) -> (G, O, N*OH*OW): the GEMM layout of an output-shaped array (one copy into a workspace
    array: give it back when done)."""
    n, go, oh, ow = y.shape
    out = _workspace.get(_xp(y), (groups, go // groups, n, oh * ow), y.dtype)
    out[...] = y.reshape(n, groups, go // groups, oh * ow).transpose(1, 2, 0, 3)
    return out.reshape(groups, go // groups, n * oh * ow)


def _gemm_block(cols, rows, kcols):
    """Columns of the kernel offsets [rows, kcols] as one contiguous (G, C*kh*kw, N*OH*OW) matrix (one copy into
    a workspace array: give it back when done)."""
    xp, view = _xp(cols), cols[:, :, rows, kcols]
    block = _workspace.get(xp, view.shape, view.dtype)
    split_batch(xp, lambda a, b: xp.copyto(block[:, :, :, :, a:b], view[:, :, :, :, a:b]), view.shape[4],
                view[:, :, :, :, :1].size, _MIN_SPLIT)
    g, c, kh, kw, n, oh, ow = view.shape
    return block.reshape(g, c * kh * kw, n * oh * ow)


def _weight_blocks(w, groups, rows, cols):
    """Weight block w[:, :, rows, cols] as (G, O, C*kh*kw)."""
    go = w.shape[0]
    block = w[:, :, rows, cols]
    return _xp(w).ascontiguousarray(block).reshape(groups, go // groups, -1)


def _xp(a):
    from ..backend import get_array_module
    return get_array_module(a)


def conv_forward(x, w, geo, osize, weight_grad_follows=False, bias=None):
    """y[n, g*O+o, a, b] = sum_{c,i,j} w[g*O+o, c, i, j] * x_padded[n, g*C+c, a*s0+i*d0, b*s1+j*d1] (+ bias[g*O+o]).
    Returns y and, when a weight gradient follows, the columns it can reuse (or None): ('im2col' or
    'batchlast', [(0, N, the full column matrix)]) or ('wide', blocks). Give them back with release() if
    unused."""
    xp, groups = _xp(x), geo[3]
    n, go, (kh, kw) = x.shape[0], w.shape[0], w.shape[2:]
    if w.dtype != x.dtype:
        w = w.astype(x.dtype)
    shape = (n, x.shape[1] // groups, go // groups, kh * kw, osize[0] * osize[1])
    # with a weight gradient to follow, the algorithm fastest at the two together, which share the columns
    algorithm = chosen("forward+weight" if weight_grad_follows else "forward", *shape, stride=geo[0])
    if algorithm == "blocked":
        return _blocked.forward(x, w, geo, osize, bias), None
    if algorithm == "wide":
        y, kept = _wide_forward(x, w, geo, osize, weight_grad_follows)
    elif algorithm == "batchlast":
        y, kept = _batch_last_forward(x, w, geo, osize, weight_grad_follows)
    else:
        y, kept = _columns_forward(x, w, geo, osize, algorithm, weight_grad_follows)
    if bias is not None:
        y += bias.reshape(1, -1, 1, 1)
    return y, kept


def _columns_forward(x, w, geo, osize, algorithm, weight_grad_follows):
    """conv_forward by 'im2col', 'rows' or 'offsets'."""
    xp, groups = _xp(x), geo[3]
    n, go, (kh, kw) = x.shape[0], w.shape[0], w.shape[2:]
    cols = _columns(x, geo, (kh, kw), osize)
    y = _workspace.get(xp, (groups, go // groups, n * osize[0] * osize[1]), x.dtype)
    for k, (rows, kcols) in enumerate(_chunks(algorithm, kh, kw)):
        block = _gemm_block(cols, rows, kcols)
        wb = _weight_blocks(w, groups, rows, kcols)
        if k == 0:
            xp.matmul(wb, block, out=y)  # (G, O, N*P)
        else:
            xp.add(y, xp.matmul(wb, block), out=y)
        if algorithm != "im2col":
            _workspace.give(block.base)
    out = _batch_first(y.reshape(go, n, osize[0], osize[1]))
    _workspace.give(y)
    if algorithm == "im2col" and weight_grad_follows:
        return out, ("im2col", [(0, n, block)])
    if algorithm == "im2col":
        _workspace.give(block.base)
    return out, None


def conv_weight(x, y, geo, ksize, kept=None):
    """dT/dw: w[g*O+o, c, i, j] = sum_{n,a,b} y[n, g*O+o, a, b] * x_padded[n, g*C+c, a*s0+i*d0, b*s1+j*d1].
    kept: the columns of x the forward pass kept (see conv_forward), if any; they go back to the workspace."""
    xp, groups = _xp(x), geo[3]
    n, go, osize = x.shape[0], y.shape[1], y.shape[2:]
    cg = x.shape[1] // groups
    algorithm = kept[0] if kept is not None else chosen("weight", n, cg, go // groups, ksize[0] * ksize[1],
                                                        osize[0] * osize[1], stride=geo[0])
    if algorithm == "blocked":
        return _blocked.weight(x, y, geo, ksize)
    if algorithm == "wide":
        return _wide_weight(x, y, geo, ksize, kept)
    if algorithm == "batchlast":
        return _batch_last_weight(x, y, geo, ksize, kept)
    block = None if kept is None else kept[1][0][2]
    cols = _columns(x, geo, ksize, osize)
    yg = _grouped(y, groups)
    ygt = yg.transpose(0, 2, 1)  # (G, N*P, O)
    w = xp.empty((go, cg) + tuple(ksize), dtype=y.dtype)
    wv = w.reshape(groups, go // groups, cg, ksize[0], ksize[1])
    for rows, kcols in _chunks(algorithm, *ksize):
        block = _gemm_block(cols, rows, kcols) if block is None else block
        part = xp.matmul(block, ygt)  # (G, C*kh'*kw', O)
        wv[:, :, :, rows, kcols] = part.transpose(0, 2, 1).reshape(wv[:, :, :, rows, kcols].shape)
        _workspace.give(block.base)
        block = None
    _workspace.give(yg.base)
    return w


def conv_transpose(y, w, geo, xsize):
    """dT/dx: x[n, g*C+c, h, v] = sum of w[g*O+o, c, i, j] * y[n, g*O+o, a, b] over a*s0+i*d0-p0 = h and
    b*s1+j*d1-p1 = v."""
    xp = _xp(y)
    (s0, s1), (p0, p1), (d0, d1), groups = geo
    n, (oh, ow), (kh, kw) = y.shape[0], y.shape[2:], w.shape[2:]
    if w.dtype != y.dtype:
        w = w.astype(y.dtype)
    go, cg = w.shape[:2]
    flipped_pad = ((kh - 1) * d0 - p0, (kw - 1) * d1 - p1)
    if (s0, s1) == (1, 1) and min(flipped_pad) >= 0 and go * xsize[0] * xsize[1] <= groups * cg * oh * ow:
        # stride 1, and x has no more (channel, position) pairs than y: a plain convolution of y with the
        # flipped kernel, channels swapped within each group, builds fewer columns and needs no scatter
        wf = w.reshape(groups, go // groups, cg, kh, kw).transpose(0, 2, 1, 3, 4)[..., ::-1, ::-1]
        wf = xp.ascontiguousarray(wf).reshape(groups * cg, go // groups, kh, kw)
        return conv_forward(y, wf, ((1, 1), flipped_pad, (d0, d1), groups), xsize)[0]
    algorithm = chosen("transpose", n, cg, go // groups, kh * kw, oh * ow, stride=geo[0])
    if algorithm == "batchlast":
        return _batch_last_transpose(y, w, geo, xsize)
    if algorithm == "blocked":
        return _blocked.transpose(y, w, geo, xsize)
    # every window position lands inside buf[n, g, c, :, :] (padded coordinates); x is a crop of it
    hp, wp = _extent((oh, ow), (s0, s1), (kh, kw), (d0, d1), (p0, p1), xsize)
    wide = (s0, s1) == (1, 1) and ow < 32
    if wide:
        # stride 1, short rows: y padded with zeros to width wp, so that offset (i, j) lands on one contiguous
        # run [i*d0*wp + j*d1, + oh*wp) of each flattened buf plane (one extra buf row catches the zero overhang)
        buf = _workspace.zeros(xp, (n, groups, cg, hp + 1, wp), y.dtype)
        yw = _workspace.get(xp, (groups, go // groups, n, oh, wp), y.dtype)
        yw[..., :ow] = y.reshape(n, groups, go // groups, oh, ow).transpose(1, 2, 0, 3, 4)
        yw[..., ow:] = 0
        yg, width = yw.reshape(groups, go // groups, n * oh * wp), oh * wp
        flat = buf.reshape(n, groups, cg, (hp + 1) * wp).transpose(1, 2, 0, 3)  # (G, C, N, plane)
    else:
        buf = _workspace.zeros(xp, (n, groups, cg, hp, wp), y.dtype)
        yg, width = _grouped(y, groups), oh * ow  # (G, O, N*P)
        grid = buf.transpose(1, 2, 0, 3, 4)  # (G, C, N, hp, wp)
    for rows, kcols in _chunks(algorithm, kh, kw):
        wb = _weight_blocks(w, groups, rows, kcols)  # (G, O, C*kh'*kw')
        offsets = [(i, j) for i in range(kh)[rows] for j in range(kw)[kcols]]
        part = _workspace.get(xp, (groups, cg, len(offsets), n, width), y.dtype)
        xp.matmul(wb.transpose(0, 2, 1), yg, out=part.reshape(groups, cg * len(offsets), n * width))

        def scatter(a, b, part=part, offsets=offsets):
            for k, (i, j) in enumerate(offsets):
                if wide:
                    start = i * d0 * wp + j * d1
                    flat[:, :, a:b, start:start + width] += part[:, :, k, a:b]
                else:
                    grid[:, :, a:b, i * d0:i * d0 + (oh - 1) * s0 + 1:s0, j * d1:j * d1 + (ow - 1) * s1 + 1:s1] \
                        += part[:, :, k, a:b].reshape(groups, cg, b - a, oh, ow)
        split_batch(xp, scatter, n, part[:, :, 0, :1].size, _MIN_SPLIT)  # sized by one add: small ones lose
        _workspace.give(part)
    x = buf.reshape(n, groups * cg, buf.shape[3], wp)[:, :, p0:p0 + xsize[0], p1:p1 + xsize[1]].copy()  # C order
    _workspace.give(buf)
    _workspace.give(yg.base)
    return x


# --- the three Functions -----------------------------------------------------------------------------------------
class Conv(Function):
    """y = conv(x, w) + b (b optional), all 4-d."""
    _builtin = True
    node_name = "ConvolutionBackward0"  # torch's one node for every convolution
    _array_forward = True  # forward runs in the caller's grad mode: under no_grad no weight gradient follows

    @staticmethod
    def forward(ctx, x, w, b, geo, osize):
        ctx.geo = geo
        ctx.save_for_backward(x if ctx.needs_input_grad[1] else None, w if ctx.needs_input_grad[0] else None)
        # ctx.kept: the columns of x, which spare the weight gradient a second copy
        y, ctx.kept = conv_forward(x._data, w._data, geo, osize, ctx.needs_input_grad[1] and is_grad_enabled(),
                                   None if b is None else b._data)
        return wrap(y)

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        gx = ConvTranspose.apply(g, w, ctx.geo, ctx._input_meta[0][0][2:]) if need[0] else None
        kept, ctx.kept = ctx.kept, None
        gw = ConvWeight.apply(x, g, ctx.geo, ctx._input_meta[1][0][2:], kept) if need[1] else None
        gb = g.sum((0, 2, 3)) if need[2] else None
        return gx, gw, gb, None, None


class ConvTranspose(Function):
    """x = conv_transpose(y, w): the adjoint of conv in its input."""
    _builtin = True

    @staticmethod
    def forward(ctx, y, w, geo, xsize):
        ctx.geo = geo
        ctx.save_for_backward(y if ctx.needs_input_grad[1] else None, w if ctx.needs_input_grad[0] else None)
        return wrap(conv_transpose(y._data, w._data, geo, xsize))

    @staticmethod
    def backward(ctx, g):
        y, w = ctx.saved_tensors
        need = ctx.needs_input_grad
        gy = Conv.apply(g, w, None, ctx.geo, ctx._input_meta[0][0][2:]) if need[0] else None
        gw = ConvWeight.apply(g, y, ctx.geo, ctx._input_meta[1][0][2:]) if need[1] else None
        return gy, gw, None, None


class ConvWeight(Function):
    """w = conv_weight(x, y): the adjoint of conv in its weight."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, y, geo, ksize, kept=None):
        ctx.geo = geo
        ctx.save_for_backward(x if ctx.needs_input_grad[1] else None, y if ctx.needs_input_grad[0] else None)
        return wrap(conv_weight(x._data, y._data, geo, ksize, kept))

    @staticmethod
    def backward(ctx, g):
        x, y = ctx.saved_tensors
        need = ctx.needs_input_grad
        gx = ConvTranspose.apply(y, g, ctx.geo, ctx._input_meta[0][0][2:]) if need[0] else None
        gy = Conv.apply(x, g, None, ctx.geo, ctx._input_meta[1][0][2:]) if need[1] else None
        return gx, gy, None, None, None
