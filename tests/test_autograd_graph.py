"""torch.autograd.graph against torch 2.13: saved-tensor hooks (pack/unpack calls, what they receive, nesting,
save_on_cpu, disable_saved_tensors_hooks, errors, in-place writes), multi-grad hooks, Node, GradientEdge and
increment_version.

Most tests run the same function with ``lib = torch`` and ``lib = minitorch`` and compare what it returns.
"""
import gc
import weakref

import numpy as np
import pytest
import torch

import minitorch as mt

from lib_compare import LIBS, assert_same, doubling_function, plain, raises_same, same

def _leaves(L, *shapes, dtype="float64"):
    rng = np.random.default_rng(sum(map(sum, shapes)) + len(shapes))
    return [L.tensor(rng.standard_normal(s), dtype=getattr(L, dtype), requires_grad=True) for s in shapes]


def _counting(L, log, pack=lambda x: x, unpack=lambda x: x):
    """saved_tensors_hooks that log their calls."""
    return L.autograd.graph.saved_tensors_hooks(lambda x: (log.append("pack"), pack(x))[1],
                                                lambda x: (log.append("unpack"), unpack(x))[1])


def _model(L, a, b, w):
    """A few ops of different kinds (binary, unary saving its output, matmul, reduction, softmax)."""
    h = (a * b).exp().sin() @ w
    return (h.tanh().softmax(1) * h.sigmoid()).sum() + (a / b.abs().add(1)).pow(3).mean()


SHAPES = [(3, 4), (3, 4), (4, 2)]


# --- saved_tensors_hooks: what backward uses ----------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_pack_that_doubles_doubles_the_gradients_of_saved_values(dtype):
    def run(L):
        a, b = _leaves(L, (5,), (5,), dtype=dtype)
        with L.autograd.graph.saved_tensors_hooks(lambda x: x * 2, lambda x: x):
            y = a * b
        y.sum().backward()
        return a.grad, b.grad  # d(a*b)/da reads the saved b: now 2b (and 2a for b)
    same(run)


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_transforming_hooks_on_a_model(dtype):
    def run(L):
        a, b, w = _leaves(L, *SHAPES, dtype=dtype)
        with L.autograd.graph.saved_tensors_hooks(lambda x: x * 3, lambda x: x / 2):
            out = _model(L, a, b, w)
        out.backward()
        return out, a.grad, b.grad, w.grad
    same(run)


def test_unpack_transform_is_applied_on_access():
    def run(L):
        a, = _leaves(L, (4,))
        with L.autograd.graph.saved_tensors_hooks(lambda x: x, lambda x: x + 1):
            y = a.exp()
        y.sum().backward()
        return a.grad  # exp's gradient reads its saved output: exp(a) + 1
    same(run)


@pytest.mark.parametrize("pin_memory", [False, True])
def test_save_on_cpu_equals_no_hooks(pin_memory):
    def run(L, hooked):
        a, b, w = _leaves(L, *SHAPES)
        if hooked:
            with L.autograd.graph.save_on_cpu(pin_memory=pin_memory):
                out = _model(L, a, b, w)
        else:
            out = _model(L, a, b, w)
        out.backward()
        return out, a.grad, b.grad, w.grad
    same(lambda L: run(L, True))
    assert_same(plain(run(mt, True)), plain(run(mt, False)))


def test_save_on_cpu_with_an_nn_module():
    def run(L):
        L.manual_seed(0)
        net = L.nn.Sequential(L.nn.Linear(4, 8), L.nn.ReLU(), L.nn.Linear(8, 3)).double()
        x = L.tensor(np.linspace(-1, 1, 20).reshape(5, 4))
        target = L.tensor([0, 2, 1, 1, 0])
        with L.autograd.graph.save_on_cpu():
            loss = L.nn.functional.cross_entropy(net(x), target)
        loss.backward()
        return [loss] + [p.grad for p in net.parameters()]
    # the two libraries initialise differently: compare each with its own run without hooks
    for L in LIBS:
        hooked = run(L)
        L.manual_seed(0)
        net = L.nn.Sequential(L.nn.Linear(4, 8), L.nn.ReLU(), L.nn.Linear(8, 3)).double()
        loss = L.nn.functional.cross_entropy(net(L.tensor(np.linspace(-1, 1, 20).reshape(5, 4))),
                                             L.tensor([0, 2, 1, 1, 0]))
        loss.backward()
        assert_same(plain(hooked), plain([loss] + [p.grad for p in net.parameters()]))


