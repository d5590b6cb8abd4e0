"""Reconciliation: upsert what scrapers saw (bills, notices, snapshots) and raise proposals.

Every function here runs inside the caller's transaction and counts what it did as
insert / update / noop, so running the same input twice gives 0 inserts and 0 updates.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from scrapers.errors import LayoutChanged
from scrapers.places import split_lines_by_jurisdiction
from scrapers.terms import match_terms
from tracker.ingest import suggest
from tracker.ingest.stages import derive_intent, derive_stage
from tracker.status import jurisdictions, review
from tracker.store.models import (
    Bill,
    BillAction,
    Content,
    Document,
    JurisdictionEvent,
    Notice,
    Proposal,
    Snapshot,
    utcnow,
)


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    noop: int = 0
    proposals: int = 0
    warnings: list = field(default_factory=list)

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _clip(value: str | None, width: int) -> str | None:
    return None if value is None else str(value)[:width]


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _jurisdiction_id(session: Session, code: str | None) -> int | None:
    j = jurisdictions.find(session, code) if code else None
    return j.id if j else None


def propose(
    session: Session,
    *,
    code: str | None,
    dedupe_key: str,
    source: str,
    kind: str,
    title: str,
    evidence: dict,
    suggested: dict,
) -> bool:
    """Create a proposal for a curator unless one with this key exists; never touches status."""
    j = jurisdictions.find(session, code) if code else None
    if j is None:
        return False
    exists = session.scalar(select(Proposal.id).where(Proposal.dedupe_key == dedupe_key[:300]))
    if exists:
        return False
    proposal = Proposal(
        jurisdiction_id=j.id,
        jurisdiction=j,
        dedupe_key=dedupe_key[:300],
        source=source,
        kind=kind,
        title=title[:2000],
        evidence=evidence,
        suggested=suggested,
        status="open",
        created_at=utcnow(),
    )
    session.add(proposal)
    if not suggested.get("predates_change"):
        # a change the history already records is closed at once (#12); one the documents date after the
        # period in force began is not that period's (suggest.complete), whatever attributes they share
        review.close_if_recorded(session, proposal)
    return True


ALREADY_RECORDED = "already_recorded"  # the review vocabulary's status (tracker/status/review.py)


def _close_if_recorded(proposal: Proposal) -> None:
    """A change the history already records, or an event it already lists, is closed at once."""
    sug = proposal.suggested or {}
    if sug.get("confirms_period") or sug.get("confirms_event"):
        proposal.status, proposal.decided_at, proposal.decided_by = (
            ALREADY_RECORDED,
            utcnow(),
            "tracker",
        )
        proposal.confirms_period_id = sug.get(
            "confirms_period"
        )  # the link h12a's review reads (#12)
        proposal.reason = (
            f"already recorded: period {sug['confirms_period']}"
            if sug.get("confirms_period")
            else f"already recorded: event {sug['confirms_event']}"
        )


def _recorded_event(session: Session, j, evidence: dict, day: str | None, by_url: bool = True):
    """A dated event the dataset already lists for this jurisdiction: same day (±3) or same citation URL."""
    from datetime import date as _date

    links = set(evidence.get("links") or []) if by_url else set()
    when = None
    try:
        when = _date.fromisoformat(str(day)[:10]) if day else None
    except ValueError:
        when = None
    rows = session.scalars(
        select(JurisdictionEvent).where(
            JurisdictionEvent.jurisdiction_id == j.id, JurisdictionEvent.superseded_at.is_(None)
        )
    )
    for event in rows:
        if event.citation_url in links or (when and abs((event.date - when).days) <= 3):
            return event
    return None


def _event_proposal(
    session: Session,
    *,
    code: str | None,
    event_key: str,
    source: str,
    kind: str,
    title: str,
    evidence: dict,
    analysis,
    event_day: str | None = None,
    by_url: bool = True,
    bill: str | None = None,
) -> bool:
    """One event, one proposal: create it, or add this source's evidence to the one that exists.

    The proposal's suggestion is completed against the jurisdiction's history; a later source that
    says more (an effective date, a suggestion where the first had none) fills in what is missing.
    """
    j = jurisdictions.find(session, code) if code else None
    if j is None:
        return False
    existing = session.scalar(select(Proposal).where(Proposal.dedupe_key == event_key[:300]))
    suggested = suggest.complete(session, j, analysis, bill=bill)
    suggested["official_url"] = (evidence.get("links") or [None])[0]
    if existing is None:
        proposal = Proposal(
            jurisdiction_id=j.id,
            dedupe_key=event_key[:300],
            source=source,
            kind=kind,
            title=title[:2000],
            evidence=evidence,
            suggested=suggested,
            status="open",
            created_at=utcnow(),
        )
        if not suggest.is_status_change(suggested) and (
            event := _recorded_event(session, j, evidence, event_day, by_url)
        ):
            suggested["confirms_event"] = event.id
        _close_if_recorded(proposal)
        session.add(proposal)
        return True
    old_ev = dict(existing.evidence or {})
    listed = {(s.get("source"), s.get("id")) for s in old_ev.get("items") or []}
    new_items = [
        s for s in evidence.get("items") or [] if (s.get("source"), s.get("id")) not in listed
    ]
    if new_items:
        old_ev["items"] = [*(old_ev.get("items") or []), *new_items]
        links = list(old_ev.get("links") or [])
        old_ev["links"] = suggest.order_links(
            [*links, *[u for u in evidence.get("links") or [] if u not in links]]
        )
        old_ev["url"] = old_ev["citation"] = (
            old_ev["links"][0] if old_ev["links"] else old_ev.get("url")
        )
        existing.evidence = old_ev
    old = dict(existing.suggested or {})
    suggested["official_url"] = old_ev.get("url") or suggested.get("official_url")
    if old.get("official_url") != suggested["official_url"] and suggest.is_status_change(old):
        old["official_url"] = suggested["official_url"]
        existing.suggested = dict(old)
    if existing.status == "open":
        if not suggest.is_status_change(old) and suggest.is_status_change(suggested):
            existing.suggested = suggested
        elif (
            not old.get("effective_from")
            and suggested.get("effective_from")
            and suggest.is_status_change(old)
        ):
            old.update(
                {
                    k: suggested.get(k)
                    for k in ("effective_from", "effective_basis", "effective_note")
                }
            )
            existing.suggested = old
    return False


def upsert_bill(session: Session, item, counts: Counts) -> Bill:
    """Insert, update or leave a bill; a relevant bill that is (or becomes) enacted raises one proposal."""
    data = item.to_json()
    digest = _hash({k: v for k, v in data.items() if k not in ("updated_at", "native")})
    row = session.scalar(
        select(Bill).where(Bill.source == item.source, Bill.external_id == item.external_id)
    )
    if row is not None and row.content_hash == digest:
        counts.add("noop")
        return row
    now = utcnow()
    jurisdiction_id = _jurisdiction_id(
        session, item.jurisdiction
    )  # before adding: no premature autoflush
    stage = derive_stage(item.actions, item.status_hint)
    if row is None:
        row = Bill(source=item.source, external_id=item.external_id, first_seen_at=now)
        session.add(row)
        counts.add("inserted")
    else:
        counts.add("updated")
    row.jurisdiction_id = jurisdiction_id
    # scraped text is untrusted: clip it to the columns' widths so PostgreSQL never refuses a row
    row.session, row.identifier, row.title, row.url = (
        _clip(item.session, 80),
        _clip(item.identifier, 80),
        item.title,
        _clip(item.url, 2000),
    )
    row.stage, row.intent = stage, derive_intent(item.title)
    row.relevant, row.matched_terms = item.relevant, list(item.matched_terms)
    row.source_updated_at, row.content_hash, row.last_changed_at = (
        _clip(item.updated_at, 40),
        digest,
        now,
    )
    row.actions = [
        BillAction(
            position=i,
            date=_clip(a.date, 40),
            description=a.description,
            classification=list(a.classification),
            chamber=_clip(a.chamber, 40),
        )
        for i, a in enumerate(item.actions)
    ]
    # not only on the transition: a bill seen before it was relevant, or enacted before we looked, still counts
    # a bill that names kratom only as taken out of it is a signed act about other things
    if stage == "enacted" and item.relevant and not suggest.names_kratom_only_as_taken_out(item):
        analysis = suggest.analyse_bill(item)
        links = suggest.bill_links(item)
        counts.proposals += _event_proposal(
            session,
            code=item.jurisdiction,
            event_key=suggest.bill_event_key(item),
            source=item.source,
            kind="bill_enacted",
            title=f"{item.identifier} ({item.session}) enacted: {item.title}",
            evidence=_evidence(
                item, links, bill=data, last_action=data["actions"][-1] if data["actions"] else None
            ),
            analysis=analysis,
            event_day=analysis.effective_from or analysis.enacted_on,
            bill=item.identifier,
        )
    return row


def _evidence(item, links: list[str], **raw) -> dict:
    """A proposal's evidence: the official link first (else the item's own URL), every link, the
    source entry that later sources of the same event are added beside, and the raw record."""
    first = links[0] if links else item.url
    return {
        "url": first,
        "citation": first,
        "links": links,
        "items": [suggest.source_entry(item, links)],
        **raw,
    }


def upsert_notice(session: Session, item, counts: Counts) -> Notice:
    """Insert, update or leave a regulatory notice; a relevant one raises one proposal per document."""
    data = item.to_json()
    digest = _hash({k: v for k, v in data.items() if k != "native"})
    row = session.scalar(
        select(Notice).where(Notice.source == item.source, Notice.external_id == item.external_id)
    )
    if row is not None and row.content_hash == digest:
        counts.add("noop")
        return row
    is_new = row is None
    jurisdiction_id = _jurisdiction_id(session, item.jurisdiction)
    if is_new:
        row = Notice(source=item.source, external_id=item.external_id, first_seen_at=utcnow())
        session.add(row)
        counts.add("inserted")
    else:
        counts.add("updated")
    row.jurisdiction_id = jurisdiction_id
    row.title, row.doc_type, row.agencies = (
        item.title,
        _clip(item.doc_type, 80),
        list(item.agencies),
    )
    row.publication_date, row.effective_on = (
        _clip(item.publication_date, 40),
        _clip(item.effective_on, 40),
    )
    row.url = _clip(item.url, 2000)
    row.abstract, row.relevant, row.content_hash = item.abstract, item.relevant, digest
    if item.relevant and suggest.notice_worth_a_proposal(item):
        links = suggest.notice_links(item)
        counts.proposals += _event_proposal(
            session,
            code=item.jurisdiction,
            event_key=suggest.notice_event_key(item),
            source=item.source,
            kind="notice",
            title=f"{item.doc_type or 'Document'}: {item.title}",
            evidence=_evidence(item, links, notice=data),
            analysis=suggest.analyse_notice(item),
            event_day=item.publication_date,
        )
    return row


def _content(session: Session, text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if session.get(Content, digest) is None:
        session.add(Content(sha256=digest, text=text, size=len(text.encode("utf-8"))))
    return digest


def latest_snapshot(session: Session, document: Document) -> Snapshot | None:
    """The newest snapshot of a document."""
    return session.scalars(
        select(Snapshot)
        .where(Snapshot.document_id == document.id)
        .order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc())
    ).first()


def unified_diff(old: str, new: str, label: str) -> str:
    """A line diff for a proposal's evidence."""
    return "\n".join(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"{label} (before)", f"{label} (after)", lineterm=""
        )
    )


