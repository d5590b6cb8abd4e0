"""The curator area: the review queue, one proposal with its evidence, decisions, the audit log.

Every decision goes through tracker.status.review (accept / reject), the one write path; a refused
decision (ReviewError, a codebook ValidationError, a bad form) is a 400 with the message and
the transaction rolled back, so nothing is written.
"""

from __future__ import annotations

import json
import math
from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from tracker.status import codebook
from tracker.status import history
from tracker.status import review
from tracker.store.models import AuditEntry, Proposal, StatusPeriod
from tracker.status.periods import ValidationError as PeriodError
from tracker.web import write_session
from tracker.web.params import choice_arg, int_arg

bp = Blueprint("curator", __name__)

QUEUE_PER_PAGE = 50
AUDIT_PER_PAGE = 50
STATUSES = ("open", "accepted", "rejected", "all")
ATTRIBUTES = ("leaf", "seven_oh", "seven_oh_threshold", "min_age", "licensing", "labelling")
MAX_DIFF_CHARS = 20_000


# ---------------------------------------------------------------- presentation helpers


def web_url(value) -> str | None:
    """The value when it is an absolute http(s) URL, else None (never link anything else)."""
    if not isinstance(value, str) or len(value) > 2000:
        return None
    value = value.strip()
    if any(ord(c) < 32 for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _links(evidence: dict) -> list[dict]:
    """Every URL the evidence names, each with whether it may be linked (http(s) only)."""
    found: list[tuple[str, object]] = [("Evidence", evidence.get("url"))]
    for key in ("bill", "notice"):
        item = evidence.get(key)
        if isinstance(item, dict):
            found.append((f"{key.capitalize()} page", item.get("url")))
            for label, urls in (("Version", item.get("versions")), ("Source", item.get("sources"))):
                if isinstance(urls, list):
                    found.extend((label, u) for u in urls)
    out, seen = [], set()
    for label, url in found:
        if not isinstance(url, str) or not url or url in seen:
            continue
        seen.add(url)
        out.append({"label": label, "url": url, "href": web_url(url)})
    return out


def evidence_view(proposal: Proposal, *, raw: bool = True) -> dict:
    """What a curator needs from a proposal's evidence, as plain values for the template."""
    evidence = proposal.evidence if isinstance(proposal.evidence, dict) else {}
    bill = evidence.get("bill") if isinstance(evidence.get("bill"), dict) else None
    notice = evidence.get("notice") if isinstance(evidence.get("notice"), dict) else None
    actions = []
    if bill and isinstance(bill.get("actions"), list):
        actions = [a for a in bill["actions"] if isinstance(a, dict)]
    diff = evidence.get("diff") if isinstance(evidence.get("diff"), str) else None
    if diff and len(diff) > MAX_DIFF_CHARS:
        diff = diff[:MAX_DIFF_CHARS] + "\n… (cut)"
    return {
        "links": _links(evidence),
        "bill": bill,
        "actions": actions,
        "notice": notice,
        "diff": diff,
        "revision": evidence.get("revision"),
        "raw": json.dumps(evidence, indent=2, sort_keys=True, ensure_ascii=False, default=str)[:MAX_DIFF_CHARS] if raw else None,
    }


def suggested_changes(proposal: Proposal, current) -> list[dict]:
    """The suggested attributes beside today's values, one row per attribute."""
    suggested = proposal.suggested if isinstance(proposal.suggested, dict) else {}
    rows = []
    for name in ATTRIBUTES:
        if name in suggested:
            now = getattr(current, name) if current is not None else None
            rows.append({"name": name, "now": now, "suggested": suggested[name], "changes": now != suggested[name]})
    return rows


def _rules(proposal: Proposal) -> list[str]:
    rules = (proposal.suggested or {}).get("rules") if isinstance(proposal.suggested, dict) else None
    return [str(r) for r in rules] if isinstance(rules, list) else []


# ---------------------------------------------------------------- forms


def _reasonable_date(form, field) -> None:
    if field.data is not None and not 1900 <= field.data.year <= 2200:
        raise ValidationError("must be a year between 1900 and 2200")


def _http_url(form, field) -> None:
    if field.data and web_url(field.data) is None:
        raise ValidationError("must be an http:// or https:// address")


class AcceptForm(FlaskForm):
    effective = DateField("Effective date", validators=[DataRequired(message="give the date the change took effect"), _reasonable_date])
    citation_url = URLField("Citation URL", validators=[DataRequired(message="give the citation's address"), Length(max=2000), _http_url])
    citation_label = StringField("Citation label (optional)", validators=[Optional(), Length(max=500)])


class EditForm(AcceptForm):
    leaf = SelectField("Leaf (plant) status", choices=list(codebook.LEAF_VALUES))
    seven_oh = SelectField("7-OH rule", choices=list(codebook.SEVEN_OH_VALUES))
    seven_oh_threshold = StringField("7-OH threshold (when capped)", validators=[Optional(), Length(max=200)])
    min_age = IntegerField("Minimum age", validators=[Optional(), NumberRange(min=1, max=99)])
    licensing = BooleanField("Vendors need a licence")
    labelling = BooleanField("Labelling rules")

    def changes(self) -> dict:
        return {
            "leaf": self.leaf.data, "seven_oh": self.seven_oh.data,
            "seven_oh_threshold": (self.seven_oh_threshold.data or "").strip() or None,
            "min_age": self.min_age.data, "licensing": bool(self.licensing.data), "labelling": bool(self.labelling.data),
        }


class RejectForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[DataRequired(message="give a reason"), Length(max=2000)])


def _form_errors(*forms: FlaskForm) -> str:
    parts = []
    for form in forms:
        for name, errors in form.errors.items():
            label = getattr(getattr(form, name, None), "label", None)
            parts.append(f"{label.text if label else name}: {'; '.join(str(e) for e in errors)}")
    return ". ".join(parts) or "The form could not be read."


