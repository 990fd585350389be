"""Adamax: Adam with the second moment replaced by an exponentially weighted infinity norm.

    t = t + 1
    g = grad (+ weight_decay * p)
    m = m + (1 - beta1) * (g - m)
    u = max(beta2 * u, |g| + eps)
    p = p - lr / (1 - beta1^t) * m / u
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from ..ops.elementwise import maximum
from .optimizer import (Optimizer, check_betas, check_non_negative, evaluate_closure, params_with_grad,
                        signed_grad, step_counter)


class Adamax(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *,
                 maximize=False, differentiable=False, capturable=False):
        check_non_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_non_negative(weight_decay=weight_decay)
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            for p in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_counter()
                    state["exp_avg"] = zeros_like(p)
                    state["exp_inf"] = zeros_like(p)
                grad = signed_grad(p, group)
                state["step"].add_(1)
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                state["exp_avg"].lerp_(grad, 1 - beta1)
                state["exp_inf"].copy_(maximum(state["exp_inf"].mul_(beta2), grad.abs().add_(group["eps"])))
                clr = group["lr"] / (1 - beta1 ** state["step"].item())
                p.addcdiv_(state["exp_avg"], state["exp_inf"], value=-clr)
        return loss
