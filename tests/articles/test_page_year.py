"""An undated page's title year, and a status with the day it ended (tracker/articles/page_year.py
and ended.py, issue #14, reader pass 9)."""

from __future__ import annotations

from datetime import date

from tracker.articles import ended, page_year

TODAY = date(2026, 12, 7)


def test_a_page_that_reports_a_later_past_day_is_not_of_its_title_year():
    text = "Vermont – banned. Oregon – (Repealed 3/2/2026)."
    assert page_year.reports_later_day(text, date(2025, 12, 31), TODAY)


def test_a_day_still_ahead_does_not_move_the_page_year():
    text = "Oregon's ban will take effect on January 1, 2026."
    assert not page_year.reports_later_day(text, date(2025, 12, 31), TODAY)


def test_a_rescinded_ban_held_until_the_day_before():
    assert ended.last_day("Oregon* – (Rescinded 3/2/2026)", TODAY) == date(2026, 3, 1)
    assert ended.last_day("Oregon – banned", TODAY) is None


def test_a_stretch_up_to_the_change_in_the_progressive_is_the_former_state():
    from tracker.articles import former

    assert former.stretch_to_change(
        "Over the past two years, shops in Ohio have been openly selling it."
    )
    assert not former.stretch_to_change("Over the past two years, Ohio has banned it.")