def test_double_backward_through_hooked_saved_tensors():
    def run(L):
        a, b = _leaves(L, (4,), (4,))
        with L.autograd.graph.save_on_cpu():
            y = (a.exp() * b).sin().sum()
        ga, gb = L.autograd.grad(y, (a, b), create_graph=True)
        gga, = L.autograd.grad((ga * gb).sum(), a)
        return ga, gb, gga
    same(run)


def test_custom_function_saved_tensors_go_through_the_hooks():
    def run(L):
        class Cube(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x)
                return x ** 3

            @staticmethod
            def backward(ctx, g):
                x, = ctx.saved_tensors
                return 3 * x ** 2 * g
        a, = _leaves(L, (4,))
        with L.autograd.graph.saved_tensors_hooks(lambda x: x * 2, lambda x: x):
            y = Cube.apply(a)
        y.sum().backward()
        return y, a.grad
    same(run)


# --- how often the hooks run, and on what -------------------------------------------------------------------------
def test_hook_calls_for_ops():
    def run(L):
        a, b, w = _leaves(L, *SHAPES)
        log = []
        with _counting(L, log):
            y = (a * b).exp() @ w
            packs = log.count("pack")
            c = L.ones(3, 4)
            z = c * c + c.exp()  # nothing requires grad: nothing is saved
            with L.no_grad():
                z = a * b + a.exp()  # no graph: nothing is saved
            assert log.count("pack") == packs
        y.sum().backward()
        return packs, log.count("unpack")
    same(run)


def test_unpack_runs_at_every_access_and_gives_new_tensors():
    def run(L):
        log = []

        class Twice(L.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                ctx.save_for_backward(x, x)
                log.append("forward")  # the packs come after forward returned
                return x * 2

            @staticmethod
            def backward(ctx, g):
                first, second = ctx.saved_tensors, ctx.saved_tensors
                assert first[0] is not second[0]
                return g * first[0] / second[1]
        a, = _leaves(L, (3,))
        with _counting(L, log):
            y = Twice.apply(a)
        packs = list(log)
        y.sum().backward()
        return packs, log, a.grad
    same(run)


def test_pack_receives_the_saved_tensors():
    def run(L):
        a, b = _leaves(L, (3,), (3,))
        seen = []

        def pack(x):
            seen.append((x is a or x is b, None if x.grad_fn is None else x.grad_fn.name(), L.is_grad_enabled()))
            return x
        with L.autograd.graph.saved_tensors_hooks(pack, lambda x: x):
            a * b
            a.exp()  # exp saves its output: the output itself, with its grad_fn
        return sorted(seen, key=str)
    same(run)


def test_unpack_runs_in_the_grad_mode_of_the_access():
    def run(L):
        a, = _leaves(L, (3,))
        modes = []
        with L.autograd.graph.saved_tensors_hooks(lambda x: x, lambda x: (modes.append(L.is_grad_enabled()), x)[1]):
            y = a.exp()
        y.sum().backward(retain_graph=True)
        L.autograd.grad(y.sum(), a, create_graph=True)
        return modes
    same(run)


def test_nesting_applies_the_innermost_hooks_only():
    def run(L):
        a, = _leaves(L, (3,))
        log = []
        outer = L.autograd.graph.saved_tensors_hooks(lambda x: (log.append("p1"), x)[1],
                                                     lambda x: (log.append("u1"), x)[1])
        inner = L.autograd.graph.saved_tensors_hooks(lambda x: (log.append("p2"), x)[1],
                                                     lambda x: (log.append("u2"), x)[1])
        with outer:
            with inner:
                y = a.exp()
            z = a.sin()
        w = a.cos()  # saved outside any context: no hooks
        (y + z + w).sum().backward()
        return log
    same(run)


def test_hooks_are_reusable_and_exit_on_error():
    def run(L):
        a, = _leaves(L, (3,))
        log = []
        hooks = _counting(L, log)
        with hooks:
            a.exp()
        with hooks:
            a.exp()
        try:
            with hooks:
                raise KeyError("inside")
        except KeyError:
            pass
        a.exp()  # no hooks left registered
        return log
    same(run)


# --- errors -------------------------------------------------------------------------------------------------------
def test_pack_writing_its_input_in_place_raises():
    def run(L):
        a, = _leaves(L, (3,))
        x = a * 1
        with L.autograd.graph.saved_tensors_hooks(lambda t: t.add_(1), lambda t: t):
            x.exp()
    raises_same(run)


def test_unpack_returning_a_non_tensor_raises():
    def run(L):
        a, = _leaves(L, (3,))
        with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: 3):
            y = a.exp()
        y.sum().backward()
    raises_same(run)


