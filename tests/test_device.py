"""Devices: torch.device, .to()/.cpu()/.cuda(), minitorch.cuda, and the same ops on every device present.

CUDA runs only where CuPy sees a GPU; elsewhere those tests are skipped and asking for CUDA must fail like torch.
"""
import numpy as np
import pytest
import torch

import minitorch as mt

CUDA = mt.cuda.is_available()
DEVICES = ["cpu"] + (["cuda"] if CUDA else [])
needs_cuda = pytest.mark.skipif(not CUDA, reason="no CUDA device usable through CuPy on this machine")
needs_no_cuda = pytest.mark.skipif(CUDA, reason="checks the error raised without CUDA")


def test_device_objects_match_torch():
    for spec in (("cpu",), ("cuda",), ("cuda:1",), ("cuda", 1), ("cpu:0",)):
        t, m = torch.device(*spec), mt.device(*spec)
        assert (repr(m), str(m), m.type, m.index) == (repr(t), str(t), t.type, t.index)
    assert mt.device(mt.device("cuda:2")) == mt.device("cuda", 2)
    assert hash(mt.device("cpu")) == hash(mt.device("cpu"))


@pytest.mark.parametrize("spec", ["tpu", "cuda:x"])
def test_bad_device_strings_raise_runtime_error(spec):
    with pytest.raises(RuntimeError) as t_err:
        torch.device(spec)
    with pytest.raises(RuntimeError) as m_err:
        mt.device(spec)
    if spec == "cuda:x":
        assert str(m_err.value) == str(t_err.value)


def test_cpu_tensor_device_metadata():
    x, t = mt.zeros(2), torch.zeros(2)
    assert (x.device, x.is_cuda, x.get_device()) == (mt.device("cpu"), t.is_cuda, t.get_device())
    assert x.cpu() is x and x.to("cpu") is x and x.to(mt.device("cpu")) is x
    y = x.to("cpu", mt.float64)
    assert y.dtype is mt.float64 and y.device == mt.device("cpu")
    assert x.to(mt.ones(1, dtype=mt.int64)).dtype is mt.int64


def test_cuda_module_exists_and_agrees_with_backend():
    assert mt.cuda.is_available() == CUDA
    assert (mt.cuda.device_count() > 0) == CUDA
    mt.cuda.manual_seed(0)
    mt.cuda.manual_seed_all(0)
    mt.cuda.empty_cache()


@needs_no_cuda
@pytest.mark.parametrize("make", [lambda L: L.zeros(1, device="cuda"), lambda L: L.zeros(1).cuda(),
                                  lambda L: L.zeros(1).to("cuda"), lambda L: L.tensor([1.0], device="cuda:0"),
                                  lambda L: L.cuda.current_device(), lambda L: L.cuda.synchronize()],
                         ids=["factory", "cuda()", "to", "tensor", "current_device", "synchronize"])
def test_cuda_request_without_gpu_raises_like_torch(make):
    with pytest.raises(Exception) as t_err:
        make(torch)
    with pytest.raises(Exception) as m_err:
        make(mt)
    assert isinstance(m_err.value, type(t_err.value))  # AssertionError on CPU-only torch
    assert isinstance(m_err.value, RuntimeError)  # and what CUDA-built torch raises without a GPU
    assert "CUDA" in str(m_err.value) and "not available" in str(m_err.value)


@needs_cuda
def test_cuda_round_trip_and_gradients():
    mt.manual_seed(0)  # fixed inputs, whatever ran before
    x = mt.randn(3, 4, dtype=mt.float64, requires_grad=True)
    y = x.cuda()
    assert y.is_cuda and y.device == mt.device("cuda", 0) and y.get_device() == 0
    assert y.requires_grad and y.grad_fn is not None
    z = (y * y).sum(1).cpu()
    z.sum().backward()
    assert x.grad.device == mt.device("cpu")
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.detach().numpy())


@needs_cuda
def test_mixing_devices_raises():
    with pytest.raises(RuntimeError, match="same device"):
        mt.ones(2).cuda() + mt.ones(2)


@pytest.mark.parametrize("device", DEVICES)
def test_ops_match_torch_on_every_device(device):
    rng = np.random.default_rng(0)
    a0, b0 = rng.standard_normal((2, 3, 4)), rng.standard_normal((4, 5))
    out = []
    for lib, dev in ((torch, "cpu"), (mt, device)):
        a = lib.tensor(a0, device=dev, requires_grad=True)
        b = lib.tensor(b0, device=dev, requires_grad=True)
        y = (a.transpose(0, 1).reshape(3, 8)[:, 1::2] @ b[:, 1:])  # shapes, indexing and matmul on the device
        y = lib.cat([y, y.flip(0)], 1)[lib.tensor([0, 2, 2], device=dev)]
        y.pow(2).sum().backward()
        assert y.device == lib.device(dev)
        out.append([t.detach().cpu().numpy() for t in (y, a.grad, b.grad)])
    for t_arr, m_arr in zip(*out):
        np.testing.assert_allclose(m_arr, t_arr, rtol=1e-10)
