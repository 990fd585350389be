"""The benchmark set: every kernel and shape that minitorch is compared with torch on.

An Entry builds, for one library, a Case: ``forward()`` (no graph), ``forward_backward()`` (forward, then backward
from a fixed random output gradient, or the training step) and ``answers()`` (the arrays compared with torch's
before anything is timed). The same code runs in both libraries: it only uses ``lib.``.
"""
from collections import OrderedDict

import numpy

TINY_STEPS = 5000  # h = h * y + z, twice per step: 10,000 tiny ops


class Case:
    def __init__(self, forward, forward_backward, answers):
        self.forward, self.forward_backward, self.answers = forward, forward_backward, answers


class Entry:
    """name: what the table shows; group: the kernel family; flops: (forward, forward+backward) counts or None;
    build(lib, rng) -> Case; tol: the relative error allowed between the libraries (float32)."""

    def __init__(self, name, group, flops, build, tol=1e-4):
        self.name, self.group, self.flops, self.build, self.tol = name, group, flops, build, tol


def _kernel(fn, shapes):
    """A Case for y = fn(lib, *inputs): every input requires grad; backward gets a fixed random gradient."""
    def build(lib, seed):
        rng = numpy.random.default_rng(seed)
        arrays = [rng.standard_normal(s).astype(numpy.float32) for s in shapes]
        inputs = [lib.tensor(a, requires_grad=True) for a in arrays]
        with lib.no_grad():
            out_shape = tuple(fn(lib, *inputs).shape)
        grad = lib.tensor(rng.standard_normal(out_shape).astype(numpy.float32))

        def forward():
            with lib.no_grad():
                return fn(lib, *inputs)

        def forward_backward():
            for t in inputs:
                t.grad = None
            fn(lib, *inputs).backward(grad)

        def answers():
            for t in inputs:
                t.grad = None
            out = fn(lib, *inputs)
            out.backward(grad)
            return [out.detach().numpy()] + [t.grad.numpy() for t in inputs]
        return Case(forward, forward_backward, answers)
    return build


def _conv_out(size, k, stride, pad):
    return (size + 2 * pad - k) // stride + 1


def conv2d(x, w, stride=1, padding=0):
    n, c, h, wd = x
    o, _, kh, kw = w
    flops = 2 * n * o * _conv_out(h, kh, stride, padding) * _conv_out(wd, kw, stride, padding) * c * kh * kw
    label = "conv2d %s/%s" % (_dims(x), _dims(w)) + (" pad %d" % padding if padding else "") + \
        (" stride %d" % stride if stride != 1 else "")
    fn = (lambda lib, a, b: lib.nn.functional.conv2d(a, b, stride=stride, padding=padding))
    return Entry(label, "conv2d", (flops, 3 * flops), _kernel(fn, [x, w]))


def max_pool2d(x, k, stride):
    label = "max_pool2d %dx%d/%d %s" % (k, k, stride, _dims(x))
    return Entry(label, "max_pool2d", None, _kernel(lambda lib, a: lib.nn.functional.max_pool2d(a, k, stride), [x]))


def matmul(a, b):
    batch = a[0] if len(a) == 3 else 1
    flops = 2 * batch * a[-2] * a[-1] * b[-1]
    op = "bmm" if len(a) == 3 else "matmul"
    fn = (lambda lib, x, y: lib.bmm(x, y)) if op == "bmm" else (lambda lib, x, y: x @ y)
    return Entry("%s %sx%s" % (op, _dims(a), _dims(b)), "matmul", (flops, 3 * flops), _kernel(fn, [a, b]))


def _dims(shape):
    return "(%s)" % ",".join(str(s) for s in shape)


def lenet5(lib):
    """LeNet-5 for 28x28 one-channel images: 1x28x28 -> 6x24x24 -> 6x12x12 -> 16x8x8 -> 16x4x4 -> 120 -> 84 -> 10."""
    nn = lib.nn
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 6, 5)), ("relu1", nn.ReLU()), ("pool1", nn.MaxPool2d(2)),
        ("conv2", nn.Conv2d(6, 16, 5)), ("relu2", nn.ReLU()), ("pool2", nn.MaxPool2d(2)),
        ("flatten", nn.Flatten()),
        ("fc1", nn.Linear(16 * 4 * 4, 120)), ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(120, 84)), ("relu4", nn.ReLU()),
        ("fc3", nn.Linear(84, 10)),
    ]))


