"""The autograd engine against torch 2.13: graph records, backward/grad options, grad modes, hooks, torch's errors,
anomaly mode, custom Functions, long chains, graph freeing and higher-order derivatives (gradcheck:
test_gradcheck.py).

Most tests run the same function with ``lib = torch`` and ``lib = minitorch`` and compare what it returns.
"""
import gc
import sys
import time
import warnings
import weakref

import numpy as np
import pytest
import torch

import minitorch as mt

from lib_compare import LIBS, plain, raises_same, same

# --- the graph record ---------------------------------------------------------------------------------------------
NAMED = {
    "add": lambda L, x, y: x + y, "add_scalar": lambda L, x, y: x + 1, "sub": lambda L, x, y: x - y,
    "mul": lambda L, x, y: x * y, "div": lambda L, x, y: x / y, "pow": lambda L, x, y: x ** 2,
    "neg": lambda L, x, y: -x, "exp": lambda L, x, y: x.exp(), "log": lambda L, x, y: x.log(),
    "tanh": lambda L, x, y: x.tanh(), "sigmoid": lambda L, x, y: x.sigmoid(), "relu": lambda L, x, y: x.relu(),
    "sum": lambda L, x, y: x.sum(), "mm": lambda L, x, y: x @ y, "mv": lambda L, x, y: x @ y[0],
    "dot": lambda L, x, y: x[0] @ y[0], "batched_matmul": lambda L, x, y: x[None] @ y,
    "view": lambda L, x, y: x.view(-1), "reshape_copy": lambda L, x, y: x.t().reshape(-1),
    "flatten": lambda L, x, y: x.flatten(), "t": lambda L, x, y: x.t(), "transpose": lambda L, x, y: x.transpose(0, 1),
    "permute": lambda L, x, y: x.permute(1, 0), "unsqueeze": lambda L, x, y: x.unsqueeze(0),
    "squeeze": lambda L, x, y: x[None].squeeze(), "squeeze_dim": lambda L, x, y: x[None].squeeze(0),
    "squeeze_dims": lambda L, x, y: x[None].squeeze((0, 1)), "expand": lambda L, x, y: x.expand(2, 3, 3),
    "select": lambda L, x, y: x[0], "slice": lambda L, x, y: x[1:], "index": lambda L, x, y: x[[0, 1]],
    "cat": lambda L, x, y: L.cat([x, y]), "stack": lambda L, x, y: L.stack([x, y]), "clone": lambda L, x, y: x.clone(),
    "repeat": lambda L, x, y: x.repeat(2, 1), "flip": lambda L, x, y: x.flip(0), "roll": lambda L, x, y: x.roll(1),
    "where": lambda L, x, y: L.where(x > 0, x, y), "masked_fill": lambda L, x, y: x.masked_fill(x > 3, 0.0),
    "gather": lambda L, x, y: x.gather(0, L.tensor([[0, 1, 2]])), "softmax": lambda L, x, y: x.softmax(0),
    "narrow": lambda L, x, y: x.narrow(0, 0, 2), "mT": lambda L, x, y: x.mT, "T": lambda L, x, y: x.T,
    "split": lambda L, x, y: x.split(2)[1], "split_sizes": lambda L, x, y: x.split([1, 2], 1)[0],
    "chunk": lambda L, x, y: x.chunk(3)[0], "unbind": lambda L, x, y: x.unbind(1)[2],
    "log1p": lambda L, x, y: x.log1p(), "sgn": lambda L, x, y: x.sgn(), "sign": lambda L, x, y: x.sign(),
    "square": lambda L, x, y: x.square(), "nan_to_num": lambda L, x, y: x.nan_to_num(),
    "deg2rad": lambda L, x, y: x.deg2rad(), "rad2deg": lambda L, x, y: x.rad2deg(), "angle": lambda L, x, y: x.angle(),
    "clamp": lambda L, x, y: x.clamp(2, 5), "clamp_tensors": lambda L, x, y: x.clamp(y, y + 2),
    "clamp_min": lambda L, x, y: x.clamp_min(2), "clamp_min_tensor": lambda L, x, y: x.clamp_min(y),
    "clamp_max": lambda L, x, y: x.clamp_max(2), "clamp_max_tensor": lambda L, x, y: x.clamp_max(y),
    "logcumsumexp": lambda L, x, y: x.logcumsumexp(0), "var": lambda L, x, y: x.var(), "std": lambda L, x, y: x.std(0),
    "triu": lambda L, x, y: x.triu(1), "tril": lambda L, x, y: x.tril(),
    "trace": lambda L, x, y: x.trace(), "H": lambda L, x, y: x.H, "mH": lambda L, x, y: x.mH,
}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_grad_fn_names(name):
    names = []
    for lib in LIBS:
        x = lib.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]], requires_grad=True) * 1
        y = lib.tensor([[1.0, -2, 3], [4, 5, -6], [7, 8, 9]], requires_grad=True) * 1
        node = NAMED[name](lib, x, y).grad_fn
        names.append((type(node).__name__, node.name()))
    assert names[1] == names[0]


