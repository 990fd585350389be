"""RAdam: Adam whose adaptive step is switched on only once the variance of its second moment is tractable.

    t = t + 1
    g = grad (+ weight_decay * p, or p = p * (1 - lr * weight_decay) when decoupled)
    m = m + (1 - beta1) * (g - m);  v = beta2 * v + (1 - beta2) * g * g
    rho_inf = 2 / (1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)   # length of the approximated SMA
    rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
                p = p - lr * m / (1 - beta1^t) * r * sqrt(1 - beta2^t) / (sqrt(v) + eps)
    otherwise:  p = p - lr * m / (1 - beta1^t)                                        # plain momentum SGD
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from .optimizer import (Optimizer, check_betas, check_non_negative, evaluate_closure, params_with_grad,
                        decayed_grad, signed_grad, update_moments, step_counter)


class RAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False):
        check_non_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_non_negative(weight_decay=weight_decay)
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, maximize=maximize,
                        foreach=foreach, capturable=capturable, decoupled_weight_decay=decoupled_weight_decay,
                        differentiable=differentiable)
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
                    state["exp_avg"] = zeros_like(p)
                    state["exp_avg_sq"] = zeros_like(p)
                grad = signed_grad(p, group)
                state["step"].add_(1)
                step = state["step"].item()
                grad = decayed_grad(p, grad, group)
                exp_avg, exp_avg_sq = update_moments(state, grad, group["betas"])

                bias_correction2 = 1 - beta2 ** step
                corrected_avg = exp_avg / (1 - beta1 ** step)
                rho_inf = 2 / (1 - beta2) - 1
                rho_t = rho_inf - 2 * step * beta2 ** step / bias_correction2
                if rho_t > 5.0:
                    rect = ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
                    adaptive_lr = bias_correction2 ** 0.5 / exp_avg_sq.sqrt().add_(group["eps"])
                    p.add_(corrected_avg * lr * adaptive_lr * rect, alpha=-1.0)
                else:
                    p.add_(corrected_avg * lr, alpha=-1.0)
        return loss
