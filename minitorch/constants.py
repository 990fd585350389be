"""torch's top-level constants, layout and memory-format objects, build flags and a few process switches.

Every tensor here is strided and row-major: the memory formats are accepted wherever torch takes one, and the
layouts name what a tensor is, but neither changes how an array is stored.
"""
import math
import sys
import types
import warnings

from . import __version__ as _package_version
from . import dtypes as _dt
from .autograd import anomaly as _anomaly
from .ops._util import require_tensors

pi, e, inf, nan = math.pi, math.e, math.inf, math.nan
newaxis = None


class _Named:
    """An object known by its torch name only: repr gives 'torch.<name>', as torch prints its enum values."""
    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):  # pickled by name, so a loaded object is the module's own
        return self._name


class layout(_Named):
    """torch.layout: how a tensor's elements are stored (strided is the only one minitorch computes with)."""
    __slots__ = ()


class memory_format(_Named):
    """torch.memory_format: the order of a tensor's dims in memory, asked for by contiguous(), clone(), to()..."""
    __slots__ = ()


strided, sparse_coo = layout("strided"), layout("sparse_coo")
contiguous_format, channels_last = memory_format("contiguous_format"), memory_format("channels_last")
channels_last_3d, preserve_format = memory_format("channels_last_3d"), memory_format("preserve_format")

# what torch's CPU build reports: LAPACK, MKL, OpenMP and FFT are all there (NumPy gives minitorch the same)
has_lapack = has_mkl = has_openmp = has_spectral = True

# torch.version: this package's version string; no CUDA/HIP build (CuPy, when present, is found at run time)
version = types.ModuleType("minitorch.version", "Version of this build: __version__, and cuda/hip (None).")
version.__version__ = version.git_version = _package_version
version.cuda = version.hip = version.rocm = version.xpu = None
version.debug = False
sys.modules[version.__name__] = version


def get_device(input):
    """The CUDA index of input's device, -1 on the CPU."""
    require_tensors("get_device", input=input)
    return input.get_device()


def is_storage(obj):
    """False: minitorch has no storage objects (a tensor's memory is its array)."""
    return False


_warned_tensor_type = []  # torch gives its deprecation warning once per process


_LEGACY_DTYPES = {"torch.FloatTensor": _dt.float32, "torch.DoubleTensor": _dt.float64, "torch.HalfTensor": _dt.float16}


def set_default_tensor_type(t):
    """The default float dtype from a legacy tensor type (torch.DoubleTensor or 'torch.DoubleTensor'): deprecated
    in torch 2.1 for set_default_dtype, with torch's warning."""
    if isinstance(t, str):
        if t not in _LEGACY_DTYPES and not t.startswith("torch."):
            raise ModuleNotFoundError("No module named '%s'" % (t.rpartition(".")[0] or t))
        dtype = _LEGACY_DTYPES.get(t)
    else:
        dtype = getattr(t, "dtype", None) if isinstance(t, type) else None
        if dtype is None:
            raise TypeError("invalid type object: only floating-point types are supported as the default type")
    if dtype is None or not dtype.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    if not _warned_tensor_type:
        _warned_tensor_type.append(True)
        warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                      "torch.set_default_dtype() and torch.set_default_device() as alternatives.", UserWarning,
                      stacklevel=2)
    _dt.set_default_dtype(dtype)


set_anomaly_enabled = _anomaly.set_anomaly_enabled
is_anomaly_check_nan_enabled = _anomaly.is_anomaly_check_nan_enabled


__all__ = ["pi", "e", "inf", "nan", "newaxis", "layout", "strided", "sparse_coo", "memory_format", "contiguous_format",
         "channels_last", "channels_last_3d", "preserve_format", "has_lapack", "has_mkl", "has_openmp", "has_spectral",
         "version", "get_device", "is_storage", "set_default_tensor_type", "set_anomaly_enabled",
         "is_anomaly_check_nan_enabled"]
