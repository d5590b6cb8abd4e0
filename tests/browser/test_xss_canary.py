"""Script payloads placed in every scraped field render inert on every page, checked in Chromium."""

from __future__ import annotations

from datetime import date

import pytest

from tests.browser.conftest import screenshot
from tracker.status import history, jurisdictions
from tracker.status.periods import CitationInput, PeriodInput
from tracker.store.models import (
    Bill,
    BillAction,
    Content,
    Document,
    Notice,
    Proposal,
    ScrapeRun,
    Snapshot,
    Source,
    utcnow,
)

CANARY = "window.__pwned = (window.__pwned || 0) + 1"
PAYLOADS = [
    f"<script>{CANARY}</script>",
    f'<img src=x onerror="{CANARY}">',
    f'"><svg onload="{CANARY}">',
    f"</textarea></title><script>{CANARY}</script>",
    "<a href='x' <b>broken tag",
    "\u202eevil right-to-left override\u202c",
]
HOSTILE = " ".join(PAYLOADS)
JS_URL = f"javascript:{CANARY}"
PAGES = [
    "/",
    "/j/US-FL",
    "/j/US",
    "/changes",
    "/bills",
    "/sources",
    "/changes.atom",
    "/api/v1/status/US-FL",
    "/?q=%3Cscript%3E",
    "/articles/kratom-for-chronic-pain",
]


@pytest.fixture(scope="module")
def poisoned(site):
    """Hostile text in bills, actions, notices, snapshots, proposals, run errors and a period."""
    rt = site["runtime"]
    now = utcnow()
    with rt.transaction() as s:
        fl = jurisdictions.get(s, "US-FL")
        bill = Bill(
            source="openstates",
            external_id="ocd-bill/xss",
            jurisdiction_id=fl.id,
            session="2026",
            identifier="HB 666",
            title=HOSTILE,
            url=JS_URL,
            stage="enacted",
            intent="ban",
            relevant=True,
            matched_terms=["kratom"],
            content_hash="x",
            first_seen_at=now,
            last_changed_at=now,
        )
        bill.actions = [
            BillAction(
                position=0,
                date="2026-03-01",
                description=HOSTILE,
                classification=["passage"],
                chamber="lower",
            )
        ]
        s.add(bill)
        s.add(
            Notice(
                source="federal_register",
                external_id="xss-1",
                jurisdiction_id=jurisdictions.get(s, "US").id,
                title=HOSTILE,
                doc_type="Notice",
                agencies=[HOSTILE],
                publication_date="2026-01-01",
                url=JS_URL,
                abstract=HOSTILE,
                relevant=True,
                content_hash="x",
                first_seen_at=now,
            )
        )
        doc = Document(
            source="page",
            key="https://example.gov/xss",
            jurisdiction_id=fl.id,
            title=HOSTILE,
            url=JS_URL,
        )
        s.add(doc)
        s.flush()
        for i, text in enumerate(
            [f"Kratom is legal. {PAYLOADS[0]}", f"Kratom is banned. {HOSTILE}"]
        ):
            digest = f"{i:064d}"
            s.add(Content(sha256=digest, text=text, size=len(text)))
            s.flush()
            s.add(
                Snapshot(
                    document_id=doc.id,
                    content_sha256=digest,
                    fetched_at=now,
                    revision=str(i),
                    url=JS_URL,
                )
            )
        s.add(
            Proposal(
                jurisdiction_id=fl.id,
                dedupe_key="xss",
                source="openstates",
                kind="bill_enacted",
                title=HOSTILE,
                evidence={"url": JS_URL, "diff": HOSTILE},
                suggested={"leaf": "controlled"},
                status="open",
                created_at=now,
            )
        )
        src = Source(
            name="openstates",
            state={},
            consecutive_failures=1,
            last_failure_at=now,
            last_error=HOSTILE,
        )
        s.add(src)
        s.flush()
        s.add(
            ScrapeRun(
                source_id=src.id,
                started_at=now,
                finished_at=now,
                outcome="failed",
                error_class="LayoutChanged",
                error_message=HOSTILE,
            )
        )
        history.record_history(
            s,
            fl,
            [
                PeriodInput(
                    effective_from=date(2026, 11, 1),
                    effective_to=None,
                    leaf="controlled",
                    seven_oh="controlled",
                    confidence="low",
                    verified_on=date(2026, 11, 27),
                    summary=HOSTILE,
                    notes=HOSTILE,
                    citations=(
                        CitationInput("news", HOSTILE, "https://example.org/?q=<script>", None),
                    ),
                )
            ],
            recorded_by=HOSTILE,
        )
    return site


@pytest.mark.parametrize("path", PAGES)
def test_no_payload_executes_and_no_javascript_link_exists(poisoned, page, path):
    response = page.goto(poisoned["url"] + path)
    assert response.status < 500
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    assert not [p for p in page.problems if p.startswith("dialog")]
    if "html" in (response.headers.get("content-type") or ""):
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert page.locator("[onerror], [onload]").count() == 0
    if path == "/j/US-FL":
        screenshot(page, "xss-jurisdiction-page")
