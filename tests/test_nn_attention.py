"""Attention beyond the parity registry (minitorch/parity/cases_attention.py): torch state_dicts loaded with
load_state_dict, parameter names and initialisation, dropout, and finite-difference gradient checks."""
import math

import numpy as np
import pytest

import minitorch
from minitorch.autograd import gradcheck, gradgradcheck
from minitorch.parity.bisect import copy_weights

torch = pytest.importorskip("torch")

SDPA = minitorch.nn.functional.scaled_dot_product_attention


def leaf(array):
    return minitorch.tensor(array, dtype=minitorch.float64, requires_grad=True)


MODULES = [
    lambda nn: nn.MultiheadAttention(8, 2),
    lambda nn: nn.MultiheadAttention(8, 4, bias=False, batch_first=True),
    lambda nn: nn.MultiheadAttention(8, 2, add_bias_kv=True, add_zero_attn=True, kdim=3, vdim=5),
    lambda nn: nn.TransformerEncoderLayer(8, 2, 16, norm_first=True),
    lambda nn: nn.TransformerEncoderLayer(8, 2, 16, bias=False),
    lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, norm=nn.LayerNorm(8),
                                     enable_nested_tensor=False),
    lambda nn: nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, norm_first=True), 2, norm=nn.LayerNorm(8)),
    lambda nn: nn.Transformer(8, 2, 2, 1, 16, bias=False),
]


@pytest.mark.parametrize("make", MODULES)
def test_parameter_names_and_shapes_match_torch(make):
    theirs, ours = make(torch.nn), make(minitorch.nn)
    assert [(n, tuple(p.shape)) for n, p in ours.named_parameters()] == \
        [(n, tuple(p.shape)) for n, p in theirs.named_parameters()]
    assert list(ours.state_dict()) == list(theirs.state_dict())


def test_separate_projection_weights_only_when_kdim_or_vdim_differ():
    same, other = minitorch.nn.MultiheadAttention(6, 2), minitorch.nn.MultiheadAttention(6, 2, vdim=4)
    assert same.in_proj_weight is not None and same.q_proj_weight is None
    assert other.in_proj_weight is None and tuple(other.v_proj_weight.shape) == (6, 4)
    assert tuple(other.k_proj_weight.shape) == (6, 6)


def test_init_is_torchs():
    e = 64
    m = minitorch.nn.MultiheadAttention(e, 4, add_bias_kv=True)
    w = m.in_proj_weight.detach().numpy()
    bound = math.sqrt(6.0 / (e + 3 * e))  # xavier uniform on (3E, E)
    assert np.abs(w).max() <= bound and np.abs(w).max() > 0.9 * bound
    assert np.all(m.in_proj_bias.detach().numpy() == 0) and np.all(m.out_proj.bias.detach().numpy() == 0)
    out_bound = 1 / math.sqrt(e)  # out_proj keeps Linear's kaiming-uniform weight
    assert 0.9 * out_bound < np.abs(m.out_proj.weight.detach().numpy()).max() <= out_bound
    bias_k = np.concatenate([minitorch.nn.MultiheadAttention(e, 4, add_bias_kv=True).bias_k.detach().numpy().ravel()
                             for _ in range(20)])
    assert abs(bias_k.std() - math.sqrt(1.0 / e)) < 0.02  # xavier normal on (1, 1, E): std sqrt(2 / (E + E))


def test_transformer_reinitialises_every_matrix_xavier_uniform():
    m = minitorch.nn.Transformer(16, 2, 1, 1, 200)
    w = m.encoder.layers[0].linear1.weight.detach().numpy()
    bound = math.sqrt(6.0 / (16 + 200))  # not Linear's 1 / sqrt(16)
    assert 0.9 * bound < np.abs(w).max() <= bound
    assert np.all(m.decoder.norm.weight.detach().numpy() == 1)


def _run(lib, module, inputs, kwargs):
    tensors = [lib.tensor(x, requires_grad=True) for x in inputs]
    out = module(*tensors, **kwargs)
    outs = [o for o in (out if isinstance(out, tuple) else (out,)) if o is not None]
    sum(((o * lib.tensor(np.linspace(-1, 1, o.numel()).reshape(tuple(o.shape)))).sum() for o in outs)).backward()
    return ([o.detach().numpy() for o in outs] + [t.grad.numpy() for t in tensors]
            + [p.grad.numpy() for _, p in module.named_parameters()])


