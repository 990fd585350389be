"""minitorch.save / minitorch.load: round trips of everything a training script saves, atomic saves, clear errors
for files that are not minitorch checkpoints, and no code execution on load (planted pickle payloads)."""
import collections
import io
import math
import os
import pickle
import zipfile

import numpy as np
import pytest

import minitorch
from minitorch import backend

torch = pytest.importorskip("torch")


def _roundtrip(obj, **load_options):
    buffer = io.BytesIO()
    minitorch.save(obj, buffer)
    buffer.seek(0)
    return minitorch.load(buffer, **load_options)


def _tensors():
    rng = np.random.default_rng(0)
    out = [minitorch.tensor(rng.standard_normal((3, 4)), dtype=d) for d in
           (minitorch.float16, minitorch.float32, minitorch.float64)]
    out += [minitorch.tensor(rng.integers(-100, 100, (2, 3)), dtype=d) for d in
            (minitorch.uint8, minitorch.int8, minitorch.int16, minitorch.int32, minitorch.int64)]
    out += [minitorch.tensor([True, False]), minitorch.tensor(3.5), minitorch.zeros(0, 3),
            minitorch.arange(12.0).view(3, 4).t(), minitorch.arange(10)[::3]]
    return out


@pytest.mark.parametrize("index", range(len(_tensors())))
def test_tensor_round_trip_keeps_dtype_shape_values(index):
    t = _tensors()[index]
    back = _roundtrip(t)
    assert back.dtype == t.dtype and tuple(back.shape) == tuple(t.shape) and not back.requires_grad
    np.testing.assert_array_equal(back.numpy(), t.numpy())


def test_requires_grad_and_parameters_come_back():
    w = minitorch.randn(2, 3, requires_grad=True)
    back = _roundtrip({"w": w, "y": w * 2})
    assert back["w"].requires_grad and back["w"].is_leaf and back["w"].grad is None
    assert back["y"].requires_grad and back["y"].is_leaf  # a computed tensor is saved as its value
    nn = pytest.importorskip("minitorch.nn")
    if hasattr(nn, "Parameter"):
        p = nn.Parameter(minitorch.randn(2))
        assert isinstance(_roundtrip([p])[0], nn.Parameter)


def test_nested_containers_and_plain_values():
    t = minitorch.randn(3)
    obj = {"a": [1, 2.5, -7, 10 ** 30, True, None, "text ünïcode", b"\x00\xffbytes"],
           "b": (t, (1, 2), []), 3: {"nested": {0: t}}, (1, "k"): "tuple key",
           "od": collections.OrderedDict([("z", 1), ("a", 2)]), "floats": [math.inf, -math.inf, 0.1],
           "meta": [minitorch.float64, minitorch.device("cpu"), minitorch.Size([2, 3])],
           "np": np.arange(6).reshape(2, 3), "npscalar": np.float32(1.5)}
    back = _roundtrip(obj)
    assert back["a"] == obj["a"] and [type(v) for v in back["a"]] == [type(v) for v in obj["a"]]
    assert type(back["b"]) is tuple and back["b"][1] == (1, 2) and back["b"][2] == []
    assert back[3]["nested"][0] is back["b"][0]  # one tensor saved twice comes back as one object
    assert back[(1, "k")] == "tuple key"
    assert type(back["od"]) is collections.OrderedDict and list(back["od"]) == ["z", "a"]
    assert back["floats"] == obj["floats"] and math.isnan(_roundtrip(math.nan))
    assert back["meta"][0] is minitorch.float64 and back["meta"][1] == minitorch.device("cpu")
    assert back["meta"][2] == minitorch.Size([2, 3]) and isinstance(back["meta"][2], minitorch.Size)
    np.testing.assert_array_equal(back["np"], obj["np"])
    assert back["npscalar"] == 1.5 and list(back) == list(obj)


