"""One real event, one proposal (issue #12), over real HTTP on 127.0.0.1 through `kratom-tracker scrape`."""

from __future__ import annotations

import json

from click.testing import CliRunner
from sqlalchemy import select

from tests.replay import Reply
from tests.scrapers.test_source_wikipedia import API as WIKI_API
from tracker.cli.main import cli
from tracker.store.models import Proposal, ScrapeRun, Snapshot


def scrape(rt, *names):
    return CliRunner().invoke(cli, ["scrape", "--json", *names], obj={"runtime": rt})


def proposals(rt) -> list[Proposal]:
    with rt.transaction() as s:
        rows = list(s.scalars(select(Proposal).order_by(Proposal.id)))
        for p in rows:
            s.expunge(p)
        return rows


def test_the_same_bill_from_open_states_and_legiscan_gives_one_proposal_citing_the_legislature_first(
    world,
):
    rt, _ = world
    assert scrape(rt, "openstates", "legiscan").exit_code == 0
    la = [p for p in proposals(rt) if p.dedupe_key == "bill:US-LA:2025:SB154"]
    assert len(la) == 1
    evidence = la[0].evidence
    assert [i["source"] for i in evidence["items"]] == ["openstates", "legiscan"]
    assert evidence["url"].startswith("https://legis.la.gov/legis/BillInfo.aspx?s=25RS&b=SB154")
    assert any("openstates.org" in u for u in evidence["links"][1:]) and any(
        "legiscan.com" in u for u in evidence["links"][1:]
    )
    suggested = la[0].suggested
    assert suggested["leaf"] == "controlled" and suggested["category"] == "banned"
    assert suggested["act"] == "Act No. 41" and "Schedule I" in suggested["reason"]


def test_a_bill_the_dataset_already_records_is_closed_as_already_recorded_not_left_open(world):
    rt, _ = world
    assert scrape(rt, "openstates").exit_code == 0
    [la] = [p for p in proposals(rt) if p.dedupe_key == "bill:US-LA:2025:SB154"]
    assert la.status == "already_recorded" and la.suggested["confirms_period"] is not None


def _section(revid: int, body: str) -> bytes:
    html = (
        f'<div class="mw-parser-output"><div class="mw-heading mw-heading3"><h3 id="Legal_status">Legal status</h3></div>'
        f"{body}</div>"
    )
    return json.dumps(
        {"parse": {"title": "Kratom", "pageid": 1, "revid": revid, "text": html}}
    ).encode()


def _wiki(replay, revid: int, body: str) -> None:
    with replay._lock:
        replay.routes[:] = [r for r in replay.routes if r.path != WIKI_API]
    revisions = {
        "query": {
            "pages": [
                {
                    "pageid": 1,
                    "title": "Kratom",
                    "revisions": [{"revid": revid, "timestamp": "2026-12-01T00:00:00Z"}],
                }
            ]
        }
    }
    sections = {
        "parse": {
            "title": "Kratom",
            "sections": [
                {
                    "toclevel": 1,
                    "level": "2",
                    "line": "Legal status",
                    "number": "1",
                    "index": "1",
                    "anchor": "Legal_status",
                }
            ],
        }
    }
    replay.route(WIKI_API, Reply(body=json.dumps(revisions)), query={"action": "query"})
    replay.route(
        WIKI_API, Reply(body=json.dumps(sections)), query={"action": "parse", "prop": "sections"}
    )
    replay.route(
        WIKI_API, Reply(body=_section(revid, body)), query={"action": "parse", "section": "1"}
    )


BASE = (
    "<p>Kratom is legal in most of the world.</p>"
    "<p>In Thailand, kratom is a Category 5 narcotic.</p>"
    "<p>In the United Kingdom, kratom is legal.</p>"
    "<p>In Denmark kratom is not specifically regulated, and nothing else is known about its status there today.</p>"
)


def test_a_vandalism_and_its_revert_leave_at_most_one_open_proposal_and_none_after_the_revert(
    world, replay
):
    rt, _ = world
    _wiki(replay, 100, BASE)
    assert scrape(rt, "wikipedia").exit_code == 0  # the baseline
    _wiki(
        replay,
        101,
        BASE.replace(
            "In the United Kingdom, kratom is legal.", "In the United Kingdom, kratom is banned."
        ),
    )
    assert scrape(rt, "wikipedia").exit_code == 0
    [vandal] = [p for p in proposals(rt) if p.source == "wikipedia" and p.status == "open"]
    assert vandal.suggested["leaf"] == "controlled" and "GB" in vandal.title
    _wiki(replay, 102, BASE)  # the revert
    assert scrape(rt, "wikipedia").exit_code == 0
    wiki = [p for p in proposals(rt) if p.source == "wikipedia"]
    assert [p for p in wiki if p.status == "open"] == []
    assert all("reverted by revision 102" in (p.reason or "") for p in wiki)


