"""A redline of two 1 MB texts (tracker.reports.redline.redline), timed in a child process with a timeout.

The child makes the texts (untimed) in several shapes and times one redline each, so an algorithm
that goes quadratic shows up as a timeout, not as a hung benchmark.

Shapes: a statute with 1% of its lines amended plus inserted, deleted and moved sections (the
realistic case); every line edited; two unrelated texts; and one 1 MB line with no newlines.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time

from bench import budgets
from bench.budgets import Figure
from bench.context import Ctx

SIZE = 1_000_000
TIMEOUT_S = 60.0
VOCAB = (
    "the",
    "a",
    "of",
    "to",
    "and",
    "or",
    "any",
    "person",
    "shall",
    "not",
    "sell",
    "distribute",
    "possess",
    "kratom",
    "product",
    "mitragynine",
    "7-hydroxymitragynine",
    "dealer",
    "department",
    "rule",
    "section",
    "subsection",
    "under",
    "age",
    "twenty-one",
    "label",
    "serving",
    "alkaloid",
    "fraction",
    "registration",
    "penalty",
    "fine",
    "misdemeanor",
    "violation",
    "county",
    "state",
    "federal",
    "schedule",
    "controlled",
    "substance",
    "means",
)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(VOCAB) for _ in range(words)).capitalize() + "."


def statute(rng: random.Random, size: int = SIZE) -> list[str]:
    """Numbered sections of one to three sentences each, about `size` characters in lines."""
    lines, total, n = [], 0, 0
    while total < size:
        n += 1
        line = (
            f"Sec. {n // 20 + 1}.{n % 20:02d}. "
            + " ".join(_sentence(rng, rng.randint(8, 30)) for _ in range(rng.randint(1, 3)))
            + "\n"
        )
        lines.append(line)
        total += len(line)
    return lines


def _edit_words(rng: random.Random, line: str, share: float) -> str:
    words = line.rstrip("\n").split(" ")
    for i in range(len(words)):
        if rng.random() < share:
            words[i] = rng.choice(VOCAB)
    return " ".join(words) + "\n"


def shapes(seed: int = 11) -> dict[str, tuple[str, str]]:
    rng = random.Random(seed)
    base = statute(rng)
    amended = list(base)
    for i in rng.sample(range(len(amended)), len(amended) // 100):
        amended[i] = _edit_words(rng, amended[i], 0.2)
    for _ in range(20):  # inserted and deleted sections
        at = rng.randrange(len(amended))
        amended.insert(at, "Sec. 99.99. " + _sentence(rng, 25) + "\n")
        del amended[rng.randrange(len(amended))]
    block_at = rng.randrange(len(amended) - 60)
    moved = amended[block_at : block_at + 50]  # a moved block of 50 sections
    del amended[block_at : block_at + 50]
    amended[rng.randrange(len(amended)) : 0] = moved
    every = [_edit_words(rng, line, 0.1) for line in base]
    other = statute(random.Random(seed + 1))
    flat = "".join(base).replace("\n", " ")
    flat_new = "".join(amended).replace("\n", " ")
    old = "".join(base)
    return {
        "amended": (old, "".join(amended)),
        "every_line_edited": (old, "".join(every)),
        "unrelated": (old, "".join(other)),
        "no_newlines": (flat, flat_new),
    }


def _child() -> None:
    """Runs in the child: time one redline per shape; print JSON."""
    try:
        from tracker.reports.redline import redline
    except ImportError as exc:
        print(json.dumps({"error": f"tracker.reports.redline missing ({exc})"}))
        return
    out = {}
    for name, (old, new) in shapes().items():
        started = time.perf_counter()
        result = redline(old, new)
        seconds = time.perf_counter() - started
        out[name] = {
            "seconds": round(seconds, 4),
            "old_bytes": len(old.encode()),
            "new_bytes": len(new.encode()),
            "changed": result.changed,
            "words_deleted": result.words_deleted,
            "words_inserted": result.words_inserted,
            "coarse_blocks": result.coarse_blocks,
        }
        print(json.dumps({name: out[name]}), file=sys.stderr, flush=True)
    print(json.dumps(out))


def redline_1mb(ctx: Ctx) -> list[Figure]:
    name_a = "redline of two 1 MB texts, 1% of lines amended + moves"
    name_b = "redline of two 1 MB texts, worst other shape"
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "from bench.cases.redline import _child; _child()"],
            check=False,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        why = f"did not finish within {TIMEOUT_S:.0f} s (quadratic?)"
        return [
            budgets.failed("redline_amended", name_a, budgets.REDLINE, why),
            budgets.failed("redline_worst", name_b, budgets.REDLINE, why),
        ]
    try:
        data = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        why = f"child failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}"
        return [
            budgets.failed("redline_amended", name_a, budgets.REDLINE, why),
            budgets.failed("redline_worst", name_b, budgets.REDLINE, why),
        ]
    if "error" in data:
        return [
            budgets.failed("redline_amended", name_a, budgets.REDLINE, data["error"]),
            budgets.failed("redline_worst", name_b, budgets.REDLINE, data["error"]),
        ]
    a = data["amended"]
    others = {k: v for k, v in data.items() if k != "amended"}
    worst = max(others, key=lambda k: others[k]["seconds"])
    return [
        Figure(
            "redline_amended",
            name_a,
            budgets.REDLINE,
            value=a["seconds"],
            unit="s",
            detail=f"{a['old_bytes']:,} -> {a['new_bytes']:,} B; -{a['words_deleted']:,}/+{a['words_inserted']:,} words, "
            f"{a['coarse_blocks']} coarse blocks",
            raw=a,
        ),
        Figure(
            "redline_worst",
            name_b,
            budgets.REDLINE,
            value=others[worst]["seconds"],
            unit="s",
            detail=f"worst: {worst}; "
            + ", ".join(f"{k} {v['seconds']:.3f} s" for k, v in others.items()),
            raw=others,
        ),
    ]
