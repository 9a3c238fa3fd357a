"""The labelled corpus is complete, valid, reproducible and varied enough to measure a
classifier that must generalise (issue 3, "Corpus and accuracy")."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import datetime
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

import icalendar
import pytest

from topofmind.store.models import CATEGORIES, INCOMING_CATEGORIES, OUTGOING_KINDS

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_corpus  # noqa: E402
from corpus_slots import SYSTEMS  # noqa: E402
from corpus_world import VENDORS  # noqa: E402

NOISE = {"job_alert_or_newsletter", "not_job_related"}
BOARD_NAMES = {"greenhouse", "lever", "workday", "ashby", "icims", "smartrecruiters", "workable", "bamboohr",
               "jobvite", "taleo", "linkedin", "indeed", "glassdoor", "ziprecruiter", "calendly", "goodtime",
               "hackerrank", "codility", "codesignal", "teamtailor", "recruitee", "personio", "docusign"}


@pytest.fixture(scope="module")
def corpus() -> list[dict]:
    with open(HERE / "corpus.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_committed_corpus_is_exactly_what_the_seeded_builder_produces(corpus):
    assert build_corpus.build() == corpus
    assert build_corpus.readme(corpus) == (HERE / "README.md").read_text(encoding="utf-8")


def test_every_category_has_enough_messages(corpus):
    assert len(corpus) >= 420
    incoming = Counter(m["label"]["category"] for m in corpus if m["label"]["direction"] == "in")
    for category in INCOMING_CATEGORIES:
        assert incoming[category] >= 28, category
    outgoing = [m for m in corpus if m["label"]["category"] == "outgoing"]
    assert len(outgoing) >= 40
    assert {m["label"]["outgoing_kind"] for m in outgoing} == set(OUTGOING_KINDS)
    personal_out = [m for m in corpus if m["label"]["direction"] == "out" and m["label"]["category"] == "not_job_related"]
    assert personal_out
    assert sum(1 for m in corpus if m["label"]["category"] in NOISE) >= 60


def test_labels_use_the_shared_vocabulary(corpus):
    ids = [m["id"] for m in corpus]
    assert len(set(ids)) == len(ids)
    for m in corpus:
        label = m["label"]
        assert label["category"] in CATEGORIES
        assert label["direction"] in ("in", "out")
        assert (label["outgoing_kind"] in OUTGOING_KINDS) == (label["category"] == "outgoing")
        if label["category"] in NOISE:
            assert label["company"] is None and label["role"] is None and label["job_id"] is None
        if label["company"]:
            assert label["company"].lower().split()[0] not in BOARD_NAMES
        if label["role"]:
            assert label["role"] in m["subject"] + m["body"] + m.get("html", "")


def test_messages_are_in_the_classify_jsonl_input_format(corpus):
    candidates = set(json.loads((HERE / "candidates.json").read_text()))
    for m in corpus:
        assert {"id", "from", "to", "subject", "date", "body"} <= set(m)
        assert parsedate_to_datetime(m["date"]).tzinfo is not None
        assert m["body"] or m.get("html")
        sender = getaddresses([m["from"]])[0][1].lower()
        assert (sender in candidates) == (m["label"]["direction"] == "out")
        assert not re.search(r"[«»]|\[\[|\]\]|\{[a-z_]+\}", m["subject"] + m["body"] + m.get("html", ""))


def test_many_vendors_and_employers_with_realistic_sender_domains(corpus):
    vendors = Counter(m["label"]["vendor"] for m in corpus)
    assert len([v for v in vendors if v in SYSTEMS]) >= 14
    employers = {m["label"]["company"] for m in corpus if m["label"]["company"]}
    assert len(employers) >= 40
    ats = [m for m in corpus if m["label"]["vendor"] in VENDORS]
    for m in ats:  # the ATS writes, the employer is only named
        domain = getaddresses([m["from"]])[0][1].split("@")[1]
        assert any(key in domain for key in ("greenhouse", "lever", "myworkday", "ashby", "icims", "smartrecruiters",
                                              "workable", "bamboohr", "jobvite", "taleo", "teamtailor", "recruitee",
                                              "personio")), m["from"]


def test_calendar_invites_parse_and_agree_with_the_labelled_interview_time(corpus):
    invites = [m for m in corpus if m.get("ics")]
    assert len(invites) >= 25
    for m in invites:
        cal = icalendar.Calendar.from_ical(m["ics"])
        assert str(cal["METHOD"]) == "REQUEST"
        event = next(iter(cal.walk("VEVENT")))
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None and event.get("ORGANIZER") and event.get("LOCATION")
        if m["label"]["interview_at"]:
            assert datetime.fromisoformat(m["label"]["interview_at"]) == start


def test_structure_varies_like_real_mail(corpus):
    html_only = [m for m in corpus if m["body"] == ""]
    quoted = [m for m in corpus if re.search(r"^On .+wrote:$|^From: .+\nSent: ", m["body"], re.M)]
    forwarded = [m for m in corpus if "Forwarded message" in m["body"] or "Original Message" in m["body"]]
    bulk = [m for m in corpus if m["label"]["category"] in NOISE]
    unmarked_bulk = [m for m in bulk if "List-Unsubscribe" not in m.get("headers", {})]
    assert len(html_only) >= 20 and len(quoted) >= 20 and len(forwarded) >= 4
    assert 10 <= len(unmarked_bulk) < len(bulk)
    offers_named_next_steps = [m for m in corpus if m["label"]["category"] == "offer" and m["subject"].startswith("Next steps")]
    assert offers_named_next_steps