def test_optimizer_state_dict_round_trip_resumes_like_torch():
    """Save the optimizer state midway through training, load it into a new optimizer, and finish: the result
    equals torch's uninterrupted training."""
    def losses(lib, params, rng):
        return sum((p * lib.tensor(rng.standard_normal(tuple(p.shape)))).sum() + (p ** 2).sum() for p in params)

    init = [np.random.default_rng(0).standard_normal(s) for s in [(3, 2), (4,)]]
    t_params = [torch.tensor(a, requires_grad=True) for a in init]
    t_opt = torch.optim.Adam(t_params, lr=0.1, amsgrad=True)
    rng = np.random.default_rng(1)
    for _ in range(10):
        t_opt.zero_grad()
        losses(torch, t_params, rng).backward()
        t_opt.step()

    params = [minitorch.tensor(a, requires_grad=True) for a in init]
    opt = minitorch.optim.Adam(params, lr=0.1, amsgrad=True)
    rng = np.random.default_rng(1)
    for step in range(10):
        if step == 5:
            saved = _roundtrip({"opt": opt.state_dict(), "params": params})
            params = saved["params"]
            opt = minitorch.optim.Adam(params, lr=0.1, amsgrad=True)
            opt.load_state_dict(saved["opt"])
        opt.zero_grad()
        losses(minitorch, params, rng).backward()
        opt.step()
    for t, m in zip(t_params, params):
        np.testing.assert_allclose(m.detach().numpy(), t.detach().numpy(), rtol=1e-10)
    state = opt.state_dict()["state"][0]
    assert state["step"].dtype == minitorch.float32 and state["step"].item() == 10


def test_paths_and_file_objects(tmp_path):
    t = minitorch.arange(5)
    minitorch.save(t, str(tmp_path / "a.pt"))
    minitorch.save(t, tmp_path / "b.pt")
    with open(tmp_path / "c.pt", "wb") as f:
        minitorch.save(t, f)
    for name in ("a.pt", "b.pt", "c.pt"):
        assert minitorch.load(tmp_path / name).tolist() == [0, 1, 2, 3, 4]
        with open(tmp_path / name, "rb") as f:
            assert minitorch.load(f, weights_only=True).tolist() == [0, 1, 2, 3, 4]
    assert sorted(os.listdir(tmp_path)) == ["a.pt", "b.pt", "c.pt"]  # no temporary files left behind
    # the atomic save's temporary file does not leave the checkpoint with unusual permissions
    assert os.stat(tmp_path / "a.pt").st_mode == os.stat(tmp_path / "c.pt").st_mode


def test_map_location():
    t = minitorch.arange(3.0)
    assert _roundtrip(t, map_location="cpu").device == minitorch.device("cpu")
    assert _roundtrip(t, map_location=minitorch.device("cpu")).tolist() == [0.0, 1.0, 2.0]
    seen = []
    back = _roundtrip(t, map_location=lambda tensor, location: seen.append(location))
    assert seen == ["cpu"] and back.tolist() == [0.0, 1.0, 2.0]
    if not backend.cuda_available():
        with pytest.raises(RuntimeError, match="CUDA"):
            _roundtrip(t, map_location={"cpu": "cuda:0"})


def test_unsupported_objects_raise_type_error_and_touch_nothing(tmp_path):
    path = tmp_path / "ckpt.pt"
    minitorch.save({"v": 1}, path)
    for bad in ({"model": object()}, [lambda: 0], {"s": {1, 2}}, np.array([object()])):
        with pytest.raises(TypeError, match="minitorch.save cannot store"):
            minitorch.save(bad, path)
    assert minitorch.load(path) == {"v": 1}


