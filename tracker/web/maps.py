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

__all__ = ["MAP_NAMES", "NO_DATA_FILL", "load_map", "render_svg"]

#: Maps that ship with the package (file ``tracker/static/maps/<name>.json``).
MAP_NAMES = frozenset({"us-states", "world"})

#: Fill of shapes that have no colour (not tracked / no data).
NO_DATA_FILL = "#d4d4d4"
SPHERE_FILL = "#eef3f7"
BORDER_COLOUR = "#ffffff"

_COLOUR_RE = re.compile(
    r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(?:rgb|hsl)a?\([0-9.,%\s/]+\)"
)
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

    Note that ``role="img"`` makes assistive technology treat the map as one
    picture, so its links are not announced: the page should also offer the
    same links as text (e.g. a table of jurisdictions).
    """
    data = load_map(name)
    svg_id = dom_id or f"map-{name}"
    if not _ID_RE.match(svg_id):
        raise ValueError(f"invalid dom_id: {svg_id!r}")
    title_id = f"{svg_id}-title"

    parts: list[Markup] = [
        Markup(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="{}" id="{}" class="map map--{}"'
            ' role="img" aria-labelledby="{}">'
        ).format(data["viewBox"], svg_id, name, title_id),
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
            path = Markup('<a class="map-link" href="{}">{}</a>').format(href, path)
        parts.append(path)
    parts.append(Markup("</g></svg>"))
    return Markup("").join(parts)