@pytest.mark.parametrize("op", ["exp", "sin", "tanh", "dot"])
def test_unpack_returning_a_wrong_shape_fails_in_backward(op):
    def run(L):
        a, = _leaves(L, (3,))
        with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: L.ones(5, dtype=L.float64)):
            y = a @ a if op == "dot" else getattr(a, op)()
        y.sum().backward()
    raises_same(run)


def test_saved_tensors_of_a_released_graph_raise():
    def run(L):
        a, = _leaves(L, (3,))
        with L.autograd.graph.save_on_cpu():
            y = a.exp()
        y.sum().backward()
        y.sum().backward()
    raises_same(run)


def test_retain_graph_unpacks_again():
    def run(L):
        a, = _leaves(L, (3,))
        log = []
        with _counting(L, log):
            y = (a * a).exp()
        y.sum().backward(retain_graph=True)
        y.sum().backward()
        return log, a.grad
    same(run)


# --- in-place writes and versions ---------------------------------------------------------------------------------
def test_hooked_saved_tensors_skip_the_version_check():
    def run(L):
        a, b = _leaves(L, (3,), (3,))
        x = a.clone()
        with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            y = x * b
        x.add_(1)  # torch checks no version through hooks: the written value is used
        y.sum().backward()
        return b.grad
    same(run)


def test_unhooked_saved_tensors_keep_the_version_check():
    def run(L):
        a, b = _leaves(L, (3,), (3,))
        x = a.clone()
        y = x * b
        x.add_(1)
        y.sum().backward()
    raises_same(run, exact=False)


def test_in_place_op_under_identity_hooks_keeps_the_original_operand():
    def run(L):
        a, b = _leaves(L, (3,), (3,))
        with L.autograd.graph.saved_tensors_hooks(lambda t: t, lambda t: t):
            x = a.clone()
            x.mul_(b)
        x.sum().backward()
        return x, a.grad, b.grad
    same(run)


def _version_message(fn):
    """The version-check messages of both libraries agree up to torch's hint (minitorch adds which node saved the
    tensor and what wrote it)."""
    torch_msg, mt_msg = raises_same(fn, exact=False)
    head = torch_msg.split(" instead")[0]
    assert mt_msg.startswith(head), (torch_msg, mt_msg)


def test_increment_version_of_a_saved_output():
    def run(L):
        a, = _leaves(L, (3,))
        y = a.exp()
        L.autograd.graph.increment_version(y)
        y.sum().backward()
    _version_message(run)


def test_increment_version_of_a_list_of_saved_leaves():
    def run(L):
        a, b = _leaves(L, (3,), (3,))
        y = a * b
        L.autograd.graph.increment_version([a, b])
        assert a._version == 1 and b._version == 1
        y.sum().backward()
    _version_message(run)


def test_increment_version_values():
    def run(L):
        a = L.ones(3)
        v = a[1:]
        L.autograd.graph.increment_version(a)
        L.autograd.graph.increment_version((a, v))
        return a._version, v._version
    same(run)


# --- disable_saved_tensors_hooks ----------------------------------------------------------------------------------
def test_disable_saved_tensors_hooks_message():
    def run(L):
        with L.autograd.graph.disable_saved_tensors_hooks("no hooks in here"):
            with L.autograd.graph.saved_tensors_hooks(lambda x: x, lambda x: x):
                pass
    raises_same(run)


def test_disable_saved_tensors_hooks_nests_and_restores():
    def run(L):
        G = L.autograd.graph
        got = []
        hooks = G.saved_tensors_hooks(lambda x: x, lambda x: x)
        with G.disable_saved_tensors_hooks("outer"):
            with G.disable_saved_tensors_hooks("inner"):
                try:
                    hooks.__enter__()
                except RuntimeError as e:
                    got.append(str(e))
            try:
                hooks.__enter__()
            except RuntimeError as e:
                got.append(str(e))
            a, = _leaves(L, (3,))
            got.append((a * a).sum().item() > 0)  # ops work as usual
        with hooks:
            got.append("enabled again")
        return got
    same(run)


def test_disable_saved_tensors_hooks_while_hooks_are_registered_raises():
    def run(L):
        with L.autograd.graph.saved_tensors_hooks(lambda x: x, lambda x: x):
            with L.autograd.graph.disable_saved_tensors_hooks("hooks already on"):
                pass
    raises_same(run)
    with mt.autograd.graph.save_on_cpu():  # after the error, hooks can be registered again
        pass


