"""Accepting never loses curated facts (issue #12), over the bundled dataset on SQLite or PostgreSQL.

Louisiana's 2025 ban is recorded with four curated citations, a summary, notes and a confidence.
A proposal for that same fact must change no period; a proposal for a real (here hypothetical, 2027)
change must carry the curated citations, summary, notes and confidence to the new period, keep the
superseded belief with its citations in the history, and record exactly which fields changed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.conftest import initialise
from tracker.cli.main import cli
from tracker.ingest.reconcile import propose
from tracker.status import history, jurisdictions, review
from tracker.store.models import AuditEntry, Proposal, StatusPeriod, utcnow

LA_BILL_PAGE = "https://legis.la.gov/legis/BillInfo.aspx?s=25RS&b=SB154"
OPENSTATES_URL = "https://openstates.org/la/bills/2025/SB154/"
BAN = date(2025, 8, 1)


@pytest.fixture
def rt(runtime):
    initialise(runtime)  # `init`'s result, copied from the per-worker template
    return runtime


def run(rt, *args):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt})


def louisiana_ban(s) -> StatusPeriod:
    return history.status_on(s, jurisdictions.get(s, "US-LA"), BAN)


def snapshot(rt) -> tuple:
    """Everything the tracker believes about Louisiana now, and how many rows exist at all."""
    with rt.transaction() as s:
        la = jurisdictions.get(s, "US-LA")
        rows = [
            (
                p.id,
                p.effective_from,
                p.leaf,
                p.confidence,
                p.summary,
                p.notes,
                tuple(c.url for c in p.citations),
            )
            for p in history.history(s, la)
        ]
        return rows, s.scalar(select(func.count(StatusPeriod.id)))


def open_proposal(rt, suggested: dict, evidence: dict | None = None, key: str = "la-sb154") -> int:
    """An open proposal as an older tracker version stored it (not closed at reconciliation)."""
    with rt.transaction() as s:
        p = Proposal(
            jurisdiction_id=jurisdictions.get(s, "US-LA").id,
            dedupe_key=key,
            source="openstates",
            kind="bill_enacted",
            title="SB 154 (2025) enacted: provides relative to kratom",
            evidence=evidence or {"url": OPENSTATES_URL},
            suggested=suggested,
            status="open",
            created_at=utcnow(),
        )
        s.add(p)
        s.flush()
        return p.id


def test_a_proposal_for_louisianas_recorded_ban_is_closed_as_already_recorded_when_it_is_raised(rt):
    before = snapshot(rt)
    with rt.transaction() as s:
        assert propose(
            s,
            code="US-LA",
            dedupe_key="bill-enacted:openstates:la-sb154",
            source="openstates",
            kind="bill_enacted",
            title="SB 154 (2025) enacted: provides relative to kratom",
            evidence={
                "items": [
                    {"source": "openstates", "url": OPENSTATES_URL, "official_url": LA_BILL_PAGE}
                ]
            },
            suggested={
                "attributes": {"leaf": "controlled", "seven_oh": "controlled"},
                "category": "banned",
                "effective_from": "2025-08-01",
                "official_url": LA_BILL_PAGE,
            },
        )
    with rt.transaction() as s:
        p = s.scalar(select(Proposal))
        assert p.status == "already_recorded" and p.decided_by == "tracker"
        assert p.confirms_period_id == louisiana_ban(s).id
        assert s.scalar(
            select(AuditEntry).where(AuditEntry.action == "proposal_already_recorded")
        ).entity_id == str(p.id)
    assert snapshot(rt) == before


def test_accepting_a_proposal_for_a_fact_already_recorded_changes_no_period(rt):
    before = snapshot(rt)
    with rt.transaction() as s:
        ban = louisiana_ban(s)
        assert len(ban.citations) >= 2 and ban.confidence in (
            "high",
            "medium",
        )  # curated by a person
    pid = open_proposal(
        rt, {"leaf": "controlled", "seven_oh": "controlled", "rules": ["Schedule I"]}
    )
    result = run(
        rt, "review", "accept", str(pid), "--effective", "2025-08-01", "--by", "curator@example.org"
    )
    assert result.exit_code == 0, result.output
    assert (
        f"#{pid} already recorded: period #{ban.id}" in result.output
        and "no status changed" in result.output
    )
    assert (
        snapshot(rt) == before
    )  # four citations, summary, notes and high confidence intact; no row added
    with rt.transaction() as s:
        p = s.get(Proposal, pid)
        assert (p.status, p.confirms_period_id, p.period_id) == ("already_recorded", ban.id, None)
    shown = json.loads(run(rt, "review", "show", str(pid), "--json").output)
    assert shown["status"] == "already_recorded" and shown["confirms_period"] == ban.id


def test_the_evidence_of_an_already_recorded_proposal_is_added_as_a_further_citation_only_when_asked(
    rt,
):
    pid = open_proposal(
        rt,
        {"attributes": {"leaf": "controlled"}, "official_url": LA_BILL_PAGE},
        evidence={
            "items": [{"source": "openstates", "url": OPENSTATES_URL, "official_url": LA_BILL_PAGE}]
        },
    )
    with rt.transaction() as s:
        old = louisiana_ban(s)
        old_id, old_urls, old_summary, old_confidence = (
            old.id,
            [c.url for c in old.citations],
            old.summary,
            old.confidence,
        )
    assert run(rt, "review", "accept", str(pid), "--effective", "2025-09-01").exit_code == 0
    assert snapshot(rt)[0][-1][-1] == tuple(old_urls)  # not asked: nothing added
    again = run(rt, "review", "accept", str(pid), "--add-citation", "--by", "curator@example.org")
    assert again.exit_code == 0, again.output
    assert f"citation added {LA_BILL_PAGE}" in again.output
    with rt.transaction() as s:
        now = louisiana_ban(s)
        assert [c.url for c in now.citations] == [
            *old_urls,
            LA_BILL_PAGE,
        ]  # the four kept, in order, then the official page
        assert (now.summary, now.confidence, now.effective_from, now.leaf) == (
            old_summary,
            old_confidence,
            BAN,
            "controlled",
        )
        assert (
            s.get(StatusPeriod, old_id).superseded_at is not None
        )  # the earlier belief stays in the history
        assert s.get(Proposal, pid).confirms_period_id == now.id
        cite = s.scalar(
            select(AuditEntry).where(
                AuditEntry.action == "record_history", AuditEntry.actor.like("proposal %")
            )
        )
        assert cite.detail["changed"] == {"citations": {"added": [LA_BILL_PAGE], "removed": []}}


def test_accepting_a_real_change_carries_the_curated_citations_summary_notes_and_confidence_to_the_new_period(
    rt,
):
    with rt.transaction() as s:
        ban = louisiana_ban(s)
        ban_id, urls, summary, notes, verified = (
            ban.id,
            [c.url for c in ban.citations],
            ban.summary,
            ban.notes,
            ban.verified_on,
        )
        confidence = ban.confidence
    pid = open_proposal(
        rt,
        {
            "attributes": {"leaf": "regulated", "seven_oh": "controlled", "min_age": 21},
            "effective_from": "2027-07-01",
            "official_url": LA_BILL_PAGE,
        },
        evidence={
            "items": [{"source": "openstates", "url": OPENSTATES_URL, "official_url": LA_BILL_PAGE}]
        },
    )
    result = run(rt, "review", "accept", str(pid), "--by", "curator@example.org")
    assert result.exit_code == 0, result.output
    assert (
        "leaf controlled -> regulated" in result.output
        and f"citation added {LA_BILL_PAGE}" in result.output
    )
    with rt.transaction() as s:
        la = jurisdictions.get(s, "US-LA")
        new = history.status_on(s, la, date(2027, 7, 1))
        assert (new.leaf, new.min_age, new.effective_from, new.effective_to) == (
            "regulated",
            21,
            date(2027, 7, 1),
            None,
        )
        assert [c.url for c in new.citations] == [*urls, LA_BILL_PAGE]
        assert new.citations[-1].kind in (
            "bill_page",
            "bill",
        )  # the official page, cited as the bill
        assert (new.summary, new.notes, new.confidence) == (summary, notes, confidence)
        kept = history.status_on(
            s, la, date(2026, 1, 1)
        )  # the ban until the change, with its citations
        assert (kept.leaf, kept.effective_to, [c.url for c in kept.citations]) == (
            "controlled",
            date(2027, 7, 1),
            urls,
        )
        superseded = s.get(StatusPeriod, ban_id)
        assert (
            superseded.superseded_at is not None and [c.url for c in superseded.citations] == urls
        )
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "accept_proposal"))
        reverified = (
            {"verified_on": [verified.isoformat(), date.today().isoformat()]}
            if verified != date.today()
            else {}
        )
        assert audit.detail["changed"] == {
            "effective_from": ["2025-08-01", "2027-07-01"],
            "leaf": ["controlled", "regulated"],
            "min_age": [None, 21],
            **reverified,
            "citations": {"added": [LA_BILL_PAGE], "removed": []},
        }
        assert s.get(Proposal, pid).period_id == new.id


def test_a_curator_may_drop_a_citation_or_lower_the_confidence_but_only_explicitly(rt):
    with rt.transaction() as s:
        urls = [c.url for c in louisiana_ban(s).citations]
        curated = louisiana_ban(s).confidence
    pid = open_proposal(rt, {"leaf": "regulated", "min_age": 21})
    result = run(
        rt,
        "review",
        "accept",
        str(pid),
        "--effective",
        "2027-07-01",
        "--drop-citation",
        urls[-1],
        "--confidence",
        "low",
        "--set",
        "summary=Hypothetical test summary",
    )
    assert result.exit_code == 0, result.output
    assert (
        f"confidence {curated} -> low" in result.output
        and f"citation removed {urls[-1]}" in result.output
    )
    with rt.transaction() as s:
        new = history.status_on(s, jurisdictions.get(s, "US-LA"), date(2027, 7, 1))
        assert [c.url for c in new.citations] == [*urls[:-1], OPENSTATES_URL]
        assert (new.confidence, new.summary) == ("low", "Hypothetical test summary")
        assert [
            c.url for c in history.status_on(s, jurisdictions.get(s, "US-LA"), BAN).citations
        ] == urls


def test_dropping_a_citation_the_period_does_not_have_is_refused_and_writes_nothing(rt):
    before = snapshot(rt)
    pid = open_proposal(rt, {"leaf": "regulated"})
    result = run(
        rt,
        "review",
        "accept",
        str(pid),
        "--effective",
        "2027-07-01",
        "--drop-citation",
        "https://example.org/x",
    )
    assert (
        result.exit_code == 2
        and "not a citation of the period being replaced: https://example.org/x" in result.output
    )
    assert snapshot(rt) == before


@pytest.mark.parametrize(
    "assignment, message",
    [
        (
            "colour=red",
            "--set colour: unknown field; valid fields: leaf, seven_oh, seven_oh_threshold, min_age, licensing, "
            "labelling, substances, summary, notes, confidence, enacted_on",
        ),
        ("min_age=twenty", "min_age: 'twenty' is not a whole number"),
        ("leaf=legalish", "leaf: 'legalish' is not one of unregulated, regulated"),
        ("substances=kratom,hemp", "substances: hemp not in the codebook"),
        ("licensing=maybe", "licensing: 'maybe' is not yes/no"),
        ("enacted_on=June 2025", "enacted_on: 'June 2025' is not a date in the form YYYY-MM-DD"),
        ("leaf", "--set takes FIELD=VALUE, not 'leaf'"),
    ],
)
def test_accept_set_refuses_an_unknown_field_or_a_bad_value_naming_the_valid_ones(
    rt, assignment, message
):
    pid = open_proposal(rt, {"leaf": "regulated"})
    result = run(rt, "review", "accept", str(pid), "--effective", "2027-07-01", "--set", assignment)
    assert result.exit_code == 2 and message in result.output
    with rt.transaction() as s:
        assert s.get(Proposal, pid).status == "open"


def test_the_accepted_values_are_typed_by_the_one_conversion_the_form_uses(rt):
    pid = open_proposal(rt, {})
    result = run(
        rt,
        "review",
        "accept",
        str(pid),
        "--effective",
        "2027-07-01",
        "--set",
        "leaf=regulated",
        "--set",
        "min_age=21",
        "--set",
        "licensing=yes",
        "--set",
        "substances=kratom, mitragynine",
        "--set",
        "enacted_on=2027-05-01",
    )
    assert result.exit_code == 0, result.output
    with rt.transaction() as s:
        new = history.status_on(s, jurisdictions.get(s, "US-LA"), date(2027, 7, 1))
        assert (new.min_age, new.licensing, sorted(new.substances), new.enacted_on) == (
            21,
            True,
            ["kratom", "mitragynine"],
            date(2027, 5, 1),
        )


def test_a_proposal_without_an_effective_date_needs_one(rt):
    pid = open_proposal(rt, {"leaf": "regulated"})
    result = run(rt, "review", "accept", str(pid))
    assert result.exit_code == 2 and "suggests no effective date" in result.output


def test_review_accept_on_the_service_returns_what_changed(rt):
    pid = open_proposal(
        rt, {"attributes": {"leaf": "regulated", "min_age": 21}, "enacted_on": "2027-05-01"}
    )
    with rt.write_transaction() as s:
        decision = review.accept(s, pid, actor="curator@example.org", effective=date(2027, 7, 1))
        assert decision.status == "accepted" and decision.period.enacted_on == date(2027, 5, 1)
        assert decision.changed["enacted_on"] == ["2025-06-04", "2027-05-01"]
        assert decision.citation_added == OPENSTATES_URL


@pytest.mark.parametrize(
    "citation, kinds",
    [
        (None, ("aggregator", "secondary")),  # the Open States page
        (
            "https://legis.la.gov/legis/Law.aspx?d=97954",
            ("bill_page", "session_law", "bill"),
        ),  # a curator's official URL
        ("https://en.wikipedia.org/wiki/Legal_status_of_kratom", ("encyclopedia", "secondary")),
    ],
)
def test_the_added_citation_is_typed_official_or_secondary_by_its_address(rt, citation, kinds):
    pid = open_proposal(rt, {"leaf": "regulated"})
    args = ["--citation", citation] if citation else []
    assert run(rt, "review", "accept", str(pid), "--effective", "2027-07-01", *args).exit_code == 0
    with rt.transaction() as s:
        added = history.status_on(s, jurisdictions.get(s, "US-LA"), date(2027, 7, 1)).citations[-1]
        assert added.url == (citation or OPENSTATES_URL) and added.kind in kinds


def test_a_proposal_the_suggestion_engine_closed_as_already_recorded_can_have_its_citation_added(
    rt,
):
    """The engine's flat shape: every attribute merged with the period, `established`, `confirms_period`."""
    with rt.transaction() as s:
        ban = louisiana_ban(s)
        ban_id, urls = ban.id, [c.url for c in ban.citations]
        p = Proposal(
            jurisdiction_id=jurisdictions.get(s, "US-LA").id,
            dedupe_key="bill:US-LA:2025:SB154",
            source="openstates",
            kind="bill_enacted",
            title="SB 154 (2025) enacted",
            status="already_recorded",
            created_at=utcnow(),
            decided_by="tracker",
            reason=f"already recorded: period {ban_id}",
            evidence={
                "url": LA_BILL_PAGE,
                "citation": LA_BILL_PAGE,
                "links": [LA_BILL_PAGE, OPENSTATES_URL],
                "items": [
                    {
                        "source": "openstates",
                        "id": "ocd-bill/x",
                        "url": OPENSTATES_URL,
                        "official_url": LA_BILL_PAGE,
                    }
                ],
            },
            suggested={
                "leaf": "controlled",
                "seven_oh": "controlled",
                "seven_oh_threshold": None,
                "min_age": None,
                "licensing": False,
                "labelling": False,
                "substances": ["kratom", "mitragynine", "7-hydroxymitragynine"],
                "established": ["leaf"],
                "rules": ["Schedule I"],
                "reason": "adds kratom to Schedule I",
                "effective_from": "2025-08-01",
                "category": "banned",
                "official_url": LA_BILL_PAGE,
                "confirms_period": ban_id,
                "base_period": ban_id,
            },
        )
        s.add(p)
        s.flush()
        pid = p.id
    shown = json.loads(run(rt, "review", "show", str(pid), "--json").stdout)
    assert (shown["confirms_period"], shown["suggested_category"], shown["citation"]) == (
        ban_id,
        "banned",
        LA_BILL_PAGE,
    )
    assert shown["evidence"] == [LA_BILL_PAGE, OPENSTATES_URL]
    refused = run(rt, "review", "accept", str(pid))
    assert refused.exit_code == 2 and f"already recorded (period {ban_id})" in refused.output
    assert run(rt, "review", "accept", str(pid), "--add-citation").exit_code == 0
    with rt.transaction() as s:
        assert [c.url for c in louisiana_ban(s).citations] == [*urls, LA_BILL_PAGE]
        assert s.get(Proposal, pid).confirms_period_id == louisiana_ban(s).id
