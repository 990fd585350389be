"""Dropout layers: active in training mode, the identity after ``eval()``."""
from .. import functional as F
from ..module import Module

__all__ = ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]


class _DropoutNd(Module):
    function = None

    def __init__(self, p=0.5, inplace=False):
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError("dropout probability has to be between 0 and 1, but got %s" % p)
        self.p, self.inplace = p, inplace

    def forward(self, input):
        return type(self).function(input, self.p, self.training, self.inplace)

    def extra_repr(self):
        return "p=%s, inplace=%s" % (self.p, self.inplace)


class Dropout(_DropoutNd):
    function = F.dropout


class Dropout1d(_DropoutNd):
    function = F.dropout1d


class Dropout2d(_DropoutNd):
    function = F.dropout2d


class Dropout3d(_DropoutNd):
    function = F.dropout3d


class AlphaDropout(_DropoutNd):
    function = F.alpha_dropout


class FeatureAlphaDropout(_DropoutNd):
    function = F.feature_alpha_dropout
