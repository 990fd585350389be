"""Variable-length sequences: PackedSequence, packing padded batches and padding packed ones (torch.nn.utils.rnn).

A PackedSequence stores a batch sorted by decreasing length time step by time step: ``data`` holds step 0 of
every sequence, then step 1 of every sequence still running, ...; ``batch_sizes[t]`` counts the sequences alive at
step t. Packing and padding are index/cat/stack Tensor ops, so gradients flow back to the inputs.
"""
from collections import namedtuple

from ... import creation, dtypes
from ...ops.index import index_select
from ...ops.shape import cat, stack

__all__ = ["PackedSequence", "pack_padded_sequence", "pad_packed_sequence", "pad_sequence", "pack_sequence",
           "unpad_sequence", "unpack_sequence"]


class PackedSequence(namedtuple("PackedSequence", ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])):
    """(data, batch_sizes, sorted_indices, unsorted_indices); the indices are None when the batch came sorted."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        if unsorted_indices is None and sorted_indices is not None:
            unsorted_indices = _invert(sorted_indices)
        return super().__new__(cls, data, batch_sizes, sorted_indices, unsorted_indices)

    def to(self, *args, **kwargs):
        """data converted as Tensor.to; the index tensors follow to the device only."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        move = (lambda t: None if t is None else t.to(device=data.device))
        return type(self)(data, self.batch_sizes, move(self.sorted_indices), move(self.unsorted_indices))

    def cpu(self):
        return self.to("cpu")

    def double(self):
        return self.to(dtype=dtypes.float64)

    def float(self):
        return self.to(dtype=dtypes.float32)

    def half(self):
        return self.to(dtype=dtypes.float16)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return False


def _invert(permutation):
    """The inverse permutation: inverse[permutation[i]] = i."""
    inverse = [0] * len(permutation)
    for i, p in enumerate(permutation.tolist()):
        inverse[p] = i
    return creation.tensor(inverse, dtype=dtypes.int64, device=permutation.device)


def _lengths_list(lengths):
    return [int(v) for v in (lengths.tolist() if hasattr(lengths, "tolist") else lengths)]


def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Pack a padded (T, B, *) batch (B, T, * if batch_first) whose sequence b has lengths[b] valid steps."""
    lengths = _lengths_list(lengths)
    sorted_indices = None
    if not enforce_sorted:
        order = sorted(range(len(lengths)), key=lambda b: -lengths[b])  # stable, as torch's CPU sort
        sorted_indices = creation.tensor(order, dtype=dtypes.int64, device=input.device)
        lengths = [lengths[b] for b in order]
    elif any(a < b for a, b in zip(lengths, lengths[1:])):
        raise RuntimeError("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True. You "
                           "can pass `enforce_sorted=False` to pack_padded_sequence and/or pack_sequence to sidestep "
                           "this requirement if you do not need ONNX exportability.")
    x = input.transpose(0, 1) if batch_first else input
    if sorted_indices is not None:
        x = index_select(x, 1, sorted_indices)
    if len(lengths) != x.shape[1]:
        raise RuntimeError("Expected `len(lengths)` to be equal to batch_size, but got %d (batch_size=%d)"
                           % (len(lengths), x.shape[1]))
    if lengths and lengths[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an element in 'lengths' that "
                           "is <= 0")
    if lengths and lengths[0] > x.shape[0]:
        raise RuntimeError("Expected sequence length to be larger than or equal to the largest length %d, but got "
                           "sequence length %d" % (lengths[0], x.shape[0]))
    batch_sizes = [sum(1 for n in lengths if n > t) for t in range(lengths[0] if lengths else 0)]
    data = cat([x[t, :bs] for t, bs in enumerate(batch_sizes)])  # step t of every sequence still running
    return PackedSequence(data, creation.tensor(batch_sizes, dtype=dtypes.int64), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Inverse of pack_padded_sequence: (padded (T, B, *) or (B, T, *), lengths int64 tensor), original order."""
    data, batch_sizes = sequence.data, sequence.batch_sizes.tolist()
    steps = len(batch_sizes)
    if total_length is not None and total_length < steps:
        raise ValueError("Expected total_length to be at least the length of the longest sequence in input, but got "
                         "total_length=%d and max sequence length being %d" % (total_length, steps))
    batch, feature = (batch_sizes[0] if steps else 0), tuple(data.shape[1:])
    fill = (lambda rows: creation.full((rows,) + feature, padding_value, dtype=data.dtype, device=data.device))
    rows, offset = [], 0
    for bs in batch_sizes:  # step t: the bs running sequences, then padding for the finished ones
        step = data[offset:offset + bs]
        rows.append(step if bs == batch else cat([step, fill(batch - bs)]))
        offset += bs
    rows += [fill(batch)] * ((total_length or steps) - steps)
    padded = stack(rows) if rows else fill(0).reshape((0, 0) + feature)
    lengths = [sum(1 for bs in batch_sizes if bs > b) for b in range(batch)]
    if sequence.unsorted_indices is not None:
        padded = index_select(padded, 1, sequence.unsorted_indices)
        lengths = [lengths[i] for i in sequence.unsorted_indices.tolist()]
    return (padded.transpose(0, 1) if batch_first else padded), creation.tensor(lengths, dtype=dtypes.int64)


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stack variable-length (L_i, *) tensors into (T, B, *) (B, T, * if batch_first), padding each to T steps."""
    if padding_side not in ("left", "right"):
        raise RuntimeError("Expected padding_side to be one of left or right, but got %s." % padding_side)
    sequences = list(sequences)
    if not sequences:
        raise RuntimeError("received an empty list of sequences")
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        if s.shape[0] == longest:
            padded.append(s)
            continue
        pad = creation.full((longest - s.shape[0],) + tuple(s.shape[1:]), padding_value, dtype=s.dtype,
                            device=s.device)
        padded.append(cat([s, pad] if padding_side == "right" else [pad, s]))
    return stack(padded, 0 if batch_first else 1)


def pack_sequence(sequences, enforce_sorted=True):
    """Pack a list of variable-length (L_i, *) tensors."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """The list of each sequence's valid steps, inverse of pad_sequence."""
    x = padded_sequences if batch_first else padded_sequences.transpose(0, 1)
    return [x[b, :n] for b, n in enumerate(_lengths_list(lengths))]


def unpack_sequence(packed_sequences):
    """The list of sequences in a PackedSequence, inverse of pack_sequence."""
    padded, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded, lengths, batch_first=True)
