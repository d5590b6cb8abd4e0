"""The database schema: SQLAlchemy 2.0 typed declarative models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timestamps stored as naive UTC everywhere and returned timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC was expected")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Jurisdiction(Base):
    """A place whose kratom law we track: country, subdivision, federal, supranational or locality."""

    __tablename__ = "jurisdictions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    # US states whose statute adopts federal (DEA) scheduling: {automatic, scope, citation} (schema v2)
    federal_scheduling: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    parent: Mapped[Jurisdiction | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Jurisdiction {self.code}>"


class StatusPeriod(Base):
    """One belief about the law in a jurisdiction over a valid-time interval (append-only)."""

    __tablename__ = "status_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    # valid time: when the law applied; from inclusive (null = open start), to exclusive. A boundary
    # known only to a month or year (EDTF "2017", "2017-03~") is stored as its earliest possible day,
    # with the notation beside it; the period's status applies only from effective_from_latest.
    effective_from: Mapped[date | None] = mapped_column(Date)
    effective_from_edtf: Mapped[str | None] = mapped_column(String(40))
    effective_from_latest: Mapped[date | None] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    effective_to_edtf: Mapped[str | None] = mapped_column(String(40))
    enacted_on: Mapped[date | None] = mapped_column(Date)
    # codebook attributes
    leaf: Mapped[str] = mapped_column(String(20))
    seven_oh: Mapped[str] = mapped_column(String(20))
    seven_oh_threshold: Mapped[str | None] = mapped_column(String(200))
    min_age: Mapped[int | None] = mapped_column(Integer)
    licensing: Mapped[bool] = mapped_column(Boolean, default=False)
    labelling: Mapped[bool] = mapped_column(Boolean, default=False)
    substances: Mapped[list[Any]] = mapped_column(default=list)
    category: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(10))
    verified_on: Mapped[date | None] = mapped_column(Date)
    # where an official text was searched for, when the period cites none (schema v2)
    official_search: Mapped[str | None] = mapped_column(Text)
    # the dataset release that first stated the period (its recorded_at is midnight UTC of this day)
    recorded_on: Mapped[date | None] = mapped_column(Date)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # transaction time: when the tracker believed it
    recorded_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(200))

    jurisdiction: Mapped[Jurisdiction] = relationship()
    citations: Mapped[list[Citation]] = relationship(
        back_populates="period", order_by="Citation.position", lazy="selectin"
    )

    __table_args__ = (
        Index("ix_status_periods_asof", "jurisdiction_id", "superseded_at", "effective_from"),
        Index("ix_status_periods_recorded", "recorded_at"),
    )

    # set on the transient stand-ins that tracker.status.history returns: inside an uncertain start
    # window (answers_for: the stored period), or where a federal order applies (federal_order: why)
    answers_for = None
    federal_order = None


class Citation(Base):
    """A source supporting a status period."""

    __tablename__ = "citations"

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("status_periods.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(30))
    label: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(2000))
    accessed: Mapped[date | None] = mapped_column(Date)
    # the date the source itself shows (published, updated, current through), EDTF: "2016", "2016-08"
    source_date: Mapped[str | None] = mapped_column(String(40))
    # host of the verbatim copy an official text was read on (law.justia.com), when not the official site
    via: Mapped[str | None] = mapped_column(String(200))

    period: Mapped[StatusPeriod] = relationship(back_populates="citations")


class JurisdictionEvent(Base):
    """A dated action that did not by itself change the status (a notice, a warning)."""

    __tablename__ = "jurisdiction_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    date: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    citation_kind: Mapped[str] = mapped_column(String(30))
    citation_label: Mapped[str] = mapped_column(String(500))
    citation_url: Mapped[str] = mapped_column(String(2000))
    fingerprint: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime]
    superseded_at: Mapped[datetime | None]
    recorded_by: Mapped[str] = mapped_column(String(200))


class Bill(Base):
    """A bill seen by a scraper (Open States, LegiScan, Congress.gov)."""

    __tablename__ = "bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(200))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    session: Mapped[str | None] = mapped_column(String(80))
    identifier: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    stage: Mapped[str] = mapped_column(String(30))
    intent: Mapped[str | None] = mapped_column(String(30))
    relevant: Mapped[bool] = mapped_column(Boolean, default=True)
    matched_terms: Mapped[list[Any]] = mapped_column(default=list)
    source_updated_at: Mapped[str | None] = mapped_column(String(40))
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime]
    last_changed_at: Mapped[datetime] = mapped_column(
        index=True
    )  # the page cache's max(), at any size

    actions: Mapped[list[BillAction]] = relationship(
        back_populates="bill", order_by="BillAction.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_bills_source_external_id"),
    )


class BillAction(Base):
    """One action in a bill's history."""

    __tablename__ = "bill_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text)
    classification: Mapped[list[Any]] = mapped_column(default=list)
    chamber: Mapped[str | None] = mapped_column(String(40))

    bill: Mapped[Bill] = relationship(back_populates="actions")


