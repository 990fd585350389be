"""torch.backends.mkldnn: oneDNN, which minitorch does not use (its CPU kernels are NumPy's)."""
enabled = True


def is_available():
    return False
