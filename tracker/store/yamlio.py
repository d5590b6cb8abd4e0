"""Reading YAML (the dataset, labels, evaluation cases, article front matter) with one loader.

libyaml's safe loader where PyYAML was built with it: about ten times faster than the pure-Python
one, which was two thirds of the time of the label and evaluation tests and part of every page
that asks for the dataset (#11). Both refuse arbitrary Python objects.
"""

from __future__ import annotations

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """The YAML document in ``text`` as plain Python values (dicts, lists, strings, dates ...)."""
    return yaml.load(text, Loader=SAFE_LOADER)
