"""The daily digest and the account notices: what the reminder says, as text and HTML.

One user's digest at one moment: overdue and due-today follow-ups (who, why, a link to
each on the Today page and to its thread), today's and tomorrow's interviews, what changed
in the last 24 hours (applications, replies, rejections, offers) and any mailbox whose sync
stopped. Nothing due means no digest unless the user asked for a daily note anyway.
Everything from mail is escaped in the HTML (Jinja autoescape).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.account_health import reconnect_url
from server.services.actions import Plan, build_plan, load_threads, playbook_settings
from sync.reminders import Reminder, account_health, stopped_accounts
from topofmind.store import models

CHANGE_WORDS = {"applied": "Applied", "screening": "Screening", "interviewing": "Interviewing",
                "offer": "Offer", "rejected": "Rejected", "accepted": "Accepted", "declined": "Declined",
                "withdrawn": "Withdrawn", "closed": "Closed"}


@dataclass
class DigestItem:
    title: str
    who: str
    why: str
    due: str
    urgency: str
    today_url: str
    thread_url: str | None = None


@dataclass
class Digest:
    name: str
    day: str
    overdue: list[DigestItem] = field(default_factory=list)
    today: list[DigestItem] = field(default_factory=list)
    interviews_today: list[str] = field(default_factory=list)
    interviews_tomorrow: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    stopped: list[dict] = field(default_factory=list)
    today_page: str = ""

    @property
    def nothing_due(self) -> bool:
        return not (self.overdue or self.today or self.interviews_today or self.interviews_tomorrow
                    or self.stopped)

    @property
    def title(self) -> str:
        count = len(self.overdue) + len(self.today)
        if count:
            return f"topofmind: {count} follow-up{'s' if count != 1 else ''} due today ({self.day})"
        return f"topofmind: your day ({self.day})"


@cache
def _templates() -> Environment:
    return Environment(loader=PackageLoader("server", "templates/reminders"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def action_anchor(key: str) -> str:
    return "action-" + quote(key, safe="")


def _item(plan: Plan, action, base: str) -> DigestItem:
    d = plan.to_dict(action)
    who = " · ".join(x for x in (
        d["person"]["name"] if d["person"] else None,
        (f"{d['opportunity']['role'] or 'a role'} at {d['opportunity']['company'] or 'a company'}"
         if d["opportunity"] else None)) if x)
    due = action.due.astimezone(plan.tz)
    link = d.get("link") or {}
    return DigestItem(title=action.title, who=who, why=action.why, due=f"{due:%a} {due.day} {due:%b %H:%M}",
                      urgency=d["urgency"], today_url=f"{base}/#{action_anchor(action.key)}",
                      thread_url=link.get("url") if link.get("type") in ("thread", "profile") else None)


def _interviews(plan: Plan, day) -> list[str]:
    out = []
    for iv in sorted(plan.history.interviews, key=lambda i: i.starts_at):
        start = iv.starts_at.astimezone(plan.tz)
        if iv.cancelled or start.date() != day:
            continue
        opp = plan.history.opportunities.get(iv.opportunity_id)
        about = f"{opp.role or 'interview'} at {opp.company_name or 'a company'}" if opp else "interview"
        out.append(f"{start:%H:%M} {about}")
    return out


def _changes(session: Session, user_id: int, since: datetime) -> list[str]:
    out = []
    rows = session.execute(
        select(models.StageChange.from_stage, models.StageChange.to_stage, models.Opportunity.role, models.Company.name)
        .join(models.Opportunity, models.Opportunity.id == models.StageChange.opportunity_id)
        .outerjoin(models.Company, models.Company.id == models.Opportunity.company_id)
        .where(models.Opportunity.user_id == user_id, models.StageChange.at > since)
        .order_by(models.StageChange.at)).all()
    for before, stage, role, company in rows:
        word = "New application" if before is None and stage == "applied" else CHANGE_WORDS.get(stage, stage.title())
        out.append(f"{word}: {role or 'a role'} at {company or 'a company'}")
    replies = session.execute(
        select(models.Person.name, models.Touch.summary).outerjoin(models.Person, models.Person.id == models.Touch.person_id)
        .where(models.Touch.user_id == user_id, models.Touch.direction == "in", models.Touch.kind == "reply",
               models.Touch.at > since).order_by(models.Touch.at)).all()
    for name, _summary in replies:
        out.append(f"Reply from {name or 'a contact'}")
    return out


def _plan(session: Session, user_id: int, now: datetime) -> Plan:
    """The user's plan with the threads of only the actions due (what the digest links to):
    the same answers as plan_for for them, without reading every thread of the search."""
    from topofmind.store.history import load_history

    user = session.get(models.User, user_id)
    plan = build_plan(user, load_history(session, user_id), now, playbook_settings(user),
                      states_of=None, threads_of=lambda _opps: {})
    wanted = {a.opportunity_id for a in plan.due("today") + plan.due("overdue") if a.opportunity_id is not None}
    plan.threads = load_threads(session, user_id, sorted(wanted))
    return plan


def build_digest(session: Session, user_id: int, now: datetime, *, public_url: str,
                 plan: Plan | None = None) -> Digest:
    base = public_url.rstrip("/")
    plan = plan or _plan(session, user_id, now)
    local = now.astimezone(plan.tz)
    digest = Digest(name=plan.user.name or plan.user.email, day=f"{local:%a} {local.day} {local:%b %Y}",
                    today_page=f"{base}/")
    digest.overdue = [_item(plan, a, base) for a in plan.due("overdue")]
    digest.today = [_item(plan, a, base) for a in plan.due("today")]
    digest.interviews_today = _interviews(plan, local.date())
    digest.interviews_tomorrow = _interviews(plan, local.date() + timedelta(days=1))
    digest.changes = _changes(session, user_id, now - timedelta(hours=24))
    for account in stopped_accounts(session, user_id):
        health = account_health(account.provider, account.status, account.last_error,
                                account.consecutive_failures)
        digest.stopped.append({"address": account.address, "provider": account.provider,
                               "reconnect_url": reconnect_url(base, account.id), **(health or {})})
    return digest


def render(digest: Digest) -> Reminder:
    env = _templates()
    return Reminder(title=digest.title, text=env.get_template("digest.txt").render(d=digest),
                    html=env.get_template("digest.html").render(d=digest))


def compose(session: Session, user_id: int, kind: str, now: datetime, *, public_url: str,
            force: bool = False) -> Reminder | None:
    """The reminder of this kind for this user now; None when there is nothing to say."""
    base = public_url.rstrip("/")
    if kind.startswith("account:"):
        account = session.get(models.MailAccount, int(kind.split(":", 1)[1]))
        if account is None or account.user_id != user_id:
            return None
        health = account_health(account.provider, account.status, account.last_error,
                                account.consecutive_failures)
        if health is None:
            return None  # it recovered before the notice went out
        text = (f"Your {account.provider} mailbox {account.address} stopped syncing.\n{health['what']}\n"
                f"What to do: {health['todo']}\nReconnect: {reconnect_url(base, account.id)}\n")
        return Reminder(title=f"topofmind: {account.address} stopped syncing", text=text)
    digest = build_digest(session, user_id, now, public_url=public_url)
    prefs = session.get(models.ReminderSettings, user_id)
    if digest.nothing_due and not force and not (prefs and prefs.digest_when_empty):
        return None
    return render(digest)
