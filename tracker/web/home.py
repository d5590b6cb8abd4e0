"""The home page: the status table (and, as the dashboard grows, maps, charts and the article)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, g, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker import history
from tracker.models import Jurisdiction
from tracker.web.params import date_arg

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    """Every jurisdiction with its category and citation on a date."""
    as_of = date_arg("as_of", date.today())
    known_on = date_arg("known_on")
    periods = history.statuses_on(g.db, as_of, known_on)
    rows = g.db.scalars(select(Jurisdiction).options(selectinload(Jurisdiction.parent)).order_by(Jurisdiction.code))
    table = [(j, periods.get(j.id)) for j in rows]
    return render_template("index.html", table=table, as_of=as_of, known_on=known_on)


@bp.get("/healthz")
def healthz():
    """Liveness: the app answers and the database is reachable."""
    g.db.execute(select(1))
    return {"ok": True}
