"""conv3d and conv_transpose3d composed of the 2-d Functions of ops/conv.py: one 2-d (transposed) convolution per
kernel depth offset kd, with depth folded into the batch. Along depth the two are the gather and the scatter of
one index map z = a*sd + kd*dd - pd (output depth a, kernel depth offset kd, input depth z, zero outside):

    conv3d:            y[:, :, a] = sum_kd conv2d(x[:, :, a*sd + kd*dd - pd], w[:, :, kd])
    conv_transpose3d:  x[:, :, z] = sum over a*sd + kd*dd - pd = z of conv_transpose2d(y[:, :, a], w[:, :, kd])

DepthGather and DepthScatter are each other's gradient and the 2-d Functions carry theirs, so every order of
derivative works. Depth leads inside (D, N, ...) so that folding it into the batch is a view."""
from ...autograd.function import Function
from ...ops import conv as _kernels
from ...ops._util import wrap
from ...ops.shape import stack


def _runs(depth, count, kd, geo):
    """(k, a0, a1, z0) for each kernel offset k: the output run a0:a1 whose inputs z = a*s + k*d - p lie in
    [0, depth), and z0 where it starts (a run of inputs z0, z0 + s, ...)."""
    s, p, d = geo
    for k in range(kd):
        a0 = max(0, -(-(p - k * d) // s))  # ceil((p - k*d) / s)
        a1 = min(count, (depth - 1 + p - k * d) // s + 1)
        if a1 > a0:
            yield k, a0, a1, a0 * s + k * d - p


class DepthGather(Function):
    """(D, B...) -> (KD, A, B...): out[k, a] = x[a*s + k*d - p] (0 outside x)."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, geo, kd, count):
        ctx.geo, ctx.depth = geo, x.shape[0]
        xs = x._data
        out = x.xp.zeros((kd, count) + xs.shape[1:], dtype=xs.dtype)
        for k, a0, a1, z0 in _runs(ctx.depth, count, kd, geo):
            out[k, a0:a1] = xs[z0:z0 + (a1 - a0 - 1) * geo[0] + 1:geo[0]]
        return wrap(out)

    @staticmethod
    def backward(ctx, g):
        return DepthScatter.apply(g, ctx.geo, ctx.depth), None, None, None


class DepthScatter(Function):
    """(KD, A, B...) -> (D, B...): x[z] = sum of y[k, a] over a*s + k*d - p = z (the adjoint of DepthGather)."""
    _builtin = True

    @staticmethod
    def forward(ctx, y, geo, depth):
        ctx.geo = geo
        ys = y._data
        kd, count = ys.shape[:2]
        out = y.xp.zeros((depth,) + ys.shape[2:], dtype=ys.dtype)
        for k, a0, a1, z0 in _runs(depth, count, kd, geo):
            out[z0:z0 + (a1 - a0 - 1) * geo[0] + 1:geo[0]] += ys[k, a0:a1]
        return wrap(out)

    @staticmethod
    def backward(ctx, g):
        kd, count = ctx._input_meta[0][0][:2]
        return DepthGather.apply(g, ctx.geo, kd, count), None, None


def _split(geo):
    """A 3-d geometry as its depth part (s, p, d) and its 2-d (height, width) geometry."""
    (sd, *s), (pd, *p), (dd, *d), groups = geo
    return (sd, pd, dd), (tuple(s), tuple(p), tuple(d), groups)


def conv3d(x, w, b, geo, osize):
    """Conv.apply in 3-d: x (N, C, D, H, W), w (O, C/G, KD, KH, KW), geo of 3-tuples, osize (OD, OH, OW)."""
    depth_geo, geo2 = _split(geo)
    n, c, kd, od = x.shape[0], x.shape[1], w.shape[2], osize[0]
    # windows[k, a*N + n] = x[n, :, a*sd + k*dd - pd]: (KD, OD*N, C, H, W)
    windows = DepthGather.apply(x.permute(2, 0, 1, 3, 4), depth_geo, kd, od)
    windows = windows.reshape((kd, od * n, c) + tuple(x.shape[3:]))
    parts = [_kernels.Conv.apply(xk, wk, b if k == 0 else None, geo2, osize[1:])  # the bias once
             for k, (xk, wk) in enumerate(zip(windows.unbind(0), w.unbind(2)))]
    y = sum(parts[1:], parts[0])  # (OD*N, O, OH, OW)
    return y.reshape((od, n) + tuple(y.shape[1:])).permute(1, 2, 0, 3, 4).contiguous()


def conv_transpose3d(y, w, geo, xsize):
    """ConvTranspose.apply in 3-d: y (N, C, D, H, W), w (C, O/G, KD, KH, KW), xsize (OD, OH, OW)."""
    depth_geo, geo2 = _split(geo)
    n, c, depth = y.shape[:3]
    folded = y.permute(2, 0, 1, 3, 4).reshape((depth * n, c) + tuple(y.shape[3:]))  # (D*N, C, H, W)
    parts = stack([_kernels.ConvTranspose.apply(folded, wk, geo2, xsize[1:]) for wk in w.unbind(2)])
    parts = parts.reshape((w.shape[2], depth, n) + tuple(parts.shape[2:]))  # (KD, D, N, O, OH, OW)
    return DepthScatter.apply(parts, depth_geo, xsize[0]).permute(1, 2, 0, 3, 4).contiguous()
