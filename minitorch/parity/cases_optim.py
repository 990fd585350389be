"""Parity cases for optimizers and learning-rate schedulers: 50 steps from identical parameters and gradients.

Every case trains three parameters in two param groups. Each step's gradient is ``(p - target) / 2 + noise`` with
the noise drawn from the shared rng -- elementwise, so both libraries compute it exactly alike and any difference
comes from the optimizer -- and the third parameter gets no gradient every third step (optimizers must skip it).
The results are the final parameters, every state tensor of the optimizer, and the history of each group's lr
(and momentum, for schedulers that cycle it).
"""
import numpy

from .helpers import leaf, values
from .registry import case

SHAPES = [(3, 4), (5,), (2, 1)]
STEPS = 50


def _params(lib, rng, dtype):
    return [leaf(lib, rng.standard_normal(s), dtype) for s in SHAPES]


def _groups(params, **second):
    """Two param groups: the first two parameters with the optimizer's defaults, the third with overrides."""
    return [{"params": params[:2]}, dict(params=params[2:], **second)]


def _set_grads(lib, rng, dtype, params, targets, step):
    for i, p in enumerate(params):
        noise = values(lib, rng.standard_normal(SHAPES[i]), dtype)
        if i == 2 and step % 3 == 0:
            p.grad = None
        else:
            p.grad = (p.detach() - targets[i]) * 0.5 + noise


def _momentum_of(group):
    return group["betas"][0] if "betas" in group else group.get("momentum", 0.0)


def _run(lib, rng, dtype, make_optimizer, make_scheduler=None, metric=None, steps=STEPS):
    """Train for `steps` steps; returns the optimizer, the parameters and the per-step lr/momentum history."""
    params = _params(lib, rng, dtype)
    targets = [values(lib, rng.standard_normal(s), dtype) for s in SHAPES]
    optimizer = make_optimizer(lib.optim, params)
    scheduler = make_scheduler(lib.optim.lr_scheduler, optimizer) if make_scheduler else None
    history = []
    for step in range(steps):
        _set_grads(lib, rng, dtype, params, targets, step)
        optimizer.step()
        if scheduler is not None:
            scheduler.step(metric(step)) if metric else scheduler.step()
        history.append([g["lr"] for g in optimizer.param_groups] + [_momentum_of(g) for g in optimizer.param_groups])
    return optimizer, params, history


def _results(lib, optimizer, params, history=None):
    out = {"param_%d" % i: p for i, p in enumerate(params)}
    for index, per_param in optimizer.state_dict()["state"].items():
        for name, value in per_param.items():
            out["state_%d_%s" % (index, name)] = value
    if history is not None:
        out["history"] = lib.tensor(history, dtype=lib.float64)
    return out


def optimizer_case(name, make_optimizer, dtypes=("float64", "float32")):
    @case("optim/" + name, dtypes=dtypes)
    def body(lib, rng, dtype):
        optimizer, params, history = _run(lib, rng, dtype, make_optimizer)
        return _results(lib, optimizer, params, history)


def scheduler_case(name, make_scheduler, make_optimizer=None, metric=None):
    make_optimizer = make_optimizer or (lambda optim, ps: optim.SGD(_groups(ps, lr=0.05), lr=0.1, momentum=0.9))

    @case("lr_scheduler/" + name, dtypes=("float64",))
    def body(lib, rng, dtype):
        optimizer, params, history = _run(lib, rng, dtype, make_optimizer, make_scheduler, metric)
        return _results(lib, optimizer, params, history)


