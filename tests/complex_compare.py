"""Running a function on torch and on minitorch with the same (possibly complex) inputs and comparing outputs and
every input's gradient under a real loss (shared by test_complex.py and test_fft.py)."""
import numpy as np
import torch

import minitorch as mt

LIBS = (torch, mt)
# (rtol, atol) by dtype name: double precision tight, single precision as torch's own tests allow
TOLERANCE = {"float64": (1e-9, 1e-10), "complex128": (1e-9, 1e-10), "float32": (2e-4, 2e-5),
             "complex64": (2e-4, 2e-5)}


def sample(shape, dtype, seed=0):
    """A NumPy array of dtype (a name: 'float32', 'complex128', ...) with values away from 0."""
    rng = np.random.default_rng(seed)
    values = rng.uniform(0.3, 1.5, shape) * rng.choice([-1, 1], shape)
    if dtype.startswith("complex"):
        values = values + 1j * rng.uniform(-1.5, 1.5, shape)
    return values.astype(dtype)


def weights(shape, seed=1):
    return np.random.default_rng(seed).normal(size=shape)


def real_loss(lib, out, style="parts"):
    """A real scalar from out that sees every real and imaginary part (weighted, so no symmetry hides a wrong
    sign). style "parts": through .real and .imag; "view": through view_as_real; "abs": |out| summed."""
    if style == "abs":
        return out.abs().sum()
    w = weights(tuple(out.shape) + ((2,) if out.is_complex() else ()))
    real_dtype = out.dtype.to_real() if out.is_complex() else out.dtype
    w = lib.tensor(w, dtype=real_dtype)
    if not out.is_complex():
        return (out * w).sum()
    if style == "view":
        return (lib.view_as_real(out.resolve_conj()) * w).sum()  # (torch refuses a lazy conjugate)
    return (out.real * w[..., 0] + out.imag * w[..., 1]).sum()


def leaves(lib, arrays, grad, transposed=False):
    """Leaf tensors from the arrays; transposed: each leaf holds the array transposed and the function gets its
    transpose back (non-contiguous, same values)."""
    made, given = [], []
    for a in arrays:
        if not isinstance(a, np.ndarray):
            given.append(a)
            continue
        t = lib.tensor(a.T.copy() if transposed else a, requires_grad=grad)
        made.append(t)
        given.append(t.T if transposed else t)
    return made, given


def results(lib, fn, arrays, grad, style, transposed):
    made, given = leaves(lib, arrays, grad, transposed)
    out = fn(lib, *given)
    outs = out if isinstance(out, (tuple, list)) else (out,)
    found = [o.detach().resolve_conj().numpy() for o in outs]
    dtypes = [str(o.dtype).replace("torch.", "") for o in outs]
    if grad:
        loss = sum(real_loss(lib, o, style) for o in outs if o.requires_grad)
        loss.backward()
        for t in made:
            found.append(None if t.grad is None else t.grad.resolve_conj().numpy())
            dtypes.append(str(t.grad.dtype).replace("torch.", "") if t.grad is not None else None)
    return found, dtypes


def check(fn, *arrays, grad=True, style="parts", transposed=False, tol=None):
    """fn(lib, *tensors) gives the same outputs (values and dtypes) with torch and with minitorch, and, with grad,
    the same gradient for every input under real_loss."""
    (want, want_dtypes), (got, got_dtypes) = (results(lib, fn, arrays, grad, style, transposed) for lib in LIBS)
    assert got_dtypes == want_dtypes
    for i, (w, g, d) in enumerate(zip(want, got, want_dtypes)):
        if w is None:
            assert g is None, i
            continue
        assert g.shape == w.shape, (i, g.shape, w.shape)
        rtol, atol = tol or TOLERANCE.get(d, (0, 0))
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol, err_msg="result %d" % i)
