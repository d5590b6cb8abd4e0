"""Issue #10: sessions are revocable on the server; the throttle cannot lock a curator out of their
own browser; writes take SQLite's write lock only for the write and a busy database is a 503."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from tests.conftest import PG_URL
from tests.web.test_auth import EMAIL, PASSWORD, log_in, token
from tracker.accounts import users
from tracker.store.models import Proposal, User
from tracker.web import create_app
from tracker.web.auth import DEVICE_COOKIE


@pytest.fixture
def app(migrated_runtime, monkeypatch):
    from tests.web.test_auth import CHEAP

    monkeypatch.setattr(users, "HASHER", CHEAP)
    with migrated_runtime.transaction() as s:
        users.create(s, EMAIL, PASSWORD, "curator", display_name="Curator One")
    app = create_app(migrated_runtime)
    app.testing = True
    return app


def stolen_copy(app, client):
    """A second client holding a copy of the first one's session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_session_cookie_copied_before_logout_is_refused_after_it(app):
    client = app.test_client()
    assert log_in(client).status_code == 302
    thief = stolen_copy(app, client)
    assert thief.get("/review").status_code == 200  # the copy works while the curator is logged in
    page = client.get("/review").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": token(page)}).status_code == 302
    after = thief.get("/review")
    print(
        f"\nM6: a copied session cookie after logout -> {after.status_code} {after.headers.get('Location')}"
    )
    assert after.status_code == 302 and after.headers["Location"].startswith("/login")
    assert thief.get("/review", headers={"Accept": "application/json"}).status_code == 401


@pytest.mark.parametrize("revoke", ["password change", "user disable"])
def test_a_password_change_or_disable_ends_every_existing_session(app, migrated_runtime, revoke):
    client = app.test_client()
    log_in(client)
    thief = stolen_copy(app, client)
    with migrated_runtime.transaction() as s:
        if revoke == "password change":
            users.set_password(s, EMAIL, PASSWORD + " and more")
        else:
            users.set_active(s, EMAIL, False)
    assert client.get("/review").status_code == 302
    assert thief.get("/review").status_code == 302


def test_a_cookie_without_a_session_version_is_refused(app):
    client = app.test_client()
    log_in(client)
    with client.session_transaction() as sess:
        sess["_user_id"] = sess["_user_id"].split(":")[
            0
        ]  # what a cookie from before this change holds
    assert client.get("/review").status_code == 302


def test_failures_from_other_addresses_do_not_block_the_right_password_from_a_known_browser(app):
    curator = app.test_client()
    assert log_in(curator).status_code == 302 and curator.get_cookie(DEVICE_COOKIE) is not None
    page = curator.get("/review").get_data(as_text=True)
    curator.post("/logout", data={"csrf_token": token(page)})
    for n in range(12):  # an attacker rotating addresses hammers the account
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        log_in(attacker, password=f"guess number {n}")
    stranger = app.test_client()
    stranger.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    blocked = log_in(stranger)
    back = log_in(curator)
    print(
        f"\nL1: after 12 failures from 12 addresses: unknown browser {blocked.status_code}, curator's own {back.status_code}"
    )
    assert blocked.status_code == 429  # the account throttle still stops guessing from new browsers
    assert back.status_code == 302 and curator.get("/review").status_code == 200


def test_a_forged_device_cookie_does_not_skip_the_account_throttle(app):
    for n in range(6):
        attacker = app.test_client()
        attacker.environ_base["REMOTE_ADDR"] = f"198.51.100.{n}"
        log_in(attacker, password=f"guess number {n}")
    forger = app.test_client()
    forger.environ_base["REMOTE_ADDR"] = "192.0.2.8"
    forger.set_cookie(DEVICE_COOKIE, EMAIL)
    assert log_in(forger).status_code == 429


def test_public_pages_show_a_curators_display_name_never_the_login(app, migrated_runtime):
    with migrated_runtime.transaction() as s:
        user = s.scalar(select(User).where(User.email == EMAIL))
        assert users.public_name(user) == "Curator One"
        user.display_name = None
        assert users.public_name(user) == f"curator #{user.id}" and EMAIL not in users.public_name(
            user
        )


@pytest.mark.skipif(bool(PG_URL), reason="SQLite's write lock (PostgreSQL has row locks)")
def test_while_another_process_holds_the_write_lock_login_and_pages_work_and_a_write_is_a_503(
    app, migrated_runtime
):
    from datetime import date

    from tests.factories import jurisdiction, period
    from tracker.ingest.reconcile import propose
    from tracker.status import history

    with migrated_runtime.transaction() as s:
        # one jurisdiction with a history is all the pages and the accept need (a full `init`
        # cost seconds of CPU)
        nh = jurisdiction(s, "US-NH", "New Hampshire")
        history.record_history(s, nh, [period(None, leaf="unregulated")], recorded_by="test")
        propose(
            s,
            code="US-NH",
            dedupe_key="t:1",
            source="openstates",
            kind="bill_enacted",
            title="HB 1",
            evidence={"url": "https://gc.nh.gov/x"},
            suggested={"leaf": "controlled"},
        )
        pid = s.scalar(select(Proposal.id))
    client = app.test_client()
    assert log_in(client).status_code == 302
    form = client.get(f"/review/{pid}").get_data(as_text=True)
    path = migrated_runtime.settings.database_url.split("///", 1)[1]
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        visitor = app.test_client()
        home = visitor.get("/j/US-NH")
        again = app.test_client()
        login = log_in(again)  # reads and hashes without the write lock: not blocked
        busy = client.post(
            f"/review/{pid}/accept",
            data={
                "csrf_token": token(form),
                "effective": date(2027, 1, 1).isoformat(),
                "citation_url": "https://gc.nh.gov/x",
            },
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    print(
        f"\nM2: write lock held elsewhere -> GET {home.status_code}, login {login.status_code}, "
        f"accept {busy.status_code} Retry-After={busy.headers.get('Retry-After')}"
    )
    assert home.status_code == 200 and login.status_code == 302
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert "database is locked" not in busy.get_data(
        as_text=True
    ) and "INSERT" not in busy.get_data(as_text=True)
    # once the lock is free the same form goes through
    done = client.post(
        f"/review/{pid}/accept",
        data={
            "csrf_token": token(form),
            "effective": "2027-01-01",
            "citation_url": "https://gc.nh.gov/x",
        },
    )
    assert done.status_code == 303
