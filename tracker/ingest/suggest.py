"""Keyword rules that turn evidence text into a suggested codebook change for a curator."""

from __future__ import annotations

import re

PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(%|percent)", re.I)
AGE = re.compile(r"\b(?:age of|under(?: the age of)?|younger than|at least)\s+(18|19|21)\b|\b(18|19|21)\s+years", re.I)
SCHEDULE_I = re.compile(r"schedule\s+(?:i|1)\b|controlled substance|narcotic", re.I)
SEVEN_OH = re.compile(r"7-hydroxymitragynine|7-oh\b|7-hydroxy", re.I)
KRATOM = re.compile(r"kratom|mitragyn", re.I)
KCPA = re.compile(r"kratom consumer protection|kratom (?:act|regulation|products? act)", re.I)


def suggest_change(text: str) -> dict:
    """A partial set of codebook attributes with the rules that produced them (never a status by itself)."""
    text = text or ""
    out: dict = {}
    rules: list[str] = []
    seven_oh_only = SEVEN_OH.search(text) and not re.search(r"kratom|mitragyna speciosa|\bmitragynine\b(?!-)", text, re.I)
    if SCHEDULE_I.search(text) and (KRATOM.search(text) or SEVEN_OH.search(text)):
        if seven_oh_only:
            out["seven_oh"] = "controlled"
            rules.append("7-OH named with a schedule → seven_oh controlled")
        else:
            out.update(leaf="controlled", seven_oh="controlled")
            rules.append("Schedule I / controlled substance → leaf controlled")
    if KCPA.search(text):
        out.setdefault("leaf", "regulated")
        rules.append("Kratom Consumer Protection Act → leaf regulated")
    age = AGE.search(text)
    if age and KRATOM.search(text):
        out["min_age"] = int(age.group(1) or age.group(2))
        out.setdefault("leaf", "regulated")
        rules.append(f"age {out['min_age']} named → min_age")
    pct = PERCENT.search(text)
    if pct and SEVEN_OH.search(text) and out.get("seven_oh") != "controlled":
        out["seven_oh"] = "capped"
        out["seven_oh_threshold"] = f"{pct.group(1)}%"
        rules.append("7-OH with a percentage → seven_oh capped")
    if out:
        out["rules"] = rules
    return out
