"""Alembic: up, down and up again; no drift between models and migrations; rows survive."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select

from tests.conftest import initialise
from tracker.store import migrate
from tracker.store.models import Base, Citation, StatusPeriod


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade_round_trips_the_schema(runtime):
    url = runtime.settings.database_url
    migrate.upgrade(url)
    assert _tables(runtime.engine) == set(Base.metadata.tables)
    migrate.downgrade(url, "base")
    assert _tables(runtime.engine) == set()
    migrate.upgrade(url)
    assert migrate.current_revision(runtime.engine) == migrate.head_revision(url)


def test_models_and_migrations_do_not_drift(migrated_runtime):
    with migrated_runtime.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_re_running_the_migrations_on_a_populated_database_keeps_every_row(runtime):
    initialise(runtime)  # `init`'s result, copied from the per-worker template
    with runtime.transaction() as s:
        before = (
            s.scalar(select(func.count()).select_from(StatusPeriod)),
            s.scalar(select(func.count()).select_from(Citation)),
        )
    migrate.upgrade(runtime.settings.database_url)
    with runtime.transaction() as s:
        after = (
            s.scalar(select(func.count()).select_from(StatusPeriod)),
            s.scalar(select(func.count()).select_from(Citation)),
        )
    assert before == after and before[0] > 100


def test_downgrading_below_0008_keeps_a_citations_via_in_its_label_and_upgrading_restores_it(
    runtime,
):
    url = runtime.settings.database_url
    migrate.upgrade(url)
    with runtime.transaction() as s:
        period = StatusPeriod(
            jurisdiction_id=_any_jurisdiction(s),
            leaf="controlled",
            seven_oh="controlled",
            category="banned",
            confidence="high",
            fingerprint="x",
            recorded_at=datetime(2026, 12, 7, tzinfo=UTC),
            recorded_by="test",
        )
        period.citations = [
            Citation(
                kind="statute",
                label="Ind. Code § 35-48-2-4",
                url="https://law.justia.com/codes/indiana/title-35/",
                via="law.justia.com",
            )
        ]
        s.add(period)
    migrate.downgrade(url, "0007")
    with runtime.engine.connect() as conn:
        (label,) = conn.exec_driver_sql("SELECT label FROM citations").one()
    assert label == "Ind. Code § 35-48-2-4 [read via law.justia.com]"
    migrate.upgrade(url)
    with runtime.transaction() as s:
        c = s.scalars(select(Citation)).one()
        assert (c.label, c.via) == ("Ind. Code § 35-48-2-4", "law.justia.com")


def _any_jurisdiction(s) -> int:
    from tracker.store.models import Jurisdiction

    j = Jurisdiction(code="US-IN", name="Indiana", kind="subdivision")
    s.add(j)
    s.flush()
    return j.id
