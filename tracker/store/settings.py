"""One settings object, read once from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_USER_AGENT = "kratom-legal-status-tracker/0.1 (+https://github.com/kratom-tracker; contact: tracker@example.org)"


class ConfigError(ValueError):
    """A configuration value is missing or malformed."""


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read from TRACKER_* and API-key variables."""

    instance_path: Path
    database_url: str
    secret_key: str | None
    user_agent: str = DEFAULT_USER_AGENT
    api_keys: Mapping[str, str] = field(default_factory=dict)
    notify_urls: tuple[str, ...] = ()
    healthcheck_url: str | None = None
    production: bool = False
    allow_private_fetch: bool = False
    source_base_urls: Mapping[str, str] = field(default_factory=dict)
    fetch_rate_per_minute: int | None = None
    watchlist_path: str | None = None
    page_cache_entries: int = 512  # anonymous GET pages kept in memory; 0 turns the cache off
    dataset_dir: Path | None = (
        None  # TRACKER_DATASET_DIR: an operator's edited copy of tracker/data
    )
    page_cache_bytes: int = 64_000_000  # ... and at most this many bytes of them
    public_url: str | None = (
        None  # the site's address: every absolute URL (feeds, permalinks, OpenAPI) uses it
    )
    proxy_fix: int = 0  # number of reverse proxies in front whose X-Forwarded-* headers are trusted

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from an environment mapping (os.environ by default)."""
        env = os.environ if env is None else env
        instance = Path(env.get("TRACKER_INSTANCE_PATH") or Path.cwd() / "instance")
        url = env.get("TRACKER_DATABASE_URL") or f"sqlite:///{instance / 'tracker.sqlite3'}"
        if "://" not in url:
            raise ConfigError(f"TRACKER_DATABASE_URL is not a database URL: {url!r}")
        if url.startswith("postgres://"):  # the Heroku-style spelling SQLAlchemy refuses
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        if not url.startswith(("sqlite:", "sqlite+", "postgresql:", "postgresql+")):
            raise ConfigError(
                f"TRACKER_DATABASE_URL must be a sqlite:/// or postgresql:// URL (the databases the "
                f"tracker supports), not {url.split('://', 1)[0]!r}://…"
            )
        keys = {
            name: env[name]
            for name in (
                "OPENSTATES_API_KEY",
                "LEGISCAN_API_KEY",
                "CONGRESS_API_KEY",
                "REGULATIONS_API_KEY",
            )
            if env.get(name)
        }
        bases = {
            key[len("TRACKER_SOURCE_URL_") :].lower(): value
            for key, value in env.items()
            if key.startswith("TRACKER_SOURCE_URL_") and value
        }
        return cls(
            instance_path=instance,
            database_url=url,
            secret_key=env.get("TRACKER_SECRET_KEY") or None,
            user_agent=env.get("TRACKER_USER_AGENT") or DEFAULT_USER_AGENT,
            api_keys=keys,
            notify_urls=_notify_urls(env),
            healthcheck_url=env.get("TRACKER_HEALTHCHECK_URL") or None,
            production=(env.get("TRACKER_ENV") or "").lower() == "production",
            allow_private_fetch=(env.get("TRACKER_ALLOW_PRIVATE_FETCH") or "") == "1",
            source_base_urls=bases,
            fetch_rate_per_minute=_int(env, "TRACKER_FETCH_RATE_PER_MINUTE"),
            watchlist_path=env.get("TRACKER_WATCHLIST") or None,
            page_cache_entries=_count(env, "TRACKER_PAGE_CACHE_ENTRIES", 512),
            dataset_dir=_dataset_dir(env),
            page_cache_bytes=_count(env, "TRACKER_PAGE_CACHE_BYTES", 64_000_000),
            public_url=_public_url(env.get("TRACKER_PUBLIC_URL")),
            proxy_fix=_count(env, "TRACKER_PROXY_FIX", 0),
        )


def _notify_urls(env: Mapping[str, str]) -> tuple[str, ...]:
    """TRACKER_NOTIFY_URLS, each checked by Apprise now: a typo is refused at start, not at the first change."""
    urls = tuple(u for u in (env.get("TRACKER_NOTIFY_URLS") or "").split() if u)
    if not urls:
        return urls
    import apprise  # only when notifications are configured: it takes a moment to import

    for position, raw in enumerate(urls, 1):
        url = raw.removeprefix("curators=")
        if not url or apprise.Apprise.instantiate(url, suppress_exceptions=True) is None:
            scheme = url.split("://", 1)[0] if "://" in url else ""
            what = (
                f"scheme {scheme!r} is not an Apprise service or a required part is missing"
                if scheme
                else "it has no scheme://"
            )
            raise ConfigError(
                f"TRACKER_NOTIFY_URLS entry {position} is not a valid Apprise URL ({what}); "
                "see https://github.com/caronc/apprise/wiki for the URL of each service"
            )
    return urls


def _dataset_dir(env: Mapping[str, str]) -> Path | None:
    """TRACKER_DATASET_DIR: a folder laid out like tracker/data (dataset.yaml, jurisdictions/)."""
    raw = env.get("TRACKER_DATASET_DIR")
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not (path / "dataset.yaml").is_file() or not (path / "jurisdictions").is_dir():
        raise ConfigError(
            f"TRACKER_DATASET_DIR={raw!r} is not a dataset folder: it needs dataset.yaml and a jurisdictions/ "
            "folder (copy tracker/data, see docs/DATA.md)"
        )
    return path.resolve()


def _public_url(raw: str | None) -> str | None:
    """TRACKER_PUBLIC_URL as scheme://host[:port][/prefix], without a trailing slash."""
    if not raw:
        return None
    try:
        parts = urlsplit(raw.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ConfigError(
            f"TRACKER_PUBLIC_URL must look like https://tracker.example.org[/prefix], not {raw!r}"
        )
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if not raw:
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigError(f"{name} must be a positive whole number, not {raw!r}")
    return int(raw)


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ConfigError(f"{name} must be a whole number (0 or more), not {raw!r}")
    return int(raw)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings.from_env()
