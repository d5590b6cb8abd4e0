"""Benchmarks with budgets: `python -m bench` (see docs/BENCHMARKS.md)."""
