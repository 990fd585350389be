"""Image datasets read from the standard files on disk, laid out as torchvision lays them out.

    MNIST / FashionMNIST   <root>/<ClassName>/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]   (IDX format)
    CIFAR10                <root>/cifar-10-batches-py/{data_batch_1..5, test_batch, batches.meta}
    CIFAR100               <root>/cifar-100-python/{train, test, meta}

Nothing is downloaded (minitorch works offline): ``download=True`` only checks that the files are present and
otherwise fails naming the files to put there. A sample is ``(image, target)``: the image a NumPy uint8 array
(H, W) for MNIST or (H, W, C) for CIFAR -- what ``transforms.ToTensor`` takes -- and the target an int.

The CIFAR batches are Python pickles. They are read with an unpickler that can only build dicts, lists, strings,
bytes, numbers and numeric NumPy arrays, so a tampered file raises an error instead of running code.
"""
import gzip
import os
import pickle

import numpy

from ..creation import from_numpy
from ..utils.data import Dataset


class VisionDataset(Dataset):
    """What the image datasets share: root, the two transforms, and torchvision's repr."""

    def __init__(self, root, transform=None, target_transform=None):
        self.root = os.path.expanduser(os.fspath(root)) if root is not None else None
        self.transform = transform
        self.target_transform = target_transform

    def _sample(self, img, target):
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def extra_repr(self):
        return ""

    def __repr__(self):
        body = ["Number of datapoints: %d" % len(self)]
        if self.root is not None:
            body.append("Root location: %s" % self.root)
        body += self.extra_repr().splitlines()
        if self.transform is not None:
            body.append("Transform: " + repr(self.transform).replace("\n", "\n    "))
        if self.target_transform is not None:
            body.append("Target transform: " + repr(self.target_transform).replace("\n", "\n    "))
        return "\n".join(["Dataset " + type(self).__name__] + ["    " + line for line in body])


def _require_files(dataset, folder, names, download):
    """Each file's path (trying a .gz beside it where allowed), or a RuntimeError naming what is missing."""
    found, missing = [], []
    for name, allow_gz in names:
        candidates = [name, name + ".gz"] if allow_gz else [name]
        path = next((os.path.join(folder, c) for c in candidates if os.path.isfile(os.path.join(folder, c))), None)
        (found if path else missing).append(path or name)
    if missing:
        why = ("download=True was given, but minitorch never downloads (it works offline)" if download
               else "Dataset not found")
        raise RuntimeError("%s: %s needs these files in %s: %s (each may also be gzipped, name + '.gz', where "
                           "torchvision allows it). Missing: %s. Copy them there from the official source or "
                           "a torchvision download." % (why, dataset, folder, ", ".join(n for n, _ in names),
                                                        ", ".join(missing)))
    return found


