"""``topofmind demo``: a fresh database, the demo mailbox, the due follow-ups, the server."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import click
from sqlalchemy import select

from server.auth import create_token
from server.commands.actions import actions_command
from server.commands.serve import check_port, serve
from server.commands.sync import import_mbox
from server.demo.mailbox import write_demo_mbox
from server.demo.writer import HOME_TZ, ME_ADDRESS
from server.runtime import Runtime
from topofmind.store import models
from topofmind.store.timezones import inference_note

EXTENSION_DIR = Path(__file__).resolve().parents[2] / "extension"


@click.command()
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the demo database goes (default: <data dir>/demo; replaced each run).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Build the mailbox as of this day (default: today), so follow-ups are due now.")
@click.option("--host", default=None, help="Address to serve on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to serve on (default 8765).")
@click.option("--no-serve", is_flag=True, help="Import and list the due follow-ups, then exit.")
@click.pass_obj
def demo(rt: Runtime, data_dir: Path | None, today, host, port, no_serve: bool) -> None:
    """Try topofmind with nothing configured: a demo mailbox in a fresh SQLite database.

    Builds four months of one person's job search (Alex Morgan: applications, interviews
    with calendar invites, a rejection, an offer, networking, everyday noise), imports it
    through the normal sync path, lists what is due, creates a token for the extension and
    starts the server.
    """
    if not no_serve:  # before a minute of importing, not after
        check_port(host or rt.config.host, port or rt.config.port)
    data_dir = (data_dir or rt.config.data_dir / "demo").resolve()
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    demo_rt = Runtime(rt.config.with_(data_dir=data_dir, database_url=None, secret_key=None))
    day = (today or datetime.now(HOME_TZ)).date()
    mbox = data_dir / "demo.mbox"
    count = write_demo_mbox(mbox, day)
    click.echo(f"Built the demo mailbox: {count} messages of Alex Morgan's job search, up to {day}.")

    ctx = click.get_current_context()
    with click.Context(import_mbox, parent=ctx, obj=demo_rt) as sub:
        sub.invoke(import_mbox, file=mbox, me=(ME_ADDRESS,), user_email=ME_ADDRESS)
    with demo_rt.Session.begin() as session:
        user = session.scalar(select(models.User).where(models.User.email == ME_ADDRESS))
        user.name = "Alex Morgan"  # the timezone is read from Alex's sent mail (Settings says so)
        token = create_token(session, user, "demo extension", datetime.now(UTC))
        click.echo(f"Timezone: {user.timezone} ({inference_note(session, user) or 'as set'})")

    click.echo("")
    with click.Context(actions_command, parent=ctx, obj=demo_rt) as sub:
        sub.invoke(actions_command, as_json=False, at_text=None, user_email=ME_ADDRESS)

    url = f"http://{host or rt.config.host}:{port or rt.config.port}"
    serve_line = f"TOPOFMIND_DATA_DIR={data_dir} topofmind serve" + (f" --port {port}" if port else "")
    click.echo("")
    if no_serve:  # else serve prints it (a new code replaces the previous one)
        from server.commands.serve import print_setup_codes

        print_setup_codes(demo_rt, url)
    click.echo(f"The demo lives in {data_dir}; to use the CLI on it (topofmind actions, token list…):")
    click.echo(f"  export TOPOFMIND_DATA_DIR={data_dir}")
    if no_serve:
        click.echo(f"Start the server with `{serve_line}`, then open {url}/ (Today, Pipeline, People, "
                   "Insights, Review, Settings).")
    else:
        click.echo(f"Open {url}/ for the pages (Today, Pipeline, People, Insights, Review, Settings).")
    click.echo("Load the extension: chrome://extensions → Developer mode → Load unpacked → "
               f"{EXTENSION_DIR}")
    click.echo(f"then in its Options set the server URL to {url}{' (once the server runs)' if no_serve else ''} "
               "and paste this token:")
    click.echo(token)
    if no_serve:
        return
    with click.Context(serve, parent=ctx, obj=demo_rt) as sub:
        sub.invoke(serve, host=host, port=port)


COMMANDS = [demo]
