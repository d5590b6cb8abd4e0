"""Tests for the generated map geometry, tracker.web.maps and scripts/build_maps.py."""

from __future__ import annotations

import importlib.util
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pycountry
import pytest
from markupsafe import Markup

from tracker.web.maps import MAP_NAMES, NO_DATA_FILL, load_map, render_svg

ROOT = Path(__file__).resolve().parents[2]
MAPS_DIR = ROOT / "tracker" / "static" / "maps"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_maps", ROOT / "scripts" / "build_maps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_maps = _load_build_script()

_TOKEN = re.compile(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[^\s,]")


def path_rings(d: str) -> list[list[tuple[float, float]]]:
    """Absolute points of each subpath of a path made of M/m/L/l/Z commands."""
    rings: list[list[tuple[float, float]]] = []
    tokens = _TOKEN.findall(d)
    cmd = None
    x = y = 0.0
    start = (0.0, 0.0)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in "MmLlZz":
            cmd = tok
            i += 1
            if cmd in "Zz":
                x, y = start
            continue
        if cmd is None or cmd in "Zz":
            raise AssertionError(f"unexpected token {tok!r} in path")
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        if cmd in "Mm":
            x, y = (x + dx, y + dy) if cmd == "m" else (dx, dy)
            start = (x, y)
            rings.append([(x, y)])
            cmd = "l" if cmd == "m" else "L"  # implicit lineto after moveto
        else:
            x, y = (x + dx, y + dy) if cmd == "l" else (dx, dy)
            rings[-1].append((x, y))
    return rings


def _viewbox(data):
    _, _, w, h = (float(v) for v in data["viewBox"].split())
    return w, h


# --- the generated files -------------------------------------------------------------


def test_the_us_map_has_exactly_one_shape_per_state_plus_dc():
    codes = [s["code"] for s in load_map("us-states")["shapes"]]
    assert len(codes) == len(set(codes))
    states_and_dc = {c for c in codes if c != "US-PR"}
    assert len(states_and_dc) == 51
    assert "US-DC" in codes
    assert len(codes) in (51, 52)


def test_every_us_code_is_a_valid_iso_3166_2_code():
    for shape in load_map("us-states")["shapes"]:
        sub = pycountry.subdivisions.get(code=shape["code"])
        assert sub is not None, shape["code"]
        assert sub.country_code == "US"
        assert shape["name"]


def test_the_world_map_has_170_or_more_linked_shapes_with_valid_alpha_2_codes():
    codes = [s["code"] for s in load_map("world")["shapes"] if s["code"] is not None]
    assert len(codes) >= 170
    assert len(codes) == len(set(codes))
    for code in codes:
        assert pycountry.countries.get(alpha_2=code) is not None, code
    assert {"TH", "US", "GB", "NZ", "MY", "AU"} <= set(codes)


def test_world_shapes_without_an_iso_code_keep_a_name_and_a_null_code():
    unlinked = [s for s in load_map("world")["shapes"] if s["code"] is None]
    assert {s["name"] for s in unlinked} == {"Kosovo", "N. Cyprus", "Somaliland"}


@pytest.mark.parametrize("name", sorted(MAP_NAMES))
def test_no_path_has_nan_or_a_coordinate_outside_the_viewbox(name):
    data = load_map(name)
    w, h = _viewbox(data)
    margin = 1.0
    for shape in data["shapes"]:
        assert shape["d"].startswith("M") and shape["d"].endswith("z"), shape["code"]
        assert not re.search(r"nan|inf", shape["d"], re.IGNORECASE), shape["code"]
        rings = path_rings(shape["d"])
        assert rings, shape["code"]
        for ring in rings:
            assert len(ring) >= 3
            for x, y in ring:
                assert math.isfinite(x) and math.isfinite(y)
                assert -margin <= x <= w + margin, (shape["code"], x)
                assert -margin <= y <= h + margin, (shape["code"], y)


def test_no_world_path_streaks_across_the_map_at_the_antimeridian():
    data = load_map("world")
    w, h = _viewbox(data)
    for shape in data["shapes"]:
        for ring in path_rings(shape["d"]):
            closed = ring + [ring[0]]
            for (x0, y0), (x1, y1) in itertools.pairwise(closed):
                if min(y0, y1) > h - 3:
                    continue  # Antarctica's edge along the flat pole line at the bottom
                assert abs(x1 - x0) < w / 3, shape["code"] or shape["name"]


def test_shapes_that_cross_the_antimeridian_are_drawn_on_both_edges_of_the_world_map():
    data = load_map("world")
    w, _ = _viewbox(data)
    shapes = {s["code"]: s for s in data["shapes"]}
    for code in ("RU", "FJ", "AQ"):
        xs = [x for ring in path_rings(shapes[code]["d"]) for x, _ in ring]
        assert min(xs) < w * 0.25 and max(xs) > w * 0.75, code


@pytest.mark.parametrize("name", sorted(MAP_NAMES))
def test_map_files_are_compact_and_name_their_source_and_license(name):
    path = MAPS_DIR / f"{name}.json"
    text = path.read_text(encoding="utf-8")
    assert "\n " not in text and ": " not in text[:200]
    assert path.stat().st_size < 300_000
    data = json.loads(text)
    assert re.fullmatch(r"0 0 \d+ \d+", data["viewBox"])
    assert "atlas@" in data["source"]
    assert "ublic domain" in data["license"]
    assert (MAPS_DIR / "LICENSE.md").exists()


def test_load_map_is_cached_and_rejects_unknown_names():
    assert load_map("world") is load_map("world")
    with pytest.raises(KeyError):
        load_map("../../etc/passwd")


# --- render_svg ----------------------------------------------------------------------


def _render(**kwargs):
    args = {
        "name": "us-states",
        "colours": {"US-AL": "#c0392b", "US-CA": "#27ae60"},
        "links": {"US-AL": "/j/US-AL", "US-CA": "/j/US-CA"},
        "titles": {"US-AL": "Alabama: controlled", "US-CA": "California: regulated"},
        "label": "Kratom status by US state",
    }
    args.update(kwargs)
    return render_svg(
        args.pop("name"), args.pop("colours"), args.pop("links"), args.pop("titles"), **args
    )


def test_render_svg_returns_well_formed_markup_labelled_by_its_title():
    svg = _render()
    assert isinstance(svg, Markup)
    root = ET.fromstring(str(svg))
    assert root.tag == SVG_NS + "svg"
    assert (
        root.get("role") == "group"
    )  # a map of links is a group of named links (issue #15), not one picture
    links = root.findall(f".//{SVG_NS}a")
    assert links and all(a.get("aria-label") for a in links)
    assert (
        ET.fromstring(str(_render(links={}))).get("role") == "img"
    )  # without links it is one picture
    title = root.find(SVG_NS + "title")
    assert title is not None and title.text == "Kratom status by US state"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("viewBox") == load_map("us-states")["viewBox"]


def test_render_svg_escapes_a_hostile_title_and_label():
    hostile = '<script>alert("x")</script>" onmouseover="alert(1)'
    svg = str(_render(titles={"US-AL": hostile}, label=hostile))
    assert "<script" not in svg
    assert 'onmouseover="' not in svg
    assert "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # still well-formed
    titles = [t.text for t in root.iter(SVG_NS + "title")]
    assert titles.count(hostile) == 2  # the map's label and Alabama's tooltip, as text


def test_render_svg_emits_an_a_per_linked_shape():
    links = {"US-AL": "/j/US-AL", "US-TX": "/j/US-TX?x=1&y=2", "US-DC": "https://example.org/dc"}
    svg = str(_render(links=links))
    root = ET.fromstring(svg)
    anchors = root.findall(f".//{SVG_NS}a")
    assert sorted(a.get("href") for a in anchors) == sorted(links.values())
    for a in anchors:
        (path,) = list(a)
        assert path.tag == SVG_NS + "path"
        assert path.get("data-code") in links
        assert path.find(SVG_NS + "title") is not None
    assert "?x=1&amp;y=2" in svg


def test_render_svg_emits_one_link_per_world_country_when_all_are_linked():
    shapes = load_map("world")["shapes"]
    codes = [s["code"] for s in shapes if s["code"]]
    svg = render_svg("world", {}, {c: f"/j/{c}" for c in codes}, {}, label="World")
    root = ET.fromstring(str(svg))
    assert len(root.findall(f".//{SVG_NS}a")) == len(codes)
    paths = root.findall(f".//{SVG_NS}g/{SVG_NS}path") + root.findall(f".//{SVG_NS}a/{SVG_NS}path")
    assert len(paths) == len(shapes)


def test_unlinked_shapes_are_plain_grey_paths_with_their_name_as_title():
    root = ET.fromstring(str(render_svg("world", {}, {"TH": "/j/TH"}, {}, label="World")))
    group = root.find(f"{SVG_NS}g")
    plain = [p for p in group.findall(f"{SVG_NS}path")]
    assert len(plain) == len(load_map("world")["shapes"]) - 1
    kosovo = [p for p in plain if p.find(SVG_NS + "title").text == "Kosovo"]
    assert len(kosovo) == 1 and kosovo[0].get("fill") == NO_DATA_FILL
    assert kosovo[0].get("data-code") is None


def test_render_svg_has_no_style_or_event_handler_attributes_or_scripts():
    svg = str(_render(titles={"US-AL": "x onload=alert(1) style=color:red"}))
    root = ET.fromstring(svg)
    for el in root.iter():
        assert el.tag != SVG_NS + "script" and el.tag != SVG_NS + "style"
        for attr in el.attrib:
            assert attr != "style" and not attr.lower().startswith("on"), attr
    assert not re.search(r"\sstyle=|\son\w+=", svg.replace("x onload=alert(1) style=color:red", ""))


def test_render_svg_applies_colours_as_fill_attributes():
    root = ET.fromstring(str(_render()))
    fills = {p.get("data-code"): p.get("fill") for p in root.iter(SVG_NS + "path")}
    assert fills["US-AL"] == "#c0392b"
    assert fills["US-CA"] == "#27ae60"
    assert fills["US-NY"] == NO_DATA_FILL


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "",
    ],
)
def test_render_svg_rejects_links_that_are_not_http_or_relative(href):
    with pytest.raises(ValueError):
        _render(links={"US-AL": href})


