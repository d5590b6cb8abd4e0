"""Atom feeds: valid Atom 1.0, stable entry ids, one entry per change, ETag / Last-Modified / 304."""

from __future__ import annotations

from datetime import date, timedelta

from defusedxml import ElementTree as SafeET

from tests.web.apiexport_support import record
from tracker.reports import feeds
from tracker.store.models import Bill, utcnow

A = "{http://www.w3.org/2005/Atom}"


def _parse(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/atom+xml"
    root = SafeET.fromstring(response.data)
    assert root.tag == f"{A}feed"
    return root


def _check_atom(root) -> list:
    """The Atom 1.0 required elements (RFC 4287 §4.1.1, §4.1.2)."""
    for name in ("id", "title", "updated"):
        assert root.find(f"{A}{name}") is not None and root.find(f"{A}{name}").text, name
    assert root.find(f"{A}author/{A}name").text
    assert any(link.get("rel") == "self" for link in root.findall(f"{A}link"))
    entries = root.findall(f"{A}entry")
    ids = [e.find(f"{A}id").text for e in entries]
    assert len(ids) == len(set(ids))
    for e in entries:
        for name in ("id", "title", "updated", "summary"):
            assert e.find(f"{A}{name}") is not None and e.find(f"{A}{name}").text, name
        assert e.find(f"{A}id").text.startswith("tag:")
        assert e.find(f"{A}link").get("href").startswith(("http://", "https://"))
        assert e.find(f"{A}updated").text.endswith("Z")
    return entries


def _by_title(entries) -> dict[str, object]:
    return {e.find(f"{A}title").text: e for e in entries}


def test_the_changes_feed_is_atom_with_the_newest_hundred_changes(client, rt):
    entries = _check_atom(_parse(client.get("/changes.atom")))
    with rt.transaction() as session:
        total = len(feeds.recorded_changes(session))
    assert total > 50 and len(entries) == min(total, feeds.FEED_LIMIT)
    la = _by_title(entries)["Louisiana (US-LA): regulated → banned, effective 2025-08-01"]
    summary = la.find(f"{A}summary").text
    assert "category: regulated → banned" in summary and "Act 41" in summary
    assert la.find(f"{A}link").get("href") == "http://localhost/j/US-LA?as_of=2025-08-01"


def test_a_jurisdiction_feed_has_one_entry_per_change_including_localities(client):
    entries = _check_atom(_parse(client.get("/j/US-LA/changes.atom")))
    assert [e.find(f"{A}title").text.split("effective ")[1] for e in entries] == [
        "2025-08-01",
        "2012-08-01",
    ]
    root = _parse(client.get("/j/US-CA/san-diego/changes.atom"))
    assert (
        root.find(f"{A}id").text == "tag:kratom-tracker.invalid,2026:feed/changes/US-CA/san-diego"
    )
    assert client.get("/j/US-ZZ/changes.atom").status_code == 404


def test_entry_ids_are_stable_across_requests_corrections_and_splits(client, rt):
    first = [
        e.find(f"{A}id").text for e in _check_atom(_parse(client.get("/j/US-LA/changes.atom")))
    ]
    again = [
        e.find(f"{A}id").text for e in _check_atom(_parse(client.get("/j/US-LA/changes.atom")))
    ]
    assert first == again
    # a correction of the 2025 period's wording (same codebook attributes) is not a new change
    record(
        rt,
        "US-LA",
        start=date(2025, 8, 1),
        leaf="controlled",
        seven_oh="controlled",
        substances=("kratom", "mitragynine", "7-hydroxymitragynine"),
        summary="Corrected wording.",
    )
    corrected = _check_atom(_parse(client.get("/j/US-LA/changes.atom")))
    assert [e.find(f"{A}id").text for e in corrected] == first
    # a new change later splits nothing before it: a new entry on top, the old ids unchanged
    record(
        rt,
        "US-LA",
        start=date(2026, 1, 1),
        leaf="regulated",
        min_age=21,
        summary="Hypothetical repeal.",
    )
    later = _check_atom(_parse(client.get("/j/US-LA/changes.atom")))
    ids = [e.find(f"{A}id").text for e in later]
    assert ids[1:] == first and ids[0] not in first
    assert "banned → regulated" in later[0].find(f"{A}title").text
    # a change recorded in the middle of an open period splits it; the earlier change keeps its id
    record(rt, "US-LA", start=date(2018, 1, 1), end=date(2019, 1, 1), leaf="regulated", min_age=19)
    split = [
        e.find(f"{A}id").text for e in _check_atom(_parse(client.get("/j/US-LA/changes.atom")))
    ]
    assert set(ids) <= set(split)


def test_xml_illegal_characters_in_data_are_stripped(client, rt):
    record(
        rt,
        "ZW",
        start=date(2021, 3, 1),
        leaf="controlled",
        seven_oh="controlled",
        summary="Bad\x01bytes\x0b and \x1f here & <tags>",
        label="Act\x07 7",
    )
    entries = _check_atom(_parse(client.get("/j/ZW/changes.atom")))
    summary = entries[0].find(f"{A}summary").text
    assert "Badbytes and  here & <tags>" in summary and "Act 7" in summary
    # NUL and lone surrogates cannot even be stored (PostgreSQL refuses NUL); the filter drops them too
    assert feeds.xml_text("ok\x00\ud800\ufffe\U0001f600\t") == "ok\U0001f600\t"


def test_the_feed_answers_304_to_a_matching_etag_or_date_and_200_after_a_change(client, rt):
    first = client.get("/changes.atom")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    same = client.get("/changes.atom", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b"" and same.headers["ETag"] == etag
    assert client.get("/changes.atom", headers={"If-Modified-Since": modified}).status_code == 304
    assert (
        client.get(
            "/changes.atom", headers={"If-None-Match": '"other"', "If-Modified-Since": modified}
        ).status_code
        == 200
    )
    assert (
        client.get(
            "/changes.atom", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
        ).status_code
        == 200
    )
    record(
        rt,
        "ZM",
        start=date(2022, 6, 1),
        leaf="controlled",
        seven_oh="controlled",
        summary="A new ban.",
    )
    changed = client.get("/changes.atom", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    per_j = client.get("/j/ZM/changes.atom")
    assert (
        client.get(
            "/j/ZM/changes.atom", headers={"If-None-Match": per_j.headers["ETag"]}
        ).status_code
        == 304
    )


def test_the_bills_feed_lists_new_bills_with_stable_ids(client, rt):
    empty = _check_atom(_parse(client.get("/bills.atom")))
    assert empty == []
    now = utcnow()
    with rt.transaction() as session:
        from tracker.status import jurisdictions

        ohio = jurisdictions.find(session, "US-OH")
        for i, (ident, title) in enumerate(
            [("HB 1", "Prohibit kratom sales\x0c"), ("SB 2", "Kratom consumer protection")]
        ):
            session.add(
                Bill(
                    source="openstates",
                    external_id=f"ocd-bill/{i}",
                    jurisdiction_id=ohio.id,
                    session="136",
                    identifier=ident,
                    title=title,
                    url=f"https://legislature.ohio.gov/{ident}",
                    stage="introduced",
                    intent="ban" if i == 0 else "regulate",
                    relevant=True,
                    matched_terms=["kratom"],
                    content_hash="x" * 64,
                    first_seen_at=now - timedelta(days=2 - i),
                    last_changed_at=now - timedelta(days=2 - i),
                )
            )
    first = client.get("/bills.atom")
    entries = _check_atom(_parse(first))
    assert [e.find(f"{A}title").text.split(": ", 1)[1].split(" (")[0] for e in entries] == [
        "SB 2",
        "HB 1",
    ]
    assert entries[1].find(f"{A}link").get("href") == "https://legislature.ohio.gov/HB 1"
    assert "\x0c" not in entries[1].find(f"{A}title").text
    again = _check_atom(_parse(client.get("/bills.atom")))
    assert [e.find(f"{A}id").text for e in again] == [e.find(f"{A}id").text for e in entries]
    assert (
        client.get("/bills.atom", headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )


def test_the_feed_routes_answer_atom_with_the_declared_content_type(client):
    from tracker.web import feeds as web_feeds

    for path in ("/changes.atom", "/bills.atom"):
        reply = client.get(path)
        assert reply.status_code == 200 and reply.headers["Content-Type"] == web_feeds.ATOM
