"""Pooling kernels over (N, C, *spatial) arrays with any number of spatial dims, written as loops over the window
offsets only.

A pooling geometry is (kernel, stride, leading padding, dilation, output size), one entry per spatial dim. Window o
reads the padded input at o*s + t*d for its offset t (per dim). The kernels work on the stride phases of the padded
input: the positions m*s + p of phase p form one plane, and offset t reads phase (t*d) % s shifted by (t*d) // s.
With every phase plane stored flat (N*C planes one after another), each offset reads one contiguous 1-d slice, so
every pass is a plain SIMD ufunc whatever the stride; the few positions a plane has beyond the output size are
computed too and cropped off. The phases are built by one strided copy each (no padded copy of the input), and a
gradient is written back the same way: each input position lies in exactly one phase, so it is written once and
the input-sized result needs no zero fill.

- MaxPool: the first maximum of each window in row-major order wins (a NaN takes the window: its last NaN, as in
  torch); its backward is Unpool, which sends each gradient to the winning position, and Unpool's backward gathers.
- WindowSum (the numerator of avg_pool) and WindowScatter are each other's adjoints.
"""
import functools
import itertools

from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled
from ._util import split_batch, wrap
from .workspace import workspace


def _offsets(kernel):
    return list(itertools.product(*(range(k) for k in kernel)))


def _padded_size(geo, size):
    """The padded input: all windows fit, and so does the input after its leading padding."""
    kernel, stride, before, dilation, osize = geo
    return tuple(max((o - 1) * s + (k - 1) * d + 1, b + n)
                 for k, s, b, d, o, n in zip(kernel, stride, before, dilation, osize, size))