SUSPECT_SHRINK = (
    0.5  # a revision that removes more than half of a section's text is suspect, not a change
)


def upsert_snapshot(session: Session, item, counts: Counts, split=None) -> Snapshot | None:
    """Store a section or page text when it changed; a real change (not the first sight) raises a proposal.

    Watched pages that lose every search term are a failure (a maintenance or error page answered 200);
    a Wikipedia revision that blanks or mostly deletes the section is suspect (a warning, the baseline
    stays); a revision that restores an earlier text closes the proposals the reverted edit raised.
    """
    if split is None and item.source == "wikipedia":
        split = split_lines_by_jurisdiction
    doc = session.scalar(
        select(Document).where(Document.source == item.source, Document.key == item.key[:1000])
    )
    code = getattr(item, "jurisdiction", None)
    if doc is None:
        doc = Document(
            source=item.source,
            key=item.key[:1000],
            title=getattr(item, "title", None),
            url=_clip(item.url, 2000),
            jurisdiction_id=_jurisdiction_id(session, code),
        )
        session.add(doc)
        session.flush()
    previous = latest_snapshot(session, doc)
    old_text = session.get(Content, previous.content_sha256).text if previous else None
    if old_text == item.text:
        counts.add("noop")
        return previous
    if (
        item.kind == "page"
        and old_text is not None
        and match_terms(old_text)
        and not match_terms(item.text)
    ):
        raise LayoutChanged(
            f"{item.url}: the page no longer names any search term (a maintenance or error page?)"
        )
    if item.source == "wikipedia" and old_text and _suspect(old_text, item.text):
        counts.warnings.append(
            f"{item.key}: revision {getattr(item, 'revision_id', None) or '?'} removes "
            f"{100 - round(100 * len(item.text) / len(old_text))}% of the section; suspect, baseline kept"
        )
        return previous
    digest = _content(session, item.text)
    snap = Snapshot(
        document_id=doc.id,
        content_sha256=digest,
        fetched_at=utcnow(),
        revision=_clip(getattr(item, "revision_id", None), 80),
        url=_clip(item.url, 2000),
    )
    session.add(snap)
    counts.add("inserted")
    if item.source == "ecfr":
        counts.proposals += _listing_change(session, item, old_text)
        return snap
    if previous is None:
        return snap  # the first sight is the baseline, not a change
    if _close_reverted(session, item, digest):
        return snap  # a revert: the proposals it undoes are closed, nothing new to propose
    changes = []
    for target, old_part, new_part in _changed_parts(item, old_text or "", split):
        if item.kind == "page":
            if not _mentions_status(old_part, new_part):
                continue
            added = "\n".join(
                line for line in new_part.splitlines() if line not in set(old_part.splitlines())
            )
            # an agency's statement of a rule in force can establish a status; a recommendation is an event at most
            analysis = suggest.analyse_page(added)
            if not suggest.worth_a_page_proposal(analysis):
                continue  # an undated detail that establishes nothing (a fee, a form, an address)
        else:
            before, after = suggest.line_status(old_part), suggest.line_status(new_part)
            if before == after or suggest.same_line_status(old_part, new_part):
                continue  # wording only: the same status before and after, or no status at all
            if suggest.only_numbers_changed(old_part, new_part):
                # an age or a year changed in a line otherwise unchanged, with no source to show: a curator's check
                counts.warnings.append(
                    f"{item.key}: revision {getattr(item, 'revision_id', None) or '?'} changes only a number "
                    f"in the {target} line(s); unsourced, not proposed"
                )
                continue
            analysis = suggest.analyse_lines(new_part)
        changes.append((target, old_part, new_part, analysis))
    if not changes:
        return snap
    target, old_part, new_part, analysis = changes[0]  # one revision, at most one proposal
    j = jurisdictions.find(session, target)
    suggested = suggest.complete(session, j, analysis) if j is not None else analysis.as_dict()
    label = getattr(item, "title", None) or item.url
    # a listed event near the day closes an event, never a status change: only a period that asserts the
    # suggested attributes records a change in status (complete() sets confirms_period for that)
    if (
        item.kind == "page"
        and not suggest.is_status_change(suggested)
        and (
            event := _recorded_event(
                session, j, {}, analysis.effective_from or analysis.dated, by_url=False
            )
        )
    ):
        suggested["confirms_event"] = event.id
    entry = {
        "source": item.source,
        "id": item.key,
        "url": item.url,
        "official_url": item.url,
        "revision": getattr(item, "revision_id", None),
        "title": label,
    }
    if _joins_open_change(session, j, suggested, entry):
        return snap  # the same change a bill or notice already proposes: one proposal, one more piece of evidence
    created = propose(
        session,
        code=target,
        dedupe_key=f"snapshot:{item.source}:{item.key}:{getattr(item, 'revision_id', None) or digest}",
        source=item.source,
        kind=f"{item.kind}_changed",
        title=f"{label} changed for {', '.join(c[0] for c in changes[:6])}{' …' if len(changes) > 6 else ''}",
        evidence={
            "url": item.url,
            "citation": item.url,
            "links": [item.url],
            "revision": getattr(item, "revision_id", None),
            "before_sha": previous.content_sha256,
            "after_sha": digest,
            "items": [
                {"source": item.source, "id": item.key, "url": item.url, "official_url": item.url}
            ],
            "diff": unified_diff(old_part, new_part, item.key),
            "changes": [
                {"jurisdiction": c, "diff": unified_diff(o, n, item.key)[:4000]}
                for c, o, n, _ in changes
            ],
        },
        suggested=suggested,
    )
    if created:
        session.flush()
        proposal = session.scalar(
            select(Proposal).where(
                Proposal.dedupe_key
                == (
                    f"snapshot:{item.source}:{item.key}:{getattr(item, 'revision_id', None) or digest}"
                )[:300]
            )
        )
        _close_if_recorded(
            proposal
        )  # the history already records what the edit says: closed at once
        counts.proposals += int(proposal.status == "open")
    return snap


