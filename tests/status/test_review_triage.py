"""Triage from the CLI (issue #12): filters, columns, --json, a readable `review show`, bulk reject."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.factories import jurisdiction, period
from tracker.cli.main import cli
from tracker.ingest.reconcile import propose
from tracker.status import history
from tracker.store.models import Proposal

JSON_KEYS = {
    "id",
    "status",
    "kind",
    "jurisdiction",
    "title",
    "sources",
    "evidence",
    "suggested",
    "suggested_category",
    "effective_from",
    "citation",
    "reason",
    "confirms_period",
    "duplicate_of",
}


@pytest.fixture
def rt(migrated_runtime):
    with migrated_runtime.transaction() as s:
        for code, name in (("US-NH", "New Hampshire"), ("US-AL", "Alabama")):
            history.record_history(
                s,
                jurisdiction(s, code, name),
                [period(None, leaf="unregulated")],
                recorded_by="test",
            )
        propose(
            s,
            code="US-AL",
            dedupe_key="bill:al-sb65",
            source="legiscan",
            kind="bill_enacted",
            title="SB 65 (2025) enacted: controlled substances, 7-hydroxymitragynine added",
            evidence={
                "items": [
                    {
                        "source": "legiscan",
                        "url": "https://legiscan.com/AL/bill/SB65/2025",
                        "official_url": "https://alison.legislature.state.al.us/bill-search?tab=2&billNumber=SB65",
                        "title": "Controlled substances",
                        "description": "Adds mitragynine and 7-hydroxymitragynine to Schedule I.",
                    },
                    {"source": "openstates", "url": "https://openstates.org/al/bills/2025rs/SB65/"},
                ]
            },
            suggested={
                "attributes": {"leaf": "controlled", "seven_oh": "controlled"},
                "category": "banned",
                "effective_from": "2025-10-01",
                "effective_basis": "text: 'shall become effective on October 1, 2025'",
                "matched_term": "7-hydroxymitragynine",
                "act": "Act 2025-383",
                "reason": "Section 1 adds mitragynine and 7-hydroxymitragynine to Schedule I.",
            },
        )
        for i in range(3):
            propose(
                s,
                code="US-NH",
                dedupe_key=f"snapshot:wikipedia:{i}",
                source="wikipedia",
                kind="section_changed",
                title=f"Legality of kratom changed for US-NH ({i})",
                evidence={
                    "url": f"https://en.wikipedia.org/w/index.php?oldid={100 + i}",
                    "revision": str(100 + i),
                    "diff": "-old\n+new",
                },
                suggested={},
            )
        propose(
            s,
            code="US-NH",
            dedupe_key="notice:old-shape",
            source="federal_register",
            kind="notice",
            title="Rule: kratom labelling",
            evidence={
                "url": "https://www.federalregister.gov/d/1",
                "notice": {
                    "title": "Kratom labelling",
                    "abstract": "About labels.",
                    "matched_terms": ["kratom"],
                },
            },
            suggested={
                "leaf": "regulated",
                "labelling": True,
                "rules": ["Kratom Consumer Protection Act → leaf regulated"],
            },
        )
    return migrated_runtime


def run(rt, *args):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt})


def ids(rt) -> dict[str, int]:
    with rt.transaction() as s:
        return dict(s.execute(select(Proposal.dedupe_key, Proposal.id)).all())


def test_review_list_json_gives_one_object_per_proposal_with_the_agreed_keys(rt):
    rows = json.loads(run(rt, "review", "list", "--json").stdout)
    assert len(rows) == 5 and all(JSON_KEYS <= set(r) for r in rows)
    al = next(r for r in rows if r["jurisdiction"] == "US-AL")
    assert al["sources"] == ["legiscan", "openstates"]
    assert al["evidence"] == [
        "https://alison.legislature.state.al.us/bill-search?tab=2&billNumber=SB65",
        "https://legiscan.com/AL/bill/SB65/2025",
        "https://openstates.org/al/bills/2025rs/SB65/",
    ]
    assert (
        al["suggested"] == {"leaf": "controlled", "seven_oh": "controlled"}
        and al["suggested_category"] == "banned"
    )
    assert al["effective_from"] == "2025-10-01" and al["citation"] == al["evidence"][0]
    assert (
        al["reason"].startswith("Section 1 adds")
        and al["confirms_period"] is None
        and al["duplicate_of"] is None
    )
    old = next(r for r in rows if r["kind"] == "notice")  # the older flat shapes are read too
    assert (
        old["suggested"] == {"leaf": "regulated", "labelling": True}
        and old["suggested_category"] == "regulated"
    )
    assert (
        old["citation"] == "https://www.federalregister.gov/d/1" and old["matched_term"] == "kratom"
    )


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--source", "wikipedia"], 3),
        (["--source", "openstates"], 1),  # a source that reported the same event counts too
        (["--jurisdiction", "us-al"], 1),
        (["--kind", "notice"], 1),
        (["--has-suggestion"], 2),
        (["--no-suggestion", "--jurisdiction", "US-NH"], 3),
        (["--status", "rejected"], 0),
    ],
)
def test_review_list_filters_select_the_proposals(rt, args, expected):
    assert len(json.loads(run(rt, "review", "list", "--json", *args).stdout)) == expected


def test_review_list_prints_matched_term_category_and_effective_date_columns(rt):
    out = run(rt, "review", "list", "--jurisdiction", "US-AL").stdout
    header, row = out.splitlines()
    assert header.split()[:7] == [
        "id",
        "status",
        "jurisdiction",
        "kind",
        "term",
        "category",
        "effective",
    ]
    assert (
        "7-hydroxymitra" in row
        and "banned" in row
        and "2025-10-01" in row
        and "SB 65 (2025) enacted" in row
    )


def test_review_show_is_short_and_readable_with_the_change_beside_todays_values(rt):
    out = run(rt, "review", "show", str(ids(rt)["bill:al-sb65"])).stdout
    lines = out.splitlines()
    assert len(lines) < 25
    assert (
        lines[0].startswith("#")
        and "US-AL Alabama" in lines[0]
        and "(from legiscan, openstates)" in lines[0]
    )
    assert "Summary: Adds mitragynine and 7-hydroxymitragynine to Schedule I." in lines
    assert "Why: Section 1 adds mitragynine and 7-hydroxymitragynine to Schedule I." in lines
    assert any(
        line.startswith("Suggested change: banned from 2025-10-01 (text: 'shall become effective")
        for line in lines
    )
    leaf = next(line for line in lines if line.strip().startswith("leaf"))
    assert "unregulated" in leaf and "controlled" in leaf and "<- changes" in leaf
    assert (
        "  - official: https://alison.legislature.state.al.us/bill-search?tab=2&billNumber=SB65"
        in lines
    )
    assert (
        "Citation when accepted: https://alison.legislature.state.al.us/bill-search?tab=2&billNumber=SB65"
        in lines
    )
    machine = json.loads(run(rt, "review", "show", str(ids(rt)["bill:al-sb65"]), "--json").stdout)
    assert JSON_KEYS <= set(machine) and machine["raw_suggested"]["act"] == "Act 2025-383"


def test_bulk_reject_closes_every_open_proposal_the_filters_select(rt):
    result = run(
        rt,
        "review",
        "reject",
        "--all",
        "--source",
        "wikipedia",
        "--reason",
        "wording edits",
        "--by",
        "c@example.org",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("rejected 3 proposal(s): #")
    rows = json.loads(run(rt, "review", "list", "--json", "--status", "all").stdout)
    assert sorted(r["status"] for r in rows if "wikipedia" in r["sources"]) == ["rejected"] * 3
    assert sorted(r["status"] for r in rows if "wikipedia" not in r["sources"]) == ["open", "open"]
    assert run(
        rt, "review", "reject", "--all", "--source", "wikipedia", "--reason", "again"
    ).stdout.startswith("rejected 0")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--all", "1", "--reason", "x"], "either a PROPOSAL_ID or --all"),
        (["--reason", "x"], "either a PROPOSAL_ID or --all"),
        (["1", "--source", "wikipedia", "--reason", "x"], "select proposals for --all"),
        (["--all", "--reason", "  "], "a reason is required"),
    ],
)
def test_bulk_reject_refuses_ambiguous_input(rt, args, message):
    result = run(rt, "review", "reject", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(json.loads(run(rt, "review", "list", "--json").stdout)) == 5


def test_an_older_proposal_cites_the_legislatures_page_from_the_bills_sources_before_the_aggregator(
    rt,
):
    with rt.transaction() as s:
        propose(
            s,
            code="US-AL",
            dedupe_key="bill-enacted:openstates:al-1",
            source="openstates",
            kind="bill_enacted",
            title="HB 1 enacted",
            evidence={
                "url": "https://openstates.org/al/bills/2025rs/HB1/",
                "bill": {
                    "url": "https://openstates.org/al/bills/2025rs/HB1/",
                    "sources": [
                        "https://legiscan.com/AL/bill/HB1/2025",
                        "https://alison.legislature.state.al.us/bill-search?billNumber=HB1",
                    ],
                },
            },
            suggested={"leaf": "controlled"},
        )
    [row] = [
        r
        for r in json.loads(run(rt, "review", "list", "--json", "--source", "openstates").stdout)
        if r["title"] == "HB 1 enacted"
    ]
    assert row["citation"] == "https://alison.legislature.state.al.us/bill-search?billNumber=HB1"
    assert row["evidence"] == [
        "https://alison.legislature.state.al.us/bill-search?billNumber=HB1",
        "https://openstates.org/al/bills/2025rs/HB1/",
    ]
