"""Parity cases for F.ctc_loss and nn.CTCLoss: every reduction, padded and concatenated targets, unbatched input,
lengths as tensors or tuples, repeated labels, empty targets, zero-length inputs, impossible alignments with and
without zero_infinity, a non-zero blank, torch's gradient (through log_softmax and for raw log_probs), and errors.
(The lengths are kept short: over long inputs the float32 alpha-beta recursions of the two libraries round apart
by a few 1e-6.)"""
import numpy

from .helpers import grads_of, leaf, values
from .registry import case

REDUCTIONS = ("none", "mean", "sum")
T, N, C = 9, 4, 5
# repeated labels (1 2 2 needs a blank between the 2s), a full-length target, an empty one
TARGETS = [[1, 2, 2, 3], [3, 3, 0, 0], [4, 1, 2, 3], [0, 0, 0, 0]]
TARGET_LENGTHS = [3, 2, 4, 0]


def ctc_case(name, build, reductions=REDUCTIONS):
    """build(lib, rng, dtype, reduction) -> (loss, [tensors whose gradients compare]); one case per reduction."""
    for reduction in reductions:
        @case("F.ctc_loss/%s[%s]" % (name, reduction))
        def body(lib, rng, dtype, reduction=reduction):
            loss, inputs = build(lib, rng, dtype, reduction)
            return grads_of(lib, rng, loss, inputs)


def _logits(lib, rng, dtype, shape=(T, N, C)):
    return leaf(lib, rng.standard_normal(shape) * 1.5, dtype)


def padded(input_lengths, target_lengths=TARGET_LENGTHS, targets=TARGETS, blank=0, zero_infinity=False,
           through_log_softmax=True, as_tuples=False):
    def build(lib, rng, dtype, reduction):
        x = _logits(lib, rng, dtype)
        lp = x.log_softmax(2) if through_log_softmax else x
        il, tl = (tuple(input_lengths), tuple(target_lengths)) if as_tuples else (
            lib.tensor(input_lengths), lib.tensor(target_lengths))
        return lib.nn.functional.ctc_loss(lp, lib.tensor(targets), il, tl, blank=blank, reduction=reduction,
                                          zero_infinity=zero_infinity), [x]
    return build


ctc_case("padded", padded([9, 7, 9, 5]))
ctc_case("tuple_lengths", padded([9, 7, 9, 5], as_tuples=True))
ctc_case("raw_log_probs", padded([9, 7, 9, 5], through_log_softmax=False))  # torch's gradient formula as is
ctc_case("blank_last", padded([9, 7, 9, 5], targets=[[1, 2, 2, 3], [3, 3, 0, 0], [0, 1, 2, 3], [4, 4, 4, 4]],
                              blank=4))
ctc_case("target_holds_blank", padded([9, 7, 9, 5], targets=[[1, 0, 2, 3], [3, 0, 1, 1], [4, 1, 2, 0],
                                                              [0, 0, 0, 0]], target_lengths=[3, 2, 4, 1]))
ctc_case("zero_input_length", padded([9, 0, 0, 6], target_lengths=[3, 2, 0, 0]))
ctc_case("exact_fit", padded([4, 3, 4, 1], target_lengths=[3, 2, 4, 0]))  # 1 2 2 needs 4 steps, 3 3 needs 3
# 1 2 2 cannot fit in 3 steps, 3 3 not in 2, 4 1 2 3 not in 3: infinite losses (NaN gradients) or zeroed
ctc_case("impossible", padded([3, 2, 3, 9]))
ctc_case("impossible/zero_infinity", padded([3, 2, 3, 9], zero_infinity=True))
ctc_case("zero_infinity/all_possible", padded([9, 7, 9, 5], zero_infinity=True))


def concatenated(lengths_dtype="int64"):
    def build(lib, rng, dtype, reduction):
        x = _logits(lib, rng, dtype)
        flat = [v for row, n in zip(TARGETS, TARGET_LENGTHS) for v in row[:n]]
        il = lib.tensor([9, 8, 9, 3], dtype=getattr(lib, lengths_dtype))
        tl = lib.tensor(TARGET_LENGTHS, dtype=getattr(lib, lengths_dtype))
        return lib.nn.functional.ctc_loss(x.log_softmax(2), lib.tensor(flat), il, tl, reduction=reduction), [x]
    return build


ctc_case("concatenated", concatenated())
ctc_case("concatenated/int32_lengths", concatenated("int32"))


def unbatched(target_dim):
    def build(lib, rng, dtype, reduction):
        x = _logits(lib, rng, dtype, (T, C))
        targets = lib.tensor([2, 2, 4] if target_dim == 1 else [[2, 2, 4, 0]])
        return lib.nn.functional.ctc_loss(x.log_softmax(1), targets, lib.tensor([8]), lib.tensor([3]),
                                          reduction=reduction), [x]
    return build


ctc_case("unbatched", unbatched(1))
ctc_case("unbatched/2d_targets", unbatched(2))


