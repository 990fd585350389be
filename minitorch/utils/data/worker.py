"""What runs inside a DataLoader worker process, and how its results and errors travel back.

Protocol: the main process puts ``(epoch, task, index)`` on the worker's own index queue (``None`` means "exit");
the worker answers ``(worker_id, epoch, task, payload)`` on the shared result queue, where payload is the pickled
batch, an ``ExceptionWrapper`` (the worker's error, re-raised in the main process) or ``StreamEnd`` (an iterable
dataset ran out in this worker). The worker pickles the payload itself, so a batch that cannot be pickled becomes
an error the main process sees instead of a message silently lost in the queue.
"""
import os
import pickle
import queue
import random
import sys
import traceback

from ... import random as _random
from .fetch import IterableFetcher, MapFetcher

POLL_SECONDS = 1.0  # how often a waiting process checks that the other side is still alive


class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker: id, num_workers, seed and this worker's dataset copy."""

    def __init__(self, id, num_workers, seed, dataset):
        self.id, self.num_workers, self.seed, self.dataset = id, num_workers, seed, dataset

    def __repr__(self):
        return "WorkerInfo(id=%d, num_workers=%d, seed=%d, dataset=%r)" % (self.id, self.num_workers, self.seed,
                                                                           self.dataset)


_worker_info = None


def get_worker_info():
    """Inside a DataLoader worker, its WorkerInfo; in the main process, None."""
    return _worker_info


class StreamEnd:
    """An iterable dataset has no more samples in this worker."""


class ExceptionWrapper:
    """An exception caught in a worker, with its traceback as text (tracebacks cannot be pickled)."""

    def __init__(self, where):
        exc_type, exc, tb = sys.exc_info()
        self.exc_type = exc_type if _picklable(exc_type) else RuntimeError
        self.where = where
        self.traceback = "".join(traceback.format_exception(exc_type, exc, tb))

    def reraise(self):
        message = "Caught %s %s.\nOriginal %s" % (self.exc_type.__name__, self.where, self.traceback)
        if issubclass(self.exc_type, KeyError):
            message = _KeyErrorMessage(message)
        try:
            error = self.exc_type(message)
        except Exception:  # an exception class that does not take a single message
            raise RuntimeError(message) from None
        raise error


class _KeyErrorMessage(str):
    """KeyError prints the repr of its argument; this keeps the traceback's line breaks readable."""

    def __repr__(self):
        return self


def _picklable(obj):
    try:
        pickle.dumps(obj)
        return True
    except Exception:
        return False


def worker_loop(dataset, is_iterable, index_queue, result_queue, collate_fn, auto_collation, drop_last, seed,
                init_fn, worker_id, num_workers, parent_pid):
    global _worker_info
    try:
        random.seed(seed)
        _random.manual_seed(seed)
        _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
        where = "in DataLoader worker process %d" % worker_id
        init_error = None
        try:
            if init_fn is not None:
                init_fn(worker_id)
        except Exception:
            init_error = ExceptionWrapper(where)
        fetcher_class = IterableFetcher if is_iterable else MapFetcher
        fetcher, fetcher_epoch, exhausted = None, None, False
        while True:
            try:
                task = index_queue.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if os.getppid() != parent_pid:  # the main process is gone: nobody will ask again
                    break
                continue
            if task is None:
                break
            epoch, task_id, index = task
            if init_error is not None:
                data, init_error = init_error, None
            else:
                try:
                    if epoch != fetcher_epoch:  # a new epoch restarts an iterable dataset's stream
                        fetcher = fetcher_class(dataset, auto_collation, collate_fn, drop_last)
                        fetcher_epoch, exhausted = epoch, False
                    data = StreamEnd() if exhausted else fetcher.fetch(index)
                except StopIteration:
                    data, exhausted = StreamEnd(), True
                except Exception:
                    data = ExceptionWrapper(where)
            try:
                payload = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                payload = pickle.dumps(ExceptionWrapper(where + " while sending its batch"))
            result_queue.put((worker_id, epoch, task_id, payload))
    except KeyboardInterrupt:
        pass  # the main process gets the interrupt too and shuts the workers down
    # do not wait at exit for results nobody reads any more
    result_queue.cancel_join_thread()
