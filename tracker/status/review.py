"""Curator review of proposals: accept through the one write path, or reject with a reason."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.status import history
from tracker.store.models import AuditEntry, Proposal, StatusPeriod, utcnow
from tracker.status.periods import CitationInput, PeriodInput

# The citation kind a proposal's evidence gets (codebook CITATION_KINDS): a bill page, a register
# notice, an eCFR section (an agency rule) or a Wikipedia section, a watched official page.
KIND_TO_CITATION = {
    "bill_enacted": "bill_page", "notice": "gazette", "section_changed": "encyclopedia", "page_changed": "official_release",
}
SOURCE_TO_CITATION = {"ecfr": "agency_rule", "regulations": "agency_rule"}


def citation_kind(proposal: Proposal) -> str:
    """The citation kind of a proposal's evidence."""
    return SOURCE_TO_CITATION.get(proposal.source) or KIND_TO_CITATION.get(proposal.kind, "aggregator")
SUGGESTIBLE = ("leaf", "seven_oh", "seven_oh_threshold", "min_age", "licensing", "labelling")


class ReviewError(ValueError):
    """A review action that cannot be done (unknown proposal, already decided, missing input)."""


def list_proposals(session: Session, status: str | None = "open") -> list[Proposal]:
    """Proposals, newest first, optionally only those with a status."""
    stmt = select(Proposal).order_by(Proposal.created_at.desc(), Proposal.id.desc())
    if status:
        stmt = stmt.where(Proposal.status == status)
    return list(session.scalars(stmt))


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    """One proposal, or ReviewError."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise ReviewError(f"no proposal with id {proposal_id}")
    return proposal


def _open(session: Session, proposal_id: int) -> Proposal:
    # Lock the row (PostgreSQL) so two curators deciding at once cannot both succeed; SQLite
    # serialises writers and refuses the second transaction's stale write.
    # populate_existing: a proposal this session loaded before (the page's own read) is refreshed
    # from the locked row, so the second of two concurrent accepts sees "accepted" (issue #10)
    proposal = session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None:
        raise ReviewError(f"no proposal with id {proposal_id}")
    if proposal.status != "open":
        raise ReviewError(f"proposal {proposal_id} is already {proposal.status}")
    return proposal


def _next_start(periods: list[StatusPeriod], effective: date) -> date | None:
    later = [p.effective_from for p in periods if p.effective_from and p.effective_from > effective]
    return min(later) if later else None


def accept(
    session: Session, proposal_id: int, *, actor: str, effective: date, citation_url: str | None = None,
    citation_label: str | None = None, changes: dict | None = None, summary: str | None = None,
    shown_as: str | None = None,
) -> StatusPeriod:
    """Record the proposal's suggested change from `effective` through the write path.

    `actor` goes to the audit log; `shown_as` (a curator's display name, never their login
    e-mail) is what the public history says recorded it, when given."""
    actor = actor[:120]
    shown_as = (shown_as or actor)[:120]  # fits the audit and decision columns with the "proposal N accepted by" prefix
    proposal = _open(session, proposal_id)
    j = proposal.jurisdiction
    suggested = {k: v for k, v in {**proposal.suggested, **(changes or {})}.items() if k in SUGGESTIBLE}
    if not suggested:
        raise ReviewError(f"proposal {proposal_id} suggests no codebook change; give the attributes to set")
    url = citation_url or (proposal.evidence or {}).get("url")
    if not url:
        raise ReviewError("a citation URL is required (--citation)")
    current = history.current_periods(session, j)
    base = history.period_covering(session, j, effective)
    citation = CitationInput(citation_kind(proposal), citation_label or proposal.title[:500], url, date.today())
    fields = dict(
        effective_from=effective, effective_to=_next_start(current, effective), enacted_on=None,
        citations=(citation,), confidence="medium", verified_on=date.today(), official_search=None,
        summary=summary or f"Recorded from proposal {proposal.id}: {proposal.title}"[:1000], notes=None,
    )
    if base is None:
        new = PeriodInput(leaf="unregulated", seven_oh="unregulated", **fields)
    else:
        new = history.as_input(base, **fields)
    new = history.as_input_with(new, suggested)
    history.record_history(session, j, [new], recorded_by=f"proposal {proposal.id} accepted by {shown_as}", reason=proposal.title)
    session.flush()
    period = history.period_covering(session, j, effective)
    proposal.status, proposal.decided_at, proposal.decided_by, proposal.period_id = "accepted", utcnow(), actor, period.id
    session.add(AuditEntry(at=utcnow(), actor=actor, action="accept_proposal", entity="proposal", entity_id=str(proposal.id),
                           detail={"period_id": period.id, "effective": effective.isoformat(), "citation": url}))
    return period


def reject(session: Session, proposal_id: int, *, actor: str, reason: str) -> Proposal:
    """Close a proposal without changing any status."""
    if not (reason or "").strip():
        raise ReviewError("a reason is required to reject a proposal")
    actor = actor[:200]
    proposal = _open(session, proposal_id)
    proposal.status, proposal.decided_at, proposal.decided_by, proposal.reason = "rejected", utcnow(), actor, reason.strip()
    session.add(AuditEntry(at=utcnow(), actor=actor, action="reject_proposal", entity="proposal", entity_id=str(proposal.id),
                           detail={"reason": reason.strip()}))
    return proposal
