"""Adagrad: each coordinate's step shrinks with the sum of all its squared gradients so far.

    t = t + 1
    g = grad (+ weight_decay * p)
    clr = lr / (1 + (t - 1) * lr_decay)
    s = s + g * g                                      # s starts at initial_accumulator_value
    p = p - clr * g / (sqrt(s) + eps)
"""
from ..autograd.grad_mode import no_grad
from ..creation import full_like
from .optimizer import Optimizer, check_non_negative, evaluate_closure, params_with_grad, signed_grad, step_counter


class Adagrad(Optimizer):
    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10,
                 foreach=None, *, maximize=False, differentiable=False, fused=None):
        check_non_negative(lr=lr, lr_decay=lr_decay, weight_decay=weight_decay,
                           initial_accumulator_value=initial_accumulator_value, eps=eps)
        defaults = dict(lr=lr, lr_decay=lr_decay, eps=eps, weight_decay=weight_decay,
                        initial_accumulator_value=initial_accumulator_value, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, fused=fused)
        super().__init__(params, defaults)
        # unlike the other optimizers, Adagrad's state exists from the start (torch does the same)
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p]["step"] = step_counter()
                self.state[p]["sum"] = full_like(p, initial_accumulator_value)

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            for p in params_with_grad(group):
                state = self.state[p]
                state["step"].add_(1)
                step = state["step"].item()
                grad = signed_grad(p, group)
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
                state["sum"].addcmul_(grad, grad, value=1)
                std = state["sum"].sqrt().add_(group["eps"])
                p.addcdiv_(grad, std, value=-clr)
        return loss
