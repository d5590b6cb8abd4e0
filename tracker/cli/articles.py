"""CLI commands: article import / list / show / evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tracker.cli.common import DATE, InputError, ready_runtime


@click.group("article")
def article() -> None:
    """Articles whose legal claims the dashboard checks against the data."""


@article.command("import")
@click.argument("source", metavar="PATH|URL")
@click.option("--slug", help="The article's slug in /articles/<slug> (default: from the title).")
@click.option("--title", help="The title (default: the page's title or first heading).")
@click.option(
    "--published",
    type=DATE,
    help="Publication date, YYYY-MM-DD (default: the page's date, if stated).",
)
@click.option(
    "--replace", is_flag=True, help="Overwrite another article stored under the same slug."
)
@click.pass_context
def import_cmd(
    ctx: click.Context, source: str, slug: str | None, title: str | None, published, replace: bool
) -> None:
    """Import an article (HTML, Markdown or text) from a file or an http(s) URL.

    The main text is extracted (trafilatura for HTML), every section whose heading is about
    legality (or names a place) is checked — the whole text when none is — and disclaimers are
    skipped. The dashboard shows it at /articles/<slug> with every claim checked. Importing the
    same article again changes nothing; another article under an existing slug is refused
    unless --replace.

    Example: kratom-tracker article import kratom-explainer.md --published 2025-03-15
    """
    from tracker.articles import importer as articles

    rt = ready_runtime(ctx)
    try:
        with rt.transaction() as session:
            result = articles.import_article(
                session,
                source,
                user_agent=rt.settings.user_agent,
                slug=slug,
                title=title,
                published_on=published,
                replace=replace,
            )
    except (articles.ArticleSourceError, articles.SlugTaken) as exc:
        raise InputError(f"{exc}; nothing was imported") from None
    state = "imported" if result.changed else "unchanged (already imported)"
    date_text = result.published_on.isoformat() if result.published_on else "no publication date"
    click.echo(
        f"{state}: {result.slug} ({result.format}, {date_text}); sections checked: {result.heading!r}"
        f" ({result.checked} checked, {result.skipped} skipped)"
    )
    if result.language and result.language not in articles.SUPPORTED_LANGUAGES:
        name = articles.LANGUAGE_NAMES.get(result.language, result.language)
        click.echo(
            f"warning: the article is in {name} ({result.language}); the claim reader supports English "
            "only, so few or no claims will be found",
            err=True,
        )
    click.echo(f"view it at /articles/{result.slug}")


@article.command("list")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """Every imported article: slug, publication date, title."""
    from tracker.articles import catalogue

    rt = ready_runtime(ctx)
    with rt.sessions() as s:
        rows = [(r.slug, r.published_on, r.title) for r in catalogue.listing(s, by="slug")]
    for slug, published, title in rows:
        click.echo(f"{slug}\t{published.isoformat() if published else '-'}\t{title}")
    if not rows:
        click.echo("no articles imported", err=True)


@article.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
@click.pass_context
def show_cmd(ctx: click.Context, slug: str, as_json: bool) -> None:
    """The claims of an article with their verdicts on the claim's date and today."""
    from tracker.articles import catalogue, claims

    rt = ready_runtime(ctx)
    with rt.sessions() as s:
        row = catalogue.find(s, slug)
        if row is None:
            raise InputError(f"no article has the slug {slug!r} (see: kratom-tracker article list)")
        rep = claims.report(s, row)
        data = claims.claims_json(rep)
        summary = rep.summary()
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(summary)
    for c in data:
        click.echo(
            f"- {c['code'] or '(not tracked)'} {c['reading']} on {c['claim_date']}: {c['verdict_then']}; "
            f"today: {c['verdict_now']} — {c['text'][:100]}"
        )


@article.command("evaluate")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-v", "--verbose", is_flag=True, help="List every missed, extra and wrongly judged claim."
)
@click.option(
    "--split",
    "splits",
    multiple=True,
    metavar="NAME",
    help="Only the articles of this split (a labels' `split:` value, or 'original' for those without one).",
)
@click.pass_context
def evaluate_cmd(
    ctx: click.Context, folder: Path | None, verbose: bool, splits: tuple[str, ...]
) -> None:
    """Recall, precision and verdict accuracy of the claim checker on a labelled set of articles.

    FOLDER holds one folder per article with article.<html|md|txt> and labels.yaml (default:
    tests/fixtures/articles). Figures are printed with their budgets for the original set
    (its development part and the quarter held out by a hash of the slug), for each split
    the labels name (`split: fresh`: articles added after the reader was tuned) and for all.
    Exits 1 when a budget is missed.
    """
    from datetime import date

    from tracker.articles import evaluate

    folder = folder or Path("tests/fixtures/articles")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a directory")
    rt = ready_runtime(ctx)
    with rt.sessions() as s:
        figures, groups = evaluate.run(s, folder, date.today(), set(splits) if splits else None)
    if not figures:
        raise InputError(
            f"{folder} holds no labelled articles (folders with article.* and labels.yaml)"
            + (f" in split {', '.join(splits)}" if splits else "")
        )
    if verbose:
        for f in figures:
            click.echo(
                f"== {f.slug} ({f.group}): {f.recalled}/{f.labelled} recalled, "
                f"{f.found} read" + (f" ERROR {f.error}" if f.error else "")
            )
            for line in f.misses:
                click.echo(f"   missed    {line}")
            for line in f.extras:
                click.echo(f"   extra     {line}")
            for line in f.wrong_verdicts:
                click.echo(f"   verdict   {line}")
            for line in f.misread:
                click.echo(f"   misread   {line}")
    for label, t in groups.items():
        click.echo("\n".join(t.lines(label)))
    fig = groups["all"].figures
    ok = all(
        fig[k] is not None and fig[k] >= b
        for k, b in evaluate.BUDGETS.items()
        if k != "misreadings"
    )
    ctx.exit(0 if ok and fig["misreadings"] == 0 else 1)


@article.command("train-scorer")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the model (default: the one the package ships, tracker/articles/claim_scorer.json).",
)
@click.pass_context
def train_scorer_cmd(ctx: click.Context, folder: Path | None, out: Path | None) -> None:
    """Train the claim scorer on a labelled set of articles (default: tests/fixtures/articles).

    Each claim the rule reader reads is an example: was it one a careful reader extracted? Splits
    never trained on (the evaluation's NEVER_TRAINED) are left out. Prints, for each split, what a
    model trained without it keeps and how precise that is, then writes the model. Needs
    scikit-learn (the `test` or `train` extra).
    """
    from tracker.articles import scorer, training

    folder = folder or Path("tests/fixtures/articles")
    if not folder.is_dir():
        raise InputError(f"{folder} is not a directory")
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise InputError(
            "training the claim scorer needs scikit-learn: pip install 'kratom-tracker[train]'"
        ) from exc
    rt = ready_runtime(ctx)
    with rt.sessions() as s:
        try:
            model, held = training.train(s, folder)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    click.echo("\n".join(training.report(held, model.threshold)))
    for b in model.trained_on["calibration"]:
        share = f"{100 * b['right'] / b['claims']:.1f} %" if b["claims"] else "n/a"
        click.echo(
            f"  band {b['band']:<6} from {b['from']:.2f}: {b['claims']:>4} claims, right {share}"
        )
    target = out or scorer.MODEL_PATH
    target.write_text(model.to_json(), encoding="utf-8")
    click.echo(
        f"wrote {target}: {len(model.weights)} weights, threshold {model.threshold:.2f}, "
        f"trained on {model.trained_on['claims']} claims of {len(model.trained_on['splits'])} splits"
    )
