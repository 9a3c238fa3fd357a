"""Fuzzing: no input makes parsing or understanding raise anything but ParseError."""

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.test_understand_builders import ME, ics_event, raw_message
from topofmind.mail.parse import ParseError, parse_message
from topofmind.mail.understand import understand

MALFORMED = Path(__file__).resolve().parent.parent / "data" / "malformed"
SEEDS = [
    raw_message(subject="Interview confirmed", body="Your interview is on Tuesday, March 10 at 2 PM ET.",
                ics=ics_event()),
    raw_message(sender="Acme via Greenhouse <no-reply@greenhouse.io>", subject="Thank you for applying",
                body="", html="<p>We received your <b>application</b> for the Data Engineer role.</p>"),
    *[p.read_bytes() for p in sorted(MALFORMED.glob("*.eml")) if p.stat().st_size < 200_000],
]
CHARSETS = ["utf-8", "latin-1", "x-unknown", "utf-16", "shift_jis", "", "koi8-r", "us-ascii\x00"]


def survives(raw: bytes) -> None:
    try:
        parsed = parse_message(raw)
    except ParseError as exc:
        assert exc.reason
        return
    u = understand(parsed, me=ME)
    assert u.category and 0.0 <= u.confidence <= 1.0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_random_bytes_never_crash(raw):
    survives(raw)


def _mutate(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 and data:  # flip bytes
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1 and data:  # cut at a random point
            data = data[: rng.randrange(len(data))]
        elif op == 2:  # a random charset
            data = data.replace(b"charset=", b"charset=" + rng.choice(CHARSETS).encode() + b";x=")
        elif op == 3:  # a random boundary
            data = data.replace(b"boundary=", b"boundary=" + bytes(rng.randrange(32, 127) for _ in range(3)))
        elif data:  # duplicate a random slice
            i = rng.randrange(len(data))
            data[i:i] = data[max(0, i - 200):i]
    return bytes(data)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SEEDS) - 1), st.integers(min_value=0, max_value=2**32))
def test_mutated_real_looking_messages_never_crash(index, seed):
    survives(_mutate(SEEDS[index], random.Random(seed)))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.text(max_size=60), st.sampled_from(CHARSETS))
def test_arbitrary_text_in_headers_and_body_never_crashes(body, subject, charset):
    raw = (f"From: {subject} <x@y.com>\r\nSubject: {subject}\r\n"
           f"Content-Type: text/plain; charset={charset}\r\n\r\n{body}").encode("utf-8", "surrogatepass")
    survives(raw)
