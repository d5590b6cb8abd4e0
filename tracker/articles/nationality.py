"""A place name that describes a person or a thing rather than naming the law's place.

"Two Malaysian men were arrested in Singapore", "a letter to the Thai Trade Ambassador to Laos",
"a Malaysian-registered lorry": the country is a nationality, an embassy's or a vehicle's, not the
jurisdiction whose law the sentence states. The reader drops such mentions before it looks for the
place of a claim, and the count of places that decides an article's main jurisdiction skips them.
"""

from __future__ import annotations

import re

# a nationality word before a person: "an Indonesian man", "two Malaysian nationals"
PERSON = re.compile(
    r"\s+(?:man|men|woman|women|traveller|traveler|travellers|travelers|national|nationals"
    r"|citizen|citizens|tourist|tourists|student|students|worker|workers|couple|driver|drivers"
    r"|resident|residents|suspect|suspects|passenger|passengers|boy|girl|teen|teenager|mother|father)\b",
    re.IGNORECASE,
)
# a country's envoy abroad, with at most one word of title between: "the Thai Trade Ambassador",
# "the Royal Thai Embassy", "the Malaysian consul"
_ENVOY = re.compile(
    r"\s+(?:[A-Z][a-z]+\s+)?(?:ambassadors?|embass(?:y|ies)|envoys?|consul(?:ate)?s?|diplomats?)\b",
    re.IGNORECASE,
)
# a compound adjective: "Malaysian-registered", "Thai-made", "Indonesia-based"
_COMPOUND = re.compile(r"-[a-z]")


def names_no_law_place(text: str, end: int) -> bool:
    """Whether the place name ending at ``end`` describes a person, an envoy or a thing."""
    return bool(PERSON.match(text, end) or _ENVOY.match(text, end) or _COMPOUND.match(text, end))
