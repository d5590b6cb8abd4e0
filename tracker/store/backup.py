"""Backup and restore, with row counts and checksums of the history tables to prove the copy.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot while the
app and cron keep running; the copy is checked with `PRAGMA integrity_check`.
PostgreSQL: `pg_dump -Fc` from an exported snapshot (so the counts printed are exactly what the
dump holds) and `pg_restore` in a single transaction.

Every backup gets a manifest beside it (`PATH.manifest.json`): schema revision, row counts per
table, a sha256 per history table and over all of them, and the sha256 of the backup file.
A restore refuses a non-empty database unless forced, checks the file against its manifest
before touching the database, and compares counts and checksums after.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Connection, Engine, MetaData, Table, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

# Append-only history and what it hangs from: a restore must give these back bit for bit.
HISTORY_TABLES = (
    "jurisdictions",
    "status_periods",
    "citations",
    "jurisdiction_events",
    "proposals",
    "audit_log",
)
SQLITE_MAGIC = b"SQLite format 3\x00"
# A SQLite backup also carries its summary inside the file, so a copy that lost the manifest beside
# it can still be checked for damage from the file itself (issue #10); restore drops the table.
EMBEDDED_MANIFEST = "kratom_backup_manifest"
PGDUMP_MAGIC = b"PGDMP"
PG_TOOLS_HINT = "install the PostgreSQL client tools matching the server's major version (Debian: apt-get install postgresql-client)"


class BackupError(RuntimeError):
    """A backup or restore that cannot be done or did not verify."""


class NotEmpty(BackupError):
    """The restore target already holds data and --force was not given."""


@dataclass
class Summary:
    """What a database (or a backup of it) holds: revision, row counts, history checksums."""

    revision: str | None
    counts: dict[str, int]
    table_checksums: dict[str, str]
    checksum: str
    integrity: str = "ok"
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Summary:
        return cls(
            **{
                k: data[k]
                for k in ("revision", "counts", "table_checksums", "checksum", "integrity")
            },
            extra=data.get("extra", {}),
        )

    def lines(self) -> list[str]:
        """Human-readable report: revision, one line per table, the history checksum."""
        out = [f"schema revision: {self.revision or 'none'}; integrity: {self.integrity}"]
        width = max((len(n) for n in self.counts), default=10)
        for name, n in sorted(self.counts.items()):
            mark = (
                f"  sha256 {self.table_checksums[name][:16]}"
                if name in self.table_checksums
                else ""
            )
            out.append(f"  {name:<{width}} {n:>9} rows{mark}")
        out.append(f"history checksum (sha256 over {', '.join(HISTORY_TABLES)}): {self.checksum}")
        return out

    def differences(self, other: Summary) -> list[str]:
        """What differs between two summaries (empty when they match)."""
        diffs = []
        if self.revision != other.revision:
            diffs.append(f"schema revision {self.revision} != {other.revision}")
        for name in sorted(set(self.counts) | set(other.counts)):
            if self.counts.get(name) != other.counts.get(name):
                diffs.append(
                    f"{name}: {self.counts.get(name)} rows != {other.counts.get(name)} rows"
                )
        for name in sorted(set(self.table_checksums) | set(other.table_checksums)):
            if self.table_checksums.get(name) != other.table_checksums.get(name):
                diffs.append(f"{name}: checksum differs")
        return diffs


# ---------------------------------------------------------------------------------------------
# counting and checksums (any backend)


def _canon(value):
    """A JSON-safe, backend-independent form of a column value."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, str) and value[:1] in "[{":
        try:  # JSON kept as text by some drivers: compare by meaning, not by spacing
            return json.loads(value)
        except ValueError:
            return value
    return value


def table_checksum(conn: Connection, name: str, columns: set[str] | None = None) -> str:
    """sha256 over a table's rows in primary-key order, each row in a canonical JSON form.

    `columns` limits the digest to those columns (to compare a table across schema revisions).
    """
    table = Table(name, MetaData(), autoload_with=conn)
    cols = [c for c in table.columns if columns is None or c.name in columns]
    order = list(table.primary_key.columns) or cols
    digest = hashlib.sha256()
    digest.update(json.dumps([name, [c.name for c in cols]]).encode())
    result = conn.execution_options(yield_per=2000).execute(select(*cols).order_by(*order))
    for row in result:
        digest.update(
            json.dumps(
                [_canon(v) for v in row],
                sort_keys=True,
                ensure_ascii=False,
                separators=(",", ":"),
                default=str,
            ).encode()
        )
        digest.update(b"\n")
    return digest.hexdigest()


def combined_checksum(table_checksums: dict[str, str]) -> str:
    """One sha256 over the history tables' checksums (an absent table counts as absent)."""
    digest = hashlib.sha256()
    for name in HISTORY_TABLES:
        digest.update(f"{name}:{table_checksums.get(name, '-')}\n".encode())
    return digest.hexdigest()


def summarise(conn: Connection, integrity: str = "ok") -> Summary:
    """Row counts of every table and checksums of the history tables, read on one connection."""
    names = sorted(n for n in inspect(conn).get_table_names() if n != EMBEDDED_MANIFEST)
    revision = None
    if "alembic_version" in names:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    counts = {
        n: conn.execute(text(f'SELECT COUNT(*) FROM "{n}"')).scalar_one()
        for n in names
        if n != "alembic_version"
    }
    sums = {n: table_checksum(conn, n) for n in HISTORY_TABLES if n in names}
    return Summary(revision, counts, sums, combined_checksum(sums), integrity)


def summarise_engine(engine: Engine) -> Summary:
    with engine.connect() as conn:
        integrity = sqlite_integrity(conn) if engine.dialect.name == "sqlite" else "ok"
        return summarise(conn, integrity)


def sqlite_integrity(conn: Connection) -> str:
    """`PRAGMA integrity_check`: 'ok' or the problems it lists."""
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    return "ok" if rows == ["ok"] else "; ".join(rows[:20])


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest.json")


def _write_manifest(path: Path, backend: str, summary: Summary, seconds: float) -> None:
    data = {
        "format": "kratom-tracker-backup/1",
        "backend": backend,
        "file": path.name,
        "bytes": path.stat().st_size,
        "sha256": file_sha256(path),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        **summary.to_json(),
    }
    tmp = manifest_path(path).with_suffix(".partial")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path(path))


def read_manifest(path: Path) -> dict | None:
    """The manifest written beside a backup, or None when there is none."""
    m = manifest_path(path)
    if not m.exists():
        return None
    try:
        return json.loads(m.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{m} is not a readable manifest: {exc}") from None


def _check_against_manifest(path: Path, manifest: dict | None) -> Summary | None:
    if manifest is None:
        return None
    if manifest.get("sha256") and file_sha256(path) != manifest["sha256"]:
        raise BackupError(
            f"{path} does not match its manifest (sha256 differs): the file is damaged or was replaced"
        )
    return Summary.from_json(manifest)


def _kind(path: Path) -> str:
    with open(path, "rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump custom-format archive")


def redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@dataclass
class Result:
    path: Path
    backend: str
    seconds: float
    bytes: int
    summary: Summary
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# SQLite


def _sqlite_file_engine(path: Path, readonly: bool = True) -> Engine:
    mode = "ro" if readonly else "rw"
    return create_engine(f"sqlite:///file:{quote(str(path))}?mode={mode}&uri=true")


def _summarise_sqlite_file(path: Path) -> Summary:
    engine = _sqlite_file_engine(path)
    try:
        return summarise_engine(engine)
    finally:
        engine.dispose()


def _remove_partial(tmp: Path) -> None:
    for leftover in (
        tmp,
        tmp.with_name(tmp.name + "-journal"),
        tmp.with_name(tmp.name + "-wal"),
        tmp.with_name(tmp.name + "-shm"),
    ):
        leftover.unlink(missing_ok=True)


def _disk_hint(exc: BaseException) -> str:
    text = str(exc).lower()
    if "full" in text or getattr(exc, "errno", None) == 28:
        return " (the disk is full: free some space; nothing was kept)"
    return ""


def backup_sqlite(engine: Engine, dest: Path) -> Result:
    """Copy a live SQLite database with the online backup API, then verify the copy."""
    started = time.monotonic()
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.partial")
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(tmp)
        try:
            raw.driver_connection.backup(target)  # all pages in one step: one consistent snapshot
            # a self-contained single file: no -wal/-shm needed to read the copy
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except (
        OSError,
        sqlite3.Error,
    ) as exc:  # a full or read-only disk: leave nothing half-written behind
        _remove_partial(tmp)
        raise BackupError(f"could not write {dest}: {exc}{_disk_hint(exc)}") from None
    except Exception:
        _remove_partial(tmp)
        raise
    finally:
        raw.close()
    summary = _summarise_sqlite_file(tmp)
    if summary.integrity != "ok":
        tmp.unlink(missing_ok=True)
        raise BackupError(f"the copy failed PRAGMA integrity_check: {summary.integrity}")
    embed = sqlite3.connect(tmp)
    try:
        with embed:
            embed.execute(f"CREATE TABLE {EMBEDDED_MANIFEST} (summary TEXT NOT NULL)")
            embed.execute(
                f"INSERT INTO {EMBEDDED_MANIFEST} VALUES (?)",
                (json.dumps(summary.to_json(), sort_keys=True),),
            )
    except (OSError, sqlite3.Error) as exc:
        embed.close()
        _remove_partial(tmp)
        raise BackupError(f"could not write {dest}: {exc}{_disk_hint(exc)}") from None
    finally:
        embed.close()
    os.replace(tmp, dest)
    seconds = time.monotonic() - started
    _write_manifest(dest, "sqlite", summary, seconds)
    return Result(dest, "sqlite", seconds, dest.stat().st_size, summary)


def _user_tables(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def embedded_summary(path: Path) -> Summary | None:
    """The summary a SQLite backup carries inside itself, or None (older backups, other files)."""
    engine = _sqlite_file_engine(path)
    try:
        with engine.connect() as conn:
            if EMBEDDED_MANIFEST not in inspect(conn).get_table_names():
                return None
            raw = conn.execute(text(f"SELECT summary FROM {EMBEDDED_MANIFEST}")).scalar()
        return Summary.from_json(json.loads(raw)) if raw else None
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(
            f"{path}: the summary stored inside the backup is unreadable ({exc})"
        ) from None
    finally:
        engine.dispose()


def restore_sqlite(engine: Engine, src: Path, force: bool) -> Result:
    """Copy a SQLite backup into the configured database with the backup API, then verify.

    The file is checked against the manifest beside it; without one, against the summary stored
    inside it (row counts and history checksums recomputed from the file). A file with neither
    cannot be checked for damage, and is refused."""
    started = time.monotonic()
    expected = _check_against_manifest(src, read_manifest(src))
    in_file = _summarise_sqlite_file(src)
    if in_file.integrity != "ok":
        raise BackupError(f"{src} fails PRAGMA integrity_check: {in_file.integrity}")
    if expected is None:
        expected = embedded_summary(src)
        if expected is None:
            raise BackupError(
                f"{src} has no manifest beside it ({manifest_path(src).name}) and no summary inside it, "
                "so it cannot be checked for damage; restore refused (put its manifest back)"
            )
        if diffs := expected.differences(in_file):
            raise BackupError(
                f"{src} is damaged: it does not hold what it recorded when it was made: {'; '.join(diffs[:5])}"
            )
    if expected is not None and (diffs := expected.differences(in_file)):
        raise BackupError(f"{src} does not hold what its manifest says: {'; '.join(diffs[:5])}")
    existing = _user_tables(engine)
    if existing and not force:
        raise NotEmpty(
            f"the database {redacted(str(engine.url))} is not empty ({len(existing)} tables); "
            "restoring would replace it: stop the app and cron, then use --force"
        )
    engine.dispose()
    source = sqlite3.connect(f"file:{quote(str(src))}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        source.backup(raw.driver_connection)
        raw.driver_connection.execute(f"DROP TABLE IF EXISTS {EMBEDDED_MANIFEST}")
        raw.driver_connection.commit()
    finally:
        raw.close()
        source.close()
        engine.dispose()
    after = summarise_engine(engine)
    _verify(after, in_file)
    seconds = time.monotonic() - started
    return Result(src, "sqlite", seconds, src.stat().st_size, after)


def _verify(after: Summary, expected: Summary) -> None:
    if after.integrity != "ok":
        raise BackupError(f"the restored database fails PRAGMA integrity_check: {after.integrity}")
    diffs = expected.differences(after)
    if diffs:
        raise BackupError(f"the restored database differs from the backup: {'; '.join(diffs[:8])}")


# ---------------------------------------------------------------------------------------------
# PostgreSQL


def pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a BackupError naming what to install."""
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} was not found on PATH; backup and restore of PostgreSQL need pg_dump and "
            f"pg_restore: {PG_TOOLS_HINT}"
        )
    return found


def libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URI without the password, and an environment carrying the password (not argv)."""
    u = make_url(url)
    env = {**os.environ}
    if u.password:
        env["PGPASSWORD"] = u.password
    return u.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(args: list[str], env: dict[str, str], what: str, timeout: float = 3600) -> None:
    try:
        done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what} did not finish within {timeout:.0f} s") from None
    if done.returncode != 0:
        lines = [ln for ln in (done.stderr or done.stdout).strip().splitlines() if ln.strip()]
        raise BackupError(f"{what} failed (exit {done.returncode}): {' | '.join(lines[-5:])}")


def backup_postgres(engine: Engine, dest: Path) -> Result:
    """pg_dump -Fc from an exported snapshot; the counts and checksums are read in that snapshot."""
    pg_dump = pg_tool("pg_dump")
    pg_tool("pg_restore")  # needed to verify the archive, and to restore it later
    conninfo, env = libpq(engine.url.render_as_string(hide_password=False))
    started = time.monotonic()
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
            with conn.begin():
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                summary = summarise(conn)
                _run(
                    [
                        pg_dump,
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot}",
                        f"--file={tmp}",
                        f"--dbname={conninfo}",
                    ],
                    env,
                    "pg_dump",
                )
        _run(
            [shutil.which("pg_restore") or "pg_restore", "--list", str(tmp)],
            env,
            "pg_restore --list (archive check)",
        )
    except Exception:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, dest)
    seconds = time.monotonic() - started
    _write_manifest(dest, "postgresql", summary, seconds)
    return Result(dest, "postgresql", seconds, dest.stat().st_size, summary)


def restore_postgres(engine: Engine, src: Path, force: bool) -> Result:
    """pg_restore in one transaction (all or nothing), then compare with the manifest."""
    pg_restore = pg_tool("pg_restore")
    started = time.monotonic()
    manifest = read_manifest(src)
    expected = _check_against_manifest(src, manifest)
    conninfo, env = libpq(engine.url.render_as_string(hide_password=False))
    existing = _user_tables(engine)
    if existing and not force:
        raise NotEmpty(
            f"the database {redacted(str(engine.url))} is not empty ({len(existing)} tables); "
            "restoring would replace it: stop the app and cron, then use --force"
        )
    engine.dispose()
    args = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={conninfo}",
    ]
    if existing:
        args[1:1] = ["--clean", "--if-exists"]
    _run([*args, str(src)], env, "pg_restore")
    engine.dispose()
    after = summarise_engine(engine)
    notes = []
    if expected is not None:
        _verify(after, expected)
        stale = sorted(set(after.counts) - set(expected.counts))
        if stale:
            notes.append(f"tables not in the backup were left in place: {', '.join(stale)}")
    else:
        notes.append(
            f"no manifest beside {src.name}: restored without a checksum to compare against"
        )
    seconds = time.monotonic() - started
    return Result(src, "postgresql", seconds, src.stat().st_size, after, notes)


