from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.core.test_understand_builders import ics_event, raw_message
from topofmind.mail.parse import MAX_TEXT_CHARS, ParseError, parse_message

MALFORMED = Path(__file__).resolve().parent.parent / "data" / "malformed"


def test_headers_addresses_and_date_are_normalized():
    raw = raw_message(sender='"Dana Lee" <Dana.Lee@Acme-Robotics.com>', cc="kim@acme-robotics.com",
                      headers={"Reply-To": "jobs@acme-robotics.com", "In-Reply-To": "<a@b>",
                               "References": "<x@y> <a@b>"})
    p = parse_message(raw)
    assert p.from_.address == "dana.lee@acme-robotics.com" and p.from_.name == "Dana Lee"
    assert [a.address for a in p.to] == ["sam@example.net"]
    assert [a.address for a in p.cc] == ["kim@acme-robotics.com"]
    assert [a.address for a in p.reply_to] == ["jobs@acme-robotics.com"]
    assert p.date == datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert p.in_reply_to == "<a@b>" and p.references == ["<x@y>", "<a@b>"]
    assert p.defects == []


def test_html_only_message_becomes_readable_text():
    html = "<html><head><style>p{color:red}</style></head><body><table><tr><td><p>Hello&nbsp;Sam</p>" \
           "<p>Your <b>interview</b> is confirmed.</p><blockquote>old reply</blockquote></td></tr></table></body></html>"
    p = parse_message(raw_message(body="", html=html))
    assert "Hello Sam" in p.text and "Your interview is confirmed." in p.text
    assert "color:red" not in p.text
    assert "> old reply" in p.text


def test_encoded_subject_and_non_ascii_names_are_decoded():
    p = parse_message(raw_message(sender="Zoë Müller <zoe@koyo.jp>", subject="Entretien confirmé ✓"))
    assert p.subject == "Entretien confirmé ✓" and p.from_.name == "Zoë Müller"


def test_calendar_part_gives_method_start_organizer_and_attendees():
    p = parse_message(raw_message(ics=ics_event()))
    (event,) = p.calendar
    assert event.method == "REQUEST"
    assert event.start.isoformat() == "2026-03-10T14:00:00-04:00"
    assert event.organizer.address == "dana.lee@acme-robotics.com"
    assert {a.address for a in event.attendees} == {"sam@example.net", "kim.park@acme-robotics.com"}
    assert event.location == "https://zoom.us/j/123"


def test_bulk_headers_are_kept():
    p = parse_message(raw_message(headers={"List-Unsubscribe": "<mailto:u@x.com>", "Precedence": "bulk"}))
    assert p.is_bulk and p.headers["precedence"] == "bulk"


def test_unknown_charset_is_a_defect_not_a_crash():
    raw = (b"From: a@b.com\r\nSubject: hi\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\n"
           b"caf\xe9 ol\xe9")
    p = parse_message(raw)
    assert "caf" in p.text
    assert any("charset" in d for d in p.defects)


def test_latin1_bytes_in_a_utf8_body_are_replaced_and_recorded():
    raw = b"From: a@b.com\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nna\xefve"
    p = parse_message(raw)
    assert p.text.startswith("na") and any("not valid utf-8" in d for d in p.defects)


def test_missing_date_and_from_are_recorded_as_defects():
    p = parse_message(b"Subject: only a subject\r\n\r\nbody text")
    assert p.from_ is None and p.date is None
    assert "no Date header" in p.defects and "no usable From address" in p.defects


def test_empty_input_is_a_clear_parse_error():
    with pytest.raises(ParseError, match="empty"):
        parse_message(b"  \r\n ")


def test_huge_message_keeps_capped_text_and_skips_attachments():
    big_text = ("word " * 600_000).encode()  # 3 MB of text
    attachment = b"A" * 12_000_000
    raw = (b"From: a@b.com\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\n"
           + big_text + b"\r\n--XX\r\nContent-Type: application/octet-stream\r\n"
           b"Content-Disposition: attachment; filename=a.bin\r\n\r\n" + attachment + b"\r\n--XX--\r\n")
    p = parse_message(raw)
    assert p.size == len(raw)
    assert 0 < len(p.text) <= MAX_TEXT_CHARS
    assert any("only the first" in d for d in p.defects)


@pytest.mark.parametrize("sample", sorted(MALFORMED.glob("*.eml")), ids=lambda p: p.stem)
def test_malformed_samples_parse_or_fail_with_a_reason(sample):
    raw = sample.read_bytes()
    try:
        p = parse_message(raw)
    except ParseError as exc:
        assert exc.reason
        assert not raw.strip() or "no headers" in exc.reason
        return
    assert isinstance(p.text, str) and isinstance(p.subject, str)


# The parser reads headers under compat32 and decodes them itself (parse.py says why); what a
# user sees must be what the stdlib's policy.default reading gives, up to two deliberate
# differences: runs of whitespace (a folded header's tab) read as one space, and raw UTF-8
# in a header reads as text where policy.default leaves surrogate escapes.
HEADER_CASES = [
    b"From: =?utf-8?q?Ren=C3=A9e_Dubois?= <renee@orchard.example>\r\n"
    b"To: \"Morgan, Alex\" <alex@example.com>, bo@example.com\r\n"
    b"Subject: =?utf-8?b?SW50ZXJ2aWV3IOKAkyBuw6RjaHN0ZSBXb2NoZQ==?=\r\n",
    b"From: =?iso-8859-1?q?J=FCrgen_M=FCller?= <jm@firma.example>\r\n"
    b"To: alex@example.com\r\nCc: =?iso-8859-1?q?Fran=E7oise?= <fr@firma.example>\r\n"
    b"Subject: =?iso-8859-1?q?R=E9ponse_=E0_votre_candidature?=\r\n",
    "From: Zoë Ångström <zoe@example.org>\r\nTo: alex@example.com\r\n"
    "Subject: Café chat — next week?\r\n".encode(),
    b"From: Talent Team <no-reply@us.greenhouse-mail.io>\r\nTo: alex@example.com\r\n"
    b"Subject: Thank you for applying to\r\n Northwind Analytics (Senior Data\r\n\tAnalyst)\r\n",
    b"From: =?utf-8?q?=E5=B1=B1=E7=94=B0_=E5=A4=AA=E9=83=8E?= <taro@example.jp>\r\n"
    b"To: Alex <alex@example.com>\r\nSubject: =?utf-8?q?Re=3A_=E9=9D=A2=E6=8E=A5?= =?utf-8?q?_schedule?=\r\n",
]


@pytest.mark.parametrize("head", HEADER_CASES, ids=range(len(HEADER_CASES)))
def test_decoded_headers_read_as_the_stdlib_default_policy_reads_them(head):
    import email
    from email import policy

    raw = head + b"Date: Mon, 02 Mar 2026 09:30:00 +0000\r\nMessage-ID: <x@example.com>\r\n\r\nHello\r\n"
    ours = parse_message(raw)
    ref = email.message_from_bytes(raw, policy=policy.default)

    def text(value) -> str:
        return " ".join(str(value).encode("utf-8", "surrogateescape").decode("utf-8").split())

    assert ours.subject == text(ref["subject"])
    sender = ref["from"].addresses[0]
    assert (ours.from_.name or "", ours.from_.address) == (text(sender.display_name),
                                                          sender.addr_spec.lower())
    for ours_list, name in ((ours.to, "to"), (ours.cc, "cc")):
        want = [(text(a.display_name), a.addr_spec.lower())
                for a in ref[name].addresses] if ref[name] else []
        assert [(a.name or "", a.address) for a in ours_list] == want