def test_grad_fn_in_repr():
    for lib in LIBS:
        assert "grad_fn=<MulBackward0>" in repr(lib.ones(2, requires_grad=True) * 2)
        assert "grad_fn=<CopySlices>" in repr(_written(lib))


def _written(lib):
    y = lib.ones(3, requires_grad=True) * 1
    y[0] = 5.0
    return y


def test_is_leaf_and_requires_grad_propagation():
    def fn(L):
        a, b = L.ones(2), L.ones(2, requires_grad=True)
        c, d = b * 2, a * 2
        with L.no_grad():
            e = b * 2
        f = (b > 0)
        return [a.is_leaf, b.is_leaf, c.is_leaf, d.is_leaf, e.is_leaf, c.requires_grad, d.requires_grad,
                (a + c).requires_grad, b.detach().is_leaf, f.requires_grad, b.long().requires_grad, e.grad_fn,
                c.grad_fn.next_functions[0][0].variable is b, type(c.grad_fn.next_functions[0][0]).__name__]
    same(fn)


def test_next_functions():
    def fn(L):
        x, w = L.tensor([1.0, 2.0], requires_grad=True), L.tensor([3.0, 4.0])
        y = x * w + x
        first = y.grad_fn.next_functions
        return [(type(n).__name__ if n is not None else None, i) for n, i in first] + \
            [(type(n).__name__ if n is not None else None, i) for n, i in first[0][0].next_functions]
    same(fn)


def test_requires_grad_on_integer_tensor_raises():
    assert "floating point" in raises_same(lambda L: L.ones(3, dtype=L.int64).requires_grad_())[1]
    assert "floating point and complex dtype" in raises_same(lambda L: L.tensor([1, 2], requires_grad=True))[1]
    raises_same(lambda L: L.zeros(3, dtype=L.int64, requires_grad=True))
    raises_same(lambda L: L.ones(2, dtype=L.bool, requires_grad=True))


def test_requires_grad_of_non_leaf_cannot_be_cleared():
    def fn(L):
        y = L.ones(3, requires_grad=True) * 2
        y.requires_grad = False
    raises_same(fn)


# --- backward and grad ---------------------------------------------------------------------------------------------
def test_backward_with_gradient_and_accumulation():
    def fn(L):
        x = L.tensor([1.0, 2.0, 3.0], dtype=L.float64, requires_grad=True)
        (x * x).backward(L.tensor([1.0, 0.5, -1.0], dtype=L.float64))
        first = x.grad.clone()
        (x ** 3).sum().backward()
        second = x.grad.clone()
        x.grad.zero_()
        (x * 2).sum().backward()
        return first, second, x.grad
    same(fn)


def test_broadcast_operand_gradients_are_reduced():
    def fn(L):
        a = L.ones(3, 1, requires_grad=True)
        b = L.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        c = L.tensor(2.0, requires_grad=True)
        d = L.ones(1, 1, 4, requires_grad=True)
        (a * b * c + d).pow(2).sum().backward()
        return a.grad, b.grad, c.grad, d.grad
    same(fn)


def test_backward_retain_graph():
    def fn(L):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        y = (x.exp() * x).sum()
        y.backward(retain_graph=True)
        y.backward()
        return x.grad
    same(fn)


def test_backward_twice_without_retain_graph_raises():
    def fn(L):
        x = L.ones(3, requires_grad=True)
        y = x.exp().sum()
        y.backward()
        y.backward()
    assert "backward through the graph a second time" in raises_same(fn)[1]


def test_backward_of_non_scalar_without_gradient_raises():
    assert raises_same(lambda L: (L.ones(3, requires_grad=True) * 2).backward())[1] == \
        "grad can be implicitly created only for scalar outputs"


