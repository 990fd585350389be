"""Numeric type limits and process-wide switches: (being written)."""

FUNCTIONS = []
