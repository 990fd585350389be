"""F.affine_grid and F.grid_sample: sampling grids from affine matrices, and sampling an input at grid points.

affine_grid is a matmul of torch's base grid (the pixel positions in [-1, 1], then 1) with theta transposed, so
theta's gradient comes from matmul.

grid_sample works per spatial dim (W from grid[..., 0], H from grid[..., 1], D from grid[..., 2]): each grid
coordinate is unnormalised to a pixel position, padded (border clipping, reflection), and gives the taps of that
dim: an integer position and a weight Tensor for each of the 1 (nearest), 2 (linear) or 4 (cubic) neighbours. One
gather (advanced indexing, whose backward is a scatter-add) of a channels-last copy of the input reads every tap
combination at once; the taps that fall outside the input read an extra row of zeros. The gathered values are then
summed against the weights, the last dim first, as torch's kernels do. The weights are differentiable Tensor
expressions of the coordinates and the padding's slope is a Function of its own, so the gradients w.r.t. input and
grid, and their derivatives again, come from autograd. Positions follow torch's GridSampler.h: padding moves the
coordinate itself for nearest and bilinear, and only the integer taps for bicubic (whose grid gradient is then
the unnormalisation's slope alone); nearest rounds half to even.
"""
import math
import warnings

from ...autograd.function import Function
from ...ops._util import wrap
from ...ops.shape import cat, stack
from ...tensor import Tensor, _type_name
from .interpolate import _cubic_weights

__all__ = ["affine_grid", "grid_sample"]

_MODES = ("bilinear", "nearest", "bicubic")
_PADDINGS = ("zeros", "border", "reflection")
_ALIGN_WARNING = ("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. "
                  "Please specify align_corners=True if the old behavior is desired. See the documentation of "
                  "grid_sample for details.")


# --- affine_grid ---------------------------------------------------------------------------------------------------
def _positions(xp, dtype, n, align_corners):
    """torch's base grid along one dim: linspace(-1, 1, n), times (n - 1) / n to pixel centres unless aligning
    corners; 0 for n = 1."""
    if n <= 1:
        return xp.zeros(n, dtype=dtype)
    line = xp.linspace(-1, 1, n).astype(dtype)
    return line if align_corners else line * xp.asarray(n - 1, dtype=dtype) / xp.asarray(n, dtype=dtype)


def _base_grid(xp, dtype, spatial, align_corners):
    """(prod(spatial), k + 1) rows (x, y[, z], 1): column j varies along spatial dim k - 1 - j (x along the last)."""
    k = len(spatial)
    base = xp.ones(tuple(spatial) + (k + 1,), dtype=dtype)
    for j in range(k):
        axis = k - 1 - j
        shape = [1] * k
        shape[axis] = spatial[axis]
        base[..., j] = _positions(xp, dtype, spatial[axis], align_corners).reshape(shape)
    return base.reshape(-1, k + 1)


def affine_grid(theta, size, align_corners=None):
    """The (N, H, W, 2) or (N, D, H, W, 3) grid of theta (N, 2, 3) or (N, 3, 4) applied to the base grid of size."""
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError("Expected theta to have floating point type, but got %s" % theta.dtype)
    if len(size) not in (4, 5):
        raise NotImplementedError("affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
                                  "respectively. Got size %s." % (size,))
    k = len(size) - 2
    if theta.dim() != 3 or tuple(theta.shape[-2:]) != (k, k + 1):
        raise ValueError("Expected a batch of %dD affine matrices of shape Nx%dx%d for size %s. Got %s."
                         % (k, k, k + 1, size, theta.shape))
    spatial = [int(n) for n in size[2:]]
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
                      "align_corners=True. This is not an intended use case of affine_grid. See the documentation "
                      "of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError("Expected non-zero, positive output size. Got %s" % (size,))
    if theta.shape[0] != size[0]:
        raise RuntimeError("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: "
                           "[%d, %d]." % (size[0], k + 1, theta.shape[0], k + 1))
    base = wrap(_base_grid(theta.xp, theta._data.dtype, spatial, align_corners))
    return (base @ theta.mT).reshape(size[0], *spatial, k)  # grid[n, p] = theta[n] @ base[p]


