"""F.interpolate: finite-difference gradients and second derivatives in float64 (values and gradients vs torch are
in minitorch/parity/cases_interpolate.py), torch's dtype rules, and the antialiasing filter's properties."""
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
    ((1, 2, 7), dict(size=3, mode="area")),
    ((1, 1, 5, 7), dict(scale_factor=(1.5, 0.6), mode="area")),
    ((1, 1, 3, 4, 5), dict(size=(2, 3, 2), mode="area")),
    ((1, 2, 7, 6), dict(size=(3, 4), mode="bilinear", antialias=True)),
    ((1, 1, 8, 5), dict(scale_factor=(0.4, 1.6), mode="bicubic", antialias=True, align_corners=True)),
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


@pytest.mark.parametrize("lib", [torch, minitorch])
@pytest.mark.parametrize("size", [(9, 11), (5, 4), (3, 10)])
def test_antialias_bilinear_upsampling_is_plain_bilinear(lib, size):
    """The triangle filter keeps its unit support when upsampling, so each axis that grows is plain bilinear."""
    x = lib.tensor(numpy.random.default_rng(1).standard_normal((1, 2, 5, 4)), dtype=lib.float64)
    aa = lib.nn.functional.interpolate(x, size=size, mode="bilinear", antialias=True)
    if size[0] < 5 or size[1] < 4:  # a shrinking axis: the filter widens, so the two differ
        assert not numpy.allclose(aa.numpy(), lib.nn.functional.interpolate(x, size=size, mode="bilinear").numpy())
    else:
        numpy.testing.assert_allclose(aa.numpy(), lib.nn.functional.interpolate(x, size=size, mode="bilinear").numpy(),
                                      rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic"])
def test_antialias_output_width_one(mode):
    """Resizing to width 1 while the height changes equals resizing a twice-repeated column. (torch 2.13's CPU
    forward repeats the first output row in that case while its backward is right; minitorch follows the maths.)"""
    x = minitorch.tensor(numpy.random.default_rng(2).standard_normal((1, 2, 7, 1)), dtype=minitorch.float64)
    one = F.interpolate(x, size=(3, 1), mode=mode, antialias=True)
    two = F.interpolate(x.expand(1, 2, 7, 2), size=(3, 2), mode=mode, antialias=True)
    numpy.testing.assert_allclose(one.numpy()[..., 0], two.numpy()[..., 0], rtol=1e-12)
    tx = torch.tensor(x.numpy(), dtype=torch.float64)
    numpy.testing.assert_allclose(two.numpy(), torch.nn.functional.interpolate(
        tx.expand(1, 2, 7, 2), size=(3, 2), mode=mode, antialias=True).numpy(), rtol=1e-12)
