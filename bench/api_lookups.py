"""Lookup latency and throughput under concurrent load: gunicorn (2 workers) on loopback.

    .venv/bin/python bench/api_lookups.py --url postgresql://postgres@127.0.0.1:5432/tom_bench
    .venv/bin/python bench/api_lookups.py --url sqlite:////tmp/tom_bench.sqlite3 --generate 0.1

Starts ``gunicorn -w 2 server.wsgi:app`` on 127.0.0.1 against the database (built
by ``bench/api_dataset.py``, or here first with ``--generate SCALE``), creates an API token
for the data set's main user, and asks ``--pages`` pages per endpoint over random known and
unknown LinkedIn profile URLs (unknown ones carry a name and a company, so the
name-and-company suggestions run) and Gmail/Outlook thread ids, at ``--concurrency``
connections. A phase stops early at ``--max-seconds``; the table says how many requests
completed. Prints backend, endpoint, requests, concurrency, p50, p99, requests/s, errors,
and the load time (with ``--generate``) and database size. Nothing leaves 127.0.0.1.

Two phases per endpoint, because a lookup is answered from a card (topofmind/store/card_marks.py) once it
has been asked, or once the card was built ahead, and until something it shows changes:

* **first**: each sampled page once (``--unknown`` of them unknown), in random order. With
  ``--cards none`` (the default, every card deleted first): the full computation, which
  then stores the card. With ``--cards prebuilt`` (the cards ``topofmind cards build``
  made are kept): the known pages were never asked about, but their cards were built
  ahead. The unknown ones are computed and never stored (lookup_cards.compute_card).
* **again**: random requests over the same pages for ``--seconds``: the known pages from
  their cards, the unknown ones from the answers each server process remembers while no
  write happens (lookup_cards.RecentUnknowns; with ``--writes``, mostly computed again).

Both with `wrk` (Debian's package, C, one thread) as the load generator when it is
installed, which leaves the two cores to the server and the database; else from this
process's threads (``--generator python``), which compete with the server for them.
Known profiles are asked as the extension asks them, with the name and company the page
shows; ``--writes N`` logs N touches a second about sampled people during "again".
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, func, select  # noqa: E402

from bench.api_dataset import MAIN_USER_EMAIL, build  # noqa: E402
from bench.bulk_load import database_size  # noqa: E402
from server.auth import create_token  # noqa: E402
from sync.secrets import SecretBox  # noqa: E402
from topofmind.store.database import make_engine, session_factory  # noqa: E402
from topofmind.store.models import Company, LookupCard, Person, Thread, User  # noqa: E402

LOCALES = ("", "de/", "fr/")
SUFFIXES = ("", "/", "/?originalSubdomain=uk", "/recent-activity/all/", "/overlay/contact-info/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, rng: random.Random, samples: int, keep_cards: bool) -> tuple[str, dict[str, list], int]:
    """A fresh token for the main user and request paths: known and unknown profiles and
    threads; and how many cards the user had to start with."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        if not keep_cards:  # the 'first' phase then computes every page
            session.execute(delete(LookupCard))
        user = session.scalars(select(User).where(User.email == MAIN_USER_EMAIL)).one()
        had = session.scalar(select(func.count()).select_from(LookupCard).where(LookupCard.user_id == user.id))
        token = create_token(session, user, "bench", datetime.now(UTC))
        session.commit()
        people = session.execute(
            select(Person.linkedin_slug, Person.name, Company.name, Person.id)
            .outerjoin(Company, Company.id == Person.company_id)
            .where(Person.user_id == user.id, Person.linkedin_slug.is_not(None))
            .order_by(func.random()).limit(samples)).all()
        threads = session.execute(select(Thread.provider, Thread.provider_thread_id)
                                  .where(Thread.user_id == user.id).order_by(func.random()).limit(samples)).all()
        session.commit()
    engine.dispose()

    def profile(slug: str, name: str | None = None, company: str | None = None) -> str:
        link = f"https://www.linkedin.com/{rng.choice(LOCALES)}in/{quote(slug)}{rng.choice(SUFFIXES)}"
        params = {"url": link, **({"name": name} if name else {}), **({"company": company} if company else {})}
        return "/api/v1/lookup/profile?" + urlencode(params)

    def thread(provider: str, thread_id: str) -> str:
        return "/api/v1/lookup/thread?" + urlencode({"provider": provider, "id": thread_id})

    # Unknown profiles often share a name with someone known (the suggestions then find them).
    unknown_profiles = [profile(f"nobody-{secrets.token_hex(4)}", name, company) for _slug, name, company, _id in people]
    unknown_threads = [thread("gmail", secrets.token_hex(8)) if i % 2 else thread("outlook", "AAQkAD" + secrets.token_urlsafe(44))
                       for i in range(len(threads))]
    return token, {
        # As the extension asks: with the name and company the page shows.
        "profile": [profile(slug, name, company) for slug, name, company, _id in people],
        "person_ids": [person_id for _s, _n, _c, person_id in people],
        "profile?unknown": unknown_profiles,
        "thread": [thread(p, t) for p, t in threads],
        "thread?unknown": unknown_threads,
    }, had