# --- grid_sample: coordinates --------------------------------------------------------------------------------------
def _unnormalize(coord, size, align_corners):
    """[-1, 1] to pixel positions: the corner pixels' centres ((c + 1) / 2 * (size - 1)) or their outer edges
    (((c + 1) * size - 1) / 2)."""
    if align_corners:
        return (coord + 1) / 2 * (size - 1)
    return ((coord + 1) * size - 1) / 2


def _clip(xp, c, size):
    """min(size - 1, max(c, 0)), and its slope: 1 strictly inside, 0 on both ends too (torch's choice)."""
    return xp.minimum(xp.maximum(c, 0), size - 1), ((c > 0) & (c < size - 1)).astype(c.dtype)


def _reflect(xp, c, twice_low, twice_high):
    """c reflected at low and high over and over until it lies between them, and its slope (+-1): with d = c - low,
    |d| = flips * span + extra lands on low + extra after an even number of flips, on high - extra after an odd one.
    An empty span (size 1 with aligned corners) maps everything to 0, slope 0."""
    if twice_low == twice_high:
        return xp.zeros_like(c), xp.zeros_like(c)
    low = xp.asarray(twice_low, dtype=c.dtype) / 2
    span = xp.asarray(twice_high - twice_low, dtype=c.dtype) / 2
    d = c - low
    distance = xp.abs(d)
    extra = xp.fmod(distance, span)
    odd = xp.floor(distance / span) % 2 == 1
    slope = xp.where(odd != (d < 0), -1, 1).astype(c.dtype)
    return xp.where(odd, span - extra + low, extra + low), slope


def _padded(xp, c, size, padding_mode, align_corners):
    """torch's compute_coordinates with its slope: border clips to [0, size - 1]; reflection reflects at the
    corner pixels' centres (aligned) or outer edges, then clips."""
    if padding_mode == "border":
        return _clip(xp, c, size)
    twice = (0, 2 * (size - 1)) if align_corners else (-1, 2 * size - 1)
    reflected, slope = _reflect(xp, c, *twice)
    clipped, inside = _clip(xp, reflected, size)
    return clipped, slope * inside


class _Pad(Function):
    """The padded coordinate of nearest and bilinear sampling; d padded / d coordinate is the padding's slope."""

    @staticmethod
    def forward(ctx, coord, size, padding_mode, align_corners):
        padded, ctx.slope = _padded(coord.xp, coord._data, size, padding_mode, align_corners)
        return wrap(padded)

    @staticmethod
    def backward(ctx, g):
        return g * wrap(ctx.slope), None, None, None


class _Step(Function):
    """The nearest neighbour's weight: 1, a step function of the coordinate, so its derivative is 0 (torch's grid
    gradient for nearest is zeros, not absent)."""

    @staticmethod
    def forward(ctx, coord):
        return wrap(coord.xp.ones_like(coord._data))

    @staticmethod
    def backward(ctx, g):
        return wrap(g.xp.zeros_like(g._data))


def _taps(coord, size, mode, padding_mode, align_corners):
    """([positions], weights) of one spatial dim: float arrays of integer pixel positions, one per neighbour, and
    a Tensor (neighbours, *coord.shape) of their weights."""
    xp = coord.xp
    if mode != "bicubic" and padding_mode != "zeros":
        coord = _Pad.apply(coord, size, padding_mode, align_corners)
    c = coord._data
    if mode == "nearest":
        return [xp.rint(c)], _Step.apply(coord).unsqueeze(0)  # rint: half to even, as torch's nearbyint
    low = xp.floor(c)
    if mode == "bilinear":  # (low + 1 - c, c - low) on (low, low + 1)
        return [low, low + 1], stack([wrap(low + 1) - coord, coord - wrap(low)])
    positions = [low + k for k in (-1, 0, 1, 2)]  # cubic: the padding moves each tap, not the coordinate
    if padding_mode != "zeros":
        positions = [_padded(xp, p, size, padding_mode, align_corners)[0] for p in positions]
    return positions, stack(_cubic_weights(xp, coord - wrap(low)))


