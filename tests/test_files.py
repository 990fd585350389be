"""Hardening of minitorch.load / minitorch.save beyond tests/test_serialization.py: every truncation and every
flipped byte of a real checkpoint, crafted archives (absurd nesting, dangling references, path tricks, huge declared
shapes, object dtypes), more foreign formats, planted pickle payloads with the unpickler itself booby-trapped, and
saves that fail at each stage (mid-write, fsync, rename, Ctrl-C) leaving the previous checkpoint loadable."""
import io
import os
import pickle
import zipfile

import numpy as np
import pytest

import minitorch
from minitorch import serialization

torch = pytest.importorskip("torch")


def _checkpoint():
    return {"w": minitorch.arange(50.0).reshape(5, 10), "b": minitorch.ones(3, dtype=minitorch.int64),
            "meta": [1, (2, "x"), {"lr": 0.1}]}


def _same_as_checkpoint(obj):
    return (obj["w"].tolist() == np.arange(50.0).reshape(5, 10).tolist() and obj["b"].tolist() == [1, 1, 1]
            and obj["b"].dtype == minitorch.int64 and obj["meta"] == [1, (2, "x"), {"lr": 0.1}])


def _bytes_of(obj):
    buffer = io.BytesIO()
    minitorch.save(obj, buffer)
    return buffer.getvalue()


def test_every_truncation_is_a_clear_runtime_error():
    data = _bytes_of(_checkpoint())
    for cut in range(len(data)):
        with pytest.raises(RuntimeError, match="minitorch.load: .* (empty|not a minitorch|damaged|truncated)"):
            minitorch.load(io.BytesIO(data[:cut]))


def test_every_flipped_byte_is_detected_or_harmless():
    """A flipped byte either makes load raise RuntimeError or lands in bytes that do not matter (zip timestamps,
    padding) so the data comes back exactly: never another exception, never silently different tensors."""
    data = _bytes_of(_checkpoint())
    outcomes = {"raised": 0, "same": 0}
    for pos in range(len(data)):
        damaged = bytearray(data)
        damaged[pos] ^= 0x5A
        try:
            back = minitorch.load(io.BytesIO(bytes(damaged)))
        except RuntimeError as e:
            assert str(e).startswith("minitorch.load:"), (pos, e)
            outcomes["raised"] += 1
            continue
        assert _same_as_checkpoint(back), "byte %d flipped and load returned different data" % pos
        outcomes["same"] += 1
    assert outcomes["raised"] > len(data) * 0.7, outcomes  # the CRCs and the structure catch nearly all of them


