"""The demo's data: scikit-learn's handwritten digits (1,797 8x8 images, shipped inside the package, so nothing
is downloaded) with a fixed train/test split, or MNIST files in a local folder."""
import numpy

TEST_FRACTION = 0.2


def digits(seed=0):
    """((train images, train labels), (test images, test labels)) as float32 (N, 1, 8, 8) arrays standardised
    with the training set's mean and std, and int64 labels. The split is a fixed permutation of seed."""
    from sklearn.datasets import load_digits
    data = load_digits()
    images = data.images.astype(numpy.float32)[:, None]
    labels = data.target.astype(numpy.int64)
    order = numpy.random.default_rng(seed).permutation(len(labels))
    n_test = int(round(len(labels) * TEST_FRACTION))
    test, train = order[:n_test], order[n_test:]
    mean, std = images[train].mean(), images[train].std()
    images = (images - mean) / std
    return (images[train], labels[train]), (images[test], labels[test])


def digit_loaders(lib, batch_size, seed=0, limit=None):
    """Train and test DataLoaders over the digits (limit: use only the first N training images)."""
    (x_train, y_train), (x_test, y_test) = digits(seed)
    if limit:
        x_train, y_train = x_train[:limit], y_train[:limit]
    data = lib.utils.data
    generator = lib.Generator().manual_seed(seed)  # the shuffling order is part of the fixed recipe
    train = data.DataLoader(data.TensorDataset(lib.tensor(x_train), lib.tensor(y_train)), batch_size=batch_size,
                            shuffle=True, generator=generator)
    test = data.DataLoader(data.TensorDataset(lib.tensor(x_test), lib.tensor(y_test)), batch_size=256)
    return train, test, 8


def mnist_loaders(root, batch_size, seed=0, limit=None):
    """Train and test DataLoaders over MNIST files found under root (see minitorch.vision.datasets.MNIST)."""
    import minitorch
    from ..vision import datasets, transforms
    from ..utils.data import DataLoader, Subset
    to_input = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    train_set = datasets.MNIST(root, train=True, transform=to_input)
    test_set = datasets.MNIST(root, train=False, transform=to_input)
    if limit:
        train_set = Subset(train_set, range(min(limit, len(train_set))))
    generator = minitorch.Generator().manual_seed(seed)
    train = DataLoader(train_set, batch_size=batch_size, shuffle=True, generator=generator)
    test = DataLoader(test_set, batch_size=500)
    return train, test, 28
