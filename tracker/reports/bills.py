"""Tracked bills: filtered lists with their last action, and bills that reappear in a new session.

A bill *reappears* when the same jurisdiction saw, in an earlier session, a bill with the same
number or the same or a very similar title (key words compared as sets: Jaccard ≥ ``SIMILAR``,
or the shorter title's key words, at least four, nearly all in the longer one). The later bill
is flagged and points at the earlier ones, with the reason, so a reader can judge the match.
Bill numbers restart every session in most legislatures, so "same bill number" is the weakest
reason; it is reported as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from tracker.ingest.stages import STAGES
from tracker.store.models import Bill, BillAction, Jurisdiction

INTENTS = ("ban", "regulate", "7-OH", "study")
STAGE_WORDS = {
    "introduced": "introduced",
    "in_committee": "in committee",
    "passed_one": "passed one chamber",
    "passed_both": "passed both chambers",
    "enacted": "enacted",
    "vetoed": "vetoed",
    "failed": "failed",
    "dead": "dead (session ended)",
}
SIMILAR = 0.8
# ... or one title's key words (at least CONTAINED_MIN_WORDS of them) nearly all appear in the other
CONTAINED, CONTAINED_MIN_WORDS = 0.9, 4
_STOP = frozenset(
    (
        "a",
        "an",
        "and",
        "act",
        "acts",
        "amend",
        "amending",
        "as",
        "at",
        "be",
        "bill",
        "by",
        "concerning",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "provide",
        "provides",
        "providing",
        "relating",
        "relative",
        "related",
        "respect",
        "the",
        "to",
        "with",
    )
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_YEAR = re.compile(r"(19|20)\d\d")


def stage_words(stage: str | None) -> str:
    return STAGE_WORDS.get(stage or "", stage or "unknown")


def normalise_identifier(identifier: str | None) -> str:
    """'S.B. 0154' and 'SB154' → 'SB154'."""
    raw = re.sub(r"[^A-Z0-9]", "", (identifier or "").upper())
    return re.sub(r"(?<=[A-Z])0+(?=\d)", "", raw)


def title_words(title: str | None) -> frozenset[str]:
    """A title's content words, lower-case, without the usual bill boilerplate."""
    return frozenset(w for w in _WORD.findall((title or "").lower()[:2000]) if w not in _STOP)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def session_year(session_name: str | None) -> int | None:
    m = _YEAR.search(session_name or "")
    return int(m.group(0)) if m else None


@dataclass(frozen=True)
class Peer:
    """The few columns of a bill that reappearance needs."""

    id: int
    jurisdiction_id: int | None
    session: str | None
    identifier: str
    title: str
    start: str  # first action date (ISO text) or first seen date: orders bills within a year

    @property
    def order(self) -> tuple[int, str]:
        return (session_year(self.session) or 0, self.start)


@dataclass(frozen=True)
class Reappearance:
    bill_id: int
    identifier: str
    session: str | None
    title: str
    reason: str


def reappearance_reason(earlier: Peer, later: Peer, words: dict[int, frozenset[str]]) -> str | None:
    """Why `later` looks like `earlier` brought back in a new session (None if it does not)."""
    if earlier.jurisdiction_id is None or earlier.jurisdiction_id != later.jurisdiction_id:
        return None
    if (earlier.session or "") == (later.session or "") or not earlier.order < later.order:
        return None
    if " ".join(earlier.title.lower().split()) == " ".join(later.title.lower().split()):
        return "same title"
    a, b = words[earlier.id], words[later.id]
    common, smaller = len(a & b), min(len(a), len(b))
    if similarity(a, b) >= SIMILAR or (
        smaller >= CONTAINED_MIN_WORDS and common / smaller >= CONTAINED
    ):
        return f"similar title ({common} of {smaller} key words shared)"
    if normalise_identifier(earlier.identifier) == normalise_identifier(later.identifier):
        return "same bill number"
    return None


