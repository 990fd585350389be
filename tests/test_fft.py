"""minitorch.fft against torch.fft: values, dtypes and gradients (real losses over complex outputs) of every
transform, for real and complex inputs of both precisions, odd and even sizes, each norm, given n/s and dims,
non-contiguous inputs; the frequency helpers, the shifts and the errors."""
import numpy as np
import pytest
import torch

import minitorch as mt
from complex_compare import check, sample
from lib_compare import raises_same

NORMS = [None, "backward", "ortho", "forward"]
REAL = ["float32", "float64"]
COMPLEX = ["complex64", "complex128"]

# (name, n): the one-dim transforms, with n None (the input's size), smaller (trimmed) and larger (zero-padded)
ONE_DIM = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"]
TAKES_COMPLEX = {"fft", "ifft", "irfft", "hfft", "fft2", "ifft2", "fftn", "ifftn", "irfft2", "irfftn", "hfft2",
                 "hfftn"}


def dtypes_of(name):
    return REAL + COMPLEX if name in TAKES_COMPLEX else REAL


@pytest.mark.parametrize("n,norm", [(None, norm) for norm in NORMS] + [(4, None), (9, "ortho"), (4, "forward"),
                                                                     (9, "backward")])
@pytest.mark.parametrize("size", [6, 7])
@pytest.mark.parametrize("name,dtype", [(n, d) for n in ONE_DIM for d in dtypes_of(n)])
def test_one_dim(name, dtype, size, n, norm):
    check(lambda lib, x: getattr(lib.fft, name)(x, n=n, norm=norm), sample((3, size), dtype))


@pytest.mark.parametrize("dim", [0, -2])
@pytest.mark.parametrize("name,dtype", [(n, d) for n in ONE_DIM for d in dtypes_of(n)])
def test_one_dim_other_dim(name, dtype, dim):
    check(lambda lib, x: getattr(lib.fft, name)(x, dim=dim), sample((5, 4, 3), dtype))


@pytest.mark.parametrize("name,dtype", [(n, d) for n in ONE_DIM for d in dtypes_of(n)])
def test_one_dim_non_contiguous(name, dtype):
    check(lambda lib, x: getattr(lib.fft, name)(x, dim=0, norm="ortho"), sample((5, 6), dtype), transposed=True)


@pytest.mark.parametrize("style", ["abs", "view"])
@pytest.mark.parametrize("name", ONE_DIM)
def test_one_dim_other_losses(name, style):
    dtype = "complex128" if name in TAKES_COMPLEX else "float64"
    check(lambda lib, x: getattr(lib.fft, name)(x), sample((2, 7), dtype), style=style)


MULTI_DIM = ["fft2", "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn", "hfft2", "ihfft2", "hfftn",
             "ihfftn"]
# (s, dim) as the n-dim transforms take them; the 2-dim ones default dim to the last two
SHAPES = [(None, None), ((3, 8), None), ((5,), None), (None, (0,)), (None, (2, 0)), ((4, -1), (1, 2)),
          ((2, 3, 5), None)]


def _two_dims(s, dim):
    """Whether (s, dim) names two dims, as the 2-dim transforms require."""
    return (len(dim) if dim is not None else len(s) if s is not None else 2) == 2


@pytest.mark.parametrize("norm", [None, "ortho", "forward"])
@pytest.mark.parametrize("name,dtype,s,dim", [(n, d, s, dim) for n in MULTI_DIM for d in dtypes_of(n)
                                               for s, dim in SHAPES if not n.endswith("2") or _two_dims(s, dim)])
def test_multi_dim(name, dtype, s, dim, norm):
    kwargs = {"norm": norm}
    if s is not None:
        kwargs["s"] = s
    if dim is not None:
        kwargs["dim"] = dim
    check(lambda lib, x: getattr(lib.fft, name)(x, **kwargs), sample((4, 5, 6), dtype))


@pytest.mark.parametrize("name,dtype", [(n, d) for n in MULTI_DIM for d in dtypes_of(n)])
def test_multi_dim_non_contiguous(name, dtype):
    check(lambda lib, x: getattr(lib.fft, name)(x), sample((5, 6), dtype), transposed=True)


@pytest.mark.parametrize("dtype", ["int64", "bool"])
@pytest.mark.parametrize("name", ["fft", "rfft", "ihfft", "fftn", "irfft"])
def test_integer_input(name, dtype):
    def run(lib):
        x = lib.tensor([[1, 0, 3, 2], [4, 1, 1, 0]]).to(getattr(lib, dtype))
        out = getattr(lib.fft, name)(x)
        return str(out.dtype), out.resolve_conj().numpy()
    want, got = run(torch), run(mt)
    assert got[0] == want[0]
    np.testing.assert_allclose(got[1], want[1], rtol=1e-5, atol=1e-6)


def test_default_float64():
    got = []
    for lib in (torch, mt):
        lib.set_default_dtype(lib.float64)
        try:
            got.append(str(lib.fft.fft(lib.arange(4)).dtype) + str(lib.fft.fftfreq(4).dtype))
        finally:
            lib.set_default_dtype(lib.float32)
    assert got[1] == got[0]


