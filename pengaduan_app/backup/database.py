"""The database half of a backup: a consistent copy with its row counts, and putting one back.

SQLite: the online backup API (a consistent copy while the app keeps writing). PostgreSQL:
pg_dump's custom format, taken in the same snapshot as the row counts, and pg_restore in one
transaction (it either replaces everything or nothing).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlmodel import SQLModel

from ..errors import Refused

SQLITE_FILE = "database.sqlite"
PG_FILE = "database.pgdump"


def kind_of(db_url: str) -> str:
    """ "sqlite" or "postgresql" (what a backup records and a restore must match)."""
    backend = make_url(db_url).get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise Refused("backup.error.database_unsupported", kind=backend)
    return backend


def table_names() -> list[str]:
    return [table.name for table in SQLModel.metadata.sorted_tables]


def dump(db_url: str, target_dir: Path) -> tuple[Path, dict[str, int], str]:
    """Write the database copy into `target_dir`; return its path, rows per table and schema revision."""
    if kind_of(db_url) == "sqlite":
        target = target_dir / SQLITE_FILE
        with closing(sqlite3.connect(_sqlite_path(db_url))) as live, closing(sqlite3.connect(target)) as copy:
            live.backup(copy)
        counts, revision = sqlite_facts(target)
        return target, counts, revision
    return _pg_dump(db_url, target_dir / PG_FILE)


def sqlite_facts(path: Path) -> tuple[dict[str, int], str]:
    """Rows per table and the alembic revision of a SQLite file (a damaged file raises sqlite3.DatabaseError)."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        counts = {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in table_names()}
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    return counts, revision


def restore(db_url: str, copy: Path) -> None:
    """Replace the database's whole content with `copy` (checked by the caller beforehand)."""
    if kind_of(db_url) == "sqlite":
        with closing(sqlite3.connect(copy)) as source, closing(sqlite3.connect(_sqlite_path(db_url))) as live:
            source.backup(live)
        return
    _run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges",
         "--exit-on-error", "--dbname", _libpq(db_url).render_as_string(hide_password=True), str(copy)],
        db_url,
    )  # fmt: skip


def live_facts(db_url: str) -> tuple[dict[str, int], str]:
    """Rows per table and revision of the running database (after a restore, to confirm it)."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return _facts(connection)
    finally:
        engine.dispose()


def _facts(connection) -> tuple[dict[str, int], str]:
    counts = {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in table_names()}
    return counts, connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def _pg_dump(db_url: str, target: Path) -> tuple[Path, dict[str, int], str]:
    """Counts and dump from one snapshot: the transaction exports it and pg_dump reads through it."""
    engine = create_engine(db_url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as connection, _transaction(connection):
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            counts, revision = _facts(connection)
            _run(
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                 "--file", str(target), "--dbname", _libpq(db_url).render_as_string(hide_password=True)],
                db_url,
            )  # fmt: skip
    finally:
        engine.dispose()
    return target, counts, revision


@contextmanager
def _transaction(connection) -> Iterator[None]:
    transaction = connection.begin()
    try:
        yield
    finally:
        transaction.rollback()  # read only: nothing to keep


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Refused("backup.error.pg_tool_missing", tool=name)
    return path


def _run(argv: list[str], db_url: str) -> None:
    """Run a PostgreSQL tool with the password in its environment, never on its command line."""
    env = dict(os.environ)
    password = make_url(db_url).password
    if password:
        env["PGPASSWORD"] = str(password)
    finished = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        raise Refused("backup.error.pg_tool_failed", tool=Path(argv[0]).name, detail=finished.stderr.strip()[-500:])


def _libpq(db_url: str) -> URL:
    """The SQLAlchemy URL as libpq reads it (no +driver), without the password."""
    return make_url(db_url).set(drivername="postgresql", password=None)


def _sqlite_path(db_url: str) -> str:
    database = make_url(db_url).database
    if not database or database == ":memory:":
        raise Refused("backup.error.database_unsupported", kind="sqlite in memory")
    return database
