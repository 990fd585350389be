"""minitorch.func against torch.func (torch 2.13): vmap, grad, grad_and_value, vjp, jvp, jacrev, jacfwd, hessian
and functional_call. Each test runs one function with lib = torch and lib = minitorch on the same float64 inputs
and compares what it returns (values, gradients, requires_grad flags), or the exception torch raises."""
import numpy as np
import pytest

import minitorch as mt
from lib_compare import raises_same, same

RNG = np.random.default_rng(0)
A = RNG.standard_normal((3, 4))
B = RNG.standard_normal((4, 5))
V = RNG.standard_normal(4)
BATCH = RNG.standard_normal((2, 4, 2))


def t(L, array):
    return L.tensor(array, dtype=L.float64)


def test_vmap_exported():
    assert mt.vmap is mt.func.vmap


# --- vmap ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, run", [
    ("dot_rows", lambda L: L.func.vmap(L.dot)(t(L, A), t(L, A))),
    ("in_dims_1", lambda L: L.func.vmap(L.mv, in_dims=(None, 1))(t(L, A), t(L, B))),
    ("negative_in_dim", lambda L: L.func.vmap(lambda x: x * 2, in_dims=-1)(t(L, A))),
    ("out_dims_1", lambda L: L.func.vmap(lambda x: x.exp(), out_dims=1)(t(L, A))),
    ("out_dims_negative", lambda L: L.func.vmap(lambda x: x.outer(x), out_dims=-1)(t(L, A))),
    ("scalar_per_example", lambda L: L.func.vmap(lambda x: x.sum())(t(L, A))),
    ("non_tensor_arg", lambda L: L.func.vmap(lambda x, k: x * k, in_dims=(0, None))(t(L, A), 3.0)),
    ("kwargs_unmapped", lambda L: L.func.vmap(lambda x, scale: x * scale)(t(L, A), scale=t(L, V))),
    ("tuple_outputs", lambda L: L.func.vmap(lambda x: (x.sin(), x.cos().sum()))(t(L, A))),
    ("tuple_out_dims", lambda L: L.func.vmap(lambda x: (x.sin(), x.cos()), out_dims=(0, 1))(t(L, A))),
    ("out_dims_none", lambda L: L.func.vmap(lambda x, y: (x * 2, y), in_dims=(0, None), out_dims=(0, None))(
        t(L, A), t(L, V))),
    ("nested_in_dims", lambda L: L.func.vmap(lambda p, y: p[0] * p[1] + y, in_dims=((0, 1), None))(
        (t(L, A), t(L, A.T)), t(L, V))),
    ("dict_input", lambda L: L.func.vmap(lambda d: d["a"] + d["b"])({"a": t(L, A), "b": t(L, A * 2)})),
    ("list_output", lambda L: L.func.vmap(lambda x: [x, x * 3])(t(L, A))),
    ("nested_vmap", lambda L: L.func.vmap(L.func.vmap(lambda a, b: a * b, in_dims=(0, None)),
                                          in_dims=(None, 0))(t(L, A), t(L, B.T))),
    ("matmul_batched", lambda L: L.func.vmap(L.matmul, in_dims=(None, 0))(t(L, A), t(L, BATCH))),
    ("integer_input", lambda L: L.func.vmap(lambda x: x + 1)(L.arange(6).reshape(2, 3))),
    ("empty_batch", lambda L: L.func.vmap(lambda x: x.sum())(L.zeros(0, 3, dtype=L.float64))),
    ("noncontiguous", lambda L: L.func.vmap(lambda x: x.cumsum(0))(t(L, B).mT[:, ::2])),
    ("randomness_same_shape", lambda L: L.func.vmap(lambda x: x * 0, randomness="same")(t(L, A))),
    ("chunk_size", lambda L: L.func.vmap(lambda x: x.tanh(), chunk_size=2)(t(L, A))),
    ("minitorch_vmap", lambda L: L.vmap(lambda x: x.norm())(t(L, A))),
])
def test_vmap(name, run):
    same(run)


def test_vmap_gradient_flows_to_inputs():
    def run(L):
        x, w = t(L, A).requires_grad_(), t(L, V).requires_grad_()
        out = L.func.vmap(lambda row: (row * w).sin().sum())(x)
        out.pow(2).sum().backward()
        return out, x.grad, w.grad
    same(run)


