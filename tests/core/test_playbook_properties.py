"""Properties that hold for every history, the rules table, the settings, and docs/PLAYBOOK.md."""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.builders_playbook import history, interview, opportunity, person, state, touch
from topofmind.playbook import RULES, next_actions, next_actions_until, playbook_markdown
from topofmind.playbook.rules import ARTICLES
from topofmind.playbook.settings import PlaybookSettings, SettingsError
from topofmind.store.models import CHANNELS, RELATIONSHIPS, STAGES

ROOT = Path(__file__).resolve().parents[2]
# The seed articles are not part of the repository: point TOPOFMIND_SEEDS_DIR at them to check the citations.
SEEDS = Path(os.environ["TOPOFMIND_SEEDS_DIR"]) if os.environ.get("TOPOFMIND_SEEDS_DIR") else None
START = datetime(2025, 11, 1, tzinfo=UTC)
KINDS_OUT = ["application", "thank_you", "follow_up", "check_in", "acceptance", "decline", "reply", "message"]
KINDS_IN = ["confirmation", "interview_invitation", "interview_scheduled", "assessment", "rejection", "offer",
            "status_update", "outreach", "reply", "networking", "introduction", "referral"]
ROLES = ["recruiter", "hiring_manager", "interviewer", "coordinator", "referrer", "helper", "introducer"]

# More examples on demand: PLAYBOOK_EXAMPLES=3000 pytest tests/core/test_playbook_properties.py
EXAMPLES = int(os.environ.get("PLAYBOOK_EXAMPLES", "150"))
moments = st.integers(0, 200 * 24).map(lambda h: START + timedelta(hours=h))


@st.composite
def histories(draw):
    pids = list(range(1, draw(st.integers(1, 5)) + 1))
    people = [person(id=p, name=f"Person {p}", relationship=draw(st.sampled_from(RELATIONSHIPS)),
                     preferred_channel=draw(st.sampled_from([None, "email", "linkedin", "phone"])),
                     keep_in_touch=draw(st.booleans()), created_at=draw(moments)) for p in pids]
    opps = []
    for oid in range(10, 10 + draw(st.integers(0, 4))):
        contacts = tuple({(draw(st.sampled_from(pids)), draw(st.sampled_from(ROLES))) for _ in range(draw(st.integers(0, 3)))})
        opps.append(opportunity(id=oid, stage=draw(st.sampled_from(STAGES)),
                                source=draw(st.sampled_from(["online_application", "referral", "recruiter", "networking"])),
                                at=draw(moments), contacts=contacts,
                                decision_expected_by=draw(st.one_of(st.none(), st.dates(date(2025, 11, 1), date(2026, 6, 1)))),
                                offer_in_writing=draw(st.booleans())))
    oids = [o.id for o in opps] + [None]
    touches = []
    for n in range(draw(st.integers(0, 12))):
        direction = draw(st.sampled_from(["in", "out"]))
        kind = draw(st.sampled_from(KINDS_OUT + ["meeting"] if direction == "out" else KINDS_IN + ["meeting", "call"]))
        touches.append(touch(id=n + 1, at=draw(moments), direction=direction, kind=kind,
                             person_id=draw(st.sampled_from(pids + [None])), opportunity_id=draw(st.sampled_from(oids)),
                             channel=draw(st.sampled_from(CHANNELS))))
    interviews = [interview(id=100 + n, opportunity_id=draw(st.sampled_from([o.id for o in opps])), starts_at=draw(moments),
                            interviewer_ids=tuple(draw(st.sets(st.sampled_from(pids), max_size=2))),
                            minutes=draw(st.sampled_from([None, 30, 60])))
                  for n in range(draw(st.integers(0, 3)) if opps else 0)]
    tz = draw(st.sampled_from(["UTC", "America/New_York", "Asia/Kolkata", "Pacific/Auckland"]))
    return history(people=people, opportunities=opps, interviews=interviews, touches=touches, timezone=tz)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h=histories(), now=moments)
