"""minitorch.jit and torch.compile: minitorch runs every program eagerly, so scripting, tracing and compiling hand
back the function or module unchanged (same outputs, same gradients, no graph capture). ``jit.script`` and
``jit.trace`` warn that they are deprecated, as torch 2.13's do."""
import warnings

_MODES = ("default", "reduce-overhead", "max-autotune", "max-autotune-no-cudagraphs")


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None, options=None,
            disable=False, **kwargs):
    """``model`` itself (minitorch runs eagerly); used as ``@compile`` or ``@compile(mode=...)`` it decorates."""
    if mode is not None and mode not in _MODES:
        raise RuntimeError("Unrecognized mode=%s, should be one of: %s" % (mode, ", ".join(_MODES)))
    if model is None:
        return lambda fn: compile(fn, fullgraph=fullgraph, dynamic=dynamic, backend=backend, mode=mode,
                                  options=options, disable=disable, **kwargs)
    if not callable(model):
        raise AssertionError("A callable function is expected, but %s is provided." % type(model))
    return model


def _scriptable(obj, what):
    warnings.warn("`torch.jit.%s` is deprecated. Please switch to `torch.compile` or `torch.export`." % what,
                  DeprecationWarning, stacklevel=3)
    if not callable(obj):  # torch's own errors: script names the built-in type, trace fails to name a class
        if what == "script":
            raise TypeError("%s is a built-in class" % type(obj))
        raise RuntimeError("Could not get name of python class object")
    return obj


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """``obj`` unchanged: minitorch runs eagerly, so there is no TorchScript program to build."""
    return _scriptable(obj, "script")


def trace(func, example_inputs=None, *args, **kwargs):
    """``func`` unchanged (not run on ``example_inputs``): minitorch runs eagerly, so nothing is recorded."""
    return _scriptable(func, "trace")


def ignore(drop=False, **kwargs):
    """Mark a function to stay Python under scripting; as minitorch never scripts, it returns the function."""
    if callable(drop):
        return drop
    return lambda fn: fn


def unused(fn):
    """Mark a method as unused by scripting; returned unchanged."""
    return fn


def is_scripting():
    return False


def is_tracing():
    return False
