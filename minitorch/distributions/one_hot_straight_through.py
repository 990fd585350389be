"""OneHotCategoricalStraightThrough: OneHotCategorical whose rsample is the straight-through estimator: the one-hot
draw in the forward pass, the gradient of probs in the backward pass."""
from ..tensor import Size
from .one_hot_categorical import OneHotCategorical


class OneHotCategoricalStraightThrough(OneHotCategorical):
    has_rsample = True

    def rsample(self, sample_shape=Size()):
        probs = self._categorical.probs
        return self.sample(sample_shape) + (probs - probs.detach())