def _grid(geo, size):
    """The size of one phase plane: the padded size over the stride, rounded up (at least the output size)."""
    return tuple(-(-p // s) for p, s in zip(_padded_size(geo, size), geo[1]))


def _output_part(a, geo):
    """The part of a grid-shaped array (*lead, *grid) that holds the output: the grid may pass it by a row."""
    return a[(Ellipsis,) + tuple(slice(0, o) for o in geo[4])]


class _Phases:
    """The stride-phase layout of one batch chunk: planes (phases, N*C*prod(grid) + tail), grid = the plane size."""

    def __init__(self, geo, size, lead):
        kernel, stride, before, dilation, _ = geo
        self.geo, self.lead, self.grid = geo, tuple(lead), _grid(geo, size)
        steps = [1]  # flat strides of a plane
        for q in reversed(self.grid[1:]):
            steps.insert(0, steps[0] * q)
        self.size = 1
        for n in self.lead + self.grid:
            self.size *= n
        phase_of = {p: k for k, p in enumerate(itertools.product(*(range(s) for s in stride)))}
        # offset number -> (its phase, its flat shift inside the plane)
        self.reads = [(phase_of[tuple(t * d % s for t, d, s in zip(off, dilation, stride))],
                       sum(t * d // s * st for t, d, s, st in zip(off, dilation, stride, steps)))
                      for off in _offsets(kernel)]
        self.tail = max(shift for _, shift in self.reads)
        # per phase: the plane positions holding input, the input positions they hold, whether that is all of it
        self.regions, self.covered = [], []
        for phase in phase_of:
            plane, inside = [], []
            for p, s, b, n in zip(phase, stride, before, size):
                m0 = max(0, -((p - b) // s))  # the first plane row at or after the leading padding
                h0 = m0 * s + p - b
                count = max(0, -(-(n - h0) // s))
                plane.append(slice(m0, m0 + count))
                inside.append(slice(h0, h0 + (count - 1) * s + 1 if count else h0, s))
            self.regions.append(((Ellipsis,) + tuple(plane), (Ellipsis,) + tuple(inside)))
            self.covered.append(all(r.start == 0 and r.stop == q for r, q in zip(plane, self.grid)))

    def planes(self, array):
        """A flat grid (or a phase's flat plane) as (*lead, *grid)."""
        return array[:self.size].reshape(self.lead + self.grid)

    def split(self, xp, x, fill):
        """x -> its phase planes, with the padding (and the tail the shifted reads run into) set to fill (a
        workspace array: give it back when done)."""
        q = workspace.get(xp, (len(self.regions), self.size + self.tail), x.dtype)
        if all(self.covered):
            q[:, self.size:] = fill
        else:
            q[...] = fill
        for k, (plane, inside) in enumerate(self.regions):
            self.planes(q[k])[plane] = x[inside]
        return q

    def crop(self, flat):
        """A flat grid -> its (*lead, *osize) part."""
        return _output_part(self.planes(flat), self.geo)

    def exact(self):
        return self.grid == tuple(self.geo[4])

    def embed(self, xp, a):
        """An output-shaped array spread over the grid, (*lead, *grid), zero where the grid passes the output
        (a view of a if the grid is the output, else a workspace array: give it back with release)."""
        if self.exact():
            return a.reshape(self.lead + self.grid)
        grid = workspace.zeros(xp, self.lead + self.grid, a.dtype)
        _output_part(grid, self.geo)[...] = a
        return grid

    def release(self, grid):
        """Give back what embed made."""
        if not self.exact():
            workspace.give(grid)

    def read(self, q, k):
        phase, shift = self.reads[k]
        return q[phase, shift:shift + self.size]

    def scatter(self, xp, out, contribution):
        """The adjoint of split and read: out (input-shaped) = for every offset k, contribution(k, dst) (a
        (*lead, *grid) array, written into dst or returned) added at the positions that offset read. Each phase
        is summed in one zeroed plane and written to out once; a phase one unshifted offset fills goes straight
        to out."""
        plane = part = None
        for phase, (region, inside) in enumerate(self.regions):
            mine = [(k, shift) for k, (p, shift) in enumerate(self.reads) if p == phase]
            if len(mine) == 1 and mine[0][1] == 0 and self.covered[phase]:
                _write(contribution, mine[0][0], out[inside])
                continue
            if plane is None:
                plane = workspace.get(xp, (self.size + self.tail,), out.dtype)
                part = workspace.get(xp, self.lead + self.grid, out.dtype)
            mine.sort(key=lambda read: read[1])
            if mine and mine[0][1] == 0:  # the unshifted offset is written, not added onto zeros
                _write(contribution, mine.pop(0)[0], self.planes(plane))
                plane[self.size:] = 0
            else:
                plane[...] = 0
            for k, shift in mine:
                view = self.planes(plane[shift:])
                xp.add(view, contribution(k, part), out=view)
            out[inside] = self.planes(plane)[region]
        if plane is not None:
            workspace.give(plane)
            workspace.give(part)


def _write(contribution, k, dst):
    got = contribution(k, dst)
    if got is not dst:
        dst[...] = got


@functools.lru_cache(maxsize=64)
def _phases(geo, size, lead):
    """The (immutable) phase layout of a geometry, kept: building it is a few dozen Python steps per call."""
    return _Phases(geo, size, lead)


def _lowest(xp, dtype):
    return -xp.inf if dtype.kind == "f" else xp.iinfo(dtype).min


def _row_major(xp, parts, sizes):
    """Per-dim index arrays, each along its own axis of the output grid, -> one flat row-major index."""
    nd, flat = len(parts), 0
    for d, (part, n) in enumerate(zip(parts, sizes)):
        flat = flat * n + part.reshape((-1,) + (1,) * (nd - 1 - d))
    return flat


def flat_indices(xp, arg, geo, size):
    """Window offset numbers -> flat positions in the unpadded input volume (torch's indices): the flat position
    of the window's start plus that of the offset (a flat index is linear in the position), the latter looked up
    in a table of the offsets' flat shifts."""
    kernel, stride, before, dilation, osize = geo
    shifts = [0]  # per offset, in row-major order: sum of t_i * d_i * (the flat step of dim i), by Horner's rule
    for k, d, n in zip(kernel, dilation, size):
        shifts = [s * n + t * d for s in shifts for t in range(k)]
    table = xp.asarray(shifts, dtype=xp.int64)
    return table[arg] + _row_major(xp, [xp.arange(o) * s - b for o, s, b in zip(osize, stride, before)], size)


def _first_inside(xp, geo):
    """For every window, the number of its first offset that lies inside the input (not in the padding)."""
    kernel, stride, before, dilation, osize = geo
    firsts = [xp.maximum(0, -((xp.arange(o) * s - b) // d)) for o, s, b, d in zip(osize, stride, before, dilation)]
    return _row_major(xp, firsts, kernel)


_MIN_SPLIT = 1 << 18  # elements per thread below which the ufunc passes are not worth a thread hand-off (~80 us)


def _arg_dtype(xp, geo):
    n_offsets = 1
    for k in geo[0]:
        n_offsets *= k
    return xp.uint8 if n_offsets < 256 else xp.int32


def max_pool(x, geo, with_arg=True):
    """(values, arg): the maximum of every window (NaN if it holds one) and, if asked, the number of the offset
    of its first maximum in row-major order (of its last NaN, as torch). arg stays on the phase grid, (N, C, *grid),
    as unpool reads it (_output_part is the output's part). Batch chunks run on threads."""
    xp = _xp(x)
    best = xp.empty(x.shape[:2] + tuple(geo[4]), dtype=x.dtype)
    arg = xp.empty(x.shape[:2] + _grid(geo, x.shape[2:]), dtype=_arg_dtype(xp, geo)) if with_arg else None
    split_batch(xp, lambda a, b: _max_pool_into(x[a:b], geo, best[a:b], None if arg is None else arg[a:b]),
                x.shape[0], x[:1].size, _MIN_SPLIT)
    return best, arg


def _max_pool_into(x, geo, best, arg):
    """max_pool of one batch chunk into best and arg (None: values only). Only branch-free whole-array ufuncs in
    the loops: masked writes (copyto/where) cost ten times more."""
    xp = _xp(x)
    ph = _phases(geo, tuple(x.shape[2:]), tuple(x.shape[:2]))
    q = ph.split(xp, x, _lowest(xp, x.dtype))
    views = [ph.read(q, k) for k in range(len(ph.reads))]
    top = best.reshape(-1) if ph.exact() else workspace.get(xp, (ph.size,), x.dtype)
    xp.copyto(top, views[0])
    for v in views[1:]:
        xp.maximum(top, v, out=top)  # propagates NaN
    if not ph.exact():
        best[...] = ph.crop(top)
    if arg is not None:
        _first_maximum(xp, ph, views, top, arg)
    if not ph.exact():
        workspace.give(top)
    workspace.give(q)


def _first_maximum(xp, ph, views, top, arg):
    """arg = the number of the first offset of each window that holds its maximum top, in row-major order
    (where top is NaN: the offset of the window's last NaN)."""
    # arg = how many leading offsets do not hold the maximum
    first = arg.reshape(-1)
    first[...] = 0
    missing = workspace.get(xp, (ph.size,), bool)
    missing[...] = True
    differs = workspace.get(xp, (ph.size,), bool)
    for v in views[:-1]:
        xp.logical_and(missing, xp.not_equal(v, top, out=differs), out=missing)
        xp.add(first, missing.view(xp.uint8), out=first)
    workspace.give(missing)
    workspace.give(differs)
    geo = ph.geo
    arg = _output_part(arg, geo)
    if any(geo[2]):  # an all -inf window: the padding must not win, its first inside element does
        xp.maximum(arg, _first_inside(xp, geo), out=arg, casting="unsafe")
    if top.dtype.kind == "f" and top.size and xp.isnan(top.max()):
        for k, v in enumerate(views):  # windows with NaN: the last NaN
            arg[...] = xp.where(xp.isnan(ph.crop(v)), k, arg)


def unpool(g, arg, geo, size):
    """Each window's gradient added at its winning position (an input-shaped array); batch chunks on threads."""
    xp = _xp(g)
    out = xp.empty(g.shape[:2] + tuple(size), dtype=g.dtype)
    split_batch(xp, lambda a, b: _unpool_into(g[a:b], arg[a:b], geo, out[a:b]), g.shape[0], out[:1].size,
                _MIN_SPLIT)
    return out


def _unpool_into(g, arg, geo, out):
    xp = _xp(g)
    ph = _phases(geo, tuple(out.shape[2:]), tuple(out.shape[:2]))
    grads, args = ph.embed(xp, g), arg.reshape(ph.lead + ph.grid)  # past the output: zero gradient, any arg
    hit = workspace.get(xp, args.shape, bool)
    finite = g.dtype.kind != "f" or not g.size or bool(xp.isfinite(xp.ptp(g)))  # ptp: inf or NaN if any is

    def winners(k, dst):  # g where offset k won, else 0; a multiply unless g holds inf or NaN (inf * 0 is NaN)
        xp.equal(args, k, out=hit)
        return xp.multiply(grads, hit, out=dst) if finite else xp.where(hit, grads, 0)
    ph.scatter(xp, out, winners)
    workspace.give(hit)
    ph.release(grads)


def window_sum(x, geo):
    """The sum over every window (padding counts as 0)."""
    xp = _xp(x)
    ph = _phases(geo, tuple(x.shape[2:]), tuple(x.shape[:2]))
    q = ph.split(xp, x, 0)
    total = ph.read(q, 0).copy()
    for k in range(1, len(ph.reads)):
        xp.add(total, ph.read(q, k), out=total)
    workspace.give(q)
    return xp.ascontiguousarray(ph.crop(total))


def window_scatter(g, geo, size):
    """The adjoint of window_sum: every window's value added to each input position it covers."""
    xp = _xp(g)
    out = xp.empty(g.shape[:2] + tuple(size), dtype=g.dtype)
    ph = _phases(geo, tuple(size), tuple(g.shape[:2]))
    grads = ph.embed(xp, g)
    ph.scatter(xp, out, lambda k, dst: grads)
    ph.release(grads)
    return out


def _xp(a):
    from ..backend import get_array_module
    return get_array_module(a)


class MaxPool(Function):
    """values (and, if asked, torch's flat indices) of max pooling."""
    _builtin = True
    _array_forward = True  # forward runs in the caller's grad mode: under no_grad it skips the winners

    @staticmethod
    def forward(ctx, x, geo, with_indices):
        values, arg = max_pool(x._data, geo, with_indices or ctx.needs_input_grad[0] and is_grad_enabled())
        ctx.geo, ctx.arg, ctx.size = geo, arg, x.shape[2:]
        if not with_indices:
            return wrap(values)
        return wrap(values), wrap(flat_indices(x.xp, _output_part(arg, geo), geo, x.shape[2:]))

    @staticmethod
    def backward(ctx, g, _=None):
        return Unpool.apply(g, ctx.arg, ctx.geo, ctx.size), None, None


# MaxPool under torch's node name for each number of spatial dims (its max_pool1d is a 2-d pooling squeezed back)
MAX_POOL_BY_DIMS = {nd: type(MaxPool)("MaxPool", (MaxPool,), {"node_name": name})
                    for nd, name in ((1, "SqueezeBackward1"), (2, "MaxPool2DWithIndicesBackward0"),
                                     (3, "MaxPool3DWithIndicesBackward0"))}


class Unpool(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, g, arg, geo, size):
        ctx.geo, ctx.arg = geo, arg
        return wrap(unpool(g._data, arg, geo, tuple(size)))

    @staticmethod
    def backward(ctx, gg):
        # the adjoint of scattering to the winners is reading the winners back
        n, c = gg.shape[:2]
        winners = _output_part(ctx.arg, ctx.geo)
        index = wrap(flat_indices(gg.xp, winners, ctx.geo, gg.shape[2:]).reshape(n, c, -1))
        return gg.reshape(n, c, -1).gather(2, index).reshape(winners.shape), None, None, None


class WindowSum(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, x, geo):
        ctx.geo, ctx.size = geo, x.shape[2:]
        return wrap(window_sum(x._data, geo))

    @staticmethod
    def backward(ctx, g):
        return WindowScatter.apply(g, ctx.geo, ctx.size), None


class WindowScatter(Function):
    _builtin = True

    @staticmethod
    def forward(ctx, g, geo, size):
        ctx.geo = geo
        return wrap(window_scatter(g._data, geo, tuple(size)))

    @staticmethod
    def backward(ctx, gg):
        return WindowSum.apply(gg, ctx.geo), None, None
