"""The last of finding 6: slow clients against ``topofmind serve``, 120 first starts racing
for the key files, and a pooled PostgreSQL connection that died."""

from __future__ import annotations

import multiprocessing
import os
import re
import socket
import subprocess
import sys
import time

import pytest
import requests
from flask.testing import FlaskClient
from sqlalchemy import text

from server.app import create_app
from server.auth import create_token
from sync.config import Config
from sync.secrets import SecretBox, load_secret_box, read_or_create_key_file
from tests.builders import make_user
from tests.server.conftest import seed_job_search
from tests.server.test_api_serve import SERVE, _free_port, _wait_until_up
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

LOCAL = {"REMOTE_ADDR": "127.0.0.1"}


@pytest.mark.slow
def test_eight_slow_clients_do_not_hang_serve(tmp_path):
    port = _free_port()
    env = {**os.environ, "TOPOFMIND_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
           "TOPOFMIND_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-c", "import sys; " + SERVE, "--host", "127.0.0.1",
                                "--port", str(port), "--threads", "8"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    slow: list[socket.socket] = []
    try:
        url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
        _wait_until_up(url, process)
        for _ in range(16):  # twice the threads: each sends a request line and then dawdles
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(sock)
        time.sleep(1.0)
        for sock in slow:
            sock.sendall(b"a")  # still coming...
        start = time.monotonic()
        answer = requests.get(url, timeout=30)  # before the fix this waited for good
        waited = time.monotonic() - start
        assert answer.status_code == 200
        assert waited < 25, waited
        # The dawdlers were cut off rather than waited for (a generous bound: the machine may be busy).
        for sock in slow:
            sock.settimeout(90)
            try:
                data = sock.recv(100)
            except ConnectionResetError:
                data = b""
            assert data == b"" or data.startswith(b"HTTP/1.1 4"), data
    finally:
        for sock in slow:
            sock.close()
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "setup?code=" in output  # serve printed the first user's one-time link


def _race_for_keys(data_dir: str, barrier, results) -> None:
    barrier.wait()
    from server.pages.site import _session_key

    secret = load_secret_box(None, data_dir)
    results.put((secret.encrypt("x") and read_or_create_key_file(os.path.join(data_dir, "secret.key"),
                                                                  SecretBox.generate_key),
                 _session_key(data_dir)))


@pytest.mark.slow
def test_120_concurrent_first_starts_make_one_key_of_each_kind(tmp_path):
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(120), ctx.Queue()
    workers = [ctx.Process(target=_race_for_keys, args=(str(tmp_path), barrier, results)) for _ in range(120)]
    for w in workers:
        w.start()
    got = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert len({secret for secret, _ in got}) == 1 and len({session for _, session in got}) == 1
    assert all(secret and session for secret, session in got)
    assert (tmp_path / "secret.key").read_text().strip() == got[0][0]
    assert oct((tmp_path / "secret.key").stat().st_mode & 0o777) == "0o600"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_a_dead_pooled_postgresql_connection_is_replaced_for_reads_and_reported_for_writes(pg_url, now, tmp_path):
    engine = make_engine(pg_url, ping_after_idle=3600, pool_size=1, max_overflow=0)
    Session = session_factory(engine)
    with Session() as s:
        s.execute(text("TRUNCATE users RESTART IDENTITY CASCADE"))
        user = make_user(s, email="sam@example.net")
        ids = seed_job_search(s, user, now, suffix="a")
        token = create_token(s, user, "extension", now)
        s.commit()
    app = create_app(Config(data_dir=tmp_path), session_factory=Session, now=lambda: now)
    app.test_client_class = FlaskClient
    c = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}
    html = c.get("/settings", environ_base=LOCAL).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    admin = make_engine(pg_url, isolation_level="AUTOCOMMIT")

    def kill_the_pooled_connection():
        with engine.connect() as conn:
            pid = conn.execute(text("select pg_backend_pid()")).scalar()
        with admin.connect() as conn:
            conn.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
        time.sleep(0.2)

    try:
        kill_the_pooled_connection()
        assert c.get("/api/v1/me", headers=auth).status_code == 200  # answered from a new connection
        kill_the_pooled_connection()
        assert c.get("/", environ_base=LOCAL).status_code == 200
        kill_the_pooled_connection()
        write = c.post(f"/people/{ids['person']}", data={"csrf": csrf, "notes": "after the restart"},
                       environ_base=LOCAL, headers={"Accept": "application/json"})
        assert write.status_code == 503 and "may not have been saved" in write.json["message"]
        again = c.post(f"/people/{ids['person']}", data={"csrf": csrf, "notes": "after the restart"},
                       environ_base=LOCAL)
        assert again.status_code == 302
        with Session() as s:
            assert s.get(models.Person, ids["person"]).notes == "after the restart"
    finally:
        admin.dispose()
        engine.dispose()
