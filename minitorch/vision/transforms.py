"""Image transforms as in torchvision.transforms, for images that are NumPy arrays (H, W) or (H, W, C) -- what the
datasets here serve -- or tensors (..., C, H, W). A PIL image is accepted too and treated as its NumPy array.

Random transforms draw from minitorch's global generator (``minitorch.manual_seed`` makes them repeatable), with
torchvision's recipe: one ``rand(1)`` per flip, one ``randint`` per crop coordinate.
"""
import numpy

from .. import dtypes as _dt
from .. import random as _random
from ..creation import from_numpy, tensor
from ..tensor import Tensor

_PAD_MODES = ("constant", "edge", "reflect", "symmetric")


class Compose:
    """Apply transforms one after the other."""

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        return type(self).__name__ + "(" + "".join("\n    %r" % t for t in self.transforms) + "\n)"


class ToTensor:
    """(H, W, C) or (H, W) image -> (C, H, W) tensor; uint8 values are scaled to floats in [0, 1], other dtypes
    keep their values and dtype (as torchvision does)."""

    def __call__(self, pic):
        pic = _as_image(pic)
        if not isinstance(pic, numpy.ndarray):
            raise TypeError("pic should be PIL Image or ndarray. Got %s" % type(pic))
        if pic.ndim not in (2, 3):
            raise ValueError("pic should be 2/3 dimensional. Got %d dimensions." % pic.ndim)
        if pic.ndim == 2:
            pic = pic[:, :, None]
        img = from_numpy(numpy.ascontiguousarray(pic.transpose(2, 0, 1)))
        if img.dtype is _dt.uint8:
            return img.to(_dt.get_default_dtype()).div(255)
        return img

    def __repr__(self):
        return "ToTensor()"


class Normalize:
    """(x - mean) / std per channel of a float tensor image (..., C, H, W)."""

    def __init__(self, mean, std, inplace=False):
        self.mean, self.std, self.inplace = mean, std, inplace

    def __call__(self, img):
        if not isinstance(img, Tensor):
            raise TypeError("Input tensor should be a torch tensor. Got %s." % type(img))
        if not img.dtype.is_floating_point:
            raise TypeError("Input tensor should be a float tensor. Got %s." % img.dtype)
        if img.dim() < 3:
            raise ValueError("Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = %s"
                             % (tuple(img.shape),))
        mean = tensor(self.mean, dtype=img.dtype, device=img.device)
        std = tensor(self.std, dtype=img.dtype, device=img.device)
        if bool((std == 0).any()):
            raise ValueError("std evaluated to zero after conversion to %s, leading to division by zero." % img.dtype)
        mean, std = mean.view(-1, 1, 1), std.view(-1, 1, 1)
        return img.sub_(mean).div_(std) if self.inplace else img.sub(mean).div(std)

    def __repr__(self):
        return "Normalize(mean=%s, std=%s)" % (self.mean, self.std)


class Lambda:
    """A user function as a transform."""

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError("Argument lambd should be callable, got %s" % repr(type(lambd).__name__))
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return "Lambda()"


class RandomHorizontalFlip:
    """Mirror the image left-right with probability p."""

    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, img):
        img = _as_image(img)
        if _random.rand(1).item() < self.p:
            return hflip(img)
        return img

    def __repr__(self):
        return "RandomHorizontalFlip(p=%s)" % self.p


class RandomVerticalFlip:
    """Mirror the image top-bottom with probability p."""

    def __init__(self, p=0.5):
        self.p = p

    def __call__(self, img):
        img = _as_image(img)
        if _random.rand(1).item() < self.p:
            return vflip(img)
        return img

    def __repr__(self):
        return "RandomVerticalFlip(p=%s)" % self.p


