"""AdaptiveLogSoftmaxWithLoss: the efficient softmax of Grave et al. for many classes.

The classes are split by ``cutoffs`` into a shortlist [0, c_0) and clusters [c_i, c_{i+1}). The head scores the
shortlist classes and one entry per cluster; cluster i's own small network (in_features -> in_features //
div_value^(i+1) -> cluster size) scores the classes inside it. log p(class in cluster i) = head_logprob[cluster i]
+ cluster_logprob[class]; log p(shortlist class) = head_logprob[class].
"""
from collections import namedtuple
from itertools import pairwise

from ...ops.reduce import argmax
from ...ops.shape import cat
from .. import functional as F
from ..module import Module
from .container import ModuleList, Sequential
from .linear import Linear

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """forward(input, target) -> (output: the log-probability of each target, loss: their negated mean)."""

    def __init__(self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False, device=None, dtype=None):
        super().__init__()
        cutoffs = list(cutoffs)
        if not cutoffs:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > n_classes - 1
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted in an increasing "
                             "order, where each value is between 1 and n_classes-1")
        self.in_features, self.n_classes, self.div_value, self.head_bias = in_features, n_classes, div_value, head_bias
        self.cutoffs = cutoffs + [n_classes]
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        factory = {"device": device, "dtype": dtype}
        self.head = Linear(in_features, self.head_size, bias=head_bias, **factory)
        self.tail = ModuleList()
        for i, (low, high) in enumerate(pairwise(self.cutoffs)):
            hidden = int(in_features // (div_value ** (i + 1)))
            self.tail.append(Sequential(Linear(in_features, hidden, bias=False, **factory),
                                        Linear(hidden, high - low, bias=False, **factory)))

    def reset_parameters(self):
        self.head.reset_parameters()
        for projection in self.tail:
            for layer in projection:
                layer.reset_parameters()

    def forward(self, input_, target_):
        batched = self._check(input_, target_)
        input = input_ if batched else input_.unsqueeze(0)
        target = target_ if batched else target_.unsqueeze(0)
        output = input.new_zeros(target.size(0))
        head_index = target.clone()  # the head column of each row: its class (shortlist) or its cluster's entry
        used = 0
        for i, (low, high) in enumerate(pairwise([0] + self.cutoffs)):
            in_range = (target >= low) & (target < high)
            rows = in_range.nonzero().flatten()
            used += rows.numel()
            if i == 0 or rows.numel() == 0:
                continue
            cluster_logprob = F.log_softmax(self.tail[i - 1](input.index_select(0, rows)), dim=1)
            local = cluster_logprob.gather(1, (target[in_range] - low).unsqueeze(1)).squeeze(1)
            output.index_copy_(0, rows, local)
            head_index.index_fill_(0, rows, self.shortlist_size + i - 1)
        if used != target.size(0):
            raise RuntimeError("Target values should be in [0, %d], but values in range [%s, %s] were found. "
                               % (self.n_classes - 1, target.min().item(), target.max().item()))
        head_logprob = F.log_softmax(self.head(input), dim=1)
        output = output + head_logprob.gather(1, head_index.unsqueeze(1)).squeeze(1)
        loss = (-output).mean()
        return _ASMoutput(output if batched else output.squeeze(0), loss)

    @staticmethod
    def _check(input, target):
        """Whether the call is batched (1D target, 2D input) rather than one example (0D target, 1D input)."""
        if target.dim() == 1:
            if input.size(0) != target.size(0):
                raise RuntimeError("Input and target should have the same size in the batch dimension.")
            if input.dim() != 2:
                raise RuntimeError("1D target tensor expects 2D input tensors, but found inputs with size %s"
                                   % (input.size(),))
            return True
        if target.dim() == 0:
            if input.dim() != 1:
                raise RuntimeError("0D target tensor expects 1D input tensors, but found inputs with size %s"
                                   % (input.size(),))
            return False
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")

    def _full_log_prob(self, input, head_output):
        """log p of every class: the shortlist's head log-probabilities, then each cluster's, shifted by the
        head log-probability of the cluster."""
        head_logprob = F.log_softmax(head_output, dim=1)
        parts = [head_logprob[:, :self.shortlist_size]]
        for i, projection in enumerate(self.tail):
            parts.append(F.log_softmax(projection(input), dim=1)
                         + head_logprob[:, self.shortlist_size + i].unsqueeze(1))
        return cat(parts, dim=1)

    def log_prob(self, input):
        """(N, n_classes) log-probabilities."""
        return self._full_log_prob(input, self.head(input))

    def predict(self, input):
        """The most probable class of each row (the full distribution is computed only for rows whose best head
        entry is a cluster)."""
        head_output = self.head(input)
        output = argmax(head_output, dim=1)
        outside = output >= self.shortlist_size
        if not bool(outside.any()):
            return output
        if bool(outside.all()):
            return argmax(self._full_log_prob(input, head_output), dim=1)
        output[outside] = argmax(self._full_log_prob(input[outside], head_output[outside]), dim=1)
        return output
