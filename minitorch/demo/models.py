"""The demo's models, written once for both libraries: ``build(lib)`` makes the model from ``lib.nn`` layers, so
the same function gives the minitorch model and the torch model that ``parity --model`` compares it with.
Each build function carries ``input_shape``, the shape of one sample."""
from collections import OrderedDict


def lenet(lib, image_size=8):
    """A LeNet-style CNN for square one-channel images (8x8 digits, 28x28 MNIST): two conv-relu-pool stages,
    then two fully connected layers. The shapes in the comments are for 8x8."""
    nn = lib.nn
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv2d(1, 16, kernel_size=3, padding=1)),   # 1x8x8 -> 16x8x8
        ("relu1", nn.ReLU()),
        ("pool1", nn.MaxPool2d(2)),                              # -> 16x4x4
        ("conv2", nn.Conv2d(16, 32, kernel_size=3, padding=1)),  # -> 32x4x4
        ("relu2", nn.ReLU()),
        ("pool2", nn.MaxPool2d(2)),                              # -> 32x2x2
        ("flatten", nn.Flatten()),                               # -> 128
        ("fc1", nn.Linear(32 * (image_size // 4) ** 2, 64)),
        ("relu3", nn.ReLU()),
        ("fc2", nn.Linear(64, 10)),                              # one score per digit
    ]))


lenet.input_shape = (1, 8, 8)


def mlp(lib):
    """A two-layer perceptron on the 64 pixels of a digit."""
    nn = lib.nn
    return nn.Sequential(OrderedDict([
        ("fc1", nn.Linear(64, 128)),
        ("relu", nn.ReLU()),
        ("fc2", nn.Linear(128, 10)),
    ]))


mlp.input_shape = (64,)

BUILT_IN = {"lenet": lenet, "mlp": mlp}
