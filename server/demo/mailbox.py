"""The bundled demo mailbox: about four months of one person's job search, as RFC 822
messages, ready for `topofmind import-mbox` or `topofmind demo`.

The story (dates are relative to `today`; the shipped demo.mbox uses today = 2026-11-20):
Alex Morgan <alex.morgan@example.com>, a data analyst in New York (America/New_York), is
looking for a new role. Over ~4 months Alex applies to, talks to and hears back from:

- Sable Peak Software (Greenhouse): applied ~4 months ago, rejected, thanked them. Finished.
- Orchard Lane Foods: a recruiter reached out, one call, Alex declined. Finished.
- Northwind Analytics (Greenhouse, GoodTime): screen, virtual onsite, final round; the
  recruiter called with a verbal offer 2 days ago, written offer "to follow".
- Bluefin Robotics (Lever): screen, then a panel interview that ended yesterday with two
  interviewers, set up by a coordinator: thank-you notes are due to all three.
- Cobalt Ledger (Workday): interviewed 8 days ago, thanked them, no news since: a status
  follow-up is due.
- Harborview Logistics (Ashby): applied 11 days ago, followed up 9 days ago, no answer: the
  second nudge is due.
- Quillfeather Health (iCIMS, HackerRank): screen, assessment, interview; a kind rejection
  arrived yesterday: a gracious reply is due.
- Tessellate Labs (Workable): applied online 2 days ago, no follow-up yet: due.
- Lumen & Loom: Alex's friend Sam Rivera passed the résumé to the hiring manager 2 days ago:
  thank Sam, contact the hiring manager.
- Kestrel Mobility: Alex met Marcus Okonkwo at a meetup and had coffee with him yesterday
  (calendar invite): a follow-up is due.
Plus everyday noise: job alerts, a hiring newsletter, a podcast, receipts, bank mail,
GitHub notifications and family email.

Everything here is fictional; employer domains are under `.example`.
"""

from __future__ import annotations

import mailbox
import time
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path

from server.demo import noise, story
from server.demo.writer import Writer

DEMO_TODAY = date(2026, 11, 20)  # the date demo.mbox was generated for
BUNDLED_MBOX = Path(__file__).with_name("demo.mbox")


def build_demo_messages(today: date) -> list[EmailMessage]:
    """The whole demo mailbox as of `today`, oldest first; deterministic."""
    writer = Writer(today)
    story.write(writer)
    noise.write(writer)
    return sorted(writer.messages, key=_sent_at)


def _sent_at(msg: EmailMessage) -> datetime:
    return msg["Date"].datetime


def write_demo_mbox(path: str | Path, today: date) -> int:
    """Write the demo mailbox to `path` (replacing it); returns the number of messages."""
    path = Path(path)
    if path.exists():
        path.unlink()
    box = mailbox.mbox(str(path), create=True)
    messages = build_demo_messages(today)
    try:
        box.lock()
        for msg in messages:
            entry = mailbox.mboxMessage(msg)
            stamp = _sent_at(msg).timestamp()
            entry.set_from(parseaddr(msg["From"])[1] or "MAILER-DAEMON", time.gmtime(stamp))
            box.add(entry)
        box.flush()
    finally:
        box.unlock()
        box.close()
    return len(messages)

