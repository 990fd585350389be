"""Helpers for writing a case once for both libraries."""


def leaf(lib, array, dtype=None, requires_grad=True):
    """A leaf tensor in lib from a NumPy array (identical in both libraries)."""
    t = lib.tensor(array, dtype=dtype)
    if requires_grad and t.dtype.is_floating_point:
        t.requires_grad_(True)
    return t


def values(lib, array, dtype=None):
    return leaf(lib, array, dtype, requires_grad=False)


def grads_of(lib, rng, out, inputs, names=None, create_graph=False):
    """{'out': out, 'grad_0': d(sum(out * w))/d inputs[0], ...} with a random upstream weight w."""
    names = names or ["grad_%d" % i for i in range(len(inputs))]
    result = {"out": out}
    if not out.requires_grad:
        return result
    upstream = lib.tensor(rng.standard_normal(tuple(out.shape)), dtype=out.dtype)
    grads = lib.autograd.grad(out, inputs, upstream, allow_unused=True, create_graph=create_graph)
    result.update(zip(names, grads))
    return result
