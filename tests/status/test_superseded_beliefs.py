"""Superseded beliefs in the dataset (issue #13, "reproducible knowledge"): a file's `superseded:`
list keeps what an earlier release stated, so `status --known-on` is the same on every install."""

from __future__ import annotations

import importlib.util
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.factories import period
from tracker.cli.main import cli
from tracker.status import codebook, dataset, history, jurisdictions
from tracker.status.periods import CitationInput, SupersededInput, ValidationError
from tracker.store.models import AuditEntry, StatusPeriod
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings
from tracker.web import create_app

ROOT = Path(__file__).resolve().parents[2]

# Release 2026.11.27 said Hawaii had no kratom law (legal); release 2026.12.07 says unknown.
HAWAII = """\
code: US-HI
notes: >   # a comment the script must keep
  No Hawaii statute or rule on kratom was found.
periods:
  - effective_from: null
    effective_to: null
    leaf: unknown
    seven_oh: unknown
    summary: Status unknown.
    confidence: low
    verified_on: 2026-12-07
    recorded_on: 2026-12-07
    citations:
      - kind: aggregator
        label: "HB 717 (2025), status"
        url: https://vulcanbills.com/hi/2025/HB717
        accessed: 2026-11-27
"""
HAWAII_SUPERSEDED = """\
superseded:
  - effective_from: null
    effective_to: null
    leaf: unregulated
    seven_oh: unregulated
    summary: Hawaii has no kratom-specific law.
    confidence: medium
    verified_on: 2026-11-27
    recorded_on: 2026-11-27
    superseded_on: 2026-12-07
    reason: "restated by release 2026-12-07: leaf unregulated -> unknown"
    citations:
      - kind: bill_page
        label: "HB 717 (2025), status"
        url: https://vulcanbills.com/hi/2025/HB717
        accessed: 2026-11-27
      - kind: secondary
        label: "Super Speciosa blog"
        url: https://superspeciosa.com/blogs/news/hawaii
        accessed: 2026-11-27
"""
# An unchanged period (recorded 2026-11-27) beside a changed one: the old 2018 rule said regulated.
ALABAMA = """\
code: US-AL
periods:
  - effective_from: null
    effective_to: 2018-01-01
    leaf: unregulated
    seven_oh: unregulated
    confidence: medium
    verified_on: 2026-12-07
    recorded_on: 2026-11-27
    official_search: "none found; searched the test index, 2026-12-07"
    citations:
      - kind: news
        label: "News"
        url: https://news.example.com/al
        accessed: 2026-12-07
  - effective_from: 2018-01-01
    effective_to: null
    leaf: controlled
    seven_oh: controlled
    substances: [mitragynine]
    confidence: high
    verified_on: 2026-12-07
    recorded_on: 2026-12-07
    citations:
      - kind: statute
        label: "Ala. Code 20-2-23"
        url: https://alison.legislature.state.al.us/code-of-alabama?section=20-2-23
        accessed: 2026-12-07
superseded:
  - effective_from: 2018-01-01
    effective_to: null
    leaf: regulated
    seven_oh: unregulated
    min_age: 21
    confidence: medium
    verified_on: 2026-11-27
    recorded_on: 2026-11-27
    superseded_on: 2026-12-07
    reason: "restated by release 2026-12-07: leaf regulated -> controlled"
    citations:
      - kind: secondary
        label: "A blog"
        url: https://blog.example.com/al
        accessed: 2026-11-27
"""


def _root(tmp_path: Path, hawaii: str = HAWAII + HAWAII_SUPERSEDED, as_of: str = "2026-12-07"):
    root = tmp_path / "data"
    (root / "jurisdictions" / "us").mkdir(parents=True, exist_ok=True)
    (root / "dataset.yaml").write_text(f'version: "2026.12.07"\nas_of: {as_of}\n')
    (root / "jurisdictions" / "us" / "US-HI.yaml").write_text(hawaii)
    (root / "jurisdictions" / "us" / "US-AL.yaml").write_text(ALABAMA)
    return root


