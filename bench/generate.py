"""Synthetic data for the benchmarks: the bundled dataset (1x) and a scaled-up copy of it.

1x is exactly what `kratom-tracker init` loads (bootstrap.initialise). Scale starts from 1x and
adds, with SQLAlchemy Core executemany in chunks (never the ORM row by row):

- localities under the US states and the countries, until there are about 10,000 jurisdictions;
- contiguous, non-overlapping status periods for every new locality (codebook values, derived
  category, 1-2 citations each), some corrected (a superseded belief plus its replacement);
- one locality (HISTORY_CODE) with exactly 200 current periods, for the jurisdiction-page case;
- bills with actions, notices, watched documents with 10 snapshots each (distinct contents),
  proposals, jurisdiction events, source rows and scrape runs.

Run it alone:  python -m bench.generate --scale full [--database-url URL] [--fresh]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Table, func, select, text

from tracker.cli import bootstrap
from tracker.status import codebook
from tracker.status.dataset import dataset_meta
from tracker.store import migrate
from tracker.store.models import (
    AuditEntry,
    Bill,
    BillAction,
    Citation,
    Content,
    Document,
    Jurisdiction,
    JurisdictionEvent,
    Notice,
    Proposal,
    ScrapeRun,
    Snapshot,
    Source,
    StatusPeriod,
)
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings

GENERATOR_VERSION = "1"
RESULTS = Path(__file__).resolve().parent / "results"
HISTORY_CODE = "US-CA/long-history"  # the locality with exactly 200 current periods
HISTORY_PERIODS = 200
CHUNK = 5_000
SEED = 20240806
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SPAN_START, SPAN_END = date(1994, 1, 1), date(2026, 6, 30)


@dataclass(frozen=True)
class Scale:
    """How much to generate; FULL is the issue's scale, QUICK a fifth of it for --quick."""

    label: str
    jurisdictions: int
    periods: int
    bills: int
    snapshots: int

    @property
    def documents(self) -> int:
        return max(1, self.snapshots // 10)


FULL = Scale("full", jurisdictions=10_000, periods=200_000, bills=50_000, snapshots=100_000)
QUICK = Scale("quick", jurisdictions=10_000, periods=50_000, bills=10_000, snapshots=20_000)
SCALES = {"full": FULL, "quick": QUICK}

# weighted codebook values for plausible histories
LEAF_WEIGHTS = {
    "unregulated": 45,
    "regulated": 30,
    "sale_prohibited": 8,
    "prescription": 2,
    "controlled": 10,
    "unknown": 5,
}
SEVEN_OH_WEIGHTS = {"unregulated": 55, "capped": 15, "controlled": 20, "unknown": 10}
CONFIDENCE_WEIGHTS = {"high": 50, "medium": 35, "low": 15}
THRESHOLDS = (
    "2% of total alkaloids",
    "1% of alkaloid fraction",
    "0.5 mg per serving",
    "2% 7-OH by weight",
)
WORDS = (
    "alder",
    "ash",
    "bay",
    "bear",
    "birch",
    "brook",
    "cedar",
    "clear",
    "cove",
    "creek",
    "crest",
    "dale",
    "eagle",
    "elm",
    "fair",
    "falls",
    "fern",
    "field",
    "ford",
    "fox",
    "glen",
    "green",
    "grove",
    "harbor",
    "haven",
    "hill",
    "hollow",
    "lake",
    "land",
    "laurel",
    "maple",
    "marsh",
    "meadow",
    "mill",
    "mount",
    "north",
    "oak",
    "orchard",
    "park",
    "pine",
    "pleasant",
    "point",
    "port",
    "prairie",
    "red",
    "ridge",
    "river",
    "rock",
    "rose",
    "sand",
    "shore",
    "silver",
    "spring",
    "stone",
    "summit",
    "valley",
    "view",
    "water",
    "west",
    "willow",
    "wood",
)
LOCALITY_KINDS = ("county", "city", "town", "township", "village", "borough")
CITATION_LABELS = (
    "Ordinance No. {y}-{n:03d}",
    "Municipal Code § {n}.{m:02d}",
    "Resolution {y}-{n}",
    "Board minutes {d}",
    "Health Department notice {d}",
    "County Code ch. {n}.{m}",
)
BILL_SOURCES = ("openstates", "legiscan", "congress")
BILL_STAGES = (
    "introduced",
    "in_committee",
    "passed_one",
    "passed_both",
    "enacted",
    "vetoed",
    "failed",
    "dead",
)
BILL_TITLES = (
    ("Kratom Consumer Protection Act", "regulate"),
    ("Relating to the regulation of kratom products; age limit and labelling", "regulate"),
    (
        "Adding mitragynine and 7-hydroxymitragynine to Schedule I of the controlled substances act",
        "ban",
    ),
    ("Prohibiting the sale of concentrated 7-hydroxymitragynine products", "7-OH"),
    ("Creating a task force to study kratom use", "study"),
    ("Relating to hemp-derived and botanical products", None),
)
SOURCE_NAMES = (
    "openstates",
    "legiscan",
    "federal_register",
    "ecfr",
    "wikipedia",
    "page",
    "congress",
    "regulations",
)
LOREM = (
    "The sale, delivery or distribution of any product containing kratom or its alkaloids to a person under the "
    "age of twenty-one is prohibited. A dealer shall label each product with the quantity of mitragynine and "
    "7-hydroxymitragynine per serving and shall register with the department before offering it for sale. "
)


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _chunks(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(conn, table: Table, rows: Iterable[dict]) -> int:
    """Core executemany in chunks; returns the number of rows inserted."""
    n = 0
    for batch in _chunks(rows):
        conn.execute(table.insert(), batch)
        n += len(batch)
    return n


def settings_for(url: str, instance: Path | None = None) -> Settings:
    instance = instance or RESULTS / "instance"
    return Settings.from_env(
        {
            "TRACKER_DATABASE_URL": url,
            "TRACKER_INSTANCE_PATH": str(instance),
            "TRACKER_SECRET_KEY": "bench",
        }
    )


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _reset(url: str) -> None:
    """Start from an empty database: delete the SQLite file, or drop the PostgreSQL public schema."""
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[-1])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    from sqlalchemy.engine import make_url

    name = make_url(url).database or ""
    if "bench" not in name:
        raise SystemExit(
            f"refusing to wipe database {name!r}: the benchmark database's name must contain 'bench'"
        )
    from tracker.store.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build_1x(url: str) -> dict:
    """The bundled dataset, loaded as `kratom-tracker init` does; returns row counts."""
    _reset(url)
    started = time.perf_counter()
    rt = Runtime(settings_for(url))
    bootstrap.initialise(rt)
    counts = table_counts(rt)
    rt.engine.dispose()
    return {"seconds": round(time.perf_counter() - started, 2), "counts": counts}


def table_counts(rt: Runtime) -> dict[str, int]:
    from tracker.store.models import Base

    with rt.engine.connect() as conn:
        return {
            t.name: conn.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }


def _sidecar(url: str) -> Path:
    if url.startswith("sqlite"):
        return Path(url.split("///", 1)[-1] + ".json")
    return RESULTS / f"pg-{hashlib.sha256(url.encode()).hexdigest()[:12]}.json"


def _fingerprint(scale: Scale, url: str) -> dict:
    return {
        "generator": GENERATOR_VERSION,
        "scale": asdict(scale),
        "schema": migrate.head_revision(url),
        "dataset": dataset_meta()["version"],
    }


def build_scale(url: str, scale: Scale, *, fresh: bool = False, log=print) -> dict:
    """The scaled dataset (reused when an identical one exists, unless fresh); returns its manifest."""
    sidecar = _sidecar(url)
    want = _fingerprint(scale, url)
    if not fresh and sidecar.exists():
        manifest = json.loads(sidecar.read_text())
        if manifest.get("fingerprint") == want and _still_there(url, manifest):
            manifest["reused"] = True
            return manifest
    log(
        f"generating the {scale.label} dataset ({scale.jurisdictions:,} jurisdictions, {scale.periods:,} periods, "
        f"{scale.bills:,} bills, {scale.snapshots:,} snapshots) ..."
    )
    started = time.perf_counter()
    build_1x(url)
    rt = Runtime(settings_for(url))
    with rt.engine.begin() as conn:
        _populate(conn, scale)
    if not url.startswith("sqlite"):
        _after_postgres_load(rt)
    counts = table_counts(rt)
    rt.engine.dispose()
    manifest = {
        "fingerprint": want,
        "url": url if url.startswith("sqlite") else "postgresql (see --database-url)",
        "seconds": round(time.perf_counter() - started, 1),
        "counts": counts,
        "history_code": HISTORY_CODE,
        "reused": False,
    }
    sidecar.parent.mkdir(parents=True, exist_ok=True)
    sidecar.write_text(json.dumps(manifest, indent=2))
    return manifest


def _still_there(url: str, manifest: dict) -> bool:
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).exists():
        return False
    try:
        rt = Runtime(settings_for(url))
        ok = rt.schema_is_current() and table_counts(rt) == manifest["counts"]
        rt.engine.dispose()
        return ok
    except Exception:  # noqa: BLE001 - anything odd means: generate again
        return False


