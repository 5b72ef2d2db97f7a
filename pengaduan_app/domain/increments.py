"""Adding amounts to rows of a running-total table, creating the rows on first use: one INSERT ... ON
CONFLICT DO UPDATE for all of them (SQLite and PostgreSQL), each amount added to what the row holds, so
concurrent writers cannot lose an update."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def add_amounts(session: Session, table: Table, key_names: tuple[str, ...], rows: list[dict]) -> None:
    """Add each row's amounts (every column not in `key_names`) to the row with its key.

    Rows are written in key order, so transactions touching the same rows lock them in the same order.
    """
    if not rows:
        return
    amount_names = [name for name in rows[0] if name not in key_names]
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table)
    statement = statement.on_conflict_do_update(
        index_elements=list(key_names),
        set_={name: table.c[name] + statement.excluded[name] for name in amount_names},
    )
    ordered = sorted(rows, key=lambda row: tuple(row[name] for name in key_names))
    session.connection().execute(statement, ordered)
