"""Uploaded mailboxes: an mbox or a Google Takeout archive, streamed to disk, imported in the background.

The request body is copied to the data directory in 1 MiB chunks (never read whole into
memory), counted against the configured limit as it arrives. What arrived is then
recognised by its first bytes: an mbox (``From `` line), a Takeout ``.zip`` or ``.tgz``
(its ``*.mbox`` members are copied out, streamed too); anything else is refused with an
error that says what a mailbox looks like, and deleted.

Each mbox becomes an ``mbox`` account (``connect_mail_account``, as every connection) and is
imported by the same path as ``topofmind import-mbox``: a lease on the account, then
``SyncWorker.sync_claimed``. Progress is the cursor's byte offset over the file size, read
from the database, so a reloaded page (or another server process) shows the same bar; an
import cut short by a restart resumes at the next visit of the Accounts page.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tarfile
import threading
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import ClientDisconnected

from sync.config import Config
from sync.daemon import SyncWorker, make_source_opener
from sync.leases import claim_due
from sync.secrets import SecretBox
from sync.sources import decrypt_credentials, encrypt_credentials
from topofmind.store import models
from topofmind.store.accounts import connect_mail_account

CHUNK = 1 << 20
NOT_A_MAILBOX = ("is not a mailbox: upload an .mbox file (it starts with a line beginning with 'From ') "
                 "or a Google Takeout archive (.zip or .tgz with Mail/*.mbox inside)")


class UploadError(ValueError):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def _utcnow() -> datetime:
    return datetime.now(UTC)


def receive(stream, *, directory: Path, limit: int, length: int | None) -> Path:
    """Copy the request body to a new file in ``directory``; 413 past ``limit`` bytes."""
    if length is not None and length > limit:
        raise UploadError(f"the file is {length / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB "
                          "(TOPOFMIND_UPLOAD_LIMIT_MB)", 413)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{uuid.uuid4().hex}.upload"
    written = 0
    try:
        with open(path, "wb") as out:
            while chunk := _read(stream):
                written += len(chunk)
                if written > limit:
                    raise UploadError(f"the file is larger than the {limit / 1e6:.0f} MB limit "
                                      "(TOPOFMIND_UPLOAD_LIMIT_MB)", 413)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    if written == 0 or (length is not None and written < length):
        path.unlink(missing_ok=True)
        raise UploadError("the upload was empty or cut short; choose the .mbox or Takeout file again")
    return path


def _read(stream) -> bytes:
    try:
        return stream.read(CHUNK)
    except ClientDisconnected:
        return b""  # counted as cut short by the caller


def _starts_like_mbox(head: bytes) -> bool:
    return head.startswith(b"From ")


def unpack(path: Path, name: str) -> list[tuple[str, Path]]:
    """(display name, mbox path) for each mailbox in the upload; the upload itself is consumed."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    label = Path(name).name or "upload"
    if _starts_like_mbox(head):
        final = path.with_suffix(".mbox")
        os.replace(path, final)
        return [(label, final)]
    found: list[tuple[str, Path]] = []
    try:
        if head.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    if not info.is_dir() and info.filename.lower().endswith(".mbox"):
                        with archive.open(info) as src:
                            found.append(_copy_member(src, path, info.filename))
        elif head.startswith(b"\x1f\x8b"):
            with tarfile.open(path, mode="r|gz") as archive:
                for member in archive:
                    if member.isfile() and member.name.lower().endswith(".mbox"):
                        src = archive.extractfile(member)
                        if src is not None:
                            found.append(_copy_member(src, path, member.name))
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, OSError) as exc:
        _discard(path, found)
        raise UploadError(f"{label} could not be read as an archive ({type(exc).__name__}); {label} "
                          + NOT_A_MAILBOX.removeprefix("is ")) from None
    path.unlink(missing_ok=True)
    good = [(n, p) for n, p in found if _mbox_file(p)]
    _discard(None, [f for f in found if f not in good])
    if not good:
        raise UploadError(f"{label} {NOT_A_MAILBOX}")
    return good


def _copy_member(src, upload: Path, member_name: str) -> tuple[str, Path]:
    target = upload.parent / f"{uuid.uuid4().hex}.mbox"
    with open(target, "wb") as out:
        shutil.copyfileobj(src, out, CHUNK)
    return Path(member_name).name, target


def _mbox_file(path: Path) -> bool:
    with open(path, "rb") as fh:
        return _starts_like_mbox(fh.read(8))


def _discard(path: Path | None, found) -> None:
    if path is not None:
        path.unlink(missing_ok=True)
    for _name, p in found:
        p.unlink(missing_ok=True)


@dataclass
class Importer:
    """Starts and watches mbox imports for the web process (one thread per file)."""

    Session: sessionmaker[Session]
    config: Config
    secrets: SecretBox

    def add(self, session: Session, *, user_id: int, name: str, path: Path, now: datetime) -> int:
        account = connect_mail_account(session, user_id=user_id, provider="mbox", address=f"upload: {name}",
                               sealed_credentials=encrypt_credentials({"path": str(path), "batch_size": 200},
                                                                      self.secrets), now=now)
        return account.id

    def start(self, account_id: int) -> bool:
        """Import in a thread if nobody holds the account; False when another worker has it."""
        worker = SyncWorker(self.Session, make_source_opener(self.Session, self.config, self.secrets),
                            f"upload:{socket.gethostname()}:{os.getpid()}")
        if not claim_due(self.Session, owner=worker.worker_id, now=_utcnow(), lease_seconds=worker.lease_seconds,
                         account_ids=[account_id], ignore_schedule=True):
            return False
        threading.Thread(target=worker.sync_claimed, args=(account_id,), daemon=True,
                         name=f"mbox-import-{account_id}").start()
        return True

    def progress(self, account: models.MailAccount) -> dict:
        """{"percent", "done", "running", "error"} from the account's cursor and file size."""
        path = Path(decrypt_credentials(account, self.secrets).get("path", ""))
        size = path.stat().st_size if path.is_file() else 0
        offset = 0
        if account.cursor:
            try:
                offset = int(json.loads(account.cursor).get("offset", 0))
            except (ValueError, AttributeError):
                offset = 0
        running = bool(account.lease_owner and account.lease_until and account.lease_until > _utcnow())
        done = size > 0 and offset >= size
        return {"account_id": account.id, "percent": 100 if done else int(100 * offset / size) if size else 0,
                "done": done, "running": running and not done, "status": account.status,
                "error": account.last_error, "name": account.address.removeprefix("upload: ")}

    def unfinished(self, session: Session, user_id: int) -> list[dict]:
        """Every uploaded mailbox of the user not yet read to its end; restarts the stalled ones."""
        out = []
        for account in session.scalars(select(models.MailAccount).where(
                models.MailAccount.user_id == user_id, models.MailAccount.provider == "mbox",
                models.MailAccount.address.startswith("upload: "))):
            state = self.progress(account)
            if state["done"] and not state["running"]:
                continue
            if not state["running"] and account.status != "error":
                state["running"] = self.start(account.id)
            out.append(state)
        return out
