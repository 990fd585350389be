"""Kernel benchmarks: minitorch against torch, same process, same threads, answers checked before timing.

suite.py (the shapes), timing.py (the one timing harness), runner.py (check, then time), memory.py (peak memory),
report.py (table, JSON, chart), cli.py (``python -m minitorch bench``).
"""
