"""Jurisdictions: seeded from pycountry (ISO 3166), looked up with helpful errors."""

from __future__ import annotations

import difflib
import re

import pycountry
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import Jurisdiction

SUPRANATIONAL = {"EU": "European Union", "UN": "United Nations"}
LOCALITY_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnknownJurisdiction(LookupError):
    """No jurisdiction has this code; carries close matches to suggest."""

    def __init__(self, code: str, suggestions: list[str]):
        self.code, self.suggestions = code, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown jurisdiction code {code!r}.{hint}")


def normalise_code(code: str) -> str:
    """Upper-case the ISO part of a code and lower-case a locality slug."""
    code = (code or "").strip()
    if "/" in code:
        parent, _, slug = code.partition("/")
        return f"{parent.upper()}/{slug.lower()}"
    return code.upper()


def iso_name(code: str) -> tuple[str, str] | None:
    """(name, kind) for an ISO 3166-1/-2 or supranational code, or None."""
    if code in SUPRANATIONAL:
        return SUPRANATIONAL[code], "supranational"
    if code == "US":
        return "United States (federal)", "federal"
    if len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
        return (country.name, "country") if country else None
    sub = pycountry.subdivisions.get(code=code)
    return (sub.name, "subdivision") if sub else None


def seed_rows() -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code) for every country, every US subdivision, EU and UN."""
    rows = [(code, name, "supranational", None) for code, name in SUPRANATIONAL.items()]
    for c in pycountry.countries:
        if c.alpha_2 == "US":
            rows.append(("US", "United States (federal)", "federal", None))
        else:
            rows.append((c.alpha_2, c.name, "country", None))
    for s in pycountry.subdivisions.get(country_code="US"):
        rows.append((s.code, s.name, "subdivision", "US"))
    return rows


def ensure_jurisdictions(session: Session) -> int:
    """Insert any seed jurisdiction that is missing; returns how many were added."""
    existing = {code: j for code, j in session.execute(select(Jurisdiction.code, Jurisdiction)).tuples()}
    added = 0
    for code, name, kind, parent in seed_rows():
        if code in existing:
            continue
        j = Jurisdiction(code=code, name=name, kind=kind, parent=existing.get(parent) if parent else None)
        session.add(j)
        existing[code] = j
        added += 1
    session.flush()
    return added


def find(session: Session, code: str) -> Jurisdiction | None:
    """The jurisdiction with this code (normalised), or None."""
    return session.scalar(select(Jurisdiction).where(Jurisdiction.code == normalise_code(code)))


def get(session: Session, code: str) -> Jurisdiction:
    """The jurisdiction with this code, or UnknownJurisdiction with suggestions."""
    found = find(session, code)
    if found is None:
        raise UnknownJurisdiction(code, suggest(session, code))
    return found


def suggest(session: Session, code: str, n: int = 5) -> list[str]:
    """Close matches for a mistyped code or name."""
    rows = session.execute(select(Jurisdiction.code, Jurisdiction.name)).all()
    wanted = normalise_code(code)
    by_code = difflib.get_close_matches(wanted, [c for c, _ in rows], n=n, cutoff=0.6)
    by_name = difflib.get_close_matches(code.lower(), [name.lower() for _, name in rows], n=n, cutoff=0.7)
    names = {name.lower(): c for c, name in rows}
    out: list[str] = []
    for c in [*by_code, *(names[match] for match in by_name)]:
        if c not in out:
            out.append(c)
    return out[:n]
