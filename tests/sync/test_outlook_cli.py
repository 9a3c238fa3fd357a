"""``topofmind accounts add-outlook``: the device-code flow, run as a user would, stdin closed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

from sqlalchemy import select

from sync.config import Config
from sync.outlook import OutlookSource
from sync.secrets import SecretBox
from topofmind.store import models

KEY = SecretBox.generate_key()
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def wait_for(condition, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the command never polled"
        time.sleep(0.05)


def cli_env(ms, db_url, tmp_path, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOPOFMIND_")}
    # The machine's REQUESTS_CA_BUNDLE stays set: TOPOFMIND_CA_BUNDLE must win over it.
    env["REQUESTS_CA_BUNDLE"] = env["CURL_CA_BUNDLE"] = "/etc/ssl/certs/ca-certificates.crt"
    env.update(ms.env(), TOPOFMIND_DATABASE_URL=db_url, TOPOFMIND_SECRET_KEY=KEY,
               TOPOFMIND_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1", **extra)
    return env


def add_outlook(env, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "server.cli", "accounts", "add-outlook", *args],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)


def test_device_flow_connects_a_mailbox_that_later_syncs_without_sign_in(ms, db_url, Session, tmp_path):
    proc = add_outlook(cli_env(ms, db_url, tmp_path), "--address", "Sam@Contoso.example")
    try:
        printed = []
        for line in proc.stdout:
            printed.append(line)
            if code := re.search(r"enter the code (\w+)", line):
                break
        assert code, "".join(printed) + proc.stderr.read()
        assert ms.identity.server.base_url + "/devicelogin" in printed[-1]
        wait_for(lambda: DEVICE_GRANT in ms.identity.token_requests)  # it polled while pending
        ms.identity.approve_device(code.group(1))
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "connected Outlook mailbox sam@contoso.example" in out
    assert ms.identity.too_early_polls == 0  # polled no faster than the interval given
    assert ms.identity.token_requests.count(DEVICE_GRANT) >= 2

    with Session() as s:
        account = s.scalar(select(models.MailAccount).where(models.MailAccount.provider == "outlook"))
        assert account.address == "sam@contoso.example" and account.status == "active"
        sealed = account.credentials_encrypted
    assert b"refresh" not in sealed.lower()  # encrypted at rest
    ms.graph.add_message("inbox", subject="Interview on Friday")
    config = Config.from_env(ms.env())
    src = OutlookSource(config, credentials=SecretBox(KEY).decrypt(sealed), on_credentials_changed=print)
    assert [b.messages[0].labels for b in src.changes(None) if b.messages] == [("inbox",)]
    assert "authorization_code" not in ms.identity.token_requests
    assert ms.identity.token_requests.count("refresh_token") == 0


def test_without_an_app_registration_it_says_which_setting_is_missing(ms, db_url, tmp_path):
    env = cli_env(ms, db_url, tmp_path)
    del env["TOPOFMIND_MS_CLIENT_ID"]
    out, err = add_outlook(env, "--address", "sam@contoso.example").communicate(timeout=60)
    assert "TOPOFMIND_MS_CLIENT_ID" in err and "README" in err


def test_help_describes_the_device_code_sign_in(ms, db_url, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "server.cli", "accounts", "add-outlook", "--help"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                          env=cli_env(ms, db_url, tmp_path))
    assert proc.returncode == 0 and "--address" in proc.stdout and "device code" in proc.stdout