# --- optimizers ----------------------------------------------------------------------------------------------------
OPTIMIZERS = {
    "sgd": lambda o, ps: o.SGD(_groups(ps, lr=0.05), lr=0.1),
    "sgd/momentum": lambda o, ps: o.SGD(_groups(ps, momentum=0.5), lr=0.1, momentum=0.9),
    "sgd/dampening": lambda o, ps: o.SGD(_groups(ps), lr=0.1, momentum=0.9, dampening=0.3),
    "sgd/nesterov": lambda o, ps: o.SGD(_groups(ps, nesterov=False), lr=0.1, momentum=0.9, nesterov=True),
    "sgd/weight_decay": lambda o, ps: o.SGD(_groups(ps, weight_decay=0.0), lr=0.1, weight_decay=0.1),
    "sgd/maximize": lambda o, ps: o.SGD(_groups(ps), lr=0.01, momentum=0.9, maximize=True),
    "sgd/all": lambda o, ps: o.SGD(_groups(ps, lr=0.02), lr=0.05, momentum=0.8, dampening=0.1,
                                   weight_decay=0.05, maximize=True),
    "sgd/nesterov_weight_decay": lambda o, ps: o.SGD(_groups(ps), lr=0.05, momentum=0.8, nesterov=True,
                                                     weight_decay=0.1),
    "adam": lambda o, ps: o.Adam(_groups(ps, lr=0.01), lr=0.05),
    "adam/amsgrad": lambda o, ps: o.Adam(_groups(ps, amsgrad=False), lr=0.05, amsgrad=True),
    "adam/weight_decay": lambda o, ps: o.Adam(_groups(ps), lr=0.05, weight_decay=0.1),
    "adam/maximize": lambda o, ps: o.Adam(_groups(ps), lr=0.01, maximize=True),
    "adam/betas_eps": lambda o, ps: o.Adam(_groups(ps, betas=(0.5, 0.9)), lr=0.05, betas=(0.8, 0.99), eps=1e-3),
    "adam/all": lambda o, ps: o.Adam(_groups(ps), lr=0.05, amsgrad=True, weight_decay=0.1, maximize=True),
    "adam/decoupled_weight_decay": lambda o, ps: o.Adam(_groups(ps), lr=0.05, weight_decay=0.1,
                                                        decoupled_weight_decay=True),
    "adamw": lambda o, ps: o.AdamW(_groups(ps, weight_decay=0.5), lr=0.05),
    "adamw/amsgrad": lambda o, ps: o.AdamW(_groups(ps), lr=0.05, weight_decay=0.1, amsgrad=True),
    "adamw/maximize": lambda o, ps: o.AdamW(_groups(ps), lr=0.01, maximize=True),
    "rmsprop": lambda o, ps: o.RMSprop(_groups(ps, lr=0.001), lr=0.01),
    "rmsprop/centered": lambda o, ps: o.RMSprop(_groups(ps), lr=0.01, centered=True),
    "rmsprop/momentum": lambda o, ps: o.RMSprop(_groups(ps, momentum=0.0), lr=0.01, momentum=0.9),
    "rmsprop/alpha_weight_decay": lambda o, ps: o.RMSprop(_groups(ps), lr=0.01, alpha=0.9, weight_decay=0.1),
    "rmsprop/all": lambda o, ps: o.RMSprop(_groups(ps), lr=0.01, alpha=0.95, eps=1e-6, weight_decay=0.1,
                                           momentum=0.5, centered=True, maximize=True),
    "adagrad": lambda o, ps: o.Adagrad(_groups(ps, lr=0.05), lr=0.1),
    "adagrad/lr_decay": lambda o, ps: o.Adagrad(_groups(ps), lr=0.1, lr_decay=0.05),
    "adagrad/weight_decay": lambda o, ps: o.Adagrad(_groups(ps), lr=0.1, weight_decay=0.1),
    "adagrad/initial_accumulator_value": lambda o, ps: o.Adagrad(_groups(ps), lr=0.1,
                                                                 initial_accumulator_value=0.5),
    "adagrad/all": lambda o, ps: o.Adagrad(_groups(ps), lr=0.1, lr_decay=0.01, weight_decay=0.05,
                                           initial_accumulator_value=0.1, eps=1e-6, maximize=True),
    "adamax": lambda o, ps: o.Adamax(_groups(ps, lr=0.01), lr=0.05),
    "adamax/weight_decay_maximize": lambda o, ps: o.Adamax(_groups(ps), lr=0.05, weight_decay=0.1, maximize=True),
    "nadam": lambda o, ps: o.NAdam(_groups(ps, lr=0.01), lr=0.05),
    "nadam/weight_decay": lambda o, ps: o.NAdam(_groups(ps), lr=0.05, weight_decay=0.1, momentum_decay=0.01),
    "nadam/decoupled_weight_decay": lambda o, ps: o.NAdam(_groups(ps), lr=0.05, weight_decay=0.1,
                                                          decoupled_weight_decay=True),
    "adadelta": lambda o, ps: o.Adadelta(_groups(ps, lr=0.5), lr=1.0),
    "adadelta/rho_weight_decay_maximize": lambda o, ps: o.Adadelta(_groups(ps), lr=1.0, rho=0.8, eps=1e-4,
                                                                   weight_decay=0.1, maximize=True),
}
for _name, _make in OPTIMIZERS.items():
    optimizer_case(_name, _make)


