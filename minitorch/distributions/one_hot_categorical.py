"""OneHotCategorical(probs | logits): a Categorical whose samples are one-hot vectors over the last dim; and
OneHotCategoricalStraightThrough, whose rsample is the straight-through estimator."""
from ..tensor import Size
from . import constraints
from .categorical import Categorical, OverCategorical
from .distribution import Distribution


class OneHotCategorical(OverCategorical, Distribution):
    arg_constraints = {"probs": constraints.simplex, "logits": constraints.real_vector}
    support = constraints.one_hot
    has_enumerate_support = True

    def __init__(self, probs=None, logits=None, validate_args=None):
        self._categorical = Categorical(probs, logits, validate_args=validate_args)
        super().__init__(*self._categorical_shapes(), validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        return self._expand_categorical(self._get_checked_instance(OneHotCategorical, _instance), batch_shape)

    def _one_hot(self, indices):
        from ..nn.functional import one_hot
        return one_hot(indices, self._categorical._num_events).to(self.probs.dtype)

    @property
    def mean(self):
        return self.probs

    @property
    def mode(self):
        return self._one_hot(self.probs.argmax(-1))

    @property
    def variance(self):
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=Size()):
        return self._one_hot(self._categorical.sample(sample_shape))

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self._categorical.log_prob(value.argmax(-1))  # log p at the hot index

    def entropy(self):
        return self._categorical.entropy()

    def enumerate_support(self, expand=True):
        from .. import eye
        n = self._categorical._num_events
        values = eye(n, dtype=self.probs.dtype, device=self.probs.device).view((n,) + (1,) * len(self._batch_shape)
                                                                               + (n,))
        return values.expand((n,) + tuple(self._batch_shape) + (n,)) if expand else values


class OneHotCategoricalStraightThrough(OneHotCategorical):
    """rsample: the one-hot draw in the forward pass, the gradient of probs in the backward pass."""
    has_rsample = True

    def rsample(self, sample_shape=Size()):
        probs = self._categorical.probs
        return self.sample(sample_shape) + (probs - probs.detach())
