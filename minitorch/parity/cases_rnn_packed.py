"""Parity cases for torch.nn.utils.rnn (packing and padding variable-length batches) and RNN/LSTM/GRU on packed
input.

Results: the packed data, batch sizes and index tensors, the padded outputs and lengths, the final states, and the
gradients of a random weighting of all of them with respect to the padded input, h0/c0 and every parameter.
"""
from .cases_norm import layer, raises, results
from .cases_rnn import F32_TOL
from .helpers import leaf
from .registry import case


def _both(name, body, tol=F32_TOL):
    case(name, dtypes=("float64",))(body)
    case(name, dtypes=("float32",), tol=tol)(body)


def _packed_fields(prefix, packed):
    return {prefix + "batch_sizes": packed.batch_sizes, prefix + "sorted_indices": packed.sorted_indices,
            prefix + "unsorted_indices": packed.unsorted_indices}


def packed_rnn_case(name, make, lengths, features, state_shapes=(), batch_first=False, enforce_sorted=True,
                    total_length=None):
    """make's layer on a padded batch of the given lengths, packed, run, and padded back."""
    def body(lib, rng, dtype):
        module = layer(lib, rng, dtype, make)
        steps, batch = max(lengths), len(lengths)
        x = leaf(lib, rng.standard_normal((batch, steps, features) if batch_first else (steps, batch, features)),
                 dtype)
        states = [leaf(lib, rng.standard_normal(s), dtype) for s in state_shapes]
        packed = lib.nn.utils.rnn.pack_padded_sequence(x, lib.tensor(lengths), batch_first=batch_first,
                                                      enforce_sorted=enforce_sorted)
        args = [packed] + ([tuple(states) if len(states) == 2 else states[0]] if states else [])
        out, final = module(*args)
        padded, out_lengths = lib.nn.utils.rnn.pad_packed_sequence(out, batch_first=batch_first,
                                                                   total_length=total_length)
        finals = list(final) if isinstance(final, tuple) else [final]
        inputs = {"input": x}
        inputs.update(("state_%d" % i, s) for i, s in enumerate(states))
        res = results(lib, rng, module, [out.data, padded] + finals, inputs)
        res.update(_packed_fields("out_", out), lengths=out_lengths)
        return res
    _both(name, body)


L = [4, 3, 3, 1]
U = [2, 5, 1, 3]
packed_rnn_case("nn.rnn_packed/RNN", lambda nn: nn.RNN(3, 4), L, 3)
packed_rnn_case("nn.rnn_packed/RNN_unsorted_h0", lambda nn: nn.RNN(3, 4, nonlinearity="relu"), U, 3, [(1, 4, 4)],
                enforce_sorted=False)
packed_rnn_case("nn.rnn_packed/RNN_bidirectional_2layers", lambda nn: nn.RNN(3, 4, 2, bidirectional=True), U, 3,
                [(4, 4, 4)], enforce_sorted=False)
packed_rnn_case("nn.rnn_packed/LSTM", lambda nn: nn.LSTM(3, 4), L, 3, [(1, 4, 4), (1, 4, 4)])
packed_rnn_case("nn.rnn_packed/LSTM_unsorted_batch_first", lambda nn: nn.LSTM(3, 4, 2, batch_first=True), U, 3,
                [(2, 4, 4), (2, 4, 4)], batch_first=True, enforce_sorted=False)
packed_rnn_case("nn.rnn_packed/LSTM_bidirectional_2layers",
                lambda nn: nn.LSTM(3, 4, num_layers=2, bidirectional=True), U, 3, [(4, 4, 4), (4, 4, 4)],
                enforce_sorted=False, total_length=7)
packed_rnn_case("nn.rnn_packed/LSTM_proj_size",
                lambda nn: nn.LSTM(3, 5, num_layers=2, proj_size=2, bidirectional=True), U, 3,
                [(4, 4, 2), (4, 4, 5)], enforce_sorted=False)
packed_rnn_case("nn.rnn_packed/LSTM_equal_lengths", lambda nn: nn.LSTM(2, 3, bidirectional=True), [3, 3], 2)
packed_rnn_case("nn.rnn_packed/GRU", lambda nn: nn.GRU(3, 4), L, 3)
packed_rnn_case("nn.rnn_packed/GRU_bidirectional_2layers_batch_first",
                lambda nn: nn.GRU(3, 4, 2, bidirectional=True, batch_first=True), U, 3, [(4, 4, 4)],
                batch_first=True, enforce_sorted=False)
packed_rnn_case("nn.rnn_packed/GRU_single", lambda nn: nn.GRU(2, 3, bidirectional=True), [1], 2)


