"""Replay labelled upstream responses and measure the proposals (issue #12); the command is
`kratom-tracker evaluate proposals [DIR]` (tracker/cli/evaluate.py).

Each case folder (format: tests/fixtures/evaluation/README or EVAL-FORMAT) holds a case.yaml and the
upstream payloads in the source's real format. Every payload goes through the source's own parse
functions and the real reconciliation (no network) into a fresh database initialised with the bundled
dataset. A case whose change the dataset already records is run twice: with the full dataset (the
proposal must be closed as already recorded) and with that jurisdiction's history cut before the event
(the proposal must be raised). Cases that describe the same event (same_event_as) are also replayed
together, which must leave one proposal.

Figures: precision (raised proposals that are real signal), recall of enacted status changes, suggested
category right, exact suggestions, effective dates right, already-recorded closes, failures detected,
linked pairs giving one proposal, official citations.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import select

from scrapers import registry
from scrapers.errors import ScrapeError
from tracker.ingest.reconcile import reconcile
from tracker.ingest.suggest import is_status_change
from tracker.status import dataset, history, jurisdictions
from tracker.store import migrate
from tracker.store.models import JurisdictionEvent, Proposal, utcnow
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings
from tracker.store.yamlio import safe_load

DEFAULT_DIR = (
    Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "evaluation" / "proposals"
)
BUDGETS = {"precision": 0.90, "recall": 0.95, "category": 0.90, "effective_date": 0.80}
ALREADY = "already_recorded"


class CaseError(ValueError):
    """A case folder that does not follow the format (named, so a broken case is reported, not a crash)."""


@dataclass
class Case:
    id: str
    folder: Path
    source: str
    payloads: list[tuple[Path, str]]
    expected: dict
    same_event_as: str | None = None
    watch: dict = field(default_factory=dict)
    split: str = (
        "main"  # "fresh": a held-out group built after the engine was tuned (measured on its own)
    )


@dataclass
class Result:
    case: str
    mode: str  # "full" | "cut" | "linked"
    expected: str
    actual: str
    open: int = 0
    suggestion: dict = field(default_factory=dict)
    citation: str | None = None
    jurisdiction: str | None = None
    error: str | None = None


def load_cases(folder: Path) -> list[Case]:
    """Every case under folder (one sub-folder with case.yaml each), sorted by id."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CaseError(f"{folder}: not a directory of evaluation cases")
    cases = []
    for path in sorted(folder.glob("*/case.yaml")):
        try:
            raw = safe_load(path.read_text(encoding="utf-8"))
            payloads = [(path.parent / p["file"], p.get("role", "after")) for p in raw["payloads"]]
            cases.append(
                Case(
                    id=str(raw["id"]),
                    folder=path.parent,
                    source=str(raw["source"]),
                    payloads=payloads,
                    expected=dict(raw["expected"]),
                    same_event_as=raw.get("same_event_as"),
                    watch=dict(raw.get("watch") or {}),
                    split=str(raw.get("split") or "main"),
                )
            )
        except (KeyError, TypeError, yaml.YAMLError) as exc:
            raise CaseError(f"{path}: {type(exc).__name__}: {exc}") from None
    return cases


# ---------------------------------------------------------------- replay through the real parsers


def _items(case: Case, body: bytes, state: dict) -> list:
    """Parse one payload with the source's own replay (scrapers.protocol.Source); state carries what
    earlier payloads said."""
    try:
        source = registry.load(case.source)
    except KeyError:
        raise CaseError(f"{case.id}: unknown source {case.source!r}") from None
    watch = dict(case.watch or {})
    watch["jurisdiction"] = watch.get("jurisdiction") or case.expected.get("jurisdiction")
    return source.replay(body, state, watch)


def replay(rt: Runtime, cases: list[Case]) -> str | None:
    """Reconcile every payload of the cases in order; returns the error that failed the run, if any."""
    for case in cases:
        state: dict = {}
        for path, _role in case.payloads:
            try:
                body = path.read_bytes()
            except OSError as exc:
                raise CaseError(f"{case.id}: payload {path.name}: {exc}") from None
            try:
                items = _items(case, body, state)
                with rt.write_transaction() as session:
                    reconcile(session, items)
            except (ScrapeError, ValueError) as exc:
                return f"{type(exc).__name__}: {exc}"
    return None


# ---------------------------------------------------------------- databases


