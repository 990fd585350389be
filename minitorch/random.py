"""Random numbers: one global generator per process (``manual_seed``), and ``Generator`` objects for users.

The numbers are torch's: each generator runs torch's CPU stream (random_engine.py) and each sampler turns its
words into values the way torch's CPU kernels do, in the order they fill a tensor (memory order). So after
``manual_seed(s)`` rand, randn, randint, randperm, normal, bernoulli, multinomial, dropout, the nn.init functions
and the samplers of a DataLoader give what torch gives, and so do the per-element samplers (gamma, Dirichlet,
Poisson, binomial) behind torch.distributions. Per-element transforms use Python's math (the C library's functions,
as torch's scalar kernels); torch's vectorised float32 normal kernel is replayed in random_engine.py.
"""
import math

import numpy

from . import backend
from . import dtypes as _dt
from .random_engine import EXACT_DOUBLE_LIMIT, Stream
from .tensor import Tensor, _type_name

DEFAULT_SEED = 67280421310721  # torch's default CPU seed


class Generator:
    """torch.Generator: its own random stream, seeded with ``manual_seed``."""

    def __init__(self, device="cpu"):
        self.device = backend.device(device)
        self._stream = Stream(DEFAULT_SEED)

    def manual_seed(self, seed):
        self._stream.reseed(seed)
        return self

    def seed(self):
        self.manual_seed(int(numpy.random.SeedSequence().entropy) % (2 ** 64))
        return self._stream.seed

    def initial_seed(self):
        return self._stream.seed

    def get_state(self):
        """The state as torch lays it out: a uint8 tensor of 5056 bytes."""
        from .creation import tensor
        return tensor(numpy.frombuffer(self._stream.get_state(), dtype=numpy.uint8).copy())

    def set_state(self, state):
        if not isinstance(state, Tensor) or state.dtype is not _dt.uint8:
            raise TypeError("RNG state must be a torch.ByteTensor")
        self._stream.set_state(backend.to_numpy(state._data).tobytes())
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


def _stream(generator):
    return (generator or default_generator)._stream


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


def _single_or_double(dt, kernel):
    """torch's per-element samplers (gamma, dirichlet, binomial) exist for float32 and float64 only; True for
    float32."""
    if dt not in (_dt.float32, _dt.float64):
        raise NotImplementedError("\"%s\" not implemented for '%s'" % (kernel, _type_name(dt)))
    return dt is _dt.float32


def draw_seed(generator=None):
    """A seed drawn as torch's data utilities draw one, ``torch.empty((), dtype=torch.int64).random_()``."""
    return int(random_(Tensor._make(numpy.zeros((), dtype=numpy.int64)), generator=generator).item())


def _normal(stream, n, dt, mean, std, contiguous=True):
    """n normal draws for a tensor of dtype dt (float64 array): torch's block fill for 16 or more contiguous
    elements, else one draw at a time."""
    if n >= 16 and contiguous:
        return stream.normal_blocks(n, dt.np, mean, std)
    return stream.normal_singles(n, mean, std)


def _integers(stream, n, low, high):
    """n integers in [low, high): a word (or two, for a range of 2^32 or more) modulo the range, plus low."""
    span = high - low
    words = stream.words64(n) if span >= 2 ** 32 else stream.words(n)
    return (words % numpy.uint64(span)).astype(numpy.int64) + low


