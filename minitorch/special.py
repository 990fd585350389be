"""torch.special: the special-function names, mapped onto minitorch's ops (``minitorch.special.expit(x)``)."""
from . import dtypes as _dt
from .ops import elementwise as _elementwise, reduce as _reduce, softmax as _softmax, special as _special
from .ops import special_extra as _special_extra
from .ops.arguments import bound as _bound


def round(input, *, decimals=0):
    # torch.special.round has no integer kernel (unlike torch.round, which returns an integer input unchanged)
    _elementwise._not_for(input, "round_vml_cpu" if decimals == 0 else "round_cpu", _dt.INTEGRAL + (_dt.bool_,))
    return _elementwise.round(input, decimals=decimals)


def softmax(input, dim, *, dtype=None):
    return _softmax.softmax(input, dim, dtype=dtype)


def log_softmax(input, dim, *, dtype=None):
    return _softmax.log_softmax(input, dim, dtype=dtype)


def logsumexp(input, dim, keepdim=False):
    return _reduce.logsumexp(input, dim, keepdim)


_NAMES = {
    "expit": _elementwise.sigmoid, "logit": _special.logit, "erf": _elementwise.erf, "erfc": _special.erfc,
    "erfinv": _special.erfinv, "gammaln": _special.lgamma, "digamma": _special.digamma, "psi": _special.digamma,
    "polygamma": _special.polygamma, "multigammaln": _special.mvlgamma, "i0": _special.i0, "i0e": _special.i0e,
    "i1": _special.i1, "i1e": _special.i1e, "xlogy": _elementwise.xlogy, "xlog1py": _special.xlog1py,
    "log1p": _elementwise.log1p, "expm1": _elementwise.expm1, "exp2": _elementwise.exp2, "logsumexp": logsumexp,
    "softmax": softmax, "log_softmax": log_softmax, "sinc": _special.sinc, "round": round,
    "entr": _special.entr, "ndtr": _special.ndtr, "ndtri": _special.ndtri, "log_ndtr": _special.log_ndtr,
}
_NAMES.update(_special_extra.SPECIAL)  # Bessel, Airy, zeta, incomplete gamma, erfcx, orthogonal polynomials
for _name, _fn in _NAMES.items():
    globals()[_name] = _bound(_fn, _name)
__all__ = sorted(_NAMES)
