"""A JSONL record with plain headers is written as bytes directly (fast), and the parser reads
the same message from them as from the bytes ``EmailMessage`` builds for the same record."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from topofmind.mail.parse import parse_message
from topofmind.mail.recordbytes import plain_bytes
from topofmind.mail.records import RecordError, email_message_bytes, record_parts, record_to_bytes

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def record(**fields) -> dict:
    base = {"id": "r1", "from": "Dana Lee <dana.lee@acme-robotics.com>", "to": "sam@example.net",
            "subject": "Your interview", "date": "Tue, 10 Mar 2026 09:00:00 -0400",
            "body": "Hi Sam,\n\nCould we talk on Friday at 2pm?\n\nDana"}
    return {**base, **fields}


def read_both_ways(rec: dict):
    """(what the parser reads from record_to_bytes, from EmailMessage's bytes), sizes aside."""
    fast = parse_message(record_to_bytes(rec))
    slow = parse_message(email_message_bytes(*record_parts(rec)))
    return ({k: v for k, v in dataclasses.asdict(fast).items() if k != "size"},
            {k: v for k, v in dataclasses.asdict(slow).items() if k != "size"})


SHAPES = {
    "plain ascii": record(),
    "a name with dots and an ampersand": record(**{"from": "J. R. Okafor & Co <jr@okafor.example.com>"}),
    "accented names and a dash in the subject": record(**{"from": "Renée Álvarez <renee@example.es>",
                                                         "to": ["Łukasz Nguyễn <l@example.pl>", "b@example.com"],
                                                         "subject": "Offer — Lisbon office (#12)"}),
    "a long subject": record(subject="A quick note about the next steps for the " + "very " * 30 + "role"),
    "an ISO date": record(date="2026-03-04T10:00:00Z"),
    "a date without a zone": record(date="Tue, 3 Mar 2026 9:00:00"),
    "long lines in the body (quoted-printable)": record(body="word " * 60 + "\n" + "é" * 90),
    "mostly non-ascii body (base64)": record(body="日本語のメールです。" * 30),
    "odd line endings and a From line": record(body="From here on\r\nline with trailing space  \rend"),
    "html only": record(body="", html="<p>Thanks for applying</p>"),
    "text, html and a cancelled invitation": record(
        html="<p>Cancelled</p>", ics="BEGIN:VCALENDAR\nMETHOD:CANCEL\nBEGIN:VEVENT\nDTSTART:20260310T140000Z\n"
                                     "SUMMARY:Interview\nEND:VEVENT\nEND:VCALENDAR"),
    "an invitation": record(ics="BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nDTSTART:20260310T140000Z\n"
                                "SUMMARY:Interview\nEND:VEVENT\nEND:VCALENDAR"),
    "a body holding the boundary": record(body="--===============0==\nhello", html="<b>x</b>"),
    "extra headers": record(headers={"In-Reply-To": "<a1@mail.example.com>", "List-Unsubscribe":
                                     "<https://example.com/u?id=" + "9" * 80 + ">", "Auto-Submitted": "auto-replied",
                                     "Reply-To": "Talent <talent@acme.example.com>"}),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_record_reads_the_same_from_its_plain_bytes_as_from_email_message(shape):
    fast, slow = read_both_ways(SHAPES[shape])
    assert fast == slow


def test_every_record_of_the_own_corpus_reads_the_same_both_ways():
    for name in ("corpus.jsonl", "shapes.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            fast, slow = read_both_ways(rec)
            assert fast == slow, rec["id"]


@pytest.mark.parametrize("fields", [
    [("Subject", "=?utf-8?q?already_encoded?=")],
    [("From", "Dana <dana@acme.example.com>, <bad address>")],
    [("Subject", "x" * 200)],
    [("Message-ID", "<a@b.example.com>"), ("message-id", "<c@d.example.com>")],
    [("Content-Disposition", "attachment")],
    [("Date", "sometime next week")],
])
def test_headers_that_are_not_plain_are_left_to_email_message(fields):
    assert plain_bytes(fields, "Hello", None, None) is None


def test_a_repeated_message_id_is_still_a_record_error():
    with pytest.raises(RecordError, match="unusable header value"):
        record_to_bytes(record(headers={"Message-ID": ["<a@b.example.com>", "<c@d.example.com>"]}))


def test_a_lone_surrogate_is_a_record_error_not_a_crash():
    with pytest.raises(RecordError, match="cannot be encoded"):
        record_to_bytes(record(body="half a character: \ud800"))


def test_a_subject_reads_back_exactly_as_written_even_where_the_stdlib_folding_drops_a_space():
    # EmailMessage's folding puts "técnico" in an encoded word and the parser then loses the
    # space before "(#7)"; the encoded words written here keep it.
    subject = "Re: [acme/desafio] Prazo técnico (#7) — próxima etapa"
    parsed = parse_message(record_to_bytes(record(subject=subject, **{"from": "Jürgen Ä <j@acme.example>"})))
    assert parsed.subject == subject
    assert (parsed.from_.name, parsed.from_.address) == ("Jürgen Ä", "j@acme.example")
