"""The Flask dashboard: an app factory over the services."""

from __future__ import annotations

from importlib import resources

from flask import Flask, g

from tracker.resources import package_dir
from tracker.runtime import Runtime
from tracker.settings import get_settings


def create_app(runtime: Runtime | None = None) -> Flask:
    """Build the dashboard app around a runtime (settings + database)."""
    rt = runtime or Runtime(get_settings())
    app = Flask(
        "tracker",
        template_folder=str(package_dir("tracker._templates")),
        static_folder=str(resources.files("tracker") / "static"),
        instance_path=str(rt.settings.instance_path.resolve()),
    )
    app.config.update(SECRET_KEY=rt.settings.secret_key or "dev-only-not-secret", JSON_SORT_KEYS=False)
    app.extensions["tracker_runtime"] = rt

    @app.before_request
    def _open_session() -> None:
        g.db = rt.sessions()

    @app.teardown_request
    def _close_session(_exc) -> None:
        session = g.pop("db", None)
        if session is not None:
            session.rollback()
            session.close()

    from tracker.web import views

    app.register_blueprint(views.bp)
    return app
