"""API tokens: ``Authorization: Bearer <token>``, one user per token.

A token is shown once, at creation; the database keeps only its SHA-256 hash (a token is
256 random bits, so a plain hash is enough — no slow KDF is needed against guessing) and a
short prefix so that a list can tell tokens apart. Revoked or unknown tokens answer 401.
Tokens are never logged: the error handler logs no headers and nothing here prints one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import g, request
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from server.errors import ApiError
from topofmind.store.models import ApiToken, User

TOKEN_PREFIX = "tom_"
PREFIX_LENGTH = 12  # "tom_" + 8 characters of the secret: enough to tell tokens apart
# last_used_at is written at most this often, so a burst of lookups does not write per request.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str, now: datetime) -> str:
    """Create a token for ``user``; returns the token itself, which is never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, name=name[:100] or "extension", token_hash=hash_token(token),
                         prefix=token[:PREFIX_LENGTH], created_at=now))
    session.flush()
    return token


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id)))


def revoke_token(session: Session, user_id: int, token_id_or_prefix: str | int, now: datetime) -> ApiToken | None:
    """Revoke one of the user's tokens by id or prefix; None if there is no such token."""
    query = select(ApiToken).where(ApiToken.user_id == user_id)
    key = str(token_id_or_prefix)
    if key.isdigit():
        query = query.where(ApiToken.id == int(key))
    else:
        query = query.where(ApiToken.prefix == key[:PREFIX_LENGTH])
    token = session.scalars(query).first()
    if token is None:
        return None
    if token.revoked_at is None:
        token.revoked_at = now
    return token


_BY_HASH = select(ApiToken.id, ApiToken.user_id, ApiToken.token_hash, ApiToken.revoked_at,
                  ApiToken.last_used_at).where(ApiToken.token_hash == bindparam("digest"))


def token_owner(session: Session, token: str, now: datetime) -> int | None:
    """The user id of a valid, unrevoked token, or None. Columns only, no ORM objects: this
    runs before every API request."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    digest = hash_token(token)
    found = session.connection().execute(_BY_HASH, {"digest": digest}).first()
    # The lookup is by hash (an index); compare_digest keeps the final check constant-time.
    if found is None or found.revoked_at is not None or not hmac.compare_digest(found.token_hash, digest):
        return None
    if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
        session.execute(update(ApiToken).where(ApiToken.id == found.id).values(last_used_at=now)
                        .execution_options(synchronize_session=False))
        session.commit()
    return found.user_id


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def require_token(session: Session, now: datetime) -> int:
    """Authenticate the current request; sets and returns ``g.user_id``."""
    token = bearer_token()
    if token is None:
        raise ApiError(401, "missing API token: send 'Authorization: Bearer <token>' (create one on "
                            "the Settings page or with `topofmind token create`)")
    owner = token_owner(session, token, now)
    if owner is None:
        raise ApiError(401, "this API token is unknown or revoked; create a new one on the Settings "
                            "page or with `topofmind token create`")
    g.user_id = owner
    return owner
