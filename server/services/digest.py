"""The daily digest and the account notices: what the reminder says, as text and HTML.

One user's digest at one moment: overdue and due-today follow-ups (who, why, a link to
each on the Today page and to its thread), today's and tomorrow's interviews, what changed
in the last 24 hours (applications, replies, rejections, offers) and any mailbox whose sync
stopped. Nothing due means no digest unless the user asked for a daily note anyway.
Everything from mail is escaped in the HTML (Jinja autoescape).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.services.account_health import reconnect_url
from server.services.actions import Plan, build_plan, load_threads_of_users, playbook_settings
from sync.reminders import Reminder, account_health
from topofmind.store import models
from topofmind.store.history import load_histories, one_of
from topofmind.store.sync_health import stopped_clause

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


def _changes(session: Session, user_ids: list[int], since: datetime) -> dict[int, list[str]]:
    """Each user's stage changes, then replies, since then: two queries for all the users."""
    out: dict[int, list[str]] = defaultdict(list)
    sc, opp, touch = models.StageChange, models.Opportunity, models.Touch
    rows = session.execute(
        select(opp.user_id, sc.from_stage, sc.to_stage, opp.role, models.Company.name)
        .join(opp, opp.id == sc.opportunity_id)
        .outerjoin(models.Company, models.Company.id == opp.company_id)
        .where(one_of(session, opp.user_id, user_ids), sc.at > since)
        .order_by(sc.at, sc.id)).all()
    for user_id, before, stage, role, company in rows:
        word = "New application" if before is None and stage == "applied" else CHANGE_WORDS.get(stage, stage.title())
        out[user_id].append(f"{word}: {role or 'a role'} at {company or 'a company'}")
    replies = session.execute(
        select(touch.user_id, models.Person.name).outerjoin(models.Person, models.Person.id == touch.person_id)
        .where(one_of(session, touch.user_id, user_ids), touch.direction == "in", touch.kind == "reply",
               touch.at > since).order_by(touch.at, touch.id)).all()
    for user_id, name in replies:
        out[user_id].append(f"Reply from {name or 'a contact'}")
    return out


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Histories and plans hold no reference cycles: the collector's passes over a batch's
    growing heap find nothing and cost a fifth of its CPU (bench/README.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _plans(session: Session, user_ids: list[int], now: datetime) -> dict[int, tuple[Plan, list, list]]:
    """Each user's plan and its (overdue, due today) actions, the histories read together, with
    the threads of only the actions due (what the digest links to): the same answers as
    plan_for for them, without reading every thread of the search."""
    users = {u.id: u for u in session.scalars(select(models.User).where(one_of(session, models.User.id, user_ids)))}
    plans = {}
    with _cycle_collector_paused():
        for user_id, history in load_histories(session, user_ids).items():
            user = users[user_id]
            plan = build_plan(user, history, now, playbook_settings(user), states_of=None,
                              threads_of=lambda _opps: {})
            by_urgency: dict[str, list] = {"overdue": [], "today": []}
            for action in plan.open_actions():
                by_urgency.get(plan.urgency(action), []).append(action)
            plans[user_id] = (plan, by_urgency["overdue"], by_urgency["today"])
    wanted = {a.opportunity_id for _plan, overdue, today in plans.values() for a in overdue + today
              if a.opportunity_id is not None}
    threads = load_threads_of_users(session, user_ids, sorted(wanted))
    for plan, overdue, today in plans.values():
        plan.threads = {a.opportunity_id: threads[a.opportunity_id] for a in overdue + today
                        if a.opportunity_id in threads}
    return plans


def build_digests(session: Session, user_ids: Iterable[int], now: datetime, *,
                  public_url: str) -> dict[int, Digest]:
    """The digest of each of these users at ``now``: a fixed number of queries for all of them."""
    user_ids = sorted(set(user_ids))
    base = public_url.rstrip("/")
    changes = _changes(session, user_ids, now - timedelta(hours=24))
    stopped: dict[int, list] = defaultdict(list)
    for account in session.scalars(select(models.MailAccount).where(
            stopped_clause(), one_of(session, models.MailAccount.user_id, user_ids)).order_by(models.MailAccount.id)):
        stopped[account.user_id].append(account)
    digests = {}
    for user_id, (plan, overdue, today) in _plans(session, user_ids, now).items():
        local = now.astimezone(plan.tz)
        digest = Digest(name=plan.user.name or plan.user.email, day=f"{local:%a} {local.day} {local:%b %Y}",
                        today_page=f"{base}/", changes=changes.get(user_id, []))
        digest.overdue = [_item(plan, a, base) for a in overdue]
        digest.today = [_item(plan, a, base) for a in today]
        digest.interviews_today = _interviews(plan, local.date())
        digest.interviews_tomorrow = _interviews(plan, local.date() + timedelta(days=1))
        for account in stopped[user_id]:
            health = account_health(account.provider, account.status, account.last_error,
                                    account.consecutive_failures)
            digest.stopped.append({"address": account.address, "provider": account.provider,
                                   "reconnect_url": reconnect_url(base, account.id), **(health or {})})
        digests[user_id] = digest
    return digests


def build_digest(session: Session, user_id: int, now: datetime, *, public_url: str) -> Digest:
    return build_digests(session, [user_id], now, public_url=public_url)[user_id]


def render(digest: Digest) -> Reminder:
    env = _templates()
    return Reminder(title=digest.title, text=env.get_template("digest.txt").render(d=digest),
                    html=env.get_template("digest.html").render(d=digest))


def compose_digests(session: Session, user_ids: Iterable[int], now: datetime, *, public_url: str,
                    force: bool = False) -> dict[int, Reminder | None]:
    """Each user's digest now, built together; None for a user with nothing to say."""
    digests = build_digests(session, user_ids, now, public_url=public_url)
    asked = set(session.scalars(select(models.ReminderSettings.user_id).where(
        one_of(session, models.ReminderSettings.user_id, list(digests)),
        models.ReminderSettings.digest_when_empty.is_(True))))
    return {user_id: render(digest) if force or not digest.nothing_due or user_id in asked else None
            for user_id, digest in digests.items()}


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
    return compose_digests(session, [user_id], now, public_url=public_url, force=force)[user_id]
