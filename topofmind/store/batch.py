"""What the messages of one sync batch share: lookups done once per batch, not per message.

A sync batch is one transaction (``sync/engine.py``). Within it, the ledger rows and the
provider threads of the whole batch come in one query each, and the threads, companies,
people and opportunities that linking finds or creates are remembered by key, so that
the next message of the same conversation, employer or contact needs no query. Holding
the rows here also keeps them in the session's identity map, which only holds weak
references: without it, a company loaded for one message is gone by the next, and
``session.get`` goes back to the database (and reloads its domains).

Rows that linking adds without flushing (interviews, opportunity contacts) are remembered
here too, and an opportunity list is kept up to date in memory (new ones appended; stage
and dates read from the objects, never from a stale ORDER BY), which is what lets linking
skip the flush before each message's lookups (``linking.py``). The people, companies and
opportunities that the batch's messages name are looked up together before the first of
them is linked (``prefetch``).

New rows that nothing reads back during the batch (ledger entries, touches, audit
entries, stage changes) wait in ``pending`` and go in with one multi-row INSERT per table
at the end (``finish``): the ORM would insert them one by one to learn their ids. So do
the new threads (``new_threads``; what needs a new thread's id, its messages and audit
entries, gets it there), the job messages themselves (``defer_message``; the lookups that
may need one of them before then, by Message-ID or provider id, ask ``messages_by_rfc``
and ``messages_by_provider_id`` first) and the opportunity contacts (``new_contacts``: one
query for those that exist already, instead of one per contact).

Valid for one transaction only. The engine makes a new cache per batch, and none for
the savepoint-per-message replay of a failed batch, where a rolled-back savepoint would
leave rows here that the session no longer has. Nothing during a batch deletes or merges
threads, companies or people, so a remembered row stays right until the commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, bindparam, func, insert, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, lazyload, make_transient_to_detached

from topofmind.store import card_marks
from topofmind.store import models

LEDGER_CHUNK = 500  # keys per IN (...) query: well under every backend's parameter limit


@dataclass
class BatchCache:
    # True when made by ``load`` for a whole transaction, which a failure rolls back whole
    # (and the session with it): see ``add_now`` and ``pending``.
    whole_transaction: bool = False
    ledger: dict[str, models.LedgerEntry] = field(default_factory=dict)  # by provider message id
    threads: dict[str, models.Thread] = field(default_factory=dict)  # by provider thread key
    companies: dict[str, models.Company] = field(default_factory=dict)  # by domain
    # By lower-case address; None: looked up (``prefetch``) and not there.
    people: dict[str, models.Person | None] = field(default_factory=dict)
    # Parsed and understood ahead (``ingest.prepare_batch``): provider id -> (raw, digest,
    # (parsed, understanding) or the exception that parsing or understanding raised).
    understood: dict[str, tuple] = field(default_factory=dict)
    opportunities: dict[int, models.Opportunity] = field(default_factory=dict)  # held for session.get
    # Thread keys looked up in bulk: one of them missing from ``threads`` does not exist.
    thread_keys_loaded: set[str] = field(default_factory=set)
    # Every opportunity at a company (by company id), once asked for; new ones are appended.
    company_opportunities: dict[int, list[models.Opportunity]] = field(default_factory=dict)
    contacts: set[tuple[int, int]] = field(default_factory=set)  # (opportunity, person) known
    interviews: dict[tuple[int, datetime], models.Interview] = field(default_factory=dict)
    pending: list = field(default_factory=list)  # new rows for ``finish``, not in the session
    # Threads created by the batch, not inserted yet (id None), and the audit entries about them.
    new_threads: list[models.Thread] = field(default_factory=list)
    thread_entries: list[tuple[models.AuditEntry, models.Thread]] = field(default_factory=list)
    # Linked job messages for ``finish``, each with its thread and the rows that need its id.
    messages: list[tuple[models.Message, models.Thread, list]] = field(default_factory=list)
    messages_by_rfc: dict[str, tuple[models.Message, models.Thread]] = field(default_factory=dict)  # the first
    messages_by_provider_id: dict[str, models.Message] = field(default_factory=dict)
    # (opportunity id, person id, role) to insert at ``finish`` unless the pair exists.
    new_contacts: list[tuple[int, int, str]] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session, *, account: models.MailAccount, provider_ids: Iterable[str],
             thread_keys: Iterable[str] = ()) -> BatchCache:
        """A cache holding the ledger rows of these messages and these provider threads."""
        cache = cls(whole_transaction=True)
        for chunk in _chunks(provider_ids):
            for entry in session.scalars(_by_keys(session, models.LedgerEntry.provider_message_id,
                                                  account.id, chunk)):
                cache.ledger[entry.provider_message_id] = entry
        for chunk in _chunks([key[:300] for key in thread_keys if key]):
            cache.thread_keys_loaded.update(chunk)
            for thread in session.scalars(_by_keys(session, models.Thread.provider_thread_id, account.id,
                                                   chunk)):
                cache.threads[thread.provider_thread_id] = thread
        return cache

    def prefetch(self, session: Session, *, user_id: int, addresses: Iterable[str],
                 domains: Iterable[str], company_names: Iterable[str]) -> None:
        """Look up together the people, companies and opportunities that the batch's messages
        name (``ingest.prepare_batch``), instead of one query per address or company later.

        ``addresses``: lower-case; each one looked up and not found is remembered as ``None``
        in ``people``, which linking (the only writer of people during a batch) keeps up to
        date. ``domains``: usable company domains; ``company_names``: normalised names, for
        mail that names its employer only in its text. A company found here is what
        ``find_or_create_company`` would find and remember; one not found is looked up again
        there (it is about to be created, which is rare).
        """
        for chunk in _chunks(a for a in addresses if a not in self.people):
            self.people.update(dict.fromkeys(chunk))
            for person, address in session.execute(
                    select(models.Person, models.PersonEmail.address)
                    .join(models.PersonEmail, models.PersonEmail.person_id == models.Person.id)
                    .where(models.PersonEmail.user_id == user_id, models.PersonEmail.address.in_(_padded(chunk)))
                    .options(lazyload(models.Person.emails))):
                self.people[address] = person
        companies: dict[int, models.Company] = {}
        for chunk in _chunks(d for d in domains if d not in self.companies):
            for company, domain in session.execute(
                    select(models.Company, models.CompanyDomain.domain)
                    .join(models.CompanyDomain, models.CompanyDomain.company_id == models.Company.id)
                    .where(models.CompanyDomain.user_id == user_id,
                           models.CompanyDomain.domain.in_(_padded(chunk)))):
                self.companies[domain] = companies[company.id] = company
        for chunk in _chunks(n for n in company_names if f"name:{n}" not in self.companies):
            # The first by id, as find_or_create_company's own query takes it.
            for company in session.scalars(
                    select(models.Company).where(models.Company.user_id == user_id,
                                            models.Company.normalized_name.in_(_padded(chunk)))
                    .order_by(models.Company.id)):
                self.companies.setdefault(f"name:{company.normalized_name}", company)
                companies[company.id] = company
        wanted = [c for c in companies if c not in self.company_opportunities]
        for chunk in _chunks(wanted):
            for company_id in chunk:
                self.company_opportunities[company_id] = []
            for opp in session.scalars(_opportunities_query(user_id, chunk)):
                self.company_opportunities[opp.company_id].append(opp)
                self.opportunities[opp.id] = opp

    def opportunities_at(self, session: Session, *, user_id: int, company_id: int) -> list[models.Opportunity]:
        """This user's opportunities at the company, latest stage change first."""
        known = self.company_opportunities.get(company_id)
        if known is None:
            known = self.company_opportunities[company_id] = list(session.scalars(
                _opportunities_query(user_id, [company_id])))
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

    def new_thread(self, session: Session, thread: models.Thread) -> None:
        """A new thread (every column set). In a whole transaction ``finish`` inserts it, and
        its id is None until then; otherwise as ``add_now``."""
        if self.whole_transaction:
            self.new_threads.append(thread)
        else:
            self.add_now(session, thread)

    def about_thread(self, entry: models.AuditEntry, thread: models.Thread) -> models.AuditEntry:
        """An audit entry about ``thread``, whose id ``finish`` fills in if it is new."""
        if thread.id is None:
            self.thread_entries.append((entry, thread))
        return entry

    def defer_message(self, message: models.Message, thread: models.Thread, after: list) -> None:
        """Keep a linked message (every column set, not in the session) for ``finish``;
        ``after``: the rows that point at it, which get its id then."""
        self.messages.append((message, thread, after))
        self.messages_by_provider_id[message.provider_message_id] = message
        if message.rfc_message_id:
            self.messages_by_rfc.setdefault(message.rfc_message_id, (message, thread))

    def referenced(self, refs: list[str]) -> list[tuple[models.Message, models.Thread]]:
        """The batch's messages not inserted yet that have one of these Message-IDs, with
        their threads."""
        if not self.messages_by_rfc:
            return []
        return [self.messages_by_rfc[r] for r in refs if r in self.messages_by_rfc]

    def finish(self, session: Session) -> None:
        """INSERT the deferred messages, contacts and ``pending`` rows. Call it before the
        batch's transaction commits (and before anything reads them back with a query)."""
        self._insert_threads(session)
        self._insert_messages(session)
        self._insert_contacts(session)
        for (model, _keys), rows in _groups(self.pending):
            session.execute(insert(model.__table__), rows)
        self.pending.clear()

    def _insert_threads(self, session: Session) -> None:
        if self.new_threads:
            # Not added to the session: nothing in this transaction changes them any more.
            ids = _insert_returning(session, models.Thread.__table__.c.provider_thread_id, self.new_threads)
            for thread in self.new_threads:
                thread.id = ids[thread.provider_thread_id]
        for entry, thread in self.thread_entries:
            entry.entity_id = thread.id
        self.new_threads.clear()
        self.thread_entries.clear()

    def _insert_messages(self, session: Session) -> None:
        if not self.messages:
            return
        for message, thread, _ in self.messages:
            message.thread_id = thread.id
        ids = _insert_returning(session, models.Message.__table__.c.provider_message_id,
                                [message for message, _, _ in self.messages])
        for message, _, after in self.messages:
            message.id = ids[message.provider_message_id]
            for row in after:
                row.message_id = message.id
                # An interview may change again (a later invitation adds its interviewer):
                # the ORM's, like interviews loaded from the database.
                if isinstance(row, models.Interview):
                    session.add(row)
                else:
                    self.pending.append(row)
        self.messages.clear()
        self.messages_by_rfc.clear()
        self.messages_by_provider_id.clear()

    def _insert_contacts(self, session: Session) -> None:
        if not self.new_contacts:
            return
        oc = models.OpportunityContact
        existing: set[tuple[int, int]] = set()
        # By opportunity (indexed; an opportunity has a few contacts), not by pair.
        for chunk in _chunks(opp_id for opp_id, _, _ in self.new_contacts):
            existing.update((opp_id, person_id) for opp_id, person_id in session.execute(
                select(oc.opportunity_id, oc.person_id).where(oc.opportunity_id.in_(_padded(chunk)))))
        rows = [{"opportunity_id": opp_id, "person_id": person_id, "role": role}
                for opp_id, person_id, role in self.new_contacts if (opp_id, person_id) not in existing]
        if rows:
            session.execute(insert(oc.__table__), rows)
        self.new_contacts.clear()

    def opportunity_created(self, opp: models.Opportunity) -> None:
        self.opportunities[opp.id] = opp
        if opp.company_id is not None and opp.company_id in self.company_opportunities:
            self.company_opportunities[opp.company_id].append(opp)


