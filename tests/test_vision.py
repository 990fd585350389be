"""minitorch.vision: the dataset readers on small files written here in the real formats (IDX, raw and gzipped;
CIFAR's pickled batches, including hostile ones), and the transforms compared with torch computing the same."""
import gzip
import os
import pickle

import numpy as np
import pytest

import minitorch
from minitorch.utils.data import DataLoader
from minitorch.vision import datasets, transforms as T

torch = pytest.importorskip("torch")


# --- writing the formats -----------------------------------------------------------------------------------------
def _idx_bytes(array):
    """IDX: 0, 0, type code (0x08 = unsigned byte), ndim, big-endian dims, the values."""
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def _write_mnist(root, name, train, images, labels, gz=False):
    raw = os.path.join(root, name, "raw")
    os.makedirs(raw, exist_ok=True)
    prefix = "train" if train else "t10k"
    for stem, array in (("%s-images-idx3-ubyte" % prefix, images), ("%s-labels-idx1-ubyte" % prefix, labels)):
        path = os.path.join(raw, stem + (".gz" if gz else ""))
        with (gzip.open if gz else open)(path, "wb") as f:
            f.write(_idx_bytes(array))


def _mnist_arrays(n, seed=0):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 28, 28)).astype(np.uint8), rng.integers(0, 10, n).astype(np.uint8)


def _write_cifar(root, folder, files, labels_key, meta_name, meta_key, n=4, seed=0):
    """Batches as CIFAR's (written by Python 2): dicts of 'data' (rows of 3072 bytes, R then G then B planes),
    labels and filenames, pickled with protocol 2. Returns the images as (N, H, W, C) and the labels."""
    rng = np.random.default_rng(seed)
    path = os.path.join(root, folder)
    os.makedirs(path, exist_ok=True)
    images, labels = [], []
    for name in files:
        hwc = rng.integers(0, 256, (n, 32, 32, 3)).astype(np.uint8)
        batch_labels = [int(v) for v in rng.integers(0, 10, n)]
        entry = {"batch_label": "batch " + name, labels_key: batch_labels,
                 "data": hwc.transpose(0, 3, 1, 2).reshape(n, 3072), "filenames": [b"img%d.png" % i for i in range(n)]}
        with open(os.path.join(path, name), "wb") as f:
            f.write(_as_python2_pickle(entry))
        images.append(hwc)
        labels += batch_labels
    with open(os.path.join(path, meta_name), "wb") as f:
        f.write(_as_python2_pickle({meta_key: ["class%d" % i for i in range(10)], "num_vis": 3072}))
    return np.concatenate(images), labels


def _as_python2_pickle(obj):
    # Python 2's NumPy named the array helper numpy.core.multiarray; the reader must accept both spellings
    return pickle.dumps(obj, protocol=2).replace(b"numpy._core.multiarray", b"numpy.core.multiarray")


# --- MNIST ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("gz", [False, True])
def test_mnist_reads_idx_files(tmp_path, gz):
    images, labels = _mnist_arrays(5)
    _write_mnist(tmp_path, "MNIST", True, images, labels, gz=gz)
    test_images, test_labels = _mnist_arrays(3, seed=1)
    _write_mnist(tmp_path, "MNIST", False, test_images, test_labels, gz=gz)
    train = datasets.MNIST(str(tmp_path), train=True)
    assert len(train) == 5 and train.data.dtype == minitorch.uint8 and train.targets.dtype == minitorch.int64
    assert tuple(train.data.shape) == (5, 28, 28)
    img, target = train[3]
    assert isinstance(img, np.ndarray) and img.dtype == np.uint8 and img.shape == (28, 28)
    np.testing.assert_array_equal(img, images[3])
    assert target == int(labels[3]) and type(target) is int
    test = datasets.MNIST(tmp_path, train=False)
    assert len(test) == 3 and test[2][1] == int(test_labels[2])
    assert "Split: Test" in repr(test) and "Number of datapoints: 3" in repr(test)


