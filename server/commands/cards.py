"""``topofmind cards build``: the lookup cards of every page a user may open, ahead."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from sqlalchemy import func, select

from server.cards.prebuild import prebuild, record_sweep
from server.commands.actions import _pick_user
from server.runtime import Runtime
from topofmind.store import models


@click.group()
def cards() -> None:
    """Lookup cards: the overlays' answers, kept until what they show changes."""


@cards.command("build")
@click.option("--user", "user_email", metavar="EMAIL", help="whose cards (needed when the database has several users)")
@click.option("--all", "all_users", is_flag=True, help="every user's, one after the other")
@click.pass_obj
def build(rt: Runtime, user_email: str | None, all_users: bool) -> None:
    """Build the card of every known LinkedIn profile and mail thread of a user that has none,
    so that the first lookup of a page is as fast as the next ones. The server does the same
    in the background; run it after a large import to have it done now. Safe to interrupt:
    what was built is kept, a new run builds the rest."""
    if all_users and user_email:
        raise click.UsageError("give --user or --all, not both")
    rt.upgrade()
    with rt.Session() as session:
        if all_users:
            users = [(u.id, u.email) for u in session.scalars(select(models.User).order_by(models.User.id))]
        else:
            user = _pick_user(session, user_email)
            users = [(user.id, user.email)]
    incomplete = False
    for user_id, email in users:
        incomplete |= not _build_for(rt, user_id, email)
    if incomplete:
        click.echo("some cards were not built: the data kept changing (a sync running?). Run this again "
                   "later; meanwhile those pages are computed when first looked up.", err=True)


def _build_for(rt: Runtime, user_id: int, email: str) -> bool:
    with click.progressbar(length=1, label=f"cards of {email}", show_pos=True, width=30) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        report = prebuild(rt.Session, rt.Session, user_id, datetime.now(UTC), progress=progress)
    with rt.Session() as session:
        if report.complete:  # the server's refresher need not list the pages again
            record_sweep(session, user_id, report.epoch)
        total = session.scalar(select(func.count()).select_from(models.LookupCard).where(models.LookupCard.user_id == user_id))
    click.echo(f"{email}: {report.pages:,} pages, {report.missing:,} without a card: built {report.built:,} in "
               f"{report.seconds:.1f} s ({report.history_reads} read(s) of the whole history); "
               f"{total:,} cards in all")
    return report.complete


COMMANDS = [cards]
