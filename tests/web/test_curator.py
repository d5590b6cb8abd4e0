"""The curator area through Flask's test client, CSRF on: the queue, decisions, the audit log."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.web.curator_support import EMAIL, category, counts, form_token
from tracker.status import history, jurisdictions
from tracker.store.models import AuditEntry, Proposal, utcnow

# tests log in many times: a fast argon2 for every test here (the real parameters are tested in test_security)
pytestmark = pytest.mark.usefixtures("cheap_hashing")


def test_the_queue_lists_open_proposals_with_jurisdiction_evidence_and_suggested_change(curator):
    _rt, client, ids = curator
    page = client.get("/review")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert (
        "HB 1 (2027) enacted: adds kratom to schedule I" in html
        and "NH DHHS kratom page changed" in html
    )
    assert 'href="/j/US-NH"' in html and "New Hampshire" in html
    assert f'href="/review/{ids["bill"]}"' in html
    assert 'href="https://gc.nh.gov/bill_status/billinfo.aspx?id=1"' in html
    assert "leaf = <strong>controlled</strong>" in html
    assert "3 open proposals" in html
    assert EMAIL in html  # who is logged in


def test_the_detail_page_shows_the_bill_actions_links_and_the_diff_as_text(curator):
    _rt, client, ids = curator
    html = client.get(f"/review/{ids['bill']}").get_data(as_text=True)
    assert (
        "Introduced and referred" in html and "Signed by Governor &lt;b&gt;Ayotte&lt;/b&gt;" in html
    )
    assert (
        'href="https://gc.nh.gov/hb1.pdf"' in html and 'href="https://gc.nh.gov/bills/hb1"' in html
    )
    assert "Schedule I / controlled substance → leaf controlled" in html
    assert (
        'value="https://gc.nh.gov/bill_status/billinfo.aspx?id=1"' in html
    )  # the citation is prefilled
    assert (
        '<option selected value="controlled">' in html
    )  # the edit form starts from the suggestion
    page = client.get(f"/review/{ids['page']}").get_data(as_text=True)
    assert (
        '<pre class="diff-text"' in page and "+sale to persons under &lt;21&gt; prohibited" in page
    )
    notice = client.get(f"/review/{ids['notice']}").get_data(as_text=True)
    assert "About labels." in notice and "FDA" in notice


def test_accepting_records_the_change_through_the_write_path_as_the_logged_in_curator(curator):
    rt, client, ids = curator
    pid = ids["bill"]
    reply = client.post(
        f"/review/{pid}/accept",
        data={
            "csrf_token": form_token(client, pid),
            "effective": "2027-07-01",
            "citation_url": "https://gc.nh.gov/rsa/318-B",
            "citation_label": "RSA 318-B:1 (as amended by HB 1)",
        },
    )
    assert reply.status_code == 303 and reply.headers["Location"].endswith(f"/review/{pid}")
    assert category(rt, "US-NH", date(2027, 6, 30)) == "legal"
    assert category(rt, "US-NH", date(2027, 7, 1)) == "banned"
    with rt.transaction() as s:
        p = history.status_on(s, jurisdictions.get(s, "US-NH"), date(2027, 7, 1))
        assert [c.url for c in p.citations] == [
            "https://legislature.example.gov/act/1",
            "https://gc.nh.gov/rsa/318-B",
        ]  # inherited, then added
        assert p.citations[-1].label == "RSA 318-B:1 (as amended by HB 1)"
        assert (
            p.recorded_by == f"proposal {pid} accepted by Curator One"
        )  # display name, never the login (#10)
        proposal = s.get(Proposal, pid)
        assert (proposal.status, proposal.decided_by, proposal.period_id) == (
            "accepted",
            EMAIL,
            p.id,
        )
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "accept_proposal"))
        assert entry.actor == EMAIL and entry.entity_id == str(pid)
    html = client.get(f"/review/{pid}").get_data(as_text=True)
    assert f"by {EMAIL}" in html
    assert (
        "cat-banned" in html and f'action="/review/{pid}/accept"' not in html
    )  # decided: no more forms
    assert "HB 1 (2027)" not in client.get("/review").get_data(as_text=True)
    assert "HB 1 (2027)" in client.get("/review?status=accepted").get_data(as_text=True)


def test_editing_the_attributes_then_accepting_records_the_edited_values(curator):
    rt, client, ids = curator
    pid = ids["page"]  # the scraper suggested nothing: the curator sets every attribute
    reply = client.post(
        f"/review/{pid}/edit",
        data={
            "edit-csrf_token": form_token(client, pid),
            "edit-leaf": "regulated",
            "edit-seven_oh": "capped",
            "edit-seven_oh_threshold": "2%",
            "edit-min_age": "21",
            "edit-labelling": "y",
            "edit-effective": "2027-01-01",
            "edit-citation_url": "https://www.dhhs.nh.gov/kratom",
        },
    )
    assert reply.status_code == 303, reply.get_data(as_text=True)
    with rt.transaction() as s:
        p = history.status_on(s, jurisdictions.get(s, "US-NH"), date(2027, 1, 1))
        assert (p.leaf, p.seven_oh, p.seven_oh_threshold, p.min_age, p.labelling, p.licensing) == (
            "regulated",
            "capped",
            "2%",
            21,
            True,
            False,
        )
        assert p.category == "regulated"
    assert category(rt, "US-NH", date(2026, 12, 31)) == "legal"


def test_rejecting_records_the_reason_and_changes_no_status(curator):
    rt, client, ids = curator
    pid = ids["notice"]
    before = counts(rt)[0]
    reply = client.post(
        f"/review/{pid}/reject",
        data={
            "reject-csrf_token": form_token(client, pid),
            "reject-reason": "labelling only; no status change",
        },
    )
    assert reply.status_code == 303
    with rt.transaction() as s:
        p = s.get(Proposal, pid)
        assert (p.status, p.reason, p.decided_by) == (
            "rejected",
            "labelling only; no status change",
            EMAIL,
        )
        assert (
            s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "reject_proposal"))
            == EMAIL
        )
    assert counts(rt)[0] == before
    assert "labelling only; no status change" in client.get(f"/review/{pid}").get_data(as_text=True)


@pytest.mark.parametrize(
    "route, data, message",
    [
        (
            "accept",
            {"effective": "2027-02-30", "citation_url": "https://gc.nh.gov/x"},
            "Effective date",
        ),
        (
            "accept",
            {"effective": "1800-01-01", "citation_url": "https://gc.nh.gov/x"},
            "between 1900 and 2200",
        ),
        (
            "accept",
            {"effective": "", "citation_url": "https://gc.nh.gov/x"},
            "give the date the change took effect",
        ),
        (
            "accept",
            {"effective": "2027-01-01", "citation_url": "javascript:alert(1)"},
            "must be an http:// or https:// address",
        ),
        (
            "accept",
            {"effective": "2027-01-01", "citation_url": "ftp://gc.nh.gov/x"},
            "must be an http:// or https:// address",
        ),
        ("accept", {"effective": "2027-01-01", "citation_url": ""}, "give the citation"),
        (
            "edit",
            {
                "edit-leaf": "regulated",
                "edit-seven_oh": "capped",
                "edit-effective": "2027-01-01",
                "edit-citation_url": "https://gc.nh.gov/x",
            },
            "a capped 7-OH rule needs its threshold",
        ),
        (
            "edit",
            {
                "edit-leaf": "legalish",
                "edit-seven_oh": "unregulated",
                "edit-effective": "2027-01-01",
                "edit-citation_url": "https://gc.nh.gov/x",
            },
            "Leaf (plant) status: &#39;legalish&#39; is not one of unregulated",
        ),
        (
            "edit",
            {
                "edit-leaf": "regulated",
                "edit-seven_oh": "unregulated",
                "edit-min_age": "150",
                "edit-effective": "2027-01-01",
                "edit-citation_url": "https://gc.nh.gov/x",
            },
            "min_age: 150 is not an age in years",
        ),
        (
            "edit",
            {
                "edit-leaf": "regulated",
                "edit-seven_oh": "unregulated",
                "edit-min_age": "old",
                "edit-effective": "2027-01-01",
                "edit-citation_url": "https://gc.nh.gov/x",
            },
            "Minimum age: &#39;old&#39; is not a whole number",
        ),
        ("reject", {"reject-reason": "   "}, "give a reason"),
    ],
)
def test_a_refused_decision_is_a_400_with_the_message_and_writes_nothing(
    curator, route, data, message
):
    rt, client, ids = curator
    pid = ids["bill"]
    before = counts(rt)
    prefix = "" if route == "accept" else f"{route}-"
    reply = client.post(
        f"/review/{pid}/{route}", data={f"{prefix}csrf_token": form_token(client, pid), **data}
    )
    html = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert "Nothing was recorded." in html and message in html
    assert counts(rt) == before


def test_accepting_a_proposal_without_attributes_or_one_already_decided_is_refused(curator):
    rt, client, ids = curator
    empty = ids["page"]
    reply = client.post(
        f"/review/{empty}/accept",
        data={
            "csrf_token": form_token(client, empty),
            "effective": "2027-01-01",
            "citation_url": "https://www.dhhs.nh.gov/kratom",
        },
    )
    assert reply.status_code == 400 and "suggests no codebook change" in reply.get_data(
        as_text=True
    )
    pid = ids["notice"]
    tok = form_token(client, pid)
    assert (
        client.post(
            f"/review/{pid}/reject", data={"reject-csrf_token": tok, "reject-reason": "dup"}
        ).status_code
        == 303
    )
    before = counts(rt)
    again = client.post(
        f"/review/{pid}/accept",
        data={"csrf_token": tok, "effective": "2027-01-01", "citation_url": "https://x.example/"},
    )
    assert again.status_code == 400 and "already rejected" in again.get_data(as_text=True)
    assert counts(rt) == before


def test_an_unknown_proposal_is_a_404_page_and_a_post_to_it_writes_nothing(curator):
    rt, client, ids = curator
    assert client.get("/review/99999").status_code == 404
    tok = form_token(client, ids["bill"])
    before = counts(rt)
    assert (
        client.post(
            "/review/99999/reject", data={"reject-csrf_token": tok, "reject-reason": "x"}
        ).status_code
        == 404
    )
    assert counts(rt) == before


def test_the_queue_rejects_a_bad_status_or_page_parameter(curator):
    _rt, client, _ids = curator
    assert client.get("/review?status=maybe").status_code == 400
    assert client.get("/review?page=0").status_code == 400
    assert "No rejected proposals." in client.get("/review?status=rejected").get_data(as_text=True)


def test_the_audit_log_lists_entries_newest_first_in_pages(curator):
    rt, client, ids = curator
    start = utcnow() - timedelta(days=1)
    with rt.transaction() as s:
        for i in range(60):
            s.add(
                AuditEntry(
                    at=start + timedelta(minutes=i),
                    actor=f"actor-{i:02d}",
                    action="test_action",
                    entity="proposal",
                    entity_id=str(ids["bill"]),
                    detail={"n": i, "note": "<i>x</i>"},
                )
            )
        total = s.scalar(select(func.count(AuditEntry.id)))
    first = client.get("/audit").get_data(as_text=True)
    assert f"{total} entries, page 1 of 2" in first
    assert first.index("actor-59") < first.index("actor-58") < first.index("actor-20")
    assert "actor-00" not in first
    assert (
        f'href="/review/{ids["bill"]}"' in first
        and "&#34;note&#34;: &#34;&lt;i&gt;x&lt;/i&gt;&#34;" in first
    )
    second = client.get("/audit?page=2").get_data(as_text=True)
    assert (
        "actor-00" in second
        and "actor-59" not in second
        and 'rel="prev" href="/audit?page=1"' in second
    )
    assert client.get("/audit?page=x").status_code == 400


def test_the_review_queue_sends_a_visitor_who_is_not_logged_in_to_the_login_page(world):
    from tracker.web import curator as web_curator

    rt, app, ids = world
    assert web_curator.bp.name == "curator"
    reply = app.test_client().get("/review")
    assert reply.status_code == 302 and "/login" in reply.headers["Location"]
