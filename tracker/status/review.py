"""Curator review of proposals: accept through the one write path, or reject with a reason.

Accepting never loses curated facts:
- a proposal whose suggested change is already what the history records for that date is closed
  as ``already_recorded`` (when it is raised, or when a curator accepts it), linked to the period
  it confirms; its citation is added to that period only when the curator asks (``add_citation``);
- accepting a real change inherits the citations, summary, notes, enacted_on and confidence of the
  period it replaces unless the curator changes them, adds the proposal's citation (the official
  URL first), never lowers the confidence unless the curator gives a lower one, and records in the
  audit log exactly which fields changed.

Proposal shapes read here (the scrapers write them, see tracker/ingest/reconcile.py and tracker/ingest/suggest.py):
``suggested = {attributes: {...}, category, effective_from, effective_basis, enacted_on, act, reason,
matched_term, official_url}``; the suggestion engine's flat form (the attributes at the top level
beside ``established``, ``rules``, ``reason``, ``effective_from``, ``enacted_on``, ``act``, ``category``,
``official_url``, ``confirms_period``); the oldest flat form (``{leaf: ..., rules: [...]}``).
``evidence = {items: [{source, url, official_url, title, ...}], links: [...], url, ...}``, or the older
``{url, bill | notice | diff}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.status import codebook, history
from tracker.status.periods import (
    ATTRIBUTE_FIELDS,
    EDITABLE_FIELDS,
    CitationInput,
    PeriodInput,
    ValidationError,
    convert_field,
    convert_fields,
)
from tracker.store.models import AuditEntry, Jurisdiction, Proposal, StatusPeriod, utcnow

OPEN, ACCEPTED, REJECTED, ALREADY_RECORDED = "open", "accepted", "rejected", "already_recorded"
STATUSES = (OPEN, ACCEPTED, REJECTED, ALREADY_RECORDED)
SUGGESTIBLE = ATTRIBUTE_FIELDS
AUTO_ACTOR = "tracker"
CONFIDENCE_RANK = {
    c: i for i, c in enumerate(reversed(codebook.CONFIDENCE_VALUES))
}  # low 0 < medium 1 < high 2

# Citation kinds by proposal kind, best first; the first one the codebook knows is used (the
# vocabulary is being widened, issue #13: bill_page, gazette, agency_rule, official_release, ...).
_OFFICIAL_KINDS = {
    "bill_enacted": ("bill_page", "session_law", "bill"),
    "notice": ("gazette", "notice"),
    "listing_changed": ("agency_rule", "rule"),
    "section_changed": ("agency_rule", "rule"),
    "page_changed": ("official_release", "official-statement"),
}
_SECONDARY_KINDS = {
    "section_changed": ("encyclopedia", "secondary"),
    "bill_enacted": ("aggregator", "secondary"),
    "notice": ("aggregator", "secondary"),
}


class ReviewError(ValueError):
    """A review action that cannot be done (unknown proposal, already decided, missing input)."""


# ---------------------------------------------------------------- reading a proposal


@dataclass(frozen=True)
class Suggestion:
    """A proposal's suggested change, read from either shape of ``proposal.suggested``."""

    attributes: dict
    category: str | None = None
    effective_from: date | None = None
    effective_basis: str | None = None
    enacted_on: date | None = None
    act: str | None = None
    reason: str | None = None
    matched_term: str | None = None
    official_url: str | None = None
    rules: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.attributes and not self.category


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def suggestion(proposal: Proposal) -> Suggestion:
    """The suggested change of a proposal (new nested shape or the old flat one); bad values are dropped."""
    raw = proposal.suggested if isinstance(proposal.suggested, dict) else {}
    flat = raw.get("attributes") if isinstance(raw.get("attributes"), dict) else raw
    attributes = {}
    for name in ATTRIBUTE_FIELDS:
        if name in flat:
            try:
                attributes[name] = convert_field(name, flat[name])
            except ValidationError:
                continue  # a scraper's bad value is not a suggestion
    if attributes.get("seven_oh", "capped") != "capped":
        attributes.pop("seven_oh_threshold", None)
    rules = raw.get("rules")
    rules = tuple(str(r) for r in rules) if isinstance(rules, list) else ()
    category = raw.get("category") if raw.get("category") in codebook.CATEGORIES else None
    return Suggestion(
        attributes=attributes,
        category=category,
        effective_from=_day(raw.get("effective_from")),
        effective_basis=_text(raw.get("effective_basis")),
        enacted_on=_day(raw.get("enacted_on")),
        act=_text(raw.get("act")),
        reason=_text(raw.get("reason")) or ("; ".join(rules) or None),
        matched_term=_text(raw.get("matched_term")),
        official_url=http_url_or_none(raw.get("official_url")),
        rules=rules,
    )


