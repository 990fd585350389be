"""minitorch.utils.data against torch.utils.data: datasets, random_split, samplers, collation and the DataLoader,
including worker processes (errors, dead workers, timeouts, persistent workers, iterable datasets)."""
import collections
import multiprocessing
import os
import time

import numpy as np
import pytest

import minitorch
from minitorch.utils import data as mdata

torch = pytest.importorskip("torch")
tdata = torch.utils.data


def _plain(x):
    """A comparable view of a batch: tensors as (dtype name, nested lists), containers kept."""
    if isinstance(x, (torch.Tensor, minitorch.Tensor)):
        return ("tensor", str(x.dtype).replace("torch.", ""), x.tolist())
    if isinstance(x, dict):
        return (type(x).__name__, {k: _plain(v) for k, v in x.items()})
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return (type(x).__name__, tuple(_plain(v) for v in x))
    if isinstance(x, (list, tuple)):
        return (type(x).__name__, [_plain(v) for v in x])
    return x


class Squares:
    """A map-style dataset defined without subclassing (duck typing is enough for DataLoader)."""

    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if not 0 <= i < self.n:
            raise IndexError(i)
        return i, i * i


def _stream_class(base):
    class Stream(base.IterableDataset):
        """Yields 0..n-1, split between workers by worker id, as torch's docs recommend."""

        def __init__(self, n):
            self.n = n

        def __iter__(self):
            info = base.get_worker_info()
            start, step = (info.id, info.num_workers) if info is not None else (0, 1)
            return iter(range(start, self.n, step))

        def __len__(self):
            return self.n
    return Stream


# --- datasets ------------------------------------------------------------------------------------------------------
def test_tensor_concat_subset_and_chain_datasets_match_torch():
    for lib, data in ((torch, tdata), (minitorch, mdata)):
        pairs = data.TensorDataset(lib.arange(6).float(), lib.arange(6) * 10)
        both = pairs + data.TensorDataset(lib.arange(3).float(), lib.arange(3))
        subset = data.Subset(pairs, [5, 0, 3])
        chained = _stream_class(data)(3) + _stream_class(data)(2)
        result = [len(both), _plain(both[-1]), _plain(both[6]), len(subset), _plain(subset[0]),
                  _plain(subset[[1, 2]]), _plain(subset.__getitems__([2, 1])), list(chained), len(chained)]
        if lib is torch:
            expected = result
    assert result == expected


def test_dataset_errors_match_torch():
    for data, lib in ((tdata, torch), (mdata, minitorch)):
        with pytest.raises(AssertionError):
            data.TensorDataset(lib.zeros(3), lib.zeros(4))
        with pytest.raises(AssertionError):
            data.ConcatDataset([])
        with pytest.raises(ValueError):
            data.ConcatDataset([Squares(2)])[-3]
        with pytest.raises(NotImplementedError):
            data.Dataset()[0]


@pytest.mark.parametrize("lengths,n", [([3, 7], 10), ([0.3, 0.3, 0.4], 11), ([0.5, 0.5], 7), ([1 / 3] * 3, 10)])
def test_random_split_lengths_and_coverage(lengths, n):
    expected = [len(s) for s in tdata.random_split(range(n), lengths)]
    splits = mdata.random_split(range(n), lengths, generator=minitorch.Generator().manual_seed(1))
    assert [len(s) for s in splits] == expected
    assert sorted(i for s in splits for i in s) == list(range(n))


def test_random_split_generator_reproducible_and_errors():
    a = [list(s) for s in mdata.random_split(range(20), [10, 10], generator=minitorch.Generator().manual_seed(3))]
    b = [list(s) for s in mdata.random_split(range(20), [10, 10], generator=minitorch.Generator().manual_seed(3))]
    assert a == b and a[0] != list(range(10))
    for split in (tdata.random_split, mdata.random_split):
        with pytest.raises(ValueError):
            split(range(10), [3, 3])
        with pytest.warns(UserWarning, match="Length of split at index 2 is 0"):
            split(range(10), [0.5, 0.5, 0.0])