class Databases:
    """A template database (schema + bundled dataset) copied for each run; SQLite files in a temp folder."""

    def __init__(self) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="kt-evaluate-"))
        self.template = self.tmp / "template.sqlite3"
        self.files = dataset.parse_dataset()
        rt = self._runtime(self.template)
        # schema and the bundled dataset: all that reconciliation reads (articles play no part)
        migrate.upgrade(rt.settings.database_url)
        with rt.transaction() as session:
            dataset.load_dataset(session, files=self.files)
        rt.engine.dispose()
        self.n = 0

    def _runtime(self, path: Path) -> Runtime:
        return Runtime(
            Settings.from_env(
                {
                    "TRACKER_DATABASE_URL": f"sqlite:///{path}",
                    "TRACKER_INSTANCE_PATH": str(self.tmp / "instance"),
                    "TRACKER_SECRET_KEY": "evaluate",
                }
            )
        )

    def fresh(self, cut: tuple[str, date] | None = None) -> Runtime:
        """A copy of the template; with cut=(code, day) that jurisdiction's history ends before day."""
        self.n += 1
        path = self.tmp / f"run-{self.n}.sqlite3"
        shutil.copyfile(self.template, path)
        rt = self._runtime(path)
        if cut:
            code, day = cut
            source = next((f for f in self.files if f.code == code), None)
            if source is not None:
                kept = [
                    p for p in source.periods if p.effective_from is None or p.effective_from < day
                ]
                if kept and (kept[-1].effective_to is None or kept[-1].effective_to >= day):
                    # open the last period kept: its end (and the EDTF text that states it) lies past the cut
                    kept[-1] = replace(kept[-1], effective_to=None, effective_to_edtf=None)
                with rt.write_transaction() as session:
                    j = jurisdictions.get(session, code)
                    history.record_history(
                        session,
                        j,
                        kept,
                        recorded_by="evaluate: history cut",
                        replace_all=True,
                        reason=f"evaluation: {code} before {day}",
                    )
                    for event in session.scalars(
                        select(JurisdictionEvent).where(
                            JurisdictionEvent.jurisdiction_id == j.id, JurisdictionEvent.date >= day
                        )
                    ):
                        event.superseded_at = utcnow()
        return rt

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---------------------------------------------------------------- judging one run


def _outcome(rt: Runtime, error: str | None) -> tuple[str, int, Proposal | None]:
    if error:
        return "failure", 0, None
    with rt.transaction() as session:
        proposals = list(session.scalars(select(Proposal).order_by(Proposal.id)))
        for p in proposals:
            session.expunge(p)
    open_ = [
        p
        for p in proposals
        if p.status == "open" and not (p.suggested or {}).get("confirms_period")
    ]
    recorded = [
        p
        for p in proposals
        if p.status == ALREADY
        or (p.status == "open" and (p.suggested or {}).get("confirms_period"))
    ]
    changes = [p for p in open_ if is_status_change(p.suggested)]
    if changes:
        return "status_change", len(open_), changes[0]
    if open_:
        return "event", len(open_), open_[0]
    if recorded:
        return ALREADY, 0, recorded[0]
    return "none", 0, None


def _event_day(case: Case) -> date | None:
    exp = case.expected
    for key in ("effective_from", "date"):
        value = exp.get(key)
        if value:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


def _run(
    dbs: Databases, cases: list[Case], mode: str, expected: str, cut: tuple[str, date] | None = None
) -> Result:
    rt = dbs.fresh(cut)
    try:
        error = replay(rt, cases)
        actual, n_open, proposal = _outcome(rt, error)
    finally:
        rt.engine.dispose()
    case = cases[-1]
    res = Result(
        case=case.id, mode=mode, expected=expected, actual=actual, open=n_open, error=error
    )
    if proposal is not None:
        res.suggestion = dict(proposal.suggested or {})
        ev = proposal.evidence or {}
        res.citation = ev.get("citation") or ev.get("url")
    return res