def http_url_or_none(value) -> str | None:
    """The value when it is an http(s) URL, else None."""
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


# Bill trackers and aggregators: their pages are cited second, after the legislature's own.
AGGREGATOR_HOSTS = (
    "openstates.org",
    "legiscan.com",
    "legiplex.com",
    "fastdemocracy.com",
    "billtrack50.com",
    "trackbill.com",
    "pluralpolicy.com",
)


def is_aggregator(url: str | None) -> bool:
    host = (urlsplit(url).hostname or "") if isinstance(url, str) else ""
    return any(host == h or host.endswith("." + h) for h in AGGREGATOR_HOSTS)


def _official_looking(url: str) -> bool:
    """Not an aggregator's or an encyclopedia's page: a curator's or a legislature's own URL."""
    host = urlsplit(url).hostname or ""
    return not is_aggregator(url) and not (
        host == "wikipedia.org" or host.endswith(".wikipedia.org")
    )


def evidence_items(proposal: Proposal) -> list[dict]:
    """The evidence as a list of items {source, url, official_url, title, ...} (either shape).

    In the older shape the official URL is the first of the bill's `sources` (Open States lists
    the legislature's pages there; LegiScan its `state_link`) that is not an aggregator's page."""
    ev = proposal.evidence if isinstance(proposal.evidence, dict) else {}
    items = ev.get("items")
    if isinstance(items, list):
        return [dict(i) for i in items if isinstance(i, dict)]
    inner = (
        ev.get("bill")
        if isinstance(ev.get("bill"), dict)
        else ev.get("notice")
        if isinstance(ev.get("notice"), dict)
        else {}
    )
    sources = inner.get("sources") if isinstance(inner.get("sources"), list) else []
    official = ev.get("official_url") or next(
        (u for u in sources if http_url_or_none(u) and not is_aggregator(u)), None
    )
    return [
        {
            "source": proposal.source,
            "url": ev.get("url") or inner.get("url"),
            "official_url": official,
            "title": inner.get("title") or proposal.title,
            "abstract": inner.get("abstract"),
            **({"diff": ev["diff"]} if isinstance(ev.get("diff"), str) else {}),
        }
    ]


def evidence_urls(proposal: Proposal) -> list[str]:
    """Every http(s) URL of the evidence, official ones first, without repeats."""
    items = evidence_items(proposal)
    ev = proposal.evidence if isinstance(proposal.evidence, dict) else {}
    links = (
        [u for u in ev.get("links") or [] if isinstance(u, str)]
        if isinstance(ev.get("links"), list)
        else []
    )
    found = (
        [i.get("official_url") for i in items]
        + [u for u in links if not is_aggregator(u)]
        + [i.get("url") for i in items]
        + links
    )
    return list(dict.fromkeys(u for u in map(http_url_or_none, found) if u))


def sources(proposal: Proposal) -> list[str]:
    """Every source that reported the proposal's event (one for an unmerged proposal)."""
    named = [i.get("source") for i in evidence_items(proposal)]
    return list(dict.fromkeys(s for s in [proposal.source, *named] if isinstance(s, str) and s))


def default_citation(proposal: Proposal) -> tuple[str | None, bool]:
    """The URL to cite by default and whether it is the official one (legislature, agency, gazette)."""
    official = suggestion(proposal).official_url or next(
        (
            u
            for u in (http_url_or_none(i.get("official_url")) for i in evidence_items(proposal))
            if u
        ),
        None,
    )
    if official:
        return official, True
    return next(
        (u for u in (http_url_or_none(i.get("url")) for i in evidence_items(proposal)) if u), None
    ), False


