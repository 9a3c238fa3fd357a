"""`topofmind demo`: the bundled story, through the real sync path, yields the follow-ups it
was written to produce (see server/demo/mailbox.py for the story)."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _run(*args, env):
    return subprocess.run([sys.executable, "-m", "server.cli", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_demo_mailbox_yields_the_follow_ups_its_story_calls_for(tmp_path):
    env = {**os.environ, "TOPOFMIND_DATA_DIR": str(tmp_path)}
    env.pop("TOPOFMIND_DATABASE_URL", None)
    demo = _run("demo", "--no-serve", "--today", "2026-11-20", env=env)
    assert demo.returncode == 0, demo.stderr
    token = demo.stdout.strip().splitlines()[-1]
    assert token.startswith("tom_")
    env["TOPOFMIND_DATA_DIR"] = str(tmp_path / "demo")
    listed = _run("actions", "--json", "--at", "2026-11-20T18:00", env=env)
    assert listed.returncode == 0, listed.stderr
    actions = json.loads(listed.stdout)["actions"]
    seen = {(a["kind"], (a["who"] or {}).get("name"), (a.get("opportunity") or {}).get("company"))
            for a in actions}
    kinds = {k for k, _, _ in seen}
    companies = {c for _, _, c in seen}
    # The panel interview that ended yesterday: a thank-you to each interviewer.
    assert sum(1 for k, _, c in seen if k == "thank_you" and c == "Bluefin Robotics") >= 2
    # The verbal offer: get it in writing. The unanswered follow-up: one more nudge.
    assert "offer_in_writing" in kinds
    assert any(k == "second_follow_up" and c == "Harborview Logistics" for k, _, c in seen)
    # The online application two days ago: find the hiring contact.
    assert "Tessellate Labs" in companies
    # The kind rejection yesterday: a gracious reply.
    assert any(k == "rejection_reply" and c == "Quillfeather Health" for k, _, c in seen)
    # The coffee yesterday and the friend's referral.
    assert "networking_follow_up" in kinds
    assert "thank_referrer" in kinds
    # Mom answered the candidate's note about the search in everyday words: nothing is owed.
    assert not any(n == "Linda Morgan" for _, n, _ in seen)
