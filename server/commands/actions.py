"""``topofmind actions``: what is due now, or at a given moment; ``topofmind playbook``: the rules."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import click
from sqlalchemy import select

from server.runtime import NoUserYet, Runtime
from server.services.actions import URGENCY_ORDER, action_core
from topofmind.mail.timezones import user_zone
from topofmind.playbook import due_now, next_actions, pending, playbook_markdown
from topofmind.playbook.settings import PlaybookSettings, SettingsError
from topofmind.playbook.types import Action, History
from topofmind.store import models
from topofmind.store.history import load_history


def parse_moment(text: str | None, tz: ZoneInfo) -> datetime:
    """ISO date or datetime; without an offset it is read in the user's timezone. A date alone
    means the end of that day: everything that may be done that day."""
    if not text:
        return datetime.now(UTC)
    try:
        text = text.strip()
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(23, 59, 59), tzinfo=tz)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date or time; use e.g. 2026-03-18 or 2026-03-18T09:30",
                                 param_hint="--at") from None
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def _pick_user(session, email: str | None) -> models.User:
    if email:
        user = session.scalar(select(models.User).where(models.User.email == email.strip().lower()))
        if user is None:
            user = session.scalar(select(models.User).where(models.User.email == email.strip()))
        if user is None:
            raise click.ClickException(f"no user {email!r} in this database; check the address or run "
                                       "`topofmind demo` / `topofmind import-mbox` first")
        return user
    users = session.scalars(select(models.User).order_by(models.User.id)).all()
    if not users:
        raise NoUserYet()
    if len(users) > 1:
        raise click.ClickException("several users in this database; choose one with --user: "
                                   + ", ".join(u.email for u in users))
    return users[0]


def action_json(action: Action, history: History, at: datetime, tz: ZoneInfo) -> dict:
    """The API's serialisation of an action, with what a script reading the CLI also wants."""
    person = history.people.get(action.person_id) if action.person_id is not None else None
    return {
        **action_core(action, history, at, tz),
        "who": {"id": person.id, "name": person.name, "email": person.email} if person else None,
        "template": action.template,
        "extra": action.extra,
    }


@click.command("actions")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--at", "at_text", metavar="DATETIME",
              help="Show what is due at this moment: an ISO time (your timezone unless it has an offset), "
                   "or a date for the whole of that day.")
@click.option("--user", "user_email", metavar="EMAIL", help="Whose actions (needed when several users share the database).")
@click.pass_obj
def actions_command(rt: Runtime, as_json: bool, at_text: str | None, user_email: str | None) -> None:
    """List the follow-ups that are due: who, what, when and why."""
    rt.upgrade()
    with rt.Session() as session:
        user = _pick_user(session, user_email)
        try:
            settings = PlaybookSettings.from_user_settings(user.settings)
        except SettingsError as err:
            raise click.ClickException(f"your playbook settings cannot be used: {err}. Fix them on the settings page.") from None
        history = load_history(session, user.id)
        email = user.email
    tz = user_zone(history.timezone)
    at = parse_moment(at_text, tz)
    actions = next_actions(history, at, settings)
    due = due_now(actions, at, tz)
    # Also listed, as "upcoming": what may be done already though it is due later (Today shows it too).
    ready = [a for a in pending(actions, at) if a not in due]
    coming = sum(1 for a in actions if a.state == "open" and a not in due)
    rows = sorted((action_json(a, history, at, tz) for a in [*due, *ready]),
                  key=lambda r: (URGENCY_ORDER[r["urgency"]], r["due"]))
    if as_json:
        click.echo(json.dumps({"user": email, "timezone": history.timezone, "at": at.astimezone(tz).isoformat(),
                               "actions": rows, "coming_up": coming}, indent=2, ensure_ascii=False))
        return
    _print_table(rows, at.astimezone(tz), email, len(due), coming)


def _when(iso: str) -> str:
    moment = datetime.fromisoformat(iso)
    return f"{moment:%a} {moment.day:>2} {moment:%b %H:%M}"


def _print_table(rows: list[dict], at: datetime, email: str, due: int, coming: int) -> None:
    # "due" = due today or earlier where the user lives: the Today page and the API count the same.
    later = f", {coming} coming up" if coming else ""
    click.echo(f"Follow-ups for {email} as of {_when(at.isoformat())} ({at.tzname()}): {due} due{later}")
    if not rows:
        click.echo("Nothing is due. Run `topofmind actions --at <later date>` to look ahead.")
        return
    for r in rows:
        who = r["who"]["name"] if r["who"] else "—"
        click.echo("")
        click.echo(f"[{r['urgency']}] {r['title']}")
        click.echo(f"  who: {who}   channel: {r['channel']}   due: {_when(r['due'])}"
                   f"   (from {_when(r['earliest'])} to {_when(r['latest'])})")
        click.echo(f"  why: {r['why']}")
        for name, url in sorted(r["extra"].items()):
            if name.endswith("_url"):
                click.echo(f"  {name.removesuffix('_url').replace('_', ' ')}: {url}")


@click.command("playbook")
@click.option("--user", "user_email", metavar="EMAIL", help="Show timings with this user's settings.")
@click.pass_obj
def playbook_command(rt: Runtime, user_email: str | None) -> None:
    """Print the follow-up rules (Markdown), as in docs/PLAYBOOK.md."""
    settings = PlaybookSettings()
    if user_email:
        rt.upgrade()
        with rt.Session() as session:
            settings = PlaybookSettings.from_user_settings(_pick_user(session, user_email).settings)
    click.echo(playbook_markdown(settings), nl=False)


COMMANDS = [actions_command, playbook_command]