def _citation_kind(proposal: Proposal, official: bool) -> str:
    wanted = (_OFFICIAL_KINDS if official else _SECONDARY_KINDS).get(proposal.kind, ("secondary",))
    return next(
        (k for k in (*wanted, "secondary") if k in codebook.CITATION_KINDS),
        codebook.CITATION_KINDS[-1],
    )


def confirmed_period_id(proposal: Proposal) -> int | None:
    """The period an already-recorded proposal confirms: the column, else the suggestion engine's note."""
    if proposal.confirms_period_id is not None:
        return proposal.confirms_period_id
    value = (
        proposal.suggested.get("confirms_period") if isinstance(proposal.suggested, dict) else None
    )
    return value if isinstance(value, int) and proposal.status == ALREADY_RECORDED else None


def duplicate_of(proposal: Proposal) -> int | None:
    """The proposal this one repeats, when the scrapers linked them (a column or an evidence key)."""
    value = getattr(proposal, "duplicate_of_id", None)
    if value is None and isinstance(proposal.evidence, dict):
        value = proposal.evidence.get("duplicate_of")
    return value if isinstance(value, int) else None


def proposal_json(proposal: Proposal) -> dict:
    """One proposal for machines (`review list --json`, `review show --json`)."""
    sug = suggestion(proposal)
    url, _official = default_citation(proposal)
    return {
        "id": proposal.id,
        "status": proposal.status,
        "kind": proposal.kind,
        "jurisdiction": proposal.jurisdiction.code,
        "title": proposal.title,
        "sources": sources(proposal),
        "evidence": evidence_urls(proposal),
        "suggested": sug.attributes
        | (
            {"substances": list(sug.attributes["substances"])}
            if "substances" in sug.attributes
            else {}
        ),
        "suggested_category": sug.category or _derived_category(sug.attributes),
        "effective_from": sug.effective_from.isoformat() if sug.effective_from else None,
        "effective_basis": sug.effective_basis,
        "enacted_on": sug.enacted_on.isoformat() if sug.enacted_on else None,
        "act": sug.act,
        "matched_term": sug.matched_term or _matched_term(proposal),
        "citation": url,
        "reason": sug.reason,
        "confirms_period": confirmed_period_id(proposal),
        "duplicate_of": duplicate_of(proposal),
        "period": proposal.period_id,
        "created_at": proposal.created_at.isoformat() if proposal.created_at else None,
        "decided_at": proposal.decided_at.isoformat() if proposal.decided_at else None,
        "decided_by": proposal.decided_by,
        "decision_reason": proposal.reason,
    }


def _derived_category(attributes: dict) -> str | None:
    """The category a suggestion implies when it names the leaf (the codebook's one rule)."""
    if "leaf" not in attributes:
        return None
    return codebook.derive_category(
        attributes["leaf"], attributes.get("seven_oh", "unregulated"), attributes.get("min_age")
    )


def _matched_term(proposal: Proposal) -> str | None:
    ev = proposal.evidence if isinstance(proposal.evidence, dict) else {}
    inner = (
        ev.get("bill")
        if isinstance(ev.get("bill"), dict)
        else ev.get("notice")
        if isinstance(ev.get("notice"), dict)
        else {}
    )
    terms = inner.get("matched_terms")
    return str(terms[0]) if isinstance(terms, list) and terms else None


# ---------------------------------------------------------------- listing


@dataclass(frozen=True)
class Filters:
    """Which proposals a list or a bulk action covers; None = any."""

    status: str | None = OPEN
    source: str | None = None
    jurisdiction: str | None = None
    kind: str | None = None
    has_suggestion: bool | None = None

    def matches(self, p: Proposal) -> bool:
        """The filters SQL cannot apply portably (inside the JSON columns)."""
        if self.source and self.source not in sources(p):
            return False
        if self.has_suggestion is not None and (not suggestion(p).empty) != self.has_suggestion:
            return False
        return True


