"""Strided views and scatters, and Tensor predicates: (being written)."""

FUNCTIONS = []
NOT_METHODS = []
METHODS = {}
INPLACE_OF = {}
