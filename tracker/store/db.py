"""Engine and session factory for SQLite (embedded) and PostgreSQL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from tracker.store.models import (
    Article,
    AuditEntry,
    Bill,
    JurisdictionEvent,
    Notice,
    Proposal,
    ScrapeRun,
    Snapshot,
    StatusPeriod,
)

# How long a statement waits for a lock another transaction holds before it gives up with a clear
# "busy, try again" (SQLite's busy timeout, PostgreSQL's lock_timeout): a curator's click or a cron
# job behind a long import fails in seconds instead of hanging, and nothing half-written is kept.
LOCK_WAIT_MS = 5000


def make_engine(url: str, **kwargs) -> Engine:
    """Create an engine; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        # a SQLite URI (sqlite:///file:...?mode=ro&uri=true) names its own file; making its
        # "parent" would create a stray ./file: folder, and a read-only one must not create anything
        if path and path != ":memory:" and not path.startswith("file:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": LOCK_WAIT_MS / 1000},
            pool_use_lifo=True,
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling skips BEGIN before DDL, so a failed migration
        # would be half-applied; emitting BEGIN ourselves makes DDL and data atomic.
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # LIFO: a lightly loaded server keeps reusing its most recent connection, so idle ones are
    # not each kept warm with their own cache (and can be closed by the server's idle timeout)
    connect_args = {"options": pg_session_options(url), **kwargs.pop("connect_args", {})}
    return create_engine(
        url, pool_pre_ping=True, pool_use_lifo=True, connect_args=connect_args, **kwargs
    )


def pg_session_options(url: str) -> str:
    """libpq `options` for every PostgreSQL session: the URL's own (`?options=...`, which these
    replace, so they are kept) plus lock_timeout, unless the URL sets one. Set when the session
    starts, not by a SET in a transaction that a rollback would undo."""
    own = make_url(url).query.get("options") or ""
    own = " ".join(own) if isinstance(own, tuple) else own
    if "lock_timeout" in own:
        return own
    return f"{own} -c lock_timeout={LOCK_WAIT_MS}".strip()


def _sqlite_begin(conn) -> None:
    # A write transaction takes the write lock up front (BEGIN IMMEDIATE), so concurrent writers
    # wait out the busy timeout instead of failing at once when a read turns into a write.
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # let the "begin" listener issue BEGIN
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={LOCK_WAIT_MS}")
    cur.close()


def database_busy(exc: BaseException) -> bool:
    """Whether a database error means another writer held a lock past LOCK_WAIT_MS (try again
    later): SQLite's "database is locked", or PostgreSQL's "canceling statement due to lock timeout"."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "lock timeout" in text


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session factory bound to the engine; objects stay usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def maxima(session: Session, *queries) -> tuple:
    """Several single-column max() queries in one round trip. Each stays its own subquery: SQLite
    answers a lone max() of an indexed column from the index, but scans the table when one
    SELECT holds two aggregates."""
    return tuple(session.execute(select(*(q.scalar_subquery() for q in queries))).one())


def data_version(session: Session) -> str:
    """A token that changes whenever anything a public page shows could have changed."""
    found = tuple(session.execute(_data_version_query()).one())
    return hashlib.sha256(repr(found).encode()).hexdigest()[:20]


@lru_cache(maxsize=1)
def _data_version_query():
    # Only maxima of indexed columns, each its own subquery (one index look-up; a count, an
    # unindexed max, or two aggregates in one SELECT scan the table on every request), so the
    # key costs the same at any size. Every history write, review decision and dataset load
    # that changed anything adds an audit entry; rows are never deleted, so new ids reveal
    # inserts; every scraped write (bills, notices, snapshots, proposals) commits with its run's
    # finished_at; an updated bill also moves last_changed_at. Articles are a handful of rows.
    # Built once: every public page asks for it, and SQLAlchemy keeps a statement's cache key on
    # the statement, so the same object is not walked again on each request (issue #11).
    values = [
        func.max(AuditEntry.id),
        func.max(StatusPeriod.id),
        func.max(Bill.id),
        func.max(Bill.last_changed_at),
        func.max(Notice.id),
        func.max(Snapshot.id),
        func.max(Proposal.id),
        func.max(ScrapeRun.id),
        func.max(ScrapeRun.finished_at),
        func.max(Article.id),
        func.max(Article.imported_at),
        func.max(JurisdictionEvent.id),
    ]
    return select(*(select(v).scalar_subquery() for v in values))


def ping(session: Session) -> None:
    """Raise unless the database answers (the liveness check)."""
    session.execute(select(1))
