"""torch's CPU random stream, bit for bit: after ``manual_seed(s)`` minitorch draws the numbers torch draws.

torch's CPU generator is a 32-bit Mersenne Twister (MT19937) seeded with the low 32 bits of the seed; NumPy's
MT19937 bit generator is the same engine, so its raw outputs are torch's. On top of the raw 32-bit words torch builds
(ATen's DistributionsHelper / TransformationHelper, reproduced here):

- ``random()``: one word; ``random64()``: two words, the first as the high half;
- uniform in [0, 1): the low 24 bits of a word times 2^-24 (float32 and float16) or the low 53 bits of
  random64() times 2^-53 (float64); scaled to [from, to) as ``u * (to - from) + from`` in one rounding (the compiler
  fuses it into an FMA);
- normal: Box-Muller. Tensors of 16 or more contiguous elements are first filled with uniforms, then transformed in
  blocks of 16 (u1 from the first 8, u2 from the last 8; a ragged end redraws the last 16). Smaller or strided
  tensors draw one double-precision sample at a time, two uniforms giving two samples, the second kept in the
  generator for the next draw. torch's float32 blocks run its AVX2 kernel (avx_mathfun's log and sincos),
  replayed here operation by operation; on a CPU without AVX2 torch would take its scalar path instead.
"""
import math

import numpy

_N = 624  # MT19937's state size in words
_STATE_BYTES = 5056  # torch's CPUGeneratorImplState: its legacy TH layout plus the float normal cache
_LOW53 = numpy.uint64((1 << 53) - 1)
EXACT_DOUBLE_LIMIT = 1 << 17  # double transforms of up to this many draws use Python's math (exact, ~0.3-1 us each);
# larger ones NumPy's vectorised functions (50x faster, about one draw in 700 a last bit off torch's)


def _initial_key(seed32):
    """MT19937's state for a 32-bit seed (init_genrand), before its first twist."""
    key = [seed32]
    for i in range(1, _N):
        prev = key[-1]
        key.append((1812433253 * (prev ^ (prev >> 30)) + i) & 0xFFFFFFFF)
    return numpy.array(key, dtype=numpy.uint32)


def fma(a, b, c):
    """a * b + c rounded once (float64 arrays): Dekker's exact product and Knuth's exact sum, then one rounding of
    the small parts (torch's compiled kernels fuse these into FMA instructions; NumPy has none)."""
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    p_err = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    s = p + c
    c_part = s - p
    s_err = (p - (s - c_part)) + (c - c_part)
    return s + (s_err + p_err)


def _split(a):
    scaled = a * 134217729.0  # 2^27 + 1: a's high 26 bits and low 27 bits
    hi = scaled - (scaled - a)
    return hi, a - hi


