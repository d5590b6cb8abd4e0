"""Status logic: the codebook, periods, the one write path (history), jurisdictions, the dataset, review."""
