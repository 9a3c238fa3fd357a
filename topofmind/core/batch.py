"""What the messages of one sync batch share: lookups done once per batch, not per message.

A sync batch is one transaction (``sync/engine.py``). Within it, the ledger rows and the
provider threads of the whole batch come in one query each, and the threads, companies,
people and opportunities that linking finds or creates are remembered by key, so that
the next message of the same conversation, employer or contact needs no query. Holding
the rows here also keeps them in the session's identity map, which only holds weak
references: without it, a company loaded for one message is gone by the next, and
``session.get`` goes back to the database (and reloads its domains).

Rows that linking adds without flushing (opportunity contacts, interviews) are
remembered here too, and an opportunity list is kept up to date in memory (new ones
appended; stage and dates read from the objects, never from a stale ORDER BY), which is
what lets linking skip the flush before each message's lookups (``linking.py``).

New rows that nothing reads back during the batch (ledger entries, touches, audit
entries, stage changes) wait in ``pending`` and go in with one multi-row INSERT per table
at the end (``finish``): the ORM would insert them one by one to learn their ids.

Valid for one transaction only. The engine makes a new cache per batch, and none for
the savepoint-per-message replay of a failed batch, where a rolled-back savepoint would
leave rows here that the session no longer has. Nothing during a batch deletes or merges
threads, companies or people, so a remembered row stays right until the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert, inspect, select
from sqlalchemy.orm import Session, lazyload, make_transient_to_detached

from topofmind.core import models as m

LEDGER_CHUNK = 500  # keys per IN (...) query: well under every backend's parameter limit


@dataclass
class BatchCache:
    # True when made by ``load`` for a whole transaction, which a failure rolls back whole
    # (and the session with it): see ``add_now`` and ``pending``.
    whole_transaction: bool = False
    ledger: dict[str, m.LedgerEntry] = field(default_factory=dict)  # by provider message id
    threads: dict[str, m.Thread] = field(default_factory=dict)  # by provider thread key
    companies: dict[str, m.Company] = field(default_factory=dict)  # by domain
    people: dict[str, m.Person] = field(default_factory=dict)  # by lower-case address
    opportunities: dict[int, m.Opportunity] = field(default_factory=dict)  # held for session.get
    # Thread keys looked up in bulk: one of them missing from ``threads`` does not exist.
    thread_keys_loaded: set[str] = field(default_factory=set)
    # Every opportunity at a company (by company id), once asked for; new ones are appended.
    company_opportunities: dict[int, list[m.Opportunity]] = field(default_factory=dict)
    contacts: set[tuple[int, int]] = field(default_factory=set)  # (opportunity, person) known
    interviews: dict[tuple[int, datetime], m.Interview] = field(default_factory=dict)
    pending: list = field(default_factory=list)  # new rows for ``finish``, not in the session

    @classmethod
    def load(cls, session: Session, *, account: m.MailAccount, provider_ids: Iterable[str],
             thread_keys: Iterable[str] = ()) -> BatchCache:
        """A cache holding the ledger rows of these messages and these provider threads."""
        cache = cls(whole_transaction=True)
        for chunk in _chunks(provider_ids):
            for entry in session.scalars(select(m.LedgerEntry).where(
                    m.LedgerEntry.account_id == account.id,
                    m.LedgerEntry.provider_message_id.in_(chunk))):
                cache.ledger[entry.provider_message_id] = entry
        for chunk in _chunks([key[:300] for key in thread_keys if key]):
            cache.thread_keys_loaded.update(chunk)
            for thread in session.scalars(select(m.Thread).where(
                    m.Thread.account_id == account.id, m.Thread.provider_thread_id.in_(chunk))):
                cache.threads[thread.provider_thread_id] = thread
        return cache

    def opportunities_at(self, session: Session, *, user_id: int, company_id: int) -> list[m.Opportunity]:
        """This user's opportunities at the company, latest stage change first."""
        known = self.company_opportunities.get(company_id)
        if known is None:
            known = self.company_opportunities[company_id] = list(session.scalars(
                select(m.Opportunity).where(m.Opportunity.user_id == user_id,
                                            m.Opportunity.company_id == company_id)
                .order_by(m.Opportunity.stage_changed_at.desc(), m.Opportunity.id)
                .options(lazyload(m.Opportunity.company))))
            for opp in known:
                self.opportunities[opp.id] = opp
        # Sorted here, on the objects: a stage changed by an earlier message of the batch may
        # not be flushed yet (stable sort: ties keep the database's order).
        return sorted(known, key=lambda o: o.stage_changed_at, reverse=True)

    def add_now(self, session: Session, row) -> None:
        """Put a new row (every column set) in the database and the session, id known.

        In a whole transaction: one INSERT, and the row joins the session as loaded, instead
        of a flush of everything pending. Under a savepoint that is unsafe (a rolled-back
        savepoint would leave the row in the session although it is gone from the
        database): there, the usual add and flush.
        """
        if self.whole_transaction:
            row.id = insert_row(session, row)
            make_transient_to_detached(row)
            session.add(row)
        else:
            session.add(row)
            session.flush()

    def finish(self, session: Session) -> None:
        """INSERT the ``pending`` rows. Call it before the batch's transaction commits (and
        before anything reads ledger rows back with a query)."""
        groups: dict[tuple, list[dict]] = {}
        for row in self.pending:
            values = column_values(row)
            groups.setdefault((type(row), frozenset(values)), []).append(values)
        for (model, _keys), rows in groups.items():
            session.execute(insert(model.__table__), rows)
        self.pending.clear()

    def opportunity_created(self, opp: m.Opportunity) -> None:
        self.opportunities[opp.id] = opp
        if opp.company_id is not None and opp.company_id in self.company_opportunities:
            self.company_opportunities[opp.company_id].append(opp)


_COLUMNS: dict[type, list[tuple[str, str]]] = {}  # model -> (attribute, column key)


def column_values(row) -> dict:
    """The column values set on a new ORM row (those not set get the column's default)."""
    columns = _COLUMNS.get(type(row))
    if columns is None:
        columns = _COLUMNS[type(row)] = [(prop.key, prop.columns[0].key)
                                         for prop in inspect(type(row)).column_attrs]
    state = row.__dict__
    return {column: state[attr] for attr, column in columns if attr in state}


def insert_row(session: Session, row) -> int:
    """INSERT a new ORM row as it is, without a flush of the session; its primary key. The
    row itself stays out of the session."""
    # On the session's connection (same transaction) and with the values as parameters:
    # the compiled statement is cached by its columns.
    result = session.connection().execute(insert(type(row).__table__), column_values(row))
    return result.inserted_primary_key[0]


def _chunks(values: Iterable[str]) -> list[list[str]]:
    unique = list(dict.fromkeys(values))
    return [unique[i:i + LEDGER_CHUNK] for i in range(0, len(unique), LEDGER_CHUNK)]
