"""Model parity bisect: minitorch models against torch twins, and deliberately broken layers that it must name."""
import json
from collections import OrderedDict

import numpy
import pytest

import minitorch
from minitorch.demo.models import lenet
from minitorch.parity import cli
from minitorch.parity.bisect import bisect, copy_weights

torch = pytest.importorskip("torch")
pytest.importorskip("minitorch.nn")


def twins(dtype="float64", build=lenet):
    torch.manual_seed(0)
    reference, model = build(torch), build(minitorch)
    if dtype == "float64":
        reference, model = reference.double(), model.double()
    return model, reference


def batch(n=3, seed=0):
    return numpy.random.default_rng(seed).standard_normal((n, 1, 8, 8))


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_lenet_matches_torch_module_by_module(dtype):
    model, reference = twins(dtype)
    report = bisect(model, reference, batch())
    assert report.ok, str(report)
    names = [r["name"] for r in report.rows]
    assert names == [n for n, _ in reference.named_children()] + ["(output)", "(loss)"]
    assert all(r["params"][1] <= report.tolerance[0] for r in report.rows if "params" in r)
    assert "matches torch" in str(report)


def test_cross_entropy_loss_and_targets():
    model, reference = twins()
    report = bisect(model, reference, batch(5), target=numpy.array([0, 3, 9, 3, 1]), loss="cross_entropy")
    assert report.ok, str(report)


@pytest.mark.parametrize("layer", ["conv2", "fc1"])
def test_finds_the_layer_perturbed_in_the_torch_copy(layer):
    model, reference = twins()
    copy_weights(model, reference)
    with torch.no_grad():
        getattr(reference, layer).weight.mul_(1.01)  # one layer of the torch copy changed
    report = bisect(model, reference, batch(), copy=False)
    assert not report.ok
    assert report.first["module"] == layer and report.first["phase"] == "forward", str(report)
    assert layer in str(report)


class _PassEverythingBack(minitorch.autograd.Function):
    """relu in forward, but a backward that forgets to zero the gradient where the input was negative."""

    @staticmethod
    def forward(ctx, x):
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad):
        return grad


def _broken_relu():
    class BrokenReLU(minitorch.nn.Module):
        def forward(self, x):
            return _PassEverythingBack.apply(x)
    return BrokenReLU()


def test_finds_a_layer_whose_backward_is_wrong():
    model, reference = twins()
    model.relu2 = _broken_relu()  # forward still right: only the gradient can tell
    report = bisect(model, reference, batch())
    assert report.first["module"] == "relu2" and report.first["phase"] == "backward", str(report)
    row = next(r for r in report.rows if r["name"] == "relu2")
    assert not row["output"][0] and not row["grad_output"][0] and row["grad_input"][0]


def test_blames_code_between_modules():
    def build(lib):
        class Net(lib.nn.Module):
            def __init__(self):
                super().__init__()
                self.first, self.second = lib.nn.Linear(4, 5), lib.nn.Linear(5, 2)

            def forward(self, x):
                h = self.first(x)
                scale = 1.001 if lib is minitorch else 1.0  # a slip in minitorch's functional code
                return self.second(h * scale)
        return Net()
    model, reference = twins(build=build)
    report = bisect(model, reference, numpy.ones((2, 4)))
    assert report.first["phase"] == "forward-input" and report.first["module"] == "second"
    assert "between first and second" in report.first["message"]


def test_mapping_translates_module_names():
    torch.manual_seed(0)
    reference = torch.nn.Sequential(torch.nn.Linear(64, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)).double()
    model = minitorch.nn.Sequential(OrderedDict([("fc1", minitorch.nn.Linear(64, 128)), ("relu", minitorch.nn.ReLU()),
                                                 ("fc2", minitorch.nn.Linear(128, 10))])).double()
    mapping = {"fc1": "0", "relu": "1", "fc2": "2"}
    report = bisect(model, reference, numpy.random.default_rng(1).standard_normal((4, 64)), mapping=mapping)
    assert report.ok, str(report)
    with pytest.raises(KeyError, match="fc1"):
        bisect(model, reference, numpy.ones((4, 64)))  # without the mapping, the names do not exist in torch


def test_copy_weights_from_a_state_dict():
    model, reference = twins()
    copy_weights(model, reference.state_dict())
    for name, value in reference.state_dict().items():
        numpy.testing.assert_array_equal(model.state_dict()[name].numpy(), value.numpy())
    with pytest.raises(KeyError, match="conv1.weight"):
        copy_weights(model, {})


def test_parity_command_names_the_perturbed_layer(tmp_path, capsys):
    out = tmp_path / "bisect.json"
    assert cli.main(["--model", "lenet", "--perturb", "fc1", "--json", str(out)]) == 1
    assert "first departure: forward of fc1" in capsys.readouterr().out
    assert json.loads(out.read_text())["first"]["module"] == "fc1"
    assert cli.main(["--model", "mlp", "--dtype", "float64"]) == 0


def test_parity_command_on_a_user_file(tmp_path, capsys):
    path = tmp_path / "net.py"
    path.write_text("def build(lib):\n"
                    "    return lib.nn.Sequential(lib.nn.Linear(6, 3), lib.nn.Tanh())\n")
    assert cli.main(["--model", "%s:build" % path, "--input-shape", "6"]) == 0
    assert "every activation and gradient matches torch" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="input-shape"):
        cli.main(["--model", "%s:build" % path])