def find_reappearances(peers: list[Peer]) -> dict[int, list[Reappearance]]:
    """For each bill id, the earlier-session bills it reappears from (nearest session first)."""
    by_j: dict[int, list[Peer]] = {}
    for p in peers:
        if p.jurisdiction_id is not None:
            by_j.setdefault(p.jurisdiction_id, []).append(p)
    out: dict[int, list[Reappearance]] = {}
    for group in by_j.values():
        group.sort(key=lambda p: p.order)
        words = {p.id: title_words(p.title) for p in group}
        for k, later in enumerate(group):
            for earlier in reversed(group[:k]):
                reason = reappearance_reason(earlier, later, words)
                if reason:
                    out.setdefault(later.id, []).append(
                        Reappearance(
                            earlier.id, earlier.identifier, earlier.session, earlier.title, reason
                        )
                    )
    return out


def _peers(session: Session, jurisdiction_ids: list[int]) -> list[Peer]:
    if not jurisdiction_ids:
        return []
    first_action = (
        select(BillAction.bill_id, func.min(BillAction.date).label("start"))
        .group_by(BillAction.bill_id)
        .subquery()
    )
    stmt = (
        select(
            Bill.id,
            Bill.jurisdiction_id,
            Bill.session,
            Bill.identifier,
            Bill.title,
            Bill.first_seen_at,
            first_action.c.start,
        )
        .outerjoin(first_action, first_action.c.bill_id == Bill.id)
        .where(Bill.relevant.is_(True), Bill.jurisdiction_id.in_(jurisdiction_ids))
    )
    return [
        Peer(id, jid, sess, ident, title or "", start or (seen.date().isoformat() if seen else ""))
        for id, jid, sess, ident, title, seen, start in session.execute(stmt)
    ]


@dataclass
class BillRow:
    bill: Bill
    jurisdiction: Jurisdiction | None
    last_action: BillAction | None
    reappears: list[Reappearance] = field(default_factory=list)

    @property
    def stage_words(self) -> str:
        return stage_words(self.bill.stage)


def last_action(bill: Bill) -> BillAction | None:
    """The latest action by date (then by position)."""
    if not bill.actions:
        return None
    return max(bill.actions, key=lambda a: (a.date or "", a.position))


def query_bills(
    session: Session,
    *,
    stage: str | None = None,
    jurisdiction: Jurisdiction | None = None,
    intent: str | None = None,
    seen_before: datetime | None = None,
    limit: int | None = None,
) -> list[BillRow]:
    """Relevant bills (first seen before seen_before, when given), filtered, latest action first,
    each with its reappearance flags."""
    if stage is not None and stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    if intent is not None and intent not in INTENTS:
        raise ValueError(f"unknown intent {intent!r}")
    stmt = select(Bill).where(Bill.relevant.is_(True)).options(selectinload(Bill.actions))
    if stage is not None:
        stmt = stmt.where(Bill.stage == stage)
    if jurisdiction is not None:
        stmt = stmt.where(Bill.jurisdiction_id == jurisdiction.id)
    if intent is not None:
        stmt = stmt.where(Bill.intent == intent)
    if seen_before is not None:
        stmt = stmt.where(Bill.first_seen_at < seen_before)
    bills = list(session.scalars(stmt))
    ids = sorted({b.jurisdiction_id for b in bills if b.jurisdiction_id is not None})
    places = (
        {j.id: j for j in session.scalars(select(Jurisdiction).where(Jurisdiction.id.in_(ids)))}
        if ids
        else {}
    )
    flags = find_reappearances(_peers(session, ids))
    rows = [
        BillRow(b, places.get(b.jurisdiction_id), last_action(b), flags.get(b.id, []))
        for b in bills
    ]
    rows.sort(
        key=lambda r: (
            (r.last_action.date or "") if r.last_action else "",
            r.bill.last_changed_at.isoformat(),
            r.bill.identifier,
        ),
        reverse=True,
    )
    return rows[:limit] if limit is not None else rows


def stage_counts(rows: list[BillRow]) -> dict[str, int]:
    counts = {s: 0 for s in STAGES}
    for r in rows:
        counts[r.bill.stage] = counts.get(r.bill.stage, 0) + 1
    return counts


def jurisdictions_with_bills(session: Session) -> list[Jurisdiction]:
    """Jurisdictions that have at least one tracked bill, by name (for the filter control)."""
    ids = (
        select(Bill.jurisdiction_id)
        .where(Bill.relevant.is_(True), Bill.jurisdiction_id.is_not(None))
        .distinct()
    )
    return list(
        session.scalars(
            select(Jurisdiction).where(Jurisdiction.id.in_(ids)).order_by(Jurisdiction.name)
        )
    )
