"""Who may use the pages: passwords, server-side page sessions and one-time setup codes.

The one implementation behind the sign-in pages and the ``users`` commands. A page session
is a random key in the signed cookie and its SHA-256 in ``page_sessions``: deleting the row
(sign-out, a password change) ends it wherever the cookie went. A setup code lets its holder
set the password of the one user it was made for (or create the first user when there is
none); it is printed on the owner's terminal by ``serve``/``demo``/``users setup-code``,
works once and expires.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from topofmind.store import models

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1000  # hashing a megabyte of password is work an attacker should not get for free
SETUP_CODE_LIFETIME = timedelta(hours=24)
SESSION_IDLE_LIMIT = timedelta(days=30)
LAST_SEEN_RESOLUTION = timedelta(minutes=5)
# Checked against when the address is unknown, so a wrong address costs the same time as a
# wrong password (the sign-in answer's timing does not tell which addresses exist).
# Made on first use: the hash is slow on purpose, and commands that never sign anyone in should not pay for it.
@functools.cache
def _dummy_hash() -> str:
    return generate_password_hash("not a password of anyone's")


class SignInError(ValueError):
    """A refusal with a message for the user and the form field it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise SignInError(f"use a password of at least {MIN_PASSWORD_LENGTH} characters", "password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise SignInError(f"use a password of at most {MAX_PASSWORD_LENGTH} characters", "password")


# --- passwords -------------------------------------------------------------------------------

def verify_password(session: Session, email: str, password: str) -> models.User | None:
    """The user whose address and password these are, or None, in the same time either way."""
    user = session.scalar(select(models.User).where(models.User.email == email.strip().lower())) if email else None
    stored = user.password_hash if user is not None and user.password_hash else _dummy_hash()
    ok = check_password_hash(stored, password[:MAX_PASSWORD_LENGTH])
    return user if ok and user is not None and user.password_hash else None


def set_password(session: Session, user: models.User, password: str) -> None:
    """Set a new password and end every page session of the user (the caller commits)."""
    check_password_rules(password)
    user.password_hash = generate_password_hash(password)
    end_all_sessions(session, user.id)
    session.execute(delete(models.SetupCode).where(models.SetupCode.user_id == user.id))


def anyone_has_a_password(session: Session) -> bool:
    return bool(session.scalar(select(func.count(models.User.id)).where(models.User.password_hash.is_not(None))))


# --- page sessions -----------------------------------------------------------------------------

def start_session(session: Session, user_id: int, now: datetime) -> str:
    """A new page session for the user; returns the key for the cookie (stored hashed)."""
    key = secrets.token_urlsafe(32)
    session.add(models.PageSession(user_id=user_id, key_hash=_digest(key), created_at=now, last_seen_at=now))
    session.flush()
    return key


def session_user(session: Session, key: str | None, now: datetime) -> models.User | None:
    """The user of a live page session, or None (unknown, ended, or idle too long)."""
    if not key or not isinstance(key, str) or len(key) > 100:
        return None
    digest = _digest(key)
    row = session.scalar(select(models.PageSession).where(models.PageSession.key_hash == digest))
    if row is None or not hmac.compare_digest(row.key_hash, digest):
        return None
    if now - row.last_seen_at > SESSION_IDLE_LIMIT:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at > LAST_SEEN_RESOLUTION:
        session.execute(update(models.PageSession).where(models.PageSession.id == row.id).values(last_seen_at=now))
        session.commit()
    return session.get(models.User, row.user_id)


def end_session(session: Session, key: str | None) -> None:
    if key and isinstance(key, str):
        session.execute(delete(models.PageSession).where(models.PageSession.key_hash == _digest(key)))


def end_all_sessions(session: Session, user_id: int) -> int:
    return session.execute(delete(models.PageSession).where(models.PageSession.user_id == user_id)).rowcount or 0


# --- setup codes -------------------------------------------------------------------------------

def issue_setup_code(session: Session, user: models.User | None, now: datetime) -> str:
    """A one-time code for ``user`` (None: for creating the first user); the caller commits.
    Earlier codes of the same user stop working."""
    code = secrets.token_urlsafe(18)
    owner = user.id if user is not None else None
    session.execute(delete(models.SetupCode).where(
        models.SetupCode.user_id.is_(None) if owner is None else models.SetupCode.user_id == owner))
    session.add(models.SetupCode(user_id=owner, code_hash=_digest(code), created_at=now,
                            expires_at=now + SETUP_CODE_LIFETIME))
    session.flush()
    return code


def setup_code_target(session: Session, code: str | None, now: datetime) -> models.SetupCode | None:
    """The live setup code row for ``code``, or None."""
    if not code or not isinstance(code, str) or len(code) > 100:
        return None
    digest = _digest(code.strip())
    row = session.scalar(select(models.SetupCode).where(models.SetupCode.code_hash == digest))
    if row is None or not hmac.compare_digest(row.code_hash, digest) or row.expires_at <= now:
        return None
    return row


def redeem_setup_code(session: Session, row: models.SetupCode, *, email: str | None, password: str,
                      now: datetime) -> models.User:
    """Set the password of the code's user (or create the first user); the code is used up."""
    check_password_rules(password)
    if row.user_id is not None:
        user = session.get(models.User, row.user_id)
    else:
        if session.scalar(select(func.count(models.User.id))):
            raise SignInError("this code was for creating the first account, and there is one now; "
                              "ask for a new code with `topofmind users setup-code EMAIL`", "code")
        address = (email or "").strip().lower()
        if "@" not in address or len(address) > 320:
            raise SignInError("give your email address", "email")
        user = models.User(email=address, timezone="UTC", own_addresses=[address], settings={}, created_at=now)
        session.add(user)
        session.flush()
    set_password(session, user, password)
    session.execute(delete(models.SetupCode).where(models.SetupCode.id == row.id))
    return user


def issue_codes_for_startup(session: Session, now: datetime) -> list[tuple[str | None, str]]:
    """Codes for every user without a password (or for a first user when there is none):
    ``[(email or None, code)]``, for ``serve``/``demo`` to print on the owner's terminal."""
    users = list(session.scalars(select(models.User).order_by(models.User.id)))
    if not users:
        return [(None, issue_setup_code(session, None, now))]
    return [(u.email, issue_setup_code(session, u, now)) for u in users if not u.password_hash]
