"""Rules of the article reader's sixth generalisation pass on US pages (issue #14), studied on the
fresh-8 split. Each rule is structural (a table's layout, a page's time frame); every test is
named as the shape it covers, on a page written for the test rather than copied from a fixture."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import TODAY, place_pairs
from tracker.articles import dates, importer, reader
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex(
    {
        "San Diego": "US-CA/san-diego",
        "Sarasota County": "US-FL/sarasota-county",
        "Alton": "US-IL/alton",
    }
)

BANNED = (("category", "banned"),)


def read(text: str, fmt: str = "text", published: date | None = None):
    parsed = importer.parse_article(text, fmt)
    sections = [(s.start, s.end, s.heading) for s in parsed.sections if s.checked]
    return reader.read(
        parsed.text,
        sections,
        index=INDEX,
        title=parsed.title,
        today=TODAY,
        published=published,
    ).claims


COLUMN_LISTS = """<html><body><article>
<h1>Where we cannot deliver</h1>
<p>We do not ship to the places below.</p>
<h2>Kratom bans we know of</h2>
<table>
<tr><th colspan="2">Whole country</th><th>Florida rules</th></tr>
<tr><th>Bans by state</th><th>Bans by city</th><th>Counties</th></tr>
<tr><td>Vermont</td><td>San Diego, CA</td><td>Sarasota County</td></tr>
<tr><td>Indiana</td><td>Parker, CO</td><td></td></tr>
<tr><td></td><td>Alton, IL</td><td></td></tr>
<tr><td></td><td>Ripley, MS*</td><td></td></tr>
</table>
</article></body></html>"""


def test_a_table_of_lists_gives_each_place_the_status_its_column_header_names():
    claims = read(COLUMN_LISTS, "html")
    assert place_pairs(claims) == [
        ("US-CA/san-diego", BANNED),
        ("US-FL/sarasota-county", BANNED),
        ("US-IL/alton", BANNED),
        ("US-IN", BANNED),
        ("US-VT", BANNED),
    ]


def test_a_town_the_tracker_lacks_in_a_column_list_does_not_stand_for_its_state():
    # "Parker, CO" names Colorado only as where Parker is: Colorado has no ban of its own here
    claims = read(COLUMN_LISTS, "html")
    assert "US-CO" not in {c.code for c in claims}


def test_a_group_name_spanning_the_header_row_is_not_read_as_a_place_of_the_table():
    # "Whole country" over two columns, "Florida rules" over "Counties": headers, not rows
    claims = read(COLUMN_LISTS, "html")
    assert "US-FL" not in {c.code for c in claims}
    assert "US" not in {c.code for c in claims}


def test_a_footnoted_cell_of_a_column_list_is_left_out_as_a_qualified_status():
    claims = read(COLUMN_LISTS, "html")
    assert "US-MS" not in {c.code for c in claims}


def test_a_table_with_one_status_column_still_reads_each_row_by_its_own_status_cell():
    table = """<html><body><h1>Kratom rules by state</h1><h2>Legal status</h2><table>