# --- MNIST-style datasets (IDX files) ---------------------------------------------------------------------------
_IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """A NumPy array from an IDX file (optionally gzipped): two zero bytes, a type code, the number of dims,
    each dim as a big-endian uint32, then the values."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _IDX_TYPES:
        raise RuntimeError("%s is not an IDX file (bad magic number %r)" % (path, data[:4]))
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise RuntimeError("%s is truncated: its header is cut short" % path)
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    dtype = numpy.dtype(_IDX_TYPES[data[2]])
    count = int(numpy.prod(shape, dtype=numpy.int64))
    if len(data) - header != count * dtype.itemsize:
        raise RuntimeError("%s holds %d bytes of values but its header announces shape %s (%d bytes): the file "
                           "is truncated or corrupted" % (path, len(data) - header, shape, count * dtype.itemsize))
    return numpy.frombuffer(data, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


class MNIST(VisionDataset):
    """Handwritten digits: 60,000 training and 10,000 test images, 28x28 grey levels."""

    resources = {True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                 False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")}
    classes = ["0 - zero", "1 - one", "2 - two", "3 - three", "4 - four", "5 - five", "6 - six", "7 - seven",
               "8 - eight", "9 - nine"]

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform, target_transform)
        self.train = train
        images_path, labels_path = _require_files(type(self).__name__, self.raw_folder,
                                                  [(n, True) for n in self.resources[train]], download)
        images, labels = read_idx(images_path), read_idx(labels_path)
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise RuntimeError("%s: images of shape %s do not go with labels of shape %s"
                               % (type(self).__name__, images.shape, labels.shape))
        self.data = from_numpy(images.astype(numpy.uint8))
        self.targets = from_numpy(labels.astype(numpy.int64))

    @property
    def raw_folder(self):
        return os.path.join(self.root, type(self).__name__, "raw")

    @property
    def class_to_idx(self):
        return {name: i for i, name in enumerate(self.classes)}

    def __getitem__(self, index):
        # a copy, as torchvision's PIL image is: transforms may write into the image they get
        return self._sample(self.data[index].numpy().copy(), int(self.targets[index]))

    def __len__(self):
        return len(self.data)

    def extra_repr(self):
        return "Split: " + ("Train" if self.train else "Test")


class FashionMNIST(MNIST):
    """Zalando's clothing images, in MNIST's format and sizes."""

    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]


# --- CIFAR (pickled batches, read without running code) ----------------------------------------------------------
_reconstruct_array = numpy.arange(1).__reduce__()[0]  # NumPy's array-unpickling helper, wherever it lives


class _PlainDataUnpickler(pickle.Unpickler):
    """Unpickles only what the CIFAR batches contain. Every global a pickle names goes through find_class, so
    refusing all but these four keeps any other code from running."""

    def find_class(self, module, name):
        if name == "_reconstruct" and module in ("numpy.core.multiarray", "numpy._core.multiarray"):
            return _plain_array
        if (module, name) == ("numpy", "ndarray"):
            return numpy.ndarray
        if (module, name) == ("numpy", "dtype"):
            return _plain_dtype
        if (module, name) == ("_codecs", "encode"):
            return _latin1_bytes
        raise pickle.UnpicklingError("refusing to load %s.%s: a CIFAR batch holds only dicts, lists, strings, "
                                     "bytes, numbers and numeric arrays" % (module, name))


def _plain_array(subtype, shape, dtype):
    if subtype is not numpy.ndarray:
        raise pickle.UnpicklingError("refusing to build an array of type %r" % (subtype,))
    return _reconstruct_array(numpy.ndarray, shape, _plain_dtype(dtype))


def _plain_dtype(spec, align=False, copy=False):
    dtype = numpy.dtype(spec)
    if dtype.kind not in "biuf" or dtype.fields is not None:
        raise pickle.UnpicklingError("refusing to load an array of dtype %r: only numeric arrays are allowed" % spec)
    return numpy.dtype(spec, align, copy)


def _latin1_bytes(text, encoding="latin1"):
    """How protocol-2 pickles written by Python 3 store bytes: _codecs.encode(text, 'latin1')."""
    if encoding.replace("-", "").lower() != "latin1":
        raise pickle.UnpicklingError("refusing to decode bytes with the %r codec" % (encoding,))
    return text.encode("latin1")


def load_cifar_batch(path):
    """The dict inside one CIFAR batch file (keys as str: Python 2 pickles are read as latin-1)."""
    with open(path, "rb") as f:
        try:
            entry = _PlainDataUnpickler(f, encoding="latin1").load()
        except pickle.UnpicklingError:
            raise
        except Exception as e:  # noqa: BLE001 - truncated or malformed pickles fail in many ways
            raise RuntimeError("%s is not a readable CIFAR batch (%s: %s)" % (path, type(e).__name__, e)) from None
    for value in _walk(entry):
        if isinstance(value, numpy.ndarray) and value.dtype.kind not in "biuf":
            raise pickle.UnpicklingError("%s holds an array of dtype %s" % (path, value.dtype))
    if not isinstance(entry, dict):
        raise RuntimeError("%s is not a CIFAR batch: it holds a %s, not a dict" % (path, type(entry).__name__))
    return entry


def _walk(value):
    yield value
    children = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    for child in children:
        yield from _walk(child)


class CIFAR10(VisionDataset):
    """32x32 colour images in 10 classes: 50,000 for training (five batches) and 10,000 for testing."""

    base_folder = "cifar-10-batches-py"
    train_list = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"]
    test_list = ["test_batch"]
    meta = {"filename": "batches.meta", "key": "label_names"}
    labels_key = "labels"

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform, target_transform)
        self.train = train
        folder = os.path.join(self.root, self.base_folder)
        batch_names = self.train_list if train else self.test_list
        paths = _require_files(type(self).__name__, folder,
                               [(n, False) for n in batch_names + [self.meta["filename"]]], download)
        data, targets = [], []
        for path in paths[:-1]:
            entry = load_cifar_batch(path)
            data.append(numpy.asarray(entry["data"], dtype=numpy.uint8))
            targets.extend(int(t) for t in entry[self.labels_key])
        # stored as rows of 3072 bytes: all red, then green, then blue; images are served as (H, W, C)
        self.data = numpy.vstack(data).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        self.targets = targets
        if len(self.data) != len(self.targets):
            raise RuntimeError("%s: %d images but %d labels" % (type(self).__name__, len(self.data), len(targets)))
        self.classes = [str(c) for c in load_cifar_batch(paths[-1])[self.meta["key"]]]
        self.class_to_idx = {name: i for i, name in enumerate(self.classes)}

    def __getitem__(self, index):
        return self._sample(self.data[index].copy(), self.targets[index])

    def __len__(self):
        return len(self.data)

    def extra_repr(self):
        return "Split: " + ("Train" if self.train else "Test")


class CIFAR100(CIFAR10):
    """CIFAR10's images in 100 fine classes (targets are the fine labels)."""

    base_folder = "cifar-100-python"
    train_list = ["train"]
    test_list = ["test"]
    meta = {"filename": "meta", "key": "fine_label_names"}
    labels_key = "fine_labels"


__all__ = ["MNIST", "FashionMNIST", "CIFAR10", "CIFAR100", "VisionDataset", "read_idx", "load_cifar_batch"]
