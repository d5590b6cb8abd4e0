"""Rules of the article reader's third generalisation pass (issue #14): classes of misses and
extras seen across every labelled split. Every test is named as the shape it covers, on a sentence
written for the test in the style of real pages (not copied from a fixture)."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import importer
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({"Springdale": "US-AR/springdale", "Sarasota County": "US-FL/sarasota-county"})


def read(text: str, fmt: str = "text", published: date | None = None, index=INDEX):
    return read_claims(text, index, fmt, published)


pairs = place_pairs


def test_a_list_item_claim_is_quoted_with_the_label_that_names_its_place():
    text = (
        "# Kratom laws by state\n\n"
        "## Is kratom legal in your state?\n\n"
        "Here is the status of kratom state by state:\n\n"
        "- Ohio – kratom is legal for adults. Lawmakers keep watching it.\n"
        "- Utah – kratom is regulated under the state's consumer act.\n"
    )
    got = {c.code: c for c in read(text, "markdown")}
    assert got["US-OH"].text.startswith("Ohio – kratom is legal")
    assert got["US-UT"].text.startswith("Utah – kratom is regulated")


def test_a_ban_bill_that_did_not_advance_is_a_not_banned_claim():
    text = (
        "# Kratom in the Midwest\n\n"
        "## Is kratom legal in Nebraska?\n\n"
        "A bill to outlaw kratom was filed in Nebraska in 2021; however, it didn't succeed.\n"
    )
    assert pairs(read(text)) == [("US-NE", (("category", "not_banned"),))]


def test_a_failed_ban_bill_told_in_the_next_sentence_is_a_not_banned_claim():
    text = (
        "# Kratom laws\n\n"
        "## Is kratom legal in Oregon?\n\n"
        "In 2020 the Oregon Senate passed a bill that would have made kratom a controlled "
        "substance. However, the bill did not pass the House.\n"
    )
    assert pairs(read(text)) == [("US-OR", (("category", "not_banned"),))]


def test_a_record_field_line_taken_for_a_heading_does_not_hide_the_text_below_it():
    text = (
        "Ordinance 21-77\n\n"
        "Legal Department\n\n"
        "The council asked whether kratom sales need a licence in town.\n\n"
        "PREPARED BY: Dana Whitfield, Deputy Town Clerk\n\n"
        "Kratom has been banned by the state of Vermont, and sellers near the border have "
        "asked the council for guidance.\n"
    )
    parsed = importer.parse_article(text, "text")
    field = next(s for s in parsed.sections if s.heading and s.heading.startswith("PREPARED BY"))
    assert field.checked
    assert ("US-VT", (("category", "banned"),)) in pairs(read(text))


def test_town_and_postal_state_items_under_a_lead_in_give_the_town_its_status_and_the_state_the_aside():
    text = (
        "# Kratom rules near you\n\n"
        "## Where is kratom illegal?\n\n"
        "Kratom is also prohibited, though it stays legal within the state, in these towns:\n\n"
        "- Springdale, AR\n"
        "- Millbrook, AL\n"
    )
    got = pairs(read(text, "markdown"))
    assert ("US-AR/springdale", (("category", "banned"),)) in got
    assert ("", (("category", "banned"),)) in got  # Millbrook: a town the tracker does not hold
    assert ("US-AR", (("category", "legal"),)) in got
    assert ("US-AL", (("category", "legal"),)) in got
    assert ("US-AL", (("category", "banned"),)) not in got


def test_legal_over_the_age_of_n_is_a_minimum_age_claim():
    text = "# Kratom in Maine\n\n## Is kratom legal in Maine?\n\nIn Maine kratom is legal for anyone over the age of 19.\n"
    got = pairs(read(text))
    assert ("US-ME", (("min_age", 19),)) in got
    assert ("US-ME", (("category", "legal"),)) in got


def test_an_exception_to_an_age_limited_legal_status_is_banned_in_the_excepted_town():
    text = (
        "# Kratom in Arkansas\n\n## Is kratom legal in Arkansas?\n\n"
        "Kratom is legal in Arkansas for adults over the age of 21 except for Springdale.\n"
    )
    got = pairs(read(text))
    assert ("US-AR/springdale", (("category", "banned"),)) in got
    assert ("US-AR", (("min_age", 21),)) in got


def test_a_sentence_whose_subject_is_another_substance_is_not_a_kratom_claim():
    text = (
        "# Herbal products by state\n\n## Is kratom legal in Nevada?\n\n"
        "Kava is unregulated and legal in all 50 states. Kratom is legal in Nevada.\n"
    )
    assert pairs(read(text)) == [("US-NV", (("category", "legal"),))]
    assert not [c for c in read(text) if c.kind == "count"]


def test_a_kratom_sentence_that_names_another_substance_late_is_still_read():
    text = (
        "# Kratom in Thailand\n\n## Is kratom legal in Thailand?\n\n"
        "In Thailand kratom became legal in 2021, shortly before cannabis.\n"
    )
    assert ("TH", (("category", "legal"),)) in pairs(read(text))


def test_no_single_comma_separated_nationwide_ban_is_a_negation():
    text = "# Kratom in America\n\n## Is kratom banned?\n\nThere is no single, final nationwide ban on kratom in the United States.\n"
    assert pairs(read(text)) == [("US", (("category", "not_banned"),))]


def test_no_federal_controls_on_it_is_not_banned():
    text = "# Kratom in America\n\n## Is kratom legal?\n\nThe DEA watches kratom, but there are no federal controls on it at present.\n"
    assert ("US", (("category", "not_banned"),)) in pairs(read(text))


def test_you_cant_legally_buy_it_in_shops_is_a_trade_restriction():
    text = "# Kratom in Ireland\n\n## Is kratom legal in Ireland?\n\nIn Ireland you can't legally buy kratom in shops.\n"
    assert pairs(read(text)) == [("IE", (("category", "restricted"),))]


def test_legal_alternatives_to_kratom_are_no_claim():
    text = "# Kratom in Ireland\n\n## Is kratom legal in Ireland?\n\nThere are legal alternatives to kratom sold in Ireland.\n"
    assert pairs(read(text)) == []


def test_groups_that_argue_for_legalisation_make_no_claim():
    text = "# Kratom in Japan\n\n## Is kratom legal in Japan?\n\nIn Japan, advocacy groups argue for legalisation of kratom.\n"
    assert pairs(read(text)) == []


def read_url(text: str, url: str, index=INDEX):
    return read_claims(text, index, url=url)


def test_a_code_page_naming_only_this_state_takes_its_state_from_its_address():
    text = (
        "Section 12-4 Kratom sales\n\n"
        "The sale of kratom to a person under nineteen (19) years of age is prohibited in this state.\n"
    )
    got = pairs(read_url(text, "https://example.org/statutes/state_nebraska/section-12-4"))
    assert got == [("US-NE", (("min_age", 19),))]


def test_an_ordinance_naming_only_the_city_takes_its_town_from_its_address():
    text = (
        "Chapter 9.20 Regulation of kratom\n\n"
        "No kratom products shall be sold to any person under the age of 21 in the city.\n"
    )
    got = pairs(read_url(text, "https://codes.example.com/AR/Springdale/html/Springdale0920.html"))
    assert got == [("US-AR/springdale", (("min_age", 21),))]


def test_an_address_naming_no_place_leaves_the_claim_without_a_place():
    text = "Chapter 9.20 Regulation of kratom\n\nNo kratom products shall be sold to any person under the age of 21 in the city.\n"
    got = pairs(read_url(text, "https://codes.example.com/html/0920.html"))
    assert got == [("", (("min_age", 21),))]


def test_7_oh_above_a_share_of_the_alkaloids_among_barred_products_is_a_cap():
    text = (
        "Section 3 Kratom products\n\n"
        "A dealer shall not sell any of the following in Utah:\n\n"
        "- A kratom product containing a level of 7-hydroxymitragynine greater than one percent (1%) of the alkaloids.\n"
        "- A kratom product containing any controlled substance, unless a licensed pharmacist compounds it.\n"
    )
    got = pairs(read(text, "markdown"))
    assert got == [("US-UT", (("seven_oh", "capped"),))]


def test_a_sale_barred_near_schools_and_from_vending_machines_is_a_rule_not_a_ban():
    text = (
        "# Kratom in Laos\n\n## Is kratom legal in Laos?\n\n"
        "In Laos, selling kratom leaves near schools or from vending machines is prohibited.\n"
    )
    assert pairs(read(text)) == [("LA", (("category", "regulated"),))]


def test_trade_that_requires_permission_is_regulated_and_speaks_of_the_page_s_place():
    text = (
        "# Kratom in Laos\n\n## Is kratom legal in Laos?\n\n"
        "Kratom is regulated in Laos. Export of the leaves requires prior permission.\n"
    )
    claims = read(text)
    assert pairs(claims) == [("LA", (("category", "regulated"),))]
    assert any("requires prior permission" in t for c in claims for t in c.texts)


def test_a_change_of_law_as_the_subject_of_a_sentence_is_no_claim():
    text = (
        "# Kratom in Laos\n\n## Is kratom legal in Laos?\n\n"
        "Legalising kratom exports could bring Laos new revenue.\n"
    )
    assert pairs(read(text)) == []


def test_a_consequence_clause_shares_the_date_of_the_statement_it_follows():
    text = (
        "# Kratom in Europe\n\n## Where is kratom illegal?\n\n"
        "In Norway, kratom has been a controlled substance since 2019, meaning it is illegal to own.\n"
    )
    claims = [c for c in read(text) if c.code == "NO"]
    assert len(claims) == 1
    assert claims[0].claim_date == date(2019, 12, 31)


def test_sale_illegal_but_possession_legal_is_one_sale_prohibition():
    text = (
        "# Kratom in Europe\n\n## Where is kratom illegal?\n\n"
        "In Norway, the sale and import of kratom are illegal, but possession is legal.\n"
    )
    assert pairs(read(text)) == [("NO", (("category", "restricted"),))]


def test_a_council_that_voted_against_a_ban_speaks_of_the_town_named_before():
    text = (
        "# Springdale weighs kratom rules\n\n"
        "Springdale, Ark. - Springdale's leaders met on kratom sales on Monday.\n\n"
        "Council members voted against a full ban of kratom last month.\n"
    )
    assert ("US-AR/springdale", (("category", "not_banned"),)) in pairs(read(text))


def test_an_effort_to_schedule_it_that_has_not_been_approved_is_not_banned():
    text = (
        "# Kratom news\n\n## Is kratom legal?\n\n"
        "Federal agencies made an effort to list kratom as a Schedule I drug, but the plan has not been approved.\n"
    )
    assert pairs(read(text)) == [("US", (("category", "not_banned"),))]


def test_a_source_named_before_a_state_is_not_a_town_of_that_state():
    text = (
        "# Kratom in Ohio\n\n## Is kratom legal in Ohio?\n\n"
        "According to Harbor Village, Ohio law treats kratom as a controlled substance.\n"
    )
    assert pairs(read(text)) == [("US-OH", (("category", "banned"),))]


def test_a_section_heading_that_states_a_place_s_status_is_a_claim():
    text = "# Kratom around Europe\n\n## Banned in Norway\n\nThe Norwegian rules are strict.\n"
    claims = read(text, "markdown")
    assert pairs(claims) == [("NO", (("category", "banned"),))]
    assert claims[0].text == "Banned in Norway"


def test_a_headline_that_states_a_status_is_a_claim_but_a_headline_of_news_is_not():
    stated = read("# Kratom Is Legal In Ohio\n\nShops sell it widely.\n", "markdown")
    assert pairs(stated) == [("US-OH", (("category", "legal"),))]
    news = read("# Governor Signs Kratom Ban in Ohio\n\nShops must close.\n", "markdown")
    assert pairs(news) == []


def test_a_heading_that_asks_is_no_claim():
    assert pairs(read("# Kratom\n\n## Is kratom banned in Norway?\n\nRead on.\n", "markdown")) == []


def test_a_list_item_that_misspells_one_state_by_a_letter_is_that_state():
    text = (
        "# Kratom laws\n\n## Where is kratom illegal?\n\n"
        "Kratom is illegal in the following states:\n\n"
        "- Vermont\n"
        "- Missisippi\n"
        "- Banana\n"
    )
    got = pairs(read(text, "markdown"))
    assert got == [
        ("US-MS", (("category", "banned"),)),
        ("US-VT", (("category", "banned"),)),
    ]
