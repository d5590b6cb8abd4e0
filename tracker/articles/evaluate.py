"""Measure the claim reader and the verdicts on a labelled set of real articles.

A set is a directory of folders, each with ``article.<html|md|txt>`` and ``labels.yaml`` (the
claims a careful reader extracts: text, code, reading, claim_date, verdict). Figures:

- **recall**: labelled claims about a place (or a count) that the reader found with the same
  place and the same kind of reading (category, minimum age, 7-OH) in the same sentence;
- **precision**: claims the reader found that match a labelled claim;
- **verdicts**: of the matched claims, those whose verdict on the claim's date is the label's;
- **misreadings**: labelled claims that hold but that the reader's claim says do not hold.

Budgets: recall >= 80 %, precision >= 90 %, verdicts >= 90 %, misreadings 0.

Splits: an article whose labels carry ``split: <name>`` (e.g. ``fresh``, articles added after the
reader was last tuned and measured before any tuning on them) is counted in that split; the
others are the original set, cut by a hash of the slug into "development" and "held out".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from tracker.store.yamlio import safe_load

# Splits no reader pass has studied and the claim scorer (scorer.py) is never trained on: their
# figures are first runs on unseen pages. A split leaves this set only when a pass studies it.
NEVER_TRAINED = frozenset({"fresh-15", "fresh-17", "fresh-18", "fresh-19"})

BUDGETS = {"recall": 0.80, "precision": 0.90, "verdicts": 0.90, "misreadings": 0}
FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".txt": "text"}
VERDICT_WORDS = {
    "holds": "holds",
    "does_not_hold": "does not hold",
    "partly": "partly",
    "not_checkable": "not checkable",
}


def held_out(slug: str) -> bool:
    """About a quarter of the articles, chosen by a hash of the slug (not by content): kept out of
    development and measured apart."""
    return hashlib.sha256(slug.encode("utf-8")).digest()[0] < 64


@dataclass
class LabelledArticle:
    slug: str
    path: Path
    format: str
    published: date | None
    title: str | None
    claims: list[dict]
    split: str | None = None  # the labels' ``split:`` (None: the original set)
    url: str | None = None

    @property
    def group(self) -> str:
        return self.split or ("held out" if held_out(self.slug) else "development")


def load_set(folder: Path, splits: set[str] | None = None) -> list[LabelledArticle]:
    """The labelled articles of a folder; with ``splits``, only those whose labels' ``split:`` is one
    of them ("original" names the articles without one)."""
    out = []
    for d in sorted(p for p in Path(folder).iterdir() if p.is_dir()):
        labels = d / "labels.yaml"
        art = next((p for p in sorted(d.glob("article.*")) if p.suffix in FORMATS), None)
        if not labels.exists() or art is None:
            continue
        meta = safe_load(labels.read_text(encoding="utf-8")) or {}
        pub = meta.get("published")
        out.append(
            LabelledArticle(
                meta.get("slug") or d.name,
                art,
                FORMATS[art.suffix],
                pub if isinstance(pub, date) else None,
                meta.get("title"),
                list(meta.get("claims") or []),
                meta.get("split"),
                meta.get("url"),
            )
        )
    if splits is not None:
        out = [a for a in out if (a.split or "original") in splits]
    return out


def _reading_class(reading: dict) -> tuple | None:
    if not reading:
        return None
    if "min_age" in reading:
        return ("min_age",)
    if "seven_oh" in reading:
        return ("seven_oh",)
    if "count" in reading or reading.get("scope"):
        return ("count", reading.get("scope"))
    cat = reading.get("category")
    if cat in ("legal", "not_banned"):
        return ("category", "not banned")
    if cat in ("regulated", "restricted"):
        return ("category", "regulated")
    if cat == "banned":
        return ("category", "banned")
    return None


def labelled_reading(label: dict) -> bool:
    """Whether a labelled claim is scored (its reading is one the evaluation compares)."""
    return _reading_class(label.get("reading") or {}) is not None


def _claim_class(c) -> tuple | None:
    if c.kind == "count":
        return ("count", c.count.get("scope"))
    return _reading_class(c.reading)


def _overlaps(label_text: str, sentences: list[str]) -> bool:
    t = " ".join(label_text.split()).strip(" .\u2026").lower()
    return any(
        t in " ".join(s.split()).lower() or " ".join(s.split()).lower().strip(" .") in t
        for s in sentences
    )


def match_claims(labels: list[dict], found: list[tuple]) -> dict[int, int]:
    """Which found claim each labelled claim is matched to ({label index: found index}): the same
    kind of reading, the same place (counts: any), and a sentence that overlaps the label's text (a
    table row's label also by its row). One label, one claim where possible: an unused claim of the
    label's date first."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for lab_i, lab in enumerate(labels):
        cls = _reading_class(lab["reading"])
        candidates = []
        for i, (claim, sentences, _verdict) in enumerate(found):
            if _claim_class(claim) != cls:
                continue
            if cls[0] != "count" and (claim.code or None) != (lab.get("code") or None):
                continue
            if not _overlaps(lab["text"], sentences) and not (
                lab.get("row") and claim.place == lab["row"]
            ):
                continue
            candidates.append(i)
        want_date = lab.get("claim_date")
        match = next(
            (i for i in candidates if i not in used and found[i][0].claim_date == want_date), None
        )
        if match is None:
            match = next((i for i in candidates if found[i][0].claim_date == want_date), None)
        if match is None:
            match = next(
                (i for i in candidates if i not in used), candidates[0] if candidates else None
            )
        if match is not None:
            out[lab_i] = match
            used.add(match)
    return out


