"""Helpers for the curator-area tests (tests/web/test_curator*.py); their fixtures are in tests/web/conftest.py."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from tests.factories import jurisdiction, period
from tracker.accounts import users
from tracker.ingest.reconcile import propose
from tracker.status import history, jurisdictions
from tracker.store.models import AuditEntry, Proposal, StatusPeriod

PASSWORD = "correct horse battery staple"
EMAIL = "curator@example.org"
TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


def seed(rt) -> dict[str, int]:
    """New Hampshire (legal since records began), a curator, and three open proposals."""
    with rt.transaction() as s:
        nh = jurisdiction(s, "US-NH", "New Hampshire")
        history.record_history(s, nh, [period(None, leaf="unregulated")], recorded_by="test")
        users.create(s, EMAIL, PASSWORD, "curator", display_name="Curator One")
        propose(
            s,
            code="US-NH",
            dedupe_key="bill:nh-1",
            source="openstates",
            kind="bill_enacted",
            title="HB 1 (2027) enacted: adds kratom to schedule I",
            evidence={
                "url": "https://gc.nh.gov/bill_status/billinfo.aspx?id=1",
                "bill": {
                    "identifier": "HB 1",
                    "session": "2027",
                    "title": "Relative to kratom",
                    "url": "https://gc.nh.gov/bills/hb1",
                    "versions": ["https://gc.nh.gov/hb1.pdf"],
                    "actions": [
                        {
                            "date": "2027-03-01",
                            "description": "Introduced and referred",
                            "classification": ["introduction"],
                            "chamber": "lower",
                        },
                        {
                            "date": "2027-06-30",
                            "description": "Signed by Governor <b>Ayotte</b>",
                            "classification": ["executive-signature"],
                            "chamber": None,
                        },
                    ],
                },
            },
            suggested={
                "leaf": "controlled",
                "seven_oh": "controlled",
                "rules": ["Schedule I / controlled substance → leaf controlled"],
            },
        )
        propose(
            s,
            code="US-NH",
            dedupe_key="page:nh-2",
            source="page",
            kind="page_changed",
            title="NH DHHS kratom page changed for US-NH",
            evidence={
                "url": "https://www.dhhs.nh.gov/kratom",
                "diff": "--- before\n+++ after\n-old line\n+sale to persons under <21> prohibited",
            },
            suggested={},
        )
        propose(
            s,
            code="US-NH",
            dedupe_key="notice:nh-3",
            source="federal_register",
            kind="notice",
            title="Notice: kratom labelling",
            evidence={
                "url": "https://www.federalregister.gov/d/1",
                "notice": {
                    "title": "Kratom labelling",
                    "doc_type": "Rule",
                    "publication_date": "2027-01-05",
                    "agencies": ["FDA"],
                    "abstract": "About labels.",
                },
            },
            suggested={"leaf": "regulated"},
        )
        ids = dict(s.execute(select(Proposal.dedupe_key, Proposal.id)).all())
    return {"bill": ids["bill:nh-1"], "page": ids["page:nh-2"], "notice": ids["notice:nh-3"]}


def token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client) -> None:
    page = client.get("/login")
    reply = client.post(
        "/login",
        data={
            "email": EMAIL,
            "password": PASSWORD,
            "csrf_token": token(page.get_data(as_text=True)),
        },
    )
    assert reply.status_code == 302, reply.get_data(as_text=True)


def category(rt, code: str, day: date) -> str:
    with rt.transaction() as s:
        p = history.status_on(s, jurisdictions.get(s, code), day)
        return p.category if p else "unknown"


def counts(rt) -> tuple:
    with rt.transaction() as s:
        return (
            s.scalar(select(func.count(StatusPeriod.id))),
            s.scalar(select(func.count(AuditEntry.id))),
            tuple(s.scalars(select(Proposal.status).order_by(Proposal.id))),
        )


def form_token(client, pid: int) -> str:
    return token(client.get(f"/review/{pid}").get_data(as_text=True))
