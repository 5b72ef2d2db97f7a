"""Throw-away PostgreSQL databases for tests and benchmarks, made on the server PENGADUAN_TEST_PG_URL names."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("PENGADUAN_TEST_PG_URL", "")
REDIS_URL = os.environ.get("PENGADUAN_TEST_REDIS_URL", "")


def _admin(statement: str, admin_url: str) -> None:
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


@contextmanager
def fresh_pg_database(admin_url: str = PG_URL, prefix: str = "pengaduan_t") -> Iterator[str]:
    """A new, empty database on the server of `admin_url`; yields its URL and drops it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _admin(f'CREATE DATABASE "{name}"', admin_url)
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin_url)