@pytest.mark.parametrize("make, shapes, kwargs", [
    (lambda nn: nn.MultiheadAttention(8, 2), [(4, 3, 8), (5, 3, 8), (5, 3, 8)], {}),
    (lambda nn: nn.MultiheadAttention(8, 2, kdim=3, vdim=5, add_bias_kv=True, batch_first=True),
     [(3, 4, 8), (3, 5, 3), (3, 5, 5)], {"average_attn_weights": False}),
    (lambda nn: nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation="gelu"), [(5, 3, 8)], {}),
    (lambda nn: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), 2),
     [(3, 5, 8)], {}),
    (lambda nn: nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0), [(4, 3, 8), (6, 3, 8)], {}),
    (lambda nn: nn.Transformer(8, 2, 1, 2, 16, dropout=0.0, batch_first=True), [(3, 6, 8), (3, 4, 8)], {}),
])
@pytest.mark.parametrize("train", [False, True])
def test_torch_state_dict_gives_torch_outputs_and_grads(rng, make, shapes, kwargs, train):
    torch.manual_seed(0)
    theirs = make(torch.nn).double().train(train)
    ours = make(minitorch.nn).double().train(train)
    copy_weights(ours, theirs)
    inputs = [rng.standard_normal(s) for s in shapes]
    expected, got = _run(torch, theirs, inputs, kwargs), _run(minitorch, ours, inputs, kwargs)
    assert len(expected) == len(got)
    for e, g in zip(expected, got):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)


def test_layers_of_an_encoder_are_independent_copies():
    enc = minitorch.nn.TransformerEncoder(minitorch.nn.TransformerEncoderLayer(4, 2, 8), 3)
    weights = [layer.linear1.weight for layer in enc.layers]
    assert len({id(w) for w in weights}) == 3 and len(list(enc.parameters())) == 3 * 12
    with minitorch.no_grad():
        weights[0].fill_(0.0)
    assert weights[1].abs().sum().item() > 0


def test_sdpa_dropout_keeps_the_expectation(rng):
    s = 400
    q, k = minitorch.zeros(1, 50, 4, dtype=minitorch.float64), minitorch.zeros(1, s, 4, dtype=minitorch.float64)
    v = minitorch.ones(1, s, 1, dtype=minitorch.float64)  # q k^T = 0: uniform weights 1 / s
    out = SDPA(q, k, v, dropout_p=0.25).numpy().ravel()
    kept = out * s * 0.75  # the number of kept weights in each row
    np.testing.assert_allclose(kept, np.round(kept), atol=1e-9)
    assert abs(out.mean() - 1.0) < 0.02 and out.std() > 0
    assert np.all(SDPA(q, k, v, dropout_p=1.0).numpy() == 0)


def test_mha_dropout_only_in_training(rng):
    m = minitorch.nn.MultiheadAttention(8, 2, dropout=0.5).double()
    x = minitorch.tensor(rng.standard_normal((4, 2, 8)))
    weights = lambda: m(x, x, x, average_attn_weights=False)[1].detach().numpy()  # noqa: E731
    m.eval()
    np.testing.assert_array_equal(weights(), weights())
    m.train()
    w = weights()
    assert (w == 0).mean() > 0.3 and not np.allclose(w, weights())


@pytest.mark.parametrize("kwargs", [{}, {"is_causal": True}, {"scale": 0.3}, {"enable_gqa": True}])
def test_sdpa_gradcheck_and_gradgradcheck(rng, kwargs):
    q = leaf(rng.standard_normal((1, 2, 3, 4)))
    heads = 1 if kwargs.get("enable_gqa") else 2
    k, v = leaf(rng.standard_normal((1, heads, 4, 4))), leaf(rng.standard_normal((1, heads, 4, 2)))
    fn = lambda q, k, v: SDPA(q, k, v, **kwargs)  # noqa: E731
    assert gradcheck(fn, (q, k, v))
    assert gradgradcheck(fn, (q, k, v))


def test_sdpa_gradcheck_through_a_float_mask(rng):
    q, k, v = (leaf(rng.standard_normal((2, 3, 4))) for _ in range(3))
    mask = leaf(rng.standard_normal((3, 3)))
    assert gradcheck(lambda q, k, v, m: SDPA(q, k, v, attn_mask=m), (q, k, v, mask))


def test_mha_gradcheck_with_masks(rng):
    m = minitorch.nn.MultiheadAttention(4, 2, add_bias_kv=True).double()
    q = leaf(rng.standard_normal((3, 2, 4)))
    pad = minitorch.tensor([[False, False, True], [False, False, False]])
    causal = minitorch.arange(3) > minitorch.arange(3).unsqueeze(-1)
    assert gradcheck(lambda q: m(q, q, q, key_padding_mask=pad, attn_mask=causal)[0], (q,))
