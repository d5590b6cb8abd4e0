"""One stage vocabulary and one classification table for the scrapers and the tracker (#12)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from scrapers import common
from scrapers.sources import legiscan
from tracker.ingest import stages


def act(description: str, *labels: str):
    return SimpleNamespace(description=description, classification=labels)


def test_scrapers_and_tracker_share_one_vocabulary_and_every_status_hint_is_in_it():
    assert stages.STAGES is common.STAGES
    hints = set(common.CLASSIFICATION_STAGE.values()) | set(legiscan.STATUS_STAGE.values())
    assert hints <= set(stages.STAGES)


@pytest.mark.parametrize(
    "description",
    [
        "Amendment No. 2 adopted: amends R.S. 40:964 as enacted by Act No. 231 of 2019",
        "Referred to the Committee on Enrolled and Chaptered Bills",
        "Motion to reconsider the vote by which the bill was signed by the Speaker",
    ],
)
def test_references_to_other_acts_and_committee_names_do_not_enact_a_bill(description):
    assert stages.derive_stage([act("Introduced"), act(description)]) != "enacted"


@pytest.mark.parametrize(
    "description",
    [
        "Signed by the Governor. Becomes Act No. 41.",
        "Chaptered by Secretary of State - Chapter 12",
        "Became Public Law No: 118-5.",
    ],
)
def test_unclassified_enacting_actions_are_read_from_their_text(description):
    assert stages.derive_stage([act("Introduced"), act(description)]) == "enacted"


def test_classifications_win_over_the_text_of_the_same_action():
    assert (
        stages.derive_stage([act("Signed by the Governor (message only)", "referral-committee")])
        == "in_committee"
    )


def test_a_sources_final_status_wins_and_two_passages_are_passed_both():
    assert stages.derive_stage([act("x", "passage"), act("y", "passage")]) == "passed_both"
    assert stages.derive_stage([act("Referred", "referral-committee")], "enacted") == "enacted"


def test_legiscan_takes_the_stage_from_the_bills_status_not_the_last_progress_event():
    raw = {
        "status": 4,
        "progress": [{"date": "2025-01-01", "event": 1}, {"date": "2025-02-01", "event": 9}],
    }
    assert legiscan._stage(raw) == "enacted"