def list_proposals(
    session: Session, status: str | None = OPEN, *, filters: Filters | None = None
) -> list[Proposal]:
    """Proposals, newest first, matching the filters (by default the open ones)."""
    filters = filters or Filters(status=status)
    stmt = (
        select(Proposal)
        .options(selectinload(Proposal.jurisdiction))
        .order_by(Proposal.created_at.desc(), Proposal.id.desc())
    )
    if filters.status:
        stmt = stmt.where(Proposal.status == filters.status)
    if filters.kind:
        stmt = stmt.where(Proposal.kind == filters.kind)
    if filters.jurisdiction:
        stmt = stmt.join(Jurisdiction, Jurisdiction.id == Proposal.jurisdiction_id).where(
            Jurisdiction.code == filters.jurisdiction.strip().upper()
        )
    return [p for p in session.scalars(stmt) if filters.matches(p)]


def proposal_page(
    session: Session, filters: Filters, page: int, per: int
) -> tuple[int, list[Proposal]]:
    """One page of the proposals the filters select, newest first, and how many match in all.

    Filters on the JSON columns (source, has a suggestion) are applied in Python, so those read every
    match and slice; the others count and page in SQL."""
    if filters.source or filters.has_suggestion is not None:
        chosen = list_proposals(session, filters=filters)
        return len(chosen), chosen[(page - 1) * per : page * per]
    where = [] if filters.status is None else [Proposal.status == filters.status]
    if filters.kind:
        where.append(Proposal.kind == filters.kind)
    if filters.jurisdiction:
        where.append(
            Proposal.jurisdiction_id.in_(
                select(Jurisdiction.id).where(Jurisdiction.code == filters.jurisdiction)
            )
        )
    total = session.scalar(select(func.count(Proposal.id)).where(*where))
    rows = list(
        session.scalars(
            select(Proposal)
            .where(*where)
            .options(selectinload(Proposal.jurisdiction))
            .order_by(Proposal.created_at.desc(), Proposal.id.desc())
            .offset((page - 1) * per)
            .limit(per)
        )
    )
    return total, rows


def proposal_kinds(session: Session) -> list[str]:
    """Every kind of proposal recorded, sorted (the queue's kind filter)."""
    return sorted(set(session.scalars(select(Proposal.kind).distinct())))


def find_proposal(session: Session, proposal_id: int) -> Proposal | None:
    """One proposal, or None."""
    return session.get(Proposal, proposal_id)


