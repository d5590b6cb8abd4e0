"""Accounts, login and logout: argon2id hashes, safe redirects, rate limiting, the `user` CLI."""

from __future__ import annotations

import re

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import select

from tracker.accounts import users
from tracker.accounts.ratelimit import RateLimiter
from tracker.cli.main import cli
from tracker.store.models import AuditEntry, User
from tracker.web import create_app
from tracker.web.auth import safe_next

PASSWORD = "correct horse battery staple"
EMAIL = "curator@example.org"
TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def token(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@pytest.fixture
def app(migrated_runtime, cheap_hashing):
    with migrated_runtime.transaction() as s:
        users.create(s, EMAIL, PASSWORD, "curator")
    app = create_app(migrated_runtime)
    app.testing = True
    return app


def log_in(client, email=EMAIL, password=PASSWORD, next_=None):
    page = client.get("/login" + (f"?next={next_}" if next_ else ""))
    data = {"email": email, "password": password, "csrf_token": token(page.get_data(as_text=True))}
    if next_ is not None:
        data["next"] = next_
    return client.post("/login", data=data)


# ------------------------------------------------------------------ the user service


def test_an_account_stores_only_an_argon2id_hash_and_verifies_the_password(session):
    user = users.create(session, "  Curator@Example.ORG ", PASSWORD, "admin")
    assert user.email == "curator@example.org" and user.role == "admin" and user.active
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert users.hash_parameters(user.password_hash).meets_owasp
    assert users.authenticate(session, "CURATOR@example.org", PASSWORD) is user
    assert users.authenticate(session, EMAIL, PASSWORD + "!") is None
    assert (
        session.scalar(select(AuditEntry.action).where(AuditEntry.entity_id == EMAIL))
        == "create_user"
    )


@pytest.mark.parametrize(
    "email, password, role, message",
    [
        ("not-an-address", PASSWORD, "curator", "is not an e-mail address"),
        (EMAIL, "short", "curator", "at least 12 characters"),
        (EMAIL, PASSWORD, "owner", "role must be one of curator, admin"),
    ],
)
def test_bad_emails_short_passwords_and_unknown_roles_are_refused(
    session, cheap_hashing, email, password, role, message
):
    with pytest.raises(users.UserError, match=message):
        users.create(session, email, password, role)


def test_a_second_account_with_the_same_email_is_refused(session, cheap_hashing):
    users.create(session, EMAIL, PASSWORD)
    with pytest.raises(users.UserError, match="already exists"):
        users.create(session, EMAIL.upper(), PASSWORD)


def test_an_outdated_hash_is_upgraded_at_the_next_successful_login(session, monkeypatch):
    monkeypatch.setattr(users, "HASHER", CHEAP)
    user = users.create(session, EMAIL, PASSWORD)
    assert users.hash_parameters(user.password_hash).memory_kib == 8
    monkeypatch.setattr(users, "HASHER", PasswordHasher())
    assert users.authenticate(session, EMAIL, "wrong password entirely") is None
    assert (
        users.hash_parameters(user.password_hash).memory_kib == 8
    )  # a failed login changes nothing
    assert users.authenticate(session, EMAIL, PASSWORD) is user
    params = users.hash_parameters(user.password_hash)
    assert params.meets_owasp and params.memory_kib == PasswordHasher().memory_cost


class CountingHasher(PasswordHasher):
    def __init__(self):
        super().__init__(time_cost=1, memory_cost=8, parallelism=1)
        self.calls = []

    def verify(self, hash, password):
        self.calls.append(hash)
        return super().verify(hash, password)


def test_unknown_and_disabled_accounts_fail_after_the_same_hash_verification_as_real_ones(
    session, monkeypatch
):
    hasher = CountingHasher()
    monkeypatch.setattr(users, "HASHER", hasher)
    users.create(session, EMAIL, PASSWORD)
    users.create(session, "gone@example.org", PASSWORD)
    users.set_active(session, "gone@example.org", False)
    calls = hasher.calls
    assert users.authenticate(session, "nobody@example.org", PASSWORD) is None
    assert users.authenticate(session, "gone@example.org", PASSWORD) is None
    assert users.authenticate(session, EMAIL, "not the password") is None
    assert users.authenticate(session, "not an address", PASSWORD) is None
    assert len(calls) == 4 and all(h.startswith("$argon2id$") for h in calls)


# ------------------------------------------------------------------ the rate limiter


def test_the_rate_limiter_allows_the_limit_then_says_how_long_to_wait_and_forgets_after_the_window():
    now = [1000.0]
    limiter = RateLimiter(3, 60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.retry_after(["ip:a"]) is None
        limiter.hit(["ip:a", "account:x"])
    assert limiter.retry_after(["ip:a"]) == 60
    assert (
        limiter.retry_after(["ip:b", "account:x"]) == 60
    )  # the account is limited from any address
    assert limiter.retry_after(["ip:b"]) is None
    now[0] += 45
    assert limiter.retry_after(["ip:a"]) == 15
    now[0] += 15
    assert limiter.retry_after(["ip:a"]) is None
    limiter.hit(["account:y"] * 3)
    limiter.reset(["account:y"])
    assert limiter.retry_after(["account:y"]) is None


def test_the_rate_limiter_keeps_a_bounded_number_of_keys():
    limiter = RateLimiter(1, 60, max_keys=100)
    for i in range(1000):
        limiter.hit([f"ip:{i}"])
    assert len(limiter._hits) == 100 and limiter.retry_after(["ip:999"]) == 60


# ------------------------------------------------------------------ login and logout


@pytest.mark.parametrize(
    "target, expected",
    [
        ("/audit", "/audit"),
        ("/review/3?x=1", "/review/3?x=1"),
        ("https://evil.example/", "/review"),
        ("//evil.example/", "/review"),
        ("/\\evil.example", "/review"),
        ("\\\\evil.example", "/review"),
        ("javascript:alert(1)", "/review"),
        ("/\t/evil.example", "/review"),
        ("http:/evil.example", "/review"),
        ("", "/review"),
        (None, "/review"),
    ],
)
def test_next_only_ever_points_at_a_path_on_this_site(target, expected):
    assert safe_next(target, "/review") == expected


def test_logging_in_goes_to_next_and_logging_out_takes_a_post_with_its_token(app):
    client = app.test_client()
    anonymous = client.get("/review")
    assert anonymous.status_code == 302 and anonymous.headers["Location"] == "/login?next=%2Freview"
    form = client.get("/login?next=/audit").get_data(as_text=True)
    assert (
        'name="next" type="hidden" value="/audit"' in form
        and 'autocomplete="current-password"' in form
    )
    reply = log_in(client, next_="/audit")
    assert reply.status_code == 302 and reply.headers["Location"] == "/audit"
    page = client.get("/review").get_data(as_text=True)
    assert EMAIL in page and 'action="/logout"' in page
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no token
    assert client.get("/review").status_code == 200  # still logged in
    out = client.post("/logout", data={"csrf_token": token(page)})
    assert out.status_code == 302 and out.headers["Location"] == "/"
    assert client.get("/review").status_code == 302


def test_an_anonymous_client_asking_again_and_again_keeps_one_pending_login_message(app):
    """The login message is flashed once, not once per visit: the session cookie stays small."""
    client = app.test_client()
    for path in ("/review", "/audit", "/review", "/review"):
        assert client.get(path).status_code == 302
    with client.session_transaction() as sess:
        assert sess["_flashes"] == [("message", "Please log in as a curator to see this page.")]
    assert len(client.get_cookie("session").value) < 200


def test_a_logged_in_curator_visiting_login_goes_straight_on(app):
    client = app.test_client()
    log_in(client)
    reply = client.get("/login?next=https://evil.example/")
    assert reply.status_code == 302 and reply.headers["Location"] == "/review"


def test_an_off_site_next_lands_on_the_review_queue(app):
    reply = log_in(app.test_client(), next_="//evil.example/phish")
    assert reply.status_code == 302 and reply.headers["Location"] == "/review"


def test_a_wrong_password_or_unknown_account_gets_the_same_answer_and_no_session(app):
    client = app.test_client()
    wrong = log_in(client, password="not the password")
    unknown = log_in(client, email="nobody@example.org")
    for reply in (wrong, unknown):
        html = reply.get_data(as_text=True)
        assert reply.status_code == 401 and "Wrong e-mail address or password." in html
        assert "not the password" not in html
    assert client.get("/review").status_code == 302


def test_a_login_form_without_fields_is_a_400(app):
    client = app.test_client()
    tok = token(client.get("/login").get_data(as_text=True))
    reply = client.post("/login", data={"csrf_token": tok})
    assert reply.status_code == 400 and "Enter your e-mail address and password." in reply.get_data(
        as_text=True
    )


def test_a_disabled_curator_is_logged_out_at_the_next_request(app, migrated_runtime):
    client = app.test_client()
    log_in(client)
    assert client.get("/review").status_code == 200
    with migrated_runtime.transaction() as s:
        users.set_active(s, EMAIL, False)
    assert client.get("/review").status_code == 302
    assert log_in(client).status_code == 401


# ------------------------------------------------------------------ the CLI


def run(rt, *args, input=None):
    return CliRunner().invoke(cli, list(args), obj={"runtime": rt}, input=input)


def test_user_add_prompts_twice_or_reads_stdin_and_user_list_and_disable_manage_accounts(
    migrated_runtime, cheap_hashing
):
    rt = migrated_runtime
    added = run(
        rt,
        "user",
        "add",
        "Ann@Example.org",
        "--role",
        "admin",
        input=f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert added.exit_code == 0, added.output
    assert (
        "Error: The two entered values do not match." in added.output
        and "added ann@example.org (admin)" in added.output
    )
    assert PASSWORD not in added.output  # hidden input
    piped = run(rt, "user", "add", "bob@example.org", "--password-stdin", input=f"{PASSWORD}\n")
    assert piped.exit_code == 0 and "added bob@example.org (curator)" in piped.output
    listing = run(rt, "user", "list").output
    assert re.search(r"ann@example.org\s+admin\s+active", listing) and re.search(
        r"bob@example.org\s+curator\s+active", listing
    )
    assert run(rt, "user", "disable", "BOB@example.org").exit_code == 0
    assert re.search(r"bob@example.org\s+curator\s+disabled", run(rt, "user", "list").output)
    with rt.transaction() as s:
        assert users.authenticate(s, "bob@example.org", PASSWORD) is None
        assert s.scalar(
            select(User.password_hash).where(User.email == "ann@example.org")
        ).startswith("$argon2id$")
    assert run(rt, "user", "enable", "bob@example.org").exit_code == 0


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (
            ["user", "add", "bob@example.org", "--password-stdin"],
            "short\n",
            "at least 12 characters",
        ),
        (
            ["user", "add", "not-an-address", "--password-stdin"],
            f"{PASSWORD}\n",
            "is not an e-mail address",
        ),
        (
            ["user", "add", "bob@example.org", "--role", "owner", "--password-stdin"],
            f"{PASSWORD}\n",
            "Invalid value for '--role'",
        ),
        (["user", "disable", "nobody@example.org"], None, "no user 'nobody@example.org'"),
    ],
)
def test_user_commands_refuse_bad_input_with_a_usage_error(
    migrated_runtime, cheap_hashing, args, stdin, message
):
    result = run(migrated_runtime, *args, input=stdin)
    assert result.exit_code == 2 and message in result.output


def test_adding_an_existing_user_is_a_usage_error(migrated_runtime, cheap_hashing):
    assert (
        run(migrated_runtime, "user", "add", EMAIL, "--password-stdin", input=PASSWORD).exit_code
        == 0
    )
    again = run(migrated_runtime, "user", "add", EMAIL, "--password-stdin", input=PASSWORD)
    assert again.exit_code == 2 and "already exists" in again.output
