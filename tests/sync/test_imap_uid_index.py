"""The UID index an IMAP cursor keeps: compact, exact, and what vanished named by its key."""

from __future__ import annotations

import hashlib
import json

from sync.imap_folders import UidIndex, load_state


def key(n: int) -> str:
    return "imap:" + hashlib.blake2b(str(n).encode(), digest_size=16).hexdigest()


def test_the_index_survives_its_stored_form_with_gaps_in_the_uids():
    index = UidIndex()
    index.add({uid: key(uid) for uid in [*range(1, 500), *range(502, 900), 1000]})

    stored = json.loads(json.dumps(index.encode()))
    again = UidIndex.decode(stored)

    assert stored["uids"] == "1:499,502:899,1000"
    assert again.uids() == index.uids() and again.keys() == {key(u) for u in index.uids()}
    assert len(json.dumps(stored)) < 23 * len(again)  # about 21 bytes a message


def test_uids_no_longer_on_the_server_are_dropped_and_named_by_their_keys():
    index = UidIndex()
    index.add({uid: key(uid) for uid in range(1, 11)})

    gone = index.drop_vanished({1, 2, 3, 5, 6, 7, 8, 9})

    assert gone == [key(4), key(10)]
    assert index.uids() == [1, 2, 3, 5, 6, 7, 8, 9] and index.encode()["uids"] == "1:3,5:9"
    index.add({11: key(11), 4: key(4)})  # a UID below the highest held is not taken again
    assert index.uids()[-1] == 11 and key(4) not in index.keys()


def test_a_damaged_index_is_forgotten_rather_than_misread():
    index = UidIndex()
    index.add({1: key(1), 2: key(2)})
    stored = index.encode()
    stored["uids"] = "1:3"
    assert len(UidIndex.decode(stored)) == 0


def test_a_cursor_of_the_first_release_is_read_and_an_unreadable_one_starts_again():
    old = json.dumps({"v": 1, "folders": {"inbox": {"name": "INBOX", "last_uid": 7}}})
    assert load_state(old)["folders"]["inbox"]["last_uid"] == 7 and load_state(old)["gone"] == []
    assert load_state("not json") == {"v": 2, "folders": {}, "gone": []}
