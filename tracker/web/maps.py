"""Map geometry and server-side inline-SVG rendering for the dashboard.

The geometry lives in ``tracker/static/maps/{us-states,world}.json``, generated
by ``scripts/build_maps.py`` (see ``tracker/static/maps/LICENSE.md``). Each file
is ``{"viewBox", "source", "license", "shapes": [{"code", "name", "d"}]}``;
``world.json`` also has ``outline`` (the sphere's edge). A world shape's
``code`` is an ISO 3166-1 alpha-2 code or ``None`` (territories Natural Earth
draws that have no ISO code: N. Cyprus, Somaliland, Kosovo); a US shape's code
is ISO 3166-2 (``US-AL``, ``US-DC``).

The SVG is meant for a page under a strict Content-Security-Policy: no
``style`` attributes and no scripts, only presentation attributes (``fill``,
``stroke``) and ``class`` names that the site's stylesheet can override.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from markupsafe import Markup

__all__ = [
    "MAP_NAMES",
    "NO_DATA_FILL",
    "US_TILES",
    "load_map",
    "load_markers",
    "render_svg",
    "us_tiles",
]

#: Maps that ship with the package (file ``tracker/static/maps/<name>.json``).
MAP_NAMES = frozenset({"us-states", "world"})

#: Fill of shapes that have no colour (not tracked / no data).
NO_DATA_FILL = "#d4d4d4"
SPHERE_FILL = "#eef3f7"
BORDER_COLOUR = "#ffffff"

_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|hsl)a?\([0-9.,%\s/]+\)")
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_ALLOWED_SCHEMES = {"http", "https"}
_ID_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]*\Z")


@cache
def load_map(name: str) -> dict[str, Any]:
    """Return the parsed map ``name`` (``"us-states"`` or ``"world"``).

    The result is cached and shared between callers: treat it as read-only.
    """
    if name not in MAP_NAMES:
        raise KeyError(f"unknown map {name!r}; expected one of {sorted(MAP_NAMES)}")
    resource = files("tracker").joinpath("static").joinpath("maps").joinpath(f"{name}.json")
    return json.loads(resource.read_text(encoding="utf-8"))


@cache
def load_markers(name: str) -> tuple[dict[str, Any], ...]:
    """Points for the places map ``name`` has no shape for (``world``: city states, micro-states).

    ``tracker/static/maps/<name>-markers.json``, built by ``scripts/build_markers.py``; empty if absent.
    """
    resource = files("tracker").joinpath("static").joinpath("maps").joinpath(f"{name}-markers.json")
    if not resource.is_file():
        return ()
    return tuple(json.loads(resource.read_text(encoding="utf-8"))["markers"])


# A US tile grid: one equal square per state, DC and territory, laid out roughly where the place is
# (rows top to bottom, columns west to east), so that Rhode Island and DC are as easy to see, read
# and tap as Texas. Territories sit on the bottom row.
US_TILES: dict[str, tuple[int, int]] = {
    "US-AK": (0, 0),
    "US-ME": (0, 11),
    "US-WI": (1, 6),
    "US-VT": (1, 10),
    "US-NH": (1, 11),
    "US-WA": (2, 1),
    "US-ID": (2, 2),
    "US-MT": (2, 3),
    "US-ND": (2, 4),
    "US-MN": (2, 5),
    "US-IL": (2, 6),
    "US-MI": (2, 7),
    "US-NY": (2, 9),
    "US-MA": (2, 10),
    "US-OR": (3, 1),
    "US-NV": (3, 2),
    "US-WY": (3, 3),
    "US-SD": (3, 4),
    "US-IA": (3, 5),
    "US-IN": (3, 6),
    "US-OH": (3, 7),
    "US-PA": (3, 8),
    "US-NJ": (3, 9),
    "US-CT": (3, 10),
    "US-RI": (3, 11),
    "US-CA": (4, 1),
    "US-UT": (4, 2),
    "US-CO": (4, 3),
    "US-NE": (4, 4),
    "US-MO": (4, 5),
    "US-KY": (4, 6),
    "US-WV": (4, 7),
    "US-VA": (4, 8),
    "US-MD": (4, 9),
    "US-DE": (4, 10),
    "US-AZ": (5, 2),
    "US-NM": (5, 3),
    "US-KS": (5, 4),
    "US-AR": (5, 5),
    "US-TN": (5, 6),
    "US-NC": (5, 7),
    "US-SC": (5, 8),
    "US-DC": (5, 9),
    "US-OK": (6, 4),
    "US-LA": (6, 5),
    "US-MS": (6, 6),
    "US-AL": (6, 7),
    "US-GA": (6, 8),
    "US-HI": (7, 0),
    "US-TX": (7, 4),
    "US-FL": (7, 9),
    "US-AS": (8, 0),
    "US-GU": (8, 1),
    "US-MP": (8, 2),
    "US-PR": (8, 9),
    "US-VI": (8, 10),
}


def us_tiles(places: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The tiles of the places given (code -> anything), in reading order by name is the caller's
    choice; here: [{code, abbr, row, col, place}], in tile order (row, then column)."""
    out = []
    for code, (row, col) in sorted(US_TILES.items(), key=lambda kv: kv[1]):
        if code in places:
            out.append(
                {"code": code, "abbr": code[3:], "row": row, "col": col, "place": places[code]}
            )
    return out


