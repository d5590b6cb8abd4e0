"""Every scraper source served by the replay server, as the tracker's configuration sees it.

The `replay` and `world` fixtures that use these helpers are in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.replay import Reply, fixture
from tests.scrapers.test_source_ecfr import _serve as serve_ecfr
from tests.scrapers.test_source_federal_register import _serve as serve_federal_register
from tests.scrapers.test_source_legiscan import _serve as serve_legiscan
from tests.scrapers.test_source_openstates import _serve as serve_openstates
from tests.scrapers.test_source_regulations import _serve as serve_regulations
from tests.scrapers.test_source_wikipedia import API as WIKI_API
from tests.scrapers.test_source_wikipedia import _serve as serve_wikipedia

KEY_VARS = ("OPENSTATES_API_KEY", "LEGISCAN_API_KEY", "CONGRESS_API_KEY", "REGULATIONS_API_KEY")


def serve_all(replay, tmp_path: Path) -> dict[str, str]:
    """Route every source to fixtures; return the environment that points the tracker at them."""
    serve_openstates(replay)
    serve_legiscan(replay)
    serve_federal_register(replay)
    serve_ecfr(replay)
    serve_wikipedia(replay)
    serve_regulations(replay)
    replay.route("/v3/bill", fixture("congress/bills_page1.json"))
    replay.route("/v3/bill", fixture("congress/bills_page2.json"), query={"offset": "3"})
    replay.route("/robots.txt", fixture("page/robots_allow_public.txt"))
    replay.route("/notices/kratom.html", fixture("page/statement.html", etag='"v1"'))
    watchlist = tmp_path / "watchlist.yaml"
    watchlist.write_text(
        yaml.safe_dump(
            {
                "pages": [
                    {
                        "url": replay.url + "/notices/kratom.html",
                        "selector": "#main-content",
                        "jurisdiction": "US-FL",
                    },
                ]
            }
        )
    )
    env = {
        f"TRACKER_SOURCE_URL_{name.upper()}": replay.url
        for name in ("openstates", "legiscan", "ecfr", "congress", "regulations")
    }
    env.update(
        {
            "TRACKER_SOURCE_URL_FEDERAL_REGISTER": replay.url + "/api/v1",
            "TRACKER_SOURCE_URL_WIKIPEDIA": replay.url + WIKI_API,
            "TRACKER_WATCHLIST": str(watchlist),
            "TRACKER_ALLOW_PRIVATE_FETCH": "1",
            "TRACKER_FETCH_RATE_PER_MINUTE": "6000",
            **{var: "test-key" for var in KEY_VARS},
        }
    )
    return env


def reroute(replay, path: str, reply: Reply) -> None:
    """From now on, answer every request for path with this reply."""
    with replay._lock:
        replay.routes[:] = [r for r in replay.routes if r.path != path]
    replay.route(path, reply)


def broken(
    replay, path: str, body: bytes | str = b'{"count": 2, "results": [{"document_number": "2016-2'
) -> None:
    """Make one upstream path answer with a truncated body from now on."""
    reroute(replay, path, Reply(body=body))


def nothing_new_upstream(replay) -> None:
    """What Congress.gov answers for fromDateTime=<our last run> when no bill was updated since."""
    reroute(replay, "/v3/bill", fixture("congress/bills_empty.json"))
