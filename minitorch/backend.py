"""The one seam between minitorch and an array library.

Every kernel asks here for the module that owns its arrays (NumPy on the CPU, CuPy on a GPU), so the same op
code runs on both. Nothing else in the package imports CuPy, and kernels do not import NumPy for array math.
"""
import numpy

try:  # CuPy is optional: the `gpu` extra
    import cupy
except Exception:  # ImportError, or a CuPy without a usable CUDA runtime
    cupy = None


class device:
    """torch.device: a type ('cpu' or 'cuda') and an optional index."""
    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            type, index = type.type, type.index
        elif isinstance(type, int):
            type, index = "cuda", type
        elif ":" in type:
            type, _, idx = type.partition(":")
            if not idx.isdigit():
                raise RuntimeError("Invalid device string: '%s:%s'" % (type, idx))
            index = int(idx)
        if type not in ("cpu", "cuda"):
            raise RuntimeError("Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, "
                               "maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of "
                               "device string: %s" % type)
        self.type = type
        self.index = index

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and self.type == other.type and (self.index or 0) == (other.index or 0)

    def __hash__(self):
        return hash((self.type, self.index or 0))

    def __repr__(self):
        if self.index is None:
            return "device(type='%s')" % self.type
        return "device(type='%s', index=%d)" % (self.type, self.index)

    def __str__(self):
        return self.type if self.index is None else "%s:%d" % (self.type, self.index)


CPU = device("cpu")


def cuda_available():
    if cupy is None:
        return False
    try:
        return cupy.cuda.runtime.getDeviceCount() > 0
    except Exception:
        return False


class CudaUnavailableError(RuntimeError, AssertionError):
    """A CUDA device was asked for but none is usable. CPU-only torch raises AssertionError here, and torch built
    with CUDA on a machine without a GPU raises RuntimeError: this is both."""


def raise_no_cuda(d):
    raise CudaUnavailableError("CUDA requested (%s) but it is not available: minitorch needs CuPy (pip install "
                               "minitorch[gpu]) and an NVIDIA GPU" % d)


def as_device(d):
    if d is None:
        return CPU
    d = d if isinstance(d, device) else device(d)
    if d.type == "cuda" and not cuda_available():
        raise_no_cuda(d)
    return d


def array_module(d):
    """The array module that serves device d."""
    return cupy if d.type == "cuda" else numpy


def get_array_module(array):
    """The array module that owns array."""
    if cupy is not None and isinstance(array, cupy.ndarray):
        return cupy
    return numpy


def device_of(array):
    if cupy is not None and isinstance(array, cupy.ndarray):
        return device("cuda", array.device.id)
    return CPU


def to_device(array, d):
    """Copy array onto device d (a no-op when it is already there)."""
    if d.type == "cuda":
        with cupy.cuda.Device(d.index or 0):
            return cupy.asarray(array)
    if cupy is not None and isinstance(array, cupy.ndarray):
        return cupy.asnumpy(array)
    return array


def to_numpy(array):
    return to_device(array, CPU)


def is_array(x):
    return isinstance(x, numpy.ndarray) or (cupy is not None and isinstance(x, cupy.ndarray))


def special(xp):
    """Special functions (erf, ...) for module xp, where the array library has them."""
    if xp is numpy:
        try:
            import scipy.special
            return scipy.special
        except ImportError:
            return None
    import cupyx.scipy.special
    return cupyx.scipy.special


def add_at(xp, target, index, values):
    """target[index] += values with repeated indices accumulating (unbuffered), on either library."""
    if xp is numpy:
        numpy.add.at(target, index, values)
    else:
        import cupyx
        cupyx.scatter_add(target, index, values)


# torch never prints NumPy's floating-point warnings (log(0), 0/0 ...): its results simply hold inf and NaN
numpy.seterr(all="ignore")
