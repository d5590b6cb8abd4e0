"""The Flask dashboard: an app factory over the services."""

from __future__ import annotations

import re
from importlib import resources
from urllib.parse import urlsplit

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from jinja2 import BytecodeCache
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from tracker.store.db import database_busy
from tracker.store.resources import package_dir
from tracker.store.runtime import Runtime
from tracker.store.settings import get_settings
from tracker.web import security
from tracker.web.params import BadParameter, reject_unknown_parameters

BLUEPRINTS = (
    "home",
    "jurisdiction",
    "changes",
    "feeds",
    "api",
    "exports",
    "auth",
    "curator",
    "sources",
    "embed",
)


class SharedBytecode(BytecodeCache):
    """Compiled templates kept in memory for every app this process makes. Each app has its own
    Jinja environment, which compiled every template again (a tenth of a second or more per app:
    the tests make hundreds of apps, `build-site` and `serve` one each). A template whose source
    changed has another checksum and is compiled afresh; all apps come from create_app, with the
    same Jinja options (issue #11)."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedBytecode()


def create_app(runtime: Runtime | None = None) -> Flask:
    """Build the dashboard app around a runtime (settings + database)."""
    rt = runtime or Runtime(get_settings())
    s = rt.settings
    app = Flask(
        "tracker",
        template_folder=str(package_dir("tracker._templates")),
        static_folder=str(resources.files("tracker") / "static"),
        instance_path=str(s.instance_path.resolve()),
    )
    app.jinja_options = {**app.jinja_options, "bytecode_cache": TEMPLATE_CODE}
    app.config.update(
        SECRET_KEY=security.secret_key(s.secret_key, s.instance_path, s.production),
        JSON_SORT_KEYS=False,
    )
    app.extensions["tracker_runtime"] = rt
    security.configure(app, s.production)
    _sessions(app, rt)  # before CSRFProtect: a CSRF failure's error page needs g.db
    app.before_request(reject_unknown_parameters)
    CSRFProtect(app)
    login = LoginManager(app)
    login.login_view = "auth.login"
    login.session_protection = "strong"
    _errors(app)
    for name in BLUEPRINTS:
        module = __import__(f"tracker.web.{name}", fromlist=["bp"])
        app.register_blueprint(module.bp)
        if hasattr(module, "init_app"):
            module.init_app(app, login)
    from tracker.web import cache, compress, context

    compress.init_app(
        app
    )  # before the page cache: the cache stores plain bodies, compression comes after
    cache.init_app(app, s.page_cache_entries, s.page_cache_bytes)

    app.context_processor(context.common)
    _addressing(app, s.public_url, s.proxy_fix)
    return app


class PublicURL:
    """WSGI middleware: every request is seen as addressed to TRACKER_PUBLIC_URL (scheme, host,
    path prefix), whatever Host or X-Forwarded-* header it carried, so every absolute URL the app
    builds (feeds, permalinks, the OpenAPI servers entry) comes from the configuration."""

    def __init__(self, app, public_url: str):
        parts = urlsplit(public_url)
        self.app, self.scheme, self.host = app, parts.scheme, parts.netloc
        self.port = str(parts.port or (443 if parts.scheme == "https" else 80))
        self.prefix = parts.path.rstrip("/")

    def __call__(self, environ, start_response):
        environ["wsgi.url_scheme"] = self.scheme
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"], environ["SERVER_PORT"] = self.host.rsplit(":", 1)[0], self.port
        if self.prefix:
            environ["SCRIPT_NAME"] = self.prefix
        return self.app(environ, start_response)


_HOST = re.compile(
    r"^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?"
    r"|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$"
)


class HostCheck:
    """WSGI middleware: a Host header that is not a host name or address (too long, a space, an
    empty label) is a 400 here, not a 500 from URL building deep inside the app."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and (len(host) > 255 or not _HOST.match(host)):
            body = b"Bad Request: the Host header is not a valid host name\n"
            start_response(
                "400 Bad Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))],
            )
            return [body]
        return self.app(environ, start_response)


def _addressing(app: Flask, public_url: str | None, proxies: int) -> None:
    """TRACKER_PUBLIC_URL fixes the address; TRACKER_PROXY_FIX=N trusts N proxies' X-Forwarded-*
    headers (client address for the login throttle, and scheme/host when no public URL is set)."""
    if public_url:
        app.wsgi_app = PublicURL(app.wsgi_app, public_url)
    app.wsgi_app = HostCheck(app.wsgi_app)  # inside ProxyFix: checks the forwarded host too
    if proxies:
        app.wsgi_app = ProxyFix(
            app.wsgi_app,
            x_for=proxies,
            x_proto=proxies,
            x_host=proxies,
            x_port=proxies,
            x_prefix=proxies,
        )


BUSY_RETRY_AFTER = 5  # seconds a client is told to wait when the database is busy


def write_session():
    """This request's session, swapped for one that writes. Call it just before the write: on
    SQLite the write lock is taken at its first statement, so reading, validating and hashing
    happen without it (issue #10) and a busy database cannot stall them."""
    rt = current_app.extensions["tracker_runtime"]
    old = g.pop("db", None)
    if old is not None:
        old.rollback()
        old.close()
    g.db = rt.write_sessions()
    return g.db


def _sessions(app: Flask, rt: Runtime) -> None:
    @app.before_request
    def _open_session() -> None:
        g.db = rt.sessions()  # reads only; a view that writes asks for write_session()

    @app.teardown_request
    def _close_session(_exc) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.rollback()
            session.close()


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith((".json", ".atom"))


def _errors(app: Flask) -> None:
    @app.errorhandler(BadParameter)
    def _bad_parameter(exc: BadParameter):
        if _wants_json():
            return jsonify(error=exc.message, parameter=exc.name), 400
        return render_template("error.html", code=400, message=str(exc)), 400

    @app.errorhandler(CSRFError)
    def _csrf(exc: CSRFError):
        return render_template(
            "error.html",
            code=400,
            message=f"The form has expired or was not sent from this site ({exc.description}).",
        ), 400

    @app.errorhandler(OperationalError)
    def _database(exc: OperationalError):
        failed = g.pop("db", None)
        if failed is not None:
            failed.rollback()
            failed.close()
        g.db = app.extensions["tracker_runtime"].sessions()  # the error page reads (no write lock)
        if database_busy(exc):
            message, code, headers = (
                "The database is busy. Please try again in a few seconds.",
                503,
                {"Retry-After": str(BUSY_RETRY_AFTER)},
            )
        else:
            message, code, headers = "The database could not answer.", 500, {}
        app.logger.warning(
            "database error on %s %s: %s", request.method, request.path, type(exc.orig).__name__
        )
        if _wants_json():
            return jsonify(error=message), code, headers
        return render_template("error.html", code=code, message=message), code, headers

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        # keep the exception's own headers: Allow on a 405, WWW-Authenticate, Retry-After ...
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        if _wants_json():
            return jsonify(error=exc.description), exc.code, headers
        return (
            render_template("error.html", code=exc.code, message=exc.description),
            exc.code,
            headers,
        )
