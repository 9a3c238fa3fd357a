"""docker-compose.yml names what it must, and the commands its services run work here.

There is no Docker engine on this machine: the compose file is checked as data, and each
service's exact command is run as a process against this machine's PostgreSQL, in a
fresh database, with the environment from .env.example (the database URL pointed at
127.0.0.1 and a real secret key filled in).
"""

from __future__ import annotations

import inspect as inspect_module
import json
import os
import shlex
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
import yaml
from sqlalchemy import inspect, text

from sync import config as config_module
from sync.config import Config
from sync.secrets import SecretBox
from tests.conftest import PG_ADMIN_URL
from topofmind.store.database import make_engine

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_compose_runs_postgres_with_a_volume_and_a_healthcheck(compose):
    pg = compose["services"]["postgres"]
    assert pg["image"].startswith("postgres:")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in pg["volumes"])
    assert pg["volumes"][0].split(":")[0] in compose["volumes"]
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])


def test_server_and_two_sync_replicas_share_one_image_and_the_env_file(compose):
    server, sync = compose["services"]["server"], compose["services"]["sync"]
    assert server["image"] == sync["image"] and server["build"] == sync["build"] == "."
    assert (ROOT / "Dockerfile").exists()
    assert server["env_file"] == sync["env_file"] == ".env"
    assert sync["deploy"]["replicas"] == 2
    for svc in (server, sync):
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "gunicorn" in " ".join(server["command"]) and "server.wsgi:app" in " ".join(server["command"])
    assert "topofmind db upgrade" in " ".join(server["command"])  # migrations on start
    assert sync["command"][:2] == ["topofmind", "sync"] and sync["stop_signal"] == "SIGTERM"


def test_every_setting_in_env_example_is_one_the_program_reads(compose):
    env = _env_example()
    env["TOPOFMIND_SECRET_KEY"] = SecretBox.generate_key()
    config = Config.from_env(env)
    assert config.database_url == env["TOPOFMIND_DATABASE_URL"]
    assert config.sync_interval_seconds == int(env["TOPOFMIND_SYNC_INTERVAL"])
    source = inspect_module.getsource(config_module)
    unread = [k for k in env if k.startswith("TOPOFMIND_") and f'"{k}"' not in source]
    assert unread == []
    # The compose file takes the database password from the same file.
    assert "${POSTGRES_PASSWORD" in compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    assert f":{env['POSTGRES_PASSWORD']}@postgres:5432/" in env["TOPOFMIND_DATABASE_URL"]


@pytest.fixture
def fresh_pg():
    """An empty PostgreSQL database, as the compose postgres service starts with."""
    try:
        admin = make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        name = f"tom_deploy_{uuid.uuid4().hex[:8]}"
        with admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _service_env(service: dict, db_url: str, tmp_path: Path) -> dict:
    env = dict(os.environ)
    env.update(_env_example())
    env.update({k: str(v) for k, v in (service.get("environment") or {}).items()})
    env.update(TOPOFMIND_DATABASE_URL=db_url, TOPOFMIND_SECRET_KEY=SecretBox.generate_key(),
               TOPOFMIND_DATA_DIR=str(tmp_path), PATH=f"{BIN}:{env['PATH']}")
    return env


@pytest.mark.postgres
@pytest.mark.slow
def test_the_services_commands_migrate_a_fresh_database_serve_and_sync(compose, fresh_pg, tmp_path):
    services = compose["services"]
    server_env = _service_env(services["server"], fresh_pg, tmp_path)
    port = _free_port()
    server_env["PORT"] = str(port)
    sync_env = _service_env(services["sync"], fresh_pg, tmp_path)
    sync_env["TOPOFMIND_SECRET_KEY"] = server_env["TOPOFMIND_SECRET_KEY"]
    logs = [tmp_path / f"sync{i}.log" for i in range(2)]
    procs = [subprocess.Popen(services["server"]["command"], env=server_env, stdout=subprocess.DEVNULL,
                              stderr=open(tmp_path / "server.log", "w"), start_new_session=True)]
    # Both replicas start together with the server: the advisory lock serialises migrations.
    procs += [subprocess.Popen(services["sync"]["command"] + ["--tick", "0.5"], env=sync_env,
                               stdout=subprocess.DEVNULL, stderr=open(log, "w")) for log in logs]
    try:
        deadline = time.monotonic() + 45
        answer = None
        while time.monotonic() < deadline and answer is None:
            assert all(p.poll() is None for p in procs), (tmp_path / "server.log").read_text()[-2000:]
            try:
                answer = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).status
            except urllib.error.HTTPError as exc:
                answer = exc.code
            except OSError:
                time.sleep(0.3)
        assert answer is not None and answer < 500, "gunicorn did not answer"

        def started(log):
            return any(json.loads(line).get("event") == "daemon.started"
                       for line in log.read_text().splitlines() if line.startswith("{"))

        while time.monotonic() < deadline and not all(started(log) for log in logs):
            time.sleep(0.2)
        assert all(started(log) for log in logs), [log.read_text()[-1000:] for log in logs]
        engine = make_engine(fresh_pg)
        assert {"mail_accounts", "ledger", "messages"} <= set(inspect(engine).get_table_names())
        engine.dispose()
    finally:
        os.killpg(procs[0].pid, signal.SIGTERM)
        for p in procs[1:]:
            p.send_signal(signal.SIGTERM)
        codes = [p.wait(timeout=30) for p in procs]
    assert codes[1:] == [0, 0], "the sync daemons must exit cleanly on SIGTERM"


def test_the_compose_command_strings_are_plain_argv(compose):
    # exec-form commands: SIGTERM reaches topofmind/gunicorn itself, not a shell.
    for name in ("server", "sync"):
        command = compose["services"][name]["command"]
        assert isinstance(command, list)
    assert shlex.split(compose["services"]["server"]["command"][-1])[-1] == "server.wsgi:app"
