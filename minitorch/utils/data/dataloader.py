"""DataLoader: batches from a dataset, in the main process or in worker processes.

The sampler decides the order of indices, the batch sampler groups them, a fetcher turns each group into samples
and ``collate_fn`` into a batch. With ``num_workers > 0`` the groups are dealt round-robin to worker processes
(``prefetch_factor`` of them in flight per worker) and the batches are yielded in sampler order. A worker's error
is re-raised in the main process; a worker that dies, or a batch that takes longer than ``timeout``, raises
RuntimeError instead of hanging.
"""
import itertools
import multiprocessing
import os
import pickle
import queue
import time

from ... import random as _random
from .collate import default_collate, default_convert
from .dataset import IterableDataset
from .fetch import IterableFetcher, MapFetcher
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler
from .worker import POLL_SECONDS, ExceptionWrapper, StreamEnd, worker_loop

JOIN_SECONDS = 5.0  # how long a worker gets to exit cleanly before it is terminated


class _InfiniteConstantSampler(Sampler):
    """An iterable dataset has no indices: each 'index' only asks for the next sample."""

    def __iter__(self):
        while True:
            yield None


class DataLoader:
    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None, num_workers=0,
                 collate_fn=None, pin_memory=False, drop_last=False, timeout=0, worker_init_fn=None,
                 multiprocessing_context=None, generator=None, *, prefetch_factor=None, persistent_workers=False,
                 pin_memory_device="", in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to disable "
                             "multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 "
                             "to enable multiprocessing, otherwise set prefetch_factor to None.")
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        if prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        if isinstance(dataset, IterableDataset):
            if shuffle not in (None, False):
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle option, but got "
                                 "shuffle=%s" % shuffle)
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler option, but got "
                                 "sampler=%s" % sampler)
            if batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified batch_sampler option, but "
                                 "got batch_sampler=%s" % batch_sampler)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and "
                                 "drop_last")
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually exclusive with "
                             "drop_last")

        if sampler is None:
            if isinstance(dataset, IterableDataset):
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.dataset = dataset
        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.num_workers = num_workers
        self.collate_fn = collate_fn or (default_collate if batch_sampler is not None else default_convert)
        self.pin_memory = pin_memory  # accepted for compatibility: there is no pinned memory on NumPy/CuPy here
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.generator = generator
        self.prefetch_factor = prefetch_factor
        self.persistent_workers = persistent_workers
        self.in_order = in_order  # batches always come in sampler order, which in_order=False also allows
        self._pool = None

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def _fetcher(self):
        fetcher_class = IterableFetcher if isinstance(self.dataset, IterableDataset) else MapFetcher
        return fetcher_class(self.dataset, self._auto_collation, self.collate_fn, self.drop_last)

    def __len__(self):
        if isinstance(self.dataset, IterableDataset):
            length = len(self.dataset)  # TypeError when the stream has no length, as in torch
            if self.batch_size is not None:
                return length // self.batch_size if self.drop_last else -(-length // self.batch_size)
            return length
        return len(self._index_sampler)

    def __iter__(self):
        if self.num_workers == 0:
            return _SingleProcessIter(self)
        if not self.persistent_workers:
            return _MultiProcessIter(self, _WorkerPool(self), owns_pool=True)
        if self._pool is None or not self._pool.running:
            self._pool = _WorkerPool(self)
        return _MultiProcessIter(self, self._pool, owns_pool=False)

    def __del__(self):
        if getattr(self, "_pool", None) is not None:
            self._pool.shutdown()


class _SingleProcessIter:
    def __init__(self, loader):
        self._loader = loader
        self._indices = iter(loader._index_sampler)
        _random.draw_seed(loader.generator)  # the workers' base seed torch draws for every epoch, unused here
        self._fetcher = loader._fetcher()

    def __iter__(self):
        return self

    def __next__(self):
        return self._fetcher.fetch(next(self._indices))  # either may raise StopIteration: the epoch is over

    def __len__(self):
        return len(self._loader)


def _context(loader):
    ctx = loader.multiprocessing_context
    if ctx is None:
        return multiprocessing.get_context()
    return multiprocessing.get_context(ctx) if isinstance(ctx, str) else ctx


