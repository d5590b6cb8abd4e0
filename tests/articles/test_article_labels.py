"""The labelled article set (tests/fixtures/articles/) is well formed.

Each article folder holds one excerpt (article.html, article.md or article.txt) and a labels.yaml
with the legality claims a careful reader extracts; see tests/fixtures/articles/README.md.
These tests check the labels' shape, not the claim reader: required keys, known codes, valid
verdicts and readings, and that every labelled span really occurs in the excerpt.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tracker.store.yamlio import safe_load

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"
JURISDICTIONS = Path(__file__).resolve().parents[2] / "tracker" / "data" / "jurisdictions"
LABELLED_ON = dt.date(2026, 12, 7)  # claims without a date are judged on this day (README)

FORMATS = {"html": "html", "md": "md", "txt": "txt"}
VERDICTS = {"holds", "does_not_hold", "partly", "not_checkable"}
CATEGORIES = {"banned", "restricted", "regulated", "legal", "not_banned"}
SEVEN_OH = {"controlled", "capped"}
READING_KEYS = {
    "category",
    "min_age",
    "seven_oh",
    "leaf",
    "event",
    "status",
    "count",
    "scope",
    "ordinal",
    "modifier",
    "at_least",
}
CLAIM_KEYS = {"text", "code", "reading", "claim_date", "verdict", "truth", "notes"}
TOP_KEYS = {
    "slug",
    "url",
    "title",
    "published",
    "language",
    "format",
    "kind",
    "main_jurisdiction",
    "claims",
    "expected_sections",
}
KINDS = {
    "news",
    "listicle",
    "law-firm-us",
    "law-firm-foreign",
    "legal-academic",
    "government",
    "overview-multi-country",
    "advocacy",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_EXCERPT_BYTES = 8_000


def tracker_codes() -> set[str]:
    codes = set()
    for path in JURISDICTIONS.glob("*/*.yaml"):
        data = safe_load(path.read_text(encoding="utf-8"))
        codes.add(data["code"])
    return codes


def _normalise(text: str) -> str:
    text = html.unescape(text).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def article_texts(path: Path) -> list[str]:
    """The readable text of an excerpt, in the forms a span may be matched against."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        soup = BeautifulSoup(raw, "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        return [_normalise(soup.get_text()), _normalise(soup.get_text(" "))]
    if path.suffix == ".md":
        plain = re.sub(r"(\*\*|__|`)", "", raw)
        plain = re.sub(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+\.\s+)", "", plain, flags=re.MULTILINE)
        return [_normalise(plain), _normalise(raw)]
    return [_normalise(raw)]


def occurs(span: str, texts: list[str]) -> bool:
    wanted = _normalise(span)
    return any(wanted in t for t in texts)


def _is_date_or_null(value) -> bool:
    return value is None or isinstance(value, dt.date)


def _reading_problems(reading) -> list[str]:
    if not isinstance(reading, dict) or not reading:
        return ["reading must be a non-empty mapping"]
    out = []
    unknown = set(reading) - READING_KEYS
    if unknown:
        out.append(f"reading has unknown keys {sorted(unknown)}")
    if not reading.keys() & {"category", "min_age", "seven_oh", "leaf", "event", "status"}:
        out.append(
            "reading says nothing (needs category, min_age, seven_oh, leaf, event or status)"
        )
    if "category" in reading and reading["category"] not in CATEGORIES:
        out.append(f"reading category {reading['category']!r} is not one of {sorted(CATEGORIES)}")
    if "min_age" in reading and not (
        isinstance(reading["min_age"], int) and 0 < reading["min_age"] < 100
    ):
        out.append(f"reading min_age {reading['min_age']!r} is not an age")
    if "seven_oh" in reading and reading["seven_oh"] not in SEVEN_OH:
        out.append(f"reading seven_oh {reading['seven_oh']!r} is not one of {sorted(SEVEN_OH)}")
    if "ordinal" in reading and not (
        isinstance(reading["ordinal"], int) and reading["ordinal"] > 0
    ):
        out.append(f"reading ordinal {reading['ordinal']!r} is not a positive number")
    return out


