"""Tracking job postings (issue 24): how long the extension's calls take, in process.

    .venv/bin/python bench/posting_capture.py                       # SQLite in a temp dir
    .venv/bin/python bench/posting_capture.py --url postgresql://postgres@127.0.0.1:5432/tom_bench

Builds a user with ``--opportunities`` tracked postings (spread over 50 companies, with a
follow-up history), then times through the Flask test client (no network): ``POST
/opportunities`` for new postings, ``GET /lookup/posting`` for tracked postings (by URL, the
card's status line computed from the user's whole plan) and for unknown ones. Prints
requests, p50 and p95 per call. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from server.app import create_app  # noqa: E402
from server.auth import create_token  # noqa: E402
from server.services import capture  # noqa: E402
from sync.config import Config  # noqa: E402
from topofmind.store import models as m  # noqa: E402
from topofmind.store.database import make_engine, session_factory, upgrade  # noqa: E402

NOW = datetime(2026, 3, 18, 10, 0, tzinfo=UTC)


def posting_url(i: int) -> str:
    return f"https://boards.greenhouse.io/company{i % 50}/jobs/{4_000_000 + i}"


def seed(Session, count: int) -> str:  # noqa: N803 - a session factory
    with Session() as session:
        user = m.User(email="bench@example.net", name="Bench", timezone="Europe/Paris", own_addresses=[],
                      settings={}, created_at=NOW)
        session.add(user)
        session.flush()
        for i in range(count):
            capture.create_opportunity(session, user.id, {
                "company": f"Company {i % 50}", "role": f"Engineer {i}", "url": posting_url(i),
                "applied_at": (NOW - timedelta(days=i % 20)).isoformat(),
                "contacts": [{"email": f"recruiter{i % 120}@company{i % 50}.example", "role": "recruiter"}]},
                NOW - timedelta(days=i % 20))
        token = create_token(session, user, "bench", NOW)
        session.commit()
        return token


def timed(calls) -> tuple[float, float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        response = call()
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code < 400, response.get_json()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: SQLite in a temp dir)")
    parser.add_argument("--opportunities", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tom-bench-"))
    url = args.url or f"sqlite:///{tmp / 'bench.sqlite3'}"
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    Session = session_factory(engine)  # noqa: N806
    print(f"seeding {args.opportunities} tracked postings on {engine.dialect.name}…", flush=True)
    token = seed(Session, args.opportunities)
    app = create_app(Config(data_dir=tmp, database_url=url), session_factory=Session, now=lambda: NOW)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    n = args.requests
    rows = [
        ("POST /opportunities (new posting)", timed(
            (lambda i=i: client.post("/api/v1/opportunities", json={
                "company": f"Company {i % 50}", "role": f"New role {i}", "url": posting_url(100_000 + i)}))
            for i in range(n))),
        ("GET /lookup/posting (tracked)", timed(
            (lambda i=i: client.get("/api/v1/lookup/posting", query_string={"url": posting_url(i)}))
            for i in range(n))),
        ("GET /lookup/posting (unknown)", timed(
            (lambda i=i: client.get("/api/v1/lookup/posting", query_string={
                "url": posting_url(900_000 + i), "company": "Nobody Inc", "role": "Engineer"}))
            for i in range(n))),
    ]
    print(f"{'call':40} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for name, (p50, p95) in rows:
        print(f"{name:40} {n:>8} {p50:>8.1f} {p95:>8.1f}")
    engine.dispose()


if __name__ == "__main__":
    main()