@dataclass
class ArticleFigures:
    slug: str
    held_out: bool
    group: str = "development"
    labelled: int = 0
    found: int = 0
    recalled: int = 0
    correct: int = 0
    verdict_right: int = 0
    verdict_total: int = 0
    misreadings: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong_verdicts: list[str] = field(default_factory=list)
    misread: list[str] = field(default_factory=list)  # wrong verdicts that are misreadings
    error: str | None = None
    # claims read, by the claim scorer's confidence band: {band: [claims, of them labelled]}
    bands: dict[str, list[int]] = field(default_factory=dict)


def evaluate_article(art: LabelledArticle, checker, today: date) -> ArticleFigures:
    """Figures for one article. ``checker(text, fmt, published, title, url)`` returns a list of
    (ReadClaim, sentences, verdict_then) for the reader's merged claims."""
    fig = ArticleFigures(art.slug, art.split is None and held_out(art.slug), art.group)
    labels = [c for c in art.claims if labelled_reading(c)]
    fig.labelled = len(labels)
    try:
        found = checker(
            art.path.read_text(encoding="utf-8"), art.format, art.published, art.title, art.url
        )
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the evaluation
        fig.error = f"{type(exc).__name__}: {exc}"
        fig.misses = [c["text"] for c in labels]
        return fig
    fig.found = len(found)
    matches = match_claims(labels, found)
    for lab_i, lab in enumerate(labels):
        match = matches.get(lab_i)
        if match is None:
            fig.misses.append(f"{lab.get('code')} {lab['reading']} | {lab['text'][:90]}")
            continue
        fig.recalled += 1
        claim, _, verdict = found[match]
        want = VERDICT_WORDS.get(lab.get("verdict"), lab.get("verdict"))
        fig.verdict_total += 1
        if verdict == want:
            fig.verdict_right += 1
        else:
            line = f"{lab.get('code')} {lab['reading']} want {want}, got {verdict} | {lab['text'][:70]}"
            if want == "holds" and verdict == "does not hold":
                # a correct statement the page would flag as wrong: listed apart, it has a budget of 0
                fig.misreadings += 1
                fig.misread.append(line)
            else:
                fig.wrong_verdicts.append(line)
    used = set(matches.values())
    fig.correct = len(used)
    fig.bands = _by_band(found, used)
    fig.extras = [
        f"{c.code} {c.reading} {c.count or ''} | {c.text[:90]}"
        for i, (c, _, _) in enumerate(found)
        if i not in used
    ]
    return fig


def _by_band(found: list[tuple], used: set[int]) -> dict[str, list[int]]:
    from tracker.articles import scorer

    model = scorer.shipped_model()
    out: dict[str, list[int]] = {}
    for i, (claim, _, _) in enumerate(found):
        score = getattr(claim, "score", None)
        if model is None or score is None:
            continue
        tally = out.setdefault(model.band(score), [0, 0])
        tally[0] += 1
        tally[1] += i in used
    return out


