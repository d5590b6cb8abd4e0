"""The labelled articles' verdicts stay true to the bundled data (issue #14).

A label's `verdict` is what the tracker's data says about the claim on its date, derived by the
verdict rules in tests/fixtures/articles/README.md. When the data changes (research under #13), a
label derived from the old data silently goes stale and the evaluation then scores the reader against
a wrong answer. This test re-derives every plain reading (a category, a minimum age, a 7-OH value on
a tracked place) from the data as `init` loads it, so a data edit that moves a verdict fails here and
the label is re-derived by hand, with a note saying why.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import initialised_runtime
from tracker.articles.claims import judge
from tracker.status import history
from tracker.store.models import Jurisdiction
from tracker.store.yamlio import safe_load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
LABELLING_DAY = date(2026, 12, 7)  # an undated claim is judged on the day the labels were made
PLAIN = {"category", "min_age", "seven_oh"}
VERDICT_WORDS = {
    "holds": "holds",
    "does not hold": "does_not_hold",
    "partly": "partly",
    "not checkable": "not_checkable",
}


def _plain_claims() -> list[tuple[str, dict]]:
    """(slug, claim) for every label whose reading is one plain fact about one place."""
    found = []
    for labels in sorted(FIXTURES.glob("*/labels.yaml")):
        meta = safe_load(labels.read_text(encoding="utf-8"))
        for claim in meta.get("claims") or []:
            reading = claim.get("reading") or {}
            if reading and set(reading) <= PLAIN and claim.get("code"):
                found.append((meta["slug"], claim))
    return found


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    runtime = initialised_runtime(tmp_path_factory.mktemp("labels"))
    with runtime.sessions() as session:
        yield session, {j.code: j for j in session.scalars(select(Jurisdiction))}
    runtime.engine.dispose()


def _derived(session, place: Jurisdiction, claim: dict) -> tuple[str, str]:
    on = claim.get("claim_date") or LABELLING_DAY
    on = date.fromisoformat(on) if isinstance(on, str) else on
    verdict, why = judge(claim["reading"], history.status_on(session, place, on))
    return VERDICT_WORDS[verdict], f"{on.isoformat()}: {why}"


def test_the_labels_hold_hundreds_of_plain_claims_on_tracked_places():
    claims = _plain_claims()
    assert len(claims) >= 500
    assert {c["verdict"] for _, c in claims} >= {"holds", "does_not_hold", "partly"}


def test_every_plain_label_verdict_is_what_the_bundled_data_gives_on_the_claims_date(data):
    session, places = data
    stale = []
    for slug, claim in _plain_claims():
        if claim["code"] not in places:
            stale.append(f"{slug}: {claim['code']} is not a tracked place")
            continue
        derived, why = _derived(session, places[claim["code"]], claim)
        if derived != claim["verdict"]:
            stale.append(
                f"{slug}: {claim['code']} {claim['reading']} labelled {claim['verdict']}, "
                f"the data gives {derived} ({why})"
            )
    assert stale == [], "labels to re-derive from the data:\n" + "\n".join(stale)


def test_a_verdict_that_the_data_contradicts_is_reported_with_the_place_and_the_reason(data):
    session, places = data
    # Louisiana scheduled kratom from 1 August 2025: a "legal" label on a later date is stale.
    claim = {"code": "US-LA", "reading": {"category": "legal"}, "claim_date": "2025-09-01"}
    derived, why = _derived(session, places["US-LA"], claim)
    assert derived == "does_not_hold" and why.startswith("2025-09-01: ")
