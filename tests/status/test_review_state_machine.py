"""A stateful property test of the curation workflow (research matrix B15): proposals are made,
accepted on a random date, rejected, decided twice, and periods are corrected, in any order.

After every step the database is compared with a small reference model:
- each jurisdiction's current periods equal the reference periods (starts, ends and leaf);
- history is append-only: no row ever recorded changes, except superseded_at being set once;
- every proposal has the status the model expects; an accepted one points at a period that
  records its suggestion, one whose suggestion was already in force that day is closed as
  already recorded and changes nothing, a rejected one points at none; deciding twice is refused.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import delete, select

from tests.factories import examples, period
from tracker.status import history, review
from tracker.store.models import AuditEntry, Citation, Jurisdiction, Proposal, StatusPeriod, utcnow

DAY0 = date(2024, 1, 1)
DAYS = 24
LEAVES = ("unregulated", "regulated", "controlled", "sale_prohibited")
CODES = ("US-AL", "US-LA")
IMMUTABLE = (
    "jurisdiction_id",
    "effective_from",
    "effective_to",
    "leaf",
    "seven_oh",
    "min_age",
    "confidence",
    "summary",
    "recorded_at",
    "recorded_by",
)


def _day(d: date | None) -> int | None:
    return None if d is None else (d - DAY0).days


def _replace(periods: list[tuple], start: int, end: int | None, leaf: str) -> list[tuple]:
    """Reference semantics of a write: [start, end) becomes leaf; what it does not cover stays."""
    lo, hi = start, end if end is not None else 10**9
    out = []
    for a, b, value in periods:
        a_, b_ = a if a is not None else -(10**9), b if b is not None else 10**9
        if b_ <= lo or a_ >= hi:
            out.append((a, b, value))
            continue
        if a_ < lo:
            out.append((a, lo, value))
        if hi < b_:
            out.append((hi, b, value))
    out.append((start, end, leaf))
    return sorted(out, key=lambda p: -(10**9) if p[0] is None else p[0])


def _leaf_on(periods: list[tuple], day: int) -> str | None:
    for a, b, leaf in periods:
        if (a is None or a <= day) and (b is None or day < b):
            return leaf
    return None


def _next_start(periods: list[tuple], day: int) -> int | None:
    later = [a for a, _, _ in periods if a is not None and a > day]
    return min(later) if later else None


def test_propose_accept_reject_and_correct_keep_the_history_sound(session):
    class Curation(RuleBasedStateMachine):
        proposals = Bundle("proposals")

        def __init__(self):
            super().__init__()
            for model in (AuditEntry, Proposal, Citation, StatusPeriod, Jurisdiction):
                session.execute(delete(model))
            self.places = {}
            for code in CODES:
                j = Jurisdiction(code=code, name=code, kind="subdivision")
                session.add(j)
                session.flush()
                self.places[code] = j
            # each place starts with one open-start period, as the bundled dataset has
            self.model = {code: [(None, None, "regulated")] for code in CODES}
            for code, j in self.places.items():
                history.record_history(
                    session, j, [period(None, None, leaf="regulated")], recorded_by="seed"
                )
            self.status: dict[int, str] = {}
            self.suggested: dict[int, tuple[str, str]] = {}
            self.rows: dict[int, tuple] = {}
            self.superseded: dict[int, object] = {}
            self.n = 0

        @rule(target=proposals, code=st.sampled_from(CODES), leaf=st.sampled_from(LEAVES))
        def propose(self, code, leaf):
            self.n += 1
            p = Proposal(
                jurisdiction_id=self.places[code].id,
                dedupe_key=f"prop-{self.n}",
                source="federal_register",
                kind="notice",
                title=f"Notice {self.n}",
                evidence={"url": f"https://example.org/n/{self.n}"},
                suggested={"leaf": leaf},
                status="open",
                created_at=utcnow(),
            )
            session.add(p)
            session.flush()
            self.status[p.id], self.suggested[p.id] = "open", (code, leaf)
            return p.id

        @rule(pid=proposals, day=st.integers(0, DAYS - 1))
        def accept(self, pid, day):
            if self.status[pid] != "open":
                with pytest.raises(review.ReviewError, match="already"):
                    review.accept(session, pid, actor="curator", effective=DAY0 + timedelta(day))
                return
            code, leaf = self.suggested[pid]
            got = review.accept(
                session, pid, actor="curator", effective=DAY0 + timedelta(day)
            ).period
            if (
                _leaf_on(self.model[code], day) == leaf
            ):  # already what the history records: nothing changes
                self.status[pid] = "already_recorded"
                assert got.leaf == leaf and (
                    got.effective_from is None or _day(got.effective_from) <= day
                )
                return
            end = _next_start(self.model[code], day)
            self.model[code] = _replace(self.model[code], day, end, leaf)
            self.status[pid] = "accepted"
            assert (
                got.leaf == leaf
                and _day(got.effective_from) == day
                and _day(got.effective_to) == end
            )

        @rule(
            pid=proposals, reason=st.sampled_from(["not about kratom", "duplicate", "  outdated  "])
        )
        def reject(self, pid, reason):
            if self.status[pid] != "open":
                with pytest.raises(review.ReviewError, match="already"):
                    review.reject(session, pid, actor="curator", reason=reason)
                return
            review.reject(session, pid, actor="curator", reason=reason)
            self.status[pid] = "rejected"

        @rule(code=st.sampled_from(CODES), confidence=st.sampled_from(["high", "medium", "low"]))
        def correct(self, code, confidence):
            """A curator corrects the confidence of every current period: new rows, same law."""
            j = self.places[code]
            current = [
                history.as_input(p, confidence=confidence) for p in history.history(session, j)
            ]
            history.record_history(session, j, current, recorded_by="correction", replace_all=True)

        @invariant()
        def current_periods_equal_the_model(self):
            for code, j in self.places.items():
                got = [
                    (_day(p.effective_from), _day(p.effective_to), p.leaf)
                    for p in history.history(session, j)
                ]
                assert got == self.model[code], code

        @invariant()
        def history_is_append_only(self):
            for p in session.scalars(select(StatusPeriod)):
                row = tuple(getattr(p, f) for f in IMMUTABLE)
                assert self.rows.setdefault(p.id, row) == row, f"row {p.id} was edited"
                if p.id in self.superseded:
                    assert p.superseded_at == self.superseded[p.id], (
                        f"row {p.id} was superseded twice"
                    )
                elif p.superseded_at is not None:
                    self.superseded[p.id] = p.superseded_at
            assert (
                session.scalar(
                    select(StatusPeriod.id).where(StatusPeriod.id.not_in(list(self.rows)))
                )
                is None
            )

        @invariant()
        def proposals_have_the_expected_outcome(self):
            for p in session.scalars(select(Proposal)):
                assert p.status == self.status[p.id]
                if p.status == "accepted":
                    recorded = session.get(StatusPeriod, p.period_id)
                    assert recorded is not None and recorded.leaf == self.suggested[p.id][1]
                elif p.status == "already_recorded":
                    confirmed = session.get(StatusPeriod, p.confirms_period_id)
                    assert p.period_id is None and confirmed.leaf == self.suggested[p.id][1]
                else:
                    assert p.period_id is None

    run_state_machine_as_test(
        Curation,
        settings=settings(
            max_examples=examples(120),
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
