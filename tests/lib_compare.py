"""Running one function with lib = torch and lib = minitorch and comparing what it returns or raises (shared by
the autograd tests)."""
import numpy as np
import pytest
import torch

import minitorch as mt

LIBS = [torch, mt]


def plain(v):
    """Make a result comparable across libraries: tensors become NumPy arrays, containers are walked."""
    if isinstance(v, (torch.Tensor, mt.Tensor)):
        return ("tensor", str(v.dtype).replace("torch.", ""), v.detach().cpu().numpy())
    if isinstance(v, tuple) and type(v) is not tuple:  # a named tuple (torch.return_types.*): its name and items
        return (type(v).__name__,) + tuple(plain(x) for x in v)
    if isinstance(v, (list, tuple)):
        return type(v)(plain(x) for x in v)
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    return v


def assert_same(a, b, path="result"):
    if isinstance(a, tuple) and a and a[0] == "tensor":
        assert isinstance(b, tuple) and b[0] == "tensor", path
        assert a[1] == b[1], "%s: dtype %s vs %s" % (path, a[1], b[1])
        assert a[2].shape == b[2].shape, "%s: shape %s vs %s" % (path, a[2].shape, b[2].shape)
        np.testing.assert_allclose(b[2], a[2], rtol=1e-10 if a[1] == "float64" else 1e-5,
                                   atol=1e-12 if a[1] == "float64" else 1e-6, err_msg=path)
    elif isinstance(a, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), "%s: %r vs %r" % (path, a, b)
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same(x, y, "%s[%d]" % (path, i))
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            assert_same(a[k], b[k], "%s[%r]" % (path, k))
    else:
        assert a == b, "%s: torch %r, minitorch %r" % (path, a, b)


def same(fn):
    """fn(lib) gives the same result in both libraries."""
    assert_same(plain(fn(torch)), plain(fn(mt)))


def raises_same(fn, exact=True):
    """fn(lib) raises the same exception type (and message, when exact) in both libraries; returns the messages
    (torch's, minitorch's)."""
    got = []
    for lib in LIBS:
        with pytest.raises(Exception) as info:
            fn(lib)
        got.append((type(info.value), str(info.value)))
    assert got[1][0] is got[0][0], "torch %s, minitorch %s" % (got[0], got[1])
    if exact:
        assert got[1][1] == got[0][1]
    return got[0][1], got[1][1]


def doubling_function(lib):
    """A custom autograd.Function of lib: y = 2x, with backward only (no jvp)."""
    class Double(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2
    return Double
