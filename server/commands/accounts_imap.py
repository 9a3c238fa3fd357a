"""``topofmind accounts add-imap``: connect any mailbox by IMAP with an app password.

The password (or an XOAUTH2 access token) is read from standard input only, so it never
lands in the shell history or the process list; it is tested against the server (login,
inbox, sent folder) before anything is stored, then stored encrypted like the OAuth tokens.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from server.commands.accounts_gmail import _owner, accounts
from server.runtime import Runtime
from sync.imap import ImapProblem, ImapSource, LoginRefused
from sync.imap_connection import settings_from
from sync.imap_presets import PRESETS
from sync.sources import encrypt_credentials
from topofmind.store.accounts import connect_mail_account


@accounts.command("add-imap")
@click.option("--address", required=True, metavar="ADDRESS", help="The mailbox's email address.")
@click.option("--preset", type=click.Choice(sorted(PRESETS), case_sensitive=False), default=None,
              help="Your mail service (sets host and port). Default: guessed from the address, else --host.")
@click.option("--host", default=None, metavar="HOST", help="IMAP server, e.g. imap.example.org.")
@click.option("--port", type=int, default=None, metavar="PORT", help="Default 993 (TLS), 143 with --starttls.")
@click.option("--username", default=None, metavar="NAME", help="Login name when it is not the address.")
@click.option("--starttls", is_flag=True, help="Connect in plain text and upgrade with STARTTLS (port 143).")
@click.option("--plain", is_flag=True, hidden=True, help="No TLS at all: only to 127.0.0.1 (a local bridge).")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
              help="CA certificates to trust (a self-hosted server's own CA).")
@click.option("--password-stdin", is_flag=True, help="Read the app password from standard input (required).")
@click.option("--xoauth2", is_flag=True,
              help="Standard input holds an OAuth 2 access token, not a password; optionally a refresh token "
                   "on its second line and the client's secret on its third (kept encrypted).")
@click.option("--token-url", default=None, metavar="URL",
              help="With --xoauth2 and a refresh token: the provider's token endpoint, to renew the access token.")
@click.option("--client-id", default=None, metavar="ID", help="With --token-url: the OAuth client's id.")
@click.option("--user", "user_email", metavar="EMAIL",
              help="The topofmind user who owns the mailbox (created if new; default: the only user).")
@click.option("--no-check", is_flag=True, help="Store without testing the login first.")
@click.pass_obj
def add_imap(rt: Runtime, address: str, preset: str | None, host: str | None, port: int | None,
             username: str | None, starttls: bool, plain: bool, ca_bundle: str | None, password_stdin: bool,
             xoauth2: bool, token_url: str | None, client_id: str | None, user_email: str | None,
             no_check: bool) -> None:
    """Connect a mailbox by IMAP (Yahoo, iCloud, Fastmail, Gmail, your university...).

    Make an app password on your provider's security page (a refused login names the page),
    then:

    \b
      printf '%s\\n' "$APP_PASSWORD" | topofmind accounts add-imap --address you@yahoo.com --password-stdin

    With a token your provider gave you (XOAUTH2), renewed when it expires:

    \b
      printf '%s\\n%s\\n' "$ACCESS" "$REFRESH" | topofmind accounts add-imap --address you@example.org \\
          --host imap.example.org --xoauth2 --token-url https://id.example.org/token --client-id ID --password-stdin
    """
    if not password_stdin:
        raise click.UsageError("pass --password-stdin and give the app password on standard input "
                               "(never on the command line)")
    secret = sys.stdin.readline().strip()
    refresh_token = sys.stdin.readline().strip() if xoauth2 else ""
    client_secret = sys.stdin.readline().strip() if xoauth2 and refresh_token else ""
    try:
        settings = settings_from(address=address, preset=preset, host=host, port=port, username=username,
                                 starttls=starttls, plain=plain, ca_bundle=ca_bundle, secret=secret,
                                 xoauth2=xoauth2, refresh_token=refresh_token, token_url=token_url,
                                 client_id=client_id, client_secret=client_secret)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    address = address.strip().lower()
    found = None
    if not no_check:
        try:
            found = ImapSource(settings, default_ca_bundle=rt.config.ca_bundle).probe()
        except (ImapProblem, LoginRefused) as exc:
            step = getattr(exc, "step", "login")
            raise click.ClickException(f"{step}: {exc} (nothing was stored)") from None
    rt.upgrade()
    now = datetime.now(UTC)
    with rt.Session.begin() as session:
        user = _owner(session, address, user_email)
        connect_mail_account(session, user_id=user.id, provider="imap", address=address,
                     sealed_credentials=encrypt_credentials(settings.to_credentials(), rt.secrets), now=now)
        owner = user.email
    where = ""
    if found is not None:
        where = (f" (inbox {found.folders['inbox']}: {found.messages.get('inbox', 0)} messages, "
                 f"sent {found.folders['sent']}: {found.messages.get('sent', 0)})")
    click.echo(f"connected IMAP mailbox {address} for {owner}{where}; the next sync pass will read it")


COMMANDS = [accounts]
