"""Rules of the article reader's fifth generalisation pass on US pages (issue #14), studied on the
fresh-6 split. Every test is named as the shape it covers, on a sentence written for the test
(other states, other wording) rather than copied from a fixture."""

from __future__ import annotations

from datetime import date

from tests.articles.reading import place_pairs, read_claims
from tracker.articles import importer
from tracker.articles.places import PlaceIndex

INDEX = PlaceIndex({"San Diego": "US-CA/san-diego", "Sarasota County": "US-FL/sarasota-county"})


def read(text: str, fmt: str = "text", published: date | None = None):
    return read_claims(text, INDEX, fmt, published)


pairs = place_pairs


def counts(claims_read) -> list[tuple[str, object, str]]:
    return sorted(
        (c.reading.get("category"), c.count["count"], c.count["scope"])
        for c in claims_read
        if c.kind == "count"
    )


def page(body: str) -> str:
    return "# Kratom across America\n\n## Legal status\n\n" + body + "\n"


BANNED = (("category", "banned"),)
LEGAL = (("category", "legal"),)


def test_the_states_named_after_a_count_with_specifically_share_its_predicate_when_a_pending_bill_follows():
    claims = read(
        page(
            "The leaf is outlawed in a handful of states, specifically Ohio and Maine and "
            "some others have pending bills to outlaw it."
        )
    )
    assert pairs(claims) == [("US-ME", BANNED), ("US-OH", BANNED)]


def test_a_quantified_subject_after_and_starts_a_clause_of_its_own():
    claims = read(
        page(
            "Montana has no rules on kratom, although five states have banned it, and 12 others "
            "restrict sales to adults over 21."
        )
    )
    assert ("banned", 5, "states") in counts(claims)
    assert ("US-MT", LEGAL) in pairs(claims)


def test_a_stray_semicolon_after_in_does_not_cut_the_list_of_states_from_its_predicate():
    claims = read(page("Kratom is fully legal in; Oregon, Utah, and Kansas."))
    assert pairs(claims) == [("US-KS", LEGAL), ("US-OR", LEGAL), ("US-UT", LEGAL)]


def test_these_include_after_a_count_of_states_names_the_counted_states():
    claims = read(
        page(
            "Last we looked, four states had made kratom illegal. These include Ohio, Maine, "
            "Iowa and Utah. Buyers there face fines."
        )
    )
    assert pairs(claims) == [
        ("US-IA", BANNED),
        ("US-ME", BANNED),
        ("US-OH", BANNED),
        ("US-UT", BANNED),
    ]


def test_these_include_without_a_count_before_it_names_nothing():
    claims = read(page("Kratom is sold widely. These include Ohio, Maine and Iowa."))
    assert pairs(claims) == []


def test_legal_in_all_but_n_states_counts_the_n_the_other_way_and_these_are_them():
    claims = read(
        page(
            "Today (as of June 2021) the plant is legal in all but 4 of the 50 states.  "
            "These states are Ohio, Maine, Iowa and Utah."
        )
    )
    assert counts(claims) == [("banned", 4, "states")]
    assert pairs(claims) == [
        ("US-IA", BANNED),
        ("US-ME", BANNED),
        ("US-OH", BANNED),
        ("US-UT", BANNED),
    ]
    assert {c.claim_date for c in claims} == {date(2021, 6, 30)}


def test_a_count_of_n_of_its_states_is_a_count_of_states():
    claims = read(page("The country bans it in eleven of its states."))
    assert counts(claims) == [("banned", 11, "states")]


def test_a_multitude_of_countries_is_a_vague_count_of_countries():
    claims = read(page("The plant is lawful in a multitude of countries around the globe."))
    assert counts(claims) == [("legal", "numerous", "countries")]


def test_a_single_capital_letter_before_a_sentence_opening_word_ends_the_sentence():
    claims = read(
        page(
            "Let us stick to the U S of A.  Currently the herb is legal in all but 3 of the 50 "
            "states. They are Ohio, Maine and Iowa."
        )
    )
    assert counts(claims) == [("banned", 3, "states")]
    assert len(pairs(claims)) == 3


def test_legal_with_a_prescription_is_restricted_not_legal():
    claims = read(page("Kratom is only legal with a doctor's prescription in Nevada and Idaho."))
    assert pairs(claims) == [
        ("US-ID", (("category", "restricted"),)),
        ("US-NV", (("category", "restricted"),)),
    ]