def _archive(structure, members=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("MINITORCH_FORMAT", "minitorch-checkpoint 1")
        z.writestr("structure.json", structure)
        for name, blob in (members or {}).items():
            z.writestr(name, blob)
    return buffer.getvalue()


def _npy(shape, descr="<f8", body=b"\0" * 16):
    """A .npy file whose header claims any shape and dtype, followed by whatever body."""
    header = "{'descr': %r, 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    header += " " * (-(len(header) + 11) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + body


def _tensor_entry(dtype="float64", device="cpu", requires_grad="false", array="0"):
    return ('{"$": "tensor", "id": 0, "array": %s, "dtype": "%s", "requires_grad": %s, "device": "%s"}'
            % (array, dtype, requires_grad, device))


CRAFTED = {
    "nesting_100000_deep": _archive("[" * 100000 + "]" * 100000),
    "dangling_tensor_ref": _archive('{"$": "tensor_ref", "id": 5}'),
    "array_name_path_trick": _archive('{"$": "ndarray", "array": "../../etc/passwd"}'),
    "negative_array_number": _archive('{"$": "ndarray", "array": -1}'),
    "missing_array": _archive('{"$": "ndarray", "array": 3}'),
    "8_tib_declared_shape": _archive('{"$": "ndarray", "array": 0}', {"arrays/0.npy": _npy("(1099511627776,)")}),
    "huge_declared_3d_shape": _archive('{"$": "ndarray", "array": 0}',
                                       {"arrays/0.npy": _npy("(4, 1099511627776, 1099511627776)")}),
    "shape_bigger_than_body": _archive('{"$": "ndarray", "array": 0}', {"arrays/0.npy": _npy("(1000,)")}),
    "structured_object_dtype": _archive('{"$": "ndarray", "array": 0}',
                                        {"arrays/0.npy": _npy("(1,)", "[('a', 'O')]")}),
    "unknown_dtype_name": _archive(_tensor_entry(dtype="object"), {"arrays/0.npy": _npy("(2,)")}),
    "dtype_disagrees_with_array": _archive(_tensor_entry(dtype="int32"), {"arrays/0.npy": _npy("(2,)")}),
    "unknown_device": _archive(_tensor_entry(device="tpu:0"), {"arrays/0.npy": _npy("(2,)")}),
    "requires_grad_on_int": _archive(_tensor_entry(dtype="int64", requires_grad="true"),
                                     {"arrays/0.npy": _npy("(2,)", "<i8")}),
    "4300_digit_number": _archive("1" * 100000),
    "unhashable_dict_key": _archive('{"$": "dict", "items": [[[1], 2]]}'),
    "non_numeric_size": _archive('{"$": "size", "items": ["a"]}'),
    "bad_base64": _archive('{"$": "bytes", "base64": "!!"}'),
    "wrong_format_version": _archive("1").replace(b"minitorch-checkpoint 1", b"minitorch-checkpoint 9"),
    "structure_not_utf8": _archive(b"\xff\xfe{}"),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_archives_are_damaged_checkpoints(name):
    with pytest.raises(RuntimeError, match="minitorch.load: .*(damaged|not a minitorch)"):
        minitorch.load(io.BytesIO(CRAFTED[name]))


def _foreign_files(tmp_path):
    npy, npz, legacy = io.BytesIO(), io.BytesIO(), io.BytesIO()
    np.save(npy, np.arange(4.0))
    np.savez(npz, a=np.arange(4.0))
    torch.save(torch.ones(2), legacy, _use_new_zipfile_serialization=False)
    zipped = io.BytesIO()
    torch.save({"model": torch.nn.Linear(2, 2).state_dict()}, zipped)
    return {"numpy_npy": (npy.getvalue(), "not a zip archive"), "numpy_npz": (npz.getvalue(), "not a minitorch"),
            "torch_state_dict": (zipped.getvalue(), "PyTorch checkpoint"),
            "torch_legacy_tensor": (legacy.getvalue(), "looks like a pickle"),
            "json_text": (b'{"w": [1, 2, 3]}', "not a zip archive"), "one_byte": (b"P", "not a zip archive"),
            "zip_magic_only": (b"PK\x03\x04", "truncated or corrupted zip"),
            "png_header": (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "not a zip archive")}


@pytest.mark.parametrize("kind", ["numpy_npy", "numpy_npz", "torch_state_dict", "torch_legacy_tensor", "json_text",
                                  "one_byte", "zip_magic_only", "png_header"])
def test_foreign_files_are_named_in_the_error(tmp_path, kind):
    content, message = _foreign_files(tmp_path)[kind]
    path = tmp_path / ("file." + kind)
    path.write_bytes(content)
    with pytest.raises(RuntimeError, match=message) as info:
        minitorch.load(path)
    assert str(path) in str(info.value)  # the message says which file


def test_paths_that_are_not_files_raise_like_torch(tmp_path):
    for lib_error in (FileNotFoundError, IsADirectoryError):
        target = tmp_path / "missing.pt" if lib_error is FileNotFoundError else tmp_path
        with pytest.raises(lib_error):
            torch.load(target)
        with pytest.raises(lib_error):
            minitorch.load(target)


class _Payload:
    """Unpickling this creates the file at ``path``."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return open, (self.path, "w")


@pytest.fixture
def unpickling_forbidden(monkeypatch):
    """Any use of pickle's loaders during the test fails it: load must not even try to unpickle."""
    def forbidden(*args, **kwargs):
        raise AssertionError("minitorch.load called an unpickler")

    class ForbiddenUnpickler:
        def __init__(self, *args, **kwargs):
            forbidden()
    for module in (pickle, __import__("_pickle")):
        monkeypatch.setattr(module, "loads", forbidden)
        monkeypatch.setattr(module, "load", forbidden)
        monkeypatch.setattr(module, "Unpickler", ForbiddenUnpickler)


def test_planted_payloads_never_run_and_no_unpickler_is_touched(tmp_path, unpickling_forbidden):
    victim = tmp_path / "created_by_payload"
    payload = _Payload(str(victim))
    torch_zip, torch_legacy, npy = io.BytesIO(), io.BytesIO(), io.BytesIO()
    torch.save({"state": payload}, torch_zip)  # a real torch checkpoint carrying the payload
    torch.save(payload, torch_legacy, _use_new_zipfile_serialization=False)
    np.save(npy, np.array([payload], dtype=object), allow_pickle=True)
    hostile = {
        "torch_zip": torch_zip.getvalue(), "torch_legacy": torch_legacy.getvalue(),
        "pickle_as_structure": _archive(pickle.dumps(payload).decode("latin-1")),
        "object_array_in_tensor": _archive(_tensor_entry(), {"arrays/0.npy": npy.getvalue()}),
        "object_array_in_ndarray": _archive('{"$": "ndarray", "array": 0}', {"arrays/0.npy": npy.getvalue()}),
        "pickle_beside_a_good_checkpoint": _bytes_of({"w": minitorch.ones(2)})[:-22] + pickle.dumps(payload),
    }
    for name, content in hostile.items():
        path = tmp_path / (name + ".pt")
        path.write_bytes(content)
        with pytest.raises(RuntimeError):
            minitorch.load(path)
        assert not victim.exists(), name
    assert _same_as_checkpoint(minitorch.load(io.BytesIO(_bytes_of(_checkpoint()))))  # loading needs no pickle


def test_the_payload_is_live():
    """The sanity check for the test above: unpickling the payload does create the file."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        victim = os.path.join(d, "created")
        pickle.loads(pickle.dumps(_Payload(victim))).close()
        assert os.path.exists(victim)


def test_map_location_errors_are_the_callers_not_the_files():
    data = _bytes_of({"w": minitorch.ones(2)})

    def refuse(tensor, location):
        raise ValueError("no room on %s" % location)
    with pytest.raises(ValueError, match="no room on cpu"):
        minitorch.load(io.BytesIO(data), map_location=refuse)


# --- saves that fail part-way ------------------------------------------------------------------------------------
class _FullDisk(io.FileIO):
    """A file that accepts `room` bytes, then fails every write as a full disk does."""
    room = 3000

    def write(self, b):
        if self.tell() + len(b) > self.room:
            raise OSError(28, "No space left on device")
        return super().write(b)


def _previous_checkpoint(path):
    minitorch.save(_checkpoint(), path)
    return path.read_bytes()


@pytest.mark.parametrize("stage", ["disk_full_mid_write", "fsync", "rename", "ctrl_c_mid_write"])
def test_failed_save_leaves_the_previous_checkpoint(tmp_path, monkeypatch, stage):
    path = tmp_path / "model.pt"
    before = _previous_checkpoint(path)
    bigger = {"w": minitorch.zeros(10000), "b": minitorch.ones(100)}
    error = OSError
    if stage == "disk_full_mid_write":
        monkeypatch.setattr(serialization, "open", lambda p, mode: _FullDisk(p, mode.replace("b", "")),
                            raising=False)
    elif stage == "fsync":
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(5, "I/O error")))
    elif stage == "rename":
        monkeypatch.setattr(os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(18, "cross-device link")))
    else:
        real = np.lib.format.write_array
        calls = []

        def interrupted(fp, array, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return real(fp, array, *args, **kwargs)
        monkeypatch.setattr(np.lib.format, "write_array", interrupted)
        error = KeyboardInterrupt
    with pytest.raises(error):
        minitorch.save(bigger, path)
    monkeypatch.undo()
    assert path.read_bytes() == before and _same_as_checkpoint(minitorch.load(path))
    assert os.listdir(tmp_path) == ["model.pt"]  # no temporary file left behind
    minitorch.save(bigger, path)  # and the next save works
    assert minitorch.load(path)["w"].shape == (10000,)