def _runtime(tmp_path: Path, name: str, data: Path) -> Runtime:
    return Runtime(
        Settings.from_env(
            {
                "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite3",
                "TRACKER_INSTANCE_PATH": str(tmp_path / f"{name}-instance"),
                "TRACKER_SECRET_KEY": "test",
                "TRACKER_DATASET_DIR": str(data),
            }
        )
    )


def _cli(rt: Runtime, *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), obj={"runtime": rt}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _aware(t: datetime | None) -> datetime | None:
    return t if t is None or t.tzinfo else t.replace(tzinfo=UTC)


@pytest.fixture
def installs(tmp_path):
    data = _root(tmp_path)
    made = [_runtime(tmp_path, name, data) for name in ("first", "second")]
    for rt in made:
        _cli(rt, "init")
    yield made
    for rt in made:
        rt.engine.dispose()


def test_init_records_a_superseded_belief_as_a_closed_row_from_recorded_on_to_superseded_on(
    installs,
):
    with installs[0].transaction() as s:
        rows = history.all_beliefs(s, jurisdictions.find(s, "US-HI"))
        assert [(r.leaf, r.recorded_on) for r in rows] == [
            ("unregulated", date(2026, 11, 27)),
            ("unknown", date(2026, 12, 7)),
        ]
        old, new = rows
        assert _aware(old.recorded_at) == _utc(date(2026, 11, 27))
        assert _aware(old.superseded_at) == _utc(date(2026, 12, 7))
        assert _aware(new.recorded_at) == _utc(date(2026, 12, 7)) and new.superseded_at is None
        assert [c.kind for c in old.citations] == ["bill_page", "secondary"]  # as stated then
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "record_superseded"))
        details = [a.detail for a in audit if a.entity_id == "US-HI"]
        assert details[0]["inserted"] == [
            {"id": old.id, "reason": "restated by release 2026-12-07: leaf unregulated -> unknown"}
        ]
        # the unchanged Alabama period keeps its own transaction time, not the superseded row's end
        al = history.all_beliefs(s, jurisdictions.find(s, "US-AL"))
        unchanged = next(r for r in al if r.effective_to == date(2018, 1, 1))
        assert _aware(unchanged.recorded_at) == _utc(date(2026, 11, 27))


@pytest.mark.parametrize(
    ("code", "as_of", "known_on", "category"),
    [
        ("US-HI", "2026-12-01", "2026-11-27", "legal"),
        ("US-HI", "2026-12-01", "2026-12-06", "legal"),
        ("US-HI", "2026-12-01", "2026-12-07", "unknown"),
        ("US-HI", "2026-12-01", "2027-03-01", "unknown"),
        ("US-AL", "2010-01-01", "2026-11-27", "legal"),
        ("US-AL", "2020-01-01", "2026-11-27", "regulated"),
        ("US-AL", "2020-01-01", "2026-12-07", "banned"),
    ],
)
def test_status_known_on_gives_the_old_answer_before_superseded_on_and_the_new_one_after_on_two_fresh_installs(
    installs, code, as_of, known_on, category
):
    answers = [
        json.loads(_cli(rt, "status", code, "--as-of", as_of, "--known-on", known_on, "--json"))
        for rt in installs
    ]
    assert answers[0]["category"] == category
    assert answers[0] == answers[1]  # the same on every install


def test_nothing_was_known_before_the_first_release_on_a_fresh_install(installs):
    out = json.loads(_cli(installs[0], "status", "US-HI", "--known-on", "2026-11-26", "--json"))
    assert out["category"] == "unknown" and out["leaf"] is None and out["recorded_on"] is None


