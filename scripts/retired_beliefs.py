#!/usr/bin/env python3
"""Write each jurisdiction's `superseded:` list: the beliefs an earlier release stated that the
current dataset no longer states, and fix the recorded_on of the current periods (docs/DATA.md,
"Reproducible knowledge").

It compares every jurisdiction's periods at the git commit of the earlier release with the files
in the working tree, by what a period asserts (PeriodInput.assertion: its boundaries with their
precision and its codebook attributes; citations, words and confidence do not count):

- a current period that the earlier release stated already keeps that release's recorded_on
  (the earlier file's own recorded_on, or --release-date for a release before schema v2);
- a current period that the earlier release did not state gets the new release's date
  (--new-release-date, default the as_of of dataset.yaml);
- an earlier period that no current period states is appended to `superseded:` exactly as that
  release stated it (citation kinds renamed as migration 0005 renamed them in every install),
  with its recorded_on, superseded_on = the new release's date and a reason naming what changed.

Idempotent: an entry already in `superseded:` (same assertion and recorded_on) is not added
again and a right recorded_on is not touched, so a second run changes nothing. Files are edited
in place as text (one scalar replaced, one block appended), so comments and formatting stay.

    python scripts/retired_beliefs.py --release-commit 70e471f --release-date 2026-11-27
    python scripts/retired_beliefs.py ... --dry-run     # print what it would change, write nothing
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tracker.status import codebook, dataset  # noqa: E402 (after the checkout is on sys.path)
from tracker.status.periods import ASSERTION_FIELDS, PeriodInput, overlaps  # noqa: E402

# dates a period or a citation states, written back unquoted when they are plain days
_DATE_KEYS = {"effective_from", "effective_to", "enacted_on", "verified_on", "recorded_on"}
# the order keys are written in (docs/DATA-FORMAT.md); anything else follows in its own order
_KEY_ORDER = (
    "effective_from",
    "effective_to",
    "enacted_on",
    "leaf",
    "seven_oh",
    "seven_oh_threshold",
    "min_age",
    "licensing",
    "labelling",
    "substances",
    "summary",
    "notes",
    "confidence",
    "verified_on",
    "recorded_on",
    "superseded_on",
    "reason",
    "official_search",
    "citations",
)


@dataclass
class FileChange:
    code: str
    path: Path
    recorded_on: list[tuple[int, str, str]] = field(default_factory=list)  # (index, old, new)
    added: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.recorded_on or self.added)


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _day(value: object) -> object:
    """A plain YYYY-MM-DD text as a date (written unquoted); anything else as it is."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def as_stated(raw: dict, recorded_on: date, superseded_on: date, reason: str) -> dict:
    """A superseded entry: the earlier release's period, its keys in the documented order."""
    entry = {k: _day(v) if k in _DATE_KEYS else v for k, v in raw.items()}
    for k in ("summary", "notes"):
        if isinstance(entry.get(k), str):
            entry[k] = entry[k].strip()
    if isinstance(entry.get("substances"), list):
        entry["substances"] = _Inline(entry["substances"])
    entry["recorded_on"] = recorded_on
    entry["superseded_on"] = superseded_on
    entry["reason"] = reason
    entry["citations"] = [
        {
            **{k: _day(v) if k == "accessed" else v for k, v in c.items()},
            "kind": codebook.RENAMED_CITATION_KINDS.get(c.get("kind"), c.get("kind")),
        }
        for c in raw.get("citations") or []
    ]
    order = {k: i for i, k in enumerate(_KEY_ORDER)}
    return dict(sorted(entry.items(), key=lambda kv: order.get(kv[0], len(order))))


