"""The word-level redline: correct ops, bounded work on big texts, nothing but text in the ops."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from tests.factories import examples
from tracker.reports import redline as rl
from tracker.reports.redline import Segment, line_opcodes, redline, tokens, units

# the same markup the jurisdiction page uses, under autoescaping
RENDER = Environment(autoescape=True).from_string(
    "{% for s in segments %}{% if s.kind == 'equal' %}{{ s.text }}{% elif s.kind == 'delete' %}<del>{{ s.text }}</del>"
    "{% elif s.kind == 'insert' %}<ins>{{ s.text }}</ins>{% else %}[{{ s.lines }} unchanged]{% endif %}{% endfor %}"
)


def kinds(result):
    return [(s.kind, s.text) for s in result.segments]


def test_a_changed_word_is_struck_through_and_its_replacement_inserted():
    result = redline(
        "Kratom is legal for adults.\n", "Kratom is banned for adults.\n", context=None
    )
    assert kinds(result) == [
        ("equal", "Kratom is "),
        ("delete", "legal"),
        ("insert", "banned"),
        ("equal", " for adults.\n"),
    ]
    assert (result.words_deleted, result.words_inserted) == (1, 1)
    assert (
        RENDER.render(segments=result.segments)
        == "Kratom is <del>legal</del><ins>banned</ins> for adults.\n"
    )


def test_a_changed_phrase_reads_as_one_deletion_and_one_insertion():
    result = redline(
        "sale to persons under 18 years\n", "sale to persons under 21 years of age\n", context=None
    )
    assert ("delete", "18") in kinds(result)
    assert ("insert", "21") in kinds(result)
    assert ("insert", " of age") in kinds(result)
    one = redline("a b c e\n", "a X Y e\n", context=None)
    assert kinds(one) == [("equal", "a "), ("delete", "b c"), ("insert", "X Y"), ("equal", " e\n")]
    kept = redline("a b c d e\n", "a X c Y e\n", context=None)  # a kept word splits the change
    assert ("equal", " c ") in kinds(kept)


def test_added_and_removed_lines_are_whole_insertions_and_deletions():
    old = "Section 1. Short title.\nSection 2. Definitions.\nSection 3. Penalties.\n"
    new = "Section 1. Short title.\nSection 3. Penalties.\nSection 4. Effective date.\n"
    result = redline(old, new, context=None)
    assert ("delete", "Section 2. Definitions.\n") in kinds(result)
    assert ("insert", "Section 4. Effective date.\n") in kinds(result)
    assert result.old_text() == old and result.new_text() == new


def test_identical_texts_have_no_changes():
    result = redline("same\ntext\n", "same\ntext\n", context=None)
    assert not result.changed
    assert kinds(result) == [("equal", "same\ntext\n")]
    assert not redline("", "").segments


def test_hostile_text_stays_text_and_renders_inert():
    old = "Possession is lawful.\n"
    new = 'Possession is <script>alert("x")</script> unlawful <img src=x onerror=alert(1)>.\n'
    result = redline(old, new, context=None)
    assert all(isinstance(s, Segment) and type(s.text) is str for s in result.segments)
    html = RENDER.render(segments=result.segments)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert html == (
        "Possession is <del>lawful</del><ins>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; unlawful "
        "&lt;img src=x onerror=alert(1)&gt;</ins>.\n"
    )


def test_long_unchanged_stretches_are_folded_around_the_change():
    lines = [f"Line {i} stays the same.\n" for i in range(200)]
    new = list(lines)
    new[100] = "Line 100 is now different.\n"
    result = redline("".join(lines), "".join(new))
    skips = [s for s in result.segments if s.kind == "skip"]
    assert len(skips) == 2
    assert sum(s.lines for s in skips) > 180
    text = RENDER.render(segments=result.segments)
    assert "Line 98 stays" in text and "Line 102 stays" in text and "Line 50 stays" not in text
    assert "<del>stays the same</del><ins>is now different</ins>" in text


def test_the_segments_rebuild_both_texts_exactly_including_odd_line_ends():
    cases = [
        ("a\r\nb\r\nc", "a\r\nB\r\nc\r\n"),
        ("no newline at the end", "no newline at all the end"),
        ("", "new text\n"),
        ("old text\n", ""),
        ("\n\n\n", "\n\nx\n"),
        ("tab\tseparated\u00a0words — “quoted”", "tab\tseparated\u00a0terms — “quoted”"),
    ]
    for old, new in cases:
        result = redline(old, new, context=None)
        assert (result.old_text(), result.new_text()) == (old, new)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["kratom ", "is ", "banned", "legal", ". ", "\n", "7-OH ", "<b>", "x", " "]
        ),
        max_size=40,
    ),
    st.lists(
        st.sampled_from(
            ["kratom ", "is ", "banned", "legal", ". ", "\n", "7-OH ", "<b>", "y", " "]
        ),
        max_size=40,
    ),
)
def test_any_two_texts_are_rebuilt_from_their_redline(a, b):
    old, new = "".join(a), "".join(b)
    result = redline(old, new, context=None)
    assert result.old_text() == old and result.new_text() == new
    assert all(s.text for s in result.segments)


def _statute(rng: random.Random, n_lines: int) -> list[str]:
    words = [
        "kratom",
        "shall",
        "person",
        "mitragynine",
        "section",
        "sell",
        "distribute",
        "minor",
        "the",
        "of",
        "7-hydroxymitragynine",
        "schedule",
        "penalty",
        "not",
        "exceed",
        "dollars",
        "department",
        "product",
    ]
    return [
        f"§ {i}. " + " ".join(rng.choice(words) for _ in range(rng.randint(6, 18))) + ".\n"
        for i in range(n_lines)
    ]


def test_two_one_megabyte_texts_are_diffed_correctly():
    rng = random.Random(5)
    old_lines = _statute(rng, 12000)
    old = "".join(old_lines)
    assert len(old) > 1_000_000
    new_lines = list(old_lines)
    for i in range(0, len(new_lines), 40):  # a word changed in every 40th line
        new_lines[i] = new_lines[i].replace(".\n", " as amended.\n")
    del new_lines[5000:5010]  # a block removed
    new_lines[8000:8000] = [
        f"§ 8000.{k}. A new subsection on 7-OH products.\n" for k in range(5)
    ]  # a block added
    new = "".join(new_lines)

    result = redline(old, new, context=None)

    assert result.old_text() == old and result.new_text() == new
    inserted = [s.text for s in result.segments if s.kind == "insert"]
    deleted = [s.text for s in result.segments if s.kind == "delete"]
    assert sum(t == " as amended" for t in inserted) >= 290  # word-level, not whole lines
    assert "".join(deleted).count("§ 500") == 10  # the removed block (§ 5000–§ 5009) is struck
    assert "".join(inserted).count("A new subsection on 7-OH products.") == 5
    assert result.coarse_blocks == 0

    folded = redline(old, new)
    assert any(s.kind == "skip" for s in folded.segments)
    assert sum(len(s.text) for s in folded.segments) < len(new) / 3


def test_a_megabyte_without_line_breaks_and_an_unrelated_rewrite_stay_correct():
    rng = random.Random(11)
    old = " ".join(line.strip() for line in _statute(rng, 12000))
    new = old.replace("penalty", "fine", 50)
    result = redline(old, new, context=None)
    assert (result.old_text(), result.new_text()) == (old, new)
    assert result.words_deleted >= 50 and result.words_inserted >= 50

    unrelated = "".join(_statute(random.Random(12), 12000))
    rewrite = redline(old, unrelated, context=None)
    assert (rewrite.old_text(), rewrite.new_text()) == (old, unrelated)


def test_a_changed_block_over_the_cap_falls_back_to_whole_lines():
    old = "".join(f"alpha {i} beta\n" for i in range(50))
    new = "".join(f"gamma {i} delta\n" for i in range(50))
    fine = redline(old, new, context=None)
    coarse = redline(old, new, context=None, word_cap=20)
    assert fine.coarse_blocks == 0 and coarse.coarse_blocks == 1
    assert kinds(coarse) == [("delete", old), ("insert", new)]
    assert (fine.old_text(), fine.new_text()) == (old, new)


def test_units_and_tokens_cut_text_without_losing_a_character():
    long_line = "word " * 1000 + "\n"
    assert "".join(units(long_line)) == long_line
    assert max(len(u) for u in units(long_line)) <= rl.MAX_UNIT + 10
    text = "R.S. 40:989.3 — isn't <b>bold</b>\n"
    assert "".join(tokens(text)) == text


def test_line_opcodes_cover_both_sides_in_order():
    a = ["x\n", "a\n", "b\n", "c\n", "a\n", "d\n"]
    b = ["a\n", "b\n", "z\n", "c\n", "a\n", "d\n", "e\n"]
    ops = line_opcodes(a, b)
    assert ops[0][1] == 0 and ops[0][3] == 0 and ops[-1][2] == len(a) and ops[-1][4] == len(b)
    for (_, _, i2, _, j2), (_, i1, _, j1, _) in zip(ops, ops[1:]):
        assert (i2, j2) == (i1, j1)
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
