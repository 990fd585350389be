"""torch.backends.cuda: the matmul flags programs set before training; minitorch never computes in TF32."""
from .. import cuda as _cuda


class _MatmulFlags:
    def __init__(self):
        self.allow_tf32 = False
        self.allow_fp16_reduced_precision_reduction = True
        self.allow_bf16_reduced_precision_reduction = True


matmul = _MatmulFlags()


def is_built():
    return _cuda.is_available()
