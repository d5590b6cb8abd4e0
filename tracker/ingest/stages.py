"""A bill's stage, derived from its actions by a rule table, and its intent from its text."""

from __future__ import annotations

import re
from typing import Iterable, Protocol

STAGES = ("introduced", "in_committee", "passed_one", "passed_both", "enacted", "vetoed", "failed", "dead")

# (stage, Open States action classifications, description pattern). Checked for every action in
# order; a later action can move a bill forward, and "vetoed"/"failed" are final unless a later
# action enacts it (a veto override, a bill revived).
ACTION_RULES: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...] = (
    ("enacted", frozenset({"became-law", "executive-signature"}),
     re.compile(r"signed by (the )?governor|became law|approved by (the )?governor|chaptered|became (public|private) law|act no\.?\s*\d+|veto overridden", re.I)),
    ("vetoed", frozenset({"executive-veto"}), re.compile(r"\bvetoed\b", re.I)),
    ("failed", frozenset({"failure", "withdrawal"}), re.compile(r"\b(failed|died|indefinitely postponed|withdrawn)\b", re.I)),
    ("passed_both", frozenset({"passage-both", "enrolled"}), re.compile(r"\benrolled\b|sent to (the )?governor|presented to (the )?governor", re.I)),
    ("passed_one", frozenset({"passage"}), re.compile(r"\bpassed\b|\bengrossed\b|third reading.*\b(adopted|passed)\b", re.I)),
    ("in_committee", frozenset({"referral-committee", "committee-passage", "committee-failure"}), re.compile(r"referred to|committee", re.I)),
    ("introduced", frozenset({"introduction", "filing", "reading-1"}), re.compile(r"introduced|prefiled|first reading|read first time", re.I)),
)
ORDER = {s: i for i, s in enumerate(("introduced", "in_committee", "passed_one", "passed_both", "enacted"))}
# Bill.status_hint from the scrapers (their stage vocabulary, scrapers/common.py) maps to ours.
STATUS_HINTS = {"prefiled": "introduced", "introduced": "introduced", "in_committee": "in_committee",
                "passed_chamber": "passed_one", "passed": "passed_both", "enacted": "enacted",
                "vetoed": "vetoed", "failed": "failed", "dead": "dead"}


class ActionLike(Protocol):
    description: str
    classification: Iterable[str]


def _stage_of(action: ActionLike) -> str | None:
    classes = set(action.classification or ())
    for stage, names, pattern in ACTION_RULES:
        if classes & names or pattern.search(action.description or ""):
            return stage
    return None


def derive_stage(actions: Iterable[ActionLike], status_hint: str | None = None) -> str:
    """The furthest stage the actions reach; a source's own status code wins when it is final."""
    stage = "introduced"
    passages = 0
    for action in actions:
        found = _stage_of(action)
        if found == "passed_one":
            passages += 1
            found = "passed_both" if passages >= 2 else "passed_one"
        if found is None:
            continue
        if found in ("vetoed", "failed", "enacted"):
            stage = found
        elif stage not in ("vetoed", "failed", "enacted") and ORDER[found] > ORDER.get(stage, 0):
            stage = found
    hinted = STATUS_HINTS.get((status_hint or "").lower())
    if hinted in ("enacted", "vetoed", "failed", "dead"):
        return hinted
    if hinted and stage in ORDER and ORDER[hinted] > ORDER[stage]:
        return hinted
    return stage


INTENT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("study", re.compile(r"\bstudy\b|task force|working group|interim committee", re.I)),
    ("ban", re.compile(r"schedule i\b|controlled substance|prohibit|\bban\b|criminali", re.I)),
    ("7-OH", re.compile(r"7-hydroxy|7-oh\b|hydroxymitragynine", re.I)),
    ("regulate", re.compile(r"consumer protection|regulat|age|label|registration|licens", re.I)),
)


def derive_intent(text: str) -> str | None:
    """ban / regulate / 7-OH / study, from a bill's title and summary (first rule that matches)."""
    for intent, pattern in INTENT_RULES:
        if pattern.search(text or ""):
            return intent
    return None
