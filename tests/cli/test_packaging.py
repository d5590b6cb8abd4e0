"""A plain `pip install .` (a wheel) carries templates, static files, migrations and data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wheel_contains_templates_static_migrations_and_data(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(tmp_path.glob("kratom_tracker-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "tracker/_templates/index.html",
        "tracker/_templates/base.html",
        "tracker/static/site.css",
        "tracker/static/maps/us-states.json",
        "tracker/_migrations/env.py",
        "tracker/_migrations/script.py.mako",
        "tracker/_migrations/versions/0001_initial_schema.py",
        "tracker/data/dataset.yaml",
        "tracker/data/jurisdictions/us/US-LA.yaml",
        "tracker/content/articles/kratom-for-chronic-pain.txt",
        "tracker/articles/claim_scorer.json",  # the claim scorer reads it at import of an article
        "scrapers/__init__.py",
    ):
        assert expected in names, expected
    assert any(n.endswith("entry_points.txt") for n in names)
    for licence in (
        "LICENSE",
        "LICENSE-DATA",
    ):  # license-files: both licences travel with the wheel
        assert any(n.endswith(f".dist-info/licenses/{licence}") for n in names), licence
