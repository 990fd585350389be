"""nn.utils: gradient clipping and parameter/vector conversion."""
from . import clip_grad, convert_parameters  # noqa: F401
from .clip_grad import *  # noqa: F401,F403
from .convert_parameters import *  # noqa: F401,F403
from . import rnn  # noqa: F401,E402
from . import parametrizations, parametrize  # noqa: F401,E402
from .spectral_norm import remove_spectral_norm, spectral_norm  # noqa: F401,E402
from .weight_norm import remove_weight_norm, weight_norm  # noqa: F401,E402
from .fusion import *  # noqa: F401,F403,E402
from .init import skip_init  # noqa: F401,E402
from .memory_format import *  # noqa: F401,F403,E402
