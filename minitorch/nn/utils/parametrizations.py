"""parametrizations: ready-made parametrizations for nn.utils.parametrize.

weight_norm: the weight as g * v / ||v|| (see weight_norm.py), with g stored as ``original0`` and v as
``original1`` under ``module.parametrizations.weight``.
"""
from ..module import Module
from .parametrize import register_parametrization
from .weight_norm import norm_except_dim, weight_from

__all__ = ["weight_norm"]


class _WeightNorm(Module):
    def __init__(self, dim=0):
        super().__init__()
        self.dim = -1 if dim is None else dim

    def forward(self, weight_g, weight_v):
        return weight_from(weight_g, weight_v, self.dim)

    def right_inverse(self, weight):
        """(g, v) = (||weight||, weight)."""
        return norm_except_dim(weight, self.dim), weight


def weight_norm(module, name="weight", dim=0):
    """Parametrize ``module.<name>`` as g * v / ||v|| (norm over every dim but ``dim``); returns the module."""
    register_parametrization(module, name, _WeightNorm(dim), unsafe=True)
    return module
