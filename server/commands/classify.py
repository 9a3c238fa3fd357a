"""``topofmind classify``: what each message is, as JSON lines, without a database."""

from __future__ import annotations

import json
import mailbox
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from server.commands.classify_train import train_command
from topofmind.mail.facts import message_facts
from topofmind.mail.parse import ParseError
from topofmind.mail.records import RecordError, record_to_bytes
from topofmind.mail.understand import understand_bytes

MAX_FILE_BYTES = 50_000_000


_OUTPUT_FACTS = ("company", "role", "job_id", "interview_at", "timeline_until")


def _result(item_id: str, u) -> dict:
    facts = message_facts(u)
    return {
        "id": item_id,
        "category": u.category,
        "confidence": u.confidence,
        "direction": u.direction,
        **{name: facts[name] for name in _OUTPUT_FACTS},
        "reasons": u.reasons,
        **({"outgoing_kind": u.outgoing_kind} if u.outgoing_kind else {}),
    }


def _error(item_id: str, message: str) -> dict:
    return {"id": item_id, "category": None, "error": message}


def _jsonl(lines, source: str) -> Iterator[tuple[str, bytes | None, str | None]]:
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            line = line.decode("utf-8", errors="replace")
        if not line.strip():
            continue
        fallback = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield fallback, None, f"line {number} is not JSON: {exc.msg}"
            continue
        item_id = str(record.get("id", fallback)) if isinstance(record, dict) else fallback
        try:
            yield item_id, record_to_bytes(record), None
        except RecordError as exc:
            yield item_id, None, f"line {number}: {exc}"


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(5) == b"From "


def _items(path_arg: str) -> Iterator[tuple[str, bytes | None, str | None]]:
    if path_arg == "-":
        yield from _jsonl(sys.stdin.buffer, "stdin")
        return
    path = Path(path_arg)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.eml") if p.is_file())
        if not files:
            yield str(path), None, "folder holds no .eml files"
        for file in files:
            yield from _items(str(file))
        return
    if not path.is_file():
        yield str(path), None, "no such file or folder"
        return
    if path.stat().st_size > MAX_FILE_BYTES and path.suffix.lower() == ".eml":
        yield str(path), None, f"file is larger than {MAX_FILE_BYTES} bytes"
        return
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        with path.open("rb") as fh:
            yield from _jsonl(fh, str(path))
        return
    if path.suffix.lower() != ".eml" and _is_mbox(path):
        box = mailbox.mbox(str(path), create=False)
        try:
            for index, key in enumerate(box.iterkeys()):
                try:
                    raw = box.get_bytes(key)
                except Exception as exc:  # a damaged entry must not stop the rest
                    yield f"{path}#{index}", None, f"unreadable mbox entry: {exc}"
                    continue
                item_id = f"{path}#{index}"
                for line in raw[:20000].split(b"\n"):
                    if not line.strip():
                        break
                    if line.lower().startswith(b"message-id:"):
                        item_id = line.split(b":", 1)[1].strip().decode("utf-8", "replace") or item_id
                        break
                yield item_id, raw, None
        finally:
            box.close()
        return
    yield str(path), path.read_bytes(), None


class _FilesUnlessSubcommand(click.Group):
    """``classify PATH...`` classifies files; ``classify train ...`` trains the model."""

    def parse_args(self, ctx, args):
        if not args or args[0] not in self.commands:
            args = ["files", *args]  # --help too: the formats are what most readers look for
        return super().parse_args(ctx, args)


@click.group("classify", cls=_FilesUnlessSubcommand)
def classify_group() -> None:
    """Classify messages (``topofmind classify [--me ADDRESS] PATH...``) or train the model
    (``topofmind classify train``). See ``topofmind classify files --help`` for the formats.
    A file named like a subcommand is given as ./train."""


@classify_group.command("files")
@click.option("--me", "me", multiple=True, metavar="ADDRESS",
              help="One of your own addresses (repeatable): mail from it is outgoing.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
def classify_command(me: tuple[str, ...], paths: tuple[str, ...]) -> None:
    """Classify messages and print one JSON object per message (no database needed).

    \b
    PATH is any of:
      an .eml file            id = the file's path
      a folder                every .eml file inside it (recursively)
      an mbox file            id = each message's Message-ID, else PATH#index
      a JSONL file (.jsonl)   one message per line: id, from, to, subject, date, body,
                              optional html, cc, headers (object) and ics (calendar text);
                              the line's id is kept
      -                       JSONL read from standard input

    \b
    Each output line is
      {"id", "category", "confidence", "direction", "company", "role", "job_id",
       "interview_at", "timeline_until", "reasons"}
    A line or file that cannot be read gives {"id", "category": null, "error"} and the
    rest goes on. The exit code is 0 unless nothing at all could be read.

    \b
    Example:
      topofmind classify --me me@example.com inbox.mbox sent/ extra.jsonl

    \b
    The learned model's weights ship with the package; `topofmind classify train --help`
    says how to reproduce them. A file named "train" is given as ./train.
    """
    mine = frozenset(a.strip().lower() for a in me if a.strip())
    read = 0
    for path_arg in paths:
        for item_id, raw, error in _items(path_arg):
            if error is None and raw is not None:
                try:
                    _, u = understand_bytes(raw, me=mine)
                    click.echo(json.dumps(_result(item_id, u), ensure_ascii=False))
                    read += 1
                    continue
                except ParseError as exc:
                    error = f"unreadable message: {exc.reason}"
            click.echo(json.dumps(_error(item_id, error or "unreadable"), ensure_ascii=False))
    if read == 0:
        click.echo("error: no message could be read; check the paths and formats (see --help)", err=True)
        sys.exit(1)


classify_group.add_command(train_command)
COMMANDS = [classify_group]
