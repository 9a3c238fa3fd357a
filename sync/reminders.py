"""Reminders that reach the user away from the browser: Apprise channels and deliveries.

A channel is an Apprise URL (mailto://, ntfy://, json://, tgram://, ...), stored encrypted
with the same SecretBox as the OAuth tokens; what is shown back is Apprise's own masked
form of it (``url(privacy=True)``), and errors are Apprise's log lines, which mask secrets
the same way. Reminders go only to the user's own channels, never to their contacts.

Exactly once across daemon replicas: the day's reminder is a ``Delivery`` row, unique on
(user, kind, day), inserted with ON CONFLICT DO NOTHING by whichever replica sees it due
first; the send happens under the row's lease (topofmind.store.leases.claim_rows, committed before
any network I/O), and the outcome is written fenced by that lease. Each channel's answer
is kept, so a retry (backoff: ``RETRY_DELAYS``) reaches only the channels that failed. A
replica that dies mid-send leaves the lease to expire; the next one retries the channels
not recorded as delivered (at-least-once for that one crash window).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from sync.log_scrubbing import get_logger, log_event
from sync.secrets import SecretBox
from topofmind.mail.timezones import user_zone
from topofmind.store import models
from topofmind.store.leases import claim_rows, release_rows
from topofmind.store.sync_health import STOPPED_AFTER_FAILURES, stopped_accounts, stopped_since

log = get_logger("reminders")

RETRY_DELAYS = (60.0, 300.0, 900.0, 3600.0)  # seconds after attempt 1, 2, 3, 4; then give up
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


class ChannelError(ValueError):
    """An Apprise URL that cannot be used; the message says why (secrets masked)."""


@dataclass(frozen=True)
class Reminder:
    """What goes out: a title, a plain-text body and (for e-mail and the like) HTML."""

    title: str
    text: str
    html: str | None = None


def _apprise_says(logs: str) -> str:
    """Apprise's warnings and errors, without timestamps (it masks secrets in them itself)."""
    lines = []
    for line in logs.splitlines():
        parts = line.split(" - ", 2)
        if len(parts) == 3 and parts[1] in ("WARNING", "ERROR"):
            lines.append(parts[2].strip())
    return "; ".join(dict.fromkeys(lines))[:500]


def check_url(url: str):
    """The Apprise plugin for ``url``; ChannelError with Apprise's reason if it is refused."""
    import apprise  # loads its plugins (about a second): only when a channel is used

    url = (url or "").strip()
    if not url or "://" not in url:
        raise ChannelError("not an Apprise URL (scheme://...), e.g. mailto://user:pass@example.org "
                           "or ntfy://ntfy.sh/my-topic")
    with apprise.LogCapture(level=logging.WARNING) as logs:
        plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        raise ChannelError(_apprise_says(logs.getvalue()) or "Apprise cannot use this URL")
    return plugin


def masked(url: str) -> str:
    """The URL as it may be shown: Apprise's privacy form, without its long default options."""
    shown = check_url(url).url(privacy=True)
    return shown.split("?", 1)[0][:300]


def add_channel(session: Session, secrets: SecretBox, *, user_id: int, url: str,
                now: datetime) -> models.NotificationChannel:
    shown = masked(url)
    channel = models.NotificationChannel(user_id=user_id, url_encrypted=secrets.encrypt(url.strip()),
                                    shown=shown, created_at=now)
    session.add(channel)
    session.flush()
    log_event(log, "reminders.channel_added", user_id=user_id, channel_id=channel.id)
    return channel


def list_channels(session: Session, user_id: int) -> list[models.NotificationChannel]:
    return list(session.scalars(select(models.NotificationChannel)
                                .where(models.NotificationChannel.user_id == user_id)
                                .order_by(models.NotificationChannel.id)))


def remove_channel(session: Session, *, user_id: int, channel_id: int) -> bool:
    channel = session.get(models.NotificationChannel, channel_id)
    if channel is None or channel.user_id != user_id:
        return False
    session.delete(channel)
    return True


