"""The demo command in its quick mode: the whole pipeline (train, parity, speed, report folder), without torch,
and on MNIST files from a local folder. (The full run -- >= 97% on the digits -- is `make demo`.)"""
import json
import os
import sys

import numpy
import pytest

pytest.importorskip("minitorch.nn")
pytest.importorskip("sklearn")
from minitorch.demo import cli  # noqa: E402

REPORT = ["index.html", "summary.json", "curves.png", "graph.dot", "graph.html", "parity.json", "bench.json"]


def read(folder, name):
    with open(os.path.join(folder, name)) as f:
        return json.load(f) if name.endswith(".json") else f.read()


def test_quick_demo_writes_the_report(tmp_path, capsys):
    pytest.importorskip("torch")
    out = str(tmp_path / "report")
    assert cli.main(["--quick", "--out", out]) == 0
    printed = capsys.readouterr().out
    assert "test accuracy" in printed and "parity: bisect of the trained model" in printed
    for name in REPORT:
        assert os.path.getsize(os.path.join(out, name)) > 0, name
    summary = read(out, "summary.json")
    assert summary["epochs"] == 1 and len(summary["history"]) == 1 and 0 <= summary["test_acc"] <= 1
    parity = read(out, "parity.json")
    assert parity["bisect"]["ok"], parity["bisect_table"]  # the trained model, module by module, matches torch
    assert [r["name"] for r in parity["bisect"]["rows"]][:2] == ["conv1", "relu1"]
    assert parity["registry"] and all(r["status"] == "pass" for r in parity["registry"])
    bench = read(out, "bench.json")
    assert "torch fwd ms" in bench["headers"] and len(bench["rows"]) == len(bench["results"]) >= 4
    page = read(out, "graph.html")
    assert "ConvolutionBackward0" in page or "Conv" in page
    assert "graph.html" in read(out, "index.html")


def test_demo_without_torch_skips_the_comparison(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    out = str(tmp_path / "report")
    assert cli.main(["--quick", "--out", out]) == 0
    assert "torch is not installed" in capsys.readouterr().out
    assert "skipped" in read(out, "parity.json")
    assert read(out, "bench.json")["headers"] == ["kernel", "minitorch fwd ms", "minitorch fwd+bwd ms"]


def write_idx(path, array):
    """An IDX file: two zero bytes, the type code of uint8 (8), the number of dims, the dims, the bytes."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    with open(path, "wb") as f:
        f.write(header + array.astype(numpy.uint8).tobytes())


def test_demo_trains_on_mnist_files_from_a_folder(tmp_path, capsys):
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    rng = numpy.random.default_rng(0)
    for prefix, n in (("train", 64), ("t10k", 32)):
        write_idx(str(raw / ("%s-images-idx3-ubyte" % prefix)), rng.integers(0, 256, (n, 28, 28)))
        write_idx(str(raw / ("%s-labels-idx1-ubyte" % prefix)), rng.integers(0, 10, n))
    out = str(tmp_path / "report")
    assert cli.main(["--quick", "--data", str(tmp_path), "--out", out, "--no-parity", "--no-bench"]) == 0
    assert "64 training and 32 test images" in capsys.readouterr().out
    summary = read(out, "summary.json")
    assert summary["dataset"].startswith("MNIST") and summary["target"] is None
