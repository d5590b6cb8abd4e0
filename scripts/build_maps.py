#!/usr/bin/env python3
"""Build the map geometry that the dashboard renders as inline SVG.

Sources (both public domain data, redistributed in ISC-licensed npm packages
by Mike Bostock):

* ``us-atlas@3`` -> ``states-albers-10m.json``: US states from the US Census
  Bureau cartographic boundary files, already projected (Albers USA) to a
  975x610 viewport.
* ``world-atlas@2`` -> ``countries-110m.json``: Natural Earth 1:110m admin-0
  countries in longitude/latitude; projected here with Natural Earth I.

Regenerate (downloads the packages with ``npm pack`` into a temp dir; needs
``npm`` and access to the npm registry)::

    python scripts/build_maps.py

or, offline, from already-fetched packages (a package directory as extracted
from the tarball, the ``.tgz`` itself, or the bare ``.json`` file)::

    python scripts/build_maps.py --us-atlas /tmp/us/package --world-atlas /tmp/w/package

Outputs ``tracker/static/maps/us-states.json`` and
``tracker/static/maps/world.json``: compact JSON of the form
``{"viewBox", "source", "license", "shapes": [{"code", "name", "d"}], "outline"?}``.
The app reads these files only; it never fetches anything at run time.

The TopoJSON decoding (quantized transform, delta-encoded arcs, ``~i`` arc
reversal) is done here in pure Python; only ``pycountry`` is needed (for the
ISO 3166-1 numeric -> alpha-2 mapping).

Path data uses absolute ``M`` then relative ``l`` commands on a 0.1 unit grid
(deltas are taken between already-rounded points, so nothing drifts), which
keeps the files small. Consumers that need points should parse M/m/L/l/Z.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

US_PACKAGE = "us-atlas@3"
WORLD_PACKAGE = "world-atlas@2"
US_FILE = "states-albers-10m.json"
WORLD_FILE = "countries-110m.json"

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "tracker" / "static" / "maps"

# US Census FIPS state codes -> USPS / ISO 3166-2:US suffix.
FIPS_TO_POSTAL = {
    "01": "AL",
    "02": "AK",
    "04": "AZ",
    "05": "AR",
    "06": "CA",
    "08": "CO",
    "09": "CT",
    "10": "DE",
    "11": "DC",
    "12": "FL",
    "13": "GA",
    "15": "HI",
    "16": "ID",
    "17": "IL",
    "18": "IN",
    "19": "IA",
    "20": "KS",
    "21": "KY",
    "22": "LA",
    "23": "ME",
    "24": "MD",
    "25": "MA",
    "26": "MI",
    "27": "MN",
    "28": "MS",
    "29": "MO",
    "30": "MT",
    "31": "NE",
    "32": "NV",
    "33": "NH",
    "34": "NJ",
    "35": "NM",
    "36": "NY",
    "37": "NC",
    "38": "ND",
    "39": "OH",
    "40": "OK",
    "41": "OR",
    "42": "PA",
    "44": "RI",
    "45": "SC",
    "46": "SD",
    "47": "TN",
    "48": "TX",
    "49": "UT",
    "50": "VT",
    "51": "VA",
    "53": "WA",
    "54": "WV",
    "55": "WI",
    "56": "WY",
    # Territories (states-albers-10m has none of these today; kept so a future
    # release that adds them maps cleanly).
    "60": "AS",
    "66": "GU",
    "69": "MP",
    "72": "PR",
    "78": "VI",
}

WORLD_WIDTH, WORLD_HEIGHT = 960, 500
WORLD_MARGIN = 1.0  # px of padding around the sphere outline
US_WIDTH, US_HEIGHT = 975, 610

US_LICENSE = (
    "Public domain (US Census Bureau cartographic boundary files) via the "
    "us-atlas npm package, ISC licence, (c) Mike Bostock. See LICENSE.md."
)
WORLD_LICENSE = (
    "Public domain (Natural Earth) via the world-atlas npm package, ISC "
    "licence, (c) Mike Bostock. See LICENSE.md."
)


# --------------------------------------------------------------------------
# Fetching


def npm_pack(spec: str, workdir: Path) -> Path:
    """``npm pack SPEC`` into *workdir*; return the tarball path."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)
    return workdir / info[0]["filename"]


