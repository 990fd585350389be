"""torch's remaining top-level surface (minitorch/ops/surface.py, minitorch/constants.py) against torch 2.13: what the
parity cases (minitorch/parity/cases_surface_ops.py) cannot say: the Tensor methods, warnings given once,
DLPack and buffers shared with other libraries, double backward and pickling."""
import pickle
import sys
import warnings

import numpy as np
import pytest

import minitorch
from minitorch import constants
from minitorch.ops import surface
from exception_compare import same_message_as_torch

torch = pytest.importorskip("torch")


def _close(t, m, **kwargs):
    np.testing.assert_allclose(t.detach().numpy(), m.detach().numpy(), **kwargs)


# --- the methods ------------------------------------------------------------------------------------------------------
def test_methods_are_torchs():
    for name in ("resize_as_", "nonzero_static", "conj_physical_"):
        assert hasattr(torch.Tensor, name) and hasattr(minitorch.Tensor, name)
    for name in surface.NOT_METHODS:  # the in-place ones are methods made by other families and INPLACE_OF
        assert not hasattr(torch.Tensor, name) or name in ("deg2rad_", "rad2deg_", "gcd_", "lcm_",
                                                           "conj_physical_"), name


def test_conj_physical_in_place():
    for lib in (torch, minitorch):
        x = lib.tensor([1.0, -2.0])
        before = x._version
        assert lib.conj_physical_(x) is x and x.conj_physical_() is x
        assert x._version > before and x.tolist() == [1.0, -2.0]


def test_resize_as_method():
    got = []
    for lib in (torch, minitorch):
        x = lib.arange(12.0).reshape(3, 4)
        y = x.resize_as_(lib.ones(2, 5))
        got.append((y is x, tuple(x.shape), x.reshape(-1)[:10].tolist()))
        x = lib.arange(6.0)
        x.resize_as_(lib.ones(2, 2))
        got.append((tuple(x.shape), x.reshape(-1).tolist()))
    assert got[:2] == got[2:]


def test_nonzero_static_method():
    a = np.array([[0, 3, 0], [1, 0, 2]])
    for size, fill in ((2, -1), (6, 9), (0, -1)):
        t = torch.tensor(a).nonzero_static(size=size, fill_value=fill)
        m = minitorch.tensor(a).nonzero_static(size=size, fill_value=fill)
        assert m.tolist() == t.tolist() and str(m.dtype) == str(t.dtype)


def test_inplace_function_forms_follow_the_methods():
    for name, value in (("deg2rad_", [180.0, 90.0]), ("rad2deg_", [1.0, -2.0])):
        t, m = torch.tensor(value), minitorch.tensor(value)
        assert getattr(torch, name)(t) is t and getattr(minitorch, name)(m) is m
        _close(t, m, rtol=1e-6)


# --- copies: fresh memory, double backward ----------------------------------------------------------------------------
@pytest.mark.parametrize("name,args", [("t_copy", ()), ("expand_copy", ((2, 3, 4),)), ("diagonal_copy", ()),
                                       ("unfold_copy", (1, 2, 1)), ("slice_copy", (1, 0, 4, 2))])
def test_copy_double_backward(name, args):
    """The gradient of a copy is itself differentiable (in the upstream gradient), as torch's."""
    rng = np.random.default_rng(0)
    a = rng.standard_normal((3, 4))
    w = rng.standard_normal(tuple(getattr(torch, name)(torch.tensor(a), *args).shape))
    results = []
    for lib, fn in ((torch, getattr(torch, name)), (minitorch, getattr(surface, name))):
        x, up = lib.tensor(a, requires_grad=True), lib.tensor(w, requires_grad=True)
        g, = lib.autograd.grad(fn(x, *args), x, up, create_graph=True)
        gg, = lib.autograd.grad((g * g).sum(), up)
        results.append((g, gg))
    (tg, tgg), (mg, mgg) = results
    _close(tg, mg)
    _close(tgg, mgg)


def test_copy_does_not_share_memory_and_version():
    x = minitorch.arange(6.0).reshape(2, 3)
    y = surface.alias_copy(x)
    y[0, 0] = 100.0
    assert float(x[0, 0]) == 0.0
    t = surface.t_copy(x)
    assert t.is_contiguous() and tuple(t.stride()) == (2, 1)


