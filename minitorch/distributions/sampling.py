"""Draws from the default generator's NumPy routines (poisson, binomial, gamma, ...) as tensors without a gradient."""


def numpy_draw(method, like, shape, *params):
    """generator.<method>(*params) with params broadcast to shape, as a tensor of like's dtype and device."""
    from ..random import _make, _rng
    arrays = [p.detach().expand(shape).numpy() if hasattr(p, "detach") else p for p in params]
    return _make(getattr(_rng(None), method)(*arrays, size=tuple(shape)), like.dtype, like.device, False)