def test_a_second_init_changes_nothing(installs):
    rt = installs[0]
    with rt.transaction() as s:
        before = s.scalar(select(func.count()).select_from(StatusPeriod))
        audits = s.scalar(select(func.count()).select_from(AuditEntry))
    out = _cli(rt, "init")
    assert out.strip().endswith("\n0 changes")
    assert "beliefs earlier releases gave up" not in out
    with rt.transaction() as s:
        assert s.scalar(select(func.count()).select_from(StatusPeriod)) == before
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audits


def test_the_first_init_says_how_many_superseded_beliefs_it_recorded(tmp_path):
    rt = _runtime(tmp_path, "talk", _root(tmp_path))
    try:
        out = _cli(rt, "init")
        assert "beliefs earlier releases gave up (superseded:): recorded 2, closed" in out
    finally:
        rt.engine.dispose()


def test_an_install_that_ran_init_on_release_2026_11_27_gets_its_row_closed_at_superseded_on(
    tmp_path, session
):
    """Such an install recorded the old belief at the clock time of its init (no recorded_on). The
    new release closes that very row at 2026-12-07 00:00 UTC, records no duplicate, and the new
    belief begins exactly there: the install then answers every known_on date as a fresh one."""
    jurisdictions.ensure_jurisdictions(session)
    hi = jurisdictions.find(session, "US-HI")
    ran_init = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
    blog = CitationInput("news", "A blog", "https://superspeciosa.com/blogs/news/hawaii")
    history.record_history(
        session,
        hi,
        [period(None, None, leaf="unregulated", citations=(blog,), summary="Old words.")],
        recorded_by="dataset 2026.11.27",
        now=ran_init,
    )
    session.flush()
    (old,) = history.all_beliefs(session, hi)

    report = dataset.load_dataset(session, _root(tmp_path))
    assert report.retired_beliefs_closed == 1
    hi_rows = history.all_beliefs(session, hi)
    assert len(hi_rows) == 2  # the old row and the new one: no copy of the old belief
    assert hi_rows[0].id == old.id and _aware(old.recorded_at) == ran_init
    assert _aware(old.superseded_at) == _utc(date(2026, 12, 7))  # not the moment of this load
    assert _aware(hi_rows[1].recorded_at) == _utc(date(2026, 12, 7))
    assert history.status_on(session, hi, date(2026, 12, 1), date(2026, 11, 27)).category == "legal"
    assert (
        history.status_on(session, hi, date(2026, 12, 1), date(2026, 12, 7)).category == "unknown"
    )

    again = dataset.load_dataset(session, _root(tmp_path))
    assert again.changes == 0 and again.retired_beliefs_closed == 0


def test_a_release_that_restores_an_earlier_assertion_closes_the_interlude_it_superseded(
    tmp_path, session
):
    """legal (2026-11-27) -> unknown (2026-12-07) -> legal again (2027-01-04), citations unchanged:
    an install that loaded 2026.12.07 closes its unknown row at 2027-01-04 and records legal anew."""
    dataset.load_dataset(session, _root(tmp_path))
    hawaii_2027 = (
        HAWAII.replace("leaf: unknown", "leaf: unregulated")
        .replace("seven_oh: unknown", "seven_oh: unregulated")
        .replace("recorded_on: 2026-12-07", "recorded_on: 2027-01-04")
        .replace("verified_on: 2026-12-07", "verified_on: 2027-01-04")
        .replace("    citations:", '    official_search: "none found"\n    citations:')
        + HAWAII_SUPERSEDED
        + """\
  - effective_from: null
    effective_to: null
    leaf: unknown
    seven_oh: unknown
    summary: Status unknown.
    confidence: low
    verified_on: 2026-12-07
    recorded_on: 2026-12-07
    superseded_on: 2027-01-04
    reason: "restated by release 2027-01-04: leaf unknown -> unregulated"
    citations:
      - kind: aggregator
        label: "HB 717 (2025), status"
        url: https://vulcanbills.com/hi/2025/HB717
        accessed: 2026-11-27
"""
    )
    dataset.load_dataset(session, _root(tmp_path / "2027", hawaii_2027, as_of="2027-01-04"))
    hi = jurisdictions.find(session, "US-HI")
    on = {
        k: history.status_on(session, hi, date(2026, 12, 1), date.fromisoformat(k)).category
        for k in ("2026-11-27", "2026-12-07", "2027-01-03", "2027-01-04")
    }
    assert on == {
        "2026-11-27": "legal",
        "2026-12-07": "unknown",
        "2027-01-03": "unknown",
        "2027-01-04": "legal",
    }
    assert len(history.all_beliefs(session, hi)) == 3


