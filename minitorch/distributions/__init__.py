"""torch.distributions: probability distributions with sampling, log densities, entropies and KL divergences.

``Distribution`` (distribution.py) holds the shapes and torch's argument/value validation; each distribution is its
own module; ``kl_divergence`` dispatches on the pair of types (kl.py)."""
from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .kl import kl_divergence, register_kl
from .normal import Normal
from .uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Normal", "Uniform", "constraints", "kl_divergence",
           "register_kl"]
