"""Learning-rate schedulers against torch 2.13: the exact lr (and momentum) sequences over 60 steps, subclassing,
state_dict save/resume, and the warnings and errors users meet. (The parity registry traces them too, together
with the parameters they train.)"""
import warnings

import numpy as np
import pytest

import minitorch

torch = pytest.importorskip("torch")

STEPS = 60

SCHEDULERS = {
    "StepLR": lambda s, o: s.StepLR(o, step_size=7, gamma=0.5),
    "MultiStepLR": lambda s, o: s.MultiStepLR(o, milestones=[3, 9, 9, 40], gamma=0.2),
    "ExponentialLR": lambda s, o: s.ExponentialLR(o, gamma=0.9),
    "CosineAnnealingLR": lambda s, o: s.CosineAnnealingLR(o, T_max=13, eta_min=0.001),
    "LambdaLR": lambda s, o: s.LambdaLR(o, lambda e: 1 / (1 + 0.1 * e)),
    "MultiplicativeLR": lambda s, o: s.MultiplicativeLR(o, [lambda e: 0.95, lambda e: 0.9 if e % 2 else 1.0]),
    "LinearLR": lambda s, o: s.LinearLR(o, start_factor=0.1, total_iters=25),
    "ConstantLR": lambda s, o: s.ConstantLR(o, factor=0.5, total_iters=10),
    "PolynomialLR": lambda s, o: s.PolynomialLR(o, total_iters=40, power=0.5),
    "CosineAnnealingWarmRestarts": lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=4, T_mult=3, eta_min=0.01),
    "SequentialLR": lambda s, o: s.SequentialLR(o, [s.ConstantLR(o, factor=0.1, total_iters=5),
                                                    s.ExponentialLR(o, gamma=0.95)], milestones=[5]),
    "ChainedScheduler": lambda s, o: s.ChainedScheduler([s.LinearLR(o, start_factor=0.5, total_iters=10),
                                                         s.CosineAnnealingLR(o, T_max=20)]),
    "OneCycleLR": lambda s, o: s.OneCycleLR(o, max_lr=[0.5, 0.2], total_steps=STEPS),
    "OneCycleLR/linear_three_phase": lambda s, o: s.OneCycleLR(o, max_lr=0.5, total_steps=STEPS + 5,
                                                                anneal_strategy="linear", three_phase=True),
    "CyclicLR": lambda s, o: s.CyclicLR(o, base_lr=0.01, max_lr=0.2, step_size_up=5, mode="triangular2"),
}


def _optimizer(lib, kind="sgd"):
    params = [lib.zeros(3, requires_grad=True), lib.zeros(2, requires_grad=True)]
    groups = [{"params": params[:1]}, {"params": params[1:], "lr": 0.05}]
    if kind == "adam":
        return lib.optim.Adam(groups, lr=0.1)
    return lib.optim.SGD(groups, lr=0.1, momentum=0.9)


def _sequence(lib, make, kind="sgd", steps=STEPS):
    optimizer = _optimizer(lib, kind)
    scheduler = make(lib.optim.lr_scheduler, optimizer)
    seen = [scheduler.get_last_lr()]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        seen.append(scheduler.get_last_lr() + [g.get("momentum", g.get("betas", (None,))[0])
                                               for g in optimizer.param_groups])
    return seen


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_lr_sequence_is_torchs_exactly(name):
    assert _sequence(minitorch, SCHEDULERS[name]) == _sequence(torch, SCHEDULERS[name])


def test_onecycle_cycles_adam_beta1_like_torch():
    make = SCHEDULERS["OneCycleLR"]
    assert _sequence(minitorch, make, "adam") == _sequence(torch, make, "adam")


def test_reduce_on_plateau_sequence_is_torchs_exactly():
    metrics = [5, 4, 4, 4, 4, 3.9999, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]
    for kwargs in (dict(patience=2), dict(mode="max", patience=1, cooldown=2, threshold=0.1),
                   dict(threshold_mode="abs", threshold=0.5, patience=0, min_lr=[0.02, 0.01], factor=0.5),
                   dict(patience=1, factor=0.01, min_lr=0.0009, eps=1e-4)):
        seen = []
        for lib in (torch, minitorch):
            optimizer = _optimizer(lib)
            scheduler = lib.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **kwargs)
            history = []
            for m in metrics:
                scheduler.step(m)
                history.append((scheduler.get_last_lr(), scheduler.num_bad_epochs, scheduler.cooldown_counter,
                                scheduler.best))
            seen.append(history)
        assert seen[0] == seen[1], kwargs


def test_step_size_expectations_of_the_seed_program():
    optimizer = minitorch.optim.SGD([minitorch.zeros(1, requires_grad=True)], lr=1.0)
    scheduler = minitorch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    seen = []
    for _ in range(5):
        optimizer.step()
        scheduler.step()
        seen.append(optimizer.param_groups[0]["lr"])
    assert seen == [1.0, 0.5, 0.5, 0.25, 0.25]


