"""The kernels' scratch-array pool: reuse by shape, and eviction of the least recently returned shapes."""
import numpy

from minitorch.ops.workspace import Workspace


def test_reuses_a_returned_array_of_the_same_shape():
    ws = Workspace()
    a = ws.get(numpy, (4, 4), numpy.float32)
    ws.give(a)
    assert ws.get(numpy, (4, 4), numpy.float32) is a
    assert ws.get(numpy, (4, 4), numpy.float32) is not a


def test_eviction_after_a_shape_was_taken_back_out():
    ws = Workspace(max_bytes=32)
    a = ws.get(numpy, (8,), numpy.float32)
    ws.give(a)
    assert ws.get(numpy, (8,), numpy.float32) is a  # that shape has no spares left
    ws.give(numpy.empty((16,), numpy.float32))  # over the limit: the oldest shape with spares is evicted
    assert ws.bytes == 0
    ws.give(a)
    assert ws.get(numpy, (8,), numpy.float32) is a
