"""Every example in examples/ runs in its fast mode -- as a script, and as a function whose results are compared
with the same file run on real torch (the examples are ordinary PyTorch programs: only the imports differ)."""
import importlib.util
import math
import os
import subprocess
import sys
import types

import pytest

torch = pytest.importorskip("torch")

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(os.path.dirname(HERE), "examples")
NAMES = sorted(f[:-3] for f in os.listdir(EXAMPLES) if f.endswith(".py") and not f.startswith("_"))
IMPORT = "import minitorch as torch\n"

# how each example's results must agree between the two libraries: same data, same math, so the same numbers
# (to float32 rounding). The training examples start from each library's own random initialisation (the two
# generators differ), so each asserts its own accuracy threshold, and minitorch's accuracy may trail torch's by
# at most "below" (being better than torch is no defect)
AGREEMENT = {
    "linear_regression": {"rel": 1e-4},
    "custom_function": {"rel": 1e-12},
    "double_backward": {"rel": 1e-9},
    "gradcheck_user_op": {"rel": 1e-12},
    "mlp_digits": {"keys": ["test_acc"], "below": 0.03},
    "cnn_digits": {"keys": ["test_acc"], "below": 0.03},
    "time_kernel": None,  # timings: nothing to agree on (the example checks both libraries' answers itself)
}


def load(name, library):
    """The example as a module, importing minitorch or (its text changed by one line) torch."""
    path = os.path.join(EXAMPLES, name + ".py")
    if library == "minitorch":
        spec = importlib.util.spec_from_file_location("example_" + name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    with open(path) as f:
        lines = f.read().splitlines(True)
    assert IMPORT in lines, "%s should import minitorch as torch" % name
    source = "".join(line.replace("minitorch", "torch") if line.startswith(("import ", "from ")) else line
                     for line in lines)
    module = types.ModuleType("example_%s_torch" % name)
    module.__file__ = path
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def flatten(value, prefix=""):
    """{"a.0.b": number} for nested dicts/lists of numbers."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flatten(item, "%s%s." % (prefix, key)).items()}
    if isinstance(value, (list, tuple)):
        return {k: v for i, item in enumerate(value) for k, v in flatten(item, "%s%d." % (prefix, i)).items()}
    return {prefix.rstrip("."): value}


def test_every_example_is_listed():
    assert sorted(AGREEMENT) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_example_matches_torch(name):
    ours = load(name, "minitorch").main(fast=True)
    rule = AGREEMENT[name]
    if rule is None:
        return
    theirs = load(name, "torch").main(fast=True)
    if "keys" in rule:
        for key in rule["keys"]:
            assert ours[key] >= theirs[key] - rule["below"], (key, ours[key], theirs[key])
        return
    ours, theirs = flatten(ours), flatten(theirs)
    assert ours.keys() == theirs.keys()
    for key in ours:
        assert math.isclose(ours[key], theirs[key], rel_tol=rule["rel"], abs_tol=rule["rel"]), \
            (key, ours[key], theirs[key])


@pytest.mark.parametrize("name", NAMES)
def test_example_runs_as_a_script(name):
    run = subprocess.run([sys.executable, os.path.join(EXAMPLES, name + ".py"), "--fast"], capture_output=True,
                         text=True, timeout=300, cwd=EXAMPLES)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip()
