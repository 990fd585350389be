"""Check a backward you wrote: gradcheck compares it with finite differences.

The op: all pairwise squared distances between the rows of A (n x d) and of B (m x d),
    D[i, j] = |a_i - b_j|^2 = |a_i|^2 + |b_j|^2 - 2 a_i . b_j,
computed with one matrix product instead of an n x m x d difference tensor. Its gradient, for an upstream
gradient G (n x m), is worked out by hand:
    dA = 2 * rowsum(G) * A - 2 G B        dB = 2 * colsum(G) * B - 2 G^T A
gradcheck perturbs every input element by +-eps, takes central differences of the output, and compares that
numerical Jacobian with the one our backward gives. A version with a typical slip (a transpose forgotten) fails.

    python examples/gradcheck_user_op.py [--fast]

An ordinary PyTorch program: write ``torch`` for ``minitorch`` in the imports and it runs unchanged.
"""
import sys

import numpy

import minitorch as torch


class PairwiseSquaredDistance(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return (a * a).sum(1, keepdim=True) + (b * b).sum(1) - 2 * a @ b.T

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_a = 2 * grad.sum(1, keepdim=True) * a - 2 * grad @ b
        grad_b = 2 * grad.sum(0).unsqueeze(1) * b - 2 * grad.T @ a
        return grad_a, grad_b


class SlippedPairwiseSquaredDistance(PairwiseSquaredDistance):
    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_a = 2 * grad.sum(1, keepdim=True) * a - 2 * grad @ b
        grad_b = 2 * grad.sum(0).unsqueeze(1) * b - 2 * grad @ a  # the slip: grad where grad.T belongs
        return grad_a, grad_b


def main(fast=False):
    rng = numpy.random.default_rng(0)
    n = 3 if fast else 6          # gradcheck costs two forward calls per input element: keep inputs small
    # float64: finite differences with eps=1e-6 need the precision (gradcheck warns about float32)
    a = torch.tensor(rng.standard_normal((n, 4)), dtype=torch.float64, requires_grad=True)
    b = torch.tensor(rng.standard_normal((n, 4)), dtype=torch.float64, requires_grad=True)

    distances = PairwiseSquaredDistance.apply(a, b)
    direct = ((a.unsqueeze(1) - b.unsqueeze(0)) ** 2).sum(2)         # the slow, obvious way
    print("forward matches the direct formula:", (distances - direct).abs().max().item() < 1e-12)

    ok = torch.autograd.gradcheck(PairwiseSquaredDistance.apply, (a, b), eps=1e-6, atol=1e-6)
    print("gradcheck, correct backward:", ok)
    # the backward is written with tensor ops, so it can be differentiated again: check that too
    ok2 = torch.autograd.gradgradcheck(PairwiseSquaredDistance.apply, (a, b), eps=1e-6, atol=1e-6)
    print("gradgradcheck, correct backward:", ok2)
    caught = not torch.autograd.gradcheck(SlippedPairwiseSquaredDistance.apply, (a, b), eps=1e-6, atol=1e-6,
                                          raise_exception=False)
    print("gradcheck catches the slipped backward:", caught)
    assert ok and ok2 and caught
    return {"distances": distances.tolist()}


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
