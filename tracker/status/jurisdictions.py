"""Jurisdictions: seeded from pycountry (ISO 3166), looked up with helpful errors."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

import pycountry
from sqlalchemy import func, select
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
    existing = {
        code: j for code, j in session.execute(select(Jurisdiction.code, Jurisdiction)).tuples()
    }
    added = 0
    for code, name, kind, parent in seed_rows():
        if code in existing:
            continue
        j = Jurisdiction(
            code=code, name=name, kind=kind, parent=existing.get(parent) if parent else None
        )
        session.add(j)
        existing[code] = j
        added += 1
    session.flush()
    return added


# Names people use that ISO 3166's names (and pycountry's common/official names) do not give.
# pycountry supplies every alpha-3 code, every `common_name` ("South Korea", "Taiwan", "Vietnam")
# and `official_name`; the names below are the everyday and former ones on top of those.
COMMON_ALIASES: dict[str, str] = {
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "USA": "US",
    "U.S.": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States of America": "US",
    "Federal": "US",
    "US federal": "US",
    "EL": "GR",  # the EU's code for Greece
    "Korea": "KR",
    "Republic of Korea": "KR",
    "North Korea": "KP",
    "Taiwan": "TW",
    "Republic of China": "TW",
    "ROC": "TW",
    "Ivory Coast": "CI",
    "Cote d'Ivoire": "CI",
    "Russia": "RU",
    "Czech Republic": "CZ",
    "Turkey": "TR",
    "Macedonia": "MK",
    "Holland": "NL",
    "The Netherlands": "NL",
    "Burma": "MM",
    "Swaziland": "SZ",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Vatican": "VA",
    "Vatican City": "VA",
    "Holy See": "VA",
    "Brunei": "BN",
    "Palestine": "PS",
    "Micronesia": "FM",
    "DR Congo": "CD",
    "DRC": "CD",
    "Congo-Kinshasa": "CD",
    "Democratic Republic of Congo": "CD",
    "Republic of the Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Laos": "LA",
    "Vietnam": "VN",
    "Syria": "SY",
    "Iran": "IR",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "UAE": "AE",
    "Emirates": "AE",
    "Hong Kong": "HK",
    "Macau": "MO",
    "Washington DC": "US-DC",
    "Washington D.C.": "US-DC",
    "D.C.": "US-DC",
    "DC": "US-DC",
    "Puerto Rico": "US-PR",
    "European Union": "EU",
    "United Nations": "UN",
}


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-blind form of a name: "Côte d'Ivoire" -> "cote divoire"."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[.'’]", "", text)
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return text.removeprefix("the ")


def _uninvert(name: str) -> str | None:
    """ISO's inverted names the way people say them: "Korea, Republic of" -> "Republic of Korea"."""
    head, sep, tail = name.partition(", ")
    return f"{tail} {head}" if sep else None


@lru_cache(maxsize=1)
def aliases() -> dict[str, str]:
    """Folded alias -> code: ISO alpha-3 codes, pycountry's names, US state names, COMMON_ALIASES.

    A name two places share (Georgia the country and the US state) is left out: it is suggested,
    never resolved silently.
    """
    seen: dict[str, set[str]] = {}

    def add(alias: str | None, code: str) -> None:
        if alias:
            seen.setdefault(_fold(alias), set()).add(code)

    for c in pycountry.countries:
        code = c.alpha_2
        for alias in (
            c.alpha_3,
            c.name,
            getattr(c, "common_name", None),
            getattr(c, "official_name", None),
            _uninvert(c.name),
        ):
            add(alias, code)
    for s in pycountry.subdivisions.get(country_code="US"):
        add(s.name, s.code)
    out = {alias: codes.pop() for alias, codes in seen.items() if len(codes) == 1 and alias}
    out.update({_fold(alias): code for alias, code in COMMON_ALIASES.items()})
    return out


def resolve_alias(text: str) -> str | None:
    """The code a name, alpha-3 code or everyday alias stands for ("UK" -> "GB"), or None."""
    return aliases().get(_fold(text))


def codes(session: Session) -> list[str]:
    """Every jurisdiction's code, sorted."""
    return sorted(session.scalars(select(Jurisdiction.code)))


def find(session: Session, code: str) -> Jurisdiction | None:
    """The jurisdiction with this code (normalised), or else the one an alias or name names; or None."""
    found = session.scalar(select(Jurisdiction).where(Jurisdiction.code == normalise_code(code)))
    if found is not None or not code or "/" in code:
        return found
    alias = resolve_alias(code)
    if alias is not None:
        return session.scalar(select(Jurisdiction).where(Jurisdiction.code == alias))
    by_name = session.scalars(
        select(Jurisdiction).where(func.lower(Jurisdiction.name) == code.strip().lower())
    ).all()
    return by_name[0] if len(by_name) == 1 else None


def get(session: Session, code: str) -> Jurisdiction:
    """The jurisdiction with this code, or UnknownJurisdiction with suggestions."""
    found = find(session, code)
    if found is None:
        raise UnknownJurisdiction(code, suggest(session, code))
    return found


def suggest(session: Session, code: str, n: int = 5) -> list[str]:
    """Close matches for a mistyped code or name."""
    rows = session.execute(select(Jurisdiction.code, Jurisdiction.name)).all()
    known = {c for c, _ in rows}
    wanted = normalise_code(code)
    folded = _fold(code)
    # every name a code goes by: its own name plus its aliases ("south korea", "kor", "uk")
    names: dict[str, list[str]] = {}
    for c, name in rows:
        names.setdefault(_fold(name), []).append(c)
    for alias, c in aliases().items():
        if c in known and len(alias) > 2:  # two letters are codes, matched below
            names.setdefault(alias, []).append(c)
    exact = [c for c in names.get(folded, [])]  # a shared name (Georgia): every holder
    by_code = difflib.get_close_matches(wanted, sorted(known), n=n, cutoff=0.6)
    by_name = difflib.get_close_matches(folded, list(names), n=n, cutoff=0.7)
    out: list[str] = []
    for c in [
        *exact,
        *(names[m][0] for m in by_name if len(names[m]) == 1),
        *by_code,
        *(c for m in by_name for c in names[m]),
    ]:
        if c not in out:
            out.append(c)
    return out[:n]