def evaluate(folder: Path | str | None = None) -> dict:
    """Run every case; return the figures and each run's result."""
    cases = load_cases(Path(folder) if folder else DEFAULT_DIR)
    by_id = {c.id: c for c in cases}
    dbs = Databases()
    results: list[Result] = []
    try:
        for case in cases:
            exp = case.expected.get("outcome", "none")
            chain = [case]
            # a revert or a repeat is judged after what it follows
            if case.same_event_as in by_id and exp == "none":
                chain = [by_id[case.same_event_as], case]
            if exp in ("status_change", "event") and case.expected.get("already_in_dataset"):
                results.append(_run(dbs, chain, "full", ALREADY))
                day = _event_day(case)
                if day and case.expected.get("jurisdiction"):
                    results.append(
                        _run(dbs, chain, "cut", exp, (case.expected["jurisdiction"], day))
                    )
            else:
                results.append(_run(dbs, chain, "full", exp))
        linked = []
        seen = set()
        for case in cases:
            other = by_id.get(case.same_event_as or "")
            if other is None or (other.id, case.id) in seen:
                continue
            seen.add((case.id, other.id))
            exp = other.expected.get("outcome", "none")
            if exp in ("status_change", "event") and case.expected.get("outcome") == exp:
                cut = None
                day = _event_day(case)
                if case.expected.get("already_in_dataset") and day:
                    cut = (case.expected["jurisdiction"], day)
                linked.append(_run(dbs, [other, case], "linked", exp, cut))
    finally:
        dbs.close()
    runs = results + linked
    out = {
        "cases": len(cases),
        "figures": figures(runs, by_id),
        "results": [r.__dict__ for r in runs],
    }
    splits = sorted({c.split for c in cases})
    if (
        len(splits) > 1
    ):  # a held-out group is reported on its own: the honest measure of generalisation
        out["splits"] = {
            name: {
                "cases": sum(c.split == name for c in cases),
                "figures": figures([r for r in runs if by_id[r.case].split == name], by_id),
            }
            for name in splits
        }
    return out


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _same_value(name: str, got, wanted) -> bool:
    """A labelled attribute equals the suggestion's (thresholds by their figure: "2%" = "two percent of ...")."""
    if name == "substances":
        return sorted(got or []) == sorted(wanted or [])
    if name == "seven_oh_threshold":
        figure = lambda v: re.sub(r"\btwo\b", "2", str(v or "").lower())  # noqa: E731
        numbers = lambda v: re.findall(r"\d+(?:\.\d+)?", figure(v))  # noqa: E731
        return numbers(got)[:1] == numbers(wanted)[:1]
    return got == wanted


def _same_url(a: str | None, b: str | None) -> bool:
    def norm(u):
        return re.sub(r"/+$", "", re.sub(r"^https?://(www\.)?", "", (u or "").strip())).lower()

    return bool(a) and bool(b) and norm(a) == norm(b)


