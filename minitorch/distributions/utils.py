"""Helpers shared by the distributions: broadcasting parameters, cached properties, probs <-> logits, and the
lower-triangle <-> vector packing of matrices."""
from numbers import Number

from ..tensor import Tensor


def broadcast_all(*values):
    """Numbers become tensors (of the first tensor's dtype, else the default dtype); all broadcast together."""
    from .. import broadcast_tensors, get_default_dtype, tensor
    if not all(isinstance(v, (Tensor, Number)) for v in values):
        raise ValueError("Input arguments must all be instances of Number, "
                         "torch.Tensor or objects implementing __torch_function__.")
    ref = next((v for v in values if isinstance(v, Tensor)), None)
    options = dict(dtype=get_default_dtype()) if ref is None else dict(dtype=ref.dtype, device=ref.device)
    return broadcast_tensors(*(v if isinstance(v, Tensor) else tensor(v, **options) for v in values))


class lazy_property:
    """Computed on first access and cached in the instance's __dict__ (so repr and validation see it only then).

    The value is computed with gradients enabled, so a parameter first derived inside sample() (under no_grad)
    still carries its graph."""

    def __init__(self, fn):
        self.fn, self.__doc__ = fn, fn.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        from ..autograd.grad_mode import enable_grad
        with enable_grad():
            value = self.fn(instance)
        instance.__dict__[self.fn.__name__] = value
        return value


def show(value):
    """How torch's f-strings print a value: a 0-d tensor as its Python number, anything else as str()."""
    return value.item() if isinstance(value, Tensor) and value.dim() == 0 else value


def finfo(t):
    return t.xp.finfo(t.dtype.np)


def clamp_probs(probs):
    eps = float(finfo(probs).eps)  # into the open interval (0, 1)
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    p = clamp_probs(probs)
    return p.log() - (-p).log1p() if is_binary else p.log()  # log(p / (1 - p)) or log p


def logits_to_probs(logits, is_binary=False):
    return logits.sigmoid() if is_binary else logits.softmax(-1)


def _tril_indices(n, diag):
    from .. import tril_indices
    return tril_indices(n, n, diag)


def tril_matrix_to_vec(mat, diag=0):
    """The entries on and below diagonal diag of the last two dims, in row order."""
    n = mat.shape[-1]
    if not -n <= diag < n:
        raise ValueError("diag (%d) provided is outside [%d, %d]." % (diag, -n, n - 1))
    rows, cols = _tril_indices(n, diag)
    return mat[..., rows, cols]


def vec_to_tril_matrix(vec, diag=0):
    """The inverse of tril_matrix_to_vec: a D x D matrix zero outside the lower part, D from the vector length."""
    k = 1 + 2 * diag  # D is the positive root of D^2 + k D - |diag| (diag + 1) - 2 len = 0
    n = (-k + (k * k + 8 * vec.shape[-1] + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    if round(n) - n > float(finfo(vec).eps):
        raise ValueError("The size of last dimension is %d which cannot be expressed as the lower triangular part "
                         "of a square D x D matrix." % vec.shape[-1])
    n = round(n)
    mat = vec.new_zeros(tuple(vec.shape[:-1]) + (n, n))
    rows, cols = _tril_indices(n, diag)
    mat[..., rows, cols] = vec
    return mat
