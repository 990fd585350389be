"""Property tests: random shapes and arguments for reshape, permute, transpose, expand, cat and slicing, each
compared with torch (values, shapes, strides where views, and the gradient for a random upstream)."""
import numpy as np
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import minitorch as mt

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
shapes = st.lists(st.integers(0, 4), min_size=0, max_size=4).map(tuple)
nonempty_shapes = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)


def _compare(shape, fn, seed=0):
    """fn(lib, x) in both libraries on the same float64 leaf: output and gradient must match torch."""
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape)
    results = []
    for lib in (torch, mt):
        x = lib.tensor(a, requires_grad=True)
        y = fn(lib, x)
        w = lib.tensor(np.random.default_rng(seed + 1).standard_normal(tuple(y.shape)))
        (y * w).sum().backward()
        results.append((tuple(y.shape), y.detach().numpy().copy(), x.grad.numpy().copy()))
    (ts, ty, tg), (ms, my, mg) = results
    assert ms == ts
    np.testing.assert_array_equal(my, ty)
    np.testing.assert_allclose(mg, tg, rtol=1e-12, atol=1e-12)


@st.composite
def reshape_case(draw):
    shape = draw(nonempty_shapes)
    n = int(np.prod(shape))
    factors = []
    rest = n
    for _ in range(draw(st.integers(1, 3))):
        divisors = [d for d in range(1, rest + 1) if rest % d == 0]
        f = draw(st.sampled_from(divisors))
        factors.append(f)
        rest //= f
    factors.append(rest)
    if draw(st.booleans()):
        factors[draw(st.integers(0, len(factors) - 1))] = -1
    return shape, tuple(factors)


@SETTINGS
@given(reshape_case(), st.booleans())
def test_reshape(case, transposed):
    shape, target = case

    def fn(lib, x):
        src = x.mT if transposed and x.dim() >= 2 else x  # non-contiguous: reshape must copy
        return src.reshape(target)
    _compare(shape, fn)


@st.composite
def permutation(draw):
    shape = draw(shapes)
    return shape, tuple(draw(st.permutations(range(len(shape)))))


@SETTINGS
@given(permutation())
def test_permute_and_strides(case):
    shape, dims = case
    _compare(shape, lambda lib, x: x.permute(dims))
    if 0 not in shape:  # (an empty NumPy array keeps no strides to permute)
        assert mt.zeros(shape).permute(dims).stride() == torch.zeros(shape).permute(dims).stride()


@SETTINGS
@given(nonempty_shapes, st.data())
def test_transpose(shape, data):
    n = len(shape)
    d0, d1 = data.draw(st.integers(-n, n - 1)), data.draw(st.integers(-n, n - 1))
    _compare(shape, lambda lib, x: x.transpose(d0, d1) * 1)


@st.composite
def expansion(draw):
    shape = draw(st.lists(st.integers(1, 3), min_size=0, max_size=3).map(tuple))
    lead = tuple(draw(st.lists(st.integers(0, 3), max_size=2)))
    target = []
    for s in shape:
        target.append(draw(st.sampled_from([-1, s] if s != 1 else [-1, 1, 2, 3])))
    return shape, lead + tuple(target)


@SETTINGS
@given(expansion())
def test_expand(case):
    shape, sizes = case
    _compare(shape, lambda lib, x: x.expand(sizes))


@st.composite
def concatenation(draw):
    base = list(draw(nonempty_shapes))
    dim = draw(st.integers(-len(base), len(base) - 1))
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        s = list(base)
        s[dim] = draw(st.integers(0, 3))
        parts.append(tuple(s))
    return parts, dim


@SETTINGS
@given(concatenation())
def test_cat(case):
    parts, dim = case
    sizes = [p[dim] for p in parts]
    whole = list(parts[0])
    whole[dim] = sum(sizes)

    def fn(lib, x):
        pieces = list(x.split(sizes, dim))
        return lib.cat([p * (i + 1) for i, p in enumerate(pieces)], dim)
    _compare(tuple(whole), fn)


@st.composite
def slicing(draw):
    shape = draw(nonempty_shapes)
    k = draw(st.integers(0, len(shape)))
    trailing = draw(st.booleans())  # index the last k dims after an Ellipsis, or the first k (then maybe ...)
    index = [Ellipsis] if trailing else []
    n = draw(st.integers(1, 3))
    for s in (shape[len(shape) - k:] if trailing else shape[:k]):
        kind = draw(st.sampled_from(["int", "slice", "none", "list"]))
        if kind == "int":
            index.append(draw(st.integers(-s, s - 1)))
        elif kind == "slice":
            index.append(slice(draw(st.one_of(st.none(), st.integers(-s - 1, s + 1))),
                               draw(st.one_of(st.none(), st.integers(-s - 1, s + 1))),
                               draw(st.one_of(st.none(), st.integers(1, 3)))))
        elif kind == "none":
            index.append(None)
            index.append(slice(None))
        else:
            index.append(draw(st.lists(st.integers(-s, s - 1), min_size=n, max_size=n)))  # lists must broadcast
    if not trailing and draw(st.booleans()):
        index.append(Ellipsis)
    return shape, tuple(index)


@SETTINGS
@given(slicing())
def test_indexing(case):
    shape, index = case

    def fn(lib, x):
        idx = tuple(lib.tensor(i) if isinstance(i, list) else i for i in index)
        return x[idx] * 1
    _compare(shape, fn)
