"""A crash between proposal acceptance and commit leaves no half-written period.

In-process: accepting a proposal fails after record_history has flushed its rows (the audit insert
raises; separately, the commit itself fails). Out of process: `kratom-tracker init` is killed with
SIGKILL while its one loading transaction is open. Either way nothing of the failed unit is visible,
the proposal stays open, and the history invariants hold; the next attempt completes.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import initialise
from tests.faults.helpers import env_for, invariant_violations, summary
from tracker.cli.main import cli
from tracker.ingest.reconcile import propose
from tracker.status import review
from tracker.store import migrate
from tracker.store.models import Proposal, StatusPeriod


@pytest.fixture
def rt(runtime):
    initialise(runtime)  # `init`'s result, copied from the per-worker template
    with runtime.transaction() as s:
        propose(
            s,
            code="US-NH",
            dedupe_key="bill-enacted:crash:nh",
            source="openstates",
            kind="bill_enacted",
            title="HB 9 (2027) enacted: adds kratom to schedule I",
            evidence={"url": "https://gc.nh.gov/bill_status/billinfo.aspx?id=9"},
            suggested={"leaf": "controlled", "seven_oh": "controlled"},
        )
    return runtime


def _pid(rt) -> int:
    with rt.transaction() as s:
        return s.scalar(select(Proposal.id).where(Proposal.dedupe_key == "bill-enacted:crash:nh"))


def _proposal_status(rt, pid) -> str:
    with rt.transaction() as s:
        return s.get(Proposal, pid).status


def test_a_failure_after_record_history_inside_accept_writes_nothing_and_keeps_the_proposal_open(
    rt, monkeypatch
):
    pid = _pid(rt)
    before = summary(rt)
    seen = {}
    record = review.history.record_history

    def record_then_note(session, *args, **kwargs):
        result = record(session, *args, **kwargs)
        session.flush()
        seen["flushed_rows"] = result.inserted
        return result

    def failing_audit(**_kwargs):
        raise RuntimeError("crash: the process dies before the audit entry is written")

    monkeypatch.setattr(review.history, "record_history", record_then_note)
    monkeypatch.setattr(review, "AuditEntry", failing_audit)
    with pytest.raises(RuntimeError, match="crash"):
        with rt.transaction() as s:
            review.accept(s, pid, actor="curator@example.org", effective=date(2027, 1, 1))
    monkeypatch.undo()
    after = summary(rt)
    problems = invariant_violations(rt)
    print(
        f"\ncrash after record_history ({seen['flushed_rows']} period rows flushed, not committed): "
        f"periods {before.counts['status_periods']} -> {after.counts['status_periods']}; "
        f"history checksum unchanged {'Y' if after.checksum == before.checksum else 'N'}; "
        f"proposal {_proposal_status(rt, pid)}; invariant violations {len(problems)}"
    )
    assert seen["flushed_rows"] >= 1
    assert after.differences(before) == [] and problems == []
    assert _proposal_status(rt, pid) == "open"
    with rt.transaction() as s:  # the next attempt completes
        review.accept(s, pid, actor="curator@example.org", effective=date(2027, 1, 1))
    assert _proposal_status(rt, pid) == "accepted" and invariant_violations(rt) == []


def test_a_commit_that_fails_after_accept_leaves_no_half_written_period(rt, monkeypatch):
    pid = _pid(rt)
    before = summary(rt)
    real_commit = Session.commit

    def failing_commit(self):
        if any(isinstance(o, StatusPeriod) for o in self.new) or self.info.get("crash"):
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return real_commit(self)

    monkeypatch.setattr(Session, "commit", failing_commit)
    with pytest.raises(OperationalError):
        with rt.transaction() as s:
            s.info["crash"] = True
            review.accept(s, pid, actor="curator@example.org", effective=date(2027, 1, 1))
    monkeypatch.undo()
    after = summary(rt)
    print(
        f"\ncommit failing after accept: periods {before.counts['status_periods']} -> "
        f"{after.counts['status_periods']}; audit {before.counts['audit_log']} -> {after.counts['audit_log']}; "
        f"proposal {_proposal_status(rt, pid)}"
    )
    assert after.differences(before) == [] and invariant_violations(rt) == []
    assert _proposal_status(rt, pid) == "open"


def test_review_accept_from_the_cli_that_crashes_midway_changes_nothing(rt, monkeypatch):
    pid = _pid(rt)
    before = summary(rt)

    def failing_audit(**_kwargs):
        raise RuntimeError("crash in the audit insert")

    monkeypatch.setattr(review, "AuditEntry", failing_audit)
    result = CliRunner().invoke(
        cli, ["review", "accept", str(pid), "--effective", "2027-01-01"], obj={"runtime": rt}
    )
    monkeypatch.undo()
    print(
        f"\n`review accept` crashing midway: exit {result.exit_code}; history unchanged "
        f"{'Y' if summary(rt).differences(before) == [] else 'N'}"
    )
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)
    assert summary(rt).differences(before) == [] and _proposal_status(rt, pid) == "open"


# The victim: `kratom-tracker init`, unchanged except that it reports (to a marker file) once its one
# loading transaction has recorded some jurisdictions' periods, and then dawdles, so the kill is sure
# to land inside the transaction. Test-only; the tracker has no such hook.
VICTIM = """
import pathlib, sys, time
from tracker.status import history
marker, real, calls = pathlib.Path(sys.argv[1]), history.record_history, [0]
def record_history(session, *args, **kwargs):
    result = real(session, *args, **kwargs)
    calls[0] += 1
    if calls[0] == 50:
        session.flush()
        marker.write_text(str(calls[0]))
        time.sleep(120)
    return result
history.record_history = record_history
sys.argv = ["kratom-tracker", "init"]
from tracker.cli.main import main
main()
"""


def test_init_killed_with_sigkill_inside_its_loading_transaction_leaves_no_half_loaded_history(
    runtime, tmp_path
):
    migrate.upgrade(
        runtime.settings.database_url
    )  # so the only transaction left is the dataset load
    before = summary(runtime)
    runtime.engine.dispose()
    marker = tmp_path / "inside"
    victim = subprocess.Popen(
        [sys.executable, "-c", VICTIM, str(marker)],
        env=env_for(runtime),
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not marker.exists():
        victim.kill()
        pytest.fail(
            f"the victim never got inside its transaction: {victim.communicate()[1][-2000:]}"
        )
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)
    after = summary(runtime)
    problems = invariant_violations(runtime)
    runtime.engine.dispose()
    again = subprocess.run(
        [sys.executable, "-m", "tracker", "init"],
        env=env_for(runtime),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    loaded = summary(runtime)
    runtime.engine.dispose()
    print(
        f"\nSIGKILL inside init's loading transaction (after {marker.read_text()} jurisdictions recorded and flushed): "
        f"periods visible {after.counts['status_periods']}, jurisdictions {after.counts['jurisdictions']}, "
        f"audit {after.counts['audit_log']}; integrity {after.integrity}; invariant violations {len(problems)}; "
        f"next init exit {again.returncode} with {loaded.counts['status_periods']} periods"
    )
    assert after.differences(before) == [] and after.integrity == "ok" and problems == []
    assert again.returncode == 0, again.stderr
    assert loaded.counts["status_periods"] > 100 and invariant_violations(runtime) == []