def test_backward_errors():
    raises_same(lambda L: L.ones(3).sum().backward())
    raises_same(lambda L: (L.ones(3, requires_grad=True) * 2).backward(L.ones(2)))
    raises_same(lambda L: L.autograd.backward([L.ones(2, requires_grad=True) * 2] * 2, [L.ones(2)]))
    raises_same(lambda L: (L.ones(1, requires_grad=True) * 3).sum().backward(inputs=[]))


def test_backward_create_graph():
    def fn(L):
        x = L.tensor([1.0, 2.0], dtype=L.float64, requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns about the parameter/gradient reference cycle
            (x ** 3).sum().backward(create_graph=True)
        g = x.grad
        x.grad = None
        g.sum().backward()
        return g.requires_grad, g, x.grad
    same(fn)


def test_backward_inputs():
    def fn(L):
        x = L.tensor([2.0], requires_grad=True)
        w = L.tensor([3.0], requires_grad=True)
        (x * w).sum().backward(inputs=[x])
        y = x * 3
        (y * y).sum().backward(inputs=y)
        return x.grad, w.grad, y.grad
    same(fn)


def test_multiple_roots():
    def fn(L):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        L.autograd.backward([x * 2, (x ** 2).sum()], [L.ones(2), None])
        return x.grad
    same(fn)


def test_nodes_run_in_torchs_order():
    """Branches of different lengths, a root upstream of another root, a leaf first used after other nodes, a
    node reached by two edges of one node, a multi-output node and autograd.grad's pruning: every node runs once,
    all of its gradients summed, in torch's order (the node pre-hooks log it)."""
    def fn(L):
        order = []
        x = L.tensor([1.0, 2.0, 3.0], dtype=L.float64, requires_grad=True)
        a = x.exp()
        b = a * a  # two edges to one node
        c = (a.sin() * 3).cos()  # a longer branch
        late = L.tensor([0.5, 0.25, 2.0], dtype=L.float64, requires_grad=True)  # its AccumulateGrad made last
        d = b + c * late
        parts = d.split([1, 2])  # a node with two outputs
        e = parts[0].sum() * 2 + parts[1].sum()
        nodes = [a, b, c, d, parts[0], e]
        for t in nodes:
            t.grad_fn.register_prehook(lambda g, name=t.grad_fn.name(): order.append(name))
        L.autograd.backward([d.sum(), e], retain_graph=True)  # d.sum() depends on nothing e needs first
        first = list(order)
        order.clear()
        (gx,) = L.autograd.grad(e, [x], retain_graph=True)
        return first, list(order), x.grad, late.grad, gx
    same(fn)


def test_grad_function():
    def fn(L):
        x = L.tensor([1.0, 2.0], dtype=L.float64, requires_grad=True)
        y = L.tensor([3.0], dtype=L.float64, requires_grad=True)
        gx, gy = L.autograd.grad([x * y, y * 2], [x, y], grad_outputs=[L.ones(2, dtype=L.float64),
                                                                         L.tensor([2.0], dtype=L.float64)])
        z = (x.exp()).sum()
        a = L.autograd.grad(z, x, retain_graph=True)[0]
        b = L.autograd.grad(z, [x])[0]
        unused = L.autograd.grad((x * 2).sum(), [x, y], allow_unused=True)[1]
        zeros = L.autograd.grad((x * 2).sum(), [x, y], materialize_grads=True)[1]
        return gx, gy, a, b, unused, zeros, x.grad, y.grad
    same(fn)


def test_grad_errors():
    def unused(L):
        x, y = L.ones(3, requires_grad=True), L.ones(3, requires_grad=True)
        L.autograd.grad((x * 2).sum(), [x, y])
    assert "allow_unused=True" in raises_same(unused)[1]

    def not_requiring(L):
        L.autograd.grad((L.ones(3, requires_grad=True) * 2).sum(), [L.ones(3)])
    raises_same(not_requiring)

    def twice(L):
        x = L.ones(2, requires_grad=True)
        z = x.exp().sum()
        L.autograd.grad(z, x)
        L.autograd.grad(z, x)
    raises_same(twice)


def test_grad_create_graph_gives_differentiable_gradient():
    def fn(L):
        x = L.tensor([2.0, -1.0], dtype=L.float64, requires_grad=True)
        (g,) = L.autograd.grad((x ** 3).sum(), x, create_graph=True)
        (gg,) = L.autograd.grad(g.sum(), x, create_graph=True)
        (ggg,) = L.autograd.grad(gg.sum(), x)
        return g.requires_grad, type(g.grad_fn).__name__, g, gg, ggg
    same(fn)


# --- grad modes -----------------------------------------------------------------------------------------------------
def test_grad_modes_as_context_managers_and_decorators():
    def fn(L):
        x = L.ones(2, requires_grad=True)
        L.set_grad_enabled(False)
        y = x * 2
        L.set_grad_enabled(True)
        z = x * 2

        @L.no_grad()
        def f(t):
            return t * 2

        @L.no_grad
        def f_bare(t):
            return t * 2

        @L.enable_grad()
        def g(t):
            return t * 2

        @L.set_grad_enabled(False)
        def h(t):
            return t * 2

        @L.inference_mode()
        def k(t):
            return t * 2

        @L.inference_mode
        def k_bare(t):
            return t * 2

        with L.no_grad():
            a = g(x)
            with L.enable_grad():
                b = x * 2
            c = x * 2
            inside = L.is_grad_enabled()
        with L.set_grad_enabled(False):
            d = x * 2
        with L.inference_mode():
            e = x * 2
            inference = L.is_inference_mode_enabled()
        with L.inference_mode(False):
            f2 = x * 2
        return [y.requires_grad, z.requires_grad, f(x).requires_grad, f_bare(x).requires_grad, a.requires_grad,
                b.requires_grad, c.requires_grad, inside, d.requires_grad, h(x).requires_grad, k(x).requires_grad,
                k_bare(x).requires_grad, e.requires_grad, f2.requires_grad, inference,
                L.is_inference_mode_enabled(), L.is_grad_enabled(), f.__name__]
    same(fn)


def test_grad_mode_restored_after_exception():
    for lib in LIBS:
        with pytest.raises(ValueError):
            with lib.no_grad():
                raise ValueError
        assert lib.is_grad_enabled()


# --- detach, retain_grad, hooks ---------------------------------------------------------------------------------
def test_detach_and_requires_grad_():
    def fn(L):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        d = y.detach()
        d[0] = 10.0  # shares memory and version counter with y
        res = [d.requires_grad, d.is_leaf, y, y._version, d._version]
        z = x * 3
        z.detach_()
        res += [z.requires_grad, z.grad_fn, z.is_leaf]
        w = L.ones(2).requires_grad_()
        res += [w.requires_grad, w.is_leaf]
        w.requires_grad_(False)
        res.append(w.requires_grad)
        return res
    same(fn)
    raises_same(lambda L: L.ones(3, requires_grad=True)[:2].detach_())


def test_retain_grad_and_tensor_hooks():
    def fn(L):
        log = []
        x = L.tensor([1.0, 2.0], requires_grad=True)
        h = x.register_hook(lambda g: g * 10)
        y = x * 3
        y.register_hook(lambda g: log.append(g.clone()))
        y.register_hook(lambda g: g + 1)
        y.retain_grad()
        y.register_hook(lambda g: g * 2)  # registered after retain_grad: .grad still sees it (torch 2.x)
        z = (y * y).sum()
        z.backward(retain_graph=True)
        first = [x.grad.clone(), y.grad.clone()]
        h.remove()
        z.backward()
        return log, first, x.grad, y.grad, y.retains_grad, x.retains_grad
    same(fn)


def test_grad_of_non_leaf_warns_and_is_none():
    for lib in LIBS:
        x = lib.ones(2, requires_grad=True)
        y = x * 2
        y.sum().backward()
        with pytest.warns(UserWarning, match="not a leaf Tensor"):
            assert y.grad is None


def test_assigning_grad_checks_like_torch():
    for value in (lambda L: L.ones(3), lambda L: L.ones(2, dtype=L.float64), lambda L: 5):
        raises_same(lambda L: setattr(L.ones(2, requires_grad=True), "grad", value(L)), exact=False)


def test_hook_errors():
    raises_same(lambda L: L.ones(3).register_hook(lambda g: g))
    raises_same(lambda L: L.ones(3).retain_grad())


def test_node_hooks():
    def fn(L):
        log = []
        x = L.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp()
        y.grad_fn.register_hook(lambda gi, go: log.append(("post", len(gi), len(go), gi[0].clone(), go[0].clone())))
        y.grad_fn.register_prehook(lambda go: log.append(("pre", go[0].clone())))
        y.sum().backward()
        w = L.tensor([3.0, 4.0], requires_grad=True)
        z = x * w
        z.grad_fn.register_prehook(lambda go: (go[0] * 3,))
        z.grad_fn.register_hook(lambda gi, go: (gi[0] * 0 + 7, gi[1]))
        z.sum().backward()
        return log, x.grad, w.grad
    same(fn)


def test_post_accumulate_grad_hook():
    def fn(L):
        x = L.tensor([1.0, 2.0], requires_grad=True)
        seen = []
        x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))
        (x * 2).sum().backward()
        (x * 3).sum().backward()
        return seen
    same(fn)