# ---------------------------------------------------------------- views


def _proposal_or_404(proposal_id: int) -> Proposal:
    proposal = g.db.get(Proposal, proposal_id)
    if proposal is None:
        abort(404, description=f"There is no proposal {proposal_id}.")
    return proposal


def _page(total: int, per: int, page: int) -> dict:
    return {"page": page, "pages": max(1, math.ceil(total / per)), "total": total, "per": per}


@bp.get("/review")
@login_required
def queue():
    status = choice_arg("status", STATUSES, "open")
    page = int_arg("page", 1, 1, 1_000_000)
    where = [] if status == "all" else [Proposal.status == status]
    total = g.db.scalar(select(func.count(Proposal.id)).where(*where))
    rows = list(g.db.scalars(
        select(Proposal).where(*where).options(selectinload(Proposal.jurisdiction))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
        .offset((page - 1) * QUEUE_PER_PAGE).limit(QUEUE_PER_PAGE)
    ))
    items = [{"p": p, "evidence": evidence_view(p, raw=False), "suggested": {k: v for k, v in (p.suggested or {}).items() if k in ATTRIBUTES}}
             for p in rows]
    return render_template("review_queue.html", items=items, status=status, statuses=STATUSES,
                           paging=_page(total, QUEUE_PER_PAGE, page))


def _detail(proposal: Proposal, *, accept=None, edit=None, reject=None, error: str | None = None, code: int = 200):
    current = history.status_on(g.db, proposal.jurisdiction, date.today())
    accept = accept or AcceptForm(formdata=None)
    edit = edit or EditForm(formdata=None, prefix="edit")
    reject = reject or RejectForm(formdata=None, prefix="reject")
    evidence = evidence_view(proposal)
    first = next((link["href"] for link in evidence["links"] if link["href"]), None)
    for form in (accept, edit):
        if form.citation_url.data is None:
            form.citation_url.data = first
    if edit.leaf.data is None:
        values = {name: getattr(current, name) for name in ATTRIBUTES} if current is not None else {}
        values.update({k: v for k, v in (proposal.suggested or {}).items() if k in ATTRIBUTES})
        for name in ATTRIBUTES:
            if name in values:
                getattr(edit, name).data = values[name]
        edit.leaf.data = edit.leaf.data or "unregulated"
        edit.seven_oh.data = edit.seven_oh.data or "unregulated"
    period = g.db.get(StatusPeriod, proposal.period_id) if proposal.period_id is not None else None
    return render_template(
        "review_detail.html", p=proposal, evidence=evidence, current=current, changes=suggested_changes(proposal, current),
        rules=_rules(proposal), accept=accept, edit=edit, reject=reject, error=error, period=period,
    ), code


@bp.get("/review/<int:proposal_id>")
@login_required
def detail(proposal_id: int):
    return _detail(_proposal_or_404(proposal_id))


def _refused(proposal_id: int, message: str, **forms):
    """Undo anything the failed decision did, then show the proposal again with the message."""
    g.db.rollback()
    return _detail(_proposal_or_404(proposal_id), error=message, code=400, **forms)


@bp.post("/review/<int:proposal_id>/accept")
@login_required
def accept(proposal_id: int):
    _proposal_or_404(proposal_id)
    form = AcceptForm()
    if not form.validate_on_submit():
        return _refused(proposal_id, _form_errors(form), accept=form)
    return _accept(proposal_id, form, None, accept=form)


@bp.post("/review/<int:proposal_id>/edit")
@login_required
def edit(proposal_id: int):
    """Accept with the attributes as the curator edited them (every attribute given explicitly)."""
    _proposal_or_404(proposal_id)
    form = EditForm(prefix="edit")
    if not form.validate_on_submit():
        return _refused(proposal_id, _form_errors(form), edit=form)
    return _accept(proposal_id, form, form.changes(), edit=form)


def _accept(proposal_id: int, form: AcceptForm, changes: dict | None, **forms):
    try:
        review.accept(
            write_session(), proposal_id, actor=current_user.email, effective=form.effective.data,
            citation_url=form.citation_url.data.strip(), citation_label=(form.citation_label.data or "").strip() or None,
            changes=changes, shown_as=current_user.public_name,
        )
        g.db.commit()
    except (review.ReviewError, PeriodError) as exc:
        return _refused(proposal_id, str(exc), **forms)
    return redirect(url_for("curator.detail", proposal_id=proposal_id), code=303)


@bp.post("/review/<int:proposal_id>/reject")
@login_required
def reject(proposal_id: int):
    _proposal_or_404(proposal_id)
    form = RejectForm(prefix="reject")
    if not form.validate_on_submit():
        return _refused(proposal_id, _form_errors(form), reject=form)
    try:
        review.reject(write_session(), proposal_id, actor=current_user.email, reason=form.reason.data)
        g.db.commit()
    except review.ReviewError as exc:
        return _refused(proposal_id, str(exc), reject=form)
    return redirect(url_for("curator.detail", proposal_id=proposal_id), code=303)


@bp.get("/audit")
@login_required
def audit():
    page = int_arg("page", 1, 1, 1_000_000)
    total = g.db.scalar(select(func.count(AuditEntry.id)))
    rows = list(g.db.scalars(
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * AUDIT_PER_PAGE).limit(AUDIT_PER_PAGE)
    ))
    entries = [{"e": e, "detail": _detail_text(e.detail)} for e in rows]
    return render_template("audit.html", entries=entries, paging=_page(total, AUDIT_PER_PAGE, page))


def _detail_text(detail) -> str:
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str) if detail else ""
    return text if len(text) <= 400 else text[:400] + "…"
