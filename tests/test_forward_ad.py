"""Forward-mode AD (torch.autograd.forward_ad) against torch 2.13: each test runs one function with lib = torch and
lib = minitorch on the same inputs made dual (random tangents), and compares the outputs' primals and tangents,
or the exception torch raises."""
import numpy as np
import pytest

import minitorch as mt
from lib_compare import doubling_function, raises_same, same

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((4, 5))
V = RNG.standard_normal(4)
POS = RNG.uniform(0.5, 2.0, (3, 4))
IMG = RNG.standard_normal((2, 3, 6, 6))
KERNEL = RNG.standard_normal((4, 3, 3, 3))


def t(L, array, dtype=None):
    return L.tensor(array, dtype=dtype or L.float64)


def tangent_for(array, seed):
    return np.random.default_rng(seed).standard_normal(np.shape(array))


def dual_run(L, fn, *arrays, dtype=None, constants=()):
    """fn(L, *duals, *constants) in a dual level, each array made dual with a random tangent: every output as
    (primal, tangent)."""
    fwAD = L.autograd.forward_ad
    with fwAD.dual_level():
        duals = [fwAD.make_dual(t(L, a, dtype), t(L, tangent_for(a, k), dtype)) for k, a in enumerate(arrays)]
        out = fn(L, *duals, *constants)
        outs = out if isinstance(out, (tuple, list)) else (out,)
        return [tuple(fwAD.unpack_dual(o)) for o in outs
                if isinstance(o, L.Tensor) and (o.is_floating_point() or o.is_complex())]


def F(L):
    return L.nn.functional


