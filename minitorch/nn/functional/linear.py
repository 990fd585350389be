"""linear and bilinear: the affine maps behind nn.Linear and nn.Bilinear."""
import math

from ...autograd.function import Function
from ...autograd.grad_mode import is_grad_enabled
from ...ops._util import check_same_device
from ...ops.complex import conj_if_complex
from ...ops.linalg import _dt_name
from ...tensor import Tensor, _type_name

__all__ = ["linear", "bilinear"]


class Linear(Function):
    """y = x @ W^T + b in one matmul, for x of any shape (..., in) and a 2-d W (out, in)."""
    _builtin = True

    @staticmethod
    def forward(ctx, x, weight, bias):
        ctx.save_for_backward(x if ctx.needs_input_grad[1] else None, weight if ctx.needs_input_grad[0] else None)
        out = x.xp.matmul(x._data, weight._data.T)
        if bias is not None:
            out += bias._data
        return Tensor._make(out)

    @staticmethod
    def backward(ctx, g):
        x, weight = (conj_if_complex(t) for t in ctx.saved_tensors)  # (complex: the conjugate products)
        needs = ctx.needs_input_grad
        if not is_grad_enabled():  # no graph of the backward: the same products on arrays, without the op calls
            grads = _linear_grads(g._data, None if x is None else x._data, None if weight is None else weight._data,
                                  needs, g.xp.ascontiguousarray)
            return tuple(None if a is None else Tensor._make(a) for a in grads)
        return _linear_grads(g, x, weight, needs, lambda t: t.contiguous())


def _linear_grads(g, x, weight, needs, contiguous):
    """The gradients of y = x @ W^T + b for x, W and b (those needed), on tensors or on arrays alike."""
    g = contiguous(g)  # an expanded gradient (from sum or mean) has zero strides, which BLAS cannot use
    n = math.prod(g.shape[:-1])  # all leading dims as one batch dim
    rows = g.reshape(n, g.shape[-1])
    # dy/dx = g @ W ; dy/dW = g^T @ x (over all leading dims) ; dy/db = sum of g over leading dims
    gx = g @ weight if needs[0] else None
    gw = rows.T @ x.reshape(n, x.shape[-1]) if needs[1] else None
    gb = rows.sum(0) if needs[2] else None
    return gx, gw, gb


# torch computes linear as addmm or mm (2-d input) or as a matmul viewed back to the input's shape, and names the
# output's grad_fn after that last step: the one Linear node under each of torch's names
_NAMED_LINEAR = {name: type(Linear)("Linear", (Linear,), {"node_name": name})
                 for name in ("AddmmBackward0", "MmBackward0", "ViewBackward0", "UnsafeViewBackward0",
                              "SqueezeBackward4")}


def _linear_node(input, bias):
    if input.dim() == 2:
        return _NAMED_LINEAR["AddmmBackward0" if bias is not None else "MmBackward0"]
    if bias is not None:
        return _NAMED_LINEAR["ViewBackward0"]
    return _NAMED_LINEAR["SqueezeBackward4" if input.dim() == 1 else "UnsafeViewBackward0"]


def linear(input, weight, bias=None):
    """y = input @ weight^T + bias."""
    check_same_device("linear", input, weight, bias)
    if weight.dim() == 1 and bias is not None and input.dim():  # torch's addmm wants a matrix here
        raise RuntimeError("mat2 must be a matrix, got 1-D tensor (weight of shape %s)" % (list(weight.shape),))
    if weight.dim() != 2 or input.dim() == 0:
        out = input.matmul(weight.t() if weight.dim() == 2 else weight)
        return out if bias is None else out + bias
    if input.shape[-1] != weight.shape[1]:
        in_features = input.shape[-1]
        rows = input.numel() // in_features if in_features else 0
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)"
                           % (rows, in_features, weight.shape[1], weight.shape[0]))
    if input.dtype is not weight.dtype:  # torch words it as its addmm (with bias) or matmul (without) does
        if bias is None:
            raise RuntimeError("expected m1 and m2 to have the same dtype, but got: %s != %s"
                               % (_dt_name(input), _dt_name(weight)))
        raise RuntimeError("mat1 and mat2 must have the same dtype, but got %s and %s"
                           % (_type_name(input.dtype), _type_name(weight.dtype)))
    if bias is not None and bias.dtype is not weight.dtype:
        raise RuntimeError("self and mat2 must have the same dtype, but got %s and %s"
                           % (_type_name(bias.dtype), _type_name(weight.dtype)))
    return _linear_node(input, bias).apply(input, weight, bias)


def bilinear(input1, input2, weight, bias=None):
    """y_o = sum_ij x1_i W_oij x2_j + b_o over the last dims of input1 and input2."""
    if weight.dim() != 3:
        raise RuntimeError("bilinear(): weight must be a 3D tensor, got %dD" % weight.dim())
    if input1.dim() != input2.dim():
        raise RuntimeError("bilinear(): input dimensions do not match: got %d and %d" % (input1.dim(), input2.dim()))
    if tuple(input1.shape[:-1]) != tuple(input2.shape[:-1]):
        raise RuntimeError("bilinear(): input batch dimensions do not match: got %s and %s"
                           % (list(input1.shape[:-1]), list(input2.shape[:-1])))
    out_features, in1, in2 = weight.shape
    if input1.shape[-1] != in1:
        raise RuntimeError("bilinear(): input1 size does not match weight size: got %d but expected %d"
                           % (input1.shape[-1], in1))
    if input2.shape[-1] != in2:
        raise RuntimeError("bilinear(): input2 size does not match weight size: got %d but expected %d"
                           % (input2.shape[-1], in2))
    # t[..., o, j] = sum_i x1_i W_oij (one matmul), then y_o = sum_j t_oj x2_j
    t = input1.matmul(weight.permute(1, 0, 2).reshape(in1, out_features * in2))
    out = (t.reshape(tuple(input1.shape[:-1]) + (out_features, in2)) * input2.unsqueeze(-2)).sum(-1)
    return out if bias is None else out + bias
