"""as_strided and friends where parity cases cannot look: memory shared with the base, version counters, _base,
and stride()/storage_offset() against torch's on the same layouts."""
import pytest

import minitorch

torch = pytest.importorskip("torch")


def _both(build):
    """build(lib) run with torch and with minitorch."""
    return build(torch), build(minitorch)


def _layouts(lib):
    x = lib.arange(24.).reshape(4, 6)
    return {"plain": x, "slice": x[1:, 2:], "step": x[:, ::2], "transposed": x.mT, "transposed_slice": x.mT[3:],
            "result_of_transposed": x.mT * 2, "select": x[2], "detached_slice": x[1:].detach(),
            "as_strided": x.as_strided((3, 2), (5, 1), 4), "unfold": x.reshape(-1).unfold(0, 4, 2)}


@pytest.mark.parametrize("name", sorted(_layouts(minitorch)))
def test_stride_and_storage_offset_match_torch(name):
    t, m = (_layouts(lib)[name] for lib in (torch, minitorch))
    assert m.stride() == t.stride()
    assert m.storage_offset() == t.storage_offset()
    # as_strided addresses the same storage in both
    size, stride = (2, 2), (3, 1)
    assert m.as_strided(size, stride).tolist() == t.as_strided(size, stride).tolist()
    assert m.as_strided(size, stride, 1).tolist() == t.as_strided(size, stride, 1).tolist()


def test_view_shares_memory_with_base_both_ways():
    x = minitorch.zeros(6)
    v = x.as_strided((2, 2), (3, 1), 1)
    assert v._base is x
    v.add_(1)
    assert x.tolist() == [0, 1, 1, 0, 1, 1]
    x.mul_(5)
    assert v.tolist() == [[5, 5], [5, 5]]


def test_view_of_view_has_the_root_as_base_and_writes_reach_it():
    x = minitorch.zeros(3, 4)
    v = x[1:].as_strided((2,), (2,))
    assert v._base is x and v.storage_offset() == 4
    v.fill_(7)
    assert x.tolist()[1] == [7, 0, 7, 0]


def test_version_counter_shared_with_base():
    def build(lib):
        x = lib.zeros(6)
        v = x.as_strided((3,), (2,))
        versions = [x._version, v._version]
        v.add_(1)
        versions += [x._version, v._version]
        x.add_(1)
        return versions + [x._version, v._version]
    t, m = _both(build)
    assert m == t


def test_as_strided_inplace_bumps_version_and_changes_geometry():
    def build(lib):
        y = lib.arange(6.) * 1
        y.as_strided_((2, 2), (1, 2), 1)
        return y._version, y.stride(), y.storage_offset(), y.tolist(), y._base is None
    t, m = _both(build)
    assert m == t


def test_inplace_through_view_rebases_the_base():
    a = minitorch.arange(6., requires_grad=True)
    b = a * 1
    b.as_strided((2,), (3,), 1).mul_(2)
    assert type(b.grad_fn).__name__ == "CopySlices"
    b.sum().backward()
    assert a.grad.tolist() == [1, 2, 1, 1, 2, 1]


def test_repeating_view_refuses_inplace_writes():
    v = minitorch.zeros(4).as_strided((3, 2), (0, 1))
    with pytest.raises(RuntimeError, match="more than one element"):
        v.add_(1)
    overlapping = minitorch.zeros(4).as_strided((2, 2), (1, 1))  # torch allows this overlap (no zero stride)
    overlapping.add_(1)


def test_detached_view_shares_memory():
    x = minitorch.arange(6.)
    x.detach().as_strided((2,), (3,)).mul_(0)
    assert x.tolist() == [0, 1, 2, 0, 4, 5]


def test_empty_strided_is_a_fresh_leaf_with_the_strides():
    e = minitorch.empty_strided((2, 3), (1, 2))
    assert e._base is None and e.is_leaf and e.stride() == (1, 2) and e.storage_offset() == 0
    e.fill_(1.0)
    assert e.tolist() == [[1, 1, 1], [1, 1, 1]]


def test_unsafe_split_pieces_share_memory_but_are_no_autograd_views():
    def build(lib):
        b = lib.arange(4., requires_grad=True) * 1
        first, _ = lib.unsafe_split(b, 2)
        first.mul_(2)
        return first._base is None, b._version, type(b.grad_fn).__name__, b.tolist()
    t, m = _both(build)
    assert m == t


def test_conversions_return_self_and_fill_diagonal_bumps_version():
    x = minitorch.zeros(3, 3)
    assert x.conj() is x and minitorch.conj_physical(x) is x and x.resolve_neg() is x
    assert x.fill_diagonal_(2.0) is x and x._version == 1 and x.trace().item() == 6