CASES = [
    # elementwise, with broadcasting and numbers
    ("add", lambda L, x, y: x + y, (A, A)),
    ("add_broadcast", lambda L, x, v: x + v, (A, V)),
    ("sub_number", lambda L, x: 2.0 - x, (A,)),
    ("mul", lambda L, x, y: x * y, (A, POS)),
    ("div", lambda L, x, y: x / y, (A, POS)),
    ("pow_number", lambda L, x: x ** 3, (A,)),
    ("pow_tensor", lambda L, x, y: x.pow(y), (POS, A)),
    ("rpow", lambda L, x: 2.0 ** x, (A,)),
    ("neg", lambda L, x: -x, (A,)),
    ("exp", lambda L, x: x.exp(), (A,)),
    ("log", lambda L, x: x.log(), (POS,)),
    ("sqrt", lambda L, x: x.sqrt(), (POS,)),
    ("tanh", lambda L, x: x.tanh(), (A,)),
    ("sigmoid", lambda L, x: x.sigmoid(), (A,)),
    ("sin_cos", lambda L, x: x.sin() * x.cos(), (A,)),
    ("abs", lambda L, x: x.abs(), (A,)),
    ("clamp", lambda L, x: x.clamp(-0.5, 0.5), (A,)),
    ("where", lambda L, x, y: L.where(x > 0, x, y), (A, POS)),
    ("maximum", lambda L, x, y: L.maximum(x, y), (A, POS)),
    ("round_zero", lambda L, x: x.round(), (A,)),
    ("one_dual_operand", lambda L, x: x * L.tensor(POS, dtype=L.float64), (A,)),
    ("cast", lambda L, x: x.to(L.float32) * 2, (A,)),
    # reductions
    ("sum", lambda L, x: x.sum(), (A,)),
    ("sum_dim", lambda L, x: x.sum(1), (A,)),
    ("mean_keepdim", lambda L, x: x.mean(0, keepdim=True), (A,)),
    ("prod", lambda L, x: x.prod(1), (POS,)),
    ("max_dim", lambda L, x: x.max(1), (A,)),
    ("amax", lambda L, x: x.amax(0), (A,)),
    ("norm", lambda L, x: x.norm(), (A,)),
    ("var_std", lambda L, x: (x.var(1), x.std(0)), (A,)),
    ("logsumexp", lambda L, x: x.logsumexp(1), (A,)),
    ("cumsum", lambda L, x: x.cumsum(1), (A,)),
    ("logcumsumexp_cumprod", lambda L, x: (x.logcumsumexp(1), x.cumprod(0)), (A,)),
    ("median", lambda L, x: (x.median(), x.nanmedian()), (A,)),
    ("scatter_reduce", lambda L, x, y: x.scatter_reduce(1, L.tensor([[0, 0], [1, 3], [2, 2]]), y, "amax"), (A, B[:3, :2])),
    # matrix products
    ("mm", lambda L, x, y: x.mm(y), (A, B)),
    ("matmul_vector", lambda L, x, v: x @ v, (A, V)),
    ("matmul_batched", lambda L, x, y: L.matmul(x, y), (IMG[0], IMG[1])),
    ("addmm", lambda L, c, x, y: L.addmm(c, x, y, beta=0.5, alpha=2.0), (B[:3], A, B)),
    ("outer", lambda L, v, w: L.outer(v, w), (V, V * 2)),
    ("einsum", lambda L, x, y: L.einsum("ij,jk->ik", x, y), (A, B)),
    # shapes and views
    ("view", lambda L, x: x.view(2, 6), (A,)),
    ("reshape_same", lambda L, x: x.reshape(3, 4), (A,)),
    ("transpose", lambda L, x: x.t() * 1, (A,)),
    ("permute", lambda L, x: x.permute(2, 0, 1), (IMG[0],)),
    ("unsqueeze_expand", lambda L, x: x.unsqueeze(0).expand(2, 3, 4), (A,)),
    ("squeeze_flatten", lambda L, x: x[:, :1].squeeze(1).flatten(), (A,)),
    ("cat", lambda L, x, y: L.cat([x, y], 0), (A, POS)),
    ("stack", lambda L, x, y: L.stack([x, y], 1), (A, POS)),
    ("split", lambda L, x: x.split(2, 1), (A,)),
    ("scatters", lambda L, x, s: (L.select_scatter(x, s[0], 0, 1), L.slice_scatter(x, s[:, :2], 1, 2),
                                  L.diagonal_scatter(x, s[0, :3], 1)), (A, POS)),
    ("as_strided_scatter", lambda L, x, s: L.as_strided_scatter(x, s[:2, :2], (2, 2), (1, 2), 1), (A, POS)),
    ("flip_repeat", lambda L, x: x.flip(0).repeat(2, 1), (A,)),
    ("noncontiguous_input", lambda L, x: x.t().exp(), (A,)),
    # indexing
    ("int_index", lambda L, x: x[1], (A,)),
    ("slice", lambda L, x: x[:, 1:3], (A,)),
    ("tensor_index", lambda L, x: x[L.tensor([2, 0, 2])], (A,)),
    ("mask_index", lambda L, x: x[x > 0], (A,)),
    ("gather", lambda L, x: x.gather(1, L.tensor([[0, 3], [1, 1], [2, 0]])), (A,)),
    ("index_select", lambda L, x: x.index_select(1, L.tensor([3, 1])), (A,)),
    ("masked_fill", lambda L, x: x.masked_fill(x < 0, 0.0), (A,)),
    ("empty", lambda L, x: x[:0].exp().sum(0), (A,)),
    # nn.functional
    ("linear", lambda L, x, w, b: F(L).linear(x, w, b), (A, B.T, B[0])),
    ("scatter_repeated_index", lambda L, x, s: x.scatter(1, L.tensor([[0, 0], [1, 1], [3, 3]]), s), (A, POS)),
    ("scatter_value_and_add", lambda L, x, s: (x.scatter(0, L.tensor([[1, 0, 2, 1]]), 2.0),
                                               x.scatter_add(1, L.tensor([[0, 0], [1, 1], [3, 3]]), s)), (A, POS)),
    ("max_unpool2d", lambda L, x: F(L).max_unpool2d(*F(L).max_pool2d(x, 2, return_indices=True), 2), (IMG,)),
    ("embedding_padding_idx", lambda L, w: F(L).embedding(L.tensor([[2, 1], [1, 0]]), w, padding_idx=1), (A,)),
    ("conv2d", lambda L, x, w: F(L).conv2d(x, w, padding=1, stride=2), (IMG, KERNEL)),
    ("relu", lambda L, x: F(L).relu(x), (A,)),
    ("gelu", lambda L, x: F(L).gelu(x), (A,)),
    ("softmax", lambda L, x: F(L).softmax(x, 1), (A,)),
    ("log_softmax", lambda L, x: F(L).log_softmax(x, 0), (A,)),
    ("cross_entropy", lambda L, x: F(L).cross_entropy(x, L.tensor([0, 3, 1])), (A,)),
    ("mse_loss", lambda L, x, y: F(L).mse_loss(x, y), (A, POS)),
    ("layer_norm", lambda L, x, w, b: F(L).layer_norm(x, (4,), w, b), (A, V, V * 0.5)),
    ("batch_norm_training", lambda L, x: F(L).batch_norm(x, None, None, training=True), (A,)),
    ("batch_norm_eval", lambda L, x, w: F(L).batch_norm(x, L.zeros(4, dtype=L.float64), L.ones(4, dtype=L.float64),
                                                       w, None, training=False), (A, V)),
    ("max_pool2d", lambda L, x: F(L).max_pool2d(x, 2), (IMG,)),
    ("max_pool2d_indices", lambda L, x: F(L).max_pool2d(x, 3, 2, return_indices=True), (IMG,)),
    ("avg_pool2d", lambda L, x: F(L).avg_pool2d(x, 2, padding=1), (IMG,)),
    ("adaptive_avg_pool2d", lambda L, x: F(L).adaptive_avg_pool2d(x, 1), (IMG,)),
]


