"""Table rows in article text (issue #14): cells and header columns."""

from __future__ import annotations

from tracker.articles.tables import header_columns, row_cells, spans_columns


def test_a_row_s_cells_are_the_words_between_its_bars_offset_into_the_text():
    line = "| a | bc |"
    cells = row_cells(line, 10)
    assert cells == [(12, 13), (16, 18)]
    assert [line[a - 10 : b - 10] for a, b in cells] == ["a", "bc"]


def test_an_empty_cell_is_an_empty_span():
    assert row_cells("| Texas |  |", 0) == [(2, 7), (11, 11)]


def test_a_row_without_empty_cells_spans_no_columns():
    text = "| Texas | Legal |"
    assert spans_columns(text, row_cells(text, 0), len(text), lambda a, b: []) is False


def test_a_header_row_with_one_status_at_most_has_no_status_columns():
    text = "| State | Notes |"
    assert header_columns(text, row_cells(text, 0), [], None) == []
