"""A change of law named as a topic (issue #14, reader pass 9): "the issue of illegalising ketum",
"before legalising it requires studies", "ongoing talks about regulations", "the question of
banning it" name a change someone discusses, not a status the place has."""

from __future__ import annotations

import re

# a preposition or a discussion noun, then the change as a gerund or a noun of action
TOPIC = re.compile(
    r"\b(?:(?:issue|question|idea|debate|talks?|discussions?|prospect|possibility|matter|notion"
    r"|case|merits?|pros and cons|benefits?|risks?|effects?|impact)\s+(?:of|about|on|over|for|regarding)"
    r"|before|towards?|regarding|concerning)\s+"
    r"(?:the\s+|a\s+|any\s+|possible\s+|potential\s+|further\s+|new\s+)*"
    r"(?:legali[sz](?:ing|ation)|illegali[sz](?:ing|ation)|banning|prohibiting|regulating"
    r"|criminali[sz](?:ing|ation)|decriminali[sz](?:ing|ation)|scheduling|outlawing|restricting"
    r"|regulations?|restrictions?)\b",
    re.IGNORECASE,
)


def blanked(clause: str) -> str:
    """The clause with each change named as a topic replaced by spaces (offsets hold)."""
    return TOPIC.sub(lambda m: " " * len(m.group(0)), clause)
