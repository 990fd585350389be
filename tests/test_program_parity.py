"""What ordinary PyTorch programs print, warn and raise, compared with torch: the repr of result tuples, grad_fn
names of layer outputs and losses, torch's messages for in-place errors and broadcasting, warnings, and the
setup_context style of autograd.Function."""
import subprocess
import sys
import warnings

import pytest
import torch

import minitorch as mt
from lib_compare import LIBS, raises_same, same


def both(fn):
    """fn(lib) for torch, then minitorch."""
    return [fn(lib) for lib in LIBS]


def warnings_of(fn):
    """The (category, message) of each warning fn() gives."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [(w.category, str(w.message)) for w in caught]


# --- torch.return_types ---------------------------------------------------------------------------------------------
def test_result_tuples_print_as_torch_return_types():
    def fn(L):
        x = L.tensor([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
        return [repr(r) for r in (x.max(dim=1), x.min(0, keepdim=True), x.sort(descending=True), x.topk(2),
                                  x.kthvalue(1, 1), x.median(0), x.mode(1), x.cummax(1), L.aminmax(x),
                                  L.tensor(2.0).max(0))]
    torch_reprs, mt_reprs = both(fn)
    assert mt_reprs == torch_reprs


def test_linalg_result_tuples_have_torch_names():
    def fn(L):
        A = L.tensor([[2.0, 1.0], [1.0, 3.0]], dtype=L.float64)
        results = (L.linalg.slogdet(A), L.slogdet(A), L.linalg.qr(A), L.linalg.svd(A), L.svd(A), L.linalg.eigh(A),
                   L.linalg.lstsq(A, A), L.linalg.lu_factor(A), L.linalg.lu(A), L.linalg.solve_ex(A, A),
                   L.linalg.inv_ex(A), L.linalg.cholesky_ex(A), L.linalg.lu_factor_ex(A), L.linalg.ldl_factor(A))
        return [(type(r).__name__, type(r).__module__, repr(r).split("=")[0]) for r in results]
    same(fn)


def test_return_type_fields_and_unpacking():
    def fn(L):
        r = L.tensor([[1.0, 4.0], [3.0, 2.0]]).max(1)
        values, indices = r
        return r.values, r.indices, values, indices, len(r), isinstance(r, tuple)
    same(fn)


# --- broadcasting errors ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("shapes", [((2, 3), (3, 2)), ((2, 3, 4), (3, 2, 4)), ((2, 5, 3), (2, 3, 5)), ((4, 3), (2,))])
def test_broadcast_error_names_the_last_mismatching_dim(shapes):
    a, b = shapes
    raises_same(lambda L: L.ones(a) + L.ones(b))
    raises_same(lambda L: L.ones(a).mul_(L.ones(b)))
    raises_same(lambda L: L.broadcast_shapes(a, b))


def test_broadcast_error_of_three_operands():
    raises_same(lambda L: L.where(L.ones(2, 3) > 0, L.ones(3, 2), L.ones(1)))
    raises_same(lambda L: L.broadcast_shapes((2, 3), (1, 3), (4, 1, 1), (5, 1)))


# --- grad_fn names that print(output) and print(loss) show --------------------------------------------------------------
def grad_fn_name(t):
    return None if t.grad_fn is None else t.grad_fn.name()


@pytest.mark.parametrize("shape", [(3,), (4, 3), (0, 3), (5, 4, 3), (2, 1, 4, 3)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_output_grad_fn_named_as_torch(shape, bias):
    def fn(L):
        w = L.linspace(-1, 1, 6).reshape(2, 3).requires_grad_()
        b = L.tensor([0.5, -0.5], requires_grad=True) if bias else None
        x = L.linspace(-2, 2, max(1, int(L.tensor(shape).prod()))).reshape(shape) if 0 not in shape else L.ones(shape)
        y = L.nn.functional.linear(x, w, b)
        y.pow(2).sum().backward()
        return grad_fn_name(y), y, w.grad, None if b is None else b.grad
    same(fn)


def test_layer_outputs_grad_fn_named_as_torch():
    def fn(L):
        L.manual_seed(0)
        nn = L.nn
        x = L.ones(2, 3, 6, 6, requires_grad=True)
        seq = L.ones(2, 5, 3, requires_grad=True)
        outputs = [nn.Conv2d(3, 4, 3)(x), nn.Conv2d(3, 4, 3, bias=False)(x), nn.MaxPool2d(2)(x),
                   nn.MaxPool1d(2)(seq), nn.MaxPool3d(1)(x.unsqueeze(0)), nn.Linear(6, 2)(x), x.double(),
                   x.to(L.float16), nn.functional.max_pool2d(x, 2, return_indices=True)[0],
                   nn.BatchNorm2d(3)(x), nn.BatchNorm2d(3).eval()(x), nn.BatchNorm1d(5)(seq), nn.LayerNorm(6)(x),
                   nn.LayerNorm([6, 6], elementwise_affine=False)(x), nn.GroupNorm(3, 3)(x), nn.Conv1d(5, 2, 2)(seq),
                   nn.Conv1d(5, 2, 2)(seq[0]), nn.Conv2d(3, 2, 2)(x[0]), nn.ConvTranspose2d(3, 2, 2)(x),
                   nn.ConvTranspose1d(5, 2, 2, bias=False)(seq), nn.ConvTranspose2d(3, 2, 2)(x[0]),
                   nn.Conv3d(3, 2, 1)(x.unsqueeze(2))]
        return [grad_fn_name(y) for y in outputs]
    same(fn)


def test_conv_and_norm_results_and_gradients_unchanged_by_their_node_names():
    def fn(L):
        nn = L.nn
        x = L.linspace(-1, 1, 2 * 3 * 5).reshape(2, 3, 5).double().requires_grad_()
        w = L.linspace(-0.5, 0.5, 3 * 2 * 2).reshape(3, 2, 2).double().requires_grad_()
        b = L.tensor([0.1, -0.2], dtype=L.float64, requires_grad=True)
        y = nn.functional.conv_transpose1d(x, w, b, stride=2) + nn.functional.conv1d(x, w.transpose(0, 1)).sum()
        z = nn.functional.layer_norm(y, (y.shape[-1],)) + nn.functional.batch_norm(y, None, None, training=True)
        z.pow(2).sum().backward()
        return z, x.grad, w.grad  # (b's gradient is 0 up to rounding: the norms remove a per-channel shift)
    same(fn)


def test_embedding_bag_grad_fn_named_as_torch():
    def fn(L):
        w = L.linspace(-1, 1, 15).reshape(5, 3).requires_grad_()
        index, offsets = L.tensor([1, 2, 4, 0, 3]), L.tensor([0, 2])
        outs = [L.nn.functional.embedding_bag(index, w, offsets, mode=mode) for mode in ("sum", "mean")]
        outs.append(L.nn.functional.embedding_bag(index, w, offsets, mode="sum", per_sample_weights=L.ones(5)))
        return [grad_fn_name(y) for y in outs]
    same(fn)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("loss", ["mse", "smooth_l1", "huber", "bce", "bce_logits", "bce_logits_pos_weight",
                                  "soft_margin", "multi_margin", "multilabel_margin", "l1", "cross_entropy", "nll"])
def test_loss_grad_fn_named_as_torch_and_gradients_unchanged(loss, reduction):
    def fn(L):
        F = L.nn.functional
        x = L.tensor([[0.3, -0.2, 0.9], [0.1, 0.5, -0.4]], dtype=L.float64, requires_grad=True)
        t = L.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype=L.float64)
        c = L.tensor([1, 2])
        out = {"mse": lambda: F.mse_loss(x, t, reduction=reduction),
               "smooth_l1": lambda: F.smooth_l1_loss(x, t, reduction=reduction, beta=0.5),
               "huber": lambda: F.huber_loss(x, t, reduction=reduction, delta=0.4),
               "bce": lambda: F.binary_cross_entropy(x.sigmoid(), t, reduction=reduction),
               "bce_logits": lambda: F.binary_cross_entropy_with_logits(x, t, reduction=reduction),
               "bce_logits_pos_weight": lambda: F.binary_cross_entropy_with_logits(
                   x, t, reduction=reduction, pos_weight=L.tensor([1.0, 2.0, 0.5], dtype=L.float64)),
               "soft_margin": lambda: F.soft_margin_loss(x, t * 2 - 1, reduction=reduction),
               "multi_margin": lambda: F.multi_margin_loss(x, c, reduction=reduction),
               "multilabel_margin": lambda: F.multilabel_margin_loss(x, L.tensor([[1, -1, 0], [2, 0, -1]]),
                                                                     reduction=reduction),
               "l1": lambda: F.l1_loss(x, t, reduction=reduction),
               "cross_entropy": lambda: F.cross_entropy(x, c, reduction=reduction),
               "nll": lambda: F.nll_loss(x, c, reduction=reduction)}[loss]()
        out.sum().backward()
        return grad_fn_name(out), out, x.grad
    same(fn)


def test_loss_modules_print_as_torch():
    def fn(L):
        x = L.tensor([[0.3, -0.2], [0.1, 0.5]], requires_grad=True)
        t = L.tensor([[1.0, 0.0], [0.0, 1.0]])
        return [str(m(x, t)) for m in (L.nn.MSELoss(), L.nn.MSELoss(reduction="sum"), L.nn.BCEWithLogitsLoss(),
                                      L.nn.SmoothL1Loss(), L.nn.HuberLoss(), L.nn.L1Loss())]
    same(fn)


# --- in-place errors ------------------------------------------------------------------------------------------------
def _relu_output_changed(L):
    x = L.ones(4, requires_grad=True)
    y = L.relu(x * 1)
    z = y * 3
    y.add_(1)  # relu saved its output y
    z.sum().backward()


def _sigmoid_output_changed_twice(L):
    y = L.sigmoid(L.ones(4, requires_grad=True))
    y.add_(1)
    y.mul_(2)
    y.sum().backward()


def _saved_input_changed(L):
    z = (L.ones(4, requires_grad=True) * 2).exp()
    y = z.sin()  # saves its input z
    z.add_(1)
    y.sum().backward()


def _exp_output_changed_through_a_view(L):
    y = L.ones(4, requires_grad=True).exp()
    y[1:].mul_(2)
    y.sum().backward()


def _tanh_of_a_chunk_changed(L):
    a, _ = (L.ones(4, requires_grad=True) * 1).chunk(2)
    s = a.tanh()
    s += 1
    s.sum().backward()


@pytest.mark.parametrize("program", [_relu_output_changed, _sigmoid_output_changed_twice, _saved_input_changed,
                                     _exp_output_changed_through_a_view, _tanh_of_a_chunk_changed])
def test_modified_saved_tensor_named_as_torch_names_it(program):
    torch_message, mt_message = raises_same(program, exact=False)
    # minitorch adds which node saved the tensor and which op changed it, in parentheses before the hint
    assert mt_message.split(" is at version")[0] == torch_message.split(" is at version")[0]


# --- warnings --------------------------------------------------------------------------------------------------------
SCALAR_OF_GRAPH = """
import warnings, sys
import {lib} as torch
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    x = torch.tensor(2.0, requires_grad=True) * 3
    with torch.no_grad():
        float(x)                      # no graph is being recorded: no warning
    int(x)
    x.item()
    a = float(x)
    b = "%.2f" % x                    # the warning is given once per process
    c = float(torch.tensor(1.0))