def test_vmap_randomness():
    def same_draws(L):
        L.manual_seed(0)
        out = L.func.vmap(lambda x: L.rand(3, dtype=L.float64) + x * 0, randomness="same")(t(L, A[:, :3]))
        return L.equal(out[0], out[1]), L.equal(out[1], out[2])
    same(same_draws)

    def different_draws(L):
        L.manual_seed(0)
        out = L.func.vmap(lambda x: L.rand(3, dtype=L.float64) + x * 0, randomness="different")(t(L, A[:, :3]))
        return L.equal(out[0], out[1])
    same(different_draws)


@pytest.mark.parametrize("name, run", [
    ("sizes_mismatch", lambda L: L.func.vmap(lambda a, b: a + b)(t(L, A), t(L, B))),
    ("in_dims_list", lambda L: L.func.vmap(lambda a, b: a + b, in_dims=[0, 0])(t(L, A), t(L, A))),
    ("all_none", lambda L: L.func.vmap(lambda a, b: a + b, in_dims=(None, None))(t(L, A), t(L, A))),
    ("in_dim_range", lambda L: L.func.vmap(lambda a: a, in_dims=3)(t(L, A))),
    ("in_dim_str", lambda L: L.func.vmap(lambda a, b: a, in_dims=(0, "a"))(t(L, A), t(L, A))),
    ("map_non_tensor", lambda L: L.func.vmap(lambda a, b: a * b)(t(L, A), 3.0)),
    ("returns_int", lambda L: L.func.vmap(lambda a: 3)(t(L, A))),
    ("returns_tuple_with_int", lambda L: L.func.vmap(lambda a: (a, 3))(t(L, A))),
    ("out_dims_str", lambda L: L.func.vmap(lambda a: a, out_dims="a")(t(L, A))),
    ("randomness_bad", lambda L: L.func.vmap(lambda a: a, randomness="x")),
    ("chunk_size_zero", lambda L: L.func.vmap(lambda a: a, chunk_size=0)),
    ("random_in_error_mode", lambda L: L.func.vmap(lambda a: L.rand(4, dtype=L.float64) + a)(t(L, A))),
    ("zero_dim_input", lambda L: L.func.vmap(lambda a: a)(L.tensor(1.0))),
    ("missing_argument", lambda L: L.func.vmap(lambda a, b: a)(t(L, A))),
])
def test_vmap_errors(name, run):
    raises_same(run, exact=name not in ("in_dims_list", "all_none", "missing_argument"))


@pytest.mark.parametrize("name, run", [
    ("in_dims_structure", lambda L: L.func.vmap(lambda a, b: a + b, in_dims=(0,))(t(L, A), t(L, A))),
    ("out_dims_structure", lambda L: L.func.vmap(lambda a: a, out_dims=(0, 1))(t(L, A))),
    ("in_dims_dict_structure", lambda L: L.func.vmap(lambda a, b: a, in_dims=(0, {"a": 0}))(t(L, A), t(L, A))),
])
def test_vmap_structure_errors(name, run):
    """torch adds its pytree spec to these messages: the type and the sentence before it must match."""
    message = raises_same(run, exact=False)[1]
    assert message.endswith("is not compatible with the structure of `%s`." % ("outputs" if "out" in name else
                                                                                  "inputs"))


# --- grad and friends ---------------------------------------------------------------------------------------------
def _loss(x, y):
    return (x.sin() * y).sum() + x.pow(3).sum() * y.sum()


