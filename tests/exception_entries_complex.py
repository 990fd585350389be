"""Exception battery entries (see test_exceptions.py) for the complex numbers (minitorch/ops/complex.py) and the
short-time Fourier transform (minitorch/ops/spectral.py)."""

ENTRIES = [
    ("complex/mixed_dtypes", "lib.complex(x, x.double())", ["scalar type", "Float", "Double"]),
    ("complex/int_parts", "lib.complex(i, i)", ["Half, Float or Double", "Long"]),
    ("complex/not_a_tensor", "lib.complex(1.0, x)", ["Tensor"]),
    ("polar/mixed_dtypes", "lib.polar(x, x.double())", ["scalar type"]),
    ("real/not_a_tensor", "lib.real([1.0])", ["Tensor"]),
    ("imag/real_tensor", "lib.imag(x)", ["imag", "non-complex"]),
    ("view_as_real/real_tensor", "lib.view_as_real(x)", ["complex"]),
    ("view_as_complex/last_dim", "lib.view_as_complex(x)", ["last dimension", "size 2"]),
    ("view_as_complex/stride", "lib.view_as_complex(lib.ones(2, 3).t())", ["stride 1"]),
    ("view_as_complex/int", "lib.view_as_complex(lib.ones(3, 2, dtype=lib.int64))", ["float", "Long"]),
    ("cfloat/argument", "x.cfloat(1)", []),
    ("cdouble/argument", "x.cdouble(1)", []),
    ("lt/complex", "x.cfloat() < x.cfloat()", ["lt_cpu", "ComplexFloat"]),
    ("max/complex", "x.cdouble().max()", ["max_all", "ComplexDouble"]),
    ("clamp/complex", "x.cfloat().clamp(0, 1)", ["clamp", "complex"]),
    ("backward/complex_output", "(leaf * 1j).sum().backward()", ["real scalar outputs", "complex64"]),
    ("stft/no_return_complex", "lib.stft(v, 4, window=lib.ones(4))", ["return_complex"]),
    ("stft/window_size", "lib.stft(v, 4, window=lib.ones(3), return_complex=True)", ["window", "win_length=4"]),
    ("stft/method_hop", "v.stft(4, hop_length=0, window=lib.ones(4), return_complex=True)", ["hop_length > 0"]),
    ("istft/onesided_complex",
     "lib.istft(lib.stft(v, 4, window=lib.ones(4), return_complex=True), 4, window=lib.ones(4), return_complex=True)",
     ["onesided", "complex"]),
    ("istft/method_envelope",
     "lib.stft(v, 4, window=lib.hann_window(4), return_complex=True, center=False).istft(4, "
     "window=lib.hann_window(4), center=False)", ["window overlap add min"]),
]
