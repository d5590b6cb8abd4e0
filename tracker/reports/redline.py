"""Word-level redlines between two texts, in the legislative style, with a bounded cost.

``redline(old, new)`` returns a list of :class:`Segment` (equal / delete / insert / skip) that a
template renders with autoescaping: deleted words inside ``<del>``, inserted words inside ``<ins>``.
Nothing here produces markup, so hostile text (``<script>``) stays inert text.

The cost is bounded so two 1 MB texts never go quadratic:

1. the texts are cut into lines (very long lines are cut again at whitespace, so a text without
   newlines still has many units); whole lines are matched by lines that occur once on each side
   (patience diff: common prefix and suffix, then the longest chain of unique lines in
   O(n log n)), with ``difflib`` only inside small gaps between those anchors;
2. only inside a changed block of lines are words compared, and only when the block is small
   (at most ``WORD_CAP`` tokens on each side) and the redline's word budget (``WORD_BUDGET``
   tokens) is not spent; any other changed block falls back to whole-line deletion and
   insertion, which is correct, only coarser.

Every segment carries the exact text, so joining the equal and deleted segments gives the old
text back and joining the equal and inserted segments gives the new one (the tests check it).
"""

from __future__ import annotations

import bisect
import difflib
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import Content, Document, Snapshot, StatusPeriod

Kind = Literal["equal", "delete", "insert", "skip"]

#: A changed block is compared word by word only if each side has at most this many tokens.
WORD_CAP = 1000
#: Word-level work per redline: once blocks totalling this many tokens were compared word by
#: word, the remaining changed blocks are shown as whole lines (bounds the worst case).
WORD_BUDGET = 60_000
#: Lines longer than this are cut at whitespace into pieces of about this size.
MAX_UNIT = 400
#: Unchanged lines kept around a change when long unchanged runs are folded.
CONTEXT = 2

_TOKEN = re.compile(r"\s+|\w+(?:[-'’.]\w+)*|[^\w\s]")
_LONG_BREAK = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    """One run of text: kept (equal), struck (delete), added (insert), or folded (skip)."""

    kind: Kind
    text: str = ""
    lines: int = 0  # for skip: how many unchanged lines are folded away


@dataclass
class Redline:
    """A redline between two texts, with counts a page can show."""

    segments: list[Segment] = field(default_factory=list)
    words_deleted: int = 0
    words_inserted: int = 0
    coarse_blocks: int = 0  # changed blocks too large for a word diff, shown as whole lines

    @property
    def changed(self) -> bool:
        return any(s.kind in ("delete", "insert") for s in self.segments)

    def old_text(self) -> str:
        """The old text, rebuilt from the segments (only complete when nothing was folded)."""
        return "".join(s.text for s in self.segments if s.kind in ("equal", "delete"))

    def new_text(self) -> str:
        """The new text, rebuilt from the segments (only complete when nothing was folded)."""
        return "".join(s.text for s in self.segments if s.kind in ("equal", "insert"))


def units(text: str) -> list[str]:
    """Lines with their line ends kept; long lines cut at whitespace. ''.join(units(t)) == t."""
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if len(line) <= MAX_UNIT:
            out.append(line)
            continue
        start = 0
        while len(line) - start > MAX_UNIT:
            m = _LONG_BREAK.search(line, start + MAX_UNIT)
            if m is None or m.end() >= len(line):
                break
            out.append(line[start : m.end()])
            start = m.end()
        out.append(line[start:])
    return out


def tokens(text: str) -> list[str]:
    """Words, punctuation marks and runs of whitespace; ''.join(tokens(t)) == t."""
    return _TOKEN.findall(text)


