"""minitorch.optim: optimizers (torch's update formulas, step for step) and learning-rate schedulers.

Every optimizer updates its parameters in place under no_grad, keeps per-parameter buffers in ``state`` and
saves/loads them with ``state_dict``/``load_state_dict`` in torch's layout.
"""
from . import lr_scheduler
from .adadelta import Adadelta
from .adafactor import Adafactor
from .adagrad import Adagrad
from .adam import Adam
from .adamax import Adamax
from .adamw import AdamW
from .asgd import ASGD
from .lbfgs import LBFGS
from .nadam import NAdam
from .optimizer import Optimizer
from .radam import RAdam
from .rmsprop import RMSprop
from .rprop import Rprop
from .sgd import SGD
from .sparse_adam import SparseAdam

__all__ = ["Adadelta", "Adagrad", "Adam", "AdamW", "Adamax", "NAdam", "Optimizer", "RMSprop", "SGD",
           "lr_scheduler", "ASGD", "LBFGS", "RAdam", "Rprop", "Adafactor", "SparseAdam"]
