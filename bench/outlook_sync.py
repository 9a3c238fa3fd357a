"""Outlook sync bench: request counts and wall time against the local Graph fake.

Run: .venv/bin/python bench/outlook_sync.py [--messages 10000] [--page-size 100] [--no-mime]

Measures, for a mailbox of N messages (80 % Inbox, 20 % Sent Items, 1 % of them calendar
invitations whose .ics is only in the MIME):
- first sync: Graph requests, wall time on the fake, and the time Outlook's limit of
  10,000 requests per 10 minutes per mailbox imposes at its sustained rate (16.7/s);
- the same first sync fetching every message's MIME with ``$value`` (``content="mime"``),
  the alternative the source's docstring rejects;
- 100 new messages: requests of the incremental sync;
- an idle poll: requests (target: one per folder).
Wall times are the fake's on this machine (TLS on loopback, no network latency): they
show the client's own overhead, not what Microsoft's servers would take.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sync import ms_oauth
from sync.config import Config
from sync.outlook import OutlookSource
from tests.fakes.graph_server import MicrosoftFakes, invite_ics

LIMIT_REQUESTS, LIMIT_WINDOW_S = 10_000, 600


def populate(ms: MicrosoftFakes, n: int) -> None:
    for i in range(n):
        folder = "sentitems" if i % 5 == 4 else "inbox"
        ics = invite_ics(uid=f"ev-{i}@contoso.com") if i % 100 == 7 else None
        ms.graph.add_message(folder, subject=f"Message {i}", ics=ics,
                             body=f"Hello,\n\nThis is message {i} of the bench mailbox.\n" * 8)


def measure(ms: MicrosoftFakes, config: Config, creds: str, cursor: str | None, **kw):
    ms.graph.reset_counts()
    tokens_before = len(ms.identity.token_requests)
    src = OutlookSource(config, credentials=creds, on_credentials_changed=lambda s: None, **kw)
    started = time.perf_counter()
    got, last = 0, cursor
    for batch in src.changes(cursor):
        got += len(batch.messages)
        last = batch.cursor
    wall = time.perf_counter() - started
    return {"messages": got, "requests": ms.graph.count(), "delta": ms.graph.count("delta"),
            "value": ms.graph.count("value"), "tokens": len(ms.identity.token_requests) - tokens_before,
            "wall": wall, "cursor": last}


def limit_time(requests: int) -> float:
    return requests * LIMIT_WINDOW_S / LIMIT_REQUESTS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--page-size", type=int, default=100)
    parser.add_argument("--no-mime", action="store_true", help="skip the $value-per-message comparison")
    args = parser.parse_args()
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        os.environ.pop(var, None)

    ms = MicrosoftFakes(Path(tempfile.mkdtemp(prefix="tom-bench-")))
    try:
        config = Config.from_env(ms.env())
        flow = ms_oauth.initiate_auth_code_flow(config, "http://127.0.0.1:8765/accounts/outlook/callback")
        creds = ms_oauth.acquire_token_by_auth_code_flow(config, flow, ms.browser_consent(flow["auth_uri"])).dumps()
        t0 = time.perf_counter()
        populate(ms, args.messages)
        print(f"mailbox of {args.messages} messages built in {time.perf_counter() - t0:.1f}s", file=sys.stderr)

        rows = []
        first = measure(ms, config, creds, None, page_size=args.page_size)
        rows.append((f"first sync, {args.messages} msgs (body fields)", first))
        if not args.no_mime:
            rows.append((f"first sync, {args.messages} msgs ($value each)",
                         measure(ms, config, creds, None, page_size=args.page_size, content="mime")))
        for i in range(100):
            ms.graph.add_message("sentitems" if i % 5 == 4 else "inbox", subject=f"New {i}")
        incremental = measure(ms, config, creds, first["cursor"], page_size=args.page_size)
        rows.append(("incremental, 100 new msgs", incremental))
        rows.append(("idle poll", measure(ms, config, creds, incremental["cursor"], page_size=args.page_size)))
    finally:
        ms.close()

    header = (f"{'scenario':<42} {'msgs':>6} {'requests':>8} {'delta':>6} {'$value':>6} {'token':>5} "
              f"{'wall s':>7} {'at limit s':>10} {'windows':>7}")
    print(f"Outlook sync bench (page size {args.page_size}; limit {LIMIT_REQUESTS} requests / "
          f"{LIMIT_WINDOW_S // 60} min / mailbox)")
    print(header)
    print("-" * len(header))
    for name, r in rows:
        windows = r["requests"] / LIMIT_REQUESTS
        print(f"{name:<42} {r['messages']:>6} {r['requests']:>8} {r['delta']:>6} {r['value']:>6} "
              f"{r['tokens']:>5} {r['wall']:>7.2f} {limit_time(r['requests']):>10.1f} {windows:>7.2f}")
    print("'at limit s': time the requests take when paced at the limit's sustained rate (16.7/s);\n"
          "'windows': share of one 10-minute window's budget (above 1.00 Graph throttles the pass).")


if __name__ == "__main__":
    main()
