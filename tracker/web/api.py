"""The read-only JSON API, /api/v1/: thin views over tracker.reports.api, described by tracker.web.openapi.

GET only (405 otherwise), CORS open to any origin (with OPTIONS preflight), and a 400 naming the
parameter for any bad or undeclared query parameter.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Flask, Response, abort, g, jsonify, render_template, request

from tracker.ingest.stages import STAGES
from tracker.reports import api
from tracker.status import jurisdictions
from tracker.status.codebook import CATEGORIES, JURISDICTION_KINDS
from tracker.status.dataset import dataset_meta
from tracker.web import openapi
from tracker.web.params import BadParameter, choice_arg, date_arg, int_arg, jurisdiction_arg

bp = Blueprint("api", __name__, url_prefix=openapi.PREFIX)
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, OPTIONS",
    "Access-Control-Max-Age": "86400",
}


def init_app(app: Flask, _login) -> None:
    """CORS headers on every /api/ response, errors included."""

    @app.after_request
    def _cors(response: Response) -> Response:
        if request.path.startswith("/api/"):
            for name, value in CORS.items():
                response.headers[name] = value
            asked = request.headers.get("Access-Control-Request-Headers")
            if request.method == "OPTIONS" and asked:
                response.headers["Access-Control-Allow-Headers"] = asked[:500]
            response.vary.add("Origin")
            if (
                response.status_code == 405
            ):  # the app's JSON error handler drops werkzeug's Allow header
                response.headers.setdefault("Allow", "GET, HEAD, OPTIONS")
        return response


@bp.before_request
def _only_declared_parameters() -> None:
    """Refuse query parameters the OpenAPI document does not declare for this operation."""
    if request.method != "GET" or request.url_rule is None:
        return
    allowed = openapi.query_parameters(openapi.openapi_path(request.url_rule.rule))
    for name in request.args:
        if name not in allowed:
            hint = (
                f"accepted here: {', '.join(allowed)}"
                if allowed
                else "this endpoint takes no query parameters"
            )
            raise BadParameter(name[:40], f"is not a parameter of this endpoint ({hint})")


def _dates() -> tuple[date, date | None]:
    return date_arg("as_of", date.today()), date_arg("known_on")


def _page() -> tuple[int, int]:
    return int_arg("page", 1, 1, 100_000), int_arg("per", api.DEFAULT_PER, 1, api.MAX_PER)


def _jurisdiction(code: str):
    j = jurisdictions.find(g.db, code)
    if j is None:
        abort(404, description=f"no jurisdiction has the code {code[:80]!r}")
    return j


EXAMPLES = {
    "status": "?as_of=2025-03-15&region=us",
    "status/{code}": "US-LA?as_of=2025-08-01",
    "history/{code}": "US-LA",
    "changes": "?since=2025-01-01",
}


def _html_index() -> str:
    ops = []
    for path, item in openapi.PATHS.items():
        short = path[len(openapi.PREFIX) + 1 :]
        example = path.replace("{code}", "") + EXAMPLES.get(short, "")
        ops.append(
            {
                "path": path,
                "summary": item["get"]["summary"],
                "example": example,
                "params": openapi.query_parameters(path),
            }
        )
    return render_template(
        "api_index.html", operations=ops, openapi_url=f"{openapi.PREFIX}/openapi.json"
    )


@bp.get("/")
def index():
    """What the API offers (an HTML page for browsers, JSON otherwise)."""
    if request.accept_mimetypes.best_match(["application/json", "text/html"]) == "text/html":
        response = Response(_html_index(), content_type="text/html; charset=utf-8")
        response.vary.add("Accept")
        return response
    root = request.url_root.rstrip("/") + openapi.PREFIX
    meta = dataset_meta()
    return jsonify(
        name="Kratom legal-status tracker API",
        version="1",
        dataset={"version": meta["version"], "as_of": meta["as_of"].isoformat()},
        openapi=f"{root}/openapi.json",
        endpoints={
            "jurisdictions": f"{root}/jurisdictions",
            "status": f"{root}/status?as_of=YYYY-MM-DD",
            "status_one": f"{root}/status/{{code}}",
            "history": f"{root}/history/{{code}}",
            "changes": f"{root}/changes?since=YYYY-MM-DD",
            "bills": f"{root}/bills",
            "sources": f"{root}/sources",
        },
    )


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 document."""
    return jsonify(openapi.document(request.url_root))


@bp.get("/jurisdictions")
def list_jurisdictions():
    kind = choice_arg("kind", JURISDICTION_KINDS)
    region = choice_arg("region", api.REGIONS)
    return jsonify(results=api.list_jurisdictions(g.db, kind, region))


@bp.get("/status")
def status():
    as_of, known_on = _dates()
    kind = choice_arg("kind", JURISDICTION_KINDS)
    region = choice_arg("region", api.REGIONS)
    category = choice_arg("category", CATEGORIES)
    page, per = _page()
    return jsonify(
        api.status_page(
            g.db, as_of, known_on, kind=kind, region=region, category=category, page=page, per=per
        )
    )


@bp.get("/status/<path:code>")
def status_one(code: str):
    as_of, known_on = _dates()
    return jsonify(api.status_one(g.db, _jurisdiction(code), as_of, known_on))


@bp.get("/history/<path:code>")
def history(code: str):
    known_on = date_arg("known_on")
    return jsonify(api.history_doc(g.db, _jurisdiction(code), known_on))


@bp.get("/changes")
def changes():
    since = date_arg("since")
    if since is None:
        raise BadParameter("since", "is required: the first effective date, YYYY-MM-DD")
    until = date_arg("until", date.today())
    if until < since:
        raise BadParameter("until", "must not be before since")
    known_on = date_arg("known_on")
    region = choice_arg("region", api.REGIONS)
    return jsonify(api.changes_doc(g.db, since, until, known_on, region))


@bp.get("/bills")
def bills():
    j = jurisdiction_arg("jurisdiction", 80)
    stage = choice_arg("stage", STAGES)
    intent = choice_arg("intent", openapi.INTENTS)
    page, per = _page()
    return jsonify(
        api.bills_page(g.db, jurisdiction=j, stage=stage, intent=intent, page=page, per=per)
    )


@bp.get("/sources")
def sources():
    return jsonify(api.sources_doc(g.db))