# ---------------------------------------------------------------------------------------------
# entry points


def backup(engine: Engine, dest: Path, force: bool = False) -> Result:
    """Back up the database behind the engine to dest (refusing to overwrite unless forced)."""
    dest = Path(dest).expanduser().resolve()
    if dest.exists() and not force:
        raise NotEmpty(f"{dest} already exists; choose another name or use --force to overwrite it")
    if not dest.parent.is_dir():
        raise BackupError(f"the folder {dest.parent} does not exist")
    if engine.dialect.name == "sqlite":
        return backup_sqlite(engine, dest)
    if engine.dialect.name == "postgresql":
        return backup_postgres(engine, dest)
    raise BackupError(f"backup of {engine.dialect.name} databases is not supported")


def restore(engine: Engine, src: Path, force: bool = False) -> Result:
    """Restore a backup made by `backup` into the database behind the engine."""
    src = Path(src).expanduser().resolve()
    if not src.is_file():
        raise BackupError(f"{src} does not exist or is not a file")
    kind = _kind(src)
    if kind != engine.dialect.name:
        raise BackupError(
            f"{src} is a {kind} backup but the configured database is {engine.dialect.name}; "
            "restore it into a database of the same kind"
        )
    if kind == "sqlite":
        return restore_sqlite(engine, src, force)
    return restore_postgres(engine, src, force)