# --- samplers -----------------------------------------------------------------------------------------------------
def test_sequential_and_batch_sampler_match_torch():
    for drop_last in (False, True):
        t = list(tdata.BatchSampler(tdata.SequentialSampler(range(10)), 3, drop_last))
        m = list(mdata.BatchSampler(mdata.SequentialSampler(range(10)), 3, drop_last))
        assert m == t
        assert len(mdata.BatchSampler(range(10), 3, drop_last)) == len(tdata.BatchSampler(range(10), 3, drop_last))


def test_random_sampler_permutes_and_respects_num_samples():
    sampler = mdata.RandomSampler(range(10), generator=minitorch.Generator().manual_seed(0))
    first, second = list(sampler), list(sampler)
    assert sorted(first) == sorted(second) == list(range(10)) and first != second
    longer = list(mdata.RandomSampler(range(4), num_samples=10))
    assert len(longer) == 10 and sorted(longer[:8]) == sorted(list(range(4)) * 2)  # whole permutations first
    drawn = list(mdata.RandomSampler(range(3), replacement=True, num_samples=3000))
    assert set(drawn) == {0, 1, 2} and abs(drawn.count(0) / 3000 - 1 / 3) < 0.05
    minitorch.manual_seed(5)
    a = list(mdata.RandomSampler(range(50)))
    minitorch.manual_seed(5)
    assert list(mdata.RandomSampler(range(50))) == a


def test_sampler_argument_errors_match_torch():
    for data in (tdata, mdata):
        with pytest.raises(TypeError):
            data.RandomSampler(range(3), replacement=1)
        with pytest.raises(ValueError):
            data.RandomSampler(range(3), num_samples=0)
        with pytest.raises(ValueError):
            data.BatchSampler(range(3), 0, False)
        with pytest.raises(ValueError):
            data.BatchSampler(range(3), 2, 1)
        with pytest.raises(ValueError):
            data.WeightedRandomSampler([0.5, 0.5], num_samples=-1)


def test_subset_and_weighted_samplers():
    picked = list(mdata.SubsetRandomSampler([10, 20, 30]))
    assert sorted(picked) == [10, 20, 30]
    weights = [0.0, 1.0, 3.0]
    drawn = list(mdata.WeightedRandomSampler(weights, 4000, generator=minitorch.Generator().manual_seed(0)))
    assert 0 not in drawn and abs(drawn.count(2) / 4000 - 0.75) < 0.03
    once = list(mdata.WeightedRandomSampler([1.0, 1.0, 1.0, 0.0], 3, replacement=False))
    assert sorted(once) == [0, 1, 2]


# --- collation ------------------------------------------------------------------------------------------------------
Point = collections.namedtuple("Point", "x y")


def _batches(lib):
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal((2, 3)).astype(np.float32) for _ in range(3)]
    return [
        [lib.tensor(a) for a in arrays],
        arrays,
        [np.int16(1), np.int16(2)],
        [np.float64(0.5), np.float64(1.5)],
        [1.5, 2.5],
        [1, 2, 3],
        [True, False],
        ["a", "b"],
        [{"img": lib.tensor(a), "label": i} for i, a in enumerate(arrays)],
        [collections.OrderedDict(a=1.0, b=[1, 2]), collections.OrderedDict(a=2.0, b=[3, 4])],
        [Point(1, 2.0), Point(3, 4.0)],
        [(lib.tensor(arrays[0]), 1, "x"), (lib.tensor(arrays[1]), 2, "y")],
        [[1, [2.0, 3.0]], [4, [5.0, 6.0]]],
    ]


def test_default_collate_matches_torch():
    for t_batch, m_batch in zip(_batches(torch), _batches(minitorch)):
        assert _plain(mdata.default_collate(m_batch)) == _plain(tdata.default_collate(t_batch))


