"""``topofmind serve``: migrates a fresh database, then answers the API on loopback (gunicorn)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
import requests
from sqlalchemy import select

from server.auth import create_token
from topofmind.store import models
from topofmind.store.database import make_engine, session_factory

SERVE = ("from server.commands.serve import serve; from server.runtime import Runtime; "
         "from sync.config import Config; "
         "serve.main(sys.argv[1:], obj=Runtime(Config.from_env()), standalone_mode=True)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen) -> requests.Response:
    for _ in range(300):  # a readiness poll, not a timing assertion
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.stdout.read()}")
        try:
            return requests.get(url, timeout=2)
        except requests.ConnectionError:
            time.sleep(0.1)
    pytest.fail("serve did not start")


@pytest.mark.slow
def test_serve_upgrades_a_fresh_database_and_answers_with_a_token(tmp_path, now):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    port = _free_port()
    env = {**os.environ, "TOPOFMIND_DATABASE_URL": url, "TOPOFMIND_DATA_DIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-c", "import sys; " + SERVE, "--host", "127.0.0.1",
                                "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        base = f"http://127.0.0.1:{port}/api/v1"
        assert _wait_until_up(f"{base}/openapi.json", process).json()["openapi"] == "3.1.0"
        engine = make_engine(url)
        with session_factory(engine)() as session:  # the tables exist: serve migrated first
            user = models.User(email="sam@example.net", name="Sam", created_at=now)
            session.add(user)
            session.flush()
            token = create_token(session, user, "test", now)
            session.commit()
            assert session.scalars(select(models.ApiToken.user_id)).all() == [user.id]
        engine.dispose()
        me = requests.get(f"{base}/me", headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert me.status_code == 200 and me.json()["user"]["email"] == "sam@example.net"
        refused = requests.get(f"{base}/me", headers={"Origin": "https://evil.example"}, timeout=10)
        assert refused.status_code == 401 and "Access-Control-Allow-Origin" not in refused.headers
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert token not in output
