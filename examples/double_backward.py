"""Double backward: differentiate a gradient. Two everyday uses.

1. Hessian-vector product. For f(x) = sum(x^4) / 4 + sum(x[:-1] * x[1:]) the gradient g(x) is itself built from
   tensor ops when ``create_graph=True``, so d(g . v)/dx = H v -- the Hessian times v, without forming H.
2. Gradient penalty (as in WGAN-GP): a critic D is trained to keep |dD/dx| near 1, so its loss contains a
   gradient, and the optimiser needs the gradient of that gradient with respect to D's weights.

    python examples/double_backward.py [--fast]

An ordinary PyTorch program: write ``torch`` for ``minitorch`` in the imports and it runs unchanged.
"""
import sys

import numpy

import minitorch as torch


def f(x):
    return (x ** 4).sum() / 4 + (x[:-1] * x[1:]).sum()


def hessian_vector_product(x, v):
    x = x.detach().requires_grad_()
    (g,) = torch.autograd.grad(f(x), x, create_graph=True)   # g keeps a graph: it can be differentiated
    (hv,) = torch.autograd.grad((g * v).sum(), x)            # d(g . v)/dx = H v
    return hv


def critic(x, w1, w2):
    return torch.tanh(x @ w1) @ w2


def gradient_penalty(x, w1, w2):
    x = x.detach().requires_grad_()
    score = critic(x, w1, w2).sum()
    (dx,) = torch.autograd.grad(score, x, create_graph=True)  # one gradient per sample, still on the graph
    return ((dx.norm(dim=1) - 1) ** 2).mean()


def main(fast=False):
    rng = numpy.random.default_rng(0)
    x = torch.tensor(rng.standard_normal(5), dtype=torch.float64)
    v = torch.tensor(rng.standard_normal(5), dtype=torch.float64)

    # 1. H v by double backward, against the Hessian worked out by hand: 3 x_i^2 on the diagonal and 1 beside it,
    #    so (H v)_i = 3 x_i^2 v_i + v_(i-1) + v_(i+1)
    hv = hessian_vector_product(x, v)
    zero = torch.zeros(1, dtype=torch.float64)
    expected = 3 * x ** 2 * v + torch.cat([zero, v[:-1]]) + torch.cat([v[1:], zero])
    print("H v  by double backward:", [round(t, 6) for t in hv.tolist()])
    print("H v  written by hand:   ", [round(t, 6) for t in expected.tolist()])
    assert (hv - expected).abs().max().item() < 1e-12

    # 2. the gradient penalty's gradient with respect to the critic's weights, then a few descent steps
    samples = torch.tensor(rng.standard_normal((8, 3)), dtype=torch.float64)
    w1 = torch.tensor(rng.standard_normal((3, 6)), dtype=torch.float64, requires_grad=True)
    w2 = torch.tensor(rng.standard_normal((6, 1)), dtype=torch.float64, requires_grad=True)
    ok = torch.autograd.gradcheck(lambda a, b: gradient_penalty(samples, a, b), (w1, w2), eps=1e-6, atol=1e-6)
    print("gradcheck of the penalty's weight gradient:", ok)
    first = gradient_penalty(samples, w1, w2).item()
    for _ in range(20 if fast else 200):
        penalty = gradient_penalty(samples, w1, w2)
        penalty.backward()                     # backward through a graph that contains a backward pass
        with torch.no_grad():
            for w in (w1, w2):
                w -= 0.05 * w.grad
                w.grad.zero_()
    last = gradient_penalty(samples, w1, w2).item()
    print("gradient penalty: %.4f -> %.4f" % (first, last))
    assert last < first
    return {"hv": hv.tolist(), "penalty": [first, last]}


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
