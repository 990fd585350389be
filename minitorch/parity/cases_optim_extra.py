"""Parity cases for RAdam, Rprop, ASGD (the shared 50-step training of cases_optim) and LBFGS (closure-driven:
a smooth non-quadratic loss, several ``step(closure)`` calls, with and without the strong-Wolfe line search)."""
from .cases_optim import SHAPES, _groups, _params, optimizer_case, roundtrip_case
from .helpers import leaf, values
from .registry import case

EXTRA = {
    "radam": lambda o, ps: o.RAdam(_groups(ps, lr=0.01), lr=0.05),
    "radam/weight_decay": lambda o, ps: o.RAdam(_groups(ps, betas=(0.8, 0.9)), lr=0.05, weight_decay=0.1),
    "radam/decoupled_weight_decay": lambda o, ps: o.RAdam(_groups(ps), lr=0.05, weight_decay=0.1, eps=1e-4,
                                                          decoupled_weight_decay=True, maximize=True),
    "rprop": lambda o, ps: o.Rprop(_groups(ps, lr=0.05), lr=0.01),
    "rprop/etas_step_sizes": lambda o, ps: o.Rprop(_groups(ps, etas=(0.3, 1.5)), lr=0.02, etas=(0.4, 1.1),
                                                   step_sizes=(1e-3, 0.05)),
    "rprop/maximize": lambda o, ps: o.Rprop(_groups(ps), lr=0.01, maximize=True),
    "asgd": lambda o, ps: o.ASGD(_groups(ps, lr=0.05), lr=0.1),
    "asgd/t0_lambd_alpha": lambda o, ps: o.ASGD(_groups(ps, t0=5), lr=0.1, lambd=0.01, alpha=0.5, t0=20),
    "asgd/weight_decay_maximize": lambda o, ps: o.ASGD(_groups(ps), lr=0.01, t0=10, weight_decay=0.1,
                                                      maximize=True),
}
for _name, _make in EXTRA.items():
    optimizer_case(_name, _make)

roundtrip_case("radam", EXTRA["radam/decoupled_weight_decay"])
roundtrip_case("rprop", EXTRA["rprop/etas_step_sizes"])
roundtrip_case("asgd", EXTRA["asgd/t0_lambd_alpha"])


def _lbfgs_run(lib, rng, dtype, steps, roundtrip=False, **settings):
    """Minimise a Rosenbrock-like sum plus a quartic over three parameters; returns the parameters, each step's
    returned loss and the evaluation counters. roundtrip: halfway, continue in a fresh optimizer over fresh
    parameters loaded from the state_dict."""
    params = _params(lib, rng, dtype)
    targets = [values(lib, rng.standard_normal(s), dtype) for s in SHAPES]
    optimizer = lib.optim.LBFGS(params, **settings)

    def closure():
        optimizer.zero_grad()
        x = params[0].reshape(-1)
        loss = ((x[1:] - x[:-1] ** 2) ** 2).sum() + ((1 - x[:-1]) ** 2).sum() * 0.5
        loss = loss + ((params[1] - targets[1]) ** 4).sum() + ((params[2] - targets[2]) ** 2).sum()
        loss.backward()
        return loss

    losses = []
    for step in range(steps):
        if roundtrip and step == steps // 2:
            saved = optimizer.state_dict()
            params = [leaf(lib, p.detach().numpy().copy(), dtype) for p in params]
            optimizer = lib.optim.LBFGS(params, **settings)
            optimizer.load_state_dict(saved)
        losses.append(optimizer.step(closure).detach())
    state = optimizer.state[params[0]]
    out = {"param_%d" % i: p for i, p in enumerate(params)}
    out.update(losses=lib.stack(losses), func_evals=lib.tensor(float(state["func_evals"])),
               n_iter=lib.tensor(float(state["n_iter"])), prev_flat_grad=state["prev_flat_grad"],
               history=lib.tensor(float(len(state["old_dirs"]))))
    return out


LBFGS_SETTINGS = {
    "lbfgs": dict(lr=0.1, max_iter=10),
    "lbfgs/history_size": dict(lr=0.5, max_iter=7, history_size=3),
    "lbfgs/max_eval": dict(lr=1.0, max_iter=20, max_eval=9, history_size=5),
    "lbfgs/strong_wolfe": dict(lr=1.0, max_iter=15, line_search_fn="strong_wolfe"),
    "lbfgs/strong_wolfe_history": dict(lr=1.0, max_iter=8, history_size=2, line_search_fn="strong_wolfe"),
    "lbfgs/state_dict_roundtrip": dict(lr=0.5, max_iter=5, history_size=4, roundtrip=True),
    "lbfgs/state_dict_roundtrip_wolfe": dict(lr=1.0, max_iter=5, line_search_fn="strong_wolfe", roundtrip=True),
}


def lbfgs_case(name, settings, steps=4, float32=True):
    @case("optim/" + name, dtypes=("float64",))
    def body(lib, rng, dtype):
        return _lbfgs_run(lib, rng, dtype, steps, **settings)

    if not float32:
        return

    # float32: torch keeps step lengths and slopes as float32 0-dim tensors, minitorch as Python floats; the
    # iterations amplify those last-bit differences, so the float32 runs agree to a looser tolerance
    @case("optim/" + name, dtypes=("float32",), tol=(1e-2, 1e-3))
    def body32(lib, rng, dtype):
        return _lbfgs_run(lib, rng, dtype, steps, **settings)


for _name, _settings in LBFGS_SETTINGS.items():
    # 15 strong-Wolfe iterations in float32 stop one iteration apart (a tolerance_change test on the last bits)
    lbfgs_case(_name, _settings, float32=_name != "lbfgs/strong_wolfe")


@case("optim/lbfgs/converged", dtypes=("float64",))
def _lbfgs_converged(lib, rng, dtype):
    """A zero gradient: step returns the loss after one evaluation without moving."""
    p = leaf(lib, rng.standard_normal(4), dtype)
    optimizer = lib.optim.LBFGS([p])

    def closure():
        optimizer.zero_grad()
        loss = (p * 0).sum()
        loss.backward()
        return loss

    return {"loss": optimizer.step(closure).detach(), "p": p,
            "func_evals": lib.tensor(float(optimizer.state[p]["func_evals"]))}


@case("optim/lbfgs/two_groups", dtypes=None, raises=True)
def _lbfgs_groups(lib, rng, dtype):
    a, b = leaf(lib, rng.standard_normal(3)), leaf(lib, rng.standard_normal(3))
    return {"out": lib.optim.LBFGS([{"params": [a]}, {"params": [b]}])}


@case("optim/rprop/bad_etas", dtypes=None, raises=True)
def _bad_etas(lib, rng, dtype):
    return {"out": lib.optim.Rprop([leaf(lib, rng.standard_normal(3))], etas=(1.5, 1.2))}


@case("optim/radam/bad_beta", dtypes=None, raises=True)
def _bad_beta(lib, rng, dtype):
    return {"out": lib.optim.RAdam([leaf(lib, rng.standard_normal(3))], betas=(0.9, 1.0))}