@pytest.mark.parametrize("name, fn, arrays", CASES, ids=[c[0] for c in CASES])
def test_primal_and_tangent(name, fn, arrays):
    same(lambda L: dual_run(L, fn, *arrays))


@pytest.mark.parametrize("name", ["mul", "tanh", "mm", "softmax", "conv2d", "layer_norm"])
def test_float32(name):
    fn, arrays = next((c[1], c[2]) for c in CASES if c[0] == name)
    same(lambda L: dual_run(L, fn, *arrays, dtype=L.float32))


def _mlp(L):
    L.manual_seed(0)
    model = L.nn.Sequential(L.nn.Linear(4, 5), L.nn.Tanh(), L.nn.Linear(5, 2)).double()
    weights = np.random.default_rng(1)
    with L.no_grad():
        for p in model.parameters():
            p.copy_(L.tensor(weights.standard_normal(tuple(p.shape))))
    return model


def test_through_a_module():
    # the parameters require grad: the tangent J t is recorded, and backward through the output still works
    def run(L):
        model = _mlp(L)
        out = dual_run(L, lambda L, x: model(x), A)
        (primal, tangent), = out
        tangent.sum().backward()
        return out, [p.grad for p in model.parameters()]
    same(run)


def test_module_with_dual_parameters():
    # the tangent with respect to a weight, through functional_call
    def run(L):
        model = _mlp(L)
        fwAD = L.autograd.forward_ad
        with fwAD.dual_level():
            params = {k: v.detach() for k, v in model.named_parameters()}
            params["0.weight"] = fwAD.make_dual(params["0.weight"], L.ones(5, 4, dtype=L.float64))
            out = L.func.functional_call(model, params, (t(L, A),))
            return tuple(fwAD.unpack_dual(out))
    same(run)


def test_conv_module_in_eval_with_batch_norm():
    def run(L):
        L.manual_seed(0)
        model = L.nn.Sequential(L.nn.Conv2d(3, 2, 3), L.nn.BatchNorm2d(2), L.nn.ReLU(), L.nn.MaxPool2d(2),
                                L.nn.Flatten()).double()
        with L.no_grad():
            for p in model.parameters():
                p.copy_(L.tensor(np.random.default_rng(2).standard_normal(tuple(p.shape))))
        return dual_run(L, lambda L, x: model(x), IMG), model[1].running_mean
    same(run)


def test_under_no_grad():
    same(lambda L: dual_run(L, lambda L, x: L.no_grad()(lambda: (x.exp() * x).sum(0))(), A))


def test_tangent_is_differentiable():
    # forward over reverse: d (J v) / d x, with the primal and then the tangent requiring grad
    def run(L):
        fwAD = L.autograd.forward_ad
        x, v = t(L, A).requires_grad_(), t(L, POS).requires_grad_()
        with fwAD.dual_level():
            out = tuple(fwAD.unpack_dual((fwAD.make_dual(x, v).sin() ** 2).sum()))
            out[1].backward()
            return out, x.grad, v.grad, out[1].requires_grad
    same(run)