def _after_postgres_load(rt: Runtime) -> None:
    """Explicit ids were inserted, so move every id sequence past them; then ANALYZE (autovacuum would)."""
    from tracker.store.models import Base

    with rt.engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if "id" in table.c and table.c.id.primary_key:
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
        conn.execute(text("ANALYZE"))


class _Ids:
    """Explicit primary keys continuing after what the 1x load left, so children can point at parents."""

    def __init__(self, conn):
        self.next = {}
        for model in (
            Jurisdiction,
            StatusPeriod,
            Citation,
            Bill,
            BillAction,
            Notice,
            Document,
            Snapshot,
            Proposal,
            JurisdictionEvent,
            ScrapeRun,
            AuditEntry,
            Source,
        ):
            self.next[model] = (conn.scalar(select(func.max(model.id))) or 0) + 1

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


def _slug_name(rng: random.Random, i: int) -> tuple[str, str]:
    a, b = rng.choice(WORDS), rng.choice(WORDS)
    kind = rng.choice(LOCALITY_KINDS)
    name = f"{a.title()}{b} {kind.title()}"
    return f"{a}{b}-{kind}-{i}", name


def _populate(conn, scale: Scale) -> None:
    rng = random.Random(SEED)
    ids = _Ids(conn)
    existing = dict(conn.execute(select(Jurisdiction.code, Jurisdiction.id)).all())
    parents = [
        (code, jid) for code, jid in existing.items() if code.startswith("US-") and "/" not in code
    ]
    countries = [
        (code, jid)
        for code, jid in existing.items()
        if len(code) == 2 and code not in ("US", "EU", "UN")
    ]

    # jurisdictions: the 200-period locality first, then localities until the target count
    new_localities: list[dict] = []
    history_id = ids.take(Jurisdiction)
    new_localities.append(
        {
            "id": history_id,
            "code": HISTORY_CODE,
            "name": "Long History City",
            "kind": "locality",
            "parent_id": existing["US-CA"],
            "notes": "Synthetic benchmark locality with 200 periods.",
        }
    )
    i = 0
    while len(existing) + len(new_localities) < scale.jurisdictions:
        i += 1
        parent_code, parent_id = (
            rng.choice(parents) if rng.random() < 0.7 else rng.choice(countries)
        )
        slug, name = _slug_name(rng, i)
        new_localities.append(
            {
                "id": ids.take(Jurisdiction),
                "code": f"{parent_code}/{slug}",
                "name": name,
                "kind": "locality",
                "parent_id": parent_id,
                "notes": None,
            }
        )
    _insert(conn, Jurisdiction.__table__, new_localities)

    # how many current periods each new locality gets; about 8% of rows are superseded corrections
    others = new_localities[1:]
    target_rows = max(scale.periods - HISTORY_PERIODS, len(others))
    corrections = int(target_rows * 0.08)
    current_rows = target_rows - corrections
    per_j = [1] * len(others)
    for _ in range(current_rows - len(others)):
        per_j[rng.randrange(len(others))] += 1
    plan = [(history_id, HISTORY_PERIODS)] + [(j["id"], n) for j, n in zip(others, per_j)]
    correction_left = corrections

    def period_rows() -> Iterator[tuple[dict, list[dict]]]:
        nonlocal correction_left
        for jid, n in plan:
            span_days = (SPAN_END - SPAN_START).days
            cuts = sorted(rng.sample(range(1, span_days), n - 1)) if n > 1 else []
            starts = [None] + [SPAN_START + timedelta(days=c) for c in cuts]
            ends = starts[1:] + [None]
            for k, (start, end) in enumerate(zip(starts, ends)):
                if k == 0 and rng.random() < 0.5:
                    start = SPAN_START  # half the histories start on a known date
                corrected = correction_left > 0 and rng.random() < 0.1
                if corrected:
                    correction_left -= 1
                    recorded = NOW - timedelta(days=rng.randint(200, 900))
                    yield _period(
                        rng,
                        ids,
                        jid,
                        start,
                        end,
                        recorded,
                        superseded=recorded + timedelta(days=rng.randint(10, 150)),
                    )
                yield _period(
                    rng,
                    ids,
                    jid,
                    start,
                    end,
                    NOW - timedelta(days=rng.randint(1, 190)),
                    superseded=None,
                )
        while correction_left > 0:  # top up so the total is exact
            correction_left -= 1
            jid = others[rng.randrange(len(others))]["id"] if others else history_id
            recorded = NOW - timedelta(days=rng.randint(200, 900))
            yield _period(
                rng,
                ids,
                jid,
                SPAN_START,
                SPAN_START + timedelta(days=30),
                recorded,
                superseded=recorded + timedelta(days=5),
            )

    periods_batch: list[dict] = []
    citations_batch: list[dict] = []
    for period, cites in period_rows():
        periods_batch.append(period)
        citations_batch.extend(cites)
        if len(periods_batch) >= CHUNK:
            conn.execute(StatusPeriod.__table__.insert(), periods_batch)
            conn.execute(Citation.__table__.insert(), citations_batch)
            periods_batch, citations_batch = [], []
    if periods_batch:
        conn.execute(StatusPeriod.__table__.insert(), periods_batch)
        conn.execute(Citation.__table__.insert(), citations_batch)

    all_j = list(existing.values()) + [j["id"] for j in new_localities]
    us_ids = [jid for _, jid in parents] or all_j
    _bills(conn, rng, ids, scale, us_ids)
    _notices(conn, rng, ids, scale, all_j)
    _documents(conn, rng, ids, scale, all_j)
    _misc(conn, rng, ids, scale, all_j)


