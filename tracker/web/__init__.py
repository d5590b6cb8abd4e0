"""The Flask dashboard: an app factory over the services."""

from __future__ import annotations

from importlib import resources

from flask import Flask, g, jsonify, render_template, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from tracker.store.resources import package_dir
from tracker.store.runtime import Runtime
from tracker.store.settings import get_settings
from tracker.web import security
from tracker.web.params import BadParameter

BLUEPRINTS = ("home", "jurisdiction", "changes", "feeds", "api", "exports", "auth", "curator", "sources", "embed")


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
    app.config.update(SECRET_KEY=security.secret_key(s.secret_key, s.instance_path, s.production), JSON_SORT_KEYS=False)
    app.extensions["tracker_runtime"] = rt
    security.configure(app, s.production)
    _sessions(app, rt)  # before CSRFProtect: a CSRF failure's error page needs g.db
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

    compress.init_app(app)  # before the page cache: the cache stores plain bodies, compression comes after
    cache.init_app(app, s.page_cache_entries)

    app.context_processor(context.common)
    return app


def _sessions(app: Flask, rt: Runtime) -> None:
    @app.before_request
    def _open_session() -> None:
        writing = request.method not in ("GET", "HEAD", "OPTIONS")
        g.db = (rt.write_sessions if writing else rt.sessions)()

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
        return render_template("error.html", code=400, message=f"The form has expired or was not sent from this site ({exc.description})."), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if _wants_json():
            return jsonify(error=exc.description), exc.code
        return render_template("error.html", code=exc.code, message=exc.description), exc.code