class Notice(Base):
    """A regulatory document: Federal Register, Regulations.gov, eCFR listing."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(200))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    doc_type: Mapped[str | None] = mapped_column(String(80))
    agencies: Mapped[list[Any]] = mapped_column(default=list)
    publication_date: Mapped[str | None] = mapped_column(String(40))
    effective_on: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(String(2000))
    abstract: Mapped[str | None] = mapped_column(Text)
    relevant: Mapped[bool] = mapped_column(Boolean, default=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_notices_source_external_id"),
    )


class Source(Base):
    """A scraper source and its cursors, validators and health."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_success_at: Mapped[datetime | None]
    last_failure_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_due_at: Mapped[datetime | None]


class ScrapeRun(Base):
    """One run of one source: outcome, counts, requests, and why it failed."""

    __tablename__ = "scrape_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    outcome: Mapped[str] = mapped_column(String(20))
    inserted: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    noop: Mapped[int] = mapped_column(Integer, default=0)
    requests: Mapped[int] = mapped_column(Integer, default=0)
    error_class: Mapped[str | None] = mapped_column(String(80))
    error_message: Mapped[str | None] = mapped_column(Text)
    http_status: Mapped[int | None] = mapped_column(Integer)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    # what was fetched: [{url, status, fetched_at, sha256, content_type}], secrets redacted
    evidence: Mapped[list[Any] | None] = mapped_column(JSON)
    notes: Mapped[str | None] = mapped_column(Text)


class Content(Base):
    """A distinct text, stored once by its sha256."""

    __tablename__ = "contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)


class Document(Base):
    """A watched thing whose text we snapshot: a page, a Wikipedia section, a CFR part."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(1000))
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))

    __table_args__ = (UniqueConstraint("source", "key", name="uq_documents_source_key"),)


class Snapshot(Base):
    """The text of a document when it was seen to change."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    content_sha256: Mapped[str] = mapped_column(ForeignKey("contents.sha256"))
    fetched_at: Mapped[datetime]
    revision: Mapped[str | None] = mapped_column(String(80))
    url: Mapped[str | None] = mapped_column(String(2000))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("status_periods.id"))


class Proposal(Base):
    """A suggested status change with its evidence, waiting for a curator."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    dedupe_key: Mapped[str] = mapped_column(String(300), unique=True)
    source: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    suggested: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    period_id: Mapped[int | None] = mapped_column(ForeignKey("status_periods.id"))
    # status "already_recorded": the period (row) that already records the suggested change
    confirms_period_id: Mapped[int | None] = mapped_column(ForeignKey("status_periods.id"))

    jurisdiction: Mapped[Jurisdiction] = relationship()


class User(Base):
    """A curator or admin who may review proposals."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # bumped on logout, password change and disable: every session issued before is refused
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    display_name: Mapped[str | None] = mapped_column(
        String(120)
    )  # shown publicly instead of the e-mail


class AuditEntry(Base):
    """Who did what, when: every write to history and every review decision."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(100))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Article(Base):
    """An article whose legal claims are checked against the data."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(2000))
    published_on: Mapped[date | None] = mapped_column(Date)
    section_heading: Mapped[str | None] = mapped_column(Text)
    section_text: Mapped[str] = mapped_column(Text)
    body_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime]


class Delivery(Base):
    """One notification sent (or attempted) to one target: what, where (redacted), when, and how it went."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(20))  # change | proposal | baseline
    subject: Mapped[str] = mapped_column(String(100))  # e.g. "period:123", "proposal:7", "*"
    title: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str] = mapped_column(String(2000))  # the Apprise URL with its secrets masked
    target_key: Mapped[str] = mapped_column(String(64))  # sha256 of the full URL (never stored)
    ok: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_deliveries_target_subject", "target_key", "subject"),)


class RunLock(Base):
    """A named lock with an expiry, so overlapping cron runs are refused on any database."""

    __tablename__ = "run_locks"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]
