"""``topofmind notify add|list|remove|test``, ``digest`` and ``feed url``: reminders that reach
the user when the browser is closed (e-mail, ntfy, Telegram, ... through Apprise; a
calendar feed). Reminders go only to the user; nothing is ever sent to their contacts."""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import click

from server.commands.actions import _pick_user, parse_moment
from server.runtime import Runtime
from server.services import digest as digest_service
from server.services.channels import TEST_REMINDER, deliver_to_every_channel
from server.services.feed import feed_url, prefs_for, revoke_feed
from sync.reminders import (
    ChannelError,
    Reminder,
    add_channel,
    list_channels,
    parse_time,
    remove_channel,
)
from topofmind.mail.timezones import user_zone

USER_HELP = "Whose reminders (needed when several users share the database)."


def _now() -> datetime:
    return datetime.now(UTC)


def _send(rt: Runtime, session, user_id: int, reminder: Reminder, *, no_channel: str) -> bool:
    """Deliver to every channel and say how each went; whether all went."""
    results = deliver_to_every_channel(session, rt.secrets, user_id=user_id, reminder=reminder, now=_now())
    if results is None:
        raise click.ClickException(no_channel)
    for channel_id, shown, outcome in results:
        where = f"#{channel_id} {shown}"
        click.echo(f"delivered to {where}" if outcome == "ok" else f"FAILED   {where}: {outcome}")
    return all(outcome == "ok" for _id, _shown, outcome in results)


@click.group("notify")
def notify() -> None:
    """Where reminders go: Apprise URLs (mailto://, ntfy://, tgram://, json://, ...).

    See https://github.com/caronc/apprise/wiki for every service's URL. URLs are stored
    encrypted (they hold passwords and tokens) and only shown masked.
    """


@notify.command("add")
@click.argument("url")
@click.option("--user", "user_email", metavar="EMAIL", help=USER_HELP)
@click.pass_obj
def notify_add(rt: Runtime, url: str, user_email: str | None) -> None:
    """Add a channel; a URL Apprise cannot use is refused with the reason."""
    rt.upgrade()
    with rt.Session() as s, s.begin():
        user = _pick_user(s, user_email)
        try:
            channel = add_channel(s, rt.secrets, user_id=user.id, url=url, now=_now())
        except ChannelError as exc:
            raise click.BadParameter(str(exc), param_hint="URL") from None
        click.echo(f"added #{channel.id} {channel.shown}  (try it: topofmind notify test)")


@notify.command("list")
@click.option("--user", "user_email", metavar="EMAIL", help=USER_HELP)
@click.pass_obj
def notify_list(rt: Runtime, user_email: str | None) -> None:
    """The channels, masked, with their last success or error."""
    rt.upgrade()
    with rt.Session() as s:
        user = _pick_user(s, user_email)
        channels = list_channels(s, user.id)
        if not channels:
            click.echo("no channel yet: topofmind notify add URL")
        for c in channels:
            state = (f"last error: {c.last_error}" if c.last_error
                     else f"last delivered {c.last_ok_at:%Y-%m-%d %H:%M} UTC" if c.last_ok_at else "not used yet")
            click.echo(f"#{c.id}  {c.shown}  ({state})")


@notify.command("remove")
@click.argument("channel_id", type=int, metavar="ID")
@click.option("--user", "user_email", metavar="EMAIL", help=USER_HELP)
@click.pass_obj
def notify_remove(rt: Runtime, channel_id: int, user_email: str | None) -> None:
    """Remove a channel (its ID from `topofmind notify list`)."""
    rt.upgrade()
    with rt.Session() as s, s.begin():
        user = _pick_user(s, user_email)
        if not remove_channel(s, user_id=user.id, channel_id=channel_id):
            raise click.BadParameter(f"no channel #{channel_id}; see `topofmind notify list`",
                                     param_hint="ID")
    click.echo(f"removed #{channel_id}")


@notify.command("test")
@click.option("--user", "user_email", metavar="EMAIL", help=USER_HELP)
@click.pass_obj
def notify_test(rt: Runtime, user_email: str | None) -> None:
    """Send a short test message to every channel; exits 1 if any failed."""
    rt.upgrade()
    with rt.Session() as s, s.begin():
        user = _pick_user(s, user_email)
        ok = _send(rt, s, user.id, TEST_REMINDER, no_channel="no channel yet: add one with `topofmind notify add URL`")
    if not ok:
        sys.exit(1)


@click.command("digest")
@click.option("--user", "user_email", metavar="EMAIL", help=USER_HELP)
@click.option("--at", "at_text", metavar="ISO", help="The moment (default now); a date alone means that "
              "day at the digest time, a time without offset is in the user's timezone.")
@click.option("--send", is_flag=True, help="Deliver it through the user's channels now and say where.")
@click.pass_obj
def digest_command(rt: Runtime, user_email: str | None, at_text: str | None, send: bool) -> None:
    """Print the daily digest that would go out at that moment (also when nothing is due)."""
    rt.upgrade()
    with rt.Session() as s, s.begin():
        user = _pick_user(s, user_email)
        tz = user_zone(user.timezone)
        prefs = prefs_for(s, user.id)
        if at_text and len(at_text.strip()) == 10:
            try:
                day = date.fromisoformat(at_text.strip())
            except ValueError:
                raise click.BadParameter(f"{at_text!r} is not a date; use e.g. 2026-03-18",
                                         param_hint="--at") from None
            at = datetime.combine(day, parse_time(prefs.digest_time), tzinfo=tz)
        else:
            at = parse_moment(at_text, tz)
        built = digest_service.build_digest(s, user.id, at, public_url=rt.config.base_url)
        reminder = digest_service.render(built)
        click.echo(reminder.title)
        click.echo("")
        click.echo(reminder.text)
        if built.nothing_due and not prefs.digest_when_empty:
            click.echo("(nothing is due: the daemon sends no digest then, unless you ask for a daily note "
                       "on Settings → Reminders)")
        ok = not send or _send(rt, s, user.id, reminder,
                               no_channel="no channel to send to: add one with `topofmind notify add URL`")
    if not ok:
        sys.exit(1)


@click.group("feed")
def feed() -> None:
    """The calendar feed (iCalendar) of your follow-ups and interviews."""


@feed.command("url")
@click.option("--user", "user_email", metavar="EMAIL", help=USER_HELP)
@click.option("--rotate", is_flag=True, help="Make a new secret URL; the old one stops working at once.")
@click.option("--revoke", is_flag=True, help="Turn the feed off (no URL works until you ask for one again).")
@click.pass_obj
def feed_url_command(rt: Runtime, user_email: str | None, rotate: bool, revoke: bool) -> None:
    """Print the feed's secret URL (last line); subscribe to it in Google Calendar ("From URL"),
    Outlook ("Subscribe from web") or Apple Calendar. Served by `topofmind serve`."""
    rt.upgrade()
    with rt.Session() as s, s.begin():
        user = _pick_user(s, user_email)
        if revoke:
            revoke_feed(s, user.id)
            click.echo("the feed is off; its old URL answers 404")
            return
        url = feed_url(s, rt.secrets, user.id, public_url=rt.config.base_url, now=_now(), rotate=rotate)
    click.echo("Keep this URL private: anyone with it can read your follow-ups.")
    click.echo(url)


COMMANDS = [notify, digest_command, feed]
