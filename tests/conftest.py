"""Shared fixtures: fresh migrated databases (SQLite always, PostgreSQL when configured), the app's own database
(`app_db`), settings and the one Chromium of the run."""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import tempfile

# Cheap Argon2 parameters for the many accounts tests create (set before the app is imported).
os.environ.setdefault("PENGADUAN_PASSWORD_HASH_COST", "low")
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, make_url, text
from sqlmodel import Session, SQLModel

from pengaduan_app.cli import alembic_config
from pengaduan_app.config import Settings, get_settings
from pengaduan_app.db import get_engine, get_read_engine, make_engine
from pengaduan_app.domain import performance
from pengaduan_app.domain.categories import ensure_categories, ensure_templates
from pengaduan_app.domain.map_query import city_cells
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.router import invalidate_router
from tests.databases import PG_URL, fresh_pg_database

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASES)
def any_db_url(request, tmp_path) -> Iterator[str]:
    """An empty database: SQLite, and PostgreSQL when PENGADUAN_TEST_PG_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (set PENGADUAN_TEST_PG_URL)")
    with fresh_pg_database() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One Chromium for every browser test of the run: Playwright's sync API allows one instance at a time."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch_chromium

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


def migrate(url: str) -> None:
    """The newest schema at `url`. A new SQLite file starts as a copy of one migrated once per run: alembic takes
    about a second a database, and most tests want a fresh one."""
    target = make_url(url)
    if target.get_backend_name() == "sqlite" and target.database and not Path(target.database).exists():
        shutil.copyfile(_migrated_sqlite_file(), target.database)
        return
    command.upgrade(alembic_config(url), "head")


@cache
def _migrated_sqlite_file() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="pengaduan-schema-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "migrated.db"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "head")
    with sqlite3.connect(path) as connection:  # everything in the one file that is copied
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def settings(tmp_path) -> Settings:
    return replace(get_settings(), data_dir=tmp_path / "data")


def _session_for(url: str) -> Iterator[Session]:
    """A session on the migrated database at `url`, with the default categories and templates."""
    # The test's own long-lived session must not hold SQLite's write lock between statements
    # (the app's sessions are short and start with BEGIN IMMEDIATE: see db.make_engine).
    engine = make_engine(url, immediate=False)
    invalidate_router()
    with Session(engine, expire_on_commit=False) as session:
        ensure_categories(session)
        ensure_templates(session)
        session.commit()
        yield session
    engine.dispose()
    invalidate_router()


@pytest.fixture
def session(sqlite_url) -> Iterator[Session]:
    """A session on a fresh, migrated SQLite database with the default categories."""
    migrate(sqlite_url)
    yield from _session_for(sqlite_url)


def migrated_database(kind: str, folder: Path, request: pytest.FixtureRequest) -> str:
    """A migrated database with no rows: a new SQLite file in `folder`, or the run's PostgreSQL database emptied
    (making and dropping a PostgreSQL database costs a second or more, a checkpoint each)."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'app.db'}"
        migrate(url)
        return url
    return emptied(request.getfixturevalue("shared_pg_url"))


@pytest.fixture(params=DATABASES)
def any_migrated_url(request, tmp_path) -> str:
    return migrated_database(request.param, tmp_path, request)


@pytest.fixture
def any_session(any_migrated_url) -> Iterator[Session]:
    """Like `session`, on SQLite and on PostgreSQL."""
    yield from _session_for(any_migrated_url)


@pytest.fixture(scope="session")
def shared_pg_url() -> Iterator[str]:
    """One PostgreSQL database for the run's tests of a migrated database (`app_db`, `any_session`), migrated
    once (a new database per test costs seconds); each test gets it emptied."""
    if not PG_URL:
        pytest.skip("PostgreSQL not configured (set PENGADUAN_TEST_PG_URL)")
    with fresh_pg_database(PG_URL, prefix="pengaduan_app") as url:
        migrate(url)
        yield url


def emptied(url: str) -> str:
    """`url` with every table emptied and every id counter restarted, as if freshly migrated; the caches the app
    keeps per database URL are dropped too."""
    engine = create_engine(url)
    with engine.begin() as connection:
        # A connection a test left inside a transaction would hold the tables: say so rather than hang.
        connection.execute(text("SET LOCAL lock_timeout = '20s'"))
        # DELETE, not TRUNCATE: on a test's few rows it is some fifty times faster (TRUNCATE makes new files).
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
        sequences = text("SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()")
        for (sequence,) in connection.execute(sequences).all():
            connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    engine.dispose()
    city_cells.clear()
    performance._figures_cache.clear()
    return url


@pytest.fixture
def app_db_url(request, tmp_path) -> str:
    """The database `app_db` gives the app: a fresh migrated SQLite file, or with the parameter "postgresql"
    (ON_EVERY_DATABASE) the run's PostgreSQL database, emptied."""
    return migrated_database(getattr(request, "param", "sqlite"), tmp_path, request)


# A test (or with pytestmark a module) that takes `app_db` runs on SQLite, and on PostgreSQL when configured.
ON_EVERY_DATABASE = pytest.mark.parametrize("app_db_url", DATABASES, indirect=True)


@pytest.fixture
def app_db(app_db_url, tmp_path, monkeypatch) -> Iterator[Session]:
    """The app's own settings pointed at a fresh database (default categories, the approximate kecamatan) and a
    fresh data folder, as states, API routes and the CLI read them; yields the test's own session on it."""
    with app_database(app_db_url, tmp_path / "data", monkeypatch) as session:
        yield session


@contextmanager
def app_database(url: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    """`app_db` for any scope: the app's settings on the migrated database at `url` and on `data_dir`."""
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    invalidate_router()
    with Session(get_read_engine()) as session:  # the test's own session takes no write lock while idle
        ensure_categories(session)
        ensure_templates(session)
        ensure_fallback_areas(session)
        session.commit()
        yield session
    get_engine().dispose()
    get_read_engine().dispose()
    invalidate_router()
    get_settings.cache_clear()
