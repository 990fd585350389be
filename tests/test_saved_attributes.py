"""grad_fn._saved_<name> / _raw_saved_<name> against torch 2.13: for each op, the node's saved names and their
values (tensors, numbers, shapes), the error after backward freed them, and register_hooks on a raw saved
tensor."""
import numpy as np
import pytest

from lib_compare import assert_same, plain, raises_same, same

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((4, 5))
KERNEL = RNG.standard_normal((3, 1, 3, 3))
# minitorch's own node attributes that happen to start with _saved_ (its storage of the saved tensors)
INTERNAL = {"_saved_more", "_saved_versions", "_saved_for_forward"}


def leaf(L, array):
    return L.tensor(array, dtype=L.float64, requires_grad=True)


def F(L):
    return L.nn.functional


CASES = [
    ("add", lambda L, x: x + x),
    ("add_alpha", lambda L, x: L.add(x, x, alpha=2)),
    ("sub_alpha", lambda L, x: L.sub(x, x * 3, alpha=0.5)),
    ("mul", lambda L, x: x * (x + 1)),
    ("mul_number", lambda L, x: x * 2),
    ("mul_float", lambda L, x: x * 2.5),
    ("mul_bool", lambda L, x: x * True),
    ("div", lambda L, x: x / (x * x + 3)),
    ("div_number", lambda L, x: x / 2),
    ("pow", lambda L, x: x.pow(2)),
    ("pow_tensor", lambda L, x: x.abs().pow(x)),
    ("rpow", lambda L, x: 2 ** x),
    ("exp", lambda L, x: x.exp()),
    ("log", lambda L, x: x.abs().log()),
    ("tanh", lambda L, x: x.tanh()),
    ("sigmoid", lambda L, x: x.sigmoid()),
    ("relu", lambda L, x: x.relu()),
    ("sqrt", lambda L, x: x.abs().sqrt()),
    ("sin", lambda L, x: x.sin()),
    ("neg", lambda L, x: -x),
    ("mm", lambda L, x: x.mm(L.tensor(B, dtype=L.float64))),
    ("addmm_transposed", lambda L, x: L.addmm(L.ones(3, dtype=L.float64), L.tensor(B.T, dtype=L.float64,
                                                                                   requires_grad=True), x.t())),
    ("addmm", lambda L, x: L.addmm(L.ones(5, dtype=L.float64), x, L.tensor(B, dtype=L.float64), beta=2, alpha=3)),
    ("matmul", lambda L, x: x @ L.tensor(B, dtype=L.float64)),
    ("sum", lambda L, x: x.sum()),
    ("sum_dim", lambda L, x: x.sum(1, keepdim=True)),
    ("mean", lambda L, x: x.mean()),
    ("mean_dim", lambda L, x: x.mean(0)),
    ("view", lambda L, x: x.view(12)),
    ("reshape", lambda L, x: x.reshape(2, 6)),
    ("expand", lambda L, x: x.unsqueeze(0).expand(2, 3, 4)),
    ("unsqueeze", lambda L, x: x.unsqueeze(1)),
    ("squeeze_dim", lambda L, x: x.unsqueeze(1).squeeze(1)),
    ("transpose", lambda L, x: x.transpose(0, 1)),
    ("permute", lambda L, x: x.unsqueeze(0).permute(2, 0, 1)),
    ("cat", lambda L, x: L.cat([x, x], 1)),
    ("stack", lambda L, x: L.stack([x, x], 1)),
    ("index", lambda L, x: x[L.tensor([0, 2])]),
    ("select", lambda L, x: x[1]),
    ("slice", lambda L, x: x[:, 1:3]),
    ("slice_open", lambda L, x: x[:, 1:]),
    ("index_select", lambda L, x: x.index_select(1, L.tensor([0, 1]))),
    ("softmax", lambda L, x: x.softmax(1)),
    ("log_softmax", lambda L, x: x.log_softmax(0)),
    ("max_dim", lambda L, x: x.max(1)[0]),
    ("max", lambda L, x: x.max()),
    ("clamp", lambda L, x: x.clamp(-1, 1)),
    ("where", lambda L, x: L.where(x > 0, x, x * 2)),
    ("var", lambda L, x: x.var(1)),
    ("prod", lambda L, x: x.prod()),
    ("maximum", lambda L, x: L.maximum(x, x * 2)),
    ("atan2", lambda L, x: L.atan2(x, x * 2)),
    ("bmm", lambda L, x: L.bmm(x.unsqueeze(0), x.t().unsqueeze(0))),
    ("dot", lambda L, x: x[0].dot(x[1])),
    ("mv", lambda L, x: x.mv(x[0])),
    ("amax", lambda L, x: x.amax(1)),
    ("logsumexp", lambda L, x: x.logsumexp(0, keepdim=True)),
    ("std", lambda L, x: x.std(1)),
    ("var_all", lambda L, x: x.var()),
    ("std_biased", lambda L, x: x.std(0, correction=0)),
    ("diagonal_below", lambda L, x: x.diagonal(-1)),
    ("norm_dim", lambda L, x: x.norm(dim=1)),
    ("cumsum", lambda L, x: x.cumsum(1)),
    ("cumprod", lambda L, x: x.cumprod(0)),
    ("flip", lambda L, x: x.flip(0, 1)),
    ("roll", lambda L, x: x.roll((1, 2), (0, 1))),
    ("repeat", lambda L, x: x.repeat(2, 1)),
    ("tril", lambda L, x: x.tril(1)),
    ("triu", lambda L, x: x.triu(-1)),
    ("diagonal", lambda L, x: x.diagonal(1)),
    ("unfold", lambda L, x: x.unfold(1, 2, 1)),
    ("masked_fill", lambda L, x: x.masked_fill(x > 0, 0.0)),
    ("leaky_relu", lambda L, x: F(L).leaky_relu(x, 0.2)),
    ("hardtanh", lambda L, x: F(L).hardtanh(x, -0.5, 0.5)),
    ("elu", lambda L, x: F(L).elu(x, 0.7)),
    ("selu", lambda L, x: F(L).selu(x)),
    ("softplus", lambda L, x: F(L).softplus(x, 2, 10)),
    ("threshold", lambda L, x: F(L).threshold(x, 0.1, 0.0)),
    ("silu", lambda L, x: F(L).silu(x)),
    ("hardswish", lambda L, x: F(L).hardswish(x)),
    ("gelu", lambda L, x: F(L).gelu(x)),
    ("gelu_tanh", lambda L, x: F(L).gelu(x, approximate="tanh")),
    ("nll_loss", lambda L, x: F(L).nll_loss(x.log_softmax(1), L.tensor([0, 3, -100]))),
    ("nll_loss_weighted_sum", lambda L, x: F(L).nll_loss(x, L.tensor([0, 3, 1]), weight=L.tensor([1.0, 2, 3, 4],
                                                         dtype=L.float64), ignore_index=1, reduction="sum")),
    ("nll_loss_none", lambda L, x: F(L).nll_loss(x, L.tensor([0, 3, 1]), reduction="none")),
    ("cross_entropy", lambda L, x: F(L).cross_entropy(x, L.tensor([0, 3, 1]))),
    ("conv2d", lambda L, x: F(L).conv2d(x.reshape(1, 1, 3, 4), L.tensor(KERNEL, dtype=L.float64).requires_grad_(),
                                        padding=1, stride=(2, 1))),
]