def test_an_install_that_skipped_a_release_closes_the_belief_it_still_holds_at_superseded_on(
    tmp_path, session
):
    """An install that loaded 2026.11.27 and next loads 2027.01.04, which states Hawaii's legal period
    again word for word (recorded_on 2027-01-04) and lists the 2026.12.07 interlude as superseded:
    the row it holds is closed at 2026-12-07, the interlude recorded, the legal period recorded anew.
    (Left to record_history alone, the unchanged row would stay current and hide the interlude.)"""
    jurisdictions.ensure_jurisdictions(session)
    hi = jurisdictions.find(session, "US-HI")
    legal = period(None, None, leaf="unregulated", official_search="none found", summary="Legal.")
    history.record_history(
        session,
        hi,
        [legal],
        recorded_by="dataset 2026.11.27",
        now=datetime(2026, 11, 27, 15, 30, tzinfo=UTC),
    )
    unknown = period(None, None, leaf="unknown", seven_oh="unknown", summary="Status unknown.")
    report = history.record_dataset_beliefs(
        session,
        hi,
        [replace(legal, recorded_on=date(2027, 1, 4))],
        [
            SupersededInput(replace(legal, recorded_on=date(2026, 11, 27)), date(2026, 12, 7), "x"),
            SupersededInput(replace(unknown, recorded_on=date(2026, 12, 7)), date(2027, 1, 4), "y"),
        ],
        recorded_by="dataset 2027.01.04",
        now=_utc(date(2027, 1, 4)),
    )
    assert (report.retired_closed, report.retired_recorded, report.retired_skipped) == (1, 1, 0)
    on = {
        k: history.status_on(session, hi, date(2026, 12, 1), date.fromisoformat(k)).category
        for k in ("2026-11-27", "2026-12-06", "2026-12-07", "2027-01-03", "2027-01-04")
    }
    assert on == {
        "2026-11-27": "legal",
        "2026-12-06": "legal",
        "2026-12-07": "unknown",
        "2027-01-03": "unknown",
        "2027-01-04": "legal",
    }


def _refused(tmp_path: Path, hawaii: str, field: str, words: str) -> None:
    root = _root(tmp_path, hawaii)
    with pytest.raises(ValidationError) as exc:
        dataset.parse_dataset(root)
    assert exc.value.where.endswith("US-HI.yaml"), exc.value
    assert exc.value.field == field, exc.value
    assert words in exc.value.message, exc.value


