"""Parity with PyTorch: one registry of cases, run by ``python -m minitorch parity`` and by the test suite.

A case is a function ``body(lib, rng, dtype)`` written once for both libraries: ``lib`` is either ``torch`` or
``minitorch``, ``rng`` a NumPy Generator seeded identically for both runs (so both get the same inputs), and it
returns a dict of named results (outputs, gradients, anything comparable). ``compare`` then checks every result
for shape, dtype and values at dtype-aware tolerances; a case marked ``raises`` passes when both libraries raise
the same exception class.
"""
from .registry import CASES, Case, case, run_case, select  # noqa: F401
from .helpers import grads_of, leaf, values  # noqa: F401
