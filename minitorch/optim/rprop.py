"""Rprop: each coordinate moves by its own step size, which grows while the gradient keeps its sign and shrinks
when the sign flips; only the gradient's sign is used.

    s = sign(g * g_prev);  factor = etaplus where s > 0, etaminus where s < 0, 1 where s == 0
    step_size = clamp(step_size * factor, step_size_min, step_size_max)
    g = 0 where the sign flipped (and the flipped step is not taken)
    p = p - sign(g) * step_size;  g_prev = g
"""
from ..autograd.grad_mode import no_grad
from ..creation import full_like, zeros_like
from .optimizer import Optimizer, check_non_negative, evaluate_closure, params_with_grad, signed_grad, step_counter


class Rprop(Optimizer):
    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, capturable=False,
                 foreach=None, maximize=False, differentiable=False):
        check_non_negative(lr=lr)
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError("Invalid eta values: %s, %s" % (etas[0], etas[1]))
        defaults = dict(lr=lr, etas=etas, step_sizes=step_sizes, foreach=foreach, maximize=maximize,
                        differentiable=differentiable, capturable=capturable)
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            etaminus, etaplus = group["etas"]
            step_size_min, step_size_max = group["step_sizes"]
            for p in params_with_grad(group):
                state = self.state[p]
                if not state:
                    state["step"] = step_counter()
                    state["prev"] = zeros_like(p)
                    state["step_size"] = full_like(p, group["lr"])
                grad = signed_grad(p, group)
                state["step"].add_(1)
                sign = grad.mul(state["prev"]).sign()
                factor = sign.masked_fill(sign > 0, etaplus).masked_fill(sign < 0, etaminus).masked_fill(sign == 0, 1)
                state["step_size"].mul_(factor).clamp_(step_size_min, step_size_max)
                grad = grad.masked_fill(sign < 0, 0)
                p.addcmul_(grad.sign(), state["step_size"], value=-1)
                state["prev"].copy_(grad)
        return loss