def _joins_open_change(session: Session, j, suggested: dict, entry: dict) -> bool:
    """Add an encyclopedia's report to an open proposal for the same jurisdiction, category and date."""
    if j is None or not suggest.is_status_change(suggested):
        return False
    for proposal in session.scalars(
        select(Proposal).where(Proposal.jurisdiction_id == j.id, Proposal.status == "open")
    ):
        other = proposal.suggested or {}
        if (
            suggest.is_status_change(other)
            and other.get("category") == suggested.get("category")
            and _same_day(other, suggested)
        ):
            ev = dict(proposal.evidence or {})
            ev["items"] = [*(ev.get("items") or []), entry]
            ev["links"] = suggest.order_links([*(ev.get("links") or []), entry["url"]])
            proposal.evidence = ev
            return True
    return False


def _same_day(one: dict, other: dict) -> bool:
    """Two suggestions date the same change: the same effective date, or (where one gives none) its approval or
    signing day within three days of the other's date."""
    if one.get("effective_from") == other.get("effective_from"):
        return True
    days = []
    for sug in (one, other):
        day = sug.get("effective_from") or sug.get("enacted_on")
        days.append(date.fromisoformat(str(day)[:10]) if day else None)
    undated = not one.get("effective_from") or not other.get("effective_from")
    return undated and None not in days and abs((days[0] - days[1]).days) <= 3


