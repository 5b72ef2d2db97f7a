"""The database engine and sessions, shared by pages, API, CLI and tests.

The transaction rule: the outermost caller (a state handler, an API route, a CLI command, a channel webhook)
opens the unit of work with `session_scope()` and it commits once, at the end; domain functions take that
session, flush when they need ids, and never commit. One user action is one transaction. Effects that must
wait for the commit (e-mail, cache invalidation) hang on the session with `after_commit`; files written for
the unit (photos) are removed again by `after_rollback` if it does not commit. A refusal that is itself a record
(a failed sign-in counts towards the limit) sets `Refused.recorded`: the scope commits it and re-raises. Paths
that only read use `read_scope()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from .config import get_settings
from .errors import Refused


def make_engine(url: str, *, immediate: bool = True) -> Engine:
    """An engine. SQLite gets WAL, a busy timeout and foreign keys, and (with `immediate`) its transactions
    start with BEGIN IMMEDIATE: a writer takes the write lock up front and others wait for it (busy timeout)
    instead of failing with "database is locked" when a read transaction tries to become a write.
    Without `immediate` (long reads) the driver's default stays: reads take no lock at all."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        if immediate:
            dbapi_connection.isolation_level = None  # the "begin" listener below issues BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    if immediate:

        @event.listens_for(engine, "begin")
        def _begin(connection):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@lru_cache(maxsize=8)
def _engine_for(url: str, immediate: bool = True) -> Engine:
    return make_engine(url, immediate=immediate)


def get_engine() -> Engine:
    return _engine_for(get_settings().db_url)


def get_read_engine() -> Engine:
    """For long reads (exports, map and dashboard queries): on SQLite they must not hold the write lock."""
    return _engine_for(get_settings().db_url, immediate=False)


@contextmanager
def read_scope() -> Iterator[Session]:
    """A session for reading only; nothing it does is committed."""
    with Session(get_read_engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except Refused as refusal:
            if refusal.recorded:
                session.commit()
            else:
                session.rollback()
            raise
        except BaseException:
            session.rollback()
            raise


def after_commit(session: Session, effect: Callable[[], None]) -> None:
    """Run `effect` once the session's transaction has committed; never if it rolls back."""
    event.listen(session, "after_commit", lambda _session: effect(), once=True)


def after_rollback(session: Session, effect: Callable[[], None]) -> None:
    """Run `effect` when the session's current (outermost) transaction ends without committing."""
    transaction = session.get_transaction() or session.begin()
    outcome: list[str] = []
    event.listen(session, "after_commit", lambda _session: outcome.append("committed"), once=True)

    def ended(_session: Session, ending) -> None:
        if ending is transaction and not outcome:
            outcome.append("rolled back")
            effect()

    event.listen(session, "after_transaction_end", ended)
