"""Lazy modules: LazyLinear, LazyConv*d, LazyConvTranspose*d, LazyBatchNorm*d, LazyInstanceNorm*d. Their parameters start as
UninitializedParameters; the first forward reads in_features / in_channels / num_features off the input,
materializes them, runs the plain layer's reset_parameters, and turns the module into that plain layer."""
from ... import creation
from ... import dtypes as _dt
from ...autograd.grad_mode import no_grad
from ..parameter import UninitializedBuffer, UninitializedParameter, is_lazy
from .conv import Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
from .linear import Linear
from .normalization import (BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d,
                            InstanceNorm3d)

__all__ = ["LazyLinear", "LazyConv1d", "LazyConv2d", "LazyConv3d", "LazyConvTranspose1d", "LazyConvTranspose2d",
           "LazyConvTranspose3d", "LazyBatchNorm1d", "LazyBatchNorm2d", "LazyBatchNorm3d", "LazyInstanceNorm1d",
           "LazyInstanceNorm2d", "LazyInstanceNorm3d"]


class LazyModuleMixin:
    """Registers the hook that infers the shapes on the first forward, and materializes the uninitialized
    parameters from a state_dict's shapes when one is loaded first."""

    cls_to_become = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialize_hook = self.register_forward_pre_hook(type(self)._infer_parameters, with_kwargs=True)

    def has_uninitialized_params(self):
        return any(is_lazy(t) for t in list(self._parameters.values()) + list(self._buffers.values()))

    def _infer_parameters(self, args, kwargs):
        self.initialize_parameters(*args, **kwargs)
        if self.has_uninitialized_params():
            raise RuntimeError("module %s has not been fully initialized" % self._get_name())
        self._initialize_hook.remove()
        del self._initialize_hook
        if self.cls_to_become is not None:
            self.__class__ = self.cls_to_become

    def _apply(self, fn, recurse=True):
        # fn makes plain tensors of the buffers: the uninitialized ones stay uninitialized, in fn's dtype/device
        lazy = [name for name, b in self._buffers.items() if is_lazy(b)]
        super()._apply(fn, recurse)
        for name in lazy:
            b = self._buffers[name]
            self._buffers[name] = UninitializedBuffer(b.requires_grad, b.device, b.dtype)
        return self

    def _save_to_state_dict(self, destination, prefix, keep_vars):
        super()._save_to_state_dict(destination, prefix, keep_vars)
        for name, t in list(self._parameters.items()) + list(self._buffers.items()):
            if is_lazy(t) and prefix + name in destination:  # kept as they are: they have no data to detach
                destination[prefix + name] = t

    def _load_from_state_dict(self, state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                              error_msgs):
        for name, t in list(self._parameters.items()) + list(self._buffers.items()):
            value = state_dict.get(prefix + name)
            if is_lazy(t) and value is not None and not is_lazy(value):
                with no_grad():
                    t.materialize(value.shape)
        super()._load_from_state_dict(state_dict, prefix, local_metadata, strict, missing_keys, unexpected_keys,
                                      error_msgs)

    def _materialize(self, shapes):
        """Materialize each still-uninitialized tensor of shapes {name: shape} (absent ones are None), then run
        reset_parameters."""
        with no_grad():
            for name, shape in shapes.items():
                t = getattr(self, name)
                if is_lazy(t):
                    t.materialize(shape)
            self.reset_parameters()


class LazyLinear(LazyModuleMixin, Linear):
    """Linear whose in_features is input.shape[-1] of the first forward."""

    cls_to_become = Linear

    def __init__(self, out_features, bias=True, device=None, dtype=None):
        super().__init__(0, 0, False)
        factory = {"device": device, "dtype": dtype}
        self.weight = UninitializedParameter(**factory)
        self.out_features = out_features
        if bias:
            self.bias = UninitializedParameter(**factory)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if self.has_uninitialized_params():
            self.in_features = input.shape[-1]
            self._materialize({"weight": (self.out_features, self.in_features), "bias": (self.out_features,)})
        if self.in_features == 0:  # materialized by load_state_dict: the weight's shape says what to expect
            if input.shape[-1] != self.weight.shape[-1]:
                raise AssertionError("The in_features inferred from input: %d is not equal to in_features from "
                                     "self.weight: %d" % (input.shape[-1], self.weight.shape[-1]))
            self.in_features = input.shape[-1]