@case("optim/sgd/closure_and_backward")
def _closure(lib, rng, dtype):
    """step(closure): the closure recomputes the loss with autograd; step returns what the closure returned."""
    params = _params(lib, rng, dtype)
    targets = [values(lib, rng.standard_normal(s), dtype) for s in SHAPES]
    optimizer = lib.optim.SGD(params, lr=0.05, momentum=0.9, nesterov=True)
    losses = []

    def closure():
        optimizer.zero_grad()
        loss = sum(((p - t) ** 2).sum() for p, t in zip(params, targets))
        loss.backward()
        return loss

    for _ in range(STEPS):
        losses.append(optimizer.step(closure).detach())
    return dict(_results(lib, optimizer, params), losses=lib.stack(losses))


# --- state_dict round trips ----------------------------------------------------------------------------------------
def roundtrip_case(name, make_optimizer, make_scheduler=None):
    """Train half the steps, move optimizer (and scheduler) state into fresh objects over fresh parameter tensors
    via state_dict/load_state_dict, train the other half there."""
    @case("optim/state_dict_roundtrip/" + name, dtypes=("float64",))
    def body(lib, rng, dtype):
        params = _params(lib, rng, dtype)
        targets = [values(lib, rng.standard_normal(s), dtype) for s in SHAPES]
        optimizer = make_optimizer(lib.optim, params)
        scheduler = make_scheduler(lib.optim.lr_scheduler, optimizer) if make_scheduler else None
        for step in range(STEPS):
            if step == STEPS // 2:
                params = [leaf(lib, p.detach().numpy().copy(), dtype) for p in params]
                saved, saved_scheduler = optimizer.state_dict(), scheduler and scheduler.state_dict()
                optimizer = make_optimizer(lib.optim, params)
                if scheduler is not None:  # created before loading, which would otherwise overwrite the lrs
                    scheduler = make_scheduler(lib.optim.lr_scheduler, optimizer)
                optimizer.load_state_dict(saved)
                if scheduler is not None:
                    scheduler.load_state_dict(saved_scheduler)
            _set_grads(lib, rng, dtype, params, targets, step)
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
        return dict(_results(lib, optimizer, params), lr=lib.tensor([g["lr"] for g in optimizer.param_groups],
                                                                   dtype=lib.float64))


roundtrip_case("sgd_momentum", OPTIMIZERS["sgd/all"])
roundtrip_case("adam_amsgrad", OPTIMIZERS["adam/all"])
roundtrip_case("rmsprop", OPTIMIZERS["rmsprop/all"])
roundtrip_case("adagrad", OPTIMIZERS["adagrad/all"])
roundtrip_case("nadam", OPTIMIZERS["nadam/weight_decay"])
roundtrip_case("sgd_steplr", OPTIMIZERS["sgd/momentum"], lambda s, o: s.StepLR(o, step_size=7, gamma=0.5))
roundtrip_case("adam_onecycle", OPTIMIZERS["adam"], lambda s, o: s.OneCycleLR(o, max_lr=[0.1, 0.05], total_steps=60))