def _check_colour(value: str) -> str:
    if not isinstance(value, str) or not _COLOUR_RE.fullmatch(value.strip()):
        raise ValueError(f"not a plain colour value: {value!r}")
    return value.strip()


def _check_href(value: str) -> str:
    """Allow relative URLs and http(s) only (no ``javascript:``, ``data:``...)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"empty link: {value!r}")
    # Browsers drop ASCII whitespace/control characters when they parse a URL
    # ("java\tscript:" is "javascript:"), so look at the scheme without them.
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", value)
    m = _SCHEME_RE.match(squeezed)
    if m and m.group(1).lower() not in _ALLOWED_SCHEMES:
        raise ValueError(f"link scheme not allowed: {value!r}")
    return value


def render_svg(
    name: str,
    colours: Mapping[str, str],
    links: Mapping[str, str],
    titles: Mapping[str, str],
    *,
    label: str,
    dom_id: str | None = None,
    markers: bool = False,
) -> Markup:
    """Render map ``name`` as an accessible inline ``<svg>``.

    - ``colours``: code -> fill colour (``#rrggbb``, a colour keyword or
      ``rgb()/hsl()``); shapes without one get :data:`NO_DATA_FILL` (grey).
    - ``links``: code -> URL (relative or http/https); a shape with a link is
      wrapped in ``<a href>``, a shape without one is a plain path.
    - ``titles``: code -> tooltip / accessible name of the shape (untrusted
      text is fine: everything is escaped); defaults to the shape's name.
    - ``label``: the map's title, referenced by ``aria-labelledby``.
    - ``dom_id``: id of the ``<svg>`` (default ``map-<name>``); pass a distinct
      one if the same map appears twice on a page. The ``<title>`` gets
      ``<dom_id>-title``.

    Class names for styling: ``map map--<name>`` (svg), ``map-sphere``,
    ``map-shapes`` (group), ``map-link`` (a), ``map-shape`` plus
    ``map-shape--linked`` or ``map-shape--unlinked`` (path). Each path also
    has ``data-code`` when the shape has a code.

    A map with links is a ``role="group"`` named by its title, and each link is
    named by its shape's title (``aria-label``), so screen readers announce the
    links (``role="img"`` would hide them); a map without links is one picture
    (``role="img"``). ``markers``: also draw :func:`load_markers` points (small
    countries the geometry has no shape for) as linked circles, class
    ``map-marker``.
    """
    data = load_map(name)
    svg_id = dom_id or f"map-{name}"
    if not _ID_RE.match(svg_id):
        raise ValueError(f"invalid dom_id: {svg_id!r}")
    title_id = f"{svg_id}-title"

    parts: list[Markup] = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{}" id="{}" class="map map--{}"'
            ' role="{}" aria-labelledby="{}">'
        ).format(data["viewBox"], svg_id, name, "group" if links else "img", title_id),
        Markup('<title id="{}">{}</title>').format(title_id, label),
    ]
    if data.get("outline"):
        parts.append(
            Markup('<path class="map-sphere" d="{}" fill="{}"/>').format(
                data["outline"], SPHERE_FILL
            )
        )
    parts.append(
        Markup(
            '<g class="map-shapes" fill-rule="evenodd" stroke="{}" stroke-width="0.5"'
            ' stroke-linejoin="round">'
        ).format(BORDER_COLOUR)
    )
    for shape in data["shapes"]:
        code = shape.get("code")
        fill = NO_DATA_FILL
        href = None
        title = shape.get("name") or code or ""
        if code is not None:
            if code in colours:
                fill = _check_colour(colours[code])
            if code in links:
                href = _check_href(links[code])
            if titles.get(code):
                title = titles[code]
        linked = "linked" if href else "unlinked"
        if code is not None:
            path = Markup(
                '<path class="map-shape map-shape--{}" data-code="{}" d="{}" fill="{}">'
                "<title>{}</title></path>"
            ).format(linked, code, shape["d"], fill, title)
        else:
            path = Markup(
                '<path class="map-shape map-shape--{}" d="{}" fill="{}"><title>{}</title></path>'
            ).format(linked, shape["d"], fill, title)
        if href:
            path = Markup('<a class="map-link" href="{}" aria-label="{}">{}</a>').format(
                href, title, path
            )
        parts.append(path)
    if markers:
        for m in load_markers(name):
            code = m["code"]
            fill = _check_colour(colours[code]) if code in colours else NO_DATA_FILL
            title = titles.get(code) or m["name"]
            dot = Markup(
                '<circle class="map-marker" data-code="{}" cx="{}" cy="{}" r="4" fill="{}" stroke="#1a1a1a"'
                ' stroke-width="0.8"><title>{}</title></circle>'
            ).format(code, m["x"], m["y"], fill, title)
            if code in links:
                dot = Markup('<a class="map-link" href="{}" aria-label="{}">{}</a>').format(
                    _check_href(links[code]), title, dot
                )
            parts.append(dot)
    parts.append(Markup("</g></svg>"))
    return Markup("").join(parts)
