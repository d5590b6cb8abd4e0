"""The benchmark cases: each a function of a Ctx that returns its figures."""
