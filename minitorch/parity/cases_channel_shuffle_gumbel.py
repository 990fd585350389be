"""Parity cases for F.channel_shuffle / nn.ChannelShuffle (deterministic: outputs and input gradients) and
F.gumbel_softmax (random: compared through what does not depend on the noise -- shapes, rows summing to one,
one-hot-ness of hard samples, gradients summing to zero along dim, and samples from logits so peaked that the
noise cannot change the argmax)."""
from .helpers import grads_of, leaf
from .registry import case


def channel_shuffle_case(name, shape, groups, transpose=False):
    @case("F.channel_shuffle/" + name)
    def body(lib, rng, dtype):
        x = leaf(lib, rng.standard_normal(shape), dtype)
        inp = x.transpose(0, 2) if transpose else x  # a non-contiguous input
        out = lib.nn.functional.channel_shuffle(inp, groups)
        result = grads_of(lib, rng, out, [x])
        result["module_out"] = lib.nn.ChannelShuffle(groups)(inp)
        return result


channel_shuffle_case("3d", (2, 6, 4), 3)
channel_shuffle_case("4d", (2, 8, 3, 3), 2)
channel_shuffle_case("5d", (1, 6, 2, 2, 3), 6)
channel_shuffle_case("one_group", (2, 4, 5), 1)
channel_shuffle_case("empty_batch", (0, 4, 3), 2)
channel_shuffle_case("non_contiguous", (4, 3, 6), 3, transpose=True)


@case("F.channel_shuffle/not_divisible", dtypes=None, raises=True)
def _shuffle_divisible(lib, rng, dtype):
    return {"out": lib.nn.functional.channel_shuffle(lib.tensor(rng.standard_normal((2, 5, 3))), 2)}


@case("nn.ChannelShuffle/two_dims", dtypes=None, raises=True)
def _shuffle_dims(lib, rng, dtype):
    return {"out": lib.nn.ChannelShuffle(2)(lib.tensor(rng.standard_normal((2, 4))))}


def gumbel_case(name, shape, dim, hard, tau=1.0):
    @case("F.gumbel_softmax/" + name)
    def body(lib, rng, dtype):
        lib.manual_seed(0)
        logits = leaf(lib, rng.standard_normal(shape), dtype)
        y = lib.nn.functional.gumbel_softmax(logits, tau=tau, hard=hard, dim=dim)
        upstream = lib.tensor(rng.standard_normal(shape), dtype=dtype)
        (grad,) = lib.autograd.grad(y, [logits], upstream)
        ones = lib.ones(1, dtype=dtype)
        result = {"row_sums": y.sum(dim), "nonnegative": (y >= 0).all().to(dtype) * ones,
                  "grad_sums": grad.sum(dim), "grad_shape": lib.tensor(list(grad.shape), dtype=dtype)}
        if hard:
            result["one_hot"] = ((y == 0) | (y == 1)).all().to(dtype) * ones
            result["ones_per_row"] = (y == 1).sum(dim).to(dtype)
        return result


gumbel_case("soft", (4, 5), -1, False)
gumbel_case("soft/tau_dim0", (4, 5), 0, False, tau=0.3)
gumbel_case("hard", (3, 6), -1, True)
gumbel_case("hard/dim1_3d", (2, 4, 3), 1, True, tau=2.0)


@case("F.gumbel_softmax/peaked")
def _gumbel_peaked(lib, rng, dtype):
    """Logits 200 apart: the sample is the argmax one-hot whatever the noise (and the soft one is within 1e-60)."""
    lib.manual_seed(0)
    base = rng.integers(0, 5, size=6)
    peaked = (200.0 * (base[:, None] == range(5))).astype("float64")
    logits = leaf(lib, peaked, dtype)
    hard = lib.nn.functional.gumbel_softmax(logits, hard=True)
    soft = lib.nn.functional.gumbel_softmax(logits, tau=1.0)
    return {"hard": hard, "soft": soft}


@case("F.gumbel_softmax/bad_dim", dtypes=None, raises=True)
def _gumbel_dim(lib, rng, dtype):
    return {"out": lib.nn.functional.gumbel_softmax(lib.tensor(rng.standard_normal((2, 3))), dim=5)}
