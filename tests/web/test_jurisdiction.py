"""The jurisdiction page: status on a date, timeline strip, diffs, corrections, bills, redlines."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import initialised_runtime
from tests.factories import add_bill, period
from tracker.reports import timeline
from tracker.status import history, jurisdictions
from tracker.status.periods import CitationInput
from tracker.store.models import Content, Document, Jurisdiction, Snapshot
from tracker.web import create_app

LOCALITY = "US-AL/testville"
T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    """One database for the module: the bundled dataset plus a few rows of our own."""
    runtime = initialised_runtime(tmp_path_factory.mktemp("jurisdiction"))
    with runtime.transaction() as s:
        _add_locality(s)
        _add_bills(s)
        _add_snapshots(s)
    yield runtime
    runtime.engine.dispose()


# an official text read on a verbatim copy elsewhere (the citation's `via`, issue #13)
COPY = CitationInput(
    "statute",
    "Testville Code § 9-1",
    "https://library.municode.com/al/testville/codes/code_of_ordinances",
    date(2026, 1, 1),
    None,
    "library.municode.com",
)


def _add_locality(s) -> None:
    alabama = jurisdictions.find(s, "US-AL")
    town = Jurisdiction(code=LOCALITY, name="Testville <b>", kind="locality", parent=alabama)
    s.add(town)
    s.flush()
    cite = CitationInput(
        "statute",
        "Testville Ord. 12-2020",
        "https://testville.example.gov/ord/12",
        date(2026, 1, 1),
    )
    history.record_history(
        s,
        town,
        [
            period(
                date(2020, 3, 1),
                None,
                leaf="regulated",
                min_age=21,
                citations=(cite, COPY),
                summary="Sales to under-21s are banned.",
            )
        ],
        recorded_by="test curator",
        now=T0,
    )


def _bill(s, *args, **kw):
    add_bill(s, *args, at=T0, **kw)


def _add_bills(s) -> None:
    title = "Adds mitragynine and 7-hydroxymitragynine to Schedule I"
    _bill(
        s,
        "US-LA",
        "2014 Regular Session",
        "HB 19",
        title,
        "failed",
        "ban",
        [("2014-03-10", "Prefiled"), ("2014-06-02", "Sine die adjournment: bill died")],
    )
    _bill(
        s,
        "US-LA",
        "2015 Regular Session",
        "HB 210",
        title,
        "in_committee",
        "ban",
        [("2015-04-13", "Referred to the Committee on Health and Welfare")],
    )
    _bill(
        s,
        "US-LA",
        "2025 Regular Session",
        "SB 154",
        "Provides relative to kratom",
        "enacted",
        "ban",
        [
            ("2025-03-01", "Introduced"),
            ("2025-06-04", "Signed by the Governor. Becomes Act No. 41."),
        ],
    )


OLD_TEXT = "Kratom may be sold to adults.\nSale to minors is an offence.\n" + "".join(
    f"Clause {i}.\n" for i in range(40)
)
MID_TEXT = OLD_TEXT.replace("sold to adults", 'sold to adults <script>alert("pwned")</script>')
NEW_TEXT = MID_TEXT.replace("Kratom may be sold", "Kratom may not be possessed or sold").replace(
    "Clause 39.", "Clause 39 (amended)."
)


def _add_snapshots(s) -> None:
    la = jurisdictions.find(s, "US-LA")
    ban = next(p for p in history.history(s, la) if p.effective_from == date(2025, 8, 1))
    doc = Document(
        source="page",
        key="la-kratom",
        jurisdiction_id=la.id,
        title="Louisiana kratom law page",
        url="https://legis.la.example.gov/kratom",
    )
    s.add(doc)
    s.flush()
    for i, text in enumerate((OLD_TEXT, MID_TEXT, NEW_TEXT)):
        sha = hashlib.sha256(text.encode()).hexdigest()
        s.add(Content(sha256=sha, text=text, size=len(text.encode())))
        s.add(
            Snapshot(
                document_id=doc.id,
                content_sha256=sha,
                fetched_at=T0 + timedelta(days=i),
                url=doc.url,
                period_id=ban.id if i == 2 else None,
            )
        )


@pytest.fixture(scope="module")
def client(rt):
    app = create_app(rt)
    app.testing = True
    return app.test_client()


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    assert ' style="' not in html and "<script" not in html  # strict CSP: no inline style or script
    return html


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_louisiana_shows_the_2025_ban_with_its_field_diff_and_the_act_41_citation(client):
    html = page(client, "/j/US-LA")
    assert (
        "regulated → banned, effective 2025-08-01, enacted 2025-06-04, SB 154 (2025 Regular Session), Act 41 of 2025"
        in html
    )
    assert "<li>category: regulated → banned</li>" in html
    assert (
        "<li>leaf: regulated → controlled</li>" in html
        and "<li>minimum age: 18 → none</li>" in html
    )
    assert 'href="https://app.legiplex.com/la/legislature/2025/2025-r/bills/sb154"' in html
    # the status today carries every codebook attribute
    for label in (
        "Leaf",
        "7-OH rule",
        "Minimum age",
        "Licensing",
        "Labelling",
        "Substances listed",
        "Effective",
        "Enacted",
        "Confidence",
        "Verified",
    ):
        assert f"<dt>{label}</dt>" in html
    assert "kratom, mitragynine, 7-hydroxymitragynine" in html
    # newest first: the ban comes before the minors law in the list of periods
    assert html.index("regulated → banned, effective 2025-08-01") < html.index(
        "effective 2012-08-01"
    )


def test_the_timeline_strip_is_an_svg_with_a_segment_per_period_and_a_labelled_tick_per_change(
    client,
):
    html = page(client, "/j/US-LA")
    svg = re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="strip-title strip-desc"' in svg
    assert svg.count('<rect class="seg seg-') == 3
    assert 'class="seg seg-banned"' in svg and 'fill="#D55E00"' in svg
    assert "2025-08-01 · SB 154 (2025 Regular Session), Act 41 of 2025" in svg
    assert "2012-08-01 · " in svg
    # the text alternative tells the same story
    assert "banned from 2025-08-01 on (SB 154 (2025 Regular Session), Act 41 of 2025)" in html


def test_the_page_travels_in_time_and_offers_a_permalink(client):
    html = page(client, "/j/US-LA?as_of=2020-01-01")
    assert "Showing the law in force on <strong>2020-01-01</strong>" in html
    status = text_of(html.split('id="status-h"')[1].split("</section>")[0])
    assert "regulated" in status and "Minimum age 18" in status
    assert 'href="http://localhost/j/US-LA?as_of=2020-01-01"' in html
    assert "in force on 2020-01-01" in html
    pinned = page(client, "/j/US-LA?as_of=2020-01-01&known_on=2026-06-01")
    assert 'href="http://localhost/j/US-LA?as_of=2020-01-01&amp;known_on=2026-06-01"' in pinned
    assert "as the tracker knew it on <strong>2026-06-01</strong>" in pinned
    # before the dataset was recorded, the tracker knew nothing
    empty = page(client, "/j/US-LA?known_on=2000-01-01")
    assert "No researched history" in empty and "Nothing researched covers" in empty
    assert "No bills tracked for Louisiana." in empty and "No source documents watched" in empty
    between = page(
        client, "/j/US-LA?known_on=2026-01-05"
    )  # the first snapshot only, the bills seen on T0
    assert "Only one snapshot so far" in between and "SB 154" in between


def test_a_state_page_shows_the_federal_law_on_top_and_a_locality_its_state_and_the_federal_law(
    client,
):
    state = page(client, "/j/US-LA")
    above = state.split('id="above-h"')[1].split("</section>")[0]
    assert 'href="/j/US?as_of=' in above and "United States (federal)" in above
    local = page(client, f"/j/{LOCALITY}")
    above = local.split('id="above-h"')[1].split("</section>")[0]
    assert "Alabama" in above and "United States (federal)" in above
    assert above.index("Alabama") < above.index("United States (federal)")
    assert "Testville &lt;b&gt;" in local  # names are escaped too


def test_dated_events_and_related_bills_with_stages_actions_and_the_reappearance_flag(client):
    html = page(client, "/j/US-LA")
    events = html.split('id="events-h"')[1].split("</section>")[0]
    assert "2014-06-02" in events and "HB 19 (2014)" in events and "2025-05-27" in events
    bills = html.split('id="bills-h"')[1].split("</section>")[0]
    assert (
        "SB 154" in bills
        and "enacted" in bills
        and "Signed by the Governor. Becomes Act No. 41." in bills
    )
    assert "in committee" in bills and "failed" in bills
    assert bills.count('class="flag"') == 1  # HB 210 (2015) repeats HB 19 (2014)
    assert "Earlier: HB 19 (2014 Regular Session), same title" in bills


def test_source_snapshots_show_legislative_redlines_linked_to_the_period_they_support(client):
    html = page(client, "/j/US-LA")
    sources = html.split('id="sources-h"')[1]
    assert sources.count('<div class="redline">') == 2
    assert "Kratom may <ins>not </ins>be<ins> possessed or</ins> sold to adults" in sources
    assert "Clause 39<ins> (amended)</ins>." in sources
    assert "<del> &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;</del>" not in sources
    assert (
        "adults<ins> &lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;</ins>." in sources
    )  # the older pair
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in sources  # inert text
    assert "unchanged lines" in sources  # the unchanged clauses are folded
    la = sources.split("This snapshot supports")[1][:300]
    assert re.search(r'href="#period-\d+">the banned period 2025-08-01 to now', la)


def test_a_recorded_correction_appears_as_the_tracker_knew_it(client, rt):
    before = page(client, f"/j/{LOCALITY}")
    assert "No corrections" in before
    with rt.transaction() as s:
        town = jurisdictions.find(s, LOCALITY)
        cite = CitationInput(
            "statute",
            "Testville Ord. 4-2021",
            "https://testville.example.gov/ord/4",
            date(2026, 2, 1),
        )
        result = history.record_history(
            s,
            town,
            [
                period(
                    date(2020, 3, 1),
                    None,
                    leaf="controlled",
                    citations=(cite,),
                    summary="Possession is banned.",
                )
            ],
            recorded_by="test curator",
            now=T0 + timedelta(days=30),
            reason="the ordinance was misread",
        )
        assert result.superseded == 1
    html = page(client, f"/j/{LOCALITY}")
    corrections = html.split('id="corr-h"')[1].split("</section>")[0]
    assert "Sales to under-21s are banned." in corrections  # the old belief
    assert (
        "2026-01-05 12:00 UTC" in corrections
        and "2026-02-04 12:00 UTC" in corrections
        and "test curator" in corrections
    )
    assert "<li>category: regulated → banned</li>" in corrections
    link = re.search(
        r'href="(/j/US-AL/testville\?as_of=2020-03-01&amp;known_on=2026-02-03)"', corrections
    )
    assert link, corrections
    then = page(client, link.group(1).replace("&amp;", "&"))
    status = text_of(then.split('id="status-h"')[1].split("</section>")[0])
    assert "Sales to under-21s are banned." in status and "Possession is banned." not in status
    assert "No corrections up to 2026-02-03" in then
    now = text_of(html.split('id="status-h"')[1].split("</section>")[0])
    assert "Possession is banned." in now


@pytest.mark.parametrize("url", ["/j/US-ZZ", "/j/XX/nowhere", "/j/" + "A" * 300])
def test_an_unknown_code_is_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "No jurisdiction has the code" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "query, name",
    [
        ("as_of=2025-02-30", "as_of"),
        ("as_of=yesterday", "as_of"),
        ("known_on=%27%20OR%201=1--", "known_on"),
        ("as_of=1066-10-14", "as_of"),
    ],
)
def test_a_bad_date_is_400_naming_the_parameter(client, query, name):
    response = client.get(f"/j/US-LA?{query}")
    assert response.status_code == 400
    assert name in response.get_data(as_text=True)


def test_the_services_behind_the_page_work_on_a_session(rt):
    with rt.sessions() as s:
        la = jurisdictions.find(s, "US-LA")
        periods = history.history(s, la)
        entries = timeline.timeline_entries(periods, date(2025, 8, 1), newest_first=False)
        assert [e.in_force for e in entries] == [False, False, True]
        assert entries[2].headline.startswith("regulated → banned, effective 2025-08-01")
        strip = timeline.strip_svg(periods, name="Louisiana", today=date(2026, 11, 27))
        assert [d.isoformat() for d, _ in strip.ticks] == ["2012-08-01", "2025-08-01"]
        assert strip.start < date(2012, 8, 1) and strip.end >= date(2026, 11, 27)
        hostile = timeline.strip_svg(periods, name='<script>x</script>"', today=date(2026, 11, 27))
        assert "<script>" not in str(hostile.svg) and "&lt;script&gt;" in str(hostile.svg)
        empty = timeline.strip_svg([], name="Nowhere", today=date(2026, 11, 27))
        assert "seg-unknown" in str(empty.svg) and "nothing researched" in empty.text


def test_an_official_text_read_on_a_copy_says_whose_copy_it_was_read_on(client):
    html = text_of(page(client, f"/j/{LOCALITY}?known_on=2026-01-06"))
    assert "Testville Code § 9-1" in html
    assert "text read on library.municode.com's copy" in html
