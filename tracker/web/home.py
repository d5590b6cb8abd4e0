"""The home page (status table, maps, landscape, recent changes, the article alongside) and articles."""

from __future__ import annotations

from datetime import date
from functools import cache
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from flask import Blueprint, abort, current_app, g, render_template, request, url_for

from tracker.articles import catalogue, claims
from tracker.reports import labels, landscape, table
from tracker.status import history
from tracker.status.codebook import CATEGORIES, CATEGORY_COLOURS, JURISDICTION_KINDS
from tracker.status.periods import when_text
from tracker.status.regions import US_TERRITORIES
from tracker.store.db import data_version, ping
from tracker.web.maps import US_TILES, load_map, load_markers, render_svg, us_tiles
from tracker.web.params import BadParameter, choice_arg, date_arg, int_arg, text_arg

bp = Blueprint("home", __name__)

BUNDLED_ARTICLE = "kratom-for-chronic-pain"
RECENT_CHANGES = 10
FILTER_KEYS = ("kind", "region", "category", "seven_oh", "q", "sort", "dir", "per")
DEFAULTS = {"region": "all", "sort": "name", "dir": "asc", "per": table.PER_DEFAULT, "page": 1}


def http_url(url: str | None) -> str | None:
    """A link target only when it is an http(s) URL (data is untrusted)."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def _query() -> table.TableQuery:
    today = date.today()
    return table.TableQuery(
        as_of=date_arg("as_of", today),
        known_on=date_arg("known_on"),
        kind=choice_arg("kind", JURISDICTION_KINDS),
        region=choice_arg("region", table.REGIONS, "all"),
        category=choice_arg("category", CATEGORIES),
        seven_oh=choice_arg("seven_oh", table.SEVEN_OH_FILTER),
        q=text_arg("q", 100),
        sort=choice_arg("sort", table.SORT_KEYS, "name"),
        dir=choice_arg("dir", table.DIRECTIONS, "asc"),
        page=int_arg("page", 1, 1, 10_000),
        per=int_arg("per", table.PER_DEFAULT, 1, table.PER_MAX),
    )


def _linkers(as_of: date, known_on: date | None):
    """Link builders that keep the date shown (as_of when not today, known_on when set)."""
    keep = {}
    if as_of != date.today():
        keep["as_of"] = as_of.isoformat()
    if known_on is not None:
        keep["known_on"] = known_on.isoformat()

    prefix = url_for("jurisdiction.show", code="X")[
        :-1
    ]  # built once: url_for is slow for ~700 links
    today = date.today()

    def jurl(code: str, pinned: date | None = None) -> str:
        args = dict(keep)
        if pinned is not None and pinned != today:
            args["as_of"] = pinned.isoformat()
        return prefix + quote(code, safe="/") + ("?" + urlencode(args) if args else "")

    return jurl, keep


def _table_url(query: table.TableQuery, keep: dict, **changes) -> str:
    values = {k: getattr(query, k) for k in FILTER_KEYS}
    values["page"] = query.page
    values.update(changes)
    args = dict(keep)
    for k, v in values.items():
        if v is not None and v != DEFAULTS.get(k):
            args[k] = v
    return url_for("home.index", **args)


def _sort_url(query: table.TableQuery, keep: dict, column: str) -> str:
    direction = "desc" if query.sort == column and query.dir == "asc" else "asc"
    return _table_url(query, keep, sort=column, dir=direction, page=1)


@cache
def _map_codes() -> frozenset[str]:
    """Every jurisdiction code that has a shape or a marker on the world map, or a US tile."""
    world = {s["code"] for s in load_map("world")["shapes"] if s.get("code")}
    world |= {m["code"] for m in load_markers("world")}
    return frozenset(world | US_TILE_CODES)


MAP_NAMES = ("us-states", "world")
US_TILE_CODES = frozenset(US_TILES)

# Rendered maps by everything that shapes them (per shape: title, colour, link): a map is the
# same string for every request on the same day and data, and rendering one costs ~100 ms.
_SVG_CACHE: dict[tuple, object] = {}


def _title(r: table.Row) -> str:
    since = (
        f" since {when_text(r.period.effective_from, r.period.effective_from_edtf)}"
        if r.period and r.period.effective_from
        else ""
    )
    return f"{r.jurisdiction.name}: {labels.category_label(r.category)}{since}"


def world_map(rows: list[table.Row], as_of: date, jurl, dom_id: str = "map-world") -> dict:
    """The world map on as_of (countries, and markers for the small ones), with per-category counts."""
    on_a_map = _map_codes()
    by_code = {
        r.jurisdiction.code: r
        for r in rows
        if r.jurisdiction.code in on_a_map and r.jurisdiction.kind in ("country", "federal")
    }
    shown = [s["code"] for s in load_map("world")["shapes"] if s.get("code") in by_code]
    shown += [m["code"] for m in load_markers("world") if m["code"] in by_code]
    label = f"Countries by category on {as_of.isoformat()}"
    key = (
        "world",
        dom_id,
        label,
        tuple((c, _title(by_code[c]), by_code[c].category, jurl(c)) for c in shown),
    )
    svg = _SVG_CACHE.get(key)
    if svg is None:
        svg = render_svg(
            "world",
            {c: CATEGORY_COLOURS[by_code[c].category] for c in shown},
            {c: jurl(c) for c in shown},
            {c: _title(by_code[c]) for c in shown},
            label=label,
            dom_id=dom_id,
            markers=True,
        )
        if len(_SVG_CACHE) >= 32:
            _SVG_CACHE.clear()
        _SVG_CACHE[key] = svg
    counts = {c: 0 for c in CATEGORIES}
    for code in shown:
        counts[by_code[code].category] += 1
    small = [
        by_code[m["code"]]
        for m in load_markers("world")
        if m["code"] in by_code and by_code[m["code"]].category != "unknown"
    ]
    return {"svg": svg, "label": label, "counts": counts, "shapes": len(shown), "small": small}


def us_map(rows: list[table.Row], as_of: date, jurl) -> dict:
    """The US tile grid on as_of: one labelled, linked tile per state, DC and territory."""
    by_code = {r.jurisdiction.code: r for r in rows if r.jurisdiction.code in US_TILE_CODES}
    tiles = us_tiles(by_code)
    for t in tiles:
        t["href"] = jurl(t["code"])
        t["title"] = _title(t["place"])
    counts = {c: 0 for c in CATEGORIES}
    for t in tiles:
        if t["code"] not in US_TERRITORIES:
            counts[t["place"].category] += 1
    federal = next((r for r in rows if r.jurisdiction.code == "US"), None)
    return {
        "tiles": sorted(tiles, key=lambda t: table.name_key(t["place"].jurisdiction.name)),
        "label": f"US states, DC and territories by category on {as_of.isoformat()}",
        "counts": counts,
        "federal": federal,
    }


def _maps(rows: list[table.Row], as_of: date, jurl) -> dict:
    return {"us": us_map(rows, as_of, jurl), "world": world_map(rows, as_of, jurl)}


def article_summary(ac) -> dict | None:
    """A few lines about the checked article for the home page; the full check is on its own page."""
    if ac is None:
        return None
    verdicts: dict[str, dict[str, int]] = {}
    for ch in getattr(ac, "checks", []):
        for r in getattr(ch, "results", []):
            on = getattr(r, "on", None)
            key = on.isoformat() if on else "?"
            verdicts.setdefault(key, {}).setdefault(getattr(r, "verdict", "no verdict"), 0)
            verdicts[key][getattr(r, "verdict", "no verdict")] += 1
    return {
        "article": ac.article,
        "claims": len(getattr(ac, "checks", [])),
        "verdicts": verdicts,
        "changes_since": getattr(ac, "changes_since_total", None),
    }


def export_url(fmt: str, query: table.TableQuery, keep: dict) -> str:
    """The status export with the table's filters and date (the CSV/JSON holds what the table shows)."""
    args = dict(keep)
    args["as_of"] = query.as_of.isoformat()
    for k in ("region", "kind", "category", "seven_oh", "q"):
        v = getattr(query, k)
        if v and v != DEFAULTS.get(k):
            args[k] = v
    return url_for("exports.status", fmt=fmt, **args)


