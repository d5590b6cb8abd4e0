"""CLI commands: article import."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add this module's commands to the CLI."""
    from tracker.cli.main import DATE, InputError, _ready

    @cli.group("article")
    def article() -> None:
        """Articles whose legal claims the dashboard checks against the data."""

    @article.command("import")
    @click.argument("source", metavar="PATH|URL")
    @click.option("--slug", help="The article's slug in /articles/<slug> (default: from the title).")
    @click.option("--title", help="The title (default: the page's title or first heading).")
    @click.option("--published", type=DATE, help="Publication date, YYYY-MM-DD (default: the page's date, if stated).")
    @click.pass_context
    def import_cmd(ctx: click.Context, source: str, slug: str | None, title: str | None, published) -> None:
        """Import an article (HTML, Markdown or text) from a file or an http(s) URL.

        The legality section is found by its heading (one mentioning legal, law, regulation or
        ban); the dashboard then shows it at /articles/<slug> with every claim checked. Importing
        the same article again changes nothing.

        Example: kratom-tracker article import kratom-explainer.md --published 2025-03-15
        """
        from tracker.articles import importer as articles
        rt = _ready(ctx)
        try:
            with rt.transaction() as session:
                result = articles.import_article(
                    session, source, user_agent=rt.settings.user_agent, slug=slug, title=title, published_on=published
                )
        except articles.SectionNotFound as exc:
            raise InputError(f"{source}: {exc}; nothing was imported") from None
        except articles.ArticleSourceError as exc:
            raise InputError(str(exc)) from None
        state = "imported" if result.changed else "unchanged (already imported)"
        date_text = result.published_on.isoformat() if result.published_on else "no publication date"
        click.echo(f"{state}: {result.slug} ({result.format}, {date_text}); legality section: {result.heading!r}")
        click.echo(f"view it at /articles/{result.slug}")
