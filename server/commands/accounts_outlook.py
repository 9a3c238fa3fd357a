"""``topofmind accounts add-outlook``: connect an Outlook mailbox from a headless server.

The device-code flow needs no browser on the server and no typing in the terminal: the
command prints a URL and a code, the user signs in from any device, and the command polls
(at the interval Microsoft gives) until they have. It works with stdin closed.
"""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlalchemy import select

from server.runtime import Runtime
from sync.ms_oauth import MicrosoftSignInError, acquire_token_by_device_flow, initiate_device_flow
from topofmind.store import models
from topofmind.store.accounts import connect_mail_account


@click.group("accounts")
def accounts() -> None:
    """Connect, list and manage mail accounts."""


def _owner(session, address: str, user_email: str | None) -> models.User:
    if user_email:
        user = session.scalar(select(models.User).where(models.User.email == user_email.lower()))
        if user is None:
            raise click.ClickException(f"no user {user_email}; omit --user to create one for {address}")
        return user
    users = list(session.scalars(select(models.User).limit(2)))
    if len(users) > 1:
        raise click.ClickException("several users exist; say whose mailbox this is with --user EMAIL")
    if users:
        return users[0]
    user = models.User(email=address, name=None, timezone="UTC", own_addresses=[address], settings={},
                  created_at=datetime.now(UTC))
    session.add(user)
    session.flush()
    return user


@accounts.command("add-outlook")
@click.option("--address", required=True, metavar="ADDRESS",
              help="The mailbox address (e.g. sam@outlook.com) as it should appear in topofmind.")
@click.option("--user", "user_email", metavar="EMAIL",
              help="The topofmind user who owns the mailbox (default: the only user, created if none).")
@click.pass_obj
def add_outlook(rt: Runtime, address: str, user_email: str | None) -> None:
    """Connect an Outlook / Microsoft 365 mailbox with a device code (no browser needed here).

    Needs TOPOFMIND_MS_CLIENT_ID of an app registration that allows public client flows
    (see the README). Prints a URL and a code; sign in from any browser and this command
    finishes on its own. The sign-in is stored encrypted, so later syncs need none.
    """
    address = address.strip().lower()
    if "@" not in address:
        raise click.BadParameter(f"{address!r} is not an email address", param_hint="--address")
    rt.upgrade()
    try:
        flow = initiate_device_flow(rt.config)
    except MicrosoftSignInError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(flow["message"])
    click.echo("Waiting for the sign-in to complete (Ctrl-C to give up)...")
    try:
        credentials = acquire_token_by_device_flow(rt.config, flow)
    except MicrosoftSignInError as exc:
        raise click.ClickException(f"{exc}; run the command again for a new code") from exc
    sealed = rt.secrets.encrypt(credentials.dumps())
    with rt.Session.begin() as session:
        user = _owner(session, address, user_email)
        connect_mail_account(session, user_id=user.id, provider="outlook", address=address, sealed_credentials=sealed,
                         now=datetime.now(UTC))