def test_not_federally_controlled_is_not_banned_at_the_federal_level():
    claims = read(page("Across the United States, the herb is not federally controlled."))
    assert pairs(claims) == [("US", (("category", "not_banned"),))]


def test_a_state_that_lacks_regulations_on_the_plant_leaves_it_legal():
    claims = read(page("Right now, Vermont lacks any laws on kratom products."))
    assert pairs(claims) == [("US-VT", LEGAL)]


def test_a_ban_that_never_took_effect_leaves_the_plant_legal_after_a_past_attempt():
    claims = read(
        page(
            "Some years ago, the Kansas health board tried to prohibit kratom. The prohibition "
            "never went into effect, and kratom remains legal here in Kansas."
        )
    )
    assert pairs(claims) == [("US-KS", LEGAL), ("US-KS", (("category", "not_banned"),))]


def test_a_clause_ending_in_banned_in_colon_names_its_places_in_the_list_below():
    text = (
        "# Kratom questions\n\n## Where is it illegal?\n"
        "Most states allow kratom but it is banned in:\n"
        "- Ohio\n- Maine\n"
    )
    claims = read(text, "markdown")
    assert ("US-OH", BANNED) in pairs(claims)
    assert ("US-ME", BANNED) in pairs(claims)
    assert ("US", BANNED) not in pairs(claims)


def test_a_markdown_list_right_after_a_paragraph_line_is_a_list():
    parsed = importer.parse_article("# Title\n\nIt is banned in:\n- Ohio\n- Maine\n", "markdown")
    assert "\u2022 Ohio" in parsed.text
    assert "\u2022 Maine" in parsed.text


def test_legal_as_an_adjective_of_a_pathway_is_no_claim():
    claims = read(
        page("In both cases, Ohio and Maine acted through loophole legal pathways on kratom.")
    )
    assert pairs(claims) == []


LOCAL_INDEX = PlaceIndex(
    {
        "Tangipahoa Parish": "US-LA/tangipahoa-parish",
        "Acadia Parish": "US-LA/acadia-parish",
        "Sarasota County": "US-FL/sarasota-county",
    }
)


def read_local(text: str, fmt: str = "text"):
    return read_claims(text, LOCAL_INDEX, fmt)


def test_a_headline_that_drops_its_verb_states_the_localitys_ban():
    text = "# Kratom outlawed in Tangipahoa Parish\n\nThe leaf had been sold in gas stations.\n"
    assert ("US-LA/tangipahoa-parish", BANNED) in pairs(read_local(text))


def test_a_headline_telling_of_a_vote_is_still_no_claim():
    text = "# Tangipahoa Parish council votes to outlaw kratom\n\nStores sold it widely.\n"
    assert pairs(read_local(text)) == []


def test_a_police_jury_ban_without_a_name_is_the_parish_the_page_just_named():
    text = (
        "# Parish news\n\nKratom will not be on shelves in Tangipahoa Parish stores any more.\n\n"
        "Police Jury members voted on Tuesday to pass an ordinance outlawing the herb.\n"
    )
    assert ("US-LA/tangipahoa-parish", BANNED) in pairs(read_local(text))


def test_a_product_that_can_no_longer_be_sold_in_a_parish_is_restricted_there():
    text = "# Parish news\n\nKratom can no longer be sold in Acadia Parish shops.\n"
    assert pairs(read_local(text)) == [("US-LA/acadia-parish", (("category", "restricted"),))]


def test_a_parish_the_tracker_does_not_hold_is_neither_the_state_nor_dropped():
    text = (
        "# Parish news\n\n## Louisiana\n\nSeveral towns have debated it, though a push to ban kratom in "
        "neighbouring Evangeline Parish failed in March.\n"
    )
    claims = read_local(text)
    assert ("", (("category", "not_banned"),)) in pairs(claims)
    assert not any(c.code == "US-LA" for c in claims)


def test_the_state_that_ranks_a_parish_ban_is_not_itself_banned():
    text = (
        "# Parish news\n\nAcadia Parish was the second in Louisiana to outlaw the herb, and now "
        "Tangipahoa Parish has done the same.\n"
    )
    codes = {c.code for c in read_local(text)}
    assert "US-LA" not in codes
    assert "US-LA/acadia-parish" in codes


def test_an_opinion_that_it_should_not_be_banned_is_no_claim():
    text = "# Parish news\n\nShop owners in Acadia Parish argue kratom should not be outlawed at all.\n"
    assert pairs(read_local(text)) == []


