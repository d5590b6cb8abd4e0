"""Parenthetical asides (issue #14, reader pass 9): a bracketed remark beside a statement does not
change what the statement says. "Kratom is banned in Thailand (these countries impose severe
penalties if arrested)" is a plain ban: the "if" of the aside makes no forecast of it."""

from __future__ import annotations

import re

# a bracketed remark of up to 200 characters with no brackets inside
_ASIDE = re.compile(r"\([^()]{1,200}\)|\[[^\[\]]{1,200}\]")


def blanked(clause: str) -> str:
    """The clause with each bracketed remark replaced by spaces (same length, so offsets hold)."""
    return _ASIDE.sub(lambda m: " " * len(m.group(0)), clause)


def has_aside(clause: str) -> bool:
    """Whether the clause holds a bracketed remark."""
    return _ASIDE.search(clause) is not None
