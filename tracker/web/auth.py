"""Login for curators (Flask-Login): the user loader; the login views come with the curator area."""

from __future__ import annotations

from flask import Blueprint, g
from flask_login import LoginManager, UserMixin

from tracker.models import User

bp = Blueprint("auth", __name__)


class CurrentUser(UserMixin):
    """The logged-in user as Flask-Login sees it (a detached copy of the row's fields)."""

    def __init__(self, user: User):
        self.id, self.email, self.role = str(user.id), user.email, user.role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


def init_app(app, login: LoginManager) -> None:
    """Teach Flask-Login how to load a user from the session."""

    @login.user_loader
    def _load(user_id: str):
        if not user_id.isdigit():
            return None
        user = g.db.get(User, int(user_id))
        return CurrentUser(user) if user is not None and user.active else None
