"""Reconciliation: upsert what scrapers saw (bills, notices, snapshots) and raise proposals.

Every function here runs inside the caller's transaction and counts what it did as
insert / update / noop, so running the same input twice gives 0 inserts and 0 updates.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.status import jurisdictions
from tracker.store.models import Bill, BillAction, Content, Document, Notice, Proposal, Snapshot, utcnow
from tracker.ingest.stages import derive_intent, derive_stage
from tracker.ingest.suggest import suggest_change


@dataclass
class Counts:
    inserted: int = 0
    updated: int = 0
    noop: int = 0
    proposals: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def _clip(value: str | None, width: int) -> str | None:
    return None if value is None else str(value)[:width]


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _jurisdiction_id(session: Session, code: str | None) -> int | None:
    j = jurisdictions.find(session, code) if code else None
    return j.id if j else None


def propose(session: Session, *, code: str | None, dedupe_key: str, source: str, kind: str, title: str,
            evidence: dict, suggested: dict) -> bool:
    """Create a proposal for a curator unless one with this key exists; never touches status."""
    j = jurisdictions.find(session, code) if code else None
    if j is None:
        return False
    exists = session.scalar(select(Proposal.id).where(Proposal.dedupe_key == dedupe_key))
    if exists:
        return False
    session.add(Proposal(
        jurisdiction_id=j.id, dedupe_key=dedupe_key[:300], source=source, kind=kind, title=title[:2000],
        evidence=evidence, suggested=suggested, status="open", created_at=utcnow(),
    ))
    return True


def upsert_bill(session: Session, item, counts: Counts) -> Bill:
    """Insert, update or leave a bill; a bill reaching enactment raises a proposal."""
    data = item.to_json()
    digest = _hash({k: v for k, v in data.items() if k not in ("updated_at", "native")})
    row = session.scalar(select(Bill).where(Bill.source == item.source, Bill.external_id == item.external_id))
    if row is not None and row.content_hash == digest:
        counts.add("noop")
        return row
    now = utcnow()
    jurisdiction_id = _jurisdiction_id(session, item.jurisdiction)  # before adding: no premature autoflush
    stage = derive_stage(item.actions, item.status_hint)
    was_enacted = row is not None and row.stage == "enacted"
    if row is None:
        row = Bill(source=item.source, external_id=item.external_id, first_seen_at=now)
        session.add(row)
        counts.add("inserted")
    else:
        counts.add("updated")
    row.jurisdiction_id = jurisdiction_id
    # scraped text is untrusted: clip it to the columns' widths so PostgreSQL never refuses a row
    row.session, row.identifier, row.title, row.url = _clip(item.session, 80), _clip(item.identifier, 80), item.title, _clip(item.url, 2000)
    row.stage, row.intent = stage, derive_intent(item.title)
    row.relevant, row.matched_terms = item.relevant, list(item.matched_terms)
    row.source_updated_at, row.content_hash, row.last_changed_at = _clip(item.updated_at, 40), digest, now
    row.actions = [
        BillAction(position=i, date=_clip(a.date, 40), description=a.description, classification=list(a.classification),
                   chamber=_clip(a.chamber, 40))
        for i, a in enumerate(item.actions)
    ]
    if stage == "enacted" and not was_enacted and item.relevant:
        text = " ".join([item.title, *(a.description for a in item.actions)])
        counts.proposals += propose(
            session, code=item.jurisdiction, dedupe_key=f"bill-enacted:{item.source}:{item.external_id}",
            source=item.source, kind="bill_enacted", title=f"{item.identifier} ({item.session}) enacted: {item.title}",
            evidence={"url": item.url, "bill": data, "last_action": data["actions"][-1] if data["actions"] else None},
            suggested=suggest_change(text),
        )
    return row


def upsert_notice(session: Session, item, counts: Counts) -> Notice:
    """Insert, update or leave a regulatory notice; a new relevant one raises a proposal."""
    data = item.to_json()
    digest = _hash({k: v for k, v in data.items() if k != "native"})
    row = session.scalar(select(Notice).where(Notice.source == item.source, Notice.external_id == item.external_id))
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
    row.title, row.doc_type, row.agencies = item.title, _clip(item.doc_type, 80), list(item.agencies)
    row.publication_date, row.effective_on = _clip(item.publication_date, 40), _clip(item.effective_on, 40)
    row.url = _clip(item.url, 2000)
    row.abstract, row.relevant, row.content_hash = item.abstract, item.relevant, digest
    if is_new and item.relevant:
        counts.proposals += propose(
            session, code=item.jurisdiction, dedupe_key=f"notice:{item.source}:{item.external_id}",
            source=item.source, kind="notice", title=f"{item.doc_type or 'Document'}: {item.title}",
            evidence={"url": item.url, "notice": data},
            suggested=suggest_change(" ".join([item.title, item.abstract or ""])),
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
        select(Snapshot).where(Snapshot.document_id == document.id).order_by(Snapshot.fetched_at.desc(), Snapshot.id.desc())
    ).first()


def unified_diff(old: str, new: str, label: str) -> str:
    """A line diff for a proposal's evidence."""
    return "\n".join(difflib.unified_diff(old.splitlines(), new.splitlines(), f"{label} (before)", f"{label} (after)", lineterm=""))


