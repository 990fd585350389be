"""Whether operations record a graph: no_grad, enable_grad, set_grad_enabled (context managers and decorators)."""
import functools
import threading


class _State(threading.local):
    """Per-thread switches, as torch's are; the class attributes are every new thread's defaults, so reading
    ``_state.enabled`` (which every op does) is one attribute load."""
    enabled = True
    inference = False


_state = _State()


def is_grad_enabled():
    return _state.enabled


def _set(flag):
    _state.enabled = bool(flag)


class _GradMode:
    """Base for the grad-mode switches: a context manager that also decorates functions."""
    flag = True

    def __enter__(self):
        self._prev = is_grad_enabled()
        _set(self.flag)

    def __exit__(self, *exc):
        _set(self._prev)
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.__class__():
                return fn(*args, **kwargs)
        return wrapper


class _NoArgGradMode(_GradMode):
    """no_grad / enable_grad: also usable as a bare decorator, ``@no_grad`` without parentheses."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoArgGradMode):
    flag = False


class enable_grad(_NoArgGradMode):
    flag = True


class inference_mode(_GradMode):
    """Treated as no_grad (minitorch has no separate inference tensors); ``@inference_mode`` works bare too."""
    flag = False

    def __new__(cls, mode=True):
        if callable(mode):
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode=True):
        self.flag = not mode

    def __enter__(self):
        self._prev_inference = is_inference_mode_enabled()
        _state.inference = not self.flag
        super().__enter__()

    def __exit__(self, *exc):
        _state.inference = self._prev_inference
        return super().__exit__(*exc)

    def __call__(self, fn):
        mode = not self.flag

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with inference_mode(mode):
                return fn(*args, **kwargs)
        return wrapper


def is_inference_mode_enabled():
    return _state.inference


class set_grad_enabled(_GradMode):
    """Takes effect on construction, as torch's does, so it also works as a plain function call."""

    def __init__(self, mode):
        self.flag = bool(mode)
        self._prev = is_grad_enabled()
        _set(self.flag)

    def __enter__(self):
        pass

    def __call__(self, fn):
        _set(self._prev)
        mode = self.flag

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = is_grad_enabled()
            _set(mode)
            try:
                return fn(*args, **kwargs)
            finally:
                _set(prev)
        return wrapper
