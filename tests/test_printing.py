"""str(tensor) character for character as torch 2.13 prints it: padding to a common width, fixed/scientific/integer
notation, nan/inf, summaries with '...', wrapping, dtype/size/grad_fn/requires_grad suffixes, print options."""
import numpy as np
import pytest

import minitorch as mt

torch = pytest.importorskip("torch")

NAN, INF = float("nan"), float("inf")

EXAMPLES = {  # name: function of (lib, rng) building the tensor to print
    "float32_3x3": lambda L, r: L.tensor(r.standard_normal((3, 3)), dtype=L.float32),
    "float32_3d": lambda L, r: L.tensor(r.standard_normal((2, 3, 4)), dtype=L.float32),
    "float64_suffix": lambda L, r: L.tensor(r.standard_normal((2, 3))),
    "float64_thirds": lambda L, r: L.tensor([1, 2, 3], dtype=L.float64) / 3,
    "float16": lambda L, r: L.tensor([1.5, 2.25, -3.0], dtype=L.float16),
    "negative_and_positive": lambda L, r: L.tensor([-1.0, 0.0, 1.0]),
    "whole_floats": lambda L, r: L.tensor([1.0, 2.0, 30.0]),
    "all_zero": lambda L, r: L.zeros(3, 3),
    "negative_zero": lambda L, r: L.tensor([-0.0, 1.0]),
    "large_values": lambda L, r: L.tensor(r.standard_normal((4, 25)) * 100, dtype=L.float32),
    "small_values_sci": lambda L, r: L.tensor(r.standard_normal(5) * 1e-3, dtype=L.float32),
    "wide_range_sci": lambda L, r: L.tensor([1e10, 1.0]),
    "tiny_sci": lambda L, r: L.tensor([1e-10, 1.0]),
    "threshold_1e-4": lambda L, r: L.tensor([0.0001, 0.5]),
    "below_1e-4": lambda L, r: L.tensor([0.00009, 0.5]),
    "ratio_1000_fixed": lambda L, r: L.tensor([1000.5, 1.5]),
    "ratio_over_1000": lambda L, r: L.tensor([1001.5, 1.0]),
    "whole_over_1e8": lambda L, r: L.tensor([1e9, 2e9]),
    "mixed_magnitude": lambda L, r: L.tensor([123456.789, 0.5]),
    "nan_inf_fixed": lambda L, r: L.tensor([1.5, NAN, -INF]),
    "nan_inf_int_mode": lambda L, r: L.tensor([1.0, -INF]),
    "nan_inf_sci": lambda L, r: L.tensor([1e-5, -INF]),
    "nan_inf_2d": lambda L, r: L.tensor([[INF, 1.0], [2.0, NAN]]),
    "only_nan": lambda L, r: L.tensor([NAN, NAN]),
    "ints": lambda L, r: L.tensor([[1, 2, -3], [100, 5, 6]]),
    "int_big": lambda L, r: L.tensor([2 ** 40, -1]),
    "int_matrix": lambda L, r: L.tensor(r.integers(-1000, 1000, (4, 30))),
    "int32": lambda L, r: L.tensor([1, 2], dtype=L.int32),
    "uint8": lambda L, r: L.tensor([1, 255], dtype=L.uint8),
    "int8_eye": lambda L, r: L.eye(3, dtype=L.int8),
    "bools": lambda L, r: L.tensor([True, False]),
    "bool_matrix": lambda L, r: L.zeros(2, 3, dtype=L.bool),
    "scalar_float": lambda L, r: L.tensor(3.25),
    "scalar_float64": lambda L, r: L.tensor(3.5, dtype=L.float64),
    "scalar_int": lambda L, r: L.tensor(7),
    "scalar_bool": lambda L, r: L.tensor(True),
    "scalar_zero": lambda L, r: L.tensor(0.0),
    "scalar_nan": lambda L, r: L.tensor(NAN),
    "scalar_big": lambda L, r: L.tensor(1e20),
    "scalar_tiny": lambda L, r: L.tensor(-2.5e-7),
    "empty": lambda L, r: L.zeros(0),
    "empty_int": lambda L, r: L.zeros(0, dtype=L.int64),
    "empty_2d": lambda L, r: L.zeros(0, 3),
    "empty_float64": lambda L, r: L.zeros(2, 0, dtype=L.float64),
    "single_nested": lambda L, r: L.ones(1, 1, 1, 1),
    "wrapped_vector": lambda L, r: L.tensor(r.standard_normal(30), dtype=L.float32),
    "wrapped_rows": lambda L, r: L.tensor(r.standard_normal((2, 1, 200)), dtype=L.float32),
    "summarised_vector": lambda L, r: L.arange(2000),
    "summarised_matrix": lambda L, r: L.arange(1200.0).reshape(3, 400),
    "summarised_3d": lambda L, r: L.arange(10000.0).reshape(10, 10, 100) / 7,
    "summarised_rows": lambda L, r: L.tensor(r.standard_normal((100, 3)), dtype=L.float32),
    "summarised_wide": lambda L, r: L.tensor(r.standard_normal((2, 2000)), dtype=L.float32),
    "requires_grad": lambda L, r: L.ones(2, 2, requires_grad=True),
    "requires_grad_float64": lambda L, r: L.ones(2, dtype=L.float64, requires_grad=True),
    "grad_fn_mul": lambda L, r: L.ones(3, requires_grad=True) * 2,
    "grad_fn_sum": lambda L, r: (L.ones(3, requires_grad=True) * 2).sum(),
    "grad_fn_long_line": lambda L, r: L.tensor(r.standard_normal(30), dtype=L.float64, requires_grad=True).exp(),
    "grad_fn_view": lambda L, r: L.ones(2, 3, requires_grad=True).t(),
    "grad_fn_empty": lambda L, r: L.zeros(0, 2, dtype=L.float64, requires_grad=True) + 1,
    "noncontiguous": lambda L, r: L.arange(12.0).reshape(3, 4).t(),
    "grad_fn_mean": lambda L, r: (L.ones(3, requires_grad=True) * 0.25).mean(),
    "grad_fn_mean_dim": lambda L, r: L.ones(2, 3, requires_grad=True).mean(1),
    "grad_fn_max": lambda L, r: L.ones(3, requires_grad=True).max(),
    "grad_fn_max_dim": lambda L, r: L.ones(3, requires_grad=True).max(0).values,
    "grad_fn_amax": lambda L, r: L.ones(3, requires_grad=True).amax(),
    "grad_fn_sum_dim": lambda L, r: L.ones(2, 3, requires_grad=True).sum(1),
    "grad_fn_prod_dim": lambda L, r: L.ones(2, 3, requires_grad=True).prod(1),
    "grad_fn_logsumexp": lambda L, r: L.ones(2, 3, requires_grad=True).logsumexp(1),
    "grad_fn_norm": lambda L, r: L.ones(2, 3, requires_grad=True).norm(),
    "grad_fn_std": lambda L, r: L.ones(2, 3, requires_grad=True).std(),
    "grad_fn_nansum": lambda L, r: L.ones(2, 3, requires_grad=True).nansum(),
    "grad_fn_clamp": lambda L, r: L.ones(2, requires_grad=True).clamp(0, 1),
    "grad_fn_clamp_tensors": lambda L, r: L.ones(2, requires_grad=True).clamp(L.zeros(2), L.ones(2)),
    "grad_fn_pow_tensors": lambda L, r: L.ones(2, requires_grad=True) ** L.ones(2),
    "grad_fn_rpow": lambda L, r: 2 ** L.ones(2, requires_grad=True),
    "grad_fn_softmax": lambda L, r: L.ones(2, requires_grad=True).softmax(0),
    "grad_fn_floor_divide": lambda L, r: L.ones(2, requires_grad=True) // 2,
}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_str_matches_torch(name):
    expected = str(EXAMPLES[name](torch, np.random.default_rng(0)))
    got = EXAMPLES[name](mt, np.random.default_rng(0))
    assert str(got) == expected
    assert repr(got) == expected


