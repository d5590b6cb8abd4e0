"""Curator accounts: create, authenticate (argon2id), list, disable.

Passwords are hashed with argon2-cffi's PasswordHasher, whose defaults (argon2id, 64 MiB,
3 iterations, 4 lanes — RFC 9106's low-memory profile) exceed the OWASP floor of 19 MiB and
2 iterations. A hash made with older parameters is upgraded at the next successful login.
An unknown or disabled account still costs one hash verification, so the response time does
not tell an attacker which e-mail addresses exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.store.models import AuditEntry, User, utcnow

ROLES = ("curator", "admin")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
MAX_EMAIL_LENGTH = 320
# OWASP Password Storage Cheat Sheet: argon2id, m >= 19 MiB, t >= 2, p >= 1.
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

HASHER = PasswordHasher()


class UserError(ValueError):
    """A user operation that cannot be done (bad e-mail, weak password, duplicate, unknown user)."""


@dataclass(frozen=True)
class HashParameters:
    """What a stored hash says about how it was made."""

    type: str
    memory_kib: int
    time_cost: int
    parallelism: int

    @property
    def meets_owasp(self) -> bool:
        return (
            self.type == "argon2id"
            and self.memory_kib >= OWASP_MIN_MEMORY_KIB
            and self.time_cost >= OWASP_MIN_TIME_COST
        )


def hash_parameters(password_hash: str) -> HashParameters:
    """The algorithm and cost parameters encoded in an argon2 hash."""
    p = extract_parameters(password_hash)
    names = {Type.ID: "argon2id", Type.I: "argon2i", Type.D: "argon2d"}
    return HashParameters(names[p.type], p.memory_cost, p.time_cost, p.parallelism)


def normalise_email(email: str) -> str:
    """Trimmed and lower-cased; UserError when it does not look like an address."""
    value = (email or "").strip().lower()
    if len(value) > MAX_EMAIL_LENGTH or not EMAIL.match(value):
        raise UserError(f"{(email or '')[:80]!r} is not an e-mail address")
    return value


def check_password_strength(password: str) -> None:
    """UserError unless the password has a sensible length."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@lru_cache(maxsize=4)
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not a real password: used to keep unknown accounts as slow as known ones")


def find(session: Session, email: str) -> User | None:
    """The user with this e-mail (case-insensitive), or None."""
    try:
        value = normalise_email(email)
    except UserError:
        return None
    return session.scalar(select(User).where(User.email == value))


def create(
    session: Session,
    email: str,
    password: str,
    role: str = "curator",
    *,
    actor: str = "cli",
    display_name: str | None = None,
) -> User:
    """Add an account; the password is stored only as an argon2id hash."""
    value = normalise_email(email)
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    check_password_strength(password)
    if find(session, value) is not None:
        raise UserError(f"a user {value} already exists")
    user = User(
        email=value,
        password_hash=hash_password(password),
        role=role,
        active=True,
        created_at=utcnow(),
        session_version=1,
        display_name=(display_name or "").strip()[:120] or None,
    )
    session.add(user)
    session.flush()
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action="create_user",
            entity="user",
            entity_id=value,
            detail={"role": role},
        )
    )
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user whose password matches, or None; upgrades an outdated hash in place.

    The caller commits (the rehash is an ordinary update on the session).
    """
    user = find(session, email)
    if user is None or not user.active:
        _verify(_dummy_hash(HASHER), password)  # same work as a real check
        return None
    if not _verify(user.password_hash, password):
        return None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


@dataclass(frozen=True)
class Credentials:
    """What a login needs to know about an account, read before the (slow) hash is checked."""

    id: int
    email: str
    password_hash: str
    session_version: int


def credentials(session: Session, email: str) -> Credentials | None:
    """The active account's id, e-mail, hash and session version (None when unknown or disabled)."""
    user = find(session, email)
    if user is None or not user.active:
        return None
    return Credentials(user.id, user.email, user.password_hash, user.session_version or 1)


def check_password(creds: Credentials | None, password: str) -> bool:
    """Whether the password matches; an unknown account costs the same one verification.
    Call it outside any database transaction: it takes ~100 ms by design."""
    if creds is None:
        _verify(_dummy_hash(HASHER), password)
        return False
    return _verify(creds.password_hash, password)


def needs_rehash(creds: Credentials) -> bool:
    return HASHER.check_needs_rehash(creds.password_hash)


def rehash(session: Session, user_id: int, password: str) -> None:
    """Store a hash made with the current parameters (inside a short write transaction)."""
    user = session.get(User, user_id)
    if user is not None:
        user.password_hash = hash_password(password)


def end_sessions(session: Session, user_id: int) -> None:
    """Revoke every session cookie issued to this user so far (logout, password change, disable)."""
    user = session.get(User, user_id)
    if user is not None:
        user.session_version = (user.session_version or 1) + 1


def public_name(user) -> str:
    """What public pages say about a curator: their display name, never their login e-mail."""
    name = (getattr(user, "display_name", None) or "").strip()
    return name or f"curator #{user.id}"


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, (password or "")[:MAX_PASSWORD_LENGTH])
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def list_users(session: Session) -> list[User]:
    """Every account, by e-mail."""
    return list(session.scalars(select(User).order_by(User.email)))


def set_active(session: Session, email: str, active: bool, *, actor: str = "cli") -> User:
    """Disable (or re-enable) an account; a disabled account cannot log in and its sessions end."""
    user = find(session, email)
    if user is None:
        raise UserError(f"no user {email!r}")
    if user.active != active:
        user.active = active
        user.session_version = (user.session_version or 1) + 1
        session.add(
            AuditEntry(
                at=utcnow(),
                actor=actor,
                action="enable_user" if active else "disable_user",
                entity="user",
                entity_id=user.email,
                detail={},
            )
        )
    return user


def set_password(session: Session, email: str, password: str, *, actor: str = "cli") -> User:
    """Replace an account's password."""
    user = find(session, email)
    if user is None:
        raise UserError(f"no user {email!r}")
    check_password_strength(password)
    user.password_hash = hash_password(password)
    user.session_version = (
        user.session_version or 1
    ) + 1  # every session signed in with the old one ends
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            action="set_password",
            entity="user",
            entity_id=user.email,
            detail={},
        )
    )
    return user