# --- register_multi_grad_hook -------------------------------------------------------------------------------------
def _four(L):
    a, b = _leaves(L, (2, 3), (2, 3))
    return a, b, a * b, a * b


def test_multi_grad_hook_all():
    def run(L):
        a, b, c, d = _four(L)
        calls = []
        L.autograd.graph.register_multi_grad_hook((a, b, c, d), lambda grads: calls.append(list(grads)))
        c.sum().backward(retain_graph=True)
        c.sum().backward(inputs=(a,), retain_graph=True)
        (c + d).sum().backward()
        return calls
    same(run)


def test_multi_grad_hook_all_with_grad_and_remove():
    def run(L):
        a, b, c, d = _four(L)
        calls = []
        e = a * 2
        handle = L.autograd.graph.register_multi_grad_hook((c, e), lambda grads: calls.append(list(grads)))
        L.autograd.grad((d * e).sum(), (a, b), retain_graph=True)  # c is not in this graph: ignored
        L.autograd.grad((c * d * e).sum(), b, retain_graph=True)  # all needed for b's gradient
        L.autograd.grad((c * e).sum(), e, retain_graph=True)  # c is not needed for e's gradient
        handle.remove()
        (c * e).sum().backward()
        return calls
    same(run)


def test_multi_grad_hook_any():
    def run(L):
        a, b, c, d = _four(L)
        calls = []
        L.autograd.graph.register_multi_grad_hook((a, b, c), calls.append, mode="any")
        (c * 3).sum().backward(retain_graph=True)  # c's gradient comes first
        (c * 3).sum().backward(inputs=(b,))
        return calls
    same(run)


def test_multi_grad_hook_bad_mode():
    def run(L):
        a, = _leaves(L, (3,))
        L.autograd.graph.register_multi_grad_hook([a], print, mode="each")
    raises_same(run)


def test_multi_grad_hook_on_a_tensor_without_grad():
    def run(L):
        L.autograd.graph.register_multi_grad_hook([L.ones(3)], print)
    raises_same(run)


# --- Node and GradientEdge ----------------------------------------------------------------------------------------
def test_graph_nodes_are_nodes():
    def run(L):
        Double = doubling_function(L)
        Node = L.autograd.graph.Node
        a, = _leaves(L, (3,))
        y = (a * 2).exp()
        leaf_node = (a * 2).grad_fn.next_functions[0][0]
        return (isinstance(y.grad_fn, Node), isinstance(leaf_node, Node), isinstance(Double.apply(a).grad_fn, Node),
                issubclass(type(y.grad_fn), Node), isinstance(a, Node), isinstance(None, Node),
                leaf_node.name(), sorted(m for m in ("name", "next_functions", "metadata", "register_hook",
                                                     "register_prehook") if hasattr(Node, m)))
    same(run)


def test_node_metadata_is_kept():
    def run(L):
        a, = _leaves(L, (3,))
        y = a.exp()
        y.grad_fn.metadata["tag"] = 1
        return y.grad_fn.metadata, type(y.grad_fn.metadata).__name__
    same(run)


def test_gradient_edges():
    def run(L):
        G = L.autograd.graph
        a, b = _leaves(L, (3,), (3,))
        c = a * b
        parts = c.split(1)
        edge, leaf_edge = G.get_gradient_edge(c), G.get_gradient_edge(a)
        return (edge.node is c.grad_fn, edge.output_nr, leaf_edge.node.name(), leaf_edge.output_nr,
                G.get_gradient_edge(parts[2]).output_nr, edge._fields,
                L.autograd.grad(c.sum(), [leaf_edge], retain_graph=True),
                L.autograd.grad((c * 3).sum(), [edge, b]))
    same(run)


def test_gradient_edge_of_a_tensor_without_grad():
    raises_same(lambda L: L.autograd.graph.get_gradient_edge(L.ones(3)))


# --- allow_mutation_on_saved_tensors ------------------------------------------------------------------------------
def test_allow_mutation_on_saved_tensors():
    def run(L):
        a, = _leaves(L, (2, 3))
        with L.autograd.graph.allow_mutation_on_saved_tensors():
            b = a.clone()
            out = (b ** 2).sum() + (b * a).exp().sum()
            b.sin_()  # b was saved: backward still sees its value before the write
            out.backward()
        return b, a.grad
    same(run)


