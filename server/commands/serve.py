"""``topofmind serve`` and ``topofmind token create|list|revoke``."""

from __future__ import annotations

import errno
import socket
from datetime import UTC, datetime

import click
from sqlalchemy import select

from server.auth import create_token, list_tokens, revoke_token
from server.runtime import ConfigurationError, NoUserYet, Runtime
from sync.log_scrubbing import configure_logging
from topofmind.store.models import User


@click.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1; keep it local "
              "unless a reverse proxy with TLS is in front).")
@click.option("--port", default=None, type=int, help="Port to listen on (default 8765).")
@click.option("--threads", default=8, show_default=True, help="Worker threads.")
@click.pass_obj
def serve(rt: Runtime, host: str | None, port: int | None, threads: int) -> None:
    """Serve the API and the pages (upgrades the database first).

    This runs gunicorn with one worker process and several threads. For more processes:
    gunicorn -w 2 -b 127.0.0.1:8765 server.wsgi:app (after `topofmind db upgrade`).
    """
    from gunicorn.app.base import BaseApplication

    from server.app import create_app, freeze_startup_objects

    host = host or rt.config.host
    port = port or rt.config.port
    check_port(host, port)
    configure_logging(level="WARNING")  # JSON lines, scrubbed of addresses, tokens and mail content
    rt.upgrade()
    # The app learns the address it is bound to: local mode and the Host allow-list depend on it.
    app = create_app(rt.config.with_(host=host, port=port), session_factory=rt.Session, refresh_cards=True)
    freeze_startup_objects()

    class _Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", 1)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "server.serving.DeadlineThreadWorker")  # slow clients time out
            self.cfg.set("accesslog", None)  # access logs could carry query strings; not tokens, but mail addresses

        def load(self):
            return app

    click.echo(f"topofmind is serving on http://{host}:{port}/ (API: /api/v1, Ctrl-C to stop)")
    print_setup_codes(rt, f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}")
    _Server().run()


def print_setup_codes(rt: Runtime, url: str) -> None:
    """One-time links for the users who have no password yet (or for creating the first
    user): only the holder of this terminal can set those passwords."""
    from server.sign_in import issue_codes_for_startup

    with rt.Session.begin() as session:
        codes = issue_codes_for_startup(session, datetime.now(UTC))
    for email, code in codes:
        who = f"the password of {email}" if email else "your account (there is none yet)"
        click.echo(f"To set {who}, open {url}/setup?code={code} (one use, valid 24 h).")


def check_port(host: str, port: int) -> None:
    """Refuse to start (one sentence, what to do) when the address cannot be served on."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise ConfigurationError(f"Cannot serve on {host!r}: this machine does not know that address; "
                                 "use --host 127.0.0.1 or one of its own addresses.") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigurationError(f"Port {port} on {host} is already in use (is topofmind already "
                                         "running?); stop that program or choose another port with --port.") from None
            if exc.errno == errno.EACCES:
                raise ConfigurationError(f"Port {port} needs administrator rights; choose a port above 1023 "
                                         "with --port.") from None
            raise ConfigurationError(f"Cannot serve on {host}:{port} ({exc.strerror}); choose another "
                                     "address with --host or port with --port.") from None


def _user(session, email: str | None) -> User:
    users = list(session.scalars(select(User).order_by(User.id)))
    if email:
        match = [u for u in users if u.email.lower() == email.lower()]
        if not match:
            raise click.ClickException(f"no user {email}; known users: {', '.join(u.email for u in users) or 'none'}")
        return match[0]
    if len(users) == 1:
        return users[0]
    if not users:
        raise NoUserYet()
    raise click.ClickException("several users: choose one with --user EMAIL")


@click.group()
def token() -> None:
    """API tokens for the browser extension."""


@token.command("create")
@click.option("--user", "email", help="The user's email (needed when the server has several users).")
@click.option("--name", default="extension", show_default=True, help="A label to recognise the token by.")
@click.pass_obj
def token_create(rt: Runtime, email: str | None, name: str) -> None:
    """Create a token; it is printed once, alone on the last line, and stored only as a hash."""
    rt.upgrade()
    with rt.Session() as session:
        user = _user(session, email)
        value = create_token(session, user, name, datetime.now(UTC))
        session.commit()
    click.echo(f"new API token for {user.email} ({name}); paste it into the extension's options, "
               "it will not be shown again:", err=True)
    click.echo(value)


@token.command("list")
@click.option("--user", "email", help="The user's email (needed when the server has several users).")
@click.pass_obj
def token_list(rt: Runtime, email: str | None) -> None:
    """List tokens (prefix, name, created, last used, revoked)."""
    with rt.Session() as session:
        user = _user(session, email)
        rows = list_tokens(session, user.id)
    if not rows:
        click.echo(f"no tokens for {user.email}; create one with `topofmind token create`")
    for t in rows:
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
        used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
        click.echo(f"{t.id:>4}  {t.prefix}…  {t.name:<20} created {t.created_at:%Y-%m-%d}  used {used}  {state}")


@token.command("revoke")
@click.argument("token_id")
@click.option("--user", "email", help="The user's email (needed when the server has several users).")
@click.pass_obj
def token_revoke(rt: Runtime, token_id: str, email: str | None) -> None:
    """Revoke a token by its id or prefix (see `topofmind token list`)."""
    with rt.Session() as session:
        user = _user(session, email)
        row = revoke_token(session, user.id, token_id, datetime.now(UTC))
        if row is None:
            raise click.ClickException(f"no token {token_id} for {user.email}; see `topofmind token list`")
        session.commit()
    click.echo(f"revoked token {row.id} ({row.prefix}…)")


COMMANDS = [serve, token]
