"""report: search for the staff queue (words in title, description, address; the reporter's contact)

SQLite: an FTS5 table over the three columns, kept in step by triggers. A later migration that rebuilds
the `report` table (batch mode "move and copy") drops those triggers: it must create them again (the statements of
`_SQLITE_TRIGGERS`) and rebuild the index. PostgreSQL: a stored generated column `search_vector` (the
`simple` text vector of the three columns, computed once per write instead of once per row searched) with
a GIN index.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 21:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, coalesce(report.title, '') || ' ' || coalesce(report.description, '')"
    " || ' ' || coalesce(report.address, ''))"
)
_COLUMNS = "title, description, address"
_NEW = "new.title, new.description, new.address"
_OLD = "old.title, old.description, old.address"
_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER report_fts_insert AFTER INSERT ON report BEGIN
        INSERT INTO report_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END""",
    f"""CREATE TRIGGER report_fts_delete AFTER DELETE ON report BEGIN
        INSERT INTO report_fts(report_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD}); END""",
    f"""CREATE TRIGGER report_fts_update AFTER UPDATE OF {_COLUMNS} ON report BEGIN
        INSERT INTO report_fts(report_fts, rowid, {_COLUMNS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO report_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END""",
)


def _normalise(contact: str) -> str | None:
    """As domain.citizens.normalise_login (copied: a migration must not change when the app does)."""
    contact = " ".join((contact or "").split())
    if not contact:
        return None
    if "@" in contact:
        return contact.lower()
    digits = "".join(ch for ch in contact if ch.isdigit() or ch == "+")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits or None


def upgrade() -> None:
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reporter_contact_key", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_report_reporter_contact_key"), ["reporter_contact_key"], unique=False)
    bind = op.get_bind()
    report = sa.table("report", sa.column("id"), sa.column("reporter_contact"), sa.column("reporter_contact_key"))
    rows = bind.execute(sa.select(report.c.id, report.c.reporter_contact).where(report.c.reporter_contact != ""))
    updates = [{"row_id": row_id, "key": _normalise(contact)} for row_id, contact in rows]
    if updates:
        by_id = report.update().where(report.c.id == sa.bindparam("row_id"))
        bind.execute(by_id.values(reporter_contact_key=sa.bindparam("key")), updates)
    if bind.dialect.name == "sqlite":
        op.execute(
            f"CREATE VIRTUAL TABLE report_fts USING fts5({_COLUMNS}, content='report', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        for statement in _SQLITE_TRIGGERS:
            op.execute(statement)
        op.execute("INSERT INTO report_fts(report_fts) VALUES ('rebuild')")
    else:
        op.execute(f"ALTER TABLE report ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_report_search ON report USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("report_fts_insert", "report_fts_delete", "report_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS report_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_report_search")
        op.execute("ALTER TABLE report DROP COLUMN IF EXISTS search_vector")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_reporter_contact_key"))
        batch_op.drop_column("reporter_contact_key")
