"""SparseAdam: Adam restricted to the entries a sparse gradient touches. minitorch's gradients are always dense
(it has no sparse tensors), and for a dense gradient torch's SparseAdam refuses to step: so does this one, with
torch's error; the settings, their checks and the state dict are torch's."""
from ..autograd.grad_mode import no_grad
from .adafactor import check_scalar_lr
from .optimizer import Optimizer, check_betas, evaluate_closure, params_with_grad

__all__ = ["SparseAdam"]


class SparseAdam(Optimizer):
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False):
        check_scalar_lr(lr)
        if not 0.0 < lr:
            raise ValueError("Invalid learning rate: %s" % lr)
        if not 0.0 < eps:
            raise ValueError("Invalid epsilon value: %s" % eps)
        check_betas(betas)
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, maximize=maximize))

    @no_grad()
    def step(self, closure=None):
        loss = evaluate_closure(closure)
        for group in self.param_groups:
            if any(not p.grad.is_sparse for p in params_with_grad(group)):
                raise RuntimeError("SparseAdam does not support dense gradients, please consider Adam instead")
        return loss
