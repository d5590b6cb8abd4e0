"""What every benchmark case gets: the datasets, the load parameters and where to write."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import RESULTS, Scale


@dataclass
class Ctx:
    quick: bool
    scale: Scale
    url_1x: str  # the bundled dataset
    url_scale: str  # the generated dataset
    manifest: dict  # what the generator made (counts, history_code)
    concurrency: int = 2
    requests: int = 2000  # per latency figure (upper bound)
    duration_s: float = 30.0  # per latency figure (upper bound)
    csv_downloads: int = 20
    asof_runs: int = 2000
    results: Path = RESULTS
    notes: list[str] = field(default_factory=list)

    @property
    def is_sqlite(self) -> bool:
        return self.url_scale.startswith("sqlite")

    @property
    def scale_file(self) -> Path | None:
        return Path(self.url_scale.split("///", 1)[-1]) if self.is_sqlite else None

    @property
    def scale_label(self) -> str:
        """How the figures name the scaled dataset; quick mode says it is smaller."""
        c = self.manifest.get("counts", {})
        text = (
            f"{c.get('jurisdictions', 0):,} jurisdictions / {c.get('status_periods', 0):,} periods"
        )
        return f"quick scale: {text}" if self.scale.label == "quick" else f"scale: {text}"

    @property
    def instance(self) -> Path:
        return self.results / "instance"

    def log_path(self, name: str) -> Path:
        return self.results / "logs" / f"{name}.log"

    def say(self, message: str) -> None:
        print(f"  .. {message}", file=sys.stderr, flush=True)