def start_server(url: str, port: int, workers: int, threads: int, data_dir: str, timeout: float) -> subprocess.Popen:
    env = {**os.environ, "TOPOFMIND_DATABASE_URL": url, "TOPOFMIND_DATA_DIR": data_dir,
           "TOPOFMIND_SECRET_KEY": SecretBox.generate_key()}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # --threads > 1: gunicorn's gthread workers, as docker-compose.yml runs them (they keep
    # connections alive; sync workers close each one after its response, yet served these
    # lookups two to three times faster: threads of one process share its interpreter).
    return subprocess.Popen([str(gunicorn), "-w", str(workers), "--threads", str(threads), "-b", f"127.0.0.1:{port}",
                             "--timeout", str(int(timeout)), "--log-level", "warning", "server.wsgi:app"],
                            env=env, cwd=ROOT)


def wait_ready(port: int, token: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see its output above")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"})
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port} within {timeout:.0f} s")


def run_load(port: int, token: str, paths: list[str], requests: int, concurrency: int, max_seconds: float,
             rng: random.Random, *, each_once: bool = False) -> dict:
    """``requests`` GETs over random ``paths`` (``each_once``: ``paths`` in their order) from
    ``concurrency`` threads; latencies in seconds."""
    order = list(paths) if each_once else [rng.choice(paths) for _ in range(min(requests, 10**6))]
    requests = len(order)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    cursor = iter(range(requests))
    headers = {"Authorization": f"Bearer {token}", "Connection": "keep-alive"}
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max_seconds + 30)
        while time.monotonic() < deadline:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            began = time.perf_counter()
            try:
                conn.request("GET", order[index], headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status = type(exc).__name__
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(str(status))
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else float("nan")

    return {"requests": len(latencies), "p50": pct(0.50), "p99": pct(0.99),
            "rps": len(latencies) / wall if wall else 0.0, "errors": len(errors), "error_kinds": sorted(set(errors))}


def write_load(port: int, token: str, person_ids: list[int], per_second: float, stop: threading.Event,
               rng: random.Random) -> dict:
    """Until ``stop``: a touch logged by hand (POST /touches) about a random sampled person,
    ``per_second`` times a second, as the sync or the user write while lookups run. Each one
    deletes the cards that show that person."""
    done, errors = 0, 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    began = time.monotonic()
    while not stop.wait(max(0.0, began + (done + errors) / per_second - time.monotonic())):
        body = json.dumps({"person_id": rng.choice(person_ids), "channel": "phone", "direction": "in",
                           "kind": "meeting", "at": datetime.now(UTC).isoformat(), "summary": "bench write"})
        try:
            conn.request("POST", "/api/v1/touches", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            ok = response.status == 201 or response.status == 200
        except (OSError, http.client.HTTPException):
            conn.close()
            ok = False
        done, errors = done + ok, errors + (not ok)
    conn.close()
    return {"writes": done, "write_errors": errors, "seconds": time.monotonic() - began}


WRK_SCRIPT = """
local once = os.getenv("TOM_ONCE") == "1"
local paths = {}
for line in io.lines(os.getenv("TOM_PATHS")) do paths[#paths + 1] = line end
local headers = {Authorization = "Bearer " .. os.getenv("TOM_TOKEN")}
math.randomseed(tonumber(os.getenv("TOM_SEED")))
local sent, got = 0, 0
request = function()
  sent = sent + 1
  if once then return wrk.format("GET", paths[((sent - 1) % #paths) + 1], headers) end
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
if once then
  -- Each page once, in the given order; the connections still busy then ask a few again.
  -- wrk itself runs for its whole -d: the script says when, and the bench interrupts it
  -- (SIGINT: wrk then reports the time it actually ran).
  response = function(status, headers, body)
    got = got + 1
    if got == #paths then
      io.write("ALL ANSWERED\\n")
      io.flush()
      wrk.thread:stop()
    end
  end
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('RESULT {"p50": %d, "p99": %d, "requests": %d, "micros": %d, "non2xx": %d, "errors": %d}\\n',
    latency:percentile(50), latency:percentile(99), summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def run_wrk(port: int, token: str, paths: list[str], seconds: float, connections: int, seed: int,
            each_once: bool = False) -> dict:
    """``wrk`` (one thread, ``connections`` connections) for ``seconds`` over random ``paths``;
    ``each_once``: every path once in order (within ``seconds``)."""
    with tempfile.TemporaryDirectory(prefix="tom-wrk-") as tmp:
        script, listing = Path(tmp) / "lookups.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        env = {**os.environ, "TOM_PATHS": str(listing), "TOM_TOKEN": token, "TOM_SEED": str(seed),
               "TOM_ONCE": "1" if each_once else "0"}
        wrk = subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout",
                                "10s", "-s", str(script), f"http://127.0.0.1:{port}"], env=env,
                               stdout=subprocess.PIPE, text=True)
        lines = []
        for line in wrk.stdout:
            lines.append(line)
            if line.startswith("ALL ANSWERED"):
                wrk.send_signal(signal.SIGINT)
        if wrk.wait() != 0:
            raise RuntimeError(f"wrk failed: {''.join(lines)[-500:]}")
        out = "".join(lines)
    found = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:])
    return {"requests": found["requests"], "p50": found["p50"] / 1000, "p99": found["p99"] / 1000,
            "rps": found["requests"] / (found["micros"] / 1e6), "errors": found["non2xx"] + found["errors"],
            "error_kinds": ["non-2xx"] if found["non2xx"] else []}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="database URL (sqlite:///PATH or postgresql://...)")
    parser.add_argument("--generate", type=float, metavar="SCALE", help="(re)build the data set at this scale first")
    parser.add_argument("--pages", type=int, default=2000, help="distinct pages per endpoint (default 2000)")
    parser.add_argument("--seconds", type=float, default=20, help="length of the 'again' phase (default 20)")
    parser.add_argument("--concurrency", type=int, default=8, help="connections / client threads (default 8)")
    parser.add_argument("--unknown", type=float, default=0.2, help="share of unknown profiles/threads (default 0.2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per gunicorn worker (default 1: sync workers; docker-compose.yml runs 4)")
    parser.add_argument("--generator", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python",
                        help="load generator of the 'again' phase (default: wrk when installed)")
    parser.add_argument("--max-seconds", type=float, default=300, help="stop a phase after this long")
    parser.add_argument("--endpoints", default="profile,thread", help="comma-separated: profile,thread")
    parser.add_argument("--writes", type=float, default=0,
                        help="touches logged per second during the 'again' phase (default 0)")
    parser.add_argument("--cards", choices=("none", "prebuilt"), default="none",
                        help="none: delete every card first (default); prebuilt: keep those `topofmind cards "
                             "build` made, so the 'first' phase measures pages built ahead, never asked")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    loaded = None
    if args.generate is not None:
        loaded = build(args.url, scale=args.generate)
        print(f"data set loaded in {loaded['seconds']:.1f} s")
    token, paths, had_cards = prepare(args.url, rng, samples=args.pages, keep_cards=args.cards == "prebuilt")
    if args.cards == "prebuilt":
        if not had_cards:
            raise SystemExit("no cards to keep: run `topofmind cards build --user bench@example.com` first")
        print(f"{had_cards:,} cards of the main user kept (built by `topofmind cards build`)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="tom-bench-") as data_dir:
        server = start_server(args.url, port, args.workers, args.threads, data_dir, timeout=args.max_seconds + 60)
        try:
            wait_ready(port, token, server)
            rows = []
            for endpoint in args.endpoints.split(","):
                known, unknown = paths[endpoint], paths[f"{endpoint}?unknown"]
                n_unknown = round(len(known) * args.unknown)
                pages = known[:len(known) - n_unknown] + unknown[:n_unknown]
                rng.shuffle(pages)
                if args.generator == "wrk":
                    first = run_wrk(port, token, pages, args.max_seconds, args.concurrency, args.seed, each_once=True)
                else:
                    first = run_load(port, token, pages, len(pages), args.concurrency, args.max_seconds, rng,
                                     each_once=True)
                rows.append((endpoint, "first", args.generator, first))
                print(f"  {endpoint} first: {first['requests']} requests, p50 {first['p50']:.1f} ms", flush=True)
                stop, written = threading.Event(), {}
                writer = threading.Thread(target=lambda done, halt: done.update(write_load(
                    port, token, paths["person_ids"], args.writes, halt, random.Random(args.seed))),
                    args=(written, stop))
                if args.writes:
                    writer.start()
                if args.generator == "wrk":
                    again = run_wrk(port, token, pages, args.seconds, args.concurrency, args.seed)
                else:
                    again = run_load(port, token, pages, 10**7, args.concurrency, args.seconds, rng)
                stop.set()
                if args.writes:
                    writer.join()
                    again["writes"] = f"{written['writes'] / written['seconds']:.1f}/s"
                    again["errors"] += written["write_errors"]
                rows.append((endpoint, "again", args.generator, again))
                print(f"  {endpoint} again: {again['requests']} requests, p50 {again['p50']:.1f} ms", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    engine = make_engine(args.url)
    backend, size = engine.dialect.name, database_size(engine)
    engine.dispose()

    load1, load5, _ = os.getloadavg()
    kind = f"{args.threads} threads each" if args.threads > 1 else "sync workers"
    print(f"\nbackend {backend}; gunicorn -w {args.workers} ({kind}); {args.unknown:.0%} unknown; "
          f"machine load average {load1:.1f}/{load5:.1f} on {os.cpu_count()} cores")
    print(f"{'backend':<11}{'endpoint':<16}{'phase':<7}{'client':<8}{'requests':>9}{'conc.':>6}{'p50 ms':>8}"
          f"{'p99 ms':>8}{'req/s':>9}{'errors':>7}{'writes':>9}")
    for endpoint, phase, client, r in rows:
        print(f"{backend:<11}{'lookup/' + endpoint:<16}{phase:<7}{client:<8}{r['requests']:>9}{args.concurrency:>6}"
              f"{r['p50']:>8.1f}{r['p99']:>8.1f}{r['rps']:>9.1f}{r['errors']:>7}{r.get('writes', '-'):>9}"
              + (f"  {r['error_kinds']}" if r["errors"] else ""))
    load_time = f"{loaded['seconds']:.1f} s" if loaded else "not built in this run"
    print(f"load time: {load_time}; database size: {size / 2**20:,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
