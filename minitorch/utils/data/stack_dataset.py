"""StackDataset: several datasets of one length read together, sample i being the tuple (or dict) of their i-th
samples."""
from .dataset import Dataset

__all__ = ["StackDataset"]


class StackDataset(Dataset):
    """StackDataset(images, labels)[i] == (images[i], labels[i]); StackDataset(x=images, y=labels)[i] is a dict."""

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Supported either ``tuple``- (via ``args``) or``dict``- (via ``kwargs``) like "
                             "input/output, but both types are given.")
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = list(args or kwargs.values())
        self._length = len(parts[0])
        if any(self._length != len(dataset) for dataset in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args or kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {key: dataset[index] for key, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def __getitems__(self, indices):
        """A batch of samples, each dataset read with its own ``__getitems__`` when it has one."""
        named = isinstance(self.datasets, dict)
        keys = list(self.datasets) if named else range(len(self.datasets))
        columns = [_read_batch(self.datasets[key], indices) for key in keys]
        if named:
            return [dict(zip(keys, sample)) for sample in zip(*columns)] if columns else []
        return [tuple(sample) for sample in zip(*columns)]

    def __len__(self):
        return self._length


def _read_batch(dataset, indices):
    if callable(getattr(dataset, "__getitems__", None)):
        items = dataset.__getitems__(indices)
        if len(items) != len(indices):
            raise ValueError("Nested dataset's output size mismatch. Expected %d, got %d" % (len(indices),
                                                                                           len(items)))
        return items
    return [dataset[index] for index in indices]
