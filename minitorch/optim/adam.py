"""Adam: per-coordinate steps scaled by running estimates of the gradient's first and second moments.

    t = t + 1
    g = grad (+ weight_decay * p, unless the decay is decoupled: then p = p * (1 - lr * weight_decay))
    m = m + (1 - beta1) * (g - m)                      # lerp towards g: the first moment
    v = beta2 * v + (1 - beta2) * g * g                # the second moment
    v_max = max(v_max, v)   (amsgrad: normalise by the largest second moment seen)
    p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from ..ops.elementwise import maximum
from .optimizer import (Optimizer, check_betas, check_non_negative, evaluate_closure, params_with_grad,
                        decayed_grad, signed_grad, update_moments, step_counter)


class Adam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *,
                 foreach=None, maximize=False, capturable=False, differentiable=False, fused=None,
                 decoupled_weight_decay=False):
        check_non_negative(lr=lr, eps=eps)
        check_betas(betas)
        check_non_negative(weight_decay=weight_decay)
        # foreach / capturable / fused pick torch kernels with the same math; kept so settings read as torch's
        defaults = dict(lr=lr, betas=tuple(betas), eps=eps, weight_decay=weight_decay, amsgrad=amsgrad,
                        maximize=maximize, foreach=foreach, capturable=capturable, differentiable=differentiable,
                        fused=fused, decoupled_weight_decay=decoupled_weight_decay)
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        state = self.state[p]
        if not state:
            state["step"] = step_counter()
            state["exp_avg"] = zeros_like(p)
            state["exp_avg_sq"] = zeros_like(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = zeros_like(p)
        return state

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            beta1, beta2 = group["betas"]
            lr = group["lr"]
            for p in params_with_grad(group):
                state = self._init_state(p, group)
                grad = signed_grad(p, group)
                state["step"].add_(1)
                grad = decayed_grad(p, grad, group)
                exp_avg, exp_avg_sq = update_moments(state, grad, group["betas"])

                step = state["step"].item()
                step_size = lr / (1 - beta1 ** step)
                bias_correction2_sqrt = (1 - beta2 ** step) ** 0.5
                if group["amsgrad"]:
                    state["max_exp_avg_sq"].copy_(maximum(state["max_exp_avg_sq"], exp_avg_sq))
                    second_moment = state["max_exp_avg_sq"]
                else:
                    second_moment = exp_avg_sq
                denom = (second_moment.sqrt() / bias_correction2_sqrt).add_(group["eps"])
                p.addcdiv_(exp_avg, denom, value=-step_size)
        return loss
