"""Proposal quality on the labelled evaluation set (issue #12): `kratom-tracker evaluate proposals`.

Every case's upstream payloads go through the real parsers and reconciliation into a fresh SQLite
database initialised with the bundled dataset (tracker/ingest/evaluate.py); nothing is fetched. The set is
tests/fixtures/evaluation/proposals (or $TRACKER_EVALUATION_DIR, for a held-back set).
"""

from __future__ import annotations

import os
from pathlib import Path

from bench import budgets
from bench.budgets import Figure
from bench.context import Ctx
from tracker.ingest import evaluate

ROWS = (
    (
        "precision",
        "proposal precision (raised proposals that are real signal)",
        budgets.PROPOSAL_PRECISION,
    ),
    ("recall", "recall of enacted status changes", budgets.PROPOSAL_RECALL),
    ("category", "suggested category right", budgets.PROPOSAL_CATEGORY),
    ("effective_date", "effective date right (of those that have one)", budgets.PROPOSAL_EFFECTIVE),
    ("exact_suggestion", "exact suggestion (every labelled attribute)", budgets.Budget(None, "%")),
    ("already_recorded", "already recorded when the dataset has it", budgets.Budget(None, "%")),
    (
        "linked_one_proposal",
        "same event from two sources -> one proposal",
        budgets.Budget(None, "%"),
    ),
)


def proposal_quality(ctx: Ctx | None = None) -> list[Figure]:
    """The evaluation figures as bench figures, each against its budget."""
    folder = Path(os.environ.get("TRACKER_EVALUATION_DIR") or evaluate.DEFAULT_DIR)
    if not folder.is_dir():
        return [
            Figure(f"proposals_{k}", name, b, skipped=f"no evaluation set at {folder}")
            for k, name, b in ROWS
        ]
    result = evaluate.evaluate(folder)
    counts = result["figures"]["counts"]
    out = []
    for key, name, budget in ROWS:
        value = result["figures"].get(key)
        detail = f"{result['cases']} cases; {counts}" if key == "precision" else ""
        if value is None:
            out.append(Figure(f"proposals_{key}", name, budget, skipped="no case measures it"))
        else:
            out.append(
                Figure(
                    f"proposals_{key}",
                    name,
                    budget,
                    value=round(100 * value, 1),
                    unit="%",
                    detail=detail,
                    raw={"misses": result["figures"]["misses"]} if key == "precision" else {},
                )
            )
    return out
