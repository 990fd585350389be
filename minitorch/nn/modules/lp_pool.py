"""nn.LPPool1d / nn.LPPool2d / nn.LPPool3d: module forms of F.lp_pool1d / F.lp_pool2d / F.lp_pool3d."""
from .. import functional as F
from ..module import Module

__all__ = ["LPPool1d", "LPPool2d", "LPPool3d"]


class _LPPool(Module):
    _function = None

    def __init__(self, norm_type, kernel_size, stride=None, ceil_mode=False):
        super().__init__()
        self.norm_type, self.kernel_size, self.stride, self.ceil_mode = norm_type, kernel_size, stride, ceil_mode

    def forward(self, input):
        return type(self)._function(input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode)

    def extra_repr(self):
        return "norm_type=%s, kernel_size=%s, stride=%s, ceil_mode=%s" % (self.norm_type, self.kernel_size,
                                                                         self.stride, self.ceil_mode)


class LPPool1d(_LPPool):
    _function = staticmethod(F.lp_pool1d)


class LPPool2d(_LPPool):
    _function = staticmethod(F.lp_pool2d)


class LPPool3d(_LPPool):
    _function = staticmethod(F.lp_pool3d)