class Stream:
    """One generator's MT19937 engine and the double-precision normal sample it keeps."""

    def __init__(self, seed):
        self.reseed(seed)

    def reseed(self, seed):
        self.seed = int(seed) & 0xFFFFFFFFFFFFFFFF
        self._bits = numpy.random.MT19937()
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": _initial_key(self.seed & 0xFFFFFFFF), "pos": _N}}
        self.next_normal = None  # the second Box-Muller sample of the last single draw
        self.next_float_normal = None  # kept only for the state's layout (no CPU kernel uses it)

    # --- raw words ---
    def words(self, n):
        """n raw 32-bit outputs (uint64 array)."""
        return self._bits.random_raw(n)

    def words64(self, n):
        w = self.words(2 * n)
        return (w[0::2] << numpy.uint64(32)) | w[1::2]

    # --- uniform floats in [0, 1) ---
    def unit(self, n, dtype):
        """n uniforms as torch draws them for dtype (float64 array, exact values of the dtype's draw)."""
        if dtype == numpy.float64:
            return (self.words64(n) & _LOW53).astype(numpy.float64) * 2.0 ** -53
        return (self.words(n) & numpy.uint64((1 << 24) - 1)).astype(numpy.float64) * 2.0 ** -24  # (float16 too)

    def uniform(self, n, dtype, low, high):
        """n draws from [low, high) for dtype: u * (high - low) + low with the bounds in dtype, one rounding."""
        low, high = dtype.type(low), dtype.type(high)
        width = numpy.float64(dtype.type(high - low))
        return fma(self.unit(n, dtype), width, numpy.float64(low)).astype(dtype)

    # --- normal ---
    def normal_blocks(self, n, dtype, mean, std):
        """normal_fill: n >= 16 samples for a contiguous tensor."""
        u = self.unit(n, dtype)
        out = numpy.empty(n, dtype=numpy.float64)
        whole = n - n % 16
        out[:whole] = _box_muller_16(u[:whole], dtype, mean, std)
        if n % 16:  # the last 16 are drawn again and transformed as one more block
            out[n - 16:] = _box_muller_16(self.unit(16, dtype), dtype, mean, std)
        return out.astype(dtype)

    def normal_singles(self, n, mean, std):
        """n samples drawn one at a time (normal_distribution<double>), using and leaving the kept sample."""
        out = numpy.empty(n, dtype=numpy.float64)
        start = 0
        if n and self.next_normal is not None:
            out[0], self.next_normal, start = self.next_normal, None, 1
        pairs = (n - start + 1) // 2
        if pairs:
            u = self.unit(2 * pairs, numpy.float64).tolist()
            both = numpy.array(_box_muller_pairs(u[1::2], u[0::2], lambda v: math.log1p(-v))).reshape(-1)
            out[start:] = both[:n - start]
            if (n - start) % 2:
                self.next_normal = float(both[-1])
        # kept samples are stored standard (unscaled), as torch keeps them
        return fma(out, numpy.float64(std), numpy.float64(mean))

    # --- state bytes in torch's layout ---
    def get_state(self):
        state = self._bits.state["state"]
        pos = int(state["pos"])
        head = numpy.zeros(1, dtype=[("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"), ("next", "<u8"),
                                     ("key", "<u8", (_N,)), ("normal_x", "<f8"), ("normal_y", "<f8"),
                                     ("normal_rho", "<f8"), ("normal_valid", "<i4"), ("pad", "<i4"),
                                     ("float_normal", "<f4"), ("float_valid", "u1"), ("pad2", "u1", (3,))])
        head["seed"], head["left"], head["seeded"], head["next"] = self.seed, _N + 1 - pos, 1, pos % _N
        head["key"] = state["key"]
        if self.next_normal is not None:
            head["normal_y"], head["normal_valid"] = self.next_normal, 1
        if self.next_float_normal is not None:
            head["float_normal"], head["float_valid"] = self.next_float_normal, 1
        return head.tobytes()

    def set_state(self, data):
        if len(data) != _STATE_BYTES:
            raise RuntimeError("Expected a CPUGeneratorImplState of size 5056 but found the input RNG state size to "
                               "be %d" % len(data))
        head = numpy.frombuffer(data[:24], dtype=[("seed", "<u8"), ("left", "<i4"), ("seeded", "<i4"),
                                                  ("next", "<u8")])[0]
        key = numpy.frombuffer(data[24:24 + 8 * _N], dtype="<u8").astype(numpy.uint32)
        tail = 24 + 8 * _N
        normal_y, = numpy.frombuffer(data[tail + 8:tail + 16], dtype="<f8")
        normal_valid, = numpy.frombuffer(data[tail + 24:tail + 28], dtype="<i4")
        float_normal, = numpy.frombuffer(data[tail + 32:tail + 36], dtype="<f4")
        self.seed = int(head["seed"])
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": key, "pos": _N + 1 - int(head["left"])}}
        self.next_normal = float(normal_y) if normal_valid else None
        self.next_float_normal = float(float_normal) if data[tail + 36] else None


def _box_muller_pairs(radius_u, angle_u, log_complement):
    """[(r cos t, r sin t)] for r = sqrt(-2 log_complement(u1)), t = 2 pi u2, in Python's math: the C library's
    functions, which torch's scalar double code calls (NumPy's vectorised float64 log, sin and cos are a last bit
    off now and then)."""
    pairs = []
    for u1, u2 in zip(radius_u, angle_u):
        r, t = math.sqrt(-2.0 * log_complement(u1)), 2.0 * math.pi * u2
        pairs.append((r * math.cos(t), r * math.sin(t)))
    return pairs


