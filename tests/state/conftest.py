"""Reflex states driven directly, as a crafted client could: no browser, real database and files."""

from __future__ import annotations

import asyncio
import inspect
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from reflex.app import UploadFile
from reflex.state import State
from sqlalchemy import create_engine, text
from sqlmodel import Session, SQLModel

from pengaduan_app.config import get_settings
from pengaduan_app.db import get_read_engine
from pengaduan_app.domain import performance
from pengaduan_app.domain.map_query import city_cells
from pengaduan_app.geo.fallback import ensure_fallback_areas
from pengaduan_app.geo.router import invalidate_router
from pengaduan_app.state.lang import LangState
from tests.conftest import migrate
from tests.databases import PG_URL, fresh_pg_database


@pytest.fixture(scope="session")
def state_pg_url() -> Iterator[str]:
    """One PostgreSQL database for the run's state tests, migrated once (a new database per test costs seconds)."""
    if not PG_URL:
        yield ""
        return
    with fresh_pg_database(PG_URL, prefix="pengaduan_state") as url:
        migrate(url)
        yield url


def _emptied(url: str) -> str:
    """`url` with every table emptied and every id counter restarted, as if freshly migrated; the caches the app
    keeps per database URL are dropped too."""
    tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    invalidate_router()
    city_cells.clear()
    performance._figures_cache.clear()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def state_db_url(request, tmp_path, state_pg_url) -> str:
    """An empty migrated database: SQLite, and PostgreSQL when PENGADUAN_TEST_PG_URL is set."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'state.db'}"
        migrate(url)
        return url
    if not state_pg_url:
        pytest.skip("PostgreSQL not configured (set PENGADUAN_TEST_PG_URL)")
    return _emptied(state_pg_url)


@pytest.fixture
def app_db(state_db_url, tmp_path, monkeypatch) -> Iterator[Session]:
    """Point the app's settings at a fresh database (SQLite, and PostgreSQL when configured) and data folder."""
    url = state_db_url
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("PENGADUAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    from pengaduan_app.domain.categories import ensure_categories

    with Session(get_read_engine()) as session:  # the test's own session takes no write lock while idle
        ensure_categories(session)
        ensure_fallback_areas(session)
        session.commit()
        yield session
    get_settings.cache_clear()


@pytest.fixture
def root(app_db) -> State:
    return State(_reflex_internal_init=True)


def substate(root: State, cls):
    return root.get_substate(cls.get_full_name().split(".")[1:])


def set_language(root: State, lang: str) -> None:
    substate(root, LangState).lang = lang


async def _drive(state, handler, *args):
    result = handler.fn(state, *args)
    if inspect.isasyncgen(result):
        return [item async for item in result]
    if inspect.iscoroutine(result):
        return await result
    return result


def run(state, handler, *args):
    """Call an event handler the way the server does; returns what it yielded or returned.

    The handler runs on its own event loop in a worker thread, so these tests do not
    depend on (or disturb) any loop another test's tools keep in the main thread.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _drive(state, handler, *args)).result()


CITY_VIEW = [106.6, -6.4, 107.0, -6.0]  # the whole service area, as the map frame first shows it


def open_map(state) -> None:
    """Open the map page as a browser does: the page's on-load, then the frame's first viewport message,
    which reads the list (the on-load reads only the filter options)."""
    from pengaduan_app.state.browse import BrowseState

    run(state, BrowseState.load)
    run(state, BrowseState.receive_message, {"type": "pengaduan:viewport", "bbox": CITY_VIEW, "zoom": 11})


def upload(name: str, data: bytes) -> UploadFile:
    return UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def open_page(root: State, path: str, **query: str) -> None:
    """Give the states the router data of a page load, as the browser sends it."""
    from reflex.istate.data import RouterData

    root.router_data = {"pathname": path, "asPath": path, "query": query, "headers": {}}
    root.router = RouterData.from_router_data(root.router_data)