class _WorkerPool:
    """The worker processes with their queues. Lives for one epoch, or for the loader with persistent_workers."""

    def __init__(self, loader):
        ctx = _context(loader)
        base_seed = _random.draw_seed(loader.generator)
        self.result_queue = ctx.Queue()
        self.index_queues, self.workers = [], []
        self.epoch = 0
        self.running = True
        try:
            for worker_id in range(loader.num_workers):
                index_queue = ctx.Queue()
                index_queue.cancel_join_thread()  # never block our exit on tasks a dead worker will not read
                self.index_queues.append(index_queue)
                worker = ctx.Process(target=worker_loop, daemon=True, args=(
                    loader.dataset, isinstance(loader.dataset, IterableDataset), index_queue, self.result_queue,
                    loader.collate_fn, loader._auto_collation, loader.drop_last, base_seed + worker_id,
                    loader.worker_init_fn, worker_id, loader.num_workers, os.getpid()))
                worker.start()  # with spawn/forkserver this pickles the dataset, which can fail
                self.workers.append(worker)
        except BaseException:
            self.shutdown(wait=False)
            raise

    def check_alive(self):
        dead = [str(w.pid) for w in self.workers if w.exitcode is not None]
        if dead:
            self.shutdown(wait=False)
            raise RuntimeError("DataLoader worker (pid(s) %s) exited unexpectedly" % ", ".join(dead))

    def shutdown(self, wait=True):
        """Stop the workers: ask them to exit (and give them JOIN_SECONDS to) or, with wait=False (after an
        error, when their work is of no use), terminate them at once."""
        if not self.running:
            return
        self.running = False
        for index_queue in self.index_queues:
            try:
                index_queue.put(None)
            except (OSError, ValueError):  # the queue is already closed
                pass
        for worker in self.workers:
            worker.join(JOIN_SECONDS if wait else 0)
            if worker.is_alive():
                worker.terminate()
                worker.join()
        self.result_queue.cancel_join_thread()
        self.result_queue.close()
        for index_queue in self.index_queues:
            index_queue.close()

    def __del__(self):
        self.shutdown()


class _MultiProcessIter:
    """One epoch over a worker pool: tasks go out round-robin, batches come back in task order."""

    def __init__(self, loader, pool, owns_pool):
        self._loader = loader
        self._pool = pool
        self._owns_pool = owns_pool
        pool.epoch += 1  # answers tagged with an older epoch are leftovers of an abandoned one
        self._epoch = pool.epoch
        self._indices = iter(loader._index_sampler)
        self._timeout = loader.timeout
        self._max_in_flight = loader.prefetch_factor * loader.num_workers
        self._in_flight = 0
        self._sent = 0  # tasks sent so far; task ids count up from 0
        self._next_task = 0  # the task whose batch is yielded next
        self._worker_of = {}  # task id -> worker, for tasks not yet yielded
        self._early = {}  # task id -> batch that arrived before its turn
        self._active = [True] * loader.num_workers  # iterable datasets: workers whose stream has not ended
        self._worker_cycle = itertools.cycle(range(loader.num_workers))
        for _ in range(self._max_in_flight):
            self._send_task()

    def __iter__(self):
        return self

    def __len__(self):
        return len(self._loader)

    def _send_task(self):
        if self._in_flight >= self._max_in_flight or not any(self._active):
            return
        try:
            index = next(self._indices)
        except StopIteration:
            return
        worker = next(w for w in self._worker_cycle if self._active[w])
        self._pool.index_queues[worker].put((self._epoch, self._sent, index))
        self._worker_of[self._sent] = worker
        self._sent += 1
        self._in_flight += 1

    def __next__(self):
        while True:
            # a task given to a worker whose stream has ended will only ever be answered with StreamEnd
            while (self._next_task < self._sent and self._next_task not in self._early
                   and not self._active[self._worker_of[self._next_task]]):
                del self._worker_of[self._next_task]
                self._next_task += 1
            if self._next_task >= self._sent:
                self._finish()
                raise StopIteration
            if self._next_task in self._early:
                return self._take(self._next_task, self._early.pop(self._next_task))
            worker, task, data = self._receive()
            self._in_flight -= 1
            if task not in self._worker_of:  # answer to a task already skipped
                continue
            if isinstance(data, StreamEnd):
                self._active[worker] = False
                self._send_task()
            elif task == self._next_task:
                return self._take(task, data)
            else:
                self._early[task] = data

    def _take(self, task, data):
        del self._worker_of[task]
        self._next_task += 1
        self._send_task()
        if isinstance(data, ExceptionWrapper):
            self._finish(wait=False)
            data.reraise()
        return data

    def _receive(self):
        """The next answer of this epoch, watching for dead workers and for the loader's timeout."""
        deadline = time.monotonic() + self._timeout if self._timeout > 0 else None
        while True:
            wait = POLL_SECONDS if deadline is None else max(0.0, min(POLL_SECONDS, deadline - time.monotonic()))
            try:
                worker, epoch, task, payload = self._pool.result_queue.get(timeout=wait)
            except queue.Empty:
                self._pool.check_alive()
                if deadline is not None and time.monotonic() >= deadline:
                    self._finish(wait=False)
                    raise RuntimeError("DataLoader timed out after %s seconds" % self._timeout) from None
                continue
            if epoch == self._epoch:
                return worker, task, pickle.loads(payload)

    def _finish(self, wait=True):
        if self._owns_pool:
            self._pool.shutdown(wait)

    def __del__(self):
        self._finish()
