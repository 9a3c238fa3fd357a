"""``topofmind opportunities add`` and ``topofmind touches add``: what no mailbox holds, typed in
(an Easy Apply, a referral, a phone call). The same services as the API and the pages: each
record is audited and can be undone from the pages."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from server.commands.actions import _pick_user
from server.errors import ApiError
from server.runtime import Runtime
from server.services import capture, records
from server.services import people as people_service
from topofmind.errors import DomainError
from topofmind.store import models

SOURCE_CHOICES = [*models.SOURCES, "posting"]


def _fail(exc: ApiError | DomainError) -> click.ClickException:
    fields = "; ".join(f"--{k.replace('_', '-')}: {v}" for k, v in (exc.fields or {}).items())
    return click.ClickException(fields or exc.message)


@click.group("opportunities")
def opportunities() -> None:
    """Opportunities you track by hand."""


@opportunities.command("add")
@click.option("--company", required=True, help="The employer.")
@click.option("--role", required=True, help="The job title.")
@click.option("--applied-at", "applied_at", help="When you applied: 2026-03-18 or an ISO date-time (default: now).")
@click.option("--saved", is_flag=True, help="Saved, not applied yet: no follow-up until you mark it applied.")
@click.option("--url", help="The job posting's address.")
@click.option("--job-id", "job_id", help="The posting's job or requisition id.")
@click.option("--contact", "contacts", multiple=True, metavar="EMAIL",
              help="A recruiter or hiring manager's address (repeatable).")
@click.option("--referrer", metavar="EMAIL", help="Who referred you (starts the referral follow-ups).")
@click.option("--source", type=click.Choice(SOURCE_CHOICES), default="posting", show_default=True,
              help="How you applied.")
@click.option("--note", help="Anything to remember about it.")
@click.option("--user", "user_email", help="Whose opportunity (needed when the database has several users).")
@click.pass_obj
def add_opportunity(rt: Runtime, company, role, applied_at, saved, url, job_id, contacts, referrer, source, note,
                    user_email) -> None:
    """Track an application by hand. Prints the opportunity's id on the last line."""
    body: dict = {"company": company, "role": role, "source": source, "stage": "lead" if saved else "applied"}
    for key, value in (("applied_at", applied_at), ("url", url), ("job_id", job_id), ("notes", note)):
        if value:
            body[key] = value
    if url and not url.startswith(("https://", "http://")):
        raise click.BadParameter("give the posting's http(s) address", param_hint="--url")
    body["contacts"] = [{"email": c, "role": "recruiter"} for c in contacts]
    if referrer:
        body["contacts"].append({"email": referrer, "role": "referrer"})
        if source == "posting":
            body["source"] = "referral"
    rt.upgrade()
    with rt.Session() as session:
        user = _pick_user(session, user_email)
        try:
            opp, created = capture.create_opportunity(session, user.id, body, datetime.now(UTC))
        except (ApiError, DomainError) as exc:
            raise _fail(exc) from None
        session.commit()
        what = "tracked" if created else "already tracked"
        click.echo(f"{what}: {opp.role or 'a role'} at {opp.company.name if opp.company else company} "
                   f"({opp.stage}); undo it on the opportunity's page")
        click.echo(opp.id)


@click.group("touches")
def touches() -> None:
    """Calls, messages and meetings you log by hand."""


@touches.command("add")
@click.option("--person", "person_email", required=True, metavar="EMAIL", help="The person's email address.")
@click.option("--channel", required=True, type=click.Choice(models.CHANNELS), help="How you were in touch.")
@click.option("--at", "at_text", required=True, help="When, as an ISO date-time with offset (2026-03-18T10:00Z).")
@click.option("--note", help="What it was about (\"called Priya about the panel\").")
@click.option("--direction", type=click.Choice(["out", "in"]), default="out", show_default=True,
              help="out: you reached out; in: they did.")
@click.option("--user", "user_email", help="Whose touch (needed when the database has several users).")
@click.pass_obj
def add_touch(rt: Runtime, person_email, channel, at_text, note, direction, user_email) -> None:
    """Log a touch the playbook counts like mail. Prints the touch's id on the last line."""
    from server.validation import parse_datetime

    try:
        parse_datetime(at_text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--at") from None
    rt.upgrade()
    with rt.Session() as session:
        user = _pick_user(session, user_email)
        person = people_service.find_by_email(session, user.id, person_email)
        if person is None:
            raise click.ClickException(f"nobody with the address {person_email!r}; add them first on the pages "
                                       "(or with POST /api/v1/people)")
        try:
            touch = records.log_touch(session, user.id, {"person_id": person.id, "channel": channel,
                                                         "direction": direction, "at": at_text,
                                                         "summary": (note or None) and note[:300]},
                                      datetime.now(UTC))
        except (ApiError, DomainError) as exc:
            raise _fail(exc) from None
        session.commit()
        click.echo(f"logged: {touch.kind} with {person.name} by {channel} on {touch.at:%Y-%m-%d %H:%M} UTC")
        click.echo(touch.id)


COMMANDS = [opportunities, touches]
