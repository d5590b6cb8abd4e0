"""Suggestions from what a source says: attributes and why, effective date, enactment, citations, linking (#12)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from tracker.ingest.suggest import (
    analyse,
    analyse_lines,
    line_status,
    merge,
    names_bill,
    normalise_bill_number,
    only_numbers_changed,
    order_links,
    recorded_enactment,
    records,
)


def signed(day: str, text: str = "Signed by the Governor. Becomes Act No. 41.", labels=()):
    return SimpleNamespace(date=day, description=text, classification=labels)


def test_a_schedule_i_abstract_suggests_a_ban_and_quotes_the_sentence_that_says_so():
    a = analyse(
        [
            (
                "abstract",
                "Adds kratom (Mitragyna speciosa), mitragynine and 7-hydroxymitragynine to Schedule I. Effective August 1, 2025.",
            )
        ]
    )
    assert a.attributes["leaf"] == "controlled" and a.attributes["seven_oh"] == "controlled"
    assert a.attributes["substances"] == ["kratom", "mitragynine", "7-hydroxymitragynine"]
    assert a.reasons == [
        "Adds kratom (Mitragyna speciosa), mitragynine and 7-hydroxymitragynine to Schedule I."
    ]
    assert a.effective_from == "2025-08-01" and "Effective August 1, 2025" in a.effective_basis


def test_a_consumer_protection_act_gives_age_cap_and_labelling_not_a_ban():
    a = analyse(
        [
            (
                "abstract",
                "Prohibits the sale of kratom products to persons under 21 years of age; requires labeling; "
                "prohibits products containing 7-hydroxymitragynine greater than two percent of the alkaloid composition.",
            )
        ]
    )
    assert a.attributes["leaf"] == "regulated" and a.attributes["min_age"] == 21
    assert a.attributes["seven_oh"] == "capped" and a.attributes["seven_oh_threshold"] == "2%"
    assert a.attributes["labelling"] is True


def test_only_7_oh_in_a_schedule_leaves_the_leaf_alone():
    a = analyse([("t", "Adds 7-hydroxymitragynine and mitragynine pseudoindoxyl to Schedule I")])
    assert a.attributes == {
        "seven_oh": "controlled",
        "substances": ["7-hydroxymitragynine", "mitragynine-pseudoindoxyl"],
    }


def test_a_resolution_urging_congress_not_to_schedule_kratom_establishes_nothing():
    assert (
        analyse(
            [("t", "Urges Congress to oppose the scheduling of kratom as a controlled substance")]
        ).attributes
        == {}
    )


def test_the_summary_wins_over_a_stale_title():
    a = analyse(
        [
            (
                "abstract",
                "Prohibits the sale of kratom products to individuals under 21 years of age; provides labeling requirements.",
            )
        ],
        secondary=[
            ("title", "Controlled Substances; mitragynine and hydroxymitragynine are Schedule I")
        ],
    )
    assert a.attributes["leaf"] == "regulated"


def test_a_sale_ban_with_lawful_possession_is_sale_prohibited():
    a = analyse(
        [
            (
                "t",
                "The Act bans the sale, supply and import of kratom for human consumption; possession is not an offence.",
            )
        ]
    )
    assert a.attributes["leaf"] == "sale_prohibited"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("This Act shall take effect July 1, 2025.", "2025-07-01"),
        ("Effective Date 2025-01-01; Signed by Governor", "2025-01-01"),
        ("Effective on 9/1/23", "2023-09-01"),
        ("Criminalizes the possession or distribution of kratom. (8/1/25)", "2025-08-01"),
        ("This act becomes effective on the 1st of July, 2024.", "2024-07-01"),
        ("An act relating to kratom products.", None),
    ],
)
def test_effective_dates_are_read_in_the_forms_legislatures_write_them(text, expected):
    assert analyse([("t", text)], establishes_status=False).effective_from == expected


def test_takes_effect_upon_signature_uses_the_signing_date_from_the_actions():
    a = analyse(
        [("t", "Relating to kratom; takes effect upon signature of the governor.")],
        actions=[signed("2025-06-20")],
    )
    assert (
        a.effective_from == "2025-06-20"
        and a.enacted_on == "2025-06-20"
        and a.enactment["number"] == "Act No. 41"
    )


def test_ninety_days_after_adjournment_without_the_adjournment_date_is_unsure_never_invented():
    a = analyse([("t", "This act takes effect 90 days after adjournment of the session.")])
    assert (
        a.effective_from is None
        and "90 days after adjournment" in a.effective_note
        and "unsure" in a.effective_note
    )
    b = analyse(
        [("t", "This act takes effect 90 days after adjournment of the session.")],
        adjourned_on=date(2025, 5, 1),
    )
    assert b.effective_from == "2025-07-30"


def test_a_missing_date_is_none_with_a_note():
    a = analyse([("t", "Adds kratom to Schedule I.")])
    assert (
        a.effective_from is None
        and a.effective_note == "the documents fetched do not state an effective date"
    )


def test_an_amendment_naming_an_earlier_act_is_not_this_bills_enactment():
    a = analyse(
        [("t", "kratom")],
        actions=[
            SimpleNamespace(
                date="2019-04-01",
                classification=(),
                description="Amends R.S. 40:964 as enacted by Act No. 231 of 2019",
            )
        ],
    )
    assert a.enacted_on is None and a.enactment == {}


@pytest.mark.parametrize("given", ["SB 154", "SB154", "S.B. 154", "Senate Bill 154", "sb 0154"])
def test_bill_numbers_normalise_to_one_form(given):
    assert normalise_bill_number(given) == "SB154"


def test_congress_house_bills_match_legiscans_numbering():
    assert (
        normalise_bill_number("HR 5905", "US") == normalise_bill_number("HB5905", "US") == "HB5905"
    )


def test_official_pages_come_before_aggregators():
    links = order_links(
        [
            "https://openstates.org/la/bills/2025/SB154/",
            "https://legis.la.gov/legis/BillInfo.aspx?s=25RS&b=SB154",
            "https://legiscan.com/LA/bill/SB154/2025",
        ]
    )
    assert links[0].startswith("https://legis.la.gov") and links[1:] == [
        "https://openstates.org/la/bills/2025/SB154/",
        "https://legiscan.com/LA/bill/SB154/2025",
    ]


def test_a_partial_change_merges_with_the_period_in_force_and_a_ban_clears_the_age_limit():
    base = {
        "leaf": "regulated",
        "seven_oh": "capped",
        "seven_oh_threshold": "2%",
        "min_age": 21,
        "licensing": True,
        "labelling": True,
        "substances": ["kratom"],
    }
    assert merge(base, {"min_age": 18})["seven_oh_threshold"] == "2%"
    banned = merge(base, {"leaf": "controlled"})
    assert (
        banned["min_age"] is None
        and banned["seven_oh"] == "controlled"
        and banned["seven_oh_threshold"] is None
    )


def test_a_period_records_a_change_by_the_attributes_the_document_establishes_thresholds_by_figure():
    period = SimpleNamespace(
        leaf="regulated",
        seven_oh="capped",
        seven_oh_threshold="2% of the alkaloid composition",
        min_age=18,
        licensing=False,
        labelling=True,
    )
    assert records(
        period,
        {"leaf": "regulated", "seven_oh": "capped", "seven_oh_threshold": "2%", "labelling": True},
    )
    assert not records(period, {"leaf": "regulated", "min_age": 21})


def test_a_period_leaving_7_oh_unknown_records_a_plant_ban_that_does_not_name_7_oh_if_it_lists_the_plant():
    def ban_period(substances):
        return SimpleNamespace(
            leaf="controlled",
            seven_oh="unknown",
            seven_oh_threshold=None,
            min_age=None,
            licensing=False,
            labelling=False,
            substances=substances,
        )

    plant_ban = {"leaf": "controlled", "seven_oh": "controlled", "substances": ["kratom"]}
    assert records(ban_period(["kratom", "mitragynine"]), plant_ban)
    # an alkaloid-only listing is not the record of a ban of the plant
    assert not records(ban_period(["mitragynine"]), plant_ban)
    # a document that names 7-OH says what the period does not know: left for the curator
    names_7oh = {**plant_ban, "substances": ["kratom", "7-hydroxymitragynine"]}
    assert not records(ban_period(["kratom", "mitragynine"]), names_7oh)


def test_encyclopedia_lines_compare_by_status_words_and_read_d_month_yyyy_dates():
    assert line_status("In the United Kingdom, kratom is legal.") == line_status(
        "Kratom is legal in the United Kingdom."
    )
    a = analyse_lines("Denmark banned kratom on 10 March 2009.")
    assert a.attributes["leaf"] == "controlled" and a.effective_from == "2009-03-10"
    assert (
        analyse_lines(
            "Thailand removed kratom from its list of Category 5 narcotics on 24 August 2021."
        ).attributes["leaf"]
        == "unregulated"
    )


# ---------------------------------------------------------------- rules found on the held-out (fresh) cases


def test_a_sale_ban_on_certain_kratom_products_is_a_product_standard_not_a_sale_ban():
    a = analyse(
        [
            (
                "title",
                "An Act to prohibit the preparation, sale, and distribution of certain kratom products and to "
                "provide a penalty therefor.",
            )
        ]
    )
    assert a.attributes["leaf"] == "regulated"


def test_a_prohibition_on_selling_products_without_a_label_requires_labels():
    a = analyse(
        [
            (
                "abstract",
                "Effective July 1, 2024, the act prohibits a person from: Selling a kratom product that does "
                "not have a label that sets forth the full list of ingredients in the kratom product.",
            )
        ]
    )
    assert a.attributes["labelling"] is True and a.attributes["leaf"] == "regulated"


def test_removing_labelling_requirements_does_not_require_labels():
    a = analyse([("t", "Kratom products; removing certain packing and labeling requirements.")])
    assert a.attributes.get("labelling") is not True


def test_a_definition_naming_alkaloids_including_but_not_limited_to_caps_nothing():
    a = analyse(
        [
            (
                "abstract",
                "Defines Kratom as any part of the plant Mitragyna speciosa, including but not limited to "
                "mitragynine and 7-hydroxymitragynine. A person shall not sell any product containing Kratom "
                "to any minor under 18 years of age.",
            )
        ]
    )
    assert a.attributes["min_age"] == 18 and "seven_oh" not in a.attributes


def test_adults_aged_21_and_over_names_a_minimum_age():
    a = analyse_lines(
        "From 1 July 2025, Mississippi limits kratom sales to adults aged 21 and over."
    )
    assert a.attributes["min_age"] == 21 and a.attributes["leaf"] == "regulated"


def test_seven_oh_in_schedule_i_while_the_leaf_remains_legal_leaves_the_leaf_alone():
    a = analyse_lines(
        "Florida's attorney general placed concentrated 7-hydroxymitragynine (7-OH) in Schedule I by an "
        "emergency rule on 13 August 2025; kratom leaf products remain legal for adults aged 21 and over."
    )
    assert a.attributes["seven_oh"] == "controlled" and a.attributes["leaf"] == "regulated"
    assert a.effective_from == "2025-08-13"


def test_forbidding_sales_to_under_21s_or_high_7_oh_products_is_an_age_limit_and_a_cap_not_a_ban():
    a = analyse_lines(
        "The state has regulated kratom since 1 March 2027: selling to anyone under 21 is prohibited, and "
        "products with elevated concentrations of 7-OH may not be sold."
    )
    assert a.attributes["leaf"] == "regulated" and a.attributes["min_age"] == 21
    assert a.attributes["seven_oh"] == "capped" and "seven_oh_threshold" not in a.attributes
    assert (
        analyse_lines("Sales to people under 18 are prohibited.").attributes["leaf"] == "regulated"
    )
    only_7oh = analyse(
        [("t", "Products containing excessive amounts of 7-hydroxymitragynine are banned.")]
    )
    assert only_7oh.attributes == {"seven_oh": "capped", "substances": ["7-hydroxymitragynine"]}
    assert analyse_lines("Kratom is prohibited.").attributes["leaf"] == "controlled"


def test_sellers_who_must_register_with_an_agency_or_hold_a_licence_in_either_spelling_mean_licensing():
    register = analyse(
        [
            (
                "abstract",
                "Requires kratom vendors to register each year with the state health department.",
            )
        ]
    )
    assert register.attributes["licensing"] is True and register.attributes["leaf"] == "regulated"
    licence = analyse_lines(
        "Kratom is regulated there and may be sold only by retailers holding a licence."
    )
    assert licence.attributes["licensing"] is True
    assert (
        "licensing"
        not in analyse_lines("Kratom is regulated there; sales require a label.").attributes
    )


def test_a_line_about_a_rejected_bill_establishes_no_status():
    line = "In January 2025 the North Dakota House rejected a bill to add mitragynine to Schedule I, 77 votes to 15."
    assert analyse_lines(line).attributes == {}


def test_a_caption_amending_the_controlled_substances_act_with_a_full_text_hit_suggests_the_listing():
    a = analyse(
        [("description", "Relating to: controlled substances, and providing a penalty.")],
        implied="mitragynine",
    )
    assert a.attributes["leaf"] == "controlled" and a.attributes["seven_oh"] == "controlled"
    assert (
        analyse(
            [("description", "Relating to: controlled substances, and providing a penalty.")]
        ).attributes
        == {}
    )


def test_an_official_page_stating_a_rule_in_force_establishes_a_status_dated_by_its_dateline():
    from tracker.ingest.suggest import analyse_page, worth_a_page_proposal

    a = analyse_page(
        "August 13, 2025 - The Attorney General filed an emergency rule designating 7-hydroxymitragynine "
        "(7-OH) a Schedule I controlled substance, effective immediately."
    )
    assert a.attributes["seven_oh"] == "controlled" and a.effective_from == "2025-08-13"
    recommendation = analyse_page(
        "On July 29, 2025, FDA recommended that the DEA place 7-hydroxymitragynine in Schedule I."
    )
    assert recommendation.attributes == {} and recommendation.effective_from == "2025-07-29"
    assert worth_a_page_proposal(recommendation)
    assert not worth_a_page_proposal(
        analyse_page("Kratom products must be registered; there is a $260.00 fee per formulation.")
    )


def test_a_reworded_encyclopedia_line_with_the_same_status_is_not_a_change():
    from tracker.ingest.suggest import same_line_status

    assert same_line_status(
        "Kentucky has regulated kratom since 2024: sales are limited to adults aged 21 and over.",
        "Since 2024 Kentucky has limited kratom sales to adults aged 21 and over.",
    )
    assert not same_line_status(
        "In Thailand, kratom is a Category 5 narcotic.",
        "Thailand removed kratom from its list of Category 5 narcotics on 24 August 2021.",
    )


@pytest.mark.parametrize(
    "written",
    ["SB 891", "SB891", "S.B. 891", "SB 0891", "Senate: SB 891 (2025)", "Senate Bill 891"],
)
def test_a_bill_identifier_is_found_however_a_source_writes_it(written):
    assert names_bill(written, "SB 891")


@pytest.mark.parametrize("other", ["SB 8910", "SB 89", "HB 891", "SB 1891", "891 people"])
def test_a_bill_identifier_does_not_match_another_bill(other):
    assert not names_bill(other, "SB 891")


def test_an_enactment_with_no_attributes_confirms_the_period_recorded_as_that_bills_enactment(
    tmp_path_factory,
):
    from tests.conftest import initialised_runtime
    from tracker.status import jurisdictions

    rt = initialised_runtime(tmp_path_factory.mktemp("enactment"))
    with rt.sessions() as s:
        ok = jurisdictions.get(s, "US-OK")
        # Oklahoma SB 891: signed 2025-05-22, recorded as the period in force from 2025-11-01
        found = recorded_enactment(s, ok, "2025-05-24", "SB 891")
        assert found is not None and found.enacted_on == date(2025, 5, 22)
        assert recorded_enactment(s, ok, "2025-06-30", "SB 891") is None  # another day
        assert recorded_enactment(s, ok, "2025-05-22", "SB 892") is None  # another bill
        assert recorded_enactment(s, ok, "2025-05-22", None) is None  # no identifier: stays open
    rt.engine.dispose()


def test_a_law_that_orders_an_agency_to_schedule_by_regulation_lists_nothing_itself():
    ordered = analyse(
        [
            (
                "description",
                "To (1) require certain pharmacies to submit reports, (2) require the Department of Health to adopt "
                "regulations designating additional substances as controlled substances, (3) redefine 'container'.",
            )
        ],
        implied="kratom",
    )
    assert ordered.attributes == {}
    assert (
        analyse(
            [
                (
                    "text",
                    "The board shall adopt rules designating kratom as a Schedule I controlled substance.",
                )
            ]
        ).attributes
        == {}
    )
    # a law that schedules kratom itself and asks for rules to implement it still lists it
    direct = analyse(
        [
            (
                "text",
                "Adds kratom to Schedule I and requires the board to adopt rules to implement the act.",
            )
        ]
    )
    assert direct.attributes["leaf"] == "controlled"


def test_a_clause_about_the_earlier_state_does_not_set_the_new_status_or_its_date():
    line = (
        "* Ruritania, which had listed mitragynine in Schedule I since 1 March 2017, has licensed and regulated "
        "kratom since 1 April 2026; sales are limited to adults aged 21 and over."
    )
    a = analyse_lines(line)
    assert a.attributes["leaf"] == "regulated" and a.attributes["min_age"] == 21
    assert a.attributes["licensing"] is True and "seven_oh" not in a.attributes
    assert a.effective_from == "2026-04-01"
    until = analyse_lines(
        "Until 2026, kratom was a Schedule I substance; it is now licensed and regulated."
    )
    assert until.attributes["leaf"] == "regulated"
    # the present clause still decides when it is the ban
    assert (
        analyse_lines(
            "Kratom, formerly legal, was placed in Schedule I on 10 May 2016."
        ).attributes["leaf"]
        == "controlled"
    )


def test_kratom_related_products_are_the_derivatives_and_an_exempted_plant_is_not_the_rules_subject():
    from tracker.ingest.suggest import analyse_page

    a = analyse_page(
        "Retailer Notice: Kratom-Related Products Now Illegal\n"
        "Effective March 2, 2031, the rule makes all forms of kratom-related products, except for products "
        "composed solely of mitragynine, illegal to sell, possess, or distribute in the state."
    )
    assert a.attributes["seven_oh"] == "controlled" and "leaf" not in a.attributes
    assert a.effective_from == "2031-03-02"
    assert not any("leaf regulated" in r for r in a.rules)
    # the plant named outside the exception is still the subject
    ban = analyse(
        [("text", "It is unlawful to sell or possess kratom, except for research by a university.")]
    )
    assert ban.attributes["leaf"] == "controlled"


def test_a_page_saying_the_regulations_were_approved_states_a_rule_in_force_dated_by_its_dateline_only():
    from tracker.ingest.suggest import analyse_page

    approved = analyse_page(
        "Kratom designated a Schedule 1 controlled substance\n3/9/2031\n"
        "The Regulation Review Committee approved regulations Tuesday to update the controlled substance "
        "schedule, designating kratom as a Schedule 1 controlled substance."
    )
    assert approved.attributes["leaf"] == "controlled"
    assert approved.effective_from is None and approved.enacted_on == "2031-03-09"
    # "approved" without the rules themselves, or approved proposals, states nothing in force
    for text in (
        "3/9/2031 The committee approved a study of kratom, a Schedule 1 candidate.",
        "3/9/2031 The board approved proposed regulations designating kratom as a Schedule 1 controlled substance.",
    ):
        assert analyse_page(text).attributes == {}


def test_a_dated_agency_statement_about_kratom_is_an_event_but_an_undated_or_off_topic_change_is_not():
    from tracker.ingest.suggest import analyse_page, dateline, worth_a_page_proposal

    warning = analyse_page(
        "Health Department Warns Consumers About 7-OH Products\n3/2/2031\n"
        "The department is warning consumers that products containing 7-OH may cause serious harm."
    )
    assert warning.attributes == {} and warning.effective_from is None
    assert warning.dated == "2031-03-02" and worth_a_page_proposal(warning)
    announced = analyse_page(
        "CAPITAL CITY, St. (Mar. 4, 2031) - The governor announced a plan to classify 7-hydroxymitragynine "
        "as a Schedule I substance."
    )
    assert announced.dated == "2031-03-04" and announced.attributes == {}
    # a date inside the sentence is not the statement's dateline
    assert (
        dateline("The board adopted another rule, superseding the rule of August 13, 2030.") is None
    )
    assert not worth_a_page_proposal(analyse_page("3/2/2031\nThe office moves to 12 Main Street."))
    footer = (
        "Kratom processors must register; the fee is $260.00.\nPage updated\n3/2/2031\nContact us"
    )
    assert not worth_a_page_proposal(analyse_page(footer))
    assert not worth_a_page_proposal(
        analyse_page("Kratom processors must register; the fee is $260.00 per product.")
    )


def test_a_notice_naming_kratom_is_dated_by_the_day_it_says_it_was_filed_but_a_neighbours_filing_dates_nothing():
    from tracker.ingest.suggest import analyse_page, worth_a_page_proposal

    inquiry = analyse_page(
        "Rulemaking\nNotice of inquiry filed on 4 March 2031 as Register 31-05-002. The board is considering "
        "listing kratom as a controlled substance."
    )
    assert inquiry.dated == "2031-03-04" and inquiry.attributes == {}
    assert worth_a_page_proposal(inquiry)
    neighbour = analyse_page(
        "Proposed rules filed March 15, 2031 on pharmacy fees.\nThe board is considering listing kratom."
    )
    assert neighbour.dated is None and not worth_a_page_proposal(neighbour)
    # "issued a warning" names no day
    assert analyse_page("The department issued a warning about kratom products.").dated is None


def test_a_clause_banning_only_exports_is_a_trade_rule_and_licensed_exporters_mean_regulation():
    line = (
        "The country has licensed kratom exports since 3 March 2027: only dried powder may be exported, by "
        "registered exporters, and export of raw leaves is prohibited; kratom is not a narcotic there."
    )
    assert analyse_lines(line).attributes == {
        "leaf": "regulated",
        "licensing": True,
        "substances": ["kratom"],
    }
    assert analyse_lines("The country banned kratom exports in 2027.").attributes == {}
    # a sale or import in the same clause is still read by the ban rules
    assert analyse_lines("Sale and export of kratom are banned.").attributes["leaf"] in (
        "sale_prohibited",
        "controlled",
    )


def test_a_line_about_bills_still_pending_sets_no_status_and_remains_unregulated_is_the_current_one():
    pending = (
        "In the state, bills to forbid kratom sales to anyone under 21 and to list 7-OH in Schedule I were "
        "introduced in 2027; kratom remains unregulated there."
    )
    assert analyse_lines(pending).attributes == {"leaf": "unregulated", "substances": ["kratom"]}
    contrast = "Legislation to ban kratom is pending in committee, but kratom is still legal."
    assert analyse_lines(contrast).attributes["leaf"] == "unregulated"
    assert analyse_lines("A proposed ban on kratom was debated in 2027.").attributes == {}
    # a measure the line says was enacted is the status
    enacted = analyse_lines(
        "A bill introduced in 2026 and signed in 2027 placed kratom in Schedule I."
    )
    assert enacted.attributes["leaf"] == "controlled"


def test_a_change_dated_after_the_period_in_force_began_stays_open_even_when_its_attributes_match(
    monkeypatch,
):
    from tracker.ingest import suggest

    def period(start: date) -> SimpleNamespace:
        return SimpleNamespace(
            id=7,
            effective_from=start,
            leaf="regulated",
            seven_oh="unregulated",
            seven_oh_threshold=None,
            min_age=None,
            licensing=True,
            labelling=True,
            substances=["kratom"],
        )

    line = analyse_lines(
        "Since 2 June 2027 the state has allowed kratom only from registered sellers holding a licence, with labels."
    )
    assert line.effective_from == "2027-06-02" and line.attributes["licensing"] is True
    older = period(date(2020, 1, 1))
    monkeypatch.setattr(suggest, "_base_period", lambda s, j, a: (older, None))
    out = suggest.complete(None, object(), line)
    assert out["confirms_period"] is None and out["predates_change"] is True
    same_day = period(date(2027, 6, 2))
    monkeypatch.setattr(suggest, "_base_period", lambda s, j, a: (same_day, None))
    out = suggest.complete(None, object(), line)
    assert out["confirms_period"] == 7 and out["predates_change"] is False


def test_a_line_saying_a_bill_was_not_enacted_sets_no_status_but_the_rest_of_the_line_does():
    reported = (
        "In the state a kratom regulation bill was reported favourably by a committee in 2027 but was not "
        "enacted."
    )
    assert analyse_lines(reported).attributes == {}
    assert analyse_lines("A bill to license kratom sellers did not pass in 2027.").attributes == {}
    rest = analyse_lines("A bill to ban kratom never became law; kratom remains legal there.")
    assert rest.attributes == {"leaf": "unregulated", "substances": ["kratom"]}
    # a law the line says was enacted keeps its status
    enacted = analyse_lines("Kratom is regulated under a consumer protection act enacted in 2027.")
    assert enacted.attributes["leaf"] == "regulated"


def test_the_day_an_encyclopedia_line_says_an_order_was_published_is_not_its_effective_date():
    from tracker.ingest.suggest import effective_dates

    published = (
        "The country listed kratom as a psychotropic substance by an order of 20 December 2027, published in "
        "the official gazette on 2 January 2028; possessing kratom is now banned."
    )
    assert effective_dates(published, loose=True) == []
    assert analyse_lines(published).effective_from is None
    assert analyse_lines(published).attributes["leaf"] == "controlled"
    # a day the line says it took effect, or a "since" of the status itself, is still read
    assert effective_dates(
        "The order was published on 2 January 2028 and took effect on 3 January 2028.", loose=True
    ) == [date(2028, 1, 3)]
    assert effective_dates("Kratom has been banned since 1 March 2028.", loose=True) == [
        date(2028, 3, 1)
    ]


def test_a_dated_hearing_notice_about_other_substances_raises_nothing_on_a_page_watched_for_kratom():
    from tracker.ingest.suggest import analyse_page, worth_a_page_proposal

    other = analyse_page(
        "Placement of substances in Schedule I\nDate Posted: 3/2/2031\nThe board gives notice of a public "
        "hearing on placing compounds in Schedule I. The hearing will be conducted on April 15, 2031. The "
        "compounds include two synthetic opioids."
    )
    assert other.effective_from is None and other.dated is None and other.attributes == {}
    assert not worth_a_page_proposal(other)
    # the same notice about kratom is an event dated by its hearing day
    kratom = analyse_page(
        "The board gives notice of a public hearing on placing mitragynine in Schedule I. The hearing will "
        "be conducted on April 15, 2031."
    )
    assert kratom.effective_from == "2031-04-15" and worth_a_page_proposal(kratom)


def test_a_french_page_saying_kratom_was_listed_among_psychotropics_by_an_order_is_a_ban_dated_by_that_order():
    from tracker.ingest.suggest import analyse_page

    french = analyse_page(
        "Le kratom inscrit sur la liste des stupéfiants\nL'agence a annoncé que le kratom a été inscrit sur "
        "la liste des stupéfiants, par arrêté du 3 mars 2031. Il n'est plus possible d'acheter ou de "
        "posséder cette plante dans le pays."
    )
    assert (
        french.attributes["leaf"] == "controlled" and french.attributes["seven_oh"] == "controlled"
    )
    assert french.enacted_on == "2031-03-03"
    assert french.effective_from is None
    assert any("French" in rule for rule in french.rules)
    # a French page about something else establishes nothing; an English page keeps its words
    assert (
        analyse_page(
            "Le kratom est une plante d'Asie du Sud-Est dont les feuilles sont consommées."
        ).attributes
        == {}
    )
    assert analyse_page("The arrêté of the prefect concerns parking.").attributes == {}


def test_a_signed_bill_whose_kratom_provisions_were_struck_says_nothing_about_kratom_but_a_descheduling_bill_does():
    from tracker.ingest.suggest import names_kratom_only_as_taken_out

    def bill(*abstracts, title="Amending the controlled substances act."):
        return SimpleNamespace(
            title=title, native={"abstracts": [{"abstract": a} for a in abstracts]}
        )

    assert names_kratom_only_as_taken_out(
        bill(
            "Adds substances to the schedules. The floor amendments, adopted in conference, removed kratom "
            "from the substances that would have been scheduled."
        )
    )
    assert names_kratom_only_as_taken_out(bill("The bill was amended to remove kratom."))
    assert names_kratom_only_as_taken_out(bill("Kratom was taken out in committee."))
    assert names_kratom_only_as_taken_out(
        bill("Mitragynine was deleted from the bill by the Senate.")
    )
    # the bill itself takes kratom off a schedule: a change of status
    assert not names_kratom_only_as_taken_out(bill("This act removes kratom from Schedule I."))
    # one provision struck, another about kratom kept
    assert not names_kratom_only_as_taken_out(
        bill(
            "An amendment removed the ban on 7-OH. Kratom sellers must register with the department."
        )
    )
    # kratom named nowhere in the texts (a full-text hit): nothing here to say it was taken out
    assert not names_kratom_only_as_taken_out(bill("Adds substances to the schedules."))


def test_an_agency_page_saying_a_law_was_voted_into_law_effective_a_day_states_a_regulation_in_force():
    from tracker.ingest.suggest import analyse_page

    a = analyse_page(
        "The Kratom Consumer Protection Act was voted into law effective March 3, 2021. "
        "Sellers must be registered with the department before offering kratom products."
    )
    assert a.attributes["leaf"] == "regulated" and a.attributes["licensing"] is True
    assert a.effective_from == "2021-03-03"
    # the same words about a bill still proposed state nothing in force
    proposed = analyse_page(
        "A proposed kratom act would be passed into law next session; sellers would register."
    )
    assert proposed.attributes == {}


def test_a_publication_field_heading_an_agency_notice_about_kratom_dates_it_but_an_upkeep_date_does_not():
    from tracker.ingest.suggest import analyse_page, worth_a_page_proposal

    notice = analyse_page(
        "Date Issued: 04/07/2031\nCategory: Enforcement\n"
        "Products that are or contain kratom may be detained at the border as adulterated."
    )
    assert notice.dated == "2031-04-07" and notice.attributes == {}
    assert notice.effective_from is None and worth_a_page_proposal(notice)
    assert (
        analyse_page("Published: March 9, 2031\nNotice on 7-OH products sold online.").dated
        == "2031-03-09"
    )
    # the page's upkeep date, or a field on a change naming neither kratom nor 7-OH, dates nothing
    assert (
        analyse_page("Last updated: 04/07/2031\nKratom products must be registered.").dated is None
    )
    assert not worth_a_page_proposal(
        analyse_page("Published Date: 04/07/2031\nThe office moves to 12 Main Street.")
    )


def test_a_dateline_with_its_place_before_a_comma_dates_an_agency_notice_about_kratom():
    from tracker.ingest.suggest import dateline

    notice = (
        "RIVERTON, March 3, 2031 - The agency advises that a brand of kratom capsules is being "
        "recalled."
    )
    assert dateline(notice) == "2031-03-03"
    assert dateline("RIVERTON, capital of the province - kratom capsules are recalled.") is None


def test_an_encyclopedia_line_calling_kratom_a_designated_substance_reads_as_controlled():
    line = (
        "In Freedonia, kratom and mitragynine have been Designated Substances since 2 May 2031, "
        "so importing or possessing them is an offence."
    )
    assert "designated substances" in line_status(line)
    a = analyse_lines(line)
    assert a.attributes["leaf"] == "controlled" and a.effective_from == "2031-05-02"
    # "designated" in another sense lists nothing
    other = analyse_lines("Kratom shops must sell from a designated area of the store.")
    assert other.attributes.get("leaf") != "controlled"


def test_a_ban_from_the_consumer_market_that_leaves_possession_unpunished_is_a_sale_prohibition_not_a_ban():
    market = analyse_lines(
        "In Ruritania kratom has been prohibited in shops since 1 May 2029; importing and selling it are "
        "fined, but possession and use are not punished."
    )
    assert market.attributes == {"leaf": "sale_prohibited", "substances": ["kratom"]}
    assert market.effective_from == "2029-05-01"
    shops = analyse_lines(
        "Selling kratom is prohibited in the province; possession remains unpunished."
    )
    assert shops.attributes["leaf"] == "sale_prohibited"
    # possession prohibited with the sale, or said "not allowed", is still a ban of the plant
    assert analyse_lines("Selling or possessing kratom is prohibited in Ruritania.").attributes[
        "leaf"
    ] == ("controlled")
    both = analyse_lines("Kratom is banned in Ruritania: its possession and sale are not allowed.")
    assert both.attributes["leaf"] == "controlled"


def test_selling_kratom_to_someone_under_an_age_is_an_age_limit_even_when_the_line_calls_it_an_offence():
    from tracker.ingest.suggest import same_line_status

    before = "In the United States, kratom is not federally scheduled."
    after = (
        before
        + "\n* Selling kratom to anyone younger than 21 has been a misdemeanour in the state since "
        "1 July 2030; adults may still buy it."
    )
    assert "younger than 21" in line_status(after)
    assert line_status(before) != line_status(after) and not same_line_status(before, after)
    age = analyse_lines(after.splitlines()[1])
    assert age.attributes["min_age"] == 21 and age.attributes["leaf"] == "regulated"
    assert age.effective_from == "2030-07-01"
    assert "under 19" in line_status("It is an offence to sell kratom to a buyer under 19.")


def test_a_line_about_a_board_endorsing_or_opposing_a_bill_takes_no_status_from_the_bills_words():
    supported = analyse_lines(
        "In 2031 the state pharmacy board voted to support a bill licensing kratom sellers; kratom remains "
        "legal there."
    )
    assert supported.attributes == {"leaf": "unregulated", "substances": ["kratom"]}
    assert (
        analyse_lines(
            "A coalition of physicians opposed legislation to ban kratom in 2031."
        ).attributes
        == {}
    )
    # a bill the line says was signed is law, whoever backed it
    signed_law = analyse_lines(
        "A kratom consumer protection bill backed by retailers was signed into law in 2031."
    )
    assert signed_law.attributes["leaf"] == "regulated"


def test_meeting_minutes_recording_only_a_discussion_of_kratom_raise_no_event_but_a_recorded_vote_does():
    from tracker.ingest.suggest import analyse_page, worth_a_page_proposal

    undecided = analyse_page(
        "Advisory Council\nMay 14, 2031 - The council discussed whether to list mitragynine as a controlled "
        "substance; no decision was made."
    )
    assert (
        undecided.dated is None and undecided.effective_from is None and undecided.attributes == {}
    )
    assert not worth_a_page_proposal(undecided)
    testimony = analyse_page(
        "At its meeting on 3 June 2031 the commission heard testimony on kratom and took no action."
    )
    assert testimony.effective_from is None and not worth_a_page_proposal(testimony)
    voted = analyse_page(
        "May 14, 2031 - The council discussed kratom and voted to recommend adding mitragynine to Schedule I."
    )
    assert voted.dated == "2031-05-14" and worth_a_page_proposal(voted)


def test_a_line_about_a_bill_named_by_its_number_that_was_introduced_or_would_change_the_law_sets_no_status():
    introduced = analyse_lines(
        "In 2031 a state senator introduced HB 4410 to place kratom in Schedule I; it was sent to a committee."
    )
    assert introduced.attributes == {}
    # a bill described by what it is meant to do, whatever the verb of its stage
    intended = analyse_lines(
        "In 2031 the legislature took up S.B. 77 to make kratom a Schedule I controlled substance."
    )
    assert intended.attributes == {}
    would = analyse_lines(
        "SB 77 would make kratom a Schedule I controlled substance; kratom is legal there today."
    )
    assert would.attributes == {"leaf": "unregulated", "substances": ["kratom"]}
    # the rest of the line is still read, and a numbered bill the line says was signed is law
    pending = analyse_lines("LD 512, a kratom ban, is pending; kratom remains legal there.")
    assert pending.attributes == {"leaf": "unregulated", "substances": ["kratom"]}
    enacted = analyse_lines(
        "HB 4410, which places kratom in Schedule I, was signed into law in 2031."
    )
    assert enacted.attributes["leaf"] == "controlled"


def test_an_edit_that_changes_only_a_number_in_a_line_is_told_apart_from_one_that_rewrites_it():
    old = "Selling kratom to anyone under 19 has been an offence there since 2030."
    assert only_numbers_changed(old, old.replace("19", "25"))
    assert only_numbers_changed(old, old.replace("2030", "2003"))
    assert not only_numbers_changed(old, old)
    assert not only_numbers_changed("", "Kratom is banned there since 2031.")
    assert not only_numbers_changed(
        old, "Since 2031 selling kratom to anyone under 25 has been an offence there."
    )