def _article_check(slug: str):
    article = catalogue.find(g.db, slug)
    return claims.check_article(g.db, article) if article is not None else None


def _article_lines(slug: str) -> dict | None:
    """article_summary of the article's check. The check reads every claim against the data (tens
    of milliseconds) and changes only with the data or the day, so each app keeps the last one,
    keyed like the page cache (data version and date): filtering or paging the table, or a signed-in
    curator's visit, does not check the article again (#11)."""
    kept = current_app.extensions.setdefault("home_article_lines", {})
    key = (slug, data_version(g.db), date.today())
    if key not in kept:
        lines = article_summary(_article_check(slug))
        if lines is not None:  # what the page shows of the row, not the row (its session closes)
            a = lines["article"]
            lines["article"] = SimpleNamespace(
                slug=a.slug, title=a.title, published_on=a.published_on
            )
        kept.clear()  # one entry: an older version or day is never asked for again
        kept[key] = lines
    return kept[key]


@bp.get("/")
def index():
    """Every jurisdiction's status on a date: table, maps, landscape, recent changes, the article."""
    query = _query()
    rows = table.all_rows(g.db, query.as_of, query.known_on)
    page = table.table_page(g.db, query, rows)
    if query.page > page.pages:
        raise BadParameter("page", f"must be between 1 and {page.pages} for these filters")
    jurl, keep = _linkers(query.as_of, query.known_on)
    cites = table.first_citations(g.db, [r.period.id for r in page.rows if r.period])
    recent = history.changes_between(
        g.db, date.min, query.as_of, query.known_on, newest=RECENT_CHANGES
    )[::-1]
    scape = landscape.landscape(g.db, known_on=query.known_on)
    charts = [(s, landscape.chart_svg(s, f"landscape-{s.key}")) for s in scape.series]
    return render_template(
        "index.html",
        query=query,
        page=page,
        as_of=query.as_of,
        known_on=query.known_on,
        today=date.today(),
        keep=keep,
        jurl=jurl,
        maps=_maps(rows, query.as_of, jurl),
        scape=scape,
        charts=charts,
        recent=recent,
        article=_article_lines(BUNDLED_ARTICLE),
        cites=cites,
        labels=labels,
        export_url=lambda fmt: export_url(fmt, query, keep),
        http_url=http_url,
        table_url=lambda **changes: _table_url(query, keep, **changes),
        sort_url=lambda column: _sort_url(query, keep, column),
        regions=table.REGION_LABELS,
        kinds=JURISDICTION_KINDS,
        sort_keys=table.SORT_KEYS,
        per_max=table.PER_MAX,
        args=request.args,
    )


@bp.get("/articles/<slug>")
def article(slug: str):
    """One stored article: a summary line, its checked sections with every claim highlighted by
    verdict, each claim judged on its own date and today, and what changed since for the places it
    names. Served from the page cache (keyed by the data's version)."""
    row = catalogue.find(g.db, slug)
    if row is None:
        abort(404, description=f"no article has the slug {slug[:80]!r}")
    rep = claims.report(g.db, row)
    shown, cut = claims.highlighted(rep)
    jurl, _ = _linkers(date.today(), None)
    return render_template(
        "article.html",
        rep=rep,
        shown=shown,
        cut=cut,
        jurl=jurl,
        http_url=http_url,
        today=date.today(),
        labels=claims.VERDICT_LABELS,
    )


@bp.get("/articles")
def articles():
    """Every imported article."""
    return render_template("articles.html", rows=catalogue.listing(g.db))


@bp.get("/healthz")
def healthz():
    """Liveness: the app answers and the database is reachable."""
    ping(g.db)
    return {"ok": True}
