"""Linear regression by hand: the model is two tensors, autograd finds the gradient, a step is one line.

Data come from a known line, y = 3*x0 - 2*x1 + 0.5 plus a little noise; gradient descent on the mean squared
error recovers the weights without nn or optim, so every moving part is visible.

    python examples/linear_regression.py [--fast]

An ordinary PyTorch program: write ``torch`` for ``minitorch`` in the imports and it runs unchanged.
"""
import sys

import numpy

import minitorch as torch


def main(fast=False):
    # the same data whichever library runs this file: NumPy makes it, torch.tensor copies it in
    rng = numpy.random.default_rng(0)
    x_np = rng.standard_normal((200, 2))
    y_np = x_np @ numpy.array([3.0, -2.0]) + 0.5 + 0.01 * rng.standard_normal(200)
    x, y = torch.tensor(x_np, dtype=torch.float32), torch.tensor(y_np, dtype=torch.float32)

    # the parameters are leaves that require grad: backward() will fill their .grad
    w = torch.zeros(2, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)

    lr = 0.1
    steps = 60 if fast else 200
    for step in range(steps):
        prediction = x @ w + b                    # forward: every op records a node in the graph
        loss = ((prediction - y) ** 2).mean()
        loss.backward()                           # walks the graph back, adding d loss/d w into w.grad
        with torch.no_grad():                     # the update must not itself become part of a graph
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()                            # .grad accumulates across backward calls: clear it
        b.grad.zero_()
        if step % 20 == 0 or step == steps - 1:
            print("step %3d  loss %.5f" % (step, loss.item()))

    print("learned w = [%.3f, %.3f], b = %.3f (true: [3, -2], 0.5)" % (w[0].item(), w[1].item(), b.item()))
    assert abs(w[0].item() - 3) < 0.05 and abs(w[1].item() + 2) < 0.05 and abs(b.item() - 0.5) < 0.05
    return {"loss": loss.item(), "w": w.tolist(), "b": b.item()}


if __name__ == "__main__":
    main(fast="--fast" in sys.argv)
