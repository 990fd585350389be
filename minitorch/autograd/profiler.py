"""autograd.profiler.profile: per-op call counts and self/total CPU times of minitorch's own ops.

While a profile is active, ``Function.apply`` (every forward op) and ``BackwardFunction.apply`` (every backward
node the engine runs) are swapped for timed versions; outside a profile the plain methods are in place, so
profiling costs nothing when it is off. Self time is an op's time minus the time of the ops and
``record_function`` ranges it ran inside it.
"""
import time

from . import function
from .function import BackwardFunction, Function

_PLAIN_FORWARD = Function.__dict__["apply"].__func__
_PLAIN_BACKWARD = BackwardFunction.apply
_active = []  # the profiles recording now (nested profiles all record)
_stack = []  # open ranges: [name, start, time spent in children]


def _open(name):
    frame = [name, time.perf_counter(), 0.0]
    _stack.append(frame)
    return frame


def _close(frame):
    """Record frame's total and self time (total minus its children's) and charge the total to its parent."""
    total = time.perf_counter() - frame[1]
    _stack.pop()
    if _stack:
        _stack[-1][2] += total
    for prof in _active:
        prof._add(frame[0], total, total - frame[2])


def _timed(name, run):
    frame = _open(name)
    try:
        return run()
    finally:
        _close(frame)


def _forward(cls, *args, **kwargs):
    return _timed(cls.__name__, lambda: _PLAIN_FORWARD(cls, *args, **kwargs))


def _backward(self, *grads):
    return _timed(self.name(), lambda: _PLAIN_BACKWARD(self, *grads))


def _install(on):
    Function.apply = classmethod(_forward if on else _PLAIN_FORWARD)
    function.fast_paths = not on  # every op goes through apply, so that it is timed
    BackwardFunction.apply = _backward if on else _PLAIN_BACKWARD


class FunctionEventAvg:
    """The totals of one op name (times in microseconds, as torch reports them)."""

    def __init__(self, key):
        self.key, self.count, self.self_cpu_time_total, self.cpu_time_total = key, 0, 0.0, 0.0

    @property
    def cpu_time(self):
        return self.cpu_time_total / self.count if self.count else 0.0

    @property
    def self_cpu_time(self):
        return self.self_cpu_time_total / self.count if self.count else 0.0

    def __repr__(self):
        return "<FunctionEventAvg key=%s self_cpu_time=%s cpu_time=%s count=%d>" % (
            self.key, _format_us(self.self_cpu_time), _format_us(self.cpu_time), self.count)


class EventList(list):
    """key_averages(): one FunctionEventAvg per op name; table() prints them as torch's profiler does."""

    def table(self, sort_by=None, row_limit=100, **_ignored):
        if sort_by not in (None, "self_cpu_time_total", "cpu_time_total", "count", "cpu_time", "self_cpu_time"):
            raise AttributeError("'FunctionEventAvg' object has no attribute '%s'" % sort_by)
        rows = sorted(self, key=lambda e: getattr(e, sort_by), reverse=True) if sort_by else list(self)
        if row_limit is not None and row_limit >= 0:
            rows = rows[:row_limit]
        self_total = sum(e.self_cpu_time_total for e in self) or 1.0
        head = ("Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg", "# of Calls")
        body = [(e.key, "%.2f%%" % (100 * e.self_cpu_time_total / self_total), _format_us(e.self_cpu_time_total),
                 "%.2f%%" % (100 * e.cpu_time_total / self_total), _format_us(e.cpu_time_total),
                 _format_us(e.cpu_time), str(e.count)) for e in rows]
        widths = [max([len(head[i])] + [len(r[i]) for r in body]) + 2 for i in range(len(head))]
        line = "-" * (sum(widths) + len(widths) - 1)
        out = [line, _row(head, widths), line] + [_row(r, widths) for r in body] + [line]
        out.append("Self CPU time total: %s" % _format_us(sum(e.self_cpu_time_total for e in self)))
        return "\n".join(out) + "\n"

    def __str__(self):
        return self.table()


def _row(cells, widths):
    """The name left-aligned, the numbers right-aligned."""
    return " ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))


def _format_us(us):
    if us >= 1e6:
        return "%.3fs" % (us / 1e6)
    if us >= 1e3:
        return "%.3fms" % (us / 1e3)
    return "%.3fus" % us


class profile:
    """with profile() as prof: ...; print(prof.key_averages().table(sort_by="self_cpu_time_total"))"""

    def __init__(self, enabled=True, *, use_cuda=False, use_device=None, record_shapes=False, with_flops=False,
                 profile_memory=False, with_stack=False, with_modules=False, use_kineto=False, use_cpu=True,
                 **_ignored):
        self.enabled = enabled
        self._totals = {}

    def __enter__(self):
        if self.enabled:
            if not _active:
                _install(True)
            _active.append(self)
        return self

    def __exit__(self, *exc):
        if self.enabled and self in _active:
            _active.remove(self)
            if not _active:
                _install(False)
        return False

    def _add(self, name, total, self_time):
        event = self._totals.get(name)
        if event is None:
            event = self._totals[name] = FunctionEventAvg(name)
        event.count += 1
        event.cpu_time_total += total * 1e6
        event.self_cpu_time_total += self_time * 1e6

    def key_averages(self, group_by_input_shape=False, group_by_stack_n=0):
        return EventList(self._totals.values())

    def table(self, *args, **kwargs):
        return self.key_averages().table(*args, **kwargs)

    @property
    def self_cpu_time_total(self):
        return sum(e.self_cpu_time_total for e in self._totals.values())


class record_function:
    """A named range: its time shows as a row, and counts as the parent's time of the ops inside it."""

    def __init__(self, name, args=None):
        self.name = name
        self._frame = None

    def __enter__(self):
        if _active:
            self._frame = _open(self.name)
        return self

    def __exit__(self, *exc):
        if self._frame is not None and _stack and _stack[-1] is self._frame:
            _close(self._frame)
        self._frame = None
        return False