def upsert_snapshot(session: Session, item, counts: Counts, split=None) -> Snapshot | None:
    """Store a section or page text when it changed; a change (not the first sight) raises proposals."""
    doc = session.scalar(select(Document).where(Document.source == item.source, Document.key == item.key))
    code = getattr(item, "jurisdiction", None)
    if doc is None:
        doc = Document(source=item.source, key=item.key[:1000], title=getattr(item, "title", None), url=_clip(item.url, 2000),
                       jurisdiction_id=_jurisdiction_id(session, code))
        session.add(doc)
        session.flush()
    previous = latest_snapshot(session, doc)
    old_text = session.get(Content, previous.content_sha256).text if previous else None
    if old_text == item.text:
        counts.add("noop")
        return previous
    digest = _content(session, item.text)
    snap = Snapshot(document_id=doc.id, content_sha256=digest, fetched_at=utcnow(),
                    revision=_clip(getattr(item, "revision_id", None), 80), url=_clip(item.url, 2000))
    session.add(snap)
    counts.add("inserted")
    if previous is None and not _is_listing(item):
        return snap  # the first sight is the baseline, not a change
    for target, old_part, new_part in _changed_parts(item, old_text or "", split):
        counts.proposals += propose(
            session, code=target, dedupe_key=f"snapshot:{item.source}:{item.key}:{target}:{digest}",
            source=item.source, kind=f"{item.kind}_changed", title=f"{getattr(item, 'title', None) or item.url} changed for {target}",
            evidence={"url": item.url, "revision": getattr(item, "revision_id", None), "diff": unified_diff(old_part, new_part, item.key)},
            suggested=suggest_change(new_part),
        )
    return snap


def _is_listing(item) -> bool:
    """An eCFR check that found kratom alkaloids in a schedule matters even on first sight."""
    return item.source == "ecfr" and getattr(item, "relevant", False)


def _changed_parts(item, old_text: str, split) -> Iterable[tuple[str, str, str]]:
    """(jurisdiction, old lines, new lines) for every jurisdiction whose lines changed."""
    if item.kind == "page" or split is None:
        code = getattr(item, "jurisdiction", None) or ("US" if item.source == "ecfr" else None)
        if code:
            yield code, old_text, item.text
        return
    before, after = split(old_text), split(item.text)
    for code in sorted(set(before) | set(after)):
        if before.get(code) != after.get(code):
            yield code, "\n".join(before.get(code, [])), "\n".join(after.get(code, []))


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
