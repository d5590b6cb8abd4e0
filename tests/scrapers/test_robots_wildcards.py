"""robots.txt is read with Protego, so wildcard and end-anchored rules are honoured."""

from __future__ import annotations

import pytest

from tests.replay import Reply

ROBOTS = """\
User-agent: *
Disallow: /bills/*/text
Disallow: /*.pdf$
Allow: /bills/public/text
Disallow: /search
"""


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/bills/hb-1234/text", False),  # the wildcard the standard library ignored
        ("/bills/2025/sb-154/text", False),  # * spans slashes
        ("/bills/hb-1234/status", True),
        ("/bills/public/text", True),  # the longer Allow wins
        ("/acts/2025-12.pdf", False),  # $ anchors the end
        ("/acts/2025-12.pdf.html", True),
        ("/search?q=kratom", False),
        ("/", True),
    ],
)
def test_a_wildcard_rule_in_robots_txt_is_honoured(replay, make_fetcher, path, allowed):
    replay.route("/robots.txt", Reply(body=ROBOTS, content_type="text/plain"))
    assert make_fetcher().robots_allowed(replay.url + path) is allowed
