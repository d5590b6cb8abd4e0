"""Rules of the article reader's seventh generalisation pass on US pages (issue #14), studied on
the fresh-10 split. Every test is named as the shape it covers, on short sentences written for the
test rather than copied from a fixture."""

from __future__ import annotations

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import plain_status, predicates, reader, state_names
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex()


def pairs(text: str) -> list[tuple[str, tuple]]:
    return place_pairs(read_claims(text, INDEX))


def test_a_state_nickname_names_the_state():
    text = "# Governor signs kratom law\n\nThe governor signed a law that regulates kratom in the Beehive State.\n"
    assert ("US-UT", (("category", "regulated"),)) in pairs(text)


def test_the_nickname_table_names_every_state_once_at_least():
    assert len(set(state_names.NICKNAMES.values())) == 50


def test_this_state_in_a_page_about_one_state_is_that_state():
    text = (
        "# Is kratom legal in Indiana?\n\nKratom is sold in many parts of the country. "
        "Sadly, you cannot buy kratom in this state.\n"
    )
    assert pairs(text) == [("US-IN", (("category", "banned"),))]


def test_this_state_means_nothing_on_a_page_about_no_single_state():
    assert state_names.own_state("you cannot buy kratom in this state", "US") is None
    assert state_names.own_state("you cannot buy kratom in this state", "US-IN") == "US-IN"


def test_you_cannot_buy_or_possess_kratom_is_a_ban():
    assert plain_status.reading("you can't legally possess kratom there") == {"category": "banned"}
    assert plain_status.reading("you cannot buy it anywhere") == {"category": "banned"}


def test_you_cannot_buy_kratom_under_an_age_is_not_a_ban():
    assert plain_status.reading("you cannot buy kratom if you are under 21") is None


def test_a_repealed_ban_makes_kratom_legal():
    assert plain_status.reading("lawmakers repealed the ban on kratom in 2019") == {
        "category": "legal"
    }


def test_a_ban_not_overturned_or_replaced_by_rules_is_not_read_as_legal():
    assert plain_status.reading("they have not succeeded in overturning the ban") is None
    assert plain_status.reading("the state lifted the ban and now regulates kratom") is None


def test_kratom_named_a_noncontrolled_substance_is_not_banned():
    assert predicates.predicate(
        "kratom's alkaloids remain non-controlled substances under federal law", 0, 67
    )[0] == {"category": "not_banned"}


def test_a_title_naming_a_us_agency_makes_the_page_a_us_story():
    main, us = reader.main_jurisdiction(
        "The agency has withdrawn its plan to make kratom a Schedule I drug.",
        "FDA drops kratom plan",
        INDEX,
    )
    assert us is True


def test_a_repeal_done_after_lobbying_is_a_fact_not_a_forecast():
    text = (
        "# Kratom in Vermont\n\nVermont banned kratom in 2016. After lobbying by vendors, "
        "the state repealed the ban in 2020.\n"
    )
    assert ("US-VT", (("category", "legal"),)) in pairs(text)


def test_an_agency_that_has_now_acted_is_the_federal_level():
    assert reader._ACTS.match(" has now withdrawn its notice")