def label_problems(folder: Path, codes: set[str]) -> list[str]:
    """Everything wrong with one article folder's labels (empty when well formed)."""
    problems: list[str] = []
    labels_path = folder / "labels.yaml"
    excerpts = [p for p in folder.iterdir() if p.name.startswith("article.")]
    if not labels_path.is_file():
        return [f"{folder.name}: labels.yaml is missing"]
    if len(excerpts) != 1:
        return [
            f"{folder.name}: expected exactly one article.<html|md|txt>, found {sorted(p.name for p in excerpts)}"
        ]
    excerpt = excerpts[0]
    try:
        labels = safe_load(labels_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [f"{folder.name}: labels.yaml is not valid YAML ({exc.__class__.__name__})"]
    if not isinstance(labels, dict):
        return [f"{folder.name}: labels.yaml must be a mapping"]

    def problem(msg: str) -> None:
        problems.append(f"{folder.name}: {msg}")

    missing = TOP_KEYS - labels.keys()
    if missing:
        problem(f"missing keys {sorted(missing)}")
        return problems
    if labels["slug"] != folder.name or not SLUG.match(str(labels["slug"])):
        problem(
            f"slug {labels['slug']!r} must equal the folder name and be lower-case-with-hyphens"
        )
    if not str(labels["url"]).startswith(("https://", "http://")):
        problem(f"url {labels['url']!r} is not a web address")
    if not isinstance(labels["title"], str) or not labels["title"].strip():
        problem("title is empty")
    if not _is_date_or_null(labels["published"]):
        problem(f"published {labels['published']!r} is not a date or null")
    elif labels["published"] is not None and labels["published"] > LABELLED_ON:
        problem(f"published {labels['published']} is in the future")
    if not re.fullmatch(r"[a-z]{2}", str(labels["language"])):
        problem(f"language {labels['language']!r} is not a two-letter code")
    if FORMATS.get(labels["format"]) != excerpt.suffix.lstrip("."):
        problem(f"format {labels['format']!r} does not match {excerpt.name}")
    if labels["kind"] not in KINDS:
        problem(f"kind {labels['kind']!r} is not one of {sorted(KINDS)}")
    if labels["main_jurisdiction"] is not None and labels["main_jurisdiction"] not in codes:
        problem(f"main_jurisdiction {labels['main_jurisdiction']!r} is not a tracker code")
    if excerpt.stat().st_size > MAX_EXCERPT_BYTES:
        problem(
            f"{excerpt.name} is {excerpt.stat().st_size} bytes; keep excerpts under {MAX_EXCERPT_BYTES}"
        )

    texts = article_texts(excerpt)
    sections = labels["expected_sections"]
    if not isinstance(sections, list) or not sections:
        problem("expected_sections must be a non-empty list")
    else:
        for heading in sections:
            if heading != "<whole body>" and not occurs(heading, texts):
                problem(f"expected section heading {heading!r} is not in the article")

    claims = labels["claims"]
    if not isinstance(claims, list):
        problem("claims must be a list")
        claims = []
    if not claims and labels.get("expected_outcome") != "language_not_supported":
        problem("claims is empty (only allowed with expected_outcome: language_not_supported)")
    for n, claim in enumerate(claims, start=1):
        where = f"claim {n}"
        if not isinstance(claim, dict):
            problem(f"{where} is not a mapping")
            continue
        missing = CLAIM_KEYS - claim.keys()
        if missing:
            problem(f"{where} is missing {sorted(missing)}")
            continue
        if not isinstance(claim["text"], str) or not claim["text"].strip():
            problem(f"{where} has no text")
        elif not occurs(claim["text"], texts):
            problem(f"{where} text {claim['text'][:60]!r} does not occur in {excerpt.name}")
        if "row" in claim and not occurs(str(claim["row"]), texts):
            problem(f"{where} row {claim['row']!r} does not occur in {excerpt.name}")
        if claim["code"] is not None and claim["code"] not in codes:
            problem(f"{where} code {claim['code']!r} is not a tracker code")
        for msg in _reading_problems(claim["reading"]):
            problem(f"{where} {msg}")
        if not _is_date_or_null(claim["claim_date"]):
            problem(f"{where} claim_date {claim['claim_date']!r} is not a date or null")
        if claim["verdict"] not in VERDICTS:
            problem(f"{where} verdict {claim['verdict']!r} is not one of {sorted(VERDICTS)}")
        if claim["code"] is None and claim["verdict"] != "not_checkable":
            problem(f"{where} names no tracked place, so its verdict must be not_checkable")
        if claim["truth"] not in (True, False, None):
            problem(f"{where} truth {claim['truth']!r} is not true, false or null")
        if not isinstance(claim["notes"], str):
            problem(f"{where} notes must be text")
    for n, item in enumerate(labels.get("not_claims") or [], start=1):
        if not isinstance(item, dict) or not {"text", "why"} <= item.keys():
            problem(f"not_claim {n} needs text and why")
        elif not occurs(item["text"], texts):
            problem(f"not_claim {n} text {item['text'][:60]!r} does not occur in {excerpt.name}")
    return problems


def article_folders() -> list[Path]:
    return sorted(p for p in ARTICLES.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def codes() -> set[str]:
    return tracker_codes()


@pytest.mark.parametrize("folder", article_folders(), ids=lambda p: p.name)
def test_every_article_label_is_well_formed_and_its_spans_occur_in_the_excerpt(folder, codes):
    assert label_problems(folder, codes) == []


def test_no_two_labelled_articles_are_the_same_page():
    """A page labelled twice would count double, and could lend a studied page to a held-out split."""
    seen: dict[str, str] = {}
    for folder in sorted(p for p in ARTICLES.iterdir() if p.is_dir()):
        url = (safe_load((folder / "labels.yaml").read_text(encoding="utf-8")) or {}).get("url")
        key = (url or "").rstrip("/").lower()
        assert not key or key not in seen, f"{folder.name} and {seen.get(key)} are both {url}"
        seen[key] = folder.name


def test_the_set_has_at_least_24_articles_in_three_formats_and_150_claims():
    folders = article_folders()
    formats = {next(folder.glob("article.*")).suffix for folder in folders}
    claims = sum(
        len(safe_load((f / "labels.yaml").read_text(encoding="utf-8"))["claims"]) for f in folders
    )
    assert len(folders) >= 24
    assert formats == {".html", ".md", ".txt"}
    assert claims >= 150


def test_the_set_covers_every_verdict_and_includes_a_page_in_an_unsupported_language():
    verdicts, outcomes = set(), set()
    for folder in article_folders():
        labels = safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
        verdicts |= {c["verdict"] for c in labels["claims"]}
        outcomes.add(labels.get("expected_outcome"))
    assert verdicts == VERDICTS
    assert "language_not_supported" in outcomes


def _write_good_article(folder: Path) -> None:
    folder.mkdir()
    (folder / "article.txt").write_text(
        "Kratom law\nKratom is not banned in California.\n", encoding="utf-8"
    )
    (folder / "labels.yaml").write_text(
        "slug: sample-article\nurl: https://example.org/a\ntitle: Sample\npublished: 2025-01-02\nlanguage: en\n"
        "format: txt\nkind: news\nmain_jurisdiction: US-CA\nclaims:\n"
        '  - text: "Kratom is not banned in California."\n    code: US-CA\n    reading: {category: not_banned}\n'
        '    claim_date: null\n    verdict: holds\n    truth: true\n    notes: ""\n'
        'expected_sections: ["Kratom law"]\n',
        encoding="utf-8",
    )


def test_a_well_formed_sample_label_has_no_problems(tmp_path, codes):
    folder = tmp_path / "sample-article"
    _write_good_article(folder)
    assert label_problems(folder, codes) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "code: US-CA\n    reading",
            "code: US-ZZ\n    reading",
            "code 'US-ZZ' is not a tracker code",
        ),
        ("verdict: holds", "verdict: supported", "verdict 'supported' is not one of"),
        (
            'text: "Kratom is not banned in California."',
            'text: "Kratom is banned in Texas."',
            "does not occur in article.txt",
        ),
        (
            "reading: {category: not_banned}",
            "reading: {category: forbidden}",
            "reading category 'forbidden'",
        ),
        ("published: 2025-01-02", "published: 2099-01-02", "is in the future"),
        ("format: txt", "format: html", "format 'html' does not match article.txt"),
        ("    truth: true\n", "", "is missing ['truth']"),
        (
            'expected_sections: ["Kratom law"]',
            'expected_sections: ["Legal status"]',
            "'Legal status' is not in the article",
        ),
        ("code: US-CA\n    reading", "code: null\n    reading", "verdict must be not_checkable"),
    ],
)
def test_a_malformed_label_is_reported_with_what_is_wrong(tmp_path, codes, old, new, expected):
    folder = tmp_path / "sample-article"
    _write_good_article(folder)
    labels = folder / "labels.yaml"
    text = labels.read_text(encoding="utf-8")
    assert old in text
    labels.write_text(text.replace(old, new), encoding="utf-8")
    problems = label_problems(folder, codes)
    assert any(expected in p for p in problems), problems
