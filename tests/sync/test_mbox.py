import json
from email import message_from_bytes

import pytest

from sync.mbox import MboxSource, gmail_thread_id, takeout_labels
from sync.protocol import CursorExpired, SourceUnavailable
from tests.sync.mailgen import generate_messages, mbox_bytes, write_mbox


def _msg(n: int, *, labels="Inbox", thrid="1790373523456789012", body="Hello there.\n",
         mid=None) -> bytes:
    mid = mid or f"<m{n}@example.org>"
    return (f"From: Dana Lee <dana@contoso.com>\nTo: sam@example.net\nSubject: note {n}\n"
            f"Message-ID: {mid}\nX-GM-THRID: {thrid}\nX-Gmail-Labels: {labels}\n"
            f"Date: Mon, 02 Mar 2026 10:00:00 +0000\n\n{body}").encode()


def _read_all(source, cursor=None):
    batches = list(source.changes(cursor))
    return [m for b in batches for m in b.messages], batches


def test_every_message_of_a_generated_mailbox_is_read_once_with_a_stable_key(tmp_path):
    path = tmp_path / "all.mbox"
    originals = list(generate_messages(300, seed=3))
    write_mbox(path, originals)
    first, batches = _read_all(MboxSource(path, batch_size=40))
    again, _ = _read_all(MboxSource(path, batch_size=7))
    assert len(first) == 300 and len({m.provider_id for m in first}) == 300
    assert [m.provider_id for m in first] == [m.provider_id for m in again]
    assert [len(b.messages) for b in batches] == [40] * 7 + [20]
    assert all(b.total == 300 for b in batches)
    # The bytes handed over are the message as written (">From " unescaped, separator removed).
    assert [m.raw for m in first] == originals


def test_resuming_from_a_batch_cursor_reads_exactly_the_rest(tmp_path):
    path = tmp_path / "a.mbox"
    write_mbox(path, generate_messages(50, seed=1))
    source = MboxSource(path, batch_size=20)
    batches = source.changes(None)
    head = next(batches)
    batches.close()
    rest, _ = _read_all(source, head.cursor)
    full, _ = _read_all(source)
    assert [m.provider_id for m in head.messages + rest] == [m.provider_id for m in full]


def test_messages_appended_later_are_read_from_the_last_cursor(tmp_path):
    path = tmp_path / "grow.mbox"
    write_mbox(path, [_msg(1), _msg(2)])
    source = MboxSource(path)
    _, batches = _read_all(source)
    with open(path, "ab") as fh:
        fh.write(mbox_bytes(_msg(3), index=3))
    new, _ = _read_all(source, batches[-1].cursor)
    assert [message_from_bytes(m.raw)["Subject"] for m in new] == ["note 3"]
    assert _read_all(source, _read_all(source, batches[-1].cursor)[1][-1].cursor)[0] == []


def test_a_replaced_or_truncated_file_expires_the_cursor(tmp_path):
    path = tmp_path / "x.mbox"
    write_mbox(path, [_msg(1), _msg(2), _msg(3)])
    source = MboxSource(path, batch_size=2)
    cursor = next(source.changes(None)).cursor
    write_mbox(path, [_msg(9)])
    with pytest.raises(CursorExpired):
        list(source.changes(cursor))
    write_mbox(path, [_msg(1), _msg(2), _msg(3)])
    offset = json.loads(cursor)["offset"]
    with open(path, "r+b") as fh:
        fh.truncate(offset - 10)
    with pytest.raises(CursorExpired):
        list(source.changes(cursor))


def test_takeout_labels_become_gmail_label_ids_and_the_thread_id_becomes_hex(tmp_path):
    path = tmp_path / "takeout.mbox"
    write_mbox(path, [_msg(1, labels='Sent,Opened,"Jobs, 2026",Category Updates'),
                      _msg(2, labels="=?UTF-8?Q?Bewerbungen_=C3=BCbersicht?=,Inbox")])
    got, _ = _read_all(MboxSource(path))
    assert got[0].labels == ("SENT", "Opened", "Jobs, 2026", "CATEGORY_UPDATES")
    assert got[1].labels == ("Bewerbungen übersicht", "INBOX")
    assert got[0].thread_id == "18d8af3bd8e80a14" == format(1790373523456789012, "x")
    assert gmail_thread_id("not a number") is None and takeout_labels(None) == ()


def test_a_body_line_starting_with_from_does_not_split_the_message(tmp_path):
    path = tmp_path / "from.mbox"
    body = "Hi,\n\nFrom what I hear, the team liked you.\n>From the archive\n"
    write_mbox(path, [_msg(1, body=body), _msg(2)])
    got, _ = _read_all(MboxSource(path))
    assert len(got) == 2
    assert message_from_bytes(got[0].raw).get_payload() == body