def send_one(url: str, reminder: Reminder) -> str | None:
    """Deliver to one URL; None when delivered, else why not (masked)."""
    import apprise

    try:
        plugin = check_url(url)
    except ChannelError as exc:
        return str(exc)
    box = apprise.Apprise()
    box.add(plugin)
    formats = plugin.notify_format  # one format, or (preferred, also accepted...) in Apprise 2
    preferred = formats[0] if isinstance(formats, (tuple, list)) else formats
    html_capable = preferred == apprise.NotifyFormat.HTML
    body, body_format = ((reminder.html, apprise.NotifyFormat.HTML) if html_capable and reminder.html
                         else (reminder.text, apprise.NotifyFormat.TEXT))
    with apprise.LogCapture(level=logging.WARNING) as logs:
        try:
            ok = bool(box.notify(body=body, title=reminder.title, body_format=body_format))
        except Exception as exc:
            return f"{type(exc).__name__} while sending"
    return None if ok else (_apprise_says(logs.getvalue()) or "the service refused the notification")


def deliver(session: Session, secrets: SecretBox, *, user_id: int, reminder: Reminder, now: datetime,
            only: Iterable[int] | None = None) -> dict[int, str]:
    """Send to the user's channels (or ``only`` these ids): {channel id: "ok" | why not}.
    Each channel's last success or error is kept on its row for the Settings page."""
    wanted = set(only) if only is not None else None
    results: dict[int, str] = {}
    for channel in list_channels(session, user_id):
        if wanted is not None and channel.id not in wanted:
            continue
        try:
            error = send_one(secrets.decrypt(channel.url_encrypted), reminder)
        except Exception as exc:
            error = str(exc)[:300]
        results[channel.id] = "ok" if error is None else error
        if error is None:
            channel.last_ok_at, channel.last_error = now, None
        else:
            channel.last_error = error
        log_event(log, "reminders.sent" if error is None else "reminders.send_failed",
                  user_id=user_id, channel_id=channel.id)
    return results


# --- when a digest is due -------------------------------------------------------------------



def parse_time(value: str) -> time:
    """'08:00' -> time(8, 0); ValueError naming the expected form otherwise."""
    try:
        hours, minutes = (int(p) for p in value.strip().split(":"))
        return time(hours, minutes)
    except (ValueError, AttributeError) as exc:
        raise ValueError(f"digest time must be HH:MM (24-hour), not {value!r}") from exc


def digest_day_due(prefs: models.ReminderSettings | None, timezone: str | None, now: datetime) -> date | None:
    """The user's local date if their digest is due at ``now`` (time reached, a chosen day)."""
    digest_time = parse_time(prefs.digest_time if prefs and prefs.digest_time else "08:00")
    days = prefs.digest_days if prefs and prefs.digest_days else "weekdays"
    local = now.astimezone(user_zone(timezone))
    if days == "off" or (days == "weekdays" and local.weekday() >= 5):
        return None
    return local.date() if local.time() >= digest_time else None


def account_health(provider: str, status: str, last_error: str | None, failures: int) -> dict | None:
    """What happened to a stopped account and what to do, in words (None: it is syncing)."""
    if status == "needs_reconnect":
        what = ("The mailbox no longer accepts topofmind's access: the sign-in was revoked or it expired"
                + (" (Google expires the sign-in of an OAuth client left in \"Testing\" after 7 days)"
                   if provider == "gmail" else "") + ".")
        todo = {"gmail": "Reconnect it and sign in to Google again",
                "outlook": "Reconnect it and sign in to Microsoft again",
                "imap": "Reconnect it with a new app password"}.get(
                    provider, "Connect the mailbox again from the Accounts page") + \
            "; nothing is lost, sync resumes where it stopped."
        return {"what": what, "todo": todo}
    if status == "error" and failures >= STOPPED_AFTER_FAILURES:
        reason = (last_error or "an error").strip().splitlines()[0][:200]
        todo = ("If its password changed, reconnect it with the new one; "
                "otherwise check that the mail server is reachable. Sync retries on its own meanwhile.")
        return {"what": f"Sync has failed {failures} times in a row: {reason}", "todo": todo}
    return None


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    session.execute(insert(models.Delivery).values(rows).on_conflict_do_nothing(
        index_elements=["user_id", "kind", "day"]))


