"""Fixtures shared by the test files."""
import numpy as np
import pytest


@pytest.fixture
def rng():
    """A fresh seeded generator per test."""
    return np.random.default_rng(0)


@pytest.fixture(autouse=True)
def _torch_validates_distribution_arguments():
    """torch.compile (even one that raises) turns off torch.distributions' argument validation for the whole
    process; every test starts from torch's default, validation on."""
    import torch
    torch.distributions.Distribution.set_default_validate_args(True)