def test_default_convert_matches_torch():
    for t_batch, m_batch in zip(_batches(torch), _batches(minitorch)):
        assert _plain(mdata.default_convert(m_batch)) == _plain(tdata.default_convert(t_batch))


def test_default_collate_errors_match_torch():
    for data, lib in ((tdata, torch), (mdata, minitorch)):
        with pytest.raises(RuntimeError):
            data.default_collate([[1, 2], [3]])
        with pytest.raises(TypeError):
            data.default_collate([object(), object()])
        with pytest.raises(TypeError):
            data.default_collate([np.array(["a"]), np.array(["b"])])
        with pytest.raises(RuntimeError):
            data.default_collate([lib.zeros(2), lib.zeros(3)])


# --- DataLoader, main process ---------------------------------------------------------------------------------------
LOADER_OPTIONS = [dict(batch_size=4), dict(batch_size=4, drop_last=True), dict(batch_size=None),
                  dict(batch_size=3, sampler=[5, 1, 7, 2]), dict(batch_sampler=[[0, 1], [9], [2, 3, 4]]),
                  dict(batch_size=2, collate_fn=lambda b: [x for x, _ in b])]


@pytest.mark.parametrize("options", LOADER_OPTIONS, ids=[str(sorted(o)) for o in LOADER_OPTIONS])
def test_loader_batches_match_torch(options):
    t = [_plain(b) for b in tdata.DataLoader(Squares(10), **options)]
    m = [_plain(b) for b in mdata.DataLoader(Squares(10), **options)]
    assert m == t
    assert len(mdata.DataLoader(Squares(10), **options)) == len(tdata.DataLoader(Squares(10), **options))


def test_shuffle_visits_everything_once_and_follows_the_generator():
    loader = mdata.DataLoader(Squares(23), batch_size=5, shuffle=True,
                              generator=minitorch.Generator().manual_seed(0))
    epochs = [[i for batch, _ in loader for i in batch.tolist()] for _ in range(2)]
    assert sorted(epochs[0]) == sorted(epochs[1]) == list(range(23)) and epochs[0] != epochs[1]
    again = mdata.DataLoader(Squares(23), batch_size=5, shuffle=True, generator=minitorch.Generator().manual_seed(0))
    assert [i for batch, _ in again for i in batch.tolist()] == epochs[0]


def test_iterable_dataset_in_main_process_matches_torch():
    for options in (dict(batch_size=3), dict(batch_size=3, drop_last=True), dict(batch_size=None)):
        t = [_plain(b) for b in tdata.DataLoader(_stream_class(tdata)(8), **options)]
        m = [_plain(b) for b in mdata.DataLoader(_stream_class(mdata)(8), **options)]
        assert m == t
        assert len(mdata.DataLoader(_stream_class(mdata)(8), **options)) == \
            len(tdata.DataLoader(_stream_class(tdata)(8), **options))


def test_loader_option_errors_match_torch():
    bad = [dict(num_workers=-1), dict(timeout=-1), dict(prefetch_factor=2), dict(persistent_workers=True),
           dict(sampler=[0, 1], shuffle=True), dict(batch_sampler=[[0]], batch_size=2),
           dict(batch_sampler=[[0]], drop_last=True), dict(batch_size=None, drop_last=True)]
    for options in bad:
        for data in (tdata, mdata):
            with pytest.raises(ValueError):
                data.DataLoader(Squares(4), **options)
    for data in (tdata, mdata):
        with pytest.raises(ValueError):
            data.DataLoader(_stream_class(data)(4), shuffle=True)


# --- DataLoader, worker processes ------------------------------------------------------------------------------------
class Failing:
    def __len__(self):
        return 10

    def __getitem__(self, i):
        if i == 5:
            raise ValueError("sample 5 is broken")
        return i


class Dying:
    def __len__(self):
        return 10

    def __getitem__(self, i):
        if i == 5:
            os._exit(7)  # a worker killed without a Python exception (like a segfault or the OOM killer)
        return i


