"""Embeddable maps (issue #15): /embed/map/us and /embed/map/world, a minimal page for an iframe.

Each page has the map, its legend, the date, a source line and a link back. These routes, and only
these, may be framed by any site: their Content-Security-Policy says `frame-ancestors *` and they
carry no X-Frame-Options. Links open in the top window (target="_top"), never inside the frame.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Flask, Response, g, render_template, request, url_for

from tracker.reports import labels, table
from tracker.web import security
from tracker.web.home import us_map, world_map
from tracker.web.params import date_arg

bp = Blueprint("embed", __name__)
FRAMEABLE = frozenset({"embed.us", "embed.world"})
EMBED_CSP = security.CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def _links(as_of: date):
    root = request.url_root.rstrip("/")
    today = date.today()

    def jurl(code: str) -> str:
        url = root + url_for("jurisdiction.show", code=code)
        return url + (f"?as_of={as_of.isoformat()}" if as_of != today else "")

    return jurl


def _page(which: str):
    as_of = date_arg("as_of", date.today())
    rows = table.all_rows(g.db, as_of)
    jurl = _links(as_of)
    context = dict(
        which=which,
        as_of=as_of,
        today=date.today(),
        labels=labels,
        jurl=jurl,
        home=request.url_root.rstrip("/")
        + url_for("home.index", **({"as_of": as_of.isoformat()} if as_of != date.today() else {})),
    )
    if which == "us":
        context["us"] = us_map(rows, as_of, jurl)
        context["counts"] = [("US", context["us"]["counts"])]
    else:
        context["world"] = world_map(rows, as_of, jurl, dom_id="embed-world")
        context["counts"] = [("world", context["world"]["counts"])]
    return render_template("embed_map.html", **context)


@bp.get("/embed/map/us")
def us():
    """The US tile grid on as_of (default today), for an iframe."""
    return _page("us")


@bp.get("/embed/map/world")
def world():
    """The world map on as_of (default today), for an iframe."""
    return _page("world")


def _frameable(response: Response) -> Response:
    if request.endpoint in FRAMEABLE:
        response.headers["Content-Security-Policy"] = EMBED_CSP
        response.headers.pop("X-Frame-Options", None)
        response.headers.pop("Cross-Origin-Opener-Policy", None)
    return response


def init_app(app: Flask, _login) -> None:
    # Flask runs after-request hooks last-registered first; putting this one at the front of the list
    # makes it run after the site-wide security headers, which it relaxes for the embed routes only.
    app.after_request_funcs.setdefault(None, []).insert(0, _frameable)
