"""Rules of the article reader's fifth generalisation pass (issue #14), studied on the fresh-7 split
(pages outside the US and about many countries). Every test is named as the shape it covers, on a
sentence written for the test about other countries and in other words than the studied pages."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import predicates
from tracker.articles.nationality import names_no_law_place
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({})


def read(text: str, fmt: str = "text", published: date | None = None):
    return read_claims(text, INDEX, fmt, published)


pairs = place_pairs


def reading_of(sentence: str) -> dict | None:
    reading, hypothetical = predicates.predicate(sentence, 0, len(sentence))
    return None if hypothetical else reading


# -- a country named as a nationality, an envoy's or a thing's ---------------------------------


def test_a_nationality_before_people_is_not_the_place_whose_law_the_sentence_states():
    text = (
        "# Arrests at the border\n\n"
        "Three Vietnamese women were held in Norway after customs found kratom, a banned drug.\n"
    )
    assert pairs(read(text)) == [("NO", (("category", "banned"),))]


def test_a_countrys_envoy_is_not_the_place_of_the_rule_it_is_told():
    text = (
        "# A letter to the embassy\n\n"
        "Myanmar wrote to the Indonesian Trade Envoy that kratom remains prohibited in Myanmar.\n"
    )
    assert pairs(read(text)) == [("MM", (("category", "banned"),))]


def test_a_compound_adjective_of_a_country_names_a_thing_not_a_jurisdiction():
    assert names_no_law_place("a Cambodian-flagged boat", len("a Cambodian"))
    assert not names_no_law_place("under Cambodian law", len("under Cambodian"))


def test_a_headline_about_foreign_nationals_does_not_lend_their_country_to_the_page():
    text = (
        "# Two Thai tourists detained over kratom tea\n\n"
        "JAPAN — Officers said the tea holds mitragynine, a designated substance.\n"
        "According to the police, kratom is listed as a controlled drug.\n"
    )
    assert ("TH", (("category", "banned"),)) not in pairs(read(text))


def test_a_demonym_before_law_names_the_country_whose_law_it_is():
    text = "# Kratom news\n\nKratom is not classified as a controlled drug under Laotian law.\n"
    assert pairs(read(text)) == [("LA", (("category", "not_banned"),))]


# -- past bans told as history -------------------------------------------------------------------


def test_a_legalisation_after_decades_of_prohibition_is_legal_not_banned():
    assert reading_of("Myanmar finally legalised the leaf after three decades of prohibition.") == {
        "category": "legal"
    }


def test_a_classification_as_a_numbered_narcotic_category_is_a_ban():
    assert reading_of("In 1985 the leaf was classified as a Category 2 narcotic in Vietnam.") == {
        "category": "banned"
    }


def test_being_put_in_the_same_class_as_heroin_is_a_ban():
    assert reading_of("Kratom sits in the same legal class as heroin under Vietnamese law.") == {
        "category": "banned"
    }


# -- negations -------------------------------------------------------------------------------------


def test_a_drug_law_that_does_not_mention_kratom_leaves_it_not_banned():
    assert reading_of("Kratom is not named in the country's Narcotic Drugs Act of 1985.") == {
        "category": "not_banned"
    }


def test_no_attempt_by_a_government_to_ban_it_is_a_not_banned_claim():
    assert reading_of(
        "So far there have been no efforts by Norway's parliament to ban kratom."
    ) == {"category": "not_banned"}


def test_rules_that_do_not_apply_to_personal_use_leave_it_not_banned():
    assert reading_of("The new rules don't apply to personal use of the leaf.") == {
        "category": "not_banned"
    }


def test_a_movement_to_ban_is_an_intent_not_a_ban():
    assert reading_of("There is a growing movement to ban kratom in Belgium.") is None


def test_an_attempt_to_ban_that_had_no_success_leaves_the_place_not_banned():
    text = (
        "# Kratom around the world\n\n"
        "Vietnam has tried to ban kratom before, but it hasn't had any success.\n"
    )
    assert pairs(read(text)) == [("VN", (("category", "not_banned"),))]


# -- sale and trade rules are regulation -----------------------------------------------------------


def test_a_product_that_may_only_be_sold_in_licensed_shops_is_regulated():
    assert reading_of("Kratom may only be sold in pharmacies.") == {"category": "regulated"}


def test_traders_who_must_meet_requirements_are_regulated():
    assert reading_of("Importers must meet strict labelling conditions before selling kratom.") == {
        "category": "regulated"
    }


def test_a_psychomodulatory_listing_is_regulation_not_a_ban():
    assert reading_of("The leaf is now a psychomodulatory substance under the new act.") == {
        "category": "regulated"
    }


def test_a_prohibition_of_exporting_raw_leaves_is_a_trade_rule_not_a_sale_ban():
    assert reading_of("The export of kratom leaves in bulk is prohibited.") == {
        "category": "regulated"
    }


def test_a_purchase_from_an_age_is_a_minimum_age():
    assert reading_of("Kratom is sold to customers from the age of 21.") == {"min_age": 21}


# -- answers and German lines ----------------------------------------------------------------------


def test_an_answer_with_an_adverb_answers_the_question_before_it():
    text = (
        "# Kratom in Korea\n\n"
        "Is kratom legal in South Korea? The answer is clearly no. It is a controlled drug.\n"
    )
    assert ("KR", (("category", "banned"),)) in pairs(read(text))


def test_german_lines_name_a_ban_and_an_unregulated_state_of_two_countries():
    text = (
        "# Kratom in Europa\n\n## Überblick\n\n"
        "- Frankreich verbietet seit 2007, Spanien bleibt unreguliert.\n"
        "- Deutschland erlaubt den Verkauf.\n"
    )
    assert pairs(read(text, "markdown")) == [
        ("DE", (("category", "legal"),)),
        ("ES", (("category", "legal"),)),
        ("FR", (("category", "banned"),)),
    ]


def test_a_german_place_after_a_comma_and_an_article_starts_a_clause_of_its_own():
    text = (
        "# Kratom in Europa\n\n"
        "Kurz gesagt: in Polen gilt ein Verbot, in der Slowakei ist Kratom unreguliert.\n"
    )
    assert ("PL", (("category", "banned"),)) in pairs(read(text))


def test_a_german_ban_that_was_lifted_is_no_longer_a_ban():
    assert reading_of("Thailand hob das Verbot im Jahr 2021 auf.") == {"category": "not_banned"}


# -- the former state a report tells -------------------------------------------------------------


def test_until_now_it_could_be_bought_is_legal_on_the_day_before_the_report():
    text = "# A change in the law\n\nUntil now, kratom could be bought in shops across Norway.\n"
    assert [(c.code, c.reading, c.claim_date) for c in read(text, published=date(2025, 6, 2))] == [
        ("NO", {"category": "legal"}, date(2025, 6, 1))
    ]


def test_previously_legal_at_the_start_of_a_sentence_is_a_claim_about_the_former_state():
    text = "# A change in the law\n\nPreviously, the leaf was legal to import into Finland.\n"
    assert pairs(read(text, published=date(2024, 3, 5))) == [("FI", (("category", "legal"),))]


def test_a_past_state_inside_a_sentence_without_a_date_is_still_not_a_claim():
    text = "# Kratom news\n\nThe leaf was previously legal in Finland.\n"
    assert pairs(read(text)) == []


# -- vague counts of countries -------------------------------------------------------------------


def counts(claims) -> list[tuple]:
    return sorted(
        (c.count["scope"], c.count["count"], c.reading["category"])
        for c in claims
        if c.kind == "count"
    )


def test_some_places_on_a_world_page_count_countries():
    text = (
        "# Travelling with kratom\n\n"
        "In some places the leaf is freely sold; in others it is banned outright.\n"
    )
    assert counts(read(text)) == [("countries", "some", "legal")]


def test_others_after_a_count_that_said_nothing_readable_is_a_count_of_the_same_kind():
    text = (
        "# Kratom around the world\n\n"
        "Many nations have welcomed the leaf, while others prohibit it entirely.\n"
    )
    assert counts(read(text)) == [("countries", "some", "banned")]


def test_locations_of_a_sale_are_venues_not_countries():
    text = "# Kratom rules\n\nSelling kratom is prohibited at some locations near schools.\n"
    assert counts(read(text)) == []


def test_mostly_unregulated_across_a_union_counts_most_of_its_countries_not_the_union():
    text = (
        "# Kratom in Europe\n\n"
        "Kratom remains largely legal throughout the European Union, a report says.\n"
    )
    claims = read(text)
    assert counts(claims) == [("countries", "most", "legal")]
    assert pairs(claims) == []


# -- headlines -------------------------------------------------------------------------------------


def test_a_headline_whose_subject_is_a_country_that_bans_the_plant_is_a_claim():
    text = "# Norway Outlaws Kratom: Leaf Added to Narcotics List\n\nThe change took effect.\n"
    assert pairs(read(text, "markdown")) == [("NO", (("category", "banned"),))]


def test_a_headline_about_a_person_signing_a_ban_is_still_news_of_an_act():
    text = "# Minister Signs Kratom Ban in Norway\n\nThe change took effect.\n"
    assert pairs(read(text, "markdown")) == []


# -- words that looked like a status, and a status told with "now" -------------------------------


def test_a_city_whose_name_begins_with_ban_is_not_a_ban():
    assert reading_of("Kratom is legal in Vietnam, Bangkok newspapers report.") == {
        "category": "legal"
    }


def test_a_ban_word_in_a_clause_about_the_time_before_a_legalisation_is_not_a_ban():
    sentence = (
        "Myanmar legalised the leaf, and traders fined for selling it when it was still "
        "considered a narcotic will be pardoned."
    )
    assert reading_of(sentence) == {"category": "legal"}


def test_a_clause_that_says_now_states_the_present_even_after_once():
    text = (
        "# Kratom news\n\n"
        "Once a common sight in markets, the leaf will now be prohibited for sale in Latvia.\n"
    )
    assert pairs(read(text)) == [("LV", (("category", "restricted"),))]


def test_committing_a_drug_offence_by_importing_it_is_a_ban():
    assert reading_of("Anyone who imports kratom is committing a customs or drug offence.") == {
        "category": "banned"
    }


def test_a_prohibition_on_the_consumer_market_is_a_sale_ban_not_a_ban_of_the_plant():
    assert reading_of("Kratom is listed among substances prohibited on the consumer market.") == {
        "category": "restricted"
    }


def test_a_page_about_foreign_nationals_still_speaks_of_the_country_it_reports_from():
    text = (
        "Three Cambodian men detained with kratom at a checkpoint\n\n"
        "Police in Singapore held three Cambodian men on Tuesday.\n\n"
        "According to the police, kratom contains controlled drugs.\n"
    )
    assert pairs(read(text)) == [("SG", (("category", "banned"),))]


def test_a_rule_that_binds_the_trade_speaks_of_the_place_the_page_is_about():
    text = (
        "# Kratom rules in Slovakia\n\n"
        "Retailers dealing in these products must hold a licence from the ministry.\n"
    )
    assert pairs(read(text, "markdown")) == [("SK", (("category", "regulated"),))]


def test_a_place_after_a_count_of_countries_is_a_claim_of_its_own():
    sentence = "# Kratom\n\nKratom is legal in several Asian countries and in the United States.\n"
    assert pairs(read(sentence)) == [("US", (("category", "legal"),))]


def test_a_government_that_agreed_to_amend_the_law_has_not_yet_banned_anything():
    assert (
        reading_of("The cabinet has agreed to amend the law to prohibit kratom in Estonia.") is None
    )


def test_what_is_widely_believed_about_a_ban_is_not_a_claim():
    assert (
        reading_of("It is widely believed that Myanmar banned the leaf to protect opium.") is None
    )


def test_a_place_that_is_now_among_them_takes_the_status_the_sentence_before_gave():
    text = "# Kratom news\n\nThe leaf is prohibited in many countries. Latvia is now one of them.\n"
    assert ("LV", (("category", "banned"),)) in pairs(read(text))


def test_among_them_keeps_the_rest_of_its_sentence():
    text = (
        "# Kratom news\n\n"
        "Several countries regulate the leaf. Estonia is one of them, but most countries have "
        "no such laws.\n"
    )
    claims = read(text)
    assert ("EE", (("category", "regulated"),)) in pairs(claims)
    assert ("countries", "most", "legal") in counts(claims)


def test_there_are_countries_that_prohibit_it_is_a_count_of_some_countries():
    text = "# Travel\n\nThere are countries, in which the leaf is still prohibited.\n"
    assert counts(read(text)) == [("countries", "some", "banned")]


def test_a_status_and_then_a_named_body_doing_something_else_are_two_clauses():
    text = (
        "# Kratom in Asia\n\n"
        "Kratom is prohibited in Cambodia, and the UN Commission on Narcotic Drugs (CND) is "
        "debating whether it should be controlled.\n"
    )
    assert pairs(read(text)) == [("KH", (("category", "banned"),))]


def test_authorities_that_never_enacted_laws_against_it_leave_it_not_banned():
    assert reading_of("Chilean lawmakers have never passed any laws against the leaf.") == {
        "category": "not_banned"
    }


def test_what_it_seems_a_government_would_rather_do_is_not_a_claim():
    assert reading_of("It seems Peru has better things to do than regulate kratom.") is None


def test_more_demonyms_name_their_countries():
    text = "# Kratom news\n\nKratom is not listed as a controlled substance under Brazilian law.\n"
    assert pairs(read(text)) == [("BR", (("category", "not_banned"),))]


def test_before_the_ban_it_could_be_bought_is_the_former_legal_state_not_the_ban():
    text = "# A change in the law\n\nBefore the ban, kratom could be bought legally in Latvia.\n"
    assert pairs(read(text, published=date(2025, 3, 1))) == [("LV", (("category", "legal"),))]


def test_a_law_named_after_opium_that_does_not_list_kratom_leaves_it_not_banned():
    text = "# Kratom news\n\nThe Dutch government does not list kratom under the Opium Act.\n"
    assert pairs(read(text)) == [("NL", (("category", "not_banned"),))]


def test_a_german_place_with_only_a_status_word_after_a_comma_is_a_clause_of_its_own():
    text = "# Kratom in Europa\n\nIn Polen ist Kratom verboten, in Tschechien erlaubt.\n"
    assert ("PL", (("category", "banned"),)) in pairs(read(text))
    assert ("PL", (("category", "legal"),)) not in pairs(read(text))


def test_a_sale_that_will_now_be_restricted_is_a_sale_prohibition_not_a_licensing_rule():
    assert reading_of("The sale of the leaf and its extracts is now restricted.") == {
        "category": "restricted"
    }
    assert reading_of("The sale of kratom is restricted to pharmacies.") == {
        "category": "regulated"
    }


def test_a_country_that_bans_exports_has_a_trade_rule_and_its_headline_is_no_ban():
    assert reading_of("Malaysia bans the export of kratom leaves.") == {"category": "regulated"}
    text = "# Malaysia Bans Kratom Exports\n\nThe rule is new.\n"
    assert pairs(read(text, "markdown")) == []


def test_a_continent_named_with_america_is_not_the_united_states():
    text = (
        "# Kratom in South America\n\n"
        "Across Latin America, kratom is rarely seen. Kratom is banned in Argentina.\n"
    )
    assert pairs(read(text)) == [("AR", (("category", "banned"),))]
    assert not PlaceIndex({}).find("popular in North America", us_context=False)


def test_a_country_that_classifies_kratom_as_a_narcotic_bans_it():
    assert reading_of("Norway classifies kratom as a narcotic from today.") == {
        "category": "banned"
    }


def test_a_headline_whose_subject_is_the_government_speaks_of_the_pages_country():
    text = (
        "# The cabinet classifies kratom as a narcotic\n\n"
        "From 1 May, importing the leaf into Finland is a drug offence, the minister said.\n"
    )
    claims = read(text, "markdown")
    assert [(c.code, c.reading, c.text) for c in claims][0] == (
        "FI",
        {"category": "banned"},
        "The cabinet classifies kratom as a narcotic",
    )
