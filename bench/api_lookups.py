"""Lookup latency and throughput under concurrent load: gunicorn (2 workers) on loopback.

    .venv/bin/python bench/api_lookups.py --url postgresql://postgres@127.0.0.1:5432/tom_bench
    .venv/bin/python bench/api_lookups.py --url sqlite:////tmp/tom_bench.sqlite3 --generate 0.1

Starts ``gunicorn -w 2 topofmind.server.wsgi:app`` on 127.0.0.1 against the database (built
by ``bench/api_dataset.py``, or here first with ``--generate SCALE``), creates an API token
for the data set's main user, and replays a fixed number of requests per endpoint from this
process (threads with keep-alive ``http.client`` connections, one per thread) over random
known and unknown LinkedIn profile URLs (unknown ones carry a name and a company, as the
extension sends them, so the name-and-company suggestions run) and Gmail/Outlook thread
ids. A run stops early at ``--max-seconds`` per endpoint; the table says how many requests
completed. Prints backend, endpoint, requests, concurrency, p50, p99, requests/s, errors,
and the load time (with ``--generate``) and database size. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
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

from sqlalchemy import func, select  # noqa: E402

from bench.api_dataset import MAIN_USER_EMAIL, build, database_size  # noqa: E402
from topofmind.core.models import Company, Person, Thread, User  # noqa: E402
from topofmind.server.auth import create_token  # noqa: E402
from topofmind.sync.database import make_engine, session_factory  # noqa: E402
from topofmind.sync.secrets import SecretBox  # noqa: E402

LOCALES = ("", "de/", "fr/")
SUFFIXES = ("", "/", "/?originalSubdomain=uk", "/recent-activity/all/", "/overlay/contact-info/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, rng: random.Random, samples: int) -> tuple[str, dict[str, list[str]]]:
    """A fresh token for the main user and request paths: known and unknown profiles and threads."""
    engine = make_engine(url)
    with session_factory(engine)() as session:
        user = session.scalars(select(User).where(User.email == MAIN_USER_EMAIL)).one()
        token = create_token(session, user, "bench", datetime.now(UTC))
        session.commit()
        people = session.execute(
            select(Person.linkedin_slug, Person.name, Company.name).outerjoin(Company, Company.id == Person.company_id)
            .where(Person.user_id == user.id, Person.linkedin_slug.is_not(None))
            .order_by(func.random()).limit(samples)).all()
        threads = session.execute(select(Thread.provider, Thread.provider_thread_id)
                                  .where(Thread.user_id == user.id).order_by(func.random()).limit(samples)).all()
    engine.dispose()

    def profile(slug: str, name: str | None = None, company: str | None = None) -> str:
        link = f"https://www.linkedin.com/{rng.choice(LOCALES)}in/{quote(slug)}{rng.choice(SUFFIXES)}"
        params = {"url": link, **({"name": name} if name else {}), **({"company": company} if company else {})}
        return "/api/v1/lookup/profile?" + urlencode(params)

    def thread(provider: str, thread_id: str) -> str:
        return "/api/v1/lookup/thread?" + urlencode({"provider": provider, "id": thread_id})

    # Unknown profiles often share a name with someone known (the suggestions then find them).
    unknown_profiles = [profile(f"nobody-{secrets.token_hex(4)}", name, company) for _slug, name, company in people]
    unknown_threads = [thread("gmail", secrets.token_hex(8)) if i % 2 else thread("outlook", "AAQkAD" + secrets.token_urlsafe(44))
                       for i in range(len(threads))]
    return token, {
        "profile": [profile(slug) for slug, _n, _c in people],
        "profile?unknown": unknown_profiles,
        "thread": [thread(p, t) for p, t in threads],
        "thread?unknown": unknown_threads,
    }


def start_server(url: str, port: int, workers: int, data_dir: str, timeout: float) -> subprocess.Popen:
    env = {**os.environ, "TOPOFMIND_DATABASE_URL": url, "TOPOFMIND_DATA_DIR": data_dir,
           "TOPOFMIND_SECRET_KEY": SecretBox.generate_key()}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--timeout", str(int(timeout)),
                             "--log-level", "warning", "topofmind.server.wsgi:app"], env=env, cwd=ROOT)


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
             rng: random.Random) -> dict:
    """``requests`` GETs over random ``paths`` from ``concurrency`` threads; latencies in seconds."""
    order = [rng.choice(paths) for _ in range(requests)]
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="database URL (sqlite:///PATH or postgresql://...)")
    parser.add_argument("--generate", type=float, metavar="SCALE", help="(re)build the data set at this scale first")
    parser.add_argument("--requests", type=int, default=2000, help="requests per endpoint (default 2000)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--unknown", type=float, default=0.2, help="share of unknown profiles/threads (default 0.2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--max-seconds", type=float, default=120, help="stop an endpoint's run after this long")
    parser.add_argument("--endpoints", default="profile,thread", help="comma-separated: profile,thread")
    parser.add_argument("--warmup", type=int, default=20, help="requests per endpoint before measuring (default 20)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    loaded = None
    if args.generate is not None:
        loaded = build(args.url, scale=args.generate)
        print(f"data set loaded in {loaded['seconds']:.1f} s")
    token, paths = prepare(args.url, rng, samples=2000)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="tom-bench-") as data_dir:
        server = start_server(args.url, port, args.workers, data_dir, timeout=args.max_seconds + 60)
        try:
            wait_ready(port, token, server)
            rows = []
            for endpoint in args.endpoints.split(","):
                known, unknown = paths[endpoint], paths[f"{endpoint}?unknown"]
                mix = known * round(100 * (1 - args.unknown)) + unknown * round(100 * args.unknown)
                if args.warmup:
                    run_load(port, token, mix, args.warmup, args.workers, args.max_seconds, rng)
                result = run_load(port, token, mix, args.requests, args.concurrency, args.max_seconds, rng)
                rows.append((endpoint, result))
                print(f"  {endpoint}: {result['requests']} requests, p50 {result['p50']:.1f} ms", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    engine = make_engine(args.url)
    backend, size = engine.dialect.name, database_size(engine)
    engine.dispose()

    load1, load5, _ = os.getloadavg()
    print(f"\nbackend {backend}; gunicorn -w {args.workers} (sync workers); {args.unknown:.0%} unknown; "
          f"machine load average {load1:.1f}/{load5:.1f} on {os.cpu_count()} cores")
    print(f"{'backend':<11}{'endpoint':<17}{'requests':>9}{'conc.':>7}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'errors':>8}")
    for endpoint, r in rows:
        print(f"{backend:<11}{'lookup/' + endpoint:<17}{r['requests']:>9}{args.concurrency:>7}{r['p50']:>9.1f}"
              f"{r['p99']:>9.1f}{r['rps']:>9.1f}{r['errors']:>8}" + (f"  {r['error_kinds']}" if r["errors"] else ""))
    load_time = f"{loaded['seconds']:.1f} s" if loaded else "not built in this run"
    print(f"load time: {load_time}; database size: {size / 2**20:,.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