def _warmup_class(lib):
    class Warmup(lib.optim.lr_scheduler.LRScheduler):
        """A user scheduler: linear warm-up, then inverse square root decay."""

        def __init__(self, optimizer, warmup, last_epoch=-1):
            self.warmup = warmup
            super().__init__(optimizer, last_epoch)

        def get_lr(self):
            step = max(self.last_epoch, 1)
            scale = min(step / self.warmup, (self.warmup / step) ** 0.5)
            return [base * scale for base in self.base_lrs]
    return Warmup


def test_user_subclass_matches_torch():
    make = {lib: (lambda s, o, lib=lib: _warmup_class(lib)(o, warmup=8)) for lib in (torch, minitorch)}
    assert _sequence(minitorch, make[minitorch]) == _sequence(torch, make[torch])


@pytest.mark.parametrize("name", ["StepLR", "CosineAnnealingLR", "LambdaLR", "SequentialLR", "OneCycleLR",
                                  "CosineAnnealingWarmRestarts", "CyclicLR"])
def test_state_dict_resume_continues_the_sequence(name):
    make = SCHEDULERS[name]
    full = _sequence(minitorch, make)
    optimizer = _optimizer(minitorch)
    scheduler = make(minitorch.optim.lr_scheduler, optimizer)
    for _ in range(20):
        optimizer.step()
        scheduler.step()
    saved_opt, saved_sched = optimizer.state_dict(), scheduler.state_dict()
    resumed_opt = _optimizer(minitorch)
    resumed = make(minitorch.optim.lr_scheduler, resumed_opt)
    resumed_opt.load_state_dict(saved_opt)
    resumed.load_state_dict(saved_sched)
    rest = []
    for _ in range(STEPS - 20):
        resumed_opt.step()
        resumed.step()
        rest.append(resumed.get_last_lr() + [g["momentum"] for g in resumed_opt.param_groups])
    assert rest == full[21:]


@pytest.mark.parametrize("name", ["StepLR", "MultiStepLR", "LambdaLR", "SequentialLR", "OneCycleLR", "CyclicLR"])
def test_state_dict_keys_and_plain_values_match_torch(name):
    dicts = []
    for lib in (torch, minitorch):
        optimizer = _optimizer(lib)
        scheduler = SCHEDULERS[name](lib.optim.lr_scheduler, optimizer)
        for _ in range(3):
            optimizer.step()
            scheduler.step()
        dicts.append(scheduler.state_dict())
    expected, got = dicts
    assert set(got) <= set(expected)  # torch may keep extra private bookkeeping
    for key in got:
        if key not in ("_schedulers", "_scale_fn_ref", "_scale_fn_custom") and not callable(expected[key]):
            assert got[key] == expected[key], key


def test_resuming_with_last_epoch_needs_initial_lr():
    for lib in (torch, minitorch):
        with pytest.raises(KeyError):
            lib.optim.lr_scheduler.StepLR(_optimizer(lib), step_size=2, last_epoch=3)


def test_get_lr_outside_step_and_step_with_epoch_warn():
    lrs = []
    for lib in (torch, minitorch):
        optimizer = _optimizer(lib)
        scheduler = lib.optim.lr_scheduler.StepLR(optimizer, step_size=2)
        with pytest.warns(UserWarning, match="get_last_lr"):
            scheduler.get_lr()
        optimizer.step()
        with pytest.warns(UserWarning, match="epoch parameter"):
            scheduler.step(3)
        lrs.append(scheduler.get_last_lr())
    assert lrs[0] == lrs[1]


def test_scheduler_stepped_before_optimizer_warns():
    for lib in (torch, minitorch):
        scheduler = lib.optim.lr_scheduler.StepLR(_optimizer(lib), step_size=2)
        with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
            scheduler.step()


def test_invalid_arguments_raise_like_torch():
    builders = [
        lambda s, o: s.ConstantLR(o, factor=2.0),
        lambda s, o: s.LinearLR(o, start_factor=0),
        lambda s, o: s.ReduceLROnPlateau(o, factor=1.5),
        lambda s, o: s.ReduceLROnPlateau(o, mode="middle"),
        lambda s, o: s.ReduceLROnPlateau(o, min_lr=[0.1]),
        lambda s, o: s.OneCycleLR(o, max_lr=0.1),
        lambda s, o: s.OneCycleLR(o, max_lr=0.1, total_steps=10, anneal_strategy="step"),
        lambda s, o: s.OneCycleLR(o, max_lr=[0.1], total_steps=10),
        lambda s, o: s.CosineAnnealingWarmRestarts(o, T_0=0),
        lambda s, o: s.SequentialLR(o, [s.StepLR(o, 2)], milestones=[3]),
        lambda s, o: s.LambdaLR(o, [lambda e: 1.0]),
        lambda s, o: s.StepLR("not an optimizer", 2),
    ]
    for build in builders:
        classes = []
        for lib in (torch, minitorch):
            with pytest.raises(Exception) as info:
                build(lib.optim.lr_scheduler, _optimizer(lib))
            classes.append(type(info.value).__name__)
        assert classes[0] == classes[1]


def test_no_warning_when_optimizer_steps_first():
    optimizer = _optimizer(minitorch)
    scheduler = minitorch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        optimizer.step()
        scheduler.step()
    assert np.isclose(scheduler.get_last_lr()[0], 0.05 * (1 + np.cos(np.pi / 5)))
