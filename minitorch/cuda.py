"""minitorch.cuda: whether a GPU is usable (through CuPy) and the few torch.cuda helpers programs call.

Without CuPy or without an NVIDIA GPU, ``is_available()`` is False and asking for a CUDA tensor raises
``CudaUnavailableError`` (both an AssertionError, as CPU-only torch raises, and a RuntimeError).
"""
from . import amp as _amp, backend, dtypes
from .backend import CudaUnavailableError  # noqa: F401

# torch.cuda.amp.autocast / GradScaler / custom_fwd / custom_bwd: the deprecated spellings
amp = _amp.legacy_namespace("cuda", dtypes.float16, custom_functions=True)


def is_available():
    return backend.cuda_available()


def device_count():
    return backend.cupy.cuda.runtime.getDeviceCount() if is_available() else 0


def is_initialized():
    return is_available()


def _require():
    if not is_available():
        backend.raise_no_cuda("cuda")


def current_device():
    _require()
    return backend.cupy.cuda.runtime.getDevice()


def _index(device):
    if device is None:
        return 0
    return device if isinstance(device, int) else backend.device(device).index or 0


def set_device(device):
    _require()
    backend.cupy.cuda.runtime.setDevice(_index(device))


def get_device_name(device=None):
    _require()
    name = backend.cupy.cuda.runtime.getDeviceProperties(_index(device))["name"]
    return name.decode() if isinstance(name, bytes) else name


def synchronize(device=None):
    _require()
    backend.cupy.cuda.Device(_index(device)).synchronize()


def empty_cache():
    if is_available():
        backend.cupy.get_default_memory_pool().free_all_blocks()


def manual_seed(seed):
    """Every random tensor is drawn by the one global generator (then moved), so this seeds that."""
    from .random import manual_seed as seed_all
    seed_all(seed)


manual_seed_all = manual_seed