def read_package(source: Path, filename: str) -> tuple[dict, str | None]:
    """Return (topology, package version) from a .tgz, a directory or a .json."""
    if source.is_file() and source.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(source) as tar:
            topo = json.load(tar.extractfile(f"package/{filename}"))
            pkg = json.load(tar.extractfile("package/package.json"))
        return topo, pkg.get("version")
    if source.is_dir():
        topo_path = source / filename
        pkg_path = source / "package.json"
    else:
        topo_path = source
        pkg_path = source.parent / "package.json"
    topo = json.loads(topo_path.read_text(encoding="utf-8"))
    version = None
    if pkg_path.exists():
        version = json.loads(pkg_path.read_text(encoding="utf-8")).get("version")
    return topo, version


# --------------------------------------------------------------------------
# TopoJSON decoding


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (undoing quantization + delta coding)."""
    transform = topology.get("transform")
    arcs = []
    if transform:
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        for arc in topology["arcs"]:
            x = y = 0
            pts = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
            arcs.append(pts)
    else:
        for arc in topology["arcs"]:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
    return arcs


def ring_points(arc_ids: list[int], arcs: list) -> list[tuple[float, float]]:
    """Stitch arcs into a ring; ``~i`` (negative) means arc i reversed."""
    pts: list[tuple[float, float]] = []
    for i in arc_ids:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        # consecutive arcs share their joining point: drop the duplicate
        pts.extend(arc if not pts else arc[1:])
    return pts


def geometry_polygons(geom: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    """Polygon / MultiPolygon -> list of polygons, each a list of rings."""
    kind = geom.get("type")
    if kind == "Polygon":
        polys = [geom["arcs"]]
    elif kind == "MultiPolygon":
        polys = geom["arcs"]
    elif kind is None:
        return []
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")
    return [[ring_points(ring, arcs) for ring in poly] for poly in polys]


# --------------------------------------------------------------------------
# Path output


def _num(tenths: int) -> str:
    """Format an integer number of tenths compactly: 12 -> '1.2', -5 -> '-.5'."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if frac == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{frac}"


def _pair(dx: int, dy: int) -> str:
    y = _num(dy)
    # a '-' separates numbers on its own; otherwise a comma is needed
    return _num(dx) + ("" if y.startswith("-") else ",") + y


def rings_to_path(rings: list[list[tuple[float, float]]]) -> str:
    """SVG path data, rounded to 0.1: ``M x,y l dx,dy dx,dy ... z`` per ring."""
    parts = []
    for ring in rings:
        q: list[tuple[int, int]] = []
        for x, y in ring:
            p = (round(x * 10), round(y * 10))
            if not q or p != q[-1]:
                q.append(p)
        if len(q) > 1 and q[0] == q[-1]:
            q.pop()  # 'z' closes the ring
        if len(q) < 3:
            continue  # degenerate after rounding
        out = ["M" + _num(q[0][0]) + "," + _num(q[0][1]) + "l"]
        prev = q[0]
        deltas = []
        for p in q[1:]:
            deltas.append(_pair(p[0] - prev[0], p[1] - prev[1]))
            prev = p
        # join deltas with a space unless the next starts with '-'
        joined = deltas[0]
        for d in deltas[1:]:
            joined += d if d.startswith("-") else " " + d
        out.append(joined + "z")
        parts.append("".join(out))
    return "".join(parts)


# --------------------------------------------------------------------------
# US


def clip_ring(ring, xmin, ymin, xmax, ymax):
    """Sutherland-Hodgman clip of a ring to a rectangle (open ring in, open ring out)."""
    pts = list(ring)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()

    def cross(a, b, axis, value):
        t = (value - a[axis]) / (b[axis] - a[axis])
        p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        p[axis] = value
        return (p[0], p[1])

    # (axis, limit, sign): a point is inside when sign * (p[axis] - limit) >= 0
    for axis, limit, sign in ((0, xmin, 1), (0, xmax, -1), (1, ymin, 1), (1, ymax, -1)):
        if not pts:
            break
        out = []
        prev = pts[-1]
        prev_in = sign * (prev[axis] - limit) >= 0
        for cur in pts:
            cur_in = sign * (cur[axis] - limit) >= 0
            if cur_in != prev_in:
                out.append(cross(prev, cur, axis, limit))
            if cur_in:
                out.append(cur)
            prev, prev_in = cur, cur_in
        pts = out
    return pts