# --- in-place and saved tensors ---------------------------------------------------------------------------------
def test_inplace_on_leaf_requiring_grad_raises():
    def fn(L):
        L.ones(3, requires_grad=True).add_(1)
    raises_same(fn)
    raises_same(lambda L: L.ones(3, requires_grad=True).__setitem__(0, 1.0))
    raises_same(lambda L: L.ones(3, requires_grad=True)[1:].mul_(2))

    def allowed(L):
        x = L.ones(3, requires_grad=True)
        with L.no_grad():
            x.add_(1)
            x[0] = 5.0
        return x, x._version, x.requires_grad, x.is_leaf
    same(allowed)


def test_modified_saved_tensor_error_names_ops_and_versions():
    def fn(L):
        x = L.ones(3, requires_grad=True)
        z = (x * 2).exp()
        y = z.sin()  # saves z
        z.add_(1)
        y.sum().backward()
    msg = raises_same(fn, exact=False)[1]
    assert "has been modified by an inplace operation" in msg
    assert "[torch.FloatTensor [3]], which is output 0 of Add, is at version 1; expected version 0 instead" in msg
    assert "saved by SinBackward0" in msg and "modified in place by add_" in msg


def test_inplace_ops_that_need_their_input_work_as_torch():
    def fn(L):
        w = L.tensor([1.0, -2.0, 3.0], dtype=L.float64, requires_grad=True)
        y = L.tensor([0.5, 2.0, -1.0], dtype=L.float64, requires_grad=True)
        a = w * 1
        a.mul_(y)
        a.div_(y + 3)
        a.pow_(2)
        a.mul_(2.0)
        a.sum().backward()
        return a, w.grad, y.grad, a._version
    same(fn)


