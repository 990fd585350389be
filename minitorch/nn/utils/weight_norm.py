"""weight_norm: reparametrise a module's weight as w = g * v / ||v||, learning the magnitude g and the direction v
separately (Salimans & Kingma). The norm is taken over every dim but ``dim`` (over all of them when dim is None);
w is recomputed from weight_g and weight_v by a forward pre-hook before every call."""
import warnings

from ..parameter import Parameter

__all__ = ["weight_norm", "remove_weight_norm"]


def norm_except_dim(v, dim):
    """||v||_2 over every dim but ``dim``, kept as size-1 dims (a 0-dim norm of everything when dim is -1)."""
    if dim == -1:
        return (v * v).sum().sqrt()
    dim = dim + v.dim() if dim < 0 else dim
    dims = tuple(d for d in range(v.dim()) if d != dim)
    return (v * v).sum(dim=dims, keepdim=True).sqrt()


def weight_from(g, v, dim):
    """w = v * g / ||v||."""
    return v * (g / norm_except_dim(v, dim))


class WeightNorm:
    """The forward pre-hook that recomputes ``name`` from ``name_g`` and ``name_v``."""

    def __init__(self, name, dim):
        self.name, self.dim = name, -1 if dim is None else dim

    def compute_weight(self, module):
        return weight_from(getattr(module, self.name + "_g"), getattr(module, self.name + "_v"), self.dim)

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def _hook_of(module, name, kind):
    for hook_id, hook in module._forward_pre_hooks.items():
        if isinstance(hook, kind) and hook.name == name:
            return hook_id, hook
    return None, None


def weight_norm(module, name="weight", dim=0):
    """Replace parameter ``name`` by ``name_g`` (its norm) and ``name_v`` (itself); returns the module."""
    warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                  "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning, stacklevel=2)
    if _hook_of(module, name, WeightNorm)[1] is not None:
        raise RuntimeError("Cannot register two weight_norm hooks on the same parameter %s" % name)
    hook = WeightNorm(name, dim)
    weight = getattr(module, name)
    if dim is not None and not -weight.dim() <= dim < max(weight.dim(), 1):
        raise IndexError("Dimension out of range (expected to be in range of [%d, %d], but got %d)"
                         % (-weight.dim(), weight.dim() - 1, dim))
    del module._parameters[name]
    module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, hook.dim).detach()))
    module.register_parameter(name + "_v", Parameter(weight.detach().clone()))
    setattr(module, name, hook.compute_weight(module))
    module.register_forward_pre_hook(hook)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo weight_norm: ``name`` becomes a parameter again, holding the current g * v / ||v||."""
    hook_id, hook = _hook_of(module, name, WeightNorm)
    if hook is None:
        raise ValueError("weight_norm of '%s' not found in %s" % (name, module))
    weight = hook.compute_weight(module)
    del module._forward_pre_hooks[hook_id]
    delattr(module, name)
    del module._parameters[name + "_g"]
    del module._parameters[name + "_v"]
    module.register_parameter(name, Parameter(weight.detach()))
    return module
