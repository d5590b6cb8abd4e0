"""How US news pages speak of local bans (issue #14): the parish, county or city the page names is
the place of a local ordinance, not its state. The article reader asks these questions; each
answer looks only at one short span, so the reader stays linear in its input."""

from __future__ import annotations

import re

# "Kratom banned in Rapides Parish", "Kratom Now Illegal in Ohio": a headline that drops its verb
# still states a status (a headline telling of an act, "Council Votes to Ban Kratom", does not)
STATUS_HEADLINE = re.compile(
    r"^\s*kratom\s+(?:(?:now|officially|still)\s+)?(?:banned|illegal|outlawed|prohibited|legal)\s+in\b",
    re.IGNORECASE,
)

# the bodies that pass local ordinances: "Police Jury members voted", "the supervisors approved"
LOCAL_BODY = re.compile(
    r"\b(?:(?:city|town|village|county|parish)\s+)?(?:council|aldermen|alderm[ae]n|commissioners"
    r"|police\s+jury|supervisors|selectmen)\b",
    re.IGNORECASE,
)

# a parish, county or borough by name: a locality even when the tracker does not hold it
# ("a move to ban kratom sales in nearby Livingston Parish failed")
# ("The Parish Council", "This County" are the page's own locality, not a name)
NAMED_LOCALITY = re.compile(
    r"\b(?!(?:The|This|That|Each|Every|Our|Its|Their|A|An|Any|No|Which|What|Neighbou?ring|Nearby)\s)"
    r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:Parish|County|Borough)\b"
)

# "the first in Louisiana to ban it", "the second county in Ohio to": the state frames the rank
ORDINAL_FRAME = re.compile(
    r"\b(?:first|second|third|fourth|fifth|latest|last|next)\s+(?:\w+\s+)?(?:in|of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# "kratom can no longer be sold in parish stores": a trade newly barred ("may not be sold as
# food", "cannot be sold in schools" are rules of a use or a venue, read elsewhere)
NO_SALE = re.compile(
    r"\b(?:can|may)\s+no\s+longer\s+be\s+(?:legally\s+)?(?:sold|offered\s+for\s+sale)\b",
    re.IGNORECASE,
)

# "store owners say the product should not be banned": an opinion of what ought to be, not a status
MODAL_NEGATION = re.compile(
    r"\b(?:should|would|could|might|must|ought\s+to)\s*(?:not|n['\u2019]t)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)

# "asked the police jury to adopt an ordinance": a request, not an act
REQUEST = re.compile(
    r"\b(?:ask(?:s|ed|ing)?|request(?:s|ed|ing)?|petition(?:s|ed|ing)?)\s+(?:\w+\s+){0,4}?to\s+\w+",
    re.IGNORECASE,
)


def is_ordinal_frame(text: str, place_start: int) -> bool:
    """Whether the place at ``place_start`` only frames a rank ("the first in Louisiana to ban")."""
    return bool(ORDINAL_FRAME.search(text, max(0, place_start - 40), place_start))
