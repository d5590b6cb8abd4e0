"""A small closed-loop load generator and the servers it talks to, all on 127.0.0.1.

- `hammer()`: N worker threads, each with its own keep-alive HTTP/1.1 connection, send GETs until
  a fixed request count or a time limit is reached (whichever comes first), after a warm-up.
  Latency is measured per request from send to the last body byte; percentiles are nearest-rank.
- `Server`: the production WSGI server (`python -m tracker serve`, i.e. waitress) or Datasette,
  started as a subprocess on a free loopback port, waited for (bounded), and stopped by its pid.
- `rss_kib()` / `reset_peak_rss()`: the server process's memory from /proc (Linux).

Closed-loop load hides queueing delay ("coordinated omission"). With 2 connections on a 2-core
box shared with this generator, cheap requests (a 304, a cached page) already keep both cores
busy, so their p99 includes some queueing: a pessimistic view of a lightly used dashboard.
"""

from __future__ import annotations

import http.client
import math
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

HOST = "127.0.0.1"
START_TIMEOUT_S = 60.0
REQUEST_TIMEOUT_S = (
    10.0  # anything slower fails every budget; keeps each figure bounded (quick: 5 s)
)
WARMUP_LIMIT_S = 3.0


def percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class LoadResult:
    path: str
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    bytes_total: int = 0
    seconds: float = 0.0
    concurrency: int = 1
    first_error: str | None = None
    by_path: dict[str, list[float]] = field(default_factory=dict)
    ok_statuses: tuple[
        int, ...
    ] = ()  # non-2xx statuses that count as answers (304 to a conditional GET)

    @property
    def count(self) -> int:
        return len(self.latencies_ms)

    def pct(self, p: float) -> float:
        return percentile(sorted(self.latencies_ms), p)

    @property
    def non_2xx(self) -> int:
        return (
            sum(
                n
                for status, n in self.statuses.items()
                if not 200 <= status < 300 and status not in self.ok_statuses
            )
            + self.errors
        )

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        return {
            "path": self.path,
            "requests": self.count,
            "concurrency": self.concurrency,
            "p50_ms": round(self.pct(50), 2),
            "p90_ms": round(self.pct(90), 2),
            "p99_ms": round(self.pct(99), 2),
            "max_ms": round(max(self.latencies_ms), 2) if self.latencies_ms else None,
            "req_per_s": round(self.rps, 1),
            "non_2xx": self.non_2xx,
            "statuses": self.statuses,
            "mean_bytes": round(self.bytes_total / self.count) if self.count else 0,
            "first_error": self.first_error,
        }

    def detail(self) -> str:
        return (
            f"p50 {self.pct(50):.1f} ms, p90 {self.pct(90):.1f} ms, {self.rps:.0f} req/s, n={self.count}, "
            f"c={self.concurrency}, non-2xx {self.non_2xx}, {self.bytes_total // max(self.count, 1):,} B"
        )