def _period(
    rng, ids: _Ids, jid: int, start, end, recorded: datetime, superseded
) -> tuple[dict, list[dict]]:
    leaf = _weighted(rng, LEAF_WEIGHTS)
    seven_oh = _weighted(rng, SEVEN_OH_WEIGHTS)
    min_age = rng.choice((None, None, 18, 21)) if leaf in ("regulated", "unregulated") else None
    threshold = rng.choice(THRESHOLDS) if seven_oh == "capped" else None
    pid = ids.take(StatusPeriod)
    year = (start or SPAN_START).year
    verified = (NOW - timedelta(days=rng.randint(0, 400))).date()
    row = {
        "id": pid,
        "jurisdiction_id": jid,
        "effective_from": start,
        "effective_to": end,
        "enacted_on": (start - timedelta(days=rng.randint(10, 120)))
        if start and rng.random() < 0.4
        else None,
        "leaf": leaf,
        "seven_oh": seven_oh,
        "seven_oh_threshold": threshold,
        "min_age": min_age,
        "licensing": leaf == "regulated" and rng.random() < 0.5,
        "labelling": leaf == "regulated" and rng.random() < 0.6,
        "substances": ["kratom"] + (["7-hydroxymitragynine"] if seven_oh != "unregulated" else []),
        "category": codebook.derive_category(leaf, seven_oh, min_age),
        "summary": f"Synthetic {leaf.replace('_', ' ')} period; 7-OH {seven_oh}."
        + (f" Minimum age {min_age}." if min_age else ""),
        "notes": None,
        "confidence": _weighted(rng, CONFIDENCE_WEIGHTS),
        "verified_on": verified,
        "fingerprint": hashlib.sha256(f"{jid}:{pid}:{leaf}:{seven_oh}".encode()).hexdigest(),
        "recorded_at": recorded,
        "superseded_at": superseded,
        "recorded_by": "bench-generator",
    }
    cites = []
    for pos in range(rng.choice((1, 1, 2))):
        n, m = rng.randint(1, 999), rng.randint(1, 99)
        label = rng.choice(CITATION_LABELS).format(
            y=year, n=n, m=m, d=(start or SPAN_START).isoformat()
        )
        cites.append(
            {
                "id": ids.take(Citation),
                "period_id": pid,
                "position": pos,
                "kind": rng.choice(("statute", "rule", "notice", "official-statement", "bill")),
                "label": label,
                "url": f"https://codes.example.gov/j{jid}/{year}/{n}-{m}",
                "accessed": verified,
            }
        )
    return row, cites