# --- anomaly mode ---------------------------------------------------------------------------------------------------
def test_anomaly_mode_names_the_forward_op():
    def fn(L):
        with L.autograd.detect_anomaly():
            a = L.tensor([-1.0, 4.0], requires_grad=True)
            b = a.sqrt()  # noqa: F841 - the line the warning points at
            b.sum().backward()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        msg = raises_same(fn)[1]
    assert msg == "Function 'SqrtBackward0' returned nan values in its 0th output."
    traces = [str(w.message) for w in caught if "Error detected in SqrtBackward0" in str(w.message)]
    assert len(traces) == 2 and "b = a.sqrt()" in traces[1]  # torch's and ours


def test_set_detect_anomaly_and_decorator():
    for lib in LIBS:
        lib.autograd.set_detect_anomaly(True)
        try:
            assert lib.is_anomaly_enabled()
            x = lib.tensor([0.0, 1.0], requires_grad=True)
            with pytest.raises(RuntimeError, match="DivBackward0' returned nan values in its 1th output"):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    (x / x).sum().backward()
        finally:
            lib.autograd.set_detect_anomaly(False)
        assert not lib.is_anomaly_enabled()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch warns that anomaly mode is slow
            with lib.autograd.detect_anomaly():
                assert lib.is_anomaly_enabled()
        assert not lib.is_anomaly_enabled()

    @mt.autograd.detect_anomaly()  # minitorch's also decorates
    def inside():
        return mt.is_anomaly_enabled()
    assert inside() and not mt.is_anomaly_enabled()


# --- custom Functions --------------------------------------------------------------------------------------------
def _cube(L):
    class Cube(L.autograd.Function):
        @staticmethod
        def forward(ctx, x, k, flag=True):
            ctx.save_for_backward(x)
            ctx.k = k
            return x ** 3 * k

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x ** 2 * ctx.k, None, None
    return Cube


def test_custom_function_double_backward():
    def fn(L):
        x = L.tensor([1.0, 2.0], dtype=L.float64, requires_grad=True)
        y = _cube(L).apply(x, 2.0)
        (g,) = L.autograd.grad(y.sum(), x, create_graph=True)
        (gg,) = L.autograd.grad(g.sum(), x)
        return type(y.grad_fn).__name__, y, g, gg, y.grad_fn.needs_input_grad
    same(fn)


