"""pixel_shuffle / pixel_unshuffle: move channel blocks into space and back, as reshape + permute (so autograd,
double backward included, comes from the shape ops)."""

__all__ = ["pixel_shuffle", "pixel_unshuffle"]


def pixel_shuffle(input, upscale_factor):
    """(*, C*r*r, H, W) -> (*, C, H*r, W*r)."""
    r = int(upscale_factor)
    if input.dim() < 3:
        raise RuntimeError("pixel_shuffle expects input to have at least 3 dimensions, but got input with %d "
                           "dimension(s)" % input.dim())
    *batch, c, h, w = input.shape
    if r <= 0 or c % (r * r):
        raise RuntimeError("pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of "
                           "upscale_factor, but input.size(-3)=%d is not divisible by %d" % (c, r * r))
    n = len(batch)
    x = input.reshape(*batch, c // (r * r), r, r, h, w)  # split channel into (C, r_h, r_w)
    x = x.permute(*range(n), n, n + 3, n + 1, n + 4, n + 2)  # (C, H, r_h, W, r_w)
    return x.reshape(*batch, c // (r * r), h * r, w * r)


def pixel_unshuffle(input, downscale_factor):
    """(*, C, H*r, W*r) -> (*, C*r*r, H, W)."""
    r = int(downscale_factor)
    if input.dim() < 3:
        raise RuntimeError("pixel_unshuffle expects input to have at least 3 dimensions, but got input with %d "
                           "dimension(s)" % input.dim())
    *batch, c, h, w = input.shape
    if r <= 0 or h % r or w % r:
        raise RuntimeError("pixel_unshuffle expects height and width (%d, %d) to be divisible by downscale_factor "
                           "%d" % (h, w, r))
    n = len(batch)
    x = input.reshape(*batch, c, h // r, r, w // r, r)  # (C, H, r_h, W, r_w)
    x = x.permute(*range(n), n, n + 2, n + 4, n + 1, n + 3)  # (C, r_h, r_w, H, W)
    return x.reshape(*batch, c * r * r, h // r, w // r)
