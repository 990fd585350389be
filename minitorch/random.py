"""Random numbers: one global generator per process (``manual_seed``), and ``Generator`` objects for users.

Values differ from torch's (the bit streams are not the same); distributions are the same.
"""
import numpy

from . import backend
from . import dtypes as _dt
from .tensor import Tensor, _type_name


class Generator:
    """torch.Generator: its own random stream, seeded with ``manual_seed``."""

    def __init__(self, device="cpu"):
        self.device = backend.device(device)
        self._seed = 67280421310721
        self._rng = numpy.random.default_rng(self._seed)

    def manual_seed(self, seed):
        self._seed = int(seed)
        self._rng = numpy.random.default_rng(self._seed)
        return self

    def seed(self):
        self.manual_seed(numpy.random.SeedSequence().entropy % (2 ** 63))
        return self._seed

    def initial_seed(self):
        return self._seed

    def get_state(self):
        from .creation import tensor
        state = repr(self._rng.bit_generator.state).encode()
        return tensor(list(state), dtype=_dt.uint8)

    def set_state(self, state):
        import ast
        self._rng.bit_generator.state = ast.literal_eval(bytes(state.tolist()).decode())
        return self


default_generator = Generator()


def manual_seed(seed):
    default_generator.manual_seed(seed)
    return default_generator


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(state):
    default_generator.set_state(state)


def _rng(generator):
    return (generator or default_generator)._rng


def _shape(size):
    from .creation import _shape as checked
    return checked(size)


def _make(array, dtype, device, requires_grad, out=None, default=None):
    """array (NumPy's draw) as a tensor of dtype on device, or written into out (see creation.placement)."""
    from .creation import finish, placement
    dt, dev = placement(dtype, device, out, default)
    return finish(backend.to_device(array.astype(dt.np), dev), requires_grad, out)


def _floating(dtype, kernel, out):
    """The samplers of continuous distributions exist only for floating dtypes, as in torch."""
    from .creation import placement
    return _require_floating(placement(dtype, None, out)[0], kernel)


def _require_floating(dt, kernel):
    if not dt.is_floating_point:
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(dt)))
    return dt


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    dt = _floating(dtype, "check_uniform_bounds", out)
    return _make(_rng(generator).random(_shape(size)), dt, device, requires_grad, out)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    dt = _floating(dtype, "normal_kernel_cpu", out)
    return _make(_rng(generator).standard_normal(_shape(size)), dt, device, requires_grad, out)


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    if size is None and isinstance(high, (tuple, list)):  # randint(high, size)
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing 1 required positional argument: 'size'")
    if low >= high:
        raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=%d >= to=%d" % (low, high))
    return _make(_rng(generator).integers(low, high, _shape((size,))), dtype, device, requires_grad, out, _dt.int64)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    return _make(_rng(generator).permutation(n), dtype, device, requires_grad, out, _dt.int64)


def rand_like(input, *, dtype=None, device=None, requires_grad=False):
    return rand(tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device,
                requires_grad=requires_grad)


def randn_like(input, *, dtype=None, device=None, requires_grad=False):
    return randn(tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device,
                 requires_grad=requires_grad)