def test_custom_function_multiple_outputs_and_non_differentiable():
    def fn(L):
        class Split(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                idx = (x > 0).long()
                ctx.mark_non_differentiable(idx)
                return x * 2, x * 3, idx

            @staticmethod
            def backward(ctx, g1, g2, gi):
                return g1 * 2 + g2 * 3
        x = L.tensor([1.0, -2.0], requires_grad=True)
        a, b, i = Split.apply(x)
        a.sum().backward()
        return x.grad, i, i.requires_grad, a.requires_grad, b.grad_fn is a.grad_fn, a.output_nr, b.output_nr
    same(fn)


def test_custom_function_materialize_grads():
    def fn(L, materialize):
        seen = []

        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.set_materialize_grads(materialize)
                return x * 1, x * 2

            @staticmethod
            def backward(ctx, g1, g2):
                seen.append((g1 is None, None if g1 is None else g1.clone()))
                return g2 * 2 if g1 is None else g1 + g2 * 2
        x = L.tensor([1.0], requires_grad=True)
        F.apply(x)[1].sum().backward()
        return seen, x.grad
    same(lambda L: fn(L, False))
    same(lambda L: fn(L, True))


def test_custom_function_non_tensor_output_gets_none():
    """With grads materialized, an unused tensor output's gradient is zeros but a non-tensor output's stays
    None."""
    def fn(L):
        seen = []

        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2, 3, x * 3

            @staticmethod
            def backward(ctx, g1, g2, g3):
                seen.append((g2, g3.clone()))
                return g1 * 2 + g3 * 3
        x = L.tensor([1.0, 2.0], requires_grad=True)
        F.apply(x)[0].sum().backward()
        return seen, x.grad
    same(fn)


def _add_one_in_place(L):
    """A custom Function that writes into its input and says so with mark_dirty."""
    class AddOne(L.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            x.add_(1)
            ctx.mark_dirty(x)
            return x

        @staticmethod
        def backward(ctx, g):
            return g
    return AddOne


def test_custom_function_mark_dirty():
    def fn(L):
        AddOne = _add_one_in_place(L)
        w = L.tensor([1.0, 2.0], requires_grad=True)
        y = w * 2
        z = AddOne.apply(y)
        (z * z).sum().backward()
        return z is y, y, w.grad, y._version, type(y.grad_fn).__name__
    same(fn)

    def leaf(L):
        _add_one_in_place(L).apply(L.ones(2, requires_grad=True))
    raises_same(leaf)


def test_custom_function_needs_input_grad_and_non_tensor_args():
    def fn(L):
        seen = []

        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, a, b, c, name="f"):
                seen.append(ctx.needs_input_grad)
                ctx.c = c
                return a * b * c

            @staticmethod
            def backward(ctx, g):
                seen.append(ctx.needs_input_grad)
                return g * ctx.c, None, None, None
        a = L.ones(1, requires_grad=True)
        F.apply(a, L.ones(1), 3, "x").sum().backward()
        return seen, a.grad
    same(fn)


def test_once_differentiable():
    def fn(L):
        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 2

            @staticmethod
            @L.autograd.function.once_differentiable
            def backward(ctx, g):
                (x,) = ctx.saved_tensors
                return 2 * x * g
        x = L.tensor([3.0], requires_grad=True)
        (g,) = L.autograd.grad(F.apply(x).sum(), x, create_graph=True)
        return g, g.requires_grad
    same(fn)


def test_custom_function_errors():
    def count(L):
        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x, y):
                return x * y

            @staticmethod
            def backward(ctx, g):
                return g
        a = L.ones(1, requires_grad=True)
        F.apply(a, a).sum().backward()
    raises_same(count)

    def shape(L):
        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return L.ones(5)
        F.apply(L.ones(2, requires_grad=True)).sum().backward()
    raises_same(shape)

    def freed(L):
        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x * 2

            @staticmethod
            def backward(ctx, g):
                return g * 2
        b = F.apply(L.ones(2, requires_grad=True))
        b.sum().backward()
        return b.grad_fn.saved_tensors
    raises_same(freed)