# --- the daemon's job -------------------------------------------------------------------------

Composer = Callable[[Session, int, str, datetime], Reminder | None]
DigestsComposer = Callable[[Session, list[int], datetime], dict[int, Reminder | None]]
DIGEST_BATCH = 10  # digests composed together; larger batches cost more CPU (bench/README.md)


@dataclass
class ReminderJob:
    """Records what is due, then claims and sends it; ``compose(session, user_id, kind, now)``
    gives the reminder's text (None: nothing worth sending, recorded as skipped);
    ``compose_digests(session, user_ids, now)``, if given, the digests of several users at
    once: the one claimed and the next ones due, which this replica is likely to claim next
    (claiming and sending stay one row at a time)."""

    Session: sessionmaker[Session]
    secrets: SecretBox
    compose: Composer
    worker_id: str
    lease_seconds: float = 300.0
    retry_delays: tuple[float, ...] = RETRY_DELAYS
    sleep_between: Callable[[], None] | None = None  # tests widen the race window here
    compose_digests: DigestsComposer | None = None
    digest_batch: int = DIGEST_BATCH

    def record_due(self, now: datetime) -> int:
        """Insert today's digest and any stopped account's notice that are due (idempotent)."""
        rows: list[dict] = []
        with self.Session() as s, s.begin():
            # Only users with somewhere to send to: nobody else's plan is computed.
            reachable = select(models.NotificationChannel.user_id).distinct()
            prefs = {p.user_id: p for p in s.scalars(select(models.ReminderSettings)
                                                      .where(models.ReminderSettings.user_id.in_(reachable)))}
            users = s.execute(select(models.User.id, models.User.timezone).where(models.User.id.in_(reachable))).all()
            zones = dict(users)
            for user_id, tz in users:
                day = digest_day_due(prefs.get(user_id), tz, now)
                if day is not None:
                    rows.append(self._row(user_id, "digest", day, now))
            for account in stopped_accounts(s):
                if account.user_id not in zones:
                    continue
                # Once per stop: keyed by the day of the last success before it.
                since = stopped_since(account)
                day = since.astimezone(user_zone(zones.get(account.user_id))).date()
                rows.append(self._row(account.user_id, f"account:{account.id}", day, now))
            _insert_ignoring_duplicates(s, rows)
        return len(rows)

    @staticmethod
    def _row(user_id: int, kind: str, day: date, now: datetime) -> dict:
        return {"user_id": user_id, "kind": kind, "day": day, "status": "pending", "attempts": 0,
                "next_attempt_at": now, "outcome": {}, "created_at": now}

    def send_due(self, now: datetime) -> list[int]:
        """Claim due deliveries one at a time and send each; returns the ids handled."""
        handled: list[int] = []
        composed: dict[int, Reminder | None] = {}  # user id -> their digest at ``now``
        while True:
            ids = claim_rows(
                self.Session, models.Delivery, owner=self.worker_id, now=now, lease_seconds=self.lease_seconds,
                where=and_(models.Delivery.status.in_(("pending", "failed")), models.Delivery.next_attempt_at <= now),
                order_by=(models.Delivery.next_attempt_at, models.Delivery.id), limit=1,
                values={"attempts": models.Delivery.attempts + 1})
            if not ids:
                return handled
            if self.sleep_between:
                self.sleep_between()
            try:
                self._send(ids[0], now, composed)
            except Exception as exc:
                log_event(log, "reminders.delivery_crashed", delivery_id=ids[0], error=type(exc).__name__)
                self._finish(ids[0], now, status="failed", error=f"{type(exc).__name__} while composing")
            finally:
                release_rows(self.Session, models.Delivery, models.Delivery.id == ids[0], owner=self.worker_id)
            handled.append(ids[0])

    def run(self, now: datetime) -> list[int]:
        self.record_due(now)
        return self.send_due(now)

    def _compose(self, session: Session, user_id: int, kind: str, now: datetime,
                 composed: dict[int, Reminder | None]) -> Reminder | None:
        if kind != "digest" or self.compose_digests is None:
            return self.compose(session, user_id, kind, now)
        if user_id not in composed:
            d = models.Delivery
            due = session.scalars(select(d.user_id).where(
                d.kind == "digest", d.status.in_(("pending", "failed")), d.next_attempt_at <= now,
                or_(d.lease_until.is_(None), d.lease_until < now), d.user_id != user_id,
            ).order_by(d.next_attempt_at, d.id).limit(self.digest_batch - 1))
            try:
                composed.update(self.compose_digests(session, [user_id, *due], now))
            except Exception as exc:  # one user's bad data must not hold the others' digests back
                session.rollback()
                log_event(log, "reminders.batch_failed", user_id=user_id, error=type(exc).__name__)
                return self.compose(session, user_id, kind, now)
        return composed.pop(user_id, None)

    def _send(self, delivery_id: int, now: datetime, composed: dict[int, Reminder | None]) -> None:
        with self.Session() as s:
            row = s.get(models.Delivery, delivery_id)
            user_id, kind, previous = row.user_id, row.kind, dict(row.outcome or {})
            channels = [c.id for c in list_channels(s, user_id)]
            if not channels:  # removed since the row was recorded
                s.rollback()
                self._finish(delivery_id, now, status="skipped", summary="no channel set up")
                return
            reminder = self._compose(s, user_id, kind, now, composed)
            s.rollback()
            if reminder is None:
                self._finish(delivery_id, now, status="skipped", summary="nothing due")
                return
            done = {int(k) for k, v in previous.items() if v == "ok"}
            with s.begin():
                results = deliver(s, self.secrets, user_id=user_id, reminder=reminder, now=now,
                                  only=[c for c in channels if c not in done])
        outcome = {**previous, **{str(k): v for k, v in results.items()}}
        failed = {k: v for k, v in outcome.items() if v != "ok" and int(k) in channels}
        if not failed:
            self._finish(delivery_id, now, status="sent", outcome=outcome,
                         summary=f"{reminder.title} → {len(channels)} channel(s)")
        else:
            self._finish(delivery_id, now, status="failed", outcome=outcome,
                         error="; ".join(f"channel {k}: {v}" for k, v in failed.items())[:1000],
                         summary=reminder.title)

    def _finish(self, delivery_id: int, now: datetime, *, status: str, outcome: dict | None = None,
                error: str | None = None, summary: str | None = None) -> None:
        with self.Session() as s, s.begin():
            row = s.get(models.Delivery, delivery_id)
            if row is None or row.lease_owner != self.worker_id:
                return  # our lease expired and another replica took over: its record wins
            values: dict = {"status": status, "last_error": error, "finished_at": now}
            if outcome is not None:
                values["outcome"] = outcome
            if summary is not None:
                values["summary"] = summary[:300]
            if status == "failed":
                attempt = row.attempts or 1
                if attempt < len(self.retry_delays) + 1:
                    values["next_attempt_at"] = now + timedelta(seconds=self.retry_delays[attempt - 1])
                else:
                    values["next_attempt_at"] = None  # given up: shown on Settings
            s.execute(update(models.Delivery).where(models.Delivery.id == delivery_id,
                                               models.Delivery.lease_owner == self.worker_id).values(**values))
        log_event(log, "reminders.delivery", delivery_id=delivery_id, status=status)


def recent_deliveries(session: Session, user_id: int, limit: int = 10) -> list[models.Delivery]:
    return list(session.scalars(select(models.Delivery).where(models.Delivery.user_id == user_id)
                                .order_by(models.Delivery.created_at.desc(), models.Delivery.id.desc()).limit(limit)))
