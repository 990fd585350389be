"""conv1d, conv2d, conv3d, conv_transpose1d, conv_transpose2d, conv_transpose3d: argument checks and shapes
around ops/conv.py.

1-d convolutions run as 2-d ones over a height of 1 (unsqueeze/squeeze are views); 3-d ones as 2-d ones per kernel
depth offset (conv_depth.py)."""
from ...ops import conv as _kernels
from ...tensor import Tensor
from . import conv_depth as _depth
from .node_names import as_torch_node

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"]

_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "c10::Half", "int64": "long int"}


def _ntuple(value, n, name):
    values = (value,) * n if isinstance(value, int) else tuple(value)
    if len(values) == 1:
        values = values * n
    if len(values) != n:
        raise RuntimeError("expected %s to be a single integer value or a list of %d values to match the "
                           "convolution dimensions, but got %s=%s" % (name, n, name, list(values)))
    return tuple(int(v) for v in values)


def _check_input(name, input, weight, bias, nd, stride=1, padding=0):
    if not isinstance(input, Tensor) or not isinstance(weight, Tensor):
        raise TypeError("%s(): argument 'input' and 'weight' must be Tensor, not %s"
                        % (name, type(weight if isinstance(input, Tensor) else input).__name__))
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError("Expected %dD (unbatched) or %dD (batched) input to %s, but got input of size: %s"
                           % (nd + 1, nd + 2, name, list(input.shape)))
    if weight.dim() != nd + 2:
        raise _weight_dims_error(nd, input, weight, stride, padding)
    if input.dtype is not weight.dtype:
        raise RuntimeError("expected scalar type %s but found %s" % (_type_name(input), _type_name(weight)))
    if bias is not None and bias.dtype is not input.dtype:
        raise RuntimeError("Input type (%s) and bias type (%s) should be the same" % (_type_name(input),
                                                                                      _type_name(bias)))


def _weight_dims_error(nd, input, weight, stride, padding):
    """torch's error for a weight of the wrong number of dims: torch takes the convolution's dims from the weight,
    so what it reports depends on the path the arguments take."""
    if weight.dim() < 3:
        return RuntimeError("weight should have at least three dimensions")
    if isinstance(padding, str) or nd == 1:  # (conv1d expands its one stride to any number of dims)
        return RuntimeError("Expected %d-dimensional input for %d-dimensional weight%s%s, but got %d-dimensional input "
                            "of size %s instead" % (weight.dim(), weight.dim(), "" if isinstance(padding, str) else " ",
                                                    list(weight.shape), input.dim(), list(input.shape)))
    return RuntimeError("expected stride to be a single integer value or a list of %d values to match the convolution "
                        "dimensions, but got stride=%s" % (weight.dim() - 2, list(_ntuple(stride, nd, "stride"))))


def _type_name(t):
    return _TYPE_NAMES.get(t.dtype.name, t.dtype.name)


def _check_geometry(stride, dilation, groups):
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero, but got %s" % list(dilation))
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")


def _check_groups(weight, groups):
    """Dim 0 of the weight (output channels, or input channels when transposed) splits into the groups."""
    if weight.shape[0] < groups:
        raise RuntimeError("Given groups=%d, expected weight to be at least %d at dimension 0, but got weight of "
                           "size %s instead" % (groups, groups, list(weight.shape)))
    if weight.shape[0] % groups:
        raise RuntimeError("Given groups=%d, expected weight to be divisible by %d at dimension 0, but got weight "
                           "of size [%s] instead" % (groups, groups, list(weight.shape)))


def _padding(padding, ksize, stride, dilation, nd):
    """(before, after) zero padding per spatial dim; 'same' puts the odd extra element after, like torch."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0,) * nd, (0,) * nd
        if padding != "same":
            raise RuntimeError("Invalid padding string: '%s'" % padding)
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        total = [d * (k - 1) for d, k in zip(dilation, ksize)]
        return tuple(t // 2 for t in total), tuple(t - t // 2 for t in total)
    pad = _ntuple(padding, nd, "padding")
    if any(p < 0 for p in pad):
        raise RuntimeError("negative padding is not supported")
    return pad, pad


def _batched(input, nd):
    return (input, False) if input.dim() == nd + 2 else (input.unsqueeze(0), True)


def _as_2d(t, nd):
    return t.unsqueeze(2) if nd == 1 else t


def _from_2d(t, nd, unbatched):
    """The result back in the input's layout. Whatever ops made it (a 1-d convolution's squeeze, a transposed
    one's bias), its grad_fn is torch's one ConvolutionBackward0 node, then, for unbatched input, torch's squeeze."""
    t = t.squeeze(2) if nd == 1 else t
    if t.grad_fn is not None and t.grad_fn.name() != "ConvolutionBackward0":
        t = as_torch_node(t, "ConvolutionBackward0")
    return t.squeeze(0) if unbatched else t