def test_custom_function_returning_its_input_and_without_grad():
    def fn(L):
        class F(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x

            @staticmethod
            def backward(ctx, g):
                return g * 5
        a = L.ones(2, requires_grad=True)
        b = F.apply(a)
        b.sum().backward()
        c = F.apply(L.ones(2))
        return b is a, a.grad, b.is_leaf, c.requires_grad, c.grad_fn
    same(fn)


# --- scale, memory, higher order ------------------------------------------------------------------------------------
def test_long_chain_backpropagates_without_recursion():
    x = mt.tensor([1.0], dtype=mt.float64, requires_grad=True)
    y = x
    start = time.perf_counter()
    for _ in range(100_000):
        y = y * 1.0000001
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        y.backward()
    finally:
        sys.setrecursionlimit(limit)
    elapsed = time.perf_counter() - start
    np.testing.assert_allclose(x.grad.item(), 1.0000001 ** 100_000, rtol=1e-9)
    assert elapsed < 60, elapsed  # about 11 s on an idle core (torch: 1.5 s)
    del y
    gc.collect()


def test_graph_is_freed_after_backward_unless_retained():
    def build(lib):
        x = lib.ones(1000, requires_grad=True)
        h = x.exp()
        y = (h * h).sum()
        return x, weakref.ref(h), y
    x, h_ref, y = build(mt)
    assert h_ref() is not None  # kept alive by the graph (Mul saved it)
    y.backward()
    gc.collect()
    assert h_ref() is None
    x, h_ref, y = build(mt)
    y.backward(retain_graph=True)
    gc.collect()
    assert h_ref() is not None
    del y
    gc.collect()
    assert h_ref() is None


def test_graph_nodes_do_not_keep_leaves_alive():
    x = mt.ones(3, requires_grad=True)
    node = weakref.ref((x * 2).grad_fn)
    gc.collect()
    assert node() is None


def test_second_derivative_of_softmax_composition_and_hvp():
    rng = np.random.default_rng(0)
    x0, v0, w0 = rng.standard_normal(5), rng.standard_normal(5), rng.standard_normal(5)

    def fn(L):
        x = L.tensor(x0, requires_grad=True)
        w = L.tensor(w0)
        p = x.exp() / x.exp().sum()  # softmax by hand
        loss = (p * w).sum() + (p ** 2).sum()
        (g,) = L.autograd.grad(loss, x, create_graph=True)
        (hv,) = L.autograd.grad(g, x, grad_outputs=L.tensor(v0), retain_graph=True)
        hess = L.stack([L.autograd.grad(g[i], x, retain_graph=True)[0] for i in range(5)])
        return g, hv, hess
    same(fn)
    res = [plain(fn(lib)) for lib in LIBS]
    np.testing.assert_allclose(res[1][2][2] @ v0, res[1][1][2], rtol=1e-10)


def test_second_derivative_of_matmul():
    rng = np.random.default_rng(1)
    a0, b0 = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))

    def fn(L):
        a, b = L.tensor(a0, requires_grad=True), L.tensor(b0, requires_grad=True)
        out = (a @ b).tanh().sum()
        ga, gb = L.autograd.grad(out, [a, b], create_graph=True)
        gga, ggb = L.autograd.grad((ga ** 2).sum() + (gb * gb).sum(), [a, b])
        return ga, gb, gga, ggb
    same(fn)


@pytest.mark.parametrize("needs", [(True, True), (True, False), (False, True)])
def test_operator_fast_path_records_apply_node(needs):
    """x * y / x + y with operands of one shape and dtype take elementwise._apply_same: the same output and node
    (attributes, shared records, edges) as Function.apply's."""
    from minitorch.autograd.function import Function
    from minitorch.ops.elementwise import Add, Mul
    x, y = (mt.randn(3, 4, requires_grad=r) for r in needs)
    for cls, fast in ((Mul, x * y), (Add, x + y)):
        slow = Function.__dict__["apply"].__func__(cls, x, y)
        assert np.array_equal(fast.detach().numpy(), slow.detach().numpy())
        a, b = fast.grad_fn, slow.grad_fn
        assert type(a) is type(b) and a.name() == b.name()
        assert a.next_functions == b.next_functions and a._seq < b._seq
        for attr in ("needs_input_grad", "_tensor_positions", "_input_meta", "_next_nrs", "_outputs_meta",
                     "_uniform", "_n_saved", "_saved_versions"):
            assert getattr(a, attr) is getattr(b, attr) or getattr(a, attr) == getattr(b, attr), attr
    with mt.autograd.profiler.profile() as prof:  # profiled ops all go through (the timed) apply
        _ = x * y
    assert {e.key: e.count for e in prof.key_averages()}["Mul"] == 1
    # and as torch: node names, edges and gradients of a graph made on the short path
    tx, ty = (torch.tensor(t.detach().numpy(), requires_grad=r) for t, r in zip((x, y), needs))
    for lib, a, b in ((mt, x, y), (torch, tx, ty)):
        a.grad = b.grad = None
    out, ref = x * y + x, tx * ty + tx
    assert out.grad_fn.name() == ref.grad_fn.name() and \
        [f is not None and f.name() for f, _ in out.grad_fn.next_functions] == \
        [f is not None and f.name() for f, _ in ref.grad_fn.next_functions]
    out.sum().backward()
    ref.sum().backward()
    for m, t in ((x, tx), (y, ty)):
        assert (m.grad is None) == (t.grad is None)
        if m.grad is not None:
            np.testing.assert_allclose(m.grad.numpy(), t.grad.numpy(), rtol=1e-6)


