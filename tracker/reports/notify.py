"""Notifications through Apprise: new status changes to every target, new open proposals to curators.

Targets come from TRACKER_NOTIFY_URLS (whitespace-separated Apprise URLs). A URL written as
`curators=URL` also receives new open proposals. Every attempt is recorded in the `deliveries`
table, one row per item per target, with the URL's secrets masked; an item already delivered to
a target is never sent to it again, and a failed one is retried on the next run. The first run
for a target records a baseline (nothing older than it is sent, unless `since` is given), so
adding a URL does not flood it with the whole history.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from datetime import date as date_type
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.reports import feeds
from tracker.store.models import Delivery, Proposal, utcnow

CURATOR_PREFIX = "curators="
BATCH = 20  # items per message
ERROR_LIMIT = 1000


@dataclass(frozen=True)
class Target:
    url: str
    curators: bool
    key: str
    redacted: str


@dataclass(frozen=True)
class Item:
    kind: str  # change | proposal
    subject: str  # period:<entry id> | proposal:<id>
    title: str
    line: str
    recorded_at: datetime


@dataclass
class TargetReport:
    target: str
    baseline: datetime | None = None
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass
class Report:
    targets: list[TargetReport] = field(default_factory=list)

    @property
    def sent(self) -> int:
        return sum(t.sent for t in self.targets)

    @property
    def failed(self) -> int:
        return sum(t.failed for t in self.targets)


def redact(url: str) -> str:
    """The URL with its secrets masked (Apprise's privacy view), without its query string."""
    try:
        import apprise

        plugin = apprise.Apprise.instantiate(url)
    except Exception:  # noqa: BLE001 - an unparsable URL is reported, not fatal
        plugin = None
    if plugin is not None:
        return plugin.url(privacy=True).split("?", 1)[0]
    parts = urlsplit(url)
    return f"{parts.scheme or 'unknown'}://***" if parts.scheme else "(not a URL)"


def parse_targets(urls: Iterable[str]) -> list[Target]:
    """TRACKER_NOTIFY_URLS entries as targets; `curators=URL` marks a curator target."""
    out = []
    for raw in urls:
        curators = raw.startswith(CURATOR_PREFIX)
        url = raw[len(CURATOR_PREFIX) :] if curators else raw
        if not url:
            continue
        out.append(Target(url, curators, hashlib.sha256(url.encode()).hexdigest(), redact(url)))
    return out


def change_items(session: Session, after: datetime, base_url: str | None) -> list[Item]:
    """Changes first recorded after `after`, oldest first."""
    items = []
    for c in reversed(feeds.recorded_changes(session, recorded_after=after)):
        link = f" {feeds.jurisdiction_url(base_url, c.jurisdiction.code)}" if base_url else ""
        cite = c.after.citations[0].label if c.after.citations else "no citation"
        items.append(
            Item(
                "change",
                f"period:{c.entry_id}",
                c.headline(),
                f"- {c.headline()} ({c.diff_text()}; {cite}){link}",
                c.first_recorded_at,
            )
        )
    items.sort(key=lambda i: i.recorded_at)
    return items


def proposal_items(session: Session, after: datetime, base_url: str | None) -> list[Item]:
    """Open proposals created after `after`, oldest first."""
    stmt = (
        select(Proposal)
        .where(Proposal.status == "open", Proposal.created_at > after)
        .order_by(Proposal.created_at, Proposal.id)
    )
    items = []
    for p in session.scalars(stmt):
        link = f" {base_url.rstrip('/')}/review/{p.id}" if base_url else ""
        title = f"Proposal #{p.id} for {p.jurisdiction.name} ({p.jurisdiction.code}): {p.title}"
        items.append(
            Item(
                "proposal",
                f"proposal:{p.id}",
                title[:300],
                f"- {title[:300]} [{p.source}]{link}",
                p.created_at,
            )
        )
    return items


def _baseline(
    session: Session, target: Target, since: datetime | None, now: datetime
) -> tuple[datetime, bool]:
    """The target's baseline instant, recording one on its first run. Returns (instant, new?)."""
    row = session.scalars(
        select(Delivery)
        .where(Delivery.target_key == target.key, Delivery.kind == "baseline")
        .order_by(Delivery.id)
    ).first()
    if row is not None:
        return row.at, False
    at = since or now
    session.add(
        Delivery(
            at=at,
            kind="baseline",
            subject="*",
            title="notifications start: later items are sent",
            target=target.redacted,
            target_key=target.key,
            ok=True,
            error=None,
        )
    )
    session.flush()
    return at, True


def _delivered(session: Session, target: Target) -> set[str]:
    return set(
        session.scalars(
            select(Delivery.subject).where(
                Delivery.target_key == target.key,
                Delivery.ok.is_(True),
                Delivery.kind != "baseline",
            )
        )
    )


Sender = Callable[
    [str, str, str], str | None
]  # (url, title, body) -> None on success, else the error


def apprise_send(url: str, title: str, body: str) -> str | None:
    """Send one message through Apprise; None on success, else what went wrong."""
    import apprise

    app = apprise.Apprise()
    if not app.add(url):
        return "not a valid Apprise URL (check the scheme and its required parts)"
    with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
        try:
            ok = app.notify(title=title, body=body)
        except Exception as exc:  # noqa: BLE001 - a plugin bug must not stop the other targets
            return f"{type(exc).__name__}: {exc}"[:ERROR_LIMIT]
        captured = "; ".join(line.strip() for line in log.getvalue().splitlines() if line.strip())
    if ok:
        return None
    return (captured.replace(url, redact(url)) or "Apprise reported a failure")[:ERROR_LIMIT]


def _messages(kind: str, items: Sequence[Item]) -> list[tuple[str, str, list[Item]]]:
    noun = {"change": "status change", "proposal": "open proposal to review"}[kind]
    out = []
    for start in range(0, len(items), BATCH):
        chunk = list(items[start : start + BATCH])
        title = (
            f"Kratom tracker: {chunk[0].title}"
            if len(chunk) == 1
            else f"Kratom tracker: {len(chunk)} new {noun}s"
        )
        out.append((title[:250], "\n".join(i.line for i in chunk), chunk))
    return out


def run(
    session: Session,
    urls: Sequence[str],
    *,
    base_url: str | None = None,
    since: date_type | None = None,
    send: Sender = apprise_send,
    dry_run: bool = False,
    now: datetime | None = None,
) -> Report:
    """Send what each target has not had yet, and record every delivery and failure.

    since: for a target never notified before, send items recorded since this date instead of
    only those recorded from now on.
    """
    now = now or utcnow()
    since_at = datetime.combine(since, time.min, tzinfo=UTC) if since else None
    report = Report()
    for target in parse_targets(urls):
        tr = TargetReport(target.redacted)
        report.targets.append(tr)
        baseline, new = _baseline(session, target, since_at, now)
        if new and since_at is None:
            tr.baseline = baseline
            continue
        done = _delivered(session, target)
        groups = [("change", change_items(session, baseline, base_url))]
        if target.curators:
            groups.append(("proposal", proposal_items(session, baseline, base_url)))
        for kind, items in groups:
            pending = [i for i in items if i.subject not in done]
            for title, body, chunk in _messages(kind, pending):
                if dry_run:
                    tr.sent += len(chunk)
                    continue
                error = send(target.url, title, body)
                at = utcnow()
                for item in chunk:
                    session.add(
                        Delivery(
                            at=at,
                            kind=kind,
                            subject=item.subject,
                            title=item.title[:1000],
                            target=target.redacted,
                            target_key=target.key,
                            ok=error is None,
                            error=error,
                        )
                    )
                if error is None:
                    tr.sent += len(chunk)
                else:
                    tr.failed += len(chunk)
                    tr.errors.append(error)
        session.flush()
    return report


def recent(session: Session, limit: int = 20, failures_only: bool = False) -> list[Delivery]:
    """The newest delivery rows (baselines excluded), newest first."""
    stmt = (
        select(Delivery)
        .where(Delivery.kind != "baseline")
        .order_by(Delivery.at.desc(), Delivery.id.desc())
        .limit(limit)
    )
    if failures_only:
        stmt = stmt.where(Delivery.ok.is_(False))
    return list(session.scalars(stmt))


def per_target(session: Session) -> list[dict]:
    """For each target ever used: deliveries ok, failures, last ok and last failure."""
    rows = session.execute(
        select(
            Delivery.target_key,
            func.max(Delivery.target),
            Delivery.ok,
            func.count(Delivery.id),
            func.max(Delivery.at),
        )
        .where(Delivery.kind != "baseline")
        .group_by(Delivery.target_key, Delivery.ok)
    ).all()
    out: dict[str, dict] = {}
    for key, target, ok, count, last in rows:
        entry = out.setdefault(
            key, {"target": target, "ok": 0, "failed": 0, "last_ok": None, "last_failure": None}
        )
        entry["ok" if ok else "failed"] += count
        entry["last_ok" if ok else "last_failure"] = last
    return sorted(out.values(), key=lambda e: e["target"])