def randint_like(input, low, high=None, *, dtype=None, device=None):
    return randint(low, high, tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """normal(mean, std, size) with numbers, or elementwise with tensor mean and/or std."""
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        ref = mean if isinstance(mean, Tensor) else std
        from .ops.shape import broadcast_tensors
        shape = tuple(broadcast_tensors(*(t for t in (mean, std) if isinstance(t, Tensor)))[0].shape)
        noise = randn(shape, generator=generator, dtype=ref.dtype, device=ref.device)
        return (noise * std + mean).detach()
    if size is None:
        raise TypeError("normal() with number mean and std needs a size")
    if std < 0:
        raise RuntimeError("normal expects std >= 0.0, but found std %s" % std)
    dt = _floating(dtype, "normal_kernel_cpu", out)
    return _make(_rng(generator).normal(mean, std, _shape((size,))), dt, device, requires_grad, out)


def bernoulli(input, p=None, *, generator=None):
    probs = input if p is None else input.new_full(tuple(input.shape), p)
    draw = _rng(generator).random(tuple(input.shape))
    return Tensor._make(backend.to_device((draw < backend.to_numpy(probs._data)).astype(input.dtype.np),
                                         input.device))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """num_samples category indices per row of input (weights, not necessarily normalised), with torch's checks.
    Without replacement the picks are the num_samples largest of w / E (E ~ Exp(1)), torch's method: zero-weight
    categories come last, in index order."""
    if not input.dtype.is_floating_point:
        raise RuntimeError("multinomial only supports floating-point dtypes for input, got: %s"
                           % _type_name(input.dtype))
    if input.dim() not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    categories = input.shape[-1]
    if not replacement and num_samples > categories:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without replacement")
    if categories > 2 ** 24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    rows = backend.to_numpy(input.detach()._data).astype("float64").reshape(-1, categories)
    if not numpy.isfinite(rows).all() or (rows < 0).any():
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if (rows.sum(-1) <= 0).any():
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    rng = _rng(generator)
    if replacement:
        picks = numpy.array([rng.choice(categories, num_samples, p=row / row.sum()) for row in rows])
    else:
        keys = rows / rng.exponential(size=rows.shape)
        picks = numpy.argsort(-keys, axis=-1, kind="stable")[:, :num_samples]
    out = picks.astype("int64").reshape(tuple(input.shape[:-1]) + (num_samples,))
    return Tensor._make(backend.to_device(out, input.device))


# in-place samplers (Tensor methods): fill self from a distribution
def _fill(self, array):
    self._check_inplace_allowed("random fill")
    self._data[...] = backend.to_device(array.astype(self.dtype.np), self.device)
    self._bump_version("random fill")
    return self


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    return _fill(self, _rng(generator).uniform(a, b, tuple(self.shape)))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    if std < 0:
        raise RuntimeError("normal expects std >= 0.0, but found std %s" % std)
    return _fill(self, _rng(generator).normal(mean, std, tuple(self.shape)))


def bernoulli_(self, p=0.5, *, generator=None):
    return _fill(self, _rng(generator).random(tuple(self.shape)) < p)


def random_(self, low=0, high=None, *, generator=None):
    if high is None:
        low, high = 0, low if low else 2 ** 24
    return _fill(self, _rng(generator).integers(low, high, tuple(self.shape)))


def exponential_(self, lambd=1.0, *, generator=None):
    return _fill(self, _rng(generator).exponential(1.0 / lambd, tuple(self.shape)))


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """exp of normal(mean, std) samples."""
    _require_floating(self.dtype, "log_normal_cpu")
    if not std > 0:
        raise RuntimeError("log_normal_ expects std > 0.0, but found std=%s" % std)
    return _fill(self, _rng(generator).lognormal(mean, std, tuple(self.shape)))


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """median + sigma * tan(pi (u - 1/2)): Cauchy samples."""
    _require_floating(self.dtype, "cauchy_cpu")
    if not sigma > 0:
        raise RuntimeError("cauchy_ expects sigma > 0.0, but found sigma=%s" % sigma)
    return _fill(self, median + sigma * _rng(generator).standard_cauchy(tuple(self.shape)))


def geometric_(self, p, *, generator=None):
    """The number of Bernoulli(p) trials up to the first success (1, 2, ...)."""
    if not 0 < p < 1:
        raise RuntimeError("geometric_ expects p to be in (0, 1), but got p=%s" % p)
    return _fill(self, _rng(generator).geometric(p, tuple(self.shape)))


FUNCTIONS = ["manual_seed", "seed", "initial_seed", "get_rng_state", "set_rng_state", "rand", "randn", "randint",
             "randperm", "rand_like", "randn_like", "randint_like", "normal", "bernoulli", "multinomial"]
METHODS = {"uniform_": uniform_, "normal_": normal_, "bernoulli_": bernoulli_, "random_": random_,
           "exponential_": exponential_, "bernoulli": bernoulli, "multinomial": multinomial,
           "log_normal_": log_normal_, "cauchy_": cauchy_, "geometric_": geometric_}


def fork_rng(devices=None, enabled=True, _caller="fork_rng", _devices_kw="devices", device_type=None):
    """``with fork_rng():`` -- random draws inside the block leave the global generator's state as it was before
    (minitorch has one global generator, so ``devices`` and ``device_type`` select nothing more)."""
    import contextlib

    @contextlib.contextmanager
    def forked():
        if not enabled:
            yield
            return
        state = get_rng_state()
        try:
            yield
        finally:
            set_rng_state(state)
    return forked()