def _by_keys(session: Session, key, account_id: int, keys: list[str]):
    """The account's rows (ledger entries, threads) whose ``key`` is one of ``keys``.

    On PostgreSQL as a join with ``unnest(:keys)``: psycopg prepares a statement run this
    often, and the generic plan of ``key IN ($2, ..., $201)`` on a table without statistics
    yet (a first import) scans the account's rows comparing each with every key, 20-40 ms
    per batch at a few thousand rows and growing; the join hashes the keys instead.
    """
    model = key.class_
    if session.get_bind().dialect.name != "postgresql":
        return select(model).where(model.account_id == account_id, key.in_(_padded(keys)))
    wanted = func.unnest(bindparam("keys", keys, type_=ARRAY(String))).table_valued("key") \
        .render_derived(name="wanted")
    return select(model).join(wanted, key == wanted.c.key).where(model.account_id == account_id)


def _opportunities_query(user_id: int, company_ids: list[int]):
    return (select(models.Opportunity).where(models.Opportunity.user_id == user_id,
                                        models.Opportunity.company_id.in_(_padded(company_ids)))
            .order_by(models.Opportunity.stage_changed_at.desc(), models.Opportunity.id)
            .options(lazyload(models.Opportunity.company)))


def column_values(row) -> dict:
    """The column values set on a new ORM row (those not set get the column's default)."""
    state = row.__dict__
    return {column: state[attr] for attr, column in models.column_pairs(type(row)) if attr in state}