def _rows(xp, taps, sizes, batch):
    """The row of every tap combination in the flattened channels-last input (N * prod(sizes) rows, then one of
    zeros): an int array (T_0, ..., T_{k-1}, N, *out) for taps per dim (D, H, W order)."""
    volume = math.prod(sizes)
    rows, inside, stride = 0, True, 1
    for done, ((positions, _), size) in enumerate(zip(reversed(taps), reversed(sizes))):  # the last dim: stride 1
        pos = xp.stack(positions)
        ok = (pos >= 0) & (pos < size)
        lead = (slice(None),) + (None,) * done  # this dim's taps in front of those already combined
        rows = (xp.where(ok, pos, 0).astype(xp.int64) * stride)[lead] + rows  # astype truncates, as torch's casts
        inside = ok[lead] & inside
        stride *= size
    first = (xp.arange(batch) * volume).reshape((batch,) + (1,) * (rows.ndim - len(taps) - 1))
    return xp.where(inside, rows + first, batch * volume)


def _sample(input, coords, mode, padding_mode, align_corners):
    """output[n, c, *p] = sum over the tap combinations of the product of their weights times input at them."""
    xp = input.xp
    batch, channels, sizes = input.shape[0], input.shape[1], tuple(input.shape[2:])
    taps = [_taps(c, size, mode, padding_mode, align_corners) for c, size in zip(coords, sizes)]
    flat = input.movedim(1, -1).reshape(batch * math.prod(sizes), channels)
    flat = cat([flat, flat.new_zeros(1, channels)])
    values = flat[wrap(_rows(xp, taps, sizes, batch))]  # (T_0, ..., T_{k-1}, N, *out, C)
    for _, weights in reversed(taps):  # contract the last dim's taps first: weights (T_d, N, *out) on axis d
        values = (values * weights.unsqueeze(-1)).sum(-coords[0].dim() - 2)
    return values.movedim(-1, 1).contiguous()


# --- grid_sample ---------------------------------------------------------------------------------------------------
def _check(input, grid, mode):
    """torch's checks, in its order: batch, grid's last dim, empty spatial dims, ranks, then dtypes."""
    for name, t, position in (("input", input, 1), ("grid", grid, 2)):
        if not isinstance(t, Tensor):
            raise TypeError("grid_sampler(): argument '%s' (position %d) must be Tensor, not %s"
                            % (name, position, type(t).__name__))
    if input.shape[0] != grid.shape[0]:
        raise RuntimeError("grid_sampler(): expected grid and input to have same batch size, but got input with "
                           "sizes %s and grid with sizes %s" % (list(input.shape), list(grid.shape)))
    if grid.shape[-1] != input.dim() - 2:
        raise RuntimeError("grid_sampler(): expected grid to have size %d in last dimension, but got grid with "
                           "sizes %s" % (input.dim() - 2, list(grid.shape)))
    for d in range(2, input.dim()):
        if input.shape[d] <= 0:
            raise RuntimeError("grid_sampler(): expected input to have non-empty spatial dimensions, but input has "
                               "sizes %s with dimension %d being empty" % (list(input.shape), d))
    rank = 4 if input.dim() == 4 else 5
    if input.dim() != rank or grid.dim() != rank:
        raise RuntimeError("grid_sampler(): expected %dD input and grid with same number of dimensions, but got "
                           "input with sizes %s and grid with sizes %s" % (rank, list(input.shape), list(grid.shape)))
    if rank == 5 and mode == "bicubic":
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if not input.dtype.is_floating_point:
        raise NotImplementedError("\"grid_sampler_%dd_cpu\" not implemented for '%s'"
                                  % (rank - 2, _type_name(input.dtype)))
    if grid.dtype != input.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (_type_name(input.dtype),
                                                                     _type_name(grid.dtype)))


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Sample input (N, C, H, W) or (N, C, D, H, W) at grid (N, H', W', 2) or (N, D', H', W', 3), whose last dim
    holds (x, y[, z]) in [-1, 1]: output (N, C, H', W') or (N, C, D', H', W')."""
    if mode not in _MODES:
        raise ValueError("nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but "
                         "got: '%s'" % (mode,))
    if padding_mode not in _PADDINGS:
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
                         "'reflection', but got: '%s'" % (padding_mode,))
    if align_corners is None:
        warnings.warn(_ALIGN_WARNING, stacklevel=2)
        align_corners = False
    _check(input, grid, mode)
    sizes = input.shape[2:]
    k = len(sizes)
    coords = [_unnormalize(grid[..., k - 1 - d], sizes[d], align_corners) for d in range(k)]  # D, H, W order
    return _sample(input, coords, mode, padding_mode, align_corners)
