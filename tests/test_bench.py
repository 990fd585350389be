"""The benchmark harness and `python -m minitorch bench` on a quick subset (one round): the comparison with torch
comes before any timing, wrong kernels are refused, missing ops skipped, and the outputs are written."""
import json

import pytest

torch = pytest.importorskip("torch")

from minitorch.bench import cli, memory, runner, suite, timing  # noqa: E402


def test_cli_quick_subset_writes_table_json_and_png(tmp_path, capsys):
    out_json, out_png = tmp_path / "bench.json", tmp_path / "bench.png"
    assert cli.main(["-k", "matmul (64,784)", "--rounds", "1", "--min-time", "0", "--threads", "1",
                     "--json", str(out_json), "--png", str(out_png)]) == 0
    printed = capsys.readouterr().out
    assert "threads: 1 for both" in printed and "sgemm peak" in printed and "torch 2." in printed
    assert "matmul (64,784)x(784,256)" in printed and "forward+backward" in printed
    record = json.loads(out_json.read_text())
    assert record["environment"]["threads"] == 1 and record["environment"]["blas"]
    rows = record["results"]
    assert [r["mode"] for r in rows] == ["forward", "forward+backward"]
    for r in rows:
        assert r["status"] == "ok" and r["ratio"] > 0 and r["torch_ms"] > 0 and r["minitorch_ms"] > 0
        assert r["max_error"] < 1e-4 and r["minitorch_gflops"] > 0
    assert record["targets"][0]["group"] == "matmul" and record["targets"][0]["value"] is not None
    assert out_png.read_bytes()[:4] == b"\x89PNG"


def test_unknown_pattern_lists_the_entries(capsys):
    assert cli.main(["-k", "no such kernel", "--rounds", "1"]) == 2
    assert "bmm (32,128,64)x(32,64,128)" in capsys.readouterr().out


def test_the_set_holds_every_shape_of_the_issue():
    names = [e.name for e in suite.entries()]
    assert len(names) == 14 and len(set(names)) == 14
    assert "conv2d (16,64,56,56)/(128,64,3,3) pad 1 stride 2" in names
    assert "max_pool2d 3x3/2 (32,64,32,32)" in names and "10000 tiny ops (x*y+z on 4x4) with autograd" in names
    assert [e.name for e in suite.select("bmm|1024")] == ["matmul (1024,1024)x(1024,1024)",
                                                         "bmm (32,128,64)x(32,64,128)"]


def _entry(fn):
    return suite.Entry("test entry", "test", None, suite._kernel(fn, [(3, 4)]))


def test_a_wrong_kernel_is_refused_not_timed():
    wrong = _entry(lambda lib, a: a * (2 if lib.__name__ == "minitorch" else 3))
    rows = runner.run_entry(wrong, rounds=1, min_time=0)
    assert [r["status"] for r in rows] == ["refused", "refused"]
    assert "differs from torch's" in rows[0]["message"] and "torch_ms" not in rows[0]


def test_a_missing_op_is_skipped_with_its_error():
    missing = _entry(lambda lib, a: getattr(lib, "frobnicate" if lib.__name__ == "minitorch" else "exp")(a))
    rows = runner.run_entry(missing, rounds=1, min_time=0)
    assert rows[0]["status"] == "skipped" and "AttributeError" in rows[0]["message"]


def test_check_close_compares_shapes_and_values():
    assert timing.check_close("same", [[1.0, 2.0]], [[1.0, 2.0 + 1e-6]]) < 1e-5
    with pytest.raises(timing.WrongAnswer, match="shape"):
        timing.check_close("shape", [[1.0, 2.0]], [[1.0, 2.0, 3.0]])
    with pytest.raises(timing.WrongAnswer):
        timing.check_close("nan", [[float("nan")]], [[1.0]])


def test_rounds_alternate_order_and_ratios_are_per_round_medians():
    calls = []
    fns = {"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}
    seconds = timing.interleaved(fns, rounds=2, min_time=0, pause=0, min_calls=1)
    firsts = [calls[0], calls[len(calls) // 2]]  # the warm-up call of each round's first contender
    assert firsts == ["a", "b"] and {k: len(v) for k, v in seconds.items()} == {"a": 2, "b": 2}
    stats = timing.summarize({"ref": [1.0, 2.0, 4.0], "x": [2.0, 2.0, 2.0]}, "ref")
    assert stats["x"]["round_ratios"] == [2.0, 1.0, 0.5] and stats["x"]["ratio"] == 1.0
    assert stats["ref"]["ms"] == 2000.0


def test_peak_memory_is_measured_for_both_libraries():
    result = memory.peak_memory("matmul (1024,1024)x(1024,1024)", threads=1)
    assert "error" not in result, result
    # a forward+backward of a 1024x1024 matmul holds at least the output and two input gradients (4 MB each)
    assert result["torch"]["rss_mb"] > 8 and result["minitorch"]["rss_mb"] >= 0
    assert result["minitorch"]["tracemalloc_mb"] > 8 and result["ratio"] > 0


def test_algorithm_comparison(capsys):
    conv = pytest.importorskip("minitorch.ops.conv")
    if not hasattr(conv, "set_algorithm"):
        pytest.skip("minitorch.ops.conv has no algorithm setting")
    assert cli.main(["-k", "(64,6,12,12)", "--rounds", "1", "--min-time", "0", "--algorithm"]) == 0
    printed = capsys.readouterr().out
    assert "conv2d (64,6,12,12)/(16,6,5,5)" in printed and "torch ms" in printed
    assert all(name in printed for name in conv.ALGORITHMS)


def test_cpu_clock_leaves_out_waiting():
    """--clock cpu times the process's CPU time: a call that sleeps costs next to nothing, unlike on the wall
    (timed as the harness times, after its pause: BLAS threads still spinning from earlier calls count as CPU)."""
    import time
    nap = {"nap": lambda: time.sleep(0.01)}
    wall = timing.interleaved(nap, rounds=1, min_time=0, clock=timing.CLOCKS["wall"])["nap"][0]
    cpu = timing.interleaved(nap, rounds=1, min_time=0, clock=timing.CLOCKS["cpu"])["nap"][0]
    assert wall >= 0.01 and cpu < 0.005


def test_cli_cpu_clock_is_recorded(tmp_path, capsys):
    out_json = tmp_path / "bench.json"
    assert cli.main(["-k", "matmul (64,784)", "--rounds", "1", "--min-time", "0", "--threads", "1",
                     "--clock", "cpu", "--no-memory", "--json", str(out_json)]) == 0
    assert "clock: CPU time" in capsys.readouterr().out
    record = json.loads(out_json.read_text())
    assert record["clock"] == "cpu" and all(r["status"] == "ok" and r["ratio"] > 0 for r in record["results"])
