"""Write your own op: a custom autograd.Function with its forward and its backward side by side.

Two small Functions:
  * Swish(x) = x * sigmoid(x). Forward saves what backward needs (the input and sigmoid(x)); backward applies the
    chain rule by hand: d/dx [x s(x)] = s + x s (1 - s). gradcheck compares it with finite differences.
  * RoundSTE: rounding in forward, the identity in backward (the "straight-through estimator" used to train
    quantised networks). Its true derivative is zero almost everywhere; a Function may choose another rule.

    python examples/custom_function.py [--fast]

An ordinary PyTorch program: write ``torch`` for ``minitorch`` in the imports and it runs unchanged.
"""
import sys

import numpy

import minitorch as torch


class Swish(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        s = torch.sigmoid(x)
        ctx.save_for_backward(x, s)   # kept on the graph node until backward runs
        return x * s

    @staticmethod
    def backward(ctx, grad_output):
        # grad_output is d loss / d output; return d loss / d input (one gradient per forward argument)
        x, s = ctx.saved_tensors
        return grad_output * (s + x * s * (1 - s))


class RoundSTE(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return torch.round(x)

    @staticmethod
    def backward(ctx, grad_output):
        return grad_output            # pretend round() was the identity


def main(fast=False):
    rng = numpy.random.default_rng(0)
    x = torch.tensor(rng.standard_normal((3, 4)), dtype=torch.float64, requires_grad=True)

    # 1. the op works like any other: apply() runs forward and records a node (named SwishBackward)
    y = Swish.apply(x)
    print("Swish output has grad_fn", y.grad_fn.name())
    y.sum().backward()
    builtin = x.detach().requires_grad_()
    (builtin * torch.sigmoid(builtin)).sum().backward()       # the same function from built-in ops
    gap = (x.grad - builtin.grad).abs().max().item()
    print("max |custom - built-in| gradient: %.2e" % gap)
    assert gap < 1e-12

    # 2. gradcheck: the analytic Jacobian (our backward) against central finite differences, in float64
    ok = torch.autograd.gradcheck(Swish.apply, (x,), eps=1e-6, atol=1e-6)
    print("gradcheck(Swish):", ok)

    # 3. the straight-through estimator: forward rounds, yet gradient flows as if it did not
    w = torch.tensor([0.4, 1.6, -2.3], requires_grad=True)
    q = RoundSTE.apply(w)
    (q * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    print("rounded", q.tolist(), "gradient", w.grad.tolist())
    assert q.tolist() == [0.0, 2.0, -2.0] and w.grad.tolist() == [1.0, 2.0, 3.0]
    return {"custom_grad": x.grad.tolist(), "ste_grad": w.grad.tolist()}


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
