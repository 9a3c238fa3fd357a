"""IMAP sync end to end against a real Dovecot: first sync, incremental, idle; bytes downloaded.

    .venv/bin/python bench/imap_sync.py [--messages 10000] [--new 100] [--database-url URL]

Starts Debian's Dovecot (tests/fakes/dovecot.py: own config, TLS by trustme, a free port),
fills one mailbox with ``--messages`` messages (about 15 % job mail from the test generator;
the rest the mail a job seeker's inbox really holds: newsletters and shop promotions with
HTML bodies, service notifications, personal mail) and runs the real path: ImapSource over
TLS → sync engine → ingest (parse, classify, extract, link, store) in a SQLite file (or the
given database). Prints messages/s of the first sync, bytes downloaded against the
mailbox's size, the time of an incremental pass with ``--new`` messages, the server
commands of an idle pass, and a pass after ``--deleted`` messages were deleted on the server.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from sync.engine import sync_account
from sync.imap import ImapSettings, ImapSource
from tests.fakes.dovecot import Dovecot, available
from tests.sync.mailgen import ME, generate_messages
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory, upgrade

SHOPS = ["Northpeak Outdoor", "Casa Verde Home", "Pixel & Pine", "Urban Pantry", "Lumen Books"]
NEWS = ["The Weekend Read", "City Cycling Club", "Garden Weekly", "Frontend Digest", "Film Society"]
SERVICES = [("Photo Cloud", "notify@photocloud.example"), ("Streamflix", "info@streamflix.example"),
            ("Parcel Express", "tracking@parcelexpress.example")]


def html_body(rng: random.Random, paragraphs: int) -> str:
    rows = "".join(f"<tr><td style='padding:12px;font-family:Arial'><h3>Item {i}</h3><p>"
                   + "Fresh picks for the season, hand-selected for you. " * rng.randint(4, 12)
                   + f"</p><a href='https://shop.example/p/{rng.randint(1, 10**6)}'>See more</a></td></tr>"
                   for i in range(paragraphs))
    return f"<html><body><table width='600'>{rows}</table></body></html>"


def noise(i: int, rng: random.Random, at: datetime) -> bytes:
    """One non-job message, written out directly (the email package is too slow for 10,000)."""
    head = [f"To: {ME}", f"Date: {format_datetime(at)}", f"Message-ID: <noise{i}.{rng.randint(0, 10**9)}@bench.example>",
            "MIME-Version: 1.0"]
    kind = rng.random()
    if kind < 0.55:  # a shop's promotion or a newsletter: bulk, big HTML
        name = rng.choice(SHOPS + NEWS)
        head += [f"From: {name} <hello@{name.lower().replace(' ', '').replace('&', '')}.example>",
                 "Subject: " + rng.choice(["Spring sale: 30% off everything", "This week's picks", "New arrivals",
                                           "Your weekend reading", "Members' evening on Thursday"]),
                 "List-Unsubscribe: <https://lists.example/unsubscribe>",
                 'Content-Type: multipart/alternative; boundary="b1"']
        body = ("--b1\nContent-Type: text/plain; charset=utf-8\n\nView this email in your browser.\n"
                "--b1\nContent-Type: text/html; charset=utf-8\n\n" + html_body(rng, rng.randint(8, 40))
                + "\n--b1--\n")
    elif kind < 0.8:  # a service notification: bulk, small
        name, address = rng.choice(SERVICES)
        head += [f"From: {name} <{address}>", "Precedence: bulk", "Content-Type: text/plain; charset=utf-8",
                 "Subject: " + rng.choice(["Your parcel is on its way", "New sign-in to your account",
                                           "Your memories from this day", "Your monthly summary"])]
        body = "Hello,\n\nThis is an automatic message about your account.\n" * 3
    else:  # a friend or family: not bulk, read in full
        head += ["From: " + rng.choice(["Jamie Fox <jamie.fox@example.org>", "Rosa Kim <rosa.kim@example.net>",
                                        "Mum <mum@example.com>"]), "Content-Type: text/plain; charset=utf-8",
                 "Subject: " + rng.choice(["Dinner on Saturday?", "Photos from the weekend", "Call later?"])]
        body = "Hey! Are you free this weekend? Let me know.\n" * rng.randint(1, 6)
    return ("\n".join(head) + "\n\n" + body).encode()


def mailbox(n: int, *, seed: int, job_share: float = 0.15) -> tuple[list[bytes], list[bytes]]:
    """(inbox, sent): job mail from the generator (its Sent part in Sent), the rest noise."""
    rng = random.Random(seed)
    job = list(generate_messages(int(n * job_share / 0.6), seed=seed))  # ~60 % of the generator is job mail
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    rest = [noise(i, rng, start + timedelta(minutes=7 * i)) for i in range(n - len(job))]
    inbox = [r for r in job if b"X-Gmail-Labels: Sent" not in r] + rest
    sent = [r for r in job if b"X-Gmail-Labels: Sent" in r]
    rng.shuffle(inbox)
    return inbox, sent


def run_pass(Session, account_id, settings: ImapSettings, ca: str):
    source = ImapSource(settings, default_ca_bundle=ca)
    began, cpu = time.perf_counter(), time.process_time()
    result = sync_account(Session, account_id, source, me=frozenset({ME}))
    source.cpu_seconds = time.process_time() - cpu  # this process only (Dovecot's own CPU not counted)
    return result, source, time.perf_counter() - began


def delete_first(server: Dovecot, n: int) -> None:
    """Delete the inbox's first ``n`` messages on the server, as a mail client would."""
    conn = server.client()
    try:
        conn.select("INBOX")
        conn.store(f"1:{n}", "+FLAGS.SILENT", "(\\Deleted)")
        conn.expunge()
    finally:
        conn.logout()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--deleted", type=int, default=100)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temp dir")
    args = parser.parse_args()
    if not available():
        sys.exit("dovecot is not installed: apt-get install dovecot-imapd (make imapd)")
    with tempfile.TemporaryDirectory(prefix="tom-imap-bench-") as tmp:
        root = Path(tmp)
        server = Dovecot(root / "dovecot").start()
        try:
            inbox, sent = mailbox(args.messages, seed=1)
            server.deliver(inbox)
            server.deliver(sent, folder="Sent")
            size = server.mailbox_bytes()
            url = args.database_url or f"sqlite:///{root / 'bench.sqlite3'}"
            engine = make_engine(url)
            upgrade(engine)
            Session = session_factory(engine)
            with Session() as s, s.begin():
                user = models.User(email=ME, name="Alex Morgan", timezone="UTC", own_addresses=[ME], settings={},
                              created_at=datetime.now(UTC))
                s.add(user)
                s.flush()
                account = models.MailAccount(user_id=user.id, provider="imap", address="sam@example.org",
                                        status="active", created_at=datetime.now(UTC))
                s.add(account)
                s.flush()
                account_id = account.id
            settings = ImapSettings("127.0.0.1", server.port, "sam@example.org", password="app-pass-1")
            ca = str(server.ca_file)

            first, source, seconds = run_pass(Session, account_id, settings, ca)
            assert first.status == "ok", first.error
            with Session() as s:
                stored = s.scalar(select(func.count()).select_from(models.Message))
            print(f"mailbox: {len(inbox) + len(sent):,} messages ({len(inbox):,} inbox, {len(sent):,} sent), "
                  f"{size / 1e6:.1f} MB on the server; {stored:,} stored as job mail "
                  f"({100 * stored / (len(inbox) + len(sent)):.1f} %)")
            print(f"first sync: {first.messages:,} messages in {seconds:.1f} s = "
                  f"{first.messages / seconds:.0f} msg/s end to end ({first.batches} batches, "
                  f"{source.round_trips} server commands); CPU of this process {source.cpu_seconds:.1f} s = "
                  f"{first.messages / source.cpu_seconds:.0f} msg/s; load average {os.getloadavg()[0]:.1f} "
                  f"on {os.cpu_count()} cores")
            print(f"downloaded: {source.bytes_fetched / 1e6:.1f} MB = "
                  f"{100 * source.bytes_fetched / size:.0f} % of the mailbox "
                  f"({first.counts['ledger_only']:,} not job-related, of which the obvious noise came as headers only)")

            rng = random.Random(2)
            fresh_job = list(generate_messages(args.new // 5, seed=99))
            fresh = [noise(10**6 + i, rng, datetime.now(UTC)) for i in range(args.new - len(fresh_job))]
            server.deliver([r for r in fresh_job + fresh if b"X-Gmail-Labels: Sent" not in r])
            server.deliver([r for r in fresh_job if b"X-Gmail-Labels: Sent" in r], folder="Sent")
            second, source, seconds = run_pass(Session, account_id, settings, ca)
            print(f"incremental: {second.messages} new messages in {seconds:.2f} s "
                  f"({source.round_trips} server commands, {source.bytes_fetched / 1e3:.0f} kB)")

            idle, source, seconds = run_pass(Session, account_id, settings, ca)
            print(f"idle pass: {idle.messages} messages, {source.round_trips} server commands "
                  f"(CAPABILITY, LOGIN, one STATUS per folder (2), LOGOUT) in {seconds * 1000:.0f} ms")

            delete_first(server, args.deleted)
            gone, source, seconds = run_pass(Session, account_id, settings, ca)
            with Session() as s:
                cursor_bytes = len(s.get(models.MailAccount, account_id).cursor)
            print(f"after {args.deleted} deletions: {gone.counts['removed']} removed in {seconds:.2f} s "
                  f"({source.round_trips} server commands, {source.bytes_fetched / 1e3:.0f} kB); "
                  f"the cursor with its UID index: {cursor_bytes / 1e3:.0f} kB")
            engine.dispose()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
