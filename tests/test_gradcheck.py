"""minitorch.autograd.gradcheck: full Jacobian and random-direction (fast) modes, kinks reported as kinks, second
order, and the shape/dtype check of custom Functions' gradients. Verdicts agree with torch.autograd.gradcheck."""
import warnings

import numpy as np
import pytest

import minitorch
from minitorch.autograd import Function
from minitorch.autograd.gradcheck import GradcheckError, NonDifferentiablePointWarning, gradcheck

torch = pytest.importorskip("torch")


def _x(lib, values):
    return lib.tensor(np.asarray(values, dtype=np.float64), requires_grad=True)


def _custom(lib, grad_scale=1.0, grad_fn=None):
    """y = x^3 as a custom Function whose backward is scaled (1.0: correct) or replaced by grad_fn(ctx, g)."""
    class Cube(lib.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x ** 3

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return grad_fn(ctx, g, x) if grad_fn else g * 3 * x ** 2 * grad_scale
    return Cube


@pytest.mark.parametrize("fast_mode", [False, True])
def test_correct_gradients_pass_like_torch(fast_mode):
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal(4)
    for lib, check in ((torch, torch.autograd.gradcheck), (minitorch, gradcheck)):
        fns = [lambda x, y: (x * y).sin().sum(-1), lambda x, y: lib.softmax(x, -1) * y.exp(),
               lambda x, y: _custom(lib).apply(x) @ y, lambda x, y: (x * y).sin() @ y]
        for fn in fns:
            assert check(fn, (_x(lib, a), _x(lib, b)), fast_mode=fast_mode)


@pytest.mark.parametrize("fast_mode", [False, True])
def test_wrong_gradient_fails_like_torch(fast_mode):
    for lib, check, error in ((torch, torch.autograd.gradcheck, torch.autograd.gradcheck.__globals__["GradcheckError"]),
                              (minitorch, gradcheck, GradcheckError)):
        fn = _custom(lib, grad_scale=1.01).apply
        with pytest.raises(error):
            check(fn, (_x(lib, [0.5, -1.5, 2.0]),), fast_mode=fast_mode)
        assert check(fn, (_x(lib, [0.5, -1.5, 2.0]),), fast_mode=fast_mode, raise_exception=False) is False
    with pytest.raises(GradcheckError, match="Jacobian mismatch"):
        gradcheck(_custom(minitorch, grad_scale=1.01).apply, (_x(minitorch, [0.5, -1.5]),), fast_mode=fast_mode)
    assert issubclass(GradcheckError, RuntimeError)  # as torch's


@pytest.mark.parametrize("fn", [minitorch.relu, lambda x: x.clamp(-1.0, 1.0), minitorch.nn.functional.leaky_relu,
                                lambda x: (x.relu() * 3).sum()])
def test_a_kink_is_reported_as_a_kink_not_as_a_wrong_gradient(fn):
    """At a kink the central difference averages the two sides, so it disagrees with torch's choice of gradient
    (relu'(0) = 0, clamp passes its bounds): gradcheck says why instead of calling the gradient wrong."""
    x = _x(minitorch, [-1.0, 0.0, 1.0, 2.5])  # 0 (and +-1 for clamp) are kinks
    with pytest.warns(NonDifferentiablePointWarning, match="non-differentiable point \\(kink\\)"):
        assert gradcheck(fn, (x,))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert gradcheck(fn, (_x(minitorch, [-1.7, 0.3, 2.5]),))  # away from the kinks: no warning


def test_a_gradient_outside_the_one_sided_derivatives_is_wrong_even_at_a_kink():
    def relu_grad_5_at_0(ctx, g, x):
        return g * ((x > 0) + (x == 0) * 5.0)
    Relu = _custom(minitorch, grad_fn=relu_grad_5_at_0)
    Relu.forward = staticmethod(lambda ctx, x: (ctx.save_for_backward(x), x.relu())[1])
    with pytest.raises(GradcheckError, match="kink.*left derivative 0, right derivative 1, analytical 5"):
        gradcheck(Relu.apply, (_x(minitorch, [-1.0, 0.0, 1.0]),))


def test_fast_mode_is_chosen_for_large_inputs_and_is_cheap():
    calls = []

    def fn(x):
        calls.append(1)
        return (x * x).tanh()
    big = minitorch.randn(60, 60, dtype=minitorch.float64, requires_grad=True)
    assert gradcheck(fn, (big,))
    assert len(calls) < 10  # the full Jacobian would take 2 * 3600 evaluations
    calls.clear()
    assert gradcheck(fn, (_x(minitorch, np.ones((3, 3))),))
    assert len(calls) == 2 * 9 + 3  # small: the full Jacobian, one element at a time


def test_fast_mode_catches_a_wrong_gradient_in_a_large_input():
    fn = _custom(minitorch, grad_scale=0.99).apply
    with pytest.raises(GradcheckError, match="fast mode"):
        gradcheck(fn, (minitorch.randn(2000, dtype=minitorch.float64, requires_grad=True),))


def test_second_order():
    """gradgradcheck passes on correct second derivatives; a backward that is right to first order but not
    differentiable in x (it reads a detached x) passes gradcheck and fails gradgradcheck (and minitorch's
    gradcheck(check_second_order=True)), in both libraries."""
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((3, 2)), rng.standard_normal(2)
    for lib, check in ((torch, torch.autograd.gradcheck), (minitorch, gradcheck)):
        assert lib.autograd.gradgradcheck(lambda x, y: (x * y).sin() @ y, (_x(lib, a), _x(lib, b)))
        detached = _custom(lib, grad_fn=lambda ctx, g, x: g * 3 * x.detach() ** 2).apply
        x = _x(lib, [0.5, -1.5, 2.0])
        assert check(detached, (x,))
        assert lib.autograd.gradgradcheck(detached, (x,), raise_exception=False) is False
        if lib is minitorch:
            assert check(_custom(lib).apply, (x,), check_second_order=True)
            assert not check(detached, (x,), check_second_order=True, raise_exception=False)


def test_custom_function_gradient_shape_and_dtype_are_checked():
    x = _x(minitorch, [0.5, -1.5, 2.0])
    wrong_shape = _custom(minitorch, grad_fn=lambda ctx, g, x: (g * 3 * x ** 2).reshape(1, 3)).apply
    with pytest.raises(GradcheckError, match="shape \\[1, 3\\].*input 0, which has shape \\[3\\]"):
        gradcheck(wrong_shape, (x,))
    wrong_dtype = _custom(minitorch, grad_fn=lambda ctx, g, x: (g * 3 * x ** 2).float()).apply
    with pytest.raises(GradcheckError, match="dtype torch.float32 for input 0.*dtype torch.float64"):
        gradcheck(wrong_dtype, (x,))
    # the engine itself sums a broadcastable gradient into place, so the values alone would pass
    assert gradcheck(wrong_shape, (x,), check_grad_dtypes=False)


def test_float32_inputs_warn_like_torch():
    for lib in (torch, minitorch):
        with pytest.warns(UserWarning, match="Input #0 .*not a double precision"):
            # only the warning is under test: float32 finite differences are too coarse to judge the values
            lib.autograd.gradcheck(lib.sin, (lib.randn(3, requires_grad=True),), eps=1e-3, atol=1e-2,
                                   raise_exception=False)