# --- schedulers ----------------------------------------------------------------------------------------------------
def _adam(optim, ps):
    return optim.Adam(_groups(ps, lr=0.05), lr=0.1)


def _plateau_metric(step):
    """A deterministic, integer-valued metric with plateaus: comparisons with `best` are exact in both runs."""
    return float(numpy.random.default_rng(step).integers(0, 4) + max(0, 10 - step // 3))


scheduler_case("step", lambda s, o: s.StepLR(o, step_size=7, gamma=0.5))
scheduler_case("multistep", lambda s, o: s.MultiStepLR(o, milestones=[5, 12, 12, 30], gamma=0.3))
scheduler_case("exponential", lambda s, o: s.ExponentialLR(o, gamma=0.93))
scheduler_case("cosine", lambda s, o: s.CosineAnnealingLR(o, T_max=10, eta_min=0.01))
scheduler_case("cosine/long", lambda s, o: s.CosineAnnealingLR(o, T_max=60))
scheduler_case("lambda", lambda s, o: s.LambdaLR(o, [lambda e: 0.95 ** e, lambda e: 1.0 / (1 + e)]))
scheduler_case("multiplicative", lambda s, o: s.MultiplicativeLR(o, lambda e: 0.97))
scheduler_case("linear", lambda s, o: s.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=20))
scheduler_case("constant", lambda s, o: s.ConstantLR(o, factor=0.25, total_iters=8))
scheduler_case("polynomial", lambda s, o: s.PolynomialLR(o, total_iters=30, power=2.0))
scheduler_case("cosine_warm_restarts", lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=2, eta_min=1e-3))
scheduler_case("cosine_warm_restarts/t_mult_1", lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=7))
scheduler_case("sequential", lambda s, o: s.SequentialLR(
    o, [s.LinearLR(o, start_factor=0.1, total_iters=10), s.CosineAnnealingLR(o, T_max=20),
        s.ExponentialLR(o, gamma=0.9)], milestones=[10, 30]))
scheduler_case("chained", lambda s, o: s.ChainedScheduler([s.ExponentialLR(o, gamma=0.95),
                                                           s.StepLR(o, step_size=10, gamma=0.5)]))
scheduler_case("onecycle/cos", lambda s, o: s.OneCycleLR(o, max_lr=[1.0, 0.5], total_steps=50))
scheduler_case("onecycle/linear", lambda s, o: s.OneCycleLR(o, max_lr=0.5, epochs=5, steps_per_epoch=10,
                                                            anneal_strategy="linear", pct_start=0.4))
scheduler_case("onecycle/three_phase", lambda s, o: s.OneCycleLR(o, max_lr=0.5, total_steps=55, three_phase=True,
                                                                 div_factor=10.0, final_div_factor=100.0))
scheduler_case("onecycle/no_momentum_cycle", lambda s, o: s.OneCycleLR(o, max_lr=0.5, total_steps=50,
                                                                       cycle_momentum=False))
scheduler_case("onecycle/adam_betas", lambda s, o: s.OneCycleLR(o, max_lr=0.3, total_steps=50,
                                                                base_momentum=0.8, max_momentum=0.9), _adam)
scheduler_case("cyclic/triangular", lambda s, o: s.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=6))
scheduler_case("cyclic/triangular2", lambda s, o: s.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=4,
                                                             step_size_down=7, mode="triangular2"))
scheduler_case("cyclic/exp_range_adam", lambda s, o: s.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=5,
                                                                mode="exp_range", gamma=0.97), _adam)
scheduler_case("plateau/min_rel", lambda s, o: s.ReduceLROnPlateau(o, patience=2), metric=_plateau_metric)
scheduler_case("plateau/max_abs", lambda s, o: s.ReduceLROnPlateau(
    o, mode="max", factor=0.5, patience=1, threshold=0.5, threshold_mode="abs", cooldown=2, min_lr=[0.01, 0.02]),
    metric=lambda step: -_plateau_metric(step))