def _words(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(value) + "]"
    return str(value)


def why(old: PeriodInput, current: list[PeriodInput], new_date: date) -> str:
    """A short reason: what the current period covering the old one's time says differently."""
    covering = [
        p
        for p in current
        if overlaps(p.effective_from, p.effective_to, old.effective_from, old.effective_to)
    ]
    if not covering:
        return f"dropped by release {new_date}"
    now = covering[0]
    changed = [
        f"{name} {_words(a)} -> {_words(b)}"
        for name, a, b in zip(ASSERTION_FIELDS, old.assertion(), now.assertion())
        if a != b and not name.endswith("_edtf")
    ] or [
        f"{name} changed"
        for name, a, b in zip(ASSERTION_FIELDS, old.assertion(), now.assertion())
        if a != b
    ]
    extra = f" (and {len(covering) - 1} more period(s))" if len(covering) > 1 else ""
    return f"restated by release {new_date}: " + "; ".join(changed) + extra


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as the dataset files write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ARG002
        return super().increase_indent(flow, False)


class _Inline(list):
    """A list of plain words written on one line (`substances: [kratom, mitragynine]`)."""


_Dumper.add_representer(
    _Inline, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def dump_entries(entries: list[dict]) -> str:
    text = yaml.dump(
        entries,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return "".join(f"  {line}\n" if line else "\n" for line in text.splitlines())


def plan(
    repo: Path, data: Path, commit: str, release_date: date, new_date: date
) -> list[FileChange]:
    """What to change, file by file (nothing is written)."""
    top = Path(git(repo, "rev-parse", "--show-toplevel").strip())
    rel = data.resolve().relative_to(top.resolve()) / "jurisdictions"
    old_raw: dict[str, list[dict]] = {}
    for name in git(top, "ls-tree", "-r", "--name-only", commit, "--", str(rel)).split():
        if not name.endswith(".yaml"):
            continue
        raw = yaml.load(git(top, "show", f"{commit}:{name}"), Loader=dataset.SAFE_LOADER)
        old_raw[str(raw["code"])] = list(raw.get("periods") or [])
    changes = []
    current_files = dataset.dataset_files(data)
    seen = set()
    for path in current_files:
        f = dataset.parse_file(path)
        seen.add(f.code)
        change = FileChange(f.code, path)
        old = []  # (PeriodInput, its release's recorded_on, the raw period)
        for i, raw in enumerate(old_raw.get(f.code, [])):
            stated = dict(raw)
            recorded = stated.get("recorded_on") or release_date
            entry = as_stated(stated, _day(str(recorded)), new_date, "-")
            old.append((dataset.superseded_entry(entry, i).period, entry["recorded_on"], raw))
        by_assertion = {p.assertion(): rec for p, rec, _ in old}
        for i, p in enumerate(f.periods):
            want = by_assertion.get(p.assertion(), new_date)
            if p.recorded_on != want:
                change.recorded_on.append((i, p.recorded_on.isoformat(), want.isoformat()))
        have = {(s.period.assertion(), s.period.recorded_on) for s in f.superseded}
        stated_now = {p.assertion() for p in f.periods}
        for p, recorded, raw in old:
            if p.assertion() in stated_now or (p.assertion(), recorded) in have:
                continue
            change.added.append(as_stated(raw, recorded, new_date, why(p, f.periods, new_date)))
        if change.changed:
            changes.append(change)
    for code in sorted(set(old_raw) - seen):
        print(f"warning: {code} had a file at {commit} but has none now; nothing written for it")
    return changes


def _top_level(text: str) -> yaml.MappingNode:
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise SystemExit("not a mapping")
    return node


def apply(change: FileChange) -> None:
    """Edit the file as text: replace recorded_on scalars, append the superseded entries."""
    text = change.path.read_text(encoding="utf-8")
    top = _top_level(text)
    keys = {k.value: (n, k, v) for n, (k, v) in enumerate(top.value)}
    edits = []  # (start, end, replacement) on the original text
    periods = keys["periods"][2]
    for i, _old, new in change.recorded_on:
        item = periods.value[i]
        value = next(v for k, v in item.value if k.value == "recorded_on")
        edits.append((value.start_mark.index, value.end_mark.index, new))
    if change.added:
        block = dump_entries(change.added)
        if "superseded" in keys:
            n, key, value = keys["superseded"]
            if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
                if n + 1 < len(top.value):  # insert before the next top-level key's line
                    nxt = top.value[n + 1][0].start_mark
                    at = nxt.index - nxt.column
                else:
                    at = len(text)
                edits.append((at, at, block))
            else:  # `superseded: []` or empty: the block replaces the value
                edits.append(
                    (value.start_mark.index, value.end_mark.index, "\n" + block.rstrip("\n"))
                )
        else:
            head = "" if text.endswith("\n") else "\n"
            header = (
                "superseded:   # beliefs earlier releases stated and a later one gave up "
                "(docs/DATA-FORMAT.md)\n"
            )
            edits.append((len(text), len(text), head + header + block))
    for start, end, new in sorted(edits, reverse=True):
        if start == len(text) and end == len(text) and not text.endswith("\n") and new[0] != "\n":
            new = "\n" + new
        text = text[:start] + new + text[end:]
    change.path.write_text(text, encoding="utf-8")
    dataset.parse_file(change.path)  # the edited file must still load (raises naming the field)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--release-commit", required=True, help="git commit of the earlier release")
    ap.add_argument(
        "--release-date",
        required=True,
        type=date.fromisoformat,
        help="that release's date: recorded_on of its periods that carry none (before schema v2)",
    )
    ap.add_argument(
        "--new-release-date",
        type=date.fromisoformat,
        help="the release being cut (default: as_of in dataset.yaml)",
    )
    ap.add_argument(
        "--data", type=Path, default=ROOT / "tracker" / "data", help="the dataset folder"
    )
    ap.add_argument("--dry-run", action="store_true", help="print the changes, write nothing")
    args = ap.parse_args(argv)
    new_date = args.new_release_date or dataset.dataset_meta(args.data)["as_of"]
    if new_date <= args.release_date:
        ap.error("the new release must be after the earlier one")
    changes = plan(args.data, args.data, args.release_commit, args.release_date, new_date)
    for c in changes:
        for i, old, new in c.recorded_on:
            print(f"{c.code}: periods[{i}].recorded_on {old} -> {new}")
        for e in c.added:
            print(
                f"{c.code}: superseded += {e.get('effective_from') or 'open'}.."
                f"{e.get('effective_to') or 'open'} {e['leaf']}/{e['seven_oh']} "
                f"(recorded_on {e['recorded_on']}): {e['reason']}"
            )
        if not args.dry_run:
            apply(c)
    print(
        f"{'would change' if args.dry_run else 'changed'} {len(changes)} file(s): "
        f"{sum(len(c.recorded_on) for c in changes)} recorded_on fixed, "
        f"{sum(len(c.added) for c in changes)} superseded entries added"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
