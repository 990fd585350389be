"""ASGD: SGD with a decaying step and, after t0 steps, a running average ``ax`` of the iterates.

    t = t + 1
    g = grad (+ weight_decay * p)
    p = p * (1 - lambd * eta) - eta * g
    ax = p if mu == 1, else ax + mu * (p - ax)
    eta = lr / (1 + lambd * lr * t)^alpha;  mu = 1 / max(1, t - t0)
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from .optimizer import Optimizer, check_non_negative, evaluate_closure, params_with_grad, signed_grad, step_counter


class ASGD(Optimizer):
    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None,
                 maximize=False, differentiable=False, capturable=False):
        check_non_negative(lr=lr, weight_decay=weight_decay)
        defaults = dict(lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize, differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            lr, lambd = group["lr"], group["lambd"]
            for p in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_counter()
                    state["eta"] = step_counter(lr)  # a scalar tensor, as torch keeps it (rounded to its dtype)
                    state["mu"] = step_counter(1.0)
                    state["ax"] = zeros_like(p)
                grad = signed_grad(p, group)
                state["step"].add_(1)
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                eta, mu = state["eta"].item(), state["mu"].item()
                p.mul_(1 - lambd * eta)
                p.add_(grad, alpha=-eta)
                if mu != 1:
                    state["ax"].add_(p.sub(state["ax"]).mul_(mu))
                else:
                    state["ax"].copy_(p)
                step = state["step"].item()
                # torch rounds the new values through a default-dtype tensor even when the state is float64
                state["eta"].copy_(step_counter(lr / ((1 + lambd * lr * step) ** group["alpha"])))
                state["mu"].copy_(step_counter(1 / max(1, step - group["t0"])))
        return loss
