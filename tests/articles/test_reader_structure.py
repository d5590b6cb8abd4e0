"""Structural rules of the article reader (issue #14, second generalisation pass): which parts of a
page are read, where its date is, how a sentence is cut. Every test is named as the shape it covers,
on a sentence written for the test in the style of real pages (not copied from a fixture)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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


def test_a_paragraph_keeps_its_place_through_sentences_that_name_none():
    found = read(
        "Kratom around the world\n\n"
        "Japan\n\nThe rules in Japan are strict.\n\n"
        "Peru: The rules in Peru are simple. They do not list kratom anywhere. This means that "
        "anyone can buy and sell kratom without any legal trouble.\n"
    )
    got = pairs(found)
    assert ("PE", (("category", "legal"),)) in got
    assert ("JP", (("category", "legal"),)) not in got


def test_and_a_new_country_with_its_own_verb_starts_its_own_clause_and_date():
    found = read(
        "Kratom in Europe\n\nNorway classified kratom as a narcotic in 2008, and Portugal "
        "requires a licence for its sale.\n"
    )
    by_code = {c.code: c for c in found}
    assert by_code["NO"].reading == {"category": "banned"}
    assert by_code["PT"].reading != {"category": "banned"}
    assert by_code["PT"].claim_date != by_code["NO"].claim_date


def test_a_ban_spelt_out_as_prohibiting_its_sale_is_still_a_ban():
    found = read(
        "Kratom in Europe\n\nLatvia also made kratom illegal in 2012, prohibiting its sale, "
        "import, and export.\n"
    )
    assert ("LV", (("category", "banned"),)) in pairs(found)


def test_selling_kratom_is_considered_illegal_is_a_sale_rule_not_a_ban():
    found = read(
        "Kratom in Europe\n\nIn Portugal, kratom can be owned and used, but selling kratom is "
        "considered illegal.\n"
    )
    got = pairs(found)
    assert ("PT", (("category", "restricted"),)) in got
    assert ("PT", (("category", "banned"),)) not in got


def test_a_nationality_before_a_person_does_not_make_the_article_about_that_country():
    text = (
        "Vietnamese student detained with kratom at Changi Airport in Singapore\n\n"
        "A 22-year-old Vietnamese student was detained on Monday at Changi Airport in Singapore "
        "after officers found kratom leaves in her bag.\n\n"
        "Mitragynine is listed as a Class A controlled drug under the Misuse of Drugs Act.\n"
    )
    parsed = parse(text)
    main, _ = reader.main_jurisdiction(parsed.text, parsed.title, INDEX)
    assert main == "SG"
    assert ("SG", (("category", "banned"),)) in pairs(read(text, title=parsed.title))


def test_the_future_without_a_date_is_a_forecast_and_with_a_date_a_claim():
    forecast = read(
        "Kratom news\n\nA measure signed by the governor on May 2 will schedule kratom as a "
        "controlled substance in Oregon.\n"
    )
    assert not [c for c in forecast if c.code == "US-OR" and "category" in c.reading]
    dated = read(
        "Kratom news\n\nKratom will be illegal in Oregon starting September 1, 2026, under the "
        "new law.\n",
        published=date(2026, 6, 1),
    )
    assert ("US-OR", (("category", "banned"),)) in pairs(dated)


def test_a_law_that_removed_kratom_from_the_narcotics_list_is_no_ban():
    found = read(
        "Kratom in Asia\n\nIn 2023, Vietnam amended its drug law, which removed kratom (Mitragyna "
        "speciosa) from the national list of narcotics.\n"
    )
    got = pairs(found)
    assert ("VN", (("category", "not_banned"),)) in got
    assert ("VN", (("category", "banned"),)) not in got


def test_a_name_line_followed_by_its_own_sentence_is_a_heading_not_a_list_item():
    page = (
        "Kratom in South America\n"
        "Countries where kratom is legal:\n"
        "Peru\n"
        "In Peru, kratom can be bought, but importing it for resale needs a licence.\n"
        "Chile\n"
        "Kratom is legal in Chile.\n"
        "Countries where kratom is banned:\n"
        "Bolivia\n"
        "Ecuador\n"
        "Paraguay\n"
    )
    parsed = parse(page)
    assert "\u2022 Peru" not in parsed.text
    assert "\u2022 Bolivia" in parsed.text  # a real list of names stays a list
    got = pairs(read(page))
    assert not [c for c in read(page) if c.code == "PE" and c.text.strip() == "\u2022 Peru"]
    assert ("BO", (("category", "banned"),)) in got


def test_if_under_age_21_is_an_age_limit_not_a_condition():
    found = read(
        "Kratom laws in Iowa\n\nThe 2024 law made it illegal for anyone to buy kratom in Iowa if "
        "under age 21.\n"
    )
    assert ("US-IA", (("min_age", 21),)) in pairs(found)
    still_a_condition = read(
        "Kratom laws in Iowa\n\nIf the bill passes, kratom would be illegal in Iowa.\n"
    )
    assert not [c for c in still_a_condition if c.code == "US-IA"]


def test_a_sentence_that_never_speaks_of_the_plant_or_its_trade_is_no_claim_but_keeps_its_place():
    found = read(
        "Kratom laws in Nevada\n\nIn Nevada, controlled substances are sorted into Schedule I "
        "through Schedule V by the pharmacy board.\n"
    )
    assert not [c for c in found if c.code == "US-NV"]
    carried = read(
        "Kratom laws\n\nOregon is the newest state on the regulated side of the map. Since July "
        "2024, a licence has been needed to sell kratom there.\n"
    )
    assert [c for c in carried if c.code == "US-OR"]


def test_a_list_item_with_a_bracketed_note_about_a_bill_keeps_its_lists_status():
    page = (
        "## States where kratom is legal and unregulated:\n\n"
        "- Idaho (Senate Bill 1210, introduced March 2025, proposes age limits and labelling.)\n"
        "- Kansas (House Bill 2301, signed May 2, 2025, orders a study of kratom.)\n"
        "- Maine\n"
    )
    parsed = importer.parse_article(page, "markdown")
    sections = [(s.start, s.end, s.heading) for s in parsed.sections if s.checked]
    found = reader.read(parsed.text, sections, index=INDEX, today=TODAY).claims
    got = pairs(found)
    for code in ("US-ID", "US-KS", "US-ME"):
        assert (code, (("category", "legal"),)) in got


def test_a_state_law_firm_writing_on_a_dea_action_in_its_title_speaks_of_the_federal_level():
    text = (
        "DEA moves to place kratom in Schedule I\n\n"
        "Our Raleigh office has defended clients across North Carolina for twenty years.\n\n"
        "Starting October 1, anyone caught in possession of kratom faces the same charges as "
        "for other Schedule I drugs.\n"
    )
    parsed = parse(text)
    main, us = reader.main_jurisdiction(parsed.text, parsed.title, INDEX)
    assert us and main == "US"
    found = read(text, published=date(2016, 9, 1), title=parsed.title)
    assert [c for c in found if c.code == "US" and c.reading == {"category": "banned"}]
    assert not [c for c in found if c.code == "US-NC"]


def test_a_future_that_starts_on_a_day_named_before_it_is_a_claim():
    found = read(
        "Kratom news\n\nStarting October 1, 2026, kratom will be illegal in Oregon under the new "
        "law.\n",
        published=date(2026, 6, 1),
    )
    assert ("US-OR", (("category", "banned"),)) in pairs(found)


def test_a_full_stop_whose_space_was_lost_still_ends_the_sentence():
    found = read(
        "Kratom news\n\nSALEM, OR.Officials said on Monday that kratom is legal in Idaho for adults.\n"
    )
    (claim,) = [c for c in found if c.code == "US-ID"]
    assert claim.text.startswith("Officials said")


def test_officials_who_want_to_legalize_kratom_make_no_claim():
    found = read(
        "Kratom news\n\nLawmakers in Sabah want to legalize kratom in Malaysia for farmers who "
        "grow it.\n"
    )
    assert not [c for c in found if c.code == "MY"]


def test_possession_that_can_result_in_prison_is_a_ban():
    found = read(
        "Kratom in Asia\n\nIn Brunei, possession and sale of kratom can result in heavy fines and "
        "imprisonment.\n"
    )
    assert ("BN", (("category", "banned"),)) in pairs(found)


def test_the_lack_of_federal_regulation_is_a_negation():
    found = read(
        "Kratom laws in the US\n\nGiven the absence of federal regulation, kratom shops answer "
        "only to state rules.\n"
    )
    got = pairs(found)
    assert ("US", (("category", "regulated"),)) not in got
    assert [p for p in got if p[0] == "US" and p[1][0][1] in ("legal", "not_banned")]


def test_a_negation_reaches_over_hyphenated_words():
    found = read(
        "Kratom laws in the US\n\nIn Maine, kratom is sold with no state-level or county-level "
        "regulations at all.\n"
    )
    assert ("US-ME", (("category", "regulated"),)) not in pairs(found)


def test_supporters_of_a_ban_are_advocacy_not_a_claim():
    found = read(
        "Kratom news\n\nSupporters of the Oregon ban, including two county sheriffs, spoke at the "
        "hearing on Tuesday.\n"
    )
    assert not [c for c in found if c.code == "US-OR"]


def test_a_law_requiring_the_buyer_to_hold_a_prescription_is_restricted():
    found = read(
        "Kratom around the world\n\nRules in Japan require every buyer of kratom to hold a valid "
        "prescription from a doctor.\n"
    )
    assert ("JP", (("category", "restricted"),)) in pairs(found)


def test_illegal_to_sell_without_a_licence_is_a_licensing_rule_not_a_ban():
    found = read(
        "Kratom laws in the US\n\nIn Oregon, kratom may be owned by anyone, but it is illegal to "
        "sell it without a state license.\n"
    )
    got = pairs(found)
    assert ("US-OR", (("category", "regulated"),)) in got
    assert ("US-OR", (("category", "banned"),)) not in got
    assert ("US-OR", (("category", "restricted"),)) not in got


def test_most_states_having_no_kratom_laws_is_a_count_of_legal_states():
    found = read(
        "Kratom laws in the US\n\nMost states still have no specific kratom laws, and buyers "
        "there answer only to federal rules.\n"
    )
    counts = [c for c in found if c.kind == "count"]
    assert counts and counts[0].reading == {"category": "legal"}
    assert counts[0].count["count"] == "most"


def test_a_descriptive_heading_over_a_passing_mention_of_legal_restrictions_is_not_read():
    text = (
        "A Beginner's Guide to Kratom\n\n"
        "Is Kratom Legal in Alabama?\n\n"
        "No. Kratom is banned in Alabama.\n\n"
        "Final Thoughts on Kratom and Your Wellness Routine\n\n"
        "Cost, side effects and legal restrictions all call for care before you try kratom.\n"
    )
    stored = importer.parse_article(text, "text").text
    checked = {s.heading: s.checked for s in importer.split_sections(stored)}
    assert checked["Final Thoughts on Kratom and Your Wellness Routine"] is False


def test_a_section_read_for_its_own_text_passes_nothing_on_to_the_sections_below_it():
    # the briefed article: a page-furniture heading over the meta description ("legal
    # considerations") must not make every later section a legality section
    bundled = Path(importer.__file__).parents[1] / "content" / "articles"
    text = (bundled / "kratom-for-chronic-pain.txt").read_text(encoding="utf-8")
    stored = importer.parse_article(text, "text").text
    checked = [s.heading for s in importer.split_sections(stored) if s.checked and s.heading]
    assert "Is Kratom Safe and Legal for Chronic Pain Management?" in checked
    assert not any(h.startswith(("Conclusion", "Potential Side Effects")) for h in checked)
