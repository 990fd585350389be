"""Which of several equal elements torch's CPU topk returns, and in which order (and, for sorted=False, the order of
all k): torch fills a row of (value, index) pairs and runs the C++ standard library on it, partial_sort when
k * 64 <= n, else nth_element on the k-th place followed (sorted=True) by sort of the first k - 1. None of these is
stable, so the tie order is whatever libstdc++'s algorithms leave, replayed here step for step on one row:

- partial_sort: heap-select (a max-heap of the first k under the comparison, each later element that beats the top
  replaces it), then heap-sort the k;
- nth_element: introselect (median-of-three pivot moved to the front, unguarded Hoare partition, narrowing to the
  side holding the k-th place; heap-select after 2 log2 n rounds; insertion sort once 3 or fewer are left);
- sort: introsort (the same partition, recursing on the right part, heap-sort after 2 log2 n rounds, stopping at
  16 elements) and a final insertion sort.

Pure Python on one row's list: topk uses it only for the rows whose answer depends on it.
"""
import math


def topk_row(values, k, largest, sorted):
    """The indices torch's CPU topk picks from one row (a list of Python numbers), in its order."""
    row = [(v, j) for j, v in enumerate(values)]
    if k == 0:
        return []
    isnan = math.isnan
    if largest:  # NaN first, then larger first: `before(x, y)` is torch's comparison of two pairs
        def before(x, y):
            return (isnan(x[0]) and not isnan(y[0])) or x[0] > y[0]
    else:
        def before(x, y):
            return (not isnan(x[0]) and isnan(y[0])) or x[0] < y[0]
    n = len(row)
    if k * 64 <= n:
        _partial_sort(row, 0, k, n, before)
    else:
        _nth_element(row, 0, k - 1, n, before)
        if sorted:
            _sort(row, 0, k - 1, before)
    return [j for _, j in row[:k]]


def _log2(n):
    return n.bit_length() - 1


# --- heaps (a max-heap under `before`, rooted at a[first]) -----------------------------------------------------
def _sift_up(a, first, hole, top, value, before):
    parent = (hole - 1) // 2
    while hole > top and before(a[first + parent], value):
        a[first + hole] = a[first + parent]
        hole, parent = parent, (parent - 1) // 2
    a[first + hole] = value


def _sift_down(a, first, hole, length, value, before):
    """Move the hole at `hole` down to a leaf along the larger children, then sift `value` up from there."""
    top = child = hole
    while child < (length - 1) // 2:
        child = 2 * (child + 1)
        if before(a[first + child], a[first + child - 1]):
            child -= 1
        a[first + hole] = a[first + child]
        hole = child
    if length % 2 == 0 and child == (length - 2) // 2:  # a last parent with a single child
        child = 2 * (child + 1)
        a[first + hole] = a[first + child - 1]
        hole = child - 1
    _sift_up(a, first, hole, top, value, before)


def _make_heap(a, first, last, before):
    length = last - first
    for parent in range((length - 2) // 2, -1, -1) if length >= 2 else ():
        _sift_down(a, first, parent, length, a[first + parent], before)


def _pop_heap(a, first, last, result, before):
    """a[result] takes the heap's top; its old value is sifted into the heap [first, last)."""
    value = a[result]
    a[result] = a[first]
    _sift_down(a, first, 0, last - first, value, before)


def _heap_select(a, first, middle, last, before):
    _make_heap(a, first, middle, before)
    for i in range(middle, last):
        if before(a[i], a[first]):
            _pop_heap(a, first, middle, i, before)


def _sort_heap(a, first, last, before):
    while last - first > 1:
        last -= 1
        _pop_heap(a, first, last, last, before)


def _partial_sort(a, first, middle, last, before):
    _heap_select(a, first, middle, last, before)
    _sort_heap(a, first, middle, before)


# --- partitioning ------------------------------------------------------------------------------------------------
def _median_to_first(a, result, x, y, z, before):
    if before(a[x], a[y]):
        pick = y if before(a[y], a[z]) else z if before(a[x], a[z]) else x
    else:
        pick = x if before(a[x], a[z]) else z if before(a[y], a[z]) else y
    a[result], a[pick] = a[pick], a[result]


def _partition(a, first, last, before):
    """Pivot (median of a[first + 1], the middle, the last) moved to a[first]; the rest Hoare-partitioned around
    it without bounds checks. Returns the cut: [first + 1, cut) do not come after the pivot, [cut, last) not before."""
    _median_to_first(a, first, first + 1, first + (last - first) // 2, last - 1, before)
    lo, hi, pivot = first + 1, last, a[first]
    while True:
        while before(a[lo], pivot):
            lo += 1
        hi -= 1
        while before(pivot, a[hi]):
            hi -= 1
        if lo >= hi:
            return lo
        a[lo], a[hi] = a[hi], a[lo]
        lo += 1


def _linear_insert(a, last, before):
    value, prev = a[last], last - 1
    while before(value, a[prev]):
        a[last] = a[prev]
        last, prev = prev, prev - 1
    a[last] = value


def _insertion_sort(a, first, last, before):
    for i in range(first + 1, last):
        if before(a[i], a[first]):  # a new front: shift the whole prefix right by one
            value = a[i]
            a[first + 1:i + 1] = a[first:i]
            a[first] = value
        else:
            _linear_insert(a, i, before)


# --- nth_element and sort ------------------------------------------------------------------------------------------
def _nth_element(a, first, nth, last, before):
    if first == last or nth == last:
        return
    depth = 2 * _log2(last - first)
    while last - first > 3:
        if depth == 0:
            _heap_select(a, first, nth + 1, last, before)
            a[first], a[nth] = a[nth], a[first]
            return
        depth -= 1
        cut = _partition(a, first, last, before)
        if cut <= nth:
            first = cut
        else:
            last = cut
    _insertion_sort(a, first, last, before)


_THRESHOLD = 16


def _introsort(a, first, last, depth, before):
    while last - first > _THRESHOLD:
        if depth == 0:
            _partial_sort(a, first, last, last, before)
            return
        depth -= 1
        cut = _partition(a, first, last, before)
        _introsort(a, cut, last, depth, before)
        last = cut


def _sort(a, first, last, before):
    if first == last:
        return
    _introsort(a, first, last, 2 * _log2(last - first), before)
    if last - first > _THRESHOLD:
        _insertion_sort(a, first, first + _THRESHOLD, before)
        for i in range(first + _THRESHOLD, last):
            _linear_insert(a, i, before)
    else:
        _insertion_sort(a, first, last, before)
