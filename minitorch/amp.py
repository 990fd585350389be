"""minitorch.amp: mixed precision's API -- ``autocast`` and ``GradScaler`` -- with minitorch's choices.

``autocast`` is a context manager and decorator that records its state and validates its arguments as torch does,
but casts nothing: ops inside keep their float32/float64 dtypes (torch's CPU autocast computes in bfloat16, which
minitorch lacks). ``GradScaler`` is torch's loss scaler: when enabled (``device="cpu"``) it multiplies the loss by
the scale, unscales gradients, skips ``step`` when any gradient is inf/NaN and backs off or grows the scale in
``update``; when disabled (or asked for CUDA without a GPU, as torch does) every method passes through."""
import functools
import warnings

from . import backend, dtypes
from .creation import tensor
from .tensor import Tensor

_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve", "fpga", "maia",
                 "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia", "privateuseone")
_AUTOCAST_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "maia", "xla", "mps", "hpu", "mtia", "privateuseone")
_state = {}  # device_type -> (enabled, dtype) while an autocast region is open


class autocast:
    """``with autocast("cpu"):`` / ``@autocast("cpu")``: an autocast region that leaves dtypes unchanged."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        _check_device_type(device_type)
        self.device = device_type
        self.fast_dtype = dtype if dtype is not None else (dtypes.float16 if device_type != "cpu" else None)
        if enabled and device_type == "cuda" and not backend.cuda_available():
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.", UserWarning)
            enabled = False
        if enabled and device_type == "cpu" and dtype is not None and dtype is not dtypes.float16:
            warnings.warn("In CPU autocast, but the target dtype is not supported. Disabling autocast.\n"
                          "CPU Autocast only supports dtypes of torch.bfloat16, torch.float16 currently.",
                          UserWarning)
            enabled = False
        self._enabled = enabled

    def __enter__(self):
        self._previous = _state.get(self.device)
        _state[self.device] = (self._enabled, self.fast_dtype)
        return self

    def __exit__(self, *exc):
        if self._previous is None:
            del _state[self.device]
        else:
            _state[self.device] = self._previous
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            with autocast(self.device, self.fast_dtype, self._enabled):
                return fn(*args, **kwargs)
        return run


def is_autocast_enabled(device_type=None):
    """Whether an autocast region is open on device_type (no argument: cuda, as torch's legacy form)."""
    if device_type is not None and not isinstance(device_type, str):
        raise TypeError("is_autocast_enabled(): argument 'device_type' (position 1) must be str, not %s"
                        % type(device_type).__name__)
    return _state.get(device_type or "cuda", (False, None))[0]


def _check_device_type(device_type):
    if not isinstance(device_type, str):
        raise ValueError("Expected `device_type` of type `str`, got: `%s`" % type(device_type))
    if device_type.split(":")[0] not in _DEVICE_TYPES:
        raise RuntimeError("Expected one of %s device type at start of device string: %s"
                           % (", ".join(_DEVICE_TYPES), device_type))


def is_autocast_available(device_type):
    """Whether torch has autocast for ``device_type`` (minitorch's region itself casts nothing)."""
    _check_device_type(device_type)
    return device_type.split(":")[0] in _AUTOCAST_DEVICE_TYPES


def _autocast_dtype(device_type):
    """The dtype of the open autocast region on device_type (None outside one: minitorch casts nothing)."""
    return _state.get(device_type, (False, None))[1]


def _cast_floating(value, dtype):
    """Floating-point tensors in value (nested in tuples, lists and dicts) converted to dtype; the rest as is."""
    if isinstance(value, Tensor):
        return value.to(dtype) if value.dtype.is_floating_point else value
    if isinstance(value, (tuple, list)):
        return type(value)(_cast_floating(v, dtype) for v in value)
    if isinstance(value, dict):
        return {k: _cast_floating(v, dtype) for k, v in value.items()}
    return value


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorate an ``autograd.Function.forward``: record the autocast state for ``custom_bwd``; with cast_inputs,
    inside an enabled autocast region, run forward with autocast off on inputs cast to cast_inputs."""
    if not isinstance(device_type, str):
        raise ValueError("Expected `device_type` of type `str`, got: `%s`" % type(device_type))
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorated(*args, **kwargs):
        ctx, enabled = args[0], is_autocast_enabled(device_type)
        ctx._dtype = _autocast_dtype(device_type)
        ctx._fwd_used_autocast = enabled and cast_inputs is None
        if cast_inputs is None or not enabled:
            return fwd(*args, **kwargs)
        with autocast(device_type, enabled=False):
            return fwd(*_cast_floating(args, cast_inputs), **_cast_floating(kwargs, cast_inputs))
    return decorated


def custom_bwd(bwd=None, *, device_type):
    """Decorate an ``autograd.Function.backward``: run it in the autocast state its forward ran in."""
    if not isinstance(device_type, str):
        raise ValueError("Expected `device_type` of type `str`, got: `%s`" % type(device_type))
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorated(*args, **kwargs):
        ctx = args[0]
        with autocast(device_type, dtype=ctx._dtype, enabled=ctx._fwd_used_autocast):
            return bwd(*args, **kwargs)
    return decorated


class GradScaler:
    """Scale the loss against float16 underflow; see the module docstring for minitorch's enabled semantics."""

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                 growth_interval=2000, enabled=True):
        if enabled and device == "cuda" and not backend.cuda_available():
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  Disabling.",
                          UserWarning)
            enabled = False
        self._enabled = enabled
        if enabled and not growth_factor > 1.0:
            raise AssertionError("The growth factor must be > 1.0.")
        if enabled and not backoff_factor < 1.0:
            raise AssertionError("The backoff factor must be < 1.0.")
        self._init_scale, self._growth_factor, self._backoff_factor = init_scale, growth_factor, backoff_factor
        self._growth_interval = growth_interval
        self._scale, self._growth_tracker = None, 0
        self._stages = {}  # id(optimizer) -> "unscaled" or "stepped", with found_inf, since the last update

    def is_enabled(self):
        return self._enabled

    def _require_scale(self, what):
        if self._scale is None:
            raise AssertionError("Attempted %s but _scale is None.  This may indicate your script did not use "
                                 "scaler.scale(loss or outputs) earlier in the iteration." % what)

    def scale(self, outputs):
        """``outputs`` (a tensor or nested tuples/lists of them) times the current scale."""
        if not self._enabled:
            return outputs
        if self._scale is None:
            self._scale = float(self._init_scale)
        if isinstance(outputs, Tensor):
            return outputs * self._scale_tensor(outputs)
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        raise ValueError("outputs must be a Tensor or an iterable of Tensors")

    def _scale_tensor(self, like):
        return tensor(self._scale, dtype=dtypes.float32, device=like.device)

    def unscale_(self, optimizer):
        """Divide every gradient ``optimizer`` steps by the scale, and note whether any is inf or NaN."""
        if not self._enabled:
            return
        self._require_scale("unscale_")
        stage = self._stages.get(id(optimizer))
        if stage is not None:
            raise RuntimeError("unscale_() has already been called on this optimizer since the last update()."
                               if stage[0] == "unscaled" else "unscale_() is being called after step().")
        inverse = self._inverse_scale()
        found_inf = False
        for group in optimizer.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                p.grad.mul_(inverse)
                found_inf = found_inf or not bool(p.grad.isfinite().all())
        self._stages[id(optimizer)] = ("unscaled", found_inf)

    def _inverse_scale(self):
        return float(dtypes.float32.np.type(1.0 / self._scale))  # torch's float32 reciprocal of the scale

    def step(self, optimizer, *args, **kwargs):
        """``optimizer.step()`` unless an unscaled gradient is inf/NaN (then skipped, returning None)."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._require_scale("step")
        stage = self._stages.get(id(optimizer))
        if stage is not None and stage[0] == "stepped":
            raise RuntimeError("step() has already been called since the last update().")
        if stage is None:
            self.unscale_(optimizer)
        found_inf = self._stages[id(optimizer)][1]
        result = None if found_inf else optimizer.step(*args, **kwargs)
        self._stages[id(optimizer)] = ("stepped", found_inf)
        return result

    def update(self, new_scale=None):
        """Back off the scale after an inf/NaN, grow it after ``growth_interval`` clean steps, or set it."""
        if not self._enabled:
            return
        self._require_scale("update")
        if new_scale is not None:
            if isinstance(new_scale, Tensor):
                if new_scale.numel() != 1 or new_scale.shape != ():
                    raise RuntimeError("output with shape [] doesn't match the broadcast shape %s"
                                       % list(new_scale.shape))
                new_scale = new_scale.item()
            self._scale = float(new_scale)
        else:
            found = [s[1] for s in self._stages.values()]
            if not found:
                raise AssertionError("No inf checks were recorded prior to update.")
            if any(found):
                self._scale, self._growth_tracker = self._scale * self._backoff_factor, 0
            else:
                self._growth_tracker += 1
                if self._growth_tracker == self._growth_interval:
                    self._scale, self._growth_tracker = self._scale * self._growth_factor, 0
            self._scale = float(dtypes.float32.np.type(self._scale))  # torch keeps the scale in float32
        self._stages = {}

    def get_scale(self):
        if not self._enabled:
            return 1.0
        return self._init_scale if self._scale is None else self._scale

    def get_growth_factor(self):
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        self._growth_interval = new_interval

    def state_dict(self):
        if not self._enabled:
            return {}
        return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                "backoff_factor": self._backoff_factor, "growth_interval": self._growth_interval,
                "_growth_tracker": self._growth_tracker}

    def load_state_dict(self, state_dict):
        if not self._enabled:
            return
        if not state_dict:
            raise RuntimeError("The source state dict is empty, possibly because it was saved from a disabled "
                               "instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale = float(state_dict["scale"])
        self._growth_factor, self._backoff_factor = state_dict["growth_factor"], state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._growth_tracker = state_dict["_growth_tracker"]


def legacy_namespace(device_type, default_dtype, custom_functions=False):
    """``torch.<device>.amp``: the older spellings of autocast and GradScaler bound to one device (each warns
    that it is deprecated, as torch's do), and with custom_functions custom_fwd / custom_bwd for that device."""
    def deprecated(name):
        warnings.warn("`torch.%s.amp.%s(args...)` is deprecated. Please use `torch.amp.%s('%s', args...)` instead."
                      % (device_type, name, name, device_type), FutureWarning, stacklevel=3)

    class DeviceAutocast(autocast):
        def __init__(self, enabled=True, dtype=default_dtype, cache_enabled=True):
            deprecated("autocast")
            super().__init__(device_type, dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)

    class DeviceGradScaler(GradScaler):
        def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000,
                     enabled=True):
            deprecated("GradScaler")
            super().__init__(device_type, init_scale, growth_factor, backoff_factor, growth_interval, enabled)

    DeviceAutocast.__name__, DeviceGradScaler.__name__ = "autocast", "GradScaler"
    from types import SimpleNamespace
    namespace = SimpleNamespace(autocast=DeviceAutocast, GradScaler=DeviceGradScaler)
    if custom_functions:
        namespace.custom_fwd = functools.partial(custom_fwd, device_type=device_type)
        namespace.custom_bwd = functools.partial(custom_bwd, device_type=device_type)
    return namespace