def get_once(
    port: int, path: str, timeout: float | None = None, headers: dict | None = None
) -> tuple[int, bytes, dict]:
    """One GET on a fresh connection: (status, body, headers)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout or REQUEST_TIMEOUT_S)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read(), dict(resp.getheaders())
    finally:
        conn.close()


def hammer(
    port: int,
    path: str | list[str],
    *,
    requests: int,
    duration_s: float,
    concurrency: int,
    warmup: int = 10,
    headers: dict | None = None,
) -> LoadResult:
    """Send `requests` GETs (or stop at `duration_s`) from `concurrency` keep-alive connections.

    path may be a list: request i then goes to path[i % len(path)] (a traffic mix), and the
    result also keeps each path's latencies (result.by_path).
    """
    paths = path if isinstance(path, list) else [path]
    result = LoadResult(
        paths[0] if len(paths) == 1 else f"mix of {len(set(paths))} paths", concurrency=concurrency
    )
    lock = threading.Lock()
    issued = 0

    def take() -> str | None:
        nonlocal issued
        with lock:
            if issued >= requests:
                return None
            issued += 1
            return paths[(issued - 1) % len(paths)]

    warm_until = time.perf_counter() + WARMUP_LIMIT_S
    for i in range(max(0, warmup)):
        if time.perf_counter() > warm_until:
            break
        try:
            get_once(port, paths[i % len(paths)], headers=headers)
        except OSError:
            break
    deadline = time.perf_counter() + duration_s

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        try:
            while time.perf_counter() < deadline and (target := take()) is not None:
                started = time.perf_counter()
                try:
                    conn.request("GET", target, headers=headers or {})
                    resp = conn.getresponse()
                    body = resp.read()
                    elapsed = (time.perf_counter() - started) * 1000
                    with lock:
                        result.latencies_ms.append(elapsed)
                        result.by_path.setdefault(target, []).append(elapsed)
                        result.statuses[resp.status] = result.statuses.get(resp.status, 0) + 1
                        result.bytes_total += len(body)
                    if resp.will_close:
                        conn.close()
                        conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
                except (OSError, http.client.HTTPException) as exc:
                    with lock:
                        result.errors += 1
                        result.first_error = result.first_error or f"{type(exc).__name__}: {exc}"
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT_S)
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration_s + REQUEST_TIMEOUT_S + 5)
    result.seconds = time.perf_counter() - started
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Server:
    """A server subprocess on 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        argv: list[str],
        port: int,
        *,
        env: dict | None = None,
        log_path: Path,
        ready_path: str = "/",
    ):
        self.argv, self.port, self.env, self.log_path, self.ready_path = (
            argv,
            port,
            env,
            log_path,
            ready_path,
        )
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Self:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.argv,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=self.env,
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.argv[0]} exited with {self.proc.returncode}; see {self.log_path}"
                )
            try:
                get_once(self.port, self.ready_path, timeout=5)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(
            f"server did not answer within {START_TIMEOUT_S:.0f} s; see {self.log_path}"
        )

    def __exit__(self, *exc) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid


def tracker_server(
    database_url: str,
    instance: Path,
    log_path: Path,
    threads: int | None = None,
    extra_env: dict | None = None,
) -> Server:
    """`kratom-tracker serve` (waitress) over the given database, as in production (threads: its default)."""
    port = free_port()
    env = {
        **os.environ,
        "TRACKER_DATABASE_URL": database_url,
        "TRACKER_INSTANCE_PATH": str(instance),
        "TRACKER_SECRET_KEY": "bench-only-not-a-secret",
        "TRACKER_ENV": "production",
        **(extra_env or {}),
    }
    argv = [sys.executable, "-m", "tracker", "serve", "--host", HOST, "--port", str(port)]
    if threads is not None:
        argv += ["--threads", str(threads)]
    return Server(argv, port, env=env, log_path=log_path, ready_path="/healthz")


def datasette_server(db_file: Path, metadata: Path, log_path: Path) -> Server:
    """`datasette serve FILE` with a metadata file (canned queries) on a free loopback port."""
    exe = Path(sys.executable).parent / "datasette"
    if not exe.exists():
        raise FileNotFoundError(
            "datasette is not installed in this environment (pip install -e '.[bench]')"
        )
    port = free_port()
    argv = [
        str(exe),
        "serve",
        str(db_file),
        "-h",
        HOST,
        "-p",
        str(port),
        "--metadata",
        str(metadata),
    ]
    return Server(argv, port, log_path=log_path, ready_path="/-/versions.json")


def _proc_status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, value = line.split(":", 1)
            out[key] = int(value.split()[0])
    return out


def rss_kib(pid: int) -> int:
    """Resident set size now (KiB)."""
    return _proc_status(pid)["VmRSS"]


def peak_rss_kib(pid: int) -> int:
    """Peak resident set size since start or since reset_peak_rss (KiB)."""
    return _proc_status(pid)["VmHWM"]


def reset_peak_rss(pid: int) -> bool:
    """Reset the kernel's peak-RSS mark (Linux >= 4.0); False if not permitted."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False