def linked_periods(
    session: Session, proposal: Proposal
) -> tuple[StatusPeriod | None, StatusPeriod | None]:
    """The period an accepted proposal wrote, and the period an already-recorded close confirmed."""
    period = (
        session.get(StatusPeriod, proposal.period_id) if proposal.period_id is not None else None
    )
    confirmed_id = confirmed_period_id(proposal)
    confirmed = session.get(StatusPeriod, confirmed_id) if confirmed_id is not None else None
    return period, confirmed


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    """One proposal, or ReviewError."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise ReviewError(f"no proposal with id {proposal_id}")
    return proposal


def _locked(session: Session, proposal_id: int, allowed: tuple[str, ...] = (OPEN,)) -> Proposal:
    # Lock the row (PostgreSQL) so two curators deciding at once cannot both succeed; SQLite
    # serialises writers and refuses the second transaction's stale write.
    # populate_existing: a proposal this session loaded before (the page's own read) is refreshed
    # from the locked row, so the second of two concurrent accepts sees "accepted" (issue #10)
    proposal = session.get(Proposal, proposal_id, with_for_update=True, populate_existing=True)
    if proposal is None:
        raise ReviewError(f"no proposal with id {proposal_id}")
    if proposal.status not in allowed:
        if proposal.status == ALREADY_RECORDED:
            raise ReviewError(
                f"proposal {proposal_id} is already recorded (period {confirmed_period_id(proposal)}); "
                "nothing to accept or reject (--add-citation adds its citation to that period)"
            )
        raise ReviewError(f"proposal {proposal_id} is already {proposal.status}")
    return proposal


def _next_start(periods: list[StatusPeriod], effective: date) -> date | None:
    later = [p.effective_from for p in periods if p.effective_from and p.effective_from > effective]
    return min(later) if later else None


# ---------------------------------------------------------------- already recorded


def _same(name: str, now, wanted) -> bool:
    if name == "substances":
        return sorted(now or ()) == sorted(wanted or ())
    if name == "seven_oh_threshold":
        return " ".join(str(now or "").lower().split()) == " ".join(
            str(wanted or "").lower().split()
        )
    return now == wanted


def records(period: StatusPeriod | None, attributes: dict, category: str | None = None) -> bool:
    """Whether a period already asserts every suggested attribute (or, with none, the category)."""
    if period is None or (not attributes and not category):
        return False
    if not attributes:
        return period.category == category
    return all(_same(name, getattr(period, name), value) for name, value in attributes.items())


def confirming_period(
    session: Session, proposal: Proposal, on: date | None = None
) -> StatusPeriod | None:
    """The current period that already records the proposal's change on `on` (default: its suggested
    effective date, else today), or None."""
    sug = suggestion(proposal)
    day = on or sug.effective_from or date.today()
    period = history.status_on(session, proposal.jurisdiction, day)
    return period if records(period, sug.attributes, sug.category) else None


def _confirms(proposal: Proposal, period: StatusPeriod) -> None:
    """Link the proposal to the period it confirms; the reason names it too (migration 0005 reads it back)."""
    proposal.confirms_period_id = period.id
    proposal.reason = (
        f"already recorded: period {period.id} ({period.category} from "
        f"{period.effective_from.isoformat() if period.effective_from else 'the start'})"
    )


def _mark_recorded(
    session: Session, proposal: Proposal, period: StatusPeriod, *, actor: str, detail: dict
) -> None:
    proposal.status, proposal.decided_at, proposal.decided_by = (
        ALREADY_RECORDED,
        utcnow(),
        actor[:200],
    )
    _confirms(proposal, period)
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor[:200],
            action="proposal_already_recorded",
            entity="proposal",
            entity_id=str(proposal.id),
            detail={"period_id": period.id, **detail},
        )
    )


def close_if_recorded(session: Session, proposal: Proposal) -> StatusPeriod | None:
    """Close a new proposal whose change the history already records (reconciliation time)."""
    session.flush()
    period = confirming_period(session, proposal)
    if period is None:
        return None
    _mark_recorded(session, proposal, period, actor=AUTO_ACTOR, detail={"automatic": True})
    return period


# ---------------------------------------------------------------- accept


@dataclass(frozen=True)
class Decision:
    """What accepting did: the period now recorded (or confirmed), the status, and the field changes."""

    period: StatusPeriod
    status: str
    changed: dict = field(default_factory=dict)
    citation_added: str | None = None


def _citation(proposal: Proposal, url: str | None, label: str | None) -> CitationInput:
    default_url, official = default_citation(proposal)
    url = (url or "").strip() or default_url
    if not url:
        raise ReviewError(
            "a citation URL is required (--citation); the proposal's evidence has none"
        )
    official = official or _official_looking(url)
    kind = (
        "encyclopedia"
        if _is_encyclopedia(url) and not official
        else _citation_kind(proposal, official)
    )
    return CitationInput(kind, (label or proposal.title)[:500], url, date.today())


def _is_encyclopedia(url: str) -> bool:
    """A Wikipedia page is cited as an encyclopedia whatever the proposal's source (codebook kinds)."""
    host = (urlsplit(url).hostname or "").lower()
    return host == "wikipedia.org" or host.endswith(".wikipedia.org")


def _with_citation(
    citations: tuple[CitationInput, ...], new: CitationInput
) -> tuple[CitationInput, ...]:
    return citations if any(c.url == new.url for c in citations) else (*citations, new)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def field_changes(before: PeriodInput | None, after: PeriodInput) -> dict:
    """{field: [before, after]} for every field that differs, citations as the URLs added and removed."""
    out = {}
    for name in ("effective_from", "effective_to", *EDITABLE_FIELDS, "verified_on"):
        a = getattr(before, name) if before is not None else None
        b = getattr(after, name)
        if name == "substances":
            a, b = tuple(sorted(a or ())), tuple(sorted(b or ()))
        if a != b:
            out[name] = [_plain(a), _plain(b)]
    old = [c.url for c in before.citations] if before is not None else []
    new = [c.url for c in after.citations]
    added, removed = [u for u in new if u not in old], [u for u in old if u not in new]
    if added or removed:
        out["citations"] = {"added": added, "removed": removed}
    return out


