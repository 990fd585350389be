"""Numeric functions: (being written)."""

FUNCTIONS = []
NOT_METHODS = []
