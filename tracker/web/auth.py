"""Login for curators (Flask-Login): the user loader, /login and /logout.

Login attempts are rate-limited per client address and per account (tracker.accounts.ratelimit: in
this process's memory). `next` only ever redirects to a path on this site.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from tracker.accounts import users
from tracker.store.models import User
from tracker.accounts.ratelimit import RateLimiter

bp = Blueprint("auth", __name__)

LOGIN_LIMIT = 5  # attempts per address and per account ...
LOGIN_WINDOW = 60  # ... within this many seconds
SESSION_LIFETIME = timedelta(hours=8)  # a curator's login ends after a working day


class CurrentUser(UserMixin):
    """The logged-in user as Flask-Login sees it (a detached copy of the row's fields)."""

    def __init__(self, user: User):
        self.id, self.email, self.role = str(user.id), user.email, user.role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=users.MAX_EMAIL_LENGTH)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=users.MAX_PASSWORD_LENGTH)])
    next = HiddenField()


class LogoutForm(FlaskForm):
    """No fields: only the CSRF token."""


def init_app(app, login: LoginManager) -> None:
    """Teach Flask-Login how to load a user from the session; give the app its login limiter."""
    login.login_message = "Please log in as a curator to see this page."
    app.permanent_session_lifetime = SESSION_LIFETIME  # checked on every request by the signed cookie's age
    app.extensions["login_limiter"] = RateLimiter(
        app.config.get("LOGIN_RATE_LIMIT", LOGIN_LIMIT), app.config.get("LOGIN_RATE_WINDOW", LOGIN_WINDOW)
    )

    @login.user_loader
    def _load(user_id: str):
        if not user_id.isdigit():
            return None
        user = g.db.get(User, int(user_id))
        return CurrentUser(user) if user is not None and user.active else None

    @app.context_processor
    def _logout_form() -> dict:
        return {"logout_form": LogoutForm() if current_user.is_authenticated else None}


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a path on this site ("/review?x=1"), else `default`."""
    if not target or len(target) > 2000 or any(ord(c) < 33 or c == "\\" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _limiter() -> RateLimiter:
    return current_app.extensions["login_limiter"]


def _limit_keys(email: str) -> list[str]:
    keys = [f"ip:{request.remote_addr or 'unknown'}"]
    try:
        keys.append(f"account:{users.normalise_email(email)}")
    except users.UserError:
        pass
    return keys


@bp.route("/login", methods=["GET", "POST"])
def login():
    default = url_for("curator.queue")
    form = LoginForm()
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(safe_next(request.args.get("next"), default))
        form.next.data = safe_next(request.args.get("next"), "")
        return render_template("login.html", form=form, error=None)
    if not form.validate_on_submit():
        return render_template("login.html", form=form, error="Enter your e-mail address and password."), 400
    keys = _limit_keys(form.email.data)
    wait = _limiter().retry_after(keys)
    if wait is not None:
        message = f"Too many login attempts. Try again in {wait} seconds."
        return render_template("login.html", form=form, error=message), 429, {"Retry-After": str(wait)}
    _limiter().hit(keys)
    user = users.authenticate(g.db, form.email.data, form.password.data)
    if user is None:
        g.db.rollback()
        form.password.data = ""
        return render_template("login.html", form=form, error="Wrong e-mail address or password."), 401
    g.db.commit()  # keeps a password hash upgraded to the current parameters
    _limiter().reset(keys[1:])
    session.clear()  # a fresh session (and CSRF token) for the logged-in user
    session.permanent = True  # so the cookie, and the login, expire after SESSION_LIFETIME
    login_user(CurrentUser(user))
    return redirect(safe_next(form.next.data, default))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():  # CSRFProtect has already checked; this is belt and braces
        return render_template("error.html", code=400, message="The form could not be checked."), 400
    logout_user()
    session.clear()
    return redirect(url_for("home.index"))
