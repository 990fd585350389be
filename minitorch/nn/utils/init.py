"""nn.utils.skip_init: a module built without spending the random stream on its initialisation."""
import inspect

from ... import random as _random
from ..module import Module

__all__ = ["skip_init"]


def skip_init(module_cls, *args, **kwargs):
    """module_cls(*args, **kwargs) with its parameters' values unspecified (torch leaves them uninitialised) and
    the global random state as it was before the call. The class must take a ``device`` argument, as in torch."""
    if not issubclass(module_cls, Module):
        raise RuntimeError("Expected a Module; got %s" % module_cls)
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    kwargs["device"] = kwargs.pop("device", "cpu")
    state = _random.get_rng_state()
    try:
        return module_cls(*args, **kwargs)
    finally:
        _random.set_rng_state(state)