# --- sampling ---------------------------------------------------------------------------------------------------------
def test_poisson_and_binomial_follow_the_generator():
    rates = minitorch.full((50,), 4.0)
    a = surface.poisson(rates, minitorch.Generator().manual_seed(3))
    b = surface.poisson(rates, minitorch.Generator().manual_seed(3))
    assert a.tolist() == b.tolist()
    minitorch.manual_seed(5)
    c = surface.binomial(minitorch.full((50,), 10.0), minitorch.full((50,), 0.5))
    minitorch.manual_seed(5)
    assert surface.binomial(minitorch.full((50,), 10.0), minitorch.full((50,), 0.5)).tolist() == c.tolist()


# --- warnings given once per process, as torch's TORCH_WARN_ONCE ------------------------------------------------------
@pytest.mark.parametrize("name,call", [("frobenius_norm", lambda lib: lib.frobenius_norm(lib.ones(2, 2), [0])),
                                       ("nuclear_norm", lambda lib: lib.nuclear_norm(lib.ones(2, 2)))])
def test_deprecated_norms_warn_once(monkeypatch, name, call):
    monkeypatch.setattr(surface, "_WARNED", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call(minitorch)
        call(minitorch)
    assert len(caught) == 1 and caught[0].category is UserWarning
    with warnings.catch_warnings(record=True) as expected:
        warnings.simplefilter("always")
        call(torch)
    if expected:  # torch's own once-only warning may have been given earlier in this process
        assert str(caught[0].message) in str(expected[0].message)


def test_set_default_tensor_type_warns_once(monkeypatch):
    monkeypatch.setattr(constants, "_warned_tensor_type", [])
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            minitorch.set_default_tensor_type(minitorch.DoubleTensor)
            assert minitorch.tensor([1.0]).dtype is minitorch.float64
            minitorch.set_default_tensor_type("torch.HalfTensor")
            assert minitorch.get_default_dtype() is minitorch.float16
    finally:
        minitorch.set_default_dtype(minitorch.float32)
    assert len(caught) == 1 and "deprecated as of PyTorch 2.1" in str(caught[0].message)


def test_frombuffer_warns_once_on_read_only_buffers(monkeypatch):
    monkeypatch.setattr(surface, "_WARNED", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        t = surface.frombuffer(b"\x00\x00\x80\x3f", dtype=minitorch.float32)
        surface.frombuffer(b"\x01", dtype=minitorch.uint8)
    assert t.tolist() == [1.0] and len(caught) == 1 and "not writable" in str(caught[0].message)


# --- memory shared with buffers and other libraries -------------------------------------------------------------------
def test_frombuffer_shares_memory_both_ways():
    buffer = bytearray(16)
    t = surface.frombuffer(buffer, dtype=minitorch.int32, offset=4, count=2)
    t[1] = 7
    assert buffer[8] == 7
    buffer[4] = 3
    assert t.tolist() == [3, 7]


def test_dlpack_with_numpy_and_torch():
    m = minitorch.arange(6.0).reshape(2, 3)
    as_numpy = np.from_dlpack(m)  # minitorch Tensors speak DLPack
    as_numpy[0, 1] = -5.0
    assert float(m[0, 1]) == -5.0
    as_torch = torch.from_dlpack(m)
    as_torch[1, 2] = 50.0
    assert float(m[1, 2]) == 50.0
    t = torch.arange(4, dtype=torch.int16)
    back = minitorch.from_dlpack(t)  # and read torch's
    t[0] = 9
    assert back.tolist() == [9, 1, 2, 3] and back.dtype is minitorch.int16
    capsule = minitorch.to_dlpack(m)
    assert minitorch.from_dlpack(capsule).tolist() == m.tolist()
    assert minitorch.from_dlpack(m) is m


# --- constants and types ----------------------------------------------------------------------------------------------
def test_constants_match_torch():
    for name in constants.__all__:
        assert hasattr(torch, name), name
    for name in ("pi", "e", "inf", "has_lapack", "has_mkl", "has_openmp", "has_spectral"):
        assert getattr(minitorch, name) == getattr(torch, name), name
    for name in ("strided", "sparse_coo", "contiguous_format", "channels_last", "channels_last_3d",
                 "preserve_format"):
        assert repr(getattr(minitorch, name)) == repr(getattr(torch, name))
    assert type(minitorch.strided) is minitorch.layout and type(minitorch.channels_last) is minitorch.memory_format


def test_constants_pickle_to_themselves():
    for obj in (constants.strided, constants.channels_last, constants.preserve_format):
        assert pickle.loads(pickle.dumps(obj)) is obj


def test_version_module():
    assert sys.modules["minitorch.version"] is constants.version
    assert constants.version.__version__ == minitorch.__version__ and constants.version.cuda is None
    assert torch.version.cuda is None  # the CPU build these match


def test_get_device_and_is_storage():
    assert constants.get_device(minitorch.ones(2)) == torch.get_device(torch.ones(2)) == -1
    assert constants.is_storage(minitorch.ones(2)) is False


def test_anomaly_switch_drives_anomaly_mode():
    try:
        constants.set_anomaly_enabled(True, check_nan=False)
        assert minitorch.is_anomaly_enabled() and not constants.is_anomaly_check_nan_enabled()
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            x = minitorch.ones(3, requires_grad=True)
            y = x.exp()
            y.add_(1)
            y.sum().backward()
    finally:
        constants.set_anomaly_enabled(False)
    assert not minitorch.is_anomaly_enabled() and constants.is_anomaly_check_nan_enabled()


def test_channels_last_strides():
    x = minitorch.ones(2, 3, 4, 5)
    assert tuple(x.contiguous(memory_format=constants.channels_last).stride()) == (60, 1, 15, 3)


LAYOUT_CALLS = [
    "t.clone().stride()", "t.clone(memory_format=lib.contiguous_format).stride()", "t.contiguous().stride()",
    "x.permute(0, 2, 3, 1).clone().stride()", "x[:, ::2].clone().stride()", "lib.empty_like(t).stride()",
    "lib.zeros_like(t).stride()", "lib.ones_like(x.permute(0, 2, 3, 1)).stride()", "lib.full_like(t, 2).stride()",
    "x.to(memory_format=lib.channels_last).stride()", "x.to(memory_format=lib.channels_last) is x",
    "x.to(memory_format=lib.preserve_format) is x", "x.is_contiguous(memory_format=lib.channels_last)",
    "x.contiguous(memory_format=lib.channels_last).is_contiguous()",
    "lib.ones(2, 1, 2, 2).is_contiguous(memory_format=lib.channels_last)",
    "x.clone(memory_format=lib.channels_last).stride()", "lib.empty_like(x, memory_format=lib.channels_last).stride()",
    "lib.ones(2, 3, 4, 5, 6).contiguous(memory_format=lib.channels_last_3d).stride()",
    "(x.contiguous(memory_format=lib.channels_last) + 1).stride()",
    "x.to(lib.float64, memory_format=lib.channels_last).stride()",
    "x.contiguous(memory_format=lib.channels_last).clone().stride()",
    "x.contiguous(memory_format=lib.channels_last).double().stride()",
    "t.narrow_copy(0, 0, 2).stride()", "x.layout",
]


@pytest.mark.parametrize("code", LAYOUT_CALLS)
def test_memory_formats_as_torch(code):
    """Strides and contiguity after clone / contiguous / to / *_like in each memory format."""
    seen = []
    for lib in (torch, minitorch):
        scope = {"lib": lib, "x": lib.arange(24.0).reshape(2, 3, 2, 2), "t": lib.arange(6.0).reshape(2, 3).t()}
        seen.append(str(eval(code, scope)))
    assert seen[1] == seen[0]


@pytest.mark.parametrize("code", ["lib.ones(3, 4).contiguous(memory_format=lib.channels_last)",
                                  "lib.ones(3, 4, 5, 6).contiguous(memory_format=lib.channels_last_3d)"])
def test_memory_format_rank_errors(code):
    same_message_as_torch(torch, minitorch, code)