class _LazyConvMixin(LazyModuleMixin):
    """What the lazy convolutions share: in_channels is input.shape[1] (shape[0] when unbatched)."""

    def _lazy_init(self, out_channels, bias, device, dtype):
        factory = {"device": device, "dtype": dtype}
        self.weight = UninitializedParameter(**factory)
        self.out_channels = out_channels
        if bias:
            self.bias = UninitializedParameter(**factory)

    def reset_parameters(self):
        if not self.has_uninitialized_params() and self.in_channels != 0:
            super().reset_parameters()

    def initialize_parameters(self, input, *args, **kwargs):
        if not self.has_uninitialized_params():
            return
        nd = self._nd
        if input.dim() not in (nd + 1, nd + 2):
            raise RuntimeError("Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s"
                               % (nd + 1, nd + 2, self._get_name(), input.shape))
        self.in_channels = input.shape[1 if input.dim() == nd + 2 else 0]
        if self.in_channels % self.groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        pair = ((self.in_channels, self.out_channels // self.groups) if self.transposed else
                (self.out_channels, self.in_channels // self.groups))
        self._materialize({"weight": pair + self.kernel_size, "bias": (self.out_channels,)})


def _lazy_conv(plain):
    class LazyConv(_LazyConvMixin, plain):
        cls_to_become = plain

        def __init__(self, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
                     padding_mode="zeros", device=None, dtype=None):
            super().__init__(0, 0, kernel_size, stride, padding, dilation, groups, False, padding_mode)
            self._lazy_init(out_channels, bias, device, dtype)

    LazyConv.__name__ = LazyConv.__qualname__ = "Lazy" + plain.__name__
    LazyConv.__doc__ = "%s whose in_channels is the input's channel count on the first forward." % plain.__name__
    return LazyConv


def _lazy_conv_transpose(plain):
    class LazyConvTranspose(_LazyConvMixin, plain):
        cls_to_become = plain

        def __init__(self, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True,
                     dilation=1, padding_mode="zeros", device=None, dtype=None):
            super().__init__(0, 0, kernel_size, stride, padding, output_padding, groups, False, dilation,
                             padding_mode)
            self._lazy_init(out_channels, bias, device, dtype)

    LazyConvTranspose.__name__ = LazyConvTranspose.__qualname__ = "Lazy" + plain.__name__
    LazyConvTranspose.__doc__ = ("%s whose in_channels is the input's channel count on the first forward."
                                 % plain.__name__)
    return LazyConvTranspose


LazyConv1d, LazyConv2d, LazyConv3d = (_lazy_conv(c) for c in (Conv1d, Conv2d, Conv3d))
LazyConvTranspose1d, LazyConvTranspose2d, LazyConvTranspose3d = (
    _lazy_conv_transpose(c) for c in (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d))


def _lazy_norm(plain):
    class LazyNorm(LazyModuleMixin, plain):
        cls_to_become = plain

        def __init__(self, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True, device=None,
                     dtype=None, *, bias=True):
            super().__init__(0, eps, momentum, False, False)
            factory = {"device": device, "dtype": dtype}
            self.affine, self.track_running_stats = affine, track_running_stats
            if affine:
                self.weight = UninitializedParameter(**factory)
                if bias:
                    self.bias = UninitializedParameter(**factory)
            if track_running_stats:
                self.running_mean = UninitializedBuffer(**factory)
                self.running_var = UninitializedBuffer(**factory)
                self.num_batches_tracked = creation.tensor(0, dtype=_dt.int64, device=device)

        def reset_parameters(self):
            if not self.has_uninitialized_params() and self.num_features != 0:
                super().reset_parameters()

        def initialize_parameters(self, input, *args, **kwargs):
            if self.has_uninitialized_params():
                self.num_features = input.shape[1]  # (dim 1 for unbatched instance norm input too, as in torch)
                shape = (self.num_features,)
                self._materialize({name: shape for name in ("weight", "bias", "running_mean", "running_var")})

    LazyNorm.__name__ = LazyNorm.__qualname__ = "Lazy" + plain.__name__
    LazyNorm.__doc__ = "%s whose num_features is input.shape[1] of the first forward." % plain.__name__
    return LazyNorm


LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d = (_lazy_norm(c) for c in (BatchNorm1d, BatchNorm2d, BatchNorm3d))
LazyInstanceNorm1d, LazyInstanceNorm2d, LazyInstanceNorm3d = (_lazy_norm(c) for c in (
    InstanceNorm1d, InstanceNorm2d, InstanceNorm3d))