def test_every_action_is_well_formed_whatever_the_history(h, now):
    actions = next_actions(h, now, PlaybookSettings())
    keys = [a.key for a in actions]
    assert len(keys) == len(set(keys)), "keys must be unique"
    for a in actions:
        assert re.fullmatch(r"[a-z0-9_.-]+", a.key) and len(a.key) <= 200
        assert a.earliest <= a.due <= a.latest, a.key  # never due before its earliest
        assert a.article in ARTICLES
        assert a.why.endswith((".", "!")) and "None" not in a.why and "None" not in a.title
        if a.person_id is not None:
            assert a.person_id in h.people
        if a.work_outreach and a.state == "open":
            assert a.earliest.astimezone(ZoneInfo(h.timezone)).weekday() < 5


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(h=histories(), now=moments, data=st.data())
def test_the_actions_hold_until_their_horizon_whatever_the_history(h, now, data):
    """The lookups keep computed actions until this moment: any instant before it must give
    exactly the same actions (snoozes included, ending before or after ``now``)."""
    snoozes = [state(key=a.key, state="snoozed", snoozed_until=now + timedelta(hours=data.draw(st.integers(-48, 480))))
               for a in next_actions(h, now, PlaybookSettings()) if data.draw(st.booleans())]
    h = dataclasses.replace(h, action_states={s.key: s for s in snoozes})
    actions, horizon = next_actions_until(h, now, PlaybookSettings())
    assert horizon is None or horizon > now
    end = horizon or now + timedelta(days=400)
    span = int((end - now).total_seconds() * 1_000_000) - 1
    later = sorted(data.draw(st.lists(st.integers(0, span), max_size=5)) + [span])
    for micros in later:
        assert next_actions(h, now + timedelta(microseconds=micros), PlaybookSettings()) == actions, micros


@settings(max_examples=60, deadline=None)
@given(h=histories(), now=moments)
def test_the_same_situation_gives_the_same_keys_on_every_recomputation(h, now):
    first = [a.key for a in next_actions(h, now, PlaybookSettings())]
    assert first == [a.key for a in next_actions(h, now, PlaybookSettings())]


@settings(max_examples=60, deadline=None)
@given(h=histories(), now=moments)
def test_dismissing_every_action_leaves_nothing_pending(h, now):
    actions = next_actions(h, now, PlaybookSettings())
    dismissed = history(people=h.people.values(), opportunities=h.opportunities.values(), interviews=h.interviews,
                        touches=h.touches, timezone=h.timezone, states=[state(key=a.key, state="dismissed") for a in actions])
    assert all(a.state != "open" for a in next_actions(dismissed, now, PlaybookSettings()))


def test_every_rule_cites_an_existing_seed_article():
    if SEEDS is None or not SEEDS.is_dir():
        pytest.skip("set TOPOFMIND_SEEDS_DIR to the folder of the seed articles to check the citations")
    for rule in RULES:
        assert (SEEDS / rule.article).is_file(), rule.id


def test_every_rule_has_a_unique_id_and_its_own_template():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    assert {r.number for r in RULES} == set(range(0, 11))  # 0: the conversation first
    templates = ROOT / "topofmind" / "drafts" / "templates"
    for rule in RULES:
        assert (templates / f"{rule.template}.txt.j2").is_file(), rule.template


def test_docs_playbook_is_in_sync_with_the_rules_table():
    doc = (ROOT / "docs" / "PLAYBOOK.md").read_text(encoding="utf-8")
    assert doc == playbook_markdown(), "regenerate it: topofmind playbook > docs/PLAYBOOK.md"


def test_playbook_timings_follow_the_users_settings():
    doc = playbook_markdown(PlaybookSettings.from_overrides({"thank_you_hours": 12}))
    assert "within 12 hours of the interview's end" in doc


def test_settings_overrides_are_applied():
    s = PlaybookSettings.from_overrides({"min_gap_days": 21, "skip_weekends": False})
    assert s.min_gap_days == 21 and s.skip_weekends is False and s.thank_you_hours == 24


def test_settings_overrides_say_what_is_wrong():
    with pytest.raises(SettingsError) as err:
        PlaybookSettings.from_overrides({"thank_you_hourz": 12, "min_gap_days": "two weeks",
                                         "second_nudge_min_days": 20, "max_unanswered_nudges": 0})
    problems = err.value.problems
    assert any("unknown setting 'thank_you_hourz'" in p for p in problems)
    assert any("min_gap_days must be a whole number of days" in p for p in problems)
    assert any("second_nudge_min_days (20) must not exceed second_nudge_max_days (14)" in p for p in problems)
    assert any("max_unanswered_nudges must be at least 1" in p for p in problems)


def test_settings_describe_every_threshold_with_a_sentence():
    rows = PlaybookSettings.from_overrides({"min_gap_days": 21}).describe()
    gap = next(r for r in rows if r["name"] == "min_gap_days")
    assert gap == {"name": "min_gap_days", "value": 21, "default": 14, "unit": "days", "doc": gap["doc"]}
    assert all(r["doc"].endswith(".") for r in rows)


def test_stored_user_settings_leave_other_parts_keys_alone_but_check_playbook_ones():
    assert PlaybookSettings.from_user_settings({"retention_days": 400, "min_gap_days": 10}).min_gap_days == 10
    with pytest.raises(SettingsError, match="min_gap_days must be a whole number"):
        PlaybookSettings.from_user_settings({"retention_days": 400, "min_gap_days": "ten"})
