"""The CLI contract: notify add|list|remove|test, digest [--user] [--at] [--send], feed url [--rotate]."""

from __future__ import annotations

from click.testing import CliRunner

from server.cli import main
from tests.builders import make_user
from tests.server.conftest import seed_job_search


def _run(db_url, box_key, *args, public=None):
    env = {"TOPOFMIND_DATABASE_URL": db_url, "TOPOFMIND_SECRET_KEY": box_key, "TOPOFMIND_PUBLIC_URL": public or ""}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_notify_refuses_a_bad_url_with_the_reason_then_adds_lists_tests_and_removes(
        db_url, Session, now, box_key, hook):
    with Session() as s:
        make_user(s, email="sam@example.net")
        s.commit()
    bad = _run(db_url, box_key, "notify", "add", "tgram://")
    assert bad.exit_code == 2 and "Telegram" in bad.output
    secret = f"json://sam:pw-12345678@127.0.0.1:{hook.port}/hook"
    added = _run(db_url, box_key, "notify", "add", secret)
    assert added.exit_code == 0 and "json://sam:****@" in added.output and "pw-12345678" not in added.output
    listed = _run(db_url, box_key, "notify", "list")
    assert "#1  json://sam:****@" in listed.output and "not used yet" in listed.output
    tested = _run(db_url, box_key, "notify", "test")
    assert tested.exit_code == 0 and "delivered to #1" in tested.output
    assert hook.to("hook")[0]["title"] == "topofmind: test"
    assert "last delivered" in _run(db_url, box_key, "notify", "list").output
    assert _run(db_url, box_key, "notify", "remove", "7").exit_code == 2
    assert _run(db_url, box_key, "notify", "remove", "1").exit_code == 0
    assert "no channel yet" in _run(db_url, box_key, "notify", "list").output


def test_digest_prints_what_would_go_out_and_send_says_where_it_went(db_url, Session, now, box_key, hook):
    with Session() as s:
        user = make_user(s, email="sam@example.net")
        seed_job_search(s, user, now, suffix="a")
        s.commit()
    shown = _run(db_url, box_key, "digest", "--user", "sam@example.net", "--at", "2026-03-18",
                 public="https://tom.example")
    assert shown.exit_code == 0
    assert "DUE TODAY" in shown.output and "Wed 18 Mar 2026" in shown.output
    assert "Draft and buttons: https://tom.example/#action-" in shown.output
    _run(db_url, box_key, "notify", "add", hook.url())
    sent = _run(db_url, box_key, "digest", "--at", "2026-03-18T08:00", "--send")
    assert sent.exit_code == 0 and sent.output.strip().splitlines()[-1].startswith("delivered to #1 json://")
    assert "DUE TODAY" in hook.to("hook")[0]["message"]
    hook.fail_next = 1
    failed = _run(db_url, box_key, "digest", "--at", "2026-03-18T08:00", "--send")
    assert failed.exit_code == 1 and "FAILED" in failed.output
    assert _run(db_url, box_key, "digest", "--at", "yesterday").exit_code == 2


def test_feed_url_prints_the_url_last_from_the_public_url_and_rotate_changes_it(db_url, Session, box_key):
    with Session() as s:
        make_user(s, email="sam@example.net")
        s.commit()
    first = _run(db_url, box_key, "feed", "url").output.strip().splitlines()[-1]
    assert first.startswith("http://127.0.0.1:8765/feed/") and first.endswith(".ics")
    assert _run(db_url, box_key, "feed", "url").output.strip().splitlines()[-1] == first
    rotated = _run(db_url, box_key, "feed", "url", "--rotate", public="https://tom.example/").output
    last = rotated.strip().splitlines()[-1]
    assert last.startswith("https://tom.example/feed/") and last.rsplit("/", 1)[1] != first.rsplit("/", 1)[1]


def test_rotate_key_re_encrypts_channels_and_the_feed_secret(db_url, Session, box_key, hook):
    with Session() as s:
        make_user(s, email="sam@example.net")
        s.commit()
    _run(db_url, box_key, "notify", "add", hook.url())
    url = _run(db_url, box_key, "feed", "url").output.strip().splitlines()[-1]
    rotated = _run(db_url, box_key, "rotate-key")
    assert rotated.exit_code == 0 and "re-encrypted 2 credentials" in rotated.output
    new_key = rotated.output.strip().splitlines()[-1]
    assert _run(db_url, new_key, "notify", "test").exit_code == 0 and len(hook.to("hook")) == 1
    assert _run(db_url, new_key, "feed", "url").output.strip().splitlines()[-1] == url
