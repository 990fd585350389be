"""RMSprop: divide each coordinate's step by a running root-mean-square of its gradients.

    g = grad (+ weight_decay * p)
    v = alpha * v + (1 - alpha) * g * g
    centered:  a = a + (1 - alpha) * (g - a);  avg = sqrt(v - a * a)    # the variance instead of the raw moment
    otherwise: avg = sqrt(v)
    momentum:  b = momentum * b + g / (avg + eps);  p = p - lr * b
    otherwise: p = p - lr * g / (avg + eps)
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from .optimizer import Optimizer, check_non_negative, evaluate_closure, params_with_grad, signed_grad, step_counter


class RMSprop(Optimizer):
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        check_non_negative(lr=lr, eps=eps, momentum=momentum, weight_decay=weight_decay, alpha=alpha)
        defaults = dict(lr=lr, momentum=momentum, alpha=alpha, eps=eps, centered=centered,
                        weight_decay=weight_decay, capturable=capturable, foreach=foreach, maximize=maximize,
                        differentiable=differentiable)
        super().__init__(params, defaults)

    def _init_state(self, p, group):
        state = self.state[p]
        if not state:
            state["step"] = step_counter()
            state["square_avg"] = zeros_like(p)
            if group["momentum"] > 0:
                state["momentum_buffer"] = zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = zeros_like(p)
        return state

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            alpha, lr = group["alpha"], group["lr"]
            for p in params_with_grad(group):
                state = self._init_state(p, group)
                grad = signed_grad(p, group)
                state["step"].add_(1)
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                square_avg = state["square_avg"]
                square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
                if group["centered"]:
                    grad_avg = state["grad_avg"]
                    grad_avg.lerp_(grad, 1 - alpha)
                    avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
                else:
                    avg = square_avg.sqrt()
                avg = avg.add_(group["eps"])
                if group["momentum"] > 0:
                    buf = state["momentum_buffer"]
                    buf.mul_(group["momentum"]).addcdiv_(grad, avg)
                    p.add_(buf, alpha=-lr)
                else:
                    p.addcdiv_(grad, avg, value=-lr)
        return loss