def build_us(topology: dict, version: str | None) -> dict:
    arcs = decode_arcs(topology)
    shapes = []
    seen = set()
    clipped_rings: dict[str, int] = {}
    for geom in topology["objects"]["states"]["geometries"]:
        fips = str(geom["id"]).zfill(2)
        postal = FIPS_TO_POSTAL.get(fips)
        if postal is None:
            raise SystemExit(f"unknown state FIPS code {fips!r}; add it to FIPS_TO_POSTAL")
        code = f"US-{postal}"
        if code in seen:
            raise SystemExit(f"duplicate shape for {code}")
        seen.add(code)
        rings = []
        for poly in geometry_polygons(geom, arcs):
            for ring in poly:
                # A few western Aleutian islands lie left of the 975x610
                # viewport (bbox x from -57.7): clip them to the viewBox,
                # as a browser would, so every coordinate is on the map.
                clipped = clip_ring(ring, 0, 0, US_WIDTH, US_HEIGHT)
                if len(clipped) != len(ring) - 1 or clipped != ring[:-1]:
                    clipped_rings[code] = clipped_rings.get(code, 0) + 1
                if len(clipped) >= 3:
                    rings.append(clipped)
        shapes.append(
            {
                "code": code,
                "name": geom.get("properties", {}).get("name", code),
                "d": rings_to_path(rings),
            }
        )
    shapes.sort(key=lambda s: s["code"])
    for code, n in clipped_rings.items():
        print(
            f"us: clipped {n} ring(s) of {code} to the {US_WIDTH}x{US_HEIGHT} viewBox",
            file=sys.stderr,
        )
    return {
        "viewBox": f"0 0 {US_WIDTH} {US_HEIGHT}",
        "source": f"us-atlas@{version or '3'} {US_FILE} (US Census Bureau cartographic "
        "boundaries, 1:10m, Albers USA)",
        "license": US_LICENSE,
        "shapes": shapes,
    }


# --------------------------------------------------------------------------
# World: Natural Earth I projection + antimeridian cutting


def natural_earth1(lam: float, phi: float) -> tuple[float, float]:
    """d3-geo's geoNaturalEarth1 raw projection (radians in, unit plane out)."""
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (
        0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))
    )
    y = phi * (
        1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))
    )
    return x, y


class WorldProjection:
    """Natural Earth I fitted (sphere outline) into WORLD_WIDTH x WORLD_HEIGHT."""

    def __init__(self) -> None:
        x_max = natural_earth1(math.pi, 0.0)[0]
        y_max = natural_earth1(0.0, math.pi / 2)[1]
        self.k = min(
            (WORLD_WIDTH - 2 * WORLD_MARGIN) / (2 * x_max),
            (WORLD_HEIGHT - 2 * WORLD_MARGIN) / (2 * y_max),
        )
        self.cx, self.cy = WORLD_WIDTH / 2, WORLD_HEIGHT / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = natural_earth1(math.radians(lon), math.radians(lat))
        return self.cx + self.k * x, self.cy - self.k * y  # SVG y grows downward


