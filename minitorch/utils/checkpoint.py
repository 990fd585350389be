"""minitorch.utils.checkpoint: trade compute for memory -- run a function without keeping its graph, and run it
again in backward to get the gradients.

``checkpoint`` gives the same outputs and gradients as calling the function. It recomputes in backward (replaying
the default generator's state, so dropout draws the same mask) when some tensor argument requires grad; when none
does but grad mode is on (a module whose parameters carry the gradients), it calls the function directly, which is
what torch's non-reentrant variant computes. Gradients of tensors the function closes over (a module's parameters)
accumulate into their ``.grad`` during the recompute, as in torch's reentrant variant."""
import warnings

from .. import autograd, random
from ..autograd import Function
from ..tensor import Tensor


class CheckpointFunction(Function):
    @staticmethod
    def forward(ctx, run_function, preserve_rng_state, *args):
        ctx.run_function, ctx.args = run_function, args
        ctx.rng_state = random.get_rng_state() if preserve_rng_state else None
        ctx.save_for_backward(*[a for a in args if isinstance(a, Tensor)])
        ctx.set_materialize_grads(False)  # outputs without a gradient (or not tensors) are skipped in backward
        return run_function(*args)

    @staticmethod
    def backward(ctx, *grads):
        # recompute the forward with history, from detached inputs, then backpropagate through it
        tensors = iter(ctx.saved_tensors)
        inputs = [next(tensors).detach().requires_grad_(a.requires_grad) if isinstance(a, Tensor) else a
                  for a in ctx.args]
        if ctx.rng_state is not None:
            outer = random.get_rng_state()
            random.set_rng_state(ctx.rng_state)
        try:
            with autograd.enable_grad():
                outputs = ctx.run_function(*inputs)
        finally:
            if ctx.rng_state is not None:
                random.set_rng_state(outer)
        outputs = outputs if isinstance(outputs, tuple) else (outputs,)
        pairs = [(o, g) for o, g in zip(outputs, grads) if isinstance(o, Tensor) and o.requires_grad and g is not None]
        if pairs:
            autograd.backward([o for o, _ in pairs], [g for _, g in pairs])
        return (None, None) + tuple(i.grad if isinstance(i, Tensor) else None for i in inputs)


def checkpoint(function, *args, use_reentrant=None, context_fn=None, determinism_check="default", debug=False,
               early_stop=True, preserve_rng_state=True, **kwargs):
    """``function(*args, **kwargs)``, with its graph dropped after forward and rebuilt in backward."""
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint: the use_reentrant parameter should be passed explicitly. "
                      "use_reentrant=False is recommended.", UserWarning, stacklevel=2)
    if kwargs and use_reentrant:
        raise ValueError("Unexpected keyword arguments: " + ",".join(kwargs))
    run = (lambda *a: function(*a, **kwargs)) if kwargs else function
    if not autograd.is_grad_enabled() or not any(isinstance(a, Tensor) and a.requires_grad for a in args):
        return run(*args)
    return CheckpointFunction.apply(run, preserve_rng_state, *args)


def checkpoint_sequential(functions, segments, input, use_reentrant=None, **kwargs):
    """Run ``functions`` (a Sequential or a list of modules) in ``segments`` chunks, checkpointing all but the
    last; same outputs and gradients as running them in order."""
    if use_reentrant is None:
        warnings.warn("torch.utils.checkpoint.checkpoint_sequential: the use_reentrant parameter should be passed "
                      "explicitly. use_reentrant=False is recommended.", UserWarning, stacklevel=2)
    functions = list(functions.children()) if hasattr(functions, "children") else list(functions)
    size = len(functions) // segments

    def run(start, end):
        def forward(x):
            for f in functions[start:end + 1]:
                x = f(x)
            return x
        return forward

    end = -1
    for start in range(0, size * (segments - 1), size):
        end = start + size - 1
        input = checkpoint(run(start, end), input, use_reentrant=bool(use_reentrant), **kwargs)
    return run(end + 1, len(functions) - 1)(input)