def test_allow_mutation_on_saved_tensors_backward_outside_raises():
    def run(L):
        a, = _leaves(L, (3,))
        with L.autograd.graph.allow_mutation_on_saved_tensors():
            out = (a.clone() ** 2).sum()
        out.backward()
    raises_same(run)


def test_allow_mutation_on_saved_tensors_cannot_nest():
    def run(L):
        with L.autograd.graph.allow_mutation_on_saved_tensors():
            with L.autograd.graph.allow_mutation_on_saved_tensors():
                pass
    raises_same(run)
    assert not mt.autograd.function.saved_hooks


# --- every kind of node: hooks that give back an equal tensor leave the gradients as they are --------------------
OPS = {
    "mul": lambda L, x, y: x * y, "div": lambda L, x, y: x / y, "pow": lambda L, x, y: x.abs() ** y,
    "exp": lambda L, x, y: x.exp(), "tanh": lambda L, x, y: x.tanh(), "sigmoid": lambda L, x, y: x.sigmoid(),
    "relu": lambda L, x, y: x.relu() * y, "mm": lambda L, x, y: x @ y.mT, "softmax": lambda L, x, y: x.softmax(1),
    "log_softmax": lambda L, x, y: x.log_softmax(0), "max_dim": lambda L, x, y: x.max(1)[0],
    "sort": lambda L, x, y: x.sort(1)[0] * y, "split": lambda L, x, y: x.split(1)[1] * y[0],
    "unbind": lambda L, x, y: x.unbind(1)[2] * y[:, 1], "view_saved": lambda L, x, y: x[:, ::2] * y[:, 1:3],
    "norm": lambda L, x, y: x.norm(dim=1), "var": lambda L, x, y: x.var(0), "where": lambda L, x, y:
    L.where(x > 0, x * y, y.sin()), "cumprod": lambda L, x, y: x.cumprod(1), "prod": lambda L, x, y: x.prod(0),
    "layer_norm": lambda L, x, y: L.nn.functional.layer_norm(x, (4,), y[0], y[1]),
    "conv1d": lambda L, x, y: L.nn.functional.conv1d(x[None], y[:, None, :2].expand(3, 3, 2).contiguous()),
    "exp_": lambda L, x, y: (x * 1).exp_() * y, "mul_": lambda L, x, y: (x * 1).mul_(y),
}


@pytest.mark.parametrize("name", sorted(OPS))
def test_round_trip_hooks_leave_every_gradient_alone(name):
    def run(L):
        x, y = _leaves(L, (3, 4), (3, 4))
        with L.autograd.graph.saved_tensors_hooks(lambda t: (t * 2, t.dtype), lambda p: (p[0] / 2).to(p[1])):
            out = OPS[name](L, x, y)
        weights = L.arange(out.numel(), dtype=out.dtype).reshape(out.shape).sin()
        gx, gy = L.autograd.grad((out * weights).sum(), (x, y), create_graph=True, materialize_grads=True)
        second = L.autograd.grad(gx.sin().sum() + (gy ** 2).sum() + out.sum(), (x, y), allow_unused=True)
        return out, gx, gy, second
    same(run)


# (ops whose saved tensors are another set than torch's: layer_norm, pow and prod save other tensors; mul_ packs its
# operand again when its copy replaces it before the write)
@pytest.mark.parametrize("name", sorted(set(OPS) - {"layer_norm", "pow", "prod", "mul_"}))
def test_pack_and_unpack_calls_per_op(name):
    def run(L):
        x, y = _leaves(L, (3, 4), (3, 4))
        log = []
        with _counting(L, log):
            out = OPS[name](L, x, y)
        packs = len(log)
        out.sum().backward()
        return packs, len(log) - packs
    same(run)


def test_backward_frees_what_pack_returned():
    def run(L):
        class Box:
            def __init__(self, t):
                self.t = t
        boxes = []

        def pack(t):
            box = Box(t)
            boxes.append(weakref.ref(box))
            return box
        a, = _leaves(L, (3,))
        with L.autograd.graph.saved_tensors_hooks(pack, lambda box: box.t):
            y = (a * a).exp().sum()
        alive = [r() is not None for r in boxes]
        y.backward()
        gc.collect()
        return alive, [r() is not None for r in boxes]
    same(run)


def test_grad_takes_one_gradient_edge_as_inputs():
    results = []
    for lib in LIBS:
        x = lib.ones(3, requires_grad=True)
        y = x * 2
        results.append([g.tolist() for g in lib.autograd.grad((y * y).sum(), lib.autograd.graph.get_gradient_edge(y))])
    assert results[1] == results[0]
