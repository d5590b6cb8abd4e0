"""Curator review from the CLI: proposals change nothing until accepted through the write path."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.conftest import initialise
from tracker.cli.main import cli
from tracker.ingest.reconcile import propose
from tracker.status import history, jurisdictions
from tracker.store.models import AuditEntry, Proposal


@pytest.fixture
def rt(runtime):
    # New Jersey: no kratom law in the bundled dataset (legal, cited to the legislature's own bill
    # statement), so the proposal below is the only thing that could change it
    initialise(runtime)
    with runtime.transaction() as s:
        propose(
            s,
            code="US-NJ",
            dedupe_key="bill-enacted:test:nj-1",
            source="openstates",
            kind="bill_enacted",
            title="HB 1 (2027) enacted: adds kratom to schedule I",
            evidence={"url": "https://www.njleg.state.nj.us/bill-search/2026/A1"},
            suggested={"leaf": "controlled", "seven_oh": "controlled", "rules": ["Schedule I"]},
        )
    return runtime


def run(rt, *args):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt})


def _status(rt, code, day):
    with rt.transaction() as s:
        p = history.status_on(s, jurisdictions.get(s, code), day)
        return p.category if p else "unknown"


def test_a_proposal_changes_nothing_until_accepted(rt):
    assert "HB 1 (2027)" in run(rt, "review", "list").output
    assert _status(rt, "US-NJ", date(2027, 7, 1)) == "legal"


def test_accepting_records_the_change_from_its_effective_date_with_its_citation(rt):
    with rt.transaction() as s:
        pid = s.scalar(select(Proposal.id))
    result = run(
        rt, "review", "accept", str(pid), "--effective", "2027-01-01", "--by", "curator@example.org"
    )
    assert result.exit_code == 0, result.output
    assert _status(rt, "US-NJ", date(2026, 12, 31)) == "legal"
    assert _status(rt, "US-NJ", date(2027, 1, 1)) == "banned"
    with rt.transaction() as s:
        p = history.status_on(s, jurisdictions.get(s, "US-NJ"), date(2027, 1, 1))
        assert p.citations[-1].url == "https://www.njleg.state.nj.us/bill-search/2026/A1"
        assert p.recorded_by == f"proposal {pid} accepted by curator@example.org"
        assert s.get(Proposal, pid).status == "accepted"
        assert (
            s.scalar(select(AuditEntry).where(AuditEntry.action == "accept_proposal")).actor
            == "curator@example.org"
        )
    again = run(rt, "review", "accept", str(pid), "--effective", "2027-01-01")
    assert again.exit_code == 2 and "already accepted" in again.output


def test_rejecting_needs_a_reason_and_changes_no_status(rt):
    with rt.transaction() as s:
        pid = s.scalar(select(Proposal.id))
    assert run(rt, "review", "reject", str(pid)).exit_code == 2
    assert run(rt, "review", "reject", str(pid), "--reason", "omnibus hemp bill").exit_code == 0
    assert _status(rt, "US-NJ", date(2027, 7, 1)) == "legal"
    shown = json.loads(run(rt, "review", "show", str(pid), "--json").output)
    assert shown["status"] == "rejected" and shown["decision_reason"] == "omnibus hemp bill"


def test_an_unknown_proposal_is_a_usage_error(rt):
    assert run(rt, "review", "show", "999").exit_code == 2
    assert run(rt, "review", "accept", "999", "--effective", "2027-01-01").exit_code == 2


def test_accept_can_override_a_suggested_attribute(rt):
    with rt.transaction() as s:
        pid = s.scalar(select(Proposal.id))
    result = run(
        rt,
        "review",
        "accept",
        str(pid),
        "--effective",
        "2027-01-01",
        "--set",
        "leaf=regulated",
        "--set",
        "seven_oh=unregulated",
        "--set",
        "min_age=21",
    )
    assert result.exit_code == 0, result.output
    assert _status(rt, "US-NJ", date(2027, 2, 1)) == "regulated"


def test_on_sqlite_an_accept_waits_for_another_writer_instead_of_failing(rt):
    import sqlite3
    import threading
    import time

    if not rt.settings.is_sqlite:
        pytest.skip("SQLite's write lock")
    with rt.transaction() as s:
        pid = s.scalar(select(Proposal.id))
    path = rt.settings.database_url.split("///", 1)[1]
    held = threading.Event()

    def writer():
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(1.5)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    held.wait(5)
    result = run(rt, "review", "accept", str(pid), "--effective", "2027-01-01")
    thread.join()
    assert result.exit_code == 0, result.output


def test_a_proposal_already_loaded_by_a_session_is_refreshed_by_the_locked_read_so_it_is_accepted_once(
    rt,
):
    """Issue #10 (Low): PostgreSQL's row lock must re-read the proposal, not trust the identity map."""
    from sqlalchemy import func
    from sqlalchemy.exc import OperationalError

    from tracker.status import review
    from tracker.store.models import StatusPeriod

    with rt.transaction() as s:
        pid = s.scalar(select(Proposal.id))
        periods_before = s.scalar(select(func.count()).select_from(StatusPeriod))
    late = rt.sessions()
    shown = late.get(
        Proposal, pid
    )  # loaded first (and still referenced), as a page does before its form is posted
    assert shown.status == "open"
    late.commit()  # the page's read transaction ended; the object stays in the identity map
    with rt.write_transaction() as first:
        review.accept(first, pid, actor="first@example.org", effective=date(2027, 1, 1))
    outcome = "recorded"
    try:
        review.accept(late, pid, actor="second@example.org", effective=date(2027, 2, 1))
        late.commit()
    except review.ReviewError as exc:
        outcome = str(exc)
        late.rollback()
    except OperationalError as exc:  # pragma: no cover - SQLite refusing a stale write
        outcome = f"refused: {exc.orig}"
        late.rollback()
    finally:
        late.close()
    with rt.transaction() as s:
        accepted = s.scalars(select(AuditEntry).where(AuditEntry.action == "accept_proposal")).all()
        periods_after = s.scalar(select(func.count()).select_from(StatusPeriod))
    print(f"\nL8: second accept of a proposal loaded earlier -> {outcome}")
    assert outcome == f"proposal {pid} is already accepted"
    assert [a.actor for a in accepted] == ["first@example.org"]
    assert (
        periods_after - periods_before <= 2
    )  # the one accept's period (and the split of the one before)
