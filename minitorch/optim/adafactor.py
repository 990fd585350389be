"""Adafactor (Shazeer & Stern, 2018): Adam-like steps from a factored second moment, with torch's update.

    t = t + 1;  w = t^beta2_decay (the weight of the new estimate);  rho = min(lr, 1 / sqrt(t))
    alpha = max(eps2, RMS(p)) * rho;  p = p * (1 - lr * weight_decay)
    matrix-like p (dim > 1): R = lerp(R, mean of g^2 over the last dim, w), C = lerp(C, mean over dim -2, w),
        v = R @ C / max(mean of R over dim -2, eps1);  a vector or scalar p: v = lerp(v, g^2, w)
    u = g / sqrt(max(v, eps1^2));  p = p - alpha / max(1, RMS(u) / d) * u
eps1 None is the machine epsilon of the first parameter's dtype. ``foreach`` picks torch's batched kernel, whose
math is the same.
"""
from ..autograd.grad_mode import no_grad
from ..creation import zeros_like
from ..info import finfo
from ..tensor import Tensor
from .optimizer import Optimizer, evaluate_closure, params_with_grad, signed_grad, step_counter

__all__ = ["Adafactor"]


def check_scalar_lr(lr):
    """torch's check of a Tensor learning rate, which must have one element."""
    if isinstance(lr, Tensor) and lr.numel() != 1:
        raise ValueError("Tensor lr must be 1-element")


def scalar_lr(lr):
    """lr as torch's update uses it: a number, or a Tensor lr as a 0-dim Tensor (its math then runs in lr's dtype)."""
    return lr.squeeze() if isinstance(lr, Tensor) and lr.dim() != 0 else lr


def _check_settings(lr, beta2_decay, eps, d, weight_decay):
    check_scalar_lr(lr)
    checks = [(0.0 <= lr, "Learning rate should be >= 0 but is: %s" % lr),
              (0.0 >= beta2_decay, "beta2_decay should be <= 0 but is: %s" % beta2_decay),
              (eps[0] is None or 0.0 <= eps[0], "epsilon1 should be >= 0 but is: %s" % (eps[0],)),
              (0.0 <= eps[1], "epsilon2 should be >= 0 but is: %s" % eps[1]),
              (1.0 <= d, "Clipping threshold d should be >= 1 but is: %s" % d),
              (0.0 <= weight_decay, "weight_decay should be >= 0 but is: %s" % weight_decay)]
    for holds, message in checks:
        if not holds:
            raise ValueError(message)


def _rms(t):
    return t.norm(2).item() / (t.numel() ** 0.5)


class Adafactor(Optimizer):
    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 foreach=None, maximize=False):
        _check_settings(lr, beta2_decay, eps, d, weight_decay)
        defaults = dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay, foreach=foreach,
                        maximize=maximize)
        super().__init__(params, defaults)

    def _init_state(self, p):
        """The step count and the second-moment buffers: a row and a column factor for a matrix-like gradient."""
        state = self.state[p]
        if not state:
            state["step"] = step_counter()
            grad = p.grad
            if grad.dim() > 1:
                state["row_var"] = grad.new_zeros(tuple(grad.shape[:-1]) + (1,))
                state["col_var"] = grad.new_zeros(tuple(grad.shape[:-2]) + (1, grad.shape[-1]))
            else:
                state["variance"] = zeros_like(grad)
        return state

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            params = params_with_grad(group)
            states = [self._init_state(p) for p in params]
            eps1, eps2 = group["eps"]
            if eps1 is None and params:
                eps1 = finfo(params[0].dtype).eps
            for p, state in zip(params, states):
                self._update(p, state, group, eps1, eps2)
        return loss

    @staticmethod
    def _update(p, state, group, eps1, eps2):
        lr = scalar_lr(group["lr"])
        grad = signed_grad(p, group)
        state["step"].add_(1)
        step = state["step"].item()
        new_weight = step ** group["beta2_decay"]
        alpha = max(eps2, _rms(p)) * min(lr, 1 / step ** 0.5)
        if group["weight_decay"] != 0:
            p.mul_(1 - lr * group["weight_decay"])
        if grad.dim() > 1:
            row_var, col_var = state["row_var"], state["col_var"]
            row_var.lerp_(grad.norm(dim=-1, keepdim=True).square_().div_(grad.shape[-1]), new_weight)
            col_var.lerp_(grad.norm(dim=-2, keepdim=True).square_().div_(grad.shape[-2]), new_weight)
            variance = (row_var @ col_var).div_(row_var.mean(dim=-2, keepdim=True).clamp_(min=eps1))
        else:
            variance = state["variance"].lerp_(grad * grad, new_weight).clone()
        update = variance.clamp_(min=eps1 * eps1).rsqrt_().mul_(grad)
        p.add_(update, alpha=-alpha / max(1.0, _rms(update) / group["d"]))