@pytest.mark.parametrize("name, run", [
    ("grad", lambda L: L.func.grad(_loss)(t(L, V), t(L, V[::-1].copy()))),
    ("grad_argnums_1", lambda L: L.func.grad(_loss, argnums=1)(t(L, V), t(L, V * 2))),
    ("grad_argnums_tuple", lambda L: L.func.grad(_loss, argnums=(0, 1))(t(L, V), t(L, V * 2))),
    ("grad_argnums_negative", lambda L: L.func.grad(_loss, argnums=-1)(t(L, V), t(L, V * 2))),
    ("grad_has_aux", lambda L: L.func.grad(lambda x: (x.exp().sum(), x.cos()), has_aux=True)(t(L, V))),
    ("grad_and_value", lambda L: L.func.grad_and_value(_loss)(t(L, V), t(L, V * 2))),
    ("grad_and_value_aux", lambda L: L.func.grad_and_value(lambda x: (x.exp().sum(), {"k": x * 2}),
                                                           has_aux=True)(t(L, V))),
    ("grad_dict_input", lambda L: L.func.grad(lambda p: (p["w"] @ p["b"]).tanh())({"w": t(L, V), "b": t(L, V + 1)})),
    ("grad_unused_input", lambda L: L.func.grad(lambda x, y: y.sum() * 2, argnums=(0, 1))(t(L, V), t(L, V))),
    ("grad_integer_output", lambda L: L.func.grad(lambda x: x.sum().int())(t(L, V))),
    ("grad_float32", lambda L: L.func.grad(lambda x: x.sigmoid().prod())(L.tensor(V, dtype=L.float32))),
    ("second_order", lambda L: L.func.grad(lambda x: L.func.grad(lambda y: y.sin().sum() * y.pow(2).sum())(x).sum())(
        t(L, V))),
    ("third_order", lambda L: L.func.grad(L.func.grad(L.func.grad(lambda x: x.pow(4).sin())))(L.tensor(0.7,
                                                                                                dtype=L.float64))),
    ("vmap_of_grad", lambda L: L.func.vmap(L.func.grad(lambda x: (x.exp() * x).sum()))(t(L, A))),
    ("grad_of_vmap", lambda L: L.func.grad(lambda x: L.func.vmap(lambda r: r.sin().sum())(x).pow(2).sum())(t(L, A))),
    ("grad_noncontiguous", lambda L: L.func.grad(lambda x: x.exp().sum())(t(L, B).mT[:, ::2])),
])
def test_grad(name, run):
    same(lambda L: _with_flags(run(L)))


def _with_flags(result):
    """The result with every tensor's requires_grad alongside (torch.func returns plain tensors at top level)."""
    if isinstance(result, (mt.Tensor,)) or type(result).__name__ == "Tensor":
        return result, result.requires_grad
    if isinstance(result, (tuple, list)):
        return type(result)(_with_flags(r) for r in result)
    if isinstance(result, dict):
        return {k: _with_flags(v) for k, v in result.items()}
    return result


def test_grad_composes_with_backward():
    """An input that requires grad outside: the gradient torch.func returns is differentiable with respect to it."""
    def run(L):
        x = t(L, V).requires_grad_()
        g = L.func.grad(lambda y: y.pow(3).sum())(x)
        g.sum().backward()
        return g, g.requires_grad, x.grad
    same(run)


def test_captured_tensor_that_requires_grad():
    """A parameter the function closes over keeps the transforms' results differentiable (with respect to it)."""
    def run(L):
        w = t(L, V).requires_grad_()
        g = L.func.grad(lambda x: (x.sin() * w).sum())(t(L, V * 2))
        plain = L.func.grad(lambda x: (x.sin() * w.detach()).sum())(t(L, V * 2))
        jac = L.func.jacrev(lambda x: x * w)(t(L, V))
        out, tangent = L.func.jvp(lambda x: x.exp() * w, (t(L, V),), (t(L, V),))
        (g.sum() + jac.sum() + tangent.sum()).backward()
        return g, plain, jac, out, tangent, w.grad
    same(lambda L: _with_flags(run(L)))


def test_no_grad_outside():
    def run(L):
        x = t(L, V).requires_grad_()
        with L.no_grad():
            return L.func.grad(lambda y: y.pow(3).sum())(x), L.func.jacrev(lambda y: y.exp())(x)
    same(lambda L: _with_flags(run(L)))


@pytest.mark.parametrize("name, run", [
    ("non_scalar", lambda L: L.func.grad(lambda a: a)(t(L, A))),
    ("returns_int", lambda L: L.func.grad(lambda a: 3)(t(L, A))),
    ("argnum_range", lambda L: L.func.grad(lambda a: a.sum(), argnums=2)(t(L, A))),
    ("argnums_repeated", lambda L: L.func.grad(lambda a: a.sum(), argnums=(0, 0))(t(L, A))),
    ("argnums_str", lambda L: L.func.grad(lambda a: a.sum(), argnums="a")(t(L, A))),
    ("float_input", lambda L: L.func.grad(lambda a: a.sum())(3.0)),
    ("returns_tuple", lambda L: L.func.grad(lambda a: (a.sum(), 2))(t(L, A))),
    ("aux_missing", lambda L: L.func.grad(lambda a: a.sum(), has_aux=True)(t(L, A))),
    ("integer_input", lambda L: L.func.grad(lambda a: a.sum())(L.arange(3))),
])
def test_grad_errors(name, run):
    raises_same(run)


