"""MixtureSameFamily(mixture, components): a Categorical over the rightmost batch dim of one component family;
log_prob is logsumexp_k (log w_k + log p_k(x)), moments by the laws of total expectation and variance."""
from ..tensor import Size
from .categorical import Categorical
from .constraints import MixtureSameFamilyConstraint, dependent_property
from .distribution import Distribution


class MixtureSameFamily(Distribution):
    arg_constraints = {}
    has_rsample = False

    def __init__(self, mixture_distribution, component_distribution, validate_args=None):
        if not isinstance(mixture_distribution, Categorical):
            raise ValueError(" The Mixture distribution needs to be an  instance of torch.distributions.Categorical")
        if not isinstance(component_distribution, Distribution):
            raise ValueError("The Component distribution needs to be an instance of torch.distributions.Distribution")
        self._mixture_distribution, self._component_distribution = mixture_distribution, component_distribution
        mixture_batch, component_batch = mixture_distribution.batch_shape, component_distribution.batch_shape[:-1]
        for m, c in zip(reversed(mixture_batch), reversed(component_batch)):
            if m != 1 and c != 1 and m != c:
                raise ValueError("`mixture_distribution.batch_shape` (%s) is not compatible with "
                                 "`component_distribution.batch_shape`(%s)" % (mixture_batch, component_batch))
        km, kc = mixture_distribution.logits.shape[-1], component_distribution.batch_shape[-1]
        if km != kc:
            raise ValueError("`mixture_distribution component` (%d) does not equal "
                             "`component_distribution.batch_shape[-1]` (%d)" % (km, kc))
        self._num_component = km
        self._event_ndims = len(component_distribution.event_shape)
        super().__init__(component_batch, component_distribution.event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(MixtureSameFamily, _instance)
        new._component_distribution = self._component_distribution.expand(tuple(batch_shape) + (self._num_component,))
        new._mixture_distribution = self._mixture_distribution.expand(batch_shape)
        new._num_component, new._event_ndims = self._num_component, self._event_ndims
        return self._expanded(new, batch_shape)

    @dependent_property
    def support(self):
        return MixtureSameFamilyConstraint(self._component_distribution.support)

    @property
    def mixture_distribution(self):
        return self._mixture_distribution

    @property
    def component_distribution(self):
        return self._component_distribution

    def _pad(self, x):
        """x with the component dim inserted before the event dims."""
        return x.unsqueeze(-1 - self._event_ndims)

    def _pad_mixture_dimensions(self, x):
        """Mixture weights shaped to broadcast against the components' batch + event shape."""
        mixture_ndims = len(self._mixture_distribution.batch_shape)
        pad = 0 if mixture_ndims == 1 else len(self._batch_shape) - mixture_ndims
        return x.reshape(tuple(x.shape[:-1]) + (1,) * pad + tuple(x.shape[-1:]) + (1,) * self._event_ndims)

    @property
    def mean(self):
        probs = self._pad_mixture_dimensions(self._mixture_distribution.probs)
        return (probs * self._component_distribution.mean).sum(-1 - self._event_ndims)

    @property
    def variance(self):
        probs = self._pad_mixture_dimensions(self._mixture_distribution.probs)
        components, dim = self._component_distribution, -1 - self._event_ndims
        mean_of_variances = (probs * components.variance).sum(dim)
        variance_of_means = (probs * (components.mean - self._pad(self.mean)).pow(2.0)).sum(dim)
        return mean_of_variances + variance_of_means

    def cdf(self, x):
        return (self._component_distribution.cdf(self._pad(x)) * self._mixture_distribution.probs).sum(-1)

    def log_prob(self, x):
        if self._validate_args:
            self._validate_sample(x)
        log_weights = self._mixture_distribution.logits.log_softmax(-1)
        return (self._component_distribution.log_prob(self._pad(x)) + log_weights).logsumexp(-1)

    def sample(self, sample_shape=Size()):
        from .. import no_grad
        with no_grad():
            gather_dim = len(Size(sample_shape)) + len(self._batch_shape)
            event_shape = tuple(self._event_shape)
            choice = self._mixture_distribution.sample(sample_shape)
            samples = self._component_distribution.sample(sample_shape)
            index = choice.reshape(tuple(choice.shape) + (1,) * (len(event_shape) + 1))
            index = index.expand(tuple(choice.shape) + (1,) + event_shape)
            return samples.gather(gather_dim, index).squeeze(gather_dim)

    def __repr__(self):
        return "MixtureSameFamily(\n  %r,\n  %r)" % (self._mixture_distribution, self._component_distribution)