scheduler_case("plateau/min_abs_eps", lambda s, o: s.ReduceLROnPlateau(
    o, factor=0.2, patience=0, threshold=1.0, threshold_mode="abs", min_lr=0.004, eps=1e-3), metric=_plateau_metric)
scheduler_case("plateau/max_rel", lambda s, o: s.ReduceLROnPlateau(o, mode="max", factor=0.7, patience=3,
                                                                   threshold=0.1, cooldown=1),
               metric=lambda step: -_plateau_metric(step))


@case("lr_scheduler/closed_form_epochs", dtypes=("float64",))
def _closed_form(lib, rng, dtype):
    """step(epoch) (deprecated, still used): the closed forms, and fractional epochs for warm restarts."""
    import warnings
    histories = []
    for make in (lambda s, o: s.StepLR(o, step_size=3, gamma=0.5),
                 lambda s, o: s.MultiStepLR(o, milestones=[2, 5], gamma=0.5),
                 lambda s, o: s.CosineAnnealingLR(o, T_max=7, eta_min=0.01),
                 lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2)):
        optimizer = lib.optim.SGD(_params(lib, rng, dtype), lr=0.1)
        scheduler = make(lib.optim.lr_scheduler, optimizer)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for epoch in (4, 1, 9, 2.5, 6.25, 13.0, 0):
                if not isinstance(scheduler, lib.optim.lr_scheduler.CosineAnnealingWarmRestarts):
                    epoch = int(epoch)
                scheduler.step(epoch)
                histories.append(optimizer.param_groups[0]["lr"])
    return {"history": lib.tensor(histories, dtype=lib.float64)}


@case("optim/bad_lr", dtypes=None, raises=True)
def _bad_lr(lib, rng, dtype):
    return {"out": lib.optim.Adam([leaf(lib, rng.standard_normal(3))], lr=-1.0)}


@case("optim/nesterov_without_momentum", dtypes=None, raises=True)
def _bad_nesterov(lib, rng, dtype):
    return {"out": lib.optim.SGD([leaf(lib, rng.standard_normal(3))], lr=0.1, nesterov=True)}


@case("optim/empty_params", dtypes=None, raises=True)
def _empty(lib, rng, dtype):
    return {"out": lib.optim.SGD([], lr=0.1)}


@case("optim/param_in_two_groups", dtypes=None, raises=True)
def _two_groups(lib, rng, dtype):
    p = leaf(lib, rng.standard_normal(3))
    return {"out": lib.optim.SGD([{"params": [p]}, {"params": [p]}], lr=0.1)}


@case("optim/non_leaf", dtypes=None, raises=True)
def _non_leaf(lib, rng, dtype):
    return {"out": lib.optim.SGD([leaf(lib, rng.standard_normal(3)) * 2], lr=0.1)}


@case("optim/tensor_as_params", dtypes=None, raises=True)
def _tensor_params(lib, rng, dtype):
    return {"out": lib.optim.SGD(leaf(lib, rng.standard_normal(3)), lr=0.1)}


@case("optim/load_state_dict_wrong_groups", dtypes=None, raises=True)
def _wrong_groups(lib, rng, dtype):
    a, b = leaf(lib, rng.standard_normal(3)), leaf(lib, rng.standard_normal(3))
    saved = lib.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1).state_dict()
    return {"out": lib.optim.SGD([a, b], lr=0.1).load_state_dict(saved)}


@case("lr_scheduler/onecycle_too_many_steps", dtypes=None, raises=True)
def _onecycle_overrun(lib, rng, dtype):
    optimizer = lib.optim.SGD([leaf(lib, rng.standard_normal(3))], lr=0.1, momentum=0.9)
    scheduler = lib.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1.0, total_steps=3)
    for _ in range(4):
        optimizer.step()
        scheduler.step()
    return {}