@pytest.mark.parametrize(
    ("edit", "field", "words"),
    [
        (
            lambda t: t.replace("superseded_on: 2026-12-07", "superseded_on: 2026-11-27"),
            "superseded[0].superseded_on",
            "must be after recorded_on",
        ),
        (
            lambda t: t.replace(
                '    reason: "restated by release 2026-12-07: leaf unregulated -> unknown"\n', ""
            ),
            "superseded[0].reason",
            "is required",
        ),
        (
            lambda t: t.replace('reason: "restated', 'reason: ""\n    notes: "restated'),
            "superseded[0].reason",
            "must say",
        ),
        (
            lambda t: t.replace("kind: secondary", "kind: blog"),
            "superseded[0].citations[1].kind",
            "'blog' is not one of",
        ),
        (
            lambda t: t.replace("      - kind: aggregator", "      - kind: secondary", 1),
            "periods[0].citations[0].kind",
            "'secondary' is not one of",
        ),
        (
            lambda t: t.replace("leaf: unregulated", "leaf: legalish"),
            "superseded[0].leaf",
            "not one of",
        ),
        (
            lambda t: t.replace(
                "superseded_on: 2026-12-07", "superseded_on: 2026-12-07\n    comment: x"
            ),
            "superseded[0].comment",
            "is not an attribute",
        ),
        (
            # the current period was already believed on 2026-11-27: two beliefs at once
            lambda t: t.replace("recorded_on: 2026-12-07", "recorded_on: 2026-11-27", 1),
            "superseded[0].effective_from",
            "overlaps periods[0]",
        ),
        (
            # a superseded entry that states the same as a current period recorded before it
            lambda t: t.replace(
                "    leaf: unknown\n    seven_oh: unknown\n",
                "    leaf: unregulated\n    seven_oh: unregulated\n    official_search: none found\n",
                1,
            ).replace("recorded_on: 2026-12-07", "recorded_on: 2026-11-27", 1),
            "superseded[0].superseded_on",
            "needs no superseded entry",
        ),
        (
            lambda t: t.replace("superseded:\n", "superseded: {}\n", 1).split(
                "  - effective_from: null\n    effective_to: null\n    leaf: unregulated"
            )[0],
            "superseded",
            "must be a list",
        ),
    ],
)
def test_validation_refuses_a_bad_superseded_entry_naming_file_and_field(
    tmp_path, edit, field, words
):
    _refused(tmp_path, edit(HAWAII + HAWAII_SUPERSEDED), field, words)


def test_a_belief_cannot_be_given_up_after_the_datasets_own_as_of(tmp_path):
    root = _root(tmp_path, as_of="2026-12-06")
    with pytest.raises(
        ValidationError, match=r"US-AL.yaml: superseded\[0\].superseded_on: .*as_of"
    ):
        dataset.parse_dataset(root)


def test_the_page_lists_the_superseded_belief_among_the_recorded_corrections(installs):
    app = create_app(installs[0])
    app.testing = True
    html = app.test_client().get("/j/US-HI").get_data(as_text=True)
    corrections = html.split('id="corr-h"')[1].split("</section>")[0]
    assert "Hawaii has no kratom-specific law." in corrections
    assert "2026-11-27 00:00 UTC" in corrections and "2026-12-07 00:00 UTC" in corrections
    assert "<li>category: legal → unknown</li>" in corrections  # replaced by the new belief
    assert "known_on=2026-12-06" in corrections  # a link to the page as known then
    then = app.test_client().get("/j/US-HI?known_on=2026-12-06").get_data(as_text=True)
    assert "No corrections up to 2026-12-06" in then


def test_the_history_exports_show_the_superseded_belief(installs):
    rt = installs[0]
    cli_history = json.loads(_cli(rt, "history", "US-HI", "--json"))
    (old,) = cli_history["superseded"]
    assert (old["leaf"], old["recorded_on"]) == ("unregulated", "2026-11-27")
    assert old["superseded_at"].startswith("2026-12-07T00:00:00")
    assert [c["kind"] for c in old["citations"]] == ["bill_page", "secondary"]
    then = json.loads(
        _cli(rt, "export", "--history", "--format", "json", "--known-on", "2026-11-27")
    )
    hi = [p for p in then["periods"] if p["code"] == "US-HI"]
    assert [(p["leaf"], p["recorded_at"][:10]) for p in hi] == [("unregulated", "2026-11-27")]
    now = json.loads(_cli(rt, "export", "--history", "--format", "json"))
    assert [p["leaf"] for p in now["periods"] if p["code"] == "US-HI"] == ["unknown"]


def test_the_kind_renames_the_script_applies_are_the_ones_migration_0005_applied():
    spec = importlib.util.spec_from_file_location(
        "m0005", ROOT / "migrations" / "versions" / "0005_schema_v2_dates_sources.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.KIND_MAP == codebook.RENAMED_CITATION_KINDS