def test_round_trips():
    for dtype in ("float32", "float64"):
        x = mt.tensor(sample((4, 7), dtype))
        for norm in NORMS:
            np.testing.assert_allclose(mt.fft.irfft(mt.fft.rfft(x, norm=norm), n=7, norm=norm).numpy(), x.numpy(),
                                       rtol=1e-4, atol=1e-5)
            np.testing.assert_allclose(mt.fft.ifftn(mt.fft.fftn(x, norm=norm), norm=norm).real.numpy(), x.numpy(),
                                       rtol=1e-4, atol=1e-5)


def test_double_backward():
    def second(lib):
        x = lib.tensor(sample((6,), "float64"), requires_grad=True)
        y = lib.fft.rfft(x * x, norm="ortho")
        loss = (y.abs() ** 2).sum() + lib.fft.irfft(y * y).sum()
        (g,) = lib.autograd.grad(loss, x, create_graph=True)
        (gg,) = lib.autograd.grad((g * g).sum(), x)
        return g.detach().numpy(), gg.numpy()
    for want, got in zip(second(torch), second(mt)):
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-10)


def test_grad_fn_names():
    x = mt.ones(4, requires_grad=True)
    z = mt.ones(4, dtype=mt.cfloat, requires_grad=True)
    tx = torch.ones(4, requires_grad=True)
    tz = torch.ones(4, dtype=torch.cfloat, requires_grad=True)
    for f in (lambda lib, x, z: lib.fft.fft(x), lambda lib, x, z: lib.fft.rfft(x),
              lambda lib, x, z: lib.fft.irfft(z), lambda lib, x, z: lib.fft.fft(z)):
        assert type(f(mt, x, z).grad_fn).__name__ == type(f(torch, tx, tz).grad_fn).__name__


# --- frequencies and shifts -------------------------------------------------------------------------------------
@pytest.mark.parametrize("d", [1.0, 0.25, 3])
@pytest.mark.parametrize("n", [1, 4, 5, 8])
@pytest.mark.parametrize("name", ["fftfreq", "rfftfreq"])
def test_frequencies(name, n, d):
    for dtype in (None, "float64"):
        want = getattr(torch.fft, name)(n, d, dtype=dtype and torch.float64)
        got = getattr(mt.fft, name)(n, d, dtype=dtype and mt.float64)
        assert str(got.dtype) == str(want.dtype)
        np.testing.assert_allclose(got.numpy(), want.numpy(), rtol=1e-6)
    assert getattr(mt.fft, name)(n, requires_grad=True).requires_grad


@pytest.mark.parametrize("dim", [None, 0, 1, (0, 1), -1, (1,)])
@pytest.mark.parametrize("name", ["fftshift", "ifftshift"])
def test_shifts(name, dim):
    check(lambda lib, x: getattr(lib.fft, name)(x, dim=dim), sample((5, 4), "complex128"))
    check(lambda lib, x: getattr(lib.fft, name)(x, dim=dim), sample((3, 7), "float32"))
    a = np.arange(15).reshape(3, 5)
    assert getattr(mt.fft, name)(mt.tensor(a), dim=dim).tolist() == \
        getattr(torch.fft, name)(torch.tensor(a), dim=dim).tolist()


# --- errors ----------------------------------------------------------------------------------------------------
ERRORS = {
    "bad_norm": lambda lib, x, z: lib.fft.fft(x, norm="foo"),
    "zero_n": lambda lib, x, z: lib.fft.fft(x, n=0),
    "rfft_of_complex": lambda lib, x, z: lib.fft.rfft(z),
    "ihfft_of_complex": lambda lib, x, z: lib.fft.ihfft(z),
    "repeated_dims": lambda lib, x, z: lib.fft.fftn(x, dim=(0, 0)),
    "s_and_dim_lengths": lambda lib, x, z: lib.fft.fftn(x, s=(2,), dim=(0, 1)),
    "irfft_zero_n": lambda lib, x, z: lib.fft.irfft(z, n=0),
    "irfft_of_one_entry": lambda lib, x, z: lib.fft.irfft(lib.ones(1, dtype=lib.cfloat)),
    "dim_out_of_range": lambda lib, x, z: lib.fft.fft(x, dim=3),
    "half": lambda lib, x, z: lib.fft.fft(lib.ones(4, dtype=lib.half)),
    "fft2_of_1d": lambda lib, x, z: lib.fft.fft2(lib.ones(3)),
    "fft_of_0d": lambda lib, x, z: lib.fft.fft(lib.tensor(1.0)),
    "fft_of_empty": lambda lib, x, z: lib.fft.fft(lib.ones(0)),
    "s_longer_than_dims": lambda lib, x, z: lib.fft.fftn(x, s=(2, 2, 2)),
    "fftn_of_0d": lambda lib, x, z: lib.fft.fftn(lib.tensor(1.0), dim=(0,)),
    "rfft2_of_0d": lambda lib, x, z: lib.fft.rfft2(lib.tensor(1.0)),
}


