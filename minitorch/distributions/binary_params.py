"""The probs | logits pair of the binary-outcome distributions (Bernoulli, Binomial, NegativeBinomial, Geometric,
...): exactly one is given; the other is derived lazily, as in torch."""
from numbers import Number

from ..tensor import Size
from .utils import broadcast_all, lazy_property, logits_to_probs, probs_to_logits


def check_one_of(probs, logits):
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")


class BinaryParams:
    @lazy_property
    def logits(self):
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self):
        return logits_to_probs(self.logits, is_binary=True)

    def _given(self):
        return "probs" if "probs" in self.__dict__ else "logits"

    @property
    def param_shape(self):
        return self._param.size()

    def _set_param(self, probs, logits):
        """Stores the one parameter given as a tensor; returns the batch shape (empty when it was a number)."""
        check_one_of(probs, logits)
        name, given = ("probs", probs) if probs is not None else ("logits", logits)
        (self.__dict__[name],) = broadcast_all(given)
        self._param = self.__dict__[name]
        return Size() if isinstance(given, Number) else self._param.size()

    def _set_counts(self, total_count, probs, logits):
        """total_count broadcast with the given parameter and cast to its dtype."""
        name, given = ("probs", probs) if probs is not None else ("logits", logits)
        total_count, param = broadcast_all(total_count, given)
        self.total_count, self.__dict__[name], self._param = total_count.type_as(param), param, param

    def _expand_param(self, new, batch_shape):
        name = self._given()
        new.__dict__[name] = new._param = self.__dict__[name].expand(batch_shape)
        return self._expanded(new, batch_shape)

    def _expand_counts(self, new, batch_shape):
        new.total_count = self.total_count.expand(batch_shape)
        return self._expand_param(new, batch_shape)
