"""Privacy commands: forget on demand, apply retention, rotate the encryption key."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlalchemy import select

from server.runtime import Runtime
from sync.secrets import SecretBox, reencrypt_credentials, write_key_file
from topofmind.store import models
from topofmind.store.retention import DEFAULT_KEEP_DAYS, apply_retention, forget_before, forget_person


def _users(session, email: str | None):
    q = select(models.User)
    if email:
        q = q.where(models.User.email == email.lower())
    users = list(session.scalars(q))
    if email and not users:
        raise click.ClickException(f"no user {email}; `topofmind status` lists the accounts")
    return users


@click.command()
@click.option("--before", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Delete every message, touch and ledger row dated before this day (YYYY-MM-DD).")
@click.option("--person", "person_email", metavar="EMAIL",
              help="Delete this person and every message and touch of theirs.")
@click.option("--user", "user_email", metavar="EMAIL", help="Only this user (default: all users).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def forget(rt: Runtime, before, person_email, user_email, yes) -> None:
    """Delete stored mail data on demand. Nothing is fetched again unless you re-sync."""
    if not before and not person_email:
        raise click.UsageError("say what to forget: --before YYYY-MM-DD and/or --person EMAIL")
    if not yes and not click.confirm("This deletes data permanently. Continue?", default=False):
        raise click.Abort()
    rt.upgrade()
    with rt.Session.begin() as session:
        for user in _users(session, user_email):
            if before:
                done = forget_before(session, user_id=user.id, before=before.replace(tzinfo=UTC))
                click.echo(f"{user.email}: removed {done.messages} messages, {done.touches} touches, "
                           f"{done.ledger} ledger rows, {done.people} people no longer referenced")
            if person_email:
                done = forget_person(session, user_id=user.id, address=person_email)
                click.echo(f"{user.email}: removed {done.people} person, {done.messages} messages, "
                           f"{done.touches} touches")


@click.command("retention")
@click.option("--keep-days", type=int, default=None,
              help=f"Days to keep bodies after an opportunity closes (default: the user's setting, "
                   f"else {DEFAULT_KEEP_DAYS}).")
@click.pass_obj
def retention(rt: Runtime, keep_days) -> None:
    """Apply the retention rule now (the sync daemon runs it daily)."""
    rt.upgrade()
    now = datetime.now(UTC)
    with rt.Session.begin() as session:
        for user in _users(session, None):
            days = keep_days or int((user.settings or {}).get("retention_days", DEFAULT_KEEP_DAYS))
            done = apply_retention(session, user_id=user.id, now=now, keep_days=days)
            click.echo(f"{user.email}: cleared {done.bodies_cleared} message bodies older than the "
                       f"{days}-day retention")


@click.command("rotate-key")
@click.option("--new-key", help="The new Fernet key (default: generate one).")
@click.pass_obj
def rotate_key(rt: Runtime, new_key) -> None:
    """Re-encrypt every stored OAuth credential with a new key.

    With a key file (no TOPOFMIND_SECRET_KEY), the file is replaced. With
    TOPOFMIND_SECRET_KEY, set it to the printed key afterwards.
    """
    rt.upgrade()
    new_key = new_key or SecretBox.generate_key()
    new = SecretBox(new_key)
    with rt.Session.begin() as session:
        count = reencrypt_credentials(session, old=rt.secrets, new=new)
    if rt.config.secret_key:
        click.echo(f"re-encrypted {count} credentials; now set TOPOFMIND_SECRET_KEY to:")
        click.echo(new_key)
    else:
        path = write_key_file(rt.config.data_dir, new_key)
        click.echo(f"re-encrypted {count} credentials; the key file {path} holds the new key")


COMMANDS = [forget, retention, rotate_key]