@pytest.mark.parametrize("name", list(ERRORS))
def test_errors(name):
    raises_same(lambda lib: ERRORS[name](lib, lib.ones(4, 6), lib.ones(4, 6, dtype=lib.cfloat)))


# --- stft and istft ---------------------------------------------------------------------------------------------
def hann(lib, n, dtype):
    return lib.hann_window(n, dtype=getattr(lib, dtype))


STFT = {
    "hann": lambda lib, x: lib.stft(x, 8, window=hann(lib, 8, str(x.dtype)[6:]), return_complex=True),
    "short_window": lambda lib, x: lib.stft(x, 8, hop_length=3, win_length=6, window=hann(lib, 6, str(x.dtype)[6:]),
                                            return_complex=True, normalized=True),
    "not_centred": lambda lib, x: lib.stft(x, 6, window=hann(lib, 6, str(x.dtype)[6:]), center=False,
                                           return_complex=True),
    "two_sided": lambda lib, x: lib.stft(x, 8, window=hann(lib, 8, str(x.dtype)[6:]), return_complex=True,
                                         onesided=False, pad_mode="constant"),
    "batch": lambda lib, x: lib.stft(x.reshape(2, -1), 4, window=hann(lib, 4, str(x.dtype)[6:]),
                                     return_complex=True),
    "round_trip": lambda lib, x: lib.istft(lib.stft(x, 8, window=hann(lib, 8, str(x.dtype)[6:]), return_complex=True),
                                           8, window=hann(lib, 8, str(x.dtype)[6:])),
    "round_trip_length": lambda lib, x: lib.istft(
        lib.stft(x, 8, hop_length=3, window=hann(lib, 8, str(x.dtype)[6:]), return_complex=True, normalized=True), 8,
        hop_length=3, window=hann(lib, 8, str(x.dtype)[6:]), normalized=True, length=17),
    "round_trip_two_sided": lambda lib, x: lib.istft(
        lib.stft(x, 8, window=hann(lib, 8, str(x.dtype)[6:]), return_complex=True, onesided=False), 8,
        window=hann(lib, 8, str(x.dtype)[6:]), onesided=False, return_complex=True),
    "batch_round_trip": lambda lib, x: lib.istft(
        lib.stft(x.reshape(2, -1), 4, window=hann(lib, 4, str(x.dtype)[6:]), return_complex=True), 4,
        window=hann(lib, 4, str(x.dtype)[6:]), length=9),
}


@pytest.mark.parametrize("dtype", REAL)
@pytest.mark.parametrize("name", list(STFT))
def test_stft(name, dtype):
    check(STFT[name], sample((20,), dtype))


def test_stft_of_complex():
    check(lambda lib, z: lib.stft(z, 8, window=lib.hann_window(8, dtype=lib.float64), return_complex=True),
          sample((20,), "complex128"))


def test_istft_of_a_spectrum():
    check(lambda lib, z: lib.istft(z, 8, window=lib.hann_window(8, dtype=lib.float64)), sample((5, 6), "complex128"))


def test_stft_warnings():
    import warnings
    for lib in (torch, mt):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            v = lib.stft(lib.ones(20), 8, return_complex=False)
            lib.istft(lib.stft(lib.ones(20), 8, window=lib.hann_window(8), return_complex=True), 8,
                      window=lib.hann_window(8), length=25)
        assert tuple(v.shape) == (5, 11, 2)
        messages = [str(w.message).split(" (Triggered")[0] for w in caught]
        if lib is torch:
            want = messages
    assert messages == want


STFT_ERRORS = {
    "no_return_complex": lambda lib: lib.stft(lib.ones(20), 8, window=lib.ones(8)),
    "window_size": lambda lib: lib.stft(lib.ones(20), 8, window=lib.ones(6), return_complex=True),
    "hop": lambda lib: lib.stft(lib.ones(20), 8, hop_length=0, window=lib.ones(8), return_complex=True),
    "n_fft": lambda lib: lib.stft(lib.ones(20), 0, return_complex=True),
    "win_length": lambda lib: lib.stft(lib.ones(20), 8, win_length=9, return_complex=True),
    "3d": lambda lib: lib.stft(lib.ones(2, 3, 20), 8, window=lib.ones(8), return_complex=True),
    "onesided_complex": lambda lib: lib.istft(lib.stft(lib.ones(20), 8, window=lib.hann_window(8), return_complex=True),
                                              8, window=lib.hann_window(8), return_complex=True),
    "zero_envelope": lambda lib: lib.istft(
        lib.stft(lib.ones(20), 8, window=lib.hann_window(8), return_complex=True, center=False), 8,
        window=lib.hann_window(8), center=False),
}


@pytest.mark.parametrize("name", list(STFT_ERRORS))
def test_stft_errors(name):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raises_same(STFT_ERRORS[name])
