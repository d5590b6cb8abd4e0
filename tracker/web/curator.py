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

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.status import audit as audit_log
from tracker.status import history, review
from tracker.status.periods import EDITABLE_FIELDS, FIELD_CHOICES, PUBLIC, convert_field, field_kind
from tracker.status.periods import ValidationError as PeriodError
from tracker.store.models import Proposal
from tracker.web import write_session
from tracker.web.params import choice_arg, int_arg, text_arg

bp = Blueprint("curator", __name__)

QUEUE_PER_PAGE = 50
AUDIT_PER_PAGE = 50
STATUSES = (*review.STATUSES, "all")
ATTRIBUTES = review.SUGGESTIBLE
FIELD_LABELS = {
    "leaf": "Leaf (plant) status",
    "seven_oh": "7-OH rule",
    "seven_oh_threshold": "7-OH threshold (when capped)",
    "min_age": "Minimum age",
    "licensing": "Vendors need a licence",
    "labelling": "Labelling rules",
    "substances": "Substances named",
    "summary": "Summary",
    "notes": "Notes",
    "confidence": "Confidence",
    "enacted_on": "Enacted on (YYYY-MM-DD)",
}
FIELD_HINTS = {
    "seven_oh_threshold": "Needed when the 7-OH rule is “capped”, e.g. 2%.",
    "min_age": "Leave empty for none.",
    "substances": "Hold Ctrl (⌘) to choose several.",
    "confidence": "Lower it only when the new evidence is weaker.",
}
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
    for item in evidence.get("items") if isinstance(evidence.get("items"), list) else []:
        if isinstance(item, dict):  # the merged shape: one item per source that reported the event
            source = str(item.get("source") or "source")
            found += [
                (f"Official page ({source})", item.get("official_url")),
                (source.capitalize(), item.get("url")),
            ]
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
        "raw": json.dumps(evidence, indent=2, sort_keys=True, ensure_ascii=False, default=str)[
            :MAX_DIFF_CHARS
        ]
        if raw
        else None,
    }


def suggested_changes(proposal: Proposal, current) -> list[dict]:
    """The suggested attributes beside today's values, one row per attribute."""
    rows = []
    for name, value in review.suggestion(proposal).attributes.items():
        now = getattr(current, name) if current is not None else None
        rows.append(
            {
                "name": name,
                "now": _shown(now),
                "suggested": _shown(value),
                "changes": not review.records(current, {name: value}),
            }
        )
    return rows


def _shown(value):
    return ", ".join(value) if isinstance(value, (list, tuple)) else value


def _rules(proposal: Proposal) -> list[str]:
    return list(review.suggestion(proposal).rules)


# ---------------------------------------------------------------- forms


def _reasonable_date(form, field) -> None:
    if field.data is not None and not 1900 <= field.data.year <= 2200:
        raise ValidationError("must be a year between 1900 and 2200")


def _http_url(form, field) -> None:
    if field.data and web_url(field.data) is None:
        raise ValidationError("must be an http:// or https:// address")


class AcceptForm(FlaskForm):
    effective = DateField(
        "Effective date",
        validators=[DataRequired(message="give the date the change took effect"), _reasonable_date],
    )
    citation_url = URLField(
        "Citation URL",
        validators=[
            DataRequired(message="give the citation's address"),
            Length(max=2000),
            _http_url,
        ],
    )
    citation_label = StringField(
        "Citation label (optional)", validators=[Optional(), Length(max=500)]
    )
    add_citation = BooleanField(
        "If this change is already recorded, add this citation to that period"
    )


def _converts(form, field) -> None:
    """The one conversion the CLI's --set uses too (tracker.status.periods.convert_field); an absent field is left out."""
    if not field.raw_data and field_kind(field.short_name) not in ("bool", "choices"):
        return
    try:
        field.converted = convert_field(field.short_name, field.data)
    except PeriodError as exc:
        raise ValidationError(exc.message) from None


def _edit_field(name: str):
    """A form field for one editable period field, by its kind in tracker.status.periods."""
    # a field with no form label of its own is labelled with its declared description
    kind, label = field_kind(name), FIELD_LABELS.get(name) or PUBLIC[name].description.capitalize()
    if kind == "choice":
        return SelectField(
            label, choices=list(FIELD_CHOICES[name]), validate_choice=False, validators=[_converts]
        )
    if kind == "choices":
        return SelectMultipleField(
            label, choices=list(FIELD_CHOICES[name]), validate_choice=False, validators=[_converts]
        )
    if kind == "bool":
        return BooleanField(label, validators=[_converts])
    if name in ("summary", "notes"):
        return TextAreaField(label, validators=[Optional(), Length(max=5000), _converts])
    return StringField(label, validators=[Length(max=200), _converts])


class EditForm(AcceptForm):
    drop_citations = SelectMultipleField(
        "Citations not to carry over (they stay in the history)", choices=[], validate_choice=False
    )

    def changes(self, submitted) -> dict:
        """The fields the curator submitted, converted; an absent text field keeps the inherited value."""
        out = {}
        for name in EDITABLE_FIELDS:
            f = getattr(self, name)
            if field_kind(name) == "bool" or f.name in submitted:
                out[name] = f.converted
        return out