def test_mnist_transforms_and_loader(tmp_path):
    images, labels = _mnist_arrays(6)
    _write_mnist(tmp_path, "FashionMNIST", True, images, labels)
    ds = datasets.FashionMNIST(tmp_path, transform=T.Compose([T.ToTensor(), T.Normalize((0.5,), (0.25,))]),
                               target_transform=lambda y: y + 100)
    assert ds.classes[9] == "Ankle boot"
    batch, targets = next(iter(DataLoader(ds, batch_size=4)))
    assert tuple(batch.shape) == (4, 1, 28, 28) and batch.dtype == minitorch.float32
    expected = (torch.from_numpy(images[:4]).float().div(255).unsqueeze(1) - 0.5) / 0.25
    np.testing.assert_allclose(batch.numpy(), expected.numpy(), rtol=1e-6, atol=1e-6)
    assert targets.tolist() == [int(v) + 100 for v in labels[:4]]


def test_missing_files_are_named(tmp_path):
    with pytest.raises(RuntimeError, match="(?s)Dataset not found.*train-images-idx3-ubyte.*train-labels-idx1-ubyte"):
        datasets.MNIST(tmp_path)
    with pytest.raises(RuntimeError, match="(?s)never downloads.*data_batch_1.*batches.meta"):
        datasets.CIFAR10(tmp_path, download=True)
    images, labels = _mnist_arrays(2)
    _write_mnist(tmp_path, "MNIST", True, images, labels)
    assert len(datasets.MNIST(tmp_path, download=True)) == 2  # present files need no download


def test_damaged_idx_files_raise(tmp_path):
    images, labels = _mnist_arrays(3)
    _write_mnist(tmp_path, "MNIST", True, images, labels)
    path = os.path.join(tmp_path, "MNIST", "raw", "train-images-idx3-ubyte")
    data = open(path, "rb").read()
    open(path, "wb").write(data[:-10])
    with pytest.raises(RuntimeError, match="truncated"):
        datasets.MNIST(tmp_path)
    open(path, "wb").write(b"\x01\x02" + data[2:])
    with pytest.raises(RuntimeError, match="not an IDX file"):
        datasets.MNIST(tmp_path)
    _write_mnist(tmp_path, "MNIST", True, images, labels[:2])
    with pytest.raises(RuntimeError, match="do not go with"):
        datasets.MNIST(tmp_path)


# --- CIFAR ---------------------------------------------------------------------------------------------------------
def test_cifar10_reads_pickled_batches(tmp_path):
    train_files = ["data_batch_%d" % i for i in range(1, 6)]
    images, labels = _write_cifar(tmp_path, "cifar-10-batches-py", train_files, "labels", "batches.meta",
                                  "label_names")
    test_images, test_labels = _write_cifar(tmp_path, "cifar-10-batches-py", ["test_batch"], "labels",
                                            "batches.meta", "label_names", n=3, seed=9)
    train = datasets.CIFAR10(tmp_path, train=True)
    assert len(train) == 20 and train.data.shape == (20, 32, 32, 3) and train.targets == labels
    img, target = train[7]
    np.testing.assert_array_equal(img, images[7])
    assert target == labels[7] and train.classes[3] == "class3" and train.class_to_idx["class3"] == 3
    test = datasets.CIFAR10(tmp_path, train=False, transform=T.ToTensor())
    x, y = test[2]
    np.testing.assert_allclose(x.numpy(), torch.from_numpy(test_images[2]).permute(2, 0, 1).float().div(255).numpy())
    assert y == test_labels[2]


def test_cifar100_uses_fine_labels(tmp_path):
    images, labels = _write_cifar(tmp_path, "cifar-100-python", ["train"], "fine_labels", "meta",
                                  "fine_label_names")
    ds = datasets.CIFAR100(tmp_path)
    assert ds.targets == labels and ds.classes[0] == "class0"
    np.testing.assert_array_equal(ds[1][0], images[1])