def test_blanking_the_section_is_a_warning_that_keeps_the_baseline_not_a_change(world, replay):
    rt, _ = world
    _wiki(replay, 200, BASE)
    assert scrape(rt, "wikipedia").exit_code == 0
    _wiki(replay, 201, "<p>Kratom.</p>")
    result = scrape(rt, "wikipedia")
    line = json.loads(result.output.splitlines()[-1])
    assert result.exit_code == 0 and any("suspect" in n for n in line["notes"])
    assert [p for p in proposals(rt) if p.source == "wikipedia"] == []
    with rt.transaction() as s:
        assert s.scalar(select(Snapshot.revision).order_by(Snapshot.id.desc()).limit(1)) == "200"


def test_a_wording_only_edit_raises_nothing_and_a_renamed_heading_keeps_its_document(world, replay):
    rt, _ = world
    _wiki(replay, 300, BASE)
    assert scrape(rt, "wikipedia").exit_code == 0
    _wiki(
        replay,
        301,
        BASE.replace(
            "In the United Kingdom, kratom is legal.", "Kratom is legal in the United Kingdom."
        ),
    )
    assert scrape(rt, "wikipedia").exit_code == 0
    assert [p for p in proposals(rt) if p.source == "wikipedia"] == []


def test_an_edit_that_only_changes_the_age_in_a_line_is_a_warning_not_a_status_change(
    world, replay
):
    rt, _ = world
    aged = "<p>In Denmark, selling kratom to anyone under 19 is prohibited.</p>"
    _wiki(replay, 500, BASE + aged)
    assert scrape(rt, "wikipedia").exit_code == 0
    _wiki(replay, 501, BASE + aged.replace("under 19", "under 21"))
    result = scrape(rt, "wikipedia")
    line = json.loads(result.output.splitlines()[-1])
    assert result.exit_code == 0 and any("only a number" in n for n in line["notes"])
    assert [p for p in proposals(rt) if p.source == "wikipedia"] == []


def test_a_real_status_edit_raises_one_proposal_with_the_date_the_line_gives(world, replay):
    rt, _ = world
    _wiki(replay, 400, BASE)
    assert scrape(rt, "wikipedia").exit_code == 0
    _wiki(
        replay,
        401,
        BASE.replace(
            "In Thailand, kratom is a Category 5 narcotic.",
            "Thailand removed kratom from its list of Category 5 narcotics on 24 August 2021.",
        ),
    )
    assert scrape(rt, "wikipedia").exit_code == 0
    [p] = [p for p in proposals(rt) if p.source == "wikipedia"]
    assert p.jurisdiction_id is not None and p.suggested["leaf"] == "unregulated"
    assert p.suggested["effective_from"] == "2021-08-24"


def test_a_watched_page_that_loses_every_search_term_is_a_failed_run_not_a_change(world, replay):
    rt, env = world
    from tests.upstream import reroute

    assert scrape(rt, "page").exit_code == 0
    reroute(
        replay,
        "/notices/kratom.html",
        Reply(
            body=b'<html><body><div id="main-content"><p>This site is under '
            b"scheduled maintenance. Please come back later.</p></div></body></html>",
            content_type="text/html",
        ),
    )
    result = scrape(rt, "page")
    assert result.exit_code == 1
    with rt.transaction() as s:
        run = s.scalars(select(ScrapeRun).order_by(ScrapeRun.id.desc())).first()
        assert run.outcome == "failed" and "no longer names any search term" in run.error_message
    assert [p for p in proposals(rt) if p.source == "page"] == []


def test_an_ecfr_count_going_from_zero_to_one_proposes_controlled_and_an_unchanged_count_nothing(
    world, replay
):
    rt, _ = world
    from tests.upstream import reroute

    assert scrape(rt, "ecfr").exit_code == 0
    assert [
        p for p in proposals(rt) if p.source == "ecfr"
    ] == []  # 0 matches: nothing listed, nothing proposed
    reroute(
        replay,
        "/api/versioner/v1/versions/title-21.json",
        Reply(
            body=json.dumps(
                {
                    "content_versions": [
                        {
                            "date": "2026-11-30",
                            "amendment_date": "2026-11-30",
                            "issue_date": "2026-11-30",
                            "identifier": "1308.11",
                            "name": "§ 1308.11 Schedule I.",
                            "part": "1308",
                            "substantive": True,
                            "removed": False,
                            "subpart": None,
                            "title": "21",
                            "type": "section",
                        }
                    ]
                }
            )
        ),
    )
    with replay._lock:
        replay.routes[:] = [
            r
            for r in replay.routes
            if not (r.path == "/api/search/v1/count" and r.query.get("query") == "mitragynine")
        ]
    replay.route(
        "/api/search/v1/count",
        Reply(body=json.dumps({"meta": {"description": "x", "total_count": 1}})),
        query={"query": "mitragynine"},
    )
    assert scrape(rt, "ecfr").exit_code == 0
    [p] = [p for p in proposals(rt) if p.source == "ecfr"]
    assert (
        p.kind == "listing_changed"
        and p.suggested["leaf"] == "controlled"
        and p.suggested["category"] == "banned"
    )
    assert p.evidence["url"] == "https://www.ecfr.gov/current/title-21/part-1308"