class Slow:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        time.sleep(5)
        return i


class SeedReporter:
    def __len__(self):
        return 4

    def __getitem__(self, i):
        info = mdata.get_worker_info()
        return info.id, info.seed, float(minitorch.rand(1))


def _no_workers_left():
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not multiprocessing.active_children()


@pytest.mark.parametrize("options", [dict(batch_size=3), dict(batch_size=None), dict(batch_size=2, shuffle=False,
                                                                                     drop_last=True)])
def test_workers_give_the_same_batches_in_order(options):
    single = [_plain(b) for b in mdata.DataLoader(Squares(11), **options)]
    multi = [_plain(b) for b in mdata.DataLoader(Squares(11), num_workers=2, **options)]
    assert multi == single
    assert _no_workers_left()


def test_iterable_dataset_with_workers_matches_torch():
    t = [_plain(b) for b in tdata.DataLoader(_stream_class(tdata)(11), batch_size=2, num_workers=3)]
    m = [_plain(b) for b in mdata.DataLoader(_stream_class(mdata)(11), batch_size=2, num_workers=3)]
    assert m == t


def test_worker_error_is_raised_in_main_process():
    loader = mdata.DataLoader(Failing(), batch_size=2, num_workers=2)
    with pytest.raises(ValueError, match="(?s)Caught ValueError in DataLoader worker process 0.*sample 5 is broken"):
        list(loader)
    assert _no_workers_left()


def test_worker_init_fn_error_is_raised():
    def init(worker_id):
        raise KeyError("no config for worker %d" % worker_id)
    with pytest.raises(KeyError, match="no config for worker"):
        list(mdata.DataLoader(Squares(4), num_workers=1, worker_init_fn=init))


def test_dead_worker_raises_instead_of_hanging():
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="exited unexpectedly"):
        list(mdata.DataLoader(Dying(), batch_size=2, num_workers=2))
    assert time.monotonic() - start < 10
    assert _no_workers_left()


def test_timeout_raises():
    start = time.monotonic()
    with pytest.raises(RuntimeError, match="timed out after 0.5 seconds"):
        list(mdata.DataLoader(Slow(), num_workers=1, timeout=0.5))
    assert time.monotonic() - start < 4
    assert _no_workers_left()


def test_workers_are_seeded_differently_and_see_worker_info():
    minitorch.manual_seed(0)
    batches = list(mdata.DataLoader(SeedReporter(), batch_size=None, num_workers=2,
                                    worker_init_fn=lambda i: minitorch.manual_seed(100 + i)))
    by_worker = {}
    for wid, seed, draw in batches:
        by_worker.setdefault(wid, (seed, draw))  # each worker's first draw
    assert set(by_worker) == {0, 1}
    assert by_worker[1][0] == by_worker[0][0] + 1  # base seed + worker id
    assert by_worker[0][1] != by_worker[1][1]
    minitorch.manual_seed(100)
    assert np.isclose(by_worker[0][1], float(minitorch.rand(1)))  # worker_init_fn ran before the first fetch


def test_persistent_workers_serve_several_epochs_and_an_abandoned_one():
    loader = mdata.DataLoader(Squares(9), batch_size=2, num_workers=2, persistent_workers=True)
    expected = [_plain(b) for b in mdata.DataLoader(Squares(9), batch_size=2)]
    first = [_plain(b) for b in loader]
    pids = [w.pid for w in loader._pool.workers]
    abandoned = iter(loader)
    next(abandoned)
    del abandoned
    second = [_plain(b) for b in loader]
    assert first == second == expected
    assert [w.pid for w in loader._pool.workers] == pids
    loader._pool.shutdown()
    assert _no_workers_left()


def test_breaking_out_of_an_epoch_stops_the_workers():
    for batch in mdata.DataLoader(Squares(50), batch_size=2, num_workers=2):
        break
    import gc
    gc.collect()
    assert _no_workers_left()
