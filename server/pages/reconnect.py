"""The one-click reconnect link (``/accounts/<id>/reconnect``) that the digest, the account notices,
the account-health API and the extension's notification carry for a mailbox that stopped syncing.

Gmail/Outlook: straight to the provider's consent page, as the Accounts page's Reconnect button.
IMAP: the IMAP form filled in from the stored settings (never the password), asking for a new
app password. An uploaded mailbox file: nothing to reconnect, and why.
"""

from __future__ import annotations

from flask import render_template

from server.api.context import state
from server.pages.accounts import owned_account, start_sign_in
from server.pages.site import bp
from sync.imap_presets import PRESETS
from sync.reminders import account_health
from sync.secrets import SecretBox, SecretKeyError
from sync.sources import decrypt_credentials
from topofmind.errors import NotFound
from topofmind.store import models


@bp.route("/accounts/<id:account_id>/reconnect")
def reconnect(account_id: int):
    account = owned_account(account_id)
    if account is None:
        raise NotFound("mail account")
    if account.provider in ("gmail", "outlook"):
        # Safe as a GET: only the OAuth state nonce goes into this browser's session; the provider asks for consent and the callback checks that state.
        return start_sign_in(account.provider, account.address)
    return reconnect_page(account)


def reconnect_page(account: models.MailAccount, status: int = 200, *, imap_form: dict | None = None,
                   imap_result: dict | None = None):
    """This account's reconnect page; the IMAP form's outcome comes back here when it was sent from it."""
    health = account_health(account.provider, account.status, account.last_error, account.consecutive_failures)
    form = imap_form or (imap_form_of(account, state().secrets) if account.provider == "imap" else {})
    return render_template("reconnect.html", account=account, health=health, presets=PRESETS.values(),
                           imap_form=form, imap_result=imap_result, reconnecting=account.id), status


def reconnect_page_of(account_id: str, status: int, **outcome):
    """The reconnect page of the account a form names (``reconnect``), if it is the user's; else None."""
    account = owned_account(int(account_id)) if account_id.isdigit() and len(account_id) < 12 else None
    return reconnect_page(account, status, **outcome) if account is not None else None


def imap_form_of(account: models.MailAccount, secrets: SecretBox) -> dict:
    """The IMAP form filled in from an account's stored settings; never its password."""
    try:
        stored = decrypt_credentials(account, secrets)
    except (SecretKeyError, ValueError):  # sealed with another key, or unreadable: the address is still known
        stored = {}
    username = stored.get("username")
    return {"address": account.address, "preset": stored.get("preset") or "", "host": stored.get("host", ""),
            "port": str(stored.get("port", "")), "username": "" if username == account.address else username or "",
            "starttls": "1" if stored.get("security") == "starttls" else ""}