def _box_muller_16(u, dtype, mean, std):
    """normal_fill_16 on each block of 16 uniforms: radius and angle from the pair (j, j + 8)."""
    blocks = u.reshape(-1, 2, 8)
    if dtype == numpy.float64 and u.size <= EXACT_DOUBLE_LIMIT:
        pairs = numpy.array(_box_muller_pairs(blocks[:, 0].reshape(-1).tolist(), blocks[:, 1].reshape(-1).tolist(),
                                              lambda v: math.log(1.0 - v)))
        out = numpy.stack([pairs[:, 0].reshape(-1, 8), pairs[:, 1].reshape(-1, 8)], axis=1)
        return fma(out.reshape(-1), numpy.float64(std), numpy.float64(mean))
    if dtype == numpy.float32:  # torch's AVX2 kernel: avx_mathfun's log and sincos, a fused multiply-add at the end
        f = numpy.float32
        radius = numpy.sqrt(f(-2.0) * _avx_log(f(1.0) - blocks[:, 0].astype(f)))
        sin, cos = _avx_sincos(f(2.0 * numpy.pi) * blocks[:, 1].astype(f))
        out = numpy.stack([radius * cos, radius * sin], axis=1).reshape(-1)
        return _fma32(out, f(std), f(mean)).astype(numpy.float64)
    if dtype == numpy.float64:
        radius = numpy.sqrt(-2.0 * numpy.log(1.0 - blocks[:, 0]))
        theta = 2.0 * numpy.pi * blocks[:, 1]
    else:  # float16: float32 arithmetic
        f = numpy.float32
        radius = numpy.sqrt(f(-2.0) * numpy.log(f(1.0) - blocks[:, 0].astype(f)))
        theta = f(2.0 * numpy.pi) * blocks[:, 1].astype(f)
    out = numpy.stack([radius * numpy.cos(theta), radius * numpy.sin(theta)], axis=1).astype(numpy.float64)
    return fma(out.reshape(-1), numpy.float64(std), numpy.float64(mean))


# --- avx_mathfun's float32 log and sincos (Cephes' polynomials), as torch's AVX2 normal kernel runs them: step by
# step in float32, with the multiply-adds that the compiler fuses there (found by matching torch's draws) fused
_LOG_POLY = (7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
             -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1)
_COS_POLY = (2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2)
_SIN_POLY = (-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1)
_PI_PARTS = (-0.78515625, -2.4187564849853515625e-4, -3.77489497744594108e-8)  # -pi/4 in three parts


def _fma32(a, b, c):
    """a * b + c for float32 values with one rounding (the product is exact in float64)."""
    return (numpy.float64(1) * a * b + c).astype(numpy.float32)


def _avx_log(x):
    """log of positive float32 x: x = m 2^e with m in [sqrt(1/2), sqrt(2)), log(m) by a degree-9 polynomial in
    m - 1, e log 2 added in two parts."""
    f = numpy.float32
    bits = numpy.maximum(x, f(numpy.finfo(f).tiny)).view(numpy.int32)
    e = ((bits >> 23) - 0x7f).astype(f) + f(1)
    m = ((bits & ~0x7f800000) | 0x3f000000).view(f)  # the mantissa in [0.5, 1)
    small = m < f(0.707106781186547524)
    e = e - small.astype(f)
    m = (m - f(1)) + numpy.where(small, m, f(0))
    z = m * m
    y = numpy.full_like(m, _LOG_POLY[0])
    for c in _LOG_POLY[1:]:
        y = _fma32(y, m, f(c))
    y = _fma32(y * m, z, e * f(-2.12194440e-4))
    y = y - z * f(0.5)
    out = (m + y) + e * f(0.693359375)
    return numpy.where(x <= 0, f(numpy.nan), out)


def _avx_sincos(x):
    """(sin x, cos x) of float32 x: reduced by multiples of pi/4 (in three parts), then Cephes' polynomials on
    [0, pi/4], the quadrant choosing polynomial and sign."""
    f = numpy.float32
    sin_negative = numpy.signbit(x)
    x = numpy.abs(x)
    octant = ((x * f(1.27323954473516)).astype(numpy.int32) + 1) & ~1  # 4/pi x, rounded up to even
    y = octant.astype(f)
    for part in _PI_PARTS:
        x = x + y * f(part)
    sin_negative ^= (octant & 4) != 0
    cos_negative = (~(octant - 2) & 4) != 0
    use_cos_poly = (octant & 2) == 0
    z = x * x
    cos_poly = numpy.full_like(x, _COS_POLY[0])
    for c in _COS_POLY[1:]:
        cos_poly = _fma32(cos_poly, z, f(c))
    cos_poly = _fma32(cos_poly * z, z, -(z * f(0.5))) + f(1)
    sin_poly = numpy.full_like(x, _SIN_POLY[0])
    for c in _SIN_POLY[1:]:
        sin_poly = _fma32(sin_poly, z, f(c))
    sin_poly = _fma32(sin_poly * z, x, x)
    sin = numpy.where(use_cos_poly, sin_poly, cos_poly)
    cos = numpy.where(use_cos_poly, cos_poly, sin_poly)
    return numpy.where(sin_negative, -sin, sin), numpy.where(cos_negative, -cos, cos)
