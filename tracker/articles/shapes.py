"""Statements of a plant's status that the reader's general patterns miss (issue #14, reader pass 7),
most of them German: a law that leaves the plant out ("ist darin nicht gelistet", "fällt nicht unter das
BtMG", "keine Einstufung als Betäubungsmittel", "Besitz wird nicht verfolgt"), an age limit ("ab 18
Jahren", "nicht an unter 18-Jährige verkauft") and a sale barred in one form ("darf nicht als
Lebensmittel verkauft werden"; in English "cannot be sold as a dietary supplement"), and a people
who "cannot use this herb freely" (banned)."""

from __future__ import annotations

import re

# a drug law or list that leaves the plant out
_NOT_LISTED = re.compile(
    r"\b(?:nicht|weder)\b[^.;:]{0,80}?\b(?:gelistet|aufgef\u00fchrt|erfasst)\b"
    r"|\bf\u00e4llt\s+(?:\w+\s+)?nicht\s+unter\s+(?:\S+\s+){0,4}?"
    r"(?:BtMG|SMG|\w*(?:Bet\u00e4ubungsmittel|Suchtmittel|Drogen)\w*)"
    r"|\bkeine\s+(?:\w+\s+)?Einstufung\s+als\s+(?:Bet\u00e4ubungs|Sucht)mittel"
    r"|\b(?:Besitz|Konsum|Erwerb)\b[^.;:]{0,40}?\bnicht\s+(?:\w+\s+){0,2}?verfolgt\b",
    re.IGNORECASE,
)
# an age limit: "ab 18 Jahren", "nicht an unter 18-Jährige verkauft", "erst ab 18"
_AGE = re.compile(
    r"\bab\s+(\d{2})(?:\s+Jahren)?\b|\bunter\s+(\d{2})(?:-?J\u00e4hrige\w*|\s+Jahren)\b",
    re.IGNORECASE,
)
_AGE_CONTEXT = re.compile(
    r"Altersnachweis|Alterskontrolle|Mindestalter|verkauf\w*|abgegeben|Abgabe|erwerb\w*|kaufen",
    re.IGNORECASE,
)
# a sale barred in one form only: as food or a supplement
_NOT_AS_FOOD = re.compile(
    r"\bnicht\s+als\s+(?:\w+\s+)?(?:Lebensmittel|Nahrungserg\u00e4nzungsmittel)\b[^.;:]{0,60}?"
    r"\b(?:verkauft|vertrieben|in\s+(?:den\s+)?Verkehr\s+gebracht|angeboten)\b"
    r"|\b(?:cannot|can['\u2019]t|may not|must not|not)\s+(?:legally\s+)?(?:be\s+)?(?:legally\s+)?"
    r"(?:sold|marketed)\s+(?:\w+\s+){0,3}?as\s+(?:an?\s+)?(?:human\s+)?(?:food|(?:dietary\s+|food\s+)?supplement"
    r"|natural health product)s?\b",
    re.IGNORECASE,
)

# "the people of Laos cannot use this herb freely": the plant is not free to use, i.e. banned
_NOT_FREELY = re.compile(
    r"\b(?:cannot|can['\u2019]t|(?:are|is)\s+not\s+allowed\s+to)\s+(?:use|buy|consume)\s+"
    r"(?:this\s+\w+|it|kratom|the\s+\w+)\s+freely\b",
    re.IGNORECASE,
)


def reading(clause: str) -> dict | None:
    """The reading of a clause in one of these shapes, else None."""
    if _NOT_AS_FOOD.search(clause):
        return {"category": "restricted"}
    age = _AGE.search(clause)
    if age and _AGE_CONTEXT.search(clause):
        n = int(age[1] or age[2])
        if 16 <= n <= 25:
            return {"min_age": n}
    if _NOT_FREELY.search(clause):
        return {"category": "banned"}
    if _NOT_LISTED.search(clause):
        return {"category": "not_banned"}
    return None