# --- vjp, jvp and Jacobians ---------------------------------------------------------------------------------------
def _vector_fn(x, y):
    return x.sin() * y.sum() + x.pow(2) * y[0], (x * y).exp()


def test_vjp():
    def run(L):
        x, y = t(L, V), t(L, V * 0.5)
        (o1, o2), vjp_fn = L.func.vjp(_vector_fn, x, y)
        return o1, o2, vjp_fn((t(L, V + 1), t(L, V - 1))), vjp_fn((t(L, V * 3), t(L, V)))
    same(lambda L: _with_flags(run(L)))


def test_vjp_has_aux_and_second_order():
    def run(L):
        out, vjp_fn, aux = L.func.vjp(lambda x: (x.tanh(), x.sum()), t(L, V), has_aux=True)
        second = L.func.grad(lambda x: L.func.vjp(lambda y: y.sin(), x)[1](L.ones(4, dtype=L.float64))[0].sum())(
            t(L, V))
        return out, vjp_fn(t(L, V)), aux, second
    same(lambda L: _with_flags(run(L)))


@pytest.mark.parametrize("name, run", [
    ("jvp", lambda L: L.func.jvp(_vector_fn, (t(L, V), t(L, V * 2)), (t(L, V[::-1].copy()), t(L, V)))),
    ("jvp_single", lambda L: L.func.jvp(lambda x: x.exp().cumsum(0), (t(L, A),), (t(L, A * 2),))),
    ("jvp_aux", lambda L: L.func.jvp(lambda x: (x.sin(), x * 2), (t(L, V),), (t(L, V),), has_aux=True)),
    ("jvp_constant_output", lambda L: L.func.jvp(lambda x: x.detach() * 2, (t(L, V),), (t(L, V),))),
    ("jacrev", lambda L: L.func.jacrev(lambda x: x.sin().outer(x))(t(L, V))),
    ("jacrev_matrix_input", lambda L: L.func.jacrev(lambda m: m @ t(L, B))(t(L, A))),
    ("jacrev_argnums", lambda L: L.func.jacrev(_vector_fn, argnums=(0, 1))(t(L, V), t(L, V * 2))),
    ("jacrev_scalar_output", lambda L: L.func.jacrev(lambda x: x.pow(2).sum())(t(L, V))),
    ("jacrev_aux", lambda L: L.func.jacrev(lambda x: (x.exp(), x.sum()), has_aux=True)(t(L, V))),
    ("jacfwd", lambda L: L.func.jacfwd(lambda x: x.softmax(0))(t(L, V))),
    ("jacfwd_argnums", lambda L: L.func.jacfwd(_vector_fn, argnums=1)(t(L, V), t(L, V * 2))),
    ("hessian", lambda L: L.func.hessian(lambda x: x.sin().prod() + (x @ x).exp())(t(L, V))),
    ("hessian_matrix", lambda L: L.func.hessian(lambda m: (m @ m.mT).logsumexp(1).sum())(t(L, A))),
    ("hessian_argnums", lambda L: L.func.hessian(lambda x, y: (x * y).pow(3).sum(), argnums=1)(t(L, V), t(L, V))),
    ("hessian_two_args", lambda L: L.func.hessian(lambda x, y: x.sin().outer(y.exp()).sum() * (x[:3] * y).sum(),
                                                  argnums=(0, 1))(
        t(L, V), t(L, V[:3]))),
    ("jacrev_of_vmap", lambda L: L.func.jacrev(L.func.vmap(lambda r: r.sin() * r[0]))(t(L, A))),
    ("vmap_of_jacrev", lambda L: L.func.vmap(L.func.jacrev(lambda x: x.tanh() * x.sum()))(t(L, A))),
    ("jacrev_float32", lambda L: L.func.jacrev(lambda x: x.sigmoid())(L.tensor(V, dtype=L.float32))),
])
def test_jacobians(name, run):
    same(lambda L: _with_flags(run(L)))