def _watched(rt, code: str, *paragraphs: str) -> None:
    """Reconcile one version of a watched page for a jurisdiction (the page source's own parser)."""
    from scrapers.sources.page import parse
    from tracker.ingest.reconcile import reconcile

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = f'<html><body><div id="main-content">{body}</div></body></html>'
    items = parse(
        html.encode(), "https://agency.example/kratom", selector="#main-content", jurisdiction=code
    )
    with rt.write_transaction() as s:
        reconcile(s, items)


def _listed_event(rt, code: str, day: str) -> None:
    from datetime import date

    from tracker.status import jurisdictions
    from tracker.store.models import JurisdictionEvent, utcnow

    with rt.write_transaction() as s:
        j = jurisdictions.find(s, code)
        s.add(
            JurisdictionEvent(
                jurisdiction_id=j.id,
                date=date.fromisoformat(day),
                title="a governor's request about kratom",
                citation_kind="news",
                citation_label="test",
                citation_url="https://news.example/request",
                fingerprint="test",
                recorded_at=utcnow(),
                recorded_by="test",
            )
        )


def _code_without_seven_oh_control(rt, day: str) -> str:
    from datetime import date

    from tracker.status import history
    from tracker.store.models import Jurisdiction

    with rt.transaction() as s:
        for j in s.scalars(select(Jurisdiction).order_by(Jurisdiction.code)):
            period = history.status_on(s, j, date.fromisoformat(day))
            if j.code.startswith("US-") and "/" not in j.code and period is not None:
                if period.seven_oh == "unregulated" and period.leaf == "unregulated":
                    return j.code
    raise AssertionError("no US state without 7-OH control in the bundled dataset")


def test_a_page_stating_a_rule_in_force_is_not_closed_by_an_event_listed_near_its_day(world):
    rt, _ = world
    code = _code_without_seven_oh_control(rt, "2031-03-02")
    _listed_event(rt, code, "2031-02-27")
    _watched(rt, code, "Kratom products: guidance for retailers.")
    _watched(
        rt,
        code,
        "Kratom products: guidance for retailers.",
        "Notice: 7-OH Products Now Illegal",
        "Effective March 2, 2031, the Board's emergency rule makes 7-hydroxymitragynine (7-OH) products illegal "
        "to sell, possess, or distribute in the state.",
    )
    (p,) = [p for p in proposals(rt) if p.source == "page"]
    assert p.status == "open" and p.suggested["seven_oh"] == "controlled"
    assert p.suggested["effective_from"] == "2031-03-02"
    assert not p.suggested.get("confirms_event") and not p.suggested.get("confirms_period")


def test_an_undated_change_joins_another_dated_within_three_days_of_its_approval():
    from tracker.ingest.reconcile import _same_day

    page = {"effective_from": None, "enacted_on": "2031-03-09"}
    assert _same_day(page, {"effective_from": "2031-03-09"})
    assert _same_day({"effective_from": "2031-03-11"}, page)
    assert not _same_day(page, {"effective_from": "2031-04-01"})
    # two different effective dates are two changes, whatever the signing days
    assert not _same_day(
        {"effective_from": "2031-03-09", "enacted_on": "2031-03-01"},
        {"effective_from": "2031-03-10", "enacted_on": "2031-03-01"},
    )


def test_a_dated_agency_warning_on_a_watched_page_is_an_event_closed_by_the_event_listed_that_day(
    world,
):
    rt, _ = world
    code = _code_without_seven_oh_control(rt, "2031-03-02")
    _watched(rt, code, "Kratom products: guidance for retailers.")
    _watched(
        rt,
        code,
        "Kratom products: guidance for retailers.",
        "3/2/2031",
        "The department warns consumers that 7-OH products may cause serious harm.",
    )
    (p,) = [p for p in proposals(rt) if p.source == "page"]
    assert (
        p.status == "open"
        and p.suggested["established"] == []
        and p.suggested["dated"] == "2031-03-02"
    )
    _listed_event(rt, code, "2031-04-01")
    _watched(
        rt,
        code,
        "Kratom products: guidance for retailers.",
        "4/1/2031",
        "The department warns about kratom.",
    )
    closed = [p for p in proposals(rt) if p.source == "page" and p.status == "already_recorded"]
    assert len(closed) == 1 and closed[0].suggested["dated"] == "2031-04-01"