@pytest.mark.parametrize("colour", ['red" onclick="x', "url(#evil)", "expression(alert(1))"])
def test_render_svg_rejects_a_colour_that_is_not_a_plain_colour(colour):
    with pytest.raises(ValueError):
        _render(colours={"US-AL": colour})


def test_two_maps_on_one_page_can_have_distinct_ids():
    a = ET.fromstring(str(_render(dom_id="map-a")))
    b = ET.fromstring(str(_render(dom_id="map-b")))
    assert a.get("aria-labelledby") == "map-a-title" != b.get("aria-labelledby")
    with pytest.raises(ValueError):
        _render(dom_id='x" onload="y')


# --- the build script ----------------------------------------------------------------


def test_topojson_arcs_are_delta_decoded_and_reversed_with_the_tilde_index():
    topo = {
        "transform": {"scale": [0.5, 2.0], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, 0], [0, -2]]],
    }
    arcs = build_maps.decode_arcs(topo)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 24.0)]
    assert arcs[1] == [(11.0, 24.0), (10.0, 24.0), (10.0, 20.0)]
    ring = build_maps.ring_points([0, 1], arcs)
    assert ring == [(10.0, 20.0), (11.0, 20.0), (11.0, 24.0), (10.0, 24.0), (10.0, 20.0)]
    reversed_ring = build_maps.ring_points([~1, ~0], arcs)
    assert reversed_ring == ring[::-1]
    multi = {"type": "MultiPolygon", "arcs": [[[0, 1]], [[~1, ~0]]]}
    assert build_maps.geometry_polygons(multi, arcs) == [[ring], [ring[::-1]]]