class _Payload:
    """Unpickling this runs `touch <path>`: what a tampered dataset file would try."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return os.system, ("touch " + self.path,)


def test_planted_pickle_payload_never_runs(tmp_path):
    _write_cifar(tmp_path, "cifar-10-batches-py", ["test_batch"], "labels", "batches.meta", "label_names")
    victim = os.path.join(tmp_path, "pwned")
    path = os.path.join(tmp_path, "cifar-10-batches-py", "test_batch")
    hostile = [{"data": np.zeros((1, 3072), np.uint8), "labels": [_Payload(victim)]},
               {"data": np.array([_Payload(victim)], dtype=object), "labels": [0]},  # object array -> pickled items
               {"data": np.zeros((1, 3072), np.uint8), "labels": [0], "x": __import__("collections").OrderedDict()}]
    for entry in hostile:
        with open(path, "wb") as f:
            pickle.dump(entry, f, protocol=2)
        with pytest.raises(pickle.UnpicklingError, match="refusing"):
            datasets.CIFAR10(tmp_path, train=False)
        assert not os.path.exists(victim)
    # the sanity check: the payload does create the file when unpickled by pickle itself
    pickle.loads(pickle.dumps(_Payload(victim)))
    assert os.path.exists(victim)


def test_truncated_cifar_batch_raises(tmp_path):
    _write_cifar(tmp_path, "cifar-10-batches-py", ["test_batch"], "labels", "batches.meta", "label_names")
    path = os.path.join(tmp_path, "cifar-10-batches-py", "test_batch")
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 2])
    with pytest.raises((RuntimeError, pickle.UnpicklingError)):
        datasets.CIFAR10(tmp_path, train=False)


# --- transforms ----------------------------------------------------------------------------------------------------
def _image(shape=(6, 5, 3), seed=0):
    return np.random.default_rng(seed).integers(0, 256, shape).astype(np.uint8)


def test_to_tensor_matches_torch_formula():
    for img in (_image(), _image((4, 7))):
        expected = torch.from_numpy(img if img.ndim == 3 else img[:, :, None]).permute(2, 0, 1).float().div(255)
        got = T.ToTensor()(img)
        assert got.dtype == minitorch.float32 and tuple(got.shape) == tuple(expected.shape)
        np.testing.assert_array_equal(got.numpy(), expected.numpy())
    floats = np.random.default_rng(0).standard_normal((3, 2, 2))
    assert T.ToTensor()(floats).dtype == minitorch.float64  # only uint8 is rescaled
    with pytest.raises(TypeError):
        T.ToTensor()([1, 2, 3])
    with pytest.raises(ValueError):
        T.ToTensor()(np.zeros((1, 2, 3, 4), np.uint8))


def test_to_tensor_takes_pil_images():
    Image = pytest.importorskip("PIL.Image")
    img = _image()
    np.testing.assert_array_equal(T.ToTensor()(Image.fromarray(img)).numpy(), T.ToTensor()(img).numpy())


def test_normalize_matches_torch_formula():
    x = np.random.default_rng(0).random((3, 4, 5)).astype(np.float32)
    mean, std = (0.4914, 0.4822, 0.4465), (0.247, 0.243, 0.261)
    expected = torch.from_numpy(x).sub(torch.tensor(mean).view(-1, 1, 1)).div(torch.tensor(std).view(-1, 1, 1))
    np.testing.assert_array_equal(T.Normalize(mean, std)(minitorch.tensor(x)).numpy(), expected.numpy())
    inplace = minitorch.tensor(x)
    assert T.Normalize(mean, std, inplace=True)(inplace) is inplace
    np.testing.assert_array_equal(inplace.numpy(), expected.numpy())
    with pytest.raises(ValueError, match="division by zero"):
        T.Normalize((0.0,), (0.0,))(minitorch.zeros(1, 2, 2))
    with pytest.raises(TypeError):
        T.Normalize((0.0,), (1.0,))(minitorch.zeros(1, 2, 2, dtype=minitorch.uint8))


def test_flips():
    img = _image()
    np.testing.assert_array_equal(T.RandomHorizontalFlip(p=1.0)(img), img[:, ::-1])
    np.testing.assert_array_equal(T.RandomHorizontalFlip(p=0.0)(img), img)
    np.testing.assert_array_equal(T.RandomVerticalFlip(p=1.0)(img), img[::-1])
    t = T.ToTensor()(img)
    np.testing.assert_array_equal(T.RandomHorizontalFlip(p=1.0)(t).numpy(), torch.from_numpy(t.numpy()).flip(-1))
    minitorch.manual_seed(0)
    flipped = sum(T.RandomHorizontalFlip()(img)[0, 0, 0] != img[0, 0, 0] for _ in range(2000))
    assert abs(flipped / 2000 - 0.5) < 0.05


@pytest.mark.parametrize("mode,torch_mode", [("constant", "constant"), ("edge", "replicate"),
                                             ("reflect", "reflect")])
def test_random_crop_windows_come_from_the_padded_image(mode, torch_mode):
    t = T.ToTensor()(_image((6, 6, 3)))
    padded = torch.nn.functional.pad(torch.from_numpy(t.numpy()).unsqueeze(0), (2, 2, 2, 2), mode=torch_mode,
                                     **({"value": 0.5} if mode == "constant" else {}))[0].numpy()
    windows = {(i, j): padded[:, i:i + 6, j:j + 6] for i in range(5) for j in range(5)}
    minitorch.manual_seed(0)
    seen = set()
    for _ in range(200):
        out = T.RandomCrop(6, padding=2, fill=0.5, padding_mode=mode)(t).numpy()
        matches = [k for k, w in windows.items() if np.array_equal(out, w)]
        assert matches
        seen.update(matches)
    assert len(seen) > 15  # the offsets are random over the whole range


def test_random_crop_on_arrays_pad_if_needed_and_errors():
    img = _image((4, 5, 3))
    out = T.RandomCrop((6, 7), pad_if_needed=True)(img)
    assert out.shape == (6, 7, 3)
    np.testing.assert_array_equal(T.RandomCrop((4, 5))(img), img)
    with pytest.raises(ValueError, match="larger than input image size"):
        T.RandomCrop(8)(img)
    cropped = T.RandomCrop(3, padding=(1, 2))(img)
    assert cropped.shape == (3, 3, 3)


def test_center_crop_lambda_and_compose():
    t = minitorch.arange(49.0).view(1, 7, 7)
    np.testing.assert_array_equal(T.CenterCrop(3)(t).numpy(), torch.arange(49.0).view(1, 7, 7)[:, 2:5, 2:5])
    assert T.CenterCrop((8, 9))(_image((6, 5, 3))).shape == (8, 9, 3)
    pipeline = T.Compose([T.Lambda(lambda x: x * 2), T.Lambda(lambda x: x + 1)])
    assert pipeline(3) == 7
    assert repr(pipeline).startswith("Compose(\n    Lambda()")
    with pytest.raises(TypeError):
        T.Lambda(3)


@pytest.mark.parametrize("mode", ["bilinear", "nearest"])
@pytest.mark.parametrize("size", [(4, 5), (13, 17), (9, 3)])
def test_resize_matches_interpolate(mode, size):
    x = np.random.default_rng(0).random((2, 3, 9, 11))
    expected = torch.nn.functional.interpolate(torch.from_numpy(x), size=size, mode=mode,
                                               **({"align_corners": False} if mode == "bilinear" else {}))
    got = T.Resize(size, interpolation=mode)(minitorch.tensor(x))
    np.testing.assert_allclose(got.numpy(), expected.numpy(), rtol=1e-12, atol=1e-12)
    as_array = T.Resize(size, interpolation=mode)(x[0].transpose(1, 2, 0))  # (H, W, C) arrays too
    np.testing.assert_allclose(as_array, expected[0].permute(1, 2, 0).numpy(), rtol=1e-12, atol=1e-12)


def test_resize_int_size_scales_the_shorter_side():
    img = _image((6, 9, 3))
    out = T.Resize(4)(img)
    assert out.shape == (4, 6, 3) and out.dtype == np.uint8
    assert T.Resize(4, max_size=5)(img).shape == (3, 5, 3)
    assert tuple(T.Resize([8])(T.ToTensor()(img)).shape) == (3, 8, 12)
