"""When a mail account has stopped syncing: the one rule the digest, the notices and the API share.

An account has stopped when the mailbox withdrew topofmind's access (``needs_reconnect``: a
revoked or expired sign-in, a changed password) or when its sync has failed
``STOPPED_AFTER_FAILURES`` passes in a row; a single failure is retried on its own and is
not worth telling anyone about.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from topofmind.store import models

STOPPED_AFTER_FAILURES = 3  # an account in "error" this many passes in a row has stopped syncing


def stopped_clause() -> ColumnElement[bool]:
    """True for an account whose sync stopped (a WHERE clause, or a column to select)."""
    account = models.MailAccount
    return (account.status == "needs_reconnect") | and_(
        account.status == "error", account.consecutive_failures >= STOPPED_AFTER_FAILURES)


def stopped_accounts(session: Session, user_id: int | None = None) -> list[models.MailAccount]:
    """Accounts whose sync stopped: consent revoked or expired, or an error that persists."""
    query = select(models.MailAccount).where(stopped_clause())
    if user_id is not None:
        query = query.where(models.MailAccount.user_id == user_id)
    return list(session.scalars(query.order_by(models.MailAccount.id)))


def stopped_since(account: models.MailAccount) -> datetime:
    """When a stopped account last worked: its last successful pass, or when it was connected.
    A new stop after a recovery has a later one, so it is told about again."""
    return account.last_success_at or account.created_at