def rand(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    dt = _floating(dtype, "check_uniform_bounds", out)
    shape = _shape(size)
    return _make(_stream(generator).unit(_numel(shape), dt.np).reshape(shape), dt, device, requires_grad, out)


def randn(*size, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    from .creation import placement
    shape = _shape(size)
    if placement(dtype, None, out)[0].is_complex:
        # the real and imaginary parts (interleaved) each N(0, 1/2), as torch draws them: E|z|^2 = 1
        real = placement(dtype, None, out)[0].to_real()
        parts = _normal(_stream(generator), 2 * _numel(shape), real, 0.0, 0.5 ** 0.5).reshape(shape + (2,))
        return _make(parts[..., 0] + 1j * parts[..., 1], dtype, device, requires_grad, out)
    dt = _floating(dtype, "normal_kernel_cpu", out)
    return _make(_normal(_stream(generator), _numel(shape), dt, 0.0, 1.0).reshape(shape), dt, device,
                 requires_grad, out)


def _numel(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def randint(low, high=None, size=None, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    if size is None and isinstance(high, (tuple, list)):  # randint(high, size)
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing 1 required positional argument: 'size'")
    if low >= high:
        raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=%d >= to=%d" % (low, high))
    shape = _shape((size,))
    draws = _integers(_stream(generator), _numel(shape), int(low), int(high)).reshape(shape)
    return _make(draws, dtype, device, requires_grad, out, _dt.int64)


def randperm(n, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """torch's shuffle: for i = 0 .. n - 2, swap place i with place i + (a word mod (n - i))."""
    order = list(range(n))
    if n > 1:
        steps = (_stream(generator).words(n - 1) % numpy.arange(n, 1, -1, dtype=numpy.uint64)).tolist()
        for i, step in enumerate(steps):
            j = i + step
            order[i], order[j] = order[j], order[i]
    return _make(numpy.array(order, dtype=numpy.int64), dtype, device, requires_grad, out, _dt.int64)


def rand_like(input, *, dtype=None, device=None, requires_grad=False):
    return rand(tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device,
                requires_grad=requires_grad)


def randn_like(input, *, dtype=None, device=None, requires_grad=False):
    return randn(tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device,
                 requires_grad=requires_grad)


def randint_like(input, low, high=None, *, dtype=None, device=None):
    return randint(low, high, tuple(input.shape), dtype=dtype or input.dtype, device=device or input.device)


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, device=None, requires_grad=False, out=None):
    """normal(mean, std, size) with numbers, or elementwise with tensor mean and/or std (as torch: standard draws,
    times std, plus mean)."""
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
    shape = _shape((size,))
    return _make(_normal(_stream(generator), _numel(shape), dt, mean, std).reshape(shape), dt, device,
                 requires_grad, out)


def bernoulli(input, p=None, *, generator=None):
    """1 with probability p (the elements of input, or the number p), in input's dtype."""
    if p is not None:
        return bernoulli_(Tensor._make(input.xp.empty_like(input._data)), p, generator=generator)
    return bernoulli_(Tensor._make(input.xp.empty_like(input._data)), input, generator=generator)


def multinomial(input, num_samples, replacement=False, *, generator=None):
    """num_samples category indices per row of input (weights, not necessarily normalised), with torch's checks.
    As torch: one draw, or draws without replacement, are the largest of w / E (E ~ Exp(1) per category);
    draws with replacement search each uniform in the row's normalised cumulative weights."""
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
    weights = input.detach()
    rows = backend.to_numpy(weights._data).reshape(-1, categories)
    if not replacement or num_samples == 1:
        if not numpy.isfinite(rows).all() or (rows < 0).any():
            raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
        if (rows.astype("float64").sum(-1) <= 0).any():
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
        keys = weights / exponential_(Tensor._make(weights.xp.empty_like(weights._data)), generator=generator)
        if num_samples == 1:
            return keys.argmax(-1, keepdim=True)
        return keys.topk(num_samples).indices
    _check_weight_rows(rows)
    cumulative = numpy.cumsum(rows, axis=-1)  # (in the input's precision, one after the other, as torch)
    totals = cumulative[:, -1:].copy()
    cumulative = numpy.where(totals > 0, cumulative / totals, cumulative)
    cumulative[:, -1] = 1
    draws = _stream(generator).unit(rows.shape[0] * num_samples, numpy.float64).reshape(rows.shape[0], -1)
    picks = numpy.stack([numpy.searchsorted(row.astype("float64"), u, side="left")
                         for row, u in zip(cumulative, draws)])
    out = picks.astype("int64").reshape(tuple(input.shape[:-1]) + (num_samples,))
    return Tensor._make(backend.to_device(out, input.device))


def _check_weight_rows(rows):
    """torch's checks for drawing with replacement, row by row as its kernel makes them: every entry >= 0 (NaN
    fails this), then finite, then the row's sum > 0."""
    for row in rows:
        negative, infinite = ~(row >= 0), ~numpy.isfinite(row)
        if negative.any() or infinite.any():
            first = numpy.argmax(negative | infinite)
            raise RuntimeError("invalid multinomial distribution (encountering probability entry %s)"
                               % ("< 0" if negative[first] else "= infinity or NaN"))
        if not row.astype("float64").sum() > 0:
            raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")


def _gamma_draw(alpha, uniform, normal, single):
    """One Gamma(alpha, 1) draw by torch's sampler: Marsaglia and Tsang's squeeze-and-reject on normal draws, with
    alpha < 1 boosted to alpha + 1 and scaled back by u^(1/alpha). single: alpha is a float32 (torch then rounds
    alpha + 1, 1/alpha and alpha - 1/3 to float32; its float literals 1/3 and 0.0331 are float32 in any case)."""
    f32 = numpy.float32
    rounded = _rounding(single)
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0:
            return 0.0
        scale *= (1 - uniform()) ** rounded(1.0 / alpha)
        alpha = rounded(alpha + 1.0)
    d = rounded(alpha - float(f32(1.0 / 3.0)))
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        x = normal()
        y = 1.0 + c * x
        while y <= 0:
            x = normal()
            y = 1.0 + c * x
        v = y * y * y
        u = 1 - uniform()
        xx = x * x
        if u < 1.0 - float(f32(0.0331)) * xx * xx or math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _poisson_draw(rate, uniform):
    """One Poisson(rate) count by torch's sampler: Hoermann's transformed rejection (PTRS) for rates of 10 or more,
    else (rate > 0) the count of uniforms whose running product stays above exp(-rate)."""
    if rate >= 10:
        root, log_rate = math.sqrt(rate), math.log(rate)
        b = 0.931 + 2.53 * root
        a = -0.059 + 0.02483 * b
        inv_alpha = 1.1239 + 1.1328 / (b - 3.4)
        v_r = 0.9277 - 3.6224 / (b - 2)
        while True:
            u = uniform() - 0.5
            v = uniform()
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + rate + 0.43)
            if us >= 0.07 and v <= v_r:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if math.log(v) + math.log(inv_alpha) - math.log(a / (us * us) + b) <= -rate + k * log_rate - math.lgamma(
                    k + 1):
                return k
    if rate == 0:
        return 0
    count, product, floor = 0, 1.0, math.exp(-rate)
    while True:
        product *= uniform()
        if product <= floor:
            return count
        count += 1


def _binomial_draw(count, prob, uniform, single):
    """One Binomial(count, prob) count by torch's sampler, on the smaller of prob and 1 - prob (the count is
    reflected for the other): Hoermann's transformed rejection (BTRS) where count * p >= 10, else the number of
    geometric waiting times that fit in count. single: the parameters are float32 (torch then rounds its products
    of them, 1 - prob, r and log1p(-p) to float32; the rest is double)."""
    f = _rounding(single)
    if count <= 0 or prob <= 0:
        return 0.0
    if prob >= 1:
        return count
    if math.isnan(count) or math.isnan(prob):
        return math.nan
    q = prob if prob <= 0.5 else f(1.0 - prob)
    k = _btrs(count, q, uniform, f) if f(count * q) >= 10 else _geometric_count(count, q, uniform, single)
    return k if prob <= 0.5 else count - k


def _rounding(single):
    """Rounding to float32 (single) or none (double)."""
    return (lambda v: float(numpy.float32(v))) if single else float


def _geometric_count(count, p, uniform, single):
    """How many Geometric(p) waiting times, ceil(log(u) / log1p(-p)), add up to at most count."""
    log_q = float(numpy.log1p(numpy.float32(-p))) if single else math.log1p(-p)
    total, n = 0.0, 0.0
    while True:
        total += math.ceil(math.log(uniform()) / log_q)
        if total > count:
            return n
        n += 1


def _stirling_tail(k):
    """log k! - (the first terms of Stirling's series): tabulated to k = 9, then its asymptotic series."""
    if k <= 9:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
                  0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
                  0.00925546218271273, 0.00833056343336287)


def _btrs(n, p, uniform, f):
    """Hoermann's BTRS for p <= 1/2 (with torch's own acceptance bound, which lacks one log of the paper's)."""
    spq = f(math.sqrt(f(f(n * p) * f(1 - p))))
    b = 1.15 + 2.53 * spq
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = f(n * p) + 0.5
    v_r = 0.92 - 4.2 / b
    r = f(p / f(1 - p))
    alpha = (2.83 + 5.1 / b) * spq
    m = math.floor(f(f(n + 1) * p))
    while True:
        u = uniform() - 0.5
        v = uniform()
        us = 0.5 - abs(u)
        k = f(math.floor((2 * a / us + b) * u + c))
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        bound = ((m + 0.5) * math.log((m + 1) / (r * (n - m + 1))) + f(n + 1) * math.log((n - m + 1) / f(n - k + 1))
                 + (k + 0.5) * math.log(r * f(n - k + 1) / f(k + 1)) + _stirling_tail(m) + _stirling_tail(n - m)
                 - _stirling_tail(k) - _stirling_tail(f(n - k)))
        if v <= bound:
            return k


def _per_element(draw, params, dtype, generator, *more):
    """draw(param, uniform, normal) for each element of the array params (C order, as torch's serial kernels);
    with more arrays of params' shape, draw(param, *their elements, uniform, normal)."""
    stream = _stream(generator)

    def uniform():
        return float(stream.unit(1, numpy.float64)[0])

    def normal():
        return float(stream.normal_singles(1, 0.0, 1.0)[0])
    columns = [a.reshape(-1).tolist() for a in (params,) + more]
    flat = [draw(*values, uniform, normal) for values in zip(*columns)]
    return numpy.array(flat, dtype=numpy.float64).reshape(params.shape).astype(dtype)


def standard_gamma(concentration, generator=None):
    """Gamma(concentration, 1) draws (no gradient), at least the dtype's smallest normal number, as torch's."""
    dt = concentration.dtype.np
    single = _single_or_double(concentration.dtype, "gamma_cpu")
    draws = _per_element(lambda a, uniform, normal: _gamma_draw(a, uniform, normal, single),
                         backend.to_numpy(concentration.detach()._data), dt, generator)
    draws = numpy.maximum(draws, numpy.finfo(dt).tiny)
    return Tensor._make(backend.to_device(draws, concentration.device))


def dirichlet_draws(concentration, generator=None):
    """torch._sample_dirichlet's draws over the last dim (a tensor of concentration's dtype, no gradient): per
    element a Gamma(a_k) draw in double precision whatever the dtype (at least the smallest normal double), each
    divided by its row's sum, rounded to the dtype and kept inside [the dtype's tiny, the number below 1]."""
    _single_or_double(concentration.dtype, "dirichlet")
    dt = concentration.dtype.np
    gammas = _per_element(lambda a, uniform, normal: _gamma_draw(a, uniform, normal, False),
                          backend.to_numpy(concentration.detach()._data), numpy.float64, generator)
    gammas = numpy.maximum(gammas, numpy.finfo(numpy.float64).tiny)
    draws = numpy.clip((gammas / gammas.sum(-1, keepdims=True)).astype(dt), numpy.finfo(dt).tiny,
                       numpy.nextafter(dt.type(1), dt.type(0)))
    return Tensor._make(backend.to_device(draws, concentration.device))


def binomial_counts(count, prob, generator=None):
    """Binomial(count, prob) draws per element of count and prob (of one shape and floating dtype), as torch's."""
    single = _single_or_double(count.dtype, "binomial_cpu")
    counts = _per_element(lambda n, p, uniform, normal: _binomial_draw(n, p, uniform, single),
                          backend.to_numpy(count.detach()._data), count.dtype.np, generator,
                          backend.to_numpy(prob.detach()._data))
    return Tensor._make(backend.to_device(counts, count.device))


def poisson(input, generator=None):
    """Poisson(rate) counts per element of input (no gradient), in input's dtype, as torch's."""
    if (backend.to_numpy(input.detach()._data) < 0).any():
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    counts = _per_element(lambda r, uniform, normal: _poisson_draw(r, uniform),
                          backend.to_numpy(input.detach()._data), input.dtype.np, generator)
    return Tensor._make(backend.to_device(counts, input.device))


# in-place samplers (Tensor methods): fill self, in its memory order, from a distribution
def _memory_order(a):
    """A view of array a whose C order is a's memory order (the order torch's kernels fill a tensor in)."""
    return a.transpose(sorted(range(a.ndim), key=lambda d: -abs(a.strides[d])))


def _fill(self, draw):
    """Fill self with draw(n) (a flat array of n values, in fill order)."""
    self._check_inplace_allowed("random fill")
    target = _memory_order(self._data)
    values = draw(target.size).reshape(target.shape).astype(self.dtype.np)
    target[...] = backend.to_device(values, self.device)
    self._bump_version("random fill")
    return self


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    _require_floating(self.dtype, "check_uniform_bounds")
    return _fill(self, lambda n: _stream(generator).uniform(n, self.dtype.np, a, b))


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    _require_floating(self.dtype, "normal_kernel_cpu")
    if std < 0:
        raise RuntimeError("normal expects std >= 0.0, but found std %s" % std)
    contiguous = self.is_contiguous()
    return _fill(self, lambda n: _normal(_stream(generator), n, self.dtype, mean, std, contiguous))


def bernoulli_(self, p=0.5, *, generator=None):
    """1 where a uniform draw is below p: a double-precision draw for a number p, one of p's precision for a tensor
    of p's (broadcast to self)."""
    if isinstance(p, Tensor):
        probs = _memory_order(numpy.broadcast_to(backend.to_numpy(p._data), tuple(self.shape))).reshape(-1)
        return _fill(self, lambda n: _stream(generator).unit(n, p.dtype.np) < probs)
    if not 0 <= p <= 1:
        raise RuntimeError("bernoulli_ expects p to be in [0, 1], but got p=%s" % p)
    return _fill(self, lambda n: _stream(generator).unit(n, numpy.float64) < p)


_FULL_RANGE = {"bool": None, "int64": 2 ** 63, "float64": 2 ** 53 + 1, "float32": 2 ** 24 + 1, "float16": 2 ** 11 + 1}


def random_(self, from_=None, to=None, *, generator=None):
    """random_(from, to): integers in [from, to); random_(to): in [0, to); random_(): torch's full range for the
    dtype ([0, 2^mantissa] for floats, [0, max] for integers)."""
    if to is None and from_ is not None:
        from_, to = 0, from_
    if to is not None:
        if from_ >= to:
            raise RuntimeError("random_ expects 'from' to be less than 'to', but got from=%d >= to=%d" % (from_, to))
        return _fill(self, lambda n: _integers(_stream(generator), n, int(from_), int(to)))
    name = self.dtype.name
    if name == "bool":
        return _fill(self, lambda n: _stream(generator).words(n) & numpy.uint64(1))
    span = _FULL_RANGE.get(name) or int(numpy.iinfo(self.dtype.np).max) + 1
    wide = name in ("int64", "float64")
    return _fill(self, lambda n: (_stream(generator).words64(n) if wide else _stream(generator).words(n))
                 % numpy.uint64(span))


def _c_math(fn, values, vectorised):
    """fn of a math function (the C library's, which torch's scalar kernels call) on each element of a float64
    array: NumPy's vectorised float64 log, exp and tan are a last bit off now and then. Where fn raises (a pole
    or an overflow) the vectorised result stands, as C's would: -inf, inf. Arrays longer than EXACT_DOUBLE_LIMIT
    keep the vectorised results (a Python call per element would cost ~0.3 s a million)."""
    out = vectorised(values)
    if values.size > EXACT_DOUBLE_LIMIT:
        return out
    for i, v in enumerate(values.tolist()):
        try:
            out[i] = fn(v)
        except (ValueError, OverflowError):
            pass
    return out


def exponential_(self, lambd=1.0, *, generator=None):
    """-log(1 - u) / lambd."""
    return _fill(self, lambda n: (-1.0 / lambd) * _c_math(math.log1p, -_stream(generator).unit(n, numpy.float64),
                                                          numpy.log1p))


def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """exp of normal(mean, std) samples, drawn one at a time."""
    _require_floating(self.dtype, "log_normal_cpu")
    if not std > 0:
        raise RuntimeError("log_normal_ expects std > 0.0, but found std=%s" % std)
    return _fill(self, lambda n: _c_math(math.exp, _stream(generator).normal_singles(n, mean, std), numpy.exp))


def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """median + sigma * tan(pi (u - 1/2)): Cauchy samples."""
    _require_floating(self.dtype, "cauchy_cpu")
    if not sigma > 0:
        raise RuntimeError("cauchy_ expects sigma > 0.0, but found sigma=%s" % sigma)
    return _fill(self, lambda n: median + sigma * _c_math(
        math.tan, numpy.pi * (_stream(generator).unit(n, numpy.float64) - 0.5), numpy.tan))


def geometric_(self, p, *, generator=None):
    """The number of Bernoulli(p) trials up to the first success (1, 2, ...): ceil(log(u) / log(1 - p))."""
    if not 0 < p < 1:
        raise RuntimeError("geometric_ expects p to be in (0, 1), but got p=%s" % p)
    return _fill(self, lambda n: numpy.ceil(_c_math(math.log, _stream(generator).unit(n, numpy.float64), numpy.log)
                                            / math.log1p(-p)))


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