def round_trip_case(name, lengths, shape_tail, batch_first=False, enforce_sorted=True, total_length=None,
                    padding_value=0.0):
    def body(lib, rng, dtype):
        steps, batch = max(lengths), len(lengths)
        lead = (batch, steps) if batch_first else (steps, batch)
        x = leaf(lib, rng.standard_normal(lead + shape_tail), dtype)
        rnn = lib.nn.utils.rnn
        packed = rnn.pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
        padded, out_lengths = rnn.pad_packed_sequence(packed, batch_first=batch_first, padding_value=padding_value,
                                                      total_length=total_length)
        outs = [packed.data, padded] + rnn.unpack_sequence(packed)
        res = results(lib, rng, lib.nn.Module(), outs, {"input": x})
        res.update(_packed_fields("", packed), lengths=out_lengths)
        return res
    _both(name, body, tol=None)


round_trip_case("nn.rnn_packed/round_trip", [3, 2, 2], (2,))
round_trip_case("nn.rnn_packed/round_trip_unsorted_batch_first", [1, 4, 2], (2, 3), batch_first=True,
                enforce_sorted=False, padding_value=-7.5)
round_trip_case("nn.rnn_packed/round_trip_total_length", [2, 4, 4, 1], (), enforce_sorted=False, total_length=6)
round_trip_case("nn.rnn_packed/round_trip_ties", [2, 3, 2, 3], (1,), batch_first=True, enforce_sorted=False)


def pad_sequence_case(name, lengths, tail, batch_first=False, padding_side="right", padding_value=0.0,
                      enforce_sorted=True):
    def body(lib, rng, dtype):
        seqs = [leaf(lib, rng.standard_normal((n,) + tail), dtype) for n in lengths]
        rnn = lib.nn.utils.rnn
        padded = rnn.pad_sequence(seqs, batch_first=batch_first, padding_value=padding_value,
                                  padding_side=padding_side)
        outs = [padded]
        if padding_side == "right":
            # on a copy: torch's unpad_sequence transposes its argument in place when batch_first=False
            outs += rnn.unpad_sequence(padded.clone(), lib.tensor(lengths), batch_first=batch_first)
            if min(lengths) > 0:
                outs.append(rnn.pack_sequence(seqs, enforce_sorted=enforce_sorted).data)
        inputs = {"seq_%d" % i: s for i, s in enumerate(seqs)}
        return results(lib, rng, lib.nn.Module(), outs, inputs)
    _both(name, body, tol=None)


pad_sequence_case("nn.rnn_packed/pad_sequence", [3, 3, 1], (2,))
pad_sequence_case("nn.rnn_packed/pad_sequence_batch_first_unsorted", [1, 4, 2], (2, 2), batch_first=True,
                  padding_value=3.0, enforce_sorted=False)
pad_sequence_case("nn.rnn_packed/pad_sequence_left", [2, 4, 1], (3,), padding_side="left", padding_value=-1.0)
pad_sequence_case("nn.rnn_packed/pad_sequence_left_batch_first", [2, 1], (), batch_first=True, padding_side="left")
pad_sequence_case("nn.rnn_packed/pad_sequence_empty_seq", [0, 2], (2,), batch_first=True, enforce_sorted=False)


# --- errors -------------------------------------------------------------------------------------------------------
def _pack(lengths, steps=4, **kw):
    return lambda lib, rng: lib.nn.utils.rnn.pack_padded_sequence(lib.zeros(steps, len(lengths), 2), lengths, **kw)


raises("nn.rnn_packed/unsorted_enforced", _pack([1, 3]))
raises("nn.rnn_packed/zero_length", _pack([3, 0]))
raises("nn.rnn_packed/zero_length_unsorted", _pack([0, 3], enforce_sorted=False))
raises("nn.rnn_packed/wrong_batch", lambda lib, rng: lib.nn.utils.rnn.pack_padded_sequence(lib.zeros(3, 2, 2),
                                                                                          [3, 2, 1]))
raises("nn.rnn_packed/total_length_short", lambda lib, rng: lib.nn.utils.rnn.pad_packed_sequence(
    lib.nn.utils.rnn.pack_sequence([lib.zeros(3, 2)]), total_length=2))
raises("nn.rnn_packed/bad_padding_side", lambda lib, rng: lib.nn.utils.rnn.pad_sequence(
    [lib.zeros(3, 2)], padding_side="middle"))
raises("nn.rnn_packed/wrong_h0", lambda lib, rng: lib.nn.GRU(2, 3)(
    lib.nn.utils.rnn.pack_sequence([lib.zeros(3, 2), lib.zeros(2, 2)]), lib.zeros(1, 3, 3)))
raises("nn.rnn_packed/dtype_mismatch", lambda lib, rng: lib.nn.LSTM(2, 3)(
    lib.nn.utils.rnn.pack_sequence([lib.zeros(3, 2, dtype=lib.float64)])))