class RandomCrop:
    """A random size[0] x size[1] window, after optional padding (int: all sides; (lr, tb); or (l, t, r, b)) and,
    with pad_if_needed, enough padding to fit the window."""

    def __init__(self, size, padding=None, pad_if_needed=False, fill=0, padding_mode="constant"):
        self.size = _pair(size)
        self.padding = padding
        self.pad_if_needed = pad_if_needed
        self.fill = fill
        if padding_mode not in _PAD_MODES:
            raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
        self.padding_mode = padding_mode

    def __call__(self, img):
        img = _as_image(img)
        if self.padding is not None:
            img = pad(img, self.padding, self.fill, self.padding_mode)
        height, width = image_size(img)
        th, tw = self.size
        if self.pad_if_needed and width < tw:
            img = pad(img, [tw - width, 0], self.fill, self.padding_mode)
        if self.pad_if_needed and height < th:
            img = pad(img, [0, th - height], self.fill, self.padding_mode)
        return crop(img, *self.get_params(img, self.size))

    @staticmethod
    def get_params(img, output_size):
        """(top, left, height, width) of a uniformly random window of output_size inside img."""
        height, width = image_size(img)
        th, tw = output_size
        if height < th or width < tw:
            raise ValueError("Required crop size %s is larger than input image size %s"
                             % ((th, tw), (height, width)))
        if (height, width) == (th, tw):
            return 0, 0, height, width
        top = int(_random.randint(0, height - th + 1, (1,)).item())
        left = int(_random.randint(0, width - tw + 1, (1,)).item())
        return top, left, th, tw

    def __repr__(self):
        return "RandomCrop(size=%s, padding=%s)" % (self.size, self.padding)


class CenterCrop:
    """The central size[0] x size[1] window (the image is zero-padded first if it is smaller)."""

    def __init__(self, size):
        self.size = _pair(size)

    def __call__(self, img):
        img = _as_image(img)
        height, width = image_size(img)
        th, tw = self.size
        if th > height or tw > width:  # pad symmetrically (the odd pixel goes right/bottom), as torchvision
            left, top = max(tw - width, 0) // 2, max(th - height, 0) // 2
            img = pad(img, [left, top, max(tw - width, 0) - left, max(th - height, 0) - top])
            height, width = image_size(img)
        return crop(img, int(round((height - th) / 2.0)), int(round((width - tw) / 2.0)), th, tw)

    def __repr__(self):
        return "CenterCrop(size=%s)" % (self.size,)


class Resize:
    """Resize to size (height, width), or with an int, scale so the shorter side becomes size (the longer side
    capped at max_size). Bilinear (align_corners=False) or nearest, as ``nn.functional.interpolate`` computes them;
    no antialiasing, so shrinking differs slightly from torchvision, which antialiases by default."""

    def __init__(self, size, interpolation="bilinear", max_size=None, antialias=True):
        self.size = size
        self.interpolation = str(getattr(interpolation, "value", interpolation)).lower()
        if self.interpolation not in ("bilinear", "nearest"):
            raise ValueError("Resize supports 'bilinear' and 'nearest' interpolation, got %r" % (interpolation,))
        self.max_size = max_size
        self.antialias = antialias

    def __call__(self, img):
        img = _as_image(img)
        return resize(img, _output_size(image_size(img), self.size, self.max_size), self.interpolation)

    def __repr__(self):
        return "Resize(size=%s, interpolation=%s, max_size=%s, antialias=%s)" % (
            self.size, self.interpolation, self.max_size, self.antialias)


def _output_size(in_size, size, max_size):
    if not isinstance(size, int) and len(size) == 2:
        return tuple(size)
    size = size if isinstance(size, int) else size[0]
    height, width = in_size
    short, long = min(height, width), max(height, width)
    new_short, new_long = size, int(size * long / short)
    if max_size is not None and new_long > max_size:
        new_short, new_long = int(max_size * new_short / new_long), max_size
    return (new_short, new_long) if height <= width else (new_long, new_short)


# --- functional helpers, for both image layouts ----------------------------------------------------------------
def _as_image(img):
    """A PIL image becomes its NumPy array; arrays and tensors pass through."""
    if isinstance(img, (numpy.ndarray, Tensor)):
        return img
    if hasattr(img, "mode") and hasattr(img, "size") and hasattr(img, "getdata"):  # a PIL image
        array = numpy.asarray(img)
        return array.astype(numpy.uint8) * 255 if img.mode == "1" else array
    return img