for _name in EDITABLE_FIELDS:
    setattr(EditForm, _name, _edit_field(_name))


class CiteForm(FlaskForm):
    citation_url = URLField(
        "Citation URL",
        validators=[
            DataRequired(message="give the citation's address"),
            Length(max=2000),
            _http_url,
        ],
    )
    citation_label = StringField(
        "Citation label (optional)", validators=[Optional(), Length(max=500)]
    )


class BulkRejectForm(FlaskForm):
    reason = TextAreaField(
        "Reason", validators=[DataRequired(message="give a reason"), Length(max=2000)]
    )
    expected = HiddenField()
    source = HiddenField()
    jurisdiction = HiddenField()
    kind = HiddenField()
    has_suggestion = HiddenField()


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Reason", validators=[DataRequired(message="give a reason"), Length(max=2000)]
    )


def _form_errors(*forms: FlaskForm) -> str:
    parts = []
    for form in forms:
        for name, errors in form.errors.items():
            label = getattr(getattr(form, name, None), "label", None)
            parts.append(f"{label.text if label else name}: {'; '.join(str(e) for e in errors)}")
    return ". ".join(parts) or "The form could not be read."


# ---------------------------------------------------------------- views


def _proposal_or_404(proposal_id: int) -> Proposal:
    proposal = review.find_proposal(g.db, proposal_id)
    if proposal is None:
        abort(404, description=f"There is no proposal {proposal_id}.")
    return proposal


def _page(total: int, per: int, page: int) -> dict:
    return {"page": page, "pages": max(1, math.ceil(total / per)), "total": total, "per": per}


def _queue_filters() -> review.Filters:
    status = choice_arg("status", STATUSES, "open")
    code = text_arg("jurisdiction", 80)
    return review.Filters(
        status=None if status == "all" else status,
        source=text_arg("source", 40),
        kind=text_arg("kind", 30),
        jurisdiction=code.upper() if code else None,
        has_suggestion={"yes": True, "no": False, None: None}[
            choice_arg("has_suggestion", ("yes", "no"))
        ],
    )


def _filter_args(f: review.Filters) -> dict:
    """The filters as query/form values (absent ones left out)."""
    out = {
        "source": f.source,
        "jurisdiction": f.jurisdiction,
        "kind": f.kind,
        "has_suggestion": None
        if f.has_suggestion is None
        else ("yes" if f.has_suggestion else "no"),
    }
    return {k: v for k, v in out.items() if v}


def _row(p: Proposal) -> dict:
    data = review.proposal_json(p)
    return {
        "p": p,
        "evidence": evidence_view(p, raw=False),
        "suggested": data["suggested"],
        "term": data["matched_term"],
        "category": data["suggested_category"],
        "effective": data["effective_from"],
        "sources": data["sources"],
    }


@bp.get("/review")
@login_required
def queue():
    filters = _queue_filters()
    status = filters.status or "all"
    page = int_arg("page", 1, 1, 1_000_000)
    total, rows = review.proposal_page(g.db, filters, page, QUEUE_PER_PAGE)
    args = _filter_args(filters)
    bulk = None
    if status == "open" and total:
        bulk = BulkRejectForm(formdata=None, prefix="bulk", expected=str(total), **args)
    return render_template(
        "review_queue.html",
        items=[_row(p) for p in rows],
        status=status,
        statuses=STATUSES,
        paging=_page(total, QUEUE_PER_PAGE, page),
        args=args,
        filters=filters,
        bulk=bulk,
        kinds=review.proposal_kinds(g.db),
    )


@bp.post("/review/reject-all")
@login_required
def reject_all():
    """Reject every open proposal the queue's filters select; refused when the queue changed meanwhile."""
    form = BulkRejectForm(prefix="bulk")
    if not form.validate_on_submit():
        abort(400, description=_form_errors(form))
    filters = review.Filters(
        status="open",
        source=(form.source.data or "").strip()[:40] or None,
        kind=(form.kind.data or "").strip()[:30] or None,
        jurisdiction=(form.jurisdiction.data or "").strip().upper()[:80] or None,
        has_suggestion={"yes": True, "no": False}.get((form.has_suggestion.data or "").strip()),
    )
    chosen = review.list_proposals(g.db, filters=filters)
    if str(len(chosen)) != (form.expected.data or "").strip():
        g.db.rollback()
        abort(
            409,
            description=f"The queue changed: {len(chosen)} open proposals match these filters now, "
            f"not {form.expected.data}. Nothing was rejected; look at the list again.",
        )
    try:
        review.reject_all(g.db, filters, actor=current_user.email, reason=form.reason.data)
        g.db.commit()
    except review.ReviewError as exc:
        g.db.rollback()
        abort(400, description=str(exc))
    return redirect(url_for("curator.queue", status="rejected", **_filter_args(filters)), code=303)


def _current_for(proposal: Proposal):
    sug = review.suggestion(proposal)
    return history.status_on(g.db, proposal.jurisdiction, sug.effective_from or date.today()), sug