def _lenet_step(batch):
    def build(lib, seed):
        rng = numpy.random.default_rng(seed)
        model = lenet5(lib)
        with lib.no_grad():
            for p in model.parameters():  # the same weights in both libraries
                bound = 1 / numpy.sqrt(numpy.prod(p.shape[1:]))
                p.copy_(lib.tensor(rng.uniform(-bound, bound, tuple(p.shape)).astype(numpy.float32)))
        images = lib.tensor(rng.standard_normal((batch, 1, 28, 28)).astype(numpy.float32))
        labels = lib.tensor(rng.integers(0, 10, batch))
        optimizer = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        loss_fn = lib.nn.functional.cross_entropy

        def forward():
            with lib.no_grad():
                return loss_fn(model(images), labels)

        def step():
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
            return loss

        def answers():
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            return [loss.detach().numpy()] + [p.grad.numpy() for p in model.parameters()]
        return Case(forward, step, answers)
    # forward: 2 * (conv1 + conv2 + fc1 + fc2 + fc3) multiply-adds; a step adds both gradients except conv1's input
    conv1, conv2 = 24 * 24 * 6 * 25, 8 * 8 * 16 * 150
    fcs = 256 * 120 + 120 * 84 + 84 * 10
    forward = 2 * batch * (conv1 + conv2 + fcs)
    return Entry("LeNet-5 training step, batch %d of 28x28" % batch, "lenet", (forward, 3 * forward -
                                                                              2 * batch * conv1), build, tol=1e-3)


def _tiny_ops(steps=TINY_STEPS):
    """2 * steps ops on 4x4 tensors recording a graph (h = h * y + z), then backward: the per-op overhead."""
    def build(lib, seed):
        rng = numpy.random.default_rng(seed)
        # |y| < 0.5 keeps h bounded, so both libraries see ordinary numbers all the way
        x, y, z = (lib.tensor(rng.uniform(-0.5, 0.5, (4, 4)).astype(numpy.float32), requires_grad=True)
                   for _ in range(3))

        def forward():
            h = x
            for _ in range(steps):
                h = h * y + z
            return h

        def forward_backward():
            x.grad = y.grad = z.grad = None
            forward().sum().backward()

        def answers():
            x.grad = y.grad = z.grad = None
            h = forward()
            h.sum().backward()
            return [h.detach().numpy(), y.grad.numpy(), z.grad.numpy()]
        return Case(forward, forward_backward, answers)
    return Entry("%d tiny ops (x*y+z on 4x4) with autograd" % (2 * steps), "tiny", None, build, tol=1e-3)


def entries():
    """The benchmark set of issue 4, in table order."""
    return [
        conv2d((64, 1, 28, 28), (6, 1, 5, 5)),
        conv2d((64, 6, 12, 12), (16, 6, 5, 5)),
        conv2d((32, 3, 32, 32), (64, 3, 3, 3), padding=1),
        conv2d((32, 64, 32, 32), (64, 64, 3, 3), padding=1),
        conv2d((32, 128, 16, 16), (128, 128, 3, 3), padding=1),
        conv2d((16, 64, 56, 56), (128, 64, 3, 3), padding=1, stride=2),
        max_pool2d((32, 64, 32, 32), 2, 2),
        max_pool2d((32, 64, 32, 32), 3, 2),
        matmul((64, 784), (784, 256)),
        matmul((256, 512), (512, 512)),
        matmul((1024, 1024), (1024, 1024)),
        matmul((32, 128, 64), (32, 64, 128)),
        _lenet_step(64),
        _tiny_ops(),
    ]


def select(pattern=None):
    """The entries whose name or group contains pattern (case-insensitive; several separated by '|')."""
    if not pattern:
        return entries()
    words = [w.strip().lower() for w in pattern.split("|") if w.strip()]
    return [e for e in entries() if any(w in e.name.lower() or w in e.group for w in words)]