def _suspect(old: str, new: str) -> bool:
    return len(old) >= 200 and len(new) < SUSPECT_SHRINK * len(old)


def _mentions_status(old: str, new: str) -> bool:
    """A watched page's change matters when the changed lines name a term or a status word."""
    lines = set(old.splitlines()) ^ set(new.splitlines())
    text = "\n".join(lines)
    return bool(match_terms(text)) or bool(suggest.line_status(text))


def _close_reverted(session: Session, item, digest: str) -> bool:
    """Close the open proposals of this document whose 'before' text is what the page says again."""
    prefix = f"snapshot:{item.source}:{item.key}:"
    closed = False
    for proposal in session.scalars(
        select(Proposal).where(
            Proposal.dedupe_key.startswith(prefix[:300]), Proposal.status == "open"
        )
    ):
        if (proposal.evidence or {}).get("before_sha") == digest:
            proposal.status, proposal.decided_at, proposal.decided_by = (
                "rejected",
                utcnow(),
                "reconcile",
            )
            proposal.reason = (
                f"reverted by revision {getattr(item, 'revision_id', None) or digest[:12]}"
            )
            closed = True
    return closed


def _listing_change(session: Session, item, old_text: str | None) -> int:
    """eCFR: a proposal only when the count of a kratom alkaloid in the schedules changes (0 → n: controlled)."""
    native = item.native if isinstance(item.native, dict) else {}
    if "count" not in native:
        return 0
    count = int(native["count"])
    m = re.search(r":\s*(\d+) match", old_text or "")
    before = int(m.group(1)) if m else 0  # first sight: the tracker believes nothing is listed
    if count == before:
        return 0
    substance = native.get("query") or ""
    text = (
        f"{substance} is listed in {native.get('where') or 'the schedules'} as a controlled substance (Schedule I)"
        if count and not before
        else f"{substance}: {before} → {count} matches in {native.get('where')}"
    )
    analysis = suggest.analyse([("eCFR", text)]) if count and not before else suggest.Analysis()
    if not count:
        analysis.effective_note = "no longer listed; the documents do not say since when"
    elif not analysis.effective_note and not analysis.effective_from:
        analysis.effective_note = (
            "the eCFR count does not give the rule's effective date; see the Federal Register rule"
        )
    return _event_proposal(
        session,
        code="US",
        event_key=f"ecfr:{native.get('where') or item.key}:{'listed' if count else 'delisted'}",
        source=item.source,
        kind="listing_changed",
        title=f"{item.title}: {before} → {count} match(es)",
        evidence={
            "url": item.url,
            "citation": item.url,
            "links": [item.url],
            "items": [
                {"source": item.source, "id": item.key, "url": item.url, "official_url": item.url}
            ],
            "count": {"before": before, "after": count},
        },
        analysis=analysis,
    )


