"""The curator queue's triage (issue #12): filters, columns, bulk reject with CSRF, already-recorded proposals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.web.curator_support import EMAIL, counts, token
from tracker.ingest.reconcile import propose
from tracker.status import history, jurisdictions
from tracker.store.models import AuditEntry, Proposal

# a fast argon2 for every test here, as in test_curator.py
pytestmark = pytest.mark.usefixtures("cheap_hashing")


def add_wikipedia_edits(rt, n: int = 2) -> list[int]:
    with rt.transaction() as s:
        for i in range(n):
            propose(
                s,
                code="US-NH",
                dedupe_key=f"snapshot:wikipedia:{i}",
                source="wikipedia",
                kind="section_changed",
                title=f"Legality of kratom changed for US-NH ({i})",
                evidence={
                    "url": f"https://en.wikipedia.org/w/index.php?oldid={100 + i}",
                    "diff": "-a\n+b",
                },
                suggested={},
            )
        return list(
            s.scalars(
                select(Proposal.id).where(Proposal.source == "wikipedia").order_by(Proposal.id)
            )
        )


def test_the_queue_filters_by_source_kind_jurisdiction_and_suggestion_and_shows_term_category_and_date(
    curator,
):
    rt, client, ids = curator
    add_wikipedia_edits(rt)
    with rt.transaction() as s:
        propose(
            s,
            code="US-NH",
            dedupe_key="bill:nh-9",
            source="legiscan",
            kind="bill_enacted",
            title="SB 9 (2027) enacted",
            evidence={
                "items": [
                    {
                        "source": "legiscan",
                        "url": "https://legiscan.com/NH/bill/SB9/2027",
                        "official_url": "https://gc.nh.gov/bill_status/sb9",
                    }
                ]
            },
            suggested={
                "attributes": {"leaf": "regulated", "min_age": 21},
                "category": "regulated",
                "effective_from": "2027-07-01",
                "matched_term": "kratom",
                "reason": "no one under 21 may buy kratom",
            },
        )
    html = client.get("/review?source=legiscan").get_data(as_text=True)
    assert (
        "SB 9 (2027) enacted" in html
        and "HB 1 (2027)" not in html
        and "Legality of kratom" not in html
    )
    assert (
        "2027-07-01" in html and 'class="cat cat-regulated"' in html and "<td>kratom</td>" in html
    )
    wiki = client.get("/review?source=wikipedia&has_suggestion=no").get_data(as_text=True)
    assert "2 open proposals" in wiki and "Legality of kratom changed for US-NH (1)" in wiki
    assert "HB 1 (2027)" in client.get("/review?kind=bill_enacted&jurisdiction=us-nh").get_data(
        as_text=True
    )
    assert "No open proposals." in client.get("/review?jurisdiction=US-LA").get_data(as_text=True)
    assert "1 open proposal" in client.get("/review?has_suggestion=yes&kind=notice").get_data(
        as_text=True
    )
    assert client.get("/review?has_suggestion=maybe").status_code == 400
    with rt.transaction() as s:
        sb9 = s.scalar(select(Proposal.id).where(Proposal.dedupe_key == "bill:nh-9"))
    detail = client.get(f"/review/{sb9}").get_data(as_text=True)
    assert (
        "no one under 21 may buy kratom" in detail
        and "Suggested effective date: <strong>2027-07-01</strong>" in detail
    )
    assert (
        'value="https://gc.nh.gov/bill_status/sb9"' in detail
    )  # the official page is the default citation
    assert 'value="2027-07-01"' in detail  # and the suggested date is prefilled
    assert (
        'href="https://legiscan.com/NH/bill/SB9/2027"' in detail
        and "Official page (legiscan)" in detail
    )


def test_bulk_reject_rejects_every_open_proposal_the_filters_select_with_the_reason(curator):
    rt, client, ids = curator
    wiki = add_wikipedia_edits(rt, 3)
    page = client.get("/review?source=wikipedia").get_data(as_text=True)
    assert "Reject all 3 open proposals these filters select" in page
    reply = client.post(
        "/review/reject-all",
        data={
            "bulk-csrf_token": token(page),
            "bulk-expected": "3",
            "bulk-source": "wikipedia",
            "bulk-reason": "wording edits only",
        },
    )
    assert reply.status_code == 303, reply.get_data(as_text=True)
    with rt.transaction() as s:
        decided = {p.id: (p.status, p.reason, p.decided_by) for p in s.scalars(select(Proposal))}
        assert all(decided[i] == ("rejected", "wording edits only", EMAIL) for i in wiki)
        assert decided[ids["bill"]][0] == "open" and decided[ids["notice"]][0] == "open"
        assert (
            len(list(s.scalars(select(AuditEntry).where(AuditEntry.action == "reject_proposal"))))
            == 3
        )


def test_bulk_reject_writes_nothing_when_the_queue_changed_or_the_form_is_forged(curator):
    rt, client, ids = curator
    add_wikipedia_edits(rt, 2)
    page = client.get("/review?source=wikipedia").get_data(as_text=True)
    add_wikipedia_edits(rt, 3)  # one more arrives while the curator reads the list
    before = counts(rt)
    stale = client.post(
        "/review/reject-all",
        data={
            "bulk-csrf_token": token(page),
            "bulk-expected": "2",
            "bulk-source": "wikipedia",
            "bulk-reason": "noise",
        },
    )
    assert (
        stale.status_code == 409
        and "3 open proposals match these filters now, not 2" in stale.get_data(as_text=True)
    )
    forged = client.post(
        "/review/reject-all",
        data={"bulk-expected": "3", "bulk-source": "wikipedia", "bulk-reason": "noise"},
    )
    assert forged.status_code == 400
    assert counts(rt) == before


def test_an_already_recorded_proposal_is_closed_and_its_citation_added_only_when_the_curator_asks(
    curator,
):
    rt, client, ids = curator
    with (
        rt.transaction() as s
    ):  # New Hampshire is legal (unregulated) since records began: a proposal saying so is no change
        propose(
            s,
            code="US-NH",
            dedupe_key="notice:nh-legal",
            source="federal_register",
            kind="notice",
            title="Notice mentioning kratom",
            evidence={
                "items": [
                    {"source": "federal_register", "url": "https://www.federalregister.gov/d/2"}
                ]
            },
            suggested={"attributes": {"leaf": "unregulated"}},
        )
        pid = s.scalar(select(Proposal.id).where(Proposal.dedupe_key == "notice:nh-legal"))
        assert s.get(Proposal, pid).status == "already_recorded"
    assert f'href="/review/{pid}"' in client.get("/review?status=already_recorded").get_data(
        as_text=True
    )
    html = client.get(f"/review/{pid}").get_data(as_text=True)
    assert (
        "already recorded" in html
        and f'action="/review/{pid}/cite"' in html
        and f'action="/review/{pid}/accept"' not in html
    )
    with rt.transaction() as s:
        urls = [
            c.url
            for c in history.status_on(s, jurisdictions.get(s, "US-NH"), date(2027, 1, 1)).citations
        ]
    reply = client.post(
        f"/review/{pid}/cite",
        data={
            "cite-csrf_token": token(html),
            "cite-citation_url": "https://www.federalregister.gov/d/2",
        },
    )
    assert reply.status_code == 303, reply.get_data(as_text=True)
    with rt.transaction() as s:
        now = history.status_on(s, jurisdictions.get(s, "US-NH"), date(2027, 1, 1))
        assert [c.url for c in now.citations] == [*urls, "https://www.federalregister.gov/d/2"]
        assert s.get(Proposal, pid).confirms_period_id == now.id
        assert (
            s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "cite_proposal")) == EMAIL
        )


def test_the_edit_form_keeps_the_inherited_summary_and_can_drop_a_citation(curator):
    rt, client, ids = curator
    pid = ids["bill"]
    page = client.get(f"/review/{pid}").get_data(as_text=True)
    assert (
        'name="edit-summary"' in page
        and 'name="edit-drop_citations"' in page
        and 'name="edit-substances"' in page
    )
    reply = client.post(
        f"/review/{pid}/edit",
        data={
            "edit-csrf_token": token(page),
            "edit-leaf": "controlled",
            "edit-seven_oh": "controlled",
            "edit-effective": "2027-07-01",
            "edit-citation_url": "https://gc.nh.gov/rsa/318-B",
            "edit-drop_citations": "https://legislature.example.gov/act/1",
            "edit-substances": ["kratom", "mitragynine"],
            "edit-confidence": "medium",
        },
    )
    assert reply.status_code == 303, reply.get_data(as_text=True)
    with rt.transaction() as s:
        p = history.status_on(s, jurisdictions.get(s, "US-NH"), date(2027, 7, 1))
        assert [c.url for c in p.citations] == ["https://gc.nh.gov/rsa/318-B"]
        assert (p.confidence, sorted(p.substances), p.leaf) == (
            "medium",
            ["kratom", "mitragynine"],
            "controlled",
        )
        before = history.status_on(s, jurisdictions.get(s, "US-NH"), date(2027, 6, 30))
        assert [c.url for c in before.citations] == [
            "https://legislature.example.gov/act/1"
        ]  # still in the history
        changed = s.scalar(select(AuditEntry).where(AuditEntry.action == "accept_proposal")).detail[
            "changed"
        ]
        assert changed["confidence"] == ["high", "medium"] and changed["citations"]["removed"] == [
            "https://legislature.example.gov/act/1"
        ]
