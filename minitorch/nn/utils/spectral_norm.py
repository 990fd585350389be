"""spectral_norm: divide a module's weight by its largest singular value sigma, estimated by power iteration.

The weight is viewed as a matrix W (``dim`` first, the rest flattened); buffers u and v hold the running singular
vector estimates. Before each forward in training mode, ``n_power_iterations`` times (without gradient):

    v = normalize(W^T u);  u = normalize(W v)

then sigma = u . W v and the module's weight = weight_orig / sigma (gradients flow through W, not through u, v).
In eval mode u and v stay as they are.
"""
from ..functional import normalize
from ..parameter import Parameter
from ...autograd.grad_mode import no_grad

__all__ = ["spectral_norm", "remove_spectral_norm"]


class SpectralNorm:
    """The forward pre-hook that recomputes ``name`` from ``name_orig``, ``name_u`` and ``name_v``."""

    def __init__(self, name="weight", n_power_iterations=1, dim=0, eps=1e-12):
        if n_power_iterations <= 0:
            raise ValueError("Expected n_power_iterations to be positive, but got n_power_iterations=%s"
                             % n_power_iterations)
        self.name, self.n_power_iterations, self.dim, self.eps = name, n_power_iterations, dim, eps

    def matrix(self, weight):
        """W: the weight with ``dim`` moved to the front, flattened to (size of dim, rest)."""
        if self.dim != 0:
            weight = weight.permute(self.dim, *[d for d in range(weight.dim()) if d != self.dim])
        return weight.reshape(weight.size(0), -1)

    def compute_weight(self, module, do_power_iteration):
        weight = getattr(module, self.name + "_orig")
        u, v = getattr(module, self.name + "_u"), getattr(module, self.name + "_v")
        weight_mat = self.matrix(weight)
        if do_power_iteration:
            with no_grad():
                for _ in range(self.n_power_iterations):
                    v.copy_(normalize(weight_mat.t() @ u, dim=0, eps=self.eps))
                    u.copy_(normalize(weight_mat @ v, dim=0, eps=self.eps))
                u, v = u.clone(), v.clone()  # the graph keeps this step's vectors, not the buffers
        sigma = u.dot(weight_mat @ v)
        return weight / sigma

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module, do_power_iteration=module.training))


def spectral_norm(module, name="weight", n_power_iterations=1, eps=1e-12, dim=None):
    """Register the reparametrisation on ``module`` (dim defaults to 1 for transposed convolutions, else 0)."""
    from ..modules.conv import ConvTranspose1d, ConvTranspose2d, ConvTranspose3d
    if dim is None:
        dim = 1 if isinstance(module, (ConvTranspose1d, ConvTranspose2d, ConvTranspose3d)) else 0
    for hook in module._forward_pre_hooks.values():
        if isinstance(hook, SpectralNorm) and hook.name == name:
            raise RuntimeError("Cannot register two spectral_norm hooks on the same parameter %s" % name)
    fn = SpectralNorm(name, n_power_iterations, dim, eps)
    weight = module._parameters[name]
    if weight is None:
        raise ValueError("`SpectralNorm` cannot be applied as parameter `%s` is None" % name)
    with no_grad():
        h, w = fn.matrix(weight).shape
        u = normalize(weight.new_empty(h).normal_(0, 1), dim=0, eps=eps)
        v = normalize(weight.new_empty(w).normal_(0, 1), dim=0, eps=eps)
    delattr(module, name)
    module.register_parameter(name + "_orig", weight)
    setattr(module, name, weight.detach())
    module.register_buffer(name + "_u", u)
    module.register_buffer(name + "_v", v)
    module.register_forward_pre_hook(fn)
    return module


def remove_spectral_norm(module, name="weight"):
    """Undo spectral_norm: ``name`` becomes a parameter holding weight_orig / sigma (no further iteration)."""
    for hook_id, hook in module._forward_pre_hooks.items():
        if isinstance(hook, SpectralNorm) and hook.name == name:
            break
    else:
        raise ValueError("spectral_norm of '%s' not found in %s" % (name, module))
    with no_grad():
        weight = hook.compute_weight(module, do_power_iteration=False)
    del module._forward_pre_hooks[hook_id]
    for suffix in ("", "_u", "_v", "_orig"):
        delattr(module, name + suffix)
    module.register_parameter(name, Parameter(weight.detach()))
    return module