def _groups(rows: Iterable) -> list[tuple[tuple, list[dict]]]:
    """Rows by (model, columns set): one executemany each (the columns must agree)."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        values = column_values(row)
        groups.setdefault((type(row), frozenset(values)), []).append(values)
    return list(groups.items())


def _insert_returning(session: Session, key, rows: list) -> dict:
    """INSERT new ORM rows of one model, in order, as multi-row INSERTs (SQLAlchemy's
    "insertmanyvalues": the ids grow in the rows' order, as they would one by one); their
    ids by ``key``, a column unique among them, so that nothing relies on the order in
    which RETURNING gives the ids back."""
    table = key.table
    stmt = insert(table).returning(table.c.id, key)
    ids: dict = {}
    for _group, values in _groups(rows):
        for run in _runs(values):
            ids.update((value, row_id) for row_id, value in session.connection().execute(stmt, run))
        # On the connection, out of the session's sight: the cards built from them must know.
        card_marks.note_rows(session, table.name, ({**v, "id": ids.get(v.get(key.key))} for v in values))
    return ids


def insert_row(session: Session, row) -> int:
    """INSERT a new ORM row as it is, without a flush of the session; its primary key. The
    row itself stays out of the session."""
    # On the session's connection (same transaction) and with the values as parameters:
    # the compiled statement is cached by its columns.
    values = column_values(row)
    result = session.connection().execute(insert(type(row).__table__), values)
    row_id = result.inserted_primary_key[0]
    card_marks.note_rows(session, type(row).__table__.name, [{**values, "id": row_id}])
    return row_id


# The SQL text of a multi-row INSERT or of an IN list depends on how many rows or values it
# has, and the drivers keep the texts they saw (sqlite3: the last 128 prepared statements,
# each holding its parameters; psycopg prepares the frequent ones): with any count the
# import's memory grew with every batch. Only powers of two keep the texts few.

def _runs(rows: list) -> list[list]:
    """``rows`` in order, cut into runs of 128, 64, ..., 1 rows."""
    runs, start, size = [], 0, 128
    while start < len(rows):
        while size > len(rows) - start:
            size //= 2
        runs.append(rows[start:start + size])
        start += size
    return runs


def _padded(values: list) -> list:
    """An IN list padded to a power of two with its last value (the same rows match)."""
    size = 1
    while size < len(values):
        size *= 2
    return values + values[-1:] * (size - len(values))


def _chunks(values: Iterable) -> list[list]:
    unique = list(dict.fromkeys(values))
    return [unique[i:i + LEDGER_CHUNK] for i in range(0, len(unique), LEDGER_CHUNK)]
