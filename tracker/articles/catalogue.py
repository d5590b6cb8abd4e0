"""The stored articles as the pages see them: one by its slug, the list, every slug."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import Article


def find(session: Session, slug: str) -> Article | None:
    """The article stored under a slug, or None."""
    return session.scalar(select(Article).where(Article.slug == slug))


def listing(session: Session, *, by: str = "title") -> list:
    """Every article's (slug, title, published_on), by title (the /articles index) or by slug."""
    order = Article.slug if by == "slug" else Article.title
    stmt = select(Article.slug, Article.title, Article.published_on).order_by(order)
    return list(session.execute(stmt))


def slugs(session: Session) -> list[str]:
    """Every stored article's slug, sorted."""
    return sorted(session.scalars(select(Article.slug)))