def test_interrupted_save_leaves_the_previous_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.pt"
    minitorch.save({"w": minitorch.ones(3)}, path)
    original = np.lib.format.write_array
    calls = []

    def failing_write(fp, array, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the second tensor: after part of the new file is on disk
            fp.write(b"partial")
            raise OSError("disk full")
        return original(fp, array, *args, **kwargs)

    monkeypatch.setattr(np.lib.format, "write_array", failing_write)
    with pytest.raises(OSError, match="disk full"):
        minitorch.save({"a": minitorch.zeros(1000), "b": minitorch.zeros(1000)}, path)
    monkeypatch.setattr(np.lib.format, "write_array", original)
    assert len(calls) == 2
    assert minitorch.load(path)["w"].tolist() == [1.0, 1.0, 1.0]
    assert os.listdir(tmp_path) == ["ckpt.pt"]


def _damaged_files(tmp_path):
    good = io.BytesIO()
    minitorch.save({"w": minitorch.arange(100.0), "step": 3}, good)
    data = good.getvalue()
    torch_new, torch_legacy = io.BytesIO(), io.BytesIO()
    torch.save({"w": torch.ones(2)}, torch_new)
    torch.save({"w": torch.ones(2)}, torch_legacy, _use_new_zipfile_serialization=False)
    array_offset = data.index(b"\x93NUMPY")
    flipped = bytearray(data)
    flipped[array_offset + 200] ^= 0xFF  # inside the array's values: the zip CRC catches it
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    return {"empty": (b"", "empty"), "text": (b"just some text\n", "not a zip archive"),
            "truncated_half": (data[: len(data) // 2], "truncated or corrupted"),
            "truncated_tail": (data[:-5], "truncated or corrupted"),
            "flipped_byte": (bytes(flipped), "damaged"),
            "torch_zip": (torch_new.getvalue(), "PyTorch checkpoint"),
            "torch_legacy": (torch_legacy.getvalue(), "looks like a pickle"),
            "foreign_zip": (other_zip.getvalue(), "not a minitorch checkpoint")}


@pytest.mark.parametrize("kind", ["empty", "text", "truncated_half", "truncated_tail", "flipped_byte", "torch_zip",
                                  "torch_legacy", "foreign_zip"])
def test_unreadable_files_raise_runtime_error(tmp_path, kind):
    content, message = _damaged_files(tmp_path)[kind]
    path = tmp_path / "bad.pt"
    path.write_bytes(content)
    with pytest.raises(RuntimeError, match=message):
        minitorch.load(path)
    with pytest.raises(RuntimeError, match=message):
        minitorch.load(io.BytesIO(content))


class _Payload:
    """Unpickling this runs `touch <path>`."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return os.system, ("touch " + self.path,)


def test_planted_pickle_payloads_never_run(tmp_path):
    victim = str(tmp_path / "pwned")
    payload = pickle.dumps(_Payload(victim))
    hostile = {}
    hostile["raw_pickle"] = payload
    zipped = io.BytesIO()  # shaped like a torch checkpoint
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("archive/data.pkl", payload)
    hostile["torch_like_zip"] = zipped.getvalue()
    # a minitorch-shaped file whose "array" is an object-dtype .npy (its body is a pickle)
    npy = io.BytesIO()
    np.save(npy, np.array([_Payload(victim)], dtype=object), allow_pickle=True)
    ours = io.BytesIO()
    with zipfile.ZipFile(ours, "w") as z:
        z.writestr("MINITORCH_FORMAT", "minitorch-checkpoint 1")
        z.writestr("structure.json", '{"$": "ndarray", "array": 0}')
        z.writestr("arrays/0.npy", npy.getvalue())
    hostile["object_npy"] = ours.getvalue()
    for name, content in hostile.items():
        path = tmp_path / (name + ".pt")
        path.write_bytes(content)
        with pytest.raises(RuntimeError):
            minitorch.load(path)
        assert not os.path.exists(victim), name
    pickle.loads(payload)  # the sanity check: the payload is live
    assert os.path.exists(victim)


def test_unknown_tags_and_bad_structure_are_damaged_files():
    for structure in ('{"$": "eval", "code": "1"}', '{"$": "tensor", "id": 0, "array": 7, "dtype": "float32",'
                      ' "requires_grad": false, "device": "cpu"}', "not json"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("MINITORCH_FORMAT", "minitorch-checkpoint 1")
            z.writestr("structure.json", structure)
        with pytest.raises(RuntimeError, match="damaged"):
            minitorch.load(io.BytesIO(buffer.getvalue()))


def test_tensors_pickle_for_worker_processes():
    t = minitorch.randn(2, 3, requires_grad=True)
    back = pickle.loads(pickle.dumps(t))
    assert type(back) is minitorch.Tensor and back.requires_grad and back.dtype == t.dtype
    np.testing.assert_array_equal(back.detach().numpy(), t.detach().numpy())


def test_uninitialized_lazy_parameters_are_refused_and_no_file_is_left(tmp_path):
    path = tmp_path / "lazy.mt"
    with pytest.raises(RuntimeError, match="uninitialized"):
        minitorch.save(minitorch.nn.LazyLinear(3).state_dict(), path)
    assert not path.exists()
    model = minitorch.nn.LazyLinear(3)
    model(minitorch.ones(2, 4))  # materialized: now it saves and loads
    minitorch.save(model.state_dict(), path)
    assert tuple(minitorch.load(path)["weight"].shape) == (3, 4)