<tr><th>State</th><th>What the law says</th><th>Links</th></tr>
<tr><td>Ohio</td><td>Legal. No statewide ban.</td><td></td></tr>
<tr><td>Vermont</td><td>Illegal. Kratom is a controlled substance.</td><td></td></tr>
</table></body></html>"""
    claims = read(table, "html")
    assert ("US-VT", BANNED) in place_pairs(claims)
    assert ("US-OH", BANNED) not in place_pairs(claims)


def test_an_undated_page_whose_title_ends_with_a_year_is_checked_at_that_years_end():
    claims = read("# Kratom Rules State by State in 2019\n\nKratom is illegal in Vermont.\n")
    assert [(c.code, c.claim_date) for c in claims] == [("US-VT", date(2019, 12, 31))]


def test_a_title_year_in_brackets_before_a_subtitle_frames_the_page_too():
    claims = read(
        "# Kratom Laws [2021 Update]: What You Should Know\n\nKratom is illegal in Indiana.\n"
    )
    assert [c.claim_date for c in claims] == [date(2021, 12, 31)]


def test_a_title_naming_the_current_year_checks_the_page_on_today_not_on_new_years_eve():
    assert dates.title_year("Kratom Laws by State 2026", TODAY) == TODAY


def test_a_year_in_the_middle_of_a_title_or_after_today_gives_no_time_frame():
    assert dates.title_year("The 2014 Ordinance and What Came After", TODAY) is None
    assert dates.title_year("Kratom Rules in 2031", TODAY) is None
    assert dates.title_year(None, TODAY) is None


def test_a_dated_page_keeps_its_own_date_over_the_year_in_its_title():
    claims = read(
        "# Kratom Rules State by State in 2019\n\nKratom is illegal in Vermont.\n",
        published=date(2020, 3, 2),
    )
    assert all(c.claim_date != date(2019, 12, 31) for c in claims)


def test_a_headline_that_drops_its_copula_still_states_the_places_status():
    claims = read(
        "# Herbal kratom already illegal in Vermont\n\nLawmakers there acted years ago, officials said.\n"
    )
    assert ("US-VT", BANNED) in place_pairs(claims)


def test_a_headline_saying_a_state_becomes_the_nth_to_ban_gives_the_ban_and_its_rank():
    claims = read(
        "# Ohio becomes ninth state to ban kratom after a long fight over its sale in shops\n\n"
        "The measure took effect this week.\n"
    )
    ranked = [(c.code, c.reading, c.ordinal) for c in claims if c.code == "US-OH"]
    assert ranked == [("US-OH", {"category": "banned"}, 9)]


def test_a_headline_about_a_person_acting_on_a_ban_is_still_news_not_a_status():
    claims = read("# Governor Signs Vermont Kratom Ban\n\nThe bill now goes to the printer.\n")
    assert ("US-VT", BANNED) not in place_pairs(claims)


def test_this_county_is_the_county_named_last_not_the_state_around_it():
    claims = read(
        page_about_florida(
            "Sarasota County is different from the rest of the state. "
            "Since 2015, this county has enforced a ban on kratom."
        )
    )
    assert ("US-FL/sarasota-county", BANNED) in place_pairs(claims)
    assert ("US-FL", BANNED) not in place_pairs(claims)


def page_about_florida(body: str) -> str:
    return "# Kratom rules in Florida\n\n## Local rules\n\n" + body + "\n"


NOT_BANNED = (("category", "not_banned"),)


def page_about_ohio(body: str) -> str:
    return "# Kratom rules in Ohio\n\n## Legal status\n\n" + body + "\n"


def test_a_rule_that_does_not_apply_to_the_botanical_plant_leaves_it_not_banned():
    claims = read(
        page_about_ohio(
            "In Ohio the new listing does not apply to botanical kratom, only to concentrated "
            "synthetic extracts."
        )
    )
    assert ("US-OH", NOT_BANNED) in place_pairs(claims)
    assert ("US-OH", BANNED) not in place_pairs(claims)


def test_the_plant_in_its_natural_form_said_not_to_be_a_controlled_substance_is_not_banned():
    claims = read(
        page_about_ohio(
            "The kratom plant in its natural form is not a listed controlled substance under Ohio law."
        )
    )
    assert place_pairs(claims) == [("US-OH", NOT_BANNED)]


def test_a_place_that_opens_a_private_bodys_name_is_not_the_place_a_ban_is_about():
    claims = read(
        page_about_florida(
            "Members of the Sarasota County Foundation asked the board to ban kratom outright."
        )
    )
    assert "US-FL/sarasota-county" not in {c.code for c in claims}


def test_a_county_named_on_its_own_beside_a_ban_is_still_read():
    claims = read(page_about_florida("Kratom is banned in Sarasota County."))
    assert ("US-FL/sarasota-county", BANNED) in place_pairs(claims)


def page_about_georgia(body: str) -> str:
    return "# Kratom rules in Georgia\n\n## Local rules\n\n" + body + "\n"


def test_a_ban_lifted_many_words_after_it_is_named_is_no_longer_in_force():
    claims = read(
        page_about_georgia(
            "A citywide ban on the sale of the leaf adopted two summers ago by the town was lifted on Tuesday."
        )
    )
    assert all(c.reading != {"category": "banned"} for c in claims)


def test_supervisors_voting_to_rescind_a_ban_act_for_their_county_not_for_the_state():
    claims = read(
        page_about_georgia(
            "Supervisors Ann Lee and Tom Hart voted in favor of rescinding the kratom ban."
        )
    )
    assert "US-GA" not in {c.code for c in claims}
    assert [(c.code, c.reading) for c in claims] == [(None, {"category": "not_banned"})]


def test_a_statewide_act_in_a_sentence_after_a_county_is_the_states_not_the_countys():
    claims = read(
        page_about_florida(
            "Sarasota County voted for a ban in 2016. While kratom was already limited to buyers "
            "over 21, a statewide order this spring outlawed kratom extracts."
        )
    )
    ages = [(c.code, c.reading) for c in claims if "min_age" in c.reading]
    assert ages == [("US-FL", {"min_age": 21})]


def test_an_official_suggesting_a_body_adopt_a_ban_is_a_proposal_not_a_ban():
    claims = read(
        page_about_georgia(
            "A commissioner suggested the board adopt an ordinance banning kratom in Georgia."
        )
    )
    assert ("US-GA", BANNED) not in place_pairs(claims)


def test_a_modified_line_with_weekday_and_time_of_day_dates_the_page():
    parsed = importer.parse_article(
        "<html><head><title>Where we ship</title></head><body><article><h1>Where we ship</h1>"
        "<p>Modified on Tue, Mar 5, 2024 at 4:10 PM</p>"
        "<p>Our store cannot send parcels to every address. The list of places below is kept up "
        "to date by our support team, and orders to them are refused at checkout.</p>"
        "<h2>Places we cannot ship to</h2><p>Kratom is illegal in Vermont.</p></article></body></html>",
        "html",
    )
    assert parsed.published_on == date(2024, 3, 5)


def test_a_sentence_that_mentions_a_weekday_and_a_date_is_not_a_date_line():
    parsed = importer.parse_article(
        "<html><body><h1>News</h1><p>On Tue, Mar 5, 2024 the council met to discuss kratom.</p>"
        "</body></html>",
        "html",
    )
    assert parsed.published_on is None


def test_a_yes_under_an_inverted_can_i_question_heading_answers_it_as_legal():
    claims = read(
        "# Kratom in Ohio\n\n## Can You Buy Kratom in Ohio?\n\n"
        "Yes! Shops across the state stock it and ship it to your door.\n"
    )
    assert ("US-OH", (("category", "legal"),)) in place_pairs(claims)


def test_a_no_under_an_inverted_question_heading_answers_it_as_banned():
    claims = read(
        "# Kratom in Vermont\n\n## Can I Order Kratom in Vermont?\n\n"
        "No. Shops will not ship it there.\n"
    )
    assert ("US-VT", BANNED) in place_pairs(claims)


def test_a_state_that_has_cities_and_counties_with_a_ban_is_counted_by_its_localities():
    claims = read(page("Oregon has cities and counties within its borders with a kratom ban."))
    assert [(c.code, c.count) for c in claims] == [
        ("US-OR", {"count": "some", "scope": "localities"})
    ]
    assert ("US-OR", BANNED) not in place_pairs(claims)


def page(body: str) -> str:
    return "# Kratom across America\n\n## Legal status\n\n" + body + "\n"