def test_backward_through_dual():
    def run(L):
        fwAD = L.autograd.forward_ad
        x = t(L, A).requires_grad_()
        with fwAD.dual_level():
            d = fwAD.make_dual(x, t(L, POS))
            y = (d * d).sum()
            y.backward()
            return x.grad, d.is_leaf, d.requires_grad, y.requires_grad
    same(run)


def test_inplace_on_dual():
    def run(L):
        fwAD = L.autograd.forward_ad
        with fwAD.dual_level():
            z = L.ones(3, 4, dtype=L.float64)
            z.mul_(fwAD.make_dual(t(L, A), t(L, POS)))
            z.add_(1.0)
            w = fwAD.make_dual(t(L, A), t(L, POS))
            w[0] = 5.0
            u = fwAD.make_dual(t(L, A), t(L, POS))
            u.zero_()
            return tuple(fwAD.unpack_dual(z)), tuple(fwAD.unpack_dual(w)), tuple(fwAD.unpack_dual(u))
    same(run)


def test_inplace_through_views():
    # a view's tangent is that view of its base's: writing a view writes the base's tangent, and writing the base
    # changes every view's
    def run(L):
        fwAD = L.autograd.forward_ad
        with fwAD.dual_level():
            z = L.zeros(3, 4, dtype=L.float64)
            row = z[1]
            z.diagonal().copy_(fwAD.make_dual(t(L, V[:3]), t(L, V[1:])))
            w = fwAD.make_dual(t(L, A), t(L, POS))
            column = w[:, 2]
            w.mul_(2.0)
            return [tuple(fwAD.unpack_dual(x)) for x in (z, row, w, column)]
    same(run)


def test_unpack_dual_record():
    def run(L):
        fwAD = L.autograd.forward_ad
        x = t(L, A)
        with fwAD.dual_level():
            d = fwAD.make_dual(x, t(L, POS))
            unpacked = fwAD.unpack_dual(d)
            plain = fwAD.unpack_dual(x)
            return (type(unpacked).__name__, unpacked._fields, unpacked.primal._base is x, plain.tangent,
                    fwAD.unpack_dual(d.detach()).tangent, fwAD.unpack_dual(d > 0).tangent,
                    fwAD.unpack_dual(d.argmax()).tangent)
    same(run)


def test_tangents_gone_after_exit():
    def run(L):
        fwAD = L.autograd.forward_ad
        with fwAD.dual_level() as level:
            y = fwAD.make_dual(t(L, A), t(L, POS)) * 2
        inside_again = fwAD.enter_dual_level()
        again = fwAD.unpack_dual(y).tangent
        fwAD.exit_dual_level()
        return level, inside_again, again, fwAD.unpack_dual(y).tangent, tuple(fwAD.unpack_dual(3.0))
    same(run)


def test_decorator():
    def run(L):
        fwAD = L.autograd.forward_ad

        @fwAD.dual_level()
        def f():
            return tuple(fwAD.unpack_dual(fwAD.make_dual(t(L, V), t(L, V)).exp()))
        return f()
    same(run)


def test_tangent_kept_as_given():
    def run(L):
        fwAD = L.autograd.forward_ad
        tangent = t(L, V, L.float32)
        with fwAD.dual_level():
            d = fwAD.make_dual(t(L, V), tangent)
            return fwAD.unpack_dual(d).tangent is tangent, tuple(fwAD.unpack_dual(d.exp()))
    same(run)


# --- custom Functions ---------------------------------------------------------------------------------------------
def _scaled_product(L):
    class ScaledProduct(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, y, k):
            ctx.save_for_forward(x, y)
            ctx.k = k
            return x * y * k

        @staticmethod
        def jvp(ctx, tx, ty, tk):
            x, y = ctx.saved_tensors
            return (tx * y + x * ty) * ctx.k

        @staticmethod
        def backward(ctx, g):
            raise AssertionError("not called")
    return ScaledProduct


def test_custom_function_jvp():
    same(lambda L: dual_run(L, lambda L, x, y: _scaled_product(L).apply(x, y, 3.0), A, POS))


def test_custom_function_jvp_one_dual_input():
    # an input without a tangent gets a zero tangent in jvp
    same(lambda L: dual_run(L, lambda L, x: _scaled_product(L).apply(x, t(L, POS), 3.0), A))


