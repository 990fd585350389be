"""nn.utils.rnn's PackedSequence structure against torch's (values and gradients are parity cases in
minitorch/parity/cases_rnn_packed.py)."""
import numpy
import pytest
import torch

import minitorch


def _pack(lib, lengths, enforce_sorted):
    x = lib.tensor(numpy.arange(5 * len(lengths) * 2, dtype="float64").reshape(5, len(lengths), 2))
    return lib.nn.utils.rnn.pack_padded_sequence(x, lengths, enforce_sorted=enforce_sorted)


@pytest.mark.parametrize("lengths, enforce_sorted", [([5, 3, 1], True), ([2, 5, 2], False)])
def test_fields_match_torch(lengths, enforce_sorted):
    t, m = _pack(torch, lengths, enforce_sorted), _pack(minitorch, lengths, enforce_sorted)
    assert isinstance(m, tuple) and type(m).__name__ == "PackedSequence" and m._fields == t._fields
    for name in ("batch_sizes", "sorted_indices", "unsorted_indices"):
        tv, mv = getattr(t, name), getattr(m, name)
        assert (tv is None) == (mv is None), name
        if tv is not None:
            assert str(mv.dtype) == str(tv.dtype) and mv.tolist() == tv.tolist(), name
    data, batch_sizes, sorted_indices, unsorted_indices = m
    assert data is m.data and batch_sizes is m.batch_sizes
    assert m.is_cuda is t.is_cuda is False


def test_conversions_keep_indices():
    m = _pack(minitorch, [2, 5, 2], False)
    for converted, dtype in ((m.float(), minitorch.float32), (m.to(minitorch.float32).double(), minitorch.float64),
                             (m.to(dtype=minitorch.float32), minitorch.float32)):
        assert converted.data.dtype is dtype and isinstance(converted, type(m))
        assert converted.batch_sizes.tolist() == m.batch_sizes.tolist()
        assert converted.sorted_indices.tolist() == m.sorted_indices.tolist()
    assert m.to(minitorch.float64) is m and m.cpu() is m


def test_constructor_inverts_sorted_indices():
    m = minitorch.nn.utils.rnn.PackedSequence(minitorch.zeros(3, 2), minitorch.tensor([2, 1]),
                                              minitorch.tensor([2, 0, 1]))
    t = torch.nn.utils.rnn.PackedSequence(torch.zeros(3, 2), torch.tensor([2, 1]), torch.tensor([2, 0, 1]))
    assert m.unsorted_indices.tolist() == t.unsorted_indices.tolist()


def test_lengths_longer_than_sequence_raise():
    # torch 2.13 on CPU reads past the input here without an error; minitorch refuses
    with pytest.raises(RuntimeError, match="sequence length"):
        _pack(minitorch, [6, 3], True)


def test_rnn_packed_output_structure():
    lstm = minitorch.nn.LSTM(2, 3, bidirectional=True)
    packed = _pack(minitorch, [2, 5, 2], False).float()
    out, (h, c) = lstm(packed)
    assert isinstance(out, minitorch.nn.utils.rnn.PackedSequence)
    assert out.batch_sizes is packed.batch_sizes and out.sorted_indices is packed.sorted_indices
    assert tuple(out.data.shape) == (9, 6) and tuple(h.shape) == tuple(c.shape) == (2, 3, 3)
