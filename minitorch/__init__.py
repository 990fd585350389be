"""minitorch: PyTorch's API on NumPy (CPU) and CuPy (GPU), with an autograd engine you can read.

    import minitorch as torch

Where to look: ``tensor.py`` (Tensor), ``autograd/function.py`` (Function and graph nodes),
``autograd/engine.py`` (how backward walks the graph), ``ops/`` (each op's forward and backward side by side),
``backend.py`` (the one seam to NumPy/CuPy).
"""
__version__ = "0.1.0"

from . import _blas_env  # noqa: F401  (before anything loads NumPy's BLAS)
from . import dtypes as _dtypes
from .backend import device
from .dtypes import (bool_ as bool, float16, float32, float64, get_default_dtype, int8, int16, int32, int64,
                     set_default_dtype, uint8, promote_types, dtype, complex64, complex128)
from .tensor import Size, Tensor
from . import ops as _ops
from .ops.arguments import bound as _bound
from . import autograd
from .autograd import is_anomaly_enabled
from .constants import *  # noqa: F401,F403,E402
from .autograd import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                       set_grad_enabled)
from .creation import *  # noqa: F401,F403
from .creation import FUNCTIONS as _creation_functions
from . import creation as _creation
from .random import Generator, default_generator
from . import random as _random
from .serialization import load, save
from .printing import set_printoptions
from .threads import get_num_threads, set_num_threads
from . import cuda, nn, optim, utils

half, float, double = float16, float32, float64
short, int, long = int16, int32, int64
cfloat, cdouble = complex64, complex128


_ATTRIBUTE_ERROR_IN_TORCH = {"norm", "split", "tensordot", "unravel_index"}  # Python code in torch that reads input's attributes first


def _export(module, names):
    g = globals()
    for name in names:  # torch's TypeError for a non-Tensor input, as torch's binding gives
        fn = getattr(module, name)
        g[name] = fn if name in _ATTRIBUTE_ERROR_IN_TORCH else _bound(fn)


for _family in _ops.FAMILIES:
    _export(_family, _family.FUNCTIONS)
_export(_random, _random.FUNCTIONS)
_export(_creation, _creation_functions)
for _name, _method in _random.METHODS.items():  # x.uniform_(), x.normal_(), x.bernoulli() ...
    setattr(Tensor, _name, _method)
_export(_ops, ["copy_", "fill_", "zero_"])
from . import linalg, profiler  # noqa: E402
from . import distributions  # noqa: E402
from . import special  # noqa: E402
from . import signal  # noqa: E402
from . import fft  # noqa: E402
from . import info as _info  # noqa: E402
for _name in _info.FUNCTIONS:  # finfo, iinfo, broadcast_shapes, ...
    globals()[_name] = getattr(_info, _name)
from . import func  # noqa: E402
for _name, _fn in linalg.TOP_LEVEL.items():  # torch.det, x.det(), torch.inverse, ...
    globals()[_name] = _bound(_fn)
    setattr(Tensor, _name, _bound(_fn, _name, method=True))
lu_unpack = _bound(linalg.lu_unpack)  # a function only (torch has no Tensor.lu_unpack)


def is_tensor(obj):
    return isinstance(obj, Tensor)


@_bound
def is_floating_point(input):
    return input.dtype.is_floating_point


@_bound
def numel(input):
    return input.numel()


def result_type(tensor1, tensor2):
    return _dtypes.result_type(tensor1, tensor2)


def can_cast(from_, to):
    return from_.category <= to.category


@_bound
def detach(input):
    return input.detach()


from . import amp, backends, cpu, jit, testing  # noqa: E402
from .amp import GradScaler, autocast, is_autocast_enabled  # noqa: E402
from .backends import (are_deterministic_algorithms_enabled,  # noqa: E402
                       is_deterministic_algorithms_warn_only_enabled, use_deterministic_algorithms)
from .jit import compile  # noqa: E402
