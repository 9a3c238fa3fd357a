"""How each of a user's mailboxes is syncing, for the extension's "a mailbox stopped" notice.

Which accounts have stopped is ``topofmind.store.sync_health``'s rule (the digest's too);
what happened and what to do are the words the digest and the Accounts page use
(``sync.reminders.account_health``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.serialize import iso
from sync.reminders import account_health
from topofmind.store import models
from topofmind.store.sync_health import stopped_clause, stopped_since

STATES = ("ok", "needs_reconnect", "failing")
FILTERS = ("all", "stopped", *STATES)


def reconnect_url(public_url: str, account_id: int) -> str:
    """The one-click reconnect link (server/pages/reconnect.py), for every place that announces a stop."""
    return f"{public_url.rstrip('/')}/accounts/{account_id}/reconnect"


def _state(account: models.MailAccount, stopped: bool) -> str:
    if not stopped:
        return "ok"
    return "needs_reconnect" if account.status == "needs_reconnect" else "failing"


def health_of_accounts(session: Session, user_id: int, *, public_url: str, wanted: str = "all") -> list[dict]:
    """The user's accounts with their state; ``wanted``: all, stopped, or one state."""
    rows = session.execute(select(models.MailAccount, stopped_clause().label("stopped"))
                           .where(models.MailAccount.user_id == user_id).order_by(models.MailAccount.id))
    out = []
    for account, stopped in rows:
        state = _state(account, bool(stopped))
        if (wanted == "stopped" and state == "ok") or (wanted in STATES and state != wanted):
            continue
        words = account_health(account.provider, account.status, account.last_error,
                               account.consecutive_failures) if state != "ok" else None
        out.append({
            "id": account.id, "provider": account.provider, "address": account.address, "state": state,
            "since": iso(stopped_since(account)) if state != "ok" else None,
            "what_happened": words["what"] if words else None,
            "what_to_do": words["todo"] if words else None,
            "reconnect_url": reconnect_url(public_url, account.id) if state != "ok" else None,
        })
    return out