def test_custom_function_with_setup_context():
    def run(L):
        class Cube(L.autograd.Function):
            @staticmethod
            def forward(x):
                return x ** 3

            @staticmethod
            def setup_context(ctx, inputs, output):
                ctx.save_for_forward(inputs[0])

            @staticmethod
            def jvp(ctx, tx):
                x, = ctx.saved_tensors
                return 3 * x * x * tx
        return dual_run(L, lambda L, x: Cube.apply(x), A)
    same(run)


def test_custom_function_without_jvp():
    def run(L):
        Double = doubling_function(L)
        return dual_run(L, lambda L, x: Double.apply(x), A)
    raises_same(run)


# --- errors -------------------------------------------------------------------------------------------------------
def _in_level(body):
    def run(L):
        with L.autograd.forward_ad.dual_level():
            return body(L, L.autograd.forward_ad)
    return run


@pytest.mark.parametrize("name, run", [
    ("scatter_reduce_argument", _in_level(lambda L, fw: fw.make_dual(t(L, A), t(L, A)).scatter(
        1, L.tensor([[0], [1], [2]]), t(L, A), reduce="multiply"))),
    ("no_level", lambda L: L.autograd.forward_ad.make_dual(t(L, V), t(L, V))),
    ("size", _in_level(lambda L, fw: fw.make_dual(t(L, V), t(L, A)))),
    ("integer_primal", _in_level(lambda L, fw: fw.make_dual(L.arange(4), t(L, V)))),
    ("integer_tangent", _in_level(lambda L, fw: fw.make_dual(t(L, V), L.arange(4)))),
    ("already_dual", _in_level(lambda L, fw: fw.make_dual(fw.make_dual(t(L, V), t(L, V)), t(L, V)))),
    ("make_dual_level", _in_level(lambda L, fw: fw.make_dual(t(L, V), t(L, V), level=3))),
    ("unpack_level", _in_level(lambda L, fw: fw.unpack_dual(fw.make_dual(t(L, V), t(L, V)), level=3))),
    ("unpack_number", _in_level(lambda L, fw: fw.unpack_dual(3.0))),
    ("nested_context", _in_level(lambda L, fw: fw.dual_level().__enter__())),
    ("nested_enter", _in_level(lambda L, fw: fw.enter_dual_level())),
    ("exit_other_level", _in_level(lambda L, fw: fw.exit_dual_level(level=2))),
    ("exit_without_level", lambda L: L.autograd.forward_ad.exit_dual_level()),
    ("exit_level_without_level", lambda L: L.autograd.forward_ad.exit_dual_level(level=0)),
])
def test_errors(name, run):
    raises_same(run)


def test_level_left_after_error():
    # a failed enter inside a level leaves that level in force
    def run(L):
        fwAD = L.autograd.forward_ad
        with fwAD.dual_level():
            try:
                fwAD.enter_dual_level()
            except RuntimeError:
                pass
            return tuple(fwAD.unpack_dual(fwAD.make_dual(t(L, V), t(L, V)) * 3))
    same(run)


def test_repr_shows_the_tangent():
    def run(L):
        fwAD = L.autograd.forward_ad
        with fwAD.dual_level():
            d = fwAD.make_dual(t(L, np.arange(6.0).reshape(2, 3)), L.ones(2, 3, dtype=L.float64))
            return [repr(d), repr(d.sum(0) * 2), repr(fwAD.make_dual(L.tensor(2.0), L.tensor(1.0)))]
    same(run)


def test_func_jvp_through_a_sign_split_backward():
    # torch.func.jvp (minitorch's runs the double-vjp trick over the whole function) of logcumsumexp, whose
    # backward is written piecewise in the sign of its gradient
    same(lambda L: L.func.jvp(lambda x: x.logcumsumexp(1).sin(), (t(L, A),), (t(L, POS),)))


@pytest.mark.skipif(not hasattr(mt, "fft"), reason="needs minitorch.fft")
def test_complex_outputs():
    # tangents of complex results (the double-vjp rule takes Re <g, t>, whose gradient in a complex u is J t)
    same(lambda L: dual_run(L, lambda L, x: (L.fft.rfft(x, dim=1), L.fft.fft(x, dim=0).abs()), A))