def _conv(name, nd, input, weight, bias, stride, padding, dilation, groups):
    _check_input(name, input, weight, bias, nd, stride, padding)
    stride, dilation = _ntuple(stride, nd, "stride"), _ntuple(dilation, nd, "dilation")
    _check_geometry(stride, dilation, groups)
    ksize = tuple(weight.shape[2:])
    before, after = _padding(padding, ksize, stride, dilation, nd)
    x, unbatched = _batched(input, nd)
    out_ch, in_per_group = weight.shape[:2]
    _check_groups(weight, groups)
    if x.shape[1] != in_per_group * groups:
        raise RuntimeError("Given groups=%d, weight of size %s, expected input%s to have %d channels, but got %d "
                           "channels instead" % (groups, list(weight.shape), list(x.shape), in_per_group * groups,
                                                 x.shape[1]))
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out_ch):
        raise RuntimeError("Given weight of size %s, expected bias to be 1-dimensional with %d elements, but got "
                           "bias of size %s instead" % (list(weight.shape), out_ch, list(bias.shape)))
    padded = [s + b + a for s, b, a in zip(x.shape[2:], before, after)]
    span = [d * (k - 1) + 1 for d, k in zip(dilation, ksize)]
    if any(p < k for p, k in zip(padded, span)):
        raise RuntimeError("Calculated padded input size per channel: (%s). Kernel size: (%s). Kernel size can't "
                           "be greater than actual input size" % (" x ".join(map(str, padded)),
                                                                  " x ".join(map(str, span))))
    osize = tuple((p - k) // s + 1 for p, k, s in zip(padded, span, stride))
    if x.shape[1] == 0:  # no input channels: torch's empty-input path gives no output channels either
        anchor = x.sum() * 0 + weight.sum() * 0 + (0 if bias is None else bias.sum() * 0)  # zero gradients
        y = anchor * x.new_zeros((x.shape[0], 0) + osize)
        return y.squeeze(0) if unbatched else y
    if nd == 1:
        stride, before, dilation, osize = (1,) + stride, (0,) + before, (1,) + dilation, (1,) + osize
    conv = _depth.conv3d if nd == 3 else _kernels.Conv.apply
    y = conv(_as_2d(x, nd), _as_2d(weight, nd), bias, (stride, before, dilation, groups), osize)
    return _from_2d(y, nd, unbatched)


def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def _conv_transpose(name, nd, input, weight, bias, stride, padding, output_padding, groups, dilation):
    _check_input(name, input, weight, bias, nd, stride)
    stride, dilation = _ntuple(stride, nd, "stride"), _ntuple(dilation, nd, "dilation")
    pad, extra = _ntuple(padding, nd, "padding"), _ntuple(output_padding, nd, "output_padding")
    _check_geometry(stride, dilation, groups)
    if any(p < 0 for p in pad):
        raise RuntimeError("negative padding is not supported")
    if any(e < 0 or (e >= s and e >= d) for e, s, d in zip(extra, stride, dilation)):
        raise RuntimeError("output padding must be smaller than either stride or dilation, but got output_padding"
                           "=%s, stride=%s, dilation=%s" % (list(extra), list(stride), list(dilation)))
    x, unbatched = _batched(input, nd)
    in_ch, out_per_group = weight.shape[:2]
    _check_groups(weight, groups)
    if x.shape[1] != in_ch:
        raise RuntimeError("Given transposed=1, weight of size %s, expected input%s to have %d channels, but got %d "
                           "channels instead" % (list(weight.shape), list(x.shape), in_ch, x.shape[1]))
    if out_per_group == 0:  # torch (oneDNN) cannot build a deconvolution with no output channels either
        raise RuntimeError("Given transposed=1, weight of size %s: a transposed convolution needs at least one "
                           "output channel per group" % list(weight.shape))
    out_ch = out_per_group * groups
    if bias is not None and (bias.dim() != 1 or bias.shape[0] != out_ch):
        raise RuntimeError("Given transposed=1, weight of size %s, expected bias to be 1-dimensional with %d "
                           "elements, but got bias of size %s instead" % (list(weight.shape), out_ch,
                                                                          list(bias.shape)))
    ksize = tuple(weight.shape[2:])
    # the output is the input of the convolution whose input gradient this is
    osize = tuple((i - 1) * s - 2 * p + d * (k - 1) + e + 1
                  for i, s, p, d, k, e in zip(x.shape[2:], stride, pad, dilation, ksize, extra))
    if any(o <= 0 for o in osize):
        raise RuntimeError("Given input size per channel: (%s). Calculated output size per channel: (%s). Output "
                           "size is too small" % (" x ".join(map(str, x.shape[2:])), " x ".join(map(str, osize))))
    if nd == 1:
        stride, pad, dilation, osize = (1,) + stride, (0,) + pad, (1,) + dilation, (1,) + osize
    conv = _depth.conv_transpose3d if nd == 3 else _kernels.ConvTranspose.apply
    y = conv(_as_2d(x, nd), _as_2d(weight, nd), (stride, pad, dilation, groups), osize)
    if bias is not None:
        y = y + bias.reshape((-1,) + (1,) * (y.dim() - 2))
    return _from_2d(y, nd, unbatched)


def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose("conv_transpose1d", 1, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose("conv_transpose2d", 2, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)


def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1):
    return _conv_transpose("conv_transpose3d", 3, input, weight, bias, stride, padding, output_padding, groups,
                           dilation)
