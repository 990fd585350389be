"""Anomaly mode: remember where each node was made, and name the forward op whose backward produced NaN."""
import traceback


class _State:
    """One switch for the whole process, as torch's is (unlike grad mode, which is per thread)."""
    enabled = False  # ops read ``_state.enabled`` directly
    check_nan = True  # whether the engine also checks each backward result for NaN


_state = _State()


def is_anomaly_enabled():
    return _state.enabled


def set_anomaly_enabled(mode, check_nan=True):
    _state.enabled, _state.check_nan = bool(mode), bool(check_nan)


class set_detect_anomaly:
    """Turn anomaly detection on or off now; used as a context manager, the old setting comes back at exit."""

    def __init__(self, mode, check_nan=True):
        self._prev = is_anomaly_enabled(), is_anomaly_check_nan_enabled()
        set_anomaly_enabled(mode, check_nan)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        set_anomaly_enabled(*self._prev)
        return False


def is_anomaly_check_nan_enabled():
    return _state.check_nan


class detect_anomaly:
    """Context manager (and decorator) turning anomaly detection on."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan

    def __enter__(self):
        self._prev = is_anomaly_enabled(), is_anomaly_check_nan_enabled()
        set_anomaly_enabled(True, self.check_nan)

    def __exit__(self, *exc):
        set_anomaly_enabled(*self._prev)
        return False

    def __call__(self, fn):
        def wrapper(*args, **kwargs):
            with detect_anomaly(self.check_nan):
                return fn(*args, **kwargs)
        return wrapper


def forward_trace():
    """The user's stack at the moment an op ran, for the error message (only kept in anomaly mode)."""
    return "".join(traceback.format_stack()[:-3])
