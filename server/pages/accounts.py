"""The Accounts page: connect Gmail or Outlook (read-only), see sync status, reconnect, remove.

Connect flows keep what they need between the redirect out and back (state, PKCE
verifier, msal's flow) in the signed session cookie; the tokens never touch the browser:
the code is exchanged server-side and the refresh token / MSAL cache is stored encrypted.
"""

from __future__ import annotations

from flask import flash, g, redirect, request, session, url_for
from sqlalchemy import delete, select

from server.api.context import db, now, state
from server.pages.site import bp
from topofmind.store import models
from topofmind.store.accounts import connect_mail_account


def _redirect_uri(provider: str) -> str:
    base = state().config.public_url
    path = url_for("pages.connect_callback", provider=provider)
    return (base.rstrip("/") + path) if base else url_for("pages.connect_callback", provider=provider,
                                                           _external=True)


@bp.route("/accounts/connect/<any(gmail, outlook):provider>", methods=["POST"])
def connect(provider: str):
    hint = (request.form.get("address") or "").strip() or None
    if hint is not None and (len(hint) > 320 or "@" not in hint):
        flash("That is not an email address; leave the field empty or give the mailbox's address.", "error")
        return redirect(url_for("pages.accounts"))
    return start_sign_in(provider, hint)


def start_sign_in(provider: str, hint: str | None):
    """Keep this attempt's state in the session and send the browser to the provider's consent page
    (Connect, Reconnect and the one-click reconnect link alike)."""
    config = state().config
    try:
        if provider == "gmail":
            from sync.google_oauth import GoogleClient, start_authorization

            auth = start_authorization(GoogleClient.from_config(config), _redirect_uri("gmail"),
                                       login_hint=hint)
            session["connect"] = {"provider": "gmail", "request": auth.to_dict(), "hint": hint}
            return redirect(auth.url)
        from sync.ms_oauth import initiate_auth_code_flow

        flow = initiate_auth_code_flow(config, _redirect_uri("outlook"), login_hint=hint)
        session["connect"] = {"provider": "outlook", "flow": flow, "hint": hint}
        return redirect(flow["auth_uri"])
    except Exception as exc:
        flash(f"Could not start connecting {provider.title()}: {exc}", "error")
        return redirect(url_for("pages.accounts"))


@bp.route("/accounts/callback/<any(gmail, outlook):provider>")
def connect_callback(provider: str):
    kept = session.pop("connect", None)
    if not kept or kept.get("provider") != provider:
        flash("That sign-in was not started here, or it expired; press Connect again.", "error")
        return redirect(url_for("pages.accounts"))
    config = state().config
    answer = {k: v for k, v in request.args.items()}
    try:
        if provider == "gmail":
            from sync.google_oauth import (
                AuthorizationRequest,
                GoogleClient,
                credentials_json,
                finish_authorization,
            )

            info = finish_authorization(GoogleClient.from_config(config),
                                        AuthorizationRequest.from_dict(kept["request"]), answer)
            plaintext = credentials_json(info)
            address = _gmail_address(info) or kept.get("hint")
        else:
            from sync.ms_oauth import acquire_token_by_auth_code_flow

            creds = acquire_token_by_auth_code_flow(config, kept["flow"], answer)
            plaintext, address = creds.dumps(), creds.username
    except Exception as exc:
        flash(f"Connecting {provider.title()} did not work: {exc}", "error")
        return redirect(url_for("pages.accounts"))
    address = (address or f"{provider} account").lower()
    _store(provider, address, plaintext)
    flash(f"Connected {address}. The first sync starts within a few minutes.", "ok")
    if (wanted := (kept.get("hint") or "").lower()) and wanted != address:  # another account chosen at the provider
        flash(f"You signed in as {address}, not {wanted}, so {wanted} was not connected; to connect it, start "
              f"again and choose {wanted} on {provider.title()}'s sign-in page.", "error")
    return redirect(url_for("pages.accounts"))


def _gmail_address(info: dict) -> str | None:
    """Ask Gmail whose mailbox this is (one getProfile call, 1 quota unit)."""
    try:
        from sync.gmail import open_gmail_source

        return open_gmail_source(None, info, config=state().config).mailbox_address()
    except Exception:
        return None


def _store(provider: str, address: str, plaintext: str) -> None:
    connect_mail_account(db(), user_id=g.user_id, provider=provider, address=address,
                         sealed_credentials=state().secrets.encrypt(plaintext), now=now())
    db().commit()


def owned_account(account_id: int) -> models.MailAccount | None:
    """The signed-in user's account with this id; None for anyone else's."""
    return db().scalar(select(models.MailAccount).where(models.MailAccount.id == account_id,
                                                        models.MailAccount.user_id == g.user_id))


@bp.route("/accounts/<id:account_id>/remove", methods=["POST"])
def remove_account(account_id: int):
    s = db()
    account = owned_account(account_id)
    if account is None:
        flash("No such account.", "error")
        return redirect(url_for("pages.accounts"))
    # Its messages and ledger go with it (ON DELETE CASCADE); people and opportunities stay.
    s.execute(delete(models.Message).where(models.Message.account_id == account_id))
    s.execute(delete(models.LedgerEntry).where(models.LedgerEntry.account_id == account_id))
    s.delete(account)
    s.commit()
    flash(f"Removed {account.address}, its messages and its tokens.", "ok")
    return redirect(url_for("pages.accounts"))