@pytest.mark.parametrize("name, run", [
    ("vjp_float", lambda L: L.func.vjp(lambda a: a * 2, 3.0)),
    ("jvp_not_tuple", lambda L: L.func.jvp(lambda a: a * 2, t(L, V), t(L, V))),
    ("jvp_tangent_size", lambda L: L.func.jvp(lambda a: a * 2, (t(L, V),), (t(L, A),))),
    ("jacrev_float", lambda L: L.func.jacrev(lambda a: a.sum())(3.0)),
    ("jacfwd_randomness", lambda L: L.func.jacfwd(lambda a: a, randomness="x")(t(L, V))),
])
def test_transform_errors(name, run):
    raises_same(run)


# --- functional_call ----------------------------------------------------------------------------------------------
def _model(L):
    """Linear, BatchNorm, Tanh, Linear with the same (fixed) parameters in both libraries."""
    model = L.nn.Sequential(L.nn.Linear(4, 3), L.nn.BatchNorm1d(3), L.nn.Tanh(), L.nn.Linear(3, 2)).double()
    values = np.random.default_rng(1)
    with L.no_grad():
        for p in model.parameters():
            p.copy_(t(L, values.standard_normal(tuple(p.shape))))
    return model


def _new_params(L, model):
    return {name: (p.detach() * 0.5 + 0.1) for name, p in model.named_parameters()}


def test_functional_call_swaps_and_restores():
    def run(L):
        model, x = _model(L), t(L, A)
        params = _new_params(L, model)
        swapped = L.func.functional_call(model, params, (x,))
        return swapped, model(x), [p.requires_grad for p in model.parameters()], model[1].num_batches_tracked
    same(run)


def test_functional_call_buffers_kwargs_and_tuple_of_dicts():
    def run(L):
        model, x = _model(L), t(L, A)
        model.eval()
        buffers = {"1.running_mean": t(L, V[:3]), "1.running_var": t(L, V[:3] ** 2 + 1)}
        out = L.func.functional_call(model, (_new_params(L, model), buffers), x)
        lin = L.nn.Linear(4, 2).double()
        kw = L.func.functional_call(lin, {"weight": L.ones(2, 4, dtype=L.float64), "bias": t(L, V[:2])}, args=(),
                                    kwargs={"input": x})
        return out, model[1].running_mean, kw
    same(run)


def test_functional_call_gradients():
    """grad with respect to the swapped-in parameters, as torch.func's usual training-step pattern."""
    def run(L):
        model, x = _model(L).eval(), t(L, A)  # (training-mode batch norm would write its captured running stats)
        params = _new_params(L, model)
        loss = lambda p: L.func.functional_call(model, p, (x,)).pow(2).mean()  # noqa: E731
        grads = L.func.grad(loss)(params)
        per_sample = L.func.vmap(L.func.grad(lambda p, row: L.func.functional_call(model[0], p, (row,)).sum()),
                                 in_dims=(None, 0))({"weight": params["0.weight"], "bias": params["0.bias"]}, x)
        return grads, per_sample
    same(run)


@pytest.mark.parametrize("name, run", [
    ("strict_missing", lambda L: L.func.functional_call(L.nn.Linear(3, 2), {"weight": L.zeros(2, 3)},
                                                        (L.zeros(1, 3),), strict=True)),
    ("strict_unexpected", lambda L: L.func.functional_call(
        L.nn.Linear(3, 2), {"weight": L.zeros(2, 3), "bias": L.zeros(2), "extra": L.zeros(1)}, (L.zeros(1, 3),),
        strict=True)),
    ("strict_both", lambda L: L.func.functional_call(L.nn.Linear(3, 2), {"weightx": L.zeros(2, 3)}, (L.zeros(1, 3),),
                                                     strict=True)),
    ("repeated_key", lambda L: L.func.functional_call(
        L.nn.Linear(3, 2), ({"weight": L.zeros(2, 3)}, {"weight": L.zeros(2, 3)}), (L.zeros(1, 3),))),
])
def test_functional_call_errors(name, run):
    raises_same(run)
