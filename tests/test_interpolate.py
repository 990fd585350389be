"""F.interpolate: finite-difference gradients and second derivatives in float64 (values and gradients vs torch are
in minitorch/parity/cases_interpolate.py), and torch's dtype rules."""
import numpy
import pytest

import minitorch
from minitorch.autograd import gradcheck, gradgradcheck

F = minitorch.nn.functional
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape,kwargs", [
    ((1, 2, 5), dict(scale_factor=1.7, mode="linear")),
    ((1, 2, 4, 5), dict(size=(3, 7), mode="bilinear", align_corners=True)),
    ((1, 1, 4, 5), dict(scale_factor=1.4, mode="bicubic")),
    ((1, 1, 3, 3, 4), dict(size=(2, 4, 5), mode="trilinear")),
    ((1, 2, 5, 4), dict(scale_factor=0.6, mode="nearest-exact")),
])
def test_gradcheck(shape, kwargs):
    x = minitorch.tensor(numpy.random.default_rng(0).standard_normal(shape), dtype=minitorch.float64,
                         requires_grad=True)
    assert gradcheck(lambda t: F.interpolate(t * t, **kwargs), (x,))
    assert gradgradcheck(lambda t: F.interpolate(t * t, **kwargs), (x,))


@pytest.mark.parametrize("lib", [torch, minitorch])
def test_integer_input_rejected_uint8_nearest_accepted(lib):
    with pytest.raises(NotImplementedError):
        lib.nn.functional.interpolate(lib.arange(6).reshape(1, 2, 3), scale_factor=2)
    out = lib.nn.functional.interpolate(lib.arange(6, dtype=lib.uint8).reshape(1, 2, 3), size=4)
    assert out.dtype == lib.uint8 and out.tolist() == [[[0, 0, 1, 2], [3, 3, 4, 5]]]
