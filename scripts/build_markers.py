#!/usr/bin/env python3
"""Build tracker/static/maps/world-markers.json: a point for each small country or city state that the
1:110m world map has no shape for (Singapore, Hong Kong, Malta, Bahrain, the micro-states ...).

Input: scripts/data/small_countries.csv (ISO 3166-1 alpha-2 code, latitude, longitude), the
centroids of Google's DSPL canonical countries table
(https://developers.google.com/public-data/docs/canonical/countries_csv), limited to sovereign
states and special administrative regions with no shape in world.json. Projected with the same
Natural Earth I fit as world.json (scripts/build_maps.py), so the points land on that map.

    python scripts/build_markers.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import pycountry  # noqa: E402 (after the scripts folder is on sys.path)
from build_maps import WorldProjection  # noqa: E402


def main() -> int:
    project = WorldProjection()
    shapes = {
        s["code"]
        for s in json.loads((ROOT / "tracker/static/maps/world.json").read_text())["shapes"]
    }
    markers = []
    with open(ROOT / "scripts/data/small_countries.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["code"] in shapes:
                continue  # drawn as a shape already
            x, y = project(float(row["longitude"]), float(row["latitude"]))
            country = pycountry.countries.get(alpha_2=row["code"])
            name = getattr(country, "common_name", None) or country.name
            markers.append({"code": row["code"], "name": name, "x": round(x, 1), "y": round(y, 1)})
    out = {
        "source": "Centroids from Google DSPL canonical countries.csv, projected with Natural Earth I "
        "(scripts/build_markers.py)",
        "markers": sorted(markers, key=lambda m: m["code"]),
    }
    (ROOT / "tracker/static/maps/world-markers.json").write_text(
        json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"
    )
    print(f"{len(markers)} markers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
