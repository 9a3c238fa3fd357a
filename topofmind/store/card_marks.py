"""What every write tells the lookup cards: the marks that make a card stale.

The cards themselves (reading, storing, claiming stale ones) are the server's overlay read
model, in server/cards/storage.py; this module is the store's side of them.

Why: the extension asks on every LinkedIn profile and mail thread the user opens, and the
same ones again and again. Computing an answer reads the person's or thread's history and
runs the playbook (about ten queries); a card is one indexed row. The server builds the
cards of every known profile and thread ahead (server/cards/prebuild.py), so
that even a page's first lookup is a card.

How a card stays true:

* **Its records.** A card lists the records it was computed from as short tokens
  (``deps``): ``p12`` a person, ``o3`` an opportunity, ``c7`` a company, ``t40`` a thread,
  and hashes of a LinkedIn slug, an address or a provider's thread id, which find
  records that did not exist yet. Every write marks the tokens of the rows it touches: an
  ORM flush (new rows, changed rows with their old and new values, deleted rows), a Core
  INSERT through the session (from its parameters), the batch importer's INSERTs on the
  session's connection (``note_rows``). A bulk UPDATE or DELETE marks every card (merges,
  retention, forgetting: rare), except an UPDATE of columns no card shows. When the
  transaction commits, the marked cards are made stale in it (``valid_until`` in the
  past: never served again; the server's refresher asks their questions again, see
  ``server.cards.storage.claim_stale``); a bulk statement's cards are deleted (what they show may be gone for
  good).
* **The clock.** The playbook reports until when its answer holds
  (``next_actions_until``); the card expires then, and the refresher recomputes it as it
  does a stale one. Urgency (overdue, today) is worked out at every read.
* **Races.** A lookup that reads while another transaction commits a change must not store
  what it read: every transaction that marks bumps one counter (``card_epoch``) before it
  invalidates cards, and ``server.cards.storage.store`` keeps a card only if the counter is the one seen before the
  lookup read anything, re-read under a share lock (PostgreSQL waits for a writer in
  flight) or in the INSERT itself (SQLite writes one transaction at a time).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, event, inspect, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from topofmind.store import models

MARKS = "topofmind.card_marks"
EVERYTHING = "*"
# A card is rebuilt at least this often, whatever it says: a bound on any staleness the
# rules above would miss (and the refresher's cost: every card once a day).
MAX_AGE = timedelta(days=1)
# valid_until of a stale card: expired long ago, first in the refresher's queue.
STALE = datetime(2000, 1, 1, tzinfo=UTC)
# Columns no card shows: changing only these keeps the cards (retention clears excerpts).
UNSHOWN = {"messages": frozenset({"body_excerpt", "snippet", "labels"})}
# Users: only what changes the playbook's answers or how they read.
USER_COLUMNS = frozenset({"timezone", "own_addresses", "settings", "name"})
_ACTION_KEY = re.compile(r"\.p(\d+)\.o(\d+)\.")


def _hashed(prefix: str, text: str) -> str:
    return prefix + "#" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def slug_dep(slug: str) -> str:
    return _hashed("s", slug)


def address_dep(address: str) -> str:
    return _hashed("e", address.strip().lower())


def provider_thread_dep(provider: str, provider_thread_id: str) -> str:
    return _hashed("h", f"{provider}\x1f{provider_thread_id}")


def _ids(prefix: str, *values) -> set[str]:
    return {f"{prefix}{v}" for v in values if v is not None}


def row_deps(table: str, get) -> set[str]:
    """The tokens of one row of ``table``; ``get(column)`` gives a column's value (None if unset)."""
    if table == "people":
        out = _ids("p", get("id")) | _ids("c", get("company_id"))
        if get("linkedin_slug"):
            out.add(slug_dep(get("linkedin_slug")))
        return out
    if table == "person_emails":
        return _ids("p", get("person_id")) | ({address_dep(get("address"))} if get("address") else set())
    if table == "companies":
        return _ids("c", get("id"))
    if table == "company_domains":
        return _ids("c", get("company_id"))
    if table == "opportunities":
        return _ids("o", get("id")) | _ids("c", get("company_id"))
    if table == "stage_changes":
        return _ids("o", get("opportunity_id"))
    if table == "opportunity_contacts":
        return _ids("o", get("opportunity_id")) | _ids("p", get("person_id"))
    if table == "threads":
        out = _ids("t", get("id")) | _ids("o", get("opportunity_id"))
        if get("provider") and get("provider_thread_id"):
            out.add(provider_thread_dep(get("provider"), get("provider_thread_id")))
        return out
    if table == "messages":
        return _ids("t", get("thread_id")) | _ids("p", get("person_id")) | _ids("o", get("opportunity_id"))
    if table == "interviews":
        return _ids("o", get("opportunity_id")) | _ids("p", *(get("interviewer_ids") or ()))
    if table == "touches":
        return _ids("p", get("person_id")) | _ids("o", get("opportunity_id"))
    if table == "action_states":
        found = _ACTION_KEY.search(get("action_key") or "")
        if not found:
            return {EVERYTHING}
        pid, oid = (int(x) for x in found.groups())
        return _ids("p", pid or None) | _ids("o", oid or None)
    return set()


# Deleting one of these deletes rows of tracked tables by ON DELETE CASCADE, out of sight.
CASCADING = frozenset({"mail_accounts"})
TRACKED = frozenset({"people", "person_emails", "companies", "company_domains", "opportunities", "stage_changes",
                     "opportunity_contacts", "threads", "messages", "interviews", "touches", "action_states",
                     "users"})


