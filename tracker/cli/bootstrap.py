"""Bring a database to a usable state: migrate, then load the bundled dataset and articles."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from tracker.articles import importer as articles
from tracker.status import dataset
from tracker.store import migrate
from tracker.store.models import AuditEntry, utcnow
from tracker.store.runtime import Runtime


@dataclass
class InitReport:
    schema_upgraded: bool
    dataset: dataset.LoadReport
    articles_changed: int

    @property
    def changes(self) -> int:
        return int(self.schema_upgraded) + self.dataset.changes + self.articles_changed


def initialise(rt: Runtime) -> InitReport:
    """Upgrade the schema, then load dataset and articles in one transaction (idempotent)."""
    root = rt.settings.dataset_dir  # TRACKER_DATASET_DIR, else (None) the bundled dataset
    files = dataset.parse_dataset(root)  # validate everything before touching the database
    was_current = rt.schema_is_current()
    if not was_current:
        migrate.upgrade(rt.settings.database_url)
    # A deferred transaction: a no-op init only reads, so it succeeds even while a writer holds
    # the lock; one with changes to write fails fast (exit 75) and cron retries it.
    with rt.transaction() as session:
        report = dataset.load_dataset(session, root, files=files)
        changed = articles.load_bundled_articles(session)
        if report.changes or changed:
            # one entry per load that changed anything: notes and retired events are edited in
            # place, and the public pages' data version (tracker/web/cache.py) sees new audit ids
            session.add(
                AuditEntry(
                    at=utcnow(),
                    actor="init",
                    action="load_dataset",
                    entity="dataset",
                    entity_id=dataset.dataset_meta(root)["version"],
                    detail={**asdict(report), "articles_changed": changed},
                )
            )
    return InitReport(schema_upgraded=not was_current, dataset=report, articles_changed=changed)
