"""minitorch.nn.functional (``import minitorch.nn.functional as F``): the stateless twin of every layer.
One file per family; each lists its public names in ``__all__``."""
from .activation import *  # noqa: F401,F403
from .attention import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .linear import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .padding import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .pixel_shuffle import *  # noqa: F401,F403
from .interpolate import *  # noqa: F401,F403
from .sparse import *  # noqa: F401,F403
from .fold import *  # noqa: F401,F403
from .lp_pool import *  # noqa: F401,F403
from .unpool import *  # noqa: F401,F403