def test_anomaly_mode_is_one_switch_for_all_threads():
    import threading
    for lib in (torch, mt):
        seen = []
        lib.autograd.set_detect_anomaly(True)
        try:
            thread = threading.Thread(target=lambda: seen.append(lib.is_anomaly_enabled()))
            thread.start()
            thread.join()
        finally:
            lib.autograd.set_detect_anomaly(False)
        assert seen == [True]


@pytest.mark.parametrize("op", ["mul", "div", "remainder", "fmod"])
def test_operand_no_gradient_reads_may_change_in_place_as_in_torch(op):
    """Only the operands a gradient formula reads are saved (as torch saves them): writing in place to one that
    none reads does not break backward, and the gradients are torch's; .data has a version counter of its own."""
    grads, values = [], np.random.default_rng(0).uniform(0.5, 2.0, (3, 3))
    for lib in (torch, mt):
        x = lib.tensor(values[0], requires_grad=True)
        c = lib.tensor(values[1])
        t = x * 2
        y = getattr(lib, op)(t, c)  # c does not require grad: torch saves c (and t only for c's gradient)
        t.mul_(3)
        c2 = lib.tensor(values[2], requires_grad=True)
        z = x * c2
        c2.data.mul_(2)  # not seen by the in-place check, as in torch
        (y.sum() + z.sum()).backward()
        grads.append((x.grad.numpy().copy(), c2.grad.numpy().copy(), c2._version))
    (gx, gc, vc), (mx, mc, mv) = grads
    np.testing.assert_allclose(mx, gx, rtol=1e-12)
    np.testing.assert_allclose(mc, gc, rtol=1e-12)
    assert mv == vc == 0


def test_grad_stops_at_non_leaf_inputs():
    """grad with respect to a non-leaf w hands w's gradient over without running w's own node, so w's graph (and
    its saved tensors) is still there for a later backward, as in torch."""
    results = []
    for lib in LIBS:
        k = lib.linspace(0, 1, 4, requires_grad=True)
        x = lib.ones(4, requires_grad=True)
        w = k.exp()
        first = lib.autograd.grad((w * x).sin().sum(), [w, x])
        results.append([t.tolist() for t in first + lib.autograd.grad(w.sum(), [k])])
    np.testing.assert_allclose(np.array(results[1]), np.array(results[0]), rtol=1e-6)


def test_anomaly_check_nan_switches_as_torch():
    """check_nan=False keeps anomaly mode but lets NaN gradients through; set_detect_anomaly is also a context
    manager restoring the old setting; set_anomaly_enabled(False) resets check_nan to its default."""
    for lib in LIBS:
        states = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with lib.autograd.set_detect_anomaly(True, check_nan=False):
                states.append((lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()))
                x = lib.tensor([0.0], requires_grad=True)
                (x.sqrt() * 0).sum().backward()  # NaN, not raised
                states.append(bool(x.grad.isnan().all()))
            states.append((lib.is_anomaly_enabled(), lib.is_anomaly_check_nan_enabled()))
            with lib.autograd.detect_anomaly(check_nan=False):
                states.append(lib.is_anomaly_check_nan_enabled())
            lib.set_anomaly_enabled(True, False)
            lib.set_anomaly_enabled(False)
            states.append(lib.is_anomaly_check_nan_enabled())
        assert states == [(True, False), True, (False, True), False, True]
