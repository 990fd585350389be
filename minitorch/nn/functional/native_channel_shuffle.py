"""F.native_channel_shuffle: torch's native kernel behind channel_shuffle, with its int check of ``groups``. torch
has no derivative for it: the result requires grad, and a backward through it raises."""
from ...autograd.function import Function
from ...ops.arguments import is_int, wrong_type
from .channel_shuffle import channel_shuffle

__all__ = ["native_channel_shuffle"]


class _NativeChannelShuffle(Function):
    _builtin = True
    node_name = "NotImplemented"
    node_namespace = "torch::autograd::"

    @staticmethod
    def forward(ctx, input, groups):
        return channel_shuffle(input, groups).clone()  # a new tensor, never a view of input

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError("derivative for aten::native_channel_shuffle is not implemented")


def native_channel_shuffle(input, groups):
    if not is_int(groups):
        raise wrong_type("native_channel_shuffle", "groups", 2, "int", groups)
    return _NativeChannelShuffle.apply(input, int(groups))