def _changed_parts(item, old_text: str, split) -> Iterable[tuple[str, str, str]]:
    """(jurisdiction, old lines, new lines) for every jurisdiction whose lines changed.

    A jurisdiction whose lines were only removed is left out: a deleted claim is not evidence of a
    new status (a revert of a vandal's line, a trimmed paragraph)."""
    if item.kind == "page" or split is None:
        code = getattr(item, "jurisdiction", None)
        if code:
            yield code, old_text, item.text
        return
    before, after = split(old_text), split(item.text)
    for code in sorted(set(before) | set(after)):
        old_lines, new_lines = before.get(code, []), after.get(code, [])
        if old_lines == new_lines or set(new_lines) <= set(old_lines):
            continue
        yield code, "\n".join(old_lines), "\n".join(new_lines)


def reconcile(session: Session, items: Iterable, *, split=None) -> Counts:
    """Upsert every item of one source run; the caller's transaction makes it all-or-nothing."""
    counts = Counts()
    for item in items:
        if item.kind == "bill":
            upsert_bill(session, item, counts)
        elif item.kind == "notice":
            upsert_notice(session, item, counts)
        elif item.kind in ("section", "page"):
            upsert_snapshot(session, item, counts, split=split)
        else:
            raise ValueError(f"unknown item kind {item.kind!r}")
        session.flush()
    return counts