def figures(results: list[Result], cases: dict[str, Case]) -> dict:
    """The measured figures over every run (see the module docstring)."""
    tp = fp = 0
    recall_n = recall_hit = 0
    cat_n = cat_ok = exact_n = exact_ok = eff_n = eff_ok = invented = cite_n = cite_ok = 0
    already_n = already_ok = fail_n = fail_ok = link_n = link_ok = 0
    misses: list[str] = []
    for r in results:
        exp = cases[r.case].expected
        wants = 1 if r.expected in ("status_change", "event") else 0
        if r.mode == "linked":
            link_n += 1
            ok = r.open == 1 or (r.open == 0 and r.actual == ALREADY)
            link_ok += int(ok)
            if not ok:
                misses.append(
                    f"{r.case} [linked]: {r.open} open proposals for one event (got {r.actual})"
                )
            continue
        raised = r.open
        tp += min(raised, wants)
        fp += raised - min(raised, wants)
        if raised > wants:
            misses.append(
                f"{r.case} [{r.mode}]: expected {r.expected}, got {r.actual} ({raised} open)"
            )
        if r.expected == ALREADY:
            already_n += 1
            already_ok += int(r.actual == ALREADY)
            if r.actual != ALREADY:
                misses.append(f"{r.case} [{r.mode}]: expected already recorded, got {r.actual}")
        if r.expected == "failure":
            fail_n += 1
            fail_ok += int(r.actual == "failure")
            if r.actual != "failure":
                misses.append(f"{r.case}: expected a failure, got {r.actual}")
        elif r.actual == "failure":
            misses.append(f"{r.case} [{r.mode}]: failed: {r.error}")
        if r.expected == "status_change":
            recall_n += 1
            hit = r.actual in ("status_change", "event")
            recall_hit += int(hit)
            if not hit:
                misses.append(f"{r.case} [{r.mode}]: status change missed (got {r.actual})")
                continue
            sug = r.suggestion
            if exp.get("category"):
                cat_n += 1
                ok = sug.get("category") == exp["category"]
                cat_ok += int(ok)
                if not ok:
                    misses.append(
                        f"{r.case} [{r.mode}]: category {sug.get('category')} != {exp['category']}"
                    )
            wanted = exp.get("attributes") or {}
            if wanted:
                exact_n += 1
                ok = all(_same_value(k, sug.get(k), v) for k, v in wanted.items())
                exact_ok += int(ok)
                if not ok:
                    misses.append(
                        f"{r.case} [{r.mode}]: attributes { ({k: sug.get(k) for k in wanted}) } != {wanted}"
                    )
            if exp.get("effective_from"):
                eff_n += 1
                ok = str(sug.get("effective_from") or "") == str(exp["effective_from"])[:10]
                eff_ok += int(ok)
                if not ok:
                    misses.append(
                        f"{r.case} [{r.mode}]: effective {sug.get('effective_from')} != {exp['effective_from']}"
                        f" ({sug.get('effective_note') or sug.get('effective_basis')})"
                    )
            elif sug.get("effective_from"):
                invented += 1
            if exp.get("official_citation"):
                cite_n += 1
                cite_ok += int(_same_url(r.citation, exp["official_citation"]))
    return {
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(recall_hit, recall_n),
        "category": _ratio(cat_ok, cat_n),
        "exact_suggestion": _ratio(exact_ok, exact_n),
        "effective_date": _ratio(eff_ok, eff_n),
        "already_recorded": _ratio(already_ok, already_n),
        "failures_detected": _ratio(fail_ok, fail_n),
        "linked_one_proposal": _ratio(link_ok, link_n),
        "official_citation": _ratio(cite_ok, cite_n),
        "counts": {
            "raised_real": tp,
            "raised_noise": fp,
            "status_changes": recall_n,
            "with_category": cat_n,
            "with_attributes": exact_n,
            "with_effective_date": eff_n,
            "dates_given_when_expected_none": invented,
            "already_recorded_runs": already_n,
            "failure_cases": fail_n,
            "linked_pairs": link_n,
            "with_official_citation": cite_n,
        },
        "misses": misses,
    }


def report(result: dict) -> str:
    """The figures as text, each against its budget where it has one; per split when the set has several."""
    lines = [f"{result['cases']} cases, {len([r for r in result['results']])} runs"]
    lines += _figure_lines(result["figures"], misses=not result.get("splits"))
    for name, part in (result.get("splits") or {}).items():
        lines.append("")
        lines.append(f"split {name}: {part['cases']} cases")
        lines += ["  " + line for line in _figure_lines(part["figures"])]
    return "\n".join(lines)


def _figure_lines(f: dict, misses: bool = True) -> list[str]:
    lines = []
    names = [
        ("precision", "precision (raised proposals that are real signal)"),
        ("recall", "recall of enacted status changes"),
        ("category", "suggested category right"),
        ("exact_suggestion", "exact suggestion (every labelled attribute)"),
        ("effective_date", "effective date right (of those that have one)"),
        ("already_recorded", "already recorded when the dataset has it"),
        ("failures_detected", "failures recorded as failures"),
        ("linked_one_proposal", "same event from two sources -> one proposal"),
        ("official_citation", "official citation first"),
    ]
    for key, label in names:
        value = f.get(key)
        budget = BUDGETS.get(key)
        shown = "n/a" if value is None else f"{100 * value:.1f} %"
        verdict = (
            ""
            if budget is None
            # a split with no case of this kind measures nothing: it neither passes nor fails
            else "  (nothing to measure)"
            if value is None
            else ("  PASS" if value >= budget else "  FAIL")
        )
        limit = "" if budget is None else f"  (budget >= {100 * budget:.0f} %)"
        lines.append(f"{label:<52} {shown:>8}{limit}{verdict}")
    lines.append("counts: " + ", ".join(f"{k} {v}" for k, v in f["counts"].items()))
    if misses and f["misses"]:
        lines.append("misses:")
        lines += [f"  - {m}" for m in f["misses"]]
    return lines


def passed(result: dict) -> bool:
    """Every budgeted figure holds (a figure with nothing to measure is not a failure)."""
    f = result["figures"]
    return all(f.get(k) is None or f[k] >= v for k, v in BUDGETS.items())