def accept(
    session: Session,
    proposal_id: int,
    *,
    actor: str,
    effective: date | None = None,
    citation_url: str | None = None,
    citation_label: str | None = None,
    changes: dict | None = None,
    summary: str | None = None,
    confidence: str | None = None,
    drop_citations: tuple[str, ...] = (),
    add_citation: bool = False,
    shown_as: str | None = None,
) -> Decision:
    """Record the proposal's suggested change from `effective` through the write path.

    `changes` are curator-set fields (EDITABLE_FIELDS, converted by tracker.status.periods.convert_field).
    When the history already records the change on that date, nothing changes: the proposal is
    closed as already recorded, and only with `add_citation` is its citation added to that period.
    An already-recorded proposal may be accepted again with `add_citation` to add the citation later.
    `actor` goes to the audit log; `shown_as` (a curator's display name, never their login e-mail)
    is what the public history says recorded it, when given.
    """
    actor = actor[
        :120
    ]  # fits the audit and decision columns with the "proposal N accepted by" prefix
    shown_as = (shown_as or actor)[:120]
    proposal = _locked(session, proposal_id, (OPEN, ALREADY_RECORDED) if add_citation else (OPEN,))
    j = proposal.jurisdiction
    sug = suggestion(proposal)
    try:
        edits = convert_fields(changes or {})
        if summary is not None:
            edits["summary"] = convert_field("summary", summary)
        if confidence is not None:
            edits["confidence"] = convert_field("confidence", confidence)
    except ValidationError as exc:
        raise ReviewError(str(exc)) from None
    confirmed = confirmed_period_id(proposal)
    effective = effective or sug.effective_from
    if effective is None and proposal.status == ALREADY_RECORDED and confirmed is not None:
        effective = _a_day_in(session.get(StatusPeriod, confirmed))
    if effective is None:
        raise ReviewError(
            f"proposal {proposal_id} suggests no effective date; give it (--effective YYYY-MM-DD)"
        )
    attributes = {**sug.attributes, **{k: v for k, v in edits.items() if k in ATTRIBUTE_FIELDS}}
    if attributes.get("seven_oh", "capped") != "capped":
        attributes.pop("seven_oh_threshold", None)
    if not attributes:
        raise ReviewError(
            f"proposal {proposal_id} suggests no codebook change; give the attributes to set (--set FIELD=VALUE)"
        )
    citation = _citation(proposal, citation_url, citation_label)
    base = history.period_covering(
        session, j, effective
    )  # the stored period, not an answer stand-in

    if proposal.status == ALREADY_RECORDED or records(base, attributes):
        other = sorted(k for k in edits if k not in ATTRIBUTE_FIELDS) + (
            ["drop_citations"] if drop_citations else []
        )
        if other:
            raise ReviewError(
                f"the change is already recorded (period {base.id if base else confirmed}); "
                f"accepting it changes no period, so {', '.join(other)} cannot be set here"
            )
        return _already_recorded(
            session, proposal, base, citation if add_citation else None, actor, effective
        )

    before = history.as_input(base) if base is not None else None
    kept = before.citations if before is not None else ()
    unknown = [u for u in drop_citations if u not in {c.url for c in kept}]
    if unknown:
        raise ReviewError(f"not a citation of the period being replaced: {', '.join(unknown)}")
    kept = tuple(c for c in kept if c.url not in set(drop_citations))
    explicit_confidence = edits.get("confidence")
    fields = dict(
        effective_from=effective,
        effective_to=_next_start(history.current_periods(session, j), effective),
        citations=_with_citation(kept, citation),
        verified_on=date.today(),
        enacted_on=edits["enacted_on"]
        if "enacted_on" in edits
        else (sug.enacted_on or (before.enacted_on if before else None)),
        confidence=explicit_confidence or (before.confidence if before else "medium"),
        summary=edits["summary"]
        if "summary" in edits
        else (
            before.summary
            if before
            else f"Recorded from proposal {proposal.id}: {proposal.title}"[:1000]
        ),
        notes=edits["notes"] if "notes" in edits else (before.notes if before else None),
    )
    if before is None:
        new = PeriodInput(leaf="unregulated", seven_oh="unregulated", **fields)
    else:
        new = replace(before, **fields)
    new = history.as_input_with(new, attributes)
    changed = field_changes(before, new)
    recorded_by = f"proposal {proposal.id} accepted by {shown_as}"
    history.record_history(
        session,
        j,
        [new],
        recorded_by=recorded_by,
        reason=proposal.title,
        detail={"proposal": proposal.id, "changed": changed},
    )
    session.flush()
    period = history.period_covering(session, j, effective)
    proposal.status, proposal.decided_at, proposal.decided_by, proposal.period_id = (
        ACCEPTED,
        utcnow(),
        actor,
        period.id,
    )
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action="accept_proposal",
            entity="proposal",
            entity_id=str(proposal.id),
            detail={
                "period_id": period.id,
                "effective": effective.isoformat(),
                "citation": citation.url,
                "changed": changed,
            },
        )
    )
    return Decision(period, ACCEPTED, changed, citation.url)


