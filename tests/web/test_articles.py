"""Articles: the bundled article's annotations, /articles/<slug>, and `kratom-tracker article import`."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.replay import ReplayServer, Reply
from tracker.articles import importer as articles
from tracker.cli.main import cli
from tracker.store.models import Article
from scrapers.fetch import Fetcher

HTML_ARTICLE = """<!doctype html>
<html lang="en"><head><title>Kratom laws explained | Example News</title>
<meta property="article:published_time" content="2024-06-01T09:00:00Z">
<script>window.bad = 1</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> Legal notice</nav>
<article>
<h1>Kratom laws explained</h1>
<p>Kratom is a plant from Southeast Asia.</p>
<h2>Where is kratom legal?</h2>
<p>Six states have banned kratom: Alabama, Arkansas, Indiana, Rhode Island, Vermont and Wisconsin.</p>
<p>It remains legal in Texas, where sellers must follow an age limit of 18.</p>
<h3>Federal law</h3>
<p>The <b>DEA</b> proposed scheduling in 2016 but withdrew it.</p>
<h2>How people use it</h2>
<p>Tea and capsules are common; Louisiana is not mentioned in the legal section.</p>
</article>
<footer>Legal notice: &copy; Example News</footer>
</body></html>
"""

MARKDOWN_ARTICLE = """---
title: "Kratom around the world"
date: 2023-01-10
---
# Kratom around the world

Some intro text about *kratom*.

## Legal status

