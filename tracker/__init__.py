"""Kratom legal-status tracker: cited, dated, bitemporal history of kratom law."""

__version__ = "0.1.0"