def _node(L, fn):
    return fn(L, leaf(L, A)).grad_fn


def _saved_names(node):
    return sorted(a for a in dir(node) if a.startswith(("_saved_", "_raw_saved_")) and a not in INTERNAL)


def _value(v):
    if type(v).__name__ == "SavedTensor":
        return "SavedTensor"
    return plain(v)


@pytest.mark.parametrize("name, fn", CASES, ids=[c[0] for c in CASES])
def test_saved_values(name, fn):
    import torch
    import minitorch as mt
    theirs, ours = _node(torch, fn), _node(mt, fn)
    assert ours.name() == theirs.name()
    mine, torch_names = _saved_names(ours), _saved_names(theirs)
    # every saved value under torch's name; the raw saved tensors of those minitorch keeps (not those it recomputes)
    assert [a for a in mine if a.startswith("_saved_")] == [a for a in torch_names if a.startswith("_saved_")]
    assert set(mine) <= set(torch_names)
    for attr in mine:
        assert_same(_value(getattr(theirs, attr)), _value(getattr(ours, attr)), attr)


# nodes with a part of torch's saved names (minitorch's node does not keep the others: split's size, the log-sigmoid
# buffer torch's kernel keeps, max pooling's input and stride)
PARTIAL = [
    ("split", lambda L, x: x.split(2, 1)[0]),
    ("log_sigmoid", lambda L, x: F(L).logsigmoid(x)),
    ("max_pool2d", lambda L, x: F(L).max_pool2d(x.reshape(1, 1, 3, 4), 2, padding=1)),
    ("max_pool2d_ceil", lambda L, x: F(L).max_pool2d(x.reshape(1, 1, 3, 4), 2, 2, dilation=(1, 2), ceil_mode=True)),
    ("max_pool2d_indices", lambda L, x: F(L).max_pool2d(x.reshape(1, 1, 3, 4), (2, 3), (1, 2), return_indices=True,
                                                        ceil_mode=True)[0]),
    ("max_pool3d", lambda L, x: F(L).max_pool3d(x.reshape(1, 1, 1, 3, 4), (1, 2, 2))),
]


