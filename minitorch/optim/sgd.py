"""SGD: stochastic gradient descent with optional momentum (heavy-ball or Nesterov), dampening and weight decay.

    g = grad (+ weight_decay * p)                      # L2 penalty folded into the gradient
    b = g on the first step, else momentum * b + (1 - dampening) * g
    g = g + momentum * b   (nesterov)   or   g = b
    p = p - lr * g
"""
from ..autograd.grad_mode import no_grad
from .optimizer import Optimizer, check_non_negative, evaluate_closure, params_with_grad, signed_grad


class SGD(Optimizer):
    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *,
                 maximize=False, foreach=None, differentiable=False, fused=None):
        check_non_negative(lr=lr, momentum=momentum, weight_decay=weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        # foreach / fused choose between torch kernels with the same math; they are kept only so that settings
        # and state dicts read the same as torch's
        defaults = dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                        nesterov=nesterov, maximize=maximize, foreach=foreach, differentiable=differentiable,
                        fused=fused)
        super().__init__(params, defaults)

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            momentum = group["momentum"]
            for p in params_with_grad(group):
                grad = signed_grad(p, group)
                if group["weight_decay"] != 0:
                    grad = grad.add(p, alpha=group["weight_decay"])
                if momentum != 0:
                    state = self.state[p]
                    buf = state.get("momentum_buffer")
                    if buf is None:
                        buf = state["momentum_buffer"] = grad.detach().clone()
                    else:
                        buf.mul_(momentum).add_(grad, alpha=1 - group["dampening"])
                    grad = grad.add(buf, alpha=momentum) if group["nesterov"] else buf
                p.add_(grad, alpha=-group["lr"])
        return loss
