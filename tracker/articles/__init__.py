"""Articles: import and the check of their legal claims against the data."""
