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
from .embedding_bag import *  # noqa: F401,F403
from .ctc import *  # noqa: F401,F403
from .fold import *  # noqa: F401,F403
from .lp_pool import *  # noqa: F401,F403
from .unpool import *  # noqa: F401,F403
from .grid_sample import *  # noqa: F401,F403
from .gumbel import *  # noqa: F401,F403
from .channel_shuffle import *  # noqa: F401,F403
from .fractional_pool import *  # noqa: F401,F403
from .native_channel_shuffle import *  # noqa: F401,F403
from ...ops.aliases import pdist  # noqa: F401,E402  (F.pdist is torch.pdist)


# torch's versions of these are Python code that reads input.dim() / input.size() first, so a non-Tensor input is
# torch's AttributeError
_ATTRIBUTE_ERROR_IN_TORCH = {
    "adaptive_avg_pool2d", "adaptive_avg_pool3d", "adaptive_max_pool2d", "adaptive_max_pool2d_with_indices",
    "adaptive_max_pool3d", "adaptive_max_pool3d_with_indices", "affine_grid", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "dropout1d", "dropout2d", "dropout3d", "fractional_max_pool2d",
    "fractional_max_pool2d_with_indices", "fractional_max_pool3d", "fractional_max_pool3d_with_indices", "glu",
    "group_norm", "huber_loss", "instance_norm", "interpolate", "l1_loss", "local_response_norm", "log_softmax",
    "mse_loss", "normalize", "sigmoid", "smooth_l1_loss", "softmax", "softmin", "softsign", "tanh", "tanhshrink",
    "upsample"}


def _bind_all():
    """Every other public F function gets torch's TypeError for a non-Tensor input (F.hardtanh('a'))."""
    import inspect
    from ...ops.arguments import bound
    g = globals()
    for name, obj in list(g.items()):
        if (not name.startswith("_") and name not in _ATTRIBUTE_ERROR_IN_TORCH and inspect.isfunction(obj)
                and obj.__module__.startswith(__name__ + ".")):
            g[name] = bound(obj, name)


_bind_all()
