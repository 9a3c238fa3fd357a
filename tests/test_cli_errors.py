"""Configuration errors end a command with one plain sentence saying what to do, a non-zero
exit status and no traceback: the real ``topofmind`` process, real sockets, real PostgreSQL."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest


def _run(*args: str, env: dict[str, str], timeout: int = 60) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOPOFMIND_")}
    return subprocess.run([sys.executable, "-m", "server.cli", *args], env=clean | env, capture_output=True,
                          text=True, timeout=timeout)


def _one_sentence(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_a_database_url_that_is_not_one_says_how_to_write_it(tmp_path):
    line = _one_sentence(_run("actions", env={"TOPOFMIND_DATA_DIR": str(tmp_path),
                                              "TOPOFMIND_DATABASE_URL": "localhost/topofmind"}))
    assert line.startswith("Error: TOPOFMIND_DATABASE_URL is not a database URL")
    assert "postgresql://user@host/dbname" in line


def test_a_database_kind_without_a_driver_is_named(tmp_path):
    line = _one_sentence(_run("actions", env={"TOPOFMIND_DATA_DIR": str(tmp_path),
                                              "TOPOFMIND_DATABASE_URL": "mysql://sam@localhost/topofmind"}))
    assert "asks for a 'mysql' database" in line


def test_an_unreachable_postgresql_says_where_and_what_to_do(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = _one_sentence(_run("actions", env={"TOPOFMIND_DATA_DIR": str(tmp_path),
                                              "TOPOFMIND_DATABASE_URL": f"postgresql://sam:secret@127.0.0.1:{port}/tom"}))
    assert f"Cannot reach the database tom at 127.0.0.1:{port}" in line
    assert "start PostgreSQL there or correct TOPOFMIND_DATABASE_URL" in line
    assert "secret" not in line


@pytest.mark.postgres
def test_a_missing_postgresql_database_says_to_create_it(tmp_path, pg_url):
    missing = pg_url.rsplit("/", 1)[0] + "/tom_no_such_database"
    line = _one_sentence(_run("actions", env={"TOPOFMIND_DATA_DIR": str(tmp_path), "TOPOFMIND_DATABASE_URL": missing}))
    assert 'database "tom_no_such_database" does not exist' in line and "createdb" in line


def test_serving_on_a_port_in_use_refuses_before_saying_it_serves(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run("serve", "--port", str(port), env={"TOPOFMIND_DATA_DIR": str(tmp_path)})
    line = _one_sentence(result)
    assert f"Port {port} on 127.0.0.1 is already in use" in line and "--port" in line


def test_a_data_folder_that_cannot_be_created_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    line = _one_sentence(_run("actions", env={"TOPOFMIND_DATA_DIR": str(blocker / "data")}))
    assert f"Cannot create the database in {blocker / 'data'}" in line and "TOPOFMIND_DATA_DIR" in line


def test_with_no_user_the_cli_points_at_the_demos_data_folder(tmp_path):
    built = _run("demo", "--no-serve", "--today", "2026-12-07", env={"TOPOFMIND_DATA_DIR": str(tmp_path)},
                 timeout=300)
    assert built.returncode == 0, built.stderr
    assert f"export TOPOFMIND_DATA_DIR={tmp_path / 'demo'}" in built.stdout
    assert "Start the server with" in built.stdout  # --no-serve: nothing is serving yet
    line = _one_sentence(_run("actions", env={"TOPOFMIND_DATA_DIR": str(tmp_path)}))
    assert f"the demo's database is in {tmp_path / 'demo'}" in line
    on_demo = _run("actions", "--at", "2026-12-07T15:00:00+00:00", env={"TOPOFMIND_DATA_DIR": str(tmp_path / "demo")})
    assert on_demo.returncode == 0 and "Follow-ups for alex.morgan@example.com" in on_demo.stdout
