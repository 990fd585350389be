"""torch.backends.mps: Apple's Metal backend, which minitorch neither has nor builds."""


def is_available():
    return False


def is_built():
    return False
