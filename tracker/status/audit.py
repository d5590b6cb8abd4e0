"""The audit log, read: every recorded write, newest first (the curator's /audit page)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.store.models import AuditEntry


def audit_page(session: Session, page: int, per: int) -> tuple[int, list[AuditEntry]]:
    """How many entries there are, and one page of them, newest first."""
    total = session.scalar(select(func.count(AuditEntry.id)))
    rows = list(
        session.scalars(
            select(AuditEntry)
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .offset((page - 1) * per)
            .limit(per)
        )
    )
    return total, rows