@dataclass
class Totals:
    articles: int = 0
    labelled: int = 0
    found: int = 0
    recalled: int = 0
    correct: int = 0
    verdict_right: int = 0
    verdict_total: int = 0
    misreadings: int = 0
    bands: dict[str, list[int]] = field(default_factory=dict)

    def add(self, f: ArticleFigures) -> None:
        self.articles += 1
        for band, (n, right) in f.bands.items():
            tally = self.bands.setdefault(band, [0, 0])
            tally[0] += n
            tally[1] += right
        for k in (
            "labelled",
            "found",
            "recalled",
            "correct",
            "verdict_right",
            "verdict_total",
            "misreadings",
        ):
            setattr(self, k, getattr(self, k) + getattr(f, k))

    @property
    def figures(self) -> dict:
        return {
            "recall": self.recalled / self.labelled if self.labelled else None,
            "precision": self.correct / self.found if self.found else None,
            "verdicts": self.verdict_right / self.verdict_total if self.verdict_total else None,
            "misreadings": self.misreadings,
        }

    def band_precision(self, band: str) -> float | None:
        """Of the claims read in a confidence band, the share that match a labelled claim."""
        n, right = self.bands.get(band, (0, 0))
        return right / n if n else None

    def lines(self, label: str) -> list[str]:
        f = self.figures
        out = [
            f"{label}: {self.articles} articles, {self.labelled} labelled claims, {self.found} claims read"
        ]
        for key, budget in BUDGETS.items():
            value = f[key]
            if key == "misreadings":
                ok = value <= budget
                out.append(
                    f"  {key:<12} {value:>6}        budget {budget}      {'ok' if ok else 'OVER BUDGET'}"
                )
            else:
                shown = "   n/a" if value is None else f"{value * 100:5.1f} %"
                ok = value is not None and value >= budget
                num = {
                    "recall": (self.recalled, self.labelled),
                    "precision": (self.correct, self.found),
                    "verdicts": (self.verdict_right, self.verdict_total),
                }[key]
                out.append(
                    f"  {key:<12} {shown} ({num[0]}/{num[1]})  budget >= {budget * 100:.0f} %  "
                    f"{'ok' if ok else 'UNDER BUDGET'}"
                )
        if self.bands:
            shares = []
            for band in ("high", "medium", "low"):
                n, right = self.bands.get(band, (0, 0))
                shares.append(f"{band} {right}/{n}" + (f" ({100 * right / n:.0f} %)" if n else ""))
            out.append("  precision by reader's confidence: " + ", ".join(shares))
        return out


GROUP_ORDER = ("development", "held out")


def article_reader(session, today: date, *, sifted: bool = True, judged: bool = True):
    """A function that reads one labelled article as the article page does:
    ``(text, fmt, published, title, url) -> (reading, checked sections, found)``, where ``found``
    is a list of (ReadClaim, sentences, verdict_then) for the claims kept. ``sifted=False`` keeps
    every claim the rules read (the claim scorer's training input); ``judged=False`` skips the
    verdicts (each is None), which matching labels to claims does not need."""
    from sqlalchemy import select

    from tracker.articles import claims, importer, reader, scorer
    from tracker.store.models import Jurisdiction

    jurisdictions = list(
        session.scalars(select(Jurisdiction).where(Jurisdiction.kind.in_(claims.ALL_KINDS)))
    )
    index = claims.place_index(jurisdictions)

    def read_one(text, fmt, published, title, url=None):
        parsed = importer.parse_article(text, fmt, url=url)
        if not reader.reads_language(parsed.language):
            return None, [], []  # a language the reader does not read: no claims, as the page says
        secs = [(s.start, s.end, s.heading) for s in parsed.sections if s.checked]
        published = published or parsed.published_on
        read = reader.read(
            parsed.text,
            secs,
            index=index,
            title=parsed.title or title,
            today=today,
            published=published,
            url=url,
        )
        if sifted:
            read = scorer.sift(read, secs)
        # agency mentions ("the FDA has expressed concerns") are events, which labels leave out too
        if not judged:
            return read, secs, [(c, c.texts, None) for c in read.claims if c.kind != "agency"]
        checks = claims.check_read(session, read.claims, published, today, jurisdictions)
        found = [
            (ch.claim, ch.claim.texts, ch.then.verdict)
            for ch in checks
            if ch.claim.kind != "agency"
        ]
        return read, secs, found

    return read_one


def run(
    session, folder: Path, today: date, splits: set[str] | None = None
) -> tuple[list[ArticleFigures], dict[str, Totals]]:
    """Evaluate every article of a set against the tracker's data: (per article, totals by group).

    Groups: "development" and "held out" (the original set, cut by a hash of the slug), each
    labels' ``split:`` name (e.g. "fresh"), "original" (development + held out) and "all"."""
    read_one = article_reader(session, today)

    def checker(text, fmt, published, title, url=None):
        return read_one(text, fmt, published, title, url)[2]

    figures: list[ArticleFigures] = []
    groups: dict[str, Totals] = {}
    for art in load_set(folder, splits):
        f = evaluate_article(art, checker, today)
        figures.append(f)
        groups.setdefault(f.group, Totals()).add(f)
        if f.group in GROUP_ORDER:
            groups.setdefault("original", Totals()).add(f)
        groups.setdefault("all", Totals()).add(f)
    order = [*GROUP_ORDER, "original"]
    named = sorted(g for g in groups if g not in (*order, "all"))
    return figures, {g: groups[g] for g in (*order, *named, "all") if g in groups}
