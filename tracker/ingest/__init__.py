"""Ingest: running scraper sources, reconciling their evidence, suggestions, locks, source health."""
