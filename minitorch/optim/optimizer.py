"""Optimizer: the base class every optimizer (and every user's own optimizer) builds on.

An optimizer holds ``param_groups`` -- a list of dicts, each with its ``params`` and its own settings (lr,
momentum, ...) filled in from ``defaults`` -- and ``state``, a dict from parameter to that parameter's running
buffers (momentum, moment estimates, step count). ``state_dict`` replaces parameters by their position so the
state can be saved and loaded into a new optimizer over new parameter objects, exactly as torch's does.
"""
import functools
import warnings
from collections import defaultdict
from copy import deepcopy
from itertools import chain

from .. import dtypes as _dt
from ..autograd.grad_mode import enable_grad
from ..nn.parameter import zero_grads
from ..tensor import Tensor


class _RequiredParameter:
    """The default of a setting every param group must give (e.g. SGD's lr in old torch)."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()


class Optimizer:
    def __init_subclass__(cls, **kwargs):
        """Every subclass's step records that it ran (see _records_call)."""
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:
            cls.step = _records_call(cls.__dict__["step"])

    def __init__(self, params, defaults):
        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of Tensors or dicts, "
                            "but got " + params.type())
        self.defaults = defaults
        self.state = defaultdict(dict)
        self.param_groups = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        # a saved step count may be a plain number (older checkpoints); the update code expects a tensor
        for per_param in self.state.values():
            if isinstance(per_param, dict) and "step" in per_param and not isinstance(per_param["step"], Tensor):
                per_param["step"] = step_counter(float(per_param["step"]))

    def __repr__(self):
        lines = [self.__class__.__name__ + " ("]
        for i, group in enumerate(self.param_groups):
            lines += [""] * (i > 0) + ["Parameter Group %d" % i]  # a blank line between groups, as torch's
            lines += ["    %s: %s" % (key, group[key]) for key in sorted(group) if key != "params"]
        return "\n".join(lines) + "\n)"

    # --- parameter groups -------------------------------------------------------------------------------------
    def add_param_group(self, param_group):
        """Add a group of parameters (a dict with 'params' and optional settings) with torch's checks."""
        if not isinstance(param_group, dict):
            raise TypeError("param_group must be a dict, but got %s" % type(param_group).__name__)
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, but the ordering "
                            "of tensors in sets will change between runs. Please use a list instead.")
        params = list(params)
        # named_parameters() gives (name, tensor) pairs: keep the names beside the tensors
        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        param_group["params"] = params
        if names:
            if len(names) != len(params):
                raise ValueError("all optimizer params should be with/without names. Some param names are missing")
            param_group["param_names"] = names

        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + type(p).__module__ + "." + type(p).__name__)
            if not self.defaults.get("differentiable", None) and not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")
        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError("parameter group didn't specify a value of required optimization parameter "
                                 + name)
            param_group.setdefault(name, default)
        if param_group.get("differentiable"):
            raise NotImplementedError("differentiable=True is not supported: minitorch's optimizer steps run "
                                      "outside autograd")

        if len({id(p) for p in params}) != len(params):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in future, this will "
                          "cause an error; see github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)
        seen = set()
        for group in self.param_groups:
            seen.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                raise ValueError("all optimizer param groups should be with/without names. cannot add param group "
                                 "%s to the optimizer" % ("with names" if "param_names" in param_group
                                                          else "without names"))
        if not seen.isdisjoint(id(p) for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # --- state dict -------------------------------------------------------------------------------------------
    def state_dict(self):
        """{'state': {index: per-parameter state}, 'param_groups': [settings with 'params' as index lists]}.

        Parameters are numbered in order of appearance across the groups; the state tensors are the optimizer's
        own (not copies), as in torch.
        """
        index_of = {}
        packed_groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for p in group["params"]:
                index_of.setdefault(id(p), len(index_of))
            packed["params"] = [index_of[id(p)] for p in group["params"]]
            packed_groups.append(packed)
        packed_state = {(index_of[id(k)] if isinstance(k, Tensor) else k): v for k, v in self.state.items()}
        return {"state": packed_state, "param_groups": packed_groups}

    def load_state_dict(self, state_dict):
        """Load a state_dict from ``state_dict()`` (of this or an identically built optimizer).

        State tensors are cast to their parameter's dtype (floating-point parameters) and device, except the step
        counter, which keeps its own dtype.
        """
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match the size of "
                             "optimizer's group")
        param_of = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                            chain.from_iterable(g["params"] for g in groups)))
        state = defaultdict(dict)
        for key, value in state_dict["state"].items():
            if key in param_of:
                state[param_of[key]] = _cast_state(param_of[key], value)
            else:
                state[key] = value
        for group, saved in zip(groups, saved_groups):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
        self.__setstate__({"state": state, "param_groups": saved_groups})

    # --- the training-loop API ----------------------------------------------------------------------------------
    def zero_grad(self, set_to_none=True):
        """Forget the parameters' gradients: set them to None (the default) or fill them with zeros."""
        zero_grads((p for group in self.param_groups for p in group["params"]), set_to_none)

    def step(self, closure=None):
        raise NotImplementedError


