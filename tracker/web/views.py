"""Dashboard pages: thin views over the history services."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import history, jurisdictions
from tracker.codebook import CATEGORY_COLOURS
from tracker.dataset import dataset_meta
from tracker.models import Jurisdiction

bp = Blueprint("dashboard", __name__)


def _date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400, description=f"{name} must be a date in the form YYYY-MM-DD, not {raw[:40]!r}")


@bp.get("/")
def index():
    """Every jurisdiction with its category and citation on a date."""
    as_of = _date_arg("as_of") or date.today()
    known_on = _date_arg("known_on")
    periods = history.statuses_on(g.db, as_of, known_on)
    rows = g.db.scalars(select(Jurisdiction).options(selectinload(Jurisdiction.parent)).order_by(Jurisdiction.code))
    table = [(j, periods.get(j.id)) for j in rows]
    return render_template(
        "index.html", table=table, as_of=as_of, known_on=known_on, colours=CATEGORY_COLOURS, meta=dataset_meta()
    )


@bp.get("/j/<path:code>")
def jurisdiction(code: str):
    """One jurisdiction's history, with its citations."""
    j = jurisdictions.find(g.db, code)
    if j is None:
        abort(404, description=f"no jurisdiction has the code {code[:80]!r}")
    known_on = _date_arg("known_on")
    periods = history.history(g.db, j, known_on)
    pairs = [(p, history.diff_periods(prev, p)) for prev, p in zip([None, *periods], periods)]
    return render_template("jurisdiction.html", j=j, pairs=pairs, known_on=known_on, colours=CATEGORY_COLOURS)


@bp.get("/healthz")
def healthz():
    """Liveness: the app answers and the database is reachable."""
    g.db.execute(select(1))
    return {"ok": True}
