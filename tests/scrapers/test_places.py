"""scrapers.places: which jurisdictions a line of text names, with Georgia read by its context."""

from __future__ import annotations

from scrapers.places import jurisdictions_in, split_lines_by_jurisdiction


def test_a_line_naming_a_state_and_a_country_gives_both_codes_in_order():
    assert jurisdictions_in("Kratom is banned in Alabama and in Thailand it is now legal.") == [
        "US-AL",
        "TH",
    ]


def test_georgia_is_the_us_state_only_in_a_us_context():
    assert jurisdictions_in("Georgia bans kratom", us_context=True) == ["US-GA"]
    assert jurisdictions_in("Georgia bans kratom") == ["GE"]


def test_a_short_us_heading_makes_the_following_lines_us_lines():
    text = "United States\nGeorgia regulates kratom sales to adults.\n"
    lines = split_lines_by_jurisdiction(text)
    assert lines["US-GA"] == ["Georgia regulates kratom sales to adults."]
    assert "GE" not in lines
