"""One module per source: NAME, API_KEY_ENV, RATE_PER_MINUTE, TERMS, parse(), poll()."""
