"""The labelled-set evaluation: splits and how labels are matched to claims (issue #14)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.web.apiexport_support import module_runtime
from tracker.articles import evaluate
from tracker.articles.reader import Mark, ReadClaim
from tracker.cli.main import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def test_the_fresh_split_holds_at_least_twelve_articles_and_the_original_set_the_other_37():
    fresh = evaluate.load_set(FIXTURES, {"fresh"})
    original = evaluate.load_set(FIXTURES, {"original"})
    assert len(fresh) >= 12 and all(a.group == "fresh" for a in fresh)
    assert len(original) == 37 and {a.group for a in original} == {"development", "held out"}


def test_any_split_name_is_its_own_group_and_can_be_selected_alone():
    fresh2 = evaluate.load_set(FIXTURES, {"fresh-2"})
    fresh = evaluate.load_set(FIXTURES, {"fresh"})
    assert len(fresh2) >= 18 and {a.group for a in fresh2} == {"fresh-2"}
    assert not {a.slug for a in fresh2} & {a.slug for a in fresh}
    both = evaluate.load_set(FIXTURES, {"fresh", "fresh-2"})
    assert len(both) == len(fresh) + len(fresh2)


def _label_set(tmp_path: Path) -> evaluate.LabelledArticle:
    d = tmp_path / "table-page"
    d.mkdir()
    (d / "article.md").write_text(
        "| State | Status |\n|---|---|\n| Alabama | Illegal |\n", encoding="utf-8"
    )
    (d / "labels.yaml").write_text(
        "slug: table-page\nsplit: fresh\nurl: https://example.org/2024/05/table/\nclaims:\n"
        "  - {text: Alabama, row: Alabama, code: US-AL, reading: {category: banned}, claim_date: null, verdict: holds}\n"
        "  - {text: Illegal, row: Alabama, code: US-AL, reading: {category: banned}, claim_date: null, verdict: holds}\n",
        encoding="utf-8",
    )
    (art,) = evaluate.load_set(tmp_path)
    return art


def test_a_table_row_label_is_matched_by_its_row_and_one_claim_can_answer_a_merged_duplicate(
    tmp_path,
):
    art = _label_set(tmp_path)
    assert art.group == "fresh" and art.url == "https://example.org/2024/05/table/"
    claim = ReadClaim(
        "US-AL", "Alabama", {"category": "banned"}, "Illegal", Mark(0, 7), texts=["Illegal"]
    )

    def checker(text, fmt, published, title, url):
        return [(claim, claim.texts, "holds")]

    fig = evaluate.evaluate_article(art, checker, date(2026, 12, 7))
    assert (fig.labelled, fig.recalled, fig.found, fig.correct, fig.verdict_right) == (
        2,
        2,
        1,
        1,
        2,
    )


def test_a_correct_statement_the_reader_judges_wrong_is_counted_and_listed_as_a_misreading(
    tmp_path,
):
    art = _label_set(tmp_path)
    claim = ReadClaim(
        "US-AL", "Alabama", {"category": "banned"}, "Illegal", Mark(0, 7), texts=["Illegal"]
    )

    def checker(text, fmt, published, title, url):
        return [(claim, claim.texts, "does not hold")]

    fig = evaluate.evaluate_article(art, checker, date(2026, 12, 7))
    assert fig.misreadings == 2 and fig.wrong_verdicts == []
    assert fig.misread[0].startswith("US-AL {'category': 'banned'} want holds, got does not hold |")


def test_totals_print_each_figure_against_its_budget():
    t = evaluate.Totals(
        articles=1, labelled=10, found=10, recalled=8, correct=9, verdict_right=8, verdict_total=8
    )
    lines = "\n".join(t.lines("fresh"))
    assert "recall        80.0 % (8/10)  budget >= 80 %  ok" in lines
    assert "precision     90.0 % (9/10)  budget >= 90 %  ok" in lines


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    runtime = module_runtime(tmp_path_factory)
    yield runtime
    runtime.engine.dispose()


def test_evaluate_verbose_lists_each_misreading_on_a_line_of_its_own(rt, tmp_path):
    # the label says "legal in Alabama" holds; the data says Alabama bans kratom, so the reader's
    # verdict "does not hold" on that label is what a misreading looks like
    page = tmp_path / "set" / "page"
    page.mkdir(parents=True)
    (page / "article.txt").write_text(
        "Kratom laws by state\n\nKratom is legal in Alabama. Alabama lawmakers have not passed any law"
        " on it.\n",
        encoding="utf-8",
    )
    (page / "labels.yaml").write_text(
        "slug: page\nsplit: fresh\nurl: https://example.org/page/\nclaims:\n"
        "  - {text: Kratom is legal in Alabama., code: US-AL, reading: {category: legal},"
        " claim_date: null, verdict: holds}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["article", "evaluate", str(tmp_path / "set"), "-v"], obj={"runtime": rt}
    )
    assert "   misread   US-AL {'category': 'legal'} want holds, got does not hold" in result.output
    assert "misreadings       1" in result.output
