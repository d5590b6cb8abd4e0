"""Polite, bounded HTTP: retries, rate limit, size cap, SSRF guard, conditional GET, robots.txt."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import ipaddress
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Self
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests
from protego import Protego
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.exceptions import TimeoutError as Urllib3Timeout
from urllib3.util import Retry

from .errors import BlockedAddress, Deferred, FetchError, ResponseTooLarge
from .items import Evidence
from .netsafety import Resolver, check_url, system_resolve

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
SECRET_PARAMS = frozenset({"api_key", "apikey", "key", "token", "access_token"})
SAFE_ON_HOP = frozenset({"user-agent", "accept", "accept-language"})
ROBOTS_TTL = 86_400.0
DEFAULT_RATE = 30


@dataclass(frozen=True)
class FetchResponse:
    """A finished GET: status 2xx (body) or 304 (not_modified, empty body)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    not_modified: bool
    evidence: Evidence


_SECRET_IN_TEXT = re.compile(
    r"(?i)(?<![\w-])("
    + "|".join(sorted(SECRET_PARAMS, key=len, reverse=True))
    + r")(=|%3D)([^&\s'\"()<>,;]+)"
)
_SECRET_HEADER_IN_TEXT = re.compile(
    r"(?i)((?:x-api-key|authorization)['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}]+)"
)
_KNOWN_SECRETS: set[str] = set()


def register_secrets(values: Iterable[str | None]) -> None:
    """Remember secret values (API keys from the settings) so redact_text removes them wherever they appear."""
    _KNOWN_SECRETS.update(v for v in values if v and len(v) >= 4)


def redact_text(text: object, secrets: Iterable[str | None] = ()) -> str:
    """Any text with secrets removed: the value of every secret query parameter (api_key=..., key=...)
    and API-key header, and every known secret value, become '***'. The one function every error
    message goes through before it is stored, printed or published."""
    out = str(text or "")
    for value in sorted(
        {*_KNOWN_SECRETS, *(v for v in secrets if v and len(v) >= 4)}, key=len, reverse=True
    ):
        out = out.replace(value, "***")
    out = _SECRET_IN_TEXT.sub(lambda m: f"{m.group(1)}{m.group(2)}***", out)
    return _SECRET_HEADER_IN_TEXT.sub(lambda m: f"{m.group(1)}***", out)


def redact(url: str) -> str:
    """Replace the values of secret query parameters (api keys) with '***'."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pairs = [
        (k, "***" if k.lower() in SECRET_PARAMS else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(pairs, safe="[]:,*")))


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def _reason(exc: BaseException) -> str:
    """The innermost cause of a requests/urllib3 error in a few redacted words (never its URL)."""
    text = str(exc)
    for pattern in (r"\[SSL: [A-Z_]+\] ([^(\]]+?)(?: \(_ssl|\)|'|$)", r"Caused by \w+\((.*)\)\)?$"):
        m = re.search(pattern, text)
        if m:
            text = m.group(1)
            break
    return redact_text(text)[:300]


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _cut_socket_timeout(raw, left: float, read_timeout: float) -> None:
    """Make the next recv() wait no longer than the time left before the body's deadline."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(0.001, min(left, read_timeout)))
        except OSError:
            pass


def _build_url(url: str, params) -> str:
    return requests.Request("GET", url, params=params).prepare().url


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class PinnedAdapter(HTTPAdapter):
    """An HTTPAdapter that connects to the address the SSRF check vetted, not to a fresh
    resolution of the name (a rebinding DNS server can answer public first, 127.0.0.1 next).
    TLS still verifies the certificate against, and sends SNI for, the original host name, and the
    Host header still names it."""

    def __init__(self, *args, **kwargs):
        self.pins: dict[tuple[str, int], str] = {}
        super().__init__(*args, **kwargs)

    @staticmethod
    def _key(url: str) -> tuple[str, int]:
        parts = urlsplit(url)
        return (parts.hostname or "").lower(), parts.port or (
            443 if parts.scheme.lower() == "https" else 80
        )

    def build_connection_pool_key_attributes(self, request, verify, cert=None):
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        address = self.pins.get(self._key(request.url))
        if address:
            name = host_params["host"]
            if host_params["scheme"] == "https":
                pool_kwargs["server_hostname"] = name
                pool_kwargs["assert_hostname"] = name
            host_params = {**host_params, "host": address, "port": self._key(request.url)[1]}
        return host_params, pool_kwargs

    def send(self, request, *args, **kwargs):
        if self.pins.get(self._key(request.url)):
            parts = urlsplit(request.url)
            request.headers["Host"] = parts.netloc.rpartition("@")[2]
        return super().send(request, *args, **kwargs)


