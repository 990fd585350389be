"""Tensor metadata methods (backend flags, dim_order, real/imag, adjoint, is_set_to, to_dense), the Python-callable
ops (apply_, map_, map2_) and the in-place samplers log_normal_, cauchy_, geometric_, against torch."""
import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

CALLS = [
    "x.is_xpu", "x.is_mps", "x.is_nested", "x.is_sparse_csr", "x.is_mkldnn", "x.is_distributed()", "x.name",
    "x.dim_order()", "x.t().dim_order()", "lib.ones(2, 1, 3).dim_order()",
    "lib.ones(2, 3, 4).permute(2, 0, 1).dim_order()",
    "x.adjoint()", "x.real is x", "x.to_dense() is x", "x.const_data_ptr() == x.data_ptr()", "x.is_set_to(x)",
    "x.is_set_to(x.view(2, 3))", "x.is_set_to(x[0])", "x.clone().requires_grad_().adjoint().grad_fn.name()",
    "x.clone().apply_(lambda v: v * 2)", "x.t().clone().apply_(lambda v: v + 1)", "x.t().apply_(lambda v: v + 1)",
    "lib.tensor(3.0).apply_(lambda v: v + 1)", "lib.ones(2, dtype=lib.long).apply_(lambda v: 2.7)",
    "lib.ones(2, dtype=lib.bool).apply_(lambda v: 0)", "lib.ones(2, dtype=lib.float64).apply_(lambda v: v / 3)",
    "x.clone().map_(x, lambda a, b: a + b)", "x.clone().map_(lib.ones(2, 1), lambda a, b: a * 10 + b)",
    "x.clone().map2_(x, lib.ones(3), lambda a, b, c: a + b + c)", "lib.ones(2).geometric_(0.5).dtype",
    "lib.ones(2, dtype=lib.long).geometric_(0.5).dtype",
]


@pytest.mark.parametrize("code", CALLS)
def test_same_as_torch(code):
    results = []
    for lib in (torch, minitorch):
        x = lib.arange(6.0).reshape(2, 3)
        value = eval(code, {"lib": lib, "x": x})
        results.append(value.tolist() if hasattr(value, "tolist") else str(value))
    assert results[1] == results[0]


def test_samplers_have_the_right_distribution():
    minitorch.manual_seed(0)
    logs = minitorch.empty(20000, dtype=minitorch.float64).log_normal_(0.5, 0.25).log()
    assert abs(logs.mean().item() - 0.5) < 0.01 and abs(logs.std().item() - 0.25) < 0.01
    trials = minitorch.empty(20000, dtype=minitorch.long).geometric_(0.25)
    assert trials.min().item() >= 1 and abs(trials.double().mean().item() - 4) < 0.1
    draws = minitorch.empty(20000, dtype=minitorch.float64).cauchy_(1.0, 2.0)
    assert abs(np.median(np.array(draws.tolist())) - 1.0) < 0.1  # the median and quartiles 1 -+ 2
    assert abs(np.percentile(np.array(draws.tolist()), 75) - 3.0) < 0.2