def _meridian(side: float, lat_from: float, lat_to: float, step: float = 2.0):
    """Points along lon=side strictly between lat_from and lat_to (exclusive)."""
    n = int(abs(lat_to - lat_from) // step)
    return [(side, lat_from + (lat_to - lat_from) * i / (n + 1)) for i in range(1, n + 1)]


def cut_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Split a lon/lat ring where it crosses +-180 deg; return closed lon/lat rings.

    A simple approach that is enough for Natural Earth at 1:110m (Fiji, Russia's
    Chukotka, Antarctica): the ring is cut at each jump of more than 180 deg
    in longitude; each piece is closed along the +-180 meridian (densified so it
    follows the curved map edge). With an odd number of crossings the ring goes
    round a pole (Antarctica), so it is closed along the edge via that pole.
    Pieces on the same side are not nested/merged, which is fine for these data.
    """
    pts = list(ring)
    if pts and pts[0] == pts[-1]:
        pts.pop()
    n = len(pts)
    crossings = []  # index i: the edge pts[i] -> pts[i+1] crosses
    for i in range(n):
        a, b = pts[i], pts[(i + 1) % n]
        if abs(b[0] - a[0]) > 180:
            crossings.append(i)
    if not crossings:
        return [pts + [pts[0]]]

    # Rotate so the ring starts just after the first crossing.
    start = (crossings[0] + 1) % n
    pts = pts[start:] + pts[:start]
    crossings = [(c - start) % n for c in crossings]

    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for i in range(n):
        a = pts[i]
        current.append(a)
        if i in crossings:
            b = pts[(i + 1) % n]
            side_a = 180.0 if a[0] > 0 else -180.0
            b_lon = b[0] + (360.0 if side_a > 0 else -360.0)  # continuous with a
            t = 0.0 if b_lon == a[0] else (side_a - a[0]) / (b_lon - a[0])
            lat = a[1] + t * (b[1] - a[1])
            current.append((side_a, lat))
            pieces.append(current)
            current = [(-side_a, lat)]
    # The last piece (after the final crossing) runs back to the start; merge
    # it with the first piece, which it joins continuously.
    tail = current
    head = pieces.pop(0)
    pieces.insert(0, tail + head)

    out = []
    odd = len(crossings) % 2 == 1
    for piece in pieces:
        # de-duplicate consecutive points (a vertex lying on +-180 appears twice)
        clean = [piece[0]]
        for p in piece[1:]:
            if p != clean[-1]:
                clean.append(p)
        s, e = clean[0], clean[-1]
        if odd and s[0] != e[0]:
            # encloses a pole: close via the pole along the map edge
            pole = -90.0 if sum(p[1] for p in clean) < 0 else 90.0
            closing = (
                _meridian(e[0], e[1], pole)
                + [(e[0], pole), (s[0], pole)]
                + _meridian(s[0], pole, s[1])
            )
        else:
            closing = _meridian(e[0], e[1], s[1])
        out.append(clean + closing + [clean[0]])
    return out


def build_world(topology: dict, version: str | None) -> dict:
    import pycountry  # only needed for the world map

    proj = WorldProjection()
    arcs = decode_arcs(topology)
    shapes = []
    seen = set()
    unlinked = []
    for geom in topology["objects"]["countries"]["geometries"]:
        name = geom.get("properties", {}).get("name")
        num = geom.get("id")
        code = None
        if num is not None:
            country = pycountry.countries.get(numeric=str(num).zfill(3))
            code = country.alpha_2 if country else None
        if code is None:
            unlinked.append(name)
        elif code in seen:
            raise SystemExit(f"duplicate shape for {code}")
        else:
            seen.add(code)
        rings = []
        for poly in geometry_polygons(geom, arcs):
            for ring in poly:
                for piece in cut_antimeridian(ring):
                    rings.append([proj(lon, lat) for lon, lat in piece])
        shapes.append({"code": code, "name": name or code, "d": rings_to_path(rings)})
    shapes.sort(key=lambda s: (s["code"] is None, s["code"] or "", s["name"] or ""))

    # The sphere's outline (map edge), for an ocean background.
    edge = (
        [(lon, 90.0) for lon in range(-180, 181, 10)]
        + [(180.0, lat) for lat in range(88, -89, -2)]
        + [(lon, -90.0) for lon in range(180, -181, -10)]
        + [(-180.0, lat) for lat in range(-88, 89, 2)]
    )
    outline = rings_to_path([[proj(lon, lat) for lon, lat in edge]])
    if unlinked:
        print(
            f"world: {len(unlinked)} shape(s) without an ISO alpha-2 code "
            f"(code null): {', '.join(map(str, unlinked))}",
            file=sys.stderr,
        )
    return {
        "viewBox": f"0 0 {WORLD_WIDTH} {WORLD_HEIGHT}",
        "source": f"world-atlas@{version or '2'} {WORLD_FILE} (Natural Earth 1:110m admin-0 "
        "countries), Natural Earth I projection",
        "license": WORLD_LICENSE,
        "shapes": shapes,
        "outline": outline,
    }


# --------------------------------------------------------------------------


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    print(
        f"wrote {path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path}"
        f" ({path.stat().st_size:,} bytes, {len(data['shapes'])} shapes)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--us-atlas",
        type=Path,
        help=f"us-atlas package dir, .tgz or {US_FILE} (default: npm pack {US_PACKAGE})",
    )
    ap.add_argument(
        "--world-atlas",
        type=Path,
        help=f"world-atlas package dir, .tgz or {WORLD_FILE} (default: npm pack {WORLD_PACKAGE})",
    )
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="build-maps-") as tmp:
        us_src = args.us_atlas or npm_pack(US_PACKAGE, Path(tmp))
        world_src = args.world_atlas or npm_pack(WORLD_PACKAGE, Path(tmp))
        us_topo, us_version = read_package(us_src, US_FILE)
        world_topo, world_version = read_package(world_src, WORLD_FILE)

    write_json(args.out / "us-states.json", build_us(us_topo, us_version))
    write_json(args.out / "world.json", build_world(world_topo, world_version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