def _records_call(step):
    """Wrap a step method so the optimizer remembers it has stepped: a scheduler stepped first warns, as in torch."""
    @functools.wraps(step)
    def step_and_record(self, *args, **kwargs):
        self._opt_called = True
        return step(self, *args, **kwargs)
    return step_and_record


def evaluate_closure(closure):
    """The loss from ``closure()`` (run with gradients on, since step itself runs under no_grad), or None."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def params_with_grad(group):
    return [p for p in group["params"] if p.grad is not None]


def signed_grad(p, group):
    """p's gradient, negated when the group maximizes its objective."""
    return -p.grad if group["maximize"] else p.grad


def decayed_grad(p, grad, group):
    """Weight decay: decoupled shrinks p itself by lr * weight_decay (AdamW's rule); coupled adds
    weight_decay * p to the gradient (L2)."""
    weight_decay = group["weight_decay"]
    if weight_decay == 0:
        return grad
    if group["decoupled_weight_decay"]:
        p.mul_(1 - group["lr"] * weight_decay)
        return grad
    return grad.add(p, alpha=weight_decay)


def update_moments(state, grad, betas):
    """Adam's running moments, in place: m = beta1 m + (1 - beta1) g, v = beta2 v + (1 - beta2) g^2."""
    beta1, beta2 = betas
    state["exp_avg"].lerp_(grad, 1 - beta1)
    state["exp_avg_sq"].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
    return state["exp_avg"], state["exp_avg_sq"]


def step_counter(value=0.0):
    """A fresh per-parameter step count: a zero-dim CPU tensor, float64 only when that is the default dtype."""
    from ..creation import tensor
    dtype = _dt.float64 if _dt.get_default_dtype() is _dt.float64 else _dt.float32
    return tensor(value, dtype=dtype)


def check_non_negative(**settings):
    """torch's ValueError for a negative setting: 'Invalid learning rate: -1' etc."""
    labels = {"lr": "learning rate", "eps": "epsilon value"}
    for name, value in settings.items():
        if not 0.0 <= value:
            raise ValueError("Invalid %s: %s" % (labels.get(name, name + " value"), value))


def check_betas(betas):
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise ValueError("Invalid beta parameter at index %d: %s" % (i, beta))


def _cast_state(param, value, key=None):
    """A copy of a loaded state entry with its tensors on param's device (and dtype, for float params)."""
    if isinstance(value, Tensor) or _is_foreign_array(value):
        value = _as_tensor(value)
        if key == "step":
            return value
        if param.dtype.is_floating_point:
            return value.to(dtype=param.dtype, device=param.device)
        return value.to(device=param.device)
    if isinstance(value, dict):
        return {k: _cast_state(param, v, key=k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_cast_state(param, v) for v in value)
    return value


def _is_foreign_array(value):
    """A NumPy array or another library's tensor (a state dict saved by torch): anything with __array__."""
    return not isinstance(value, (Tensor, str, bytes)) and hasattr(value, "__array__")


def _as_tensor(value):
    if isinstance(value, Tensor):
        return value
    from ..creation import tensor
    if hasattr(value, "detach"):  # a torch tensor: go through the CPU copy NumPy can read
        value = value.detach().cpu().numpy()
    return tensor(value)