def note(session: Session, deps: Iterable[str]) -> None:
    """Mark these tokens: their cards turn stale when the transaction commits."""
    session.info.setdefault(MARKS, set()).update(deps)


def note_rows(session: Session, table: str, rows: Iterable[dict]) -> None:
    """Mark new rows written without the ORM (the batch importer's INSERTs)."""
    if table in TRACKED:
        for row in rows:
            note(session, row_deps(table, row.get))


# --- the listeners ----------------------------------------------------------------------

def _object_deps(obj, *, changed_only: bool) -> set[str]:
    state = inspect(obj)
    table = state.mapper.local_table.name
    if table in CASCADING:
        return {EVERYTHING} if obj in state.session.deleted else set()
    if table not in TRACKED:
        return set()
    columns = models.column_pairs(state.class_)
    # A new row's unset columns are NULL; a loaded row's missing ones were never read.
    unloaded = set() if state.key is None or obj in state.session.new else \
        {column for attr, column in columns if attr not in state.dict}
    if not changed_only:
        values = {column: state.dict.get(attr) for attr, column in columns}
        if table == "users":
            return set()  # a new user has no cards; a deleted one takes them along (cascade)
        return _known_deps(table, values, unloaded)
    new, old, changed = {}, {}, set()
    for attr, column in columns:
        history = state.attrs[attr].history
        if history.added or history.deleted:
            changed.add(column)
        current = (history.added or history.unchanged or [None])[0]
        new[column] = current
        old[column] = history.deleted[0] if history.deleted else current
    if not changed or changed <= UNSHOWN.get(table, frozenset()):
        return set()
    if table == "users":
        return {f"u{state.dict.get('id')}"} if changed & USER_COLUMNS else set()
    return _known_deps(table, new, unloaded) | _known_deps(table, old, unloaded)


def _known_deps(table: str, values: dict, unloaded: set[str]) -> set[str]:
    """``row_deps`` of a row; every card if it needs a column the session never loaded."""
    asked: set[str] = set()

    def get(column: str):
        asked.add(column)
        return values.get(column)

    deps = row_deps(table, get)
    return {EVERYTHING} if asked & unloaded else deps


def _after_flush(session: Session, _context) -> None:
    deps: set[str] = set()
    for obj in session.new:
        deps |= _object_deps(obj, changed_only=False)
    for obj in session.deleted:
        deps |= _object_deps(obj, changed_only=False)
    for obj in session.dirty:
        deps |= _object_deps(obj, changed_only=True)
    if deps:
        note(session, deps)


def _on_execute(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if state.is_delete and name in CASCADING:
        note(state.session, {EVERYTHING})
        return
    if name not in TRACKED:
        return
    statement = state.statement
    if state.is_insert:
        params = state.parameters
        rows = params if isinstance(params, list) else [params or {}]
        if getattr(statement, "_values", None) or getattr(statement, "_multi_values", None) or not any(rows):
            note(state.session, {EVERYTHING})
        else:
            note_rows(state.session, name, rows)
        return
    if state.is_update:
        values = getattr(statement, "_values", None) or {}
        columns = {getattr(c, "key", str(c)) for c in values}
        if columns and columns <= UNSHOWN.get(name, frozenset()):
            return
    note(state.session, {EVERYTHING})


def _before_commit(session: Session) -> None:
    session.flush()  # commit flushes after this hook: its rows must be marked now
    marks = session.info.pop(MARKS, None)
    if marks:
        _invalidate(session, marks)


def _after_rollback(session: Session) -> None:
    session.info.pop(MARKS, None)


def _invalidate(session: Session, marks: set[str]) -> None:
    quiet = {"synchronize_session": False}
    bumped = session.execute(update(models.CardEpoch).where(models.CardEpoch.id == 1)
                             .values(value=models.CardEpoch.value + 1).execution_options(**quiet)).rowcount
    if not bumped:
        session.execute(models.CardEpoch.__table__.insert().values(id=1, value=1))
    if EVERYTHING in marks:
        # Deleted (records may be gone for good: forgetting must not leave them in a card).
        session.execute(delete(models.LookupCard).execution_options(**quiet))
        return
    # Marked stale, not deleted: the refresher asks their questions again (see refresh).
    stale = {"valid_until": STALE, "refreshing_until": None}
    users = sorted(int(t[1:]) for t in marks if t.startswith("u") and t[1:].isdigit())
    if users:
        session.execute(update(models.LookupCard).where(models.LookupCard.user_id.in_(users))
                        .values(**stale).execution_options(**quiet))
    deps = sorted(t for t in marks if not t.startswith("u"))
    for start in range(0, len(deps), 500):
        chunk = deps[start:start + 500]
        cards = select(models.LookupCardDep.card_id).where(models.LookupCardDep.dep.in_(chunk))
        session.execute(update(models.LookupCard).where(models.LookupCard.id.in_(cards))
                        .values(**stale).execution_options(**quiet))


def epoch(session: Session) -> int:
    """Read before a lookup reads anything it may store as a card."""
    return session.execute(select(models.CardEpoch.value).where(models.CardEpoch.id == 1)).scalar() or 0


_LISTENERS = (("after_flush", _after_flush), ("do_orm_execute", _on_execute),
              ("before_commit", _before_commit), ("after_rollback", _after_rollback))


def listen() -> None:
    """Make every session mark the cards its writes touch. Called once by each entry
    point (the app factory, the CLI) before any session is used; calling it again is harmless."""
    for name, handler in _LISTENERS:
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)
