"""``topofmind accounts add-gmail``: connect a Gmail mailbox from a headless server.

Two ways: ``--refresh-token`` for an administrator who already has one (no browser, no
prompt: it is checked with one getProfile call, stored encrypted, and the command exits), or
the installed-app flow: the command prints Google's consent URL, the user opens it in any
browser, and pastes back the address the browser ended on (``http://localhost/?code=…``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlalchemy import func, select

from server.runtime import Runtime
from sync.gmail import GmailSource
from sync.google_oauth import (
    GoogleClient,
    GoogleSignInError,
    credentials_info,
    credentials_json,
    installed_app_flow,
)
from sync.protocol import SyncError
from topofmind.store import models
from topofmind.store.accounts import connect_mail_account


@click.group("accounts")
def accounts() -> None:
    """Connect, list and manage mail accounts."""


def _owner(session, address: str, user_email: str | None) -> models.User:
    """The given user (created if new), else the only user, else a new user for ``address``."""
    if not user_email:
        users = list(session.scalars(select(models.User).limit(2)))
        if len(users) > 1:
            raise click.ClickException("several users exist; say whose mailbox this is with --user EMAIL")
        if users:
            return users[0]
    email = (user_email or address).strip().lower()
    user = session.scalar(select(models.User).where(func.lower(models.User.email) == email))
    if user is None:
        user = models.User(email=email, name=None, timezone="UTC", own_addresses=sorted({email, address}),
                      settings={}, created_at=datetime.now(UTC))
        session.add(user)
        session.flush()
    return user


@accounts.command("add-gmail")
@click.option("--address", required=True, metavar="ADDRESS", help="The Gmail address, e.g. sam@gmail.com.")
@click.option("--client-secrets", "client_secrets", type=click.Path(exists=True, dir_okay=False),
              metavar="FILE", help="Your Google OAuth client as downloaded (client_secret_….json); "
                                   "default: TOPOFMIND_GOOGLE_CLIENT_ID/_SECRET.")
@click.option("--refresh-token", "refresh_token", metavar="TOKEN", envvar="TOPOFMIND_GOOGLE_REFRESH_TOKEN",
              help="Store this refresh token (scope gmail.readonly) instead of signing in: no prompt. "
                   "Also read from TOPOFMIND_GOOGLE_REFRESH_TOKEN (keeps it out of shell history).")
@click.option("--user", "user_email", metavar="EMAIL",
              help="The topofmind user who owns the mailbox (created if new; default: the only user).")
@click.option("--no-check", is_flag=True, help="Do not ask Google whether the refresh token works.")
@click.pass_obj
def add_gmail(rt: Runtime, address: str, client_secrets: str | None, refresh_token: str | None,
              user_email: str | None, no_check: bool) -> None:
    """Connect a Gmail mailbox (read-only) and store its refresh token encrypted.

    Without --refresh-token, prints a URL: open it in any browser, allow access, and paste
    the address the browser ends on (it will not load; that is expected).
    """
    address = address.strip().lower()
    rt.upgrade()
    try:
        client = (GoogleClient.from_client_secrets(client_secrets, rt.config) if client_secrets
                  else GoogleClient.from_config(rt.config))
        if refresh_token:
            info = credentials_info(client, refresh_token.strip())
        else:
            info = installed_app_flow(
                client, login_hint=address,
                show=lambda url: click.echo(f"Open this address in a browser and allow access:\n\n  {url}\n"),
                ask=lambda: click.prompt("Paste the address your browser was sent to (or the code)"))
    except GoogleSignInError as exc:
        raise click.ClickException(str(exc)) from exc
    if not no_check:
        try:
            seen = GmailSource(info, api_url=rt.config.gmail_api_url, timeout=30).mailbox_address()
        except SyncError as exc:
            raise click.ClickException(f"Google did not accept these credentials: {exc} "
                                       "(nothing was stored; --no-check skips this test)") from exc
        if seen.lower() != address:
            click.echo(f"note: the token opens {seen}; the account is stored as {address}", err=True)
    sealed = rt.secrets.encrypt(credentials_json(info))
    with rt.Session.begin() as session:
        user = _owner(session, address, user_email)
        connect_mail_account(session, user_id=user.id, provider="gmail", address=address, sealed_credentials=sealed,
                         now=datetime.now(UTC))
        owner = user.email
    click.echo(f"connected Gmail mailbox {address} for {owner}; the next sync pass will read it")


COMMANDS = [accounts]
