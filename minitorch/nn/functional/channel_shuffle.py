"""F.channel_shuffle: interleave the channels of ``groups`` groups (ShuffleNet): (N, g, C/g, *) -> (N, C/g, g, *)."""

__all__ = ["channel_shuffle"]


def channel_shuffle(input, groups):
    if groups <= 0:
        raise RuntimeError("Number of groups to divide channels in must be positive. Value of groups:%s" % groups)
    if input.dim() <= 2:
        raise RuntimeError("channel_shuffle expects input with > 2 dims, but got input with sizes %s"
                           % list(input.shape))
    n, c, rest = input.shape[0], input.shape[1], tuple(input.shape[2:])
    if c % groups != 0:
        raise RuntimeError("Number of channels must be divisible by groups. Got %d channels and %d groups."
                           % (c, groups))
    return input.reshape(n, groups, c // groups, *rest).transpose(1, 2).reshape(n, c, *rest)