def _pair(size):
    if isinstance(size, int):
        return size, size
    if len(size) == 1:
        return size[0], size[0]
    return tuple(size)


def image_size(img):
    """(height, width): the last two dims of a tensor, the first two of an array."""
    return tuple(img.shape[-2:]) if isinstance(img, Tensor) else tuple(img.shape[:2])


def crop(img, top, left, height, width):
    if isinstance(img, Tensor):
        return img[..., top:top + height, left:left + width]
    return img[top:top + height, left:left + width]


def hflip(img):
    return img.flip(-1) if isinstance(img, Tensor) else numpy.ascontiguousarray(img[:, ::-1])


def vflip(img):
    return img.flip(-2) if isinstance(img, Tensor) else numpy.ascontiguousarray(img[::-1])


def pad(img, padding, fill=0, padding_mode="constant"):
    """Pad the two spatial dims: padding is an int (all sides), (left/right, top/bottom) or (l, t, r, b)."""
    if isinstance(padding, int):
        left = top = right = bottom = padding
    elif len(padding) == 1:
        left = top = right = bottom = padding[0]
    elif len(padding) == 2:
        left = right = padding[0]
        top = bottom = padding[1]
    elif len(padding) == 4:
        left, top, right, bottom = padding
    else:
        raise ValueError("Padding must be an int or a 1, 2, or 4 element tuple, not a %d element tuple"
                         % len(padding))
    array = img._data if isinstance(img, Tensor) else img
    xp = img.xp if isinstance(img, Tensor) else numpy
    spatial = ((top, bottom), (left, right))
    widths = ((0, 0),) * (array.ndim - 2) + spatial if isinstance(img, Tensor) else \
        spatial + ((0, 0),) * (array.ndim - 2)
    kwargs = {"constant_values": fill} if padding_mode == "constant" else {}
    padded = xp.pad(array, widths, mode=padding_mode, **kwargs)  # NumPy/CuPy name the modes as torchvision does
    return Tensor._make(padded) if isinstance(img, Tensor) else padded


def resize(img, size, interpolation="bilinear"):
    """img resized to size (height, width); integer images are rounded back to their dtype."""
    is_tensor = isinstance(img, Tensor)
    array = img._data if is_tensor else img
    xp = img.xp if is_tensor else numpy
    h_axis = array.ndim - 2 if is_tensor else 0
    out = array if array.dtype.kind == "f" else array.astype(numpy.float32)
    # separable: along the width first, then the height -- the grouping interpolate uses for bilinear
    for axis, n_out in ((h_axis + 1, size[1]), (h_axis, size[0])):
        out = _interpolate_axis(xp, out, axis, n_out, interpolation)
    if array.dtype.kind != "f":  # interpolation never leaves the inputs' range, so rounding is enough
        out = xp.round(out).astype(array.dtype)
    return Tensor._make(out) if is_tensor else out


def _interpolate_axis(xp, array, axis, n_out, interpolation):
    n_in = array.shape[axis]
    scale = n_in / n_out
    dst = xp.arange(n_out, dtype=array.dtype)
    if interpolation == "nearest":
        return xp.take(array, xp.minimum(xp.floor(dst * scale).astype(numpy.int64), n_in - 1), axis=axis)
    src = xp.maximum((dst + 0.5) * scale - 0.5, 0)  # pixel centres, clamped at the first one
    lo = xp.floor(src).astype(numpy.int64)
    hi = xp.minimum(lo + 1, n_in - 1)
    frac = (src - lo).astype(array.dtype)
    shape = [1] * array.ndim
    shape[axis] = n_out
    frac = frac.reshape(shape)
    return (1 - frac) * xp.take(array, lo, axis=axis) + frac * xp.take(array, hi, axis=axis)


__all__ = ["Compose", "ToTensor", "Normalize", "Lambda", "RandomHorizontalFlip", "RandomVerticalFlip",
           "RandomCrop", "CenterCrop", "Resize"]