def _a_day_in(period: StatusPeriod) -> date:
    if period.effective_from is not None:
        return period.effective_from
    return (
        period.effective_to - timedelta(days=1) if period.effective_to is not None else date.today()
    )


def _already_recorded(
    session: Session,
    proposal: Proposal,
    base: StatusPeriod | None,
    citation: CitationInput | None,
    actor: str,
    effective: date,
) -> Decision:
    attributes = suggestion(proposal).attributes
    if not records(
        base, attributes
    ):  # an already-recorded proposal cited later: the period it confirmed, as now believed
        confirmed = (
            session.get(StatusPeriod, confirmed_period_id(proposal))
            if confirmed_period_id(proposal)
            else None
        )
        base = (
            history.status_on(session, proposal.jurisdiction, _a_day_in(confirmed))
            if confirmed
            else None
        )
        if not records(base, attributes):
            raise ReviewError(
                f"the history no longer records what proposal {proposal.id} confirmed; accept it as a change instead"
            )
    added, period = None, base
    if citation is not None and all(c.url != citation.url for c in base.citations):
        before = history.as_input(base)
        after = replace(before, citations=(*before.citations, citation))
        changed = field_changes(before, after)
        history.record_history(
            session,
            proposal.jurisdiction,
            [after],
            recorded_by=f"proposal {proposal.id} cited by {actor}",
            reason=f"further citation from proposal {proposal.id}: {proposal.title}",
            detail={"proposal": proposal.id, "changed": changed},
        )
        session.flush()
        period = history.status_on(session, proposal.jurisdiction, _a_day_in(base))
        added = citation.url
    if proposal.status == ALREADY_RECORDED:
        _confirms(proposal, period)
        session.add(
            AuditEntry(
                at=utcnow(),
                actor=actor,
                action="cite_proposal",
                entity="proposal",
                entity_id=str(proposal.id),
                detail={"period_id": period.id, "citation_added": added},
            )
        )
    else:
        _mark_recorded(
            session,
            proposal,
            period,
            actor=actor,
            detail={"citation_added": added, "effective": effective.isoformat()},
        )
    return Decision(
        period,
        ALREADY_RECORDED,
        {"citations": {"added": [added], "removed": []}} if added else {},
        added,
    )


# ---------------------------------------------------------------- reject


def reject(session: Session, proposal_id: int, *, actor: str, reason: str) -> Proposal:
    """Close a proposal without changing any status."""
    if not (reason or "").strip():
        raise ReviewError("a reason is required to reject a proposal")
    actor = actor[:200]
    proposal = _locked(session, proposal_id)
    proposal.status, proposal.decided_at, proposal.decided_by, proposal.reason = (
        REJECTED,
        utcnow(),
        actor,
        reason.strip(),
    )
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action="reject_proposal",
            entity="proposal",
            entity_id=str(proposal.id),
            detail={"reason": reason.strip()},
        )
    )
    return proposal


def reject_all(session: Session, filters: Filters, *, actor: str, reason: str) -> list[int]:
    """Reject every open proposal the filters select (the status filter is forced to open); their ids."""
    if not (reason or "").strip():
        raise ReviewError("a reason is required to reject proposals")
    chosen = list_proposals(session, filters=replace(filters, status=OPEN))
    return [reject(session, p.id, actor=actor, reason=reason).id for p in chosen]
