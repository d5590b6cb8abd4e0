"""Web security: default-deny on state-changing routes, CSRF, headers, cookies, password hashing,
login rate limiting and escaping of hostile scraped text. Flask's test client with CSRF enabled."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from argon2 import Type
from sqlalchemy import func, select

from tests.factories import jurisdiction, period
from tracker.accounts import users
from tracker.ingest.reconcile import propose
from tracker.status import history
from tracker.store.models import AuditEntry, Proposal, ScrapeRun, Source, StatusPeriod, User, utcnow
from tracker.store.runtime import Runtime
from tracker.store.settings import Settings
from tracker.web import create_app

PASSWORD = "correct horse battery staple"
EMAIL = "curator@example.org"
TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><svg onload=alert(1)>'
HOSTILE_URL = "javascript:alert(1)"


def token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def seed(rt) -> int:
    with rt.transaction() as s:
        nh = jurisdiction(s, "US-NH", "New Hampshire")
        history.record_history(s, nh, [period(None, leaf="unregulated")], recorded_by="test")
        users.create(s, EMAIL, PASSWORD, "curator")
        propose(
            s,
            code="US-NH",
            dedupe_key="bill:nh-1",
            source="openstates",
            kind="bill_enacted",
            title="HB 1 (2027) enacted: adds kratom to schedule I",
            evidence={"url": "https://gc.nh.gov/hb1"},
            suggested={"leaf": "controlled", "seven_oh": "controlled"},
        )
        return s.scalar(select(Proposal.id))


@pytest.fixture
def world(migrated_runtime, cheap_hashing):
    pid = seed(migrated_runtime)
    app = create_app(migrated_runtime)
    app.testing = True
    return migrated_runtime, app, pid


def log_in(client, email=EMAIL, password=PASSWORD, **kw):
    tok = token(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login", data={"email": email, "password": password, "csrf_token": tok}, **kw
    )


def state(rt) -> tuple:
    """Everything a POST could change."""
    with rt.transaction() as s:
        return (
            s.scalar(select(func.count(StatusPeriod.id))),
            s.scalar(select(func.count(AuditEntry.id))),
            tuple(
                s.execute(
                    select(Proposal.id, Proposal.status, Proposal.reason).order_by(Proposal.id)
                ).all()
            ),
            tuple(
                s.execute(
                    select(User.email, User.active, User.password_hash).order_by(User.id)
                ).all()
            ),
        )


def state_changing_rules(app):
    """Every rule that accepts a method other than GET/HEAD/OPTIONS, except the login form itself."""
    return [
        r
        for r in app.url_map.iter_rules()
        if set(r.methods) - SAFE_METHODS and r.endpoint != "auth.login"
    ]


def url_for_rule(app, rule, pid: int) -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.build(
        rule.endpoint,
        {name: pid for name in rule.arguments},
        method=min(set(rule.methods) - SAFE_METHODS),
    )


# Form data that would succeed if CSRF let it through (so only the token is missing or wrong).
PLAUSIBLE = {
    "effective": "2027-01-01",
    "citation_url": "https://gc.nh.gov/hb1",
    "edit-leaf": "regulated",
    "edit-seven_oh": "unregulated",
    "edit-effective": "2027-01-01",
    "edit-citation_url": "https://gc.nh.gov/hb1",
    "reject-reason": "not relevant",
}


def test_every_state_changing_route_sends_anonymous_users_to_login(world):
    rt, app, pid = world
    rules = state_changing_rules(app)
    endpoints = {r.endpoint for r in rules}
    assert {"curator.accept", "curator.edit", "curator.reject", "auth.logout"} <= endpoints
    client = app.test_client()
    tok = token(
        client.get("/login").get_data(as_text=True)
    )  # a valid token: only the missing login stops it
    before = state(rt)
    refused = {}
    for rule in rules:
        for method in sorted(set(rule.methods) - SAFE_METHODS):
            url = url_for_rule(app, rule, pid)
            reply = client.open(
                url,
                method=method,
                data={
                    **PLAUSIBLE,
                    "csrf_token": tok,
                    "reject-csrf_token": tok,
                    "edit-csrf_token": tok,
                },
            )
            ok = reply.status_code in (401, 403) or (
                reply.status_code == 302 and reply.headers["Location"].startswith("/login")
            )
            refused[f"{method} {url}"] = ok
    assert all(refused.values()), [k for k, ok in refused.items() if not ok]
    assert state(rt) == before


def test_every_curator_page_needs_a_login(world):
    _rt, app, pid = world
    client = app.test_client()
    for url in ("/review", f"/review/{pid}", "/review?status=all", "/audit"):
        reply = client.get(url)
        assert reply.status_code == 302 and reply.headers["Location"].startswith("/login?next="), (
            url
        )


@pytest.mark.parametrize("how", ["missing", "garbage", "another session's", "another app's"])
def test_a_logged_in_post_without_the_right_csrf_token_is_a_400_that_changes_nothing(world, how):
    rt, app, pid = world
    client = app.test_client()
    assert log_in(client).status_code == 302
    if how == "garbage":
        bad = {"csrf_token": "IjAxMjM0NTY3ODki.Zz.bad"}
    elif how == "another session's":
        other = app.test_client()
        bad = {"csrf_token": token(other.get("/login").get_data(as_text=True))}
    elif how == "another app's":
        settings = Settings.from_env(
            {
                "TRACKER_DATABASE_URL": rt.settings.database_url,
                "TRACKER_SECRET_KEY": "a different key",
                "TRACKER_INSTANCE_PATH": str(rt.settings.instance_path),
            }
        )
        foreign = create_app(Runtime(settings)).test_client()
        bad = {"csrf_token": token(foreign.get("/login").get_data(as_text=True))}
    else:
        bad = {}
    bad = {
        **bad,
        **{f"{prefix}-csrf_token": v for prefix in ("edit", "reject") for v in bad.values()},
    }
    before = state(rt)
    for rule in state_changing_rules(app):
        url = url_for_rule(app, rule, pid)
        reply = client.post(url, data={**PLAUSIBLE, **bad})
        assert reply.status_code == 400, (url, reply.status_code)
        assert "The form has expired or was not sent from this site" in reply.get_data(as_text=True)
    login = app.test_client().post("/login", data={"email": EMAIL, "password": PASSWORD, **bad})
    assert login.status_code == 400
    assert state(rt) == before
    assert client.get("/review").status_code == 200  # the refused logout did not log out


def test_main_pages_send_the_security_headers(world):
    _rt, app, pid = world
    client = app.test_client()
    anonymous = ["/", "/login", "/sources"]
    pages = {url: client.get(url) for url in anonymous}
    log_in(client)
    pages.update({url: client.get(url) for url in ("/review", f"/review/{pid}", "/audit")})
    for url, reply in pages.items():
        assert reply.status_code == 200, url
        csp = {
            d.split()[0]: d.split()[1:]
            for d in reply.headers["Content-Security-Policy"].split(";")
            if d.strip()
        }
        scripts = csp.get("script-src", csp.get("default-src"))
        assert scripts and "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, url
        assert csp.get("frame-ancestors") == ["'none'"] or reply.headers.get("X-Frame-Options") in (
            "DENY",
            "SAMEORIGIN",
        ), url
        assert csp.get("object-src") == ["'none'"]
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
        assert reply.headers["Referrer-Policy"] in (
            "same-origin",
            "strict-origin-when-cross-origin",
            "no-referrer",
        )
        html = reply.get_data(as_text=True)
        assert "<script" not in html and ' style="' not in html and " on" + "click=" not in html, (
            url
        )  # nothing the CSP would block


def test_the_session_cookie_is_httponly_and_lax_and_secure_in_production(world):
    rt, app, _pid = world
    reply = log_in(app.test_client())
    cookie = next(c for c in reply.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert (
        "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    )  # development serves plain http
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", cookie).group(1))
    assert (
        timedelta(hours=7) < expires - datetime.now(UTC) <= timedelta(hours=8)
    )  # a curator login lasts a working day
    production = Settings.from_env(
        {
            "TRACKER_DATABASE_URL": rt.settings.database_url,
            "TRACKER_SECRET_KEY": "prod key",
            "TRACKER_INSTANCE_PATH": str(rt.settings.instance_path),
            "TRACKER_ENV": "production",
        }
    )
    prod = create_app(Runtime(production))
    client = prod.test_client()
    https = {
        "base_url": "https://tracker.example.org",
        "headers": {"Referer": "https://tracker.example.org/login"},
    }
    page = client.get("/login", base_url=https["base_url"])
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    reply = client.post(
        "/login",
        data={
            "email": EMAIL,
            "password": PASSWORD,
            "csrf_token": token(page.get_data(as_text=True)),
        },
        **https,
    )
    assert reply.status_code == 302
    cookie = next(c for c in reply.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert prod.config["REMEMBER_COOKIE_SECURE"] and prod.config["REMEMBER_COOKIE_HTTPONLY"]


def test_password_hashes_are_argon2id_with_at_least_the_owasp_parameters():
    hasher = users.HASHER
    assert hasher.type is Type.ID
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1
    made = users.hash_password(PASSWORD)
    params = users.hash_parameters(made)
    assert (
        params.type == "argon2id"
        and params.memory_kib >= 19 * 1024
        and params.time_cost >= 2
        and params.meets_owasp
    )
    assert PASSWORD not in made and users.hash_password(PASSWORD) != made  # salted


def test_login_attempts_are_limited_per_address_and_per_account_with_retry_after(world):
    _rt, app, _pid = world
    now = [10_000.0]
    app.extensions["login_limiter"].clock = lambda: now[0]
    client = app.test_client()
    for _ in range(5):
        assert log_in(client, password="guess").status_code == 401
    limited = log_in(client, password="guess")
    assert limited.status_code == 429 and 0 < int(limited.headers["Retry-After"]) <= 60
    assert "Too many login attempts" in limited.get_data(as_text=True)
    assert log_in(client).status_code == 429  # even the right password waits
    assert log_in(client, email="other@example.org").status_code == 429  # this address is limited
    elsewhere = {"environ_overrides": {"REMOTE_ADDR": "192.0.2.7"}}
    assert (
        log_in(client, **elsewhere).status_code == 429
    )  # this account is limited from any address
    assert (
        log_in(client, email="other@example.org", **elsewhere).status_code == 401
    )  # neither: an ordinary failure
    now[0] += 61
    assert log_in(client).status_code == 302


def test_hostile_strings_from_scrapers_render_escaped_everywhere(world):
    rt, app, _pid = world
    with rt.transaction() as s:
        propose(
            s,
            code="US-NH",
            dedupe_key="hostile",
            source="page",
            kind="page_changed",
            title=f"{HOSTILE_SCRIPT} {HOSTILE_ATTR}",
            evidence={
                "url": HOSTILE_URL,
                "revision": HOSTILE_ATTR,
                "diff": f"-{HOSTILE_SCRIPT}\n+{HOSTILE_ATTR}",
                "bill": {
                    "identifier": HOSTILE_SCRIPT,
                    "title": HOSTILE_ATTR,
                    "url": " JaVaScRiPt:alert(1)",
                    "versions": [
                        "java\tscript:alert(1)",
                        "data:text/html,<script>alert(1)</script>",
                    ],
                    "actions": [
                        {
                            "date": HOSTILE_ATTR,
                            "description": HOSTILE_SCRIPT,
                            "classification": [HOSTILE_ATTR],
                        }
                    ],
                },
                "notice": {
                    "title": HOSTILE_SCRIPT,
                    "abstract": HOSTILE_ATTR,
                    "url": "vbscript:msgbox(1)",
                },
            },
            suggested={"leaf": HOSTILE_SCRIPT, "rules": [HOSTILE_ATTR]},
        )
        hostile = s.scalar(select(Proposal.id).where(Proposal.dedupe_key == "hostile"))
        src = Source(
            name="openstates",
            state={},
            last_error=f"{HOSTILE_SCRIPT}{HOSTILE_ATTR}",
            consecutive_failures=1,
            last_failure_at=utcnow(),
        )
        s.add(src)
        s.flush()
        s.add(
            ScrapeRun(
                source_id=src.id,
                started_at=utcnow() - timedelta(minutes=1),
                finished_at=utcnow(),
                outcome="failed",
                error_class=HOSTILE_SCRIPT[:80],
                error_message=f"{HOSTILE_ATTR} {HOSTILE_SCRIPT} {HOSTILE_URL}",
                http_status=500,
            )
        )
    client = app.test_client()
    pages = {"/sources": client.get("/sources")}
    log_in(client)
    detail = client.get(f"/review/{hostile}")
    reason = client.post(
        f"/review/{hostile}/reject",
        data={
            "reject-csrf_token": token(detail.get_data(as_text=True)),
            "reject-reason": f"{HOSTILE_SCRIPT} {HOSTILE_ATTR}",
        },
    )
    assert reason.status_code == 303
    pages.update(
        {url: client.get(url) for url in ("/review?status=all", f"/review/{hostile}", "/audit")}
    )
    pages["/review (open)"] = client.get("/review")
    pages["/review/<id> before the decision"] = detail
    for url, reply in pages.items():
        html = reply.get_data(as_text=True)
        lowered = html.lower()
        assert reply.status_code == 200, url
        assert "<script" not in lowered and "<svg" not in lowered, url
        assert not re.search(
            r"""(href|src|action|formaction)\s*=\s*["']?\s*(javascript|vbscript|data|java\s+script):""",
            lowered,
        ), url
    for url in ("/review?status=all", f"/review/{hostile}", "/sources", "/audit"):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[url].get_data(as_text=True), url
    shown = pages[f"/review/{hostile}"].get_data(as_text=True)
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in shown
    assert '<span class="unsafe-url">javascript:alert(1)</span>' in pages[
        "/review/<id> before the decision"
    ].get_data(as_text=True)


