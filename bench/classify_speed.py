"""Throughput of parse + classify + extract on one core, and memory as the count grows.

    .venv/bin/python bench/classify_speed.py [--messages 10000] [--fuzz 20000]

The corpus messages are turned into RFC 822 bytes once (outside the timing), then
``understand_bytes`` runs over them round-robin until ``--messages`` are done. Peak memory
(tracemalloc, in a separate pass so that tracing does not slow the timed one) is reported
after 1,000 and after all messages: flat means it does not grow with the count.
``--fuzz N`` also runs N mutated messages (flipped bytes, cuts, odd charsets and
boundaries) and reports how many raised anything but ParseError (it must be 0).
Target: >= 1,000 messages/s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
import timeit
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topofmind.mail.parse import ParseError  # noqa: E402
from topofmind.mail.records import record_to_bytes  # noqa: E402
from topofmind.mail.understand import understand_bytes  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus" / "corpus.jsonl"
CANDIDATES = ROOT / "tests" / "data" / "corpus" / "candidates.json"
MALFORMED = ROOT / "tests" / "data" / "malformed"


def load_messages() -> list[bytes]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [record_to_bytes(json.loads(line)) for line in lines if line.strip()]


def run(messages: list[bytes], count: int, me: frozenset[str]) -> None:
    n = len(messages)
    for i in range(count):
        understand_bytes(messages[i % n], me=me)


def mutate(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        if op == 0 and data:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1 and data:
            data = data[: rng.randrange(len(data))]
        elif op == 2:
            cs = rng.choice([b"x-unknown", b"utf-16", b"shift_jis", b"", b"koi8-r", b"utf\x00-8"])
            data = data.replace(b"charset=", b"charset=" + cs + b";x=")
        elif op == 3:
            data = data.replace(b"boundary=", b"boundary=" + bytes(rng.randrange(32, 127) for _ in range(3)))
        elif data:
            i = rng.randrange(len(data))
            data[i:i] = data[max(0, i - 200):i]
    return bytes(data)


def fuzz(messages: list[bytes], count: int, me: frozenset[str]) -> tuple[int, int, list[str]]:
    rng = random.Random(20261122)
    seeds = messages + [p.read_bytes() for p in sorted(MALFORMED.glob("*.eml")) if p.stat().st_size < 300_000]
    parse_errors, crashes = 0, []
    for _ in range(count):
        raw = mutate(rng.choice(seeds), rng)
        try:
            understand_bytes(raw, me=me)
        except ParseError:
            parse_errors += 1
        except Exception as exc:  # what the fuzz loop is looking for
            crashes.append(f"{type(exc).__name__}: {exc}"[:200])
    return count, parse_errors, crashes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--messages", type=int, default=10_000)
    ap.add_argument("--fuzz", type=int, default=0, help="also try N mutated messages")
    args = ap.parse_args()
    me = frozenset(a.lower() for a in json.loads(CANDIDATES.read_text()))
    messages = load_messages()
    total_bytes = sum(len(m) for m in messages)
    print(f"corpus: {len(messages)} messages, {total_bytes / len(messages):.0f} bytes on average")
    # How fast this machine is right now (shared cores slow everything down): a modern idle
    # core runs this in about 15-20 ms; scale the figures below accordingly.
    calibration = min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000
    print(f"calibration: sum(range(10**6)) takes {calibration:.1f} ms here; "
          f"load average {os.getloadavg()[0]:.1f}")

    run(messages, min(500, args.messages), me)  # warm caches (regex compilation, zoneinfo)
    start, cpu_start = time.perf_counter(), time.process_time()
    run(messages, args.messages, me)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    # CPU time is what one core spent on this process; wall time also counts waiting for
    # the core when other work shares the machine (both are printed).
    print(f"{args.messages} messages: {cpu:.2f} s of CPU on one core = {args.messages / cpu:,.0f} messages/s"
          f"   target >= 1,000")
    print(f"  (wall clock {elapsed:.2f} s = {args.messages / elapsed:,.0f} messages/s; "
          f"load average {os.getloadavg()[0]:.1f})")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    run(messages, 1_000, me)
    _, peak_1k = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    run(messages, args.messages, me)
    _, peak_all = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak traced memory: {peak_1k / 1e6:.2f} MB at 1,000 messages, "
          f"{peak_all / 1e6:.2f} MB at {args.messages:,} messages")
    print(f"process peak RSS: {rss_before:.0f} MB after the timed run, {rss_after:.0f} MB after "
          f"{1_000 + args.messages:,} more messages")

    big = (b"From: a@b.com\r\nSubject: big\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
           b"--XX\r\nContent-Type: text/plain\r\n\r\nThank you for applying.\r\n--XX\r\n"
           b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=cv.pdf\r\n"
           b"Content-Transfer-Encoding: base64\r\n\r\n" + b"QUJD" * 5_000_000 + b"\r\n--XX--\r\n")
    start = time.perf_counter()
    understand_bytes(big, me=me)
    print(f"one {len(big) / 1e6:.0f} MB message: {time.perf_counter() - start:.2f} s")

    if args.fuzz:
        tried, parse_errors, crashes = fuzz(messages, args.fuzz, me)
        print(f"fuzz: {tried} mutated messages, {parse_errors} ParseError, {len(crashes)} crashes")
        for crash in crashes[:10]:
            print("   ", crash)
        if crashes:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
