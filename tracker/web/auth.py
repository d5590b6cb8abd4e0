"""Login for curators (Flask-Login): the user loader, /login and /logout.

Login attempts are rate-limited per client address and per account (tracker.accounts.ratelimit: in
this process's memory). `next` only ever redirects to a path on this site.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_url,
    login_user,
    logout_user,
)
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired, Length

from tracker.accounts import users
from tracker.accounts.ratelimit import RateLimiter
from tracker.store.models import User

bp = Blueprint("auth", __name__)

LOGIN_LIMIT = 5  # attempts per address and per account ...
LOGIN_WINDOW = 60  # ... within this many seconds
SESSION_LIFETIME = timedelta(hours=8)  # a curator's login ends after a working day
DEVICE_COOKIE = (
    "tracker_device"  # set at a successful login: "this browser has logged in as X before"
)
DEVICE_LIFETIME = timedelta(days=90)


class CurrentUser(UserMixin):
    """The logged-in user as Flask-Login sees it (a detached copy of the row's fields)."""

    def __init__(self, user):
        self.user_id, self.email, self.role = user.id, user.email, user.role
        self.session_version = user.session_version or 1
        self.public_name = users.public_name(user)
        # the session cookie holds id:version; bumping the row's version revokes every older cookie
        self.id = f"{user.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=users.MAX_EMAIL_LENGTH)])
    password = PasswordField(
        "Password", validators=[DataRequired(), Length(max=users.MAX_PASSWORD_LENGTH)]
    )
    next = HiddenField()


class LogoutForm(FlaskForm):
    """No fields: only the CSRF token."""


def init_app(app, login: LoginManager) -> None:
    """Teach Flask-Login how to load a user from the session; give the app its login limiter."""
    login.login_message = "Please log in as a curator to see this page."
    app.permanent_session_lifetime = (
        SESSION_LIFETIME  # checked on every request by the signed cookie's age
    )
    app.extensions["login_limiter"] = RateLimiter(
        app.config.get("LOGIN_RATE_LIMIT", LOGIN_LIMIT),
        app.config.get("LOGIN_RATE_WINDOW", LOGIN_WINDOW),
    )

    @login.user_loader
    def _load(session_id: str):
        user_id, _, version = session_id.partition(":")
        if not user_id.isdigit() or not version.isdigit():
            return None  # includes cookies from before session versions: they log in again
        user = g.db.get(User, int(user_id))
        if user is None or not user.active or (user.session_version or 1) != int(version):
            return (
                None  # disabled, logged out, or the password changed since this cookie was issued
            )
        return CurrentUser(user)

    @login.unauthorized_handler
    def _unauthorized():
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return {"error": "log in first"}, 401
        # once: a message still pending is not added again, so a client that keeps asking for a
        # curator page without reading /login does not grow its session cookie by a copy each time
        message = (login.login_message_category, login.login_message)
        if login.login_message and message not in session.get("_flashes", ()):
            flash(login.login_message, category=login.login_message_category)
        return redirect(login_url(login.login_view, next_url=request.url))

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


def _devices() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="tracker-known-device")


def _known_device(email: str) -> bool:
    """Whether this browser has logged in to this account before (a signed cookie says so)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return False
    try:
        return _devices().loads(raw) == users.normalise_email(email)
    except (BadSignature, users.UserError):
        return False


def _limit_keys(email: str) -> list[str]:
    """The address's counter, and the account's unless this browser is a known device of it: failures
    from other addresses cannot lock a curator out of their own browser (issue #10)."""
    keys = [f"ip:{request.remote_addr or 'unknown'}"]
    try:
        account = users.normalise_email(email)
    except users.UserError:
        return keys
    if not _known_device(account):
        keys.append(f"account:{account}")
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
        return render_template(
            "login.html", form=form, error="Enter your e-mail address and password."
        ), 400
    keys = _limit_keys(form.email.data)
    wait = _limiter().retry_after(keys)
    if wait is not None:
        message = f"Too many login attempts. Try again in {wait} seconds."
        return (
            render_template("login.html", form=form, error=message),
            429,
            {"Retry-After": str(wait)},
        )
    _limiter().hit(keys)
    creds = users.credentials(g.db, form.email.data)
    g.db.rollback()  # the ~100 ms hash runs outside any transaction, holding no lock
    if not users.check_password(creds, form.password.data):
        form.password.data = ""
        return render_template(
            "login.html", form=form, error="Wrong e-mail address or password."
        ), 401
    if users.needs_rehash(creds):  # the one write a login may need, in its own short transaction
        with current_app.extensions["tracker_runtime"].write_transaction() as w:
            users.rehash(w, creds.id, form.password.data)
    user = g.db.get(User, creds.id)
    _limiter().reset(keys[1:])
    session.clear()  # a fresh session (and CSRF token) for the logged-in user
    session.permanent = True  # so the cookie, and the login, expire after SESSION_LIFETIME
    login_user(CurrentUser(user))
    response = redirect(safe_next(form.next.data, default))
    response.set_cookie(
        DEVICE_COOKIE,
        _devices().dumps(creds.email),
        max_age=int(DEVICE_LIFETIME.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    form = LogoutForm()
    if not form.validate_on_submit():  # CSRFProtect has already checked; this is belt and braces
        return render_template(
            "error.html", code=400, message="The form could not be checked."
        ), 400
    with current_app.extensions["tracker_runtime"].write_transaction() as w:
        users.end_sessions(w, current_user.user_id)  # a copy of this cookie stops working too
    logout_user()
    session.clear()
    return redirect(url_for("home.index"))
