"""Structural rules of the article reader (issue #14, second generalisation pass): which parts of a
page are read, where its date is, how a sentence is cut. Every test is named as the shape it covers,
on a sentence written for the test in the style of real pages (not copied from a fixture)."""

from __future__ import annotations

from datetime import date

from tracker.articles import importer, reader
from tracker.articles.places import PlaceIndex

TODAY = date(2026, 12, 7)
INDEX = PlaceIndex({})


def parse(text: str):
    return importer.parse_article(text, "text")


def read(text: str, published: date | None = None, title: str | None = None):
    parsed = parse(text)
    sections = [(s.start, s.end, s.heading) for s in parsed.sections if s.checked]
    return reader.read(
        parsed.text,
        sections,
        index=INDEX,
        today=TODAY,
        published=published or parsed.published_on,
        title=title,
    ).claims


def pairs(claims_read):
    return sorted(
        (c.code or "", tuple(sorted(c.reading.items()))) for c in claims_read if c.kind == "place"
    )


def test_a_press_release_dated_month_slash_day_slash_year_below_its_headline_is_read_and_dated():
    page = (
        "Office of the Attorney General\n"
        "  • Home\n  • Newsroom\n  • Contact\n"
        "Attorney General Announces New Rule on Kratom Products\n\n"
        "3/11/2025\n\n"
        "OKLAHOMA CITY — Starting today, kratom is banned in Nebraska after the board voted to add "
        "mitragynine to the state's list of controlled substances, officials said on Tuesday.\n"
    )
    parsed = parse(page)
    assert parsed.published_on == date(2025, 3, 11)
    assert not any(s.heading == "3/11/2025" for s in parsed.sections)
    assert ("US-NE", (("category", "banned"),)) in pairs(read(page))


def test_a_published_date_line_wins_over_a_received_date_line():
    page = (
        "Journal of Addiction Policy\n\n"
        "Received Date: March 02, 2022\n\n"
        "Accepted Date: May 10, 2022\n\n"
        "Published Date: June 14, 2022\n\n"
        "Kratom in the states: a review\n\n"
        "Kratom is banned in Indiana, where it is a Schedule I substance.\n"
    )
    assert parse(page).published_on == date(2022, 6, 14)


def test_an_abstract_under_a_heading_that_says_nothing_of_law_is_read():
    page = (
        "Kratom Policy Review\n\n"
        "Authors\n\nJ. Doe, A. Smith\n\n"
        "ABSTRACT\n\n"
        "Kratom is a plant from Southeast Asia whose leaves are chewed or brewed as tea. In the "
        "United States it is sold as a supplement; kratom is illegal in Arkansas, and it is legal "
        "in Utah for adults over 21.\n\n"
        "Methods\n\nWe searched three databases for reports published between 2010 and 2020.\n"
    )
    parsed = parse(page)
    checked = {s.heading for s in parsed.sections if s.checked}
    assert "ABSTRACT" in checked
    assert "Methods" not in checked  # no kratom, no legality: not read
    assert ("US-AR", (("category", "banned"),)) in pairs(read(page))


def test_yet_to_be_scheduled_is_a_negation():
    found = read(
        "Kratom and the law\n\nThe agency has warned consumers about kratom, but kratom has yet to "
        "be scheduled under the Controlled Substances Act.\n"
    )
    assert ("US", (("category", "banned"),)) not in pairs(found)
    assert ("US", (("category", "not_banned"),)) in pairs(found)


def test_a_list_of_states_between_dashes_shares_the_sentence_predicate():
    found = read(
        "Where kratom stands\n\nToday, three states\u2014Ohio, Utah and Nevada\u2014have banned "
        "kratom outright, while the others allow it.\n"
    )
    got = pairs(found)
    for code in ("US-OH", "US-UT", "US-NV"):
        assert (code, (("category", "banned"),)) in got


def test_a_fronted_list_of_states_is_not_a_town_and_its_state():
    found = read(
        "Where kratom stands\n\nIn Oregon, Kentucky, Nevada, and Utah, kratom is sold under "
        "consumer protection rules that regulate its labelling.\n"
    )
    codes = {c.code for c in found}
    assert {"US-OR", "US-KY", "US-NV", "US-UT"} <= codes
    assert None not in codes and "" not in codes