def _detail(
    proposal: Proposal,
    *,
    accept=None,
    edit=None,
    reject=None,
    cite=None,
    error: str | None = None,
    code: int = 200,
):
    current, sug = _current_for(proposal)
    accept = accept or AcceptForm(formdata=None)
    edit = edit or EditForm(formdata=None, prefix="edit")
    reject = reject or RejectForm(formdata=None, prefix="reject")
    cite = cite or CiteForm(formdata=None, prefix="cite")
    evidence = evidence_view(proposal)
    first, _official = review.default_citation(proposal)
    first = web_url(first) or next(
        (link["href"] for link in evidence["links"] if link["href"]), None
    )
    for form in (accept, edit, cite):
        if form.citation_url.data is None:
            form.citation_url.data = first
    for form in (accept, edit):
        if form.effective.data is None and not form.errors:
            form.effective.data = sug.effective_from
    edit.drop_citations.choices = [
        (c.url, f"{c.label} — {c.url}") for c in (current.citations if current else [])
    ]
    if edit.leaf.data is None:
        values = (
            {name: getattr(current, name) for name in EDITABLE_FIELDS}
            if current is not None
            else {}
        )
        values.update(sug.attributes)
        if sug.enacted_on:
            values["enacted_on"] = sug.enacted_on
        for name in EDITABLE_FIELDS:
            if name in values:
                getattr(edit, name).data = (
                    list(values[name] or ()) if field_kind(name) == "choices" else values[name]
                )
        edit.leaf.data = edit.leaf.data or "unregulated"
        edit.seven_oh.data = edit.seven_oh.data or "unregulated"
        edit.confidence.data = edit.confidence.data or "medium"
    period, confirmed = review.linked_periods(g.db, proposal)
    data = review.proposal_json(proposal)
    return render_template(
        "review_detail.html",
        p=proposal,
        evidence=evidence,
        current=current,
        changes=suggested_changes(proposal, current),
        rules=_rules(proposal),
        accept=accept,
        edit=edit,
        reject=reject,
        cite=cite,
        error=error,
        period=period,
        confirmed=confirmed,
        sug=sug,
        data=data,
        edit_fields=[getattr(edit, n) for n in EDITABLE_FIELDS],
        hints=FIELD_HINTS,
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
    """Accept with the fields as the curator edited them (the attributes given explicitly)."""
    _proposal_or_404(proposal_id)
    form = EditForm(prefix="edit")
    form.drop_citations.choices = [(u, u) for u in request.form.getlist("edit-drop_citations")]
    if not form.validate_on_submit():
        return _refused(proposal_id, _form_errors(form), edit=form)
    return _accept(
        proposal_id,
        form,
        form.changes(request.form),
        edit=form,
        drop_citations=tuple(form.drop_citations.data or ()),
    )


@bp.post("/review/<int:proposal_id>/cite")
@login_required
def cite(proposal_id: int):
    """Add an already-recorded proposal's citation to the period it confirms (a new belief, audited)."""
    _proposal_or_404(proposal_id)
    form = CiteForm(prefix="cite")
    if not form.validate_on_submit():
        return _refused(proposal_id, _form_errors(form), cite=form)
    try:
        review.accept(
            g.db,
            proposal_id,
            actor=current_user.email,
            citation_url=form.citation_url.data.strip(),
            citation_label=(form.citation_label.data or "").strip() or None,
            add_citation=True,
        )
        g.db.commit()
    except (review.ReviewError, PeriodError) as exc:
        return _refused(proposal_id, str(exc), cite=form)
    return redirect(url_for("curator.detail", proposal_id=proposal_id), code=303)


def _accept(
    proposal_id: int,
    form: AcceptForm,
    changes: dict | None,
    drop_citations: tuple[str, ...] = (),
    **forms,
):
    try:
        review.accept(
            write_session(),
            proposal_id,
            actor=current_user.email,
            effective=form.effective.data,
            citation_url=form.citation_url.data.strip(),
            citation_label=(form.citation_label.data or "").strip() or None,
            changes=changes,
            drop_citations=drop_citations,
            add_citation=bool(form.add_citation.data),
            shown_as=current_user.public_name,
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
        review.reject(
            write_session(), proposal_id, actor=current_user.email, reason=form.reason.data
        )
        g.db.commit()
    except review.ReviewError as exc:
        return _refused(proposal_id, str(exc), reject=form)
    return redirect(url_for("curator.detail", proposal_id=proposal_id), code=303)


@bp.get("/audit")
@login_required
def audit():
    page = int_arg("page", 1, 1, 1_000_000)
    total, rows = audit_log.audit_page(g.db, page, AUDIT_PER_PAGE)
    entries = [{"e": e, "detail": _detail_text(e.detail)} for e in rows]
    return render_template("audit.html", entries=entries, paging=_page(total, AUDIT_PER_PAGE, page))


def _detail_text(detail) -> str:
    text = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str) if detail else ""
    return text if len(text) <= 400 else text[:400] + "…"