@pytest.mark.parametrize("name, fn", PARTIAL, ids=[c[0] for c in PARTIAL])
def test_partly_saved(name, fn):
    import torch
    import minitorch as mt
    theirs, ours = _node(torch, fn), _node(mt, fn)
    assert ours.name() == theirs.name()
    mine = _saved_names(ours)
    assert mine and set(mine) < set(_saved_names(theirs))
    for attr in mine:
        assert_same(_value(getattr(theirs, attr)), _value(getattr(ours, attr)), attr)


def test_mm_strides_of_a_transposed_operand():
    same(lambda L: L.tensor(B, dtype=L.float64).requires_grad_().t().mm(leaf(L, A).t()).grad_fn._saved_self_sym_strides)


def test_saved_tensor_is_the_input():
    def run(L):
        x = leaf(L, A)
        y = x.exp()
        z = x * y
        return z.grad_fn._saved_self is x, z.grad_fn._saved_other is y
    same(run)


@pytest.mark.parametrize("attr", ["_saved_self", "_saved_exponent", "_saved_self_sym_sizes"])
def test_after_backward(attr):
    # saved tensors are freed by backward (torch's error); the other saved values stay
    def run(L):
        x = leaf(L, A)
        y = x.pow(2) if attr != "_saved_self_sym_sizes" else x.sum(0)
        y.sum().backward()
        return getattr(y.grad_fn, attr)
    if attr == "_saved_self":
        raises_same(run)
    else:
        same(run)


def test_retain_graph_keeps_them():
    def run(L):
        x = leaf(L, A)
        y = x.tanh()
        y.sum().backward(retain_graph=True)
        return y.grad_fn._saved_result
    same(run)


def test_unknown_attribute():
    raises_same(lambda L: (leaf(L, A) * 2).grad_fn._saved_foo)


def test_raw_saved_register_hooks():
    def run(L):
        x = leaf(L, A)
        y = x.pow(2)
        calls = []
        y.grad_fn._raw_saved_self.register_hooks(lambda t: (calls.append("pack"), t * 1)[1],
                                                 lambda t: (calls.append("unpack"), t * 10)[1])
        seen = y.grad_fn._saved_self
        y.sum().backward()
        return list(calls), seen, x.grad
    same(run)


@pytest.mark.parametrize("case", ["twice", "none", "freed", "not_callable"])
def test_raw_saved_errors(case):
    def run(L):
        x = leaf(L, A)
        y = x * 2 if case == "none" else x.pow(2)
        raw = y.grad_fn._raw_saved_self
        if case == "twice":
            raw.register_hooks(lambda t: t, lambda t: t)
        if case == "freed":
            y.sum().backward()
        raw.register_hooks(lambda t: t, 3 if case == "not_callable" else (lambda t: t))
    raises_same(run, exact=case != "not_callable")
