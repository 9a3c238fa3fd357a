"""Connecting a mailbox: the one way a mail account is created or reconnected, whoever asks
(the Accounts page, `topofmind accounts add-*`, `topofmind import-mbox`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.store import models as m


def connect_mail_account(session: Session, *, user_id: int, provider: str, address: str, sealed_credentials: str,
            now: datetime) -> m.MailAccount:
    """The user's account for this provider and address, found or created, holding these
    (already encrypted) credentials, cleared of past errors and due for the next sync pass."""
    account = session.scalar(select(m.MailAccount).where(
        m.MailAccount.user_id == user_id, m.MailAccount.provider == provider, m.MailAccount.address == address))
    if account is None:
        account = m.MailAccount(user_id=user_id, provider=provider, address=address, created_at=now)
        session.add(account)
    account.credentials_encrypted = sealed_credentials
    account.status, account.last_error, account.consecutive_failures = "active", None, 0
    account.next_run_at = now
    session.flush()
    return account
