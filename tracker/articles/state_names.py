"""How a US page names its state without the state's name (issue #14, reader pass 7): by its
nickname ("the Grand Canyon State") or as "this state", "the state", "our state"."""

from __future__ import annotations

import re

# the states' common nicknames; "the First State" is left out ("the first state to ban kratom")
NICKNAMES = {
    "Yellowhammer State": "US-AL",
    "Heart of Dixie": "US-AL",
    "Last Frontier": "US-AK",
    "Grand Canyon State": "US-AZ",
    "Natural State": "US-AR",
    "Golden State": "US-CA",
    "Centennial State": "US-CO",
    "Constitution State": "US-CT",
    "Nutmeg State": "US-CT",
    "Diamond State": "US-DE",
    "Sunshine State": "US-FL",
    "Peach State": "US-GA",
    "Aloha State": "US-HI",
    "Gem State": "US-ID",
    "Prairie State": "US-IL",
    "Hoosier State": "US-IN",
    "Hawkeye State": "US-IA",
    "Sunflower State": "US-KS",
    "Bluegrass State": "US-KY",
    "Pelican State": "US-LA",
    "Pine Tree State": "US-ME",
    "Old Line State": "US-MD",
    "Bay State": "US-MA",
    "Great Lakes State": "US-MI",
    "Wolverine State": "US-MI",
    "North Star State": "US-MN",
    "Magnolia State": "US-MS",
    "Show-Me State": "US-MO",
    "Show Me State": "US-MO",
    "Treasure State": "US-MT",
    "Cornhusker State": "US-NE",
    "Silver State": "US-NV",
    "Granite State": "US-NH",
    "Garden State": "US-NJ",
    "Land of Enchantment": "US-NM",
    "Empire State": "US-NY",
    "Tar Heel State": "US-NC",
    "Peace Garden State": "US-ND",
    "Buckeye State": "US-OH",
    "Sooner State": "US-OK",
    "Beaver State": "US-OR",
    "Keystone State": "US-PA",
    "Ocean State": "US-RI",
    "Palmetto State": "US-SC",
    "Mount Rushmore State": "US-SD",
    "Volunteer State": "US-TN",
    "Lone Star State": "US-TX",
    "Beehive State": "US-UT",
    "Green Mountain State": "US-VT",
    "Old Dominion": "US-VA",
    "Evergreen State": "US-WA",
    "Mountain State": "US-WV",
    "Badger State": "US-WI",
    "Equality State": "US-WY",
    "Cowboy State": "US-WY",
}

# "in this state", "the state's law", "our state": the state the page is about
THIS_STATE = re.compile(r"\b(?:this|the|our|your)\s+state\b(?!\s+(?:of|by)\b)(?!-)", re.IGNORECASE)


def own_state(clause: str, main: str | None) -> str | None:
    """The page's state when a clause calls it "this state" or "the state" and the page is about
    one US state (its main jurisdiction); None otherwise."""
    if not main or not main.startswith("US-") or "/" in main:
        return None
    return main if THIS_STATE.search(clause) else None