def _bills(conn, rng, ids: _Ids, scale: Scale, us_ids: list[int]) -> None:
    def bills() -> Iterator[dict]:
        for i in range(scale.bills):
            title, intent = rng.choice(BILL_TITLES)
            year = rng.randint(2014, 2026)
            seen = NOW - timedelta(days=rng.randint(1, 3000))
            yield {
                "id": ids.take(Bill),
                "source": BILL_SOURCES[i % 3],
                "external_id": f"bench-{i}",
                "jurisdiction_id": rng.choice(us_ids),
                "session": str(year),
                "identifier": f"{rng.choice(('HB', 'SB', 'AB', 'H', 'S'))} {rng.randint(1, 4999)}",
                "title": title,
                "url": f"https://legislature.example.gov/{year}/bills/{i}",
                "stage": rng.choice(BILL_STAGES),
                "intent": intent,
                "relevant": True,
                "matched_terms": ["kratom"],
                "source_updated_at": seen.isoformat(),
                "content_hash": hashlib.sha256(f"bill{i}".encode()).hexdigest(),
                "first_seen_at": seen,
                "last_changed_at": seen + timedelta(days=rng.randint(0, 90)),
            }

    first_bill = ids.next[Bill]
    _insert(conn, Bill.__table__, bills())

    def actions() -> Iterator[dict]:
        for bill_id in range(first_bill, first_bill + scale.bills):
            for pos, (desc, cls) in enumerate(
                (
                    ("Introduced", ["introduction"]),
                    ("Referred to committee", ["referral-committee"]),
                )[: rng.randint(1, 2)]
            ):
                yield {
                    "id": ids.take(BillAction),
                    "bill_id": bill_id,
                    "position": pos,
                    "date": "2025-01-15",
                    "description": desc,
                    "classification": cls,
                    "chamber": "lower",
                }

    _insert(conn, BillAction.__table__, actions())


