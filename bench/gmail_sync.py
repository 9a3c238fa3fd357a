"""Gmail sync cost against the fake Gmail server: requests, quota units, wall time.

    .venv/bin/python bench/gmail_sync.py [--messages 10000] [--new 100]

Runs the real GmailSource (google-api-python-client over HTTP on 127.0.0.1) on a mailbox of
``--messages`` messages: the first sync, then ``--new`` messages arriving (incremental sync),
then an idle poll. Quota units are Google's official ones (getProfile 1, messages.list 5,
messages.get 5, history.list 2) as counted by the fake; the projected times are what the
per-user limit of 15,000 units a minute allows, whatever the network (Google's real latency
adds to the wall time measured here, the quota is the floor). The source's own pacing
(12,000 units a minute by default) is switched off here to measure the code, not the limit.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sync.gmail import GmailSource
from tests.fakes.gmail_server import FakeGmail, make_raw

UNITS_PER_MINUTE = 15_000


def fill(fake: FakeGmail, n: int, start: datetime, step: timedelta) -> None:
    for i in range(n):
        fake.add_message(make_raw(subject=f"Application update {i}", date=format_datetime(start + i * step),
                                  body="Thank you for your interest in the role. " * 8 + "\n"),
                         labels=["SENT"] if i % 7 == 0 else ["INBOX"])


def measure(fake: FakeGmail, info: dict, cursor: str | None) -> dict:
    fake.reset_counters()
    began = time.perf_counter()
    messages, batches = 0, 0
    for batch in GmailSource(info, api_url=fake.api_url, units_per_minute=None).changes(cursor):
        messages += len(batch.messages)
        batches += 1
        cursor = batch.cursor
    return {"seconds": time.perf_counter() - began, "messages": messages, "batches": batches,
            "requests": fake.http_requests, "token": fake.token_requests, "units": fake.units,
            "calls": dict(fake.calls), "cursor": cursor}


def minutes(units: float) -> str:
    return f"{units / UNITS_PER_MINUTE:.1f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    args = parser.parse_args()
    now = datetime.now(UTC)
    with FakeGmail() as fake:
        print(f"filling the fake mailbox with {args.messages} messages...", file=sys.stderr)
        fill(fake, args.messages, now - timedelta(days=300), timedelta(days=290) / args.messages)
        info = fake.credentials_info()
        first = measure(fake, info, None)
        fill(fake, args.new, now - timedelta(hours=2), timedelta(seconds=30))
        incremental = measure(fake, info, first["cursor"])
        idle = measure(fake, info, incremental["cursor"])

    per_message = first["units"] / max(first["messages"], 1)
    rows = [
        ("first sync: messages delivered", f"{first['messages']}"),
        ("first sync: HTTP requests (API + batch)", f"{first['requests']}  (+{first['token']} token refresh)"),
        ("first sync: API calls", ", ".join(f"{k} {v}" for k, v in sorted(first["calls"].items()))),
        ("first sync: quota units", f"{first['units']}"),
        ("first sync: units per message", f"{per_message:.3f}"),
        ("first sync: wall time against the fake", f"{first['seconds']:.1f} s"),
        ("projected at 15,000 units/min: 10k messages", minutes(per_message * 10_000)),
        ("projected at 15,000 units/min: 100k messages", minutes(per_message * 100_000)),
        (f"incremental ({args.new} new): messages delivered", f"{incremental['messages']}"),
        (f"incremental ({args.new} new): HTTP requests", f"{incremental['requests']}"),
        (f"incremental ({args.new} new): API calls",
         ", ".join(f"{k} {v}" for k, v in sorted(incremental["calls"].items()))),
        (f"incremental ({args.new} new): quota units", f"{incremental['units']}"),
        (f"incremental ({args.new} new): wall time", f"{incremental['seconds']:.2f} s"),
        ("idle poll: HTTP requests", f"{idle['requests']}"),
        ("idle poll: API calls", ", ".join(f"{k} {v}" for k, v in sorted(idle["calls"].items())) or "none"),
        ("idle poll: quota units", f"{idle['units']}"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure'.ljust(width)} | value")
    print(f"{'-' * width}-+-{'-' * 40}")
    for name, value in rows:
        print(f"{name.ljust(width)} | {value}")


if __name__ == "__main__":
    main()
