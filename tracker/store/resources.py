"""Where packaged folders live, whether installed (wheel, editable) or run from a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]  # tracker/store/resources.py -> the checkout
# templates/ and migrations/ sit at the top of the repository and are installed as these packages.
MAPPED = {"tracker._templates": "templates", "tracker._migrations": "migrations"}


def package_dir(package: str) -> Path:
    """The folder of a (possibly mapped) package; falls back to the checkout layout."""
    try:
        return Path(str(resources.files(package)))
    except ModuleNotFoundError:
        return REPO_ROOT / MAPPED[package]