class Fetcher:
    """One polite HTTP client per run; counts the requests it sends in self.requests."""

    def __init__(
        self,
        user_agent: str,
        *,
        timeout: tuple[float, float] = (5, 30),
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        retries: int = 3,
        backoff: float = 0.5,
        retry_after_cap: float = 120,
        max_seconds: float = 300,
        rate_per_minute: dict[str, int] | int = DEFAULT_RATE,
        allow_private: bool = False,
        validators: dict | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], float] = time.time,
        allow_hosts: Iterable[str] = (),
        resolve: Resolver = system_resolve,
        robots_cache: dict | None = None,
    ):
        if not user_agent or not user_agent.strip():
            raise ValueError("an identifying User-Agent with a contact address is required")
        self.user_agent = user_agent
        self.timeout, self.max_bytes, self.max_redirects = timeout, max_bytes, max_redirects
        self.retries, self.backoff, self.retry_after_cap = retries, backoff, retry_after_cap
        self.max_seconds = (
            max_seconds  # whole-body deadline: a server dripping bytes cannot hold us
        )
        self.allow_private, self.allow_hosts, self.resolve = (
            allow_private,
            tuple(allow_hosts),
            resolve,
        )
        self.validators = validators if validators is not None else {}
        self.robots_cache = robots_cache if robots_cache is not None else {}
        self.sleep, self.clock, self.now = sleep, clock, now
        self.requests = 0
        self.evidence: list[Evidence] = []  # one record per answered request, for snapshots
        self._rates = dict(rate_per_minute) if isinstance(rate_per_minute, dict) else {}
        self._default_rate = rate_per_minute if isinstance(rate_per_minute, int) else DEFAULT_RATE
        self._min_gap: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self.session = self._make_session()

    def _make_session(self) -> requests.Session:
        session = requests.Session()
        # Retries are done by hand (injectable sleep, Retry-After cap), so urllib3 does none.
        adapter = PinnedAdapter(max_retries=Retry(total=0, redirect=0, raise_on_status=False))
        self._adapter = adapter
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"})
        session.verify = True
        session.trust_env = False
        return session

    def close(self) -> None:
        """Close the underlying connection pool."""
        self.session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def set_rate(self, host: str, per_minute: int) -> None:
        """Set a host's politeness (requests per minute) unless the caller configured one."""
        self._rates.setdefault(host.lower(), per_minute)

    # -- public API -------------------------------------------------------------------------

    def get(
        self, url: str, params=None, headers: dict | None = None, conditional: bool = False
    ) -> FetchResponse:
        """GET url politely; follow redirects with the SSRF check on every hop."""
        current = _build_url(url, params)
        key = redact(current)
        hop_headers = dict(headers or {})
        if conditional:
            hop_headers.update(self._conditional_headers(key))
        origin_host = _host(current)
        for _hop in range(self.max_redirects + 1):
            self._guard(current)
            status, resp_headers, body = self._fetch_with_retries(current, hop_headers)
            if status not in REDIRECT_STATUSES:
                return self._finish(current, key, status, resp_headers, body, conditional)
            location = resp_headers.get("Location")
            if not location:
                raise FetchError(
                    f"redirect without Location from {redact(current)}", http_status=status
                )
            previous, current = current, urljoin(current, location)
            if urlsplit(previous).scheme == "https" and urlsplit(current).scheme != "https":
                raise BlockedAddress(f"redirect from https to {urlsplit(current).scheme} refused")
            hop_headers = self._headers_for_hop(hop_headers, origin_host, current)
        raise FetchError(f"more than {self.max_redirects} redirects from {key}")

    def robots_allowed(self, url: str) -> bool:
        """True when the host's robots.txt (cached per host) lets our User-Agent fetch url."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        entry = self.robots_cache.get(origin)
        if entry is None or self.now() - entry.get("fetched", 0) > ROBOTS_TTL:
            entry = {"text": self._fetch_robots(origin), "fetched": self.now()}
            self.robots_cache[origin] = entry
        # Protego (Scrapy's parser): wildcards (*, $) and longest-match precedence, which the
        # standard library's robotparser ignores (`Disallow: /bills/*/text` would not match)
        parser = Protego.parse(entry["text"])
        delay = parser.crawl_delay(self.user_agent)
        if delay:
            host = _host(url)
            self._min_gap[host] = max(self._min_gap.get(host, 0.0), float(delay))
        return parser.can_fetch(url, self.user_agent)

    # -- internals --------------------------------------------------------------------------

    def _guard(self, url: str) -> None:
        """Refuse a URL the SSRF rules forbid, and pin its host to the address that was checked."""
        if self.allow_private:
            scheme = urlsplit(url).scheme.lower()
            if scheme not in ("http", "https"):
                check_url(url, resolve=self.resolve)  # raises for the scheme
            return
        addresses = check_url(url, resolve=self.resolve, allow_hosts=self.allow_hosts)
        key = PinnedAdapter._key(url)
        if addresses and not _is_ip(key[0]):
            self._adapter.pins[key] = addresses[0]
        else:
            self._adapter.pins.pop(key, None)

    def _conditional_headers(self, key: str) -> dict:
        saved = self.validators.get(key) or {}
        out = {}
        if saved.get("etag"):
            out["If-None-Match"] = saved["etag"]
        if saved.get("last_modified"):
            out["If-Modified-Since"] = saved["last_modified"]
        return out

    @staticmethod
    def _headers_for_hop(headers: dict, origin_host: str, next_url: str) -> dict:
        kept = {k: v for k, v in headers.items() if not k.lower().startswith("if-")}
        if _host(next_url) != origin_host:  # never carry credentials to another host
            kept = {k: v for k, v in kept.items() if k.lower() in SAFE_ON_HOP}
        return kept

    def _throttle(self, host: str) -> None:
        per_minute = self._rates.get(host, self._rates.get("*", self._default_rate))
        gap = max(60.0 / max(per_minute, 1), self._min_gap.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = last + gap - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _backoff_delay(self, attempt: int) -> float:
        return self.backoff * (2**attempt)

    def _fetch_with_retries(self, url: str, headers: dict):
        attempt = 0
        while True:
            try:
                status, resp_headers, body = self._once(url, headers)
            except requests.exceptions.SSLError as exc:
                raise FetchError(f"TLS error for {redact(url)}: {_reason(exc)}") from None
            except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema) as exc:
                raise FetchError(f"invalid URL {redact(url)}: {_reason(exc)}") from None
            except requests.exceptions.RequestException as exc:
                if attempt >= self.retries:
                    raise FetchError(
                        f"{type(exc).__name__} for {redact(url)} after {attempt + 1} attempts"
                    ) from exc
                self.sleep(self._backoff_delay(attempt))
                attempt += 1
                continue
            if status not in RETRY_STATUSES:
                return status, resp_headers, body
            wait = parse_retry_after(resp_headers.get("Retry-After"), self.now())
            if wait is not None and wait > self.retry_after_cap:
                raise Deferred(
                    f"{redact(url)} asked to wait {wait:.0f}s", retry_after=wait, http_status=status
                )
            if attempt >= self.retries:
                raise FetchError(
                    f"HTTP {status} for {redact(url)} after {attempt + 1} attempts",
                    http_status=status,
                )
            self.sleep(wait if wait is not None else self._backoff_delay(attempt))
            attempt += 1

    def _once(self, url: str, headers: dict):
        self._throttle(_host(url))
        self.requests += 1
        with self.session.get(
            url, headers=headers, timeout=self.timeout, stream=True, allow_redirects=False
        ) as resp:
            body = self._read_capped(resp, url)
            return resp.status_code, resp.headers, body

    def _read_capped(self, resp: requests.Response, url: str) -> bytes:
        """The body, within the size cap and the whole-body deadline. The deadline holds on every
        read (issue #10): each read returns what one recv() brings (read1), and the socket's
        timeout is cut to the time left, so a server dripping a byte at a time cannot hold us."""
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise ResponseTooLarge(
                f"{redact(url)} declares {declared} bytes (cap {self.max_bytes})"
            )
        chunks, total, started = [], 0, self.clock()
        deadline = started + self.max_seconds
        too_slow = f"{redact(url)} body took longer than {self.max_seconds}s"
        raw = resp.raw
        while True:
            left = deadline - self.clock()
            if left <= 0:
                raise FetchError(too_slow)
            _cut_socket_timeout(raw, left, self.timeout[1])
            try:
                chunk = raw.read1(65_536, decode_content=True)
            except (ReadTimeoutError, Urllib3Timeout, TimeoutError) as exc:
                if self.clock() >= deadline:
                    raise FetchError(too_slow) from None
                raise requests.exceptions.ReadTimeout(f"read timed out ({_reason(exc)})") from None
            except ProtocolError as exc:
                raise requests.exceptions.ChunkedEncodingError(_reason(exc)) from None
            if not chunk:
                if raw.closed or raw.isclosed() or not raw.length_remaining:
                    break
                continue
            total += len(chunk)
            if total > self.max_bytes:
                raise ResponseTooLarge(f"{redact(url)} body passed {self.max_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _finish(self, url, key, status, headers, body, conditional) -> FetchResponse:
        evidence = Evidence(
            url=redact(url),
            status=status,
            fetched_at=dt.datetime.fromtimestamp(self.now(), dt.UTC).isoformat(timespec="seconds"),
            sha256=hashlib.sha256(body).hexdigest(),
            content_type=headers.get("Content-Type"),
        )
        self.evidence.append(evidence)
        if status == 304:
            return FetchResponse(url, status, headers, b"", True, evidence)
        if not 200 <= status < 300:
            raise FetchError(f"HTTP {status} for {redact(url)}", http_status=status)
        self._remember_validators(key, headers)
        return FetchResponse(url, status, headers, body, False, evidence)

    def _remember_validators(self, key: str, headers) -> None:
        etag, modified = headers.get("ETag"), headers.get("Last-Modified")
        if etag or modified:
            self.validators[key] = {"etag": etag, "last_modified": modified}

    def _fetch_robots(self, origin: str) -> str:
        try:
            resp = self.get(origin + "/robots.txt")
        except FetchError as exc:
            if exc.http_status in (404, 410):
                return ""
            if exc.http_status in (401, 403):
                return "User-agent: *\nDisallow: /\n"
            raise
        return resp.body.decode("utf-8", "replace")