# -- issue #10: headers, body size, and escaping on every page ---------------------------------------


def test_a_100_mb_post_is_refused_with_413_before_it_is_parsed(world):
    _rt, app, _pid = world
    reply = app.test_client().post(
        "/login",
        data=b"email=" + b"a" * 100_000_000,
        content_type="application/x-www-form-urlencoded",
    )
    print(f"\nL6: a 100 MB POST to /login -> {reply.status_code}")
    assert reply.status_code == 413


def test_curator_pages_are_no_store_and_a_405_says_which_methods_are_allowed(world):
    _rt, app, pid = world
    client = app.test_client()
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    log_in(client)
    for url in ("/review", f"/review/{pid}", "/audit", "/"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    wrong = client.get("/logout")
    assert (
        wrong.status_code == 405
        and "POST" in wrong.headers["Allow"]
        and "GET" not in wrong.headers["Allow"]
    )
    api = client.post("/api/v1/status")
    assert api.status_code == 405 and set(api.headers["Allow"].replace(" ", "").split(",")) >= {
        "GET",
        "HEAD",
    }


def test_hostile_strings_in_history_bills_and_runs_render_escaped_on_every_page(world):
    """Every GET route in the URL map, anonymous and logged in (the old test covered some pages)."""
    from datetime import date

    from tests.factories import add_bill
    from tracker.status import jurisdictions

    rt, app, pid = world
    with rt.transaction() as s:
        nh = jurisdictions.get(s, "US-NH")
        history.record_history(
            s,
            nh,
            [
                period(
                    date(2020, 1, 1),
                    leaf="controlled",
                    seven_oh="controlled",
                    summary=f"{HOSTILE_SCRIPT} {HOSTILE_ATTR}",
                    notes=HOSTILE_ATTR,
                )
            ],
            recorded_by=HOSTILE_SCRIPT,
            reason=HOSTILE_ATTR,
        )
        add_bill(
            s,
            "US-NH",
            "2027",
            "HB <b>1</b>",
            f"kratom {HOSTILE_SCRIPT} {HOSTILE_ATTR}",
            "introduced",
            "ban",
            [(date(2027, 1, 5), HOSTILE_SCRIPT)],
            at=utcnow(),
            url='https://gc.nh.gov/hb1?x="><script>',
        )
        src = Source(
            name="legiscan",
            state={},
            last_error=f"FetchError: {HOSTILE_SCRIPT}",
            consecutive_failures=1,
            last_failure_at=utcnow(),
        )
        s.add(src)
        s.flush()
        s.add(
            ScrapeRun(
                source_id=src.id,
                started_at=utcnow(),
                finished_at=utcnow(),
                outcome="failed",
                error_class="FetchError",
                error_message=HOSTILE_SCRIPT,
                http_status=500,
            )
        )
    values = {"code": "US-NH", "proposal_id": str(pid), "fmt": "csv", "slug": "kratom"}
    client = app.test_client()
    checked = []
    for who in ("anonymous", "curator"):
        if who == "curator":
            log_in(client)
        for rule in app.url_map.iter_rules():
            if (
                "GET" not in rule.methods
                or rule.endpoint == "static"
                or any(a not in values for a in rule.arguments)
            ):
                continue
            url = rule.rule
            for arg in rule.arguments:
                url = re.sub(r"<(?:[^:<>]+:)?" + arg + r">", values[arg], url)
            url = re.sub(r"<any\([^)]*\):fmt>", "csv", url)
            reply = client.get(url)
            kind = reply.mimetype or ""
            if reply.status_code != 200 or not (kind.endswith("html") or kind.endswith("xml")):
                continue
            body = reply.get_data(as_text=True).lower()
            checked.append(url)
            i = max(
                body.find("<script"),
                body.find("<svg onload"),
                body.find("<b>1</b>"),
                body.find('"><script>'),
            )
            assert i < 0, (who, url, body[max(0, i - 300) : i + 80])
            assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", body), (
                who,
                url,
            )
    print(f"\nB1: {len(checked)} HTML/Atom pages checked for escaping: {sorted(set(checked))}")
    for url in ("/", "/j/US-NH", "/changes", "/bills", "/sources", "/changes.atom", "/bills.atom"):
        assert url in checked, url


def test_the_secret_key_is_the_configured_one_required_in_production_and_kept_in_the_instance_in_development(
    tmp_path,
):
    from tracker.web.security import secret_key

    assert secret_key("configured", tmp_path, production=True) == "configured"
    with pytest.raises(RuntimeError, match="TRACKER_SECRET_KEY"):
        secret_key(None, tmp_path, production=True)
    first = secret_key(None, tmp_path / "instance", production=False)
    assert len(first) == 64
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600
    assert secret_key(None, tmp_path / "instance", production=False) == first
