"""Curator accounts and login throttling."""
