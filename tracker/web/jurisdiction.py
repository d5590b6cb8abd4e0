"""One jurisdiction's page: its history with field diffs and citations."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template

from tracker import history, jurisdictions
from tracker.web.params import date_arg

bp = Blueprint("jurisdiction", __name__)


@bp.get("/j/<path:code>")
def show(code: str):
    """One jurisdiction's history, with its citations."""
    j = jurisdictions.find(g.db, code)
    if j is None:
        abort(404, description=f"no jurisdiction has the code {code[:80]!r}")
    known_on = date_arg("known_on")
    periods = history.history(g.db, j, known_on)
    pairs = [(p, history.diff_periods(prev, p)) for prev, p in zip([None, *periods], periods)]
    return render_template("jurisdiction.html", j=j, pairs=pairs, known_on=known_on)
