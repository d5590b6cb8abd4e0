"""Tables in article text (issue #14): the cells of a "| ... |" row, whether a row spans
columns, the reading each header column carries, and the places listed under a status column."""

from __future__ import annotations

import re

from tracker.articles.places import Mention
from tracker.articles.predicates import predicate


def row_cells(line: str, base: int) -> list[tuple[int, int]]:
    """(start, end) of each cell of a stored table row '| a | b |'."""
    cells, pos = [], 0
    parts = line.split("|")
    pos = len(parts[0]) + 1
    for part in parts[1:-1]:
        a = pos + (len(part) - len(part.lstrip()))
        b = pos + len(part.rstrip())
        cells.append((base + a, base + max(a, b)))
        pos += len(part) + 1
    return cells


def spans_columns(text: str, cells: list[tuple[int, int]], row_end: int, places) -> bool:
    """A row of group names over the header row below it ("| United States |  | Mississippi Bans
    |  |"): some of its cells are empty, spanned by the name on their left, and the next row is a
    header (its first cell is words like "Statewide Bans" that name no place)."""
    if not any(b == a for a, b in cells[1:]):
        return False
    nxt = re.compile(r"\n*(\| [^\n]*)").match(text, row_end, row_end + 2000)
    if not nxt:
        return False
    head = row_cells(nxt[1], nxt.start(1))
    return bool(head) and head[0][1] > head[0][0] and not places(*head[0])


def header_columns(
    text: str, cells: list[tuple[int, int]], above: list[dict | None], lead: dict | None
) -> list[dict | None]:
    """Each column's reading from a header row: its own words ("City Bans"), else the group name
    spanning it from the left or the row above ("Mississippi Bans" over "Counties"), else what
    the lead-in or heading says of the whole table. No columns unless two carry a status."""
    out: list[dict | None] = []
    for i, (a, b) in enumerate(cells):
        r = predicate(text, a, b)[0] if b > a else None
        if r is not None and "category" not in r:
            r = None
        if r is None and b == a and out:
            r = out[-1]  # an empty cell: spanned by the one on its left
        if r is None and i < len(above):
            r = above[i]
        out.append(r)
    if sum(r is not None for r in out) < 2:
        return []  # one status column at most: an ordinary table of places and statuses
    return [r if r is not None or b == a else lead for r, (a, b) in zip(out, cells, strict=True)]


def column_places(text, cells, columns, places) -> list[tuple[int, Mention, dict]]:
    """(column, place, reading) of each cell that is only a place (perhaps with its state after it,
    "Alton, IL"), in a column whose header carries a status. A cell with a footnote mark
    ("Ripley, MS*") has a qualified status and is left out, and a town the tracker lacks
    ("Parker, CO") names no place: its state is only where it lies."""
    out = []
    for i, (a, b) in enumerate(cells):
        if i >= len(columns) or columns[i] is None or b == a or "*" in text[a:b]:
            continue
        found = places(a, b)
        if not found or found[0].start != a:
            continue
        tail = "".join(
            ch
            for k, ch in enumerate(text[found[0].end : b], start=found[0].end)
            if not any(p.start <= k < p.end for p in found[1:])
        )
        if re.fullmatch(r"[\s,.]*(?:[A-Z]{2})?[\s,.]*", tail):
            out.append((i, found[0], columns[i]))
    return out
