"""Claims in an article's legality section: recognised in text, then checked against the data on two dates."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.web.apiexport_support import module_runtime
from tracker.articles import claims
from tracker.articles.importer import bundled_articles, legal_section
from tracker.store.models import Article

ARTICLE_DAY, TODAY = date(2025, 3, 15), date(2026, 11, 27)


def kinds(found):
    return [(c.kind, c.text) for c in found]


def test_a_count_of_states_that_banned_kratom_is_recognised():
    (claim,) = claims.recognise("Six states have banned kratom.")
    assert claim.kind == "count" and claim.quantity == 6 and claim.scopes == ("states",)
    assert claim.predicates == ("banned",) and claim.categories == {"banned"}


@pytest.mark.parametrize(
    "text, quantity, quantifier, modifier, scopes, predicates",
    [
        (
            "At least 12 countries have banned it.",
            12,
            "12",
            "at least",
            ("countries",),
            ("banned",),
        ),
        (
            "Kratom is banned in a dozen countries.",
            12,
            "a dozen",
            None,
            ("countries",),
            ("banned",),
        ),
        ("It is legal in most states.", None, "most", None, ("states",), ("legal",)),
        (
            "Several U.S. states regulate kratom with age limits.",
            None,
            "several",
            None,
            ("states",),
            ("regulated",),
        ),
        (
            "Nearly 20 states and countries have restricted it.",
            20,
            "20",
            "nearly",
            ("states", "countries"),
            ("regulated",),
        ),
    ],
)
def test_count_claims_of_many_shapes_are_recognised(
    text, quantity, quantifier, modifier, scopes, predicates
):
    (claim,) = [c for c in claims.recognise(text) if c.kind == "count"]
    assert (claim.quantity, claim.quantifier, claim.modifier, claim.scopes, claim.predicates) == (
        quantity,
        quantifier,
        modifier,
        scopes,
        predicates,
    )


def test_the_bundled_articles_three_claims_are_recognised_each_with_its_own_clause():
    section = legal_section(bundled_articles()[0]["text"])
    found = claims.recognise(section.text)
    assert kinds(found) == [
        ("count", "many parts of the United States"),
        ("count", "some states and countries"),
        ("agency", "FDA"),
    ]
    legal, banned_or_regulated, fda = found
    assert legal.predicates == ("legal",) and legal.scopes == ("states",)
    assert banned_or_regulated.predicates == ("banned", "regulated")
    assert banned_or_regulated.scopes == ("states", "countries") and fda.agency == "FDA"
    # "the United States" inside the count claim is not a separate claim about US federal law
    assert not [c for c in found if c.kind == "jurisdiction"]


def test_named_places_take_what_their_own_clause_says():
    found = claims.recognise(
        "Kratom is legal in Texas but banned in Alabama and Thailand. The DEA never scheduled it."
    )
    places = {c.code: c.predicates for c in found if c.kind == "jurisdiction"}
    assert places == {"US-TX": ("legal",), "US-AL": ("banned",), "TH": ("banned",)}
    assert [c.agency for c in found if c.kind == "agency"] == ["DEA"]
    listed = claims.recognise(
        "Six states have banned kratom: Alabama, Arkansas, Indiana, Rhode Island, Vermont and Wisconsin."
    )
    assert [c.code for c in listed if c.kind == "jurisdiction"] == [
        "US-AL",
        "US-AR",
        "US-IN",
        "US-RI",
        "US-VT",
        "US-WI",
    ]
    assert all(c.predicates == ("banned",) for c in listed)


def test_georgia_is_the_state_in_a_sentence_about_states_and_the_country_otherwise():
    assert [
        c.code
        for c in claims.recognise("The states of Georgia and Florida regulate kratom.")
        if c.code
    ] == ["US-GA", "US-FL"]
    assert [c.code for c in claims.recognise("Georgia and Florida regulate it.") if c.code] == [
        "US-GA",
        "US-FL",
    ]
    assert [
        c.code for c in claims.recognise("Kratom is legal in Georgia and Armenia.") if c.code
    ] == ["GE", "AM"]


def test_the_annotated_text_keeps_every_character_and_marks_each_claim_once():
    text = "While legal in many parts of the United States, some states ban it.\n\nThe FDA has concerns."
    found = claims.recognise(text)
    paragraphs = claims.annotate(text, found)
    assert len(paragraphs) == 2
    assert (
        "".join(s.text for s in paragraphs[0]) + "\n\n" + "".join(s.text for s in paragraphs[1])
        == text
    )
    marked = [s.text for p in paragraphs for s in p if s.marked]
    assert marked == ["many parts of the United States", "some states", "FDA"]
    assert [n for p in paragraphs for s in p for n in s.refs] == [1, 2, 3]


# -- checked against the bundled dataset ---------------------------------------------------------


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = module_runtime(tmp_path_factory)
    yield runtime
    runtime.engine.dispose()


def test_six_states_is_supported_on_the_articles_date_and_not_today(rt):
    with rt.sessions() as s:
        (check,) = claims.check_text(s, "Six states have banned kratom.", [ARTICLE_DAY, TODAY])[0]
    then, now = check.results
    assert then.verdict == "supported" and [p.code for p in then.counts[0].matched] == [
        "US-AL",
        "US-AR",
        "US-IN",
        "US-RI",
        "US-VT",
        "US-WI",
    ]
    assert now.verdict == "not supported" and len(now.counts[0].matched) == 7
    assert {"US-LA", "US-CT"} <= {p.code for p in now.counts[0].matched}
    assert "US-RI" not in {p.code for p in now.counts[0].matched}


def test_the_bundled_article_is_checked_on_its_date_and_today(rt):
    with rt.sessions() as s:
        article = s.scalar(select(Article).where(Article.slug == "kratom-for-chronic-pain"))
        assert article.published_on == ARTICLE_DAY
        result = claims.check_article(s, article, today=TODAY)
        assert result.dates == [ARTICLE_DAY, TODAY]
        legal, banned_or_regulated, fda = result.checks
        # "legal in many parts of the United States": the 50 states not banned, with the list
        then, now = legal.results
        for r in (then, now):
            (states,) = r.counts
            assert (
                states.total == 50
                and len(states.matched) + len(states.others) + len(states.unknown) == 50
            )
            assert r.verdict == "supported"
        assert "US-LA" in {p.code for p in then.counts[0].matched}  # not banned on 2025-03-15
        assert "US-LA" in {p.code for p in now.counts[0].others}  # banned today
        assert {p.category for p in now.counts[0].others} == {"banned"}
        assert "unknown" in legal.rule and "50 states" in legal.rule
        # "some states and countries have banned or regulated its use": which, on each date
        then, now = banned_or_regulated.results
        assert [c.scope for c in then.counts] == ["states", "countries"]
        assert {"US-AL", "US-LA"} <= {p.code for p in then.counts[0].matched}
        assert {"GB", "TH", "AU"} <= {p.code for p in then.counts[1].matched}
        assert {cat for cat, _ in then.counts[1].by_category()} == {
            "banned",
            "restricted",
            "regulated",
        }
        # "the FDA has expressed concerns": the federal entries, by each date
        then, now = fda.results
        assert then.verdict == "supported" and all(
            e.date <= ARTICLE_DAY and "FDA" in e.title for e in then.events
        )
        assert len(now.events) > len(then.events)  # the 2025 and 2026 actions came later
        assert then.federal.code == "US"
        # every change after the article's date, Louisiana's ban among them
        assert all(c.effective > ARTICLE_DAY for c in result.changes_since)
        la = [c for c in result.changes_since if c.jurisdiction.code == "US-LA"]
        assert [(c.effective, c.before.category, c.after.category) for c in la] == [
            (date(2025, 8, 1), "regulated", "banned")
        ]


def test_a_named_place_is_checked_against_its_category_on_each_date(rt):
    with rt.sessions() as s:
        checks, _ = claims.check_text(
            s, "Kratom is legal in Louisiana but banned in Thailand.", [ARTICLE_DAY, TODAY]
        )
    by_code = {c.claim.code: c for c in checks}
    assert [r.verdict for r in by_code["US-LA"].results] == ["supported", "not supported"]
    assert by_code["TH"].results[0].place.category == "regulated"
    assert [r.verdict for r in by_code["TH"].results] == ["not supported", "not supported"]


def _period(leaf: str, category: str):
    from tracker.store.models import StatusPeriod

    return StatusPeriod(leaf=leaf, category=category, seven_oh="unregulated", min_age=None)


def test_a_restricted_claim_is_partly_right_on_a_ban_and_wrong_on_a_regulated_market():
    # the verdict rules of tests/fixtures/articles/README.md: restricted (sale prohibited or
    # prescription only) is `partly` against a ban, and does not hold where sale is allowed
    restricted = {"category": "restricted"}
    assert claims.judge(restricted, _period("sale_prohibited", "restricted"))[0] == "holds"
    assert claims.judge(restricted, _period("controlled", "banned"))[0] == "partly"
    assert claims.judge(restricted, _period("regulated", "regulated"))[0] == "does not hold"
    assert claims.judge(restricted, _period("unregulated", "legal"))[0] == "does not hold"