def test_path_data_round_trips_to_one_decimal_without_drift():
    ring = [(0.04, 0.0), (100.26, 0.0), (100.26, 50.55), (33.333, 50.55), (0.04, 0.0)]
    d = build_maps.rings_to_path([ring])
    (points,) = path_rings(d)
    expected = [(0.0, 0.0), (100.3, 0.0), (100.3, 50.6), (33.3, 50.6)]
    assert len(points) == len(expected)
    for (x, y), (ex, ey) in zip(points, expected):
        assert abs(x - ex) < 1e-9 and abs(y - ey) < 1e-9


def test_a_ring_crossing_the_antimeridian_is_split_into_closed_pieces():
    ring = [(170, 0), (-170, 0), (-170, 10), (170, 10), (170, 0)]
    pieces = build_maps.cut_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        assert piece[0] == piece[-1]
        lons = [lon for lon, _ in piece]
        assert all(lon >= 170 for lon in lons) or all(lon <= -170 for lon in lons)


def test_a_ring_around_the_pole_is_closed_along_the_map_edge():
    ring = [(-170, -80), (-90, -80), (0, -75), (90, -80), (170, -80), (-170, -80)]
    pieces = build_maps.cut_antimeridian(ring)
    assert len(pieces) == 1
    assert min(lat for _, lat in pieces[0]) == -90


def test_natural_earth_1_matches_d3_geo_at_known_points():
    # d3.geoNaturalEarth1.raw values (unit sphere)
    assert build_maps.natural_earth1(0, 0) == (0, 0)
    x, _ = build_maps.natural_earth1(math.pi, 0)
    assert abs(x - math.pi * 0.8707) < 1e-12
    _, y = build_maps.natural_earth1(0, math.pi / 2)
    assert abs(y - 1.4224) < 1e-3