def _notices(conn, rng, ids: _Ids, scale: Scale, all_j: list[int]) -> None:
    n = max(100, scale.bills // 10)
    _insert(
        conn,
        Notice.__table__,
        (
            {
                "id": ids.take(Notice),
                "source": "federal_register",
                "external_id": f"bench-{i}",
                "jurisdiction_id": rng.choice(all_j),
                "title": "Schedules of Controlled Substances: Placement of Mitragynine and 7-Hydroxymitragynine",
                "doc_type": rng.choice(("Proposed Rule", "Rule", "Notice")),
                "agencies": ["Drug Enforcement Administration"],
                "publication_date": "2025-03-01",
                "effective_on": None,
                "url": f"https://www.federalregister.gov/d/bench-{i}",
                "abstract": LOREM[:200],
                "relevant": True,
                "content_hash": hashlib.sha256(f"n{i}".encode()).hexdigest(),
                "first_seen_at": NOW - timedelta(days=rng.randint(1, 2000)),
            }
            for i in range(n)
        ),
    )


def _documents(conn, rng, ids: _Ids, scale: Scale, all_j: list[int]) -> None:
    first_doc = ids.next[Document]
    _insert(
        conn,
        Document.__table__,
        (
            {
                "id": ids.take(Document),
                "source": "page",
                "key": f"https://health.example.gov/kratom/{i}",
                "jurisdiction_id": rng.choice(all_j),
                "title": f"Kratom guidance page {i}",
                "url": f"https://health.example.gov/kratom/{i}",
            }
            for i in range(scale.documents)
        ),
    )
    per_doc = scale.snapshots // scale.documents
    tails = [" ".join(rng.choice(WORDS) for _ in range(40)) for _ in range(512)]

    def contents_and_snapshots() -> Iterator[tuple[dict, dict]]:
        for d in range(scale.documents):
            for r in range(per_doc):
                body = f"{LOREM}Revision {r} of document {d}. {tails[(d * 7 + r) % 512]}"
                sha = hashlib.sha256(body.encode()).hexdigest()
                yield (
                    {"sha256": sha, "text": body, "size": len(body)},
                    {
                        "id": ids.take(Snapshot),
                        "document_id": first_doc + d,
                        "content_sha256": sha,
                        "fetched_at": NOW - timedelta(days=(per_doc - r) * 30),
                        "revision": str(r),
                        "url": f"https://health.example.gov/kratom/{d}",
                        "period_id": None,
                    },
                )

    for batch in _chunks(contents_and_snapshots()):
        conn.execute(Content.__table__.insert(), [c for c, _ in batch])
        conn.execute(Snapshot.__table__.insert(), [s for _, s in batch])


def _misc(conn, rng, ids: _Ids, scale: Scale, all_j: list[int]) -> None:
    existing_sources = set(conn.scalars(select(Source.name)))
    source_rows = [
        {
            "id": ids.take(Source),
            "name": name,
            "state": {},
            "last_success_at": NOW - timedelta(hours=3),
            "last_failure_at": None,
            "last_error": None,
            "consecutive_failures": 0,
            "next_due_at": NOW + timedelta(hours=3),
        }
        for name in SOURCE_NAMES
        if name not in existing_sources
    ]
    _insert(conn, Source.__table__, source_rows)
    source_ids = list(conn.scalars(select(Source.id)))
    _insert(
        conn,
        ScrapeRun.__table__,
        (
            {
                "id": ids.take(ScrapeRun),
                "source_id": source_ids[i % len(source_ids)],
                "started_at": NOW - timedelta(hours=6 * i),
                "finished_at": NOW - timedelta(hours=6 * i) + timedelta(seconds=40),
                "outcome": rng.choice(("ok", "unchanged", "unchanged", "failed")),
                "inserted": 0,
                "updated": 0,
                "noop": rng.randint(0, 30),
                "requests": rng.randint(1, 12),
                "error_class": None,
                "error_message": None,
                "http_status": None,
                "dry_run": False,
                "evidence": [],
                "notes": None,
            }
            for i in range(2_000)
        ),
    )
    _insert(
        conn,
        Proposal.__table__,
        (
            {
                "id": ids.take(Proposal),
                "jurisdiction_id": rng.choice(all_j),
                "dedupe_key": f"bench:{i}",
                "source": "openstates",
                "kind": "bill_enacted",
                "title": f"HB {i} enacted: Kratom Consumer Protection Act",
                "evidence": {"url": f"https://legislature.example.gov/{i}"},
                "suggested": {"leaf": "regulated", "min_age": 21},
                "status": rng.choice(("open", "accepted", "rejected")),
                "created_at": NOW - timedelta(days=rng.randint(1, 500)),
                "decided_at": None,
                "decided_by": None,
                "reason": None,
                "period_id": None,
            }
            for i in range(max(200, scale.bills // 25))
        ),
    )
    _insert(
        conn,
        JurisdictionEvent.__table__,
        (
            {
                "id": ids.take(JurisdictionEvent),
                "jurisdiction_id": rng.choice(all_j),
                "date": SPAN_START + timedelta(days=rng.randint(0, 11000)),
                "title": "Health department warning about kratom products",
                "citation_kind": "notice",
                "citation_label": f"Advisory {i}",
                "citation_url": f"https://health.example.gov/advisory/{i}",
                "fingerprint": hashlib.sha256(f"e{i}".encode()).hexdigest(),
                "recorded_at": NOW - timedelta(days=rng.randint(1, 300)),
                "superseded_at": None,
                "recorded_by": "bench-generator",
            }
            for i in range(max(500, scale.bills // 10))
        ),
    )
    _insert(
        conn,
        AuditEntry.__table__,
        (
            {
                "id": ids.take(AuditEntry),
                "at": NOW - timedelta(minutes=i),
                "actor": "bench-generator",
                "action": "period.insert",
                "entity": "status_period",
                "entity_id": str(i),
                "detail": {},
            }
            for i in range(10_000)
        ),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--scale", choices=["1x", *SCALES], default="full")
    parser.add_argument(
        "--database-url",
        help="PostgreSQL URL (its database name must contain 'bench'; it is wiped). Default: a SQLite file under bench/results/.",
    )
    parser.add_argument(
        "--fresh", action="store_true", help="Regenerate even when an identical dataset exists."
    )
    args = parser.parse_args(argv)
    url = args.database_url or sqlite_url(RESULTS / f"bench-{args.scale}.sqlite3")
    if args.database_url:
        url = Settings.from_env({"TRACKER_DATABASE_URL": url}).database_url
    if args.scale == "1x":
        result = build_1x(url)
    else:
        result = build_scale(
            url, SCALES[args.scale], fresh=args.fresh, log=lambda m: print(m, file=sys.stderr)
        )
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
