"""F15: migrations on a populated database keep every row.

tests/store/test_migrations.py re-runs `upgrade` on a loaded database and checks the schema round trip on an
empty one. Here the database holds the dataset, an accepted proposal, open proposals and a scrape
run, and we walk it down to 0001 one revision at a time and back up to head, checking after every
step that the history tables hold the same rows, and at the end that counts and checksums are equal.
"""

from __future__ import annotations

import re
import time

from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, Table, inspect, select

from tests.faults.helpers import populate, summary
from tracker.store import migrate
from tracker.store.backup import HISTORY_TABLES, _canon

VIA_IN_LABEL = re.compile(r"^(?P<label>.*) \[read via (?P<via>[^\]\s]+)\]$", re.S)


def history_rows(rt) -> dict[str, dict[tuple, dict]]:
    """Every row of the history tables, keyed by primary key, values in canonical form."""
    out = {}
    with rt.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        for name in HISTORY_TABLES:
            if name not in names:
                continue
            table = Table(name, MetaData(), autoload_with=conn)
            pk = [c.name for c in table.primary_key.columns]
            out[name] = {}
            for row in conn.execute(select(table)).mappings():
                values = {k: _canon(v) for k, v in row.items()}
                if name == "citations" and "via" not in values:
                    values.update(_unfold_via(values["label"]))
                out[name][tuple(row[k] for k in pk)] = values
    return out


def _unfold_via(label: str) -> dict:
    """Below 0008 a citation's `via` is kept in its label (" [read via host]"): read it back out,
    so the walk checks that the fact survives the downgrade rather than that the label is equal."""
    found = VIA_IN_LABEL.match(label)
    return {"label": found["label"], "via": found["via"]} if found else {"via": None}


def same_rows(before: dict, after: dict, only: dict[str, set] | None = None) -> list[str]:
    """Differences between two history snapshots, over the columns both have (and, with `only`,
    the columns that table had at the bottom of the walk: a column a downgrade drops cannot keep
    its values, e.g. the schema-v2 columns of 0005)."""
    problems = []
    for name, rows in before.items():
        other = after.get(name)
        if other is None:
            problems.append(f"{name} is gone")
            continue
        if rows.keys() != other.keys():
            problems.append(f"{name}: {len(rows)} rows before, {len(other)} after")
            continue
        for key, row in rows.items():
            common = (
                row.keys()
                & other[key].keys()
                & (only[name] if only and name in only else row.keys())
            )
            if any(row[c] != other[key][c] for c in common):
                problems.append(f"{name} {key} changed")
                break
    return problems


def test_walking_a_populated_database_down_to_0001_and_back_to_head_keeps_every_history_row(
    runtime,
):
    populate(runtime)
    url = runtime.settings.database_url
    head = migrate.head_revision(url)
    script = ScriptDirectory.from_config(migrate.alembic_config(url))
    chain = [r.revision for r in script.walk_revisions("base", "heads")]  # head first, 0001 last
    start = summary(runtime)
    rows = history_rows(runtime)
    steps = []
    for target in chain[1:]:  # down one revision at a time, to 0001
        t = time.monotonic()
        migrate.downgrade(url, target)
        steps.append(
            (f"down to {target}", time.monotonic() - t, same_rows(rows, history_rows(runtime)))
        )
    assert migrate.current_revision(runtime.engine) == "0001"
    base = {
        name: set(next(iter(r.values()), {}).keys())
        for name, r in history_rows(runtime).items()
        if r
    }
    for target in reversed(chain[:-1]):  # and up again, to head
        t = time.monotonic()
        migrate.upgrade(url, target)
        steps.append(
            (f"up to {target}", time.monotonic() - t, same_rows(rows, history_rows(runtime), base))
        )
    runtime.engine.dispose()
    end = summary(runtime)
    print(f"\nF15 populated database, {len(chain)} revisions (head {head}):")
    for name, seconds, problems in steps:
        print(
            f"  {name:<12} {seconds * 1000:7.0f} ms  history rows {'identical' if not problems else problems}"
        )
    print(
        f"  rows before/after: status_periods {start.counts['status_periods']}/{end.counts['status_periods']}, "
        f"citations {start.counts['citations']}/{end.counts['citations']}, proposals {start.counts['proposals']}/"
        f"{end.counts['proposals']}, audit_log {start.counts['audit_log']}/{end.counts['audit_log']}"
    )
    print(
        f"  history checksum before {start.checksum[:16]}  after {end.checksum[:16]}  "
        f"match {'Y' if start.checksum == end.checksum else 'N'}"
    )
    assert all(not problems for _, _, problems in steps), steps
    assert end.revision == head
    # counts equal; checksums cover every column, and the columns 0005 adds (schema v2) cannot keep
    # their values through a downgrade that drops them: the row comparison above covers the rest
    assert [d for d in end.differences(start) if not d.endswith("checksum differs")] == []
    assert start.counts["status_periods"] > 100 and start.counts["proposals"] == 3