def test_asking_a_council_to_make_it_illegal_is_a_request_not_a_ban():
    text = (
        "# Parish news\n\nThe sheriff says he went to the council last month and asked them to "
        "pass a rule to make kratom illegal in Acadia Parish.\n"
    )
    assert pairs(read_local(text)) == []


def test_a_status_label_line_under_a_state_heading_speaks_of_that_state():
    text = (
        "# Bills in the states\n\n## Nevada\n\nLegal Status: Currently legal\n\n"
        "## Idaho\n\nLegal Status: Legal, except for San Diego\n"
    )
    claims = read(text, "markdown")
    assert ("US-NV", LEGAL) in pairs(claims)
    assert ("US-ID", LEGAL) in pairs(claims)


def test_an_updated_date_line_under_a_markdown_title_dates_the_page():
    parsed = importer.parse_article(
        "# Bills in the states\n\nUpdated 5/20/2022\n\nText.\n", "markdown"
    )
    assert parsed.published_on == date(2022, 5, 20)


def test_legal_inside_a_slang_name_is_no_claim():
    claims = read(
        page("In Ohio the drinks are known by names like \u201clegal heroin\u201d on the street.")
    )
    assert pairs(claims) == []


def test_a_rule_that_allowed_officials_to_seize_kratom_is_no_legal_claim():
    claims = read(
        page(
            "In 2015, the agency issued a notice that allowed border officers to seize kratom on sight."
        )
    )
    assert ("US", LEGAL) not in pairs(claims)


def test_among_them_and_one_of_them_name_members_of_the_count_before():
    claims = read(
        page(
            "Several states have outlawed kratom. Among them are Ohio and Iowa.\n\n"
            "A handful of states regulate kratom sales. Nevada is one of them."
        )
    )
    assert ("US-IA", BANNED) in pairs(claims)
    assert ("US-OH", BANNED) in pairs(claims)
    assert ("US-NV", (("category", "regulated"),)) in pairs(claims)


def test_a_listing_made_with_no_debate_is_still_a_ban():
    claims = read(
        page(
            "In Vermont the health board placed kratom on its controlled substance list with no debate."
        )
    )
    assert pairs(claims) == [("US-VT", BANNED)]


def test_a_law_scheduling_kratom_is_a_ban_checked_on_its_date():
    claims = read(page("In Indiana a law scheduling kratom was enacted in March 2014."))
    assert pairs(claims) == [("US-IN", BANNED)]
    assert claims[0].claim_date == date(2014, 3, 31)


def test_an_as_of_date_in_brackets_dates_an_undated_page():
    claims = read(page("We wrote this (as of May 2018) for buyers.\n\nKratom is banned in Ohio."))
    assert pairs(claims) == [("US-OH", BANNED)]
    assert claims[0].claim_date == date(2018, 5, 31)


def test_not_legal_in_all_fifty_states_bans_neither_the_fifty_nor_the_country():
    claims = read(
        page(
            "Kratom is not legal in all 50 states.\n\nThe herb isn\u2019t legal in every state of the US."
        )
    )
    assert claims == []


def test_not_legal_in_one_named_state_is_still_a_ban_there():
    assert pairs(read(page("Kratom is not legal in Ohio."))) == [("US-OH", BANNED)]


def test_the_parish_council_is_the_named_parish_not_a_parish_called_the():
    text = (
        "# Parish news\n\nKratom can no longer be sold in Acadia Parish.\n\n"
        "The Parish Council voted to outlaw kratom on Monday.\n"
    )
    assert ("US-LA/acadia-parish", BANNED) in pairs(read_local(text))


def test_a_misspelt_name_inside_a_list_of_states_does_not_make_the_next_state_a_town():
    claims = read(page("Kratom is banned in Utah, Orgeon, Virginia and Ohio."))
    assert ("US-VA", BANNED) in pairs(claims)
    assert all(c.code for c in claims)


def test_a_town_before_its_state_is_still_the_town():
    claims = read(page("Kratom is banned in Columbus, Mississippi."))
    assert pairs(claims) == [("", BANNED)]


def test_a_substance_that_is_temporarily_joining_schedule_i_is_a_ban_now():
    claims = read(
        page("The leaf is temporarily joining heroin on the Schedule I list of the federal law.")
    )
    assert pairs(claims) == [("US", BANNED)]


def test_a_state_that_temporarily_banned_it_without_a_date_is_still_a_past_state():
    assert pairs(read(page("Ohio temporarily banned kratom."))) == []
