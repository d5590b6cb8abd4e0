"""Rules of the article reader's fourth generalisation pass (issue #14), studied on the fresh-4 (US)
and fresh-5 (non-US) splits. Every test is named as the shape it covers, on a sentence written for
the test in the style of real pages (not copied from a fixture)."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import importer
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({"San Diego": "US-CA/san-diego", "Sarasota County": "US-FL/sarasota-county"})


def read(text: str, fmt: str = "text", published: date | None = None, index=INDEX):
    return read_claims(text, index, fmt, published)


pairs = place_pairs


def test_a_state_that_does_not_list_kratom_among_its_controlled_substances_is_not_banned():
    text = (
        "# Kratom in the West\n\n## Legal status\n\n"
        "Oregon does not list kratom under its schedule of controlled substances.\n"
    )
    assert pairs(read(text)) == [("US-OR", (("category", "not_banned"),))]


def test_a_dashed_aside_after_the_negated_verb_does_not_cut_the_negation_off():
    text = (
        "# Kratom in the West\n\n## Legal status\n\n"
        "Idaho does not classify kratom - or any of its alkaloids - as controlled substances.\n"
    )
    assert pairs(read(text)) == [("US-ID", (("category", "not_banned"),))]


def test_a_convention_that_did_not_include_the_plant_in_its_schedules_is_a_not_banned_claim():
    text = (
        "# Kratom and treaties\n\n## Legal status\n\n"
        "The United Nations has not included kratom in the Schedules of its drug conventions.\n"
    )
    assert pairs(read(text)) == [("UN", (("category", "not_banned"),))]


def test_a_sentence_announcing_the_list_below_without_a_colon_lends_its_word_to_the_items():
    text = (
        "# Is Kratom Legal? A look at the world\n\n"
        "Kratom is sold in many places. The list below shows countries in which kratom is "
        "considered illegal.\n\n"
        "1. Laos\n2. Vietnam\n"
    )
    assert pairs(read(text, "markdown")) == [
        ("LA", (("category", "banned"),)),
        ("VN", (("category", "banned"),)),
    ]


def test_a_headline_that_asks_a_question_lends_no_word_to_a_list_below_it():
    text = "# Is Kratom Legal? What travellers should know\n\n- Laos\n- Vietnam\n"
    assert pairs(read(text, "markdown")) == []


def test_a_heading_about_the_age_to_buy_kratom_is_a_legality_section():
    text = (
        "# How old must you be to buy kratom?\n\n"
        "In Ohio, kratom is legal for adults who are 21 and over.\n\n"
        "# Our favourite strains\n\nRed vein kratom is popular.\n"
    )
    checked = [s.heading for s in importer.parse_article(text, "markdown").sections if s.checked]
    assert checked == ["How old must you be to buy kratom?"]


def test_a_plant_considered_a_narcotic_in_several_named_countries_is_banned_in_each():
    text = (
        "# Kratom in Asia\n\n## Legal status\n\n"
        "For years kratom has been considered a narcotic in countries such as Laos, Cambodia "
        "and Vietnam.\n"
    )
    assert pairs(read(text)) == [
        ("KH", (("category", "banned"),)),
        ("LA", (("category", "banned"),)),
        ("VN", (("category", "banned"),)),
    ]


def test_a_plant_placed_with_other_narcotics_is_banned():
    text = (
        "# Kratom in Asia\n\n## Legal status\n\n"
        "The government of Laos has placed kratom with other narcotics such as opium.\n"
    )
    assert pairs(read(text)) == [("LA", (("category", "banned"),))]


def test_a_heading_saying_kratom_is_no_longer_a_narcotic_is_a_not_banned_claim():
    text = "# Kratom news\n\n## Kratom Is No Longer a Narcotic in Laos\n\nThe change took effect.\n"
    assert pairs(read(text, "markdown")) == [("LA", (("category", "not_banned"),))]


def test_no_laws_that_restrict_kratom_is_a_legal_claim_not_a_regulated_one():
    text = (
        "# Kratom in Europe\n\n## Legal status\n\n"
        "There are no laws that restrict the use of kratom in Austria.\n"
    )
    assert pairs(read(text)) == [("AT", (("category", "legal"),))]


def test_permissible_with_an_exception_list_bans_each_listed_country():
    text = (
        "# Kratom in Europe\n\n## Legal status\n\n"
        "Carrying kratom is permissible in Austria except for Latvia and Lithuania.\n"
    )
    got = pairs(read(text))
    assert ("AT", (("category", "legal"),)) in got
    assert ("LV", (("category", "banned"),)) in got
    assert ("LT", (("category", "banned"),)) in got


def test_sales_open_to_everyone_and_a_readily_available_plant_are_legal_claims():
    text = (
        "# Kratom in Europe\n\n## Legal status\n\n"
        "In Hungary, kratom sales are open to everyone.\n\n"
        "In Slovakia, kratom is readily available in shops.\n"
    )
    assert pairs(read(text)) == [("HU", (("category", "legal"),)), ("SK", (("category", "legal"),))]


def test_an_agency_that_has_not_authorised_the_sale_restricts_sale_without_banning():
    text = (
        "# Kratom in Canada\n\n## Legal status\n\n"
        "Health Canada hasn't authorized the sale of kratom products in Canada.\n"
    )
    assert pairs(read(text)) == [("CA", (("category", "restricted"),))]


def test_a_sale_banned_only_as_food_is_a_restriction_not_a_ban():
    text = "# Kratom in Canada\n\n## Legal status\n\nIts sale as food is banned in Canada.\n"
    assert pairs(read(text)) == [("CA", (("category", "restricted"),))]


def test_a_bracketed_exclusion_in_a_list_item_gives_the_excluded_place_the_opposite_status():
    text = (
        "# Kratom by state\n\n## States where kratom is legal\n\n"
        "- Alaska\n- Florida (this excludes Sarasota County)\n"
    )
    assert pairs(read(text, "markdown")) == [
        ("US-AK", (("category", "legal"),)),
        ("US-FL", (("category", "legal"),)),
        ("US-FL/sarasota-county", (("category", "banned"),)),
    ]
