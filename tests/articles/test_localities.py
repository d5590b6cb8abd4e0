"""tracker/articles/localities.py: how US news pages speak of local bans."""

from __future__ import annotations

from tracker.articles import localities


def test_a_verbless_headline_states_a_status_and_one_telling_of_an_act_does_not():
    assert localities.STATUS_HEADLINE.match("Kratom now illegal in Tangipahoa Parish")
    assert not localities.STATUS_HEADLINE.match("Council votes to ban kratom in Oxford")


def test_a_named_parish_or_county_is_a_locality_but_the_parish_council_is_not_a_name():
    assert localities.NAMED_LOCALITY.search("a ban failed in nearby Livingston Parish").group(
        0
    ) == ("Livingston Parish")
    assert localities.NAMED_LOCALITY.search("The Parish Council met on Monday") is None


def test_the_state_before_a_rank_only_frames_it():
    text = "St. Tammany became the second parish in Louisiana to ban it"
    assert localities.is_ordinal_frame(text, text.index("Louisiana"))
    plain = "Kratom is banned in Louisiana"
    assert not localities.is_ordinal_frame(plain, plain.index("Louisiana"))
