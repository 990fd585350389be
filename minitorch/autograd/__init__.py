"""minitorch.autograd: the graph, the engine, Function, grad modes, anomaly mode and gradcheck."""
from .anomaly import detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .engine import run_backward
from .function import Function, once_differentiable
from .grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad,
                        set_grad_enabled)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the leaves (or of ``inputs``)."""
    if retain_graph is None:
        retain_graph = create_graph
    if inputs is not None:
        from ..tensor import Tensor
        inputs = (inputs,) if isinstance(inputs, Tensor) else tuple(inputs)
        if not inputs:
            raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    grads = run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=inputs)
    for t, g in zip(inputs or (), grads):  # non-leaf inputs keep their gradient too (leaves already have it)
        if t.grad_fn is not None and g is not None:
            g = g if create_graph else g.detach()
            t.grad = g if t._grad is None else t._grad + g


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, allow_unused=None,
         materialize_grads=False):
    """Return d(outputs)/d(inputs) without touching any ``.grad``."""
    from ..tensor import Tensor
    single = isinstance(inputs, (Tensor, graph.GradientEdge))
    inputs = (inputs,) if single else tuple(inputs)
    if retain_graph is None:
        retain_graph = create_graph
    result = run_backward(outputs, grad_outputs, retain_graph, create_graph, inputs=inputs, accumulate=False)
    for i, g in enumerate(result):
        if g is None:
            if materialize_grads:
                result[i] = inputs[i].new_zeros(inputs[i].shape)
            elif not allow_unused:
                raise RuntimeError("The differentiated Tensor at index %d appears to not have been used in the "
                                   "graph. Set allow_unused=True if this is the desired behavior." % i)
    return tuple(result)


from .gradcheck import gradcheck, gradgradcheck  # noqa: E402  (gradcheck uses grad above)
from . import functional, profiler  # noqa: E402,F401  (both use grad above)
from . import forward_ad, graph  # noqa: E402,F401
