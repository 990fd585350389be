"""Which of several equal elements torch's CPU sort (stable=False), mode and kthvalue pick.

torch sorts each row with libstdc++'s std::sort: introsort (median-of-three pivot moved to the front, unguarded
Hoare partition, recursing until 16 or fewer elements are left, heap-sort after 2 log2 n rounds), then one insertion
sort over the row. The exception is a 1-d integer tensor of at least 32768 elements sorted ascending, which goes
through a stable radix sort. The final insertion sort never moves an element past an equal one, so the answer is a
stable sort of the arrangement the partitions leave; only the partitions need replaying.

They are replayed on ranks (equal keys share a rank) with array operations for long segments: in one Hoare
partition the left scan stops at the elements not below the pivot and the right scan at those not above it, in
order, and the k-th stops swap while they have not crossed, so a partition is a few whole-segment steps. Short
segments are replayed element by element in Python (topk_order's introsort).

mode takes the last of the most frequent value's copies in std::sort's order. kthvalue runs a quickselect of its
own (Numerical Recipes' select: median of three, then a partition that scans past elements equal to the pivot
from both sides), replayed here in Python on the rows where the k-th value has equal copies.
"""
from .topk_order import _THRESHOLD, _introsort, _log2, _partial_sort

RADIX_MIN = 32768  # 1-d integer rows this long, ascending, are radix-sorted by torch (stable)
_ARRAY_MIN = 256  # segments at least this long are partitioned with array operations


def _before(x, y):
    return x[0] < y[0]


def tie_ranks(xp, row, descending):
    """Dense ranks of a row's keys under torch's comparison: NaNs share the last rank ascending and the first
    descending; -0.0 and 0.0 share one."""
    _, ranks = xp.unique(row, return_inverse=True)
    ranks = ranks.reshape(-1)
    return ranks.max() - ranks if descending else ranks


def _swap(arrays, i, j):
    for a in arrays:
        a[[i, j]] = a[[j, i]]


def _partition(xp, v, a, first, last):
    """One introsort step on v[first:last] (ranks) and a (the positions they came from): the pivot, the median of
    v[first + 1], the middle and the last, is moved to the front; returns the cut."""
    x, y, z = first + 1, first + (last - first) // 2, last - 1
    vx, vy, vz = int(v[x]), int(v[y]), int(v[z])
    if vx < vy:
        pick = y if vy < vz else z if vx < vz else x
    else:
        pick = x if vx < vz else z if vy < vz else y
    _swap((v, a), first, pick)
    pivot, segment = v[first], v[first:last]
    left = xp.flatnonzero(segment[1:] >= pivot) + (first + 1)  # where the left scan stops, in order
    right = xp.flatnonzero(segment <= pivot)[::-1] + first  # where the right scan stops (the pivot at the latest)
    m = min(len(left), len(right))
    crossed = left[:m] >= right[:m]
    k = int(crossed.argmax()) if bool(crossed.any()) else m  # the pairs before the first crossing swap
    if k:
        lo, hi = left[:k], right[:k]
        for arr in (v, a):
            arr[lo], arr[hi] = arr[hi], arr[lo].copy()
    if k == 0:
        return int(left[0])
    # the element swapped into right[k - 1] (not below the pivot) stops the last left scan at the latest
    return min(int(left[k]) if k < len(left) else last, int(right[k - 1]))


def _replay_in_python(v, a, first, last, replay):
    row = list(zip(v[first:last].tolist(), a[first:last].tolist()))
    replay(row)
    v[first:last] = [r for r, _ in row]
    a[first:last] = [j for _, j in row]


def std_sort_order(xp, row, descending):
    """The positions of a 1-d row's elements in the order torch's std::sort leaves them (ties included)."""
    n = row.shape[0]
    v = tie_ranks(xp, row, descending)
    a = xp.arange(n)
    stack = [(0, n, 2 * _log2(n))] if n else []
    while stack:
        first, last, depth = stack.pop()
        while last - first > _THRESHOLD:
            if last - first < _ARRAY_MIN:
                _replay_in_python(v, a, first, last, lambda r, d=depth: _introsort(r, 0, len(r), d, _before))
                break
            if depth == 0:
                _replay_in_python(v, a, first, last, lambda r: _partial_sort(r, 0, len(r), len(r), _before))
                break
            depth -= 1
            cut = _partition(xp, v, a, first, last)
            stack.append((cut, last, depth))
            last = cut
    return a[xp.argsort(v, kind="stable")]


def quickselect_position(ranks, k):
    """The position torch's kthvalue reports for the k-th smallest (0-based) of a row of ranks (a list)."""
    v, at = list(ranks), list(range(len(ranks)))

    def swap(i, j):
        v[i], v[j], at[i], at[j] = v[j], v[i], at[j], at[i]

    lo, hi = 0, len(v) - 1
    while hi > lo + 1:
        mid = lo + (hi - lo) // 2  # median of v[lo], v[mid], v[hi] to v[lo], the smaller to v[lo + 1], the larger to v[hi]
        swap(mid, lo + 1)
        if v[lo + 1] > v[hi]:
            swap(lo + 1, hi)
        if v[lo] > v[hi]:
            swap(lo, hi)
        if v[lo + 1] > v[lo]:
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, v[lo]
        while True:
            i += 1
            while pivot > v[i]:
                i += 1
            j -= 1
            while v[j] > pivot:
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)  # the pivot to its place, j
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    if hi == lo + 1 and v[lo] > v[hi]:
        swap(lo, hi)
    return at[k]
