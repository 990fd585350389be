"""Multinomial(total_count, probs | logits): counts of total_count Categorical draws over the last dim."""
from ..tensor import Size
from . import constraints
from .binomial import Binomial
from .categorical import Categorical, OverCategorical
from .distribution import Distribution
from .utils import broadcast_all


class Multinomial(OverCategorical, Distribution):
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}

    def __init__(self, total_count=1, probs=None, logits=None, validate_args=None):
        if not isinstance(total_count, int):
            raise NotImplementedError("inhomogeneous total_count is not supported")
        self.total_count = total_count
        self._categorical = Categorical(probs=probs, logits=logits)
        self._binomial = Binomial(total_count=total_count, probs=self.probs)
        super().__init__(*self._categorical_shapes(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(Multinomial, _instance)
        new.total_count = self.total_count
        return self._expand_categorical(new, batch_shape)

    @constraints.dependent_property(is_discrete=True, event_dim=1)
    def support(self):
        return constraints.multinomial(self.total_count)

    @property
    def mean(self):
        return self.probs * self.total_count

    @property
    def variance(self):
        return self.total_count * self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        from ..nn.functional import one_hot
        draws = self._categorical.sample(Size((self.total_count,) + tuple(Size(sample_shape))))
        counts = one_hot(draws, self._event_shape[0]).sum(0)  # class counts over the total_count draws
        return counts.reshape(self._extended_shape(sample_shape)).type_as(self.probs)

    def entropy(self):
        """n H(cat) - log n! + sum_k E[log x_k!], the last from each count's Binomial(n, p_k) marginal."""
        from .. import tensor
        n = tensor(self.total_count)
        counts = self._binomial.enumerate_support(expand=False)[1:]
        weights = self._binomial.log_prob(counts).exp() * (counts + 1).lgamma()
        return n * self._categorical.entropy() - (n + 1).lgamma() + weights.sum([0, -1])

    def log_prob(self, value):
        from .. import where
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        logits = where((value == 0) & (logits == float("-inf")), 0.0, logits)  # 0 * log 0 = 0
        # log n! - sum log x_k! + sum x_k log p_k
        return (value.sum(-1) + 1).lgamma() - (value + 1).lgamma().sum(-1) + (logits * value).sum(-1)
