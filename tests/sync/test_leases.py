import threading
from datetime import timedelta

from sqlalchemy import func, select

from sync.engine import sync_account
from sync.leases import claim_due, release, release_all, renew
from sync.protocol import Batch
from tests.builders import make_account, make_user
from tests.sync.mailgen import generate_messages
from topofmind.mail.raw import RawMessage
from topofmind.store import models


def _accounts(Session, n, **fields):
    ids = []
    with Session() as s, s.begin():
        user = make_user(s)
        for i in range(n):
            acct = make_account(s, user=user, address=f"box{i}@example.net")
            for key, value in fields.items():
                setattr(acct, key, value)
            ids.append(acct.id)
    return ids


def test_a_claimed_account_is_not_given_to_another_worker_until_its_lease_expires(Session, now):
    (acc,) = _accounts(Session, 1)
    assert claim_due(Session, owner="w1", now=now, lease_seconds=60) == [acc]
    assert claim_due(Session, owner="w2", now=now + timedelta(seconds=59), lease_seconds=60) == []
    # w1 crashed: once the lease is over, w2 takes the account over.
    assert claim_due(Session, owner="w2", now=now + timedelta(seconds=61), lease_seconds=60) == [acc]
    with Session() as s:
        account = s.get(models.MailAccount, acc)
        assert account.lease_owner == "w2" and account.lease_until == now + timedelta(seconds=121)
    assert not renew(Session, acc, owner="w1", now=now, lease_seconds=60)
    assert not release(Session, acc, owner="w1")
    assert renew(Session, acc, owner="w2", now=now + timedelta(seconds=100), lease_seconds=60)
    assert release(Session, acc, owner="w2")
    assert claim_due(Session, owner="w3", now=now, lease_seconds=60) == [acc]


def test_only_due_syncable_accounts_are_claimed_most_overdue_first(Session, now):
    later, reconnect, disabled, overdue, never = _accounts(Session, 5)
    with Session() as s, s.begin():
        s.get(models.MailAccount, later).next_run_at = now + timedelta(minutes=5)
        s.get(models.MailAccount, reconnect).status = "needs_reconnect"
        s.get(models.MailAccount, disabled).status = "disabled"
        s.get(models.MailAccount, overdue).next_run_at = now - timedelta(hours=1)
    assert claim_due(Session, owner="w", now=now, lease_seconds=60, limit=10) == [never, overdue]
    # --once ignores the schedule but never another worker's live lease.
    assert claim_due(Session, owner="w", now=now, lease_seconds=60, account_ids=[later],
                     ignore_schedule=True) == [later]
    assert claim_due(Session, owner="x", now=now, lease_seconds=60, account_ids=[later],
                     ignore_schedule=True) == []
    assert release_all(Session, owner="w") == 3


def test_racing_workers_claim_every_account_exactly_once(Session, now):
    ids = _accounts(Session, 40)
    won: dict[str, list[int]] = {f"w{i}": [] for i in range(6)}
    start = threading.Barrier(len(won))

    def worker(name):
        start.wait()
        while got := claim_due(Session, owner=name, now=now, lease_seconds=600):
            won[name].extend(got)

    threads = [threading.Thread(target=worker, args=(name,)) for name in won]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    claimed = [i for got in won.values() for i in got]
    assert sorted(claimed) == sorted(ids)
    with Session() as s:
        owners = dict(s.execute(select(models.MailAccount.id, models.MailAccount.lease_owner)).all())
    assert all(owners[i] == name for name, got in won.items() for i in got)


class _TwoBatches:
    provider = "fake"

    def __init__(self, on_first_batch):
        self.on_first_batch = on_first_batch

    def changes(self, cursor):
        raws = list(generate_messages(4, seed=2))
        yield Batch(messages=[RawMessage(f"a{i}", r) for i, r in enumerate(raws[:2])], cursor="2")
        self.on_first_batch()
        yield Batch(messages=[RawMessage(f"b{i}", r) for i, r in enumerate(raws[2:])], cursor="4")


def test_a_worker_that_lost_its_lease_cannot_commit_over_the_new_owner(Session, now):
    (acc,) = _accounts(Session, 1)
    claim_due(Session, owner="slow", now=now, lease_seconds=30)

    def taken_over():
        # "slow" stalled past its lease; "fast" took the account over.
        later = now + timedelta(seconds=600)
        assert claim_due(Session, owner="fast", now=later, lease_seconds=30) == [acc]

    result = sync_account(Session, acc, _TwoBatches(taken_over), me=frozenset(), now=lambda: now,
                          lease_owner="slow", lease_seconds=30)
    assert result.status == "lease_lost"
    with Session() as s:
        account = s.get(models.MailAccount, acc)
        assert account.cursor == "2" and account.lease_owner == "fast"
        assert s.scalar(select(func.count()).select_from(models.LedgerEntry)) == 2