Kratom is **banned** in [Thailand](https://example.org/th) and Australia.

- At least 12 countries have banned it.
- Many U.S. states regulate it.

## Dosage

Not legal advice.
"""


def run(rt, *args):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt})


def page_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.get_data(as_text=True), "lxml")


def test_the_bundled_article_page_annotates_each_claim_on_the_articles_date_and_today(client):
    page = page_of(client, "/articles/kratom-for-chronic-pain")
    assert page.h1.get_text() == "“Kratom for chronic pain”"
    text = page.select_one("blockquote.article-text")
    assert [m.get_text() for m in text.select("mark")] == ["many parts of the United States", "some states and countries", "FDA"]
    assert [a["href"] for a in text.select("a.claim-ref")] == ["#claim-1", "#claim-2", "#claim-3"]
    first = page.select_one("#claim-1")
    dates = [dt.get_text(" ", strip=True) for dt in first.select("dl.results dt")]
    assert dates[0] == "On 2025-03-15 (the article's date)" and dates[1].endswith("(today)")
    then, now = first.select("dl.results dd")
    # Louisiana: not banned on the article's date (linked to that date), banned today
    assert then.select_one('a[href="/j/US-LA?as_of=2025-03-15"]').find_parent("p").select_one(".cat").get_text() == "regulated"
    assert now.select_one('a[href="/j/US-LA"]').find_parent("p").select_one(".cat").get_text() == "banned"
    assert "of the 50 US states not banned" in then.get_text()
    assert "unknown" in first.select_one(".rule").get_text()
    second = page.select_one("#claim-2")
    assert "countries the tracker has researched" in second.get_text()
    assert second.select("details") and second.select_one('a[href="/j/GB?as_of=2025-03-15"]')
    fda = page.select_one("#claim-3")
    assert "FDA Import Alert 54-15" in fda.get_text() and "US federal status" in fda.get_text()
    since = page.select_one("#since-h").find_next("ol")
    la = since.select_one('a[href="/j/US-LA?as_of=2025-08-01"]')
    assert la and "2025-08-01" in la.find_parent("li").get_text()
    assert all(li.time["datetime"] > "2025-03-15" for li in since.select("li"))


def test_the_home_page_summarises_the_article_and_links_its_own_page(client):
    page = page_of(client, "/")
    section = page.select_one("section.home-article")
    assert section.h2.get_text() == "An article, checked"
    assert section.select_one('a[href="/articles/kratom-for-chronic-pain"]')
    assert "3 legal claims checked" in section.get_text()
    assert not section.select("ol.claims")  # the full check lives on the article's page


def test_an_unknown_article_is_a_404(client):
    response = client.get("/articles/no-such-article")
    assert response.status_code == 404 and "no-such-article" in response.get_data(as_text=True)


def test_importing_an_html_file_finds_the_legality_section_and_is_idempotent(rt, client, tmp_path):
    path = tmp_path / "laws.html"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    result = run(rt, "article", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "imported: kratom-laws-explained-example-news (html, 2024-06-01)" in result.output
    assert "'Where is kratom legal?'" in result.output
    again = run(rt, "article", "import", str(path))
    assert again.exit_code == 0 and "unchanged" in again.output
    with rt.sessions() as s:
        row = s.scalar(select(Article).where(Article.slug == "kratom-laws-explained-example-news"))
        assert row.published_on == date(2024, 6, 1) and row.title == "Kratom laws explained | Example News"
        assert row.section_heading == "Where is kratom legal?"
        # the subsection belongs to the section; the next h2 does not; no markup or script survives
        assert "Federal law" in row.section_text and "DEA proposed" in row.section_text
        assert "Tea and capsules" not in row.section_text and "<" not in row.section_text
        assert "window.bad" not in row.section_text
        assert s.scalar(select(func.count()).select_from(Article).where(Article.slug.like("kratom-laws%"))) == 1
    page = page_of(client, "/articles/kratom-laws-explained-example-news")
    six = page.select_one("#claim-1")
    assert "“Six states”" in six.get_text()
    verdicts = [v.get_text() for v in six.select(".verdict")]
    assert verdicts == ["supported", "not supported"]  # six banned on 2024-06-01; seven today
    texas = [li for li in page.select("ol.claims > li") if "“Texas”" in li.get_text()]
    assert texas and "said to be not banned" in texas[0].get_text()
    assert [li for li in page.select("ol.claims > li") if "“DEA”" in li.get_text()]


def test_importing_a_markdown_file_with_options(rt, client, tmp_path):
    path = tmp_path / "world.md"
    path.write_text(MARKDOWN_ARTICLE, encoding="utf-8")
    result = run(rt, "article", "import", str(path), "--slug", "world-view", "--published", "2023-02-01")
    assert result.exit_code == 0, result.output
    with rt.sessions() as s:
        row = s.scalar(select(Article).where(Article.slug == "world-view"))
        assert row.title == "Kratom around the world" and row.published_on == date(2023, 2, 1)
        assert row.section_heading == "Legal status"
        assert row.section_text.startswith("Kratom is banned in Thailand and Australia.")
        assert "• At least 12 countries have banned it." in row.section_text
        assert "**" not in row.section_text and "](" not in row.section_text and "Not legal advice" not in row.section_text
    page = page_of(client, "/articles/world-view")
    marks = [m.get_text() for m in page.select("blockquote mark")]
    assert marks[:2] == ["Thailand", "Australia"] and "At least 12 countries" in marks
    # without --published the front matter's date is used; --title overrides the page's
    result = run(rt, "article", "import", str(path), "--slug", "world-view-2", "--title", "Another title")
    assert result.exit_code == 0, result.output
    with rt.sessions() as s:
        row = s.scalar(select(Article).where(Article.slug == "world-view-2"))
        assert row.published_on == date(2023, 1, 10) and row.title == "Another title"


def test_importing_a_plain_text_file_uses_its_heading_lines(rt, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Kratom notes\n\nIntro.\n\nKratom law in Europe\n\nKratom is banned in Poland.\n", encoding="utf-8")
    result = run(rt, "article", "import", str(path), "--slug", "notes")
    assert result.exit_code == 0, result.output
    with rt.sessions() as s:
        row = s.scalar(select(Article).where(Article.slug == "notes"))
        assert (row.section_heading, row.section_text) == ("Kratom law in Europe", "Kratom is banned in Poland.")


def test_import_errors_exit_2_with_a_clear_message(rt, tmp_path):
    no_heading = tmp_path / "plain.html"
    no_heading.write_text("<html><body><h2>Dosage</h2><p>Kratom tea.</p></body></html>", encoding="utf-8")
    result = run(rt, "article", "import", str(no_heading))
    assert result.exit_code == 2 and "no heading mentioning legality" in result.output
    result = run(rt, "article", "import", str(tmp_path / "missing.md"))
    assert result.exit_code == 2 and "cannot read" in result.output
    result = run(rt, "article", "import", "http://127.0.0.1:9/article.html")
    assert result.exit_code == 2 and "cannot fetch" in result.output  # private addresses are refused
    result = run(rt, "article", "import", "ftp://example.org/a.html")
    assert result.exit_code == 2 and "only http(s)" in result.output
    result = run(rt, "article", "import", str(no_heading), "--published", "15/03/2025")
    assert result.exit_code == 2
    with rt.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Article).where(Article.slug == "plain")) == 0


def test_importing_from_a_url_goes_through_the_polite_fetcher(rt):
    server = ReplayServer().start()
    try:
        server.route("/news/kratom-laws", Reply(body=HTML_ARTICLE, content_type="text/html; charset=utf-8"))
        fetcher = Fetcher("kratom-tracker tests (test@example.org)", allow_private=True, retries=0, rate_per_minute=6000)
        with rt.transaction() as s:
            result = articles.import_article(
                s, f"{server.url}/news/kratom-laws", user_agent="unused", slug="from-url", fetcher=fetcher
            )
        assert (result.format, result.heading, result.published_on) == ("html", "Where is kratom legal?", date(2024, 6, 1))
        assert [r.path for r in server.requests][-2:] == ["/robots.txt", "/news/kratom-laws"]
        with rt.sessions() as s:
            row = s.scalar(select(Article).where(Article.slug == "from-url"))
            assert row.url == f"{server.url}/news/kratom-laws"
    finally:
        server.stop()
