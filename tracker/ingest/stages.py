"""A bill's stage from its structured status and action classifications, and its intent from its text.

One vocabulary (scrapers.common.STAGES) and one classification table (scrapers.common.CLASSIFICATION_STAGE)
serve the scrapers' status hints and this module (issue #12). Structured data wins: a source's own
final status, then the actions' classifications; the description patterns below are read only for an
action that carries no classification at all, and they are anchored so that "as enacted by Act No. 231
of 2019" in an amendment or a committee named "Enrolled and Chaptered Bills" does not enact a bill.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from scrapers.common import (
    CLASSIFICATION_STAGE,
    FINAL,
    PROGRESS,
    STAGES,
    stage_from_classifications,
)

__all__ = [
    "ACTION_RULES",
    "CLASSIFICATION_STAGE",
    "STAGES",
    "derive_intent",
    "derive_stage",
    "stage_of_text",
]

ORDER = {s: i for i, s in enumerate(PROGRESS)}
_COMMITTEE = re.compile(
    r"\b(referred|re-referred|assigned|reported|committee on|committee)\b", re.I
)
# (stage, pattern) for an unclassified action's description, most decisive first.
ACTION_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "enacted",
        re.compile(
            r"^\W*(signed|approved)\b.{0,40}\b(governor|president|mayor)\b"
            r"|\b(signed|approved) by (the )?(governor|president)\b(?!.{0,20}\bfor\b)"
            r"|\bbec(ame|omes) (law|(public |private )?law no\.?|act no\.?|act \d+|chapter \d+)"
            r"|\b(became|becomes) (public|private) law\b"
            r"|^\W*chaptered\b|\bchaptered by (the )?secretary of state\b|\bfiled with (the )?secretary of state\b.{0,30}\bchapter\b"
            r"|\bveto (was )?overridden\b|\boverride of veto\b.{0,30}\b(passed|adopted)\b"
            r"|^\W*act no\.?\s*\d+\s*$|\benacted into law\b",
            re.I,
        ),
    ),
    (
        "vetoed",
        re.compile(
            r"^\W*vetoed\b|\bvetoed by (the )?(governor|president)\b|\bgovernor'?s? veto\b", re.I
        ),
    ),
    (
        "failed",
        re.compile(
            r"^\W*(died|failed|withdrawn)\b|\b(died|failed) in committee\b|\bindefinitely postponed\b"
            r"|\bdied (on|upon) (the )?(calendar|adjournment)\b|\bbill (is )?dead\b|\bwithdrawn by (the )?(author|sponsor)\b",
            re.I,
        ),
    ),
    (
        "passed_both",
        re.compile(
            r"^\W*enrolled\b|\bsent to (the )?governor\b|\bpresented to (the )?(governor|president)\b"
            r"|\bdelivered to (the )?governor\b|\bto governor\b",
            re.I,
        ),
    ),
    (
        "passed_one",
        re.compile(
            r"\bpassed\b(?!.{0,30}\bcommittee\b)|\bengrossed\b|third reading.{0,40}\b(adopted|passed)\b",
            re.I,
        ),
    ),
    ("in_committee", re.compile(r"\breferred to\b|\bcommittee\b", re.I)),
    (
        "introduced",
        re.compile(r"\bintroduced\b|\bprefiled\b|\bfirst reading\b|\bread first time\b", re.I),
    ),
)


class ActionLike(Protocol):
    description: str
    classification: Iterable[str]


def stage_of_text(description: str) -> str | None:
    """The stage an unclassified action's description names, by the anchored rules above."""
    text = description or ""
    # "as enacted by Act No. 231 of 2019", "as amended by Act 41": a reference to another act, not this bill's fate
    text = re.sub(
        r"\bas (enacted|amended|added|repealed) by (act|chapter|public law)\b[^.;,]*",
        " ",
        text,
        flags=re.I,
    )
    for stage, pattern in ACTION_RULES:
        if pattern.search(text):
            if (
                stage in ("enacted", "passed_both")
                and _COMMITTEE.search(text)
                and re.search(
                    r"\b(referred|re-referred|assigned|reported|committee on)\b", text, re.I
                )
            ):
                continue  # "Referred to the Committee on Enrolled and Chaptered Bills"
            return stage
    return None


def derive_stage(actions: Iterable[ActionLike], status_hint: str | None = None) -> str:
    """The stage a bill reached: a source's final status wins, then classifications, then text."""
    pseudo = []
    for action in actions:
        labels = tuple(action.classification or ())
        if not labels:  # text only for an action the source did not classify
            found = stage_of_text(action.description)
            labels = (_LABEL_FOR[found],) if found else ()
        pseudo.append(labels)
    stage = stage_from_classifications(pseudo) or "introduced"
    hint = status_hint if status_hint in STAGES else None
    if hint in FINAL:
        return hint
    if hint and stage in ORDER and ORDER[hint] > ORDER[stage]:
        return hint
    return stage


# one representative classification per stage, so text-derived stages use the classification table
_LABEL_FOR = {
    stage: next(label for label, s in CLASSIFICATION_STAGE.items() if s == stage)
    for stage in set(CLASSIFICATION_STAGE.values())
}
_LABEL_FOR["passed_both"] = "enrolled"
_LABEL_FOR["dead"] = "failure"


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