def test_the_same_message_in_a_later_export_keeps_its_key(tmp_path):
    first, second = tmp_path / "2025.mbox", tmp_path / "2026.mbox"
    write_mbox(first, [_msg(1, labels="Inbox"), _msg(2)])
    write_mbox(second, [_msg(0), _msg(7), _msg(1, labels="Inbox,Starred,Jobs")])
    old = {message_from_bytes(m.raw)["Subject"]: m.provider_id for m in _read_all(MboxSource(first))[0]}
    new = {message_from_bytes(m.raw)["Subject"]: m.provider_id for m in _read_all(MboxSource(second))[0]}
    assert old["note 1"] == new["note 1"]
    assert len(set(old.values()) | set(new.values())) == 4


def test_two_different_messages_sharing_a_message_id_get_different_keys(tmp_path):
    path = tmp_path / "dup.mbox"
    write_mbox(path, [_msg(1, mid="<same@x>", body="one\n"), _msg(2, mid="<same@x>", body="two\n")])
    got, _ = _read_all(MboxSource(path))
    assert got[0].provider_id != got[1].provider_id


def test_an_oversized_message_is_reported_with_its_reason_and_its_neighbours_arrive(tmp_path):
    path = tmp_path / "big.mbox"
    huge = _msg(2, body="x" * 70 + "\n" * 1) + (("y" * 99 + "\n") * 2000).encode()
    write_mbox(path, [_msg(1), huge, _msg(3)])
    got, batches = _read_all(MboxSource(path, max_message_bytes=64 * 1024))
    assert [message_from_bytes(m.raw)["Subject"] for m in got] == ["note 1", "note 3"]
    failed = [f for b in batches for f in b.failed]
    assert len(failed) == 1 and "larger than the 65536-byte limit" in failed[0][1]


def test_crlf_mailboxes_split_the_same_way(tmp_path):
    path = tmp_path / "crlf.mbox"
    data = b"".join(mbox_bytes(_msg(i), index=i).replace(b"\n", b"\r\n") for i in range(3))
    path.write_bytes(data)
    got, batches = _read_all(MboxSource(path))
    assert len(got) == 3 and batches[-1].total == 3
    assert message_from_bytes(got[2].raw)["Subject"] == "note 2"


def test_a_missing_or_foreign_file_is_a_clear_source_error(tmp_path):
    with pytest.raises(SourceUnavailable, match="not found"):
        list(MboxSource(tmp_path / "gone.mbox").changes(None))
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\n")
    with pytest.raises(SourceUnavailable, match="not an mbox"):
        list(MboxSource(notes).changes(None))


def test_broken_messages_are_recorded_with_their_reason_and_every_good_one_arrives(Session, tmp_path, now):
    from sqlalchemy import select

    from sync.engine import sync_account
    from tests.builders import make_account, make_user
    from tests.sync.mailgen import BROKEN, ME
    from topofmind.store import models

    good = list(generate_messages(40, seed=6))
    huge = _msg(99, body=("z" * 99 + "\n") * 1200)
    mixed = good[:10] + [BROKEN["empty"]] + good[10:25] + [BROKEN["nul_bytes"], huge] + good[25:]
    path = tmp_path / "broken.mbox"
    write_mbox(path, mixed)
    with Session() as s, s.begin():
        account = make_account(s, user=make_user(s, email=ME), provider="mbox", address=str(path))
        acc = account.id
    source = MboxSource(path, batch_size=8, max_message_bytes=64 * 1024)
    result = sync_account(Session, acc, source, me=frozenset({ME}), now=lambda: now)
    assert result.status == "ok" and result.counts["error"] == 2 and result.counts["failed"] == 1
    with Session() as s:
        ledger = list(s.scalars(select(models.LedgerEntry).where(models.LedgerEntry.account_id == acc)))
        assert s.get(models.MailAccount, acc).status == "active"
    errors = sorted(e.error for e in ledger if e.status == "error")
    assert len(errors) == 3 and all(errors)
    assert any("empty message" in e for e in errors)
    assert any("no headers and no readable body" in e for e in errors)
    assert any("larger than the 65536-byte limit" in e for e in errors)
    good_keys = {mm.provider_id for mm in _read_all(MboxSource(tmp_path / "good.mbox"))[0]} \
        if write_mbox(tmp_path / "good.mbox", good) else set()
    assert good_keys and good_keys == {e.provider_message_id for e in ledger if e.status == "ok"}