def noncontiguous(lib, rng, dtype, reduction):
    x = _logits(lib, rng, dtype, (N, T, C))  # batch-first logits, transposed to (T, N, C) as models do
    return lib.nn.functional.ctc_loss(x.log_softmax(2).transpose(0, 1), lib.tensor(TARGETS).float(),
                                      lib.tensor([9, 7, 9, 5]), lib.tensor(TARGET_LENGTHS),
                                      reduction=reduction), [x]


ctc_case("noncontiguous_float_targets", noncontiguous)


def single_step(lib, rng, dtype, reduction):
    x = _logits(lib, rng, dtype, (1, 3, C))
    return lib.nn.functional.ctc_loss(x.log_softmax(2), lib.tensor([[1], [0], [2]]), lib.tensor([1, 1, 1]),
                                      lib.tensor([1, 0, 1]), reduction=reduction), [x]


ctc_case("single_step", single_step)


@case("nn.CTCLoss")
def _module(lib, rng, dtype):
    x = _logits(lib, rng, dtype)
    loss = lib.nn.CTCLoss(blank=4, reduction="sum", zero_infinity=True)
    targets = lib.tensor([[1, 2, 2, 3], [3, 3, 0, 0], [0, 1, 2, 3], [2, 2, 2, 2]])
    out = loss(x.log_softmax(2), targets, lib.tensor([9, 7, 3, 5]), lib.tensor([3, 2, 4, 3]))
    result = grads_of(lib, rng, out, [x])
    result["repr"] = repr(loss)
    return result


@case("nn.CTCLoss/default_mean")
def _module_mean(lib, rng, dtype):
    x = _logits(lib, rng, dtype)
    out = lib.nn.CTCLoss()(x.log_softmax(2), lib.tensor(TARGETS), (9, 7, 9, 5), tuple(TARGET_LENGTHS))
    return grads_of(lib, rng, out, [x])


# --- errors -------------------------------------------------------------------------------------------------------
def error_case(name, code):
    """code (with lib, F, lp = (6, 2, 5) log_probs, tg = (2, 3) targets, il, tl) raises the same class in both."""
    def body(lib, rng, dtype):
        ns = {"lib": lib, "F": lib.nn.functional, "lp": values(lib, numpy.zeros((6, 2, 5))).log_softmax(2),
              "tg": lib.tensor([[1, 2, 2], [3, 3, 0]]), "il": lib.tensor([6, 5]), "tl": lib.tensor([3, 2])}
        return {"out": eval(code, ns)}
    case("F.ctc_loss/error/" + name, dtypes=None, raises=True)(body)


error_case("input_length_too_long", "F.ctc_loss(lp, tg, lib.tensor([7, 5]), tl)")
error_case("negative_input_length", "F.ctc_loss(lp, tg, lib.tensor([-1, 5]), tl)")
error_case("target_length_past_targets", "F.ctc_loss(lp, tg, il, lib.tensor([4, 2]))")
error_case("negative_target_length", "F.ctc_loss(lp, tg, il, lib.tensor([-1, 2]))")
error_case("input_lengths_size", "F.ctc_loss(lp, tg, lib.tensor([6, 5, 4]), tl)")
error_case("target_lengths_size", "F.ctc_loss(lp, tg, il, lib.tensor([3]))")
error_case("float_lengths", "F.ctc_loss(lp, tg, il.double(), tl)")
error_case("mixed_length_kinds", "F.ctc_loss(lp, tg, (6, 5), tl)")
error_case("int_lengths", "F.ctc_loss(lp[:, 0], tg[0], 6, 3)")
error_case("blank_out_of_range", "F.ctc_loss(lp, tg, il, tl, blank=5)")
error_case("negative_blank", "F.ctc_loss(lp, tg, il, tl, blank=-1)")
error_case("3d_targets", "F.ctc_loss(lp, tg[None], il, tl)")
error_case("padded_targets_batch", "F.ctc_loss(lp, tg[:1], il, tl)")
error_case("concatenated_too_short", "F.ctc_loss(lp, lib.tensor([1, 2, 2, 3]), il, tl)")
error_case("concatenated_too_long", "F.ctc_loss(lp, lib.tensor([1, 2, 2, 3, 3, 4]), il, tl)")
error_case("4d_log_probs", "F.ctc_loss(lp[None], tg, il, tl)")
error_case("1d_log_probs", "F.ctc_loss(lp[0, 0], tg, il, tl)")
error_case("int_log_probs", "F.ctc_loss(lp.long(), tg, il, tl)")
error_case("bad_reduction", "F.ctc_loss(lp, tg, il, tl, reduction='avg')")
error_case("empty_batch", "F.ctc_loss(lp[:, :0], tg[:0], il[:0], tl[:0])")
error_case("no_time_steps", "F.ctc_loss(lp[:0], tg, lib.tensor([0, 0]), tl)")
