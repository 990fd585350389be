"""DistributedSampler: each of ``num_replicas`` processes visits its own share of a dataset's indices.

minitorch has no process group, so num_replicas and rank must be given (without them torch, too, fails when no
process group is initialised). The shuffled order is torch's exactly: torch.randperm on a CPU generator seeded
with seed + epoch, i.e. a Fisher-Yates pass driven by the 32-bit outputs of the Mersenne Twister mt19937 seeded with
(seed + epoch) mod 2^32 (NumPy's RandomState runs that same generator)."""
import math

import numpy

from .sampler import Sampler

__all__ = ["DistributedSampler"]


def torch_randperm(n, seed):
    """torch.randperm(n, generator=torch.Generator().manual_seed(seed)).tolist(): swap i with i + (draw mod n - i)."""
    draws = numpy.random.RandomState(seed & 0xFFFFFFFF).randint(0, 2 ** 32, size=max(n - 1, 0), dtype=numpy.uint32)
    order = list(range(n))
    for i, draw in enumerate(draws.tolist()):
        j = i + draw % (n - i)
        order[i], order[j] = order[j], order[i]
    return order


class DistributedSampler(Sampler):
    """The indices rank, rank + num_replicas, ... of the (shuffled) index list, padded by repeating it from the
    start to num_replicas * ceil(len / num_replicas) entries, or cut to a multiple of num_replicas (drop_last)."""

    def __init__(self, dataset, num_replicas=None, rank=None, shuffle=True, seed=0, drop_last=False):
        if num_replicas is None or rank is None:
            raise ValueError("Default process group has not been initialized, please make sure to call "
                             "init_process_group.")
        if rank >= num_replicas or rank < 0:
            raise ValueError("Invalid rank %s, rank should be in the interval [0, %s]" % (rank, num_replicas - 1))
        self.dataset, self.num_replicas, self.rank = dataset, num_replicas, rank
        self.epoch = 0
        self.drop_last = drop_last
        if drop_last and len(dataset) % num_replicas != 0:
            self.num_samples = math.ceil((len(dataset) - num_replicas) / num_replicas)
        else:
            self.num_samples = math.ceil(len(dataset) / num_replicas)
        self.total_size = self.num_samples * num_replicas
        self.shuffle = shuffle
        self.seed = seed

    def __iter__(self):
        n = len(self.dataset)
        indices = torch_randperm(n, self.seed + self.epoch) if self.shuffle else list(range(n))
        if self.drop_last:
            indices = indices[:self.total_size]
        else:
            padding = self.total_size - n
            indices += (indices * math.ceil(padding / n))[:padding] if padding > n else indices[:padding]
        return iter(indices[self.rank:self.total_size:self.num_replicas])

    def __len__(self):
        return self.num_samples

    def set_epoch(self, epoch):
        """The epoch whose order the next iteration gives (with shuffle, every epoch has its own)."""
        self.epoch = epoch