def test_torch_style_column_padding():
    x = mt.tensor([[0.1748, -0.5485, 0.1294], [1.0, 2.0, 3.0]])
    assert str(x) == "tensor([[ 0.1748, -0.5485,  0.1294],\n        [ 1.0000,  2.0000,  3.0000]])"


@pytest.mark.parametrize("options", [dict(precision=2), dict(sci_mode=False), dict(sci_mode=True),
                                     dict(linewidth=40), dict(threshold=5, edgeitems=1), dict(profile="short"),
                                     dict(profile="full"), dict(precision=6, edgeitems=2, threshold=20)],
                         ids=lambda o: ",".join("%s=%s" % kv for kv in o.items()))
def test_set_printoptions(options):
    rng = np.random.default_rng(1)
    data = [rng.standard_normal(30) * 50, np.array([1e-5, 1.0, 123.456]), np.arange(12.0).reshape(3, 4),
            rng.standard_normal((8, 9))]
    try:
        torch.set_printoptions(**options)
        mt.set_printoptions(**options)
        for d in data:
            assert str(mt.tensor(d, dtype=mt.float32)) == str(torch.tensor(d, dtype=torch.float32))
    finally:
        torch.set_printoptions(profile="default")
        mt.set_printoptions(profile="default")


def test_default_dtype_float64_shows_float32_suffix():
    rows = []
    for lib in (torch, mt):
        previous = lib.get_default_dtype()
        lib.set_default_dtype(lib.float64)
        try:
            rows.append([str(lib.tensor([1.5, 2.0])), str(lib.tensor([1.5], dtype=lib.float32)), str(lib.zeros(0)),
                         str(lib.zeros(0, dtype=lib.float32))])
        finally:
            lib.set_default_dtype(previous)
    assert rows[1] == rows[0]


def test_print_does_not_touch_autograd_or_values():
    x = mt.ones(3, requires_grad=True)
    y = x * 2
    str(y)
    y.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0, 2.0]
