"""The source registry: every source's name and what the runner needs to know before loading it.

Light on purpose: it imports no source module (no parser, no HTTP stack), so listing the sources
(the web page, the health table, the CLI's checks) costs nothing. `load(name)` imports one source
module on demand; each satisfies scrapers.protocol.Source.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class SourceInfo:
    name: str
    api_key_env: str | None  # the environment variable holding its key, None when it needs none
    default_base_url: str  # "" for `page`: its base is the watchlist file (scrapers/watchlist.yaml)


INFO: dict[str, SourceInfo] = {
    info.name: info
    for info in (
        SourceInfo("openstates", "OPENSTATES_API_KEY", "https://v3.openstates.org"),
        SourceInfo("legiscan", "LEGISCAN_API_KEY", "https://api.legiscan.com"),
        SourceInfo("federal_register", None, "https://www.federalregister.gov/api/v1"),
        SourceInfo("ecfr", None, "https://www.ecfr.gov"),
        SourceInfo("wikipedia", None, "https://en.wikipedia.org/w/api.php"),
        SourceInfo("page", None, ""),
        SourceInfo("congress", "CONGRESS_API_KEY", "https://api.congress.gov"),
        SourceInfo("regulations", "REGULATIONS_API_KEY", "https://api.regulations.gov"),
    )
}

NAMES: tuple[str, ...] = tuple(INFO)
DEFAULT_BASE_URLS: dict[str, str] = {name: info.default_base_url for name, info in INFO.items()}


def load(name: str) -> ModuleType:
    """The source module called `name` (a scrapers.protocol.Source); KeyError for an unknown name."""
    if name not in INFO:
        raise KeyError(name)
    return importlib.import_module(f"scrapers.sources.{name}")


def load_all() -> dict[str, ModuleType]:
    """Every source module by name, in registry order."""
    return {name: load(name) for name in NAMES}
