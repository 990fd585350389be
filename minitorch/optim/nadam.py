"""NAdam: Adam with Nesterov momentum -- the step looks ahead with the next step's momentum coefficient.

    t = t + 1
    g = grad (+ weight_decay * p, or p = p * (1 - lr * weight_decay) when decoupled)
    mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay));  P = P * mu_t      # P: product of all mu so far
    m = m + (1 - beta1) * (g - m);  v = beta2 * v + (1 - beta2) * g * g
    d = sqrt(v / (1 - beta2^t)) + eps
    p = p - lr * (1 - mu_t) / (1 - P) * g / d - lr * mu_{t+1} / (1 - P * mu_{t+1}) * m / d
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from .optimizer import (Optimizer, check_betas, check_non_negative, evaluate_closure, params_with_grad,
                        decayed_grad, signed_grad, update_moments, step_counter)


class NAdam(Optimizer):
    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_non_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_non_negative(weight_decay=weight_decay, momentum_decay=momentum_decay)
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay,
                        momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable)
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr = group["lr"]
            for p in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_counter()
                    state["mu_product"] = step_counter(1.0)
                    state["exp_avg"] = zeros_like(p)
                    state["exp_avg_sq"] = zeros_like(p)
                grad = signed_grad(p, group)
                state["step"].add_(1)
                step = state["step"].item()
                grad = decayed_grad(p, grad, group)
                mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * group["momentum_decay"]))
                mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * group["momentum_decay"]))
                state["mu_product"].mul_(mu)
                mu_product = state["mu_product"].item()
                update_moments(state, grad, group["betas"])
                denom = state["exp_avg_sq"].div(1 - beta2 ** step).sqrt().add_(group["eps"])
                p.addcdiv_(grad, denom, value=-lr * (1.0 - mu) / (1.0 - mu_product))
                p.addcdiv_(state["exp_avg"], denom, value=-lr * mu_next / (1.0 - mu_product * mu_next))
        return loss
