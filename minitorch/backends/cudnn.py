"""torch.backends.cudnn on a library without cuDNN: unavailable, flags settable and without effect."""
deterministic = False
benchmark = False
enabled = True
allow_tf32 = True


def is_available():
    return False


def version():
    return None