print([(w.category.__name__, str(w.message).split(" (Triggered")[0]) for w in caught], a, b, c)
"""


def test_float_of_a_tensor_in_a_graph_warns_once_as_torch():
    outputs = [subprocess.run([sys.executable, "-c", SCALAR_OF_GRAPH.format(lib=lib.__name__)], capture_output=True,
                              text=True, check=True).stdout for lib in LIBS]
    assert outputs[1] == outputs[0]
    assert "UserWarning" in outputs[0]


def test_full_backward_hook_without_input_gradients_warns_as_torch():
    def fn(L):
        layer = L.nn.Linear(2, 2)
        grads = []
        layer.register_full_backward_hook(lambda m, gin, gout: grads.append((gin, gout[0].shape)))
        caught = warnings_of(lambda: layer(L.ones(3, 2)).sum().backward())
        return caught, grads[0][0], tuple(grads[0][1])
    torch_result, mt_result = both(fn)
    assert mt_result == torch_result


def test_full_backward_hook_with_input_gradients_does_not_warn():
    def fn(L):
        layer = L.nn.Linear(2, 2)
        layer.register_full_backward_hook(lambda m, gin, gout: None)
        return warnings_of(lambda: layer(L.ones(3, 2, requires_grad=True)).sum().backward())
    assert both(fn) == [[], []]


# --- autograd.Function with setup_context ------------------------------------------------------------------------------
def _scaled_product(L):
    class ScaledProduct(L.autograd.Function):
        @staticmethod
        def forward(x, y, scale=2.0):
            return x * y * scale

        @staticmethod
        def setup_context(ctx, inputs, output):
            x, y, scale = inputs
            ctx.save_for_backward(x, y)
            ctx.scale = scale

        @staticmethod
        def backward(ctx, g):
            x, y = ctx.saved_tensors
            return g * y * ctx.scale, g * x * ctx.scale, None
    return ScaledProduct


def test_function_with_setup_context_as_torch():
    def fn(L):
        fn_cls = _scaled_product(L)
        x = L.tensor([1.0, -2.0, 3.0], dtype=L.float64, requires_grad=True)
        y = L.tensor([0.5, 4.0, -1.0], dtype=L.float64, requires_grad=True)
        out = fn_cls.apply(x, y)
        out3 = fn_cls.apply(x, y, scale=3.0)
        (out.sum() + out3.pow(2).sum()).backward()
        with L.no_grad():
            plain = fn_cls.apply(x, y)
        direct = fn_cls.forward(x.detach(), y.detach(), 1.0)  # forward itself takes no ctx
        return grad_fn_name(out), out, out3, x.grad, y.grad, plain.requires_grad, direct
    same(fn)


def test_function_with_setup_context_double_backward():
    def fn(L):
        x = L.tensor([1.5, -0.5], dtype=L.float64, requires_grad=True)
        y = _scaled_product(L).apply(x, x)  # 2 x^2
        g, = L.autograd.grad(y.sum(), x, create_graph=True)
        gg, = L.autograd.grad(g.sum(), x)
        return g, gg
    same(fn)


def test_base_setup_context_raises_as_torch():
    raises_same(lambda L: L.autograd.Function.setup_context(None, (), None))


# --- torch.Size arithmetic ----------------------------------------------------------------------------------------------
def test_size_joined_or_repeated_stays_a_size():
    def fn(L):
        s = L.ones(2, 3).shape
        results = (s + (4,), (4,) + s, s + s, s * 2, 2 * s, s[:-1] + (3, -1), s * 0)
        return [(repr(r), type(r).__name__) for r in results]
    same(fn)
    raises_same(lambda L: L.Size([2, 3]) + [1])


def test_view_with_a_size_made_by_joining():
    same(lambda L: L.arange(12.0).reshape(2, 6).view(L.Size([2]) + (3, -1)))


# --- messages of common mistakes ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("program", [
    lambda L: bool(L.ones(2)), lambda L: bool(L.ones(0)), lambda L: L.is_nonzero(L.ones(3)),
    lambda L: L.ones(6).view(-2, 3), lambda L: L.ones(2).reshape(3, -4), lambda L: L.arange(6).unflatten(0, (4, 2)),
    lambda L: L.arange(6).unflatten(-1, (-1, 4)), lambda L: L.arange(6).unflatten(0, (0, -1)),
    lambda L: L.ones(2, 6).unflatten(1, (5, -1)), lambda L: L.arange(6).unflatten(0, ()),
    lambda L: L.autograd.grad(L.ones(2).sum(), [L.ones(2)]),
    lambda L: L.autograd.grad((L.ones(2, requires_grad=True) * 2).sum(), [L.ones(2)]),
    lambda L: L.autograd.grad(L.ones(2, requires_grad=True) * 2, [L.ones(2)])])
def test_error_message_as_torch(program):
    raises_same(program)


def test_unflatten_still_infers_a_size():
    same(lambda L: (L.arange(6).unflatten(0, (-1, 3)), L.ones(2, 6).unflatten(-1, (3, 2)).shape))


def test_grad_of_a_non_leaf_warns_as_torch():
    def fn(L):
        y = L.ones(2, requires_grad=True) * 2
        return warnings_of(lambda: y.grad)
    torch_warnings, mt_warnings = both(fn)
    assert [(c, m.split(" (Triggered")[0]) for c, m in torch_warnings] == mt_warnings


# --- data made with linspace --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("steps", [2, 7, 29, 30, 100, 1001])
@pytest.mark.parametrize("bounds", [(0, 1), (-1, 1), (-3, 3), (-2.5, 7.1), (5, -5), (1e-3, 1e3)])
def test_float32_linspace_is_bit_for_bit_torch(steps, bounds):
    theirs, ours = both(lambda L: L.linspace(bounds[0], bounds[1], steps).numpy())
    assert ours.dtype == theirs.dtype and (ours == theirs).all()


# --- warnings ordinary programs meet -----------------------------------------------------------------------------------
def _messages(caught):
    return [(category, message.split(" (Triggered internally")[0]) for category, message in caught]


@pytest.mark.parametrize("program", [
    lambda L: L.tensor(L.ones(2, 3)), lambda L: L.tensor(L.nn.Parameter(L.ones(2)), dtype=L.float64),
    lambda L: L.tensor([L.tensor(1.0), L.tensor(2.0)]), lambda L: L.as_tensor(L.ones(2)),
    lambda L: L.nn.functional.kl_div(L.ones(2, 3), L.ones(2, 3)),
    lambda L: L.nn.functional.upsample(L.ones(1, 1, 2, 2), scale_factor=2),
    lambda L: L.optim.lr_scheduler.StepLR(L.optim.SGD([L.nn.Parameter(L.ones(1))], lr=0.1), 1).step(1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2), 1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, batch_first=True), 1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, batch_first=True, norm_first=True), 1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, batch_first=True, activation="gelu"), 1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, batch_first=True,
                                                                   activation=L.nn.functional.silu), 1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(9, 3, batch_first=True), 1),
    lambda L: L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2), 1, enable_nested_tensor=False)])
def test_warnings_as_torch(program):
    torch_caught, mt_caught = both(lambda L: warnings_of(lambda: program(L)))
    assert _messages(mt_caught) == _messages(torch_caught)


def test_tensor_copy_warning_names_the_callers_line():
    def fn(L):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            L.tensor(L.ones(2))
        return [(w.filename, w.lineno) for w in caught]
    torch_where, mt_where = both(fn)
    assert mt_where == torch_where and torch_where[0][0] == __file__


def test_encoder_keeps_torch_nested_tensor_flags():
    same(lambda L: [(e.enable_nested_tensor, e.use_nested_tensor, e.mask_check) for e in (
        L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2, batch_first=True), 1),
        L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2), 1, mask_check=False),
        L.nn.TransformerEncoder(L.nn.TransformerEncoderLayer(8, 2), 1, enable_nested_tensor=False))])


ONCE_PER_PROCESS = """
import warnings
import {lib} as torch
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for _ in range(2):
        torch.ones(3).T, torch.ones(2, 3, 4).T, torch.ones(()).T, torch.ones(2, 3).T
        torch.meshgrid(torch.arange(2), torch.arange(3))
        torch.meshgrid(torch.arange(2), torch.arange(3), indexing="xy")
        torch.cross(torch.ones(3, 3), torch.ones(3, 3))
        torch.ones(3, 3).cross(torch.ones(3, 3), dim=1)
        torch.lu(torch.eye(2))
print([(w.category.__name__, str(w.message).split(" (Triggered")[0]) for w in caught])
"""


def test_warnings_torch_gives_once_per_process():
    outputs = [subprocess.run([sys.executable, "-c", ONCE_PER_PROCESS.format(lib=lib.__name__)], capture_output=True,
                              text=True, check=True).stdout for lib in LIBS]
    assert outputs[1] == outputs[0]
    assert outputs[0].count("UserWarning") == 5
