"""Connecting a mailbox: the one place a mail account is created or reconnected.

Every way in (the Accounts page's OAuth callbacks and IMAP form, the mbox upload, the CLI's
``accounts add-imap``) ends here: the account is keyed by (user, provider, address), its
credentials replaced by the sealed (already encrypted) ones, its error state cleared and
its next pass made due now. Stored mail, the ledger and the cursor are kept, so
reconnecting never re-imports or loses anything.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from topofmind.store import models


def connect_mail_account(session: Session, *, user_id: int, provider: str, address: str, sealed_credentials: str,
                         now: datetime) -> models.MailAccount:
    """Create the account, or reconnect the existing one; flushed, not committed (the caller owns it)."""
    account = session.scalar(select(models.MailAccount).where(
        models.MailAccount.user_id == user_id, models.MailAccount.provider == provider, models.MailAccount.address == address))
    if account is None:
        account = models.MailAccount(user_id=user_id, provider=provider, address=address, created_at=now)
        session.add(account)
    account.credentials_encrypted = sealed_credentials
    account.status, account.last_error, account.consecutive_failures = "active", None, 0
    account.next_run_at = now
    session.flush()
    return account