def _word_diff(old: list[str], new: list[str]) -> list[Segment]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=len(new) >= 200)
    out: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Segment("equal", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            out.append(Segment("delete", "".join(old[i1:i2])))
        if j2 > j1:
            out.append(Segment("insert", "".join(new[j1:j2])))
    return _tidy(out)


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Fold 'del A, ins B, (spaces), del C, ins D' into 'del A C, ins B D' so phrases read whole."""
    out: list[Segment] = []
    i = 0
    while i < len(segments):
        s = segments[i]
        if s.kind == "equal" or not s.text:
            out.append(s)
            i += 1
            continue
        deleted, inserted = [], []
        while i < len(segments):
            s = segments[i]
            if s.kind == "delete":
                deleted.append(s.text)
            elif s.kind == "insert":
                inserted.append(s.text)
            elif (
                s.kind == "equal"
                and s.text.isspace()
                and "\n" not in s.text
                and i + 1 < len(segments)
                and segments[i + 1].kind != "equal"
            ):
                deleted.append(s.text)
                inserted.append(s.text)
            else:
                break
            i += 1
        if deleted:
            out.append(Segment("delete", "".join(deleted)))
        if inserted:
            out.append(Segment("insert", "".join(inserted)))
    return _merge(out)


def _merge(segments: Iterable[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if not s.text and s.kind != "skip":
            continue
        if out and out[-1].kind == s.kind and s.kind != "skip":
            out[-1] = Segment(s.kind, out[-1].text + s.text)
        else:
            out.append(s)
    return out


def _fold(segments: list[Segment], context: int) -> list[Segment]:
    """Replace the middle of long unchanged runs by a skip segment counting the folded lines."""
    out: list[Segment] = []
    last = len(segments) - 1
    for index, s in enumerate(segments):
        if s.kind != "equal":
            out.append(s)
            continue
        lines = s.text.splitlines(keepends=True)
        keep_head = 0 if index == 0 else context + 1  # finish the changed line, then context lines
        keep_tail = (
            0 if index == last else context + 1
        )  # context lines, then the changed line's start
        if len(lines) <= keep_head + keep_tail + 1:
            out.append(s)
            continue
        head, tail = lines[:keep_head], lines[len(lines) - keep_tail :] if keep_tail else []
        if head:
            out.append(Segment("equal", "".join(head)))
        out.append(Segment("skip", lines=len(lines) - len(head) - len(tail)))
        if tail:
            out.append(Segment("equal", "".join(tail)))
    return out


#: A gap of lines this small (product of both sides) is matched by difflib directly.
SMALL_GAP = 40_000
#: How deep the unique-line (patience) matching may recurse before it calls a gap unmatched.
MAX_DEPTH = 40


def _unique_anchors(
    a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines that occur exactly once on each side, in the longest order-preserving chain (patience)."""
    count_a: dict[str, int] = {}
    for i in range(alo, ahi):
        count_a[a[i]] = count_a.get(a[i], 0) + 1
    where_b: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for j in range(blo, bhi):
        count_b[b[j]] = count_b.get(b[j], 0) + 1
        where_b[b[j]] = j
    pairs = [
        (i, where_b[a[i]]) for i in range(alo, ahi) if count_a[a[i]] == 1 and count_b.get(a[i]) == 1
    ]
    # longest increasing subsequence of the b positions (patience sorting), O(n log n)
    tails: list[int] = []  # index into pairs of the smallest tail of each length
    back: list[int] = [-1] * len(pairs)
    tail_js: list[int] = []
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tail_js, j)
        if pos == len(tail_js):
            tail_js.append(j)
            tails.append(k)
        else:
            tail_js[pos] = j
            tails[pos] = k
        back[k] = tails[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tails[-1] if tails else -1
    while k != -1:
        chain.append(pairs[k])
        k = back[k]
    chain.reverse()
    return chain


def _match(
    a: list[str],
    b: list[str],
    alo: int,
    ahi: int,
    blo: int,
    bhi: int,
    out: list[tuple[int, int]],
    depth: int,
) -> None:
    """Append matched (i, j) line pairs between a[alo:ahi] and b[blo:bhi], in order."""
    suffix: list[tuple[int, int]] = []
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        out.append((alo, blo))
        alo, blo = alo + 1, blo + 1
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi, bhi = ahi - 1, bhi - 1
        suffix.append((ahi, bhi))
    if alo < ahi and blo < bhi and not set(a[alo:ahi]).isdisjoint(b[blo:bhi]):
        if (ahi - alo) * (bhi - blo) <= SMALL_GAP:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                out.extend((alo + i + k, blo + j + k) for k in range(size))
        elif depth < MAX_DEPTH:
            i0, j0 = alo, blo
            for i, j in _unique_anchors(a, b, alo, ahi, blo, bhi):
                if i < i0 or j < j0:
                    continue  # already matched while extending the previous anchor
                _match(a, b, i0, i, j0, j, out, depth + 1)
                out.append((i, j))
                i0, j0 = i + 1, j + 1
            if (i0, j0) != (alo, blo):
                _match(a, b, i0, ahi, j0, bhi, out, depth + 1)
            # no anchors at all: the gap stays unmatched (a whole-block replacement)
    out.extend(reversed(suffix))


def line_opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib-style opcodes between two lists of lines, without difflib's worst case on big inputs."""
    pairs: list[tuple[int, int]] = []
    _match(a, b, 0, len(a), 0, len(b), pairs, 0)
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    k = 0
    while k < len(pairs):
        pi, pj = pairs[k]
        if i < pi or j < pj:
            tag = "replace" if i < pi and j < pj else ("delete" if i < pi else "insert")
            ops.append((tag, i, pi, j, pj))
        run = 1
        while k + run < len(pairs) and pairs[k + run] == (pi + run, pj + run):
            run += 1
        ops.append(("equal", pi, pi + run, pj, pj + run))
        i, j = pi + run, pj + run
        k += run
    if i < len(a) or j < len(b):
        tag = "replace" if i < len(a) and j < len(b) else ("delete" if i < len(a) else "insert")
        ops.append((tag, i, len(a), j, len(b)))
    return ops


def redline(
    old: str,
    new: str,
    *,
    context: int | None = CONTEXT,
    word_cap: int = WORD_CAP,
    word_budget: int = WORD_BUDGET,
) -> Redline:
    """The redline from old to new; context=None keeps every unchanged line (no folding)."""
    old, new = old or "", new or ""
    budget = word_budget
    a, b = units(old), units(new)
    result = Redline()
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in line_opcodes(a, b):
        if tag == "equal":
            segments.append(Segment("equal", "".join(a[i1:i2])))
            continue
        old_block, new_block = "".join(a[i1:i2]), "".join(b[j1:j2])
        # each word brings at least one more token (the space after it): skip tokenising big blocks
        small = (
            tag == "replace"
            and budget > 0
            and max(len(old_block), len(new_block)) <= word_cap * 12
            and max(len(old_block.split()), len(new_block.split())) * 2 <= word_cap + 1
        )
        old_tokens, new_tokens = (tokens(old_block), tokens(new_block)) if small else ([], [])
        if small and len(old_tokens) <= word_cap and len(new_tokens) <= word_cap:
            budget -= len(old_tokens) + len(new_tokens)
            block = _word_diff(old_tokens, new_tokens)
        else:
            if tag == "replace":
                result.coarse_blocks += 1
            block = [Segment("delete", old_block), Segment("insert", new_block)]
        segments.extend(block)
    segments = _merge(segments)
    for s in segments:
        if s.kind == "delete":
            result.words_deleted += len(s.text.split())
        elif s.kind == "insert":
            result.words_inserted += len(s.text.split())
    result.segments = _fold(segments, context) if context is not None else segments
    return result


# ---------------------------------------------------------------------------------------------
# Source snapshots of one jurisdiction, with redlines between consecutive snapshots

#: Redlines are pure functions of two immutable contents (keyed by sha256): keep a few.
_CACHE: OrderedDict[tuple[str, str, int | None], Redline] = OrderedDict()
CACHE_SIZE = 32
_LOCK = threading.Lock()
#: Consecutive pairs diffed per document on a page (older ones are listed, not diffed).
PAIRS_PER_DOCUMENT = 5


@dataclass
class SnapshotPair:
    before: Snapshot
    after: Snapshot
    redline: Redline


@dataclass
class DocumentSnapshots:
    document: Document
    snapshots: list[Snapshot]  # newest first
    pairs: list[SnapshotPair]  # newest first
    sizes: dict[str, int]  # content sha256 -> bytes
    periods: dict[int, StatusPeriod]  # period id -> period, for snapshots that support one
    not_diffed: int = 0


def cached_redline(
    old_sha: str, new_sha: str, texts: dict[str, str], context: int | None = CONTEXT
) -> Redline:
    """The redline between two stored contents, remembered by their sha256 (contents never change)."""
    key = (old_sha, new_sha, context)
    with _LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit
    result = redline(texts[old_sha], texts[new_sha], context=context)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def document_snapshots(
    session: Session,
    jurisdiction_id: int,
    known_at: datetime | None = None,
    pairs_per_document: int = PAIRS_PER_DOCUMENT,
) -> list[DocumentSnapshots]:
    """Every watched document of a jurisdiction with its snapshots (those fetched before known_at,
    when given) and redlines between the latest consecutive ones."""
    docs = list(
        session.scalars(
            select(Document)
            .where(Document.jurisdiction_id == jurisdiction_id)
            .order_by(Document.id)
        )
    )
    if not docs:
        return []
    snaps = list(
        session.scalars(
            select(Snapshot)
            .where(
                Snapshot.document_id.in_([d.id for d in docs]),
                *([Snapshot.fetched_at < known_at] if known_at else []),
            )
            .order_by(Snapshot.fetched_at, Snapshot.id)
        )
    )
    by_doc: dict[int, list[Snapshot]] = {}
    for s in snaps:
        by_doc.setdefault(s.document_id, []).append(s)
    shas = sorted({s.content_sha256 for s in snaps})
    sizes = (
        dict(
            session.execute(select(Content.sha256, Content.size).where(Content.sha256.in_(shas)))
            .tuples()
            .all()
        )
        if shas
        else {}
    )
    period_ids = sorted({s.period_id for s in snaps if s.period_id is not None})
    periods = (
        {
            p.id: p
            for p in session.scalars(select(StatusPeriod).where(StatusPeriod.id.in_(period_ids)))
        }
        if period_ids
        else {}
    )
    wanted: list[tuple[Document, list[tuple[Snapshot, Snapshot]], int]] = []
    need: set[str] = set()
    done: dict[tuple[str, str, int | None], Redline] = {}
    for d in docs:
        seq = by_doc.get(d.id, [])
        if known_at is not None and not seq:
            continue  # not yet watched on that date
        consecutive = [(a, b) for a, b in pairwise(seq) if a.content_sha256 != b.content_sha256]
        shown = consecutive[-pairs_per_document:] if pairs_per_document else []
        for a, b in shown:
            key = (a.content_sha256, b.content_sha256, CONTEXT)
            if key in _CACHE:
                done[key] = _CACHE[key]  # held here, so a later eviction cannot lose it
            else:
                need.update(key[:2])
        wanted.append((d, shown, len(consecutive) - len(shown)))
    texts = (
        dict(
            session.execute(
                select(Content.sha256, Content.text).where(Content.sha256.in_(sorted(need)))
            )
            .tuples()
            .all()
        )
        if need
        else {}
    )
    out = []
    for d, shown, not_diffed in wanted:
        pairs = []
        for a, b in reversed(shown):
            key = (a.content_sha256, b.content_sha256, CONTEXT)
            if key not in done:
                done[key] = cached_redline(a.content_sha256, b.content_sha256, texts)
            pairs.append(SnapshotPair(a, b, done[key]))
        out.append(
            DocumentSnapshots(
                document=d,
                snapshots=list(reversed(by_doc.get(d.id, []))),
                pairs=pairs,
                sizes=sizes,
                periods=periods,
                not_diffed=not_diffed,
            )
        )
    return out
