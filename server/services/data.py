"""Your data: export everything stored about a user (JSON, CSV) and delete it all.

Secrets are the one thing an export leaves out: token hashes, the password hash and the
encrypted mailbox credentials (useless outside this server, harmful if the file leaks).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from topofmind.store.models import Base, Opportunity

SECRET_COLUMNS = {("api_tokens", "token_hash"), ("users", "password_hash"), ("mail_accounts", "credentials_encrypted")}
ACCOUNT_TABLES = ("users", "api_tokens")
# Lookup cards are answers computed from the rest, kept to answer faster: not data of the
# user's. Deleting the rest deletes them (topofmind/store/card_marks.py).
DERIVED_TABLES = ("card_epoch", "card_sweeps", "lookup_cards", "lookup_card_deps")
# Sign-in state (hashes of session keys and setup codes): not data, never exported; it goes
# with the account (ON DELETE CASCADE).
SIGN_IN_TABLES = ("page_sessions", "setup_codes")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _tables() -> list[Table]:
    skip = ("alembic_version", *DERIVED_TABLES, *SIGN_IN_TABLES)
    return [t for t in Base.metadata.sorted_tables if t.name not in skip]


TABLE_NAMES = tuple(t.name for t in _tables())


def _scope(table: Table, user_id: int):
    if table.name == "users":
        return table.c.id == user_id
    if "user_id" in table.c:
        return table.c.user_id == user_id
    if "opportunity_id" in table.c:
        return table.c.opportunity_id.in_(select(Opportunity.id).where(Opportunity.user_id == user_id))
    raise AssertionError(f"table {table.name} has no owner column; add it to data.py")


def _value(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return None
    return value


def rows(session: Session, user_id: int, table: Table) -> list[dict]:
    columns = [c for c in table.c if (table.name, c.name) not in SECRET_COLUMNS]
    result = session.execute(select(*columns).where(_scope(table, user_id)).order_by(*table.primary_key.columns))
    return [{k: _value(v) for k, v in row._mapping.items()} for row in result]


def export_json(session: Session, user_id: int) -> dict:
    return {table.name: rows(session, user_id, table) for table in _tables()}


def _csv(records: list[dict], table: Table) -> str:
    out = io.StringIO()
    names = [c.name for c in table.c if (table.name, c.name) not in SECRET_COLUMNS]
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(json.dumps(v) if isinstance(v, dict | list) else v) for k, v in record.items()})
    return out.getvalue()


def _cell(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_named(name: str) -> Table:
    return next(t for t in _tables() if t.name == name)


def export_csv(session: Session, user_id: int, table_name: str) -> str:
    table = table_named(table_name)
    return _csv(rows(session, user_id, table), table)


def export_zip(session: Session, user_id: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in _tables():
            archive.writestr(f"{table.name}.csv", _csv(rows(session, user_id, table), table))
    return buffer.getvalue()


def delete_all(session: Session, user_id: int, *, include_account: bool) -> dict[str, int]:
    """Delete every row of the user, children first; keep the account and tokens unless asked."""
    counts: dict[str, int] = {}
    for table in reversed(_tables()):
        if table.name in ACCOUNT_TABLES and not include_account:
            continue
        scope = _scope(table, user_id)
        counts[table.name] = session.scalar(select(func.count()).select_from(table).where(scope)) or 0
        session.execute(delete(table).where(scope))
    if not include_account:
        from topofmind.store.models import User

        user = session.get(User, user_id)
        user.settings, user.own_addresses = {}, []
    session.flush()
    return counts
