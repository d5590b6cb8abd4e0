"""A named run lock in the database, so overlapping cron runs are refused on SQLite and PostgreSQL.

The lock is a row with an expiry: a run killed with -9 leaves it behind, and it lapses after its
time-to-live, or at once when the holder was a process on this host that no longer exists.
"""

from __future__ import annotations

import os
import socket
import threading
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from tracker.store.models import RunLock, utcnow

DEFAULT_TTL = timedelta(hours=2)


class LockHeld(RuntimeError):
    """Another run holds the lock."""

    def __init__(self, name: str, holder: str, expires_at):
        self.holder, self.expires_at = holder, expires_at
        if holder.startswith("database busy"):
            super().__init__(
                f"could not take the {name} lock: {holder}; another process is writing, try again later"
            )
        else:
            super().__init__(
                f"another {name} run holds the lock ({holder}) until {expires_at:%Y-%m-%d %H:%M:%S} UTC"
            )


def this_holder() -> str:
    """host:pid of this process."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_is_dead(holder: str) -> bool:
    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire(
    sessions: sessionmaker[Session],
    name: str,
    holder: str,
    ttl: timedelta = DEFAULT_TTL,
    _again: bool = True,
) -> None:
    """Take the lock or raise LockHeld; a stale lock is taken over atomically."""
    now = utcnow()
    with sessions() as session:
        try:
            session.add(RunLock(name=name, holder=holder, acquired_at=now, expires_at=now + ttl))
            session.commit()
            return
        except IntegrityError:
            session.rollback()
        except OperationalError as exc:  # SQLite busy beyond its timeout: someone is writing
            session.rollback()
            raise LockHeld(name, f"database busy ({exc.orig})", now) from None
        row = session.get(RunLock, name)
        if row is None and _again:  # released between our insert and our read: try once more
            return acquire(sessions, name, holder, ttl, _again=False)
        if row is None:
            raise LockHeld(name, "a run that just finished", now)
        if row.expires_at > now and not _holder_is_dead(row.holder):
            raise LockHeld(name, row.holder, row.expires_at)
        taken = session.execute(
            update(RunLock)
            .where(
                RunLock.name == name,
                RunLock.holder == row.holder,
                RunLock.acquired_at == row.acquired_at,
            )
            .values(holder=holder, acquired_at=now, expires_at=now + ttl)
        ).rowcount
        session.commit()
        if taken != 1:
            row = session.get(RunLock, name)
            raise LockHeld(name, row.holder if row else "?", row.expires_at if row else now)


def release(sessions: sessionmaker[Session], name: str, holder: str) -> None:
    """Give the lock back (only if we still hold it)."""
    with sessions() as session:
        session.execute(delete(RunLock).where(RunLock.name == name, RunLock.holder == holder))
        session.commit()


def renew(
    sessions: sessionmaker[Session], name: str, holder: str, ttl: timedelta = DEFAULT_TTL
) -> bool:
    """Push our lock's expiry ttl from now; False when we no longer hold it."""
    with sessions() as session:
        done = session.execute(
            update(RunLock)
            .where(RunLock.name == name, RunLock.holder == holder)
            .values(expires_at=utcnow() + ttl)
        ).rowcount
        session.commit()
    return done == 1


class Heartbeat:
    """Renews a held lock every ttl/4 from a background thread while a run is alive, so a run longer
    than the lock's time-to-live keeps it and a second run cannot start alongside (issue #10).
    A renewal that meets a busy database is retried at the next beat."""

    def __init__(
        self, sessions: sessionmaker[Session], name: str, holder: str, ttl: timedelta = DEFAULT_TTL
    ):
        self.sessions, self.name, self.holder, self.ttl = sessions, name, holder, ttl
        self.interval = max(ttl.total_seconds() / 4, 0.05)
        self.renewals = 0
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._beat, name=f"lock-heartbeat-{name}", daemon=True
        )

    def _beat(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                if renew(self.sessions, self.name, self.holder, self.ttl):
                    self.renewals += 1
                else:
                    self.lost = True
                    return
            except OperationalError:
                continue  # busy: the next beat tries again, well before the lock expires

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
