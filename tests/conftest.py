"""Shared fixtures: fresh migrated databases (SQLite always, PostgreSQL when configured) and settings."""

from __future__ import annotations

import os

# Cheap Argon2 parameters for the many accounts tests create (set before the app is imported).
os.environ.setdefault("PENGADUAN_PASSWORD_HASH_COST", "low")
from collections.abc import Iterator
from dataclasses import replace

import pytest
from alembic import command
from sqlmodel import Session

from pengaduan_app.cli import alembic_config
from pengaduan_app.config import Settings, get_settings
from pengaduan_app.db import make_engine
from pengaduan_app.domain.categories import ensure_categories
from pengaduan_app.geo.router import invalidate_router
from tests.databases import PG_URL, fresh_pg_database


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
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
    command.upgrade(alembic_config(url), "head")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return replace(get_settings(), data_dir=tmp_path / "data")


def _session_for(url: str) -> Iterator[Session]:
    migrate(url)
    # The test's own long-lived session must not hold SQLite's write lock between statements
    # (the app's sessions are short and start with BEGIN IMMEDIATE: see db.make_engine).
    engine = make_engine(url, immediate=False)
    invalidate_router()
    with Session(engine, expire_on_commit=False) as session:
        ensure_categories(session)
        session.commit()
        yield session
    engine.dispose()
    invalidate_router()


@pytest.fixture
def session(sqlite_url) -> Iterator[Session]:
    """A session on a fresh, migrated SQLite database with the default categories."""
    yield from _session_for(sqlite_url)


@pytest.fixture
def any_session(any_db_url) -> Iterator[Session]:
    """Like `session`, on SQLite and on PostgreSQL."""
    yield from _session_for(any_db_url)
