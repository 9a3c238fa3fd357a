"""``topofmind users list|set-password|setup-code``: who may sign in to the pages, from the
server's own terminal (whoever runs these can read the database anyway)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click
from sqlalchemy import func, select

from server import sign_in
from server.runtime import Runtime
from topofmind.store import models


def _find(session, email: str) -> models.User:
    user = session.scalar(select(models.User).where(models.User.email == email.strip().lower()))
    if user is None:
        known = ", ".join(session.scalars(select(models.User.email).order_by(models.User.id))) or "none"
        raise click.ClickException(f"no user {email}; known users: {known}")
    return user


@click.group()
def users() -> None:
    """Who may sign in to the pages: list users, set a password, print a setup code."""


@users.command("list")
@click.pass_obj
def users_list(rt: Runtime) -> None:
    """Every user, whether a password is set and how many browsers are signed in."""
    rt.upgrade()
    with rt.Session() as session:
        rows = list(session.scalars(select(models.User).order_by(models.User.id)))
        if not rows:
            click.echo("no user yet: run `topofmind serve` and open the setup link it prints")
        for user in rows:
            signed_in = session.scalar(select(func.count(models.PageSession.id)).where(models.PageSession.user_id == user.id))
            click.echo(f"{user.email:<40} {'password set' if user.password_hash else 'no password':<13} "
                       f"{signed_in} signed-in browser(s)")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@click.pass_obj
def users_set_password(rt: Runtime, email: str, password_stdin: bool) -> None:
    """Set (or reset) EMAIL's password; every browser signed in as EMAIL is signed out."""
    rt.upgrade()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(f"New password for {email}", hide_input=True, confirmation_prompt=True)
    with rt.Session() as session:
        user = _find(session, email)
        try:
            sign_in.set_password(session, user, password)
        except sign_in.SignInError as exc:
            raise click.ClickException(f"{exc}; nothing was changed") from None
        session.commit()
    click.echo(f"password set for {user.email}; its signed-in browsers were signed out")


@users.command("setup-code")
@click.argument("email", required=False)
@click.option("--url", default=None, help="The server's address for the link (default: the configured one).")
@click.pass_obj
def users_setup_code(rt: Runtime, email: str | None, url: str | None) -> None:
    """Print a one-time link (valid 24 h) that sets EMAIL's password. Without EMAIL on a
    server with no user yet, the link creates the first user."""
    rt.upgrade()
    now = datetime.now(UTC)
    with rt.Session() as session:
        if email:
            user = _find(session, email)
        elif session.scalar(select(func.count(models.User.id))):
            raise click.ClickException("name the user: topofmind users setup-code EMAIL (see `topofmind users list`)")
        else:
            user = None
        code = sign_in.issue_setup_code(session, user, now)
        session.commit()
    base = (url or rt.config.public_url or f"http://{rt.config.host}:{rt.config.port}").rstrip("/")
    who = user.email if user else "a first user"
    click.echo(f"open {base}/setup?code={code} to set the password of {who} (one use, valid 24 h)")


COMMANDS = [users]
