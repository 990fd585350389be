"""Scratch arrays that kernels hand back after use, for the next call of the same shape to reuse.

A fresh large array costs a page fault per 4 KB page on first touch, often more than the copy that fills it (a
2 MB zeroed array: ~1.5 ms of faults against ~0.2 ms of writing). Kernels take scratch space with ``get`` or
``zeros`` and return it with ``give``; arrays a kernel returns to its caller are never taken from here.
Safe to use from the kernels' worker threads.
"""
import collections
import threading


class Workspace:
    def __init__(self, max_bytes=1 << 28):
        self.max_bytes, self.bytes = max_bytes, 0
        self.free = collections.OrderedDict()  # (library, shape, dtype) -> spare arrays; oldest key first
        self.lock = threading.Lock()

    def get(self, xp, shape, dtype):
        """An uninitialised array (a spare one if there is one)."""
        key = (xp.__name__, tuple(shape), xp.dtype(dtype))
        with self.lock:
            spares = self.free.get(key)
            if spares:
                array = spares.pop()
                if not spares:
                    del self.free[key]  # no empty lists: the eviction in give() takes from the oldest key
                self.bytes -= array.nbytes
                return array
        return xp.empty(shape, dtype=dtype)

    def zeros(self, xp, shape, dtype):
        array = self.get(xp, shape, dtype)
        array[...] = 0
        return array

    def give(self, array):
        """Hand back an array from get or zeros (no view of it may be used afterwards)."""
        from ..backend import get_array_module
        key = (get_array_module(array).__name__, array.shape, array.dtype)
        with self.lock:
            self.free.setdefault(key, []).append(array)
            self.free.move_to_end(key)
            self.bytes += array.nbytes
            while self.bytes > self.max_bytes:  # the least recently returned shapes go first
                oldest = next(iter(self.free))
                spares = self.free[oldest]
                self.bytes -= spares.pop(0).nbytes
                if not spares:
                    del self.free[oldest]


workspace = Workspace()


_ARENA_MAX = 1 << 23  # bytes: a larger scratch request gets a fresh array
_local = threading.local()


def scratch(xp, slot, shape, dtype):
    """A per-thread scratch array for short-lived use inside one kernel call: a view of this thread's arena for
    `slot`, which grows to the largest request and is then reused whatever the shape (so a block loop never
    faults in fresh pages, even when other kernels have filled the shared workspace). The next request for the
    same slot on the same thread overwrites it. Large requests and GPU arrays are fresh arrays."""
    dtype = xp.dtype(dtype)
    size = dtype.itemsize
    for n in shape:
        size *= n
    if xp.__name__ != "numpy" or size > _ARENA_MAX:
        return xp.empty(shape, dtype=dtype)
    arenas = getattr(_local, "arenas", None)
    if arenas is None:
        arenas = _local.arenas = {}
    arena = arenas.get(slot)
    if arena is None or arena.nbytes < size:
        arena = arenas[slot] = xp.empty(max(size, 1), dtype=xp.uint8)
    return arena[:size].view(dtype).reshape(shape)
